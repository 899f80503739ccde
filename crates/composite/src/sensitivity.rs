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

/// How a coordinate `u ∈ [0, 1)` of the unit hypercube maps to a model input (inverse-CDF transform).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "distribution", rename_all = "snake_case")]
pub enum Marginal {
    /// `U(lo, hi)`: `x = lo + u (hi − lo)`. `Uniform { lo: 0, hi: 1 }` passes `u` through unchanged.
    Uniform {
        /// Lower bound.
        lo: f64,
        /// Upper bound (> `lo`).
        hi: f64,
    },
    /// `N(mean, sd²)`: `x = mean + sd Φ⁻¹(u)` (statrs). `u` is clamped to `[2⁻³⁰, 1 − 2⁻³⁰]`, below the
    /// `2⁻²⁴` resolution of the Sobol points, so only `u = 0` is affected.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation (> 0).
        sd: f64,
    },
    /// A choice among `probabilities.len()` options; the input is the 0-based index of the choice, as `f64`
    /// (see [`choose`]).
    Discrete {
        /// Probability of each choice (non-negative, summing to 1).
        probabilities: Vec<f64>,
    },
}

impl Default for Marginal {
    fn default() -> Self {
        Marginal::Uniform { lo: 0.0, hi: 1.0 }
    }
}

/// A validated [`Marginal`], ready to map coordinates.
#[derive(Debug, Clone)]
pub(crate) enum Mapper {
    Uniform(f64, f64),
    Normal(Normal),
    Discrete(Vec<f64>),
}

const NORMAL_CLAMP: f64 = 1.0 / (1u64 << 30) as f64;

impl Mapper {
    pub(crate) fn new(m: &Marginal, factor: &str) -> Result<Self> {
        let bad = |reason: String| CompositeError::InvalidFactor {
            factor: factor.to_string(),
            reason,
        };
        match m {
            Marginal::Uniform { lo, hi } => {
                if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                    return Err(bad(format!(
                        "uniform bounds must be finite with lo < hi, got [{lo}, {hi}]"
                    )));
                }
                Ok(Mapper::Uniform(*lo, *hi))
            }
            Marginal::Normal { mean, sd } => {
                if !(mean.is_finite() && sd.is_finite() && *sd > 0.0) {
                    return Err(bad(format!(
                        "normal needs a finite mean and sd > 0, got mean {mean}, sd {sd}"
                    )));
                }
                let n = Normal::new(*mean, *sd).map_err(|e| bad(e.to_string()))?;
                Ok(Mapper::Normal(n))
            }
            Marginal::Discrete { probabilities } => {
                Ok(Mapper::Discrete(cumulative(factor, probabilities)?))
            }
        }
    }

    #[inline]
    pub(crate) fn map(&self, u: f64) -> f64 {
        match self {
            Mapper::Uniform(lo, hi) => lo + u * (hi - lo),
            Mapper::Normal(n) => n.inverse_cdf(u.clamp(NORMAL_CLAMP, 1.0 - NORMAL_CLAMP)),
            Mapper::Discrete(cum) => choose(cum, u) as f64,
        }
    }
}

/// Validates a discrete factor's probabilities and returns their cumulative sums `P_c = p₁ + … + p_c`,
/// with the last set to exactly 1.
///
/// # Errors
/// [`CompositeError::EmptyChoices`] for an empty list; [`CompositeError::InvalidProbabilities`] for a
/// negative or non-finite probability or a sum differing from 1 by more than [`PROBABILITY_TOLERANCE`].
pub fn cumulative(factor: &str, probabilities: &[f64]) -> Result<Vec<f64>> {
    if probabilities.is_empty() {
        return Err(CompositeError::EmptyChoices {
            factor: factor.to_string(),
        });
    }
    if let Some((k, p)) = probabilities
        .iter()
        .enumerate()
        .find(|(_, p)| !p.is_finite() || **p < 0.0)
    {
        return Err(CompositeError::InvalidProbabilities {
            factor: factor.to_string(),
            reason: format!("probability {k} is {p}"),
        });
    }
    let sum: f64 = probabilities.iter().sum();
    if (sum - 1.0).abs() > PROBABILITY_TOLERANCE {
        return Err(CompositeError::InvalidProbabilities {
            factor: factor.to_string(),
            reason: format!("they sum to {sum}"),
        });
    }
    let mut acc = 0.0;
    let mut cum: Vec<f64> = probabilities
        .iter()
        .map(|p| {
            acc += p;
            acc
        })
        .collect();
    if let Some(last) = cum.last_mut() {
        *last = 1.0;
    }
    Ok(cum)
}

/// The choice a coordinate `u ∈ [0, 1)` selects: the first `c` with `u < P_c` (cumulative probabilities from
/// [`cumulative`]); the last choice for `u ≥ 1`. A choice of probability 0 is never selected.
///
/// ```
/// use mfg_quality_composite::sensitivity::{choose, cumulative};
/// let cum = cumulative("normalisation", &[0.5, 0.25, 0.25]).unwrap();
/// assert_eq!([choose(&cum, 0.1), choose(&cum, 0.5), choose(&cum, 0.8)], [0, 1, 2]);
/// ```
pub fn choose(cumulative: &[f64], u: f64) -> usize {
    cumulative
        .iter()
        .position(|&p| u < p)
        .unwrap_or(cumulative.len().saturating_sub(1))
}

