//! Benchmarks of `mfg-quality-econometrics` and the demand-residual quality of `mfg-quality-elasticity`.
//!
//! * `fixest_design`: fixest's published benchmark design — `N = 10⁷` observations, two fixed effects with
//!   10⁵ and 10² levels drawn uniformly, `y = x1 + 0.5·x2 + a[fe1] + b[fe2] + e` with `x1, e ~ N(0, 1)`,
//!   `x2 = N(0, 1)²`, `a, b ~ N(0, 1)` per level; the whole estimation of `y ~ x1 + x2 | fe1 + fe2` with
//!   `iid` errors from owned columns (factors, model validation, `Ols::fit`; the copy of the data moved in
//!   is made outside the timing).
//! * `ksw_quality`: `estimate_quality` (Khandelwal–Schott–Wei demand-residual quality) on 10⁷ flows of the
//!   synthetic CES world (`DemandConfig::sized`).
//!
//! `cargo bench -p mfg-quality-benches --bench econometrics`
//!
//! One-shot modes (no criterion; each prints wall time and `VmHWM`, the peak resident set from
//! `/proc/self/status`, so run one per process):
//! * `ECONOMETRICS_RUN=fixest` — the fixest design once (3 timed fits).
//! * `ECONOMETRICS_RUN=ksw` — generate the 10⁷-flow world, estimate quality once.
//! * `ECONOMETRICS_RUN=ksw_stream ECONOMETRICS_ROWS=10000000` — stream a generated BACI CSV of that many
//!   rows through the streaming reader (`read_flows`), then estimate quality: the memory of the BACI path.
//! * `ECONOMETRICS_RUN=peer ECONOMETRICS_DATA=/tmp/dir` — fit the fixest design on the raw files written by
//!   `benches/peers/fixest_design.py` (`fe1.u32 fe2.u32 x1.f64 x2.f64 y.f64`, little endian), for the
//!   side-by-side timing with pyfixest.

use std::hint::black_box;
use std::io::Read;
use std::time::Instant;

use criterion::{BatchSize, Criterion, criterion_group};
use mfg_quality::econometrics::{Column, Estimates, Factor, FixedEffects, Ols, Vcov};
use mfg_quality::elasticity::demand_quality::synthetic::DemandConfig;
use mfg_quality::elasticity::demand_quality::{SigmaTable, estimate_quality};
use mfg_quality::elasticity::reader::{ReadOptions, read_flows};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The fixest design's columns.
struct Design {
    fe1: Vec<u32>,
    fe2: Vec<u32>,
    x1: Vec<f64>,
    x2: Vec<f64>,
    y: Vec<f64>,
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    // Box–Muller (the benches crate does not depend on rand_distr).
    let u: f64 = rng.random::<f64>().max(1e-300);
    let v: f64 = rng.random();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

fn design(n: usize, l1: usize, l2: usize, seed: u64) -> Design {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let a: Vec<f64> = (0..l1).map(|_| normal(&mut rng)).collect();
    let b: Vec<f64> = (0..l2).map(|_| normal(&mut rng)).collect();
    let mut d = Design {
        fe1: Vec::with_capacity(n),
        fe2: Vec::with_capacity(n),
        x1: Vec::with_capacity(n),
        x2: Vec::with_capacity(n),
        y: Vec::with_capacity(n),
    };
    for _ in 0..n {
        let f1 = rng.random_range(0..l1 as u32);
        let f2 = rng.random_range(0..l2 as u32);
        let x1 = normal(&mut rng);
        let x2 = normal(&mut rng).powi(2);
        d.y.push(x1 + 0.5 * x2 + a[f1 as usize] + b[f2 as usize] + normal(&mut rng));
        d.fe1.push(f1);
        d.fe2.push(f2);
        d.x1.push(x1);
        d.x2.push(x2);
    }
    d
}

impl Design {
    /// A copy to move into a model (made outside the timings: a user moves their columns in).
    fn copy(&self) -> Design {
        Design {
            fe1: self.fe1.clone(),
            fe2: self.fe2.clone(),
            x1: self.x1.clone(),
            x2: self.x2.clone(),
            y: self.y.clone(),
        }
    }
}

/// The whole estimation from owned columns: factors, model validation, fit.
fn fit(d: Design) -> Estimates {
    let fe = FixedEffects::new(vec![
        Factor::from_codes("fe1", d.fe1).expect("non-empty"),
        Factor::from_codes("fe2", d.fe2).expect("non-empty"),
    ])
    .expect("valid fixed effects");
    Ols::new(
        Column::new("y", d.y),
        vec![Column::new("x1", d.x1), Column::new("x2", d.x2)],
        fe,
    )
    .expect("valid model")
    .fit(&Vcov::Iid)
    .expect("the design fits")
}

fn bench_fixest(c: &mut Criterion) {
    let d = design(10_000_000, 100_000, 100, 1);
    let mut g = c.benchmark_group("fixest_design");
    g.sample_size(10);
    g.bench_function("ols_2fe_1e7", |b| {
        b.iter_batched(|| d.copy(), |c| black_box(fit(c)), BatchSize::PerIteration)
    });
    g.finish();
}

fn bench_ksw(c: &mut Criterion) {
    let w = DemandConfig::sized(2026, 10_000_000)
        .generate()
        .expect("valid configuration");
    let map = w
        .concordance
        .map_products(w.flows.products())
        .expect("strict concordance covers the world");
    let sigma = w.sigma_table().expect("σ > 1");
    let mut g = c.benchmark_group("ksw_quality");
    g.sample_size(10);
    g.bench_function("estimate_quality_1e7", |b| {
        b.iter(|| black_box(estimate_quality(&w.flows, &sigma, Some(&map)).expect("fits")))
    });
    g.finish();
}

criterion_group!(benches, bench_fixest, bench_ksw);

fn vm_hwm() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "unavailable".into())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// CPU time of this process, all threads (user + system), from `/proc/self/stat` in clock ticks of 1/100 s
/// (Linux `CLK_TCK` = 100); 0 where unavailable. On a loaded shared machine wall time overstates the cost.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

