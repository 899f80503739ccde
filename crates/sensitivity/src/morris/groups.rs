//! Elementary effects of trajectories over groups of factors, scaled effects, group summaries and the
//! replay of given bootstrap draws.

use std::fmt;

use mfg_quality_indicators::stats::{self, VarianceKind};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

use super::MorrisIndices;
use crate::result::{IndexEstimate, Interval, Measure, Method, SensitivityResult};
use crate::{Result, SensitivityError};

/// How an elementary effect divides the change of the output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Scale {
    /// `±Δy / Δ`, `Δ = p / (2(p − 1))` the grid step on the unit hypercube (Morris 1991; SALib's default).
    Delta(f64),
    /// Sin & Gernaey (2009): `±Δy / dx_i · σ_{x_i} / σ_y` (SALib's `scaled=True`).
    Scaled,
}

/// Per-coordinate elementary effects (`r × D`) of trajectories over groups: trajectory `k` is rows
/// `k(G + 1)..(k + 1)(G + 1)`, and each step must move exactly the coordinates of one group (every
/// coordinate of it, none of another), each group once. `detect` is read for what moved and in which
/// direction (the unit grid of a design, or the given sample); `values` are the model inputs (the scaled
/// effects' `dx` and `σ_x`). Each moved coordinate `c` gets `EE_c = ±(y_t − y_{t−1}) / Δ`, the sign that of
/// its own move (SALib's rule), or the scaled effect
/// `±(y_t − y_{t−1}) / dx_c · σ_{x_c} / σ_y` with `dx_c = max − min` of `x_c` over the trajectory and
/// `σ_{x_c}`, `σ_y` the trajectory's population standard deviations (divisor `G + 1`; an effect is 0 where
/// `σ_y = 0` as in SALib, and where `dx_c = 0`).
pub(super) fn grouped_effects(
    detect: &[f64],
    values: &[f64],
    y: &[f64],
    membership: &[usize],
    sizes: &[usize],
    scale: Scale,
) -> Result<Vec<Vec<f64>>> {
    let d = membership.len();
    let g = sizes.len();
    let size = g + 1;
    let r = y.len() / size;
    let mut effects = vec![vec![0.0; d]; r];
    let mut moved = Vec::with_capacity(d);
    let mut seen = vec![false; g];
    let (mut dx, mut sx) = (vec![0.0; d], vec![0.0; d]);
    for (k, ee) in effects.iter_mut().enumerate() {
        seen.iter_mut().for_each(|s| *s = false);
        let base = k * size;
        let sy = if scale == Scale::Scaled {
            spread(values, d, base, size, &mut dx, &mut sx);
            let t = &y[base..base + size];
            population_sd(t)
        } else {
            0.0
        };
        for t in 1..size {
            let (prev, cur) = (base + t - 1, base + t);
            moved.clear();
            moved.extend(
                (0..d).filter(|&c| detect[cur * d + c].to_bits() != detect[prev * d + c].to_bits()),
            );
            let group = moved.first().map(|&c| membership[c]);
            let whole = group.is_some_and(|gi| {
                moved.iter().all(|&c| membership[c] == gi) && moved.len() == sizes[gi]
            });
            let Some(gi) = group.filter(|_| whole) else {
                return Err(SensitivityError::InvalidParameter {
                    method: "morris",
                    parameter: "x",
                    reason: if g == d {
                        format!(
                            "step {t} of trajectory {k} changes {} factors; a trajectory moves exactly one factor per step",
                            moved.len()
                        )
                    } else {
                        format!(
                            "step {t} of trajectory {k} changes coordinates {moved:?}, not every coordinate of one group"
                        )
                    },
                });
            };
            if seen[gi] {
                return Err(SensitivityError::InvalidParameter {
                    method: "morris",
                    parameter: "x",
                    reason: format!(
                        "trajectory {k} moves {} {gi} twice; each moves once per trajectory",
                        if g == d { "factor" } else { "group" }
                    ),
                });
            }
            seen[gi] = true;
            let diff = y[cur] - y[prev];
            for &c in &moved {
                let up = detect[cur * d + c] > detect[prev * d + c];
                let difference = if up { diff } else { -diff };
                ee[c] = match scale {
                    Scale::Delta(delta) => difference / delta,
                    Scale::Scaled => {
                        if sy == 0.0 || dx[c] == 0.0 {
                            0.0
                        } else {
                            difference / dx[c] * (sx[c] / sy)
                        }
                    }
                };
            }
        }
    }
    Ok(effects)
}

