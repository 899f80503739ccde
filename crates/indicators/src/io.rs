//! CSV and JSON input/output for panels and frameworks.
//!
//! # Panels
//!
//! Two CSV layouts are read and written:
//!
//! * **long** ([`read_long_csv`]): one row per cell, columns `unit, indicator, period, value` (any order,
//!   matched case-insensitively after trimming). Optional unit metadata columns `unit_name_en`,
//!   `unit_name_zh` and `unit_group` (the first non-blank value per unit is kept; a different non-blank value
//!   later is an error). Any other column (e.g. `source`) is ignored.
//! * **wide** ([`read_wide_csv`]): one row per (unit, period), columns `unit`, `period` (optional if
//!   [`CsvOptions::with_period`] gives one), the optional metadata columns above, and one column per
//!   indicator (every other column is an indicator).
//!
//! Conventions, for both layouts:
//!
//! * A blank cell, `NA` or `N/A` (any case) is a **missing value**. `nan`, `inf`, `-inf`, `infinity` are
//!   errors ([`IndicatorsError::NonFinite`] inside [`IndicatorsError::Located`]): NaN is never missing.
//! * Fields are trimmed of ASCII white space; a UTF-8 byte-order mark is ignored.
//! * Units keep the order of their first appearance, periods are sorted ascending; indicators keep the order
//!   of first appearance (long) or of the columns (wide) — or, when a framework is supplied
//!   ([`CsvOptions::with_framework`]), the framework's leaf order, with **every** framework indicator present
//!   as a column (all-missing if the file has no value for it) and any other indicator an error.
//! * Periods are integers (years).
//!
//! Errors name the file (its path, or `<string>` for in-memory text), the 1-based line (the header is line 1)
//! and the 1-based column, and say what is wrong:
//!
//! | problem | error |
//! |---|---|
//! | row with too few / too many fields | [`IndicatorsError::Parse`] (column = first missing / extra field) |
//! | missing required column | [`IndicatorsError::Parse`] at line 1, column 0, listing the header's columns and, when the header looks delimited by another character, saying so (`the file looks semicolon-delimited: set CsvOptions::with_delimiter(b';')`) |
//! | non-numeric value or period | [`IndicatorsError::Parse`] |
//! | NaN / ±Inf | [`IndicatorsError::Located`] with [`IndicatorsError::NonFinite`] |
//! | duplicate (unit, indicator, period) | [`IndicatorsError::Located`] with [`IndicatorsError::DuplicateCell`] (long); [`IndicatorsError::Parse`] for a repeated (unit, period) row (wide) |
//! | indicator not in the supplied framework | [`IndicatorsError::Located`] with [`IndicatorsError::UnknownIndicator`] |
//!
//! Use [`IndicatorsError::inner`] to match on what is wrong and [`IndicatorsError::position`] for where.
//!
//! The long reader is built for speed: it reuses one `csv::ByteRecord`, interns unit and indicator ids by
//! hashing byte slices (with a last-seen shortcut for sorted files), allocates a `String` only for a new id,
//! and fills the dense column-major arrays of the [`Panel`] directly (see the `panel_io` benchmark).
//!
//! The writers ([`write_long_csv`], [`write_wide_csv`]) write every cell, missing ones as blank, so that
//! reading back gives the same panel (exactly, when the panel's periods are ascending: numbers are written in
//! Rust's shortest round-trip form).
//!
//! # Names
//!
//! One pattern for every reader and writer of the workspace: `read_*` reads (a path, or with `_from` any
//! `io::Read` plus a label for errors), `write_*` writes (any `io::Write`, or with `_path` a file), and `*_str`
//! reads from or returns in-memory text:
//!
//! | what | path | reader / writer | text |
//! |---|---|---|---|
//! | long panel | [`read_long_csv`], [`write_long_csv_path`] | [`read_long_csv_from`], [`write_long_csv`] | [`read_long_csv_str`], [`write_long_csv_str`] |
//! | wide panel | [`read_wide_csv`], [`write_wide_csv_path`] | [`read_wide_csv_from`], [`write_wide_csv`] | [`read_wide_csv_str`], [`write_wide_csv_str`] |
//! | framework JSON | [`read_framework_json`], [`write_framework_json_path`] | | [`read_framework_json_str`], [`write_framework_json_str`] |
//! | framework metadata CSV | [`read_framework_csv`], [`write_framework_csv_path`] | [`read_framework_csv_from`], [`write_framework_csv`] | [`read_framework_csv_str`], [`write_framework_csv_str`] |
//!
//! # Frameworks
//!
//! * JSON: the serde form of [`NodeSpec`] (nested `children`), [`read_framework_json_str`],
//!   [`write_framework_json_str`]; a leading UTF-8 byte-order mark is ignored.
//! * A COINr-style metadata table ([`read_framework_csv_str`], [`write_framework_csv_str`]), one row per node
//!   with a parent link, columns (case-insensitive; aliases in brackets):
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `id` (`iCode`, `code`) | yes | node id |
//! | `parent` | yes | parent id, blank for the root |
//! | `level` | `level` or `type` | COINr level: 1 = indicator, higher = groups; a parent's level must exceed its children's |
//! | `type` | `level` or `type` | `Indicator` or `Aggregate` (`group`) |
//! | `name_en` (`iName`, `name`) | no | English name |
//! | `name_zh` | no | Chinese name |
//! | `weight` | no | raw weight within the parent, blank = 1 |
//! | `direction` (`polarity`) | no | `1`/`-1`, `+`/`-`, `positive`/`negative`; blank = positive |
//! | `unit`, `definition`, `source` | no | indicator fields |
//! | `aggregation` | no | aggregation key (see [`crate::framework`]) |
//!
//!   Row order gives the order of children. Structural errors ([`IndicatorsError::Orphan`],
//!   [`IndicatorsError::Cycle`], [`IndicatorsError::DuplicateId`], [`IndicatorsError::EmptyGroup`],
//!   [`IndicatorsError::InvalidWeight`], …, from [`Framework::from_flat`]) are returned inside
//!   [`IndicatorsError::Located`] with the line of the node concerned. With a `level` column, a cycle is
//!   necessarily also a level inconsistency (levels must decrease down the tree) and is reported as such, at
//!   the first row whose level is not below its parent's.
//!
//! ```
//! use mfg_quality_indicators::io::{read_long_csv_str, write_long_csv_str, CsvOptions};
//! let text = "unit,indicator,period,value\nCN,qe,2015,12.62\nUS,qe,2015,53.97\nCN,qe,2014,NA\n";
//! let panel = read_long_csv_str(text, &CsvOptions::new()).unwrap();
//! assert_eq!(panel.periods(), &[2014, 2015]);
//! assert_eq!(panel.value("US", "qe", 2015).unwrap(), Some(53.97));
//! assert_eq!(panel.value("CN", "qe", 2014).unwrap(), None);
//! let back = read_long_csv_str(&write_long_csv_str(&panel).unwrap(), &CsvOptions::new()).unwrap();
//! assert_eq!(back, panel);
//!
//! let err = read_long_csv_str("unit,indicator,period,value\nCN,qe,2015,abc\n", &CsvOptions::new())
//!     .unwrap_err();
//! assert_eq!(err.position(), Some((2, 4)));
//! ```

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use crate::error::{IndicatorsError, Result};
use crate::framework::{FlatNode, Framework, NodeId, NodeSpec};
use crate::indicator::Polarity;
use crate::panel::{Panel, Period, Unit};

