//! The synthetic world: recovery of the true classes and exact decomposition identities.

use mfg_quality_elasticity::decomposition::ShiftShare;
use mfg_quality_elasticity::prelude::*;
use mfg_quality_elasticity::structure::classes_of;
use mfg_quality_elasticity::synthetic::confusion_matrix;

#[test]
fn recovers_true_classes() {
    // Seeds 1..=4: every non-zero slope is found with its sign, and no sign is ever reversed.
    let mut total = [[0usize; 3]; 3];
    for seed in 1..=4 {
        let world = generate(&SyntheticConfig::small(seed)).unwrap();
        let cells = world.flows.cells();
        let map = world.concordance.map_products(cells.products()).unwrap();
        let uv = unit_values(&cells, &Reference::default()).unwrap();
        let est = estimate(
            &cells,
            &uv,
            &map,
            &[PooledPeriod::new(2010, 2015)],
            &ElasticityParams::default(),
        )
        .unwrap();
        for r in &est {
            let e = r.estimate().unwrap();
            assert!(e.exporters >= 25 && e.p_value >= 0.0 && e.p_value <= 1.0 && e.std_error > 0.0);
        }
        let (m, missing) = confusion_matrix(&world.truth, &classes_of(&est, "2010-2015"));
        assert_eq!(missing, 0);
        for i in 0..3 {
            for j in 0..3 {
                total[i][j] += m[i][j];
            }
        }
        assert_eq!(m[0][0], 3, "seed {seed}: {m:?}");
        assert_eq!(m[2][2], 3, "seed {seed}: {m:?}");
        assert_eq!(m[0][2] + m[2][0], 0, "seed {seed}: {m:?}");
    }
    // Neutral industries: 12 tests at 5 % — at most 2 false positives expected over 4 seeds.
    assert!(total[1][1] >= 10, "{total:?}");
}

#[test]
fn estimated_slopes_are_close_to_true_slopes() {
    let world = generate(&SyntheticConfig::small(11)).unwrap();
    let cells = world.flows.cells();
    let map = world.concordance.map_products(cells.products()).unwrap();
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    let est = estimate(
        &cells,
        &uv,
        &map,
        &[PooledPeriod::new(2010, 2015)],
        &ElasticityParams::default(),
    )
    .unwrap();
    let cfg = SyntheticConfig::small(11);
    for (r, spec) in est.iter().zip(&cfg.industries) {
        let e = r.estimate().unwrap();
        // |β̂ − β| within 4 standard errors (plus the small bias of the flow-level unit-value noise).
        assert!(
            (e.slope - spec.true_slope).abs() < 4.0 * e.std_error + 0.05,
            "{}: {e:?} vs {}",
            r.industry,
            spec.true_slope
        );
    }
}

#[test]
fn decomposition_identities_hold_to_1e12() {
    let world = generate(&SyntheticConfig::small(5)).unwrap();
    let cells = world.flows.cells();
    let map = world.concordance.map_products(cells.products()).unwrap();
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    let seg = segment_cells(&cells, &uv, &SegmentParams::default(), Some(&map)).unwrap();
    for k in 1..=30 {
        let c = format!("C{k:02}");
        let b0 = seg.industry_breakdown(&c, 2010).unwrap();
        let b1 = seg.industry_breakdown(&c, 2015).unwrap();
        let ids: Vec<&str> = b0.iter().map(|r| r.0.as_str()).collect();
        let v0: Vec<f64> = b0.iter().map(|r| r.1).collect();
        let v1: Vec<f64> = b1.iter().map(|r| r.1).collect();
        let h0: Vec<f64> = b0.iter().map(|r| r.2).collect();
        let h1: Vec<f64> = b1.iter().map(|r| r.2).collect();
        let d = ShiftShare::from_values(&ids, &v0, &v1, &h0, &h1).unwrap();
        // Aggregates equal the country's overall high shares.
        assert!((d.aggregate_0 - seg.shares(&c, 2010).unwrap().high).abs() < 1e-12);
        assert!((d.aggregate_1 - seg.shares(&c, 2015).unwrap().high).abs() < 1e-12);
        // within + between + interaction = ΔH, overall and per industry.
        assert!((d.within + d.between + d.interaction - d.change()).abs() < 1e-12);
        let per: f64 = d.industries.iter().map(|i| i.total()).sum();
        assert!((per - d.change()).abs() < 1e-12);
        let w: f64 = d.industries.iter().map(|i| i.within).sum();
        assert!((w - d.within).abs() < 1e-12);
    }
    // Relative unit values: value-weighted industry RUVs.
    let iuv = mfg_quality_elasticity::unit_value::industry_unit_values(&cells, &uv, &map);
    let pick = |y: u16| -> (Vec<f64>, Vec<f64>) {
        map.industries
            .iter()
            .map(|ind| {
                iuv.iter()
                    .find(|r| r.exporter == "C01" && r.year == y && r.industry == ind.id)
                    .map_or((0.0, 0.0), |r| (r.value, r.relative_unit_value.unwrap()))
            })
            .unzip()
    };
    let ((v0, r0), (v1, r1)) = (pick(2010), pick(2015));
    let ids: Vec<&str> = map.industries.iter().map(|i| i.id.as_str()).collect();
    let d = ShiftShare::from_values(&ids, &v0, &v1, &r0, &r1).unwrap();
    assert!((d.within + d.between + d.interaction - d.change()).abs() < 1e-12);
}

#[test]
fn flow_segments_identical_with_and_without_threads() {
    // The parallel classification gives exactly the sequential sums (sums are taken in flow order).
    let world = generate(&SyntheticConfig::small(3)).unwrap();
    let cells = world.flows.cells();
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    let p = SegmentParams::default();
    let a = segment_flows(&world.flows, &cells, &uv, &p, None).unwrap();
    let pool = rayon_pool_1();
    let b = pool.install(|| segment_flows(&world.flows, &cells, &uv, &p, None).unwrap());
    assert_eq!(a, b);
}

#[cfg(feature = "parallel")]
fn rayon_pool_1() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
}

#[cfg(not(feature = "parallel"))]
struct Inline;
#[cfg(not(feature = "parallel"))]
impl Inline {
    fn install<T>(&self, f: impl FnOnce() -> T) -> T {
        f()
    }
}
#[cfg(not(feature = "parallel"))]
fn rayon_pool_1() -> Inline {
    Inline
}
