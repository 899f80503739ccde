//! Unit values, reference (world) unit values, relative unit values and gap ratios.
//!
//! For an (exporter e, product p, year t) cell with value `V` and quantity `Q` summed over its flows, the
//! **unit value** is `UV_ept = V_ept / Q_ept` (BACI: thousand USD per tonne = USD per kg). The **relative
//! unit value** is `RUV_ept = UV_ept / R_pt` for a reference `R_pt` ([`Reference`]):
//!
//! - [`Reference::World`] with [`WorldWeighting::Quantity`] (default): `R_pt = Σ_e V_ept / Σ_e Q_ept`, the
//!   unit value of the product's world exports — the quantity-weighted mean of the exporters' unit values.
//!   Fontagné, Gaulier & Zignago (2008, *Economic Policy* 23(53), §3) compare each flow's unit value with
//!   "the world unit value" of the product, a weighted average over all exporters; this is that average.
//! - [`Reference::World`] with [`WorldWeighting::Value`]: `R_pt = Σ_e V_ept·UV_ept / Σ_e V_ept`, the
//!   value-weighted mean of the exporters' unit values (gives more weight to high-value exporters).
//! - [`Reference::Exporter`]: the unit value of one reference exporter (e.g. Germany) for the same product
//!   and year; a product–year the reference does not export either stops the computation
//!   ([`ElasticityError::ReferenceAbsent`]) or leaves those cells without a relative unit value, by choice.
//!
//! A **gap ratio** is `UV_a / UV_b` (paper §1: JP/CN mechanical & electrical 42.12 / 20.95 = 2.01).

use serde::{Deserialize, Serialize};

use crate::concordance::ProductMap;
use crate::error::{ElasticityError, Result};
use crate::flows::Cells;

/// How the world unit value of a product weights exporters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum WorldWeighting {
    /// `Σ V / Σ Q` (quantity-weighted mean unit value; the world unit value of the product).
    #[default]
    Quantity,
    /// `Σ V·UV / Σ V` (value-weighted mean unit value).
    Value,
}

/// The reference unit value of a product in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reference {
    /// All exporters of the product (the world).
    World(WorldWeighting),
    /// One exporter's unit value of the same product and year.
    Exporter {
        /// The reference country code (as in the data, e.g. `276` in BACI or `DEU`).
        code: String,
        /// If `true`, cells of product–years the reference does not export get no relative unit value (and
        /// are left out of segments and regressions); if `false`, that is an error.
        skip_missing: bool,
    },
}

impl Default for Reference {
    fn default() -> Self {
        Reference::World(WorldWeighting::Quantity)
    }
}

/// Unit values of every cell of a [`Cells`] table and their references.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitValues {
    /// `UV` per cell (aligned with the cells).
    pub unit_value: Vec<f64>,
    /// The reference `R` of each cell's (product, year); 0 where the reference exporter is absent.
    pub reference: Vec<f64>,
    pub(crate) ymin: u16,
    pub(crate) nproducts: usize,
    /// Dense (year − ymin) × product table of references (0 = none).
    pub(crate) table: Vec<f64>,
}

impl UnitValues {
    /// Relative unit value `UV/R` of cell `i`, `None` when it has no reference.
    pub fn relative(&self, i: usize) -> Option<f64> {
        let r = self.reference[i];
        (r > 0.0).then(|| self.unit_value[i] / r)
    }
    /// Reference unit value of a (product id, year), `None` if absent.
    #[inline]
    pub fn reference_of(&self, product: u32, year: u16) -> Option<f64> {
        if year < self.ymin {
            return None;
        }
        let k = (year - self.ymin) as usize * self.nproducts + product as usize;
        self.table.get(k).copied().filter(|&r| r > 0.0)
    }
}

