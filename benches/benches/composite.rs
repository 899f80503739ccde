//! Benchmark `composite` (under construction).

fn main() {}