/// The label used as the "file" of in-memory text in error messages.
pub const STRING_LABEL: &str = "<string>";

/// Options for the panel CSV readers.
#[derive(Debug, Clone, Copy)]
pub struct CsvOptions<'a> {
    /// Check indicators against this framework and order them as its leaves (see the [module docs](self)).
    pub framework: Option<&'a Framework>,
    /// Field delimiter (default `b','`).
    pub delimiter: u8,
    /// The period of every row of a wide CSV that has no `period` column.
    pub period: Option<Period>,
}

impl Default for CsvOptions<'_> {
    fn default() -> Self {
        CsvOptions {
            framework: None,
            delimiter: b',',
            period: None,
        }
    }
}

impl<'a> CsvOptions<'a> {
    /// Comma-separated, no framework, no default period.
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks indicators against `framework` and orders them as its leaves.
    pub fn with_framework(mut self, framework: &'a Framework) -> Self {
        self.framework = Some(framework);
        self
    }

    /// Sets the field delimiter (e.g. `b';'` or `b'\t'`).
    pub fn with_delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = delimiter;
        self
    }

    /// Sets the period of a wide CSV without a `period` column.
    pub fn with_period(mut self, period: Period) -> Self {
        self.period = Some(period);
        self
    }
}

// ---------------------------------------------------------------------------------------------------------
// helpers

fn parse_err(path: &Path, line: u64, column: u64, message: impl Into<String>) -> IndicatorsError {
    IndicatorsError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        message: message.into(),
    }
}

fn located(path: &Path, line: u64, column: u64, source: IndicatorsError) -> IndicatorsError {
    IndicatorsError::Located {
        path: path.to_path_buf(),
        line,
        column,
        source: Box::new(source),
    }
}

fn io_err(path: &Path, e: &std::io::Error) -> IndicatorsError {
    IndicatorsError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn csv_err(path: &Path, e: csv::Error) -> IndicatorsError {
    let line = e.position().map_or(0, csv::Position::line);
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io_err(path, &io),
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => {
            let line = pos.as_ref().map_or(line, csv::Position::line);
            let column = if len < expected_len {
                len + 1
            } else {
                expected_len + 1
            };
            parse_err(
                path,
                line,
                column,
                format!("ragged row: {len} fields, but the header has {expected_len}"),
            )
        }
        csv::ErrorKind::Utf8 { pos, err } => parse_err(
            path,
            pos.as_ref().map_or(line, csv::Position::line),
            err.field() as u64 + 1,
            "text is not valid UTF-8",
        ),
        other => parse_err(path, line, 0, format!("{other:?}")),
    }
}

fn trim(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

fn utf8<'b>(path: &Path, line: u64, column: u64, b: &'b [u8]) -> Result<&'b str> {
    std::str::from_utf8(b).map_err(|_| parse_err(path, line, column, "text is not valid UTF-8"))
}

/// What a value cell holds.
enum CellValue {
    Missing,
    Value(f64),
}

/// Parses a value cell: blank / `NA` / `N/A` = missing; NaN/Inf is reported by the caller (it knows the
/// unit/indicator/period). Returns `Err(())` for text that is not a number.
#[inline]
fn parse_value(b: &[u8]) -> std::result::Result<CellValue, ()> {
    let b = trim(b);
    if b.is_empty() || b.eq_ignore_ascii_case(b"na") || b.eq_ignore_ascii_case(b"n/a") {
        return Ok(CellValue::Missing);
    }
    let s = std::str::from_utf8(b).map_err(|_| ())?;
    s.parse::<f64>().map(CellValue::Value).map_err(|_| ())
}

/// Parses an integer period (optional sign, ASCII digits).
#[inline]
fn parse_period(b: &[u8]) -> Option<Period> {
    let b = trim(b);
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() {
        return None;
    }
    let mut v: i64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
        if v > i64::from(i32::MAX) + 1 {
            return None;
        }
    }
    let v = if neg { -v } else { v };
    i32::try_from(v).ok()
}

fn show(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Interns ids given as byte slices; allocates only for a new id.
/// Interns the unit of a data row (column `c_unit`), registering a new unit with its metadata columns.
#[inline]
fn read_unit(
    path: &Path,
    line: u64,
    rec: &csv::ByteRecord,
    c_unit: usize,
    meta: &MetaCols,
    units: &mut Interner,
    unit_meta: &mut Vec<Unit>,
) -> Result<u32> {
    let ub = trim(rec.get(c_unit).unwrap_or_default());
    let u = match units.lookup(ub) {
        Some(u) => u,
        None => {
            let code = utf8(path, line, c_unit as u64 + 1, ub)?;
            if code.is_empty() {
                return Err(parse_err(path, line, c_unit as u64 + 1, "empty unit code"));
            }
            unit_meta.push(Unit::new(code));
            units.insert(ub, code)
        }
    };
    if meta.any() {
        meta.apply(path, line, rec, &mut unit_meta[u as usize])?;
    }
    Ok(u)
}

/// Parses the period field of column `col` (0-based) of a data row.
#[inline]
fn read_period(path: &Path, line: u64, col: usize, b: &[u8]) -> Result<Period> {
    parse_period(b).ok_or_else(|| {
        parse_err(
            path,
            line,
            col as u64 + 1,
            format!("period `{}` is not an integer", show(b)),
        )
    })
}

/// Parses a value field of column `col` (0-based): `(value, present)`, a blank/NA cell being `(0.0, false)`.
/// `cell` names the (unit, indicator, period) for the NaN/Inf error; it is only called on that error.
#[inline]
fn read_value(
    path: &Path,
    line: u64,
    col: usize,
    b: &[u8],
    cell: impl FnOnce() -> (String, String, Period),
) -> Result<(f64, bool)> {
    match parse_value(b) {
        Ok(CellValue::Missing) => Ok((0.0, false)),
        Ok(CellValue::Value(v)) if v.is_finite() => Ok((v, true)),
        Ok(CellValue::Value(v)) => {
            let (unit, indicator, period) = cell();
            Err(located(
                path,
                line,
                col as u64 + 1,
                IndicatorsError::NonFinite {
                    unit,
                    indicator,
                    period,
                    value: v,
                },
            ))
        }
        Err(()) => Err(parse_err(
            path,
            line,
            col as u64 + 1,
            format!("value `{}` is not a number", show(b)),
        )),
    }
}

struct Interner {
    map: HashMap<Box<[u8]>, u32>,
    names: Vec<String>,
    last: Option<(Box<[u8]>, u32)>,
}

impl Interner {
    fn new() -> Self {
        Interner {
            map: HashMap::new(),
            names: Vec::new(),
            last: None,
        }
    }

    #[inline]
    fn lookup(&mut self, key: &[u8]) -> Option<u32> {
        if let Some((k, i)) = &self.last
            && **k == *key
        {
            return Some(*i);
        }
        let i = *self.map.get(key)?;
        self.last = Some((key.into(), i));
        Some(i)
    }

    /// Inserts a new id (the caller checked it is absent); `name` is its validated UTF-8 text.
    fn insert(&mut self, key: &[u8], name: &str) -> u32 {
        let i = self.names.len() as u32;
        self.map.insert(key.into(), i);
        self.names.push(name.to_string());
        self.last = Some((key.into(), i));
        i
    }
}

/// A CSV reader over `reader` with field `delimiter`, and its header's column names (see
/// [`header_names`]).
fn csv_with_header<R: Read>(
    reader: R,
    path: &Path,
    delimiter: u8,
) -> Result<(csv::Reader<R>, Vec<String>)> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .from_reader(reader);
    let names = header_names(path, rdr.byte_headers().map_err(|e| csv_err(path, e))?)?;
    Ok((rdr, names))
}

