//! The estimators: [`SobolDesign::analyse`] of the model outputs, the Saltelli 2010 / Jansen 1999 sums
//! and their bootstrap confidence intervals.

use super::*;

impl SobolDesign {
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

    pub(super) fn check_len(&self, len: usize, n_outputs: usize) -> Result<()> {
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
    pub(super) fn resample_counts(&self) -> DMatrix<f64> {
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

    pub(super) fn analyse_column(
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
pub(super) fn features(yc: &[f64], n: usize, d: usize, second: bool) -> DMatrix<f64> {
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
