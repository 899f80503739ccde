//! The Monte Carlo uncertainty analysis ([`monte_carlo`]): its [`MonteCarloSettings`], the per-unit
//! [`UnitSummary`], the [`Failure`]s kept, and the [`UncertaintyResults`].

use super::*;

/// Settings of a Monte Carlo uncertainty analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MonteCarloSettings {
    /// Number of replications. Default 1000.
    pub replications: usize,
    /// Seed (ChaCha8; replication `r` uses stream `r`). Default 0.
    pub seed: u64,
    /// Largest tolerated share of failed replications, in [0, 1]. Default 0.05.
    pub max_failure_share: f64,
    /// Tie method of the ranks. Default `min`.
    pub ties: TieMethod,
}

impl Default for MonteCarloSettings {
    fn default() -> Self {
        Self {
            replications: 1000,
            seed: 0,
            max_failure_share: 0.05,
            ties: TieMethod::Min,
        }
    }
}

/// A failed replication, kept with its error.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The replication index.
    pub replication: usize,
    /// The factor values drawn (one per coordinate label).
    pub values: Vec<f64>,
    /// The error.
    pub error: CompositeError,
}

/// The uncertainty summary of one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitSummary {
    /// The unit.
    pub unit: String,
    /// Rank in the nominal configuration.
    pub nominal_rank: f64,
    /// Score in the nominal configuration.
    pub nominal_score: f64,
    /// Median rank over the successful replications.
    pub median_rank: f64,
    /// 5th percentile of the rank (type 7).
    pub rank_p05: f64,
    /// 95th percentile of the rank (type 7).
    pub rank_p95: f64,
    /// Mean rank.
    pub mean_rank: f64,
    /// Mean score. When the normalisation or aggregation varies, the scores of different replications
    /// are on different scales: compare units within a replication (ranks), not these means across methods.
    pub mean_score: f64,
    /// Sample standard deviation of the score (n − 1).
    pub sd_score: f64,
}

/// Which scalar of a replication to plot or analyse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "output",
    content = "unit",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum Output {
    /// The mean absolute rank shift across units versus the nominal ranks.
    MeanAbsRankShift,
    /// A unit's rank.
    Rank(String),
    /// A unit's score.
    Score(String),
}

/// The result of [`monte_carlo`].
#[derive(Debug, Clone)]
pub struct UncertaintyResults {
    pub(super) units: Vec<String>,
    pub(super) factors: Vec<FactorSpec>,
    pub(super) labels: Vec<String>,
    pub(super) nominal_scores: Vec<f64>,
    pub(super) nominal_ranks: Vec<f64>,
    pub(super) replications: usize,
    pub(super) succeeded: Vec<usize>,
    pub(super) ranks: Vec<f64>,
    pub(super) scores: Vec<f64>,
    pub(super) values: Vec<f64>,
    pub(super) failures: Vec<Failure>,
    pub(super) summary: Vec<UnitSummary>,
}

impl UncertaintyResults {
    /// The units, in model order.
    pub fn units(&self) -> &[String] {
        &self.units
    }

    /// The factors.
    pub fn factors(&self) -> &[FactorSpec] {
        &self.factors
    }

    /// The coordinate labels (columns of the factor values), in order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Nominal scores, in unit order.
    pub fn nominal_scores(&self) -> &[f64] {
        &self.nominal_scores
    }

    /// Nominal ranks, in unit order.
    pub fn nominal_ranks(&self) -> &[f64] {
        &self.nominal_ranks
    }

    /// Replications planned.
    pub fn replications(&self) -> usize {
        self.replications
    }

    /// Indices of the successful replications, ascending.
    pub fn succeeded(&self) -> &[usize] {
        &self.succeeded
    }

    /// The failed replications with their errors, ascending.
    pub fn failures(&self) -> &[Failure] {
        &self.failures
    }

    /// Failed share of the replications.
    pub fn failure_share(&self) -> f64 {
        self.failures.len() as f64 / self.replications as f64
    }

