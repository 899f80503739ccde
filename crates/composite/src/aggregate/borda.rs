//! The Borda count as a validated aggregation type; kernel in [`outranking`].

use super::outranking;
use super::plan::{Checks, builtin_aggregator};

/// See [`Aggregation::Borda`](super::Aggregation::Borda) and [`outranking`] for the formula
/// and references. Parameterless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Borda;

builtin_aggregator!(Borda, "borda", Checks::ALL, monotone: false, row_wise: false,
    |_m, input, scores, present| outranking::borda(input, scores, present));
