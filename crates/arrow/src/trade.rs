//! Streaming Parquet trade-flow readers: a Parquet file of bilateral flows, read batch by batch into the
//! typed sinks of `mfg-quality-elasticity` ([`CellBuilder`], [`FlowBuilder`]), which apply the rules of its
//! CSV readers ([`read_flows`], [`read_cells`]).
//!
//! The columns are those of [`ReadOptions::layout`]: `t,i,j,k,v,q` for CEPII BACI or the six
//! [`ColumnNames`] (`year,exporter,importer,product,value,quantity` by default), matched case-insensitively,
//! other columns are not read (a column projection). Accepted types:
//! - year and codes: any integer type, `Utf8`, `LargeUtf8`, `Utf8View`, or a dictionary of those;
//! - value and quantity: any integer or float type, a string type, or a dictionary of those.
//!
//! A column of another type (`Boolean`, a float year, …) is [`ArrowError::WrongType`] naming the column and
//! the type before any row is read. A null is a blank field. Integer codes read as their decimal text (BACI's
//! numeric codes: country `40` is `040`, product `10121` is `010121`); a `Float32` amount is widened
//! exactly.
//!
//! Every rule of the CSV readers holds unchanged, because the rows go through the same row rule: code
//! normalisation, the skipped-row counts of the [`LoadReport`], the bad-row and duplicate policies,
//! overflow checks. A line number in an elasticity error is the row's 1-based position in the file plus one
//! (as if line 1 were a header), and a column number is the column's 1-based position in the file.
//!
//! Speed and memory: the column buffers of each decoded batch ([`BATCH_ROWS`] rows) are handed to the sink
//! without copying (narrow integers, dictionary keys and string views are widened once per batch); no
//! allocation per row. Memory holds one batch besides what the sink keeps (cells, or flows for
//! [`read_flows_parquet`]).
//!
//! [`LoadReport`]: mfg_quality_elasticity::reader::LoadReport
//! [`read_flows`]: mfg_quality_elasticity::reader::read_flows
//! [`read_cells`]: mfg_quality_elasticity::reader::read_cells

use std::fs::File;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, RecordBatch, StringArray};
use arrow_schema::DataType;
use bytes::Bytes;
use mfg_quality_elasticity::TradeFlows;
use mfg_quality_elasticity::batch::{
    CellBuilder, Column, FlowBatch, FlowBuilder, Validity, Values,
};
use mfg_quality_elasticity::reader::{Aggregated, ColumnNames, CsvLayout, LoadReport, ReadOptions};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::file::reader::ChunkReader;

#[cfg(doc)]
use mfg_quality_elasticity::reader::{read_cells, read_flows};

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

