//! PAWN, the CDF-based moment-independent index (Pianosi & Wagener 2015; the given-data estimator of
//! Pianosi & Wagener 2018), as SALib's `pawn.analyze`.
//!
//! # Estimator
//! For factor `i`, cut its range into `S` slices at the empirical quantiles `q_s = Q_i(s/S)` (linear
//! interpolation, numpy's default) and take the rows with `q_s ≤ x_i < q_{s+1}` (so the largest `x_i` falls in
//! no slice, as in SALib). For each non-empty slice the Kolmogorov–Smirnov statistic between the outputs of
//! the slice and all outputs is `KS_s = max_y |F̂_slice(y) − F̂(y)|`. The indices are the minimum, mean,
//! median and maximum of the `KS_s`, and their coefficient of variation `sd/mean` (population `sd`); the
//! median is the index Pianosi & Wagener recommend. Deterministic: no resampling.
//!
//! ```
//! use mfg_quality_sensitivity::pawn::Pawn;
//! use mfg_quality_sensitivity::test_functions::{Ishigami, TestFunction};
//! use mfg_quality_sensitivity::unit_cube::Bounds;
//! use mfg_quality_sensitivity::Measure;
//!
//! let f = Ishigami::default();
//! let bounds = Bounds::new(f.bounds()).unwrap();
//! let r = Pawn::default().analyze_model(&|x: &[f64]| f.eval(x), &bounds, 2000, 1).unwrap();
//! let med = r.column(0, Measure::PawnMedian);
//! assert!(med[0] > med[2] && med[1] > med[2]);
//! ```

use crate::unit_cube::{self, Bounds};
use crate::{IndexEstimate, Measure, Method, Result, SensitivityError, SensitivityResult};

const METHOD: &str = "pawn";

/// Validated PAWN settings: the number of slices `S`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pawn {
    slices: usize,
}

impl Default for Pawn {
    /// `S = 10`, SALib's default.
    fn default() -> Self {
        Pawn { slices: 10 }
    }
}

impl Pawn {
    /// `slices ≥ 2`.
    pub fn new(slices: usize) -> Result<Self> {
        if slices < 2 {
            return Err(SensitivityError::InvalidParameter {
                method: METHOD,
                parameter: "S",
                reason: format!(
                    "{slices} slices: at least 2 are needed to condition on a factor (SALib's default is 10)"
                ),
            });
        }
        Ok(Pawn { slices })
    }

    /// The number of slices.
    pub fn slices(&self) -> usize {
        self.slices
    }

    /// Analyses the row-major sample `x` (`d` columns, any design) and its outputs `y` (row-major, `k`
    /// outputs). Needs at least `S` rows.
    pub fn analyze(&self, x: &[f64], d: usize, y: &[f64], k: usize) -> Result<SensitivityResult> {
        let n = unit_cube::check_matrix(METHOD, x, d)?;
        unit_cube::check_outputs(METHOD, y, n, k)?;
        if n < 2 * self.slices {
            return Err(SensitivityError::TooFew {
                method: METHOD,
                what: "samples",
                needed: 2 * self.slices,
                got: n,
                reason: "PAWN needs at least two rows per slice on average: add samples or lower S",
            });
        }
        let s = self.slices;
        let tasks = unit_cube::par_map(d * k, |t| {
            let (j, i) = (t / d, t % d);
            let xi = unit_cube::column(x, d, i);
            let yj = unit_cube::column(y, k, j);
            (i, j, pawn_stats(&xi, &yj, s))
        });
        let mut indices = Vec::with_capacity(5 * d * k);
        for (i, j, st) in tasks {
            for (measure, estimate) in [
                (Measure::PawnMinimum, st[0]),
                (Measure::PawnMean, st[1]),
                (Measure::PawnMedian, st[2]),
                (Measure::PawnMaximum, st[3]),
                (Measure::PawnCv, st[4]),
            ] {
                indices.push(IndexEstimate {
                    factor: i,
                    output: j,
                    measure,
                    estimate,
                    interval: None,
                });
            }
        }
        Ok(SensitivityResult {
            method: Method::Pawn,
            factors: unit_cube::default_names("x", d),
            outputs: unit_cube::output_names(k),
            confidence: None,
            evaluations: n,
            indices,
        })
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
}

/// numpy's `quantile(sorted, q)` with the default linear method (its `_lerp`).
pub(crate) fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    let h = (n - 1) as f64 * q;
    let lo = h.floor();
    let g = h - lo;
    let lo = (lo.max(0.0) as usize).min(n - 1);
    let hi = (lo + 1).min(n - 1);
    let (a, b) = (sorted[lo], sorted[hi]);
    let diff = b - a;
    if g >= 0.5 {
        b - diff * (1.0 - g)
    } else {
        a + diff * g
    }
}

