//! EDAS, Evaluation based on Distance from Average Solution (Keshavarz Ghorabaee, Zavadskas, Olfat &
//! Turskis 2015, "Multi-criteria inventory classification using a new method of evaluation based on
//! distance from average solution (EDAS)", *Informatica* 26(3), 435–451).
//!
//! With the column means `AVⱼ = (1/n) Σᵢ xᵢⱼ` and weights normalised to sum 1:
//!
//! - positive and negative distances from the average, `PDAᵢⱼ = max(0, (xᵢⱼ − AVⱼ)) / AVⱼ` and
//!   `NDAᵢⱼ = max(0, (AVⱼ − xᵢⱼ)) / AVⱼ` for a benefit criterion (the two swapped for a cost criterion);
//! - `SPᵢ = Σⱼ wⱼ PDAᵢⱼ`, `SNᵢ = Σⱼ wⱼ NDAᵢⱼ`;
//! - `NSPᵢ = SPᵢ / maxₖ SPₖ`, `NSNᵢ = 1 − SNᵢ / maxₖ SNₖ`;
//! - appraisal score `ASᵢ = (NSPᵢ + NSNᵢ) / 2` in [0, 1], higher is better.
//!
//! pymcdm 1.4's `EDAS` (no normalisation, no parameter) computes the same; the golden test checks it to
//! 1e-12. Documented degenerate cases: a constant column adds 0 to both distances; a non-constant column
//! with mean 0 is [`CompositeError::ZeroMean`]; a negative mean divides by `|AVⱼ|` (pymcdm divides by
//! `AVⱼ`, which reverses the criterion); if every `SP` is 0 then every `NSP` is 0, and if every `SN` is 0
//! then every `NSN` is 1 (so all-constant data scores ½ everywhere; pymcdm returns NaN). Missing cells
//! are not supported (the first is a [`CompositeError::MissingValue`] under either policy). In the
//! pipeline every child is a benefit.

use serde::{Deserialize, Serialize};

use super::ratio_common::{is_cost, max_of, require_complete, standalone, sum_min_max};
use super::{CriterionType, Input};
use crate::{CompositeError, Result};

/// EDAS outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EdasResult {
    /// The average solution `AVⱼ` per criterion.
    pub average: Vec<f64>,
    /// Weighted sum of the positive distances `SP` per alternative.
    pub sp: Vec<f64>,
    /// Weighted sum of the negative distances `SN` per alternative.
    pub sn: Vec<f64>,
    /// `NSP = SP / max SP`.
    pub nsp: Vec<f64>,
    /// `NSN = 1 − SN / max SN`.
    pub nsn: Vec<f64>,
    /// Appraisal score `AS = (NSP + NSN) / 2` (higher is better).
    pub score: Vec<f64>,
}

/// EDAS on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit); module docs for the formula.
///
/// ```
/// use mfg_quality_composite::aggregate::edas;
/// let r = edas(&[1.0, 2.0, 3.0], 3, &[1.0], &[])?;
/// assert_eq!(r.score, vec![0.0, 0.5, 1.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn edas(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
) -> Result<EdasResult> {
    standalone("edas", data, n_rows, weights, types, |input| {
        let mut sp = vec![0.0; n_rows];
        let mut sn = vec![0.0; n_rows];
        let average = distances(input, types, &mut sp, &mut sn)?;
        let (top_p, top_n) = (max_of(&sp), max_of(&sn));
        let nsp: Vec<f64> = sp.iter().map(|&v| nsp_of(v, top_p)).collect();
        let nsn: Vec<f64> = sn.iter().map(|&v| nsn_of(v, top_n)).collect();
        let score = nsp.iter().zip(&nsn).map(|(&a, &b)| (a + b) / 2.0).collect();
        Ok(EdasResult {
            average,
            sp,
            sn,
            nsp,
            nsn,
            score,
        })
    })
}

#[inline]
fn nsp_of(sp: f64, top: f64) -> f64 {
    if top > 0.0 { sp / top } else { 0.0 }
}

#[inline]
fn nsn_of(sn: f64, top: f64) -> f64 {
    if top > 0.0 { 1.0 - sn / top } else { 1.0 }
}

/// `SP` and `SN` into `sp`, `sn`; returns the column means.
fn distances(
    input: &Input,
    types: &[CriterionType],
    sp: &mut [f64],
    sn: &mut [f64],
) -> Result<Vec<f64>> {
    sp.iter_mut().for_each(|a| *a = 0.0);
    sn.iter_mut().for_each(|a| *a = 0.0);
    let n = input.n_rows;
    let mut average = Vec::with_capacity(input.n_cols);
    for j in 0..input.n_cols {
        let col = input.col(j);
        let (sum, lo, hi) = sum_min_max(col);
        let av = sum / n as f64;
        average.push(av);
        if n == 0 || hi <= lo {
            continue; // constant: both distances are 0
        }
        if av == 0.0 {
            return Err(CompositeError::ZeroMean {
                method: "edas",
                node: input.ctx.node.to_string(),
                indicator: input.ctx.column(j),
            });
        }
        let mut c = input.weights[j] / av.abs();
        if is_cost(types, j) {
            c = -c;
        }
        for ((p, q), &x) in sp.iter_mut().zip(sn.iter_mut()).zip(col) {
            let d = c * (x - av);
            *p += d.max(0.0);
            *q += (-d).max(0.0);
        }
    }
    Ok(average)
}

/// The appraisal score of every unit, all children benefits (the pipeline's aggregation).
pub(crate) fn edas_scores(input: &Input, scores: &mut [f64], present: &mut [bool]) -> Result<()> {
    require_complete(input)?;
    let mut sn = vec![0.0; input.n_rows];
    distances(input, &[], scores, &mut sn)?;
    let (top_p, top_n) = (max_of(scores), max_of(&sn));
    for (s, &q) in scores.iter_mut().zip(&sn) {
        *s = (nsp_of(*s, top_p) + nsn_of(q, top_n)) / 2.0;
    }
    present.iter_mut().for_each(|p| *p = true);
    Ok(())
}

/// EDAS (Keshavarz Ghorabaee et al. 2015) as an aggregation type: every child a benefit criterion, the
/// score is the appraisal score `AS` in [0, 1] (module docs). No parameter; children must be complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Edas;

super::plan::builtin_aggregator!(Edas, "edas", super::plan::Checks::ALL,
    monotone: false, row_wise: false,
    |_m, input, scores, present| edas_scores(input, scores, present));
