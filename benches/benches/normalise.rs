//! Benchmark `normalise`: every normalisation method's column entry point (`Normaliser::normalise_column`
//! of its validated plan, what a pipeline calls) on 10⁵ units × 50 indicators, uniform values on
//! [0.5, 1.5) (strictly positive, so every method's domain holds). Each iteration first copies the source
//! column into the work buffer (so every method sees the same data); `copy_only` measures that copy alone.
//!
//! Run: `cargo bench -p mfg-quality-benches --bench normalise -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mfg_quality::composite::normalise::{ColumnContext, Normalisation, Normaliser, NormaliserPlan};
use mfg_quality::indicators::Polarity;
use mfg_quality::indicators::stats::TieMethod;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const N: usize = 100_000;
const M: usize = 50;

fn methods() -> Vec<Normalisation> {
    vec![
        Normalisation::MinMax { lo: 0.0, hi: 1.0 },
        Normalisation::ZScore {
            variance: Default::default(),
            mean: 0.0,
            sd: 1.0,
        },
        Normalisation::Rank {
            ties: TieMethod::Average,
        },
        Normalisation::PercentileRank {
            ties: TieMethod::Average,
            form: Default::default(),
            scale: 1.0,
        },
        Normalisation::AboveBelowMean { p: 0.1 },
        Normalisation::Identity,
        Normalisation::Sum,
        Normalisation::Max,
        Normalisation::Vector,
        Normalisation::Logarithmic,
        Normalisation::ZavadskasTurskis,
        Normalisation::Scaled {
            lo: 0.0,
            hi: 2.0,
            scale: 100.0,
        },
        Normalisation::DistanceToMax,
        Normalisation::DistanceToTarget {
            targets: std::collections::BTreeMap::from([("x".to_string(), 1.4)]),
            cap: true,
        },
    ]
}

fn bench(c: &mut Criterion) {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let src: Vec<f64> = (0..N * M).map(|_| rng.random_range(0.5..1.5)).collect();
    let mut work = src.clone();
    let mask = vec![true; N];
    let mut g = c.benchmark_group("normalise_100000x50");
    g.sample_size(10);
    g.throughput(Throughput::Elements((N * M) as u64));
    g.bench_function("copy_only", |b| {
        b.iter(|| {
            work.copy_from_slice(black_box(&src));
            black_box(&work);
        })
    });
    for config in methods() {
        let plan = NormaliserPlan::try_from(&config).expect("valid configuration");
        for pol in [Polarity::Positive, Polarity::Negative] {
            let id = BenchmarkId::new(config.name(), format!("{pol:?}").to_lowercase());
            g.bench_function(id, |b| {
                b.iter(|| {
                    work.copy_from_slice(black_box(&src));
                    for (i, col) in work.chunks_mut(N).enumerate() {
                        let ctx = ColumnContext {
                            indicator: "x",
                            period: i as i32,
                            units: &[],
                            reference: None,
                        };
                        plan.normalise_column(col, &mask, pol, &ctx)
                            .expect("in the domain");
                    }
                    black_box(&work);
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
