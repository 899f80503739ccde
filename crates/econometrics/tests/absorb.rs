//! `absorb` (the within transformation of one column), `Factor::from_codes` and the `FixefK` option.

use mfg_quality_econometrics::{
    Column, DemeanOptions, EconError, Factor, FixedEffects, FixefK, Ols, Vcov, absorb,
};

fn two_way(n: usize) -> (Vec<u32>, Vec<u32>, Vec<f64>) {
    let a: Vec<u32> = (0..n).map(|i| ((i * 7919) % 37) as u32).collect();
    let b: Vec<u32> = (0..n).map(|i| ((i * 104729) % 11) as u32).collect();
    let x: Vec<f64> = (0..n)
        .map(|i| (i as f64 * 0.37).sin() + f64::from(a[i]) * 0.1 - f64::from(b[i]) * 0.3)
        .collect();
    (a, b, x)
}

#[test]
fn absorbed_column_has_zero_level_sums_and_is_idempotent() {
    let (a, b, x) = two_way(500);
    let fe = FixedEffects::new(vec![
        Factor::new("a", &a).unwrap(),
        Factor::new("b", &b).unwrap(),
    ])
    .unwrap();
    let r = absorb("x", x, &fe, None, DemeanOptions::default()).unwrap();
    assert_eq!(r.singletons_removed(), 0);
    for codes in [&a, &b] {
        let mut s = [0.0; 37];
        for (&c, &v) in codes.iter().zip(r.values()) {
            s[c as usize] += v;
        }
        assert!(s.iter().all(|v| v.abs() < 1e-9), "{s:?}");
    }
    let again = absorb(
        "x",
        r.values().to_vec(),
        &fe,
        None,
        DemeanOptions::default(),
    )
    .unwrap();
    for (u, v) in again.values().iter().zip(r.values()) {
        assert!((u - v).abs() < 1e-10);
    }
}

#[test]
fn absorb_equals_the_residual_of_a_regression_on_the_fixed_effects_only() {
    // feols(y ~ x | a + b) residuals = absorb(y) − β absorb(x).
    let (a, b, x) = two_way(400);
    let y: Vec<f64> = x
        .iter()
        .enumerate()
        .map(|(i, v)| 2.0 * v + (i as f64).cos())
        .collect();
    let fe = || {
        FixedEffects::new(vec![
            Factor::new("a", &a).unwrap(),
            Factor::new("b", &b).unwrap(),
        ])
        .unwrap()
    };
    let fit = Ols::new(
        Column::new("y", y.clone()),
        vec![Column::new("x", x.clone())],
        fe(),
    )
    .unwrap()
    .fit(&Vcov::Iid)
    .unwrap();
    let beta = fit.coefficients()[0].estimate;
    let ay = absorb("y", y, &fe(), None, DemeanOptions::default()).unwrap();
    let ax = absorb("x", x, &fe(), None, DemeanOptions::default()).unwrap();
    for ((e, yy), xx) in fit.residuals().iter().zip(ay.values()).zip(ax.values()) {
        assert!((e - (yy - beta * xx)).abs() < 1e-9);
    }
}

#[test]
fn singletons_are_flagged_with_one_and_several_fixed_effects() {
    let g = Factor::new("g", &[0, 0, 1, 1, 2]).unwrap();
    let one = absorb(
        "x",
        vec![1.0, 3.0, 5.0, 9.0, 4.0],
        &FixedEffects::new(vec![g.clone()]).unwrap(),
        None,
        DemeanOptions::default(),
    )
    .unwrap();
    assert_eq!(one.in_sample(), &[true, true, true, true, false]);
    let h = Factor::new("h", &[0, 1, 0, 1, 1]).unwrap();
    let two = absorb(
        "x",
        vec![1.0, 3.0, 5.0, 9.0, 4.0],
        &FixedEffects::new(vec![g, h]).unwrap(),
        None,
        DemeanOptions::default(),
    )
    .unwrap();
    assert_eq!(two.singletons_removed(), 1);
    assert!(two.values()[4].abs() < 1e-300);
    // 2×2 balanced design: x = 1, 3, 5, 9 → interaction residual ±0.5.
    for v in &two.values()[..4] {
        assert!((v.abs() - 0.5).abs() < 1e-9, "{v}");
    }
    let all = absorb(
        "x",
        vec![1.0, 2.0],
        &FixedEffects::new(vec![Factor::new("g", &[0, 1]).unwrap()]).unwrap(),
        None,
        DemeanOptions::default(),
    );
    assert_eq!(all.unwrap_err(), EconError::AllSingletons { n_obs: 2 });
    let bad = absorb(
        "x",
        vec![1.0, f64::NAN],
        &FixedEffects::new(vec![Factor::new("g", &[0, 0]).unwrap()]).unwrap(),
        None,
        DemeanOptions::default(),
    );
    assert!(matches!(bad, Err(EconError::NonFinite { row: 1, .. })));
    let short = absorb(
        "x",
        vec![1.0],
        &FixedEffects::new(vec![Factor::new("g", &[0, 0]).unwrap()]).unwrap(),
        None,
        DemeanOptions::default(),
    );
    assert!(matches!(short, Err(EconError::LengthMismatch { .. })));
}

