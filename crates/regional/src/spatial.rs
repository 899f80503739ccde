//! Spatial autocorrelation: global Moran's I and Geary's C with normal (normality and randomisation) and
//! permutation inference, and local Moran (LISA) with cluster labels, on validated spatial weights — user
//! weights or the built-in rook contiguity of China's 31 provincial-level divisions.
//!
//! Notation (Cliff & Ord 1981): values `xᵢ`, deviations `zᵢ = xᵢ − x̄`, weights `wᵢⱼ` (after the chosen
//! [`WeightsStyle`]), `S₀ = ΣᵢΣⱼwᵢⱼ`, `S₁ = ½ΣᵢΣⱼ(wᵢⱼ + wⱼᵢ)²`, `S₂ = Σᵢ(wᵢ. + w.ᵢ)²`, kurtosis
//! `b₂ = nΣzᵢ⁴/(Σzᵢ²)²`. The formulas and conventions are those of PySAL `esda` (`Moran`, `Geary`,
//! `Moran_Local`), against which the tests are golden; p-values here are all two-sided.
//!
//! Permutation inference draws from a ChaCha8 generator seeded with `seed` (global tests: stream 0; local
//! Moran: unit `i` on stream `i`), so the results are reproducible and do not depend on the number of
//! threads. Pseudo p-values follow esda: with `L` the number of permuted statistics `≥` the observed one,
//! `L ← min(L, m − L)` over `m` permutations and `p = (L + 1)/(m + 1)`.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::error::{RegionalError, Result, check_finite, check_len, check_level};
use crate::regions::RegionMap;

/// The rook contiguity edges of the 31 provincial-level divisions (shared land border).
const CHINA_ROOK: &str = include_str!("../data/china_rook_contiguity.csv");

/// How raw weights are transformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum WeightsStyle {
    /// Row-standardised, `wᵢⱼ/Σⱼwᵢⱼ` (esda `transformation = "r"`, the default).
    #[default]
    RowStandardised,
    /// Binary, 1 for every positive weight (esda `transformation = "b"`).
    Binary,
}

/// Which built-in contiguity of China's provinces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChinaContiguity {
    /// Rook contiguity by shared land border (68 pairs). Hainan (`CN-HI`) has no land border: including it
    /// is the error [`RegionalError::IsolatedUnit`]; leave it out, or use
    /// [`ChinaContiguity::RookHainanGuangdong`].
    Rook,
    /// As [`ChinaContiguity::Rook`] plus the Hainan–Guangdong link across the Qiongzhou Strait (a common
    /// convention in Chinese provincial studies, which otherwise lose Hainan).
    RookHainanGuangdong,
}

/// Validated spatial weights in sparse row form. Built only by [`SpatialWeights::from_matrix`] or
/// [`SpatialWeights::china`], so every instance is square, non-negative, without self-neighbours and without
/// isolated units (serialisable for reports, deliberately not deserialisable).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpatialWeights {
    labels: Vec<String>,
    style: WeightsStyle,
    offsets: Vec<usize>,
    columns: Vec<usize>,
    values: Vec<f64>,
    s0: f64,
    s1: f64,
    s2: f64,
}

