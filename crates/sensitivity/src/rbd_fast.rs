//! Random-balance-design FAST, RBD-FAST (Tarantola, Gatelli & Mara 2006), with the bias correction of
//! Plischke (2010): first-order indices from any sample (a Latin hypercube, say), as SALib's
//! `rbd_fast.analyze`.
//!
//! # Estimator
//! For factor `i`, order the sample by `x_i` and read the outputs along a periodic curve: the even ranks
//! upwards, then the odd ranks downwards (Plischke 2010's re-ordering, which makes `x_i` a triangle wave of
//! frequency 1 over the runs). With `P_k` the periodogram of the re-ordered, centred outputs,
//! `Ŝ_i = Σ_{k=1}^{M} P_k / Σ_{k≥1} P_k`, and the bias-corrected index is
//! `S_i = Ŝ_i − λ/(1 − λ) (1 − Ŝ_i)`, `λ = 2M / N` (Tarantola et al. 2012). `M` is the number of harmonics
//! (default 10, SALib's).
//!
//! Intervals (SALib's): resamples of `⌊N/2⌋` rows drawn with replacement, each re-analysed with its own `N`;
//! `S ± z sd`.
//!
//! ```
//! use mfg_quality_sensitivity::rbd_fast::RbdFast;
//! use mfg_quality_sensitivity::test_functions::{Ishigami, TestFunction};
//! use mfg_quality_sensitivity::unit_cube::Bounds;
//! use mfg_quality_sensitivity::Measure;
//!
//! let f = Ishigami::default();
//! let bounds = Bounds::new(f.bounds()).unwrap();
//! let r = RbdFast::default().analyze_model(&|x: &[f64]| f.eval(x), &bounds, 4000, 3).unwrap();
//! let s1 = r.column(0, Measure::FirstOrder);
//! assert!((s1[0] - 0.314).abs() < 0.05 && (s1[1] - 0.442).abs() < 0.05 && s1[2].abs() < 0.05);
//! ```

#[cfg(doc)]
use crate::lhs::LatinHypercube;
use crate::spectrum::{Harmonics, dft_table, low_power};
use crate::unit_cube::{self, Bootstrap, Bounds};
use crate::{
    IndexEstimate, Interval, Measure, Method, Result, SensitivityError, SensitivityResult,
};
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

const METHOD: &str = "rbd_fast";

/// Validated RBD-FAST settings: the number of harmonics `M` and the bootstrap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RbdFast {
    m: usize,
    bootstrap: Bootstrap,
}

impl Default for RbdFast {
    /// `M = 10`, SALib's default bootstrap (100 resamples, 95 %), seed 0.
    fn default() -> Self {
        RbdFast {
            m: 10,
            bootstrap: Bootstrap::default(),
        }
    }
}

impl RbdFast {
    /// `m ≥ 1` harmonics.
    pub fn new(m: usize) -> Result<Self> {
        if m == 0 {
            return Err(SensitivityError::InvalidParameter {
                method: METHOD,
                parameter: "M",
                reason: "the number of harmonics must be at least 1 (SALib's default is 10)".into(),
            });
        }
        Ok(RbdFast {
            m,
            bootstrap: Bootstrap::default(),
        })
    }

    /// The same settings with another bootstrap ([`Bootstrap::none`] for no intervals).
    pub fn with_bootstrap(mut self, bootstrap: Bootstrap) -> Self {
        self.bootstrap = bootstrap;
        self
    }

    /// The number of harmonics.
    pub fn m(&self) -> usize {
        self.m
    }

    /// The fewest rows the settings accept: `2M + 1` (so that `λ = 2M/N < 1`), `4M + 2` with a bootstrap
    /// (each resample has `⌊N/2⌋` rows).
    pub fn min_samples(&self) -> usize {
        if self.bootstrap.resamples() > 0 {
            4 * self.m + 2
        } else {
            2 * self.m + 1
        }
    }

    /// Analyses the row-major sample `x` (`d` columns, any design) and its outputs `y` (row-major, `k`
    /// outputs).
    pub fn analyze(&self, x: &[f64], d: usize, y: &[f64], k: usize) -> Result<SensitivityResult> {
        self.check(x, d, y, k)?;
        Ok(self.run(x, d, y, k, None))
    }

