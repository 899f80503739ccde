//! The settings of a Sobol analysis ([`SobolSettings`], [`Bootstrap`], [`CiMethod`]), its inputs
//! ([`SobolInput`], [`SobolGroup`]) and the [`SobolDesign`]: the Saltelli matrices and their points.

use super::*;

/// A named scalar model input and its distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SobolInput {
    /// Name used in the outputs.
    pub name: String,
    /// Distribution of the input.
    pub marginal: Marginal,
}

impl SobolInput {
    /// A named input.
    pub fn new(name: impl Into<String>, marginal: Marginal) -> Self {
        Self {
            name: name.into(),
            marginal,
        }
    }
}

/// A named factor spanning one or more coordinates that are switched together between `A` and `B`
/// (a group in SALib's terms).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SobolGroup {
    /// Name used in the outputs.
    pub name: String,
    /// Distribution of each coordinate of the group.
    pub marginals: Vec<Marginal>,
}

/// How bootstrap confidence intervals are formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CiMethod {
    /// `estimate ± z_{1−α/2} · sd(bootstrap estimates)`: SALib's `S1_conf`/`ST_conf` (the half-width). Default.
    #[default]
    Normal,
    /// The `α/2` and `1 − α/2` quantiles (Hyndman–Fan type 7) of the bootstrap estimates.
    Percentile,
}

/// Bootstrap settings for the confidence intervals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Bootstrap {
    /// Number of resamples; 0 disables the intervals. Default 100 (SALib's `num_resamples`).
    pub resamples: usize,
    /// Confidence level in (0, 1). Default 0.95.
    pub confidence: f64,
    /// Interval type. Default [`CiMethod::Normal`].
    pub method: CiMethod,
    /// Seed of the resampling (ChaCha8, one stream per resample). Default 0.
    pub seed: u64,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Self {
            resamples: 100,
            confidence: 0.95,
            method: CiMethod::Normal,
            seed: 0,
        }
    }
}

/// Settings of a Sobol analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SobolSettings {
    /// Base sample size `N` (rows of `A` and of `B`), at least [`SobolDesign::minimum_n`]; a power of two
    /// keeps the Sobol points balanced. Default 1024.
    pub n: usize,
    /// Also estimate second-order indices (`N(2d + 2)` runs instead of `N(d + 2)`). Default false.
    pub second_order: bool,
    /// Seed of the Owen scrambling (`sobol_burley::sample_4d`'s seed). Default 0.
    pub seed: u32,
    /// Bootstrap confidence intervals.
    pub bootstrap: Bootstrap,
}

impl Default for SobolSettings {
    fn default() -> Self {
        Self {
            n: 1024,
            second_order: false,
            seed: 0,
            bootstrap: Bootstrap::default(),
        }
    }
}

/// A validated Saltelli design: factors, their coordinates and distributions, and the settings.
#[derive(Debug, Clone)]
pub struct SobolDesign {
    pub(super) names: Vec<String>,
    pub(super) groups: Vec<Range<usize>>,
    pub(super) marginals: Vec<Marginal>,
    pub(super) mappers: Vec<Mapper>,
    pub(super) settings: SobolSettings,
}

impl SobolDesign {
    /// A design over scalar inputs (one coordinate each).
    ///
    /// # Errors
    /// See [`SobolDesign::grouped`].
    pub fn new(inputs: Vec<SobolInput>, settings: SobolSettings) -> Result<Self> {
        Self::grouped(
            inputs
                .into_iter()
                .map(|i| SobolGroup {
                    name: i.name,
                    marginals: vec![i.marginal],
                })
                .collect(),
            settings,
        )
    }

    /// The smallest `N` accepted for `d` factors: `max(8, d + 1)` for first and total order,
    /// `max(8, 2d + 1)` with second order ([`MIN_N`] = 8).
    ///
    /// This is a floor, not a recommendation. Below 8 base rows the variance `V` and each per-factor mean
    /// rest on a handful of products and the estimates are meaningless (not even ordered: at `N = 3` a
    /// two-factor model gives `S1 = 1.055` above `ST = 0.33`; the bootstrap over 3 rows has only 10 distinct
    /// resamples); and the `N` base rows should outnumber the `d` column swaps `A_B^(i)` (the `2d` swaps
    /// `A_B^(i)`, `B_A^(i)` with second order) that share them. Useful accuracy needs far more (hundreds to
    /// thousands; see [`sobol_convergence`](super::sobol_convergence)), and a power of two.
    pub fn minimum_n(d: usize, second_order: bool) -> usize {
        if second_order {
            (2 * d + 1).max(MIN_N)
        } else {
            (d + 1).max(MIN_N)
        }
    }

