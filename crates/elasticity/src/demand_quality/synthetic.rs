//! A seeded synthetic CES demand system with known latent quality, costs and `σ` (for tests, examples and
//! benches).
//!
//! # Model
//! Countries `C01 … C<E>` export every product to every other country with probability `coverage` per
//! year. Exporter `e` has a latent quality `θ_e ~ N(0, σ_θ²)` growing by `g_e ~ N(0.02, 0.01²)` a year, and
//! product `k` of industry `I` adds `u_ek ~ N(0, σ_u²)`; exporter `e` has a cost level `c_e` with
//! `ln c_e ~ N(0, σ_c,I²)` (the **cost differences**, independent of quality). With `γ_I` the pass-through of
//! quality to price,
//!
//! ```text
//! ln λ_ekt   = θ_e + g_e (t − t₀) + u_ek
//! ln p_ejkt  = ln P_k + γ_I ln λ_ekt + ln c_e + ν_ejkt,                 ν ~ N(0, σ_ν²)
//! ln q_ejkt  = α_kjt − σ_I ln p_ejkt + (σ_I − 1) ln λ_ekt + η_ejkt,     η ~ N(0, σ_η²)
//! ```
//!
//! (`ln P_k ~ N(2, 1)`, `α_kjt ~ N(a_k, 1)`, `a_k ~ N(8, 1)`), so that
//! `ln q + σ ln p = α_kjt + (σ − 1) ln λ + η`: the regression of [`super`] recovers `ln λ` up to its
//! `(k, j, t)` mean with error `η/(σ − 1)`. The unit value ranks exporters by `γ ln λ + ln c`, so with cost
//! differences (`σ_c > 0`) it misranks them; without (`σ_c = 0`, `γ > 0`) it ranks them as quality does.
//!
//! Random numbers: ChaCha8 seeded with `seed`.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use super::{DemandQualityError, SigmaTable};
use crate::concordance::{Concordance, Industry, Mode};
use crate::error::ElasticityError;
use crate::flows::TradeFlows;

/// One industry of the synthetic demand system.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandIndustry {
    /// Industry id.
    pub id: String,
    /// Elasticity of substitution `σ_I` (> 1).
    pub sigma: f64,
    /// Number of products.
    pub products: usize,
    /// Pass-through `γ_I` of log quality to log price.
    pub quality_price: f64,
    /// `σ_c,I`, dispersion of the exporters' log cost (0: no cost differences).
    pub cost_sd: f64,
}

/// Configuration of the synthetic demand system.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandConfig {
    /// Seed of the ChaCha8 generator.
    pub seed: u64,
    /// Number of countries `E` (each exports to the others).
    pub countries: usize,
    /// Industries (at most 89).
    pub industries: Vec<DemandIndustry>,
    /// Years.
    pub years: Vec<u16>,
    /// Probability that an exporter sells a product to an importer in a year.
    pub coverage: f64,
    /// `σ_θ`, dispersion of the exporters' latent log quality.
    pub quality_sd: f64,
    /// `σ_u`, exporter × product deviation of log quality.
    pub product_quality_sd: f64,
    /// `σ_ν`, flow-level log price noise.
    pub price_noise_sd: f64,
    /// `σ_η`, flow-level log demand noise.
    pub demand_noise_sd: f64,
}

impl DemandConfig {
    /// A small system for tests: 30 countries, years 2010 and 2015, coverage 0.5, and three industries of 6
    /// products each: `Q1` (σ = 5, γ = 0.5, no cost differences), `Q2` (σ = 4, γ = 0.5, cost sd 0.8) and
    /// `Q3` (σ = 8, γ = 0.2, cost sd 1.0).
    pub fn small(seed: u64) -> Self {
        let ind = |id: &str, sigma, quality_price, cost_sd| DemandIndustry {
            id: id.into(),
            sigma,
            products: 6,
            quality_price,
            cost_sd,
        };
        Self {
            seed,
            countries: 30,
            industries: vec![
                ind("Q1", 5.0, 0.5, 0.0),
                ind("Q2", 4.0, 0.5, 0.8),
                ind("Q3", 8.0, 0.2, 1.0),
            ],
            years: vec![2010, 2015],
            coverage: 0.5,
            quality_sd: 0.5,
            product_quality_sd: 0.2,
            price_noise_sd: 0.05,
            demand_noise_sd: 0.3,
        }
    }