/// The header's column names: UTF-8, trimmed, a leading byte-order mark removed.
fn header_names(path: &Path, headers: &csv::ByteRecord) -> Result<Vec<String>> {
    headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let h = h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h);
            Ok(utf8(path, 1, c as u64 + 1, trim(h))?.to_string())
        })
        .collect()
}

fn find_col(names: &[String], aliases: &[&str]) -> Option<usize> {
    names
        .iter()
        .position(|n| aliases.iter().any(|a| n.eq_ignore_ascii_case(a)))
}

fn require_col(path: &Path, names: &[String], aliases: &[&str], delimiter: u8) -> Result<usize> {
    find_col(names, aliases).ok_or_else(|| missing_col(path, names, aliases[0], delimiter, ""))
}

/// The error of a missing required column `what`: the header's columns, and a delimiter hint when the header
/// looks delimited by another character (`extra` is appended to the message, e.g. an option to set).
fn missing_col(
    path: &Path,
    names: &[String],
    what: &str,
    delimiter: u8,
    extra: &str,
) -> IndicatorsError {
    let found = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let joined = names.join(&char::from(delimiter).to_string());
    let hint = match guess_delimiter(joined.as_bytes(), delimiter) {
        Some(d) => format!(
            "; the file looks {}-delimited: set CsvOptions::with_delimiter(b'{}')",
            delimiter_name(d),
            char::from(d).escape_default()
        ),
        None => String::new(),
    };
    parse_err(
        path,
        1,
        0,
        format!("missing required column `{what}`{extra} (the header's columns: {found}){hint}"),
    )
}

/// The delimiter a CSV header line most likely uses when it is not `configured`: the most frequent of
/// `,`, `;`, tab and `|` outside double quotes, if splitting on it gives more fields than splitting on
/// `configured` does. `None` when `configured` is as likely as any.
///
/// The readers use it to say "the file looks semicolon-delimited" when a required column is missing.
///
/// ```
/// use mfg_quality_indicators::io::guess_delimiter;
/// assert_eq!(guess_delimiter(b"unit;indicator;period;value", b','), Some(b';'));
/// assert_eq!(guess_delimiter(b"unit\tindicator\tperiod", b','), Some(b'\t'));
/// assert_eq!(guess_delimiter(b"unit,indicator,period", b','), None);
/// ```
pub fn guess_delimiter(header: &[u8], configured: u8) -> Option<u8> {
    let mut counts = [0usize; 4];
    let cands = [b',', b';', b'\t', b'|'];
    let mut own = 0usize;
    let mut quoted = false;
    for &b in header {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if b == configured {
                own += 1;
            }
            if let Some(k) = cands.iter().position(|&c| c == b) {
                counts[k] += 1;
            }
        }
    }
    let (k, &n) = counts
        .iter()
        .enumerate()
        .filter(|&(k, _)| cands[k] != configured)
        .max_by_key(|&(_, n)| *n)?;
    (n > own).then_some(cands[k])
}

/// A delimiter's name for messages: `comma`, `semicolon`, `tab`, `pipe`, or the character itself.
pub fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b',' => "comma".into(),
        b';' => "semicolon".into(),
        b'\t' => "tab".into(),
        b'|' => "pipe".into(),
        d => format!("`{}`", char::from(d).escape_default()),
    }
}

/// Optional unit metadata columns.
#[derive(Clone, Copy)]
struct MetaCols {
    name_en: Option<usize>,
    name_zh: Option<usize>,
    group: Option<usize>,
}

impl MetaCols {
    fn find(names: &[String]) -> Self {
        MetaCols {
            name_en: find_col(names, &["unit_name_en"]),
            name_zh: find_col(names, &["unit_name_zh"]),
            group: find_col(names, &["unit_group"]),
        }
    }

    fn any(&self) -> bool {
        self.name_en.is_some() || self.name_zh.is_some() || self.group.is_some()
    }

    fn is_meta(&self, c: usize) -> bool {
        [self.name_en, self.name_zh, self.group].contains(&Some(c))
    }

    /// Fills or checks the metadata of `unit` from a row.
    fn apply(&self, path: &Path, line: u64, rec: &csv::ByteRecord, unit: &mut Unit) -> Result<()> {
        fn one(
            path: &Path,
            line: u64,
            col: Option<usize>,
            rec: &csv::ByteRecord,
            what: &str,
            code: &str,
            slot: &mut String,
        ) -> Result<()> {
            let Some(c) = col else { return Ok(()) };
            let b = trim(rec.get(c).unwrap_or_default());
            if b.is_empty() {
                return Ok(());
            }
            if slot.is_empty() {
                *slot = utf8(path, line, c as u64 + 1, b)?.to_string();
            } else if slot.as_bytes() != b {
                return Err(parse_err(
                    path,
                    line,
                    c as u64 + 1,
                    format!(
                        "conflicting {what} for unit `{code}`: `{}` here, `{slot}` earlier",
                        show(b)
                    ),
                ));
            }
            Ok(())
        }
        one(
            path,
            line,
            self.name_en,
            rec,
            "unit_name_en",
            &unit.code,
            &mut unit.name_en,
        )?;
        one(
            path,
            line,
            self.name_zh,
            rec,
            "unit_name_zh",
            &unit.code,
            &mut unit.name_zh,
        )?;
        if self.group.is_some() {
            let mut g = unit.group.take().unwrap_or_default();
            let r = one(
                path,
                line,
                self.group,
                rec,
                "unit_group",
                &unit.code,
                &mut g,
            );
            unit.group = (!g.is_empty()).then_some(g);
            r?;
        }
        Ok(())
    }
}