fn report_fit(label: &str, d: &Design) {
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let owned = d.copy();
        let t = Instant::now();
        let c0 = cpu_seconds();
        last = Some(fit(owned));
        times.push(t.elapsed().as_secs_f64());
        cpu.push(((cpu_seconds() - c0) * 100.0).round() / 100.0);
    }
    let e = last.expect("three fits");
    let c = e.coefficients();
    println!(
        "{label}: fit times {:?} s (best {:.3} s), CPU seconds (both cores) {cpu:?}; x1 {:.6} (se {:.6}), x2 {:.6} (se {:.6}); N {}; load {}; VmHWM {}",
        times
            .iter()
            .map(|t| (t * 1000.0).round() / 1000.0)
            .collect::<Vec<_>>(),
        times.iter().copied().fold(f64::INFINITY, f64::min),
        c[0].estimate,
        c[0].std_error,
        c[1].estimate,
        c[1].std_error,
        e.nobs(),
        load_average(),
        vm_hwm()
    );
}

fn read_raw<T: Copy>(path: &std::path::Path, from: fn([u8; 8]) -> T, width: usize) -> Vec<T> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bytes
        .chunks_exact(width)
        .map(|c| {
            let mut b = [0u8; 8];
            b[..width].copy_from_slice(c);
            from(b)
        })
        .collect()
}

