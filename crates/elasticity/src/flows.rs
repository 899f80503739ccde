//! Trade flows held column by column, and their aggregation into (exporter, product, year) cells.
//!
//! At the scale of CEPII BACI (about 10⁸ bilateral flows) a `Vec` of structs with `String` codes would cost
//! several times the data itself. [`TradeFlows`] therefore stores one column per field (a *struct of
//! arrays*): the year as `u16`, exporter, importer and product as `u32` ids interned in a [`Dictionary`],
//! value and quantity as `f64` — 30 bytes per flow. [`Cells`] holds the aggregation that most methods need:
//! one row per (exporter, product, year) with Σ value, Σ quantity and the number of flows, sorted by
//! (year, product, exporter) so that the exporters of one product in one year are contiguous.
//!
//! Product codes are normalised by [`normalise_product_code`]: HS codes have an even number of digits
//! (2, 4 or 6), so an all-digit code with an odd number of digits lost its leading zero when a spreadsheet or
//! a CSV writer treated it as an integer (`10121` is HS6 `010121`) and gets the zero back.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

use crate::error::{ElasticityError, Result};

/// A small, fast, non-cryptographic hasher (the multiply–rotate scheme of rustc's `FxHasher`, with a
/// MurmurHash3 finaliser so that packed integer keys spread over the buckets), used for the integer keys of
/// cell tables and code caches. Not resistant to adversarial keys; the keys are our own.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(buf));
        }
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.hash = (self.hash.rotate_left(5) ^ i).wrapping_mul(FX_SEED);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    #[inline]
    fn finish(&self) -> u64 {
        // The multiply–rotate state alone leaves the low bits (which pick the bucket) depending only on the
        // low bits of the key; the MurmurHash3 finaliser spreads every key bit over the whole word.
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Normalises a product code: surrounding spaces and quotes removed; an all-digit code with an odd number of
/// digits gets a leading zero (HS codes have 2, 4 or 6 digits, so `10121` is `010121`, `8` is `08`).
/// Other codes (letters, national 8- or 10-digit codes) are kept as given.
///
/// # Errors
/// [`ElasticityError::Malformed`] (line and column 0) if the code is empty.
pub fn normalise_product_code(code: &str) -> Result<String> {
    let c = code.trim().trim_matches('"').trim();
    if c.is_empty() {
        return Err(ElasticityError::Malformed {
            line: 0,
            column: 0,
            field: "product".into(),
            message: "empty product code".into(),
        });
    }
    if c.bytes().all(|b| b.is_ascii_digit()) && c.len() % 2 == 1 {
        Ok(format!("0{c}"))
    } else {
        Ok(c.to_string())
    }
}

/// An interning table: names ↔ dense `u32` ids (ids in order of first appearance).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dictionary {
    names: Vec<String>,
    #[serde(skip)]
    index: HashMap<String, u32>,
}

impl Dictionary {
    /// An empty dictionary.
    pub fn new() -> Self {
        Self::default()
    }
    /// The id of `name`, inserting it if new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), id);
        id
    }
    /// The id of `name`, if present.
    pub fn id(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }
    /// The name of `id` (panics if out of range: ids come from this dictionary).
    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
    /// All names, indexed by id.
    pub fn names(&self) -> &[String] {
        &self.names
    }
    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }
    /// Whether the dictionary is empty.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// One bilateral trade flow, with owned codes (the row-wise view; storage is columnar, see [`TradeFlows`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TradeFlow {
    /// Year.
    pub year: u16,
    /// Exporting country code (e.g. ISO numeric `156` as in BACI, or ISO3 `CHN`).
    pub exporter: String,
    /// Importing country code.
    pub importer: String,
    /// Product code (HS 2–6 digits; normalised by [`normalise_product_code`]).
    pub product: String,
    /// Value (BACI: thousand current USD). Must be finite and ≥ 0; a zero value is skipped.
    pub value: f64,
    /// Quantity (BACI: tonnes). Must be finite and ≥ 0; a zero quantity is skipped (unit value undefined).
    pub quantity: f64,
}

