//! A configuration saved as JSON re-loads identical and reproduces the run bit for bit; results round-trip
//! through serde and CSV.

use mfg_quality_composite::aggregate::Aggregation;
use mfg_quality_composite::pipeline::PipelineConfig;
use mfg_quality_composite::results::Results;
use mfg_quality_composite::weights::Weighting;
use mfg_quality_indicators::stats::TieMethod;
use mfg_quality_indicators::{Framework, Indicator, NodeSpec, Panel, Polarity, Unit};

fn framework() -> Framework {
    let leaf = |id: &str, w: f64, pol: Polarity| {
        NodeSpec::leaf(Indicator::new(id, id, "").with_polarity(pol)).with_weight(w)
    };
    Framework::new(NodeSpec::group(
        "IDX",
        "Index",
        "指数",
        vec![
            NodeSpec::group(
                "P1",
                "Pillar 1",
                "",
                vec![
                    leaf("a", 0.1951, Polarity::Positive),
                    leaf("b", 1.0 / 3.0, Polarity::Negative),
                ],
            )
            .with_weight(0.2931),
            NodeSpec::group(
                "P2",
                "Pillar 2",
                "",
                vec![
                    leaf("c", 1.0, Polarity::Positive),
                    leaf("d", 2.0, Polarity::Positive),
                ],
            )
            .with_weight(std::f64::consts::PI)
            .with_aggregation("geometric"),
        ],
    ))
    .unwrap()
}

fn panel() -> Panel {
    let units: Vec<Unit> = (0..7).map(|u| Unit::new(format!("U{u}"))).collect();
    let n = 7 * 4 * 2;
    // Deterministic, irregular values (an LCG), one cell missing.
    let mut x: u64 = 12345;
    let values: Vec<f64> = (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 11) as f64 / (1u64 << 53) as f64 * 100.0 + 1.0
        })
        .collect();
    let mut present = vec![true; n];
    present[9] = false;
    Panel::from_dense(
        units,
        vec!["a".into(), "b".into(), "c".into(), "d".into()],
        vec![2014, 2015],
        values,
        present,
    )
    .unwrap()
}

fn config() -> PipelineConfig {
    let mut cfg = PipelineConfig::new(framework());
    cfg.comment = Some("round-trip test".into());
    cfg.normalisation =
        mfg_quality_composite::normalise::Normalisation::MinMax { lo: 1.0, hi: 100.0 };
    cfg.weighting.insert("P1".into(), Weighting::Equal);
    cfg.aggregation = Aggregation::Arithmetic;
    cfg.ties = TieMethod::Average;
    cfg.seed = 20260101;
    cfg
}

#[test]
fn json_round_trip_reproduces_the_run_exactly() {
    let cfg = config();
    let json = cfg.write_json_str().unwrap();
    let back = PipelineConfig::read_json_str(&json).unwrap();
    assert_eq!(back, cfg);
    // serialising again gives the same text
    assert_eq!(back.write_json_str().unwrap(), json);
    let r1 = cfg.run(&panel()).unwrap();
    let r2 = back.run(&panel()).unwrap();
    assert_eq!(r1, r2); // bit-for-bit: PartialEq on every f64
    assert_eq!(r1.ties(), TieMethod::Average);
    assert_eq!(r1.aggregation("P2").unwrap(), Some("geometric"));
    assert_eq!(r1.aggregation("IDX").unwrap(), Some("arithmetic"));
    // the weights of P1's children are equal (configured), those of P2 the framework's 1:2
    assert!((r1.weight("a", 2014).unwrap() - 0.5).abs() < 1e-15);
    assert!((r1.weight("d", 2015).unwrap() - 2.0 / 3.0).abs() < 1e-15);
}

#[test]
fn results_round_trip_through_serde_and_csv() {
    let r = config().run(&panel()).unwrap();
    let json = serde_json::to_string(&r).unwrap();
    let back: Results = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
    let csv = r.write_csv_str().unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("unit,period,node,score,rank"));
    // one row per unit × period × node (7 × 2 × 7)
    assert_eq!(lines.count(), 7 * 2 * 7);
    // every score in the CSV parses back to the stored value exactly
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let want = r.score(f[0], f[2], f[1].parse().unwrap()).unwrap();
        let got = (!f[3].is_empty()).then(|| f[3].parse::<f64>().unwrap());
        assert_eq!(got, want, "{line}");
    }
}

/// The commented samples under `examples/pipelines/` parse, round-trip, and run.
#[test]
fn sample_configurations_parse_round_trip_and_run() {
    let samples = [
        ("hdi", include_str!("../../../examples/pipelines/hdi.json")),
        (
            "minimal",
            include_str!("../../../examples/pipelines/minimal.json"),
        ),
        (
            "full",
            include_str!("../../../examples/pipelines/full.json"),
        ),
    ];
    for (name, text) in samples {
        let cfg = PipelineConfig::read_json_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            cfg.comment.as_deref().is_some_and(|c| !c.is_empty()),
            "{name}"
        );
        assert_eq!(
            PipelineConfig::read_json_str(&cfg.write_json_str().unwrap()).unwrap(),
            cfg,
            "{name}"
        );
    }
    let full = PipelineConfig::read_json_str(samples[2].1).unwrap();
    let minimal = PipelineConfig::read_json_str(samples[1].1).unwrap();
    let units: Vec<Unit> = (0..6).map(|u| Unit::new(format!("U{u}"))).collect();
    #[rustfmt::skip]
    let values = vec![
        1.0, 2.0, 3.0, 4.0, 5.0, 6.5,
        9.0, 7.0, 8.0, 1.0, 2.0, 3.0,
        0.3, 0.1, 0.2, 0.6, 0.5, 0.4,
    ];
    let mut present = vec![true; 18];
    present[4] = false; // U4 has no x1: imputed under `full`, skipped under `minimal`
    let p = Panel::from_dense(
        units,
        vec!["x1".into(), "x2".into(), "x3".into()],
        vec![2020],
        values,
        present,
    )
    .unwrap();
    let rf = full.run(&p).unwrap();
    assert_eq!(rf.reports().imputation.as_ref().unwrap().n_imputed, 1);
    assert_eq!(rf.aggregation("IDX").unwrap(), Some("geometric"));
    let rm = minimal.run(&p).unwrap();
    // x2 has negative polarity: U0 (9.0, the worst) gets 0 on x2 under min-max [0, 1]
    assert_eq!(rm.score("U0", "x2", 2020).unwrap(), Some(0.0));
    assert!(rm.score("U4", "IDX", 2020).unwrap().is_some());
}

/// `run_reusing` recycles an earlier result's buffers and gives the same result as `run`, also when the
/// panel changes shape; with the `parallel` feature, a single-thread pool gives the same result too.
#[test]
fn reuse_and_thread_count_do_not_change_results() {
    let cfg = config();
    let first = cfg.run(&panel()).unwrap();
    let again = cfg.run_reusing(&panel(), first.clone()).unwrap();
    assert_eq!(again, first);
    // a different (smaller) panel through the recycled buffers
    let small = panel().select_units(&["U0", "U2", "U5"]).unwrap();
    let reused = cfg.run_reusing(&small, again).unwrap();
    assert_eq!(reused, cfg.run(&small).unwrap());
    #[cfg(feature = "parallel")]
    {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let single = pool.install(|| cfg.run(&panel()).unwrap());
        assert_eq!(single, first);
    }
}
