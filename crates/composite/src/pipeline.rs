//! The configured pipeline: screen → impute → treat → normalise → weight → aggregate → [`Results`].
//!
//! A [`PipelineConfig`] is data (serde): the framework and every method choice, so that a run can be saved
//! as JSON, diffed, re-loaded and reproduced exactly, and so that the uncertainty and sensitivity analyses
//! can vary it. [`PipelineConfig::run`] applies it to a [`Panel`].
//!
//! # JSON schema
//!
//! ```json
//! {
//!   "_comment": "free text, ignored",
//!   "framework": { "id": "IDX", "aggregation": "geometric", "children": [
//!       { "id": "P1", "weight": 2, "children": [
//!           { "indicator": { "id": "x1", "name_en": "X one", "polarity": "positive" } },
//!           { "indicator": { "id": "x2", "name_en": "X two", "polarity": "negative" }, "weight": 0.5 } ] },
//!       { "id": "P2", "children": [ { "indicator": { "id": "x3", "name_en": "X three" } } ] } ] },
//!   "screening": { "min_unit_availability": 0.66, "min_indicator_availability": 0.0 },
//!   "imputation": { "method": "indicator_mean" },
//!   "treatment": { "skew_threshold": 2, "kurtosis_threshold": 3.5, "winmax": 5, "log_fallback": true },
//!   "normalisation": { "method": "min_max", "lo": 0, "hi": 100 },
//!   "normalisation_overrides": { "x3": { "method": "z_score" } },
//!   "weighting": { "P1": { "method": "entropy" } },
//!   "aggregation": { "method": "arithmetic" },
//!   "missing": "skip_and_reweight",
//!   "ties": "min",
//!   "seed": 42
//! }
//! ```
//!
//! | field | required | meaning (default) |
//! |---|---|---|
//! | `_comment` | no | documentation, kept on round trip |
//! | `framework` | yes | the tree ([`NodeSpec`] form): groups have `id`, optional `weight` (1) and `aggregation` key, and `children`; leaves have an `indicator` (`id`, names, `polarity` `positive`/`negative`, unit, source) and an optional `weight` |
//! | `screening` | no | [`Screening`]; absent = no screening |
//! | `imputation` | no | [`Imputation`] (`{"method": "none"}`: leave missing, aggregation skips and re-weights) |
//! | `treatment` | no | [`OutlierTreatment`]; absent = no outlier treatment |
//! | `normalisation` | no | [`Normalisation`] for every indicator (min-max to [0, 1]) |
//! | `normalisation_overrides` | no | indicator id → [`Normalisation`], replacing the default for that indicator (e.g. the HDI's goalposts per indicator) |
//! | `weighting` | no | group node id → [`Weighting`] of its children (`explicit`: the framework's weights) |
//! | `aggregation` | no | [`Aggregation`] for every group without an `aggregation` key in the framework (arithmetic) |
//! | `missing` | no | [`MissingPolicy`] of the aggregation (`skip_and_reweight`) |
//! | `ties` | no | [`TieMethod`] of the ranks (`min`) |
//! | `seed` | no | seed for any randomised step (0); the pipeline itself is deterministic |
//!
//! Unknown fields are an error (a misspelt `"normalization"` is not silently ignored).
//!
//! # What `run` does
//!
//! 1. checks the configuration (every override names an indicator, every weighting a group, every
//!    aggregation key parses) and that every framework indicator is in the panel
//!    ([`CompositeError::IndicatorNotInPanel`]);
//! 2. selects the framework's indicators, in leaf order (no copy if the panel already is in that order);
//! 3. screens (indicators dropped by screening are removed from the framework; a group left without
//!    children is removed too), imputes, treats outliers — each stage only if configured;
//! 4. normalises each indicator by its normalisation (override or default) with the indicator's polarity
//!    from the framework, so that every normalised indicator is "higher is better";
//! 5. for each group in post-order and each period: computes the children's weights by the node's
//!    [`Weighting`] (data-driven methods on the units whose children are all present; `explicit` = the
//!    framework's normalised weights; `equal` = `1/n`), then aggregates the children by the node's
//!    aggregation key ([`Aggregation::from_key`]) or the default, under the missing-value policy. A unit
//!    with no child present has no score on the group;
//! 6. returns [`Results`] (scores of every node, unit and period; weights; ranks on request).
//!
//! # Performance
//!
//! Stages that are not configured cost nothing (no copy of the panel); the panel is not copied when it
//! already holds the framework's indicators in leaf order. Each indicator column is normalised straight
//! into the result's buffer (columns in parallel with the `parallel` feature; under min-max the copy is
//! fused with the transform: one range pass over the panel's column, then one pass writing the result);
//! groups whose children are consecutive indicators are aggregated straight from that buffer (in parallel),
//! the others from their children gathered into the buffer's spare capacity. Results are identical at any
//! thread count.
//!
//! `run` returns a new [`Results`] holding every node's scores (`periods × nodes × units` values and flags:
//! ≈ 0.6 GB at 10⁶ units × 66 nodes): the fresh memory is page-faulted in as it is first written, which
//! costs about as much as the rest of the run at that size (compare the `composite/baseline_copy` and
//! `composite/baseline_copy_into` benchmarks). For repeated runs (Monte Carlo),
//! [`PipelineConfig::run_reusing`] recycles an earlier result's memory and avoids that cost. The
//! `composite` benchmark measures 10³–10⁶ units × 50 indicators over a 3-level framework.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use mfg_quality_indicators::stats::TieMethod;
use mfg_quality_indicators::{Framework, NodeId, NodeSpec, Panel, Period, Unit};
use serde::{Deserialize, Serialize};

