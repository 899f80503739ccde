//! Benchmarks of `mfg-quality-elasticity`: the streaming BACI reader, and cells + unit values + quality
//! segments + industry classification on 10⁶ and 10⁷ synthetic flows (5 000 products, 100 countries).
//!
//! `cargo bench -p mfg-quality-benches --bench elasticity -- --warm-up-time 1 --measurement-time 3`
//!
//! Peak memory: `ELASTICITY_PEAK_MEMORY=loaded cargo bench -p mfg-quality-benches --bench elasticity` skips
//! criterion, runs the 10⁷-flow pipeline once (generate → cells → unit values → per-flow segments →
//! classification) and prints `VmHWM` (peak resident set) from `/proc/self/status`;
//! `ELASTICITY_PEAK_MEMORY=streaming` instead streams a generated 10⁷-row BACI CSV through `read_cells`
//! (cells only, rows never stored) and prints its `VmHWM`. `ELASTICITY_PEAK_MEMORY=throughput` prints rates
//! per CPU-second of the whole process (from `/proc/self/stat`), which are meaningful on a loaded shared
//! machine.

use std::hint::black_box;
use std::io::Read;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use mfg_quality::elasticity::prelude::*;
use mfg_quality::elasticity::synthetic::SyntheticWorld;

/// Reader options for the synthetic world's CSV: its flows may repeat an (exporter, importer, product) within
/// a year (partners are drawn with replacement), so repeats are summed — and counted, which the benchmark
/// includes.
fn summing() -> ReadOptions {
    ReadOptions {
        duplicates: DuplicatePolicy::Sum,
        ..ReadOptions::default()
    }
}

/// The synthetic world of about `n` flows over 5 000 products in one year (seed 2026).
fn world(n: usize) -> SyntheticWorld {
    generate(&SyntheticConfig::sized(2026, n, 5_000)).expect("valid synthetic configuration")
}

/// A BACI-layout CSV (`t,i,j,k,v,q`, numeric country codes, HS6 codes written as integers so that codes of
/// chapters < 10 lose their leading zero, 3 % blank quantities) of the first `rows` flows of a world.
fn baci_csv(w: &SyntheticWorld, rows: usize) -> Vec<u8> {
    use std::fmt::Write;
    let f = &w.flows;
    let mut s = String::with_capacity(rows * 40 + 16);
    s.push_str("t,i,j,k,v,q\n");
    for i in 0..rows.min(f.len()) {
        let code: u32 = f.products().name(f.product_ids()[i]).parse().unwrap_or(0);
        let q = if i % 33 == 0 {
            String::new()
        } else {
            format!("{:.3}", f.quantities()[i])
        };
        let _ = writeln!(
            s,
            "{},{},{},{},{:.3},{}",
            f.years()[i],
            100 + f.exporters()[i] * 4,
            100 + f.importers()[i] * 4,
            code,
            f.values()[i],
            q
        );
    }
    s.into_bytes()
}

fn bench_reader(c: &mut Criterion) {
    let w = world(1_000_000);
    let csv = baci_csv(&w, 1_000_000);
    let rows = csv.iter().filter(|&&b| b == b'\n').count() as u64 - 1;
    let mut g = c.benchmark_group("elasticity/read_baci");
    g.sample_size(10);
    g.throughput(Throughput::Elements(rows));
    g.bench_function(BenchmarkId::new("read_flows", rows), |b| {
        b.iter(|| read_flows(black_box(&csv[..]), &summing()).unwrap())
    });
    g.bench_function(BenchmarkId::new("read_cells", rows), |b| {
        b.iter(|| read_cells(black_box(&csv[..]), &summing()).unwrap())
    });
    g.finish();
}

