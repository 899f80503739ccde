//! Outputs of `mfg-quality-elasticity` as tidy record batches and Parquet files: aggregated trade
//! [`Cells`], quality [`SegmentTable`]s and the industry classes of the elasticity regression
//! ([`IndustryElasticity`]).

use std::path::Path;
use std::sync::Arc;

use arrow_array::types::UInt32Type;
use arrow_array::{
    ArrayRef, DictionaryArray, Float64Array, RecordBatch, StringArray, UInt16Array, UInt32Array,
    UInt64Array,
};
use arrow_schema::{DataType, Field, Schema};
use mfg_quality_elasticity::Cells;
use mfg_quality_elasticity::quality_elasticity::{IndustryElasticity, Outcome};
use mfg_quality_elasticity::segments::SegmentTable;

use crate::error::Result;
use crate::parquet::{write_bytes, write_path};
use crate::uncertainty::f64_col;

fn dictionary(ids: &[u32], names: &[String]) -> Result<ArrayRef> {
    let values = Arc::new(StringArray::from_iter_values(names));
    Ok(Arc::new(DictionaryArray::<UInt32Type>::try_new(
        UInt32Array::from(ids.to_vec()),
        values,
    )?))
}

/// The cells in their order (year, product, exporter): `year` (UInt16), `exporter` and `product`
/// (dictionary-encoded Utf8 with UInt32 keys: the cells' interned ids, the dictionaries of
/// [`Cells::countries`] and [`Cells::products`]), `value` and `quantity` (Float64, Σ over the cell's flows)
/// and `flows` (UInt32, the number of flows). For import cells the `exporter` column holds the importer.
///
/// # Errors
/// [`ArrowError::Arrow`](crate::ArrowError::Arrow) only if the batch cannot be built.
pub fn cells_to_batch(cells: &Cells) -> Result<RecordBatch> {
    let dict = || DataType::Dictionary(Box::new(DataType::UInt32), Box::new(DataType::Utf8));
    let schema = Schema::new(vec![
        Field::new("year", DataType::UInt16, false),
        Field::new("exporter", dict(), false),
        Field::new("product", dict(), false),
        Field::new("value", DataType::Float64, false),
        Field::new("quantity", DataType::Float64, false),
        Field::new("flows", DataType::UInt32, false),
    ]);
    Ok(RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(UInt16Array::from(cells.years().to_vec())),
            dictionary(cells.exporters(), cells.countries().names())?,
            dictionary(cells.product_ids(), cells.products().names())?,
            Arc::new(Float64Array::from(cells.values().to_vec())),
            Arc::new(Float64Array::from(cells.quantities().to_vec())),
            Arc::new(UInt32Array::from(cells.flow_counts().to_vec())),
        ],
    )?)
}

/// The rows of [`SegmentTable::rows`] (and of its CSV): `exporter`, `industry` (Utf8; `all` for the
/// exporter's total), `year` (UInt16), `high`, `medium`, `low` (Float64, value shares of the up-, medium-
/// and down-market segments) and `value` (Float64, the value classified).
///
/// # Errors
/// [`ArrowError::Arrow`](crate::ArrowError::Arrow) only if the batch cannot be built.
pub fn segments_to_batch(table: &SegmentTable) -> Result<RecordBatch> {
    let rows = table.rows();
    let schema = Schema::new(vec![
        Field::new("exporter", DataType::Utf8, false),
        Field::new("industry", DataType::Utf8, false),
        Field::new("year", DataType::UInt16, false),
        Field::new("high", DataType::Float64, true),
        Field::new("medium", DataType::Float64, true),
        Field::new("low", DataType::Float64, true),
        Field::new("value", DataType::Float64, true),
    ]);
    Ok(RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(StringArray::from_iter_values(
                rows.iter().map(|r| &r.exporter),
            )),
            Arc::new(StringArray::from_iter_values(
                rows.iter().map(|r| &r.industry),
            )),
            Arc::new(UInt16Array::from_iter_values(rows.iter().map(|r| r.year))),
            f64_col(rows.iter().map(|r| r.shares.high)),
            f64_col(rows.iter().map(|r| r.shares.medium)),
            f64_col(rows.iter().map(|r| r.shares.low)),
            f64_col(rows.iter().map(|r| r.shares.value)),
        ],
    )?)
}

