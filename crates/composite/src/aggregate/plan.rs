//! The [`Aggregator`] trait, the validated [`AggregatorPlan`] and the shared driver that checks the input
//! (shapes, weights, finiteness, missing policy) and the outputs (no NaN or ±Inf) around each method's
//! kernel.

use super::{
    AdjustedMazziottaPareto, Aggregation, AggregationContext, Arithmetic, Borda, Copeland,
    Geometric, Harmonic, Input, Kemeny, MazziottaPareto, MissingPolicy, Owa, Power, Topsis, Vikor,
    all_finite,
};
use crate::{CompositeError, Result};

/// An aggregation method whose parameters have been validated: one compute call into caller-owned
/// buffers, plus the properties the pipeline's fused engine queries.
///
/// The arguments of [`Aggregator::aggregate_into`] are those of [`Aggregation::aggregate_into`]: `data`
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
    /// values (see [`Aggregation::is_monotone`]). Default `false`.
    fn is_monotone(&self) -> bool {
        false
    }

    /// Whether the score of a unit depends only on its own inputs (see [`Aggregation::is_unitwise`]).
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

crate::plan_macro::method_plan! {
    /// The validated form of an [`Aggregation`]: one variant per built-in method type and
    /// [`AggregatorPlan::Custom`] for a user's own [`Aggregator`]. Build it with `AggregatorPlan::try_from(&agg)`
    /// (validates once) or `From` a built-in type; then [`Aggregator::aggregate_into`] does not re-validate.
    ///
    /// ```
    /// use mfg_quality_composite::aggregate::{
    ///     Aggregation, AggregationContext, Aggregator, AggregatorPlan, MissingPolicy, Power,
    /// };
    /// let plan = AggregatorPlan::try_from(&Aggregation::Power { p: 2.0 })?;
    /// assert_eq!(plan, AggregatorPlan::from(Power::new(2.0)?));
    /// let (mut s, mut p) = ([0.0; 1], [false; 1]);
    /// plan.aggregate_into(&[3.0, 4.0], &[], 1, &[1.0, 1.0], MissingPolicy::Error,
    ///                     &AggregationContext::default(), &mut s, &mut p)?;
    /// assert!((s[0] - 12.5f64.sqrt()).abs() < 1e-12);
    /// assert!(AggregatorPlan::try_from(&Aggregation::Vikor { v: 2.0 }).is_err());
    /// # Ok::<(), mfg_quality_composite::CompositeError>(())
    /// ```
    pub enum AggregatorPlan: Aggregator {
        Arithmetic(Arithmetic),
        Geometric(Geometric),
        Harmonic(Harmonic),
        Power(Power),
        MazziottaPareto(MazziottaPareto),
        AdjustedMazziottaPareto(AdjustedMazziottaPareto),
        Owa(Owa),
        Topsis(Topsis),
        Vikor(Vikor),
        Borda(Borda),
        Copeland(Copeland),
        Kemeny(Kemeny),
    }
    /// A user-defined method.
    Custom;
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

impl TryFrom<&Aggregation> for AggregatorPlan {
    type Error = CompositeError;

    /// Validates the parameters once (the checks of [`Aggregation::validate`]).
    fn try_from(agg: &Aggregation) -> Result<Self> {
        Ok(match agg {
            Aggregation::Arithmetic => Arithmetic.into(),
            Aggregation::Geometric => Geometric.into(),
            Aggregation::Harmonic => Harmonic.into(),
            Aggregation::Power { p } => Power::new(*p)?.into(),
            Aggregation::MazziottaPareto { sign } => MazziottaPareto::new(*sign).into(),
            Aggregation::AdjustedMazziottaPareto { sign, goalposts } => {
                AdjustedMazziottaPareto::new(*sign, goalposts.clone())?.into()
            }
            Aggregation::Owa { weights } => Owa::new(weights.clone())?.into(),
            Aggregation::Topsis { normalisation } => Topsis::new(*normalisation).into(),
            Aggregation::Vikor { v } => Vikor::new(*v)?.into(),
            Aggregation::Borda => Borda.into(),
            Aggregation::Copeland => Copeland.into(),
            Aggregation::Kemeny { max_units } => Kemeny::new(*max_units)?.into(),
        })
    }
}

impl TryFrom<Aggregation> for AggregatorPlan {
    type Error = CompositeError;

    /// As `TryFrom<&Aggregation>`.
    fn try_from(agg: Aggregation) -> Result<Self> {
        AggregatorPlan::try_from(&agg)
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
            "borda",
            "copeland",
            "kemeny",
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
