//! Stage 5, weighting: weights of the children of a framework node (OECD/JRC Handbook 2008, section 1.6 and
//! chapter 6).
//!
//! | method | module | definition |
//! |---|---|---|
//! | equal, explicit | here | `1/n`; the framework's weights normalised to sum 1 |
//! | AHP | [`ahp`](mod@ahp) | principal eigenvector of a pairwise matrix (Saaty 1980), CI, CR, Harker completion |
//! | entropy, CRITIC, sd, CV | [`objective`] | Shannon entropy; Diakoulaki et al. 1995; σ; σ/\|x̄\| |
//! | PCA / factor analysis | [`factor`] | Nicoletti et al. 2000, as the Handbook |
//! | benefit of the doubt | [`bod`] | per-unit LP weights (Cherchye et al. 2007) — not a node weight vector |
//!
//! Every [`Weighting::compute`] result is non-negative and sums to 1 (within rounding).

pub mod ahp;
pub mod bod;
pub mod factor;
pub mod objective;

use serde::{Deserialize, Serialize};

pub use ahp::{AhpResult, PairwiseMatrix, RandomIndexTable, ahp};
pub use bod::{BodBounds, BodResult, benefit_of_the_doubt};
pub use factor::{PcaWeighting, PcaWeights, Rotation, pca_weights};
pub use objective::{critic_weights, cv_weights, entropy_weights, std_dev_weights};

use crate::{CompositeError, Result};

/// How the children of a node are weighted. JSON: `{"method": "entropy"}`,
/// `{"method": "ahp", "matrix": [[1, 3], [0.3333, 1]], "random_index": "saaty1980"}`.
///
/// ```
/// use mfg_quality_composite::weights::Weighting;
/// // two children, 3 units, column-major data
/// let data = [0.0, 0.5, 1.0, 0.2, 0.2, 0.3];
/// let w = Weighting::Equal.compute(&data, 3, &[0.7, 0.3], "pillar").unwrap();
/// assert_eq!(w, vec![0.5, 0.5]);
/// let w = Weighting::Explicit.compute(&data, 3, &[7.0, 3.0], "pillar").unwrap();
/// assert_eq!(w, vec![0.7, 0.3]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Weighting {
    /// Equal weights `1/n`.
    Equal,
    /// The framework's (nominal) weights, normalised to sum 1. The default.
    #[default]
    Explicit,
    /// AHP priorities of a complete pairwise comparison matrix (rows in child order).
    Ahp {
        /// The pairwise matrix, by rows.
        matrix: Vec<Vec<f64>>,
        /// Random Index table for the CR (a diagnostic).
        #[serde(default)]
        random_index: RandomIndexTable,
    },
    /// AHP priorities of an incomplete pairwise matrix (`null` = missing), completed by Harker's method.
    AhpIncomplete {
        /// The pairwise matrix, by rows, `None` where missing.
        matrix: Vec<Vec<Option<f64>>>,
        /// Random Index table for the CR.
        #[serde(default)]
        random_index: RandomIndexTable,
    },
    /// Shannon-entropy weights ([`entropy_weights`]).
    Entropy,
    /// CRITIC weights ([`critic_weights`]).
    Critic,
    /// Standard-deviation weights ([`std_dev_weights`]).
    StdDev,
    /// Coefficient-of-variation weights ([`cv_weights`]).
    CoefficientOfVariation,
    /// PCA / factor-analysis weights ([`pca_weights`]).
    Pca {
        /// Retention rule and rotation.
        #[serde(default, flatten)]
        settings: PcaWeighting,
    },
}

/// Checks weights (finite, non-negative, positive sum, expected count) and scales them to sum 1.
///
/// # Errors
/// [`CompositeError::InvalidWeights`] naming `node` and the reason.
pub fn normalise_weights(weights: &[f64], expected: usize, node: &str) -> Result<Vec<f64>> {
    let err = |reason: String| CompositeError::InvalidWeights {
        node: node.to_string(),
        reason,
    };
    if weights.len() != expected {
        return Err(err(format!(
            "{} weights for {expected} children",
            weights.len()
        )));
    }
    if let Some((j, w)) = weights
        .iter()
        .enumerate()
        .find(|(_, w)| !w.is_finite() || **w < 0.0)
    {
        return Err(err(format!("weight {j} = {w} is negative or not finite")));
    }
    let s: f64 = weights.iter().sum();
    if s <= 0.0 || !s.is_finite() {
        return Err(err(format!("the weights sum to {s}")));
    }
    Ok(weights.iter().map(|w| w / s).collect())
}

fn with_node(e: CompositeError, node: &str) -> CompositeError {
    match e {
        CompositeError::InvalidWeights { reason, .. } => CompositeError::InvalidWeights {
            node: node.to_string(),
            reason,
        },
        CompositeError::ZeroMean { method, column, .. } => CompositeError::ZeroMean {
            method,
            node: node.to_string(),
            column,
        },
        CompositeError::InvalidPairwiseMatrix { reason, .. } => {
            CompositeError::InvalidPairwiseMatrix {
                node: Some(node.to_string()),
                reason,
            }
        }
        e => e,
    }
}

