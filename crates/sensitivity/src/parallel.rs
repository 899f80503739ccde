//! Chunked evaluation of long runs with progress and cancellation ([`Control`], [`run_chunks`],
//! [`run_into`]), and the one place that decides nested parallelism ([`Schedule`]).
//!
//! # Nested parallelism
//! An analysis has an *outer* loop (the rows of a design, the replications of a Monte Carlo run) and a
//! model whose run may itself call parallel *inner* kernels (a composite pipeline's normalisation over
//! units, say). [`Schedule::for_runs`] decides, for every analysis of this crate and of
//! `mfg-quality-composite` (its Monte Carlo and Sobol runs both go through [`run_chunks`]):
//! - the outer loop is split into chunks of [`Schedule::chunk`] consecutive rows (at least
//!   [`MIN_CHUNK`], so that per-chunk overhead stays small against a cheap model, and at most
//!   [`MAX_CHUNK`], so that progress and cancellation stay responsive), run on rayon's global pool with the
//!   `parallel` feature when there are at least two chunks;
//! - an inner kernel asks [`Schedule::inner_split`] whether to split its own work: only above its own size
//!   threshold, and then its tasks queue on the same pool, so nesting never starts more threads than the
//!   pool has, and a worker waiting on an inner task steals other work.
//!
//! Results never depend on this: every chunk writes its own rows, assembled in index order, so they are
//! identical at any thread count and chunk size.

use std::fmt;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The fewest rows per chunk of outer work.
pub const MIN_CHUNK: usize = 64;
/// The most rows per chunk of outer work.
pub const MAX_CHUNK: usize = 4096;

/// Progress reporting and cancellation of a long run.
///
/// The work is done in chunks of rows; after each chunk `progress(done, total)` is called (from a worker
/// thread under the `parallel` feature, so calls may arrive out of order), and before each chunk the
/// `cancel` flag is read: once it is `true`, the run stops with a cancellation
/// ([`SensitivityError::Cancelled`](crate::SensitivityError::Cancelled)).
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

/// How the outer loop of a run of `total` rows is split (see the [module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// Rows per chunk.
    pub chunk: usize,
    /// Whether chunks run in parallel (the `parallel` feature, more than one chunk and thread).
    pub parallel: bool,
}

impl Schedule {
    /// The schedule of an outer loop over `total` rows: chunks of
    /// `clamp(⌈total / (16 · threads)⌉, MIN_CHUNK, MAX_CHUNK)` rows (about 16 chunks per thread, for load
    /// balance), in parallel when there are at least two chunks and threads.
    pub fn for_runs(total: usize) -> Self {
        let threads = threads();
        let chunk = total.div_ceil(16 * threads).clamp(MIN_CHUNK, MAX_CHUNK);
        Schedule {
            chunk,
            parallel: cfg!(feature = "parallel") && threads > 1 && total > chunk,
        }
    }

    /// Whether an inner kernel with `items` units of work and its own sequential threshold `threshold`
    /// should split its work on the pool: only at or above the threshold (with the `parallel` feature).
    /// Called from inside an outer chunk, a split queues on the same pool rather than adding threads.
    pub fn inner_split(items: usize, threshold: usize) -> bool {
        cfg!(feature = "parallel") && threads() > 1 && items >= threshold
    }
}

/// The number of threads of the pool the work runs on (1 without the `parallel` feature).
pub fn threads() -> usize {
    #[cfg(feature = "parallel")]
    {
        rayon::current_num_threads()
    }
    #[cfg(not(feature = "parallel"))]
    {
        1
    }
}

/// Why a chunked run stopped: cancelled, or the work's own error.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop<E> {
    /// The cancellation flag was set.
    Cancelled {
        /// Rows completed.
        done: usize,
        /// Rows planned.
        total: usize,
    },
    /// The work failed; the first error by row index.
    Failed(E),
}

struct Tracker<'a> {
    control: Control<'a>,
    done: AtomicUsize,
    total: usize,
}

impl Tracker<'_> {
    fn cancelled(&self) -> bool {
        self.control
            .cancel
            .is_some_and(|f| f.load(Ordering::Relaxed))
    }

    fn advance(&self, len: usize) {
        let now = self.done.fetch_add(len, Ordering::Relaxed) + len;
        if let Some(p) = self.control.progress {
            p(now, self.total);
        }
    }

    fn stop<E>(&self) -> Stop<E> {
        Stop::Cancelled {
            done: self.done.load(Ordering::Relaxed),
            total: self.total,
        }
    }
}

