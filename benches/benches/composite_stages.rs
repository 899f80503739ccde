//! Benchmark `composite_stages` (under construction).

fn main() {}