/// `max − min` and the population sd of each column over rows `base..base + size`.
fn spread(values: &[f64], d: usize, base: usize, size: usize, dx: &mut [f64], sx: &mut [f64]) {
    let rows = &values[base * d..(base + size) * d];
    let mut col = Vec::with_capacity(size);
    for c in 0..d {
        col.clear();
        col.extend(rows.iter().skip(c).step_by(d));
        let (lo, hi) = col
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        dx[c] = hi - lo;
        sx[c] = population_sd(&col);
    }
}

/// numpy's `std` (divisor `n`).
fn population_sd(x: &[f64]) -> f64 {
    stats::std_dev(x, VarianceKind::Population)
}

/// The bootstrap half-widths of μ* from given draws: `draws[c][b]` are the `r` trajectories (0-based, with
/// replacement) of resample `b` of coordinate `c` (SALib draws them factor by factor,
/// `rng.integers(r, size=(num_resamples, r))`); half-width `z_{1−α/2} sd(μ*_b)` (divisor `B − 1`).
pub(super) fn replay_conf(
    effects: &[Vec<f64>],
    d: usize,
    draws: &[Vec<Vec<usize>>],
    confidence: f64,
) -> Result<Vec<f64>> {
    let r = effects.len();
    if draws.len() != d {
        return Err(SensitivityError::DimensionMismatch {
            method: "morris",
            what: "bootstrap draws (one list per factor)",
            expected: d,
            got: draws.len(),
        });
    }
    let z = Normal::standard().inverse_cdf(0.5 + confidence / 2.0);
    draws
        .iter()
        .enumerate()
        .map(|(c, per)| {
            if per.len() < 2 {
                return Err(SensitivityError::TooFew {
                    method: "morris",
                    what: "bootstrap resamples",
                    needed: 2,
                    got: per.len(),
                    reason: "a standard deviation of the resampled mu* needs two resamples",
                });
            }
            let mut means = Vec::with_capacity(per.len());
            for set in per {
                if set.len() != r {
                    return Err(SensitivityError::DimensionMismatch {
                        method: "morris",
                        what: "trajectories of a bootstrap resample",
                        expected: r,
                        got: set.len(),
                    });
                }
                if let Some(&bad) = set.iter().find(|&&k| k >= r) {
                    return Err(SensitivityError::InvalidParameter {
                        method: "morris",
                        parameter: "draws",
                        reason: format!(
                            "trajectory {bad} of factor {c}'s draws is not below r = {r}"
                        ),
                    });
                }
                let abs: Vec<f64> = set.iter().map(|&k| effects[k][c].abs()).collect();
                means.push(stats::mean(&abs));
            }
            Ok(z * stats::std_dev(&means, VarianceKind::Sample))
        })
        .collect()
}

/// Morris indices of groups of factors (Campolongo, Cariboni & Saltelli 2007, § 3; SALib's `groups`): a
/// trajectory moves all the coordinates of a group at once, so `r` trajectories over `G` groups cost
/// `r(G + 1)` runs. Each coordinate keeps its own elementary effects ([`factors`](Self::factors), the signs
/// of its own moves); a group's `μ`, `μ*` and `μ*` half-width are the means of its coordinates' (SALib's
/// `_compute_grouped_metric`). Within a group every coordinate's `|EE|` is the same, `|Δy| / Δ`, so the
/// group's `μ*` is the mean absolute effect of moving the group, the screening measure; `μ` averages
/// effects of coordinates that may move in opposite directions, and `σ` is defined only for a group of one
/// coordinate (SALib reports NaN for larger groups; here `None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MorrisGroupIndices {
    /// Group names.
    pub names: Vec<String>,
    /// The 0-based coordinates of each group (columns of the sample).
    pub members: Vec<Vec<usize>>,
    /// `μ_g`, the mean over the group's coordinates of their `μ`.
    pub mu: Vec<f64>,
    /// `μ*_g`, the mean over the group's coordinates of their `μ*`.
    pub mu_star: Vec<f64>,
    /// `σ` of a group of one coordinate; `None` for a larger group.
    pub sigma: Vec<Option<f64>>,
    /// The mean over the group's coordinates of their `μ*` half-widths, `None` without a bootstrap.
    pub mu_star_conf: Option<Vec<f64>>,
    /// The confidence level of `mu_star_conf`.
    pub confidence: f64,
    /// The indices of each coordinate (names `group[j]` for a group of several coordinates), from which
    /// the group's are averaged.
    pub factors: MorrisIndices,
}

