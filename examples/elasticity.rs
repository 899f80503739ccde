//! Example `elasticity` (under construction).

fn main() {}
