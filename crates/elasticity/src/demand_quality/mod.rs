//! Demand-residual quality: quality as the part of demand that prices do not explain (Khandelwal, Schott &
//! Wei 2013, "Trade liberalization and embedded institutional reform", *AER* 103(6); applied to BACI HS6
//! flows by Bas, Fontagné, Martin & Mayer 2015, CEPII).
//!
//! # Model
//! With CES demand, the quantity importer `j` buys from exporter `e` of product `k` in year `t` is
//! `q_ejkt = λ_ejkt^(σ_k − 1) p_ejkt^(−σ_k) P_jkt^(σ_k − 1) Y_jkt`, `λ` the quality (a demand shifter),
//! `σ_k > 1` the elasticity of substitution. Taking logs,
//!
//! ```text
//! ln q_ejkt + σ_k ln p_ejkt = α_kjt + ε_ejkt,        ln λ̂_ejkt = ε̂_ejkt / (σ_k − 1),
//! ```
//!
//! where the product × importer × year fixed effects `α_kjt` absorb the price index and expenditure. The
//! regression has no slope: `ε̂` is `ln q + σ ln p` demeaned within each `(k, j, t)` cell, computed by the
//! econometrics crate's [`absorb`] (one fixed effect: one exact sweep). The
//! price is the flow's unit value `p = v/q`. Quality is identified only relative to the other exporters of
//! the same product to the same importer in the same year; a flow alone in its cell (a singleton) has no
//! quality and is flagged ([`QualityEstimates::identified`]), as fixest drops singletons. KSW also
//! control for the exporter's population (hidden varieties); that control is not included here.
//!
//! `σ_k` comes from a [`SigmaTable`] (by product, by industry, or the documented default [`DEFAULT_SIGMA`]).
//!
//! # Indices and ladders ([`CellQuality`])
//! * **Exporter–product–year** quality `Q_ekt = Σ_j v_ejkt ln λ̂_ejkt / Σ_j v_ejkt` over the identified
//!   flows (value-weighted across importers), then **normalised within product–year**:
//!   `z_ekt = (Q_ekt − mean_e Q_ekt) / sd_e Q_ekt`, mean and (n − 1) standard deviation unweighted across the
//!   exporters of `(k, t)` with a quality; undefined when fewer than two exporters or `sd = 0`. The z-score
//!   makes products with different `σ` and quality dispersion comparable before aggregating.
//! * **Exporter–industry–year** and **exporter–year** indices: value-weighted means of `z_ekt` over the
//!   industry's (or all) products, weights the identified export value `Σ_j v_ejkt`.
//! * **Quality ladders** (Khandelwal 2010, "The long and short (of) quality ladders", *REStud* 77(4)): the
//!   length of product `k`'s ladder in year `t` is the range `max_e Q_ekt − min_e Q_ekt` of the (raw, log)
//!   exporter–product–year qualities ([`CellQuality::ladders`]).
//! * Quality **segments** and the **quality-elasticity classification** on estimated quality:
//!   [`CellQuality::as_unit_values`] expresses `Q_ekt` as a unit-value table (`UV = exp(Q_ekt)`, reference
//!   `exp(Σ_e V Q / Σ_e V)` of its product–year), so the existing [`crate::segments::segment_cells`] and
//!   [`crate::quality_elasticity::estimate`] run on quality unchanged, next to their unit-value versions.
//!
//! # Memory
//! Besides the flows, [`estimate_quality`] holds `ln q + σ ln p` (8 bytes per flow, demeaned in place and
//! turned into quality), the `(k, j, t)` codes (4 bytes, dropped after the fit), one byte of sample flag, and
//! a dense `(year, product, importer)` code grid when it has at most `max(2n, 2²²)` slots (4 bytes each),
//! else a hash table of the cells.
//!
//! ```
//! use mfg_quality_elasticity::demand_quality::{estimate_quality, synthetic::DemandConfig, SigmaTable};
//! let w = DemandConfig::small(1).generate().unwrap();
//! let map = w.concordance.map_products(w.flows.products()).unwrap();
//! let q = estimate_quality(&w.flows, &w.sigma_table().unwrap(), Some(&map)).unwrap();
//! assert_eq!(q.len(), w.flows.len());
//! let r = q.correlation_with(&w.true_quality_within_cells());
//! assert!(r > 0.95, "correlation {r}");
//! ```

mod error;
mod indices;
mod sigma;
pub mod synthetic;

pub use error::DemandQualityError;
pub use indices::{CellQuality, Ladder, QualityIndex};
pub use sigma::{DEFAULT_SIGMA, SigmaTable};

use mfg_quality_econometrics::{DemeanOptions, Factor, FixedEffects, absorb};