/// Trade flows stored column by column (struct of arrays), codes interned as `u32` ids.
///
/// Invariants (checked on insertion): value and quantity finite and > 0, the flow's unit value `v/q` finite,
/// and the totals of all values and of all quantities finite — so every sum over the flows (a cell, an
/// exporter's exports, a segment) is finite too (the values are non-negative).
/// Exporters and importers share one country [`Dictionary`], so a country's imports (it as importer) and
/// exports (it as exporter) match, as Aiginger's quadrants need.
///
/// ```
/// use mfg_quality_elasticity::{TradeFlow, TradeFlows};
/// let mut f = TradeFlows::new();
/// f.push(&TradeFlow { year: 2015, exporter: "CN".into(), importer: "DE".into(), product: "8471".into(),
///     value: 100.0, quantity: 4.0 }).unwrap();
/// assert_eq!(f.len(), 1);
/// assert_eq!(f.flow(0).product, "8471");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TradeFlows {
    pub(crate) countries: Dictionary,
    pub(crate) products: Dictionary,
    pub(crate) year: Vec<u16>,
    pub(crate) exporter: Vec<u32>,
    pub(crate) importer: Vec<u32>,
    pub(crate) product: Vec<u32>,
    pub(crate) value: Vec<f64>,
    pub(crate) quantity: Vec<f64>,
    /// Σ value over the flows (finite).
    pub(crate) total_value: f64,
    /// Σ quantity over the flows (finite).
    pub(crate) total_quantity: f64,
}

pub(crate) fn check_amounts(
    value: f64,
    quantity: f64,
    location: impl Fn() -> String,
) -> Result<()> {
    for (what, x) in [("value", value), ("quantity", quantity)] {
        if !x.is_finite() {
            return Err(ElasticityError::NonFinite {
                what: what.into(),
                location: location(),
            });
        }
        if x < 0.0 {
            return Err(ElasticityError::Negative {
                what,
                value: x,
                location: location(),
            });
        }
    }
    Ok(())
}

impl TradeFlows {
    /// No flows.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one flow. Returns `Ok(false)` (flow not stored) if its quantity is zero (its unit value is
    /// undefined) or its value is zero (its log unit value is undefined): CONVENTIONS, skip and count.
    ///
    /// # Errors
    /// [`ElasticityError::NonFinite`] or [`ElasticityError::Negative`] for the value or quantity (location
    /// `flow i`, the 0-based index it would have); [`ElasticityError::Malformed`] for an empty product code;
    /// [`ElasticityError::Overflow`] naming the flow's exporter, product and year if its unit value `v/q`
    /// or the total of all values or quantities would exceed `f64::MAX`.
    pub fn push(&mut self, flow: &TradeFlow) -> Result<bool> {
        let i = self.len();
        check_amounts(flow.value, flow.quantity, || format!("flow {i}"))?;
        if flow.quantity == 0.0 || flow.value == 0.0 {
            return Ok(false);
        }
        let p = normalise_product_code(&flow.product)?;
        let (tv, tq) = (
            self.total_value + flow.value,
            self.total_quantity + flow.quantity,
        );
        let what = if !(flow.value / flow.quantity).is_finite() {
            Some("the unit value v/q of the flow".to_string())
        } else if !tv.is_finite() {
            Some("the total of all flows' values, reached at the flow".to_string())
        } else if !tq.is_finite() {
            Some("the total of all flows' quantities, reached at the flow".to_string())
        } else {
            None
        };
        if let Some(what) = what {
            return Err(ElasticityError::Overflow {
                what,
                exporter: flow.exporter.trim().to_string(),
                product: p,
                year: flow.year,
                location: format!("flow {i}"),
            });
        }
        let e = self.countries.intern(flow.exporter.trim());
        let m = self.countries.intern(flow.importer.trim());
        let p = self.products.intern(&p);
        self.push_ids(flow.year, e, m, p, flow.value, flow.quantity);
        Ok(true)
    }

