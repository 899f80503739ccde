//! Every composite error reports its family (`kind()`), shared with the other crates of mfg-quality.

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::aggregate::Aggregation;
use mfg_quality_indicators::ErrorKind;

#[test]
fn a_bad_parameter_is_an_invalid_parameter() {
    let e = Aggregation::Power { p: f64::NAN }.validate().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidParameter, "{e}");
}

#[test]
fn an_unknown_aggregation_key_is_not_found() {
    let e = Aggregation::from_key("no-such-method", "P1").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
}

#[test]
fn indicators_errors_keep_their_family() {
    let e = CompositeError::from(mfg_quality_indicators::IndicatorsError::UnknownPeriod {
        period: 1999,
    });
    assert_eq!(e.kind(), ErrorKind::NotFound);
    let e = CompositeError::Cancelled { done: 1, total: 2 };
    assert_eq!(e.kind(), ErrorKind::Cancelled);
}
