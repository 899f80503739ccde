//! The elasticity regression against numpy/scipy, computed independently.
//!
//! Reference command (python3, numpy 2.4.6, scipy 1.17.1), data as in `rows()` below:
//! ```text
//! X = ln(UV/R) with R = ΣV/ΣQ per product; Y = ln(V/ΣV); D = product dummies
//! b = np.linalg.lstsq(np.column_stack([X, D]), Y); df = n − 3 = 9
//! se = sqrt(s2 · inv(A'A)[0,0]); p = 2·scipy.stats.t.sf(|t|, df); R²_within = 1 − e'e / ỹ'ỹ
//! → slope 1.7561458622525838, se 0.19959886898078863, t 8.798375818560439, p 1.0272805321828665e-05,
//!   df 9, R²_within 0.8958470962771997
//! scipy.stats.linregress(ln RUV, ln Q) on product 840110 alone
//! → slope 0.9254384363306031, stderr 0.3113296216254334, p 0.04104104447201561, r² 0.6883756862300887
//! ```

use approx::assert_relative_eq;
use mfg_quality_elasticity::concordance::{Concordance, Mode};
use mfg_quality_elasticity::quality_elasticity::{
    ElasticityParams, InsufficientPolicy, Period, QualityClass, Response, estimate,
};
use mfg_quality_elasticity::unit_value::{Reference, unit_values};
use mfg_quality_elasticity::{TradeFlow, TradeFlows};

fn rows() -> Vec<TradeFlow> {
    let data = [
        ("A", "840110", 120., 10.),
        ("B", "840110", 300., 20.),
        ("C", "840110", 80., 10.),
        ("D", "840110", 500., 25.),
        ("E", "840110", 60., 8.),
        ("F", "840110", 200., 12.),
        ("A", "840120", 90., 3.),
        ("B", "840120", 400., 10.),
        ("C", "840120", 50., 4.),
        ("D", "840120", 650., 12.),
        ("E", "840120", 30., 3.),
        ("F", "840120", 150., 5.),
    ];
    data.iter()
        .map(|&(e, p, v, q)| TradeFlow {
            year: 2015,
            exporter: e.into(),
            importer: "W".into(),
            product: p.into(),
            value: v,
            quantity: q,
        })
        .collect()
}

#[test]
fn fixed_effects_slope_matches_numpy() {
    let flows = TradeFlows::from_flows(&rows()).unwrap().0;
    let cells = flows.cells();
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    let map = Concordance::hs_chapters(Mode::Strict)
        .map_products(cells.products())
        .unwrap();
    let res = estimate(
        &cells,
        &uv,
        &map,
        &[Period::new(2015, 2015)],
        &ElasticityParams::default(),
    )
    .unwrap();
    assert_eq!(res.len(), 1);
    assert_eq!(res[0].industry, "mechanical_electrical");
    let e = res[0].estimate().unwrap();
    assert_relative_eq!(e.slope, 1.7561458622525838, max_relative = 1e-12);
    assert_relative_eq!(e.std_error, 0.19959886898078863, max_relative = 1e-12);
    assert_relative_eq!(e.t, 8.798375818560439, max_relative = 1e-12);
    assert_relative_eq!(e.p_value, 1.0272805321828665e-05, max_relative = 1e-8);
    assert_relative_eq!(e.r_squared_within, 0.8958470962771997, max_relative = 1e-12);
    assert_eq!((e.n, e.df, e.groups, e.exporters), (12, 9, 2, 6));
    assert_eq!(res[0].class(), Some(QualityClass::QualitySensitive));
}

#[test]
fn single_product_log_quantity_matches_linregress() {
    let rows: Vec<TradeFlow> = rows()
        .into_iter()
        .filter(|r| r.product == "840110")
        .collect();
    let cells = TradeFlows::from_flows(&rows).unwrap().0.cells();
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    let map = Concordance::hs_chapters(Mode::Strict)
        .map_products(cells.products())
        .unwrap();
    let params = ElasticityParams::new(
        Response::LogQuantity,
        0.05,
        0.0,
        0.0,
        5,
        InsufficientPolicy::Error,
    )
    .unwrap();
    let res = estimate(&cells, &uv, &map, &[Period::new(2015, 2015)], &params).unwrap();
    let e = res[0].estimate().unwrap();
    assert_relative_eq!(e.slope, 0.9254384363306031, max_relative = 1e-12);
    assert_relative_eq!(e.std_error, 0.3113296216254334, max_relative = 1e-12);
    assert_relative_eq!(e.p_value, 0.04104104447201561, max_relative = 1e-8);
    assert_relative_eq!(e.r_squared_within, 0.6883756862300887, max_relative = 1e-12);
    assert_eq!(e.df, 4);
    // p = 0.041: quality-sensitive at 5 %, neutral at 1 %.
    assert_eq!(res[0].class(), Some(QualityClass::QualitySensitive));
    let strict = ElasticityParams::new(
        Response::LogQuantity,
        0.01,
        0.0,
        0.0,
        5,
        InsufficientPolicy::Error,
    )
    .unwrap();
    let res = estimate(&cells, &uv, &map, &[Period::new(2015, 2015)], &strict).unwrap();
    assert_eq!(res[0].class(), Some(QualityClass::Neutral));
    // A slope threshold above the estimate makes it neutral too.
    let thr = ElasticityParams::new(
        Response::LogQuantity,
        0.05,
        1.0,
        0.0,
        5,
        InsufficientPolicy::Error,
    )
    .unwrap();
    let res = estimate(&cells, &uv, &map, &[Period::new(2015, 2015)], &thr).unwrap();
    assert_eq!(res[0].class(), Some(QualityClass::Neutral));
}
