//! Typed access to the columns of a record batch: string keys, integer periods, numeric values.

use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Float64Type, Int32Type, Int64Type};
use arrow_array::{
    Array, Float32Array, Float64Array, Int32Array, Int64Array, LargeStringArray, RecordBatch,
    StringArray, StringViewArray,
};
use arrow_schema::DataType;

use crate::error::{ArrowError, Result};

/// The index of the column named `name` (case-insensitive, trimmed), if any.
pub(crate) fn find(batch: &RecordBatch, name: &str) -> Option<usize> {
    batch
        .schema()
        .fields()
        .iter()
        .position(|f| f.name().trim().eq_ignore_ascii_case(name))
}

/// The index of the required column `name`.
pub(crate) fn require(batch: &RecordBatch, name: &str) -> Result<usize> {
    find(batch, name).ok_or_else(|| ArrowError::MissingColumn {
        column: name.to_string(),
    })
}

fn wrong(batch: &RecordBatch, c: usize, expected: &str) -> ArrowError {
    let schema = batch.schema();
    let f = schema.field(c);
    ArrowError::WrongType {
        column: f.name().clone(),
        expected: expected.to_string(),
        found: f.data_type().to_string(),
    }
}

/// A string column (Utf8, LargeUtf8 or Utf8View).
pub(crate) enum StrCol<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
}

impl<'a> StrCol<'a> {
    pub(crate) fn new(batch: &'a RecordBatch, c: usize) -> Result<Self> {
        let a = batch.column(c);
        Ok(match a.data_type() {
            DataType::Utf8 => StrCol::Utf8(a.as_string::<i32>()),
            DataType::LargeUtf8 => StrCol::Large(a.as_string::<i64>()),
            DataType::Utf8View => StrCol::View(a.as_string_view()),
            _ => return Err(wrong(batch, c, "Utf8, LargeUtf8 or Utf8View")),
        })
    }

    /// The trimmed value of row `i`, `None` if null or blank.
    pub(crate) fn get(&self, i: usize) -> Option<&'a str> {
        let s = match self {
            StrCol::Utf8(a) => (!a.is_null(i)).then(|| a.value(i)),
            StrCol::Large(a) => (!a.is_null(i)).then(|| a.value(i)),
            StrCol::View(a) => (!a.is_null(i)).then(|| a.value(i)),
        }?
        .trim();
        (!s.is_empty()).then_some(s)
    }
}

/// An integer column (Int32 or Int64).
pub(crate) enum IntCol<'a> {
    I32(&'a Int32Array),
    I64(&'a Int64Array),
}

impl<'a> IntCol<'a> {
    pub(crate) fn new(batch: &'a RecordBatch, c: usize) -> Result<Self> {
        let a = batch.column(c);
        Ok(match a.data_type() {
            DataType::Int32 => IntCol::I32(a.as_primitive::<Int32Type>()),
            DataType::Int64 => IntCol::I64(a.as_primitive::<Int64Type>()),
            _ => return Err(wrong(batch, c, "Int32 or Int64")),
        })
    }

    pub(crate) fn get(&self, i: usize) -> Option<i64> {
        match self {
            IntCol::I32(a) => (!a.is_null(i)).then(|| i64::from(a.value(i))),
            IntCol::I64(a) => (!a.is_null(i)).then(|| a.value(i)),
        }
    }
}

/// A numeric column (Float64, Float32, Int32 or Int64), read as `f64`.
pub(crate) enum NumCol<'a> {
    F64(&'a Float64Array),
    F32(&'a Float32Array),
    I32(&'a Int32Array),
    I64(&'a Int64Array),
}

impl<'a> NumCol<'a> {
    pub(crate) fn new(batch: &'a RecordBatch, c: usize) -> Result<Self> {
        let a = batch.column(c);
        Ok(match a.data_type() {
            DataType::Float64 => NumCol::F64(a.as_primitive::<Float64Type>()),
            DataType::Float32 => NumCol::F32(a.as_primitive::<Float32Type>()),
            DataType::Int32 => NumCol::I32(a.as_primitive::<Int32Type>()),
            DataType::Int64 => NumCol::I64(a.as_primitive::<Int64Type>()),
            _ => return Err(wrong(batch, c, "Float64, Float32, Int32 or Int64")),
        })
    }

    /// Row `i` as `f64` (an Int64 beyond 2^53 is rounded), `None` if null.
    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn get(&self, i: usize) -> Option<f64> {
        match self {
            NumCol::F64(a) => (!a.is_null(i)).then(|| a.value(i)),
            NumCol::F32(a) => (!a.is_null(i)).then(|| f64::from(a.value(i))),
            NumCol::I32(a) => (!a.is_null(i)).then(|| f64::from(a.value(i))),
            NumCol::I64(a) => (!a.is_null(i)).then(|| a.value(i) as f64),
        }
    }
}

/// The period of row `i` of column `name` (not null, within `i32`).
pub(crate) fn period(col: &IntCol<'_>, name: &str, i: usize, row: usize) -> Result<i32> {
    let v = col.get(i).ok_or_else(|| ArrowError::NullKey {
        column: name.to_string(),
        row,
    })?;
    i32::try_from(v).map_err(|_| ArrowError::PeriodOutOfRange {
        column: name.to_string(),
        row,
        value: v,
    })
}

/// The key of row `i` of column `name` (not null, not blank).
pub(crate) fn key<'a>(col: &StrCol<'a>, name: &str, i: usize, row: usize) -> Result<&'a str> {
    col.get(i).ok_or_else(|| ArrowError::NullKey {
        column: name.to_string(),
        row,
    })
}
