//! Benchmark `sensitivity` (under construction).

fn main() {}
