//! The deprecated reader/writer names delegate to the new ones (`read_*`, `write_*`, `*_str`).
#![allow(deprecated)]

use mfg_quality_indicators::catalogue::manufacturing_power_index;
use mfg_quality_indicators::io::{self, CsvOptions};
use mfg_quality_indicators::paper;

#[test]
fn old_panel_writers_give_the_new_text() {
    let p = paper::dataset().fig3_panel();
    let long = io::write_long_csv_str(&p).unwrap();
    assert_eq!(io::long_csv_string(&p).unwrap(), long);
    assert_eq!(io::read_long_csv_str(&long, &CsvOptions::new()).unwrap(), p);
    assert_eq!(
        io::wide_csv_string(&p).unwrap(),
        io::write_wide_csv_str(&p).unwrap()
    );
}

#[test]
fn old_framework_readers_and_writers_give_the_new_results() {
    let fw = manufacturing_power_index();
    let json = io::write_framework_json_str(&fw).unwrap();
    assert_eq!(io::framework_to_json_string(&fw).unwrap(), json);
    assert_eq!(io::framework_from_json_str(&json).unwrap(), fw);
    let csv = io::write_framework_csv_str(&fw).unwrap();
    assert_eq!(io::framework_to_csv_string(&fw).unwrap(), csv);
    let back = io::read_framework_csv_str(&csv).unwrap();
    assert_eq!(io::framework_from_csv_str(&csv).unwrap(), back);
    assert_eq!(
        io::framework_from_csv_reader(csv.as_bytes(), "m.csv").unwrap(),
        back
    );
    // errors are the new readers' errors
    assert_eq!(
        io::framework_from_json_str("{").unwrap_err().to_string(),
        io::read_framework_json_str("{").unwrap_err().to_string()
    );
}

#[test]
fn old_json_file_writer_writes_the_new_file() {
    let fw = manufacturing_power_index();
    let dir = std::env::temp_dir().join(format!("mfgq-old-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (old, new) = (dir.join("old.json"), dir.join("new.json"));
    io::write_framework_json(&fw, &old).unwrap();
    io::write_framework_json_path(&fw, &new).unwrap();
    let text = std::fs::read_to_string(&old).unwrap();
    assert_eq!(text, std::fs::read_to_string(&new).unwrap());
    assert_eq!(io::read_framework_json(&new).unwrap(), fw);
    std::fs::remove_dir_all(&dir).unwrap();
}
