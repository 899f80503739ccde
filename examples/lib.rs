//! Shared helpers for the examples (output directory handling).
