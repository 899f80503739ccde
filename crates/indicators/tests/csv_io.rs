//! CSV/JSON I/O: errors with file, line and column; round trips of panels and frameworks.

use mfg_quality_indicators::io::*;
use mfg_quality_indicators::{Framework, IndicatorsError, Panel, Unit, catalogue};

const H: &str = "unit,indicator,period,value\n";

fn long(text: &str) -> mfg_quality_indicators::Result<Panel> {
    read_long_csv_str(text, &CsvOptions::new())
}

/// Asserts a `Parse` error at (line, column) whose message contains `needle`.
fn parse_at(
    r: mfg_quality_indicators::Result<impl std::fmt::Debug>,
    line: u64,
    column: u64,
    needle: &str,
) {
    match r {
        Err(IndicatorsError::Parse {
            path,
            line: l,
            column: c,
            message,
        }) => {
            assert_eq!((l, c), (line, column), "{message}");
            assert!(message.contains(needle), "`{message}` lacks `{needle}`");
            assert_eq!(path.to_str(), Some(STRING_LABEL));
        }
        other => panic!("expected Parse at {line}:{column}, got {other:?}"),
    }
}

/// Asserts a `Located` error at (line, column) and returns its inner error.
fn located_at(
    r: mfg_quality_indicators::Result<impl std::fmt::Debug>,
    line: u64,
    column: u64,
) -> IndicatorsError {
    let e = r.expect_err("expected an error");
    assert!(matches!(e, IndicatorsError::Located { .. }), "{e:?}");
    assert_eq!(e.position(), Some((line, column)), "{e}");
    e.inner().clone()
}

#[test]
fn long_reads_missing_and_orders() {
    let p = long(&format!(
        "{H}US,b,2015,1.5\nCN,a,2014, NA \nCN,b,2014,\n CN , a ,2015,2e3\nJP,a,2013,n/a\n"
    ))
    .unwrap();
    let codes: Vec<&str> = p.units().iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes, ["US", "CN", "JP"]);
    assert_eq!(p.indicators(), ["b", "a"]);
    assert_eq!(p.periods(), [2013, 2014, 2015]);
    assert_eq!(p.value("CN", "a", 2015).unwrap(), Some(2000.0));
    assert_eq!(p.value("CN", "a", 2014).unwrap(), None);
    assert_eq!(p.value("US", "b", 2015).unwrap(), Some(1.5));
    assert_eq!(p.missing_count(), 3 * 2 * 3 - 2);
}

#[test]
fn long_ragged_rows() {
    parse_at(
        long(&format!("{H}CN,a,2015,1\nUS,a,2015\n")),
        3,
        4,
        "ragged",
    );
    parse_at(long(&format!("{H}CN,a,2015,1,9\n")), 2, 5, "ragged");
}

#[test]
fn long_non_numeric() {
    parse_at(
        long(&format!("{H}CN,a,2015,1\nUS,a,2015,abc\n")),
        3,
        4,
        "not a number",
    );
    parse_at(long(&format!("{H}CN,a,20x5,1\n")), 2, 3, "not an integer");
    // Columns follow the header order.
    parse_at(
        long("value,period,indicator,unit\n1x,2015,a,CN\n"),
        2,
        1,
        "not a number",
    );
}

#[test]
fn long_nan_and_inf() {
    for bad in ["nan", "NaN", "inf", "-inf", "Infinity"] {
        let inner = located_at(long(&format!("{H}CN,a,2015,{bad}\n")), 2, 4);
        assert!(
            matches!(inner, IndicatorsError::NonFinite { ref unit, period: 2015, .. } if unit == "CN"),
            "{inner:?}"
        );
    }
}

#[test]
fn long_duplicate_cell() {
    let inner = located_at(
        long(&format!("{H}CN,a,2015,1\nUS,a,2015,2\nCN,a,2015,3\n")),
        4,
        0,
    );
    assert_eq!(
        inner,
        IndicatorsError::DuplicateCell {
            unit: "CN".into(),
            indicator: "a".into(),
            period: 2015
        }
    );
    // A blank repeated is a duplicate too.
    located_at(long(&format!("{H}CN,a,2015,\nCN,a,2015,1\n")), 3, 0);
}

