//! Panel data: units × indicators × periods, dense column-major `f64` with an explicit missing mask.
//!
//! Layout: for period `p`, indicator `i` and unit `u` the cell is at
//! `(p · n_indicators + i) · n_units + u`, so each (indicator, period) column is a contiguous slice of
//! `n_units` values ([`Panel::column`]), and each period is a contiguous column-major
//! `n_units × n_indicators` matrix ([`Panel::period_values`]). Missing cells are `false` in the mask and hold
//! `0.0` in the value array (never NaN); NaN or ±Inf is rejected at construction.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{IndicatorsError, Result};

/// A period (year). Periods are integers so that interpolation and growth rates have a time axis.
pub type Period = i32;

/// A unit of observation (country, province, industry, firm) with its metadata.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Unique code (e.g. ISO code `CN`, `CN-GD`).
    pub code: String,
    /// English name.
    #[serde(default)]
    pub name_en: String,
    /// Chinese name.
    #[serde(default)]
    pub name_zh: String,
    /// Group (region, income group), if any.
    #[serde(default)]
    pub group: Option<String>,
}

impl Unit {
    /// A unit with only a code.
    pub fn new(code: impl Into<String>) -> Self {
        Unit {
            code: code.into(),
            name_en: String::new(),
            name_zh: String::new(),
            group: None,
        }
    }

    /// Sets the names.
    pub fn with_names(mut self, name_en: impl Into<String>, name_zh: impl Into<String>) -> Self {
        self.name_en = name_en.into();
        self.name_zh = name_zh.into();
        self
    }

    /// Sets the group.
    pub fn with_group(mut self, group: impl Into<String>) -> Self {
        self.group = Some(group.into());
        self
    }
}

/// One observed cell of a panel, as produced by [`Panel::cells`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell<'a> {
    /// Unit code.
    pub unit: &'a str,
    /// Indicator id.
    pub indicator: &'a str,
    /// Period.
    pub period: Period,
    /// Value.
    pub value: f64,
}

/// Units × indicators × periods of `f64` with a missing mask. See the [module docs](self).
///
/// ```
/// use mfg_quality_indicators::{Panel, Unit};
/// let mut b = Panel::builder(
///     vec![Unit::new("CN"), Unit::new("US")],
///     vec!["qe".to_string()],
///     vec![2014, 2015],
/// ).unwrap();
/// b.set("CN", "qe", 2015, 12.62).unwrap();
/// b.set("US", "qe", 2015, 53.97).unwrap();
/// let panel = b.build();
/// assert_eq!(panel.value("US", "qe", 2015).unwrap(), Some(53.97));
/// assert_eq!(panel.value("US", "qe", 2014).unwrap(), None);
/// assert_eq!(panel.column(0, 1), &[12.62, 53.97]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "PanelData", into = "PanelData")]
pub struct Panel {
    units: Vec<Unit>,
    indicators: Vec<String>,
    periods: Vec<Period>,
    values: Vec<f64>,
    present: Vec<bool>,
    unit_index: HashMap<String, usize>,
    indicator_index: HashMap<String, usize>,
    period_index: HashMap<Period, usize>,
}

/// The serialised form of a [`Panel`]: dimensions plus values in panel order, `null` for missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PanelData {
    /// Units.
    pub units: Vec<Unit>,
    /// Indicator ids.
    pub indicators: Vec<String>,
    /// Periods.
    pub periods: Vec<Period>,
    /// Values in panel order (`(p · n_indicators + i) · n_units + u`), `None` = missing.
    pub values: Vec<Option<f64>>,
}

impl TryFrom<PanelData> for Panel {
    type Error = IndicatorsError;
    fn try_from(d: PanelData) -> Result<Self> {
        let present: Vec<bool> = d.values.iter().map(Option::is_some).collect();
        let values: Vec<f64> = d.values.iter().map(|v| v.unwrap_or(0.0)).collect();
        Panel::from_dense(d.units, d.indicators, d.periods, values, present)
    }
}

