//! Marginal distributions of the factors ([`Marginal`], validated into a [`Mapper`]) and the discrete-choice
//! mapping ([`cumulative`], [`choose`]).
//!
//! Every design of this crate draws points on the unit hypercube `[0, 1)^D`; a [`Mapper`] turns each
//! coordinate `u` into a model input by the inverse-CDF transform `x = F⁻¹(u)` of its factor's marginal
//! (statrs' `inverse_cdf` where it has one).

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, LogNormal, Normal, Triangular};

use crate::{Result, SensitivityError};

/// Tolerance on the sum of a discrete factor's probabilities.
pub const PROBABILITY_TOLERANCE: f64 = 1e-9;

/// The clamp applied to `u` before an unbounded inverse CDF (normal, lognormal): `[2⁻³⁰, 1 − 2⁻³⁰]`, below
/// the `2⁻²⁴` resolution of the Sobol points, so only `u = 0` is affected.
pub const TAIL_CLAMP: f64 = 1.0 / (1u64 << 30) as f64;

/// How a coordinate `u ∈ [0, 1)` of the unit hypercube maps to a model input (inverse-CDF transform).
///
/// The variants can be written directly (then they are checked when a design is built, naming the
/// factor) or through the validated constructors ([`Marginal::uniform`], [`Marginal::triangular`], ...),
/// which refuse bad parameters at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "distribution", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Marginal {
    /// `U(lo, hi)`: `x = lo + u (hi − lo)`. `Uniform { lo: 0, hi: 1 }` passes `u` through unchanged.
    Uniform {
        /// Lower bound.
        lo: f64,
        /// Upper bound (> `lo`).
        hi: f64,
    },
    /// `N(mean, sd²)`: `x = mean + sd Φ⁻¹(u)` (statrs), `u` clamped by [`TAIL_CLAMP`].
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation (> 0).
        sd: f64,
    },
    /// A choice among `probabilities.len()` options; the input is the 0-based index of the choice, as `f64`
    /// (see [`choose`]).
    Discrete {
        /// Probability of each choice (non-negative, summing to 1).
        probabilities: Vec<f64>,
    },
    /// Triangular on `[lo, hi]` with mode `mode`: `x = lo + √(u (hi − lo)(mode − lo))` for
    /// `u < (mode − lo)/(hi − lo)`, else `hi − √((1 − u)(hi − lo)(hi − mode))` (statrs).
    Triangular {
        /// Lower bound.
        lo: f64,
        /// Mode, in `[lo, hi]`.
        mode: f64,
        /// Upper bound (> `lo`).
        hi: f64,
    },
    /// Log-uniform (reciprocal) on `[lo, hi]`, `0 < lo < hi`: `x = exp(ln lo + u (ln hi − ln lo))`.
    LogUniform {
        /// Lower bound (> 0).
        lo: f64,
        /// Upper bound (> `lo`).
        hi: f64,
    },
    /// Lognormal: `ln x ~ N(mu, sigma²)`, `x = exp(mu + sigma Φ⁻¹(u))` (statrs), `u` clamped by
    /// [`TAIL_CLAMP`]. `mu` and `sigma` are the mean and sd of `ln x` (SALib's `lognorm`).
    LogNormal {
        /// Mean of `ln x`.
        mu: f64,
        /// Standard deviation of `ln x` (> 0).
        sigma: f64,
    },
    /// `N(mean, sd²)` truncated to `[lo, hi]` (either bound may be infinite):
    /// `x = mean + sd Φ⁻¹(Φ(α) + u (Φ(β) − Φ(α)))` with `α = (lo − mean)/sd`, `β = (hi − mean)/sd`,
    /// computed on the reflected tail when `α > 0` so that a far-tail interval keeps its precision
    /// (SALib's `truncnorm`). JSON has no infinity: in a JSON configuration give a one-sided truncation a
    /// far finite bound (e.g. `mean ± 40 sd`, beyond which the normal has no representable mass).
    TruncatedNormal {
        /// Mean of the untruncated normal.
        mean: f64,
        /// Standard deviation of the untruncated normal (> 0).
        sd: f64,
        /// Lower bound (may be `-inf`).
        lo: f64,
        /// Upper bound (> `lo`, may be `+inf`).
        hi: f64,
    },
}

