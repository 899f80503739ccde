//! Linear scaling with fixed bounds (COINr `n_scaled`).

use mfg_quality_indicators::Polarity;

use super::{Affine, ColumnContext, Normaliser, any_observed, check_finite, invalid, map_observed};
use crate::Result;

/// Linear scaling between fixed bounds (COINr `n_scaled`): `y = s (x − l)/(u − l)`, applied to `−x`
/// under negative polarity as COINr applies every function to `x × direction`. The bounds are
/// parameters, not column statistics (unlike min-max), so the map is the same for every unit, period and
/// sample. COINr's defaults are `l = 0`, `u = 100`, `s = 100`.
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, Normaliser, Scaled};
/// use mfg_quality_indicators::Polarity;
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [20.0, 50.0];
/// Scaled::new(0.0, 200.0, 100.0)?.normalise_column(&mut x, &[true; 2], Polarity::Positive, &ctx)?;
/// assert_eq!(x, [10.0, 25.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scaled {
    lo: f64,
    hi: f64,
    scale: f64,
}

const NAME: &str = "scaled";

impl Scaled {
    /// Bounds `l`, `u` and scale factor `s`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`](crate::CompositeError::InvalidParameter) (`lo`/`hi`, `scale`)
    /// unless the three are finite, `l ≠ u` and `s ≠ 0`.
    pub fn new(lo: f64, hi: f64, scale: f64) -> Result<Self> {
        check(lo, hi, scale)?;
        Ok(Scaled { lo, hi, scale })
    }

    /// The lower bound `l`.
    pub fn lo(&self) -> f64 {
        self.lo
    }

    /// The upper bound `u`.
    pub fn hi(&self) -> f64 {
        self.hi
    }

    /// The scale factor `s`.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    fn map(&self, polarity: Polarity) -> Affine {
        let k = self.scale / (self.hi - self.lo);
        if polarity == Polarity::Negative {
            Affine {
                scale: -k,
                offset: -k * self.lo,
            }
        } else {
            Affine {
                scale: k,
                offset: -k * self.lo,
            }
        }
    }
}

pub(super) fn check(lo: f64, hi: f64, scale: f64) -> Result<()> {
    if !(lo.is_finite() && hi.is_finite()) || (hi - lo) == 0.0 || !(hi - lo).is_finite() {
        return Err(invalid(
            NAME,
            "lo/hi",
            format!("the bounds must be finite and distinct, got [{lo}, {hi}]"),
        ));
    }
    if !scale.is_finite() || scale == 0.0 {
        return Err(invalid(
            NAME,
            "scale",
            format!("must be finite and non-zero, got {scale}"),
        ));
    }
    Ok(())
}

impl Normaliser for Scaled {
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
        let (s, l, u) = (self.scale, self.lo, self.hi);
        if polarity == Polarity::Negative {
            map_observed(x, mask, |v| (-v - l) / (u - l) * s);
        } else {
            map_observed(x, mask, |v| (v - l) / (u - l) * s);
        }
        check_finite(NAME, x, mask, ctx)
    }

    fn affine(
        &self,
        _x: &[f64],
        _mask: &[bool],
        polarity: Polarity,
        _ctx: &ColumnContext,
    ) -> Result<Option<Affine>> {
        Ok(Some(self.map(polarity)))
    }
}
