//! Least squares: the simple line `y = a + b x` ([`LinearFit`]) and multiple regression ([`Ols`]), each with
//! classical and HC1 heteroskedasticity-robust standard errors, t tests, R², the standard error of the mean
//! prediction, and confidence and prediction intervals ([`Prediction`]).

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
    /// HC1 heteroskedasticity-robust standard error of the intercept (see [`Ols`]).
    pub se_intercept_hc1: f64,
    /// HC1 heteroskedasticity-robust standard error of the slope:
    /// `√(n/(n − 2) · Σ(xᵢ − x̄)² eᵢ² / Sxx²)` (White 1980 with the MacKinnon–White 1985 HC1 factor).
    pub se_slope_hc1: f64,
}

/// A prediction at one covariate point: the fitted mean, its standard error, and the confidence interval for
/// the mean response and the prediction interval for a new observation, at the stated level.
///
/// With residual sd `s`, leverage term `h = xₒ'(X'X)⁻¹xₒ` (for a line `1/n + (xₒ − x̄)²/Sxx`) and
/// `q = t_{1−α/2, df}` (statrs `StudentsT` inverse cdf): `se_mean = s√h`, `se_prediction = s√(1 + h)`,
/// mean interval `ŷ ± q·se_mean`, prediction interval `ŷ ± q·se_prediction` — as statsmodels
/// `get_prediction().summary_frame()` (`mean_se`, `mean_ci_*`, `obs_ci_*`) and R `predict(…, interval =
/// "confidence" | "prediction")`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// The fitted mean response `ŷ`.
    pub fit: f64,
    /// Standard error of the mean prediction, `s√h`.
    pub se_mean: f64,
    /// Standard error for a new observation, `s√(1 + h)`.
    pub se_prediction: f64,
    /// The confidence level `1 − α`.
    pub level: f64,
    /// Residual degrees of freedom of the t quantile.
    pub df: f64,
    /// The t quantile used, `t_{1−α/2, df}`.
    pub t_quantile: f64,
    /// Confidence interval for the mean response `(lower, upper)`.
    pub mean_interval: (f64, f64),
    /// Prediction interval for a new observation `(lower, upper)`.
    pub prediction_interval: (f64, f64),
}

impl Prediction {
    fn new(fit: f64, s: f64, h: f64, level: f64, df: f64, n: usize) -> Result<Self> {
        check_level(level)?;
        let q = t_quantile(level, df, n)?;
        let se_mean = s * h.sqrt();
        let se_prediction = s * (1.0 + h).sqrt();
        Ok(Prediction {
            fit,
            se_mean,
            se_prediction,
            level,
            df,
            t_quantile: q,
            mean_interval: (fit - q * se_mean, fit + q * se_mean),
            prediction_interval: (fit - q * se_prediction, fit + q * se_prediction),
        })
    }
}

