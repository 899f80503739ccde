//! Monte Carlo uncertainty analysis of a composite index, and Sobol indices of its ranks and scores.
//!
//! A composite index rests on choices — weights, normalisation, aggregation, imputation, thresholds — that
//! could reasonably have been made otherwise. The uncertainty analysis of the OECD/JRC *Handbook on
//! Constructing Composite Indicators* (2008, step 7; Saisana, Saltelli & Tarantola 2005) re-computes the
//! index many times with the choices drawn at random and reports how far each unit's rank moves.
//!
//! # Model
//! Anything implementing [`Replicate`]: it declares named factors (each spanning one or more coordinates
//! of the unit hypercube), and maps a point `u ∈ [0, 1)^D` to one score per unit (higher = better).
//! [`PipelineModel`] does this for a [`PipelineConfig`](crate::pipeline::PipelineConfig) with
//! [`Factor`]s (weights, method choices, thresholds); [`ClosureModel`] wraps any closure.
//! Because both the Monte Carlo and the Sobol analyses draw points on the same unit hypercube, one factor
//! definition serves both.
//!
//! # Monte Carlo ([`monte_carlo`])
//! Replication `r` draws its point from a ChaCha8 generator seeded with the run's seed on stream `r`
//! (`ChaCha8Rng::seed_from_u64(seed)` then `set_stream(r)`), so every replication is reproducible on its
//! own and the results are identical at any thread count. Ranks are computed per replication with
//! [`stats::rank`] (1 = best, ties by [`MonteCarloSettings::ties`], default `min`). Per unit the summary
//! gives the nominal rank and score, the median rank, the 5th–95th percentile rank band (type-7 quantiles,
//! [`stats::quantile`]), the mean rank, and the mean and sample sd of the score, sorted by nominal rank.
//! The mean absolute rank shift of replication `r`, `R̄_S = (1/M) Σ_u |rank_r(u) − rank_nominal(u)|`
//! (Saisana et al. 2005, eq. 5; Handbook §7), is available per replication and as a Sobol output.
//!
//! A replication whose model fails (e.g. a geometric mean meeting a non-positive normalised value) is
//! counted and kept with its error and its factor values ([`UncertaintyResults::failures`]); it is never
//! silently dropped. If the failed share exceeds [`MonteCarloSettings::max_failure_share`], or no
//! replication succeeds, the run is an error ([`CompositeError::TooManyFailures`]).
//!
//! # Sobol ([`sobol`])
//! The factors become the (grouped) inputs of a [`SobolDesign`]; every run gives the mean absolute rank
//! shift, each unit's rank and each unit's score, so one design serves all of them. In a Sobol design no
//! run can be skipped, so a failing run is an error ([`CompositeError::ModelFailed`]) naming the row:
//! declare factors under which every configuration is valid.

mod pipeline;
pub use pipeline::{Factor, FactorKind, GoalpostEnd, PipelineModel, Threshold, WeightedChoice};

use std::fmt;

use mfg_quality_indicators::stats::{self, RankOrder, TieMethod, VarianceKind};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::sensitivity::{
    Control, Mapper, Marginal, SobolDesign, SobolGroup, SobolIndices, SobolSettings, run_chunks,
};
use crate::{CompositeError, Result};

/// A factor as seen by the analyses: its name and the label of each of its coordinates (e.g.
/// `weights[p1]`, `weights[p2]`; a one-coordinate factor's label is its name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactorSpec {
    /// The factor's name.
    pub name: String,
    /// One label per coordinate.
    pub labels: Vec<String>,
}

/// A model of a composite index driven by a point of the unit hypercube.
pub trait Replicate: Sync {
    /// The units, in output order.
    fn units(&self) -> Vec<String>;
    /// The factors, in coordinate order (their labels' counts add up to the dimension `D`).
    fn factors(&self) -> Vec<FactorSpec>;
    /// The scores of the nominal (unperturbed) configuration, one per unit.
    ///
    /// # Errors
    /// If the nominal configuration fails.
    fn nominal(&self) -> Result<Vec<f64>>;
    /// The value of each coordinate in the user's terms for a point `u` (a sampled weight, the 0-based index
    /// of a chosen method, a threshold), used for scatter plots.
    fn values(&self, u: &[f64]) -> Vec<f64>;
    /// The scores, one per unit (higher = better), for the point `u ∈ [0, 1)^D`.
    ///
    /// # Errors
    /// Whatever the model's run returns.
    fn run(&self, u: &[f64]) -> Result<Vec<f64>>;

    /// Runs several points, in order; the default calls [`Replicate::run`] on each. An implementation may
    /// share work between the points of a batch (e.g. [`PipelineModel`] re-uses one cloned configuration),
    /// but must return exactly what `run` returns for each point.
    fn run_batch(&self, points: &[Vec<f64>]) -> Vec<Result<Vec<f64>>> {
        points.iter().map(|u| self.run(u)).collect()
    }
}

fn labels_of(name: &str, dims: usize) -> Vec<String> {
    if dims == 1 {
        vec![name.to_string()]
    } else {
        (0..dims).map(|k| format!("{name}[{k}]")).collect()
    }
}

/// A [`Replicate`] model from a closure `f(x) -> scores`, where `x` are the inputs mapped from the unit
/// hypercube through each factor's [`Marginal`]s (a discrete marginal gives the choice index as `f64`).
pub struct ClosureModel<F> {
    units: Vec<String>,
    factors: Vec<SobolGroup>,
    mappers: Vec<Mapper>,
    nominal_inputs: Vec<f64>,
    model: F,
}

