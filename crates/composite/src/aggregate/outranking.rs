//! Non-compensatory, rank- and pairwise-based aggregations: weighted Borda count, Copeland score and the
//! Condorcet–Kemeny ranking (OECD/JRC *Handbook on Constructing Composite Indicators*, 2008, §6.3
//! "Multi-criteria analysis"; Munda & Nardo 2009, "Noncompensatory/nonlinear composite indicators for
//! ranking countries: a defensible setting", *Applied Economics* 41, 1513–1523).
//!
//! All three compare units criterion by criterion. With weights `w` (normalised to sum 1):
//!
//! - **Borda** (Borda 1781): in each child `j` a unit earns one point per unit it beats and ½ per other unit
//!   it ties with, `bᵢⱼ = #{k : xₖⱼ < xᵢⱼ} + ½ #{k ≠ i : xₖⱼ = xᵢⱼ}` (= average ascending rank − 1); the
//!   score is `Σⱼ wⱼ bᵢⱼ`, in [0, n − 1].
//! - **Copeland** (Copeland 1951): unit `a` beats `b` when the weight of the children where `a` is better
//!   exceeds the weight where `b` is better (pairwise weighted majority; margins within 1e-12 are ties);
//!   the score is wins − losses, in [−(n − 1), n − 1].
//! - **Condorcet–Kemeny** (Kemeny 1959; Young & Levenglick 1978; Munda & Nardo 2009): the outranking matrix
//!   `e_ab = Σⱼ wⱼ ([xₐⱼ > x_bⱼ] + ½ [xₐⱼ = x_bⱼ])` (so `e_ab + e_ba = 1`) and the ranking maximising
//!   `Σ_{a ranked before b} e_ab` over all `n!` permutations, found exactly by dynamic programming over
//!   subsets (`O(2ⁿ n²)` time, `O(2ⁿ)` memory) — limited to `max_units` units (default
//!   [`KEMENY_DEFAULT_LIMIT`] = 10, at most [`KEMENY_HARD_LIMIT`] = 20), [`crate::CompositeError::TooLarge`]
//!   beyond. When several rankings are optimal the one found first (placing lower row indices earlier) is
//!   returned. The score is rank-derived: `n − position` (the first unit scores `n`, the last 1).
//!
//! Missing cells (skip policy): only units with at least one present child take part (`n` counts them);
//! Borda points in child `j` are computed among the units present there and rescaled by
//! `(n − 1)/(nⱼ − 1)` (a child with a single present unit gives it the neutral `(n − 1)/2`), then weighted
//! with the unit's re-normalised weights; pairwise comparisons use the children present for both units
//! (`e_ab = ½` when they share none).

use mfg_quality_indicators::stats::{RankOrder, TieMethod, rank};
use serde::{Deserialize, Serialize};

use super::{AggregationContext, Input, MissingPolicy};
use crate::{CompositeError, Result};

/// Default largest number of units for the exact Kemeny search.
pub const KEMENY_DEFAULT_LIMIT: usize = 10;
/// Hard cap of the exact Kemeny search (2²⁰ subsets, ≈ 9 MB, well under a second).
pub const KEMENY_HARD_LIMIT: usize = 20;

/// Margins within this tolerance are ties (weights are floating-point sums).
const TIE_TOL: f64 = 1e-12;

/// Weighted Borda score of every unit (module docs).
pub(crate) fn borda(input: &Input, scores: &mut [f64], present: &mut [bool]) -> Result<()> {
    let ws = input.present_weight(present);
    let n_eff = present.iter().filter(|&&p| p).count();
    scores.iter_mut().for_each(|s| *s = 0.0);
    let mut vals = Vec::with_capacity(input.n_rows);
    let mut idx = Vec::with_capacity(input.n_rows);
    for j in 0..input.n_cols {
        let w = input.weights[j];
        let col = input.col(j);
        vals.clear();
        idx.clear();
        for (i, &x) in col.iter().enumerate() {
            if present[i] && input.is_present(i, j) {
                vals.push(x);
                idx.push(i);
            }
        }
        let nj = vals.len();
        if nj == 0 {
            continue;
        }
        if nj == 1 {
            scores[idx[0]] += w * (n_eff as f64 - 1.0) / 2.0;
            continue;
        }
        let scale = (n_eff as f64 - 1.0) / (nj as f64 - 1.0);
        let r = rank(&vals, RankOrder::Ascending, TieMethod::Average);
        for (&i, rk) in idx.iter().zip(r) {
            scores[i] += w * (rk - 1.0) * scale;
        }
    }
    for i in 0..input.n_rows {
        scores[i] = if present[i] { scores[i] / ws[i] } else { 0.0 };
    }
    Ok(())
}

/// Copeland score (wins − losses) of every unit (module docs).
pub(crate) fn copeland(input: &Input, scores: &mut [f64], present: &mut [bool]) -> Result<()> {
    let _ = input.present_weight(present);
    let n = input.n_rows;
    scores.iter_mut().for_each(|s| *s = 0.0);
    let mut margin = vec![0.0; n];
    for a in 0..n {
        if !present[a] {
            continue;
        }
        margin[a + 1..].iter_mut().for_each(|m| *m = 0.0);
        for j in 0..input.n_cols {
            if !input.is_present(a, j) {
                continue;
            }
            let w = input.weights[j];
            let col = input.col(j);
            let xa = col[a];
            for b in a + 1..n {
                if input.is_present(b, j) {
                    let xb = col[b];
                    if xa > xb {
                        margin[b] += w;
                    } else if xa < xb {
                        margin[b] -= w;
                    }
                }
            }
        }
        for b in a + 1..n {
            if !present[b] {
                continue;
            }
            if margin[b] > TIE_TOL {
                scores[a] += 1.0;
                scores[b] -= 1.0;
            } else if margin[b] < -TIE_TOL {
                scores[a] -= 1.0;
                scores[b] += 1.0;
            }
        }
    }
    Ok(())
}

