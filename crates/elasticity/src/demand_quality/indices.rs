//! Exporter–product–year quality, its normalisation, exporter–industry–year and exporter–year indices,
//! quality ladders, and the unit-value view used for segments and the classification (rules in the
//! [module doc](super)).

use super::{DemandQualityError, QualityEstimates};
use crate::concordance::ProductMap;
use crate::flows::{Cells, FxHashMap, TradeFlows, cell_key};
use crate::unit_value::UnitValues;

/// Quality per (exporter, product, year) cell, aligned with a [`Cells`] table of the same flows.
#[derive(Debug, Clone, PartialEq)]
pub struct CellQuality {
    /// `Q_ekt`, the value-weighted mean of the identified flows' `ln λ̂`; `None` when no flow of the cell is
    /// identified.
    pub quality: Vec<Option<f64>>,
    /// `z_ekt`, `Q_ekt` normalised within its product–year; `None` when undefined.
    pub normalised: Vec<Option<f64>>,
    /// `Σ_j v_ejkt` over the identified flows (the weight in the indices).
    pub value: Vec<f64>,
}

/// An aggregate quality index of one exporter in one group (a product, an industry or `all`) and year.
#[derive(Debug, Clone, PartialEq)]
pub struct QualityIndex {
    /// Exporter code.
    pub exporter: String,
    /// Product code, industry id, or `all`.
    pub group: String,
    /// Year.
    pub year: u16,
    /// The index (a value-weighted mean of normalised qualities `z`; for products, `z` itself).
    pub quality: f64,
    /// The weight: identified export value.
    pub value: f64,
    /// Products with a normalised quality that enter the index.
    pub products: usize,
}

/// The quality ladder of a product in a year (Khandelwal 2010).
#[derive(Debug, Clone, PartialEq)]
pub struct Ladder {
    /// Product code.
    pub product: String,
    /// Year.
    pub year: u16,
    /// `max_e Q_ekt − min_e Q_ekt` (log points of quality).
    pub length: f64,
    /// Exporters with a quality.
    pub exporters: usize,
    /// The exporter at the top.
    pub top: String,
    /// The exporter at the bottom.
    pub bottom: String,
}

impl QualityEstimates {
    /// Aggregates the flows' quality into the (exporter, product, year) cells of `cells` (which must be
    /// `flows.cells()`), and normalises it within each product–year.
    ///
    /// # Errors
    /// [`DemandQualityError::Shape`] when the estimates, flows and cells do not belong together.
    pub fn cells(
        &self,
        flows: &TradeFlows,
        cells: &Cells,
    ) -> Result<CellQuality, DemandQualityError> {
        if flows.len() != self.len() {
            return Err(DemandQualityError::Shape {
                column: "flows",
                found: flows.len(),
                expected: self.len(),
            });
        }
        if cells.countries.len() != flows.countries.len()
            || cells.products.len() != flows.products.len()
        {
            return Err(DemandQualityError::Shape {
                column: "cells (dictionaries of other flows)",
                found: cells.countries.len(),
                expected: flows.countries.len(),
            });
        }
        let nc = cells.len();
        let mut index: FxHashMap<u64, u32> = FxHashMap::default();
        index.reserve(nc);
        for i in 0..nc {
            index.insert(
                cell_key(cells.year[i], cells.product[i], cells.exporter[i]),
                i as u32,
            );
        }
        let mut sv = vec![0.0; nc];
        let mut svq = vec![0.0; nc];
        for i in 0..flows.len() {
            if !self.identified[i] {
                continue;
            }
            let key = cell_key(flows.year[i], flows.product[i], flows.exporter[i]);
            let Some(&c) = index.get(&key) else {
                return Err(DemandQualityError::Shape {
                    column: "cells (not built from these flows)",
                    found: nc,
                    expected: nc + 1,
                });
            };
            let v = flows.value[i];
            sv[c as usize] += v;
            svq[c as usize] += v * self.quality[i];
        }
        drop(index);
        let quality: Vec<Option<f64>> = sv
            .iter()
            .zip(&svq)
            .map(|(&v, &vq)| (v > 0.0).then(|| vq / v))
            .collect();
        let mut normalised = vec![None; nc];
        for g in cells.groups() {
            let xs: Vec<f64> = quality[g.clone()].iter().flatten().copied().collect();
            if xs.len() < 2 {
                continue;
            }
            let m = xs.iter().sum::<f64>() / xs.len() as f64;
            let var = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (xs.len() - 1) as f64;
            let sd = var.sqrt();
            if sd.is_nan() || sd <= 0.0 {
                continue;
            }
            for i in g {
                normalised[i] = quality[i].map(|q| (q - m) / sd);
            }
        }
        Ok(CellQuality {
            quality,
            normalised,
            value: sv,
        })
    }
}

