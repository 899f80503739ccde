//! A country's industry quality structure: the shares of its manufacturing in quality-sensitive, neutral and
//! price-sensitive industries.
//!
//! With industry classes `c(i)` (from [`crate::quality_elasticity`] or given) and a country's weights `w_i`
//! per industry — its manufacturing exports (from the cells) or user-supplied value added — the share of a
//! class `C` is `S_C = Σ_{i: c(i)=C} w_i / Σ_i w_i`. Industries without a class count in `not_classified`, so
//! the four shares sum to 1. The paper's §2 headline (citing European research): `S_quality-sensitive` > 40 %
//! for the US, Japan and Germany, < 17 % for China.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::concordance::ProductMap;
use crate::error::{ElasticityError, Result};
use crate::flows::Cells;
use crate::quality_elasticity::{IndustryElasticity, QualityClass};

/// Shares of the three classes (plus not classified) in a total.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ClassShares {
    /// Quality-sensitive share.
    pub quality_sensitive: f64,
    /// Quality–price neutral share.
    pub neutral: f64,
    /// Price-sensitive share.
    pub price_sensitive: f64,
    /// Share of industries without a class.
    pub not_classified: f64,
    /// The total the shares are of.
    pub total: f64,
}

impl ClassShares {
    /// The share of one class.
    pub fn share(&self, c: QualityClass) -> f64 {
        match c {
            QualityClass::QualitySensitive => self.quality_sensitive,
            QualityClass::Neutral => self.neutral,
            QualityClass::PriceSensitive => self.price_sensitive,
        }
    }
}

/// The classes of one period's results, by industry id (industries not classified are absent).
pub fn classes_of(results: &[IndustryElasticity], period: &str) -> HashMap<String, QualityClass> {
    results
        .iter()
        .filter(|r| r.period == period)
        .filter_map(|r| r.class().map(|c| (r.industry.clone(), c)))
        .collect()
}

/// Class shares of user-supplied weights per industry (e.g. value added).
///
/// ```
/// use std::collections::HashMap;
/// use mfg_quality_elasticity::quality_elasticity::QualityClass;
/// use mfg_quality_elasticity::structure::class_shares;
/// let classes = HashMap::from([("aircraft".to_string(), QualityClass::QualitySensitive),
///     ("clothing".to_string(), QualityClass::PriceSensitive)]);
/// let s = class_shares(&[("aircraft", 30.0), ("clothing", 60.0), ("other", 10.0)], &classes).unwrap();
/// assert_eq!((s.quality_sensitive, s.price_sensitive, s.not_classified), (0.3, 0.6, 0.1));
/// ```
///
/// # Errors
/// [`ElasticityError::NonFinite`] / [`ElasticityError::Negative`] for a bad weight (or weights whose sum
/// exceeds `f64::MAX`), [`ElasticityError::Empty`] if the weights sum to zero.
pub fn class_shares(
    weights: &[(&str, f64)],
    classes: &HashMap<String, QualityClass>,
) -> Result<ClassShares> {
    let mut v = [0.0f64; 4];
    for &(ind, w) in weights {
        if !w.is_finite() {
            return Err(ElasticityError::NonFinite {
                what: "weight".into(),
                location: format!("industry `{ind}`"),
            });
        }
        if w < 0.0 {
            return Err(ElasticityError::Negative {
                what: "value",
                value: w,
                location: format!("industry `{ind}`"),
            });
        }
        let k = match classes.get(ind) {
            Some(QualityClass::QualitySensitive) => 0,
            Some(QualityClass::Neutral) => 1,
            Some(QualityClass::PriceSensitive) => 2,
            None => 3,
        };
        v[k] += w;
        if !v.iter().sum::<f64>().is_finite() {
            return Err(ElasticityError::NonFinite {
                what: "the sum of the industry weights (exceeds f64::MAX; rescale them)".into(),
                location: format!("industry `{ind}`"),
            });
        }
    }
    let total: f64 = v.iter().sum();
    if total <= 0.0 {
        return Err(ElasticityError::Empty {
            what: "industry weights sum to zero".into(),
        });
    }
    Ok(ClassShares {
        quality_sensitive: v[0] / total,
        neutral: v[1] / total,
        price_sensitive: v[2] / total,
        not_classified: v[3] / total,
        total,
    })
}

/// Class shares of each country's **manufacturing exports** per year: weights are its export values per
/// industry (industries with `manufacturing = false` excluded), in (year, country) order; countries without
/// manufacturing exports in a year are left out.
pub fn export_class_shares(
    cells: &Cells,
    map: &ProductMap,
    classes: &HashMap<String, QualityClass>,
) -> Vec<(String, u16, ClassShares)> {
    let ni = map.industries.len();
    let nc = cells.countries.len();
    let class_of: Vec<usize> = map
        .industries
        .iter()
        .map(|ind| match classes.get(&ind.id) {
            Some(QualityClass::QualitySensitive) => 0,
            Some(QualityClass::Neutral) => 1,
            Some(QualityClass::PriceSensitive) => 2,
            None => 3,
        })
        .collect();
    let mut out = Vec::new();
    for (y, rows) in cells.year_runs() {
        let mut acc = vec![[0.0f64; 4]; nc];
        for i in rows {
            let ind = map.industry_of[cells.product[i] as usize] as usize;
            if ind < ni && map.industries[ind].manufacturing {
                acc[cells.exporter[i] as usize][class_of[ind]] += cells.value[i];
            }
        }
        for (e, v) in acc.iter().enumerate() {
            let t: f64 = v.iter().sum();
            if t > 0.0 {
                out.push((
                    cells.countries.name(e as u32).to_string(),
                    y,
                    ClassShares {
                        quality_sensitive: v[0] / t,
                        neutral: v[1] / t,
                        price_sensitive: v[2] / t,
                        not_classified: v[3] / t,
                        total: t,
                    },
                ));
            }
        }
    }
    out
}
