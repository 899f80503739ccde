//! Borgonovo's moment-independent δ (Borgonovo 2007) with the given-data estimator of Plischke, Borgonovo &
//! Smith (2013), and first-order indices from the same sample, as SALib's `delta.analyze`.
//!
//! # The measure
//! `δ_i = ½ E_{x_i}[ ∫ |f_Y(y) − f_{Y|x_i}(y)| dy ]`, half the expected L¹ distance between the output's
//! density and its density given `x_i`; `0 ≤ δ_i ≤ 1`, zero when `Y` is independent of `x_i`.
//!
//! # Estimator (Plischke et al. 2013, eqs. 26 and 30)
//! Rank the `N` rows by `x_i` (ordinal ranks, ties in row order) and cut the ranks into `M` classes of equal
//! size, `(m_j, m_{j+1}]`, `m = linspace(0, N, M + 1)`, with SALib's default
//! `M = min(⌈N^{2/(7 + tanh((1500 − N)/500))}⌉, 48)`. With `f̂` Gaussian kernel density estimates (Silverman's
//! bandwidth `σ̂ (3N/4)^{−1/5}`, as scipy's `gaussian_kde`) on a grid of 100 points spanning the outputs,
//! `δ̂_i = Σ_j n_j / (2N) ∫ |f̂_Y − f̂_{Y|class j}|` by the trapezoid rule (a class with constant outputs is
//! skipped, as in SALib). The bias-reduced estimate is `δ_i = 2 δ̂_i − mean_b δ̂_i^{(b)}`, `δ̂^{(b)}` the
//! estimate on bootstrap resample `b` (rows drawn with replacement), and the interval is
//! `δ_i ± z sd_b(2δ̂_i − δ̂_i^{(b)})`. Without a bootstrap `δ_i = δ̂_i`.
//!
//! The first-order index from the same classes is `S_i = Σ_j (n_j / N)(ȳ_j − ȳ)² / Var(Y)` (population
//! variance), its interval `S_i ± z sd_b(S_i^{(b)})` over the same resamples.
//!
//! The kernel sums on the grid use an exact three-term recurrence for the Gaussian factors instead of one
//! exponential per grid point (agreeing with direct evaluation to about 1e-13 relative).
//!
//! ```
//! use mfg_quality_sensitivity::delta::Delta;
//! use mfg_quality_sensitivity::test_functions::{Ishigami, TestFunction};
//! use mfg_quality_sensitivity::unit_cube::{Bootstrap, Bounds};
//! use mfg_quality_sensitivity::Measure;
//!
//! let f = Ishigami::default();
//! let bounds = Bounds::new(f.bounds()).unwrap();
//! let delta = Delta::default().with_bootstrap(Bootstrap::new(20, 0.95, 1).unwrap());
//! let r = delta.analyze_model(&|x: &[f64]| f.eval(x), &bounds, 2000, 1).unwrap();
//! let (d, s1) = (r.column(0, Measure::Delta), r.column(0, Measure::FirstOrder));
//! assert!(d[1] > d[0] && d[0] > d[2]);
//! assert!(s1[1] > s1[0] && s1[2] < 0.05);
//! ```

use crate::unit_cube::{self, Bootstrap, Bounds};
use crate::{
    IndexEstimate, Interval, Measure, Method, Result, SensitivityError, SensitivityResult,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::f64::consts::PI;

const METHOD: &str = "delta";
const GRID: usize = 100;

/// Validated delta settings: the number of classes (SALib's rule by default), the smallest class allowed,
/// and the bootstrap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Delta {
    classes: Option<usize>,
    min_class_size: usize,
    bootstrap: Bootstrap,
}

impl Default for Delta {
    /// SALib's class rule, classes of at least 10 rows, SALib's default bootstrap (100 resamples, 95 %), seed 0.
    fn default() -> Self {
        Delta {
            classes: None,
            min_class_size: 10,
            bootstrap: Bootstrap::default(),
        }
    }
}

/// The row-index sets of one factor for [`Delta::analyze_with_resamples`]: the rows of the δ̂ estimate and
/// its bootstrap resamples, and those of the first-order index and its resamples (SALib draws separate
/// sets; [`Delta::analyze`] uses all rows and the same resamples for both).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct DeltaResamples {
    /// Rows of the δ̂ point estimate.
    pub delta_base: Vec<usize>,
    /// Bootstrap resamples for δ.
    pub delta_sets: Vec<Vec<usize>>,
    /// Rows of the first-order point estimate.
    pub s1_base: Vec<usize>,
    /// Bootstrap resamples for the first-order index.
    pub s1_sets: Vec<Vec<usize>>,
}

