//! MABAC, Multi-Attributive Border Approximation area Comparison (Pamučar & Ćirović 2015, "The selection
//! of transport and handling resources in logistics centers using Multi-Attributive Border Approximation
//! area Comparison (MABAC)", *Expert Systems with Applications* 42(6), 3016–3028).
//!
//! 1. Min-max normalisation (pymcdm 1.4's default for `MABAC`): `rᵢⱼ = (xᵢⱼ − minⱼ) / (maxⱼ − minⱼ)` for
//!    a benefit criterion, `(maxⱼ − xᵢⱼ) / (maxⱼ − minⱼ)` for a cost criterion; a constant column is
//!    `r = 1` (pymcdm's convention).
//! 2. Weighted matrix `vᵢⱼ = wⱼ (rᵢⱼ + 1)` (weights normalised to sum 1).
//! 3. Border approximation area `gⱼ = (Πᵢ vᵢⱼ)^{1/n}`, computed as `wⱼ exp((1/n) Σᵢ ln(rᵢⱼ + 1))`, the
//!    sum of logarithms taken over partial products of 512 factors (no underflow or overflow).
//! 4. Score `Sᵢ = Σⱼ (vᵢⱼ − gⱼ)`, higher is better (positive: above the border area).
//!
//! pymcdm computes `gⱼ` as the product to the power `1/n`, which underflows to 0 once `n` is in the
//! hundreds (`vᵢⱼ ≤ 2wⱼ`; at 10⁴ × 50 every `gⱼ` is 0 there); the logarithmic form here does not, and
//! equals pymcdm's numbers to rounding where those do not underflow (the golden test checks 1e-12). No
//! value is outside the domain (`r + 1 ∈ [1, 2]`). Missing cells are not supported (the first is a
//! [`CompositeError::MissingValue`](crate::CompositeError::MissingValue) under either policy). In the
//! pipeline every child is a benefit.

use serde::{Deserialize, Serialize};

use super::ratio_common::{is_cost, require_complete, standalone, sum_min_max};
use super::{CriterionType, Input};
use crate::Result;

/// MABAC outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MabacResult {
    /// Border approximation area `gⱼ` per criterion.
    pub border: Vec<f64>,
    /// Score `S = Σⱼ (v − g)` per alternative (higher is better).
    pub score: Vec<f64>,
}

/// MABAC on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit); module docs for the formula.
///
/// ```
/// use mfg_quality_composite::aggregate::mabac;
/// let r = mabac(&[0.0, 1.0], 2, &[1.0], &[])?;
/// // v = [1, 2], g = √2.
/// assert!((r.score[1] - (2.0 - 2f64.sqrt())).abs() < 1e-15);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn mabac(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
) -> Result<MabacResult> {
    standalone("mabac", data, n_rows, weights, types, |input| {
        let mut score = vec![0.0; n_rows];
        let border = compute(input, types, &mut score);
        Ok(MabacResult { border, score })
    })
}

/// Scores into `score`; returns the border approximation area.
fn compute(input: &Input, types: &[CriterionType], score: &mut [f64]) -> Vec<f64> {
    score.iter_mut().for_each(|a| *a = 0.0);
    let n = input.n_rows;
    let mut border = Vec::with_capacity(input.n_cols);
    let mut shift = 0.0;
    for j in 0..input.n_cols {
        let col = input.col(j);
        let w = input.weights[j];
        let (_, lo, hi) = sum_min_max(col);
        if n == 0 || hi <= lo || !(hi - lo).is_finite() {
            border.push(2.0 * w); // constant: r = 1, v = g = 2w
            continue;
        }
        // r + 1 = a·x + b
        let s = 1.0 / (hi - lo);
        let (a, b) = if is_cost(types, j) {
            (-s, 1.0 + hi * s)
        } else {
            (s, 1.0 - lo * s)
        };
        let g = w * (ln_sum(col, a, b) / n as f64).exp();
        border.push(g);
        shift += g;
        let (wa, wb) = (w * a, w * b);
        for (sc, &x) in score.iter_mut().zip(col) {
            *sc += wa * x + wb;
        }
    }
    // Constant columns add v − g = 0.
    score.iter_mut().for_each(|v| *v -= shift);
    border
}

/// Values per partial product in [`ln_sum`]: each factor is in [1, 2], so a product stays below
/// `2^512 ≈ 1.3·10¹⁵⁴` (8 lanes of 64 factors).
const PRODUCT_CHUNK: usize = 512;

/// `Σᵢ ln(a xᵢ + b)` for factors `a xᵢ + b ∈ [1, 2]`: products of [`PRODUCT_CHUNK`] factors in 8 lanes,
/// one logarithm per lane and chunk (the product's relative rounding, at most `64 ε` per lane, is
/// below `10⁻¹⁴` in each logarithm).
fn ln_sum(col: &[f64], a: f64, b: f64) -> f64 {
    let mut total = 0.0;
    for chunk in col.chunks(PRODUCT_CHUNK) {
        let mut p = [1.0f64; 8];
        let mut it = chunk.chunks_exact(8);
        for c in &mut it {
            for k in 0..8 {
                p[k] *= a * c[k] + b;
            }
        }
        for &x in it.remainder() {
            p[0] *= a * x + b;
        }
        total += p.iter().map(|v| v.ln()).sum::<f64>();
    }
    total
}

/// The MABAC score of every unit, all children benefits (the pipeline's aggregation).
pub(crate) fn mabac_scores(input: &Input, scores: &mut [f64], present: &mut [bool]) -> Result<()> {
    require_complete(input)?;
    compute(input, &[], scores);
    present.iter_mut().for_each(|p| *p = true);
    Ok(())
}

/// MABAC (Pamučar & Ćirović 2015) as an aggregation type: every child a benefit criterion, the score is
/// `S = Σⱼ (vᵢⱼ − gⱼ)` (module docs). No parameter; children must be complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Mabac;

super::plan::builtin_aggregator!(Mabac, "mabac", super::plan::Checks::ALL,
    monotone: false, row_wise: false,
    |_m, input, scores, present| mabac_scores(input, scores, present));
