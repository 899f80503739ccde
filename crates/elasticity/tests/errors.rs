//! One test per class of bad input, asserting the named error variant.

// Exact comparisons on purpose: the expected values are the same single divisions (or exactly
// representable sums) that the hand computation gives, so any deviation is a bug.
#![allow(clippy::float_cmp)]

use mfg_quality_elasticity::concordance::{Concordance, Mode};
use mfg_quality_elasticity::quality_elasticity::{
    ElasticityParams, InsufficientPolicy, Outcome, Period, Response, estimate,
};
use mfg_quality_elasticity::reader::{BadRowPolicy, ReadOptions, read_cells, read_flows};
use mfg_quality_elasticity::segments::{SegmentParams, SegmentShares};
use mfg_quality_elasticity::unit_value::{Reference, gap_ratio, unit_values};
use mfg_quality_elasticity::{ElasticityError, TradeFlow, TradeFlows};

fn flow(y: u16, e: &str, p: &str, v: f64, q: f64) -> TradeFlow {
    TradeFlow {
        year: y,
        exporter: e.into(),
        importer: "W".into(),
        product: p.into(),
        value: v,
        quantity: q,
    }
}

#[test]
fn negative_value_or_quantity() {
    let csv = "t,i,j,k,v,q\n2015,156,276,847130,10,1\n2015,156,276,847130,-5,1\n";
    match read_flows(csv.as_bytes(), &ReadOptions::default()) {
        Err(ElasticityError::Negative {
            what: "value",
            value,
            location,
        }) => {
            assert_eq!(value, -5.0);
            assert_eq!(location, "line 3, column 5");
        }
        other => panic!("{other:?}"),
    }
    let err = TradeFlows::new()
        .push(&flow(2015, "A", "8471", 1.0, -2.0))
        .unwrap_err();
    assert!(
        matches!(
            err,
            ElasticityError::Negative {
                what: "quantity",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn nan_or_inf() {
    let csv = "t,i,j,k,v,q\n2015,156,276,847130,NaN,1\n";
    let err = read_flows(csv.as_bytes(), &ReadOptions::default()).unwrap_err();
    assert!(
        matches!(&err, ElasticityError::NonFinite { what, location } if what == "v" && location == "line 2, column 5"),
        "{err}"
    );
    let err = TradeFlows::new()
        .push(&flow(2015, "A", "8471", f64::INFINITY, 2.0))
        .unwrap_err();
    assert!(matches!(err, ElasticityError::NonFinite { .. }));
    assert!(matches!(
        gap_ratio(f64::NAN, 1.0),
        Err(ElasticityError::NonFinite { .. })
    ));
    assert!(matches!(
        SegmentParams::new(f64::NAN),
        Err(ElasticityError::InvalidParameter {
            parameter: "alpha",
            ..
        })
    ));
    assert!(matches!(
        SegmentShares::from_high_low(0.7, 0.4),
        Err(ElasticityError::InvalidParameter { .. })
    ));
}

#[test]
fn malformed_row_names_line_and_column() {
    let csv = "t,i,j,k,v,q\n2015,156,276,847130,10,1\n2015,156,276,847130,12x,1\n";
    let err = read_flows(csv.as_bytes(), &ReadOptions::default()).unwrap_err();
    assert_eq!(
        err,
        ElasticityError::Malformed {
            line: 3,
            column: 5,
            field: "v".into(),
            message: "not a number".into()
        }
    );
    assert_eq!(err.to_string(), "line 3, column 5 (`v`): not a number");
    let csv2 = "t,i,j,k,v,q\n2015,156,276\n";
    assert_eq!(
        read_flows(csv2.as_bytes(), &ReadOptions::default()).unwrap_err(),
        ElasticityError::RaggedRow {
            line: 2,
            expected: 6,
            found: 3
        }
    );
    let csv3 = "year,i,j,k,v,q\n";
    assert!(matches!(
        read_flows(csv3.as_bytes(), &ReadOptions::default()),
        Err(ElasticityError::Layout { ref missing, .. }) if missing == &["t"]
    ));
    // Skip policy: counted and reported with the line.
    let csv4 = "t,i,j,k,v,q\n2015,156,276,847130,12x,1\n2015,156,276,847130,-1,1\n2015,156,276,847130,inf,1\n2015,156,276,847130,3,1\n";
    let opts = ReadOptions {
        bad_rows: BadRowPolicy::Skip,
        ..Default::default()
    };
    let agg = read_cells(csv4.as_bytes(), &opts).unwrap();
    let r = &agg.report;
    assert_eq!(
        (
            r.rows_read,
            r.rows_kept,
            r.malformed,
            r.negative,
            r.non_finite
        ),
        (4, 1, 1, 1, 1)
    );
    assert_eq!(r.first_bad_rows[0].0, 2);
    assert_eq!(agg.exports.len(), 1);
}

#[test]
fn unknown_product_in_strict_concordance() {
    let c = Concordance::read_csv(
        "prefix,industry,name\n84,mach,Machinery\n".as_bytes(),
        Mode::Strict,
    )
    .unwrap();
    let flows = TradeFlows::from_flows(&[flow(2015, "A", "620342", 1.0, 1.0)])
        .unwrap()
        .0;
    let err = c.map_products(flows.products()).unwrap_err();
    assert_eq!(
        err,
        ElasticityError::UnknownProduct {
            product: "620342".into()
        }
    );
    // A prefix naming an unknown industry is a concordance error.
    let bad = "prefix,industry,name\n84,mach,Machinery\n";
    let c2 = Concordance::new(vec![], &[("84", "mach")], Mode::Strict);
    assert!(
        matches!(c2, Err(ElasticityError::Concordance { .. })),
        "{bad}"
    );
}

#[test]
fn industry_with_too_few_exporters() {
    let rows: Vec<TradeFlow> = ["A", "B", "C"]
        .iter()
        .enumerate()
        .map(|(k, e)| flow(2015, e, "847130", 10.0 + k as f64, 1.0 + k as f64))
        .collect();
    let cells = TradeFlows::from_flows(&rows).unwrap().0.cells();
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    let map = Concordance::hs_chapters(Mode::Strict)
        .map_products(cells.products())
        .unwrap();
    let err = estimate(
        &cells,
        &uv,
        &map,
        &[Period::new(2015, 2015)],
        &ElasticityParams::default(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ElasticityError::TooFewExporters {
            industry: "mechanical_electrical".into(),
            period: "2015".into(),
            exporters: 3,
            observations: 3,
            required: 5,
        }
    );
    assert!(err.to_string().contains("has 3 exporters"));
    // Lenient: not classified, with the reason.
    let p = ElasticityParams::new(
        Response::LogMarketShare,
        0.05,
        0.0,
        0.0,
        5,
        InsufficientPolicy::NotClassified,
    )
    .unwrap();
    let res = estimate(&cells, &uv, &map, &[Period::new(2015, 2015)], &p).unwrap();
    assert!(
        matches!(&res[0].outcome, Outcome::NotClassified { reason } if reason.contains("3 exporters"))
    );
    assert!(
        ElasticityParams::new(
            Response::LogMarketShare,
            1.5,
            0.0,
            0.0,
            5,
            InsufficientPolicy::Error
        )
        .is_err()
    );
}

#[test]
fn degenerate_regression_is_named() {
    // Every exporter has the same unit value: no variation in ln RUV.
    let rows: Vec<TradeFlow> = (0..6)
        .map(|k| {
            flow(
                2015,
                &format!("E{k}"),
                "847130",
                10.0 * (k + 1) as f64,
                (k + 1) as f64,
            )
        })
        .collect();
    let cells = TradeFlows::from_flows(&rows).unwrap().0.cells();
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    let map = Concordance::hs_chapters(Mode::Strict)
        .map_products(cells.products())
        .unwrap();
    let err = estimate(
        &cells,
        &uv,
        &map,
        &[Period::new(2015, 2015)],
        &ElasticityParams::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, ElasticityError::DegenerateRegression { .. }),
        "{err}"
    );
}

#[test]
fn reference_exporter_absent_in_a_year() {
    let rows = [
        flow(2014, "A", "847130", 10.0, 1.0),
        flow(2014, "DE", "847130", 30.0, 1.0),
        flow(2015, "A", "847130", 10.0, 1.0),
    ];
    let cells = TradeFlows::from_flows(&rows).unwrap().0.cells();
    let err = unit_values(
        &cells,
        &Reference::Exporter {
            code: "DE".into(),
            skip_missing: false,
        },
    )
    .unwrap_err();
    assert_eq!(
        err,
        ElasticityError::ReferenceAbsent {
            exporter: "DE".into(),
            product: None,
            year: 2015
        }
    );
    let ok = unit_values(
        &cells,
        &Reference::Exporter {
            code: "DE".into(),
            skip_missing: true,
        },
    )
    .unwrap();
    assert_eq!(ok.relative(0), Some(1.0 / 3.0));
    assert_eq!(ok.relative(2), None);
    let err = unit_values(
        &cells,
        &Reference::Exporter {
            code: "JP".into(),
            skip_missing: true,
        },
    )
    .unwrap_err();
    assert!(matches!(
        err,
        ElasticityError::UnknownName {
            kind: "country",
            ..
        }
    ));
}

#[test]
fn deserialised_parameters_are_validated() {
    let ok: SegmentParams = serde_json::from_str(r#"{"alpha":0.2}"#).unwrap();
    assert!((ok.alpha() - 0.2).abs() < 1e-15);
    assert!(serde_json::from_str::<SegmentParams>(r#"{"alpha":-1.0}"#).is_err());
    let p = ElasticityParams::default();
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(serde_json::from_str::<ElasticityParams>(&json).unwrap(), p);
    let bad = json.replace("0.05", "1.5");
    assert!(serde_json::from_str::<ElasticityParams>(&bad).is_err());
}

#[test]
fn errors_report_their_family() {
    use mfg_quality_indicators::ErrorKind;
    let csv = "t,i,j,k,v,q\n2015,156,276,847130,-5,1\n";
    let e = read_flows(csv.as_bytes(), &ReadOptions::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue, "{e}");
    let csv = "t,i,j,k,v,q\n2015,156,276,847130,x,1\n";
    let e = read_flows(csv.as_bytes(), &ReadOptions::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse, "{e}");
}
