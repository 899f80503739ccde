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

/// A BACI-layout row with optional (null) fields: year, exporter, importer, product, value, quantity.
type Row = (
    Option<i32>,
    Option<i64>,
    Option<i64>,
    Option<i32>,
    Option<f64>,
    Option<f64>,
);

/// The rows as CSV text (a null is a blank field) and as a Parquet file (Int32/Int64/Float64 columns).
fn baci_rows(rows: &[Row]) -> (String, Vec<u8>) {
    fn field<T: std::fmt::Debug>(x: Option<T>) -> String {
        x.map(|x| format!("{x:?}")).unwrap_or_default()
    }
    let mut csv = String::from("t,i,j,k,v,q\n");
    for r in rows {
        csv += &format!(
            "{},{},{},{},{},{}\n",
            field(r.0),
            field(r.1),
            field(r.2),
            field(r.3),
            field(r.4),
            field(r.5)
        );
    }
    let batch = RecordBatch::try_from_iter([
        (
            "t",
            Arc::new(Int32Array::from(
                rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            )) as ArrayRef,
        ),
        (
            "i",
            Arc::new(Int64Array::from(
                rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            )),
        ),
        (
            "j",
            Arc::new(Int64Array::from(
                rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            )),
        ),
        (
            "k",
            Arc::new(Int32Array::from(
                rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            )),
        ),
        (
            "v",
            Arc::new(Float64Array::from(
                rows.iter().map(|r| r.4).collect::<Vec<_>>(),
            )),
        ),
        (
            "q",
            Arc::new(Float64Array::from(
                rows.iter().map(|r| r.5).collect::<Vec<_>>(),
            )),
        ),
    ])
    .unwrap();
    (csv, parquet(&[nullable(batch)]))
}

/// Under both bad-row policies, the Parquet readers give what the CSV readers give on the same rows: the
/// same error (line, column, message) or the same flows, cells and report.
fn same_as_csv(rows: &[Row]) -> Vec<String> {
    let (csv, bytes) = baci_rows(rows);
    let mut outcomes = Vec::new();
    for bad_rows in [BadRowPolicy::Error, BadRowPolicy::Skip] {
        let opts = ReadOptions {
            bad_rows,
            imports: true,
            ..ReadOptions::default()
        };
        let want = read_cells(csv.as_bytes(), &opts);
        let got = read_cells_parquet_bytes(bytes.clone(), &opts);
        match (&want, &got) {
            (Ok(w), Ok(g)) => {
                assert_eq!(w, g);
                outcomes.push(format!("{:?}", g.report));
            }
            (Err(w), Err(g)) => {
                assert!(matches!(g, ArrowError::Elasticity(_)), "{g}");
                assert_eq!(w.to_string(), g.to_string());
                outcomes.push(g.to_string());
            }
            _ => panic!("CSV {want:?} but Parquet {got:?}"),
        }
        let want = read_flows(csv.as_bytes(), &opts).map_err(|e| e.to_string());
        let got = read_flows_parquet_bytes(bytes.clone(), &opts).map_err(|e| e.to_string());
        assert_eq!(want, got);
    }
    outcomes
}

const GOOD: Row = (
    Some(2015),
    Some(40),
    Some(156),
    Some(10121),
    Some(12.5),
    Some(2.5),
);
const GOOD2: Row = (
    Some(2016),
    Some(4),
    Some(40),
    Some(847130),
    Some(3.0),
    Some(1.0),
);

fn with(bad: Row) -> Vec<String> {
    same_as_csv(&[GOOD, bad, GOOD2])
}

#[test]
fn a_negative_value_or_quantity_through_parquet_is_located_or_counted() {
    let o = with((
        Some(2015),
        Some(40),
        Some(276),
        Some(10121),
        Some(-4.0),
        Some(1.0),
    ));
    assert_eq!(o[0], "negative value -4 at line 3, column 5");
    assert!(o[1].contains("negative: 1"), "{}", o[1]);
    let o = with((
        Some(2015),
        Some(40),
        Some(276),
        Some(10121),
        Some(4.0),
        Some(-0.5),
    ));
    assert_eq!(o[0], "negative quantity -0.5 at line 3, column 6");
}

