//! Stage 4, normalisation (OECD/JRC *Handbook on Constructing Composite Indicators*, 2008, section 1.5 and
//! table 3; COINr `Normalise()` with its `n_*` functions, `R/normalise.R`).
//!
//! Every method is **direction-aware**: an indicator of [`Polarity::Negative`] is mirrored so that after
//! normalisation every indicator is "higher is better" (e.g. min-max maps the *lowest* value to `hi`). Each
//! (indicator, period) column is normalised on its own, over its observed cells; missing cells stay missing.
//!
//! # The methods
//!
//! Each method is a validated type in its own file: `new` checks the parameters (a named
//! [`CompositeError::InvalidParameter`]), after which the type computes without re-validating; only
//! data-dependent conditions (a constant column, a non-positive value under a log, a zero reference) are
//! run-time errors. Every type implements the [`Normaliser`] trait.
//!
//! | method (`"method"` in JSON) | file | type | reference |
//! |---|---|---|---|
//! | `min_max` | `min_max.rs` | [`MinMax`] | Handbook eq. 1.5; COINr `n_minmax` |
//! | `z_score` | `z_score.rs` | [`ZScore`] | Handbook eq. 1.4; COINr `n_zscore` |
//! | `goalposts` | `goalposts.rs` | [`Goalposts`] | UNDP HDI technical notes; COINr `n_goalposts` |
//! | `ratio_to_benchmark` | `ratio_to_benchmark.rs` | [`RatioToBenchmark`] | the Manufacturing Power Index |
//! | `distance_to_reference` | `distance_to_reference.rs` | [`DistanceToReference`] | Handbook table 3 |
//! | `rank` | `rank.rs` | [`Rank`] | Handbook table 3; COINr `n_rank` |
//! | `percentile_rank` | `percentile_rank.rs` | [`PercentileRank`] | COINr `n_prank` |
//! | `categorical` | `categorical.rs` | [`Categorical`] | Handbook table 3 |
//! | `above_below_mean` | `above_below_mean.rs` | [`AboveBelowMean`] | Handbook table 3 |
//! | `transformed` | `transformed.rs` | [`Transformed`] | log; Box & Cox (1964) |
//! | `identity` | `identity.rs` | [`Identity`] | — |
//! | `sum` | `sum.rs` | [`Sum`] | pymcdm `sum_normalization` |
//! | `max` | `max.rs` | [`Max`] | pymcdm `max_normalization`; COINr `n_fracmax` |
//! | `vector` | `vector.rs` | [`Vector`] | pymcdm `vector_normalization`; Hwang & Yoon (1981) |
//! | `logarithmic` | `logarithmic.rs` | [`Logarithmic`] | pymcdm `logarithmic_normalization` |
//! | `zavadskas_turskis` | `zavadskas_turskis.rs` | [`ZavadskasTurskis`] | Zavadskas & Turskis (2008); pymcdm |
//! | `scaled` | `scaled.rs` | [`Scaled`] | COINr `n_scaled` |
//! | `distance_to_max` | `distance_to_max.rs` | [`DistanceToMax`] | COINr `n_dist2max` |
//! | `distance_to_target` | `distance_to_target.rs` | [`DistanceToTarget`] | COINr `n_dist2targ` |
//!
//! Besides these: `config.rs` (the methods of [`Normalisation`]), `shared.rs` (column statistics and
//! checks used by several methods) and `panel.rs` (the per-column driver of [`Normaliser::apply`] and
//! [`normalise_with`]).
//!
//! # Configuration and plan
//!
//! The serde enum [`Normalisation`] is the configuration (`{"method": "min_max", "lo": 0, "hi": 100}`); it
//! converts once, with `TryFrom`, into a [`NormaliserPlan`], the validated method that runs. A plan is
//! either a built-in type or [`NormaliserPlan::Custom`], a user's own [`Normaliser`]. The methods of
//! [`Normalisation`] ([`Normalisation::validate`], [`Normalisation::normalise_column`],
//! [`Normalisation::apply`] ...) run the same code as the validated types.
//!
//! Entry points: [`Normaliser::apply`] / [`Normalisation::apply`] normalise a whole [`Panel`];
//! [`Normaliser::normalise_column`] / [`Normalisation::normalise_column`] normalise one column in place,
//! without allocating, for a pipeline that owns its buffers (benchmark references are resolved once by
//! [`Normaliser::reference_value`]). A closure can normalise a panel through [`normalise_with`].
//!
//! ```
//! use mfg_quality_indicators::{Panel, Polarity, Unit};
//! use mfg_quality_composite::normalise::{MinMax, Normalisation, Normaliser, NormaliserPlan};
//! let p = Panel::from_dense(vec![Unit::new("A"), Unit::new("B"), Unit::new("C")], vec!["x".into()],
//!     vec![2020], vec![1.0, 2.0, 3.0], vec![true; 3]).unwrap();
//! let direct = MinMax::new(0.0, 100.0)?.apply(&p, &[Polarity::Positive])?;
//! let config: Normalisation = serde_json::from_str(r#"{"method": "min_max", "lo": 0, "hi": 100}"#).unwrap();
//! let plan = NormaliserPlan::try_from(&config)?;
//! assert_eq!(plan.apply(&p, &[Polarity::Positive])?.column(0, 0), direct.column(0, 0));
//! assert!(MinMax::new(1.0, 0.0).is_err()); // lo ≥ hi
//! # Ok::<(), mfg_quality_composite::CompositeError>(())
//! ```

