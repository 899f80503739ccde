//! Morris elementary effects: screening of many factors with few model runs.
//!
//! # Elementary effects (Morris 1991; Campolongo, Cariboni & Saltelli 2007)
//! The unit hypercube is discretised into a grid of `p` levels `{0, 1/(p−1), …, 1}` per factor, with step
//! `Δ = p / (2(p − 1))`. A *trajectory* starts at a random grid point `x*` (each coordinate drawn from the
//! lower half of the levels, `{0, …, (p/2 − 1)/(p − 1)}`) and moves one factor at a time, in a random order
//! and direction, by `±Δ`: `D + 1` points, so `r` trajectories cost `r(D + 1)` runs (Morris' `B*` matrix,
//! as SALib's `morris.sample`). Each step gives one **elementary effect** of the factor that moved,
//! `EE_i = (f(x + Δ e_i) − f(x)) / Δ` (in the unit coordinates, as SALib). Over the `r` effects of factor
//! `i`:
//! - `μ_i = mean(EE_i)`, the mean effect (effects of opposite signs cancel);
//! - `μ*_i = mean(|EE_i|)`, the mean absolute effect (Campolongo et al. 2007), the screening measure;
//! - `σ_i = sd(EE_i)` (divisor `r − 1`), large for a factor that interacts or acts non-linearly;
//! - the bootstrap interval of `μ*`: `resamples` resamples of the `r` trajectories with replacement (resample
//!   `b` from a ChaCha8 stream `b`; a trajectory is the sampling unit, so one resample serves every factor),
//!   `μ* ± z_{1−α/2} sd(μ*_b)`, whose half-width is SALib's `mu_star_conf` (SALib resamples each factor's
//!   effects separately, with the same distribution per factor).
//!
//! `p` must be even (with an odd `p`, `Δ` is not a whole number of levels and the levels are not sampled
//! with equal probability, Morris 1991) and at least 2, and `r` at least 2 (σ needs two effects).
//!
//! # Optimised trajectories (Campolongo, Cariboni & Saltelli 2007)
//! To spread `r` trajectories over the space, draw `M > r` candidates and keep the `r` that maximise
//! `√(Σ_{m<l} d_ml²)`, with `d_ml = Σ_i Σ_j ‖X_i^(m) − X_j^(l)‖` the sum of the Euclidean distances between
//! the points of trajectories `m` and `l`. [`Optimisation::BruteForce`] tries every combination
//! (SALib's `local_optimization=False`; refused above [`MAX_COMBINATIONS`]);
//! [`Optimisation::Elimination`] starts from all `M` and repeatedly drops the candidate whose removal
//! keeps the largest spread (Ruano, Ocampo & Jordán 2012), `O(M³)`, for large `M`.
//!
//! # Groups of factors (Campolongo, Cariboni & Saltelli 2007, § 3)
//! [`MorrisDesign::grouped`] takes factors that span several coordinates ([`SobolGroup`]): a trajectory
//! moves all the coordinates of a group in one step (each in its own random direction, from its own
//! random start), so `r` trajectories over `G` groups cost `r(G + 1)` runs instead of `r(D + 1)`.
//! Each coordinate's elementary effect is `±Δy / Δ` with the sign of its own move, and a group's `μ`, `μ*`
//! and `μ*` half-width are the means over its coordinates ([`MorrisGroupIndices`], SALib's `groups`);
//! `σ` is reported only for a group of one coordinate. [`analyse_groups`] analyses a SALib sample with
//! groups (any column-to-group membership).
//!
//! # Scaled elementary effects (Sin & Gernaey 2009)
//! With [`MorrisSettings::scaled`] (SALib's `scaled=True`) the effect divides by the step of the model
//! input itself and is scaled by the spreads over the trajectory:
//! `EE_i = ±Δy / dx_i · σ_{x_i} / σ_y`, `dx_i = max − min` of the input `x_i` over the trajectory and
//! `σ_{x_i}`, `σ_y` the population standard deviations of the input and of the output over the trajectory's
//! points (0 where `σ_y = 0`). The effects become unit-free, comparable across outputs of different
//! scales; the ranking by `μ*` is usually that of the unscaled effects. [`analyse_trajectories_scaled`]
//! analyses a SALib sample so.
//!
//! # Radial design (Campolongo, Saltelli & Cariboni 2011)
//! `r` base points `a_k` (dimensions `0..D` of row `k` of an Owen-scrambled Sobol sequence) and auxiliary
//! points `b_k` (dimensions `D..2D` of row `k + shift`, `shift = 4` as in the paper and SALib's
//! `radial_sobol`); radial `k` is `a_k` then, for each factor `i`, `a_k` with coordinate `i` set to
//! `b_k,i`: `r(D + 1)` runs. `EE_i = (f(a_k) − f(a_k^(i))) / (x_i(a_k) − x_i(b_k))` in the model's input
//! units (SALib's `radial_ee`).
//!
//! # Example
//! ```
//! use mfg_quality_sensitivity::morris::{MorrisDesign, MorrisSettings};
//! use mfg_quality_sensitivity::sobol::SobolInput;
//! use mfg_quality_sensitivity::Marginal;
//!
//! let inputs = (0..4).map(|i| SobolInput::new(format!("x{i}"), Marginal::default())).collect();
//! let design = MorrisDesign::trajectories(inputs, MorrisSettings { trajectories: 20, ..Default::default() })?;
//! let m = design.run(|x| x[0] + 4.0 * x[1] + x[2] * x[3])?;
//! assert!((m.mu_star[1] - 4.0).abs() < 1e-9); // a linear factor's effect is its slope
//! assert!(m.mu_star[1] > m.mu_star[0] && m.sigma[0] < 1e-9);
//! let table = m.to_result("y").write_csv_str();
//! assert!(table.contains("mu_star"));
//! # Ok::<(), mfg_quality_sensitivity::SensitivityError>(())
//! ```
//!
//! # References
//! - Morris, M. D. (1991). Factorial sampling plans for preliminary computational experiments.
//!   *Technometrics* 33(2), 161–174.
//! - Campolongo, F., Cariboni, J., Saltelli, A. (2007). An effective screening design for sensitivity
//!   analysis of large models. *Environmental Modelling & Software* 22(10), 1509–1518.
//! - Campolongo, F., Saltelli, A., Cariboni, J. (2011). From screening to quantitative sensitivity
//!   analysis. A unified approach. *Computer Physics Communications* 182(4), 978–988.
//! - Ruano, M. V., Ribes, J., Seco, A., Ferrer, J. (2012). An improved sampling strategy based on
//!   trajectory design for application of the Morris method. *Environmental Modelling & Software* 37.
//! - Sin, G., Gernaey, K. V. (2009). Improving the Morris method for sensitivity analysis by scaling the
//!   elementary effects. *Computer Aided Chemical Engineering* 26 (ESCAPE 19), 925–930.
//! - Herman, J., Usher, W. (2017). SALib: an open-source Python library for sensitivity analysis. *JOSS* 2(9).

use std::convert::Infallible;
use std::fmt;
use std::ops::Range;