use crate::aggregate::{Aggregation, AggregationContext, MissingPolicy, all_true};
use crate::error::{CompositeError, Result};
use crate::impute::Imputation;
use crate::normalise::{ColumnContext, Normalisation};
use crate::results::{Results, StageReports, UnitTable, slot_table};
use crate::screen::Screening;
use crate::treat::OutlierTreatment;
use crate::weights::Weighting;

/// A complete, serialisable composite-index configuration. See the [module docs](self) for the JSON schema
/// and what [`PipelineConfig::run`] does.
///
/// ```
/// use mfg_quality_composite::pipeline::PipelineConfig;
/// use mfg_quality_indicators::{Framework, Indicator, NodeSpec, Panel, Unit};
///
/// let fw = Framework::new(NodeSpec::group("IDX", "Index", "", vec![
///     NodeSpec::leaf(Indicator::new("x", "X", "")),
///     NodeSpec::leaf(Indicator::new("y", "Y", "")),
/// ])).unwrap();
/// let panel = Panel::from_dense(
///     vec![Unit::new("A"), Unit::new("B"), Unit::new("C")],
///     vec!["x".into(), "y".into()], vec![2020],
///     vec![1.0, 2.0, 3.0, 30.0, 10.0, 20.0], vec![true; 6]).unwrap();
/// let config = PipelineConfig::new(fw); // min-max [0, 1], explicit weights, arithmetic mean
/// let results = config.run(&panel).unwrap();
/// // A: (0 + 1)/2, B: (0.5 + 0)/2, C: (1 + 0.5)/2
/// assert_eq!(results.scores("IDX", 2020).unwrap(), vec![Some(0.5), Some(0.25), Some(0.75)]);
/// assert_eq!(results.ranks("IDX", 2020).unwrap(), vec![Some(2.0), Some(3.0), Some(1.0)]);
///
/// // Saved and re-loaded, the configuration reproduces the run exactly.
/// let again = PipelineConfig::from_json(&config.to_json().unwrap()).unwrap();
/// assert_eq!(again.run(&panel).unwrap(), results);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineConfig {
    /// Free-text documentation of the configuration (JSON `_comment`); ignored by `run`.
    #[serde(rename = "_comment", default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The framework: indicators (with polarity), groups, weights, per-node aggregation keys.
    pub framework: Framework,
    /// Screening of units and indicators by data availability; `None` = no screening.
    #[serde(default)]
    pub screening: Option<Screening>,
    /// Imputation of missing cells (default: none).
    #[serde(default)]
    pub imputation: Imputation,
    /// Outlier treatment; `None` = no treatment.
    #[serde(default)]
    pub treatment: Option<OutlierTreatment>,
    /// Default normalisation of every indicator.
    #[serde(default)]
    pub normalisation: Normalisation,
    /// Normalisation per indicator id, replacing the default.
    #[serde(default)]
    pub normalisation_overrides: BTreeMap<String, Normalisation>,
    /// Weighting of the children of a group, per group id; groups not listed use [`Weighting::Explicit`]
    /// (the framework's weights).
    #[serde(default)]
    pub weighting: BTreeMap<String, Weighting>,
    /// Aggregation of the groups whose framework node has no aggregation key.
    #[serde(default)]
    pub aggregation: Aggregation,
    /// Missing-value policy of the aggregation.
    #[serde(default)]
    pub missing: MissingPolicy,
    /// Tie method of the ranks.
    #[serde(default)]
    pub ties: TieMethod,
    /// Seed for randomised steps (kept with the configuration so a run is reproducible).
    #[serde(default)]
    pub seed: u64,
}

/// A group node prepared for aggregation: its children, where their data are, and how to weight and
/// aggregate them.
struct Plan {
    node: NodeId,
    /// The node's slot in the result buffers.
    slot: usize,
    /// Children in framework order.
    children: Vec<NodeId>,
    /// Their slots.
    child_slots: Vec<usize>,
    /// `Some(first)` if the children's slots are consecutive, `first..first + n`.
    run: Option<usize>,
    aggregation: Aggregation,
    weighting: Weighting,
    /// Framework weights of the children normalised to sum 1.
    nominal: Vec<f64>,
    /// Child ids as strings (for error messages).
    columns: Vec<String>,
}

