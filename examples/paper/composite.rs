//! The paper example's composite section: the contribution analysis of China's Manufacturing Power Index
//! pillars (paper §3, Fig. 4), computed by `mfg-quality-composite` on the embedded paper dataset.
//!
//! The paper prints China's pillar scores for 2012–2015 (scale & development, quality & efficiency,
//! structure optimisation; the sustainable-development pillar is not printed) and says that in 2015 quality
//! & efficiency (12.62) is only 12.51 % of the composite. The composite is the sum of the pillar scores, so
//! each pillar's share is its score over the sum. The 2015 sustainable pillar is derived from the printed
//! share (`paper::dataset().implied_sustainable_2015()` ≈ 10.55); the 12.51 % check therefore verifies the
//! contribution arithmetic of `Results::contributions`, not an independent number of the paper.
//!
//! With equal weights, the pipeline's arithmetic mean is the sum divided by the number of pillars present,
//! and a pillar's share `w·s / mean` equals `s / sum`: exactly the paper's definition.

use std::path::Path;

use mfg_quality::composite::aggregate::Aggregation;
use mfg_quality::composite::normalise::Normalisation;
use mfg_quality::composite::pipeline::{MissingIndicatorPolicy, PipelineConfig};
use mfg_quality::indicators::catalogue::MPI_PILLARS;
use mfg_quality::indicators::{Framework, Indicator, NodeSpec, paper};
use mfg_quality_examples::heading;

/// Prints this section.
pub fn run(out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let data = paper::dataset();
    let mut panel = data.fig4_panel();
    let share = data.china_quality_share_2015();
    let year = share.year;
    let sustainable = MPI_PILLARS[3].0;
    let p = panel.require_period(year)?;
    let s = panel.require_indicator(sustainable)?;
    let u = panel.require_unit("CN")?;
    panel.set(u, s, p, Some(data.implied_sustainable_2015()))?;

    let framework = Framework::new(NodeSpec::group(
        "MPI",
        "Manufacturing Power Index",
        "制造强国综合指数",
        MPI_PILLARS
            .iter()
            .map(|(id, en, zh)| NodeSpec::leaf(Indicator::new(*id, *en, *zh)))
            .collect(),
    ))?;
    let mut config = PipelineConfig::new(framework);
    config.comment = Some("paper Fig. 4: China's MPI pillars, contribution analysis".into());
    config.normalisation = Normalisation::Identity; // the printed pillar scores are already scores
    config.aggregation = Aggregation::Arithmetic;
    // The sustainable-development pillar is first published for 2015: before, the index is the mean of
    // the pillars present, and the run says so.
    config.missing_indicator = MissingIndicatorPolicy::DropWithWarning;
    let results = config.run(&panel)?;
    for w in results.warnings() {
        println!("   note: {w}");
    }
    results.write_csv_path(out.join("composite_fig4_results.csv"))?;

    heading(
        "China's MPI pillars and their shares of the composite (paper Fig. 4, §3)",
        "pillar scores: paper Fig. 4 (2015 sustainable pillar derived from the printed 12.51 %); \
         shares computed by Results::contributions",
    );
    println!(
        "   {:<6} {:<24} {:>8} {:>9}",
        "year", "pillar", "score", "share %"
    );
    for &y in results.periods() {
        let contributions = results.contributions("CN", "MPI", y)?;
        let present = contributions.iter().filter(|c| c.score.is_some()).count();
        let sum: f64 = contributions.iter().filter_map(|c| c.score).sum();
        for c in &contributions {
            match c.score {
                Some(score) => println!(
                    "   {y:<6} {:<24} {:>8.2} {:>8.2}%",
                    c.child, score, c.share_percent
                ),
                None => println!("   {y:<6} {:<24} {:>8} {:>9}", c.child, "n/p", "-"),
            }
        }
        let note = if present == MPI_PILLARS.len() {
            "composite (sum of pillars)"
        } else {
            "sum of the printed pillars (shares are of this sum)"
        };
        println!("   {y:<6} {note}: {sum:.2}");
    }

    let quality = results
        .contributions("CN", "MPI", year)?
        .into_iter()
        .find(|c| c.child == share.pillar)
        .ok_or("no quality & efficiency pillar")?;
    let ok = (quality.share_percent - share.share_of_composite_pct).abs() <= 0.005;
    heading(
        "Check: quality & efficiency share of China's 2015 composite",
        &share.source,
    );
    println!(
        "   computed {:.4} %   printed {:.2} %   {}",
        quality.share_percent,
        share.share_of_composite_pct,
        if ok {
            "agrees (to the printed 2 decimals)"
        } else {
            "DIFFERS"
        }
    );

    heading(
        "Shortest plank",
        "computed by Results::strongest_weakest (by pillar score)",
    );
    for y in [year - 1, year] {
        if let Some(p) = results.strongest_weakest("CN", "MPI", y)? {
            println!(
                "   {y}: strongest {} ({:.2}), weakest {} ({:.2}){}",
                p.strongest.0,
                p.strongest.1,
                p.weakest.0,
                p.weakest.1,
                if y == year {
                    "  — with the derived sustainable pillar"
                } else {
                    "  — printed pillars only"
                }
            );
        }
    }
    println!(
        "   The paper calls quality & efficiency the lowest pillar; it is the lowest of the printed ones. The \
         sustainable pillar implied by the 12.51 % share ({:.2}) would be lower still.",
        data.implied_sustainable_2015()
    );
    if !ok {
        return Err("the quality & efficiency share differs from the printed 12.51 %".into());
    }
    Ok(())
}
