//! Industry quality elasticity: does a higher relative unit value win or lose market share?
//!
//! The European approach (Aiginger 1997, *Cambridge Journal of Economics* 21(5), 571–592; WIFO; European
//! Commission, *European Competitiveness Report 2010*, ch. 5) asks, per industry, whether exporters that charge
//! more also sell more. Per industry `I` and period `T` this crate estimates, on the exporter–product–year cells
//! `(e, p, t)` of `I` in `T`,
//!
//! ```text
//! y_ept = a_pt + β · ln RUV_ept + ε_ept,
//! ```
//!
//! where `RUV_ept = UV_ept / R_pt` (see [`crate::unit_value`]), `y` is selectable ([`Response`]): the log
//! market share `ln(V_ept / Σ_e' V_e'pt)` (default) or the log quantity `ln Q_ept`, and `a_pt` are
//! product–year fixed effects absorbed by within-group demeaning (Frisch–Waugh–Lovell): with
//! `x̃ = x − x̄_pt`, `ỹ = y − ȳ_pt`,
//!
//! - slope `β̂ = Σ x̃ỹ / Σ x̃²`, residuals `e = ỹ − β̂x̃`,
//! - degrees of freedom `df = n − G − 1` (`n` cells, `G` product–year groups absorbed, one slope),
//! - `s.e.(β̂) = sqrt( (Σe²/df) / Σx̃² )`, `t = β̂ / s.e.`,
//! - two-sided `p = 2·(1 − F_t(|t|; df))` with `F_t` the Student-t CDF (statrs; computed with its survival
//!   function so that small p-values keep their precision),
//! - within `R² = 1 − Σe² / Σỹ²`.
//!
//! The fit is delegated to the econometrics crate ([`mfg_quality_econometrics::Ols`] with the product–year
//! groups as one absorbed fixed effect); the formulas above are its `iid` case. Two options follow fixest:
//!
//! - [`Inference`]: `iid` (default, the formulas above), `hetero` (HC1, `V = n/(n − K) · Σx̃²e²/(Σx̃²)²`)
//!   or clustered by exporter (CR1, `V = G_e/(G_e − 1) · (n − 1)/(n − K) · Σ_g(Σ_{i∈g} x̃e)²/(Σx̃²)²`, t with
//!   `G_e − 1` degrees of freedom, `G_e` exporters); formulas in [`mfg_quality_econometrics::vcov`].
//! - [`DegreesOfFreedom`]: whether the `G` absorbed levels count in `K` (default, `K = 1 + G`, fixest's
//!   `fixef.K = "nested"`, here equal to `"full"` as products are not nested in exporters) or not
//!   (`K = 1`, `fixef.K = "none"`).
//!
//! With the defaults the numbers are those of the closed form above.
//!
//! **Classes** ([`QualityClass`]), at significance level `α_sig` (default 0.05) with slope thresholds
//! `b⁺ ≥ 0` and `b⁻ ≤ 0` (default 0): quality-sensitive if `p < α_sig` and `β̂ > b⁺`; price-sensitive if
//! `p < α_sig` and `β̂ < b⁻`; quality–price neutral otherwise.
//!
//! An industry–period with fewer than `min_exporters` distinct exporters (default 5) or with `df < 1` is an
//! error naming the counts ([`ElasticityError::TooFewExporters`]) or, under [`InsufficientPolicy::NotClassified`],
//! an [`Outcome::NotClassified`] result; so is a regression without within-group variation in `ln RUV` or
//! with a perfect fit ([`ElasticityError::DegenerateRegression`]).

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::concordance::ProductMap;
use crate::error::{ElasticityError, Result};
use crate::flows::Cells;
use crate::unit_value::UnitValues;

/// The dependent variable of the elasticity regression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// `ln(V_ept / Σ_e' V_e'pt)`, the exporter's share of the product's world exports.
    #[default]
    LogMarketShare,
    /// `ln Q_ept`.
    LogQuantity,
}

