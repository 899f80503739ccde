//! Rank correlation tests with a choice of p-value method: Spearman's ρ and Kendall's τ-b with exact
//! p-values for small samples, the normal approximation with or without continuity correction, and (Spearman)
//! the Student-t approximation. Every result reports the method actually used.
//!
//! Two-sided exact p-values double the smaller tail, `p = min(1, 2·min(P(T ≤ t), P(T ≥ t)))`, with the
//! observed arrangement counted in the null distribution (R `cor.test`, SciPy `kendalltau(method="exact")`
//! and `permutation_test`).

use mfg_quality_indicators::stats::{self, RankOrder, TieMethod};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::association::check_pairs;
use crate::error::{RegionalError, Result};
use crate::regression::two_sided;

/// The largest `n` for which [`spearman_rho_test`] enumerates all `n!` permutations.
pub const SPEARMAN_EXACT_MAX_N: usize = 10;
/// The largest `n` for which [`kendall_test`] computes the exact null distribution.
pub const KENDALL_EXACT_MAX_N: usize = 300;

/// The p-value method actually used, as reported in a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PValueMethod {
    /// The exact permutation distribution.
    Exact,
    /// Student's t with `n − 2` degrees of freedom.
    StudentT,
    /// The normal approximation without continuity correction.
    Normal,
    /// The normal approximation with continuity correction.
    NormalContinuity,
}

/// How [`spearman_rho_test`] computes its p-value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SpearmanPValue {
    /// [`SpearmanPValue::Exact`] for `n ≤` [`SPEARMAN_EXACT_MAX_N`], else [`SpearmanPValue::StudentT`].
    #[default]
    Auto,
    /// Exact: all `n!` pairings of the y-ranks with the x-ranks are enumerated (the conditional
    /// permutation distribution, so it is exact with ties too), `n ≤` [`SPEARMAN_EXACT_MAX_N`].
    Exact,
    /// `t = ρ√((n − 2)/(1 − ρ²))`, Student t with `n − 2` df (`scipy.stats.spearmanr`).
    StudentT,
    /// `z = ρ√(n − 1)`, standard normal (the null variance of ρ is `1/(n − 1)`).
    Normal,
    /// `z = sign(ρ)·max(|ρ| − 6/(n³ − n), 0)·√(n − 1)`: half the lattice step `12/(n³ − n)` of ρ without
    /// ties is subtracted from `|ρ|`.
    NormalContinuity,
}

/// How [`kendall_test`] computes its p-value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum KendallPValue {
    /// SciPy's rule: exact without ties when `n ≤ 33` or the number of discordant (or concordant) pairs is
    /// at most 1, else the normal approximation without continuity correction.
    #[default]
    Auto,
    /// Exact null distribution of the number of discordant pairs (the Mahonian distribution of inversions);
    /// without ties only, `n ≤` [`KENDALL_EXACT_MAX_N`].
    Exact,
    /// `z = S/√Var(S)` (tie-corrected variance).
    Normal,
    /// `z = sign(S)·max(|S| − 1, 0)/√Var(S)` (R `cor.test(…, exact = FALSE, continuity = TRUE)`).
    NormalContinuity,
}

/// Spearman's ρ with its test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpearmanTest {
    /// Number of pairs.
    pub n: usize,
    /// ρ, Pearson r of average ranks.
    pub rho: f64,
    /// The t or z statistic of the approximation; `None` for the exact method or when `|ρ| = 1` makes t
    /// infinite (p = 0).
    pub statistic: Option<f64>,
    /// Two-sided p-value of no association.
    pub p_value: f64,
    /// The method used.
    pub method: PValueMethod,
}

/// Kendall's τ-b with `S`, `Var(S)` and its test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KendallTest {
    /// Number of pairs.
    pub n: usize,
    /// τ-b.
    pub tau_b: f64,
    /// Kendall's score `S` = concordant − discordant pairs.
    pub s: i64,
    /// The null variance of `S` with tie corrections (see [`kendall_test`]).
    pub var_s: f64,
    /// Pairs tied in x (`n₁ = Σt(t − 1)/2`).
    pub ties_x: f64,
    /// Pairs tied in y (`n₂ = Σu(u − 1)/2`).
    pub ties_y: f64,
    /// The z statistic of the normal approximation (with the continuity correction if used); `None` for
    /// the exact method or when `Var(S) = 0`.
    pub z: Option<f64>,
    /// Two-sided p-value of no association.
    pub p_value: f64,
    /// The method used.
    pub method: PValueMethod,
}

fn normal_two_sided(z: f64) -> f64 {
    (2.0 * Normal::standard().sf(z.abs())).min(1.0)
}