/// A named scalar model input and its distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SobolInput {
    /// Name used in the outputs.
    pub name: String,
    /// Distribution of the input.
    pub marginal: Marginal,
}

impl SobolInput {
    /// A named input.
    pub fn new(name: impl Into<String>, marginal: Marginal) -> Self {
        Self {
            name: name.into(),
            marginal,
        }
    }
}

/// A named factor spanning one or more coordinates that are switched together between `A` and `B`
/// (a group in SALib's terms).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SobolGroup {
    /// Name used in the outputs.
    pub name: String,
    /// Distribution of each coordinate of the group.
    pub marginals: Vec<Marginal>,
}

/// How bootstrap confidence intervals are formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CiMethod {
    /// `estimate ± z_{1−α/2} · sd(bootstrap estimates)`: SALib's `S1_conf`/`ST_conf` (the half-width). Default.
    #[default]
    Normal,
    /// The `α/2` and `1 − α/2` quantiles (Hyndman–Fan type 7) of the bootstrap estimates.
    Percentile,
}

/// Bootstrap settings for the confidence intervals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Bootstrap {
    /// Number of resamples; 0 disables the intervals. Default 100 (SALib's `num_resamples`).
    pub resamples: usize,
    /// Confidence level in (0, 1). Default 0.95.
    pub confidence: f64,
    /// Interval type. Default [`CiMethod::Normal`].
    pub method: CiMethod,
    /// Seed of the resampling (ChaCha8, one stream per resample). Default 0.
    pub seed: u64,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Self {
            resamples: 100,
            confidence: 0.95,
            method: CiMethod::Normal,
            seed: 0,
        }
    }
}

/// Settings of a Sobol analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SobolSettings {
    /// Base sample size `N` (rows of `A` and of `B`); a power of two keeps the Sobol points balanced.
    /// Default 1024.
    pub n: usize,
    /// Also estimate second-order indices (`N(2d + 2)` runs instead of `N(d + 2)`). Default false.
    pub second_order: bool,
    /// Seed of the Owen scrambling (`sobol_burley::sample_4d`'s seed). Default 0.
    pub seed: u32,
    /// Bootstrap confidence intervals.
    pub bootstrap: Bootstrap,
}

impl Default for SobolSettings {
    fn default() -> Self {
        Self {
            n: 1024,
            second_order: false,
            seed: 0,
            bootstrap: Bootstrap::default(),
        }
    }
}

/// Progress reporting and cancellation of a long run (Sobol or Monte Carlo).
///
/// The work is done in chunks of rows; after each chunk `progress(done, total)` is called (from a worker
/// thread under the `parallel` feature, so calls may arrive out of order), and before each chunk the
/// `cancel` flag is read: once it is `true`, the run stops with [`CompositeError::Cancelled`].
#[derive(Clone, Copy, Default)]
pub struct Control<'a> {
    /// Called with (runs done, runs planned).
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
    /// Set to `true` (from any thread) to cancel.
    pub cancel: Option<&'a AtomicBool>,
}

impl fmt::Debug for Control<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Control")
            .field("progress", &self.progress.is_some())
            .field("cancel", &self.cancel.map(|c| c.load(Ordering::Relaxed)))
            .finish()
    }
}

/// Rows per chunk of parallel work.
const CHUNK: usize = 64;

