//! The Rust side of `benches/peers/salib_methods.py`: every method end to end (sample, evaluate the model
//! closure, analyse with SALib's defaults and 100 bootstrap resamples) on the same problems, the best of
//! `REPEATS` (default 5) wall-clock runs after one warm-up run.
//!
//! ```text
//! cargo run --release -p mfg-quality-sensitivity --example gsa_timing [-- CASE ...]
//! ```
//!
//! Prints one line per case, `id seconds`; with no argument every case, else the named ones (the script
//! calls it once per case, alternating with SALib). `parts` prints eFAST's and RBD-FAST's stages.

use mfg_quality_sensitivity::Marginal;
use mfg_quality_sensitivity::delta::Delta;
use mfg_quality_sensitivity::fast::Fast;
use mfg_quality_sensitivity::lhs::LatinHypercube;
use mfg_quality_sensitivity::morris::{MorrisDesign, MorrisSettings, Optimisation, RadialSettings};
use mfg_quality_sensitivity::pawn::Pawn;
use mfg_quality_sensitivity::rbd_fast::RbdFast;
use mfg_quality_sensitivity::sobol::{SobolDesign, SobolGroup, SobolInput, SobolSettings};
use mfg_quality_sensitivity::test_functions::{Ishigami, SobolG, TestFunction};
use mfg_quality_sensitivity::unit_cube::{self, Bounds};
use std::hint::black_box;
use std::time::Instant;