use mfg_quality_indicators::stats::{self, VarianceKind};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::marginal::Mapper;
use crate::parallel::{Control, Stop, map_indexed, run_chunks, run_into};
use crate::result::{IndexEstimate, Interval, Measure, Method, SensitivityResult};
use crate::sobol::{SobolGroup, SobolInput};
use crate::{Result, SensitivityError};

mod groups;
pub use groups::MorrisGroupIndices;
use groups::{Scale, grouped_effects, replay_conf};

/// The most combinations [`Optimisation::BruteForce`] will try (`C(M, r)`).
pub const MAX_COMBINATIONS: u64 = 10_000_000;

/// How `r` trajectories are chosen among `candidates` (see the [module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Optimisation {
    /// Every combination of `r` among the candidates (Campolongo et al. 2007; SALib's brute force).
    BruteForce {
        /// The number `M` of candidate trajectories (> r).
        candidates: usize,
    },
    /// Backward elimination of the least spreading candidate (Ruano et al. 2012).
    Elimination {
        /// The number `M` of candidate trajectories (> r).
        candidates: usize,
    },
}

/// The bootstrap of the `μ*` interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MorrisBootstrap {
    /// Resamples of the elementary effects; 0 disables the interval. Default 100 (SALib's
    /// `num_resamples`).
    pub resamples: usize,
    /// Confidence level in (0, 1). Default 0.95.
    pub confidence: f64,
    /// Seed (ChaCha8, one stream per resample). Default 0.
    pub seed: u64,
}

impl Default for MorrisBootstrap {
    fn default() -> Self {
        Self {
            resamples: 100,
            confidence: 0.95,
            seed: 0,
        }
    }
}

/// Settings of a Morris trajectory design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MorrisSettings {
    /// The number `r` of trajectories (≥ 2). Default 10.
    pub trajectories: usize,
    /// The number `p` of grid levels (even, ≥ 2). Default 4.
    pub levels: usize,
    /// Choose the trajectories among more candidates (Campolongo et al. 2007). Default none.
    pub optimise: Option<Optimisation>,
    /// Seed of the trajectories (ChaCha8). Default 0.
    pub seed: u64,
    /// Scaled elementary effects (Sin & Gernaey 2009; SALib's `scaled=True`, see the
    /// [module docs](self)). Default false.
    pub scaled: bool,
    /// The `μ*` interval.
    pub bootstrap: MorrisBootstrap,
}

impl Default for MorrisSettings {
    fn default() -> Self {
        Self {
            trajectories: 10,
            levels: 4,
            optimise: None,
            seed: 0,
            scaled: false,
            bootstrap: MorrisBootstrap::default(),
        }
    }
}

/// Settings of a radial design (Campolongo, Saltelli & Cariboni 2011).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RadialSettings {
    /// The number `r` of radial points (≥ 2). Default 10.
    pub radials: usize,
    /// The row shift between a base point and its auxiliary point. Default 4 (the paper's, SALib's).
    pub shift: usize,
    /// Seed of the Owen scrambling. Default 0.
    pub seed: u32,
    /// The `μ*` interval.
    pub bootstrap: MorrisBootstrap,
}

impl Default for RadialSettings {
    fn default() -> Self {
        Self {
            radials: 10,
            shift: 4,
            seed: 0,
            bootstrap: MorrisBootstrap::default(),
        }
    }
}

/// The layout of a [`MorrisDesign`].
#[derive(Debug, Clone, Copy, PartialEq)]
enum Layout {
    /// Trajectories on a `levels`-level grid with step `delta`, scaled effects or not.
    Trajectories {
        levels: usize,
        delta: f64,
        scaled: bool,
    },
    /// Radial points.
    Radial,
}

/// A validated Morris design: its points on the unit hypercube and the factors' marginals.
#[derive(Debug, Clone)]
pub struct MorrisDesign {
    /// Coordinate names.
    names: Vec<String>,
    /// Group names (the coordinate names without groups).
    group_names: Vec<String>,
    /// The group of each coordinate.
    membership: Vec<usize>,
    /// The coordinates of each group.
    members: Vec<Range<usize>>,
    unit: Vec<f64>,
    /// The mapped points; empty when every marginal is U(0, 1) (`identity`), the points being `unit`.
    points: Vec<f64>,
    identity: bool,
    layout: Layout,
    bootstrap: MorrisBootstrap,
}

/// The checked factors: coordinate names, group names, the coordinates of each group, the mappers.
struct Checked {
    names: Vec<String>,
    group_names: Vec<String>,
    members: Vec<Range<usize>>,
    mappers: Vec<Mapper>,
}

fn singletons(inputs: Vec<SobolInput>) -> Vec<SobolGroup> {
    inputs
        .into_iter()
        .map(|i| SobolGroup {
            name: i.name,
            marginals: vec![i.marginal],
        })
        .collect()
}

fn check_groups(factors: &[SobolGroup]) -> Result<Checked> {
    if factors.is_empty() {
        return Err(SensitivityError::TooFew {
            method: "morris",
            what: "factors",
            needed: 1,
            got: 0,
            reason: "an analysis needs a factor",
        });
    }
    let mut c = Checked {
        names: Vec::new(),
        group_names: Vec::with_capacity(factors.len()),
        members: Vec::with_capacity(factors.len()),
        mappers: Vec::new(),
    };
    for f in factors {
        if c.group_names.contains(&f.name) {
            return Err(SensitivityError::InvalidFactor {
                factor: f.name.clone(),
                reason: "duplicate factor name".into(),
            });
        }
        if f.marginals.is_empty() {
            return Err(SensitivityError::InvalidFactor {
                factor: f.name.clone(),
                reason: "a factor needs at least one coordinate".into(),
            });
        }
        let start = c.mappers.len();
        for (j, m) in f.marginals.iter().enumerate() {
            c.mappers.push(Mapper::new(m, &f.name)?);
            c.names.push(if f.marginals.len() == 1 {
                f.name.clone()
            } else {
                format!("{}[{j}]", f.name)
            });
        }
        c.members.push(start..c.mappers.len());
        c.group_names.push(f.name.clone());
    }
    Ok(c)
}

fn check_bootstrap(b: &MorrisBootstrap) -> Result<()> {
    if !(b.confidence > 0.0 && b.confidence < 1.0) {
        return Err(SensitivityError::InvalidParameter {
            method: "morris",
            parameter: "confidence",
            reason: format!("must be in (0, 1), got {}", b.confidence),
        });
    }
    Ok(())
}

fn too_few_trajectories(what: &'static str, got: usize) -> Result<()> {
    if got < 2 {
        return Err(SensitivityError::TooFew {
            method: "morris",
            what,
            needed: 2,
            got,
            reason: "sigma (the sd of the elementary effects) needs at least two effects per factor",
        });
    }
    Ok(())
}

