//! Convergence across periods: σ-convergence (falling dispersion) and β-convergence (growth regressed on the
//! initial level; Barro & Sala-i-Martin 1992).

use mfg_quality_indicators::stats::{self, VarianceKind};
use serde::{Deserialize, Serialize};

use crate::association::log_values;
use crate::error::{RegionalError, Result, check_finite, check_len};
use crate::regression::{LinearFit, Ols};
use statrs::distribution::{ChiSquared, ContinuousCDF};

/// Dispersion in one period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Dispersion {
    /// The period's time value.
    pub time: f64,
    /// Standard deviation of `ln x` (sample, n − 1, or population, n, as chosen).
    pub sd_log: f64,
    /// Coefficient of variation (sd / mean, the same denominator) of `x`.
    pub cv: f64,
}

/// σ-convergence between the first and the last period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SigmaChange {
    /// `sd_log(last) − sd_log(first)` (< 0: dispersion fell).
    pub sd_log_change: f64,
    /// `sd_log(last)/sd_log(first)`.
    pub sd_log_ratio: f64,
    /// `cv(last) − cv(first)`.
    pub cv_change: f64,
    /// `cv(last)/cv(first)`.
    pub cv_ratio: f64,
    /// Carree & Klomp's (1997) `T₂ = (N − 2.5)·ln(1 + (σ̂₁² − σ̂_T²)² / (4(σ̂₁²σ̂_T² − σ̂₁T²)))` for equal
    /// variances of `ln x` in the two periods (σ̂₁T the covariance of the logs of the same units; the
    /// ratio is the same for either denominator); `None` when the logs of the two periods are perfectly
    /// correlated (the denominator is 0) or there are fewer than 3 units.
    pub t2: Option<f64>,
    /// p-value of `T₂` from χ²(1) (large-sample; one-sided in the sense that `T₂ ≥ 0` measures any change).
    pub p_value: Option<f64>,
}

/// σ-convergence: dispersion per period, the first-to-last change, and the linear trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SigmaConvergence {
    /// The denominator of the standard deviations.
    pub dispersion: VarianceKind,
    /// Dispersion per period, in the order given.
    pub periods: Vec<Dispersion>,
    /// Change between the first and the last period.
    pub change: SigmaChange,
    /// Least-squares trend of `sd_log` on time (slope < 0 with a small p-value: σ-convergence); `None` for
    /// two periods (a line through two points has no residual degree of freedom).
    pub trend_sd_log: Option<LinearFit>,
    /// Least-squares trend of `cv` on time; `None` for two periods.
    pub trend_cv: Option<LinearFit>,
}

/// σ-convergence with sample standard deviations; see [`sigma_convergence_with`].
///
/// # Errors
/// As [`sigma_convergence_with`].
pub fn sigma_convergence(times: &[f64], series: &[&[f64]]) -> Result<SigmaConvergence> {
    sigma_convergence_with(times, series, VarianceKind::Sample)
}

/// σ-convergence (Barro & Sala-i-Martin 1992; Sala-i-Martin 1996) over two or more periods: for each period
/// `t` the dispersion `σ_t = sd(ln xᵢₜ)` and `CV_t = sd(xᵢₜ)/mean(xᵢₜ)`, with the sample (`n − 1`) or
/// population (`n`) denominator as chosen; the change between the first and the last period with Carree &
/// Klomp's (1997) `T₂` test of equal log variances; and, for three or more periods, the least-squares
/// trends `σ_t = a + b·t` and `CV_t = a + b·t`. σ-convergence means falling dispersion (`b < 0`).
/// `series[t]` holds the values of the same units in period `times[t]`.
///
/// # Errors
/// [`RegionalError::TooFewPoints`] for fewer than 2 periods or fewer than 2 units (`T₂` needs 3 units,
/// `N > 2.5`, and is `None` below), [`RegionalError::LengthMismatch`] if periods differ in length,
/// [`RegionalError::NonPositive`] for a value ≤ 0 (logs), [`RegionalError::ZeroVariance`] if all times are
/// equal (three or more periods).
pub fn sigma_convergence_with(
    times: &[f64],
    series: &[&[f64]],
    dispersion: VarianceKind,
) -> Result<SigmaConvergence> {
    check_finite("times", times)?;
    if series.len() != times.len() {
        return Err(RegionalError::LengthMismatch {
            what: "series (periods)",
            got: series.len(),
            expected: times.len(),
        });
    }
    if times.len() < 2 {
        return Err(RegionalError::TooFewPoints {
            method: "sigma convergence (periods)",
            n: times.len(),
            min: 2,
        });
    }
    let n = series[0].len();
    if n < 2 {
        return Err(RegionalError::TooFewPoints {
            method: "sigma convergence (units)",
            n,
            min: 2,
        });
    }
    let mut periods = Vec::with_capacity(times.len());
    let mut first_logs = Vec::new();
    let mut last_logs = Vec::new();
    for (t, (&time, &x)) in times.iter().zip(series).enumerate() {
        check_len("series (units)", x, n)?;
        check_finite("series", x)?;
        let lx = log_values("sigma convergence", x)?;
        let m = stats::mean(x);
        periods.push(Dispersion {
            time,
            sd_log: stats::std_dev(&lx, dispersion),
            cv: stats::std_dev(x, dispersion) / m,
        });
        if t == 0 {
            first_logs = lx;
        } else if t + 1 == times.len() {
            last_logs = lx;
        }
    }
    let (a, b) = (periods[0], periods[periods.len() - 1]);
    let change = carree_klomp(&first_logs, &last_logs, a, b);
    let (trend_sd_log, trend_cv) = if times.len() >= 3 {
        let sd: Vec<f64> = periods.iter().map(|d| d.sd_log).collect();
        let cv: Vec<f64> = periods.iter().map(|d| d.cv).collect();
        (
            Some(LinearFit::fit(times, &sd)?),
            Some(LinearFit::fit(times, &cv)?),
        )
    } else {
        (None, None)
    };
    Ok(SigmaConvergence {
        dispersion,
        periods,
        change,
        trend_sd_log,
        trend_cv,
    })
}

