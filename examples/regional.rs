//! Example `regional` (under construction).

fn main() {}