/// Checks `p` and returns `Δ = p / (2(p − 1))`.
fn check_levels(p: usize) -> Result<f64> {
    if p < 2 {
        return Err(SensitivityError::TooFew {
            method: "morris",
            what: "levels p",
            needed: 2,
            got: p,
            reason: "a grid needs two levels for a step to exist",
        });
    }
    if p % 2 == 1 {
        return Err(SensitivityError::InvalidParameter {
            method: "morris",
            parameter: "levels",
            reason: format!(
                "p must be even, got {p}: with an odd p the step p/(2(p-1)) is not a whole number of levels and the levels are not drawn with equal probability (Morris 1991)"
            ),
        });
    }
    Ok(p as f64 / (2.0 * (p as f64 - 1.0)))
}

/// One trajectory of `G + 1` points (row-major, `D` columns) on the `p`-level grid: a random start and
/// direction per coordinate, the groups moved in a random order, all the coordinates of a group in one
/// step (Morris' `B*` matrix with groups, as SALib's `morris.sample`). Without groups (`G = D`) this is
/// Morris 1991's trajectory.
fn trajectory(
    members: &[Range<usize>],
    p: usize,
    delta: f64,
    rng: &mut ChaCha8Rng,
    out: &mut Vec<f64>,
) {
    let d = members.last().map_or(0, |m| m.end);
    let half = p / 2;
    let start: Vec<f64> = (0..d)
        .map(|_| rng.random_range(0..half) as f64 / (p as f64 - 1.0))
        .collect();
    let up: Vec<bool> = (0..d).map(|_| rng.random_bool(0.5)).collect();
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.shuffle(rng);
    let mut x: Vec<f64> = start
        .iter()
        .zip(&up)
        .map(|(s, u)| if *u { *s } else { s + delta })
        .collect();
    out.extend_from_slice(&x);
    for &g in &order {
        for i in members[g].clone() {
            x[i] += if up[i] { delta } else { -delta };
        }
        out.extend_from_slice(&x);
    }
}

/// `count` trajectories, one after another (row-major).
fn trajectories(
    members: &[Range<usize>],
    count: usize,
    p: usize,
    delta: f64,
    rng: &mut ChaCha8Rng,
) -> Vec<f64> {
    let d = members.last().map_or(0, |m| m.end);
    let mut out = Vec::with_capacity(count * (members.len() + 1) * d);
    for _ in 0..count {
        trajectory(members, p, delta, rng, &mut out);
    }
    out
}

/// The spread distance `d_ml` between trajectories `m` and `l` (each `(D + 1) × D`, row-major).
fn trajectory_distance(m: &[f64], l: &[f64], d: usize) -> f64 {
    let mut s = 0.0;
    for a in m.chunks(d) {
        for b in l.chunks(d) {
            s += a
                .iter()
                .zip(b)
                .map(|(x, y)| (x - y) * (x - y))
                .sum::<f64>()
                .sqrt();
        }
    }
    s
}

fn binomial(n: usize, k: usize) -> u64 {
    let k = k.min(n - k);
    let mut c: u128 = 1;
    for i in 0..k {
        c = c * (n - i) as u128 / (i + 1) as u128;
        if c > u128::from(u64::MAX) {
            return u64::MAX;
        }
    }
    c as u64
}

/// Chooses `r` of the candidate trajectories in `unit` (`M` trajectories of `D + 1` points, row-major
/// `M(D + 1) × D`) that maximise Campolongo's spread `√(Σ_{m<l} d_ml²)`, by `method`'s algorithm (the
/// `candidates` field is ignored: `M` comes from `unit`). Returns the chosen 0-based candidates, ascending.
///
/// # Errors
/// [`SensitivityError::DimensionMismatch`] if `unit` is not a whole number of trajectories;
/// [`SensitivityError::InvalidParameter`] unless `2 ≤ r < M`; [`SensitivityError::TooLarge`] for a brute
/// force over more than [`MAX_COMBINATIONS`].
pub fn select_trajectories(
    unit: &[f64],
    d: usize,
    r: usize,
    method: Optimisation,
) -> Result<Vec<usize>> {
    select(unit, d, d + 1, r, method)
}

/// [`select_trajectories`] for trajectories over `groups` groups of factors (`G + 1` points each, row-major
/// `M(G + 1) × D`; SALib's optimisation with `num_groups`).
///
/// # Errors
/// As [`select_trajectories`], and [`SensitivityError::InvalidParameter`] for no group or more groups than
/// coordinates.
pub fn select_group_trajectories(
    unit: &[f64],
    d: usize,
    groups: usize,
    r: usize,
    method: Optimisation,
) -> Result<Vec<usize>> {
    if groups == 0 || groups > d {
        return Err(SensitivityError::InvalidParameter {
            method: "morris",
            parameter: "groups",
            reason: format!("need between 1 and D = {d} groups, got {groups}"),
        });
    }
    select(unit, d, groups + 1, r, method)
}

fn select(
    unit: &[f64],
    d: usize,
    points: usize,
    r: usize,
    method: Optimisation,
) -> Result<Vec<usize>> {
    let size = points * d;
    if d == 0 || !unit.len().is_multiple_of(size) {
        return Err(SensitivityError::DimensionMismatch {
            method: "morris",
            what: "candidate trajectories (M x (G + 1) x D values)",
            expected: size * (unit.len() / size.max(1)).max(1),
            got: unit.len(),
        });
    }
    let m = unit.len() / size;
    too_few_trajectories("trajectories", r)?;
    if r >= m {
        return Err(SensitivityError::InvalidParameter {
            method: "morris",
            parameter: "candidates",
            reason: format!("need more candidates than trajectories to choose ({r}), got {m}"),
        });
    }
    let traj = |k: usize| &unit[k * size..(k + 1) * size];
    let dist: Vec<Vec<f64>> = map_indexed(m, |a| {
        (0..m)
            .map(|b| {
                if a == b {
                    0.0
                } else {
                    trajectory_distance(traj(a), traj(b), d)
                }
            })
            .collect()
    });
    let d2 = |a: usize, b: usize| dist[a][b] * dist[a][b];
    match method {
        Optimisation::BruteForce { .. } => {
            let combos = binomial(m, r);
            if combos > MAX_COMBINATIONS {
                return Err(SensitivityError::TooLarge {
                    method: "morris",
                    what: "combinations of candidate trajectories (brute force)",
                    limit: MAX_COMBINATIONS as usize,
                    n: combos.min(usize::MAX as u64) as usize,
                });
            }
            // Lexicographic enumeration; the first maximum wins.
            let mut idx: Vec<usize> = (0..r).collect();
            let mut best = (f64::NEG_INFINITY, idx.clone());
            loop {
                let mut s = 0.0;
                for a in 0..r {
                    for b in a + 1..r {
                        s += d2(idx[a], idx[b]);
                    }
                }
                if s > best.0 {
                    best = (s, idx.clone());
                }
                // next combination
                let mut k = r;
                while k > 0 && idx[k - 1] == m - r + k - 1 {
                    k -= 1;
                }
                if k == 0 {
                    break;
                }
                idx[k - 1] += 1;
                for j in k..r {
                    idx[j] = idx[j - 1] + 1;
                }
            }
            Ok(best.1)
        }
        Optimisation::Elimination { .. } => {
            let mut keep: Vec<usize> = (0..m).collect();
            // contribution of each kept candidate to Σ d²
            while keep.len() > r {
                let (pos, _) = keep
                    .iter()
                    .enumerate()
                    .map(|(p, &a)| (p, keep.iter().map(|&b| d2(a, b)).sum::<f64>()))
                    .fold(
                        (0, f64::INFINITY),
                        |acc, (p, c)| {
                            if c < acc.1 { (p, c) } else { acc }
                        },
                    );
                keep.remove(pos);
            }
            Ok(keep)
        }
    }
}

