//! Distance to a reference (Handbook table 3, "distance to a reference").

use mfg_quality_indicators::{Panel, Polarity};
use serde::{Deserialize, Serialize};

use super::{
    Affine, ColumnContext, Normaliser, any_observed, check_finite, from_worst, masked_mean,
    period_index, range_of, ratio_forms, resolved, unit_index, worst_and_span,
};
use crate::{CompositeError, Result};

const NAME: &str = "distance_to_reference";

/// The reference of [`DistanceToReference`]
/// ([`Normalisation::DistanceToReference`](super::Normalisation)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "type",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum Reference {
    /// A reference unit (e.g. the leading country), in a given period or the period being normalised.
    Unit {
        /// The unit code.
        unit: String,
        /// The period; `None` = the period being normalised.
        #[serde(default)]
        period: Option<i32>,
    },
    /// The best observed value of the column (the maximum, or the minimum under negative polarity).
    Best,
    /// The worst observed value of the column.
    Worst,
    /// The mean of the column's observed values.
    Mean,
}

crate::strict::strict_tagged!(Reference, "type");

/// Ratio or relative-difference form of [`DistanceToReference`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DistanceForm {
    /// `x / ref` (`ref / x` under negative polarity). The default.
    #[default]
    Ratio,
    /// `(x − ref) / |ref|` (`(ref − x) / |ref|` under negative polarity).
    Difference,
    /// COINr's `n_dist2ref`: `1 − (ref − x)/(ref − w) = (x − w)/(ref − w)`, with `w` the column's worst
    /// observed value (min; max under negative polarity): 0 at the worst value, 1 at the reference, above
    /// 1 beyond it. The reference must differ from the worst value.
    FromWorst,
    /// [`DistanceForm::FromWorst`] capped at 1 (COINr `cap_max = TRUE`).
    FromWorstCapped,
}

/// Distance to a reference (OECD/JRC Handbook 2008, table 3):
///
/// ratio `y = x/ref` (`ref/x` under negative polarity, which then needs `x > 0`) or relative difference
/// `y = (x − ref)/|ref|` (`(ref − x)/|ref|` under negative polarity), with `ref` a reference unit's value
/// (resolved by [`Normaliser::reference_value`]) or the column's best, worst or mean observed value. The
/// reference must be non-zero ([`CompositeError::ZeroReference`]), and positive for the ratio form.
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, DistanceForm, DistanceToReference, Normaliser,
///     Reference};
/// use mfg_quality_indicators::Polarity;
/// let d = DistanceToReference::new(Reference::Best, DistanceForm::Ratio);
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [2.0, 4.0, 8.0];
/// d.normalise_column(&mut x, &[true; 3], Polarity::Positive, &ctx)?;
/// assert_eq!(x, [0.25, 0.5, 1.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DistanceToReference {
    reference: Reference,
    form: DistanceForm,
}

impl DistanceToReference {
    /// The distance to `reference` in `form`. Every reference and form is valid (a reference unit or
    /// period absent from the panel is found by [`Normaliser::reference_value`]).
    pub fn new(reference: Reference, form: DistanceForm) -> Self {
        DistanceToReference { reference, form }
    }

    /// The reference.
    pub fn reference(&self) -> &Reference {
        &self.reference
    }

    /// Ratio or difference.
    pub fn form(&self) -> DistanceForm {
        self.form
    }
}

