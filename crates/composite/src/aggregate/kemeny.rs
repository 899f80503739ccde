//! The Condorcet–Kemeny ranking as a validated aggregation type; kernel in [`outranking`].

use super::outranking::{self, KEMENY_DEFAULT_LIMIT, KEMENY_HARD_LIMIT};
use super::plan::{Checks, builtin_aggregator};
use crate::{CompositeError, Result};

/// Condorcet–Kemeny ranking (Kemeny 1959; Munda & Nardo 2009), exact search over orders, for at most
/// `max_units` units. Built with [`Kemeny::new`], which checks `1 ≤ max_units ≤ KEMENY_HARD_LIMIT`; more
/// units than `max_units` is a run-time [`TooLarge`](CompositeError::TooLarge).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Kemeny {
    max_units: usize,
}

impl Default for Kemeny {
    /// The default limit (10 units).
    fn default() -> Self {
        Kemeny {
            max_units: KEMENY_DEFAULT_LIMIT,
        }
    }
}

impl Kemeny {
    /// A Kemeny ranking accepting at most `max_units` units.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] (`max_units`) outside `1..=KEMENY_HARD_LIMIT`.
    pub fn new(max_units: usize) -> Result<Kemeny> {
        if max_units == 0 || max_units > KEMENY_HARD_LIMIT {
            return Err(CompositeError::InvalidParameter {
                method: "kemeny",
                parameter: "max_units",
                reason: format!(
                    "{max_units} is not in 1..={KEMENY_HARD_LIMIT} (the exact search is O(2^n n^2))"
                ),
            });
        }
        Ok(Kemeny { max_units })
    }

    /// The largest number of units accepted.
    pub fn max_units(&self) -> usize {
        self.max_units
    }
}

builtin_aggregator!(Kemeny, "kemeny", Checks::ALL, monotone: false, row_wise: false,
    |m, input, scores, present| outranking::kemeny_scores(input, m.max_units, scores, present));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_limit() {
        for n in [0, KEMENY_HARD_LIMIT + 1] {
            assert!(matches!(
                Kemeny::new(n),
                Err(CompositeError::InvalidParameter {
                    parameter: "max_units",
                    ..
                })
            ));
        }
        assert_eq!(Kemeny::new(3).map(|k| k.max_units()).ok(), Some(3));
    }
}
