//! Reads a Parquet trade file of generated flows (10⁷ rows by default) with `read_cells_parquet` and prints
//! rows per second, wall and CPU (user + system) time, the peak resident set (`VmHWM` of
//! `/proc/self/status`) and the load average. Run by hand:
//!
//! `cargo bench -p mfg-quality-benches --bench trade_parquet -- [rows] [unchecked|error|sum|keep_first]`
//!
//! The flows are those of the CSV benchmark `trade_stream` ([`mfg_quality_benches::trade`]), written once
//! to `target/tmp/trade-<rows>.parquet` (BACI layout `t,i,j,k,v,q`: Int32 year and codes, Float64 value and
//! nullable Float64 quantity, Snappy, row groups of 10⁶ rows). The timed read runs in a fresh process (the
//! benchmark re-runs itself with `--read`), so its peak memory excludes the writer's.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use arrow_array::{ArrayRef, Float64Array, Int32Array, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use mfg_quality::arrow::read_cells_parquet;
use mfg_quality::elasticity::reader::{DuplicatePolicy, ReadOptions};
use mfg_quality_benches::trade::flow_f64;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

const CHUNK: u64 = 1 << 16;

fn write(path: &Path, rows: u64) {
    let schema = Arc::new(Schema::new(vec![
        Field::new("t", DataType::Int32, false),
        Field::new("i", DataType::Int32, false),
        Field::new("j", DataType::Int32, false),
        Field::new("k", DataType::Int32, false),
        Field::new("v", DataType::Float64, false),
        Field::new("q", DataType::Float64, true),
    ]));
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let tmp = path.with_extension("partial");
    let file = File::create(&tmp).expect("create the Parquet file");
    let mut w = ArrowWriter::try_new(file, schema.clone(), Some(props)).expect("writer");
    let mut start = 0;
    while start < rows {
        let n = CHUNK.min(rows - start);
        let (mut t, mut i, mut j, mut k) = (vec![], vec![], vec![], vec![]);
        let (mut v, mut q) = (vec![], vec![]);
        for r in start..start + n {
            let f = flow_f64(r);
            t.push(f.0 as i32);
            i.push(f.1 as i32);
            j.push(f.2 as i32);
            k.push(f.3 as i32);
            v.push(f.4);
            q.push(Some(f.5));
        }
        let cols: Vec<ArrayRef> = vec![
            Arc::new(Int32Array::from(t)),
            Arc::new(Int32Array::from(i)),
            Arc::new(Int32Array::from(j)),
            Arc::new(Int32Array::from(k)),
            Arc::new(Float64Array::from(v)),
            Arc::new(Float64Array::from(q)),
        ];
        w.write(&RecordBatch::try_new(schema.clone(), cols).expect("batch"))
            .expect("write");
        start += n;
    }
    w.close().expect("close");
    std::fs::rename(&tmp, path).expect("rename");
}

fn status(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "unavailable".into())
}

/// User and system CPU seconds of this process (`/proc/self/stat`, clock ticks of 1/100 s).
fn cpu_seconds() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit(')').next().unwrap_or_default();
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |k: usize| f.get(k).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0) / 100.0;
    // utime and stime are fields 14 and 15 of stat(5); `rest` starts at field 3.
    (tick(11), tick(12))
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unavailable".into())
}

fn read(path: &Path, rows: u64, policy: DuplicatePolicy) {
    let options = ReadOptions {
        duplicates: policy,
        ..ReadOptions::default()
    };
    println!("load average before: {}", load_average());
    let (u0, s0) = cpu_seconds();
    let start = Instant::now();
    let agg = match read_cells_parquet(path, &options) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("read_cells_parquet failed: {e}");
            std::process::exit(1);
        }
    };
    let secs = start.elapsed().as_secs_f64();
    let (u1, s1) = cpu_seconds();
    assert_eq!(agg.report.rows_read, rows);
    println!(
        "read_cells_parquet, DuplicatePolicy::{policy:?}: {} rows read, {} kept, {} cells in {secs:.2} s wall \
         = {:.1} M rows/s; CPU user {:.2} s + sys {:.2} s = {:.1} M rows per CPU-second; VmHWM {}; load \
         average after: {}",
        agg.report.rows_read,
        agg.report.rows_kept,
        agg.exports.len(),
        agg.report.rows_read as f64 / secs / 1e6,
        u1 - u0,
        s1 - s0,
        agg.report.rows_read as f64 / (u1 - u0 + s1 - s0).max(1e-9) / 1e6,
        status("VmHWM"),
        load_average()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let reading = args.iter().any(|a| a == "--read");
    let args: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let rows: u64 = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000_000);
    let policy = match args.get(1).map(|s| s.as_str()) {
        None | Some("unchecked") => DuplicatePolicy::Unchecked,
        Some("error") => DuplicatePolicy::Error,
        Some("sum") => DuplicatePolicy::Sum,
        Some("keep_first") => DuplicatePolicy::KeepFirst,
        Some(other) => {
            eprintln!("unknown policy `{other}`: unchecked, error, sum or keep_first");
            std::process::exit(2);
        }
    };
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("trade-{rows}.parquet"));
    if reading {
        read(&path, rows, policy);
        return;
    }
    if !path.exists() {
        let t = Instant::now();
        write(&path, rows);
        println!(
            "wrote {} ({} rows, {:.0} MB) in {:.1} s",
            path.display(),
            rows,
            std::fs::metadata(&path).map_or(0.0, |m| m.len() as f64 / 1e6),
            t.elapsed().as_secs_f64()
        );
    }
    let exe = std::env::current_exe().expect("the benchmark's path");
    let status = std::process::Command::new(exe)
        .arg("--read")
        .arg(rows.to_string())
        .arg(args.get(1).map_or("unchecked", |s| s.as_str()))
        .status()
        .expect("re-run to read");
    std::process::exit(status.code().unwrap_or(1));
}
