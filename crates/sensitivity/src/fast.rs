//! The extended Fourier amplitude sensitivity test, eFAST (Cukier et al. 1973; Saltelli, Tarantola & Chan
//! 1999): first-order and total indices from one search curve per factor.
//!
//! # Design
//! For each factor `i` a block of `N` points of `[0,1]^D` along the curve
//! `u_j(s) = ½ + arcsin(sin(ω_j s + φ_i)) / π`, `s_k = 2πk / N` (`k < N`), a random phase `φ_i` per block;
//! factor `i` runs at the high frequency `ω_i = ⌊(N − 1) / (2M)⌋`, the others at low complementary
//! frequencies `ω_~i ≤ m = ⌊ω_i / (2M)⌋` (`⌊linspace(1, m, D − 1)⌋` when `m ≥ D − 1`, else
//! `(0, 1, …) mod m + 1`). The design has `N·D` rows, block after block (SALib's `fast_sampler.sample`).
//!
//! # Estimators
//! With `Λ_k = |F_k|² / N²` the power of the block's outputs at frequency `k` (`F` the DFT),
//! `V = 2 Σ_{k=1}^{⌈N/2⌉−1} Λ_k`, `S_i = 2 Σ_{p=1}^{M} Λ_{pω_i} / V`, and
//! `ST_i = 1 − 2 Σ_{k=1}^{⌊ω_i/2⌋} Λ_k / V` (the complementary set's variance lies below `ω_i / 2`;
//! Saltelli et al. 1999, eq. 21; SALib's `fast.analyze`). `M` is the interference parameter, the number of
//! harmonics summed (default 4); SALib requires `N > 4M²`.
//!
//! # Intervals
//! SALib's bootstrap: each resample is a circular block of `⌈N/2⌉` consecutive points of the search curve
//! starting at a random point, re-analysed with its own `ω = ⌊(⌈N/2⌉ − 1)/(2M)⌋`; the interval is
//! `estimate ± z sd`. SALib warns that this bootstrap is unreliable for (e)FAST (SALib issue 649): treat the
//! intervals as indicative.
//!
//! ```
//! use mfg_quality_sensitivity::fast::Fast;
//! use mfg_quality_sensitivity::test_functions::{Ishigami, TestFunction};
//! use mfg_quality_sensitivity::unit_cube::Bounds;
//! use mfg_quality_sensitivity::Measure;
//!
//! let f = Ishigami::default();
//! let bounds = Bounds::new(f.bounds()).unwrap();
//! let r = Fast::new(2049, 4).unwrap().analyze_model(&|x: &[f64]| f.eval(x), &bounds, 1).unwrap();
//! let s1 = r.column(0, Measure::FirstOrder);
//! assert!((s1[0] - 0.314).abs() < 0.02 && (s1[1] - 0.442).abs() < 0.02);
//! ```

use crate::spectrum::{Harmonics, dft_table};
use crate::unit_cube::{self, Bootstrap, Bounds};
use crate::{
    IndexEstimate, Interval, Measure, Method, Result, SensitivityError, SensitivityResult,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::f64::consts::PI;

const METHOD: &str = "fast";

/// Validated eFAST settings: `N` points per factor, the interference parameter `M`, and the bootstrap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fast {
    n: usize,
    m: usize,
    bootstrap: Bootstrap,
}

impl Fast {
    /// `n` points per factor's search curve and `m` harmonics (`m ≥ 1`, `n > 4m²` as SALib requires: with
    /// fewer points the harmonics of the high frequency overlap the low ones). The bootstrap is SALib's
    /// default (100 resamples, 95 %, seed 0); see [`with_bootstrap`](Self::with_bootstrap).
    pub fn new(n: usize, m: usize) -> Result<Self> {
        if m == 0 {
            return Err(SensitivityError::InvalidParameter {
                method: METHOD,
                parameter: "M",
                reason: "the interference parameter must be at least 1 (SALib's default is 4)"
                    .into(),
            });
        }
        let needed = 4 * m * m + 1;
        if n < needed {
            return Err(SensitivityError::TooFew {
                method: METHOD,
                what: "points per factor (N)",
                needed,
                got: n,
                reason: "eFAST needs N > 4M² for M harmonics: raise N or lower the interference parameter M",
            });
        }
        Ok(Fast {
            n,
            m,
            bootstrap: Bootstrap::default(),
        })
    }

