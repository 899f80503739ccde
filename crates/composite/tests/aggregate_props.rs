//! Property tests of the aggregation methods.

use mfg_quality_composite::aggregate::{
    Aggregation, AggregationContext, MissingPolicy, MpiSign, OwaWeights, TopsisNormalisation,
    kemeny_ranking,
};
use proptest::prelude::*;

/// A matrix of `n` units × `m` children with positive values, and positive weights.
fn case(max_n: usize, max_m: usize) -> impl Strategy<Value = (usize, usize, Vec<f64>, Vec<f64>)> {
    (1..=max_n, 1..=max_m).prop_flat_map(|(n, m)| {
        (
            Just(n),
            Just(m),
            prop::collection::vec(0.01f64..100.0, n * m),
            prop::collection::vec(0.01f64..1.0, m),
        )
    })
}

fn unitwise_methods() -> Vec<Aggregation> {
    vec![
        Aggregation::Arithmetic,
        Aggregation::Geometric,
        Aggregation::Harmonic,
        Aggregation::Power { p: 2.5 },
        Aggregation::Power { p: 0.3 },
        Aggregation::Power { p: -2.0 },
        Aggregation::Owa {
            weights: OwaWeights::Orness { orness: 0.2 },
        },
        Aggregation::Owa {
            weights: OwaWeights::Orness { orness: 0.8 },
        },
    ]
}

fn all_methods() -> Vec<Aggregation> {
    let mut v = unitwise_methods();
    v.extend([
        Aggregation::MazziottaPareto {
            sign: MpiSign::Minus,
        },
        Aggregation::Topsis {
            normalisation: TopsisNormalisation::Vector,
        },
        Aggregation::Topsis {
            normalisation: TopsisNormalisation::MinMax,
        },
        Aggregation::Vikor { v: 0.5 },
        Aggregation::Borda,
        Aggregation::Copeland,
        Aggregation::Kemeny { max_units: 8 },
    ]);
    v
}

fn scores(a: &Aggregation, data: &[f64], mask: &[bool], n: usize, w: &[f64]) -> Vec<f64> {
    a.aggregate(
        data,
        mask,
        n,
        w,
        MissingPolicy::SkipAndReweight,
        &AggregationContext::default(),
    )
    .unwrap()
    .scores
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Every method declared monotone: improving one input of one unit never lowers its score.
    #[test]
    fn monotone_methods_never_lower_a_score(
        (n, m, data, w) in case(6, 5), pick in any::<prop::sample::Index>(), bump in 0.001f64..50.0,
    ) {
        for a in unitwise_methods() {
            prop_assert!(a.is_monotone());
            let cell = pick.index(n * m);
            let unit = cell % n;
            let before = scores(&a, &data, &[], n, &w)[unit];
            let mut better = data.clone();
            better[cell] += bump;
            let after = scores(&a, &better, &[], n, &w)[unit];
            prop_assert!(after >= before - 1e-9 * before.abs().max(1.0), "{:?}: {} -> {}", a, before, after);
        }
    }

    /// Weighted means and OWA lie between the unit's smallest and largest input.
    #[test]
    fn means_lie_between_min_and_max((n, m, data, w) in case(6, 6)) {
        for a in unitwise_methods() {
            let s = scores(&a, &data, &[], n, &w);
            for i in 0..n {
                let row: Vec<f64> = (0..m).map(|j| data[j * n + i]).collect();
                let lo = row.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let tol = 1e-12 * hi.abs().max(1.0);
                prop_assert!(s[i] >= lo - tol && s[i] <= hi + tol, "{:?} unit {}: {} not in [{}, {}]", a, i, s[i], lo, hi);
            }
        }
    }

    /// Skip-and-reweight with a complete (explicit, all-true) mask equals the plain method; every output is
    /// finite.
    #[test]
    fn complete_mask_equals_plain((n, m, data, w) in case(6, 4)) {
        let mask = vec![true; n * m];
        for a in all_methods() {
            let ctx = AggregationContext::default();
            let plain = a.aggregate(&data, &[], n, &w, MissingPolicy::Error, &ctx);
            let skip = a.aggregate(&data, &mask, n, &w, MissingPolicy::SkipAndReweight, &ctx);
            match (plain, skip) {
                (Ok(p), Ok(s)) => {
                    prop_assert_eq!(&p, &s);
                    prop_assert!(p.scores.iter().all(|x| x.is_finite()));
                    prop_assert!(p.present.iter().all(|&x| x));
                }
                // MPI on a one-unit matrix has a constant column: same error both ways.
                (Err(e1), Err(e2)) => prop_assert_eq!(e1, e2),
                (p, s) => prop_assert!(false, "{:?}: {:?} vs {:?}", a, p, s),
            }
        }
    }

    /// With missing cells, a unitwise method scores a unit as it would score the unit's present children
    /// alone, with their weights re-normalised.
    #[test]
    fn skip_and_reweight_equals_method_on_present_children(
        (n, m, data, w) in case(5, 5), holes in prop::collection::vec(any::<bool>(), 25),
    ) {
        let mask: Vec<bool> = (0..n * m).map(|k| !holes[k % holes.len()]).collect();
        for a in unitwise_methods() {
            let out = a.aggregate(&data, &mask, n, &w, MissingPolicy::SkipAndReweight, &AggregationContext::default()).unwrap();
            for i in 0..n {
                let (vals, ws): (Vec<f64>, Vec<f64>) =
                    (0..m).filter(|&j| mask[j * n + i]).map(|j| (data[j * n + i], w[j])).unzip();
                if vals.is_empty() {
                    prop_assert!(!out.present[i]);
                    continue;
                }
                let alone = scores(&a, &vals, &[], 1, &ws)[0];
                let got = out.scores[i];
                prop_assert!((got - alone).abs() <= 1e-10 * alone.abs().max(1.0), "{:?}: {} vs {}", a, got, alone);
            }
        }
    }

    /// Borda, Copeland and Kemeny produce valid rankings: Borda points sum to n(n−1)/2, Copeland scores to 0,
    /// Kemeny scores are a permutation of 1..=n whose agreement equals the brute-force optimum.
    #[test]
    fn rank_based_methods_give_valid_rankings((n, _m, data, w) in case(6, 4)) {
        let nf = n as f64;
        let b = scores(&Aggregation::Borda, &data, &[], n, &w);
        prop_assert!((b.iter().sum::<f64>() - nf * (nf - 1.0) / 2.0).abs() < 1e-9);
        prop_assert!(b.iter().all(|&x| (-1e-12..=nf - 1.0 + 1e-12).contains(&x)));
        let c = scores(&Aggregation::Copeland, &data, &[], n, &w);
        prop_assert!(c.iter().sum::<f64>().abs() < 1e-12);
        prop_assert!(c.iter().all(|&x| x.fract().abs() < 1e-12 && x.abs() <= nf - 1.0));
        let k = kemeny_ranking(&data, n, &w, 8).unwrap();
        let mut sorted = k.scores.clone();
        sorted.sort_by(f64::total_cmp);
        prop_assert_eq!(sorted, (1..=n).map(|x| x as f64).collect::<Vec<_>>());
        // Brute force over all permutations.
        let e = &k.outranking;
        let mut perm: Vec<usize> = (0..n).collect();
        let mut best = f64::NEG_INFINITY;
        permute(&mut perm, 0, &mut |p| {
            let mut s = 0.0;
            for x in 0..n { for y in x + 1..n { s += e[p[x] * n + p[y]]; } }
            best = best.max(s);
        });
        prop_assert!((k.agreement - best).abs() < 1e-9, "{} vs brute force {}", k.agreement, best);
        let mut agreement = 0.0;
        for x in 0..n { for y in x + 1..n { agreement += e[k.order[x] * n + k.order[y]]; } }
        prop_assert!((agreement - k.agreement).abs() < 1e-9);
    }
}

