//! Property tests of the new statistics: the Dagum identity, invariances of Moran's I and Geary's C, and the
//! exact rank-test p-values against brute-force enumeration.

use mfg_quality_regional::*;
use proptest::prelude::*;

/// All permutations of `0..n` (Heap's algorithm, recursive; small n only).
fn permutations(n: usize) -> Vec<Vec<usize>> {
    fn heap(k: usize, a: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if k <= 1 {
            out.push(a.clone());
            return;
        }
        for i in 0..k {
            heap(k - 1, a, out);
            let j = if k.is_multiple_of(2) { i } else { 0 };
            a.swap(j, k - 1);
        }
    }
    let mut a: Vec<usize> = (0..n).collect();
    let mut out = Vec::new();
    heap(n, &mut a, &mut out);
    out
}

fn ring(n: usize) -> SpatialWeights {
    let m: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    let d = i.abs_diff(j);
                    if d == 1 || d == n - 1 { 1.0 } else { 0.0 }
                })
                .collect()
        })
        .collect();
    let labels: Vec<String> = (0..n).map(|i| format!("u{i}")).collect();
    SpatialWeights::from_matrix(&labels, &m, WeightsStyle::RowStandardised).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn dagum_parts_add_up_to_the_gini(
        x in prop::collection::vec(0.01f64..100.0, 6..40),
        labels in prop::collection::vec(0u8..4, 40),
        w in prop::collection::vec(0.1f64..5.0, 40),
    ) {
        let labels: Vec<String> = labels[..x.len()].iter().map(|g| format!("g{g}")).collect();
        let g = Grouping::from_labels(&labels);
        for weights in [None, Some(&w[..x.len()])] {
            let d = gini_decomposition(&x, weights, &g).unwrap();
            prop_assert!((d.within + d.between + d.overlap - d.total).abs() < 1e-12);
            prop_assert!((d.total - gini(&x, weights).unwrap()).abs() < 1e-12);
            prop_assert!(d.within >= 0.0 && d.between >= 0.0 && d.overlap >= -1e-15);
            for p in &d.pairs {
                prop_assert!((0.0..=1.0).contains(&p.relative_affluence));
            }
        }
    }

    #[test]
    fn moran_and_geary_are_invariant_to_affine_rescaling(
        x in prop::collection::vec(-50.0f64..50.0, 5..30),
        a in 0.1f64..10.0,
        b in -100.0f64..100.0,
    ) {
        prop_assume!(x.iter().any(|&v| (v - x[0]).abs() > 1e-6));
        let w = ring(x.len());
        let y: Vec<f64> = x.iter().map(|v| a * v + b).collect();
        let (m1, m2) = (morans_i(&x, &w, 0, 0).unwrap(), morans_i(&y, &w, 0, 0).unwrap());
        prop_assert!((m1.statistic - m2.statistic).abs() < 1e-9);
        prop_assert!((m1.randomisation.unwrap().z - m2.randomisation.unwrap().z).abs() < 1e-7);
        let (c1, c2) = (gearys_c(&x, &w, 0, 0).unwrap(), gearys_c(&y, &w, 0, 0).unwrap());
        prop_assert!((c1.statistic - c2.statistic).abs() < 1e-9);
        let l = local_moran(&x, &w, 19, 3, 0.05).unwrap();
        // Σᵢ Iᵢ = (n − 1)/n · n · I for row-standardised weights (S₀ = n): the LISAs add up to the global I.
        let n = x.len() as f64;
        let sum: f64 = l.units.iter().map(|u| u.i).sum();
        prop_assert!((sum / (n - 1.0) - m1.statistic).abs() < 1e-9);
    }
}

#[test]
fn kendall_exact_p_matches_brute_force_enumeration() {
    // For n ≤ 7, every permutation y of 0..n against x = 0..n; p = min(1, 2·P(C ≤ min(D, n₀ − D))).
    for n in 3..=7usize {
        let perms = permutations(n);
        let inversions = |p: &[usize]| {
            let mut c = 0;
            for i in 0..p.len() {
                for j in (i + 1)..p.len() {
                    c += usize::from(p[i] > p[j]);
                }
            }
            c
        };
        let counts: Vec<usize> = perms.iter().map(|p| inversions(p)).collect();
        let n0 = n * (n - 1) / 2;
        let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
        for p in perms.iter().step_by(5) {
            let y: Vec<f64> = p.iter().map(|&v| v as f64).collect();
            let d = inversions(p);
            let c = d.min(n0 - d);
            let brute = (2.0 * counts.iter().filter(|&&k| k <= c).count() as f64
                / perms.len() as f64)
                .min(1.0);
            let k = kendall_test(&x, &y, KendallPValue::Exact).unwrap();
            assert!(
                (k.p_value - brute).abs() < 1e-12,
                "n {n} {p:?}: {} vs {brute}",
                k.p_value
            );
            assert_eq!(k.s, n0 as i64 - 2 * d as i64);
        }
    }
}

#[test]
fn spearman_exact_p_matches_brute_force_enumeration() {
    // Direct enumeration of ρ over all pairings (with ties in y), counted with a tolerance.
    let x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    for y in [
        [2.0, 1.0, 4.0, 3.0, 6.0, 5.0],
        [6.0, 1.0, 2.0, 2.0, 5.0, 3.0],
        [3.0, 3.0, 1.0, 4.0, 4.0, 2.0],
    ] {
        let rho = |yy: &[f64]| mfg_quality_indicators::stats::spearman(&x, yy);
        let obs = rho(&y);
        let (mut le, mut ge, mut total) = (0usize, 0usize, 0usize);
        for p in permutations(6) {
            let yy: Vec<f64> = p.iter().map(|&i| y[i]).collect();
            let r = rho(&yy);
            le += usize::from(r <= obs + 1e-12);
            ge += usize::from(r >= obs - 1e-12);
            total += 1;
        }
        let brute = (2.0 * le.min(ge) as f64 / total as f64).min(1.0);
        let t = spearman_rho_test(&x, &y, SpearmanPValue::Exact).unwrap();
        assert!(
            (t.p_value - brute).abs() < 1e-12,
            "{y:?}: {} vs {brute}",
            t.p_value
        );
        // Reversing y mirrors ρ and leaves the two-sided p unchanged.
        let rev: Vec<f64> = y.iter().map(|v| -v).collect();
        let r = spearman_rho_test(&x, &rev, SpearmanPValue::Exact).unwrap();
        assert!((r.p_value - t.p_value).abs() < 1e-12 && (r.rho + t.rho).abs() < 1e-12);
    }
}
