//! Agreement with pyfixest on generated data (tests/data/make_reference.py; the version is in the JSON).
//!
//! Coefficients to 1e-8 relative, standard errors to 1e-6 relative (OLS and PPML), PPML coefficients to
//! 1e-6 (met with a wide margin at 1e-8), for 1, 2 and 3 fixed effects, an interaction, weights and each
//! variance type.

use mfg_quality_econometrics::{Column, Estimates, Factor, FixedEffects, Ols, Ppml, Vcov};
use serde_json::Value;

const DATA: &str = include_str!("data/reference_data.csv");
const RESULTS: &str = include_str!("data/reference_results.json");

struct Data {
    cols: Vec<(String, Vec<f64>)>,
}

impl Data {
    fn load() -> Self {
        let mut rdr = csv::Reader::from_reader(DATA.as_bytes());
        let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
        let mut cols: Vec<(String, Vec<f64>)> =
            header.into_iter().map(|h| (h, Vec::new())).collect();
        for rec in rdr.records() {
            let rec = rec.unwrap();
            for (c, v) in cols.iter_mut().zip(rec.iter()) {
                c.1.push(v.parse().unwrap());
            }
        }
        Self { cols }
    }
    fn col(&self, name: &str) -> Vec<f64> {
        self.cols.iter().find(|c| c.0 == name).unwrap().1.clone()
    }
    fn factor(&self, name: &str) -> Factor {
        let ids: Vec<i64> = self.col(name).iter().map(|&v| v as i64).collect();
        Factor::new(name, &ids).unwrap()
    }
}

fn fixed_effects(d: &Data, case: &str) -> FixedEffects {
    let f = |n| d.factor(n);
    let v = match case {
        "ols_fe1" => vec![f("fe1")],
        "ols_fe2" | "ols_fe2_weights" | "ppml_fe2" => vec![f("fe1"), f("fe2")],
        "ols_interaction" => vec![
            Factor::interaction(&[&f("fe1"), &f("fe3")]).unwrap(),
            f("fe2"),
        ],
        _ => vec![f("fe1"), f("fe2"), f("fe3")],
    };
    FixedEffects::new(v).unwrap()
}

fn vcov(d: &Data, name: &str) -> Vcov {
    match name {
        "iid" => Vcov::Iid,
        "hetero" => Vcov::Hetero,
        "cluster_cl1" => Vcov::cluster(d.factor("cl1")),
        "cluster_cl2" => Vcov::cluster(d.factor("cl2")),
        "cluster_cl1_cl2" => Vcov::two_way(d.factor("cl1"), d.factor("cl2")).unwrap(),
        other => panic!("unknown vcov {other}"),
    }
}