/// What to do with an industry–period that cannot be estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum InsufficientPolicy {
    /// Return the error (default).
    #[default]
    Error,
    /// Report [`Outcome::NotClassified`] and go on.
    NotClassified,
}

/// Parameters of the estimation and classification (deserialisation validates them like
/// [`ElasticityParams::new`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ElasticityParamsRaw")]
pub struct ElasticityParams {
    response: Response,
    significance: f64,
    positive_threshold: f64,
    negative_threshold: f64,
    min_exporters: usize,
    insufficient: InsufficientPolicy,
    #[serde(default)]
    inference: Inference,
    #[serde(default)]
    degrees_of_freedom: DegreesOfFreedom,
}

#[derive(Deserialize)]
struct ElasticityParamsRaw {
    response: Response,
    significance: f64,
    positive_threshold: f64,
    negative_threshold: f64,
    min_exporters: usize,
    insufficient: InsufficientPolicy,
    #[serde(default)]
    inference: Inference,
    #[serde(default)]
    degrees_of_freedom: DegreesOfFreedom,
}

/// The variance estimator of the slope (fixest's names in brackets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Inference {
    /// Homoskedastic errors (`iid`); the default.
    #[default]
    Iid,
    /// Heteroskedasticity-robust HC1 (`hetero`).
    Hetero,
    /// Cluster-robust CR1 by exporter (`cluster = ~exporter`); t with (exporters − 1) degrees of freedom.
    ClusterExporter,
}

/// Whether the absorbed product–year levels count as parameters in the small-sample adjustment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DegreesOfFreedom {
    /// `K = 1 + G` (fixest's default `fixef.K = "nested"`): residual df `n − G − 1`. The default.
    #[default]
    FixedEffectsCounted,
    /// `K = 1` (`fixef.K = "none"`): as a regression on data demeaned beforehand, residual df `n − 1`.
    FixedEffectsNotCounted,
}

impl TryFrom<ElasticityParamsRaw> for ElasticityParams {
    type Error = ElasticityError;
    fn try_from(r: ElasticityParamsRaw) -> Result<Self> {
        Self::new(
            r.response,
            r.significance,
            r.positive_threshold,
            r.negative_threshold,
            r.min_exporters,
            r.insufficient,
        )
        .map(|p| {
            p.with_inference(r.inference)
                .with_degrees_of_freedom(r.degrees_of_freedom)
        })
    }
}

impl Default for ElasticityParams {
    fn default() -> Self {
        Self {
            response: Response::LogMarketShare,
            significance: 0.05,
            positive_threshold: 0.0,
            negative_threshold: 0.0,
            min_exporters: 5,
            insufficient: InsufficientPolicy::Error,
            inference: Inference::Iid,
            degrees_of_freedom: DegreesOfFreedom::FixedEffectsCounted,
        }
    }
}

