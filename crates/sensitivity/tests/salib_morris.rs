//! Morris with groups of factors and with scaled elementary effects against SALib 1.6.0, on SALib's own
//! sample matrices and model outputs (`tests/data/salib_morris.json`, written by
//! `tests/data/make_salib_morris.py`, which records the peer and its version). SALib's bootstrap draws are
//! replayed ([`MorrisIndices::with_draws`]), so every number, the `μ*` half-widths included, agrees to
//! 1e-10; SALib's NaN `σ` of a group of several factors is `None` here.

use mfg_quality_sensitivity::Marginal;
use mfg_quality_sensitivity::morris::{
    MorrisBootstrap, MorrisDesign, MorrisGroupIndices, MorrisIndices, MorrisSettings, Optimisation,
    analyse_groups, analyse_trajectories, analyse_trajectories_scaled, select_group_trajectories,
};
use mfg_quality_sensitivity::sobol::SobolGroup;
use mfg_quality_sensitivity::{Measure, SensitivityError};
use serde_json::Value;

const TOL: f64 = 1e-10;

fn data() -> Value {
    let v: Value = serde_json::from_str(include_str!("data/salib_morris.json")).unwrap();
    assert!(v["peer"].as_str().unwrap().starts_with("SALib 1.6.0"));
    v
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn opt_f64s(v: &Value) -> Vec<Option<f64>> {
    v.as_array().unwrap().iter().map(Value::as_f64).collect()
}

fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as usize)
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

fn draws(c: &Value) -> Vec<Vec<Vec<usize>>> {
    c["draws"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_array().unwrap().iter().map(usizes).collect())
        .collect()
}

fn close(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{what}");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!((g - w).abs() <= TOL, "{what}[{i}]: {g} vs SALib {w}");
    }
}

fn boot() -> MorrisBootstrap {
    MorrisBootstrap {
        resamples: 50,
        ..Default::default()
    }
}

fn check_groups(what: &str, m: &MorrisGroupIndices, want: &Value) {
    close(&format!("{what} mu"), &m.mu, &f64s(&want["mu"]));
    close(
        &format!("{what} mu_star"),
        &m.mu_star,
        &f64s(&want["mu_star"]),
    );
    let sigma = opt_f64s(&want["sigma"]);
    assert_eq!(m.sigma.len(), sigma.len());
    for (g, (got, w)) in m.sigma.iter().zip(&sigma).enumerate() {
        match (got, w) {
            (Some(a), Some(b)) => assert!((a - b).abs() <= TOL, "{what} sigma[{g}]: {a} vs {b}"),
            (None, None) => assert!(m.members[g].len() > 1),
            _ => panic!("{what} sigma[{g}]: {got:?} vs SALib {w:?}"),
        }
    }
    close(
        &format!("{what} mu_star_conf"),
        m.mu_star_conf.as_ref().unwrap(),
        &f64s(&want["mu_star_conf"]),
    );
}

fn check_factors(what: &str, m: &MorrisIndices, want: &Value) {
    close(&format!("{what} mu"), &m.mu, &f64s(&want["mu"]));
    close(
        &format!("{what} mu_star"),
        &m.mu_star,
        &f64s(&want["mu_star"]),
    );
    close(&format!("{what} sigma"), &m.sigma, &f64s(&want["sigma"]));
    close(
        &format!("{what} mu_star_conf"),
        m.mu_star_conf.as_ref().unwrap(),
        &f64s(&want["mu_star_conf"]),
    );
}

#[test]
fn grouped_and_scaled_indices_match_salib_on_its_group_samples() {
    let all = data();
    for case in ["groups_contiguous_r12_p4", "groups_interleaved_r10_p6"] {
        let c = &all[case];
        let (x, y) = (f64s(&c["x"]), f64s(&c["y"]));
        let membership = usizes(&c["membership"]);
        let p = c["levels"].as_u64().unwrap() as usize;
        let g = c["group_names"].as_array().unwrap().len();
        assert_eq!(
            y.len(),
            c["trajectories"].as_u64().unwrap() as usize * (g + 1)
        );
        for (key, scaled) in [("unscaled", false), ("scaled", true)] {
            let m = analyse_groups(
                strings(&c["group_names"]),
                &membership,
                &x,
                &y,
                p,
                scaled,
                &boot(),
            )
            .unwrap()
            .with_draws(&draws(c), 0.95)
            .unwrap();
            check_groups(&format!("{case} {key}"), &m, &c[key]);
            // The common shape: one factor per group, no sigma row for a group of several.
            let r = m.to_result("y");
            assert_eq!(r.factors, strings(&c["group_names"]));
            close("result mu_star", &r.column(0, Measure::MuStar), &m.mu_star);
            let sigmas = r
                .indices
                .iter()
                .filter(|e| e.measure == Measure::Sigma)
                .count();
            assert_eq!(sigmas, m.sigma.iter().flatten().count());
        }
    }
}

