//! VIKOR (VIseKriterijumska Optimizacija I Kompromisno Resenje), Opricovic & Tzeng 2004, "Compromise
//! solution by MCDM methods: a comparative analysis of VIKOR and TOPSIS", *European Journal of Operational
//! Research* 156, 445–455, §3.
//!
//! With `f*ⱼ` the best and `f⁻ⱼ` the worst value of criterion `j` over the alternatives (max and min for a
//! benefit criterion, reversed for a cost criterion):
//!
//! - group utility `Sᵢ = Σⱼ wⱼ (f*ⱼ − fᵢⱼ) / (f*ⱼ − f⁻ⱼ)`,
//! - individual regret `Rᵢ = maxⱼ wⱼ (f*ⱼ − fᵢⱼ) / (f*ⱼ − f⁻ⱼ)`,
//! - `Qᵢ = v (Sᵢ − S*) / (S⁻ − S*) + (1 − v) (Rᵢ − R*) / (R⁻ − R*)` with `S* = minᵢ Sᵢ`, `S⁻ = maxᵢ Sᵢ`,
//!   `R* = minᵢ Rᵢ`, `R⁻ = maxᵢ Rᵢ`, and `v` the weight of "the majority of criteria" (0.5 usual).
//!
//! Lower `S`, `R`, `Q` are better. As an aggregation ([`crate::aggregate::Aggregation::Vikor`]) the score
//! is **`1 − Q`** in [0, 1], so that higher is better like every other aggregation; the ordering is
//! exactly VIKOR's ranking by `Q`. [`vikor`] returns `S`, `R`, `Q` and the compromise-solution conditions:
//! C1 *acceptable advantage* `Q(a″) − Q(a′) ≥ DQ`, `DQ = 1/(J − 1)`; C2 *acceptable stability* `a′` is also
//! best by `S` or by `R`; if C2 fails the compromise set is {a′, a″}, if C1 fails it is {a′, …, a⁽ᴹ⁾} with
//! `M` the largest position such that `Q(a⁽ᴹ⁾) − Q(a′) < DQ`.
//!
//! Documented degenerate cases (where the published ratios are 0/0): a criterion with `f* = f⁻` adds 0 to
//! `S` and `R`; if `S⁻ = S*` (or `R⁻ = R*`) the corresponding term of `Q` is 0. With missing cells (skip
//! policy) `f*`, `f⁻` use the present values and each unit's weights are re-normalised over its present
//! criteria.

use serde::{Deserialize, Serialize};

use super::{AggregationContext, CriterionType, Input, MissingPolicy};
use crate::{CompositeError, Result};

/// VIKOR outputs (indices refer to the rows of the input).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VikorResult {
    /// Group utility `S` per alternative (lower is better).
    pub s: Vec<f64>,
    /// Individual regret `R` per alternative (lower is better).
    pub r: Vec<f64>,
    /// Compromise measure `Q` per alternative (lower is better).
    pub q: Vec<f64>,
    /// Alternatives sorted by `Q`, best first (ties by position).
    pub order: Vec<usize>,
    /// The advantage threshold `DQ = 1/(J − 1)` (1 when J < 2).
    pub dq: f64,
    /// Condition C1 (acceptable advantage).
    pub acceptable_advantage: bool,
    /// Condition C2 (acceptable stability in decision making).
    pub acceptable_stability: bool,
    /// The compromise solution(s): `[a′]` if C1 and C2 hold, else the set defined in the module docs.
    pub compromise: Vec<usize>,
}

/// VIKOR on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit) and `v` in [0, 1]. Weights are normalised to sum 1.
///
/// ```
/// use mfg_quality_composite::aggregate::vikor;
/// let data = [1.0, 2.0, 3.0, /* criterion 2 */ 3.0, 2.0, 1.0];
/// let r = vikor(&data, 3, &[0.5, 0.5], &[], 0.5)?;
/// assert_eq!(r.q.len(), 3);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn vikor(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
    v: f64,
) -> Result<VikorResult> {
    if !(0.0..=1.0).contains(&v) {
        return Err(CompositeError::InvalidParameter {
            method: "vikor",
            parameter: "v",
            reason: format!("{v} is not in [0, 1]"),
        });
    }
    let ctx = AggregationContext::default();
    let input = Input::new(
        "vikor",
        data,
        &[],
        n_rows,
        weights,
        MissingPolicy::Error,
        &ctx,
    )?;
    input.check_criterion_types(types)?;
    let mut present = vec![true; n_rows];
    let (s, r, q) = compute(&input, types, v, &mut present);
    let mut order: Vec<usize> = (0..n_rows).collect();
    order.sort_by(|&a, &b| q[a].total_cmp(&q[b]).then(a.cmp(&b)));
    let j = n_rows;
    let dq = if j >= 2 { 1.0 / (j - 1) as f64 } else { 1.0 };
    let (advantage, stability, compromise) = if j == 0 {
        (true, true, Vec::new())
    } else if j == 1 {
        (true, true, vec![0])
    } else {
        let (a1, a2) = (order[0], order[1]);
        let advantage = q[a2] - q[a1] >= dq;
        let s_min = s.iter().copied().fold(f64::INFINITY, f64::min);
        let r_min = r.iter().copied().fold(f64::INFINITY, f64::min);
        let stability = s[a1] <= s_min || r[a1] <= r_min;
        let compromise = if !advantage {
            order
                .iter()
                .copied()
                .take_while(|&k| k == a1 || q[k] - q[a1] < dq)
                .collect()
        } else if !stability {
            vec![a1, a2]
        } else {
            vec![a1]
        };
        (advantage, stability, compromise)
    };
    Ok(VikorResult {
        s,
        r,
        q,
        order,
        dq,
        acceptable_advantage: advantage,
        acceptable_stability: stability,
        compromise,
    })
}

