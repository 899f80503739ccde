//! Every public result, output, plan and configuration type of the crate is `Send + Sync` (checked at
//! compile time: a type that stops being so fails to build this test), and a pipeline run gives the same
//! result bit for bit on 1, 2 and 4 rayon threads.

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::aggregate::{
    Aggregated, Aggregation, AggregatorPlan, KemenyResult, TopsisResult, VikorResult,
};
use mfg_quality_composite::analysis::{
    CorrelationMatrix, CronbachAlpha, ItemStatistics, PcaSummary,
};
use mfg_quality_composite::impute::{ImputationReport, ImputedCell};
use mfg_quality_composite::normalise::{Normalisation, NormaliserPlan};
use mfg_quality_composite::pca::Pca;
use mfg_quality_composite::pipeline::{MissingIndicatorPolicy, PipelineConfig};
use mfg_quality_composite::results::{
    Contribution, Planks, RankChange, Results, ResultsData, StageReports, Tier, TierAssignment,
    Tiers, UnitRef, UnitTable, Warning,
};
use mfg_quality_composite::screen::{Availability, ScreenReport};
use mfg_quality_composite::sensitivity::{SobolDesign, SobolIndices};
use mfg_quality_composite::treat::{TreatmentRecord, TreatmentReport};
use mfg_quality_composite::uncertainty::{
    Factor, FactorSpec, Failure, MonteCarloSettings, PipelineModel, SensitivityOutputs,
    UncertaintyResults, UnitSummary,
};
use mfg_quality_composite::weights::{
    Ahp, AhpResult, BodResult, PairwiseMatrix, PcaWeights, WeigherPlan, Weighting,
};

const fn send_sync<T: Send + Sync>() {}

/// Compile-time assertions (evaluated in a `const` so that nothing runs).
const _: () = {
    // results
    send_sync::<Results>();
    send_sync::<ResultsData>();
    send_sync::<StageReports>();
    send_sync::<Warning>();
    send_sync::<UnitTable>();
    send_sync::<UnitRef<'static>>();
    send_sync::<Contribution>();
    send_sync::<RankChange>();
    send_sync::<Planks>();
    send_sync::<Tier>();
    send_sync::<Tiers>();
    send_sync::<TierAssignment>();
    send_sync::<ScreenReport>();
    send_sync::<Availability>();
    send_sync::<ImputationReport>();
    send_sync::<ImputedCell>();
    send_sync::<TreatmentReport>();
    send_sync::<TreatmentRecord>();
    // Monte Carlo and Sobol
    send_sync::<UncertaintyResults>();
    send_sync::<UnitSummary>();
    send_sync::<Failure>();
    send_sync::<FactorSpec>();
    send_sync::<SensitivityOutputs>();
    send_sync::<SobolIndices>();
    send_sync::<SobolDesign>();
    send_sync::<PipelineModel>();
    // weights and aggregation outputs
    send_sync::<AhpResult>();
    send_sync::<Ahp>();
    send_sync::<PairwiseMatrix>();
    send_sync::<BodResult>();
    send_sync::<PcaWeights>();
    send_sync::<Aggregated>();
    send_sync::<TopsisResult>();
    send_sync::<VikorResult>();
    send_sync::<KemenyResult>();
    // analysis
    send_sync::<CorrelationMatrix>();
    send_sync::<CronbachAlpha>();
    send_sync::<ItemStatistics>();
    send_sync::<PcaSummary>();
    send_sync::<Pca>();
    // plans and configuration
    send_sync::<AggregatorPlan>();
    send_sync::<WeigherPlan>();
    send_sync::<NormaliserPlan>();
    send_sync::<PipelineConfig>();
    send_sync::<MonteCarloSettings>();
    send_sync::<Factor>();
    send_sync::<Normalisation>();
    send_sync::<Weighting>();
    send_sync::<Aggregation>();
    send_sync::<MissingIndicatorPolicy>();
    send_sync::<CompositeError>();
};

#[cfg(feature = "parallel")]
mod threads {
    use super::*;
    use mfg_quality_indicators::{Framework, Indicator, NodeSpec, Panel, Polarity, Unit};

    /// IDX = mean(P1 = entropy-weighted mean(x0..x3), P2 = geometric mean(x4..x7)), 6 000 units with
    /// holes, 2 periods: large enough for the parallel paths (columns, leaf groups, entropy's shared pass).
    fn setup() -> (PipelineConfig, Panel) {
        let leaf = |j: usize| {
            let pol = if j % 3 == 1 {
                Polarity::Negative
            } else {
                Polarity::Positive
            };
            NodeSpec::leaf(Indicator::new(format!("x{j}"), "", "").with_polarity(pol))
        };
        let fw = Framework::new(NodeSpec::group(
            "IDX",
            "",
            "",
            vec![
                NodeSpec::group("P1", "", "", (0..4).map(leaf).collect()),
                NodeSpec::group("P2", "", "", (4..8).map(leaf).collect())
                    .with_aggregation("geometric"),
            ],
        ))
        .unwrap();
        let (nu, ni, np) = (6000, 8, 2);
        let mut x = 7u64;
        let values: Vec<f64> = (0..nu * ni * np)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (x >> 11) as f64 / (1u64 << 53) as f64 * 100.0 + 1.0
            })
            .collect();
        let present: Vec<bool> = (0..nu * ni * np).map(|k| k % 53 != 5).collect();
        let panel = Panel::from_dense(
            (0..nu).map(|u| Unit::new(format!("u{u}"))).collect(),
            (0..ni).map(|j| format!("x{j}")).collect(),
            vec![2020, 2021],
            values,
            present,
        )
        .unwrap();
        let mut cfg = PipelineConfig::new(fw);
        cfg.normalisation = Normalisation::MinMax { lo: 1.0, hi: 100.0 };
        cfg.weighting.insert("P1".into(), Weighting::Entropy);
        (cfg, panel)
    }

    #[test]
    fn pipeline_run_is_identical_on_1_2_and_4_threads() {
        let (cfg, panel) = setup();
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| cfg.run(&panel).unwrap())
        };
        let one = run(1);
        let two = run(2);
        let four = run(4);
        // Bit for bit: compare the serialised form (exact float round trip) as well as `==`.
        assert_eq!(one, two);
        assert_eq!(one, four);
        let text = |r: &Results| serde_json::to_string(r).unwrap();
        assert_eq!(text(&one), text(&two));
        assert!(one.scores("IDX", 2021).unwrap().iter().flatten().count() > 5000);
        // A result moves to and is read from another thread.
        let handle = std::thread::spawn(move || two.scores("IDX", 2020).unwrap());
        assert_eq!(handle.join().unwrap(), one.scores("IDX", 2020).unwrap());
    }
}