    /// A design over factors that may span several coordinates (groups).
    ///
    /// # Errors
    /// - [`SensitivityError::TooFew`] with no factor; [`SensitivityError::InvalidFactor`] for a factor with
    ///   no coordinate or a duplicate name; [`SensitivityError::InvalidMarginal`] for invalid distribution
    ///   parameters; [`SensitivityError::EmptyChoices`] and [`SensitivityError::InvalidProbabilities`] for a
    ///   discrete marginal;
    /// - [`SensitivityError::TooFew`] (`what: "base samples N"`) if `N` < [`SobolDesign::minimum_n`];
    /// - [`SensitivityError::TooLarge`] if `N >` [`MAX_POINTS`] or `2D > 256` (D = coordinates);
    /// - [`SensitivityError::InvalidParameter`] for a confidence level outside (0, 1).
    pub fn grouped(factors: Vec<SobolGroup>, settings: SobolSettings) -> Result<Self> {
        if factors.is_empty() {
            return Err(SensitivityError::TooFew {
                method: "sobol",
                what: "factors",
                needed: 1,
                got: 0,
                reason: "an analysis needs a factor",
            });
        }
        let mut names = Vec::with_capacity(factors.len());
        let mut groups = Vec::with_capacity(factors.len());
        let mut marginals = Vec::new();
        let mut mappers = Vec::new();
        for f in factors {
            if f.marginals.is_empty() {
                return Err(SensitivityError::InvalidFactor {
                    factor: f.name,
                    reason: "a factor needs at least one coordinate".into(),
                });
            }
            if names.contains(&f.name) {
                return Err(SensitivityError::InvalidFactor {
                    factor: f.name,
                    reason: "duplicate factor name".into(),
                });
            }
            let start = marginals.len();
            for m in &f.marginals {
                mappers.push(Mapper::new(m, &f.name)?);
            }
            marginals.extend(f.marginals);
            groups.push(start..marginals.len());
            names.push(f.name);
        }
        let d = names.len();
        let dims = marginals.len();
        if 2 * dims > MAX_DIMENSIONS {
            return Err(SensitivityError::TooLarge {
                method: "sobol",
                what: "dimensions of the Sobol sequence (2 x the number of coordinates)",
                limit: MAX_DIMENSIONS,
                n: 2 * dims,
            });
        }
        let minimum = Self::minimum_n(d, settings.second_order);
        if settings.n < minimum {
            return Err(SensitivityError::TooFew {
                method: "sobol",
                what: "base samples N",
                needed: minimum,
                got: settings.n,
                reason: if settings.second_order {
                    "second order needs N >= max(8, 2d + 1): below 8 rows the estimates are meaningless (S1 may exceed ST), and the N rows must outnumber the 2d column swaps"
                } else {
                    "first and total order need N >= max(8, d + 1): below 8 rows the estimates are meaningless (S1 may exceed ST), and the N rows must outnumber the d column swaps"
                },
            });
        }
        if settings.n > MAX_POINTS {
            return Err(SensitivityError::TooLarge {
                method: "sobol",
                what: "base samples N",
                limit: MAX_POINTS,
                n: settings.n,
            });
        }
        let c = settings.bootstrap.confidence;
        if !(c > 0.0 && c < 1.0) {
            return Err(SensitivityError::InvalidParameter {
                method: "sobol",
                parameter: "confidence",
                reason: format!("must be in (0, 1), got {c}"),
            });
        }
        Ok(Self {
            names,
            groups,
            marginals,
            mappers,
            settings,
        })
    }

    /// Factor names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of factors `d`.
    pub fn n_factors(&self) -> usize {
        self.names.len()
    }

    /// Number of coordinates `D` (≥ d when factors are groups).
    pub fn dimension(&self) -> usize {
        self.marginals.len()
    }

    /// The coordinates of each factor.
    pub fn groups(&self) -> &[Range<usize>] {
        &self.groups
    }

    /// The distribution of each coordinate.
    pub fn marginals(&self) -> &[Marginal] {
        &self.marginals
    }

    /// The settings.
    pub fn settings(&self) -> &SobolSettings {
        &self.settings
    }

    /// Number of model runs: `N(d + 2)`, or `N(2d + 2)` with second order.
    pub fn n_runs(&self) -> usize {
        let d = self.n_factors();
        self.settings.n
            * if self.settings.second_order {
                2 * d + 2
            } else {
                d + 2
            }
    }

    /// Base rows `j` of `A` and `B` (unit coordinates) from the scrambled Sobol sequence (an independent
    /// scrambling per block of [`POINTS_PER_SEQUENCE`] rows, see the [module docs](super)).
    pub(super) fn base_row<T: From<f32> + Copy>(&self, j: usize, a: &mut [T], b: &mut [T]) {
        let dims = self.dimension();
        let sets = (2 * dims).div_ceil(4);
        let block = (j / POINTS_PER_SEQUENCE) as u32;
        let seed = self.settings.seed ^ block.wrapping_mul(0x9E37_79B9);
        let index = (j % POINTS_PER_SEQUENCE) as u32;
        for s in 0..sets {
            let v = sobol_burley::sample_4d(index, s as u32, seed);
            for (k, x) in v.iter().enumerate() {
                let c = 4 * s + k;
                if c < dims {
                    a[c] = T::from(*x);
                } else if c < 2 * dims {
                    b[c - dims] = T::from(*x);
                }
            }
        }
    }

