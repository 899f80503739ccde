//! `pipeline::normalise_aggregate_into` equals normalising every column into a copy and aggregating the
//! copy, bit for bit, on complete and masked input, on both sides of the block and parallel sizes; its
//! errors are those of the unfused sequence.

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::aggregate::{
    AggregationContext, Aggregator, Arithmetic, Geometric, MissingPolicy, Topsis,
    TopsisNormalisation,
};
use mfg_quality_composite::normalise::{ColumnContext, MinMax, Normaliser, ZScore};
use mfg_quality_composite::pipeline::normalise_aggregate_into;
use mfg_quality_indicators::Polarity;
use mfg_quality_indicators::stats::VarianceKind;

fn data(n: usize, m: usize) -> Vec<f64> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    (0..n * m)
        .map(|k| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (k / n) as f64 * 3.0 + (state >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect()
}

/// The unfused sequence: `normalise_column_from` into a copy, then `aggregate_into`.
#[allow(clippy::too_many_arguments)]
fn unfused(
    norm: &dyn Normaliser,
    agg: &dyn Aggregator,
    x: &[f64],
    mask: &[bool],
    n: usize,
    pol: &[Polarity],
    w: &[f64],
    ctx: &AggregationContext,
) -> Result<(Vec<f64>, Vec<bool>), CompositeError> {
    let m = pol.len();
    let all = vec![true; n * m];
    let src_mask = if mask.is_empty() { &all[..] } else { mask };
    let (mut z, mut zm) = (vec![0.0; n * m], vec![false; n * m]);
    let names: Vec<String> = (0..m).map(|j| ctx.column(j)).collect();
    for j in 0..m {
        let r = j * n..(j + 1) * n;
        let cctx = ColumnContext {
            indicator: &names[j],
            period: ctx.period,
            units: &[],
            reference: None,
        };
        norm.normalise_column_from(
            &x[r.clone()],
            &src_mask[r.clone()],
            &mut z[r.clone()],
            &mut zm[r],
            pol[j],
            &cctx,
        )?;
    }
    let (mut s, mut p) = (vec![0.0; n], vec![false; n]);
    let zmask = if mask.is_empty() { &[][..] } else { &zm[..] };
    agg.aggregate_into(
        &z,
        zmask,
        n,
        w,
        MissingPolicy::SkipAndReweight,
        ctx,
        &mut s,
        &mut p,
    )?;
    Ok((s, p))
}

#[allow(clippy::too_many_arguments)]
fn fused(
    norm: &dyn Normaliser,
    agg: &dyn Aggregator,
    x: &[f64],
    mask: &[bool],
    n: usize,
    pol: &[Polarity],
    w: &[f64],
    ctx: &AggregationContext,
) -> Result<(Vec<f64>, Vec<bool>), CompositeError> {
    let (mut s, mut p) = (vec![0.0; n], vec![false; n]);
    normalise_aggregate_into(
        norm,
        agg,
        x,
        mask,
        n,
        pol,
        w,
        MissingPolicy::SkipAndReweight,
        ctx,
        &mut s,
        &mut p,
    )?;
    Ok((s, p))
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn fused_equals_normalise_then_aggregate_bit_for_bit() {
    let m = 7;
    let pol: Vec<Polarity> = (0..m)
        .map(|j| {
            if j % 3 == 1 {
                Polarity::Negative
            } else {
                Polarity::Positive
            }
        })
        .collect();
    let w: Vec<f64> = (0..m).map(|j| 1.0 + j as f64).collect();
    let ctx = AggregationContext::default();
    let min_max = MinMax::new(1.0, 100.0).unwrap();
    let z = ZScore::new(VarianceKind::Sample, 100.0, 10.0).unwrap();
    let topsis = Topsis::new(TopsisNormalisation::Vector);
    let cases: [(&dyn Normaliser, &dyn Aggregator); 4] = [
        (&min_max, &Arithmetic),
        (&min_max, &Geometric),
        (&z, &Arithmetic),
        (&min_max, &topsis),
    ];
    // Below one block, across blocks, and above the parallel split (2 × 32 768 rows).
    for &n in &[1usize, 3, 511, 512, 513, 5000, 70_000] {
        let x = data(n, m);
        let mut mask = vec![true; n * m];
        for k in (0..n * m).step_by(13) {
            mask[k] = false;
        }
        for (norm, agg) in cases {
            for msk in [&[][..], &mask[..]] {
                let want = unfused(norm, agg, &x, msk, n, &pol, &w, &ctx);
                let got = fused(norm, agg, &x, msk, n, &pol, &w, &ctx);
                match (want, got) {
                    (Ok((ws, wp)), Ok((gs, gp))) => {
                        assert_eq!(bits(&gs), bits(&ws), "n = {n}, {}", agg.name());
                        assert_eq!(gp, wp);
                    }
                    (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                    (a, b) => panic!("n = {n}: {a:?} vs {b:?}"),
                }
            }
        }
    }
}

#[test]
fn errors_are_those_of_the_unfused_sequence() {
    let (n, m) = (2000, 3);
    let pol = vec![Polarity::Positive; m];
    let w = vec![1.0; m];
    let columns: Vec<String> = vec!["a".into(), "b".into(), "c".into()];
    let units: Vec<String> = (0..n).map(|i| format!("u{i}")).collect();
    let ctx = AggregationContext {
        node: "P1",
        units: &units,
        columns: &columns,
        period: 2020,
    };
    // Min-max to [0, 1] puts a 0 in every column, which the geometric mean rejects (in the first block).
    let x = data(n, m);
    let mm = MinMax::new(0.0, 1.0).unwrap();
    let want = unfused(&mm, &Geometric, &x, &[], n, &pol, &w, &ctx).unwrap_err();
    let got = fused(&mm, &Geometric, &x, &[], n, &pol, &w, &ctx).unwrap_err();
    assert_eq!(got.to_string(), want.to_string());
    // A constant column is the normaliser's error, naming the column.
    let mut c = x.clone();
    c[n..2 * n].iter_mut().for_each(|v| *v = 4.0);
    let got = fused(&mm, &Arithmetic, &c, &[], n, &pol, &w, &ctx).unwrap_err();
    assert!(
        matches!(&got, CompositeError::ConstantIndicator { indicator, .. } if indicator == "b"),
        "{got}"
    );
    // Shapes.
    let (mut s, mut p) = (vec![0.0; n - 1], vec![false; n]);
    let e = normalise_aggregate_into(
        &mm,
        &Arithmetic,
        &x,
        &[],
        n,
        &pol,
        &w,
        MissingPolicy::SkipAndReweight,
        &ctx,
        &mut s,
        &mut p,
    )
    .unwrap_err();
    assert!(matches!(e, CompositeError::DimensionMismatch { .. }), "{e}");
    let e = fused(&mm, &Arithmetic, &x[1..], &[], n, &pol, &w, &ctx).unwrap_err();
    assert!(matches!(e, CompositeError::DimensionMismatch { .. }), "{e}");
}
