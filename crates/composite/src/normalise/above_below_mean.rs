//! Above / below the mean (Handbook table 3).

use mfg_quality_indicators::Polarity;

use super::{ColumnContext, Normaliser, any_observed, check_finite, invalid, masked_mean};
use crate::Result;

/// Above or below the mean (OECD/JRC Handbook 2008, table 3):
///
/// `y = 1` if `x > x̄ + p|x̄|`, `y = −1` if `x < x̄ − p|x̄|`, else `y = 0`, with x̄ the mean of the column's
/// observed values (the Handbook writes `x̄(1 ± p)`, equal for `x̄ ≥ 0`); the sign is flipped under
/// negative polarity.
///
/// ```
/// use mfg_quality_composite::normalise::{AboveBelowMean, ColumnContext, Normaliser};
/// use mfg_quality_indicators::Polarity;
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [2.0, 4.0, 4.0, 8.0]; // mean 4.5, band [3.6, 5.4]
/// AboveBelowMean::new(0.2)?.normalise_column(&mut x, &[true; 4], Polarity::Positive, &ctx)?;
/// assert_eq!(x, [-1.0, 0.0, 0.0, 1.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AboveBelowMean {
    p: f64,
}

impl AboveBelowMean {
    /// The band `p` around the mean, relative to `|x̄|`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`](crate::CompositeError::InvalidParameter) (`p`) unless `p` is
    /// finite and `p ≥ 0`.
    pub fn new(p: f64) -> Result<Self> {
        check(p)?;
        Ok(AboveBelowMean { p })
    }

    /// The band p.
    pub fn p(&self) -> f64 {
        self.p
    }
}

impl Normaliser for AboveBelowMean {
    fn name(&self) -> &'static str {
        "above_below_mean"
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        normalise(self.p, x, mask, polarity == Polarity::Negative, ctx)
    }
}

pub(super) fn check(p: f64) -> Result<()> {
    if !(p.is_finite() && p >= 0.0) {
        return Err(invalid(
            "above_below_mean",
            "p",
            format!("must be finite and ≥ 0, got {p}"),
        ));
    }
    Ok(())
}

/// The −1 / 0 / 1 classes of one column in place ([`Normaliser::normalise_column`]).
pub(super) fn normalise(
    p: f64,
    x: &mut [f64],
    mask: &[bool],
    neg: bool,
    ctx: &ColumnContext,
) -> Result<()> {
    if !any_observed(mask) {
        return Ok(());
    }
    let mu = masked_mean(x, mask).0;
    let (up, down) = (mu + p * mu.abs(), mu - p * mu.abs());
    let sign = if neg { -1.0 } else { 1.0 };
    for (v, &m) in x.iter_mut().zip(mask) {
        let y = if *v > up {
            1.0
        } else if *v < down {
            -1.0
        } else {
            0.0
        };
        *v = if m { sign * y } else { 0.0 };
    }
    check_finite("above_below_mean", x, mask, ctx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CompositeError;

    #[test]
    fn new_rejects_bad_band() {
        for p in [-0.1, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                AboveBelowMean::new(p),
                Err(CompositeError::InvalidParameter {
                    method: "above_below_mean",
                    parameter: "p",
                    ..
                })
            ));
        }
        assert_eq!(
            AboveBelowMean::new(0.25).unwrap().p().to_bits(),
            0.25f64.to_bits()
        );
    }
}