    /// The per-unit summary, sorted by nominal rank (ties in unit order).
    pub fn summary(&self) -> &[UnitSummary] {
        &self.summary
    }

    pub(super) fn unit_index(&self, unit: &str) -> Result<usize> {
        self.units
            .iter()
            .position(|u| u == unit)
            .ok_or_else(|| CompositeError::UnknownReference {
                what: "unit",
                id: unit.to_string(),
            })
    }

    /// The rank of `unit` in each successful replication.
    ///
    /// # Errors
    /// [`CompositeError::UnknownReference`] for an unknown unit.
    pub fn ranks_of(&self, unit: &str) -> Result<Vec<f64>> {
        let k = self.unit_index(unit)?;
        let m = self.units.len();
        Ok(self.ranks.chunks(m).map(|r| r[k]).collect())
    }

    /// The score of `unit` in each successful replication.
    ///
    /// # Errors
    /// [`CompositeError::UnknownReference`] for an unknown unit.
    pub fn scores_of(&self, unit: &str) -> Result<Vec<f64>> {
        let k = self.unit_index(unit)?;
        let m = self.units.len();
        Ok(self.scores.chunks(m).map(|r| r[k]).collect())
    }

    /// The value of the coordinate `label` in each successful replication.
    ///
    /// # Errors
    /// [`CompositeError::UnknownReference`] for an unknown label.
    pub fn values_of(&self, label: &str) -> Result<Vec<f64>> {
        let c = self.labels.iter().position(|l| l == label).ok_or_else(|| {
            CompositeError::UnknownReference {
                what: "factor",
                id: label.to_string(),
            }
        })?;
        let d = self.labels.len();
        Ok(self.values.chunks(d).map(|r| r[c]).collect())
    }

    /// The mean absolute rank shift `R̄_S = (1/M) Σ_u |rank_r(u) − rank_nominal(u)|` of each successful
    /// replication (Saisana, Saltelli & Tarantola 2005, eq. 5).
    pub fn mean_abs_rank_shift(&self) -> Vec<f64> {
        let m = self.units.len();
        self.ranks
            .chunks(m)
            .map(|r| mean_abs_shift(r, &self.nominal_ranks))
            .collect()
    }

    /// The values of an output over the successful replications.
    ///
    /// # Errors
    /// [`CompositeError::UnknownReference`] for an unknown unit.
    pub fn output(&self, output: &Output) -> Result<Vec<f64>> {
        match output {
            Output::MeanAbsRankShift => Ok(self.mean_abs_rank_shift()),
            Output::Rank(u) => self.ranks_of(u),
            Output::Score(u) => self.scores_of(u),
        }
    }

    /// Scatter data `(factor value, output)` over the successful replications, for plotting an output
    /// against one coordinate of a factor.
    ///
    /// # Errors
    /// [`CompositeError::UnknownReference`] for an unknown label or unit.
    pub fn scatter(&self, label: &str, output: &Output) -> Result<Vec<(f64, f64)>> {
        let x = self.values_of(label)?;
        let y = self.output(output)?;
        Ok(x.into_iter().zip(y).collect())
    }
}

impl fmt::Display for UncertaintyResults {
    /// The summary table (sorted by nominal rank) and the failure count.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.units.iter().map(String::len).max().unwrap_or(4).max(4);
        writeln!(
            f,
            "{:<w$}  {:>7} {:>6} {:>6} {:>6}  {:>10} {:>10} {:>9}",
            "unit", "nominal", "median", "p05", "p95", "score", "mean", "sd"
        )?;
        for s in &self.summary {
            writeln!(
                f,
                "{:<w$}  {:>7} {:>6} {:>6} {:>6}  {:>10.4} {:>10.4} {:>9.4}",
                s.unit,
                s.nominal_rank,
                s.median_rank,
                s.rank_p05,
                s.rank_p95,
                s.nominal_score,
                s.mean_score,
                s.sd_score
            )?;
        }
        write!(
            f,
            "{} of {} replications succeeded, {} failed",
            self.succeeded.len(),
            self.replications,
            self.failures.len()
        )?;
        if let Some(first) = self.failures.first() {
            write!(
                f,
                " (first: replication {}: {})",
                first.replication, first.error
            )?;
        }
        writeln!(f)
    }
}

