//! Angle weights (pymcdm `angle_weights`).

use super::{
    Weigher, check_children, check_matrix, column, normalise_weights, require_positive, to_weights,
    with_node,
};
use crate::Result;

/// Angle weights of a node's children, [`angle_weights`] of their columns. Parameterless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Angle;

impl Weigher for Angle {
    fn name(&self) -> &'static str {
        "angle"
    }

    /// # Errors
    /// Those of [`angle_weights`], naming `node`.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), true, data, n_rows, nominal, node)?;
        let w = angle_weights(data, n_rows).map_err(|e| with_node(e, node))?;
        normalise_weights(&w, n, node)
    }
}

/// Angle weights (pymcdm 1.4 `angle_weights`; Shuai et al. 2012): each column sum-normalised,
/// `v = x / Σx`, and weighted by its angle to the uniform column,
/// `θ_j = arccos( (v · u) / (‖v‖ ‖u‖) ) = arccos( 1 / (√n ‖v‖) )` with `u` constant; `w_j = θ_j / Σ θ`.
/// A constant column has angle 0.
///
/// ```
/// use mfg_quality_composite::weights::angle_weights;
/// let w = angle_weights(&[2.0, 2.0, 2.0, 1.0, 2.0, 6.0], 3)?;
/// assert!(w[0].abs() < 1e-7 && (w[1] - 1.0).abs() < 1e-7);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
///
/// # Errors
/// [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue) for a non-finite or
/// non-positive value (the sum normalisation needs positive values, as in pymcdm);
/// [`CompositeError::InvalidWeights`](crate::CompositeError::InvalidWeights) when every column is
/// constant.
pub fn angle_weights(data: &[f64], n_rows: usize) -> Result<Vec<f64>> {
    const METHOD: &str = "angle weights";
    let p = check_matrix(METHOD, data, n_rows)?;
    require_positive(
        METHOD,
        data,
        n_rows,
        "angle weights need strictly positive values",
    )?;
    let sqrt_n = (n_rows as f64).sqrt();
    let theta = (0..p)
        .map(|j| {
            let x = column(data, n_rows, j);
            let total: f64 = x.iter().sum();
            let norm = x
                .iter()
                .map(|v| (v / total) * (v / total))
                .sum::<f64>()
                .sqrt();
            // rounding can put the cosine a hair above 1 for a constant column
            (1.0 / (sqrt_n * norm)).min(1.0).acos()
        })
        .collect();
    to_weights(METHOD, theta, "every column is constant")
}