impl SpatialWeights {
    /// Weights from a dense matrix (`matrix[i][j]` = weight of unit `j` as a neighbour of unit `i`), one label
    /// per unit, transformed by `style`.
    ///
    /// ```
    /// use mfg_quality_regional::{SpatialWeights, WeightsStyle};
    /// let m = vec![vec![0.0, 1.0, 0.0], vec![1.0, 0.0, 1.0], vec![0.0, 1.0, 0.0]];
    /// let w = SpatialWeights::from_matrix(&["a", "b", "c"], &m, WeightsStyle::RowStandardised).unwrap();
    /// assert_eq!(w.s0(), 3.0);
    /// ```
    ///
    /// # Errors
    /// [`RegionalError::LengthMismatch`] if the labels do not match the rows, [`RegionalError::NotSquare`],
    /// [`RegionalError::InvalidSpatialWeight`] for a negative or non-finite entry or a non-zero diagonal,
    /// [`RegionalError::IsolatedUnit`] for a row without a positive weight.
    pub fn from_matrix<S: AsRef<str>>(
        labels: &[S],
        matrix: &[Vec<f64>],
        style: WeightsStyle,
    ) -> Result<Self> {
        let n = matrix.len();
        if labels.len() != n {
            return Err(RegionalError::LengthMismatch {
                what: "weights labels",
                got: labels.len(),
                expected: n,
            });
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        let (mut columns, mut values) = (Vec::new(), Vec::new());
        for (row, r) in matrix.iter().enumerate() {
            if r.len() != n {
                return Err(RegionalError::NotSquare {
                    row,
                    len: r.len(),
                    expected: n,
                });
            }
            for (column, &value) in r.iter().enumerate() {
                let reason = if !value.is_finite() {
                    Some("not finite")
                } else if value < 0.0 {
                    Some("negative")
                } else if row == column && value != 0.0 {
                    Some("non-zero diagonal (a unit cannot neighbour itself)")
                } else {
                    None
                };
                if let Some(reason) = reason {
                    return Err(RegionalError::InvalidSpatialWeight {
                        row,
                        column,
                        value,
                        reason,
                    });
                }
                if value > 0.0 {
                    columns.push(column);
                    values.push(value);
                }
            }
            offsets.push(columns.len());
        }
        Self::build(
            labels.iter().map(|s| s.as_ref().to_string()).collect(),
            offsets,
            columns,
            values,
            style,
        )
    }

    /// The built-in contiguity of the given provinces (codes such as `CN-GD` or either name, as
    /// [`RegionMap::china_nbs4`] resolves them), in the order given; the labels are the ISO codes. Any subset
    /// of the 31 may be used; a unit left without neighbours in the subset is an error.
    ///
    /// The edges are in `data/china_rook_contiguity.csv` (see the crate's `data/README.md` for the source
    /// and the checks).
    ///
    /// ```
    /// use mfg_quality_regional::{ChinaContiguity, RegionalError, SpatialWeights, WeightsStyle};
    /// let all: Vec<String> =
    ///     mfg_quality_regional::RegionMap::china_nbs4().units().iter().map(|u| u.code.clone()).collect();
    /// let e = SpatialWeights::china(&all, ChinaContiguity::Rook, WeightsStyle::Binary).unwrap_err();
    /// assert!(matches!(e, RegionalError::IsolatedUnit { ref unit, .. } if unit == "CN-HI"));
    /// let w = SpatialWeights::china(&all, ChinaContiguity::RookHainanGuangdong, WeightsStyle::Binary)
    ///     .unwrap();
    /// assert_eq!(w.s0(), 2.0 * 69.0);
    /// ```
    ///
    /// # Errors
    /// [`RegionalError::UnknownUnit`], [`RegionalError::Duplicate`] for a unit listed twice,
    /// [`RegionalError::IsolatedUnit`] (e.g. Hainan under [`ChinaContiguity::Rook`]).
    pub fn china<S: AsRef<str>>(
        units: &[S],
        contiguity: ChinaContiguity,
        style: WeightsStyle,
    ) -> Result<Self> {
        let map = RegionMap::china_nbs4();
        let mut pos = vec![usize::MAX; map.len()];
        let mut labels = Vec::with_capacity(units.len());
        for (i, u) in units.iter().enumerate() {
            let k = map.index_of(u.as_ref())?;
            if pos[k] != usize::MAX {
                return Err(RegionalError::Duplicate {
                    kind: "code",
                    id: map.units()[k].code.clone(),
                    map: "spatial weights".to_string(),
                });
            }
            pos[k] = i;
            labels.push(map.units()[k].code.clone());
        }
        let n = units.len();
        let mut adj = vec![Vec::new(); n];
        let mut link = |a: &str, b: &str| -> Result<()> {
            let (ka, kb) = (map.index_of(a)?, map.index_of(b)?);
            if pos[ka] != usize::MAX && pos[kb] != usize::MAX {
                adj[pos[ka]].push(pos[kb]);
                adj[pos[kb]].push(pos[ka]);
            }
            Ok(())
        };
        for line in CHINA_ROOK.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let (a, b) = line.split_once(',').unwrap_or((line, ""));
            link(a.trim(), b.trim())?;
        }
        if contiguity == ChinaContiguity::RookHainanGuangdong {
            link("CN-HI", "CN-GD")?;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        let mut columns = Vec::new();
        for a in &mut adj {
            a.sort_unstable();
            columns.extend_from_slice(a);
            offsets.push(columns.len());
        }
        let values = vec![1.0; columns.len()];
        Self::build(labels, offsets, columns, values, style)
    }

    fn build(
        labels: Vec<String>,
        offsets: Vec<usize>,
        columns: Vec<usize>,
        mut values: Vec<f64>,
        style: WeightsStyle,
    ) -> Result<Self> {
        let n = labels.len();
        for i in 0..n {
            let row = &mut values[offsets[i]..offsets[i + 1]];
            let sum: f64 = row.iter().sum();
            if row.is_empty() || sum <= 0.0 {
                return Err(RegionalError::IsolatedUnit {
                    unit: labels[i].clone(),
                    position: i,
                });
            }
            match style {
                WeightsStyle::RowStandardised => row.iter_mut().for_each(|v| *v /= sum),
                WeightsStyle::Binary => row.iter_mut().for_each(|v| *v = 1.0),
            }
        }
        // S₀ and S₂ from row and column sums. S₁ = ½ Σ over ordered pairs (i, j) of (wᵢⱼ + wⱼᵢ)², from the
        // stored entries only (wⱼᵢ looked up by binary search, the columns of each row are ascending): a
        // stored (i, j) gives the pair (i, j), and also the pair (j, i), worth wᵢⱼ², when wⱼᵢ is not stored.
        let weight = |i: usize, j: usize| -> f64 {
            let cols = &columns[offsets[i]..offsets[i + 1]];
            cols.binary_search(&j)
                .map_or(0.0, |k| values[offsets[i] + k])
        };
        let (mut s0, mut s1) = (0.0, 0.0);
        let mut row = vec![0.0; n];
        let mut col = vec![0.0; n];
        for i in 0..n {
            for k in offsets[i]..offsets[i + 1] {
                let (j, a) = (columns[k], values[k]);
                let b = weight(j, i);
                s0 += a;
                row[i] += a;
                col[j] += a;
                s1 += (a + b) * (a + b);
                if b == 0.0 {
                    s1 += a * a;
                }
            }
        }
        let s2 = row.iter().zip(&col).map(|(r, c)| (r + c) * (r + c)).sum();
        Ok(SpatialWeights {
            labels,
            style,
            offsets,
            columns,
            values,
            s0,
            s1: s1 / 2.0,
            s2,
        })
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no units.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The unit labels.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The transformation applied.
    pub fn style(&self) -> WeightsStyle {
        self.style
    }

    /// `S₀ = ΣᵢΣⱼwᵢⱼ`.
    pub fn s0(&self) -> f64 {
        self.s0
    }

    /// `S₁ = ½ΣᵢΣⱼ(wᵢⱼ + wⱼᵢ)²`.
    pub fn s1(&self) -> f64 {
        self.s1
    }

    /// `S₂ = Σᵢ(wᵢ. + w.ᵢ)²`.
    pub fn s2(&self) -> f64 {
        self.s2
    }

    /// The neighbours of unit `i` with their weights.
    pub fn neighbours(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.offsets[i]..self.offsets[i + 1];
        self.columns[r.clone()]
            .iter()
            .copied()
            .zip(self.values[r].iter().copied())
    }

    /// The spatial lag `Σⱼwᵢⱼvⱼ` of unit `i`.
    fn lag_of(&self, i: usize, v: &[f64]) -> f64 {
        self.neighbours(i).map(|(j, w)| w * v[j]).sum()
    }

    /// `Σᵢ zᵢ Σⱼ wᵢⱼ zⱼ`.
    fn cross(&self, z: &[f64]) -> f64 {
        (0..self.len()).map(|i| z[i] * self.lag_of(i, z)).sum()
    }

    /// `ΣᵢΣⱼ wᵢⱼ (xᵢ − xⱼ)²`.
    fn squared_differences(&self, x: &[f64]) -> f64 {
        (0..self.len())
            .map(|i| {
                self.neighbours(i)
                    .map(|(j, w)| w * (x[i] - x[j]) * (x[i] - x[j]))
                    .sum::<f64>()
            })
            .sum()
    }
}

/// Normal-approximation inference for a spatial statistic.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NormalInference {
    /// Expected value under the null.
    pub expected: f64,
    /// Variance under the null.
    pub variance: f64,
    /// `(statistic − expected)/√variance`.
    pub z: f64,
    /// Two-sided p-value `2·(1 − Φ(|z|))`.
    pub p_value: f64,
}

impl NormalInference {
    fn new(stat: f64, expected: f64, variance: f64) -> Self {
        let z = (stat - expected) / variance.sqrt();
        NormalInference {
            expected,
            variance,
            z,
            p_value: (2.0 * Normal::standard().sf(z.abs())).min(1.0),
        }
    }
}

/// Permutation inference for a spatial statistic.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PermutationInference {
    /// Number of permutations `m`.
    pub permutations: usize,
    /// The seed.
    pub seed: u64,
    /// Folded pseudo p-value `(L + 1)/(m + 1)`, `L = min(#{sim ≥ obs}, #{sim ≤ obs})` (esda `p_sim`).
    pub p_value: f64,
    /// Mean of the permuted statistics.
    pub mean: f64,
    /// Standard deviation (population) of the permuted statistics.
    pub sd: f64,
}