/// Runs `work` over `0..total` in chunks ([`Schedule::for_runs`]; in parallel under the `parallel`
/// feature), each chunk appending its results to its own vector; the vectors are concatenated in index
/// order, so the result does not depend on the thread count. A cancellation anywhere is reported as
/// [`Stop::Cancelled`] with the final count; otherwise the first error by index wins.
///
/// # Errors
/// [`Stop::Cancelled`], or [`Stop::Failed`] with the work's error.
pub fn run_chunks<T, E, F>(total: usize, control: Control<'_>, work: F) -> Result<Vec<T>, Stop<E>>
where
    T: Send,
    E: Send,
    F: Fn(Range<usize>, &mut Vec<T>) -> Result<(), E> + Sync,
{
    let schedule = Schedule::for_runs(total);
    let chunk = schedule.chunk;
    let n_chunks = total.div_ceil(chunk);
    let t = Tracker {
        control,
        done: AtomicUsize::new(0),
        total,
    };
    let one = |c: usize| -> Result<Vec<T>, Stop<E>> {
        if t.cancelled() {
            return Err(t.stop());
        }
        let range = c * chunk..((c + 1) * chunk).min(total);
        let len = range.len();
        let mut out = Vec::with_capacity(len);
        work(range, &mut out).map_err(Stop::Failed)?;
        t.advance(len);
        Ok(out)
    };
    #[cfg(feature = "parallel")]
    let chunks: Vec<Result<Vec<T>, Stop<E>>> = if schedule.parallel {
        use rayon::prelude::*;
        (0..n_chunks).into_par_iter().map(one).collect()
    } else {
        (0..n_chunks).map(one).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let chunks: Vec<Result<Vec<T>, Stop<E>>> = (0..n_chunks).map(one).collect();
    if chunks
        .iter()
        .any(|c| matches!(c, Err(Stop::Cancelled { .. })))
    {
        return Err(t.stop());
    }
    let mut all = Vec::with_capacity(total);
    for c in chunks {
        all.extend(c?);
    }
    Ok(all)
}

/// Runs `work` over the rows `0..total` of a preallocated row-major buffer `out` (`width` values per row,
/// `out.len() == total * width`), in chunks ([`Schedule::for_runs`]; in parallel under the `parallel`
/// feature): `work(rows, slice)` fills the slice of those rows. Nothing but `out` is allocated per row,
/// which is what lets a design of millions of rows stream through a model. Cancellation and errors as
/// [`run_chunks`].
///
/// # Errors
/// [`Stop::Cancelled`], or [`Stop::Failed`] with the first error by row index.
pub fn run_into<T, E, F>(
    total: usize,
    width: usize,
    out: &mut [T],
    control: Control<'_>,
    work: F,
) -> Result<(), Stop<E>>
where
    T: Send,
    E: Send,
    F: Fn(Range<usize>, &mut [T]) -> Result<(), E> + Sync,
{
    debug_assert_eq!(out.len(), total * width);
    let schedule = Schedule::for_runs(total);
    let chunk = schedule.chunk;
    let t = Tracker {
        control,
        done: AtomicUsize::new(0),
        total,
    };
    let one = |(c, slice): (usize, &mut [T])| -> Result<(), Stop<E>> {
        if t.cancelled() {
            return Err(t.stop());
        }
        let range = c * chunk..((c + 1) * chunk).min(total);
        let len = range.len();
        work(range, slice).map_err(Stop::Failed)?;
        t.advance(len);
        Ok(())
    };
    let step = (chunk * width).max(1);
    #[cfg(feature = "parallel")]
    let results: Vec<Result<(), Stop<E>>> = if schedule.parallel {
        use rayon::prelude::*;
        out.par_chunks_mut(step).enumerate().map(one).collect()
    } else {
        out.chunks_mut(step).enumerate().map(one).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let results: Vec<Result<(), Stop<E>>> = out.chunks_mut(step).enumerate().map(one).collect();
    if results
        .iter()
        .any(|c| matches!(c, Err(Stop::Cancelled { .. })))
    {
        return Err(t.stop());
    }
    results.into_iter().collect()
}

/// Maps `f` over `0..n` (in parallel under the `parallel` feature), results in index order.
pub(crate) fn map_indexed<T: Send, F: Fn(usize) -> T + Sync>(n: usize, f: F) -> Vec<T> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..n).into_par_iter().map(&f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        (0..n).map(f).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_in_order_and_cancellation_is_reported() {
        let v: Vec<usize> = run_chunks::<_, (), _>(1000, Control::default(), |r, out| {
            out.extend(r);
            Ok(())
        })
        .unwrap();
        assert_eq!(v, (0..1000).collect::<Vec<_>>());
        let mut buf = vec![0usize; 2 * 500];
        run_into::<_, (), _>(500, 2, &mut buf, Control::default(), |r, s| {
            for (k, row) in r.zip(s.chunks_mut(2)) {
                row[0] = k;
                row[1] = 2 * k;
            }
            Ok(())
        })
        .unwrap();
        assert!(buf.chunks(2).enumerate().all(|(k, r)| r == [k, 2 * k]));
        let cancel = AtomicBool::new(true);
        let c = Control {
            cancel: Some(&cancel),
            ..Default::default()
        };
        let e = run_chunks::<usize, (), _>(1000, c, |_, _| Ok(())).unwrap_err();
        assert_eq!(
            e,
            Stop::Cancelled {
                done: 0,
                total: 1000
            }
        );
        let e = run_chunks::<usize, usize, _>(1000, Control::default(), |r, _| {
            if r.contains(&700) {
                Err(r.start)
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert!(matches!(e, Stop::Failed(s) if s <= 700));
    }

    #[test]
    fn schedule_bounds() {
        let s = Schedule::for_runs(10);
        assert_eq!(s.chunk, MIN_CHUNK);
        assert!(!s.parallel);
        assert!(Schedule::for_runs(1 << 30).chunk <= MAX_CHUNK);
        assert!(!Schedule::inner_split(10, 1000));
    }
}
