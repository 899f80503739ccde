//! Hand-computed small fixtures: unit values, segments, quadrants, structure shares, readers.

// Exact comparisons on purpose: the expected values are the same single divisions (or exactly
// representable sums) that the hand computation gives, so any deviation is a bug.
#![allow(clippy::float_cmp)]

use std::collections::HashMap;

use approx::assert_relative_eq;
use mfg_quality_elasticity::aiginger::{Quadrant, ShareBasis, quadrants};
use mfg_quality_elasticity::concordance::{Concordance, Mode};
use mfg_quality_elasticity::quality_elasticity::QualityClass;
use mfg_quality_elasticity::reader::{ColumnNames, CsvLayout, ReadOptions, read_cells, read_flows};
use mfg_quality_elasticity::segments::{Segment, SegmentParams, segment_cells, segment_flows};
use mfg_quality_elasticity::structure::export_class_shares;
use mfg_quality_elasticity::unit_value::{
    Reference, WorldWeighting, industry_unit_values, unit_values,
};
use mfg_quality_elasticity::{Side, TradeFlow, TradeFlows};

fn flow(e: &str, m: &str, p: &str, v: f64, q: f64) -> TradeFlow {
    TradeFlow {
        year: 2015,
        exporter: e.into(),
        importer: m.into(),
        product: p.into(),
        value: v,
        quantity: q,
    }
}

/// Product 840110: A 120/10 (UV 12), B 300/20 (15), C 80/10 (8); world UV 500/40 = 12.5.
/// Product 620342: A 50/10 (5), B 20/10 (2), C 30/2 (15); world UV 100/22 = 4.5454…
fn fixture() -> TradeFlows {
    let rows = [
        flow("A", "Z", "840110", 120.0, 10.0),
        flow("B", "Z", "840110", 200.0, 12.0),
        flow("B", "Y", "840110", 100.0, 8.0),
        flow("C", "Z", "840110", 80.0, 10.0),
        flow("A", "Z", "620342", 50.0, 10.0),
        flow("B", "Z", "620342", 20.0, 10.0),
        flow("C", "Z", "620342", 30.0, 2.0),
    ];
    TradeFlows::from_flows(&rows).unwrap().0
}

#[test]
fn unit_values_by_hand() {
    let cells = fixture().cells();
    assert_eq!(cells.len(), 6);
    assert_eq!(cells.get("B", "840110", 2015), Some((300.0, 20.0)));
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    // Cells sorted by (year, product id, exporter id): product 840110 (id 0) first, exporters A, B, C.
    assert_eq!(&uv.unit_value[..3], &[12.0, 15.0, 8.0]);
    assert_eq!(&uv.reference[..3], &[12.5, 12.5, 12.5]);
    assert_relative_eq!(uv.reference[3], 100.0 / 22.0, max_relative = 1e-15);
    assert_relative_eq!(uv.relative(0).unwrap(), 12.0 / 12.5, max_relative = 1e-15);
    // Value-weighted world UV: (120·12 + 300·15 + 80·8) / 500 = 6580 / 500 = 13.16.
    let vw = unit_values(&cells, &Reference::World(WorldWeighting::Value)).unwrap();
    assert_relative_eq!(vw.reference[0], 13.16, max_relative = 1e-14);
    // Reference exporter B: A's RUV = 12 / 15 = 0.8.
    let rb = unit_values(
        &cells,
        &Reference::Exporter {
            code: "B".into(),
            skip_missing: false,
        },
    )
    .unwrap();
    assert_relative_eq!(rb.relative(0).unwrap(), 0.8, max_relative = 1e-15);
    // Industry unit values (built-in HS chapters): A mechanical & electrical 12, textiles & clothing 5.
    let map = Concordance::hs_chapters(Mode::Strict)
        .map_products(cells.products())
        .unwrap();
    let iuv = industry_unit_values(&cells, &uv, &map);
    let a_mech = iuv
        .iter()
        .find(|r| r.exporter == "A" && r.industry == "mechanical_electrical")
        .unwrap();
    assert_eq!(a_mech.unit_value, 12.0);
    let a_tex = iuv
        .iter()
        .find(|r| r.exporter == "A" && r.industry == "textiles_clothing")
        .unwrap();
    assert_eq!(a_tex.unit_value, 5.0);
    assert_relative_eq!(
        a_tex.relative_unit_value.unwrap(),
        5.0 / (100.0 / 22.0),
        max_relative = 1e-15
    );
}

