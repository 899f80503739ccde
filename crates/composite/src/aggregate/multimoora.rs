//! MULTIMOORA (Brauers & Zavadskas 2010, "Project management by MULTIMOORA as an instrument for
//! transition economies", *Technological and Economic Development of Economy* 16(1), 5–24; Brauers &
//! Zavadskas 2012, "Robustness of MULTIMOORA", *Economic Computation and Economic Cybernetics Studies and
//! Research* 46(1)): three rankings of the vector-normalised matrix `rᵢⱼ = xᵢⱼ / ‖x·ⱼ‖₂` combined by the
//! theory of dominance.
//!
//! 1. **Ratio system** `yᵢ = Σ_{benefit} wⱼ rᵢⱼ − Σ_{cost} wⱼ rᵢⱼ`, higher is better
//!    ([`moora`](super::moora())).
//! 2. **Reference point** `dᵢ = maxⱼ wⱼ |r*ⱼ − rᵢⱼ|`, lower is better ([`moora`](super::moora())).
//! 3. **Full multiplicative form** `Uᵢ = Π_{benefit} rᵢⱼ / Π_{cost} rᵢⱼ`, reported as
//!    `ln Uᵢ = Σ_{benefit} ln rᵢⱼ − Σ_{cost} ln rᵢⱼ`, higher is better. As in the 2010 paper it is
//!    unweighted; scikit-criteria 0.10 takes `ln(wⱼ rᵢⱼ)` instead, which adds the same constant
//!    `Σ_{benefit} ln wⱼ − Σ_{cost} ln wⱼ` to every alternative and leaves the ranking unchanged.
//! 4. Each form gives a **dense ranking** (1 = best, equal values share a rank, no gap after a tie).
//! 5. **Dominance** (scikit-criteria 0.10's `MultiMOORA`; pymcdm 1.4 has no MULTIMOORA): for every pair of
//!    alternatives whose three ranks all differ, the one better ranked in at least two of the three
//!    rankings gains a point; a pair with any equal rank gains nothing. The final ranking is the dense
//!    ranking of the points, most first.
//!
//! As an aggregation ([`Multimoora`]) every child is a benefit and the score is the number of points (the
//! alternatives dominated), higher is better.
//!
//! Domain: the full multiplicative form needs positive values (as scikit-criteria): a zero or negative
//! value is an [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue) naming the cell.
//! Missing cells are not supported (the first is a
//! [`CompositeError::MissingValue`](crate::CompositeError::MissingValue) under either policy). Cost: the
//! dominance step compares every pair, `O(n²)` (10⁸ rank comparisons at `n = 10⁴`), on rayon's threads
//! with the `parallel` feature; the counts do not depend on the thread count.

use serde::{Deserialize, Serialize};

use super::moora::{compute as moora_parts, inv_norm};
use super::ratio_common::{
    add_weighted_ln, check_sign, is_cost, min_of, require_complete, standalone,
};
use super::{CriterionType, Input};
use crate::Result;

/// MULTIMOORA outputs (ranks are dense, 1 = best).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MultimooraResult {
    /// Ratio system `y` (higher is better).
    pub ratio: Vec<f64>,
    /// Reference-point distance `d` (lower is better).
    pub distance: Vec<f64>,
    /// Full multiplicative form `ln U` (higher is better).
    pub fmf: Vec<f64>,
    /// Dense rank by the ratio system.
    pub ratio_rank: Vec<u32>,
    /// Dense rank by the reference point.
    pub reference_point_rank: Vec<u32>,
    /// Dense rank by the full multiplicative form.
    pub fmf_rank: Vec<u32>,
    /// Dominance points: the number of alternatives each one dominates (higher is better).
    pub dominance: Vec<f64>,
    /// Final dense ranking by the dominance points.
    pub ranking: Vec<u32>,
}

/// MULTIMOORA on a complete column-major matrix of positive values (`n_rows` alternatives ×
/// `weights.len()` criteria) with per-criterion types (`types` empty = all benefit); module docs.
///
/// ```
/// use mfg_quality_composite::aggregate::multimoora;
/// let data = [1.0, 2.0, 3.0, /* criterion 2 */ 1.0, 2.0, 3.0];
/// let r = multimoora(&data, 3, &[0.5, 0.5], &[])?;
/// assert_eq!(r.ranking, vec![3, 2, 1]);
/// assert_eq!(r.dominance, vec![0.0, 1.0, 2.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn multimoora(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
) -> Result<MultimooraResult> {
    standalone("multimoora", data, n_rows, weights, types, |input| {
        let mut ratio = vec![0.0; n_rows];
        let mut distance = vec![0.0; n_rows];
        let mut fmf = vec![0.0; n_rows];
        parts(input, types, &mut ratio, &mut distance, &mut fmf)?;
        let ratio_rank = dense_rank(&ratio, true);
        let reference_point_rank = dense_rank(&distance, false);
        let fmf_rank = dense_rank(&fmf, true);
        let mut dominance = vec![0.0; n_rows];
        dominance_points(
            &ratio_rank,
            &reference_point_rank,
            &fmf_rank,
            &mut dominance,
        );
        let ranking = dense_rank(&dominance, true);
        Ok(MultimooraResult {
            ratio,
            distance,
            fmf,
            ratio_rank,
            reference_point_rank,
            fmf_rank,
            dominance,
            ranking,
        })
    })
}

