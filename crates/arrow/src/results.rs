//! Composite-index [`Results`] as the tidy table `unit, period, node, score, rank` of
//! [`Results::write_csv`], as an Arrow record batch and a Parquet file.

use std::path::Path;
use std::sync::Arc;

use arrow_array::{Float64Array, Int32Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use mfg_quality_composite::results::Results;

use crate::error::{ArrowError, Result};
use crate::parquet::{BYTES_LABEL, write_batch};

/// The tidy results as a record batch: one row per period × node × unit (periods outermost, nodes in
/// pre-order as [`Results::node_ids`], units in result order — the rows of [`Results::write_csv`]),
/// columns `unit` (Utf8), `period` (Int32), `node` (Utf8), `score` (Float64, null = missing), `rank`
/// (Float64, null for a missing score; 1 = highest, ties by [`Results::ties`], so `average` ties can be
/// fractional).
///
/// # Errors
/// [`ArrowError::Composite`] only if the results are inconsistent (they are not when built by the pipeline).
pub fn results_to_batch(results: &Results) -> Result<RecordBatch> {
    let codes: Vec<&str> = results.units().codes().collect();
    let nodes = results.node_ids();
    let n = codes.len() * nodes.len() * results.periods().len();
    let (mut unit, mut period, mut node) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut score, mut rank) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for &p in results.periods() {
        for &id in &nodes {
            let (v, m) = results.column(id, p)?;
            let ranks = results.ranks(id, p)?;
            for (u, &code) in codes.iter().enumerate() {
                unit.push(code);
                period.push(p);
                node.push(id);
                score.push(m[u].then_some(v[u]));
                rank.push(if m[u] { ranks[u] } else { None });
            }
        }
    }
    let schema = Schema::new(vec![
        Field::new("unit", DataType::Utf8, false),
        Field::new("period", DataType::Int32, false),
        Field::new("node", DataType::Utf8, false),
        Field::new("score", DataType::Float64, true),
        Field::new("rank", DataType::Float64, true),
    ]);
    Ok(RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(StringArray::from(unit)),
            Arc::new(Int32Array::from(period)),
            Arc::new(StringArray::from(node)),
            Arc::new(Float64Array::from(score)),
            Arc::new(Float64Array::from(rank)),
        ],
    )?)
}

/// Writes [`results_to_batch`] as a Snappy-compressed Parquet file.
///
/// # Errors
/// [`ArrowError::Io`] if the file cannot be created, [`ArrowError::Parquet`] naming it if writing fails.
pub fn write_results_parquet(results: &Results, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let file = std::fs::File::create(path).map_err(|e| ArrowError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    write_batch(
        &results_to_batch(results)?,
        file,
        &path.display().to_string(),
    )
}

/// [`write_results_parquet`] into memory: the bytes of the Parquet file.
///
/// # Errors
/// [`ArrowError::Parquet`] (labelled `<bytes>`).
pub fn write_results_parquet_bytes(results: &Results) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    write_batch(&results_to_batch(results)?, &mut buf, BYTES_LABEL)?;
    Ok(buf)
}
