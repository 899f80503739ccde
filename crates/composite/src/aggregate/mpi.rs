//! Mazziotta–Pareto index (MPI) and adjusted MPI (AMPI): a mean of re-scaled indicators penalised by each
//! unit's imbalance ("horizontal variability").
//!
//! **MPI** (Mazziotta & Pareto 2016, "On a generalized non-compensatory composite index for measuring
//! socio-economic phenomena", *Social Indicators Research* 127, 983–1003, §2; first in De Muro, Mazziotta &
//! Pareto 2011). Each child `j` is standardised over the units with the **population** standard
//! deviation, `zᵢⱼ = 100 + 10 (xᵢⱼ − μⱼ) / σⱼ`, `σⱼ = √(Σᵢ (xᵢⱼ − μⱼ)² / n)`; then, for unit `i`,
//!
//! `M_i = Σⱼ w̃ⱼ zᵢⱼ`, `S_i = √(Σⱼ w̃ⱼ (zᵢⱼ − M_i)²)` (population form), `cv_i = S_i / M_i`,
//! `MPI±_i = M_i ± S_i · cv_i = M_i ± S_i² / M_i`.
//!
//! **AMPI** (Mazziotta & Pareto 2016, §3; Mazziotta & Pareto 2018, "Measuring well-being over time: the
//! adjusted Mazziotta–Pareto index versus other non-compensatory indices", *Social Indicators Research*
//! 136, 967–976). Each child is re-scaled with goalposts centred on a reference value,
//! `rᵢⱼ = (xᵢⱼ − Minⱼ) / (Maxⱼ − Minⱼ) · 60 + 70` with `Minⱼ = Refⱼ − Δⱼ`, `Maxⱼ = Refⱼ + Δⱼ`,
//! `Δⱼ = (Supⱼ − Infⱼ) / 2` (Inf, Sup: the observed minimum and maximum), so the reference maps to 100;
//! then the same penalty `AMPI± = M_r ± S_r · cv_r` with the population standard deviation.
//!
//! **Sign.** [`MpiSign::Minus`] (the default) penalises imbalance: use it when the composite measures a
//! "positive" phenomenon (higher is better, e.g. quality upgrading), which is the case after the
//! pipeline's normalisation. [`MpiSign::Plus`] is for "negative" phenomena (e.g. deprivation), where
//! imbalance makes things worse and so raises the index.
//!
//! **Weights.** The original indices are unweighted (`w̃ⱼ = 1/m`). With weights, `M` and `S²` are the
//! weighted mean and the weighted population variance `Σⱼ w̃ⱼ (zᵢⱼ − M_i)²` (weights summing to 1) and
//! `cv = S/M`, as in the weighted MPI/AMPI of Mazziotta & Pareto (2022), "Weighting in composite indices
//! construction: the case of the Mazziotta-Pareto Index", *Rivista Italiana di Economia Demografia e
//! Statistica* (RIEDS). Equal weights reproduce the unweighted definition exactly.
//! Missing children are skipped per unit (weights re-normalised); μ, σ, Inf, Sup and Ref use the present
//! values of each column.
//!
//! **Input.** Both indices re-scale internally, so they expect *raw* (un-normalised) children with polarity
//! applied. Because the z-score and the goalpost re-scaling with data-driven goalposts are invariant under
//! any increasing affine map of a column, feeding them the pipeline's min-max or z-score normalised children
//! (which is what the pipeline passes: every child after its normalisation, "higher is better") gives
//! exactly the MPI/AMPI of the raw data with negative indicators reversed. Non-affine normalisations (ranks,
//! logs, capped goalposts) change the result. Fixed AMPI goalposts ([`AmpiGoalposts::Fixed`]) must be
//! expressed in the units of the data passed.
//!
//! **Compared with R Compind 3.x** (`ci_mpi`, `ci_ampi`, read from the CRAN sources): `ci_mpi` no longer
//! standardises (the user must normalise first) and uses the *sample* variance (R `var`) across the unit's
//! indicators, with `penalty = "POS"` meaning `M(1 − cv²)`; this module follows the published definition
//! (internal standardisation, population sd). `ci_ampi` takes the reference values `gp` from the user and
//! Inf/Sup over all periods of the data, uses the population sd, and its `penalty = "POS"` means `M + S·cv`
//! (the opposite label of `ci_mpi`); it rounds results to 3 decimals. Here the sign is named by its
//! operation ([`MpiSign`]) to avoid that ambiguity; `AmpiGoalposts::Fixed` reproduces `ci_ampi` when given
//! `gp` as `reference` and the all-period minima and maxima.

