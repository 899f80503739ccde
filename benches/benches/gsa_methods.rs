//! Benchmarks of the sampling-based methods of `mfg-quality-sensitivity`, end to end (sample, evaluate the
//! model closure in parallel, analyse with SALib's defaults), on the Ishigami function (a = 7, b = 0.1):
//!
//! - `fast/ishigami_n2049_m4_boot100`: eFAST, N = 2049 per factor, M = 4, 100 bootstrap resamples;
//! - `rbd_fast/ishigami_lhs4000_m10_boot100`: RBD-FAST on a 4000-point Latin hypercube, M = 10, 100 resamples;
//! - `delta/ishigami_lhs1000_boot100`: δ and S1 on a 1000-point Latin hypercube, 100 resamples;
//! - `pawn/ishigami_lhs4000_s10`: PAWN on a 4000-point Latin hypercube, S = 10;
//! - `lhs/d10_n10000`: a 10 000 × 10 Latin hypercube.
//!
//! `benches/peers/salib_methods.py` runs SALib on the same problems with the same ids.
//!
//! Run: `cargo bench -p mfg-quality-benches --bench gsa_methods -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mfg_quality_sensitivity::delta::Delta;
use mfg_quality_sensitivity::fast::Fast;
use mfg_quality_sensitivity::lhs::LatinHypercube;
use mfg_quality_sensitivity::pawn::Pawn;
use mfg_quality_sensitivity::rbd_fast::RbdFast;
use mfg_quality_sensitivity::test_functions::{Ishigami, TestFunction};
use mfg_quality_sensitivity::unit_cube::Bounds;

fn methods(c: &mut Criterion) {
    let f = Ishigami::default();
    let model = |x: &[f64]| f.eval(x);
    let bounds = Bounds::new(f.bounds()).expect("bounds");
    let mut g = c.benchmark_group("gsa_methods");
    g.sample_size(10);
    let fast = Fast::new(2049, 4).expect("settings");
    g.bench_function("fast/ishigami_n2049_m4_boot100", |b| {
        b.iter(|| black_box(fast.analyze_model(&model, &bounds, 1).expect("runs")))
    });
    let rbd = RbdFast::default();
    g.bench_function("rbd_fast/ishigami_lhs4000_m10_boot100", |b| {
        b.iter(|| black_box(rbd.analyze_model(&model, &bounds, 4000, 1).expect("runs")))
    });
    let delta = Delta::default();
    g.bench_function("delta/ishigami_lhs1000_boot100", |b| {
        b.iter(|| black_box(delta.analyze_model(&model, &bounds, 1000, 1).expect("runs")))
    });
    let pawn = Pawn::default();
    g.bench_function("pawn/ishigami_lhs4000_s10", |b| {
        b.iter(|| black_box(pawn.analyze_model(&model, &bounds, 4000, 1).expect("runs")))
    });
    let lhs = LatinHypercube::new(10_000).expect("settings");
    g.bench_function("lhs/d10_n10000", |b| {
        b.iter(|| black_box(lhs.sample(10, 1).expect("runs")))
    });
    g.finish();
}

criterion_group!(benches, methods);
criterion_main!(benches);
