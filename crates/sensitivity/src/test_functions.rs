//! Benchmark functions of global sensitivity analysis, with their analytic indices where they exist.
//!
//! Every function implements [`TestFunction`]: its dimension, the bounds of its independent uniform factors,
//! its value at a point of its own domain ([`eval`](TestFunction::eval)) or of the unit hypercube
//! ([`eval_unit`](TestFunction::eval_unit), each coordinate mapped linearly onto the factor's bounds), and the
//! analytic first-order and total Sobol indices when they are known in closed form.
//!
//! | function | factors | domain | analytic S1 / ST |
//! |---|---|---|---|
//! | [`Ishigami`] (Ishigami & Homma 1990) | 3 | `[-π, π]³` | yes |
//! | [`SobolG`] (Sobol' 1993; Saltelli & Sobol' 1995) | any | `[0, 1]^D` | yes |
//! | [`SobolGStar`] (Saltelli et al. 2010) | any | `[0, 1]^D` | yes |
//! | [`Morris1991`] (Morris 1991) | 20 | `[0, 1]^20` | no |
//! | [`Linear`] | any | any box | yes |
//!
//! Variance decompositions use the Sobol'–Hoeffding (ANOVA) decomposition of a function of independent
//! factors: `V = Σ_i V_i + Σ_{i<j} V_ij + …`, `S_i = V_i / V`, `ST_i = Σ_{u ∋ i} V_u / V`.

use crate::{Result, SensitivityError};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::f64::consts::PI;

/// A benchmark function of independent uniform factors.
pub trait TestFunction {
    /// A short key (`ishigami`, `sobol_g`, ...).
    fn name(&self) -> &'static str;

    /// The number of factors.
    fn dim(&self) -> usize;

    /// The bounds `(lo, hi)` of each factor, each uniformly distributed on its interval.
    fn bounds(&self) -> Vec<(f64, f64)>;

    /// The value at `x`, a point of the function's own domain (`x.len() == dim()`; extra coordinates are
    /// ignored, missing ones panic).
    fn eval(&self, x: &[f64]) -> f64;

    /// The value at the unit-hypercube point `u ∈ [0,1]^D`, mapped onto the bounds: `x_i = lo_i + u_i (hi_i −
    /// lo_i)`.
    fn eval_unit(&self, u: &[f64]) -> f64 {
        let x: Vec<f64> = self
            .bounds()
            .iter()
            .zip(u)
            .map(|(&(lo, hi), &ui)| lo + ui * (hi - lo))
            .collect();
        self.eval(&x)
    }

    /// The analytic first-order Sobol indices `S_i = V_i / V`, when known.
    fn first_order(&self) -> Option<Vec<f64>>;

    /// The analytic total-effect Sobol indices `ST_i`, when known.
    fn total(&self) -> Option<Vec<f64>>;

    /// The analytic variance `V` of the output, when known.
    fn variance(&self) -> Option<f64>;
}

fn invalid(method: &'static str, parameter: &'static str, reason: String) -> SensitivityError {
    SensitivityError::InvalidParameter {
        method,
        parameter,
        reason,
    }
}

/// The Ishigami function (Ishigami & Homma 1990), the usual first test of a sensitivity method:
///
/// `f(x) = sin x₁ + a sin² x₂ + b x₃⁴ sin x₁`, `x_i ~ U(−π, π)`, by default `a = 7`, `b = 0.1`
/// (Marrel et al. 2009; SALib's `Ishigami`).
///
/// Analytic decomposition (Sobol' & Levitan 1999; Saltelli et al. 2008, §4.2):
/// `V₁ = ½ (1 + bπ⁴/5)²`, `V₂ = a²/8`, `V₃ = 0`, `V₁₃ = 8 b² π⁸ / 225`, every other term zero, and
/// `V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½`. So `S = (V₁, V₂, 0)/V` and `ST = (V₁ + V₁₃, V₂, V₁₃)/V`; at the
/// defaults `S ≈ (0.3139, 0.4424, 0)`, `ST ≈ (0.5576, 0.4424, 0.2437)`.
///
/// ```
/// use mfg_quality_sensitivity::test_functions::{Ishigami, TestFunction};
/// let f = Ishigami::default();
/// let s = f.first_order().unwrap();
/// assert!((s[0] - 0.3139).abs() < 1e-4);
/// assert!((f.eval(&[0.0, 0.0, 1.0])).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ishigami {
    a: f64,
    b: f64,
}

