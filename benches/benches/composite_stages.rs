//! Benchmarks of the composite pipeline's stages (helper B1): entropy weights at 10 000 × 50 (target
//! < 0.2 ms; NumPy ≈ 1 ms; measured on the 2-core machine with 2 threads: criterion mean 177–183 µs,
//! minimum of 500 calls 0.14 ms; one thread 0.27 ms minimum, 0.31 ms mean; it was 0.43 ms mean with the
//! fdlibm logarithm, and 1.6–1.75 ms before any vectorisation), CRITIC at 10 000 × 50, and min-max
//! normalisation at 10⁴..10⁶ units × 50 indicators, both through the allocation-free column entry point
//! (`Normalisation::normalise_column`, what a pipeline calls) and through `Normalisation::apply` on a
//! `Panel` (which copies the panel once and runs columns in parallel).
//!
//! Run: `cargo bench -p mfg-quality-benches --bench composite_stages -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use mfg_quality::composite::normalise::{ColumnContext, Normalisation};
use mfg_quality::composite::weights::{critic_weights, entropy_weights};
use mfg_quality::indicators::{Panel, Polarity, Unit};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const N_IND: usize = 50;

/// Column-major `n × p` matrix of uniform [0, 1) values, seeded.
fn uniform_matrix(n: usize, p: usize, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n * p).map(|_| rng.random::<f64>()).collect()
}

fn weights(c: &mut Criterion) {
    let n = 10_000;
    let data = uniform_matrix(n, N_IND, 1);
    let mut g = c.benchmark_group("weights_10000x50");
    g.throughput(Throughput::Elements((n * N_IND) as u64));
    g.bench_function("entropy", |b| {
        b.iter(|| entropy_weights(black_box(&data), n).unwrap())
    });
    g.bench_function("critic", |b| {
        b.iter(|| critic_weights(black_box(&data), n).unwrap())
    });
    g.finish();
}

fn min_max(c: &mut Criterion) {
    let mut g = c.benchmark_group("min_max_x50");
    g.sample_size(10);
    let norm = Normalisation::MinMax { lo: 0.0, hi: 1.0 };
    for &n in &[10_000usize, 100_000, 1_000_000] {
        let mut data = uniform_matrix(n, N_IND, 2);
        let mask = vec![true; n];
        let units: Vec<Unit> = Vec::new();
        g.throughput(Throughput::Elements((n * N_IND) as u64));
        g.bench_with_input(BenchmarkId::new("normalise_column", n), &n, |b, &n| {
            b.iter(|| {
                // Re-normalising in place does the same work every iteration, with no copy.
                for (i, col) in data.chunks_mut(n).enumerate() {
                    let ctx = ColumnContext {
                        indicator: "x",
                        period: i as i32,
                        units: &units,
                        reference: None,
                    };
                    norm.normalise_column(col, &mask, Polarity::Positive, &ctx)
                        .unwrap();
                }
                black_box(&data);
            })
        });
        if n <= 100_000 {
            let panel = Panel::from_dense(
                (0..n).map(|u| Unit::new(format!("u{u}"))).collect(),
                (0..N_IND).map(|i| format!("i{i}")).collect(),
                vec![2020],
                uniform_matrix(n, N_IND, 3),
                vec![true; n * N_IND],
            )
            .unwrap();
            let pol = vec![Polarity::Positive; N_IND];
            g.bench_with_input(BenchmarkId::new("apply_panel", n), &n, |b, _| {
                b.iter(|| norm.apply(black_box(&panel), &pol).unwrap())
            });
        }
    }
    g.finish();
}

/// Process CPU time (user + system) in seconds, from `/proc/self/stat` (Linux; clock ticks of 10 ms).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// CPU time per call of `f`, over at least `secs` seconds of CPU time.
fn cpu_per_call(secs: f64, mut f: impl FnMut()) -> Option<f64> {
    f();
    let t0 = cpu_seconds()?;
    let mut calls = 0u64;
    loop {
        f();
        calls += 1;
        let dt = cpu_seconds()? - t0;
        if dt >= secs {
            return Some(dt / calls as f64);
        }
    }
}

/// Minimum wall time of `calls` calls of `f`, in seconds: on a shared machine, the call least disturbed
/// by other jobs.
fn min_wall(calls: usize, mut f: impl FnMut()) -> f64 {
    f();
    (0..calls)
        .map(|_| {
            let t = std::time::Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// With `MFGQ_CPU_TIME=1`: prints CPU time per call instead of running criterion. On a machine shared
/// with other jobs, wall-clock timings are inflated by the load; process CPU time is not (for
/// single-threaded code it is the wall time on an idle machine; for parallel code, the total work).
fn cpu_report() {
    let n = 10_000;
    let data = uniform_matrix(n, N_IND, 1);
    let t = cpu_per_call(2.0, || {
        black_box(entropy_weights(black_box(&data), n).unwrap());
    });
    println!(
        "entropy 10000x50: {:.3} ms CPU/call, min wall of 500 calls {:.3} ms",
        t.unwrap_or(f64::NAN) * 1e3,
        min_wall(500, || {
            black_box(entropy_weights(black_box(&data), n).unwrap());
        }) * 1e3
    );
    let t = cpu_per_call(2.0, || {
        black_box(critic_weights(black_box(&data), n).unwrap());
    });
    println!(
        "critic 10000x50: {:.3} ms CPU/call",
        t.unwrap_or(f64::NAN) * 1e3
    );
    let norm = Normalisation::MinMax { lo: 0.0, hi: 1.0 };
    for &n in &[10_000usize, 100_000, 1_000_000] {
        let mut data = uniform_matrix(n, N_IND, 2);
        let mask = vec![true; n];
        let t = cpu_per_call(2.0, || {
            for (i, col) in data.chunks_mut(n).enumerate() {
                let ctx = ColumnContext {
                    indicator: "x",
                    period: i as i32,
                    units: &[],
                    reference: None,
                };
                norm.normalise_column(col, &mask, Polarity::Positive, &ctx)
                    .unwrap();
            }
            black_box(&data);
        });
        println!(
            "min-max normalise_column {n}x50: {:.3} ms CPU/call",
            t.unwrap_or(f64::NAN) * 1e3
        );
    }
}

criterion_group!(benches, weights, min_max);

fn main() {
    if std::env::var_os("MFGQ_CPU_TIME").is_some() {
        cpu_report();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