impl MorrisDesign {
    /// A trajectory design (Morris 1991), optionally optimised (Campolongo et al. 2007).
    ///
    /// # Errors
    /// [`SensitivityError::TooFew`] with no factor, fewer than 2 trajectories or 2 levels;
    /// [`SensitivityError::InvalidParameter`] for an odd number of levels, a confidence level outside
    /// (0, 1) or no more candidates than trajectories; [`SensitivityError::TooLarge`] for a brute force
    /// over more than [`MAX_COMBINATIONS`]; the marginals' errors ([`Mapper::new`]) and
    /// [`SensitivityError::InvalidFactor`] for a duplicate name.
    pub fn trajectories(inputs: Vec<SobolInput>, settings: MorrisSettings) -> Result<Self> {
        Self::grouped(singletons(inputs), settings)
    }

    /// A trajectory design over groups of factors (Campolongo, Cariboni & Saltelli 2007; SALib's `groups`):
    /// factor `g` spans `factors[g].marginals.len()` coordinates that move together, so each trajectory has
    /// `G + 1` points. Coordinates are numbered in order (factor 0's first); a coordinate of a group of
    /// several is named `name[j]`. Analyse with [`MorrisDesign::analyse_groups`]; with one coordinate per
    /// factor this is [`MorrisDesign::trajectories`].
    ///
    /// # Errors
    /// As [`MorrisDesign::trajectories`], and [`SensitivityError::InvalidFactor`] for a factor with no
    /// coordinate.
    pub fn grouped(factors: Vec<SobolGroup>, settings: MorrisSettings) -> Result<Self> {
        let c = check_groups(&factors)?;
        let delta = check_levels(settings.levels)?;
        too_few_trajectories("trajectories", settings.trajectories)?;
        check_bootstrap(&settings.bootstrap)?;
        let d = c.names.len();
        let points = c.members.len() + 1;
        let p = settings.levels;
        let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
        let unit: Vec<f64> = match settings.optimise {
            None => trajectories(&c.members, settings.trajectories, p, delta, &mut rng),
            Some(opt) => {
                let m = match opt {
                    Optimisation::BruteForce { candidates } => candidates,
                    Optimisation::Elimination { candidates } => candidates,
                };
                let cand = trajectories(&c.members, m, p, delta, &mut rng);
                let chosen = select(&cand, d, points, settings.trajectories, opt)?;
                let size = points * d;
                chosen
                    .iter()
                    .flat_map(|&k| cand[k * size..(k + 1) * size].iter().copied())
                    .collect()
            }
        };
        Ok(Self {
            points: map_points(&unit, &c.mappers),
            identity: is_identity(&c.mappers),
            membership: membership(&c.members),
            names: c.names,
            group_names: c.group_names,
            members: c.members,
            unit,
            layout: Layout::Trajectories {
                levels: p,
                delta,
                scaled: settings.scaled,
            },
            bootstrap: settings.bootstrap,
        })
    }

    /// A radial design (Campolongo, Saltelli & Cariboni 2011) on an Owen-scrambled Sobol sequence.
    ///
    /// # Errors
    /// [`SensitivityError::TooFew`] with no factor or fewer than 2 radials; [`SensitivityError::TooLarge`]
    /// beyond the sequence (`2D > 256`, `radials + shift > 2^16`);
    /// [`SensitivityError::InvalidParameter`] for a confidence level outside (0, 1); the marginals' errors.
    pub fn radial(inputs: Vec<SobolInput>, settings: RadialSettings) -> Result<Self> {
        let Checked {
            names,
            group_names,
            members,
            mappers,
        } = check_groups(&singletons(inputs))?;
        too_few_trajectories("radial points", settings.radials)?;
        check_bootstrap(&settings.bootstrap)?;
        let d = names.len();
        if 2 * d > crate::sobol::MAX_DIMENSIONS {
            return Err(SensitivityError::TooLarge {
                method: "morris",
                what: "dimensions of the Sobol sequence (2 x the number of factors)",
                limit: crate::sobol::MAX_DIMENSIONS,
                n: 2 * d,
            });
        }
        let rows = settings.radials + settings.shift;
        if rows > crate::sobol::POINTS_PER_SEQUENCE {
            return Err(SensitivityError::TooLarge {
                method: "morris",
                what: "rows of the Sobol sequence (radials + shift)",
                limit: crate::sobol::POINTS_PER_SEQUENCE,
                n: rows,
            });
        }
        // Dimensions 0..D of a row and D..2D of another, four at a time from the sequence.
        let coords = |row: usize, from: usize, out: &mut Vec<f64>| {
            out.clear();
            for block in from / 4..(from + d).div_ceil(4) {
                let v = sobol_burley::sample_4d(row as u32, block as u32, settings.seed);
                for (j, &x) in v.iter().enumerate() {
                    if (from..from + d).contains(&(block * 4 + j)) {
                        out.push(f64::from(x));
                    }
                }
            }
        };
        let mut unit = Vec::with_capacity(settings.radials * (d + 1) * d);
        let (mut a, mut b) = (Vec::with_capacity(d), Vec::with_capacity(d));
        for k in 0..settings.radials {
            coords(k, 0, &mut a);
            coords(k + settings.shift, d, &mut b);
            unit.extend_from_slice(&a);
            for i in 0..d {
                let start = unit.len();
                unit.extend_from_slice(&a);
                unit[start + i] = b[i];
            }
        }
        Ok(Self {
            points: map_points(&unit, &mappers),
            identity: is_identity(&mappers),
            membership: membership(&members),
            names,
            group_names,
            members,
            unit,
            layout: Layout::Radial,
            bootstrap: settings.bootstrap,
        })
    }

    /// Coordinate names, in order (the factor names without groups).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of coordinates `D` (the model's inputs).
    pub fn dimension(&self) -> usize {
        self.names.len()
    }

    /// Group names (the factor names without groups).
    pub fn groups(&self) -> &[String] {
        &self.group_names
    }

    /// The coordinates of each group.
    pub fn members(&self) -> &[Range<usize>] {
        &self.members
    }

    /// Number of model runs, `r(G + 1)` (`r(D + 1)` without groups).
    pub fn n_runs(&self) -> usize {
        self.unit.len() / self.dimension()
    }

    /// The design on the unit hypercube, row-major `n_runs × D`: trajectory (or radial) `k` is rows
    /// `k(G + 1)..(k + 1)(G + 1)`.
    pub fn unit_points(&self) -> &[f64] {
        &self.unit
    }

