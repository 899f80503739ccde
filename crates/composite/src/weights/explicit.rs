//! Explicit (framework) weights: the validated type [`Explicit`].

use super::{Weigher, check_children, normalise_weights};
use crate::Result;

/// The framework's nominal weights of a node's children, scaled to sum 1: `w_j = ν_j / Σ_k ν_k`
/// (OECD/JRC Handbook 2008, section 6.1: weights from expert opinion or policy). Parameterless: the
/// weights come with the framework, so a negative, non-finite or zero-sum set is a run-time
/// [`crate::CompositeError::InvalidWeights`] naming the node. The default weighting.
///
/// ```
/// use mfg_quality_composite::weights::{Explicit, Weigher};
/// assert_eq!(Explicit.weigh(&[], 0, &[7.0, 3.0], "pillar").unwrap(), vec![0.7, 0.3]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Explicit;

impl Weigher for Explicit {
    fn name(&self) -> &'static str {
        "explicit"
    }

    fn is_data_driven(&self) -> bool {
        false
    }

    /// # Errors
    /// [`crate::CompositeError::InvalidWeights`] for no children or nominal weights that are negative,
    /// not finite or sum to 0.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), false, data, n_rows, nominal, node)?;
        normalise_weights(nominal, n, node)
    }
}
