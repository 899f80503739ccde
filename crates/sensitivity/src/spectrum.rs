//! Discrete Fourier transforms for the FAST methods: the few harmonics the estimators read, for many real
//! series of one length at once ([`Harmonics`], the inner sums as one matrix product), by direct summation
//! over a table for one series ([`low_power`]), and — as the tests' reference for the full spectrum — a
//! radix-2 FFT with Bluestein's chirp-z algorithm (Bluestein 1970) for other lengths.

use nalgebra::{DMatrix, DMatrixView};

#[cfg(test)]
use std::f64::consts::PI;

#[cfg(test)]
#[derive(Debug, Clone, Copy, Default)]
struct C {
    re: f64,
    im: f64,
}

#[cfg(test)]
impl C {
    #[inline]
    fn mul(self, o: C) -> C {
        C {
            re: self.re * o.re - self.im * o.im,
            im: self.re * o.im + self.im * o.re,
        }
    }
    #[inline]
    fn norm_sqr(self) -> f64 {
        self.re * self.re + self.im * self.im
    }
}

#[cfg(test)]
/// A radix-2 FFT of a fixed power-of-two length.
#[derive(Debug, Clone)]
struct Radix2 {
    n: usize,
    /// `exp(−2πi k / n)`, `k < n/2`.
    twiddles: Vec<C>,
}

#[cfg(test)]
impl Radix2 {
    fn new(n: usize) -> Self {
        debug_assert!(n.is_power_of_two());
        let twiddles = (0..n / 2)
            .map(|k| {
                let a = -2.0 * PI * k as f64 / n as f64;
                C {
                    re: a.cos(),
                    im: a.sin(),
                }
            })
            .collect();
        Radix2 { n, twiddles }
    }

    /// In place; `inverse` conjugates the twiddles (no 1/n scaling).
    fn run(&self, a: &mut [C], inverse: bool) {
        let n = self.n;
        if n <= 1 {
            return;
        }
        let bits = n.trailing_zeros();
        for i in 0..n {
            let j = i.reverse_bits() >> (usize::BITS - bits);
            if j > i {
                a.swap(i, j);
            }
        }
        let mut len = 2;
        while len <= n {
            let step = n / len;
            for start in (0..n).step_by(len) {
                for k in 0..len / 2 {
                    let mut w = self.twiddles[k * step];
                    if inverse {
                        w.im = -w.im;
                    }
                    let u = a[start + k];
                    let v = a[start + k + len / 2].mul(w);
                    a[start + k] = C {
                        re: u.re + v.re,
                        im: u.im + v.im,
                    };
                    a[start + k + len / 2] = C {
                        re: u.re - v.re,
                        im: u.im - v.im,
                    };
                }
            }
            len <<= 1;
        }
    }
}

#[cfg(test)]
/// A plan for the DFT `F_k = Σ_n y_n exp(−2πi k n / N)` of real series of one length `N`.
#[derive(Debug, Clone)]
pub(crate) struct FftPlan {
    n: usize,
    kind: Kind,
}

#[cfg(test)]
#[derive(Debug, Clone)]
enum Kind {
    Pow2(Radix2),
    Bluestein {
        inner: Radix2,
        /// `exp(−πi n² / N)`, `n < N`.
        chirp: Vec<C>,
        /// The FFT of the conjugate chirp, wrapped to the inner length.
        kernel: Vec<C>,
    },
}

#[cfg(test)]
impl FftPlan {
    pub(crate) fn new(n: usize) -> Self {
        if n.is_power_of_two() {
            return FftPlan {
                n,
                kind: Kind::Pow2(Radix2::new(n)),
            };
        }
        let l = (2 * n - 1).next_power_of_two();
        let inner = Radix2::new(l);
        let two_n = 2 * n as u128;
        let chirp: Vec<C> = (0..n)
            .map(|k| {
                // n² mod 2N keeps the angle exact for long series.
                let r = ((k as u128 * k as u128) % two_n) as f64;
                let a = -PI * r / n as f64;
                C {
                    re: a.cos(),
                    im: a.sin(),
                }
            })
            .collect();
        let mut kernel = vec![C::default(); l];
        for k in 0..n {
            let c = C {
                re: chirp[k].re,
                im: -chirp[k].im,
            };
            kernel[k] = c;
            if k > 0 {
                kernel[l - k] = c;
            }
        }
        inner.run(&mut kernel, false);
        FftPlan {
            n,
            kind: Kind::Bluestein {
                inner,
                chirp,
                kernel,
            },
        }
    }

