//! Benchmark `composite`: the configured pipeline's normalise + weight + aggregate over a 3-level framework
//! (index → 5 pillars → 2 sub-pillars each → 5 indicators each = 50 indicators), at 10³, 10⁴, 10⁵ and 10⁶
//! units × 50 indicators × 1 period, with min-max normalisation, the framework's (explicit) weights and the
//! weighted arithmetic mean at every level — `PipelineConfig::run` end to end, including the checks.
//!
//! Target (issue 4): 10⁶ × 50 under 150 ms on the 2-core reference machine (one pass over the 400 MB of
//! values takes ≈ 40 ms at memory bandwidth).
//!
//! Four groups: `composite/baseline_copy` and `composite/baseline_copy_into` (one copy of the values into
//! fresh memory / into an existing buffer, for scale), `composite/pipeline` (`PipelineConfig::run`: a fresh
//! run, allocating and page-faulting its result's memory every time — there is no hidden cache) and
//! `composite/pipeline_reusing` (`PipelineConfig::run_reusing`, the caller handing the previous result's
//! buffers back explicitly).
//!
//! `cargo bench -p mfg-quality-benches --bench composite -- --warm-up-time 1 --measurement-time 3`
//! (`-- composite/pipeline/1000000` for one size). On a loaded machine,
//! `MFGQ_MIN_TIME=1 cargo bench -p mfg-quality-benches --bench composite` prints the minimum and median
//! wall time of 15 calls at 10⁶ units instead, of the fresh `run` and of
//! `run_reusing`; `MFGQ_MIN_TIME=run` (`run_reusing`, `baseline`) runs one of them only (for a profiler). The data are synthetic, generated here with a seeded
//! ChaCha generator: indicator `j` of unit `u` is uniform on `[j, j + 10 + j)` (different scales per
//! indicator), and indicators 5, 15, 25… have negative polarity.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use mfg_quality::composite::pipeline::PipelineConfig;
use mfg_quality::indicators::{Framework, Indicator, NodeSpec, Panel, Polarity, Unit};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const PILLARS: usize = 5;
const SUBS: usize = 2;
const LEAVES: usize = 5;
const N_IND: usize = PILLARS * SUBS * LEAVES;

/// The 3-level framework, with unequal raw weights so that weights are actually normalised.
fn framework() -> Framework {
    let pillars = (0..PILLARS)
        .map(|p| {
            let subs = (0..SUBS)
                .map(|s| {
                    let leaves = (0..LEAVES)
                        .map(|l| {
                            let j = (p * SUBS + s) * LEAVES + l;
                            let pol = if j % 10 == 5 {
                                Polarity::Negative
                            } else {
                                Polarity::Positive
                            };
                            NodeSpec::leaf(
                                Indicator::new(format!("x{j:02}"), format!("x{j:02}"), "")
                                    .with_polarity(pol),
                            )
                            .with_weight(1.0 + l as f64)
                        })
                        .collect();
                    NodeSpec::group(format!("P{p}S{s}"), "", "", leaves).with_weight(1.0 + s as f64)
                })
                .collect();
            NodeSpec::group(format!("P{p}"), "", "", subs).with_weight(1.0)
        })
        .collect();
    Framework::new(NodeSpec::group("IDX", "Index", "", pillars)).expect("valid framework")
}

/// `n` units × 50 indicators × 1 period, complete, in the framework's leaf order.
fn panel(n: usize, seed: u64) -> Panel {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut values = Vec::with_capacity(n * N_IND);
    for j in 0..N_IND {
        let lo = j as f64;
        let hi = lo + 10.0 + j as f64;
        values.extend((0..n).map(|_| rng.random_range(lo..hi)));
    }
    let units = (0..n).map(|u| Unit::new(format!("u{u}"))).collect();
    let ids = (0..N_IND).map(|j| format!("x{j:02}")).collect();
    Panel::from_dense(units, ids, vec![2020], values, vec![true; n * N_IND]).expect("valid panel")
}

