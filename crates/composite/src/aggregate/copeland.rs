//! The Copeland count as a validated aggregation type; kernel in [`outranking`].

use super::outranking;
use super::plan::{Checks, builtin_aggregator};

/// See [`Aggregation::Copeland`](super::Aggregation::Copeland) and [`outranking`] for the formula
/// and references. Parameterless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Copeland;

builtin_aggregator!(Copeland, "copeland", Checks::ALL, monotone: false, row_wise: false,
    |_m, input, scores, present| outranking::copeland(input, scores, present));
