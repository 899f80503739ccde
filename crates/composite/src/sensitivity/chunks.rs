//! Chunked evaluation of long runs with progress and cancellation ([`Control`], the crate-private
//! [`run_chunks`]), delegating to [`mfg_quality_sensitivity::parallel`].
//!
//! # Nested parallelism
//! How the analyses' outer loops (Monte Carlo replications, Sobol runs) and a model's inner kernels (e.g.
//! [`crate::pipeline::PipelineConfig::run`]'s) share the thread pool is decided in one place,
//! [`mfg_quality_sensitivity::parallel::Schedule`], which both [`crate::uncertainty::monte_carlo`] and
//! [`crate::uncertainty::sobol`] go through. Results do not depend on it: every chunk and every kernel
//! writes its own rows, assembled in index order, so they are identical at any thread count.

use std::ops::Range;

pub use mfg_quality_sensitivity::parallel::Control;
use mfg_quality_sensitivity::parallel::{self, Stop};

use crate::{CompositeError, Result};

/// Runs `work` over `0..total` in chunks ([`parallel::run_chunks`]), each chunk filling its own vector; the
/// vectors are concatenated in index order, so the result does not depend on the thread count. The first
/// error by index wins; a cancellation is [`CompositeError::Cancelled`].
pub(crate) fn run_chunks<T, F>(total: usize, control: Control<'_>, work: F) -> Result<Vec<T>>
where
    T: Send,
    F: Fn(Range<usize>, &mut Vec<T>) -> Result<()> + Sync,
{
    parallel::run_chunks(total, control, work).map_err(|s| match s {
        Stop::Cancelled { done, total } => CompositeError::Cancelled { done, total },
        Stop::Failed(e) => e,
    })
}
