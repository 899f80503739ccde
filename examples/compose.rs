//! `cargo run --example compose`: the JSON pipeline runner is now the command line `mfgq compose`.
//!
//! This example only prints how to install and use it. The command line (crate `crates/cli`, binary `mfgq`)
//! reads the same saved configurations ([`PipelineConfig`](mfg_quality::composite::pipeline::PipelineConfig)
//! JSON, `examples/pipelines/README.md`), takes CSV or Parquet panels, writes CSV, JSON or Parquet, and also
//! runs the uncertainty analysis, the trade and regional analyses and the HTML report.

const USAGE: &str = "\
The JSON pipeline runner is the command line `mfgq` now:

  cargo install --path crates/cli
  mfgq compose --spec examples/pipelines/hdi.json --data examples/pipelines/hdi_data.csv --out target/hdi_results.csv

`mfgq compose --help` describes the options (--format csv|json|parquet, --out DIR or FILE); `mfgq --help`
lists the other subcommands (uncertainty, elasticity, regional, report). Without installing:

  cargo run -p mfg-quality-cli --release -- compose --spec examples/data/hdi_spec.json --data examples/data/hdi_panel.csv
";

fn main() {
    print!("{USAGE}");
}