impl Default for Ishigami {
    fn default() -> Self {
        Ishigami { a: 7.0, b: 0.1 }
    }
}

impl Ishigami {
    /// The Ishigami function with coefficients `a` and `b` (both finite).
    pub fn new(a: f64, b: f64) -> Result<Self> {
        if !a.is_finite() {
            return Err(invalid("ishigami", "a", format!("{a} is not finite")));
        }
        if !b.is_finite() {
            return Err(invalid("ishigami", "b", format!("{b} is not finite")));
        }
        Ok(Ishigami { a, b })
    }

    /// The coefficient `a`.
    pub fn a(&self) -> f64 {
        self.a
    }

    /// The coefficient `b`.
    pub fn b(&self) -> f64 {
        self.b
    }

    /// The partial variances `(V₁, V₂, V₃, V₁₃)`.
    pub fn partial_variances(&self) -> (f64, f64, f64, f64) {
        let (a, b) = (self.a, self.b);
        let pi4 = PI.powi(4);
        let pi8 = PI.powi(8);
        let v1 = 0.5 * (1.0 + b * pi4 / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = 8.0 * b * b * pi8 / 225.0;
        (v1, v2, 0.0, v13)
    }
}

impl TestFunction for Ishigami {
    fn name(&self) -> &'static str {
        "ishigami"
    }
    fn dim(&self) -> usize {
        3
    }
    fn bounds(&self) -> Vec<(f64, f64)> {
        vec![(-PI, PI); 3]
    }
    fn eval(&self, x: &[f64]) -> f64 {
        let s2 = x[1].sin();
        x[0].sin() * (1.0 + self.b * x[2].powi(4)) + self.a * s2 * s2
    }
    fn first_order(&self) -> Option<Vec<f64>> {
        let v = self.variance()?;
        let (v1, v2, v3, _) = self.partial_variances();
        Some(vec![v1 / v, v2 / v, v3 / v])
    }
    fn total(&self) -> Option<Vec<f64>> {
        let v = self.variance()?;
        let (v1, v2, _, v13) = self.partial_variances();
        Some(vec![(v1 + v13) / v, v2 / v, v13 / v])
    }
    fn variance(&self) -> Option<f64> {
        let (a, b) = (self.a, self.b);
        let v = a * a / 8.0 + b * PI.powi(4) / 5.0 + b * b * PI.powi(8) / 18.0 + 0.5;
        (v > 0.0).then_some(v)
    }
}

/// Sobol's G function (Sobol' 1993; Saltelli & Sobol' 1995; Saltelli et al. 2010, eq. 20):
///
/// `f(x) = Π_i g_i(x_i)`, `g_i(x) = (|4x − 2| + a_i) / (1 + a_i)`, `x_i ~ U(0, 1)`, `a_i ≥ 0`
/// (small `a_i`: an important factor; `a_i = 99`: a nearly irrelevant one).
///
/// Each `g_i` has mean 1 and variance `V_i = 1 / (3 (1 + a_i)²)`; the decomposition is multiplicative:
/// `V = Π_i (1 + V_i) − 1`, `S_i = V_i / V`, `ST_i = V_i Π_{j≠i} (1 + V_j) / V`.
/// [`SobolG::default`] is SALib's eight-factor case `a = (0, 1, 4.5, 9, 99, 99, 99, 99)`.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolG {
    a: Vec<f64>,
}

impl Default for SobolG {
    fn default() -> Self {
        SobolG {
            a: vec![0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0],
        }
    }
}

impl SobolG {
    /// The G function with coefficients `a` (at least one, each finite and ≥ 0).
    pub fn new(a: Vec<f64>) -> Result<Self> {
        check_a("sobol_g", &a)?;
        Ok(SobolG { a })
    }

    /// The coefficients `a_i`.
    pub fn a(&self) -> &[f64] {
        &self.a
    }

    fn partials(&self) -> Vec<f64> {
        self.a
            .iter()
            .map(|&a| 1.0 / (3.0 * (1.0 + a) * (1.0 + a)))
            .collect()
    }
}

fn check_a(method: &'static str, a: &[f64]) -> Result<()> {
    if a.is_empty() {
        return Err(SensitivityError::TooFew {
            method,
            what: "factors",
            needed: 1,
            got: 0,
            reason: "the function needs one coefficient per factor",
        });
    }
    if let Some((i, v)) = a
        .iter()
        .enumerate()
        .find(|(_, v)| !v.is_finite() || **v < 0.0)
    {
        return Err(invalid(
            method,
            "a",
            format!("a[{i}] = {v}: every coefficient must be finite and ≥ 0"),
        ));
    }
    Ok(())
}