/// Runs `work` over `0..total` in chunks (in parallel under the `parallel` feature), each chunk filling its
/// own vector; the vectors are concatenated in index order, so the result does not depend on the thread
/// count. The first error by index wins.
pub(crate) fn run_chunks<T, F>(total: usize, control: Control<'_>, work: F) -> Result<Vec<T>>
where
    T: Send,
    F: Fn(Range<usize>, &mut Vec<T>) -> Result<()> + Sync,
{
    let n_chunks = total.div_ceil(CHUNK);
    let done = AtomicUsize::new(0);
    let one = |c: usize| -> Result<Vec<T>> {
        if control.cancel.is_some_and(|f| f.load(Ordering::Relaxed)) {
            return Err(CompositeError::Cancelled {
                done: done.load(Ordering::Relaxed),
                total,
            });
        }
        let range = c * CHUNK..((c + 1) * CHUNK).min(total);
        let mut out = Vec::with_capacity(range.len());
        let len = range.len();
        work(range, &mut out)?;
        let now = done.fetch_add(len, Ordering::Relaxed) + len;
        if let Some(p) = control.progress {
            p(now, total);
        }
        Ok(out)
    };
    #[cfg(feature = "parallel")]
    let chunks: Vec<Result<Vec<T>>> = {
        use rayon::prelude::*;
        (0..n_chunks).into_par_iter().map(one).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let chunks: Vec<Result<Vec<T>>> = (0..n_chunks).map(one).collect();
    // A cancellation anywhere is reported as such, with the final count.
    if chunks
        .iter()
        .any(|c| matches!(c, Err(CompositeError::Cancelled { .. })))
    {
        return Err(CompositeError::Cancelled {
            done: done.load(Ordering::Relaxed),
            total,
        });
    }
    let mut all = Vec::with_capacity(total);
    for c in chunks {
        all.extend(c?);
    }
    Ok(all)
}

/// A validated Saltelli design: factors, their coordinates and distributions, and the settings.
#[derive(Debug, Clone)]
pub struct SobolDesign {
    names: Vec<String>,
    groups: Vec<Range<usize>>,
    marginals: Vec<Marginal>,
    mappers: Vec<Mapper>,
    settings: SobolSettings,
}

impl SobolDesign {
    /// A design over scalar inputs (one coordinate each).
    ///
    /// # Errors
    /// See [`SobolDesign::grouped`].
    pub fn new(inputs: Vec<SobolInput>, settings: SobolSettings) -> Result<Self> {
        Self::grouped(
            inputs
                .into_iter()
                .map(|i| SobolGroup {
                    name: i.name,
                    marginals: vec![i.marginal],
                })
                .collect(),
            settings,
        )
    }

    /// The smallest `N` accepted for `d` factors: `max(2, d + 1)` for first and total order,
    /// `max(2, 2d + 1)` with second order.
    ///
    /// This is a floor, not a recommendation: the variance and the bootstrap need two base rows, and the `N`
    /// base rows should outnumber the `d` column swaps `A_B^(i)` (the `2d` swaps `A_B^(i)`, `B_A^(i)` with
    /// second order) that share them. Useful accuracy needs far more (hundreds to thousands; see the
    /// convergence test), and a power of two.
    pub fn minimum_n(d: usize, second_order: bool) -> usize {
        if second_order {
            (2 * d + 1).max(2)
        } else {
            (d + 1).max(2)
        }
    }

    /// A design over factors that may span several coordinates (groups).
    ///
    /// # Errors
    /// - [`CompositeError::TooFew`] with no factor; [`CompositeError::InvalidFactor`] for a factor with no
    ///   coordinate, a duplicate name or invalid distribution bounds; [`CompositeError::EmptyChoices`] and
    ///   [`CompositeError::InvalidProbabilities`] for a discrete marginal;
    /// - [`CompositeError::SampleTooSmall`] if `N` < [`SobolDesign::minimum_n`];
    /// - [`CompositeError::SobolLimit`] if `N > 2^16` or `2D > 256` (D = coordinates);
    /// - [`CompositeError::InvalidParameter`] for a confidence level outside (0, 1).
    pub fn grouped(factors: Vec<SobolGroup>, settings: SobolSettings) -> Result<Self> {
        if factors.is_empty() {
            return Err(CompositeError::TooFew {
                method: "Sobol analysis",
                what: "factors",
                needed: 1,
                got: 0,
            });
        }
        let mut names = Vec::with_capacity(factors.len());
        let mut groups = Vec::with_capacity(factors.len());
        let mut marginals = Vec::new();
        let mut mappers = Vec::new();
        for f in factors {
            if f.marginals.is_empty() {
                return Err(CompositeError::InvalidFactor {
                    factor: f.name,
                    reason: "a factor needs at least one coordinate".into(),
                });
            }
            if names.contains(&f.name) {
                return Err(CompositeError::InvalidFactor {
                    factor: f.name,
                    reason: "duplicate factor name".into(),
                });
            }
            let start = marginals.len();
            for m in &f.marginals {
                mappers.push(Mapper::new(m, &f.name)?);
            }
            marginals.extend(f.marginals);
            groups.push(start..marginals.len());
            names.push(f.name);
        }
        let d = names.len();
        let dims = marginals.len();
        if 2 * dims > MAX_DIMENSIONS {
            return Err(CompositeError::SobolLimit {
                what: "dimensions (2 x the number of coordinates)",
                limit: MAX_DIMENSIONS,
                needed: 2 * dims,
            });
        }
        let minimum = Self::minimum_n(d, settings.second_order);
        if settings.n < minimum {
            return Err(CompositeError::SampleTooSmall {
                order: if settings.second_order {
                    "second order"
                } else {
                    "first and total order"
                },
                factors: d,
                minimum,
                n: settings.n,
            });
        }
        if settings.n > MAX_POINTS {
            return Err(CompositeError::SobolLimit {
                what: "points",
                limit: MAX_POINTS,
                needed: settings.n,
            });
        }
        let c = settings.bootstrap.confidence;
        if !(c > 0.0 && c < 1.0) {
            return Err(CompositeError::InvalidParameter {
                method: "Sobol bootstrap",
                parameter: "confidence",
                reason: format!("must be in (0, 1), got {c}"),
            });
        }
        Ok(Self {
            names,
            groups,
            marginals,
            mappers,
            settings,
        })
    }

    /// Factor names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of factors `d`.
    pub fn n_factors(&self) -> usize {
        self.names.len()
    }

    /// Number of coordinates `D` (≥ d when factors are groups).
    pub fn dimension(&self) -> usize {
        self.marginals.len()
    }

    /// The coordinates of each factor.
    pub fn groups(&self) -> &[Range<usize>] {
        &self.groups
    }

    /// The distribution of each coordinate.
    pub fn marginals(&self) -> &[Marginal] {
        &self.marginals
    }

    /// The settings.
    pub fn settings(&self) -> &SobolSettings {
        &self.settings
    }

    /// Number of model runs: `N(d + 2)`, or `N(2d + 2)` with second order.
    pub fn n_runs(&self) -> usize {
        let d = self.n_factors();
        self.settings.n
            * if self.settings.second_order {
                2 * d + 2
            } else {
                d + 2
            }
    }

    /// Base rows `j` of `A` and `B` (unit coordinates) from the scrambled Sobol sequence.
    fn base_row(&self, j: usize, a: &mut [f64], b: &mut [f64]) {
        let dims = self.dimension();
        let sets = (2 * dims).div_ceil(4);
        for s in 0..sets {
            let v = sobol_burley::sample_4d(j as u32, s as u32, self.settings.seed);
            for (k, x) in v.iter().enumerate() {
                let c = 4 * s + k;
                if c < dims {
                    a[c] = f64::from(*x);
                } else if c < 2 * dims {
                    b[c - dims] = f64::from(*x);
                }
            }
        }
    }

    /// Writes row `r` of the design (unit coordinates) into `out`, given the base rows.
    fn fill_row(&self, r: usize, a: &[f64], b: &[f64], out: &mut [f64]) {
        let n = self.settings.n;
        let d = self.n_factors();
        let block = r / n;
        match block {
            0 => out.copy_from_slice(a),
            1 => out.copy_from_slice(b),
            k if k < 2 + d => {
                out.copy_from_slice(a);
                let g = self.groups[k - 2].clone();
                out[g.clone()].copy_from_slice(&b[g]);
            }
            k => {
                out.copy_from_slice(b);
                let g = self.groups[k - 2 - d].clone();
                out[g.clone()].copy_from_slice(&a[g]);
            }
        }
    }

    /// Row `r` of the design on the unit hypercube.
    pub fn unit_row(&self, r: usize) -> Vec<f64> {
        let dims = self.dimension();
        let (mut a, mut b, mut out) = (vec![0.0; dims], vec![0.0; dims], vec![0.0; dims]);
        self.base_row(r % self.settings.n, &mut a, &mut b);
        self.fill_row(r, &a, &b, &mut out);
        out
    }

    /// Row `r` of the design mapped through the marginals (the model inputs).
    pub fn row(&self, r: usize) -> Vec<f64> {
        let mut x = self.unit_row(r);
        self.map_in_place(&mut x);
        x
    }

    fn map_in_place(&self, x: &mut [f64]) {
        for (v, m) in x.iter_mut().zip(&self.mappers) {
            *v = m.map(*v);
        }
    }

    /// The base matrices `A` and `B` (row-major `N × D` each).
    fn base_matrices(&self) -> (Vec<f64>, Vec<f64>) {
        let (n, dims) = (self.settings.n, self.dimension());
        let mut a = vec![0.0; n * dims];
        let mut b = vec![0.0; n * dims];
        for j in 0..n {
            self.base_row(
                j,
                &mut a[j * dims..(j + 1) * dims],
                &mut b[j * dims..(j + 1) * dims],
            );
        }
        (a, b)
    }

    /// The whole design on the unit hypercube, row-major `n_runs × D`, blocks `A`, `B`, `A_B^(i)`, `B_A^(i)`.
    pub fn unit_points(&self) -> Vec<f64> {
        let (n, dims, runs) = (self.settings.n, self.dimension(), self.n_runs());
        let (a, b) = self.base_matrices();
        let mut out = vec![0.0; runs * dims];
        for r in 0..runs {
            let j = r % n;
            self.fill_row(
                r,
                &a[j * dims..(j + 1) * dims],
                &b[j * dims..(j + 1) * dims],
                &mut out[r * dims..(r + 1) * dims],
            );
        }
        out
    }

    /// The whole design mapped through the marginals (the model inputs), row-major `n_runs × D`.
    pub fn points(&self) -> Vec<f64> {
        let mut p = self.unit_points();
        for row in p.chunks_mut(self.dimension().max(1)) {
            self.map_in_place(row);
        }
        p
    }

    /// Evaluates a vector-valued fallible model on every row of the design (mapped inputs), returning the
    /// outputs row-major `n_runs × n_outputs` and `n_outputs`. Runs in parallel under the `parallel`
    /// feature; the result is the same at any thread count.
    ///
    /// # Errors
    /// [`CompositeError::ModelFailed`] (first failing row), [`CompositeError::OutputLength`],
    /// [`CompositeError::NonFiniteOutput`], [`CompositeError::Cancelled`].
    pub fn evaluate_multi<F>(&self, model: F, control: Control<'_>) -> Result<(Vec<f64>, usize)>
    where
        F: Fn(&[f64]) -> Result<Vec<f64>> + Sync,
    {
        self.evaluate_multi_indexed(|_, x| model(x), control)
    }

    /// [`SobolDesign::evaluate_multi`] with the row index passed to the model.
    pub(crate) fn evaluate_multi_indexed<F>(
        &self,
        model: F,
        control: Control<'_>,
    ) -> Result<(Vec<f64>, usize)>
    where
        F: Fn(usize, &[f64]) -> Result<Vec<f64>> + Sync,
    {
        self.evaluate_multi_batched(
            |start, xs| {
                xs.iter()
                    .enumerate()
                    .map(|(k, x)| model(start + k, x))
                    .collect()
            },
            control,
        )
    }

    /// [`SobolDesign::evaluate_multi`] handing the model a chunk of consecutive rows at once (the first
    /// row's index and the mapped inputs), so that it can share work between them.
    pub(crate) fn evaluate_multi_batched<F>(
        &self,
        model: F,
        control: Control<'_>,
    ) -> Result<(Vec<f64>, usize)>
    where
        F: Fn(usize, &[Vec<f64>]) -> Vec<Result<Vec<f64>>> + Sync,
    {
        let dims = self.dimension();
        let (a_mat, b_mat) = self.base_matrices();
        let rows: Vec<Vec<f64>> = run_chunks(self.n_runs(), control, |range, out| {
            let start = range.start;
            let xs: Vec<Vec<f64>> = range
                .map(|r| {
                    let mut x = vec![0.0; dims];
                    let j = r % self.settings.n;
                    let rows = j * dims..(j + 1) * dims;
                    self.fill_row(r, &a_mat[rows.clone()], &b_mat[rows], &mut x);
                    self.map_in_place(&mut x);
                    x
                })
                .collect();
            for (k, y) in model(start, &xs).into_iter().enumerate() {
                out.push(y.map_err(|e| CompositeError::ModelFailed {
                    sample: start + k,
                    source: Box::new(e),
                })?);
            }
            Ok(())
        })?;
        let n_out = rows.first().map_or(0, Vec::len);
        let mut y = Vec::with_capacity(rows.len() * n_out);
        for (r, row) in rows.iter().enumerate() {
            if row.len() != n_out {
                return Err(CompositeError::OutputLength {
                    sample: r,
                    expected: n_out,
                    got: row.len(),
                });
            }
            y.extend_from_slice(row);
        }
        self.check_finite(&y, n_out)?;
        Ok((y, n_out))
    }

    /// Evaluates a scalar model on every row of the design (mapped inputs), in design order.
    ///
    /// # Errors
    /// [`CompositeError::NonFiniteOutput`] naming the first row where the model gave NaN or ±Inf;
    /// [`CompositeError::Cancelled`].
    pub fn evaluate<F>(&self, model: F, control: Control<'_>) -> Result<Vec<f64>>
    where
        F: Fn(&[f64]) -> f64 + Sync,
    {
        let dims = self.dimension();
        let (a_mat, b_mat) = self.base_matrices();
        let y = run_chunks(self.n_runs(), control, |range, out| {
            let mut x = vec![0.0; dims];
            for r in range {
                let j = r % self.settings.n;
                let rows = j * dims..(j + 1) * dims;
                self.fill_row(r, &a_mat[rows.clone()], &b_mat[rows], &mut x);
                self.map_in_place(&mut x);
                out.push(model(&x));
            }
            Ok(())
        })?;
        self.check_finite(&y, 1)?;
        Ok(y)
    }

    fn check_finite(&self, y: &[f64], n_out: usize) -> Result<()> {
        if let Some(k) = y.iter().position(|v| !v.is_finite()) {
            let sample = k / n_out.max(1);
            return Err(CompositeError::NonFiniteOutput {
                sample,
                output: k % n_out.max(1),
                value: y[k],
                inputs: self.row(sample),
            });
        }
        Ok(())
    }

    /// Samples, evaluates and analyses a scalar model `f(x)` (x = the mapped inputs).
    ///
    /// # Errors
    /// As [`SobolDesign::evaluate`] and [`SobolDesign::analyse`].
    pub fn run<F>(&self, model: F) -> Result<SobolIndices>
    where
        F: Fn(&[f64]) -> f64 + Sync,
    {
        self.run_with(model, Control::default())
    }

    /// [`SobolDesign::run`] with progress reporting and cancellation.
    ///
    /// # Errors
    /// As [`SobolDesign::evaluate`] and [`SobolDesign::analyse`].
    pub fn run_with<F>(&self, model: F, control: Control<'_>) -> Result<SobolIndices>
    where
        F: Fn(&[f64]) -> f64 + Sync,
    {
        let y = self.evaluate(model, control)?;
        self.analyse(&y)
    }

    /// Samples, evaluates and analyses a vector-valued model (e.g. every unit's rank from one pipeline run),
    /// so one design serves all outputs. Returns one result per output: an output that does not vary gets
    /// [`CompositeError::ZeroVariance`] without failing the others.
    ///
    /// # Errors
    /// As [`SobolDesign::evaluate_multi`].
    pub fn run_multi<F>(&self, model: F, control: Control<'_>) -> Result<Vec<Result<SobolIndices>>>
    where
        F: Fn(&[f64]) -> Result<Vec<f64>> + Sync,
    {
        let (y, n_out) = self.evaluate_multi(model, control)?;
        self.analyse_multi(&y, n_out)
    }

    /// Indices of a scalar output `y` given in design order (`y.len() == n_runs`).
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] for a wrong length; [`CompositeError::NonFiniteOutput`];
    /// [`CompositeError::ZeroVariance`] when `V = 0` (the indices are undefined).
    pub fn analyse(&self, y: &[f64]) -> Result<SobolIndices> {
        self.check_len(y.len(), 1)?;
        self.check_finite(y, 1)?;
        let resamples = self.resample_counts();
        self.analyse_column(y, 0, &resamples)
    }

    /// Indices of each of `n_outputs` outputs given row-major (`y[r * n_outputs + k]` = output `k` of row `r`).
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] for a wrong length, [`CompositeError::NonFiniteOutput`]; the
    /// per-output results carry [`CompositeError::ZeroVariance`].
    pub fn analyse_multi(&self, y: &[f64], n_outputs: usize) -> Result<Vec<Result<SobolIndices>>> {
        self.check_len(y.len(), n_outputs)?;
        self.check_finite(y, n_outputs)?;
        let resamples = self.resample_counts();
        let runs = self.n_runs();
        let mut col = vec![0.0; runs];
        Ok((0..n_outputs)
            .map(|k| {
                for (r, c) in col.iter_mut().enumerate() {
                    *c = y[r * n_outputs + k];
                }
                self.analyse_column(&col, k, &resamples)
            })
            .collect())
    }

    fn check_len(&self, len: usize, n_outputs: usize) -> Result<()> {
        if n_outputs == 0 || len != self.n_runs() * n_outputs {
            return Err(CompositeError::InvalidParameter {
                method: "Sobol analysis",
                parameter: "y",
                reason: format!(
                    "expected {} runs x {} outputs = {} values, got {len}",
                    self.n_runs(),
                    n_outputs,
                    self.n_runs() * n_outputs
                ),
            });
        }
        Ok(())
    }

    /// Bootstrap multiplicities, `resamples × N`: resample `b` draws `N` row indices with replacement from a
    /// ChaCha8 generator seeded with the bootstrap seed on stream `b`, and counts how often each row is
    /// drawn.
    fn resample_counts(&self) -> DMatrix<f64> {
        let bs = &self.settings.bootstrap;
        let n = self.settings.n;
        let mut c = DMatrix::<f64>::zeros(bs.resamples, n);
        for b in 0..bs.resamples {
            let mut rng = ChaCha8Rng::seed_from_u64(bs.seed);
            rng.set_stream(b as u64);
            for _ in 0..n {
                c[(b, rng.random_range(0..n))] += 1.0;
            }
        }
        c
    }

    fn analyse_column(
        &self,
        y: &[f64],
        output: usize,
        resamples: &DMatrix<f64>,
    ) -> Result<SobolIndices> {
        let n = self.settings.n;
        let d = self.n_factors();
        let second = self.settings.second_order;
        let mean = stats::mean(y);
        let yc: Vec<f64> = y.iter().map(|v| v - mean).collect();
        // f(A), f(B) all equal: V = 0 exactly (tested on the raw values, free of rounding in the centring).
        if y[..2 * n].iter().all(|v| v.to_bits() == y[0].to_bits()) {
            return Err(CompositeError::ZeroVariance { output });
        }
        let est = estimate(&yc, n, d, second).ok_or(CompositeError::ZeroVariance { output })?;
        let variance = stats::variance(&y[..2 * n], VarianceKind::Population);

        // Every bootstrap mean is a weighted sum Σ_j c_bj F_jk of per-row terms F (N × K), so all of them
        // are one matrix product C F (resamples × K), computed by nalgebra's GEMM.
        let boot: Vec<Option<Raw>> = if resamples.nrows() > 0 {
            let sums = resamples * features(&yc, n, d, second);
            (0..sums.nrows())
                .map(|b| {
                    let row: Vec<f64> = sums.row(b).iter().copied().collect();
                    from_sums(&row, n as f64, d, second)
                })
                .collect()
        } else {
            Vec::new()
        };
        // Resamples in which f(A), f(B) happen to be constant have no defined indices and are left out.
        let boot: Vec<Raw> = boot.into_iter().flatten().collect();
        let bs = &self.settings.bootstrap;
        let z = Normal::new(0.0, 1.0)
            .map(|nd| nd.inverse_cdf(1.0 - (1.0 - bs.confidence) / 2.0))
            .unwrap_or(1.959_963_984_540_054);
        let make = |value: f64, pick: &dyn Fn(&Raw) -> f64| -> Estimate {
            if boot.len() < 2 {
                return Estimate { value, ci: None };
            }
            let vals: Vec<f64> = boot.iter().map(pick).collect();
            let sd = stats::std_dev(&vals, VarianceKind::Sample);
            let (lo, hi) = match bs.method {
                CiMethod::Normal => (value - z * sd, value + z * sd),
                CiMethod::Percentile => {
                    let a = (1.0 - bs.confidence) / 2.0;
                    (stats::quantile(&vals, a), stats::quantile(&vals, 1.0 - a))
                }
            };
            Estimate {
                value,
                ci: Some(Interval {
                    lo,
                    hi,
                    sd,
                    level: bs.confidence,
                    resamples: vals.len(),
                }),
            }
        };
        let first = (0..d)
            .map(|i| make(est.first[i], &|r: &Raw| r.first[i]))
            .collect();
        let total = (0..d)
            .map(|i| make(est.total[i], &|r: &Raw| r.total[i]))
            .collect();
        let mut pairs = Vec::new();
        if second {
            let mut k = 0;
            for i in 0..d {
                for j in i + 1..d {
                    pairs.push(SecondOrder {
                        i,
                        j,
                        estimate: make(est.second[k], &|r: &Raw| r.second[k]),
                    });
                    k += 1;
                }
            }
        }
        Ok(SobolIndices {
            names: self.names.clone(),
            first,
            total,
            second: pairs,
            mean,
            variance,
            n,
            runs: self.n_runs(),
        })
    }
}

/// Raw estimates from one (re)sample of base rows.
struct Raw {
    first: Vec<f64>,
    total: Vec<f64>,
    second: Vec<f64>,
}

/// The point estimates on the centred outputs `yc` (design order); `None` if `V = 0`. `V` is computed in
/// two passes (the bootstrap's [`from_sums`] uses the one-pass form on the same centred values).
fn estimate(yc: &[f64], n: usize, d: usize, second: bool) -> Option<Raw> {
    let m = n as f64;
    let ya = &yc[..n];
    let yb = &yc[n..2 * n];
    let block = |k: usize| &yc[k * n..(k + 1) * n];
    // V: population variance of the stacked f(A), f(B).
    let v = stats::variance(&yc[..2 * n], VarianceKind::Population);
    if v <= 0.0 || !v.is_finite() {
        return None;
    }
    let mut first = Vec::with_capacity(d);
    let mut total = Vec::with_capacity(d);
    for i in 0..d {
        let yab = block(2 + i);
        let (mut s1, mut st) = (0.0, 0.0);
        for j in 0..n {
            let diff = yab[j] - ya[j];
            s1 += yb[j] * diff;
            st += diff * diff;
        }
        first.push(s1 / m / v);
        total.push(st / m / (2.0 * v));
    }
    let mut sec = Vec::new();
    if second {
        let ab_mean: f64 = (0..n).map(|j| ya[j] * yb[j]).sum::<f64>() / m;
        for i in 0..d {
            let yba = block(2 + d + i);
            for k in i + 1..d {
                let yab = block(2 + k);
                let s: f64 = (0..n).map(|j| yba[j] * yab[j]).sum::<f64>() / m;
                sec.push((s - ab_mean) / v - first[i] - first[k]);
            }
        }
    }
    Some(Raw {
        first,
        total,
        second: sec,
    })
}

/// Per-row terms whose weighted column sums give every estimator: `ya + yb`, `ya² + yb²`, then per factor
/// `yb (yab_i − ya)` and `(yab_i − ya)²`, then with second order `ya yb` and per pair `yba_i yab_k`.
fn features(yc: &[f64], n: usize, d: usize, second: bool) -> DMatrix<f64> {
    let pairs = if second { d * (d - 1) / 2 + 1 } else { 0 };
    let k = 2 + 2 * d + pairs;
    let ya = &yc[..n];
    let yb = &yc[n..2 * n];
    let block = |k: usize| &yc[k * n..(k + 1) * n];
    let mut f = DMatrix::<f64>::zeros(n, k);
    for j in 0..n {
        f[(j, 0)] = ya[j] + yb[j];
        f[(j, 1)] = ya[j] * ya[j] + yb[j] * yb[j];
    }
    for i in 0..d {
        let yab = block(2 + i);
        for j in 0..n {
            let diff = yab[j] - ya[j];
            f[(j, 2 + 2 * i)] = yb[j] * diff;
            f[(j, 3 + 2 * i)] = diff * diff;
        }
    }
    if second {
        let base = 2 + 2 * d;
        for j in 0..n {
            f[(j, base)] = ya[j] * yb[j];
        }
        let mut col = base + 1;
        for i in 0..d {
            let yba = block(2 + d + i);
            for kk in i + 1..d {
                let yab = block(2 + kk);
                for j in 0..n {
                    f[(j, col)] = yba[j] * yab[j];
                }
                col += 1;
            }
        }
    }
    f
}

/// The estimators from the weighted sums of [`features`] (`m` = Σ c_j = N); `None` if `V ≤ 0`.
/// `V = Σc(ya² + yb²)/(2m) − μ²` (one pass; the outputs are centred, so `μ ≈ 0`).
fn from_sums(s: &[f64], m: f64, d: usize, second: bool) -> Option<Raw> {
    let mu = s[0] / (2.0 * m);
    let v = s[1] / (2.0 * m) - mu * mu;
    if v <= 0.0 || !v.is_finite() {
        return None;
    }
    let first: Vec<f64> = (0..d).map(|i| s[2 + 2 * i] / m / v).collect();
    let total: Vec<f64> = (0..d).map(|i| s[3 + 2 * i] / m / (2.0 * v)).collect();
    let mut sec = Vec::new();
    if second {
        let base = 2 + 2 * d;
        let ab = s[base] / m;
        let mut col = base + 1;
        for i in 0..d {
            for k in i + 1..d {
                sec.push((s[col] / m - ab) / v - first[i] - first[k]);
                col += 1;
            }
        }
    }
    Some(Raw {
        first,
        total,
        second: sec,
    })
}

/// A bootstrap confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// Standard deviation of the bootstrap estimates.
    pub sd: f64,
    /// Confidence level.
    pub level: f64,
    /// Resamples used (those with a zero variance are left out).
    pub resamples: usize,
}

/// One index estimate with its bootstrap interval (`None` when the bootstrap is disabled).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The raw estimate (may be < 0 or > 1 at small N).
    pub value: f64,
    /// The bootstrap interval.
    pub ci: Option<Interval>,
}

impl Estimate {
    fn clipped(&self) -> Self {
        let c = |v: f64| v.clamp(0.0, 1.0);
        Estimate {
            value: c(self.value),
            ci: self.ci.map(|i| Interval {
                lo: c(i.lo),
                hi: c(i.hi),
                ..i
            }),
        }
    }
}

/// A second-order index of the pair of factors `(i, j)`, `i < j`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SecondOrder {
    /// First factor.
    pub i: usize,
    /// Second factor.
    pub j: usize,
    /// `S_ij`.
    pub estimate: Estimate,
}

/// Sobol indices of one scalar output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SobolIndices {
    /// Factor names.
    pub names: Vec<String>,
    /// First-order indices `S_i` (Saltelli 2010), raw.
    pub first: Vec<Estimate>,
    /// Total indices `ST_i` (Jansen 1999), raw.
    pub total: Vec<Estimate>,
    /// Second-order indices `S_ij` (Saltelli 2002), empty unless requested.
    pub second: Vec<SecondOrder>,
    /// Mean of the output over all runs.
    pub mean: f64,
    /// `V`: population variance of the stacked `f(A)`, `f(B)`.
    pub variance: f64,
    /// Base sample size `N`.
    pub n: usize,
    /// Model runs.
    pub runs: usize,
}