    /// Builds from rows, skipping zero-quantity and zero-value flows; returns the flows and the number skipped.
    ///
    /// # Errors
    /// As [`TradeFlows::push`].
    pub fn from_flows<'a>(flows: impl IntoIterator<Item = &'a TradeFlow>) -> Result<(Self, usize)> {
        let mut t = Self::new();
        let mut skipped = 0;
        for f in flows {
            if !t.push(f)? {
                skipped += 1;
            }
        }
        Ok((t, skipped))
    }

    /// Appends a flow whose amounts the caller checked (finite, positive, and the totals staying finite).
    #[inline]
    pub(crate) fn push_ids(&mut self, year: u16, e: u32, m: u32, p: u32, v: f64, q: f64) {
        self.total_value += v;
        self.total_quantity += q;
        self.year.push(year);
        self.exporter.push(e);
        self.importer.push(m);
        self.product.push(p);
        self.value.push(v);
        self.quantity.push(q);
    }

    /// Number of flows.
    pub fn len(&self) -> usize {
        self.year.len()
    }
    /// Whether there are no flows.
    pub fn is_empty(&self) -> bool {
        self.year.is_empty()
    }
    /// Flow `i` as an owned row.
    pub fn flow(&self, i: usize) -> TradeFlow {
        TradeFlow {
            year: self.year[i],
            exporter: self.countries.name(self.exporter[i]).to_string(),
            importer: self.countries.name(self.importer[i]).to_string(),
            product: self.products.name(self.product[i]).to_string(),
            value: self.value[i],
            quantity: self.quantity[i],
        }
    }
    /// The country dictionary (exporters and importers).
    pub fn countries(&self) -> &Dictionary {
        &self.countries
    }
    /// The product dictionary (normalised codes).
    pub fn products(&self) -> &Dictionary {
        &self.products
    }
    /// Year column.
    pub fn years(&self) -> &[u16] {
        &self.year
    }
    /// Exporter id column.
    pub fn exporters(&self) -> &[u32] {
        &self.exporter
    }
    /// Importer id column.
    pub fn importers(&self) -> &[u32] {
        &self.importer
    }
    /// Product id column.
    pub fn product_ids(&self) -> &[u32] {
        &self.product
    }
    /// Value column.
    pub fn values(&self) -> &[f64] {
        &self.value
    }
    /// Quantity column.
    pub fn quantities(&self) -> &[f64] {
        &self.quantity
    }
    /// Approximate heap bytes held by the columns (capacity × element size, dictionaries excluded).
    pub fn heap_bytes(&self) -> usize {
        self.year.capacity() * 2
            + (self.exporter.capacity() + self.importer.capacity() + self.product.capacity()) * 4
            + (self.value.capacity() + self.quantity.capacity()) * 8
    }

    /// Aggregates the flows into (exporter, product, year) [`Cells`]: Σ value, Σ quantity, number of flows.
    ///
    /// Uses a dense accumulator when `years × products × countries` is at most `max(4·flows, 2²²)` and a hash
    /// table otherwise; both give the same cells in the same (year, product, exporter) order and the same
    /// sums (flows are added in input order).
    pub fn cells(&self) -> Cells {
        self.cells_by(Side::Exporter)
    }

    /// Aggregates by (country, product, year) with the country on the chosen [`Side`]: exports as
    /// [`TradeFlows::cells`], or imports (the country as importer, Σ over its partners). For import cells the
    /// "exporter" column of [`Cells`] holds the importing country.
    pub fn cells_by(&self, side: Side) -> Cells {
        let country = match side {
            Side::Exporter => &self.exporter,
            Side::Importer => &self.importer,
        };
        let mut cells = Cells::empty(self.countries.clone(), self.products.clone());
        if self.is_empty() {
            return cells;
        }
        let (ymin, ymax) = self
            .year
            .iter()
            .fold((u16::MAX, 0u16), |(a, b), &y| (a.min(y), b.max(y)));
        let ny = (ymax - ymin) as usize + 1;
        let np = self.products.len();
        let nc = self.countries.len();
        let dense = (ny as u128) * (np as u128) * (nc as u128);
        if dense <= (4 * self.len()).max(1 << 22) as u128 {
            let d = dense as usize;
            // One (value, quantity, count) record per potential cell: one cache line touched per flow.
            let mut acc = vec![(0.0f64, 0.0f64, 0u32); d];
            for i in 0..self.len() {
                let k = ((self.year[i] - ymin) as usize * np + self.product[i] as usize) * nc
                    + country[i] as usize;
                let a = &mut acc[k];
                a.0 += self.value[i];
                a.1 += self.quantity[i];
                a.2 = a.2.saturating_add(1);
            }
            for (k, a) in acc.iter().enumerate() {
                if a.2 > 0 {
                    let e = (k % nc) as u32;
                    let p = ((k / nc) % np) as u32;
                    let y = (k / nc / np) as u16 + ymin;
                    cells.push_cell(y, e, p, a.0, a.1, a.2);
                }
            }
        } else {
            let mut acc = CellAccumulator::with_dense_limit(0);
            for i in 0..self.len() {
                // Cannot overflow: the flows' totals are finite (checked on insertion).
                let _ = acc.add(
                    self.year[i],
                    country[i],
                    self.product[i],
                    self.value[i],
                    self.quantity[i],
                );
            }
            acc.finish_into(&mut cells);
        }
        cells
    }
}

