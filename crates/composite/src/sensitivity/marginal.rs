//! Marginal distributions of the factors ([`Marginal`]) and the discrete-choice mapping ([`cumulative`],
//! [`choose`]).

use super::*;

/// How a coordinate `u ∈ [0, 1)` of the unit hypercube maps to a model input (inverse-CDF transform).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "distribution", rename_all = "snake_case")]
pub enum Marginal {
    /// `U(lo, hi)`: `x = lo + u (hi − lo)`. `Uniform { lo: 0, hi: 1 }` passes `u` through unchanged.
    Uniform {
        /// Lower bound.
        lo: f64,
        /// Upper bound (> `lo`).
        hi: f64,
    },
    /// `N(mean, sd²)`: `x = mean + sd Φ⁻¹(u)` (statrs). `u` is clamped to `[2⁻³⁰, 1 − 2⁻³⁰]`, below the
    /// `2⁻²⁴` resolution of the Sobol points, so only `u = 0` is affected.
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
}

impl Default for Marginal {
    fn default() -> Self {
        Marginal::Uniform { lo: 0.0, hi: 1.0 }
    }
}

/// A validated [`Marginal`], ready to map coordinates.
#[derive(Debug, Clone)]
pub(crate) enum Mapper {
    Uniform(f64, f64),
    Normal(Normal),
    Discrete(Vec<f64>),
}

pub(super) const NORMAL_CLAMP: f64 = 1.0 / (1u64 << 30) as f64;

impl Mapper {
    pub(crate) fn new(m: &Marginal, factor: &str) -> Result<Self> {
        let bad = |reason: String| CompositeError::InvalidFactor {
            factor: factor.to_string(),
            reason,
        };
        match m {
            Marginal::Uniform { lo, hi } => {
                if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                    return Err(bad(format!(
                        "uniform bounds must be finite with lo < hi, got [{lo}, {hi}]"
                    )));
                }
                Ok(Mapper::Uniform(*lo, *hi))
            }
            Marginal::Normal { mean, sd } => {
                if !(mean.is_finite() && sd.is_finite() && *sd > 0.0) {
                    return Err(bad(format!(
                        "normal needs a finite mean and sd > 0, got mean {mean}, sd {sd}"
                    )));
                }
                let n = Normal::new(*mean, *sd).map_err(|e| bad(e.to_string()))?;
                Ok(Mapper::Normal(n))
            }
            Marginal::Discrete { probabilities } => {
                Ok(Mapper::Discrete(cumulative(factor, probabilities)?))
            }
        }
    }

    #[inline]
    pub(crate) fn map(&self, u: f64) -> f64 {
        match self {
            Mapper::Uniform(lo, hi) => lo + u * (hi - lo),
            Mapper::Normal(n) => n.inverse_cdf(u.clamp(NORMAL_CLAMP, 1.0 - NORMAL_CLAMP)),
            Mapper::Discrete(cum) => choose(cum, u) as f64,
        }
    }
}

/// Validates a discrete factor's probabilities and returns their cumulative sums `P_c = p₁ + … + p_c`,
/// with the last set to exactly 1.
///
/// # Errors
/// [`CompositeError::EmptyChoices`] for an empty list; [`CompositeError::InvalidProbabilities`] for a
/// negative or non-finite probability or a sum differing from 1 by more than [`PROBABILITY_TOLERANCE`].
pub fn cumulative(factor: &str, probabilities: &[f64]) -> Result<Vec<f64>> {
    if probabilities.is_empty() {
        return Err(CompositeError::EmptyChoices {
            factor: factor.to_string(),
        });
    }
    if let Some((k, p)) = probabilities
        .iter()
        .enumerate()
        .find(|(_, p)| !p.is_finite() || **p < 0.0)
    {
        return Err(CompositeError::InvalidProbabilities {
            factor: factor.to_string(),
            reason: format!("probability {k} is {p}"),
        });
    }
    let sum: f64 = probabilities.iter().sum();
    if (sum - 1.0).abs() > PROBABILITY_TOLERANCE {
        return Err(CompositeError::InvalidProbabilities {
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
/// use mfg_quality_composite::sensitivity::{choose, cumulative};
/// let cum = cumulative("normalisation", &[0.5, 0.25, 0.25]).unwrap();
/// assert_eq!([choose(&cum, 0.1), choose(&cum, 0.5), choose(&cum, 0.8)], [0, 1, 2]);
/// ```
pub fn choose(cumulative: &[f64], u: f64) -> usize {
    cumulative
        .iter()
        .position(|&p| u < p)
        .unwrap_or(cumulative.len().saturating_sub(1))
}
