//! The command line's arguments (clap derive) and each subcommand's `--help` example.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

macro_rules! exit_codes {
    () => {
        "Exit codes: 0 success, 2 usage error, 3 invalid input (spec or data; the message names file, line \
         and column where the library knows them), 4 an output that cannot be written (the path is named)."
    };
}

/// `mfgq`: manufacturing-quality indicators, composite indices, uncertainty, trade elasticity and regional
/// analysis from files.
#[derive(Debug, Parser)]
#[command(
    name = "mfgq",
    version,
    about = "mfg-quality on the command line: composite indices, uncertainty, trade elasticity, regional analysis, HTML report",
    after_help = concat!(
        "Example (from the repository root):\n  mfgq compose --spec examples/data/hdi_spec.json --data examples/data/hdi_panel.csv\n\n",
        exit_codes!()
    )
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options of every subcommand.
#[derive(Debug, Args)]
pub struct Global {
    /// No progress bars and no summary on stderr (errors are still printed).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Threads of the pool the command runs in (default: all cores). Results do not depend on it.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Seed of the random draws (Monte Carlo and Sobol), replacing the spec's seeds.
    #[arg(long, global = true, value_name = "S")]
    pub seed: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Runs a composite-index pipeline (JSON spec) on a panel and writes the tidy scores and ranks.
    #[command(after_help = concat!(
        "Example:\n  mfgq compose --spec examples/data/hdi_spec.json --data examples/data/hdi_panel.csv --out target/hdi\n\
         writes target/hdi/results.csv: unit,period,node,score,rank,contribution,share_percent (one row per unit, \
         period and node; rank 1 = best; contribution = the node's share w̃·s of its parent's score where the parent \
         is an arithmetic mean, else empty).\n  \
         mfgq compose --spec examples/data/hdi_spec.json --data examples/data/hdi_panel.csv --out target/hdi.parquet\n\
         writes the library's Parquet results table (unit, period, node, score, rank).\n\n",
        "The spec is the JSON form of the library's PipelineConfig (examples/pipelines/README.md); a top-level \
         \"uncertainty\" member is ignored here (see `mfgq uncertainty`). The panel is long CSV \
         (unit,indicator,period,value[,unit_name_en,unit_name_zh,unit_group]), wide CSV (unit,period,<indicator>...) \
         or Parquet in either layout.\n\n",
        exit_codes!()
    ))]
    Compose(ComposeArgs),
    /// Monte Carlo rank bands and Sobol indices of a spec's "uncertainty" member.
    #[command(after_help = concat!(
        "Example:\n  mfgq uncertainty --spec examples/data/hdi_spec.json --data examples/data/hdi_panel.csv --reps 500 --sobol 256 --out target/hdi_ua\n\
         writes target/hdi_ua/rank_bands.csv (unit,nominal_rank,nominal_score,median_rank,rank_p05,rank_p95,mean_rank,mean_score,sd_score), \
         mean_abs_rank_shift.csv (replication, mean_abs_rank_shift) and sobol.csv (output,factor,first,first_lo,first_hi,total,total_lo,total_hi).\n\n",
        "The \"uncertainty\" member of the spec: {\"factors\": [...], \"monte_carlo\": {\"replications\": 1000, \"seed\": 0}, \
         \"sobol\": {\"n\": 1024}, \"node\": \"HDI\", \"period\": 2021}; factors in the library's serde form, e.g. \
         {\"name\": \"weights\", \"factor\": \"dirichlet_weights\", \"node\": \"HDI\", \"concentration\": 20} \
         (see examples/data/README.md). --reps and --sobol override the member's counts; --sobol 0 skips Sobol.\n\n",
        exit_codes!()
    ))]
    Uncertainty(UncertaintyArgs),
    /// Trade flows: unit values, quality segments, industry quality classes, class shares, shift-share.
    #[command(after_help = concat!(
        "Example:\n  mfgq elasticity --flows examples/data/trade_flows.csv --concordance examples/data/trade_concordance.csv --out target/trade\n\
         writes unit_values.csv, segments.csv, industry_classes.csv, class_shares.csv and shift_share.csv under target/trade.\n\n",
        "Flows: CSV or Parquet with the BACI columns t,i,j,k,v,q or the named columns \
         year,exporter,importer,product,value,quantity (detected from the header). Concordance: CSV \
         prefix,industry,name[,manufacturing] (default: the built-in HS-chapter concordance).\n\n",
        exit_codes!()
    ))]
    Elasticity(ElasticityArgs),
    /// Regional gradients, income association, inequality, convergence and growth contributions.
    #[command(after_help = concat!(
        "Example:\n  mfgq regional --data examples/data/regional.csv --out target/regional\n\
         writes groups.csv, gradient.csv, association.csv, inequality.csv, convergence.csv and growth_contributions.csv.\n\n",
        "The CSV has one row per unit and period: unit,period,index,income[,group][,population][,value]. Without a \
         group column the units must be Chinese provinces (CN-SH, ..., or their names) and are grouped by the NBS \
         four regions; population weights the inequality measures; value (an additive quantity such as exports) \
         gives the groups' contributions to its growth from the first to the last period.\n\n",
        exit_codes!()
    ))]
    Regional(RegionalArgs),
    /// A self-contained HTML report: framework, ranking, contributions, rank bands, Sobol, scatter.
    #[command(after_help = concat!(
        "Example:\n  mfgq report --spec examples/data/hdi_spec.json --data examples/data/hdi_panel.csv --reps 200 --out target/hdi_report.html\n\
         writes one HTML file (inline CSS and SVG, no script, no network).\n\n",
        "Sections: the framework tree and the ranking always; pillar contributions when the top node is an \
         arithmetic mean; rank bands and Sobol bars when the spec has an \"uncertainty\" member; a scatter of the \
         top score against an indicator with --scatter (log scale with --scatter-log).\n\n",
        exit_codes!()
    ))]
    Report(ReportArgs),
}

