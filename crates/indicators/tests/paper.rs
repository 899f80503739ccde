//! The paper dataset: printed numbers reproduced, and the derived quantities of the examples.
#![allow(clippy::float_cmp)] // printed numbers parsed from text are compared exactly with the same literal

use mfg_quality_indicators::paper::{self, QUALITY_EFFICIENCY, ShareBound};
use mfg_quality_indicators::stats::{RankOrder, TieMethod, rank};

#[test]
fn fig3_panel() {
    let d = paper::dataset();
    let p = d.fig3_panel();
    assert_eq!((p.n_units(), p.n_indicators(), p.n_periods()), (9, 1, 4));
    assert!(p.is_complete());
    assert_eq!(p.periods(), [2012, 2013, 2014, 2015]);
    // Paper Fig. 3 (PAPER.md §3): CN 11.01 … 12.62, US 53.97 in 2015, BR 8.19 in 2015.
    assert_eq!(
        p.value("CN", QUALITY_EFFICIENCY, 2012).unwrap(),
        Some(11.01)
    );
    assert_eq!(
        p.value("CN", QUALITY_EFFICIENCY, 2015).unwrap(),
        Some(12.62)
    );
    assert_eq!(
        p.value("US", QUALITY_EFFICIENCY, 2015).unwrap(),
        Some(53.97)
    );
    assert_eq!(p.value("BR", QUALITY_EFFICIENCY, 2015).unwrap(), Some(8.19));
    assert_eq!(p.units()[0].name_zh, "中国");
    // 2015 ranks (1 = best): US 1, DE 2, JP 3, UK 4, FR 5, KR 6, CN 7, IN 8, BR 9.
    let r = rank(p.column(0, 3), RankOrder::Descending, TieMethod::Min);
    assert_eq!(r, [7.0, 1.0, 3.0, 2.0, 4.0, 5.0, 6.0, 9.0, 8.0]);
    assert!(
        d.quality_efficiency()
            .iter()
            .all(|r| r.source == "paper fig 3")
    );
}

#[test]
fn fig4_panel_and_share_check() {
    let d = paper::dataset();
    let p = d.fig4_panel();
    assert_eq!((p.n_units(), p.n_indicators(), p.n_periods()), (1, 4, 4));
    assert_eq!(
        p.value("CN", "scale_development", 2015).unwrap(),
        Some(51.93)
    );
    assert_eq!(
        p.value("CN", "structure_optimisation", 2012).unwrap(),
        Some(24.10)
    );
    assert_eq!(
        p.value("CN", "sustainable_development", 2015).unwrap(),
        None
    );
    assert_eq!(p.missing_count(), 4);
    // Quality & efficiency is the lowest printed pillar every year ("shortest plank").
    for t in 0..4 {
        let qe = p.get(0, 1, t).unwrap();
        assert!(
            (0..3)
                .filter(|&i| i != 1)
                .all(|i| p.get(0, i, t).unwrap() > qe)
        );
    }
    // The 12.51 % check (paper sec 1(3)): 12.62 / composite = 12.51 % ⇒ composite = 100.88, and
    // 12.62 / 100.88 × 100 rounds back to 12.51.
    let s = d.china_quality_share_2015();
    assert_eq!((s.pillar_score, s.share_of_composite_pct), (12.62, 12.51));
    let composite = d.implied_composite_2015();
    assert!((composite - 100.879_296_562_75).abs() < 1e-9, "{composite}"); // python3: 12.62/0.1251
    let share = mfg_quality_indicators::formulas::share(12.62, composite).unwrap();
    assert!((share - 12.51).abs() < 1e-12);
    let rounded_composite = (composite * 100.0).round() / 100.0; // 100.88
    let share_from_rounded = 12.62 / rounded_composite * 100.0;
    assert!(((share_from_rounded * 100.0).round() / 100.0 - 12.51).abs() < 1e-9);
    let (lo, hi) = d.implied_composite_2015_range();
    assert!(lo < composite && composite < hi && hi - lo < 0.1);
    assert!((lo - 100.8390).abs() < 1e-3 && (hi - 100.9197).abs() < 1e-3);
    // Printed pillars 51.93 + 12.62 + 25.78 = 90.33 ⇒ sustainable ≈ 10.55.
    assert!((d.printed_pillar_sum(2015) - 90.33).abs() < 1e-9);
    assert!((d.implied_sustainable_2015() - 10.549_296_562_75).abs() < 1e-9);
    // The implied 2015 composite is above the published 2014 composite 96.36 and in the third tier? No:
    // 100.88 ≥ 100 ⇒ second tier; the published 2014 value 96.36 is third tier.
    use mfg_quality_indicators::catalogue::{MpiTier, mpi_tier};
    assert_eq!(mpi_tier(composite), Some(MpiTier::Second));
    let cn2014 = d.mpi_composite("CN", 2014).unwrap();
    assert_eq!(cn2014.value, 96.36);
    assert_eq!(mpi_tier(cn2014.value), Some(MpiTier::Third));
}

#[test]
fn unit_values_and_volume() {
    let d = paper::dataset();
    let gaps = d.unit_value_gaps();
    assert_eq!(gaps.len(), 4);
    // python3: 42.12/20.95, 13.54/3.52, 64.81/9.36, 62.04/23.89
    let want = [
        ("JP", 2.010_501_193),
        ("DE", 3.846_590_909),
        ("FR", 6.924_145_299),
        ("IT", 2.596_902_470),
    ];
    for (g, (c, r)) in gaps.iter().zip(want) {
        assert_eq!(g.reference, c);
        assert!((g.ratio - r).abs() < 1e-8, "{} {}", g.ratio, r);
    }
    let vv = d.volume_value_2015();
    assert!((vv.tonnes_ratio - 3.737_288_136).abs() < 1e-8); // 4.41e9 / 1.18e9
    assert!((vv.tonnes_ratio - vv.printed_tonnes_ratio).abs() < 0.005);
    assert!((vv.value_per_tonne_ratio - 0.329_115_646).abs() < 1e-8); // 1.23 / (4.41/1.18)
    let s = d.export_quality_structure();
    assert!((s[0].medium_quality_share_pct() - 21.68).abs() < 1e-9);
    assert!((s[1].medium_quality_share_pct() - 10.37).abs() < 1e-9);
}

#[test]
fn other_tables() {
    let d = paper::dataset();
    let means: Vec<f64> = d
        .mqci_regional_means_2015()
        .iter()
        .map(|r| r.mqci_mean)
        .collect();
    assert_eq!(means, [87.48, 82.97, 82.10, 81.45]);
    let cn = d
        .quality_sensitive_shares()
        .iter()
        .find(|r| r.country == "CN")
        .unwrap();
    assert_eq!((cn.bound, cn.share_pct), (ShareBound::LessThan, 17.0));
    assert_eq!(d.trade_2016q1q3().len(), 13);
    assert_eq!(d.trade_figure("West", "exports").unwrap().value, 7462.5);
    assert_eq!(d.mpi_published().len(), 17);
    assert!(
        d.mpi_published()
            .iter()
            .all(|r| r.source.starts_with("http"))
    );
    assert_eq!(d.mqci_published().len(), 14);
    assert_eq!(d.china_pillars().len(), 13);
}