impl From<Panel> for PanelData {
    fn from(p: Panel) -> Self {
        let values = p
            .values
            .iter()
            .zip(&p.present)
            .map(|(&v, &m)| m.then_some(v))
            .collect();
        PanelData {
            units: p.units,
            indicators: p.indicators,
            periods: p.periods,
            values,
        }
    }
}

fn index_of<K: std::hash::Hash + Eq + Clone>(
    keys: &[K],
    kind: &'static str,
    show: impl Fn(&K) -> String,
) -> Result<HashMap<K, usize>> {
    let mut map = HashMap::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        if map.insert(k.clone(), i).is_some() {
            return Err(IndicatorsError::DuplicateId { kind, id: show(k) });
        }
    }
    Ok(map)
}

impl Panel {
    /// Starts a panel with the given dimensions and every cell missing.
    ///
    /// # Errors
    /// [`IndicatorsError::EmptyDimension`], [`IndicatorsError::EmptyId`] or
    /// [`IndicatorsError::DuplicateId`].
    pub fn builder(
        units: Vec<Unit>,
        indicators: Vec<String>,
        periods: Vec<Period>,
    ) -> Result<PanelBuilder> {
        let n = units.len() * indicators.len() * periods.len();
        let panel = Panel::from_dense(units, indicators, periods, vec![0.0; n], vec![false; n])?;
        Ok(PanelBuilder {
            panel,
            set: vec![false; n],
        })
    }

    /// A panel from dense arrays in panel order (see the [module docs](self)).
    ///
    /// # Errors
    /// Dimension errors as [`Panel::builder`], [`IndicatorsError::Shape`] if an array has the wrong
    /// length, [`IndicatorsError::NonFinite`] for a NaN/Inf in a present cell.
    pub fn from_dense(
        units: Vec<Unit>,
        indicators: Vec<String>,
        periods: Vec<Period>,
        mut values: Vec<f64>,
        present: Vec<bool>,
    ) -> Result<Self> {
        if units.is_empty() {
            return Err(IndicatorsError::EmptyDimension { dimension: "unit" });
        }
        if indicators.is_empty() {
            return Err(IndicatorsError::EmptyDimension {
                dimension: "indicator",
            });
        }
        if periods.is_empty() {
            return Err(IndicatorsError::EmptyDimension {
                dimension: "period",
            });
        }
        if units.iter().any(|u| u.code.trim().is_empty()) {
            return Err(IndicatorsError::EmptyId { kind: "unit" });
        }
        if indicators.iter().any(|i| i.trim().is_empty()) {
            return Err(IndicatorsError::EmptyId { kind: "indicator" });
        }
        let codes: Vec<String> = units.iter().map(|u| u.code.clone()).collect();
        let unit_index = index_of(&codes, "unit", String::clone)?;
        let indicator_index = index_of(&indicators, "indicator", String::clone)?;
        let period_index = index_of(&periods, "period", i32::to_string)?;
        let n = units.len() * indicators.len() * periods.len();
        for (what, got) in [("values", values.len()), ("present", present.len())] {
            if got != n {
                return Err(IndicatorsError::Shape {
                    what: what.into(),
                    got,
                    expected: n,
                });
            }
        }
        let (nu, ni) = (units.len(), indicators.len());
        for (k, (v, &m)) in values.iter_mut().zip(&present).enumerate() {
            if !m {
                *v = 0.0;
            } else if !v.is_finite() {
                return Err(IndicatorsError::NonFinite {
                    unit: units[k % nu].code.clone(),
                    indicator: indicators[(k / nu) % ni].clone(),
                    period: periods[k / (nu * ni)],
                    value: *v,
                });
            }
        }
        Ok(Panel {
            units,
            indicators,
            periods,
            values,
            present,
            unit_index,
            indicator_index,
            period_index,
        })
    }

    /// Number of units.
    pub fn n_units(&self) -> usize {
        self.units.len()
    }

