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
//! — on the 2-core reference machine ≈ 130 ms for 0.5 GB, as much as the rest of a pipeline run — and the
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

/// The key [`Results::contributions`] accepts: the name of the weighted arithmetic mean.
pub const ADDITIVE_AGGREGATION: &str = "arithmetic";

/// A labelled tier: scores at or above `min` (and below the next higher tier's `min`) belong to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    tiers: Vec<Tier>,
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

/// One unit's rank in two periods ([`Results::rank_changes`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// A unit's tier ([`Results::tiers`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierAssignment {
    /// Unit code.
    pub unit: String,
    /// Score (`None` if missing).
    pub score: Option<f64>,
    /// Tier label (`None` if the score is missing or below every tier).
    pub tier: Option<String>,
}

/// A unit's strongest and weakest child of a node ([`Results::strongest_weakest`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Planks {
    /// Id and score of the child with the highest score (first in framework order on ties).
    pub strongest: (String, f64),
    /// Id and score of the child with the lowest score: the "shortest plank" (first on ties).
    pub weakest: (String, f64),
}

/// The units of a result, stored compactly: every code and name in one string buffer, so that a result with
/// 10⁶ units costs a few allocations rather than millions (and a run stays fast). Serialises as a list of
/// [`Unit`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UnitTable {
    text: String,
    /// Per unit, the end offsets in `text` of its code, English name, Chinese name and group.
    ends: Vec<[usize; 4]>,
    has_group: Vec<bool>,
}

impl UnitTable {
    /// The table of a list of units.
    pub fn from_units(units: &[Unit]) -> Self {
        let mut t = UnitTable {
            text: String::with_capacity(units.iter().map(|u| u.code.len() + 1).sum()),
            ends: Vec::with_capacity(units.len()),
            has_group: Vec::with_capacity(units.len()),
        };
        for u in units {
            t.text.push_str(&u.code);
            let a = t.text.len();
            t.text.push_str(&u.name_en);
            let b = t.text.len();
            t.text.push_str(&u.name_zh);
            let c = t.text.len();
            t.text.push_str(u.group.as_deref().unwrap_or(""));
            t.ends.push([a, b, c, t.text.len()]);
            t.has_group.push(u.group.is_some());
        }
        t
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no unit.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn field(&self, i: usize, f: usize) -> &str {
        let start = match (i, f) {
            (0, 0) => 0,
            (_, 0) => self.ends[i - 1][3],
            _ => self.ends[i][f - 1],
        };
        &self.text[start..self.ends[i][f]]
    }

    /// Code of unit `i`.
    ///
    /// # Panics
    /// If `i` is out of range.
    pub fn code(&self, i: usize) -> &str {
        self.field(i, 0)
    }

    /// English name of unit `i` (may be empty).
    ///
    /// # Panics
    /// If `i` is out of range.
    pub fn name_en(&self, i: usize) -> &str {
        self.field(i, 1)
    }

    /// Chinese name of unit `i` (may be empty).
    ///
    /// # Panics
    /// If `i` is out of range.
    pub fn name_zh(&self, i: usize) -> &str {
        self.field(i, 2)
    }

    /// Group of unit `i`, if any.
    ///
    /// # Panics
    /// If `i` is out of range.
    pub fn group(&self, i: usize) -> Option<&str> {
        self.has_group[i].then(|| self.field(i, 3))
    }

    /// Unit `i` as a [`Unit`] (a copy).
    ///
    /// # Panics
    /// If `i` is out of range.
    pub fn unit(&self, i: usize) -> Unit {
        Unit {
            code: self.code(i).to_string(),
            name_en: self.name_en(i).to_string(),
            name_zh: self.name_zh(i).to_string(),
            group: self.group(i).map(str::to_string),
        }
    }

    /// A borrowed view of unit `i`, `None` if out of range (like `<[Unit]>::get`).
    pub fn get(&self, i: usize) -> Option<UnitRef<'_>> {
        (i < self.len()).then(|| UnitRef {
            code: self.code(i),
            name_en: self.name_en(i),
            name_zh: self.name_zh(i),
            group: self.group(i),
        })
    }

