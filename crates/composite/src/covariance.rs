//! Column means and the sample covariance matrix of a set of equally long columns, through blocked
//! matrix products: the one kernel behind CRITIC weights, PCA, Cronbach's α and the Pearson/Spearman
//! correlation matrices of [`crate::analysis`].
//!
//! One pass over the data. Each column `j` is shifted by `s_j`, the mean of its first
//! [`SHIFT_ROWS`] values; block by block of [`BLOCK_ROWS`] rows the shifted values are copied into a
//! small column-major block `Y` (which stays in cache) and accumulated as `G += YᵀY` by nalgebra's
//! `gemm` (the blocked, packed, SIMD `dgemm` of the `matrixmultiply` crate), with the column sums
//! `t_j = Σ y_ij` and the columns' minimum and maximum. Then, with `d = t/n`,
//!
//! `cov_jk = (G_jk − t_j d_k) / (n − 1)`
//!
//! (the covariance is shift-invariant; this is the "shifted data" algorithm of Chan, Golub & LeVeque
//! 1983, "Algorithms for computing the sample variance", *The American Statistician* 37(3)). The
//! shift makes the correction `t_j d_k` small against `G_jk` (`|d_j| ≤ σ_j √(n/SHIFT_ROWS)` at worst,
//! about `σ_j / 16` for typical data), so no precision is lost to cancellation even for columns far from
//! zero (a year, a price in the millions). A column whose minimum equals its maximum is constant: its
//! row and column of the covariance are exactly 0.
//!
//! Rows are split into chunks of [`CHUNK_ROWS`] (a fixed size, whatever the thread count), each
//! accumulated on its own and the chunks' sums added in order: with the `parallel` feature the chunks
//! run on rayon's threads from [`crate::PARALLEL_MIN_CELLS`] cells, with the same result bit for bit.

use nalgebra::{DMatrix, DMatrixView};

/// Rows per block of the product (`8 · 256 · p` bytes: 100 KB for 50 columns, in L2).
const BLOCK_ROWS: usize = 256;
/// Rows per chunk (the unit of parallel work; fixed so that results do not depend on the threads).
const CHUNK_ROWS: usize = 64 * BLOCK_ROWS;
/// Below this many columns or rows a block's product is plain dot products (above nalgebra's own
/// small-matrix limit of 5, below which its `gemm` does not use `matrixmultiply`).
const GEMM_MIN_DIM: usize = 8;
/// Rows whose mean is each column's shift.
const SHIFT_ROWS: usize = 256;

/// Means, sample covariance (`n − 1`) and constancy of `p` columns of `n` values.
#[derive(Debug, Clone)]
pub(crate) struct Moments {
    /// Column means.
    pub mean: Vec<f64>,
    /// The `p × p` sample covariance matrix (0 everywhere when `n < 2`), symmetric.
    pub cov: DMatrix<f64>,
    /// Whether each column is constant (its minimum equals its maximum).
    pub constant: Vec<bool>,
}

impl Moments {
    /// The sample standard deviation of column `j`.
    pub fn sd(&self, j: usize) -> f64 {
        self.cov[(j, j)].max(0.0).sqrt()
    }

    /// Pearson's correlation of columns `j` and `k`: `cov_jk / (σ_j σ_k)`, clamped to `[−1, 1]`; `None`
    /// when either column is constant or a variance is not positive and finite.
    pub fn correlation(&self, j: usize, k: usize) -> Option<f64> {
        if self.constant[j] || self.constant[k] {
            return None;
        }
        let (a, b) = (self.cov[(j, j)], self.cov[(k, k)]);
        if !(a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite()) {
            return None;
        }
        if j == k {
            return Some(1.0);
        }
        let r = self.cov[(j, k)] / (a.sqrt() * b.sqrt());
        r.is_finite().then(|| r.clamp(-1.0, 1.0))
    }
}

/// Partial sums of one chunk of rows.
struct Partial {
    g: DMatrix<f64>,
    t: Vec<f64>,
    lo: Vec<f64>,
    hi: Vec<f64>,
}

/// The sums of rows `r0..r1` of `cols` shifted by `shift`.
fn chunk(cols: &[&[f64]], shift: &[f64], r0: usize, r1: usize) -> Partial {
    let p = cols.len();
    let mut part = Partial {
        g: DMatrix::zeros(p, p),
        t: vec![0.0; p],
        lo: vec![f64::INFINITY; p],
        hi: vec![f64::NEG_INFINITY; p],
    };
    let mut block = vec![0.0; BLOCK_ROWS.min(r1 - r0) * p];
    for b in (r0..r1).step_by(BLOCK_ROWS) {
        let e = (b + BLOCK_ROWS).min(r1);
        let m = e - b;
        for (j, col) in cols.iter().enumerate() {
            let (s, dst) = (shift[j], &mut block[j * m..(j + 1) * m]);
            let (mut t, mut lo, mut hi) = (0.0, part.lo[j], part.hi[j]);
            for (d, &x) in dst.iter_mut().zip(&col[b..e]) {
                *d = x - s;
                t += *d;
                lo = if x < lo { x } else { lo };
                hi = if x > hi { x } else { hi };
            }
            part.t[j] += t;
            part.lo[j] = lo;
            part.hi[j] = hi;
        }
        if p >= GEMM_MIN_DIM && m >= GEMM_MIN_DIM {
            let y = DMatrixView::from_slice_with_strides(&block[..m * p], m, p, 1, m);
            let yt = DMatrixView::from_slice_with_strides(&block[..m * p], p, m, m, 1);
            part.g.gemm(1.0, &yt, &y, 1.0);
        } else {
            // Few columns or rows: plain dot products (nalgebra's own small-size path does not
            // support the transposed view).
            for j in 0..p {
                for k in j..p {
                    let (a, c) = (&block[j * m..(j + 1) * m], &block[k * m..(k + 1) * m]);
                    let v: f64 = a.iter().zip(c).map(|(x, y)| x * y).sum();
                    part.g[(k, j)] += v;
                    if k != j {
                        part.g[(j, k)] += v;
                    }
                }
            }
        }
    }
    part
}

