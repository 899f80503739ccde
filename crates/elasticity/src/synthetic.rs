//! A seeded synthetic trade world with known industry quality elasticities (for tests, examples, benches).
//!
//! # Model
//! Countries `e = 1..E` (named `C01`, `C02`, …: synthetic, not real countries) have a latent quality
//! `θ_e ~ N(0, σ_θ²)` that grows by `g_e ~ N(μ_g, σ_g²)` per year. Industry `I` has a **true slope** `β_I` and
//! `P_I` products; product `p` has a base price `P_p = exp(N(2, 1))` (USD/kg) and a market size
//! `a_p ~ N(10, 1)`. For each year `t`, every country exports each product with probability `coverage`, with
//!
//! ```text
//! x_ept   = θ_e + g_e (t − t_0) + u_ept,         u ~ N(0, σ_u²)   (log quality-price position)
//! UV_ept  = P_p · exp(x_ept)
//! ln V_ept = a_p + β_I x_ept + ε_ept,             ε ~ N(0, σ_ε²)
//! ```
//!
//! so that, within a product and year, the log market share rises with the log relative unit value with slope
//! `β_I` — exactly the regression of [`crate::quality_elasticity`]. The cell value is split over
//! `importers_per_cell` random partners (exponential weights), each flow's unit value multiplied by
//! `exp(N(0, σ_f²))`. The true class is quality-sensitive if `β_I > 0`, price-sensitive if `β_I < 0`,
//! neutral if `β_I = 0`. Products are coded `CCnnnn` with the 2-digit chapter `CC = 10 + I`, and the world
//! carries a matching [`Concordance`].
//!
//! Random numbers: ChaCha8 seeded with `seed`; the same seed gives the same world on every machine.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp1, StandardNormal};
use serde::{Deserialize, Serialize};

use crate::concordance::{Concordance, Industry, Mode};
use crate::error::{ElasticityError, Result};
use crate::flows::TradeFlows;
use crate::quality_elasticity::QualityClass;

/// One synthetic industry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndustrySpec {
    /// Industry id.
    pub id: String,
    /// True slope `β_I` of log market share on log relative unit value.
    pub true_slope: f64,
    /// Number of products.
    pub products: usize,
}

/// Configuration of the synthetic world.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyntheticConfig {
    /// Seed of the ChaCha8 generator.
    pub seed: u64,
    /// Number of countries `E` (each exports and imports).
    pub countries: usize,
    /// Industries (at most 89).
    pub industries: Vec<IndustrySpec>,
    /// Years.
    pub years: Vec<u16>,
    /// Probability that a country exports a product in a year.
    pub coverage: f64,
    /// Flows per (exporter, product, year) cell.
    pub importers_per_cell: usize,
    /// `σ_θ`, dispersion of latent quality.
    pub quality_sd: f64,
    /// `μ_g`, mean latent-quality growth per year.
    pub growth_mean: f64,
    /// `σ_g`, dispersion of growth.
    pub growth_sd: f64,
    /// `σ_u`, product-specific deviation of the price position.
    pub price_noise_sd: f64,
    /// `σ_ε`, noise of log value.
    pub value_noise_sd: f64,
    /// `σ_f`, flow-level unit-value noise.
    pub flow_noise_sd: f64,
}

impl SyntheticConfig {
    /// A small world for tests: 9 industries (slopes 1.5, 1, 0.8 / 0, 0, 0 / −0.8, −1, −1.5; 4 products each),
    /// 30 countries, years 2010 and 2015, coverage 0.8, 3 importers per cell.
    pub fn small(seed: u64) -> Self {
        let slopes = [1.5, 1.0, 0.8, 0.0, 0.0, 0.0, -0.8, -1.0, -1.5];
        Self {
            seed,
            countries: 30,
            industries: slopes
                .iter()
                .enumerate()
                .map(|(k, &b)| IndustrySpec {
                    id: format!("ind{:02}", k + 1),
                    true_slope: b,
                    products: 4,
                })
                .collect(),
            years: vec![2010, 2015],
            coverage: 0.8,
            importers_per_cell: 3,
            quality_sd: 0.5,
            growth_mean: 0.02,
            growth_sd: 0.03,
            price_noise_sd: 0.3,
            value_noise_sd: 0.5,
            flow_noise_sd: 0.05,
        }
    }