fn bench(c: &mut Criterion) {
    let config = PipelineConfig::new(framework());
    let mut group = c.benchmark_group("composite/pipeline");
    for &n in &[1_000usize, 10_000, 100_000, 1_000_000] {
        group.throughput(Throughput::Elements((n * N_IND) as u64));
        group.sample_size(if n >= 1_000_000 { 10 } else { 20 });
        // The data are generated inside the closure, so only the sizes selected on the command line are
        // generated (10⁶ × 50 is 400 MB).
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            let data = panel(n, 42);
            b.iter(|| black_box(config.run(black_box(&data)).expect("pipeline runs")));
        });
    }
    group.finish();

    // The same with `run_reusing`, which recycles the previous result's buffers (as a Monte Carlo loop
    // would): no fresh 0.5 GB allocation and page faults per run at 10⁶ units.
    let mut group = c.benchmark_group("composite/pipeline_reusing");
    for &n in &[1_000usize, 10_000, 100_000, 1_000_000] {
        group.throughput(Throughput::Elements((n * N_IND) as u64));
        group.sample_size(if n >= 1_000_000 { 10 } else { 20 });
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            let data = panel(n, 42);
            let mut previous = Some(config.run(&data).expect("pipeline runs"));
            b.iter(|| {
                let r = config
                    .run_reusing(black_box(&data), previous.take().expect("kept"))
                    .expect("pipeline runs");
                previous = Some(black_box(r));
            });
        });
    }
    group.finish();

    // Baseline for reading the figures on a given machine: one copy of the panel's values into fresh
    // memory (one read and one write pass over the 8 · n · 50 bytes, with the page faults of a new buffer),
    // the least any pipeline that returns the normalised indicators must do.
    let mut group = c.benchmark_group("composite/baseline_copy");
    for &n in &[100_000usize, 1_000_000] {
        group.throughput(Throughput::Elements((n * N_IND) as u64));
        group.sample_size(10);
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            let data = panel(n, 42);
            b.iter(|| black_box(black_box(&data).raw_values().to_vec()));
        });
    }
    group.finish();

    // The same copy into an existing buffer (no page faults): one read and one write pass.
    let mut group = c.benchmark_group("composite/baseline_copy_into");
    for &n in &[100_000usize, 1_000_000] {
        group.throughput(Throughput::Elements((n * N_IND) as u64));
        group.sample_size(10);
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            let data = panel(n, 42);
            let mut dst = data.raw_values().to_vec();
            b.iter(|| {
                dst.copy_from_slice(black_box(&data).raw_values());
                black_box(&dst);
            });
        });
    }
    group.finish();
}

/// With `MFGQ_MIN_TIME=1`: prints the minimum and median wall time of 15 calls at 10⁶ units of `run`,
/// `run_reusing` and the copy baselines, instead of running criterion. On a machine shared with other jobs
/// the minimum is the figure least inflated by the load (criterion's mean is not).
fn min_time_report() {
    use std::time::Instant;
    fn report(name: &str, mut f: impl FnMut()) {
        f();
        let mut t: Vec<f64> = (0..15)
            .map(|_| {
                let t0 = Instant::now();
                f();
                t0.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        t.sort_by(f64::total_cmp);
        println!(
            "{name}: min {:.1} ms, median {:.1} ms",
            t[0],
            t[t.len() / 2]
        );
    }
    let n = 1_000_000;
    let config = PipelineConfig::new(framework());
    let data = panel(n, 42);
    // `MFGQ_MIN_TIME=run` (or `run_reusing`, `baseline`) runs one variant only (for
    // profiling).
    let only = std::env::var("MFGQ_MIN_TIME").unwrap_or_default();
    let wanted =
        |name: &str| !matches!(only.as_str(), "run" | "run_reusing" | "baseline") || only == name;
    if wanted("run") {
        report("run (fresh memory every run)", || {
            black_box(config.run(black_box(&data)).expect("pipeline runs"));
        });
    }
    if wanted("run_reusing") {
        let mut previous = Some(config.run(&data).expect("pipeline runs"));
        report("run_reusing", || {
            let r = config
                .run_reusing(black_box(&data), previous.take().expect("kept"))
                .expect("pipeline runs");
            previous = Some(black_box(r));
        });
    }
    if wanted("baseline") {
        report("baseline_copy", || {
            black_box(black_box(&data).raw_values().to_vec());
        });
        let mut dst = data.raw_values().to_vec();
        report("baseline_copy_into", || {
            dst.copy_from_slice(black_box(&data).raw_values());
            black_box(&dst);
        });
    }
}

criterion_group!(benches, bench);

fn main() {
    if std::env::var_os("MFGQ_MIN_TIME").is_some() {
        min_time_report();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
