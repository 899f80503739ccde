//! The bad-input corpus of `mfg-quality-elasticity`: every reader and public method fed malformed,
//! degenerate or hostile input returns a named error (matched by variant or `kind()`) or a documented
//! outcome; none panics and none returns a non-finite number.
//!
//! One `#[test]` per case (the `bad!` / `ok!` macros), so the count of cases is the count of tests.

// Exact comparisons on purpose: the documented outcomes are exact values (0, 1, f64::MAX, sums of
// exactly representable numbers).
#![allow(clippy::float_cmp)]

use std::collections::HashMap;

use mfg_quality_elasticity::aiginger::{ShareBasis, quadrants};
use mfg_quality_elasticity::concordance::{Concordance, Industry, Mode};
use mfg_quality_elasticity::decomposition::ShiftShare;
use mfg_quality_elasticity::quality_elasticity::{
    ElasticityParams, InsufficientPolicy, Response, within_regression,
};
use mfg_quality_elasticity::reader::{
    BadRowPolicy, ColumnNames, CsvLayout, DuplicatePolicy, LoadReport, ReadOptions, read_cells,
    read_flows,
};
use mfg_quality_elasticity::segments::{SegmentParams, SegmentShares, segment_cells};
use mfg_quality_elasticity::structure::class_shares;
use mfg_quality_elasticity::synthetic::{SyntheticConfig, generate};
use mfg_quality_elasticity::unit_value::{
    Reference, WorldWeighting, gap_ratio, industry_unit_values, unit_values,
};
use mfg_quality_elasticity::{ElasticityError, Side, TradeFlow, TradeFlows};
use mfg_quality_indicators::ErrorKind;

/// The case must fail with an error of this kind (and, optionally, pass `$check`).
macro_rules! bad {
    ($name:ident, $e:expr, $kind:expr) => {
        bad!($name, $e, $kind, |_| true);
    };
    ($name:ident, $e:expr, $kind:expr, $check:expr) => {
        #[test]
        fn $name() {
            let err = match $e {
                Ok(v) => panic!("{}: expected an error, got {v:?}", stringify!($name)),
                Err(e) => e,
            };
            assert_eq!(err.kind(), $kind, "{}: {err}", stringify!($name));
            assert!(!err.to_string().is_empty());
            let check: fn(&ElasticityError) -> bool = $check;
            assert!(check(&err), "{}: {err:?} / {err}", stringify!($name));
        }
    };
}

/// The case has a documented outcome, checked by `$check`.
macro_rules! ok {
    ($name:ident, $e:expr, $check:expr) => {
        #[test]
        fn $name() {
            let v = $e;
            let check: &dyn Fn(&_) -> bool = &$check;
            assert!(check(&v), "{}: {v:?}", stringify!($name));
        }
    };
}

const H: &str = "t,i,j,k,v,q\n";

fn d() -> ReadOptions {
    ReadOptions::default()
}

fn with(f: impl FnOnce(&mut ReadOptions)) -> ReadOptions {
    let mut o = d();
    f(&mut o);
    o
}

fn flows(csv: &str, o: &ReadOptions) -> Result<(TradeFlows, LoadReport), ElasticityError> {
    read_flows(csv.as_bytes(), o)
}

fn msg(e: &ElasticityError) -> String {
    e.to_string()
}

fn flow(y: u16, e: &str, m: &str, p: &str, v: f64, q: f64) -> TradeFlow {
    TradeFlow {
        year: y,
        exporter: e.into(),
        importer: m.into(),
        product: p.into(),
        value: v,
        quantity: q,
    }
}