fn peer() {
    let dir = std::path::PathBuf::from(
        std::env::var("ECONOMETRICS_DATA").expect("set ECONOMETRICS_DATA to the data directory"),
    );
    let t = Instant::now();
    let u32s = |b: [u8; 8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let d = Design {
        fe1: read_raw(&dir.join("fe1.u32"), u32s, 4),
        fe2: read_raw(&dir.join("fe2.u32"), u32s, 4),
        x1: read_raw(&dir.join("x1.f64"), f64::from_le_bytes, 8),
        x2: read_raw(&dir.join("x2.f64"), f64::from_le_bytes, 8),
        y: read_raw(&dir.join("y.f64"), f64::from_le_bytes, 8),
    };
    println!(
        "read {} rows in {:.2} s",
        d.y.len(),
        t.elapsed().as_secs_f64()
    );
    report_fit("mfg-quality Ols::fit (peer data)", &d);
}

/// Generates BACI rows on the fly (never held in memory): `rows` rows over 200 exporters, 200 importers
/// and 5 000 products in one year; the quantity follows a CES demand with σ = 5 and a random quality.
struct GeneratedBaci {
    rows: usize,
    next: usize,
    buf: Vec<u8>,
    pos: usize,
    rng: ChaCha8Rng,
}

impl Read for GeneratedBaci {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        use std::io::Write;
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
            if self.next == 0 {
                self.buf.extend_from_slice(b"t,i,j,k,v,q\n");
            }
            while self.buf.len() < 64 * 1024 && self.next < self.rows {
                let r: u64 = self.rng.random();
                let (e, m, p) = (r % 200, (r >> 8) % 200, (r >> 16) % 5_000);
                let lambda = ((r >> 32) % 1000) as f64 / 1000.0;
                let price = (1.0 + ((r >> 42) % 1000) as f64 / 500.0) * (1.0 + lambda);
                let q = 1e3 * (4.0 * lambda).exp() * price.powf(-5.0);
                let _ = writeln!(
                    self.buf,
                    "2015,{},{},{},{:.4},{:.6}",
                    4 + e * 4,
                    4 + m * 4,
                    100_000 + p * 7,
                    price * q,
                    q
                );
                self.next += 1;
            }
            if self.buf.is_empty() {
                return Ok(0);
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

fn ksw_stream() {
    let rows: usize = std::env::var("ECONOMETRICS_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000);
    let t = Instant::now();
    let src = GeneratedBaci {
        rows,
        next: 0,
        buf: Vec::new(),
        pos: 0,
        rng: ChaCha8Rng::seed_from_u64(3),
    };
    let (flows, report) =
        read_flows(src, &ReadOptions::default()).expect("generated rows are valid");
    let t_read = t.elapsed().as_secs_f64();
    let hwm_read = vm_hwm();
    let t = Instant::now();
    let c0 = cpu_seconds();
    let q = estimate_quality(&flows, &SigmaTable::default(), None).expect("fits");
    let cpu = cpu_seconds() - c0;
    println!(
        "BACI stream: {} rows read, {} flows ({:.0} MiB of flow columns reserved); read {:.1} s (VmHWM {hwm_read}); \
         estimate_quality {:.2} s (CPU {cpu:.2} s; {} product×importer×year cells, {} singletons)); load {}; VmHWM {}",
        report.rows_read,
        flows.len(),
        flows.heap_bytes() as f64 / (1 << 20) as f64,
        t_read,
        t.elapsed().as_secs_f64(),
        q.fixed_effect_cells(),
        q.singletons(),
        load_average(),
        vm_hwm()
    );
}

fn ksw() {
    let t = Instant::now();
    let w = DemandConfig::sized(2026, 10_000_000)
        .generate()
        .expect("valid configuration");
    let map = w
        .concordance
        .map_products(w.flows.products())
        .expect("strict concordance");
    let sigma = w.sigma_table().expect("σ > 1");
    println!(
        "generated {} flows in {:.1} s (VmHWM {})",
        w.flows.len(),
        t.elapsed().as_secs_f64(),
        vm_hwm()
    );
    for _ in 0..3 {
        let t = Instant::now();
        let c0 = cpu_seconds();
        let q = estimate_quality(&w.flows, &sigma, Some(&map)).expect("fits");
        let cpu = cpu_seconds() - c0;
        println!(
            "estimate_quality: {:.3} s (CPU {cpu:.2} s), {} flows, correlation with truth {:.4}; load {}; VmHWM {}",
            t.elapsed().as_secs_f64(),
            q.len(),
            q.correlation_with(&w.true_quality_within_cells()),
            load_average(),
            vm_hwm()
        );
    }
}

fn main() {
    match std::env::var("ECONOMETRICS_RUN").as_deref() {
        Ok("fixest") => {
            let t = Instant::now();
            let d = design(10_000_000, 100_000, 100, 1);
            println!("generated the design in {:.1} s", t.elapsed().as_secs_f64());
            return report_fit("fixest design, N = 1e7, FE 1e5 + 1e2, y ~ x1 + x2", &d);
        }
        Ok("ksw") => return ksw(),
        Ok("ksw_stream") => return ksw_stream(),
        Ok("peer") => return peer(),
        Ok(other) => panic!("unknown ECONOMETRICS_RUN `{other}` (fixest, ksw, ksw_stream, peer)"),
        Err(_) => {}
    }
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