    /// A world of about `flows` flows over `products` products in one year (2015): 10 industries with
    /// slopes from 1.5 to −1.5, `countries = 100`, full coverage, `importers_per_cell = flows / (100 ·
    /// products)` (at least 1). For benchmarks.
    pub fn sized(seed: u64, flows: usize, products: usize) -> Self {
        let mut c = Self::small(seed);
        let ni = 10;
        c.industries = (0..ni)
            .map(|k| IndustrySpec {
                id: format!("ind{:02}", k + 1),
                true_slope: 1.5 - 3.0 * k as f64 / (ni - 1) as f64,
                products: products / ni + usize::from(k < products % ni),
            })
            .collect();
        c.countries = 100;
        c.years = vec![2015];
        c.coverage = 1.0;
        c.importers_per_cell = (flows / (100 * products.max(1))).max(1);
        c
    }
}

/// A generated world.
#[derive(Debug, Clone)]
pub struct SyntheticWorld {
    /// The flows.
    pub flows: TradeFlows,
    /// The concordance of its product codes (strict).
    pub concordance: Concordance,
    /// True class per industry id.
    pub truth: Vec<(String, QualityClass)>,
    /// Latent quality `θ_e` (first year) per country.
    pub latent_quality: Vec<(String, f64)>,
}