use std::collections::BTreeMap;

use mfg_quality_indicators::stats::{TieMethod, VarianceKind};
use mfg_quality_indicators::{Panel, Polarity, Unit};
use serde::{Deserialize, Serialize};

#[cfg(doc)]
use crate::CompositeError;
use crate::Result;

mod above_below_mean;
mod categorical;
mod config;
mod distance_to_max;
mod distance_to_reference;
mod distance_to_target;
mod goalposts;
mod identity;
mod logarithmic;
mod max;
mod min_max;
mod panel;
mod percentile_rank;
mod rank;
mod ratio_to_benchmark;
mod scaled;
mod shared;
mod sum;
mod transformed;
mod vector;
mod z_score;
mod zavadskas_turskis;

use shared::{
    any_observed, check_finite, extremes, from_worst, invalid, map_observed, masked_mean, overflow,
    period_index, range_known, range_of, ratio_forms, require_positive, resolved, unit_code,
    unit_index, worst_and_span,
};

pub use above_below_mean::AboveBelowMean;
pub use categorical::Categorical;
pub use distance_to_max::DistanceToMax;
pub use distance_to_reference::{DistanceForm, DistanceToReference, Reference};
pub use distance_to_target::DistanceToTarget;
pub use goalposts::{Goalpost, Goalposts};
pub use identity::Identity;
pub use logarithmic::Logarithmic;
pub use max::Max;
pub use min_max::MinMax;
pub use panel::normalise_with;
pub use percentile_rank::{PercentileForm, PercentileRank};
pub use rank::Rank;
pub use ratio_to_benchmark::{Benchmark, RatioToBenchmark};
pub use scaled::Scaled;
pub use sum::Sum;
pub use transformed::{Transform, Transformed};
pub use vector::Vector;
pub use z_score::ZScore;
pub use zavadskas_turskis::ZavadskasTurskis;

fn one() -> f64 {
    1.0
}
fn is_one(v: &f64) -> bool {
    v.to_bits() == 1.0f64.to_bits()
}
fn is_default_form(f: &PercentileForm) -> bool {
    *f == PercentileForm::Endpoints
}
fn hundred() -> f64 {
    100.0
}