/// Computes unit values and references for all cells (see the module doc for the formulas).
///
/// ```
/// use mfg_quality_elasticity::{TradeFlow, TradeFlows};
/// use mfg_quality_elasticity::unit_value::{unit_values, Reference};
/// let rows = [("CN", 100.0, 10.0), ("DE", 300.0, 10.0)];
/// let flows: Vec<TradeFlow> = rows.iter().map(|&(e, v, q)| TradeFlow { year: 2015, exporter: e.into(),
///     importer: "US".into(), product: "8471".into(), value: v, quantity: q }).collect();
/// let cells = TradeFlows::from_flows(&flows).unwrap().0.cells();
/// let uv = unit_values(&cells, &Reference::default()).unwrap();
/// assert_eq!(uv.unit_value, vec![10.0, 30.0]);
/// assert_eq!(uv.reference, vec![20.0, 20.0]); // (100 + 300) / (10 + 10)
/// ```
///
/// # Errors
/// [`ElasticityError::UnknownName`] if the reference exporter is not in the data at all;
/// [`ElasticityError::ReferenceAbsent`] if it lacks a product–year and `skip_missing` is false.
pub fn unit_values(cells: &Cells, reference: &Reference) -> Result<UnitValues> {
    let n = cells.len();
    let unit_value: Vec<f64> = cells
        .value
        .iter()
        .zip(&cells.quantity)
        .map(|(v, q)| v / q)
        .collect();
    if let Some(i) = unit_value.iter().position(|u| !u.is_finite()) {
        return Err(ElasticityError::Overflow {
            what: format!(
                "the unit value V/Q = {:e}/{:e} of the cell",
                cells.value[i], cells.quantity[i]
            ),
            exporter: cells.countries.name(cells.exporter[i]).to_string(),
            product: cells.products.name(cells.product[i]).to_string(),
            year: cells.year[i],
            location: format!("cell {i}"),
        });
    }
    let mut refv = vec![0.0; n];
    let years = cells.year_list();
    let ymin = years.first().copied().unwrap_or(0);
    let ny = years.last().map_or(0, |&y| (y - ymin) as usize + 1);
    let np = cells.products.len();
    let mut table = vec![0.0; ny * np];
    let ref_id =
        match reference {
            Reference::Exporter { code, .. } => Some(cells.countries.id(code).ok_or_else(
                || ElasticityError::UnknownName {
                    kind: "country",
                    name: code.clone(),
                },
            )?),
            Reference::World(_) => None,
        };
    if let Reference::Exporter {
        code,
        skip_missing: false,
    } = reference
    {
        // A year without any export of the reference is reported as such (no product named).
        let mut present = vec![false; ny];
        for i in 0..n {
            if Some(cells.exporter[i]) == ref_id {
                present[(cells.year[i] - ymin) as usize] = true;
            }
        }
        for &y in &years {
            if !present[(y - ymin) as usize] {
                return Err(ElasticityError::ReferenceAbsent {
                    exporter: code.clone(),
                    product: None,
                    year: y,
                });
            }
        }
    }
    for g in cells.groups() {
        let r = match reference {
            Reference::World(WorldWeighting::Quantity) => {
                let v: f64 = cells.value[g.clone()].iter().sum();
                let q: f64 = cells.quantity[g.clone()].iter().sum();
                v / q
            }
            Reference::World(WorldWeighting::Value) => {
                // Σ V·UV / Σ V as a running weighted mean: V·UV itself may exceed f64::MAX.
                let mut mean = WeightedMean::default();
                for i in g.clone() {
                    mean.add(cells.value[i], unit_value[i]);
                }
                mean.get()
            }
            Reference::Exporter { code, skip_missing } => {
                match g.clone().find(|&i| Some(cells.exporter[i]) == ref_id) {
                    Some(i) => unit_value[i],
                    None if *skip_missing => 0.0,
                    None => {
                        return Err(ElasticityError::ReferenceAbsent {
                            exporter: code.clone(),
                            product: Some(cells.products.name(cells.product[g.start]).to_string()),
                            year: cells.year[g.start],
                        });
                    }
                }
            }
        };
        let y = cells.year[g.start];
        let p = cells.product[g.start] as usize;
        table[(y - ymin) as usize * np + p] = r;
        for x in &mut refv[g] {
            *x = r;
        }
    }
    Ok(UnitValues {
        unit_value,
        reference: refv,
        ymin,
        nproducts: np,
        table,
    })
}