/// `S_i`, `ST_i` and `V` of a product of independent unit-mean terms with variances `v_i`.
fn product_indices(v: &[f64]) -> (Vec<f64>, Vec<f64>, f64) {
    let prod: f64 = v.iter().map(|vi| 1.0 + vi).product();
    let total = prod - 1.0;
    let s = v.iter().map(|vi| vi / total).collect();
    let st = v
        .iter()
        .map(|vi| vi * (prod / (1.0 + vi)) / total)
        .collect();
    (s, st, total)
}

impl TestFunction for SobolG {
    fn name(&self) -> &'static str {
        "sobol_g"
    }
    fn dim(&self) -> usize {
        self.a.len()
    }
    fn bounds(&self) -> Vec<(f64, f64)> {
        vec![(0.0, 1.0); self.a.len()]
    }
    fn eval(&self, x: &[f64]) -> f64 {
        self.a
            .iter()
            .zip(x)
            .map(|(&a, &xi)| ((4.0 * xi - 2.0).abs() + a) / (1.0 + a))
            .product()
    }
    fn first_order(&self) -> Option<Vec<f64>> {
        Some(product_indices(&self.partials()).0)
    }
    fn total(&self) -> Option<Vec<f64>> {
        Some(product_indices(&self.partials()).1)
    }
    fn variance(&self) -> Option<f64> {
        Some(product_indices(&self.partials()).2)
    }
}

/// The G* function of Saltelli et al. (2010, eq. 21), the G function with a shift `δ_i` and a curvature `α_i`:
///
/// `f(x) = Π_i g*_i(x_i)`,
/// `g*_i(x) = ((1 + α_i) |2 (x + δ_i − ⌊x + δ_i⌋) − 1|^{α_i} + a_i) / (1 + a_i)`, `x_i ~ U(0, 1)`,
/// `a_i ≥ 0`, `δ_i ∈ [0, 1]`, `α_i > 0` (`α_i = 1`, `δ_i = 0` give the G function).
///
/// The shift leaves the distribution of each term unchanged, so the indices do not depend on `δ`: each term
/// has mean 1 and variance `V_i = α_i² / ((1 + 2α_i)(1 + a_i)²)`, and `V = Π (1 + V_i) − 1`,
/// `S_i = V_i / V`, `ST_i = V_i Π_{j≠i} (1 + V_j) / V`.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolGStar {
    a: Vec<f64>,
    delta: Vec<f64>,
    alpha: Vec<f64>,
}

impl SobolGStar {
    /// The G* function with coefficients `a` (finite, ≥ 0), shifts `delta` (in `[0, 1]`) and curvatures
    /// `alpha` (finite, > 0), all of one length ≥ 1.
    pub fn new(a: Vec<f64>, delta: Vec<f64>, alpha: Vec<f64>) -> Result<Self> {
        const M: &str = "sobol_g_star";
        check_a(M, &a)?;
        for (what, v) in [("delta", &delta), ("alpha", &alpha)] {
            if v.len() != a.len() {
                return Err(SensitivityError::DimensionMismatch {
                    method: M,
                    what,
                    expected: a.len(),
                    got: v.len(),
                });
            }
        }
        if let Some((i, d)) = delta
            .iter()
            .enumerate()
            .find(|(_, d)| !(0.0..=1.0).contains(*d))
        {
            return Err(invalid(
                M,
                "delta",
                format!("delta[{i}] = {d}: each shift must lie in [0, 1]"),
            ));
        }
        if let Some((i, al)) = alpha
            .iter()
            .enumerate()
            .find(|(_, al)| !al.is_finite() || **al <= 0.0)
        {
            return Err(invalid(
                M,
                "alpha",
                format!("alpha[{i}] = {al}: each curvature must be finite and > 0"),
            ));
        }
        Ok(SobolGStar { a, delta, alpha })
    }

    /// The coefficients `a_i`.
    pub fn a(&self) -> &[f64] {
        &self.a
    }

    /// The shifts `δ_i`.
    pub fn delta(&self) -> &[f64] {
        &self.delta
    }

