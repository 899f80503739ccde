//! The input files shipped under `examples/data/`: each parses with the library, and the generated ones are
//! exactly what their generator below writes (run `MFGQ_REGENERATE=1 cargo test -p mfg-quality-cli --test
//! shipped_files` to rewrite them after a deliberate change).

use std::fmt::Write as _;
use std::path::PathBuf;

use mfg_quality::composite::pipeline::PipelineConfig;
use mfg_quality::elasticity::prelude::*;
use mfg_quality::elasticity::reader::ColumnNames;
use mfg_quality::indicators::io::{CsvOptions, read_long_csv};
use mfg_quality::indicators::paper;
use mfg_quality::regional::RegionMap;

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data")
}

/// The synthetic trade world of `trade_flows.csv`: `SyntheticConfig::small(2026)` with 20 countries,
/// 3 products per industry and 2 importers per cell.
fn trade_config() -> SyntheticConfig {
    let mut c = SyntheticConfig::small(2026);
    c.countries = 20;
    for i in &mut c.industries {
        i.products = 3;
    }
    c.importers_per_cell = 2;
    c
}

/// `trade_flows.csv` (named layout) and `trade_concordance.csv`.
fn trade_files() -> (String, String) {
    let world = generate(&trade_config()).expect("synthetic world");
    // The generator may draw the same importer twice for a cell: such repeats are summed into one flow
    // (the readers reject a repeated flow by default), keeping the order of first appearance.
    let mut merged: Vec<TradeFlow> = Vec::new();
    let mut seen: std::collections::HashMap<(u16, String, String, String), usize> =
        std::collections::HashMap::new();
    for k in 0..world.flows.len() {
        let f = world.flows.flow(k);
        let key = (
            f.year,
            f.exporter.clone(),
            f.importer.clone(),
            f.product.clone(),
        );
        match seen.get(&key) {
            Some(&i) => {
                merged[i].value += f.value;
                merged[i].quantity += f.quantity;
            }
            None => {
                seen.insert(key, merged.len());
                merged.push(f);
            }
        }
    }
    let mut flows = String::from("year,exporter,importer,product,value,quantity\n");
    for f in &merged {
        let _ = writeln!(
            flows,
            "{},{},{},{},{},{}",
            f.year, f.exporter, f.importer, f.product, f.value, f.quantity
        );
    }
    // The synthetic products of industry k (0-based) are `{10 + k:02}NNNN`.
    let mut conc = String::from("prefix,industry,name,manufacturing\n");
    for (k, ind) in world.concordance.industries().iter().enumerate() {
        let _ = writeln!(
            conc,
            "{:02},{},{},{}",
            10 + k,
            ind.id,
            ind.name,
            ind.manufacturing
        );
    }
    (flows, conc)
}

/// splitmix64: a tiny deterministic generator for the synthetic regional table.
struct SplitMix(u64);

impl SplitMix {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Approximately standard normal (sum of 12 uniforms − 6).
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.next_f64()).sum::<f64>() - 6.0
    }
}

fn round(x: f64, digits: i32) -> f64 {
    let s = 10f64.powi(digits);
    (x * s).round() / s
}

/// `regional.csv`: SYNTHETIC. The 31 provinces of the NBS four-region map; the 2015 index of a province is
/// its region's 2015 mean of the paper's manufacturing quality competitiveness index (embedded paper
/// dataset, `mqci_regional_means_2015`) plus noise; 2020 adds growth that is faster where the index is
/// lower; income (thousand CNY per person), population (million) and value (exports, billion USD) are
/// drawn around the index.
fn regional_file() -> String {
    let map = RegionMap::china_nbs4();
    let means = paper::dataset().mqci_regional_means_2015();
    let mut rng = SplitMix(2015);
    let mut out = String::from("unit,name,group,period,index,income,population,value\n");
    let mut rows = Vec::new();
    for u in map.units() {
        let mean = means
            .iter()
            .find(|m| m.region == u.group)
            .map(|m| m.mqci_mean)
            .expect("regional mean");
        let i15 = mean + 1.5 * rng.normal();
        let i20 = i15 + 0.25 * (90.0 - i15) + 0.5 * rng.normal();
        let pop = (40.0 * (0.6 * rng.normal()).exp()).clamp(3.0, 120.0);
        for (p, index, g) in [(2015, i15, 0.0), (2020, i20, 0.25)] {
            let income = 50.0 * (0.12 * (index - 84.0) + g + 0.15 * rng.normal()).exp();
            let value = pop * income / 40.0 * (0.3 * rng.normal()).exp();
            rows.push((
                u.code.clone(),
                u.name_en.clone(),
                u.group.clone(),
                p,
                round(index, 2),
                round(income, 2),
                round(pop, 2),
                round(value, 2),
            ));
        }
    }
    rows.sort_by_key(|r| r.3);
    for r in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7
        );
    }
    out
}

fn check_or_write(name: &str, expected: &str) {
    let path = data().join(name);
    if std::env::var_os("MFGQ_REGENERATE").is_some() {
        std::fs::write(&path, expected).expect("write");
    }
    let shipped = std::fs::read_to_string(&path).expect("shipped file");
    assert!(
        shipped == expected,
        "{name} differs from its generator (MFGQ_REGENERATE=1 rewrites it)"
    );
}

#[test]
fn generated_files_match_their_generators() {
    let (flows, conc) = trade_files();
    check_or_write("trade_flows.csv", &flows);
    check_or_write("trade_concordance.csv", &conc);
    check_or_write("regional.csv", &regional_file());
}

#[test]
fn the_spec_and_panel_parse() {
    let spec_text = std::fs::read_to_string(data().join("hdi_spec.json")).expect("spec");
    let v: serde_json::Value = serde_json::from_str(&spec_text).expect("JSON");
    assert!(v.get("uncertainty").is_some());
    let mut pipeline = v.clone();
    pipeline
        .as_object_mut()
        .expect("object")
        .remove("uncertainty");
    let config = PipelineConfig::read_json_str(&pipeline.to_string()).expect("pipeline");
    let panel = read_long_csv(data().join("hdi_panel.csv"), &CsvOptions::new()).expect("panel");
    assert_eq!(panel.n_units(), 4);
    let r = config.run(&panel).expect("run");
    assert_eq!(r.rank("CHE", "HDI", 2021).expect("rank"), Some(1.0));
}

#[test]
fn the_trade_files_parse() {
    let text = std::fs::read(data().join("trade_flows.csv")).expect("flows");
    let opts = ReadOptions {
        layout: CsvLayout::Named(ColumnNames::default()),
        ..ReadOptions::default()
    };
    let (flows, report) = read_flows(text.as_slice(), &opts).expect("flows parse");
    assert_eq!(report.skipped(), 0);
    assert!(flows.len() > 1000);
    let conc = std::fs::read(data().join("trade_concordance.csv")).expect("concordance");
    let c = Concordance::read_csv(conc.as_slice(), Mode::Strict).expect("concordance parses");
    c.map_products(flows.products())
        .expect("every product mapped");
}

#[test]
fn the_regional_file_parses() {
    let text = std::fs::read_to_string(data().join("regional.csv")).expect("regional");
    let map = RegionMap::china_nbs4();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("unit,name,group,period,index,income,population,value")
    );
    let mut n = 0;
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        assert_eq!(f.len(), 8, "{l}");
        assert_eq!(map.group_of(f[0]).expect("province"), f[2]);
        for x in &f[4..] {
            assert!(x.parse::<f64>().expect("number").is_finite());
        }
        n += 1;
    }
    assert_eq!(n, 62);
}
