//! Coefficient-of-variation weights: the validated type [`CoefficientOfVariation`] and its kernel
//! [`cv_weights`].

use mfg_quality_indicators::stats::{self, VarianceKind};

use super::{
    Weigher, check_children, check_matrix, column, normalise_weights, to_weights, with_node,
};
use crate::{CompositeError, Result};

/// Coefficient-of-variation weights of a node's children, [`cv_weights`] of their normalised columns:
/// `v_j = σ_j / |x̄_j|`, `w_j = v_j / Σ_k v_k` (sample σ). Parameterless; a column with zero mean is a
/// run-time [`CompositeError::ZeroMean`] naming the node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CoefficientOfVariation;

impl Weigher for CoefficientOfVariation {
    fn name(&self) -> &'static str {
        "coefficient_of_variation"
    }

    /// # Errors
    /// Those of [`cv_weights`] ([`CompositeError::ZeroMean`] for a zero-mean column), naming `node`; a
    /// data length other than `n_rows × nominal.len()`.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), true, data, n_rows, nominal, node)?;
        let w = cv_weights(data, n_rows).map_err(|e| with_node(e, node))?;
        normalise_weights(&w, n, node)
    }
}

/// Coefficient-of-variation weights: `v_j = σ_j / |x̄_j|`, `w_j = v_j / Σ_k v_k` (sample σ; the absolute
/// mean keeps the weight non-negative for negative-valued columns).
///
/// # Errors
/// [`CompositeError::ZeroMean`] for a column with zero mean; otherwise as [`std_dev_weights`](super::std_dev_weights).
pub fn cv_weights(data: &[f64], n_rows: usize) -> Result<Vec<f64>> {
    let p = check_matrix("coefficient-of-variation weights", data, n_rows)?;
    let mut v = Vec::with_capacity(p);
    for j in 0..p {
        let col = column(data, n_rows, j);
        let m = stats::mean(col);
        if m == 0.0 {
            return Err(CompositeError::ZeroMean {
                method: "coefficient-of-variation weights",
                node: "<matrix>".into(),
                indicator: j.to_string(),
            });
        }
        v.push(stats::std_dev(col, VarianceKind::Sample) / m.abs());
    }
    if p == 1 {
        return Ok(vec![1.0]);
    }
    to_weights(
        "coefficient-of-variation weights",
        v,
        "every column is constant",
    )
}
