//! Example `sensitivity_timing`: end-to-end times (sample + evaluate + analyse, with 100 bootstrap
//! resamples) of the Sobol and Morris analyses on the problems of `benches/peers/salib_sobol_morris.py`,
//! which times SALib on the same problems and prints both side by side.
//!
//! ```text
//! cargo run --release --example sensitivity_timing          (one line per problem: `name seconds`)
//! ```
//!
//! Each time is the median of 5 runs after one warm-up run.

use std::error::Error;
use std::time::Instant;

use mfg_quality::sensitivity::Marginal;
use mfg_quality::sensitivity::morris::{
    MorrisDesign, MorrisSettings, Optimisation, RadialSettings,
};
use mfg_quality::sensitivity::sobol::{SobolDesign, SobolInput, SobolSettings};

fn g_a(d: usize) -> Vec<f64> {
    (0..d)
        .map(|i| [0.0, 1.0, 4.5, 9.0].get(i).copied().unwrap_or(99.0))
        .collect()
}

fn g(x: &[f64], a: &[f64]) -> f64 {
    x.iter()
        .zip(a)
        .map(|(xi, ai)| ((4.0 * xi - 2.0).abs() + ai) / (1.0 + ai))
        .product()
}

fn ishigami(x: &[f64]) -> f64 {
    x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
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

fn median_secs(mut f: impl FnMut() -> Result<(), Box<dyn Error>>) -> Result<f64, Box<dyn Error>> {
    f()?;
    let mut t: Vec<f64> = (0..5)
        .map(|_| {
            let s = Instant::now();
            f().map(|_| s.elapsed().as_secs_f64())
        })
        .collect::<Result<_, _>>()?;
    t.sort_by(f64::total_cmp);
    Ok(t[2])
}

fn main() -> Result<(), Box<dyn Error>> {
    let a10 = g_a(10);
    let a20 = g_a(20);
    let sobol = |inputs: Vec<SobolInput>, n: usize, second_order: bool| {
        SobolDesign::new(
            inputs,
            SobolSettings {
                n,
                second_order,
                ..Default::default()
            },
        )
    };
    type Case<'a> = (
        &'static str,
        Box<dyn FnMut() -> Result<(), Box<dyn Error>> + 'a>,
    );
    let cases: Vec<Case<'_>> = vec![
        (
            "sobol_ishigami_n4096",
            Box::new(|| {
                sobol(pi_box(), 4096, false)?.run(ishigami)?;
                Ok(())
            }),
        ),
        (
            "sobol_g10_n1024",
            Box::new(|| {
                sobol(unit(10), 1024, false)?.run(|x| g(x, &a10))?;
                Ok(())
            }),
        ),
        (
            "sobol_g10_n1024_second_order",
            Box::new(|| {
                sobol(unit(10), 1024, true)?.run(|x| g(x, &a10))?;
                Ok(())
            }),
        ),
        (
            "sobol_g20_n16384",
            Box::new(|| {
                sobol(unit(20), 16384, false)?.run(|x| g(x, &a20))?;
                Ok(())
            }),
        ),
        (
            "morris_g20_r100_p4",
            Box::new(|| {
                let s = MorrisSettings {
                    trajectories: 100,
                    ..Default::default()
                };
                MorrisDesign::trajectories(unit(20), s)?.run(|x| g(x, &a20))?;
                Ok(())
            }),
        ),
        (
            "morris_g20_r1000_p4",
            Box::new(|| {
                let s = MorrisSettings {
                    trajectories: 1000,
                    ..Default::default()
                };
                MorrisDesign::trajectories(unit(20), s)?.run(|x| g(x, &a20))?;
                Ok(())
            }),
        ),
        (
            "morris_g10_brute_4_of_20",
            Box::new(|| {
                let s = MorrisSettings {
                    trajectories: 4,
                    optimise: Some(Optimisation::BruteForce { candidates: 20 }),
                    ..Default::default()
                };
                MorrisDesign::trajectories(unit(10), s)?.run(|x| g(x, &a10))?;
                Ok(())
            }),
        ),
        (
            "radial_g20_r1000",
            Box::new(|| {
                let s = RadialSettings {
                    radials: 1000,
                    ..Default::default()
                };
                MorrisDesign::radial(unit(20), s)?.run(|x| g(x, &a20))?;
                Ok(())
            }),
        ),
    ];
    for (name, mut f) in cases {
        println!("{name} {:.6}", median_secs(&mut f)?);
    }
    Ok(())
}
