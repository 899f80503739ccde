//! Stage 7 of the pipeline: the results of a composite index and what is read from them.
//!
//! A [`Results`] holds, for every node of the framework (indicators, sub-pillars, pillars, the index), every
//! unit and every period, a score or a missing mark, plus the weights each node received within its parent
//! in each period and the names of the aggregations used. From it one reads:
//!
//! | question | method |
//! |---|---|
//! | a score, a column of scores | [`Results::score`], [`Results::scores`], [`Results::column`] |
//! | ranks (1 = best, ties by [`TieMethod`], `min` by default) | [`Results::ranks`], [`Results::rank`] |
//! | rank changes between two periods | [`Results::rank_changes`] |
//! | each child's share of its parent's score (the paper's "12.51 %") | [`Results::contributions`] |
//! | tiers by thresholds (≥ 130 / 100–130 / 60–100) | [`Results::tiers`] with [`Tiers`] |
//! | strongest and weakest child ("shortest plank") | [`Results::strongest_weakest`] |
//! | weights within the parent, effective weights | [`Results::weight`], [`Results::effective_weight`] |
//! | tidy CSV `unit,period,node,score,rank` | [`Results::to_csv`], [`Results::write_csv`] |
//!
//! Indicator (leaf) scores are the normalised values, after screening, imputation, treatment and
//! normalisation (every indicator "higher is better"); group scores are the aggregates.
//!
//! Ranks are computed on request (sorting 10⁶ units per node is not free, and most runs read only a few
//! nodes), with [`RankOrder::Descending`] (the highest score gets rank 1) among the units whose score is
//! present; a missing score has no rank.
//!
//! Results serialise with serde (JSON) and re-load with their shapes re-validated.
//!
//! # Memory
//!
//! A result holds `periods × nodes × units` scores and presence flags (≈ 0.6 GB at 10⁶ units × 66
//! nodes). Fresh memory of that size costs the kernel a page fault per 4 KiB page as it is first written
//! — as much time as the rest of a pipeline run (the `composite/baseline_copy` benchmark) — and the
//! allocator returns such large blocks to the system as soon as they are freed. Nothing is kept behind
//! the caller's back (there is no process-global cache): a dropped result frees its memory at once. A
//! caller that runs repeatedly (scenarios, a Monte Carlo loop) hands the previous result back to
//! [`crate::pipeline::PipelineConfig::run_reusing`], so that the memory is faulted in once.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use mfg_quality_indicators::stats::{RankOrder, TieMethod, rank};
use mfg_quality_indicators::{Framework, IndicatorsError, NodeId, Panel, Period, Unit};
use serde::{Deserialize, Serialize};

use crate::error::{CompositeError, Result};
use crate::impute::ImputationReport;
use crate::screen::ScreenReport;
use crate::treat::TreatmentReport;
mod contributions;
mod data;
#[cfg(test)]
mod tests;
mod tidy;
mod tiers;
mod units;

pub use data::ResultsData;
pub use tiers::{Tier, TierAssignment, Tiers};
pub use units::{UnitRef, UnitTable};

/// The key [`Results::contributions`] accepts: the name of the weighted arithmetic mean.
pub const ADDITIVE_AGGREGATION: &str = "arithmetic";

/// One unit's rank in two periods ([`Results::rank_changes`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RankChange {
    /// Unit code.
    pub unit: String,
    /// Rank in the first period (`None` if the score is missing).
    pub from: Option<f64>,
    /// Rank in the second period.
    pub to: Option<f64>,
    /// `from − to`: positive = moved up (towards rank 1); `None` if either rank is missing.
    pub change: Option<f64>,
}

/// One child's contribution to its parent's score ([`Results::contributions`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contribution {
    /// Child node id.
    pub child: String,
    /// The child's weight within the parent, re-normalised over the children present for this unit.
    pub weight: f64,
    /// The child's score (`None` if missing: it then contributes nothing).
    pub score: Option<f64>,
    /// `weight × score` (0 for a missing child); these sum to the parent's score.
    pub contribution: f64,
    /// `100 × contribution / parent score`; these sum to 100.
    pub share_percent: f64,
}

/// A unit's strongest and weakest child of a node ([`Results::strongest_weakest`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Planks {
    /// Id and score of the child with the highest score (first in framework order on ties).
    pub strongest: (String, f64),
    /// Id and score of the child with the lowest score: the "shortest plank" (first on ties).
    pub weakest: (String, f64),
}

