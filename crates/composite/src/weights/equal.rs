//! Equal weights: the validated type [`Equal`].

use super::{Weigher, check_children, normalise_weights};
use crate::Result;

/// Equal weights `w_j = 1/n` for the `n` children of a node (OECD/JRC Handbook 2008, section 6.1: the
/// most common choice, "all variables are given the same weight"). Parameterless; ignores the data and
/// the nominal weights (only their count).
///
/// ```
/// use mfg_quality_composite::weights::{Equal, Weigher};
/// assert_eq!(Equal.weigh(&[], 0, &[0.7, 0.3], "pillar").unwrap(), vec![0.5, 0.5]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Equal;

impl Weigher for Equal {
    fn name(&self) -> &'static str {
        "equal"
    }

    fn is_data_driven(&self) -> bool {
        false
    }

    /// # Errors
    /// [`crate::CompositeError::InvalidWeights`] when the node has no children.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), false, data, n_rows, nominal, node)?;
        normalise_weights(&vec![1.0 / n as f64; n], n, node)
    }
}
