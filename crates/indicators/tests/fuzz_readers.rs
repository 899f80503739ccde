//! Property tests of every reader of `mfg-quality-indicators` (long and wide panel CSV, framework JSON and
//! metadata CSV): arbitrary bytes, and well-formed but hostile tables (huge and tiny numbers, NaN/Inf text,
//! blanks, duplicates, unicode, very long fields, ragged rows, other delimiters, a byte-order mark), never
//! make a reader panic, and whatever it returns holds only finite numbers.
//!
//! The `#[test]` properties run a few hundred cases each; the `#[ignore]` `fuzz_*` tests run the same
//! properties 10⁵ times each from a fixed seed (`cargo test --release -p mfg-quality-indicators -- --ignored
//! fuzz_`, run by `.ci/run`).

use mfg_quality_indicators::io::{
    CsvOptions, read_framework_csv_from, read_framework_json_str, read_long_csv_from,
    read_wide_csv_from,
};
use mfg_quality_indicators::{Framework, Panel};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

/// Cases of the fuzz runs.
const FUZZ_CASES: u32 = 100_000;

/// A field a hostile table may hold.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        2 => prop_oneof![Just("NA"), Just("n/a"), Just("nan"), Just("NaN"), Just("inf"), Just("-inf"),
            Just("infinity"), Just("1e308"), Just("-1.7976931348623157e308"), Just("1e309"), Just("1e-320"),
            Just("4.9e-324"), Just("-0"), Just("0"), Just("2015"), Just("99999999999"), Just("-2147483648"),
            Just("1,5"), Just("\"a,b\""), Just("\""), Just("\u{feff}"), Just(" 12 "), Just("0x10")]
            .prop_map(str::to_string),
        3 => any::<f64>().prop_map(|v| v.to_string()),
        2 => (-3000i64..3000).prop_map(|v| v.to_string()),
        2 => prop_oneof![Just("CN"), Just("US"), Just("上海"), Just("a"), Just("b"), Just("qe")].prop_map(str::to_string),
        2 => "\\PC{0,12}",
        1 => (1usize..6, "[a-z指]").prop_map(|(k, c)| c.repeat(k * 1000)),
    ]
}

/// A header: the expected names (shuffled or not, some missing or repeated), or anything.
fn header(names: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        3 => Just(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
        2 => Just(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).prop_shuffle(),
        1 => prop::collection::vec(prop::sample::select(names), 0..names.len() + 3)
            .prop_map(|v| v.into_iter().map(str::to_string).collect()),
        1 => prop::collection::vec(field(), 0..8),
    ]
}

/// A table as text: a header, rows of fields (usually as many as the header, sometimes ragged), joined by a
/// delimiter (usually `,`), with an optional byte-order mark and CRLF line ends.
fn table(names: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    (
        header(names),
        prop::collection::vec(prop::collection::vec(field(), 0..9), 0..24),
        prop_oneof![8 => Just(','), 1 => Just(';'), 1 => Just('\t')],
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(h, rows, d, bom, crlf, square)| {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut s = String::new();
            if bom {
                s.push('\u{feff}');
            }
            s.push_str(&h.join(&d.to_string()));
            s.push_str(nl);
            for mut r in rows {
                if square {
                    r.resize(h.len(), String::new());
                }
                s.push_str(&r.join(&d.to_string()));
                s.push_str(nl);
            }
            s.into_bytes()
        })
}

/// Arbitrary bytes, or a hostile table.
fn input(names: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..512),
        4 => table(names),
    ]
}

const LONG: &[&str] = &[
    "unit",
    "indicator",
    "period",
    "value",
    "unit_name_en",
    "unit_group",
    "source",
];
const WIDE: &[&str] = &["unit", "period", "a", "b", "qe", "unit_name_zh"];
const META: &[&str] = &[
    "id",
    "parent",
    "level",
    "type",
    "weight",
    "direction",
    "name_en",
    "aggregation",
];