/// `S`, `R`, `Q` of every unit with at least one present criterion (others: 0 and `present = false`).
fn compute(
    input: &Input,
    types: &[CriterionType],
    v: f64,
    present: &mut [bool],
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let n = input.n_rows;
    let ws = input.present_weight(present);
    let mut s = vec![0.0f64; n];
    let mut r = vec![0.0f64; n];
    for j in 0..input.n_cols {
        let col = input.col(j);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (i, &x) in col.iter().enumerate() {
            if input.is_present(i, j) {
                lo = lo.min(x);
                hi = hi.max(x);
            }
        }
        if hi <= lo {
            continue; // constant or empty: adds 0
        }
        let benefit = types.get(j).copied().unwrap_or_default() == CriterionType::Benefit;
        let w = input.weights[j];
        for (i, &x) in col.iter().enumerate() {
            if input.is_present(i, j) && present[i] {
                let gap = if benefit { hi - x } else { x - lo };
                let d = w / ws[i] * gap / (hi - lo);
                s[i] += d;
                r[i] = r[i].max(d);
            }
        }
    }
    let range = |x: &[f64]| {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for (k, &val) in x.iter().enumerate() {
            if present[k] {
                lo = lo.min(val);
                hi = hi.max(val);
            }
        }
        (lo, hi)
    };
    let (s_lo, s_hi) = range(&s);
    let (r_lo, r_hi) = range(&r);
    let mut q = vec![0.0; n];
    for i in 0..n {
        if !present[i] {
            continue;
        }
        let ts = if s_hi > s_lo {
            (s[i] - s_lo) / (s_hi - s_lo)
        } else {
            0.0
        };
        let tr = if r_hi > r_lo {
            (r[i] - r_lo) / (r_hi - r_lo)
        } else {
            0.0
        };
        q[i] = v * ts + (1.0 - v) * tr;
    }
    (s, r, q)
}

/// `1 − Q` of every unit (all criteria benefits).
pub(crate) fn vikor_scores(
    input: &Input,
    v: f64,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    let (_, _, q) = compute(input, &[], v, present);
    for i in 0..input.n_rows {
        scores[i] = if present[i] { 1.0 - q[i] } else { 0.0 };
    }
    Ok(())
}

/// VIKOR (Opricovic & Tzeng 2004) as a validated aggregation type; the score is `1 − Q` so that higher is
/// better (formula in the module docs). [`Vikor::new`] checks `v ∈ [0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Vikor {
    v: f64,
}

impl Default for Vikor {
    /// `v = 0.5`.
    fn default() -> Self {
        Vikor { v: 0.5 }
    }
}

impl Vikor {
    /// VIKOR with weight `v` of the group-utility strategy.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] (`v`) unless `0 ≤ v ≤ 1`.
    pub fn new(v: f64) -> Result<Vikor> {
        if !(0.0..=1.0).contains(&v) {
            return Err(CompositeError::InvalidParameter {
                method: "vikor",
                parameter: "v",
                reason: format!("{v} is not in [0, 1]"),
            });
        }
        Ok(Vikor { v })
    }

    /// The weight of the group-utility strategy.
    pub fn v(&self) -> f64 {
        self.v
    }
}

super::plan::builtin_aggregator!(Vikor, "vikor", super::plan::Checks::ALL, monotone: false, row_wise: false,
    |m, input, scores, present| vikor_scores(input, m.v, scores, present));

#[cfg(test)]
mod type_tests {
    use super::*;

    #[test]
    fn vikor_new_rejects_v_outside_unit_interval() {
        for v in [-0.1, 1.5, f64::NAN] {
            assert!(matches!(
                Vikor::new(v),
                Err(CompositeError::InvalidParameter { parameter: "v", .. })
            ));
        }
        assert_eq!(Vikor::new(1.0).map(|m| m.v()).ok(), Some(1.0));
    }
}
