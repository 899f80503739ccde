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
//! naming the 1-based line and column (default), or skipped and counted with their first line numbers; a
//! row with more or fewer fields than the header is [`ElasticityError::RaggedRow`] (line, expected and
//! found field counts). Two used rows of the same (year, exporter, importer, product) flow follow the
//! declared [`DuplicatePolicy`] (default: an error naming both lines), counted in
//! [`LoadReport::duplicates`].
//!
//! A header lacking a column of the layout is [`ElasticityError::Layout`], which lists the missing names
//! and the header's names and, when the header looks delimited by another character (`;`, tab, `|`), says
//! so ("the file looks semicolon-delimited; set ReadOptions::delimiter to b';'"). A leading UTF-8
//! byte-order mark is ignored.
//!
//! # Sums
//! A flow whose unit value `v/q` exceeds `f64::MAX`, and a cell or a total whose Σ value or Σ quantity
//! would, is [`ElasticityError::Overflow`] naming the exporter, product and year and the line: the totals
//! of what is kept are finite, so every share and unit value computed from the result is too.
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
use mfg_quality_indicators::io::{delimiter_name, guess_delimiter};

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

/// What to do with two rows of the same flow: the same (year, exporter, importer, product).
///
/// Only rows that are used count: a row skipped for a blank or zero value or quantity, or as a bad row,
/// is not a flow, so it neither repeats an earlier row nor is repeated by a later one.
///
/// The panel readers of `mfg-quality-indicators` reject a repeated cell; a trade file repeats a flow when two
/// extracts were concatenated or a row was written twice, and summing the repeats silently would double
/// those values. Every policy but [`DuplicatePolicy::Unchecked`] looks for repeats and counts them in
/// [`LoadReport::duplicates`]; looking keeps one 16-byte entry per distinct flow (about 40 bytes at the hash
/// table's peak), so memory then grows with the number of flows. [`DuplicatePolicy::Unchecked`] keeps
/// memory bounded by the number of (exporter, product, year) cells, for inputs known to hold each flow once
/// (CEPII BACI releases do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DuplicatePolicy {
    /// Stop with [`ElasticityError::DuplicateFlow`] naming both lines (default, as the panel readers).
    #[default]
    Error,
    /// Add the repeated row's value and quantity to the flow (counted in [`LoadReport::duplicates`]).
    Sum,
    /// Keep the first row of the flow, skip the repeats (counted in [`LoadReport::duplicates`]).
    KeepFirst,
    /// Do not look for repeats: they are summed and not counted; memory stays bounded by the cells.
    Unchecked,
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
    /// Policy for two rows of the same (year, exporter, importer, product) flow (default
    /// [`DuplicatePolicy::Error`]).
    #[serde(default)]
    pub duplicates: DuplicatePolicy,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            layout: CsvLayout::Baci,
            delimiter: b',',
            bad_rows: BadRowPolicy::Error,
            imports: false,
            duplicates: DuplicatePolicy::Error,
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
    /// Rows repeating a flow read earlier (same year, exporter, importer, product): summed into it under
    /// [`DuplicatePolicy::Sum`] (and kept), skipped under [`DuplicatePolicy::KeepFirst`]; always 0 under
    /// [`DuplicatePolicy::Unchecked`].
    #[serde(default)]
    pub duplicates: u64,
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
/// [`ElasticityError::Input`] for an unreadable input; [`ElasticityError::Layout`] for a header lacking a
/// column; [`ElasticityError::RaggedRow`], [`ElasticityError::Malformed`], [`ElasticityError::Negative`],
/// [`ElasticityError::NonFinite`] with the line (and column) under [`BadRowPolicy::Error`];
/// [`ElasticityError::DuplicateFlow`] under [`DuplicatePolicy::Error`]; [`ElasticityError::Overflow`] for a
/// unit value, cell sum or total beyond `f64::MAX`.
pub fn read_flows<R: Read>(input: R, options: &ReadOptions) -> Result<(TradeFlows, LoadReport)> {
    let mut loader = Loader::new(options);
    let mut flows = TradeFlows::new();
    stream(input, options, &mut loader, &mut flows)?;
    Ok(loader.finish_flows(flows))
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
    let mut loader = Loader::new(options);
    let mut cells = CellTarget::new(options.imports);
    stream(input, options, &mut loader, &mut cells)?;
    Ok(cells.finish(loader))
}