    /// Borrowed views of the units, in order (like `<[Unit]>::iter`).
    pub fn iter(&self) -> impl Iterator<Item = UnitRef<'_>> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Whether the table holds exactly the units `units[from..]`, starting at its own unit `from` (codes,
    /// names and groups), without allocating: a walk along the text buffer comparing short byte strings
    /// inline (a `memcmp` call per field costs more than the comparison). For `run_reusing`, which compares
    /// 10⁶ units per run.
    pub(crate) fn same_units_from(&self, from: usize, units: &[Unit]) -> bool {
        if from + units.len() > self.len() {
            return false;
        }
        let text = self.text.as_bytes();
        let mut pos = if from == 0 { 0 } else { self.ends[from - 1][3] };
        let eq = |a: &[u8], b: &[u8]| {
            a.len() == b.len() && a.iter().zip(b).fold(true, |t, (x, y)| t & (x == y))
        };
        units
            .iter()
            .zip(&self.ends[from..])
            .zip(&self.has_group[from..])
            .all(|((u, ends), &has_group)| {
                let group = u.group.as_deref().unwrap_or("");
                let fields = [&u.code, &u.name_en, &u.name_zh, group];
                let mut ok = has_group == u.group.is_some();
                for (f, &end) in fields.iter().zip(ends) {
                    ok &= end >= pos && end <= text.len() && eq(&text[pos..end], f.as_bytes());
                    pos = end.max(pos);
                }
                ok
            })
    }

    /// The unit codes, in order.
    pub fn codes(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.code(i))
    }

    /// All units as [`Unit`] values (copies).
    pub fn to_units(&self) -> Vec<Unit> {
        (0..self.len()).map(|i| self.unit(i)).collect()
    }
}

/// A borrowed view of one unit of a [`UnitTable`] (the fields of [`Unit`], borrowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitRef<'a> {
    /// Code.
    pub code: &'a str,
    /// English name (may be empty).
    pub name_en: &'a str,
    /// Chinese name (may be empty).
    pub name_zh: &'a str,
    /// Group, if any.
    pub group: Option<&'a str>,
}

impl Serialize for UnitTable {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for i in 0..self.len() {
            seq.serialize_element(&self.unit(i))?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for UnitTable {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        Ok(UnitTable::from_units(&Vec::<Unit>::deserialize(
            deserializer,
        )?))
    }
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
}

/// The serialised form of [`Results`] (field meanings as in [`Results::new`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultsData {
    /// The framework (after screening).
    pub framework: Framework,
    /// The units.
    pub units: UnitTable,
    /// The periods.
    pub periods: Vec<Period>,
    /// Scores by period, slot and unit.
    pub scores: Vec<f64>,
    /// Presence of each score.
    pub present: Vec<bool>,
    /// Weights within the parent.
    pub weights: Vec<f64>,
    /// Aggregation names.
    pub aggregations: Vec<Option<String>>,
    /// Tie method for ranks.
    #[serde(default)]
    pub ties: TieMethod,
    /// Stage reports.
    #[serde(default)]
    pub reports: StageReports,
}

impl TryFrom<ResultsData> for Results {
    type Error = CompositeError;
    fn try_from(d: ResultsData) -> Result<Self> {
        Results::new(
            d.framework,
            d.units,
            d.periods,
            d.scores,
            d.present,
            d.weights,
            d.aggregations,
            d.ties,
        )
        .map(|r| r.with_reports(d.reports))
    }
}

impl<'de> Deserialize<'de> for Results {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let data = ResultsData::deserialize(deserializer)?;
        Results::try_from(data).map_err(serde::de::Error::custom)
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
                    column: framework.node(node_of_slot[(k / nu) % nn]).id.clone(),
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
        map.get(unit)
            .copied()
            .ok_or_else(|| IndicatorsError::UnknownUnit(unit.to_string()).into())
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
            .ok_or_else(|| IndicatorsError::UnknownPeriod(period).into())
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

