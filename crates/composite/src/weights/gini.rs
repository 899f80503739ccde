//! Gini-coefficient weights (pymcdm `gini_weights`).

use super::{
    Weigher, check_children, check_matrix, column, normalise_weights, require_positive, to_weights,
    with_node,
};
use crate::Result;

/// Gini weights of a node's children, [`gini_weights`] of their columns. Parameterless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Gini;

impl Weigher for Gini {
    fn name(&self) -> &'static str {
        "gini"
    }

    /// # Errors
    /// Those of [`gini_weights`], naming `node`.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), true, data, n_rows, nominal, node)?;
        let w = gini_weights(data, n_rows).map_err(|e| with_node(e, node))?;
        normalise_weights(&w, n, node)
    }
}

/// Gini weights (pymcdm 1.4 `gini_weights`; Li, Ren et al. 2016): `w_j = G_j / Σ_k G_k` with
/// `G_j = Σ_a Σ_b |x_aj − x_bj| / (2 n² x̄_j)` the Gini coefficient of column j — more unequal criteria
/// discriminate more. Computed from the sorted column, `Σ_a Σ_b |x_a − x_b| = 2 Σ_k (2k − n − 1) x_(k)`,
/// in O(n log n) instead of pymcdm's O(n²).
///
/// ```
/// use mfg_quality_composite::weights::gini_weights;
/// let w = gini_weights(&[1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 4.0], 4)?;
/// assert_eq!(w, vec![0.0, 1.0]); // an equal column has Gini 0
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
///
/// # Errors
/// [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue) for a non-finite or
/// non-positive value (the mean divides, and a Gini coefficient needs non-negative data);
/// [`CompositeError::TooFew`](crate::CompositeError::TooFew) for fewer than 2 rows;
/// [`CompositeError::InvalidWeights`](crate::CompositeError::InvalidWeights) when every column is
/// constant.
pub fn gini_weights(data: &[f64], n_rows: usize) -> Result<Vec<f64>> {
    const METHOD: &str = "gini weights";
    let p = check_matrix(METHOD, data, n_rows)?;
    super::merec::need_rows(METHOD, n_rows)?;
    require_positive(
        METHOD,
        data,
        n_rows,
        "Gini weights need strictly positive values",
    )?;
    let n = n_rows as f64;
    let mut sorted = vec![0.0; n_rows];
    let g = (0..p)
        .map(|j| {
            sorted.copy_from_slice(column(data, n_rows, j));
            sorted.sort_by(f64::total_cmp);
            let (mut s, mut total) = (0.0, 0.0);
            for (k, &v) in sorted.iter().enumerate() {
                s += (2.0 * (k + 1) as f64 - n - 1.0) * v;
                total += v;
            }
            // 2 s / (2 n² mean) = s / (n · total)
            s / (n * total)
        })
        .collect();
    to_weights(METHOD, g, "every column is constant")
}
