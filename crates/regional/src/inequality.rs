//! Inequality across units: Gini, Theil T and L, coefficient of variation, the Theil decomposition into
//! between-group and within-group parts, and Dagum's (1997) Gini decomposition into within-group,
//! net between-group and overlap (transvariation) parts.
//!
//! Notation: values `xᵢ`, optional weights `wᵢ ≥ 0` (population or output; equal weights if absent),
//! population shares `pᵢ = wᵢ/W` with `W = Σwᵢ`, mean `μ = Σpᵢxᵢ`. All indices are invariant to multiplying
//! every value by a positive constant and to permuting the units (tested).

use serde::{Deserialize, Serialize};

use crate::error::{RegionalError, Result, check_finite, check_weights};
use crate::regions::Grouping;

fn prepare(
    method: &'static str,
    x: &[f64],
    w: Option<&[f64]>,
    strictly_positive: bool,
) -> Result<()> {
    check_finite("values", x)?;
    if x.is_empty() {
        return Err(RegionalError::TooFewPoints {
            method,
            n: 0,
            min: 1,
        });
    }
    if let Some(w) = w {
        check_weights(w, x.len(), method)?;
    }
    let bad = if strictly_positive {
        x.iter().position(|&v| v <= 0.0)
    } else {
        x.iter().position(|&v| v < 0.0)
    };
    if let Some(position) = bad {
        return Err(RegionalError::NonPositive {
            method,
            position,
            value: x[position],
            reason: if strictly_positive {
                "must be > 0"
            } else {
                "must be >= 0"
            },
        });
    }
    Ok(())
}

/// The Gini coefficient: half the relative mean absolute difference,
/// `G = Σᵢ Σⱼ pᵢ pⱼ |xᵢ − xⱼ| / (2μ)` (Gini 1912; population form, no small-sample correction; equal to
/// R `ineq::Gini(x)` unweighted and to the weighted form of e.g. `acid::weighted.gini` / Stata `ineqdeco`).
/// Computed in O(n log n) from the sorted values: with cumulative weights `Cᵢ` (ascending order),
/// `G = Σᵢ wᵢ xᵢ (Cᵢ₋₁ + Cᵢ − W) / (W Σᵢ wᵢ xᵢ)`. Unweighted it lies in `[0, (n − 1)/n]`, so in `[0, 1)`.
///
/// ```
/// use mfg_quality_regional::gini;
/// assert!((gini(&[1.0, 2.0, 3.0, 4.0], None).unwrap() - 0.25).abs() < 1e-15);
/// ```
///
/// # Errors
/// [`RegionalError::NonPositive`] for a negative value, [`RegionalError::ZeroTotal`] if all values are 0,
/// [`RegionalError::TooFewPoints`] for no values, and the weight and finiteness errors.
pub fn gini(x: &[f64], weights: Option<&[f64]>) -> Result<f64> {
    prepare("Gini", x, weights, false)?;
    let g = match weights {
        None => {
            // Non-negative f64 values order like their bit patterns as u64 (after mapping −0 to +0), and
            // integer sorting is faster than a float comparator.
            let mut keys: Vec<u64> = x.iter().map(|v| (v + 0.0).to_bits()).collect();
            keys.sort_unstable();
            let s = keys.into_iter().map(f64::from_bits);
            let n = x.len() as f64;
            let total: f64 = x.iter().sum();
            if total <= 0.0 {
                return Err(RegionalError::ZeroTotal {
                    method: "Gini",
                    what: "values",
                });
            }
            // Σ xᵢ (2i − 1 − n), i = 1..n
            let num: f64 = s
                .enumerate()
                .map(|(i, v)| v * (2.0 * i as f64 + 1.0 - n))
                .sum();
            num / (n * total)
        }
        Some(w) => {
            let mut s: Vec<(u64, f64)> = x
                .iter()
                .map(|v| (v + 0.0).to_bits())
                .zip(w.iter().copied())
                .collect();
            s.sort_unstable_by_key(|p| p.0);
            let wt: f64 = w.iter().sum();
            let wx: f64 = x.iter().zip(w).map(|(v, w)| v * w).sum();
            if wx <= 0.0 {
                return Err(RegionalError::ZeroTotal {
                    method: "Gini",
                    what: "values",
                });
            }
            let mut c = 0.0;
            let mut num = 0.0;
            for &(bits, wi) in &s {
                let v = f64::from_bits(bits);
                let prev = c;
                c += wi;
                num += wi * v * (prev + c - wt);
            }
            num / (wt * wx)
        }
    };
    Ok(g.max(0.0))
}

