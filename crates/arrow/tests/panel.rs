//! Panel ⇄ Arrow record batch, long and wide layouts.

use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema};
use mfg_quality_arrow::{
    ArrowError, panel_from_long_batch, panel_from_wide_batch, panel_to_long_batch,
    panel_to_wide_batch,
};
use mfg_quality_indicators::io::{CsvOptions, read_long_csv_str, read_wide_csv_str};
use mfg_quality_indicators::{IndicatorsError, Panel, Unit};

const HDI: &str = include_str!("../../../examples/pipelines/hdi_data.csv");

/// Two periods, three units with names and groups, missing cells (one unit entirely missing in 2021).
fn mixed() -> Panel {
    let units = vec![
        Unit::new("CN")
            .with_names("China", "中国")
            .with_group("Asia"),
        Unit::new("US").with_names("United States", "美国"),
        Unit::new("DE").with_group("Europe"),
    ];
    let mut b = Panel::builder(units, vec!["qe".into(), "rd".into()], vec![2020, 2021]).unwrap();
    b.set("CN", "qe", 2020, 12.62).unwrap();
    b.set("US", "qe", 2020, 53.97).unwrap();
    b.set("DE", "rd", 2020, -3.125).unwrap();
    b.set("CN", "rd", 2021, 0.1 + 0.2).unwrap();
    b.set("US", "rd", 2021, 1e-300).unwrap();
    b.build()
}

fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
        .collect();
    RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns.into_iter().map(|(_, a)| a).collect(),
    )
    .unwrap()
}

fn strs(v: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(v.to_vec()))
}

#[test]
fn long_round_trip_of_the_hdi_csv() {
    let panel = read_long_csv_str(HDI, &CsvOptions::new()).unwrap();
    let b = panel_to_long_batch(&panel).unwrap();
    assert_eq!(b.num_rows(), 16);
    let names: Vec<String> = b
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    assert_eq!(
        names,
        ["unit", "indicator", "period", "value", "unit_name_en"]
    );
    assert_eq!(panel_from_long_batch(&b).unwrap(), panel);
}

#[test]
fn long_round_trip_keeps_missing_cells_and_metadata() {
    let panel = mixed();
    let b = panel_to_long_batch(&panel).unwrap();
    assert_eq!(b.num_rows(), 12);
    assert_eq!(b.num_columns(), 7);
    assert_eq!(b.column(3).null_count(), 7);
    let back = panel_from_long_batch(&b).unwrap();
    assert_eq!(back, panel);
    assert_eq!(back.raw_mask(), panel.raw_mask());
    assert_eq!(back.units()[0].name_zh, "中国");
    assert_eq!(back.units()[2].group.as_deref(), Some("Europe"));
}

#[test]
fn long_batch_is_in_panel_order_with_the_documented_types() {
    let b = panel_to_long_batch(&mixed()).unwrap();
    let s = b.schema();
    assert_eq!(s.field(0).data_type(), &DataType::Utf8);
    assert_eq!(s.field(2).data_type(), &DataType::Int32);
    assert_eq!(s.field(3).data_type(), &DataType::Float64);
    assert!(s.field(3).is_nullable());
    let unit = b.column(0).as_any().downcast_ref::<StringArray>().unwrap();
    let ind = b.column(1).as_any().downcast_ref::<StringArray>().unwrap();
    let per = b.column(2).as_any().downcast_ref::<Int32Array>().unwrap();
    let val = b.column(3).as_any().downcast_ref::<Float64Array>().unwrap();
    // Row 5: period 2020, indicator rd, unit DE = -3.125.
    assert_eq!(
        (unit.value(5), ind.value(5), per.value(5)),
        ("DE", "rd", 2020)
    );
    assert_eq!(val.value(5).to_bits(), (-3.125f64).to_bits());
    assert!(val.is_null(2));
}

#[test]
fn wide_round_trip_of_the_hdi_csv_and_of_missing_cells() {
    let panel = read_long_csv_str(HDI, &CsvOptions::new()).unwrap();
    let b = panel_to_wide_batch(&panel).unwrap();
    assert_eq!((b.num_rows(), b.num_columns()), (4, 7));
    assert_eq!(panel_from_wide_batch(&b).unwrap(), panel);
    let m = mixed();
    let b = panel_to_wide_batch(&m).unwrap();
    assert_eq!((b.num_rows(), b.num_columns()), (6, 7));
    assert_eq!(panel_from_wide_batch(&b).unwrap(), m);
}

