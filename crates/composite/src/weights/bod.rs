//! Benefit of the Doubt (Melyn & Moesen 1991; Cherchye, Moesen, Rogge & Van Puyenbroeck 2007, "An
//! introduction to 'benefit of the doubt' composite indicators", Social Indicators Research 82:111–145;
//! OECD/JRC Handbook 2008, section 6.2): each unit gets the weights most favourable to it, by a linear
//! programme (DEA with a single dummy input, Charnes–Cooper–Rhodes).
//!
//! For unit i, with non-negative normalised data `y`:
//! ```text
//! CI_i = max_w Σ_j w_j y_ij   s.t.   Σ_j w_j y_kj ≤ 1 for every unit k,   w_j ≥ 0
//! ```
//! plus optional [`BodBounds`]. Scores are in [0, 1]; the best-performing unit(s) score 1. Solved with
//! `good_lp` and its pure-Rust `microlp` solver.
//!
//! BoD gives each unit its own weights (and score), not one weight vector per node, so
//! [`BenefitOfTheDoubt`] is a validated type of its own rather than a [`super::Weigher`].

use good_lp::{Expression, Solution, SolverModel, Variable, microlp, variable, variables};
use serde::{Deserialize, Serialize};

use super::check_matrix;
use crate::{CompositeError, Result};

/// Optional weight restrictions of the BoD programme (all `None` by default: unrestricted weights).
///
/// * Absolute bounds on the multipliers: `lower ≤ w_j ≤ upper` (they depend on the data's scale, and tight
///   bounds can make the programme infeasible);
/// * share ("pie share", Wong & Beasley 1990, as in Cherchye et al. 2007) bounds on unit i's own
///   contribution shares: `share_lower ≤ w_j y_ij / Σ_k w_k y_ik ≤ share_upper`, written linearly as
///   `w_j y_ij − l·Σ_k w_k y_ik ≥ 0` and `w_j y_ij − u·Σ_k w_k y_ik ≤ 0`. A positive `share_lower` forces
///   the score of a unit with a zero indicator to 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct BodBounds {
    /// Lower bound on every multiplier `w_j` (≥ 0).
    #[serde(default)]
    pub lower: Option<f64>,
    /// Upper bound on every multiplier `w_j`.
    #[serde(default)]
    pub upper: Option<f64>,
    /// Lower bound on every contribution share, in [0, 1/n_cols].
    #[serde(default)]
    pub share_lower: Option<f64>,
    /// Upper bound on every contribution share, in [1/n_cols, 1].
    #[serde(default)]
    pub share_upper: Option<f64>,
}

/// The result of [`benefit_of_the_doubt`]; rows are units in data order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodResult {
    /// BoD score of each unit, in [0, 1].
    pub scores: Vec<f64>,
    /// Optimal multipliers `w_j` of each unit (LP variables; not summing to 1).
    pub weights: Vec<Vec<f64>>,
    /// Multipliers scaled to sum 1 per unit (`w_j / Σ_k w_k`; all 0 if every multiplier is 0).
    pub normalised_weights: Vec<Vec<f64>>,
    /// Contribution shares `w_j y_ij / CI_i` of each unit (sum 1; all 0 for a score of 0).
    pub shares: Vec<Vec<f64>>,
}

fn param(parameter: &'static str, reason: String) -> CompositeError {
    CompositeError::InvalidParameter {
        method: "benefit of the doubt",
        parameter,
        reason,
    }
}

/// Benefit of the Doubt with validated [`BodBounds`] (see the [module docs](self); Cherchye, Moesen,
/// Rogge & Van Puyenbroeck 2007). The bounds that do not depend on the number of columns are checked here;
/// the share bounds against `1/n_cols` are checked when the data are known.
///
/// ```
/// use mfg_quality_composite::weights::{BenefitOfTheDoubt, BodBounds};
/// let bod = BenefitOfTheDoubt::new(BodBounds::default())?;
/// // units (rows) A = (1, 0.5), B = (0.5, 1), C = (0.5, 0.5): C is dominated
/// let r = bod.evaluate(&[1.0, 0.5, 0.5, 0.5, 1.0, 0.5], 3)?;
/// assert!((r.scores[2] - 2.0 / 3.0).abs() < 1e-9);
/// assert!(BenefitOfTheDoubt::new(BodBounds { lower: Some(-1.0), ..Default::default() }).is_err());
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BenefitOfTheDoubt {
    bounds: BodBounds,
}