    /// About `flows` flows in one year (2015): 100 countries, full coverage, the industries of
    /// [`DemandConfig::small`] sharing `flows / 9 900` products. For benchmarks.
    pub fn sized(seed: u64, flows: usize) -> Self {
        let mut c = Self::small(seed);
        c.countries = 100;
        c.years = vec![2015];
        c.coverage = 1.0;
        let products = (flows / (100 * 99)).max(3);
        let n = c.industries.len();
        for (k, i) in c.industries.iter_mut().enumerate() {
            i.products = products / n + usize::from(k < products % n);
        }
        c
    }

    /// Generates the flows.
    ///
    /// # Errors
    /// [`DemandQualityError::Elasticity`] with [`ElasticityError::InvalidParameter`] for fewer than 2
    /// countries, no year, a coverage outside (0, 1], 0 or more than 89 industries, an industry without
    /// products or more than 9 999; a negative or non-finite standard deviation; [`DemandQualityError::InvalidSigma`]
    /// for `σ ≤ 1`.
    pub fn generate(&self) -> Result<DemandWorld, DemandQualityError> {
        let bad = |parameter, value: f64, reason| {
            Err(DemandQualityError::Elasticity(
                ElasticityError::InvalidParameter {
                    parameter,
                    value,
                    reason,
                },
            ))
        };
        if self.countries < 2 || self.years.is_empty() {
            return bad(
                "countries",
                self.countries as f64,
                "need at least 2 countries and one year",
            );
        }
        if !(self.coverage > 0.0 && self.coverage <= 1.0) {
            return bad("coverage", self.coverage, "must lie in (0, 1]");
        }
        if self.industries.is_empty() || self.industries.len() > 89 {
            return bad(
                "industries",
                self.industries.len() as f64,
                "need 1 to 89 industries",
            );
        }
        for i in &self.industries {
            if !(i.sigma.is_finite() && i.sigma > 1.0) {
                return Err(DemandQualityError::InvalidSigma {
                    column: "industry",
                    code: i.id.clone(),
                    value: i.sigma,
                    line: None,
                });
            }
            if i.products == 0 || i.products > 9999 {
                return bad(
                    "products",
                    i.products as f64,
                    "each industry needs 1 to 9999 products",
                );
            }
            if !(i.cost_sd.is_finite() && i.cost_sd >= 0.0 && i.quality_price.is_finite()) {
                return bad(
                    "cost_sd",
                    i.cost_sd,
                    "must be finite and >= 0 (and quality_price finite)",
                );
            }
        }
        for (name, v) in [
            ("quality_sd", self.quality_sd),
            ("product_quality_sd", self.product_quality_sd),
            ("price_noise_sd", self.price_noise_sd),
            ("demand_noise_sd", self.demand_noise_sd),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return bad(name, v, "a standard deviation must be finite and >= 0");
            }
        }
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let z = |rng: &mut ChaCha8Rng| -> f64 { StandardNormal.sample(rng) };
        let ne = self.countries;
        let mut flows = TradeFlows::new();
        let names: Vec<String> = (1..=ne).map(|k| format!("C{k:02}")).collect();
        for n in &names {
            flows.countries.intern(n);
        }
        let theta: Vec<f64> = (0..ne).map(|_| self.quality_sd * z(&mut rng)).collect();
        let growth: Vec<f64> = (0..ne).map(|_| 0.02 + 0.01 * z(&mut rng)).collect();
        let unit_cost: Vec<f64> = (0..ne).map(|_| z(&mut rng)).collect();
        // (product id, industry, ln P_k, a_k)
        let mut products = Vec::new();
        for (k, ind) in self.industries.iter().enumerate() {
            for j in 0..ind.products {
                let id = flows.products.intern(&format!("{:02}{:04}", 10 + k, j + 1));
                products.push((id, k, 2.0 + z(&mut rng), 8.0 + z(&mut rng)));
            }
        }
        let u: Vec<f64> = (0..ne * products.len())
            .map(|_| self.product_quality_sd * z(&mut rng))
            .collect();
        let reserve = (ne * (ne - 1) * products.len() * self.years.len()) as f64 * self.coverage;
        let reserve = reserve as usize + 16;
        let mut true_quality = Vec::with_capacity(reserve);
        for c in [&mut flows.exporter, &mut flows.importer, &mut flows.product] {
            c.reserve(reserve);
        }
        flows.year.reserve(reserve);
        flows.value.reserve(reserve);
        flows.quantity.reserve(reserve);
        let t0 = self.years[0];
        for &year in &self.years {
            let dt = f64::from(year) - f64::from(t0);
            for (pk, &(pid, k, ln_p, a)) in products.iter().enumerate() {
                let ind = &self.industries[k];
                let s = ind.sigma;
                for j in 0..ne {
                    let alpha = a + z(&mut rng);
                    for e in 0..ne {
                        if e == j || (self.coverage < 1.0 && rng.random::<f64>() >= self.coverage) {
                            continue;
                        }
                        let lambda = theta[e] + growth[e] * dt + u[e * products.len() + pk];
                        let lp = ln_p
                            + ind.quality_price * lambda
                            + ind.cost_sd * unit_cost[e]
                            + self.price_noise_sd * z(&mut rng);
                        let lq = alpha - s * lp
                            + (s - 1.0) * lambda
                            + self.demand_noise_sd * z(&mut rng);
                        let (q, p) = (lq.exp(), lp.exp());
                        let v = p * q;
                        if q > 0.0 && v > 0.0 && q.is_finite() && v.is_finite() {
                            flows.push_ids(year, e as u32, j as u32, pid, v, q);
                            true_quality.push(lambda);
                        }
                    }
                }
            }
        }
        let industries: Vec<Industry> = self
            .industries
            .iter()
            .map(|i| Industry {
                id: i.id.clone(),
                name: format!("synthetic {}", i.id),
                manufacturing: true,
            })
            .collect();
        let prefixes: Vec<(String, String)> = self
            .industries
            .iter()
            .enumerate()
            .map(|(k, i)| (format!("{:02}", 10 + k), i.id.clone()))
            .collect();
        let refs: Vec<(&str, &str)> = prefixes
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let concordance = Concordance::new(industries, &refs, Mode::Strict)?;
        Ok(DemandWorld {
            flows,
            concordance,
            sigma: self
                .industries
                .iter()
                .map(|i| (i.id.clone(), i.sigma))
                .collect(),
            true_quality,
            exporter_quality: names.iter().cloned().zip(theta).collect(),
            exporter_cost: names.into_iter().zip(unit_cost).collect(),
        })
    }
}

