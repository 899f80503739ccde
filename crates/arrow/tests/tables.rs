//! Uncertainty, sensitivity and elasticity results as record batches: each batch equals the Rust values it
//! came from (values, nulls, row order) and survives a round trip through Parquet bytes.

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, UInt16Type, UInt32Type, UInt64Type};
use arrow_array::{Array, RecordBatch};
use bytes::Bytes;
use mfg_quality_arrow::{
    cells_to_batch, classes_to_batch, rank_shifts_to_batch, segments_to_batch,
    sensitivity_to_batch, uncertainty_bands_to_batch, write_cells_parquet,
    write_cells_parquet_bytes, write_classes_parquet_bytes, write_rank_shifts_parquet_bytes,
    write_segments_parquet_bytes, write_sensitivity_parquet_bytes,
    write_uncertainty_bands_parquet_bytes,
};
use mfg_quality_composite::sensitivity::{Control, Marginal, SobolGroup, SobolSettings};
use mfg_quality_composite::uncertainty::{
    ClosureModel, MonteCarloSettings, UncertaintyResults, monte_carlo, sobol,
};
use mfg_quality_elasticity::prelude::*;
use mfg_quality_elasticity::quality_elasticity::{IndustryElasticity, Outcome};
use mfg_quality_indicators::stats::TieMethod;
use mfg_quality_sensitivity::result::{
    IndexEstimate, Interval, Measure, Method, SensitivityResult,
};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

/// The one batch of the Parquet bytes, with the file's Arrow schema (and its metadata).
fn read_back(bytes: Vec<u8>) -> RecordBatch {
    let b = ParquetRecordBatchReaderBuilder::try_new(Bytes::from(bytes)).unwrap();
    let schema = b.schema().clone();
    let batches: Vec<RecordBatch> = b
        .with_batch_size(1 << 20)
        .build()
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(batches.len(), 1);
    batches
        .into_iter()
        .next()
        .unwrap()
        .with_schema(schema)
        .unwrap()
}

/// Equal batches, schema metadata included.
fn same(a: &RecordBatch, b: &RecordBatch) {
    assert_eq!(a.schema().metadata(), b.schema().metadata());
    assert_eq!(a.schema().fields(), b.schema().fields());
    assert_eq!(a, b);
}

fn floats(b: &RecordBatch, name: &str) -> Vec<Option<f64>> {
    let a = b
        .column_by_name(name)
        .unwrap()
        .as_primitive::<Float64Type>();
    (0..a.len())
        .map(|i| (!a.is_null(i)).then(|| a.value(i)))
        .collect()
}

fn strings(b: &RecordBatch, name: &str) -> Vec<Option<String>> {
    let a = b.column_by_name(name).unwrap().as_string::<i32>();
    (0..a.len())
        .map(|i| (!a.is_null(i)).then(|| a.value(i).to_string()))
        .collect()
}

fn bits(v: &[Option<f64>]) -> Vec<Option<u64>> {
    v.iter().map(|x| x.map(f64::to_bits)).collect()
}

/// Three units: X scores x ~ U(0, 1), Y and Z are fixed (the composite crate's exact rank-band example).
fn model() -> ClosureModel<impl Fn(&[f64]) -> mfg_quality_composite::Result<Vec<f64>> + Sync> {
    ClosureModel::new(
        vec!["X".into(), "Y".into(), "Z".into()],
        vec![
            SobolGroup {
                name: "x".into(),
                marginals: vec![Marginal::default()],
            },
            SobolGroup {
                name: "noise".into(),
                marginals: vec![Marginal::default()],
            },
        ],
        vec![0.5, 0.5],
        |x: &[f64]| Ok(vec![x[0], 0.75 + 0.01 * x[1], 0.25]),
    )
    .unwrap()
}

fn mc() -> UncertaintyResults {
    monte_carlo(
        &model(),
        &MonteCarloSettings {
            replications: 200,
            seed: 7,
            ..Default::default()
        },
        Control::default(),
    )
    .unwrap()
}