/// Where the kept rows go: the flows of [`read_flows`] or the cells of [`read_cells`].
pub(crate) trait Target {
    /// Adds a kept row (year, exporter, importer, product, value, quantity).
    fn add(
        &mut self,
        y: u16,
        e: u32,
        m: u32,
        p: u32,
        v: f64,
        q: f64,
    ) -> std::result::Result<(), CellOverflow>;
}

impl Target for TradeFlows {
    #[inline]
    fn add(
        &mut self,
        y: u16,
        e: u32,
        m: u32,
        p: u32,
        v: f64,
        q: f64,
    ) -> std::result::Result<(), CellOverflow> {
        self.push_ids(y, e, m, p, v, q);
        Ok(())
    }
}

/// The (exporter, product, year) accumulator and, with imports, the (importer, product, year) one.
pub(crate) struct CellTarget {
    exp: CellAccumulator,
    imp: Option<CellAccumulator>,
}

impl CellTarget {
    pub(crate) fn new(imports: bool) -> Self {
        Self {
            exp: CellAccumulator::default(),
            imp: imports.then(CellAccumulator::default),
        }
    }

    /// The cells, with the loader's dictionaries and report.
    pub(crate) fn finish(self, loader: Loader) -> Aggregated {
        let st = loader.st;
        let mut exports = Cells::empty(st.countries.clone(), st.products.clone());
        self.exp.finish_into(&mut exports);
        let imports = self.imp.map(|imp| {
            let mut c = Cells::empty(st.countries, st.products);
            imp.finish_into(&mut c);
            c
        });
        Aggregated {
            exports,
            imports,
            report: loader.rep,
        }
    }
}

impl Target for CellTarget {
    #[inline]
    fn add(
        &mut self,
        y: u16,
        e: u32,
        m: u32,
        p: u32,
        v: f64,
        q: f64,
    ) -> std::result::Result<(), CellOverflow> {
        if let Some(what) = self.exp.add(y, e, p, v, q) {
            return Err(CellOverflow {
                what,
                imports: false,
            });
        }
        if let Some(imp) = self.imp.as_mut()
            && let Some(what) = imp.add(y, m, p, v, q)
        {
            return Err(CellOverflow {
                what,
                imports: true,
            });
        }
        Ok(())
    }
}

/// Interning caches: direct arrays for numeric codes, a byte-keyed map for the rest.
#[derive(Default)]
pub(crate) struct Interner {
    pub(crate) countries: Dictionary,
    pub(crate) products: Dictionary,
    country_num: Vec<u32>,
    country_other: FxHashMap<Vec<u8>, u32>,
    product_num: [Vec<u32>; 3],
    product_other: FxHashMap<Vec<u8>, u32>,
}

const NONE: u32 = u32::MAX;

pub(crate) fn trim(b: &[u8]) -> &[u8] {
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

/// The year of a (trimmed) field: an integer in `0..=65535`.
#[inline]
pub(crate) fn year_from_bytes(b: &[u8]) -> Option<u16> {
    digits(b).and_then(|y| u16::try_from(y).ok())
}

/// The decimal digits of `n`, without allocating: the text the CSV reader would see for the integer.
pub(crate) struct IntText {
    buf: [u8; 48],
    start: usize,
}

impl IntText {
    pub(crate) fn new(n: i128) -> Self {
        let mut buf = [0u8; 48];
        let mut start = buf.len();
        let neg = n < 0;
        let mut m = n.unsigned_abs();
        loop {
            start -= 1;
            buf[start] = b'0' + (m % 10) as u8;
            m /= 10;
            if m == 0 {
                break;
            }
        }
        if neg {
            start -= 1;
            buf[start] = b'-';
        }
        Self { buf, start }
    }
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.buf[self.start..]
    }
}

impl Interner {
    #[inline]
    fn country_slot(&mut self, n: u32) -> u32 {
        if self.country_num.is_empty() {
            self.country_num = vec![NONE; 10_000];
        }
        let slot = &mut self.country_num[n as usize];
        if *slot == NONE {
            *slot = self.countries.intern(&format!("{n:03}"));
        }
        *slot
    }

