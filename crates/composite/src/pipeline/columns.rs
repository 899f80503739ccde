//! The normalisation stage of a run: [`ColumnStage`] normalises each indicator column by its method and
//! polarity, straight into the result buffers, or prepares the per-value maps of the fused leaf groups.

use super::*;
use crate::normalise::{Normaliser, NormaliserPlan};

/// Normalises the indicator columns of a panel (in framework leaf order) by the configuration's methods:
/// whole columns into the result buffers ([`ColumnStage::normalise_into`]), or the per-value maps of the
/// columns fused with their group's aggregation ([`ColumnStage::fusion`]).
pub(super) struct ColumnStage<'a> {
    pub(super) data: &'a Panel,
    /// Polarity of each indicator, in leaf order.
    pub(super) polarity: Vec<Polarity>,
    /// The validated methods, built once per run: the default, then each override.
    pub(super) plans: Vec<NormaliserPlan>,
    /// Which of `plans` normalises each indicator, in leaf order.
    pub(super) method_of: Vec<usize>,
    /// Benchmark / reference value of column `(p, k)` at `p · nl + k` (most methods need none).
    pub(super) references: Vec<Option<f64>>,
    /// Number of framework nodes (slots per period in the result buffers).
    pub(super) nn: usize,
}

impl<'a> ColumnStage<'a> {
    /// Validates the methods once (the configuration's [`Normalisation`]s become [`NormaliserPlan`]s, which
    /// compute without re-checking their parameters) and resolves every column's reference, in (period,
    /// indicator) order.
    pub(super) fn new(
        config: &'a PipelineConfig,
        framework: &Framework,
        data: &'a Panel,
    ) -> Result<Self> {
        let mut plans = vec![NormaliserPlan::try_from(&config.normalisation)?];
        let mut override_of = BTreeMap::new();
        for (id, m) in &config.normalisation_overrides {
            override_of.insert(id.as_str(), plans.len());
            plans.push(NormaliserPlan::try_from(m)?);
        }
        let method_of: Vec<usize> = data
            .indicators()
            .iter()
            .map(|id| override_of.get(id.as_str()).copied().unwrap_or(0))
            .collect();
        let mut references = Vec::with_capacity(data.n_periods() * method_of.len());
        for p in 0..data.n_periods() {
            for (k, &m) in method_of.iter().enumerate() {
                references.push(plans[m].reference_value(data, k, p)?);
            }
        }
        Ok(ColumnStage {
            data,
            polarity: framework.indicators().iter().map(|i| i.polarity).collect(),
            plans,
            method_of,
            references,
            nn: framework.len(),
        })
    }

    /// The validated method of indicator `k` (leaf order).
    pub(super) fn method(&self, k: usize) -> &NormaliserPlan {
        &self.plans[self.method_of[k]]
    }

    pub(super) fn context(&self, p: usize, k: usize) -> ColumnContext<'a> {
        ColumnContext {
            indicator: &self.data.indicators()[k],
            period: self.data.periods()[p],
            units: self.data.units(),
            reference: self.references[p * self.method_of.len() + k],
        }
    }

    /// Normalises column `(p, k)` of the panel into `x`/`mask`.
    pub(super) fn column(
        &self,
        p: usize,
        k: usize,
        x: &mut [f64],
        mask: &mut [bool],
    ) -> Result<()> {
        let ctx = self.context(p, k);
        let data = self.data;
        let method = self.method(k);
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
                indicator: data.indicators()[k].clone(),
                value: x[u],
                reason: "the normalised value is not finite (overflow)",
            });
        }
        Ok(())
    }

    /// Normalises every indicator column not flagged in `skip` (indexed by indicator; empty: none),
    /// writing column `(p, k)` to slot `k` of period `p` of the result buffers (see [`Results`]).
    pub(super) fn normalise_into(
        &self,
        scores: &mut [f64],
        present: &mut [bool],
        skip: &[bool],
    ) -> Result<()> {
        let (nu, nl, nn) = (self.data.n_units(), self.method_of.len(), self.nn);
        let wanted = |c: &usize| c % nn < nl && !skip.get(c % nn).copied().unwrap_or(false);
        // Column c of the buffers is (period c / nn, slot c % nn); slots below nl are the indicators.
        let sequential = |scores: &mut [f64], present: &mut [bool]| -> Vec<Result<()>> {
            scores
                .chunks_mut(nu)
                .zip(present.chunks_mut(nu))
                .enumerate()
                .filter(|(c, _)| wanted(c))
                .map(|(c, (x, m))| self.column(c / nn, c % nn, x, m))
                .collect()
        };
        #[cfg(feature = "parallel")]
        let outcomes: Vec<Result<()>> = if crate::split_run(scores.len() / nn.max(1) * nl) {
            use rayon::prelude::*;
            scores
                .par_chunks_mut(nu)
                .zip(present.par_chunks_mut(nu))
                .enumerate()
                .filter(|(c, _)| wanted(c))
                .map(|(c, (x, m))| self.column(c / nn, c % nn, x, m))
                .collect()
        } else {
            sequential(scores, present)
        };
        #[cfg(not(feature = "parallel"))]
        let outcomes: Vec<Result<()>> = sequential(scores, present);
        // The first error in (period, indicator) order, whatever the thread count.
        outcomes.into_iter().collect()
    }

    /// Which leaf groups are normalised and aggregated in one pass: groups whose children are consecutive
    /// indicators, aggregated by a weighted mean (each unit's score depends on its own row only) under
    /// weights that do not depend on the data, every child min-max normalised (a per-value map once the
    /// column's range is known, see [`Normalisation::point_map`]). `None` when no group qualifies.
    pub(super) fn fusion(&self, plans: &[Plan]) -> Option<Fusion> {
        let nl = self.method_of.len();
        let mut columns = vec![false; nl];
        let plans: Vec<bool> = plans
            .iter()
            .map(|pl| {
                let Some(first) = pl.run else { return false };
                let range = first..first + pl.children.len();
                let fused = range.end <= nl
                    && pl.is_row_wise()
                    && range.clone().all(|k| self.method(k).is_pointwise());
                if fused {
                    columns[range].fill(true);
                }
                fused
            })
            .collect();
        plans.contains(&true).then_some(Fusion { plans, columns })
    }
}
