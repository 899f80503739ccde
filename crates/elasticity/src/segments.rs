//! Quality segments (up-, medium- and down-market) and value-weighted segment shares.
//!
//! Following Fontagné, Gaulier & Zignago (2008), "Specialization across varieties and North–South
//! competition", *Economic Policy* 23(53), 51–91, a flow (or an exporter–product cell) with unit value `UV` and
//! reference unit value `R` of its product and year (see [`crate::unit_value`]) is
//!
//! - **up-market** ([`Segment::High`]) if `UV > (1+α)·R`,
//! - **down-market** ([`Segment::Low`]) if `UV < R/(1+α)`,
//! - **medium** otherwise (boundaries included in medium),
//!
//! with `α = 0.15` by default (their choice; the paper's §1 quality structure). That band is symmetric in
//! logs (`|ln UV − ln R| > ln(1+α)`). [`Band::Symmetric`] offers the band symmetric in levels instead:
//! up-market if `UV > (1+α)R`, down-market if `UV < (1−α)R` (`α < 1`), as some later work states the
//! rule; the default stays Fontagné–Gaulier–Zignago's [`Band::Ratio`]. A country's **high, medium and
//! low shares** in a year are the value shares of its exports falling into each segment,
//! `h = Σ_{high} V / Σ V` etc., so `h + m + l = 1`; the same per industry. The paper's 2015 figures (CN
//! 32.42 % high / 45.90 % low, DE 87.08 % / 2.55 %) are shares of this kind; the medium share is the remainder
//! ([`SegmentShares::from_high_low`]).
//!
//! Segments are invariant to a common rescaling of all values (or of all quantities): `UV` and `R` scale
//! alike.

use serde::{Deserialize, Serialize};

use crate::concordance::ProductMap;
use crate::error::{ElasticityError, Result};
use crate::flows::{Cells, TradeFlows};
use crate::unit_value::UnitValues;

/// A quality segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// Down-market: `UV < R/(1+α)` ([`Band::Ratio`]) or `UV < (1−α)R` ([`Band::Symmetric`]).
    Low,
    /// Medium: between the bounds (boundaries included).
    Medium,
    /// Up-market: `UV > (1+α)R`.
    High,
}

/// The lower bound of the medium band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Band {
    /// Down-market if `UV < R/(1+α)` (Fontagné, Gaulier & Zignago 2008; symmetric in logs). The default.
    #[default]
    Ratio,
    /// Down-market if `UV < (1−α)R` (symmetric in levels; needs `α < 1`).
    Symmetric,
}

/// The segment threshold `α` and the [`Band`] rule (deserialisation validates them like
/// [`SegmentParams::with_band`]; a missing `band` is [`Band::Ratio`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SegmentParamsRaw")]
pub struct SegmentParams {
    alpha: f64,
    band: Band,
}

#[derive(Deserialize)]
struct SegmentParamsRaw {
    alpha: f64,
    #[serde(default)]
    band: Band,
}

impl TryFrom<SegmentParamsRaw> for SegmentParams {
    type Error = ElasticityError;
    fn try_from(r: SegmentParamsRaw) -> Result<Self> {
        Self::with_band(r.alpha, r.band)
    }
}

impl Default for SegmentParams {
    /// `α = 0.15`, [`Band::Ratio`] (Fontagné, Gaulier & Zignago 2008).
    fn default() -> Self {
        Self {
            alpha: 0.15,
            band: Band::Ratio,
        }
    }
}