    /// Analyses one output with given resamples, `resamples[i]` the row-index sets of factor `i` (SALib
    /// draws them with `rng.choice(N, size=N//2)`), so its intervals can be reproduced exactly.
    pub fn analyze_with_resamples(
        &self,
        x: &[f64],
        d: usize,
        y: &[f64],
        resamples: &[Vec<Vec<usize>>],
    ) -> Result<SensitivityResult> {
        let n = self.check(x, d, y, 1)?;
        if resamples.len() != d {
            return Err(SensitivityError::DimensionMismatch {
                method: METHOD,
                what: "resample sets (one list per factor)",
                expected: d,
                got: resamples.len(),
            });
        }
        if let Some(r) = resamples.iter().find(|r| r.len() != resamples[0].len()) {
            return Err(SensitivityError::DimensionMismatch {
                method: METHOD,
                what: "resamples of a factor (every factor needs as many as the first)",
                expected: resamples[0].len(),
                got: r.len(),
            });
        }
        for set in resamples.iter().flatten() {
            if set.len() <= 2 * self.m {
                return Err(SensitivityError::TooFew {
                    method: METHOD,
                    what: "rows of a resample",
                    needed: 2 * self.m + 1,
                    got: set.len(),
                    reason: "each resample needs more than 2M rows",
                });
            }
            if let Some(&r) = set.iter().find(|&&r| r >= n) {
                return Err(SensitivityError::InvalidParameter {
                    method: METHOD,
                    parameter: "resamples",
                    reason: format!("row {r} is not below N = {n}"),
                });
            }
        }
        Ok(self.run(x, d, y, 1, Some(resamples)))
    }

    /// Draws a seeded Latin hypercube of `n` rows ([`LatinHypercube`]), maps it through `bounds`,
    /// evaluates the scalar `model` (in parallel with the `parallel` feature) and analyses.
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

    fn check(&self, x: &[f64], d: usize, y: &[f64], k: usize) -> Result<usize> {
        let n = unit_cube::check_matrix(METHOD, x, d)?;
        unit_cube::check_outputs(METHOD, y, n, k)?;
        if n < self.min_samples() {
            return Err(SensitivityError::TooFew {
                method: METHOD,
                what: "samples",
                needed: self.min_samples(),
                got: n,
                reason: "RBD-FAST needs N > 2M (and N/2 > 2M for the bootstrap): lower M or add samples",
            });
        }
        for j in 0..k {
            let first = y[j];
            if (0..n).all(|i| y[i * k + j].to_bits() == first.to_bits()) {
                return Err(SensitivityError::ZeroVariance { output: j });
            }
        }
        Ok(n)
    }