    /// `|F_k|²` for `k = 0 ..= upto` (`upto < N`) of the real series `y` (`y.len() == N`).
    pub(crate) fn power(&self, y: &[f64], upto: usize) -> Vec<f64> {
        debug_assert_eq!(y.len(), self.n);
        match &self.kind {
            Kind::Pow2(r) => {
                let mut a: Vec<C> = y.iter().map(|&re| C { re, im: 0.0 }).collect();
                r.run(&mut a, false);
                a[..=upto].iter().map(|c| c.norm_sqr()).collect()
            }
            Kind::Bluestein {
                inner,
                chirp,
                kernel,
            } => {
                let l = kernel.len();
                let mut a = vec![C::default(); l];
                for k in 0..self.n {
                    a[k] = C {
                        re: y[k] * chirp[k].re,
                        im: y[k] * chirp[k].im,
                    };
                }
                inner.run(&mut a, false);
                for (x, k) in a.iter_mut().zip(kernel) {
                    *x = x.mul(*k);
                }
                inner.run(&mut a, true);
                let scale = 1.0 / l as f64;
                (0..=upto)
                    .map(|k| {
                        let v = C {
                            re: a[k].re * scale,
                            im: a[k].im * scale,
                        };
                        v.mul(chirp[k]).norm_sqr()
                    })
                    .collect()
            }
        }
    }
}

/// `exp(−2πi j/n)` as `(cos, sin)`, `j < n`, from the half period (`cos` even, `sin` odd about `n/2`).
pub(crate) fn dft_table(n: usize) -> Vec<(f64, f64)> {
    let mut t = vec![(1.0, 0.0); n];
    for j in 1..=n / 2 {
        let (s, c) = (-2.0 * std::f64::consts::PI * j as f64 / n as f64).sin_cos();
        t[j] = (c, s);
        t[n - j] = (c, -s);
    }
    t
}

/// Columns `c` of one block in the two-level sum: series index `j = aP + c`.
const BLOCK: usize = 32;

/// The DFT `F_k = Σ_{j<n} y_j e^{−2πi kj/n}` at a fixed set of harmonics `k` for batches of real series of
/// one length `n`, as two levels (one step of Cooley & Tukey 1965): with `j = aP + c` (`c < P`,
/// `a < Q = ⌈n/P⌉`, `y_j = 0` past `n`),
///
/// `F_k = Σ_{c<P} w^{kc} G_k(c)`, `G_k(c) = Σ_{a<Q} y_{aP+c} w^{kPa}`, `w = e^{−2πi/n}`,
///
/// where the inner sums `G` of every series of a batch are one real matrix product
/// `[cos; −sin](kPa) (2K × Q) · Y (Q × P·B)` (nalgebra's `gemm`, the packed SIMD kernels of the
/// `matrixmultiply` crate) and the outer sums are `K·P` complex products per series. The work is that of
/// the direct sum (`2K·n` products per series) but runs at matrix-product speed, and the tables are
/// `2K·Q + K·P` values instead of `2K·n`.
#[derive(Debug, Clone)]
pub(crate) struct Harmonics {
    n: usize,
    p: usize,
    q: usize,
    k: usize,
    /// `[cos(2π k_r P a / n); −sin(…)]`, `2K × Q`.
    e: DMatrix<f64>,
    /// `w^{k_r c}` as `(cos, −sin)` of `2π k_r c / n`, row `c`, `K` per row.
    tw_re: Vec<f64>,
    tw_im: Vec<f64>,
}

impl Harmonics {
    /// The plan for series of length `n` at harmonics `ks` (each taken mod `n`), with `table` the
    /// [`dft_table`] of `n`.
    pub(crate) fn new(n: usize, ks: &[usize], table: &[(f64, f64)]) -> Self {
        debug_assert_eq!(table.len(), n);
        let p = BLOCK.min(n.max(1));
        let q = n.div_ceil(p).max(1);
        let k = ks.len();
        let ks: Vec<usize> = ks.iter().map(|&x| x % n.max(1)).collect();
        let mut e = DMatrix::zeros(2 * k, q);
        for a in 0..q {
            for (r, &kr) in ks.iter().enumerate() {
                let (c, s) = table[((kr as u128 * (p * a) as u128) % n as u128) as usize];
                e[(r, a)] = c;
                e[(k + r, a)] = s;
            }
        }
        let mut tw_re = Vec::with_capacity(p * k);
        let mut tw_im = Vec::with_capacity(p * k);
        for c in 0..p {
            for &kr in &ks {
                let (co, si) = table[(kr * c) % n];
                tw_re.push(co);
                tw_im.push(si);
            }
        }
        Harmonics {
            n,
            p,
            q,
            k,
            e,
            tw_re,
            tw_im,
        }
    }

    /// `|F_k|²` of each series of `series` (`B` series of length `n`, concatenated), row-major `B × K`.
    pub(crate) fn power(&self, series: &[f64]) -> Vec<f64> {
        let (mut re, mut im) = (Vec::new(), Vec::new());
        self.dft_into(series, &mut re, &mut im);
        re.iter().zip(&im).map(|(a, b)| a * a + b * b).collect()
    }