    /// The design mapped through the marginals (the model inputs), row-major `n_runs × D`.
    pub fn points(&self) -> &[f64] {
        if self.identity {
            &self.unit
        } else {
            &self.points
        }
    }

    /// Evaluates a scalar model on every row (mapped inputs), in design order (in parallel under the
    /// `parallel` feature; identical at any thread count).
    ///
    /// # Errors
    /// [`SensitivityError::NonFiniteOutput`] naming the first bad row; [`SensitivityError::Cancelled`].
    pub fn evaluate<F>(&self, model: F, control: Control<'_>) -> Result<Vec<f64>>
    where
        F: Fn(&[f64]) -> f64 + Sync,
    {
        let d = self.dimension();
        let runs = self.n_runs();
        let points = self.points();
        let mut y = vec![0.0; runs];
        run_into::<_, Infallible, _>(runs, 1, &mut y, control, |rows, out| {
            for (r, o) in rows.zip(out.iter_mut()) {
                *o = model(&points[r * d..(r + 1) * d]);
            }
            Ok(())
        })
        .map_err(stop_error)?;
        check_finite(&y, 1, points, d)?;
        Ok(y)
    }

    /// Evaluates an infallible vector-valued model, returning the outputs row-major and their number.
    ///
    /// # Errors
    /// [`SensitivityError::OutputLength`], [`SensitivityError::NonFiniteOutput`],
    /// [`SensitivityError::Cancelled`].
    pub fn evaluate_vec<F>(&self, model: F, control: Control<'_>) -> Result<(Vec<f64>, usize)>
    where
        F: Fn(&[f64]) -> Vec<f64> + Sync,
    {
        let d = self.dimension();
        let points = self.points();
        let rows: Vec<Vec<f64>> =
            run_chunks::<_, Infallible, _>(self.n_runs(), control, |r, out| {
                out.extend(r.map(|k| model(&points[k * d..(k + 1) * d])));
                Ok(())
            })
            .map_err(stop_error)?;
        let n_out = rows.first().map_or(0, Vec::len);
        let mut y = Vec::with_capacity(rows.len() * n_out);
        for (r, row) in rows.iter().enumerate() {
            if row.len() != n_out || n_out == 0 {
                return Err(SensitivityError::OutputLength {
                    sample: r,
                    expected: n_out.max(1),
                    got: row.len(),
                });
            }
            y.extend_from_slice(row);
        }
        check_finite(&y, n_out, points, d)?;
        Ok((y, n_out))
    }

    /// The indices of a scalar output `y` in design order, one per coordinate (for a grouped design each
    /// coordinate's own effects; [`MorrisDesign::analyse_groups`] gives the groups').
    ///
    /// # Errors
    /// [`SensitivityError::DimensionMismatch`] for a wrong length; [`SensitivityError::NonFiniteOutput`].
    pub fn analyse(&self, y: &[f64]) -> Result<MorrisIndices> {
        let d = self.dimension();
        let points = self.points();
        if y.len() != self.n_runs() {
            return Err(SensitivityError::DimensionMismatch {
                method: "morris",
                what: "model outputs",
                expected: self.n_runs(),
                got: y.len(),
            });
        }
        check_finite(y, 1, points, d)?;
        let effects = match self.layout {
            Layout::Trajectories { delta, scaled, .. } => {
                let sizes: Vec<usize> = self.members.iter().map(ExactSizeIterator::len).collect();
                let scale = if scaled {
                    Scale::Scaled
                } else {
                    Scale::Delta(delta)
                };
                grouped_effects(&self.unit, points, y, &self.membership, &sizes, scale)?
            }
            Layout::Radial => radial_effects(points, y, d),
        };
        Ok(summarise(
            self.names.clone(),
            effects,
            self.n_runs(),
            &self.bootstrap,
        ))
    }

    /// The indices of each group for a scalar output `y` in design order ([`MorrisGroupIndices`]; one
    /// group per factor without groups).
    ///
    /// # Errors
    /// As [`MorrisDesign::analyse`].
    pub fn analyse_groups(&self, y: &[f64]) -> Result<MorrisGroupIndices> {
        let factors = self.analyse(y)?;
        Ok(MorrisGroupIndices::from_factors(
            self.group_names.clone(),
            &self.membership,
            factors,
        ))
    }

    /// Samples, evaluates and analyses a scalar model by groups.
    ///
    /// # Errors
    /// As [`MorrisDesign::evaluate`] and [`MorrisDesign::analyse`].
    pub fn run_groups<F>(&self, model: F) -> Result<MorrisGroupIndices>
    where
        F: Fn(&[f64]) -> f64 + Sync,
    {
        let y = self.evaluate(model, Control::default())?;
        self.analyse_groups(&y)
    }

    /// The indices of each output of a row-major `y` (`n_runs × n_outputs`).
    ///
    /// # Errors
    /// As [`MorrisDesign::analyse`].
    pub fn analyse_multi(&self, y: &[f64], n_outputs: usize) -> Result<Vec<MorrisIndices>> {
        if n_outputs == 0 || y.len() != self.n_runs() * n_outputs {
            return Err(SensitivityError::DimensionMismatch {
                method: "morris",
                what: "model outputs (runs x outputs)",
                expected: self.n_runs() * n_outputs.max(1),
                got: y.len(),
            });
        }
        (0..n_outputs)
            .map(|k| {
                let col: Vec<f64> = y.iter().skip(k).step_by(n_outputs).copied().collect();
                self.analyse(&col)
            })
            .collect()
    }

    /// Samples, evaluates and analyses a scalar model.
    ///
    /// # Errors
    /// As [`MorrisDesign::evaluate`] and [`MorrisDesign::analyse`].
    pub fn run<F>(&self, model: F) -> Result<MorrisIndices>
    where
        F: Fn(&[f64]) -> f64 + Sync,
    {
        let y = self.evaluate(model, Control::default())?;
        self.analyse(&y)
    }

    /// Samples, evaluates and analyses a vector-valued model, one result per output.
    ///
    /// # Errors
    /// As [`MorrisDesign::evaluate_vec`] and [`MorrisDesign::analyse`].
    pub fn run_vec<F>(&self, model: F, control: Control<'_>) -> Result<Vec<MorrisIndices>>
    where
        F: Fn(&[f64]) -> Vec<f64> + Sync,
    {
        let (y, n) = self.evaluate_vec(model, control)?;
        self.analyse_multi(&y, n)
    }

    /// The levels `p` and step `Δ` of a trajectory design (`None` for a radial one).
    pub fn levels(&self) -> Option<(usize, f64)> {
        match self.layout {
            Layout::Trajectories { levels, delta, .. } => Some((levels, delta)),
            Layout::Radial => None,
        }
    }
}

fn membership(members: &[Range<usize>]) -> Vec<usize> {
    members
        .iter()
        .enumerate()
        .flat_map(|(g, m)| m.clone().map(move |_| g))
        .collect()
}

/// Whether every marginal is U(0, 1), so that the model inputs are the unit points themselves.
fn is_identity(mappers: &[Mapper]) -> bool {
    mappers
        .iter()
        .all(|m| m.uniform_affine() == Some((0.0, 1.0)))
}

/// The points mapped through the marginals (nothing for the identity: see [`is_identity`]).
fn map_points(unit: &[f64], mappers: &[Mapper]) -> Vec<f64> {
    if is_identity(mappers) {
        return Vec::new();
    }
    let affine: Vec<Option<(f64, f64)>> = mappers.iter().map(Mapper::uniform_affine).collect();
    let mut p = Vec::with_capacity(unit.len());
    for row in unit.chunks_exact(mappers.len()) {
        p.extend(
            row.iter()
                .zip(mappers.iter().zip(&affine))
                .map(|(v, (m, a))| match a {
                    Some((lo, w)) => lo + v * w,
                    None => m.map(*v),
                }),
        );
    }
    p
}

fn stop_error(s: Stop<Infallible>) -> SensitivityError {
    match s {
        Stop::Cancelled { done, total } => SensitivityError::Cancelled { done, total },
        Stop::Failed(e) => match e {},
    }
}

fn check_finite(y: &[f64], n_out: usize, points: &[f64], d: usize) -> Result<()> {
    if let Some(k) = y.iter().position(|v| !v.is_finite()) {
        let sample = k / n_out;
        return Err(SensitivityError::NonFiniteOutput {
            sample,
            output: k % n_out,
            value: y[k],
            inputs: points[sample * d..(sample + 1) * d].to_vec(),
        });
    }
    Ok(())
}

/// Elementary effects of radial points in the model's input units (SALib's `radial_ee`):
/// `EE_i = (y(a) − y(a^(i))) / (x_i(a) − x_i(a^(i)))`, 0 where the step is 0.
fn radial_effects(x: &[f64], y: &[f64], d: usize) -> Vec<Vec<f64>> {
    let size = d + 1;
    let r = y.len() / size;
    let mut effects = Vec::with_capacity(r);
    for k in 0..r {
        let base = k * size;
        let mut row = Vec::with_capacity(d);
        for i in 0..d {
            let pos = base + 1 + i;
            let step = x[base * d + i] - x[pos * d + i];
            let ee = (y[base] - y[pos]) / step;
            row.push(if ee.is_finite() { ee } else { 0.0 });
        }
        effects.push(row);
    }
    effects
}

/// μ, μ*, σ and the bootstrap of μ* from the effects (`r × D`).
fn summarise(
    names: Vec<String>,
    effects: Vec<Vec<f64>>,
    runs: usize,
    bootstrap: &MorrisBootstrap,
) -> MorrisIndices {
    let d = names.len();
    let r = effects.len();
    let column = |i: usize| -> Vec<f64> { effects.iter().map(|e| e[i]).collect() };
    let mut mu = Vec::with_capacity(d);
    let mut mu_star = Vec::with_capacity(d);
    let mut sigma = Vec::with_capacity(d);
    for i in 0..d {
        let c = column(i);
        let abs: Vec<f64> = c.iter().map(|v| v.abs()).collect();
        mu.push(stats::mean(&c));
        mu_star.push(stats::mean(&abs));
        sigma.push(stats::std_dev(&c, VarianceKind::Sample));
    }
    let mu_star_conf = (bootstrap.resamples >= 2).then(|| {
        let z = Normal::standard().inverse_cdf(0.5 + bootstrap.confidence / 2.0);
        // Resample b: r trajectories drawn with replacement (ChaCha8 stream b), μ*_b of every factor.
        let mut abs: Vec<f64> = Vec::with_capacity(r * d);
        for e in &effects {
            abs.extend(e.iter().map(|v| v.abs()));
        }
        let means: Vec<Vec<f64>> = map_indexed(bootstrap.resamples, |b| {
            let mut rng = ChaCha8Rng::seed_from_u64(bootstrap.seed);
            rng.set_stream(b as u64);
            let mut acc = vec![0.0; d];
            for _ in 0..r {
                let k = rng.random_range(0..r);
                for (a, e) in acc.iter_mut().zip(&abs[k * d..(k + 1) * d]) {
                    *a += e;
                }
            }
            acc.iter().map(|a| a / r as f64).collect()
        });
        (0..d)
            .map(|i| {
                let m: Vec<f64> = means.iter().map(|row| row[i]).collect();
                z * stats::std_dev(&m, VarianceKind::Sample)
            })
            .collect()
    });
    MorrisIndices {
        names,
        mu,
        mu_star,
        sigma,
        mu_star_conf,
        confidence: bootstrap.confidence,
        effects,
        runs,
    }
}

/// Morris indices from any trajectory sample in SALib's layout (`r` trajectories of `D + 1` rows,
/// row-major `x`, any input scale) and its outputs `y`, with `levels` the grid's `p` (SALib's
/// `morris.analyze`): the elementary effects are `±Δy / Δ`, `Δ = p / (2(p − 1))`.
///
/// # Errors
/// [`SensitivityError::DimensionMismatch`] if `x` and `y` do not make whole trajectories;
/// [`SensitivityError::InvalidParameter`] for a step that does not move exactly one factor, or a bad
/// `levels`; [`SensitivityError::TooFew`] for fewer than 2 trajectories;
/// [`SensitivityError::NonFiniteOutput`].
pub fn analyse_trajectories(
    names: Vec<String>,
    x: &[f64],
    y: &[f64],
    levels: usize,
    bootstrap: &MorrisBootstrap,
) -> Result<MorrisIndices> {
    let d = names.len();
    let delta = check_levels(levels)?;
    check_sample(d, d, x, y)?;
    check_bootstrap(bootstrap)?;
    check_finite(y, 1, x, d)?;
    let identity: Vec<usize> = (0..d).collect();
    let effects = grouped_effects(x, x, y, &identity, &vec![1; d], Scale::Delta(delta))?;
    Ok(summarise(names, effects, y.len(), bootstrap))
}

/// [`analyse_trajectories`] with scaled elementary effects (Sin & Gernaey 2009; SALib's `morris.analyze`
/// with `scaled=True`): `EE_i = ±Δy / dx_i · σ_{x_i} / σ_y` per trajectory (see the [module docs](self)).
/// `x` must hold the values the model saw: the steps `dx_i` are read from it.
///
/// # Errors
/// As [`analyse_trajectories`] (without the `levels` checks).
pub fn analyse_trajectories_scaled(
    names: Vec<String>,
    x: &[f64],
    y: &[f64],
    bootstrap: &MorrisBootstrap,
) -> Result<MorrisIndices> {
    let d = names.len();
    check_sample(d, d, x, y)?;
    check_bootstrap(bootstrap)?;
    check_finite(y, 1, x, d)?;
    let identity: Vec<usize> = (0..d).collect();
    let effects = grouped_effects(x, x, y, &identity, &vec![1; d], Scale::Scaled)?;
    Ok(summarise(names, effects, y.len(), bootstrap))
}

/// Morris indices of groups from any trajectory sample over groups in SALib's layout (`r` trajectories
/// of `G + 1` rows, `D` columns; SALib's `morris.analyze` with the problem's `groups`): `membership[c]` is
/// the 0-based group of column `c` (any order; every group needs a column), `group_names` names the
/// groups, `levels` is the grid's `p` and `scaled` selects the scaled effects. Each step must move every
/// coordinate of one group and nothing else.
///
/// # Errors
/// [`SensitivityError::DimensionMismatch`] if `membership` does not have one entry per column or `x`, `y`
/// do not make whole trajectories; [`SensitivityError::InvalidParameter`] for a group without a column,
/// a group index out of range, a step that does not move exactly one group, or a bad `levels`;
/// [`SensitivityError::TooFew`] for fewer than 2 trajectories; [`SensitivityError::NonFiniteOutput`].
pub fn analyse_groups(
    group_names: Vec<String>,
    membership: &[usize],
    x: &[f64],
    y: &[f64],
    levels: usize,
    scaled: bool,
    bootstrap: &MorrisBootstrap,
) -> Result<MorrisGroupIndices> {
    let d = membership.len();
    let g = group_names.len();
    let delta = check_levels(levels)?;
    let mut sizes = vec![0usize; g];
    for (c, &gi) in membership.iter().enumerate() {
        if gi >= g {
            return Err(SensitivityError::InvalidParameter {
                method: "morris",
                parameter: "membership",
                reason: format!("column {c} is in group {gi}, but there are {g} groups"),
            });
        }
        sizes[gi] += 1;
    }
    if let Some(empty) = sizes.iter().position(|&n| n == 0) {
        return Err(SensitivityError::InvalidParameter {
            method: "morris",
            parameter: "membership",
            reason: format!("group `{}` has no column", group_names[empty]),
        });
    }
    check_sample(d, g, x, y)?;
    check_bootstrap(bootstrap)?;
    check_finite(y, 1, x, d)?;
    let scale = if scaled {
        Scale::Scaled
    } else {
        Scale::Delta(delta)
    };
    let effects = grouped_effects(x, x, y, membership, &sizes, scale)?;
    let mut count = vec![0usize; g];
    let names = membership
        .iter()
        .map(|&gi| {
            count[gi] += 1;
            if sizes[gi] == 1 {
                group_names[gi].clone()
            } else {
                format!("{}[{}]", group_names[gi], count[gi] - 1)
            }
        })
        .collect();
    let factors = summarise(names, effects, y.len(), bootstrap);
    Ok(MorrisGroupIndices::from_factors(
        group_names,
        membership,
        factors,
    ))
}

/// Morris indices from any radial sample in SALib's layout (`r` blocks of a base point then `D` points
/// each moving one factor; SALib's `radial_ee`).
///
/// # Errors
/// As [`analyse_trajectories`] (but any step is accepted: the effects divide by each block's own step).
pub fn analyse_radial(
    names: Vec<String>,
    x: &[f64],
    y: &[f64],
    bootstrap: &MorrisBootstrap,
) -> Result<MorrisIndices> {
    let d = names.len();
    check_sample(d, d, x, y)?;
    check_bootstrap(bootstrap)?;
    check_finite(y, 1, x, d)?;
    let effects = radial_effects(x, y, d);
    Ok(summarise(names, effects, y.len(), bootstrap))
}

/// `d` columns, `g` steps per trajectory (`g + 1` points).
fn check_sample(d: usize, g: usize, x: &[f64], y: &[f64]) -> Result<()> {
    if d == 0 || g == 0 {
        return Err(SensitivityError::TooFew {
            method: "morris",
            what: "factors",
            needed: 1,
            got: 0,
            reason: "an analysis needs a factor",
        });
    }
    if x.len() != y.len() * d || !y.len().is_multiple_of(g + 1) {
        return Err(SensitivityError::DimensionMismatch {
            method: "morris",
            what: "x (rows x D) against y (r x (G + 1) rows)",
            expected: y.len().div_ceil(g + 1) * (g + 1) * d,
            got: x.len(),
        });
    }
    too_few_trajectories("trajectories", y.len() / (g + 1))
}

/// Morris indices of one output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MorrisIndices {
    /// Factor names.
    pub names: Vec<String>,
    /// `μ_i`, the mean elementary effect.
    pub mu: Vec<f64>,
    /// `μ*_i`, the mean absolute elementary effect.
    pub mu_star: Vec<f64>,
    /// `σ_i`, the sample standard deviation of the effects.
    pub sigma: Vec<f64>,
    /// The bootstrap half-width of `μ*` (SALib's `mu_star_conf`), `None` without a bootstrap.
    pub mu_star_conf: Option<Vec<f64>>,
    /// The confidence level of `mu_star_conf`.
    pub confidence: f64,
    /// The elementary effects, one row per trajectory (or radial), one column per factor.
    pub effects: Vec<Vec<f64>>,
    /// Model runs.
    pub runs: usize,
}

impl MorrisIndices {
    /// The same indices with the `μ*` half-widths recomputed at level `confidence` from given bootstrap
    /// draws: `draws[i][b]` lists the `r` trajectories (0-based, with replacement) of resample `b` of
    /// factor `i`. SALib resamples each factor's effects separately (`rng.integers(r, size=(B, r))`,
    /// factor after factor); replaying its draws reproduces its `mu_star_conf` exactly.
    ///
    /// # Errors
    /// [`SensitivityError::DimensionMismatch`] without one list per factor or a resample of other than `r`
    /// trajectories; [`SensitivityError::InvalidParameter`] for a trajectory out of range or a confidence
    /// level outside (0, 1); [`SensitivityError::TooFew`] for fewer than 2 resamples of a factor.
    pub fn with_draws(mut self, draws: &[Vec<Vec<usize>>], confidence: f64) -> Result<Self> {
        check_bootstrap(&MorrisBootstrap {
            confidence,
            ..Default::default()
        })?;
        self.mu_star_conf = Some(replay_conf(
            &self.effects,
            self.names.len(),
            draws,
            confidence,
        )?);
        self.confidence = confidence;
        Ok(self)
    }

    /// The factors by decreasing `μ*` (the screening order).
    pub fn ranking(&self) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.names.len()).collect();
        idx.sort_by(|&a, &b| self.mu_star[b].total_cmp(&self.mu_star[a]));
        idx
    }

