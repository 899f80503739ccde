//! Indicator formulas as functions of raw quantities.
//!
//! Every function validates its inputs (finite; non-negative where a count or amount; numerator ≤
//! denominator for a rate of a subset) and returns [`IndicatorsError::ZeroDenominator`] when the denominator is
//! zero or negative, or [`IndicatorsError::InvalidInput`] naming the input otherwise. Rates are in **percent**.
//!
//! | function | formula | definition used |
//! |---|---|---|
//! | [`pass_rate`] | passed / inspected × 100 | 产品质量合格率 (product quality pass rate) |
//! | [`spot_check_pass_rate`] | conforming batches / sampled batches × 100 | 国家监督抽查合格率 (batch pass rate of the national supervisory spot check) |
//! | [`export_nonconformity_rate`] | non-conforming / inspected × 100 | 出口商品不合格率 (batches or value) |
//! | [`quality_loss_rate`] | quality losses / gross output value × 100 | 质量损失率, AQSIQ MQCI usage |
//! | [`quality_contribution_rate`] | growth attributed to quality / total growth × 100 | 质量贡献率 via the NBS contribution-rate definition |
//! | [`cost_expense_profit_rate`] | total profit / (costs + expenses) × 100 | 成本费用利润率, NBS |
//! | [`cagr`] | ((end / start)^(1 / years) − 1) × 100 | compound annual growth rate |
//! | [`growth_rate`] | (current / previous − 1) × 100 | period-on-period growth |
//! | [`share`] | part / total × 100 | share of a total |
//! | [`ratio`] | a / b | e.g. unit-value gap ratios (JP/CN = 42.12/20.95) |
//!
//! ```
//! use mfg_quality_indicators::formulas::{pass_rate, ratio, cagr};
//! assert!((pass_rate(9_320.0, 10_000.0).unwrap() - 93.2).abs() < 1e-12);
//! assert!((ratio(42.12, 20.95).unwrap() - 2.0105).abs() < 1e-4);     // paper sec 1(1): JP/CN ≈ 2.01
//! assert!((cagr(11.01, 12.62, 3.0).unwrap() - 4.65).abs() < 0.01);   // China, Fig. 3, 2012→2015
//! assert!(pass_rate(1.0, 0.0).is_err());                              // zero denominator
//! ```

use crate::error::{IndicatorsError, Result};

fn finite(formula: &'static str, input: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(IndicatorsError::InvalidInput {
            formula,
            input,
            value,
            reason: "must be finite",
        })
    }
}

/// The formula's result, which must be finite: inputs near `f64::MAX` or a tiny denominator can give ±Inf.
fn result(formula: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(IndicatorsError::InvalidInput {
            formula,
            input: "result",
            value,
            reason: "the result exceeds f64::MAX (an input is too large, or a denominator too small); rescale the inputs",
        })
    }
}

fn non_negative(formula: &'static str, input: &'static str, value: f64) -> Result<f64> {
    finite(formula, input, value)?;
    if value < 0.0 {
        return Err(IndicatorsError::InvalidInput {
            formula,
            input,
            value,
            reason: "must be non-negative",
        });
    }
    Ok(value)
}

fn positive_denominator(
    formula: &'static str,
    denominator: &'static str,
    value: f64,
) -> Result<f64> {
    finite(formula, denominator, value)?;
    if value <= 0.0 {
        return Err(IndicatorsError::ZeroDenominator {
            formula,
            denominator,
            value,
        });
    }
    Ok(value)
}

/// A percentage rate of a subset: `part / whole × 100`, with `0 ≤ part ≤ whole`, `whole > 0`.
fn subset_rate(
    formula: &'static str,
    part_name: &'static str,
    part: f64,
    whole_name: &'static str,
    whole: f64,
) -> Result<f64> {
    non_negative(formula, part_name, part)?;
    positive_denominator(formula, whole_name, whole)?;
    if part > whole {
        return Err(IndicatorsError::InvalidInput {
            formula,
            input: part_name,
            value: part,
            reason: "exceeds the denominator (a rate of a subset is at most 100 %)",
        });
    }
    result(formula, part / whole * 100.0)
}

/// Product quality pass rate (产品质量合格率), percent:
/// `passed / inspected × 100`.
///
/// The share of inspected products (units, batches or value — the same measure in both arguments) that
/// conform to the applicable standard. One of the paper's "current quality indicators" (sec 3(1)).
///
/// # Errors
/// [`IndicatorsError::ZeroDenominator`] if `inspected ≤ 0`; [`IndicatorsError::InvalidInput`] if an input is
/// negative or non-finite, or `passed > inspected`.
pub fn pass_rate(passed: f64, inspected: f64) -> Result<f64> {
    subset_rate("pass_rate", "passed", passed, "inspected", inspected)
}