/// The Gini coefficient with the small-sample correction `G · n/(n − 1)` (unweighted; R
/// `ineq::Gini(x, corr = TRUE)`), which makes it an unbiased estimate of the population Gini under simple
/// random sampling and reaches 1 when one unit holds everything.
///
/// # Errors
/// As [`gini`]; [`RegionalError::TooFewPoints`] for n < 2.
pub fn gini_corrected(x: &[f64]) -> Result<f64> {
    if x.len() < 2 {
        return Err(RegionalError::TooFewPoints {
            method: "corrected Gini",
            n: x.len(),
            min: 2,
        });
    }
    let n = x.len() as f64;
    Ok(gini(x, None)? * n / (n - 1.0))
}

/// Theil's T index (GE(1), Theil 1967): `T = Σᵢ pᵢ (xᵢ/μ) ln(xᵢ/μ)`.
///
/// # Errors
/// [`RegionalError::NonPositive`] for a value ≤ 0, and the weight and finiteness errors.
pub fn theil_t(x: &[f64], weights: Option<&[f64]>) -> Result<f64> {
    prepare("Theil T", x, weights, true)?;
    let (p, mu) = shares_and_mean(x, weights);
    Ok(x.iter()
        .enumerate()
        .map(|(i, &v)| {
            let r = v / mu;
            p(i) * r * r.ln()
        })
        .sum::<f64>()
        .max(0.0))
}

/// Theil's L index (GE(0), the mean log deviation, Theil 1967): `L = Σᵢ pᵢ ln(μ/xᵢ)`.
///
/// # Errors
/// As [`theil_t`].
pub fn theil_l(x: &[f64], weights: Option<&[f64]>) -> Result<f64> {
    prepare("Theil L", x, weights, true)?;
    let (p, mu) = shares_and_mean(x, weights);
    Ok(x.iter()
        .enumerate()
        .map(|(i, &v)| p(i) * (mu / v).ln())
        .sum::<f64>()
        .max(0.0))
}

fn shares_and_mean<'a>(x: &[f64], w: Option<&'a [f64]>) -> (impl Fn(usize) -> f64 + 'a, f64) {
    let n = x.len() as f64;
    let wt: f64 = w.map_or(n, |w| w.iter().sum());
    let mu = match w {
        None => x.iter().sum::<f64>() / n,
        Some(w) => x.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() / wt,
    };
    (move |i: usize| w.map_or(1.0, |w| w[i]) / wt, mu)
}

/// Coefficient of variation. Unweighted: sample sd / mean, `s/x̄` with `s² = Σ(xᵢ − x̄)²/(n − 1)` (the
/// project default). Weighted: Williamson's (1965) population-weighted `√(Σpᵢ(xᵢ − μ)²)/μ`.
///
/// # Errors
/// [`RegionalError::ZeroTotal`] for a zero mean, [`RegionalError::TooFewPoints`] for n < 2 (unweighted),
/// and the weight and finiteness errors. Negative values are allowed if the mean is not 0.
pub fn coefficient_of_variation(x: &[f64], weights: Option<&[f64]>) -> Result<f64> {
    check_finite("values", x)?;
    match weights {
        None => {
            if x.len() < 2 {
                return Err(RegionalError::TooFewPoints {
                    method: "coefficient of variation",
                    n: x.len(),
                    min: 2,
                });
            }
            let m = mfg_quality_indicators::stats::mean(x);
            if m == 0.0 {
                return Err(RegionalError::ZeroTotal {
                    method: "coefficient of variation",
                    what: "values",
                });
            }
            Ok(mfg_quality_indicators::stats::std_dev(
                x,
                mfg_quality_indicators::stats::VarianceKind::Sample,
            ) / m.abs())
        }
        Some(w) => {
            check_weights(w, x.len(), "weighted coefficient of variation")?;
            let m = mfg_quality_indicators::stats::weighted_mean(x, w);
            if m == 0.0 {
                return Err(RegionalError::ZeroTotal {
                    method: "weighted coefficient of variation",
                    what: "values",
                });
            }
            let wt: f64 = w.iter().sum();
            let v: f64 = x
                .iter()
                .zip(w)
                .map(|(a, b)| b * (a - m) * (a - m))
                .sum::<f64>()
                / wt;
            Ok(v.sqrt() / m.abs())
        }
    }
}

