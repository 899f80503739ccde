//! Vector normalisation (pymcdm `vector_normalization`).

use mfg_quality_indicators::Polarity;

use super::{Affine, ColumnContext, Normaliser, any_observed, check_finite, map_observed};
use crate::{CompositeError, Result};

/// Vector normalisation: `y = x / ‖x‖` with `‖x‖ = √(Σ x²)` over the observed values, and
/// `y = 1 − x / ‖x‖` under negative polarity (pymcdm 1.4 `vector_normalization`; the TOPSIS normalisation
/// of Hwang & Yoon 1981). Parameterless. The norm is computed scaled by the largest `|x|`, so that values
/// near the limits of `f64` do not overflow.
///
/// An all-zero column has no norm: [`CompositeError::ConstantIndicator`].
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, Normaliser, Vector};
/// use mfg_quality_indicators::Polarity;
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [3.0, 4.0];
/// Vector.normalise_column(&mut x, &[true; 2], Polarity::Positive, &ctx)?;
/// assert_eq!(x, [0.6, 0.8]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Vector;

impl Normaliser for Vector {
    fn name(&self) -> &'static str {
        "vector"
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        if !any_observed(mask) {
            return Ok(());
        }
        let norm = norm(x, mask, ctx)?;
        if polarity == Polarity::Negative {
            map_observed(x, mask, |v| 1.0 - v / norm);
        } else {
            map_observed(x, mask, |v| v / norm);
        }
        check_finite("vector", x, mask, ctx)
    }

    /// Affine under either polarity: `x/‖x‖`, or `1 − x/‖x‖`.
    fn affine(
        &self,
        x: &[f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<Affine>> {
        if !any_observed(mask) {
            return Ok(None);
        }
        let norm = norm(x, mask, ctx)?;
        Ok(Some(if polarity == Polarity::Negative {
            Affine {
                scale: -1.0 / norm,
                offset: 1.0,
            }
        } else {
            Affine {
                scale: 1.0 / norm,
                offset: 0.0,
            }
        }))
    }
}

/// `√(Σ x²)` of the observed values, scaled by the largest `|x|` against overflow.
fn norm(x: &[f64], mask: &[bool], ctx: &ColumnContext) -> Result<f64> {
    let big = x
        .iter()
        .zip(mask)
        .filter(|e| *e.1)
        .fold(0.0f64, |a, (v, _)| a.max(v.abs()));
    if big == 0.0 {
        return Err(CompositeError::ConstantIndicator {
            indicator: ctx.indicator.to_string(),
            period: ctx.period,
            method: "vector",
        });
    }
    let s: f64 = x
        .iter()
        .zip(mask)
        .filter(|e| *e.1)
        .map(|(v, _)| (v / big) * (v / big))
        .sum();
    Ok(big * s.sqrt())
}
