//! The paper example's elasticity section: §1 (product quality structure) and §2 (industry quality
//! structure), computed by `mfg-quality-elasticity` from the embedded paper dataset, plus a clearly labelled
//! synthetic illustration of the §2 method (the paper prints only bounds, not the underlying trade data).

use std::collections::HashMap;
use std::path::Path;

use mfg_quality::elasticity::prelude::*;
use mfg_quality::elasticity::segments::SegmentShares;
use mfg_quality::elasticity::structure::classes_of;
use mfg_quality::indicators::paper::{self, ShareBound};
use mfg_quality_examples::heading;

/// Prints this section and writes `elasticity_unit_value_gaps.csv` to `out`.
pub fn run(out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let data = paper::dataset();

    // §1 unit values and volume/value: the indicators section above prints them in full; here the same ratios
    // are recomputed by this crate's `gap_ratio` as a cross-check, and written to a CSV.
    heading(
        "§1 Unit-value gaps and volume vs value, recomputed by the elasticity crate",
        "unit values, tonnes and value ratio: paper sec 1(1) via the embedded paper dataset; ratios by \
         elasticity::unit_value::gap_ratio (same figures as the table above)",
    );
    let mut csv = String::from(
        "product_group,reference,reference_usd_per_kg,cn_usd_per_kg,gap_ratio,source\n",
    );
    let mut gaps = Vec::new();
    let uvs = data.export_unit_values();
    for cn in uvs.iter().filter(|r| r.country == "CN") {
        for other in uvs
            .iter()
            .filter(|r| r.product_group == cn.product_group && r.country != "CN")
        {
            let g = gap_ratio(other.usd_per_kg, cn.usd_per_kg)?;
            gaps.push(format!(
                "{}/CN {g:.2} ({})",
                other.country, cn.product_group
            ));
            csv.push_str(&format!(
                "{},{},{},{},{g},{}\n",
                cn.product_group, other.country, other.usd_per_kg, cn.usd_per_kg, cn.source
            ));
        }
    }
    std::fs::write(out.join("elasticity_unit_value_gaps.csv"), csv)?;
    println!("   gaps: {}", gaps.join(", "));
    let vv = data.volume_value_2015();
    let tonnes = gap_ratio(vv.cn_tonnes, vv.de_tonnes)?;
    println!(
        "   volume vs value: tonnes {:.2}× (printed {:.2}), value {:.2}× ⇒ CN value per tonne {:.2} of DE's",
        tonnes,
        vv.printed_tonnes_ratio,
        vv.printed_value_ratio,
        gap_ratio(vv.printed_value_ratio, tonnes)?
    );

    heading(
        "§1 Export quality structure, 2015 (value shares; α = 0.15 segments of Fontagné-Gaulier-Zignago)",
        "high/low: paper sec 1(1); medium = 1 − high − low by elasticity::segments::SegmentShares::from_high_low",
    );
    for r in data.export_quality_structure() {
        let s = SegmentShares::from_high_low(
            r.high_quality_share_pct / 100.0,
            r.low_quality_share_pct / 100.0,
        )?;
        println!(
            "   {} {}: high {:>5.2} %  medium {:>5.2} % (remainder)  low {:>5.2} %",
            r.country,
            r.year,
            100.0 * s.high,
            100.0 * s.medium,
            100.0 * s.low
        );
    }

    heading(
        "§2 Quality-sensitive industries' share of manufacturing (published bounds)",
        "paper sec 2(2), citing European research (Aiginger/WIFO; EU Competitiveness Report 2010)",
    );
    for r in data.quality_sensitive_shares() {
        let op = match r.bound {
            ShareBound::GreaterThan => ">",
            ShareBound::LessThan => "<",
        };
        println!("   {}: {op} {} %", r.country, r.share_pct);
    }

    // Synthetic illustration of the §2 method.
    let world = generate(&SyntheticConfig::small(2026))?;
    let cells = world.flows.cells();
    let map = world.concordance.map_products(cells.products())?;
    let uv = unit_values(&cells, &Reference::default())?;
    let period = PooledPeriod::new(2010, 2015);
    let est = estimate(
        &cells,
        &uv,
        &map,
        std::slice::from_ref(&period),
        &ElasticityParams::default(),
    )?;
    let classes = classes_of(&est, &period.label);
    heading(
        "§2 The method on SYNTHETIC data (not the paper's countries)",
        "synthetic::generate(SyntheticConfig::small(2026)); classes by quality_elasticity::estimate; shares by \
         structure::export_class_shares (2015 manufacturing exports)",
    );
    let mut n_class: HashMap<QualityClass, usize> = HashMap::new();
    for c in classes.values() {
        *n_class.entry(*c).or_default() += 1;
    }
    println!(
        "   industries: {} quality-sensitive, {} neutral, {} price-sensitive (true: 3 / 3 / 3)",
        n_class.get(&QualityClass::QualitySensitive).unwrap_or(&0),
        n_class.get(&QualityClass::Neutral).unwrap_or(&0),
        n_class.get(&QualityClass::PriceSensitive).unwrap_or(&0)
    );
    let shares = export_class_shares(&cells, &map, &classes);
    let s2015: Vec<_> = shares.iter().filter(|r| r.1 == 2015).collect();
    let above = s2015
        .iter()
        .filter(|r| r.2.quality_sensitive > 0.40)
        .count();
    let below = s2015
        .iter()
        .filter(|r| r.2.quality_sensitive < 0.17)
        .count();
    let (lo, hi) = s2015.iter().fold((f64::INFINITY, 0.0f64), |(a, b), r| {
        (a.min(r.2.quality_sensitive), b.max(r.2.quality_sensitive))
    });
    println!(
        "   synthetic countries: quality-sensitive share from {:.1} % to {:.1} %; {} of {} above 40 %, {} below 17 %",
        100.0 * lo,
        100.0 * hi,
        above,
        s2015.len(),
        below
    );
    Ok(())
}