    fn run(
        &self,
        x: &[f64],
        d: usize,
        y: &[f64],
        k: usize,
        given: Option<&[Vec<Vec<usize>>]>,
    ) -> SensitivityResult {
        let n = x.len() / d;
        let m = self.m;
        let z = self.bootstrap.z();
        let ks: Vec<usize> = (1..=m).collect();
        // Per task (factor × output): the outputs in factor order and the ranks.
        let prepared = unit_cube::par_map(d * k, |t| {
            let (j, i) = (t / d, t % d);
            let xi = unit_cube::column(x, d, i);
            let yj = unit_cube::column(y, k, j);
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| xi[a].total_cmp(&xi[b]));
            let sorted: Vec<f64> = order.iter().map(|&r| yj[r]).collect();
            let mut rank = vec![0u32; n];
            for (p, &r) in order.iter().enumerate() {
                rank[r] = p as u32;
            }
            (sorted, rank)
        });
        // The point estimates: every task's re-ordered series in one batch.
        let full = Harmonics::new(n, &ks, &dft_table(n));
        let mut series = Vec::with_capacity(d * k * n);
        let totals: Vec<f64> = prepared
            .iter()
            .map(|(sorted, _)| reorder(sorted, &mut series))
            .collect();
        let power = full.power(&series);
        drop(series);
        let s1: Vec<f64> = totals
            .iter()
            .zip(power.chunks(m))
            .map(|(&total, p)| unskew(p, total, m, n))
            .collect();
        // The resamples, in chunks spread over the threads. Own draws: resample `r` of task `t` has its
        // own seeded ChaCha8 stream (⌊N/2⌋ rows with replacement), so results do not depend on the threads.
        let b = match given {
            Some(g) => g.first().map_or(0, Vec::len),
            None => self.bootstrap.resamples(),
        };
        let h = n / 2;
        let half_table = dft_table(h);
        let half = Harmonics::new(h, &ks, &half_table);
        const CHUNK: usize = 25;
        let chunks = b.div_ceil(CHUNK);
        let boot: Vec<Vec<f64>> = unit_cube::par_map(d * k * chunks, |w| {
            let (t, c) = (w / chunks, w % chunks);
            let (sorted, rank) = &prepared[t];
            let mut count = vec![0u32; n];
            let mut buf = vec![0.0; h];
            let mut ranks = Vec::with_capacity(h);
            let mut drawn = Vec::with_capacity(h);
            let mut words = vec![0u32; h];
            let rows = c * CHUNK..b.min((c + 1) * CHUNK);
            let mut batch = Vec::with_capacity(rows.len() * h);
            let mut totals = Vec::with_capacity(rows.len());
            // Resamples of another length than ⌊N/2⌋ (given ones), each on its own.
            let mut single: Vec<(usize, f64)> = Vec::new();
            for r in rows.clone() {
                let idx: &[usize] = match given {
                    Some(g) => &g[t][r],
                    None => {
                        let mut rng = ChaCha8Rng::seed_from_u64(unit_cube::task_seed(
                            self.bootstrap.seed(),
                            t * b + r,
                        ));
                        draw(&mut rng, n, h, &mut words, &mut drawn);
                        &drawn
                    }
                };
                // Order the resample by the full sample's ranks (a counting sort).
                let len = idx.len();
                if buf.len() < len {
                    buf.resize(len, 0.0);
                }
                materialise(idx, rank, &mut count, &mut ranks, sorted, &mut buf[..len]);
                if len == h {
                    totals.push(reorder(&buf[..len], &mut batch));
                } else {
                    let table = dft_table(len);
                    single.push((r, first_order_sorted(&buf[..len], m, &table)));
                }
            }
            let power = half.power(&batch);
            let mut out: Vec<f64> = totals
                .iter()
                .zip(power.chunks(m))
                .map(|(&total, p)| unskew(p, total, m, h))
                .collect();
            for (r, v) in single {
                out.insert(r - rows.start, v);
            }
            out
        });
        let tasks: Vec<IndexEstimate> = prepared
            .iter()
            .enumerate()
            .map(|(t, _)| {
                let s1 = s1[t];
                let half = (b > 0).then(|| {
                    let r: Vec<f64> = boot[t * chunks..(t + 1) * chunks].concat();
                    z * unit_cube::std_ddof1(&r)
                });
                IndexEstimate {
                    factor: t % d,
                    output: t / d,
                    measure: Measure::FirstOrder,
                    estimate: s1,
                    interval: half.map(|h| Interval {
                        lo: s1 - h,
                        hi: s1 + h,
                    }),
                }
            })
            .collect();
        SensitivityResult {
            method: Method::RbdFast,
            factors: unit_cube::default_names("x", d),
            outputs: unit_cube::output_names(k),
            confidence: (b > 0).then_some(self.bootstrap.confidence()),
            evaluations: n,
            indices: tasks,
        }
    }
}

/// `h` unbiased draws from `0..n` into `out`: a block of 32-bit words from the generator, each mapped by
/// Lemire's multiply-shift (Lemire 2019, "Fast random integer generation in an interval", *ACM TOMACS*
/// 29(1)), a rare rejected word replaced by a fresh one.
fn draw(rng: &mut ChaCha8Rng, n: usize, h: usize, words: &mut Vec<u32>, out: &mut Vec<usize>) {
    out.clear();
    let Ok(n32) = u32::try_from(n) else {
        out.extend((0..h).map(|_| rng.random_range(0..n)));
        return;
    };
    words.resize(h, 0);
    rng.fill(&mut words[..]);
    let t = n32.wrapping_neg() % n32;
    out.extend(words.iter().map(|&w| {
        let mut m = u64::from(w) * u64::from(n32);
        while (m as u32) < t {
            m = u64::from(rng.next_u32()) * u64::from(n32);
        }
        (m >> 32) as usize
    }));
}

/// Appends Plischke's re-ordering of `sorted` (the even ranks upwards, then the odd ranks downwards),
/// centred, to `out`; returns the one-sided periodogram's total by Parseval,
/// `Σ_{k=1}^{N−1} |F_k|² = N Σ (y − ȳ)² − |F_0|²`.
fn reorder(sorted: &[f64], out: &mut Vec<f64>) -> f64 {
    let n = sorted.len();
    let mean = sum(sorted) / n as f64;
    let start = out.len();
    out.resize(start + n, 0.0);
    let yp = &mut out[start..];
    let (evens, odds) = yp.split_at_mut(n.div_ceil(2));
    let pairs = sorted.chunks_exact(2);
    if let (Some(&last), Some(e)) = (pairs.remainder().first(), evens.last_mut()) {
        *e = last - mean;
    }
    for ((e, o), pair) in evens.iter_mut().zip(odds.iter_mut().rev()).zip(pairs) {
        *e = pair[0] - mean;
        *o = pair[1] - mean;
    }
    let (f0, ss) = sum_and_squares(yp);
    n as f64 * ss - f0 * f0
}