fn bench_pipeline(c: &mut Criterion) {
    for n in [1_000_000usize, 10_000_000] {
        let w = world(n);
        let flows = &w.flows;
        let map = w.concordance.map_products(flows.products()).unwrap();
        let params = SegmentParams::default();
        let mut g = c.benchmark_group("elasticity/flows");
        g.sample_size(10);
        g.throughput(Throughput::Elements(flows.len() as u64));
        g.bench_function(BenchmarkId::new("cells", flows.len()), |b| {
            b.iter(|| black_box(flows.cells()))
        });
        let cells = flows.cells();
        g.bench_function(
            BenchmarkId::new("cells+unit_values+segments", flows.len()),
            |b| {
                b.iter(|| {
                    let cells = flows.cells();
                    let uv = unit_values(&cells, &Reference::default()).unwrap();
                    segment_flows(flows, &cells, &uv, &params, Some(&map)).unwrap()
                })
            },
        );
        let uv = unit_values(&cells, &Reference::default()).unwrap();
        g.bench_function(BenchmarkId::new("segments_per_flow", flows.len()), |b| {
            b.iter(|| segment_flows(flows, &cells, &uv, &params, Some(&map)).unwrap())
        });
        g.bench_function(BenchmarkId::new("classification", flows.len()), |b| {
            b.iter(|| {
                estimate(
                    &cells,
                    &uv,
                    &map,
                    &[PooledPeriod::new(2015, 2015)],
                    &ElasticityParams::default(),
                )
                .unwrap()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench_reader, bench_pipeline);

/// Generates BACI rows on the fly (never held in memory): `rows` rows over 100 exporters, 100 importers and
/// 5 000 products in one year, by a fixed linear congruential sequence.
struct GeneratedCsv {
    rows: usize,
    next: usize,
    buf: Vec<u8>,
    pos: usize,
    state: u64,
}

impl Read for GeneratedCsv {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        use std::io::Write;
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
            if self.next == 0 {
                self.buf.extend_from_slice(b"t,i,j,k,v,q\n");
            }
            while self.buf.len() < 64 * 1024 && self.next < self.rows {
                self.state = self
                    .state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let r = self.state >> 33;
                let (e, m, p) = (r % 100, (r / 100) % 100, (r / 10_000) % 5_000);
                let v = 1.0 + (r % 9973) as f64 / 7.0;
                let q = 0.5 + (r % 7919) as f64 / 13.0;
                let _ = writeln!(
                    self.buf,
                    "2015,{},{},{},{v:.3},{q:.3}",
                    4 + e * 4,
                    4 + m * 4,
                    100_000 + p * 7
                );
                self.next += 1;
            }
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

fn vm_hwm() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "unavailable".into())
}

fn peak_memory_loaded() {
    let t = std::time::Instant::now();
    let w = world(10_000_000);
    let flows = &w.flows;
    let map = w.concordance.map_products(flows.products()).unwrap();
    let cells = flows.cells();
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    let seg = segment_flows(flows, &cells, &uv, &SegmentParams::default(), Some(&map)).unwrap();
    let est = estimate(
        &cells,
        &uv,
        &map,
        &[PooledPeriod::new(2015, 2015)],
        &ElasticityParams::default(),
    )
    .unwrap();
    println!(
        "loaded pipeline: {} flows, {} products, {} cells, {} classified industries, C01 high share {:.4}; \
         flow columns {:.0} MiB; VmHWM {} ({:.1} s)",
        flows.len(),
        flows.products().len(),
        cells.len(),
        est.len(),
        seg.shares("C01", 2015).map_or(0.0, |s| s.high),
        flows.heap_bytes() as f64 / 1048576.0,
        vm_hwm(),
        t.elapsed().as_secs_f64()
    );
}

fn peak_memory_streaming() {
    let t = std::time::Instant::now();
    let src = GeneratedCsv {
        rows: 10_000_000,
        next: 0,
        buf: Vec::new(),
        pos: 0,
        state: 7,
    };
    // The generator repeats (exporter, importer, product) triples: sum them, and find none (memory bounded by
    // the cells, as the measurement intends).
    let options = ReadOptions {
        duplicates: DuplicatePolicy::Unchecked,
        ..ReadOptions::default()
    };
    let agg = read_cells(src, &options).unwrap();
    println!(
        "streaming read_cells: {} rows read, {} cells; VmHWM {} ({:.1} s)",
        agg.report.rows_read,
        agg.exports.len(),
        vm_hwm(),
        t.elapsed().as_secs_f64()
    );
}

/// CPU time of this process, all threads (user + system), from `/proc/self/stat` in clock ticks of 1/100 s
/// (Linux `CLK_TCK` = 100); 0 where unavailable.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let utime: f64 = f.get(11)?.parse().ok()?;
            let stime: f64 = f.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(0.0)
}

/// Throughput per CPU-second (the machine is shared, so wall-clock rates understate per-core speed).
fn cpu_throughput() {
    let w = world(1_000_000);
    let csv = baci_csv(&w, 1_000_000);
    let rows = csv.iter().filter(|&&b| b == b'\n').count() as f64 - 1.0;
    let reps = 5;
    let measure = |label: &str, n: f64, f: &mut dyn FnMut()| {
        let (c0, t0) = (cpu_seconds(), std::time::Instant::now());
        for _ in 0..reps {
            f();
        }
        let (c, t) = (cpu_seconds() - c0, t0.elapsed().as_secs_f64());
        println!(
            "{label}: {:.2} M/s per CPU-second ({:.2} M/s wall; {reps} × {n:.0})",
            reps as f64 * n / c / 1e6,
            reps as f64 * n / t / 1e6
        );
    };
    measure("read_flows (BACI CSV)", rows, &mut || {
        black_box(read_flows(&csv[..], &summing()).unwrap());
    });
    measure("read_cells (BACI CSV)", rows, &mut || {
        black_box(read_cells(&csv[..], &summing()).unwrap());
    });
    drop(csv);
    for n in [1_000_000usize, 10_000_000] {
        let w = world(n);
        let flows = &w.flows;
        let map = w.concordance.map_products(flows.products()).unwrap();
        let len = flows.len() as f64;
        measure(
            &format!("cells+unit_values+segments_per_flow ({n})"),
            len,
            &mut || {
                let cells = flows.cells();
                let uv = unit_values(&cells, &Reference::default()).unwrap();
                black_box(
                    segment_flows(flows, &cells, &uv, &SegmentParams::default(), Some(&map))
                        .unwrap(),
                );
            },
        );
        let cells = flows.cells();
        let uv = unit_values(&cells, &Reference::default()).unwrap();
        measure(
            &format!("classification ({n} flows, {} cells)", cells.len()),
            len,
            &mut || {
                black_box(
                    estimate(
                        &cells,
                        &uv,
                        &map,
                        &[PooledPeriod::new(2015, 2015)],
                        &ElasticityParams::default(),
                    )
                    .unwrap(),
                );
            },
        );
    }
}

fn main() {
    match std::env::var("ELASTICITY_PEAK_MEMORY").as_deref() {
        Ok("streaming") => return peak_memory_streaming(),
        Ok("throughput") => return cpu_throughput(),
        Ok(_) => return peak_memory_loaded(),
        Err(_) => {}
    }
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
