//! Simple least-squares line `y = a + b x` with standard errors, t tests, R² and a confidence band for the
//! mean response.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::error::{RegionalError, Result, check_finite, check_len, check_level};

/// A fitted line `ŷ = a + b x` by ordinary least squares.
///
/// With `x̄, ȳ` the means, `Sxx = Σ(xᵢ − x̄)²`, `Sxy = Σ(xᵢ − x̄)(yᵢ − ȳ)`: `b = Sxy/Sxx`, `a = ȳ − b x̄`;
/// residual variance `s² = Σeᵢ²/(n − 2)`; `se(b) = s/√Sxx`, `se(a) = s·√(1/n + x̄²/Sxx)`; `t = estimate/se`
/// with `n − 2` degrees of freedom (two-sided p from statrs `StudentsT`); `R² = 1 − SSE/SST`. This is the
/// closed form of the two-parameter normal equations (e.g. Montgomery, Peck & Vining, *Introduction to
/// Linear Regression Analysis*, ch. 2), computed on centred sums; it matches `scipy.stats.linregress` and R
/// `summary(lm(y ~ x))`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearFit {
    /// Number of points.
    pub n: usize,
    /// Intercept `a`.
    pub intercept: f64,
    /// Slope `b`.
    pub slope: f64,
    /// Standard error of the intercept.
    pub se_intercept: f64,
    /// Standard error of the slope.
    pub se_slope: f64,
    /// `a / se(a)`; `None` when `se(a) = 0` (a perfect fit), where the p-value is reported as 0.
    pub t_intercept: Option<f64>,
    /// `b / se(b)`; `None` when `se(b) = 0` (a perfect fit), where the p-value is reported as 0.
    pub t_slope: Option<f64>,
    /// Two-sided p-value of `a = 0`.
    pub p_intercept: f64,
    /// Two-sided p-value of `b = 0`.
    pub p_slope: f64,
    /// Coefficient of determination (0 when `y` is constant).
    pub r_squared: f64,
    /// Residual standard deviation `s`.
    pub residual_sd: f64,
    /// Residual degrees of freedom `n − 2`.
    pub df: f64,
    /// Mean of `x`.
    pub x_mean: f64,
    /// `Σ(xᵢ − x̄)²`.
    pub sxx: f64,
}

/// One point of a confidence band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BandPoint {
    /// The covariate value.
    pub x: f64,
    /// The fitted mean response `a + b x`.
    pub fit: f64,
    /// Lower limit.
    pub lower: f64,
    /// Upper limit.
    pub upper: f64,
}

fn two_sided(t: Option<f64>, df: f64) -> f64 {
    match t {
        None => 0.0,
        Some(t) => match StudentsT::new(0.0, 1.0, df) {
            Ok(d) => (2.0 * d.sf(t.abs())).min(1.0),
            Err(_) => 1.0,
        },
    }
}

impl LinearFit {
    /// Fits `y = a + b x`.
    ///
    /// ```
    /// use mfg_quality_regional::LinearFit;
    /// let fit = LinearFit::fit(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.1, 5.9, 8.0]).unwrap();
    /// assert!((fit.slope - 1.98).abs() < 1e-12);
    /// ```
    ///
    /// # Errors
    /// [`RegionalError::LengthMismatch`], [`RegionalError::NonFinite`], [`RegionalError::TooFewPoints`]
    /// (n < 3), [`RegionalError::ZeroVariance`] (`x`).
    pub fn fit(x: &[f64], y: &[f64]) -> Result<Self> {
        check_len("y", y, x.len())?;
        check_finite("x", x)?;
        check_finite("y", y)?;
        let n = x.len();
        if n < 3 {
            return Err(RegionalError::TooFewPoints {
                method: "least-squares line",
                n,
                min: 3,
            });
        }
        let nf = n as f64;
        let xm = x.iter().sum::<f64>() / nf;
        let ym = y.iter().sum::<f64>() / nf;
        let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
        for (&a, &b) in x.iter().zip(y) {
            let (dx, dy) = (a - xm, b - ym);
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if sxx <= 0.0 {
            return Err(RegionalError::ZeroVariance {
                method: "least-squares line",
                variable: "x",
            });
        }
        let slope = sxy / sxx;
        let intercept = ym - slope * xm;
        let sse: f64 = x
            .iter()
            .zip(y)
            .map(|(&a, &b)| {
                let e = b - intercept - slope * a;
                e * e
            })
            .sum();
        let df = nf - 2.0;
        let s = (sse / df).sqrt();
        let se_slope = s / sxx.sqrt();
        let se_intercept = s * (1.0 / nf + xm * xm / sxx).sqrt();
        let t_slope = (se_slope > 0.0).then(|| slope / se_slope);
        let t_intercept = (se_intercept > 0.0).then(|| intercept / se_intercept);
        let r_squared = if syy > 0.0 {
            (1.0 - sse / syy).clamp(0.0, 1.0)
        } else {
            0.0
        };
        Ok(LinearFit {
            n,
            intercept,
            slope,
            se_intercept,
            se_slope,
            p_intercept: two_sided(t_intercept, df),
            p_slope: two_sided(t_slope, df),
            t_intercept,
            t_slope,
            r_squared,
            residual_sd: s,
            df,
            x_mean: xm,
            sxx,
        })
    }

    /// The fitted mean response `a + b x`.
    pub fn predict(&self, x: f64) -> f64 {
        self.intercept + self.slope * x
    }

    /// Confidence band for the mean response at each `x`:
    /// `ŷ ± t_{1−α/2, n−2} · s · √(1/n + (x − x̄)²/Sxx)` with `level = 1 − α`
    /// (R `predict(fit, interval = "confidence")`).
    ///
    /// # Errors
    /// [`RegionalError::InvalidParameter`] for a level outside (0, 1), [`RegionalError::NonFinite`] for a
    /// non-finite `x`.
    pub fn confidence_band(&self, xs: &[f64], level: f64) -> Result<Vec<BandPoint>> {
        check_level(level)?;
        check_finite("x", xs)?;
        let t = StudentsT::new(0.0, 1.0, self.df)
            .map(|d| d.inverse_cdf(0.5 + level / 2.0))
            .map_err(|_| RegionalError::TooFewPoints {
                method: "confidence band",
                n: self.n,
                min: 3,
            })?;
        let nf = self.n as f64;
        Ok(xs
            .iter()
            .map(|&x| {
                let fit = self.predict(x);
                let d = x - self.x_mean;
                let h = t * self.residual_sd * (1.0 / nf + d * d / self.sxx).sqrt();
                BandPoint {
                    x,
                    fit,
                    lower: fit - h,
                    upper: fit + h,
                }
            })
            .collect())
    }
}
