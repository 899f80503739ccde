//! Ordered weighted averaging (OWA), with importance weights.
//!
//! **OWA** (Yager 1988, "On ordered weighted averaging aggregation operators in multicriteria
//! decisionmaking", *IEEE Trans. SMC* 18(1), 183–190): sort a unit's values in descending order,
//! `b₁ ≥ b₂ ≥ … ≥ b_m`, and take `Σ_k ω_k b_k` with *order* weights ω (ω₁ on the best value). Orness
//! `(1/(m−1)) Σ_k (m−k) ω_k` is 1 for the max, 0 for the min and ½ for the mean.
//!
//! **Importance weights** (the framework's child weights `w`) enter through a quantifier `Q` on [0, 1]
//! (Yager 1996, "Quantifier guided aggregation using OWA operators", *Int. J. Intell. Syst.* 11, 49–73;
//! Torra 1997, "The weighted OWA operator", *Int. J. Intell. Syst.* 12, 153–166): with the values sorted
//! descending and `S_k` the cumulative (re-normalised) importance of the `k` best values,
//! `ω_k = Q(S_k) − Q(S_{k−1})`. With equal importance this is the plain OWA with `ω_k = Q(k/m) − Q((k−1)/m)`.
//! It is a Choquet integral for the monotone measure `μ(A) = Q(Σ_{j∈A} w̃ⱼ)`, so it is monotone in every input
//! and lies between the unit's minimum and maximum.
//!
//! The quantifier is
//! - [`OwaWeights::Orness`]: the RIM quantifier `Q(r) = r^α` with `α = 1/orness − 1` (Yager 1996), whose
//!   orness `∫₀¹ Q(r) dr = 1/(1+α)` is the level asked for; the discrete orness of the generated weights
//!   approaches it as `m` grows (orness ½ gives α = 1, the weighted arithmetic mean, exactly);
//! - [`OwaWeights::Given`]: order weights `v₁…v_m` (normalised to sum 1; `m` = number of children), turned
//!   into `Q` by linear interpolation of the points `(k/m, Σ_{l≤k} v_l)` (Torra's WOWA); with equal
//!   importance and no missing child, exactly `ω = v`.

use serde::{Deserialize, Serialize};

use super::Input;
use crate::{CompositeError, Result};

/// How the OWA order weights are defined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum OwaWeights {
    /// From an orness level in (0, 1) through the RIM quantifier `Q(r) = r^(1/orness − 1)`.
    Orness {
        /// 1 = max-like ("or"), 0 = min-like ("and"), 0.5 = mean.
        orness: f64,
    },
    /// Given order weights, one per child, best value first (normalised to sum 1).
    Given {
        /// The order weights.
        order_weights: Vec<f64>,
    },
}

impl OwaWeights {
    pub(crate) fn validate(&self) -> Result<()> {
        match self {
            OwaWeights::Orness { orness } if !(*orness > 0.0 && *orness < 1.0) => {
                Err(CompositeError::InvalidParameter {
                    method: "owa",
                    parameter: "orness",
                    reason: format!("{orness} is not in the open interval (0, 1)"),
                })
            }
            OwaWeights::Given { order_weights } => {
                super::normalise_weights(order_weights, "<owa order weights>")
                    .map(|_| ())
                    .map_err(|e| match e {
                        CompositeError::InvalidWeights { reason, .. } => {
                            CompositeError::InvalidParameter {
                                method: "owa",
                                parameter: "order_weights",
                                reason,
                            }
                        }
                        other => other,
                    })
            }
            _ => Ok(()),
        }
    }

    /// The order weights `ω_k = Q(k/m) − Q((k−1)/m)` for `m` equally important values (best first).
    ///
    /// ```
    /// use mfg_quality_composite::aggregate::OwaWeights;
    /// let w = OwaWeights::Orness { orness: 0.5 }.order_weights(4)?;
    /// assert!(w.iter().all(|x| (x - 0.25).abs() < 1e-12));
    /// # Ok::<(), mfg_quality_composite::CompositeError>(())
    /// ```
    pub fn order_weights(&self, m: usize) -> Result<Vec<f64>> {
        self.validate()?;
        let q = Quantifier::new(self)?;
        Ok((1..=m)
            .map(|k| q.eval(k as f64 / m as f64) - q.eval((k - 1) as f64 / m as f64))
            .collect())
    }
}

/// Orness of order weights ω (best first): `(1/(m−1)) Σ_k (m−k) ω_k` (Yager 1988); ½ for `m < 2`.
pub fn orness(order_weights: &[f64]) -> f64 {
    let m = order_weights.len();
    if m < 2 {
        return 0.5;
    }
    order_weights
        .iter()
        .enumerate()
        .map(|(k, w)| (m - 1 - k) as f64 * w)
        .sum::<f64>()
        / (m - 1) as f64
}

