//! Composite results as a tidy record batch and a Parquet file, checked against the Rust values.

use std::fs::File;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type};
use arrow_array::{Array, RecordBatch};
use mfg_quality_arrow::{results_to_batch, write_results_parquet, write_results_parquet_bytes};
use mfg_quality_composite::pipeline::PipelineConfig;
use mfg_quality_composite::results::Results;
use mfg_quality_indicators::io::{CsvOptions, read_long_csv_str};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

const HDI_JSON: &str = include_str!("../../../examples/pipelines/hdi.json");
const HDI_DATA: &str = include_str!("../../../examples/pipelines/hdi_data.csv");

/// What `mfgq compose --spec examples/pipelines/hdi.json --data examples/pipelines/hdi_data.csv` computes.
fn hdi() -> Results {
    let config = PipelineConfig::read_json_str(HDI_JSON).unwrap();
    config
        .run(&read_long_csv_str(HDI_DATA, &CsvOptions::new()).unwrap())
        .unwrap()
}

fn check(batch: &RecordBatch, r: &Results) {
    let names: Vec<String> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    assert_eq!(names, ["unit", "period", "node", "score", "rank"]);
    let n = r.units().len() * r.node_ids().len() * r.periods().len();
    assert_eq!(batch.num_rows(), n);
    let unit = batch.column(0).as_string::<i32>();
    let period = batch.column(1).as_primitive::<Int32Type>();
    let node = batch.column(2).as_string::<i32>();
    let score = batch.column(3).as_primitive::<Float64Type>();
    let rank = batch.column(4).as_primitive::<Float64Type>();
    for k in 0..n {
        let (u, p, id) = (unit.value(k), period.value(k), node.value(k));
        let want = r.score(u, id, p).unwrap();
        let got = (!score.is_null(k)).then(|| score.value(k));
        assert_eq!(
            got.map(f64::to_bits),
            want.map(f64::to_bits),
            "row {k}: {u} {id} {p}"
        );
        let got = (!rank.is_null(k)).then(|| rank.value(k));
        assert_eq!(
            got.map(f64::to_bits),
            r.rank(u, id, p).unwrap().map(f64::to_bits),
            "row {k}"
        );
    }
    // The rows are those of the tidy CSV, in its order.
    let csv = r.write_csv_str().unwrap();
    for (k, line) in csv.lines().skip(1).enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(
            (f[0], f[1], f[2]),
            (
                unit.value(k),
                period.value(k).to_string().as_str(),
                node.value(k)
            )
        );
        assert_eq!(
            f[3].parse::<f64>().ok().map(f64::to_bits),
            (!score.is_null(k)).then(|| score.value(k).to_bits())
        );
    }
}

#[test]
fn tidy_batch_of_the_hdi_results_matches_the_rust_values() {
    let r = hdi();
    let b = results_to_batch(&r).unwrap();
    check(&b, &r);
    // 4 countries × (HDI + 3 dimensions + 4 indicators) × 1 period; Switzerland ranks first on the index.
    assert_eq!(b.num_rows(), 4 * r.node_ids().len());
    let root = r.node_ids()[0];
    assert_eq!(r.rank("CHE", root, r.periods()[0]).unwrap(), Some(1.0));
}

#[test]
fn results_parquet_file_and_bytes_read_back_equal_to_the_batch() {
    let r = hdi();
    let want = results_to_batch(&r).unwrap();
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "mfg-quality-arrow-{}-hdi-results.parquet",
        std::process::id()
    ));
    write_results_parquet(&r, &path).unwrap();
    let batches: Vec<RecordBatch> =
        ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap())
            .unwrap()
            .build()
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(batches.len(), 1);
    check(&batches[0], &r);
    assert_eq!(batches[0].columns(), want.columns());
    let bytes = bytes::Bytes::from(write_results_parquet_bytes(&r).unwrap());
    let batches: Vec<RecordBatch> = ParquetRecordBatchReaderBuilder::try_new(bytes)
        .unwrap()
        .build()
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(batches[0].columns(), want.columns());
}
