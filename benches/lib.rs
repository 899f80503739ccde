//! Shared helpers for the benchmarks (synthetic data generators).

/// The generated BACI-layout trade flows of the `trade_stream` (CSV) and `trade_parquet` benchmarks.
///
/// Rows sorted by (year, exporter, importer) as CEPII BACI files are: 10 years × 100 exporters × 200
/// importers × 500 of 2 000 HS6 products per triple, every flow distinct, so the (exporter, product, year)
/// cells number at most 10 × 100 × 2 000 = 2·10⁶ whatever the row count (up to 10⁸ rows).
pub mod trade {
    /// Years.
    pub const YEARS: u64 = 10;
    /// Exporters.
    pub const EXPORTERS: u64 = 100;
    /// Importers.
    pub const IMPORTERS: u64 = 200;
    /// Products.
    pub const PRODUCTS: u64 = 2_000;
    /// Products per (year, exporter, importer): 10⁸ rows over the 2·10⁵ triples.
    pub const PER_PAIR: u64 = 500;

    /// Flow `n`: (year, exporter, importer, product, value numerator, quantity in thousandths).
    ///
    /// The value is `value + 0.5` (written `{value}.5`), the quantity `quantity / 1000` (written with three
    /// decimals); both are exact decimals, so the CSV text and the `f64`s of [`flow_f64`] agree bit for bit.
    #[inline]
    pub fn flow(n: u64) -> (u64, u64, u64, u64, u64, u64) {
        let k = n % PER_PAIR;
        let pair = n / PER_PAIR;
        let j = pair % IMPORTERS;
        let i = (pair / IMPORTERS) % EXPORTERS;
        let t = (pair / IMPORTERS / EXPORTERS) % YEARS;
        // 500 distinct products of 2 000 per triple: a stride coprime with 2 000 from a shifting base.
        let p = (pair * 7 + k * 37) % PRODUCTS;
        let h = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
        let v = 1 + h % 99_991;
        let q = 1 + h % 7_919;
        (
            2000 + t,
            4 + 4 * i,
            4 + 4 * j,
            100_000 + 3 * p,
            v,
            (q / 1000 + 1) * 1000 + q % 1000,
        )
    }

    /// Flow `n` with its amounts as `f64`: (year, exporter, importer, product, value, quantity).
    #[inline]
    #[allow(clippy::cast_precision_loss)]
    pub fn flow_f64(n: u64) -> (u64, u64, u64, u64, f64, f64) {
        let (t, i, j, p, v, q) = flow(n);
        // `q / 1000.0` is the correctly rounded quotient of exact integers: the parse of the decimal text.
        (t, i, j, p, v as f64 + 0.5, q as f64 / 1000.0)
    }
}
