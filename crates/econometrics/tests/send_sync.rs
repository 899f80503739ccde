//! Every public type of `mfg-quality-econometrics` (results, errors, options, readers' outputs) is `Send + Sync`,
//! so results can be moved to and shared between threads; a type that loses either fails to compile here.

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<mfg_quality_econometrics::DemeanOptions>();
    assert_send_sync::<mfg_quality_econometrics::EconError>();
    assert_send_sync::<mfg_quality_econometrics::Factor>();
    assert_send_sync::<mfg_quality_econometrics::FixedEffects>();
    assert_send_sync::<mfg_quality_econometrics::Column>();
    assert_send_sync::<mfg_quality_econometrics::Ols>();
    assert_send_sync::<mfg_quality_econometrics::Ppml>();
    assert_send_sync::<mfg_quality_econometrics::Estimator>();
    assert_send_sync::<mfg_quality_econometrics::Coefficient>();
    assert_send_sync::<mfg_quality_econometrics::FixedEffectValues>();
    assert_send_sync::<mfg_quality_econometrics::Estimates>();
    assert_send_sync::<mfg_quality_econometrics::Table>();
    assert_send_sync::<mfg_quality_econometrics::Vcov>();
    assert_send_sync::<mfg_quality_econometrics::Clusters>();
}