crate::plan_macro::method_registry! {
    /// Normalisation methods, the serde configuration (see the [module docs](self)); converts into the
    /// validated [`NormaliserPlan`] with `TryFrom`. JSON: `{"method": "min_max", "lo": 0, "hi": 100}`.
    ///
    /// ```
    /// use mfg_quality_indicators::{Panel, Polarity, Unit};
    /// use mfg_quality_composite::normalise::Normalisation;
    /// let units = vec![Unit::new("A"), Unit::new("B"), Unit::new("C")];
    /// let p = Panel::from_dense(units, vec!["x".into(), "loss".into()], vec![2020],
    ///     vec![1.0, 2.0, 3.0, 10.0, 20.0, 30.0], vec![true; 6]).unwrap();
    /// let n = Normalisation::MinMax { lo: 0.0, hi: 100.0 }
    ///     .apply(&p, &[Polarity::Positive, Polarity::Negative]).unwrap();
    /// assert_eq!(n.column(0, 0), &[0.0, 50.0, 100.0]);
    /// assert_eq!(n.column(1, 0), &[100.0, 50.0, 0.0]); // lower loss is better
    /// ```
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(
        remote = "Self",
        tag = "method",
        rename_all = "snake_case",
        deny_unknown_fields
    )]
    pub enum Normalisation;

    /// The validated normalisation that runs: one of the built-in methods, or a user's own [`Normaliser`].
    /// Built from the configuration with `TryFrom<&Normalisation>` (or `TryFrom<Normalisation>`), from a
    /// built-in type with `From` (`NormaliserPlan::from(MinMax::new(0.0, 100.0)?)`), or from a user's type
    /// with [`NormaliserPlan::custom`]. It implements [`Normaliser`] by delegating to the method.
    pub enum NormaliserPlan: Normaliser;

    /// A user's own method. Its results are checked to be finite
    /// ([`CompositeError::InvalidValue`] otherwise), and a column without an observed value is left
    /// unchanged without calling it.
    Custom;

    /// Validates the configuration (the checks of [`Normalisation::validate`], in the same order) and
    /// builds the plan.
    try_from;

    methods {
            /// Min-max (Handbook eq. 1.5; COINr `n_minmax`): `lo + (hi − lo)(x − min)/(max − min)`, or
            /// `lo + (hi − lo)(max − x)/(max − min)` under negative polarity. Default `[0, 1]`. See [`MinMax`].
            MinMax {
                /// Lower bound (default 0).
                #[serde(default)]
                lo: f64,
                /// Upper bound (default 1).
                #[serde(default = "one")]
                hi: f64,
            } => "min_max" as MinMax(MinMax) = MinMax::new(*lo, *hi)?.into();
            /// Standardisation (Handbook eq. 1.4; COINr `n_zscore`): `mean + sd·s·(x − x̄)/σ` with `s = −1` under
            /// negative polarity; σ the sample sd by default. See [`ZScore`].
            ZScore {
                /// Sample (n − 1, default) or population sd.
                #[serde(default)]
                variance: VarianceKind,
                /// Target mean (default 0).
                #[serde(default)]
                mean: f64,
                /// Target sd (default 1), e.g. 10 for `100 + 10z` with `mean = 100`.
                #[serde(default = "one")]
                sd: f64,
            } => "z_score" as ZScore(ZScore) = ZScore::new(*variance, *mean, *sd)?.into();
            /// Goalposts (UNDP HDI technical notes; COINr `n_goalposts` with `trunc2posts = TRUE`):
            /// `scale·(clamp(x, min, max) − min)/(max − min)`, `scale·(max − clamp(x))/(max − min)` under negative
            /// polarity; with `log`, `ln` of x, min and max first. See [`Goalposts`].
            Goalposts {
                /// Goalposts per indicator id.
                posts: BTreeMap<String, Goalpost>,
                /// Scale (default 1; COINr uses 100).
                #[serde(default = "one")]
                scale: f64,
            } => "goalposts" as Goalposts(Goalposts) = Goalposts::new(posts.clone(), *scale)?.into();
            /// Ratio to a benchmark (the Manufacturing Power Index method): `scale·x/ref`, and `scale·ref/x` under
            /// negative polarity (which then needs `x > 0`). Default scale 100. The reference must be positive.
            /// See [`RatioToBenchmark`].
            RatioToBenchmark {
                /// The reference.
                benchmark: Benchmark,
                /// Scale (default 100).
                #[serde(default = "hundred")]
                scale: f64,
            } => "ratio_to_benchmark" as RatioToBenchmark(RatioToBenchmark) = RatioToBenchmark::new(benchmark.clone(), *scale)?.into();
            /// Distance to a reference (Handbook table 3, "distance to a reference"): ratio `x/ref` or relative
            /// difference `(x − ref)/|ref|`, mirrored under negative polarity (see [`DistanceForm`]). The reference
            /// must be non-zero (and positive for the ratio form). See [`DistanceToReference`].
            DistanceToReference {
                /// The reference.
                reference: Reference,
                /// Ratio or difference.
                #[serde(default)]
                form: DistanceForm,
            } => "distance_to_reference" as DistanceToReference(DistanceToReference) = DistanceToReference::new(reference.clone(), *form).into();
            /// Ranking (Handbook table 3; COINr `n_rank`): ascending rank, so the lowest value gets 1 and the best
            /// gets n (higher is better); ties share the lowest rank by default (R `ties.method = "min"`).
            /// See [`Rank`].
            Rank {
                /// Tie method.
                #[serde(default)]
                ties: TieMethod,
            } => "rank" as Rank(Rank) = Rank::new(*ties).into();
            /// Percentile rank (COINr `n_prank`; Handbook): `s (rank − 1)/(n − 1)` or `s · rank / n` with the
            /// ranks of [`Normalisation::Rank`]. See [`PercentileRank`].
            PercentileRank {
                /// Tie method.
                #[serde(default)]
                ties: TieMethod,
                /// `endpoints` (`(rank − 1)/(n − 1)`, the default) or `share` (`rank / n`).
                #[serde(default, skip_serializing_if = "is_default_form")]
                form: PercentileForm,
                /// Scale factor (default 1; 100 for percentiles).
                #[serde(default = "one", skip_serializing_if = "is_one")]
                scale: f64,
            } => "percentile_rank" as PercentileRank(PercentileRank) = PercentileRank::with_form(*ties, *form, *scale)?.into();
            /// Categorical scale (Handbook table 3): with ascending thresholds `t₁ < … < t_m`, category
            /// `k = #{t ≤ x}` (under negative polarity `k = #{t ≥ x}`), value `scores[k]`; a value equal to a
            /// threshold goes to the better category. See [`Categorical`].
            Categorical {
                /// Strictly ascending thresholds (m of them).
                thresholds: Vec<f64>,
                /// m + 1 scores, from worst to best category.
                scores: Vec<f64>,
            } => "categorical" as Categorical(Categorical) = Categorical::new(thresholds.clone(), scores.clone())?.into();
            /// Above/below the mean (Handbook table 3): `1` if `x > x̄ + p|x̄|`, `−1` if `x < x̄ − p|x̄|`, else 0
            /// (the Handbook writes `x̄(1 ± p)`, equal for `x̄ ≥ 0`); sign flipped under negative polarity.
            /// See [`AboveBelowMean`].
            AboveBelowMean {
                /// The band p ≥ 0.
                p: f64,
            } => "above_below_mean" as AboveBelowMean(AboveBelowMean) = AboveBelowMean::new(*p)?.into();
            /// A transform (log, Box–Cox) of the observed values, then another normalisation.
            /// See [`Transformed`].
            Transformed {
                /// The transform.
                transform: Transform,
                /// The normalisation applied afterwards.
                then: Box<Normalisation>,
            } => "transformed" as Transformed(Transformed) = {
            transformed::check(*transform)?;
            Transformed::new(*transform, NormaliserPlan::try_from(&**then)?)?.into()
        };
            /// No change (already normalised data); values are negated under negative polarity. See [`Identity`].
            Identity => "identity" as Identity(Identity) = Identity.into();
            /// Shares of the column total, `x / Σx` (`(1/x) / Σ(1/x)` under negative polarity). See [`Sum`].
            Sum => "sum" as Sum(Sum) = Sum.into();
            /// `x / max` (`1 − x / max` under negative polarity). See [`Max`].
            Max => "max" as Max(Max) = Max.into();
            /// `x / ‖x‖` (`1 − x / ‖x‖` under negative polarity). See [`Vector`].
            Vector => "vector" as Vector(Vector) = Vector.into();
            /// `ln x / Σ ln x` (`(1 − ln x / Σ ln x) / (n − 1)` under negative polarity). See [`Logarithmic`].
            Logarithmic => "logarithmic" as Logarithmic(Logarithmic) = Logarithmic.into();
            /// `1 − |max − x| / |max|` (`1 − |min − x| / |min|` under negative polarity). See
            /// [`ZavadskasTurskis`].
            ZavadskasTurskis => "zavadskas_turskis" as ZavadskasTurskis(ZavadskasTurskis) = ZavadskasTurskis.into();
            /// `s (x − l)/(u − l)` with fixed bounds (applied to `−x` under negative polarity). See [`Scaled`].
            Scaled {
                /// Lower bound `l` (COINr default 0).
                #[serde(default)]
                lo: f64,
                /// Upper bound `u` (COINr default 100).
                #[serde(default = "hundred")]
                hi: f64,
                /// Scale factor `s` (COINr default 100).
                #[serde(default = "hundred")]
                scale: f64,
            } => "scaled" as Scaled(Scaled) = Scaled::new(*lo, *hi, *scale)?.into();
            /// `1 − (max − x)/(max − min)` (`1 − (x − min)/(max − min)` under negative polarity). See
            /// [`DistanceToMax`].
            DistanceToMax => "distance_to_max" as DistanceToMax(DistanceToMax) = DistanceToMax.into();
            /// `(x − min)/(t − min)` (`(max − x)/(max − t)` under negative polarity), `t` the indicator's
            /// target, optionally capped at 1. See [`DistanceToTarget`].
            DistanceToTarget {
                /// Targets by indicator id.
                targets: BTreeMap<String, f64>,
                /// Cap values beyond the target at 1 (default `false`, as COINr).
                #[serde(default)]
                cap: bool,
            } => "distance_to_target" as DistanceToTarget(DistanceToTarget) = DistanceToTarget::new(targets.clone(), *cap)?.into();
    }
}

