//! The [`Aggregator`] trait, the validated [`AggregatorPlan`] and the shared driver that checks the input
//! (shapes, weights, finiteness, missing policy) and the outputs (no NaN or ±Inf) around each method's
//! kernel.

use super::{AggregationContext, AggregatorPlan, Input, MissingPolicy, all_finite};
use crate::{CompositeError, Result};

/// An aggregation method whose parameters have been validated: one compute call into caller-owned
/// buffers, plus the properties the pipeline's fused engine queries.
///
/// The arguments of [`Aggregator::aggregate_into`] are those of [`Aggregation::aggregate_into`](super::Aggregation::aggregate_into): `data`
/// column-major (`n_rows` units × `weights.len()` children), `mask` the presence of each cell (or empty
/// for "all present"), one non-negative weight per child, the missing policy, names for errors, and output
/// buffers of length `n_rows`. Only data-dependent conditions are errors here.
pub trait Aggregator: Send + Sync + std::fmt::Debug {
    /// A short name for outputs and errors (e.g. `topsis`).
    fn name(&self) -> &'static str;

    /// Aggregates the children of every unit into `scores` / `present` (module docs of
    /// [`aggregate`](super)).
    #[allow(clippy::too_many_arguments)] // the buffers are the point of this call
    fn aggregate_into(
        &self,
        data: &[f64],
        mask: &[bool],
        n_rows: usize,
        weights: &[f64],
        missing: MissingPolicy,
        ctx: &AggregationContext,
        scores: &mut [f64],
        present: &mut [bool],
    ) -> Result<()>;

    /// Whether the score of a unit is non-decreasing in each of its own inputs, whatever the other units'
    /// values (see [`Aggregation::is_monotone`](super::Aggregation::is_monotone)). Default `false`.
    fn is_monotone(&self) -> bool {
        false
    }

    /// Whether the score of a unit depends only on its own inputs (see [`Aggregation::is_unitwise`](super::Aggregation::is_unitwise)).
    /// Default `false`.
    fn is_unitwise(&self) -> bool {
        false
    }

    /// Whether the method is row-wise in the strict sense the fused engine needs: each unit's score is
    /// computed from its row only, in a fixed column order, so that aggregating any block of rows gives
    /// the same bits, and every score and presence flag of the output is written. Default `false`.
    fn is_row_wise(&self) -> bool {
        false
    }
}

impl Aggregator for AggregatorPlan {
    fn name(&self) -> &'static str {
        self.as_dyn().name()
    }

    fn aggregate_into(
        &self,
        data: &[f64],
        mask: &[bool],
        n_rows: usize,
        weights: &[f64],
        missing: MissingPolicy,
        ctx: &AggregationContext,
        scores: &mut [f64],
        present: &mut [bool],
    ) -> Result<()> {
        self.as_dyn()
            .aggregate_into(data, mask, n_rows, weights, missing, ctx, scores, present)
    }

    fn is_monotone(&self) -> bool {
        self.as_dyn().is_monotone()
    }

    fn is_unitwise(&self) -> bool {
        self.as_dyn().is_unitwise()
    }

    fn is_row_wise(&self) -> bool {
        self.as_dyn().is_row_wise()
    }
}

/// How the driver treats a method's input and output.
#[derive(Clone, Copy)]
pub(crate) struct Checks {
    /// `false` when the kernel checks the finiteness (and domain) of complete input in its own pass.
    pub check_complete: bool,
    /// `true` when the kernel has checked its scores of complete input in its own pass.
    pub verifies_complete_output: bool,
}

impl Checks {
    /// The driver checks everything.
    pub const ALL: Checks = Checks {
        check_complete: true,
        verifies_complete_output: false,
    };
}

