//! The methods of the configuration enum [`Normalisation`], kept for callers that hold the configuration:
//! each converts the configuration into its [`NormaliserPlan`] (validating and copying the parameters) and
//! runs the plan, so a new method needs no arm here. A caller that normalises many columns builds the plan
//! once instead.

use mfg_quality_indicators::{Panel, Polarity};

use super::{Affine, ColumnContext, Normalisation, Normaliser, NormaliserPlan};
#[cfg(doc)]
use super::{Benchmark, Goalposts, MinMax, Reference};
#[cfg(doc)]
use crate::CompositeError;
use crate::Result;

impl Normalisation {
    /// Checks the parameters (bounds ordered and finite, positive scales and sds, ascending thresholds...):
    /// the checks of the validated types' `new` ([`MinMax::new`], [`Goalposts::new`] ...), without
    /// building them.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] naming the parameter.
    pub fn validate(&self) -> Result<()> {
        NormaliserPlan::try_from(self).map(|_| ())
    }

    /// The benchmark or reference value that [`Normalisation::normalise_column`] needs for column
    /// (`indicator`, `period`) of `panel` (indices), or `None` for methods that need none (or compute it from
    /// the column itself: best, worst, mean).
    ///
    /// * [`Benchmark::Fixed`]: the value given for the indicator;
    /// * [`Benchmark::MeanOfUnits`]: mean of the observed values of those units in that period;
    /// * [`Reference::Unit`]: the unit's value in that period.
    ///
    /// # Errors
    /// [`CompositeError::UnknownReference`] for a unit or period absent from the panel;
    /// [`CompositeError::MissingValue`] when the reference cell(s) are all missing;
    /// [`CompositeError::InvalidParameter`] when a fixed benchmark has no value for the indicator.
    pub fn reference_value(
        &self,
        panel: &Panel,
        indicator: usize,
        period: usize,
    ) -> Result<Option<f64>> {
        NormaliserPlan::try_from(self)?.reference_value(panel, indicator, period)
    }

    /// Normalises one column in place: `x` holds one value per unit, `mask[u]` whether it is observed.
    /// Missing cells are set to 0.0 and must stay flagged missing by the caller. Allocation-free except
    /// for the ranks and percentile ranks, which allocate per column. Builds the method's plan and
    /// runs its [`Normaliser::normalise_column`].
    ///
    /// A column with no observed value is left unchanged. `ctx.reference` must hold
    /// [`Normalisation::reference_value`] for the methods that need one. Parameters are validated (and
    /// copied) at each call: for many columns build a [`NormaliserPlan`] once.
    ///
    /// # Errors
    /// [`CompositeError::ConstantIndicator`] (min-max, z-score: zero range / zero sd, including a single
    /// observed value); [`CompositeError::InvalidValue`] (non-positive value under log or Box–Cox, or as
    /// denominator of a negative-polarity ratio); [`CompositeError::ZeroReference`] (zero benchmark);
    /// [`CompositeError::InvalidParameter`] (no goalposts for the indicator, reference not resolved);
    /// [`CompositeError::TooFew`] (percentile rank of a single value).
    pub fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        NormaliserPlan::try_from(self)?.normalise_column(x, mask, polarity, ctx)
    }

    /// For the methods that are an affine map of the observed values, `y = offset + scale·x`, the map for
    /// this column (computing only the column's statistics; `x` is not modified); `None` for the others
    /// (goalposts — capped —, negative-polarity ratios, ranks, categorical, transforms). See
    /// [`Normaliser::affine`].
    ///
    /// Affine methods: min-max, z-score, identity, positive-polarity ratio to a benchmark, distance to a
    /// reference (ratio under positive polarity; difference), positive-polarity sum, max, vector and
    /// Zavadskas–Turskis. A pipeline can fold the map into its weighted
    /// aggregation and skip writing the normalised column (one statistics pass instead of two passes and a
    /// write). The values equal [`Normalisation::normalise_column`]'s up to rounding of order
    /// `ε·|offset|` (min-max clamps its results to [lo, hi]; the map does not).
    ///
    /// ```
    /// use mfg_quality_indicators::Polarity;
    /// use mfg_quality_composite::normalise::{ColumnContext, Normalisation};
    /// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
    /// let a = Normalisation::MinMax { lo: 0.0, hi: 100.0 }
    ///     .affine(&[2.0, 4.0, 6.0], &[true; 3], Polarity::Negative, &ctx).unwrap().unwrap();
    /// assert!((a.offset + a.scale * 2.0 - 100.0).abs() < 1e-12);
    /// ```
    ///
    /// # Errors
    /// As [`Normalisation::normalise_column`] for the affine methods (constant column, zero reference...).
    pub fn affine(
        &self,
        x: &[f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<Affine>> {
        NormaliserPlan::try_from(self)?.affine(x, mask, polarity, ctx)
    }

    /// Normalises every indicator column of every period; `polarity[i]` is for panel indicator `i`. After
    /// this, every indicator is "higher is better". Missing cells stay missing. Columns are processed in
    /// parallel with the `parallel` feature (results identical at any thread count); the error reported is
    /// that of the first failing column in panel order. Builds the [`NormaliserPlan`] once and runs its
    /// [`Normaliser::apply`].
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] for invalid parameters or a `polarity` of the wrong length;
    /// those of [`Normalisation::reference_value`] and [`Normalisation::normalise_column`].
    pub fn apply(&self, panel: &Panel, polarity: &[Polarity]) -> Result<Panel> {
        NormaliserPlan::try_from(self)?.apply(panel, polarity)
    }
}