impl MorrisGroupIndices {
    /// Groups the per-coordinate indices.
    pub(super) fn from_factors(
        names: Vec<String>,
        membership: &[usize],
        factors: MorrisIndices,
    ) -> Self {
        let g = names.len();
        let mut members = vec![Vec::new(); g];
        for (c, &gi) in membership.iter().enumerate() {
            members[gi].push(c);
        }
        let mean = |v: &[f64], m: &[usize]| m.iter().map(|&c| v[c]).sum::<f64>() / m.len() as f64;
        let mu = members.iter().map(|m| mean(&factors.mu, m)).collect();
        let mu_star = members.iter().map(|m| mean(&factors.mu_star, m)).collect();
        let sigma = members
            .iter()
            .map(|m| (m.len() == 1).then(|| factors.sigma[m[0]]))
            .collect();
        let mu_star_conf = factors
            .mu_star_conf
            .as_ref()
            .map(|c| members.iter().map(|m| mean(c, m)).collect());
        MorrisGroupIndices {
            names,
            members,
            mu,
            mu_star,
            sigma,
            mu_star_conf,
            confidence: factors.confidence,
            factors,
        }
    }

    /// The same indices with the `μ*` half-widths recomputed from given bootstrap draws, one list per
    /// coordinate ([`MorrisIndices::with_draws`]), so SALib's intervals can be reproduced exactly.
    ///
    /// # Errors
    /// As [`MorrisIndices::with_draws`].
    pub fn with_draws(self, draws: &[Vec<Vec<usize>>], confidence: f64) -> Result<Self> {
        let mut membership = vec![0; self.factors.names.len()];
        for (gi, m) in self.members.iter().enumerate() {
            for &c in m {
                membership[c] = gi;
            }
        }
        let factors = self.factors.with_draws(draws, confidence)?;
        Ok(Self::from_factors(self.names, &membership, factors))
    }

    /// Model runs.
    pub fn runs(&self) -> usize {
        self.factors.runs
    }

    /// The groups by decreasing `μ*` (the screening order).
    pub fn ranking(&self) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.names.len()).collect();
        idx.sort_by(|&a, &b| self.mu_star[b].total_cmp(&self.mu_star[a]));
        idx
    }

    /// The indices in the common result shape, one factor per group: `mu`, `mu_star` (with its interval)
    /// and, for a group of one coordinate, `sigma`.
    pub fn to_result(&self, output: &str) -> SensitivityResult {
        let mut indices = Vec::with_capacity(3 * self.names.len());
        for i in 0..self.names.len() {
            let conf = self.mu_star_conf.as_ref().map(|c| c[i]);
            let mut push = |measure, estimate, interval| {
                indices.push(IndexEstimate {
                    factor: i,
                    output: 0,
                    measure,
                    estimate,
                    interval,
                })
            };
            push(Measure::Mu, self.mu[i], None);
            push(
                Measure::MuStar,
                self.mu_star[i],
                conf.map(|c| Interval {
                    lo: self.mu_star[i] - c,
                    hi: self.mu_star[i] + c,
                }),
            );
            if let Some(s) = self.sigma[i] {
                push(Measure::Sigma, s, None);
            }
        }
        SensitivityResult {
            method: Method::Morris,
            factors: self.names.clone(),
            outputs: vec![output.to_string()],
            confidence: self.mu_star_conf.as_ref().map(|_| self.confidence),
            evaluations: self.factors.runs,
            indices,
        }
    }
}

impl fmt::Display for MorrisGroupIndices {
    /// A table: group, its size, μ, μ*, its half-width, σ (`-` for a group of several coordinates).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.names.iter().map(String::len).max().unwrap_or(5).max(5);
        writeln!(
            f,
            "{:<w$}  {:>5} {:>10} {:>10} {:>10} {:>10}",
            "group", "size", "mu", "mu_star", "conf", "sigma"
        )?;
        for (i, name) in self.names.iter().enumerate() {
            let conf = self
                .mu_star_conf
                .as_ref()
                .map_or("-".to_string(), |c| format!("{:.4}", c[i]));
            let sigma = self.sigma[i].map_or("-".to_string(), |s| format!("{s:.4}"));
            writeln!(
                f,
                "{:<w$}  {:>5} {:>10.4} {:>10.4} {:>10} {:>10}",
                name,
                self.members[i].len(),
                self.mu[i],
                self.mu_star[i],
                conf,
                sigma
            )?;
        }
        Ok(())
    }
}
