//! Tests of scores, ranks, contributions, tiers, planks, weights, CSV and serde on a small result.

use super::*;
use mfg_quality_indicators::{Indicator, NodeSpec};

fn leaf(id: &str) -> NodeSpec {
    NodeSpec::leaf(Indicator::new(id, id, ""))
}

/// Index I = arithmetic(P1, P2) with P1 = arithmetic(a, b) (weights 1:3), P2 = c; weights I: 1:1.
fn sample() -> Results {
    let fw = Framework::new(NodeSpec::group(
        "I",
        "Index",
        "",
        vec![
            NodeSpec::group("P1", "", "", vec![leaf("a"), leaf("b").with_weight(3.0)]),
            NodeSpec::group("P2", "", "", vec![leaf("c")]),
        ],
    ))
    .unwrap();
    let units = vec![Unit::new("X"), Unit::new("Y"), Unit::new("Z")];
    // period 2014 then 2015; indicators a, b, c
    #[rustfmt::skip]
    let values = [
        0.2, 0.6, 1.0,   0.4, 0.8, 0.0,   0.5, 0.5, 0.9,
        0.3, 0.6, 1.0,   0.4, 0.9, 0.0,   0.5, 0.6, 0.2,
    ];
    let c_present = |p: usize, u: usize| !(p == 1 && u == 2); // Z's c missing in 2015
    // slots: a, b, c, then groups in post-order P1, P2, I
    let mut scores = Vec::new();
    let mut present = Vec::new();
    for p in 0..2 {
        let v = |j: usize, u: usize| values[p * 9 + j * 3 + u];
        for j in 0..3 {
            for u in 0..3 {
                let ok = j != 2 || c_present(p, u);
                scores.push(if ok { v(j, u) } else { 0.0 });
                present.push(ok);
            }
        }
        for which in 0..3 {
            for u in 0..3 {
                let p1 = 0.25 * v(0, u) + 0.75 * v(1, u);
                let c_ok = c_present(p, u);
                let (s, ok) = match which {
                    0 => (p1, true),
                    1 => (if c_ok { v(2, u) } else { 0.0 }, c_ok),
                    _ => (if c_ok { 0.5 * p1 + 0.5 * v(2, u) } else { p1 }, true),
                };
                scores.push(s);
                present.push(ok);
            }
        }
    }
    // nodes pre-order ids: I=0, P1, a, b, P2, c (check via find)
    let mut w = vec![0.0; 12];
    for p in 0..2 {
        for (id, v) in [
            ("I", 1.0),
            ("P1", 0.5),
            ("P2", 0.5),
            ("a", 0.25),
            ("b", 0.75),
            ("c", 1.0),
        ] {
            w[p * 6 + fw.find(id).unwrap()] = v;
        }
    }
    let aggs = (0..6)
        .map(|n| (!fw.node(n).is_indicator()).then(|| "arithmetic".to_string()))
        .collect();
    Results::new(
        fw,
        UnitTable::from_units(&units),
        vec![2014, 2015],
        scores,
        present,
        w,
        aggs,
        TieMethod::Min,
    )
    .unwrap()
}

#[test]
fn scores_and_ranks() {
    let r = sample();
    // X 2014: P1 = .25*.2+.75*.4 = .35; I = (.35+.5)/2 = .425
    assert!((r.score("X", "I", 2014).unwrap().unwrap() - 0.425).abs() < 1e-12);
    assert_eq!(r.score("Z", "c", 2015).unwrap(), None);
    // 2014 I: X .425, Y (.25*.6+.75*.8=.75; (.75+.5)/2=.625), Z (.25+0=.25; (.25+.9)/2=.575)
    assert_eq!(
        r.ranks("I", 2014).unwrap(),
        vec![Some(3.0), Some(1.0), Some(2.0)]
    );
    assert_eq!(
        r.ranks("c", 2015).unwrap(),
        vec![Some(2.0), Some(1.0), None]
    );
    // ties share the lowest rank: a 2014 = (.2, .6, 1.0) no ties; P2 2014 = (.5, .5, .9)
    assert_eq!(
        r.ranks("P2", 2014).unwrap(),
        vec![Some(2.0), Some(2.0), Some(1.0)]
    );
    let ch = r.rank_changes("I", 2014, 2015).unwrap();
    // 2015 I: X (.075+.3=.375; .4375), Y (.15+.675=.825; .6625), Z (.25, alone .25)
    assert_eq!(ch[2].change, Some(-1.0));
    assert_eq!(ch[0].change, Some(1.0));
    assert!(matches!(
        r.score("Q", "I", 2014),
        Err(CompositeError::Indicators(_))
    ));
    assert!(matches!(
        r.score("X", "nope", 2014),
        Err(CompositeError::UnknownNode { .. })
    ));
    assert!(matches!(
        r.score("X", "I", 1999),
        Err(CompositeError::Indicators(_))
    ));
}

#[test]
fn contributions_sum_to_100_and_skip_missing() {
    let r = sample();
    let c = r.contributions("X", "I", 2014).unwrap();
    let total: f64 = c.iter().map(|c| c.share_percent).sum();
    assert!((total - 100.0).abs() < 1e-9);
    // P1 contributes .5*.35 = .175 of .425
    assert!((c[0].share_percent - 100.0 * 0.175 / 0.425).abs() < 1e-9);
    let z = r.contributions("Z", "I", 2015).unwrap();
    assert_eq!(z[1].score, None);
    assert!((z[0].share_percent - 100.0).abs() < 1e-12);
    assert!(matches!(
        r.contributions("X", "a", 2014),
        Err(CompositeError::WrongNodeKind { .. })
    ));
}

#[test]
fn tiers_planks_weights_csv() {
    let r = sample();
    let t = Tiers::new(vec![("high", 0.6), ("low", 0.4)]).unwrap();
    let a = r.tiers("I", 2014, &t).unwrap();
    assert_eq!(a[0].tier.as_deref(), Some("low"));
    assert_eq!(a[1].tier.as_deref(), Some("high"));
    let pk = r.strongest_weakest("X", "P1", 2014).unwrap().unwrap();
    assert_eq!(pk.strongest.0, "b");
    assert_eq!(pk.weakest.0, "a");
    assert!((r.effective_weight("b", 2015).unwrap() - 0.375).abs() < 1e-12);
    let sum: f64 = r.effective_weights(2014).unwrap().iter().map(|x| x.1).sum();
    assert!((sum - 1.0).abs() < 1e-12);
    let csv = r.write_csv_str().unwrap();
    assert!(csv.starts_with("unit,period,node,score,rank\nX,2014,I,0.425"));
    assert!(csv.contains("\nX,2014,P2,0.5,2\nY,2014,P2,0.5,2\nZ,2014,P2,0.9,1\n"));
    assert!(csv.contains("Z,2015,c,,\n"));
    assert_eq!(csv.lines().count(), 1 + 3 * 2 * 6);
}

#[test]
fn serde_round_trip_and_validation() {
    let r = sample();
    let json = serde_json::to_string(&r).unwrap();
    let back: Results = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
    let mut data: ResultsData = serde_json::from_str(&json).unwrap();
    data.weights[1] = 0.9;
    assert!(matches!(
        Results::try_from(data),
        Err(CompositeError::Inconsistent { .. })
    ));
    assert!(Tiers::new(vec![("a", 1.0), ("b", 1.0)]).is_err());
    assert!(Tiers::new(vec![("a", f64::NAN)]).is_err());
    assert!(Tiers::new(Vec::<(String, f64)>::new()).is_err());
}
