//! The mfg-quality side of `numpy_compare.py`: times the library on the inputs that the Python harness
//! dumped (`X_{n}x{m}.npy`, C-order float64; `w_{m}.npy`; `types_{m}.npy` with +1 benefit / −1 cost),
//! the same tasks with the same definitions, and prints one JSON object per line:
//!
//! `{"task": .., "impl": "mfg-quality", "n": .., "m": .., "threads": .., "median_ms": .., "min_ms": ..,
//!   "reps": .., "result": [..] | "head": [..], "checksum": ..}`
//!
//! Usage (normally run by `numpy_compare.py`, once with `RAYON_NUM_THREADS=2` and once with 1):
//!
//! `cargo run --release -p mfg-quality-benches --bin peers_ours -- DIR 10000x50 1000000x50`
//!
//! The matrix is converted to the library's column-major layout once, before any timing. Every timed
//! call reuses caller-owned output buffers where the API offers them (as a user repeating the call would).

use std::hint::black_box;
use std::time::Instant;

use mfg_quality::composite::aggregate::{
    Aggregation, AggregationContext, AggregatorPlan, CriterionType, MissingPolicy,
    TopsisNormalisation, topsis,
};
use mfg_quality::composite::normalise::{ColumnContext, MinMax, Normaliser};
use mfg_quality::composite::pipeline::normalise_aggregate_into;
use mfg_quality::composite::sensitivity::{Marginal, SobolDesign, SobolInput, SobolSettings};
use mfg_quality::composite::weights::{critic_weights, entropy_weights};
use mfg_quality::indicators::Polarity;

const G_A: [f64; 10] = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0, 99.0, 99.0];

/// Reads a little-endian `.npy` of float64 (`<f8`) or int64 (`<i8`) values, C order; returns the values
/// as f64 and the shape.
fn read_npy(path: &str) -> (Vec<f64>, Vec<usize>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(&bytes[..6], b"\x93NUMPY", "{path}: not an .npy file");
    let (hlen, start) = if bytes[6] == 1 {
        (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10)
    } else {
        (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        )
    };
    let header = std::str::from_utf8(&bytes[start..start + hlen]).expect("ascii header");
    assert!(
        header.contains("'fortran_order': False"),
        "{path}: C order expected"
    );
    let is_int = header.contains("<i8");
    assert!(is_int || header.contains("<f8"), "{path}: {header}");
    let shape_txt = &header[header.find("'shape': (").expect("shape") + 10..];
    let shape: Vec<usize> = shape_txt[..shape_txt.find(')').expect("shape end")]
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let body = &bytes[start + hlen..];
    let vals = body
        .chunks_exact(8)
        .map(|c| {
            let b: [u8; 8] = c.try_into().expect("8 bytes");
            if is_int {
                i64::from_le_bytes(b) as f64
            } else {
                f64::from_le_bytes(b)
            }
        })
        .collect();
    (vals, shape)
}