impl Default for Marginal {
    fn default() -> Self {
        Marginal::Uniform { lo: 0.0, hi: 1.0 }
    }
}

impl Marginal {
    /// `U(lo, hi)`, checked.
    ///
    /// # Errors
    /// [`SensitivityError::InvalidMarginal`] unless both bounds are finite and `lo < hi`.
    pub fn uniform(lo: f64, hi: f64) -> Result<Self> {
        Self::checked(Marginal::Uniform { lo, hi })
    }

    /// `N(mean, sd²)`, checked.
    ///
    /// # Errors
    /// [`SensitivityError::InvalidMarginal`] unless `mean` is finite and `sd` finite and > 0.
    pub fn normal(mean: f64, sd: f64) -> Result<Self> {
        Self::checked(Marginal::Normal { mean, sd })
    }

    /// A discrete choice, checked (see [`cumulative`]).
    ///
    /// # Errors
    /// [`SensitivityError::EmptyChoices`], [`SensitivityError::InvalidProbabilities`].
    pub fn discrete(probabilities: Vec<f64>) -> Result<Self> {
        Self::checked(Marginal::Discrete { probabilities })
    }

    /// Triangular on `[lo, hi]` with mode `mode`, checked.
    ///
    /// # Errors
    /// [`SensitivityError::InvalidMarginal`] unless all three are finite, `lo < hi` and `lo ≤ mode ≤ hi`.
    pub fn triangular(lo: f64, mode: f64, hi: f64) -> Result<Self> {
        Self::checked(Marginal::Triangular { lo, mode, hi })
    }

    /// Log-uniform on `[lo, hi]`, checked.
    ///
    /// # Errors
    /// [`SensitivityError::InvalidMarginal`] unless both are finite and `0 < lo < hi`.
    pub fn log_uniform(lo: f64, hi: f64) -> Result<Self> {
        Self::checked(Marginal::LogUniform { lo, hi })
    }

    /// Lognormal with `ln x ~ N(mu, sigma²)`, checked.
    ///
    /// # Errors
    /// [`SensitivityError::InvalidMarginal`] unless `mu` is finite and `sigma` finite and > 0.
    pub fn lognormal(mu: f64, sigma: f64) -> Result<Self> {
        Self::checked(Marginal::LogNormal { mu, sigma })
    }

    /// `N(mean, sd²)` truncated to `[lo, hi]`, checked.
    ///
    /// # Errors
    /// [`SensitivityError::InvalidMarginal`] unless `mean` and `sd > 0` are finite, `lo < hi` (neither NaN),
    /// and the interval has a probability the double precision can represent (not entirely beyond
    /// ~38 standard deviations).
    pub fn truncated_normal(mean: f64, sd: f64, lo: f64, hi: f64) -> Result<Self> {
        Self::checked(Marginal::TruncatedNormal { mean, sd, lo, hi })
    }

    fn checked(m: Marginal) -> Result<Self> {
        Mapper::new(&m, "")?;
        Ok(m)
    }

    /// The distribution's key (`uniform`, `normal`, `discrete`, `triangular`, `log_uniform`, `log_normal`,
    /// `truncated_normal`), as in the serialised `distribution` tag.
    pub fn key(&self) -> &'static str {
        match self {
            Marginal::Uniform { .. } => "uniform",
            Marginal::Normal { .. } => "normal",
            Marginal::Discrete { .. } => "discrete",
            Marginal::Triangular { .. } => "triangular",
            Marginal::LogUniform { .. } => "log_uniform",
            Marginal::LogNormal { .. } => "log_normal",
            Marginal::TruncatedNormal { .. } => "truncated_normal",
        }
    }
}

/// A validated [`Marginal`], ready to map coordinates of the unit hypercube to model inputs.
#[derive(Debug, Clone)]
pub struct Mapper(Kind);