/// Spearman's ρ (average ranks for ties) with the p-value method chosen by `method`; see
/// [`SpearmanPValue`].
///
/// ```
/// use mfg_quality_regional::{PValueMethod, SpearmanPValue, spearman_rho_test};
/// let t = spearman_rho_test(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 1.0, 4.0, 3.0, 5.0], SpearmanPValue::Auto)
///     .unwrap();
/// assert_eq!(t.method, PValueMethod::Exact);
/// assert!((t.rho - 0.8).abs() < 1e-12);
/// ```
///
/// # Errors
/// [`RegionalError::TooFewPoints`] (n < 3), [`RegionalError::ZeroVariance`] for a constant variable,
/// [`RegionalError::LengthMismatch`], [`RegionalError::NonFinite`], [`RegionalError::ExactUnavailable`] for
/// [`SpearmanPValue::Exact`] with `n >` [`SPEARMAN_EXACT_MAX_N`].
pub fn spearman_rho_test(x: &[f64], y: &[f64], method: SpearmanPValue) -> Result<SpearmanTest> {
    check_pairs("Spearman correlation", x, y)?;
    let n = x.len();
    let rho = stats::spearman(x, y).clamp(-1.0, 1.0);
    let nf = n as f64;
    let resolved = match method {
        SpearmanPValue::Auto if n <= SPEARMAN_EXACT_MAX_N => SpearmanPValue::Exact,
        SpearmanPValue::Auto => SpearmanPValue::StudentT,
        m => m,
    };
    let (statistic, p_value, used) = match resolved {
        SpearmanPValue::Exact => {
            if n > SPEARMAN_EXACT_MAX_N {
                return Err(RegionalError::ExactUnavailable {
                    method: "Spearman correlation",
                    n,
                    reason: "exact enumeration is limited to n <= 10",
                });
            }
            (None, spearman_exact_p(x, y), PValueMethod::Exact)
        }
        SpearmanPValue::Normal => {
            let z = rho * (nf - 1.0).sqrt();
            (Some(z), normal_two_sided(z), PValueMethod::Normal)
        }
        SpearmanPValue::NormalContinuity => {
            let c = 6.0 / (nf * nf * nf - nf);
            let z = rho.signum() * (rho.abs() - c).max(0.0) * (nf - 1.0).sqrt();
            (Some(z), normal_two_sided(z), PValueMethod::NormalContinuity)
        }
        SpearmanPValue::StudentT | SpearmanPValue::Auto => {
            let df = nf - 2.0;
            let one_minus = 1.0 - rho * rho;
            if one_minus <= 0.0 {
                (None, 0.0, PValueMethod::StudentT)
            } else {
                let t = rho * (df / one_minus).sqrt();
                (Some(t), two_sided(Some(t), df), PValueMethod::StudentT)
            }
        }
    };
    Ok(SpearmanTest {
        n,
        rho,
        statistic,
        p_value,
        method: used,
    })
}

