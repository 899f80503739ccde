//! Invariants of the methods, over random designs and models.

use mfg_quality_sensitivity::Measure;
use mfg_quality_sensitivity::delta::Delta;
use mfg_quality_sensitivity::fast::Fast;
use mfg_quality_sensitivity::lhs::LatinHypercube;
use mfg_quality_sensitivity::pawn::Pawn;
use mfg_quality_sensitivity::rbd_fast::RbdFast;
use mfg_quality_sensitivity::unit_cube::Bootstrap;
use proptest::prelude::*;

fn model(c: &[f64], x: &[f64]) -> f64 {
    c[0] * x[0] + c[1] * (6.0 * x[1]).sin() + c[2] * x[0] * x[2] + 0.01 * x[1]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn lhs_has_one_point_per_stratum(n in 1usize..200, d in 1usize..6, seed in any::<u64>()) {
        let x = LatinHypercube::new(n).unwrap().sample(d, seed).unwrap();
        prop_assert_eq!(x.len(), n * d);
        for j in 0..d {
            let mut s: Vec<usize> = (0..n).map(|i| (x[i * d + j] * n as f64).floor() as usize).collect();
            s.sort_unstable();
            prop_assert_eq!(s, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn efast_indices_are_ordered_fractions(c in prop::collection::vec(-3.0f64..3.0, 3), seed in any::<u64>()) {
        let fast = Fast::new(257, 4).unwrap().with_bootstrap(Bootstrap::none());
        let x = fast.sample(3, seed).unwrap();
        let y: Vec<f64> = x.chunks(3).map(|r| model(&c, r)).collect();
        let r = fast.analyze(&y, 3, 1).unwrap();
        let (s1, st) = (r.column(0, Measure::FirstOrder), r.column(0, Measure::Total));
        for (a, b) in s1.iter().zip(&st) {
            // The M harmonics of ω lie above ω/2: S1 and 1 − ST split disjoint parts of the spectrum.
            prop_assert!(*a >= 0.0 && *a <= *b + 1e-12 && *b <= 1.0 + 1e-12, "{a} {b}");
        }
    }

    #[test]
    fn rbd_fast_ignores_row_order_and_output_affine_maps(
        c in prop::collection::vec(-3.0f64..3.0, 3), seed in any::<u64>(), a in 0.5f64..4.0, b in -5.0f64..5.0
    ) {
        let n = 300;
        let x = LatinHypercube::new(n).unwrap().sample(3, seed).unwrap();
        let y: Vec<f64> = x.chunks(3).map(|r| model(&c, r)).collect();
        let rbd = RbdFast::default().with_bootstrap(Bootstrap::none());
        let s = rbd.analyze(&x, 3, &y, 1).unwrap().column(0, Measure::FirstOrder);
        // Reverse the rows.
        let xr: Vec<f64> = x.chunks(3).rev().flatten().copied().collect();
        let yr: Vec<f64> = y.iter().rev().copied().collect();
        let sr = rbd.analyze(&xr, 3, &yr, 1).unwrap().column(0, Measure::FirstOrder);
        prop_assert_eq!(&s, &sr);
        let ya: Vec<f64> = y.iter().map(|v| a * v + b).collect();
        let sa = rbd.analyze(&x, 3, &ya, 1).unwrap().column(0, Measure::FirstOrder);
        for (u, v) in s.iter().zip(&sa) {
            prop_assert!((u - v).abs() < 1e-9);
        }
    }

    #[test]
    fn pawn_is_invariant_under_increasing_output_maps(c in prop::collection::vec(-3.0f64..3.0, 3), seed in any::<u64>()) {
        let n = 200;
        let x = LatinHypercube::new(n).unwrap().sample(3, seed).unwrap();
        let y: Vec<f64> = x.chunks(3).map(|r| model(&c, r)).collect();
        let y3: Vec<f64> = y.iter().map(|v| v * v * v + 2.0 * v).collect();
        let p = Pawn::default();
        let (r, r3) = (p.analyze(&x, 3, &y, 1).unwrap(), p.analyze(&x, 3, &y3, 1).unwrap());
        prop_assert_eq!(&r.indices, &r3.indices);
        for e in &r.indices {
            prop_assert!(e.estimate >= 0.0 && (e.measure == Measure::PawnCv || e.estimate <= 1.0));
        }
        let (lo, med, hi) = (r.column(0, Measure::PawnMinimum), r.column(0, Measure::PawnMedian), r.column(0, Measure::PawnMaximum));
        for i in 0..3 {
            prop_assert!(lo[i] <= med[i] && med[i] <= hi[i]);
        }
    }

    #[test]
    fn delta_ignores_row_order(c in prop::collection::vec(-3.0f64..3.0, 3), seed in any::<u64>()) {
        let n = 200;
        let x = LatinHypercube::new(n).unwrap().sample(3, seed).unwrap();
        let y: Vec<f64> = x.chunks(3).map(|r| model(&c, r)).collect();
        let dl = Delta::default().with_bootstrap(Bootstrap::none());
        let r = dl.analyze(&x, 3, &y, 1).unwrap();
        let xr: Vec<f64> = x.chunks(3).rev().flatten().copied().collect();
        let yr: Vec<f64> = y.iter().rev().copied().collect();
        let rr = dl.analyze(&xr, 3, &yr, 1).unwrap();
        for (u, v) in r.indices.iter().zip(&rr.indices) {
            prop_assert!((u.estimate - v.estimate).abs() < 1e-12, "{u:?} {v:?}");
        }
        for e in &r.indices {
            prop_assert!(e.estimate >= 0.0 && e.estimate <= 1.0 + 1e-9, "{e:?}");
        }
    }
}

#[test]
fn several_outputs_equal_separate_runs() {
    // Output 1 is an increasing affine map of output 0: every index is the same for both.
    let n = 400;
    let x = LatinHypercube::new(n).unwrap().sample(3, 5).unwrap();
    let c = [1.0, 2.0, -1.5];
    let y: Vec<f64> = x
        .chunks(3)
        .flat_map(|r| {
            let v = model(&c, r);
            [v, 2.0 * v + 3.0]
        })
        .collect();
    let y0: Vec<f64> = y.iter().step_by(2).copied().collect();
    let rbd = RbdFast::default();
    let (two, one) = (
        rbd.analyze(&x, 3, &y, 2).unwrap(),
        rbd.analyze(&x, 3, &y0, 1).unwrap(),
    );
    assert_eq!(two.outputs, vec!["y1", "y2"]);
    for m in [Measure::FirstOrder] {
        for (a, b) in two.column(1, m).iter().zip(one.column(0, m)) {
            assert!((a - b).abs() < 1e-9);
        }
        assert_eq!(two.column(0, m), one.column(0, m));
    }
    let p = Pawn::default();
    assert_eq!(
        p.analyze(&x, 3, &y, 2)
            .unwrap()
            .column(1, Measure::PawnMedian),
        p.analyze(&x, 3, &y0, 1)
            .unwrap()
            .column(0, Measure::PawnMedian)
    );
    let dl = Delta::default().with_bootstrap(Bootstrap::none());
    let (a, b) = (
        dl.analyze(&x, 3, &y, 2).unwrap(),
        dl.analyze(&x, 3, &y0, 1).unwrap(),
    );
    for (u, v) in a
        .column(1, Measure::Delta)
        .iter()
        .zip(b.column(0, Measure::Delta))
    {
        assert!((u - v).abs() < 1e-9);
    }
    // eFAST through the vector-model convenience.
    let fast = Fast::new(129, 4)
        .unwrap()
        .with_bootstrap(Bootstrap::new(10, 0.9, 2).unwrap());
    let bounds = mfg_quality_sensitivity::unit_cube::Bounds::new(vec![(0.0, 1.0); 3]).unwrap();
    let vm = |r: &[f64]| {
        let v = model(&c, r);
        vec![v, 2.0 * v + 3.0]
    };
    let r = fast.analyze_model_multi(&vm, &bounds, 2, 4).unwrap();
    for (u, v) in r
        .column(0, Measure::Total)
        .iter()
        .zip(r.column(1, Measure::Total))
    {
        assert!((u - v).abs() < 1e-9);
    }
    assert_eq!(r.confidence, Some(0.9));
    assert_eq!(r.evaluations, 129 * 3);
}

#[test]
fn vector_model_conveniences_name_factors_and_outputs() {
    let bounds = mfg_quality_sensitivity::unit_cube::Bounds::new(vec![(0.0, 1.0); 3])
        .unwrap()
        .with_names(vec!["a".into(), "b".into(), "c".into()])
        .unwrap();
    let c = [1.0, 2.0, -1.5];
    let vm = |r: &[f64]| {
        let v = model(&c, r);
        vec![v, v * v]
    };
    let rbd = RbdFast::default()
        .analyze_model_multi(&vm, &bounds, 2, 300, 1)
        .unwrap();
    let pawn = Pawn::default()
        .analyze_model_multi(&vm, &bounds, 2, 300, 1)
        .unwrap();
    let dl = Delta::default()
        .with_bootstrap(Bootstrap::none())
        .analyze_model_multi(&vm, &bounds, 2, 300, 1)
        .unwrap();
    for r in [&rbd, &pawn, &dl] {
        assert_eq!(r.factors, vec!["a", "b", "c"]);
        assert_eq!(r.outputs, vec!["y1", "y2"]);
        assert_eq!(r.evaluations, 300);
        assert!(r.write_csv_str().lines().nth(1).unwrap().contains(",y1,a,"));
    }
}