impl ElasticityParams {
    /// Validates the parameters.
    ///
    /// # Errors
    /// [`ElasticityError::InvalidParameter`] unless `0 < significance < 1`, `positive_threshold ≥ 0`,
    /// `negative_threshold ≤ 0` (all finite) and `min_exporters ≥ 2`.
    pub fn new(
        response: Response,
        significance: f64,
        positive_threshold: f64,
        negative_threshold: f64,
        min_exporters: usize,
        insufficient: InsufficientPolicy,
    ) -> Result<Self> {
        let bad = |parameter, value, reason| {
            Err(ElasticityError::InvalidParameter {
                parameter,
                value,
                reason,
            })
        };
        if !(significance > 0.0 && significance < 1.0) {
            return bad("significance", significance, "must lie in (0, 1)");
        }
        if !(positive_threshold.is_finite() && positive_threshold >= 0.0) {
            return bad(
                "positive_threshold",
                positive_threshold,
                "must be finite and >= 0",
            );
        }
        if !(negative_threshold.is_finite() && negative_threshold <= 0.0) {
            return bad(
                "negative_threshold",
                negative_threshold,
                "must be finite and <= 0",
            );
        }
        if min_exporters < 2 {
            return bad("min_exporters", min_exporters as f64, "must be at least 2");
        }
        Ok(Self {
            response,
            significance,
            positive_threshold,
            negative_threshold,
            min_exporters,
            insufficient,
            inference: Inference::Iid,
            degrees_of_freedom: DegreesOfFreedom::FixedEffectsCounted,
        })
    }
    /// The same parameters with another variance estimator (default [`Inference::Iid`]).
    pub fn with_inference(mut self, inference: Inference) -> Self {
        self.inference = inference;
        self
    }
    /// The same parameters with another degrees-of-freedom rule (default
    /// [`DegreesOfFreedom::FixedEffectsCounted`]).
    pub fn with_degrees_of_freedom(mut self, df: DegreesOfFreedom) -> Self {
        self.degrees_of_freedom = df;
        self
    }
    /// The variance estimator.
    pub fn inference(&self) -> Inference {
        self.inference
    }
    /// The degrees-of-freedom rule.
    pub fn degrees_of_freedom(&self) -> DegreesOfFreedom {
        self.degrees_of_freedom
    }
    /// The response.
    pub fn response(&self) -> Response {
        self.response
    }
    /// The significance level.
    pub fn significance(&self) -> f64 {
        self.significance
    }
    /// The minimum number of exporters.
    pub fn min_exporters(&self) -> usize {
        self.min_exporters
    }
    /// Classifies a slope and its p-value.
    pub fn classify(&self, slope: f64, p_value: f64) -> QualityClass {
        if p_value < self.significance && slope > self.positive_threshold {
            QualityClass::QualitySensitive
        } else if p_value < self.significance && slope < self.negative_threshold {
            QualityClass::PriceSensitive
        } else {
            QualityClass::Neutral
        }
    }
}

/// The quality class of an industry (paper §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QualityClass {
    /// Higher relative unit values go with larger market shares (aircraft, chips, precision instruments).
    QualitySensitive,
    /// No significant relation (beverages).
    Neutral,
    /// Higher relative unit values go with smaller shares (textiles & clothing, plastic products, packaging).
    PriceSensitive,
}

impl QualityClass {
    /// All classes, in the order quality-sensitive, neutral, price-sensitive.
    pub const ALL: [QualityClass; 3] =
        [Self::QualitySensitive, Self::Neutral, Self::PriceSensitive];
    /// A short label.
    pub fn label(&self) -> &'static str {
        match self {
            Self::QualitySensitive => "quality-sensitive",
            Self::Neutral => "neutral",
            Self::PriceSensitive => "price-sensitive",
        }
    }
}

/// A fitted within (fixed-effects) regression.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// `β̂`.
    pub slope: f64,
    /// Standard error of `β̂`.
    pub std_error: f64,
    /// `t = β̂ / s.e.`.
    pub t: f64,
    /// Two-sided p-value (Student-t with `df`).
    pub p_value: f64,
    /// Observations (exporter–product–year cells).
    pub n: usize,
    /// Degrees of freedom of the t distribution: `n − K` (`n − G − 1` by default), or exporters − 1 when
    /// clustered by exporter.
    pub df: usize,
    /// Product–year groups absorbed (`G`).
    pub groups: usize,
    /// Distinct exporters.
    pub exporters: usize,
    /// Within `R²`.
    pub r_squared_within: f64,
}

/// The outcome for one industry and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Estimated and classified.
    Classified {
        /// The regression.
        estimate: Estimate,
        /// The class.
        class: QualityClass,
    },
    /// Not estimable (under [`InsufficientPolicy::NotClassified`]).
    NotClassified {
        /// Why (the error message).
        reason: String,
    },
}

/// The result for one industry and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndustryElasticity {
    /// Industry id.
    pub industry: String,
    /// Period label.
    pub period: String,
    /// The outcome.
    pub outcome: Outcome,
}

impl IndustryElasticity {
    /// The class, if classified.
    pub fn class(&self) -> Option<QualityClass> {
        match &self.outcome {
            Outcome::Classified { class, .. } => Some(*class),
            Outcome::NotClassified { .. } => None,
        }
    }
    /// The estimate, if classified.
    pub fn estimate(&self) -> Option<&Estimate> {
        match &self.outcome {
            Outcome::Classified { estimate, .. } => Some(estimate),
            Outcome::NotClassified { .. } => None,
        }
    }
}