/// `[min, mean, median, max, cv]` of the slices' KS statistics.
fn pawn_stats(x: &[f64], y: &[f64], s: usize) -> [f64; 5] {
    let mut xs = x.to_vec();
    xs.sort_by(f64::total_cmp);
    let step = 1.0 / s as f64;
    // numpy's arange(0, 1 + step, step): i·step.
    let q: Vec<f64> = (0..=s)
        .map(|i| quantile_sorted(&xs, i as f64 * step))
        .collect();
    let mut ys = y.to_vec();
    ys.sort_by(f64::total_cmp);
    let mut ks = Vec::with_capacity(s);
    let mut sel = Vec::with_capacity(y.len());
    for w in q.windows(2) {
        sel.clear();
        sel.extend(
            x.iter()
                .zip(y)
                .filter(|(xv, _)| **xv >= w[0] && **xv < w[1])
                .map(|(_, &yv)| yv),
        );
        if sel.is_empty() {
            continue;
        }
        sel.sort_by(f64::total_cmp);
        ks.push(ks_statistic(&sel, &ys));
    }
    let c = ks.len() as f64;
    let min = ks.iter().copied().fold(f64::INFINITY, f64::min);
    let max = ks.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mean = ks.iter().sum::<f64>() / c;
    let sd = (ks.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / c).sqrt();
    let mut sorted = ks.clone();
    sorted.sort_by(f64::total_cmp);
    let l = sorted.len();
    let median = if !l.is_multiple_of(2) {
        sorted[l / 2]
    } else {
        (sorted[l / 2 - 1] + sorted[l / 2]) / 2.0
    };
    [min, mean, median, max, sd / mean]
}

/// The two-sample Kolmogorov–Smirnov statistic of two sorted samples (scipy's `ks_2samp` statistic:
/// the largest gap between the empirical CDFs, evaluated at every observation).
pub(crate) fn ks_statistic(a: &[f64], b: &[f64]) -> f64 {
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (mut i, mut j) = (0usize, 0usize);
    let mut d: f64 = 0.0;
    while i < a.len() || j < b.len() {
        let v = match (a.get(i), b.get(j)) {
            (Some(&u), Some(&w)) => u.min(w),
            (Some(&u), None) => u,
            (None, Some(&w)) => w,
            (None, None) => break,
        };
        while i < a.len() && a[i] <= v {
            i += 1;
        }
        while j < b.len() && b[j] <= v {
            j += 1;
        }
        let gap = (i as f64 / na - j as f64 / nb).abs();
        if gap > d {
            d = gap;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ks_and_quantiles() {
        assert!((ks_statistic(&[1.0, 2.0], &[1.0, 2.0]) - 0.0).abs() < 1e-15);
        assert!((ks_statistic(&[0.0, 1.0], &[2.0, 3.0]) - 1.0).abs() < 1e-15);
        assert!((ks_statistic(&[1.0], &[0.0, 1.0, 2.0, 3.0]) - 0.5).abs() < 1e-15);
        let s = [1.0, 2.0, 4.0];
        assert!((quantile_sorted(&s, 0.75) - 3.0).abs() < 1e-15);
        assert!((quantile_sorted(&s, 1.0) - 4.0).abs() < 1e-15);
        assert!((quantile_sorted(&s, 0.0) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn bad_input() {
        assert!(Pawn::new(1).is_err());
        let p = Pawn::default();
        let x = vec![0.5; 19];
        assert!(matches!(
            p.analyze(&x, 1, &x, 1),
            Err(SensitivityError::TooFew {
                needed: 20,
                got: 19,
                ..
            })
        ));
        assert!(matches!(
            p.analyze(&x, 1, &x[..18], 1),
            Err(SensitivityError::DimensionMismatch { .. })
        ));
    }
}
