//! The harmonic as a validated aggregation type.

use super::means;
use super::plan::{Checks, builtin_aggregator};

/// Weighted harmonic mean `1 / Σ (w̃ⱼ / xⱼ)` (Hardy, Littlewood & Pólya 1934, the p = −1 power mean). A
/// non-positive present value is a run-time [`InvalidValue`](crate::CompositeError::InvalidValue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Harmonic;

builtin_aggregator!(Harmonic, "harmonic", Checks::ALL, monotone: true, row_wise: true,
    |_m, input, scores, present| means::harmonic(input, scores, present));