    /// The same settings with another bootstrap ([`Bootstrap::none`] for no intervals).
    pub fn with_bootstrap(mut self, bootstrap: Bootstrap) -> Self {
        self.bootstrap = bootstrap;
        self
    }

    /// Points per factor.
    pub fn n(&self) -> usize {
        self.n
    }

    /// The interference parameter.
    pub fn m(&self) -> usize {
        self.m
    }

    /// The high frequency `ω = ⌊(N − 1) / (2M)⌋`.
    pub fn omega(&self) -> usize {
        (self.n - 1) / (2 * self.m)
    }

    /// The frequencies of block `0` (factor 0 high, the others low), SALib's `omega`.
    pub fn frequencies(&self, d: usize) -> Vec<f64> {
        let w0 = self.omega();
        let m = w0 / (2 * self.m);
        let mut omega = vec![w0 as f64; d.max(1)];
        let rest = d.saturating_sub(1);
        if rest > 0 {
            if m >= rest {
                // numpy's linspace(1, m, rest): start + i·step, the last point exactly m.
                let step = if rest > 1 {
                    (m as f64 - 1.0) / (rest - 1) as f64
                } else {
                    0.0
                };
                for i in 0..rest {
                    let v = if i + 1 == rest && rest > 1 {
                        m as f64
                    } else {
                        i as f64 * step + 1.0
                    };
                    omega[i + 1] = v.floor();
                }
            } else {
                for i in 0..rest {
                    omega[i + 1] = (i % m + 1) as f64;
                }
            }
        }
        omega.truncate(d);
        omega
    }

