//! Progress bars (indicatif) on stderr: drawn only when stderr is a terminal and `--quiet` is not given.

use std::io::{IsTerminal, Read};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Whether bars and summaries are shown.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// Bars are drawn (stderr is a terminal and not `--quiet`).
    pub bars: bool,
    /// Summaries go to stderr (not `--quiet`).
    pub talk: bool,
}

impl Ui {
    /// From `--quiet` and whether stderr is a terminal.
    pub fn new(quiet: bool) -> Self {
        Ui {
            bars: !quiet && std::io::stderr().is_terminal(),
            talk: !quiet,
        }
    }

    /// A bar of `len` steps labelled `what` (hidden unless [`Ui::bars`]).
    pub fn bar(&self, len: u64, what: &str) -> ProgressBar {
        let target = if self.bars {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let style =
            ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} ({elapsed}, eta {eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        ProgressBar::with_draw_target(Some(len), target)
            .with_style(style)
            .with_message(what.to_string())
    }

    /// A byte-count bar for reading a file of `len` bytes.
    pub fn bytes(&self, len: u64, what: &str) -> ProgressBar {
        let target = if self.bars {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let style = ProgressStyle::with_template(
            "{msg:>12} [{bar:40}] {bytes}/{total_bytes} ({bytes_per_sec})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        ProgressBar::with_draw_target(Some(len), target)
            .with_style(style)
            .with_message(what.to_string())
    }

    /// Prints a summary line on stderr unless `--quiet`.
    pub fn say(&self, line: impl AsRef<str>) {
        if self.talk {
            eprintln!("{}", line.as_ref());
        }
    }
}

/// A reader that advances a byte bar.
pub struct Counted<R> {
    /// The inner reader.
    pub inner: R,
    /// The bar.
    pub bar: ProgressBar,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}
