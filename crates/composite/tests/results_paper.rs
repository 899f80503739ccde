//! Results on the paper's numbers: the pillar contribution analysis of Fig. 4 and the tiers of the
//! published Manufacturing Power Index composites (embedded paper dataset of `mfg-quality-indicators`).

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::aggregate::Aggregation;
use mfg_quality_composite::normalise::Normalisation;
use mfg_quality_composite::pipeline::{MissingIndicatorPolicy, PipelineConfig};
use mfg_quality_composite::results::Warning;
use mfg_quality_composite::results::{Results, Tiers};
use mfg_quality_indicators::catalogue::{MPI_PILLARS, MpiTier, mpi_tier};
use mfg_quality_indicators::{Framework, Indicator, NodeSpec, paper};

/// China's four pillars (paper Fig. 4) with the 2015 sustainable pillar derived from the printed share,
/// equal weights, identity normalisation, arithmetic mean: shares = pillar / sum of pillars.
fn fig4() -> Results {
    let d = paper::dataset();
    let mut panel = d.fig4_panel();
    let p = panel.require_period(2015).unwrap();
    let s = panel.require_indicator(MPI_PILLARS[3].0).unwrap();
    panel
        .set(0, s, p, Some(d.implied_sustainable_2015()))
        .unwrap();
    let fw = Framework::new(NodeSpec::group(
        "MPI",
        "",
        "",
        MPI_PILLARS
            .iter()
            .map(|(id, en, _)| NodeSpec::leaf(Indicator::new(*id, *en, "")))
            .collect(),
    ))
    .unwrap();
    let mut cfg = PipelineConfig::new(fw);
    cfg.normalisation = Normalisation::Identity;
    cfg.aggregation = Aggregation::Arithmetic;
    // The sustainable pillar is not printed before 2015: left out of those years, with a warning each.
    cfg.missing_indicator = MissingIndicatorPolicy::DropWithWarning;
    cfg.run(&panel).unwrap()
}

#[test]
fn quality_efficiency_is_12_51_percent_of_chinas_2015_composite() {
    let r = fig4();
    let share = paper::dataset().china_quality_share_2015();
    let c = r.contributions("CN", "MPI", 2015).unwrap();
    let q = c.iter().find(|c| c.child == share.pillar).unwrap();
    // printed: 12.62 is 12.51 % of the composite (paper sec 1(3)); printed to 2 decimals
    assert!(
        (q.share_percent - 12.51).abs() <= 0.005,
        "{}",
        q.share_percent
    );
    assert_eq!(q.score, Some(12.62));
    // the composite is the sum of the pillars: 4 × the equal-weight mean ≈ 100.88 (12.62 / 0.1251)
    let mean = r.score("CN", "MPI", 2015).unwrap().unwrap();
    assert!((4.0 * mean - 12.62 / 0.1251).abs() < 1e-9);
    // scale & development: 51.93 / 100.88 = 51.48 %
    assert!((c[0].share_percent - 100.0 * 51.93 / (12.62 / 0.1251)).abs() < 1e-9);
    let total: f64 = c.iter().map(|c| c.share_percent).sum();
    assert!((total - 100.0).abs() < 1e-9);
}

#[test]
fn unprinted_pillar_is_skipped_and_shares_are_of_the_printed_sum() {
    let r = fig4();
    assert!(r.warnings().contains(&Warning::IndicatorDropped {
        indicator: MPI_PILLARS[3].0.into(),
        node: "MPI".into(),
        period: 2014,
    }));
    // 2014: sustainable not printed ⇒ shares of 50.67 + 12.41 + 25.44 = 88.52
    let c = r.contributions("CN", "MPI", 2014).unwrap();
    assert_eq!(c[3].score, None);
    assert!((c[3].share_percent).abs() < 1e-12);
    assert!((c[1].share_percent - 100.0 * 12.41 / 88.52).abs() < 1e-9);
    // the weakest printed pillar is quality & efficiency
    let planks = r.strongest_weakest("CN", "MPI", 2014).unwrap().unwrap();
    assert_eq!(planks.weakest.0, "quality_efficiency");
    assert_eq!(planks.strongest.0, "scale_development");
    // geometric aggregation is not additive: contributions refuse rather than mislead
    let mut fw = r.framework().clone();
    fw.set_aggregation(fw.root(), Some("geometric".into()));
    let mut cfg = PipelineConfig::new(fw);
    cfg.normalisation = Normalisation::Identity;
    cfg.missing_indicator = MissingIndicatorPolicy::DropWithWarning;
    let g = cfg.run(&paper::dataset().fig4_panel()).unwrap();
    assert!(matches!(
        g.contributions("CN", "MPI", 2014),
        Err(CompositeError::NotAdditive { .. })
    ));
}

#[test]
fn published_2014_composites_fall_in_the_published_tiers() {
    // tiers: ≥130 first, 100–130 second, 60–100 third (CAE 2015 report via paper §3)
    let tiers = Tiers::new(vec![("first", 130.0), ("second", 100.0), ("third", 60.0)]).unwrap();
    let published = paper::dataset().mpi_published();
    let expect = [
        ("US", "first"),
        ("DE", "second"),
        ("JP", "second"),
        ("CN", "third"),
    ];
    for (country, tier) in expect {
        let v = published
            .iter()
            .find(|r| r.country == country && r.year == 2014)
            .unwrap()
            .value;
        assert_eq!(tiers.classify(v), Some(tier), "{country} {v}");
        // and the catalogue's own tier function agrees
        let cat = mpi_tier(v).unwrap();
        let same = matches!(
            (tier, cat),
            ("first", MpiTier::First) | ("second", MpiTier::Second) | ("third", MpiTier::Third)
        );
        assert!(same, "{country}: {cat:?}");
    }
}