fn integer_or_string(t: &DataType) -> bool {
    t.is_integer() || matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

/// Whether column `k` of the layout (0 year, 1–3 codes, 4–5 amounts) accepts the type.
fn accepted(k: usize, t: &DataType) -> bool {
    let plain = |t: &DataType| integer_or_string(t) || (k >= 4 && t.is_floating());
    match t {
        DataType::Dictionary(key, value) => key.is_integer() && plain(value),
        t => plain(t),
    }
}

/// Opens the reader on the layout's six columns; returns the position of each layout column in the
/// projected batches and its 1-based position in the file.
fn open_batches<R: ChunkReader + 'static>(
    input: R,
    label: &str,
    names: &[String; 6],
) -> Result<(ParquetRecordBatchReader, [usize; 6], [u64; 6])> {
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
    for (k, &c) in roots.iter().enumerate() {
        let t = schema.field(c).data_type();
        if !accepted(k, t) {
            return Err(ArrowError::WrongType {
                column: schema.field(c).name().clone(),
                expected: if k < 4 {
                    "an integer or string type (or a dictionary of one)".into()
                } else {
                    "an integer, float or string type (or a dictionary of one)".into()
                },
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
    Ok((reader, order, roots.map(|c| c as u64 + 1)))
}

/// Values of an array that have no slice of an accepted [`Values`] type, widened once per batch.
enum Widened {
    None,
    I32(Vec<i32>),
    I64(Vec<i64>),
    Str(StringArray),
}

impl Widened {
    fn new(a: &dyn Array) -> Self {
        match a.data_type() {
            DataType::Int8 => Self::i32(a.as_primitive::<Int8Type>().values()),
            DataType::Int16 => Self::i32(a.as_primitive::<Int16Type>().values()),
            DataType::UInt8 => Self::i32(a.as_primitive::<UInt8Type>().values()),
            DataType::UInt16 => Self::i32(a.as_primitive::<UInt16Type>().values()),
            DataType::UInt32 => Widened::I64(
                a.as_primitive::<UInt32Type>()
                    .values()
                    .iter()
                    .map(|&x| i64::from(x))
                    .collect(),
            ),
            DataType::Utf8View => Widened::Str(a.as_string_view().iter().collect()),
            _ => Widened::None,
        }
    }

    fn i32<T: Copy + Into<i32>>(v: &[T]) -> Self {
        Widened::I32(v.iter().map(|&x| x.into()).collect())
    }
}

/// The [`Values`] of a non-dictionary array (with its widening).
fn values<'a>(a: &'a dyn Array, w: &'a Widened) -> Values<'a> {
    match (w, a.data_type()) {
        (Widened::I32(v), _) => Values::I32(v),
        (Widened::I64(v), _) => Values::I64(v),
        (Widened::Str(s), _) => Values::Utf8 {
            offsets: s.value_offsets(),
            data: s.value_data(),
        },
        (Widened::None, DataType::Int32) => Values::I32(a.as_primitive::<Int32Type>().values()),
        (Widened::None, DataType::Int64) => Values::I64(a.as_primitive::<Int64Type>().values()),
        (Widened::None, DataType::UInt64) => Values::U64(a.as_primitive::<UInt64Type>().values()),
        (Widened::None, DataType::Float32) => Values::F32(a.as_primitive::<Float32Type>().values()),
        (Widened::None, DataType::Float64) => Values::F64(a.as_primitive::<Float64Type>().values()),
        (Widened::None, DataType::LargeUtf8) => {
            let s = a.as_string::<i64>();
            Values::LargeUtf8 {
                offsets: s.value_offsets(),
                data: s.value_data(),
            }
        }
        // Utf8; other types are rejected when the reader is opened.
        (Widened::None, _) => match a.as_string_opt::<i32>() {
            Some(s) => Values::Utf8 {
                offsets: s.value_offsets(),
                data: s.value_data(),
            },
            None => Values::I32(&[]),
        },
    }
}

fn validity(a: &dyn Array) -> Option<Validity<'_>> {
    a.nulls().map(|n| Validity::new(n.validity(), n.offset()))
}

/// One column of a batch, prepared: the array, its widening, and for a dictionary its keys and values.
struct Prepared<'a> {
    array: &'a dyn Array,
    widened: Widened,
    /// Dictionary keys (as `u32`) and the dictionary's values.
    dict: Option<(Vec<u32>, &'a dyn Array, Widened)>,
}

impl<'a> Prepared<'a> {
    fn new(array: &'a dyn Array) -> Self {
        match array.as_any_dictionary_opt() {
            Some(d) => {
                let values = d.values().as_ref();
                let keys = if values.is_empty() {
                    vec![0; d.len()]
                } else {
                    d.normalized_keys().into_iter().map(|k| k as u32).collect()
                };
                Self {
                    array,
                    widened: Widened::None,
                    dict: Some((keys, values, Widened::new(values))),
                }
            }
            None => Self {
                array,
                widened: Widened::new(array),
                dict: None,
            },
        }
    }

    /// The dictionary's column, if a dictionary.
    fn dictionary(&self) -> Option<Column<'_>> {
        self.dict
            .as_ref()
            .map(|(_, v, w)| Column::new(values(*v, w), validity(*v)))
    }

    fn column<'b>(&'b self, dictionary: Option<&'b Column<'b>>) -> Column<'b> {
        match (&self.dict, dictionary) {
            (Some((keys, _, _)), Some(dictionary)) => Column::new(
                Values::Dictionary { keys, dictionary },
                validity(self.array),
            ),
            _ => Column::new(values(self.array, &self.widened), validity(self.array)),
        }
    }
}

