//! Orchestration of a run: [`PipelineConfig::run`], [`PipelineConfig::run_reusing`] and
//! [`PipelineConfig::run_csv`] take a panel through the stages, then [`aggregate_tree`] weights and
//! aggregates every group ([`aggregate_node`], [`child_weights`]) — fused where [`super::fused`] applies.

use super::*;
use crate::aggregate::Aggregator;
use crate::weights::Weigher;

impl PipelineConfig {
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

    /// Runs the pipeline on a panel. See the [module docs](super) for the steps.
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

    pub(super) fn run_inner(
        &self,
        panel: &Panel,
        recycled: Option<(UnitTable, Vec<f64>, Vec<bool>)>,
    ) -> Result<Results> {
        self.run_with(panel, recycled, true)
    }

    /// The run, with the fused normalisation-and-aggregation of leaf groups allowed or not (the tests
    /// check that both give the same results bit for bit).
    pub(super) fn run_with(
        &self,
        panel: &Panel,
        recycled: Option<(UnitTable, Vec<f64>, Vec<bool>)>,
        allow_fusion: bool,
    ) -> Result<Results> {
        self.validate_names()?;
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
        // An indicator with no observed value in a period: an error, or dropped with a warning.
        reports.warnings = self.check_empty_indicators(&framework, &data)?;
        // 4.–5. normalisation, straight into the result buffer's indicator slots, then weights and
        // aggregation over the tree; leaf groups under a weighted mean whose indicators are min-max
        // normalised get both in one pass ("fusion", see `Fusion`).
        let (nu, nn, np) = (data.n_units(), framework.len(), data.n_periods());
        let normaliser = ColumnStage::new(self, &framework, &data)?;
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
        let (outcome, new_units) = if crate::split_run(np * nn * nu) {
            rayon::join(work, new_units)
        } else {
            ({ work }(), new_units())
        };
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

impl PipelineConfig {
    /// The indicators of `data` (in the framework's leaf order) without any observed value in a period:
    /// [`CompositeError::NoData`] for the first, under [`MissingIndicatorPolicy::Error`], else one warning
    /// each. A column is scanned only up to its first observed cell.
    fn check_empty_indicators(
        &self,
        framework: &Framework,
        data: &Panel,
    ) -> Result<Vec<crate::results::Warning>> {
        let mut warnings = Vec::new();
        for (p, &period) in data.periods().iter().enumerate() {
            for (i, &leaf) in framework.leaves().iter().enumerate() {
                if data.column_mask(i, p).iter().any(|&m| m) {
                    continue;
                }
                let indicator = framework.node(leaf).id.clone();
                let node = framework
                    .parent(leaf)
                    .map_or_else(String::new, |g| framework.node(g).id.clone());
                match self.missing_indicator {
                    MissingIndicatorPolicy::Error => {
                        return Err(CompositeError::NoData {
                            method: "the pipeline",
                            indicator,
                            node,
                            period,
                        });
                    }
                    MissingIndicatorPolicy::DropWithWarning => {
                        warnings.push(crate::results::Warning::IndicatorDropped {
                            indicator,
                            node,
                            period,
                        })
                    }
                }
            }
        }
        Ok(warnings)
    }
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
pub(super) fn aggregate_tree(
    framework: &Framework,
    units: &[Unit],
    periods: &[Period],
    scores: &mut Vec<f64>,
    present: &mut Vec<bool>,
    plans: &[Plan],
    fused: Option<(&Fusion, &ColumnStage)>,
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
        let done: Vec<Result<(usize, Vec<f64>)>> = if tasks.len() > 1 && crate::split_run(nl * nu) {
            use rayon::prelude::*;
            tasks.into_par_iter().map(phase1).collect()
        } else {
            tasks.into_iter().map(phase1).collect()
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

/// What [`aggregate_node`] needs besides the plan and the data.
pub(super) struct NodeContext<'a> {
    pub(super) node: &'a str,
    pub(super) units: &'a [Unit],
    pub(super) period: Period,
    pub(super) complete: bool,
    pub(super) missing: MissingPolicy,
    /// Whether the buffers come from an earlier result (fresh ones are zeroed already).
    pub(super) recycled: bool,
}

/// Weights and aggregates one group in one period: `data`/`mask` are its children's columns
/// (column-major, `out.len()` units), `out`/`out_m` its own column. Returns the children's weights.
pub(super) fn aggregate_node(
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
    if cx.recycled && !plan.aggregation.is_row_wise() {
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
    // `aggregate_into` guarantees finite scores (an overflow is its `Overflow` error).
    debug_assert!(out.iter().all(|v| v.is_finite()));
    Ok(w)
}

/// Whether `table` holds exactly `units` (codes, names, groups), compared in parallel with the
/// `parallel` feature (10⁶ units cost a few milliseconds of string comparisons).
pub(super) fn same_units(table: &UnitTable, units: &[Unit]) -> bool {
    if table.len() != units.len() {
        return false;
    }
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        const CHUNK: usize = 1 << 14;
        if units.len() > CHUNK && crate::split_run(units.len()) {
            return units
                .par_chunks(CHUNK)
                .enumerate()
                .all(|(c, chunk)| table.same_units_from(c * CHUNK, chunk));
        }
    }
    table.same_units_from(0, units)
}

/// The weights of a plan's children for one period, normalised to sum 1.
pub(super) fn child_weights(
    plan: &Plan,
    data: &[f64],
    mask: &[bool],
    nu: usize,
    node: &str,
) -> Result<Vec<f64>> {
    weigh_children(&plan.weighting, &plan.nominal, data, mask, nu, node)
}

/// [`child_weights`] of children with framework weights `nominal`.
fn weigh_children(
    weighting: &crate::weights::WeigherPlan,
    nominal: &[f64],
    data: &[f64],
    mask: &[bool],
    nu: usize,
    node: &str,
) -> Result<Vec<f64>> {
    let n = nominal.len();
    let w = if !weighting.is_data_driven() {
        // Equal, explicit (the framework's weights) and AHP ignore the data.
        weighting.weigh(&[], 0, nominal, node)?
    } else {
        // A child without any observed value (an indicator dropped under
        // `MissingIndicatorPolicy::DropWithWarning`, or a group of such) gets weight 0; the others are
        // weighed without it.
        let empty: Vec<bool> = (0..n)
            .map(|j| !mask.is_empty() && !mask[j * nu..(j + 1) * nu].iter().any(|&m| m))
            .collect();
        if empty.iter().any(|&e| e) && !empty.iter().all(|&e| e) {
            let keep: Vec<usize> = (0..n).filter(|&j| !empty[j]).collect();
            let mut sub = Vec::with_capacity(keep.len() * nu);
            let mut sub_m = Vec::with_capacity(keep.len() * nu);
            for &j in &keep {
                sub.extend_from_slice(&data[j * nu..(j + 1) * nu]);
                sub_m.extend_from_slice(&mask[j * nu..(j + 1) * nu]);
            }
            let kept: Vec<f64> = keep.iter().map(|&j| nominal[j]).collect();
            let w = weigh_children(weighting, &kept, &sub, &sub_m, nu, node)?;
            let mut full = vec![0.0; n];
            for (&j, wj) in keep.iter().zip(w) {
                full[j] = wj;
            }
            return Ok(full);
        }
        // Data-driven weights on the units whose children are all present.
        let complete: Vec<usize> = (0..nu)
            .filter(|&u| mask.is_empty() || (0..n).all(|j| mask[j * nu + u]))
            .collect();
        if complete.len() == nu {
            weighting.weigh(data, nu, nominal, node)?
        } else {
            let m = complete.len();
            let mut sub = Vec::with_capacity(m * n);
            for j in 0..n {
                sub.extend(complete.iter().map(|&u| data[j * nu + u]));
            }
            weighting.weigh(&sub, m, nominal, node)?
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
