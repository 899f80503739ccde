//! Sobol indices of a [`Replicate`] model's outputs ([`sobol`], [`SensitivityOutputs`]).

use super::*;

/// Sobol indices of the outputs of a [`Replicate`] model (see the [module docs](super)).
#[derive(Debug, Clone)]
pub struct SensitivityOutputs {
    /// The units.
    pub units: Vec<String>,
    /// Nominal ranks, in unit order.
    pub nominal_ranks: Vec<f64>,
    /// Indices of the mean absolute rank shift across units versus the nominal ranks.
    pub mean_abs_rank_shift: Result<SobolIndices>,
    /// Indices of each unit's rank ([`CompositeError::ZeroVariance`] for a unit whose rank never moves).
    pub ranks: Vec<Result<SobolIndices>>,
    /// Indices of each unit's score.
    pub scores: Vec<Result<SobolIndices>>,
}

impl SensitivityOutputs {
    /// Indices of an output.
    ///
    /// # Errors
    /// [`CompositeError::UnknownReference`] for an unknown unit; the output's own error (e.g.
    /// [`CompositeError::ZeroVariance`]).
    pub fn get(&self, output: &Output) -> Result<SobolIndices> {
        let idx = |u: &str| {
            self.units
                .iter()
                .position(|x| x == u)
                .ok_or_else(|| CompositeError::UnknownReference {
                    what: "unit",
                    id: u.to_string(),
                })
        };
        match output {
            Output::MeanAbsRankShift => self.mean_abs_rank_shift.clone(),
            Output::Rank(u) => self.ranks[idx(u)?].clone(),
            Output::Score(u) => self.scores[idx(u)?].clone(),
        }
    }
}

/// Sobol indices of the mean absolute rank shift, each unit's rank and each unit's score, with the model's
/// factors as (grouped) inputs of one [`SobolDesign`] (`N(d + 2)` model runs, `N(2d + 2)` with second
/// order). The design's marginals are `U(0, 1)`: the model maps the unit coordinates itself.
///
/// # Errors
/// The design's errors ([`SobolDesign::grouped`]); [`CompositeError::TooMuchMemory`] when the outputs or the
/// bootstrap would need more than [`MAX_ALLOCATION_BYTES`](crate::MAX_ALLOCATION_BYTES); the nominal run's
/// error;
/// [`CompositeError::ModelFailed`] naming the first failing row; [`CompositeError::Cancelled`].
pub fn sobol<M: Replicate + ?Sized>(
    model: &M,
    settings: &SobolSettings,
    ties: TieMethod,
    control: Control<'_>,
) -> Result<SensitivityOutputs> {
    let units = model.units();
    let m = units.len();
    let groups = model
        .factors()
        .into_iter()
        .map(|f| SobolGroup {
            name: f.name,
            marginals: vec![Marginal::default(); f.labels.len()],
        })
        .collect();
    let design = SobolDesign::grouped(groups, settings.clone())?;
    // The outputs (1 + 2m per run), then the bootstrap's multiplicities (resamples × N) and its sums
    // (resamples × features per output): checked before the model runs.
    let outputs = 1 + 2 * m as u128;
    crate::check_allocation(
        "Sobol analysis",
        "n",
        settings.n,
        design.n_runs() as u128,
        8 * (outputs + design.dimension() as u128),
    )?;
    let runs_per_row = (design.n_runs() / settings.n.max(1)) as u128;
    crate::check_allocation(
        "Sobol bootstrap",
        "bootstrap.resamples",
        settings.bootstrap.resamples,
        settings.bootstrap.resamples as u128,
        8 * (settings.n as u128 + 2 * outputs * runs_per_row),
    )?;
    let nominal = nominal_of(model, m)?;
    let nominal_ranks = stats::rank(&nominal, RankOrder::Descending, ties);
    let (y, n_out) = design.evaluate_chunked(
        |start, block| {
            let us: Vec<Vec<f64>> = block.iter().map(<[f64]>::to_vec).collect();
            model
                .run_batch(&us)
                .into_iter()
                .zip(&us)
                .enumerate()
                .map(|(k, (run, u))| {
                    let s = run?;
                    check_scores(&s, m, start + k, &model.values(u))?;
                    let r = stats::rank(&s, RankOrder::Descending, ties);
                    let mut out = Vec::with_capacity(1 + 2 * m);
                    out.push(mean_abs_shift(&r, &nominal_ranks));
                    out.extend(r);
                    out.extend(s);
                    Ok(out)
                })
                .collect::<Vec<Result<Vec<f64>>>>()
        },
        control,
    )?;
    let mut all = design
        .analyse_multi(&y, n_out)?
        .into_iter()
        .map(|r| r.map_err(CompositeError::from));
    let mean_abs_rank_shift = all
        .next()
        .unwrap_or(Err(CompositeError::ZeroVariance { output: 0 }));
    let ranks: Vec<_> = all.by_ref().take(m).collect();
    let scores: Vec<_> = all.collect();
    Ok(SensitivityOutputs {
        units,
        nominal_ranks,
        mean_abs_rank_shift,
        ranks,
        scores,
    })
}