/// One group's part of a Theil decomposition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TheilGroup {
    /// The group.
    pub group: String,
    /// Observations.
    pub n: usize,
    /// Population share `s_g = W_g/W` (sums to 1 over groups).
    pub population_share: f64,
    /// Income share `v_g = s_g μ_g/μ` (sums to 1 over groups).
    pub income_share: f64,
    /// Group mean `μ_g`.
    pub mean: f64,
    /// Theil T within the group, `T_g`.
    pub theil_t: f64,
    /// Theil L within the group, `L_g`.
    pub theil_l: f64,
}

/// Between/within split of one Theil index.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TheilParts {
    /// The index over all units, computed directly.
    pub total: f64,
    /// Between-group part.
    pub between: f64,
    /// Within-group part.
    pub within: f64,
}

impl TheilParts {
    /// `between/total` (0 when the total is 0, i.e. all values equal).
    pub fn between_share(&self) -> f64 {
        if self.total > 0.0 {
            self.between / self.total
        } else {
            0.0
        }
    }
}

/// The Theil decomposition of both indices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TheilDecomposition {
    /// Theil T: `T = Σ_g v_g T_g + Σ_g v_g ln(μ_g/μ)` (within weighted by income shares).
    pub t: TheilParts,
    /// Theil L: `L = Σ_g s_g L_g + Σ_g s_g ln(μ/μ_g)` (within weighted by population shares).
    pub l: TheilParts,
    /// Per-group detail.
    pub groups: Vec<TheilGroup>,
}

/// Decomposes Theil T and Theil L into between-group and within-group parts (Shorrocks 1980; Bourguignon
/// 1979): with population shares `s_g`, income shares `v_g = s_g μ_g/μ`,
/// `T = Σ_g v_g T_g + Σ_g v_g ln(μ_g/μ)` and `L = Σ_g s_g L_g + Σ_g s_g ln(μ/μ_g)`, where `T_g`, `L_g` are the
/// indices within group `g` (with the same unit weights). The totals are computed directly over all units, so
/// `between + within = total` is an identity checked by the tests (to 1e-12). Runs in O(n) with one
/// logarithm per unit.
///
/// ```
/// use mfg_quality_regional::{Grouping, theil_decomposition};
/// let g = Grouping::from_labels(&["E", "E", "W", "W"]);
/// let d = theil_decomposition(&[4.0, 6.0, 1.0, 3.0], None, &g).unwrap();
/// assert!((d.t.between + d.t.within - d.t.total).abs() < 1e-12);
/// ```
///
/// # Errors
/// [`RegionalError::NonPositive`] for a value ≤ 0, [`RegionalError::EmptyGroup`] (also for a group whose
/// weights are all zero), weight, length and
/// finiteness errors.
pub fn theil_decomposition(
    x: &[f64],
    weights: Option<&[f64]>,
    grouping: &Grouping,
) -> Result<TheilDecomposition> {
    grouping.check_values("values", x)?;
    prepare("Theil decomposition", x, weights, true)?;
    let counts = grouping.require_nonempty(None)?;
    let k = grouping.n_groups();
    let ids = grouping.ids();
    let w_of = |i: usize| weights.map_or(1.0, |w| w[i]);
    let mut wg = vec![0.0; k];
    let mut wxg = vec![0.0; k];
    for (i, (&v, &g)) in x.iter().zip(ids).enumerate() {
        let wi = w_of(i);
        wg[g as usize] += wi;
        wxg[g as usize] += wi * v;
    }
    let wt: f64 = wg.iter().sum();
    let mu = wxg.iter().sum::<f64>() / wt;
    if let Some(g) = wg.iter().position(|&w| w <= 0.0) {
        // A group whose weights are all zero has no population: reported as empty.
        return Err(RegionalError::EmptyGroup {
            group: grouping.names()[g].clone(),
            period: None,
        });
    }
    let mug: Vec<f64> = wxg.iter().zip(&wg).map(|(a, b)| a / b).collect();
    // One logarithm per unit: ln(x/μ_g) = ln x − ln μ_g and ln(x/μ) = ln x − ln μ.
    let lmug: Vec<f64> = mug.iter().map(|m| m.ln()).collect();
    let lmu = mu.ln();
    let (mut tg, mut lg) = (vec![0.0; k], vec![0.0; k]);
    let (mut t_total, mut l_total) = (0.0, 0.0);
    for (i, (&v, &g)) in x.iter().zip(ids).enumerate() {
        let wi = w_of(i);
        let g = g as usize;
        let lx = v.ln();
        let lr_g = lx - lmug[g];
        tg[g] += wi * (v / mug[g]) * lr_g;
        lg[g] -= wi * lr_g;
        let lr = lx - lmu;
        t_total += wi * (v / mu) * lr;
        l_total -= wi * lr;
    }
    let mut groups = Vec::with_capacity(k);
    let (mut t_b, mut t_w, mut l_b, mut l_w) = (0.0, 0.0, 0.0, 0.0);
    for g in 0..k {
        let s = wg[g] / wt;
        let v = s * mug[g] / mu;
        let (t, l) = (tg[g] / wg[g], lg[g] / wg[g]);
        t_w += v * t;
        t_b += v * (mug[g] / mu).ln();
        l_w += s * l;
        l_b += s * (mu / mug[g]).ln();
        groups.push(TheilGroup {
            group: grouping.names()[g].clone(),
            n: counts[g],
            population_share: s,
            income_share: v,
            mean: mug[g],
            theil_t: t,
            theil_l: l,
        });
    }
    Ok(TheilDecomposition {
        t: TheilParts {
            total: t_total / wt,
            between: t_b,
            within: t_w,
        },
        l: TheilParts {
            total: l_total / wt,
            between: l_b,
            within: l_w,
        },
        groups,
    })
}

