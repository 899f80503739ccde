//! Every public type of `mfg-quality-indicators` (results, errors, options, readers' outputs) is `Send + Sync`,
//! so results can be moved to and shared between threads; a type that loses either fails to compile here.

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<mfg_quality_indicators::catalogue::MpiTier>();
    assert_send_sync::<mfg_quality_indicators::catalogue::ScoreBand>();
    assert_send_sync::<mfg_quality_indicators::error::IndicatorsError>();
    assert_send_sync::<mfg_quality_indicators::error::ErrorKind>();
    assert_send_sync::<mfg_quality_indicators::framework::NodeSpec>();
    assert_send_sync::<mfg_quality_indicators::framework::FlatNode>();
    assert_send_sync::<mfg_quality_indicators::framework::NodeKind>();
    assert_send_sync::<mfg_quality_indicators::framework::Node>();
    assert_send_sync::<mfg_quality_indicators::framework::Framework>();
    assert_send_sync::<mfg_quality_indicators::indicator::Polarity>();
    assert_send_sync::<mfg_quality_indicators::indicator::Indicator>();
    assert_send_sync::<mfg_quality_indicators::io::CsvOptions<'static>>();
    assert_send_sync::<mfg_quality_indicators::panel::Unit>();
    assert_send_sync::<mfg_quality_indicators::panel::Cell<'static>>();
    assert_send_sync::<mfg_quality_indicators::panel::Panel>();
    assert_send_sync::<mfg_quality_indicators::panel::PanelData>();
    assert_send_sync::<mfg_quality_indicators::panel::PanelBuilder>();
    assert_send_sync::<mfg_quality_indicators::paper::QualityEfficiencyScore>();
    assert_send_sync::<mfg_quality_indicators::paper::PillarScore>();
    assert_send_sync::<mfg_quality_indicators::paper::CompositeShare>();
    assert_send_sync::<mfg_quality_indicators::paper::ExportUnitValue>();
    assert_send_sync::<mfg_quality_indicators::paper::UnitValueGap>();
    assert_send_sync::<mfg_quality_indicators::paper::ExportQualityStructure>();
    assert_send_sync::<mfg_quality_indicators::paper::VolumeValueFigure>();
    assert_send_sync::<mfg_quality_indicators::paper::VolumeValue2015>();
    assert_send_sync::<mfg_quality_indicators::paper::ShareBound>();
    assert_send_sync::<mfg_quality_indicators::paper::QualitySensitiveShare>();
    assert_send_sync::<mfg_quality_indicators::paper::RegionalMean>();
    assert_send_sync::<mfg_quality_indicators::paper::TradeFigure>();
    assert_send_sync::<mfg_quality_indicators::paper::PublishedComposite>();
    assert_send_sync::<mfg_quality_indicators::paper::MqciPublished>();
    assert_send_sync::<mfg_quality_indicators::paper::PaperDataset>();
    assert_send_sync::<mfg_quality_indicators::stats::VarianceKind>();
    assert_send_sync::<mfg_quality_indicators::stats::TieMethod>();
    assert_send_sync::<mfg_quality_indicators::stats::RankOrder>();
}
