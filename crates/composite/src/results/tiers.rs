//! Tiers by thresholds: [`Tier`], [`Tiers`], and [`Results::tiers`] giving each unit's [`TierAssignment`].

use super::*;

/// A labelled tier: scores at or above `min` (and below the next higher tier's `min`) belong to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Label, e.g. `"first"`.
    pub label: String,
    /// Inclusive lower bound.
    pub min: f64,
}

/// Tiers by thresholds, e.g. the Manufacturing Power Index's first tier (≥ 130), second (100–130) and third
/// (60–100) (CAE manufacturing-power project, as cited in the paper; see `PAPER.md` §3).
///
/// A score `s` belongs to the tier with the largest `min ≤ s`; a score below every `min` belongs to no tier.
///
/// ```
/// use mfg_quality_composite::results::Tiers;
/// let t = Tiers::new(vec![("first", 130.0), ("second", 100.0), ("third", 60.0)]).unwrap();
/// assert_eq!(t.classify(161.05), Some("first"));
/// assert_eq!(t.classify(100.0), Some("second"));
/// assert_eq!(t.classify(96.36), Some("third"));
/// assert_eq!(t.classify(12.0), None);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Tier>", into = "Vec<Tier>")]
pub struct Tiers {
    pub(super) tiers: Vec<Tier>,
}

impl Tiers {
    /// Tiers from `(label, inclusive lower bound)` pairs, in any order.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] if there is no tier, a bound is not finite, two bounds are equal,
    /// or a label is empty or repeated.
    pub fn new<S: Into<String>>(tiers: Vec<(S, f64)>) -> Result<Self> {
        Self::try_from(
            tiers
                .into_iter()
                .map(|(label, min)| Tier {
                    label: label.into(),
                    min,
                })
                .collect::<Vec<_>>(),
        )
    }

    /// The tiers, highest bound first.
    pub fn tiers(&self) -> &[Tier] {
        &self.tiers
    }

    /// The label of the tier of a score, `None` below the lowest bound.
    pub fn classify(&self, score: f64) -> Option<&str> {
        self.tiers
            .iter()
            .find(|t| score >= t.min)
            .map(|t| t.label.as_str())
    }
}

impl TryFrom<Vec<Tier>> for Tiers {
    type Error = CompositeError;
    fn try_from(mut tiers: Vec<Tier>) -> Result<Self> {
        let bad = |reason: String| CompositeError::InvalidParameter {
            method: "tiers",
            parameter: "thresholds",
            reason,
        };
        if tiers.is_empty() {
            return Err(bad("at least one tier is needed".into()));
        }
        for t in &tiers {
            if !t.min.is_finite() {
                return Err(bad(format!(
                    "bound {} of `{}` is not finite",
                    t.min, t.label
                )));
            }
            if t.label.trim().is_empty() {
                return Err(bad("a tier label is empty".into()));
            }
        }
        tiers.sort_by(|a, b| b.min.total_cmp(&a.min));
        for w in tiers.windows(2) {
            if w[0].min.total_cmp(&w[1].min).is_eq() {
                return Err(bad(format!(
                    "tiers `{}` and `{}` have the same bound {}",
                    w[0].label, w[1].label, w[0].min
                )));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for t in &tiers {
            if !seen.insert(t.label.as_str()) {
                return Err(bad(format!("label `{}` is repeated", t.label)));
            }
        }
        Ok(Tiers { tiers })
    }
}

impl From<Tiers> for Vec<Tier> {
    fn from(t: Tiers) -> Self {
        t.tiers
    }
}

/// A unit's tier ([`Results::tiers`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierAssignment {
    /// Unit code.
    pub unit: String,
    /// Score (`None` if missing).
    pub score: Option<f64>,
    /// Tier label (`None` if the score is missing or below every tier).
    pub tier: Option<String>,
}

impl Results {
    /// The tier of every unit on a node in a period (see [`Tiers`]).
    ///
    /// # Errors
    /// Unknown node or period.
    pub fn tiers(&self, node: &str, period: Period, tiers: &Tiers) -> Result<Vec<TierAssignment>> {
        let scores = self.scores(node, period)?;
        Ok(self
            .units
            .codes()
            .zip(scores)
            .map(|(u, score)| TierAssignment {
                unit: u.to_string(),
                score,
                tier: score.and_then(|s| tiers.classify(s).map(str::to_string)),
            })
            .collect())
    }
}