use crate::concordance::ProductMap;
use crate::flows::{FxHashMap, TradeFlows};

/// The columns the quality regression reads, one entry per flow (ids dense from 0).
#[derive(Debug, Clone, Copy)]
pub struct DemandColumns<'a> {
    /// Year.
    pub year: &'a [u16],
    /// Exporter id.
    pub exporter: &'a [u32],
    /// Importer id.
    pub importer: &'a [u32],
    /// Product id.
    pub product: &'a [u32],
    /// Trade value `v` (price = `v/q`).
    pub value: &'a [f64],
    /// Quantity `q`.
    pub quantity: &'a [f64],
}

impl<'a> DemandColumns<'a> {
    /// The columns of loaded flows (values and quantities are positive by [`TradeFlows`]' invariant).
    pub fn from_flows(flows: &'a TradeFlows) -> Self {
        Self {
            year: &flows.year,
            exporter: &flows.exporter,
            importer: &flows.importer,
            product: &flows.product,
            value: &flows.value,
            quantity: &flows.quantity,
        }
    }

    fn len(&self) -> usize {
        self.year.len()
    }

    fn validate(&self, n_products: usize) -> Result<(), DemandQualityError> {
        let n = self.len();
        if n == 0 {
            return Err(DemandQualityError::Empty);
        }
        for (column, len) in [
            ("exporter", self.exporter.len()),
            ("importer", self.importer.len()),
            ("product", self.product.len()),
            ("value", self.value.len()),
            ("quantity", self.quantity.len()),
        ] {
            if len != n {
                return Err(DemandQualityError::Shape {
                    column,
                    found: len,
                    expected: n,
                });
            }
        }
        if let Some(&p) = self.product.iter().find(|&&p| p as usize >= n_products) {
            return Err(DemandQualityError::Shape {
                column: "sigma (one per product id)",
                found: n_products,
                expected: p as usize + 1,
            });
        }
        for (row, (&v, &q)) in self.value.iter().zip(self.quantity).enumerate() {
            for (column, x) in [("value", v), ("quantity", q)] {
                if !x.is_finite() {
                    return Err(DemandQualityError::NonFinite {
                        column,
                        row,
                        value: x,
                    });
                }
            }
            if q <= 0.0 {
                return Err(DemandQualityError::NonPositive {
                    column: "quantity",
                    row,
                    value: q,
                });
            }
            if v <= 0.0 {
                return Err(DemandQualityError::NonPositive {
                    column: "price",
                    row,
                    value: v / q,
                });
            }
        }
        Ok(())
    }
}

/// Flow-level demand-residual quality `ln λ̂_ejkt`: the result of [`estimate_quality`].
#[derive(Debug, Clone, PartialEq)]
pub struct QualityEstimates {
    quality: Vec<f64>,
    identified: Vec<bool>,
    singletons: usize,
    cells: usize,
    sigma: Vec<f64>,
}

impl QualityEstimates {
    /// Number of flows (identified or not).
    pub fn len(&self) -> usize {
        self.quality.len()
    }

    /// Whether there are no flows (never: estimation needs one).
    pub fn is_empty(&self) -> bool {
        self.quality.is_empty()
    }

    /// `ln λ̂` of flow `i`, `None` for a flow alone in its product × importer × year cell.
    pub fn quality(&self, i: usize) -> Option<f64> {
        self.identified[i].then(|| self.quality[i])
    }

    /// `ln λ̂` per flow, 0 where not identified (see [`QualityEstimates::identified`]).
    pub fn values(&self) -> &[f64] {
        &self.quality
    }

    /// Whether each flow's quality is identified (false for singletons of the `(k, j, t)` cells).
    pub fn identified(&self) -> &[bool] {
        &self.identified
    }

    /// Flows alone in their product × importer × year cell (no quality).
    pub fn singletons(&self) -> usize {
        self.singletons
    }

    /// Product × importer × year cells (the fixed-effect levels, singletons included).
    pub fn fixed_effect_cells(&self) -> usize {
        self.cells
    }

    /// The `σ` used per product id.
    pub fn sigma(&self) -> &[f64] {
        &self.sigma
    }

    /// Pearson correlation of the identified flows' quality with `truth` (aligned with the flows); NaN when
    /// a variance is zero. For checks against a known quality (see [`synthetic`]).
    pub fn correlation_with(&self, truth: &[f64]) -> f64 {
        let pairs: Vec<(f64, f64)> = (0..self.len().min(truth.len()))
            .filter(|&i| self.identified[i])
            .map(|i| (self.quality[i], truth[i]))
            .collect();
        pearson(&pairs)
    }
}

