//! Benchmark `mcda`: the aggregation methods of `mfg_quality::composite::aggregate` on synthetic
//! column-major matrices.
//!
//! - TOPSIS (vector and min-max) at 10 000 units × 50 criteria (target < 0.5 ms of wall time; NumPy ≈ 3.5 ms):
//!   ≈ 0.37–0.41 ms of CPU time, one thread (the same in wall time when a core is free; `MCDA_WALL=1`), with
//!   `baseline_one_pass_sum` (≈ 0.14 ms) one read of the same 4 MB for reference; and at 100 000 × 50
//!   (≈ 5.2–5.8 ms, memory-bound; rayon-parallel with the `parallel` feature, so CPU time sums the threads);
//! - weighted arithmetic and geometric means at 10⁴, 10⁵ and 10⁶ units × 50 children, with
//!   `baseline_sum` (one plain read of the same matrix) at each size as the memory-bandwidth reference;
//! - VIKOR at 10 000 × 50, Borda at 10 000 × 50, Copeland at 1 000 × 50 (O(n² m)), exact Kemeny at 10 units;
//! - COPRAS, WASPAS, WPM, ARAS, EDAS, MABAC, MOORA (ratio, reference point), MULTIMOORA and CoCoSo at
//!   10 000 × 50 (`mcda_set1_10000x50`; pymcdm's side in `benches/peers/pymcdm_mcda_set1.py`): measured
//!   0.6–0.8 ms (COPRAS, ARAS, EDAS, MABAC, MOORA), 1.9 ms (WASPAS, WPM), 5.6 ms (CoCoSo), 69 ms
//!   (MULTIMOORA, O(n²) dominance), load average ≈ 3.
//! - set 2 (`mcda_set2`): PROMETHEE II (usual, linear: sorted `O(m n log n)` flows), SPOTIS, CODAS, MARCOS,
//!   MAIRCA, OCRA and TOPSIS without normalisation at 10 000 × 50; PROMETHEE II usual, linear and
//!   Gaussian (pairwise `O(n² m)`) at 1 000 × 50, the size pymcdm's `n × n` tables allow
//!   (`benches/peers/pymcdm_mcda_set2.py` times pymcdm on the same shapes).
//!
//! Run: `cargo bench -p mfg-quality-benches --bench mcda -- --warm-up-time 1 --measurement-time 3`.
//!
//! The machine is shared (2 cores, often a load average of 10+ from other builds), so every benchmark here
//! reports the **on-CPU time of the process** (all its threads, from `/proc/self/task/*/schedstat`, via
//! `iter_custom`) rather than wall-clock time, which mostly measures waiting for a core under that load.
//! For the rayon-parallel sizes (≥ 65 536 rows) this is the total CPU time over the threads, not the
//! elapsed time. Where `/proc` is unavailable, or with `MCDA_WALL=1` in the environment, it measures
//! wall-clock time. That counter only
//! advances at scheduler events (ticks, context switches), so every group uses flat sampling with 10
//! samples: each sample then runs for ≈ measurement-time / 10, far above the tick.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use mfg_quality::composite::aggregate::{
    Aggregation, AggregationContext, Aggregator, Codas, Mairca, Marcos, MissingPolicy, Ocra,
    PreferenceFunction, Promethee, Spotis, Topsis, TopsisNormalisation, topsis,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const M: usize = 50;