#[derive(Debug, Clone)]
enum Kind {
    Uniform(f64, f64),
    Normal(Normal),
    Discrete(Vec<f64>),
    Triangular(Triangular),
    LogUniform(f64, f64),
    LogNormal(LogNormal),
    /// Standard normal, standardised bounds (after reflection), Φ(α), Φ(β) − Φ(α), mean, sd, reflected.
    Truncated {
        std: Normal,
        alpha: f64,
        beta: f64,
        p_lo: f64,
        width: f64,
        mean: f64,
        sd: f64,
        reflected: bool,
    },
}

impl Mapper {
    /// Validates a marginal of factor `factor` (the name used in the error).
    ///
    /// # Errors
    /// [`SensitivityError::InvalidMarginal`] for parameters out of their domain (see each variant);
    /// [`SensitivityError::EmptyChoices`], [`SensitivityError::InvalidProbabilities`] for a discrete one.
    pub fn new(m: &Marginal, factor: &str) -> Result<Self> {
        let bad = |parameter: &'static str, reason: String| SensitivityError::InvalidMarginal {
            factor: factor.to_string(),
            distribution: m.key(),
            parameter,
            reason,
        };
        let finite = |name: &'static str, v: f64| {
            if v.is_finite() {
                Ok(())
            } else {
                Err(bad(name, format!("must be finite, got {v}")))
            }
        };
        let ordered = |lo: f64, hi: f64| {
            if lo < hi {
                Ok(())
            } else {
                Err(bad("hi", format!("must exceed lo, got [{lo}, {hi}]")))
            }
        };
        let positive = |name: &'static str, v: f64| {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(bad(name, format!("must be finite and > 0, got {v}")))
            }
        };
        let kind = match *m {
            Marginal::Uniform { lo, hi } => {
                finite("lo", lo)?;
                finite("hi", hi)?;
                ordered(lo, hi)?;
                Kind::Uniform(lo, hi)
            }
            Marginal::Normal { mean, sd } => {
                finite("mean", mean)?;
                positive("sd", sd)?;
                Kind::Normal(Normal::new(mean, sd).map_err(|e| bad("sd", e.to_string()))?)
            }
            Marginal::Discrete { ref probabilities } => {
                Kind::Discrete(cumulative(factor, probabilities)?)
            }
            Marginal::Triangular { lo, mode, hi } => {
                finite("lo", lo)?;
                finite("mode", mode)?;
                finite("hi", hi)?;
                ordered(lo, hi)?;
                if !(lo <= mode && mode <= hi) {
                    return Err(bad(
                        "mode",
                        format!("must lie in [lo, hi] = [{lo}, {hi}], got {mode}"),
                    ));
                }
                Kind::Triangular(
                    Triangular::new(lo, hi, mode).map_err(|e| bad("mode", e.to_string()))?,
                )
            }
            Marginal::LogUniform { lo, hi } => {
                positive("lo", lo)?;
                finite("hi", hi)?;
                ordered(lo, hi)?;
                Kind::LogUniform(lo.ln(), hi.ln())
            }
            Marginal::LogNormal { mu, sigma } => {
                finite("mu", mu)?;
                positive("sigma", sigma)?;
                Kind::LogNormal(LogNormal::new(mu, sigma).map_err(|e| bad("sigma", e.to_string()))?)
            }
            Marginal::TruncatedNormal { mean, sd, lo, hi } => {
                finite("mean", mean)?;
                positive("sd", sd)?;
                if lo.is_nan() || hi.is_nan() || lo >= hi {
                    return Err(bad("hi", format!("must exceed lo, got [{lo}, {hi}]")));
                }
                let std = Normal::standard();
                let (mut alpha, mut beta) = ((lo - mean) / sd, (hi - mean) / sd);
                // In the upper tail Φ(α) rounds to 1: work on the mirror image, where it is tiny.
                let reflected = alpha > 0.0;
                if reflected {
                    (alpha, beta) = (-beta, -alpha);
                }
                let p_lo = std.cdf(alpha);
                let width = std.cdf(beta) - p_lo;
                if width.is_nan() || width <= 0.0 {
                    return Err(bad(
                        "lo",
                        format!(
                            "the interval [{lo}, {hi}] has no representable probability under N({mean}, {sd}²)"
                        ),
                    ));
                }
                Kind::Truncated {
                    std,
                    alpha,
                    beta,
                    p_lo,
                    width,
                    mean,
                    sd,
                    reflected,
                }
            }
        };
        Ok(Mapper(kind))
    }

    /// `(lo, hi − lo)` for a uniform marginal (the map is `lo + u (hi − lo)`), for loops that map many
    /// values of one factor.
    pub(crate) fn uniform_affine(&self) -> Option<(f64, f64)> {
        match &self.0 {
            Kind::Uniform(lo, hi) => Some((*lo, hi - lo)),
            _ => None,
        }
    }

    /// The model input for the coordinate `u ∈ [0, 1)`.
    #[inline]
    pub fn map(&self, u: f64) -> f64 {
        match &self.0 {
            Kind::Uniform(lo, hi) => lo + u * (hi - lo),
            Kind::Normal(n) => n.inverse_cdf(u.clamp(TAIL_CLAMP, 1.0 - TAIL_CLAMP)),
            Kind::Discrete(cum) => choose(cum, u) as f64,
            Kind::Triangular(t) => t.inverse_cdf(u.clamp(0.0, 1.0)),
            Kind::LogUniform(a, b) => (a + u * (b - a)).exp(),
            Kind::LogNormal(l) => l.inverse_cdf(u.clamp(TAIL_CLAMP, 1.0 - TAIL_CLAMP)),
            Kind::Truncated {
                std,
                alpha,
                beta,
                p_lo,
                width,
                mean,
                sd,
                reflected,
            } => {
                let v = if *reflected { 1.0 - u } else { u };
                let p = (p_lo + v * width).clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON / 2.0);
                let z = std.inverse_cdf(p).clamp(*alpha, *beta);
                mean + sd * if *reflected { -z } else { z }
            }
        }
    }
}