impl<F> fmt::Debug for ClosureModel<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClosureModel")
            .field("units", &self.units)
            .field("factors", &self.factors)
            .field("nominal_inputs", &self.nominal_inputs)
            .finish_non_exhaustive()
    }
}

impl<F> ClosureModel<F>
where
    F: Fn(&[f64]) -> Result<Vec<f64>> + Sync,
{
    /// A model over `units` with the given factors; `nominal_inputs` (one per coordinate) define the
    /// nominal run.
    ///
    /// # Errors
    /// [`CompositeError::TooFew`] without units or factors; [`CompositeError::InvalidFactor`] (no
    /// coordinate, invalid bounds), [`CompositeError::EmptyChoices`], [`CompositeError::InvalidProbabilities`];
    /// [`CompositeError::InvalidParameter`] if `nominal_inputs` has the wrong length or a non-finite value.
    pub fn new(
        units: Vec<String>,
        factors: Vec<SobolGroup>,
        nominal_inputs: Vec<f64>,
        model: F,
    ) -> Result<Self> {
        if units.is_empty() || factors.is_empty() {
            return Err(CompositeError::TooFew {
                method: "uncertainty analysis",
                what: if units.is_empty() { "units" } else { "factors" },
                needed: 1,
                got: 0,
            });
        }
        let mut mappers = Vec::new();
        for f in &factors {
            if f.marginals.is_empty() {
                return Err(CompositeError::InvalidFactor {
                    factor: f.name.clone(),
                    reason: "a factor needs at least one coordinate".into(),
                });
            }
            for m in &f.marginals {
                mappers.push(Mapper::new(m, &f.name)?);
            }
        }
        if nominal_inputs.len() != mappers.len() || nominal_inputs.iter().any(|x| !x.is_finite()) {
            return Err(CompositeError::InvalidParameter {
                method: "ClosureModel",
                parameter: "nominal_inputs",
                reason: format!(
                    "need {} finite values (one per coordinate), got {:?}",
                    mappers.len(),
                    nominal_inputs
                ),
            });
        }
        Ok(Self {
            units,
            factors,
            mappers,
            nominal_inputs,
            model,
        })
    }
}

impl<F> Replicate for ClosureModel<F>
where
    F: Fn(&[f64]) -> Result<Vec<f64>> + Sync,
{
    fn units(&self) -> Vec<String> {
        self.units.clone()
    }

    fn factors(&self) -> Vec<FactorSpec> {
        self.factors
            .iter()
            .map(|f| FactorSpec {
                name: f.name.clone(),
                labels: labels_of(&f.name, f.marginals.len()),
            })
            .collect()
    }

    fn nominal(&self) -> Result<Vec<f64>> {
        (self.model)(&self.nominal_inputs)
    }

    fn values(&self, u: &[f64]) -> Vec<f64> {
        u.iter()
            .zip(&self.mappers)
            .map(|(u, m)| m.map(*u))
            .collect()
    }

    fn run(&self, u: &[f64]) -> Result<Vec<f64>> {
        (self.model)(&self.values(u))
    }
}

/// Settings of a Monte Carlo uncertainty analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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
#[serde(tag = "output", content = "unit", rename_all = "snake_case")]
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
    units: Vec<String>,
    factors: Vec<FactorSpec>,
    labels: Vec<String>,
    nominal_scores: Vec<f64>,
    nominal_ranks: Vec<f64>,
    replications: usize,
    succeeded: Vec<usize>,
    ranks: Vec<f64>,
    scores: Vec<f64>,
    values: Vec<f64>,
    failures: Vec<Failure>,
    summary: Vec<UnitSummary>,
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

    fn unit_index(&self, unit: &str) -> Result<usize> {
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

fn mean_abs_shift(ranks: &[f64], nominal: &[f64]) -> f64 {
    ranks
        .iter()
        .zip(nominal)
        .map(|(a, b)| (a - b).abs())
        .sum::<f64>()
        / nominal.len() as f64
}

/// Checks a run's scores: one per unit, all finite.
fn check_scores(scores: &[f64], n_units: usize, sample: usize, u: &[f64]) -> Result<()> {
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

fn nominal_of<M: Replicate + ?Sized>(model: &M, n_units: usize) -> Result<Vec<f64>> {
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

struct Replication {
    values: Vec<f64>,
    outcome: Result<(Vec<f64>, Vec<f64>)>,
}

/// Runs a Monte Carlo uncertainty analysis (see the [module docs](self)).
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
/// the nominal run's error; [`CompositeError::TooManyFailures`]; [`CompositeError::Cancelled`].
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

/// Sobol indices of the outputs of a [`Replicate`] model (see the [module docs](self)).
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
/// The design's errors ([`SobolDesign::grouped`]); the nominal run's error;
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
    let nominal = nominal_of(model, m)?;
    let nominal_ranks = stats::rank(&nominal, RankOrder::Descending, ties);
    let (y, n_out) = design.evaluate_multi_batched(
        |start, us| {
            model
                .run_batch(us)
                .into_iter()
                .zip(us)
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
                .collect()
        },
        control,
    )?;
    let mut all = design.analyse_multi(&y, n_out)?.into_iter();
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