#[test]
fn long_unknown_indicator_with_framework() {
    let fw = catalogue::micro_quality_efficiency();
    let opts = CsvOptions::new().with_framework(&fw);
    let text = format!("{H}firm1,QLR,2015,1.2\nfirm1,XYZ,2015,3\n");
    let inner = located_at(read_long_csv_str(&text, &opts), 3, 2);
    assert_eq!(
        inner,
        IndicatorsError::UnknownIndicator {
            indicator: "XYZ".into()
        }
    );
    // Known indicators: framework order, all present as columns.
    let p = read_long_csv_str(
        &format!("{H}firm1,CEPR,2015,8\nfirm1,QLR,2015,1.2\n"),
        &opts,
    )
    .unwrap();
    assert_eq!(p.indicators(), ["QLR", "QCR", "CEPR"]);
    assert_eq!(p.value("firm1", "QCR", 2015).unwrap(), None);
}

#[test]
fn long_header_problems() {
    parse_at(
        long("unit,indicator,year,value\nCN,a,2015,1\n"),
        1,
        0,
        "period",
    );
    parse_at(long(H), 1, 0, "no data rows");
    // BOM, other delimiter, extra columns ignored.
    let p = read_long_csv_str(
        "\u{feff}Unit;Indicator;Period;Value;source\nCN;a;2015;1,5;x\n",
        &CsvOptions::new().with_delimiter(b';'),
    );
    // "1,5" is not a number (no locale decimal commas).
    parse_at(p, 2, 4, "not a number");
    let p = read_long_csv_str(
        "\u{feff}Unit;Indicator;Period;Value;source\nCN;a;2015;1.5;x\n",
        &CsvOptions::new().with_delimiter(b';'),
    )
    .unwrap();
    assert_eq!(p.value("CN", "a", 2015).unwrap(), Some(1.5));
}

#[test]
fn long_unit_metadata() {
    let p = long(
        "unit,indicator,period,value,unit_name_en,unit_name_zh,unit_group\n\
         CN-GD,a,2015,1,Guangdong,广东,East\nCN-GD,b,2015,2,,,\nCN-SC,a,2015,3,Sichuan,四川,West\n",
    )
    .unwrap();
    assert_eq!(
        p.units()[0],
        Unit::new("CN-GD")
            .with_names("Guangdong", "广东")
            .with_group("East")
    );
    assert_eq!(p.units()[1].group.as_deref(), Some("West"));
    parse_at(
        long("unit,indicator,period,value,unit_group\nA,a,1,1,East\nA,b,1,1,West\n"),
        3,
        5,
        "conflicting",
    );
}