impl Normaliser for DistanceToReference {
    fn name(&self) -> &'static str {
        NAME
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        let neg = polarity == Polarity::Negative;
        normalise(&self.reference, self.form, x, mask, neg, ctx)
    }

    fn reference_value(
        &self,
        panel: &Panel,
        indicator: usize,
        period: usize,
    ) -> Result<Option<f64>> {
        reference(&self.reference, panel, indicator, period)
    }

    fn affine(
        &self,
        x: &[f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<Affine>> {
        let neg = polarity == Polarity::Negative;
        affine(&self.reference, self.form, x, mask, neg, ctx)
    }
}

/// The value of a [`Reference::Unit`] in column (`indicator`, `period`) of `panel`; `None` for the
/// references computed from the column itself.
///
/// # Errors
/// [`CompositeError::UnknownReference`], [`CompositeError::MissingValue`].
pub(super) fn reference(
    reference: &Reference,
    panel: &Panel,
    indicator: usize,
    period: usize,
) -> Result<Option<f64>> {
    let Reference::Unit { unit, period: rp } = reference else {
        return Ok(None);
    };
    let q = period_index(panel, *rp, period)?;
    let u = unit_index(panel, unit)?;
    panel
        .get(u, indicator, q)
        .map(Some)
        .ok_or_else(|| CompositeError::MissingValue {
            unit: unit.clone(),
            indicator: panel.indicators()[indicator].clone(),
            period: panel.periods()[q],
        })
}

/// The reference value of the column: resolved (a unit), or its best / worst / mean observed value.
fn column_reference(
    reference: &Reference,
    x: &[f64],
    mask: &[bool],
    neg: bool,
    ctx: &ColumnContext,
) -> Result<f64> {
    Ok(match reference {
        Reference::Unit { .. } => resolved(NAME, ctx)?,
        Reference::Best | Reference::Worst => {
            let (mn, mx) = range_of(x, mask);
            let best_is_max = !neg;
            let want_max = matches!(reference, Reference::Best) == best_is_max;
            if want_max { mx } else { mn }
        }
        Reference::Mean => masked_mean(x, mask).0,
    })
}

fn zero_reference(ctx: &ColumnContext) -> CompositeError {
    CompositeError::ZeroReference {
        method: NAME,
        indicator: ctx.indicator.to_string(),
        period: ctx.period,
    }
}

/// The distance of one column in place ([`Normaliser::normalise_column`]).
pub(super) fn normalise(
    reference: &Reference,
    form: DistanceForm,
    x: &mut [f64],
    mask: &[bool],
    neg: bool,
    ctx: &ColumnContext,
) -> Result<()> {
    if !any_observed(mask) {
        return Ok(());
    }
    let r = column_reference(reference, x, mask, neg, ctx)?;
    match form {
        DistanceForm::Ratio => {
            ratio_forms(x, mask, r, neg, ctx, NAME, |v, r| v / r, |v, r| r / v)?;
        }
        DistanceForm::Difference => {
            if r == 0.0 {
                return Err(zero_reference(ctx));
            }
            let (a, s) = (r.abs(), if neg { -1.0 } else { 1.0 });
            for (v, &m) in x.iter_mut().zip(mask) {
                let y = s * (*v - r) / a;
                *v = if m { y } else { 0.0 };
            }
        }
        DistanceForm::FromWorst | DistanceForm::FromWorstCapped => {
            let cap = form == DistanceForm::FromWorstCapped;
            return from_worst(NAME, x, mask, r, neg, cap, ctx);
        }
    }
    check_finite(NAME, x, mask, ctx)
}

/// [`Normaliser::affine`]: `1/ref` (ratio, positive polarity only) or `±1/|ref|` with offset `∓ref/|ref|`
/// (difference).
pub(super) fn affine(
    reference: &Reference,
    form: DistanceForm,
    x: &[f64],
    mask: &[bool],
    neg: bool,
    ctx: &ColumnContext,
) -> Result<Option<Affine>> {
    if (form == DistanceForm::Ratio && neg) || form == DistanceForm::FromWorstCapped {
        return Ok(None);
    }
    let r = column_reference(reference, x, mask, neg, ctx)?;
    if form == DistanceForm::FromWorst {
        return Ok(
            worst_and_span(NAME, x, mask, r, neg, ctx)?.map(|(w, d)| Affine {
                scale: 1.0 / d,
                offset: -w / d,
            }),
        );
    }
    if r == 0.0 {
        return Err(zero_reference(ctx));
    }
    match form {
        DistanceForm::Ratio if r < 0.0 => Err(CompositeError::InvalidValue {
            method: NAME,
            unit: "<reference>".into(),
            indicator: ctx.indicator.to_string(),
            value: r,
            reason: "a ratio needs a positive reference",
        }),
        DistanceForm::Ratio => Ok(Some(Affine {
            scale: 1.0 / r,
            offset: 0.0,
        })),
        DistanceForm::FromWorst | DistanceForm::FromWorstCapped => Ok(None),
        DistanceForm::Difference => {
            let s = if neg { -1.0 } else { 1.0 } / r.abs();
            Ok(Some(Affine {
                scale: s,
                offset: -s * r,
            }))
        }
    }
}