pub(super) fn mean_abs_shift(ranks: &[f64], nominal: &[f64]) -> f64 {
    ranks
        .iter()
        .zip(nominal)
        .map(|(a, b)| (a - b).abs())
        .sum::<f64>()
        / nominal.len() as f64
}

/// Checks a run's scores: one per unit, all finite.
pub(super) fn check_scores(scores: &[f64], n_units: usize, sample: usize, u: &[f64]) -> Result<()> {
    if scores.len() != n_units {
        return Err(CompositeError::OutputLength {
            sample,
            expected: n_units,
            got: scores.len(),
        });
    }
    if let Some(k) = scores.iter().position(|v| !v.is_finite()) {
        return Err(CompositeError::NonFiniteOutput {
            sample,
            output: k,
            value: scores[k],
            inputs: u.to_vec(),
        });
    }
    Ok(())
}

/// The point of replication `rep`: ChaCha8 seeded with `seed`, stream `rep`, `D` uniform draws in [0, 1).
pub fn replication_point(seed: u64, rep: usize, dimension: usize) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(rep as u64);
    (0..dimension).map(|_| rng.random::<f64>()).collect()
}

pub(super) fn nominal_of<M: Replicate + ?Sized>(model: &M, n_units: usize) -> Result<Vec<f64>> {
    let nominal = model.nominal()?;
    if nominal.len() != n_units || nominal.iter().any(|v| !v.is_finite()) {
        return Err(CompositeError::Numerical {
            method: "uncertainty analysis",
            reason: format!(
                "the nominal run must give {n_units} finite scores, got {:?}",
                nominal
            ),
        });
    }
    Ok(nominal)
}

pub(super) struct Replication {
    pub(super) values: Vec<f64>,
    pub(super) outcome: Result<(Vec<f64>, Vec<f64>)>,
}