fn fit(d: &Data, case: &str, spec: &Value) -> Estimates {
    let fe = fixed_effects(d, case);
    let x = vec![
        Column::new("x1", d.col("x1")),
        Column::new("x2", d.col("x2")),
    ];
    let weighted = spec["weights"].is_string();
    if case.starts_with("ppml") {
        let mut m = Ppml::new(Column::new("count", d.col("count")), x, fe).unwrap();
        if weighted {
            m = m.weights(d.col("w")).unwrap();
        }
        m.fit(&Vcov::Iid).unwrap()
    } else {
        let mut m = Ols::new(Column::new("y", d.col("y")), x, fe).unwrap();
        if weighted {
            m = m.weights(d.col("w")).unwrap();
        }
        m.fit(&Vcov::Iid).unwrap()
    }
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

#[test]
fn agrees_with_pyfixest() {
    let d = Data::load();
    let r: Value = serde_json::from_str(RESULTS).unwrap();
    assert!(r["pyfixest_version"].is_string());
    let cases = r["cases"].as_object().unwrap();
    assert_eq!(cases.len(), 8);
    for (case, spec) in cases {
        let est = fit(&d, case, spec);
        let ppml = case.starts_with("ppml");
        assert_eq!(
            est.nobs() as u64,
            spec["nobs"].as_u64().unwrap(),
            "{case}: N"
        );
        assert_eq!(
            est.rows()[..10]
                .iter()
                .map(|&r| r as u64)
                .collect::<Vec<_>>(),
            spec["kept_first"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect::<Vec<_>>(),
            "{case}: sample"
        );
        assert_eq!(
            (est.singletons_removed() + est.separated_removed()) as u64,
            spec["n_dropped"].as_u64().unwrap(),
            "{case}: dropped"
        );
        let names: Vec<&str> = est.coefficients().iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["x1", "x2"]);
        let coef = floats(&spec["coef"]);
        let mut max_coef = 0.0_f64;
        for (c, &b) in est.coefficients().iter().zip(&coef) {
            max_coef = max_coef.max(rel(c.estimate, b));
        }
        let coef_tol = if ppml { 1e-6 } else { 1e-8 };
        assert!(
            max_coef < coef_tol,
            "{case}: coefficients differ by {max_coef:e}"
        );
        let mut other = String::new();
        if ppml {
            let dev = spec["deviance"].as_f64().unwrap();
            let rd = rel(est.deviance().unwrap(), dev);
            assert!(rd < 1e-8, "{case}: deviance {rd:e}");
        } else {
            let r2 = rel(est.r2().unwrap(), spec["r2"].as_f64().unwrap());
            let wr2 = rel(
                est.within_r2().unwrap(),
                spec["r2_within"].as_f64().unwrap(),
            );
            assert!(r2 < 1e-8 && wr2 < 1e-8, "{case}: r2 {r2:e} within {wr2:e}");
            let resid = floats(&spec["resid"]);
            let scale = resid.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
            let max_res = est
                .residuals()
                .iter()
                .zip(&resid)
                .fold(0.0_f64, |m, (a, b)| m.max((a - b).abs() / scale));
            assert!(max_res < 1e-8, "{case}: residuals differ by {max_res:e}");
            other = format!(" r2 {r2:.1e} within_r2 {wr2:.1e} resid {max_res:.1e}");
        }
        let mut line = format!("{case}: coef {max_coef:.1e}{other}");
        for (vname, vspec) in spec["vcov"].as_object().unwrap() {
            let e = est.with_vcov(&vcov(&d, vname)).unwrap();
            assert_eq!(
                e.df_k() as i64,
                vspec["df_k"].as_f64().unwrap() as i64,
                "{case} {vname}: df_k"
            );
            if !ppml {
                assert_eq!(
                    e.df_t() as i64,
                    vspec["df_t"].as_f64().unwrap() as i64,
                    "{case} {vname}: df_t"
                );
            }
            let (se, t, p) = (
                floats(&vspec["se"]),
                floats(&vspec["t"]),
                floats(&vspec["p"]),
            );
            let (lo, hi) = (floats(&vspec["ci_low"]), floats(&vspec["ci_high"]));
            let (mut m_se, mut m_t, mut m_p, mut m_ci) = (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
            for (j, c) in e.coefficients().iter().enumerate() {
                m_se = m_se.max(rel(c.std_error, se[j]));
                m_t = m_t.max(rel(c.statistic, t[j]));
                m_p = m_p.max((c.p_value - p[j]).abs() / p[j].max(1e-12));
                m_ci = m_ci
                    .max(rel(c.conf_low, lo[j]))
                    .max(rel(c.conf_high, hi[j]));
            }
            assert!(m_se < 1e-6, "{case} {vname}: se differ by {m_se:e}");
            assert!(m_t < 1e-6, "{case} {vname}: t differ by {m_t:e}");
            assert!(m_p < 1e-5, "{case} {vname}: p differ by {m_p:e}");
            assert!(m_ci < 1e-6, "{case} {vname}: ci differ by {m_ci:e}");
            line.push_str(&format!(" | {vname} se {m_se:.1e} p {m_p:.1e}"));
        }
        eprintln!("{line}");
    }
}

/// One fixed effect: the recovered effects equal pyfixest's group means of `y − Xβ` (checked through the
/// identity `Dα = y − Xβ − e`, and the normalised values reproduce the sum).
#[test]
fn recovered_fixed_effects_reproduce_the_fitted_part() {
    let d = Data::load();
    let r: Value = serde_json::from_str(RESULTS).unwrap();
    for case in ["ols_fe1", "ols_fe3", "ols_interaction"] {
        let est = fit(&d, case, &r["cases"][case]);
        let fe = est.fixed_effects();
        let levels = est.fixed_effect_levels();
        assert_eq!(fe.len(), levels.len());
        let facs = fixed_effects(&d, case);
        let sum = est.fixed_effects_sum();
        let mut worst = 0.0_f64;
        for (i, &row) in est.rows().iter().enumerate() {
            let mut v = 0.0;
            for (q, f) in facs.factors().iter().enumerate() {
                // map the input row's level to the sample level via first_row
                let code = f.codes()[row];
                let lvl = fe[q]
                    .first_row
                    .iter()
                    .position(|&fr| f.codes()[fr] == code)
                    .unwrap();
                v += fe[q].values[lvl];
            }
            worst = worst.max((v - sum[i]).abs());
        }
        assert!(worst < 1e-8, "{case}: recovered effects off by {worst:e}");
        for (q, f) in fe.iter().enumerate().skip(1) {
            assert!(f.values[0].abs() < 1e-300, "{case}: factor {q} normalised");
        }
    }
}
