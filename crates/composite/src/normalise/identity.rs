//! Identity (already normalised data).

use mfg_quality_indicators::Polarity;

use super::{Affine, ColumnContext, Normaliser, any_observed, check_finite};
use crate::Result;

/// No change, for data that is already normalised: `y = x`, and `y = −x` under negative polarity.
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, Identity, Normaliser};
/// use mfg_quality_indicators::Polarity;
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [0.5, 2.0];
/// Identity.normalise_column(&mut x, &[true; 2], Polarity::Negative, &ctx)?;
/// assert_eq!(x, [-0.5, -2.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Identity;

impl Normaliser for Identity {
    fn name(&self) -> &'static str {
        "identity"
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        normalise(x, mask, polarity == Polarity::Negative, ctx)
    }

    fn affine(
        &self,
        _x: &[f64],
        _mask: &[bool],
        polarity: Polarity,
        _ctx: &ColumnContext,
    ) -> Result<Option<Affine>> {
        Ok(Some(affine(polarity == Polarity::Negative)))
    }
}

/// The identity (negation under negative polarity) of one column in place.
pub(super) fn normalise(
    x: &mut [f64],
    mask: &[bool],
    neg: bool,
    ctx: &ColumnContext,
) -> Result<()> {
    if !any_observed(mask) {
        return Ok(());
    }
    if neg {
        for (v, &m) in x.iter_mut().zip(mask) {
            *v = if m { -*v } else { 0.0 };
        }
    }
    check_finite("identity", x, mask, ctx)
}

/// `y = ±x`.
pub(super) fn affine(neg: bool) -> Affine {
    Affine {
        scale: if neg { -1.0 } else { 1.0 },
        offset: 0.0,
    }
}