/// The buffers of a result: its unit table, scores and presence flags.
pub(crate) type Buffers = (UnitTable, Vec<f64>, Vec<bool>);

/// The results of a composite-index run. See the [module docs](self).
///
/// Layout: every node has a *slot*; the indicators first (slots `0..n_indicators`, in the framework's leaf
/// order), then the groups (in [`Framework::groups_postorder`] order). For period `p`, slot `s` and unit
/// `u` the score is `scores[(p · n_slots + s) · n_units + u]`, with the presence mask `present` alongside
/// (a missing score holds 0.0). So each (node, period) column is contiguous, and so are the indicators of
/// a period (a column-major `n_units × n_indicators` block).
///
/// `weights[p · n_nodes + node]` is the node's weight within its parent in period `p`, normalised to sum to
/// 1 over the parent's children (1 for the root); `aggregations[node]` the name of the aggregation of a
/// group (`None` for an indicator).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    framework: Framework,
    units: UnitTable,
    periods: Vec<Period>,
    scores: Vec<f64>,
    present: Vec<bool>,
    weights: Vec<f64>,
    aggregations: Vec<Option<String>>,
    ties: TieMethod,
    reports: StageReports,
    #[serde(skip)]
    index: ResultsIndex,
}

/// What the screening, imputation and outlier-treatment stages reported (`None` for a stage that did not
/// run).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageReports {
    /// Data availability and what was dropped or flagged.
    #[serde(default)]
    pub screening: Option<ScreenReport>,
    /// Every imputed cell.
    #[serde(default)]
    pub imputation: Option<ImputationReport>,
    /// Skewness, kurtosis, winsorisation and log transforms per indicator and period.
    #[serde(default)]
    pub treatment: Option<TreatmentReport>,
    /// What the run did that the caller should know about (e.g. an indicator without data dropped under
    /// [`MissingIndicatorPolicy::DropWithWarning`](crate::pipeline::MissingIndicatorPolicy)), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

/// Something a run did by a declared policy rather than fail, kept on its [`Results`]
/// ([`Results::warnings`]). Serde form: `{"warning": "indicator_dropped", "indicator": "x", ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "warning", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Warning {
    /// An indicator had no observed value in a period and was left out of its parent's aggregation there
    /// ([`MissingIndicatorPolicy::DropWithWarning`](crate::pipeline::MissingIndicatorPolicy)).
    IndicatorDropped {
        /// The indicator.
        indicator: String,
        /// Its parent node.
        node: String,
        /// The period.
        period: Period,
    },
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::IndicatorDropped {
                indicator,
                node,
                period,
            } => write!(
                f,
                "indicator `{indicator}` of `{node}` has no observed value in period {period}: left out of `{node}`'s aggregation"
            ),
        }
    }
}

/// Derived lookup tables (not serialised; rebuilt on construction, the unit table on first use).
#[derive(Debug, Clone, Default)]
struct ResultsIndex {
    /// Slot of each node.
    slots: Vec<usize>,
    /// Unit code → position, built on the first lookup by code (10⁶ units would otherwise cost a hash
    /// map per run in Monte Carlo loops that never look units up by code).
    units: OnceLock<HashMap<String, usize>>,
    periods: HashMap<Period, usize>,
}

impl PartialEq for ResultsIndex {
    /// Derived data: equal whenever the slots are (the rest follows from the compared fields).
    fn eq(&self, other: &Self) -> bool {
        self.slots == other.slots
    }
}

/// The slot of every node: indicators `0..n_indicators` in leaf order, then groups in post-order.
pub(crate) fn slot_table(framework: &Framework) -> Vec<usize> {
    let mut slots = vec![0; framework.len()];
    let nl = framework.leaves().len();
    for (k, &leaf) in framework.leaves().iter().enumerate() {
        slots[leaf] = k;
    }
    for (g, node) in framework.groups_postorder().into_iter().enumerate() {
        slots[node] = nl + g;
    }
    slots
}

fn inconsistent(reason: String) -> CompositeError {
    CompositeError::Inconsistent {
        what: "results",
        reason,
    }
}

