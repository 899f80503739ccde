//! Demand-residual (Khandelwal–Schott–Wei) quality: recovery of a known quality, the unit-value ranking
//! where costs differ, indices, ladders, segments and classes on quality, and every class of bad input.

use std::collections::HashMap;

use mfg_quality_econometrics::EconError;
use mfg_quality_elasticity::concordance::ProductMap;
use mfg_quality_elasticity::demand_quality::synthetic::{DemandConfig, DemandWorld};
use mfg_quality_elasticity::demand_quality::{
    DEFAULT_SIGMA, DemandColumns, DemandQualityError, QualityEstimates, SigmaTable,
    estimate_columns, estimate_quality,
};
use mfg_quality_elasticity::flows::Cells;
use mfg_quality_elasticity::prelude::*;
use mfg_quality_indicators::ErrorKind;

fn fit(seed: u64) -> (DemandWorld, ProductMap, QualityEstimates) {
    let w = DemandConfig::small(seed).generate().unwrap();
    let map = w.concordance.map_products(w.flows.products()).unwrap();
    let q = estimate_quality(&w.flows, &w.sigma_table().unwrap(), Some(&map)).unwrap();
    (w, map, q)
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let sab: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let saa: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let sbb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    sab / (saa * sbb).sqrt()
}

fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    for (k, &i) in idx.iter().enumerate() {
        r[i] = k as f64;
    }
    r
}

fn spearman(a: &[f64], b: &[f64]) -> f64 {
    pearson(&ranks(a), &ranks(b))
}

/// True quality per (exporter, product, year) cell: every flow of a cell has the same `ln λ_ekt`.
fn true_cell_quality(w: &DemandWorld, cells: &Cells) -> Vec<f64> {
    let f = &w.flows;
    let mut t: HashMap<(u16, u32, u32), f64> = HashMap::new();
    for i in 0..f.len() {
        t.insert(
            (f.years()[i], f.product_ids()[i], f.exporters()[i]),
            w.true_quality[i],
        );
    }
    (0..cells.len())
        .map(|i| {
            t[&(
                cells.years()[i],
                cells.product_ids()[i],
                cells.exporters()[i],
            )]
        })
        .collect()
}

/// Pooled within-product–year rank correlations of (estimated quality, unit value) with the truth, over
/// the cells of the industries `keep`.
fn within_rank_correlations(
    w: &DemandWorld,
    map: &ProductMap,
    q: &QualityEstimates,
    keep: &[&str],
) -> (f64, f64) {
    let cells = w.flows.cells();
    let cq = q.cells(&w.flows, &cells).unwrap();
    let truth = true_cell_quality(w, &cells);
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    let (mut rq, mut ruv, mut n) = (0.0, 0.0, 0.0);
    for g in cells.groups() {
        let ind = &map.industries[map.industry_of[cells.product_ids()[g.start] as usize] as usize];
        if !keep.contains(&ind.id.as_str()) {
            continue;
        }
        let rows: Vec<usize> = g.filter(|&i| cq.quality[i].is_some()).collect();
        if rows.len() < 5 {
            continue;
        }
        let t: Vec<f64> = rows.iter().map(|&i| truth[i]).collect();
        let e: Vec<f64> = rows.iter().map(|&i| cq.quality[i].unwrap()).collect();
        let u: Vec<f64> = rows.iter().map(|&i| uv.unit_value[i]).collect();
        rq += spearman(&e, &t);
        ruv += spearman(&u, &t);
        n += 1.0;
    }
    (rq / n, ruv / n)
}

#[test]
fn estimated_quality_correlates_with_the_truth() {
    let (w, map, q) = fit(11);
    assert_eq!(q.len(), w.flows.len());
    // Flow level, against the truth demeaned within product × importer × year (what is identified).
    let r = q.correlation_with(&w.true_quality_within_cells());
    assert!(r >= 0.95, "flow-level correlation {r}");
    // Exporter–product–year level, within product–year.
    let cells = w.flows.cells();
    let cq = q.cells(&w.flows, &cells).unwrap();
    let truth = true_cell_quality(&w, &cells);
    let mut est = Vec::new();
    let mut tru = Vec::new();
    for g in cells.groups() {
        let rows: Vec<usize> = g.filter(|&i| cq.quality[i].is_some()).collect();
        let m = rows.iter().map(|&i| truth[i]).sum::<f64>() / rows.len() as f64;
        let me = rows.iter().map(|&i| cq.quality[i].unwrap()).sum::<f64>() / rows.len() as f64;
        for &i in &rows {
            est.push(cq.quality[i].unwrap() - me);
            tru.push(truth[i] - m);
        }
    }
    let r = pearson(&est, &tru);
    assert!(r >= 0.95, "exporter–product–year correlation {r}");
    // Exporter–year index against θ_e.
    let idx = cq.exporter_index(&cells).unwrap();
    let theta: HashMap<&str, f64> = w
        .exporter_quality
        .iter()
        .map(|(n, t)| (n.as_str(), *t))
        .collect();
    let (a, b): (Vec<f64>, Vec<f64>) = idx
        .iter()
        .filter(|i| i.year == 2010)
        .map(|i| (i.quality, theta[i.exporter.as_str()]))
        .unzip();
    assert_eq!(a.len(), 30);
    let r = pearson(&a, &b);
    assert!(r >= 0.95, "exporter index correlation with θ: {r}");
    // Industry indices exist for every exporter and industry.
    let ind = cq.industry_index(&cells, &map).unwrap();
    assert_eq!(ind.len(), 30 * 3 * 2);
}