    /// The id of the country code (trimmed bytes as in the CSV); `None` if it is empty.
    #[inline]
    pub(crate) fn country(&mut self, b: &[u8]) -> Option<u32> {
        if b.is_empty() {
            return None;
        }
        if b.len() <= 4
            && let Some(n) = digits(b)
        {
            return Some(self.country_slot(n));
        }
        if let Some(&id) = self.country_other.get(b) {
            return Some(id);
        }
        let name = String::from_utf8_lossy(b).into_owned();
        let id = self.countries.intern(&name);
        self.country_other.insert(b.to_vec(), id);
        Some(id)
    }

    /// The id of an integer country code if it is interned already (`NONE` otherwise); never inserts.
    #[inline(always)]
    pub(crate) fn country_int_known(&self, n: i64) -> u32 {
        if (0..=9999).contains(&n) {
            return self.country_num.get(n as usize).copied().unwrap_or(NONE);
        }
        NONE
    }

    /// The id of an integer product code if it is interned already (`NONE` otherwise); never inserts.
    #[inline(always)]
    pub(crate) fn product_int_known(&self, n: i64) -> u32 {
        // 1–2 digits normalise to 2, 3–4 to 4, 5–6 to 6.
        let which = if !(0..=999_999).contains(&n) {
            return NONE;
        } else if n < 100 {
            0
        } else if n < 10_000 {
            1
        } else {
            2
        };
        self.product_num[which]
            .get(n as usize)
            .copied()
            .unwrap_or(NONE)
    }

    /// The id of an integer country code: that of its decimal text.
    #[inline]
    pub(crate) fn country_int(&mut self, n: i128) -> u32 {
        if (0..=9999).contains(&n) {
            return self.country_slot(n as u32);
        }
        let t = IntText::new(n);
        self.country(t.bytes()).unwrap_or(NONE)
    }

    #[inline]
    fn product_slot(&mut self, n: u32, len: usize) -> u32 {
        let norm_len = len + (len % 2);
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
        *slot
    }

    /// The id of the product code (trimmed bytes as in the CSV, normalised); `None` if it is empty.
    #[inline]
    pub(crate) fn product(&mut self, b: &[u8]) -> Option<u32> {
        if b.is_empty() {
            return None;
        }
        if b.len() <= 6
            && let Some(n) = digits(b)
        {
            return Some(self.product_slot(n, b.len()));
        }
        if let Some(&id) = self.product_other.get(b) {
            return Some(id);
        }
        let name = normalise_product_code(&String::from_utf8_lossy(b)).ok()?;
        let id = self.products.intern(&name);
        self.product_other.insert(b.to_vec(), id);
        Some(id)
    }

    /// The id of an integer product code: that of its decimal text (`10121` is `010121`).
    #[inline]
    pub(crate) fn product_int(&mut self, n: i128) -> u32 {
        if (0..=999_999).contains(&n) {
            let n = n as u32;
            let len = if n < 10 { 1 } else { n.ilog10() as usize + 1 };
            return self.product_slot(n, len);
        }
        let t = IntText::new(n);
        self.product(t.bytes()).unwrap_or(NONE)
    }
}

/// A value or quantity field: blank/`NA`/null, or a number.
pub(crate) enum Num {
    Missing,
    Value(f64),
}

/// A (trimmed) value or quantity field of text: blank or `NA` is missing.
#[inline]
pub(crate) fn number(b: &[u8]) -> std::result::Result<Num, &'static str> {
    if b.is_empty() || b == b"NA" || b == b"na" {
        return Ok(Num::Missing);
    }
    let s = std::str::from_utf8(b).map_err(|_| "not UTF-8")?;
    s.parse::<f64>().map(Num::Value).map_err(|_| "not a number")
}

/// A cell sum of [`read_cells`] that became infinite: which amount (`value`, `quantity`) and on which side.
pub(crate) struct CellOverflow {
    what: &'static str,
    imports: bool,
}

/// A bad row: (kind, column index 0..6, message).
type BadRow = (Bad, usize, String);

enum Bad {
    Malformed,
    Negative(f64),
    NonFinite,
}

