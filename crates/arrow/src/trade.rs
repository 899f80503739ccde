//! Streaming Parquet trade-flow readers: a Parquet file of bilateral flows, read batch by batch, fed to the
//! CSV aggregation of `mfg-quality-elasticity` ([`read_flows`], [`read_cells`]).
//!
//! The columns are those of [`ReadOptions::layout`]: `t,i,j,k,v,q` for CEPII BACI or the six
//! [`ColumnNames`] (`year,exporter,importer,product,value,quantity` by default), matched case-insensitively,
//! other columns are not read (a column projection). Codes may be strings or integers (BACI's numeric
//! country and product codes), value and quantity floats or integers; a null is a blank field.
//!
//! Each record batch is rendered as CSV rows (floats in Rust's shortest round-trip form, so the numbers are
//! exact) into a buffer that the elasticity reader pulls from, so every rule of its readers holds unchanged:
//! code normalisation, the skipped-row counts of the [`LoadReport`], the bad-row and duplicate policies,
//! overflow checks. A line number in an elasticity error is the row's 1-based position in the file plus one
//! (line 1 is the header). Memory holds one batch and its text besides what the reader keeps.
//!
//! [`LoadReport`]: mfg_quality_elasticity::reader::LoadReport

use std::fmt::Write as _;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use bytes::Bytes;
use mfg_quality_elasticity::TradeFlows;
use mfg_quality_elasticity::reader::{
    Aggregated, ColumnNames, CsvLayout, LoadReport, ReadOptions, read_cells, read_flows,
};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::file::reader::ChunkReader;

use crate::error::{ArrowError, Result, parquet_err};
use crate::parquet::BYTES_LABEL;

/// Rows per record batch read from the file.
pub const BATCH_ROWS: usize = 8192;

fn names(options: &ReadOptions) -> [String; 6] {
    let c = match &options.layout {
        CsvLayout::Baci => ColumnNames::baci(),
        CsvLayout::Named(c) => c.clone(),
    };
    [
        c.year, c.exporter, c.importer, c.product, c.value, c.quantity,
    ]
}

fn accepted(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64
            | DataType::Float32
            | DataType::Float64
    )
}

/// Opens the reader on the layout's six columns (in layout order in every batch).
fn open_batches<R: ChunkReader + 'static>(
    input: R,
    label: &str,
    names: &[String; 6],
) -> Result<(ParquetRecordBatchReader, [usize; 6])> {
    let b = ParquetRecordBatchReaderBuilder::try_new(input).map_err(|e| parquet_err(label, e))?;
    let schema = b.schema().clone();
    let mut roots = [0; 6];
    for (k, name) in names.iter().enumerate() {
        roots[k] = schema
            .fields()
            .iter()
            .position(|f| f.name().trim().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| ArrowError::MissingColumn {
                column: name.clone(),
            })?;
    }
    for &c in &roots {
        let t = schema.field(c).data_type();
        if !accepted(t) {
            return Err(ArrowError::WrongType {
                column: schema.field(c).name().clone(),
                expected: "a string, integer or float type".into(),
                found: t.to_string(),
            });
        }
    }
    let mask = ProjectionMask::roots(b.parquet_schema(), roots);
    // The projected batch keeps the file's column order: the position of each layout column in it.
    let mut sorted = roots;
    sorted.sort_unstable();
    let order = roots.map(|c| sorted.iter().position(|&s| s == c).unwrap_or_default());
    let reader = b
        .with_projection(mask)
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| parquet_err(label, e))?;
    Ok((reader, order))
}

/// A CSV text view of the batches, pulled by the elasticity reader.
struct CsvFeed {
    batches: ParquetRecordBatchReader,
    order: [usize; 6],
    buf: String,
    pos: usize,
    /// A Parquet error met while reading, reported with the file's label after the elasticity reader stops.
    error: Option<String>,
}