/// National supervisory spot-check pass rate (国家监督抽查合格率), percent:
/// `conforming batches / sampled batches × 100`.
///
/// The national product-quality supervisory spot checks report the pass rate by **batches** (sampled product
/// batches that conform / batches sampled). Same arithmetic as [`pass_rate`], named for its inputs.
///
/// # Errors
/// As [`pass_rate`].
pub fn spot_check_pass_rate(conforming_batches: f64, sampled_batches: f64) -> Result<f64> {
    subset_rate(
        "spot_check_pass_rate",
        "conforming_batches",
        conforming_batches,
        "sampled_batches",
        sampled_batches,
    )
}

/// Export commodity non-conformity rate (出口商品不合格率), percent — lower is better:
/// `non-conforming / inspected × 100`.
///
/// Computed on batches or on value, as long as both arguments use the same measure (inspection statistics
/// report both).
///
/// # Errors
/// As [`pass_rate`] (`non_conforming > inspected` is invalid).
pub fn export_nonconformity_rate(non_conforming: f64, inspected: f64) -> Result<f64> {
    subset_rate(
        "export_nonconformity_rate",
        "non_conforming",
        non_conforming,
        "inspected",
        inspected,
    )
}

/// Quality loss rate (质量损失率), percent — lower is better:
/// `quality losses / gross output value × 100`.
///
/// Definition used: the losses caused by non-conforming products — the **internal failure losses** (scrap,
/// rework, repair, downgrading) plus the **external failure losses** (returns, warranty, claims) — as a
/// share of gross (industrial) output value, in the same currency and period. This is how the AQSIQ
/// Manufacturing Quality Competitiveness Index describes its quality-loss indicator (2007 release,
/// <https://m.zaneluse.com/zlgl/2008-12/24/81976.html>: losses from non-conforming products and rework as a
/// share of gross industrial output). Some enterprise quality-cost schemes divide by sales revenue instead;
/// pass sales as `gross_output_value` for that variant.
///
/// # Errors
/// [`IndicatorsError::ZeroDenominator`] if `gross_output_value ≤ 0`; [`IndicatorsError::InvalidInput`] for
/// negative or non-finite losses. Losses above output are allowed (a rate above 100 % is a result, not an
/// input error).
pub fn quality_loss_rate(quality_losses: f64, gross_output_value: f64) -> Result<f64> {
    const F: &str = "quality_loss_rate";
    non_negative(F, "quality_losses", quality_losses)?;
    positive_denominator(F, "gross_output_value", gross_output_value)?;
    result(
        "quality_loss_rate",
        quality_losses / gross_output_value * 100.0,
    )
}

/// Quality contribution rate (质量贡献率), percent:
/// `growth attributed to quality / total growth × 100`.
///
/// Definition used: the National Bureau of Statistics' general **contribution rate** (贡献率), "the
/// contribution (increment) of a factor divided by the total increment, × 100 %", applied to quality as the
/// factor. Sources differ on how the quality part is attributed — e.g. a growth-accounting share of output
/// growth due to quality-driven productivity (macro), or the share of profit growth due to quality
/// improvement (enterprise) — and the seed paper names the indicator without defining it. This function
/// therefore takes the **already attributed** increment; the attribution model is the caller's, and should be
/// stated with the result.
///
/// Defined for a positive total increment; the quality part may be negative (it held growth back) or exceed
/// the total (other factors were negative).
///
/// # Errors
/// [`IndicatorsError::ZeroDenominator`] if `total_increase ≤ 0`; [`IndicatorsError::InvalidInput`] for a
/// non-finite input.
pub fn quality_contribution_rate(
    quality_attributed_increase: f64,
    total_increase: f64,
) -> Result<f64> {
    const F: &str = "quality_contribution_rate";
    finite(
        F,
        "quality_attributed_increase",
        quality_attributed_increase,
    )?;
    positive_denominator(F, "total_increase", total_increase)?;
    result(
        "quality_contribution_rate",
        quality_attributed_increase / total_increase * 100.0,
    )
}

/// Cost-expense profit rate (成本费用利润率), percent:
/// `total profit / total costs and expenses × 100`.
///
/// NBS definition (industrial enterprise economic-benefit indicators): 成本费用利润率 = 利润总额 / 成本费用总额
/// × 100 %, where 成本费用总额 = 主营业务成本 + 销售费用 + 管理费用 + 财务费用 (cost of sales + selling,
/// administrative and financial expenses). Use [`cost_expense_total`] to add up the components. Profit may be
/// negative (a loss).
///
/// # Errors
/// [`IndicatorsError::ZeroDenominator`] if `costs_and_expenses ≤ 0`; [`IndicatorsError::InvalidInput`] for a
/// non-finite profit.
pub fn cost_expense_profit_rate(total_profit: f64, costs_and_expenses: f64) -> Result<f64> {
    const F: &str = "cost_expense_profit_rate";
    finite(F, "total_profit", total_profit)?;
    positive_denominator(F, "costs_and_expenses", costs_and_expenses)?;
    result(
        "cost_expense_profit_rate",
        total_profit / costs_and_expenses * 100.0,
    )
}

