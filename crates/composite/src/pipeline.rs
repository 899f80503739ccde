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
//! fused with the transform: one range pass over the panel's column, then one pass writing the result).
//!
//! Groups whose children are consecutive indicators (the bulk of the data) are **fused** when they are
//! aggregated by a weighted mean under weights that do not depend on the data and every child is min-max
//! normalised: after one pass computing each column's range, each group normalises its children block by
//! block of 2 048 units (into the result, and into a small block that stays in cache) and aggregates the
//! block at once, so the normalised values are never read back from memory. Blocks run in parallel, and
//! the results are bit for bit those of normalising every column first (a weighted mean of a row depends
//! on that row only; tested). Other leaf groups are aggregated from the normalised buffer (in parallel).
//! With fusion, when every upper group is a weighted mean under weights that do not depend on the data,
//! the upper groups are computed together block by block of rows, so that a pillar's scores are still in
//! cache when the index reads them; otherwise each upper group in turn reads its children (gathered into
//! one scratch buffer when their slots are not consecutive). An error in a fused pass makes the pipeline
//! rerun unfused, so errors are reported exactly as without fusion. Results are identical at any thread
//! count.
//!
//! `run` returns a new [`Results`] holding every node's scores (`periods × nodes × units` values and flags:
//! ≈ 0.6 GB at 10⁶ units × 66 nodes). Fresh memory of that size costs the kernel a page fault per 4 KiB
//! page as it is first written (on the 2-core reference machine ≈ 130 ms for 0.5 GB on two threads,
//! as much as the rest of the run). There is no hidden cache: a caller that runs repeatedly hands the
//! previous result to [`PipelineConfig::run_reusing`], which recycles its memory (see [`crate::results`]'s
//! *Memory* section). The `composite`
//! benchmark measures 10³–10⁶ units × 50 indicators over a 3-level framework.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use mfg_quality_indicators::stats::TieMethod;
use mfg_quality_indicators::{Framework, NodeId, NodeSpec, Panel, Period, Polarity, Unit};
use serde::{Deserialize, Serialize};

use crate::aggregate::{Aggregation, AggregationContext, MissingPolicy, all_true};
use crate::error::{CompositeError, Result};
use crate::impute::Imputation;
use crate::normalise::{ColumnContext, Normalisation, PointMap};
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

impl Plan {
    /// Whether the group can be computed block by block of rows: a weighted mean (a unit's score depends
    /// on its own row only) under weights that do not depend on the data.
    fn is_row_wise(&self) -> bool {
        self.aggregation.is_weighted_mean() && !self.weighting.is_data_driven()
    }
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
    /// `periods × nodes × units` values each time. The memory is owned by the caller throughout: `run`
    /// always allocates, and a dropped result frees its buffers.
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
        self.run_with(panel, recycled, true)
    }

    /// The run, with the fused normalisation-and-aggregation of leaf groups allowed or not (the tests
    /// check that both give the same results bit for bit).
    fn run_with(
        &self,
        panel: &Panel,
        recycled: Option<(UnitTable, Vec<f64>, Vec<bool>)>,
        allow_fusion: bool,
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
        // 4.–5. normalisation, straight into the result buffer's indicator slots, then weights and
        // aggregation over the tree; leaf groups under a weighted mean whose indicators are min-max
        // normalised get both in one pass ("fusion", see `Fusion`).
        let (nu, nn, np) = (data.n_units(), framework.len(), data.n_periods());
        let normaliser = Normaliser::new(self, &framework, &data)?;
        let plans = build_plans(&framework, &self.weighting, &self.aggregation)?;
        let fusion = if allow_fusion {
            normaliser.fusion(&plans)
        } else {
            None
        };
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
        // small strings) is built while the columns are normalised and aggregated (bandwidth-bound).
        let skip = fusion.as_ref().map(|f| f.columns.as_slice()).unwrap_or(&[]);
        let new_units =
            || (!same_units(&old_units, data.units())).then(|| UnitTable::from_units(data.units()));
        let periods = data.periods().to_vec();
        let work = || {
            normaliser.normalise_into(&mut scores, &mut present, skip)?;
            aggregate_tree(
                &framework,
                data.units(),
                &periods,
                &mut scores,
                &mut present,
                &plans,
                fusion.as_ref().map(|f| (f, &normaliser)),
                self.missing,
                is_recycled,
            )
        };
        #[cfg(feature = "parallel")]
        let (outcome, new_units) = rayon::join(work, new_units);
        #[cfg(not(feature = "parallel"))]
        let (outcome, new_units) = ({ work }(), new_units());
        let weights = match outcome {
            Ok(weights) => weights,
            // Fused, the stages run in another order: the unfused run reports the error it would have.
            Err(_) if fusion.is_some() => return self.run_with(panel, None, false),
            Err(e) => return Err(e),
        };
        let mut aggregations: Vec<Option<String>> = vec![None; nn];
        for plan in &plans {
            aggregations[plan.node] = Some(plan.aggregation.name().to_string());
        }
        Ok(Results::assemble(
            framework.into_owned(),
            new_units.unwrap_or(old_units),
            periods,
            scores,
            present,
            weights,
            aggregations,
            self.ties,
        )
        .with_reports(reports))
    }
}