/// The first line of each flow seen, for duplicate detection: keys packed into a `u64` while every id fits
/// in 16 bits (16 bytes an entry), in a `u128` beyond.
#[derive(Default)]
struct SeenFlows {
    small: FxHashMap<u64, u32>,
    large: FxHashMap<u128, u64>,
}

impl SeenFlows {
    /// The first line of the flow (`line` itself when it is new).
    #[inline]
    fn first_line(&mut self, y: u16, e: u32, m: u32, p: u32, line: u64) -> u64 {
        if (e | m | p) < 1 << 16
            && let Ok(l) = u32::try_from(line)
        {
            let key =
                (u64::from(y) << 48) | (u64::from(e) << 32) | (u64::from(m) << 16) | u64::from(p);
            return u64::from(*self.small.entry(key).or_insert(l));
        }
        let key =
            (u128::from(y) << 96) | (u128::from(e) << 64) | (u128::from(m) << 32) | u128::from(p);
        // A flow first seen with small ids and a small line is in `small`.
        if (e | m | p) < 1 << 16 {
            let small =
                (u64::from(y) << 48) | (u64::from(e) << 32) | (u64::from(m) << 16) | u64::from(p);
            if let Some(&l) = self.small.get(&small) {
                return u64::from(l);
            }
        }
        *self.large.entry(key).or_insert(line)
    }
}

/// The row rules shared by the CSV readers and the typed batch sinks ([`crate::batch`]): bad-row and
/// duplicate policies, the skipped-row counts, overflow checks, and the interned codes.
pub(crate) struct Loader {
    pub(crate) st: Interner,
    pub(crate) rep: LoadReport,
    totals: [f64; 2],
    seen: SeenFlows,
    bad_rows: BadRowPolicy,
    duplicates: DuplicatePolicy,
    /// The layout's six column names, for messages.
    field_names: [String; 6],
    /// The 1-based position of each of the six columns in the input, for messages.
    pub(crate) columns: [u64; 6],
}

impl Loader {
    pub(crate) fn new(options: &ReadOptions) -> Self {
        let names = match &options.layout {
            CsvLayout::Baci => ColumnNames::baci(),
            CsvLayout::Named(n) => n.clone(),
        };
        Self {
            st: Interner::default(),
            rep: LoadReport::default(),
            totals: [0.0; 2],
            seen: SeenFlows::default(),
            bad_rows: options.bad_rows,
            duplicates: options.duplicates,
            field_names: [
                names.year,
                names.exporter,
                names.importer,
                names.product,
                names.value,
                names.quantity,
            ],
            columns: [1, 2, 3, 4, 5, 6],
        }
    }

    /// The flows with the loader's dictionaries, and the report.
    pub(crate) fn finish_flows(self, mut flows: TradeFlows) -> (TradeFlows, LoadReport) {
        flows.countries = self.st.countries;
        flows.products = self.st.products;
        (flows, self.rep)
    }

    /// A row with the wrong number of fields (CSV only): an error, or skipped and counted.
    pub(crate) fn ragged(&mut self, line: u64, expected: usize, found: usize) -> Result<()> {
        self.rep.rows_read += 1;
        if self.bad_rows == BadRowPolicy::Error {
            return Err(ElasticityError::RaggedRow {
                line,
                expected,
                found,
            });
        }
        self.rep.malformed += 1;
        if self.rep.first_bad_rows.len() < 20 {
            self.rep.first_bad_rows.push((
                line,
                format!("{found} fields, but the header has {expected}"),
            ));
        }
        Ok(())
    }

    /// A bad row under the bad-row policy: the located error, or counted (and its first lines kept).
    #[cold]
    fn bad(&mut self, line: u64, (kind, k, message): BadRow) -> Result<()> {
        let (column, field) = (self.columns[k], self.field_names[k].clone());
        if self.bad_rows == BadRowPolicy::Error {
            let location = format!("line {line}, column {column}");
            return Err(match kind {
                Bad::Malformed => ElasticityError::Malformed {
                    line,
                    column,
                    field,
                    message,
                },
                Bad::Negative(value) => ElasticityError::Negative {
                    what: if k == 4 { "value" } else { "quantity" },
                    value,
                    location,
                },
                Bad::NonFinite => ElasticityError::NonFinite {
                    what: field,
                    location,
                },
            });
        }
        match kind {
            Bad::Malformed => self.rep.malformed += 1,
            Bad::Negative(_) => self.rep.negative += 1,
            Bad::NonFinite => self.rep.non_finite += 1,
        }
        if self.rep.first_bad_rows.len() < 20 {
            self.rep
                .first_bad_rows
                .push((line, format!("column {column} `{field}`: {message}")));
        }
        Ok(())
    }

