//! The Rust side of `benches/peers/salib_methods.py`: the same problems end to end (sample, evaluate the
//! Ishigami closure, analyse with SALib's defaults), best of `REPEATS` (default 5) wall-clock runs, with the
//! parts of eFAST timed separately.
//!
//! Run: `cargo run --release -p mfg-quality-sensitivity --example gsa_timing`.

use mfg_quality_sensitivity::delta::Delta;
use mfg_quality_sensitivity::fast::Fast;
use mfg_quality_sensitivity::lhs::LatinHypercube;
use mfg_quality_sensitivity::pawn::Pawn;
use mfg_quality_sensitivity::rbd_fast::RbdFast;
use mfg_quality_sensitivity::test_functions::{Ishigami, TestFunction};
use mfg_quality_sensitivity::unit_cube::{self, Bounds};
use std::time::Instant;

fn best<T>(repeats: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..repeats)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let repeats: usize = std::env::var("REPEATS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let f = Ishigami::default();
    let model = |x: &[f64]| f.eval(x);
    let b = Bounds::new(f.bounds()).expect("bounds");
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "mfg-quality-sensitivity, load {}",
        load.split(' ').next().unwrap_or("?")
    );
    let fast = Fast::new(2049, 4).expect("settings");
    let rows: [(&str, f64); 5] = [
        (
            "fast/ishigami_n2049_m4_boot100",
            best(repeats, || fast.analyze_model(&model, &b, 1)),
        ),
        (
            "rbd_fast/ishigami_lhs4000_m10_boot100",
            best(repeats, || {
                RbdFast::default().analyze_model(&model, &b, 4000, 1)
            }),
        ),
        (
            "delta/ishigami_lhs1000_boot100",
            best(repeats, || {
                Delta::default().analyze_model(&model, &b, 1000, 1)
            }),
        ),
        (
            "pawn/ishigami_lhs4000_s10",
            best(repeats, || {
                Pawn::default().analyze_model(&model, &b, 4000, 1)
            }),
        ),
        (
            "lhs/d10_n10000",
            best(repeats, || {
                LatinHypercube::new(10_000).expect("n").sample(10, 1)
            }),
        ),
    ];
    for (name, t) in rows {
        println!("{name:45} {:10.3} ms", t * 1e3);
    }
    // eFAST's parts.
    let x = b.scale(&fast.sample(3, 1).expect("design"));
    let y = unit_cube::evaluate(&model, &x, 3).expect("model");
    println!(
        "  fast parts: sample {:.3} ms, evaluate {:.3} ms, analyse {:.3} ms",
        best(repeats, || fast.sample(3, 1)) * 1e3,
        best(repeats, || unit_cube::evaluate(&model, &x, 3)) * 1e3,
        best(repeats, || fast.analyze(&y, 3, 1)) * 1e3
    );
}