impl PipelineConfig {
    /// A configuration with every stage at its default: no screening, imputation or treatment; min-max to
    /// [0, 1]; the framework's weights; arithmetic mean where the framework gives no key; missing values
    /// skipped and weights re-normalised; ties `min`; seed 0.
    pub fn new(framework: Framework) -> Self {
        PipelineConfig {
            comment: None,
            framework,
            screening: None,
            imputation: Imputation::default(),
            treatment: None,
            normalisation: Normalisation::default(),
            normalisation_overrides: BTreeMap::new(),
            weighting: BTreeMap::new(),
            aggregation: Aggregation::default(),
            missing: MissingPolicy::default(),
            ties: TieMethod::default(),
            seed: 0,
        }
    }

    /// Parses a configuration from JSON (see the [module docs](self) for the schema).
    ///
    /// # Errors
    /// [`CompositeError::Io`] (path `<json>`) with serde's message (line and column), including framework
    /// validation errors and unknown fields.
    pub fn from_json(text: &str) -> Result<Self> {
        serde_json::from_str(text).map_err(|e| CompositeError::Io {
            path: "<json>".into(),
            message: e.to_string(),
        })
    }

    /// Reads a configuration from a JSON file.
    ///
    /// # Errors
    /// [`CompositeError::Io`] naming the file.
    pub fn from_json_file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| CompositeError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        Self::from_json(&text).map_err(|e| match e {
            CompositeError::Io { message, .. } => CompositeError::Io {
                path: path.display().to_string(),
                message,
            },
            other => other,
        })
    }

    /// The configuration as pretty-printed JSON (numbers in shortest round-trip form, so that
    /// [`PipelineConfig::from_json`] gives back an identical configuration).
    ///
    /// # Errors
    /// [`CompositeError::Io`] if serialisation fails (it does not for valid configurations).
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| CompositeError::Io {
            path: "<json>".into(),
            message: e.to_string(),
        })
    }

    /// Reads long-format CSV data (`unit,indicator,period,value`, see
    /// [`mfg_quality_indicators::io::read_long_csv`]) and runs the pipeline on it.
    ///
    /// # Errors
    /// [`CompositeError::Indicators`] for a malformed file (with line and column), else as
    /// [`PipelineConfig::run`].
    pub fn run_csv(&self, path: impl AsRef<Path>) -> Result<Results> {
        let panel = mfg_quality_indicators::io::read_long_csv(
            path,
            &mfg_quality_indicators::io::CsvOptions::new(),
        )?;
        self.run(&panel)
    }

    /// Checks the configuration against its own framework: every normalisation override names an
    /// indicator, every weighting names a group, every aggregation key parses.
    ///
    /// # Errors
    /// [`CompositeError::UnknownNode`], [`CompositeError::WrongNodeKind`],
    /// [`CompositeError::UnknownAggregation`] (from [`Aggregation::from_key`]).
    pub fn validate(&self) -> Result<()> {
        let fw = &self.framework;
        for id in self.normalisation_overrides.keys() {
            let n = fw
                .find(id)
                .ok_or_else(|| CompositeError::UnknownNode { node: id.clone() })?;
            if !fw.node(n).is_indicator() {
                return Err(CompositeError::WrongNodeKind {
                    node: id.clone(),
                    operation: "a normalisation override",
                    expected: "an indicator",
                    found: "a group",
                });
            }
        }
        for id in self.weighting.keys() {
            let n = fw
                .find(id)
                .ok_or_else(|| CompositeError::UnknownNode { node: id.clone() })?;
            if fw.node(n).is_indicator() {
                return Err(CompositeError::WrongNodeKind {
                    node: id.clone(),
                    operation: "a weighting",
                    expected: "a group",
                    found: "an indicator",
                });
            }
        }
        for g in fw.groups_postorder() {
            let node = fw.node(g);
            if let Some(key) = &node.aggregation {
                Aggregation::from_key(key, &node.id)?;
            }
        }
        Ok(())
    }

    /// Runs the pipeline on a panel. See the [module docs](self) for the steps.
    ///
    /// # Errors
    /// Configuration errors as [`PipelineConfig::validate`]; [`CompositeError::IndicatorNotInPanel`];
    /// any stage's error (a constant indicator under min-max or z-score, a benchmark unit absent from the
    /// panel, non-positive values under a geometric or harmonic mean, weights summing to zero, a missing
    /// value under [`MissingPolicy::Error`], …), each naming the node, indicator, unit and period.
    pub fn run(&self, panel: &Panel) -> Result<Results> {
        self.run_inner(panel, None)
    }

    /// [`PipelineConfig::run`] reusing the memory of an earlier result (its score buffers, and its unit
    /// table when the units are the same), for repeated runs such as Monte Carlo replications: the output is
    /// identical to `run`'s, without allocating (and page-faulting) fresh buffers of
    /// `periods × nodes × units` values each time.
    ///
    /// # Errors
    /// As [`PipelineConfig::run`].
    pub fn run_reusing(&self, panel: &Panel, previous: Results) -> Result<Results> {
        self.run_inner(panel, Some(previous.into_buffers()))
    }

    fn run_inner(
        &self,
        panel: &Panel,
        recycled: Option<(UnitTable, Vec<f64>, Vec<bool>)>,
    ) -> Result<Results> {
        self.validate()?;
        let ids = self.framework.indicator_ids();
        if let Some(missing) = ids.iter().find(|id| panel.indicator_index(id).is_none()) {
            return Err(CompositeError::IndicatorNotInPanel {
                indicator: (*missing).to_string(),
            });
        }
        // 2. the framework's indicators in leaf order, without a copy when the panel already is.
        let mut data: Cow<'_, Panel> = if panel
            .indicators()
            .iter()
            .map(String::as_str)
            .eq(ids.iter().copied())
        {
            Cow::Borrowed(panel)
        } else {
            Cow::Owned(panel.select_indicators(&ids)?)
        };
        // 3. screening (possibly pruning the framework), imputation, treatment.
        let mut framework = Cow::Borrowed(&self.framework);
        let mut reports = StageReports::default();
        if let Some(screening) = &self.screening {
            let (screened, report) = screening.apply(&data)?;
            reports.screening = Some(report);
            if screened.n_indicators() != ids.len() {
                let keep: Vec<&str> = screened.indicators().iter().map(String::as_str).collect();
                framework = Cow::Owned(prune(&self.framework, &keep)?);
            }
            data = Cow::Owned(screened);
        }
        if self.imputation != Imputation::None {
            let (imputed, report) = self.imputation.apply(&data)?;
            reports.imputation = Some(report);
            data = Cow::Owned(imputed);
        }
        if let Some(treatment) = &self.treatment {
            let (treated, report) = treatment.apply(&data)?;
            reports.treatment = Some(report);
            data = Cow::Owned(treated);
        }
        // 4. normalisation, straight into the result buffer's indicator slots.
        let (nu, nn, np) = (data.n_units(), framework.len(), data.n_periods());
        // Every cell of the buffers is written below (indicator slots by the normalisation, group slots by
        // the aggregation), so recycled buffers need no clearing.
        let is_recycled = recycled.is_some();
        let (old_units, mut scores, mut present) = match recycled {
            Some((units, mut scores, mut present)) => {
                scores.resize(np * nn * nu, 0.0);
                present.resize(np * nn * nu, false);
                (units, scores, present)
            }
            // Zeroed allocations (calloc: fresh zero pages, faulted in by the threads that first write
            // them) rather than `resize`, which would write every cell once more on one thread.
            None => (
                UnitTable::default(),
                vec![0.0; np * nn * nu],
                vec![false; np * nn * nu],
            ),
        };
        // The unit table (a comparison with the recycled one, or a new one: latency-bound work on 10⁶
        // small strings) is built while the columns are normalised (bandwidth-bound).
        let new_units =
            || (!same_units(&old_units, data.units())).then(|| UnitTable::from_units(data.units()));
        #[cfg(feature = "parallel")]
        let (normalised, new_units) = rayon::join(
            || self.normalise_into(&framework, &data, &mut scores, &mut present),
            new_units,
        );
        #[cfg(not(feature = "parallel"))]
        let (normalised, new_units) = (
            self.normalise_into(&framework, &data, &mut scores, &mut present),
            new_units(),
        );
        normalised?;
        let units = new_units.unwrap_or(old_units);
        let periods = data.periods().to_vec();
        drop(data);
        // 5. weights and aggregation over the tree.
        aggregate_tree(
            framework.into_owned(),
            units,
            periods,
            scores,
            present,
            &self.weighting,
            &self.aggregation,
            self.missing,
            self.ties,
            is_recycled,
        )
        .map(|r| r.with_reports(reports))
    }

    /// Normalises every indicator of `data` (in `framework` leaf order) with its own method and polarity,
    /// writing column `(p, k)` to slot `k` of period `p` of the result buffers (see [`Results`]).
    fn normalise_into(
        &self,
        framework: &Framework,
        data: &Panel,
        scores: &mut [f64],
        present: &mut [bool],
    ) -> Result<()> {
        let indicators = framework.indicators();
        let (nu, nl, nn, np) = (
            data.n_units(),
            indicators.len(),
            framework.len(),
            data.n_periods(),
        );
        let methods: Vec<&Normalisation> = data
            .indicators()
            .iter()
            .map(|id| {
                self.normalisation_overrides
                    .get(id)
                    .unwrap_or(&self.normalisation)
            })
            .collect();
        self.normalisation.validate()?;
        for m in self.normalisation_overrides.values() {
            m.validate()?;
        }
        // Benchmarks / references, resolved once per column (cheap; most methods need none).
        let mut references = Vec::with_capacity(np * nl);
        for p in 0..np {
            for (k, m) in methods.iter().enumerate() {
                references.push(m.reference_value(data, k, p)?);
            }
        }
        let has_groups = nn > nl;
        let column = |c: usize, x: &mut [f64], mask: &mut [bool]| -> Result<()> {
            let (p, k) = (c / nn, c % nn);
            let ctx = ColumnContext {
                indicator: &data.indicators()[k],
                period: data.periods()[p],
                units: data.units(),
                reference: references[p * nl + k],
            };
            // Copy and normalisation in one pass where the method allows (min-max).
            methods[k].normalise_column_from(
                data.column(k, p),
                data.column_mask(k, p),
                x,
                mask,
                indicators[k].polarity,
                &ctx,
            )?;
            // Every indicator under a group is checked for finiteness by the aggregation (which names
            // the unit and the indicator); only a framework that is a single indicator needs it here.
            if !has_groups && let Some(u) = (0..x.len()).find(|&u| mask[u] && !x[u].is_finite()) {
                return Err(CompositeError::InvalidValue {
                    method: methods[k].name(),
                    unit: data.units()[u].code.clone(),
                    column: data.indicators()[k].clone(),
                    value: x[u],
                    reason: "the normalised value is not finite (overflow)",
                });
            }
            Ok(())
        };
        // Column c of the buffers is (period c / nn, slot c % nn); slots below nl are the indicators.
        #[cfg(feature = "parallel")]
        let outcomes: Vec<Result<()>> = {
            use rayon::prelude::*;
            scores
                .par_chunks_mut(nu)
                .zip(present.par_chunks_mut(nu))
                .enumerate()
                .filter(|(c, _)| c % nn < nl)
                .map(|(c, (x, m))| column(c, x, m))
                .collect()
        };
        #[cfg(not(feature = "parallel"))]
        let outcomes: Vec<Result<()>> = scores
            .chunks_mut(nu)
            .zip(present.chunks_mut(nu))
            .enumerate()
            .filter(|(c, _)| c % nn < nl)
            .map(|(c, (x, m))| column(c, x, m))
            .collect();
        // The first error in (period, indicator) order, whatever the thread count.
        outcomes.into_iter().collect()
    }
}