/// On-CPU time of the whole process in ns (all its threads, from `/proc/self/task/*/schedstat`; 0
/// where unavailable).
fn cpu_ns() -> u64 {
    let Ok(dir) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    dir.filter_map(|e| std::fs::read_to_string(e.ok()?.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

/// Median and minimum wall time in ms of `f` after one warm-up call (at least 7 calls and about 2 s),
/// the number of calls and the process's CPU time per call in ms (all threads).
fn time(task: &str, mut f: impl FnMut()) -> Option<(f64, f64, usize, f64)> {
    if !want(task) {
        return None;
    }
    let t0 = Instant::now();
    f();
    let once = t0.elapsed().as_secs_f64();
    let reps = (2.0 / once.max(1e-9)).clamp(7.0, 500.0) as usize;
    let c0 = cpu_ns();
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    let cpu = (cpu_ns() - c0) as f64 / 1e6 / reps as f64;
    t.sort_by(f64::total_cmp);
    Some((t[t.len() / 2], t[0], reps, cpu))
}

fn list(v: &[f64]) -> String {
    let items: Vec<String> = v.iter().map(|x| format!("{x:e}")).collect();
    format!("[{}]", items.join(", "))
}

fn emit(task: &str, n: usize, m: usize, t: Option<(f64, f64, usize, f64)>, out: &[f64]) {
    let Some((median, min, reps, cpu)) = t else {
        return;
    };
    let threads = rayon_threads();
    let res = if out.len() <= 64 {
        format!("\"result\": {}", list(out))
    } else {
        format!("\"head\": {}", list(&out[..5.min(out.len())]))
    };
    println!(
        "{{\"task\": \"{task}\", \"impl\": \"mfg-quality\", \"n\": {n}, \"m\": {m}, \"threads\": {threads}, \
         \"median_ms\": {median:.4}, \"min_ms\": {min:.4}, \"reps\": {reps}, \"cpu_ms\": {cpu:.4}, \"checksum\": {:e}, {res}}}",
        out.iter().sum::<f64>()
    );
}

/// Whether `task` is selected by `PEERS_ONLY` (a comma-separated list of substrings; unset: every task).
fn want(task: &str) -> bool {
    std::env::var("PEERS_ONLY").map_or(true, |only| only.split(',').any(|s| task.contains(s)))
}

fn rayon_threads() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Min-max of every column of `x` (column-major, `n` rows) into `z`, with the polarity of `types`.
fn min_max_into(
    mm: &MinMax,
    x: &[f64],
    n: usize,
    pol: &[Polarity],
    z: &mut [f64],
    mask: &mut [bool],
) {
    let all = vec![true; n];
    for (j, (src, dst)) in x.chunks(n).zip(z.chunks_mut(n)).enumerate() {
        let ctx = ColumnContext {
            indicator: "x",
            period: 0,
            units: &[],
            reference: None,
        };
        mm.normalise_column_from(src, &all, dst, &mut mask[j * n..(j + 1) * n], pol[j], &ctx)
            .expect("valid column");
    }
}

fn mcdm(dir: &str, n: usize, m: usize) {
    let (xr, shape) = read_npy(&format!("{dir}/X_{n}x{m}.npy"));
    assert_eq!(shape, vec![n, m]);
    let (w, _) = read_npy(&format!("{dir}/w_{m}.npy"));
    let (types, _) = read_npy(&format!("{dir}/types_{m}.npy"));
    // Column-major copy (not timed).
    let mut x = vec![0.0; n * m];
    for i in 0..n {
        for j in 0..m {
            x[j * n + i] = xr[i * m + j];
        }
    }
    drop(xr);
    let ctypes: Vec<CriterionType> = types
        .iter()
        .map(|&t| {
            if t > 0.0 {
                CriterionType::Benefit
            } else {
                CriterionType::Cost
            }
        })
        .collect();
    let pol: Vec<Polarity> = types
        .iter()
        .map(|&t| {
            if t > 0.0 {
                Polarity::Positive
            } else {
                Polarity::Negative
            }
        })
        .collect();

    // Bandwidth reference: one read of the matrix (8 independent sums, vectorised, one thread).
    let mut s = 0.0;
    let t = time("sum_bandwidth", || {
        let mut acc = [0.0f64; 8];
        for c in black_box(&x).chunks_exact(8) {
            for k in 0..8 {
                acc[k] += c[k];
            }
        }
        s = acc.iter().sum();
        black_box(s);
    });
    emit("sum_bandwidth", n, m, t, &[s]);

    for (task, norm) in [
        ("topsis_vector", TopsisNormalisation::Vector),
        ("topsis_minmax", TopsisNormalisation::MinMax),
    ] {
        let mut out = Vec::new();
        let t = time(task, || {
            out = topsis(black_box(&x), n, &w, norm, &ctypes)
                .expect("valid")
                .closeness;
        });
        emit(task, n, m, t, &out);
    }
    let mut out = Vec::new();
    let t = time("entropy_weights", || {
        out = entropy_weights(black_box(&x), n).expect("valid")
    });
    emit("entropy_weights", n, m, t, &out);

    // CRITIC as NumPy defines it: min-max with polarity, then CRITIC (into a reused buffer).
    let mm = MinMax::new(0.0, 1.0).expect("valid");
    let mut z = vec![0.0; n * m];
    let mut zmask = vec![false; n * m];
    let t = time("critic_weights", || {
        min_max_into(&mm, black_box(&x), n, &pol, &mut z, &mut zmask);
        out = critic_weights(&z, n).expect("valid");
    });
    emit("critic_weights", n, m, t, &out);

    // The means on a pre-normalised Z = min-max to [1, 100].
    let mm100 = MinMax::new(1.0, 100.0).expect("valid");
    min_max_into(&mm100, &x, n, &pol, &mut z, &mut zmask);
    let mut scores = vec![0.0; n];
    let mut present = vec![false; n];
    let ctx = AggregationContext::default();
    for (task, agg) in [
        ("mean_arith", Aggregation::Arithmetic),
        ("mean_geom", Aggregation::Geometric),
    ] {
        let t = time(task, || {
            agg.aggregate_into(
                black_box(&z),
                &[],
                n,
                &w,
                MissingPolicy::SkipAndReweight,
                &ctx,
                &mut scores,
                &mut present,
            )
            .expect("valid");
        });
        emit(task, n, m, t, &scores);
    }
    // Min-max from the raw X, then the mean: the per-column public path (normalise each column into a
    // reused buffer, then aggregate it) and the fused public call.
    for (task, agg) in [
        ("minmax_mean_arith", Aggregation::Arithmetic),
        ("minmax_mean_geom", Aggregation::Geometric),
    ] {
        let t = time(&format!("{task}_percolumn"), || {
            min_max_into(&mm100, black_box(&x), n, &pol, &mut z, &mut zmask);
            agg.aggregate_into(
                &z,
                &[],
                n,
                &w,
                MissingPolicy::SkipAndReweight,
                &ctx,
                &mut scores,
                &mut present,
            )
            .expect("valid");
        });
        emit(&format!("{task}_percolumn"), n, m, t, &scores);
        let plan = AggregatorPlan::try_from(&agg).expect("valid");
        let t = time(task, || {
            normalise_aggregate_into(
                &mm100,
                &plan,
                black_box(&x),
                &[],
                n,
                &pol,
                &w,
                MissingPolicy::SkipAndReweight,
                &ctx,
                &mut scores,
                &mut present,
            )
            .expect("valid");
        });
        emit(task, n, m, t, &scores);
    }
}

fn g_function(x: &[f64]) -> f64 {
    x.iter()
        .zip(&G_A)
        .map(|(xi, ai)| ((4.0 * xi - 2.0).abs() + ai) / (1.0 + ai))
        .product()
}

fn sobol() {
    for (task, second_order) in [("sobol_g_so1_total", false), ("sobol_g_so2_total", true)] {
        let inputs: Vec<SobolInput> = (0..G_A.len())
            .map(|i| SobolInput::new(format!("x{}", i + 1), Marginal::default()))
            .collect();
        let settings = SobolSettings {
            n: 1024,
            second_order,
            ..Default::default()
        };
        let mut st = Vec::new();
        let t = time(task, || {
            // End to end, as SALib's sample + evaluate + analyze (100 bootstrap resamples).
            let design = SobolDesign::new(inputs.clone(), settings.clone()).expect("valid");
            let r = design.run(g_function).expect("runs");
            st = r.total.iter().map(|e| e.value).collect();
        });
        emit(task, 1024, G_A.len(), t, &st);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: peers_ours DIR NxM... [--sobol]");
        std::process::exit(2);
    };
    for a in &args[1..] {
        if a == "--sobol" {
            sobol();
            continue;
        }
        let (n, m) = a.split_once('x').expect("NxM");
        mcdm(dir, n.parse().expect("n"), m.parse().expect("m"));
    }
}