/// One group of a Dagum Gini decomposition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GiniGroup {
    /// The group.
    pub group: String,
    /// Observations.
    pub n: usize,
    /// Population share `p_j = W_j/W`.
    pub population_share: f64,
    /// Income share `s_j = p_j μ_j/μ`.
    pub income_share: f64,
    /// Group mean `μ_j`.
    pub mean: f64,
    /// Gini within the group, `G_jj = Δ_jj/(2μ_j)`.
    pub gini: f64,
}

/// One pair of groups of a Dagum Gini decomposition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GiniPair {
    /// The first group (index into [`GiniDecomposition::groups`]).
    pub a: usize,
    /// The second group.
    pub b: usize,
    /// Between-group Gini `G_jh = Δ_jh/(μ_j + μ_h)`.
    pub gini: f64,
    /// Relative economic affluence `D_jh = (d_jh − p_jh)/(d_jh + p_jh) = |μ_j − μ_h|/Δ_jh` ∈ [0, 1]
    /// (0 when both groups are constant at the same value).
    pub relative_affluence: f64,
}

/// Dagum's (1997) decomposition of the Gini coefficient by groups, `total = within + between + overlap`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GiniDecomposition {
    /// The Gini over all units, computed directly (equal to [`gini`]).
    pub total: f64,
    /// Within-group part `G_w = Σ_j G_jj p_j s_j`.
    pub within: f64,
    /// Net between-group part `G_nb = Σ_{j<h} G_jh (p_j s_h + p_h s_j) D_jh`.
    pub between: f64,
    /// Overlap (transvariation) part `G_t = Σ_{j<h} G_jh (p_j s_h + p_h s_j)(1 − D_jh)`: inequality from
    /// units of a poorer group that are richer than units of a richer one.
    pub overlap: f64,
    /// Per-group detail, in the order of the grouping.
    pub groups: Vec<GiniGroup>,
    /// Per-pair detail, `a < b`.
    pub pairs: Vec<GiniPair>,
}