impl PermutationInference {
    fn from_sims(observed: f64, sims: &[f64], seed: u64) -> Self {
        let m = sims.len();
        // A permuted statistic within rounding of the observed one is a tie (e.g. the same neighbour
        // values summed in another order) and counts in both tails.
        let tol = 1e-12 * observed.abs().max(f64::MIN_POSITIVE);
        let ge = sims.iter().filter(|&&s| s >= observed - tol).count();
        let le = sims.iter().filter(|&&s| s <= observed + tol).count();
        let l = ge.min(le);
        let mean = sims.iter().sum::<f64>() / m as f64;
        let var = sims.iter().map(|s| (s - mean) * (s - mean)).sum::<f64>() / m as f64;
        PermutationInference {
            permutations: m,
            seed,
            p_value: (l as f64 + 1.0) / (m as f64 + 1.0),
            mean,
            sd: var.sqrt(),
        }
    }
}

/// A global spatial autocorrelation statistic with its inference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GlobalTest {
    /// Moran's I or Geary's C.
    pub statistic: f64,
    /// Number of units.
    pub n: usize,
    /// Inference under the normality assumption.
    pub normality: NormalInference,
    /// Inference under randomisation (needs `n ≥ 4`; `None` below).
    pub randomisation: Option<NormalInference>,
    /// Permutation inference, if permutations were requested.
    pub permutation: Option<PermutationInference>,
}

