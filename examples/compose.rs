//! Example `compose` (under construction).

fn main() {}
