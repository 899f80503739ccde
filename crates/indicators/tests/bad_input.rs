//! The bad-input corpus of `mfg-quality-indicators`: every reader and public method fed malformed,
//! degenerate or hostile input returns a named error (matched by variant or `kind()`) or a documented
//! outcome; none panics and none returns a non-finite number.
//!
//! One `#[test]` per case (the `bad!` / `ok!` macros), so the count of cases is the count of tests.

// Exact comparisons on purpose: the documented outcomes are exact values (0, 1, f64::MAX, sums of
// exactly representable numbers).
#![allow(clippy::float_cmp)]

use mfg_quality_indicators::formulas;
use mfg_quality_indicators::io::{
    CsvOptions, read_framework_csv, read_framework_csv_str, read_framework_json,
    read_framework_json_str, read_long_csv, read_long_csv_from, read_long_csv_str, read_wide_csv,
    read_wide_csv_str,
};
use mfg_quality_indicators::stats::{self, VarianceKind};
use mfg_quality_indicators::{
    ErrorKind, Framework, Indicator, IndicatorsError, NodeSpec, Panel, Unit,
};

/// The case must fail with an error of this kind, whose message is not empty.
macro_rules! bad {
    ($name:ident, $e:expr, $kind:expr) => {
        #[test]
        fn $name() {
            let err = match $e {
                Ok(v) => panic!("{}: expected an error, got {v:?}", stringify!($name)),
                Err(e) => e,
            };
            assert_eq!(err.kind(), $kind, "{}: {err}", stringify!($name));
            assert!(!err.to_string().is_empty());
        }
    };
    ($name:ident, $e:expr, $kind:expr, $check:expr) => {
        #[test]
        fn $name() {
            let err = match $e {
                Ok(v) => panic!("{}: expected an error, got {v:?}", stringify!($name)),
                Err(e) => e,
            };
            assert_eq!(err.kind(), $kind, "{}: {err}", stringify!($name));
            let check: fn(&IndicatorsError) -> bool = $check;
            assert!(check(&err), "{}: {err:?}", stringify!($name));
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

fn o() -> CsvOptions<'static> {
    CsvOptions::new()
}

fn msg(e: &IndicatorsError) -> String {
    e.to_string()
}

const H: &str = "unit,indicator,period,value\n";

// ---- long CSV
bad!(
    long_empty_text,
    read_long_csv_str("", &o()),
    ErrorKind::Parse
);
bad!(
    long_header_only,
    read_long_csv_str(H, &o()),
    ErrorKind::Parse
);
bad!(
    long_missing_value_column,
    read_long_csv_str("unit,indicator,period\nCN,a,1\n", &o()),
    ErrorKind::Parse,
    |e| msg(e).contains("`value`") && msg(e).contains("`unit`, `indicator`, `period`")
);
bad!(
    long_semicolon_file,
    read_long_csv_str("unit;indicator;period;value\nCN;a;2015;1\n", &o()),
    ErrorKind::Parse,
    |e| msg(e).contains("looks semicolon-delimited") && msg(e).contains("with_delimiter(b';')")
);
bad!(
    long_tab_file,
    read_long_csv_str("unit\tindicator\tperiod\tvalue\nCN\ta\t2015\t1\n", &o()),
    ErrorKind::Parse,
    |e| msg(e).contains("looks tab-delimited")
);
bad!(
    long_comma_file_read_as_semicolon,
    read_long_csv_str(
        "unit,indicator,period,value\nCN,a,2015,1\n",
        &o().with_delimiter(b';')
    ),
    ErrorKind::Parse,
    |e| msg(e).contains("looks comma-delimited")
);
bad!(
    long_ragged_short,
    read_long_csv_str(&format!("{H}CN,a,2015\n"), &o()),
    ErrorKind::Parse,
    |e| e.position() == Some((2, 4))
);
bad!(
    long_ragged_long,
    read_long_csv_str(&format!("{H}CN,a,2015,1,9\n"), &o()),
    ErrorKind::Parse
);
bad!(
    long_value_text,
    read_long_csv_str(&format!("{H}CN,a,2015,abc\n"), &o()),
    ErrorKind::Parse
);
bad!(
    long_value_nan,
    read_long_csv_str(&format!("{H}CN,a,2015,NaN\n"), &o()),
    ErrorKind::InvalidValue,
    |e| matches!(e.inner(), IndicatorsError::NonFinite { unit, .. } if unit == "CN")
);
bad!(
    long_value_inf,
    read_long_csv_str(&format!("{H}CN,a,2015,-inf\n"), &o()),
    ErrorKind::InvalidValue
);
bad!(
    long_value_overflowing_literal,
    read_long_csv_str(&format!("{H}CN,a,2015,1e999\n"), &o()),
    ErrorKind::InvalidValue
);
bad!(
    long_period_text,
    read_long_csv_str(&format!("{H}CN,a,20x5,1\n"), &o()),
    ErrorKind::Parse
);
bad!(
    long_period_too_large,
    read_long_csv_str(&format!("{H}CN,a,99999999999,1\n"), &o()),
    ErrorKind::Parse
);
bad!(
    long_period_float,
    read_long_csv_str(&format!("{H}CN,a,2015.5,1\n"), &o()),
    ErrorKind::Parse
);
bad!(
    long_empty_unit,
    read_long_csv_str(&format!("{H},a,2015,1\n"), &o()),
    ErrorKind::Parse
);
bad!(
    long_empty_indicator,
    read_long_csv_str(&format!("{H}CN,,2015,1\n"), &o()),
    ErrorKind::Parse
);
bad!(
    long_duplicate_cell,
    read_long_csv_str(&format!("{H}CN,a,2015,1\nCN,a,2015,2\n"), &o()),
    ErrorKind::Duplicate,
    |e| e.position() == Some((3, 0))
);
bad!(
    long_invalid_utf8,
    read_long_csv_from(
        &b"unit,indicator,period,value\n\xff\xfe,a,2015,1\n"[..],
        "bytes",
        &o()
    ),
    ErrorKind::Parse
);
bad!(
    long_unknown_indicator_under_framework,
    {
        let fw = small_framework();
        read_long_csv_str(&format!("{H}CN,zz,2015,1\n"), &o().with_framework(&fw)).map(|_| ())
    },
    ErrorKind::NotFound
);
bad!(
    long_unbalanced_quote_is_ragged,
    read_long_csv_str(&format!("{H}CN,\"a,2015,1\nUS,a,2015,2\n"), &o()),
    ErrorKind::Parse
);
bad!(
    long_conflicting_unit_name,
    read_long_csv_str(
        "unit,indicator,period,value,unit_name_en\nCN,a,2015,1,China\nCN,a,2016,1,Chile\n",
        &o()
    ),
    ErrorKind::Parse
);
bad!(
    long_missing_file,
    read_long_csv("/nonexistent/dir/panel.csv", &o()),
    ErrorKind::Io
);
ok!(
    long_bom_header_loads,
    read_long_csv_str(&format!("\u{feff}{H}CN,a,2015,1\n"), &o()).unwrap(),
    |p: &Panel| p.value("CN", "a", 2015).unwrap() == Some(1.0)
);
ok!(
    long_na_is_missing,
    read_long_csv_str(&format!("{H}CN,a,2015,NA\nUS,a,2015,n/a\n"), &o()).unwrap(),
    |p: &Panel| p.missing_count() == 2
);
ok!(
    long_huge_finite_values_load,
    read_long_csv_str(&format!("{H}CN,a,2015,1.7e308\nUS,a,2015,-1.7e308\n"), &o()).unwrap(),
    |p: &Panel| p.raw_values().iter().all(|v| v.is_finite())
);
ok!(
    long_unicode_and_long_ids,
    {
        let id = "指标".repeat(5000);
        read_long_csv_str(&format!("{H}上海,{id},2015,1\n"), &o()).unwrap()
    },
    |p: &Panel| p.units()[0].code == "上海" && p.indicators()[0].len() == 30000
);

// ---- wide CSV
bad!(
    wide_no_indicator_columns,
    read_wide_csv_str("unit,period\nCN,2015\n", &o()),
    ErrorKind::Parse
);
bad!(
    wide_missing_period,
    read_wide_csv_str("unit,a\nCN,1\n", &o()),
    ErrorKind::Parse,
    |e| msg(e).contains("with_period")
);
bad!(
    wide_semicolon_file,
    read_wide_csv_str("unit;period;a\nCN;2015;1\n", &o()),
    ErrorKind::Parse,
    |e| msg(e).contains("semicolon-delimited")
);
bad!(
    wide_duplicate_column,
    read_wide_csv_str("unit,period,a,a\nCN,2015,1,2\n", &o()),
    ErrorKind::Parse
);
bad!(
    wide_empty_column_name,
    read_wide_csv_str("unit,period,a,\nCN,2015,1,2\n", &o()),
    ErrorKind::Parse
);
bad!(
    wide_duplicate_row,
    read_wide_csv_str("unit,period,a\nCN,2015,1\nCN,2015,2\n", &o()),
    ErrorKind::Parse
);
bad!(
    wide_nan,
    read_wide_csv_str("unit,period,a\nCN,2015,nan\n", &o()),
    ErrorKind::InvalidValue
);
bad!(
    wide_ragged,
    read_wide_csv_str("unit,period,a,b\nCN,2015,1\n", &o()),
    ErrorKind::Parse
);
bad!(
    wide_missing_file,
    read_wide_csv("/nonexistent/wide.csv", &o()),
    ErrorKind::Io
);

// ---- framework JSON
bad!(json_empty, read_framework_json_str(""), ErrorKind::Parse);
bad!(
    json_not_an_object,
    read_framework_json_str("[1, 2, 3]"),
    ErrorKind::Parse
);
bad!(
    json_truncated,
    read_framework_json_str("{\"id\": \"root\", \"children\": ["),
    ErrorKind::Parse,
    |e| e.position().is_some_and(|(l, _)| l == 1)
);
bad!(
    json_leaf_not_indicator,
    read_framework_json_str(r#"{"id": "root", "children": [{"id": "x"}]}"#),
    ErrorKind::InvalidParameter
);
bad!(
    json_negative_weight,
    read_framework_json_str(&json_two_leaves(-1.0)),
    ErrorKind::InvalidParameter
);
bad!(
    json_double_bom_is_not_json,
    read_framework_json_str(&format!("\u{feff}\u{feff}{}", json_two_leaves(1.0))),
    ErrorKind::Parse
);
bad!(
    json_missing_file,
    read_framework_json("/nonexistent/fw.json"),
    ErrorKind::Io
);
ok!(
    json_with_bom_loads,
    read_framework_json_str(&format!("\u{feff}{}", json_two_leaves(1.0))).unwrap(),
    |f: &Framework| f.indicator_ids() == ["a", "b"]
);
ok!(
    json_file_with_bom_loads,
    {
        let path = std::env::temp_dir().join(format!("mfgq_bom_{}.json", std::process::id()));
        std::fs::write(&path, format!("\u{feff}{}", json_two_leaves(1.0))).unwrap();
        let r = read_framework_json(&path);
        let _ = std::fs::remove_file(&path);
        r.unwrap()
    },
    |f: &Framework| f.indicator_ids().len() == 2
);

// ---- framework metadata CSV
bad!(
    meta_missing_level_and_type,
    read_framework_csv_str("id,parent\nA,\n"),
    ErrorKind::Parse,
    |e| msg(e).contains("`level`") && msg(e).contains("`id`, `parent`")
);
bad!(
    meta_semicolon_file,
    read_framework_csv_str("id;parent;level\nA;;2\n"),
    ErrorKind::Parse,
    |e| msg(e).contains("semicolon-delimited")
);
bad!(
    meta_bad_level,
    read_framework_csv_str("id,parent,level\nA,,0\n"),
    ErrorKind::Parse
);
bad!(
    meta_infinite_weight,
    read_framework_csv_str("id,parent,level,weight\nA,,2,\nB,A,1,inf\n"),
    ErrorKind::Parse
);
bad!(
    meta_orphan,
    read_framework_csv_str("id,parent,level\nA,,2\nB,Z,1\n"),
    ErrorKind::InvalidParameter,
    |e| e.position() == Some((3, 2))
);
bad!(
    meta_two_roots,
    read_framework_csv_str("id,parent,level\nA,,1\nB,,1\n"),
    ErrorKind::InvalidParameter
);
bad!(
    meta_duplicate_id,
    read_framework_csv_str("id,parent,level\nA,,2\nB,A,1\nB,A,1\n"),
    ErrorKind::Duplicate
);
bad!(
    meta_no_rows,
    read_framework_csv_str("id,parent,level\n"),
    ErrorKind::Parse
);
bad!(
    meta_missing_file,
    read_framework_csv("/nonexistent/meta.csv"),
    ErrorKind::Io
);

// ---- frameworks and panels built in code
bad!(
    framework_zero_weights,
    Framework::new(NodeSpec::group(
        "r",
        "",
        "",
        vec![
            NodeSpec::leaf(Indicator::new("a", "", "")).with_weight(0.0),
            NodeSpec::leaf(Indicator::new("b", "", "")).with_weight(0.0)
        ]
    )),
    ErrorKind::InvalidParameter
);
bad!(
    framework_nan_weight,
    Framework::new(NodeSpec::group(
        "r",
        "",
        "",
        vec![NodeSpec::leaf(Indicator::new("a", "", "")).with_weight(f64::NAN)]
    )),
    ErrorKind::InvalidParameter
);
bad!(
    framework_empty_group,
    Framework::new(NodeSpec::group("r", "", "", vec![])),
    ErrorKind::InvalidParameter
);
bad!(
    panel_no_units,
    Panel::builder(vec![], vec!["a".into()], vec![2015]),
    ErrorKind::Shape
);
bad!(
    panel_duplicate_unit,
    Panel::builder(
        vec![Unit::new("CN"), Unit::new("CN")],
        vec!["a".into()],
        vec![1]
    ),
    ErrorKind::Duplicate
);
bad!(
    panel_nan_value,
    Panel::from_dense(
        vec![Unit::new("CN")],
        vec!["a".into()],
        vec![1],
        vec![f64::NAN],
        vec![true]
    ),
    ErrorKind::InvalidValue
);
bad!(
    panel_wrong_length,
    Panel::from_dense(
        vec![Unit::new("CN")],
        vec!["a".into()],
        vec![1],
        vec![1.0, 2.0],
        vec![true, true]
    ),
    ErrorKind::Shape
);
bad!(
    panel_unknown_unit,
    small_panel().value("XX", "a", 2015),
    ErrorKind::NotFound
);

// ---- formulas (a result beyond f64::MAX is an error, not ±Inf)
bad!(
    formula_pass_rate_zero_inspected,
    formulas::pass_rate(0.0, 0.0),
    ErrorKind::Degenerate
);
bad!(
    formula_pass_rate_nan,
    formulas::pass_rate(f64::NAN, 10.0),
    ErrorKind::InvalidValue
);
bad!(
    formula_growth_overflow,
    formulas::growth_rate(1e-300, 1e300),
    ErrorKind::InvalidValue,
    |e| msg(e).contains("exceeds f64::MAX")
);
bad!(
    formula_share_overflow,
    formulas::share(1e308, 1e-10),
    ErrorKind::InvalidValue
);
bad!(
    formula_ratio_overflow,
    formulas::ratio(f64::MAX, 0.5),
    ErrorKind::InvalidValue
);
bad!(
    formula_cagr_overflow,
    formulas::cagr(1e-300, 1e300, 0.01),
    ErrorKind::InvalidValue
);
bad!(
    formula_cost_total_overflow,
    formulas::cost_expense_total(f64::MAX, f64::MAX, 0.0, 0.0),
    ErrorKind::InvalidValue
);

// ---- stats: documented results for degenerate input, finite for huge input
ok!(stats_mean_empty_is_zero, stats::mean(&[]), |&m: &f64| m
    == 0.0);
ok!(
    stats_mean_huge_is_finite,
    stats::mean(&[f64::MAX, f64::MAX, f64::MAX]),
    |&m: &f64| m == f64::MAX
);
ok!(
    stats_variance_huge_is_finite,
    stats::variance(&[1e200, -1e200, 3e200], VarianceKind::Sample),
    |&v: &f64| v.is_finite() && v > 0.0
);
ok!(
    stats_pearson_huge_is_finite,
    stats::pearson(&[1e200, 2e200, 3e200], &[1.0, 2.0, 4.0]),
    |&r: &f64| r.is_finite() && r > 0.9
);
ok!(
    stats_pearson_one_point_is_zero,
    stats::pearson(&[1.0], &[2.0]),
    |&r: &f64| r == 0.0
);
ok!(
    stats_p_value_too_few_is_one,
    stats::correlation_p_value(0.9, 2),
    |&p: &f64| p == 1.0
);
ok!(
    stats_quantile_empty_is_zero,
    stats::quantile(&[], 0.5),
    |&q: &f64| q == 0.0
);

fn small_framework() -> Framework {
    read_framework_json_str(&json_two_leaves(1.0)).unwrap()
}

fn small_panel() -> Panel {
    read_long_csv_str(&format!("{H}CN,a,2015,1\n"), &o()).unwrap()
}

fn json_two_leaves(w: f64) -> String {
    format!(
        r#"{{"id": "root", "children": [
            {{"id": "a", "weight": {w}, "indicator": {{"id": "a", "name_en": "A", "name_zh": "", "unit": "", "polarity": "positive", "definition": "", "source": ""}}}},
            {{"id": "b", "indicator": {{"id": "b", "name_en": "B", "name_zh": "", "unit": "", "polarity": "positive", "definition": "", "source": ""}}}}
        ]}}"#
    )
}
