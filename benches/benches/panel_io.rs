//! Benchmark `panel_io` (under construction).

fn main() {}
