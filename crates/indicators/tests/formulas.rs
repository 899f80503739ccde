//! Formulas: values, and one named error per class of bad input (zero denominator, invalid input).

use mfg_quality_indicators::IndicatorsError;
use mfg_quality_indicators::formulas::*;

fn zero_den(r: mfg_quality_indicators::Result<f64>, name: &str) {
    match r {
        Err(IndicatorsError::ZeroDenominator { denominator, .. }) => assert_eq!(denominator, name),
        other => panic!("expected ZeroDenominator({name}), got {other:?}"),
    }
}

fn invalid(r: mfg_quality_indicators::Result<f64>, name: &str) {
    match r {
        Err(IndicatorsError::InvalidInput { input, .. }) => assert_eq!(input, name),
        other => panic!("expected InvalidInput({name}), got {other:?}"),
    }
}

#[test]
fn values() {
    assert!((pass_rate(932.0, 1000.0).unwrap() - 93.2).abs() < 1e-12);
    assert!((spot_check_pass_rate(0.0, 5.0).unwrap()).abs() < 1e-12);
    assert!((export_nonconformity_rate(3.0, 600.0).unwrap() - 0.5).abs() < 1e-12);
    assert!((quality_loss_rate(12.0, 800.0).unwrap() - 1.5).abs() < 1e-12);
    assert!((quality_contribution_rate(2.0, 8.0).unwrap() - 25.0).abs() < 1e-12);
    assert!((quality_contribution_rate(-1.0, 4.0).unwrap() + 25.0).abs() < 1e-12);
    assert!((cost_expense_profit_rate(-5.0, 100.0).unwrap() + 5.0).abs() < 1e-12);
    assert!((cost_expense_total(70.0, 10.0, 8.0, -1.0).unwrap() - 87.0).abs() < 1e-12);
    // Paper Fig. 3: China 11.01 (2012) → 12.62 (2015). CAGR = (12.62/11.01)^(1/3) − 1 = 4.6541 %
    // (python3: (12.62/11.01)**(1/3)-1 = 0.046541...).
    assert!((cagr(11.01, 12.62, 3.0).unwrap() - 4.6541).abs() < 1e-3);
    assert!((growth_rate(12.41, 12.62).unwrap() - 1.6922).abs() < 1e-3);
    assert!((share(12.62, 100.88).unwrap() - 12.51).abs() < 0.005);
    // Paper sec 1(1): JP/CN unit values 42.12 / 20.95 = 2.01.
    assert!((ratio(42.12, 20.95).unwrap() - 2.01).abs() < 0.005);
}

#[test]
fn zero_denominators() {
    zero_den(pass_rate(0.0, 0.0), "inspected");
    zero_den(spot_check_pass_rate(0.0, 0.0), "sampled_batches");
    zero_den(export_nonconformity_rate(0.0, 0.0), "inspected");
    zero_den(quality_loss_rate(1.0, 0.0), "gross_output_value");
    zero_den(quality_contribution_rate(1.0, 0.0), "total_increase");
    zero_den(cost_expense_profit_rate(1.0, 0.0), "costs_and_expenses");
    zero_den(cagr(0.0, 1.0, 3.0), "start");
    zero_den(cagr(1.0, 1.0, 0.0), "years");
    zero_den(growth_rate(0.0, 1.0), "previous");
    zero_den(share(1.0, 0.0), "total");
    zero_den(ratio(1.0, 0.0), "denominator");
    zero_den(ratio(1.0, -2.0), "denominator");
}

#[test]
fn invalid_inputs() {
    invalid(pass_rate(11.0, 10.0), "passed");
    invalid(pass_rate(-1.0, 10.0), "passed");
    invalid(pass_rate(f64::NAN, 10.0), "passed");
    invalid(pass_rate(1.0, f64::INFINITY), "inspected");
    invalid(quality_loss_rate(-1.0, 10.0), "quality_losses");
    invalid(cost_expense_profit_rate(f64::NAN, 10.0), "total_profit");
    invalid(cost_expense_total(-1.0, 0.0, 0.0, 0.0), "cost_of_sales");
    invalid(cagr(1.0, -1.0, 2.0), "end");
    invalid(growth_rate(1.0, f64::NEG_INFINITY), "current");
    invalid(
        quality_contribution_rate(f64::NAN, 1.0),
        "quality_attributed_increase",
    );
}
