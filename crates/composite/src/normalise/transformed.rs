//! A monotone transform (log, Box–Cox) of the values, then another normalisation.

use mfg_quality_indicators::{Panel, Polarity};
use serde::{Deserialize, Serialize};

use super::{
    ColumnContext, Normaliser, NormaliserPlan, any_observed, check_finite, invalid, unit_code,
};
use crate::{CompositeError, Result};

/// A monotone increasing transform applied before normalising ([`Transformed`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "type",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum Transform {
    /// Natural log, `ln x`; defined for `x > 0`.
    Log,
    /// Box–Cox (Box & Cox 1964): `(x^λ − 1)/λ`, or `ln x` for `λ = 0`; defined for `x > 0`.
    BoxCox {
        /// λ.
        lambda: f64,
    },
}

crate::strict::strict_tagged!(Transform, "type");

/// A transform of the observed values, then another normalisation:
///
/// `y = N(T(x))` with `T` the natural log or the Box–Cox transform `(x^λ − 1)/λ` (`ln x` for λ = 0; Box &
/// Cox 1964), defined for `x > 0` (a non-positive value is an error, [`CompositeError::InvalidValue`]),
/// and `N` the normalisation `then`, whose benchmark or reference value is transformed like the data.
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, MinMax, Normaliser, Transform, Transformed};
/// use mfg_quality_indicators::Polarity;
/// let t = Transformed::new(Transform::Log, MinMax::default())?;
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [1.0, 10.0, 100.0];
/// t.normalise_column(&mut x, &[true; 3], Polarity::Positive, &ctx)?;
/// assert!((x[0] - 0.0).abs() + (x[1] - 0.5).abs() + (x[2] - 1.0).abs() < 1e-12);
/// assert!(Transformed::new(Transform::BoxCox { lambda: f64::NAN }, MinMax::default()).is_err());
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Transformed {
    transform: Transform,
    then: Box<NormaliserPlan>,
}

impl Transformed {
    /// `transform`, then the (validated) normalisation `then`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] (`lambda`) for a Box–Cox λ that is not finite.
    pub fn new(transform: Transform, then: impl Into<NormaliserPlan>) -> Result<Self> {
        check(transform)?;
        Ok(Transformed {
            transform,
            then: Box::new(then.into()),
        })
    }

    /// The transform.
    pub fn transform(&self) -> Transform {
        self.transform
    }

    /// The normalisation applied after the transform.
    pub fn then(&self) -> &NormaliserPlan {
        &self.then
    }
}

impl Normaliser for Transformed {
    fn name(&self) -> &'static str {
        "transformed"
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        normalise(self.transform, x, mask, ctx, |x, inner| {
            self.then.normalise_column(x, mask, polarity, inner)
        })
    }

    /// The raw reference of the inner normalisation; [`Normaliser::normalise_column`] transforms it like
    /// the data.
    fn reference_value(
        &self,
        panel: &Panel,
        indicator: usize,
        period: usize,
    ) -> Result<Option<f64>> {
        self.then.reference_value(panel, indicator, period)
    }
}

pub(super) fn check(transform: Transform) -> Result<()> {
    if let Transform::BoxCox { lambda } = transform
        && !lambda.is_finite()
    {
        return Err(invalid(
            "transformed",
            "lambda",
            format!("must be finite, got {lambda}"),
        ));
    }
    Ok(())
}

/// Transforms the observed values of one column in place, then runs `then(x, ctx)` with the column's
/// reference transformed too ([`Normaliser::normalise_column`]).
pub(super) fn normalise(
    transform: Transform,
    x: &mut [f64],
    mask: &[bool],
    ctx: &ColumnContext,
    then: impl FnOnce(&mut [f64], &ColumnContext) -> Result<()>,
) -> Result<()> {
    if !any_observed(mask) {
        return Ok(());
    }
    if let Some(u) = (0..x.len()).find(|&u| mask[u] && x[u] <= 0.0) {
        return Err(CompositeError::InvalidValue {
            method: match transform {
                Transform::Log => "log transform",
                Transform::BoxCox { .. } => "Box-Cox transform",
            },
            unit: unit_code(ctx, u),
            indicator: ctx.indicator.to_string(),
            value: x[u],
            reason: "the transform needs a positive value",
        });
    }
    let f = |v: f64| match transform {
        Transform::Log => v.ln(),
        Transform::BoxCox { lambda: 0.0 } => v.ln(),
        Transform::BoxCox { lambda } => (v.powf(lambda) - 1.0) / lambda,
    };
    for (v, &m) in x.iter_mut().zip(mask) {
        *v = if m { f(*v) } else { 0.0 };
    }
    check_finite("transform", x, mask, ctx)?;
    let mut inner = *ctx;
    if let Some(r) = ctx.reference {
        if r <= 0.0 {
            return Err(CompositeError::ZeroReference {
                method: "transform of the reference",
                indicator: ctx.indicator.to_string(),
                period: ctx.period,
            });
        }
        inner.reference = Some(f(r));
    }
    then(x, &inner)?;
    check_finite("transformed", x, mask, ctx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::Identity;

    #[test]
    fn new_rejects_a_non_finite_lambda() {
        for lambda in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(matches!(
                Transformed::new(Transform::BoxCox { lambda }, Identity),
                Err(CompositeError::InvalidParameter {
                    method: "transformed",
                    parameter: "lambda",
                    ..
                })
            ));
        }
        let t = Transformed::new(Transform::BoxCox { lambda: 0.5 }, Identity).unwrap();
        assert_eq!(t.transform(), Transform::BoxCox { lambda: 0.5 });
        assert_eq!(t.then().name(), "identity");
    }
}
