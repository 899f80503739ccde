//! Min-max normalisation (Handbook eq. 1.5; COINr `n_minmax`).

use mfg_quality_indicators::Polarity;

use super::{
    Affine, ColumnContext, Normaliser, PointMap, any_observed, invalid, overflow, range_known,
    range_of,
};
use crate::aggregate::all_true;
use crate::{CompositeError, Result};

/// Min-max to `[lo, hi]` (OECD/JRC Handbook 2008, eq. 1.5; COINr `n_minmax`):
///
/// `y = lo + (hi − lo)(x − min)/(max − min)`, or `lo + (hi − lo)(max − x)/(max − min)` under negative
/// polarity, with min and max over the column's observed values; results are clamped to `[lo, hi]` against
/// rounding. Default `[0, 1]`. A constant column is an error ([`CompositeError::ConstantIndicator`]).
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, MinMax, Normaliser};
/// use mfg_quality_indicators::Polarity;
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [2.0, 4.0, 10.0];
/// MinMax::new(0.0, 100.0)?.normalise_column(&mut x, &[true; 3], Polarity::Positive, &ctx)?;
/// assert_eq!(x, [0.0, 25.0, 100.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinMax {
    lo: f64,
    hi: f64,
}

impl MinMax {
    /// Min-max to `[lo, hi]`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] (`lo/hi`) unless `lo < hi`, both finite, with a finite width.
    pub fn new(lo: f64, hi: f64) -> Result<Self> {
        check(lo, hi)?;
        Ok(MinMax { lo, hi })
    }

    /// The lower bound.
    pub fn lo(&self) -> f64 {
        self.lo
    }

    /// The upper bound.
    pub fn hi(&self) -> f64 {
        self.hi
    }
}

impl Default for MinMax {
    /// Min-max to `[0, 1]`.
    fn default() -> Self {
        MinMax { lo: 0.0, hi: 1.0 }
    }
}

