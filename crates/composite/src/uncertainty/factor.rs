//! The uncertain factors of a [`PipelineConfig`] ([`Factor`], [`FactorKind`], [`WeightedChoice`],
//! [`Threshold`], [`GoalpostEnd`]) and their resolution against the configuration (checked once, before any
//! replication).

use mfg_quality_indicators::NodeId;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Gamma};

use crate::aggregate::Aggregation;
use crate::impute::Imputation;
use crate::normalise::Normalisation;
use crate::pipeline::PipelineConfig;
use crate::sensitivity::cumulative;
use crate::weights::Weighting;
use crate::{CompositeError, Result};

/// A method and its probability of being chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightedChoice<T> {
    /// The method.
    pub method: T,
    /// Its probability (the probabilities of a factor sum to 1).
    pub probability: f64,
}

impl<T> WeightedChoice<T> {
    /// A choice with its probability.
    pub fn new(method: T, probability: f64) -> Self {
        Self {
            method,
            probability,
        }
    }

    /// `methods` with equal probabilities `1/k`.
    pub fn equal(methods: Vec<T>) -> Vec<Self> {
        let p = 1.0 / methods.len().max(1) as f64;
        methods.into_iter().map(|m| Self::new(m, p)).collect()
    }
}

/// A numeric threshold of a pipeline stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    /// `Screening::min_unit_availability` (the configuration must screen).
    UnitAvailability,
    /// `Screening::min_indicator_availability` (the configuration must screen).
    IndicatorAvailability,
    /// `OutlierTreatment::skew_threshold` (the configuration must treat outliers).
    Skew,
    /// `OutlierTreatment::kurtosis_threshold` (the configuration must treat outliers).
    Kurtosis,
}

/// Which end of a goalpost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalpostEnd {
    /// The minimum ("natural zero").
    Min,
    /// The maximum (target).
    Max,
}

/// What an uncertain factor varies, and how. Serde form: `{"factor": "node_weights", "node": "IDX",
/// "spread": 0.25}`.
///
/// Each factor maps its coordinate(s) `u ∈ [0, 1)` as documented per variant. Method choices are applied
/// first, then weights, thresholds and goalposts, each in declaration order (a later factor on the same
/// target wins).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "factor", rename_all = "snake_case", deny_unknown_fields)]
pub enum FactorKind {
    /// The raw weight of one node times `U(1 − spread, 1 + spread)`: `w = w₀ (1 − spread + 2 spread u)`
    /// (re-normalised among its siblings by the pipeline). One coordinate; its value is `w`.
    Weight {
        /// The node whose weight varies.
        node: String,
        /// Relative half-width in [0, 1), e.g. 0.25 for ±25 %.
        spread: f64,
    },
    /// Every child weight of `node` times an independent `U(1 − spread, 1 + spread)`. One coordinate per
    /// child (labels `name[child]`), whose values are the raw weights.
    NodeWeights {
        /// The group whose children's weights vary.
        node: String,
        /// Relative half-width in [0, 1).
        spread: f64,
    },
    /// The child weights of `node` drawn from `Dirichlet(c · w̃)` around the normalised nominal weights `w̃`
    /// (mean `w̃_k`, variance `w̃_k (1 − w̃_k) / (c + 1)`): `g_k = Gamma(c w̃_k, 1)⁻¹(u_k)` (statrs inverse
    /// CDF), `w_k = g_k / Σ g`. One coordinate per child; values are the `w_k`.
    DirichletWeights {
        /// The group whose children's weights vary.
        node: String,
        /// Concentration `c > 0` (larger = closer to the nominal weights).
        concentration: f64,
    },
    /// A stage threshold drawn from `U(lo, hi)`.
    Threshold {
        /// Which threshold.
        threshold: Threshold,
        /// Lower bound.
        lo: f64,
        /// Upper bound.
        hi: f64,
    },
    /// One goalpost of an indicator normalised by `Normalisation::Goalposts` (its override, else the
    /// default normalisation), drawn from `U(lo, hi)`. Without goalposts in force (e.g. another
    /// normalisation was chosen by a factor), it has no effect.
    Goalpost {
        /// The indicator.
        indicator: String,
        /// Which end.
        end: GoalpostEnd,
        /// Lower bound.
        lo: f64,
        /// Upper bound.
        hi: f64,
    },
    /// The default normalisation (overrides stay), chosen by [`choose`](crate::sensitivity::choose).
    /// Value: the choice index.
    Normalisation {
        /// The choices.
        choices: Vec<WeightedChoice<Normalisation>>,
    },
    /// The aggregation: of one node (written as its framework key, [`Aggregation::key`]) or, with
    /// `node: None`, the default of the nodes without a key. Value: the choice index.
    Aggregation {
        /// The node, or `None` for the configuration's default.
        #[serde(default)]
        node: Option<String>,
        /// The choices.
        choices: Vec<WeightedChoice<Aggregation>>,
    },
    /// The weighting of a group's children. Value: the choice index.
    Weighting {
        /// The group.
        node: String,
        /// The choices.
        choices: Vec<WeightedChoice<Weighting>>,
    },
    /// The imputation. Value: the choice index.
    Imputation {
        /// The choices.
        choices: Vec<WeightedChoice<Imputation>>,
    },
}

