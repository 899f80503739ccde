//! # mfg-quality-composite
//!
//! The composite-index pipeline of the OECD/JRC *Handbook on Constructing Composite Indicators* (2008):
//! screen → impute → treat outliers → normalise → weight → aggregate over a [`Framework`] hierarchy, with
//! ranks, contributions, multivariate analysis, Monte Carlo uncertainty and Sobol sensitivity analysis.
//! Vocabulary and defaults follow COINr (R); methods are checked against COINr, Compind, pymcdm,
//! scikit-criteria and SALib on published cases.
//!
//! | module | what it offers |
//! |---|---|
//! | [`screen`] | data availability per unit and indicator; drop or flag below a threshold (COINr `Screen`) |
//! | [`impute`] | indicator / group mean or median, last observation carried forward, linear interpolation, with a report of every imputed cell |
//! | [`treat`] | e1071 type-2 skewness and kurtosis, the \|skew\| > 2 & kurtosis > 3.5 rule, iterative winsorisation, log fallback (COINr `Treat`) |
//! | [`normalise`] | min-max, z-score, goalposts (HDI), ratio to a benchmark (Manufacturing Power Index), distance to a reference, ranks, percentiles, categories, above/below mean, log / Box-Cox, custom closures — polarity-aware |
//! | [`weights`] | equal, explicit, AHP (eigenvector, λmax, CI, CR with three RI tables, Harker completion), entropy, CRITIC, sd, CV, PCA/factor (varimax), Benefit-of-the-Doubt (LP) |
//! | [`aggregate`] | weighted arithmetic, geometric, harmonic and power means, Mazziotta–Pareto MPI/AMPI, OWA, TOPSIS, VIKOR, Borda, Copeland, Condorcet–Kemeny |
//! | [`pipeline`] | [`PipelineConfig`](pipeline::PipelineConfig): the whole configuration as serde data; `run` on a panel |
//! | [`results`] | [`Results`](results::Results): scores per node × unit × period, ranks, rank changes, contributions, tiers, strongest/weakest pillar, tidy CSV |
//! | [`analysis`] | Pearson/Spearman correlation matrices with p-values, Cronbach's α with item statistics, PCA summary |
//! | [`pca`] | principal components of the correlation or covariance matrix (nalgebra) |
//! | [`uncertainty`] | Monte Carlo over weights, thresholds, goalposts and method choices: rank bands, failures reported, seeded and thread-count independent |
//! | [`sensitivity`] | Sobol first-, second- and total-order indices (Saltelli 2010, Jansen 1999) on scrambled Sobol points, bootstrap CIs, generic over any model (re-exported from `mfg-quality-sensitivity`) |
//! | [`error`] | [`CompositeError`], naming unit, indicator, node and factor |
//!
//! ```
//! use mfg_quality_composite::pipeline::PipelineConfig;
//! use mfg_quality_indicators::{Framework, Indicator, NodeSpec, Panel, Polarity, Unit};
//!
//! // Two pillars; the loss rate is "lower is better".
//! let fw = Framework::new(NodeSpec::group("Q", "Quality index", "质量指数", vec![
//!     NodeSpec::group("P1", "Efficiency", "效益", vec![
//!         NodeSpec::leaf(Indicator::new("profit", "Cost-expense profit rate", "成本费用利润率")),
//!         NodeSpec::leaf(Indicator::new("loss", "Quality loss rate", "质量损失率")
//!             .with_polarity(Polarity::Negative)),
//!     ]),
//!     NodeSpec::group("P2", "Conformity", "合格", vec![
//!         NodeSpec::leaf(Indicator::new("pass", "Spot-check pass rate", "国家监督抽查合格率")),
//!     ]),
//! ])).unwrap();
//! let panel = Panel::from_dense(
//!     vec![Unit::new("A"), Unit::new("B"), Unit::new("C")],
//!     vec!["profit".into(), "loss".into(), "pass".into()], vec![2015],
//!     vec![6.0, 8.0, 7.0, /* loss */ 1.2, 0.8, 1.0, /* pass */ 90.0, 95.0, 92.0],
//!     vec![true; 9]).unwrap();
//! let results = PipelineConfig::new(fw).run(&panel).unwrap(); // min-max, explicit weights, arithmetic
//! assert_eq!(results.rank("B", "Q", 2015).unwrap(), Some(1.0));
//! ```
//!
//! [`Framework`]: mfg_quality_indicators::Framework
#![deny(missing_docs)]

pub mod aggregate;
pub mod analysis;
mod covariance;
pub mod error;
pub(crate) use mfg_quality_kernels as fastmath;
pub mod impute;
pub mod normalise;
pub mod pca;
pub mod pipeline;
mod plan_macro;
pub mod results;
pub mod screen;
pub mod sensitivity;
mod strict;
pub mod treat;
pub mod uncertainty;
pub mod weights;

