//! Variance weights (pymcdm `variance_weights`).

use mfg_quality_indicators::stats::{self, VarianceKind};

use super::{
    Weigher, check_children, check_matrix, column, normalise_weights, to_weights, with_node,
};
use crate::Result;

/// Variance weights of a node's children, [`variance_weights`] of their columns. Parameterless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Variance;

impl Weigher for Variance {
    fn name(&self) -> &'static str {
        "variance"
    }

    /// # Errors
    /// Those of [`variance_weights`], naming `node`.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), true, data, n_rows, nominal, node)?;
        let w = variance_weights(data, n_rows).map_err(|e| with_node(e, node))?;
        normalise_weights(&w, n, node)
    }
}

/// Variance weights (pymcdm 1.4 `variance_weights`; Rao & Patel 2010): each column min-max normalised to
/// [0, 1], then `w_j = s²_j / Σ_k s²_k` with `s²` the sample variance. A constant column gets weight 0
/// (its normalised variance is 0; pymcdm returns NaN there).
///
/// ```
/// use mfg_quality_composite::weights::variance_weights;
/// // column 0 spread evenly, column 1 concentrated at its ends: column 1 weighs more
/// let w = variance_weights(&[0.0, 1.0, 2.0, 3.0, 0.0, 0.0, 3.0, 3.0], 4)?;
/// assert!(w[1] > w[0] && (w[0] + w[1] - 1.0).abs() < 1e-15);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
///
/// # Errors
/// [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue) for a non-finite value;
/// [`CompositeError::TooFew`](crate::CompositeError::TooFew) for fewer than 2 rows;
/// [`CompositeError::InvalidWeights`](crate::CompositeError::InvalidWeights) when every column is
/// constant.
pub fn variance_weights(data: &[f64], n_rows: usize) -> Result<Vec<f64>> {
    const METHOD: &str = "variance weights";
    let p = check_matrix(METHOD, data, n_rows)?;
    super::merec::need_rows(METHOD, n_rows)?;
    let v = (0..p)
        .map(|j| {
            let x = column(data, n_rows, j);
            let (lo, hi) = x
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                });
            let r = hi - lo;
            if r > 0.0 && r.is_finite() {
                let y: Vec<f64> = x.iter().map(|v| (v - lo) / r).collect();
                stats::variance(&y, VarianceKind::Sample)
            } else {
                0.0
            }
        })
        .collect();
    to_weights(METHOD, v, "every column is constant")
}
