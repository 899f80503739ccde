//! Benchmark `regional` (under construction).

fn main() {}