impl SegmentParams {
    /// Validates `α` (finite, ≥ 0).
    ///
    /// # Errors
    /// [`ElasticityError::InvalidParameter`] otherwise.
    pub fn new(alpha: f64) -> Result<Self> {
        if !alpha.is_finite() || alpha < 0.0 {
            return Err(ElasticityError::InvalidParameter {
                parameter: "alpha",
                value: alpha,
                reason: "must be finite and >= 0",
            });
        }
        Ok(Self {
            alpha,
            band: Band::Ratio,
        })
    }
    /// Validates `α` for the band rule: finite and ≥ 0, and `< 1` for [`Band::Symmetric`].
    ///
    /// ```
    /// use mfg_quality_elasticity::segments::{Band, Segment, SegmentParams};
    /// let s = SegmentParams::with_band(0.15, Band::Symmetric).unwrap();
    /// assert_eq!(s.classify(0.86, 1.0), Segment::Medium); // 0.86 ≥ 0.85
    /// assert_eq!(s.classify(0.84, 1.0), Segment::Low);
    /// assert!(SegmentParams::with_band(1.0, Band::Symmetric).is_err());
    /// ```
    ///
    /// # Errors
    /// [`ElasticityError::InvalidParameter`] otherwise.
    pub fn with_band(alpha: f64, band: Band) -> Result<Self> {
        let mut p = Self::new(alpha)?;
        if band == Band::Symmetric && alpha >= 1.0 {
            return Err(ElasticityError::InvalidParameter {
                parameter: "alpha",
                value: alpha,
                reason: "must be < 1 with the symmetric band (the lower bound (1 - alpha) R must be positive)",
            });
        }
        p.band = band;
        Ok(p)
    }
    /// `α`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
    /// The band rule.
    pub fn band(&self) -> Band {
        self.band
    }
    /// The segment of unit value `uv` against reference `r` (both positive).
    ///
    /// ```
    /// use mfg_quality_elasticity::segments::{Segment, SegmentParams};
    /// let s = SegmentParams::default();
    /// assert_eq!(s.classify(1.16, 1.0), Segment::High);
    /// assert_eq!(s.classify(1.15, 1.0), Segment::Medium);
    /// assert_eq!(s.classify(0.86, 1.0), Segment::Low); // 0.86 < 1/1.15 = 0.8696
    /// ```
    #[inline]
    pub fn classify(&self, uv: f64, r: f64) -> Segment {
        let k = 1.0 + self.alpha;
        let low = match self.band {
            Band::Ratio => uv * k < r,
            Band::Symmetric => uv < (1.0 - self.alpha) * r,
        };
        if uv > k * r {
            Segment::High
        } else if low {
            Segment::Low
        } else {
            Segment::Medium
        }
    }
}

/// Value shares of the three segments (`high + medium + low = 1`) and the value they are shares of.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SegmentShares {
    /// Up-market share.
    pub high: f64,
    /// Medium share.
    pub medium: f64,
    /// Down-market share.
    pub low: f64,
    /// Total value classified.
    pub value: f64,
}

impl SegmentShares {
    /// Shares when only the high and low shares are published: `medium = 1 − high − low` (paper §1: CN
    /// 1 − 0.3242 − 0.4590 = 0.2168). `value` is set to 1.
    ///
    /// # Errors
    /// [`ElasticityError::NonFinite`]; [`ElasticityError::InvalidParameter`] if a share is outside [0, 1]
    /// or `high + low > 1`.
    pub fn from_high_low(high: f64, low: f64) -> Result<Self> {
        for (name, x) in [("high", high), ("low", low)] {
            if !x.is_finite() {
                return Err(ElasticityError::NonFinite {
                    what: "share".into(),
                    location: name.into(),
                });
            }
            if !(0.0..=1.0).contains(&x) {
                return Err(ElasticityError::InvalidParameter {
                    parameter: "share",
                    value: x,
                    reason: "a share must lie in [0, 1]",
                });
            }
        }
        if high + low > 1.0 + 1e-12 {
            return Err(ElasticityError::InvalidParameter {
                parameter: "high + low",
                value: high + low,
                reason: "high and low shares must sum to at most 1",
            });
        }
        Ok(Self {
            high,
            medium: (1.0 - high - low).max(0.0),
            low,
            value: 1.0,
        })
    }
}

/// Segment values per (exporter, industry, year): the result of [`segment_cells`] and [`segment_flows`].
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentTable {
    countries: Vec<String>,
    industries: Vec<String>,
    years: Vec<u16>,
    /// Dense (year, exporter, industry) × [low, medium, high] values.
    values: Vec<[f64; 3]>,
    /// Value without a reference (not classified), per (year, exporter).
    unreferenced: Vec<f64>,
}

/// One row of a [`SegmentTable`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentRow {
    /// Exporter.
    pub exporter: String,
    /// Industry id (`all` when no concordance was given).
    pub industry: String,
    /// Year.
    pub year: u16,
    /// The shares.
    pub shares: SegmentShares,
}

