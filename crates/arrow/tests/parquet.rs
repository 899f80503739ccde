//! Parquet files of panels: round trips, layout detection, errors naming the file, column and type.

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, Int32Array, RecordBatch, StringArray};
use arrow_schema::{Field, Schema};
use mfg_quality_arrow::{
    ArrowError, panel_from_long_batch, panel_to_long_batch, read_panel_parquet,
    read_panel_parquet_bytes, write_panel_parquet, write_panel_parquet_bytes,
    write_panel_parquet_wide, write_panel_parquet_wide_bytes,
};
use mfg_quality_indicators::io::{CsvOptions, read_long_csv_str};
use mfg_quality_indicators::{Panel, Unit};
use parquet::arrow::ArrowWriter;

const HDI: &str = include_str!("../../../examples/pipelines/hdi_data.csv");

fn tmp(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("mfg-quality-arrow-{}-{name}", std::process::id()))
}

fn with_missing() -> Panel {
    let units = vec![
        Unit::new("CN")
            .with_names("China", "中国")
            .with_group("Asia"),
        Unit::new("US"),
        Unit::new("DE").with_group("Europe"),
    ];
    let mut b = Panel::builder(units, vec!["qe".into(), "rd".into()], vec![2020, 2021]).unwrap();
    b.set("CN", "qe", 2020, 12.62).unwrap();
    b.set("US", "rd", 2021, -1e-300).unwrap();
    b.set("DE", "qe", 2021, 0.1 + 0.2).unwrap();
    b.build()
}

fn write_raw(batch: &RecordBatch) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut w = ArrowWriter::try_new(&mut buf, batch.schema(), None).unwrap();
    w.write(batch).unwrap();
    w.close().unwrap();
    buf
}

#[test]
fn csv_to_panel_to_batch_to_parquet_bytes_to_panel_is_the_identity() {
    for panel in [
        read_long_csv_str(HDI, &CsvOptions::new()).unwrap(),
        with_missing(),
    ] {
        let batch = panel_to_long_batch(&panel).unwrap();
        let bytes = write_panel_parquet_bytes(&panel_from_long_batch(&batch).unwrap()).unwrap();
        assert_eq!(&bytes[..4], b"PAR1");
        let back = read_panel_parquet_bytes(bytes).unwrap();
        assert_eq!(back, panel);
        assert_eq!(back.raw_mask(), panel.raw_mask());
        let bits = |p: &Panel| {
            p.raw_values()
                .iter()
                .map(|v| v.to_bits())
                .collect::<Vec<_>>()
        };
        assert_eq!(bits(&back), bits(&panel));
        // The wide layout is detected (no `indicator` column).
        assert_eq!(
            read_panel_parquet_bytes(write_panel_parquet_wide_bytes(&panel).unwrap()).unwrap(),
            panel
        );
    }
}

#[test]
fn files_round_trip_in_both_layouts() {
    let panel = with_missing();
    let (long, wide) = (tmp("long.parquet"), tmp("wide.parquet"));
    write_panel_parquet(&panel, &long).unwrap();
    write_panel_parquet_wide(&panel, &wide).unwrap();
    assert_eq!(read_panel_parquet(&long).unwrap(), panel);
    assert_eq!(read_panel_parquet(&wide).unwrap(), panel);
    std::fs::remove_file(long).unwrap();
    std::fs::remove_file(wide).unwrap();
}

#[test]
fn a_file_with_a_wrong_schema_names_the_column_and_the_type() {
    let cols: Vec<(&str, ArrayRef)> = vec![
        ("unit", Arc::new(StringArray::from(vec!["A", "B"]))),
        ("indicator", Arc::new(StringArray::from(vec!["x", "x"]))),
        ("period", Arc::new(Float64Array::from(vec![2000.0, 2001.0]))),
        ("value", Arc::new(Float64Array::from(vec![1.0, 2.0]))),
    ];
    let schema = Schema::new(
        cols.iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), false))
            .collect::<Vec<_>>(),
    );
    let batch =
        RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|c| c.1).collect()).unwrap();
    let path = tmp("wrong.parquet");
    std::fs::write(&path, write_raw(&batch)).unwrap();
    let e = read_panel_parquet(&path).unwrap_err();
    std::fs::remove_file(&path).unwrap();
    match &e {
        ArrowError::WrongType {
            column,
            expected,
            found,
        } => {
            assert_eq!(column, "period");
            assert_eq!(expected, "Int32 or Int64");
            assert_eq!(found, "Float64");
        }
        other => panic!("expected WrongType, got {other}"),
    }
    assert_eq!(
        e.to_string(),
        "column `period`: expected Int32 or Int64, found Float64"
    );

    // A long file without `value`.
    let batch = RecordBatch::try_from_iter([
        ("unit", Arc::new(StringArray::from(vec!["A"])) as ArrayRef),
        ("indicator", Arc::new(StringArray::from(vec!["x"]))),
        ("period", Arc::new(Int32Array::from(vec![2000]))),
    ])
    .unwrap();
    let e = read_panel_parquet_bytes(write_raw(&batch)).unwrap_err();
    assert!(
        matches!(&e, ArrowError::MissingColumn { column } if column == "value"),
        "{e}"
    );
}

#[test]
fn io_and_parquet_errors_name_the_file() {
    let missing = tmp("does-not-exist.parquet");
    let e = read_panel_parquet(&missing).unwrap_err();
    assert!(
        matches!(&e, ArrowError::Io { path, .. } if *path == missing.display().to_string()),
        "{e}"
    );
    let garbage = tmp("garbage.parquet");
    std::fs::write(&garbage, b"unit,indicator\nA,x\n").unwrap();
    let e = read_panel_parquet(&garbage).unwrap_err();
    std::fs::remove_file(&garbage).unwrap();
    assert!(
        matches!(&e, ArrowError::Parquet { path, .. } if *path == garbage.display().to_string()),
        "{e}"
    );
    let e = read_panel_parquet_bytes(b"nope".to_vec()).unwrap_err();
    assert!(
        matches!(&e, ArrowError::Parquet { path, .. } if path == "<bytes>"),
        "{e}"
    );
    let e = write_panel_parquet(&with_missing(), tmp("no-such-dir/x.parquet")).unwrap_err();
    assert!(
        matches!(&e, ArrowError::Io { path, .. } if path.ends_with("x.parquet")),
        "{e}"
    );
}
