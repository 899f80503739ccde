//! Shift-share decomposition of quality upgrading into within-industry and between-industry parts.
//!
//! An aggregate quality measure is a weighted sum over industries, `H_t = Σ_i s_it h_it`, with `s_it` the
//! industry's share of the country's exports (or value added) and `h_it` its quality measure — the high-quality
//! (up-market) share of its exports ([`crate::segments`]) or its relative unit value ([`crate::unit_value`]).
//! Between periods 0 and 1 (`Δx = x_1 − x_0`), exactly,
//!
//! ```text
//! ΔH = Σ_i s_i0 Δh_i      (within-industry: product quality upgrading, paper §2 "within industries")
//!    + Σ_i Δs_i h_i0      (between-industry: moving towards higher-quality industries)
//!    + Σ_i Δs_i Δh_i      (interaction)
//! ```
//!
//! (the classic shift-share; e.g. Fabricant 1942, and the "within/between" split used for quality upgrading
//! in the literature). Each industry's three contributions are reported; their sums equal `ΔH` to rounding
//! (tested to 1e-12).

use serde::{Deserialize, Serialize};

use crate::error::{ElasticityError, Result};

/// One industry's contributions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndustryContribution {
    /// Industry id.
    pub industry: String,
    /// `s_i0 Δh_i`.
    pub within: f64,
    /// `Δs_i h_i0`.
    pub between: f64,
    /// `Δs_i Δh_i`.
    pub interaction: f64,
}

impl IndustryContribution {
    /// `within + between + interaction = s_i1 h_i1 − s_i0 h_i0`.
    pub fn total(&self) -> f64 {
        self.within + self.between + self.interaction
    }
}

/// A shift-share decomposition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftShare {
    /// `H_0 = Σ s_i0 h_i0`.
    pub aggregate_0: f64,
    /// `H_1 = Σ s_i1 h_i1`.
    pub aggregate_1: f64,
    /// `Σ s_i0 Δh_i`.
    pub within: f64,
    /// `Σ Δs_i h_i0`.
    pub between: f64,
    /// `Σ Δs_i Δh_i`.
    pub interaction: f64,
    /// Per industry.
    pub industries: Vec<IndustryContribution>,
}

impl ShiftShare {
    /// `ΔH = H_1 − H_0`.
    pub fn change(&self) -> f64 {
        self.aggregate_1 - self.aggregate_0
    }

    /// Decomposes from industry weights `s0`, `s1` (each summing to 1 within 1e-9) and measures `h0`, `h1`.
    ///
    /// ```
    /// use mfg_quality_elasticity::decomposition::ShiftShare;
    /// let d = ShiftShare::new(&["a", "b"], &[0.5, 0.5], &[0.25, 0.75], &[0.2, 0.6], &[0.4, 0.6]).unwrap();
    /// // H0 = 0.4, H1 = 0.25·0.4 + 0.75·0.6 = 0.55
    /// assert!((d.change() - 0.15).abs() < 1e-15);
    /// assert!((d.within - 0.1).abs() < 1e-15); // 0.5·0.2
    /// assert!((d.between - 0.1).abs() < 1e-15); // −0.25·0.2 + 0.25·0.6
    /// assert!((d.interaction + 0.05).abs() < 1e-15); // −0.25·0.2
    /// ```
    ///
    /// # Errors
    /// [`ElasticityError::Shape`] for unequal lengths, no industry, or weights not summing to 1;
    /// [`ElasticityError::NonFinite`]; [`ElasticityError::Negative`] for a negative weight.
    pub fn new(
        industries: &[&str],
        s0: &[f64],
        s1: &[f64],
        h0: &[f64],
        h1: &[f64],
    ) -> Result<Self> {
        let n = industries.len();
        if n == 0
            || [s0.len(), s1.len(), h0.len(), h1.len()]
                .iter()
                .any(|&l| l != n)
        {
            return Err(ElasticityError::Shape {
                what: "shift-share",
                message: format!(
                    "{n} industries; weights and measures must have that many entries (and n > 0)"
                ),
            });
        }
        for (name, v) in [("s0", s0), ("s1", s1), ("h0", h0), ("h1", h1)] {
            for (i, x) in v.iter().enumerate() {
                if !x.is_finite() {
                    return Err(ElasticityError::NonFinite {
                        what: name.into(),
                        location: format!("industry `{}`", industries[i]),
                    });
                }
                if name.starts_with('s') && *x < 0.0 {
                    return Err(ElasticityError::Negative {
                        what: "value",
                        value: *x,
                        location: format!("weight {name} of industry `{}`", industries[i]),
                    });
                }
            }
            if name.starts_with('s') {
                let t: f64 = v.iter().sum();
                if (t - 1.0).abs() > 1e-9 {
                    return Err(ElasticityError::Shape {
                        what: "shift-share",
                        message: format!("weights {name} sum to {t}, not 1"),
                    });
                }
            }
        }
        let mut out = Self {
            aggregate_0: 0.0,
            aggregate_1: 0.0,
            within: 0.0,
            between: 0.0,
            interaction: 0.0,
            industries: Vec::with_capacity(n),
        };
        for i in 0..n {
            let (ds, dh) = (s1[i] - s0[i], h1[i] - h0[i]);
            let c = IndustryContribution {
                industry: industries[i].to_string(),
                within: s0[i] * dh,
                between: ds * h0[i],
                interaction: ds * dh,
            };
            out.aggregate_0 += s0[i] * h0[i];
            out.aggregate_1 += s1[i] * h1[i];
            out.within += c.within;
            out.between += c.between;
            out.interaction += c.interaction;
            out.industries.push(c);
            let sums = [
                out.aggregate_0,
                out.aggregate_1,
                out.within,
                out.between,
                out.interaction,
            ];
            if !(ds.is_finite() && dh.is_finite() && sums.iter().all(|v| v.is_finite())) {
                return Err(ElasticityError::NonFinite {
                    what:
                        "a change h1 − h0 or a sum of contributions (exceeds f64::MAX; rescale the \
                           measures)"
                            .into(),
                    location: format!("industry `{}`", industries[i]),
                });
            }
        }
        Ok(out)
    }

    /// Decomposes from industry **values** (weights `s_it = v_it / Σ_i v_it`).
    ///
    /// # Errors
    /// As [`ShiftShare::new`]; [`ElasticityError::Empty`] if a period's values sum to zero.
    pub fn from_values(
        industries: &[&str],
        v0: &[f64],
        v1: &[f64],
        h0: &[f64],
        h1: &[f64],
    ) -> Result<Self> {
        let norm = |v: &[f64], name: &str| -> Result<Vec<f64>> {
            if let Some((i, x)) = v.iter().enumerate().find(|(_, x)| !x.is_finite()) {
                let _ = x;
                return Err(ElasticityError::NonFinite {
                    what: format!("value {name}"),
                    location: format!("industry `{}`", industries.get(i).copied().unwrap_or("?")),
                });
            }
            let t: f64 = v.iter().sum();
            if !t.is_finite() {
                return Err(ElasticityError::NonFinite {
                    what: format!("the sum of the values {name} (exceeds f64::MAX; rescale them)"),
                    location: "all industries".into(),
                });
            }
            if t <= 0.0 {
                return Err(ElasticityError::Empty {
                    what: format!("industry values {name} sum to zero"),
                });
            }
            Ok(v.iter().map(|x| x / t).collect())
        };
        let s0 = norm(v0, "v0")?;
        let s1 = norm(v1, "v1")?;
        Self::new(industries, &s0, &s1, h0, h1)
    }
}