/// Exact two-sided permutation p of `T = Σ rxᵢ ry_π(i)` over all `n!` permutations (Heap's algorithm; each
/// step swaps two entries, so `T` is updated in O(1)). Doubled average ranks are integers, so the counts are
/// exact.
fn spearman_exact_p(x: &[f64], y: &[f64]) -> f64 {
    let rank2 = |v: &[f64]| -> Vec<i64> {
        stats::rank(v, RankOrder::Ascending, TieMethod::Average)
            .into_iter()
            .map(|r| (2.0 * r).round() as i64)
            .collect()
    };
    let rx = rank2(x);
    let mut ry = rank2(y);
    let n = rx.len();
    let observed: i64 = rx.iter().zip(&ry).map(|(a, b)| a * b).sum();
    let mut t = observed;
    let (mut le, mut ge, mut total) = (1u64, 1u64, 1u64);
    let mut c = vec![0usize; n];
    let mut i = 1;
    while i < n {
        if c[i] < i {
            let j = if i % 2 == 0 { 0 } else { c[i] };
            // swap ry[j] and ry[i]: T changes by (rx_j − rx_i)(ry_i − ry_j)
            t += (rx[j] - rx[i]) * (ry[i] - ry[j]);
            ry.swap(i, j);
            total += 1;
            le += u64::from(t <= observed);
            ge += u64::from(t >= observed);
            c[i] += 1;
            i = 1;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
    (2.0 * le.min(ge) as f64 / total as f64).min(1.0)
}

/// Kendall's τ-b with `S`, the tie-corrected `Var(S)` and the p-value method chosen by `method` (see
/// [`KendallPValue`]).
///
/// With `S = Σ_{i<j} sign(xᵢ − xⱼ) sign(yᵢ − yⱼ)`, `n₀ = n(n − 1)/2`, `n₁ = Σt(t − 1)/2` over ties in x and
/// `n₂ = Σu(u − 1)/2` over ties in y: `τ_b = S/√((n₀ − n₁)(n₀ − n₂))` and
/// `Var(S) = [n(n−1)(2n+5) − Σt(t−1)(2t+5) − Σu(u−1)(2u+5)]/18 + Σt(t−1)Σu(u−1)/(2n(n−1))
/// + Σt(t−1)(t−2)Σu(u−1)(u−2)/(9n(n−1)(n−2))` (Kendall & Gibbons 1990), as
/// `scipy.stats.kendalltau(method = "asymptotic")`. Without ties the exact p counts the permutations with at
/// most `min(D, n₀ − D)` inversions (`D` discordant pairs) by the recursion of the Mahonian numbers. O(n²).
///
/// ```
/// use mfg_quality_regional::{KendallPValue, PValueMethod, kendall_test};
/// let k = kendall_test(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 1.0, 4.0, 3.0, 5.0], KendallPValue::Auto).unwrap();
/// assert_eq!((k.s, k.method), (6, PValueMethod::Exact));
/// assert!((k.var_s - 50.0 / 3.0).abs() < 1e-12);
/// ```
///
/// # Errors
/// As [`spearman_rho_test`]; [`RegionalError::ExactUnavailable`] for [`KendallPValue::Exact`] with ties or
/// `n >` [`KENDALL_EXACT_MAX_N`].
pub fn kendall_test(x: &[f64], y: &[f64], method: KendallPValue) -> Result<KendallTest> {
    check_pairs("Kendall tau-b", x, y)?;
    let n = x.len();
    let mut s: i64 = 0;
    for i in 0..n {
        for j in (i + 1)..n {
            let a = i64::from(x[i] > x[j]) - i64::from(x[i] < x[j]);
            let b = i64::from(y[i] > y[j]) - i64::from(y[i] < y[j]);
            s += a * b;
        }
    }
    let nf = n as f64;
    let n0 = nf * (nf - 1.0) / 2.0;
    let tie = |v: &[f64]| {
        (
            crate::difference::tie_sum(v, |t| t * (t - 1.0) / 2.0),
            crate::difference::tie_sum(v, |t| t * (t - 1.0) * (t - 2.0)),
            crate::difference::tie_sum(v, |t| t * (t - 1.0) * (2.0 * t + 5.0)),
        )
    };
    let (n1, x0, x1) = tie(x);
    let (n2, y0, y1) = tie(y);
    let sf = s as f64;
    let tau = (sf / ((n0 - n1) * (n0 - n2)).sqrt()).clamp(-1.0, 1.0);
    let m = nf * (nf - 1.0);
    let var = (m * (2.0 * nf + 5.0) - x1 - y1) / 18.0
        + 2.0 * n1 * n2 / m
        + x0 * y0 / (9.0 * m * (nf - 2.0));
    let no_ties = n1 <= 0.0 && n2 <= 0.0;
    let pairs = (n * (n - 1) / 2) as i64;
    // Without ties every pair is concordant or discordant: D = (n₀ − S)/2.
    let c = if no_ties {
        let d = (pairs - s) / 2;
        d.min(pairs - d)
    } else {
        0
    };
    let resolved = match method {
        KendallPValue::Auto if no_ties && (n <= 33 || c <= 1) => KendallPValue::Exact,
        KendallPValue::Auto => KendallPValue::Normal,
        m => m,
    };
    let (z, p_value, used) = match resolved {
        KendallPValue::Exact => {
            if !no_ties {
                return Err(RegionalError::ExactUnavailable {
                    method: "Kendall tau-b",
                    n,
                    reason: "the exact distribution assumes no ties",
                });
            }
            if n > KENDALL_EXACT_MAX_N {
                return Err(RegionalError::ExactUnavailable {
                    method: "Kendall tau-b",
                    n,
                    reason: "exact distribution is limited to n <= 300",
                });
            }
            (None, kendall_exact_p(n, c as usize), PValueMethod::Exact)
        }
        KendallPValue::Normal | KendallPValue::Auto => {
            if var > 0.0 {
                let z = sf / var.sqrt();
                (Some(z), normal_two_sided(z), PValueMethod::Normal)
            } else {
                (None, 0.0, PValueMethod::Normal)
            }
        }
        KendallPValue::NormalContinuity => {
            if var > 0.0 {
                let z = sf.signum() * (sf.abs() - 1.0).max(0.0) / var.sqrt();
                (Some(z), normal_two_sided(z), PValueMethod::NormalContinuity)
            } else {
                (None, 0.0, PValueMethod::NormalContinuity)
            }
        }
    };
    Ok(KendallTest {
        n,
        tau_b: tau,
        s,
        var_s: var,
        ties_x: n1,
        ties_y: n2,
        z,
        p_value,
        method: used,
    })
}

/// `min(1, 2·P(C ≤ c))` for `C` the number of inversions of a uniform random permutation of `n` items:
/// `C = Σ_{k=1}^{n} Uₖ` with `Uₖ` uniform on `{0, …, k − 1}`, convolved as probabilities (no overflow).
fn kendall_exact_p(n: usize, c: usize) -> f64 {
    let mut p = vec![0.0f64; c + 1];
    p[0] = 1.0;
    let mut next = vec![0.0f64; c + 1];
    for k in 2..=n {
        // next[j] = (1/k) Σ_{u=0}^{k−1} p[j − u], a sliding window sum
        let mut window = 0.0;
        for j in 0..=c {
            window += p[j];
            if j >= k {
                window -= p[j - k];
            }
            next[j] = window / k as f64;
        }
        std::mem::swap(&mut p, &mut next);
    }
    (2.0 * p.iter().sum::<f64>()).min(1.0)
}