    /// The design on `[0,1]^d` with phases drawn by a ChaCha8 generator seeded with `seed`
    /// (`φ_i = 2π u_i`): row-major, `N·d` rows of `d` columns, block `i` for factor `i`.
    pub fn sample(&self, d: usize, seed: u64) -> Result<Vec<f64>> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let phases: Vec<f64> = (0..d).map(|_| 2.0 * PI * rng.random::<f64>()).collect();
        self.sample_with_phases(&phases)
    }

    /// The design with given phases, one per factor (SALib draws `φ_i = 2π rng.random()`), so a SALib
    /// design can be rebuilt exactly. Row-major, `N·d` rows.
    pub fn sample_with_phases(&self, phases: &[f64]) -> Result<Vec<f64>> {
        let d = phases.len();
        if d == 0 {
            return Err(too_few_factors());
        }
        if let Some(i) = phases.iter().position(|p| !p.is_finite()) {
            return Err(SensitivityError::InvalidParameter {
                method: METHOD,
                parameter: "phases",
                reason: format!("phase {i} = {} is not finite", phases[i]),
            });
        }
        let n = self.n;
        let omega = self.frequencies(d);
        let ds = 2.0 * PI / n as f64;
        let mut x = vec![0.0; n * d * d];
        let mut w2 = vec![0.0; d];
        for (i, &phi) in phases.iter().enumerate() {
            w2[i] = omega[0];
            let mut r = 1;
            for (j, w) in w2.iter_mut().enumerate() {
                if j != i {
                    *w = omega[r];
                    r += 1;
                }
            }
            for k in 0..n {
                let s = ds * k as f64;
                let row = &mut x[(i * n + k) * d..(i * n + k + 1) * d];
                for (v, &w) in row.iter_mut().zip(&w2) {
                    *v = triangle(w * s + phi);
                }
            }
        }
        Ok(x)
    }

    /// Analyses the outputs `y` of the design for `d` factors and `k` outputs (row-major `N·d × k`, in the
    /// design's row order). Intervals from the settings' bootstrap.
    pub fn analyze(&self, y: &[f64], d: usize, k: usize) -> Result<SensitivityResult> {
        if d == 0 {
            return Err(too_few_factors());
        }
        let starts = self.draw_starts(d * k);
        self.analyze_inner(y, d, k, &starts)
    }

    /// Analyses one output (`k = 1`) with given bootstrap block starts, one list per factor (each start in
    /// `0..N`): SALib's `np.random.randint(0, N)` draws, so its intervals can be reproduced exactly.
    pub fn analyze_with_starts(
        &self,
        y: &[f64],
        d: usize,
        starts: &[Vec<usize>],
    ) -> Result<SensitivityResult> {
        if d == 0 {
            return Err(too_few_factors());
        }
        if starts.len() != d {
            return Err(SensitivityError::DimensionMismatch {
                method: METHOD,
                what: "bootstrap starts (one list per factor)",
                expected: d,
                got: starts.len(),
            });
        }
        if let Some(&s) = starts.iter().flatten().find(|&&s| s >= self.n) {
            return Err(SensitivityError::InvalidParameter {
                method: METHOD,
                parameter: "starts",
                reason: format!("start {s} is not below N = {}", self.n),
            });
        }
        self.analyze_inner(y, d, 1, starts)
    }

    /// Samples (seeded), maps through `bounds`, evaluates the scalar `model` (in parallel with the
    /// `parallel` feature) and analyses.
    pub fn analyze_model<F>(
        &self,
        model: &F,
        bounds: &Bounds,
        seed: u64,
    ) -> Result<SensitivityResult>
    where
        F: Fn(&[f64]) -> f64 + Sync,
    {
        let d = bounds.dim();
        let x = bounds.scale(&self.sample(d, seed)?);
        let y = unit_cube::evaluate(model, &x, d)?;
        let mut r = self.analyze(&y, d, 1)?;
        r.factors = bounds.names().to_vec();
        Ok(r)
    }

    /// [`analyze_model`](Self::analyze_model) for a model with `k` outputs.
    pub fn analyze_model_multi<F>(
        &self,
        model: &F,
        bounds: &Bounds,
        k: usize,
        seed: u64,
    ) -> Result<SensitivityResult>
    where
        F: Fn(&[f64]) -> Vec<f64> + Sync,
    {
        let d = bounds.dim();
        let x = bounds.scale(&self.sample(d, seed)?);
        let y = unit_cube::evaluate_multi(model, &x, d, k)?;
        let mut r = self.analyze(&y, d, k)?;
        r.factors = bounds.names().to_vec();
        Ok(r)
    }

    fn draw_starts(&self, tasks: usize) -> Vec<Vec<usize>> {
        (0..tasks)
            .map(|t| {
                let mut rng =
                    ChaCha8Rng::seed_from_u64(unit_cube::task_seed(self.bootstrap.seed(), t));
                (0..self.bootstrap.resamples())
                    .map(|_| rng.random_range(0..self.n))
                    .collect()
            })
            .collect()
    }

    /// `starts[t]` for task `t = output·d + factor` (or `t = factor` when `k = 1`).
    fn analyze_inner(
        &self,
        y: &[f64],
        d: usize,
        k: usize,
        starts: &[Vec<usize>],
    ) -> Result<SensitivityResult> {
        let n = self.n;
        unit_cube::check_outputs(METHOD, y, n * d, k)?;
        for j in 0..k {
            for i in 0..d {
                let block = (i * n..(i + 1) * n).map(|r| y[r * k + j]);
                let first = y[i * n * k + j];
                if block.clone().all(|v| v.to_bits() == first.to_bits()) {
                    return Err(SensitivityError::ZeroVariance { output: j });
                }
            }
        }
        let half = n.div_ceil(2);
        let z = self.bootstrap.z();
        let omega = self.omega();
        let m = self.m;
        // Every task's search-curve outputs, one series after another (task t = output·d + factor).
        let mut series = Vec::with_capacity(d * k * n);
        for t in 0..d * k {
            let (j, i) = (t / d, t % d);
            series.extend((i * n..(i + 1) * n).map(|r| y[r * k + j]));
        }
        // The point estimates: the few harmonics of every series in one batch.
        let (ks, low) = harmonics(m, omega);
        let power = Harmonics::new(n, &ks, &dft_table(n)).power(&series);
        let points: Vec<(f64, f64)> = series
            .chunks_exact(n)
            .zip(power.chunks_exact(ks.len()))
            .map(|(block, p)| orders(p, low, parseval(block)))
            .collect();
        // The bootstrap: the DFT of each series' first circular block, then a sliding DFT over the starts.
        let w = (half - 1) / (2 * m);
        let (ks_h, low_h) = harmonics(m, w);
        let table_h = dft_table(half);
        let boot = starts.iter().any(|s| !s.is_empty());
        let (mut f_re, mut f_im) = (Vec::new(), Vec::new());
        if boot {
            let firsts: Vec<f64> = series
                .chunks_exact(n)
                .flat_map(|block| block[..half].iter().copied())
                .collect();
            Harmonics::new(half, &ks_h, &table_h).dft_into(&firsts, &mut f_re, &mut f_im);
        }
        let nk = ks_h.len();
        let tasks = unit_cube::par_map(d * k, |t| {
            let (j, i) = (t / d, t % d);
            let (s1, st) = points[t];
            let st_list = &starts[t];
            let interval = (!st_list.is_empty()).then(|| {
                let (r1, rt) = sliding_orders(
                    &series[t * n..(t + 1) * n],
                    half,
                    &ks_h,
                    low_h,
                    &table_h,
                    (&f_re[t * nk..(t + 1) * nk], &f_im[t * nk..(t + 1) * nk]),
                    st_list,
                );
                (z * unit_cube::std_ddof1(&r1), z * unit_cube::std_ddof1(&rt))
            });
            (i, j, s1, st, interval)
        });
        let mut indices = Vec::with_capacity(2 * d * k);
        for (i, j, s1, st, interval) in tasks {
            indices.push(IndexEstimate {
                factor: i,
                output: j,
                measure: Measure::FirstOrder,
                estimate: s1,
                interval: interval.map(|(h, _)| Interval {
                    lo: s1 - h,
                    hi: s1 + h,
                }),
            });
            indices.push(IndexEstimate {
                factor: i,
                output: j,
                measure: Measure::Total,
                estimate: st,
                interval: interval.map(|(_, h)| Interval {
                    lo: st - h,
                    hi: st + h,
                }),
            });
        }
        Ok(SensitivityResult {
            method: Method::Fast,
            factors: unit_cube::default_names("x", d),
            outputs: unit_cube::output_names(k),
            confidence: boot.then_some(self.bootstrap.confidence()),
            evaluations: n * d,
            indices,
        })
    }
}