pub(crate) fn pearson(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len() as f64;
    let (ma, mb) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), &(x, y)| (a + x / n, b + y / n));
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for &(x, y) in pairs {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    sab / (saa * sbb).sqrt()
}

/// Estimates flow-level quality from loaded flows, `σ` resolved per product by `sigma` (through `map` for
/// industry entries). See the module doc for the model.
///
/// # Errors
/// [`DemandQualityError::Empty`]; [`DemandQualityError::Regression`] with
/// [`EconError::AllSingletons`](mfg_quality_econometrics::EconError::AllSingletons) when no product × importer
/// × year cell has two flows.
pub fn estimate_quality(
    flows: &TradeFlows,
    sigma: &SigmaTable,
    map: Option<&ProductMap>,
) -> Result<QualityEstimates, DemandQualityError> {
    let s = sigma.resolve(&flows.products, map);
    estimate_columns(&DemandColumns::from_flows(flows), s)
}

/// Estimates flow-level quality from raw columns with one `σ` per product id (`sigma[product]`).
///
/// # Errors
/// [`DemandQualityError::Shape`] for columns of different lengths or a product id without `σ`;
/// [`DemandQualityError::NonFinite`]; [`DemandQualityError::NonPositive`] for a zero or negative quantity
/// or price (value); [`DemandQualityError::InvalidSigma`] for `σ ≤ 1`; [`DemandQualityError::Empty`];
/// [`DemandQualityError::Regression`] (all flows singletons).
pub fn estimate_columns(
    cols: &DemandColumns<'_>,
    sigma: Vec<f64>,
) -> Result<QualityEstimates, DemandQualityError> {
    if let Some((p, &s)) = sigma
        .iter()
        .enumerate()
        .find(|(_, s)| !(s.is_finite() && **s > 1.0))
    {
        return Err(DemandQualityError::InvalidSigma {
            column: "product",
            code: format!("id {p}"),
            value: s,
            line: None,
        });
    }
    cols.validate(sigma.len())?;
    let n = cols.len();
    let y_of = |i: usize| {
        let s = sigma[cols.product[i] as usize];
        let lq = cols.quantity[i].ln();
        // ln q + σ ln p with ln p = ln v − ln q.
        lq + s * (cols.value[i].ln() - lq)
    };
    #[cfg(feature = "parallel")]
    let y: Vec<f64> = {
        use rayon::prelude::*;
        (0..n)
            .into_par_iter()
            .with_min_len(1 << 14)
            .map(y_of)
            .collect()
    };
    #[cfg(not(feature = "parallel"))]
    let y: Vec<f64> = (0..n).map(y_of).collect();

    let codes = cell_codes(cols);
    let fe = FixedEffects::new(vec![Factor::from_codes("product^importer^year", codes)?])?;
    let cells = fe.factors()[0].levels();
    let a = absorb("ln q + σ ln p", y, &fe, None, DemeanOptions::default())?;
    drop(fe);
    let singletons = a.singletons_removed();
    let identified = a.in_sample().to_vec();
    let mut quality = a.into_values();
    for (i, q) in quality.iter_mut().enumerate() {
        *q /= sigma[cols.product[i] as usize] - 1.0;
    }
    Ok(QualityEstimates {
        quality,
        identified,
        singletons,
        cells,
        sigma,
    })
}

/// Dense codes of the (year, product, importer) cells, in order of first appearance.
fn cell_codes(cols: &DemandColumns<'_>) -> Vec<u32> {
    let n = cols.len();
    let (ymin, ymax) = cols
        .year
        .iter()
        .fold((u16::MAX, 0u16), |(a, b), &y| (a.min(y), b.max(y)));
    let ny = (ymax - ymin) as usize + 1;
    let np = cols.product.iter().max().map_or(0, |&p| p as usize + 1);
    let nm = cols.importer.iter().max().map_or(0, |&m| m as usize + 1);
    let slots = (ny as u128) * (np as u128) * (nm as u128);
    let mut next = 0u32;
    if slots <= (2 * n).max(1 << 22) as u128 {
        let mut grid = vec![u32::MAX; slots as usize];
        (0..n)
            .map(|i| {
                let k = ((cols.year[i] - ymin) as usize * np + cols.product[i] as usize) * nm
                    + cols.importer[i] as usize;
                let c = &mut grid[k];
                if *c == u32::MAX {
                    *c = next;
                    next += 1;
                }
                *c
            })
            .collect()
    } else {
        let mut map: FxHashMap<u64, u32> = FxHashMap::default();
        (0..n)
            .map(|i| {
                let key = (u64::from(cols.year[i]) << 48)
                    | (u64::from(cols.product[i]) << 24)
                    | u64::from(cols.importer[i] & 0xFF_FFFF);
                *map.entry(key).or_insert_with(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect()
    }
}