    /// `F_k = re + i im` of each series of `series` (`B` series of length `n`, concatenated), row-major
    /// `B × K` into `re` and `im` (cleared first).
    pub(crate) fn dft_into(&self, series: &[f64], re: &mut Vec<f64>, im: &mut Vec<f64>) {
        let (n, p, q, k) = (self.n, self.p, self.q, self.k);
        debug_assert!(n > 0 && series.len().is_multiple_of(n));
        let b = series.len() / n;
        re.clear();
        im.clear();
        if b == 0 || k == 0 {
            return;
        }
        // Y (Q × P·B), row-major: row a holds y_{aP .. aP + P} of every series in turn.
        let width = p * b;
        let mut z = Vec::with_capacity(q * width);
        for a in 0..q {
            for y in series.chunks_exact(n) {
                let chunk = &y[(a * p).min(n)..((a + 1) * p).min(n)];
                z.extend_from_slice(chunk);
                z.resize(z.len() + p - chunk.len(), 0.0);
            }
        }
        let zv = DMatrixView::from_slice_with_strides(&z, q, width, width, 1);
        let mut g = DMatrix::zeros(2 * k, width);
        g.gemm(1.0, &self.e, &zv, 0.0);
        re.resize(b * k, 0.0);
        im.resize(b * k, 0.0);
        for (s, (re, im)) in re
            .chunks_exact_mut(k)
            .zip(im.chunks_exact_mut(k))
            .enumerate()
        {
            for c in 0..p {
                let col = g.column(s * p + c);
                let (gr, gi) = col.as_slice().split_at(k);
                let (tr, ti) = (
                    &self.tw_re[c * k..(c + 1) * k],
                    &self.tw_im[c * k..(c + 1) * k],
                );
                for r in 0..k {
                    re[r] += tr[r] * gr[r] - ti[r] * gi[r];
                    im[r] += tr[r] * gi[r] + ti[r] * gr[r];
                }
            }
        }
    }
}

/// `|F_k|²` for `k = 1 ..= m` by direct summation over the table `exp(−2πi j/N)` (`O(N m)`), for the few
/// low harmonics RBD-FAST needs.
pub(crate) fn low_power(y: &[f64], m: usize, table: &[(f64, f64)]) -> Vec<f64> {
    let n = y.len();
    debug_assert_eq!(table.len(), n);
    // All harmonics in one pass over the data: m independent accumulators.
    let (mut re, mut im) = (vec![0.0; m], vec![0.0; m]);
    let mut idx = vec![0usize; m];
    for &v in y {
        for j in 0..m {
            let (c, s) = table[idx[j]];
            re[j] += v * c;
            im[j] += v * s;
            idx[j] += j + 1;
            while idx[j] >= n {
                idx[j] -= n;
            }
        }
    }
    re.iter().zip(&im).map(|(a, b)| a * a + b * b).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harmonics_match_the_fft_for_batches() {
        for n in [7usize, 31, 32, 33, 100, 257, 1025, 2049] {
            let series: Vec<f64> = (0..3 * n)
                .map(|i| ((i * 7919) % 101) as f64 / 10.0 - 3.0 + (i as f64 * 0.01).sin())
                .collect();
            let ks: Vec<usize> = [1, 2, 3, n / 4, n / 2, n - 1, n + 2]
                .into_iter()
                .filter(|&k| k > 0)
                .collect();
            let plan = Harmonics::new(n, &ks, &dft_table(n));
            let got = plan.power(&series);
            assert_eq!(got.len(), 3 * ks.len());
            for (s, y) in series.chunks(n).enumerate() {
                let want = FftPlan::new(n).power(y, n - 1);
                let scale = want.iter().cloned().fold(1.0, f64::max);
                for (r, &k) in ks.iter().enumerate() {
                    let w = want[k % n];
                    let g = got[s * ks.len() + r];
                    assert!((g - w).abs() <= 1e-11 * scale, "n {n} k {k}: {g} vs {w}");
                }
            }
        }
    }

    fn naive(y: &[f64]) -> Vec<f64> {
        let n = y.len();
        (0..n)
            .map(|k| {
                let (mut re, mut im) = (0.0, 0.0);
                for (j, &v) in y.iter().enumerate() {
                    let a = -2.0 * PI * ((k * j) % n) as f64 / n as f64;
                    re += v * a.cos();
                    im += v * a.sin();
                }
                re * re + im * im
            })
            .collect()
    }

    #[test]
    fn fft_matches_the_naive_dft() {
        for n in [1usize, 2, 3, 5, 8, 12, 17, 64, 100, 257] {
            let y: Vec<f64> = (0..n)
                .map(|i| ((i * 7919) % 101) as f64 / 10.0 - 3.0)
                .collect();
            let want = naive(&y);
            let got = FftPlan::new(n).power(&y, n - 1);
            let scale = want.iter().cloned().fold(1.0, f64::max);
            for k in 0..n {
                assert!(
                    (want[k] - got[k]).abs() <= 1e-11 * scale,
                    "n {n} k {k}: {} vs {}",
                    want[k],
                    got[k]
                );
            }
            if n > 3 {
                let table: Vec<(f64, f64)> = (0..n)
                    .map(|j| {
                        let a = -2.0 * PI * j as f64 / n as f64;
                        (a.cos(), a.sin())
                    })
                    .collect();
                let low = low_power(&y, 3, &table);
                for k in 1..=3 {
                    assert!((low[k - 1] - want[k]).abs() <= 1e-11 * scale);
                }
            }
        }
    }
}
