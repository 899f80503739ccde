//! Aiginger's quadrants: the trade balance and the export/import unit-value ratio of a country in a product.
//!
//! Aiginger (1997), "The use of unit values to discriminate between price and quality competition",
//! *Cambridge Journal of Economics* 21(5), 571–592, classifies a country's trade in a product by the sign of
//! its trade balance `X − M` and whether its export unit value exceeds its import unit value
//! (`UV_X / UV_M > 1`):
//!
//! | | `UV_X/UV_M > 1` | `UV_X/UV_M ≤ 1` |
//! |---|---|---|
//! | surplus `X > M` | [`Quadrant::QualitySuccess`]: successful in quality competition | [`Quadrant::PriceSuccess`]: successful in price competition |
//! | deficit `X ≤ M` | [`Quadrant::PriceFailure`]: unsuccessful in price competition (too expensive) | [`Quadrant::QualityFailure`]: unsuccessful in quality competition (cheaper, yet in deficit) |
//!
//! Ties (`X = M`, ratio exactly 1) fall on the deficit / "≤ 1" side.
//!
//! **Where exports and imports come from:** a country's exports of product `p` in year `t` are the flows with
//! it as exporter (`X = Σ v`, `Q_X = Σ q`, `UV_X = X/Q_X`); its imports are the flows with it as *importer*
//! (`M`, `Q_M`, `UV_M = M/Q_M`), i.e. the mirror of its partners' exports. Build them with
//! [`crate::TradeFlows::cells_by`] ([`crate::flows::Side::Exporter`] and [`crate::flows::Side::Importer`]) or
//! stream them with [`crate::reader::read_cells`] and `imports: true`.
//!
//! A country's **quadrant shares** in a year are the value shares of its exports (or of its trade `X + M`,
//! [`ShareBasis`]) in each quadrant over the products it both exports and imports; exports in products it does
//! not import are reported separately (`unmatched`).

use serde::{Deserialize, Serialize};

use crate::error::{ElasticityError, Result};
use crate::flows::Cells;

/// One of Aiginger's four quadrants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// Surplus and `UV_X > UV_M`: successful quality competition.
    QualitySuccess,
    /// Surplus and `UV_X ≤ UV_M`: successful price competition.
    PriceSuccess,
    /// Deficit and `UV_X > UV_M`: unsuccessful price competition.
    PriceFailure,
    /// Deficit and `UV_X ≤ UV_M`: unsuccessful quality competition.
    QualityFailure,
}

impl Quadrant {
    /// All quadrants.
    pub const ALL: [Quadrant; 4] = [
        Self::QualitySuccess,
        Self::PriceSuccess,
        Self::PriceFailure,
        Self::QualityFailure,
    ];
    /// The quadrant of exports `x`, imports `m` and their unit values.
    pub fn of(x: f64, m: f64, uv_x: f64, uv_m: f64) -> Self {
        match (x > m, uv_x > uv_m) {
            (true, true) => Self::QualitySuccess,
            (true, false) => Self::PriceSuccess,
            (false, true) => Self::PriceFailure,
            (false, false) => Self::QualityFailure,
        }
    }
    /// Aiginger's label.
    pub fn label(&self) -> &'static str {
        match self {
            Self::QualitySuccess => "successful quality competition",
            Self::PriceSuccess => "successful price competition",
            Self::PriceFailure => "unsuccessful price competition",
            Self::QualityFailure => "unsuccessful quality competition",
        }
    }
}

/// What the quadrant shares are shares of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ShareBasis {
    /// Export value (default).
    #[default]
    Exports,
    /// Trade value `X + M`.
    Trade,
}

/// One country–product–year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuadrantRow {
    /// Country.
    pub country: String,
    /// Product.
    pub product: String,
    /// Year.
    pub year: u16,
    /// Exports `X`.
    pub exports: f64,
    /// Imports `M`.
    pub imports: f64,
    /// `UV_X / UV_M`.
    pub unit_value_ratio: f64,
    /// The quadrant.
    pub quadrant: Quadrant,
}

/// A country's quadrant shares in a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuadrantShares {
    /// Country.
    pub country: String,
    /// Year.
    pub year: u16,
    /// Shares in the order of [`Quadrant::ALL`] (sum 1 when `total > 0`).
    pub shares: [f64; 4],
    /// The value the shares are of (exports or trade in matched products).
    pub total: f64,
    /// Exports in products the country does not import in that year (not classified).
    pub unmatched_exports: f64,
}