fn indicator_interner(opts: &CsvOptions) -> Interner {
    let mut ind = Interner::new();
    if let Some(fw) = opts.framework {
        for id in fw.indicator_ids() {
            ind.insert(id.as_bytes(), id);
        }
        ind.last = None;
    }
    ind
}

fn open(path: &Path) -> Result<BufReader<File>> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|e| io_err(path, &e))
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    File::create(path)
        .map(BufWriter::new)
        .map_err(|e| io_err(path, &e))
}

// ---------------------------------------------------------------------------------------------------------
// long CSV

/// One parsed row of a long CSV.
struct Entry {
    unit: u32,
    indicator: u32,
    period: Period,
    value: f64,
    present: bool,
    line: u64,
}

/// Reads a long-format panel CSV (`unit, indicator, period, value`) from a file. See the
/// [module docs](self) for the layout, missing values and errors.
///
/// # Errors
/// [`IndicatorsError::Io`] if the file cannot be read; otherwise as [`read_long_csv_from`].
pub fn read_long_csv(path: impl AsRef<Path>, opts: &CsvOptions) -> Result<Panel> {
    let path = path.as_ref();
    read_long_impl(open(path)?, path, opts)
}

/// Reads a long-format panel CSV from in-memory text (errors name the file `<string>`).
///
/// # Errors
/// As [`read_long_csv_from`].
pub fn read_long_csv_str(text: &str, opts: &CsvOptions) -> Result<Panel> {
    read_long_impl(text.as_bytes(), Path::new(STRING_LABEL), opts)
}

/// Reads a long-format panel CSV from any reader; `label` names it in errors.
///
/// # Errors
/// [`IndicatorsError::Parse`] (ragged row, missing column, non-numeric value or period, no data row) or
/// [`IndicatorsError::Located`] (NaN/Inf, duplicate cell, unknown indicator), each with line and column.
pub fn read_long_csv_from<R: Read>(reader: R, label: &str, opts: &CsvOptions) -> Result<Panel> {
    read_long_impl(reader, Path::new(label), opts)
}

fn read_long_impl<R: Read>(reader: R, path: &Path, opts: &CsvOptions) -> Result<Panel> {
    let (mut rdr, names) = csv_with_header(reader, path, opts.delimiter)?;
    let c_unit = require_col(path, &names, &["unit"], opts.delimiter)?;
    let c_ind = require_col(path, &names, &["indicator"], opts.delimiter)?;
    let c_per = require_col(path, &names, &["period"], opts.delimiter)?;
    let c_val = require_col(path, &names, &["value"], opts.delimiter)?;
    let meta = MetaCols::find(&names);

    let mut units = Interner::new();
    let mut unit_meta: Vec<Unit> = Vec::new();
    let mut inds = indicator_interner(opts);
    let checked = opts.framework.is_some();
    let mut periods: Vec<Period> = Vec::new();
    let mut last_period: Option<Period> = None;
    let mut entries: Vec<Entry> = Vec::new();
    let mut rec = csv::ByteRecord::new();

    while rdr
        .read_byte_record(&mut rec)
        .map_err(|e| csv_err(path, e))?
    {
        let line = rec.position().map_or(0, csv::Position::line);
        let field = |c: usize| trim(rec.get(c).unwrap_or_default());
        let u = read_unit(path, line, &rec, c_unit, &meta, &mut units, &mut unit_meta)?;
        // indicator
        let ib = field(c_ind);
        let i = match inds.lookup(ib) {
            Some(i) => i,
            None => {
                let id = utf8(path, line, c_ind as u64 + 1, ib)?;
                if checked {
                    return Err(located(
                        path,
                        line,
                        c_ind as u64 + 1,
                        IndicatorsError::UnknownIndicator {
                            indicator: id.to_string(),
                        },
                    ));
                }
                if id.is_empty() {
                    return Err(parse_err(
                        path,
                        line,
                        c_ind as u64 + 1,
                        "empty indicator id",
                    ));
                }
                inds.insert(ib, id)
            }
        };
        // period
        let p = read_period(path, line, c_per, field(c_per))?;
        if last_period != Some(p) {
            if let Err(pos) = periods.binary_search(&p) {
                periods.insert(pos, p);
            }
            last_period = Some(p);
        }
        // value
        let (value, present) = read_value(path, line, c_val, field(c_val), || {
            (
                units.names[u as usize].clone(),
                inds.names[i as usize].clone(),
                p,
            )
        })?;
        entries.push(Entry {
            unit: u,
            indicator: i,
            period: p,
            value,
            present,
            line,
        });
    }
    if entries.is_empty() {
        return Err(parse_err(path, 1, 0, "no data rows"));
    }

    let (nu, ni, np) = (unit_meta.len(), inds.names.len(), periods.len());
    let n = nu * ni * np;
    let mut values = vec![0.0; n];
    let mut present = vec![false; n];
    let mut seen = vec![false; n];
    // Period → index: a direct table when the span is small (years), else binary search.
    let (pmin, pmax) = (periods[0], periods[np - 1]);
    let span = (i64::from(pmax) - i64::from(pmin)) as usize + 1;
    let table: Option<Vec<usize>> = (span <= 4 * np + 1024).then(|| {
        let mut t = vec![0; span];
        for (k, &p) in periods.iter().enumerate() {
            t[(p - pmin) as usize] = k;
        }
        t
    });
    for e in &entries {
        let pk = match &table {
            Some(t) => t[(i64::from(e.period) - i64::from(pmin)) as usize],
            None => periods.binary_search(&e.period).unwrap_or_default(),
        };
        let k = (pk * ni + e.indicator as usize) * nu + e.unit as usize;
        if seen[k] {
            return Err(located(
                path,
                e.line,
                0,
                IndicatorsError::DuplicateCell {
                    unit: unit_meta[e.unit as usize].code.clone(),
                    indicator: inds.names[e.indicator as usize].clone(),
                    period: e.period,
                },
            ));
        }
        seen[k] = true;
        values[k] = e.value;
        present[k] = e.present;
    }
    Panel::from_dense(unit_meta, inds.names, periods, values, present)
}

// ---------------------------------------------------------------------------------------------------------
// wide CSV

/// Reads a wide-format panel CSV (`unit, period, <indicator>…`) from a file. See the [module docs](self).
///
/// # Errors
/// [`IndicatorsError::Io`] if the file cannot be read; otherwise as [`read_wide_csv_from`].
pub fn read_wide_csv(path: impl AsRef<Path>, opts: &CsvOptions) -> Result<Panel> {
    let path = path.as_ref();
    read_wide_impl(open(path)?, path, opts)
}

/// Reads a wide-format panel CSV from in-memory text (errors name the file `<string>`).
///
/// # Errors
/// As [`read_wide_csv_from`].
pub fn read_wide_csv_str(text: &str, opts: &CsvOptions) -> Result<Panel> {
    read_wide_impl(text.as_bytes(), Path::new(STRING_LABEL), opts)
}

