//! Property tests: ranges, scale and permutation invariance, decomposition identities.

use mfg_quality_regional::*;
use proptest::prelude::*;

fn positive_values() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.01f64..1000.0, 2..40)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn gini_in_unit_interval(x in positive_values()) {
        let g = gini(&x, None).unwrap();
        prop_assert!((0.0..1.0).contains(&g));
        let n = x.len() as f64;
        prop_assert!(g <= (n - 1.0) / n + 1e-12);
    }

    #[test]
    fn gini_equals_double_sum_definition(
        x in prop::collection::vec(0.0f64..100.0, 2..30),
        w in prop::collection::vec(0.0f64..5.0, 30),
    ) {
        prop_assume!(x.iter().sum::<f64>() > 0.0);
        let w = &w[..x.len()];
        prop_assume!(w.iter().sum::<f64>() > 0.0 && x.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() > 0.0);
        // G = Σᵢ Σⱼ wᵢ wⱼ |xᵢ − xⱼ| / (2 W² μ), μ = Σ wᵢ xᵢ / W
        let direct = |w: &[f64]| {
            let wt: f64 = w.iter().sum();
            let mu = x.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() / wt;
            let mut s = 0.0;
            for i in 0..x.len() {
                for j in 0..x.len() {
                    s += w[i] * w[j] * (x[i] - x[j]).abs();
                }
            }
            s / (2.0 * wt * wt * mu)
        };
        let ones = vec![1.0; x.len()];
        prop_assert!((gini(&x, None).unwrap() - direct(&ones)).abs() < 1e-12);
        prop_assert!((gini(&x, Some(w)).unwrap() - direct(w)).abs() < 1e-12);
    }

    #[test]
    fn indices_are_scale_invariant(x in positive_values(), k in 0.001f64..1000.0) {
        let y: Vec<f64> = x.iter().map(|v| v * k).collect();
        prop_assert!((gini(&x, None).unwrap() - gini(&y, None).unwrap()).abs() < 1e-10);
        prop_assert!((theil_t(&x, None).unwrap() - theil_t(&y, None).unwrap()).abs() < 1e-10);
        prop_assert!((theil_l(&x, None).unwrap() - theil_l(&y, None).unwrap()).abs() < 1e-10);
        prop_assert!((coefficient_of_variation(&x, None).unwrap()
            - coefficient_of_variation(&y, None).unwrap()).abs() < 1e-10);
    }

    #[test]
    fn indices_are_permutation_invariant(
        (pairs, shuffled) in prop::collection::vec((0.01f64..1000.0, 0.1f64..10.0), 2..40)
            .prop_flat_map(|p| (Just(p.clone()), Just(p).prop_shuffle()))
    ) {
        // values and weights permuted together
        let (x, w): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
        let (y, wy): (Vec<f64>, Vec<f64>) = shuffled.into_iter().unzip();
        prop_assert!((gini(&x, None).unwrap() - gini(&y, None).unwrap()).abs() < 1e-12);
        prop_assert!((gini(&x, Some(&w)).unwrap() - gini(&y, Some(&wy)).unwrap()).abs() < 1e-12);
        prop_assert!((theil_t(&x, Some(&w)).unwrap() - theil_t(&y, Some(&wy)).unwrap()).abs() < 1e-12);
        prop_assert!((theil_l(&x, Some(&w)).unwrap() - theil_l(&y, Some(&wy)).unwrap()).abs() < 1e-12);
        prop_assert!((coefficient_of_variation(&x, Some(&w)).unwrap()
            - coefficient_of_variation(&y, Some(&wy)).unwrap()).abs() < 1e-12);
    }

    #[test]
    fn theil_between_plus_within_is_total(
        x in positive_values(),
        wseed in prop::collection::vec(0.1f64..10.0, 40),
        k in 1u32..5,
    ) {
        let n = x.len();
        let ids: Vec<u32> = (0..n as u32).map(|i| i % k).collect();
        let k = k.min(n as u32);
        let names: Vec<String> = (0..k).map(|g| format!("g{g}")).collect();
        let g = Grouping::new(ids, names).unwrap();
        for w in [None, Some(&wseed[..n])] {
            let d = theil_decomposition(&x, w, &g).unwrap();
            prop_assert!((d.t.between + d.t.within - d.t.total).abs() < 1e-12);
            prop_assert!((d.l.between + d.l.within - d.l.total).abs() < 1e-12);
            prop_assert!(d.t.between >= -1e-15 && d.l.between >= -1e-15);
            let ps: f64 = d.groups.iter().map(|g| g.population_share).sum();
            let is: f64 = d.groups.iter().map(|g| g.income_share).sum();
            prop_assert!((ps - 1.0).abs() < 1e-12 && (is - 1.0).abs() < 1e-12);
            prop_assert!((d.t.total - theil_t(&x, w).unwrap()).abs() < 1e-12);
        }
    }

    #[test]
    fn contributions_sum_to_total_growth(
        prev in prop::collection::vec(1.0f64..1000.0, 1..6),
        growth in prop::collection::vec(-0.9f64..2.0, 6),
    ) {
        let comps: Vec<Component> = prev.iter().zip(&growth)
            .enumerate()
            .map(|(i, (p, g))| Component::new(format!("c{i}"), *p, p * (1.0 + g)))
            .collect();
        let d = decompose_growth(&comps, None, 0.0).unwrap();
        let s: f64 = d.components.iter().map(|c| c.contribution_pp).sum();
        prop_assert!((s - d.total_growth_pct).abs() < 1e-9);
        let sc: f64 = d.components.iter().map(|c| c.share_change_pp.unwrap()).sum();
        prop_assert!(sc.abs() < 1e-9);
    }

    #[test]
    fn group_median_equals_shared_median(x in prop::collection::vec(-100.0f64..100.0, 1..30)) {
        let g = Grouping::from_labels(&vec!["a"; x.len()]);
        let s = group_summaries(&x, None, &g).unwrap();
        prop_assert!((s[0].median - mfg_quality_indicators::stats::median(&x)).abs() < 1e-12);
        prop_assert!((s[0].mean - mfg_quality_indicators::stats::mean(&x)).abs() < 1e-12);
    }
}