impl Delta {
    /// `classes`: a fixed number of classes (≥ 2), or `None` for SALib's rule (see
    /// [`default_classes`](Self::default_classes)); `min_class_size ≥ 2`: the fewest rows a class may hold.
    pub fn new(classes: Option<usize>, min_class_size: usize) -> Result<Self> {
        if let Some(c) = classes
            && c < 2
        {
            return Err(SensitivityError::InvalidParameter {
                method: METHOD,
                parameter: "classes",
                reason: format!("{c} classes: at least 2 are needed to condition on a factor"),
            });
        }
        if min_class_size < 2 {
            return Err(SensitivityError::InvalidParameter {
                method: METHOD,
                parameter: "min_class_size",
                reason: format!(
                    "{min_class_size}: a kernel density needs at least 2 rows per class (SALib uses 10)"
                ),
            });
        }
        Ok(Delta {
            classes,
            min_class_size,
            bootstrap: Bootstrap::default(),
        })
    }

    /// The same settings with another bootstrap ([`Bootstrap::none`] for the plain estimate without
    /// intervals).
    pub fn with_bootstrap(mut self, bootstrap: Bootstrap) -> Self {
        self.bootstrap = bootstrap;
        self
    }

    /// SALib's number of classes for `n` rows: `min(⌈n^{2/(7 + tanh((1500 − n)/500))}⌉, 48)`.
    pub fn default_classes(n: usize) -> usize {
        let nf = n as f64;
        let e = 2.0 / (7.0 + ((1500.0 - nf) / 500.0).tanh());
        (nf.powf(e).ceil() as usize).min(48)
    }

    /// The number of classes for `n` rows under these settings.
    pub fn classes(&self, n: usize) -> usize {
        self.classes.unwrap_or_else(|| Delta::default_classes(n))
    }

    fn check_size(&self, n: usize) -> Result<()> {
        let c = self.classes(n);
        if n / c < self.min_class_size {
            return Err(SensitivityError::TooFew {
                method: METHOD,
                what: "rows per class",
                needed: self.min_class_size,
                got: n / c,
                reason: "the sample is too small for its classes: add rows, or set fewer classes",
            });
        }
        Ok(())
    }

    fn check(&self, x: &[f64], d: usize, y: &[f64], k: usize) -> Result<usize> {
        let n = unit_cube::check_matrix(METHOD, x, d)?;
        unit_cube::check_outputs(METHOD, y, n, k)?;
        self.check_size(n)?;
        for j in 0..k {
            let first = y[j];
            if (0..n).all(|i| y[i * k + j].to_bits() == first.to_bits()) {
                return Err(SensitivityError::ZeroVariance { output: j });
            }
        }
        Ok(n)
    }

    /// Analyses the row-major sample `x` (`d` columns, any design) and its outputs `y` (row-major, `k`
    /// outputs): δ (bias-reduced when bootstrapping) and S1 per factor and output.
    pub fn analyze(&self, x: &[f64], d: usize, y: &[f64], k: usize) -> Result<SensitivityResult> {
        let n = self.check(x, d, y, k)?;
        let b = self.bootstrap.resamples();
        let all: Vec<usize> = (0..n).collect();
        let tasks = unit_cube::par_map(d * k, |t| {
            let (j, i) = (t / d, t % d);
            let mut rng = ChaCha8Rng::seed_from_u64(unit_cube::task_seed(self.bootstrap.seed(), t));
            let sets: Vec<Vec<usize>> = (0..b)
                .map(|_| (0..n).map(|_| rng.random_range(0..n)).collect())
                .collect();
            let xi = unit_cube::column(x, d, i);
            let yj = unit_cube::column(y, k, j);
            self.one(&xi, &yj, &all, &sets, &all, &sets)
        });
        Ok(self.assemble(tasks, d, k, n, b > 0))
    }

