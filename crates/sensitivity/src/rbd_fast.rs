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
use crate::spectrum::low_power;
use crate::unit_cube::{self, Bootstrap, Bounds};
use crate::{
    IndexEstimate, Interval, Measure, Method, Result, SensitivityError, SensitivityResult,
};
use rand::{Rng, SeedableRng};
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
        let full_table = dft_table(n);
        let half_table = dft_table(n / 2);
        // Per task (factor × output): the point estimate, the outputs in factor order and the ranks.
        let prepared = unit_cube::par_map(d * k, |t| {
            let (j, i) = (t / d, t % d);
            let xi = unit_cube::column(x, d, i);
            let yj = unit_cube::column(y, k, j);
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| xi[a].total_cmp(&xi[b]));
            let sorted: Vec<f64> = order.iter().map(|&r| yj[r]).collect();
            let s1 = first_order_sorted(&sorted, m, &full_table);
            let mut rank = vec![0usize; n];
            for (p, &r) in order.iter().enumerate() {
                rank[r] = p;
            }
            (s1, sorted, rank)
        });
        // The resamples, in chunks spread over the threads. Own draws: resample `r` of task `t` has its
        // own seeded ChaCha8 stream (⌊N/2⌋ rows with replacement), so results do not depend on the threads.
        let b = match given {
            Some(g) => g.first().map_or(0, Vec::len),
            None => self.bootstrap.resamples(),
        };
        const CHUNK: usize = 10;
        let chunks = b.div_ceil(CHUNK);
        let boot: Vec<Vec<f64>> = unit_cube::par_map(d * k * chunks, |w| {
            let (t, c) = (w / chunks, w % chunks);
            let (_, sorted, rank) = &prepared[t];
            let mut count = vec![0u32; n];
            let mut buf = Vec::with_capacity(n);
            let mut table = half_table.clone();
            let mut drawn = Vec::new();
            (c * CHUNK..b.min((c + 1) * CHUNK))
                .map(|r| {
                    let idx: &[usize] = match given {
                        Some(g) => &g[t][r],
                        None => {
                            let mut rng = ChaCha8Rng::seed_from_u64(unit_cube::task_seed(
                                self.bootstrap.seed(),
                                t * b + r,
                            ));
                            drawn.clear();
                            drawn.extend((0..n / 2).map(|_| rng.random_range(0..n)));
                            &drawn
                        }
                    };
                    // Order the resample by the full sample's ranks (a counting pass, no sort).
                    for &row in idx {
                        count[rank[row]] += 1;
                    }
                    buf.clear();
                    for (p, cnt) in count.iter_mut().enumerate() {
                        for _ in 0..*cnt {
                            buf.push(sorted[p]);
                        }
                        *cnt = 0;
                    }
                    if table.len() != buf.len() {
                        table = dft_table(buf.len());
                    }
                    first_order_sorted(&buf, m, &table)
                })
                .collect()
        });
        let tasks: Vec<IndexEstimate> = prepared
            .iter()
            .enumerate()
            .map(|(t, (s1, _, _))| {
                let s1 = *s1;
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

/// `exp(−2πi j/n)`, `j < n`.
fn dft_table(n: usize) -> Vec<(f64, f64)> {
    (0..n)
        .map(|j| {
            let a = -2.0 * std::f64::consts::PI * j as f64 / n as f64;
            (a.cos(), a.sin())
        })
        .collect()
}

/// The bias-corrected first-order index from the outputs ordered by the factor (`sorted`), `table` the DFT
/// table of its length.
fn first_order_sorted(sorted: &[f64], m: usize, table: &[(f64, f64)]) -> f64 {
    let n = sorted.len();
    let mut yp = Vec::with_capacity(n);
    yp.extend(sorted.iter().step_by(2));
    yp.extend(sorted.iter().skip(1).step_by(2).rev());
    let mean = yp.iter().sum::<f64>() / n as f64;
    for v in yp.iter_mut() {
        *v -= mean;
    }
    // Parseval: Σ_{k=1}^{N−1} |F_k|² = N Σ (y − ȳ)² − |F_0|², the one-sided periodogram's total.
    let f0: f64 = yp.iter().sum();
    let total = n as f64 * yp.iter().map(|v| v * v).sum::<f64>() - f0 * f0;
    let low: f64 = 2.0 * low_power(&yp, m, table).iter().sum::<f64>();
    let s = low / total;
    let lambda = (2 * m) as f64 / n as f64;
    s - lambda / (1.0 - lambda) * (1.0 - s)
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
