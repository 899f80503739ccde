//! The estimators: [`SobolDesign::analyse`] of the model outputs, the Saltelli 2010 / Jansen 1999 sums
//! and their bootstrap confidence intervals (streamed over blocks of base rows).

use super::*;

impl SobolDesign {
    /// Indices of a scalar output `y` given in design order (`y.len() == n_runs`).
    ///
    /// # Errors
    /// [`SensitivityError::DimensionMismatch`] for a wrong length; [`SensitivityError::NonFiniteOutput`];
    /// [`SensitivityError::ZeroVariance`] when `V = 0` (the indices are undefined).
    pub fn analyse(&self, y: &[f64]) -> Result<SobolIndices> {
        self.analyse_owned(y.to_vec())
    }

    /// [`SobolDesign::analyse`] taking the outputs by value, so that they are centred in place (no copy).
    ///
    /// # Errors
    /// As [`SobolDesign::analyse`].
    pub fn analyse_owned(&self, y: Vec<f64>) -> Result<SobolIndices> {
        self.check_len(y.len(), 1)?;
        self.check_finite(&y, 1)?;
        let resamples = self.resample_counts();
        self.analyse_column(y, 0, &resamples)
    }

    /// Indices of each of `n_outputs` outputs given row-major (`y[r * n_outputs + k]` = output `k` of row `r`).
    ///
    /// # Errors
    /// [`SensitivityError::DimensionMismatch`] for a wrong length, [`SensitivityError::NonFiniteOutput`];
    /// the per-output results carry [`SensitivityError::ZeroVariance`].
    pub fn analyse_multi(&self, y: &[f64], n_outputs: usize) -> Result<Vec<Result<SobolIndices>>> {
        self.check_len(y.len(), n_outputs)?;
        self.check_finite(y, n_outputs)?;
        if n_outputs == 1 {
            return Ok(vec![self.analyse_column(
                y.to_vec(),
                0,
                &self.resample_counts(),
            )]);
        }
        let resamples = self.resample_counts();
        let runs = self.n_runs();
        Ok((0..n_outputs)
            .map(|k| {
                let col: Vec<f64> = (0..runs).map(|r| y[r * n_outputs + k]).collect();
                self.analyse_column(col, k, &resamples)
            })
            .collect())
    }

    pub(super) fn check_len(&self, len: usize, n_outputs: usize) -> Result<()> {
        if n_outputs == 0 || len != self.n_runs() * n_outputs {
            return Err(SensitivityError::DimensionMismatch {
                method: "sobol",
                what: "model outputs (runs x outputs)",
                expected: self.n_runs() * n_outputs.max(1),
                got: len,
            });
        }
        Ok(())
    }

    /// Bootstrap multiplicities, `resamples × N` row-major 16-bit counts: resample `b` draws `N` row
    /// indices with replacement from a ChaCha8 generator seeded with the bootstrap seed on stream `b`, and
    /// counts how often each row is drawn. (A count would need 65 536 draws of one row to overflow — a
    /// Poisson(1) tail far below any floating-point probability — and saturates.)
    pub(super) fn resample_counts(&self) -> Counts {
        let bs = &self.settings.bootstrap;
        let n = self.settings.n;
        let mut counts = vec![0u16; bs.resamples * n];
        // One row of counts per resample, filled in place (in parallel): no second copy.
        let filled = run_into::<_, std::convert::Infallible, _>(
            bs.resamples,
            n,
            &mut counts,
            Control::default(),
            |rows, out| {
                for (b, c) in rows.zip(out.chunks_mut(n.max(1))) {
                    let mut rng = ChaCha8Rng::seed_from_u64(bs.seed);
                    rng.set_stream(b as u64);
                    for _ in 0..n {
                        let j = rng.random_range(0..n);
                        c[j] = c[j].saturating_add(1);
                    }
                }
                Ok(())
            },
        );
        debug_assert!(filled.is_ok());
        Counts {
            resamples: bs.resamples,
            n,
            counts,
        }
    }