    /// The curvatures `α_i`.
    pub fn alpha(&self) -> &[f64] {
        &self.alpha
    }

    fn partials(&self) -> Vec<f64> {
        self.a
            .iter()
            .zip(&self.alpha)
            .map(|(&a, &al)| al * al / ((1.0 + 2.0 * al) * (1.0 + a) * (1.0 + a)))
            .collect()
    }
}

impl TestFunction for SobolGStar {
    fn name(&self) -> &'static str {
        "sobol_g_star"
    }
    fn dim(&self) -> usize {
        self.a.len()
    }
    fn bounds(&self) -> Vec<(f64, f64)> {
        vec![(0.0, 1.0); self.a.len()]
    }
    fn eval(&self, x: &[f64]) -> f64 {
        let mut p = 1.0;
        for (i, &xi) in x.iter().enumerate().take(self.a.len()) {
            let s = xi + self.delta[i];
            let frac = s - s.floor();
            let (a, al) = (self.a[i], self.alpha[i]);
            p *= ((1.0 + al) * (2.0 * frac - 1.0).abs().powf(al) + a) / (1.0 + a);
        }
        p
    }
    fn first_order(&self) -> Option<Vec<f64>> {
        Some(product_indices(&self.partials()).0)
    }
    fn total(&self) -> Option<Vec<f64>> {
        Some(product_indices(&self.partials()).1)
    }
    fn variance(&self) -> Option<f64> {
        Some(product_indices(&self.partials()).2)
    }
}

/// The 20-factor function of Morris (1991, §4), the usual test of screening designs:
///
/// `y = β₀ + Σ_i β_i w_i + Σ_{i<j} β_ij w_i w_j + Σ_{i<j<l} β_ijl w_i w_j w_l
///      + Σ_{i<j<l<s} β_ijls w_i w_j w_l w_s`, `x_i ~ U(0, 1)`,
///
/// with `w_i = 2 (1.1 x_i / (x_i + 0.1) − ½)` for `i = 3, 5, 7` and `w_i = 2 (x_i − ½)` otherwise (1-based),
/// and `β_i = 20` (`i ≤ 10`), `β_ij = −15` (`i, j ≤ 6`), `β_ijl = −10` (`i, j, l ≤ 5`), `β_ijls = 5`
/// (`i, j, l, s ≤ 4`); the remaining third- and fourth-order coefficients are zero, and the remaining
/// first- and second-order coefficients and `β₀` are draws of N(0, 1) — here from a seeded ChaCha8 stream
/// ([`Morris1991::new`]) or given ([`Morris1991::with_coefficients`]). The first ten factors are important
/// (the first seven with strong interactions or non-linearity), the last ten nearly irrelevant. No closed-form
/// indices.
#[derive(Debug, Clone, PartialEq)]
pub struct Morris1991 {
    beta0: f64,
    beta1: [f64; 20],
    /// Upper triangle, `beta2[i][j]` for `i < j`.
    beta2: [[f64; 20]; 20],
}

impl Morris1991 {
    /// The function with `β₀`, `β_i` (`i > 10`) and `β_ij` (not both `≤ 6`) drawn from N(0, 1) by a ChaCha8
    /// generator seeded with `seed` (Box–Muller), in the order `β₀`, `β₁₁ … β₂₀`, then `β_ij` row by row.
    pub fn new(seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut normal = move || {
            let u1: f64 = 1.0 - rng.random::<f64>();
            let u2: f64 = rng.random::<f64>();
            (-2.0 * u1.ln()).sqrt() * (2.0 * PI * u2).cos()
        };
        let beta0 = normal();
        let mut beta1 = [0.0; 20];
        for (i, b) in beta1.iter_mut().enumerate() {
            *b = if i < 10 { 20.0 } else { normal() };
        }
        let mut beta2 = [[0.0; 20]; 20];
        for (i, row) in beta2.iter_mut().enumerate() {
            for (j, b) in row.iter_mut().enumerate().skip(i + 1) {
                *b = if i < 6 && j < 6 { -15.0 } else { normal() };
            }
        }
        Morris1991 {
            beta0,
            beta1,
            beta2,
        }
    }