#[test]
fn monte_carlo_rank_bands_and_shifts_equal_the_results_and_round_trip() {
    let r = mc();
    let b = uncertainty_bands_to_batch(&r).unwrap();
    let s = r.summary();
    assert_eq!(b.num_rows(), 3);
    let units: Vec<String> = strings(&b, "unit").into_iter().flatten().collect();
    assert_eq!(units, ["Y", "X", "Z"]); // summary order: nominal rank
    type Get = fn(&mfg_quality_composite::uncertainty::UnitSummary) -> f64;
    let cols: [(&str, Get); 8] = [
        ("nominal_rank", |u| u.nominal_rank),
        ("nominal_score", |u| u.nominal_score),
        ("median_rank", |u| u.median_rank),
        ("rank_p05", |u| u.rank_p05),
        ("rank_p95", |u| u.rank_p95),
        ("mean_rank", |u| u.mean_rank),
        ("mean_score", |u| u.mean_score),
        ("sd_score", |u| u.sd_score),
    ];
    for (name, get) in cols {
        let want: Vec<Option<f64>> = s.iter().map(|u| Some(get(u))).collect();
        assert_eq!(bits(&floats(&b, name)), bits(&want), "{name}");
    }
    let meta = b.schema().metadata().clone();
    assert_eq!(meta["replications"], "200");
    assert_eq!(meta["succeeded"], "200");
    assert_eq!(meta["failed"], "0");
    same(
        &read_back(write_uncertainty_bands_parquet_bytes(&r).unwrap()),
        &b,
    );

    let b = rank_shifts_to_batch(&r).unwrap();
    let rep = b.column(0).as_primitive::<UInt64Type>();
    let want: Vec<u64> = r.succeeded().iter().map(|&k| k as u64).collect();
    assert_eq!(rep.values().to_vec(), want);
    let want: Vec<Option<f64>> = r.mean_abs_rank_shift().into_iter().map(Some).collect();
    assert_eq!(bits(&floats(&b, "mean_abs_rank_shift")), bits(&want));
    same(&read_back(write_rank_shifts_parquet_bytes(&r).unwrap()), &b);
}

#[test]
fn sensitivity_indices_keep_names_intervals_and_order() {
    // A Sobol run of the composite crate, in the common result shape.
    let out = sobol(
        &model(),
        &SobolSettings {
            n: 128,
            ..Default::default()
        },
        TieMethod::Min,
        Control::default(),
    )
    .unwrap();
    let result = out
        .mean_abs_rank_shift
        .unwrap()
        .to_result("mean_abs_rank_shift");
    let b = sensitivity_to_batch(&result).unwrap();
    assert_eq!(b.num_rows(), result.indices.len());
    for (k, e) in result.indices.iter().enumerate() {
        assert_eq!(strings(&b, "method")[k].as_deref(), Some("sobol"));
        assert_eq!(
            strings(&b, "factor")[k].as_deref(),
            Some(result.factors[e.factor].as_str())
        );
        assert_eq!(strings(&b, "measure")[k].as_deref(), Some(e.measure.key()));
        assert_eq!(
            floats(&b, "estimate")[k].map(f64::to_bits),
            Some(e.estimate.to_bits())
        );
        assert_eq!(
            floats(&b, "lo")[k].map(f64::to_bits),
            e.interval.map(|i| i.lo.to_bits())
        );
    }
    same(
        &read_back(write_sensitivity_parquet_bytes(&result).unwrap()),
        &b,
    );

    // Nulls: no interval, a second-order pair, an unnamed output, no confidence level, a NaN estimate.
    let r = SensitivityResult {
        method: Method::Sobol,
        factors: vec!["a,b".into(), "c".into()],
        outputs: vec![],
        confidence: None,
        evaluations: 10,
        indices: vec![
            IndexEstimate {
                factor: 1,
                output: 0,
                measure: Measure::FirstOrder,
                estimate: 0.25,
                interval: Some(Interval { lo: 0.2, hi: 0.3 }),
            },
            IndexEstimate {
                factor: 0,
                output: 0,
                measure: Measure::SecondOrder { with: 1 },
                estimate: f64::NAN,
                interval: None,
            },
        ],
    };
    let b = sensitivity_to_batch(&r).unwrap();
    assert_eq!(
        strings(&b, "factor"),
        [Some("c".to_string()), Some("a,b".to_string())]
    );
    assert_eq!(strings(&b, "output"), [Some("0".into()), Some("0".into())]);
    assert_eq!(
        strings(&b, "measure"),
        [Some("S1".into()), Some("S2".into())]
    );
    assert_eq!(strings(&b, "with"), [None, Some("c".into())]);
    assert_eq!(floats(&b, "estimate"), [Some(0.25), None]);
    assert_eq!(floats(&b, "lo"), [Some(0.2), None]);
    assert_eq!(floats(&b, "hi"), [Some(0.3), None]);
    assert_eq!(b.schema().metadata()["evaluations"], "10");
    assert!(!b.schema().metadata().contains_key("confidence"));
    same(&read_back(write_sensitivity_parquet_bytes(&r).unwrap()), &b);
}