impl CellQuality {
    fn check(&self, cells: &Cells) -> Result<(), DemandQualityError> {
        if self.quality.len() != cells.len() {
            return Err(DemandQualityError::Shape {
                column: "cells",
                found: cells.len(),
                expected: self.quality.len(),
            });
        }
        Ok(())
    }

    /// The normalised exporter–product–year qualities `z_ekt` as index rows (group = product code), in
    /// cell order.
    ///
    /// # Errors
    /// [`DemandQualityError::Shape`] if `cells` is not the table this was computed on.
    pub fn product_index(&self, cells: &Cells) -> Result<Vec<QualityIndex>, DemandQualityError> {
        self.check(cells)?;
        Ok((0..cells.len())
            .filter_map(|i| {
                self.normalised[i].map(|z| QualityIndex {
                    exporter: cells.countries.name(cells.exporter[i]).to_string(),
                    group: cells.products.name(cells.product[i]).to_string(),
                    year: cells.year[i],
                    quality: z,
                    value: self.value[i],
                    products: 1,
                })
            })
            .collect())
    }

    /// Exporter–industry–year indices `Σ_{k∈I} V_ekt z_ekt / Σ_{k∈I} V_ekt`, in (year, industry, exporter)
    /// order.
    ///
    /// # Errors
    /// [`DemandQualityError::Shape`] if `cells` or `map` do not belong to this table.
    pub fn industry_index(
        &self,
        cells: &Cells,
        map: &ProductMap,
    ) -> Result<Vec<QualityIndex>, DemandQualityError> {
        self.check(cells)?;
        if map.industry_of.len() != cells.products.len() {
            return Err(DemandQualityError::Shape {
                column: "product map",
                found: map.industry_of.len(),
                expected: cells.products.len(),
            });
        }
        let names: Vec<String> = map.industries.iter().map(|i| i.id.clone()).collect();
        Ok(self.aggregate(cells, &names, |p| map.industry_of[p as usize] as usize))
    }

    /// Exporter–year indices `Σ_k V_ekt z_ekt / Σ_k V_ekt` over all products (group `all`).
    ///
    /// # Errors
    /// [`DemandQualityError::Shape`] if `cells` is not the table this was computed on.
    pub fn exporter_index(&self, cells: &Cells) -> Result<Vec<QualityIndex>, DemandQualityError> {
        self.check(cells)?;
        Ok(self.aggregate(cells, &["all".to_string()], |_| 0))
    }

    fn aggregate(
        &self,
        cells: &Cells,
        groups: &[String],
        group_of: impl Fn(u32) -> usize,
    ) -> Vec<QualityIndex> {
        let ne = cells.countries.len();
        let ng = groups.len();
        let mut out = Vec::new();
        for (y, rows) in cells.year_runs() {
            // [Σ V, Σ V z, products]
            let mut acc = vec![[0.0f64; 3]; ng * ne];
            for i in rows {
                if let Some(z) = self.normalised[i] {
                    let a = &mut acc[group_of(cells.product[i]) * ne + cells.exporter[i] as usize];
                    a[0] += self.value[i];
                    a[1] += self.value[i] * z;
                    a[2] += 1.0;
                }
            }
            for (k, a) in acc.iter().enumerate() {
                if a[0] > 0.0 {
                    out.push(QualityIndex {
                        exporter: cells.countries.name((k % ne) as u32).to_string(),
                        group: groups[k / ne].clone(),
                        year: y,
                        quality: a[1] / a[0],
                        value: a[0],
                        products: a[2] as usize,
                    });
                }
            }
        }
        out
    }