    /// The function with given `β₀`, first-order `β_i` and second-order `β_ij` (only `i < j` is read);
    /// Morris's fixed coefficients (`β_i = 20` for `i ≤ 10`, `β_ij = −15` for `i, j ≤ 6`) overwrite the given
    /// ones there. Every coefficient must be finite.
    pub fn with_coefficients(beta0: f64, beta1: [f64; 20], beta2: [[f64; 20]; 20]) -> Result<Self> {
        if !beta0.is_finite() {
            return Err(invalid(
                "morris_1991",
                "beta0",
                format!("{beta0} is not finite"),
            ));
        }
        if let Some(i) = beta1.iter().position(|b| !b.is_finite()) {
            return Err(invalid(
                "morris_1991",
                "beta1",
                format!("beta1[{i}] = {} is not finite", beta1[i]),
            ));
        }
        for (i, row) in beta2.iter().enumerate() {
            if let Some(j) = row.iter().position(|b| !b.is_finite()) {
                return Err(invalid(
                    "morris_1991",
                    "beta2",
                    format!("beta2[{i}][{j}] = {} is not finite", row[j]),
                ));
            }
        }
        let mut f = Morris1991 {
            beta0,
            beta1,
            beta2,
        };
        for b in f.beta1.iter_mut().take(10) {
            *b = 20.0;
        }
        for i in 0..6 {
            for j in i + 1..6 {
                f.beta2[i][j] = -15.0;
            }
        }
        Ok(f)
    }

    /// `β₀`.
    pub fn beta0(&self) -> f64 {
        self.beta0
    }

    /// The first-order coefficients `β_i`.
    pub fn beta1(&self) -> &[f64; 20] {
        &self.beta1
    }

    /// The second-order coefficient `β_ij` (0-based, order-free; zero on the diagonal).
    pub fn beta2(&self, i: usize, j: usize) -> f64 {
        match i.cmp(&j) {
            std::cmp::Ordering::Less => self.beta2[i][j],
            std::cmp::Ordering::Greater => self.beta2[j][i],
            std::cmp::Ordering::Equal => 0.0,
        }
    }
}

impl TestFunction for Morris1991 {
    fn name(&self) -> &'static str {
        "morris_1991"
    }
    fn dim(&self) -> usize {
        20
    }
    fn bounds(&self) -> Vec<(f64, f64)> {
        vec![(0.0, 1.0); 20]
    }
    fn eval(&self, x: &[f64]) -> f64 {
        let mut w = [0.0; 20];
        for (i, wi) in w.iter_mut().enumerate() {
            let xi = x[i];
            *wi = if matches!(i, 2 | 4 | 6) {
                2.0 * (1.1 * xi / (xi + 0.1) - 0.5)
            } else {
                2.0 * (xi - 0.5)
            };
        }
        let mut y = self.beta0;
        for i in 0..20 {
            y += self.beta1[i] * w[i];
            for j in i + 1..20 {
                y += self.beta2[i][j] * w[i] * w[j];
            }
        }
        for i in 0..5 {
            for j in i + 1..5 {
                for l in j + 1..5 {
                    y -= 10.0 * w[i] * w[j] * w[l];
                }
            }
        }
        // i < j < l < s ≤ 4 (1-based): the single product w1 w2 w3 w4.
        y += 5.0 * w[0] * w[1] * w[2] * w[3];
        y
    }
    fn first_order(&self) -> Option<Vec<f64>> {
        None
    }
    fn total(&self) -> Option<Vec<f64>> {
        None
    }
    fn variance(&self) -> Option<f64> {
        None
    }
}

/// First-order (= total) indices of a linear model `y = β₀ + Σ a_i x_i` of independent factors with
/// variances `Var_i`: `S_i = ST_i = a_i² Var_i / Σ_j a_j² Var_j` (Saltelli et al. 2008, §1.2.5), whatever the
/// factors' distributions. All zeros when every term vanishes.
pub fn linear_indices(coefficients: &[f64], variances: &[f64]) -> Vec<f64> {
    let terms: Vec<f64> = coefficients
        .iter()
        .zip(variances)
        .map(|(a, v)| a * a * v)
        .collect();
    let total: f64 = terms.iter().sum();
    if total > 0.0 {
        terms.iter().map(|t| t / total).collect()
    } else {
        vec![0.0; terms.len()]
    }
}

/// A linear model `y = β₀ + Σ_i a_i x_i` of independent uniform factors `x_i ~ U(lo_i, hi_i)`:
/// `Var_i = (hi_i − lo_i)² / 12`, `V = Σ a_i² Var_i`, `S_i = ST_i = a_i² Var_i / V` (see
/// [`linear_indices`] for other distributions). Additive, so `Σ S_i = 1`.
#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    intercept: f64,
    coefficients: Vec<f64>,
    bounds: Vec<(f64, f64)>,
}