#[test]
fn scaled_effects_match_salib_without_groups() {
    let all = data();
    for case in ["ishigami_r10_p4", "linear_r8_p6"] {
        let c = &all[case];
        let (x, y) = (f64s(&c["x"]), f64s(&c["y"]));
        let names = strings(&c["names"]);
        let p = c["levels"].as_u64().unwrap() as usize;
        let plain = analyse_trajectories(names.clone(), &x, &y, p, &boot())
            .unwrap()
            .with_draws(&draws(c), 0.95)
            .unwrap();
        check_factors(&format!("{case} unscaled"), &plain, &c["unscaled"]);
        let scaled = analyse_trajectories_scaled(names.clone(), &x, &y, &boot())
            .unwrap()
            .with_draws(&draws(c), 0.95)
            .unwrap();
        check_factors(&format!("{case} scaled"), &scaled, &c["scaled"]);
        // Without groups, the grouped analysis is the plain one, sigma included.
        let identity: Vec<usize> = (0..names.len()).collect();
        let g = analyse_groups(names, &identity, &x, &y, p, true, &boot())
            .unwrap()
            .with_draws(&draws(c), 0.95)
            .unwrap();
        check_groups(&format!("{case} scaled as groups"), &g, &c["scaled"]);
    }
}

#[test]
fn brute_force_over_group_trajectories_matches_salib() {
    let all = data();
    let c = &all["brute_groups_10_choose_3"];
    let got = select_group_trajectories(
        &f64s(&c["unit_points"]),
        c["d"].as_u64().unwrap() as usize,
        c["groups"].as_u64().unwrap() as usize,
        c["choose"].as_u64().unwrap() as usize,
        Optimisation::BruteForce { candidates: 10 },
    )
    .unwrap();
    assert_eq!(got, usizes(&c["chosen"]));
}

fn group(name: &str, marginals: Vec<Marginal>) -> SobolGroup {
    SobolGroup {
        name: name.into(),
        marginals,
    }
}

fn u(lo: f64, hi: f64) -> Marginal {
    Marginal::uniform(lo, hi).unwrap()
}