crate::strict::strict_tagged!(Normalisation, "method");

impl Default for Normalisation {
    fn default() -> Self {
        Normalisation::MinMax { lo: 0.0, hi: 1.0 }
    }
}

/// An affine normalisation map `y = offset + scale·x` ([`Normaliser::affine`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Affine {
    /// The slope.
    pub scale: f64,
    /// The intercept.
    pub offset: f64,
}

/// Names and resolved reference of the column being normalised by [`Normaliser::normalise_column`].
#[derive(Debug, Clone, Copy)]
pub struct ColumnContext<'a> {
    /// Indicator id (also the key of [`Normalisation::Goalposts`]).
    pub indicator: &'a str,
    /// Period.
    pub period: i32,
    /// The units, aligned with the column (for error messages).
    pub units: &'a [Unit],
    /// The benchmark/reference value from [`Normaliser::reference_value`], where the method needs one.
    pub reference: Option<f64>,
}

/// The map of a normalisation that, once its column statistics are known, maps each observed value on its
/// own (see [`Normaliser::point_map`]): `y = clamp(lo + b (x − c), lo, hi)`. What a pipeline needs to
/// normalise a column block by block, fused with the aggregation of the block, with the same result bit
/// for bit as [`Normaliser::normalise_column`]. Min-max is such a map, with `b = ±(hi − lo)/(max − min)`
/// and `c` the column minimum (maximum under negative polarity).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointMap {
    /// Lower bound of the target range.
    lo: f64,
    /// Upper bound of the target range.
    hi: f64,
    /// Slope, negative under negative polarity.
    b: f64,
    /// The anchor: the column minimum (positive polarity) or maximum (negative polarity) under min-max.
    c: f64,
}