impl Linear {
    /// The model with `intercept`, `coefficients` and factor `bounds` (one per coefficient, `lo < hi`, all
    /// finite; at least one factor).
    pub fn new(intercept: f64, coefficients: Vec<f64>, bounds: Vec<(f64, f64)>) -> Result<Self> {
        const M: &str = "linear";
        if coefficients.is_empty() {
            return Err(SensitivityError::TooFew {
                method: M,
                what: "factors",
                needed: 1,
                got: 0,
                reason: "the model needs one coefficient per factor",
            });
        }
        if bounds.len() != coefficients.len() {
            return Err(SensitivityError::DimensionMismatch {
                method: M,
                what: "bounds",
                expected: coefficients.len(),
                got: bounds.len(),
            });
        }
        if !intercept.is_finite() {
            return Err(invalid(
                M,
                "intercept",
                format!("{intercept} is not finite"),
            ));
        }
        if let Some(i) = coefficients.iter().position(|a| !a.is_finite()) {
            return Err(invalid(
                M,
                "coefficients",
                format!("coefficient {i} = {} is not finite", coefficients[i]),
            ));
        }
        if let Some(i) = bounds
            .iter()
            .position(|(lo, hi)| !(lo.is_finite() && hi.is_finite() && lo < hi))
        {
            return Err(invalid(
                M,
                "bounds",
                format!(
                    "bounds {i} = ({}, {}): need finite lo < hi",
                    bounds[i].0, bounds[i].1
                ),
            ));
        }
        Ok(Linear {
            intercept,
            coefficients,
            bounds,
        })
    }

    /// The factor variances `(hi − lo)² / 12`.
    pub fn variances(&self) -> Vec<f64> {
        self.bounds
            .iter()
            .map(|(lo, hi)| (hi - lo) * (hi - lo) / 12.0)
            .collect()
    }

    /// The coefficients `a_i`.
    pub fn coefficients(&self) -> &[f64] {
        &self.coefficients
    }
}