/// Checks values against weights, at least 3 units and non-zero variance; returns the deviations.
fn prepare(method: &'static str, x: &[f64], w: &SpatialWeights) -> Result<Vec<f64>> {
    check_len("values", x, w.len())?;
    check_finite("values", x)?;
    if x.len() < 3 {
        return Err(RegionalError::TooFewPoints {
            method,
            n: x.len(),
            min: 3,
        });
    }
    let m = x.iter().sum::<f64>() / x.len() as f64;
    let z: Vec<f64> = x.iter().map(|v| v - m).collect();
    if z.iter().all(|&d| d == 0.0) {
        return Err(RegionalError::ZeroVariance {
            method,
            variable: "values",
        });
    }
    Ok(z)
}

fn kurtosis(z: &[f64]) -> f64 {
    let n = z.len() as f64;
    // Scale-free: b₂ of z / max|z| equals b₂ of z, and its fourth powers cannot overflow.
    let s = z.iter().fold(0.0f64, |a, v| a.max(v.abs()));
    if s == 0.0 {
        return 0.0;
    }
    let m2 = z.iter().map(|v| (v / s) * (v / s)).sum::<f64>() / n;
    let m4 = z.iter().map(|v| (v / s).powi(4)).sum::<f64>() / n;
    m4 / (m2 * m2)
}

