//! Typed batch sinks: trade flows handed over column by column (an Arrow record batch, a Parquet row group,
//! a data frame), aggregated by exactly the rules of the CSV readers of [`crate::reader`].
//!
//! A [`FlowBatch`] borrows six typed [`Column`]s — year, exporter, importer, product, value, quantity — in
//! the memory layout of Apache Arrow (primitive slices, UTF-8 offsets and bytes, dictionary keys, an
//! LSB-first validity bitmap), so a caller holding Arrow arrays passes their buffers without copying.
//! [`CellBuilder`] aggregates batches into the (exporter, product, year) cells of
//! [`read_cells`](crate::reader::read_cells), [`FlowBuilder`] keeps every flow as
//! [`read_flows`](crate::reader::read_flows).
//!
//! # The same rules as the CSV readers
//! Each row goes through the one row rule the CSV readers use (no second copy of it): the checks in the
//! order year, value, quantity, exporter, importer, product; the skipped-row counts of the
//! [`LoadReport`] (null, blank or `NA` amounts are *missing*); the [`BadRowPolicy`](crate::reader::BadRowPolicy)
//! for malformed rows, negative and NaN/Inf amounts; the [`DuplicatePolicy`](crate::reader::DuplicatePolicy);
//! the overflow checks; code normalisation. A typed field reads as the CSV field holding its text would:
//! - an integer code is its decimal text (`40` → country `040`, product `10121` → `010121`); a string is
//!   trimmed of spaces and quotes; a null or blank code is malformed (`empty country code`);
//! - an integer year must lie in `0..=65535`, a string year must be digits in that range; a null year is
//!   malformed;
//! - a value or quantity may be a float (a `Float32` is widened exactly), an integer (as `f64`) or a string
//!   parsed as the CSV reader parses it; a null is missing.
//!
//! Locations: the row at index `i` of a batch is line `first_line + i` in errors and in
//! [`LoadReport::first_bad_rows`]; the columns are numbered 1..=6 in layout order unless
//! [`CellBuilder::with_column_numbers`] gives their positions in the source.
//!
//! # Speed
//! No allocation per row: numeric codes go through direct arrays, other codes through a byte-keyed hash
//! map consulted only when a code differs from the row before; dictionary-encoded columns intern each
//! dictionary entry once per batch.
//!
//! ```
//! use mfg_quality_elasticity::batch::{CellBuilder, Column, FlowBatch, Values, Validity};
//! use mfg_quality_elasticity::reader::ReadOptions;
//! let year = [2015i32, 2015];
//! let (exporter, importer, product) = ([40i64, 40], [156i64, 276], [10121i32, 10121]);
//! let value = [12.5, 3.0];
//! let quantity = [2.5, 0.0];
//! let quantity_valid = [0b01u8]; // the second quantity is null
//! let batch = FlowBatch::new(2, [
//!     Column::new(Values::I32(&year), None),
//!     Column::new(Values::I64(&exporter), None),
//!     Column::new(Values::I64(&importer), None),
//!     Column::new(Values::I32(&product), None),
//!     Column::new(Values::F64(&value), None),
//!     Column::new(Values::F64(&quantity), Some(Validity::new(&quantity_valid, 0))),
//! ]).unwrap();
//! let mut b = CellBuilder::new(&ReadOptions::default());
//! b.push(&batch).unwrap();
//! let agg = b.finish();
//! assert_eq!(agg.exports.get("040", "010121", 2015), Some((12.5, 2.5)));
//! assert_eq!(agg.report.missing_quantity, 1);
//! ```

use crate::error::{ElasticityError, Result};
use crate::flows::TradeFlows;
use crate::reader::{
    Aggregated, CellTarget, Interner, LoadReport, Loader, Num, ReadOptions, Target, number, trim,
    year_from_bytes,
};

/// A validity bitmap in Arrow's layout: bit `offset + i` (least significant bit first) is set when row `i`
/// is valid (not null).
#[derive(Debug, Clone, Copy)]
pub struct Validity<'a> {
    bits: &'a [u8],
    offset: usize,
}

impl<'a> Validity<'a> {
    /// The bitmap `bits`, row 0 at bit `offset`.
    pub fn new(bits: &'a [u8], offset: usize) -> Self {
        Self { bits, offset }
    }