/// On-CPU time of the whole process in ns: the sum of the first field of
/// `/proc/self/task/*/schedstat` over its threads (so rayon workers are counted too).
fn process_cpu_ns() -> Option<u64> {
    let mut total = 0u64;
    for entry in std::fs::read_dir("/proc/self/task").ok()? {
        let path = entry.ok()?.path().join("schedstat");
        let text = std::fs::read_to_string(path).ok()?;
        total += text.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(total)
}

/// Runs `f` `iters` times and returns the process's CPU time (wall time if unavailable).
fn cpu_timed(iters: u64, mut f: impl FnMut()) -> Duration {
    let (t0, w0) = (process_cpu_ns(), Instant::now());
    for _ in 0..iters {
        f();
    }
    if std::env::var_os("MCDA_WALL").is_some() {
        return w0.elapsed();
    }
    match (t0, process_cpu_ns()) {
        (Some(a), Some(b)) => Duration::from_nanos(b.saturating_sub(a)),
        _ => w0.elapsed(),
    }
}

/// `n × m` column-major values uniform in [0.01, 1) (positive, as after a min-max normalisation shifted
/// away from 0) and weights uniform in [0.1, 1), from a fixed seed.
fn matrix(n: usize, m: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let data = (0..n * m).map(|_| rng.random_range(0.01..1.0)).collect();
    let weights = (0..m).map(|_| rng.random_range(0.1..1.0)).collect();
    (data, weights)
}

fn run(
    agg: &Aggregation,
    data: &[f64],
    n: usize,
    w: &[f64],
    scores: &mut [f64],
    present: &mut [bool],
) -> f64 {
    agg.aggregate_into(
        data,
        &[],
        n,
        w,
        MissingPolicy::SkipAndReweight,
        &AggregationContext::default(),
        scores,
        present,
    )
    .expect("valid synthetic input");
    scores[0]
}

/// Benchmarks `run` of `agg` on `data` (reusing the output buffers, allocated by the caller outside the
/// measurement) in on-CPU time.
#[allow(clippy::too_many_arguments)]
fn timed_run(
    b: &mut criterion::Bencher,
    agg: &Aggregation,
    data: &[f64],
    n: usize,
    w: &[f64],
    scores: &mut [f64],
    present: &mut [bool],
) {
    b.iter_custom(|iters| {
        cpu_timed(iters, || {
            black_box(run(agg, black_box(data), n, w, scores, present));
        })
    });
}

fn bench_topsis(c: &mut Criterion) {
    let n = 10_000;
    let (data, w) = matrix(n, M, 1);
    let mut g = c.benchmark_group("topsis_10000x50");
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    g.throughput(Throughput::Elements((n * M) as u64));
    let mut scores = vec![0.0; n];
    let mut present = vec![false; n];
    for norm in [TopsisNormalisation::Vector, TopsisNormalisation::MinMax] {
        let agg = Aggregation::Topsis {
            normalisation: norm,
        };
        g.bench_function(BenchmarkId::new("aggregate_into", norm.name()), |b| {
            timed_run(b, &agg, &data, n, &w, &mut scores, &mut present);
        });
    }
    // Reference: one read of the 4 MB matrix (8 independent sums, vectorised).
    g.bench_function("baseline_one_pass_sum", |b| {
        b.iter_custom(|iters| {
            cpu_timed(iters, || {
                let mut acc = [0.0f64; 8];
                for c in black_box(&data).chunks_exact(8) {
                    for k in 0..8 {
                        acc[k] += c[k];
                    }
                }
                black_box(acc);
            })
        })
    });
    g.bench_function("topsis_fn_vector", |b| {
        b.iter_custom(|iters| {
            cpu_timed(iters, || {
                black_box(
                    topsis(black_box(&data), n, &w, TopsisNormalisation::Vector, &[])
                        .expect("valid"),
                );
            })
        })
    });
    g.finish();
    // The same at 10⁵ units (above the parallel threshold with the `parallel` feature).
    let n = 100_000;
    let (data, w) = matrix(n, M, 6);
    let mut g = c.benchmark_group("topsis_100000x50");
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    g.throughput(Throughput::Elements((n * M) as u64));
    let (mut scores, mut present) = (vec![0.0; n], vec![false; n]);
    let agg = Aggregation::Topsis {
        normalisation: TopsisNormalisation::Vector,
    };
    g.bench_function(BenchmarkId::new("aggregate_into", "vector"), |b| {
        timed_run(b, &agg, &data, n, &w, &mut scores, &mut present);
    });
    g.finish();
}

fn bench_means(c: &mut Criterion) {
    let mut g = c.benchmark_group("weighted_mean_x50");
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    for n in [10_000usize, 100_000, 1_000_000] {
        let (data, w) = matrix(n, M, 2);
        let mut scores = vec![0.0; n];
        let mut present = vec![false; n];
        g.throughput(Throughput::Elements((n * M) as u64));
        for agg in [Aggregation::Arithmetic, Aggregation::Geometric] {
            g.bench_with_input(BenchmarkId::new(agg.name(), n), &n, |b, &n| {
                timed_run(b, &agg, &data, n, &w, &mut scores, &mut present);
            });
        }
        // The memory-bandwidth reference: one plain read of the same matrix (8 independent sums,
        // vectorised, one thread), the least any single-pass kernel must do.
        g.bench_with_input(BenchmarkId::new("baseline_sum", n), &n, |b, _| {
            b.iter_custom(|iters| {
                cpu_timed(iters, || {
                    let mut acc = [0.0f64; 8];
                    for c in black_box(&data).chunks_exact(8) {
                        for k in 0..8 {
                            acc[k] += c[k];
                        }
                    }
                    black_box(acc);
                })
            })
        });
    }
    g.finish();
}

fn bench_others(c: &mut Criterion) {
    let mut g = c.benchmark_group("mcda_others");
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    let n = 10_000;
    let (data, w) = matrix(n, M, 3);
    let mut scores = vec![0.0; n];
    let mut present = vec![false; n];
    for agg in [
        Aggregation::Vikor { v: 0.5 },
        Aggregation::Borda,
        Aggregation::MazziottaPareto {
            sign: Default::default(),
        },
    ] {
        g.bench_function(BenchmarkId::new(agg.name(), "10000x50"), |b| {
            timed_run(b, &agg, &data, n, &w, &mut scores, &mut present);
        });
    }
    let n = 1_000;
    let (data, w) = matrix(n, M, 4);
    let (mut scores, mut present) = (vec![0.0; n], vec![false; n]);
    g.bench_function(BenchmarkId::new("copeland", "1000x50"), |b| {
        timed_run(
            b,
            &Aggregation::Copeland,
            &data,
            n,
            &w,
            &mut scores,
            &mut present,
        );
    });
    let n = 10;
    let (data, w) = matrix(n, M, 5);
    let (mut scores, mut present) = (vec![0.0; n], vec![false; n]);
    let kemeny = Aggregation::Kemeny { max_units: 10 };
    g.bench_function(BenchmarkId::new("kemeny", "10x50"), |b| {
        timed_run(b, &kemeny, &data, n, &w, &mut scores, &mut present);
    });
    g.finish();
}

/// The ratio and utility scorings of set 1 (COPRAS, WASPAS, WPM, ARAS, EDAS, MABAC, MOORA ratio and
/// reference point, MULTIMOORA, CoCoSo) at 10 000 × 50 through the aggregation, every child a benefit;
/// `benches/peers/pymcdm_mcda_set1.py` times pymcdm (and scikit-criteria's MULTIMOORA) on the same shape.
fn bench_mcda_set1(c: &mut Criterion) {
    use mfg_quality::composite::aggregate::MooraForm;
    let mut g = c.benchmark_group("mcda_set1_10000x50");
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    let n = 10_000;
    let (data, w) = matrix(n, M, 7);
    g.throughput(Throughput::Elements((n * M) as u64));
    let mut scores = vec![0.0; n];
    let mut present = vec![false; n];
    for (id, agg) in [
        ("copras", Aggregation::Copras),
        ("waspas", Aggregation::Waspas { lambda: 0.5 }),
        ("wpm", Aggregation::Wpm),
        ("aras", Aggregation::Aras),
        ("edas", Aggregation::Edas),
        ("mabac", Aggregation::Mabac),
        (
            "moora_ratio",
            Aggregation::Moora {
                form: MooraForm::Ratio,
            },
        ),
        (
            "moora_reference_point",
            Aggregation::Moora {
                form: MooraForm::ReferencePoint,
            },
        ),
        ("multimoora", Aggregation::Multimoora),
        ("cocoso", Aggregation::Cocoso { lambda: 0.5 }),
    ] {
        g.bench_function(id, |b| {
            timed_run(b, &agg, &data, n, &w, &mut scores, &mut present);
        });
    }
    g.finish();
}

/// Benchmarks an aggregation type through the [`Aggregator`] trait (same buffers reuse as [`timed_run`]).
#[allow(clippy::too_many_arguments)]
fn timed_trait(
    b: &mut criterion::Bencher,
    agg: &dyn Aggregator,
    data: &[f64],
    n: usize,
    w: &[f64],
    scores: &mut [f64],
    present: &mut [bool],
) {
    b.iter_custom(|iters| {
        cpu_timed(iters, || {
            agg.aggregate_into(
                black_box(data),
                &[],
                n,
                w,
                MissingPolicy::SkipAndReweight,
                &AggregationContext::default(),
                scores,
                present,
            )
            .expect("valid synthetic input");
            black_box(scores[0]);
        })
    });
}

fn bench_set2(c: &mut Criterion) {
    let mut g = c.benchmark_group("mcda_set2");
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    let usual = Promethee::new(PreferenceFunction::Usual).expect("valid");
    let linear =
        Promethee::new(PreferenceFunction::Linear { q: 0.05, p: 0.3 }).expect("valid thresholds");
    let gaussian = Promethee::new(PreferenceFunction::Gaussian { s: 0.2 }).expect("valid");
    let n = 10_000;
    let (data, w) = matrix(n, M, 7);
    let (mut scores, mut present) = (vec![0.0; n], vec![false; n]);
    let methods: [(&str, &dyn Aggregator); 8] = [
        ("promethee_usual", &usual),
        ("promethee_linear", &linear),
        ("spotis", &Spotis::default()),
        ("codas", &Codas::default()),
        ("marcos", &Marcos),
        ("mairca", &Mairca),
        ("ocra", &Ocra),
        ("topsis_none", &Topsis::new(TopsisNormalisation::None)),
    ];
    for (name, agg) in methods {
        g.bench_function(BenchmarkId::new(name, "10000x50"), |b| {
            timed_trait(b, agg, &data, n, &w, &mut scores, &mut present);
        });
    }
    let n = 1_000;
    let (data, w) = matrix(n, M, 8);
    let (mut scores, mut present) = (vec![0.0; n], vec![false; n]);
    let small: [(&str, &dyn Aggregator); 4] = [
        ("promethee_usual", &usual),
        ("promethee_linear", &linear),
        ("promethee_gaussian", &gaussian),
        ("codas", &Codas::default()),
    ];
    for (name, agg) in small {
        g.bench_function(BenchmarkId::new(name, "1000x50"), |b| {
            timed_trait(b, agg, &data, n, &w, &mut scores, &mut present);
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_topsis,
    bench_means,
    bench_others,
    bench_mcda_set1,
    bench_set2
);
criterion_main!(benches);
