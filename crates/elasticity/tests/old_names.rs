//! The deprecated reader/writer names delegate to the new ones (`read_*`, `*_str`).
#![allow(deprecated)]

use mfg_quality_elasticity::prelude::*;

#[test]
fn concordance_from_csv_is_read_csv() {
    let csv = "prefix,industry,name\n84,machinery,Machinery\n8471,computers,Computers\n";
    let new = Concordance::read_csv(csv.as_bytes(), Mode::Strict).unwrap();
    let old = Concordance::from_csv(csv.as_bytes(), Mode::Strict).unwrap();
    assert_eq!(old.industries(), new.industries());
    let bad = "prefix,name\n84,Machinery\n";
    assert_eq!(
        Concordance::from_csv(bad.as_bytes(), Mode::Strict)
            .unwrap_err()
            .to_string(),
        Concordance::read_csv(bad.as_bytes(), Mode::Strict)
            .unwrap_err()
            .to_string()
    );
}

#[test]
fn segment_table_to_csv_is_write_csv_str() {
    let world = generate(&SyntheticConfig::small(7)).unwrap();
    let cells = world.flows.cells();
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    let seg = segment_cells(&cells, &uv, &SegmentParams::default(), None).unwrap();
    let text = seg.write_csv_str();
    assert!(text.starts_with("exporter,industry,year,high,medium,low,value\n"));
    assert_eq!(seg.to_csv(), text);
}