/// Runs a Monte Carlo uncertainty analysis (see the [module docs](super)).
///
/// ```
/// use mfg_quality_composite::sensitivity::{Marginal, SobolGroup};
/// use mfg_quality_composite::uncertainty::{monte_carlo, ClosureModel, MonteCarloSettings};
///
/// // Three units scored by a weighted sum of two indicators; the weight of the first is uncertain.
/// let data = [[0.9, 0.2], [0.6, 0.6], [0.1, 0.95]];
/// let model = ClosureModel::new(
///     vec!["A".into(), "B".into(), "C".into()],
///     vec![SobolGroup { name: "w1".into(), marginals: vec![Marginal::Uniform { lo: 0.3, hi: 0.7 }] }],
///     vec![0.5],
///     |x: &[f64]| Ok(data.iter().map(|d| x[0] * d[0] + (1.0 - x[0]) * d[1]).collect()),
/// )?;
/// let settings = MonteCarloSettings { replications: 500, ..Default::default() };
/// let mc = monte_carlo(&model, &settings, Default::default())?;
/// let b = &mc.summary()[0];
/// assert_eq!((b.unit.as_str(), b.nominal_rank), ("B", 1.0));
/// assert!(b.rank_p95 >= b.rank_p05);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
///
/// # Errors
/// [`CompositeError::InvalidParameter`] for zero replications or a failure share outside [0, 1];
/// [`CompositeError::TooMuchMemory`] when the replications would need more than
/// [`MAX_ALLOCATION_BYTES`](crate::MAX_ALLOCATION_BYTES); the nominal run's error; [`CompositeError::TooManyFailures`]; [`CompositeError::Cancelled`].
pub fn monte_carlo<M: Replicate + ?Sized>(
    model: &M,
    settings: &MonteCarloSettings,
    control: Control<'_>,
) -> Result<UncertaintyResults> {
    if settings.replications == 0 {
        return Err(CompositeError::InvalidParameter {
            method: "Monte Carlo",
            parameter: "replications",
            reason: "must be at least 1".into(),
        });
    }
    let share = settings.max_failure_share;
    if !(0.0..=1.0).contains(&share) {
        return Err(CompositeError::InvalidParameter {
            method: "Monte Carlo",
            parameter: "max_failure_share",
            reason: format!("must be in [0, 1], got {share}"),
        });
    }
    let units = model.units();
    let factors = model.factors();
    let labels: Vec<String> = factors.iter().flat_map(|f| f.labels.clone()).collect();
    let dims = labels.len();
    let m = units.len();
    // Per replication: its record while the chunks run (the factor values, the scores and ranks), then the
    // kept arrays (index, scores, ranks, values) — checked before the nominal run or any allocation.
    let per_rep =
        std::mem::size_of::<Replication>() as u128 + 8 * (2 * (dims as u128 + 2 * m as u128) + 1);
    crate::check_allocation(
        "Monte Carlo",
        "replications",
        settings.replications,
        settings.replications as u128,
        per_rep,
    )?;
    let nominal_scores = nominal_of(model, m)?;
    let nominal_ranks = stats::rank(&nominal_scores, RankOrder::Descending, settings.ties);

    let reps: Vec<Replication> = run_chunks(settings.replications, control, |range, out| {
        let start = range.start;
        let points: Vec<Vec<f64>> = range
            .map(|rep| replication_point(settings.seed, rep, dims))
            .collect();
        let runs = model.run_batch(&points);
        for (k, (u, run)) in points.iter().zip(runs).enumerate() {
            let rep = start + k;
            let values = model.values(u);
            let outcome = run.and_then(|s| {
                check_scores(&s, m, rep, &values)?;
                let r = stats::rank(&s, RankOrder::Descending, settings.ties);
                Ok((s, r))
            });
            out.push(Replication { values, outcome });
        }
        Ok(())
    })?;

    let mut succeeded = Vec::with_capacity(reps.len());
    let mut ranks = Vec::with_capacity(reps.len() * m);
    let mut scores = Vec::with_capacity(reps.len() * m);
    let mut values = Vec::with_capacity(reps.len() * dims);
    let mut failures = Vec::new();
    for (rep, r) in reps.into_iter().enumerate() {
        match r.outcome {
            Ok((s, k)) => {
                succeeded.push(rep);
                scores.extend(s);
                ranks.extend(k);
                values.extend(r.values);
            }
            Err(error) => failures.push(Failure {
                replication: rep,
                values: r.values,
                error,
            }),
        }
    }
    let total = settings.replications;
    if succeeded.is_empty() || failures.len() as f64 > share * total as f64 {
        let first = &failures[0];
        return Err(CompositeError::TooManyFailures {
            failed: failures.len(),
            total,
            max_share: share,
            first_replication: first.replication,
            first_error: Box::new(first.error.clone()),
        });
    }

    let mut summary: Vec<UnitSummary> = (0..m)
        .map(|k| {
            let mut rk: Vec<f64> = ranks.chunks(m).map(|r| r[k]).collect();
            let sc: Vec<f64> = scores.chunks(m).map(|r| r[k]).collect();
            rk.sort_by(f64::total_cmp);
            UnitSummary {
                unit: units[k].clone(),
                nominal_rank: nominal_ranks[k],
                nominal_score: nominal_scores[k],
                median_rank: stats::quantile_sorted(&rk, 0.5),
                rank_p05: stats::quantile_sorted(&rk, 0.05),
                rank_p95: stats::quantile_sorted(&rk, 0.95),
                mean_rank: stats::mean(&rk),
                mean_score: stats::mean(&sc),
                sd_score: stats::std_dev(&sc, VarianceKind::Sample),
            }
        })
        .collect();
    // Stable sort: ties in nominal rank keep the unit order.
    summary.sort_by(|a, b| a.nominal_rank.total_cmp(&b.nominal_rank));

    Ok(UncertaintyResults {
        units,
        factors,
        labels,
        nominal_scores,
        nominal_ranks,
        replications: total,
        succeeded,
        ranks,
        scores,
        values,
        failures,
        summary,
    })
}
