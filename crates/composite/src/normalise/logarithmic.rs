//! Logarithmic normalisation (pymcdm `logarithmic_normalization`).

use mfg_quality_indicators::Polarity;

use super::{
    ColumnContext, Normaliser, any_observed, check_finite, map_observed, require_positive,
};
use crate::{CompositeError, Result};

/// Logarithmic normalisation: `y = ln x / ln Π x = ln x / Σ ln x` over the observed values, and
/// `y = (1 − ln x / Σ ln x) / (n − 1)` under negative polarity, `n` the number of observed values
/// (pymcdm 1.4 `logarithmic_normalization` and its `cost` form; Zavadskas & Turskis 2008). The product is
/// taken as a sum of logarithms, which does not overflow. Parameterless.
///
/// Every observed value must be strictly positive ([`CompositeError::InvalidValue`] names the first that
/// is not); the logarithms must not sum to 0 (a product of 1: [`CompositeError::ConstantIndicator`],
/// as the ratio is undefined); the negative form needs two observed values ([`CompositeError::TooFew`]).
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, Logarithmic, Normaliser};
/// use mfg_quality_indicators::Polarity;
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let e = std::f64::consts::E;
/// let mut x = [e, e * e * e];
/// Logarithmic.normalise_column(&mut x, &[true; 2], Polarity::Positive, &ctx)?;
/// assert!((x[0] - 0.25).abs() < 1e-15 && (x[1] - 0.75).abs() < 1e-15);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Logarithmic;

impl Normaliser for Logarithmic {
    fn name(&self) -> &'static str {
        "logarithmic"
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
        require_positive(
            "logarithmic",
            x,
            mask,
            ctx,
            "logarithmic normalisation needs strictly positive values",
        )?;
        let (mut total, mut n) = (0.0, 0usize);
        for (&v, &m) in x.iter().zip(mask) {
            if m {
                total += v.ln();
                n += 1;
            }
        }
        if total == 0.0 {
            return Err(CompositeError::ConstantIndicator {
                indicator: ctx.indicator.to_string(),
                period: ctx.period,
                method: "logarithmic (the logarithms of the values sum to 0)",
            });
        }
        if polarity == Polarity::Negative {
            if n < 2 {
                return Err(CompositeError::TooFew {
                    method: "logarithmic",
                    what: "observed values (the negative-polarity form divides by n − 1)",
                    needed: 2,
                    got: n,
                });
            }
            let d = (n - 1) as f64;
            map_observed(x, mask, |v| (1.0 - v.ln() / total) / d);
        } else {
            map_observed(x, mask, |v| v.ln() / total);
        }
        check_finite("logarithmic", x, mask, ctx)
    }
}