#[test]
fn segments_by_hand() {
    let flows = fixture();
    let cells = flows.cells();
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    let p = SegmentParams::default();
    // 840110: high if UV > 1.15·12.5 = 14.375 (B), low if UV < 12.5/1.15 = 10.87 (C), A medium.
    assert_eq!(p.classify(15.0, 12.5), Segment::High);
    assert_eq!(p.classify(8.0, 12.5), Segment::Low);
    assert_eq!(p.classify(12.0, 12.5), Segment::Medium);
    let map = Concordance::hs_chapters(Mode::Strict)
        .map_products(cells.products())
        .unwrap();
    let t = segment_cells(&cells, &uv, &p, Some(&map)).unwrap();
    // A: medium 120 + medium 50 (UV 5 ≤ 1.15·4.545 = 5.227) → medium 1.
    let a = t.shares("A", 2015).unwrap();
    assert_eq!((a.high, a.medium, a.low, a.value), (0.0, 1.0, 0.0, 170.0));
    // B: high 300, low 20 (UV 2 < 3.953) → 300/320, 20/320.
    let b = t.shares("B", 2015).unwrap();
    assert_eq!(
        (b.high, b.medium, b.low),
        (300.0 / 320.0, 0.0, 20.0 / 320.0)
    );
    // C: low 80, high 30 (UV 15).
    let c = t.shares("C", 2015).unwrap();
    assert_eq!((c.high, c.low), (30.0 / 110.0, 80.0 / 110.0));
    let cm = t
        .industry_shares("C", "mechanical_electrical", 2015)
        .unwrap();
    assert_eq!((cm.high, cm.low, cm.value), (0.0, 1.0, 80.0));
    // Per flow: B's two 840110 flows have UV 200/12 = 16.67 (high) and 100/8 = 12.5 (medium).
    let tf = segment_flows(&flows, &cells, &uv, &p, None).unwrap();
    let bf = tf.shares("B", 2015).unwrap();
    assert_eq!(
        (bf.high, bf.medium, bf.low),
        (200.0 / 320.0, 100.0 / 320.0, 20.0 / 320.0)
    );
    assert!(
        t.write_csv_str()
            .starts_with("exporter,industry,year,high,medium,low,value\nA,all,2015,0,1,0,170\n")
    );
}

#[test]
fn quadrants_by_hand() {
    let rows = [
        // p1: X→Y 100/10 (UV 10), Y→X 50/10 (5): X surplus & higher UV, Y deficit & lower UV.
        flow("X", "Y", "010001", 100.0, 10.0),
        flow("Y", "X", "010001", 50.0, 10.0),
        // p2: X→Y 30/10 (3), Y→X 60/10 (6): X deficit & lower, Y surplus & higher.
        flow("X", "Y", "010002", 30.0, 10.0),
        flow("Y", "X", "010002", 60.0, 10.0),
        // p3: X→Y 40/4 (10), Y→X 20/1 (20): X surplus & lower, Y deficit & higher.
        flow("X", "Y", "010003", 40.0, 4.0),
        flow("Y", "X", "010003", 20.0, 1.0),
        // p4: X→Z only: unmatched for X.
        flow("X", "Z", "010004", 10.0, 1.0),
    ];
    let f = TradeFlows::from_flows(&rows).unwrap().0;
    let q = quadrants(
        &f.cells_by(Side::Exporter),
        &f.cells_by(Side::Importer),
        ShareBasis::Exports,
    )
    .unwrap();
    let x = q.shares_of("X", 2015).unwrap();
    assert_eq!(x.total, 170.0);
    assert_eq!(x.share(Quadrant::QualitySuccess), 100.0 / 170.0);
    assert_eq!(x.share(Quadrant::PriceSuccess), 40.0 / 170.0);
    assert_eq!(x.share(Quadrant::QualityFailure), 30.0 / 170.0);
    assert_eq!(x.share(Quadrant::PriceFailure), 0.0);
    assert_eq!(x.unmatched_exports, 10.0);
    let y = q.shares_of("Y", 2015).unwrap();
    assert_eq!(y.share(Quadrant::QualitySuccess), 60.0 / 130.0);
    assert_eq!(y.share(Quadrant::PriceFailure), 20.0 / 130.0);
    assert_eq!(y.share(Quadrant::QualityFailure), 50.0 / 130.0);
    let r = q
        .rows
        .iter()
        .find(|r| r.country == "Y" && r.product == "010003")
        .unwrap();
    assert_eq!(
        (r.exports, r.imports, r.unit_value_ratio, r.quadrant),
        (20.0, 40.0, 2.0, Quadrant::PriceFailure)
    );
    // Trade basis: X QS (100 + 50) / (150 + 90 + 60).
    let qt = quadrants(
        &f.cells_by(Side::Exporter),
        &f.cells_by(Side::Importer),
        ShareBasis::Trade,
    )
    .unwrap();
    assert_eq!(
        qt.shares_of("X", 2015)
            .unwrap()
            .share(Quadrant::QualitySuccess),
        150.0 / 300.0
    );
}

