//! Every public type of `mfg-quality-regional` (results, errors, options, readers' outputs) is `Send + Sync`,
//! so results can be moved to and shared between threads; a type that loses either fails to compile here.

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<mfg_quality_regional::association::CorrelationMethod>();
    assert_send_sync::<mfg_quality_regional::association::Correlation>();
    assert_send_sync::<mfg_quality_regional::association::Transform>();
    assert_send_sync::<mfg_quality_regional::association::Association>();
    assert_send_sync::<mfg_quality_regional::contributions::Component>();
    assert_send_sync::<mfg_quality_regional::contributions::ComponentContribution>();
    assert_send_sync::<mfg_quality_regional::contributions::GrowthDecomposition>();
    assert_send_sync::<mfg_quality_regional::contributions::TwoComponentSplit>();
    assert_send_sync::<mfg_quality_regional::contributions::ImpliedTotal>();
    assert_send_sync::<mfg_quality_regional::convergence::Dispersion>();
    assert_send_sync::<mfg_quality_regional::convergence::SigmaChange>();
    assert_send_sync::<mfg_quality_regional::convergence::SigmaConvergence>();
    assert_send_sync::<mfg_quality_regional::convergence::SpeedConvention>();
    assert_send_sync::<mfg_quality_regional::convergence::BetaConvergence>();
    assert_send_sync::<mfg_quality_regional::convergence::RegressionBeta>();
    assert_send_sync::<mfg_quality_regional::difference::Anova>();
    assert_send_sync::<mfg_quality_regional::difference::KruskalWallis>();
    assert_send_sync::<mfg_quality_regional::error::RegionalError>();
    assert_send_sync::<mfg_quality_regional::groups::GroupSummary>();
    assert_send_sync::<mfg_quality_regional::groups::Centre>();
    assert_send_sync::<mfg_quality_regional::groups::GradientStep>();
    assert_send_sync::<mfg_quality_regional::groups::Gradient>();
    assert_send_sync::<mfg_quality_regional::inequality::TheilGroup>();
    assert_send_sync::<mfg_quality_regional::inequality::TheilParts>();
    assert_send_sync::<mfg_quality_regional::inequality::TheilDecomposition>();
    assert_send_sync::<mfg_quality_regional::inequality::GiniGroup>();
    assert_send_sync::<mfg_quality_regional::inequality::GiniPair>();
    assert_send_sync::<mfg_quality_regional::inequality::GiniDecomposition>();
    assert_send_sync::<mfg_quality_regional::rank_tests::PValueMethod>();
    assert_send_sync::<mfg_quality_regional::rank_tests::SpearmanPValue>();
    assert_send_sync::<mfg_quality_regional::rank_tests::KendallPValue>();
    assert_send_sync::<mfg_quality_regional::rank_tests::SpearmanTest>();
    assert_send_sync::<mfg_quality_regional::rank_tests::KendallTest>();
    assert_send_sync::<mfg_quality_regional::regions::MapUnit>();
    assert_send_sync::<mfg_quality_regional::regions::RegionMapData>();
    assert_send_sync::<mfg_quality_regional::regions::RegionMap>();
    assert_send_sync::<mfg_quality_regional::regions::Grouping>();
    assert_send_sync::<mfg_quality_regional::regression::LinearFit>();
    assert_send_sync::<mfg_quality_regional::regression::Prediction>();
    assert_send_sync::<mfg_quality_regional::regression::BandPoint>();
    assert_send_sync::<mfg_quality_regional::regression::Ols>();
    assert_send_sync::<mfg_quality_regional::spatial::WeightsStyle>();
    assert_send_sync::<mfg_quality_regional::spatial::ChinaContiguity>();
    assert_send_sync::<mfg_quality_regional::spatial::SpatialWeights>();
    assert_send_sync::<mfg_quality_regional::spatial::NormalInference>();
    assert_send_sync::<mfg_quality_regional::spatial::PermutationInference>();
    assert_send_sync::<mfg_quality_regional::spatial::GlobalTest>();
    assert_send_sync::<mfg_quality_regional::spatial::Cluster>();
    assert_send_sync::<mfg_quality_regional::spatial::LocalMoran>();
    assert_send_sync::<mfg_quality_regional::spatial::LocalMoranResult>();
}