    /// The one row rule of every reader: checks a decoded row in the order year, value, quantity, exporter,
    /// importer, product (the first failing column is the one reported), skips and counts missing and zero
    /// amounts, looks for repeated flows, checks the unit value and the sums, and adds the row to `target`.
    ///
    /// `year` is `None` when the field is not an integer in `0..=65535`; an amount is `Err(message)` when it
    /// does not parse; `codes` interns the three codes (called only when year and amounts are valid, so a bad
    /// row adds no code to the dictionaries) and returns the column index (1, 2 or 3) of an empty code.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn row<T: Target>(
        &mut self,
        target: &mut T,
        line: u64,
        year: Option<u16>,
        value: std::result::Result<Num, &'static str>,
        quantity: std::result::Result<Num, &'static str>,
        codes: impl FnOnce(&mut Interner) -> std::result::Result<(u32, u32, u32), usize>,
    ) -> Result<()> {
        self.rep.rows_read += 1;
        let Some(y) = year else {
            return self.bad(
                line,
                (
                    Bad::Malformed,
                    0,
                    "year is not an integer in 0..=65535".to_string(),
                ),
            );
        };
        let mut amounts = [None; 2];
        for (j, (k, a)) in [(4usize, value), (5, quantity)].into_iter().enumerate() {
            match a {
                Ok(Num::Missing) => {}
                Ok(Num::Value(x)) => {
                    if !x.is_finite() {
                        return self.bad(line, (Bad::NonFinite, k, "NaN or infinite".into()));
                    }
                    if x < 0.0 {
                        return self.bad(line, (Bad::Negative(x), k, format!("negative ({x})")));
                    }
                    amounts[j] = Some(x);
                }
                Err(m) => return self.bad(line, (Bad::Malformed, k, m.to_string())),
            }
        }
        let (e, m, p) = match codes(&mut self.st) {
            Ok(ids) => ids,
            Err(k) => {
                let what = if k == 3 {
                    "empty product code"
                } else {
                    "empty country code"
                };
                return self.bad(line, (Bad::Malformed, k, what.to_string()));
            }
        };
        let (v, q) = match (amounts[0], amounts[1]) {
            (_, None) => {
                self.rep.missing_quantity += 1;
                return Ok(());
            }
            (_, Some(0.0)) => {
                self.rep.zero_quantity += 1;
                return Ok(());
            }
            (None, _) => {
                self.rep.missing_value += 1;
                return Ok(());
            }
            (Some(0.0), _) => {
                self.rep.zero_value += 1;
                return Ok(());
            }
            (Some(v), Some(q)) => (v, q),
        };
        if self.duplicates != DuplicatePolicy::Unchecked {
            let first = self.seen.first_line(y, e, m, p, line);
            if first != line {
                match self.duplicates {
                    DuplicatePolicy::Error => {
                        return Err(ElasticityError::DuplicateFlow {
                            line,
                            first_line: first,
                            year: y,
                            exporter: self.st.countries.name(e).to_string(),
                            importer: self.st.countries.name(m).to_string(),
                            product: self.st.products.name(p).to_string(),
                        });
                    }
                    DuplicatePolicy::KeepFirst => {
                        self.rep.duplicates += 1;
                        return Ok(());
                    }
                    DuplicatePolicy::Sum | DuplicatePolicy::Unchecked => self.rep.duplicates += 1,
                }
            }
        }
        if !(v / q).is_finite() {
            return Err(self.overflow(
                format!("the unit value v/q = {v:e}/{q:e} of the flow"),
                e,
                p,
                y,
                line,
            ));
        }
        if let Err(o) = target.add(y, e, m, p, v, q) {
            return Err(if o.imports {
                self.overflow(
                    format!("the import cell's Σ {} (importer as `exporter`)", o.what),
                    m,
                    p,
                    y,
                    line,
                )
            } else {
                self.overflow(format!("the cell's Σ {}", o.what), e, p, y, line)
            });
        }
        self.totals[0] += v;
        self.totals[1] += q;
        if !self.totals[0].is_finite() || !self.totals[1].is_finite() {
            let what = if self.totals[0].is_finite() {
                "quantity"
            } else {
                "value"
            };
            return Err(self.overflow(
                format!("the running total of all flows' {what}, reached at the flow"),
                e,
                p,
                y,
                line,
            ));
        }
        self.rep.rows_kept += 1;
        Ok(())
    }

    #[cold]
    fn overflow(&self, what: String, country: u32, p: u32, y: u16, line: u64) -> ElasticityError {
        ElasticityError::Overflow {
            what,
            exporter: self.st.countries.name(country).to_string(),
            product: self.st.products.name(p).to_string(),
            year: y,
            location: format!("line {line}"),
        }
    }
}