fn push_str(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn push_cell(out: &mut String, a: &dyn Array, i: usize) {
    if a.is_null(i) {
        return;
    }
    // Writing into a String cannot fail.
    let _ = match a.data_type() {
        DataType::Utf8 => {
            push_str(out, a.as_string::<i32>().value(i));
            Ok(())
        }
        DataType::LargeUtf8 => {
            push_str(out, a.as_string::<i64>().value(i));
            Ok(())
        }
        DataType::Utf8View => {
            push_str(out, a.as_string_view().value(i));
            Ok(())
        }
        DataType::Int8 => write!(out, "{}", a.as_primitive::<Int8Type>().value(i)),
        DataType::Int16 => write!(out, "{}", a.as_primitive::<Int16Type>().value(i)),
        DataType::Int32 => write!(out, "{}", a.as_primitive::<Int32Type>().value(i)),
        DataType::Int64 => write!(out, "{}", a.as_primitive::<Int64Type>().value(i)),
        DataType::UInt8 => write!(out, "{}", a.as_primitive::<UInt8Type>().value(i)),
        DataType::UInt16 => write!(out, "{}", a.as_primitive::<UInt16Type>().value(i)),
        DataType::UInt32 => write!(out, "{}", a.as_primitive::<UInt32Type>().value(i)),
        DataType::UInt64 => write!(out, "{}", a.as_primitive::<UInt64Type>().value(i)),
        DataType::Float32 => write!(out, "{:?}", a.as_primitive::<Float32Type>().value(i)),
        DataType::Float64 => write!(out, "{:?}", a.as_primitive::<Float64Type>().value(i)),
        // Excluded by `accepted` when the reader is opened.
        _ => Ok(()),
    };
}

impl CsvFeed {
    fn render(&mut self, batch: &RecordBatch) {
        self.buf.clear();
        self.pos = 0;
        let cols = self.order.map(|k| batch.column(k).as_ref());
        for r in 0..batch.num_rows() {
            for (k, a) in cols.iter().enumerate() {
                if k > 0 {
                    self.buf.push(',');
                }
                push_cell(&mut self.buf, *a, r);
            }
            self.buf.push('\n');
        }
    }
}

impl Read for CsvFeed {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.buf.len() {
            match self.batches.next() {
                None => return Ok(0),
                Some(Ok(b)) => self.render(&b),
                Some(Err(e)) => {
                    self.error = Some(e.to_string());
                    return Err(std::io::Error::other(e));
                }
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf.as_bytes()[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Runs `read` (an elasticity CSV reader) on the CSV view of the Parquet input.
fn feed<R: ChunkReader + 'static, T>(
    input: R,
    label: &str,
    options: &ReadOptions,
    read: impl FnOnce(&mut CsvFeed, &ReadOptions) -> mfg_quality_elasticity::Result<T>,
) -> Result<T> {
    let names = names(options);
    let (batches, order) = open_batches(input, label, &names)?;
    let mut header = String::new();
    for (k, n) in names.iter().enumerate() {
        if k > 0 {
            header.push(',');
        }
        push_str(&mut header, n);
    }
    header.push('\n');
    let mut csv = CsvFeed {
        batches,
        order,
        buf: header,
        pos: 0,
        error: None,
    };
    let mut opts = options.clone();
    opts.delimiter = b',';
    let r = read(&mut csv, &opts);
    if let Some(message) = csv.error {
        return Err(parquet_err(label, message));
    }
    Ok(r?)
}

fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| ArrowError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// [`read_flows`] on a Parquet file: every flow into [`TradeFlows`], with the [`LoadReport`].
///
/// # Errors
/// [`ArrowError::Io`] / [`ArrowError::Parquet`] naming the file, [`ArrowError::MissingColumn`] for a
/// column of the layout that is absent, [`ArrowError::WrongType`] for one that is not a string or a
/// number, [`ArrowError::Elasticity`] for what the elasticity reader rejects (see [`read_flows`]).
pub fn read_flows_parquet(
    path: impl AsRef<Path>,
    options: &ReadOptions,
) -> Result<(TradeFlows, LoadReport)> {
    let path = path.as_ref();
    feed(open(path)?, &path.display().to_string(), options, |r, o| {
        read_flows(r, o)
    })
}

/// [`read_cells`] on a Parquet file: the (exporter, product, year) cells (and importer cells with
/// [`ReadOptions::imports`]), without keeping the rows.
///
/// # Errors
/// As [`read_flows_parquet`].
pub fn read_cells_parquet(path: impl AsRef<Path>, options: &ReadOptions) -> Result<Aggregated> {
    let path = path.as_ref();
    feed(open(path)?, &path.display().to_string(), options, |r, o| {
        read_cells(r, o)
    })
}

/// [`read_flows_parquet`] from the bytes of a Parquet file (errors labelled `<bytes>`).
///
/// # Errors
/// As [`read_flows_parquet`].
pub fn read_flows_parquet_bytes(
    bytes: impl Into<Bytes>,
    options: &ReadOptions,
) -> Result<(TradeFlows, LoadReport)> {
    feed(bytes.into(), BYTES_LABEL, options, |r, o| read_flows(r, o))
}

/// [`read_cells_parquet`] from the bytes of a Parquet file (errors labelled `<bytes>`).
///
/// # Errors
/// As [`read_flows_parquet`].
pub fn read_cells_parquet_bytes(
    bytes: impl Into<Bytes>,
    options: &ReadOptions,
) -> Result<Aggregated> {
    feed(bytes.into(), BYTES_LABEL, options, |r, o| read_cells(r, o))
}