/// Checks the input, runs `kernel`, then guarantees that no score is NaN or ±Inf.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run(
    method: &'static str,
    checks: Checks,
    data: &[f64],
    mask: &[bool],
    n_rows: usize,
    weights: &[f64],
    missing: MissingPolicy,
    ctx: &AggregationContext,
    scores: &mut [f64],
    present: &mut [bool],
    kernel: impl FnOnce(&Input<'_>, &mut [f64], &mut [bool]) -> Result<()>,
) -> Result<()> {
    let input = Input::with_check(
        method,
        data,
        mask,
        n_rows,
        weights,
        missing,
        ctx,
        checks.check_complete,
    )?;
    for buf_len in [scores.len(), present.len()] {
        if buf_len != n_rows {
            return Err(CompositeError::DimensionMismatch {
                method,
                what: "output buffer",
                expected: n_rows,
                got: buf_len,
            });
        }
    }
    // A kernel's overflow of finite input (its `Numerical` error after a complete pass) names the first
    // unit whose score overflows.
    kernel(&input, scores, present).map_err(|e| match e {
        CompositeError::Numerical { method, reason }
            if reason.contains("overflows") && !all_finite(scores) =>
        {
            let i = scores.iter().position(|v| !v.is_finite()).unwrap_or(0);
            overflow(method, ctx, i)
        }
        e => e,
    })?;
    // Guarantee: no NaN or ±Inf in any output (finite inputs can still overflow, e.g. sums near f64::MAX).
    let verified = checks.verifies_complete_output && input.mask.is_none();
    if !verified && !all_finite(scores) {
        for i in 0..n_rows {
            if scores[i].is_finite() {
                continue;
            }
            if present[i] {
                return Err(overflow(method, ctx, i));
            }
            scores[i] = 0.0;
        }
    }
    Ok(())
}

/// Implements [`Aggregator`] for a built-in type: name, driver checks, kernel call and properties.
macro_rules! builtin_aggregator {
    (
        $t:ty, $name:expr, $checks:expr,
        monotone: $mono:expr, row_wise: $row:expr,
        |$s:ident, $input:ident, $scores:ident, $present:ident| $kernel:expr
    ) => {
        impl $crate::aggregate::Aggregator for $t {
            fn name(&self) -> &'static str {
                $name
            }

            fn aggregate_into(
                &self,
                data: &[f64],
                mask: &[bool],
                n_rows: usize,
                weights: &[f64],
                missing: $crate::aggregate::MissingPolicy,
                ctx: &$crate::aggregate::AggregationContext,
                scores: &mut [f64],
                present: &mut [bool],
            ) -> $crate::Result<()> {
                let $s = self;
                $crate::aggregate::plan::run(
                    $name,
                    $checks,
                    data,
                    mask,
                    n_rows,
                    weights,
                    missing,
                    ctx,
                    scores,
                    present,
                    |$input, $scores, $present| $kernel,
                )
            }

            fn is_monotone(&self) -> bool {
                $mono
            }

            fn is_unitwise(&self) -> bool {
                $mono
            }

            fn is_row_wise(&self) -> bool {
                $row
            }
        }
    };
}
pub(crate) use builtin_aggregator;

/// [`CompositeError::Overflow`] of the score of unit `i`.
fn overflow(method: &'static str, ctx: &AggregationContext, i: usize) -> CompositeError {
    CompositeError::Overflow {
        method,
        what: "the score (a weighted sum or power of the children)".into(),
        unit: ctx.unit(i),
        indicator: ctx.node.to_string(),
        period: ctx.period,
    }
}

#[cfg(test)]
mod tests {
    use super::super::Aggregation;
    use super::*;

    #[test]
    fn properties_match_the_config_enum() {
        for key in [
            "arithmetic",
            "geometric",
            "harmonic",
            "power:3",
            "mpi",
            "ampi",
            "owa:0.2",
            "topsis",
            "vikor",
            "copras",
            "waspas:0.3",
            "wpm",
            "aras",
            "edas",
            "mabac",
            "moora",
            "moora:reference_point",
            "multimoora",
            "cocoso:0.7",
            "borda",
            "copeland",
            "kemeny",
            "promethee_ii:linear:0.05:0.3",
            "spotis",
            "codas",
            "marcos",
            "mairca",
            "ocra",
        ] {
            let agg = Aggregation::from_key(key, "n").unwrap();
            let plan = AggregatorPlan::try_from(&agg).unwrap();
            assert_eq!(plan.is_row_wise(), agg.is_weighted_mean(), "{key}");
            assert_eq!(plan.is_monotone(), agg.is_monotone(), "{key}");
            assert_eq!(plan.is_unitwise(), agg.is_unitwise(), "{key}");
            assert_eq!(plan.name(), agg.name(), "{key}");
        }
    }
}