#[test]
fn structure_shares_by_hand() {
    let cells = fixture().cells();
    let map = Concordance::hs_chapters(Mode::Strict)
        .map_products(cells.products())
        .unwrap();
    let classes = HashMap::from([
        (
            "mechanical_electrical".to_string(),
            QualityClass::QualitySensitive,
        ),
        (
            "textiles_clothing".to_string(),
            QualityClass::PriceSensitive,
        ),
    ]);
    let s = export_class_shares(&cells, &map, &classes);
    let a = &s.iter().find(|r| r.0 == "A").unwrap().2;
    assert_eq!(
        (a.quality_sensitive, a.price_sensitive, a.neutral, a.total),
        (120.0 / 170.0, 50.0 / 170.0, 0.0, 170.0)
    );
}

#[test]
fn baci_reader_counts_and_pads() {
    let csv = "t,i,j,k,v,q\n\
               2015,156,276,10121,12.5,2.5\n\
               2015,156,276,847130,10,\n\
               2015,156,276,847130,10,NA\n\
               2015,156,40,847130,10,0\n\
               2015,276,040,847130,30,3\n\
               2015,276,156,847130,0,3\n";
    let (f, rep) = read_flows(csv.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!((rep.rows_read, rep.rows_kept), (6, 2));
    assert_eq!(
        (rep.missing_quantity, rep.zero_quantity, rep.zero_value),
        (2, 1, 1)
    );
    assert_eq!(rep.skipped(), 4);
    assert_eq!(f.flow(0).product, "010121");
    assert_eq!(f.flow(1).importer, "040"); // canonical 3-digit numeric code
    assert_eq!(f.flow(1).exporter, "276");
    // Streaming cells equal the cells of the loaded flows.
    let agg = read_cells(
        csv.as_bytes(),
        &ReadOptions {
            imports: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(agg.exports, f.cells());
    assert_eq!(agg.imports.unwrap(), f.cells_by(Side::Importer));
    assert_eq!(agg.report, rep);
}

#[test]
fn named_reader_any_order_and_extra_columns() {
    let csv = "note;value;quantity;product;importer;exporter;year\n\
               x;100;10;8471;DEU;CHN;2015\n\
               y;300;10;8471;USA;DEU;2015\n";
    let opts = ReadOptions {
        layout: CsvLayout::Named(ColumnNames::default()),
        delimiter: b';',
        ..Default::default()
    };
    let (f, rep) = read_flows(csv.as_bytes(), &opts).unwrap();
    assert_eq!(rep.rows_kept, 2);
    assert_eq!(f.flow(1), flow("DEU", "USA", "8471", 300.0, 10.0));
}

#[test]
fn concordance_longest_prefix_and_lenient() {
    let csv = "prefix,industry,name,manufacturing\n84,machinery,Machinery,true\n8471,computers,Computers,true\n";
    let strict = Concordance::read_csv(csv.as_bytes(), Mode::Strict).unwrap();
    assert_eq!(
        strict.industry_of("847130").unwrap().unwrap().id,
        "computers"
    );
    assert_eq!(
        strict.industry_of("847290").unwrap().unwrap().id,
        "machinery"
    );
    let lenient = Concordance::read_csv(csv.as_bytes(), Mode::Lenient).unwrap();
    let cells = fixture().cells();
    let map = lenient.map_products(cells.products()).unwrap();
    assert_eq!(map.unclassified, 1); // 620342
    assert_eq!(map.industries.last().unwrap().id, "unclassified");
    // Built-in: the paper's groups.
    let hs = Concordance::hs_chapters(Mode::Strict);
    for (code, id) in [
        ("850440", "mechanical_electrical"),
        ("860110", "rail_transit"),
        ("420221", "leather_goods"),
        ("650500", "headgear"),
        ("620342", "textiles_clothing"),
        ("880240", "aircraft"),
        ("10121", "agri_food"),
    ] {
        assert_eq!(hs.industry_of(code).unwrap().unwrap().id, id, "{code}");
    }
}