    /// The indices in the common result shape: `mu`, `mu_star` (with its interval `μ* ± conf`) and
    /// `sigma` per factor.
    pub fn to_result(&self, output: &str) -> SensitivityResult {
        let mut indices = Vec::with_capacity(3 * self.names.len());
        for i in 0..self.names.len() {
            let conf = self.mu_star_conf.as_ref().map(|c| c[i]);
            for (measure, estimate, interval) in [
                (Measure::Mu, self.mu[i], None),
                (
                    Measure::MuStar,
                    self.mu_star[i],
                    conf.map(|c| Interval {
                        lo: self.mu_star[i] - c,
                        hi: self.mu_star[i] + c,
                    }),
                ),
                (Measure::Sigma, self.sigma[i], None),
            ] {
                indices.push(IndexEstimate {
                    factor: i,
                    output: 0,
                    measure,
                    estimate,
                    interval,
                });
            }
        }
        SensitivityResult {
            method: Method::Morris,
            factors: self.names.clone(),
            outputs: vec![output.to_string()],
            confidence: self.mu_star_conf.as_ref().map(|_| self.confidence),
            evaluations: self.runs,
            indices,
        }
    }
}

impl fmt::Display for MorrisIndices {
    /// A table: factor, μ, μ*, its half-width, σ.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.names.iter().map(String::len).max().unwrap_or(6).max(6);
        writeln!(
            f,
            "{:<w$}  {:>10} {:>10} {:>10} {:>10}",
            "factor", "mu", "mu_star", "conf", "sigma"
        )?;
        for (i, name) in self.names.iter().enumerate() {
            let conf = self
                .mu_star_conf
                .as_ref()
                .map_or("-".to_string(), |c| format!("{:.4}", c[i]));
            writeln!(
                f,
                "{:<w$}  {:>10.4} {:>10.4} {:>10} {:>10.4}",
                name, self.mu[i], self.mu_star[i], conf, self.sigma[i]
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Marginal;

    fn inputs(d: usize) -> Vec<SobolInput> {
        (0..d)
            .map(|i| SobolInput::new(format!("x{i}"), Marginal::default()))
            .collect()
    }

    #[test]
    fn trajectories_move_one_factor_by_delta_on_the_grid() {
        for p in [2, 4, 6, 8] {
            let s = MorrisSettings {
                trajectories: 5,
                levels: p,
                ..Default::default()
            };
            let design = MorrisDesign::trajectories(inputs(4), s).unwrap();
            let (_, delta) = design.levels().unwrap();
            let u = design.unit_points();
            assert_eq!(design.n_runs(), 25);
            for k in 0..5 {
                let mut moved = [false; 4];
                for t in 1..5 {
                    let a = &u[(k * 5 + t - 1) * 4..(k * 5 + t) * 4];
                    let b = &u[(k * 5 + t) * 4..(k * 5 + t + 1) * 4];
                    let ch: Vec<usize> = (0..4)
                        .filter(|&i| a[i].to_bits() != b[i].to_bits())
                        .collect();
                    assert_eq!(ch.len(), 1);
                    assert!(((a[ch[0]] - b[ch[0]]).abs() - delta).abs() < 1e-12);
                    moved[ch[0]] = true;
                }
                assert!(moved.iter().all(|m| *m));
            }
            // every coordinate on the grid {0, 1/(p-1), ..., 1}
            assert!(u.iter().all(|v| {
                let l = v * (p as f64 - 1.0);
                (l - l.round()).abs() < 1e-9 && (0.0..=1.0).contains(v)
            }));
        }
    }

    #[test]
    fn named_errors() {
        let s = |trajectories, levels| MorrisSettings {
            trajectories,
            levels,
            ..Default::default()
        };
        assert!(matches!(
            MorrisDesign::trajectories(inputs(3), s(1, 4)).unwrap_err(),
            SensitivityError::TooFew {
                what: "trajectories",
                needed: 2,
                got: 1,
                ..
            }
        ));
        assert!(matches!(
            MorrisDesign::trajectories(inputs(3), s(4, 5)).unwrap_err(),
            SensitivityError::InvalidParameter {
                parameter: "levels",
                ..
            }
        ));
        assert!(matches!(
            MorrisDesign::trajectories(inputs(3), s(4, 0)).unwrap_err(),
            SensitivityError::TooFew {
                what: "levels p",
                ..
            }
        ));
        assert!(matches!(
            MorrisDesign::trajectories(vec![], s(4, 4)).unwrap_err(),
            SensitivityError::TooFew {
                what: "factors",
                ..
            }
        ));
        let opt = MorrisSettings {
            trajectories: 4,
            optimise: Some(Optimisation::BruteForce { candidates: 4 }),
            ..Default::default()
        };
        assert!(matches!(
            MorrisDesign::trajectories(inputs(3), opt).unwrap_err(),
            SensitivityError::InvalidParameter {
                parameter: "candidates",
                ..
            }
        ));
        let opt = MorrisSettings {
            trajectories: 10,
            optimise: Some(Optimisation::BruteForce { candidates: 100 }),
            ..Default::default()
        };
        assert!(matches!(
            MorrisDesign::trajectories(inputs(3), opt).unwrap_err(),
            SensitivityError::TooLarge { .. }
        ));
        assert!(matches!(
            MorrisDesign::radial(
                inputs(3),
                RadialSettings {
                    radials: 1,
                    ..Default::default()
                }
            )
            .unwrap_err(),
            SensitivityError::TooFew { .. }
        ));
        let d = MorrisDesign::trajectories(inputs(2), s(3, 4)).unwrap();
        assert!(matches!(
            d.run(|x| if x[0] > 0.5 { f64::NAN } else { 1.0 }),
            Err(SensitivityError::NonFiniteOutput { .. })
        ));
        assert!(matches!(
            d.analyse(&[1.0; 4]),
            Err(SensitivityError::DimensionMismatch { .. })
        ));
    }

    #[test]
    fn optimised_trajectories_spread_more() {
        let spread = |design: &MorrisDesign| {
            let u = design.unit_points();
            let size = 3 * 2;
            let r = u.len() / size;
            let mut s = 0.0;
            for a in 0..r {
                for b in a + 1..r {
                    let d = trajectory_distance(
                        &u[a * size..(a + 1) * size],
                        &u[b * size..(b + 1) * size],
                        2,
                    );
                    s += d * d;
                }
            }
            s.sqrt()
        };
        let plain = MorrisDesign::trajectories(
            inputs(2),
            MorrisSettings {
                trajectories: 4,
                ..Default::default()
            },
        )
        .unwrap();
        for opt in [
            Optimisation::BruteForce { candidates: 16 },
            Optimisation::Elimination { candidates: 16 },
        ] {
            let o = MorrisDesign::trajectories(
                inputs(2),
                MorrisSettings {
                    trajectories: 4,
                    optimise: Some(opt),
                    ..Default::default()
                },
            )
            .unwrap();
            assert!(spread(&o) >= spread(&plain), "{opt:?}");
        }
    }

    #[test]
    fn radial_effects_of_a_linear_model_are_its_slopes() {
        let inputs = vec![
            SobolInput::new("a", Marginal::uniform(0.0, 2.0).unwrap()),
            SobolInput::new("b", Marginal::uniform(-1.0, 1.0).unwrap()),
            SobolInput::new("c", Marginal::default()),
        ];
        let d = MorrisDesign::radial(inputs, RadialSettings::default()).unwrap();
        let m = d.run(|x| 3.0 * x[0] - 2.0 * x[1] + 0.5 * x[2]).unwrap();
        for (got, want) in m.mu.iter().zip([3.0, -2.0, 0.5]) {
            assert!((got - want).abs() < 1e-9, "{m}");
        }
        assert!(m.sigma.iter().all(|s| *s < 1e-9));
        assert_eq!(m.ranking(), vec![0, 1, 2]);
        assert_eq!(m.to_result("y").indices.len(), 9);
    }
}