/// Reads a wide-format panel CSV from any reader; `label` names it in errors.
///
/// # Errors
/// [`IndicatorsError::Parse`] (ragged row, missing `unit`/`period` column, duplicate indicator column,
/// repeated (unit, period) row, non-numeric value or period, no data row) or [`IndicatorsError::Located`]
/// (NaN/Inf, indicator column not in the framework), each with line and column.
pub fn read_wide_csv_from<R: Read>(reader: R, label: &str, opts: &CsvOptions) -> Result<Panel> {
    read_wide_impl(reader, Path::new(label), opts)
}

fn read_wide_impl<R: Read>(reader: R, path: &Path, opts: &CsvOptions) -> Result<Panel> {
    let (mut rdr, names) = csv_with_header(reader, path, opts.delimiter)?;
    let c_unit = require_col(path, &names, &["unit"], opts.delimiter)?;
    let c_per = find_col(&names, &["period"]);
    if c_per.is_none() && opts.period.is_none() {
        return Err(missing_col(
            path,
            &names,
            "period",
            opts.delimiter,
            " (or set CsvOptions::with_period)",
        ));
    }
    let meta = MetaCols::find(&names);
    // Indicator columns: everything else, mapped to panel indicator indices.
    let mut inds = indicator_interner(opts);
    let checked = opts.framework.is_some();
    let mut ind_cols: Vec<(usize, usize)> = Vec::new(); // (column, indicator index)
    let mut col_seen: HashMap<&str, usize> = HashMap::new();
    for (c, name) in names.iter().enumerate() {
        if c == c_unit || Some(c) == c_per || meta.is_meta(c) {
            continue;
        }
        if name.is_empty() {
            return Err(parse_err(
                path,
                1,
                c as u64 + 1,
                "empty indicator column name",
            ));
        }
        if let Some(first) = col_seen.insert(name, c) {
            return Err(parse_err(
                path,
                1,
                c as u64 + 1,
                format!(
                    "duplicate indicator column `{name}` (also column {})",
                    first + 1
                ),
            ));
        }
        let i = match inds.lookup(name.as_bytes()) {
            Some(i) => i,
            None if checked => {
                return Err(located(
                    path,
                    1,
                    c as u64 + 1,
                    IndicatorsError::UnknownIndicator {
                        indicator: name.clone(),
                    },
                ));
            }
            None => inds.insert(name.as_bytes(), name),
        };
        ind_cols.push((c, i as usize));
    }
    if inds.names.is_empty() {
        return Err(parse_err(path, 1, 0, "no indicator columns"));
    }

    let mut units = Interner::new();
    let mut unit_meta: Vec<Unit> = Vec::new();
    let mut rows: Vec<(u32, Period, u64)> = Vec::new();
    let mut cells: Vec<(f64, bool)> = Vec::new();
    let mut row_lines: HashMap<(u32, Period), u64> = HashMap::new();
    let mut periods: Vec<Period> = Vec::new();
    let mut rec = csv::ByteRecord::new();
    while rdr
        .read_byte_record(&mut rec)
        .map_err(|e| csv_err(path, e))?
    {
        let line = rec.position().map_or(0, csv::Position::line);
        let field = |c: usize| trim(rec.get(c).unwrap_or_default());
        let u = read_unit(path, line, &rec, c_unit, &meta, &mut units, &mut unit_meta)?;
        let p = match c_per {
            Some(c) => read_period(path, line, c, field(c))?,
            None => opts.period.unwrap_or_default(),
        };
        if let Some(first) = row_lines.insert((u, p), line) {
            return Err(parse_err(
                path,
                line,
                0,
                format!(
                    "duplicate row for unit `{}`, period {p} (first at line {first})",
                    units.names[u as usize]
                ),
            ));
        }
        if let Err(pos) = periods.binary_search(&p) {
            periods.insert(pos, p);
        }
        for &(c, i) in &ind_cols {
            cells.push(read_value(path, line, c, field(c), || {
                (units.names[u as usize].clone(), inds.names[i].clone(), p)
            })?);
        }
        rows.push((u, p, line));
    }
    if rows.is_empty() {
        return Err(parse_err(path, 1, 0, "no data rows"));
    }
    let (nu, ni, np) = (unit_meta.len(), inds.names.len(), periods.len());
    let n = nu * ni * np;
    let mut values = vec![0.0; n];
    let mut present = vec![false; n];
    let nc = ind_cols.len();
    for (r, &(u, p, _)) in rows.iter().enumerate() {
        let pk = periods.binary_search(&p).unwrap_or_default();
        for (k, &(_, i)) in ind_cols.iter().enumerate() {
            let (v, m) = cells[r * nc + k];
            let off = (pk * ni + i) * nu + u as usize;
            values[off] = v;
            present[off] = m;
        }
    }
    Panel::from_dense(unit_meta, inds.names, periods, values, present)
}

// ---------------------------------------------------------------------------------------------------------
// panel writers

/// Appends `v` in Rust's shortest round-trip form (plain decimal for ordinary magnitudes, else exponent).
fn push_number(buf: &mut String, v: f64) {
    buf.clear();
    let a = v.abs();
    if a == 0.0 || (1e-5..1e16).contains(&a) {
        let _ = write!(buf, "{v}");
    } else {
        let _ = write!(buf, "{v:e}");
    }
}

fn has_meta(panel: &Panel) -> bool {
    panel
        .units()
        .iter()
        .any(|u| !u.name_en.is_empty() || !u.name_zh.is_empty() || u.group.is_some())
}

fn w_err(path: &Path, e: csv::Error) -> IndicatorsError {
    csv_err(path, e)
}

/// Writes a panel as long CSV (`unit, indicator, period, value`, plus `unit_name_en, unit_name_zh,
/// unit_group` when any unit has metadata), every cell in panel order, missing cells blank.
///
/// # Errors
/// [`IndicatorsError::Io`] if writing fails.
pub fn write_long_csv<W: Write>(panel: &Panel, writer: W) -> Result<()> {
    write_long_impl(panel, writer, Path::new(STRING_LABEL))
}

/// Writes a panel as long CSV to a file (see [`write_long_csv`]).
///
/// # Errors
/// [`IndicatorsError::Io`] naming the file.
pub fn write_long_csv_path(panel: &Panel, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    write_long_impl(panel, create(path)?, path)
}

/// The long CSV text of a panel (see [`write_long_csv`]).
///
/// # Errors
/// Only if the CSV writer fails (it does not for in-memory output).
pub fn write_long_csv_str(panel: &Panel) -> Result<String> {
    let mut buf = Vec::new();
    write_long_csv(panel, &mut buf)?;
    String::from_utf8(buf).map_err(|e| parse_err(Path::new(STRING_LABEL), 0, 0, e.to_string()))
}