// ---- trade reader: header and layout
bad!(header_empty_input, flows("", &d()), ErrorKind::Parse);
bad!(
    header_wrong_names,
    flows("year,i,j,k,v,q\n", &d()),
    ErrorKind::Parse,
    |e| matches!(e, ElasticityError::Layout { missing, found, .. } if missing == &["t"] && found.len() == 6)
        && msg(e).contains("`year`, `i`, `j`")
);
bad!(
    header_semicolon_file,
    flows("t;i;j;k;v;q\n2015;156;276;847130;1;1\n", &d()),
    ErrorKind::Parse,
    |e| msg(e).contains("looks semicolon-delimited")
        && msg(e).contains("b';'")
        && matches!(e, ElasticityError::Layout { missing, .. } if missing.len() == 6)
);
bad!(
    header_tab_file,
    flows("t\ti\tj\tk\tv\tq\n", &d()),
    ErrorKind::Parse,
    |e| msg(e).contains("tab-delimited")
);
bad!(
    header_comma_file_read_as_semicolon,
    flows("t,i,j,k,v,q\n", &with(|o| o.delimiter = b';')),
    ErrorKind::Parse,
    |e| msg(e).contains("comma-delimited")
);
bad!(
    header_named_layout_missing_two,
    flows(
        "year,exporter,importer,product\n",
        &with(|o| o.layout = CsvLayout::Named(ColumnNames::default()))
    ),
    ErrorKind::Parse,
    |e| matches!(e, ElasticityError::Layout { missing, .. } if missing == &["value", "quantity"])
);
ok!(
    header_with_bom_loads,
    flows(&format!("\u{feff}{H}2015,156,276,847130,1,1\n"), &d())
        .unwrap()
        .1,
    |r: &LoadReport| r.rows_kept == 1
);

// ---- trade reader: rows
bad!(
    row_ragged_short,
    flows(&format!("{H}2015,156,276\n"), &d()),
    ErrorKind::Parse,
    |e| *e
        == ElasticityError::RaggedRow {
            line: 2,
            expected: 6,
            found: 3
        }
        && !msg(e).contains("column 0")
);
bad!(
    row_ragged_long,
    flows(&format!("{H}2015,156,276,847130,1,1,9\n"), &d()),
    ErrorKind::Parse,
    |e| matches!(e, ElasticityError::RaggedRow { found: 7, .. })
);
ok!(
    row_ragged_skipped_under_skip,
    flows(
        &format!("{H}2015,156\n2015,156,276,847130,1,1\n"),
        &with(|o| o.bad_rows = BadRowPolicy::Skip)
    )
    .unwrap()
    .1,
    |r: &LoadReport| r.malformed == 1 && r.rows_kept == 1
);
bad!(
    row_value_text,
    flows(&format!("{H}2015,156,276,847130,abc,1\n"), &d()),
    ErrorKind::Parse
);
bad!(
    row_year_text,
    flows(&format!("{H}20x5,156,276,847130,1,1\n"), &d()),
    ErrorKind::Parse
);
bad!(
    row_year_too_large,
    flows(&format!("{H}70000,156,276,847130,1,1\n"), &d()),
    ErrorKind::Parse
);
bad!(
    row_empty_exporter,
    flows(&format!("{H}2015,,276,847130,1,1\n"), &d()),
    ErrorKind::Parse
);
bad!(
    row_empty_product,
    flows(&format!("{H}2015,156,276,,1,1\n"), &d()),
    ErrorKind::Parse
);
bad!(
    row_negative_quantity,
    flows(&format!("{H}2015,156,276,847130,1,-1\n"), &d()),
    ErrorKind::InvalidValue
);
bad!(
    row_nan_value,
    flows(&format!("{H}2015,156,276,847130,NaN,1\n"), &d()),
    ErrorKind::InvalidValue
);
bad!(
    row_inf_quantity,
    flows(&format!("{H}2015,156,276,847130,1,inf\n"), &d()),
    ErrorKind::InvalidValue
);
bad!(
    row_overflowing_literal,
    flows(&format!("{H}2015,156,276,847130,1e400,1\n"), &d()),
    ErrorKind::InvalidValue
);
bad!(
    row_invalid_utf8_value,
    read_flows(&b"t,i,j,k,v,q\n2015,156,276,847130,\xff,1\n"[..], &d()),
    ErrorKind::Parse
);
bad!(
    row_unbalanced_quote,
    flows(
        &format!("{H}2015,156,\"276,847130,1,1\n2015,156,276,847130,1,1\n"),
        &d()
    ),
    ErrorKind::Parse
);
ok!(
    row_zero_and_blank_counted,
    flows(
        &format!("{H}2015,156,276,847130,0,1\n2015,156,40,847130,1,\n"),
        &d()
    )
    .unwrap()
    .1,
    |r: &LoadReport| r.zero_value == 1 && r.missing_quantity == 1 && r.rows_kept == 0
);
ok!(
    row_unicode_and_long_codes,
    flows(
        &format!("{H}2015,中国{},276,847130,1,1\n", "x".repeat(10_000)),
        &d()
    )
    .unwrap()
    .0,
    |f: &TradeFlows| f.flow(0).exporter.starts_with("中国")
);

