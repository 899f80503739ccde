//! The paper's §1 numbers reproduced by this crate's functions, from the printed inputs in `tests/data/`
//! (copied from the reference files; each row carries its `source`, paper sec 1(1)).

use approx::assert_abs_diff_eq;
use mfg_quality_elasticity::segments::SegmentShares;
use mfg_quality_elasticity::unit_value::gap_ratio;

const UNIT_VALUES: &str = include_str!("data/export_unit_values.csv");
const STRUCTURE: &str = include_str!("data/export_quality_structure_2015.csv");
const VOLUME: &str = include_str!("data/export_volume_value_2015.csv");

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn unit_value_gap_ratios() {
    // Printed: JP/CN = 2.01 (paper sec 1(1)); the others are the same computation for the paper's pairs.
    let uv = rows(UNIT_VALUES);
    let get = |g: &str, c: &str| -> f64 {
        uv.iter()
            .find(|r| r[0] == g && r[2] == c)
            .map(|r| r[3].parse().unwrap())
            .unwrap()
    };
    let expected = [
        ("mechanical_electrical", "JP", 2.01),
        ("rail_transit", "DE", 3.85),
        ("leather_goods", "FR", 6.92),
        ("hats", "IT", 2.60),
    ];
    for (g, c, want) in expected {
        let r = gap_ratio(get(g, c), get(g, "CN")).unwrap();
        assert_abs_diff_eq!(r, want, epsilon = 0.005);
    }
    assert_abs_diff_eq!(
        gap_ratio(42.12, 20.95).unwrap(),
        2.010_501_193_317_422,
        epsilon = 1e-12
    );
}

#[test]
fn medium_shares_are_remainders() {
    // CN 32.42 % high / 45.90 % low ⇒ medium 21.68 %; DE 87.08 % / 2.55 % ⇒ 10.37 % (paper sec 1(1)).
    let want = [("CN", 0.2168), ("DE", 0.1037)];
    for r in rows(STRUCTURE) {
        let s = SegmentShares::from_high_low(
            r[2].parse::<f64>().unwrap() / 100.0,
            r[3].parse::<f64>().unwrap() / 100.0,
        )
        .unwrap();
        let m = want.iter().find(|w| w.0 == r[0]).unwrap().1;
        assert_abs_diff_eq!(s.medium, m, epsilon = 1e-12);
        assert_abs_diff_eq!(s.high + s.medium + s.low, 1.0, epsilon = 1e-15);
    }
}

#[test]
fn value_per_tonne_ratio() {
    // 4.41e9 t / 1.18e9 t = 3.74 (printed); value ratio 1.23 ⇒ CN value per tonne ≈ 0.33 of DE's.
    let v = rows(VOLUME);
    let get = |m: &str, c: &str| -> f64 {
        v.iter().find(|r| r[0] == m && r[1] == c).unwrap()[3]
            .parse()
            .unwrap()
    };
    let tonnes = gap_ratio(get("export_tonnes", "CN"), get("export_tonnes", "DE")).unwrap();
    assert_abs_diff_eq!(tonnes, 3.74, epsilon = 0.005);
    let per_tonne = gap_ratio(get("export_value_ratio", "CN"), tonnes).unwrap();
    assert_abs_diff_eq!(per_tonne, 0.33, epsilon = 0.005);
}
