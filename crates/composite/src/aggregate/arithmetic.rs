//! The arithmetic as a validated aggregation type.

use super::means;
use super::plan::{Checks, builtin_aggregator};

/// Weighted arithmetic mean `Σ w̃ⱼ xⱼ` over the present children (Handbook 2008, §6.1; linear, fully
/// compensatory). Parameterless; see [`means`] for the kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Arithmetic;

builtin_aggregator!(Arithmetic, "arithmetic", Checks { check_complete: false, verifies_complete_output: true }, monotone: true, row_wise: true,
    |_m, input, scores, present| means::arithmetic(input, scores, present));
