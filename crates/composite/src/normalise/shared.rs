//! Column helpers shared by several methods: statistics, checks, reference look-ups, ratio forms.

use mfg_quality_indicators::Panel;

use super::ColumnContext;
use crate::aggregate::all_true;
use crate::{CompositeError, Result};

pub(super) fn invalid(
    method: &'static str,
    parameter: &'static str,
    reason: String,
) -> CompositeError {
    CompositeError::InvalidParameter {
        method,
        parameter,
        reason,
    }
}

/// (min, max) of the observed values (±∞ if none).
#[inline]
pub(super) fn range_of(x: &[f64], mask: &[bool]) -> (f64, f64) {
    range_known(x, mask, all_true(mask))
}

/// [`range_of`] with the column's completeness (`mask` all true) already known. Eight independent
/// accumulators and compare-select updates let the compiler vectorise the loop (strict IEEE order is
/// irrelevant for min/max); a column without missing cells takes a mask-free path.
#[inline]
pub(super) fn range_known(x: &[f64], mask: &[bool], complete: bool) -> (f64, f64) {
    const L: usize = 8;
    let mut mn = [f64::INFINITY; L];
    let mut mx = [f64::NEG_INFINITY; L];
    let (xc, mc) = (x.chunks_exact(L), mask.chunks_exact(L));
    let (xr, mr) = (xc.remainder(), mc.remainder());
    if complete {
        for c in xc {
            for k in 0..L {
                mn[k] = if c[k] < mn[k] { c[k] } else { mn[k] };
                mx[k] = if c[k] > mx[k] { c[k] } else { mx[k] };
            }
        }
    } else {
        for (c, m) in xc.zip(mc) {
            for k in 0..L {
                let (a, b) = if m[k] {
                    (c[k], c[k])
                } else {
                    (f64::INFINITY, f64::NEG_INFINITY)
                };
                mn[k] = if a < mn[k] { a } else { mn[k] };
                mx[k] = if b > mx[k] { b } else { mx[k] };
            }
        }
    }
    let (mut lo, mut hi) = (
        mn.iter().copied().fold(f64::INFINITY, f64::min),
        mx.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    for (&v, &m) in xr.iter().zip(mr) {
        if m {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    (lo, hi)
}

/// Mean of the observed values and their number (`0.0` when none is observed).
#[inline]
pub(super) fn masked_mean(x: &[f64], mask: &[bool]) -> (f64, usize) {
    let (mut s, mut n) = (0.0, 0usize);
    for (&v, &m) in x.iter().zip(mask) {
        s += if m { v } else { 0.0 };
        n += usize::from(m);
    }
    (s / n.max(1) as f64, n)
}

/// Whether some cell of a column is observed (an all-true mask is checked first, vectorised).
#[inline]
pub(super) fn any_observed(mask: &[bool]) -> bool {
    (!mask.is_empty() && all_true(mask)) || mask.iter().any(|&m| m)
}

pub(super) fn unit_code(ctx: &ColumnContext, u: usize) -> String {
    ctx.units
        .get(u)
        .map_or_else(|| format!("#{u}"), |x| x.code.clone())
}

/// [`CompositeError::Overflow`] of `method` on column `x` (observed where `mask`): `what` overflows; the
/// unit named is the one of the largest observed value in magnitude.
pub(super) fn overflow(
    method: &'static str,
    what: String,
    x: &[f64],
    mask: &[bool],
    ctx: &ColumnContext,
) -> CompositeError {
    // The first unit of the largest magnitude.
    let big = (0..x.len())
        .filter(|&u| mask.get(u).copied().unwrap_or(true))
        .fold(None, |best: Option<usize>, u| match best {
            Some(b) if x[b].abs() >= x[u].abs() => Some(b),
            _ => Some(u),
        });
    CompositeError::Overflow {
        method,
        what,
        unit: big.map_or_else(|| "?".to_string(), |u| unit_code(ctx, u)),
        indicator: ctx.indicator.to_string(),
        period: ctx.period,
    }
}

pub(super) fn check_finite(
    method: &'static str,
    x: &[f64],
    mask: &[bool],
    ctx: &ColumnContext,
) -> Result<()> {
    if let Some(u) = (0..x.len()).find(|&u| mask[u] && !x[u].is_finite()) {
        return Err(CompositeError::InvalidValue {
            method,
            unit: unit_code(ctx, u),
            indicator: ctx.indicator.to_string(),
            value: x[u],
            reason: "the result is not finite (overflow)",
        });
    }
    Ok(())
}

/// The resolved reference of the column (`ctx.reference`), or a named error.
pub(super) fn resolved(method: &'static str, ctx: &ColumnContext) -> Result<f64> {
    ctx.reference.ok_or_else(|| {
        invalid(
            method,
            "reference",
            format!(
                "no reference value for `{}` (resolve it with Normalisation::reference_value)",
                ctx.indicator
            ),
        )
    })
}

/// The index of period `p` in `panel`, `None` meaning `default` (the period being normalised).
pub(super) fn period_index(panel: &Panel, p: Option<i32>, default: usize) -> Result<usize> {
    match p {
        None => Ok(default),
        Some(p) => panel
            .period_index(p)
            .ok_or_else(|| CompositeError::UnknownReference {
                what: "period",
                id: p.to_string(),
            }),
    }
}

/// The index of unit `u` in `panel`.
pub(super) fn unit_index(panel: &Panel, u: &str) -> Result<usize> {
    panel
        .unit_index(u)
        .ok_or_else(|| CompositeError::UnknownReference {
            what: "unit",
            id: u.to_string(),
        })
}

/// The ratio forms `pos_f(x, r)` (positive polarity) and `neg_f(x, r)` (negative polarity, which needs
/// `x > 0`) of a column against a positive reference `r` (ratio to a benchmark, distance to a reference).
#[allow(clippy::too_many_arguments)]
pub(super) fn ratio_forms(
    x: &mut [f64],
    mask: &[bool],
    r: f64,
    neg: bool,
    ctx: &ColumnContext,
    name: &'static str,
    pos_f: impl Fn(f64, f64) -> f64,
    neg_f: impl Fn(f64, f64) -> f64,
) -> Result<()> {
    if r == 0.0 {
        return Err(CompositeError::ZeroReference {
            method: name,
            indicator: ctx.indicator.to_string(),
            period: ctx.period,
        });
    }
    if r < 0.0 {
        return Err(CompositeError::InvalidValue {
            method: name,
            unit: "<reference>".into(),
            indicator: ctx.indicator.to_string(),
            value: r,
            reason: "a ratio needs a positive reference",
        });
    }
    if neg {
        if let Some(u) = (0..x.len()).find(|&u| mask[u] && x[u] <= 0.0) {
            return Err(CompositeError::InvalidValue {
                method: name,
                unit: unit_code(ctx, u),
                indicator: ctx.indicator.to_string(),
                value: x[u],
                reason: "reference / value under negative polarity needs a positive value",
            });
        }
        for (v, &m) in x.iter_mut().zip(mask) {
            *v = if m { neg_f(*v, r) } else { 0.0 };
        }
    } else {
        for (v, &m) in x.iter_mut().zip(mask) {
            *v = if m { pos_f(*v, r) } else { 0.0 };
        }
    }
    Ok(())
}

/// `Err(InvalidValue)` naming the first observed value that is not strictly positive.
pub(super) fn require_positive(
    method: &'static str,
    x: &[f64],
    mask: &[bool],
    ctx: &ColumnContext,
    reason: &'static str,
) -> Result<()> {
    match (0..x.len()).find(|&u| mask[u] && x[u] <= 0.0) {
        Some(u) => Err(CompositeError::InvalidValue {
            method,
            unit: unit_code(ctx, u),
            indicator: ctx.indicator.to_string(),
            value: x[u],
            reason,
        }),
        None => Ok(()),
    }
}

/// Applies `f` to every observed value of a column and sets the missing cells to 0.0.
#[inline]
pub(super) fn map_observed(x: &mut [f64], mask: &[bool], f: impl Fn(f64) -> f64) {
    for (v, &m) in x.iter_mut().zip(mask) {
        *v = if m { f(*v) } else { 0.0 };
    }
}

/// The (min, max) of the observed values with the units holding them, `None` when nothing is observed.
pub(super) fn extremes(x: &[f64], mask: &[bool]) -> Option<((f64, usize), (f64, usize))> {
    let mut it = (0..x.len()).filter(|&u| mask[u]);
    let first = it.next()?;
    let (mut lo, mut hi) = ((x[first], first), (x[first], first));
    for u in it {
        if x[u] < lo.0 {
            lo = (x[u], u);
        }
        if x[u] > hi.0 {
            hi = (x[u], u);
        }
    }
    Some((lo, hi))
}

/// The worst observed value `w` of a column (min; max under negative polarity) and `r − w`, for the
/// distance `y = (x − w) / (r − w)` from the worst value to a reference `r`: the share of the way from the
/// worst value to the reference (COINr `n_dist2ref`, `n_dist2targ`). `None` without an observed value.
///
/// # Errors
/// [`CompositeError::ZeroReference`] when `r` equals the worst value (the distance is undefined);
/// [`CompositeError::InvalidParameter`] (`reference`) when `r` lies on the worse side of it (below the
/// minimum, or above the maximum under negative polarity: COINr warns of negative scores there).
pub(super) fn worst_and_span(
    method: &'static str,
    x: &[f64],
    mask: &[bool],
    r: f64,
    neg: bool,
    ctx: &ColumnContext,
) -> Result<Option<(f64, f64)>> {
    if !any_observed(mask) {
        return Ok(None);
    }
    let (mn, mx) = range_of(x, mask);
    let w = if neg { mx } else { mn };
    let d = r - w;
    if d == 0.0 || !d.is_finite() {
        return Err(CompositeError::ZeroReference {
            method,
            indicator: ctx.indicator.to_string(),
            period: ctx.period,
        });
    }
    if (d < 0.0) != neg {
        // a reference on the far side of the worst value would reverse the order of every unit
        let (side, bound) = if neg {
            ("above", "maximum")
        } else {
            ("below", "minimum")
        };
        return Err(invalid(
            method,
            "reference",
            format!(
                "the reference {r} of `{}` in period {} lies {side} the data's worst value {w} (its {bound}): \
                 it must lie on the better side, or the order of the units would be reversed",
                ctx.indicator, ctx.period
            ),
        ));
    }
    Ok(Some((w, d)))
}

/// `y = (x − w) / (r − w)` ([`worst_and_span`]) of a column in place, capped at 1 when `cap`.
pub(super) fn from_worst(
    method: &'static str,
    x: &mut [f64],
    mask: &[bool],
    r: f64,
    neg: bool,
    cap: bool,
    ctx: &ColumnContext,
) -> Result<()> {
    let Some((w, d)) = worst_and_span(method, x, mask, r, neg, ctx)? else {
        return Ok(());
    };
    map_observed(x, mask, |v| {
        let y = (v - w) / d;
        if cap { y.min(1.0) } else { y }
    });
    check_finite(method, x, mask, ctx)
}
