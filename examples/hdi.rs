//! Example `hdi` (under construction).

fn main() {}
