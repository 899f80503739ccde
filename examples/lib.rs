//! Shared helpers for the mfg-quality examples: command-line output directory and table printing.
#![deny(missing_docs)]

use std::path::PathBuf;

/// The directory given by `--out DIR` (or `--out=DIR`) on the command line, else `default`; created if absent.
///
/// # Errors
/// If the directory cannot be created.
pub fn out_dir(default: &str) -> std::io::Result<PathBuf> {
    let args: Vec<String> = std::env::args().collect();
    let mut dir = PathBuf::from(default);
    let mut i = 1;
    while i < args.len() {
        if args[i] == "--out" {
            if let Some(d) = args.get(i + 1) {
                dir = PathBuf::from(d);
            }
            i += 1;
        } else if let Some(d) = args[i].strip_prefix("--out=") {
            dir = PathBuf::from(d);
        }
        i += 1;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Prints a section heading with the source of its numbers.
pub fn heading(title: &str, source: &str) {
    println!();
    println!("== {title}");
    println!("   source: {source}");
}

/// The seeded generator every example's synthetic data comes from: ChaCha8 (`rand_chacha`), so a synthetic
/// panel is the same on every machine and in every run.
pub fn seeded_rng(seed: u64) -> rand_chacha::ChaCha8Rng {
    use rand::SeedableRng;
    rand_chacha::ChaCha8Rng::seed_from_u64(seed)
}

/// A uniform draw from [0, 1).
pub fn uniform(rng: &mut rand_chacha::ChaCha8Rng) -> f64 {
    use rand::Rng;
    rng.random::<f64>()
}

/// A standard normal draw (`rand_distr::StandardNormal`).
pub fn standard_normal(rng: &mut rand_chacha::ChaCha8Rng) -> f64 {
    use rand::Rng;
    rng.sample(rand_distr::StandardNormal)
}