/// The exact Condorcet–Kemeny ranking of a set of units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KemenyResult {
    /// Row indices, best first.
    pub order: Vec<usize>,
    /// Rank-derived score per row: `n − position` (best = n, worst = 1).
    pub scores: Vec<f64>,
    /// The maximised objective `Σ_{a before b} e_ab`.
    pub agreement: f64,
    /// The outranking matrix `e` (row-major, `e[a*n + b]`).
    pub outranking: Vec<f64>,
}

/// Condorcet–Kemeny ranking of a complete column-major matrix (`n_rows` units × `weights.len()` children),
/// exact, for at most `max_units` (≤ [`KEMENY_HARD_LIMIT`]) units (module docs).
///
/// ```
/// use mfg_quality_composite::aggregate::kemeny_ranking;
/// // Unit 1 is better on both children; units 0 and 2 split.
/// let data = [1.0, 3.0, 2.0, /* child 2 */ 2.0, 3.0, 1.0];
/// let k = kemeny_ranking(&data, 3, &[0.6, 0.4], 10)?;
/// assert_eq!(k.order, vec![1, 2, 0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn kemeny_ranking(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    max_units: usize,
) -> Result<KemenyResult> {
    let ctx = AggregationContext::default();
    let input = Input::new(
        "kemeny",
        data,
        &[],
        n_rows,
        weights,
        MissingPolicy::Error,
        &ctx,
    )?;
    let units: Vec<usize> = (0..n_rows).collect();
    kemeny_core(&input, &units, max_units)
}

fn kemeny_core(input: &Input, units: &[usize], max_units: usize) -> Result<KemenyResult> {
    if max_units == 0 || max_units > KEMENY_HARD_LIMIT {
        return Err(CompositeError::InvalidParameter {
            method: "kemeny",
            parameter: "max_units",
            reason: format!("{max_units} is not in 1..={KEMENY_HARD_LIMIT}"),
        });
    }
    let n = units.len();
    if n > max_units {
        return Err(CompositeError::TooLarge {
            method: "kemeny",
            limit: max_units,
            n,
        });
    }
    // Outranking matrix over the participating units.
    let mut e = vec![0.0; n * n];
    for a in 0..n {
        for b in a + 1..n {
            let (ua, ub) = (units[a], units[b]);
            let (mut win, mut tot) = (0.0, 0.0);
            for j in 0..input.n_cols {
                if input.is_present(ua, j) && input.is_present(ub, j) {
                    let w = input.weights[j];
                    let col = input.col(j);
                    tot += w;
                    if col[ua] > col[ub] {
                        win += w;
                    } else if col[ua] >= col[ub] {
                        win += w / 2.0; // equal
                    }
                }
            }
            let eab = if tot > 0.0 { win / tot } else { 0.5 };
            e[a * n + b] = eab;
            e[b * n + a] = 1.0 - eab;
        }
    }
    let full = (1usize << n) - 1;
    let (best, last) = kemeny_table(&e, n);
    let mut order_local = Vec::with_capacity(n);
    let mut set = full;
    while set != 0 {
        let b = last[set] as usize;
        order_local.push(b);
        set &= !(1 << b);
    }
    order_local.reverse();
    let mut scores = vec![0.0; input.n_rows];
    for (pos, &b) in order_local.iter().enumerate() {
        scores[units[b]] = (n - pos) as f64;
    }
    Ok(KemenyResult {
        order: order_local.iter().map(|&b| units[b]).collect(),
        scores,
        agreement: if n == 0 { 0.0 } else { best[full] },
        outranking: e,
    })
}

/// The exact Kemeny search over the subsets of `n ≤ KEMENY_HARD_LIMIT` items of the row-major outranking
/// matrix `e`: `best[S]`, the largest agreement `Σ_{a before b} e_ab` of an ordering of the set `S` placed
/// first, and `last[S]`, the item placed last in such an ordering (the first optimum found, which places
/// lower indices earlier). `O(2ⁿ n²)` time.
pub(crate) fn kemeny_table(e: &[f64], n: usize) -> (Vec<f64>, Vec<u8>) {
    let full = (1usize << n) - 1;
    let mut best = vec![f64::NEG_INFINITY; full + 1];
    let mut last = vec![0u8; full + 1];
    best[0] = 0.0;
    for set in 0..full {
        let base = best[set];
        for b in 0..n {
            if set & (1 << b) != 0 {
                continue;
            }
            let next = set | (1 << b);
            let gain = kemeny_gain(e, n, set, b);
            // Improvements below 1e-12 are rounding noise: keep the first optimum found (deterministic).
            if base + gain > best[next] + 1e-12 {
                best[next] = base + gain;
                last[next] = b as u8;
            }
        }
    }
    (best, last)
}

/// `Σ_{a ∈ set} e_ab`: the agreement gained by placing `b` after every item of `set`.
pub(crate) fn kemeny_gain(e: &[f64], n: usize, set: usize, b: usize) -> f64 {
    let mut gain = 0.0;
    let mut rest = set;
    while rest != 0 {
        let a = rest.trailing_zeros() as usize;
        gain += e[a * n + b];
        rest &= rest - 1;
    }
    gain
}

/// Kemeny rank-derived score of every unit with a present child.
pub(crate) fn kemeny_scores(
    input: &Input,
    max_units: usize,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    let _ = input.present_weight(present);
    let units: Vec<usize> = (0..input.n_rows).filter(|&i| present[i]).collect();
    let k = kemeny_core(input, &units, max_units)?;
    scores.copy_from_slice(&k.scores);
    Ok(())
}