/// The three forms' scores.
fn parts(
    input: &Input,
    types: &[CriterionType],
    ratio: &mut [f64],
    distance: &mut [f64],
    fmf: &mut [f64],
) -> Result<()> {
    fmf.iter_mut().for_each(|a| *a = 0.0);
    let mut offset = 0.0;
    for j in 0..input.n_cols {
        check_sign(input, j, true)?;
        let col = input.col(j);
        if col.is_empty() {
            continue;
        }
        // ln r = ln x + ln s
        let ln_s = inv_norm(col).ln();
        let sign = if is_cost(types, j) { -1.0 } else { 1.0 };
        add_weighted_ln(fmf, col, sign, min_of(col));
        offset += sign * ln_s;
    }
    fmf.iter_mut().for_each(|v| *v += offset);
    moora_parts(input, types, Some(ratio), Some(distance));
    Ok(())
}

/// Dense ranks of `v` (1 = best; `higher_first`: larger values first). Equal values share a rank.
pub(crate) fn dense_rank(v: &[f64], higher_first: bool) -> Vec<u32> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    if higher_first {
        order.sort_by(|&a, &b| v[b].total_cmp(&v[a]));
    } else {
        order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    }
    let mut rank = vec![0u32; v.len()];
    let mut r = 0u32;
    let mut prev: Option<f64> = None;
    for &i in &order {
        if prev != Some(v[i]) {
            r += 1;
            prev = Some(v[i]);
        }
        rank[i] = r;
    }
    rank
}

/// Points of alternative `a`: the alternatives `b` whose three ranks all differ from `a`'s and that `a`
/// beats (a lower rank) in at least two of them. Branch-free over `b`, so it vectorises.
fn points_of(a: usize, r1: &[u32], r2: &[u32], r3: &[u32]) -> u32 {
    let (x, y, z) = (r1[a], r2[a], r3[a]);
    let mut count = 0u32;
    for ((&p, &q), &s) in r1.iter().zip(r2).zip(r3) {
        let differ = (p != x) & (q != y) & (s != z);
        let wins = u32::from(x < p) + u32::from(y < q) + u32::from(z < s);
        count += u32::from(differ & (wins >= 2));
    }
    count
}

/// Dominance points of every alternative into `out`.
fn dominance_points(r1: &[u32], r2: &[u32], r3: &[u32], out: &mut [f64]) {
    #[cfg(feature = "parallel")]
    if out.len() >= 2048 && rayon::current_num_threads() > 1 {
        use rayon::prelude::*;
        out.par_iter_mut()
            .enumerate()
            .for_each(|(a, o)| *o = f64::from(points_of(a, r1, r2, r3)));
        return;
    }
    for (a, o) in out.iter_mut().enumerate() {
        *o = f64::from(points_of(a, r1, r2, r3));
    }
}

/// The dominance points of every unit, all children benefits (the pipeline's aggregation).
pub(crate) fn multimoora_scores(
    input: &Input,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    require_complete(input)?;
    let n = input.n_rows;
    let mut ratio = vec![0.0; n];
    let mut distance = vec![0.0; n];
    let mut fmf = vec![0.0; n];
    parts(input, &[], &mut ratio, &mut distance, &mut fmf)?;
    let r1 = dense_rank(&ratio, true);
    let r2 = dense_rank(&distance, false);
    let r3 = dense_rank(&fmf, true);
    dominance_points(&r1, &r2, &r3, scores);
    present.iter_mut().for_each(|p| *p = true);
    Ok(())
}

/// MULTIMOORA (Brauers & Zavadskas 2010) as an aggregation type: every child a benefit criterion, the
/// score is the number of alternatives a unit dominates in the three MOORA rankings (module docs). No
/// parameter; children must be positive and complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Multimoora;

super::plan::builtin_aggregator!(Multimoora, "multimoora", super::plan::Checks::ALL,
    monotone: false, row_wise: false,
    |_m, input, scores, present| multimoora_scores(input, scores, present));
