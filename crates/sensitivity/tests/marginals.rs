//! The marginals inside designs: a bad one is named with its factor, every kind maps the design's unit
//! points into its support, and the serialised form is strict.

use mfg_quality_sensitivity::morris::{MorrisDesign, MorrisSettings};
use mfg_quality_sensitivity::sobol::{SobolDesign, SobolInput, SobolSettings};
use mfg_quality_sensitivity::{Marginal, SensitivityError};

fn all_kinds() -> Vec<SobolInput> {
    vec![
        SobolInput::new("u", Marginal::uniform(-1.0, 3.0).unwrap()),
        SobolInput::new("n", Marginal::normal(10.0, 2.0).unwrap()),
        SobolInput::new("c", Marginal::discrete(vec![0.25, 0.75]).unwrap()),
        SobolInput::new("t", Marginal::triangular(0.0, 1.0, 4.0).unwrap()),
        SobolInput::new("lu", Marginal::log_uniform(0.01, 100.0).unwrap()),
        SobolInput::new("ln", Marginal::lognormal(0.0, 0.5).unwrap()),
        SobolInput::new(
            "tn",
            Marginal::truncated_normal(0.0, 1.0, -0.5, f64::INFINITY).unwrap(),
        ),
    ]
}

#[test]
fn a_bad_marginal_in_a_design_names_its_factor() {
    let bad = vec![SobolInput::new(
        "capacity",
        Marginal::Triangular {
            lo: 0.0,
            mode: 5.0,
            hi: 1.0,
        },
    )];
    let e = SobolDesign::new(bad.clone(), SobolSettings::default()).unwrap_err();
    assert!(
        matches!(&e, SensitivityError::InvalidMarginal { factor, parameter: "mode", .. } if factor == "capacity"),
        "{e}"
    );
    assert!(e.to_string().contains("capacity"));
    assert!(MorrisDesign::trajectories(bad, MorrisSettings::default()).is_err());
}

#[test]
fn every_kind_maps_into_its_support() {
    let design = SobolDesign::new(
        all_kinds(),
        SobolSettings {
            n: 256,
            ..Default::default()
        },
    )
    .unwrap();
    let p = design.points();
    for row in p.chunks(7) {
        assert!((-1.0..3.0).contains(&row[0]));
        assert!(row[1].is_finite());
        assert!(row[2].to_bits() == 0f64.to_bits() || row[2].to_bits() == 1f64.to_bits());
        assert!((0.0..=4.0).contains(&row[3]));
        assert!((0.01..=100.0).contains(&row[4]));
        assert!(row[5] > 0.0);
        assert!(row[6] >= -0.5 && row[6].is_finite());
    }
    // the sample means are near the distributions' means
    let mean = |c: usize| p.chunks(7).map(|r| r[c]).sum::<f64>() / (p.len() / 7) as f64;
    assert!((mean(0) - 1.0).abs() < 0.01);
    assert!((mean(1) - 10.0).abs() < 0.05);
    assert!((mean(2) - 0.75).abs() < 0.02);
    assert!((mean(3) - 5.0 / 3.0).abs() < 0.02);
    // log-uniform on [0.01, 100]: (hi - lo) / ln(hi / lo)
    assert!((mean(4) - 99.99 / (1e4f64).ln()).abs() < 0.3);
    assert!((mean(5) - (0.125f64).exp()).abs() < 0.01);
}

#[test]
fn serialised_marginals_round_trip_and_are_strict() {
    // JSON has no infinity: the one-sided truncated normal is left out (see `Marginal::TruncatedNormal`)
    for i in all_kinds().into_iter().filter(|i| i.name != "tn") {
        let json = serde_json::to_string(&i).unwrap();
        let back: SobolInput = serde_json::from_str(&json).unwrap();
        assert_eq!(back, i, "{json}");
    }
    let json = r#"{"name": "x", "marginal": {"distribution": "triangular", "lo": 0, "mode": 1, "hi": 2, "extra": 1}}"#;
    assert!(serde_json::from_str::<SobolInput>(json).is_err());
    let json = r#"{"n": 64, "sample_size": 3}"#;
    assert!(serde_json::from_str::<SobolSettings>(json).is_err());
}