use serde::{Deserialize, Serialize};

use super::Input;
use crate::{CompositeError, Result};

/// The sign of the MPI/AMPI penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MpiSign {
    /// `M − S·cv`: imbalance lowers the score ("positive" phenomena, higher is better). The default.
    #[default]
    Minus,
    /// `M + S·cv`: imbalance raises the score ("negative" phenomena).
    Plus,
}

impl MpiSign {
    /// `-` or `+`.
    pub fn symbol(self) -> &'static str {
        match self {
            MpiSign::Minus => "-",
            MpiSign::Plus => "+",
        }
    }

    fn factor(self) -> f64 {
        match self {
            MpiSign::Minus => -1.0,
            MpiSign::Plus => 1.0,
        }
    }
}

/// Goalposts of the AMPI re-scaling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(
    remote = "Self",
    tag = "method",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum AmpiGoalposts {
    /// From the data being aggregated: Inf/Sup = the column's observed minimum/maximum, Ref = its mean (the
    /// single-period case of Mazziotta & Pareto 2016, §3). The default.
    #[default]
    FromData,
    /// Given per child (in the units of the data passed): the reference value and the overall minimum and
    /// maximum (e.g. over all periods, as Compind's `ci_ampi`).
    Fixed {
        /// Reference value per child (mapped to 100).
        reference: Vec<f64>,
        /// Overall minimum per child (Inf).
        min: Vec<f64>,
        /// Overall maximum per child (Sup).
        max: Vec<f64>,
    },
}

crate::strict::strict_tagged!(AmpiGoalposts, "method");

impl AmpiGoalposts {
    pub(crate) fn validate(&self) -> Result<()> {
        if let AmpiGoalposts::Fixed {
            reference,
            min,
            max,
        } = self
        {
            let bad = |parameter, reason: String| {
                Err(CompositeError::InvalidParameter {
                    method: "ampi",
                    parameter,
                    reason,
                })
            };
            if min.len() != reference.len() || max.len() != reference.len() {
                return bad(
                    "goalposts",
                    format!(
                        "{} references, {} minima, {} maxima",
                        reference.len(),
                        min.len(),
                        max.len()
                    ),
                );
            }
            for j in 0..reference.len() {
                if !(reference[j].is_finite() && min[j].is_finite() && max[j].is_finite()) {
                    return bad("goalposts", format!("child {j}: goalposts must be finite"));
                }
                if min[j] >= max[j] {
                    return bad(
                        "goalposts",
                        format!("child {j}: min {} is not below max {}", min[j], max[j]),
                    );
                }
            }
        }
        Ok(())
    }
}

/// Mean and population sd of the present values of column `j`; `None` if none is present.
fn column_moments(input: &Input, j: usize) -> Option<(f64, f64, f64, f64)> {
    let col = input.col(j);
    let (mut n, mut sum, mut lo, mut hi) = (0usize, 0.0, f64::INFINITY, f64::NEG_INFINITY);
    for (i, &x) in col.iter().enumerate() {
        if input.is_present(i, j) {
            n += 1;
            sum += x;
            lo = lo.min(x);
            hi = hi.max(x);
        }
    }
    if n == 0 {
        return None;
    }
    let mean = sum / n as f64;
    let mut ss = 0.0;
    for (i, &x) in col.iter().enumerate() {
        if input.is_present(i, j) {
            ss += (x - mean) * (x - mean);
        }
    }
    Some((mean, (ss / n as f64).sqrt(), lo, hi))
}