/// [`Moments`] of the columns `cols`, each of length `n` (checked by the caller; `p ≥ 1`, `n ≥ 1`).
/// Non-finite values give non-finite moments (callers validate their input first).
pub(crate) fn moments(cols: &[&[f64]], n: usize) -> Moments {
    let p = cols.len();
    let k = n.min(SHIFT_ROWS);
    let shift: Vec<f64> = cols
        .iter()
        .map(|c| {
            if k == 0 {
                0.0
            } else {
                c[..k].iter().sum::<f64>() / k as f64
            }
        })
        .collect();
    let chunks = n.div_ceil(CHUNK_ROWS);
    let run = |c: usize| chunk(cols, &shift, c * CHUNK_ROWS, ((c + 1) * CHUNK_ROWS).min(n));
    #[cfg(feature = "parallel")]
    let parts: Vec<Partial> = if chunks > 1 && n * p >= crate::PARALLEL_MIN_CELLS {
        use rayon::prelude::*;
        (0..chunks).into_par_iter().map(run).collect()
    } else {
        (0..chunks).map(run).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let parts: Vec<Partial> = (0..chunks).map(run).collect();
    let mut it = parts.into_iter();
    let mut acc = it.next().unwrap_or_else(|| Partial {
        g: DMatrix::zeros(p, p),
        t: vec![0.0; p],
        lo: vec![0.0; p],
        hi: vec![0.0; p],
    });
    for part in it {
        acc.g += part.g;
        for j in 0..p {
            acc.t[j] += part.t[j];
            acc.lo[j] = acc.lo[j].min(part.lo[j]);
            acc.hi[j] = acc.hi[j].max(part.hi[j]);
        }
    }
    let nf = n as f64;
    let d: Vec<f64> = acc.t.iter().map(|t| t / nf).collect();
    let mean: Vec<f64> = shift.iter().zip(&d).map(|(s, d)| s + d).collect();
    let constant: Vec<bool> = acc
        .lo
        .iter()
        .zip(&acc.hi)
        .map(|(lo, hi)| lo >= hi)
        .collect();
    let mut cov = DMatrix::zeros(p, p);
    if n >= 2 {
        let dof = (n - 1) as f64;
        for j in 0..p {
            for k in j..p {
                let v = if constant[j] || constant[k] {
                    0.0
                } else {
                    // Symmetric by construction: the same formula from the lower triangle.
                    (acc.g[(k, j)] - acc.t[k] * d[j]) / dof
                };
                cov[(j, k)] = v;
                cov[(k, j)] = v;
            }
        }
    }
    Moments {
        mean,
        cov,
        constant,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two-pass reference covariance.
    fn reference(cols: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let n = cols[0].len() as f64;
        let m: Vec<f64> = cols.iter().map(|c| c.iter().sum::<f64>() / n).collect();
        cols.iter()
            .enumerate()
            .map(|(j, a)| {
                cols.iter()
                    .enumerate()
                    .map(|(k, b)| {
                        a.iter()
                            .zip(b)
                            .map(|(x, y)| (x - m[j]) * (y - m[k]))
                            .sum::<f64>()
                            / (n - 1.0)
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn matches_the_two_pass_covariance_far_from_zero() {
        for &n in &[1usize, 2, 3, 255, 256, 257, 1000, 3 * CHUNK_ROWS + 17] {
            let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ n as u64;
            let mut next = || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 11) as f64 / (1u64 << 53) as f64
            };
            // Offsets up to 1e6 with unit spread: the shift keeps full precision.
            let p = if n % 2 == 0 { 12 } else { 5 };
            let cols: Vec<Vec<f64>> = (0..p)
                .map(|j| {
                    let off = [0.0, 1e6, -3.5, 2026.0, 0.0][j % 5];
                    (0..n)
                        .map(|i| {
                            if j == 4 {
                                7.25
                            } else {
                                off + next() + 0.1 * (i % 7) as f64
                            }
                        })
                        .collect()
                })
                .collect();
            let views: Vec<&[f64]> = cols.iter().map(|c| c.as_slice()).collect();
            let mo = moments(&views, n);
            assert!(mo.constant[4] && !mo.constant[0] || n == 1);
            if n < 2 {
                continue;
            }
            let want = reference(&cols);
            for j in 0..p {
                for k in 0..p {
                    let (got, w) = (mo.cov[(j, k)], want[j][k]);
                    let scale = (want[j][j] * want[k][k]).sqrt().max(1e-300);
                    assert!(
                        (got - w).abs() <= 1e-12 * scale,
                        "n={n} ({j},{k}): {got} vs {w}"
                    );
                }
                let m = cols[j].iter().sum::<f64>() / n as f64;
                assert!((mo.mean[j] - m).abs() <= 1e-12 * (1.0 + m.abs()));
            }
            assert_eq!(mo.cov[(4, 4)].to_bits(), 0.0f64.to_bits());
            assert_eq!(mo.correlation(0, 4), None);
        }
    }
}