/// The layout's name in messages.
fn layout_name(layout: &CsvLayout) -> &'static str {
    match layout {
        CsvLayout::Baci => "BACI (t,i,j,k,v,q)",
        CsvLayout::Named(_) => "named-column",
    }
}

/// Matches the header against the layout's six names; on a mismatch, the error lists the missing names and
/// the header's names separately, with a delimiter hint when the header looks delimited otherwise.
fn match_header(
    header: &csv::ByteRecord,
    wanted: &[&String; 6],
    options: &ReadOptions,
) -> Result<[usize; 6]> {
    let mut col = [usize::MAX; 6];
    for (slot, name) in col.iter_mut().zip(wanted) {
        if let Some(c) = header.iter().position(|h| {
            let h = h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h);
            trim(h) == name.as_bytes()
        }) {
            *slot = c;
        }
    }
    if col.iter().all(|&c| c != usize::MAX) {
        return Ok(col);
    }
    let found: Vec<String> = header
        .iter()
        .map(|h| {
            let h = h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h);
            String::from_utf8_lossy(trim(h)).into_owned()
        })
        .collect();
    let missing = col
        .iter()
        .zip(wanted)
        .filter(|(c, _)| **c == usize::MAX)
        .map(|(_, n)| n.to_string())
        .collect();
    let joined = found.join(&char::from(options.delimiter).to_string());
    let hint = guess_delimiter(joined.as_bytes(), options.delimiter).map(|d| {
        format!(
            "the file looks {}-delimited: set ReadOptions::delimiter to b'{}'",
            delimiter_name(d),
            char::from(d).escape_default()
        )
    });
    Err(ElasticityError::Layout {
        layout: layout_name(&options.layout),
        missing,
        found,
        hint,
    })
}

/// Streams the CSV rows through the loader's row rule into `target`.
fn stream<R: Read, T: Target>(
    input: R,
    options: &ReadOptions,
    loader: &mut Loader,
    target: &mut T,
) -> Result<()> {
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
    let wanted = loader.field_names.clone();
    let col = match_header(&header, &wanted.each_ref(), options)?;
    loader.columns = col.map(|c| c as u64 + 1);
    let nfields = header.len();
    let mut rec = csv::ByteRecord::new();
    loop {
        let more = rdr.read_byte_record(&mut rec).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            match e.kind() {
                csv::ErrorKind::Io(io) => ElasticityError::Input {
                    message: format!("line {line}: {io}"),
                },
                _ => ElasticityError::Malformed {
                    line,
                    column: 0,
                    field: String::new(),
                    message: e.to_string(),
                },
            }
        })?;
        if !more {
            break;
        }
        let line = rec
            .position()
            .map_or(loader.rep.rows_read + 2, |p| p.line());
        if rec.len() != nfields {
            loader.ragged(line, nfields, rec.len())?;
            continue;
        }
        let f = |k: usize| trim(&rec[col[k]]);
        loader.row(
            target,
            line,
            year_from_bytes(f(0)),
            number(f(4)),
            number(f(5)),
            |st| {
                let e = st.country(f(1)).ok_or(1usize)?;
                let m = st.country(f(2)).ok_or(2usize)?;
                let p = st.product(f(3)).ok_or(3usize)?;
                Ok((e, m, p))
            },
        )?;
    }
    Ok(())
}