/// Normalises the indicator columns of a panel (in framework leaf order) by the configuration's methods:
/// whole columns into the result buffers ([`Normaliser::normalise_into`]), or the per-value maps of the
/// columns fused with their group's aggregation ([`Normaliser::fusion`]).
struct Normaliser<'a> {
    data: &'a Panel,
    /// Polarity of each indicator, in leaf order.
    polarity: Vec<Polarity>,
    /// Method of each indicator (override or default), in leaf order.
    methods: Vec<&'a Normalisation>,
    /// Benchmark / reference value of column `(p, k)` at `p · nl + k` (most methods need none).
    references: Vec<Option<f64>>,
    /// Number of framework nodes (slots per period in the result buffers).
    nn: usize,
}

impl<'a> Normaliser<'a> {
    /// Validates the methods and resolves every column's reference, in (period, indicator) order.
    fn new(config: &'a PipelineConfig, framework: &Framework, data: &'a Panel) -> Result<Self> {
        let methods: Vec<&Normalisation> = data
            .indicators()
            .iter()
            .map(|id| {
                config
                    .normalisation_overrides
                    .get(id)
                    .unwrap_or(&config.normalisation)
            })
            .collect();
        config.normalisation.validate()?;
        for m in config.normalisation_overrides.values() {
            m.validate()?;
        }
        let mut references = Vec::with_capacity(data.n_periods() * methods.len());
        for p in 0..data.n_periods() {
            for (k, m) in methods.iter().enumerate() {
                references.push(m.reference_value(data, k, p)?);
            }
        }
        Ok(Normaliser {
            data,
            polarity: framework.indicators().iter().map(|i| i.polarity).collect(),
            methods,
            references,
            nn: framework.len(),
        })
    }

