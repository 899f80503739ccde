//! Streaming CSV readers for trade flows: the CEPII BACI layout and a plain named-column layout.
//!
//! # Layouts
//! - [`CsvLayout::Baci`]: CEPII BACI files (`t,i,j,k,v,q`): `t` year, `i` exporter and `j` importer as ISO
//!   3166-1 numeric country codes, `k` the HS6 product, `v` value in **thousand current USD**, `q` quantity in
//!   **metric tonnes** (blank or `NA` when unknown). Values are stored as read (thousand USD), so a unit value
//!   `v/q` is in thousand USD per tonne = USD per kg, the unit of the paper's §1 figures.
//! - [`CsvLayout::Named`]: any CSV with a header naming the six columns (names configurable, order free,
//!   other columns ignored).
//!
//! # Codes
//! Numeric country codes are canonicalised to at least three digits (`40` and `040` are both Austria,
//! `040`); other country codes are kept as given. Product codes follow [`normalise_product_code`]: an
//! all-digit code with an odd number of digits gets its leading zero back (BACI's `k` is HS6 but is often
//! written as an integer, so `10121` is `010121`).
//!
//! # Rows that are not used
//! Blank/`NA` quantity, zero quantity, blank/`NA` value and zero value are *skipped and counted* by reason
//! in the [`LoadReport`] (a unit value needs both). Malformed rows (wrong field count, a number that does
//! not parse, an empty code), negative numbers and NaN/Inf follow the declared [`BadRowPolicy`]: an error
//! naming the 1-based line and column (default), or skipped and counted with their first line numbers.
//!
//! # Speed and memory
//! One reused [`csv::ByteRecord`]; numbers parsed from the bytes without allocation; numeric codes looked up
//! in direct arrays (countries ≤ 4 digits, products of 2/4/6 digits), other codes in a byte-keyed hash map.
//! [`read_flows`] keeps every flow (30 bytes each, see [`TradeFlows`]); [`read_cells`] keeps only the
//! (exporter, product, year) cells — and optionally the (importer, product, year) cells — so memory grows
//! with cells, not rows.

use std::io::Read;

use serde::{Deserialize, Serialize};

use crate::error::{ElasticityError, Result};
use crate::flows::{
    CellAccumulator, Cells, Dictionary, FxHashMap, TradeFlows, normalise_product_code,
};

/// Column names of the named-column layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnNames {
    /// Year column (default `year`).
    pub year: String,
    /// Exporter column (default `exporter`).
    pub exporter: String,
    /// Importer column (default `importer`).
    pub importer: String,
    /// Product column (default `product`).
    pub product: String,
    /// Value column (default `value`).
    pub value: String,
    /// Quantity column (default `quantity`).
    pub quantity: String,
}

impl Default for ColumnNames {
    fn default() -> Self {
        Self {
            year: "year".into(),
            exporter: "exporter".into(),
            importer: "importer".into(),
            product: "product".into(),
            value: "value".into(),
            quantity: "quantity".into(),
        }
    }
}

impl ColumnNames {
    /// The BACI names `t,i,j,k,v,q`.
    pub fn baci() -> Self {
        Self {
            year: "t".into(),
            exporter: "i".into(),
            importer: "j".into(),
            product: "k".into(),
            value: "v".into(),
            quantity: "q".into(),
        }
    }
}

/// The CSV layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CsvLayout {
    /// CEPII BACI: header `t,i,j,k,v,q` (value in thousand USD, quantity in tonnes).
    #[default]
    Baci,
    /// A header naming the six columns.
    Named(ColumnNames),
}

/// What to do with a malformed row, a negative number or NaN/Inf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BadRowPolicy {
    /// Stop with an error naming the line and column (default).
    #[default]
    Error,
    /// Skip the row and count it in the [`LoadReport`].
    Skip,
}

/// Options of the readers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadOptions {
    /// The layout.
    pub layout: CsvLayout,
    /// Field delimiter (default `b','`).
    pub delimiter: u8,
    /// Policy for malformed rows, negative numbers and NaN/Inf.
    pub bad_rows: BadRowPolicy,
    /// [`read_cells`] only: also aggregate the importer side (country as importer), for Aiginger quadrants.
    pub imports: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            layout: CsvLayout::Baci,
            delimiter: b',',
            bad_rows: BadRowPolicy::Error,
            imports: false,
        }
    }
}

