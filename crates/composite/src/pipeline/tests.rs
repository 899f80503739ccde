//! Tests of the pipeline internals: fused and unfused runs agree bit for bit, recycled buffers, errors.

use super::fused::FUSED_TASK_ROWS;
use super::*;
use crate::normalise::ColumnContext;
use mfg_quality_indicators::{Indicator, Polarity};

/// IDX → P0 (S0: x0 x1 x2, S1: x3 x4), P1 (x5 x6 x7): the index's children P0 and P1 are in
/// non-consecutive slots (gathered), the sub-pillars' children are consecutive indicators.
fn framework() -> Framework {
    let leaf = |j: usize| {
        let pol = if j % 3 == 1 {
            Polarity::Negative
        } else {
            Polarity::Positive
        };
        NodeSpec::leaf(Indicator::new(format!("x{j}"), "", "").with_polarity(pol))
            .with_weight(1.0 + j as f64)
    };
    let group = |id: &str, children: Vec<NodeSpec>| NodeSpec::group(id, "", "", children);
    Framework::new(group(
        "IDX",
        vec![
            group(
                "P0",
                vec![
                    group("S0", (0..3).map(leaf).collect()),
                    group("S1", (3..5).map(leaf).collect()).with_weight(2.0),
                ],
            ),
            group("P1", (5..8).map(leaf).collect()),
        ],
    ))
    .unwrap()
}

/// `n` units (codes `{prefix}{u}`) × 8 indicators × 2 periods of irregular values, with missing
/// cells when `holes`.
fn panel(n: usize, prefix: &str, holes: bool, seed: u64) -> Panel {
    let mut x = seed;
    let cells = n * 8 * 2;
    let values = (0..cells)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 11) as f64 / (1u64 << 53) as f64 * 50.0 - 10.0
        })
        .collect();
    let present = (0..cells).map(|k| !holes || k % 97 != 3).collect();
    Panel::from_dense(
        (0..n).map(|u| Unit::new(format!("{prefix}{u}"))).collect(),
        (0..8).map(|j| format!("x{j}")).collect(),
        vec![2020, 2021],
        values,
        present,
    )
    .unwrap()
}

/// The fused copy-and-normalise gives the indicator scores of `normalise_column` bit for bit; runs
/// through recycled buffers (same units, other units of the same number — differing only past the
/// first parallel chunk of the unit comparison —, other sizes, with and without missing cells) equal
/// fresh runs.
#[test]
fn fused_normalisation_and_recycling_match_fresh_runs() {
    let cfg = PipelineConfig::new(framework());
    let n = 20_000;
    let complete = panel(n, "u", false, 1);
    let holes = panel(n, "u", true, 2);
    let fresh = cfg.run(&holes).unwrap();
    for (k, id) in holes.indicators().iter().enumerate() {
        for (p, &period) in holes.periods().iter().enumerate() {
            let mut x = holes.column(k, p).to_vec();
            let m = holes.column_mask(k, p);
            let ctx = ColumnContext {
                indicator: id,
                period,
                units: holes.units(),
                reference: None,
            };
            let node = cfg.framework.node(cfg.framework.find(id).unwrap());
            let pol = node.indicator().unwrap().polarity;
            cfg.normalisation
                .normalise_column(&mut x, m, pol, &ctx)
                .unwrap();
            let (got, got_m) = fresh.column(id, period).unwrap();
            assert_eq!(got_m, m);
            let same = got
                .iter()
                .zip(&x)
                .zip(m)
                .all(|((a, b), &m)| !m || a.to_bits() == b.to_bits());
            assert!(same, "indicator {id}, period {period}");
        }
    }
    // Unit codes equal to the first panel's except unit 17 000 (past the first 16 384-unit chunk).
    let mut renamed = holes.units().to_vec();
    renamed[17_000] = Unit::new("other");
    let renamed = Panel::from_dense(
        renamed,
        holes.indicators().to_vec(),
        holes.periods().to_vec(),
        holes.raw_values().to_vec(),
        (0..n * 16).map(|k| k % 97 != 3).collect(),
    )
    .unwrap();
    let small = panel(300, "s", true, 3);
    let mut previous = cfg.run(&complete).unwrap();
    for data in [&holes, &complete, &renamed, &small, &holes, &complete] {
        let reused = cfg.run_reusing(data, previous).unwrap();
        assert_eq!(reused, cfg.run(data).unwrap());
        assert_eq!(reused.units().to_units(), data.units());
        previous = reused;
    }
}