enum Quantifier {
    Rim(f64),
    /// Cumulative order weights at k/m, k = 0..=m.
    Linear(Vec<f64>),
}

impl Quantifier {
    fn new(w: &OwaWeights) -> Result<Quantifier> {
        Ok(match w {
            OwaWeights::Orness { orness } => Quantifier::Rim(1.0 / orness - 1.0),
            OwaWeights::Given { order_weights } => {
                let v = super::normalise_weights(order_weights, "<owa order weights>")?;
                let mut cum = Vec::with_capacity(v.len() + 1);
                cum.push(0.0);
                let mut s = 0.0;
                for x in v {
                    s += x;
                    cum.push(s);
                }
                *cum.last_mut().unwrap_or(&mut 0.0) = 1.0;
                Quantifier::Linear(cum)
            }
        })
    }

    fn eval(&self, r: f64) -> f64 {
        let r = r.clamp(0.0, 1.0);
        match self {
            Quantifier::Rim(alpha) => {
                if r <= 0.0 {
                    0.0
                } else {
                    r.powf(*alpha)
                }
            }
            Quantifier::Linear(cum) => {
                let m = (cum.len() - 1) as f64;
                let h = r * m;
                let k = (h.floor() as usize).min(cum.len() - 2);
                cum[k] + (h - k as f64) * (cum[k + 1] - cum[k])
            }
        }
    }
}

/// Importance-weighted OWA of every unit (module docs).
pub(crate) fn owa(
    input: &Input,
    weights: &OwaWeights,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    if let OwaWeights::Given { order_weights } = weights
        && order_weights.len() != input.n_cols
    {
        return Err(CompositeError::DimensionMismatch {
            method: "owa",
            what: "order_weights",
            expected: input.n_cols,
            got: order_weights.len(),
        });
    }
    let q = Quantifier::new(weights)?;
    let ws = input.present_weight(present);
    let mut buf: Vec<(f64, f64)> = Vec::with_capacity(input.n_cols);
    for i in 0..input.n_rows {
        if !present[i] {
            scores[i] = 0.0;
            continue;
        }
        buf.clear();
        for j in 0..input.n_cols {
            if input.is_present(i, j) {
                buf.push((input.data[j * input.n_rows + i], input.weights[j] / ws[i]));
            }
        }
        buf.sort_by(|a, b| b.0.total_cmp(&a.0));
        let (mut cum, mut prev_q, mut s) = (0.0, 0.0, 0.0);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        let last = buf.len().saturating_sub(1);
        for (k, &(x, w)) in buf.iter().enumerate() {
            cum += w;
            // Q(1) = 1 exactly: the last value takes the rounding remainder of the cumulative sum.
            let qk = if k == last { 1.0 } else { q.eval(cum) };
            s += (qk - prev_q) * x;
            prev_q = qk;
            if w > 0.0 {
                lo = lo.min(x);
                hi = hi.max(x);
            }
        }
        scores[i] = s.clamp(lo, hi);
    }
    Ok(())
}

/// Importance-weighted ordered weighted averaging (Yager 1988, 1996; Torra 1997) as a validated type:
/// the order weights (an orness in (0, 1), or given order weights non-negative with a positive sum) are
/// checked by [`Owa::new`]. Given order weights must have one entry per child (a run-time
/// [`DimensionMismatch`](CompositeError::DimensionMismatch) otherwise).
#[derive(Debug, Clone, PartialEq)]
pub struct Owa {
    weights: OwaWeights,
}

impl Owa {
    /// An OWA with order weights `weights`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] (`orness` or `order_weights`).
    pub fn new(weights: OwaWeights) -> Result<Owa> {
        weights.validate()?;
        Ok(Owa { weights })
    }

    /// The order weights.
    pub fn weights(&self) -> &OwaWeights {
        &self.weights
    }
}

super::plan::builtin_aggregator!(Owa, "owa", super::plan::Checks::ALL, monotone: true, row_wise: false,
    |m, input, scores, present| owa(input, &m.weights, scores, present));

#[cfg(test)]
mod type_tests {
    use super::*;

    #[test]
    fn owa_new_rejects_bad_weights() {
        for w in [
            OwaWeights::Orness { orness: 0.0 },
            OwaWeights::Orness { orness: f64::NAN },
            OwaWeights::Given {
                order_weights: vec![1.0, -1.0],
            },
        ] {
            assert!(matches!(
                Owa::new(w),
                Err(CompositeError::InvalidParameter { method: "owa", .. })
            ));
        }
    }
}
