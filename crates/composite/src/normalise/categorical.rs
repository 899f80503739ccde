//! Categorical scale (Handbook table 3).

use mfg_quality_indicators::Polarity;

use super::{ColumnContext, Normaliser, any_observed, check_finite, invalid};
use crate::Result;

/// Categorical scale (OECD/JRC Handbook 2008, table 3):
///
/// with strictly ascending thresholds `t₁ < … < t_m`, the category of `x` is `k = #{t ≤ x}` (under
/// negative polarity `k = #{t ≥ x}`), and its value `scores[k]`, the m + 1 scores running from the worst
/// to the best category; a value equal to a threshold goes to the better category.
///
/// ```
/// use mfg_quality_composite::normalise::{Categorical, ColumnContext, Normaliser};
/// use mfg_quality_indicators::Polarity;
/// let c = Categorical::new(vec![3.0, 4.0], vec![0.0, 50.0, 100.0])?;
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [2.0, 3.0, 4.0];
/// c.normalise_column(&mut x, &[true; 3], Polarity::Positive, &ctx)?;
/// assert_eq!(x, [0.0, 50.0, 100.0]);
/// assert!(Categorical::new(vec![3.0, 4.0], vec![0.0, 1.0]).is_err()); // needs 3 scores
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Categorical {
    thresholds: Vec<f64>,
    scores: Vec<f64>,
}

impl Categorical {
    /// The scale of m `thresholds` and m + 1 `scores`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`](crate::CompositeError::InvalidParameter): `scores` not one
    /// longer than `thresholds`; `thresholds` not finite and strictly ascending, or a score not finite.
    pub fn new(thresholds: Vec<f64>, scores: Vec<f64>) -> Result<Self> {
        check(&thresholds, &scores)?;
        Ok(Categorical { thresholds, scores })
    }

    /// The thresholds, ascending.
    pub fn thresholds(&self) -> &[f64] {
        &self.thresholds
    }

    /// The scores, from the worst to the best category.
    pub fn scores(&self) -> &[f64] {
        &self.scores
    }
}

impl Normaliser for Categorical {
    fn name(&self) -> &'static str {
        "categorical"
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        let neg = polarity == Polarity::Negative;
        normalise(&self.thresholds, &self.scores, x, mask, neg, ctx)
    }
}

pub(super) fn check(thresholds: &[f64], scores: &[f64]) -> Result<()> {
    let m = "categorical";
    if scores.len() != thresholds.len() + 1 {
        return Err(invalid(
            m,
            "scores",
            format!(
                "need {} scores for {} thresholds, got {}",
                thresholds.len() + 1,
                thresholds.len(),
                scores.len()
            ),
        ));
    }
    if thresholds.iter().chain(scores).any(|v| !v.is_finite())
        || thresholds.windows(2).any(|w| w[0] >= w[1])
    {
        return Err(invalid(
            m,
            "thresholds",
            "thresholds must be finite and strictly ascending, scores finite".into(),
        ));
    }
    Ok(())
}

/// The categories of one column in place ([`Normaliser::normalise_column`]).
pub(super) fn normalise(
    thresholds: &[f64],
    scores: &[f64],
    x: &mut [f64],
    mask: &[bool],
    neg: bool,
    ctx: &ColumnContext,
) -> Result<()> {
    if !any_observed(mask) {
        return Ok(());
    }
    for (v, &m) in x.iter_mut().zip(mask) {
        let k = if neg {
            thresholds.iter().filter(|&&t| t >= *v).count()
        } else {
            thresholds.iter().filter(|&&t| t <= *v).count()
        };
        *v = if m { scores[k] } else { 0.0 };
    }
    check_finite("categorical", x, mask, ctx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CompositeError;

    #[test]
    fn new_rejects_bad_thresholds_and_scores() {
        let bad = |t: Vec<f64>, s: Vec<f64>, parameter: &str| {
            assert!(
                matches!(
                    Categorical::new(t.clone(), s.clone()),
                    Err(CompositeError::InvalidParameter { method: "categorical", parameter: p, .. })
                        if p == parameter
                ),
                "{t:?} {s:?}"
            );
        };
        bad(vec![1.0, 2.0], vec![0.0, 1.0], "scores");
        bad(vec![], vec![], "scores");
        bad(vec![2.0, 1.0], vec![0.0, 1.0, 2.0], "thresholds");
        bad(vec![1.0, 1.0], vec![0.0, 1.0, 2.0], "thresholds");
        bad(vec![f64::NAN], vec![0.0, 1.0], "thresholds");
        bad(vec![1.0], vec![0.0, f64::INFINITY], "thresholds");
        let c = Categorical::new(vec![1.0], vec![0.0, 1.0]).unwrap();
        assert_eq!((c.thresholds(), c.scores()), (&[1.0][..], &[0.0, 1.0][..]));
    }
}
