//! Benchmarks of the Sobol sensitivity analysis and the Monte Carlo uncertainty analysis.
//!
//! - `sobol_g_function/d10_n1024{,_second_order}`: sample + evaluate + analyse (with 100 bootstrap
//!   resamples, SALib's default) of the Sobol G-function, D = 10, a = [0, 1, 4.5, 9, 99 × 6], N = 1024:
//!   12 288 model runs (24 576 with second order). SALib's `sobol.sample` + `sobol.analyze` on the same
//!   problem takes ≈ 31 ms (≈ 250 ms with second order).
//!
//! Run: `cargo bench -p mfg-quality-benches --bench sensitivity -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mfg_quality::composite::sensitivity::{Marginal, SobolDesign, SobolInput, SobolSettings};

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

criterion_group!(benches, sobol);
criterion_main!(benches);