/// Why rows were not used: the counts of a load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadReport {
    /// Data rows read (header excluded).
    pub rows_read: u64,
    /// Rows kept.
    pub rows_kept: u64,
    /// Skipped: quantity blank or `NA`.
    pub missing_quantity: u64,
    /// Skipped: quantity zero.
    pub zero_quantity: u64,
    /// Skipped: value blank or `NA`.
    pub missing_value: u64,
    /// Skipped: value zero.
    pub zero_value: u64,
    /// Skipped under [`BadRowPolicy::Skip`]: malformed rows.
    pub malformed: u64,
    /// Skipped under [`BadRowPolicy::Skip`]: negative value or quantity.
    pub negative: u64,
    /// Skipped under [`BadRowPolicy::Skip`]: NaN or infinite value or quantity.
    pub non_finite: u64,
    /// The first (at most 20) bad rows skipped: (1-based line, reason).
    pub first_bad_rows: Vec<(u64, String)>,
}

impl LoadReport {
    /// Rows skipped for any reason (`rows_read − rows_kept`).
    pub fn skipped(&self) -> u64 {
        self.rows_read - self.rows_kept
    }
}

/// Reads every flow into columnar [`TradeFlows`].
///
/// ```
/// use mfg_quality_elasticity::reader::{read_flows, ReadOptions};
/// let csv = "t,i,j,k,v,q\n2015,156,276,10121,12.5,2.5\n2015,156,276,847130,10,\n";
/// let (flows, report) = read_flows(csv.as_bytes(), &ReadOptions::default()).unwrap();
/// assert_eq!(flows.len(), 1);
/// assert_eq!(flows.flow(0).product, "010121"); // leading zero restored
/// assert_eq!(report.missing_quantity, 1);
/// ```
///
/// # Errors
/// [`ElasticityError::Input`] for an unreadable input or a header lacking a column;
/// [`ElasticityError::Malformed`], [`ElasticityError::Negative`], [`ElasticityError::NonFinite`] with the line
/// and column under [`BadRowPolicy::Error`].
pub fn read_flows<R: Read>(input: R, options: &ReadOptions) -> Result<(TradeFlows, LoadReport)> {
    let mut flows = TradeFlows::new();
    let mut state = Interner::default();
    let report = stream(input, options, &mut state, |y, e, m, p, v, q| {
        flows.push_ids(y, e, m, p, v, q)
    })?;
    flows.countries = state.countries;
    flows.products = state.products;
    Ok((flows, report))
}

/// The result of [`read_cells`].
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregated {
    /// (exporter, product, year) cells.
    pub exports: Cells,
    /// (importer, product, year) cells, when [`ReadOptions::imports`] is set (the "exporter" column of these
    /// cells holds the importing country).
    pub imports: Option<Cells>,
    /// The load report.
    pub report: LoadReport,
}

/// Streams the CSV into (exporter, product, year) [`Cells`] without keeping the rows (and, with
/// [`ReadOptions::imports`], into (importer, product, year) cells too).
///
/// Memory grows with the number of cells. Exporter–product segments, unit values, the elasticity regression,
/// structure shares and (with imports) Aiginger quadrants all work on cells; only per-flow segments need
/// [`read_flows`].
///
/// # Errors
/// As [`read_flows`].
pub fn read_cells<R: Read>(input: R, options: &ReadOptions) -> Result<Aggregated> {
    let mut state = Interner::default();
    let mut exp = CellAccumulator::default();
    let mut imp = CellAccumulator::default();
    let with_imports = options.imports;
    let report = stream(input, options, &mut state, |y, e, m, p, v, q| {
        exp.add(y, e, p, v, q);
        if with_imports {
            imp.add(y, m, p, v, q);
        }
    })?;
    let mut exports = Cells::empty(state.countries.clone(), state.products.clone());
    exp.finish_into(&mut exports);
    let imports = if with_imports {
        let mut c = Cells::empty(state.countries, state.products);
        imp.finish_into(&mut c);
        Some(c)
    } else {
        None
    };
    Ok(Aggregated {
        exports,
        imports,
        report,
    })
}

