//! [`Panel`] ⇄ Arrow [`RecordBatch`], in the long and the wide layout of the CSV readers
//! ([`mfg_quality_indicators::io`]).

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, Int32Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use mfg_quality_indicators::{Panel, Period, Unit};

use crate::columns::{self, IntCol, NumCol, StrCol};
use crate::error::{ArrowError, Result};

/// Column `unit`: the unit code (Utf8, never null).
pub const UNIT: &str = "unit";
/// Column `indicator` of the long layout: the indicator id (Utf8, never null).
pub const INDICATOR: &str = "indicator";
/// Column `period`: the period (Int32, never null).
pub const PERIOD: &str = "period";
/// Column `value` of the long layout: the value (Float64, null = missing).
pub const VALUE: &str = "value";
/// Optional column `unit_name_en`: the unit's English name (Utf8, null = none).
pub const UNIT_NAME_EN: &str = "unit_name_en";
/// Optional column `unit_name_zh`: the unit's Chinese name (Utf8, null = none).
pub const UNIT_NAME_ZH: &str = "unit_name_zh";
/// Optional column `unit_group`: the unit's group (Utf8, null = none).
pub const UNIT_GROUP: &str = "unit_group";

const META: [&str; 3] = [UNIT_NAME_EN, UNIT_NAME_ZH, UNIT_GROUP];

// ---------------------------------------------------------------------------------------------------------
// writing

/// The metadata columns worth writing (a field that some unit has) and their values, one per row of `rows`.
fn meta_columns(panel: &Panel, rows: &[usize]) -> Vec<(Field, ArrayRef)> {
    let fields: [fn(&Unit) -> Option<&str>; 3] = [
        |u| Some(u.name_en.as_str()).filter(|s| !s.is_empty()),
        |u| Some(u.name_zh.as_str()).filter(|s| !s.is_empty()),
        |u| u.group.as_deref().filter(|s| !s.is_empty()),
    ];
    let units = panel.units();
    META.iter()
        .zip(fields)
        .filter(|(_, get)| units.iter().any(|u| get(u).is_some()))
        .map(|(name, get)| {
            let a: StringArray = rows.iter().map(|&u| get(&units[u])).collect();
            (
                Field::new(*name, DataType::Utf8, true),
                Arc::new(a) as ArrayRef,
            )
        })
        .collect()
}

fn batch(
    mut fields: Vec<Field>,
    mut arrays: Vec<ArrayRef>,
    meta: Vec<(Field, ArrayRef)>,
) -> Result<RecordBatch> {
    for (f, a) in meta {
        fields.push(f);
        arrays.push(a);
    }
    for (k, f) in fields.iter().enumerate() {
        if fields[..k].iter().any(|g| g.name() == f.name()) {
            return Err(ArrowError::DuplicateColumn {
                column: f.name().clone(),
            });
        }
    }
    Ok(RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)?)
}

/// The panel as a long record batch: one row per cell (every unit × indicator × period, periods outermost,
/// then indicators, then units — the panel order), columns `unit` (Utf8), `indicator` (Utf8), `period` (Int32),
/// `value` (Float64, null = missing), followed by `unit_name_en`, `unit_name_zh`, `unit_group` (Utf8,
/// nullable) for each of these fields that some unit has.
///
/// Writing every cell, missing ones as nulls, keeps the dimensions: [`panel_from_long_batch`] gives the
/// panel back, equal (values and missing mask).
///
/// # Errors
/// [`ArrowError::Arrow`] only if Arrow rejects the batch (it does not for a valid panel).
pub fn panel_to_long_batch(panel: &Panel) -> Result<RecordBatch> {
    let (nu, ni, np) = (panel.n_units(), panel.n_indicators(), panel.n_periods());
    let n = nu * ni * np;
    let rows: Vec<usize> = (0..n).map(|k| k % nu).collect();
    let units: StringArray = rows
        .iter()
        .map(|&u| Some(panel.units()[u].code.as_str()))
        .collect();
    let inds: StringArray = (0..n)
        .map(|k| Some(panel.indicators()[(k / nu) % ni].as_str()))
        .collect();
    let periods = Int32Array::from_iter_values((0..n).map(|k| panel.periods()[k / (nu * ni)]));
    let values: Float64Array = panel
        .raw_values()
        .iter()
        .zip(panel.raw_mask())
        .map(|(&v, &m)| m.then_some(v))
        .collect();
    batch(
        vec![
            Field::new(UNIT, DataType::Utf8, false),
            Field::new(INDICATOR, DataType::Utf8, false),
            Field::new(PERIOD, DataType::Int32, false),
            Field::new(VALUE, DataType::Float64, true),
        ],
        vec![
            Arc::new(units),
            Arc::new(inds),
            Arc::new(periods),
            Arc::new(values),
        ],
        meta_columns(panel, &rows),
    )
}

