//! Example `robustness` (under construction).

fn main() {}
