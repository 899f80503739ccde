//! The geometric as a validated aggregation type.

use super::means;
use super::plan::{Checks, builtin_aggregator};

/// Weighted geometric mean `Π xⱼ^w̃ⱼ` (Handbook 2008, §6.2; HDI since 2010). A non-positive present value
/// is a run-time [`InvalidValue`](crate::CompositeError::InvalidValue). Parameterless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Geometric;

builtin_aggregator!(Geometric, "geometric", Checks { check_complete: false, verifies_complete_output: false }, monotone: true, row_wise: true,
    |_m, input, scores, present| means::geometric(input, scores, present));