/// The fused normalisation-and-aggregation of leaf groups gives the unfused run's results bit for bit
/// (scores, flags, weights) and its errors, under every weighted mean, with and without missing cells,
/// with groups that cannot be fused (data-driven weights, a z-score override, TOPSIS) beside fused
/// ones, and with enough units for the row blocks to run as parallel tasks.
#[test]
fn fused_leaf_groups_match_unfused_runs() {
    let n = 2 * FUSED_TASK_ROWS + 1234;
    let complete = panel(n, "u", false, 5);
    let holes = panel(n, "u", true, 6);
    // Indicator x3 unobserved in 2021 (a column without a map: copied, and skipped by the means).
    let mut mask = holes.raw_mask().to_vec();
    mask[(8 + 3) * n..(8 + 4) * n].fill(false);
    let empty_column = Panel::from_dense(
        holes.units().to_vec(),
        holes.indicators().to_vec(),
        holes.periods().to_vec(),
        holes.raw_values().to_vec(),
        mask,
    )
    .unwrap();
    let base = || {
        let mut c = PipelineConfig::new(framework());
        c.normalisation = Normalisation::MinMax { lo: 1.0, hi: 100.0 };
        c
    };
    let mut configs = Vec::new();
    for key in [
        "arithmetic",
        "geometric",
        "harmonic",
        "power:2",
        "power:-0.5",
    ] {
        let mut c = base();
        c.aggregation = Aggregation::from_key(key, "test").unwrap();
        configs.push(c);
    }
    // Mixed: S0 under entropy weights (not fused), x6 z-scored (P1 not fused), S1 by TOPSIS (not
    // fused); the upper groups (P0, IDX) are weighted means and still computed in the batched pass.
    let mut spec = framework().to_spec();
    spec.children[0].children[1] = spec.children[0].children[1]
        .clone()
        .with_aggregation("topsis");
    let mut mixed = base();
    mixed.framework = Framework::new(spec).unwrap();
    mixed.weighting.insert("S0".into(), Weighting::Entropy);
    mixed.normalisation_overrides.insert(
        "x6".into(),
        Normalisation::ZScore {
            variance: Default::default(),
            mean: 50.0,
            sd: 10.0,
        },
    );
    configs.push(mixed);
    // Errors: a geometric mean of min-max [0, 1] values (zeros) and a missing value under `error`.
    let mut zeros = PipelineConfig::new(framework());
    zeros.aggregation = Aggregation::Geometric;
    configs.push(zeros);
    let mut strict = base();
    strict.missing = MissingPolicy::Error;
    configs.push(strict);
    for (i, cfg) in configs.iter().enumerate() {
        for data in [&complete, &holes, &empty_column] {
            let fused = cfg.run_with(data, None, true);
            let plain = cfg.run_with(data, None, false);
            match (&fused, &plain) {
                (Ok(a), Ok(b)) => {
                    // (`assert!`, not `assert_eq!`: the Debug dump of 10⁵ units is unreadable.)
                    assert!(a == b, "config {i}: fused and unfused results differ");
                    let bits = |r: &Results| -> Vec<u64> {
                        r.framework()
                            .nodes()
                            .iter()
                            .flat_map(|node| {
                                let (v, m) = r.column(&node.id, 2021).unwrap();
                                v.iter()
                                    .zip(m)
                                    .map(|(x, &m)| if m { x.to_bits() } else { 0 })
                                    .collect::<Vec<_>>()
                            })
                            .collect()
                    };
                    assert!(
                        bits(a) == bits(b),
                        "config {i}: scores differ in their bits"
                    );
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "config {i}"),
                _ => panic!(
                    "config {i}: fused ok = {}, unfused ok = {}",
                    fused.is_ok(),
                    plain.is_ok()
                ),
            }
        }
    }
    // The five means and the mixed configuration run (so the comparison above compared results), the
    // zero-valued geometric mean fails (so it compared errors).
    for cfg in &configs[..6] {
        assert!(cfg.run(&holes).is_ok());
    }
    assert!(configs[6].run(&complete).is_err());
    // Upper groups only failing: arithmetic leaf groups of min-max [−1, 1] values, geometric P0 and
    // index (negative sub-pillar means): the batched upper pass fails and the sequential one names it.
    let spec = framework().to_spec();
    let mut spec = spec.with_aggregation("geometric");
    spec.children[0] = spec.children[0].clone().with_aggregation("geometric");
    for (k, child) in spec.children[0].children.iter_mut().enumerate() {
        *child = child
            .clone()
            .with_aggregation(if k == 0 { "arithmetic" } else { "power:1" });
    }
    let mut upper = PipelineConfig::new(Framework::new(spec).unwrap());
    upper.normalisation = Normalisation::MinMax { lo: -1.0, hi: 1.0 };
    let fused = upper.run_with(&complete, None, true).unwrap_err();
    let plain = upper.run_with(&complete, None, false).unwrap_err();
    assert_eq!(fused.to_string(), plain.to_string());
    assert!(fused.to_string().contains("`S0`"), "{fused}");
}

/// `run_reusing` recycles a large result's buffers (also into a run of another size) and gives the
/// same results as a run on fresh memory.
#[test]
fn recycled_buffers_are_reused_and_runs_stay_identical() {
    let cfg = PipelineConfig::new(framework());
    let data = panel(40_000, "u", true, 7);
    let small = panel(500, "s", false, 8);
    let fresh = cfg.run_with(&data, None, true).unwrap();
    let expected = fresh.clone();
    let mut previous = fresh;
    for _ in 0..5 {
        let again = cfg.run_reusing(&data, previous).unwrap();
        assert_eq!(again, expected);
        let small_run = cfg.run_reusing(&small, again).unwrap();
        assert_eq!(small_run, cfg.run_with(&small, None, false).unwrap());
        previous = small_run;
    }
}

/// A range that overflows under the fused min-max is the normalisation's `InvalidValue`, naming the
/// indicator (as with `normalise_column`).
#[test]
fn overflowing_range_is_named() {
    let cfg = PipelineConfig::new(framework());
    let data = panel(2000, "u", false, 4);
    // Panel order: period, indicator, unit; column x1 of 2020 starts at 2000.
    let mut values = data.raw_values().to_vec();
    values[2000 + 7] = f64::MAX;
    values[2000 + 8] = -f64::MAX;
    let data = Panel::from_dense(
        data.units().to_vec(),
        data.indicators().to_vec(),
        data.periods().to_vec(),
        values,
        vec![true; 2000 * 16],
    )
    .unwrap();
    match cfg.run(&data) {
        Err(CompositeError::Overflow {
            indicator: column,
            method,
            unit,
            period,
            ..
        }) => {
            assert_eq!((column.as_str(), method), ("x1", "min_max"));
            assert_eq!((unit.as_str(), period), ("u7", 2020));
        }
        other => panic!("expected Overflow, got {other:?}"),
    }
}