fn carree_klomp(l1: &[f64], l2: &[f64], a: Dispersion, b: Dispersion) -> SigmaChange {
    let nf = l1.len() as f64;
    let (m1, m2) = (stats::mean(l1), stats::mean(l2));
    let (mut v1, mut v2, mut c) = (0.0, 0.0, 0.0);
    for (&x, &y) in l1.iter().zip(l2) {
        v1 += (x - m1) * (x - m1);
        v2 += (y - m2) * (y - m2);
        c += (x - m1) * (y - m2);
    }
    let (v1, v2, c) = (v1 / nf, v2 / nf, c / nf);
    let den = 4.0 * (v1 * v2 - c * c);
    let t2 =
        (den > 0.0 && nf >= 3.0).then(|| (nf - 2.5) * (1.0 + (v1 - v2) * (v1 - v2) / den).ln());
    let p_value = t2.map(|t| ChiSquared::new(1.0).map_or(1.0, |d| d.sf(t)));
    SigmaChange {
        sd_log_change: b.sd_log - a.sd_log,
        sd_log_ratio: b.sd_log / a.sd_log,
        cv_change: b.cv - a.cv,
        cv_ratio: b.cv / a.cv,
        t2,
        p_value,
    }
}

/// How the implied speed of convergence and the half-life are obtained from a β-convergence slope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SpeedConvention {
    /// Barro & Sala-i-Martin (1992; *Economic Growth*, 2nd ed. 2004, §11.2): the regression of the average
    /// annual log growth over `T` years on the initial log level has slope `β = −(1 − e^{−λT})/T`, so
    /// `λ = −ln(1 + βT)/T` (defined for `−1/T < β < 0`) and the half-life — the time to close half of the
    /// gap to the steady state — is `ln 2/λ`. (Not the shortcut `λ = −β`, which ignores the horizon.)
    #[default]
    BarroSalaIMartin,
}

impl SpeedConvention {
    /// `(λ, half-life)` for slope `beta` over an interval of `years`; `None` outside `−1/T < β < 0`.
    pub fn speed_and_half_life(self, beta: f64, years: f64) -> (Option<f64>, Option<f64>) {
        match self {
            SpeedConvention::BarroSalaIMartin => {
                let speed = (beta < 0.0 && 1.0 + beta * years > 0.0)
                    .then(|| -(1.0 + beta * years).ln() / years);
                (speed, speed.map(|l| std::f64::consts::LN_2 / l))
            }
        }
    }
}

/// β-convergence result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BetaConvergence {
    /// Years between the initial and final period, `T`.
    pub years: f64,
    /// The regression of average annual log growth on the initial log level.
    pub fit: LinearFit,
    /// `β̂`, the slope.
    pub beta: f64,
    /// Two-sided p-value of `β = 0`.
    pub p_value: f64,
    /// Implied speed of convergence `λ = −ln(1 + β̂T)/T`, when `−1/T < β̂ < 0` (else `None`).
    pub speed: Option<f64>,
    /// Half-life `ln 2 / λ` in years, when `speed` is defined.
    pub half_life: Option<f64>,
    /// The convention of `speed` and `half_life`.
    pub convention: SpeedConvention,
}

