//! What the sampling-based methods share: sample matrices on the unit hypercube, uniform bounds to map them
//! onto, model evaluation (in parallel with the `parallel` feature) and the bootstrap settings.
//!
//! # Layout
//! A sample matrix is a row-major `Vec<f64>` of `n × d` values: sample `i` is `x[i*d .. (i+1)*d]` (SALib's
//! `X`, one row per model run). Model outputs are row-major `n × k`: output `j` of sample `i` is
//! `y[i*k + j]` (`k = 1` for a scalar model: `y[i]`).
//!
//! Samplers of this crate return points of `[0, 1]^d`; map them through marginals (or [`Bounds::scale`] for
//! uniform factors) before evaluating a model. The analysers take the matrix the model saw.

use crate::{Result, SensitivityError, SensitivityResult};
use statrs::distribution::{ContinuousCDF, Normal};

/// Independent uniform factors `x_j ~ U(lo_j, hi_j)`, the usual SALib problem (`"bounds"`), with names.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounds {
    bounds: Vec<(f64, f64)>,
    names: Vec<String>,
}

impl Bounds {
    /// Factors with these bounds (at least one, each finite with `lo < hi`), named `x1 … xd`.
    pub fn new(bounds: Vec<(f64, f64)>) -> Result<Self> {
        if bounds.is_empty() {
            return Err(SensitivityError::TooFew {
                method: "bounds",
                what: "factors",
                needed: 1,
                got: 0,
                reason: "a model needs at least one factor",
            });
        }
        if let Some(i) = bounds
            .iter()
            .position(|(lo, hi)| !(lo.is_finite() && hi.is_finite() && lo < hi))
        {
            return Err(SensitivityError::InvalidParameter {
                method: "bounds",
                parameter: "bounds",
                reason: format!(
                    "factor {i} has bounds ({}, {}): need finite lo < hi",
                    bounds[i].0, bounds[i].1
                ),
            });
        }
        let names = default_names("x", bounds.len());
        Ok(Bounds { bounds, names })
    }

    /// The same factors with names (one per factor).
    pub fn with_names(mut self, names: Vec<String>) -> Result<Self> {
        if names.len() != self.bounds.len() {
            return Err(SensitivityError::DimensionMismatch {
                method: "bounds",
                what: "names",
                expected: self.bounds.len(),
                got: names.len(),
            });
        }
        self.names = names;
        Ok(self)
    }

    /// The number of factors.
    pub fn dim(&self) -> usize {
        self.bounds.len()
    }

    /// The bounds.
    pub fn bounds(&self) -> &[(f64, f64)] {
        &self.bounds
    }

    /// The factor names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Maps a row-major unit-hypercube matrix onto the bounds: `x = lo + u (hi − lo)` (SALib's
    /// `scale_samples` for uniform factors). `unit.len()` must be a multiple of `dim()`; a trailing partial
    /// row is dropped.
    pub fn scale(&self, unit: &[f64]) -> Vec<f64> {
        let d = self.dim();
        let mut out = Vec::with_capacity(unit.len());
        for row in unit.chunks_exact(d) {
            for (u, &(lo, hi)) in row.iter().zip(&self.bounds) {
                out.push(u * (hi - lo) + lo);
            }
        }
        out
    }
}

/// `prefix1 … prefixN`.
pub(crate) fn default_names(prefix: &str, n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("{prefix}{i}")).collect()
}

/// `y` for one output, `y1 … yk` otherwise.
pub(crate) fn output_names(k: usize) -> Vec<String> {
    if k == 1 {
        vec!["y".to_string()]
    } else {
        default_names("y", k)
    }
}

/// Evaluates a scalar model at every row of the row-major matrix `points` (`d` columns), in parallel with the
/// `parallel` feature. A NaN or ±Inf output is an error naming the sample.
pub fn evaluate<F>(model: &F, points: &[f64], d: usize) -> Result<Vec<f64>>
where
    F: Fn(&[f64]) -> f64 + Sync,
{
    let n = check_matrix("evaluate", points, d)?;
    let y = par_map(n, |i| model(&points[i * d..(i + 1) * d]));
    if let Some((i, &v)) = y.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(SensitivityError::NonFiniteOutput {
            sample: i,
            output: 0,
            value: v,
            inputs: points[i * d..(i + 1) * d].to_vec(),
        });
    }
    Ok(y)
}

/// Evaluates a model with `k` outputs at every row of `points`; the result is row-major `n × k`. A model
/// returning another number of outputs, or a non-finite one, is an error naming the sample.
pub fn evaluate_multi<F>(model: &F, points: &[f64], d: usize, k: usize) -> Result<Vec<f64>>
where
    F: Fn(&[f64]) -> Vec<f64> + Sync,
{
    let n = check_matrix("evaluate", points, d)?;
    if k == 0 {
        return Err(SensitivityError::TooFew {
            method: "evaluate",
            what: "outputs",
            needed: 1,
            got: 0,
            reason: "a model needs at least one output",
        });
    }
    let rows = par_map(n, |i| model(&points[i * d..(i + 1) * d]));
    let mut y = Vec::with_capacity(n * k);
    for (i, r) in rows.into_iter().enumerate() {
        if r.len() != k {
            return Err(SensitivityError::OutputLength {
                sample: i,
                expected: k,
                got: r.len(),
            });
        }
        if let Some((j, &v)) = r.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(SensitivityError::NonFiniteOutput {
                sample: i,
                output: j,
                value: v,
                inputs: points[i * d..(i + 1) * d].to_vec(),
            });
        }
        y.extend_from_slice(&r);
    }
    Ok(y)
}

