//! Variance-based (Sobol) global sensitivity analysis of any model closure.
//!
//! A model `Y = f(X₁, …, X_d)` with independent inputs has the variance decomposition
//! `V(Y) = Σ V_i + Σ V_ij + … ` (Sobol 1993). The **first-order index** `S_i = V(E[Y | X_i]) / V(Y)` is the
//! share of the variance that `X_i` explains alone; the **total index** `ST_i = E[V(Y | X_~i)] / V(Y)` adds
//! every interaction involving `X_i`; the **second-order index** `S_ij = V_ij / V(Y)` is the pure interaction
//! of a pair.
//!
//! # Design (Saltelli 2010)
//! Two independent `N × D` matrices `A` and `B` of points on the unit hypercube are taken from one
//! Owen-scrambled Sobol sequence of `2D` dimensions ([`sobol_burley`], Burley 2020): `A` uses dimensions
//! `0..D`, `B` uses `D..2D` (so `2D ≤ 256`). For each factor `i`, `A_B^(i)` is `A` with the columns of
//! factor `i` taken from `B`; with second order, `B_A^(i)` is `B` with the columns of `i` taken from `A`.
//! The model runs on `A`, `B`, every `A_B^(i)` (and every `B_A^(i)`): `N(d + 2)` runs, or `N(2d + 2)` with
//! second order, as SALib's `sobol` sampler. The rows of [`SobolDesign::points`] are in blocks of `N`:
//! `A`, `B`, `A_B^(1..d)`, then `B_A^(1..d)`.
//!
//! `sobol_burley` gives `2^16` points per sequence. Beyond that, base row `j` is point `j mod 2^16` of an
//! independent scrambling (block `⌊j / 2^16⌋`; block 0 uses the design's seed, block `k` the seed
//! `seed ⊕ (k · 0x9E3779B9)`), i.e. the design is a set of replicated randomised-QMC blocks (Owen 1997):
//! each block is unbiased and the estimators average them. Up to `2^16` the design is one sequence.
//!
//! A factor may span several coordinates (a *group*, e.g. all the weights of one node drawn together); the
//! estimators below then give the group's indices (Saltelli et al. 2008, §1.2.15; SALib `groups`).
//!
//! # Estimators
//! The outputs are first centred on their overall mean (as SALib does; the Saltelli 2010 first-order
//! estimator is not shift-invariant and centring reduces its error). With `V` the **population** variance of
//! the `2N` stacked values `f(A)`, `f(B)` (numpy `var`, as SALib; COINr's R `var` divides by `2N − 1`):
//! - first order, Saltelli et al. (2010) Table 2 (b): `S_i = mean_j( f(B)_j (f(A_B^i)_j − f(A)_j) ) / V`;
//! - total order, Jansen (1999), Saltelli et al. (2010) Table 2 (f): `ST_i = mean_j( (f(A)_j − f(A_B^i)_j)² ) / (2V)`;
//! - second order, Saltelli (2002) as in SALib:
//!   `S_ij = mean_k( f(B_A^i)_k f(A_B^j)_k − f(A)_k f(B)_k ) / V − S_i − S_j`.
//!
//! # The smallest sample, negative and > 1 estimates
//! These are Monte Carlo estimators of non-negative quantities; at small `N` they can be negative (a factor
//! with `S_i ≈ 0`), exceed 1, or put `S_i` above `ST_i`. Designs below [`SobolDesign::minimum_n`] —
//! `max(8, d + 1)` base rows, `max(8, 2d + 1)` with second order — are **refused**
//! ([`SensitivityError::TooFew`]): with fewer than 8 rows `V` and each
//! per-factor mean rest on a handful of products, and the estimates are not even ordered (at `N = 3` a
//! two-factor model gives `S1 = 1.055` above `ST = 0.33`); and the `N` rows must outnumber the `d`
//! (`2d`) column swaps that share them. Above the floor, every result carries
//! [`SobolIndices::warnings`]: an estimate outside `[−m, 1 + m]` or an `S_i` above `ST_i + m`
//! (`m` = [`WARNING_MARGIN`]), each a sign that `N` is too small for that factor. The raw estimates are
//! always reported; [`SobolIndices::clipped`] gives a view clipped to `[0, 1]` for display. The error
//! shrinks as `N` grows (at about `N^(-1/2)` or faster on Sobol points; [`sobol_convergence`] tabulates it).
//!
//! # Confidence intervals
//! Bootstrap over the `N` base rows (Efron & Tibshirani 1993; Archer, Saltelli & Sobol 1997): each of
//! `resamples` resamples draws `N` row indices with replacement (a ChaCha8 stream per resample, so the
//! result does not depend on the thread count) and recomputes every estimator, including `V`.
//! [`CiMethod::Normal`] (the default, SALib's `conf = z · sd`) reports `estimate ± z_{1−α/2} · sd`;
//! [`CiMethod::Percentile`] reports the `α/2` and `1 − α/2` quantiles (type 7) of the resampled estimates.
//! SALib uses 100 resamples by default, as does [`Bootstrap::default`]. Resampling rows of a Sobol design
//! breaks its stratification, so the intervals reflect the error of random sampling and are conservative.
//! Every bootstrap mean is a weighted sum of per-row terms, so all resamples are evaluated together as
//! matrix products (multiplicities × per-row terms, nalgebra), over blocks of 8192 base rows so that the
//! memory stays proportional to `N` (the multiplicities are kept as 16-bit counts).
//!
//! # Models and memory
//! [`SobolDesign::run`] takes a scalar closure `Fn(&[f64]) -> f64`, [`SobolDesign::run_vec`] a vector one,
//! [`SobolDesign::run_multi`] a fallible vector one, and [`SobolDesign::run_batched`] a closure that
//! evaluates a whole block of rows at once (a [`Block`], row-major) into a preallocated output slice. The
//! design is streamed: `A` and `B` are kept (as the `f32` the sequence gives, `8ND` bytes), the rows of the
//! `A_B^(i)` are formed chunk by chunk, and the outputs are written into one preallocated vector, so a run
//! needs about `8ND + 8N(d + 2)·outputs + 200N` bytes (`N = 2^20`, `D = 20`: about 0.6 GB).
//!
//! # Example: the Ishigami function
//! ```
//! use mfg_quality_sensitivity::sobol::{SobolDesign, SobolInput, SobolSettings};
//! use mfg_quality_sensitivity::Marginal;
//! use std::f64::consts::PI;
//!
//! let inputs = ["x1", "x2", "x3"]
//!     .map(|n| SobolInput::new(n, Marginal::Uniform { lo: -PI, hi: PI }))
//!     .to_vec();
//! let design = SobolDesign::new(inputs, SobolSettings { n: 1024, ..Default::default() })?;
//! let ishigami = |x: &[f64]| x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin();
//! let s = design.run(ishigami)?;
//! // analytic values (Saltelli et al. 2008): S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437
//! assert!((s.first[0].value - 0.3139).abs() < 0.05 && (s.total[2].value - 0.2437).abs() < 0.05);
//! // the common result shape and its tidy table
//! let table = s.to_result("y").write_csv_str();
//! assert!(table.starts_with("method,output,factor,measure"));
//! # Ok::<(), mfg_quality_sensitivity::SensitivityError>(())
//! ```
//!
//! # References
//! - Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M., Tarantola, S. (2010). Variance based
//!   sensitivity analysis of model output. *Computer Physics Communications* 181, 259–270.
//! - Jansen, M. J. W. (1999). Analysis of variance designs for model output. *Comput. Phys. Commun.* 117, 35–43.
//! - Saltelli, A. (2002). Making best use of model evaluations to compute sensitivity indices. *Comput. Phys.
//!   Commun.* 145, 280–297.
//! - Burley, B. (2020). Practical hash-based Owen scrambling. *J. Computer Graphics Techniques* 9(4).
//! - Owen, A. B. (1997). Scrambled net variance for integrals of smooth functions. *Ann. Statist.* 25(4).
//! - Herman, J., Usher, W. (2017). SALib: an open-source Python library for sensitivity analysis. *JOSS* 2(9).

