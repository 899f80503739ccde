//! Property tests: shares sum to 1 and lie in [0, 1]; segments are invariant to a common scaling of values;
//! the shift-share identity holds for any weights and measures.

use mfg_quality_elasticity::decomposition::ShiftShare;
use mfg_quality_elasticity::segments::{SegmentParams, segment_cells};
use mfg_quality_elasticity::unit_value::{Reference, WorldWeighting, unit_values};
use mfg_quality_elasticity::{TradeFlow, TradeFlows};
use proptest::prelude::*;

fn flows_from(vals: &[(f64, f64)], scale: f64) -> TradeFlows {
    let rows: Vec<TradeFlow> = vals
        .iter()
        .enumerate()
        .map(|(k, &(v, q))| TradeFlow {
            year: 2015,
            exporter: format!("E{}", k % 4),
            importer: "W".into(),
            product: format!("84{:04}", k % 3),
            value: v * scale,
            quantity: q,
        })
        .collect();
    TradeFlows::from_flows(&rows).unwrap().0
}

proptest! {
    #[test]
    fn segment_shares_sum_to_one(vals in prop::collection::vec((0.01f64..1e6, 0.01f64..1e4), 1..40),
                                 alpha in 0.0f64..1.0, value_weighted in any::<bool>()) {
        let cells = flows_from(&vals, 1.0).cells();
        let w = if value_weighted { WorldWeighting::Value } else { WorldWeighting::Quantity };
        let uv = unit_values(&cells, &Reference::World(w)).unwrap();
        let t = segment_cells(&cells, &uv, &SegmentParams::new(alpha).unwrap(), None).unwrap();
        for r in t.rows() {
            let s = r.shares;
            for x in [s.high, s.medium, s.low] {
                prop_assert!((0.0..=1.0).contains(&x));
            }
            prop_assert!((s.high + s.medium + s.low - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn segments_invariant_to_scaling_values(vals in prop::collection::vec((0.01f64..1e6, 0.01f64..1e4), 1..40),
                                            k in -20i32..20) {
        // A power-of-two scale is exact in floating point, so the classification must not change at all.
        let c = 2f64.powi(k);
        let a = flows_from(&vals, 1.0).cells();
        let b = flows_from(&vals, c).cells();
        let p = SegmentParams::default();
        let ta = segment_cells(&a, &unit_values(&a, &Reference::default()).unwrap(), &p, None).unwrap();
        let tb = segment_cells(&b, &unit_values(&b, &Reference::default()).unwrap(), &p, None).unwrap();
        for (ra, rb) in ta.rows().iter().zip(tb.rows()) {
            prop_assert_eq!((ra.shares.high, ra.shares.medium, ra.shares.low),
                            (rb.shares.high, rb.shares.medium, rb.shares.low));
        }
    }

    #[test]
    fn shift_share_identity(raw in prop::collection::vec((0.0f64..10.0, 0.0f64..10.0, -5.0f64..5.0, -5.0f64..5.0), 1..30)) {
        prop_assume!(raw.iter().map(|r| r.0).sum::<f64>() > 0.0 && raw.iter().map(|r| r.1).sum::<f64>() > 0.0);
        let ids: Vec<String> = (0..raw.len()).map(|i| format!("i{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let v0: Vec<f64> = raw.iter().map(|r| r.0).collect();
        let v1: Vec<f64> = raw.iter().map(|r| r.1).collect();
        let h0: Vec<f64> = raw.iter().map(|r| r.2).collect();
        let h1: Vec<f64> = raw.iter().map(|r| r.3).collect();
        let d = ShiftShare::from_values(&ids, &v0, &v1, &h0, &h1).unwrap();
        prop_assert!((d.within + d.between + d.interaction - d.change()).abs() < 1e-12);
    }
}