// ---- trade reader: duplicates
const DUP: &str = "t,i,j,k,v,q\n2015,156,276,847130,10,1\n2015,156,276,847130,5,1\n";
bad!(
    dup_default_is_error,
    flows(DUP, &d()),
    ErrorKind::Duplicate,
    |e| matches!(
        e,
        ElasticityError::DuplicateFlow {
            line: 3,
            first_line: 2,
            ..
        }
    )
);
ok!(
    dup_sum_counts,
    flows(DUP, &with(|o| o.duplicates = DuplicatePolicy::Sum)).unwrap(),
    |(f, r): &(TradeFlows, LoadReport)| r.duplicates == 1
        && r.rows_kept == 2
        && f.cells().values() == [15.0]
);
ok!(
    dup_keep_first_counts,
    flows(DUP, &with(|o| o.duplicates = DuplicatePolicy::KeepFirst)).unwrap(),
    |(f, r): &(TradeFlows, LoadReport)| r.duplicates == 1
        && r.rows_kept == 1
        && f.values() == [10.0]
);
ok!(
    dup_unchecked_sums_silently,
    read_cells(
        DUP.as_bytes(),
        &with(|o| o.duplicates = DuplicatePolicy::Unchecked)
    )
    .unwrap(),
    |a: &mfg_quality_elasticity::reader::Aggregated| a.report.duplicates == 0
        && a.exports.values() == [15.0]
);
bad!(
    dup_code_variants_are_the_same_flow,
    flows(
        "t,i,j,k,v,q\n2015,40,276,10121,1,1\n2015,040,276,010121,1,1\n",
        &d()
    ),
    ErrorKind::Duplicate
);
ok!(
    dup_skipped_rows_do_not_count,
    flows(
        "t,i,j,k,v,q\n2015,156,276,847130,10,\n2015,156,276,847130,5,1\n",
        &d()
    )
    .unwrap()
    .1,
    |r: &LoadReport| r.duplicates == 0 && r.rows_kept == 1
);

