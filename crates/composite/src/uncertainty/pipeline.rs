//! Uncertain factors of a [`PipelineConfig`] and the [`PipelineModel`] that re-runs it.

use mfg_quality_indicators::{NodeId, Panel, Period};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Gamma};

use super::{FactorSpec, Replicate};
use crate::aggregate::Aggregation;
use crate::impute::Imputation;
use crate::normalise::Normalisation;
use crate::pipeline::PipelineConfig;
use crate::sensitivity::{choose, cumulative};
use crate::weights::Weighting;
use crate::{CompositeError, Result};

/// A method and its probability of being chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[serde(tag = "factor", rename_all = "snake_case")]
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
    /// The default normalisation (overrides stay), chosen by [`choose`]. Value: the choice index.
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

/// A factor resolved against the configuration.
#[derive(Debug, Clone)]
enum Resolved {
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
    fn dims(&self) -> usize {
        match self {
            Resolved::NodeWeights { children, .. } | Resolved::Dirichlet { children, .. } => {
                children.len()
            }
            _ => 1,
        }
    }

    /// Whether this factor changes a method (applied first).
    fn is_choice(&self) -> bool {
        matches!(self, Resolved::Choice { .. })
    }
}

/// A [`Replicate`] model that re-runs a [`PipelineConfig`] on a panel with the factors applied, and scores
/// the units by one node (default: the framework's root) in one period (default: the last).
#[derive(Debug, Clone)]
pub struct PipelineModel {
    config: PipelineConfig,
    panel: Panel,
    factors: Vec<Factor>,
    resolved: Vec<Resolved>,
    labels: Vec<Vec<String>>,
    node: String,
    period: Period,
}

fn uniform(lo: f64, hi: f64, u: f64) -> f64 {
    lo + u * (hi - lo)
}

impl PipelineModel {
    /// A model over `config` and `panel` with the given factors.
    ///
    /// # Errors
    /// [`CompositeError::TooFew`] without factors; [`CompositeError::InvalidFactor`] for a duplicate name,
    /// an unknown node or indicator, a weight factor on a node whose parent is not weighted by
    /// [`Weighting::Explicit`], a spread outside [0, 1), a non-positive concentration or nominal weight,
    /// bounds that are not finite with `lo < hi`, a threshold of a stage the configuration does not run,
    /// a goalpost of an indicator without goalposts, an aggregation without a key form;
    /// [`CompositeError::EmptyChoices`], [`CompositeError::InvalidProbabilities`]; the nominal run's error.
    pub fn new(config: PipelineConfig, panel: Panel, factors: Vec<Factor>) -> Result<Self> {
        if factors.is_empty() {
            return Err(CompositeError::TooFew {
                method: "uncertainty analysis",
                what: "factors",
                needed: 1,
                got: 0,
            });
        }
        let fw = &config.framework;
        let node = fw.node(fw.root()).id.clone();
        let period = *panel.periods().last().ok_or(CompositeError::TooFew {
            method: "uncertainty analysis",
            what: "periods",
            needed: 1,
            got: 0,
        })?;
        let mut resolved = Vec::with_capacity(factors.len());
        let mut labels = Vec::with_capacity(factors.len());
        for (k, f) in factors.iter().enumerate() {
            if factors[..k].iter().any(|g| g.name == f.name) {
                return Err(invalid(&f.name, "duplicate factor name".into()));
            }
            let r = resolve(&config, f)?;
            labels.push(match &r {
                Resolved::NodeWeights { children, .. } | Resolved::Dirichlet { children, .. } => {
                    children
                        .iter()
                        .map(|&c| format!("{}[{}]", f.name, fw.node(c).id))
                        .collect()
                }
                _ => vec![f.name.clone()],
            });
            resolved.push(r);
        }
        let model = Self {
            config,
            panel,
            factors,
            resolved,
            labels,
            node,
            period,
        };
        model.nominal()?;
        Ok(model)
    }

    /// Scores the units by `node` in `period` instead of the root in the last period.
    ///
    /// # Errors
    /// [`CompositeError::InvalidFactor`] (factor `<output>`) for an unknown node or period; the nominal
    /// run's error.
    pub fn with_output(mut self, node: &str, period: Period) -> Result<Self> {
        if self.config.framework.find(node).is_none() {
            return Err(invalid("<output>", format!("unknown node `{node}`")));
        }
        if self.panel.period_index(period).is_none() {
            return Err(invalid(
                "<output>",
                format!("period {period} is not in the panel"),
            ));
        }
        self.node = node.to_string();
        self.period = period;
        self.nominal()?;
        Ok(self)
    }

    /// The nominal configuration.
    pub fn config(&self) -> &PipelineConfig {
        &self.config
    }

    /// The factors.
    pub fn factor_list(&self) -> &[Factor] {
        &self.factors
    }

