//! Sum normalisation (pymcdm `sum_normalization`).

use mfg_quality_indicators::Polarity;

use super::{
    Affine, ColumnContext, Normaliser, any_observed, check_finite, map_observed, require_positive,
};
use crate::Result;

/// Sum normalisation: `y = x / Σ x` (shares of the column total), and `y = (1/x) / Σ (1/x)` under
/// negative polarity (pymcdm 1.4 `sum_normalization`, its `cost` form; Jahan & Edwards 2015, table 1).
/// The observed values of a column sum to 1 after it. Parameterless.
///
/// Every observed value must be strictly positive (as pymcdm requires), else
/// [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue) names the first that is not.
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, Normaliser, Sum};
/// use mfg_quality_indicators::Polarity;
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [1.0, 3.0];
/// Sum.normalise_column(&mut x, &[true; 2], Polarity::Positive, &ctx)?;
/// assert_eq!(x, [0.25, 0.75]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sum;

const REASON: &str = "sum normalisation needs strictly positive values";

impl Normaliser for Sum {
    fn name(&self) -> &'static str {
        "sum"
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
        require_positive("sum", x, mask, ctx, REASON)?;
        if polarity == Polarity::Negative {
            let total: f64 = x
                .iter()
                .zip(mask)
                .filter(|e| *e.1)
                .map(|(v, _)| 1.0 / v)
                .sum();
            map_observed(x, mask, |v| (1.0 / v) / total);
        } else {
            let total = observed_sum(x, mask);
            map_observed(x, mask, |v| v / total);
        }
        check_finite("sum", x, mask, ctx)
    }

    /// `y = x / Σx` is linear under positive polarity; the negative form is not affine (`None`).
    fn affine(
        &self,
        x: &[f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<Affine>> {
        if polarity == Polarity::Negative || !any_observed(mask) {
            return Ok(None);
        }
        require_positive("sum", x, mask, ctx, REASON)?;
        let total = observed_sum(x, mask);
        if !total.is_finite() {
            return Ok(None);
        }
        Ok(Some(Affine {
            scale: 1.0 / total,
            offset: 0.0,
        }))
    }
}

fn observed_sum(x: &[f64], mask: &[bool]) -> f64 {
    x.iter().zip(mask).filter(|e| *e.1).map(|(v, _)| v).sum()
}