/// Validates a discrete factor's probabilities and returns their cumulative sums `P_c = p₁ + … + p_c`,
/// with the last set to exactly 1.
///
/// # Errors
/// [`SensitivityError::EmptyChoices`] for an empty list; [`SensitivityError::InvalidProbabilities`] for a
/// negative or non-finite probability or a sum differing from 1 by more than [`PROBABILITY_TOLERANCE`].
pub fn cumulative(factor: &str, probabilities: &[f64]) -> Result<Vec<f64>> {
    if probabilities.is_empty() {
        return Err(SensitivityError::EmptyChoices {
            factor: factor.to_string(),
        });
    }
    if let Some((k, p)) = probabilities
        .iter()
        .enumerate()
        .find(|(_, p)| !p.is_finite() || **p < 0.0)
    {
        return Err(SensitivityError::InvalidProbabilities {
            factor: factor.to_string(),
            reason: format!("probability {k} is {p}"),
        });
    }
    let sum: f64 = probabilities.iter().sum();
    if (sum - 1.0).abs() > PROBABILITY_TOLERANCE {
        return Err(SensitivityError::InvalidProbabilities {
            factor: factor.to_string(),
            reason: format!("they sum to {sum}"),
        });
    }
    let mut acc = 0.0;
    let mut cum: Vec<f64> = probabilities
        .iter()
        .map(|p| {
            acc += p;
            acc
        })
        .collect();
    if let Some(last) = cum.last_mut() {
        *last = 1.0;
    }
    Ok(cum)
}

