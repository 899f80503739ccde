//! The settings of a Sobol analysis ([`SobolSettings`], [`Bootstrap`], [`CiMethod`]), its inputs
//! ([`SobolInput`], [`SobolGroup`]) and the [`SobolDesign`]: the Saltelli matrices and their points.

use super::*;

/// A named scalar model input and its distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[serde(default)]
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
#[serde(default)]
pub struct SobolSettings {
    /// Base sample size `N` (rows of `A` and of `B`); a power of two keeps the Sobol points balanced.
    /// Default 1024.
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

    /// The smallest `N` accepted for `d` factors: `max(2, d + 1)` for first and total order,
    /// `max(2, 2d + 1)` with second order.
    ///
    /// This is a floor, not a recommendation: the variance and the bootstrap need two base rows, and the `N`
    /// base rows should outnumber the `d` column swaps `A_B^(i)` (the `2d` swaps `A_B^(i)`, `B_A^(i)` with
    /// second order) that share them. Useful accuracy needs far more (hundreds to thousands; see the
    /// convergence test), and a power of two.
    pub fn minimum_n(d: usize, second_order: bool) -> usize {
        if second_order {
            (2 * d + 1).max(2)
        } else {
            (d + 1).max(2)
        }
    }

    /// A design over factors that may span several coordinates (groups).
    ///
    /// # Errors
    /// - [`CompositeError::TooFew`] with no factor; [`CompositeError::InvalidFactor`] for a factor with no
    ///   coordinate, a duplicate name or invalid distribution bounds; [`CompositeError::EmptyChoices`] and
    ///   [`CompositeError::InvalidProbabilities`] for a discrete marginal;
    /// - [`CompositeError::SampleTooSmall`] if `N` < [`SobolDesign::minimum_n`];
    /// - [`CompositeError::SobolLimit`] if `N > 2^16` or `2D > 256` (D = coordinates);
    /// - [`CompositeError::InvalidParameter`] for a confidence level outside (0, 1).
    pub fn grouped(factors: Vec<SobolGroup>, settings: SobolSettings) -> Result<Self> {
        if factors.is_empty() {
            return Err(CompositeError::TooFew {
                method: "Sobol analysis",
                what: "factors",
                needed: 1,
                got: 0,
            });
        }
        let mut names = Vec::with_capacity(factors.len());
        let mut groups = Vec::with_capacity(factors.len());
        let mut marginals = Vec::new();
        let mut mappers = Vec::new();
        for f in factors {
            if f.marginals.is_empty() {
                return Err(CompositeError::InvalidFactor {
                    factor: f.name,
                    reason: "a factor needs at least one coordinate".into(),
                });
            }
            if names.contains(&f.name) {
                return Err(CompositeError::InvalidFactor {
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
            return Err(CompositeError::SobolLimit {
                what: "dimensions (2 x the number of coordinates)",
                limit: MAX_DIMENSIONS,
                needed: 2 * dims,
            });
        }
        let minimum = Self::minimum_n(d, settings.second_order);
        if settings.n < minimum {
            return Err(CompositeError::SampleTooSmall {
                order: if settings.second_order {
                    "second order"
                } else {
                    "first and total order"
                },
                factors: d,
                minimum,
                n: settings.n,
            });
        }
        if settings.n > MAX_POINTS {
            return Err(CompositeError::SobolLimit {
                what: "points",
                limit: MAX_POINTS,
                needed: settings.n,
            });
        }
        let c = settings.bootstrap.confidence;
        if !(c > 0.0 && c < 1.0) {
            return Err(CompositeError::InvalidParameter {
                method: "Sobol bootstrap",
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

    /// Base rows `j` of `A` and `B` (unit coordinates) from the scrambled Sobol sequence.
    pub(super) fn base_row(&self, j: usize, a: &mut [f64], b: &mut [f64]) {
        let dims = self.dimension();
        let sets = (2 * dims).div_ceil(4);
        for s in 0..sets {
            let v = sobol_burley::sample_4d(j as u32, s as u32, self.settings.seed);
            for (k, x) in v.iter().enumerate() {
                let c = 4 * s + k;
                if c < dims {
                    a[c] = f64::from(*x);
                } else if c < 2 * dims {
                    b[c - dims] = f64::from(*x);
                }
            }
        }
    }

    /// Writes row `r` of the design (unit coordinates) into `out`, given the base rows.
    pub(super) fn fill_row(&self, r: usize, a: &[f64], b: &[f64], out: &mut [f64]) {
        let n = self.settings.n;
        let d = self.n_factors();
        let block = r / n;
        match block {
            0 => out.copy_from_slice(a),
            1 => out.copy_from_slice(b),
            k if k < 2 + d => {
                out.copy_from_slice(a);
                let g = self.groups[k - 2].clone();
                out[g.clone()].copy_from_slice(&b[g]);
            }
            k => {
                out.copy_from_slice(b);
                let g = self.groups[k - 2 - d].clone();
                out[g.clone()].copy_from_slice(&a[g]);
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

    pub(super) fn map_in_place(&self, x: &mut [f64]) {
        for (v, m) in x.iter_mut().zip(&self.mappers) {
            *v = m.map(*v);
        }
    }

    /// The base matrices `A` and `B` (row-major `N × D` each).
    pub(super) fn base_matrices(&self) -> (Vec<f64>, Vec<f64>) {
        let (n, dims) = (self.settings.n, self.dimension());
        let mut a = vec![0.0; n * dims];
        let mut b = vec![0.0; n * dims];
        for j in 0..n {
            self.base_row(
                j,
                &mut a[j * dims..(j + 1) * dims],
                &mut b[j * dims..(j + 1) * dims],
            );
        }
        (a, b)
    }

    /// The whole design on the unit hypercube, row-major `n_runs × D`, blocks `A`, `B`, `A_B^(i)`, `B_A^(i)`.
    pub fn unit_points(&self) -> Vec<f64> {
        let (n, dims, runs) = (self.settings.n, self.dimension(), self.n_runs());
        let (a, b) = self.base_matrices();
        let mut out = vec![0.0; runs * dims];
        for r in 0..runs {
            let j = r % n;
            self.fill_row(
                r,
                &a[j * dims..(j + 1) * dims],
                &b[j * dims..(j + 1) * dims],
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