pub use error::{CompositeError, Result};

/// The largest memory a single user-sized request of this crate may allocate (8 GiB): a Monte Carlo run's
/// replications, a Sobol analysis's model outputs and bootstrap matrix. The size is computed from the
/// request before anything is allocated, and a larger one is [`CompositeError::TooMuchMemory`] (a failed
/// allocation would abort the whole process instead). It guards against requests that cannot be meant
/// (`2^40` replications), not a memory budget: split a larger analysis into several runs.
pub const MAX_ALLOCATION_BYTES: u64 = 1 << 33;

/// Checks that `count` items of `bytes_each` bytes stay within [`MAX_ALLOCATION_BYTES`].
pub(crate) fn check_allocation(
    method: &'static str,
    parameter: &'static str,
    size: usize,
    count: u128,
    bytes_each: u128,
) -> Result<()> {
    let bytes = count.saturating_mul(bytes_each);
    if bytes > u128::from(MAX_ALLOCATION_BYTES) {
        return Err(CompositeError::TooMuchMemory {
            method,
            parameter,
            size,
            bytes: u64::try_from(bytes).unwrap_or(u64::MAX),
            limit: MAX_ALLOCATION_BYTES,
        });
    }
    Ok(())
}

/// With the `parallel` feature, the matrix kernels that split their work over rayon's threads (by
/// blocks of rows or by columns: the covariance behind CRITIC/PCA/α/correlations, the column maps of
/// `pipeline::normalise_aggregate_into`) do so only from this many cells (`rows × columns`); below it
/// they run on the calling thread, where rayon's fork-join and the second core's cold caches cost more
/// than they save.
// Not yet a proper sweep: measured only at two sizes with `benches/peers/numpy_compare.py` on the 2-core
// development machine (AMD EPYC, AVX-512) under a load average of 12–20 from other builds. At 10⁶ × 50 =
// 5·10⁷ cells the covariance pass (CRITIC) took 0.81 s with two threads and 0.89 s with one; at 10⁴ × 50
// = 5·10⁵ cells it runs on one thread either way (6.5–10.6 ms wall, 2.5 ms minimum, 2.9 ms of CPU per
// call: a fork-join of ≈ 10–50 µs under that load is affordable there, but a second core was rarely free).
// 2^20 ≈ 10⁶ cells (8 MB, beyond L2) lies between; redo the sweep on an idle machine.
#[cfg(feature = "parallel")]
pub(crate) const PARALLEL_MIN_CELLS: usize = 1 << 20;

/// The fewest cells for which the pipeline's per-run splits (the unit table beside the columns, the
/// columns' normalisation, the leaf groups of a period) go to rayon's pool: below it, and on a pool of one
/// thread, they run on the calling thread. A rayon call from a thread outside the pool waits for a worker
/// to pick the job up even when there is nothing to share, which once made a Monte Carlo run of small
/// pipelines on a one-thread pool several times slower than the same run inside `ThreadPool::install`.
#[cfg(feature = "parallel")]
pub(crate) const PARALLEL_MIN_RUN_CELLS: usize = 1 << 15;

/// Whether per-run work of `cells` cells splits over the pool (`PARALLEL_MIN_RUN_CELLS`, more than one
/// thread): the one decision of [`mfg_quality_sensitivity::parallel::Schedule::inner_split`].
#[cfg(feature = "parallel")]
pub(crate) fn split_run(cells: usize) -> bool {
    mfg_quality_sensitivity::parallel::Schedule::inner_split(cells, PARALLEL_MIN_RUN_CELLS)
}

/// The main types and functions in one import: `use mfg_quality_composite::prelude::*;`.
///
/// Every crate of the workspace has a prelude of the same kind; their names do not clash, so they can be
/// glob-imported together (the facade `mfg_quality::prelude` is their union). The normalisation's
/// [`normalise::Transform`] stays out of it (the regional prelude's `Transform` is the covariate's).
pub mod prelude {
    pub use crate::aggregate::{Aggregation, MissingPolicy};
    pub use crate::error::CompositeError;
    pub use crate::impute::Imputation;
    pub use crate::normalise::Normalisation;
    pub use crate::pipeline::PipelineConfig;
    pub use crate::results::{Results, Tiers};
    pub use crate::screen::Screening;
    pub use crate::sensitivity::SobolSettings;
    pub use crate::treat::OutlierTreatment;
    pub use crate::uncertainty::{
        Factor, FactorKind, MonteCarloSettings, PipelineModel, WeightedChoice, monte_carlo, sobol,
    };
    pub use crate::weights::Weighting;
}
