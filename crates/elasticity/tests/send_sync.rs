//! Every public type of `mfg-quality-elasticity` (results, errors, options, readers' outputs) is `Send + Sync`,
//! so results can be moved to and shared between threads; a type that loses either fails to compile here.

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<mfg_quality_elasticity::aiginger::Quadrant>();
    assert_send_sync::<mfg_quality_elasticity::aiginger::ShareBasis>();
    assert_send_sync::<mfg_quality_elasticity::aiginger::QuadrantRow>();
    assert_send_sync::<mfg_quality_elasticity::aiginger::QuadrantShares>();
    assert_send_sync::<mfg_quality_elasticity::aiginger::Quadrants>();
    assert_send_sync::<mfg_quality_elasticity::concordance::Mode>();
    assert_send_sync::<mfg_quality_elasticity::concordance::Industry>();
    assert_send_sync::<mfg_quality_elasticity::concordance::Concordance>();
    assert_send_sync::<mfg_quality_elasticity::concordance::ProductMap>();
    assert_send_sync::<mfg_quality_elasticity::decomposition::IndustryContribution>();
    assert_send_sync::<mfg_quality_elasticity::decomposition::ShiftShare>();
    assert_send_sync::<mfg_quality_elasticity::error::ElasticityError>();
    assert_send_sync::<mfg_quality_elasticity::flows::FxHasher>();
    assert_send_sync::<mfg_quality_elasticity::flows::Dictionary>();
    assert_send_sync::<mfg_quality_elasticity::flows::TradeFlow>();
    assert_send_sync::<mfg_quality_elasticity::flows::TradeFlows>();
    assert_send_sync::<mfg_quality_elasticity::flows::Side>();
    assert_send_sync::<mfg_quality_elasticity::flows::Cells>();
    assert_send_sync::<mfg_quality_elasticity::quality_elasticity::Response>();
    assert_send_sync::<mfg_quality_elasticity::quality_elasticity::InsufficientPolicy>();
    assert_send_sync::<mfg_quality_elasticity::quality_elasticity::ElasticityParams>();
    assert_send_sync::<mfg_quality_elasticity::quality_elasticity::QualityClass>();
    assert_send_sync::<mfg_quality_elasticity::quality_elasticity::Estimate>();
    assert_send_sync::<mfg_quality_elasticity::quality_elasticity::Outcome>();
    assert_send_sync::<mfg_quality_elasticity::quality_elasticity::IndustryElasticity>();
    assert_send_sync::<mfg_quality_elasticity::quality_elasticity::Period>();
    assert_send_sync::<mfg_quality_elasticity::quality_elasticity::WithinFit>();
    assert_send_sync::<mfg_quality_elasticity::reader::ColumnNames>();
    assert_send_sync::<mfg_quality_elasticity::reader::CsvLayout>();
    assert_send_sync::<mfg_quality_elasticity::reader::BadRowPolicy>();
    assert_send_sync::<mfg_quality_elasticity::reader::DuplicatePolicy>();
    assert_send_sync::<mfg_quality_elasticity::reader::ReadOptions>();
    assert_send_sync::<mfg_quality_elasticity::reader::LoadReport>();
    assert_send_sync::<mfg_quality_elasticity::reader::Aggregated>();
    assert_send_sync::<mfg_quality_elasticity::segments::Segment>();
    assert_send_sync::<mfg_quality_elasticity::segments::SegmentParams>();
    assert_send_sync::<mfg_quality_elasticity::segments::SegmentShares>();
    assert_send_sync::<mfg_quality_elasticity::segments::SegmentTable>();
    assert_send_sync::<mfg_quality_elasticity::segments::SegmentRow>();
    assert_send_sync::<mfg_quality_elasticity::structure::ClassShares>();
    assert_send_sync::<mfg_quality_elasticity::synthetic::IndustrySpec>();
    assert_send_sync::<mfg_quality_elasticity::synthetic::SyntheticConfig>();
    assert_send_sync::<mfg_quality_elasticity::synthetic::SyntheticWorld>();
    assert_send_sync::<mfg_quality_elasticity::unit_value::WorldWeighting>();
    assert_send_sync::<mfg_quality_elasticity::unit_value::Reference>();
    assert_send_sync::<mfg_quality_elasticity::unit_value::UnitValues>();
    assert_send_sync::<mfg_quality_elasticity::unit_value::IndustryUnitValue>();
}
