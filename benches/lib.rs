//! Shared helpers for the benchmarks (synthetic data generators).
