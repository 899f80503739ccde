//! Normalising a whole panel, column by column (the driver of [`Normaliser::apply`] and of
//! [`normalise_with`]).

use mfg_quality_indicators::{Panel, Polarity};

use super::{ColumnContext, check_finite, invalid};
#[cfg(doc)]
use super::{Normalisation, Normaliser};
use crate::Result;

/// Copies the panel's values and runs `f(column, mask, polarity, ctx, column_index)` on every
/// (indicator, period) column, `column_index = period · n_indicators + indicator`.
pub(super) fn for_each_column<F>(panel: &Panel, polarity: &[Polarity], f: F) -> Result<Panel>
where
    F: Fn(&mut [f64], &[bool], Polarity, &ColumnContext, usize) -> Result<()> + Sync,
{
    let (nu, ni) = (panel.n_units(), panel.n_indicators());
    if polarity.len() != ni {
        return Err(invalid(
            "normalisation",
            "polarity",
            format!("{} polarities for {} indicators", polarity.len(), ni),
        ));
    }
    let mut values = panel.raw_values().to_vec();
    let mask = panel.raw_mask();
    let run = |k: usize, col: &mut [f64]| {
        let (i, p) = (k % ni, k / ni);
        let ctx = ColumnContext {
            indicator: &panel.indicators()[i],
            period: panel.periods()[p],
            units: panel.units(),
            reference: None,
        };
        f(col, &mask[k * nu..(k + 1) * nu], polarity[i], &ctx, k)
    };
    // Parallel only where the work outweighs rayon's overhead (≥ 32 768 cells).
    #[cfg(feature = "parallel")]
    let results: Vec<Result<()>> = if values.len() >= 1 << 15 {
        use rayon::prelude::*;
        values
            .par_chunks_mut(nu)
            .enumerate()
            .map(|(k, col)| run(k, col))
            .collect()
    } else {
        values
            .chunks_mut(nu)
            .enumerate()
            .map(|(k, col)| run(k, col))
            .collect()
    };
    #[cfg(not(feature = "parallel"))]
    let results: Vec<Result<()>> = values
        .chunks_mut(nu)
        .enumerate()
        .map(|(k, col)| run(k, col))
        .collect();
    results.into_iter().collect::<Result<Vec<()>>>()?;
    Ok(Panel::from_dense(
        panel.units().to_vec(),
        panel.indicators().to_vec(),
        panel.periods().to_vec(),
        values,
        mask.to_vec(),
    )?)
}

/// Normalises every column with a custom closure `f(column, mask, polarity, ctx)` (the "custom" method: a
/// closure cannot be a serde enum variant; a type implementing [`Normaliser`] is the other way). `f`
/// receives each (indicator, period) column with its presence mask and must write the normalised values in
/// place, "higher is better" by `polarity`; values of missing cells are ignored. Results are checked to be
/// finite. Unlike [`Normalisation::apply`], `ctx.reference` is always `None`.
///
/// ```
/// use mfg_quality_indicators::{Panel, Polarity, Unit};
/// use mfg_quality_composite::normalise::normalise_with;
/// let p = Panel::from_dense(vec![Unit::new("A"), Unit::new("B")], vec!["x".into()], vec![1],
///     vec![2.0, 4.0], vec![true; 2]).unwrap();
/// // share of the column maximum (COINr `n_fracmax`)
/// let n = normalise_with(&p, &[Polarity::Positive], |x, mask, _pol, _ctx| {
///     let mx = x.iter().zip(mask).filter(|(_, m)| **m).map(|(v, _)| *v).fold(f64::MIN, f64::max);
///     x.iter_mut().for_each(|v| *v /= mx);
///     Ok(())
/// }).unwrap();
/// assert_eq!(n.column(0, 0), &[0.5, 1.0]);
/// ```
///
/// # Errors
/// [`CompositeError::InvalidParameter`](crate::CompositeError::InvalidParameter) for a `polarity` of the
/// wrong length, any error of `f`, and [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue)
/// for a non-finite result.
pub fn normalise_with<F>(panel: &Panel, polarity: &[Polarity], f: F) -> Result<Panel>
where
    F: Fn(&mut [f64], &[bool], Polarity, &ColumnContext) -> Result<()> + Sync,
{
    for_each_column(panel, polarity, |x, mask, pol, ctx, _| {
        f(x, mask, pol, ctx)?;
        check_finite("custom normalisation", x, mask, ctx)
    })
}
