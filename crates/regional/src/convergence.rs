//! Convergence across periods: σ-convergence (falling dispersion) and β-convergence (growth regressed on the
//! initial level; Barro & Sala-i-Martin 1992).

use mfg_quality_indicators::stats::{self, VarianceKind};
use serde::{Deserialize, Serialize};

use crate::association::log_values;
use crate::error::{RegionalError, Result, check_finite, check_len};
use crate::inequality::coefficient_of_variation;
use crate::regression::LinearFit;

/// Dispersion in one period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Dispersion {
    /// The period's time value.
    pub time: f64,
    /// Sample standard deviation (n − 1) of `ln x`.
    pub sd_log: f64,
    /// Coefficient of variation (sample sd / mean) of `x`.
    pub cv: f64,
}

/// σ-convergence: dispersion per period and its linear trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SigmaConvergence {
    /// Dispersion per period, in the order given.
    pub periods: Vec<Dispersion>,
    /// Least-squares trend of `sd_log` on time (slope < 0 with a small p-value: σ-convergence).
    pub trend_sd_log: LinearFit,
    /// Least-squares trend of `cv` on time.
    pub trend_cv: LinearFit,
}

/// σ-convergence (Barro & Sala-i-Martin 1992; Sala-i-Martin 1996): for each period `t` the dispersion
/// `σ_t = sd(ln xᵢₜ)` (sample sd) and the CV of `xᵢₜ`, then the least-squares trends `σ_t = a + b·t` and
/// `CV_t = a + b·t`; σ-convergence means `b < 0`. `series[t]` holds the values of the same units in period
/// `times[t]`.
///
/// # Errors
/// [`RegionalError::TooFewPoints`] for fewer than 3 periods (the trend's t test needs one residual degree of
/// freedom) or fewer than 2 units, [`RegionalError::LengthMismatch`] if periods differ in length,
/// [`RegionalError::NonPositive`] for a value ≤ 0 (logs), [`RegionalError::ZeroVariance`] if all times are
/// equal.
pub fn sigma_convergence(times: &[f64], series: &[&[f64]]) -> Result<SigmaConvergence> {
    check_finite("times", times)?;
    if series.len() != times.len() {
        return Err(RegionalError::LengthMismatch {
            what: "series (periods)",
            got: series.len(),
            expected: times.len(),
        });
    }
    if times.len() < 3 {
        return Err(RegionalError::TooFewPoints {
            method: "sigma convergence (periods)",
            n: times.len(),
            min: 3,
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
    for (&time, &x) in times.iter().zip(series) {
        check_len("series (units)", x, n)?;
        check_finite("series", x)?;
        let lx = log_values("sigma convergence", x)?;
        periods.push(Dispersion {
            time,
            sd_log: stats::std_dev(&lx, VarianceKind::Sample),
            cv: coefficient_of_variation(x, None)?,
        });
    }
    let sd: Vec<f64> = periods.iter().map(|d| d.sd_log).collect();
    let cv: Vec<f64> = periods.iter().map(|d| d.cv).collect();
    Ok(SigmaConvergence {
        trend_sd_log: LinearFit::fit(times, &sd)?,
        trend_cv: LinearFit::fit(times, &cv)?,
        periods,
    })
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
}

/// Absolute β-convergence (Barro & Sala-i-Martin 1992, eq. (13) without controls): with average annual growth
/// `gᵢ = ln(xᵢ,T / xᵢ,0)/T`, fit `gᵢ = α + β ln xᵢ,0 + εᵢ` by least squares. In the neoclassical model
/// `β = −(1 − e^{−λT})/T`, so the implied speed is `λ = −ln(1 + βT)/T` (defined for `−1/T < β < 0`) and the
/// half-life — the time to close half of the gap to the steady state — is `ln 2/λ`. `β < 0` (significant)
/// means units that started lower grew faster.
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
    if !(years.is_finite() && years > 0.0) {
        return Err(RegionalError::InvalidParameter {
            name: "years",
            value: years,
            reason: "the horizon must be positive",
        });
    }
    check_len("final values", last, initial.len())?;
    check_finite("initial values", initial)?;
    check_finite("final values", last)?;
    let l0 = log_values("beta convergence (initial)", initial)?;
    let l1 = log_values("beta convergence (final)", last)?;
    let g: Vec<f64> = l1.iter().zip(&l0).map(|(a, b)| (a - b) / years).collect();
    let fit = LinearFit::fit(&l0, &g)?;
    let beta = fit.slope;
    let speed = if beta < 0.0 && 1.0 + beta * years > 0.0 {
        Some(-(1.0 + beta * years).ln() / years)
    } else {
        None
    };
    Ok(BetaConvergence {
        years,
        p_value: fit.p_slope,
        beta,
        half_life: speed.map(|l| std::f64::consts::LN_2 / l),
        speed,
        fit,
    })
}