/// Values from every corner of f64 that is finite: huge, tiny, zero, negative.
fn wild() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1e300f64..1e300,
        -10.0f64..10.0,
        Just(0.0),
        1e-310f64..1e-300,
        1e300f64..f64::MAX
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// No NaN or ±Inf in any output on any finite input, with any mask and weights (some zero): every method
    /// either returns finite scores (0 where absent) or a named error.
    #[test]
    fn never_a_nan(
        (n, m) in (1usize..6, 1usize..5),
        values in prop::collection::vec(wild(), 30),
        holes in prop::collection::vec(any::<bool>(), 30),
        raw_w in prop::collection::vec(prop_oneof![Just(0.0), 0.0f64..1.0], 5),
    ) {
        let data: Vec<f64> = (0..n * m).map(|k| values[k]).collect();
        let mask: Vec<bool> = (0..n * m).map(|k| !holes[k]).collect();
        let mut w: Vec<f64> = raw_w[..m].to_vec();
        w[0] += 0.1; // a positive sum
        let mut methods = all_methods();
        methods.push(Aggregation::AdjustedMazziottaPareto { sign: MpiSign::Plus, goalposts: Default::default() });
        methods.push(Aggregation::Power { p: 1e-8 });
        for a in methods {
            for policy in [MissingPolicy::SkipAndReweight, MissingPolicy::Error] {
                if let Ok(out) = a.aggregate(&data, &mask, n, &w, policy, &AggregationContext::default()) {
                    prop_assert!(out.scores.iter().all(|x| x.is_finite()), "{:?}: {:?}", a, out.scores);
                    for i in 0..n {
                        if !out.present[i] {
                            prop_assert_eq!(out.scores[i].to_bits(), 0.0f64.to_bits());
                        }
                    }
                }
            }
        }
    }
}

fn permute(p: &mut Vec<usize>, k: usize, f: &mut impl FnMut(&[usize])) {
    if k == p.len() {
        f(p);
        return;
    }
    for i in k..p.len() {
        p.swap(k, i);
        permute(p, k + 1, f);
        p.swap(k, i);
    }
}