impl Results {
    /// Assembles results from their parts, checking every shape (see the [type docs](Results) for the
    /// layout).
    ///
    /// * `units`, `periods`: non-empty, unique codes / periods;
    /// * `scores`, `present`: `n_periods × (n_indicators + n_groups) × n_units` each; present scores finite;
    /// * `weights`: `n_periods × n_nodes`, finite, non-negative, summing to 1 over each group's children;
    /// * `aggregations`: one per node, `Some(name)` exactly for the groups.
    ///
    /// # Errors
    /// [`CompositeError::Inconsistent`] naming the first mismatch, or [`CompositeError::InvalidValue`]
    /// for a non-finite score.
    #[allow(clippy::too_many_arguments)] // the parts of the struct, each documented
    pub fn new(
        framework: Framework,
        units: UnitTable,
        periods: Vec<Period>,
        mut scores: Vec<f64>,
        present: Vec<bool>,
        weights: Vec<f64>,
        aggregations: Vec<Option<String>>,
        ties: TieMethod,
    ) -> Result<Self> {
        if units.is_empty() || periods.is_empty() {
            return Err(inconsistent("no unit or no period".into()));
        }
        let mut seen = std::collections::HashSet::with_capacity(units.len());
        if let Some(u) = units.codes().find(|u| !seen.insert(*u)) {
            return Err(inconsistent(format!("unit `{u}` is repeated")));
        }
        let mut seen_p = std::collections::HashSet::with_capacity(periods.len());
        if let Some(p) = periods.iter().find(|p| !seen_p.insert(**p)) {
            return Err(inconsistent(format!("period {p} is repeated")));
        }
        let (nu, np, nn) = (units.len(), periods.len(), framework.len());
        let n = np * nn * nu;
        if scores.len() != n || present.len() != n {
            return Err(inconsistent(format!(
                "scores/presence have {}/{} values, expected {n} (periods × nodes × units)",
                scores.len(),
                present.len()
            )));
        }
        let slots = slot_table(&framework);
        let mut node_of_slot = vec![0; nn];
        for (node, &s) in slots.iter().enumerate() {
            node_of_slot[s] = node;
        }
        for (k, (v, &m)) in scores.iter_mut().zip(&present).enumerate() {
            if !m {
                *v = 0.0;
            } else if !v.is_finite() {
                return Err(CompositeError::InvalidValue {
                    method: "results",
                    unit: units.code(k % nu).to_string(),
                    indicator: framework.node(node_of_slot[(k / nu) % nn]).id.clone(),
                    value: *v,
                    reason: "a score must be finite",
                });
            }
        }
        if weights.len() != np * nn {
            return Err(inconsistent(format!(
                "{} weights, expected {} (periods × nodes)",
                weights.len(),
                np * nn
            )));
        }
        if aggregations.len() != nn {
            return Err(inconsistent(format!(
                "{} aggregation names, expected one per node ({nn})",
                aggregations.len()
            )));
        }
        for (node, agg) in aggregations.iter().enumerate() {
            if agg.is_some() == framework.node(node).is_indicator() {
                return Err(inconsistent(format!(
                    "node `{}` must have an aggregation name if and only if it is a group",
                    framework.node(node).id
                )));
            }
        }
        for (p, period) in periods.iter().enumerate() {
            let w = &weights[p * nn..(p + 1) * nn];
            if let Some(bad) = w.iter().position(|v| !v.is_finite() || *v < 0.0) {
                return Err(inconsistent(format!(
                    "weight {} of `{}` in period {period} is negative or not finite",
                    w[bad],
                    framework.node(bad).id,
                )));
            }
            for g in framework.groups_postorder() {
                let s: f64 = framework.children(g).iter().map(|&c| w[c]).sum();
                if (s - 1.0).abs() > 1e-9 {
                    return Err(inconsistent(format!(
                        "the weights of the children of `{}` sum to {s} in period {period}, not 1",
                        framework.node(g).id,
                    )));
                }
            }
        }
        Ok(Self::assemble(
            framework,
            units,
            periods,
            scores,
            present,
            weights,
            aggregations,
            ties,
        ))
    }