    /// Number of indicators.
    pub fn n_indicators(&self) -> usize {
        self.indicators.len()
    }

    /// Number of periods.
    pub fn n_periods(&self) -> usize {
        self.periods.len()
    }

    /// The units, in panel order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The indicator ids, in panel order.
    pub fn indicators(&self) -> &[String] {
        &self.indicators
    }

    /// The periods, in panel order.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// Index of a unit code.
    pub fn unit_index(&self, code: &str) -> Option<usize> {
        self.unit_index.get(code).copied()
    }

    /// Index of an indicator id.
    pub fn indicator_index(&self, id: &str) -> Option<usize> {
        self.indicator_index.get(id).copied()
    }

    /// Index of a period.
    pub fn period_index(&self, period: Period) -> Option<usize> {
        self.period_index.get(&period).copied()
    }

    /// Index of a unit code or [`IndicatorsError::UnknownUnit`].
    pub fn require_unit(&self, code: &str) -> Result<usize> {
        self.unit_index(code)
            .ok_or_else(|| IndicatorsError::UnknownUnit {
                unit: code.to_string(),
            })
    }

    /// Index of an indicator or [`IndicatorsError::UnknownIndicator`].
    pub fn require_indicator(&self, id: &str) -> Result<usize> {
        self.indicator_index(id)
            .ok_or_else(|| IndicatorsError::UnknownIndicator {
                indicator: id.to_string(),
            })
    }

    /// Index of a period or [`IndicatorsError::UnknownPeriod`].
    pub fn require_period(&self, period: Period) -> Result<usize> {
        self.period_index(period)
            .ok_or(IndicatorsError::UnknownPeriod { period })
    }

    #[inline]
    fn offset(&self, unit: usize, indicator: usize, period: usize) -> usize {
        (period * self.indicators.len() + indicator) * self.units.len() + unit
    }

    /// The value at (unit, indicator, period) indices, `None` if missing.
    ///
    /// # Panics
    /// If an index is out of range.
    #[inline]
    pub fn get(&self, unit: usize, indicator: usize, period: usize) -> Option<f64> {
        let k = self.offset(unit, indicator, period);
        self.present[k].then(|| self.values[k])
    }

    /// The value by names, `Ok(None)` if missing.
    ///
    /// # Errors
    /// Unknown unit, indicator or period.
    pub fn value(&self, unit: &str, indicator: &str, period: Period) -> Result<Option<f64>> {
        Ok(self.get(
            self.require_unit(unit)?,
            self.require_indicator(indicator)?,
            self.require_period(period)?,
        ))
    }

    /// Sets or clears (with `None`) a cell by index.
    ///
    /// # Errors
    /// [`IndicatorsError::NonFinite`] for NaN/Inf.
    pub fn set(
        &mut self,
        unit: usize,
        indicator: usize,
        period: usize,
        value: Option<f64>,
    ) -> Result<()> {
        let k = self.offset(unit, indicator, period);
        match value {
            Some(v) if !v.is_finite() => Err(IndicatorsError::NonFinite {
                unit: self.units[unit].code.clone(),
                indicator: self.indicators[indicator].clone(),
                period: self.periods[period],
                value: v,
            }),
            Some(v) => {
                self.values[k] = v;
                self.present[k] = true;
                Ok(())
            }
            None => {
                self.values[k] = 0.0;
                self.present[k] = false;
                Ok(())
            }
        }
    }

    /// The contiguous values of one (indicator, period) column, one per unit (missing cells hold 0.0:
    /// read [`Panel::column_mask`]).
    pub fn column(&self, indicator: usize, period: usize) -> &[f64] {
        let s = self.offset(0, indicator, period);
        &self.values[s..s + self.units.len()]
    }

    /// The presence mask of one (indicator, period) column.
    pub fn column_mask(&self, indicator: usize, period: usize) -> &[bool] {
        let s = self.offset(0, indicator, period);
        &self.present[s..s + self.units.len()]
    }

