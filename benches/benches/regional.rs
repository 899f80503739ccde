//! Benchmark `regional`: group statistics and inequality (Gini, Theil with its between/within decomposition)
//! over 10^4 … 10^6 units in 31 groups (the provinces), on seeded synthetic data.
//!
//! `cargo bench -p mfg-quality-benches --bench regional -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mfg_quality::regional::{
    Grouping, coefficient_of_variation, gini, group_summaries, one_way_anova, theil_decomposition,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// `n` log-normal-ish positive values (index-like, around 85) with 31 dense group ids and positive weights.
fn synthetic(n: usize) -> (Vec<f64>, Vec<f64>, Grouping) {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let k = 31u32;
    let ids: Vec<u32> = (0..n).map(|_| rng.random_range(0..k)).collect();
    let values: Vec<f64> = ids
        .iter()
        .map(|&g| 80.0 + 0.3 * g as f64 + 5.0 * rng.random::<f64>())
        .collect();
    let weights: Vec<f64> = (0..n).map(|_| 0.5 + rng.random::<f64>()).collect();
    let names = (0..k).map(|g| format!("P{g:02}")).collect();
    let grouping = Grouping::new(ids, names).expect("valid ids");
    (values, weights, grouping)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("regional");
    group.sample_size(10);
    for &n in &[10_000usize, 100_000, 1_000_000] {
        let (x, w, g) = synthetic(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::new("group_summaries_weighted", n),
            &n,
            |b, _| b.iter(|| group_summaries(black_box(&x), Some(&w), &g).expect("ok")),
        );
        group.bench_with_input(BenchmarkId::new("anova", n), &n, |b, _| {
            b.iter(|| one_way_anova(black_box(&x), &g).expect("ok"))
        });
        group.bench_with_input(BenchmarkId::new("gini", n), &n, |b, _| {
            b.iter(|| gini(black_box(&x), None).expect("ok"))
        });
        group.bench_with_input(BenchmarkId::new("gini_weighted", n), &n, |b, _| {
            b.iter(|| gini(black_box(&x), Some(&w)).expect("ok"))
        });
        group.bench_with_input(BenchmarkId::new("cv_weighted", n), &n, |b, _| {
            b.iter(|| coefficient_of_variation(black_box(&x), Some(&w)).expect("ok"))
        });
        group.bench_with_input(BenchmarkId::new("theil_decomposition", n), &n, |b, _| {
            b.iter(|| theil_decomposition(black_box(&x), Some(&w), &g).expect("ok"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