/// `½ + arcsin(sin θ) / π` without trigonometry: the triangle wave of period `2π` through `½` at `θ = 0`.
#[inline]
fn triangle(theta: f64) -> f64 {
    let t = theta / (2.0 * PI);
    let t = t - t.floor();
    let v = if t < 0.25 {
        0.5 + 2.0 * t
    } else if t < 0.75 {
        1.5 - 2.0 * t
    } else {
        2.0 * t - 1.5
    };
    v.clamp(0.0, 1.0)
}

fn too_few_factors() -> SensitivityError {
    SensitivityError::TooFew {
        method: METHOD,
        what: "factors",
        needed: 1,
        got: 0,
        reason: "a design needs at least one factor",
    }
}

/// SALib's `compute_orders` by the full spectrum: `(S1, ST)` of one search curve (the tests' reference).
#[cfg(test)]
fn orders_by_fft(plan: &crate::spectrum::FftPlan, y: &[f64], m: usize, omega: usize) -> (f64, f64) {
    let n = y.len();
    let top = n.div_ceil(2) - 1;
    let p = plan.power(y, top.max(1).min(n - 1));
    let n2 = (n * n) as f64;
    let v: f64 = 2.0 * p[1..=top].iter().map(|x| x / n2).sum::<f64>();
    let d1: f64 = 2.0 * (1..=m).map(|q| p[q * omega] / n2).sum::<f64>();
    let dt: f64 = 2.0 * p[1..=omega / 2].iter().map(|x| x / n2).sum::<f64>();
    (d1 / v, 1.0 - dt / v)
}

/// The harmonics the estimators read for a curve of high frequency `w` and `m` harmonics: the low band
/// `1 ..= ⌊w/2⌋` (its count is returned) then `pw`, `p = 1 ..= m`.
fn harmonics(m: usize, w: usize) -> (Vec<usize>, usize) {
    let mut ks: Vec<usize> = (1..=w / 2).collect();
    let low = ks.len();
    ks.extend((1..=m).map(|p| p * w));
    (ks, low)
}

