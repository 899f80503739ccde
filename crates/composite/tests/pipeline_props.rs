//! Property tests of the whole configured pipeline.

// Ranks are small integers held in f64: exact comparison is what is meant.
#![allow(clippy::float_cmp)]

use mfg_quality_composite::aggregate::Aggregation;
use mfg_quality_composite::normalise::Normalisation;
use mfg_quality_composite::pipeline::PipelineConfig;
use mfg_quality_composite::weights::Weighting;
use mfg_quality_indicators::stats::TieMethod;
use mfg_quality_indicators::{Framework, Indicator, NodeSpec, Panel, Polarity, Unit};
use proptest::prelude::*;

/// IDX → P1 (x0, x1, x2), P2 (x3, x4), with the given raw weights (7 of them: P1, P2, x0..x4) and polarities.
fn framework(w: &[f64], pol: &[Polarity]) -> Framework {
    let leaf = |j: usize| {
        NodeSpec::leaf(Indicator::new(format!("x{j}"), "", "").with_polarity(pol[j]))
            .with_weight(w[2 + j])
    };
    Framework::new(NodeSpec::group(
        "IDX",
        "",
        "",
        vec![
            NodeSpec::group("P1", "", "", vec![leaf(0), leaf(1), leaf(2)]).with_weight(w[0]),
            NodeSpec::group("P2", "", "", vec![leaf(3), leaf(4)]).with_weight(w[1]),
        ],
    ))
    .unwrap()
}

fn panel(n: usize, values: &[f64], present: &[bool]) -> Panel {
    Panel::from_dense(
        (0..n).map(|u| Unit::new(format!("U{u}"))).collect(),
        (0..5).map(|j| format!("x{j}")).collect(),
        vec![2020, 2021],
        values.to_vec(),
        present.to_vec(),
    )
    .unwrap()
}

const N: usize = 8;
const CELLS: usize = N * 5 * 2;

fn weights() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.05f64..10.0, 7)
}

fn values() -> impl Strategy<Value = Vec<f64>> {
    // a coarse grid, so that ties happen
    prop::collection::vec((0i32..20).prop_map(|k| f64::from(k) * 0.5 - 3.0), CELLS)
}