impl BenefitOfTheDoubt {
    /// Checks the bounds: `lower` finite and ≥ 0, `upper` finite and ≥ `lower`, `share_lower` and
    /// `share_upper` finite in [0, 1] with `share_upper ≥ share_lower`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] naming the bound.
    pub fn new(bounds: BodBounds) -> Result<Self> {
        let lo = bounds.lower.unwrap_or(0.0);
        if !(lo.is_finite() && lo >= 0.0) {
            return Err(param("lower", format!("must be finite and ≥ 0, got {lo}")));
        }
        if let Some(u) = bounds.upper
            && !(u.is_finite() && u >= lo)
        {
            return Err(param(
                "upper",
                format!("must be finite and ≥ lower ({lo}), got {u}"),
            ));
        }
        let sl = bounds.share_lower.unwrap_or(0.0);
        let su = bounds.share_upper.unwrap_or(1.0);
        if !(sl.is_finite() && (0.0..=1.0).contains(&sl)) {
            return Err(param("share_lower", format!("must be in [0, 1], got {sl}")));
        }
        if !(su.is_finite() && (0.0..=1.0).contains(&su) && su >= sl) {
            return Err(param(
                "share_upper",
                format!("must be in [0, 1] and ≥ share_lower, got {su}"),
            ));
        }
        Ok(BenefitOfTheDoubt { bounds })
    }

    /// The bounds.
    pub fn bounds(&self) -> &BodBounds {
        &self.bounds
    }

    /// Scores and weights of every unit: [`benefit_of_the_doubt`] with these bounds.
    ///
    /// # Errors
    /// [`CompositeError::InvalidValue`] for a negative or non-finite value;
    /// [`CompositeError::InvalidParameter`] for share bounds outside `[0, 1/n_cols]` / `[1/n_cols, 1]`;
    /// [`CompositeError::Numerical`] if a programme is infeasible or the solver fails.
    pub fn evaluate(&self, data: &[f64], n_rows: usize) -> Result<BodResult> {
        benefit_of_the_doubt(data, n_rows, &self.bounds)
    }
}