    /// Contributions of each child of `node` to the unit's score on it in a period.
    ///
    /// Under the weighted arithmetic mean `S = Σ_c w_c s_c / Σ_{c present} w_c` (missing children skipped
    /// and the weights re-normalised, as the aggregation does) the contribution of child `c` is
    /// `w̃_c s_c` with `w̃_c = w_c / Σ_{present} w`, and its share is `100 · w̃_c s_c / S`; contributions sum
    /// to `S` and shares to 100 (OECD/JRC Handbook 2008, §6; the paper's Fig. 4: quality & efficiency is
    /// 12.51 % of China's 2015 composite).
    ///
    /// Only the arithmetic mean is additive: for any other aggregation (geometric, harmonic, power,
    /// MPI, TOPSIS, rank-based) shares of the score are not defined, and this returns
    /// [`CompositeError::NotAdditive`] rather than a misleading number.
    ///
    /// # Errors
    /// Unknown unit, node or period; [`CompositeError::WrongNodeKind`] for an indicator;
    /// [`CompositeError::NotAdditive`]; [`CompositeError::MissingValue`] if the unit's score is missing;
    /// [`CompositeError::InvalidValue`] if the parent's score is 0 (shares undefined).
    ///
    /// ```
    /// # use mfg_quality_composite::results::Results;
    /// # fn demo(r: &Results) -> mfg_quality_composite::Result<()> {
    /// for c in r.contributions("CN", "MPI", 2015)? {
    ///     println!("{:<12} {:6.2} % of the composite", c.child, c.share_percent);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn contributions(
        &self,
        unit: &str,
        node: &str,
        period: Period,
    ) -> Result<Vec<Contribution>> {
        let id = self.group_of(node, "contributions")?;
        let agg = self.aggregations[id].as_deref().unwrap_or_default();
        if agg != ADDITIVE_AGGREGATION {
            return Err(CompositeError::NotAdditive {
                node: node.to_string(),
                aggregation: agg.to_string(),
            });
        }
        let u = self.unit_index(unit)?;
        let p = self.period_index(period)?;
        let (pv, pm) = self.column_at(id, p);
        if !pm[u] {
            return Err(CompositeError::MissingValue {
                unit: unit.to_string(),
                column: node.to_string(),
                period,
            });
        }
        let nn = self.framework.len();
        let w = &self.weights[p * nn..(p + 1) * nn];
        let kids = self.framework.children(id);
        let scores: Vec<Option<f64>> = kids
            .iter()
            .map(|&c| {
                let (v, m) = self.column_at(c, p);
                m[u].then_some(v[u])
            })
            .collect();
        let wsum: f64 = kids
            .iter()
            .zip(&scores)
            .filter(|(_, s)| s.is_some())
            .map(|(&c, _)| w[c])
            .sum();
        let contrib: Vec<f64> = kids
            .iter()
            .zip(&scores)
            .map(|(&c, s)| match s {
                Some(s) if wsum > 0.0 => w[c] / wsum * s,
                _ => 0.0,
            })
            .collect();
        let total: f64 = contrib.iter().sum();
        // The stored parent score and the recomputed sum agree up to rounding; divide by the sum so the
        // shares add up to 100 exactly (up to rounding).
        if total == 0.0 || pv[u] == 0.0 {
            return Err(CompositeError::InvalidValue {
                method: "contributions",
                unit: unit.to_string(),
                column: node.to_string(),
                value: pv[u],
                reason: "shares of a zero score are undefined",
            });
        }
        Ok(kids
            .iter()
            .zip(scores.into_iter().zip(contrib))
            .map(|(&c, (score, contribution))| Contribution {
                child: self.framework.node(c).id.clone(),
                weight: if score.is_some() && wsum > 0.0 {
                    w[c] / wsum
                } else {
                    0.0
                },
                score,
                contribution,
                share_percent: 100.0 * contribution / total,
            })
            .collect())
    }

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

    /// The unit's strongest and weakest child of `node` in a period, by the children's own (normalised or
    /// aggregated) scores — the "shortest plank" of the paper's §3 analysis. Missing children are ignored;
    /// `Ok(None)` if every child is missing. Ties go to the first child in framework order.
    ///
    /// Note that this compares the children's scores, not their weighted contributions: a child with a small
    /// weight is not "weak" because of its weight (use [`Results::contributions`] for weighted shares).
    ///
    /// # Errors
    /// Unknown unit, node or period; [`CompositeError::WrongNodeKind`] for an indicator.
    pub fn strongest_weakest(
        &self,
        unit: &str,
        node: &str,
        period: Period,
    ) -> Result<Option<Planks>> {
        let id = self.group_of(node, "strongest_weakest")?;
        let u = self.unit_index(unit)?;
        let p = self.period_index(period)?;
        let mut best: Option<(NodeId, f64)> = None;
        let mut worst: Option<(NodeId, f64)> = None;
        for &c in self.framework.children(id) {
            let (v, m) = self.column_at(c, p);
            if !m[u] {
                continue;
            }
            let s = v[u];
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((c, s));
            }
            if worst.is_none_or(|(_, w)| s < w) {
                worst = Some((c, s));
            }
        }
        Ok(best.zip(worst).map(|((b, bs), (w, ws))| Planks {
            strongest: (self.framework.node(b).id.clone(), bs),
            weakest: (self.framework.node(w).id.clone(), ws),
        }))
    }

    /// The weight of a node within its parent in a period (normalised over the parent's children; 1 for the
    /// root). With data-driven weighting (entropy, CRITIC, PCA…) it can differ between periods.
    ///
    /// # Errors
    /// Unknown node or period.
    pub fn weight(&self, node: &str, period: Period) -> Result<f64> {
        let id = self.node_id(node)?;
        let p = self.period_index(period)?;
        Ok(self.weights[p * self.framework.len() + id])
    }

    /// The effective weight of a node in a period: the product of its weights within each parent from the
    /// root down (OECD/JRC Handbook 2008, step 6; COINr `get_eff_weights`). Over the indicators they sum to 1.
    ///
    /// # Errors
    /// Unknown node or period.
    pub fn effective_weight(&self, node: &str, period: Period) -> Result<f64> {
        let id = self.node_id(node)?;
        let p = self.period_index(period)?;
        Ok(self.effective_weight_at(id, p))
    }

    fn effective_weight_at(&self, id: NodeId, p: usize) -> f64 {
        let nn = self.framework.len();
        let mut w = 1.0;
        let mut cur = id;
        while let Some(parent) = self.framework.parent(cur) {
            w *= self.weights[p * nn + cur];
            cur = parent;
        }
        w
    }

    /// Effective weights of all indicators in a period, in leaf order (they sum to 1).
    ///
    /// # Errors
    /// Unknown period.
    pub fn effective_weights(&self, period: Period) -> Result<Vec<(String, f64)>> {
        let p = self.period_index(period)?;
        Ok(self
            .framework
            .leaves()
            .iter()
            .map(|&l| {
                (
                    self.framework.node(l).id.clone(),
                    self.effective_weight_at(l, p),
                )
            })
            .collect())
    }

    /// Writes the tidy table `unit,period,node,score,rank` (one row per unit × period × node, nodes in
    /// pre-order, a missing score and its rank as empty fields; ranks as in [`Results::ranks`]).
    ///
    /// # Errors
    /// [`CompositeError::Io`] if writing fails.
    pub fn to_csv<W: Write>(&self, writer: W) -> Result<()> {
        let io = |e: csv::Error| CompositeError::Io {
            path: "<csv>".into(),
            message: e.to_string(),
        };
        let mut w = csv::Writer::from_writer(writer);
        w.write_record(["unit", "period", "node", "score", "rank"])
            .map_err(io)?;
        let order = self.framework.preorder();
        for (p, period) in self.periods().iter().enumerate() {
            let period = period.to_string();
            for &node in &order {
                let (v, m) = self.column_at(node, p);
                let ranks = self.ranks_at(node, p);
                let id = &self.framework.node(node).id;
                for (u, unit) in self.units.codes().enumerate() {
                    let (score, r) = if m[u] {
                        (
                            v[u].to_string(),
                            ranks[u].map(|r| r.to_string()).unwrap_or_default(),
                        )
                    } else {
                        (String::new(), String::new())
                    };
                    w.write_record([unit, &period, id, &score, &r])
                        .map_err(io)?;
                }
            }
        }
        w.flush().map_err(|e| CompositeError::Io {
            path: "<csv>".into(),
            message: e.to_string(),
        })
    }

    /// [`Results::to_csv`] into a file.
    ///
    /// # Errors
    /// [`CompositeError::Io`] naming the file.
    pub fn write_csv(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let named = |e: CompositeError| match e {
            CompositeError::Io { message, .. } => CompositeError::Io {
                path: path.display().to_string(),
                message,
            },
            other => other,
        };
        let file = std::fs::File::create(path).map_err(|e| CompositeError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        self.to_csv(std::io::BufWriter::new(file)).map_err(named)
    }

    /// [`Results::to_csv`] into a string.
    ///
    /// # Errors
    /// As [`Results::to_csv`].
    pub fn to_csv_string(&self) -> Result<String> {
        let mut buf = Vec::new();
        self.to_csv(&mut buf)?;
        String::from_utf8(buf).map_err(|e| CompositeError::Io {
            path: "<csv>".into(),
            message: e.to_string(),
        })
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use mfg_quality_indicators::{Indicator, NodeSpec};

    fn leaf(id: &str) -> NodeSpec {
        NodeSpec::leaf(Indicator::new(id, id, ""))
    }

    /// Index I = arithmetic(P1, P2) with P1 = arithmetic(a, b) (weights 1:3), P2 = c; weights I: 1:1.
    fn sample() -> Results {
        let fw = Framework::new(NodeSpec::group(
            "I",
            "Index",
            "",
            vec![
                NodeSpec::group("P1", "", "", vec![leaf("a"), leaf("b").with_weight(3.0)]),
                NodeSpec::group("P2", "", "", vec![leaf("c")]),
            ],
        ))
        .unwrap();
        let units = vec![Unit::new("X"), Unit::new("Y"), Unit::new("Z")];
        // period 2014 then 2015; indicators a, b, c
        #[rustfmt::skip]
        let values = [
            0.2, 0.6, 1.0,   0.4, 0.8, 0.0,   0.5, 0.5, 0.9,
            0.3, 0.6, 1.0,   0.4, 0.9, 0.0,   0.5, 0.6, 0.2,
        ];
        let c_present = |p: usize, u: usize| !(p == 1 && u == 2); // Z's c missing in 2015
        // slots: a, b, c, then groups in post-order P1, P2, I
        let mut scores = Vec::new();
        let mut present = Vec::new();
        for p in 0..2 {
            let v = |j: usize, u: usize| values[p * 9 + j * 3 + u];
            for j in 0..3 {
                for u in 0..3 {
                    let ok = j != 2 || c_present(p, u);
                    scores.push(if ok { v(j, u) } else { 0.0 });
                    present.push(ok);
                }
            }
            for which in 0..3 {
                for u in 0..3 {
                    let p1 = 0.25 * v(0, u) + 0.75 * v(1, u);
                    let c_ok = c_present(p, u);
                    let (s, ok) = match which {
                        0 => (p1, true),
                        1 => (if c_ok { v(2, u) } else { 0.0 }, c_ok),
                        _ => (if c_ok { 0.5 * p1 + 0.5 * v(2, u) } else { p1 }, true),
                    };
                    scores.push(s);
                    present.push(ok);
                }
            }
        }
        // nodes pre-order ids: I=0, P1, a, b, P2, c (check via find)
        let mut w = vec![0.0; 12];
        for p in 0..2 {
            for (id, v) in [
                ("I", 1.0),
                ("P1", 0.5),
                ("P2", 0.5),
                ("a", 0.25),
                ("b", 0.75),
                ("c", 1.0),
            ] {
                w[p * 6 + fw.find(id).unwrap()] = v;
            }
        }
        let aggs = (0..6)
            .map(|n| (!fw.node(n).is_indicator()).then(|| "arithmetic".to_string()))
            .collect();
        Results::new(
            fw,
            UnitTable::from_units(&units),
            vec![2014, 2015],
            scores,
            present,
            w,
            aggs,
            TieMethod::Min,
        )
        .unwrap()
    }

    #[test]
    fn scores_and_ranks() {
        let r = sample();
        // X 2014: P1 = .25*.2+.75*.4 = .35; I = (.35+.5)/2 = .425
        assert!((r.score("X", "I", 2014).unwrap().unwrap() - 0.425).abs() < 1e-12);
        assert_eq!(r.score("Z", "c", 2015).unwrap(), None);
        // 2014 I: X .425, Y (.25*.6+.75*.8=.75; (.75+.5)/2=.625), Z (.25+0=.25; (.25+.9)/2=.575)
        assert_eq!(
            r.ranks("I", 2014).unwrap(),
            vec![Some(3.0), Some(1.0), Some(2.0)]
        );
        assert_eq!(
            r.ranks("c", 2015).unwrap(),
            vec![Some(2.0), Some(1.0), None]
        );
        // ties share the lowest rank: a 2014 = (.2, .6, 1.0) no ties; P2 2014 = (.5, .5, .9)
        assert_eq!(
            r.ranks("P2", 2014).unwrap(),
            vec![Some(2.0), Some(2.0), Some(1.0)]
        );
        let ch = r.rank_changes("I", 2014, 2015).unwrap();
        // 2015 I: X (.075+.3=.375; .4375), Y (.15+.675=.825; .6625), Z (.25, alone .25)
        assert_eq!(ch[2].change, Some(-1.0));
        assert_eq!(ch[0].change, Some(1.0));
        assert!(matches!(
            r.score("Q", "I", 2014),
            Err(CompositeError::Indicators(_))
        ));
        assert!(matches!(
            r.score("X", "nope", 2014),
            Err(CompositeError::UnknownNode { .. })
        ));
        assert!(matches!(
            r.score("X", "I", 1999),
            Err(CompositeError::Indicators(_))
        ));
    }

    #[test]
    fn contributions_sum_to_100_and_skip_missing() {
        let r = sample();
        let c = r.contributions("X", "I", 2014).unwrap();
        let total: f64 = c.iter().map(|c| c.share_percent).sum();
        assert!((total - 100.0).abs() < 1e-9);
        // P1 contributes .5*.35 = .175 of .425
        assert!((c[0].share_percent - 100.0 * 0.175 / 0.425).abs() < 1e-9);
        let z = r.contributions("Z", "I", 2015).unwrap();
        assert_eq!(z[1].score, None);
        assert!((z[0].share_percent - 100.0).abs() < 1e-12);
        assert!(matches!(
            r.contributions("X", "a", 2014),
            Err(CompositeError::WrongNodeKind { .. })
        ));
    }

    #[test]
    fn tiers_planks_weights_csv() {
        let r = sample();
        let t = Tiers::new(vec![("high", 0.6), ("low", 0.4)]).unwrap();
        let a = r.tiers("I", 2014, &t).unwrap();
        assert_eq!(a[0].tier.as_deref(), Some("low"));
        assert_eq!(a[1].tier.as_deref(), Some("high"));
        let pk = r.strongest_weakest("X", "P1", 2014).unwrap().unwrap();
        assert_eq!(pk.strongest.0, "b");
        assert_eq!(pk.weakest.0, "a");
        assert!((r.effective_weight("b", 2015).unwrap() - 0.375).abs() < 1e-12);
        let sum: f64 = r.effective_weights(2014).unwrap().iter().map(|x| x.1).sum();
        assert!((sum - 1.0).abs() < 1e-12);
        let csv = r.to_csv_string().unwrap();
        assert!(csv.starts_with("unit,period,node,score,rank\nX,2014,I,0.425"));
        assert!(csv.contains("\nX,2014,P2,0.5,2\nY,2014,P2,0.5,2\nZ,2014,P2,0.9,1\n"));
        assert!(csv.contains("Z,2015,c,,\n"));
        assert_eq!(csv.lines().count(), 1 + 3 * 2 * 6);
    }

    #[test]
    fn serde_round_trip_and_validation() {
        let r = sample();
        let json = serde_json::to_string(&r).unwrap();
        let back: Results = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
        let mut data: ResultsData = serde_json::from_str(&json).unwrap();
        data.weights[1] = 0.9;
        assert!(matches!(
            Results::try_from(data),
            Err(CompositeError::Inconsistent { .. })
        ));
        assert!(Tiers::new(vec![("a", 1.0), ("b", 1.0)]).is_err());
        assert!(Tiers::new(vec![("a", f64::NAN)]).is_err());
        assert!(Tiers::new(Vec::<(String, f64)>::new()).is_err());
    }
}
