//! The facade prelude glob-imported together with each crate's prelude: no name may be ambiguous (an
//! ambiguous name would not compile where it is used, an ambiguous glob re-export would warn), and the
//! names that used to clash (`Period`, `Transform`) resolve to one item.
//!
//! A name reachable through both globs is credited to the first one, so each module imports the crate's
//! prelude first and also uses a name that only the facade prelude provides (else `unused_imports`).
#![deny(warnings)]

mod with_indicators {
    use mfg_quality::indicators::prelude::*;

    use mfg_quality::prelude::*;

    #[test]
    fn period_is_the_panel_year() {
        assert_eq!(
            Transform::default(),
            mfg_quality::regional::Transform::Identity
        );
        let year: Period = 2015;
        let p = mfg_quality::indicators::paper::dataset().fig3_panel();
        assert!(p.periods().contains(&year));
        assert_eq!(Polarity::default(), Polarity::Positive);
        let _: fn(&str, &CsvOptions) -> Result<Panel, IndicatorsError> = read_long_csv_str;
    }
}

mod with_composite {
    use mfg_quality::composite::prelude::*;

    use mfg_quality::prelude::*;

    #[test]
    fn transform_is_the_regional_one_and_pipeline_types_resolve() {
        assert_eq!(
            Transform::default(),
            mfg_quality::regional::Transform::Identity
        );
        let _: Option<PipelineConfig> = None;
        let _: Option<(Results, CompositeError, Period)> = None;
        assert_eq!(MonteCarloSettings::default().replications, 1000);
    }
}

mod with_econometrics {
    use mfg_quality::econometrics::prelude::*;

    use mfg_quality::prelude::*;

    #[test]
    fn fixed_effect_types_resolve_beside_the_panel_year() {
        let year: Period = 2015;
        let f = mfg_quality::econometrics::Factor::new("year", &[0u32, 1, 1]).unwrap();
        assert_eq!(f.levels(), 2);
        let fe = FixedEffects::new(vec![f]).unwrap();
        assert_eq!((fe.factors().len(), fe.len()), (1, 3));
        assert_eq!(year, 2015);
        let _: Option<(Ppml, Vcov, Estimates, EconError, Table, Column)> = None;
        let _ = feols;
    }
}

mod with_elasticity {
    use mfg_quality::elasticity::prelude::*;

    use mfg_quality::prelude::*;

    #[test]
    fn pooled_period_and_year_period_are_distinct() {
        let pooled = PooledPeriod::new(2010, 2015);
        let year: Period = 2010;
        assert_eq!(pooled.label, "2010-2015");
        assert_eq!(i32::from(pooled.from), year);
        let _: Option<(TradeFlows, ElasticityError)> = None;
    }
}

mod with_regional {
    use mfg_quality::regional::prelude::*;

    use mfg_quality::prelude::*;

    #[test]
    fn transform_and_region_map_resolve() {
        assert_eq!(
            Transform::Log
                .apply(&[1.0])
                .map_err(|e: RegionalError| e.to_string()),
            Ok(vec![0.0])
        );
        assert_eq!(RegionMap::china_nbs4().len(), 31);
        let _: Period = 2015;
    }
}

mod with_sensitivity {
    use mfg_quality::sensitivity::prelude::*;

    use mfg_quality::prelude::*;

    #[test]
    fn sensitivity_types_resolve_beside_composite_names() {
        // `SobolSettings` reaches the facade prelude through composite and sensitivity: one item.
        let s: mfg_quality::composite::sensitivity::SobolSettings = SobolSettings::default();
        assert_eq!(s.n, 1024);
        let _: Option<(
            SobolDesign,
            MorrisDesign,
            SensitivityResult,
            SensitivityError,
        )> = None;
        assert_eq!(Method::Morris.key(), "morris");
        assert_eq!(Measure::MuStar.key(), "mu_star");
        let _: Option<(Period, PipelineConfig)> = None;
        let _ = monte_carlo::<PipelineModel>;
        let _ = sobol::<PipelineModel>;
    }
}

/// The four crate preludes together, without the facade: their names do not clash either.
mod four_crate_preludes {
    use mfg_quality::composite::prelude::*;
    use mfg_quality::elasticity::prelude::*;
    use mfg_quality::indicators::prelude::*;
    use mfg_quality::regional::prelude::*;
    use mfg_quality::sensitivity::prelude::*;

    #[test]
    fn every_crate_prelude_at_once() {
        let _: Option<(SobolDesign, MorrisSettings, Marginal)> = None;
        let _: Option<(Period, PooledPeriod, Transform, Panel, PipelineConfig)> = None;
        let _: Option<(TradeFlows, RegionMap, Grouping, Weighting, Aggregation)> = None;
        assert_eq!(
            Transform::default(),
            mfg_quality::regional::Transform::Identity
        );
    }
}