/// One row per industry and period, in the given order: `industry`, `period` (Utf8), `class` (Utf8, the
/// [`QualityClass::label`](mfg_quality_elasticity::quality_elasticity::QualityClass::label):
/// `quality-sensitive`, `neutral`, `price-sensitive`; null when not classified), the regression's `slope`,
/// `std_error`, `t`, `p_value`, `r_squared_within` (Float64) and `n`, `df`, `groups`, `exporters`
/// (UInt64) — null when not classified or not finite — and `reason` (Utf8, why it was not classified, else
/// null).
///
/// # Errors
/// [`ArrowError::Arrow`](crate::ArrowError::Arrow) only if the batch cannot be built.
pub fn classes_to_batch(results: &[IndustryElasticity]) -> Result<RecordBatch> {
    let float = |name: &str| Field::new(name, DataType::Float64, true);
    let count = |name: &str| Field::new(name, DataType::UInt64, true);
    let schema = Schema::new(vec![
        Field::new("industry", DataType::Utf8, false),
        Field::new("period", DataType::Utf8, false),
        Field::new("class", DataType::Utf8, true),
        float("slope"),
        float("std_error"),
        float("t"),
        float("p_value"),
        float("r_squared_within"),
        count("n"),
        count("df"),
        count("groups"),
        count("exporters"),
        Field::new("reason", DataType::Utf8, true),
    ]);
    let est = |f: fn(&mfg_quality_elasticity::quality_elasticity::Estimate) -> f64| {
        Arc::new(
            results
                .iter()
                .map(|r| r.estimate().map(f).and_then(crate::uncertainty::finite))
                .collect::<Float64Array>(),
        ) as ArrayRef
    };
    let num = |f: fn(&mfg_quality_elasticity::quality_elasticity::Estimate) -> usize| {
        Arc::new(
            results
                .iter()
                .map(|r| r.estimate().map(|e| f(e) as u64))
                .collect::<UInt64Array>(),
        ) as ArrayRef
    };
    Ok(RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(StringArray::from_iter_values(
                results.iter().map(|r| &r.industry),
            )),
            Arc::new(StringArray::from_iter_values(
                results.iter().map(|r| &r.period),
            )),
            Arc::new(
                results
                    .iter()
                    .map(|r| r.class().map(|c| c.label()))
                    .collect::<StringArray>(),
            ),
            est(|e| e.slope),
            est(|e| e.std_error),
            est(|e| e.t),
            est(|e| e.p_value),
            est(|e| e.r_squared_within),
            num(|e| e.n),
            num(|e| e.df),
            num(|e| e.groups),
            num(|e| e.exporters),
            Arc::new(
                results
                    .iter()
                    .map(|r| match &r.outcome {
                        Outcome::NotClassified { reason } => Some(reason.as_str()),
                        Outcome::Classified { .. } => None,
                    })
                    .collect::<StringArray>(),
            ),
        ],
    )?)
}

/// Writes [`cells_to_batch`] as a Snappy-compressed Parquet file.
///
/// # Errors
/// [`ArrowError::Io`](crate::ArrowError::Io) if the file cannot be created,
/// [`ArrowError::Parquet`](crate::ArrowError::Parquet) naming it if writing fails.
pub fn write_cells_parquet(cells: &Cells, path: impl AsRef<Path>) -> Result<()> {
    write_path(&cells_to_batch(cells)?, path.as_ref())
}

/// [`write_cells_parquet`] into memory: the bytes of the Parquet file.
///
/// # Errors
/// [`ArrowError::Parquet`](crate::ArrowError::Parquet) (labelled `<bytes>`).
pub fn write_cells_parquet_bytes(cells: &Cells) -> Result<Vec<u8>> {
    write_bytes(&cells_to_batch(cells)?)
}

/// Writes [`segments_to_batch`] as a Snappy-compressed Parquet file.
///
/// # Errors
/// As [`write_cells_parquet`].
pub fn write_segments_parquet(table: &SegmentTable, path: impl AsRef<Path>) -> Result<()> {
    write_path(&segments_to_batch(table)?, path.as_ref())
}

/// [`write_segments_parquet`] into memory.
///
/// # Errors
/// As [`write_cells_parquet_bytes`].
pub fn write_segments_parquet_bytes(table: &SegmentTable) -> Result<Vec<u8>> {
    write_bytes(&segments_to_batch(table)?)
}

/// Writes [`classes_to_batch`] as a Snappy-compressed Parquet file.
///
/// # Errors
/// As [`write_cells_parquet`].
pub fn write_classes_parquet(results: &[IndustryElasticity], path: impl AsRef<Path>) -> Result<()> {
    write_path(&classes_to_batch(results)?, path.as_ref())
}

/// [`write_classes_parquet`] into memory.
///
/// # Errors
/// As [`write_cells_parquet_bytes`].
pub fn write_classes_parquet_bytes(results: &[IndustryElasticity]) -> Result<Vec<u8>> {
    write_bytes(&classes_to_batch(results)?)
}
