//! Stage 4, normalisation (OECD/JRC *Handbook on Constructing Composite Indicators*, 2008, section 1.5 and
//! table 3; COINr `Normalise()` with its `n_*` functions, `R/normalise.R`).
//!
//! Every method is **direction-aware**: an indicator of [`Polarity::Negative`] is mirrored so that after
//! normalisation every indicator is "higher is better" (e.g. min-max maps the *lowest* value to `hi`). Each
//! (indicator, period) column is normalised on its own, over its observed cells; missing cells stay missing.
//!
//! Two entry points:
//! * [`Normalisation::apply`] normalises a whole [`Panel`];
//! * [`Normalisation::normalise_column`] normalises one column in place, without allocating, for a pipeline
//!   that owns its buffers (benchmark references are resolved once by [`Normalisation::reference_value`]).
//!
//! A custom closure cannot be a variant of a serde enum, so it is a separate function, [`normalise_with`].

use std::collections::BTreeMap;

use mfg_quality_indicators::stats::{self, RankOrder, TieMethod, VarianceKind};
use mfg_quality_indicators::{Panel, Polarity, Unit};
use serde::{Deserialize, Serialize};

use crate::aggregate::all_true;
use crate::{CompositeError, Result};

fn one() -> f64 {
    1.0
}
fn hundred() -> f64 {
    100.0
}

/// Fixed goalposts of one indicator (HDI style).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Goalpost {
    /// The minimum ("natural zero").
    pub min: f64,
    /// The maximum ("aspirational target"); values above are capped.
    pub max: f64,
    /// Take natural logs of the value and of both goalposts first (the HDI's income index).
    #[serde(default)]
    pub log: bool,
}

/// The reference of [`Normalisation::RatioToBenchmark`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Benchmark {
    /// A fixed reference per indicator id.
    Fixed {
        /// Reference value of each indicator.
        values: BTreeMap<String, f64>,
    },
    /// The mean of the observed values of chosen units in a chosen period (the Manufacturing Power Index
    /// takes the mean of a reference group of countries in 2012).
    MeanOfUnits {
        /// The unit codes.
        units: Vec<String>,
        /// The period; `None` = the period being normalised.
        #[serde(default)]
        period: Option<i32>,
    },
}

/// The reference of [`Normalisation::DistanceToReference`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
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

/// Ratio or relative-difference form of [`Normalisation::DistanceToReference`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DistanceForm {
    /// `x / ref` (`ref / x` under negative polarity). The default.
    #[default]
    Ratio,
    /// `(x − ref) / |ref|` (`(ref − x) / |ref|` under negative polarity).
    Difference,
}

/// A monotone increasing transform applied before normalising ([`Normalisation::Transformed`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Transform {
    /// Natural log, `ln x`; defined for `x > 0`.
    Log,
    /// Box–Cox (Box & Cox 1964): `(x^λ − 1)/λ`, or `ln x` for `λ = 0`; defined for `x > 0`.
    BoxCox {
        /// λ.
        lambda: f64,
    },
}

/// Normalisation methods (see the [module docs](self)). JSON: `{"method": "min_max", "lo": 0, "hi": 100}`.
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
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Normalisation {
    /// Min-max (Handbook eq. 1.5; COINr `n_minmax`): `lo + (hi − lo)(x − min)/(max − min)`, or
    /// `lo + (hi − lo)(max − x)/(max − min)` under negative polarity. Default `[0, 1]`.
    MinMax {
        /// Lower bound (default 0).
        #[serde(default)]
        lo: f64,
        /// Upper bound (default 1).
        #[serde(default = "one")]
        hi: f64,
    },
    /// Standardisation (Handbook eq. 1.4; COINr `n_zscore`): `mean + sd·s·(x − x̄)/σ` with `s = −1` under
    /// negative polarity; σ the sample sd by default.
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
    },
    /// Goalposts (UNDP HDI technical notes; COINr `n_goalposts` with `trunc2posts = TRUE`):
    /// `scale·(clamp(x, min, max) − min)/(max − min)`, `scale·(max − clamp(x))/(max − min)` under negative
    /// polarity; with `log`, `ln` of x, min and max first.
    Goalposts {
        /// Goalposts per indicator id.
        posts: BTreeMap<String, Goalpost>,
        /// Scale (default 1; COINr uses 100).
        #[serde(default = "one")]
        scale: f64,
    },
    /// Ratio to a benchmark (the Manufacturing Power Index method): `scale·x/ref`, and `scale·ref/x` under
    /// negative polarity (which then needs `x > 0`). Default scale 100. The reference must be positive.
    RatioToBenchmark {
        /// The reference.
        benchmark: Benchmark,
        /// Scale (default 100).
        #[serde(default = "hundred")]
        scale: f64,
    },
    /// Distance to a reference (Handbook table 3, "distance to a reference"): ratio `x/ref` or relative
    /// difference `(x − ref)/|ref|`, mirrored under negative polarity (see [`DistanceForm`]). The reference
    /// must be non-zero (and positive for the ratio form).
    DistanceToReference {
        /// The reference.
        reference: Reference,
        /// Ratio or difference.
        #[serde(default)]
        form: DistanceForm,
    },
    /// Ranking (Handbook table 3; COINr `n_rank`): ascending rank, so the lowest value gets 1 and the best
    /// gets n (higher is better); ties share the lowest rank by default (R `ties.method = "min"`).
    Rank {
        /// Tie method.
        #[serde(default)]
        ties: TieMethod,
    },
    /// Percentile rank (COINr `n_prank`): `(rank − 1)/(n − 1)` with the ranks of [`Normalisation::Rank`].
    PercentileRank {
        /// Tie method.
        #[serde(default)]
        ties: TieMethod,
    },
    /// Categorical scale (Handbook table 3): with ascending thresholds `t₁ < … < t_m`, category
    /// `k = #{t ≤ x}` (under negative polarity `k = #{t ≥ x}`), value `scores[k]`; a value equal to a
    /// threshold goes to the better category.
    Categorical {
        /// Strictly ascending thresholds (m of them).
        thresholds: Vec<f64>,
        /// m + 1 scores, from worst to best category.
        scores: Vec<f64>,
    },
    /// Above/below the mean (Handbook table 3): `1` if `x > x̄ + p|x̄|`, `−1` if `x < x̄ − p|x̄|`, else 0
    /// (the Handbook writes `x̄(1 ± p)`, equal for `x̄ ≥ 0`); sign flipped under negative polarity.
    AboveBelowMean {
        /// The band p ≥ 0.
        p: f64,
    },
    /// A transform (log, Box–Cox) of the observed values, then another normalisation.
    Transformed {
        /// The transform.
        transform: Transform,
        /// The normalisation applied afterwards.
        then: Box<Normalisation>,
    },
    /// No change (already normalised data); values are negated under negative polarity.
    Identity,
}

