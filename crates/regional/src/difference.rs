//! Tests of differences between groups: one-way ANOVA and the Kruskal–Wallis rank test.

use mfg_quality_indicators::stats::{self, RankOrder, TieMethod};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor};

use crate::error::{RegionalError, Result, check_finite};
use crate::regions::Grouping;

/// One-way analysis of variance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Anova {
    /// Between-group sum of squares `Σ_g n_g (x̄_g − x̄)²`.
    pub ss_between: f64,
    /// Within-group sum of squares `Σ_g Σ_i (x_gi − x̄_g)²`.
    pub ss_within: f64,
    /// `k − 1`.
    pub df_between: f64,
    /// `N − k`.
    pub df_within: f64,
    /// `F = (SS_b/(k − 1)) / (SS_w/(N − k))`.
    pub f: f64,
    /// `P(F_{k−1, N−k} > F)` (statrs `FisherSnedecor`).
    pub p_value: f64,
    /// Effect size `η² = SS_b / (SS_b + SS_w)`.
    pub eta_squared: f64,
}

/// One-way ANOVA of `values` across the groups of `grouping` (Fisher; e.g. Montgomery, *Design and Analysis of
/// Experiments*, ch. 3). Same result as `scipy.stats.f_oneway` and R `oneway.test(var.equal = TRUE)`.
///
/// # Errors
/// [`RegionalError::LengthMismatch`], [`RegionalError::NonFinite`], [`RegionalError::EmptyGroup`],
/// [`RegionalError::TooFewGroups`] (k < 2), [`RegionalError::TooFewPoints`] (N ≤ k: no within-group degrees
/// of freedom), [`RegionalError::ZeroVariance`] (`within-group`) when every group is constant, so F is
/// undefined.
pub fn one_way_anova(values: &[f64], grouping: &Grouping) -> Result<Anova> {
    grouping.check_values("values", values)?;
    check_finite("values", values)?;
    let k = grouping.n_groups();
    if k < 2 {
        return Err(RegionalError::TooFewGroups {
            method: "one-way ANOVA",
            groups: k,
            min: 2,
        });
    }
    let counts = grouping.require_nonempty(None)?;
    let n = values.len();
    if n <= k {
        return Err(RegionalError::TooFewPoints {
            method: "one-way ANOVA",
            n,
            min: k + 1,
        });
    }
    let mut sums = vec![0.0; k];
    for (&v, &g) in values.iter().zip(grouping.ids()) {
        sums[g as usize] += v;
    }
    let means: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, &c)| s / c as f64)
        .collect();
    let grand = stats::mean(values);
    let mut ss_within = 0.0;
    for (&v, &g) in values.iter().zip(grouping.ids()) {
        let d = v - means[g as usize];
        ss_within += d * d;
    }
    let ss_between: f64 = means
        .iter()
        .zip(&counts)
        .map(|(m, &c)| c as f64 * (m - grand) * (m - grand))
        .sum();
    if ss_within <= 0.0 {
        return Err(RegionalError::ZeroVariance {
            method: "one-way ANOVA",
            variable: "within-group",
        });
    }
    let (df_b, df_w) = ((k - 1) as f64, (n - k) as f64);
    let f = (ss_between / df_b) / (ss_within / df_w);
    let dist = FisherSnedecor::new(df_b, df_w).map_err(|_| RegionalError::TooFewPoints {
        method: "one-way ANOVA",
        n,
        min: k + 1,
    })?;
    Ok(Anova {
        ss_between,
        ss_within,
        df_between: df_b,
        df_within: df_w,
        f,
        p_value: dist.sf(f),
        eta_squared: ss_between / (ss_between + ss_within),
    })
}

/// Kruskal–Wallis rank test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KruskalWallis {
    /// The tie-corrected statistic `H`.
    pub h: f64,
    /// `H` before the tie correction.
    pub h_uncorrected: f64,
    /// The tie correction factor `C = 1 − Σ(t³ − t)/(N³ − N)` (`H = H_uncorrected / C`).
    pub tie_correction: f64,
    /// Degrees of freedom `k − 1`.
    pub df: f64,
    /// `P(χ²_{k−1} > H)` (statrs `ChiSquared`; the large-sample approximation).
    pub p_value: f64,
}

/// Kruskal–Wallis test (Kruskal & Wallis 1952): with average ranks `r` of all `N` values (ties get the mean
/// rank) and `R_g` the rank sum of group `g`, `H₀ = 12/(N(N + 1)) Σ_g R_g²/n_g − 3(N + 1)`, corrected for ties
/// `H = H₀ / (1 − Σ_j (t_j³ − t_j)/(N³ − N))` over the tie groups `t_j`. Same result as
/// `scipy.stats.kruskal` and R `kruskal.test`.
///
/// # Errors
/// As [`one_way_anova`]; [`RegionalError::ZeroVariance`] (`values`) if all values are equal.
pub fn kruskal_wallis(values: &[f64], grouping: &Grouping) -> Result<KruskalWallis> {
    grouping.check_values("values", values)?;
    check_finite("values", values)?;
    let k = grouping.n_groups();
    if k < 2 {
        return Err(RegionalError::TooFewGroups {
            method: "Kruskal-Wallis",
            groups: k,
            min: 2,
        });
    }
    let counts = grouping.require_nonempty(None)?;
    let n = values.len();
    let ranks = stats::rank(values, RankOrder::Ascending, TieMethod::Average);
    let mut rsum = vec![0.0; k];
    for (&r, &g) in ranks.iter().zip(grouping.ids()) {
        rsum[g as usize] += r;
    }
    let nf = n as f64;
    let h0 = 12.0 / (nf * (nf + 1.0))
        * rsum
            .iter()
            .zip(&counts)
            .map(|(r, &c)| r * r / c as f64)
            .sum::<f64>()
        - 3.0 * (nf + 1.0);
    let ties = tie_sum(values, |t| t * t * t - t);
    let c = 1.0 - ties / (nf * nf * nf - nf);
    if c <= 0.0 {
        return Err(RegionalError::ZeroVariance {
            method: "Kruskal-Wallis",
            variable: "values",
        });
    }
    let h = (h0 / c).max(0.0);
    let df = (k - 1) as f64;
    let dist = ChiSquared::new(df).map_err(|_| RegionalError::TooFewGroups {
        method: "Kruskal-Wallis",
        groups: k,
        min: 2,
    })?;
    Ok(KruskalWallis {
        h,
        h_uncorrected: h0.max(0.0),
        tie_correction: c,
        df,
        p_value: dist.sf(h),
    })
}

/// `Σ_j f(t_j)` over the groups of tied values (sizes `t_j`, as `f64`), singletons included.
pub(crate) fn tie_sum(x: &[f64], f: impl Fn(f64) -> f64) -> f64 {
    let mut s = x.to_vec();
    s.sort_by(f64::total_cmp);
    let mut total = 0.0;
    let mut i = 0;
    while i < s.len() {
        let mut j = i + 1;
        #[allow(clippy::float_cmp)] // exact ties are what a tie count means (−0 and +0 are tied)
        while j < s.len() && s[j] == s[i] {
            j += 1;
        }
        total += f((j - i) as f64);
        i = j;
    }
    total
}