/// MPI± of every unit (module docs).
pub(crate) fn mpi(
    input: &Input,
    sign: MpiSign,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    // z = 100 + 10 (x − μ)/σ  ⇔  a + b·x with b = 10/σ, a = 100 − 10μ/σ.
    let mut affine = Vec::with_capacity(input.n_cols);
    for j in 0..input.n_cols {
        match column_moments(input, j) {
            None => affine.push((0.0, 0.0)),
            Some((mean, sd, ..)) => {
                if sd <= 0.0 {
                    return Err(constant(input, j, "mpi (z-score with population sd)"));
                }
                affine.push((100.0 - 10.0 * mean / sd, 10.0 / sd));
            }
        }
    }
    penalised(input, &affine, sign, scores, present)
}

/// AMPI± of every unit (module docs).
pub(crate) fn ampi(
    input: &Input,
    sign: MpiSign,
    goalposts: &AmpiGoalposts,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    // r = (x − (Ref − Δ)) / (2Δ) · 60 + 70 = 100 + 30 (x − Ref)/Δ  ⇔  a + b·x.
    let mut affine = Vec::with_capacity(input.n_cols);
    match goalposts {
        AmpiGoalposts::FromData => {
            for j in 0..input.n_cols {
                match column_moments(input, j) {
                    None => affine.push((0.0, 0.0)),
                    Some((mean, _, lo, hi)) => {
                        let delta = (hi - lo) / 2.0;
                        if delta <= 0.0 {
                            return Err(constant(input, j, "ampi (goalposts from the data)"));
                        }
                        affine.push((100.0 - 30.0 * mean / delta, 30.0 / delta));
                    }
                }
            }
        }
        AmpiGoalposts::Fixed {
            reference,
            min,
            max,
        } => {
            if reference.len() != input.n_cols {
                return Err(CompositeError::DimensionMismatch {
                    method: "ampi",
                    what: "goalposts",
                    expected: input.n_cols,
                    got: reference.len(),
                });
            }
            for j in 0..input.n_cols {
                let delta = (max[j] - min[j]) / 2.0;
                affine.push((100.0 - 30.0 * reference[j] / delta, 30.0 / delta));
            }
        }
    }
    penalised(input, &affine, sign, scores, present)
}

fn constant(input: &Input, j: usize, method: &'static str) -> CompositeError {
    CompositeError::ConstantIndicator {
        indicator: input.ctx.column(j),
        period: input.ctx.period,
        method,
    }
}

/// `M ± S²/M` of the re-scaled values `a_j + b_j x`, weighted mean and weighted population variance over
/// each unit's present children.
fn penalised(
    input: &Input,
    affine: &[(f64, f64)],
    sign: MpiSign,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    let ws = input.present_weight(present);
    let n = input.n_rows;
    scores.iter_mut().for_each(|s| *s = 0.0);
    for (j, &(a, b)) in affine.iter().enumerate() {
        let w = input.weights[j];
        let col = input.col(j);
        for i in 0..n {
            if input.is_present(i, j) {
                scores[i] += w * (a + b * col[i]);
            }
        }
    }
    for i in 0..n {
        if present[i] {
            scores[i] /= ws[i];
        }
    }
    let mut var = vec![0.0; n];
    for (j, &(a, b)) in affine.iter().enumerate() {
        let w = input.weights[j];
        let col = input.col(j);
        for i in 0..n {
            if input.is_present(i, j) {
                let d = a + b * col[i] - scores[i];
                var[i] += w * d * d;
            }
        }
    }
    for i in 0..n {
        if !present[i] {
            scores[i] = 0.0;
            continue;
        }
        let m = scores[i];
        if m <= 0.0 {
            return Err(CompositeError::Numerical {
                method: input.method,
                reason: format!(
                    "unit `{}` of `{}`: the mean of its re-scaled values is {m}, so the coefficient of \
                     variation is undefined (values far outside the goalposts?)",
                    input.ctx.unit(i),
                    input.ctx.node
                ),
            });
        }
        scores[i] = m + sign.factor() * (var[i] / ws[i]) / m;
    }
    Ok(())
}