impl SegmentTable {
    fn new(cells: &Cells, map: Option<&ProductMap>) -> Self {
        let years = cells.year_list();
        let industries: Vec<String> = match map {
            Some(m) => m.industries.iter().map(|i| i.id.clone()).collect(),
            None => vec!["all".into()],
        };
        let nc = cells.countries.len();
        let ny = years.last().map_or(0, |&y| (y - years[0]) as usize + 1);
        Self {
            countries: cells.countries.names().to_vec(),
            values: vec![[0.0; 3]; ny * nc * industries.len()],
            unreferenced: vec![0.0; ny * nc],
            industries,
            years,
        }
    }
    #[inline]
    fn slot(&self, year: u16, exporter: u32, industry: u32) -> usize {
        let nc = self.countries.len();
        let ni = self.industries.len();
        ((year - self.years[0]) as usize * nc + exporter as usize) * ni + industry as usize
    }
    fn shares_of(v: [f64; 3]) -> Option<SegmentShares> {
        let t = v[0] + v[1] + v[2];
        (t > 0.0).then(|| SegmentShares {
            high: v[2] / t,
            medium: v[1] / t,
            low: v[0] / t,
            value: t,
        })
    }
    fn sum_industries(&self, year: u16, e: u32) -> [f64; 3] {
        let mut acc = [0.0; 3];
        for i in 0..self.industries.len() {
            let v = self.values[self.slot(year, e, i as u32)];
            for k in 0..3 {
                acc[k] += v[k];
            }
        }
        acc
    }
    fn ids(&self, exporter: &str, year: u16) -> Option<u32> {
        if !self.years.contains(&year) {
            return None;
        }
        self.countries
            .iter()
            .position(|c| c == exporter)
            .map(|e| e as u32)
    }
    /// Shares of an exporter's exports (all industries) in a year; `None` if it exported nothing classified.
    pub fn shares(&self, exporter: &str, year: u16) -> Option<SegmentShares> {
        let e = self.ids(exporter, year)?;
        Self::shares_of(self.sum_industries(year, e))
    }
    /// Shares of an exporter in one industry and year.
    pub fn industry_shares(
        &self,
        exporter: &str,
        industry: &str,
        year: u16,
    ) -> Option<SegmentShares> {
        let e = self.ids(exporter, year)?;
        let i = self.industries.iter().position(|x| x == industry)? as u32;
        Self::shares_of(self.values[self.slot(year, e, i)])
    }
    /// Value of an exporter's exports in a year that had no reference unit value (not classified).
    pub fn unreferenced_value(&self, exporter: &str, year: u16) -> Option<f64> {
        let e = self.ids(exporter, year)?;
        Some(self.unreferenced[(year - self.years[0]) as usize * self.countries.len() + e as usize])
    }
    /// Per-industry (industry id, value, high share) of an exporter in a year: the input of an upgrading
    /// decomposition ([`crate::decomposition`]). Industries without exports have value 0 and high share 0.
    pub fn industry_breakdown(&self, exporter: &str, year: u16) -> Option<Vec<(String, f64, f64)>> {
        let e = self.ids(exporter, year)?;
        Some(
            (0..self.industries.len())
                .map(|i| {
                    let v = self.values[self.slot(year, e, i as u32)];
                    let s = Self::shares_of(v);
                    (
                        self.industries[i].clone(),
                        s.map_or(0.0, |s| s.value),
                        s.map_or(0.0, |s| s.high),
                    )
                })
                .collect(),
        )
    }
    /// All rows with positive value: one per (exporter, year) with industry `all`, then (if a concordance was
    /// given) one per (exporter, industry, year).
    pub fn rows(&self) -> Vec<SegmentRow> {
        let mut out = Vec::new();
        for &y in &self.years {
            for (e, name) in self.countries.iter().enumerate() {
                if let Some(s) = Self::shares_of(self.sum_industries(y, e as u32)) {
                    out.push(SegmentRow {
                        exporter: name.clone(),
                        industry: "all".into(),
                        year: y,
                        shares: s,
                    });
                }
                if self.industries.len() > 1 || self.industries[0] != "all" {
                    for (i, ind) in self.industries.iter().enumerate() {
                        if let Some(s) =
                            Self::shares_of(self.values[self.slot(y, e as u32, i as u32)])
                        {
                            out.push(SegmentRow {
                                exporter: name.clone(),
                                industry: ind.clone(),
                                year: y,
                                shares: s,
                            });
                        }
                    }
                }
            }
        }
        out
    }
    /// The rows as CSV text (`exporter,industry,year,high,medium,low,value`).
    pub fn write_csv_str(&self) -> String {
        let mut s = String::from("exporter,industry,year,high,medium,low,value\n");
        for r in self.rows() {
            s.push_str(&format!(
                "{},{},{},{},{},{},{}\n",
                r.exporter,
                r.industry,
                r.year,
                r.shares.high,
                r.shares.medium,
                r.shares.low,
                r.shares.value
            ));
        }
        s
    }
    /// Renamed to [`SegmentTable::write_csv_str`] (in-memory text is `*_str`).
    #[deprecated(note = "renamed to `SegmentTable::write_csv_str`")]
    pub fn to_csv(&self) -> String {
        self.write_csv_str()
    }
}