/// Decomposes the Gini coefficient by groups into within-group, net between-group and overlap
/// (transvariation) parts (Dagum 1997, *Empirical Economics* 22: 515–531).
///
/// With optional unit weights `wᵢ` (equal if absent), group weight totals `W_j`, `p_j = W_j/W`, group means
/// `μ_j`, `s_j = p_j μ_j/μ`, and the mean absolute differences
/// `Δ_jh = Σ_{i∈j} Σ_{r∈h} wᵢ w_r |xᵢ − x_r| / (W_j W_h)`: `G_jj = Δ_jj/(2μ_j)`, `G_jh = Δ_jh/(μ_j + μ_h)`,
/// and, for `μ_j ≥ μ_h`, `d_jh = E(x_j − x_h)⁺`, `p_jh = E(x_h − x_j)⁺`, so `d_jh + p_jh = Δ_jh` and
/// `d_jh − p_jh = μ_j − μ_h`, `D_jh = (μ_j − μ_h)/Δ_jh`. Then `G = G_w + G_nb + G_t` with the parts of
/// [`GiniDecomposition`]; the total is the population Gini `ΣᵢΣ_r wᵢw_r|xᵢ − x_r|/(2W²μ)` computed directly,
/// and the identity is checked by the tests. O(n²) pair sums (meant for regional samples).
///
/// ```
/// use mfg_quality_regional::{Grouping, gini, gini_decomposition};
/// let g = Grouping::from_labels(&["E", "E", "E", "W", "W", "W"]);
/// let x = [9.0, 6.0, 4.0, 5.0, 2.0, 1.0];
/// let d = gini_decomposition(&x, None, &g).unwrap();
/// assert!((d.within + d.between + d.overlap - d.total).abs() < 1e-12);
/// assert!((d.total - gini(&x, None).unwrap()).abs() < 1e-12);
/// assert!(d.overlap > 0.0); // 5 in W exceeds 4 in E
/// ```
///
/// # Errors
/// [`RegionalError::EmptyGroup`] for a group without units (or whose weights are all zero),
/// [`RegionalError::NonPositive`] for a negative value, [`RegionalError::ZeroTotal`] if all values are 0,
/// length, weight and finiteness errors.
pub fn gini_decomposition(
    x: &[f64],
    weights: Option<&[f64]>,
    grouping: &Grouping,
) -> Result<GiniDecomposition> {
    grouping.check_values("values", x)?;
    prepare("Gini decomposition", x, weights, false)?;
    let counts = grouping.require_nonempty(None)?;
    let k = grouping.n_groups();
    let ids = grouping.ids();
    let w_of = |i: usize| weights.map_or(1.0, |w| w[i]);
    let mut wg = vec![0.0; k];
    let mut wxg = vec![0.0; k];
    for (i, (&v, &g)) in x.iter().zip(ids).enumerate() {
        wg[g as usize] += w_of(i);
        wxg[g as usize] += w_of(i) * v;
    }
    if let Some(g) = wg.iter().position(|&w| w <= 0.0) {
        return Err(RegionalError::EmptyGroup {
            group: grouping.names()[g].clone(),
            period: None,
        });
    }
    let wt: f64 = wg.iter().sum();
    let mu = wxg.iter().sum::<f64>() / wt;
    if mu <= 0.0 {
        return Err(RegionalError::ZeroTotal {
            method: "Gini decomposition",
            what: "values",
        });
    }
    // Σ wᵢ w_r |xᵢ − x_r| per ordered group pair (symmetric).
    let mut abs = vec![0.0; k * k];
    for i in 0..x.len() {
        let (gi, wi) = (ids[i] as usize, w_of(i));
        for r in (i + 1)..x.len() {
            let gr = ids[r] as usize;
            let d = wi * w_of(r) * (x[i] - x[r]).abs();
            abs[gi * k + gr] += d;
            abs[gr * k + gi] += d;
        }
    }
    let total = abs.iter().sum::<f64>() / (2.0 * wt * wt * mu);
    let mean: Vec<f64> = wxg.iter().zip(&wg).map(|(a, b)| a / b).collect();
    let p: Vec<f64> = wg.iter().map(|w| w / wt).collect();
    let s: Vec<f64> = (0..k).map(|j| p[j] * mean[j] / mu).collect();
    let mut within = 0.0;
    let mut groups = Vec::with_capacity(k);
    for j in 0..k {
        let delta = abs[j * k + j] / (wg[j] * wg[j]);
        let gjj = if mean[j] > 0.0 {
            delta / (2.0 * mean[j])
        } else {
            0.0
        };
        within += gjj * p[j] * s[j];
        groups.push(GiniGroup {
            group: grouping.names()[j].clone(),
            n: counts[j],
            population_share: p[j],
            income_share: s[j],
            mean: mean[j],
            gini: gjj,
        });
    }
    let (mut between, mut overlap) = (0.0, 0.0);
    let mut pairs = Vec::with_capacity(k * (k - 1) / 2);
    for a in 0..k {
        for b in (a + 1)..k {
            let delta = abs[a * k + b] / (wg[a] * wg[b]);
            let denom = mean[a] + mean[b];
            let gjh = if denom > 0.0 { delta / denom } else { 0.0 };
            let d = if delta > 0.0 {
                ((mean[a] - mean[b]).abs() / delta).min(1.0)
            } else {
                0.0
            };
            let weight = gjh * (p[a] * s[b] + p[b] * s[a]);
            between += weight * d;
            overlap += weight * (1.0 - d);
            pairs.push(GiniPair {
                a,
                b,
                gini: gjh,
                relative_affluence: d,
            });
        }
    }
    Ok(GiniDecomposition {
        total,
        within,
        between,
        overlap,
        groups,
        pairs,
    })
}
