//! Small descriptive statistics shared by the method crates: means, variances, ranks, quantiles, and the
//! Student t p-value of a correlation.
//!
//! These are the building blocks every crate needs with one agreed convention (see CONVENTIONS.md):
//! sample standard deviation by default, ranks with 1 = best and ties sharing the lowest rank.
//! Inputs are assumed finite (the [`crate::Panel`] guarantees it); empty inputs give documented results.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Which denominator a variance uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum VarianceKind {
    /// Divide by `n − 1` (the default: Handbook, COINr, R `sd`).
    #[default]
    Sample,
    /// Divide by `n` (e.g. the Mazziotta–Pareto index).
    Population,
}

/// Arithmetic mean; 0 for an empty slice. Finite for finite input: when the plain sum would exceed
/// `f64::MAX`, the mean is taken as a running mean instead.
pub fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        return 0.0;
    }
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    if m.is_finite() {
        return m;
    }
    // A running mean m_k = m_{k−1} + x_k/k − m_{k−1}/k: every term is at most f64::MAX / k in size.
    let mut m = 0.0;
    for (k, v) in x.iter().enumerate() {
        let k = (k + 1) as f64;
        m += v / k - m / k;
    }
    m
}

/// The largest |xᵢ| when a computation on `x` needs rescaling (a square or a sum overflows), else `None`.
fn scale_of(x: &[f64]) -> Option<f64> {
    let s = x.iter().fold(0.0f64, |a, v| a.max(v.abs()));
    (s > 0.0 && s.is_finite()).then_some(s)
}

/// Weighted arithmetic mean `Σ wᵢxᵢ / Σ wᵢ`; 0 if the weights sum to 0.
pub fn weighted_mean(x: &[f64], w: &[f64]) -> f64 {
    let sw: f64 = w.iter().sum();
    if sw == 0.0 {
        0.0
    } else {
        x.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() / sw
    }
}

/// Variance with the chosen denominator (two-pass algorithm); 0 when there are too few values
/// (`n < 2` for the sample variance, `n < 1` for the population variance). Finite for finite input: squares
/// that would overflow are taken on `x / max|xᵢ|` and scaled back, saturating at `f64::MAX`.
pub fn variance(x: &[f64], kind: VarianceKind) -> f64 {
    let n = x.len();
    let denom = match kind {
        VarianceKind::Sample if n >= 2 => (n - 1) as f64,
        VarianceKind::Population if n >= 1 => n as f64,
        _ => return 0.0,
    };
    let m = mean(x);
    let v = x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / denom;
    if v.is_finite() {
        return v;
    }
    // The squares overflow: var(x) = s² var(x / s) with s = max |xᵢ|, saturating at f64::MAX when the
    // variance itself is beyond the f64 range.
    match scale_of(x) {
        Some(s) => {
            let y: Vec<f64> = x.iter().map(|v| v / s).collect();
            let my = mean(&y);
            let vy = y.iter().map(|v| (v - my) * (v - my)).sum::<f64>() / denom;
            (vy * s * s).min(f64::MAX)
        }
        None => v,
    }
}

/// Standard deviation, `sqrt(variance(x, kind))`.
pub fn std_dev(x: &[f64], kind: VarianceKind) -> f64 {
    variance(x, kind).sqrt()
}

/// Median (average of the two middle values for even n); 0 for an empty slice.
pub fn median(x: &[f64]) -> f64 {
    quantile(x, 0.5)
}

/// Quantile by linear interpolation between order statistics (Hyndman & Fan type 7, the default of R's
/// `quantile` and NumPy's `percentile`): `h = (n − 1)p`, `Q = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)`.
/// `p` is clamped to [0, 1]; 0 for an empty slice.
pub fn quantile(x: &[f64], p: f64) -> f64 {
    if x.is_empty() {
        return 0.0;
    }
    let mut s = x.to_vec();
    s.sort_by(f64::total_cmp);
    quantile_sorted(&s, p)
}