/// `t_{(1+level)/2, df}`.
fn t_quantile(level: f64, df: f64, n: usize) -> Result<f64> {
    StudentsT::new(0.0, 1.0, df)
        .map(|d| d.inverse_cdf(0.5 + level / 2.0))
        .map_err(|_| RegionalError::TooFewPoints {
            method: "t quantile (residual degrees of freedom)",
            n,
            min: 3,
        })
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

pub(crate) fn two_sided(t: Option<f64>, df: f64) -> f64 {
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
        // One pass: SSE and the HC1 sandwich sums. The OLS estimates are linear in y,
        // b = Σ dxᵢ yᵢ / Sxx and a = Σ cᵢ yᵢ with cᵢ = 1/n − x̄ dxᵢ/Sxx, so their White variances are
        // Σ dxᵢ² eᵢ² / Sxx² and Σ cᵢ² eᵢ².
        let (mut sse, mut hb, mut ha) = (0.0, 0.0, 0.0);
        for (&a, &b) in x.iter().zip(y) {
            let e = b - intercept - slope * a;
            let e2 = e * e;
            let dx = a - xm;
            let c = 1.0 / nf - xm * dx / sxx;
            sse += e2;
            hb += dx * dx * e2;
            ha += c * c * e2;
        }
        let df = nf - 2.0;
        let hc1 = nf / df;
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
            se_intercept_hc1: (hc1 * ha).sqrt(),
            se_slope_hc1: (hc1 * hb).sqrt() / sxx,
        })
    }

    /// The prediction at `x` with the standard error of the mean prediction, the confidence interval for the
    /// mean response and the prediction interval for a new observation (see [`Prediction`]; here
    /// `h = 1/n + (x − x̄)²/Sxx`, `df = n − 2`).
    ///
    /// ```
    /// use mfg_quality_regional::LinearFit;
    /// let fit = LinearFit::fit(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.1, 5.9, 8.0]).unwrap();
    /// let p = fit.prediction(2.5, 0.95).unwrap();
    /// assert!(p.prediction_interval.0 < p.mean_interval.0 && p.mean_interval.1 < p.prediction_interval.1);
    /// ```
    ///
    /// # Errors
    /// [`RegionalError::InvalidParameter`] for a level outside (0, 1), [`RegionalError::NonFinite`] for a
    /// non-finite `x`.
    pub fn prediction(&self, x: f64, level: f64) -> Result<Prediction> {
        check_finite("x", &[x])?;
        let d = x - self.x_mean;
        let h = 1.0 / self.n as f64 + d * d / self.sxx;
        Prediction::new(self.predict(x), self.residual_sd, h, level, self.df, self.n)
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

/// A multiple linear regression `y = Xβ + ε` by ordinary least squares.
///
/// `β̂ = (X'X)⁻¹X'y` (Cholesky of `X'X`), residuals `e = y − Xβ̂`, `s² = e'e/df` with
/// `df = n − k − absorbed` (`k` columns of `X`; `absorbed` parameters removed beforehand, e.g. the unit means
/// of a fixed-effects within transformation), classical covariance `s²(X'X)⁻¹`, and the HC1 robust covariance
/// `n/(n − k − absorbed) · (X'X)⁻¹ (Σ eᵢ² xᵢxᵢ') (X'X)⁻¹` (White 1980; MacKinnon & White 1985), as statsmodels
/// `OLS(...).fit(cov_type = "HC1")`. t tests use `df` degrees of freedom, two-sided. R² is centred when the
/// model has an intercept (column of ones) and uncentred otherwise (statsmodels convention).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ols {
    /// Observations.
    pub n: usize,
    /// Names of the coefficients (`const` for the intercept).
    pub names: Vec<String>,
    /// Coefficients `β̂`.
    pub coefficients: Vec<f64>,
    /// Classical standard errors.
    pub se: Vec<f64>,
    /// HC1 robust standard errors.
    pub se_hc1: Vec<f64>,
    /// t statistics `β̂/se` (`None` when `se = 0`).
    pub t: Vec<Option<f64>>,
    /// Two-sided p-values of `β = 0` (classical).
    pub p: Vec<f64>,
    /// Two-sided p-values of `β = 0` with the HC1 standard errors (t with `df`).
    pub p_hc1: Vec<f64>,
    /// Coefficient of determination.
    pub r_squared: f64,
    /// Residual standard deviation `s`.
    pub residual_sd: f64,
    /// Residual degrees of freedom.
    pub df: f64,
    /// `(X'X)⁻¹`, row-major `k × k`.
    pub xtx_inv: Vec<f64>,
}

impl Ols {
    /// Fits `y` on an intercept and the given regressors (`regressors[j]` is the j-th column, named
    /// `names[j]`).
    ///
    /// ```
    /// use mfg_quality_regional::Ols;
    /// let x1 = [1.0, 2.0, 3.0, 4.0, 5.0];
    /// let x2 = [0.0, 1.0, 0.0, 1.0, 0.0];
    /// let y = [1.1, 2.9, 3.1, 5.0, 5.1];
    /// let m = Ols::fit(&y, &[&x1, &x2], &["x1", "x2"]).unwrap();
    /// assert_eq!(m.names[0], "const");
    /// assert!((m.coefficients[1] - 1.0).abs() < 0.1);
    /// ```
    ///
    /// # Errors
    /// [`RegionalError::LengthMismatch`] (also for `names`), [`RegionalError::NonFinite`],
    /// [`RegionalError::RankDeficient`] when the columns are collinear or `n ≤ k`.
    pub fn fit(y: &[f64], regressors: &[&[f64]], names: &[&str]) -> Result<Ols> {
        if names.len() != regressors.len() {
            return Err(RegionalError::LengthMismatch {
                what: "regressor names",
                got: names.len(),
                expected: regressors.len(),
            });
        }
        check_finite("y", y)?;
        for r in regressors {
            check_len("regressor", r, y.len())?;
            check_finite("regressor", r)?;
        }
        let n = y.len();
        let k = regressors.len() + 1;
        let x = nalgebra::DMatrix::from_fn(
            n,
            k,
            |i, j| if j == 0 { 1.0 } else { regressors[j - 1][i] },
        );
        let mut all = Vec::with_capacity(k);
        all.push("const".to_string());
        all.extend(names.iter().map(|s| s.to_string()));
        Self::fit_matrix("least squares", &x, y, all, 0, true)
    }