/// Unit values of one exporter in one industry and year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndustryUnitValue {
    /// Exporter code.
    pub exporter: String,
    /// Industry id.
    pub industry: String,
    /// Year.
    pub year: u16,
    /// Σ value over the industry's products.
    pub value: f64,
    /// Σ quantity.
    pub quantity: f64,
    /// Aggregate unit value `Σ V / Σ Q` (the quantity-weighted mean of product unit values; the paper's
    /// "USD per kg" of a product group).
    pub unit_value: f64,
    /// Value-weighted mean of the product unit values `Σ_p (V_p/V) UV_p`.
    pub value_weighted_unit_value: f64,
    /// Value-weighted mean of the product relative unit values `Σ_p (V_p/V) RUV_p` over products with a
    /// reference; `None` if none has one.
    pub relative_unit_value: Option<f64>,
}

/// Unit values per (exporter, industry, year), in (year, industry, exporter) order.
pub fn industry_unit_values(
    cells: &Cells,
    uv: &UnitValues,
    map: &ProductMap,
) -> Vec<IndustryUnitValue> {
    let ni = map.industries.len();
    let nc = cells.countries.len();
    let mut out = Vec::new();
    for (y, rows) in cells.year_runs() {
        // acc: V, Q, the value-weighted means of UV and of RUV (running means: V·UV may exceed f64::MAX).
        let mut acc = vec![
            (
                0.0f64,
                0.0f64,
                WeightedMean::default(),
                WeightedMean::default()
            );
            ni * nc
        ];
        for i in rows {
            let ind = map.industry_of[cells.product[i] as usize] as usize;
            let a = &mut acc[ind * nc + cells.exporter[i] as usize];
            let v = cells.value[i];
            a.0 += v;
            a.1 += cells.quantity[i];
            a.2.add(v, uv.unit_value[i]);
            if let Some(r) = uv.relative(i) {
                a.3.add(v, r);
            }
        }
        for (k, a) in acc.iter().enumerate() {
            if a.0 > 0.0 {
                out.push(IndustryUnitValue {
                    exporter: cells.countries.name((k % nc) as u32).to_string(),
                    industry: map.industries[k / nc].id.clone(),
                    year: y,
                    value: a.0,
                    quantity: a.1,
                    unit_value: a.0 / a.1,
                    value_weighted_unit_value: a.2.get(),
                    relative_unit_value: (a.3.weight > 0.0).then(|| a.3.get()),
                });
            }
        }
    }
    out
}

/// A running weighted mean `Σ w·x / Σ w` that never forms the products `w·x` (West 1979):
/// `W += w; m += (w/W)(x − m)`. Finite whenever the weights' total and the `x` are finite and `x ≥ 0`.
#[derive(Debug, Clone, Copy, Default)]
struct WeightedMean {
    weight: f64,
    mean: f64,
}

impl WeightedMean {
    #[inline]
    fn add(&mut self, w: f64, x: f64) {
        if w > 0.0 {
            self.weight += w;
            self.mean += (w / self.weight) * (x - self.mean);
        }
    }
    #[inline]
    fn get(&self) -> f64 {
        self.mean
    }
}

/// The gap ratio `a / b` of two unit values (paper §1: JP/CN 42.12 / 20.95 = 2.01).
///
/// ```
/// use mfg_quality_elasticity::unit_value::gap_ratio;
/// assert!((gap_ratio(42.12, 20.95).unwrap() - 2.0105).abs() < 1e-4);
/// ```
///
/// # Errors
/// [`ElasticityError::NonFinite`] for NaN/Inf, [`ElasticityError::InvalidParameter`] for a non-positive
/// unit value.
pub fn gap_ratio(a: f64, b: f64) -> Result<f64> {
    for (name, x) in [("numerator", a), ("denominator", b)] {
        if !x.is_finite() {
            return Err(ElasticityError::NonFinite {
                what: "unit value".into(),
                location: name.into(),
            });
        }
        if x <= 0.0 {
            return Err(ElasticityError::InvalidParameter {
                parameter: "unit value",
                value: x,
                reason: "a unit value in a gap ratio must be positive",
            });
        }
    }
    Ok(a / b)
}