impl PointMap {
    /// The map `x ↦ clamp(lo + slope·(x − anchor), lo, hi)`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] unless every argument is finite and `lo ≤ hi`.
    pub fn new(lo: f64, hi: f64, slope: f64, anchor: f64) -> Result<Self> {
        if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
            return Err(invalid(
                "point map",
                "lo/hi",
                format!("need finite lo ≤ hi, got [{lo}, {hi}]"),
            ));
        }
        if !(slope.is_finite() && anchor.is_finite()) {
            return Err(invalid(
                "point map",
                "slope/anchor",
                format!("must be finite, got {slope}, {anchor}"),
            ));
        }
        Ok(PointMap {
            lo,
            hi,
            b: slope,
            c: anchor,
        })
    }

    /// The normalised value of an observed `v`.
    #[inline(always)]
    pub fn apply(self, v: f64) -> f64 {
        let y = self.lo + self.b * (v - self.c);
        let y = if y < self.lo { self.lo } else { y };
        if y > self.hi { self.hi } else { y }
    }

    /// `dst[u] = apply(src[u])` for observed cells and `0.0` for the others (`mask` empty: all observed).
    #[inline]
    pub fn apply_slice(self, src: &[f64], mask: &[bool], dst: &mut [f64]) {
        if mask.is_empty() {
            dst.iter_mut()
                .zip(src)
                .for_each(|(v, &s)| *v = self.apply(s));
        } else {
            for ((v, &s), &m) in dst.iter_mut().zip(src).zip(mask) {
                *v = if m { self.apply(s) } else { 0.0 };
            }
        }
    }
}