// ---- sums beyond f64::MAX
const BIG: &str = "t,i,j,k,v,q\n2015,156,276,847130,1e308,1\n2015,156,40,847130,1e308,1\n";
bad!(
    overflow_cell_sum_streamed,
    read_cells(BIG.as_bytes(), &d()),
    ErrorKind::InvalidValue,
    |e| matches!(e, ElasticityError::Overflow { exporter, product, year: 2015, location, .. }
        if exporter == "156" && product == "847130" && location == "line 3")
        && msg(e).contains("cell's Σ value")
);
bad!(
    overflow_total_of_flows,
    flows(BIG, &d()),
    ErrorKind::InvalidValue,
    |e| matches!(e, ElasticityError::Overflow { exporter, .. } if exporter == "156")
);
bad!(
    overflow_total_across_cells,
    read_cells(
        "t,i,j,k,v,q\n2015,156,276,847130,1e308,1\n2015,276,156,847130,1e308,1\n".as_bytes(),
        &d()
    ),
    ErrorKind::InvalidValue,
    |e| msg(e).contains("running total")
);
bad!(
    overflow_quantity_sum,
    read_cells(
        "t,i,j,k,v,q\n2015,156,276,847130,1,1e308\n2015,156,40,847130,1,1e308\n".as_bytes(),
        &d()
    ),
    ErrorKind::InvalidValue,
    |e| msg(e).contains("Σ quantity")
);
bad!(
    overflow_unit_value_of_a_flow,
    flows(&format!("{H}2015,156,276,847130,1e300,1e-10\n"), &d()),
    ErrorKind::InvalidValue,
    |e| msg(e).contains("unit value")
);
bad!(
    overflow_import_cell,
    read_cells(
        "t,i,j,k,v,q\n2015,156,276,847130,1e308,1\n2015,40,276,847130,1e308,1\n".as_bytes(),
        &with(|o| o.imports = true)
    ),
    ErrorKind::InvalidValue,
    |e| matches!(e, ElasticityError::Overflow { exporter, .. } if exporter == "276")
);
bad!(
    overflow_push_total,
    {
        let mut f = TradeFlows::new();
        f.push(&flow(2015, "A", "B", "8471", 1e308, 1.0)).unwrap();
        f.push(&flow(2015, "C", "B", "8471", 1e308, 1.0))
    },
    ErrorKind::InvalidValue,
    |e| matches!(e, ElasticityError::Overflow { exporter, product, .. }
    if exporter == "C" && product == "8471")
);
bad!(
    overflow_push_unit_value,
    TradeFlows::new().push(&flow(2015, "A", "B", "8471", 1e300, 1e-300)),
    ErrorKind::InvalidValue
);
ok!(
    huge_values_below_the_limit_give_finite_shares,
    {
        let csv = "t,i,j,k,v,q\n2015,156,276,847130,8e307,1\n2015,276,156,847130,8e307,3\n";
        let a = read_cells(csv.as_bytes(), &d()).unwrap();
        let uv = unit_values(&a.exports, &Reference::World(WorldWeighting::Value)).unwrap();
        let t = segment_cells(&a.exports, &uv, &SegmentParams::default(), None).unwrap();
        (uv, t.rows())
    },
    |(uv, rows): &(
        mfg_quality_elasticity::unit_value::UnitValues,
        Vec<mfg_quality_elasticity::segments::SegmentRow>
    )| uv
        .reference
        .iter()
        .chain(&uv.unit_value)
        .all(|v| v.is_finite())
        && rows.iter().all(
            |r| [r.shares.high, r.shares.medium, r.shares.low, r.shares.value]
                .iter()
                .all(|v| v.is_finite())
        )
);
ok!(
    value_weighted_industry_unit_value_does_not_overflow,
    {
        let rows = [
            flow(2015, "A", "W", "847130", 1e300, 1e-5),
            flow(2015, "A", "W", "847120", 1e300, 1e-5),
        ];
        let cells = TradeFlows::from_flows(&rows).unwrap().0.cells();
        let uv = unit_values(&cells, &Reference::default()).unwrap();
        let map = Concordance::hs_chapters(Mode::Lenient)
            .map_products(cells.products())
            .unwrap();
        industry_unit_values(&cells, &uv, &map)
    },
    |r: &Vec<mfg_quality_elasticity::unit_value::IndustryUnitValue>| r.len() == 1
        && r[0].value_weighted_unit_value.is_finite()
        && r[0].value_weighted_unit_value > 0.0
);
bad!(
    overflow_aiginger_ratio,
    {
        let rows = [
            flow(2015, "A", "B", "8471", 1e300, 1e-7),
            flow(2015, "B", "A", "8471", 1e-300, 1e7),
        ];
        let f = TradeFlows::from_flows(&rows).unwrap().0;
        quadrants(
            &f.cells_by(Side::Exporter),
            &f.cells_by(Side::Importer),
            ShareBasis::Exports,
        )
    },
    ErrorKind::InvalidValue,
    |e| msg(e).contains("UV_X/UV_M")
);

