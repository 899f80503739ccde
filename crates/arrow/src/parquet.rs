//! Parquet files of panels: the long layout of [`panel_to_long_batch`] (Snappy-compressed), read back in
//! either layout.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use arrow_array::RecordBatch;
use bytes::Bytes;
use mfg_quality_indicators::Panel;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use parquet::file::reader::ChunkReader;

use crate::error::{ArrowError, Result, parquet_err};
use crate::panel::{
    INDICATOR, panel_from_long_batches, panel_from_wide_batches, panel_to_long_batch,
    panel_to_wide_batch,
};

/// The label of in-memory Parquet data in errors.
pub const BYTES_LABEL: &str = "<bytes>";

fn create(path: &Path) -> Result<File> {
    File::create(path).map_err(|e| ArrowError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| ArrowError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// Writes one record batch as a Snappy-compressed Parquet file into `writer`; `label` names it in errors.
pub(crate) fn write_batch<W: Write + Send>(
    batch: &RecordBatch,
    writer: W,
    label: &str,
) -> Result<()> {
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut w = ArrowWriter::try_new(writer, batch.schema(), Some(props))
        .map_err(|e| parquet_err(label, e))?;
    w.write(batch).map_err(|e| parquet_err(label, e))?;
    w.close().map_err(|e| parquet_err(label, e))?;
    Ok(())
}

pub(crate) fn write_path(batch: &RecordBatch, path: &Path) -> Result<()> {
    write_batch(batch, create(path)?, &path.display().to_string())
}

/// One record batch as the bytes of a Snappy-compressed Parquet file.
pub(crate) fn write_bytes(batch: &RecordBatch) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    write_batch(batch, &mut buf, BYTES_LABEL)?;
    Ok(buf)
}

/// Every record batch of a Parquet source.
pub(crate) fn read_batches<R: ChunkReader + 'static>(
    input: R,
    label: &str,
) -> Result<Vec<RecordBatch>> {
    ParquetRecordBatchReaderBuilder::try_new(input)
        .and_then(ParquetRecordBatchReaderBuilder::build)
        .map_err(|e| parquet_err(label, e))?
        .map(|b| b.map_err(|e| parquet_err(label, e)))
        .collect()
}

fn panel_from_batches(batches: &[RecordBatch]) -> Result<Panel> {
    // An empty file still has a schema; with no batch the long reader reports the empty panel.
    let long = batches
        .first()
        .is_none_or(|b| crate::columns::find(b, INDICATOR).is_some());
    if long {
        panel_from_long_batches(batches)
    } else {
        panel_from_wide_batches(batches)
    }
}

/// Writes the panel as a Parquet file in the long layout ([`panel_to_long_batch`]), Snappy-compressed.
///
/// # Errors
/// [`ArrowError::Io`] if the file cannot be created, [`ArrowError::Parquet`] naming it if writing fails.
pub fn write_panel_parquet(panel: &Panel, path: impl AsRef<Path>) -> Result<()> {
    write_path(&panel_to_long_batch(panel)?, path.as_ref())
}

/// Writes the panel as a Parquet file in the wide layout ([`panel_to_wide_batch`]), Snappy-compressed.
///
/// # Errors
/// As [`write_panel_parquet`] and [`panel_to_wide_batch`].
pub fn write_panel_parquet_wide(panel: &Panel, path: impl AsRef<Path>) -> Result<()> {
    write_path(&panel_to_wide_batch(panel)?, path.as_ref())
}

/// [`write_panel_parquet`] into memory: the bytes of the Parquet file.
///
/// # Errors
/// [`ArrowError::Parquet`] (labelled `<bytes>`).
pub fn write_panel_parquet_bytes(panel: &Panel) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    write_batch(&panel_to_long_batch(panel)?, &mut buf, BYTES_LABEL)?;
    Ok(buf)
}

/// [`write_panel_parquet_wide`] into memory.
///
/// # Errors
/// As [`write_panel_parquet_bytes`] and [`panel_to_wide_batch`].
pub fn write_panel_parquet_wide_bytes(panel: &Panel) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    write_batch(&panel_to_wide_batch(panel)?, &mut buf, BYTES_LABEL)?;
    Ok(buf)
}

/// Reads a panel from a Parquet file: the long layout if it has an `indicator` column
/// ([`panel_from_long_batches`]), else the wide layout ([`panel_from_wide_batches`]).
///
/// # Errors
/// [`ArrowError::Io`] or [`ArrowError::Parquet`] naming the file; otherwise as the batch readers
/// (a missing column or a wrong type is named).
pub fn read_panel_parquet(path: impl AsRef<Path>) -> Result<Panel> {
    let path = path.as_ref();
    panel_from_batches(&read_batches(open(path)?, &path.display().to_string())?)
}

/// [`read_panel_parquet`] from the bytes of a Parquet file (errors labelled `<bytes>`).
///
/// # Errors
/// As [`read_panel_parquet`].
pub fn read_panel_parquet_bytes(bytes: impl Into<Bytes>) -> Result<Panel> {
    panel_from_batches(&read_batches(bytes.into(), BYTES_LABEL)?)
}