/// Interning caches: direct arrays for numeric codes, a byte-keyed map for the rest.
#[derive(Default)]
struct Interner {
    countries: Dictionary,
    products: Dictionary,
    country_num: Vec<u32>,
    country_other: FxHashMap<Vec<u8>, u32>,
    product_num: [Vec<u32>; 3],
    product_other: FxHashMap<Vec<u8>, u32>,
}

const NONE: u32 = u32::MAX;

fn trim(b: &[u8]) -> &[u8] {
    let mut s = b;
    while let [first, rest @ ..] = s {
        if first.is_ascii_whitespace() || *first == b'"' {
            s = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., last] = s {
        if last.is_ascii_whitespace() || *last == b'"' {
            s = rest;
        } else {
            break;
        }
    }
    s
}

#[inline]
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

impl Interner {
    #[inline]
    fn country(&mut self, b: &[u8]) -> Option<u32> {
        if b.is_empty() {
            return None;
        }
        if b.len() <= 4
            && let Some(n) = digits(b)
        {
            if self.country_num.is_empty() {
                self.country_num = vec![NONE; 10_000];
            }
            let slot = &mut self.country_num[n as usize];
            if *slot == NONE {
                *slot = self.countries.intern(&format!("{n:03}"));
            }
            return Some(*slot);
        }
        if let Some(&id) = self.country_other.get(b) {
            return Some(id);
        }
        let name = String::from_utf8_lossy(b).into_owned();
        let id = self.countries.intern(&name);
        self.country_other.insert(b.to_vec(), id);
        Some(id)
    }

    #[inline]
    fn product(&mut self, b: &[u8]) -> Option<u32> {
        if b.is_empty() {
            return None;
        }
        if b.len() <= 6
            && let Some(n) = digits(b)
        {
            let norm_len = b.len() + (b.len() % 2);
            let which = norm_len / 2 - 1;
            let table = &mut self.product_num[which];
            if table.is_empty() {
                *table = vec![NONE; 10usize.pow(norm_len as u32)];
            }
            let slot = &mut table[n as usize];
            if *slot == NONE {
                *slot = self
                    .products
                    .intern(&format!("{n:0width$}", width = norm_len));
            }
            return Some(*slot);
        }
        if let Some(&id) = self.product_other.get(b) {
            return Some(id);
        }
        let name = normalise_product_code(&String::from_utf8_lossy(b)).ok()?;
        let id = self.products.intern(&name);
        self.product_other.insert(b.to_vec(), id);
        Some(id)
    }
}

enum Num {
    Missing,
    Value(f64),
}

#[inline]
fn number(b: &[u8]) -> std::result::Result<Num, &'static str> {
    if b.is_empty() || b == b"NA" || b == b"na" {
        return Ok(Num::Missing);
    }
    let s = std::str::from_utf8(b).map_err(|_| "not UTF-8")?;
    s.parse::<f64>().map(Num::Value).map_err(|_| "not a number")
}

/// A parsed row (year, exporter, importer, product, value, quantity), `None` when skipped for a counted
/// reason, or a bad row (kind, column index or `usize::MAX` for the whole record, message).
type RowOutcome = std::result::Result<Option<(u16, u32, u32, u32, f64, f64)>, (Bad, usize, String)>;

enum Bad {
    Malformed,
    Negative,
    NonFinite,
}

