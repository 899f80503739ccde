//! Association of a regional variable with a covariate (e.g. the quality index with per-capita GDP, the
//! paper's Fig. 5): Pearson r with its t test and Fisher-z interval, Spearman ρ, Kendall τ-b, and the
//! least-squares line.

use mfg_quality_indicators::stats;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::error::{RegionalError, Result, check_finite, check_len, check_level};
use crate::regression::LinearFit;

/// Which correlation coefficient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrelationMethod {
    /// Pearson's product-moment r.
    Pearson,
    /// Spearman's rank ρ (average ranks for ties).
    Spearman,
    /// Kendall's τ-b (tie-corrected).
    KendallTauB,
}

/// A correlation coefficient with its test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correlation {
    /// The coefficient.
    pub method: CorrelationMethod,
    /// Number of pairs.
    pub n: usize,
    /// The estimate (r, ρ or τ-b).
    pub estimate: f64,
    /// The test statistic (t for Pearson and Spearman, z for Kendall); `None` when `|estimate| = 1` makes it
    /// infinite (the p-value is then 0).
    pub statistic: Option<f64>,
    /// Two-sided p-value of no association.
    pub p_value: f64,
    /// Confidence interval (Pearson only, Fisher z; needs n ≥ 4).
    pub ci: Option<(f64, f64)>,
}

pub(crate) fn check_pairs(method: &'static str, x: &[f64], y: &[f64]) -> Result<()> {
    check_len("y", y, x.len())?;
    check_finite("x", x)?;
    check_finite("y", y)?;
    if x.len() < 3 {
        return Err(RegionalError::TooFewPoints {
            method,
            n: x.len(),
            min: 3,
        });
    }
    for (variable, v) in [("x", x), ("y", y)] {
        if v.iter().all(|a| a.total_cmp(&v[0]).is_eq()) {
            return Err(RegionalError::ZeroVariance { method, variable });
        }
    }
    Ok(())
}

/// t test of a correlation: `t = r √((n − 2)/(1 − r²))`, `n − 2` df, two-sided (the p-value from
/// [`stats::correlation_p_value`], shared with the composite crate).
fn t_test(r: f64, n: usize) -> (Option<f64>, f64) {
    let df = n as f64 - 2.0;
    let one_minus = 1.0 - r * r;
    if one_minus <= 0.0 {
        return (None, 0.0);
    }
    let t = r * (df / one_minus).sqrt();
    (Some(t), stats::correlation_p_value(r, n))
}

/// Pearson's r ([`stats::pearson`]) with the t test (`t = r√((n−2)/(1−r²))`, Student t with `n − 2` df, as
/// `scipy.stats.pearsonr` and R `cor.test`) and the Fisher-z confidence interval
/// `tanh(atanh r ± z_{1−α/2}/√(n − 3))` (Fisher 1921; R `cor.test`), given for n ≥ 4.
///
/// ```
/// use mfg_quality_regional::pearson_test;
/// let c = pearson_test(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 4.0, 5.0, 4.0, 5.0], 0.95).unwrap();
/// assert!((c.estimate - 0.7745967).abs() < 1e-7);
/// ```
///
/// # Errors
/// [`RegionalError::TooFewPoints`] (n < 3), [`RegionalError::ZeroVariance`] for a constant variable,
/// [`RegionalError::LengthMismatch`], [`RegionalError::NonFinite`], [`RegionalError::InvalidParameter`]
/// (level).
pub fn pearson_test(x: &[f64], y: &[f64], level: f64) -> Result<Correlation> {
    check_level(level)?;
    check_pairs("Pearson correlation", x, y)?;
    let n = x.len();
    let r = stats::pearson(x, y).clamp(-1.0, 1.0);
    let (statistic, p_value) = t_test(r, n);
    let ci = if n >= 4 {
        if r.abs() >= 1.0 {
            Some((r, r))
        } else {
            let z = r.atanh();
            let q = Normal::standard().inverse_cdf(0.5 + level / 2.0);
            let h = q / (n as f64 - 3.0).sqrt();
            Some(((z - h).tanh(), (z + h).tanh()))
        }
    } else {
        None
    };
    Ok(Correlation {
        method: CorrelationMethod::Pearson,
        n,
        estimate: r,
        statistic,
        p_value,
        ci,
    })
}

/// Spearman's ρ ([`stats::spearman`]: Pearson r of average ranks, so ties are handled) with the p-value from
/// the t approximation `t = ρ√((n−2)/(1−ρ²))`, `n − 2` df — the method of `scipy.stats.spearmanr`; R's
/// `cor.test(method = "spearman")` uses an exact or Edgeworth p for small n without ties and can differ.
///
/// # Errors
/// As [`pearson_test`] (without the level).
pub fn spearman_test(x: &[f64], y: &[f64]) -> Result<Correlation> {
    check_pairs("Spearman correlation", x, y)?;
    let n = x.len();
    let rho = stats::spearman(x, y).clamp(-1.0, 1.0);
    let (statistic, p_value) = t_test(rho, n);
    Ok(Correlation {
        method: CorrelationMethod::Spearman,
        n,
        estimate: rho,
        statistic,
        p_value,
        ci: None,
    })
}