/// A model additive over groups: moving group `a` (coordinates 0, 1) changes y by the sum of their slopes'
/// contributions, so with directions known the grouped effects are exact.
#[test]
fn grouped_design_moves_whole_groups_and_screens_them() {
    let factors = vec![
        group("a", vec![u(0.0, 1.0), u(0.0, 2.0)]),
        group("b", vec![u(-1.0, 1.0)]),
        group("c", vec![u(0.0, 1.0), u(0.0, 1.0), u(0.0, 1.0)]),
    ];
    for optimise in [None, Some(Optimisation::Elimination { candidates: 20 })] {
        let design = MorrisDesign::grouped(
            factors.clone(),
            MorrisSettings {
                trajectories: 8,
                optimise,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(design.dimension(), 6);
        assert_eq!(design.groups(), ["a", "b", "c"]);
        assert_eq!(design.n_runs(), 8 * 4);
        assert_eq!(design.names()[0], "a[0]");
        assert_eq!(design.names()[2], "b");
        // Each step moves exactly the coordinates of one group, each group once.
        let u = design.unit_points();
        for k in 0..8 {
            let mut seen = [false; 3];
            for t in 1..4 {
                let (a, b) = (
                    &u[(k * 4 + t - 1) * 6..(k * 4 + t) * 6],
                    &u[(k * 4 + t) * 6..(k * 4 + t + 1) * 6],
                );
                let moved: Vec<usize> = (0..6)
                    .filter(|&i| a[i].to_bits() != b[i].to_bits())
                    .collect();
                let g = match moved.as_slice() {
                    [0, 1] => 0,
                    [2] => 1,
                    [3, 4, 5] => 2,
                    other => panic!("step moved {other:?}"),
                };
                assert!(!seen[g]);
                seen[g] = true;
            }
        }
        // y = 3 x0 + x1 − 2 x2 + 0·(c): group c is inert, b has |EE| = 2 · 2 (unit step of a [-1, 1] input).
        let m = design
            .run_groups(|x| 3.0 * x[0] + x[1] - 2.0 * x[2])
            .unwrap();
        assert!(m.mu_star[2].abs() < 1e-12 && m.mu[2].abs() < 1e-12, "{m}");
        assert!(
            (m.mu_star[1] - 4.0).abs() < 1e-9 && m.sigma[1].unwrap() < 1e-9,
            "{m}"
        );
        assert!(m.sigma[0].is_none() && m.sigma[2].is_none());
        assert_eq!(m.ranking()[2], 2);
        assert_eq!(m.runs(), 32);
        // The coordinates' own effects: x0 has slope 3 (input range 1), x1 slope 1 (range 2).
        assert!((m.factors.mu[2] + 4.0).abs() < 1e-9);
        assert!(m.to_string().contains("sigma"));
    }
}

#[test]
fn scaled_design_effects_are_unit_free() {
    // The same function of the unit coordinates, with x0 in other units and the output rescaled: the
    // scaled effects (Δy / dx · σ_x / σ_y) do not change, the plain ones do.
    let run = |scale: f64, hi: f64, scaled: bool| {
        let design = MorrisDesign::trajectories(
            vec![
                mfg_quality_sensitivity::sobol::SobolInput::new("x", u(0.0, hi)),
                mfg_quality_sensitivity::sobol::SobolInput::new("z", u(0.0, 1.0)),
            ],
            MorrisSettings {
                trajectories: 6,
                scaled,
                ..Default::default()
            },
        )
        .unwrap();
        design
            .run(move |x| scale * (3.0 * x[0] / hi + x[1] * x[1]))
            .unwrap()
    };
    let (a, b) = (run(1.0, 10.0, true), run(250.0, 0.5, true));
    for i in 0..2 {
        assert!((a.mu_star[i] - b.mu_star[i]).abs() <= 1e-12 * a.mu_star[i].abs().max(1.0));
        assert!((a.mu[i] - b.mu[i]).abs() <= 1e-12 * a.mu[i].abs().max(1.0));
    }
    assert!(a.mu_star[0] > a.mu_star[1]);
    let (c, d) = (run(1.0, 10.0, false), run(250.0, 0.5, false));
    assert!((c.mu_star[1] * 250.0 - d.mu_star[1]).abs() < 1e-9);
}

#[test]
fn bad_group_input_is_named() {
    let x = vec![0.0; 12];
    let y = vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let b = boot();
    let names = || vec!["a".to_string(), "b".to_string()];
    assert!(matches!(
        analyse_groups(names(), &[0, 2], &x, &y, 4, false, &b),
        Err(SensitivityError::InvalidParameter {
            parameter: "membership",
            ..
        })
    ));
    assert!(matches!(
        analyse_groups(names(), &[0, 0], &x, &y, 4, false, &b),
        Err(SensitivityError::InvalidParameter {
            parameter: "membership",
            ..
        })
    ));
    assert!(matches!(
        analyse_groups(names(), &[0, 1], &x, &y, 3, false, &b),
        Err(SensitivityError::InvalidParameter {
            parameter: "levels",
            ..
        })
    ));
    // Two trajectories of 3 points over 2 columns, but nothing moves.
    assert!(matches!(
        analyse_groups(names(), &[0, 1], &x, &y, 4, false, &b),
        Err(SensitivityError::InvalidParameter { parameter: "x", .. })
    ));
    // A step that moves half of a group.
    let x3 = vec![
        0.0, 0.0, 0.0, //
        1.0, 0.0, 0.0, //
        1.0, 1.0, 1.0, //
        0.0, 0.0, 0.0, //
        1.0, 1.0, 0.0, //
        1.0, 1.0, 1.0,
    ];
    let e = analyse_groups(names(), &[0, 0, 1], &x3, &y, 4, false, &b).unwrap_err();
    assert!(
        e.to_string().contains("not every coordinate of one group"),
        "{e}"
    );
    assert!(matches!(
        MorrisDesign::grouped(vec![group("a", vec![])], MorrisSettings::default()),
        Err(SensitivityError::InvalidFactor { .. })
    ));
    assert!(matches!(
        select_group_trajectories(
            &[0.0; 12],
            2,
            3,
            2,
            Optimisation::BruteForce { candidates: 3 }
        ),
        Err(SensitivityError::InvalidParameter {
            parameter: "groups",
            ..
        })
    ));
    // Replayed draws out of range or of the wrong shape.
    let m = analyse_trajectories(
        names(),
        &[
            0.0, 0.0, 1.0, 0.0, 1.0, 1.0, //
            0.0, 0.0, 0.0, 1.0, 1.0, 1.0,
        ],
        &y,
        4,
        &b,
    )
    .unwrap();
    assert!(matches!(
        m.clone()
            .with_draws(&[vec![vec![0, 2]; 2], vec![vec![0, 1]; 2]], 0.95),
        Err(SensitivityError::InvalidParameter {
            parameter: "draws",
            ..
        })
    ));
    assert!(matches!(
        m.clone().with_draws(&[vec![vec![0, 1]; 2]], 0.95),
        Err(SensitivityError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        m.with_draws(&[vec![vec![0, 1]; 2], vec![vec![0, 1]; 2]], 1.5),
        Err(SensitivityError::InvalidParameter {
            parameter: "confidence",
            ..
        })
    ));
}