/// Generates a world.
///
/// # Errors
/// [`ElasticityError::InvalidParameter`] for fewer than 2 countries, more than 89 industries, an industry
/// without products, a coverage outside (0, 1], no importer per cell, no year, or a negative or non-finite
/// standard deviation or slope.
pub fn generate(config: &SyntheticConfig) -> Result<SyntheticWorld> {
    let bad = |parameter, value: f64, reason| {
        Err(ElasticityError::InvalidParameter {
            parameter,
            value,
            reason,
        })
    };
    if config.countries < 2 {
        return bad(
            "countries",
            config.countries as f64,
            "need at least 2 countries",
        );
    }
    if config.industries.is_empty() || config.industries.len() > 89 {
        return bad(
            "industries",
            config.industries.len() as f64,
            "need 1 to 89 industries",
        );
    }
    if config
        .industries
        .iter()
        .any(|i| i.products == 0 || i.products > 9999 || !i.true_slope.is_finite())
    {
        return bad(
            "products",
            0.0,
            "each industry needs 1 to 9999 products and a finite slope",
        );
    }
    if !(config.coverage > 0.0 && config.coverage <= 1.0) {
        return bad("coverage", config.coverage, "must lie in (0, 1]");
    }
    if config.importers_per_cell == 0 || config.years.is_empty() {
        return bad(
            "importers_per_cell",
            config.importers_per_cell as f64,
            "need at least one importer and year",
        );
    }
    for (name, v) in [
        ("quality_sd", config.quality_sd),
        ("growth_sd", config.growth_sd),
        ("price_noise_sd", config.price_noise_sd),
        ("value_noise_sd", config.value_noise_sd),
        ("flow_noise_sd", config.flow_noise_sd),
    ] {
        if !(v.is_finite() && v >= 0.0) {
            return bad(name, v, "a standard deviation must be finite and >= 0");
        }
    }
    if !config.growth_mean.is_finite() {
        return bad("growth_mean", config.growth_mean, "must be finite");
    }
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let z = |rng: &mut ChaCha8Rng| -> f64 { StandardNormal.sample(rng) };
    let ne = config.countries;
    let mut flows = TradeFlows::new();
    let names: Vec<String> = (1..=ne).map(|k| format!("C{k:02}")).collect();
    for n in &names {
        flows.countries.intern(n);
    }
    let theta: Vec<f64> = (0..ne).map(|_| config.quality_sd * z(&mut rng)).collect();
    let growth: Vec<f64> = (0..ne)
        .map(|_| config.growth_mean + config.growth_sd * z(&mut rng))
        .collect();
    // Products.
    let mut products = Vec::new(); // (product id, industry index, ln base price, a_p)
    for (k, ind) in config.industries.iter().enumerate() {
        for j in 0..ind.products {
            let code = format!("{:02}{:04}", 10 + k, j + 1);
            let id = flows.products.intern(&code);
            products.push((id, k, 2.0 + z(&mut rng), 10.0 + z(&mut rng)));
        }
    }
    let t0 = config.years[0];
    let m = config.importers_per_cell;
    let mut w = vec![0.0; m];
    let n_est = ne * products.len() * config.years.len() * m;
    let reserve = (n_est as f64 * config.coverage) as usize + 16;
    flows.year.reserve(reserve);
    flows.exporter.reserve(reserve);
    flows.importer.reserve(reserve);
    flows.product.reserve(reserve);
    flows.value.reserve(reserve);
    flows.quantity.reserve(reserve);
    for &year in &config.years {
        let dt = f64::from(year) - f64::from(t0);
        for &(pid, k, ln_price, a) in &products {
            let beta = config.industries[k].true_slope;
            for e in 0..ne {
                if config.coverage < 1.0 && rng.random::<f64>() >= config.coverage {
                    continue;
                }
                let x = theta[e] + growth[e] * dt + config.price_noise_sd * z(&mut rng);
                let uv = (ln_price + x).exp();
                let value = (a + beta * x + config.value_noise_sd * z(&mut rng)).exp();
                let mut sw = 0.0;
                for wi in w.iter_mut() {
                    *wi = Exp1.sample(&mut rng);
                    sw += *wi;
                }
                for wi in &w {
                    let mut imp = rng.random_range(0..ne - 1);
                    if imp >= e {
                        imp += 1;
                    }
                    let v = value * wi / sw;
                    let fuv = uv * (config.flow_noise_sd * z(&mut rng)).exp();
                    if v > 0.0 && fuv > 0.0 && v.is_finite() && fuv.is_finite() {
                        flows.push_ids(year, e as u32, imp as u32, pid, v, v / fuv);
                    }
                }
            }
        }
    }
    let industries: Vec<Industry> = config
        .industries
        .iter()
        .map(|i| Industry {
            id: i.id.clone(),
            name: format!("synthetic {}", i.id),
            manufacturing: true,
        })
        .collect();
    let prefixes: Vec<(String, String)> = config
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
    let truth = config
        .industries
        .iter()
        .map(|i| {
            let c = if i.true_slope > 0.0 {
                QualityClass::QualitySensitive
            } else if i.true_slope < 0.0 {
                QualityClass::PriceSensitive
            } else {
                QualityClass::Neutral
            };
            (i.id.clone(), c)
        })
        .collect();
    let latent_quality = names.into_iter().zip(theta).collect();
    Ok(SyntheticWorld {
        flows,
        concordance,
        truth,
        latent_quality,
    })
}

/// A 3×3 confusion matrix `m[true][estimated]` in the order of [`QualityClass::ALL`]; industries not
/// classified are counted in the returned second value.
pub fn confusion_matrix(
    truth: &[(String, QualityClass)],
    estimated: &std::collections::HashMap<String, QualityClass>,
) -> ([[usize; 3]; 3], usize) {
    let idx = |c: QualityClass| QualityClass::ALL.iter().position(|&x| x == c).unwrap_or(1);
    let mut m = [[0usize; 3]; 3];
    let mut missing = 0;
    for (id, t) in truth {
        match estimated.get(id) {
            Some(&e) => m[idx(*t)][idx(e)] += 1,
            None => missing += 1,
        }
    }
    (m, missing)
}
