//! Structure of the built-in catalogues: counts, unique ids, bilingual names, weights, sources.

use std::collections::HashSet;

use mfg_quality_indicators::catalogue::{
    self, MPI_PUBLISHED_INDICATOR_COUNT, MPI_UNSOURCED_INDICATOR_COUNT, MpiTier,
};
use mfg_quality_indicators::{Framework, Polarity};

fn ids(fw: &Framework) -> Vec<String> {
    fw.nodes().iter().map(|n| n.id.clone()).collect()
}

fn assert_unique(fw: &Framework) {
    let all = ids(fw);
    let set: HashSet<&String> = all.iter().collect();
    assert_eq!(set.len(), all.len(), "ids not unique: {all:?}");
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn mpi_structure() {
    let fw = catalogue::manufacturing_power_index();
    assert_unique(&fw);
    let pillars = fw.children(fw.root());
    assert_eq!(pillars.len(), 4);
    let zh: Vec<&str> = pillars
        .iter()
        .map(|&p| fw.node(p).name_zh.as_str())
        .collect();
    assert_eq!(zh, ["规模发展", "质量效益", "结构优化", "持续发展"]);
    // 10 sourced indicators of the published 18 (reference/catalogues/cae_mpi_indicators.csv).
    assert_eq!(fw.leaves().len(), 10);
    assert_eq!(
        fw.leaves().len() + MPI_UNSOURCED_INDICATOR_COUNT,
        MPI_PUBLISHED_INDICATOR_COUNT
    );
    let per_pillar: Vec<usize> = pillars.iter().map(|&p| fw.children(p).len()).collect();
    assert_eq!(per_pillar, [2, 4, 1, 3]);
    // Pillar weights 0.1951/0.2931/0.2805/0.2313 (secondary source), sum 1.
    let w: Vec<f64> = pillars.iter().map(|&p| fw.node(p).weight).collect();
    for (got, want) in w.iter().zip([0.1951, 0.2931, 0.2805, 0.2313]) {
        assert!((got - want).abs() < 1e-12);
    }
    assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    // Equal weights within a pillar: effective weight of MPI-QE-1 = 0.2931 / 4.
    let qe1 = fw.find("MPI-QE-1").unwrap();
    assert!((fw.effective_weight(qe1) - 0.2931 / 4.0).abs() < 1e-12);
    // Energy intensity is the only negative indicator.
    let neg: Vec<&str> = fw
        .indicators()
        .iter()
        .filter(|i| i.polarity == Polarity::Negative)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(neg, ["MPI-SU-2"]);
    // Chinese names present everywhere except the export-share indicator (not seen in any source).
    for n in fw.nodes() {
        if n.id == "MPI-SD-2" {
            assert!(n.name_zh.is_empty());
        } else {
            assert!(has_cjk(&n.name_zh), "{} lacks a Chinese name", n.id);
        }
    }
    for ind in fw.indicators() {
        assert!(ind.source.contains("http"), "{} lacks a source", ind.id);
        assert!(!ind.definition.is_empty());
        assert!(ind.unit.is_empty(), "units were not published");
    }
    assert!(catalogue::MPI_GAPS.contains("18"));
}

#[test]
fn mqci_structure() {
    let fw = catalogue::mqci();
    assert_unique(&fw);
    assert_eq!(fw.children(fw.root()).len(), 2);
    assert_eq!(fw.nodes_at_depth(2).len(), 6);
    assert_eq!(fw.leaves().len(), 12);
    assert_eq!(fw.max_depth(), 3);
    assert!(fw.nodes().iter().all(|n| has_cjk(&n.name_zh)));
    // Weights not published ⇒ equal at every level: 1/2 × 1/3 × 1/2.
    for (_, w) in fw.effective_weights() {
        assert!((w - 1.0 / 12.0).abs() < 1e-12);
    }
    let neg: Vec<&str> = fw
        .indicators()
        .iter()
        .filter(|i| i.polarity == Polarity::Negative)
        .map(|i| i.name_zh.as_str())
        .collect();
    assert_eq!(neg, ["质量损失率"]);
    let l2: Vec<&str> = fw
        .children(fw.root())
        .iter()
        .map(|&c| fw.node(c).name_zh.as_str())
        .collect();
    assert_eq!(l2, ["质量水平", "发展能力"]);
}

#[test]
fn paper_indicator_lists() {
    let cq = catalogue::current_quality_indicators();
    assert_unique(&cq);
    assert_eq!(cq.indicator_ids(), ["MQCI", "PQPR", "NSSPR", "ECNR"]);
    let ecnr = cq.node(cq.find("ECNR").unwrap()).indicator().unwrap();
    assert_eq!(ecnr.polarity, Polarity::Negative);
    assert_eq!(ecnr.name_zh, "出口商品不合格率");
    let micro = catalogue::micro_quality_efficiency();
    assert_eq!(micro.indicator_ids(), ["QLR", "QCR", "CEPR"]);
    let zh: Vec<&str> = micro
        .indicators()
        .iter()
        .map(|i| i.name_zh.as_str())
        .collect();
    assert_eq!(zh, ["质量损失率", "质量贡献率", "成本费用利润率"]);
    for fw in [&cq, &micro] {
        for i in fw.indicators() {
            assert!(i.source.contains("sec 3(1)"));
            assert!(!i.unit.is_empty());
        }
    }
    assert!(catalogue::MACRO_QUALITY_EFFICIENCY_GAP.contains("Fig. 7"));
}

#[test]
fn tiers_and_bands() {
    // CAE 2015 report: ≥130 first, 100–130 second, 60–100 third; 2014 composites US 161.05, DE 123.59,
    // JP 122.23, CN 96.36.
    assert_eq!(catalogue::mpi_tier(161.05), Some(MpiTier::First));
    assert_eq!(catalogue::mpi_tier(123.59), Some(MpiTier::Second));
    assert_eq!(catalogue::mpi_tier(130.0), Some(MpiTier::First));
    assert_eq!(catalogue::mpi_tier(100.0), Some(MpiTier::Second));
    assert_eq!(catalogue::mpi_tier(96.36), Some(MpiTier::Third));
    assert_eq!(catalogue::mpi_tier(59.9), None);
    assert_eq!(catalogue::mpi_tier(f64::NAN), None);
    use catalogue::{MQCI_BANDS_ANHUI, MQCI_BANDS_AQSIQ, band};
    assert_eq!(
        band(74.9, &MQCI_BANDS_AQSIQ).unwrap().label,
        "no competitiveness"
    );
    assert_eq!(band(90.0, &MQCI_BANDS_AQSIQ).unwrap().label, "strong");
    assert_eq!(band(81.45, &MQCI_BANDS_ANHUI).unwrap().label, "strong");
    assert!(band(59.0, &MQCI_BANDS_ANHUI).is_none());
}

/// The provincial MQCI values found in the sources (data/catalogues/mqci_provincial_values.csv): each value as
/// printed, with rank, source URL and confidence; those also in mqci_published_values.csv agree bit for bit.
/// No 2015 provincial value was found, which is why the paper's Fig. 5 stays on a labelled synthetic panel.
#[test]
fn mqci_provincial_values_golden() {
    const CSV: &str = include_str!("../data/catalogues/mqci_provincial_values.csv");
    let mut rdr = csv::Reader::from_reader(CSV.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "province_code",
            "name_zh",
            "name_en",
            "year",
            "value",
            "rank",
            "confidence",
            "source_url",
            "note"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    // (code, year, value as printed, rank, source host) — from the pages named in the CSV.
    let expected = [
        ("CN-BJ", "2005", "83.80", "5", "antpedia.com"),
        ("CN-BJ", "2006", "82.86", "6", "antpedia.com"),
        ("CN-SH", "2006", "86.78", "1", "whmsebhyy.com"),
        ("CN-AH", "2008", "81.85", "11", "gsiic.com"),
    ];
    assert_eq!(rows.len(), expected.len());
    for (r, (code, year, value, rank, host)) in rows.iter().zip(expected) {
        assert_eq!(&r[0], code);
        assert_eq!(&r[3], year);
        assert_eq!(&r[4], value);
        assert_eq!(&r[5], rank);
        assert!(r[7].contains(host), "{code} {year}: source {}", &r[7]);
        assert!(
            ["high", "medium", "low"].contains(&&r[6]),
            "confidence {}",
            &r[6]
        );
        assert!(has_cjk(&r[1]));
        assert!(!r[8].is_empty(), "every row carries a note");
    }
    assert!(
        rows.iter().all(|r| &r[3] != "2015"),
        "no 2015 value was found"
    );
    // Agreement with the published-values catalogue where both carry the value.
    let published = mfg_quality_indicators::paper::dataset().mqci_published();
    let mut matched = 0;
    for r in &rows {
        let year: i32 = r[3].parse().unwrap();
        let value: f64 = r[4].parse().unwrap();
        if let Some(p) = published
            .iter()
            .find(|p| p.scope == "province" && p.name_en == r[2] && p.year == year)
        {
            assert_eq!(p.value.to_bits(), value.to_bits(), "{} {year}", &r[2]);
            matched += 1;
        }
    }
    assert_eq!(matched, 2, "Shanghai 2006 and Anhui 2008 are in both files");
}