impl Weighting {
    /// Cheap name for outputs, e.g. `"entropy"`.
    pub fn name(&self) -> &'static str {
        match self {
            Weighting::Equal => "equal",
            Weighting::Explicit => "explicit",
            Weighting::Ahp { .. } => "ahp",
            Weighting::AhpIncomplete { .. } => "ahp_incomplete",
            Weighting::Entropy => "entropy",
            Weighting::Critic => "critic",
            Weighting::StdDev => "std_dev",
            Weighting::CoefficientOfVariation => "coefficient_of_variation",
            Weighting::Pca { .. } => "pca",
        }
    }

    /// Whether the weights depend on the data (so they must be recomputed when the data change).
    pub fn is_data_driven(&self) -> bool {
        !matches!(
            self,
            Weighting::Equal
                | Weighting::Explicit
                | Weighting::Ahp { .. }
                | Weighting::AhpIncomplete { .. }
        )
    }

    /// The full AHP result (priorities, λmax, CI, CR, `consistent`) of an `Ahp`/`AhpIncomplete` weighting,
    /// for reporting the consistency diagnostic that [`Weighting::compute`] does not return; `None` for the
    /// other methods.
    ///
    /// # Errors
    /// As [`Weighting::compute`] for AHP (malformed matrix, RI table without an entry for n).
    pub fn ahp_result(&self, node: &str) -> Result<Option<AhpResult>> {
        let (m, table) = match self {
            Weighting::Ahp {
                matrix,
                random_index,
            } => (PairwiseMatrix::new(matrix.clone()), *random_index),
            Weighting::AhpIncomplete {
                matrix,
                random_index,
            } => (PairwiseMatrix::incomplete(matrix.clone()), *random_index),
            _ => return Ok(None),
        };
        let m = m.map_err(|e| with_node(e, node))?;
        Ok(Some(ahp(&m, table)?))
    }

    /// Weights of the `n_cols` children of `node` from their (normalised, complete) column-major data
    /// `data` (`n_rows × n_cols`, `n_cols = nominal.len()`); `nominal` = the framework's child weights (used
    /// by `Explicit`; its length fixes `n_cols`). Returns weights summing to 1. Methods that ignore the data
    /// (equal, explicit, AHP) accept an empty `data`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidWeights`] (negative/zero-sum nominal weights, degenerate data),
    /// [`CompositeError::InvalidPairwiseMatrix`] (AHP matrix malformed or of the wrong size),
    /// [`CompositeError::ZeroMean`] (CV), and the errors of the data-driven methods — all naming `node`
    /// where they carry a node.
    pub fn compute(
        &self,
        data: &[f64],
        n_rows: usize,
        nominal: &[f64],
        node: &str,
    ) -> Result<Vec<f64>> {
        let n = nominal.len();
        if n == 0 {
            return Err(CompositeError::InvalidWeights {
                node: node.to_string(),
                reason: "no children to weight".into(),
            });
        }
        if self.is_data_driven() && data.len() != n * n_rows {
            return Err(CompositeError::InvalidParameter {
                method: self.name(),
                parameter: "data",
                reason: format!(
                    "`{node}`: {} values for {n_rows} rows × {n} children",
                    data.len()
                ),
            });
        }
        let w = match self {
            Weighting::Equal => vec![1.0 / n as f64; n],
            Weighting::Explicit => return normalise_weights(nominal, n, node),
            Weighting::Ahp {
                matrix,
                random_index,
            } => {
                let m = PairwiseMatrix::new(matrix.clone()).map_err(|e| with_node(e, node))?;
                ahp_for(&m, *random_index, n, node)?
            }
            Weighting::AhpIncomplete {
                matrix,
                random_index,
            } => {
                let m =
                    PairwiseMatrix::incomplete(matrix.clone()).map_err(|e| with_node(e, node))?;
                ahp_for(&m, *random_index, n, node)?
            }
            Weighting::Entropy => entropy_weights(data, n_rows).map_err(|e| with_node(e, node))?,
            Weighting::Critic => critic_weights(data, n_rows).map_err(|e| with_node(e, node))?,
            Weighting::StdDev => std_dev_weights(data, n_rows).map_err(|e| with_node(e, node))?,
            Weighting::CoefficientOfVariation => {
                cv_weights(data, n_rows).map_err(|e| with_node(e, node))?
            }
            Weighting::Pca { settings } => {
                pca_weights(data, n_rows, settings)
                    .map_err(|e| with_node(e, node))?
                    .weights
            }
        };
        normalise_weights(&w, n, node)
    }
}

fn ahp_for(m: &PairwiseMatrix, table: RandomIndexTable, n: usize, node: &str) -> Result<Vec<f64>> {
    if m.n() != n {
        return Err(CompositeError::InvalidPairwiseMatrix {
            node: Some(node.to_string()),
            reason: format!(
                "the matrix is {0} × {0} but the node has {n} children",
                m.n()
            ),
        });
    }
    Ok(ahp(m, table)?.priorities)
}
