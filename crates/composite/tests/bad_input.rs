//! The bad-input corpus of the composite crate: configurations (JSON strings and the files under
//! `tests/bad_input/`), pipeline runs on degenerate data, stage-function calls and uncertainty settings.
//! Each case expects a named error — its variant and its [`ErrorKind`] — or a documented outcome. No case
//! may panic, and no case may return a non-finite number.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use mfg_quality_composite::aggregate::{Aggregation, MissingPolicy, OwaWeights, kemeny_ranking};
use mfg_quality_composite::analysis::{NamedColumn, cronbach_alpha, pca_summary};
use mfg_quality_composite::normalise::{Categorical, Normalisation};
use mfg_quality_composite::pca::Pca;
use mfg_quality_composite::pipeline::{MissingIndicatorPolicy, PipelineConfig};
use mfg_quality_composite::results::{Results, Tiers, Warning};
use mfg_quality_composite::sensitivity::{Control, Marginal, SobolGroup, SobolSettings};
use mfg_quality_composite::uncertainty::{
    ClosureModel, Factor, FactorKind, MonteCarloSettings, PipelineModel, Threshold, WeightedChoice,
    monte_carlo, sobol,
};
use mfg_quality_composite::weights::ahp::{PairwiseMatrix, RandomIndexTable};
use mfg_quality_composite::weights::{BodBounds, Weighting, benefit_of_the_doubt, entropy_weights};
use mfg_quality_composite::{CompositeError, MAX_ALLOCATION_BYTES, Result};
use mfg_quality_indicators::stats::TieMethod;
use mfg_quality_indicators::{ErrorKind, Framework, Indicator, NodeSpec, Panel, Polarity, Unit};

/// What a case must give.
enum Expect {
    /// An error of this variant (the start of its `Debug` form) and kind.
    Error(&'static str, ErrorKind),
    /// Success, with the documented outcome checked inside the case.
    Ok(&'static str),
}

struct Case {
    name: String,
    expect: Expect,
    run: Box<dyn Fn() -> Result<Vec<f64>>>,
}

fn err(
    name: impl Into<String>,
    variant: &'static str,
    kind: ErrorKind,
) -> impl FnOnce(Box<dyn Fn() -> Result<Vec<f64>>>) -> Case {
    let name = name.into();
    move |run| Case {
        name,
        expect: Expect::Error(variant, kind),
        run,
    }
}

// ---------------------------------------------------------------------------------------------------
// Fixtures

const FW: &str = r#""framework": {"id": "IDX", "children": [
    {"id": "P1", "children": [{"indicator": {"id": "a", "name_en": "A"}},
                              {"indicator": {"id": "b", "name_en": "B", "polarity": "negative"}}]},
    {"id": "P2", "children": [{"indicator": {"id": "c", "name_en": "C"}}]}]}"#;

/// A configuration of the standard framework with `extra` fields.
fn json(extra: &str) -> String {
    if extra.is_empty() {
        format!("{{{FW}}}")
    } else {
        format!("{{{FW}, {extra}}}")
    }
}

fn leaf(id: &str) -> NodeSpec {
    NodeSpec::leaf(Indicator::new(id, id, ""))
}

fn framework() -> Framework {
    Framework::new(NodeSpec::group(
        "IDX",
        "",
        "",
        vec![
            NodeSpec::group(
                "P1",
                "",
                "",
                vec![
                    leaf("a"),
                    NodeSpec::leaf(Indicator::new("b", "b", "").with_polarity(Polarity::Negative)),
                ],
            ),
            NodeSpec::group("P2", "", "", vec![leaf("c")]),
        ],
    ))
    .unwrap()
}

const UNITS: [&str; 4] = ["U1", "U2", "U3", "U4"];

/// 4 units × (a, b, c) × 1 period (2020), with a mask.
fn panel_masked(a: [f64; 4], b: [f64; 4], c: [f64; 4], mask: [[bool; 4]; 3]) -> Panel {
    let mut v = a.to_vec();
    v.extend(b);
    v.extend(c);
    Panel::from_dense(
        UNITS.iter().map(|u| Unit::new(*u)).collect(),
        vec!["a".into(), "b".into(), "c".into()],
        vec![2020],
        v,
        mask.concat(),
    )
    .unwrap()
}

fn panel(a: [f64; 4], b: [f64; 4], c: [f64; 4]) -> Panel {
    panel_masked(a, b, c, [[true; 4]; 3])
}

fn good() -> Panel {
    panel(
        [1.0, 2.0, 3.0, 4.0],
        [5.0, 4.0, 9.0, 1.0],
        [0.5, 0.7, 0.1, 0.3],
    )
}

/// `c` has no observed value.
fn c_empty() -> Panel {
    panel_masked(
        [1.0, 2.0, 3.0, 4.0],
        [5.0, 4.0, 9.0, 1.0],
        [0.0; 4],
        [[true; 4], [true; 4], [false; 4]],
    )
}

/// Every score of every node and period (present ones), to check they are finite.
fn numbers(r: &Results) -> Vec<f64> {
    let mut out = Vec::new();
    for node in ["IDX", "P1", "P2", "a", "b", "c"] {
        if let Ok(s) = r.scores(node, 2020) {
            out.extend(s.into_iter().flatten());
        }
    }
    out
}

fn read(text: &str) -> Result<Vec<f64>> {
    PipelineConfig::read_json_str(text).map(|_| Vec::new())
}

fn run_json(text: &str, data: &Panel) -> Result<Vec<f64>> {
    let cfg = PipelineConfig::read_json_str(text)?;
    cfg.run(data).map(|r| numbers(&r))
}

fn file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad_input")
        .join(name)
}

// ---------------------------------------------------------------------------------------------------
// The corpus