/// Total costs and expenses (成本费用总额) as defined by the NBS: cost of sales (主营业务成本) + selling
/// (销售费用) + administrative (管理费用) + financial (财务费用) expenses.
///
/// Financial expenses may be negative (net interest income); the other components must be non-negative.
///
/// # Errors
/// [`IndicatorsError::InvalidInput`] naming the component.
pub fn cost_expense_total(
    cost_of_sales: f64,
    selling: f64,
    administrative: f64,
    financial: f64,
) -> Result<f64> {
    const F: &str = "cost_expense_total";
    non_negative(F, "cost_of_sales", cost_of_sales)?;
    non_negative(F, "selling", selling)?;
    non_negative(F, "administrative", administrative)?;
    finite(F, "financial", financial)?;
    result(
        "cost_expense_total",
        cost_of_sales + selling + administrative + financial,
    )
}

/// Compound annual growth rate, percent: `((end / start)^(1 / years) − 1) × 100`.
///
/// # Errors
/// [`IndicatorsError::ZeroDenominator`] if `start ≤ 0` or `years ≤ 0`; [`IndicatorsError::InvalidInput`]
/// for a negative or non-finite `end`.
pub fn cagr(start: f64, end: f64, years: f64) -> Result<f64> {
    const F: &str = "cagr";
    positive_denominator(F, "start", start)?;
    non_negative(F, "end", end)?;
    positive_denominator(F, "years", years)?;
    result("cagr", ((end / start).powf(1.0 / years) - 1.0) * 100.0)
}

/// Growth rate, percent: `(current / previous − 1) × 100`.
///
/// # Errors
/// [`IndicatorsError::ZeroDenominator`] if `previous ≤ 0` (a growth rate from a zero or negative level is
/// not meaningful); [`IndicatorsError::InvalidInput`] for a non-finite `current`.
pub fn growth_rate(previous: f64, current: f64) -> Result<f64> {
    const F: &str = "growth_rate";
    positive_denominator(F, "previous", previous)?;
    finite(F, "current", current)?;
    result("growth_rate", (current / previous - 1.0) * 100.0)
}

/// Share of a total, percent: `part / total × 100`.
///
/// The part may be negative or exceed the total (e.g. a component that fell while the total rose).
///
/// # Errors
/// [`IndicatorsError::ZeroDenominator`] if `total ≤ 0`; [`IndicatorsError::InvalidInput`] for a
/// non-finite `part`.
pub fn share(part: f64, total: f64) -> Result<f64> {
    const F: &str = "share";
    finite(F, "part", part)?;
    positive_denominator(F, "total", total)?;
    result("share", part / total * 100.0)
}

/// Ratio of two positive quantities: `numerator / denominator` (e.g. a unit-value gap ratio).
///
/// # Errors
/// [`IndicatorsError::ZeroDenominator`] if `denominator ≤ 0`; [`IndicatorsError::InvalidInput`] for a
/// non-finite `numerator`.
pub fn ratio(numerator: f64, denominator: f64) -> Result<f64> {
    const F: &str = "ratio";
    finite(F, "numerator", numerator)?;
    positive_denominator(F, "denominator", denominator)?;
    result("ratio", numerator / denominator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert!((spot_check_pass_rate(91.0, 100.0).unwrap() - 91.0).abs() < 1e-12);
        assert!((quality_loss_rate(2.5, 1000.0).unwrap() - 0.25).abs() < 1e-12);
        let total = cost_expense_total(80.0, 5.0, 4.0, 1.0).unwrap();
        assert!((cost_expense_profit_rate(9.0, total).unwrap() - 10.0).abs() < 1e-12);
        assert!((growth_rate(100.0, 110.0).unwrap() - 10.0).abs() < 1e-12);
        assert!((share(1.0, 4.0).unwrap() - 25.0).abs() < 1e-12);
        assert!((cagr(100.0, 121.0, 2.0).unwrap() - 10.0).abs() < 1e-12);
    }

    #[test]
    fn errors() {
        assert!(matches!(
            export_nonconformity_rate(2.0, 1.0),
            Err(IndicatorsError::InvalidInput {
                input: "non_conforming",
                ..
            })
        ));
        assert!(matches!(
            quality_loss_rate(f64::NAN, 1.0),
            Err(IndicatorsError::InvalidInput { .. })
        ));
        assert!(matches!(
            cagr(1.0, 2.0, 0.0),
            Err(IndicatorsError::ZeroDenominator {
                denominator: "years",
                ..
            })
        ));
    }
}
