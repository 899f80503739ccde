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
//! own and the results are identical at any thread count (how the replications and the pipeline's own
//! parallel kernels nest is decided in one place, [`mfg_quality_sensitivity::parallel::Schedule`], which
//! the Monte Carlo and Sobol runs both go through). Ranks are computed per replication with
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

mod closure;
mod factor;
mod monte_carlo;
mod pipeline;
mod sobol;

pub use closure::ClosureModel;
pub use factor::{Factor, FactorKind, GoalpostEnd, Threshold, WeightedChoice};
pub use monte_carlo::{
    Failure, MonteCarloSettings, Output, UncertaintyResults, UnitSummary, monte_carlo,
    replication_point,
};
pub use pipeline::PipelineModel;
pub use sobol::{SensitivityOutputs, sobol};

use monte_carlo::{check_scores, mean_abs_shift, nominal_of};

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
#[serde(deny_unknown_fields)]
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