/// The framework without the indicators not in `keep` (and without groups left empty).
fn prune(framework: &Framework, keep: &[&str]) -> Result<Framework> {
    fn walk(spec: NodeSpec, keep: &[&str]) -> Option<NodeSpec> {
        if spec.indicator.is_some() {
            return keep.contains(&spec.id.as_str()).then_some(spec);
        }
        let NodeSpec { children, .. } = &spec;
        let kept: Vec<NodeSpec> = children
            .iter()
            .cloned()
            .filter_map(|c| walk(c, keep))
            .collect();
        if kept.is_empty() {
            return None;
        }
        Some(NodeSpec {
            children: kept,
            ..spec
        })
    }
    let root = framework.to_spec();
    let root_id = root.id.clone();
    let pruned = walk(root, keep).ok_or(CompositeError::TooFew {
        method: "screening",
        what: "indicators",
        needed: 1,
        got: 0,
    })?;
    Framework::new(pruned).map_err(|e| CompositeError::Inconsistent {
        what: "pipeline configuration",
        reason: format!("framework `{root_id}` after screening: {e}"),
    })
}

/// Weights and aggregates every group of `framework` over the normalised indicator scores held in the
/// indicator slots of `scores`/`present` (layout of [`Results`]), filling the group slots.
///
/// This is the hot path of the pipeline (and of every Monte Carlo replication). Each group's slot comes
/// after its children's (indicators first, groups in post-order), so the children are read from the part
/// of the buffer before the group's slot while the group's own column is written in place. Children in
/// consecutive slots (e.g. the indicators of a sub-pillar) are read in place as one column-major block;
/// others are gathered into one scratch buffer reused across nodes.
#[allow(clippy::too_many_arguments)]
pub(crate) fn aggregate_tree(
    framework: Framework,
    units: UnitTable,
    periods: Vec<Period>,
    mut scores: Vec<f64>,
    mut present: Vec<bool>,
    weighting: &BTreeMap<String, Weighting>,
    default_aggregation: &Aggregation,
    missing: MissingPolicy,
    ties: TieMethod,
    recycled: bool,
) -> Result<Results> {
    let nn = framework.len();
    let nl = framework.leaves().len();
    let (nu, np) = (units.len(), periods.len());
    let slots = slot_table(&framework);
    let plans: Vec<Plan> = framework
        .groups_postorder()
        .into_iter()
        .map(|g| {
            let node = framework.node(g);
            let children = framework.children(g).to_vec();
            let first = slots[children[0]];
            let run = children
                .iter()
                .enumerate()
                .all(|(j, &c)| slots[c] == first + j)
                .then_some(first);
            let aggregation = match &node.aggregation {
                Some(key) => Aggregation::from_key(key, &node.id)?,
                None => default_aggregation.clone(),
            };
            Ok(Plan {
                node: g,
                slot: slots[g],
                run,
                aggregation,
                weighting: weighting
                    .get(&node.id)
                    .cloned()
                    .unwrap_or(Weighting::Explicit),
                nominal: framework.normalised_child_weights(g),
                columns: children
                    .iter()
                    .map(|&c| framework.node(c).id.clone())
                    .collect(),
                child_slots: children.iter().map(|&c| slots[c]).collect(),
                children,
            })
        })
        .collect::<Result<_>>()?;
    // With every indicator present, every group score is present too: empty masks then tell the
    // aggregation to skip its per-cell checks.
    let complete = (0..np).all(|p| {
        let s = p * nn * nu;
        all_true(&present[s..s + nl * nu])
    });
    let mut weights = vec![0.0; np * nn];
    let max_children = plans.iter().map(|p| p.children.len()).max().unwrap_or(0);
    // Children in non-consecutive slots are gathered: for a recycled result past the end of its buffers
    // (in their spare capacity, which it keeps: no fresh allocation or page faults in `run_reusing`), else
    // into a scratch buffer reused across nodes (growing a fresh result's buffers would reallocate them).
    let total = scores.len();
    let mut scratch: Vec<f64> = Vec::new();
    let mut scratch_m: Vec<bool> = Vec::new();
    // Two phases per period, in the same order whatever the thread count: (1) the groups whose children
    // are consecutive indicators (the bulk of the data), independent of each other, in parallel with the
    // `parallel` feature; (2) the other groups, in post-order. The error reported is the first one in
    // that order.
    let leaf_only: Vec<bool> = plans
        .iter()
        .map(|pl| pl.run.is_some_and(|first| first + pl.children.len() <= nl))
        .collect();
    let ctx_of = |plan: &Plan, period: Period| NodeContext {
        node: &framework.node(plan.node).id,
        units: &units,
        period,
        complete,
        missing,
        recycled,
    };
    for (p, &period) in periods.iter().enumerate() {
        let block = p * nn * nu..(p + 1) * nn * nu;
        let (leaf_vals, group_vals) = scores[block.clone()].split_at_mut(nl * nu);
        let (leaf_mask, group_mask) = present[block].split_at_mut(nl * nu);
        let (leaf_vals, leaf_mask) = (&*leaf_vals, &*leaf_mask);
        let phase1 = |(g, (out, out_m)): (usize, (&mut [f64], &mut [bool]))| {
            let plan = &plans[g];
            leaf_only[g].then(|| {
                let first = plan.run.unwrap_or(0);
                let n = plan.children.len();
                let range = first * nu..(first + n) * nu;
                aggregate_node(
                    plan,
                    &leaf_vals[range.clone()],
                    &leaf_mask[range],
                    out,
                    out_m,
                    &ctx_of(plan, period),
                )
                .map(|w| (g, w))
            })
        };
        #[cfg(feature = "parallel")]
        let done: Vec<Result<(usize, Vec<f64>)>> = {
            use rayon::prelude::*;
            group_vals
                .par_chunks_mut(nu)
                .zip(group_mask.par_chunks_mut(nu))
                .enumerate()
                .filter_map(phase1)
                .collect()
        };
        #[cfg(not(feature = "parallel"))]
        let done: Vec<Result<(usize, Vec<f64>)>> = group_vals
            .chunks_mut(nu)
            .zip(group_mask.chunks_mut(nu))
            .enumerate()
            .filter_map(phase1)
            .collect();
        let w_p = &mut weights[p * nn..(p + 1) * nn];
        w_p[framework.root()] = 1.0;
        for outcome in done {
            let (g, w) = outcome?;
            for (&c, &wc) in plans[g].children.iter().zip(&w) {
                w_p[c] = wc;
            }
        }
        for (g, plan) in plans.iter().enumerate().filter(|(g, _)| !leaf_only[*g]) {
            let n = plan.children.len();
            let out_at = (p * nn + plan.slot) * nu;
            if plan.run.is_none() {
                scores.truncate(total);
                present.truncate(total);
                scratch.clear();
                scratch_m.clear();
                if recycled {
                    scores.reserve_exact(max_children * nu);
                }
                for &cs in &plan.child_slots {
                    let s = (p * nn + cs) * nu;
                    if recycled {
                        scores.extend_from_within(s..s + nu);
                    } else {
                        scratch.extend_from_slice(&scores[s..s + nu]);
                    }
                    // With every indicator present, the aggregation reads no mask.
                    if complete {
                        continue;
                    }
                    if recycled {
                        present.extend_from_within(s..s + nu);
                    } else {
                        scratch_m.extend_from_slice(&present[s..s + nu]);
                    }
                }
            }
            let (main, tail) = scores.split_at_mut(total);
            let (main_m, tail_m) = present.split_at_mut(total);
            let (gathered, gathered_m): (&[f64], &[bool]) = if recycled {
                (tail, tail_m)
            } else {
                (&scratch, &scratch_m)
            };
            let (before, after) = main.split_at_mut(out_at);
            let (before_m, after_m) = main_m.split_at_mut(out_at);
            let (data, mask): (&[f64], &[bool]) = match plan.run {
                Some(first) => {
                    let s = (p * nn + first) * nu;
                    (&before[s..s + n * nu], &before_m[s..s + n * nu])
                }
                None if complete => (&gathered[..n * nu], &[]),
                None => (&gathered[..n * nu], &gathered_m[..n * nu]),
            };
            let w = aggregate_node(
                plan,
                data,
                mask,
                &mut after[..nu],
                &mut after_m[..nu],
                &ctx_of(plan, period),
            )?;
            debug_assert!(!leaf_only[g]);
            for (&c, &wc) in plan.children.iter().zip(&w) {
                w_p[c] = wc;
            }
        }
    }
    scores.truncate(total);
    present.truncate(total);
    let mut aggregations: Vec<Option<String>> = vec![None; nn];
    for plan in &plans {
        aggregations[plan.node] = Some(plan.aggregation.name().to_string());
    }
    Ok(Results::assemble(
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

/// What [`aggregate_node`] needs besides the plan and the data.
struct NodeContext<'a> {
    node: &'a str,
    units: &'a UnitTable,
    period: Period,
    complete: bool,
    missing: MissingPolicy,
    /// Whether the buffers come from an earlier result (fresh ones are zeroed already).
    recycled: bool,
}

/// Weights and aggregates one group in one period: `data`/`mask` are its children's columns
/// (column-major, `out.len()` units), `out`/`out_m` its own column. Returns the children's weights.
fn aggregate_node(
    plan: &Plan,
    data: &[f64],
    mask: &[bool],
    out: &mut [f64],
    out_m: &mut [bool],
    cx: &NodeContext,
) -> Result<Vec<f64>> {
    let nu = out.len();
    let w = child_weights(plan, data, mask, nu, cx.node)?;
    // The output column may hold a recycled result (`run_reusing`): start from "no score" (the weighted
    // means write every score and presence flag themselves).
    let writes_all = matches!(
        plan.aggregation,
        Aggregation::Arithmetic
            | Aggregation::Geometric
            | Aggregation::Harmonic
            | Aggregation::Power { .. }
    );
    if cx.recycled && !writes_all {
        out.fill(0.0);
        out_m.fill(false);
    }
    // Unit names are passed only to name a unit in an error: building 10⁶ strings per node would cost
    // more than the aggregation, so the aggregation runs with unnamed rows and, if it fails, again with
    // names for the message.
    let ctx = AggregationContext {
        node: cx.node,
        units: &[],
        columns: &plan.columns,
        period: cx.period,
    };
    let mask = if cx.complete { &[][..] } else { mask };
    if let Err(first) = plan
        .aggregation
        .aggregate_into(data, mask, nu, &w, cx.missing, &ctx, out, out_m)
    {
        let names: Vec<String> = cx.units.codes().map(str::to_string).collect();
        let named = AggregationContext {
            units: &names,
            ..ctx
        };
        plan.aggregation
            .aggregate_into(data, mask, nu, &w, cx.missing, &named, out, out_m)?;
        return Err(first);
    }
    // `aggregate_into` guarantees finite scores (an overflow is its `Numerical` error).
    debug_assert!(out.iter().all(|v| v.is_finite()));
    Ok(w)
}

/// Whether `table` holds exactly `units` (codes, names, groups), compared in parallel with the
/// `parallel` feature (10⁶ units cost a few milliseconds of string comparisons).
fn same_units(table: &UnitTable, units: &[Unit]) -> bool {
    if table.len() != units.len() {
        return false;
    }
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        const CHUNK: usize = 1 << 14;
        units
            .par_chunks(CHUNK)
            .enumerate()
            .all(|(c, chunk)| table.same_units_from(c * CHUNK, chunk))
    }
    #[cfg(not(feature = "parallel"))]
    table.same_units_from(0, units)
}

/// The weights of a plan's children for one period, normalised to sum 1.
fn child_weights(
    plan: &Plan,
    data: &[f64],
    mask: &[bool],
    nu: usize,
    node: &str,
) -> Result<Vec<f64>> {
    let n = plan.children.len();
    let w = if !plan.weighting.is_data_driven() {
        // Equal, explicit (the framework's weights) and AHP ignore the data.
        plan.weighting.compute(&[], 0, &plan.nominal, node)?
    } else {
        // Data-driven weights on the units whose children are all present.
        let complete: Vec<usize> = (0..nu)
            .filter(|&u| mask.is_empty() || (0..n).all(|j| mask[j * nu + u]))
            .collect();
        if complete.len() == nu {
            plan.weighting.compute(data, nu, &plan.nominal, node)?
        } else {
            let m = complete.len();
            let mut sub = Vec::with_capacity(m * n);
            for j in 0..n {
                sub.extend(complete.iter().map(|&u| data[j * nu + u]));
            }
            plan.weighting.compute(&sub, m, &plan.nominal, node)?
        }
    };
    if w.len() != n {
        return Err(CompositeError::InvalidWeights {
            node: node.to_string(),
            reason: format!("{} weights for {n} children", w.len()),
        });
    }
    if let Some(bad) = w.iter().find(|v| !v.is_finite() || **v < 0.0) {
        return Err(CompositeError::InvalidWeights {
            node: node.to_string(),
            reason: format!("weight {bad} is negative or not finite"),
        });
    }
    let sum: f64 = w.iter().sum();
    if sum <= 0.0 {
        return Err(CompositeError::InvalidWeights {
            node: node.to_string(),
            reason: "the weights sum to zero".into(),
        });
    }
    Ok(w.into_iter().map(|v| v / sum).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::ColumnContext;
    use mfg_quality_indicators::{Indicator, Polarity};

    /// IDX → P0 (S0: x0 x1 x2, S1: x3 x4), P1 (x5 x6 x7): the index's children P0 and P1 are in
    /// non-consecutive slots (gathered), the sub-pillars' children are consecutive indicators.
    fn framework() -> Framework {
        let leaf = |j: usize| {
            let pol = if j % 3 == 1 {
                Polarity::Negative
            } else {
                Polarity::Positive
            };
            NodeSpec::leaf(Indicator::new(format!("x{j}"), "", "").with_polarity(pol))
                .with_weight(1.0 + j as f64)
        };
        let group = |id: &str, children: Vec<NodeSpec>| NodeSpec::group(id, "", "", children);
        Framework::new(group(
            "IDX",
            vec![
                group(
                    "P0",
                    vec![
                        group("S0", (0..3).map(leaf).collect()),
                        group("S1", (3..5).map(leaf).collect()).with_weight(2.0),
                    ],
                ),
                group("P1", (5..8).map(leaf).collect()),
            ],
        ))
        .unwrap()
    }

    /// `n` units (codes `{prefix}{u}`) × 8 indicators × 2 periods of irregular values, with missing
    /// cells when `holes`.
    fn panel(n: usize, prefix: &str, holes: bool, seed: u64) -> Panel {
        let mut x = seed;
        let cells = n * 8 * 2;
        let values = (0..cells)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (x >> 11) as f64 / (1u64 << 53) as f64 * 50.0 - 10.0
            })
            .collect();
        let present = (0..cells).map(|k| !holes || k % 97 != 3).collect();
        Panel::from_dense(
            (0..n).map(|u| Unit::new(format!("{prefix}{u}"))).collect(),
            (0..8).map(|j| format!("x{j}")).collect(),
            vec![2020, 2021],
            values,
            present,
        )
        .unwrap()
    }

    /// The fused copy-and-normalise gives the indicator scores of `normalise_column` bit for bit; runs
    /// through recycled buffers (same units, other units of the same number — differing only past the
    /// first parallel chunk of the unit comparison —, other sizes, with and without missing cells) equal
    /// fresh runs.
    #[test]
    fn fused_normalisation_and_recycling_match_fresh_runs() {
        let cfg = PipelineConfig::new(framework());
        let n = 20_000;
        let complete = panel(n, "u", false, 1);
        let holes = panel(n, "u", true, 2);
        let fresh = cfg.run(&holes).unwrap();
        for (k, id) in holes.indicators().iter().enumerate() {
            for (p, &period) in holes.periods().iter().enumerate() {
                let mut x = holes.column(k, p).to_vec();
                let m = holes.column_mask(k, p);
                let ctx = ColumnContext {
                    indicator: id,
                    period,
                    units: holes.units(),
                    reference: None,
                };
                let node = cfg.framework.node(cfg.framework.find(id).unwrap());
                let pol = node.indicator().unwrap().polarity;
                cfg.normalisation
                    .normalise_column(&mut x, m, pol, &ctx)
                    .unwrap();
                let (got, got_m) = fresh.column(id, period).unwrap();
                assert_eq!(got_m, m);
                let same = got
                    .iter()
                    .zip(&x)
                    .zip(m)
                    .all(|((a, b), &m)| !m || a.to_bits() == b.to_bits());
                assert!(same, "indicator {id}, period {period}");
            }
        }
        // Unit codes equal to the first panel's except unit 17 000 (past the first 16 384-unit chunk).
        let mut renamed = holes.units().to_vec();
        renamed[17_000] = Unit::new("other");
        let renamed = Panel::from_dense(
            renamed,
            holes.indicators().to_vec(),
            holes.periods().to_vec(),
            holes.raw_values().to_vec(),
            (0..n * 16).map(|k| k % 97 != 3).collect(),
        )
        .unwrap();
        let small = panel(300, "s", true, 3);
        let mut previous = cfg.run(&complete).unwrap();
        for data in [&holes, &complete, &renamed, &small, &holes, &complete] {
            let reused = cfg.run_reusing(data, previous).unwrap();
            assert_eq!(reused, cfg.run(data).unwrap());
            assert_eq!(reused.units().to_units(), data.units());
            previous = reused;
        }
    }

    /// A range that overflows under the fused min-max is the normalisation's `InvalidValue`, naming the
    /// indicator (as with `normalise_column`).
    #[test]
    fn overflowing_range_is_named() {
        let cfg = PipelineConfig::new(framework());
        let data = panel(2000, "u", false, 4);
        // Panel order: period, indicator, unit; column x1 of 2020 starts at 2000.
        let mut values = data.raw_values().to_vec();
        values[2000 + 7] = f64::MAX;
        values[2000 + 8] = -f64::MAX;
        let data = Panel::from_dense(
            data.units().to_vec(),
            data.indicators().to_vec(),
            data.periods().to_vec(),
            values,
            vec![true; 2000 * 16],
        )
        .unwrap();
        match cfg.run(&data) {
            Err(CompositeError::InvalidValue { column, method, .. }) => {
                assert_eq!((column.as_str(), method), ("x1", "min_max"));
            }
            other => panic!("expected InvalidValue, got {other:?}"),
        }
    }
}
