// Comparison of the econometrics crate's demeaning (alternating projections + Irons–Tuck) with the
// `within` crate (LSMR with Schwarz preconditioners), on generated data with 10^6 rows.
// Not part of the workspace and not run by the tests. To run it, copy it to a scratch crate:
//
//   mkdir -p /tmp/fecmp/src && cp benches/peers/within_comparison.rs /tmp/fecmp/src/main.rs
//   cat > /tmp/fecmp/Cargo.toml <<'TOML'
//   [package]
//   name = "fecmp"
//   version = "0.0.0"
//   edition = "2024"
//   publish = false
//   [dependencies]
//   within = "0.4.0"
//   ndarray = "0.17"
//   mfg-quality-econometrics = { path = "<repo>/crates/econometrics" }
//   [workspace]
//   TOML
//   cd /tmp/fecmp && CARGO_BUILD_JOBS=1 cargo run --release
//
// Measured once on the shared 2-core development machine (noisy; `ours` is a whole `Ols::fit`, `within` the
// three demeaning solves only):
//   2 random FE (10k x 1k), 10^6 rows:        ours 0.23 s, rel. err 5e-16 | within tol 1e-10: 0.20 s, 1e-14
//   workers x firms x years (100k x 5k x 10): ours 1.39 s, rel. err 5e-15 | within tol 1e-10: 0.67 s, 1e-13
// (relative error of the coefficients against our demeaning at tolerance 1e-15).
use mfg_quality_econometrics::{Column, DemeanOptions, Factor, FixedEffects, Ols, Vcov};
use ndarray::Array2;
use std::time::Instant;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 { self.0 ^= self.0 << 13; self.0 ^= self.0 >> 7; self.0 ^= self.0 << 17; self.0 }
    fn unif(&mut self) -> f64 { (self.next() >> 11) as f64 / (1u64 << 53) as f64 }
    fn norm(&mut self) -> f64 { let (a, b) = (self.unif().max(1e-300), self.unif()); (-2.0 * a.ln()).sqrt() * (6.283185307179586 * b).cos() }
}

fn ols2(x1: &[f64], x2: &[f64], y: &[f64]) -> [f64; 2] {
    let d = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(a, b)| a * b).sum::<f64>();
    let (a, b, c) = (d(x1, x1), d(x1, x2), d(x2, x2));
    let (r1, r2) = (d(x1, y), d(x2, y));
    let det = a * c - b * b;
    [(c * r1 - b * r2) / det, (a * r2 - b * r1) / det]
}

fn run(label: &str, codes: Vec<Vec<u32>>, n: usize, rng: &mut Rng) {
    let q = codes.len();
    let effects: Vec<Vec<f64>> = codes.iter().map(|c| { let l = *c.iter().max().unwrap() as usize + 1; (0..l).map(|_| rng.norm()).collect() }).collect();
    let a = |i: usize, k: usize| effects[k][codes[k][i] as usize];
    let x1: Vec<f64> = (0..n).map(|i| rng.norm() + a(i, 0) + 0.5 * a(i, 1)).collect();
    let x2: Vec<f64> = (0..n).map(|i| rng.norm() - 0.3 * a(i, q - 1) + 0.2 * a(i, 0)).collect();
    let y: Vec<f64> = (0..n).map(|i| 0.7 * x1[i] - 0.4 * x2[i] + (0..q).map(|k| a(i, k)).sum::<f64>() + rng.norm()).collect();
    let factors: Vec<Factor> = codes.iter().enumerate().map(|(k, c)| Factor::new(format!("f{k}"), c).unwrap()).collect();
    let fe = FixedEffects::new(factors).unwrap();
    let mk = || Ols::new(Column::new("y", y.clone()), vec![Column::new("x1", x1.clone()), Column::new("x2", x2.clone())], fe.clone()).unwrap();
    // reference: tight tolerance
    let reff = mk().demean_options(DemeanOptions::new(1e-15, 100_000).unwrap()).fit(&Vcov::Iid);
    let refb: Vec<f64> = match &reff { Ok(f) => f.coefficients().iter().map(|c| c.estimate).collect(), Err(e) => { println!("ref err {e}"); return } };
    let m = mk();
    let t = Instant::now();
    let f = m.fit(&Vcov::Iid).unwrap();
    let ours = t.elapsed().as_secs_f64();
    let ob: Vec<f64> = f.coefficients().iter().map(|c| c.estimate).collect();
    let err = |b: &[f64]| b.iter().zip(&refb).map(|(a, r)| ((a - r) / r).abs()).fold(0.0, f64::max);
    println!("{label}: n={n} ours (AP+Irons-Tuck, tol 1e-12) {ours:.3}s rel.err {:.1e} singletons {}", err(&ob), f.singletons_removed());
    // within on the same estimation sample (no singletons in these designs)
    let mut cat = Array2::<u32>::zeros((n, q));
    for k in 0..q { for i in 0..n { cat[[i, k]] = codes[k][i]; } }
    for tol in [1e-8, 1e-10, 1e-12] {
        let lsmr = within::LsmrOptions { tol, maxiter: 100_000, ..Default::default() };
        let t = Instant::now();
        let r = within::solve_batch(cat.view(), &[&y, &x1, &x2], None, &lsmr, None::<&within::PreconditionerConfig>);
        let el = t.elapsed().as_secs_f64();
        match r {
            Ok(r) => {
                let d = &r.demeaned;
                let b = ols2(&d[n..2 * n], &d[2 * n..3 * n], &d[..n]);
                println!("  within LSMR+Schwarz tol {tol:e}: {el:.3}s rel.err {:.1e} converged {:?} iters {:?}", err(&b), r.converged, r.iterations);
            }
            Err(e) => println!("  within tol {tol:e}: error {e}"),
        }
    }
}

fn main() {
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let n = 1_000_000;
    // easy: two random factors
    let c1: Vec<u32> = (0..n).map(|_| (rng.next() % 10_000) as u32).collect();
    let c2: Vec<u32> = (0..n).map(|_| (rng.next() % 1_000) as u32).collect();
    run("2 random FE (10k x 1k)", vec![c1, c2], n, &mut rng);
    // hard: workers x firms x years, workers stay with few firms (weakly connected)
    let nw = 100_000u64;
    let mut w = Vec::with_capacity(n); let mut fi = Vec::with_capacity(n); let mut yr = Vec::with_capacity(n);
    for i in 0..n {
        let worker = (i as u64 / 10) % nw;
        let home = worker / 20; // 5000 firms
        let firm = if rng.unif() < 0.1 { rng.next() % 5_000 } else { home };
        w.push(worker as u32); fi.push(firm as u32); yr.push((i % 10) as u32);
    }
    run("workers x firms x years (100k x 5k x 10)", vec![w, fi, yr], n, &mut rng);
}
