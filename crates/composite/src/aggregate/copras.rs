//! COPRAS, COmplex PRoportional ASsessment (Zavadskas, Kaklauskas & Šarka 1994, "The new method of
//! multicriteria complex proportional assessment of projects", *Technological and Economic Development
//! of Economy* 1(3), 131–139; Zavadskas, Kaklauskas, Peldschus & Turskis 2007, *The Baltic Journal of Road
//! and Bridge Engineering* 2(4), 195–203).
//!
//! With `n` alternatives, values `xᵢⱼ ≥ 0` and weights `wⱼ` (normalised to sum 1):
//!
//! 1. sum normalisation of every column, benefit or cost: `dᵢⱼ = wⱼ xᵢⱼ / Σₖ xₖⱼ`;
//! 2. `S₊ᵢ = Σ_{j benefit} dᵢⱼ` and `S₋ᵢ = Σ_{j cost} dᵢⱼ`;
//! 3. relative significance `Qᵢ = S₊ᵢ + (S₋min Σₖ S₋ₖ) / (S₋ᵢ Σₖ (S₋min / S₋ₖ))
//!    = S₊ᵢ + Σₖ S₋ₖ / (S₋ᵢ Σₖ 1/S₋ₖ)`;
//! 4. utility degree `Pᵢ = Qᵢ / maxₖ Qₖ` in (0, 1], higher is better.
//!
//! **Peers.** This is the published formula, as scikit-criteria 0.10 computes it (`skcriteria.agg.copras`,
//! on a sum-scaled matrix; it reports `100 P`). pymcdm 1.4's `COPRAS` writes step 3 as
//! `Sp + (min(Sm) * Sm) / (Sm * (min(Sm) / Sm))`, element-wise, which simplifies to `Q = S₊ + S₋`: the cost
//! criteria then count as benefits. The golden test (`tests/mcda_set1.rs`) checks scikit-criteria's
//! numbers to 1e-12 and records pymcdm's to show the difference. pymcdm and scikit-criteria also refuse
//! input without a cost criterion; here `Q = S₊` then (step 3 has no cost term), which is the
//! pipeline's case: every child is a benefit there, so the score is `Σⱼ wⱼ xᵢⱼ / Σₖ xₖⱼ` over its maximum.
//!
//! Documented degenerate cases: a column whose sum is 0 (all zeros) adds 0; if every `S₋ᵢ` is 0 (the
//! cost criteria are all zero or carry no weight) the cost term is 0 for every unit; if some `S₋ᵢ` are 0
//! and others not, the significance of those units is infinite: [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue) naming
//! the unit and its first cost criterion. If every `Q` is 0 (all values zero), every `P` is 1. Negative
//! values are an [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue). Missing cells are not supported: the first absent cell
//! is [`CompositeError::MissingValue`](crate::CompositeError::MissingValue) under either missing policy (every column sum would change its
//! meaning with the units it skips).

use serde::{Deserialize, Serialize};

use super::ratio_common::{check_sign, is_cost, max_of, require_complete, standalone, sum_of};
use super::{CriterionType, Input};
use crate::Result;

/// COPRAS outputs per alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoprasResult {
    /// Sum of the weighted normalised benefit criteria `S₊`.
    pub s_plus: Vec<f64>,
    /// Sum of the weighted normalised cost criteria `S₋`.
    pub s_minus: Vec<f64>,
    /// Relative significance `Q`.
    pub q: Vec<f64>,
    /// Utility degree `P = Q / max Q` (higher is better; pymcdm's preference, scikit-criteria's score
    /// divided by 100).
    pub utility: Vec<f64>,
}

/// COPRAS on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria, values
/// `≥ 0`) with per-criterion types (`types` empty = all benefit). Weights are normalised to sum 1. Module
/// docs for the formula, the peers and the degenerate cases.
///
/// ```
/// use mfg_quality_composite::aggregate::{copras, CriterionType};
/// let data = [3.0, 1.0, 2.0, /* cost */ 1.0, 2.0, 3.0];
/// let r = copras(&data, 3, &[0.5, 0.5], &[CriterionType::Benefit, CriterionType::Cost])?;
/// assert_eq!(r.utility[0], 1.0);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn copras(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
) -> Result<CoprasResult> {
    standalone("copras", data, n_rows, weights, types, |input| {
        compute(input, types)
    })
}

fn compute(input: &Input, types: &[CriterionType]) -> Result<CoprasResult> {
    let n = input.n_rows;
    let mut s_plus = vec![0.0; n];
    let mut s_minus = vec![0.0; n];
    let mut first_cost = None;
    for j in 0..input.n_cols {
        check_sign(input, j, false)?;
        let col = input.col(j);
        let sum = sum_of(col, |x| x);
        let cost = is_cost(types, j);
        if cost && first_cost.is_none() {
            first_cost = Some(j);
        }
        if sum <= 0.0 {
            continue;
        }
        let scale = input.weights[j] / sum;
        let acc = if cost { &mut s_minus } else { &mut s_plus };
        for (a, &x) in acc.iter_mut().zip(col) {
            *a += scale * x;
        }
    }
    let mut q = s_plus.clone();
    if let Some(jc) = first_cost {
        let zeros = s_minus.iter().filter(|&&s| s == 0.0).count();
        if zeros > 0 && zeros < n {
            let i = s_minus.iter().position(|&s| s == 0.0).unwrap_or(0);
            return Err(input.invalid(
                i,
                jc,
                "every cost criterion of this unit is 0 while others' are not: COPRAS's relative \
                 significance is infinite",
            ));
        }
        if zeros == 0 {
            let total = sum_of(&s_minus, |s| s);
            let inv = sum_of(&s_minus, |s| 1.0 / s);
            let h = total / inv;
            for (qi, &sm) in q.iter_mut().zip(&s_minus) {
                *qi += h / sm;
            }
        }
    }
    let top = max_of(&q);
    let utility = if top > 0.0 {
        q.iter().map(|&v| v / top).collect()
    } else {
        vec![1.0; n]
    };
    Ok(CoprasResult {
        s_plus,
        s_minus,
        q,
        utility,
    })
}

/// The utility degree of every unit, all children benefits (the pipeline's aggregation).
pub(crate) fn copras_scores(input: &Input, scores: &mut [f64], present: &mut [bool]) -> Result<()> {
    require_complete(input)?;
    let r = compute(input, &[])?;
    scores.copy_from_slice(&r.utility);
    present.iter_mut().for_each(|p| *p = true);
    Ok(())
}

/// COPRAS (Zavadskas, Kaklauskas & Šarka 1994) as an aggregation type: every child a benefit criterion,
/// the score is the utility degree `P = Q / max Q` with `Qᵢ = Σⱼ wⱼ xᵢⱼ / Σₖ xₖⱼ` (formula and degenerate
/// cases in the module docs). No parameter; children must be non-negative and complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Copras;

super::plan::builtin_aggregator!(Copras, "copras", super::plan::Checks::ALL,
    monotone: false, row_wise: false,
    |_m, input, scores, present| copras_scores(input, scores, present));