impl Normaliser for MinMax {
    fn name(&self) -> &'static str {
        "min_max"
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        normalise(
            self.lo,
            self.hi,
            x,
            mask,
            polarity == Polarity::Negative,
            ctx,
        )
    }

    fn affine(
        &self,
        x: &[f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<Affine>> {
        affine(
            self.lo,
            self.hi,
            x,
            mask,
            polarity == Polarity::Negative,
            ctx,
        )
    }

    fn is_pointwise(&self) -> bool {
        true
    }

    fn point_map(
        &self,
        src: &[f64],
        src_mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<PointMap>> {
        point_map(self.lo, self.hi, src, src_mask, polarity, ctx)
    }

    fn normalise_column_from(
        &self,
        src: &[f64],
        src_mask: &[bool],
        x: &mut [f64],
        mask: &mut [bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        normalise_from(self.lo, self.hi, src, src_mask, x, mask, polarity, ctx)
    }
}

pub(super) fn check(lo: f64, hi: f64) -> Result<()> {
    if !(lo.is_finite() && hi.is_finite() && lo < hi && (hi - lo).is_finite()) {
        return Err(invalid(
            "min_max",
            "lo/hi",
            format!("need finite lo < hi, got [{lo}, {hi}]"),
        ));
    }
    Ok(())
}

/// The min-max map `x ↦ clamp(lo + b (x − c), lo, hi)` of a column with observed range `(mn, mx)`:
/// `y = lo + k (x − min)`, or `lo + k (max − x)` under negative polarity, `k = (hi − lo) / (max − min)`,
/// written as `lo + b (x − c)` so that one branch-free loop serves both polarities, and clamped against
/// rounding with compare-selects (vectorisable).
///
/// # Errors
/// [`CompositeError::ConstantIndicator`] for a zero range, [`CompositeError::Overflow`] for a range
/// that overflows (naming the unit of the largest value in magnitude of `x`, the column).
#[inline]
fn map(
    lo: f64,
    hi: f64,
    (mn, mx): (f64, f64),
    neg: bool,
    ctx: &ColumnContext,
    (x, mask): (&[f64], &[bool]),
) -> Result<PointMap> {
    let range = mx - mn;
    if range <= 0.0 || !range.is_finite() {
        return Err(if range <= 0.0 {
            CompositeError::ConstantIndicator {
                indicator: ctx.indicator.to_string(),
                period: ctx.period,
                method: "min-max",
            }
        } else {
            overflow(
                "min_max",
                format!("the range max − min = {mx:e} − ({mn:e})"),
                x,
                mask,
                ctx,
            )
        });
    }
    let k = (hi - lo) / range;
    let (b, c) = if neg { (-k, mx) } else { (k, mn) };
    Ok(PointMap { lo, hi, b, c })
}

/// Min-max of one column in place ([`Normaliser::normalise_column`]).
pub(super) fn normalise(
    lo: f64,
    hi: f64,
    x: &mut [f64],
    mask: &[bool],
    neg: bool,
    ctx: &ColumnContext,
) -> Result<()> {
    if !any_observed(mask) {
        return Ok(());
    }
    let complete = all_true(mask);
    let f = map(lo, hi, range_known(x, mask, complete), neg, ctx, (x, mask))?;
    if complete {
        x.iter_mut().for_each(|v| *v = f.apply(*v));
    } else {
        for (v, &m) in x.iter_mut().zip(mask) {
            *v = if m { f.apply(*v) } else { 0.0 };
        }
    }
    Ok(())
}

/// [`Normaliser::point_map`] of min-max.
pub(super) fn point_map(
    lo: f64,
    hi: f64,
    src: &[f64],
    src_mask: &[bool],
    polarity: Polarity,
    ctx: &ColumnContext,
) -> Result<Option<PointMap>> {
    point_map_known(lo, hi, src, src_mask, all_true(src_mask), polarity, ctx)
}

/// [`point_map`] with the column's completeness (`src_mask` all true) already known.
fn point_map_known(
    lo: f64,
    hi: f64,
    src: &[f64],
    src_mask: &[bool],
    complete: bool,
    polarity: Polarity,
    ctx: &ColumnContext,
) -> Result<Option<PointMap>> {
    let observed = if complete {
        !src.is_empty()
    } else {
        src_mask.iter().any(|&m| m)
    };
    if !observed {
        return Ok(None);
    }
    let neg = polarity == Polarity::Negative;
    Ok(Some(map(
        lo,
        hi,
        range_known(src, src_mask, complete),
        neg,
        ctx,
        (src, src_mask),
    )?))
}

/// [`Normaliser::normalise_column_from`] of min-max: the copy is fused with the map (the source is read
/// twice, range then map, and the destination written once).
#[allow(clippy::too_many_arguments)]
pub(super) fn normalise_from(
    lo: f64,
    hi: f64,
    src: &[f64],
    src_mask: &[bool],
    x: &mut [f64],
    mask: &mut [bool],
    polarity: Polarity,
    ctx: &ColumnContext,
) -> Result<()> {
    mask.copy_from_slice(src_mask);
    let complete = all_true(src_mask);
    if let Some(map) = point_map_known(lo, hi, src, src_mask, complete, polarity, ctx)? {
        map.apply_slice(src, if complete { &[] } else { src_mask }, x);
        return Ok(());
    }
    x.copy_from_slice(src);
    normalise(lo, hi, x, mask, polarity == Polarity::Negative, ctx)
}

/// [`Normaliser::affine`] of min-max: `scale = ±(hi − lo)/(max − min)`.
pub(super) fn affine(
    lo: f64,
    hi: f64,
    x: &[f64],
    mask: &[bool],
    neg: bool,
    ctx: &ColumnContext,
) -> Result<Option<Affine>> {
    let (mn, mx) = range_of(x, mask);
    let range = mx - mn;
    if !mask.iter().any(|&m| m) {
        return Ok(Some(Affine {
            scale: 1.0,
            offset: 0.0,
        }));
    }
    if !range.is_finite() {
        return Err(overflow(
            "min_max",
            format!("the range max − min = {mx:e} − ({mn:e})"),
            x,
            mask,
            ctx,
        ));
    }
    if range <= 0.0 {
        return Err(CompositeError::ConstantIndicator {
            indicator: ctx.indicator.to_string(),
            period: ctx.period,
            method: "min-max",
        });
    }
    let k = (hi - lo) / range;
    Ok(Some(if neg {
        Affine {
            scale: -k,
            offset: lo + k * mx,
        }
    } else {
        Affine {
            scale: k,
            offset: lo - k * mn,
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_rejects_bad_bounds() {
        for (lo, hi) in [
            (1.0, 0.0),
            (1.0, 1.0),
            (f64::NAN, 1.0),
            (0.0, f64::INFINITY),
            (-1e308, 1e308),
        ] {
            assert!(
                matches!(
                    MinMax::new(lo, hi),
                    Err(CompositeError::InvalidParameter {
                        method: "min_max",
                        parameter: "lo/hi",
                        ..
                    })
                ),
                "[{lo}, {hi}]"
            );
        }
        let m = MinMax::new(1.0, 100.0).unwrap();
        assert_eq!((m.lo(), m.hi()), (1.0, 100.0));
    }
}