#[test]
fn readers_agree_with_the_csv_readers() {
    let csv = "unit,period,qe,rd\nCN,2021,1.5,\nUS,2020,,2\nCN,2020,3,4\n";
    let want = read_wide_csv_str(csv, &CsvOptions::new()).unwrap();
    let b = batch(vec![
        ("unit", strs(&[Some("CN"), Some("US"), Some("CN")])),
        ("period", Arc::new(Int64Array::from(vec![2021, 2020, 2020]))),
        (
            "qe",
            Arc::new(Float64Array::from(vec![Some(1.5), None, Some(3.0)])),
        ),
        (
            "rd",
            Arc::new(Int32Array::from(vec![None, Some(2), Some(4)])),
        ),
    ]);
    assert_eq!(panel_from_wide_batch(&b).unwrap(), want);

    let csv = "Unit,Indicator,Period,Value\nB,x,2001,1\nA,y,2000,\nA,x,2000,2.5\n";
    let want = read_long_csv_str(csv, &CsvOptions::new()).unwrap();
    let b = batch(vec![
        ("Unit", strs(&[Some("B"), Some("A"), Some("A")])),
        ("Indicator", strs(&[Some("x"), Some("y"), Some("x")])),
        ("Period", Arc::new(Int32Array::from(vec![2001, 2000, 2000]))),
        (
            "Value",
            Arc::new(Float64Array::from(vec![Some(1.0), None, Some(2.5)])),
        ),
    ]);
    let got = panel_from_long_batch(&b).unwrap();
    assert_eq!(got, want);
    assert_eq!(got.units()[0].code, "B");
}

fn long(unit: ArrayRef, value: ArrayRef) -> RecordBatch {
    batch(vec![
        ("unit", unit),
        ("indicator", strs(&[Some("x"), Some("x")])),
        ("period", Arc::new(Int32Array::from(vec![2000, 2001]))),
        ("value", value),
    ])
}

#[test]
fn errors_name_the_column_the_cell_or_the_row() {
    let ok_units = strs(&[Some("A"), Some("A")]);
    let e = panel_from_long_batch(&long(
        ok_units.clone(),
        Arc::new(Float64Array::from(vec![1.0, f64::NAN])),
    ))
    .unwrap_err();
    assert!(
        matches!(&e, ArrowError::NonFinite { unit, indicator, period: 2001, .. } if unit == "A" && indicator == "x"),
        "{e}"
    );
    let e = panel_from_long_batch(&long(
        strs(&[Some("A"), None]),
        Arc::new(Float64Array::from(vec![1.0, 2.0])),
    ))
    .unwrap_err();
    assert!(
        matches!(&e, ArrowError::NullKey { column, row: 1 } if column == "unit"),
        "{e}"
    );
    let e =
        panel_from_long_batch(&long(ok_units.clone(), strs(&[Some("1"), Some("2")]))).unwrap_err();
    assert!(
        matches!(&e, ArrowError::WrongType { column, found, .. } if column == "value" && found == "Utf8"),
        "{e}"
    );
    let no_period = batch(vec![
        ("unit", ok_units.clone()),
        ("indicator", ok_units.clone()),
    ]);
    let e = panel_from_long_batch(&no_period).unwrap_err();
    assert!(
        matches!(&e, ArrowError::MissingColumn { column } if column == "period"),
        "{e}"
    );
    let dup = batch(vec![
        ("unit", ok_units.clone()),
        ("indicator", strs(&[Some("x"), Some("x")])),
        ("period", Arc::new(Int32Array::from(vec![2000, 2000]))),
        ("value", Arc::new(Float64Array::from(vec![Some(1.0), None]))),
    ]);
    let e = panel_from_long_batch(&dup).unwrap_err();
    assert!(
        matches!(
            &e,
            ArrowError::Indicators(IndicatorsError::DuplicateCell { period: 2000, .. })
        ),
        "{e}"
    );
    let conflict = batch(vec![
        ("unit", ok_units.clone()),
        ("indicator", strs(&[Some("x"), Some("x")])),
        ("period", Arc::new(Int32Array::from(vec![2000, 2001]))),
        ("value", Arc::new(Float64Array::from(vec![1.0, 2.0]))),
        ("unit_group", strs(&[Some("g1"), Some("g2")])),
    ]);
    let e = panel_from_long_batch(&conflict).unwrap_err();
    assert!(
        matches!(&e, ArrowError::ConflictingMetadata { column, unit, .. } if column == "unit_group" && unit == "A"),
        "{e}"
    );
    let big = batch(vec![
        ("unit", ok_units),
        ("period", Arc::new(Int64Array::from(vec![2000, 1 << 40]))),
        ("x", Arc::new(Float64Array::from(vec![1.0, 2.0]))),
    ]);
    let e = panel_from_wide_batch(&big).unwrap_err();
    assert!(
        matches!(&e, ArrowError::PeriodOutOfRange { row: 1, .. }),
        "{e}"
    );
}

#[test]
fn an_indicator_named_like_a_key_column_is_rejected_in_the_wide_layout() {
    let mut b = Panel::builder(vec![Unit::new("A")], vec!["period".into()], vec![1]).unwrap();
    b.set("A", "period", 1, 1.0).unwrap();
    let e = panel_to_wide_batch(&b.build()).unwrap_err();
    assert!(
        matches!(&e, ArrowError::DuplicateColumn { column } if column == "period"),
        "{e}"
    );
}