#[test]
fn errors_name_the_file() {
    let dir = std::env::temp_dir().join(format!("mfgq-io-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.csv");
    std::fs::write(&path, format!("{H}CN,a,2015,1\nCN,a,2016,x\n")).unwrap();
    let e = read_long_csv(&path, &CsvOptions::new()).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("bad.csv:3:4"), "{msg}");
    let missing = dir.join("absent.csv");
    assert!(matches!(
        read_long_csv(&missing, &CsvOptions::new()),
        Err(IndicatorsError::Io { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wide_reads_and_errors() {
    let opts = CsvOptions::new();
    let p = read_wide_csv_str(
        "unit,period,x,y\nA,2015,1,\nB,2015,NA,2\nA,2014,3,4\n",
        &opts,
    )
    .unwrap();
    assert_eq!(p.periods(), [2014, 2015]);
    assert_eq!(p.indicators(), ["x", "y"]);
    assert_eq!(p.value("A", "y", 2015).unwrap(), None);
    assert_eq!(p.value("B", "y", 2015).unwrap(), Some(2.0));
    parse_at(
        read_wide_csv_str("unit,period,x,y\nA,2015,1,z\n", &opts),
        2,
        4,
        "not a number",
    );
    parse_at(
        read_wide_csv_str("unit,period,x,y\nA,2015,1\n", &opts),
        2,
        4,
        "ragged",
    );
    parse_at(
        read_wide_csv_str("unit,period,x,y\nA,2015,1,2\nA,2015,3,4\n", &opts),
        3,
        0,
        "duplicate row",
    );
    parse_at(
        read_wide_csv_str("unit,period,x,x\nA,2015,1,2\n", &opts),
        1,
        4,
        "duplicate indicator",
    );
    parse_at(read_wide_csv_str("unit,x\nA,1\n", &opts), 1, 0, "period");
    let inner = located_at(
        read_wide_csv_str("unit,period,x\nA,2015,inf\n", &opts),
        2,
        3,
    );
    assert!(matches!(inner, IndicatorsError::NonFinite { .. }));
    // No period column: every row gets the given period.
    let p = read_wide_csv_str("unit,x\nA,1\n", &CsvOptions::new().with_period(2015)).unwrap();
    assert_eq!(p.value("A", "x", 2015).unwrap(), Some(1.0));
    // Framework check on the header.
    let fw = catalogue::current_quality_indicators();
    let inner = located_at(
        read_wide_csv_str(
            "unit,period,PQPR,foo\nA,2015,1,2\n",
            &CsvOptions::new().with_framework(&fw),
        ),
        1,
        4,
    );
    assert_eq!(
        inner,
        IndicatorsError::UnknownIndicator {
            indicator: "foo".into()
        }
    );
}

fn sample_panel() -> Panel {
    let mut b = Panel::builder(
        vec![
            Unit::new("CN")
                .with_names("China", "中国")
                .with_group("Asia"),
            Unit::new("a,b \"q\""),
            Unit::new("US"),
        ],
        vec!["x".into(), "y z".into()],
        vec![-1, 2014, 2015],
    )
    .unwrap();
    b.set("CN", "x", 2014, 0.1 + 0.2).unwrap();
    b.set("a,b \"q\"", "y z", -1, -1e-300).unwrap();
    b.set("US", "x", 2015, 1e300).unwrap();
    b.set("US", "y z", 2015, 123_456_789.123_456_79).unwrap();
    b.build()
}

#[test]
fn long_round_trip() {
    let p = sample_panel();
    let text = write_long_csv_str(&p).unwrap();
    assert_eq!(long(&text).unwrap(), p);
    // Through a file.
    let path = std::env::temp_dir().join(format!("mfgq-long-{}.csv", std::process::id()));
    write_long_csv_path(&p, &path).unwrap();
    assert_eq!(read_long_csv(&path, &CsvOptions::new()).unwrap(), p);
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn wide_round_trip() {
    let p = sample_panel();
    let text = write_wide_csv_str(&p).unwrap();
    assert_eq!(read_wide_csv_str(&text, &CsvOptions::new()).unwrap(), p);
    let path = std::env::temp_dir().join(format!("mfgq-wide-{}.csv", std::process::id()));
    write_wide_csv_path(&p, &path).unwrap();
    assert_eq!(read_wide_csv(&path, &CsvOptions::new()).unwrap(), p);
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn framework_json_round_trip() {
    for fw in [catalogue::manufacturing_power_index(), catalogue::mqci()] {
        let json = write_framework_json_str(&fw).unwrap();
        assert_eq!(read_framework_json_str(&json).unwrap(), fw);
    }
    // Malformed JSON: line and column.
    let e = read_framework_json_str("{\n  \"id\": \"I\",\n  \"weight\": x\n}").unwrap_err();
    assert_eq!(e.position().map(|p| p.0), Some(3));
    // Valid JSON, invalid framework.
    assert!(matches!(
        read_framework_json_str(r#"{"id":"I","children":[]}"#),
        Err(IndicatorsError::EmptyGroup { .. })
    ));
}

#[test]
fn framework_csv_round_trip() {
    for fw in [
        catalogue::manufacturing_power_index(),
        catalogue::mqci(),
        catalogue::current_quality_indicators(),
    ] {
        let text = write_framework_csv_str(&fw).unwrap();
        let back = read_framework_csv_str(&text).unwrap();
        assert_eq!(back.to_spec(), fw.to_spec());
    }
    let path = std::env::temp_dir().join(format!("mfgq-fw-{}.csv", std::process::id()));
    let fw = catalogue::mqci();
    write_framework_csv_path(&fw, &path).unwrap();
    assert_eq!(read_framework_csv(&path).unwrap().to_spec(), fw.to_spec());
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn framework_csv_coinr_columns() {
    // COINr iMeta column names (iCode, iName, Level, Parent, Direction, Weight, Type).
    let fw = read_framework_csv_str(
        "iCode,iName,Level,Parent,Direction,Weight,Type\n\
         Index,Index,3,,,,Aggregate\nP1,Pillar,2,Index,,2,Aggregate\n\
         x1,X one,1,P1,-1,1,Indicator\nx2,X two,1,P1,1,3,Indicator\n",
    )
    .unwrap();
    assert_eq!(fw.indicator_ids(), ["x1", "x2"]);
    let x1 = fw.node(fw.find("x1").unwrap()).indicator().unwrap();
    assert_eq!(x1.polarity, mfg_quality_indicators::Polarity::Negative);
    assert!((fw.effective_weight(fw.find("x2").unwrap()) - 0.75).abs() < 1e-12);
}

const MH: &str = "id,name_en,parent,level,weight,direction\n";

fn meta(body: &str) -> mfg_quality_indicators::Result<Framework> {
    read_framework_csv_str(&format!("{MH}{body}"))
}

#[test]
fn framework_csv_errors() {
    // Orphan: line 4, parent column 3.
    let inner = located_at(meta("I,,,2,,\na,,I,1,,\nb,,X,1,,\n"), 4, 3);
    assert!(
        matches!(inner, IndicatorsError::Orphan { ref node, ref parent } if node == "b" && parent == "X")
    );
    // Cycle: G ↔ H (lines 4 and 5).
    let e = meta("I,,,3,,\na,,I,1,,\nG,,H,2,,\nH,,G,2,,\n").unwrap_err();
    // (levels are checked first: G's level 2 is not below H's level 2)
    assert!(
        matches!(
            e,
            IndicatorsError::Parse {
                line: 4,
                column: 4,
                ..
            }
        ),
        "{e:?}"
    );
    let no_levels = "id,parent,type\nI,,Aggregate\na,I,Indicator\nG,H,Aggregate\nH,G,Aggregate\n";
    let e = read_framework_csv_str(no_levels).unwrap_err();
    assert!(matches!(e.inner(), IndicatorsError::Cycle { .. }), "{e:?}");
    assert!(matches!(e.position(), Some((4 | 5, 2))), "{e:?}");
    // Duplicate id: second occurrence, id column.
    let inner = located_at(meta("I,,,2,,\na,,I,1,,\na,,I,1,,\n"), 4, 1);
    assert!(matches!(inner, IndicatorsError::DuplicateId { .. }));
    // Negative weight: from_flat's InvalidWeight located at the weight column.
    let inner = located_at(meta("I,,,2,,\na,,I,1,-1,\n"), 3, 5);
    assert!(matches!(inner, IndicatorsError::InvalidWeight { .. }));
    // Empty group (a level-2 node without children).
    let inner = located_at(meta("I,,,3,,\nP,,I,2,,\nQ,,I,2,,\na,,P,1,,\n"), 4, 4);
    assert!(matches!(inner, IndicatorsError::EmptyGroup { ref node } if node == "Q"));
    // Bad cells.
    parse_at(meta("I,,,two,,\n"), 2, 4, "level");
    parse_at(meta("I,,,2,,\na,,I,1,heavy,\n"), 3, 5, "weight");
    parse_at(meta("I,,,2,,\na,,I,1,nan,\n"), 3, 5, "finite");
    parse_at(meta("I,,,2,,\na,,I,1,,up\n"), 3, 6, "direction");
    parse_at(meta("I,,,2,,\na,,I,2,,\n"), 3, 4, "not below");
    parse_at(meta("I,,,2,,\na,,I,1,\n"), 3, 6, "ragged");
    parse_at(read_framework_csv_str("id,parent\nI,\n"), 1, 0, "level");
    // Several roots: not tied to one line.
    assert!(matches!(
        meta("I,,,2,,\na,,I,1,,\nJ,,,2,,\nb,,J,1,,\n"),
        Err(IndicatorsError::RootCount { count: 2, .. })
    ));
}