    /// Fits `y = Xβ` for a design matrix given as columns, with `absorbed` parameters already removed from
    /// the data (they reduce the degrees of freedom). `centred` selects the R² convention.
    pub(crate) fn fit_matrix(
        method: &'static str,
        x: &nalgebra::DMatrix<f64>,
        y: &[f64],
        names: Vec<String>,
        absorbed: usize,
        centred: bool,
    ) -> Result<Ols> {
        let (n, k) = x.shape();
        let rank_err = RegionalError::RankDeficient {
            method,
            rows: n,
            columns: k + absorbed,
        };
        if n <= k + absorbed {
            return Err(rank_err);
        }
        let yv = nalgebra::DVector::from_column_slice(y);
        let xtx = x.transpose() * x;
        let chol = xtx.clone().cholesky().ok_or(rank_err.clone())?;
        let inv = chol.inverse();
        // Relative conditioning check: a nearly singular X'X gives meaningless coefficients. The check is
        // per column and scale-free: (X'X)⁻¹_jj (X'X)_jj = 1 / (1 − R_j²), R_j² of column j on the others
        // (the variance inflation factor), so columns of very different magnitudes do not trip it.
        if inv
            .diagonal()
            .iter()
            .zip(xtx.diagonal().iter())
            .any(|(&v, &d)| !(v.is_finite() && v > 0.0) || v * d > 1e12)
        {
            return Err(rank_err);
        }
        let beta = &inv * (x.transpose() * &yv);
        let resid = &yv - x * &beta;
        let sse = resid.norm_squared();
        let df = (n - k - absorbed) as f64;
        let s2 = sse / df;
        // Σ eᵢ² xᵢxᵢ'
        let mut meat = nalgebra::DMatrix::<f64>::zeros(k, k);
        for i in 0..n {
            let xi = x.row(i);
            let e2 = resid[i] * resid[i];
            meat += e2 * xi.transpose() * xi;
        }
        let hc1 = &inv * meat * &inv * (n as f64 / df);
        let ybar = if centred {
            y.iter().sum::<f64>() / n as f64
        } else {
            0.0
        };
        let sst: f64 = y.iter().map(|v| (v - ybar) * (v - ybar)).sum();
        let r_squared = if sst > 0.0 {
            (1.0 - sse / sst).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let coefficients: Vec<f64> = beta.iter().copied().collect();
        let se: Vec<f64> = (0..k).map(|j| (s2 * inv[(j, j)]).max(0.0).sqrt()).collect();
        let se_hc1: Vec<f64> = (0..k).map(|j| hc1[(j, j)].max(0.0).sqrt()).collect();
        let t: Vec<Option<f64>> = coefficients
            .iter()
            .zip(&se)
            .map(|(b, s)| (*s > 0.0).then(|| b / s))
            .collect();
        let p = t.iter().map(|&t| two_sided(t, df)).collect();
        let p_hc1 = coefficients
            .iter()
            .zip(&se_hc1)
            .map(|(b, s)| two_sided((*s > 0.0).then(|| b / s), df))
            .collect();
        let mut xtx_inv = Vec::with_capacity(k * k);
        for i in 0..k {
            for j in 0..k {
                xtx_inv.push(inv[(i, j)]);
            }
        }
        Ok(Ols {
            n,
            names,
            coefficients,
            se,
            se_hc1,
            t,
            p,
            p_hc1,
            r_squared,
            residual_sd: s2.sqrt(),
            df,
            xtx_inv,
        })
    }

    /// Number of coefficients `k`.
    pub fn k(&self) -> usize {
        self.coefficients.len()
    }

    /// The prediction at the regressor values `row` (without the leading 1 of the intercept): fitted mean,
    /// standard error of the mean prediction, mean and prediction intervals (see [`Prediction`]; here
    /// `h = x'(X'X)⁻¹x` with `x = (1, row)`).
    ///
    /// # Errors
    /// [`RegionalError::LengthMismatch`] if `row` does not have `k − 1` values (or a hand-built `Ols` has an
    /// `xtx_inv` of the wrong size), [`RegionalError::NonFinite`],
    /// [`RegionalError::InvalidParameter`] for the level.
    pub fn prediction(&self, row: &[f64], level: f64) -> Result<Prediction> {
        let k = self.k();
        if k == 0 || self.xtx_inv.len() != k * k {
            return Err(RegionalError::LengthMismatch {
                what: "(X'X)^-1 of the fit",
                got: self.xtx_inv.len(),
                expected: k * k,
            });
        }
        check_len("prediction row", row, k - 1)?;
        check_finite("prediction row", row)?;
        let xo = |j: usize| if j == 0 { 1.0 } else { row[j - 1] };
        let fit: f64 = (0..k).map(|j| xo(j) * self.coefficients[j]).sum();
        let mut h = 0.0;
        for i in 0..k {
            for j in 0..k {
                h += xo(i) * self.xtx_inv[i * k + j] * xo(j);
            }
        }
        Prediction::new(fit, self.residual_sd, h.max(0.0), level, self.df, self.n)
    }
}
