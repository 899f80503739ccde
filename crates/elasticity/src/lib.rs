//! # mfg-quality-elasticity
//!
//! (Under construction.)