    /// The configuration of the point `u` (e.g. to re-run a replication reported as failed).
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] for a `u` of the wrong length; [`CompositeError::Indicators`]
    /// if a weight cannot be set; [`CompositeError::InvalidWeights`] for a degenerate Dirichlet draw.
    pub fn configure(&self, u: &[f64]) -> Result<PipelineConfig> {
        let mut cfg = self.config.clone();
        self.configure_into(&mut cfg, u)?;
        Ok(cfg)
    }

    /// Applies the factors at `u` to `cfg`, a clone of the nominal configuration that may already carry the
    /// factors of another point: every factor overwrites its whole target (a weight from its nominal value,
    /// a method, a threshold), so the result does not depend on what `cfg` held before.
    fn configure_into(&self, cfg: &mut PipelineConfig, u: &[f64]) -> Result<()> {
        let dims: usize = self.resolved.iter().map(Resolved::dims).sum();
        if u.len() != dims {
            return Err(CompositeError::InvalidParameter {
                method: "PipelineModel",
                parameter: "u",
                reason: format!("expected {dims} coordinates, got {}", u.len()),
            });
        }
        let mut offsets = Vec::with_capacity(self.resolved.len());
        let mut o = 0;
        for r in &self.resolved {
            offsets.push(o);
            o += r.dims();
        }
        // Method choices first, then the rest, each in declaration order.
        for pass in [true, false] {
            for (k, r) in self.resolved.iter().enumerate() {
                if r.is_choice() == pass {
                    let uk = &u[offsets[k]..offsets[k] + r.dims()];
                    self.apply(cfg, &self.factors[k], r, uk)?;
                }
            }
        }
        Ok(())
    }

    fn apply(&self, cfg: &mut PipelineConfig, f: &Factor, r: &Resolved, u: &[f64]) -> Result<()> {
        match r {
            Resolved::Weight {
                node,
                nominal,
                spread,
            } => {
                cfg.framework
                    .set_weight(*node, nominal * uniform(1.0 - spread, 1.0 + spread, u[0]))?;
            }
            Resolved::NodeWeights {
                children,
                nominal,
                spread,
            } => {
                for ((c, w), uk) in children.iter().zip(nominal).zip(u) {
                    cfg.framework
                        .set_weight(*c, w * uniform(1.0 - spread, 1.0 + spread, *uk))?;
                }
            }
            Resolved::Dirichlet { children, .. } => {
                let w = dirichlet(r, u).ok_or_else(|| CompositeError::InvalidWeights {
                    node: f.name.clone(),
                    reason: "the Dirichlet draw is degenerate (all gamma variates are 0)".into(),
                })?;
                for (c, wk) in children.iter().zip(w) {
                    cfg.framework.set_weight(*c, wk)?;
                }
            }
            Resolved::Threshold { threshold, lo, hi } => {
                let v = uniform(*lo, *hi, u[0]);
                match threshold {
                    Threshold::UnitAvailability => {
                        if let Some(s) = cfg.screening.as_mut() {
                            s.min_unit_availability = v;
                        }
                    }
                    Threshold::IndicatorAvailability => {
                        if let Some(s) = cfg.screening.as_mut() {
                            s.min_indicator_availability = v;
                        }
                    }
                    Threshold::Skew => {
                        if let Some(t) = cfg.treatment.as_mut() {
                            t.skew_threshold = v;
                        }
                    }
                    Threshold::Kurtosis => {
                        if let Some(t) = cfg.treatment.as_mut() {
                            t.kurtosis_threshold = v;
                        }
                    }
                }
            }
            Resolved::Goalpost {
                indicator,
                end,
                lo,
                hi,
            } => {
                let v = uniform(*lo, *hi, u[0]);
                let norm = match cfg.normalisation_overrides.get_mut(indicator) {
                    Some(n) => n,
                    None => &mut cfg.normalisation,
                };
                if let Normalisation::Goalposts { posts, .. } = norm
                    && let Some(p) = posts.get_mut(indicator)
                {
                    match end {
                        GoalpostEnd::Min => p.min = v,
                        GoalpostEnd::Max => p.max = v,
                    }
                }
            }
            Resolved::Choice { cumulative } => {
                let c = choose(cumulative, u[0]);
                match &f.kind {
                    FactorKind::Normalisation { choices } => {
                        cfg.normalisation = choices[c].method.clone();
                    }
                    FactorKind::Imputation { choices } => {
                        cfg.imputation = choices[c].method.clone();
                    }
                    FactorKind::Weighting { node, choices } => {
                        cfg.weighting
                            .insert(node.clone(), choices[c].method.clone());
                    }
                    FactorKind::Aggregation { node, choices } => match node {
                        None => cfg.aggregation = choices[c].method.clone(),
                        Some(n) => {
                            let id = cfg
                                .framework
                                .find(n)
                                .ok_or_else(|| invalid(&f.name, format!("unknown node `{n}`")))?;
                            cfg.framework
                                .set_aggregation(id, Some(choices[c].method.key()));
                        }
                    },
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

/// The Dirichlet weights of a point, `None` if every gamma variate is 0.
fn dirichlet(r: &Resolved, u: &[f64]) -> Option<Vec<f64>> {
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

fn invalid(factor: &str, reason: String) -> CompositeError {
    CompositeError::InvalidFactor {
        factor: factor.to_string(),
        reason,
    }
}

fn check_bounds(name: &str, lo: f64, hi: f64) -> Result<()> {
    if lo.is_finite() && hi.is_finite() && lo < hi {
        Ok(())
    } else {
        Err(invalid(
            name,
            format!("bounds must be finite with lo < hi, got [{lo}, {hi}]"),
        ))
    }
}

fn check_spread(name: &str, spread: f64) -> Result<()> {
    if (0.0..1.0).contains(&spread) {
        Ok(())
    } else {
        Err(invalid(
            name,
            format!("spread must be in [0, 1), got {spread}"),
        ))
    }
}

fn resolve(config: &PipelineConfig, f: &Factor) -> Result<Resolved> {
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
            choices(c.iter().map(|x| x.probability).collect())
        }
        FactorKind::Imputation { choices: c } => choices(c.iter().map(|x| x.probability).collect()),
        FactorKind::Weighting { node, choices: c } => {
            group(node)?;
            choices(c.iter().map(|x| x.probability).collect())
        }
        FactorKind::Aggregation { node, choices: c } => {
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

impl Replicate for PipelineModel {
    fn units(&self) -> Vec<String> {
        self.panel.units().iter().map(|u| u.code.clone()).collect()
    }

    fn factors(&self) -> Vec<FactorSpec> {
        self.factors
            .iter()
            .zip(&self.labels)
            .map(|(f, l)| FactorSpec {
                name: f.name.clone(),
                labels: l.clone(),
            })
            .collect()
    }

    fn nominal(&self) -> Result<Vec<f64>> {
        self.scores_of(&self.config)
    }

    fn values(&self, u: &[f64]) -> Vec<f64> {
        let mut out = Vec::with_capacity(u.len());
        let mut o = 0;
        for r in &self.resolved {
            let uk = &u[o..(o + r.dims()).min(u.len())];
            o += r.dims();
            match r {
                Resolved::Weight {
                    nominal, spread, ..
                } => out.push(nominal * uniform(1.0 - spread, 1.0 + spread, uk[0])),
                Resolved::NodeWeights {
                    nominal, spread, ..
                } => out.extend(
                    nominal
                        .iter()
                        .zip(uk)
                        .map(|(w, x)| w * uniform(1.0 - spread, 1.0 + spread, *x)),
                ),
                Resolved::Dirichlet { shapes, .. } => {
                    out.extend(dirichlet(r, uk).unwrap_or_else(|| vec![0.0; shapes.len()]));
                }
                Resolved::Threshold { lo, hi, .. } | Resolved::Goalpost { lo, hi, .. } => {
                    out.push(uniform(*lo, *hi, uk[0]));
                }
                Resolved::Choice { cumulative } => out.push(choose(cumulative, uk[0]) as f64),
            }
        }
        out
    }

    fn run(&self, u: &[f64]) -> Result<Vec<f64>> {
        self.scores_of(&self.configure(u)?)
    }

    /// One clone of the configuration per batch, re-configured for each point (see `configure_into`).
    fn run_batch(&self, points: &[Vec<f64>]) -> Vec<Result<Vec<f64>>> {
        let mut cfg = self.config.clone();
        points
            .iter()
            .map(|u| {
                self.configure_into(&mut cfg, u)?;
                self.scores_of(&cfg)
            })
            .collect()
    }
}

impl PipelineModel {
    /// The scores of every panel unit by the output node and period. A unit without a score (screened
    /// out, or all its data missing) is an error: a replication must rank the same units as the nominal run.
    fn scores_of(&self, cfg: &PipelineConfig) -> Result<Vec<f64>> {
        let results = cfg.run(&self.panel)?;
        let scores = results.scores(&self.node, self.period)?;
        let ru = results.units();
        self.panel
            .units()
            .iter()
            .enumerate()
            .map(|(k, u)| {
                // Results keep the panel's unit order unless screening dropped units.
                let idx = if k < ru.len() && ru.code(k) == u.code {
                    Some(k)
                } else {
                    (0..ru.len()).find(|&i| ru.code(i) == u.code)
                };
                idx.and_then(|i| scores[i])
                    .ok_or_else(|| CompositeError::MissingValue {
                        unit: u.code.clone(),
                        column: self.node.clone(),
                        period: self.period,
                    })
            })
            .collect()
    }
}