    fn context(&self, p: usize, k: usize) -> ColumnContext<'a> {
        ColumnContext {
            indicator: &self.data.indicators()[k],
            period: self.data.periods()[p],
            units: self.data.units(),
            reference: self.references[p * self.methods.len() + k],
        }
    }

    /// Normalises column `(p, k)` of the panel into `x`/`mask`.
    fn column(&self, p: usize, k: usize, x: &mut [f64], mask: &mut [bool]) -> Result<()> {
        let ctx = self.context(p, k);
        let data = self.data;
        let method = self.methods[k];
        // Copy and normalisation in one pass where the method allows (min-max).
        method.normalise_column_from(
            data.column(k, p),
            data.column_mask(k, p),
            x,
            mask,
            self.polarity[k],
            &ctx,
        )?;
        // Every indicator under a group is checked for finiteness by the aggregation (which names the
        // unit and the indicator); only a framework that is a single indicator needs it here.
        if self.nn == 1
            && let Some(u) = (0..x.len()).find(|&u| mask[u] && !x[u].is_finite())
        {
            return Err(CompositeError::InvalidValue {
                method: method.name(),
                unit: data.units()[u].code.clone(),
                column: data.indicators()[k].clone(),
                value: x[u],
                reason: "the normalised value is not finite (overflow)",
            });
        }
        Ok(())
    }

    /// Normalises every indicator column not flagged in `skip` (indexed by indicator; empty: none),
    /// writing column `(p, k)` to slot `k` of period `p` of the result buffers (see [`Results`]).
    fn normalise_into(
        &self,
        scores: &mut [f64],
        present: &mut [bool],
        skip: &[bool],
    ) -> Result<()> {
        let (nu, nl, nn) = (self.data.n_units(), self.methods.len(), self.nn);
        let wanted = |c: &usize| c % nn < nl && !skip.get(c % nn).copied().unwrap_or(false);
        // Column c of the buffers is (period c / nn, slot c % nn); slots below nl are the indicators.
        #[cfg(feature = "parallel")]
        let outcomes: Vec<Result<()>> = {
            use rayon::prelude::*;
            scores
                .par_chunks_mut(nu)
                .zip(present.par_chunks_mut(nu))
                .enumerate()
                .filter(|(c, _)| wanted(c))
                .map(|(c, (x, m))| self.column(c / nn, c % nn, x, m))
                .collect()
        };
        #[cfg(not(feature = "parallel"))]
        let outcomes: Vec<Result<()>> = scores
            .chunks_mut(nu)
            .zip(present.chunks_mut(nu))
            .enumerate()
            .filter(|(c, _)| wanted(c))
            .map(|(c, (x, m))| self.column(c / nn, c % nn, x, m))
            .collect();
        // The first error in (period, indicator) order, whatever the thread count.
        outcomes.into_iter().collect()
    }

    /// Which leaf groups are normalised and aggregated in one pass: groups whose children are consecutive
    /// indicators, aggregated by a weighted mean (each unit's score depends on its own row only) under
    /// weights that do not depend on the data, every child min-max normalised (a per-value map once the
    /// column's range is known, see [`Normalisation::point_map`]). `None` when no group qualifies.
    fn fusion(&self, plans: &[Plan]) -> Option<Fusion> {
        let nl = self.methods.len();
        let mut columns = vec![false; nl];
        let plans: Vec<bool> = plans
            .iter()
            .map(|pl| {
                let Some(first) = pl.run else { return false };
                let range = first..first + pl.children.len();
                let fused = range.end <= nl
                    && pl.is_row_wise()
                    && range.clone().all(|k| self.methods[k].is_pointwise());
                if fused {
                    columns[range].fill(true);
                }
                fused
            })
            .collect();
        plans.contains(&true).then_some(Fusion { plans, columns })
    }
}

/// The leaf groups normalised and aggregated in one pass (see [`Normaliser::fusion`]).
struct Fusion {
    /// Whether plan `g` is fused.
    plans: Vec<bool>,
    /// Whether indicator `k` belongs to a fused group (and is not normalised beforehand).
    columns: Vec<bool>,
}

