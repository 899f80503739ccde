//! The [`PipelineModel`]: re-runs a [`PipelineConfig`] with the uncertain factors (see [`super::factor`])
//! applied to it, scoring the units by one node and period.

use mfg_quality_indicators::{Panel, Period};

use super::factor::{
    Factor, FactorKind, GoalpostEnd, Resolved, Threshold, dirichlet, invalid, resolve,
};
use super::{FactorSpec, Replicate};
use crate::normalise::Normalisation;
use crate::pipeline::PipelineConfig;
use crate::sensitivity::choose;
use crate::{CompositeError, Result};

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
    /// [`Weighting::Explicit`](crate::weights::Weighting::Explicit), a spread outside [0, 1), a
    /// non-positive concentration or nominal weight,
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
                        indicator: self.node.clone(),
                        period: self.period,
                    })
            })
            .collect()
    }
}
