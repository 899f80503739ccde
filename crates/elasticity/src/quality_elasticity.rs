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
//! With one regressor the least-squares solution is this closed form (no matrix factorisation is needed).
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
}

#[derive(Deserialize)]
struct ElasticityParamsRaw {
    response: Response,
    significance: f64,
    positive_threshold: f64,
    negative_threshold: f64,
    min_exporters: usize,
    insufficient: InsufficientPolicy,
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
        })
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
    /// Residual degrees of freedom `n − G − 1`.
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
    /// Residual degrees of freedom `n − G − 1`.
    pub df: usize,
    /// Groups absorbed `G`.
    pub groups: usize,
    /// Within `R²`.
    pub r_squared_within: f64,
}

/// Fits `y = a_g + β x + ε` with group fixed effects by within-group demeaning (formulas in the module doc).
///
/// `group` labels must be contiguous (all observations of a group adjacent).
///
/// # Errors
/// [`ElasticityError::TooFewExporters`] when `df < 1` (the caller fills the names),
/// [`ElasticityError::DegenerateRegression`] without within variation or with a perfect fit,
/// [`ElasticityError::NonFinite`] for a NaN/Inf in `x` or `y` or sums of squares beyond `f64::MAX`.
pub fn within_regression(x: &[f64], y: &[f64], group: &[u32]) -> Result<WithinFit> {
    let n = x.len();
    if y.len() != n || group.len() != n {
        return Err(ElasticityError::Shape {
            what: "regression",
            message: "x, y and group lengths differ".into(),
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
    let mut xt = vec![0.0; n];
    let mut yt = vec![0.0; n];
    let mut g = 0usize;
    let mut start = 0;
    for i in 1..=n {
        if i == n || group[i] != group[start] {
            let mx = mfg_quality_indicators::stats::mean(&x[start..i]);
            let my = mfg_quality_indicators::stats::mean(&y[start..i]);
            for k in start..i {
                xt[k] = x[k] - mx;
                yt[k] = y[k] - my;
            }
            g += 1;
            start = i;
        }
    }
    if n < g + 2 {
        return Err(ElasticityError::TooFewExporters {
            industry: String::new(),
            period: String::new(),
            exporters: 0,
            observations: n,
            required: 0,
        });
    }
    let df = n - g - 1;
    let sxx: f64 = xt.iter().map(|v| v * v).sum();
    let sxy: f64 = xt.iter().zip(&yt).map(|(a, b)| a * b).sum();
    let syy: f64 = yt.iter().map(|v| v * v).sum();
    let sx_scale: f64 = x.iter().map(|v| v * v).sum::<f64>().max(f64::MIN_POSITIVE);
    if ![sxx, sxy, syy, sx_scale].iter().all(|v| v.is_finite())
        || xt.iter().chain(&yt).any(|v| !v.is_finite())
    {
        return Err(ElasticityError::NonFinite {
            what: "a sum of squares (|x| or |y| too large: beyond f64::MAX when squared; rescale)"
                .into(),
            location: "the within regression".into(),
        });
    }
    if sxx <= 1e-24 * sx_scale || sxx == 0.0 {
        return Err(ElasticityError::DegenerateRegression {
            industry: String::new(),
            period: String::new(),
            reason: "no within-product variation in log relative unit value",
        });
    }
    let b = sxy / sxx;
    let ssr: f64 = xt
        .iter()
        .zip(&yt)
        .map(|(a, c)| (c - b * a).powi(2))
        .sum::<f64>()
        .max(0.0);
    if ssr <= 1e-28 * syy.max(f64::MIN_POSITIVE) || ssr == 0.0 {
        return Err(ElasticityError::DegenerateRegression {
            industry: String::new(),
            period: String::new(),
            reason: "perfect fit: zero residual variance",
        });
    }
    let se = (ssr / df as f64 / sxx).sqrt();
    let t = b / se;
    let dist =
        StudentsT::new(0.0, 1.0, df as f64).map_err(|_| ElasticityError::InvalidParameter {
            parameter: "df",
            value: df as f64,
            reason: "Student-t degrees of freedom must be positive",
        })?;
    // The survival function keeps precision for tiny p (1 − cdf would round to 0).
    let p = (2.0 * dist.sf(t.abs())).clamp(0.0, 1.0);
    let r2 = if syy > 0.0 { 1.0 - ssr / syy } else { 0.0 };
    Ok(WithinFit {
        slope: b,
        std_error: se,
        t,
        p_value: p,
        df,
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
                within_regression(&x, &yv, &grp)
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