#[test]
fn unit_values_misrank_exporters_only_where_costs_differ() {
    let (w, map, q) = fit(5);
    // Q1: no cost differences, price rises with quality — the unit value ranks as quality does.
    let (rq, ruv) = within_rank_correlations(&w, &map, &q, &["Q1"]);
    assert!(rq > 0.95, "Q1 quality rank correlation {rq}");
    assert!(ruv > 0.9, "Q1 unit-value rank correlation {ruv}");
    // Q2, Q3: cost differences — the unit value misranks, the estimated quality does not.
    let (rq, ruv) = within_rank_correlations(&w, &map, &q, &["Q2", "Q3"]);
    assert!(rq > 0.95, "Q2/Q3 quality rank correlation {rq}");
    assert!(ruv < 0.6, "Q2/Q3 unit-value rank correlation {ruv}");
    assert!(rq - ruv > 0.4);
}

#[test]
fn normalised_quality_has_mean_zero_and_sd_one_within_product_year() {
    let (w, _, q) = fit(3);
    let cells = w.flows.cells();
    let cq = q.cells(&w.flows, &cells).unwrap();
    for g in cells.groups() {
        let z: Vec<f64> = cq.normalised[g].iter().flatten().copied().collect();
        if z.len() < 2 {
            continue;
        }
        let m = z.iter().sum::<f64>() / z.len() as f64;
        let v = z.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (z.len() - 1) as f64;
        assert!(
            m.abs() < 1e-10 && (v - 1.0).abs() < 1e-10,
            "mean {m}, var {v}"
        );
    }
    // Flow residuals sum to zero within each product × importer × year cell (one fixed effect).
    let f = &w.flows;
    let mut sums: HashMap<(u16, u32, u32), f64> = HashMap::new();
    for i in 0..f.len() {
        if let Some(x) = q.quality(i) {
            *sums
                .entry((f.years()[i], f.product_ids()[i], f.importers()[i]))
                .or_default() += x;
        }
    }
    assert!(sums.values().all(|s| s.abs() < 1e-9));
}

#[test]
fn ladders_segments_and_classes_on_quality() {
    let (w, map, q) = fit(8);
    let cells = w.flows.cells();
    let cq = q.cells(&w.flows, &cells).unwrap();
    let ladders = cq.ladders(&cells).unwrap();
    assert_eq!(ladders.len(), 18 * 2);
    assert!(ladders.iter().all(|l| l.length > 0.0 && l.exporters >= 2));
    let quv = cq.as_unit_values(&cells).unwrap();
    let seg = segment_cells(&cells, &quv, &SegmentParams::default(), Some(&map)).unwrap();
    let s = seg.shares("C01", 2010).unwrap();
    assert!((s.high + s.medium + s.low - 1.0).abs() < 1e-12);
    let est = estimate(
        &cells,
        &quv,
        &map,
        &[PooledPeriod::new(2010, 2015)],
        &ElasticityParams::default(),
    )
    .unwrap();
    assert_eq!(est.len(), 3);
    // Value shares rise with quality in this CES world (share ∝ (λ/p)^(σ−1), γ < 1).
    assert!(est.iter().all(|e| e.estimate().unwrap().slope > 0.0));
}

#[test]
fn sigma_table_resolution_and_csv() {
    let w = DemandConfig::small(1).generate().unwrap();
    let map = w.concordance.map_products(w.flows.products()).unwrap();
    let t = SigmaTable::read_csv("industry,sigma\nQ2,3.5\n".as_bytes())
        .unwrap()
        .merge(SigmaTable::read_csv("product,sigma\n100001,9\n".as_bytes()).unwrap());
    let s = t.resolve(w.flows.products(), Some(&map));
    let p = w.flows.products();
    let at = |code: &str| s[p.id(code).unwrap() as usize];
    assert!((at("100001") - 9.0).abs() < 1e-15);
    assert!((at("100002") - DEFAULT_SIGMA).abs() < 1e-15);
    assert!((at("110001") - 3.5).abs() < 1e-15);
    assert_eq!(
        SigmaTable::default().resolve(p, None),
        vec![DEFAULT_SIGMA; p.len()]
    );
}

