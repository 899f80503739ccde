//! Benchmark `elasticity` (under construction).

fn main() {}