impl Default for Normalisation {
    fn default() -> Self {
        Normalisation::MinMax { lo: 0.0, hi: 1.0 }
    }
}

/// An affine normalisation map `y = offset + scale·x` ([`Normalisation::affine`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Affine {
    /// The slope.
    pub scale: f64,
    /// The intercept.
    pub offset: f64,
}

/// Names and resolved reference of the column being normalised by [`Normalisation::normalise_column`].
#[derive(Debug, Clone, Copy)]
pub struct ColumnContext<'a> {
    /// Indicator id (also the key of [`Normalisation::Goalposts`]).
    pub indicator: &'a str,
    /// Period.
    pub period: i32,
    /// The units, aligned with the column (for error messages).
    pub units: &'a [Unit],
    /// The benchmark/reference value from [`Normalisation::reference_value`], where the method needs one.
    pub reference: Option<f64>,
}

fn invalid(method: &'static str, parameter: &'static str, reason: String) -> CompositeError {
    CompositeError::InvalidParameter {
        method,
        parameter,
        reason,
    }
}

/// (min, max) of the observed values (±∞ if none). Eight independent accumulators and compare-select
/// updates let the compiler vectorise the loop (strict IEEE order is irrelevant for min/max); a column
/// without missing cells takes a mask-free path.
#[inline]
fn min_max(x: &[f64], mask: &[bool]) -> (f64, f64) {
    min_max_known(x, mask, all_true(mask))
}