/// Global Moran's I (Moran 1950; Cliff & Ord 1981): `I = (n/S₀)·ΣᵢΣⱼwᵢⱼzᵢzⱼ/Σzᵢ²`, `E[I] = −1/(n − 1)`;
/// under normality `Var(I) = (n²S₁ − nS₂ + 3S₀²)/((n² − 1)S₀²) − E[I]²`; under randomisation
/// `Var(I) = [n((n² − 3n + 3)S₁ − nS₂ + 3S₀²) − b₂((n² − n)S₁ − 2nS₂ + 6S₀²)]/((n − 1)(n − 2)(n − 3)S₀²)
/// − E[I]²` (esda `VI_norm`, `VI_rand`). With `permutations > 0`, the values are randomly permuted over the
/// units that many times (ChaCha8, `seed`, stream 0).
///
/// # Errors
/// [`RegionalError::LengthMismatch`] (values vs weights), [`RegionalError::NonFinite`],
/// [`RegionalError::TooFewPoints`] for fewer than 3 units, [`RegionalError::ZeroVariance`] for constant
/// values.
pub fn morans_i(
    x: &[f64],
    w: &SpatialWeights,
    permutations: usize,
    seed: u64,
) -> Result<GlobalTest> {
    let z = prepare("Moran's I", x, w)?;
    let n = z.len();
    let nf = n as f64;
    let z2: f64 = z.iter().map(|v| v * v).sum();
    let scale = nf / (w.s0 * z2);
    let i = scale * w.cross(&z);
    let (s0, s1, s2) = (w.s0, w.s1, w.s2);
    let s02 = s0 * s0;
    let e = -1.0 / (nf - 1.0);
    let v_norm = (nf * nf * s1 - nf * s2 + 3.0 * s02) / ((nf - 1.0) * (nf + 1.0) * s02) - e * e;
    let randomisation = (n >= 4).then(|| {
        let k = kurtosis(&z);
        let a = nf * ((nf * nf - 3.0 * nf + 3.0) * s1 - nf * s2 + 3.0 * s02);
        let b = k * ((nf * nf - nf) * s1 - 2.0 * nf * s2 + 6.0 * s02);
        let v = (a - b) / ((nf - 1.0) * (nf - 2.0) * (nf - 3.0) * s02) - e * e;
        NormalInference::new(i, e, v)
    });
    let permutation = (permutations > 0).then(|| {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut zp = z.clone();
        let sims: Vec<f64> = (0..permutations)
            .map(|_| {
                zp.shuffle(&mut rng);
                scale * w.cross(&zp)
            })
            .collect();
        PermutationInference::from_sims(i, &sims, seed)
    });
    Ok(GlobalTest {
        statistic: i,
        n,
        normality: NormalInference::new(i, e, v_norm),
        randomisation,
        permutation,
    })
}