#[test]
fn trade_cells_segments_and_classes_equal_the_elasticity_results() {
    let world = generate(&SyntheticConfig::small(42)).unwrap();
    let cells = world.flows.cells();
    let b = cells_to_batch(&cells).unwrap();
    assert_eq!(b.num_rows(), cells.len());
    assert_eq!(
        b.column(0).as_primitive::<UInt16Type>().values().to_vec(),
        cells.years()
    );
    let exporter = b.column(1).as_dictionary::<UInt32Type>();
    assert_eq!(exporter.keys().values().to_vec(), cells.exporters());
    let names = exporter.values().as_string::<i32>();
    for i in [0, cells.len() / 2, cells.len() - 1] {
        let e = exporter.keys().value(i) as usize;
        assert_eq!(names.value(e), cells.countries().name(cells.exporters()[i]));
    }
    assert_eq!(
        bits(&floats(&b, "value")),
        bits(&cells.values().iter().map(|&v| Some(v)).collect::<Vec<_>>())
    );
    assert_eq!(
        b.column(5).as_primitive::<UInt32Type>().values().to_vec(),
        cells.flow_counts()
    );
    same(&read_back(write_cells_parquet_bytes(&cells).unwrap()), &b);
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "mfg-quality-arrow-{}-cells.parquet",
        std::process::id()
    ));
    write_cells_parquet(&cells, &path).unwrap();
    let from_file = std::fs::read(&path);
    std::fs::remove_file(&path).unwrap();
    same(&read_back(from_file.unwrap()), &b);

    let map = world.concordance.map_products(cells.products()).unwrap();
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    let seg = segment_cells(&cells, &uv, &SegmentParams::default(), Some(&map)).unwrap();
    let rows = seg.rows();
    let b = segments_to_batch(&seg).unwrap();
    assert_eq!(b.num_rows(), rows.len());
    let ex = strings(&b, "exporter");
    let ind = strings(&b, "industry");
    let high = floats(&b, "high");
    let years = b.column(2).as_primitive::<UInt16Type>();
    for (k, r) in rows.iter().enumerate() {
        assert_eq!(ex[k].as_deref(), Some(r.exporter.as_str()));
        assert_eq!(ind[k].as_deref(), Some(r.industry.as_str()));
        assert_eq!(years.value(k), r.year);
        assert_eq!(high[k].map(f64::to_bits), Some(r.shares.high.to_bits()));
    }
    same(&read_back(write_segments_parquet_bytes(&seg).unwrap()), &b);

    let mut est = estimate(
        &cells,
        &uv,
        &map,
        &[PooledPeriod::new(2010, 2015)],
        &ElasticityParams::default(),
    )
    .unwrap();
    // A not-classified industry, as under InsufficientPolicy::NotClassified.
    est.push(IndustryElasticity {
        industry: "C99".into(),
        period: "2010-2015".into(),
        outcome: Outcome::NotClassified {
            reason: "too few exporters".into(),
        },
    });
    let b = classes_to_batch(&est).unwrap();
    assert_eq!(b.num_rows(), est.len());
    let class = strings(&b, "class");
    let slope = floats(&b, "slope");
    let reason = strings(&b, "reason");
    let n = b.column_by_name("n").unwrap().as_primitive::<UInt64Type>();
    for (k, e) in est.iter().enumerate() {
        assert_eq!(
            strings(&b, "industry")[k].as_deref(),
            Some(e.industry.as_str())
        );
        assert_eq!(class[k].as_deref(), e.class().map(|c| c.label()));
        assert_eq!(
            slope[k].map(f64::to_bits),
            e.estimate().map(|x| x.slope.to_bits())
        );
        assert_eq!(n.is_null(k), e.estimate().is_none());
        if let Some(x) = e.estimate() {
            assert_eq!(n.value(k), x.n as u64);
        }
        assert_eq!(reason[k].is_some(), e.class().is_none());
    }
    assert_eq!(reason.last().unwrap().as_deref(), Some("too few exporters"));
    same(&read_back(write_classes_parquet_bytes(&est).unwrap()), &b);
}