/// A normalisation method: validated at construction, then infallible on its parameters. The built-in
/// methods are the types of this module (see the [module docs](self)); a user's own method implements
/// this trait and runs through [`NormaliserPlan::Custom`].
///
/// Only [`Normaliser::name`] and [`Normaliser::normalise_column`] are required. The other methods have
/// defaults: no reference value, and no fast path (not affine, not point-wise; the copy-then-normalise
/// [`Normaliser::normalise_column_from`]); a method overrides them to take a pipeline's fast paths.
///
/// ```
/// use mfg_quality_indicators::{Panel, Polarity, Unit};
/// use mfg_quality_composite::normalise::{ColumnContext, Normaliser, NormaliserPlan};
/// /// Share of the column maximum (COINr `n_fracmax`), for positive data.
/// #[derive(Debug)]
/// struct FracMax;
/// impl Normaliser for FracMax {
///     fn name(&self) -> &'static str { "frac_max" }
///     fn normalise_column(&self, x: &mut [f64], mask: &[bool], _: Polarity, _: &ColumnContext)
///         -> mfg_quality_composite::Result<()> {
///         let mx = x.iter().zip(mask).filter(|(_, m)| **m).fold(f64::MIN, |a, (v, _)| a.max(*v));
///         x.iter_mut().for_each(|v| *v /= mx);
///         Ok(())
///     }
/// }
/// let p = Panel::from_dense(vec![Unit::new("A"), Unit::new("B")], vec!["x".into()], vec![1],
///     vec![2.0, 4.0], vec![true; 2]).unwrap();
/// let plan = NormaliserPlan::custom(FracMax);
/// assert_eq!(plan.apply(&p, &[Polarity::Positive])?.column(0, 0), &[0.5, 1.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub trait Normaliser: Send + Sync + std::fmt::Debug {
    /// Short name for outputs and errors, e.g. `"min_max"`.
    fn name(&self) -> &'static str;

    /// Normalises one column in place: `x` holds one value per unit, `mask[u]` whether it is observed.
    /// After it the column is "higher is better" by `polarity`. Missing cells are set to 0.0 and must stay
    /// flagged missing by the caller; a column with no observed value is left unchanged. `ctx.reference`
    /// holds [`Normaliser::reference_value`] for the methods that need one.
    ///
    /// # Errors
    /// Data-dependent conditions only (a constant column, a value outside the method's domain, a zero or
    /// unresolved reference, too few observed values), each a named [`CompositeError`] variant.
    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()>;

    /// The benchmark or reference value that [`Normaliser::normalise_column`] needs for column
    /// (`indicator`, `period`) of `panel` (indices), or `None` for a method that needs none (the default).
    ///
    /// # Errors
    /// A reference unit or period absent from the panel, or a reference cell that is missing.
    fn reference_value(
        &self,
        _panel: &Panel,
        _indicator: usize,
        _period: usize,
    ) -> Result<Option<f64>> {
        Ok(None)
    }

    /// For a method that is an affine map of the observed values of each column, `y = offset + scale·x`,
    /// the map of this column (computing only the column's statistics; `x` is not modified), or `None`
    /// (the default: not affine, or not for this polarity). The values equal
    /// [`Normaliser::normalise_column`]'s up to rounding of order `ε·|offset|` (min-max clamps its results
    /// to [lo, hi]; the map does not). A pipeline can fold the map into its weighted aggregation.
    ///
    /// # Errors
    /// As [`Normaliser::normalise_column`].
    fn affine(
        &self,
        _x: &[f64],
        _mask: &[bool],
        _polarity: Polarity,
        _ctx: &ColumnContext,
    ) -> Result<Option<Affine>> {
        Ok(None)
    }

    /// Whether [`Normaliser::point_map`] returns a map for every column with an observed value (default
    /// `false`).
    fn is_pointwise(&self) -> bool {
        false
    }

    /// For a point-wise method ([`Normaliser::is_pointwise`]), the map of column `src`/`src_mask`
    /// (computing its statistics), `None` for a column without an observed value (and, by default, for
    /// every column). Applying it ([`PointMap::apply_slice`]) must give [`Normaliser::normalise_column`]'s
    /// values bit for bit, and cannot fail: every error of the method is raised here.
    ///
    /// # Errors
    /// As [`Normaliser::normalise_column`].
    fn point_map(
        &self,
        _src: &[f64],
        _src_mask: &[bool],
        _polarity: Polarity,
        _ctx: &ColumnContext,
    ) -> Result<Option<PointMap>> {
        Ok(None)
    }

    /// [`Normaliser::normalise_column`] of the column `src`/`src_mask` written to `x`/`mask` (same
    /// length). The default copies the column, then normalises it in place; a method may fuse the copy
    /// with its map (min-max does), with the same result bit for bit.
    ///
    /// # Errors
    /// As [`Normaliser::normalise_column`].
    fn normalise_column_from(
        &self,
        src: &[f64],
        src_mask: &[bool],
        x: &mut [f64],
        mask: &mut [bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        mask.copy_from_slice(src_mask);
        x.copy_from_slice(src);
        self.normalise_column(x, mask, polarity, ctx)
    }

    /// Normalises every indicator column of every period of `panel`; `polarity[i]` is for panel indicator
    /// `i`. After this, every indicator is "higher is better". Missing cells stay missing. Columns are
    /// processed in parallel with the `parallel` feature (results identical at any thread count); the
    /// error reported is that of the first failing column in panel order.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] for a `polarity` of the wrong length; those of
    /// [`Normaliser::reference_value`] and [`Normaliser::normalise_column`].
    fn apply(&self, panel: &Panel, polarity: &[Polarity]) -> Result<Panel> {
        let refs = (0..panel.n_periods() * panel.n_indicators())
            .map(|k| {
                let (i, p) = (k % panel.n_indicators(), k / panel.n_indicators());
                self.reference_value(panel, i, p)
            })
            .collect::<Result<Vec<_>>>()?;
        panel::for_each_column(panel, polarity, |x, mask, pol, ctx, k| {
            let ctx = ColumnContext {
                reference: refs[k],
                ..*ctx
            };
            self.normalise_column(x, mask, pol, &ctx)
        })
    }
}