// ---- in-memory flows
bad!(
    push_nan_value,
    TradeFlows::new().push(&flow(2015, "A", "B", "8471", f64::NAN, 1.0)),
    ErrorKind::InvalidValue
);
bad!(
    push_negative_quantity,
    TradeFlows::new().push(&flow(2015, "A", "B", "8471", 1.0, -1.0)),
    ErrorKind::InvalidValue
);
bad!(
    push_empty_product,
    TradeFlows::new().push(&flow(2015, "A", "B", "  ", 1.0, 1.0)),
    ErrorKind::Parse
);
ok!(
    push_zero_quantity_is_skipped,
    TradeFlows::new()
        .push(&flow(2015, "A", "B", "8471", 1.0, 0.0))
        .unwrap(),
    |&kept: &bool| !kept
);
bad!(
    product_code_empty,
    mfg_quality_elasticity::flows::normalise_product_code("\"\""),
    ErrorKind::Parse
);

// ---- unit values, segments
bad!(
    reference_exporter_unknown,
    unit_values(
        &small_cells(),
        &Reference::Exporter {
            code: "ZZ".into(),
            skip_missing: false
        }
    ),
    ErrorKind::NotFound
);
bad!(
    reference_exporter_absent,
    unit_values(
        &small_cells(),
        &Reference::Exporter {
            code: "B".into(),
            skip_missing: false
        }
    ),
    ErrorKind::NotFound
);
bad!(
    gap_ratio_zero,
    gap_ratio(1.0, 0.0),
    ErrorKind::InvalidParameter
);
bad!(
    gap_ratio_nan,
    gap_ratio(f64::NAN, 1.0),
    ErrorKind::InvalidValue
);
bad!(
    segment_alpha_negative,
    SegmentParams::new(-0.1),
    ErrorKind::InvalidParameter
);
bad!(
    segment_alpha_nan,
    SegmentParams::new(f64::NAN),
    ErrorKind::InvalidParameter
);
bad!(
    shares_above_one,
    SegmentShares::from_high_low(0.8, 0.5),
    ErrorKind::InvalidParameter
);
bad!(
    segment_cells_foreign_unit_values,
    {
        let uv = unit_values(&small_cells(), &Reference::default()).unwrap();
        let other = TradeFlows::from_flows(&[flow(2015, "A", "W", "01", 1.0, 1.0)])
            .unwrap()
            .0
            .cells();
        segment_cells(&other, &uv, &SegmentParams::default(), None)
    },
    ErrorKind::Shape
);

// ---- concordances
bad!(
    concordance_missing_column,
    Concordance::read_csv("prefix,name\n84,M\n".as_bytes(), Mode::Strict),
    ErrorKind::Parse
);
bad!(
    concordance_empty_prefix,
    Concordance::read_csv("prefix,industry,name\n,m,M\n".as_bytes(), Mode::Strict),
    ErrorKind::Parse
);
bad!(
    concordance_conflicting_prefix,
    Concordance::read_csv(
        "prefix,industry,name\n84,m,M\n84,c,C\n".as_bytes(),
        Mode::Strict
    ),
    ErrorKind::Parse
);
bad!(
    concordance_non_alphanumeric,
    Concordance::new(
        vec![Industry {
            id: "m".into(),
            name: "M".into(),
            manufacturing: true
        }],
        &[("8-4", "m")],
        Mode::Strict
    ),
    ErrorKind::Parse
);
bad!(
    concordance_strict_unknown_product,
    Concordance::hs_chapters(Mode::Strict).industry_of("ZZ9999"),
    ErrorKind::NotFound
);
bad!(
    concordance_invalid_utf8,
    Concordance::read_csv(&b"prefix,industry,name\n84,\xff,M\n"[..], Mode::Strict),
    ErrorKind::Parse
);