    /// Analyses one output with given row-index sets per factor (SALib's draws, say), so that SALib's
    /// `delta_raw`, `S1` and their intervals can be reproduced exactly. Every set must have enough rows for
    /// its classes.
    pub fn analyze_with_resamples(
        &self,
        x: &[f64],
        d: usize,
        y: &[f64],
        resamples: &[DeltaResamples],
    ) -> Result<SensitivityResult> {
        let n = self.check(x, d, y, 1)?;
        if resamples.len() != d {
            return Err(SensitivityError::DimensionMismatch {
                method: METHOD,
                what: "resample sets (one per factor)",
                expected: d,
                got: resamples.len(),
            });
        }
        for r in resamples {
            for set in std::iter::once(&r.delta_base)
                .chain(&r.delta_sets)
                .chain(std::iter::once(&r.s1_base))
                .chain(&r.s1_sets)
            {
                self.check_size(set.len())?;
                if let Some(&row) = set.iter().find(|&&row| row >= n) {
                    return Err(SensitivityError::InvalidParameter {
                        method: METHOD,
                        parameter: "resamples",
                        reason: format!("row {row} is not below N = {n}"),
                    });
                }
            }
        }
        let tasks = unit_cube::par_map(d, |i| {
            let xi = unit_cube::column(x, d, i);
            let r = &resamples[i];
            self.one(&xi, y, &r.delta_base, &r.delta_sets, &r.s1_base, &r.s1_sets)
        });
        let boot = resamples
            .iter()
            .any(|r| !r.delta_sets.is_empty() || !r.s1_sets.is_empty());
        Ok(self.assemble(tasks, d, 1, n, boot))
    }

    /// Draws a seeded Latin hypercube of `n` rows, maps it through `bounds`, evaluates the scalar `model`
    /// (in parallel with the `parallel` feature) and analyses.
    pub fn analyze_model<F>(
        &self,
        model: &F,
        bounds: &Bounds,
        n: usize,
        seed: u64,
    ) -> Result<SensitivityResult>
    where
        F: Fn(&[f64]) -> f64 + Sync,
    {
        unit_cube::analyze_lhs(
            bounds,
            n,
            seed,
            1,
            |x, d| unit_cube::evaluate(model, x, d),
            |x, d, y, k| self.analyze(x, d, y, k),
        )
    }

    /// [`analyze_model`](Self::analyze_model) for a model with `k` outputs (row-major results, one
    /// `Vec` of length `k` per sample).
    pub fn analyze_model_multi<F>(
        &self,
        model: &F,
        bounds: &Bounds,
        k: usize,
        n: usize,
        seed: u64,
    ) -> Result<SensitivityResult>
    where
        F: Fn(&[f64]) -> Vec<f64> + Sync,
    {
        unit_cube::analyze_lhs(
            bounds,
            n,
            seed,
            k,
            |x, d| unit_cube::evaluate_multi(model, x, d, k),
            |x, d, y, k| self.analyze(x, d, y, k),
        )
    }

    /// `(δ, δ half-width, S1, S1 half-width)` of one factor and output.
    fn one(
        &self,
        x: &[f64],
        y: &[f64],
        delta_base: &[usize],
        delta_sets: &[Vec<usize>],
        s1_base: &[usize],
        s1_sets: &[Vec<usize>],
    ) -> (f64, Option<f64>, f64, Option<f64>) {
        let (lo, hi) = y
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let grid = linspace(lo, hi, GRID);
        let z = self.bootstrap.z();
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        let take = |set: &[usize], xs: &mut Vec<f64>, ys: &mut Vec<f64>| {
            xs.clear();
            ys.clear();
            xs.extend(set.iter().map(|&r| x[r]));
            ys.extend(set.iter().map(|&r| y[r]));
        };
        take(delta_base, &mut xs, &mut ys);
        let d_hat = calc_delta(&ys, &grid, &xs, self.classes(ys.len()));
        let (delta, delta_half) = if delta_sets.is_empty() {
            (d_hat, None)
        } else {
            let v: Vec<f64> = delta_sets
                .iter()
                .map(|s| {
                    take(s, &mut xs, &mut ys);
                    2.0 * d_hat - calc_delta(&ys, &grid, &xs, self.classes(ys.len()))
                })
                .collect();
            (
                v.iter().sum::<f64>() / v.len() as f64,
                Some(z * unit_cube::std_ddof1(&v)),
            )
        };
        take(s1_base, &mut xs, &mut ys);
        let s1 = sobol_first(&ys, &xs, self.classes(ys.len()));
        let s1_half = (!s1_sets.is_empty()).then(|| {
            let v: Vec<f64> = s1_sets
                .iter()
                .map(|s| {
                    take(s, &mut xs, &mut ys);
                    sobol_first(&ys, &xs, self.classes(ys.len()))
                })
                .collect();
            z * unit_cube::std_ddof1(&v)
        });
        (delta, delta_half, s1, s1_half)
    }