#[test]
fn a_null_quantity_or_value_through_parquet_is_skipped_and_counted_under_each_policy() {
    for o in [
        with((
            Some(2015),
            Some(40),
            Some(276),
            Some(10121),
            Some(4.0),
            None,
        )),
        with((
            Some(2015),
            Some(40),
            Some(276),
            Some(10121),
            Some(4.0),
            Some(0.0),
        )),
        with((
            Some(2015),
            Some(40),
            Some(276),
            Some(10121),
            None,
            Some(1.0),
        )),
    ] {
        // Not a bad row: the same counts under BadRowPolicy::Error and ::Skip.
        assert_eq!(o[0], o[1]);
        assert!(o[0].contains("rows_read: 3, rows_kept: 2"), "{}", o[0]);
    }
    let o = with((
        Some(2015),
        Some(40),
        Some(276),
        Some(10121),
        Some(4.0),
        None,
    ));
    assert!(o[0].contains("missing_quantity: 1"), "{}", o[0]);
}

#[test]
fn nan_amounts_null_codes_and_out_of_range_years_through_parquet_match_the_csv_reader() {
    let o = with((
        Some(2015),
        Some(40),
        Some(276),
        Some(10121),
        Some(f64::NAN),
        Some(1.0),
    ));
    assert_eq!(o[0], "non-finite v at line 3, column 5");
    assert!(o[1].contains("non_finite: 1"), "{}", o[1]);
    let o = with((
        Some(2015),
        None,
        Some(276),
        Some(10121),
        Some(1.0),
        Some(1.0),
    ));
    assert_eq!(o[0], "line 3, column 2 (`i`): empty country code");
    assert!(o[1].contains("malformed: 1"), "{}", o[1]);
    let o = with((Some(2015), Some(40), Some(276), None, Some(1.0), Some(1.0)));
    assert_eq!(o[0], "line 3, column 4 (`k`): empty product code");
    let o = with((
        Some(70_000),
        Some(40),
        Some(276),
        Some(1),
        Some(1.0),
        Some(1.0),
    ));
    assert_eq!(
        o[0],
        "line 3, column 1 (`t`): year is not an integer in 0..=65535"
    );
    let o = with((None, Some(40), Some(276), Some(1), Some(1.0), Some(1.0)));
    assert!(o[0].starts_with("line 3, column 1 (`t`)"), "{}", o[0]);
    // A duplicate flow names both lines.
    let o = same_as_csv(&[GOOD, GOOD2, GOOD]);
    assert!(
        o[0].starts_with("line 4: duplicate flow year 2015"),
        "{}",
        o[0]
    );
    // Negative integer codes and codes beyond the direct tables read as their text.
    same_as_csv(&[
        GOOD,
        (
            Some(2015),
            Some(-4),
            Some(123_456),
            Some(1_234_567),
            Some(1.0),
            Some(1.0),
        ),
    ]);
}

