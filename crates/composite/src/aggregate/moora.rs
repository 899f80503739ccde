//! MOORA, Multi-Objective Optimization on the basis of Ratio Analysis (Brauers & Zavadskas 2006, "The
//! MOORA method and its application to privatization in a transition economy", *Control and
//! Cybernetics* 35(2), 445–469), in its two forms.
//!
//! With the vector normalisation `rᵢⱼ = xᵢⱼ / √(Σₖ xₖⱼ²)` and weights normalised to sum 1:
//!
//! - **ratio system** `yᵢ = Σ_{j benefit} wⱼ rᵢⱼ − Σ_{j cost} wⱼ rᵢⱼ`, higher is better (pymcdm 1.4's
//!   `MOORA`, the golden test checks it to 1e-12);
//! - **reference point** (Brauers & Zavadskas 2006, §4; the Tchebycheff min-max metric): with the
//!   maximal objective reference point `r*ⱼ = maxᵢ rᵢⱼ` (benefit) or `minᵢ rᵢⱼ` (cost),
//!   `dᵢ = maxⱼ wⱼ |r*ⱼ − rᵢⱼ|`, lower is better (scikit-criteria 0.10's `ReferencePointMOORA` on the
//!   vector-scaled matrix; pymcdm has no reference-point form).
//!
//! As an aggregation ([`Moora`]) every child is a benefit; the score is `y` for the ratio system and
//! **`1 − d`** for the reference point (in [0, 1], higher is better, the ordering of `d` reversed).
//!
//! Documented degenerate cases: a column of zeros (norm 0) has `r = 0` (it adds 0 to `y` and 0 to `d`).
//! pymcdm refuses input without a cost criterion; here the ratio system is then `Σ wⱼ rᵢⱼ`. Values may
//! be negative. Missing cells are not supported (the first is a
//! [`CompositeError::MissingValue`](crate::CompositeError::MissingValue) under either policy).

use serde::{Deserialize, Serialize};

use super::ratio_common::{is_cost, require_complete, standalone, sum_of};
use super::{CriterionType, Input};
use crate::Result;

/// Which MOORA form an aggregation uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MooraForm {
    /// The ratio system `y` (pymcdm's `MOORA`). The default.
    #[default]
    Ratio,
    /// The reference point: the score is `1 − d` with `d` the weighted Tchebycheff distance.
    ReferencePoint,
}

impl MooraForm {
    /// `ratio` or `reference_point`.
    pub fn name(self) -> &'static str {
        match self {
            MooraForm::Ratio => "ratio",
            MooraForm::ReferencePoint => "reference_point",
        }
    }
}

/// MOORA outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MooraResult {
    /// Ratio system `y` per alternative (higher is better).
    pub ratio: Vec<f64>,
    /// The reference point `r*ⱼ` per criterion (of the normalised, unweighted matrix).
    pub reference_point: Vec<f64>,
    /// Weighted Tchebycheff distance to the reference point `d` per alternative (lower is better).
    pub distance: Vec<f64>,
}

/// MOORA ratio system and reference point on a complete column-major matrix (`n_rows` alternatives ×
/// `weights.len()` criteria) with per-criterion types (`types` empty = all benefit); module docs.
///
/// ```
/// use mfg_quality_composite::aggregate::{moora, CriterionType};
/// let data = [3.0, 4.0, /* cost */ 4.0, 3.0];
/// let r = moora(&data, 2, &[0.5, 0.5], &[CriterionType::Benefit, CriterionType::Cost])?;
/// assert!((r.ratio[1] - (0.5 * 0.8 - 0.5 * 0.6)).abs() < 1e-15);
/// assert!((r.distance[0] - 0.1).abs() < 1e-15);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn moora(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
) -> Result<MooraResult> {
    standalone("moora", data, n_rows, weights, types, |input| {
        let mut ratio = vec![0.0; n_rows];
        let mut distance = vec![0.0; n_rows];
        let reference_point = compute(input, types, Some(&mut ratio), Some(&mut distance));
        Ok(MooraResult {
            ratio,
            reference_point,
            distance,
        })
    })
}

/// The column's norm scale `1 / ‖x‖₂` (0 for a column of zeros), with the overflow of `Σ x²` avoided.
pub(crate) fn inv_norm(col: &[f64]) -> f64 {
    let ss = sum_of(col, |x| x * x);
    let norm = if ss.is_finite() {
        ss.sqrt()
    } else {
        let big = col.iter().fold(0.0f64, |m, &x| m.max(x.abs()));
        big * sum_of(col, |x| (x / big) * (x / big)).sqrt()
    };
    if norm > 0.0 { 1.0 / norm } else { 0.0 }
}

/// The ratio system and / or the reference-point distances; returns the reference point.
pub(crate) fn compute(
    input: &Input,
    types: &[CriterionType],
    mut ratio: Option<&mut [f64]>,
    mut distance: Option<&mut [f64]>,
) -> Vec<f64> {
    if let Some(y) = ratio.as_deref_mut() {
        y.iter_mut().for_each(|a| *a = 0.0);
    }
    if let Some(d) = distance.as_deref_mut() {
        d.iter_mut().for_each(|a| *a = 0.0);
    }
    let mut reference = Vec::with_capacity(input.n_cols);
    for j in 0..input.n_cols {
        let col = input.col(j);
        let w = input.weights[j];
        let s = inv_norm(col);
        let cost = is_cost(types, j);
        if let Some(y) = ratio.as_deref_mut() {
            let c = if cost { -w * s } else { w * s };
            for (a, &x) in y.iter_mut().zip(col) {
                *a += c * x;
            }
        }
        // r* is the normalised best value: max (benefit) or min (cost) of x, times s ≥ 0.
        let best = if cost {
            col.iter().copied().fold(f64::INFINITY, f64::min)
        } else {
            col.iter().copied().fold(f64::NEG_INFINITY, f64::max)
        };
        let r_star = if col.is_empty() { 0.0 } else { best * s };
        reference.push(r_star);
        if let Some(d) = distance.as_deref_mut() {
            for (a, &x) in d.iter_mut().zip(col) {
                let t = w * (x * s - r_star).abs();
                *a = if t > *a { t } else { *a };
            }
        }
    }
    reference
}

/// The MOORA score of every unit, all children benefits: `y`, or `1 − d` (the pipeline's aggregation).
pub(crate) fn moora_scores(
    input: &Input,
    form: MooraForm,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    require_complete(input)?;
    match form {
        MooraForm::Ratio => {
            compute(input, &[], Some(scores), None);
        }
        MooraForm::ReferencePoint => {
            compute(input, &[], None, Some(scores));
            scores.iter_mut().for_each(|d| *d = 1.0 - *d);
        }
    }
    present.iter_mut().for_each(|p| *p = true);
    Ok(())
}

/// MOORA (Brauers & Zavadskas 2006) as an aggregation type, every child a benefit criterion: the ratio
/// system `Σⱼ wⱼ xᵢⱼ / ‖x·ⱼ‖` or the reference point `1 − maxⱼ wⱼ |r*ⱼ − rᵢⱼ|` (module docs). No
/// parameter can be invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Moora {
    form: MooraForm,
}

impl Moora {
    /// MOORA in the form `form`.
    pub fn new(form: MooraForm) -> Moora {
        Moora { form }
    }

    /// The form.
    pub fn form(&self) -> MooraForm {
        self.form
    }
}

super::plan::builtin_aggregator!(Moora, "moora", super::plan::Checks::ALL,
    monotone: false, row_wise: false,
    |m, input, scores, present| moora_scores(input, m.form, scores, present));