impl TestFunction for Linear {
    fn name(&self) -> &'static str {
        "linear"
    }
    fn dim(&self) -> usize {
        self.coefficients.len()
    }
    fn bounds(&self) -> Vec<(f64, f64)> {
        self.bounds.clone()
    }
    fn eval(&self, x: &[f64]) -> f64 {
        self.intercept
            + self
                .coefficients
                .iter()
                .zip(x)
                .map(|(a, xi)| a * xi)
                .sum::<f64>()
    }
    fn first_order(&self) -> Option<Vec<f64>> {
        Some(linear_indices(&self.coefficients, &self.variances()))
    }
    fn total(&self) -> Option<Vec<f64>> {
        self.first_order()
    }
    fn variance(&self) -> Option<f64> {
        Some(
            self.coefficients
                .iter()
                .zip(self.variances())
                .map(|(a, v)| a * a * v)
                .sum(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// Mean and variance of `f` over an `n`-point midpoint grid per axis (a deterministic quadrature).
    fn grid_moments(f: &dyn TestFunction, n: usize) -> (f64, f64) {
        let d = f.dim();
        let total = n.pow(d as u32);
        let (mut s, mut s2) = (0.0, 0.0);
        let mut u = vec![0.0; d];
        for k in 0..total {
            let mut r = k;
            for ui in u.iter_mut() {
                *ui = ((r % n) as f64 + 0.5) / n as f64;
                r /= n;
            }
            let y = f.eval_unit(&u);
            s += y;
            s2 += y * y;
        }
        let m = s / total as f64;
        (m, s2 / total as f64 - m * m)
    }

    #[test]
    fn ishigami_analytic_values() {
        let f = Ishigami::default();
        let s = f.first_order().unwrap();
        let st = f.total().unwrap();
        // Published values (Saltelli et al. 2008; SALib's Ishigami docs): S = (0.3139, 0.4424, 0),
        // ST = (0.5576, 0.4424, 0.2437), V = 13.8446.
        assert!(close(f.variance().unwrap(), 13.844_587_940_719_254, 1e-9));
        assert!(close(s[0], 0.313_905_191_147_811_5, 1e-9));
        assert!(close(s[1], 0.442_411_144_790_040_9, 1e-9));
        assert!(close(s[2], 0.0, 1e-15));
        assert!(close(st[0], 0.557_588_855_209_959_2, 1e-9));
        assert!(close(st[1], 0.442_411_144_790_040_9, 1e-9));
        assert!(close(st[2], 0.243_683_664_062_147_7, 1e-9));
        // V = V1 + V2 + V13.
        let (v1, v2, _, v13) = f.partial_variances();
        assert!(close(v1 + v2 + v13, f.variance().unwrap(), 1e-12));
        // The variance by quadrature.
        let (m, v) = grid_moments(&f, 120);
        assert!(close(m, 3.5, 1e-3), "mean {m}");
        assert!(close(v, f.variance().unwrap(), 1e-2), "variance {v}");
        assert!(Ishigami::new(f64::NAN, 0.1).is_err());
        assert_eq!(
            Ishigami::new(7.0, f64::INFINITY).unwrap_err().kind(),
            mfg_quality_indicators::ErrorKind::InvalidParameter
        );
    }

    #[test]
    fn sobol_g_analytic_values() {
        // a = (0, 1, 9, 99): V_i = 1/3, 1/12, 1/300, 1/30000.
        let f = SobolG::new(vec![0.0, 1.0, 9.0, 99.0]).unwrap();
        let v: [f64; 4] = [1.0 / 3.0, 1.0 / 12.0, 1.0 / 300.0, 1.0 / 30000.0];
        let prod: f64 = v.iter().map(|x| 1.0 + x).product();
        let vt = prod - 1.0;
        let s = f.first_order().unwrap();
        let st = f.total().unwrap();
        for i in 0..4 {
            assert!(close(s[i], v[i] / vt, 1e-14));
            assert!(close(st[i], v[i] * prod / (1.0 + v[i]) / vt, 1e-14));
            assert!(st[i] >= s[i]);
        }
        assert!(close(s[0], 0.741_882_303_230_213_5, 1e-14));
        // SALib's eight-factor default: S ≈ (0.7162, 0.1790, 0.0237, 0.0072, …), ST ≈ (0.7871, 0.2422, …)
        // (Saltelli et al. 2008, table 4.4).
        let d = SobolG::default();
        let (s8, st8) = (d.first_order().unwrap(), d.total().unwrap());
        assert!(close(s8[0], 0.716_192_168_879_033_1, 1e-14));
        assert!(close(s8[1], 0.179_048_042_219_758_3, 1e-14));
        assert!(close(st8[0], 0.787_144_126_659_274_9, 1e-14));
        assert!(close(st8[3], 0.010_460_387_065_239_53, 1e-14));
        // A 40⁴ midpoint grid: the kinks of |4x − 2| leave an error of about 1e-3.
        let (m, var) = grid_moments(&f, 40);
        assert!(close(m, 1.0, 1e-9), "mean {m}");
        assert!(close(var, vt, 2e-3), "variance {var} vs {vt}");
        // One factor: S = ST = 1.
        let one = SobolG::new(vec![2.0]).unwrap();
        assert!(close(one.first_order().unwrap()[0], 1.0, 1e-12));
        assert!(close(one.total().unwrap()[0], 1.0, 1e-12));
        assert_eq!(SobolG::default().dim(), 8);
        assert!(SobolG::new(vec![]).is_err());
        assert!(SobolG::new(vec![1.0, -0.5]).is_err());
        assert!(SobolG::new(vec![f64::NAN]).is_err());
    }

    #[test]
    fn sobol_g_star_analytic_values() {
        let a = vec![0.0, 0.5, 3.0];
        let alpha = vec![1.0, 2.0, 0.5];
        let delta = vec![0.3, 0.0, 0.9];
        let f = SobolGStar::new(a.clone(), delta, alpha.clone()).unwrap();
        let v: Vec<f64> = a
            .iter()
            .zip(&alpha)
            .map(|(a, al)| al * al / ((1.0 + 2.0 * al) * (1.0 + a) * (1.0 + a)))
            .collect();
        let prod: f64 = v.iter().map(|x| 1.0 + x).product();
        let s = f.first_order().unwrap();
        let st = f.total().unwrap();
        for i in 0..3 {
            assert!(close(s[i], v[i] / (prod - 1.0), 1e-14));
            assert!(close(
                st[i],
                v[i] * prod / (1.0 + v[i]) / (prod - 1.0),
                1e-14
            ));
        }
        let (m, var) = grid_moments(&f, 60);
        assert!(close(m, 1.0, 2e-3), "mean {m}");
        assert!(close(var, prod - 1.0, 5e-3), "variance {var}");
        // α = 1, δ = 0: the G function, point by point.
        let g = SobolG::new(a.clone()).unwrap();
        let gs = SobolGStar::new(a.clone(), vec![0.0; 3], vec![1.0; 3]).unwrap();
        for x in [[0.1, 0.7, 0.33], [0.9, 0.0, 0.5]] {
            assert!(close(g.eval(&x), gs.eval(&x), 1e-14));
        }
        assert_eq!(g.first_order(), gs.first_order());
        assert!(SobolGStar::new(a.clone(), vec![0.0; 2], vec![1.0; 3]).is_err());
        assert!(SobolGStar::new(a.clone(), vec![1.5; 3], vec![1.0; 3]).is_err());
        assert!(SobolGStar::new(a, vec![0.0; 3], vec![0.0; 3]).is_err());
    }

    #[test]
    fn morris_function_structure() {
        // Remaining coefficients zero: at x = 1 every w_i = 1 except w3, w5, w7 = 2(1.1/1.1 - 0.5) = 1.
        let f = Morris1991::with_coefficients(0.0, [0.0; 20], [[0.0; 20]; 20]).unwrap();
        // 10·20 − 15·C(6,2) − 10·C(5,3) + 5 = 200 − 225 − 100 + 5.
        assert!(close(f.eval(&[1.0; 20]), -120.0, 1e-12));
        // At x = 1/2: w_i = 0 except w3, w5, w7 = 2(0.55/0.6 − 0.5) = 5/6; β35 = β35·..., one pair ≤ 6 (3,5).
        let w = 2.0 * (0.55 / 0.6 - 0.5);
        let expect = 3.0 * 20.0 * w - 15.0 * w * w; // (3,5) is the only pair among {3,5,7} with both ≤ 6
        assert!(close(f.eval(&[0.5; 20]), expect, 1e-12));
        // Seeded draws are reproducible and differ by seed; factors 11–20 have small coefficients.
        let r1 = Morris1991::new(7);
        assert_eq!(r1, Morris1991::new(7));
        assert_ne!(r1, Morris1991::new(8));
        assert!(r1.beta1()[..10].iter().all(|&b| close(b, 20.0, 0.0)));
        assert!(r1.beta1()[10..].iter().all(|b| b.abs() < 6.0));
        assert!(close(r1.beta2(1, 0), -15.0, 0.0));
        assert!(close(r1.beta2(3, 3), 0.0, 0.0));
        assert!(Morris1991::with_coefficients(f64::NAN, [0.0; 20], [[0.0; 20]; 20]).is_err());
        assert_eq!(r1.dim(), 20);
        assert!(r1.first_order().is_none());
    }

    #[test]
    fn linear_analytic_values() {
        // a = (1, 2, 3) on widths (1, 1, 2): a² Var = (1, 4, 36)/12; Σ = 41/12.
        let f = Linear::new(
            5.0,
            vec![1.0, 2.0, 3.0],
            vec![(0.0, 1.0), (-1.0, 0.0), (0.0, 2.0)],
        )
        .unwrap();
        let s = f.first_order().unwrap();
        assert!(close(s[0], 1.0 / 41.0, 1e-15));
        assert!(close(s[1], 4.0 / 41.0, 1e-15));
        assert!(close(s[2], 36.0 / 41.0, 1e-15));
        assert_eq!(f.total(), f.first_order());
        assert!(close(f.variance().unwrap(), 41.0 / 12.0, 1e-14));
        let (m, v) = grid_moments(&f, 30);
        assert!(close(m, 5.0 + 0.5 - 1.0 + 3.0, 1e-12));
        assert!(close(v, 41.0 / 12.0, 1e-2));
        assert_eq!(
            linear_indices(&[2.0, 1.0], &[1.0, 4.0]),
            vec![0.5, 0.5],
            "general variances"
        );
        assert_eq!(linear_indices(&[0.0, 0.0], &[1.0, 1.0]), vec![0.0, 0.0]);
        assert!(Linear::new(0.0, vec![], vec![]).is_err());
        assert!(Linear::new(0.0, vec![1.0], vec![(1.0, 1.0)]).is_err());
        assert!(Linear::new(0.0, vec![1.0], vec![(0.0, 1.0), (0.0, 1.0)]).is_err());
    }
}
