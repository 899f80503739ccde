//! CODAS, the COmbinative Distance-based ASsessment (Keshavarz Ghorabaee, Zavadskas, Turskis & Antucheviciene
//! 2016, "A new combinative distance-based assessment (CODAS) method for multi-criteria decision-making",
//! *Economic Computation and Economic Cybernetics Studies and Research* 50(3), 25–44).
//!
//! 1. Linear normalisation: `nᵢⱼ = xᵢⱼ / maxᵢ xᵢⱼ` (benefit) or `minᵢ xᵢⱼ / xᵢⱼ` (cost).
//! 2. Weighted `rᵢⱼ = wⱼ nᵢⱼ` (weights normalised to sum 1); negative-ideal solution `nsⱼ = minᵢ rᵢⱼ`.
//! 3. Euclidean and taxicab distances to it: `Eᵢ = √(Σⱼ (rᵢⱼ − nsⱼ)²)`, `Tᵢ = Σⱼ |rᵢⱼ − nsⱼ|`.
//! 4. Relative assessment `h_ik = (Eᵢ − Eₖ) + ψ(Eᵢ − Eₖ) (Tᵢ − Tₖ)` with the threshold function
//!    `ψ(x) = 1` if `|x| ≥ τ`, else 0: the taxicab distance only breaks near-ties of the Euclidean one.
//! 5. Assessment score `Hᵢ = Σₖ h_ik` (**higher is better**; `Σᵢ Hᵢ = 0`).
//!
//! The threshold `τ` (Keshavarz Ghorabaee et al. suggest 0.01–0.05) is a parameter, default **0.02**, the
//! value fixed in pymcdm. [`codas`] computes what `pymcdm.methods.CODAS()` of pymcdm 1.4 returns (its
//! default linear normalisation and `τ = 0.02`; other `τ` values match pymcdm's code with its `_psi`
//! threshold changed).
//!
//! **Domain and degenerate cases.** The linear normalisation divides by the column maximum (benefit) or by
//! each value (cost), so benefit values must be ≥ 0 with a positive maximum and cost values > 0, else
//! [`CompositeError::InvalidValue`] names the cell (pymcdm rejects any zero). A constant column normalises to
//! 1 everywhere and adds 0 to both distances.
//!
//! As an aggregation ([`Codas`]) every child is a benefit criterion and the score is `H`. Missing cells
//! (skip policy): the column maximum and minimum use the present values, each unit's distances its present
//! children with its weights re-normalised over them (`rᵢⱼ − nsⱼ = w̃ᵢⱼ (nᵢⱼ − minₖ nₖⱼ)`), and the sums of
//! `h` run over the units with a present child.
//!
//! **Cost.** Steps 1–3 are one pass over the data. Step 4 is `O(n²)` pairs as published; for more than 64
//! alternatives `H` is summed instead as `Hᵢ = n Eᵢ − Σₖ Eₖ + Σ_{k : |Eᵢ − Eₖ| ≥ τ} (Tᵢ − Tₖ)` over the
//! alternatives sorted by `E` (prefix sums of `T`, pointers moving forward): `O(n log n)`.

use serde::{Deserialize, Serialize};

use super::{CriterionType, Input};
use crate::{CompositeError, Result};

/// Up to this many alternatives `H` is summed pair by pair (as published).
const DIRECT_MAX_ROWS: usize = 64;

/// CODAS outputs per alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodasResult {
    /// Euclidean distance `E` to the negative-ideal solution.
    pub euclidean: Vec<f64>,
    /// Taxicab distance `T` to the negative-ideal solution.
    pub taxicab: Vec<f64>,
    /// Assessment score `H` (higher is better).
    pub score: Vec<f64>,
}

fn check_tau(tau: f64) -> Result<()> {
    if tau.is_finite() && tau >= 0.0 {
        Ok(())
    } else {
        Err(CompositeError::InvalidParameter {
            method: "codas",
            parameter: "tau",
            reason: format!("{tau} is not a finite non-negative threshold"),
        })
    }
}