    pub(super) fn analyse_column(
        &self,
        mut y: Vec<f64>,
        output: usize,
        resamples: &Counts,
    ) -> Result<SobolIndices> {
        let n = self.settings.n;
        let d = self.n_factors();
        let second = self.settings.second_order;
        let mean = stats::mean(&y);
        // f(A), f(B) all equal: V = 0 exactly (tested on the raw values, free of rounding in the centring).
        if y[..2 * n].iter().all(|v| v.to_bits() == y[0].to_bits()) {
            return Err(SensitivityError::ZeroVariance { output });
        }
        let variance = stats::variance(&y[..2 * n], VarianceKind::Population);
        for v in &mut y {
            *v -= mean;
        }
        let yc = y;
        let est = estimate(&yc, n, d, second).ok_or(SensitivityError::ZeroVariance { output })?;

        // Every bootstrap mean is a weighted sum Σ_j c_bj F_jk of per-row terms F (N × K), so all of them
        // are matrix products C F (resamples × K), computed by nalgebra's GEMM over blocks of base rows.
        let boot: Vec<Option<Raw>> = if resamples.resamples > 0 {
            let sums = bootstrap_sums(&yc, n, d, second, resamples);
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
                ci: Some(BootstrapInterval {
                    lo,
                    hi,
                    sd,
                    level: bs.confidence,
                    resamples: vals.len(),
                }),
            }
        };
        let first: Vec<Estimate> = (0..d)
            .map(|i| make(est.first[i], &|r: &Raw| r.first[i]))
            .collect();
        let total: Vec<Estimate> = (0..d)
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
        let warnings = indices::warnings_of(&first, &total, &pairs);
        Ok(SobolIndices {
            names: self.names.clone(),
            first,
            total,
            second: pairs,
            mean,
            variance,
            n,
            runs: self.n_runs(),
            warnings,
        })
    }
}

/// The bootstrap multiplicities (see [`SobolDesign::resample_counts`]).
pub(super) struct Counts {
    resamples: usize,
    n: usize,
    counts: Vec<u16>,
}

/// Base rows per block of the bootstrap products: up to this `N` the product is the single
/// `C (resamples × N) · F (N × K)`; beyond, block products are summed in block order.
const BOOT_BLOCK: usize = 8192;

/// `C F` over blocks of base rows (in parallel over blocks, summed in block order: deterministic).
fn bootstrap_sums(yc: &[f64], n: usize, d: usize, second: bool, c: &Counts) -> DMatrix<f64> {
    let block_product = |rows: Range<usize>| -> DMatrix<f64> {
        let len = rows.len();
        let cm = DMatrix::<f64>::from_fn(c.resamples, len, |b, k| {
            f64::from(c.counts[b * c.n + rows.start + k])
        });
        cm * features(yc, n, d, second, rows)
    };
    if n <= BOOT_BLOCK {
        return block_product(0..n);
    }
    let blocks = n.div_ceil(BOOT_BLOCK);
    let parts = map_indexed(blocks, |k| {
        block_product(k * BOOT_BLOCK..((k + 1) * BOOT_BLOCK).min(n))
    });
    let mut sums = parts[0].clone();
    for p in &parts[1..] {
        sums += p;
    }
    sums
}

/// Raw estimates from one (re)sample of base rows.
pub(super) struct Raw {
    pub(super) first: Vec<f64>,
    pub(super) total: Vec<f64>,
    pub(super) second: Vec<f64>,
}

/// The point estimates on the centred outputs `yc` (design order); `None` if `V = 0`. `V` is computed in
/// two passes (the bootstrap's [`from_sums`] uses the one-pass form on the same centred values).
pub(super) fn estimate(yc: &[f64], n: usize, d: usize, second: bool) -> Option<Raw> {
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
/// Only the base rows `rows` are formed (a block of the bootstrap product).
pub(super) fn features(
    yc: &[f64],
    n: usize,
    d: usize,
    second: bool,
    rows: Range<usize>,
) -> DMatrix<f64> {
    let pairs = if second { d * (d - 1) / 2 + 1 } else { 0 };
    let k = 2 + 2 * d + pairs;
    let block = |k: usize| &yc[k * n + rows.start..k * n + rows.end];
    let ya = block(0);
    let yb = block(1);
    let n = rows.len();
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
pub(super) fn from_sums(s: &[f64], m: f64, d: usize, second: bool) -> Option<Raw> {
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