/// Output formats of `compose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Comma-separated values.
    Csv,
    /// A JSON array of row objects.
    Json,
    /// The library's Parquet results table.
    Parquet,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Parquet => "parquet",
        }
    }
}

/// The spec and the panel.
#[derive(Debug, Args)]
pub struct Inputs {
    /// The pipeline specification (JSON).
    #[arg(long, value_name = "SPEC.json")]
    pub spec: PathBuf,
    /// The panel: CSV (long or wide) or Parquet (`.parquet`).
    #[arg(long, value_name = "PANEL")]
    pub data: PathBuf,
}

#[derive(Debug, Args)]
pub struct ComposeArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// A directory (gets `results.<format>`) or a file ending in .csv, .json or .parquet; default: stdout.
    #[arg(long, value_name = "DIR|FILE")]
    pub out: Option<PathBuf>,
    /// Output format (default: from the file's extension, else csv).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

#[derive(Debug, Args)]
pub struct UncertaintyArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Monte Carlo replications (default: the spec's, else 1000).
    #[arg(long, value_name = "N")]
    pub reps: Option<usize>,
    /// Sobol base sample size N (runs: N(d + 2)); 0 skips the Sobol analysis (default: the spec's, else 1024).
    #[arg(long, value_name = "N")]
    pub sobol: Option<usize>,
    /// Output directory (created if needed).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ElasticityArgs {
    /// Trade flows: CSV or Parquet (`.parquet`).
    #[arg(long, value_name = "FLOWS")]
    pub flows: PathBuf,
    /// Product-prefix → industry concordance CSV (default: the built-in HS chapters).
    #[arg(long, value_name = "C.csv")]
    pub concordance: Option<PathBuf>,
    /// Put products no prefix matches into `unclassified` instead of failing.
    #[arg(long)]
    pub lenient: bool,
    /// Years pooled in the elasticity regression, `FROM-TO` (default: all years of the file).
    #[arg(long, value_name = "FROM-TO")]
    pub period: Option<String>,
    /// Output directory (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct RegionalArgs {
    /// The regional table (CSV).
    #[arg(long, value_name = "REGIONAL.csv")]
    pub data: PathBuf,
    /// Expected order of the groups for the gradient, comma-separated (default: order of first appearance).
    #[arg(long, value_name = "G1,G2,...")]
    pub order: Option<String>,
    /// Output directory (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The HTML file to write.
    #[arg(long, value_name = "report.html")]
    pub out: PathBuf,
    /// Monte Carlo replications for the rank bands (default: the spec's, else 1000).
    #[arg(long, value_name = "N")]
    pub reps: Option<usize>,
    /// Sobol base sample size; 0 leaves the Sobol section out (default: the spec's, else 1024).
    #[arg(long, value_name = "N")]
    pub sobol: Option<usize>,
    /// Title of the report (default: the top node's name).
    #[arg(long)]
    pub title: Option<String>,
    /// An indicator to plot the top score against (scatter with its least-squares line).
    #[arg(long, value_name = "INDICATOR")]
    pub scatter: Option<String>,
    /// Log the scatter's indicator (e.g. income).
    #[arg(long)]
    pub scatter_log: bool,
}