fn best<T>(repeats: usize, mut f: impl FnMut() -> T) -> f64 {
    black_box(f());
    (0..repeats)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn g_a(d: usize) -> Vec<f64> {
    (0..d)
        .map(|i| [0.0, 1.0, 4.5, 9.0].get(i).copied().unwrap_or(99.0))
        .collect()
}

fn unit(d: usize) -> Vec<SobolInput> {
    (0..d)
        .map(|i| SobolInput::new(format!("x{}", i + 1), Marginal::default()))
        .collect()
}

fn pi_box() -> Vec<SobolInput> {
    let pi = std::f64::consts::PI;
    (0..3)
        .map(|i| SobolInput::new(format!("x{}", i + 1), Marginal::Uniform { lo: -pi, hi: pi }))
        .collect()
}

/// The case ids, in the script's order.
pub const CASES: [&str; 15] = [
    "sobol/ishigami_n4096",
    "sobol/g10_n1024",
    "sobol/g10_n1024_second_order",
    "sobol/g20_n16384",
    "morris/g20_r100_p4",
    "morris/g20_r1000_p4",
    "morris/g20_r1000_p4_scaled",
    "morris/g20_groups5_r1000_p4",
    "morris/g10_brute_4_of_20",
    "radial/g20_r1000",
    "fast/ishigami_n2049_m4_boot100",
    "rbd_fast/ishigami_lhs4000_m10_boot100",
    "delta/ishigami_lhs1000_boot100",
    "pawn/ishigami_lhs4000_s10",
    "lhs/d10_n10000",
];

fn run_case(id: &str, repeats: usize) -> Option<f64> {
    let f = Ishigami::default();
    let ishigami = |x: &[f64]| f.eval(x);
    let b = Bounds::new(f.bounds()).expect("bounds");
    let g10 = SobolG::new(g_a(10)).expect("G coefficients");
    let g20 = SobolG::new(g_a(20)).expect("G coefficients");
    let sobol = |inputs: Vec<SobolInput>, n: usize, second_order: bool| {
        SobolDesign::new(
            inputs,
            SobolSettings {
                n,
                second_order,
                ..Default::default()
            },
        )
        .expect("settings")
    };
    let morris = |r: usize, scaled: bool| MorrisSettings {
        trajectories: r,
        scaled,
        ..Default::default()
    };
    Some(match id {
        "sobol/ishigami_n4096" => best(repeats, || sobol(pi_box(), 4096, false).run(ishigami)),
        "sobol/g10_n1024" => best(repeats, || {
            sobol(unit(10), 1024, false).run(|x| g10.eval(x))
        }),
        "sobol/g10_n1024_second_order" => {
            best(repeats, || sobol(unit(10), 1024, true).run(|x| g10.eval(x)))
        }
        "sobol/g20_n16384" => best(repeats, || {
            sobol(unit(20), 16384, false).run(|x| g20.eval(x))
        }),
        "morris/g20_r100_p4" => best(repeats, || {
            MorrisDesign::trajectories(unit(20), morris(100, false))
                .and_then(|d| d.run(|x| g20.eval(x)))
        }),
        "morris/g20_r1000_p4" => best(repeats, || {
            MorrisDesign::trajectories(unit(20), morris(1000, false))
                .and_then(|d| d.run(|x| g20.eval(x)))
        }),
        "morris/g20_r1000_p4_scaled" => best(repeats, || {
            MorrisDesign::trajectories(unit(20), morris(1000, true))
                .and_then(|d| d.run(|x| g20.eval(x)))
        }),
        "morris/g20_groups5_r1000_p4" => best(repeats, || {
            let groups = (0..5)
                .map(|k| SobolGroup {
                    name: format!("g{}", k + 1),
                    marginals: vec![Marginal::default(); 4],
                })
                .collect();
            MorrisDesign::grouped(groups, morris(1000, false))
                .and_then(|d| d.run_groups(|x| g20.eval(x)))
        }),
        "morris/g10_brute_4_of_20" => best(repeats, || {
            let s = MorrisSettings {
                trajectories: 4,
                optimise: Some(Optimisation::BruteForce { candidates: 20 }),
                ..Default::default()
            };
            MorrisDesign::trajectories(unit(10), s).and_then(|d| d.run(|x| g10.eval(x)))
        }),
        "radial/g20_r1000" => best(repeats, || {
            let s = RadialSettings {
                radials: 1000,
                ..Default::default()
            };
            MorrisDesign::radial(unit(20), s).and_then(|d| d.run(|x| g20.eval(x)))
        }),
        "fast/ishigami_n2049_m4_boot100" => {
            let fast = Fast::new(2049, 4).expect("settings");
            best(repeats, || fast.analyze_model(&ishigami, &b, 1))
        }
        "rbd_fast/ishigami_lhs4000_m10_boot100" => best(repeats, || {
            RbdFast::default().analyze_model(&ishigami, &b, 4000, 1)
        }),
        "delta/ishigami_lhs1000_boot100" => best(repeats, || {
            Delta::default().analyze_model(&ishigami, &b, 1000, 1)
        }),
        "pawn/ishigami_lhs4000_s10" => best(repeats, || {
            Pawn::default().analyze_model(&ishigami, &b, 4000, 1)
        }),
        "lhs/d10_n10000" => best(repeats, || {
            LatinHypercube::new(10_000).expect("n").sample(10, 1)
        }),
        _ => return None,
    })
}

/// The stages of eFAST and RBD-FAST, for profiling.
fn parts(repeats: usize) {
    let f = Ishigami::default();
    let model = |x: &[f64]| f.eval(x);
    let b = Bounds::new(f.bounds()).expect("bounds");
    let fast = Fast::new(2049, 4).expect("settings");
    let x = b.scale(&fast.sample(3, 1).expect("design"));
    let y = unit_cube::evaluate(&model, &x, 3).expect("model");
    println!(
        "fast parts: sample {:.3} ms, scale {:.3} ms, evaluate {:.3} ms, analyse {:.3} ms (no bootstrap {:.3} ms)",
        best(repeats, || fast.sample(3, 1)) * 1e3,
        best(repeats, || b.scale(&x)) * 1e3,
        best(repeats, || unit_cube::evaluate(&model, &x, 3)) * 1e3,
        best(repeats, || fast.analyze(&y, 3, 1)) * 1e3,
        best(repeats, || fast
            .with_bootstrap(unit_cube::Bootstrap::none())
            .analyze(&y, 3, 1))
            * 1e3,
    );
    let lhs = LatinHypercube::new(4000).expect("n");
    let x = b.scale(&lhs.sample(3, 1).expect("lhs"));
    let y = unit_cube::evaluate(&model, &x, 3).expect("model");
    let rbd = RbdFast::default();
    println!(
        "rbd_fast parts: lhs {:.3} ms, evaluate {:.3} ms, analyse {:.3} ms (no bootstrap {:.3} ms)",
        best(repeats, || lhs.sample(3, 1)) * 1e3,
        best(repeats, || unit_cube::evaluate(&model, &x, 3)) * 1e3,
        best(repeats, || rbd.analyze(&x, 3, &y, 1)) * 1e3,
        best(repeats, || rbd
            .with_bootstrap(unit_cube::Bootstrap::none())
            .analyze(&x, 3, &y, 1))
            * 1e3,
    );
}

fn main() {
    let repeats: usize = std::env::var("REPEATS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "parts") {
        parts(repeats);
        return;
    }
    let ids: Vec<&str> = if args.is_empty() {
        CASES.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    for id in ids {
        match run_case(id, repeats) {
            Some(t) => println!("{id} {t:.9}"),
            None => eprintln!("unknown case {id}"),
        }
    }
}