    /// Writes row `r` of the design (unit coordinates) into `out`, given the base rows.
    pub(super) fn fill_row<T: Copy + Into<f64>>(
        &self,
        r: usize,
        a: &[T],
        b: &[T],
        out: &mut [f64],
    ) {
        let n = self.settings.n;
        let d = self.n_factors();
        let block = r / n;
        let copy = |out: &mut [f64], src: &[T]| {
            for (o, s) in out.iter_mut().zip(src) {
                *o = (*s).into();
            }
        };
        match block {
            0 => copy(out, a),
            1 => copy(out, b),
            k if k < 2 + d => {
                copy(out, a);
                let g = self.groups[k - 2].clone();
                copy(&mut out[g.clone()], &b[g]);
            }
            k => {
                copy(out, b);
                let g = self.groups[k - 2 - d].clone();
                copy(&mut out[g.clone()], &a[g]);
            }
        }
    }

    /// Row `r` of the design on the unit hypercube.
    pub fn unit_row(&self, r: usize) -> Vec<f64> {
        let dims = self.dimension();
        let (mut a, mut b, mut out) = (vec![0.0; dims], vec![0.0; dims], vec![0.0; dims]);
        self.base_row(r % self.settings.n, &mut a, &mut b);
        self.fill_row(r, &a, &b, &mut out);
        out
    }

    /// Row `r` of the design mapped through the marginals (the model inputs).
    pub fn row(&self, r: usize) -> Vec<f64> {
        let mut x = self.unit_row(r);
        self.map_in_place(&mut x);
        x
    }

    /// Maps unit coordinates to model inputs through the marginals, in place.
    pub fn map_in_place(&self, x: &mut [f64]) {
        for (v, m) in x.iter_mut().zip(&self.mappers) {
            *v = m.map(*v);
        }
    }

    /// The base matrices `A` and `B` side by side, row-major `N × 2D` (`A_j` then `B_j`), as the `f32` the
    /// sequence gives (exact), filled in parallel.
    pub(super) fn base_matrices(&self) -> Vec<f32> {
        let (n, dims) = (self.settings.n, self.dimension());
        let mut ab = vec![0f32; n * 2 * dims];
        let filled = run_into::<_, (), _>(n, 2 * dims, &mut ab, Control::default(), |rows, s| {
            for (j, row) in rows.zip(s.chunks_mut(2 * dims)) {
                let (a, b) = row.split_at_mut(dims);
                self.base_row(j, a, b);
            }
            Ok(())
        });
        debug_assert!(filled.is_ok());
        ab
    }

    /// The whole design on the unit hypercube, row-major `n_runs × D`, blocks `A`, `B`, `A_B^(i)`, `B_A^(i)`.
    pub fn unit_points(&self) -> Vec<f64> {
        let (n, dims, runs) = (self.settings.n, self.dimension(), self.n_runs());
        let ab = self.base_matrices();
        let mut out = vec![0.0; runs * dims];
        for r in 0..runs {
            let j = r % n;
            let row = &ab[j * 2 * dims..(j + 1) * 2 * dims];
            self.fill_row(
                r,
                &row[..dims],
                &row[dims..],
                &mut out[r * dims..(r + 1) * dims],
            );
        }
        out
    }

    /// The whole design mapped through the marginals (the model inputs), row-major `n_runs × D`.
    pub fn points(&self) -> Vec<f64> {
        let mut p = self.unit_points();
        for row in p.chunks_mut(self.dimension().max(1)) {
            self.map_in_place(row);
        }
        p
    }
}

/// Reorders model outputs from SALib's Saltelli layout — per base row `j`, `A_j`, `AB_j^(1..d)`, (with
/// second order `BA_j^(1..d)`), `B_j` — into this crate's design order (blocks `A`, `B`, `A_B^(i)`,
/// `B_A^(i)`), so that [`SobolDesign::analyse`] of a design with the same `N`, `d` and order gives the
/// indices of a SALib sample (the estimators read only the outputs).
///
/// # Errors
/// [`SensitivityError::DimensionMismatch`] unless `y.len() == N(d + 2)` (`N(2d + 2)` with second order).
pub fn from_salib_order(y: &[f64], n: usize, d: usize, second_order: bool) -> Result<Vec<f64>> {
    let per = if second_order { 2 * d + 2 } else { d + 2 };
    if y.len() != n * per {
        return Err(SensitivityError::DimensionMismatch {
            method: "sobol",
            what: "SALib-ordered outputs",
            expected: n * per,
            got: y.len(),
        });
    }
    let mut out = vec![0.0; y.len()];
    for j in 0..n {
        let row = &y[j * per..(j + 1) * per];
        out[j] = row[0];
        out[n + j] = row[per - 1];
        for i in 0..d {
            out[(2 + i) * n + j] = row[1 + i];
            if second_order {
                out[(2 + d + i) * n + j] = row[1 + d + i];
            }
        }
    }
    Ok(out)
}