impl Default for NormaliserPlan {
    /// Min-max to [0, 1], as [`Normalisation::default`].
    fn default() -> Self {
        NormaliserPlan::MinMax(MinMax::default())
    }
}

impl NormaliserPlan {}

impl Normaliser for NormaliserPlan {
    fn name(&self) -> &'static str {
        self.as_dyn().name()
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        if let NormaliserPlan::Custom(m) = self {
            if !any_observed(mask) {
                return Ok(());
            }
            m.normalise_column(x, mask, polarity, ctx)?;
            return check_finite(m.name(), x, mask, ctx);
        }
        self.as_dyn().normalise_column(x, mask, polarity, ctx)
    }

    fn reference_value(
        &self,
        panel: &Panel,
        indicator: usize,
        period: usize,
    ) -> Result<Option<f64>> {
        self.as_dyn().reference_value(panel, indicator, period)
    }

    fn affine(
        &self,
        x: &[f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<Affine>> {
        self.as_dyn().affine(x, mask, polarity, ctx)
    }

    fn is_pointwise(&self) -> bool {
        self.as_dyn().is_pointwise()
    }

    fn point_map(
        &self,
        src: &[f64],
        src_mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<PointMap>> {
        self.as_dyn().point_map(src, src_mask, polarity, ctx)
    }

    fn normalise_column_from(
        &self,
        src: &[f64],
        src_mask: &[bool],
        x: &mut [f64],
        mask: &mut [bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        if let NormaliserPlan::Custom(_) = self {
            // Through `normalise_column`, which checks the custom results.
            mask.copy_from_slice(src_mask);
            x.copy_from_slice(src);
            return self.normalise_column(x, mask, polarity, ctx);
        }
        self.as_dyn()
            .normalise_column_from(src, src_mask, x, mask, polarity, ctx)
    }
}
