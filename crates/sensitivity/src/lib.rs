//! Global sensitivity analysis of any model: a closure from a factor vector to one or more outputs.
//!
//! Nothing here is specific to composite indices; `mfg-quality-composite`'s uncertainty module analyses its
//! pipelines through this crate.
//!
//! # One result shape
//! Every method returns a [`SensitivityResult`]: the method, the factor and output names, and a list of
//! [`IndexEstimate`]s (factor, output, [`Measure`], estimate, optional confidence interval).
//! [`SensitivityResult::write_csv_str`] gives the tidy table (one row per factor × output × measure).
//!
//! # Methods on the unit hypercube
//! Samplers return row-major points of `[0, 1]^D` (sample `i` is `x[i*D .. (i+1)*D]`); map them through
//! marginals (or [`unit_cube::Bounds::scale`] for uniform factors), evaluate the model, and give the
//! analyser the matrix the model saw and its outputs (row-major `N × K` for `K` outputs). Every method also
//! has an `analyze_model` convenience that samples, evaluates a closure (in parallel with the `parallel`
//! feature) and analyses.
//!
//! | module | method | sample | measures |
//! |---|---|---|---|
//! | [`fast`] | eFAST (Saltelli, Tarantola & Chan 1999) | its own search curves | S1, ST |
//! | [`rbd_fast`] | RBD-FAST (Tarantola, Gatelli & Mara 2006; Plischke 2010) | any ([`lhs`]) | S1 |
//! | [`delta`] | δ (Borgonovo 2007; Plischke, Borgonovo & Smith 2013) | any ([`lhs`]) | δ, S1 |
//! | [`pawn`] | PAWN (Pianosi & Wagener 2015) | any ([`lhs`]) | KS min / mean / median / max / CV |
//! | [`lhs`] | Latin hypercube (McKay, Beckman & Conover 1979) | — | — |
//!
//! Each is checked against SALib fed the same sample matrices (`tests/data/`), and [`test_functions`]
//! holds the benchmark functions with analytic indices.
//!
//! # Errors
//! [`SensitivityError`]: bad settings are refused when a design is built; data-dependent failures (a
//! non-finite model output, naming the sample) when it is evaluated or analysed. `kind()` maps every variant
//! onto the workspace's shared [`ErrorKind`](mfg_quality_indicators::ErrorKind).

pub mod delta;
pub mod error;
pub mod fast;
pub mod lhs;
pub mod pawn;
pub mod rbd_fast;
pub mod result;
mod spectrum;
pub mod test_functions;
pub mod unit_cube;

pub use error::{Result, SensitivityError};
pub use result::{IndexEstimate, Interval, Measure, Method, SensitivityResult};
