//! # mfg-quality-regional
//!
//! (Under construction.)