fn weighting() -> impl Strategy<Value = Weighting> {
    prop_oneof![
        Just(Weighting::Explicit),
        Just(Weighting::Equal),
        Just(Weighting::Entropy),
        Just(Weighting::StdDev),
        Just(Weighting::Critic),
        Just(Weighting::CoefficientOfVariation),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Effective weights of the indicators sum to 1 in every period, and every parent's child weights sum to 1.
    #[test]
    fn effective_weights_sum_to_one(w in weights(), v in values(), wt in weighting()) {
        let mut cfg = PipelineConfig::new(framework(&w, &[Polarity::Positive; 5]));
        cfg.weighting.insert("P1".into(), wt);
        let r = cfg.run(&panel(N, &v, &[true; CELLS]));
        prop_assume!(r.is_ok(), "{:?}", r.err());
        if let Ok(r) = r {
            for period in [2020, 2021] {
                let s: f64 = r.effective_weights(period).unwrap().iter().map(|x| x.1).sum();
                prop_assert!((s - 1.0).abs() < 1e-12);
                for parent in ["IDX", "P1", "P2"] {
                    let id = r.framework().find(parent).unwrap();
                    let s: f64 = r.framework().children(id).iter()
                        .map(|&c| r.weight(&r.framework().node(c).id, period).unwrap()).sum();
                    prop_assert!((s - 1.0).abs() < 1e-12);
                }
            }
        }
    }

    /// Ranks: `first` is a permutation of 1..n; `min` gives tied scores the same rank, equal to 1 + the number
    /// of strictly better units; missing scores have no rank. Normalised values are within [lo, hi]; no
    /// output is NaN.
    #[test]
    fn ranks_and_bounds(w in weights(), v in values(),
                        holes in prop::collection::vec(prop::bool::weighted(0.15), CELLS),
                        lo in -5.0f64..5.0, span in 0.5f64..100.0) {
        let present: Vec<bool> = holes.iter().map(|h| !h).collect();
        let mut cfg = PipelineConfig::new(framework(&w, &[Polarity::Positive, Polarity::Negative,
            Polarity::Positive, Polarity::Negative, Polarity::Positive]));
        cfg.normalisation = Normalisation::MinMax { lo, hi: lo + span };
        let p = panel(N, &v, &present);
        let r = cfg.run(&p);
        prop_assume!(r.is_ok(), "{:?}", r.err());
        let r = r.unwrap();
        for period in [2020, 2021] {
            for j in 0..5 {
                let id = format!("x{j}");
                for s in r.scores(&id, period).unwrap().into_iter().flatten() {
                    prop_assert!(s >= lo - 1e-9 && s <= lo + span + 1e-9, "{s} outside [{lo}, {}]", lo + span);
                }
            }
            for node in ["IDX", "P1", "P2"] {
                let scores = r.scores(node, period).unwrap();
                prop_assert!(scores.iter().flatten().all(|s| s.is_finite()));
                let min = r.ranks(node, period).unwrap();
                for (u, (s, rk)) in scores.iter().zip(&min).enumerate() {
                    prop_assert_eq!(s.is_some(), rk.is_some(), "unit {}", u);
                    if let (Some(s), Some(rk)) = (s, rk) {
                        let better = scores.iter().flatten().filter(|o| *o > s).count();
                        prop_assert_eq!(*rk, (better + 1) as f64);
                    }
                }
                let first = r.clone().with_ties(TieMethod::First).ranks(node, period).unwrap();
                let mut f: Vec<f64> = first.into_iter().flatten().collect();
                f.sort_by(f64::total_cmp);
                let expect: Vec<f64> = (1..=f.len()).map(|k| k as f64).collect();
                prop_assert_eq!(f, expect);
            }
        }
    }

    /// Under a monotone aggregation (arithmetic, geometric on [1, 2]), raising one indicator of one unit in
    /// the direction of its polarity never lowers that unit's score on any node.
    #[test]
    fn improving_an_indicator_never_lowers_the_score(
        w in weights(), v in values(), unit in 0..N, ind in 0..5usize, step in 0.1f64..5.0,
        geometric in any::<bool>(), neg in any::<bool>()) {
        let pol = if neg { Polarity::Negative } else { Polarity::Positive };
        let mut cfg = PipelineConfig::new(framework(&w, &[pol; 5]));
        cfg.normalisation = Normalisation::MinMax { lo: 1.0, hi: 2.0 };
        cfg.aggregation = if geometric { Aggregation::Geometric } else { Aggregation::Arithmetic };
        prop_assume!(cfg.aggregation.is_monotone());
        let before = panel(N, &v, &[true; CELLS]);
        let mut better = v.clone();
        better[ind * N + unit] += pol.sign() * step; // period 2020
        let after = panel(N, &better, &[true; CELLS]);
        let (r0, r1) = (cfg.run(&before), cfg.run(&after));
        prop_assume!(r0.is_ok() && r1.is_ok());
        if let (Ok(r0), Ok(r1)) = (r0, r1) {
            let code = format!("U{unit}");
            for node in ["IDX", "P1", "P2"] {
                let s0 = r0.score(&code, node, 2020).unwrap().unwrap();
                let s1 = r1.score(&code, node, 2020).unwrap().unwrap();
                prop_assert!(s1 >= s0 - 1e-12, "{node}: {s0} -> {s1}");
            }
        }
    }

    /// Flipping the polarity of every indicator mirrors the scores (min-max to [0, 1], arithmetic mean:
    /// s' = 1 − s) and so reverses the ranking.
    #[test]
    fn polarity_flip_mirrors_ranks(w in weights(), v in values()) {
        let pos = PipelineConfig::new(framework(&w, &[Polarity::Positive; 5]));
        let neg = PipelineConfig::new(framework(&w, &[Polarity::Negative; 5]));
        let p = panel(N, &v, &[true; CELLS]);
        let (a, b) = (pos.run(&p), neg.run(&p));
        prop_assume!(a.is_ok() && b.is_ok());
        if let (Ok(a), Ok(b)) = (a, b) {
            for period in [2020, 2021] {
                let sa = a.scores("IDX", period).unwrap();
                let sb = b.scores("IDX", period).unwrap();
                for (x, y) in sa.iter().zip(&sb) {
                    prop_assert!((x.unwrap() + y.unwrap() - 1.0).abs() < 1e-12);
                }
                for i in 0..N {
                    for j in 0..N {
                        let (xi, xj) = (sa[i].unwrap(), sa[j].unwrap());
                        if xi - xj > 1e-9 {
                            prop_assert!(sb[i].unwrap() < sb[j].unwrap());
                        }
                    }
                }
                let ra = a.ranks("IDX", period).unwrap();
                let rb = b.ranks("IDX", period).unwrap();
                // the best under one polarity is the worst under the other
                let best = ra.iter().position(|r| *r == Some(1.0)).unwrap();
                let worst_rank = rb.iter().flatten().cloned().fold(0.0, f64::max);
                prop_assert_eq!(rb[best], Some(worst_rank));
            }
        }
    }

    /// No panic and no NaN on arbitrary finite input and arbitrary method choices: either an error or finite
    /// scores everywhere.
    #[test]
    fn never_panics_never_nan(
        w in weights(),
        v in prop::collection::vec(prop_oneof![-1e6f64..1e6, Just(0.0), Just(1.0)], CELLS),
        holes in prop::collection::vec(prop::bool::weighted(0.2), CELLS),
        agg in prop_oneof![Just(Aggregation::Arithmetic), Just(Aggregation::Geometric)],
        wt in weighting(), skip in any::<bool>()) {
        let present: Vec<bool> = holes.iter().map(|h| !h).collect();
        let mut cfg = PipelineConfig::new(framework(&w, &[Polarity::Positive; 5]));
        cfg.aggregation = agg;
        cfg.weighting.insert("IDX".into(), wt);
        if !skip {
            cfg.missing = mfg_quality_composite::aggregate::MissingPolicy::Error;
        }
        if let Ok(r) = cfg.run(&panel(N, &v, &present)) {
            for node in r.node_ids() {
                for period in [2020, 2021] {
                    prop_assert!(r.scores(node, period).unwrap().iter().flatten().all(|s| s.is_finite()));
                    prop_assert!(r.ranks(node, period).unwrap().iter().flatten().all(|s| s.is_finite()));
                }
            }
            prop_assert!(r.write_csv_str().is_ok());
        }
    }
}