    /// [`Results::new`] without the checks, for the pipeline (which builds every part consistently and
    /// has checked the scores).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn assemble(
        framework: Framework,
        units: UnitTable,
        periods: Vec<Period>,
        scores: Vec<f64>,
        present: Vec<bool>,
        weights: Vec<f64>,
        aggregations: Vec<Option<String>>,
        ties: TieMethod,
    ) -> Self {
        let slots = slot_table(&framework);
        let index = ResultsIndex {
            slots,
            units: OnceLock::new(),
            periods: periods.iter().enumerate().map(|(k, &p)| (p, k)).collect(),
        };
        Results {
            framework,
            units,
            periods,
            scores,
            present,
            weights,
            aggregations,
            ties,
            reports: StageReports::default(),
            index,
        }
    }

    /// The unit table and score buffers, for reuse by [`crate::pipeline::PipelineConfig::run_reusing`].
    pub(crate) fn into_buffers(self) -> Buffers {
        (self.units, self.scores, self.present)
    }

    /// The same results carrying the reports of the screening, imputation and treatment stages.
    pub fn with_reports(mut self, reports: StageReports) -> Self {
        self.reports = reports;
        self
    }

    /// The reports of the screening, imputation and treatment stages.
    pub fn reports(&self) -> &StageReports {
        &self.reports
    }

    /// The warnings of the run (empty when nothing was dropped by a declared policy), e.g.
    /// [`Warning::IndicatorDropped`].
    pub fn warnings(&self) -> &[Warning] {
        &self.reports.warnings
    }

    /// The same results with ranks computed under another tie method.
    pub fn with_ties(mut self, ties: TieMethod) -> Self {
        self.ties = ties;
        self
    }

    /// The tie method used by [`Results::ranks`].
    pub fn ties(&self) -> TieMethod {
        self.ties
    }

    /// The framework the scores follow (after screening, if indicators were dropped).
    pub fn framework(&self) -> &Framework {
        &self.framework
    }

    /// The units, in result order (codes, names, groups).
    pub fn units(&self) -> &UnitTable {
        &self.units
    }

    /// The periods, in result order.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// The normalised indicator values (the indicator nodes' scores) as a [`Panel`] (a copy).
    ///
    /// # Errors
    /// None in practice (the parts are consistent); [`CompositeError::Indicators`] otherwise.
    pub fn normalised_panel(&self) -> Result<Panel> {
        let (nu, nl, nn) = (
            self.units.len(),
            self.framework.leaves().len(),
            self.framework.len(),
        );
        let mut values = Vec::with_capacity(self.periods.len() * nl * nu);
        let mut present = Vec::with_capacity(self.periods.len() * nl * nu);
        for p in 0..self.periods.len() {
            let s = p * nn * nu;
            values.extend_from_slice(&self.scores[s..s + nl * nu]);
            present.extend_from_slice(&self.present[s..s + nl * nu]);
        }
        Ok(Panel::from_dense(
            self.units.to_units(),
            self.framework
                .indicator_ids()
                .into_iter()
                .map(String::from)
                .collect(),
            self.periods.clone(),
            values,
            present,
        )?)
    }

    /// The node ids in pre-order (index first, then each pillar followed by its descendants).
    pub fn node_ids(&self) -> Vec<&str> {
        self.framework
            .preorder()
            .into_iter()
            .map(|n| self.framework.node(n).id.as_str())
            .collect()
    }

    /// The name of the aggregation used at a group node (`None` for an indicator).
    ///
    /// # Errors
    /// [`CompositeError::UnknownNode`].
    pub fn aggregation(&self, node: &str) -> Result<Option<&str>> {
        Ok(self.aggregations[self.node_id(node)?].as_deref())
    }

    /// The [`NodeId`] of a node.
    ///
    /// # Errors
    /// [`CompositeError::UnknownNode`].
    pub fn node_id(&self, node: &str) -> Result<NodeId> {
        self.framework
            .find(node)
            .ok_or_else(|| CompositeError::UnknownNode {
                node: node.to_string(),
            })
    }

    /// Position of a unit code in [`Results::units`].
    ///
    /// # Errors
    /// [`CompositeError::Indicators`] with an unknown-unit error.
    pub fn unit_index(&self, unit: &str) -> Result<usize> {
        let map = self.index.units.get_or_init(|| {
            self.units
                .codes()
                .enumerate()
                .map(|(k, u)| (u.to_string(), k))
                .collect()
        });
        map.get(unit).copied().ok_or_else(|| {
            IndicatorsError::UnknownUnit {
                unit: unit.to_string(),
            }
            .into()
        })
    }

    /// Position of a period in [`Results::periods`].
    ///
    /// # Errors
    /// [`CompositeError::Indicators`] with an unknown-period error.
    pub fn period_index(&self, period: Period) -> Result<usize> {
        self.index
            .periods
            .get(&period)
            .copied()
            .ok_or_else(|| IndicatorsError::UnknownPeriod { period }.into())
    }

    /// Scores and presence of a node in a period by index (no checks beyond slice bounds).
    fn column_at(&self, node: NodeId, p: usize) -> (&[f64], &[bool]) {
        let nu = self.units.len();
        let s = (p * self.framework.len() + self.index.slots[node]) * nu;
        (&self.scores[s..s + nu], &self.present[s..s + nu])
    }

    /// The scores of a node in a period, one per unit in [`Results::units`] order, with the presence mask
    /// (a missing score holds 0.0 and `false`). Zero-copy: use it in loops (e.g. Monte Carlo).
    ///
    /// # Errors
    /// [`CompositeError::UnknownNode`], or an unknown period.
    pub fn column(&self, node: &str, period: Period) -> Result<(&[f64], &[bool])> {
        Ok(self.column_at(self.node_id(node)?, self.period_index(period)?))
    }

    /// The scores of a node in a period, one per unit (`None` = missing).
    ///
    /// # Errors
    /// As [`Results::column`].
    pub fn scores(&self, node: &str, period: Period) -> Result<Vec<Option<f64>>> {
        let (v, m) = self.column(node, period)?;
        Ok(v.iter().zip(m).map(|(&x, &ok)| ok.then_some(x)).collect())
    }

    /// One score: `Ok(None)` if it is missing.
    ///
    /// # Errors
    /// Unknown unit, node or period.
    pub fn score(&self, unit: &str, node: &str, period: Period) -> Result<Option<f64>> {
        let u = self.unit_index(unit)?;
        let (v, m) = self.column(node, period)?;
        Ok(m[u].then_some(v[u]))
    }

    fn ranks_at(&self, node: NodeId, p: usize) -> Vec<Option<f64>> {
        let (v, m) = self.column_at(node, p);
        let present: Vec<f64> = v
            .iter()
            .zip(m)
            .filter(|(_, ok)| **ok)
            .map(|(x, _)| *x)
            .collect();
        let r = rank(&present, RankOrder::Descending, self.ties);
        let mut it = r.into_iter();
        m.iter()
            .map(|&ok| if ok { it.next() } else { None })
            .collect()
    }

    /// Ranks of the units on a node in a period: 1 = highest score, ties by [`Results::ties`] (R's
    /// `rank(-x, ties.method = "min")` by default), computed among the units with a score; `None` for a
    /// missing score. Uses [`mfg_quality_indicators::stats::rank`].
    ///
    /// # Errors
    /// As [`Results::column`].
    pub fn ranks(&self, node: &str, period: Period) -> Result<Vec<Option<f64>>> {
        Ok(self.ranks_at(self.node_id(node)?, self.period_index(period)?))
    }

    /// One unit's rank (see [`Results::ranks`]).
    ///
    /// # Errors
    /// Unknown unit, node or period.
    pub fn rank(&self, unit: &str, node: &str, period: Period) -> Result<Option<f64>> {
        let u = self.unit_index(unit)?;
        Ok(self.ranks(node, period)?[u])
    }

    /// Rank changes of every unit on a node from one period to another: `change = rank(from) − rank(to)`,
    /// positive when a unit moves up.
    ///
    /// # Errors
    /// Unknown node or period.
    pub fn rank_changes(&self, node: &str, from: Period, to: Period) -> Result<Vec<RankChange>> {
        let a = self.ranks(node, from)?;
        let b = self.ranks(node, to)?;
        Ok(self
            .units
            .codes()
            .zip(a.into_iter().zip(b))
            .map(|(u, (from, to))| RankChange {
                unit: u.to_string(),
                from,
                to,
                change: from.zip(to).map(|(f, t)| f - t),
            })
            .collect())
    }

    fn group_of(&self, node: &str, operation: &'static str) -> Result<NodeId> {
        let id = self.node_id(node)?;
        if self.framework.node(id).is_indicator() {
            return Err(CompositeError::WrongNodeKind {
                node: node.to_string(),
                operation,
                expected: "a group",
                found: "an indicator",
            });
        }
        Ok(id)
    }
}

impl Results {
    /// Scores of a node for every unit in a period keyed by unit code (convenience for small tables).
    ///
    /// # Errors
    /// As [`Results::column`].
    pub fn scores_by_unit(
        &self,
        node: &str,
        period: Period,
    ) -> Result<HashMap<String, Option<f64>>> {
        Ok(self
            .units
            .codes()
            .map(str::to_string)
            .zip(self.scores(node, period)?)
            .collect())
    }
}