fn columns<'a>(
    value: &'a [f64],
    quantity: &'a [f64],
    importer: &'a [u32],
    year: &'a [u16],
) -> DemandColumns<'a> {
    DemandColumns {
        year,
        exporter: &[0, 1, 2, 0][..value.len()],
        importer,
        product: &[0, 0, 0, 0][..value.len()],
        value,
        quantity,
    }
}

#[test]
fn bad_input_is_named() {
    let y = [2015u16; 4];
    let m = [5u32, 5, 5, 6];
    let ok_v = [1.0, 2.0, 3.0, 4.0];
    let ok_q = [1.0, 1.0, 2.0, 2.0];
    // A good call works and flags the singleton (importer 6).
    let q = estimate_columns(&columns(&ok_v, &ok_q, &m, &y), vec![5.0]).unwrap();
    assert_eq!(q.singletons(), 1);
    assert_eq!(q.quality(3), None);
    // Non-positive quantity and price under a log.
    let e =
        estimate_columns(&columns(&ok_v, &[1.0, 0.0, 2.0, 2.0], &m, &y), vec![5.0]).unwrap_err();
    assert_eq!(
        e,
        DemandQualityError::NonPositive {
            column: "quantity",
            row: 1,
            value: 0.0
        }
    );
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    let e =
        estimate_columns(&columns(&[1.0, 2.0, -3.0, 4.0], &ok_q, &m, &y), vec![5.0]).unwrap_err();
    assert!(matches!(
        e,
        DemandQualityError::NonPositive {
            column: "price",
            row: 2,
            ..
        }
    ));
    assert!(e.to_string().contains("row 2"), "{e}");
    let e = estimate_columns(
        &columns(&[1.0, f64::NAN, 3.0, 4.0], &ok_q, &m, &y),
        vec![5.0],
    )
    .unwrap_err();
    assert!(matches!(
        e,
        DemandQualityError::NonFinite {
            column: "value",
            row: 1,
            ..
        }
    ));
    // σ ≤ 1: in the API, a table, and a CSV (with the line).
    let e = estimate_columns(&columns(&ok_v, &ok_q, &m, &y), vec![1.0]).unwrap_err();
    assert!(
        matches!(e, DemandQualityError::InvalidSigma { value, .. } if (value - 1.0).abs() < 1e-15)
    );
    assert_eq!(e.kind(), ErrorKind::InvalidParameter);
    assert!(SigmaTable::constant(0.5).is_err());
    assert!(SigmaTable::default().with_industry("Q1", f64::NAN).is_err());
    let e = SigmaTable::read_csv("product,sigma\n847130,4\n847150,1\n".as_bytes()).unwrap_err();
    assert!(matches!(
        e,
        DemandQualityError::InvalidSigma { line: Some(3), .. }
    ));
    assert!(e.to_string().contains("line 3"), "{e}");
    let e = SigmaTable::read_csv("code,sigma\n".as_bytes()).unwrap_err();
    assert!(matches!(e, DemandQualityError::Malformed { line: 1, .. }));
    let e = SigmaTable::read_csv("product,sigma\n847130,x\n".as_bytes()).unwrap_err();
    assert!(matches!(e, DemandQualityError::Malformed { line: 2, .. }));
    let e = SigmaTable::read_csv("product,sigma\n847130,4\n847130,5\n".as_bytes()).unwrap_err();
    assert!(e.to_string().contains("twice"), "{e}");
    // Every flow alone in its product × importer × year cell.
    let e = estimate_columns(&columns(&ok_v, &ok_q, &[1, 2, 3, 4], &y), vec![5.0]).unwrap_err();
    assert_eq!(
        e,
        DemandQualityError::Regression(EconError::AllSingletons { n_obs: 4 })
    );
    assert_eq!(e.kind(), ErrorKind::Degenerate);
    // Shapes: a short column, a product without σ, nothing at all.
    let mut c = columns(&ok_v, &ok_q, &m, &y);
    c.quantity = &ok_q[..3];
    assert!(matches!(
        estimate_columns(&c, vec![5.0]),
        Err(DemandQualityError::Shape {
            column: "quantity",
            ..
        })
    ));
    let c = columns(&ok_v, &ok_q, &m, &y);
    assert!(matches!(
        estimate_columns(&c, vec![]),
        Err(DemandQualityError::Shape { .. })
    ));
    let c = columns(&[], &[], &[], &[]);
    assert_eq!(
        estimate_columns(&c, vec![5.0]),
        Err(DemandQualityError::Empty)
    );
    // Cells of other flows.
    let (w, _, q) = fit(2);
    let other = DemandConfig::small(3).generate().unwrap();
    assert_ne!(other.flows.len(), w.flows.len());
    assert!(matches!(
        q.cells(&other.flows, &other.flows.cells()),
        Err(DemandQualityError::Shape {
            column: "flows",
            ..
        })
    ));
    let mut cfg = DemandConfig::small(1);
    cfg.industries[0].sigma = 0.9;
    assert!(matches!(
        cfg.generate(),
        Err(DemandQualityError::InvalidSigma { .. })
    ));
}