/// Which side of a flow a country is on when aggregating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The country as exporter (its exports).
    Exporter,
    /// The country as importer (its imports).
    Importer,
}

/// Packs (year, product, exporter) into a `u64` whose order is (year, product, exporter).
#[inline]
pub(crate) fn cell_key(year: u16, product: u32, exporter: u32) -> u64 {
    (u64::from(year) << 48)
        | (u64::from(product & 0xFF_FFFF) << 24)
        | u64::from(exporter & 0xFF_FFFF)
}

/// Dense cells allowed in a [`CellAccumulator`] before it switches to hashing (2²⁴ cells × 24 bytes =
/// 384 MiB).
const DENSE_LIMIT: usize = 1 << 24;

/// One year's dense (product × country) block of a [`CellAccumulator`].
#[derive(Debug)]
struct DenseYear {
    year: u16,
    cap_p: usize,
    cap_c: usize,
    acc: Vec<(f64, f64, u32)>,
}

/// Streaming accumulator of (exporter, product, year) cells: memory grows with cells, not flows.
///
/// While the id grid is small (one CEPII BACI year file: ~5 600 products × ~230 countries ≈ 1.3 M cells,
/// 31 MiB) the sums live in dense per-year (product × country) blocks that grow with the ids seen; beyond
/// [`DENSE_LIMIT`] grid cells the accumulator moves the non-empty cells into a hash table keyed by the packed
/// (year, product, exporter) and continues there. Either way the cells come out in (year, product,
/// exporter) order with sums taken in input order.
#[derive(Debug)]
pub(crate) struct CellAccumulator {
    dense: Vec<DenseYear>,
    dense_cells: usize,
    dense_limit: usize,
    last: usize,
    hash: Option<FxHashMap<u64, (f64, f64, u32)>>,
}

impl Default for CellAccumulator {
    fn default() -> Self {
        Self::with_dense_limit(DENSE_LIMIT)
    }
}

impl CellAccumulator {
    /// An accumulator that hashes once the dense grid would exceed `limit` cells (0: hash from the start).
    pub(crate) fn with_dense_limit(limit: usize) -> Self {
        Self {
            dense: Vec::new(),
            dense_cells: 0,
            dense_limit: limit,
            last: 0,
            hash: (limit == 0).then(FxHashMap::default),
        }
    }

