//! Ranking (Handbook table 3; COINr `n_rank`).

use mfg_quality_indicators::Polarity;
use mfg_quality_indicators::stats::{self, RankOrder, TieMethod};

use super::{ColumnContext, Normaliser, any_observed, check_finite};
use crate::Result;

/// Ranking (OECD/JRC Handbook 2008, table 3; COINr `n_rank`):
///
/// the ascending rank of each observed value among the column's observed values, so the lowest value gets
/// 1 and the best gets n (higher is better); under negative polarity the ranks of `−x`. Ties share the
/// lowest rank by default ([`TieMethod::Min`], R `ties.method = "min"`); average, dense and first are
/// selectable.
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, Normaliser, Rank};
/// use mfg_quality_indicators::{Polarity, stats::TieMethod};
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [2.0, 4.0, 4.0, 8.0];
/// Rank::new(TieMethod::Min).normalise_column(&mut x, &[true; 4], Polarity::Positive, &ctx)?;
/// assert_eq!(x, [1.0, 2.0, 2.0, 4.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rank {
    ties: TieMethod,
}

impl Rank {
    /// Ranks with tie method `ties` (every tie method is valid).
    pub fn new(ties: TieMethod) -> Self {
        Rank { ties }
    }

    /// The tie method.
    pub fn ties(&self) -> TieMethod {
        self.ties
    }
}

impl Normaliser for Rank {
    fn name(&self) -> &'static str {
        "rank"
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

/// Ranks of the observed values of `x` (ascending; negative polarity: of −x, i.e. descending ranks of
/// x), in the order of the observed cells.
pub(super) fn observed_ranks(x: &[f64], mask: &[bool], neg: bool, ties: TieMethod) -> Vec<f64> {
    let obs: Vec<f64> = x
        .iter()
        .zip(mask)
        .filter(|(_, m)| **m)
        .map(|(v, _)| *v)
        .collect();
    let order = if neg {
        RankOrder::Descending
    } else {
        RankOrder::Ascending
    };
    stats::rank(&obs, order, ties)
}

/// Writes `ys` (one per observed cell, in order) into the observed cells of `x`, and 0.0 into the others.
pub(super) fn scatter(x: &mut [f64], mask: &[bool], ys: &[f64]) {
    x.iter_mut().zip(mask).for_each(|(v, &m)| {
        if !m {
            *v = 0.0;
        }
    });
    let mut k = 0;
    for (v, &m) in x.iter_mut().zip(mask) {
        if m {
            *v = ys[k];
            k += 1;
        }
    }
}

/// Ranks of one column in place ([`Normaliser::normalise_column`]).
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
    let r = observed_ranks(x, mask, neg, ties);
    scatter(x, mask, &r);
    check_finite("rank", x, mask, ctx)
}