/// Segments per **exporter–product cell**: each (exporter, product, year) cell's unit value against its
/// reference; values summed per (exporter, industry, year). Works on streamed cells.
///
/// # Errors
/// [`ElasticityError::Shape`] if `uv` was not computed from `cells`.
pub fn segment_cells(
    cells: &Cells,
    uv: &UnitValues,
    params: &SegmentParams,
    map: Option<&ProductMap>,
) -> Result<SegmentTable> {
    if uv.unit_value.len() != cells.len() {
        return Err(ElasticityError::Shape {
            what: "unit values",
            message: format!(
                "{} unit values for {} cells",
                uv.unit_value.len(),
                cells.len()
            ),
        });
    }
    let mut t = SegmentTable::new(cells, map);
    let nc = t.countries.len();
    for i in 0..cells.len() {
        let y = cells.year[i];
        let e = cells.exporter[i];
        let r = uv.reference[i];
        if r > 0.0 {
            let ind = map.map_or(0, |m| m.industry_of[cells.product[i] as usize]);
            let s = params.classify(uv.unit_value[i], r) as usize;
            let k = t.slot(y, e, ind);
            t.values[k][s] += cells.value[i];
        } else {
            t.unreferenced[(y - t.years[0]) as usize * nc + e as usize] += cells.value[i];
        }
    }
    Ok(t)
}

/// Segments per **flow** (Fontagné–Gaulier–Zignago's unit of observation): each flow's unit value
/// `v/q` against the reference of its product and year in `uv` (computed from `flows.cells()`); values
/// summed per (exporter, industry, year).
///
/// With the `parallel` feature the segments are computed on all cores; the sums are then taken in flow
/// order, so results are identical at any thread count.
///
/// # Errors
/// [`ElasticityError::Shape`] if `uv`'s reference table does not cover the flows' products.
pub fn segment_flows(
    flows: &TradeFlows,
    cells: &Cells,
    uv: &UnitValues,
    params: &SegmentParams,
    map: Option<&ProductMap>,
) -> Result<SegmentTable> {
    if uv.nproducts != flows.products.len() || cells.countries.len() != flows.countries.len() {
        return Err(ElasticityError::Shape {
            what: "unit values",
            message: "the unit values were not computed from these flows' cells".into(),
        });
    }
    let mut t = SegmentTable::new(cells, map);
    let nc = t.countries.len();
    // 0,1,2 = segment; 3 = no reference.
    let classify = |i: usize| -> u8 {
        match uv.reference_of(flows.product[i], flows.year[i]) {
            Some(r) => params.classify(flows.value[i] / flows.quantity[i], r) as u8,
            None => 3,
        }
    };
    let n = flows.len();
    #[cfg(feature = "parallel")]
    let seg: Vec<u8> = {
        use rayon::prelude::*;
        (0..n)
            .into_par_iter()
            .with_min_len(1 << 15)
            .map(classify)
            .collect()
    };
    #[cfg(not(feature = "parallel"))]
    let seg: Vec<u8> = (0..n).map(classify).collect();
    for i in 0..n {
        let y = flows.year[i];
        let e = flows.exporter[i];
        let s = seg[i];
        if s < 3 {
            let ind = map.map_or(0, |m| m.industry_of[flows.product[i] as usize]);
            let k = t.slot(y, e, ind);
            t.values[k][s as usize] += flows.value[i];
        } else {
            t.unreferenced[(y - t.years[0]) as usize * nc + e as usize] += flows.value[i];
        }
    }
    Ok(t)
}
