//! Streams a generated BACI-layout trade file of 10⁸ rows (default) through `reader::read_cells` and prints
//! rows per second and the peak resident set (`VmHWM` of `/proc/self/status`). Run by hand:
//!
//! `cargo bench -p mfg-quality-benches --bench trade_stream -- [rows] [unchecked|error|sum|keep_first]`
//!
//! The CSV text of [`mfg_quality_benches::trade`] is generated on the fly behind an `impl Read` (no file on
//! disk): rows sorted by (year, exporter, importer) as CEPII BACI files are, 10 years × 100 exporters × 200
//! importers × up to 500 of 2 000 HS6 products, every flow distinct. So the (exporter, product, year) cells number at most
//! 10 × 100 × 2 000 = 2·10⁶ whatever the row count: under `DuplicatePolicy::Unchecked` memory stays bounded
//! by them; the other policies keep one entry per distinct flow to find repeats, so their memory grows with
//! the rows (compare at 10⁷ rows).

use std::io::{Read, Write};
use std::time::Instant;

use mfg_quality::elasticity::reader::{DuplicatePolicy, ReadOptions, read_cells};
use mfg_quality_benches::trade::flow;

/// The CSV text of the first `rows` flows, generated chunk by chunk.
struct Generated {
    rows: u64,
    next: u64,
    buf: Vec<u8>,
    pos: usize,
}

impl Generated {
    fn new(rows: u64) -> Self {
        let mut buf = Vec::with_capacity(1 << 17);
        buf.extend_from_slice(b"t,i,j,k,v,q\n");
        Self {
            rows,
            next: 0,
            buf,
            pos: 0,
        }
    }

    fn fill(&mut self) {
        self.buf.clear();
        self.pos = 0;
        while self.buf.len() < 1 << 16 && self.next < self.rows {
            let (t, i, j, p, v, q) = flow(self.next);
            let _ = writeln!(
                self.buf,
                "{t},{i},{j},{p},{v}.5,{}.{:03}",
                q / 1000,
                q % 1000
            );
            self.next += 1;
        }
    }
}

impl Read for Generated {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.buf.len() {
            self.fill();
            if self.buf.is_empty() {
                return Ok(0);
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

fn status(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "unavailable".into())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unavailable".into())
}

fn main() {
    // `cargo bench` passes `--bench`; take the first two other arguments.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let rows: u64 = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000_000);
    let policy = match args.get(1).map(String::as_str) {
        None | Some("unchecked") => DuplicatePolicy::Unchecked,
        Some("error") => DuplicatePolicy::Error,
        Some("sum") => DuplicatePolicy::Sum,
        Some("keep_first") => DuplicatePolicy::KeepFirst,
        Some(other) => {
            eprintln!("unknown policy `{other}`: unchecked, error, sum or keep_first");
            std::process::exit(2);
        }
    };
    let options = ReadOptions {
        duplicates: policy,
        ..ReadOptions::default()
    };
    println!("load average before: {}", load_average());
    let start = Instant::now();
    let agg = match read_cells(Generated::new(rows), &options) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("read_cells failed: {e}");
            std::process::exit(1);
        }
    };
    let secs = start.elapsed().as_secs_f64();
    println!(
        "read_cells, DuplicatePolicy::{policy:?}: {} rows read, {} kept, {} duplicates, {} cells in {secs:.1} s \
         = {:.2} M rows/s; VmHWM {}; load average after: {}",
        agg.report.rows_read,
        agg.report.rows_kept,
        agg.report.duplicates,
        agg.exports.len(),
        agg.report.rows_read as f64 / secs / 1e6,
        status("VmHWM"),
        load_average()
    );
}
