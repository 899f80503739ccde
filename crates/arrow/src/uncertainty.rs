//! Uncertainty and sensitivity results as tidy record batches and Parquet files: the Monte Carlo rank bands
//! and mean rank shifts of a composite index ([`UncertaintyResults`]), and the indices of any method of
//! `mfg-quality-sensitivity` in its common [`SensitivityResult`] shape (Sobol indices through
//! `SobolIndices::to_result`).
//!
//! A non-finite number (a standard deviation of one replication, an undefined index) is a null.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, RecordBatch, StringArray, UInt64Array};
use arrow_schema::{DataType, Field, Schema};
use mfg_quality_composite::uncertainty::{UncertaintyResults, UnitSummary};
use mfg_quality_sensitivity::result::{IndexEstimate, Measure, SensitivityResult};

use crate::error::Result;
use crate::parquet::{write_bytes, write_path};

/// `Some(x)` for a finite `x`, else null.
pub(crate) fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

pub(crate) fn f64_col(v: impl IntoIterator<Item = f64>) -> ArrayRef {
    Arc::new(v.into_iter().map(finite).collect::<Float64Array>())
}

/// The Monte Carlo rank bands, one row per unit in the order of [`UncertaintyResults::summary`] (nominal
/// rank, ties in unit order): `unit` (Utf8), `nominal_rank`, `nominal_score`, `median_rank`, `rank_p05`,
/// `rank_p95` (5th and 95th percentiles, type 7), `mean_rank`, `mean_score`, `sd_score` (Float64, null
/// when not finite). The schema metadata holds `replications`, `succeeded` and `failed`.
///
/// # Errors
/// [`ArrowError::Arrow`](crate::ArrowError::Arrow) only if the batch cannot be built.
pub fn uncertainty_bands_to_batch(results: &UncertaintyResults) -> Result<RecordBatch> {
    let s = results.summary();
    let float = |name: &str| Field::new(name, DataType::Float64, true);
    let meta = HashMap::from([
        (
            "replications".to_string(),
            results.replications().to_string(),
        ),
        (
            "succeeded".to_string(),
            results.succeeded().len().to_string(),
        ),
        ("failed".to_string(), results.failures().len().to_string()),
    ]);
    let schema = Schema::new(vec![
        Field::new("unit", DataType::Utf8, false),
        float("nominal_rank"),
        float("nominal_score"),
        float("median_rank"),
        float("rank_p05"),
        float("rank_p95"),
        float("mean_rank"),
        float("mean_score"),
        float("sd_score"),
    ])
    .with_metadata(meta);
    let col = |f: fn(&UnitSummary) -> f64| f64_col(s.iter().map(f));
    Ok(RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(
                s.iter()
                    .map(|u| Some(u.unit.as_str()))
                    .collect::<StringArray>(),
            ),
            col(|u| u.nominal_rank),
            col(|u| u.nominal_score),
            col(|u| u.median_rank),
            col(|u| u.rank_p05),
            col(|u| u.rank_p95),
            col(|u| u.mean_rank),
            col(|u| u.mean_score),
            col(|u| u.sd_score),
        ],
    )?)
}

/// The mean absolute rank shift `R̄_S = (1/M) Σ_u |rank_r(u) − rank_nominal(u)|` of each successful
/// replication ([`UncertaintyResults::mean_abs_rank_shift`]): `replication` (UInt64, the replication's
/// index, ascending) and `mean_abs_rank_shift` (Float64).
///
/// # Errors
/// [`ArrowError::Arrow`](crate::ArrowError::Arrow) only if the batch cannot be built.
pub fn rank_shifts_to_batch(results: &UncertaintyResults) -> Result<RecordBatch> {
    let schema = Schema::new(vec![
        Field::new("replication", DataType::UInt64, false),
        Field::new("mean_abs_rank_shift", DataType::Float64, true),
    ]);
    Ok(RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(UInt64Array::from_iter_values(
                results.succeeded().iter().map(|&r| r as u64),
            )),
            f64_col(results.mean_abs_rank_shift()),
        ],
    )?)
}