/// Geary's C (Geary 1954): `C = (n − 1)ΣᵢΣⱼwᵢⱼ(xᵢ − xⱼ)²/(2S₀Σzᵢ²)`, `E[C] = 1` (C < 1: positive
/// autocorrelation); under normality `Var(C) = ((2S₁ + S₂)(n − 1) − 4S₀²)/(2(n + 1)S₀²)`; under
/// randomisation `Var(C) = [(n − 1)S₁(n² − 3n + 3 − (n − 1)b₂) − ¼(n − 1)S₂(n² + 3n − 6 − (n² − n + 2)b₂)
/// + S₀²(n² − 3 − (n − 1)²b₂)]/(n(n − 2)(n − 3)S₀²)` (esda `VC_norm`, `VC_rand`; esda reports one-sided
/// p-values for Geary, here they are two-sided). Permutations as in [`morans_i`].
///
/// # Errors
/// As [`morans_i`].
pub fn gearys_c(
    x: &[f64],
    w: &SpatialWeights,
    permutations: usize,
    seed: u64,
) -> Result<GlobalTest> {
    let z = prepare("Geary's C", x, w)?;
    let n = z.len();
    let nf = n as f64;
    let z2: f64 = z.iter().map(|v| v * v).sum();
    let scale = (nf - 1.0) / (2.0 * w.s0 * z2);
    let c = scale * w.squared_differences(x);
    let (s0, s1, s2) = (w.s0, w.s1, w.s2);
    let s02 = s0 * s0;
    let v_norm = ((2.0 * s1 + s2) * (nf - 1.0) - 4.0 * s02) / (2.0 * (nf + 1.0) * s02);
    let randomisation = (n >= 4).then(|| {
        let k = kurtosis(&z);
        let n2 = nf * nf;
        let a = (nf - 1.0) * s1 * (n2 - 3.0 * nf + 3.0 - (nf - 1.0) * k);
        let b = 0.25 * ((nf - 1.0) * s2 * (n2 + 3.0 * nf - 6.0 - (n2 - nf + 2.0) * k));
        let cc = s02 * (n2 - 3.0 - (nf - 1.0) * (nf - 1.0) * k);
        let v = (a - b + cc) / (nf * (nf - 2.0) * (nf - 3.0) * s02);
        NormalInference::new(c, 1.0, v)
    });
    let permutation = (permutations > 0).then(|| {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut xp = x.to_vec();
        let sims: Vec<f64> = (0..permutations)
            .map(|_| {
                xp.shuffle(&mut rng);
                scale * w.squared_differences(&xp)
            })
            .collect();
        PermutationInference::from_sims(c, &sims, seed)
    });
    Ok(GlobalTest {
        statistic: c,
        n,
        normality: NormalInference::new(c, 1.0, v_norm),
        randomisation,
        permutation,
    })
}

/// The LISA cluster of a unit (Anselin 1995): the Moran scatterplot quadrant of a significant local Moran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cluster {
    /// High value, high neighbours (`zᵢ > 0`, lag > 0).
    HighHigh,
    /// Low value, low neighbours.
    LowLow,
    /// High value, low neighbours (a spatial outlier).
    HighLow,
    /// Low value, high neighbours (a spatial outlier).
    LowHigh,
    /// The permutation p-value exceeds the significance level.
    NotSignificant,
}

/// The local Moran statistic of one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalMoran {
    /// The unit's label.
    pub unit: String,
    /// `Iᵢ = (n − 1)·zᵢ·Σⱼwᵢⱼzⱼ / Σₖzₖ²` (esda `Is`).
    pub i: f64,
    /// The standardised value `zᵢ/sd` (population sd).
    pub z: f64,
    /// The spatial lag of the standardised values, `Σⱼwᵢⱼzⱼ/sd`.
    pub lag: f64,
    /// Inference under total randomisation (Sokal et al. 1998, eqs. A3–A4; esda `EI`, `VI`).
    pub normal: NormalInference,
    /// Conditional-permutation pseudo p-value (esda `p_sim`).
    pub p_sim: f64,
    /// The Moran scatterplot quadrant whatever the significance (never [`Cluster::NotSignificant`]).
    pub quadrant: Cluster,
    /// The cluster label at the chosen significance level (by `p_sim`): the quadrant, or
    /// [`Cluster::NotSignificant`].
    pub cluster: Cluster,
}

/// Local Moran for every unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalMoranResult {
    /// One entry per unit, in the order of the weights.
    pub units: Vec<LocalMoran>,
    /// Number of conditional permutations per unit.
    pub permutations: usize,
    /// The seed.
    pub seed: u64,
    /// The significance level of the cluster labels.
    pub alpha: f64,
}