fn write_long_impl<W: Write>(panel: &Panel, writer: W, path: &Path) -> Result<()> {
    let mut w = csv::Writer::from_writer(writer);
    let meta = has_meta(panel);
    let mut header = vec!["unit", "indicator", "period", "value"];
    if meta {
        header.extend(["unit_name_en", "unit_name_zh", "unit_group"]);
    }
    w.write_record(&header).map_err(|e| w_err(path, e))?;
    let (nu, ni) = (panel.n_units(), panel.n_indicators());
    let (mut num, mut per) = (String::new(), String::new());
    for (p, &period) in panel.periods().iter().enumerate() {
        per.clear();
        let _ = write!(per, "{period}");
        for i in 0..ni {
            let ind = &panel.indicators()[i];
            let (col, mask) = (panel.column(i, p), panel.column_mask(i, p));
            for u in 0..nu {
                let unit = &panel.units()[u];
                if mask[u] {
                    push_number(&mut num, col[u]);
                } else {
                    num.clear();
                }
                let r = (|| {
                    w.write_field(&unit.code)?;
                    w.write_field(ind)?;
                    w.write_field(&per)?;
                    w.write_field(&num)?;
                    if meta {
                        w.write_field(&unit.name_en)?;
                        w.write_field(&unit.name_zh)?;
                        w.write_field(unit.group.as_deref().unwrap_or(""))?;
                    }
                    w.write_record(None::<&[u8]>)
                })();
                r.map_err(|e| w_err(path, e))?;
            }
        }
    }
    w.flush().map_err(|e| io_err(path, &e))
}

/// Writes a panel as wide CSV (`unit, [unit_name_en, unit_name_zh, unit_group,] period, <indicators>…`),
/// one row per unit and period (unit-major), missing cells blank.
///
/// # Errors
/// [`IndicatorsError::Io`] if writing fails.
pub fn write_wide_csv<W: Write>(panel: &Panel, writer: W) -> Result<()> {
    write_wide_impl(panel, writer, Path::new(STRING_LABEL))
}

/// Writes a panel as wide CSV to a file (see [`write_wide_csv`]).
///
/// # Errors
/// [`IndicatorsError::Io`] naming the file.
pub fn write_wide_csv_path(panel: &Panel, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    write_wide_impl(panel, create(path)?, path)
}

/// The wide CSV text of a panel (see [`write_wide_csv`]).
///
/// # Errors
/// Only if the CSV writer fails (it does not for in-memory output).
pub fn write_wide_csv_str(panel: &Panel) -> Result<String> {
    let mut buf = Vec::new();
    write_wide_csv(panel, &mut buf)?;
    String::from_utf8(buf).map_err(|e| parse_err(Path::new(STRING_LABEL), 0, 0, e.to_string()))
}

fn write_wide_impl<W: Write>(panel: &Panel, writer: W, path: &Path) -> Result<()> {
    let mut w = csv::Writer::from_writer(writer);
    let meta = has_meta(panel);
    let mut header: Vec<&str> = vec!["unit"];
    if meta {
        header.extend(["unit_name_en", "unit_name_zh", "unit_group"]);
    }
    header.push("period");
    header.extend(panel.indicators().iter().map(String::as_str));
    w.write_record(&header).map_err(|e| w_err(path, e))?;
    let mut num = String::new();
    for (u, unit) in panel.units().iter().enumerate() {
        for (p, &period) in panel.periods().iter().enumerate() {
            let r = (|| {
                w.write_field(&unit.code)?;
                if meta {
                    w.write_field(&unit.name_en)?;
                    w.write_field(&unit.name_zh)?;
                    w.write_field(unit.group.as_deref().unwrap_or(""))?;
                }
                w.write_field(period.to_string())?;
                for i in 0..panel.n_indicators() {
                    match panel.get(u, i, p) {
                        Some(v) => push_number(&mut num, v),
                        None => num.clear(),
                    }
                    w.write_field(&num)?;
                }
                w.write_record(None::<&[u8]>)
            })();
            r.map_err(|e| w_err(path, e))?;
        }
    }
    w.flush().map_err(|e| io_err(path, &e))
}

// ---------------------------------------------------------------------------------------------------------
// framework JSON

/// A framework from its JSON form (the serde form of [`NodeSpec`]).
///
/// # Errors
/// [`IndicatorsError::Parse`] with line and column for malformed JSON (file `<string>`), or a validation
/// error of [`Framework::new`].
pub fn read_framework_json_str(text: &str) -> Result<Framework> {
    json_impl(text, Path::new(STRING_LABEL))
}

/// A framework from a JSON file (see [`read_framework_json_str`]).
///
/// # Errors
/// [`IndicatorsError::Io`], or as [`read_framework_json_str`] naming the file.
pub fn read_framework_json(path: impl AsRef<Path>) -> Result<Framework> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|e| io_err(path, &e))?;
    json_impl(&text, path)
}

fn json_impl(text: &str, path: &Path) -> Result<Framework> {
    // A UTF-8 byte-order mark (as some Windows editors write) is not JSON: skip it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let spec: NodeSpec = serde_json::from_str(text)
        .map_err(|e| parse_err(path, e.line() as u64, e.column() as u64, e.to_string()))?;
    Framework::new(spec)
}

/// The pretty-printed JSON form of a framework.
///
/// # Errors
/// Only if serialisation fails (it does not for a validated framework).
pub fn write_framework_json_str(framework: &Framework) -> Result<String> {
    serde_json::to_string_pretty(&framework.to_spec())
        .map_err(|e| parse_err(Path::new(STRING_LABEL), 0, 0, e.to_string()))
}

/// Writes the JSON form of a framework to a file.
///
/// # Errors
/// [`IndicatorsError::Io`] naming the file.
pub fn write_framework_json_path(framework: &Framework, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let text = write_framework_json_str(framework)?;
    std::fs::write(path, text).map_err(|e| io_err(path, &e))
}

// ---------------------------------------------------------------------------------------------------------
// framework metadata CSV

/// A framework from a COINr-style metadata CSV table (see the [module docs](self) for the columns).
///
/// ```
/// use mfg_quality_indicators::io::read_framework_csv_str;
/// let fw = read_framework_csv_str("\
/// id,name_en,parent,level,weight,direction
/// MPI,Index,,3,,
/// QE,Quality and efficiency,MPI,2,0.2931,
/// VAR,Value-added rate,QE,1,1,1
/// ENE,Energy intensity,QE,1,1,-1
/// ").unwrap();
/// assert_eq!(fw.indicator_ids(), vec!["VAR", "ENE"]);
/// ```
///
/// # Errors
/// [`IndicatorsError::Parse`] (ragged row, missing column, bad level, weight or direction, inconsistent
/// levels) or [`IndicatorsError::Located`] wrapping a structural error of [`Framework::from_flat`].
pub fn read_framework_csv_str(text: &str) -> Result<Framework> {
    meta_impl(text.as_bytes(), Path::new(STRING_LABEL))
}

/// A framework from a metadata CSV file (see [`read_framework_csv_str`]).
///
/// # Errors
/// [`IndicatorsError::Io`], or as [`read_framework_csv_str`] naming the file.
pub fn read_framework_csv(path: impl AsRef<Path>) -> Result<Framework> {
    let path = path.as_ref();
    meta_impl(open(path)?, path)
}