    fn assemble(
        &self,
        tasks: Vec<(f64, Option<f64>, f64, Option<f64>)>,
        d: usize,
        k: usize,
        n: usize,
        boot: bool,
    ) -> SensitivityResult {
        let mut indices = Vec::with_capacity(2 * d * k);
        for (t, (delta, dh, s1, sh)) in tasks.into_iter().enumerate() {
            let (j, i) = (t / d, t % d);
            let iv = |e: f64, h: Option<f64>| {
                h.map(|h| Interval {
                    lo: e - h,
                    hi: e + h,
                })
            };
            indices.push(IndexEstimate {
                factor: i,
                output: j,
                measure: Measure::Delta,
                estimate: delta,
                interval: iv(delta, dh),
            });
            indices.push(IndexEstimate {
                factor: i,
                output: j,
                measure: Measure::FirstOrder,
                estimate: s1,
                interval: iv(s1, sh),
            });
        }
        SensitivityResult {
            method: Method::Delta,
            factors: unit_cube::default_names("x", d),
            outputs: unit_cube::output_names(k),
            confidence: boot.then_some(self.bootstrap.confidence()),
            evaluations: n,
            indices,
        }
    }
}

/// numpy's `linspace(a, b, n)`: `i·step + a`, the last point exactly `b`.
fn linspace(a: f64, b: f64, n: usize) -> Vec<f64> {
    let step = (b - a) / (n - 1) as f64;
    let mut v: Vec<f64> = (0..n).map(|i| i as f64 * step + a).collect();
    v[n - 1] = b;
    v
}

/// The classes of ordinal ranks: `class[p]` for the row at sorted position `p` (rank `p + 1`), ranks in
/// `(m_j, m_{j+1}]`, `m = linspace(0, n, c + 1)`. Returns the sorted order and the class boundaries as
/// positions (`bounds[j] .. bounds[j+1]`).
fn rank_classes(x: &[f64], c: usize) -> (Vec<usize>, Vec<usize>) {
    let n = x.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let m = linspace(0.0, n as f64, c + 1);
    // Position p (rank p + 1) is in class j iff m_j < p + 1 ≤ m_{j+1}.
    let mut bounds = Vec::with_capacity(c + 1);
    bounds.push(0);
    let mut p = 0usize;
    for &edge in &m[1..] {
        while p < n && ((p + 1) as f64) <= edge {
            p += 1;
        }
        bounds.push(p);
    }
    (order, bounds)
}

/// `Σ_j n_j/(2N) ∫ |f̂_Y − f̂_{Y|j}|` (SALib's `calc_delta`); 0 when the outputs are constant.
fn calc_delta(y: &[f64], grid: &[f64], x: &[f64], c: usize) -> f64 {
    let n = y.len();
    let Some(fy) = kde(y, grid) else {
        return 0.0;
    };
    let (order, bounds) = rank_classes(x, c);
    let mut d = 0.0;
    let mut cls: Vec<usize> = Vec::with_capacity(n / c + 2);
    let mut yc = Vec::with_capacity(n / c + 2);
    let mut diff = vec![0.0; grid.len()];
    for w in bounds.windows(2) {
        if w[0] == w[1] {
            continue;
        }
        cls.clear();
        cls.extend_from_slice(&order[w[0]..w[1]]);
        cls.sort_unstable();
        yc.clear();
        yc.extend(cls.iter().map(|&r| y[r]));
        let Some(fc) = kde(&yc, grid) else {
            continue;
        };
        for ((o, a), b) in diff.iter_mut().zip(&fy).zip(&fc) {
            *o = (a - b).abs();
        }
        d += (yc.len() as f64 / (2.0 * n as f64)) * trapezoid(&diff, grid);
    }
    d
}

/// SALib's `sobol_first`: `Σ_j (n_j/N)(ȳ_j − ȳ)² / Var(Y)`; 0 for constant outputs.
fn sobol_first(y: &[f64], x: &[f64], c: usize) -> f64 {
    let n = y.len();
    let (lo, hi) = y
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if hi - lo == 0.0 {
        return 0.0;
    }
    let mean = y.iter().sum::<f64>() / n as f64;
    let var = y.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64;
    let (order, bounds) = rank_classes(x, c);
    let mut vi = 0.0;
    for w in bounds.windows(2) {
        let nm = w[1] - w[0];
        if nm == 0 {
            continue;
        }
        let m = order[w[0]..w[1]].iter().map(|&r| y[r]).sum::<f64>() / nm as f64;
        vi += (nm as f64 / n as f64) * (m - mean) * (m - mean);
    }
    vi / var
}

