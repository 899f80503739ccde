//! `cargo run --release --example paper [-- --out DIR]`: reproduces the paper's figures and tables from the
//! library's own computations on the embedded paper dataset. Each block names its source.

mod composite;
mod elasticity;
mod indicators;
mod regional;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = mfg_quality_examples::out_dir("target/paper")?;
    indicators::run(&out)?;
    composite::run(&out)?;
    elasticity::run(&out)?;
    regional::run(&out)?;
    Ok(())
}
