//! CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995): the validated type [`Critic`] and its
//! kernel [`critic_weights`].

use super::{Weigher, check_children, check_matrix, normalise_weights, to_weights, with_node};
use crate::Result;

/// CRITIC weights of a node's children, [`critic_weights`] of their normalised columns:
/// `C_j = σ_j Σ_k (1 − r_jk)`, `w_j = C_j / Σ_k C_k` (Diakoulaki, Mavrotas & Papayannakis 1995,
/// "Determining objective weights in multiple criteria problems: the CRITIC method", Computers & OR
/// 22(7)). Parameterless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Critic;

impl Weigher for Critic {
    fn name(&self) -> &'static str {
        "critic"
    }

    /// # Errors
    /// Those of [`critic_weights`], naming `node`; a data length other than `n_rows × nominal.len()`.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), true, data, n_rows, nominal, node)?;
        let w = critic_weights(data, n_rows).map_err(|e| with_node(e, node))?;
        normalise_weights(&w, n, node)
    }
}

/// CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995, "Determining objective weights in multiple
/// criteria problems: the CRITIC method", Computers & OR 22(7)): `C_j = σ_j Σ_k (1 − r_jk)`,
/// `w_j = C_j / Σ_k C_k`, with σ the sample standard deviation and r Pearson's correlation (a constant
/// column has σ = 0, hence C = 0). Diakoulaki et al. apply it to min-max normalised data.
///
/// # Errors
/// [`CompositeError::InvalidParameter`](crate::CompositeError::InvalidParameter)/[`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue) for a bad matrix;
/// [`CompositeError::InvalidWeights`](crate::CompositeError::InvalidWeights) when every `C_j` is 0 (e.g. all columns constant or perfectly
/// correlated).
pub fn critic_weights(data: &[f64], n_rows: usize) -> Result<Vec<f64>> {
    let p = check_matrix("CRITIC weights", data, n_rows)?;
    if p == 1 {
        return Ok(vec![1.0]);
    }
    // The covariance matrix through blocked matrix products (`crate::covariance`): r_jk = cov_jk/(σ_j σ_k);
    // a constant column has σ = 0, hence r = 0 with every other column (the convention of
    // `stats::pearson`).
    let cols: Vec<&[f64]> = data.chunks(n_rows).collect();
    let mo = crate::covariance::moments(&cols, n_rows);
    let sd: Vec<f64> = (0..p)
        .map(|j| if n_rows > 1 { mo.sd(j) } else { 0.0 })
        .collect();
    let conflict: Vec<f64> = (0..p)
        .map(|j| {
            (0..p)
                .filter(|&k| k != j)
                .map(|k| 1.0 - mo.correlation(j, k).unwrap_or(0.0))
                .sum()
        })
        .collect();
    let c: Vec<f64> = sd
        .iter()
        .zip(&conflict)
        .map(|(s, q)| (s * q).max(0.0))
        .collect();
    to_weights(
        "CRITIC weights",
        c,
        "every column has zero information (constant or perfectly correlated)",
    )
}