    /// Whether row `i` is valid (a bit beyond the bitmap reads as null).
    #[inline]
    pub fn is_valid(&self, i: usize) -> bool {
        let b = self.offset + i;
        self.bits
            .get(b / 8)
            .is_some_and(|&x| x & (1 << (b % 8)) != 0)
    }
}

/// The values of a column, in Arrow's memory layout.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Values<'a> {
    /// 32-bit integers (narrower integers can be widened into this).
    I32(&'a [i32]),
    /// 64-bit integers.
    I64(&'a [i64]),
    /// Unsigned 64-bit integers (unsigned 32-bit ones can be widened into this or [`Values::I64`]).
    U64(&'a [u64]),
    /// 32-bit floats (value and quantity only).
    F32(&'a [f32]),
    /// 64-bit floats (value and quantity only).
    F64(&'a [f64]),
    /// UTF-8 strings: row `i` is `data[offsets[i]..offsets[i + 1]]` (Arrow `Utf8`).
    Utf8 {
        /// `len + 1` offsets into `data`.
        offsets: &'a [i32],
        /// The string bytes.
        data: &'a [u8],
    },
    /// UTF-8 strings with 64-bit offsets (Arrow `LargeUtf8`).
    LargeUtf8 {
        /// `len + 1` offsets into `data`.
        offsets: &'a [i64],
        /// The string bytes.
        data: &'a [u8],
    },
    /// Dictionary-encoded: row `i` is entry `keys[i]` of `dictionary` (Arrow `Dictionary`, keys widened to
    /// `u32`); the dictionary is not itself dictionary-encoded.
    Dictionary {
        /// The key of each row.
        keys: &'a [u32],
        /// The distinct values.
        dictionary: &'a Column<'a>,
    },
}

impl Values<'_> {
    fn len(&self) -> usize {
        match self {
            Values::I32(v) => v.len(),
            Values::I64(v) => v.len(),
            Values::U64(v) => v.len(),
            Values::F32(v) => v.len(),
            Values::F64(v) => v.len(),
            Values::Utf8 { offsets, .. } => offsets.len().saturating_sub(1),
            Values::LargeUtf8 { offsets, .. } => offsets.len().saturating_sub(1),
            Values::Dictionary { keys, .. } => keys.len(),
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            Values::I32(_) => "I32",
            Values::I64(_) => "I64",
            Values::U64(_) => "U64",
            Values::F32(_) => "F32",
            Values::F64(_) => "F64",
            Values::Utf8 { .. } => "Utf8",
            Values::LargeUtf8 { .. } => "LargeUtf8",
            Values::Dictionary { .. } => "Dictionary",
        }
    }
}

/// One typed column of a [`FlowBatch`]: values and, when some rows are null, a [`Validity`] bitmap.
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    values: Values<'a>,
    validity: Option<Validity<'a>>,
}

/// A field decoded as code text or an integer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Code<'a> {
    Null,
    Int(i128),
    Text(&'a [u8]),
}

impl<'a> Column<'a> {
    /// The column `values`, all valid when `validity` is `None`.
    pub fn new(values: Values<'a>, validity: Option<Validity<'a>>) -> Self {
        Self { values, validity }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline]
    fn valid(&self, i: usize) -> bool {
        self.validity.is_none_or(|v| v.is_valid(i))
    }

    #[inline]
    fn text(offsets_at: (usize, usize), data: &'a [u8]) -> &'a [u8] {
        trim(data.get(offsets_at.0..offsets_at.1).unwrap_or_default())
    }

    /// Row `i` as code text (trimmed) or an integer; `Null` for a null.
    #[inline(always)]
    fn code(&self, i: usize) -> Code<'a> {
        if !self.valid(i) {
            return Code::Null;
        }
        match self.values {
            Values::I32(v) => Code::Int(i128::from(v[i])),
            Values::I64(v) => Code::Int(i128::from(v[i])),
            Values::U64(v) => Code::Int(i128::from(v[i])),
            Values::Utf8 { offsets, data } => Code::Text(Self::text(
                (offsets[i].max(0) as usize, offsets[i + 1].max(0) as usize),
                data,
            )),
            Values::LargeUtf8 { offsets, data } => Code::Text(Self::text(
                (offsets[i].max(0) as usize, offsets[i + 1].max(0) as usize),
                data,
            )),
            Values::Dictionary { keys, dictionary } => dictionary.code(keys[i] as usize),
            // Rejected for codes and years by `FlowBatch::new`.
            Values::F32(_) | Values::F64(_) => Code::Null,
        }
    }

    /// Row `i` as a year: `None` unless an integer in `0..=65535`.
    #[inline(always)]
    fn year(&self, i: usize) -> Option<u16> {
        match self.code(i) {
            Code::Null => None,
            Code::Int(n) => u16::try_from(n).ok(),
            Code::Text(b) => year_from_bytes(b),
        }
    }

    /// Row `i` as an amount: missing for a null.
    #[inline(always)]
    #[allow(clippy::cast_precision_loss)]
    fn amount(&self, i: usize) -> std::result::Result<Num, &'static str> {
        if !self.valid(i) {
            return Ok(Num::Missing);
        }
        match self.values {
            Values::F64(v) => Ok(Num::Value(v[i])),
            Values::F32(v) => Ok(Num::Value(f64::from(v[i]))),
            Values::I32(v) => Ok(Num::Value(f64::from(v[i]))),
            Values::I64(v) => Ok(Num::Value(v[i] as f64)),
            Values::U64(v) => Ok(Num::Value(v[i] as f64)),
            Values::Dictionary { keys, dictionary } => dictionary.amount(keys[i] as usize),
            Values::Utf8 { .. } | Values::LargeUtf8 { .. } => match self.code(i) {
                Code::Text(b) => number(b),
                _ => Ok(Num::Missing),
            },
        }
    }
}

/// Which of the six columns, for messages and type checks.
const ROLES: [&str; 6] = [
    "year", "exporter", "importer", "product", "value", "quantity",
];

/// One batch of flows: six columns of equal length, and the line number of its first row.
#[derive(Debug, Clone, Copy)]
pub struct FlowBatch<'a> {
    first_line: u64,
    len: usize,
    columns: [Column<'a>; 6],
}

impl<'a> FlowBatch<'a> {
    /// The batch of `columns` (year, exporter, importer, product, value, quantity), its row 0 being line
    /// `first_line` in messages.
    ///
    /// # Errors
    /// [`ElasticityError::Shape`] when the columns differ in length, a string column's offsets leave its
    /// bytes, a dictionary key is beyond its dictionary or a dictionary is itself dictionary-encoded;
    /// [`ElasticityError::ColumnType`] naming the column when a year or code column holds floats.
    pub fn new(first_line: u64, columns: [Column<'a>; 6]) -> Result<Self> {
        let len = columns[0].len();
        for (k, c) in columns.iter().enumerate() {
            let shape = |message: String| ElasticityError::Shape {
                what: "flow batch",
                message: format!("column {} (`{}`): {message}", k + 1, ROLES[k]),
            };
            if c.len() != len {
                return Err(shape(format!(
                    "{} rows, but the year column has {len}",
                    c.len()
                )));
            }
            let check = |v: &Values<'_>| -> Result<()> {
                if k < 4 && matches!(v, Values::F32(_) | Values::F64(_)) {
                    return Err(ElasticityError::ColumnType {
                        column: ROLES[k].to_string(),
                        expected: "integers or strings",
                        found: v.type_name().to_string(),
                    });
                }
                let ends = match *v {
                    Values::Utf8 { offsets, data } => offsets
                        .first()
                        .zip(offsets.last())
                        .map(|(&a, &b)| (i64::from(a), i64::from(b), data.len())),
                    Values::LargeUtf8 { offsets, data } => offsets
                        .first()
                        .zip(offsets.last())
                        .map(|(&a, &b)| (a, b, data.len())),
                    _ => Some((0, 0, 0)),
                };
                match ends {
                    Some((a, b, n)) if a >= 0 && a <= b && b as u64 <= n as u64 => Ok(()),
                    _ => Err(shape("string offsets outside the data".into())),
                }
            };
            check(&c.values)?;
            if let Values::Dictionary { keys, dictionary } = c.values {
                if matches!(dictionary.values, Values::Dictionary { .. }) {
                    return Err(shape("a dictionary of a dictionary".into()));
                }
                check(&dictionary.values)?;
                if let Some(&k) = keys.iter().max()
                    && k as usize >= dictionary.len()
                {
                    return Err(shape(format!(
                        "dictionary key {k} beyond the {} entries",
                        dictionary.len()
                    )));
                }
            }
        }
        Ok(Self {
            first_line,
            len,
            columns,
        })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the batch has no rows.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Interns the codes of one column of one batch: a dictionary's entries once each, other codes only when
/// they differ from the previous row's.
struct CodeCache<'a, 'c> {
    col: &'a Column<'a>,
    product: bool,
    dict: Option<&'c mut Vec<u32>>,
    last: Option<(Code<'a>, u32)>,
}

const NONE: u32 = u32::MAX;

impl<'a, 'c> CodeCache<'a, 'c> {
    fn new(col: &'a Column<'a>, product: bool, scratch: &'c mut Vec<u32>) -> Self {
        let dict = match col.values {
            Values::Dictionary { dictionary, .. } => {
                scratch.clear();
                scratch.resize(dictionary.len(), NONE);
                Some(scratch)
            }
            _ => None,
        };
        Self {
            col,
            product,
            dict,
            last: None,
        }
    }

    #[inline]
    fn intern(&self, st: &mut Interner, code: Code<'_>) -> Option<u32> {
        match (code, self.product) {
            (Code::Null, _) => None,
            (Code::Int(n), false) => Some(st.country_int(n)),
            (Code::Int(n), true) => Some(st.product_int(n)),
            (Code::Text(b), false) => st.country(b),
            (Code::Text(b), true) => st.product(b),
        }
    }

    #[inline]
    fn id(&mut self, st: &mut Interner, i: usize) -> Option<u32> {
        if let Some(dict) = self.dict.as_deref()
            && let Values::Dictionary { keys, dictionary } = self.col.values
        {
            let key = keys[i] as usize;
            if !self.col.valid(i) {
                return None;
            }
            let cached = dict[key];
            if cached != NONE {
                return Some(cached);
            }
            let id = self.intern(st, dictionary.code(key))?;
            if let Some(d) = self.dict.as_deref_mut() {
                d[key] = id;
            }
            return Some(id);
        }
        let code = self.col.code(i);
        if let Some((c, id)) = self.last
            && c == code
        {
            return Some(id);
        }
        let id = self.intern(st, code)?;
        self.last = Some((code, id));
        Some(id)
    }
}

/// The shared sink: the loader (row rule, dictionaries, report), the target, and scratch for dictionaries
/// and for the ids of integer codes already interned.
struct Sink<T> {
    loader: Loader,
    target: T,
    scratch: [Vec<u32>; 3],
    known: [Vec<u32>; 3],
}

/// The ids of the integer codes of `col` already interned (`NONE` for a null, a code not yet interned or a
/// column of another type): a lookup without insertion, so interning stays in row order (the row rule
/// interns the others).
fn known_ids(st: &Interner, col: &Column<'_>, product: bool, out: &mut Vec<u32>) {
    out.clear();
    let n = col.len();
    let look = |x: i64| {
        if product {
            st.product_int_known(x)
        } else {
            st.country_int_known(x)
        }
    };
    match col.values {
        Values::I32(v) => out.extend(v.iter().map(|&x| look(i64::from(x)))),
        Values::I64(v) => out.extend(v.iter().map(|&x| look(x))),
        Values::U64(v) => out.extend(v.iter().map(|&x| i64::try_from(x).map_or(NONE, look))),
        _ => out.resize(n, NONE),
    }
    if let Some(valid) = col.validity {
        for (i, id) in out.iter_mut().enumerate() {
            if !valid.is_valid(i) {
                *id = NONE;
            }
        }
    }
}

impl<T: Target> Sink<T> {
    fn push(&mut self, batch: &FlowBatch<'_>) -> Result<()> {
        let Sink {
            loader,
            target,
            scratch,
            known,
        } = self;
        let [year, exporter, importer, product, value, quantity] = &batch.columns;
        let [k0, k1, k2] = known;
        known_ids(&loader.st, exporter, false, k0);
        known_ids(&loader.st, importer, false, k1);
        known_ids(&loader.st, product, true, k2);
        let (k0, k1, k2) = (&k0[..batch.len], &k1[..batch.len], &k2[..batch.len]);
        let [s0, s1, s2] = scratch;
        let mut e_ids = CodeCache::new(exporter, false, s0);
        let mut m_ids = CodeCache::new(importer, false, s1);
        let mut p_ids = CodeCache::new(product, true, s2);
        for i in 0..batch.len {
            loader.row(
                target,
                batch.first_line + i as u64,
                year.year(i),
                value.amount(i),
                quantity.amount(i),
                |st| {
                    // An id known before the batch, else the code interned now (in row order).
                    let e = match k0[i] {
                        NONE => e_ids.id(st, i).ok_or(1usize)?,
                        id => id,
                    };
                    let m = match k1[i] {
                        NONE => m_ids.id(st, i).ok_or(2usize)?,
                        id => id,
                    };
                    let p = match k2[i] {
                        NONE => p_ids.id(st, i).ok_or(3usize)?,
                        id => id,
                    };
                    Ok((e, m, p))
                },
            )?;
        }
        Ok(())
    }
}

/// Aggregates typed [`FlowBatch`]es into (exporter, product, year) cells (and importer cells with
/// [`ReadOptions::imports`]) by the rules of [`read_cells`](crate::reader::read_cells): fed the same rows,
/// it returns the same [`Aggregated`] (cells, dictionaries, report) and the same errors.
///
/// After an error the builder holds the rows before the failing one; drop it (as the CSV reader stops).
pub struct CellBuilder(Sink<CellTarget>);

impl CellBuilder {
    /// A builder with the options' layout (its column names appear in messages), bad-row and duplicate
    /// policies and `imports`; the delimiter is not used.
    pub fn new(options: &ReadOptions) -> Self {
        Self(Sink {
            loader: Loader::new(options),
            target: CellTarget::new(options.imports),
            scratch: Default::default(),
            known: Default::default(),
        })
    }

    /// The 1-based positions of the six columns in the source (e.g. a Parquet file's column indices + 1),
    /// reported in errors; default `[1, 2, 3, 4, 5, 6]`.
    pub fn with_column_numbers(mut self, columns: [u64; 6]) -> Self {
        self.0.loader.columns = columns;
        self
    }

    /// Adds the rows of `batch`.
    ///
    /// # Errors
    /// As [`read_cells`](crate::reader::read_cells): [`ElasticityError::Malformed`],
    /// [`ElasticityError::Negative`], [`ElasticityError::NonFinite`] (line and column) under
    /// [`BadRowPolicy::Error`](crate::reader::BadRowPolicy::Error), [`ElasticityError::DuplicateFlow`],
    /// [`ElasticityError::Overflow`].
    pub fn push(&mut self, batch: &FlowBatch<'_>) -> Result<()> {
        self.0.push(batch)
    }

    /// The counts so far.
    pub fn report(&self) -> &LoadReport {
        &self.0.loader.rep
    }

    /// The cells, dictionaries and report.
    pub fn finish(self) -> Aggregated {
        self.0.target.finish(self.0.loader)
    }
}

/// Keeps every flow of typed [`FlowBatch`]es in [`TradeFlows`] by the rules of
/// [`read_flows`](crate::reader::read_flows) (same flows, dictionaries, report and errors for the same
/// rows).
///
/// After an error the builder holds the rows before the failing one; drop it.
pub struct FlowBuilder(Sink<TradeFlows>);

impl FlowBuilder {
    /// A builder with the options' layout (for messages), bad-row and duplicate policies.
    pub fn new(options: &ReadOptions) -> Self {
        Self(Sink {
            loader: Loader::new(options),
            target: TradeFlows::new(),
            scratch: Default::default(),
            known: Default::default(),
        })
    }

    /// As [`CellBuilder::with_column_numbers`].
    pub fn with_column_numbers(mut self, columns: [u64; 6]) -> Self {
        self.0.loader.columns = columns;
        self
    }

    /// Adds the rows of `batch`.
    ///
    /// # Errors
    /// As [`CellBuilder::push`].
    pub fn push(&mut self, batch: &FlowBatch<'_>) -> Result<()> {
        self.0.push(batch)
    }

    /// The counts so far.
    pub fn report(&self) -> &LoadReport {
        &self.0.loader.rep
    }

    /// The flows and the report.
    pub fn finish(self) -> (TradeFlows, LoadReport) {
        self.0.loader.finish_flows(self.0.target)
    }
}