    /// Quality ladders: per product–year with at least two exporters with a quality, the range of
    /// `Q_ekt` and the exporters at its ends, in (year, product) order.
    ///
    /// # Errors
    /// [`DemandQualityError::Shape`] if `cells` is not the table this was computed on.
    pub fn ladders(&self, cells: &Cells) -> Result<Vec<Ladder>, DemandQualityError> {
        self.check(cells)?;
        let mut out = Vec::new();
        for g in cells.groups() {
            let mut top: Option<(usize, f64)> = None;
            let mut bottom: Option<(usize, f64)> = None;
            let mut count = 0;
            for i in g.clone() {
                let Some(q) = self.quality[i] else { continue };
                count += 1;
                if top.is_none_or(|(_, t)| q > t) {
                    top = Some((i, q));
                }
                if bottom.is_none_or(|(_, b)| q < b) {
                    bottom = Some((i, q));
                }
            }
            if let (Some((ti, t)), Some((bi, b))) = (top, bottom)
                && count >= 2
            {
                out.push(Ladder {
                    product: cells.products.name(cells.product[g.start]).to_string(),
                    year: cells.year[g.start],
                    length: t - b,
                    exporters: count,
                    top: cells.countries.name(cells.exporter[ti]).to_string(),
                    bottom: cells.countries.name(cells.exporter[bi]).to_string(),
                });
            }
        }
        Ok(out)
    }

    /// Quality as a unit-value table for the segment and classification code: `UV = exp(Q_ekt)` and
    /// reference `R_kt = exp(Σ_e V_ekt Q_ekt / Σ_e V_ekt)` (identified value weights), so that
    /// `UV/R = exp(Q_ekt − Q̄_kt)`. Cells without a quality get no reference (unclassified in segments,
    /// left out of the regression).
    ///
    /// With it, [`crate::segments::segment_cells`] puts a cell up-market when its quality exceeds its
    /// product's mean by more than `ln(1 + α)` log points, and [`crate::quality_elasticity::estimate`]
    /// regresses log market share on relative quality.
    ///
    /// # Errors
    /// [`DemandQualityError::Shape`] if `cells` is not the table this was computed on.
    pub fn as_unit_values(&self, cells: &Cells) -> Result<UnitValues, DemandQualityError> {
        self.check(cells)?;
        let n = cells.len();
        let years = cells.year_list();
        let ymin = years.first().copied().unwrap_or(0);
        let ny = years.last().map_or(0, |&y| (y - ymin) as usize + 1);
        let np = cells.products.len();
        let mut table = vec![0.0; ny * np];
        let mut unit_value = vec![1.0; n];
        let mut reference = vec![0.0; n];
        for g in cells.groups() {
            let (mut v, mut vq) = (0.0, 0.0);
            for i in g.clone() {
                if let Some(q) = self.quality[i] {
                    v += self.value[i];
                    vq += self.value[i] * q;
                    unit_value[i] = q.exp();
                }
            }
            if v > 0.0 {
                let r = (vq / v).exp();
                let y = cells.year[g.start];
                table[(y - ymin) as usize * np + cells.product[g.start] as usize] = r;
                for i in g {
                    if self.quality[i].is_some() {
                        reference[i] = r;
                    }
                }
            }
        }
        Ok(UnitValues {
            unit_value,
            reference,
            ymin,
            nproducts: np,
            table,
        })
    }
}
