//! Variance-based (Sobol) global sensitivity analysis, generic over a model closure.
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
//! `0..D`, `B` uses `D..2D` (so `2D ≤ 256`, and `N ≤ 2^16`). For each factor `i`, `A_B^(i)` is `A` with the
//! columns of factor `i` taken from `B`; with second order, `B_A^(i)` is `B` with the columns of `i` taken
//! from `A`. The model runs on `A`, `B`, every `A_B^(i)` (and every `B_A^(i)`): `N(d + 2)` runs, or
//! `N(2d + 2)` with second order, as SALib's `sobol` sampler. The rows of [`SobolDesign::points`] are in
//! blocks of `N`: `A`, `B`, `A_B^(1..d)`, then `B_A^(1..d)`.
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
//! # Negative and > 1 estimates
//! These are Monte Carlo estimators of non-negative quantities, and at small `N` they can be negative (a
//! factor with `S_i ≈ 0`) or exceed 1. The raw estimates are always reported; [`SobolIndices::clipped`] gives
//! a view clipped to `[0, 1]` for display. The error shrinks as `N` grows (at about `N^(-1/2)` or faster on
//! Sobol points: see the `sensitivity_convergence` test), so a noticeably negative index means `N` is too
//! small for that factor, and its bootstrap interval should straddle 0.
//!
//! # Confidence intervals
//! Bootstrap over the `N` base rows (Efron & Tibshirani 1993; Archer, Saltelli & Sobol 1997): each of
//! `resamples` resamples draws `N` row indices with replacement (a ChaCha8 stream per resample, so the
//! result does not depend on the thread count) and recomputes every estimator, including `V`.
//! [`CiMethod::Normal`] (the default, SALib's `conf = z · sd`) reports `estimate ± z_{1−α/2} · sd`;
//! [`CiMethod::Percentile`] reports the `α/2` and `1 − α/2` quantiles (type 7) of the resampled estimates.
//! SALib uses 100 resamples by default, as does [`Bootstrap::default`]. Resampling rows of a Sobol design
//! breaks its stratification, so the intervals reflect the error of random sampling and are conservative
//! (wider than the actual error of the scrambled-Sobol estimate). All resamples are evaluated at once as
//! one matrix product (multiplicities × per-row terms, nalgebra), which is why they are cheap.
//!
//! # Discrete factors
//! A factor with `k` choices and probabilities `p₁, …, p_k` (summing to 1) maps a coordinate `u ∈ [0, 1)` to
//! the first choice `c` with `u < P_c`, where `P_c = p₁ + … + p_c` is the cumulative probability
//! ([`choose`]); the last cumulative probability is set to exactly 1.
//!
//! # Example: the Ishigami function
//! ```
//! use mfg_quality_composite::sensitivity::{Marginal, SobolDesign, SobolInput, SobolSettings};
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
//! # Ok::<(), mfg_quality_composite::CompositeError>(())
//! ```
//!
//! # References
//! - Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M., Tarantola, S. (2010). Variance based
//!   sensitivity analysis of model output. *Computer Physics Communications* 181, 259–270.
//! - Jansen, M. J. W. (1999). Analysis of variance designs for model output. *Comput. Phys. Commun.* 117, 35–43.
//! - Saltelli, A. (2002). Making best use of model evaluations to compute sensitivity indices. *Comput. Phys.
//!   Commun.* 145, 280–297.
//! - Burley, B. (2020). Practical hash-based Owen scrambling. *J. Computer Graphics Techniques* 9(4).
//! - Herman, J., Usher, W. (2017). SALib: an open-source Python library for sensitivity analysis. *JOSS* 2(9).

use std::fmt;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use mfg_quality_indicators::stats::{self, VarianceKind};
use nalgebra::DMatrix;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::{CompositeError, Result};

/// The most points `sobol_burley` 0.5 gives per sequence (`2^16`); `N` may not exceed it.
pub const MAX_POINTS: usize = 1 << 16;
/// The most dimensions `sobol_burley` 0.5 gives; the design needs `2D` of them (`A` and `B`).
pub const MAX_DIMENSIONS: usize = 256;
/// Tolerance on the sum of a discrete factor's probabilities.
pub const PROBABILITY_TOLERANCE: f64 = 1e-9;

mod chunks;
mod design;
mod estimate;
mod evaluate;
mod indices;
mod marginal;
#[cfg(test)]
mod tests;

pub use chunks::Control;
pub(crate) use chunks::run_chunks;
pub use design::{Bootstrap, CiMethod, SobolDesign, SobolGroup, SobolInput, SobolSettings};
pub use indices::{Estimate, Interval, SecondOrder, SobolIndices};
pub(crate) use marginal::Mapper;
pub use marginal::{Marginal, choose, cumulative};