/// Benefit-of-the-Doubt scores and weights of every unit (see the [module docs](self)).
///
/// ```
/// use mfg_quality_composite::weights::bod::{benefit_of_the_doubt, BodBounds};
/// // units (rows) A = (1, 0.5), B = (0.5, 1), C = (0.5, 0.5): C is dominated
/// let data = [1.0, 0.5, 0.5, 0.5, 1.0, 0.5];
/// let r = benefit_of_the_doubt(&data, 3, &BodBounds::default()).unwrap();
/// assert!((r.scores[0] - 1.0).abs() < 1e-9 && (r.scores[1] - 1.0).abs() < 1e-9);
/// assert!((r.scores[2] - 2.0 / 3.0).abs() < 1e-9);
/// ```
///
/// # Errors
/// [`CompositeError::InvalidValue`] for a negative or non-finite value; [`CompositeError::InvalidParameter`]
/// for inconsistent bounds; [`CompositeError::Numerical`] if a programme is infeasible (tight absolute
/// bounds) or the solver fails.
pub fn benefit_of_the_doubt(data: &[f64], n_rows: usize, bounds: &BodBounds) -> Result<BodResult> {
    let p = check_matrix("benefit of the doubt", data, n_rows)?;
    if let Some(k) = data.iter().position(|&v| v < 0.0) {
        return Err(CompositeError::InvalidValue {
            method: "benefit of the doubt",
            unit: format!("row {}", k % n_rows),
            indicator: format!("column {}", k / n_rows),
            value: data[k],
            reason: "BoD needs non-negative (normalised) data",
        });
    }
    let lo = bounds.lower.unwrap_or(0.0);
    if !(lo.is_finite() && lo >= 0.0) {
        return Err(param("lower", format!("must be finite and ≥ 0, got {lo}")));
    }
    if let Some(u) = bounds.upper
        && !(u.is_finite() && u >= lo)
    {
        return Err(param(
            "upper",
            format!("must be finite and ≥ lower ({lo}), got {u}"),
        ));
    }
    let pf = p as f64;
    let sl = bounds.share_lower.unwrap_or(0.0);
    let su = bounds.share_upper.unwrap_or(1.0);
    if !(sl.is_finite() && (0.0..=1.0).contains(&sl) && sl * pf <= 1.0 + 1e-12) {
        return Err(param(
            "share_lower",
            format!("must be in [0, 1/{p}], got {sl}"),
        ));
    }
    if !(su.is_finite() && (0.0..=1.0).contains(&su) && su * pf >= 1.0 - 1e-12 && su >= sl) {
        return Err(param(
            "share_upper",
            format!("must be in [1/{p}, 1] and ≥ share_lower, got {su}"),
        ));
    }
    let y = |u: usize, j: usize| data[j * n_rows + u];
    let mut out = BodResult {
        scores: Vec::with_capacity(n_rows),
        weights: Vec::with_capacity(n_rows),
        normalised_weights: Vec::with_capacity(n_rows),
        shares: Vec::with_capacity(n_rows),
    };
    for i in 0..n_rows {
        let mut vars = variables!();
        let w: Vec<Variable> = (0..p)
            .map(|_| {
                let v = variable().min(lo);
                vars.add(match bounds.upper {
                    Some(u) => v.max(u),
                    None => v,
                })
            })
            .collect();
        let score_of =
            |u: usize| -> Expression { w.iter().enumerate().map(|(j, &v)| y(u, j) * v).sum() };
        let objective = score_of(i);
        let mut model = vars.maximise(objective.clone()).using(microlp);
        for k in 0..n_rows {
            model = model.with(score_of(k).leq(1.0));
        }
        if bounds.share_lower.is_some() || bounds.share_upper.is_some() {
            for (j, &wj) in w.iter().enumerate() {
                if sl > 0.0 {
                    model = model.with((y(i, j) * wj - sl * objective.clone()).geq(0.0));
                }
                if su < 1.0 {
                    model = model.with((y(i, j) * wj - su * objective.clone()).leq(0.0));
                }
            }
        }
        let sol = model.solve().map_err(|e| CompositeError::Numerical {
            method: "benefit of the doubt",
            reason: format!("linear programme of unit row {i}: {e}"),
        })?;
        let wi: Vec<f64> = w.iter().map(|&v| sol.value(v).max(0.0)).collect();
        let raw: f64 = (0..p).map(|j| wi[j] * y(i, j)).sum();
        let score = raw.clamp(0.0, 1.0);
        let sw: f64 = wi.iter().sum();
        out.normalised_weights.push(if sw > 0.0 {
            wi.iter().map(|v| v / sw).collect()
        } else {
            vec![0.0; p]
        });
        out.shares.push(if raw > 0.0 {
            (0..p).map(|j| wi[j] * y(i, j) / raw).collect()
        } else {
            vec![0.0; p]
        });
        out.scores.push(score);
        out.weights.push(wi);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructor_rejects_each_bad_bound() {
        let b = BodBounds::default;
        for (name, bounds) in [
            (
                "lower",
                BodBounds {
                    lower: Some(-0.1),
                    ..b()
                },
            ),
            (
                "lower",
                BodBounds {
                    lower: Some(f64::NAN),
                    ..b()
                },
            ),
            (
                "upper",
                BodBounds {
                    lower: Some(0.5),
                    upper: Some(0.4),
                    ..b()
                },
            ),
            (
                "upper",
                BodBounds {
                    upper: Some(f64::INFINITY),
                    ..b()
                },
            ),
            (
                "share_lower",
                BodBounds {
                    share_lower: Some(1.5),
                    ..b()
                },
            ),
            (
                "share_upper",
                BodBounds {
                    share_upper: Some(-0.5),
                    ..b()
                },
            ),
            (
                "share_upper",
                BodBounds {
                    share_lower: Some(0.4),
                    share_upper: Some(0.3),
                    ..b()
                },
            ),
        ] {
            match BenefitOfTheDoubt::new(bounds) {
                Err(CompositeError::InvalidParameter { parameter, .. }) => {
                    assert_eq!(parameter, name, "{bounds:?}")
                }
                other => panic!("{bounds:?}: {other:?}"),
            }
        }
        let ok = BenefitOfTheDoubt::new(BodBounds {
            share_lower: Some(0.1),
            ..b()
        })
        .unwrap();
        assert_eq!(ok.bounds().share_lower, Some(0.1));
        // a share bound valid in [0, 1] but not for 2 columns stays a run-time error
        let tight = BenefitOfTheDoubt::new(BodBounds {
            share_lower: Some(0.6),
            ..b()
        })
        .unwrap();
        assert!(matches!(
            tight.evaluate(&[1.0, 0.5, 0.5, 1.0], 2),
            Err(CompositeError::InvalidParameter {
                parameter: "share_lower",
                ..
            })
        ));
    }
}
