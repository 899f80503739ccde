//! Benchmark `mcda` (under construction).

fn main() {}
