//! The methods of the configuration enum [`Normalisation`], kept for callers that hold the configuration:
//! each runs the code of the method's validated type (see the [family table](super)), on the enum's own
//! parameters, so that no per-column copy of the parameters is made.

use mfg_quality_indicators::{Panel, Polarity};

use super::{
    Affine, ColumnContext, DistanceToMax, Logarithmic, Max, Normalisation, Normaliser,
    NormaliserPlan, Sum, Vector, ZavadskasTurskis, above_below_mean, categorical,
    distance_to_reference, distance_to_target, goalposts, identity, min_max, percentile_rank, rank,
    ratio_to_benchmark, scaled, transformed, z_score,
};
#[cfg(doc)]
use super::{Benchmark, Goalposts, MinMax, Reference};
#[cfg(doc)]
use crate::CompositeError;
use crate::Result;

impl Normalisation {
    /// Cheap name for outputs, e.g. `"min_max"` (the `"method"` of the JSON form).
    pub fn name(&self) -> &'static str {
        match self {
            Normalisation::MinMax { .. } => "min_max",
            Normalisation::ZScore { .. } => "z_score",
            Normalisation::Goalposts { .. } => "goalposts",
            Normalisation::RatioToBenchmark { .. } => "ratio_to_benchmark",
            Normalisation::DistanceToReference { .. } => "distance_to_reference",
            Normalisation::Rank { .. } => "rank",
            Normalisation::PercentileRank { .. } => "percentile_rank",
            Normalisation::Categorical { .. } => "categorical",
            Normalisation::AboveBelowMean { .. } => "above_below_mean",
            Normalisation::Transformed { .. } => "transformed",
            Normalisation::Identity => "identity",
            Normalisation::Sum => "sum",
            Normalisation::Max => "max",
            Normalisation::Vector => "vector",
            Normalisation::Logarithmic => "logarithmic",
            Normalisation::ZavadskasTurskis => "zavadskas_turskis",
            Normalisation::Scaled { .. } => "scaled",
            Normalisation::DistanceToMax => "distance_to_max",
            Normalisation::DistanceToTarget { .. } => "distance_to_target",
        }
    }

    /// Checks the parameters (bounds ordered and finite, positive scales and sds, ascending thresholds...):
    /// the checks of the validated types' `new` ([`MinMax::new`], [`Goalposts::new`] ...), without
    /// building them.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] naming the parameter.
    pub fn validate(&self) -> Result<()> {
        match self {
            Normalisation::MinMax { lo, hi } => min_max::check(*lo, *hi),
            Normalisation::ZScore { mean, sd, .. } => z_score::check(*mean, *sd),
            Normalisation::Goalposts { posts, scale } => goalposts::check(posts, *scale),
            Normalisation::RatioToBenchmark { benchmark, scale } => {
                ratio_to_benchmark::check(benchmark, *scale)
            }
            Normalisation::Categorical { thresholds, scores } => {
                categorical::check(thresholds, scores)
            }
            Normalisation::AboveBelowMean { p } => above_below_mean::check(*p),
            Normalisation::Transformed { transform, then } => {
                transformed::check(*transform)?;
                then.validate()
            }
            Normalisation::DistanceToReference { .. }
            | Normalisation::Rank { .. }
            | Normalisation::Identity
            | Normalisation::Sum
            | Normalisation::Max
            | Normalisation::Vector
            | Normalisation::Logarithmic
            | Normalisation::ZavadskasTurskis
            | Normalisation::DistanceToMax => Ok(()),
            Normalisation::Scaled { lo, hi, scale } => scaled::check(*lo, *hi, *scale),
            Normalisation::PercentileRank { scale, .. } => percentile_rank::check(*scale),
            Normalisation::DistanceToTarget { targets, .. } => distance_to_target::check(targets),
        }
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
        match self {
            Normalisation::RatioToBenchmark { benchmark, .. } => {
                ratio_to_benchmark::reference(benchmark, panel, indicator, period)
            }
            Normalisation::DistanceToReference { reference, .. } => {
                distance_to_reference::reference(reference, panel, indicator, period)
            }
            // The raw reference; normalise_column transforms it like the data.
            Normalisation::Transformed { then, .. } => {
                then.reference_value(panel, indicator, period)
            }
            _ => Ok(None),
        }
    }

    /// Normalises one column in place: `x` holds one value per unit, `mask[u]` whether it is observed.
    /// Missing cells are set to 0.0 and must stay flagged missing by the caller. Allocation-free except
    /// for the ranks and percentile ranks, which allocate per column. Runs the code of the method's
    /// validated type ([`Normaliser::normalise_column`]).
    ///
    /// A column with no observed value is left unchanged. `ctx.reference` must hold
    /// [`Normalisation::reference_value`] for the methods that need one. Parameters are not re-validated
    /// here: call [`Normalisation::validate`] once beforehand ([`Normalisation::apply`] does), or build a
    /// [`NormaliserPlan`].
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
        let neg = polarity == Polarity::Negative;
        match self {
            Normalisation::MinMax { lo, hi } => min_max::normalise(*lo, *hi, x, mask, neg, ctx),
            Normalisation::ZScore { variance, mean, sd } => {
                z_score::normalise(*variance, *mean, *sd, x, mask, neg, ctx)
            }
            Normalisation::Goalposts { posts, scale } => {
                goalposts::normalise(posts, *scale, x, mask, neg, ctx)
            }
            Normalisation::RatioToBenchmark { scale, .. } => {
                ratio_to_benchmark::normalise(*scale, x, mask, neg, ctx)
            }
            Normalisation::DistanceToReference { reference, form } => {
                distance_to_reference::normalise(reference, *form, x, mask, neg, ctx)
            }
            Normalisation::Rank { ties } => rank::normalise(*ties, x, mask, neg, ctx),
            Normalisation::PercentileRank { ties, form, scale } => {
                percentile_rank::normalise(*ties, *form, *scale, x, mask, neg, ctx)
            }
            Normalisation::Categorical { thresholds, scores } => {
                categorical::normalise(thresholds, scores, x, mask, neg, ctx)
            }
            Normalisation::AboveBelowMean { p } => {
                above_below_mean::normalise(*p, x, mask, neg, ctx)
            }
            Normalisation::Transformed { transform, then } => {
                transformed::normalise(*transform, x, mask, ctx, |x, inner| {
                    then.normalise_column(x, mask, polarity, inner)
                })
            }
            Normalisation::Identity => identity::normalise(x, mask, neg, ctx),
            Normalisation::Sum => Sum.normalise_column(x, mask, polarity, ctx),
            Normalisation::Max => Max.normalise_column(x, mask, polarity, ctx),
            Normalisation::Vector => Vector.normalise_column(x, mask, polarity, ctx),
            Normalisation::Logarithmic => Logarithmic.normalise_column(x, mask, polarity, ctx),
            Normalisation::ZavadskasTurskis => {
                ZavadskasTurskis.normalise_column(x, mask, polarity, ctx)
            }
            Normalisation::DistanceToMax => DistanceToMax.normalise_column(x, mask, polarity, ctx),
            // Plans of cheap parameters (no per-column copy of a map or vector is made).
            Normalisation::Scaled { .. } | Normalisation::DistanceToTarget { .. } => {
                NormaliserPlan::try_from(self)?.normalise_column(x, mask, polarity, ctx)
            }
        }
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
        let neg = polarity == Polarity::Negative;
        match self {
            Normalisation::MinMax { lo, hi } => min_max::affine(*lo, *hi, x, mask, neg, ctx),
            Normalisation::ZScore { variance, mean, sd } => {
                z_score::affine(*variance, *mean, *sd, x, mask, neg, ctx)
            }
            Normalisation::Identity => Ok(Some(identity::affine(neg))),
            Normalisation::RatioToBenchmark { scale, .. } => {
                ratio_to_benchmark::affine(*scale, neg, ctx)
            }
            Normalisation::DistanceToReference { reference, form } => {
                distance_to_reference::affine(reference, *form, x, mask, neg, ctx)
            }
            Normalisation::Sum => Sum.affine(x, mask, polarity, ctx),
            Normalisation::Max => Max.affine(x, mask, polarity, ctx),
            Normalisation::Vector => Vector.affine(x, mask, polarity, ctx),
            Normalisation::ZavadskasTurskis => ZavadskasTurskis.affine(x, mask, polarity, ctx),
            Normalisation::DistanceToMax => DistanceToMax.affine(x, mask, polarity, ctx),
            Normalisation::Scaled { .. } | Normalisation::DistanceToTarget { .. } => {
                NormaliserPlan::try_from(self)?.affine(x, mask, polarity, ctx)
            }
            _ => Ok(None),
        }
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