fn stream<R: Read>(
    input: R,
    options: &ReadOptions,
    st: &mut Interner,
    mut sink: impl FnMut(u16, u32, u32, u32, f64, f64),
) -> Result<LoadReport> {
    let names = match &options.layout {
        CsvLayout::Baci => ColumnNames::baci(),
        CsvLayout::Named(n) => n.clone(),
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(options.delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    let header = rdr
        .byte_headers()
        .map_err(|e| ElasticityError::Input {
            message: e.to_string(),
        })?
        .clone();
    let wanted = [
        &names.year,
        &names.exporter,
        &names.importer,
        &names.product,
        &names.value,
        &names.quantity,
    ];
    let mut col = [0usize; 6];
    for (slot, name) in col.iter_mut().zip(wanted) {
        *slot = header
            .iter()
            .position(|h| trim(h) == name.as_bytes())
            .ok_or_else(|| ElasticityError::Input {
                message: format!(
                    "header lacks column `{name}` (found: {})",
                    String::from_utf8_lossy(header.as_slice())
                ),
            })?;
    }
    let field_names = wanted.map(|s| s.to_string());
    let nfields = header.len();
    let mut rec = csv::ByteRecord::new();
    let mut rep = LoadReport::default();
    loop {
        let more = rdr.read_byte_record(&mut rec).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            ElasticityError::Malformed {
                line,
                column: 0,
                field: String::new(),
                message: e.to_string(),
            }
        })?;
        if !more {
            break;
        }
        rep.rows_read += 1;
        let line = rec.position().map_or(rep.rows_read + 1, |p| p.line());
        // Parse; on a bad row, record (kind, column index 0..6 or usize::MAX for the record, message).
        let outcome: RowOutcome = (|| {
            if rec.len() != nfields {
                return Err((
                    Bad::Malformed,
                    usize::MAX,
                    format!("{} fields, the header has {nfields}", rec.len()),
                ));
            }
            let f = |k: usize| trim(&rec[col[k]]);
            let year = digits(f(0)).filter(|&y| y <= u32::from(u16::MAX)).ok_or((
                Bad::Malformed,
                0,
                "year is not an integer in 0..=65535".to_string(),
            ))? as u16;
            let mut amounts = [0.0f64; 2];
            let mut missing = [false; 2];
            for (j, k) in [4usize, 5].into_iter().enumerate() {
                match number(f(k)) {
                    Ok(Num::Missing) => missing[j] = true,
                    Ok(Num::Value(x)) => {
                        if !x.is_finite() {
                            return Err((Bad::NonFinite, k, "NaN or infinite".into()));
                        }
                        if x < 0.0 {
                            return Err((Bad::Negative, k, format!("negative ({x})")));
                        }
                        amounts[j] = x;
                    }
                    Err(m) => return Err((Bad::Malformed, k, m.to_string())),
                }
            }
            let e =
                st.country(f(1))
                    .ok_or((Bad::Malformed, 1, "empty country code".to_string()))?;
            let m =
                st.country(f(2))
                    .ok_or((Bad::Malformed, 2, "empty country code".to_string()))?;
            let p =
                st.product(f(3))
                    .ok_or((Bad::Malformed, 3, "empty product code".to_string()))?;
            if missing[1] {
                rep.missing_quantity += 1;
                return Ok(None);
            }
            if amounts[1] == 0.0 {
                rep.zero_quantity += 1;
                return Ok(None);
            }
            if missing[0] {
                rep.missing_value += 1;
                return Ok(None);
            }
            if amounts[0] == 0.0 {
                rep.zero_value += 1;
                return Ok(None);
            }
            Ok(Some((year, e, m, p, amounts[0], amounts[1])))
        })();
        match outcome {
            Ok(Some((y, e, m, p, v, q))) => {
                rep.rows_kept += 1;
                sink(y, e, m, p, v, q);
            }
            Ok(None) => {}
            Err((kind, k, message)) => {
                let (column, field) = if k == usize::MAX {
                    (0, String::new())
                } else {
                    (col[k] as u64 + 1, field_names[k].clone())
                };
                if options.bad_rows == BadRowPolicy::Error {
                    let location = format!("line {line}, column {column}");
                    return Err(match kind {
                        Bad::Malformed => ElasticityError::Malformed {
                            line,
                            column,
                            field,
                            message,
                        },
                        Bad::Negative => ElasticityError::Negative {
                            what: if k == 4 { "value" } else { "quantity" },
                            value: number(trim(&rec[col[k]]))
                                .ok()
                                .and_then(|n| match n {
                                    Num::Value(x) => Some(x),
                                    Num::Missing => None,
                                })
                                .unwrap_or(-1.0),
                            location,
                        },
                        Bad::NonFinite => ElasticityError::NonFinite {
                            what: field,
                            location,
                        },
                    });
                }
                match kind {
                    Bad::Malformed => rep.malformed += 1,
                    Bad::Negative => rep.negative += 1,
                    Bad::NonFinite => rep.non_finite += 1,
                }
                if rep.first_bad_rows.len() < 20 {
                    rep.first_bad_rows
                        .push((line, format!("column {column} `{field}`: {message}")));
                }
            }
        }
    }
    Ok(rep)
}
