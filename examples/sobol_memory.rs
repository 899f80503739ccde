//! Example `sobol_memory`: a Sobol analysis of N = 2^20 base samples over D = 20 factors — N (D + 2) =
//! 23 068 672 runs of the Sobol G function, with 100 bootstrap resamples — streamed through the model, and
//! the process's peak resident memory (`VmHWM` of `/proc/self/status`) it needed; then a convergence table
//! of the indices against N.
//!
//! ```text
//! cargo run --release --example sobol_memory [-- scalar|batched [LOG2_N]]   (default: scalar 20)
//! ```
//!
//! `scalar` evaluates `Fn(&[f64]) -> f64` row by row; `batched` hands the model blocks of rows
//! (`SobolDesign::run_batched`). Run one mode per process: the peak is the process's.

use std::convert::Infallible;
use std::error::Error;
use std::time::Instant;

use mfg_quality::sensitivity::sobol::{
    Block, RowError, SobolDesign, SobolGroup, SobolInput, SobolSettings, sobol_convergence,
};
use mfg_quality::sensitivity::{Control, Marginal, Measure};

/// Sobol G with a = (0, 1, 4.5, 9, 99, …): four important factors, sixteen nearly inert.
fn a(d: usize) -> Vec<f64> {
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

/// The process's peak resident set (`VmHWM`), in MiB, where `/proc` has it.
fn peak_rss_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map_or("scalar", String::as_str).to_string();
    let log2n: u32 = args.get(1).map_or(Ok(20), |s| s.parse())?;
    let d = 20;
    let a = a(d);
    let inputs: Vec<SobolInput> = (0..d)
        .map(|i| SobolInput::new(format!("x{}", i + 1), Marginal::default()))
        .collect();
    let n = 1usize << log2n;
    let design = SobolDesign::new(
        inputs,
        SobolSettings {
            n,
            ..Default::default()
        },
    )?;
    println!(
        "Sobol G, D = {d}, N = 2^{log2n} = {n}: {} runs, mode {mode}, {} threads",
        design.n_runs(),
        mfg_quality::sensitivity::parallel::threads()
    );
    let before = peak_rss_mib();
    let t = Instant::now();
    let s = match mode.as_str() {
        "batched" => design
            .run_batched(
                1,
                |b: Block<'_>, y: &mut [f64]| -> Result<(), RowError<Infallible>> {
                    for (x, o) in b.iter().zip(y.iter_mut()) {
                        *o = g(x, &a);
                    }
                    Ok(())
                },
                Control::default(),
            )?
            .remove(0)?,
        _ => design.run(|x| g(x, &a))?,
    };
    let secs = t.elapsed().as_secs_f64();
    println!("{}", s.clipped());
    println!(
        "time {secs:.2} s; peak RSS (VmHWM) {:.0} MiB (before the run {:.0} MiB)",
        peak_rss_mib().unwrap_or(f64::NAN),
        before.unwrap_or(f64::NAN)
    );

    // How the indices settle: S1 and ST of x1 and x2 against N.
    let factors: Vec<SobolGroup> = (0..d)
        .map(|i| SobolGroup {
            name: format!("x{}", i + 1),
            marginals: vec![Marginal::default()],
        })
        .collect();
    let c = sobol_convergence(
        factors,
        &SobolSettings::default(),
        &[1 << 8, 1 << 10, 1 << 12, 1 << 14],
        |x| g(x, &a),
    )?;
    println!("convergence (x1, x2):\n   N      S1(x1)   ST(x1)   S1(x2)   ST(x2)");
    let (s11, st1) = (
        c.series(0, Measure::FirstOrder),
        c.series(0, Measure::Total),
    );
    let (s12, st2) = (
        c.series(1, Measure::FirstOrder),
        c.series(1, Measure::Total),
    );
    for k in 0..s11.len() {
        println!(
            "{:>6}  {:>8.4} {:>8.4} {:>8.4} {:>8.4}",
            s11[k].0, s11[k].1, st1[k].1, s12[k].1, st2[k].1
        );
    }
    Ok(())
}
