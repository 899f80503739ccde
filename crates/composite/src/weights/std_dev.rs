//! Standard-deviation weights: the validated type [`StdDev`] and its kernel [`std_dev_weights`].

use mfg_quality_indicators::stats::{self, VarianceKind};

use super::{
    Weigher, check_children, check_matrix, column, normalise_weights, to_weights, with_node,
};
use crate::Result;

/// Standard-deviation weights of a node's children, [`std_dev_weights`] of their normalised columns:
/// `w_j = σ_j / Σ_k σ_k`, σ the sample standard deviation (OECD/JRC Handbook 2008). Parameterless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct StdDev;

impl Weigher for StdDev {
    fn name(&self) -> &'static str {
        "std_dev"
    }

    /// # Errors
    /// Those of [`std_dev_weights`], naming `node`; a data length other than `n_rows × nominal.len()`.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), true, data, n_rows, nominal, node)?;
        let w = std_dev_weights(data, n_rows).map_err(|e| with_node(e, node))?;
        normalise_weights(&w, n, node)
    }
}

/// Standard-deviation weights: `w_j = σ_j / Σ_k σ_k`, σ the sample standard deviation (Handbook 2008 and
/// pymcdm `standard_deviation_weights`, which use it on normalised data).
///
/// # Errors
/// As [`critic_weights`](super::critic_weights); [`CompositeError::InvalidWeights`](crate::CompositeError::InvalidWeights) when every column is constant.
pub fn std_dev_weights(data: &[f64], n_rows: usize) -> Result<Vec<f64>> {
    let p = check_matrix("standard-deviation weights", data, n_rows)?;
    if p == 1 {
        return Ok(vec![1.0]);
    }
    let s = (0..p)
        .map(|j| stats::std_dev(column(data, n_rows, j), VarianceKind::Sample))
        .collect();
    to_weights("standard-deviation weights", s, "every column is constant")
}