/// `Σ_{k=1}^{⌈h/2⌉−1} 2 |F_k|²` of a series of length `h`, by Parseval's identity: `h Σ (y − ȳ)²`, less
/// `|F_{h/2}|²` for even `h`.
fn parseval(y: &[f64]) -> f64 {
    let h = y.len();
    let mean = y.iter().sum::<f64>() / h as f64;
    let mut total = h as f64 * y.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>();
    if h.is_multiple_of(2) {
        let alt: f64 = y
            .iter()
            .enumerate()
            .map(|(q, v)| if q % 2 == 0 { *v } else { -*v })
            .sum();
        total -= alt * alt;
    }
    total
}

/// `(S1, ST)` from the powers `|F_k|²` at [`harmonics`] (`low` of the low band) and the Parseval total.
fn orders(power: &[f64], low: usize, total: f64) -> (f64, f64) {
    let dt: f64 = 2.0 * power[..low].iter().sum::<f64>();
    let d1: f64 = 2.0 * power[low..].iter().sum::<f64>();
    (d1 / total, 1.0 - dt / total)
}

/// `(S1, ST)` of the circular blocks `y[b], …, y[b + h − 1]` (indices mod `N`) for every start `b`, by a
/// sliding DFT of the few frequencies the estimators read (`1 ..= ω/2` and the `M` harmonics `pω`):
/// `F_k(b + 1) = e^{2πik/h} (F_k(b) − y_b + y_{b+h})`, and `V` from Parseval's identity on the block,
/// `Σ_{k=1}^{h−1} |F_k|² = h Σ (y − ȳ)²`, less `|F_{h/2}|²` for even `h`.
#[cfg(test)]
fn bootstrap_orders(
    y: &[f64],
    h: usize,
    m: usize,
    w: usize,
    starts: &[usize],
) -> (Vec<f64>, Vec<f64>) {
    let (ks, low) = harmonics(m, w);
    let table = dft_table(h);
    let first: Vec<f64> = y.iter().cycle().take(h).copied().collect();
    let (mut re, mut im) = (Vec::new(), Vec::new());
    Harmonics::new(h, &ks, &table).dft_into(&first, &mut re, &mut im);
    sliding_orders(y, h, &ks, low, &table, (&re, &im), starts)
}