    /// Adds a flow to its cell; returns which sum (`value` or `quantity`) became infinite, if one did.
    #[inline(always)]
    pub(crate) fn add(
        &mut self,
        year: u16,
        e: u32,
        p: u32,
        v: f64,
        q: f64,
    ) -> Option<&'static str> {
        // The common case: the same year as the flow before, inside the grid already allocated.
        if self.hash.is_none()
            && let Some(d) = self.dense.get_mut(self.last)
            && d.year == year
            && (p as usize) < d.cap_p
            && (e as usize) < d.cap_c
        {
            let k = p as usize * d.cap_c + e as usize;
            if let Some(a) = d.acc.get_mut(k) {
                return Self::bump(a, v, q);
            }
        }
        self.add_slow(year, e, p, v, q)
    }

    #[inline(never)]
    fn add_slow(&mut self, year: u16, e: u32, p: u32, v: f64, q: f64) -> Option<&'static str> {
        if let Some(h) = self.hash.as_mut() {
            let a = h.entry(cell_key(year, p, e)).or_insert((0.0, 0.0, 0));
            return Self::bump(a, v, q);
        }
        let (p, e) = (p as usize, e as usize);
        let yi = match self.dense.get(self.last) {
            Some(d) if d.year == year => self.last,
            _ => match self.dense.iter().position(|d| d.year == year) {
                Some(k) => k,
                None => {
                    self.dense.push(DenseYear {
                        year,
                        cap_p: 0,
                        cap_c: 0,
                        acc: Vec::new(),
                    });
                    self.dense.len() - 1
                }
            },
        };
        self.last = yi;
        let d = &mut self.dense[yi];
        if p >= d.cap_p || e >= d.cap_c {
            let cap_p = if p >= d.cap_p {
                (2 * d.cap_p).max(p + 1).max(64)
            } else {
                d.cap_p
            };
            let cap_c = if e >= d.cap_c {
                (2 * d.cap_c).max(e + 1).max(16)
            } else {
                d.cap_c
            };
            let grown = self.dense_cells - d.cap_p * d.cap_c + cap_p * cap_c;
            if grown > self.dense_limit {
                self.switch_to_hash();
                return self.add_slow(year, e as u32, p as u32, v, q);
            }
            let mut acc = vec![(0.0, 0.0, 0u32); cap_p * cap_c];
            for pp in 0..d.cap_p {
                acc[pp * cap_c..pp * cap_c + d.cap_c]
                    .copy_from_slice(&d.acc[pp * d.cap_c..(pp + 1) * d.cap_c]);
            }
            d.acc = acc;
            d.cap_p = cap_p;
            d.cap_c = cap_c;
            self.dense_cells = grown;
        }
        Self::bump(&mut d.acc[p * d.cap_c + e], v, q)
    }

    #[inline(always)]
    fn bump(a: &mut (f64, f64, u32), v: f64, q: f64) -> Option<&'static str> {
        a.0 += v;
        a.1 += q;
        a.2 = a.2.saturating_add(1);
        if !a.0.is_finite() {
            Some("value")
        } else if !a.1.is_finite() {
            Some("quantity")
        } else {
            None
        }
    }

    fn switch_to_hash(&mut self) {
        let mut h: FxHashMap<u64, (f64, f64, u32)> = FxHashMap::default();
        for d in self.dense.drain(..) {
            for (k, a) in d.acc.iter().enumerate() {
                if a.2 > 0 {
                    h.insert(
                        cell_key(d.year, (k / d.cap_c) as u32, (k % d.cap_c) as u32),
                        *a,
                    );
                }
            }
        }
        self.dense_cells = 0;
        self.hash = Some(h);
    }

    pub(crate) fn finish_into(self, cells: &mut Cells) {
        if let Some(h) = self.hash {
            let mut all: Vec<(u64, (f64, f64, u32))> = h.into_iter().collect();
            all.sort_unstable_by_key(|r| r.0);
            for (k, (v, q, n)) in all {
                let y = (k >> 48) as u16;
                let p = ((k >> 24) & 0xFF_FFFF) as u32;
                let e = (k & 0xFF_FFFF) as u32;
                cells.push_cell(y, e, p, v, q, n);
            }
            return;
        }
        let mut dense = self.dense;
        dense.sort_by_key(|d| d.year);
        for d in dense {
            for (k, a) in d.acc.iter().enumerate() {
                if a.2 > 0 {
                    cells.push_cell(
                        d.year,
                        (k % d.cap_c) as u32,
                        (k / d.cap_c) as u32,
                        a.0,
                        a.1,
                        a.2,
                    );
                }
            }
        }
    }
}

/// Aggregated (exporter, product, year) cells, sorted by (year, product, exporter).
///
/// The input of unit values, exporter–product quality segments, the elasticity regression and the
/// quality-structure shares. Built from loaded flows ([`TradeFlows::cells`]) or directly while streaming a CSV
/// ([`crate::reader::read_cells`]), so that memory grows with cells, not rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cells {
    pub(crate) countries: Dictionary,
    pub(crate) products: Dictionary,
    pub(crate) year: Vec<u16>,
    pub(crate) exporter: Vec<u32>,
    pub(crate) product: Vec<u32>,
    pub(crate) value: Vec<f64>,
    pub(crate) quantity: Vec<f64>,
    pub(crate) flows: Vec<u32>,
}

