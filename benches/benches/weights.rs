//! Benchmark `weights`: every objective weighting method through its validated plan
//! (`Weigher::weigh`, what the pipeline calls per node) on 10 000 units × 50 children, uniform values
//! on [0.5, 1.5) (strictly positive, so every method's domain holds).
//!
//! Run: `cargo bench -p mfg-quality-benches --bench weights -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mfg_quality::composite::weights::{Weigher, WeigherPlan, Weighting};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const N: usize = 10_000;
const M: usize = 50;

fn bench(c: &mut Criterion) {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let data: Vec<f64> = (0..N * M).map(|_| rng.random_range(0.5..1.5)).collect();
    let nominal = vec![1.0; M];
    let mut g = c.benchmark_group("weights_plan_10000x50");
    g.sample_size(20);
    g.throughput(Throughput::Elements((N * M) as u64));
    for config in [
        Weighting::Entropy,
        Weighting::Critic,
        Weighting::StdDev,
        Weighting::CoefficientOfVariation,
        Weighting::Variance,
        Weighting::Gini,
        Weighting::Angle,
        Weighting::Merec,
        Weighting::Lopcow,
        Weighting::Cilos,
        Weighting::Idocriw,
    ] {
        let plan = WeigherPlan::try_from(&config).expect("valid configuration");
        g.bench_function(config.name(), |b| {
            b.iter(|| {
                plan.weigh(black_box(&data), N, &nominal, "node")
                    .expect("weights")
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