impl SobolIndices {
    /// The same indices with every estimate and interval bound clipped to `[0, 1]`, for display. The raw
    /// values stay in `self`.
    pub fn clipped(&self) -> Self {
        let mut c = self.clone();
        for e in c.first.iter_mut().chain(c.total.iter_mut()) {
            *e = e.clipped();
        }
        for s in &mut c.second {
            s.estimate = s.estimate.clipped();
        }
        c
    }

    /// The raw first-order values.
    pub fn first_values(&self) -> Vec<f64> {
        self.first.iter().map(|e| e.value).collect()
    }

    /// The raw total values.
    pub fn total_values(&self) -> Vec<f64> {
        self.total.iter().map(|e| e.value).collect()
    }

    /// Whether any raw estimate is negative (a sign that `N` is small for some factor).
    pub fn has_negative(&self) -> bool {
        self.first
            .iter()
            .chain(&self.total)
            .chain(self.second.iter().map(|s| &s.estimate))
            .any(|e| e.value < 0.0)
    }

    /// `S_ij` of the named pair, if second order was computed.
    pub fn second_order(&self, a: &str, b: &str) -> Option<Estimate> {
        let ia = self.names.iter().position(|n| n == a)?;
        let ib = self.names.iter().position(|n| n == b)?;
        let (i, j) = (ia.min(ib), ia.max(ib));
        self.second
            .iter()
            .find(|s| s.i == i && s.j == j)
            .map(|s| s.estimate)
    }
}