/// A labelled set of years pooled in one regression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// Label (e.g. `2010-2014`).
    pub label: String,
    /// First year (inclusive).
    pub from: u16,
    /// Last year (inclusive).
    pub to: u16,
}

impl Period {
    /// A period `from..=to` labelled `from-to` (or `from` for one year).
    pub fn new(from: u16, to: u16) -> Self {
        let label = if from == to {
            from.to_string()
        } else {
            format!("{from}-{to}")
        };
        Self { label, from, to }
    }
}

/// A within (fixed-effects) fit of one slope: the result of [`within_regression`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WithinFit {
    /// `β̂`.
    pub slope: f64,
    /// Standard error.
    pub std_error: f64,
    /// `t`.
    pub t: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Degrees of freedom of the t distribution (`n − G − 1` for [`within_regression`]).
    pub df: usize,
    /// Groups absorbed `G`.
    pub groups: usize,
    /// Within `R²`.
    pub r_squared_within: f64,
}

/// Fits `y = a_g + β x + ε` with group fixed effects by within-group demeaning (formulas in the module doc),
/// with `iid` inference and the group levels counted in the degrees of freedom.
///
/// # Errors
/// [`ElasticityError::TooFewExporters`] when `df < 1` (the caller fills the names),
/// [`ElasticityError::DegenerateRegression`] without within variation or with a perfect fit,
/// [`ElasticityError::NonFinite`] for a NaN/Inf in `x` or `y` or sums of squares beyond `f64::MAX`.
pub fn within_regression(x: &[f64], y: &[f64], group: &[u32]) -> Result<WithinFit> {
    within_regression_with(
        x,
        y,
        group,
        None,
        Inference::Iid,
        DegreesOfFreedom::FixedEffectsCounted,
    )
}