fn check_years(years: f64) -> Result<()> {
    if years.is_finite() && years > 0.0 {
        Ok(())
    } else {
        Err(RegionalError::InvalidParameter {
            parameter: "years",
            value: years,
            reason: "the horizon must be positive",
        })
    }
}

/// Average annual log growth `ln(x_T/x_0)/T` and the initial logs.
fn growth(initial: &[f64], last: &[f64], years: f64) -> Result<(Vec<f64>, Vec<f64>)> {
    check_years(years)?;
    check_len("final values", last, initial.len())?;
    check_finite("initial values", initial)?;
    check_finite("final values", last)?;
    let l0 = log_values("beta convergence (initial)", initial)?;
    let l1 = log_values("beta convergence (final)", last)?;
    let g = l1.iter().zip(&l0).map(|(a, b)| (a - b) / years).collect();
    Ok((l0, g))
}

/// Absolute β-convergence (Barro & Sala-i-Martin 1992, eq. (13) without controls): with average annual growth
/// `gᵢ = ln(xᵢ,T / xᵢ,0)/T`, fit `gᵢ = α + β ln xᵢ,0 + εᵢ` by least squares. The implied speed and half-life
/// follow [`SpeedConvention::BarroSalaIMartin`]: `λ = −ln(1 + βT)/T` (defined for `−1/T < β < 0`),
/// half-life `ln 2/λ`. `β < 0` (significant) means units that started lower grew faster.
///
/// ```
/// use mfg_quality_regional::beta_convergence;
/// let x0 = [80.0, 82.0, 85.0, 88.0];
/// let x1 = [84.0, 85.0, 87.0, 89.0];
/// let b = beta_convergence(&x0, &x1, 5.0).unwrap();
/// assert!(b.beta < 0.0 && b.half_life.unwrap() > 0.0);
/// ```
///
/// # Errors
/// [`RegionalError::InvalidParameter`] for `years ≤ 0`, [`RegionalError::NonPositive`] for a value ≤ 0,
/// [`RegionalError::LengthMismatch`], [`RegionalError::TooFewPoints`] (n < 3),
/// [`RegionalError::ZeroVariance`] if all initial values are equal.
pub fn beta_convergence(initial: &[f64], last: &[f64], years: f64) -> Result<BetaConvergence> {
    let (l0, g) = growth(initial, last, years)?;
    let fit = LinearFit::fit(&l0, &g)?;
    let beta = fit.slope;
    let convention = SpeedConvention::BarroSalaIMartin;
    let (speed, half_life) = convention.speed_and_half_life(beta, years);
    Ok(BetaConvergence {
        years,
        p_value: fit.p_slope,
        beta,
        half_life,
        speed,
        fit,
        convention,
    })
}

/// A β-convergence slope estimated by a multiple regression (conditional or fixed effects).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegressionBeta {
    /// Interval length `T` (years) of the growth rates.
    pub years: f64,
    /// The full regression (coefficient `ln_initial` is `β`).
    pub ols: Ols,
    /// `β̂`.
    pub beta: f64,
    /// Classical standard error of `β̂`.
    pub se: f64,
    /// HC1 robust standard error of `β̂`.
    pub se_hc1: f64,
    /// Two-sided p-value of `β = 0` (classical).
    pub p_value: f64,
    /// Implied speed `λ` ([`SpeedConvention::BarroSalaIMartin`]).
    pub speed: Option<f64>,
    /// Half-life `ln 2/λ`.
    pub half_life: Option<f64>,
    /// The convention of `speed` and `half_life`.
    pub convention: SpeedConvention,
}

impl RegressionBeta {
    fn new(years: f64, ols: Ols, j: usize) -> Self {
        let convention = SpeedConvention::BarroSalaIMartin;
        let beta = ols.coefficients[j];
        let (speed, half_life) = convention.speed_and_half_life(beta, years);
        RegressionBeta {
            years,
            beta,
            se: ols.se[j],
            se_hc1: ols.se_hc1[j],
            p_value: ols.p[j],
            speed,
            half_life,
            convention,
            ols,
        }
    }
}