/// The sliding part of `bootstrap_orders`, given the first block's DFT at `ks` (`first`, real and
/// imaginary parts) and the [`dft_table`] of `h`. The blocks' sums and sums of squares come from prefix
/// sums of the centred, doubled series (O(1) per start).
fn sliding_orders(
    y: &[f64],
    h: usize,
    ks: &[usize],
    low: usize,
    table: &[(f64, f64)],
    first: (&[f64], &[f64]),
    starts: &[usize],
) -> (Vec<f64>, Vec<f64>) {
    let n = y.len();
    let mut fr = first.0.to_vec();
    let mut fi = first.1.to_vec();
    // e^{+2πik/h} (the table holds e^{−2πij/h}).
    let rr: Vec<f64> = ks.iter().map(|&k| table[k % h].0).collect();
    let ri: Vec<f64> = ks.iter().map(|&k| -table[k % h].1).collect();
    // Prefix sums over the series doubled past N (a block starting at b < N ends before N + h ≤ 2N),
    // centred on the series' mean: Σ c, Σ c², and the alternating Σ (−1)^j c for an even h.
    let mean = y.iter().sum::<f64>() / n as f64;
    let len = n + h;
    let (mut p1, mut p2, mut pa) = (
        Vec::with_capacity(len + 1),
        Vec::with_capacity(len + 1),
        Vec::with_capacity(len + 1),
    );
    let (mut a1, mut a2, mut aa) = (0.0, 0.0, 0.0);
    p1.push(0.0);
    p2.push(0.0);
    pa.push(0.0);
    for j in 0..len {
        let c = y[j % n] - mean;
        a1 += c;
        a2 += c * c;
        aa += if j % 2 == 0 { c } else { -c };
        p1.push(a1);
        p2.push(a2);
        pa.push(aa);
    }
    let even = h.is_multiple_of(2);
    let mut order: Vec<usize> = (0..starts.len()).collect();
    order.sort_by_key(|&i| starts[i]);
    let (mut s1, mut st) = (vec![0.0; starts.len()], vec![0.0; starts.len()]);
    let mut b = 0usize;
    for &idx in &order {
        while b < starts[idx] {
            let delta = y[(b + h) % n] - y[b];
            for (((a, im), c), s) in fr.iter_mut().zip(fi.iter_mut()).zip(&rr).zip(&ri) {
                let re = *a + delta;
                *a = re * c - *im * s;
                *im = re * s + *im * c;
            }
            b += 1;
        }
        let sum = p1[b + h] - p1[b];
        let ss = (p2[b + h] - p2[b]) - sum * sum / h as f64;
        let mut total = h as f64 * ss;
        if even {
            // Σ_q (−1)^q y_{b+q}: the doubled series' alternating sum from b, signed by b's parity
            // (the mean cancels over an even number of terms).
            let alt = pa[b + h] - pa[b];
            total -= alt * alt;
        }
        let pw = |(a, b): (&f64, &f64)| a * a + b * b;
        let dt: f64 = 2.0 * fr[..low].iter().zip(&fi[..low]).map(pw).sum::<f64>();
        let d1: f64 = 2.0 * fr[low..].iter().zip(&fi[low..]).map(pw).sum::<f64>();
        s1[idx] = d1 / total;
        st[idx] = 1.0 - dt / total;
    }
    (s1, st)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mfg_quality_indicators::ErrorKind;

    #[test]
    fn settings_are_validated() {
        let e = Fast::new(64, 4).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Degenerate);
        assert!(e.to_string().contains("N > 4M²"), "{e}");
        assert!(Fast::new(65, 4).is_ok());
        assert!(Fast::new(100, 0).is_err());
        let f = Fast::new(65, 4).unwrap();
        assert!(f.sample_with_phases(&[]).is_err());
        assert!(f.sample_with_phases(&[f64::NAN]).is_err());
        let y = vec![1.0; 65 * 2];
        assert!(matches!(
            f.analyze(&y, 2, 1),
            Err(SensitivityError::ZeroVariance { output: 0 })
        ));
        assert!(matches!(
            f.analyze(&y[1..], 2, 1),
            Err(SensitivityError::DimensionMismatch { .. })
        ));
        let mut y2: Vec<f64> = (0..130).map(|i| i as f64).collect();
        y2[70] = f64::NAN;
        assert!(matches!(
            f.analyze(&y2, 2, 1),
            Err(SensitivityError::NonFiniteOutput { sample: 70, .. })
        ));
        assert!(f.analyze_with_starts(&y2, 2, &[vec![0]]).is_err());
    }

    use crate::spectrum::FftPlan;

    #[test]
    fn triangle_wave_is_arcsin_of_sine() {
        for i in -2000..2000 {
            let th = i as f64 * 0.0137;
            let want = 0.5 + th.sin().asin() / PI;
            assert!((triangle(th) - want).abs() < 1e-13, "{th}");
        }
    }

    #[test]
    fn sliding_bootstrap_matches_the_fft_per_block() {
        // Odd and even block lengths (h = 151, 150, 150).
        for n in [301usize, 300, 299] {
            let y: Vec<f64> = (0..n)
                .map(|i| 40.0 + ((i * 37 % 101) as f64 / 7.0).sin() + (i as f64 / 9.0).cos())
                .collect();
            let h = n.div_ceil(2_usize);
            let (m, w) = (3, (h - 1) / 6);
            let starts = vec![0, 5, n - 1, 150, 5, n - 2, 1];
            let (s1, st) = bootstrap_orders(&y, h, m, w, &starts);
            let plan = FftPlan::new(h);
            for (t, &b) in starts.iter().enumerate() {
                let block: Vec<f64> = (0..h).map(|q| y[(b + q) % n]).collect();
                let (a, c) = orders_by_fft(&plan, &block, m, w);
                assert!(
                    (a - s1[t]).abs() < 1e-12 && (c - st[t]).abs() < 1e-12,
                    "n {n} start {b}: {a} {} {c} {}",
                    s1[t],
                    st[t]
                );
            }
        }
    }

    #[test]
    fn design_is_in_the_unit_cube_and_blocks_differ() {
        let f = Fast::new(101, 4).unwrap();
        let x = f.sample(3, 7).unwrap();
        assert_eq!(x.len(), 101 * 3 * 3);
        assert!(x.iter().all(|v| (0.0..=1.0).contains(v)));
        assert_eq!(f.frequencies(3), vec![12.0, 1.0, 1.0]);
        assert_eq!(x, f.sample(3, 7).unwrap());
    }
}