/// CODAS on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit) and threshold `tau` (0.02 in pymcdm). Module docs for
/// the steps.
///
/// # Errors
/// [`CompositeError::InvalidParameter`] (`tau` negative or not finite), [`CompositeError::DimensionMismatch`],
/// [`CompositeError::InvalidWeights`], [`CompositeError::InvalidValue`] (NaN, ±Inf, a negative benefit value
/// or a benefit column without a positive value, a cost value ≤ 0).
///
/// ```
/// use mfg_quality_composite::aggregate::codas;
/// let data = [1.0, 2.0, 3.0, /* criterion 2 */ 3.0, 2.0, 2.0];
/// let r = codas(&data, 3, &[0.5, 0.5], &[], 0.02)?;
/// assert!(r.score[2] > r.score[1] && r.score.iter().sum::<f64>().abs() < 1e-12);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn codas(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
    tau: f64,
) -> Result<CodasResult> {
    check_tau(tau)?;
    super::ratio_common::standalone("codas", data, n_rows, weights, types, |input| {
        let mut present = vec![true; n_rows];
        let r = compute(input, types, tau, &mut present)?;
        check_finite_output("codas", "the assessment score H", &r.score)?;
        Ok(r)
    })
}

/// [`CompositeError::Overflow`] naming the first unit whose output in `values` is not finite (finite input
/// of magnitude near `f64::MAX` can overflow a range or a sum); `Ok` if all are finite.
pub(crate) fn check_finite_output(method: &'static str, what: &str, values: &[f64]) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(i) => Err(CompositeError::Overflow {
            method,
            what: format!("{what} (values too large in magnitude)"),
            unit: format!("#{i}"),
            indicator: "<matrix>".to_string(),
            period: 0,
        }),
    }
}

/// The present values' minimum and maximum of column `j` and the row holding each (`None` if none).
pub(crate) fn present_min_max(input: &Input, j: usize) -> Option<(f64, usize, f64, usize)> {
    let col = input.col(j);
    let mut out: Option<(f64, usize, f64, usize)> = None;
    for (i, &x) in col.iter().enumerate() {
        if !input.is_present(i, j) {
            continue;
        }
        out = Some(match out {
            None => (x, i, x, i),
            Some((lo, li, hi, hj)) => {
                let (lo, li) = if x < lo { (x, i) } else { (lo, li) };
                let (hi, hj) = if x > hi { (x, i) } else { (hi, hj) };
                (lo, li, hi, hj)
            }
        });
    }
    out
}

/// Checks the linear normalisation's domain in column `j` and returns its `(min, row of the min, max)` over
/// the present values (`None` if none is present).
pub(crate) fn linear_domain(
    input: &Input,
    j: usize,
    cost: bool,
) -> Result<Option<(f64, usize, f64)>> {
    let Some((lo, li, hi, hi_row)) = present_min_max(input, j) else {
        return Ok(None);
    };
    if cost {
        if lo <= 0.0 {
            return Err(input.invalid(
                li,
                j,
                "the linear normalisation min / x of a cost criterion needs positive values",
            ));
        }
    } else if lo < 0.0 {
        return Err(input.invalid(
            li,
            j,
            "the linear normalisation x / max of a benefit criterion needs non-negative values",
        ));
    } else if hi <= 0.0 {
        return Err(input.invalid(
            hi_row,
            j,
            "the linear normalisation x / max needs a positive maximum in each benefit criterion",
        ));
    }
    Ok(Some((lo, li, hi)))
}

fn compute(
    input: &Input,
    types: &[CriterionType],
    tau: f64,
    present: &mut [bool],
) -> Result<CodasResult> {
    let n = input.n_rows;
    let ws = input.present_weight(present);
    let mut e2 = vec![0.0; n];
    let mut t = vec![0.0; n];
    for j in 0..input.n_cols {
        let cost = types.get(j).copied().unwrap_or_default() == CriterionType::Cost;
        let Some((lo, _, hi)) = linear_domain(input, j, cost)? else {
            continue;
        };
        let w = input.weights[j];
        // Minimum of the normalised column: lo / hi (benefit) or lo / hi (cost: min / max).
        let n_min = lo / hi;
        let col = input.col(j);
        for (i, &x) in col.iter().enumerate() {
            if !(present[i] && input.is_present(i, j)) {
                continue;
            }
            let nij = if cost { lo / x } else { x / hi };
            let wi = if input.mask.is_some() { w / ws[i] } else { w };
            // pymcdm: w·n − min(w·n), with w ≥ 0.
            let d = wi * nij - wi * n_min;
            e2[i] += d * d;
            t[i] += d.abs();
        }
    }
    let e: Vec<f64> = e2.iter().map(|v| v.sqrt()).collect();
    let score = assessment(&e, &t, present, tau);
    for i in 0..n {
        if !present[i] {
            t[i] = 0.0;
        }
    }
    Ok(CodasResult {
        euclidean: e,
        taxicab: t,
        score,
    })
}

