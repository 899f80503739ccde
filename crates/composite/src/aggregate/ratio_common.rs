//! Shared helpers of the MCDA scorings: the stand-alone entry of every one of them (validated complete
//! input, per-criterion types: COPRAS … CoCoSo, PROMETHEE II, SPOTIS, CODAS, MARCOS, MAIRCA, OCRA,
//! ELECTRE I) and, for the ratio-based ones (COPRAS, WASPAS, WPM, ARAS, EDAS, MABAC, MOORA, MULTIMOORA,
//! CoCoSo), the complete-input requirement of the pipeline path, domain checks and column statistics.

use super::{AggregationContext, CriterionType, Input, MissingPolicy};
use crate::{CompositeError, Result};

/// Runs `f` on the validated complete input of a stand-alone call: shapes, weights (normalised to sum
/// 1), finite values, and `types` empty or one per criterion.
pub(crate) fn standalone<T>(
    method: &'static str,
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
    f: impl FnOnce(&Input<'_>) -> Result<T>,
) -> Result<T> {
    let ctx = AggregationContext::default();
    let input = Input::new(
        method,
        data,
        &[],
        n_rows,
        weights,
        MissingPolicy::Error,
        &ctx,
    )?;
    input.check_criterion_types(types)?;
    f(&input)
}

/// These methods need every cell: the first absent cell (column by column) is a
/// [`CompositeError::MissingValue`](crate::CompositeError::MissingValue) naming the unit, the child and the period, whatever the policy.
pub(crate) fn require_complete(input: &Input) -> Result<()> {
    let Some(mask) = input.mask else {
        return Ok(());
    };
    match mask.iter().position(|&p| !p) {
        None => Ok(()),
        Some(k) => {
            let n = input.n_rows.max(1);
            Err(CompositeError::MissingValue {
                unit: input.ctx.unit(k % n),
                indicator: input.ctx.column(k / n),
                period: input.ctx.period,
            })
        }
    }
}

/// Whether criterion `j` is a cost criterion (`types` empty: every criterion is a benefit).
#[inline]
pub(crate) fn is_cost(types: &[CriterionType], j: usize) -> bool {
    types.get(j).copied().unwrap_or_default() == CriterionType::Cost
}

/// The first value of column `j` that is negative (`strict = false`) or not positive (`strict = true`),
/// as [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue).
pub(crate) fn check_sign(input: &Input, j: usize, strict: bool) -> Result<()> {
    let col = input.col(j);
    let bad = if strict {
        col.iter().position(|&x| x <= 0.0)
    } else {
        col.iter().position(|&x| x < 0.0)
    };
    match bad {
        None => Ok(()),
        Some(i) => Err(input.invalid(
            i,
            j,
            if strict {
                "values must be positive"
            } else {
                "values must be non-negative"
            },
        )),
    }
}

/// `(Σ x, min, max)` of a column (8 interleaved accumulators for the sum, combined in a fixed order;
/// `(0, +∞, −∞)` for an empty column).
pub(crate) fn sum_min_max(x: &[f64]) -> (f64, f64, f64) {
    let mut s = [0.0f64; 8];
    let mut lo = [f64::INFINITY; 8];
    let mut hi = [f64::NEG_INFINITY; 8];
    let mut chunks = x.chunks_exact(8);
    for c in &mut chunks {
        for k in 0..8 {
            s[k] += c[k];
            lo[k] = if c[k] < lo[k] { c[k] } else { lo[k] };
            hi[k] = if c[k] > hi[k] { c[k] } else { hi[k] };
        }
    }
    for &v in chunks.remainder() {
        s[0] += v;
        lo[0] = lo[0].min(v);
        hi[0] = hi[0].max(v);
    }
    (
        s.iter().sum(),
        lo.iter().copied().fold(f64::INFINITY, f64::min),
        hi.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    )
}

/// `Σ f(x)` of a column in 8 interleaved accumulators combined in a fixed order.
pub(crate) fn sum_of(x: &[f64], f: impl Fn(f64) -> f64) -> f64 {
    let mut s = [0.0f64; 8];
    let mut chunks = x.chunks_exact(8);
    for c in &mut chunks {
        for k in 0..8 {
            s[k] += f(c[k]);
        }
    }
    for &v in chunks.remainder() {
        s[0] += f(v);
    }
    s.iter().sum()
}

/// The largest value of a non-empty slice (`−∞` for an empty one).
pub(crate) fn max_of(x: &[f64]) -> f64 {
    x.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// The smallest value of a non-empty slice (`+∞` for an empty one).
pub(crate) fn min_of(x: &[f64]) -> f64 {
    x.iter().copied().fold(f64::INFINITY, f64::min)
}

/// `acc[i] += w · ln xᵢ` for a column of non-negative values (`−∞` where `xᵢ = 0`); the vectorised
/// logarithm ([`crate::fastmath::add_weighted_ln`], within 1 ulp of `f64::ln`) when every value is
/// positive normal (`min ≥ f64::MIN_POSITIVE`), `f64::ln` otherwise. `w = 0` adds nothing (`x⁰ = 1`).
pub(crate) fn add_weighted_ln(acc: &mut [f64], col: &[f64], w: f64, min: f64) {
    if w == 0.0 {
        return;
    }
    if min >= f64::MIN_POSITIVE {
        crate::fastmath::add_weighted_ln(acc, col, w);
    } else {
        for (a, &x) in acc.iter_mut().zip(col) {
            *a += w * x.ln();
        }
    }
}

/// `λ ∈ [0, 1]` (WASPAS, CoCoSo), or `InvalidParameter { parameter: "lambda" }` of `method`.
pub(crate) fn check_lambda(method: &'static str, lambda: f64) -> Result<()> {
    if (0.0..=1.0).contains(&lambda) {
        Ok(())
    } else {
        Err(CompositeError::InvalidParameter {
            method,
            parameter: "lambda",
            reason: format!("{lambda} is not in [0, 1]"),
        })
    }
}