/// The choice a coordinate `u ∈ [0, 1)` selects: the first `c` with `u < P_c` (cumulative probabilities from
/// [`cumulative`]); the last choice for `u ≥ 1`. A choice of probability 0 is never selected.
///
/// ```
/// use mfg_quality_sensitivity::marginal::{choose, cumulative};
/// let cum = cumulative("normalisation", &[0.5, 0.25, 0.25]).unwrap();
/// assert_eq!([choose(&cum, 0.1), choose(&cum, 0.5), choose(&cum, 0.8)], [0, 1, 2]);
/// ```
pub fn choose(cumulative: &[f64], u: f64) -> usize {
    cumulative
        .iter()
        .position(|&p| u < p)
        .unwrap_or(cumulative.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(m: Marginal, u: f64) -> f64 {
        Mapper::new(&m, "f").unwrap().map(u)
    }

    #[test]
    fn discrete_mapping_follows_cumulative_probabilities() {
        let cum = cumulative("f", &[0.2, 0.0, 0.8]).unwrap();
        assert_eq!(choose(&cum, 0.0), 0);
        assert_eq!(choose(&cum, 0.199), 0);
        assert_eq!(choose(&cum, 0.2), 2);
        assert_eq!(choose(&cum, 0.999_999), 2);
        assert_eq!(choose(&cum, 1.0), 2);
    }

    #[test]
    fn closed_forms() {
        // triangular(0, 0.5, 1): median 0.5, F⁻¹(1/8) = √(1/16) = 0.25
        let t = Marginal::triangular(0.0, 0.5, 1.0).unwrap();
        assert!((map(t.clone(), 0.5) - 0.5).abs() < 1e-15);
        assert!((map(t, 0.125) - 0.25).abs() < 1e-15);
        // log-uniform(1, 100): the median is the geometric mean 10
        assert!((map(Marginal::log_uniform(1.0, 100.0).unwrap(), 0.5) - 10.0).abs() < 1e-12);
        // lognormal(0, 1): median 1, F⁻¹(Φ(1)) = e
        let ln = Marginal::lognormal(0.0, 1.0).unwrap();
        assert!((map(ln.clone(), 0.5) - 1.0).abs() < 1e-12);
        assert!((map(ln, 0.841_344_746_068_542_9) - 1f64.exp()).abs() < 1e-8);
        // truncated to [0, inf): the half-normal, median Φ⁻¹(0.75) = 0.6744897501960817
        let tn = Marginal::truncated_normal(0.0, 1.0, 0.0, f64::INFINITY).unwrap();
        assert!((map(tn.clone(), 0.5) - 0.674_489_750_196_081_7).abs() < 1e-9);
        assert!(map(tn, 0.0) >= 0.0);
        // a far-tail interval keeps precision (reflected): inside [8, 9]
        let far = Marginal::truncated_normal(0.0, 1.0, 8.0, 9.0).unwrap();
        for u in [0.0, 0.3, 0.999_999] {
            let x = map(far.clone(), u);
            assert!((8.0..=9.0).contains(&x), "{x}");
        }
        assert!(map(far.clone(), 0.1) < map(far, 0.9));
    }

    #[test]
    fn bad_parameters_are_named() {
        let e = Marginal::triangular(0.0, 2.0, 1.0).unwrap_err();
        assert!(matches!(
            e,
            SensitivityError::InvalidMarginal {
                parameter: "mode",
                distribution: "triangular",
                ..
            }
        ));
        assert!(matches!(
            Marginal::log_uniform(0.0, 1.0).unwrap_err(),
            SensitivityError::InvalidMarginal {
                parameter: "lo",
                ..
            }
        ));
        assert!(matches!(
            Marginal::lognormal(0.0, -1.0).unwrap_err(),
            SensitivityError::InvalidMarginal {
                parameter: "sigma",
                ..
            }
        ));
        assert!(matches!(
            Marginal::truncated_normal(0.0, 1.0, 1.0, 1.0).unwrap_err(),
            SensitivityError::InvalidMarginal {
                parameter: "hi",
                ..
            }
        ));
        assert!(matches!(
            Marginal::truncated_normal(0.0, 1.0, 50.0, 60.0).unwrap_err(),
            SensitivityError::InvalidMarginal {
                parameter: "lo",
                ..
            }
        ));
        assert!(matches!(
            Marginal::uniform(f64::NAN, 1.0).unwrap_err(),
            SensitivityError::InvalidMarginal {
                parameter: "lo",
                ..
            }
        ));
        assert!(matches!(
            Marginal::normal(0.0, 0.0).unwrap_err(),
            SensitivityError::InvalidMarginal {
                parameter: "sd",
                ..
            }
        ));
        assert!(Marginal::discrete(vec![]).is_err());
    }
}
