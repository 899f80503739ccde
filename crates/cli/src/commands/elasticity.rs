//! `mfgq elasticity`: a trade-flows file → unit values, quality segments, industry classes, class shares
//! and the shift-share decomposition of each country's high-quality share.

use mfg_quality::arrow::ArrowError;
use mfg_quality::elasticity::prelude::*;
use mfg_quality::elasticity::quality_elasticity::{InsufficientPolicy, Outcome};
use mfg_quality::elasticity::reader::{Aggregated, ColumnNames};
use mfg_quality::elasticity::unit_value::industry_unit_values;

use crate::cli::ElasticityArgs;
use crate::error::{CliError, Result};
use crate::io::{self, Cell, Table};
use crate::progress::Ui;

fn options(layout: CsvLayout) -> ReadOptions {
    ReadOptions {
        layout,
        ..ReadOptions::default()
    }
}

/// The BACI layout when the header has `t,i,j,k,v,q`, else the named layout.
fn csv_layout(header: &str) -> CsvLayout {
    let names: Vec<String> = header
        .split(',')
        .map(|h| h.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let baci = ColumnNames::baci();
    let all = [
        &baci.year,
        &baci.exporter,
        &baci.importer,
        &baci.product,
        &baci.value,
        &baci.quantity,
    ];
    if all.iter().all(|c| names.iter().any(|n| n == *c)) {
        CsvLayout::Baci
    } else {
        CsvLayout::Named(ColumnNames::default())
    }
}

fn read(args: &ElasticityArgs, ui: &Ui) -> Result<Aggregated> {
    let path = &args.flows;
    let label = path.display().to_string();
    if io::is_parquet(path) {
        return match mfg_quality::arrow::read_cells_parquet(path, &options(CsvLayout::Baci)) {
            Err(ArrowError::MissingColumn { .. }) => mfg_quality::arrow::read_cells_parquet(
                path,
                &options(CsvLayout::Named(ColumnNames::default())),
            ),
            other => other,
        }
        .map_err(|e| CliError::Input(format!("{label}: {e}")));
    }
    let layout = csv_layout(&io::header_line(path)?);
    let reader = io::open_counted(path, ui, "reading")?;
    let bar = reader.bar.clone();
    let cells = read_cells(reader, &options(layout))
        .map_err(|e| CliError::Input(format!("{label}: {e}")))?;
    bar.finish_and_clear();
    Ok(cells)
}

fn period(args: &ElasticityArgs, years: &[u16]) -> Result<PooledPeriod> {
    match &args.period {
        Some(p) => {
            let bad = || CliError::Usage(format!("--period must be FROM-TO or a year, got `{p}`"));
            let (a, b) = p.split_once('-').unwrap_or((p, p));
            let from: u16 = a.trim().parse().map_err(|_| bad())?;
            let to: u16 = b.trim().parse().map_err(|_| bad())?;
            if from > to {
                return Err(bad());
            }
            Ok(PooledPeriod::new(from, to))
        }
        None => match (years.first(), years.last()) {
            (Some(&a), Some(&b)) => Ok(PooledPeriod::new(a, b)),
            _ => Err(CliError::Input(format!(
                "{}: no flow was kept",
                args.flows.display()
            ))),
        },
    }
}

pub fn run(args: &ElasticityArgs, ui: &Ui) -> Result<()> {
    let agg = read(args, ui)?;
    let cells = agg.exports;
    let r = &agg.report;
    ui.say(format!(
        "{}: {} rows read, {} kept ({} skipped), {} exporter-product-year cells",
        args.flows.display(),
        r.rows_read,
        r.rows_kept,
        r.skipped(),
        cells.len()
    ));
    let mode = if args.lenient {
        Mode::Lenient
    } else {
        Mode::Strict
    };
    let concordance = match &args.concordance {
        Some(p) => {
            let f = std::fs::File::open(p)
                .map_err(|e| CliError::Input(format!("cannot read `{}`: {e}", p.display())))?;
            Concordance::read_csv(std::io::BufReader::new(f), mode)
                .map_err(|e| CliError::Input(format!("{}: {e}", p.display())))?
        }
        None => Concordance::hs_chapters(mode),
    };
    let map = concordance
        .map_products(cells.products())
        .map_err(CliError::input)?;
    let uv = unit_values(&cells, &Reference::default()).map_err(CliError::input)?;
    let out = &args.out;
    io::ensure_dir(out)?;
    let mut written = Vec::new();

    // Unit values per cell.
    let mut t = Table::new(&[
        "exporter",
        "product",
        "year",
        "value",
        "quantity",
        "unit_value",
        "reference",
        "relative_unit_value",
    ]);
    for i in 0..cells.len() {
        t.row([
            Cell::Str(cells.countries().name(cells.exporters()[i])),
            Cell::Str(cells.products().name(cells.product_ids()[i])),
            Cell::Int(cells.years()[i].into()),
            Cell::Num(cells.values()[i]),
            Cell::Num(cells.quantities()[i]),
            Cell::Num(uv.unit_value[i]),
            Cell::Opt((uv.reference[i] > 0.0).then_some(uv.reference[i])),
            Cell::Opt(uv.relative(i)),
        ]);
    }
    written.push(t.write(out, "unit_values.csv")?);

    // Unit values per industry.
    let mut t = Table::new(&[
        "exporter",
        "industry",
        "year",
        "value",
        "quantity",
        "unit_value",
        "value_weighted_unit_value",
        "relative_unit_value",
    ]);
    for r in industry_unit_values(&cells, &uv, &map) {
        t.row([
            Cell::Str(&r.exporter),
            Cell::Str(&r.industry),
            Cell::Int(r.year.into()),
            Cell::Num(r.value),
            Cell::Num(r.quantity),
            Cell::Num(r.unit_value),
            Cell::Num(r.value_weighted_unit_value),
            Cell::Opt(r.relative_unit_value),
        ]);
    }
    written.push(t.write(out, "industry_unit_values.csv")?);

    // Quality segments (Fontagné–Gaulier–Zignago 2008).
    let seg = segment_cells(&cells, &uv, &SegmentParams::default(), Some(&map))
        .map_err(CliError::input)?;
    written.push({
        let p = out.join("segments.csv");
        io::write_file(&p, seg.write_csv_str())?;
        p
    });

    // Industry quality elasticity and classes.
    let years = cells.year_list();
    let pooled = period(args, &years)?;
    let params = ElasticityParams::new(
        Response::LogMarketShare,
        0.05,
        0.0,
        0.0,
        5,
        InsufficientPolicy::NotClassified,
    )
    .map_err(CliError::input)?;
    let est = estimate(&cells, &uv, &map, std::slice::from_ref(&pooled), &params)
        .map_err(CliError::input)?;
    let mut t = Table::new(&[
        "industry",
        "period",
        "class",
        "slope",
        "std_error",
        "t",
        "p_value",
        "n",
        "exporters",
        "r_squared_within",
        "note",
    ]);
    for r in &est {
        match &r.outcome {
            Outcome::Classified { estimate: e, class } => t.row([
                Cell::Str(&r.industry),
                Cell::Str(&r.period),
                Cell::Str(class.label()),
                Cell::Num(e.slope),
                Cell::Num(e.std_error),
                Cell::Num(e.t),
                Cell::Num(e.p_value),
                Cell::Int(e.n as i64),
                Cell::Int(e.exporters as i64),
                Cell::Num(e.r_squared_within),
                Cell::Str(""),
            ]),
            Outcome::NotClassified { reason } => t.row([
                Cell::Str(&r.industry),
                Cell::Str(&r.period),
                Cell::Str("not classified"),
                Cell::Opt(None),
                Cell::Opt(None),
                Cell::Opt(None),
                Cell::Opt(None),
                Cell::Opt(None),
                Cell::Opt(None),
                Cell::Opt(None),
                Cell::Str(reason),
            ]),
        }
    }
    written.push(t.write(out, "industry_classes.csv")?);

    // Each country's export shares of the three classes.
    let classes = classes_of(&est, &pooled.label);
    let mut t = Table::new(&[
        "country",
        "year",
        "quality_sensitive",
        "neutral",
        "price_sensitive",
        "not_classified",
        "total_value",
    ]);
    for (c, y, s) in export_class_shares(&cells, &map, &classes) {
        t.row([
            Cell::Str(&c),
            Cell::Int(y.into()),
            Cell::Num(s.quality_sensitive),
            Cell::Num(s.neutral),
            Cell::Num(s.price_sensitive),
            Cell::Num(s.not_classified),
            Cell::Num(s.total),
        ]);
    }
    written.push(t.write(out, "class_shares.csv")?);

    // Shift-share of the high-quality share, first year → last year.
    let mut t = Table::new(&[
        "country",
        "from",
        "to",
        "high_share_from",
        "high_share_to",
        "change",
        "within",
        "between",
        "interaction",
    ]);
    let mut skipped = 0usize;
    if let (Some(&y0), Some(&y1)) = (years.first(), years.last())
        && y0 < y1
    {
        for c in cells.countries().names() {
            let (Some(b0), Some(b1)) =
                (seg.industry_breakdown(c, y0), seg.industry_breakdown(c, y1))
            else {
                skipped += 1;
                continue;
            };
            let ids: Vec<&str> = b0.iter().map(|r| r.0.as_str()).collect();
            let col = |b: &[(String, f64, f64)], value: bool| -> Vec<f64> {
                b.iter().map(|r| if value { r.1 } else { r.2 }).collect()
            };
            match ShiftShare::from_values(
                &ids,
                &col(&b0, true),
                &col(&b1, true),
                &col(&b0, false),
                &col(&b1, false),
            ) {
                Ok(d) => t.row([
                    Cell::Str(c),
                    Cell::Int(y0.into()),
                    Cell::Int(y1.into()),
                    Cell::Num(d.aggregate_0),
                    Cell::Num(d.aggregate_1),
                    Cell::Num(d.change()),
                    Cell::Num(d.within),
                    Cell::Num(d.between),
                    Cell::Num(d.interaction),
                ]),
                Err(_) => skipped += 1,
            }
        }
    }
    written.push(t.write(out, "shift_share.csv")?);
    if skipped > 0 {
        ui.say(format!(
            "shift-share: {skipped} countries left out (no classified exports in the first or last year)"
        ));
    }
    for p in written {
        ui.say(format!("wrote {}", p.display()));
    }
    Ok(())
}