/// A framework from a metadata CSV read from any reader; `label` names it in errors.
///
/// # Errors
/// As [`read_framework_csv_str`].
pub fn read_framework_csv_from<R: Read>(reader: R, label: &str) -> Result<Framework> {
    meta_impl(reader, Path::new(label))
}

fn meta_impl<R: Read>(reader: R, path: &Path) -> Result<Framework> {
    let (mut rdr, names) = csv_with_header(reader, path, b',')?;
    let c_id = require_col(path, &names, &["id", "icode", "code"], b',')?;
    let c_parent = require_col(path, &names, &["parent"], b',')?;
    let c_level = find_col(&names, &["level"]);
    let c_type = find_col(&names, &["type"]);
    if c_level.is_none() && c_type.is_none() {
        return Err(missing_col(path, &names, "level", b',', " (or `type`)"));
    }
    let c_name_en = find_col(&names, &["name_en", "iname", "name"]);
    let c_name_zh = find_col(&names, &["name_zh"]);
    let c_weight = find_col(&names, &["weight"]);
    let c_dir = find_col(&names, &["direction", "polarity"]);
    let c_unit = find_col(&names, &["unit"]);
    let c_agg = find_col(&names, &["aggregation"]);
    let c_def = find_col(&names, &["definition"]);
    let c_src = find_col(&names, &["source"]);

    let mut rows: Vec<FlatNode> = Vec::new();
    let mut lines: Vec<u64> = Vec::new();
    let mut levels: Vec<Option<i64>> = Vec::new();
    let mut line_of: HashMap<String, usize> = HashMap::new();
    let mut rec = csv::ByteRecord::new();
    while rdr
        .read_byte_record(&mut rec)
        .map_err(|e| csv_err(path, e))?
    {
        let line = rec.position().map_or(0, csv::Position::line);
        let text = |c: Option<usize>| -> Result<String> {
            match c {
                None => Ok(String::new()),
                Some(c) => Ok(utf8(
                    path,
                    line,
                    c as u64 + 1,
                    trim(rec.get(c).unwrap_or_default()),
                )?
                .to_string()),
            }
        };
        let id = text(Some(c_id))?;
        if id.is_empty() {
            return Err(parse_err(path, line, c_id as u64 + 1, "empty node id"));
        }
        if let Some(&first) = line_of.get(&id) {
            return Err(located(
                path,
                line,
                c_id as u64 + 1,
                IndicatorsError::DuplicateId {
                    kind: "node",
                    id: format!("{id} (first at line {})", lines[first]),
                },
            ));
        }
        let level = match c_level {
            None => None,
            Some(c) => {
                let t = text(Some(c))?;
                let l = t.parse::<i64>().ok().filter(|&l| l >= 1).ok_or_else(|| {
                    parse_err(
                        path,
                        line,
                        c as u64 + 1,
                        format!("level `{t}` is not an integer ≥ 1 (1 = indicator)"),
                    )
                })?;
                Some(l)
            }
        };
        let ty = match c_type {
            None => None,
            Some(c) => {
                let t = text(Some(c))?;
                match t.to_ascii_lowercase().as_str() {
                    "indicator" => Some(true),
                    "aggregate" | "group" => Some(false),
                    _ => {
                        return Err(parse_err(
                            path,
                            line,
                            c as u64 + 1,
                            format!("type `{t}` is neither `Indicator` nor `Aggregate`"),
                        ));
                    }
                }
            }
        };
        let is_indicator = match (level, ty) {
            (Some(l), Some(t)) if (l == 1) != t => {
                return Err(parse_err(
                    path,
                    line,
                    c_type.map_or(0, |c| c as u64 + 1),
                    format!("type disagrees with level {l} (level 1 = indicator)"),
                ));
            }
            (_, Some(t)) => t,
            (Some(l), None) => l == 1,
            (None, None) => false,
        };
        let weight = match c_weight {
            None => 1.0,
            Some(c) => {
                let t = text(Some(c))?;
                if t.is_empty() {
                    1.0
                } else {
                    let w = t.parse::<f64>().map_err(|_| {
                        parse_err(
                            path,
                            line,
                            c as u64 + 1,
                            format!("weight `{t}` is not a number"),
                        )
                    })?;
                    if !w.is_finite() {
                        return Err(parse_err(
                            path,
                            line,
                            c as u64 + 1,
                            format!("weight `{t}` is not finite"),
                        ));
                    }
                    w
                }
            }
        };
        let polarity = match c_dir {
            None => Polarity::Positive,
            Some(c) => {
                let t = text(Some(c))?;
                if t.is_empty() {
                    Polarity::Positive
                } else {
                    Polarity::parse(&t).ok_or_else(|| {
                        parse_err(
                            path,
                            line,
                            c as u64 + 1,
                            format!("direction `{t}` is not 1/-1, +/- or positive/negative"),
                        )
                    })?
                }
            }
        };
        let parent = text(Some(c_parent))?;
        let agg = text(c_agg)?;
        line_of.insert(id.clone(), rows.len());
        rows.push(FlatNode {
            id,
            name_en: text(c_name_en)?,
            name_zh: text(c_name_zh)?,
            parent: (!parent.is_empty()).then_some(parent),
            is_indicator,
            weight,
            polarity,
            unit: text(c_unit)?,
            definition: text(c_def)?,
            source: text(c_src)?,
            aggregation: (!agg.is_empty()).then_some(agg),
        });
        lines.push(line);
        levels.push(level);
    }
    if rows.is_empty() {
        return Err(parse_err(path, 1, 0, "no data rows"));
    }
    // A parent's level must exceed its children's (COINr: parent level = child level + 1 in a balanced tree).
    if let Some(c) = c_level {
        for (k, r) in rows.iter().enumerate() {
            let Some(p) = r.parent.as_deref().and_then(|p| line_of.get(p)) else {
                continue;
            };
            if let (Some(lc), Some(lp)) = (levels[k], levels[*p])
                && lp <= lc
            {
                return Err(parse_err(
                    path,
                    lines[k],
                    c as u64 + 1,
                    format!(
                        "level {lc} of `{}` is not below the level {lp} of its parent `{}`",
                        r.id, rows[*p].id
                    ),
                ));
            }
        }
    }
    Framework::from_flat(&rows).map_err(|e| {
        let at = |node: &str, col: Option<usize>| {
            line_of
                .get(node)
                .map(|&k| (lines[k], col.map_or(0, |c| c as u64 + 1)))
        };
        let pos = match &e {
            IndicatorsError::Orphan { node, .. } => at(node, Some(c_parent)),
            IndicatorsError::Cycle { node } => at(node, Some(c_parent)),
            IndicatorsError::InvalidWeight { node, .. } => at(node, c_weight),
            IndicatorsError::LeafNotIndicator { node } => at(node, c_level.or(c_type)),
            IndicatorsError::EmptyGroup { node } => at(node, c_level.or(c_type)),
            IndicatorsError::ZeroWeightSum { node } => at(node, None),
            IndicatorsError::DuplicateId { id, .. } => at(id, Some(c_id)),
            _ => None,
        };
        match pos {
            Some((line, column)) => located(path, line, column, e),
            None => e,
        }
    })
}