/// Local Moran's I, the LISA of Anselin (1995), with conditional-permutation pseudo p-values and cluster
/// labels. For unit `i`, `Iᵢ = (n − 1)zᵢ·Σⱼwᵢⱼzⱼ/Σₖzₖ²` (the esda scaling); under total randomisation
/// `E[Iᵢ] = −wᵢ./(n − 1)` and `Var(Iᵢ) = wᵢ⁽²⁾(n − b₂)/(n − 1) + (wᵢ.² − wᵢ⁽²⁾)(2b₂ − n)/((n − 1)(n − 2))
/// − E[Iᵢ]²` with `wᵢ⁽²⁾ = Σⱼwᵢⱼ²`. The conditional permutation holds `xᵢ` fixed and draws its `kᵢ`
/// neighbours' values without replacement from the other `n − 1` units, `permutations` times (ChaCha8,
/// `seed`, stream `i`). A unit is labelled by its quadrant (`zᵢ > 0` high, lag `> 0` high, as esda `q`) when
/// `p_sim ≤ alpha`, else [`Cluster::NotSignificant`].
///
/// # Errors
/// As [`morans_i`]; [`RegionalError::InvalidParameter`] for `permutations = 0` or `alpha` outside (0, 1).
pub fn local_moran(
    x: &[f64],
    w: &SpatialWeights,
    permutations: usize,
    seed: u64,
    alpha: f64,
) -> Result<LocalMoranResult> {
    check_level(alpha).map_err(|_| RegionalError::InvalidParameter {
        parameter: "alpha",
        value: alpha,
        reason: "a significance level must be in (0, 1)",
    })?;
    if permutations == 0 {
        return Err(RegionalError::InvalidParameter {
            parameter: "permutations",
            value: 0.0,
            reason: "local Moran labels need at least one permutation",
        });
    }
    let z = prepare("local Moran", x, w)?;
    let n = z.len();
    let nf = n as f64;
    let sd = (z.iter().map(|v| v * v).sum::<f64>() / nf).sqrt();
    let z: Vec<f64> = z.iter().map(|v| v / sd).collect();
    let den: f64 = z.iter().map(|v| v * v).sum();
    let scale = (nf - 1.0) / den;
    let b2 = kurtosis(&z);
    let mut units = Vec::with_capacity(n);
    let mut others: Vec<usize> = Vec::with_capacity(n - 1);
    for i in 0..n {
        let lag = w.lag_of(i, &z);
        let ii = scale * z[i] * lag;
        let (wi, wi2) = w
            .neighbours(i)
            .fold((0.0, 0.0), |(a, b), (_, v)| (a + v, b + v * v));
        let e = -wi / (nf - 1.0);
        let var = wi2 * (nf - b2) / (nf - 1.0)
            + (wi * wi - wi2) * (2.0 * b2 - nf) / ((nf - 1.0) * (nf - 2.0))
            - e * e;
        // Conditional permutation: partial Fisher–Yates over the other units.
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(i as u64);
        others.clear();
        others.extend((0..n).filter(|&j| j != i));
        let weights: Vec<f64> = w.neighbours(i).map(|(_, v)| v).collect();
        let k = weights.len();
        let sims: Vec<f64> = (0..permutations)
            .map(|_| {
                let (chosen, _) = others.partial_shuffle(&mut rng, k);
                let lag: f64 = chosen.iter().zip(&weights).map(|(&j, &v)| v * z[j]).sum();
                scale * z[i] * lag
            })
            .collect();
        let p_sim = PermutationInference::from_sims(ii, &sims, seed).p_value;
        let quadrant = match (z[i] > 0.0, lag > 0.0) {
            (true, true) => Cluster::HighHigh,
            (false, false) => Cluster::LowLow,
            (true, false) => Cluster::HighLow,
            (false, true) => Cluster::LowHigh,
        };
        let cluster = if p_sim > alpha {
            Cluster::NotSignificant
        } else {
            quadrant
        };
        units.push(LocalMoran {
            unit: w.labels[i].clone(),
            i: ii,
            z: z[i],
            lag,
            normal: NormalInference::new(ii, e, var),
            p_sim,
            quadrant,
            cluster,
        });
    }
    Ok(LocalMoranResult {
        units,
        permutations,
        seed,
        alpha,
    })
}