/// The panel as a wide record batch: one row per unit × period (periods outermost), columns `unit` (Utf8),
/// `period` (Int32), one Float64 column per indicator (named by its id, null = missing), then the unit
/// metadata columns as in [`panel_to_long_batch`].
///
/// # Errors
/// [`ArrowError::DuplicateColumn`] if an indicator is called `unit`, `period` or like a metadata column
/// that is written.
pub fn panel_to_wide_batch(panel: &Panel) -> Result<RecordBatch> {
    let (nu, np) = (panel.n_units(), panel.n_periods());
    let rows: Vec<usize> = (0..nu * np).map(|r| r % nu).collect();
    let units: StringArray = rows
        .iter()
        .map(|&u| Some(panel.units()[u].code.as_str()))
        .collect();
    let periods = Int32Array::from_iter_values((0..nu * np).map(|r| panel.periods()[r / nu]));
    let mut fields = vec![
        Field::new(UNIT, DataType::Utf8, false),
        Field::new(PERIOD, DataType::Int32, false),
    ];
    let mut arrays: Vec<ArrayRef> = vec![Arc::new(units), Arc::new(periods)];
    for (i, id) in panel.indicators().iter().enumerate() {
        let col: Float64Array = (0..np)
            .flat_map(|p| {
                panel
                    .column(i, p)
                    .iter()
                    .zip(panel.column_mask(i, p))
                    .map(|(&v, &m)| m.then_some(v))
            })
            .collect();
        fields.push(Field::new(id, DataType::Float64, true));
        arrays.push(Arc::new(col));
    }
    batch(fields, arrays, meta_columns(panel, &rows))
}

// ---------------------------------------------------------------------------------------------------------
// reading

/// Ids in first-appearance order.
#[derive(Default)]
struct Interner {
    index: HashMap<String, usize>,
    names: Vec<String>,
}

impl Interner {
    fn get(&mut self, s: &str) -> usize {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        self.index.insert(s.to_string(), self.names.len());
        self.names.push(s.to_string());
        self.names.len() - 1
    }
}

/// Units in first-appearance order with their metadata (first non-blank value kept; a different one is an error).
#[derive(Default)]
struct Units {
    codes: Interner,
    units: Vec<Unit>,
}

struct MetaCols<'a>(Vec<(&'static str, StrCol<'a>)>);

impl<'a> MetaCols<'a> {
    fn find(batch: &'a RecordBatch) -> Result<Self> {
        let mut cols = Vec::new();
        for name in META {
            if let Some(c) = columns::find(batch, name) {
                cols.push((name, StrCol::new(batch, c)?));
            }
        }
        Ok(MetaCols(cols))
    }

    fn is_meta(batch: &RecordBatch, c: usize) -> bool {
        META.iter().any(|m| columns::find(batch, m) == Some(c))
    }
}

impl Units {
    fn get(&mut self, code: &str, meta: &MetaCols<'_>, i: usize) -> Result<usize> {
        let u = self.codes.get(code);
        if u == self.units.len() {
            self.units.push(Unit::new(code));
        }
        let unit = &mut self.units[u];
        for (name, col) in &meta.0 {
            let Some(v) = col.get(i) else { continue };
            let mut group = unit.group.take().unwrap_or_default();
            let slot = match *name {
                UNIT_NAME_EN => &mut unit.name_en,
                UNIT_NAME_ZH => &mut unit.name_zh,
                _ => &mut group,
            };
            let r = if slot.is_empty() {
                *slot = v.to_string();
                Ok(())
            } else if slot != v {
                Err(ArrowError::ConflictingMetadata {
                    column: name.to_string(),
                    unit: code.to_string(),
                    found: v.to_string(),
                    earlier: slot.clone(),
                })
            } else {
                Ok(())
            };
            unit.group = (!group.is_empty()).then_some(group);
            r?;
        }
        Ok(u)
    }
}

/// One cell read: unit, indicator, period, value (`None` = missing).
struct Entry {
    unit: usize,
    indicator: usize,
    period: Period,
    value: Option<f64>,
}

fn checked(value: Option<f64>, unit: &str, indicator: &str, period: Period) -> Result<Option<f64>> {
    match value {
        Some(v) if !v.is_finite() => Err(ArrowError::NonFinite {
            unit: unit.to_string(),
            indicator: indicator.to_string(),
            period,
            value: v,
        }),
        v => Ok(v),
    }
}

fn assemble(units: Units, indicators: Interner, entries: &[Entry]) -> Result<Panel> {
    let mut periods: Vec<Period> = entries.iter().map(|e| e.period).collect();
    periods.sort_unstable();
    periods.dedup();
    let mut b = Panel::builder(units.units, indicators.names, periods.clone())?;
    for e in entries {
        let p = periods.binary_search(&e.period).unwrap_or_default();
        match e.value {
            Some(v) => b.set_at(e.unit, e.indicator, p, v)?,
            None => b.set_missing_at(e.unit, e.indicator, p)?,
        }
    }
    Ok(b.build())
}

