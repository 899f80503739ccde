//! Percentile rank (COINr `n_prank`).

use mfg_quality_indicators::Polarity;
use mfg_quality_indicators::stats::TieMethod;

use super::rank::{observed_ranks, scatter};
use super::{ColumnContext, Normaliser, any_observed, check_finite};
use crate::{CompositeError, Result};

/// Percentile rank (COINr `n_prank`):
///
/// `y = (rank − 1)/(n − 1)` with the ranks of [`Rank`](super::Rank) (ascending, negative polarity
/// mirrored, ties by `ties`, the lowest rank by default) and n the number of observed values, so values
/// lie in `[0, 1]`. A column with a single observed value is an error ([`CompositeError::TooFew`]).
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, Normaliser, PercentileRank};
/// use mfg_quality_indicators::{Polarity, stats::TieMethod};
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [2.0, 4.0, 8.0];
/// PercentileRank::new(TieMethod::Min).normalise_column(&mut x, &[true; 3], Polarity::Negative, &ctx)?;
/// assert_eq!(x, [1.0, 0.5, 0.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PercentileRank {
    ties: TieMethod,
}

impl PercentileRank {
    /// Percentile ranks with tie method `ties` (every tie method is valid).
    pub fn new(ties: TieMethod) -> Self {
        PercentileRank { ties }
    }

    /// The tie method.
    pub fn ties(&self) -> TieMethod {
        self.ties
    }
}

impl Normaliser for PercentileRank {
    fn name(&self) -> &'static str {
        "percentile_rank"
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        normalise(self.ties, x, mask, polarity == Polarity::Negative, ctx)
    }
}

/// Percentile ranks of one column in place ([`Normaliser::normalise_column`]).
pub(super) fn normalise(
    ties: TieMethod,
    x: &mut [f64],
    mask: &[bool],
    neg: bool,
    ctx: &ColumnContext,
) -> Result<()> {
    if !any_observed(mask) {
        return Ok(());
    }
    let mut r = observed_ranks(x, mask, neg, ties);
    let n = r.len();
    if n < 2 {
        return Err(CompositeError::TooFew {
            method: "percentile rank",
            what: "observed units",
            needed: 2,
            got: n,
        });
    }
    r.iter_mut().for_each(|v| *v = (*v - 1.0) / (n - 1) as f64);
    scatter(x, mask, &r);
    check_finite("percentile_rank", x, mask, ctx)
}