/// `Hᵢ = Σₖ (Eᵢ − Eₖ) + ψ(Eᵢ − Eₖ)(Tᵢ − Tₖ)` over the present units.
fn assessment(e: &[f64], t: &[f64], present: &[bool], tau: f64) -> Vec<f64> {
    let n = e.len();
    let idx: Vec<usize> = (0..n).filter(|&i| present[i]).collect();
    let mut h = vec![0.0; n];
    if idx.len() <= DIRECT_MAX_ROWS {
        for &i in &idx {
            let mut acc = 0.0;
            for &k in &idx {
                let de = e[i] - e[k];
                acc += de + if de.abs() >= tau { t[i] - t[k] } else { 0.0 };
            }
            h[i] = acc;
        }
        return h;
    }
    let m = idx.len();
    let mut order = idx;
    order.sort_unstable_by(|&a, &b| e[a].total_cmp(&e[b]));
    let es: Vec<f64> = order.iter().map(|&k| e[k]).collect();
    let mut pre_t = Vec::with_capacity(m + 1);
    pre_t.push(0.0);
    let mut acc = 0.0;
    for &k in &order {
        acc += t[k];
        pre_t.push(acc);
    }
    let sum_e: f64 = es.iter().sum();
    let sum_t = acc;
    // lo = #{k : Eᵢ − Eₖ ≥ τ} (a prefix), hi = #{k : Eₖ − Eᵢ < τ} (so k ≥ hi has Eₖ − Eᵢ ≥ τ).
    let (mut lo, mut hi) = (0usize, 0usize);
    for &i in &order {
        let v = e[i];
        while lo < m && v - es[lo] >= tau {
            lo += 1;
        }
        while hi < m && es[hi] - v < tau {
            hi += 1;
        }
        // With τ = 0 every alternative is "far" (ψ(0) = 1), ties included.
        let (far, far_t) = if tau > 0.0 {
            ((lo + (m - hi)) as f64, pre_t[lo] + (sum_t - pre_t[hi]))
        } else {
            (m as f64, sum_t)
        };
        h[i] = (m as f64 * v - sum_e) + (far * t[i] - far_t);
    }
    h
}

/// `H` of every unit (all children benefits).
pub(crate) fn codas_scores(
    input: &Input,
    tau: f64,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    let r = compute(input, &[], tau, present)?;
    for i in 0..input.n_rows {
        scores[i] = if present[i] { r.score[i] } else { 0.0 };
    }
    Ok(())
}

/// CODAS (Keshavarz Ghorabaee et al. 2016) as a validated aggregation type, every child a benefit
/// criterion: the score is the assessment score `H`, higher is better (module docs). [`Codas::new`] checks
/// `τ ≥ 0`; children must be ≥ 0 with a positive maximum (run-time [`CompositeError::InvalidValue`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Codas {
    tau: f64,
}

impl Default for Codas {
    /// `τ = 0.02` (pymcdm's value).
    fn default() -> Self {
        Codas { tau: 0.02 }
    }
}

impl Codas {
    /// CODAS with threshold `tau`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] (`tau`) unless finite and `≥ 0`.
    pub fn new(tau: f64) -> Result<Codas> {
        check_tau(tau)?;
        Ok(Codas { tau })
    }

    /// The threshold `τ`.
    pub fn tau(&self) -> f64 {
        self.tau
    }
}

super::plan::builtin_aggregator!(Codas, "codas", super::plan::Checks::ALL,
    monotone: false, row_wise: false,
    |m, input, scores, present| codas_scores(input, m.tau, scores, present));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_tau() {
        for tau in [-0.01, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                Codas::new(tau),
                Err(CompositeError::InvalidParameter {
                    parameter: "tau",
                    ..
                })
            ));
        }
    }

    #[test]
    fn sorted_sum_equals_pairwise_sum() {
        let mut seed = 11u64;
        let mut rnd = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let n = 500;
        let e: Vec<f64> = (0..n).map(|_| (rnd() * 50.0).round() / 100.0).collect();
        let t: Vec<f64> = (0..n).map(|_| rnd()).collect();
        let present = vec![true; n];
        for tau in [0.0, 0.02, 0.05, 0.3] {
            let fast = assessment(&e, &t, &present, tau);
            for i in 0..n {
                let mut acc = 0.0;
                for k in 0..n {
                    let de = e[i] - e[k];
                    acc += de + if de.abs() >= tau { t[i] - t[k] } else { 0.0 };
                }
                assert!(
                    (fast[i] - acc).abs() < 1e-9,
                    "tau {tau} row {i}: {} {acc}",
                    fast[i]
                );
            }
        }
    }
}
