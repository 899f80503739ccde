//! Benchmark `panel_io`: loading a long-format CSV panel (`unit,indicator,period,value`) from memory with
//! `mfg_quality::indicators::io::read_long_csv_str`, at 10^4, 10^5 and 10^6 rows.
//!
//! The CSV text is generated here (deterministic, seeded): units × indicators × periods cells in unit-major
//! order (as a typical export is sorted), values with up to 6 decimals, ~1 % of cells blank (missing).
//! Throughput is reported in rows (elements) per second.
//!
//! Run: `cargo bench -p mfg-quality-benches --bench panel_io -- --warm-up-time 1 --measurement-time 3`.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mfg_quality::indicators::io::{CsvOptions, read_long_csv_str};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A long CSV with `units × indicators × periods` rows.
fn long_csv(units: usize, indicators: usize, periods: usize) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let mut s = String::with_capacity(units * indicators * periods * 36 + 32);
    s.push_str("unit,indicator,period,value\n");
    for u in 0..units {
        for i in 0..indicators {
            for p in 0..periods {
                let _ = write!(s, "CN-{u:05},ind_{i:03},{},", 2000 + p);
                if rng.random::<f64>() >= 0.01 {
                    let v: f64 = rng.random_range(-1000.0..1000.0);
                    let _ = write!(s, "{v:.6}");
                }
                s.push('\n');
            }
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("panel_io/read_long_csv");
    group.sample_size(10);
    // (units, indicators, periods): 10^4, 10^5, 10^6 rows.
    for (nu, ni, np) in [(100, 10, 10), (1_000, 10, 10), (1_000, 100, 10)] {
        let rows = nu * ni * np;
        let text = long_csv(nu, ni, np);
        let opts = CsvOptions::new();
        // Sanity check outside the timed loop.
        let p = read_long_csv_str(&text, &opts).expect("generated CSV is valid");
        assert_eq!(p.n_units() * p.n_indicators() * p.n_periods(), rows);
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_with_input(BenchmarkId::from_parameter(rows), &text, |b, text| {
            b.iter(|| read_long_csv_str(black_box(text), &opts).expect("valid"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