/// The tidy table of [`SensitivityResult::write_csv_str`], one row per index in result order: `method`,
/// `output`, `factor`, `measure` (SALib's key: `S1`, `ST`, `S2`, `mu_star`, …), `with` (the pair's other
/// factor of a second-order index, else null), `estimate`, `lo`, `hi` (the confidence interval, null
/// without one). Names are those of the result (an index without a name gets its 0-based position).
/// The schema metadata holds `confidence` (when there are intervals) and `evaluations`.
///
/// # Errors
/// [`ArrowError::Arrow`](crate::ArrowError::Arrow) only if the batch cannot be built.
pub fn sensitivity_to_batch(result: &SensitivityResult) -> Result<RecordBatch> {
    let name = |v: &[String], i: usize| v.get(i).cloned().unwrap_or_else(|| i.to_string());
    let ix = &result.indices;
    let mut meta = HashMap::from([("evaluations".to_string(), result.evaluations.to_string())]);
    if let Some(c) = result.confidence {
        meta.insert("confidence".to_string(), c.to_string());
    }
    let text = |name: &str, nullable| Field::new(name, DataType::Utf8, nullable);
    let schema = Schema::new(vec![
        text("method", false),
        text("output", false),
        text("factor", false),
        text("measure", false),
        text("with", true),
        Field::new("estimate", DataType::Float64, true),
        Field::new("lo", DataType::Float64, true),
        Field::new("hi", DataType::Float64, true),
    ])
    .with_metadata(meta);
    let strings = |f: &dyn Fn(&IndexEstimate) -> Option<String>| {
        Arc::new(ix.iter().map(f).collect::<StringArray>()) as ArrayRef
    };
    let interval = |hi: bool| {
        Arc::new(
            ix.iter()
                .map(|e| {
                    e.interval
                        .and_then(|i| finite(if hi { i.hi } else { i.lo }))
                })
                .collect::<Float64Array>(),
        ) as ArrayRef
    };
    Ok(RecordBatch::try_new(
        Arc::new(schema),
        vec![
            strings(&|_| Some(result.method.key().to_string())),
            strings(&|e| Some(name(&result.outputs, e.output))),
            strings(&|e| Some(name(&result.factors, e.factor))),
            strings(&|e| Some(e.measure.key().to_string())),
            strings(&|e| match e.measure {
                Measure::SecondOrder { with } => Some(name(&result.factors, with)),
                _ => None,
            }),
            f64_col(ix.iter().map(|e| e.estimate)),
            interval(false),
            interval(true),
        ],
    )?)
}

/// Writes [`uncertainty_bands_to_batch`] as a Snappy-compressed Parquet file.
///
/// # Errors
/// [`ArrowError::Io`](crate::ArrowError::Io) if the file cannot be created,
/// [`ArrowError::Parquet`](crate::ArrowError::Parquet) naming it if writing fails.
pub fn write_uncertainty_bands_parquet(
    results: &UncertaintyResults,
    path: impl AsRef<Path>,
) -> Result<()> {
    write_path(&uncertainty_bands_to_batch(results)?, path.as_ref())
}

/// [`write_uncertainty_bands_parquet`] into memory: the bytes of the Parquet file.
///
/// # Errors
/// [`ArrowError::Parquet`](crate::ArrowError::Parquet) (labelled `<bytes>`).
pub fn write_uncertainty_bands_parquet_bytes(results: &UncertaintyResults) -> Result<Vec<u8>> {
    write_bytes(&uncertainty_bands_to_batch(results)?)
}

/// Writes [`rank_shifts_to_batch`] as a Snappy-compressed Parquet file.
///
/// # Errors
/// As [`write_uncertainty_bands_parquet`].
pub fn write_rank_shifts_parquet(
    results: &UncertaintyResults,
    path: impl AsRef<Path>,
) -> Result<()> {
    write_path(&rank_shifts_to_batch(results)?, path.as_ref())
}

/// [`write_rank_shifts_parquet`] into memory.
///
/// # Errors
/// As [`write_uncertainty_bands_parquet_bytes`].
pub fn write_rank_shifts_parquet_bytes(results: &UncertaintyResults) -> Result<Vec<u8>> {
    write_bytes(&rank_shifts_to_batch(results)?)
}

/// Writes [`sensitivity_to_batch`] as a Snappy-compressed Parquet file.
///
/// # Errors
/// As [`write_uncertainty_bands_parquet`].
pub fn write_sensitivity_parquet(result: &SensitivityResult, path: impl AsRef<Path>) -> Result<()> {
    write_path(&sensitivity_to_batch(result)?, path.as_ref())
}

/// [`write_sensitivity_parquet`] into memory.
///
/// # Errors
/// As [`write_uncertainty_bands_parquet_bytes`].
pub fn write_sensitivity_parquet_bytes(result: &SensitivityResult) -> Result<Vec<u8>> {
    write_bytes(&sensitivity_to_batch(result)?)
}
