//! Benchmarks of the Sobol sensitivity analysis and the Monte Carlo uncertainty analysis.
//!
//! - `sobol_g_function/d10_n1024{,_second_order}`: sample + evaluate + analyse (with 100 bootstrap
//!   resamples, SALib's default) of the Sobol G-function, D = 10, a = [0, 1, 4.5, 9, 99 × 6], N = 1024:
//!   12 288 model runs (24 576 with second order). SALib's `sobol.sample` + `sobol.analyze` on the same
//!   problem takes ≈ 31 ms (≈ 250 ms with second order).
//! - `sobol_closure/g10_n1024_{scalar,vec,batched}`: the same analysis through `mfg_quality::sensitivity`
//!   directly, with the model as a scalar closure, a vector closure (`run_vec`) and a batched one
//!   (`run_batched`, a block of rows per call).
//! - `morris/g20_r100_p4`, `morris/g10_brute_4_of_20`, `morris/radial_g20_r1000`: Morris elementary
//!   effects of the G function (a = [0, 1, 4.5, 9, 99, …]) with 100 bootstrap resamples of μ*: 100
//!   trajectories of 21 points on a 4-level grid; 4 trajectories chosen by brute force among 20 candidates
//!   (4845 combinations); 1000 radial points. `morris/g20_r1000_p4_scaled`: 1000 trajectories with scaled
//!   effects (Sin & Gernaey 2009); `morris/g20_groups5_r1000_p4`: 1000 trajectories over 5 groups of 4
//!   factors (6 runs each). `benches/peers/salib_sobol_morris.py` times SALib on these
//!   problems side by side with `examples/sensitivity_timing.rs`.
//! - `monte_carlo/100x50_3level_1e4`: 10 000 replications of a `PipelineConfig` over 100 units × 50
//!   indicators (root → 5 pillars → 10 sub-pillars → 50 indicators; synthetic data, ChaCha8 seed 7), with
//!   factors: the 5 pillar weights ±25 %, normalisation ∈ {min-max [1, 100], 100 + 10 z}, aggregation ∈
//!   {arithmetic, geometric}; the whole `monte_carlo` call (sampling, 10 000 pipeline runs, ranks, summary).
//!
//! Run: `cargo bench -p mfg-quality-benches --bench sensitivity -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mfg_quality::composite::aggregate::Aggregation;
use mfg_quality::composite::normalise::Normalisation;
use mfg_quality::composite::pipeline::PipelineConfig;
use mfg_quality::composite::sensitivity::{
    Control, Marginal, SobolDesign, SobolInput, SobolSettings,
};
use mfg_quality::composite::uncertainty::{
    Factor, FactorKind, MonteCarloSettings, PipelineModel, WeightedChoice, monte_carlo,
};
use mfg_quality::indicators::stats::VarianceKind;
use mfg_quality::indicators::{Framework, Indicator, NodeSpec, Panel, Unit};
use mfg_quality::sensitivity::morris::{
    MorrisDesign, MorrisSettings, Optimisation, RadialSettings,
};
use mfg_quality::sensitivity::sobol::{Block, RowError, SobolGroup};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const G_A: [f64; 10] = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0, 99.0, 99.0];

fn g_function(x: &[f64]) -> f64 {
    x.iter()
        .zip(&G_A)
        .map(|(xi, ai)| ((4.0 * xi - 2.0).abs() + ai) / (1.0 + ai))
        .product()
}

fn g_design(second_order: bool) -> SobolDesign {
    let inputs = (0..G_A.len())
        .map(|i| SobolInput::new(format!("x{}", i + 1), Marginal::default()))
        .collect();
    SobolDesign::new(
        inputs,
        SobolSettings {
            n: 1024,
            second_order,
            ..Default::default()
        },
    )
    .expect("valid design")
}

fn sobol(c: &mut Criterion) {
    let mut g = c.benchmark_group("sobol_g_function");
    for (name, second) in [("d10_n1024", false), ("d10_n1024_second_order", true)] {
        let design = g_design(second);
        g.bench_function(name, |b| {
            b.iter(|| black_box(design.run(g_function).expect("runs")))
        });
    }
    g.finish();
}

fn sobol_closure(c: &mut Criterion) {
    let mut g = c.benchmark_group("sobol_closure");
    let design = g_design(false);
    g.bench_function("g10_n1024_scalar", |b| {
        b.iter(|| black_box(design.run(g_function).expect("runs")))
    });
    g.bench_function("g10_n1024_vec", |b| {
        b.iter(|| {
            black_box(
                design
                    .run_vec(|x| vec![g_function(x)], Control::default())
                    .expect("runs"),
            )
        })
    });
    g.bench_function("g10_n1024_batched", |b| {
        b.iter(|| {
            black_box(
                design
                    .run_batched(
                        1,
                        |blk: Block<'_>,
                         y: &mut [f64]|
                         -> Result<(), RowError<std::convert::Infallible>> {
                            for (x, o) in blk.iter().zip(y.iter_mut()) {
                                *o = g_function(x);
                            }
                            Ok(())
                        },
                        Control::default(),
                    )
                    .expect("runs"),
            )
        })
    });
    g.finish();
}

fn g20(x: &[f64]) -> f64 {
    x.iter()
        .enumerate()
        .map(|(i, xi)| {
            let a = [0.0, 1.0, 4.5, 9.0].get(i).copied().unwrap_or(99.0);
            ((4.0 * xi - 2.0).abs() + a) / (1.0 + a)
        })
        .product()
}