    /// The column-major `n_units × n_indicators` matrix of one period.
    pub fn period_values(&self, period: usize) -> &[f64] {
        let n = self.units.len() * self.indicators.len();
        &self.values[period * n..(period + 1) * n]
    }

    /// The presence mask of one period, aligned with [`Panel::period_values`].
    pub fn period_mask(&self, period: usize) -> &[bool] {
        let n = self.units.len() * self.indicators.len();
        &self.present[period * n..(period + 1) * n]
    }

    /// All values in panel order (missing cells hold 0.0).
    pub fn raw_values(&self) -> &[f64] {
        &self.values
    }

    /// The whole presence mask in panel order.
    pub fn raw_mask(&self) -> &[bool] {
        &self.present
    }

    /// Whether no cell is missing.
    pub fn is_complete(&self) -> bool {
        self.present.iter().all(|&m| m)
    }

    /// Number of missing cells.
    pub fn missing_count(&self) -> usize {
        self.present.iter().filter(|&&m| !m).count()
    }

    /// Share of present cells per unit in one period (over all indicators), in unit order.
    pub fn availability_by_unit(&self, period: usize) -> Vec<f64> {
        let (nu, ni) = (self.units.len(), self.indicators.len());
        let mask = self.period_mask(period);
        (0..nu)
            .map(|u| (0..ni).filter(|&i| mask[i * nu + u]).count() as f64 / ni as f64)
            .collect()
    }

    /// Share of present cells per indicator in one period (over all units), in indicator order.
    pub fn availability_by_indicator(&self, period: usize) -> Vec<f64> {
        let nu = self.units.len();
        let mask = self.period_mask(period);
        mask.chunks(nu)
            .map(|c| c.iter().filter(|&&m| m).count() as f64 / nu as f64)
            .collect()
    }

    /// Every present cell, in panel order (periods, then indicators, then units).
    pub fn cells(&self) -> impl Iterator<Item = Cell<'_>> + '_ {
        let (nu, ni) = (self.units.len(), self.indicators.len());
        self.values
            .iter()
            .zip(&self.present)
            .enumerate()
            .filter(|(_, (_, m))| **m)
            .map(move |(k, (&v, _))| Cell {
                unit: &self.units[k % nu].code,
                indicator: &self.indicators[(k / nu) % ni],
                period: self.periods[k / (nu * ni)],
                value: v,
            })
    }

    /// A new panel with a subset (or reordering) of units, indicators and periods, given by index.
    ///
    /// # Errors
    /// [`IndicatorsError::EmptyDimension`] or [`IndicatorsError::DuplicateId`] for repeated indices.
    ///
    /// # Panics
    /// If an index is out of range.
    pub fn select(
        &self,
        units: &[usize],
        indicators: &[usize],
        periods: &[usize],
    ) -> Result<Panel> {
        let n = units.len() * indicators.len() * periods.len();
        let mut values = Vec::with_capacity(n);
        let mut present = Vec::with_capacity(n);
        for &p in periods {
            for &i in indicators {
                for &u in units {
                    let k = self.offset(u, i, p);
                    values.push(self.values[k]);
                    present.push(self.present[k]);
                }
            }
        }
        Panel::from_dense(
            units.iter().map(|&u| self.units[u].clone()).collect(),
            indicators
                .iter()
                .map(|&i| self.indicators[i].clone())
                .collect(),
            periods.iter().map(|&p| self.periods[p]).collect(),
            values,
            present,
        )
    }

    /// The panel restricted to the given periods (in the given order).
    ///
    /// # Errors
    /// [`IndicatorsError::UnknownPeriod`], or as [`Panel::select`].
    pub fn slice_periods(&self, periods: &[Period]) -> Result<Panel> {
        let ps = periods
            .iter()
            .map(|&p| self.require_period(p))
            .collect::<Result<Vec<_>>>()?;
        self.select(
            &(0..self.n_units()).collect::<Vec<_>>(),
            &(0..self.n_indicators()).collect::<Vec<_>>(),
            &ps,
        )
    }