/// COINr level of each node: 1 for an indicator, 1 + the largest child level for a group.
fn coinr_levels(fw: &Framework) -> Vec<usize> {
    let mut level = vec![1usize; fw.len()];
    for &id in fw.postorder() {
        let kids: &[NodeId] = fw.children(id);
        if let Some(m) = kids.iter().map(|&c| level[c]).max() {
            level[id] = m + 1;
        }
    }
    level
}

/// Writes a framework as a COINr-style metadata CSV (columns `id, name_en, name_zh, parent, level, type,
/// weight, direction, unit, aggregation, definition, source`), nodes in pre-order.
///
/// Levels: 1 for indicators, and 1 + the largest child level for a group (so the root has the highest
/// level, as in COINr).
///
/// # Errors
/// [`IndicatorsError::Io`] if writing fails.
pub fn write_framework_csv<W: Write>(framework: &Framework, writer: W) -> Result<()> {
    framework_csv_impl(framework, writer, Path::new(STRING_LABEL))
}

/// Writes a framework metadata CSV to a file (see [`write_framework_csv`]).
///
/// # Errors
/// [`IndicatorsError::Io`] naming the file.
pub fn write_framework_csv_path(framework: &Framework, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    framework_csv_impl(framework, create(path)?, path)
}

/// The metadata CSV text of a framework (see [`write_framework_csv`]).
///
/// # Errors
/// Only if the CSV writer fails (it does not for in-memory output).
pub fn write_framework_csv_str(framework: &Framework) -> Result<String> {
    let mut buf = Vec::new();
    write_framework_csv(framework, &mut buf)?;
    String::from_utf8(buf).map_err(|e| parse_err(Path::new(STRING_LABEL), 0, 0, e.to_string()))
}

fn framework_csv_impl<W: Write>(fw: &Framework, writer: W, path: &Path) -> Result<()> {
    let mut w = csv::Writer::from_writer(writer);
    w.write_record([
        "id",
        "name_en",
        "name_zh",
        "parent",
        "level",
        "type",
        "weight",
        "direction",
        "unit",
        "aggregation",
        "definition",
        "source",
    ])
    .map_err(|e| w_err(path, e))?;
    let levels = coinr_levels(fw);
    let mut num = String::new();
    for id in fw.preorder() {
        let n = fw.node(id);
        let ind = n.indicator();
        push_number(&mut num, n.weight);
        let parent = fw.parent(id).map_or("", |p| fw.node(p).id.as_str());
        let direction = match ind.map(|i| i.polarity) {
            Some(Polarity::Positive) => "1",
            Some(Polarity::Negative) => "-1",
            None => "",
        };
        let level = levels[id].to_string();
        w.write_record([
            n.id.as_str(),
            &n.name_en,
            &n.name_zh,
            parent,
            &level,
            if ind.is_some() {
                "Indicator"
            } else {
                "Aggregate"
            },
            &num,
            direction,
            ind.map_or("", |i| i.unit.as_str()),
            n.aggregation.as_deref().unwrap_or(""),
            ind.map_or("", |i| i.definition.as_str()),
            ind.map_or("", |i| i.source.as_str()),
        ])
        .map_err(|e| w_err(path, e))?;
    }
    w.flush().map_err(|e| io_err(path, &e))
}

// ---------------------------------------------------------------------------------------------------------
// old names (readers are `read_*`, writers `write_*`, in-memory text `*_str`)

/// Renamed to [`write_long_csv_str`].
///
/// # Errors
/// As [`write_long_csv_str`].
#[deprecated(note = "renamed to `write_long_csv_str`")]
pub fn long_csv_string(panel: &Panel) -> Result<String> {
    write_long_csv_str(panel)
}

/// Renamed to [`write_wide_csv_str`].
///
/// # Errors
/// As [`write_wide_csv_str`].
#[deprecated(note = "renamed to `write_wide_csv_str`")]
pub fn wide_csv_string(panel: &Panel) -> Result<String> {
    write_wide_csv_str(panel)
}

/// Renamed to [`read_framework_json_str`].
///
/// # Errors
/// As [`read_framework_json_str`].
#[deprecated(note = "renamed to `read_framework_json_str`")]
pub fn framework_from_json_str(text: &str) -> Result<Framework> {
    read_framework_json_str(text)
}

/// Renamed to [`write_framework_json_str`].
///
/// # Errors
/// As [`write_framework_json_str`].
#[deprecated(note = "renamed to `write_framework_json_str`")]
pub fn framework_to_json_string(framework: &Framework) -> Result<String> {
    write_framework_json_str(framework)
}

/// Renamed to [`write_framework_json_path`] (a path argument is `_path`, as for the CSV writers).
///
/// # Errors
/// As [`write_framework_json_path`].
#[deprecated(note = "renamed to `write_framework_json_path`")]
pub fn write_framework_json(framework: &Framework, path: impl AsRef<Path>) -> Result<()> {
    write_framework_json_path(framework, path)
}

/// Renamed to [`read_framework_csv_str`].
///
/// # Errors
/// As [`read_framework_csv_str`].
#[deprecated(note = "renamed to `read_framework_csv_str`")]
pub fn framework_from_csv_str(text: &str) -> Result<Framework> {
    read_framework_csv_str(text)
}

/// Renamed to [`read_framework_csv_from`].
///
/// # Errors
/// As [`read_framework_csv_from`].
#[deprecated(note = "renamed to `read_framework_csv_from`")]
pub fn framework_from_csv_reader<R: Read>(reader: R, label: &str) -> Result<Framework> {
    read_framework_csv_from(reader, label)
}

/// Renamed to [`write_framework_csv_str`].
///
/// # Errors
/// As [`write_framework_csv_str`].
#[deprecated(note = "renamed to `write_framework_csv_str`")]
pub fn framework_to_csv_string(framework: &Framework) -> Result<String> {
    write_framework_csv_str(framework)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse() {
        assert_eq!(parse_period(b" 2015 "), Some(2015));
        assert_eq!(parse_period(b"-3"), Some(-3));
        assert_eq!(parse_period(b"20x5"), None);
        assert_eq!(parse_period(b""), None);
        assert_eq!(parse_period(b"99999999999"), None);
        assert_eq!(parse_period(b"-2147483648"), Some(i32::MIN));
    }

    #[test]
    fn numbers_round_trip_text() {
        let mut s = String::new();
        for v in [0.0, 1.5, -2.25e-9, 1e300, 123456.789, 1e16, -7.0] {
            push_number(&mut s, v);
            assert_eq!(s.parse::<f64>().unwrap().to_bits(), v.to_bits(), "{s}");
        }
    }
}