fn morris(c: &mut Criterion) {
    let unit = |d: usize| -> Vec<SobolInput> {
        (0..d)
            .map(|i| SobolInput::new(format!("x{}", i + 1), Marginal::default()))
            .collect()
    };
    let mut g = c.benchmark_group("morris");
    g.bench_function("g20_r100_p4", |b| {
        b.iter(|| {
            let s = MorrisSettings {
                trajectories: 100,
                ..Default::default()
            };
            black_box(
                MorrisDesign::trajectories(unit(20), s)
                    .expect("design")
                    .run(g20)
                    .expect("runs"),
            )
        })
    });
    g.bench_function("g10_brute_4_of_20", |b| {
        b.iter(|| {
            let s = MorrisSettings {
                trajectories: 4,
                optimise: Some(Optimisation::BruteForce { candidates: 20 }),
                ..Default::default()
            };
            black_box(
                MorrisDesign::trajectories(unit(10), s)
                    .expect("design")
                    .run(g_function)
                    .expect("runs"),
            )
        })
    });
    g.bench_function("g20_r1000_p4_scaled", |b| {
        b.iter(|| {
            let s = MorrisSettings {
                trajectories: 1000,
                scaled: true,
                ..Default::default()
            };
            black_box(
                MorrisDesign::trajectories(unit(20), s)
                    .expect("design")
                    .run(g20)
                    .expect("runs"),
            )
        })
    });
    g.bench_function("g20_groups5_r1000_p4", |b| {
        b.iter(|| {
            let groups = (0..5)
                .map(|k| SobolGroup {
                    name: format!("g{}", k + 1),
                    marginals: vec![Marginal::default(); 4],
                })
                .collect();
            let s = MorrisSettings {
                trajectories: 1000,
                ..Default::default()
            };
            black_box(
                MorrisDesign::grouped(groups, s)
                    .expect("design")
                    .run_groups(g20)
                    .expect("runs"),
            )
        })
    });
    g.bench_function("radial_g20_r1000", |b| {
        b.iter(|| {
            let s = RadialSettings {
                radials: 1000,
                ..Default::default()
            };
            black_box(
                MorrisDesign::radial(unit(20), s)
                    .expect("design")
                    .run(g20)
                    .expect("runs"),
            )
        })
    });
    g.finish();
}

/// 100 units × 50 indicators, one period; a 3-level framework (5 pillars × 2 sub-pillars × 5 indicators).
/// Each indicator = unit strength + noise, all positive.
fn index_model() -> PipelineModel {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let (n_units, n_ind) = (100, 50);
    let pillars = (0..5)
        .map(|p| {
            let subs = (0..2)
                .map(|s| {
                    let leaves = (0..5)
                        .map(|i| {
                            let id = format!("x{}", p * 10 + s * 5 + i);
                            NodeSpec::leaf(Indicator::new(id.clone(), id, ""))
                        })
                        .collect();
                    NodeSpec::group(format!("p{p}s{s}"), format!("sub {p}.{s}"), "", leaves)
                })
                .collect();
            NodeSpec::group(format!("p{p}"), format!("pillar {p}"), "", subs)
                .with_weight(1.0 + p as f64 * 0.1)
        })
        .collect();
    let fw = Framework::new(NodeSpec::group("IDX", "Index", "", pillars)).expect("framework");
    let strength: Vec<f64> = (0..n_units).map(|_| rng.random_range(0.5..1.5)).collect();
    let mut values = Vec::with_capacity(n_units * n_ind);
    for _ in 0..n_ind {
        for s in &strength {
            values.push(10.0 * s + rng.random_range(0.0..5.0));
        }
    }
    let panel = Panel::from_dense(
        (0..n_units).map(|u| Unit::new(format!("u{u}"))).collect(),
        (0..n_ind).map(|i| format!("x{i}")).collect(),
        vec![2020],
        values,
        vec![true; n_units * n_ind],
    )
    .expect("panel");
    let mut config = PipelineConfig::new(fw);
    config.normalisation = Normalisation::MinMax { lo: 1.0, hi: 100.0 };
    let factors = vec![
        Factor::new(
            "pillar_weights",
            FactorKind::NodeWeights {
                node: "IDX".into(),
                spread: 0.25,
            },
        ),
        Factor::new(
            "normalisation",
            FactorKind::Normalisation {
                choices: WeightedChoice::equal(vec![
                    Normalisation::MinMax { lo: 1.0, hi: 100.0 },
                    Normalisation::ZScore {
                        variance: VarianceKind::Sample,
                        mean: 100.0,
                        sd: 10.0,
                    },
                ]),
            },
        ),
        Factor::new(
            "aggregation",
            FactorKind::Aggregation {
                node: None,
                choices: WeightedChoice::equal(vec![
                    Aggregation::Arithmetic,
                    Aggregation::Geometric,
                ]),
            },
        ),
    ];
    PipelineModel::new(config, panel, factors).expect("model")
}

fn monte_carlo_bench(c: &mut Criterion) {
    let model = index_model();
    let settings = MonteCarloSettings {
        replications: 10_000,
        seed: 1,
        ..Default::default()
    };
    let mut g = c.benchmark_group("monte_carlo");
    g.sample_size(10);
    g.bench_function("100x50_3level_1e4", |b| {
        b.iter(|| black_box(monte_carlo(&model, &settings, Control::default()).expect("runs")))
    });
    g.finish();
}

criterion_group!(benches, sobol, sobol_closure, morris, monte_carlo_bench);
criterion_main!(benches);
