//! Chunked evaluation of long runs with progress and cancellation ([`Control`], [`run_chunks`]).
//!
//! # Nested parallelism
//!
//! This is the one place where the analyses' outer loops (Monte Carlo replications, Sobol runs) become
//! parallel: [`run_chunks`] splits them into chunks of [`CHUNK`] rows on rayon's global pool (with the
//! `parallel` feature). A model run inside a chunk (e.g. [`crate::pipeline::PipelineConfig::run`]) may
//! itself call parallel kernels; these keep their own size thresholds (below them, and so at the usual
//! Monte Carlo sizes of a few hundred units, they run sequentially) and, above them, queue their tasks on
//! the same pool, so that nesting never starts more threads than the pool has and a worker waiting on an
//! inner task steals other work. Results do not depend on this: every chunk and every kernel writes its
//! own rows, assembled in index order, so they are identical at any thread count.

use super::*;

/// Progress reporting and cancellation of a long run (Sobol or Monte Carlo).
///
/// The work is done in chunks of rows; after each chunk `progress(done, total)` is called (from a worker
/// thread under the `parallel` feature, so calls may arrive out of order), and before each chunk the
/// `cancel` flag is read: once it is `true`, the run stops with [`CompositeError::Cancelled`].
#[derive(Clone, Copy, Default)]
pub struct Control<'a> {
    /// Called with (runs done, runs planned).
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
    /// Set to `true` (from any thread) to cancel.
    pub cancel: Option<&'a AtomicBool>,
}

impl fmt::Debug for Control<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Control")
            .field("progress", &self.progress.is_some())
            .field("cancel", &self.cancel.map(|c| c.load(Ordering::Relaxed)))
            .finish()
    }
}

/// Rows per chunk of parallel work.
pub(super) const CHUNK: usize = 64;

/// Runs `work` over `0..total` in chunks (in parallel under the `parallel` feature), each chunk filling its
/// own vector; the vectors are concatenated in index order, so the result does not depend on the thread
/// count. The first error by index wins.
pub(crate) fn run_chunks<T, F>(total: usize, control: Control<'_>, work: F) -> Result<Vec<T>>
where
    T: Send,
    F: Fn(Range<usize>, &mut Vec<T>) -> Result<()> + Sync,
{
    let n_chunks = total.div_ceil(CHUNK);
    let done = AtomicUsize::new(0);
    let one = |c: usize| -> Result<Vec<T>> {
        if control.cancel.is_some_and(|f| f.load(Ordering::Relaxed)) {
            return Err(CompositeError::Cancelled {
                done: done.load(Ordering::Relaxed),
                total,
            });
        }
        let range = c * CHUNK..((c + 1) * CHUNK).min(total);
        let mut out = Vec::with_capacity(range.len());
        let len = range.len();
        work(range, &mut out)?;
        let now = done.fetch_add(len, Ordering::Relaxed) + len;
        if let Some(p) = control.progress {
            p(now, total);
        }
        Ok(out)
    };
    #[cfg(feature = "parallel")]
    let chunks: Vec<Result<Vec<T>>> = {
        use rayon::prelude::*;
        (0..n_chunks).into_par_iter().map(one).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let chunks: Vec<Result<Vec<T>>> = (0..n_chunks).map(one).collect();
    // A cancellation anywhere is reported as such, with the final count.
    if chunks
        .iter()
        .any(|c| matches!(c, Err(CompositeError::Cancelled { .. })))
    {
        return Err(CompositeError::Cancelled {
            done: done.load(Ordering::Relaxed),
            total,
        });
    }
    let mut all = Vec::with_capacity(total);
    for c in chunks {
        all.extend(c?);
    }
    Ok(all)
}