fn finite_panel(p: &Panel) -> Result<(), TestCaseError> {
    prop_assert!(p.raw_values().iter().all(|v| v.is_finite()));
    prop_assert!(p.n_units() > 0 && p.n_indicators() > 0 && p.n_periods() > 0);
    Ok(())
}

fn finite_framework(f: &Framework) -> Result<(), TestCaseError> {
    prop_assert!(
        f.effective_weights()
            .iter()
            .all(|(_, w)| w.is_finite() && *w >= 0.0)
    );
    Ok(())
}

fn long(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    match read_long_csv_from(&bytes[..], "fuzz", &CsvOptions::new()) {
        Ok(p) => finite_panel(&p),
        Err(e) => {
            prop_assert!(!e.to_string().is_empty());
            Ok(())
        }
    }
}

fn wide(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    match read_wide_csv_from(&bytes[..], "fuzz", &CsvOptions::new().with_period(2015)) {
        Ok(p) => finite_panel(&p),
        Err(e) => {
            prop_assert!(!e.to_string().is_empty());
            Ok(())
        }
    }
}

fn meta(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    match read_framework_csv_from(&bytes[..], "fuzz") {
        Ok(f) => finite_framework(&f),
        Err(e) => {
            prop_assert!(!e.to_string().is_empty());
            Ok(())
        }
    }
}

/// JSON: arbitrary text, or a framework's JSON with hostile values spliced in.
fn json_input() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => "\\PC{0,200}",
        3 => (field(), field(), any::<f64>(), prop::collection::vec(field(), 0..4), any::<bool>()).prop_map(
            |(id, name, w, extra, bom)| {
                let leaves: Vec<String> = extra
                    .iter()
                    .map(|x| format!(r#"{{"id": {x:?}, "indicator": {{"id": {x:?}, "name_en": "", "name_zh": "", "unit": "", "polarity": "positive", "definition": "", "source": ""}}}}"#))
                    .collect();
                let w = if w.is_finite() { w.to_string() } else { "1e999".into() };
                format!(
                    r#"{}{{"id": {id:?}, "name_en": {name:?}, "weight": {w}, "children": [{}]}}"#,
                    if bom { "\u{feff}" } else { "" },
                    leaves.join(",")
                )
            }
        ),
    ]
}

fn json(text: String) -> Result<(), TestCaseError> {
    match read_framework_json_str(&text) {
        Ok(f) => finite_framework(&f),
        Err(e) => {
            prop_assert!(!e.to_string().is_empty());
            Ok(())
        }
    }
}

fn run<S: Strategy>(
    cases: u32,
    seed: u64,
    s: S,
    f: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    if let Err(e) = TestRunner::new(config).run(&s, f) {
        panic!("{e}");
    }
}

#[test]
fn long_csv_never_panics() {
    run(128, 11, input(LONG), long);
}

#[test]
fn wide_csv_never_panics() {
    run(128, 12, input(WIDE), wide);
}

#[test]
fn framework_csv_never_panics() {
    run(128, 13, input(META), meta);
}

#[test]
fn framework_json_never_panics() {
    run(128, 14, json_input(), json);
}

#[test]
#[ignore = "fuzz run: 10^5 cases, run in release by .ci/run"]
fn fuzz_long_csv() {
    run(FUZZ_CASES, 0x5eed_0001, input(LONG), long);
}

#[test]
#[ignore = "fuzz run: 10^5 cases, run in release by .ci/run"]
fn fuzz_wide_csv() {
    run(FUZZ_CASES, 0x5eed_0002, input(WIDE), wide);
}

#[test]
#[ignore = "fuzz run: 10^5 cases, run in release by .ci/run"]
fn fuzz_framework_csv() {
    run(FUZZ_CASES, 0x5eed_0003, input(META), meta);
}

#[test]
#[ignore = "fuzz run: 10^5 cases, run in release by .ci/run"]
fn fuzz_framework_json() {
    run(FUZZ_CASES, 0x5eed_0004, json_input(), json);
}
