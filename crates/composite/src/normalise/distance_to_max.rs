//! Distance to the maximum (COINr `n_dist2max`).

use mfg_quality_indicators::Polarity;

use super::{
    Affine, ColumnContext, Normaliser, any_observed, check_finite, map_observed, range_of,
};
use crate::{CompositeError, Result};

/// Distance to the best value (COINr `n_dist2max`): `y = 1 − (max − x)/(max − min)`, and under negative
/// polarity (COINr applies it to `−x`) `y = 1 − (x − min)/(max − min)`, over the column's observed values;
/// in `[0, 1]`, 1 at the best value. Algebraically min-max to [0, 1]; computed in COINr's form.
/// Parameterless. A constant column is an error ([`CompositeError::ConstantIndicator`]; COINr warns and
/// returns NaN).
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, DistanceToMax, Normaliser};
/// use mfg_quality_indicators::Polarity;
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [2.0, 4.0, 10.0];
/// DistanceToMax.normalise_column(&mut x, &[true; 3], Polarity::Positive, &ctx)?;
/// assert_eq!(x, [0.0, 0.25, 1.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DistanceToMax;

const NAME: &str = "distance_to_max";

fn range(x: &[f64], mask: &[bool], ctx: &ColumnContext) -> Result<(f64, f64)> {
    let (mn, mx) = range_of(x, mask);
    let r = mx - mn;
    if r == 0.0 || !r.is_finite() {
        return Err(CompositeError::ConstantIndicator {
            indicator: ctx.indicator.to_string(),
            period: ctx.period,
            method: NAME,
        });
    }
    Ok((mn, mx))
}

impl Normaliser for DistanceToMax {
    fn name(&self) -> &'static str {
        NAME
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        if !any_observed(mask) {
            return Ok(());
        }
        let (mn, mx) = range(x, mask, ctx)?;
        if polarity == Polarity::Negative {
            map_observed(x, mask, |v| 1.0 - (v - mn) / (mx - mn));
        } else {
            map_observed(x, mask, |v| 1.0 - (mx - v) / (mx - mn));
        }
        check_finite(NAME, x, mask, ctx)
    }

    fn affine(
        &self,
        x: &[f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<Affine>> {
        if !any_observed(mask) {
            return Ok(None);
        }
        let (mn, mx) = range(x, mask, ctx)?;
        let r = mx - mn;
        Ok(Some(if polarity == Polarity::Negative {
            Affine {
                scale: -1.0 / r,
                offset: 1.0 + mn / r,
            }
        } else {
            Affine {
                scale: 1.0 / r,
                offset: 1.0 - mx / r,
            }
        }))
    }
}