impl QuadrantShares {
    /// The share of one quadrant.
    pub fn share(&self, q: Quadrant) -> f64 {
        self.shares[q as usize]
    }
}

/// The result of [`quadrants`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quadrants {
    /// Per country–product–year (products both exported and imported).
    pub rows: Vec<QuadrantRow>,
    /// Per country–year shares.
    pub shares: Vec<QuadrantShares>,
}

impl Quadrants {
    /// The shares of a country in a year.
    pub fn shares_of(&self, country: &str, year: u16) -> Option<&QuadrantShares> {
        self.shares
            .iter()
            .find(|s| s.country == country && s.year == year)
    }
}

/// Classifies every (country, product, year) present in both `exports` and `imports` (cells of the same
/// flows: same dictionaries).
///
/// # Errors
/// [`ElasticityError::Shape`] if the two tables do not share their dictionaries;
/// [`ElasticityError::Overflow`] naming the country, product and year if a unit-value ratio (or, for
/// [`ShareBasis::Trade`], a country's trade total) exceeds `f64::MAX`.
pub fn quadrants(exports: &Cells, imports: &Cells, basis: ShareBasis) -> Result<Quadrants> {
    if exports.countries != imports.countries || exports.products != imports.products {
        return Err(ElasticityError::Shape {
            what: "quadrants",
            message: "export and import cells come from different flows (dictionaries differ)"
                .into(),
        });
    }
    let key = |c: &Cells, i: usize| crate::flows::cell_key(c.year[i], c.product[i], c.exporter[i]);
    let nc = exports.countries.len();
    let years = {
        let mut y = exports.year_list();
        y.extend(imports.year_list());
        y.sort_unstable();
        y.dedup();
        y
    };
    let y0 = years.first().copied().unwrap_or(0);
    let ny = years.last().map_or(0, |&y| (y - y0) as usize + 1);
    let mut acc = vec![([0.0f64; 4], 0.0f64); ny * nc];
    let mut rows = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < exports.len() {
        let ki = key(exports, i);
        while j < imports.len() && key(imports, j) < ki {
            j += 1;
        }
        let slot = (exports.year[i] - y0) as usize * nc + exports.exporter[i] as usize;
        if j < imports.len() && key(imports, j) == ki {
            let (x, m) = (exports.value[i], imports.value[j]);
            let uvx = x / exports.quantity[i];
            let uvm = m / imports.quantity[j];
            let ratio = uvx / uvm;
            if !ratio.is_finite() || !(x + m).is_finite() {
                return Err(ElasticityError::Overflow {
                    what: if ratio.is_finite() {
                        "exports + imports".into()
                    } else {
                        format!("the unit value ratio UV_X/UV_M = {uvx:e}/{uvm:e}")
                    },
                    exporter: exports.countries.name(exports.exporter[i]).to_string(),
                    product: exports.products.name(exports.product[i]).to_string(),
                    year: exports.year[i],
                    location: format!("export cell {i}"),
                });
            }
            let q = Quadrant::of(x, m, uvx, uvm);
            acc[slot].0[q as usize] += match basis {
                ShareBasis::Exports => x,
                ShareBasis::Trade => x + m,
            };
            rows.push(QuadrantRow {
                country: exports.countries.name(exports.exporter[i]).to_string(),
                product: exports.products.name(exports.product[i]).to_string(),
                year: exports.year[i],
                exports: x,
                imports: m,
                unit_value_ratio: ratio,
                quadrant: q,
            });
        } else {
            acc[slot].1 += exports.value[i];
        }
        i += 1;
    }
    let mut shares = Vec::new();
    for (slot, (v, unmatched)) in acc.iter().enumerate() {
        let total: f64 = v.iter().sum();
        if !total.is_finite() {
            return Err(ElasticityError::Overflow {
                what: "the trade total X + M over the matched products".into(),
                exporter: exports.countries.name((slot % nc) as u32).to_string(),
                product: "(all)".into(),
                year: y0 + (slot / nc) as u16,
                location: "country-year total".into(),
            });
        }
        if total > 0.0 || *unmatched > 0.0 {
            let s = if total > 0.0 {
                v.map(|a| a / total)
            } else {
                [0.0; 4]
            };
            shares.push(QuadrantShares {
                country: exports.countries.name((slot % nc) as u32).to_string(),
                year: y0 + (slot / nc) as u16,
                shares: s,
                total,
                unmatched_exports: *unmatched,
            });
        }
    }
    Ok(Quadrants { rows, shares })
}