// ---- elasticity regression and its parameters
bad!(
    params_significance_one,
    ElasticityParams::new(
        Response::LogMarketShare,
        1.0,
        0.0,
        0.0,
        5,
        InsufficientPolicy::Error
    ),
    ErrorKind::InvalidParameter
);
bad!(
    params_min_exporters_one,
    ElasticityParams::new(
        Response::LogMarketShare,
        0.05,
        0.0,
        0.0,
        1,
        InsufficientPolicy::Error
    ),
    ErrorKind::InvalidParameter
);
bad!(
    within_too_few_observations,
    within_regression(&[1.0, 2.0], &[1.0, 2.0], &[0, 0]),
    ErrorKind::Degenerate
);
bad!(
    within_no_variation,
    within_regression(&[1.0; 4], &[1.0, 2.0, 3.0, 5.0], &[0, 0, 0, 0]),
    ErrorKind::Degenerate
);
bad!(
    within_nan,
    within_regression(&[1.0, f64::NAN, 3.0, 4.0], &[1.0, 2.0, 3.0, 5.0], &[0; 4]),
    ErrorKind::InvalidValue
);
bad!(
    within_squares_overflow,
    within_regression(
        &[1e200, -1e200, 3e200, 4e200],
        &[1.0, 2.0, 3.0, 5.0],
        &[0; 4]
    ),
    ErrorKind::InvalidValue
);
bad!(
    within_lengths_differ,
    within_regression(&[1.0, 2.0, 3.0], &[1.0, 2.0], &[0, 0, 0]),
    ErrorKind::Shape
);

// ---- structure and decomposition
bad!(
    class_shares_zero_total,
    class_shares(&[("a", 0.0)], &HashMap::new()),
    ErrorKind::Degenerate
);
bad!(
    class_shares_overflow,
    class_shares(&[("a", f64::MAX), ("b", f64::MAX)], &HashMap::new()),
    ErrorKind::InvalidValue,
    |e| msg(e).contains("industry `b`")
);
bad!(
    class_shares_negative,
    class_shares(&[("a", -1.0)], &HashMap::new()),
    ErrorKind::InvalidValue
);
bad!(
    shift_share_no_industry,
    ShiftShare::new(&[], &[], &[], &[], &[]),
    ErrorKind::Shape
);
bad!(
    shift_share_weights_not_one,
    ShiftShare::new(&["a"], &[0.5], &[1.0], &[0.1], &[0.2]),
    ErrorKind::Shape
);
bad!(
    shift_share_change_overflows,
    ShiftShare::new(&["a"], &[1.0], &[1.0], &[-f64::MAX], &[f64::MAX]),
    ErrorKind::InvalidValue,
    |e| msg(e).contains("industry `a`")
);
bad!(
    shift_share_values_overflow,
    ShiftShare::from_values(
        &["a", "b"],
        &[f64::MAX, f64::MAX],
        &[1.0, 1.0],
        &[0.1, 0.2],
        &[0.1, 0.2]
    ),
    ErrorKind::InvalidValue
);
bad!(
    shift_share_values_zero,
    ShiftShare::from_values(&["a"], &[0.0], &[1.0], &[0.1], &[0.2]),
    ErrorKind::Degenerate
);

// ---- synthetic world
bad!(
    synthetic_no_countries,
    generate(&SyntheticConfig {
        countries: 0,
        ..SyntheticConfig::small(1)
    }),
    ErrorKind::InvalidParameter
);

fn small_cells() -> mfg_quality_elasticity::Cells {
    let rows = [
        flow(2015, "A", "W", "8471", 10.0, 1.0),
        flow(2015, "B", "W", "8471", 30.0, 1.0),
        flow(2015, "A", "W", "8703", 5.0, 1.0),
    ];
    TradeFlows::from_flows(&rows).unwrap().0.cells()
}