fn configuration_cases(v: &mut Vec<Case>) {
    use ErrorKind::*;
    let parse = |name: &str, text: String| {
        err(format!("parse: {name}"), "Parse", Parse)(Box::new(move || read(&text)))
    };
    v.push(parse("empty text", String::new()));
    v.push(parse("null", "null".into()));
    v.push(parse("an array", "[]".into()));
    v.push(parse("no framework", r#"{"seed": 1}"#.into()));
    v.push(parse(
        "unknown top-level field",
        json(r#""normalization": {}"#),
    ));
    v.push(parse("comment of the wrong type", json(r#""_comment": 3"#)));
    v.push(parse(
        "unknown normalisation",
        json(r#""normalisation": {"method": "minmax"}"#),
    ));
    v.push(parse(
        "unit variant with a field",
        json(r#""normalisation": {"method": "rank", "ties": 1}"#),
    ));
    v.push(parse(
        "min-max bound as a string",
        json(r#""normalisation": {"method": "min_max", "lo": "0"}"#),
    ));
    v.push(parse(
        "unknown aggregation",
        json(r#""aggregation": {"method": "average"}"#),
    ));
    v.push(parse(
        "power mean without p",
        json(r#""aggregation": {"method": "power"}"#),
    ));
    v.push(parse(
        "topsis normalisation typo",
        json(r#""aggregation": {"method": "topsis", "normalisation": "vectr"}"#),
    ));
    v.push(parse(
        "kemeny with a negative limit",
        json(r#""aggregation": {"method": "kemeny", "max_units": -1}"#),
    ));
    v.push(parse(
        "unknown weighting",
        json(r#""weighting": {"P1": {"method": "magic"}}"#),
    ));
    v.push(parse(
        "pca setting typo",
        json(r#""weighting": {"P1": {"method": "pca", "min_eigenvalu": 1}}"#),
    ));
    v.push(parse(
        "unknown missing policy",
        json(r#""missing": "drop""#),
    ));
    v.push(parse("unknown tie method", json(r#""ties": "random""#)));
    v.push(parse("negative seed", json(r#""seed": -1"#)));
    v.push(parse(
        "screening threshold typo",
        json(r#""screening": {"min_unit_availability": 0.5, "treshold": 1}"#),
    ));
    v.push(parse(
        "imputation parameter typo",
        json(r#""imputation": {"method": "group_mean", "by": "x"}"#),
    ));
    v.push(parse(
        "treatment field typo",
        json(r#""treatment": {"winmax": 5, "skew": 2}"#),
    ));
    v.push(parse(
        "recursion limit",
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
    ));
    v.push(parse(
        "framework without children",
        r#"{"framework": {"id": "IDX", "children": []}}"#.into(),
    ));
    for (name, variant, kind) in [
        ("typo_polarity.json", "Parse", Parse),
        ("typo_normalization.json", "Parse", Parse),
        ("arithmetic_with_parameter.json", "Parse", Parse),
        ("owa_typo.json", "Parse", Parse),
        ("truncated.json", "Parse", Parse),
        ("duplicate_indicator.json", "Parse", Parse),
        ("unknown_missing_indicator_policy.json", "Parse", Parse),
        ("number_out_of_range.json", "Parse", Parse),
        ("nan_literal.json", "Parse", Parse),
        ("weighting_typo.json", "Parse", Parse),
        ("ampi_goalposts_typo.json", "Parse", Parse),
        ("negative_node_weight.json", "Parse", Parse),
        ("double_bom.json", "Parse", Parse),
        ("invalid_utf8.json", "Io", Io),
        ("does_not_exist.json", "Io", Io),
    ] {
        v.push(err(format!("file: {name}"), variant, kind)(Box::new(
            move || PipelineConfig::read_json(file(name)).map(|_| Vec::new()),
        )));
    }
}

fn validation_cases(v: &mut Vec<Case>) {
    use ErrorKind::*;
    let run = |name: &str, extra: &str, variant: &'static str, kind: ErrorKind| {
        let text = json(extra);
        err(format!("run: {name}"), variant, kind)(Box::new(move || run_json(&text, &good())))
    };
    v.push(run(
        "override of an unknown indicator",
        r#""normalisation_overrides": {"zz": {"method": "rank"}}"#,
        "UnknownNode",
        NotFound,
    ));
    v.push(run(
        "weighting of an unknown group",
        r#""weighting": {"P9": {"method": "equal"}}"#,
        "UnknownNode",
        NotFound,
    ));
    v.push(run(
        "weighting of an indicator",
        r#""weighting": {"a": {"method": "equal"}}"#,
        "WrongNodeKind",
        InvalidParameter,
    ));
    v.push(run(
        "min-max with lo = hi",
        r#""normalisation": {"method": "min_max", "lo": 1, "hi": 1}"#,
        "InvalidParameter",
        InvalidParameter,
    ));
    v.push(run(
        "z-score with sd 0",
        r#""normalisation": {"method": "z_score", "sd": 0}"#,
        "InvalidParameter",
        InvalidParameter,
    ));
    v.push(run(
        "goalposts min = max",
        r#""normalisation": {"method": "goalposts", "posts": {"a": {"min": 1, "max": 1}}}"#,
        "InvalidParameter",
        InvalidParameter,
    ));
    v.push(run(
        "kemeny limit 0",
        r#""aggregation": {"method": "kemeny", "max_units": 0}"#,
        "InvalidParameter",
        InvalidParameter,
    ));
    v.push(run(
        "kemeny beyond the hard limit",
        r#""aggregation": {"method": "kemeny", "max_units": 21}"#,
        "InvalidParameter",
        InvalidParameter,
    ));
    v.push(run(
        "vikor v outside [0, 1]",
        r#""aggregation": {"method": "vikor", "v": 2}"#,
        "InvalidParameter",
        InvalidParameter,
    ));
    v.push(run(
        "owa orness 1.5",
        r#""aggregation": {"method": "owa", "weights": {"method": "orness", "orness": 1.5}}"#,
        "InvalidParameter",
        InvalidParameter,
    ));
    v.push(run("owa negative order weight", r#""aggregation": {"method": "owa", "weights": {"method": "given", "order_weights": [1, -1]}}"#, "InvalidParameter", InvalidParameter));
    v.push(run("ampi goalposts of the wrong length", r#""aggregation": {"method": "ampi", "goalposts": {"method": "fixed", "reference": [1], "min": [0, 0], "max": [2]}}"#, "InvalidParameter", InvalidParameter));
    v.push(run(
        "AHP matrix not reciprocal",
        r#""weighting": {"P1": {"method": "ahp", "matrix": [[1, 3], [3, 1]]}}"#,
        "InvalidPairwiseMatrix",
        InvalidParameter,
    ));
    v.push(run("AHP matrix of the wrong size", r#""weighting": {"P1": {"method": "ahp", "matrix": [[1, 2, 3], [0.5, 1, 2], [0.333, 0.5, 1]]}}"#, "InvalidPairwiseMatrix", InvalidParameter));
    v.push(run(
        "screening threshold above 1",
        r#""screening": {"min_unit_availability": 2, "min_indicator_availability": 0}"#,
        "InvalidParameter",
        InvalidParameter,
    ));
    v.push(run("treatment with winmax 0 and no fallback", r#""treatment": {"skew_threshold": -1, "kurtosis_threshold": 3.5, "winmax": 5, "log_fallback": true}"#, "InvalidParameter", InvalidParameter));
    v.push(run(
        "framework aggregation key that does not parse",
        "",
        "Ok",
        InvalidParameter,
    ));
    v.pop(); // (replaced by the Rust-built case below: the JSON framework fixture has no key)
    v.push(err(
        "run: framework aggregation key that does not parse",
        "UnknownAggregation",
        NotFound,
    )(Box::new(|| {
        let mut fw = framework();
        fw.set_aggregation(fw.root(), Some("geometrc".into()));
        PipelineConfig::new(fw).run(&good()).map(|r| numbers(&r))
    })));
    v.push(err(
        "run: power mean with p = NaN",
        "InvalidParameter",
        InvalidParameter,
    )(Box::new(|| {
        let mut cfg = PipelineConfig::new(framework());
        cfg.aggregation = Aggregation::Power { p: f64::NAN };
        cfg.run(&good()).map(|r| numbers(&r))
    })));
    v.push(err(
        "run: AHP 16 × 16 beyond Saaty's random-index table",
        "RandomIndexOutOfRange",
        Limit,
    )(Box::new(|| {
        let fw = Framework::new(NodeSpec::group(
            "IDX",
            "",
            "",
            (0..16).map(|k| leaf(&format!("x{k}"))).collect(),
        ))?;
        let mut cfg = PipelineConfig::new(fw);
        cfg.weighting.insert(
            "IDX".into(),
            Weighting::Ahp {
                matrix: vec![vec![1.0; 16]; 16],
                random_index: RandomIndexTable::Saaty1980,
            },
        );
        let e = cfg.validate().unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("n = 15") && msg.contains("donegan_dodd1991") && msg.contains("`IDX`"),
            "{msg}"
        );
        Err(e)
    })));
}

fn data_cases(v: &mut Vec<Case>) {
    use ErrorKind::*;
    let cfg = PipelineConfig::new(framework());
    let with = |f: &dyn Fn(&mut PipelineConfig)| {
        let mut c = PipelineConfig::new(framework());
        f(&mut c);
        c
    };
    {
        let cfg = cfg.clone();
        v.push(err(
            "data: indicator missing from the panel",
            "IndicatorNotInPanel",
            NotFound,
        )(Box::new(move || {
            let p = Panel::from_dense(
                vec![Unit::new("U1"), Unit::new("U2")],
                vec!["a".into(), "c".into()],
                vec![2020],
                vec![1.0, 2.0, 3.0, 4.0],
                vec![true; 4],
            )?;
            cfg.run(&p).map(|r| numbers(&r))
        })));
    }
    {
        let cfg = cfg.clone();
        v.push(err(
            "data: constant indicator under min-max",
            "ConstantIndicator",
            Degenerate,
        )(Box::new(move || {
            cfg.run(&panel([1.0, 2.0, 3.0, 4.0], [4.0; 4], [0.5, 0.7, 0.1, 0.3]))
                .map(|r| numbers(&r))
        })));
    }
    {
        let c = with(&|c| {
            c.normalisation = Normalisation::ZScore {
                variance: Default::default(),
                mean: 0.0,
                sd: 1.0,
            }
        });
        v.push(err(
            "data: constant indicator under z-score",
            "ConstantIndicator",
            Degenerate,
        )(Box::new(move || {
            c.run(&panel([1.0, 2.0, 3.0, 4.0], [5.0, 4.0, 9.0, 1.0], [7.0; 4]))
                .map(|r| numbers(&r))
        })));
    }
    {
        let cfg = cfg.clone();
        v.push(err(
            "data: indicator without data, default policy",
            "NoData",
            Missing,
        )(Box::new(move || {
            let e = cfg.run(&c_empty()).unwrap_err();
            assert!(e.to_string().contains("`c` of `P2`"), "{e}");
            Err(e)
        })));
    }
    {
        let c = with(&|c| c.missing_indicator = MissingIndicatorPolicy::DropWithWarning);
        v.push(Case {
            name: "data: indicator without data, drop_with_warning".into(),
            expect: Expect::Ok("dropped, one warning; P2 has no score, IDX is P1's"),
            run: Box::new(move || {
                let r = c.run(&c_empty())?;
                assert_eq!(
                    r.warnings(),
                    &[Warning::IndicatorDropped {
                        indicator: "c".into(),
                        node: "P2".into(),
                        period: 2020
                    }]
                );
                assert_eq!(r.scores("P2", 2020)?, vec![None; 4]);
                assert_eq!(r.scores("IDX", 2020)?, r.scores("P1", 2020)?);
                Ok(numbers(&r))
            }),
        });
    }
    {
        let c = with(&|c| {
            c.missing_indicator = MissingIndicatorPolicy::DropWithWarning;
            c.weighting.insert("IDX".into(), Weighting::Entropy);
        });
        v.push(Case {
            name: "data: entropy weights over a child without data".into(),
            expect: Expect::Ok("the empty child gets weight 0, the other 1"),
            run: Box::new(move || {
                let r = c.run(&c_empty())?;
                assert_eq!(r.warnings().len(), 1);
                assert_eq!(r.scores("IDX", 2020)?, r.scores("P1", 2020)?);
                Ok(numbers(&r))
            }),
        });
    }
    {
        let c = with(&|c| {
            c.weighting
                .insert("P1".into(), Weighting::Entropy)
                .map(|_| ())
                .unwrap_or(())
        });
        v.push(err(
            "data: entropy weights when no unit has every child",
            "TooFew",
            Degenerate,
        )(Box::new(move || {
            // a observed for U1, U2 only; b for U3, U4 only: no complete row.
            let p = panel_masked(
                [1.0, 2.0, 3.0, 4.0],
                [5.0, 4.0, 9.0, 1.0],
                [0.5, 0.7, 0.1, 0.3],
                [
                    [true, true, false, false],
                    [false, false, true, true],
                    [true; 4],
                ],
            );
            c.run(&p).map(|r| numbers(&r))
        })));
    }
    {
        let cfg = cfg.clone();
        v.push(err(
            "data: min-max range overflows",
            "Overflow",
            InvalidValue,
        )(Box::new(move || {
            let e = cfg
                .run(&panel(
                    [1.0, 2.0, 3.0, 4.0],
                    [1.7e308, -1.7e308, 0.0, 1.0],
                    [0.5, 0.7, 0.1, 0.3],
                ))
                .unwrap_err();
            let msg = e.to_string();
            assert!(
                msg.contains("unit `U1`") && msg.contains("`b`") && msg.contains("rescale"),
                "{msg}"
            );
            Err(e)
        })));
    }
    {
        let c = with(&|c| {
            c.normalisation = Normalisation::ZScore {
                variance: Default::default(),
                mean: 0.0,
                sd: 1.0,
            }
        });
        v.push(err("data: z-score sd overflows", "Overflow", InvalidValue)(
            Box::new(move || {
                let e = c
                    .run(&panel(
                        [1.0, 2.0, 3.0, 4.0],
                        [5.0, 4.0, 9.0, 1.0],
                        [1e308, -1e308, 1.5e308, 0.0],
                    ))
                    .unwrap_err();
                let msg = e.to_string();
                assert!(
                    msg.contains("unit `U3`") && msg.contains("`c`") && !msg.contains("constant"),
                    "{msg}"
                );
                Err(e)
            }),
        ));
    }
    {
        let c = with(&|c| c.aggregation = Aggregation::Geometric);
        v.push(err(
            "data: geometric mean of a zero (min-max lower end)",
            "InvalidValue",
            InvalidValue,
        )(Box::new(move || {
            c.run(&good()).map(|r| numbers(&r))
        })));
    }
    {
        let c = with(&|c| c.missing = MissingPolicy::Error);
        v.push(err(
            "data: a hole under the missing policy `error`",
            "MissingValue",
            Missing,
        )(Box::new(move || {
            let p = panel_masked(
                [1.0, 2.0, 3.0, 4.0],
                [5.0, 4.0, 9.0, 1.0],
                [0.5, 0.7, 0.1, 0.3],
                [[true; 4], [true, false, true, true], [true; 4]],
            );
            c.run(&p).map(|r| numbers(&r))
        })));
    }
    {
        let text =
            json(r#""screening": {"min_unit_availability": 1.0, "min_indicator_availability": 0}"#);
        v.push(err(
            "data: screening removes every unit",
            "ScreenedOut",
            Degenerate,
        )(Box::new(move || {
            let p = panel_masked(
                [1.0, 2.0, 3.0, 4.0],
                [5.0, 4.0, 9.0, 1.0],
                [0.5, 0.7, 0.1, 0.3],
                [
                    [false, true, true, true],
                    [true, false, true, true],
                    [true, true, false, false],
                ],
            );
            run_json(&text, &p)
        })));
    }
    {
        let text = json(r#""imputation": {"method": "indicator_mean"}"#);
        // Mean imputation has nothing to impute from: the indicator stays empty and the run says so.
        v.push(err(
            "data: mean imputation of an empty indicator",
            "NoData",
            Missing,
        )(Box::new(move || run_json(&text, &c_empty()))));
    }
    {
        let text = json(
            r#""normalisation": {"method": "ratio_to_benchmark", "benchmark": {"type": "mean_of_units", "units": ["ZZ"]}}"#,
        );
        v.push(err(
            "data: benchmark unit not in the panel",
            "UnknownReference",
            NotFound,
        )(Box::new(move || run_json(&text, &good()))));
    }
    {
        let text = json(
            r#""normalisation": {"method": "ratio_to_benchmark", "benchmark": {"type": "mean_of_units", "units": ["U1"]}}"#,
        );
        v.push(err(
            "data: benchmark value zero",
            "ZeroReference",
            Degenerate,
        )(Box::new(move || {
            run_json(
                &text,
                &panel(
                    [0.0, 2.0, 3.0, 4.0],
                    [5.0, 4.0, 9.0, 1.0],
                    [0.5, 0.7, 0.1, 0.3],
                ),
            )
        })));
    }
    {
        let c = with(&|c| c.aggregation = Aggregation::Kemeny { max_units: 3 });
        v.push(err(
            "data: Kemeny over more units than its limit",
            "TooLarge",
            Limit,
        )(Box::new(move || {
            c.run(&good()).map(|r| numbers(&r))
        })));
    }
    {
        let c = with(&|c| {
            c.normalisation = Normalisation::ZScore {
                variance: Default::default(),
                mean: 0.0,
                sd: 1.0,
            };
            c.weighting.insert("P1".into(), Weighting::Entropy);
        });
        v.push(err(
            "data: entropy weights of negative z-scores",
            "InvalidValue",
            InvalidValue,
        )(Box::new(move || {
            c.run(&good()).map(|r| numbers(&r))
        })));
    }
    {
        let c = with(&|c| {
            c.normalisation = Normalisation::ZScore {
                variance: Default::default(),
                mean: 0.0,
                sd: 1.0,
            };
            c.weighting
                .insert("P1".into(), Weighting::CoefficientOfVariation);
        });
        v.push(err(
            "data: CV weights of zero-mean z-scores",
            "ZeroMean",
            Degenerate,
        )(Box::new(move || {
            c.run(&good()).map(|r| numbers(&r))
        })));
    }
    {
        let cfg = cfg.clone();
        v.push(err("data: CSV file that does not exist", "Indicators", Io)(
            Box::new(move || cfg.run_csv(file("does_not_exist.csv")).map(|r| numbers(&r))),
        ));
    }
    {
        let cfg = cfg.clone();
        v.push(err(
            "data: CSV file that is a JSON file",
            "Indicators",
            Parse,
        )(Box::new(move || {
            cfg.run_csv(file("typo_polarity.json")).map(|r| numbers(&r))
        })));
    }
    {
        let c = with(&|c| c.normalisation = Normalisation::Identity);
        v.push(Case {
            name: "data: identity normalisation of values near f64::MAX".into(),
            expect: Expect::Ok("the weighted mean stays finite (weights sum to 1)"),
            run: Box::new(move || {
                let r = c.run(&panel([1.7e308; 4], [1.7e308, 1.0, 2.0, 3.0], [1.7e308; 4]))?;
                Ok(numbers(&r))
            }),
        });
    }
}

/// Two columns of three rows near ±f64::MAX.
const HUGE: [f64; 6] = [1.7e308, -1.7e308, 1.0, 1.7e308, 1.6e308, -1.7e308];

fn stage_cases(v: &mut Vec<Case>) {
    for (name, agg, doc) in [
        (
            "arithmetic",
            Aggregation::Arithmetic,
            "finite: the weights sum to 1, so Σ w x stays in range",
        ),
        (
            "power p = 3",
            Aggregation::Power { p: 3.0 },
            "finite: the power mean scales by the largest value",
        ),
        (
            "TOPSIS",
            Aggregation::Topsis {
                normalisation: Default::default(),
            },
            "finite: a range that overflows is taken as non-discriminating",
        ),
        ("VIKOR", Aggregation::Vikor { v: 0.5 }, "finite"),
    ] {
        let data: [f64; 6] = if name.starts_with("power") {
            HUGE.map(f64::abs)
        } else {
            HUGE
        };
        v.push(Case {
            name: format!("stage: {name} of values near ±f64::MAX"),
            expect: Expect::Ok(doc),
            run: Box::new(move || {
                agg.aggregate(
                    &data,
                    &[],
                    3,
                    &[0.5, 0.5],
                    MissingPolicy::Error,
                    &Default::default(),
                )
                .map(|a| a.scores)
            }),
        });
    }
    use ErrorKind::*;
    let mut s = |name: &str,
                 variant: &'static str,
                 kind: ErrorKind,
                 f: Box<dyn Fn() -> Result<Vec<f64>>>| {
        v.push(err(format!("stage: {name}"), variant, kind)(f));
    };
    s(
        "entropy weights without rows",
        "TooFew",
        Degenerate,
        Box::new(|| Weighting::Entropy.compute(&[], 0, &[1.0, 1.0], "P1")),
    );
    s(
        "entropy weights of one row",
        "TooFew",
        Degenerate,
        Box::new(|| entropy_weights(&[1.0, 2.0], 1)),
    );
    s(
        "explicit weights whose sum overflows",
        "InvalidWeights",
        InvalidParameter,
        Box::new(|| {
            let e = Weighting::Explicit
                .compute(&[], 0, &[1e308, 1.7e308], "P1")
                .unwrap_err();
            assert!(
                e.to_string().contains("overflows") && e.to_string().contains("`P1`"),
                "{e}"
            );
            Err(e)
        }),
    );
    s(
        "negative explicit weight",
        "InvalidWeights",
        InvalidParameter,
        Box::new(|| Weighting::Explicit.compute(&[], 0, &[1.0, -1.0], "P1")),
    );
    s(
        "explicit weights summing to zero",
        "InvalidWeights",
        InvalidParameter,
        Box::new(|| Weighting::Explicit.compute(&[], 0, &[0.0, 0.0], "P1")),
    );
    s(
        "aggregation data of the wrong length",
        "DimensionMismatch",
        Shape,
        Box::new(|| {
            Aggregation::Arithmetic
                .aggregate(
                    &[1.0, 2.0, 3.0],
                    &[],
                    2,
                    &[0.5, 0.5],
                    MissingPolicy::Error,
                    &Default::default(),
                )
                .map(|a| a.scores)
        }),
    );
    s(
        "aggregation of a NaN",
        "InvalidValue",
        InvalidValue,
        Box::new(|| {
            Aggregation::Arithmetic
                .aggregate(
                    &[1.0, f64::NAN, 3.0, 4.0],
                    &[],
                    2,
                    &[0.5, 0.5],
                    MissingPolicy::Error,
                    &Default::default(),
                )
                .map(|a| a.scores)
        }),
    );
    s(
        "geometric mean of a negative value",
        "InvalidValue",
        InvalidValue,
        Box::new(|| {
            Aggregation::Geometric
                .aggregate(
                    &[1.0, -2.0, 3.0, 4.0],
                    &[],
                    2,
                    &[0.5, 0.5],
                    MissingPolicy::Error,
                    &Default::default(),
                )
                .map(|a| a.scores)
        }),
    );
    s(
        "MPI of values near ±f64::MAX",
        "Overflow",
        InvalidValue,
        Box::new(|| {
            let e = Aggregation::MazziottaPareto {
                sign: Default::default(),
            }
            .aggregate(
                &HUGE,
                &[],
                3,
                &[0.5, 0.5],
                MissingPolicy::Error,
                &Default::default(),
            )
            .unwrap_err();
            assert!(e.to_string().contains("unit `#0`"), "{e}");
            Err(e)
        }),
    );
    s(
        "power mean p = 3 of a negative value",
        "InvalidValue",
        InvalidValue,
        Box::new(|| {
            Aggregation::Power { p: 3.0 }
                .aggregate(
                    &HUGE,
                    &[],
                    3,
                    &[0.5, 0.5],
                    MissingPolicy::Error,
                    &Default::default(),
                )
                .map(|a| a.scores)
        }),
    );
    s(
        "aggregation weights negative",
        "InvalidWeights",
        InvalidParameter,
        Box::new(|| {
            Aggregation::Arithmetic
                .aggregate(
                    &[1.0, 2.0, 3.0, 4.0],
                    &[],
                    2,
                    &[1.0, -0.5],
                    MissingPolicy::Error,
                    &Default::default(),
                )
                .map(|a| a.scores)
        }),
    );
    s(
        "Kemeny ranking beyond the hard limit",
        "InvalidParameter",
        InvalidParameter,
        Box::new(|| kemeny_ranking(&[1.0; 40], 20, &[1.0, 1.0], 21).map(|k| k.scores)),
    );
    s(
        "OWA orness outside (0, 1)",
        "InvalidParameter",
        InvalidParameter,
        Box::new(|| OwaWeights::Orness { orness: 0.0 }.order_weights(3)),
    );
    s(
        "Cronbach's alpha of one item",
        "TooFew",
        Degenerate,
        Box::new(|| {
            let x = [1.0, 2.0, 3.0];
            cronbach_alpha(&[NamedColumn::new("a", &x)]).map(|a| vec![a.raw])
        }),
    );
    s(
        "PCA summary of a constant column",
        "ConstantColumn",
        Degenerate,
        Box::new(|| {
            let (x, y) = ([1.0, 2.0, 3.0, 4.0], [5.0; 4]);
            pca_summary(
                &[NamedColumn::new("x", &x), NamedColumn::new("y", &y)],
                true,
            )
            .map(|p| p.eigenvalues.clone())
        }),
    );
    s(
        "PCA of a ragged matrix",
        "InvalidParameter",
        InvalidParameter,
        Box::new(|| Pca::fit(&[1.0, 2.0, 3.0], 2, false).map(|p| p.eigenvalues.clone())),
    );
    s(
        "empty pairwise matrix",
        "InvalidPairwiseMatrix",
        InvalidParameter,
        Box::new(|| PairwiseMatrix::new(vec![]).map(|_| Vec::new())),
    );
    s(
        "pairwise matrix with a zero",
        "InvalidPairwiseMatrix",
        InvalidParameter,
        Box::new(|| PairwiseMatrix::new(vec![vec![1.0, 0.0], vec![0.0, 1.0]]).map(|_| Vec::new())),
    );
    s(
        "random index of n = 16 (Saaty 1980)",
        "RandomIndexOutOfRange",
        Limit,
        Box::new(|| RandomIndexTable::Saaty1980.value(16).map(|x| vec![x])),
    );
    s(
        "random index of n = 101 (Donegan & Dodd)",
        "RandomIndexOutOfRange",
        Limit,
        Box::new(|| {
            RandomIndexTable::DoneganDodd1991
                .value(101)
                .map(|x| vec![x])
        }),
    );
    s(
        "benefit of the doubt with lower > upper",
        "InvalidParameter",
        InvalidParameter,
        Box::new(|| {
            let bounds = BodBounds {
                lower: Some(2.0),
                upper: Some(1.0),
                ..Default::default()
            };
            benefit_of_the_doubt(&[0.1, 0.5, 0.9, 0.2], 2, &bounds).map(|r| r.scores)
        }),
    );
    s(
        "benefit of the doubt of negative data",
        "InvalidValue",
        InvalidValue,
        Box::new(|| {
            benefit_of_the_doubt(&[0.1, -0.5, 0.9, 0.2], 2, &BodBounds::default()).map(|r| r.scores)
        }),
    );
    s(
        "categorical scores of the wrong count",
        "InvalidParameter",
        InvalidParameter,
        Box::new(|| Categorical::new(vec![1.0, 2.0], vec![0.0, 1.0]).map(|_| Vec::new())),
    );
    s(
        "min-max of a one-unit panel",
        "ConstantIndicator",
        Degenerate,
        Box::new(|| {
            let p = Panel::from_dense(
                vec![Unit::new("A")],
                vec!["x".into()],
                vec![1],
                vec![3.0],
                vec![true],
            )?;
            Normalisation::MinMax { lo: 0.0, hi: 1.0 }
                .apply(&p, &[Polarity::Positive])
                .map(|_| Vec::new())
        }),
    );
    s(
        "z-score of a panel near f64::MAX",
        "Overflow",
        InvalidValue,
        Box::new(|| {
            let p = Panel::from_dense(
                vec![Unit::new("A"), Unit::new("B"), Unit::new("C")],
                vec!["x".into()],
                vec![1],
                vec![1e308, 1.5e308, -1e308],
                vec![true; 3],
            )?;
            Normalisation::ZScore {
                variance: Default::default(),
                mean: 0.0,
                sd: 1.0,
            }
            .apply(&p, &[Polarity::Positive])
            .map(|_| Vec::new())
        }),
    );
    s(
        "tiers with a NaN threshold",
        "InvalidParameter",
        InvalidParameter,
        Box::new(|| Tiers::new(vec![("low", f64::NAN), ("high", 50.0)]).map(|_| Vec::new())),
    );
    s(
        "normalisation with polarities of the wrong count",
        "InvalidParameter",
        InvalidParameter,
        Box::new(|| {
            Normalisation::default()
                .apply(&good(), &[Polarity::Positive])
                .map(|_| Vec::new())
        }),
    );
    v.push(Case {
        name: "stage: results with an unknown field".into(),
        expect: Expect::Ok("serde refuses the field by name"),
        run: Box::new(|| {
            let r = PipelineConfig::new(framework()).run(&good())?;
            let mut value = serde_json::to_value(&r).unwrap();
            value["reports"]["warnigns"] = serde_json::json!([]);
            let e = serde_json::from_value::<Results>(value).unwrap_err();
            assert!(e.to_string().contains("warnigns"), "{e}");
            Ok(numbers(&r))
        }),
    });
}

fn uncertainty_cases(v: &mut Vec<Case>) {
    use ErrorKind::*;
    let model = || {
        let (fw, panel) = (framework(), good());
        PipelineModel::new(
            PipelineConfig::new(fw),
            panel,
            vec![Factor::new(
                "w",
                FactorKind::Weight {
                    node: "a".into(),
                    spread: 0.25,
                },
            )],
        )
    };
    let factor = |name: &str, kind: FactorKind, variant: &'static str, k: ErrorKind| {
        let name = name.to_string();
        err(format!("uncertainty: {name}"), variant, k)(Box::new(move || {
            PipelineModel::new(
                PipelineConfig::new(framework()),
                good(),
                vec![Factor::new("f", kind.clone())],
            )
            .map(|_| Vec::new())
        }))
    };
    v.push(factor(
        "weight of an unknown node",
        FactorKind::Weight {
            node: "zz".into(),
            spread: 0.2,
        },
        "InvalidFactor",
        InvalidParameter,
    ));
    v.push(factor(
        "weight spread 1.5",
        FactorKind::Weight {
            node: "a".into(),
            spread: 1.5,
        },
        "InvalidFactor",
        InvalidParameter,
    ));
    v.push(factor(
        "node weights of an indicator",
        FactorKind::NodeWeights {
            node: "a".into(),
            spread: 0.2,
        },
        "InvalidFactor",
        InvalidParameter,
    ));
    v.push(factor(
        "Dirichlet concentration 0",
        FactorKind::DirichletWeights {
            node: "P1".into(),
            concentration: 0.0,
        },
        "InvalidFactor",
        InvalidParameter,
    ));
    v.push(factor(
        "threshold without screening",
        FactorKind::Threshold {
            threshold: Threshold::UnitAvailability,
            lo: 0.1,
            hi: 0.5,
        },
        "InvalidFactor",
        InvalidParameter,
    ));
    v.push(factor(
        "empty choices",
        FactorKind::Aggregation {
            node: None,
            choices: vec![],
        },
        "EmptyChoices",
        InvalidParameter,
    ));
    v.push(factor(
        "probabilities summing to 0.5",
        FactorKind::Normalisation {
            choices: vec![WeightedChoice::new(Normalisation::default(), 0.5)],
        },
        "InvalidProbabilities",
        InvalidParameter,
    ));
    v.push(factor(
        "an invalid method among the choices",
        FactorKind::Aggregation {
            node: None,
            choices: WeightedChoice::equal(vec![
                Aggregation::Arithmetic,
                Aggregation::Power { p: f64::INFINITY },
            ]),
        },
        "InvalidFactor",
        InvalidParameter,
    ));
    v.push(err(
        "uncertainty: 2^40 Monte Carlo replications",
        "TooMuchMemory",
        Limit,
    )(Box::new(move || {
        let settings = MonteCarloSettings {
            replications: 1 << 40,
            ..Default::default()
        };
        let e = monte_carlo(&model()?, &settings, Control::default()).unwrap_err();
        match &e {
            CompositeError::TooMuchMemory {
                size, bytes, limit, ..
            } => {
                assert_eq!((*size, *limit), (1 << 40, MAX_ALLOCATION_BYTES));
                assert!(*bytes > MAX_ALLOCATION_BYTES);
            }
            other => panic!("{other:?}"),
        }
        Err(e)
    })));
    v.push(err(
        "uncertainty: usize::MAX replications",
        "TooMuchMemory",
        Limit,
    )(Box::new(move || {
        let settings = MonteCarloSettings {
            replications: usize::MAX,
            ..Default::default()
        };
        monte_carlo(&model()?, &settings, Control::default()).map(|_| Vec::new())
    })));
    v.push(err(
        "uncertainty: zero replications",
        "InvalidParameter",
        InvalidParameter,
    )(Box::new(move || {
        let settings = MonteCarloSettings {
            replications: 0,
            ..Default::default()
        };
        monte_carlo(&model()?, &settings, Control::default()).map(|_| Vec::new())
    })));
    v.push(err(
        "uncertainty: failure share 2",
        "InvalidParameter",
        InvalidParameter,
    )(Box::new(move || {
        let settings = MonteCarloSettings {
            max_failure_share: 2.0,
            ..Default::default()
        };
        monte_carlo(&model()?, &settings, Control::default()).map(|_| Vec::new())
    })));
    v.push(err(
        "uncertainty: failure share NaN",
        "InvalidParameter",
        InvalidParameter,
    )(Box::new(move || {
        let settings = MonteCarloSettings {
            max_failure_share: f64::NAN,
            ..Default::default()
        };
        monte_carlo(&model()?, &settings, Control::default()).map(|_| Vec::new())
    })));
    let closure = |f: fn(&[f64]) -> Result<Vec<f64>>| {
        ClosureModel::new(
            vec!["A".into(), "B".into()],
            vec![SobolGroup {
                name: "x".into(),
                marginals: vec![Marginal::Uniform { lo: 0.0, hi: 1.0 }],
            }],
            vec![0.5],
            move |x: &[f64]| {
                if (x[0] - 0.5).abs() < 1e-15 {
                    Ok(vec![1.0, 0.0])
                } else {
                    f(x)
                }
            },
        )
    };
    v.push(err(
        "uncertainty: a model that always fails",
        "TooManyFailures",
        Model,
    )(Box::new(move || {
        let m = closure(|_| {
            Err(CompositeError::Numerical {
                method: "test",
                reason: "always".into(),
            })
        })?;
        let settings = MonteCarloSettings {
            replications: 20,
            ..Default::default()
        };
        monte_carlo(&m, &settings, Control::default()).map(|_| Vec::new())
    })));
    v.push(err(
        "uncertainty: a model returning NaN",
        "TooManyFailures",
        Model,
    )(Box::new(move || {
        let m = closure(|_| Ok(vec![f64::NAN, 1.0]))?;
        let settings = MonteCarloSettings {
            replications: 20,
            ..Default::default()
        };
        let e = monte_carlo(&m, &settings, Control::default()).unwrap_err();
        assert!(e.to_string().contains("NaN"), "{e}");
        Err(e)
    })));
    v.push(err(
        "uncertainty: a model returning the wrong count",
        "TooManyFailures",
        Model,
    )(Box::new(move || {
        let m = closure(|_| Ok(vec![1.0]))?;
        let settings = MonteCarloSettings {
            replications: 20,
            ..Default::default()
        };
        monte_carlo(&m, &settings, Control::default()).map(|_| Vec::new())
    })));
    v.push(err(
        "uncertainty: closure model without units",
        "TooFew",
        Degenerate,
    )(Box::new(|| {
        ClosureModel::new(
            vec![],
            vec![SobolGroup {
                name: "x".into(),
                marginals: vec![Marginal::default()],
            }],
            vec![0.5],
            |_: &[f64]| Ok(vec![]),
        )
        .map(|_| Vec::new())
    })));
    v.push(err(
        "uncertainty: cancelled before it starts",
        "Cancelled",
        Cancelled,
    )(Box::new(move || {
        let flag = AtomicBool::new(true);
        let settings = MonteCarloSettings {
            replications: 50,
            ..Default::default()
        };
        monte_carlo(
            &model()?,
            &settings,
            Control {
                cancel: Some(&flag),
                ..Default::default()
            },
        )
        .map(|_| Vec::new())
    })));
    v.push(err(
        "uncertainty: Sobol bootstrap of 2^40 resamples",
        "TooMuchMemory",
        Limit,
    )(Box::new(move || {
        let mut settings = SobolSettings {
            n: 64,
            ..Default::default()
        };
        settings.bootstrap.resamples = 1 << 40;
        sobol(&model()?, &settings, TieMethod::Min, Control::default()).map(|_| Vec::new())
    })));
    v.push(err(
        "uncertainty: Sobol N below the minimum",
        "Sensitivity",
        Degenerate,
    )(Box::new(move || {
        let settings = SobolSettings {
            n: 1,
            ..Default::default()
        };
        sobol(&model()?, &settings, TieMethod::Min, Control::default()).map(|_| Vec::new())
    })));
    v.push(err(
        "uncertainty: Sobol N beyond the design's limit",
        "Sensitivity",
        Limit,
    )(Box::new(move || {
        let settings = SobolSettings {
            n: 1 << 40,
            ..Default::default()
        };
        sobol(&model()?, &settings, TieMethod::Min, Control::default()).map(|_| Vec::new())
    })));
    v.push(err(
        "uncertainty: settings JSON with a typo",
        "Parse",
        Parse,
    )(Box::new(|| {
        serde_json::from_str::<MonteCarloSettings>(r#"{"replicatons": 5}"#)
            .map(|_| Vec::new())
            .map_err(|e| CompositeError::Parse {
                path: "<json>".into(),
                line: e.line() as u64,
                column: e.column() as u64,
                message: e.to_string(),
            })
    })));
}

fn corpus() -> Vec<Case> {
    let mut v = Vec::new();
    configuration_cases(&mut v);
    validation_cases(&mut v);
    data_cases(&mut v);
    stage_cases(&mut v);
    uncertainty_cases(&mut v);
    v
}

#[test]
fn every_bad_input_gives_its_named_error_without_panic_or_non_finite_number() {
    let cases = corpus();
    let mut failures = Vec::new();
    for case in &cases {
        let outcome = catch_unwind(AssertUnwindSafe(|| (case.run)()));
        let problem = match (&case.expect, outcome) {
            (_, Err(panic)) => Some(format!(
                "panicked: {:?}",
                panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or(panic.downcast_ref::<&str>().copied())
            )),
            (Expect::Error(variant, kind), Ok(Err(e))) => {
                let debug = format!("{e:?}");
                (!debug.starts_with(variant) || e.kind() != *kind)
                    .then(|| format!("expected {variant} ({kind:?}), got {:?}: {e}", e.kind()))
            }
            (Expect::Error(variant, _), Ok(Ok(x))) => {
                Some(format!("expected {variant}, got Ok({x:?})"))
            }
            (Expect::Ok(_), Ok(Err(e))) => Some(format!("expected success, got {e:?}")),
            (Expect::Ok(doc), Ok(Ok(x))) => {
                println!("{}: ok ({doc})", case.name);
                x.iter()
                    .any(|v| !v.is_finite())
                    .then(|| format!("non-finite number in {x:?}"))
            }
        };
        if let Some(p) = problem {
            failures.push(format!("{}: {p}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert!(cases.len() >= 70, "the corpus has {} cases", cases.len());
    println!("{} bad-input cases", cases.len());
}

/// The configuration files of the corpus are all there (a missing one would pass as an `Io` error).
#[test]
fn corpus_files_exist() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input");
    let n = std::fs::read_dir(dir).unwrap().count();
    assert_eq!(n, 14);
}