/// Conditional β-convergence (Barro & Sala-i-Martin 1992; Mankiw, Romer & Weil 1992): the average annual log
/// growth `gᵢ = ln(xᵢ,T/xᵢ,0)/T` regressed by least squares ([`Ols`]) on an intercept, `ln xᵢ,0` and control
/// variables `zᵢ₁ … zᵢₘ` (steady-state determinants), `gᵢ = α + β ln xᵢ,0 + Σγⱼzᵢⱼ + εᵢ`. Coefficient 1 of
/// the regression is `β`, named `ln_initial`; the controls follow under `names`. Speed and half-life as in
/// [`beta_convergence`].
///
/// # Errors
/// Those of [`beta_convergence`], [`RegionalError::LengthMismatch`] for a control of the wrong length or
/// `names`, [`RegionalError::RankDeficient`] for collinear controls or too few units.
pub fn conditional_beta_convergence(
    initial: &[f64],
    last: &[f64],
    years: f64,
    controls: &[&[f64]],
    names: &[&str],
) -> Result<RegressionBeta> {
    let (l0, g) = growth(initial, last, years)?;
    let mut cols: Vec<&[f64]> = Vec::with_capacity(controls.len() + 1);
    cols.push(&l0);
    cols.extend_from_slice(controls);
    let mut all = Vec::with_capacity(names.len() + 1);
    all.push("ln_initial");
    all.extend_from_slice(names);
    let ols = Ols::fit(&g, &cols, &all)?;
    Ok(RegressionBeta::new(years, ols, 1))
}

/// Panel β-convergence with unit fixed effects (Islam 1995): over equally spaced periods `t₀ < t₁ < …` with
/// interval `τ`, the annual growth `gᵢₜ = ln(xᵢ,ₜ₊₁/xᵢₜ)/τ` regressed on `ln xᵢₜ` with a fixed effect per
/// unit, `gᵢₜ = αᵢ + β ln xᵢₜ + εᵢₜ`, by the within estimator (both sides demeaned by unit; degrees of
/// freedom `N(P − 1) − N − 1` for `N` units and `P` periods, as least squares with unit dummies). The single
/// coefficient is `β` (`ln_initial`); speed and half-life use the interval `τ`. `series[t]` holds the values
/// of the same units in period `times[t]`.
///
/// # Errors
/// [`RegionalError::TooFewPoints`] for fewer than 3 periods (two growth spells per unit) or 2 units,
/// [`RegionalError::UnequalSpacing`], [`RegionalError::LengthMismatch`], [`RegionalError::NonPositive`]
/// (logs), [`RegionalError::RankDeficient`] when the within-unit log levels do not vary.
pub fn panel_beta_convergence(times: &[f64], series: &[&[f64]]) -> Result<RegressionBeta> {
    check_finite("times", times)?;
    if series.len() != times.len() {
        return Err(RegionalError::LengthMismatch {
            what: "series (periods)",
            got: series.len(),
            expected: times.len(),
        });
    }
    let p = times.len();
    if p < 3 {
        return Err(RegionalError::TooFewPoints {
            method: "panel beta convergence (periods)",
            n: p,
            min: 3,
        });
    }
    let tau = times[1] - times[0];
    check_years(tau)?;
    for t in 1..p - 1 {
        let gap = times[t + 1] - times[t];
        if (gap - tau).abs() > 1e-9 * tau.abs().max(1.0) {
            return Err(RegionalError::UnequalSpacing {
                period: t,
                gap,
                expected: tau,
            });
        }
    }
    let n = series[0].len();
    if n < 2 {
        return Err(RegionalError::TooFewPoints {
            method: "panel beta convergence (units)",
            n,
            min: 2,
        });
    }
    let mut logs = Vec::with_capacity(p);
    for x in series {
        check_len("series (units)", x, n)?;
        check_finite("series", x)?;
        logs.push(log_values("panel beta convergence", x)?);
    }
    let spells = p - 1;
    // Observations ordered unit-major: (unit i, spell t).
    let mut xs = Vec::with_capacity(n * spells);
    let mut ys = Vec::with_capacity(n * spells);
    for i in 0..n {
        let (mut sx, mut sy) = (0.0, 0.0);
        for t in 0..spells {
            let (l, g) = (logs[t][i], (logs[t + 1][i] - logs[t][i]) / tau);
            sx += l;
            sy += g;
            xs.push(l);
            ys.push(g);
        }
        let (mx, my) = (sx / spells as f64, sy / spells as f64);
        for t in 0..spells {
            xs[i * spells + t] -= mx;
            ys[i * spells + t] -= my;
        }
    }
    let x = nalgebra::DMatrix::from_column_slice(xs.len(), 1, &xs);
    let ols = Ols::fit_matrix(
        "panel beta convergence (within)",
        &x,
        &ys,
        vec!["ln_initial".to_string()],
        n,
        true,
    )?;
    Ok(RegressionBeta::new(tau, ols, 0))
}
