//! Zavadskas–Turskis normalisation (pymcdm `zavadskas_turskis_normalization`).

use mfg_quality_indicators::Polarity;

use super::{
    Affine, ColumnContext, Normaliser, any_observed, check_finite, extremes, map_observed,
};
use crate::{CompositeError, Result};

/// Zavadskas–Turskis normalisation (Zavadskas & Turskis 2008): `y = 1 − |max − x| / |max|`, and
/// `y = 1 − |min − x| / |min|` under negative polarity, with max and min over the column's observed
/// values (pymcdm 1.4 `zavadskas_turskis_normalization` and its `cost` form). The best value maps to 1.
/// Parameterless.
///
/// The reference (max, or min under negative polarity) must not be 0:
/// [`CompositeError::InvalidValue`] names the unit holding it.
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, Normaliser, ZavadskasTurskis};
/// use mfg_quality_indicators::Polarity;
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [2.0, 4.0];
/// ZavadskasTurskis.normalise_column(&mut x, &[true; 2], Polarity::Negative, &ctx)?;
/// assert_eq!(x, [1.0, 0.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ZavadskasTurskis;

impl Normaliser for ZavadskasTurskis {
    fn name(&self) -> &'static str {
        "zavadskas_turskis"
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        let Some((r, _)) = reference(x, mask, polarity, ctx)? else {
            return Ok(());
        };
        let ar = r.abs();
        map_observed(x, mask, |v| 1.0 - (r - v).abs() / ar);
        check_finite("zavadskas_turskis", x, mask, ctx)
    }

    /// Affine under either polarity: every observed value lies on one side of the reference, so
    /// `|r − x| = ±(r − x)`.
    fn affine(
        &self,
        x: &[f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<Affine>> {
        let Some((r, _)) = reference(x, mask, polarity, ctx)? else {
            return Ok(None);
        };
        let ar = r.abs();
        // max − x ≥ 0 (positive polarity): y = 1 − (r − x)/|r|; x − min ≥ 0: y = 1 − (x − r)/|r|.
        Ok(Some(if polarity == Polarity::Negative {
            Affine {
                scale: -1.0 / ar,
                offset: 1.0 + r / ar,
            }
        } else {
            Affine {
                scale: 1.0 / ar,
                offset: 1.0 - r / ar,
            }
        }))
    }
}

/// The reference value (max, or min under negative polarity) and its unit; `None` without an observed
/// value.
fn reference(
    x: &[f64],
    mask: &[bool],
    polarity: Polarity,
    ctx: &ColumnContext,
) -> Result<Option<(f64, usize)>> {
    if !any_observed(mask) {
        return Ok(None);
    }
    let Some((lo, hi)) = extremes(x, mask) else {
        return Ok(None);
    };
    let (r, at) = if polarity == Polarity::Negative {
        lo
    } else {
        hi
    };
    if r == 0.0 {
        return Err(CompositeError::InvalidValue {
            method: "zavadskas_turskis",
            unit: super::unit_code(ctx, at),
            indicator: ctx.indicator.to_string(),
            value: r,
            reason: "the Zavadskas–Turskis reference (the best value) must not be 0",
        });
    }
    Ok(Some((r, at)))
}
