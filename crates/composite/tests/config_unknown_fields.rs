//! Every nested configuration object refuses a field it does not know, so that a typo (`"polarty"`,
//! `"min_eigenvalu"`) is an error naming the field, not a silently ignored setting.

use mfg_quality_composite::impute::Imputation;
use mfg_quality_composite::normalise::{Goalpost, Normalisation};
use mfg_quality_composite::screen::Screening;
use mfg_quality_composite::treat::OutlierTreatment;
use mfg_quality_composite::weights::{BodBounds, PcaWeighting, Weighting};
use mfg_quality_indicators::{Indicator, NodeSpec, Unit};

fn refused<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str, field: &str) {
    let e = serde_json::from_str::<T>(json).expect_err(json);
    let msg = e.to_string();
    assert!(
        msg.contains("unknown field") && msg.contains(field),
        "{json}: {msg}"
    );
}

#[test]
fn normalisation_and_its_nested_objects() {
    refused::<Normalisation>(r#"{"method": "min_max", "lo": 0, "hi": 1, "hl": 2}"#, "hl");
    refused::<Normalisation>(
        r#"{"method": "ratio_to_benchmark", "benchmark": {"type": "mean_of_units", "units": ["CN"], "yeer": 1}}"#,
        "yeer",
    );
    refused::<Normalisation>(
        r#"{"method": "transformed", "transform": {"type": "log", "shfit": 1}, "then": {"method": "min_max"}}"#,
        "shfit",
    );
    refused::<Normalisation>(
        r#"{"method": "transformed", "transform": {"type": "log"}, "then": {"method": "z_score", "sd": 1, "meen": 0}}"#,
        "meen",
    );
    refused::<Normalisation>(
        r#"{"method": "distance_to_reference", "reference": {"type": "best", "unit": "CN"}}"#,
        "unit",
    );
    refused::<Goalpost>(r#"{"min": 0, "max": 1, "cap": true}"#, "cap");
}

#[test]
fn weighting_and_its_settings() {
    refused::<Weighting>(r#"{"method": "entropy", "base": 2}"#, "base");
    refused::<Weighting>(
        r#"{"method": "ahp", "matrix": [[1]], "table": "saaty"}"#,
        "table",
    );
    refused::<PcaWeighting>(r#"{"min_eigenvalu": 1}"#, "min_eigenvalu");
    refused::<BodBounds>(r#"{"lowr": 0.1}"#, "lowr");
}

#[test]
fn pca_weighting_inside_weighting() {
    // The PCA settings are flattened into the weighting object: a typo there must fail too.
    let r = serde_json::from_str::<Weighting>(r#"{"method": "pca", "min_eigenvalu": 1}"#);
    assert!(r.is_err(), "{r:?}");
}

#[test]
fn stages_and_framework_objects() {
    refused::<Imputation>(r#"{"method": "indicator_mean", "by": "group"}"#, "by");
    refused::<Screening>(
        r#"{"min_unit_availability": 0.5, "treshold": 1}"#,
        "treshold",
    );
    refused::<OutlierTreatment>(r#"{"winmax": 5, "skew": 2}"#, "skew");
    refused::<Indicator>(
        r#"{"id": "loss", "name_en": "Loss", "name_zh": "", "polarty": "negative"}"#,
        "polarty",
    );
    refused::<Unit>(r#"{"code": "CN", "regoin": "East"}"#, "regoin");
    let node = r#"{"id": "Q", "name_en": "", "name_zh": "", "wieght": 2, "children": []}"#;
    refused::<NodeSpec>(node, "wieght");
}

#[test]
fn aggregation_and_its_nested_objects() {
    use mfg_quality_composite::aggregate::{Aggregation, AmpiGoalposts, OwaWeights};
    refused::<Aggregation>(r#"{"method": "arithmetic", "p": 2}"#, "p");
    refused::<Aggregation>(r#"{"method": "power", "p": 2, "q": 1}"#, "q");
    refused::<Aggregation>(
        r#"{"method": "topsis", "normalisaton": "vector"}"#,
        "normalisaton",
    );
    refused::<Aggregation>(r#"{"method": "kemeny", "max_unit": 5}"#, "max_unit");
    refused::<Aggregation>(
        r#"{"method": "owa", "weights": {"method": "orness", "orness": 0.3, "ornes": 1}}"#,
        "ornes",
    );
    refused::<OwaWeights>(
        r#"{"method": "given", "order_weight": [1, 2]}"#,
        "order_weight",
    );
    refused::<AmpiGoalposts>(r#"{"method": "from_data", "reference": [1]}"#, "reference");
    refused::<AmpiGoalposts>(
        r#"{"method": "fixed", "reference": [1], "min": [0], "max": [2], "mx": [3]}"#,
        "mx",
    );
    refused::<Aggregation>(
        r#"{"method": "ampi", "goalposts": {"method": "from_data", "x": 1}}"#,
        "x",
    );
    // Still accepted: every documented form, with defaults.
    for ok in [
        r#"{"method": "arithmetic"}"#,
        r#"{"method": "mpi"}"#,
        r#"{"method": "ampi", "sign": "plus"}"#,
        r#"{"method": "vikor"}"#,
        r#"{"method": "owa", "weights": {"method": "given", "order_weights": [1, 2]}}"#,
    ] {
        serde_json::from_str::<Aggregation>(ok).expect(ok);
    }
}

#[test]
fn uncertainty_settings_and_factors() {
    use mfg_quality_composite::uncertainty::{
        Factor, FactorKind, FactorSpec, MonteCarloSettings, Output, UnitSummary, WeightedChoice,
    };
    refused::<MonteCarloSettings>(r#"{"replications": 10, "replicatons": 5}"#, "replicatons");
    refused::<Factor>(
        r#"{"name": "w", "factor": "weight", "node": "P1", "spread": 0.2, "spred": 0.1}"#,
        "spred",
    );
    refused::<Factor>(
        r#"{"name": "t", "factor": "threshold", "threshold": "skew", "lo": 1, "hi": 2, "hii": 3}"#,
        "hii",
    );
    refused::<FactorKind>(
        r#"{"factor": "dirichlet_weights", "node": "P", "concentration": 3, "alpha": 1}"#,
        "alpha",
    );
    refused::<WeightedChoice<f64>>(r#"{"method": 1, "probability": 1, "prob": 1}"#, "prob");
    refused::<Factor>(
        r#"{"name": "a", "factor": "aggregation", "choices": [{"method": {"method": "geometric"}, "probability": 1, "probabilty": 1}]}"#,
        "probabilty",
    );
    refused::<Factor>(
        r#"{"name": "n", "factor": "normalisation", "choices": [{"method": {"method": "min_max", "hl": 1}, "probability": 1}]}"#,
        "hl",
    );
    refused::<FactorSpec>(r#"{"name": "w", "labels": [], "label": []}"#, "label");
    // (An adjacently tagged enum names the field as "invalid value: string `unti`, expected ...".)
    let e = serde_json::from_str::<Output>(r#"{"output": "rank", "unit": "A", "unti": "B"}"#);
    assert!(e.unwrap_err().to_string().contains("unti"));
    refused::<UnitSummary>(
        r#"{"unit": "A", "nominal_rank": 1, "nominal_score": 1, "median_rank": 1, "rank_p05": 1, "rank_p95": 1, "mean_rank": 1, "mean_score": 1, "sd_score": 0, "extra": 0}"#,
        "extra",
    );
    // A well-formed factor still loads.
    let f: Factor =
        serde_json::from_str(r#"{"name": "w", "factor": "weight", "node": "P1", "spread": 0.2}"#)
            .unwrap();
    assert_eq!(f.name, "w");
}

/// A result type read back from JSON refuses a field it does not have: `value` serialised, with one
/// extra key, must fail naming it.
fn refuses_extra<T: serde::Serialize + serde::de::DeserializeOwned + std::fmt::Debug>(value: &T) {
    let mut v = serde_json::to_value(value).unwrap();
    // The value itself loads back.
    serde_json::from_value::<T>(v.clone()).unwrap();
    v.as_object_mut()
        .expect("a struct serialises as an object")
        .insert("bogus_field".into(), serde_json::json!(1));
    let e = serde_json::from_value::<T>(v).expect_err(std::any::type_name::<T>());
    assert!(
        e.to_string().contains("bogus_field"),
        "{}: {e}",
        std::any::type_name::<T>()
    );
}

#[test]
fn result_types_refuse_unknown_fields() {
    use mfg_quality_composite::aggregate::{
        Aggregation, CriterionType, MissingPolicy, TopsisNormalisation, kemeny_ranking, topsis,
        vikor,
    };
    use mfg_quality_composite::analysis::{
        CorrelationMethod, NamedColumn, correlation_matrix, cronbach_alpha, pca_summary,
    };
    use mfg_quality_composite::impute::Imputation;
    use mfg_quality_composite::pca::Pca;
    use mfg_quality_composite::pipeline::{MissingIndicatorPolicy, PipelineConfig};
    use mfg_quality_composite::results::{ResultsData, Tiers, Warning};
    use mfg_quality_composite::weights::{
        BodBounds, PairwiseMatrix, PcaWeighting, RandomIndexTable, ahp, benefit_of_the_doubt,
        pca_weights,
    };
    use mfg_quality_indicators::{Framework, Panel};

    let data = [0.1, 0.5, 0.9, 0.3, 0.8, 0.2, 0.4, 0.6, 0.7, 0.1, 0.3, 0.9];
    let crit = [CriterionType::Benefit; 3];
    refuses_extra(&topsis(&data, 4, &[1.0; 3], TopsisNormalisation::Vector, &crit).unwrap());
    refuses_extra(&vikor(&data, 4, &[1.0; 3], &crit, 0.5).unwrap());
    refuses_extra(&kemeny_ranking(&data, 4, &[1.0; 3], 10).unwrap());
    refuses_extra(
        &Aggregation::Arithmetic
            .aggregate(
                &data,
                &[],
                4,
                &[1.0; 3],
                MissingPolicy::Error,
                &Default::default(),
            )
            .unwrap(),
    );
    let m = PairwiseMatrix::new(vec![vec![1.0, 3.0], vec![1.0 / 3.0, 1.0]]).unwrap();
    refuses_extra(&ahp(&m, RandomIndexTable::Saaty1980).unwrap());
    refuses_extra(&benefit_of_the_doubt(&data, 4, &BodBounds::default()).unwrap());
    refuses_extra(&pca_weights(&data, 4, &PcaWeighting::default()).unwrap());
    refuses_extra(&Pca::fit(&data, 4, true).unwrap());
    let (a, b, c) = (&data[0..4], &data[4..8], &data[8..12]);
    let cols = [
        NamedColumn::new("a", a),
        NamedColumn::new("b", b),
        NamedColumn::new("c", c),
    ];
    refuses_extra(&correlation_matrix(&cols, CorrelationMethod::Pearson).unwrap());
    let alpha = cronbach_alpha(&cols).unwrap();
    refuses_extra(&alpha.items[0]);
    refuses_extra(&alpha);
    refuses_extra(&pca_summary(&cols, true).unwrap());

    // A pipeline run with every stage, an indicator dropped with a warning and two periods.
    let fw: Framework = serde_json::from_str(
        r#"{"id": "IDX", "children": [
            {"id": "P1", "children": [{"indicator": {"id": "a", "name_en": "A"}},
                                      {"indicator": {"id": "b", "name_en": "B"}}]},
            {"id": "P2", "children": [{"indicator": {"id": "c", "name_en": "C"}},
                                      {"indicator": {"id": "d", "name_en": "D"}}]}]}"#,
    )
    .unwrap();
    let mut values: Vec<f64> = (0..40).map(|k| ((k * 37) % 17) as f64 + 1.0).collect();
    values[3] = 500.0; // an outlier for the treatment
    let mut mask = vec![true; 40];
    mask[6] = false; // a hole to impute
    for m in &mut mask[35..40] {
        *m = false; // `d` has no data in 2021
    }
    let panel = Panel::from_dense(
        (0..5)
            .map(|u| mfg_quality_indicators::Unit::new(format!("U{u}")))
            .collect(),
        vec!["a".into(), "b".into(), "c".into(), "d".into()],
        vec![2020, 2021],
        values,
        mask,
    )
    .unwrap();
    let mut cfg = PipelineConfig::new(fw);
    cfg.screening = Some(
        serde_json::from_str(r#"{"min_unit_availability": 0.1, "min_indicator_availability": 0}"#)
            .unwrap(),
    );
    cfg.imputation = Imputation::IndicatorMean;
    cfg.treatment = Some(
        serde_json::from_str(
            r#"{"skew_threshold": 1, "kurtosis_threshold": 1, "winmax": 2, "log_fallback": true}"#,
        )
        .unwrap(),
    );
    cfg.missing_indicator = MissingIndicatorPolicy::DropWithWarning;
    let r = cfg.run(&panel).unwrap();
    let reports = r.reports();
    refuses_extra(reports);
    refuses_extra(reports.screening.as_ref().unwrap());
    refuses_extra(&reports.screening.as_ref().unwrap().units[0]);
    let imputation = reports.imputation.as_ref().unwrap();
    refuses_extra(imputation);
    refuses_extra(&imputation.cells[0]);
    let treatment = reports.treatment.as_ref().unwrap();
    refuses_extra(treatment);
    refuses_extra(&treatment.records[0]);
    assert!(matches!(r.warnings(), [Warning::IndicatorDropped { .. }]));
    refuses_extra(&r.warnings()[0]);
    refuses_extra(
        &serde_json::from_value::<ResultsData>(serde_json::to_value(&r).unwrap()).unwrap(),
    );
    refuses_extra(&r.contributions("U0", "IDX", 2020).unwrap()[0]);
    refuses_extra(&r.rank_changes("IDX", 2020, 2021).unwrap()[0]);
    refuses_extra(&r.strongest_weakest("U0", "IDX", 2020).unwrap().unwrap());
    let tiers = Tiers::new(vec![("high", 0.5), ("low", 0.0)]).unwrap();
    refuses_extra(&tiers.tiers()[0]);
    refuses_extra(&r.tiers("IDX", 2020, &tiers).unwrap()[0]);
}
