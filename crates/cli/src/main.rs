//! # mfgq — the mfg-quality command line
//!
//! `mfgq` runs the library [`mfg_quality`] on files, without writing Rust: a composite index from a JSON
//! specification (`compose`), its Monte Carlo and Sobol uncertainty analysis (`uncertainty`), the trade
//! quality analysis of a flows file (`elasticity`), the regional analysis of a provincial table
//! (`regional`), and a self-contained HTML report (`report`). Install it with
//! `cargo install --path crates/cli`; every subcommand's `--help` carries a worked example on the files
//! shipped under `examples/data/`.
//!
//! | subcommand | input | output |
//! |---|---|---|
//! | `compose` | spec JSON + panel CSV/Parquet | tidy `unit,period,node,score,rank,contribution,share_percent` (CSV, JSON) or the library's Parquet results table |
//! | `uncertainty` | spec JSON with an `"uncertainty"` member + panel | `rank_bands.csv`, `mean_abs_rank_shift.csv`, `sobol.csv` |
//! | `elasticity` | trade flows CSV/Parquet (+ concordance CSV) | `unit_values.csv`, `segments.csv`, `industry_classes.csv`, `class_shares.csv`, `shift_share.csv` |
//! | `regional` | regional CSV | `groups.csv`, `gradient.csv`, `association.csv`, `inequality.csv`, `convergence.csv`, `growth_contributions.csv` |
//! | `report` | spec JSON + panel | one HTML file |
//!
//! Global options: `--quiet` (no progress, no summary), `--threads N` (the size of the thread pool every
//! command runs in; default: all cores), `--seed S` (replaces the spec's Monte Carlo and Sobol seeds).
//! Progress bars are drawn on stderr only when stderr is a terminal and `--quiet` is not given.
//!
//! # Exit codes
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 2 | usage error (unknown option, missing argument: clap's message) |
//! | 3 | invalid input: a spec or data file that cannot be read or does not validate (the library's located message, e.g. `spec.json:12:5: unknown field ...`) |
//! | 4 | an output that cannot be written (the path is named) |

mod cli;
mod commands;
mod error;
mod io;
mod progress;
mod spec;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match commands::run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.code())
        }
    }
}