/// A named uncertain factor of a pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Factor {
    /// Name used in the outputs.
    pub name: String,
    /// What varies.
    #[serde(flatten)]
    pub kind: FactorKind,
}

impl Factor {
    /// A factor.
    pub fn new(name: impl Into<String>, kind: FactorKind) -> Self {
        Self {
            name: name.into(),
            kind,
        }
    }

    /// The names of the choices of a discrete factor (empty for a continuous one), in order, e.g.
    /// `["min_max", "z_score"]`.
    pub fn choice_names(&self) -> Vec<String> {
        match &self.kind {
            FactorKind::Normalisation { choices } => choices
                .iter()
                .map(|c| c.method.name().to_string())
                .collect(),
            FactorKind::Aggregation { choices, .. } => {
                choices.iter().map(|c| c.method.key()).collect()
            }
            FactorKind::Weighting { choices, .. } => choices
                .iter()
                .map(|c| c.method.name().to_string())
                .collect(),
            FactorKind::Imputation { choices } => choices
                .iter()
                .map(|c| c.method.name().to_string())
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// [`CompositeError::InvalidFactor`]: choice `k` of factor `name` does not validate.
fn bad_choice(name: &str, k: usize, e: CompositeError) -> CompositeError {
    CompositeError::InvalidFactor {
        factor: name.to_string(),
        reason: format!("choice {k}: {e}"),
    }
}

/// A factor resolved against the configuration.
#[derive(Debug, Clone)]
pub(super) enum Resolved {
    Weight {
        node: NodeId,
        nominal: f64,
        spread: f64,
    },
    NodeWeights {
        children: Vec<NodeId>,
        nominal: Vec<f64>,
        spread: f64,
    },
    Dirichlet {
        children: Vec<NodeId>,
        shapes: Vec<f64>,
    },
    Threshold {
        threshold: Threshold,
        lo: f64,
        hi: f64,
    },
    Goalpost {
        indicator: String,
        end: GoalpostEnd,
        lo: f64,
        hi: f64,
    },
    Choice {
        cumulative: Vec<f64>,
    },
}

impl Resolved {
    pub(super) fn dims(&self) -> usize {
        match self {
            Resolved::NodeWeights { children, .. } | Resolved::Dirichlet { children, .. } => {
                children.len()
            }
            _ => 1,
        }
    }

    /// Whether this factor changes a method (applied first).
    pub(super) fn is_choice(&self) -> bool {
        matches!(self, Resolved::Choice { .. })
    }
}

/// The Dirichlet weights of a point, `None` if every gamma variate is 0.
pub(super) fn dirichlet(r: &Resolved, u: &[f64]) -> Option<Vec<f64>> {
    let Resolved::Dirichlet { shapes, .. } = r else {
        return None;
    };
    let g: Vec<f64> = shapes
        .iter()
        .zip(u)
        .map(|(a, uk)| {
            Gamma::new(*a, 1.0)
                .map(|d| d.inverse_cdf(uk.clamp(0.0, 1.0 - f64::EPSILON)))
                .unwrap_or(0.0)
        })
        .collect();
    let s: f64 = g.iter().sum();
    (s > 0.0 && s.is_finite()).then(|| g.iter().map(|x| x / s).collect())
}

pub(super) fn invalid(factor: &str, reason: String) -> CompositeError {
    CompositeError::InvalidFactor {
        factor: factor.to_string(),
        reason,
    }
}

pub(super) fn check_bounds(name: &str, lo: f64, hi: f64) -> Result<()> {
    if lo.is_finite() && hi.is_finite() && lo < hi {
        Ok(())
    } else {
        Err(invalid(
            name,
            format!("bounds must be finite with lo < hi, got [{lo}, {hi}]"),
        ))
    }
}

pub(super) fn check_spread(name: &str, spread: f64) -> Result<()> {
    if (0.0..1.0).contains(&spread) {
        Ok(())
    } else {
        Err(invalid(
            name,
            format!("spread must be in [0, 1), got {spread}"),
        ))
    }
}

pub(super) fn resolve(config: &PipelineConfig, f: &Factor) -> Result<Resolved> {
    let fw = &config.framework;
    let name = f.name.as_str();
    let find = |node: &str| {
        fw.find(node)
            .ok_or_else(|| invalid(name, format!("unknown node `{node}`")))
    };
    // Weights of the children of `group` are used only under explicit weighting.
    let explicit = |group: NodeId| -> Result<()> {
        let id = &fw.node(group).id;
        match config.weighting.get(id) {
            None | Some(Weighting::Explicit) => Ok(()),
            Some(w) => Err(invalid(
                name,
                format!(
                    "`{id}` is weighted by {}, so the framework weights of its children are not used",
                    w.name()
                ),
            )),
        }
    };
    let group = |node: &str| -> Result<NodeId> {
        let id = find(node)?;
        if fw.children(id).is_empty() {
            return Err(invalid(name, format!("`{node}` has no children")));
        }
        Ok(id)
    };
    let choices = |probs: Vec<f64>| -> Result<Resolved> {
        Ok(Resolved::Choice {
            cumulative: cumulative(name, &probs)?,
        })
    };
    match &f.kind {
        FactorKind::Weight { node, spread } => {
            check_spread(name, *spread)?;
            let id = find(node)?;
            let parent = fw
                .parent(id)
                .ok_or_else(|| invalid(name, format!("`{node}` is the root: it has no weight")))?;
            explicit(parent)?;
            Ok(Resolved::Weight {
                node: id,
                nominal: fw.node(id).weight,
                spread: *spread,
            })
        }
        FactorKind::NodeWeights { node, spread } => {
            check_spread(name, *spread)?;
            let id = group(node)?;
            explicit(id)?;
            let children = fw.children(id).to_vec();
            let nominal = children.iter().map(|&c| fw.node(c).weight).collect();
            Ok(Resolved::NodeWeights {
                children,
                nominal,
                spread: *spread,
            })
        }
        FactorKind::DirichletWeights {
            node,
            concentration,
        } => {
            if !(concentration.is_finite() && *concentration > 0.0) {
                return Err(invalid(
                    name,
                    format!("concentration must be finite and > 0, got {concentration}"),
                ));
            }
            let id = group(node)?;
            explicit(id)?;
            let children = fw.children(id).to_vec();
            let w = fw.normalised_child_weights(id);
            if w.iter().any(|x| *x <= 0.0) {
                return Err(invalid(
                    name,
                    "every nominal weight must be > 0 for a Dirichlet around it".into(),
                ));
            }
            Ok(Resolved::Dirichlet {
                children,
                shapes: w.iter().map(|x| concentration * x).collect(),
            })
        }
        FactorKind::Threshold { threshold, lo, hi } => {
            check_bounds(name, *lo, *hi)?;
            let ok = match threshold {
                Threshold::UnitAvailability | Threshold::IndicatorAvailability => {
                    if *lo < 0.0 || *hi > 1.0 {
                        return Err(invalid(name, "an availability share lies in [0, 1]".into()));
                    }
                    config.screening.is_some()
                }
                Threshold::Skew | Threshold::Kurtosis => config.treatment.is_some(),
            };
            if !ok {
                return Err(invalid(
                    name,
                    "the configuration does not run the stage this threshold belongs to".into(),
                ));
            }
            Ok(Resolved::Threshold {
                threshold: *threshold,
                lo: *lo,
                hi: *hi,
            })
        }
        FactorKind::Goalpost {
            indicator,
            end,
            lo,
            hi,
        } => {
            check_bounds(name, *lo, *hi)?;
            let has = |n: &Normalisation| matches!(n, Normalisation::Goalposts { posts, .. } if posts.contains_key(indicator));
            let declared = config
                .normalisation_overrides
                .get(indicator)
                .map_or(has(&config.normalisation), has);
            if !declared {
                return Err(invalid(
                    name,
                    format!("indicator `{indicator}` has no goalposts in the configuration"),
                ));
            }
            Ok(Resolved::Goalpost {
                indicator: indicator.clone(),
                end: *end,
                lo: *lo,
                hi: *hi,
            })
        }
        FactorKind::Normalisation { choices: c } => {
            for (k, x) in c.iter().enumerate() {
                x.method.validate().map_err(|e| bad_choice(name, k, e))?;
            }
            choices(c.iter().map(|x| x.probability).collect())
        }
        FactorKind::Imputation { choices: c } => choices(c.iter().map(|x| x.probability).collect()),
        FactorKind::Weighting { node, choices: c } => {
            group(node)?;
            for (k, x) in c.iter().enumerate() {
                x.method
                    .validate(node)
                    .map_err(|e| bad_choice(name, k, e))?;
            }
            choices(c.iter().map(|x| x.probability).collect())
        }
        FactorKind::Aggregation { node, choices: c } => {
            for (k, x) in c.iter().enumerate() {
                x.method.validate().map_err(|e| bad_choice(name, k, e))?;
            }
            if let Some(n) = node {
                group(n)?;
                for x in c {
                    let key = x.method.key();
                    if Aggregation::from_key(&key, n).ok().as_ref() != Some(&x.method) {
                        return Err(invalid(
                            name,
                            format!(
                                "aggregation `{key}` has no framework-key form; use node: null"
                            ),
                        ));
                    }
                }
            }
            choices(c.iter().map(|x| x.probability).collect())
        }
    }
}