    /// The panel restricted to the given indicators (in the given order), e.g. a framework's
    /// [`crate::Framework::indicator_ids`].
    ///
    /// # Errors
    /// [`IndicatorsError::UnknownIndicator`], or as [`Panel::select`].
    pub fn select_indicators<S: AsRef<str>>(&self, ids: &[S]) -> Result<Panel> {
        let is = ids
            .iter()
            .map(|s| self.require_indicator(s.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        self.select(
            &(0..self.n_units()).collect::<Vec<_>>(),
            &is,
            &(0..self.n_periods()).collect::<Vec<_>>(),
        )
    }

    /// The panel restricted to the given units (in the given order).
    ///
    /// # Errors
    /// [`IndicatorsError::UnknownUnit`], or as [`Panel::select`].
    pub fn select_units<S: AsRef<str>>(&self, codes: &[S]) -> Result<Panel> {
        let us = codes
            .iter()
            .map(|s| self.require_unit(s.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        self.select(
            &us,
            &(0..self.n_indicators()).collect::<Vec<_>>(),
            &(0..self.n_periods()).collect::<Vec<_>>(),
        )
    }

    /// Replaces the units' metadata (e.g. to attach groups); codes must stay the same.
    ///
    /// # Errors
    /// [`IndicatorsError::Shape`] if the count differs, [`IndicatorsError::UnknownUnit`] if a code differs.
    pub fn set_unit_metadata(&mut self, units: Vec<Unit>) -> Result<()> {
        if units.len() != self.units.len() {
            return Err(IndicatorsError::Shape {
                what: "units".into(),
                got: units.len(),
                expected: self.units.len(),
            });
        }
        if let Some((new, _)) = units
            .iter()
            .zip(&self.units)
            .find(|(a, b)| a.code != b.code)
        {
            return Err(IndicatorsError::UnknownUnit {
                unit: new.code.clone(),
            });
        }
        self.units = units;
        Ok(())
    }
}

/// Fills a [`Panel`] cell by cell; obtained from [`Panel::builder`].
#[derive(Debug, Clone)]
pub struct PanelBuilder {
    panel: Panel,
    set: Vec<bool>,
}

impl PanelBuilder {
    /// Sets a cell by names.
    ///
    /// # Errors
    /// Unknown unit/indicator/period, [`IndicatorsError::NonFinite`], or
    /// [`IndicatorsError::DuplicateCell`] if the cell was already set.
    pub fn set(&mut self, unit: &str, indicator: &str, period: Period, value: f64) -> Result<()> {
        let u = self.panel.require_unit(unit)?;
        let i = self.panel.require_indicator(indicator)?;
        let p = self.panel.require_period(period)?;
        self.set_at(u, i, p, value)
    }

    /// Sets a cell by indices.
    ///
    /// # Errors
    /// [`IndicatorsError::NonFinite`] or [`IndicatorsError::DuplicateCell`].
    ///
    /// # Panics
    /// If an index is out of range.
    pub fn set_at(
        &mut self,
        unit: usize,
        indicator: usize,
        period: usize,
        value: f64,
    ) -> Result<()> {
        let k = self.panel.offset(unit, indicator, period);
        if self.set[k] {
            return Err(IndicatorsError::DuplicateCell {
                unit: self.panel.units[unit].code.clone(),
                indicator: self.panel.indicators[indicator].clone(),
                period: self.panel.periods[period],
            });
        }
        self.panel.set(unit, indicator, period, Some(value))?;
        self.set[k] = true;
        Ok(())
    }

    /// Marks a cell as explicitly missing (a blank cell); a later value for it is a duplicate.
    ///
    /// # Errors
    /// [`IndicatorsError::DuplicateCell`].
    pub fn set_missing_at(&mut self, unit: usize, indicator: usize, period: usize) -> Result<()> {
        let k = self.panel.offset(unit, indicator, period);
        if self.set[k] {
            return Err(IndicatorsError::DuplicateCell {
                unit: self.panel.units[unit].code.clone(),
                indicator: self.panel.indicators[indicator].clone(),
                period: self.panel.periods[period],
            });
        }
        self.set[k] = true;
        Ok(())
    }

    /// The dimensions so far (read-only view of the panel being built).
    pub fn panel(&self) -> &Panel {
        &self.panel
    }

    /// Finishes the panel; cells never set are missing.
    pub fn build(self) -> Panel {
        self.panel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Panel {
        let mut b = Panel::builder(
            vec![Unit::new("A"), Unit::new("B"), Unit::new("C")],
            vec!["x".into(), "y".into()],
            vec![2014, 2015],
        )
        .unwrap();
        b.set("A", "x", 2014, 1.0).unwrap();
        b.set("B", "x", 2014, 2.0).unwrap();
        b.set("C", "y", 2015, 3.0).unwrap();
        b.build()
    }

    #[test]
    fn layout_and_access() {
        let p = small();
        assert_eq!(p.column(0, 0), &[1.0, 2.0, 0.0]);
        assert_eq!(p.column_mask(0, 0), &[true, true, false]);
        assert_eq!(p.get(2, 1, 1), Some(3.0));
        assert_eq!(p.period_values(1), &[0.0, 0.0, 0.0, 0.0, 0.0, 3.0]);
        assert_eq!(p.availability_by_indicator(0), vec![2.0 / 3.0, 0.0]);
        assert_eq!(p.availability_by_unit(1), vec![0.0, 0.0, 0.5]);
        assert_eq!(p.missing_count(), 9);
        let cells: Vec<_> = p.cells().map(|c| (c.unit, c.indicator, c.period)).collect();
        assert_eq!(
            cells,
            vec![("A", "x", 2014), ("B", "x", 2014), ("C", "y", 2015)]
        );
    }

    #[test]
    fn slicing() {
        let p = small();
        let s = p.slice_periods(&[2015]).unwrap();
        assert_eq!(s.n_periods(), 1);
        assert_eq!(s.value("C", "y", 2015).unwrap(), Some(3.0));
        let s = p.select_indicators(&["y"]).unwrap();
        assert_eq!(s.indicators(), &["y".to_string()]);
        let s = p.select_units(&["B"]).unwrap();
        assert_eq!(s.value("B", "x", 2014).unwrap(), Some(2.0));
        assert!(matches!(
            p.slice_periods(&[1999]),
            Err(IndicatorsError::UnknownPeriod { period: 1999 })
        ));
    }

    #[test]
    fn errors() {
        let mut b = Panel::builder(vec![Unit::new("A")], vec!["x".into()], vec![1]).unwrap();
        assert!(matches!(
            b.set("A", "x", 1, f64::NAN),
            Err(IndicatorsError::NonFinite { .. })
        ));
        b.set("A", "x", 1, 1.0).unwrap();
        assert!(matches!(
            b.set("A", "x", 1, 2.0),
            Err(IndicatorsError::DuplicateCell { .. })
        ));
        assert!(matches!(
            b.set("Z", "x", 1, 2.0),
            Err(IndicatorsError::UnknownUnit { .. })
        ));
        assert!(matches!(
            Panel::builder(
                vec![Unit::new("A"), Unit::new("A")],
                vec!["x".into()],
                vec![1]
            ),
            Err(IndicatorsError::DuplicateId { kind: "unit", .. })
        ));
        assert!(matches!(
            Panel::builder(vec![], vec!["x".into()], vec![1]),
            Err(IndicatorsError::EmptyDimension { dimension: "unit" })
        ));
    }

    #[test]
    fn serde_round_trip() {
        let p = small();
        let json = serde_json::to_string(&p).unwrap();
        let q: Panel = serde_json::from_str(&json).unwrap();
        assert_eq!(p, q);
    }
}