/// Checks a row-major matrix of `d ≥ 1` columns with finite values; returns its number of rows.
pub(crate) fn check_matrix(method: &'static str, x: &[f64], d: usize) -> Result<usize> {
    if d == 0 {
        return Err(SensitivityError::TooFew {
            method,
            what: "factors",
            needed: 1,
            got: 0,
            reason: "a sample matrix needs at least one column",
        });
    }
    if !x.len().is_multiple_of(d) {
        return Err(SensitivityError::DimensionMismatch {
            method,
            what: "sample matrix (a multiple of the number of factors)",
            expected: (x.len() / d + 1) * d,
            got: x.len(),
        });
    }
    if let Some((p, &v)) = x.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(SensitivityError::NonFiniteInput {
            method,
            sample: p / d,
            factor: p % d,
            value: v,
        });
    }
    Ok(x.len() / d)
}

/// Checks model outputs for `n` samples and `k ≥ 1` outputs (row-major), all finite.
pub(crate) fn check_outputs(method: &'static str, y: &[f64], n: usize, k: usize) -> Result<()> {
    if k == 0 {
        return Err(SensitivityError::TooFew {
            method,
            what: "outputs",
            needed: 1,
            got: 0,
            reason: "give at least one model output per sample",
        });
    }
    if y.len() != n * k {
        return Err(SensitivityError::DimensionMismatch {
            method,
            what: "model outputs Y (samples × outputs)",
            expected: n * k,
            got: y.len(),
        });
    }
    if let Some((p, &v)) = y.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(SensitivityError::NonFiniteOutput {
            sample: p / k,
            output: p % k,
            value: v,
            inputs: Vec::new(),
        });
    }
    Ok(())
}

/// Column `j` of a row-major matrix with `cols` columns.
pub(crate) fn column(m: &[f64], cols: usize, j: usize) -> Vec<f64> {
    m.iter().skip(j).step_by(cols).copied().collect()
}

/// `f(0), …, f(n − 1)`, in parallel with the `parallel` feature.
pub(crate) fn par_map<T, F>(n: usize, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..n).into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        (0..n).map(f).collect()
    }
}

/// Bootstrap settings shared by the methods that resample: the number of resamples, the confidence level
/// of the intervals and the seed of the ChaCha8 generator that draws them.
///
/// The interval is SALib's: `estimate ± z_{(1+c)/2} · sd`, `sd` the sample standard deviation (ddof 1) of
/// the resampled estimates, `z` the standard normal quantile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    resamples: usize,
    confidence: f64,
    seed: u64,
}

impl Default for Bootstrap {
    /// 100 resamples, 95 % intervals, seed 0 (SALib's defaults, seeded).
    fn default() -> Self {
        Bootstrap {
            resamples: 100,
            confidence: 0.95,
            seed: 0,
        }
    }
}

impl Bootstrap {
    /// `resamples` (0 for no intervals, otherwise at least 2), `confidence` in `(0, 1)`, `seed`.
    pub fn new(resamples: usize, confidence: f64, seed: u64) -> Result<Self> {
        if resamples == 1 {
            return Err(SensitivityError::InvalidParameter {
                method: "bootstrap",
                parameter: "resamples",
                reason: "1 resample has no spread: use 0 (no intervals) or at least 2".into(),
            });
        }
        if !(confidence > 0.0 && confidence < 1.0) {
            return Err(SensitivityError::InvalidParameter {
                method: "bootstrap",
                parameter: "confidence",
                reason: format!("{confidence} is not in (0, 1)"),
            });
        }
        Ok(Bootstrap {
            resamples,
            confidence,
            seed,
        })
    }

    /// No resampling, no intervals.
    pub fn none() -> Self {
        Bootstrap {
            resamples: 0,
            ..Bootstrap::default()
        }
    }

    /// The number of resamples.
    pub fn resamples(&self) -> usize {
        self.resamples
    }

    /// The confidence level.
    pub fn confidence(&self) -> f64 {
        self.confidence
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// `z_{(1+c)/2}`.
    pub(crate) fn z(&self) -> f64 {
        z_value(self.confidence)
    }
}

pub(crate) fn z_value(confidence: f64) -> f64 {
    // Normal::new(0, 1) cannot fail.
    Normal::new(0.0, 1.0).map_or(1.959_963_984_540_054, |n| {
        n.inverse_cdf(0.5 + confidence / 2.0)
    })
}

/// The sample standard deviation (ddof 1); 0 for fewer than two values.
pub(crate) fn std_ddof1(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return 0.0;
    }
    let m = v.iter().sum::<f64>() / v.len() as f64;
    (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
}

/// A seed per (factor, output) task derived from a base seed (SplitMix64), so results do not depend on the
/// number of threads.
pub(crate) fn task_seed(seed: u64, task: usize) -> u64 {
    let mut z = seed.wrapping_add((task as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The sample of the `analyze_model` conveniences: a seeded Latin hypercube of `n` rows mapped through
/// `bounds`, with `k` outputs of `eval` per row; `analyze(x, d, y, k)` then runs the method and the
/// result is named after the bounds' factors.
pub(crate) fn analyze_lhs(
    bounds: &Bounds,
    n: usize,
    seed: u64,
    k: usize,
    eval: impl FnOnce(&[f64], usize) -> Result<Vec<f64>>,
    analyze: impl FnOnce(&[f64], usize, &[f64], usize) -> Result<SensitivityResult>,
) -> Result<SensitivityResult> {
    let d = bounds.dim();
    let x = bounds.scale(&crate::lhs::LatinHypercube::new(n)?.sample(d, seed)?);
    let y = eval(&x, d)?;
    let mut r = analyze(&x, d, &y, k)?;
    r.factors = bounds.names().to_vec();
    Ok(r)
}