#[test]
fn from_codes_renumbers_unused_levels() {
    let f = Factor::from_codes("c", vec![3, 3, 9, 0]).unwrap();
    assert_eq!((f.levels(), f.codes()), (3, &[1u32, 1, 2, 0][..]));
    let dense = Factor::from_codes("c", vec![1, 0, 1]).unwrap();
    assert_eq!(dense.codes(), &[1, 0, 1]);
    assert!(matches!(
        Factor::from_codes("c", vec![]),
        Err(EconError::Empty { .. })
    ));
}

#[test]
fn fixef_k_none_uses_n_minus_k() {
    let (a, b, x) = two_way(300);
    let y: Vec<f64> = x
        .iter()
        .enumerate()
        .map(|(i, v)| v + (i as f64 * 1.3).sin())
        .collect();
    let fe = FixedEffects::new(vec![
        Factor::new("a", &a).unwrap(),
        Factor::new("b", &b).unwrap(),
    ])
    .unwrap();
    let ols = Ols::new(Column::new("y", y), vec![Column::new("x", x)], fe).unwrap();
    let full = ols.fit(&Vcov::Iid).unwrap();
    let none = ols
        .clone()
        .small_sample(FixefK::None)
        .fit(&Vcov::Iid)
        .unwrap();
    assert_eq!(full.df_k(), 1 + 37 + 11 - 1);
    assert_eq!(none.df_k(), 1);
    let ratio = none.coefficients()[0].std_error / full.coefficients()[0].std_error;
    let expected = ((300.0 - 48.0) / (300.0 - 1.0_f64)).sqrt();
    assert!((ratio - expected).abs() < 1e-12);
    assert!((none.df_t() - 299.0).abs() < 1e-12);
    let again = full.with_small_sample(&Vcov::Iid, FixefK::None).unwrap();
    assert_eq!(again.coefficients(), none.coefficients());
    assert_eq!(again.fixef_k(), FixefK::None);
}

/// A nearly nested pair of fixed effects converges slowly, so the demeaning switches to the
/// cross-tabulation sweeps; the result must still be demeaned within both factors and match OLS.
#[test]
fn slowly_converging_two_way_design_is_demeaned_exactly() {
    let n = 3000;
    let a: Vec<u32> = (0..n).map(|i| (i / 10) as u32).collect();
    let b: Vec<u32> = (0..n)
        .map(|i| {
            if i % 97 == 0 {
                ((i * 31) % 150) as u32
            } else {
                (i / 20) as u32
            }
        })
        .collect();
    let x: Vec<f64> = (0..n)
        .map(|i| (i as f64 * 0.11).sin() + (i / 20) as f64 * 0.01)
        .collect();
    let fe = || {
        FixedEffects::new(vec![
            Factor::new("a", &a).unwrap(),
            Factor::new("b", &b).unwrap(),
        ])
        .unwrap()
    };
    let r = absorb("x", x.clone(), &fe(), None, DemeanOptions::default()).unwrap();
    assert!(r.iterations() > 4, "iterations {}", r.iterations());
    for codes in [&a, &b] {
        let mut s = vec![0.0; 400];
        for (&c, &v) in codes.iter().zip(r.values()) {
            s[c as usize] += v;
        }
        let worst = s.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        assert!(worst < 1e-8, "level sum {worst:e}");
    }
    // Weighted: the weighted level sums vanish.
    let w: Vec<f64> = (0..n).map(|i| 0.5 + (i % 7) as f64 / 7.0).collect();
    let rw = absorb("x", x, &fe(), Some(&w), DemeanOptions::default()).unwrap();
    for codes in [&a, &b] {
        let mut s = vec![0.0; 400];
        for ((&c, &v), &wi) in codes.iter().zip(rw.values()).zip(&w) {
            s[c as usize] += wi * v;
        }
        let worst = s.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        assert!(worst < 1e-8, "weighted level sum {worst:e}");
    }
}