/// The resample `idx` (rows) sorted by the full sample's ranks, as values of `sorted`, into `buf`: a
/// counting sort (counts per rank, their exclusive prefix sums as each rank's first slot, a scatter).
/// `count` (one per row of the full sample) must be zero and is left zero; `ranks` is scratch.
fn materialise(
    idx: &[usize],
    rank: &[u32],
    count: &mut [u32],
    ranks: &mut Vec<u32>,
    sorted: &[f64],
    buf: &mut [f64],
) {
    ranks.clear();
    ranks.extend(idx.iter().map(|&row| rank[row]));
    for &r in ranks.iter() {
        count[r as usize] += 1;
    }
    let mut acc = 0u32;
    for c in count.iter_mut() {
        let v = *c;
        *c = acc;
        acc += v;
    }
    for &r in ranks.iter() {
        let slot = &mut count[r as usize];
        buf[*slot as usize] = sorted[r as usize];
        *slot += 1;
    }
    count.fill(0);
}

/// `Σ x` with four accumulators (no loop-carried latency chain; vectorised).
fn sum(x: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let mut chunks = x.chunks_exact(4);
    for c in &mut chunks {
        for (a, v) in acc.iter_mut().zip(c) {
            *a += v;
        }
    }
    let tail: f64 = chunks.remainder().iter().sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// `(Σ x, Σ x²)` with four accumulators each.
fn sum_and_squares(x: &[f64]) -> (f64, f64) {
    let (mut s, mut q) = ([0.0; 4], [0.0; 4]);
    let mut chunks = x.chunks_exact(4);
    for c in &mut chunks {
        for i in 0..4 {
            s[i] += c[i];
            q[i] += c[i] * c[i];
        }
    }
    let r = chunks.remainder();
    let (ts, tq) = r.iter().fold((0.0, 0.0), |(a, b), v| (a + v, b + v * v));
    (
        (s[0] + s[1]) + (s[2] + s[3]) + ts,
        (q[0] + q[1]) + (q[2] + q[3]) + tq,
    )
}

/// `S = 2 Σ_{k=1}^{M} |F_k|² / total`, bias-corrected: `S − λ/(1 − λ)(1 − S)`, `λ = 2M / N`.
fn unskew(power: &[f64], total: f64, m: usize, n: usize) -> f64 {
    let s = 2.0 * power.iter().sum::<f64>() / total;
    let lambda = (2 * m) as f64 / n as f64;
    s - lambda / (1.0 - lambda) * (1.0 - s)
}

/// The bias-corrected first-order index from the outputs ordered by the factor (`sorted`), `table` the DFT
/// table of its length.
fn first_order_sorted(sorted: &[f64], m: usize, table: &[(f64, f64)]) -> f64 {
    let mut yp = Vec::with_capacity(sorted.len());
    let total = reorder(sorted, &mut yp);
    unskew(&low_power(&yp, m, table), total, m, sorted.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_is_named() {
        assert!(RbdFast::new(0).is_err());
        let r = RbdFast::new(2).unwrap();
        assert_eq!(r.min_samples(), 10);
        let x: Vec<f64> = (0..18).map(|i| i as f64 / 18.0).collect();
        let y: Vec<f64> = x.iter().map(|v| v * v).collect();
        // 9 rows of 2 columns: too few for M = 2 with a bootstrap.
        assert!(matches!(
            r.analyze(&x, 2, &y[..9], 1),
            Err(SensitivityError::TooFew {
                needed: 10,
                got: 9,
                ..
            })
        ));
        assert!(matches!(
            r.analyze(&x, 2, &y[..8], 1),
            Err(SensitivityError::DimensionMismatch { .. })
        ));
        assert!(r.analyze(&x, 0, &y, 1).is_err());
        let mut xb = x.clone();
        xb[5] = f64::INFINITY;
        assert!(matches!(
            r.analyze(&xb, 2, &y[..9], 1),
            Err(SensitivityError::NonFiniteInput {
                sample: 2,
                factor: 1,
                ..
            })
        ));
    }
}