#[test]
fn a_column_of_a_type_its_role_does_not_accept_is_named_with_its_type() {
    let (_, _) = baci_rows(&[GOOD]);
    let b = RecordBatch::try_from_iter([
        ("t", Arc::new(Float64Array::from(vec![2015.0])) as ArrayRef),
        ("i", Arc::new(Int32Array::from(vec![40]))),
        ("j", Arc::new(Int32Array::from(vec![156]))),
        ("k", Arc::new(Int32Array::from(vec![10121]))),
        ("v", Arc::new(BooleanArray::from(vec![true]))),
        ("q", Arc::new(Float64Array::from(vec![1.0]))),
    ])
    .unwrap();
    let e = read_cells_parquet_bytes(parquet(std::slice::from_ref(&b)), &ReadOptions::default())
        .unwrap_err();
    assert!(
        matches!(&e, ArrowError::WrongType { column, found, .. } if column == "t" && found == "Float64"),
        "{e}"
    );
    assert_eq!(
        e.to_string(),
        "column `t`: expected an integer or string type (or a dictionary of one), found Float64"
    );
    let b = RecordBatch::try_from_iter(
        b.schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .zip(b.columns().iter().cloned())
            .map(|(n, c)| {
                if n == "t" {
                    (n, Arc::new(Int32Array::from(vec![2015])) as ArrayRef)
                } else {
                    (n, c)
                }
            }),
    )
    .unwrap();
    let e = read_cells_parquet_bytes(parquet(&[b]), &ReadOptions::default()).unwrap_err();
    assert!(
        matches!(&e, ArrowError::WrongType { column, found, .. } if column == "v" && found == "Boolean"),
        "{e}"
    );
}

/// Dictionary-encoded, large, view and narrow-integer columns read as the CSV text of their values.
#[test]
fn dictionary_view_and_narrow_integer_columns_equal_the_csv_reader() {
    use arrow_array::types::Int16Type;
    use arrow_array::{
        DictionaryArray, Float32Array, Int16Array, LargeStringArray, StringViewArray, UInt32Array,
    };
    let exporters = ["CHN", "DEU", " USA ", "CHN", "DEU", "CHN"];
    let products: Vec<Option<&str>> = vec![
        Some("8471"),
        Some("10121"),
        Some("8471"),
        None,
        Some("847130"),
        Some("8471"),
    ];
    let n = exporters.len();
    let value: Vec<f32> = vec![0.1, 2.5, 3.0, 4.0, 1e-3, 7.0];
    let csv = {
        let mut s = String::from("year,exporter,importer,product,value,quantity\n");
        for r in 0..n {
            s += &format!(
                "{},{},{},{},{:?},{}\n",
                2015 + (r as i16 % 2),
                exporters[r],
                100 + r as u32 % 3,
                products[r].unwrap_or(""),
                f64::from(value[r]),
                ["1", "NA", "2", "3", "0.5", "x"][r]
            );
        }
        s
    };
    let batch = RecordBatch::try_from_iter([
        (
            "year",
            Arc::new(Int16Array::from(
                (0..n).map(|r| 2015 + (r as i16 % 2)).collect::<Vec<_>>(),
            )) as ArrayRef,
        ),
        (
            "exporter",
            Arc::new(
                exporters
                    .iter()
                    .copied()
                    .collect::<DictionaryArray<Int16Type>>(),
            ),
        ),
        (
            "importer",
            Arc::new(UInt32Array::from(
                (0..n).map(|r| 100 + r as u32 % 3).collect::<Vec<_>>(),
            )),
        ),
        ("product", Arc::new(StringViewArray::from(products))),
        ("value", Arc::new(Float32Array::from(value))),
        (
            "quantity",
            Arc::new(LargeStringArray::from(vec![
                "1", "NA", "2", "3", "0.5", "x",
            ])),
        ),
    ])
    .unwrap();
    let bytes = parquet(&[nullable(batch)]);
    for bad_rows in [BadRowPolicy::Error, BadRowPolicy::Skip] {
        let opts = ReadOptions {
            bad_rows,
            ..named()
        };
        let want = read_flows(csv.as_bytes(), &opts).map_err(|e| e.to_string());
        let got = read_flows_parquet_bytes(bytes.clone(), &opts).map_err(|e| e.to_string());
        assert_eq!(got, want);
        if bad_rows == BadRowPolicy::Skip {
            let (_, report) = got.unwrap();
            assert_eq!(
                (report.missing_quantity, report.malformed, report.rows_kept),
                (1, 2, 3)
            );
        } else {
            assert_eq!(
                got.unwrap_err(),
                "line 5, column 4 (`product`): empty product code"
            );
        }
    }
}
