//! Property tests of every reader of `mfg-quality-elasticity` (trade CSV into flows and into cells, under
//! each duplicate and bad-row policy; concordance CSV): arbitrary bytes, and well-formed but hostile tables
//! (huge and tiny numbers, NaN/Inf text, blanks, repeated flows, unicode and very long codes, ragged rows,
//! other delimiters, a byte-order mark) never make a reader panic, and whatever it returns holds only finite
//! numbers — and unit values and segment shares computed from it are finite too.
//!
//! The `#[test]` properties run a hundred-odd cases each; the `#[ignore]` `fuzz_*` tests run the same
//! properties 10⁵ times each from a fixed seed (`cargo test --release -p mfg-quality-elasticity -- --ignored
//! fuzz_`, run by `.ci/run`).

use mfg_quality_elasticity::Cells;
use mfg_quality_elasticity::concordance::{Concordance, Mode};
use mfg_quality_elasticity::reader::{
    BadRowPolicy, ColumnNames, CsvLayout, DuplicatePolicy, ReadOptions, read_cells, read_flows,
};
use mfg_quality_elasticity::segments::{SegmentParams, segment_cells};
use mfg_quality_elasticity::unit_value::{Reference, WorldWeighting, unit_values};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

/// Cases of the fuzz runs.
const FUZZ_CASES: u32 = 100_000;

/// A field a hostile trade table may hold.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => Just(String::new()),
        3 => prop_oneof![Just("NA"), Just("na"), Just("nan"), Just("inf"), Just("-inf"), Just("1e308"),
            Just("1.7e308"), Just("1e309"), Just("1e-320"), Just("4.9e-324"), Just("-0"), Just("0"),
            Just("-1"), Just("2015"), Just("65536"), Just("\"10121\""), Just("\""), Just("\u{feff}t"),
            Just(" 847130 "), Just("1,5")].prop_map(str::to_string),
        3 => prop::sample::select(vec!["156", "276", "040", "40", "CHN", "中国", "847130", "10121", "8471", "01"])
            .prop_map(str::to_string),
        3 => (2010u16..2013).prop_map(|y| y.to_string()),
        3 => (1e-6f64..1e6).prop_map(|v| v.to_string()),
        2 => any::<f64>().prop_map(|v| v.to_string()),
        1 => "\\PC{0,10}",
        1 => (1usize..6, "[0-9a-z]").prop_map(|(k, c)| c.repeat(k * 1000)),
    ]
}

fn header(names: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        4 => Just(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
        2 => Just(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).prop_shuffle(),
        1 => prop::collection::vec(prop::sample::select(names), 0..names.len() + 2)
            .prop_map(|v| v.into_iter().map(str::to_string).collect()),
        1 => prop::collection::vec(field(), 0..8),
    ]
}

fn table(names: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    (
        header(names),
        prop::collection::vec(prop::collection::vec(field(), 0..8), 0..24),
        prop_oneof![8 => Just(','), 1 => Just(';'), 1 => Just('\t')],
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.8),
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
                    r.resize(h.len(), "1".into());
                }
                s.push_str(&r.join(&d.to_string()));
                s.push_str(nl);
            }
            s.into_bytes()
        })
}

fn input(names: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..512),
        4 => table(names),
    ]
}

const BACI: &[&str] = &["t", "i", "j", "k", "v", "q"];
const NAMED: &[&str] = &[
    "year", "exporter", "importer", "product", "value", "quantity", "note",
];
const CONC: &[&str] = &["prefix", "industry", "name", "manufacturing"];

fn options() -> impl Strategy<Value = ReadOptions> {
    (
        any::<bool>(),
        prop::sample::select(vec![
            DuplicatePolicy::Error,
            DuplicatePolicy::Sum,
            DuplicatePolicy::KeepFirst,
            DuplicatePolicy::Unchecked,
        ]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(skip, duplicates, imports, named)| ReadOptions {
            layout: if named {
                CsvLayout::Named(ColumnNames::default())
            } else {
                CsvLayout::Baci
            },
            bad_rows: if skip {
                BadRowPolicy::Skip
            } else {
                BadRowPolicy::Error
            },
            duplicates,
            imports,
            ..ReadOptions::default()
        })
}

/// Cells are finite, and so are their unit values and segment shares.
fn finite_cells(c: &Cells) -> Result<(), TestCaseError> {
    prop_assert!(
        c.values()
            .iter()
            .chain(c.quantities())
            .all(|v| v.is_finite() && *v > 0.0)
    );
    if c.is_empty() {
        return Ok(());
    }
    for w in [WorldWeighting::Quantity, WorldWeighting::Value] {
        match unit_values(c, &Reference::World(w)) {
            Ok(uv) => {
                prop_assert!(
                    uv.unit_value
                        .iter()
                        .chain(&uv.reference)
                        .all(|v| v.is_finite())
                );
                let t = segment_cells(c, &uv, &SegmentParams::default(), None).unwrap();
                for r in t.rows() {
                    let s = r.shares;
                    prop_assert!(
                        [s.high, s.medium, s.low, s.value]
                            .iter()
                            .all(|v| v.is_finite())
                    );
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
    Ok(())
}

fn trade((bytes, o): (Vec<u8>, ReadOptions)) -> Result<(), TestCaseError> {
    match read_flows(&bytes[..], &o) {
        Ok((f, r)) => {
            prop_assert!(
                f.values()
                    .iter()
                    .chain(f.quantities())
                    .all(|v| v.is_finite())
            );
            prop_assert!(r.rows_kept as usize >= f.len());
            finite_cells(&f.cells())?;
        }
        Err(e) => prop_assert!(!e.to_string().is_empty()),
    }
    match read_cells(&bytes[..], &o) {
        Ok(a) => {
            finite_cells(&a.exports)?;
            if let Some(m) = &a.imports {
                prop_assert!(m.values().iter().all(|v| v.is_finite()));
            }
        }
        Err(e) => prop_assert!(!e.to_string().is_empty()),
    }
    Ok(())
}

fn concordance(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    for mode in [Mode::Strict, Mode::Lenient] {
        if let Err(e) = Concordance::read_csv(&bytes[..], mode) {
            prop_assert!(!e.to_string().is_empty());
        }
    }
    Ok(())
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
fn baci_csv_never_panics() {
    run(128, 21, (input(BACI), options()), trade);
}

#[test]
fn named_csv_never_panics() {
    run(128, 22, (input(NAMED), options()), trade);
}

#[test]
fn concordance_csv_never_panics() {
    run(128, 23, input(CONC), concordance);
}

#[test]
#[ignore = "fuzz run: 10^5 cases, run in release by .ci/run"]
fn fuzz_baci_csv() {
    run(FUZZ_CASES, 0x5eed_0021, (input(BACI), options()), trade);
}

#[test]
#[ignore = "fuzz run: 10^5 cases, run in release by .ci/run"]
fn fuzz_named_csv() {
    run(FUZZ_CASES, 0x5eed_0022, (input(NAMED), options()), trade);
}

#[test]
#[ignore = "fuzz run: 10^5 cases, run in release by .ci/run"]
fn fuzz_concordance_csv() {
    run(FUZZ_CASES, 0x5eed_0023, input(CONC), concordance);
}
