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