/// [`quantile`] of an already ascending-sorted slice.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let h = (sorted.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// How tied values are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TieMethod {
    /// Ties share the lowest rank (R `ties.method = "min"`; 1, 2, 2, 4). The default.
    #[default]
    Min,
    /// Ties share the highest rank (1, 3, 3, 4).
    Max,
    /// Ties share the mean of their ranks (1, 2.5, 2.5, 4): the convention of Spearman's ρ.
    Average,
    /// Ties share the lowest rank and the next distinct value gets the next integer (1, 2, 2, 3).
    Dense,
    /// Ties are broken by position (1, 2, 3, 4).
    First,
}

/// Which end of the scale gets rank 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RankOrder {
    /// The highest value gets rank 1 (scores: 1 = best). The default.
    #[default]
    Descending,
    /// The lowest value gets rank 1 (the convention of rank statistics such as Spearman's ρ).
    Ascending,
}

/// Ranks of `x` (1-based, as `f64` because average ranks can be fractional).
///
/// ```
/// use mfg_quality_indicators::stats::{rank, RankOrder, TieMethod};
/// let r = rank(&[3.0, 5.0, 5.0, 1.0], RankOrder::Descending, TieMethod::Min);
/// assert_eq!(r, vec![3.0, 1.0, 1.0, 4.0]);
/// let r = rank(&[3.0, 5.0, 5.0, 1.0], RankOrder::Ascending, TieMethod::Average);
/// assert_eq!(r, vec![2.0, 3.5, 3.5, 1.0]);
/// ```
pub fn rank(x: &[f64], order: RankOrder, ties: TieMethod) -> Vec<f64> {
    let n = x.len();
    let mut idx: Vec<usize> = (0..n).collect();
    match order {
        RankOrder::Descending => idx.sort_by(|&a, &b| x[b].total_cmp(&x[a]).then(a.cmp(&b))),
        RankOrder::Ascending => idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b))),
    }
    let mut out = vec![0.0; n];
    let mut start = 0;
    let mut dense = 0.0;
    while start < n {
        let mut end = start + 1;
        #[allow(clippy::float_cmp)] // exact ties are what ranking means
        while end < n && x[idx[end]] == x[idx[start]] {
            end += 1;
        }
        dense += 1.0;
        for (k, &i) in idx[start..end].iter().enumerate() {
            out[i] = match ties {
                TieMethod::Min => (start + 1) as f64,
                TieMethod::Max => end as f64,
                TieMethod::Average => (start + 1 + end) as f64 / 2.0,
                TieMethod::Dense => dense,
                TieMethod::First => (start + k + 1) as f64,
            };
        }
        start = end;
    }
    out
}

/// Pearson product-moment correlation of two equally long slices; 0 if either is constant or `n < 2`.
/// Finite for finite input (sums of squares that would overflow are taken on rescaled values).
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    if n < 2 {
        return 0.0;
    }
    let (mx, my) = (mean(&x[..n]), mean(&y[..n]));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for k in 0..n {
        let (dx, dy) = (x[k] - mx, y[k] - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx.is_finite() && syy.is_finite() && sxy.is_finite() {
        if sxx == 0.0 || syy == 0.0 {
            return 0.0;
        }
        let d = (sxx * syy).sqrt();
        if d.is_finite() && d > 0.0 {
            return sxy / d;
        }
    }
    // A square or product overflowed: r is scale-invariant, so rescale both to max |·| = 1.
    match (scale_of(&x[..n]), scale_of(&y[..n])) {
        (Some(sx), Some(sy)) => {
            let xs: Vec<f64> = x[..n].iter().map(|v| v / sx).collect();
            let ys: Vec<f64> = y[..n].iter().map(|v| v / sy).collect();
            pearson(&xs, &ys)
        }
        _ => 0.0,
    }
}

/// Spearman's rank correlation: Pearson's r of average ranks; 0 if either is constant or `n < 2`.
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(
        &rank(x, RankOrder::Ascending, TieMethod::Average),
        &rank(y, RankOrder::Ascending, TieMethod::Average),
    )
}