use std::fmt;
use std::ops::Range;

use mfg_quality_indicators::stats::{self, VarianceKind};
use nalgebra::DMatrix;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::marginal::{Mapper, Marginal};
use crate::parallel::{Control, Stop, map_indexed, run_chunks, run_into};
use crate::result::{IndexEstimate, Interval, Measure, Method, SensitivityResult};
use crate::{ModelError, Result, SensitivityError};

/// The points one `sobol_burley` 0.5 sequence gives (`2^16`); larger designs use replicated scramblings.
pub const POINTS_PER_SEQUENCE: usize = 1 << 16;
/// The largest base sample `N` accepted (`2^26`), a guard against designs that cannot fit in memory.
pub const MAX_POINTS: usize = 1 << 26;
/// The most dimensions `sobol_burley` 0.5 gives; the design needs `2D` of them (`A` and `B`).
pub const MAX_DIMENSIONS: usize = 256;
/// The smallest base sample accepted whatever the number of factors (see the [module docs](self)).
pub const MIN_N: usize = 8;
/// The margin of the [`SobolWarning`]s: an estimate outside `[−0.05, 1.05]`, or `S_i > ST_i + 0.05`
/// (SALib's absolute tolerance in its own tests).
pub const WARNING_MARGIN: f64 = 0.05;

mod convergence;
mod design;
mod estimate;
mod evaluate;
mod indices;
#[cfg(test)]
mod tests;

pub use convergence::{Convergence, ConvergenceRow, sobol_convergence};
pub use design::{
    Bootstrap, CiMethod, SobolDesign, SobolGroup, SobolInput, SobolSettings, from_salib_order,
};
pub use evaluate::{Block, RowError};
pub use indices::{BootstrapInterval, Estimate, SecondOrder, SobolIndices, SobolWarning};
