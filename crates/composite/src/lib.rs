//! # mfg-quality-composite
//!
//! (Under construction.)