/// [`within_regression`] with a variance estimator and a degrees-of-freedom rule; `exporter` (one id per
/// observation) is needed for [`Inference::ClusterExporter`]. Delegates to
/// [`mfg_quality_econometrics::Ols`].
///
/// # Errors
/// As [`within_regression`]; [`ElasticityError::Shape`] for inputs of different lengths or a missing
/// `exporter` column with clustering; [`ElasticityError::DegenerateRegression`] with fewer than two exporter
/// clusters.
pub fn within_regression_with(
    x: &[f64],
    y: &[f64],
    group: &[u32],
    exporter: Option<&[u32]>,
    inference: Inference,
    degrees_of_freedom: DegreesOfFreedom,
) -> Result<WithinFit> {
    use mfg_quality_econometrics::{Column, EconError, Factor, FixedEffects, FixefK, Ols, Vcov};
    let n = x.len();
    if y.len() != n || group.len() != n || exporter.is_some_and(|e| e.len() != n) {
        return Err(ElasticityError::Shape {
            what: "regression",
            message: "x, y, group (and exporter) lengths differ".into(),
        });
    }
    for (what, v) in [("x", x), ("y", y)] {
        if let Some(i) = v.iter().position(|a| !a.is_finite()) {
            return Err(ElasticityError::NonFinite {
                what: what.into(),
                location: format!("observation {i}"),
            });
        }
    }
    let degenerate = |reason| ElasticityError::DegenerateRegression {
        industry: String::new(),
        period: String::new(),
        reason,
    };
    let too_few = || ElasticityError::TooFewExporters {
        industry: String::new(),
        period: String::new(),
        exporters: 0,
        observations: n,
        required: 0,
    };
    let econ = |e: EconError| match e {
        EconError::AllSingletons { .. }
        | EconError::NoDegreesOfFreedom { .. }
        | EconError::Empty { .. } => too_few(),
        EconError::AbsorbedByFixedEffects { .. } | EconError::AllCollinear { .. } => {
            degenerate("no within-product variation in log relative unit value")
        }
        EconError::TooFewClusters { .. } => {
            degenerate("fewer than two exporter clusters in the estimation sample")
        }
        EconError::NonFinite { .. } => {
            degenerate("a log share or log relative unit value is not finite")
        }
        EconError::TooLarge { .. } => ElasticityError::NonFinite {
            what: "a sum of squares (|x| or |y| too large: beyond f64::MAX when squared; rescale)"
                .into(),
            location: "the within regression".into(),
        },
        _ => degenerate("the fixed-effects regression failed"),
    };
    let groups = Factor::from_codes("product^year", group.to_vec()).map_err(econ)?;
    let g = groups.levels();
    if n < g + 2 {
        return Err(too_few());
    }
    let vcov = match inference {
        Inference::Iid => Vcov::Iid,
        Inference::Hetero => Vcov::Hetero,
        Inference::ClusterExporter => {
            let e = exporter.ok_or_else(|| ElasticityError::Shape {
                what: "regression",
                message: "clustering by exporter needs the exporter column".into(),
            })?;
            Vcov::cluster(Factor::from_codes("exporter", e.to_vec()).map_err(econ)?)
        }
    };
    let fixef_k = match degrees_of_freedom {
        DegreesOfFreedom::FixedEffectsCounted => FixefK::Nested,
        DegreesOfFreedom::FixedEffectsNotCounted => FixefK::None,
    };
    let fe = FixedEffects::new(vec![groups]).map_err(econ)?;
    let est = Ols::new(
        Column::new("log share", y.to_vec()),
        vec![Column::new("log relative unit value", x.to_vec())],
        fe,
    )
    .map_err(econ)?
    .small_sample(fixef_k)
    .fit(&vcov)
    .map_err(econ)?;
    let ssr: f64 = est.residuals().iter().map(|e| e * e).sum();
    let r2 = est.within_r2().unwrap_or(0.0);
    if ssr == 0.0 || 1.0 - r2 <= 1e-28 {
        return Err(degenerate("perfect fit: zero residual variance"));
    }
    let c = &est.coefficients()[0];
    let df = est.df_t();
    let dist = StudentsT::new(0.0, 1.0, df).map_err(|_| ElasticityError::InvalidParameter {
        parameter: "df",
        value: df,
        reason: "Student-t degrees of freedom must be positive",
    })?;
    // The survival function keeps precision for tiny p (1 − cdf would round to 0).
    let p = (2.0 * dist.sf(c.statistic.abs())).clamp(0.0, 1.0);
    Ok(WithinFit {
        slope: c.estimate,
        std_error: c.std_error,
        t: c.statistic,
        p_value: p,
        df: df as usize,
        groups: g,
        r_squared_within: r2,
    })
}

