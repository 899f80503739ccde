//! Global sensitivity analysis of any model: a closure from a factor vector to one or more outputs.
//!
//! Nothing here is specific to composite indices; `mfg-quality-composite`'s uncertainty module analyses its
//! pipelines through this crate.
//!
//! # What it offers
//! - [`sobol`]: variance-based first-order, total and second-order indices (Saltelli 2010 design on
//!   Owen-scrambled Sobol points, Saltelli / Jansen estimators, bootstrap intervals), for scalar, vector,
//!   fallible and batched (block-of-rows) models, streamed so that millions of runs fit in memory, and
//!   [`sobol::sobol_convergence`] tables of the indices against `N`;
//! - [`morris`]: Morris elementary effects (μ, μ*, σ and the bootstrap interval of μ*) on trajectory
//!   designs (with Campolongo's optimised trajectories, groups of factors and scaled effects) and on
//!   radial designs;
//! - [`marginal`]: the factors' distributions (uniform, normal, discrete, triangular, log-uniform,
//!   lognormal, truncated normal) mapped from the unit hypercube by their inverse CDFs;
//! - [`parallel`]: chunked runs with progress and cancellation ([`Control`]), and the one place that
//!   decides how an analysis's outer loop and a model's inner kernels share the thread pool
//!   ([`parallel::Schedule`]).
//!
//! # One result shape
//! Every method returns (or converts to) a [`SensitivityResult`]: the method, the factor and output names,
//! and a list of [`IndexEstimate`]s (factor, output, [`Measure`], estimate, optional confidence interval).
//! [`SensitivityResult::write_csv_str`] gives the tidy table (one row per factor × output × measure).
//!
//! # Methods on the unit hypercube
//! Samplers return row-major points of `[0, 1]^D` (sample `i` is `x[i*D .. (i+1)*D]`); map them through
//! marginals (or [`unit_cube::Bounds::scale`] for uniform factors), evaluate the model, and give the
//! analyser the matrix the model saw and its outputs (row-major `N × K` for `K` outputs). Every method also
//! has an `analyze_model` convenience that samples, evaluates a closure (in parallel with the `parallel`
//! feature) and analyses.
//!
//! | module | method | sample | measures |
//! |---|---|---|---|
//! | [`fast`] | eFAST (Saltelli, Tarantola & Chan 1999) | its own search curves | S1, ST |
//! | [`rbd_fast`] | RBD-FAST (Tarantola, Gatelli & Mara 2006; Plischke 2010) | any ([`lhs`]) | S1 |
//! | [`delta`] | δ (Borgonovo 2007; Plischke, Borgonovo & Smith 2013) | any ([`lhs`]) | δ, S1 |
//! | [`pawn`] | PAWN (Pianosi & Wagener 2015) | any ([`lhs`]) | KS min / mean / median / max / CV |
//! | [`lhs`] | Latin hypercube (McKay, Beckman & Conover 1979) | — | — |
//!
//! Each is checked against SALib fed the same sample matrices (`tests/data/`), and [`test_functions`]
//! holds the benchmark functions with analytic indices.
//!
//! # Errors
//! [`SensitivityError`]: bad settings are refused when a design is built; data-dependent failures (a
//! non-finite model output, naming the sample) when it is evaluated or analysed. `kind()` maps every variant
//! onto the workspace's shared [`ErrorKind`](mfg_quality_indicators::ErrorKind).
//!
//! # Features
//! `parallel` (default): evaluate designs and bootstrap on all cores with rayon; results are identical at
//! any thread count.

pub mod delta;
pub mod error;
pub mod fast;
pub mod lhs;
pub mod marginal;
pub mod morris;
pub mod parallel;
pub mod pawn;
pub mod rbd_fast;
pub mod result;
pub mod sobol;
mod spectrum;
pub mod test_functions;
pub mod unit_cube;

pub use error::{ModelError, Result, SensitivityError};

// The crate README's example, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
pub use marginal::{Mapper, Marginal};
pub use parallel::Control;
pub use result::{IndexEstimate, Interval, Measure, Method, SensitivityResult};

/// The main types and functions in one import: `use mfg_quality_sensitivity::prelude::*;` (also part of
/// `mfg_quality::prelude`). Its names do not clash with the other crates' preludes (`SobolSettings` is the
/// same item as composite's re-export).
pub mod prelude {
    pub use crate::error::SensitivityError;
    pub use crate::marginal::Marginal;
    pub use crate::morris::{
        MorrisDesign, MorrisGroupIndices, MorrisIndices, MorrisSettings, RadialSettings,
    };
    pub use crate::result::{IndexEstimate, Measure, Method, SensitivityResult};
    pub use crate::sobol::{
        SobolDesign, SobolGroup, SobolIndices, SobolInput, SobolSettings, sobol_convergence,
    };
}
