//! The subcommands, each run inside an explicit rayon pool (`--threads`).

mod compose;
mod elasticity;
mod regional;
mod report;
mod uncertainty;

use crate::cli::{Cli, Command};
use crate::error::{CliError, Result};
use crate::progress::Ui;

/// Runs the command line's subcommand inside a thread pool of `--threads` threads (default: all cores).
///
/// The pool is always explicit: the library's parallel kernels and its Monte Carlo and Sobol chunks then
/// share one pool whose size is known (`rayon::current_num_threads`), which also makes a one-thread run
/// take the library's sequential paths.
pub fn run(args: &Cli) -> Result<()> {
    let ui = Ui::new(args.global.quiet);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.global.threads.map_or(0, usize::from))
        .build()
        .map_err(|e| CliError::Input(format!("cannot start the thread pool: {e}")))?;
    let seed = args.global.seed;
    pool.install(|| match &args.command {
        Command::Compose(a) => compose::run(a, &ui),
        Command::Uncertainty(a) => uncertainty::run(a, seed, &ui),
        Command::Elasticity(a) => elasticity::run(a, &ui),
        Command::Regional(a) => regional::run(a, &ui),
        Command::Report(a) => report::run(a, seed, &ui),
    })
}
