//! The streaming Parquet trade-flow readers agree with the elasticity crate's CSV readers.

use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
    UInt16Array,
};
use arrow_schema::{Field, Schema};
use mfg_quality_arrow::{
    ArrowError, read_cells_parquet, read_cells_parquet_bytes, read_flows_parquet_bytes,
};
use mfg_quality_elasticity::TradeFlows;
use mfg_quality_elasticity::reader::{
    BadRowPolicy, ColumnNames, CsvLayout, DuplicatePolicy, ReadOptions, read_cells, read_flows,
};
use mfg_quality_elasticity::synthetic::{SyntheticConfig, generate};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;

fn named() -> ReadOptions {
    ReadOptions {
        layout: CsvLayout::Named(ColumnNames::default()),
        // The sized synthetic world draws importers with replacement: some flows repeat.
        duplicates: DuplicatePolicy::Sum,
        ..ReadOptions::default()
    }
}

/// Batches written one after another (row groups of at most 4000 rows).
fn parquet(batches: &[RecordBatch]) -> Vec<u8> {
    let mut buf = Vec::new();
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(4000))
        .build();
    let mut w = ArrowWriter::try_new(&mut buf, batches[0].schema(), Some(props)).unwrap();
    for b in batches {
        w.write(b).unwrap();
    }
    w.close().unwrap();
    buf
}

/// The batch with every field nullable (a later batch may have nulls the first one has not).
fn nullable(b: RecordBatch) -> RecordBatch {
    let fields: Vec<Field> = b
        .schema()
        .fields()
        .iter()
        .map(|f| f.as_ref().clone().with_nullable(true))
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), b.columns().to_vec()).unwrap()
}

/// The synthetic world's flows plus rows the readers skip (null quantity, zero value), as CSV text and as
/// record batches (an extra column first, so the projection reorders; year UInt16, codes Utf8).
fn world() -> (String, Vec<RecordBatch>) {
    let w = generate(&SyntheticConfig::sized(3, 20_000, 20)).unwrap();
    let f: &TradeFlows = &w.flows;
    assert!(f.len() > 10_000, "{}", f.len());
    let mut csv = String::from("year,exporter,importer,product,value,quantity\n");
    let (mut y, mut e, mut m, mut p, mut v, mut q) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for i in 0..f.len() {
        let t = f.flow(i);
        csv += &format!(
            "{},{},{},{},{:?},{:?}\n",
            t.year, t.exporter, t.importer, t.product, t.value, t.quantity
        );
        y.push(t.year);
        e.push(t.exporter);
        m.push(t.importer);
        p.push(t.product);
        v.push(Some(t.value));
        q.push(Some(t.quantity));
    }
    csv += "2015,AAA,BBB,0101,5.0,\n2015,AAA,BBB,0102,0.0,1.0\n";
    for (prod, val, qty) in [("0101", Some(5.0), None), ("0102", Some(0.0), Some(1.0))] {
        y.push(2015);
        e.push("AAA".into());
        m.push("BBB".into());
        p.push(prod.into());
        v.push(val);
        q.push(qty);
    }
    let n = y.len();
    let cols = |r: std::ops::Range<usize>| -> RecordBatch {
        nullable(
            RecordBatch::try_from_iter([
                (
                    "note",
                    Arc::new(StringArray::from(vec!["x"; r.len()])) as ArrayRef,
                ),
                (
                    "quantity",
                    Arc::new(Float64Array::from(q[r.clone()].to_vec())),
                ),
                ("Year", Arc::new(UInt16Array::from(y[r.clone()].to_vec()))),
                (
                    "exporter",
                    Arc::new(StringArray::from(e[r.clone()].to_vec())),
                ),
                (
                    "importer",
                    Arc::new(StringArray::from(m[r.clone()].to_vec())),
                ),
                (
                    "product",
                    Arc::new(StringArray::from(p[r.clone()].to_vec())),
                ),
                ("value", Arc::new(Float64Array::from(v[r].to_vec()))),
            ])
            .unwrap(),
        )
    };
    (csv, vec![cols(0..n / 3), cols(n / 3..n)])
}