/// A panel from a long record batch (see [`panel_from_long_batches`]).
///
/// # Errors
/// As [`panel_from_long_batches`].
pub fn panel_from_long_batch(batch: &RecordBatch) -> Result<Panel> {
    panel_from_long_batches([batch])
}

/// A panel from long record batches (as read from a Parquet file): columns `unit`, `indicator` (Utf8,
/// LargeUtf8 or Utf8View), `period` (Int32 or Int64), `value` (Float64, Float32, Int32 or Int64; null =
/// missing), optional `unit_name_en`, `unit_name_zh`, `unit_group`, other columns ignored; names matched
/// case-insensitively after trimming, as by the long CSV reader. Units and indicators come in order of
/// first appearance, periods sorted. A cell absent from the batches is missing.
///
/// # Errors
/// [`ArrowError::MissingColumn`], [`ArrowError::WrongType`], [`ArrowError::NullKey`] (a null or blank
/// unit, indicator or period), [`ArrowError::PeriodOutOfRange`], [`ArrowError::NonFinite`] (NaN/Inf in a
/// non-null value), [`ArrowError::ConflictingMetadata`], [`ArrowError::Indicators`] for a duplicate cell
/// or no rows at all.
pub fn panel_from_long_batches<'a>(
    batches: impl IntoIterator<Item = &'a RecordBatch>,
) -> Result<Panel> {
    let mut units = Units::default();
    let mut inds = Interner::default();
    let mut entries = Vec::new();
    let mut row0 = 0;
    for batch in batches {
        let cu = StrCol::new(batch, columns::require(batch, UNIT)?)?;
        let ci = StrCol::new(batch, columns::require(batch, INDICATOR)?)?;
        let cp = IntCol::new(batch, columns::require(batch, PERIOD)?)?;
        let cv = NumCol::new(batch, columns::require(batch, VALUE)?)?;
        let meta = MetaCols::find(batch)?;
        for r in 0..batch.num_rows() {
            let row = row0 + r;
            let code = columns::key(&cu, UNIT, r, row)?;
            let id = columns::key(&ci, INDICATOR, r, row)?;
            let period = columns::period(&cp, PERIOD, r, row)?;
            let value = checked(cv.get(r), code, id, period)?;
            entries.push(Entry {
                unit: units.get(code, &meta, r)?,
                indicator: inds.get(id),
                period,
                value,
            });
        }
        row0 += batch.num_rows();
    }
    assemble(units, inds, &entries)
}

/// A panel from a wide record batch (see [`panel_from_wide_batches`]).
///
/// # Errors
/// As [`panel_from_wide_batches`].
pub fn panel_from_wide_batch(batch: &RecordBatch) -> Result<Panel> {
    panel_from_wide_batches([batch])
}

/// A panel from wide record batches: columns `unit` (Utf8, LargeUtf8 or Utf8View), `period` (Int32 or
/// Int64), optional `unit_name_en`, `unit_name_zh`, `unit_group`, and every other column an indicator
/// (Float64, Float32, Int32 or Int64; null = missing), in column order. A unit × period without a row is
/// missing.
///
/// # Errors
/// As [`panel_from_long_batches`]; a repeated unit × period is a duplicate cell.
pub fn panel_from_wide_batches<'a>(
    batches: impl IntoIterator<Item = &'a RecordBatch>,
) -> Result<Panel> {
    let mut units = Units::default();
    let mut inds = Interner::default();
    let mut entries = Vec::new();
    let mut row0 = 0;
    for batch in batches {
        let (c_unit, c_per) = (
            columns::require(batch, UNIT)?,
            columns::require(batch, PERIOD)?,
        );
        let cu = StrCol::new(batch, c_unit)?;
        let cp = IntCol::new(batch, c_per)?;
        let meta = MetaCols::find(batch)?;
        let schema = batch.schema();
        let mut cols = Vec::new();
        for (c, f) in schema.fields().iter().enumerate() {
            if c != c_unit && c != c_per && !MetaCols::is_meta(batch, c) {
                cols.push((inds.get(f.name().trim()), NumCol::new(batch, c)?));
            }
        }
        for r in 0..batch.num_rows() {
            let row = row0 + r;
            let code = columns::key(&cu, UNIT, r, row)?;
            let period = columns::period(&cp, PERIOD, r, row)?;
            let unit = units.get(code, &meta, r)?;
            for (i, col) in &cols {
                let value = checked(col.get(r), code, &inds.names[*i], period)?;
                entries.push(Entry {
                    unit,
                    indicator: *i,
                    period,
                    value,
                });
            }
        }
        row0 += batch.num_rows();
    }
    assemble(units, inds, &entries)
}