impl Cells {
    pub(crate) fn empty(countries: Dictionary, products: Dictionary) -> Self {
        Self {
            countries,
            products,
            ..Default::default()
        }
    }
    #[inline]
    pub(crate) fn push_cell(&mut self, y: u16, e: u32, p: u32, v: f64, q: f64, n: u32) {
        self.year.push(y);
        self.exporter.push(e);
        self.product.push(p);
        self.value.push(v);
        self.quantity.push(q);
        self.flows.push(n);
    }
    /// Number of cells.
    pub fn len(&self) -> usize {
        self.year.len()
    }
    /// Whether there are no cells.
    pub fn is_empty(&self) -> bool {
        self.year.is_empty()
    }
    /// Country dictionary.
    pub fn countries(&self) -> &Dictionary {
        &self.countries
    }
    /// Product dictionary.
    pub fn products(&self) -> &Dictionary {
        &self.products
    }
    /// Year column.
    pub fn years(&self) -> &[u16] {
        &self.year
    }
    /// Exporter id column.
    pub fn exporters(&self) -> &[u32] {
        &self.exporter
    }
    /// Product id column.
    pub fn product_ids(&self) -> &[u32] {
        &self.product
    }
    /// Σ value column.
    pub fn values(&self) -> &[f64] {
        &self.value
    }
    /// Σ quantity column.
    pub fn quantities(&self) -> &[f64] {
        &self.quantity
    }
    /// Number of flows aggregated in each cell.
    pub fn flow_counts(&self) -> &[u32] {
        &self.flows
    }
    /// The distinct years, ascending.
    pub fn year_list(&self) -> Vec<u16> {
        self.year_runs().map(|(y, _)| y).collect()
    }
    /// The year of each run of cells of one year (cells are sorted by year first) and its index range.
    pub(crate) fn year_runs(&self) -> impl Iterator<Item = (u16, std::ops::Range<usize>)> + '_ {
        let mut start = 0;
        self.year.chunk_by(|a, b| a == b).map(move |run| {
            let range = start..start + run.len();
            start = range.end;
            (run[0], range)
        })
    }
    /// Index ranges of the (year, product) groups: the exporters of one product in one year.
    pub fn groups(&self) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for i in 1..=self.len() {
            if i == self.len()
                || self.year[i] != self.year[start]
                || self.product[i] != self.product[start]
            {
                out.push(start..i);
                start = i;
            }
        }
        out
    }
    /// The cell of (exporter, product, year) by names: `(Σ value, Σ quantity)`.
    pub fn get(&self, exporter: &str, product: &str, year: u16) -> Option<(f64, f64)> {
        let e = self.countries.id(exporter)?;
        let p = self.products.id(&normalise_product_code(product).ok()?)?;
        let key = cell_key(year, p, e);
        let at = |i: usize| cell_key(self.year[i], self.product[i], self.exporter[i]);
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if at(mid) < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo == self.len() || at(lo) != key {
            return None;
        }
        let i = lo;
        Some((self.value[i], self.quantity[i]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dense, hashed and switching accumulators give identical cells.
    #[test]
    fn accumulator_modes_agree() {
        let mut rows = Vec::new();
        let mut state = 12345u64;
        for _ in 0..5000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let r = state >> 33;
            rows.push((
                (2000 + r % 3) as u16,
                (r / 3 % 40) as u32,
                (r / 120 % 300) as u32,
                1.0 + (r % 97) as f64,
                0.5 + (r % 13) as f64,
            ));
        }
        let run = |limit: usize| {
            let mut acc = CellAccumulator::with_dense_limit(limit);
            for &(y, e, p, v, q) in &rows {
                let _ = acc.add(y, e, p, v, q);
            }
            let mut c = Cells::default();
            acc.finish_into(&mut c);
            c
        };
        let dense = run(DENSE_LIMIT);
        assert!(dense.len() > 1000);
        assert_eq!(dense, run(0));
        assert_eq!(dense, run(5000)); // switches to hashing part-way
        // Sorted by (year, product, exporter).
        for i in 1..dense.len() {
            let a = cell_key(
                dense.year[i - 1],
                dense.product[i - 1],
                dense.exporter[i - 1],
            );
            assert!(a < cell_key(dense.year[i], dense.product[i], dense.exporter[i]));
        }
    }
}
