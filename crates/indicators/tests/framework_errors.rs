//! One test per class of framework validation error (nested and flat construction).

use mfg_quality_indicators::{FlatNode, Framework, Indicator, IndicatorsError, NodeSpec, Polarity};

fn leaf(id: &str) -> NodeSpec {
    NodeSpec::leaf(Indicator::new(id, id, ""))
}

fn flat(id: &str, parent: Option<&str>, is_indicator: bool) -> FlatNode {
    FlatNode {
        id: id.into(),
        name_en: String::new(),
        name_zh: String::new(),
        parent: parent.map(Into::into),
        is_indicator,
        weight: 1.0,
        polarity: Polarity::Positive,
        unit: String::new(),
        definition: String::new(),
        source: String::new(),
        aggregation: None,
    }
}

#[test]
fn empty_id() {
    let r = Framework::new(NodeSpec::group("", "", "", vec![leaf("a")]));
    assert!(matches!(r, Err(IndicatorsError::EmptyId { kind: "node" })));
    let r = Framework::from_flat(&[flat(" ", None, false)]);
    assert!(matches!(r, Err(IndicatorsError::EmptyId { .. })));
}

#[test]
fn duplicate_id() {
    let r = Framework::new(NodeSpec::group("I", "", "", vec![leaf("a"), leaf("I")]));
    assert!(matches!(r, Err(IndicatorsError::DuplicateId { ref id, .. }) if id == "I"));
}

#[test]
fn invalid_weight() {
    for w in [-0.5, f64::NAN, f64::INFINITY] {
        let r = Framework::new(NodeSpec::group(
            "I",
            "",
            "",
            vec![leaf("a").with_weight(w), leaf("b")],
        ));
        assert!(matches!(r, Err(IndicatorsError::InvalidWeight { ref node, .. }) if node == "a"));
    }
}

#[test]
fn zero_weight_sum() {
    let r = Framework::new(NodeSpec::group(
        "I",
        "",
        "",
        vec![leaf("a").with_weight(0.0), leaf("b").with_weight(0.0)],
    ));
    assert!(matches!(r, Err(IndicatorsError::ZeroWeightSum { ref node }) if node == "I"));
}

#[test]
fn empty_group() {
    let r = Framework::new(NodeSpec::group("I", "", "", vec![]));
    assert!(matches!(r, Err(IndicatorsError::EmptyGroup { ref node }) if node == "I"));
    let r = Framework::from_flat(&[flat("I", None, false), flat("G", Some("I"), false)]);
    assert!(matches!(r, Err(IndicatorsError::EmptyGroup { ref node }) if node == "G"));
}

#[test]
fn leaf_not_indicator() {
    let mut bad = leaf("a");
    bad.children.push(leaf("b"));
    let r = Framework::new(NodeSpec::group("I", "", "", vec![bad]));
    assert!(matches!(r, Err(IndicatorsError::LeafNotIndicator { .. })));
    // Flat: an indicator row named as someone's parent.
    let r = Framework::from_flat(&[
        flat("I", None, false),
        flat("a", Some("I"), true),
        flat("b", Some("a"), true),
    ]);
    assert!(matches!(r, Err(IndicatorsError::LeafNotIndicator { ref node }) if node == "a"));
}

#[test]
fn leaf_id_mismatch() {
    let mut l = leaf("a");
    l.id = "b".into();
    let r = Framework::new(NodeSpec::group("I", "", "", vec![l]));
    assert!(matches!(r, Err(IndicatorsError::Parse { .. })));
}

#[test]
fn orphan() {
    let r = Framework::from_flat(&[flat("I", None, false), flat("a", Some("X"), true)]);
    assert!(
        matches!(r, Err(IndicatorsError::Orphan { ref node, ref parent }) if node == "a" && parent == "X")
    );
}

#[test]
fn cycle() {
    let r = Framework::from_flat(&[
        flat("I", None, false),
        flat("a", Some("I"), true),
        flat("G", Some("H"), false),
        flat("H", Some("G"), false),
    ]);
    assert!(matches!(r, Err(IndicatorsError::Cycle { .. })));
}

#[test]
fn root_count() {
    let r = Framework::from_flat(&[flat("a", None, true), flat("b", None, true)]);
    assert!(matches!(
        r,
        Err(IndicatorsError::RootCount { count: 2, .. })
    ));
    let r = Framework::from_flat(&[]);
    assert!(matches!(
        r,
        Err(IndicatorsError::RootCount { count: 0, .. })
    ));
}

#[test]
fn errors_report_their_family() {
    use mfg_quality_indicators::ErrorKind;
    let r = Framework::new(NodeSpec::group("", "", "", vec![leaf("a")]));
    assert_eq!(r.unwrap_err().kind(), ErrorKind::InvalidParameter);
    let r = Framework::new(NodeSpec::group("r", "", "", vec![leaf("a"), leaf("a")]));
    assert_eq!(r.unwrap_err().kind(), ErrorKind::Duplicate);
    let located = IndicatorsError::Located {
        path: "x.csv".into(),
        line: 3,
        column: 2,
        source: Box::new(IndicatorsError::UnknownUnit { unit: "U".into() }),
    };
    assert_eq!(located.kind(), ErrorKind::NotFound);
}