/// numpy's `trapezoid(f, x)`.
fn trapezoid(f: &[f64], x: &[f64]) -> f64 {
    f.windows(2)
        .zip(x.windows(2))
        .map(|(fw, xw)| (xw[1] - xw[0]) * (fw[0] + fw[1]) / 2.0)
        .sum()
}

/// A Gaussian kernel density of `data` with Silverman's bandwidth (scipy's `gaussian_kde(bw_method =
/// "silverman")`) on the uniform `grid`; `None` when the data are constant (no bandwidth).
///
/// Each datum's factors `exp(−(g_j − x)²/(2σ²))` along the grid follow from the one nearest `x` by the
/// ratios `r_{j+1} = r_j exp(−h²/σ²)`: two exponentials per datum instead of one per grid point.
fn kde(data: &[f64], grid: &[f64]) -> Option<Vec<f64>> {
    let n = data.len();
    if n < 2 {
        return None;
    }
    let mean = data.iter().sum::<f64>() / n as f64;
    let var = data.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64;
    if var <= 0.0 || !var.is_finite() {
        return None;
    }
    let factor = (n as f64 * 0.75).powf(-0.2);
    let sigma = (var * factor * factor).sqrt();
    let g = grid.len();
    let g0 = grid[0];
    let h = (grid[g - 1] - g0) / (g - 1) as f64;
    let mut acc = vec![0.0; g];
    if h <= 0.0 {
        return None;
    }
    let c = h / sigma;
    let q = (-c * c).exp();
    for &xv in data {
        let pos = ((xv - g0) / h).round();
        let j0 = (pos.max(0.0) as usize).min(g - 1);
        let a = (grid[j0] - xv) / sigma;
        let t0 = (-0.5 * a * a).exp();
        acc[j0] += t0;
        // Forward.
        let (mut t, mut r) = (t0, (-a * c - 0.5 * c * c).exp());
        for v in acc.iter_mut().skip(j0 + 1) {
            t *= r;
            if t == 0.0 {
                break;
            }
            *v += t;
            r *= q;
        }
        // Backward.
        let (mut t, mut r) = (t0, (a * c - 0.5 * c * c).exp());
        for v in acc[..j0].iter_mut().rev() {
            t *= r;
            if t == 0.0 {
                break;
            }
            *v += t;
            r *= q;
        }
    }
    let norm = 1.0 / (n as f64 * sigma * (2.0 * PI).sqrt());
    for v in acc.iter_mut() {
        *v *= norm;
    }
    Some(acc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kernel density by one exponential per grid point.
    fn kde_direct(data: &[f64], grid: &[f64]) -> Vec<f64> {
        let n = data.len() as f64;
        let mean = data.iter().sum::<f64>() / n;
        let var = data.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
        let s = (var * (n * 0.75).powf(-0.4)).sqrt();
        grid.iter()
            .map(|g| {
                data.iter()
                    .map(|x| (-0.5 * ((g - x) / s).powi(2)).exp())
                    .sum::<f64>()
                    / (n * s * (2.0 * PI).sqrt())
            })
            .collect()
    }

    #[test]
    fn recurrence_matches_direct_kernel_sums() {
        let data: Vec<f64> = (0..300)
            .map(|i| ((i * 7919 % 1000) as f64 / 100.0).sin() * 3.0 + (i % 7) as f64)
            .collect();
        let lo = data.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = data.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let grid = linspace(lo, hi, 100);
        for sub in [&data[..], &data[..17], &data[100..140]] {
            let a = kde(sub, &grid).unwrap();
            let b = kde_direct(sub, &grid);
            let scale = b.iter().cloned().fold(0.0, f64::max);
            for (u, v) in a.iter().zip(&b) {
                assert!((u - v).abs() <= 1e-13 * scale, "{u} vs {v}");
            }
        }
        assert!(kde(&[1.0, 1.0], &grid).is_none());
    }

    #[test]
    fn classes_and_sizes() {
        assert_eq!(Delta::default_classes(300), 5);
        assert_eq!(Delta::default_classes(1_000_000), 48);
        let (order, b) = rank_classes(&[0.3, 0.1, 0.2, 0.5, 0.4], 2);
        assert_eq!(order, vec![1, 2, 0, 4, 3]);
        assert_eq!(b, vec![0, 2, 5]);
        let d = Delta::default();
        assert!(matches!(
            d.check_size(20),
            Err(SensitivityError::TooFew {
                what: "rows per class",
                ..
            })
        ));
        assert!(Delta::new(Some(1), 10).is_err());
        assert!(Delta::new(None, 1).is_err());
    }
}
