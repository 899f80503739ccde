//! The composite configuration reader (`PipelineConfig::read_json_str`) fed arbitrary text, mutated valid
//! configurations and configurations with hostile values never panics: it loads, or refuses with a
//! `Parse` or `InvalidParameter`-family error, and what it loads runs without a panic or a non-finite
//! score. The `#[test]` properties run a few hundred cases; the `#[ignore]` `fuzz_*` tests run 10⁵ seeded
//! cases each (`cargo test --release -p mfg-quality-composite --test fuzz_config -- --ignored fuzz_`, run
//! by `.ci/run`).

use mfg_quality_composite::pipeline::PipelineConfig;
use mfg_quality_indicators::{Panel, Unit};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

const FUZZ_CASES: u32 = 100_000;

/// A small valid configuration (two pillars, four indicators; entropy weights inside P1) as JSON text.
const BASE: &str = r#"{"framework": {"id": "IDX", "name_en": "Index", "children": [
  {"id": "P1", "name_en": "P1", "weight": 2, "children": [
    {"indicator": {"id": "a", "name_en": "A", "polarity": "positive"}},
    {"indicator": {"id": "b", "name_en": "B", "polarity": "negative"}, "weight": 0.5}]},
  {"id": "P2", "name_en": "P2", "children": [
    {"indicator": {"id": "c", "name_en": "C"}},
    {"indicator": {"id": "d", "name_en": "D"}}]}]},
 "normalisation": {"method": "min_max", "lo": 1, "hi": 100},
 "weighting": {"P1": {"method": "entropy"}},
 "aggregation": {"method": "geometric"},
 "missing": "skip_and_reweight",
 "missing_indicator": "drop_with_warning"}"#;

fn panel() -> Panel {
    let n = 5;
    let values: Vec<f64> = (0..4 * n).map(|k| 1.0 + (k * 7 % 11) as f64).collect();
    Panel::from_dense(
        (0..n).map(|u| Unit::new(format!("u{u}"))).collect(),
        ["a", "b", "c", "d"].map(String::from).to_vec(),
        vec![2020],
        values,
        vec![true; 4 * n],
    )
    .unwrap()
}

fn input() -> impl Strategy<Value = String> {
    let hostile = prop_oneof![
        Just("1e308".to_string()),
        Just("-1e308".to_string()),
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("1e-320".to_string()),
        Just("null".to_string()),
        Just("\"x\"".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        "\\PC{0,12}".prop_map(|s| format!("{s:?}")),
    ];
    prop_oneof![
        1 => "\\PC{0,300}",
        1 => prop::collection::vec(any::<u8>(), 0..300).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        // one byte of the valid configuration replaced, inserted or removed
        3 => (0usize..BASE.len(), 32u8..127, 0..3u8).prop_map(|(at, byte, op)| {
            let mut t = BASE.as_bytes().to_vec();
            match op {
                0 => t[at] = byte,
                1 => t.insert(at, byte),
                _ => {
                    t.remove(at);
                }
            }
            String::from_utf8_lossy(&t).into_owned()
        }),
        // one number or string of the valid configuration replaced by a hostile value
        3 => (0usize..64, hostile).prop_map(|(k, v)| {
            let spots: Vec<(usize, usize)> = token_spans(BASE);
            let (a, b) = spots[k % spots.len()];
            format!("{}{}{}", &BASE[..a], v, &BASE[b..])
        }),
    ]
}

/// Byte spans of the numbers and quoted strings of `s`.
fn token_spans(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < b.len() {
        if b[i] == b'"' {
            let j = i + 1 + b[i + 1..].iter().position(|&c| c == b'"').unwrap_or(0);
            out.push((i, j + 1));
            i = j + 1;
        } else if b[i].is_ascii_digit() || b[i] == b'-' {
            let j = i + b[i..]
                .iter()
                .position(|c| {
                    !(c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'e' | b'E' | b'+'))
                })
                .unwrap_or(b.len() - i);
            out.push((i, j));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn check(text: String, data: &Panel) -> Result<(), TestCaseError> {
    match PipelineConfig::read_json_str(&text) {
        Ok(config) => {
            if let Ok(r) = config.run(data) {
                for id in r.node_ids() {
                    for &p in r.periods() {
                        let (v, m) = r.column(id, p).unwrap();
                        prop_assert!(
                            v.iter()
                                .zip(m)
                                .all(|(x, &present)| !present || x.is_finite()),
                            "non-finite score of {} from {}",
                            id,
                            text
                        );
                    }
                }
            }
        }
        Err(e) => prop_assert!(!e.to_string().is_empty()),
    }
    Ok(())
}

fn run(cases: u32, seed: u64) {
    let data = panel();
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    if let Err(e) = TestRunner::new(config).run(&input(), |t| check(t, &data)) {
        panic!("{e}");
    }
}

#[test]
fn the_base_configuration_runs() {
    let r = PipelineConfig::read_json_str(BASE)
        .unwrap()
        .run(&panel())
        .unwrap();
    assert_eq!(r.periods(), &[2020]);
}

#[test]
fn config_reader_never_panics() {
    run(256, 21);
}

#[test]
#[ignore = "fuzz run: 10^5 cases, run in release by .ci/run"]
fn fuzz_config_reader() {
    run(FUZZ_CASES, 0x5eed_0021);
}