impl fmt::Display for SobolIndices {
    /// A table: factor, S1 with its interval, ST with its interval (raw estimates).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.names.iter().map(String::len).max().unwrap_or(6).max(6);
        writeln!(
            f,
            "{:<w$}  {:>8} {:>19}  {:>8} {:>19}",
            "factor", "S1", "interval", "ST", "interval"
        )?;
        let iv = |e: &Estimate| match e.ci {
            Some(i) => format!("[{:>7.4}, {:>7.4}]", i.lo, i.hi),
            None => "-".to_string(),
        };
        for (k, name) in self.names.iter().enumerate() {
            writeln!(
                f,
                "{:<w$}  {:>8.4} {:>19}  {:>8.4} {:>19}",
                name,
                self.first[k].value,
                iv(&self.first[k]),
                self.total[k].value,
                iv(&self.total[k])
            )?;
        }
        for s in &self.second {
            writeln!(
                f,
                "S2({}, {}) = {:.4} {}",
                self.names[s.i],
                self.names[s.j],
                s.estimate.value,
                iv(&s.estimate)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn design(d: usize, n: usize, second: bool) -> SobolDesign {
        let inputs = (0..d)
            .map(|i| SobolInput::new(format!("x{i}"), Marginal::default()))
            .collect();
        SobolDesign::new(
            inputs,
            SobolSettings {
                n,
                second_order: second,
                ..Default::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn layout_swaps_only_the_factor_columns() {
        let s = design(3, 8, true);
        let p = s.unit_points();
        let (n, dims) = (8, 3);
        assert_eq!(p.len(), s.n_runs() * dims);
        assert_eq!(s.n_runs(), 8 * 8);
        let row = |r: usize| &p[r * dims..(r + 1) * dims];
        for j in 0..n {
            let (a, b) = (row(j), row(n + j));
            for i in 0..3 {
                let ab = row((2 + i) * n + j);
                let ba = row((2 + 3 + i) * n + j);
                for c in 0..3 {
                    assert_eq!(ab[c].to_bits(), if c == i { b[c] } else { a[c] }.to_bits());
                    assert_eq!(ba[c].to_bits(), if c == i { a[c] } else { b[c] }.to_bits());
                }
            }
        }
        assert!(p.iter().all(|u| (0.0..1.0).contains(u)));
    }

    #[test]
    fn linear_model_has_exact_shares() {
        // Y = x0 + 2 x1 on U(0,1): V_i ∝ c_i², so S = ST = (0.2, 0.8), no interaction.
        let s = design(2, 1024, false).run(|x| x[0] + 2.0 * x[1]).unwrap();
        assert!((s.first[0].value - 0.2).abs() < 0.01, "{s}");
        assert!((s.first[1].value - 0.8).abs() < 0.01, "{s}");
        assert!((s.total[0].value - 0.2).abs() < 0.01, "{s}");
        assert!((s.total[1].value - 0.8).abs() < 0.01, "{s}");
    }

    #[test]
    fn discrete_mapping_follows_cumulative_probabilities() {
        let cum = cumulative("f", &[0.2, 0.0, 0.8]).unwrap();
        assert_eq!(choose(&cum, 0.0), 0);
        assert_eq!(choose(&cum, 0.199), 0);
        assert_eq!(choose(&cum, 0.2), 2);
        assert_eq!(choose(&cum, 0.999_999), 2);
        assert_eq!(choose(&cum, 1.0), 2);
    }
}
