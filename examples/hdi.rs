//! `cargo run --release --example hdi`
//!
//! Recomputes the UNDP Human Development Index (HDR 2021/22 method) of a four-country subset with the
//! configured pipeline of `mfg-quality-composite`, from the saved configuration
//! `examples/pipelines/hdi.json` and the data `examples/pipelines/hdi_data.csv`, and prints each value beside
//! the published one.
//!
//! * Data: UNDP HDR Office, `HDR21-22_Composite_indices_complete_time_series.csv` (columns `le_2021`,
//!   `eys_2021`, `mys_2021`, `gnipc_2021`, `hdi_2021`), as copied into the project's reference case
//!   `undp_hdi_2021_subset.json` (see `examples/pipelines/README.md` for provenance).
//! * Method (UNDP HDR technical notes): dimension indices by goalposts — life expectancy 20–85, expected years
//!   of schooling 0–18 (capped), mean years of schooling 0–15, GNI per capita 100–75 000 PPP$ in logs
//!   (capped); education = arithmetic mean of its two indices; HDI = geometric mean of the three dimensions.
//! * The published HDI is rounded to 3 decimals; the reference case states a tolerance of 0.0006.

use mfg_quality::composite::pipeline::PipelineConfig;
use mfg_quality::indicators::io::{CsvOptions, read_long_csv_str};
use mfg_quality_examples::heading;

const CONFIG: &str = include_str!("pipelines/hdi.json");
const DATA: &str = include_str!("pipelines/hdi_data.csv");

/// Published HDI 2021 (3 decimals) and HDI rank, from the UNDP HDR 2021/22 time series (reference case
/// `undp_hdi_2021_subset.json`, field `expected.hdi` and `hdi_rank_2021`).
const PUBLISHED: [(&str, f64, u32); 4] = [
    ("CHE", 0.962, 1),
    ("NOR", 0.961, 2),
    ("ISL", 0.959, 3),
    ("DEU", 0.942, 9),
];
const TOLERANCE: f64 = 0.0006;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = PipelineConfig::read_json_str(CONFIG)?;
    let panel = read_long_csv_str(DATA, &CsvOptions::new())?;
    let results = config.run(&panel)?;

    heading(
        "UNDP Human Development Index 2021, recomputed",
        "computed by PipelineConfig::run (examples/pipelines/hdi.json) from examples/pipelines/hdi_data.csv; \
         published values: UNDP HDR 2021/22 composite indices time series",
    );
    println!(
        "   {:<4} {:<12} {:>7} {:>9} {:>7} {:>10} {:>10} {:>9} {:>6}",
        "iso3", "country", "health", "education", "income", "HDI", "published", "diff", "ok"
    );
    let mut all_ok = true;
    for (iso, published, _) in PUBLISHED {
        let name = results.units().name_en(results.unit_index(iso)?);
        let get = |node: &str| -> Result<f64, Box<dyn std::error::Error>> {
            Ok(results.score(iso, node, 2021)?.ok_or("missing score")?)
        };
        let hdi = get("HDI")?;
        let diff = hdi - published;
        let ok = diff.abs() <= TOLERANCE;
        all_ok &= ok;
        println!(
            "   {:<4} {:<12} {:>7.4} {:>9.4} {:>7.4} {:>10.3} {:>10.3} {:>+9.5} {:>6}",
            iso,
            name,
            get("health")?,
            get("education")?,
            get("income")?,
            hdi,
            published,
            diff,
            if ok { "yes" } else { "NO" }
        );
    }
    println!(
        "   (HDI printed to 3 decimals as published; diff = unrounded HDI − published; tolerance {TOLERANCE})"
    );

    heading(
        "Ranks within the subset",
        "computed by Results::ranks; published global HDI rank from the same UNDP file",
    );
    for (iso, _, global) in PUBLISHED {
        println!(
            "   {iso}  subset rank {}  (global rank {global})",
            results.rank(iso, "HDI", 2021)?.ok_or("missing rank")?
        );
    }
    if !all_ok {
        return Err("an HDI differs from the published value by more than the tolerance".into());
    }
    Ok(())
}
