//! The deprecated loader name delegates to the new one (`read_*`, `*_str`).
#![allow(deprecated)]

use mfg_quality_regional::RegionMap;

#[test]
fn region_map_from_csv_str_is_read_csv_str() {
    let csv = "code,name_en,region\nA,Alpha,North\nB,Beta,South\nC,Gamma,North\n";
    let new = RegionMap::read_csv_str("toy", csv, "region").unwrap();
    let old = RegionMap::from_csv_str("toy", csv, "region").unwrap();
    assert_eq!(old, new);
    assert_eq!(new.group_of("C").unwrap(), "North");
    assert_eq!(
        RegionMap::from_csv_str("m", "code,zone\nA,N\n", "region")
            .unwrap_err()
            .to_string(),
        RegionMap::read_csv_str("m", "code,zone\nA,N\n", "region")
            .unwrap_err()
            .to_string()
    );
}