/// A generated demand system.
#[derive(Debug, Clone)]
pub struct DemandWorld {
    /// The flows.
    pub flows: TradeFlows,
    /// The concordance of its product codes (strict).
    pub concordance: Concordance,
    /// `σ` per industry id.
    pub sigma: Vec<(String, f64)>,
    /// True `ln λ_ekt` per flow (aligned with the flows).
    pub true_quality: Vec<f64>,
    /// `θ_e` per exporter.
    pub exporter_quality: Vec<(String, f64)>,
    /// The standardised cost draw `ln c_e / σ_c` per exporter (multiplied by each industry's `cost_sd`).
    pub exporter_cost: Vec<(String, f64)>,
}

impl DemandWorld {
    /// The true `σ` as a table by industry (resolve with the world's concordance).
    ///
    /// # Errors
    /// Never for a generated world (`σ > 1` is validated); [`DemandQualityError::InvalidSigma`] otherwise.
    pub fn sigma_table(&self) -> Result<SigmaTable, DemandQualityError> {
        self.sigma
            .iter()
            .try_fold(SigmaTable::default(), |t, (id, s)| t.with_industry(id, *s))
    }

    /// The true quality demeaned within each product × importer × year cell: what the regression
    /// identifies (aligned with the flows).
    pub fn true_quality_within_cells(&self) -> Vec<f64> {
        let f = &self.flows;
        let mut sums: crate::flows::FxHashMap<(u16, u32, u32), (f64, f64)> = Default::default();
        for i in 0..f.len() {
            let s = sums
                .entry((f.year[i], f.product[i], f.importer[i]))
                .or_insert((0.0, 0.0));
            s.0 += self.true_quality[i];
            s.1 += 1.0;
        }
        (0..f.len())
            .map(|i| {
                let (s, n) = sums[&(f.year[i], f.product[i], f.importer[i])];
                self.true_quality[i] - s / n
            })
            .collect()
    }
}