/// The plan of every group of `framework`, in post-order (the order of the groups' slots).
fn build_plans(
    framework: &Framework,
    weighting: &BTreeMap<String, Weighting>,
    default_aggregation: &Aggregation,
) -> Result<Vec<Plan>> {
    let slots = slot_table(framework);
    framework
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
        .collect()
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
/// indicator slots of `scores`/`present` (layout of [`Results`]), filling the group slots; the groups
/// that `fused` flags normalise their indicators themselves, block by block (see [`fused_group`]).
///
/// This is the hot path of the pipeline. Each group's slot comes after its children's (indicators first,
/// groups in post-order), so the children are read from the part of the buffer before the group's slot
/// while the group's own column is written in place. Children in consecutive slots (e.g. the indicators
/// of a sub-pillar) are read in place as one column-major block; others are gathered into one scratch
/// buffer reused across nodes.
#[allow(clippy::too_many_arguments)]
fn aggregate_tree(
    framework: &Framework,
    units: &[Unit],
    periods: &[Period],
    scores: &mut Vec<f64>,
    present: &mut Vec<bool>,
    plans: &[Plan],
    fused: Option<(&Fusion, &Normaliser)>,
    missing: MissingPolicy,
    recycled: bool,
) -> Result<Vec<f64>> {
    let nn = framework.len();
    let nl = framework.leaves().len();
    let (nu, np) = (units.len(), periods.len());
    // With every indicator present, every group score is present too: empty masks then tell the
    // aggregation to skip its per-cell checks. (The indicator slots hold the panel's masks.)
    let complete = match fused {
        Some((_, n)) => all_true(n.data.raw_mask()),
        None => (0..np).all(|p| {
            let s = p * nn * nu;
            all_true(&present[s..s + nl * nu])
        }),
    };
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
    // The leaf groups by their first indicator slot (their ranges are disjoint: an indicator has one
    // parent), to split the indicator slots into one mutable range per group.
    let mut by_first: Vec<usize> = (0..plans.len()).filter(|&g| leaf_only[g]).collect();
    by_first.sort_by_key(|&g| plans[g].run);
    let ctx_of = |plan: &Plan, period: Period| NodeContext {
        node: &framework.node(plan.node).id,
        units,
        period,
        complete,
        missing,
        recycled,
    };
    for (p, &period) in periods.iter().enumerate() {
        let block = p * nn * nu..(p + 1) * nn * nu;
        let (mut leaf_vals, group_vals) = scores[block.clone()].split_at_mut(nl * nu);
        let (mut leaf_mask, group_mask) = present[block].split_at_mut(nl * nu);
        // Phase 1 tasks: (plan, its children's indicator slots, its own slot).
        let mut outs: Vec<Option<(&mut [f64], &mut [bool])>> = group_vals
            .chunks_mut(nu)
            .zip(group_mask.chunks_mut(nu))
            .map(Some)
            .collect();
        let mut tasks = Vec::with_capacity(by_first.len());
        let mut at = 0;
        for &g in &by_first {
            let first = plans[g].run.unwrap_or(0);
            let n = plans[g].children.len();
            let (_, rest) = std::mem::take(&mut leaf_vals).split_at_mut((first - at) * nu);
            let (mine, rest) = rest.split_at_mut(n * nu);
            leaf_vals = rest;
            let (_, rest_m) = std::mem::take(&mut leaf_mask).split_at_mut((first - at) * nu);
            let (mine_m, rest_m) = rest_m.split_at_mut(n * nu);
            leaf_mask = rest_m;
            at = first + n;
            if let Some((out, out_m)) = outs[g].take() {
                tasks.push((g, mine, mine_m, out, out_m));
            }
        }
        let phase1 = |(g, leaf, leaf_m, out, out_m): (
            usize,
            &mut [f64],
            &mut [bool],
            &mut [f64],
            &mut [bool],
        )| {
            let plan = &plans[g];
            let cx = ctx_of(plan, period);
            match fused {
                Some((fusion, normaliser)) if fusion.plans[g] => {
                    fused_group(plan, p, normaliser, leaf, leaf_m, out, out_m, &cx)
                }
                _ => aggregate_node(plan, leaf, leaf_m, out, out_m, &cx),
            }
            .map(|w| (g, w))
        };
        #[cfg(feature = "parallel")]
        let done: Vec<Result<(usize, Vec<f64>)>> = {
            use rayon::prelude::*;
            tasks.into_par_iter().map(phase1).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let done: Vec<Result<(usize, Vec<f64>)>> = tasks.into_iter().map(phase1).collect();
        let w_p = &mut weights[p * nn..(p + 1) * nn];
        w_p[framework.root()] = 1.0;
        // `tasks` is in slot order of the first children, not post-order: report the first error in
        // post-order, as the unfused sequential order would.
        let mut done: Vec<(usize, Result<Vec<f64>>)> = done
            .into_iter()
            .enumerate()
            .map(|(t, r)| match r {
                Ok((g, w)) => (g, Ok(w)),
                Err(e) => (by_first[t], Err(e)),
            })
            .collect();
        done.sort_by_key(|(g, _)| *g);
        for (g, outcome) in done {
            let w = outcome?;
            for (&c, &wc) in plans[g].children.iter().zip(&w) {
                w_p[c] = wc;
            }
        }
        // Phase 2. With fusion, when every upper group is a weighted mean under weights that do not
        // depend on the data, they are computed together block by block of rows (see `fused_upper`); on
        // an error there, the sequential loop below recomputes them and reports it exactly.
        let upper: Vec<usize> = (0..plans.len()).filter(|&g| !leaf_only[g]).collect();
        if fused.is_some()
            && nu > 0
            && !upper.is_empty()
            && upper.iter().all(|&g| plans[g].is_row_wise())
        {
            let block = p * nn * nu..(p + 1) * nn * nu;
            let batch = fused_upper(
                framework,
                plans,
                &upper,
                &mut scores[block.clone()],
                &mut present[block],
                nu,
                complete,
                missing,
                period,
            );
            if let Ok(ws) = batch {
                for (&g, w) in upper.iter().zip(ws) {
                    for (&c, &wc) in plans[g].children.iter().zip(&w) {
                        w_p[c] = wc;
                    }
                }
                continue;
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
    Ok(weights)
}

/// `f(r0, cols, masks)` on every chunk of [`FUSED_TASK_ROWS`] rows of the equally long columns `cols` and
/// `masks` (their slices of rows `r0..`), in parallel with the `parallel` feature from two chunks' worth
/// of rows, else once on the whole columns; whether every call returned `true`.
fn by_row_chunks<'a>(
    cols: Vec<&'a mut [f64]>,
    masks: Vec<&'a mut [bool]>,
    f: impl Fn(usize, Vec<&mut [f64]>, Vec<&mut [bool]>) -> bool + Sync,
) -> bool {
    #[cfg(feature = "parallel")]
    if let Some(len) = cols
        .first()
        .map(|c| c.len())
        .filter(|&l| l >= 2 * FUSED_TASK_ROWS)
    {
        use rayon::prelude::*;
        let mut col_chunks: Vec<_> = cols
            .into_iter()
            .map(|c| c.chunks_mut(FUSED_TASK_ROWS))
            .collect();
        let mut mask_chunks: Vec<_> = masks
            .into_iter()
            .map(|c| c.chunks_mut(FUSED_TASK_ROWS))
            .collect();
        let tasks: Vec<(usize, Vec<_>, Vec<_>)> = (0..len.div_ceil(FUSED_TASK_ROWS))
            .map(|t| {
                (
                    t * FUSED_TASK_ROWS,
                    col_chunks.iter_mut().filter_map(Iterator::next).collect(),
                    mask_chunks.iter_mut().filter_map(Iterator::next).collect(),
                )
            })
            .collect();
        return tasks
            .into_par_iter()
            .map(|(r0, c, m)| f(r0, c, m))
            .reduce(|| true, |a, b| a & b);
    }
    f(0, cols, masks)
}

/// The upper groups `upper` (in post-order; every one a weighted mean under weights that do not depend
/// on the data) of one period, computed together block by block of rows: for each block, each group's
/// children are copied from their columns of `vals`/`mask` (the period's `nodes × units` block of the
/// result buffers) into a small block and aggregated into the group's column, so that a group's own
/// score is still in cache when its parent reads it and no column is gathered whole. Row chunks run in
/// parallel. The values are those of the sequential pass bit for bit (a weighted mean of a row depends on
/// that row only). Returns each group's children's weights; an error in a block is reported as an
/// `Inconsistent` placeholder (the caller then redoes the groups sequentially, which names it).
#[allow(clippy::too_many_arguments)]
fn fused_upper(
    framework: &Framework,
    plans: &[Plan],
    upper: &[usize],
    vals: &mut [f64],
    mask: &mut [bool],
    nu: usize,
    complete: bool,
    missing: MissingPolicy,
    period: Period,
) -> Result<Vec<Vec<f64>>> {
    let node_id = |g: usize| framework.node(plans[g].node).id.as_str();
    let ws: Vec<Vec<f64>> = upper
        .iter()
        .map(|&g| child_weights(&plans[g], &[], &[], nu, node_id(g)))
        .collect::<Result<_>>()?;
    let ctxs: Vec<AggregationContext> = upper
        .iter()
        .map(|&g| AggregationContext {
            node: node_id(g),
            units: &[],
            columns: &plans[g].columns,
            period,
        })
        .collect();
    let max_n = upper
        .iter()
        .map(|&g| plans[g].children.len())
        .max()
        .unwrap_or(0);
    // Rows of one chunk: `cols[slot]`/`masks[slot]` are every node's slice of those rows.
    let rows = |mut cols: Vec<&mut [f64]>, mut masks: Vec<&mut [bool]>| -> bool {
        let len = cols.first().map_or(0, |c| c.len());
        let bl = len.min(FUSED_BLOCK);
        let mut block = vec![0.0; max_n * bl];
        let mut block_m = vec![false; if complete { 0 } else { max_n * bl }];
        for b in (0..len).step_by(FUSED_BLOCK) {
            let e = (b + FUSED_BLOCK).min(len);
            let m = e - b;
            for (i, &g) in upper.iter().enumerate() {
                let plan = &plans[g];
                let n = plan.children.len();
                for (j, &cs) in plan.child_slots.iter().enumerate() {
                    block[j * m..(j + 1) * m].copy_from_slice(&cols[cs][b..e]);
                    if !complete {
                        block_m[j * m..(j + 1) * m].copy_from_slice(&masks[cs][b..e]);
                    }
                }
                let block_mask = if complete { &[][..] } else { &block_m[..n * m] };
                let out = &mut cols[plan.slot][b..e];
                let out_m = &mut masks[plan.slot][b..e];
                if plan
                    .aggregation
                    .aggregate_into(
                        &block[..n * m],
                        block_mask,
                        m,
                        &ws[i],
                        missing,
                        &ctxs[i],
                        out,
                        out_m,
                    )
                    .is_err()
                {
                    return false;
                }
            }
        }
        true
    };
    let cols: Vec<&mut [f64]> = vals.chunks_mut(nu).collect();
    let masks: Vec<&mut [bool]> = mask.chunks_mut(nu).collect();
    let ok = by_row_chunks(cols, masks, |_, c, m| rows(c, m));
    if ok {
        Ok(ws)
    } else {
        Err(CompositeError::Inconsistent {
            what: "fused aggregation",
            reason: "an upper group failed on a block (the sequential pass reports why)".into(),
        })
    }
}

/// Rows per block of [`fused_group`] (the block's normalised children, ≤ 8 · 2048 · n bytes, stay in L1/L2
/// while they are aggregated).
const FUSED_BLOCK: usize = 2048;
/// Rows per parallel task of [`fused_group`] (from two tasks' worth of units).
#[cfg_attr(not(feature = "parallel"), allow(dead_code))]
const FUSED_TASK_ROWS: usize = 16 * FUSED_BLOCK;

/// A leaf group of a [`Fusion`] in period `p`: computes its children's maps (one pass over their columns,
/// which then stay in cache), then block by block of rows normalises the children from the panel into
/// their slots `leaf`/`leaf_m` (n columns of `out.len()` units) and into a small column-major block, and
/// aggregates that block into `out`/`out_m`. The values are those of normalising every column and then
/// aggregating (the maps are the normalisation's, and a weighted mean of a row depends on that row
/// only). On an error the caller reruns the pipeline unfused, which reports it exactly as it would have.
#[allow(clippy::too_many_arguments)]
fn fused_group(
    plan: &Plan,
    p: usize,
    normaliser: &Normaliser,
    leaf: &mut [f64],
    leaf_m: &mut [bool],
    out: &mut [f64],
    out_m: &mut [bool],
    cx: &NodeContext,
) -> Result<Vec<f64>> {
    let nu = out.len();
    let n = plan.children.len();
    let first = plan.run.unwrap_or(0);
    let data = normaliser.data;
    let w = child_weights(plan, &[], &[], nu, cx.node)?;
    // A column without an observed value has no map: its values are copied, as `normalise_column` leaves
    // them.
    let map_of = |k: usize| {
        normaliser.methods[k].point_map(
            data.column(k, p),
            data.column_mask(k, p),
            normaliser.polarity[k],
            &normaliser.context(p, k),
        )
    };
    // The columns' ranges in parallel from 2^15 cells (below, rayon's overhead outweighs the work).
    #[cfg(feature = "parallel")]
    let maps: Vec<Option<PointMap>> = if n * nu >= 1 << 15 {
        use rayon::prelude::*;
        (first..first + n)
            .into_par_iter()
            .map(map_of)
            .collect::<Result<_>>()?
    } else {
        (first..first + n).map(map_of).collect::<Result<_>>()?
    };
    #[cfg(not(feature = "parallel"))]
    let maps: Vec<Option<PointMap>> = (first..first + n).map(map_of).collect::<Result<_>>()?;
    let ctx = AggregationContext {
        node: cx.node,
        units: &[],
        columns: &plan.columns,
        period: cx.period,
    };
    // Rows `r0..r0 + len` of the group: `cols[j]`/`masks[j]` are child j's slice of those rows, `cols[n]`/
    // `masks[n]` the group's.
    let rows = |r0: usize, mut cols: Vec<&mut [f64]>, mut masks: Vec<&mut [bool]>| -> bool {
        let len = cols[n].len();
        let bl = len.min(FUSED_BLOCK);
        let mut block = vec![0.0; n * bl];
        let mut block_m = vec![false; if cx.complete { 0 } else { n * bl }];
        for b in (0..len).step_by(FUSED_BLOCK) {
            let e = (b + FUSED_BLOCK).min(len);
            let m = e - b;
            for j in 0..n {
                let k = first + j;
                let (src, src_m) = (data.column(k, p), data.column_mask(k, p));
                let (src, src_m) = (&src[r0 + b..r0 + e], &src_m[r0 + b..r0 + e]);
                let dst = &mut block[j * m..(j + 1) * m];
                match maps[j] {
                    Some(map) => map.apply_slice(src, if cx.complete { &[] } else { src_m }, dst),
                    None => dst.copy_from_slice(src),
                }
                cols[j][b..e].copy_from_slice(dst);
                masks[j][b..e].copy_from_slice(src_m);
                if !cx.complete {
                    block_m[j * m..(j + 1) * m].copy_from_slice(src_m);
                }
            }
            let mask = if cx.complete {
                &[][..]
            } else {
                &block_m[..n * m]
            };
            if plan
                .aggregation
                .aggregate_into(
                    &block[..n * m],
                    mask,
                    m,
                    &w,
                    cx.missing,
                    &ctx,
                    &mut cols[n][b..e],
                    &mut masks[n][b..e],
                )
                .is_err()
            {
                return false;
            }
        }
        true
    };
    let mut cols: Vec<&mut [f64]> = leaf.chunks_mut(nu).collect();
    let mut masks: Vec<&mut [bool]> = leaf_m.chunks_mut(nu).collect();
    cols.push(out);
    masks.push(out_m);
    let ok = by_row_chunks(cols, masks, rows);
    if ok {
        Ok(w)
    } else {
        Err(CompositeError::Inconsistent {
            what: "fused aggregation",
            reason: format!(
                "node `{}`: a block failed (the unfused run reports why)",
                cx.node
            ),
        })
    }
}

/// What [`aggregate_node`] needs besides the plan and the data.
struct NodeContext<'a> {
    node: &'a str,
    units: &'a [Unit],
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
    if cx.recycled && !plan.aggregation.is_weighted_mean() {
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
        let names: Vec<String> = cx.units.iter().map(|u| u.code.clone()).collect();
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

    /// The fused normalisation-and-aggregation of leaf groups gives the unfused run's results bit for bit
    /// (scores, flags, weights) and its errors, under every weighted mean, with and without missing cells,
    /// with groups that cannot be fused (data-driven weights, a z-score override, TOPSIS) beside fused
    /// ones, and with enough units for the row blocks to run as parallel tasks.
    #[test]
    fn fused_leaf_groups_match_unfused_runs() {
        let n = 2 * FUSED_TASK_ROWS + 1234;
        let complete = panel(n, "u", false, 5);
        let holes = panel(n, "u", true, 6);
        // Indicator x3 unobserved in 2021 (a column without a map: copied, and skipped by the means).
        let mut mask = holes.raw_mask().to_vec();
        mask[(8 + 3) * n..(8 + 4) * n].fill(false);
        let empty_column = Panel::from_dense(
            holes.units().to_vec(),
            holes.indicators().to_vec(),
            holes.periods().to_vec(),
            holes.raw_values().to_vec(),
            mask,
        )
        .unwrap();
        let base = || {
            let mut c = PipelineConfig::new(framework());
            c.normalisation = Normalisation::MinMax { lo: 1.0, hi: 100.0 };
            c
        };
        let mut configs = Vec::new();
        for key in [
            "arithmetic",
            "geometric",
            "harmonic",
            "power:2",
            "power:-0.5",
        ] {
            let mut c = base();
            c.aggregation = Aggregation::from_key(key, "test").unwrap();
            configs.push(c);
        }
        // Mixed: S0 under entropy weights (not fused), x6 z-scored (P1 not fused), S1 by TOPSIS (not
        // fused); the upper groups (P0, IDX) are weighted means and still computed in the batched pass.
        let mut spec = framework().to_spec();
        spec.children[0].children[1] = spec.children[0].children[1]
            .clone()
            .with_aggregation("topsis");
        let mut mixed = base();
        mixed.framework = Framework::new(spec).unwrap();
        mixed.weighting.insert("S0".into(), Weighting::Entropy);
        mixed.normalisation_overrides.insert(
            "x6".into(),
            Normalisation::ZScore {
                variance: Default::default(),
                mean: 50.0,
                sd: 10.0,
            },
        );
        configs.push(mixed);
        // Errors: a geometric mean of min-max [0, 1] values (zeros) and a missing value under `error`.
        let mut zeros = PipelineConfig::new(framework());
        zeros.aggregation = Aggregation::Geometric;
        configs.push(zeros);
        let mut strict = base();
        strict.missing = MissingPolicy::Error;
        configs.push(strict);
        for (i, cfg) in configs.iter().enumerate() {
            for data in [&complete, &holes, &empty_column] {
                let fused = cfg.run_with(data, None, true);
                let plain = cfg.run_with(data, None, false);
                match (&fused, &plain) {
                    (Ok(a), Ok(b)) => {
                        // (`assert!`, not `assert_eq!`: the Debug dump of 10⁵ units is unreadable.)
                        assert!(a == b, "config {i}: fused and unfused results differ");
                        let bits = |r: &Results| -> Vec<u64> {
                            r.framework()
                                .nodes()
                                .iter()
                                .flat_map(|node| {
                                    let (v, m) = r.column(&node.id, 2021).unwrap();
                                    v.iter()
                                        .zip(m)
                                        .map(|(x, &m)| if m { x.to_bits() } else { 0 })
                                        .collect::<Vec<_>>()
                                })
                                .collect()
                        };
                        assert!(
                            bits(a) == bits(b),
                            "config {i}: scores differ in their bits"
                        );
                    }
                    (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "config {i}"),
                    _ => panic!(
                        "config {i}: fused ok = {}, unfused ok = {}",
                        fused.is_ok(),
                        plain.is_ok()
                    ),
                }
            }
        }
        // The five means and the mixed configuration run (so the comparison above compared results), the
        // zero-valued geometric mean fails (so it compared errors).
        for cfg in &configs[..6] {
            assert!(cfg.run(&holes).is_ok());
        }
        assert!(configs[6].run(&complete).is_err());
        // Upper groups only failing: arithmetic leaf groups of min-max [−1, 1] values, geometric P0 and
        // index (negative sub-pillar means): the batched upper pass fails and the sequential one names it.
        let spec = framework().to_spec();
        let mut spec = spec.with_aggregation("geometric");
        spec.children[0] = spec.children[0].clone().with_aggregation("geometric");
        for (k, child) in spec.children[0].children.iter_mut().enumerate() {
            *child = child
                .clone()
                .with_aggregation(if k == 0 { "arithmetic" } else { "power:1" });
        }
        let mut upper = PipelineConfig::new(Framework::new(spec).unwrap());
        upper.normalisation = Normalisation::MinMax { lo: -1.0, hi: 1.0 };
        let fused = upper.run_with(&complete, None, true).unwrap_err();
        let plain = upper.run_with(&complete, None, false).unwrap_err();
        assert_eq!(fused.to_string(), plain.to_string());
        assert!(fused.to_string().contains("`S0`"), "{fused}");
    }

    /// `run_reusing` recycles a large result's buffers (also into a run of another size) and gives the
    /// same results as a run on fresh memory.
    #[test]
    fn recycled_buffers_are_reused_and_runs_stay_identical() {
        let cfg = PipelineConfig::new(framework());
        let data = panel(40_000, "u", true, 7);
        let small = panel(500, "s", false, 8);
        let fresh = cfg.run_with(&data, None, true).unwrap();
        let expected = fresh.clone();
        let mut previous = fresh;
        for _ in 0..5 {
            let again = cfg.run_reusing(&data, previous).unwrap();
            assert_eq!(again, expected);
            let small_run = cfg.run_reusing(&small, again).unwrap();
            assert_eq!(small_run, cfg.run_with(&small, None, false).unwrap());
            previous = small_run;
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