#[test]
fn flows_and_cells_from_parquet_equal_the_csv_readers_on_the_synthetic_world() {
    let (csv, batches) = world();
    let bytes = parquet(&batches);
    let (want, want_report) = read_flows(csv.as_bytes(), &named()).unwrap();
    let (got, report) = read_flows_parquet_bytes(bytes.clone(), &named()).unwrap();
    assert_eq!(report, want_report);
    assert_eq!((report.missing_quantity, report.zero_value), (1, 1));
    assert!(report.duplicates > 0);
    assert_eq!(got, want);
    let opts = ReadOptions {
        imports: true,
        ..named()
    };
    let want = read_cells(csv.as_bytes(), &opts).unwrap();
    assert_eq!(
        read_cells_parquet_bytes(bytes.clone(), &opts).unwrap(),
        want
    );
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "mfg-quality-arrow-{}-world.parquet",
        std::process::id()
    ));
    std::fs::write(&path, &bytes).unwrap();
    let from_file = read_cells_parquet(&path, &opts);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(from_file.unwrap(), want);
}

fn baci(v: Vec<f64>) -> Vec<u8> {
    let n = v.len();
    parquet(&[RecordBatch::try_from_iter([
        ("t", Arc::new(Int32Array::from(vec![2015; n])) as ArrayRef),
        ("i", Arc::new(Int64Array::from(vec![40; n]))),
        ("j", Arc::new(Int64Array::from(vec![156; n]))),
        (
            "k",
            Arc::new(Int32Array::from(
                (0..n as i32).map(|k| 10121 + k).collect::<Vec<_>>(),
            )),
        ),
        ("v", Arc::new(Float64Array::from(v))),
        ("q", Arc::new(Float64Array::from(vec![Some(2.5); n]))),
    ])
    .unwrap()])
}

#[test]
fn baci_integer_codes_are_normalised_and_errors_match_the_csv_reader() {
    let (flows, _) =
        read_flows_parquet_bytes(baci(vec![12.5, 1e-300]), &ReadOptions::default()).unwrap();
    let t = flows.flow(0);
    assert_eq!(
        (t.exporter.as_str(), t.importer.as_str(), t.product.as_str()),
        ("040", "156", "010121")
    );
    assert_eq!(flows.flow(1).value.to_bits(), 1e-300f64.to_bits());
    // A negative value on the second row: the same error (line 3) as the CSV text.
    let csv = "t,i,j,k,v,q\n2015,40,156,10121,1.0,2.5\n2015,40,156,10122,-1.0,2.5\n";
    let want = read_flows(csv.as_bytes(), &ReadOptions::default()).unwrap_err();
    let got = read_flows_parquet_bytes(baci(vec![1.0, -1.0]), &ReadOptions::default()).unwrap_err();
    assert!(matches!(got, ArrowError::Elasticity(_)), "{got}");
    assert_eq!(got.to_string(), want.to_string());
    let skip = ReadOptions {
        bad_rows: BadRowPolicy::Skip,
        ..ReadOptions::default()
    };
    let (_, report) = read_flows_parquet_bytes(baci(vec![1.0, -1.0]), &skip).unwrap();
    assert_eq!((report.rows_kept, report.negative), (1, 1));
}

#[test]
fn a_missing_or_mistyped_layout_column_is_named() {
    let b = RecordBatch::try_from_iter([
        ("t", Arc::new(Int32Array::from(vec![2015])) as ArrayRef),
        ("i", Arc::new(Int32Array::from(vec![40]))),
        ("j", Arc::new(Int32Array::from(vec![156]))),
        ("k", Arc::new(BooleanArray::from(vec![true]))),
        ("v", Arc::new(Float64Array::from(vec![1.0]))),
    ])
    .unwrap();
    let e = read_flows_parquet_bytes(parquet(std::slice::from_ref(&b)), &ReadOptions::default())
        .unwrap_err();
    assert!(
        matches!(&e, ArrowError::MissingColumn { column } if column == "q"),
        "{e}"
    );
    let b = RecordBatch::try_from_iter(
        b.schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .zip(b.columns().iter().cloned())
            .chain([(
                "q".to_string(),
                Arc::new(Float64Array::from(vec![1.0])) as ArrayRef,
            )]),
    )
    .unwrap();
    let e = read_flows_parquet_bytes(parquet(&[b]), &ReadOptions::default()).unwrap_err();
    assert!(
        matches!(&e, ArrowError::WrongType { column, found, .. } if column == "k" && found == "Boolean"),
        "{e}"
    );
}
