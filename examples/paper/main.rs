//! Reproduces the paper's figures and tables (under construction).

fn main() {}
