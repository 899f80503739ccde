//! Standardisation, the z-score (Handbook eq. 1.4; COINr `n_zscore`).

use mfg_quality_indicators::Polarity;
use mfg_quality_indicators::stats::VarianceKind;

use super::{
    Affine, ColumnContext, Normaliser, any_observed, check_finite, invalid, masked_mean, overflow,
};
use crate::{CompositeError, Result};

/// Standardisation (OECD/JRC Handbook 2008, eq. 1.4; COINr `n_zscore`):
///
/// `y = mean + sd·s·(x − x̄)/σ`, `s = −1` under negative polarity, with x̄ and σ the mean and standard
/// deviation of the column's observed values; σ the sample sd (n − 1) by default, the population sd (n)
/// selectable. Defaults: mean 0, sd 1 (e.g. mean 100, sd 10 for `100 + 10z`). A constant column (or a
/// single observed value under the sample sd) is an error ([`CompositeError::ConstantIndicator`]).
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, Normaliser, ZScore};
/// use mfg_quality_indicators::{Polarity, stats::VarianceKind};
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [1.0, 2.0, 3.0];
/// ZScore::new(VarianceKind::Sample, 100.0, 10.0)?
///     .normalise_column(&mut x, &[true; 3], Polarity::Positive, &ctx)?;
/// assert_eq!(x, [90.0, 100.0, 110.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZScore {
    variance: VarianceKind,
    mean: f64,
    sd: f64,
}

impl ZScore {
    /// Z-scores with target `mean` and `sd`, σ estimated by `variance`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] (`mean/sd`) unless `mean` is finite and `sd` finite and
    /// positive.
    pub fn new(variance: VarianceKind, mean: f64, sd: f64) -> Result<Self> {
        check(mean, sd)?;
        Ok(ZScore { variance, mean, sd })
    }

    /// Sample or population standard deviation.
    pub fn variance(&self) -> VarianceKind {
        self.variance
    }

    /// The target mean.
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// The target standard deviation.
    pub fn sd(&self) -> f64 {
        self.sd
    }
}

impl Default for ZScore {
    /// Standard scores: sample sd, mean 0, sd 1.
    fn default() -> Self {
        ZScore {
            variance: VarianceKind::Sample,
            mean: 0.0,
            sd: 1.0,
        }
    }
}

impl Normaliser for ZScore {
    fn name(&self) -> &'static str {
        "z_score"
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        let neg = polarity == Polarity::Negative;
        normalise(self.variance, self.mean, self.sd, x, mask, neg, ctx)
    }

    fn affine(
        &self,
        x: &[f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<Affine>> {
        let neg = polarity == Polarity::Negative;
        affine(self.variance, self.mean, self.sd, x, mask, neg, ctx)
    }
}

pub(super) fn check(mean: f64, sd: f64) -> Result<()> {
    if !(mean.is_finite() && sd.is_finite() && sd > 0.0) {
        return Err(invalid(
            "z_score",
            "mean/sd",
            format!("need finite mean and sd > 0, got {mean}, {sd}"),
        ));
    }
    Ok(())
}

/// Standard deviation of the `n` observed values around their mean `mu` (sample or population).
///
/// # Errors
/// [`CompositeError::ConstantIndicator`] when it is zero (including a single observed value under the
/// sample variance); [`CompositeError::Overflow`] when the mean or the sum of squares overflows.
fn masked_sd(
    x: &[f64],
    mask: &[bool],
    (mu, n): (f64, usize),
    variance: VarianceKind,
    ctx: &ColumnContext,
) -> Result<f64> {
    let mut ss = 0.0;
    for (&v, &m) in x.iter().zip(mask) {
        let d = if m { v - mu } else { 0.0 };
        ss += d * d;
    }
    let denom = match variance {
        VarianceKind::Sample => n.saturating_sub(1),
        VarianceKind::Population => n,
    } as f64;
    let sigma = if denom > 0.0 {
        (ss / denom).sqrt()
    } else {
        0.0
    };
    if !sigma.is_finite() || !mu.is_finite() {
        let what = if mu.is_finite() {
            "the standard deviation (its sum of squares)"
        } else {
            "the mean (its sum)"
        };
        return Err(overflow("z_score", what.to_string(), x, mask, ctx));
    }
    if sigma <= 0.0 {
        return Err(CompositeError::ConstantIndicator {
            indicator: ctx.indicator.to_string(),
            period: ctx.period,
            method: "z-score",
        });
    }
    Ok(sigma)
}

/// Z-scores of one column in place ([`Normaliser::normalise_column`]).
pub(super) fn normalise(
    variance: VarianceKind,
    mean: f64,
    sd: f64,
    x: &mut [f64],
    mask: &[bool],
    neg: bool,
    ctx: &ColumnContext,
) -> Result<()> {
    if !any_observed(mask) {
        return Ok(());
    }
    let (mu, n) = masked_mean(x, mask);
    let sigma = masked_sd(x, mask, (mu, n), variance, ctx)?;
    let k = if neg { -sd / sigma } else { sd / sigma };
    for (v, &m) in x.iter_mut().zip(mask) {
        let y = mean + k * (*v - mu);
        *v = if m { y } else { 0.0 };
    }
    check_finite("z_score", x, mask, ctx)
}

/// [`Normaliser::affine`] of the z-score: `scale = ±sd/σ`, `offset = mean − scale·x̄`.
pub(super) fn affine(
    variance: VarianceKind,
    mean: f64,
    sd: f64,
    x: &[f64],
    mask: &[bool],
    neg: bool,
    ctx: &ColumnContext,
) -> Result<Option<Affine>> {
    let (mu, n) = masked_mean(x, mask);
    if n == 0 {
        return Ok(Some(Affine {
            scale: 1.0,
            offset: 0.0,
        }));
    }
    let sigma = masked_sd(x, mask, (mu, n), variance, ctx)?;
    let k = if neg { -sd / sigma } else { sd / sigma };
    Ok(Some(Affine {
        scale: k,
        offset: mean - k * mu,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_rejects_bad_mean_or_sd() {
        for (mean, sd) in [
            (0.0, 0.0),
            (0.0, -1.0),
            (0.0, f64::NAN),
            (f64::INFINITY, 1.0),
        ] {
            assert!(
                matches!(
                    ZScore::new(VarianceKind::Sample, mean, sd),
                    Err(CompositeError::InvalidParameter {
                        method: "z_score",
                        parameter: "mean/sd",
                        ..
                    })
                ),
                "{mean}, {sd}"
            );
        }
        let z = ZScore::new(VarianceKind::Population, 100.0, 10.0).unwrap();
        assert_eq!(
            (z.variance(), z.mean(), z.sd()),
            (VarianceKind::Population, 100.0, 10.0)
        );
    }
}