/// Two-sided p-value of a correlation `r` from `n ≥ 3` observations by the Student t test
/// `t = r √(n − 2) / √(1 − r²)` with `n − 2` degrees of freedom (statrs `StudentsT`); `|r| = 1` gives 0.
/// For Pearson's r this is exact under bivariate normality (R `cor.test`, SciPy `pearsonr`); for Spearman's ρ
/// it is the large-sample approximation used by SciPy `spearmanr` (R `cor.test` uses an exact permutation
/// distribution for small samples without ties, so its p-values can differ). Returns 1 for `n < 3` or a
/// non-finite `r`; `r` is clamped to `[−1, 1]`. Never panics.
pub fn correlation_p_value(r: f64, n: usize) -> f64 {
    if n < 3 || !r.is_finite() {
        return 1.0;
    }
    let r = r.clamp(-1.0, 1.0);
    let denom = 1.0 - r * r;
    if denom <= 0.0 {
        return 0.0;
    }
    let df = (n - 2) as f64;
    let t = r.abs() * df.sqrt() / denom.sqrt();
    match StudentsT::new(0.0, 1.0, df) {
        Ok(dist) => (2.0 * dist.sf(t)).clamp(0.0, 1.0),
        Err(_) => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments() {
        let x = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert!((mean(&x) - 5.0).abs() < 1e-12);
        assert!((variance(&x, VarianceKind::Population) - 4.0).abs() < 1e-12);
        assert!((variance(&x, VarianceKind::Sample) - 32.0 / 7.0).abs() < 1e-12);
        assert!((median(&x) - 4.5).abs() < 1e-12);
        // R: quantile(c(2,4,4,4,5,5,7,9), 0.9) = 7.6
        assert!((quantile(&x, 0.9) - 7.6).abs() < 1e-12);
        assert!(variance(&[1.0], VarianceKind::Sample).abs() < 1e-300);
    }

    #[test]
    fn correlation_p_values() {
        // R: cor.test(c(1,2,3,4,5), c(2,4,5,4,5))$p.value = 0.1240270 (r = 0.7745967)
        let p = correlation_p_value(0.774_596_669_241_483_4, 5);
        assert!((p - 0.124_027_0).abs() < 1e-6, "{p}");
        assert!(correlation_p_value(1.0, 10).abs() < 1e-300);
        assert!(correlation_p_value(-1.0, 10).abs() < 1e-300);
        assert!((correlation_p_value(0.0, 10) - 1.0).abs() < 1e-15);
        // undefined inputs give 1, never NaN or a panic
        for (r, n) in [(0.5, 2), (0.5, 0), (f64::NAN, 10), (f64::INFINITY, 10)] {
            assert!((correlation_p_value(r, n) - 1.0).abs() < 1e-300, "{r} {n}");
        }
    }

    #[test]
    fn ranks() {
        let x = [10.0, 20.0, 20.0, 5.0];
        assert_eq!(
            rank(&x, RankOrder::Descending, TieMethod::Min),
            vec![3.0, 1.0, 1.0, 4.0]
        );
        assert_eq!(
            rank(&x, RankOrder::Descending, TieMethod::Max),
            vec![3.0, 2.0, 2.0, 4.0]
        );
        assert_eq!(
            rank(&x, RankOrder::Descending, TieMethod::Dense),
            vec![2.0, 1.0, 1.0, 3.0]
        );
        assert_eq!(
            rank(&x, RankOrder::Descending, TieMethod::First),
            vec![3.0, 1.0, 2.0, 4.0]
        );
        assert_eq!(
            rank(&x, RankOrder::Ascending, TieMethod::Average),
            vec![2.0, 3.5, 3.5, 1.0]
        );
    }

    #[test]
    fn correlations() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [2.0, 4.0, 5.0, 4.0, 5.0];
        // R: cor(x, y) = 0.7745967, cor(x, y, method = "spearman") = 0.7378648
        assert!((pearson(&x, &y) - 0.774_596_7).abs() < 1e-7);
        assert!((spearman(&x, &y) - 0.737_864_8).abs() < 1e-7);
    }
}
