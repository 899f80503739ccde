//! Max normalisation (pymcdm `max_normalization`; COINr `n_fracmax`).

use mfg_quality_indicators::Polarity;

use super::{
    Affine, ColumnContext, Normaliser, any_observed, check_finite, extremes, map_observed,
};
use crate::{CompositeError, Result};

/// Max normalisation: `y = x / max x`, and `y = 1 − x / max x` under negative polarity (pymcdm 1.4
/// `max_normalization` and its `cost` form; under positive polarity COINr's `n_fracmax`). Parameterless.
///
/// The column maximum must be strictly positive, else
/// [`CompositeError::InvalidValue`] names the unit holding it (a zero or negative maximum
/// would divide by zero or reverse the order).
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, Max, Normaliser};
/// use mfg_quality_indicators::Polarity;
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [1.0, 4.0];
/// Max.normalise_column(&mut x, &[true; 2], Polarity::Negative, &ctx)?;
/// assert_eq!(x, [0.75, 0.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Max;

impl Normaliser for Max {
    fn name(&self) -> &'static str {
        "max"
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        let Some(a) = self.affine(x, mask, polarity, ctx)? else {
            return Ok(());
        };
        map_observed(x, mask, |v| a.offset + a.scale * v);
        check_finite("max", x, mask, ctx)
    }

    /// Affine under either polarity: `x/max`, or `1 − x/max`.
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
        let Some((_, (max, at))) = extremes(x, mask) else {
            return Ok(None);
        };
        if max <= 0.0 {
            return Err(CompositeError::InvalidValue {
                method: "max",
                unit: super::unit_code(ctx, at),
                indicator: ctx.indicator.to_string(),
                value: max,
                reason: "max normalisation needs a strictly positive column maximum",
            });
        }
        Ok(Some(if polarity == Polarity::Negative {
            Affine {
                scale: -1.0 / max,
                offset: 1.0,
            }
        } else {
            Affine {
                scale: 1.0 / max,
                offset: 0.0,
            }
        }))
    }
}
