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
//!   "seed": 42,
//!   "missing_indicator": "error"
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
//! | `missing_indicator` | no | [`MissingIndicatorPolicy`] for an indicator with no observed value in a period (`error`; `drop_with_warning` leaves it out and records a [`Warning`](crate::results::Warning) in [`Results::warnings`]) |
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
//! 4. checks that every indicator has an observed value in every period, else fails
//!    ([`CompositeError::NoData`]) or drops it with a warning, by [`MissingIndicatorPolicy`];
//!    normalises each indicator by its normalisation (override or default) with the indicator's polarity
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
//! page as it is first written, as much time as the rest of the run (the `composite/baseline_copy`
//! benchmark shows it). There is no hidden cache: a caller that runs repeatedly hands the
//! previous result to [`PipelineConfig::run_reusing`], which recycles its memory (see [`crate::results`]'s
//! *Memory* section). The `composite`
//! benchmark measures 10³–10⁶ units × 50 indicators over a 3-level framework.
//!
//! # Source layout
//!
//! `config` (the serde configuration), `validate` (its checks), `plan` (the groups' plans, fusion,
//! pruning), `columns` (the normalisation stage), `fused` (the row-block engine) and `run` (the
//! orchestration and the aggregation of the tree).

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

mod columns;
mod config;
mod fused;
mod matrix;
mod plan;
mod run;
#[cfg(test)]
mod tests;
mod validate;

pub use config::{MissingIndicatorPolicy, PipelineConfig};
pub use matrix::normalise_aggregate_into;

use columns::ColumnStage;
use fused::{fused_group, fused_upper};
use plan::{Fusion, Plan, build_plans, prune};
use run::{NodeContext, child_weights};
