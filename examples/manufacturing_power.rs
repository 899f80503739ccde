//! Example `manufacturing_power` (under construction).

fn main() {}