/// [`min_max`] with the column's completeness (`mask` all true) already known.
#[inline]
fn min_max_known(x: &[f64], mask: &[bool], complete: bool) -> (f64, f64) {
    const L: usize = 8;
    let mut mn = [f64::INFINITY; L];
    let mut mx = [f64::NEG_INFINITY; L];
    let (xc, mc) = (x.chunks_exact(L), mask.chunks_exact(L));
    let (xr, mr) = (xc.remainder(), mc.remainder());
    if complete {
        for c in xc {
            for k in 0..L {
                mn[k] = if c[k] < mn[k] { c[k] } else { mn[k] };
                mx[k] = if c[k] > mx[k] { c[k] } else { mx[k] };
            }
        }
    } else {
        for (c, m) in xc.zip(mc) {
            for k in 0..L {
                let (a, b) = if m[k] {
                    (c[k], c[k])
                } else {
                    (f64::INFINITY, f64::NEG_INFINITY)
                };
                mn[k] = if a < mn[k] { a } else { mn[k] };
                mx[k] = if b > mx[k] { b } else { mx[k] };
            }
        }
    }
    let (mut lo, mut hi) = (
        mn.iter().copied().fold(f64::INFINITY, f64::min),
        mx.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    for (&v, &m) in xr.iter().zip(mr) {
        if m {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    (lo, hi)
}

/// Mean of the observed values and their number (`0.0` when none is observed).
#[inline]
fn masked_mean(x: &[f64], mask: &[bool]) -> (f64, usize) {
    let (mut s, mut n) = (0.0, 0usize);
    for (&v, &m) in x.iter().zip(mask) {
        s += if m { v } else { 0.0 };
        n += usize::from(m);
    }
    (s / n.max(1) as f64, n)
}

/// Standard deviation of the `n` observed values around their mean `mu` (sample or population), for
/// the z-score.
///
/// # Errors
/// [`CompositeError::ConstantIndicator`] when it is zero (including a single observed value under the
/// sample variance) or not finite.
fn masked_sd(
    x: &[f64],
    mask: &[bool],
    (mu, n): (f64, usize),
    variance: VarianceKind,
    ctx: &ColumnContext,
) -> Result<f64> {
    let mut ss = 0.0;
    for (&v, &m) in x.iter().zip(mask) {
        let d = if m { v - mu } else { 0.0 };
        ss += d * d;
    }
    let denom = match variance {
        VarianceKind::Sample => n.saturating_sub(1),
        VarianceKind::Population => n,
    } as f64;
    let sigma = if denom > 0.0 {
        (ss / denom).sqrt()
    } else {
        0.0
    };
    if sigma <= 0.0 || !sigma.is_finite() || !mu.is_finite() {
        return Err(CompositeError::ConstantIndicator {
            indicator: ctx.indicator.to_string(),
            period: ctx.period,
            method: "z-score",
        });
    }
    Ok(sigma)
}

/// Whether some cell of a column is observed (an all-true mask is checked first, vectorised).
#[inline]
fn any_observed(mask: &[bool]) -> bool {
    (!mask.is_empty() && all_true(mask)) || mask.iter().any(|&m| m)
}

/// The map of a normalisation that, once its column statistics are known, maps each observed value on its
/// own (see [`Normalisation::point_map`]): what a pipeline needs to normalise a column block by block,
/// fused with the aggregation of the block, with the same result bit for bit as
/// [`Normalisation::normalise_column`]. Today min-max: `clamp(lo + b (x − c), lo, hi)` (see
/// [`min_max_map`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PointMap {
    /// Lower bound of the target range.
    lo: f64,
    /// Upper bound of the target range.
    hi: f64,
    /// Slope, negative under negative polarity.
    b: f64,
    /// The column minimum (positive polarity) or maximum (negative polarity).
    c: f64,
}

impl PointMap {
    /// The normalised value of an observed `v`.
    #[inline(always)]
    pub(crate) fn apply(self, v: f64) -> f64 {
        let y = self.lo + self.b * (v - self.c);
        let y = if y < self.lo { self.lo } else { y };
        if y > self.hi { self.hi } else { y }
    }

    /// `dst[u] = apply(src[u])` for observed cells and `0.0` for the others (`mask` empty: all observed).
    #[inline]
    pub(crate) fn apply_slice(self, src: &[f64], mask: &[bool], dst: &mut [f64]) {
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

/// The min-max map `x ↦ clamp(lo + b (x − c), lo, hi)` of a column with observed range `(mn, mx)`:
/// `y = lo + k (x − min)`, or `lo + k (max − x)` under negative polarity, `k = (hi − lo) / (max − min)`,
/// written as `lo + b (x − c)` so that one branch-free loop serves both polarities, and clamped against
/// rounding with compare-selects (vectorisable).
///
/// # Errors
/// [`CompositeError::ConstantIndicator`] for a zero range, [`CompositeError::InvalidValue`] for a range
/// that overflows.
#[inline]
fn min_max_map(
    lo: f64,
    hi: f64,
    (mn, mx): (f64, f64),
    neg: bool,
    ctx: &ColumnContext,
) -> Result<PointMap> {
    let range = mx - mn;
    if range <= 0.0 || !range.is_finite() {
        return Err(if range <= 0.0 {
            CompositeError::ConstantIndicator {
                indicator: ctx.indicator.to_string(),
                period: ctx.period,
                method: "min-max",
            }
        } else {
            CompositeError::InvalidValue {
                method: "min_max",
                unit: "<column>".into(),
                column: ctx.indicator.to_string(),
                value: range,
                reason: "the range max − min overflows",
            }
        });
    }
    let k = (hi - lo) / range;
    let (b, c) = if neg { (-k, mx) } else { (k, mn) };
    Ok(PointMap { lo, hi, b, c })
}

fn observed(x: &[f64], mask: &[bool]) -> Vec<f64> {
    x.iter()
        .zip(mask)
        .filter(|(_, m)| **m)
        .map(|(v, _)| *v)
        .collect()
}

/// Writes `ys` (one per observed cell, in order) back into the observed cells of `x`.
fn scatter(x: &mut [f64], mask: &[bool], ys: &[f64]) {
    let mut k = 0;
    for (v, &m) in x.iter_mut().zip(mask) {
        if m {
            *v = ys[k];
            k += 1;
        }
    }
}

fn unit_code(ctx: &ColumnContext, u: usize) -> String {
    ctx.units
        .get(u)
        .map_or_else(|| format!("#{u}"), |x| x.code.clone())
}

fn check_finite(method: &'static str, x: &[f64], mask: &[bool], ctx: &ColumnContext) -> Result<()> {
    if let Some(u) = (0..x.len()).find(|&u| mask[u] && !x[u].is_finite()) {
        return Err(CompositeError::InvalidValue {
            method,
            unit: unit_code(ctx, u),
            column: ctx.indicator.to_string(),
            value: x[u],
            reason: "the result is not finite (overflow)",
        });
    }
    Ok(())
}

impl Normalisation {
    /// Cheap name for outputs, e.g. `"min_max"`.
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
        }
    }

    /// Checks the parameters (bounds ordered and finite, positive scales and sds, ascending thresholds...).
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] naming the parameter.
    pub fn validate(&self) -> Result<()> {
        let m = self.name();
        match self {
            Normalisation::MinMax { lo, hi } => {
                if !(lo.is_finite() && hi.is_finite() && lo < hi && (hi - lo).is_finite()) {
                    return Err(invalid(
                        m,
                        "lo/hi",
                        format!("need finite lo < hi, got [{lo}, {hi}]"),
                    ));
                }
            }
            Normalisation::ZScore { mean, sd, .. } => {
                if !(mean.is_finite() && sd.is_finite() && *sd > 0.0) {
                    return Err(invalid(
                        m,
                        "mean/sd",
                        format!("need finite mean and sd > 0, got {mean}, {sd}"),
                    ));
                }
            }
            Normalisation::Goalposts { posts, scale } => {
                if !(scale.is_finite() && *scale > 0.0) {
                    return Err(invalid(
                        m,
                        "scale",
                        format!("must be finite and positive, got {scale}"),
                    ));
                }
                for (id, g) in posts {
                    if !(g.min.is_finite() && g.max.is_finite() && g.min < g.max) {
                        return Err(invalid(
                            m,
                            "posts",
                            format!("`{id}`: need finite min < max, got [{}, {}]", g.min, g.max),
                        ));
                    }
                    if g.log && g.min <= 0.0 {
                        return Err(invalid(
                            m,
                            "posts",
                            format!("`{id}`: log goalposts need min > 0, got {}", g.min),
                        ));
                    }
                }
            }
            Normalisation::RatioToBenchmark { benchmark, scale } => {
                if !(scale.is_finite() && *scale > 0.0) {
                    return Err(invalid(
                        m,
                        "scale",
                        format!("must be finite and positive, got {scale}"),
                    ));
                }
                match benchmark {
                    Benchmark::Fixed { values } => {
                        if let Some((id, v)) = values.iter().find(|(_, v)| !v.is_finite()) {
                            return Err(invalid(
                                m,
                                "benchmark",
                                format!("`{id}`: reference {v} is not finite"),
                            ));
                        }
                    }
                    Benchmark::MeanOfUnits { units, .. } => {
                        if units.is_empty() {
                            return Err(invalid(m, "benchmark", "no reference units".into()));
                        }
                    }
                }
            }
            Normalisation::Categorical { thresholds, scores } => {
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
            }
            Normalisation::AboveBelowMean { p } => {
                if !(p.is_finite() && *p >= 0.0) {
                    return Err(invalid(m, "p", format!("must be finite and ≥ 0, got {p}")));
                }
            }
            Normalisation::Transformed { transform, then } => {
                if let Transform::BoxCox { lambda } = transform
                    && !lambda.is_finite()
                {
                    return Err(invalid(
                        m,
                        "lambda",
                        format!("must be finite, got {lambda}"),
                    ));
                }
                then.validate()?;
            }
            Normalisation::DistanceToReference { .. }
            | Normalisation::Rank { .. }
            | Normalisation::PercentileRank { .. }
            | Normalisation::Identity => {}
        }
        Ok(())
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
        let id = &panel.indicators()[indicator];
        let period_of = |p: Option<i32>| -> Result<usize> {
            match p {
                None => Ok(period),
                Some(p) => panel
                    .period_index(p)
                    .ok_or_else(|| CompositeError::UnknownReference {
                        what: "period",
                        id: p.to_string(),
                    }),
            }
        };
        let unit_of = |u: &str| {
            panel
                .unit_index(u)
                .ok_or_else(|| CompositeError::UnknownReference {
                    what: "unit",
                    id: u.to_string(),
                })
        };
        match self {
            Normalisation::RatioToBenchmark { benchmark, .. } => match benchmark {
                Benchmark::Fixed { values } => values.get(id).copied().map(Some).ok_or_else(|| {
                    invalid(
                        self.name(),
                        "benchmark",
                        format!("no reference value for indicator `{id}`"),
                    )
                }),
                Benchmark::MeanOfUnits { units, period: bp } => {
                    let q = period_of(*bp)?;
                    let idx = units
                        .iter()
                        .map(|u| unit_of(u))
                        .collect::<Result<Vec<_>>>()?;
                    let (mut s, mut n) = (0.0, 0usize);
                    for &u in &idx {
                        if let Some(v) = panel.get(u, indicator, q) {
                            s += v;
                            n += 1;
                        }
                    }
                    if n == 0 {
                        return Err(CompositeError::MissingValue {
                            unit: units.join(","),
                            column: id.clone(),
                            period: panel.periods()[q],
                        });
                    }
                    Ok(Some(s / n as f64))
                }
            },
            Normalisation::DistanceToReference {
                reference: Reference::Unit { unit, period: rp },
                ..
            } => {
                let q = period_of(*rp)?;
                let u = unit_of(unit)?;
                panel
                    .get(u, indicator, q)
                    .map(Some)
                    .ok_or_else(|| CompositeError::MissingValue {
                        unit: unit.clone(),
                        column: id.clone(),
                        period: panel.periods()[q],
                    })
            }
            Normalisation::Transformed { then, .. } => {
                // The raw reference; normalise_column transforms it like the data.
                then.reference_value(panel, indicator, period)
            }
            _ => Ok(None),
        }
    }

    /// For the methods that map each observed value on its own once the column's statistics are known
    /// (today min-max), the map of column `src`/`src_mask` (computing its statistics); `None` for the
    /// other methods and for a column without an observed value. Applying it ([`PointMap::apply_slice`])
    /// gives [`Normalisation::normalise_column`]'s values bit for bit, and cannot fail: every error of
    /// these methods is raised here.
    ///
    /// # Errors
    /// As [`Normalisation::normalise_column`] (min-max of a constant column or of a range that overflows).
    pub(crate) fn point_map(
        &self,
        src: &[f64],
        src_mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<PointMap>> {
        self.point_map_known(src, src_mask, all_true(src_mask), polarity, ctx)
    }

    /// [`Normalisation::point_map`] with the column's completeness (`src_mask` all true) already known.
    fn point_map_known(
        &self,
        src: &[f64],
        src_mask: &[bool],
        complete: bool,
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<PointMap>> {
        let observed = if complete {
            !src.is_empty()
        } else {
            src_mask.iter().any(|&m| m)
        };
        if !observed {
            return Ok(None);
        }
        let neg = polarity == Polarity::Negative;
        match self {
            Normalisation::MinMax { lo, hi } => Ok(Some(min_max_map(
                *lo,
                *hi,
                min_max_known(src, src_mask, complete),
                neg,
                ctx,
            )?)),
            _ => Ok(None),
        }
    }

    /// Whether [`Normalisation::point_map`] can return a map for this method.
    pub(crate) fn is_pointwise(&self) -> bool {
        matches!(self, Normalisation::MinMax { .. })
    }

    /// [`Normalisation::normalise_column`] of the column `src`/`src_mask` written to `x`/`mask` (same
    /// length), with the same result bit for bit as copying the column and normalising it in place. For
    /// min-max the copy is fused with the transform: the source is read twice (range, then map) and the
    /// destination written once, instead of copy, range and map passes over the destination.
    pub(crate) fn normalise_column_from(
        &self,
        src: &[f64],
        src_mask: &[bool],
        x: &mut [f64],
        mask: &mut [bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        mask.copy_from_slice(src_mask);
        if let Normalisation::MinMax { .. } = self {
            let complete = all_true(src_mask);
            if let Some(map) = self.point_map_known(src, src_mask, complete, polarity, ctx)? {
                map.apply_slice(src, if complete { &[] } else { src_mask }, x);
                return Ok(());
            }
        }
        x.copy_from_slice(src);
        self.normalise_column(x, mask, polarity, ctx)
    }

    /// Normalises one column in place: `x` holds one value per unit, `mask[u]` whether it is observed.
    /// Missing cells are set to 0.0 and must stay flagged missing by the caller. Allocation-free for
    /// min-max, z-score, goalposts, ratio and distance forms; ranks and categorical methods allocate one
    /// buffer per column.
    ///
    /// A column with no observed value is left unchanged. `ctx.reference` must hold
    /// [`Normalisation::reference_value`] for the methods that need one. Parameters are not re-validated
    /// here: call [`Normalisation::validate`] once beforehand ([`Normalisation::apply`] does).
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
        let name = self.name();
        if !any_observed(mask) {
            return Ok(());
        }
        match self {
            Normalisation::MinMax { lo, hi } => {
                let complete = all_true(mask);
                let f = min_max_map(*lo, *hi, min_max_known(x, mask, complete), neg, ctx)?;
                if complete {
                    x.iter_mut().for_each(|v| *v = f.apply(*v));
                } else {
                    for (v, &m) in x.iter_mut().zip(mask) {
                        *v = if m { f.apply(*v) } else { 0.0 };
                    }
                }
            }
            Normalisation::ZScore { variance, mean, sd } => {
                let (mu, n) = masked_mean(x, mask);
                let sigma = masked_sd(x, mask, (mu, n), *variance, ctx)?;
                let k = if neg { -sd / sigma } else { sd / sigma };
                for (v, &m) in x.iter_mut().zip(mask) {
                    let y = mean + k * (*v - mu);
                    *v = if m { y } else { 0.0 };
                }
            }
            Normalisation::Goalposts { posts, scale } => {
                let g = posts.get(ctx.indicator).ok_or_else(|| {
                    invalid(
                        name,
                        "posts",
                        format!("no goalposts for indicator `{}`", ctx.indicator),
                    )
                })?;
                if g.log
                    && let Some(u) = (0..x.len()).find(|&u| mask[u] && x[u] <= 0.0)
                {
                    return Err(CompositeError::InvalidValue {
                        method: "goalposts (log)",
                        unit: unit_code(ctx, u),
                        column: ctx.indicator.to_string(),
                        value: x[u],
                        reason: "the log needs a positive value",
                    });
                }
                let (lo, hi) = if g.log {
                    (g.min.ln(), g.max.ln())
                } else {
                    (g.min, g.max)
                };
                let k = scale / (hi - lo);
                for (v, &m) in x.iter_mut().zip(mask) {
                    let t = if g.log && m { v.ln() } else { *v }.clamp(lo, hi);
                    let y = (if neg { (hi - t) * k } else { (t - lo) * k }).clamp(0.0, *scale);
                    *v = if m { y } else { 0.0 };
                }
            }
            Normalisation::RatioToBenchmark { scale, .. } => {
                let r = self.resolved(ctx)?;
                let k = *scale;
                ratio_forms(
                    x,
                    mask,
                    r,
                    neg,
                    ctx,
                    name,
                    |v, r| k * v / r,
                    |v, r| k * r / v,
                )?;
            }
            Normalisation::DistanceToReference { reference, form } => {
                let r = match reference {
                    Reference::Unit { .. } => self.resolved(ctx)?,
                    Reference::Best | Reference::Worst => {
                        let (mn, mx) = min_max(x, mask);
                        let best_is_max = !neg;
                        let want_max = (*reference == Reference::Best) == best_is_max;
                        if want_max { mx } else { mn }
                    }
                    Reference::Mean => masked_mean(x, mask).0,
                };
                match form {
                    DistanceForm::Ratio => {
                        ratio_forms(x, mask, r, neg, ctx, name, |v, r| v / r, |v, r| r / v)?;
                    }
                    DistanceForm::Difference => {
                        if r == 0.0 {
                            return Err(CompositeError::ZeroReference {
                                method: name,
                                indicator: ctx.indicator.to_string(),
                                period: ctx.period,
                            });
                        }
                        let (a, s) = (r.abs(), if neg { -1.0 } else { 1.0 });
                        for (v, &m) in x.iter_mut().zip(mask) {
                            let y = s * (*v - r) / a;
                            *v = if m { y } else { 0.0 };
                        }
                    }
                }
            }
            Normalisation::Rank { ties } | Normalisation::PercentileRank { ties } => {
                let obs = observed(x, mask);
                // Ascending ranks of x (negative polarity: of −x, i.e. descending ranks of x).
                let order = if neg {
                    RankOrder::Descending
                } else {
                    RankOrder::Ascending
                };
                let mut r = stats::rank(&obs, order, *ties);
                if let Normalisation::PercentileRank { .. } = self {
                    let n = obs.len();
                    if n < 2 {
                        return Err(CompositeError::TooFew {
                            method: "percentile rank",
                            what: "observed units",
                            needed: 2,
                            got: n,
                        });
                    }
                    r.iter_mut().for_each(|v| *v = (*v - 1.0) / (n - 1) as f64);
                }
                x.iter_mut().zip(mask).for_each(|(v, &m)| {
                    if !m {
                        *v = 0.0;
                    }
                });
                scatter(x, mask, &r);
            }
            Normalisation::Categorical { thresholds, scores } => {
                for (v, &m) in x.iter_mut().zip(mask) {
                    let k = if neg {
                        thresholds.iter().filter(|&&t| t >= *v).count()
                    } else {
                        thresholds.iter().filter(|&&t| t <= *v).count()
                    };
                    *v = if m { scores[k] } else { 0.0 };
                }
            }
            Normalisation::AboveBelowMean { p } => {
                let mu = masked_mean(x, mask).0;
                let (up, down) = (mu + p * mu.abs(), mu - p * mu.abs());
                let sign = if neg { -1.0 } else { 1.0 };
                for (v, &m) in x.iter_mut().zip(mask) {
                    let y = if *v > up {
                        1.0
                    } else if *v < down {
                        -1.0
                    } else {
                        0.0
                    };
                    *v = if m { sign * y } else { 0.0 };
                }
            }
            Normalisation::Transformed { transform, then } => {
                if let Some(u) = (0..x.len()).find(|&u| mask[u] && x[u] <= 0.0) {
                    return Err(CompositeError::InvalidValue {
                        method: match transform {
                            Transform::Log => "log transform",
                            Transform::BoxCox { .. } => "Box-Cox transform",
                        },
                        unit: unit_code(ctx, u),
                        column: ctx.indicator.to_string(),
                        value: x[u],
                        reason: "the transform needs a positive value",
                    });
                }
                let f = |v: f64| match transform {
                    Transform::Log => v.ln(),
                    Transform::BoxCox { lambda } if *lambda == 0.0 => v.ln(),
                    Transform::BoxCox { lambda } => (v.powf(*lambda) - 1.0) / lambda,
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
                then.normalise_column(x, mask, polarity, &inner)?;
            }
            Normalisation::Identity => {
                if neg {
                    for (v, &m) in x.iter_mut().zip(mask) {
                        *v = if m { -*v } else { 0.0 };
                    }
                }
            }
        }
        if !matches!(self, Normalisation::MinMax { .. }) {
            check_finite(name, x, mask, ctx)?;
        }
        Ok(())
    }

    /// For the methods that are an affine map of the observed values, `y = offset + scale·x`, the map for
    /// this column (computing only the column's statistics; `x` is not modified); `None` for the others
    /// (goalposts — capped —, negative-polarity ratios, ranks, categorical, transforms).
    ///
    /// Affine methods: min-max, z-score, identity, positive-polarity ratio to a benchmark, distance to a
    /// reference (ratio under positive polarity; difference). A pipeline can fold the map into its weighted
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
        let zero_ref = || CompositeError::ZeroReference {
            method: self.name(),
            indicator: ctx.indicator.to_string(),
            period: ctx.period,
        };
        let map = |scale: f64, offset: f64| Ok(Some(Affine { scale, offset }));
        match self {
            Normalisation::MinMax { lo, hi } => {
                let (mn, mx) = min_max(x, mask);
                let range = mx - mn;
                if !mask.iter().any(|&m| m) {
                    return map(1.0, 0.0);
                }
                if range <= 0.0 || !range.is_finite() {
                    return Err(CompositeError::ConstantIndicator {
                        indicator: ctx.indicator.to_string(),
                        period: ctx.period,
                        method: "min-max",
                    });
                }
                let k = (hi - lo) / range;
                if neg {
                    map(-k, lo + k * mx)
                } else {
                    map(k, lo - k * mn)
                }
            }
            Normalisation::ZScore { variance, mean, sd } => {
                let (mu, n) = masked_mean(x, mask);
                if n == 0 {
                    return map(1.0, 0.0);
                }
                let sigma = masked_sd(x, mask, (mu, n), *variance, ctx)?;
                let k = if neg { -sd / sigma } else { sd / sigma };
                map(k, mean - k * mu)
            }
            Normalisation::Identity => map(if neg { -1.0 } else { 1.0 }, 0.0),
            Normalisation::RatioToBenchmark { scale, .. } if !neg => {
                let r = self.resolved(ctx)?;
                if r == 0.0 {
                    return Err(zero_ref());
                }
                if r < 0.0 {
                    return Err(CompositeError::InvalidValue {
                        method: self.name(),
                        unit: "<reference>".into(),
                        column: ctx.indicator.to_string(),
                        value: r,
                        reason: "a ratio needs a positive reference",
                    });
                }
                map(scale / r, 0.0)
            }
            Normalisation::DistanceToReference { reference, form } => {
                if *form == DistanceForm::Ratio && neg {
                    return Ok(None);
                }
                let r = match reference {
                    Reference::Unit { .. } => self.resolved(ctx)?,
                    Reference::Best | Reference::Worst => {
                        let (mn, mx) = min_max(x, mask);
                        if (*reference == Reference::Best) != neg {
                            mx
                        } else {
                            mn
                        }
                    }
                    Reference::Mean => masked_mean(x, mask).0,
                };
                if r == 0.0 {
                    return Err(zero_ref());
                }
                match form {
                    DistanceForm::Ratio if r < 0.0 => Err(CompositeError::InvalidValue {
                        method: self.name(),
                        unit: "<reference>".into(),
                        column: ctx.indicator.to_string(),
                        value: r,
                        reason: "a ratio needs a positive reference",
                    }),
                    DistanceForm::Ratio => map(1.0 / r, 0.0),
                    DistanceForm::Difference => {
                        let s = if neg { -1.0 } else { 1.0 } / r.abs();
                        map(s, -s * r)
                    }
                }
            }
            _ => Ok(None),
        }
    }

    fn resolved(&self, ctx: &ColumnContext) -> Result<f64> {
        ctx.reference.ok_or_else(|| {
            invalid(
                self.name(),
                "reference",
                format!(
                    "no reference value for `{}` (resolve it with Normalisation::reference_value)",
                    ctx.indicator
                ),
            )
        })
    }

    /// Normalises every indicator column of every period; `polarity[i]` is for panel indicator `i`. After
    /// this, every indicator is "higher is better". Missing cells stay missing. Columns are processed in
    /// parallel with the `parallel` feature (results identical at any thread count); the error reported is
    /// that of the first failing column in panel order.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] for invalid parameters or a `polarity` of the wrong length;
    /// those of [`Normalisation::reference_value`] and [`Normalisation::normalise_column`].
    pub fn apply(&self, panel: &Panel, polarity: &[Polarity]) -> Result<Panel> {
        self.validate()?;
        let this = self;
        let refs = (0..panel.n_periods() * panel.n_indicators())
            .map(|k| {
                let (i, p) = (k % panel.n_indicators(), k / panel.n_indicators());
                this.reference_value(panel, i, p)
            })
            .collect::<Result<Vec<_>>>()?;
        for_each_column(panel, polarity, |x, mask, pol, ctx, k| {
            let ctx = ColumnContext {
                reference: refs[k],
                ..*ctx
            };
            this.normalise_column(x, mask, pol, &ctx)
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn ratio_forms(
    x: &mut [f64],
    mask: &[bool],
    r: f64,
    neg: bool,
    ctx: &ColumnContext,
    name: &'static str,
    pos_f: impl Fn(f64, f64) -> f64,
    neg_f: impl Fn(f64, f64) -> f64,
) -> Result<()> {
    if r == 0.0 {
        return Err(CompositeError::ZeroReference {
            method: name,
            indicator: ctx.indicator.to_string(),
            period: ctx.period,
        });
    }
    if r < 0.0 {
        return Err(CompositeError::InvalidValue {
            method: name,
            unit: "<reference>".into(),
            column: ctx.indicator.to_string(),
            value: r,
            reason: "a ratio needs a positive reference",
        });
    }
    if neg {
        if let Some(u) = (0..x.len()).find(|&u| mask[u] && x[u] <= 0.0) {
            return Err(CompositeError::InvalidValue {
                method: name,
                unit: unit_code(ctx, u),
                column: ctx.indicator.to_string(),
                value: x[u],
                reason: "reference / value under negative polarity needs a positive value",
            });
        }
        for (v, &m) in x.iter_mut().zip(mask) {
            *v = if m { neg_f(*v, r) } else { 0.0 };
        }
    } else {
        for (v, &m) in x.iter_mut().zip(mask) {
            *v = if m { pos_f(*v, r) } else { 0.0 };
        }
    }
    Ok(())
}

/// Copies the panel's values and runs `f(column, mask, polarity, ctx, column_index)` on every
/// (indicator, period) column, `column_index = period · n_indicators + indicator`.
fn for_each_column<F>(panel: &Panel, polarity: &[Polarity], f: F) -> Result<Panel>
where
    F: Fn(&mut [f64], &[bool], Polarity, &ColumnContext, usize) -> Result<()> + Sync,
{
    let (nu, ni) = (panel.n_units(), panel.n_indicators());
    if polarity.len() != ni {
        return Err(invalid(
            "normalisation",
            "polarity",
            format!("{} polarities for {} indicators", polarity.len(), ni),
        ));
    }
    let mut values = panel.raw_values().to_vec();
    let mask = panel.raw_mask();
    let run = |k: usize, col: &mut [f64]| {
        let (i, p) = (k % ni, k / ni);
        let ctx = ColumnContext {
            indicator: &panel.indicators()[i],
            period: panel.periods()[p],
            units: panel.units(),
            reference: None,
        };
        f(col, &mask[k * nu..(k + 1) * nu], polarity[i], &ctx, k)
    };
    // Parallel only where the work outweighs rayon's overhead (≥ 32 768 cells).
    #[cfg(feature = "parallel")]
    let results: Vec<Result<()>> = if values.len() >= 1 << 15 {
        use rayon::prelude::*;
        values
            .par_chunks_mut(nu)
            .enumerate()
            .map(|(k, col)| run(k, col))
            .collect()
    } else {
        values
            .chunks_mut(nu)
            .enumerate()
            .map(|(k, col)| run(k, col))
            .collect()
    };
    #[cfg(not(feature = "parallel"))]
    let results: Vec<Result<()>> = values
        .chunks_mut(nu)
        .enumerate()
        .map(|(k, col)| run(k, col))
        .collect();
    results.into_iter().collect::<Result<Vec<()>>>()?;
    Ok(Panel::from_dense(
        panel.units().to_vec(),
        panel.indicators().to_vec(),
        panel.periods().to_vec(),
        values,
        mask.to_vec(),
    )?)
}

/// Normalises every column with a custom closure `f(column, mask, polarity, ctx)` (the "custom" method: a
/// closure cannot be a serde enum variant). `f` receives each (indicator, period) column with its presence
/// mask and must write the normalised values in place, "higher is better" by `polarity`; values of missing
/// cells are ignored. Results are checked to be finite.
///
/// ```
/// use mfg_quality_indicators::{Panel, Polarity, Unit};
/// use mfg_quality_composite::normalise::normalise_with;
/// let p = Panel::from_dense(vec![Unit::new("A"), Unit::new("B")], vec!["x".into()], vec![1],
///     vec![2.0, 4.0], vec![true; 2]).unwrap();
/// // share of the column maximum (COINr `n_fracmax`)
/// let n = normalise_with(&p, &[Polarity::Positive], |x, mask, _pol, _ctx| {
///     let mx = x.iter().zip(mask).filter(|(_, m)| **m).map(|(v, _)| *v).fold(f64::MIN, f64::max);
///     x.iter_mut().for_each(|v| *v /= mx);
///     Ok(())
/// }).unwrap();
/// assert_eq!(n.column(0, 0), &[0.5, 1.0]);
/// ```
///
/// # Errors
/// [`CompositeError::InvalidParameter`] for a `polarity` of the wrong length, any error of `f`, and
/// [`CompositeError::InvalidValue`] for a non-finite result.
pub fn normalise_with<F>(panel: &Panel, polarity: &[Polarity], f: F) -> Result<Panel>
where
    F: Fn(&mut [f64], &[bool], Polarity, &ColumnContext) -> Result<()> + Sync,
{
    for_each_column(panel, polarity, |x, mask, pol, ctx, _| {
        f(x, mask, pol, ctx)?;
        check_finite("custom normalisation", x, mask, ctx)
    })
}