/// Estimates and classifies every industry of `map` in every period.
///
/// Cells without a reference unit value (see [`crate::unit_value::Reference::Exporter`] with `skip_missing`)
/// are left out. Industries with no cell in a period are left out of the result.
///
/// ```
/// use mfg_quality_elasticity::synthetic::{SyntheticConfig, generate};
/// use mfg_quality_elasticity::concordance::{Concordance, Mode};
/// use mfg_quality_elasticity::unit_value::{unit_values, Reference};
/// use mfg_quality_elasticity::quality_elasticity::{estimate, ElasticityParams, Period};
/// let world = generate(&SyntheticConfig::small(7)).unwrap();
/// let cells = world.flows.cells();
/// let map = world.concordance.map_products(cells.products()).unwrap();
/// let uv = unit_values(&cells, &Reference::default()).unwrap();
/// let res = estimate(&cells, &uv, &map, &[Period::new(2010, 2010)], &ElasticityParams::default()).unwrap();
/// assert_eq!(res.len(), world.truth.len());
/// ```
///
/// # Errors
/// See the module doc; [`ElasticityError::Shape`] if `uv` does not belong to `cells`.
pub fn estimate(
    cells: &Cells,
    uv: &UnitValues,
    map: &ProductMap,
    periods: &[Period],
    params: &ElasticityParams,
) -> Result<Vec<IndustryElasticity>> {
    if uv.unit_value.len() != cells.len() || map.industry_of.len() != cells.products.len() {
        return Err(ElasticityError::Shape {
            what: "estimate",
            message: "unit values or product map were not computed from these cells".into(),
        });
    }
    // Σ value per (year, product) group, for market shares.
    let mut group_value = vec![0.0; cells.len()];
    for g in cells.groups() {
        let v: f64 = cells.value[g.clone()].iter().sum();
        for x in &mut group_value[g] {
            *x = v;
        }
    }
    let ni = map.industries.len();
    let mut out = Vec::new();
    for period in periods {
        // Observations per industry: (group key, x, y, exporter). Cells are sorted by (year, product), so
        // each industry's observations come out grouped by product–year.
        let mut obs: Vec<Vec<(u64, f64, f64, u32)>> = vec![Vec::new(); ni];
        for i in 0..cells.len() {
            let y = cells.year[i];
            if y < period.from || y > period.to {
                continue;
            }
            let Some(ruv) = uv.relative(i) else { continue };
            let ind = map.industry_of[cells.product[i] as usize] as usize;
            let dep = match params.response {
                Response::LogMarketShare => (cells.value[i] / group_value[i]).ln(),
                Response::LogQuantity => cells.quantity[i].ln(),
            };
            let key = (u64::from(y) << 32) | u64::from(cells.product[i]);
            obs[ind].push((key, ruv.ln(), dep, cells.exporter[i]));
        }
        for (ind, o) in obs.iter().enumerate() {
            if o.is_empty() {
                continue;
            }
            let industry = map.industries[ind].id.clone();
            let mut ex: Vec<u32> = o.iter().map(|r| r.3).collect();
            ex.sort_unstable();
            ex.dedup();
            let exporters = ex.len();
            let result = if exporters < params.min_exporters {
                Err(ElasticityError::TooFewExporters {
                    industry: industry.clone(),
                    period: period.label.clone(),
                    exporters,
                    observations: o.len(),
                    required: params.min_exporters,
                })
            } else {
                // Renumber groups densely in order.
                let mut grp = Vec::with_capacity(o.len());
                let mut gid = 0u32;
                for k in 0..o.len() {
                    if k > 0 && o[k].0 != o[k - 1].0 {
                        gid += 1;
                    }
                    grp.push(gid);
                }
                let x: Vec<f64> = o.iter().map(|r| r.1).collect();
                let yv: Vec<f64> = o.iter().map(|r| r.2).collect();
                let ex: Vec<u32> = o.iter().map(|r| r.3).collect();
                within_regression_with(
                    &x,
                    &yv,
                    &grp,
                    Some(&ex),
                    params.inference,
                    params.degrees_of_freedom,
                )
                .map(|f| Estimate {
                    slope: f.slope,
                    std_error: f.std_error,
                    t: f.t,
                    p_value: f.p_value,
                    n: o.len(),
                    df: f.df,
                    groups: f.groups,
                    exporters,
                    r_squared_within: f.r_squared_within,
                })
                .map_err(|e| match e {
                    ElasticityError::TooFewExporters { observations, .. } => {
                        ElasticityError::TooFewExporters {
                            industry: industry.clone(),
                            period: period.label.clone(),
                            exporters,
                            observations,
                            required: params.min_exporters,
                        }
                    }
                    ElasticityError::DegenerateRegression { reason, .. } => {
                        ElasticityError::DegenerateRegression {
                            industry: industry.clone(),
                            period: period.label.clone(),
                            reason,
                        }
                    }
                    other => other,
                })
            };
            let outcome = match result {
                Ok(estimate) => Outcome::Classified {
                    class: params.classify(estimate.slope, estimate.p_value),
                    estimate,
                },
                Err(e) if params.insufficient == InsufficientPolicy::NotClassified => {
                    Outcome::NotClassified {
                        reason: e.to_string(),
                    }
                }
                Err(e) => return Err(e),
            };
            out.push(IndustryElasticity {
                industry,
                period: period.label.clone(),
                outcome,
            });
        }
    }
    Ok(out)
}
