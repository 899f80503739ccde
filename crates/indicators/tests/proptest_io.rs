//! Property: any panel survives a round trip through long and wide CSV unchanged.

use mfg_quality_indicators::io::{
    CsvOptions, read_long_csv_str, read_wide_csv_str, write_long_csv_str, write_wide_csv_str,
};
use mfg_quality_indicators::{Panel, Unit};
use proptest::prelude::*;

fn panel_strategy() -> impl Strategy<Value = Panel> {
    (1usize..5, 1usize..4, 1usize..4).prop_flat_map(|(nu, ni, np)| {
        let n = nu * ni * np;
        (
            prop::collection::vec(prop::option::of(-1e12f64..1e12), n),
            prop::collection::vec(prop::option::of("[a-z ,\"]{1,6}"), nu),
            -3000i32..3000,
        )
            .prop_map(move |(cells, groups, p0)| {
                let units = (0..nu)
                    .map(|u| {
                        let unit = Unit::new(format!("u{u}"));
                        match &groups[u] {
                            Some(g) if !g.trim().is_empty() => unit.with_group(g.trim()),
                            _ => unit,
                        }
                    })
                    .collect();
                let inds = (0..ni).map(|i| format!("ind,{i}")).collect();
                let periods = (0..np as i32).map(|k| p0 + 2 * k).collect();
                let present = cells.iter().map(Option::is_some).collect();
                let values = cells.iter().map(|v| v.unwrap_or(0.0)).collect();
                Panel::from_dense(units, inds, periods, values, present).unwrap()
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn long_csv_round_trip(p in panel_strategy()) {
        let text = write_long_csv_str(&p).unwrap();
        prop_assert_eq!(read_long_csv_str(&text, &CsvOptions::new()).unwrap(), p);
    }

    #[test]
    fn wide_csv_round_trip(p in panel_strategy()) {
        let text = write_wide_csv_str(&p).unwrap();
        prop_assert_eq!(read_wide_csv_str(&text, &CsvOptions::new()).unwrap(), p);
    }
}