/// Opens the Parquet input, makes the sink with the file positions of the layout's columns, and feeds it
/// the rows batch by batch.
fn feed<R: ChunkReader + 'static, B>(
    input: R,
    label: &str,
    options: &ReadOptions,
    make: impl FnOnce([u64; 6]) -> B,
    mut push: impl FnMut(&mut B, &FlowBatch<'_>) -> mfg_quality_elasticity::Result<()>,
) -> Result<B> {
    let (batches, order, columns) = open_batches(input, label, &names(options))?;
    let mut sink = make(columns);
    let mut line = 2u64;
    for batch in batches {
        let batch: RecordBatch = batch.map_err(|e| parquet_err(label, e))?;
        let prepared = order.map(|k| Prepared::new(batch.column(k).as_ref()));
        let dictionaries = prepared.each_ref().map(Prepared::dictionary);
        let cols: [Column<'_>; 6] =
            std::array::from_fn(|k| prepared[k].column(dictionaries[k].as_ref()));
        push(&mut sink, &FlowBatch::new(line, cols)?)?;
        line += batch.num_rows() as u64;
    }
    Ok(sink)
}

fn cells<R: ChunkReader + 'static>(
    input: R,
    label: &str,
    options: &ReadOptions,
) -> Result<Aggregated> {
    feed(
        input,
        label,
        options,
        |c| CellBuilder::new(options).with_column_numbers(c),
        |b, batch| b.push(batch),
    )
    .map(CellBuilder::finish)
}

fn flows<R: ChunkReader + 'static>(
    input: R,
    label: &str,
    options: &ReadOptions,
) -> Result<(TradeFlows, LoadReport)> {
    feed(
        input,
        label,
        options,
        |c| FlowBuilder::new(options).with_column_numbers(c),
        |b, batch| b.push(batch),
    )
    .map(FlowBuilder::finish)
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
/// column of the layout that is absent, [`ArrowError::WrongType`] for one of a type its role does not
/// accept, [`ArrowError::Elasticity`] for what the elasticity reader rejects (see [`read_flows`]).
pub fn read_flows_parquet(
    path: impl AsRef<Path>,
    options: &ReadOptions,
) -> Result<(TradeFlows, LoadReport)> {
    let path = path.as_ref();
    flows(open(path)?, &path.display().to_string(), options)
}

/// [`read_cells`] on a Parquet file: the (exporter, product, year) cells (and importer cells with
/// [`ReadOptions::imports`]), without keeping the rows; equal to [`read_cells`] on the same rows as CSV.
///
/// # Errors
/// As [`read_flows_parquet`].
pub fn read_cells_parquet(path: impl AsRef<Path>, options: &ReadOptions) -> Result<Aggregated> {
    let path = path.as_ref();
    cells(open(path)?, &path.display().to_string(), options)
}

/// [`read_flows_parquet`] from the bytes of a Parquet file (errors labelled `<bytes>`).
///
/// # Errors
/// As [`read_flows_parquet`].
pub fn read_flows_parquet_bytes(
    bytes: impl Into<Bytes>,
    options: &ReadOptions,
) -> Result<(TradeFlows, LoadReport)> {
    flows(bytes.into(), BYTES_LABEL, options)
}

/// [`read_cells_parquet`] from the bytes of a Parquet file (errors labelled `<bytes>`).
///
/// # Errors
/// As [`read_flows_parquet`].
pub fn read_cells_parquet_bytes(
    bytes: impl Into<Bytes>,
    options: &ReadOptions,
) -> Result<Aggregated> {
    cells(bytes.into(), BYTES_LABEL, options)
}