/// Kendall's τ-b (Kendall 1945): with `S = Σ_{i<j} sign(xᵢ − xⱼ) sign(yᵢ − yⱼ)` (concordant minus discordant
/// pairs), `n₀ = n(n − 1)/2`, `n₁ = Σ t(t − 1)/2` over ties in x and `n₂ = Σ u(u − 1)/2` over ties in y:
/// `τ_b = S / √((n₀ − n₁)(n₀ − n₂))`. The p-value is the normal approximation `z = S/√Var(S)` with the
/// tie-corrected variance
/// `Var(S) = [n(n−1)(2n+5) − Σt(t−1)(2t+5) − Σu(u−1)(2u+5)]/18 + Σt(t−1)Σu(u−1)/(2n(n−1))
/// + Σt(t−1)(t−2)Σu(u−1)(u−2)/(9n(n−1)(n−2))` (Kendall & Gibbons 1990), exactly as
/// `scipy.stats.kendalltau(method = "asymptotic")`. O(n²) pair count, meant for regional samples. This is
/// [`kendall_test`](crate::kendall_test) with [`KendallPValue::Normal`](crate::KendallPValue::Normal),
/// which also offers exact and continuity-corrected p-values and reports `S` and `Var(S)`.
///
/// # Errors
/// As [`spearman_test`].
pub fn kendall_tau_b(x: &[f64], y: &[f64]) -> Result<Correlation> {
    let k = crate::rank_tests::kendall_test(x, y, crate::rank_tests::KendallPValue::Normal)?;
    Ok(Correlation {
        method: CorrelationMethod::KendallTauB,
        n: k.n,
        estimate: k.tau_b,
        statistic: k.z,
        p_value: k.p_value,
        ci: None,
    })
}

/// A transformation of the covariate before the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Transform {
    /// Use the values as they are (the default).
    #[default]
    Identity,
    /// Natural logarithm (e.g. of per-capita GDP); values must be positive.
    Log,
}

impl Transform {
    /// Applies the transform.
    ///
    /// # Errors
    /// [`RegionalError::NonPositive`] for a value ≤ 0 under [`Transform::Log`], [`RegionalError::NonFinite`].
    pub fn apply(self, x: &[f64]) -> Result<Vec<f64>> {
        check_finite("x", x)?;
        match self {
            Transform::Identity => Ok(x.to_vec()),
            Transform::Log => log_values("log of covariate", x),
        }
    }
}

/// Natural logs of strictly positive values, else [`RegionalError::NonPositive`].
pub(crate) fn log_values(method: &'static str, x: &[f64]) -> Result<Vec<f64>> {
    x.iter()
        .enumerate()
        .map(|(position, &v)| {
            if v > 0.0 {
                Ok(v.ln())
            } else {
                Err(RegionalError::NonPositive {
                    method,
                    position,
                    value: v,
                    reason: "must be > 0",
                })
            }
        })
        .collect()
}

/// Everything [`associate`] computes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Association {
    /// The covariate transform applied.
    pub transform: Transform,
    /// Pearson r, t test, Fisher-z interval.
    pub pearson: Correlation,
    /// Spearman ρ (invariant to a monotone transform of x).
    pub spearman: Correlation,
    /// Kendall τ-b (invariant to a monotone transform of x).
    pub kendall: Correlation,
    /// Least-squares line of `y` on the (transformed) covariate.
    pub fit: LinearFit,
    /// The transformed covariate (what the line was fitted on).
    pub x: Vec<f64>,
}

/// Pearson, Spearman and Kendall correlations and the least-squares line of `y` on the covariate `x`
/// (optionally logged), e.g. the provincial index on per-capita GDP (paper Fig. 5).
///
/// ```
/// use mfg_quality_regional::{Transform, associate};
/// let gdp = [30.0, 45.0, 60.0, 90.0, 110.0];
/// let idx = [80.5, 82.0, 83.1, 86.0, 88.2];
/// let a = associate(&gdp, &idx, Transform::Log, 0.95).unwrap();
/// assert!(a.pearson.estimate > 0.9 && a.fit.slope > 0.0);
/// assert_eq!(a.kendall.estimate, 1.0);
/// ```
///
/// # Errors
/// Those of the transform and of [`pearson_test`], [`LinearFit::fit`].
pub fn associate(x: &[f64], y: &[f64], transform: Transform, level: f64) -> Result<Association> {
    let tx = transform.apply(x)?;
    Ok(Association {
        transform,
        pearson: pearson_test(&tx, y, level)?,
        spearman: spearman_test(&tx, y)?,
        kendall: kendall_tau_b(&tx, y)?,
        fit: LinearFit::fit(&tx, y)?,
        x: tx,
    })
}
