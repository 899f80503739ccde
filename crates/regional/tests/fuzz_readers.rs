//! Property tests of the reader of `mfg-quality-regional` (`RegionMap::read_csv_str`): arbitrary text and
//! hostile tables (blanks, repeated codes, unicode, very long fields, ragged rows, quotes) never make it
//! panic; a map it returns has at least one unit and every unit a group.
//!
//! The `#[ignore]` `fuzz_region_map_csv` runs the property 10⁵ times from a fixed seed (`.ci/run`).

use mfg_quality_regional::RegionMap;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => Just(String::new()),
        3 => prop::sample::select(vec!["BJ", "SH", "上海", "East", "West", "code", "group", "\"", "\"a,b\"", " x "])
            .prop_map(str::to_string),
        2 => "\\PC{0,10}",
        1 => (1usize..5, "[a-z区]").prop_map(|(k, c)| c.repeat(k * 1000)),
    ]
}

fn table() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => "\\PC{0,300}",
        4 => (
            prop_oneof![
                Just(vec!["code".to_string(), "name_en".into(), "group".into()]),
                prop::collection::vec(field(), 0..5),
            ],
            prop::collection::vec(prop::collection::vec(field(), 0..5), 0..20),
            any::<bool>(),
        )
            .prop_map(|(h, rows, square)| {
                let mut s = h.join(",");
                s.push('\n');
                for mut r in rows {
                    if square {
                        r.resize(h.len(), "g".into());
                    }
                    s.push_str(&r.join(","));
                    s.push('\n');
                }
                s
            }),
    ]
}

fn map(text: String) -> Result<(), TestCaseError> {
    match RegionMap::read_csv_str("fuzz", &text, "group") {
        Ok(m) => {
            prop_assert!(!m.is_empty());
            prop_assert!(
                m.units()
                    .iter()
                    .all(|u| !u.group.is_empty() && !u.code.is_empty())
            );
        }
        Err(e) => prop_assert!(!e.to_string().is_empty()),
    }
    Ok(())
}

fn run(cases: u32, seed: u64) {
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..Config::default()
    };
    if let Err(e) = TestRunner::new(config).run(&table(), map) {
        panic!("{e}");
    }
}

#[test]
fn region_map_csv_never_panics() {
    run(256, 31);
}

#[test]
#[ignore = "fuzz run: 10^5 cases, run in release by .ci/run"]
fn fuzz_region_map_csv() {
    run(100_000, 0x5eed_0031);
}
