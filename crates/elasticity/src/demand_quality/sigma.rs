//! Elasticities of substitution `σ` by product or industry, from a user CSV, with a documented default.

use std::collections::HashMap;
use std::io::Read;

use super::DemandQualityError;
use crate::concordance::ProductMap;
use crate::flows::{Dictionary, normalise_product_code};

/// The default elasticity of substitution, `σ = 5`, used for every product the table does not cover.
///
/// Why a constant and why 5: the product-level estimates KSW use (Broda & Weinstein 2006, "Globalization and
/// the gains from variety", *QJE* 121(2)) are not redistributable, so no table ships with the crate. A
/// constant keeps the default transparent: with one σ for all products the quality ranking within a product
/// × importer × year depends on σ only through the weight of the price in `ln q + σ ln p`. The value 5 is a
/// round number inside the range of the literature: Broda & Weinstein's median elasticities for finely
/// disaggregated goods are around 3, and the median structural trade elasticity of Head & Mayer's
/// meta-analysis (2014, *Handbook of International Economics* vol. 4, ch. 3) is about −5, i.e. `σ ≈ 6` in
/// a CES model. Pass your own table ([`SigmaTable::read_csv`]) to use product- or industry-level estimates.
pub const DEFAULT_SIGMA: f64 = 5.0;

/// `σ` by product code and by industry id, with a default for everything else.
///
/// Resolution for a product ([`SigmaTable::resolve`]): its own code, else its industry (through a
/// concordance's [`ProductMap`]), else the default.
#[derive(Debug, Clone, PartialEq)]
pub struct SigmaTable {
    default: f64,
    by_product: HashMap<String, f64>,
    by_industry: HashMap<String, f64>,
}

impl Default for SigmaTable {
    /// Every product at [`DEFAULT_SIGMA`].
    fn default() -> Self {
        Self {
            default: DEFAULT_SIGMA,
            by_product: HashMap::new(),
            by_industry: HashMap::new(),
        }
    }
}

fn check_sigma(
    column: &'static str,
    code: &str,
    value: f64,
    line: Option<u64>,
) -> Result<f64, DemandQualityError> {
    if value.is_finite() && value > 1.0 {
        Ok(value)
    } else {
        Err(DemandQualityError::InvalidSigma {
            column,
            code: code.to_string(),
            value,
            line,
        })
    }
}

impl SigmaTable {
    /// One `σ` for every product.
    ///
    /// # Errors
    /// [`DemandQualityError::InvalidSigma`] unless `σ` is finite and > 1.
    pub fn constant(sigma: f64) -> Result<Self, DemandQualityError> {
        Ok(Self {
            default: check_sigma("default", "", sigma, None)?,
            ..Self::default()
        })
    }

    /// Sets `σ` of one product (code normalised as the flows' codes are).
    ///
    /// # Errors
    /// [`DemandQualityError::InvalidSigma`] unless `σ` is finite and > 1;
    /// [`DemandQualityError::Malformed`] (line 0) for an empty code.
    pub fn with_product(mut self, code: &str, sigma: f64) -> Result<Self, DemandQualityError> {
        let code = normalise_product_code(code).map_err(|_| DemandQualityError::Malformed {
            line: 0,
            column: "product".into(),
            message: "empty product code".into(),
        })?;
        let s = check_sigma("product", &code, sigma, None)?;
        self.by_product.insert(code, s);
        Ok(self)
    }

    /// Sets `σ` of one industry (its id in the concordance).
    ///
    /// # Errors
    /// [`DemandQualityError::InvalidSigma`] unless `σ` is finite and > 1.
    pub fn with_industry(mut self, id: &str, sigma: f64) -> Result<Self, DemandQualityError> {
        let s = check_sigma("industry", id, sigma, None)?;
        self.by_industry.insert(id.trim().to_string(), s);
        Ok(self)
    }

    /// The default `σ`.
    pub fn default_sigma(&self) -> f64 {
        self.default
    }

    /// Reads a CSV with a header `product,sigma` or `industry,sigma` (two columns, in this order; one kind
    /// per file, combine files with [`SigmaTable::merge`]). Product codes are normalised as the flows'
    /// codes; blank lines are skipped; the default stays [`DEFAULT_SIGMA`] (see [`SigmaTable::with_default`]).
    ///
    /// ```
    /// use mfg_quality_elasticity::demand_quality::SigmaTable;
    /// let t = SigmaTable::read_csv("product,sigma\n847130,7.5\n10121,3\n".as_bytes()).unwrap();
    /// assert_eq!(t.product_sigma("010121"), Some(3.0));
    /// assert!(SigmaTable::read_csv("product,sigma\n847130,0.8\n".as_bytes()).is_err()); // σ ≤ 1
    /// ```
    ///
    /// # Errors
    /// [`DemandQualityError::Malformed`] for a bad header, a wrong field count, a number that does not parse
    /// or a code given twice; [`DemandQualityError::InvalidSigma`] (with the line) for `σ ≤ 1` or NaN/Inf.
    pub fn read_csv<R: Read>(input: R) -> Result<Self, DemandQualityError> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(input);
        let mut table = Self::default();
        let mut kind: Option<&'static str> = None;
        let malformed = |line: u64, column: &str, message: String| DemandQualityError::Malformed {
            line,
            column: column.to_string(),
            message,
        };
        for (k, rec) in rdr.records().enumerate() {
            let line = k as u64 + 1;
            let rec = rec.map_err(|e| malformed(line, "", e.to_string()))?;
            if rec.iter().all(str::is_empty) {
                continue;
            }
            let Some(col) = kind else {
                let h0 = rec.get(0).unwrap_or("").trim_start_matches('\u{feff}');
                let ok_sigma = rec.get(1).is_some_and(|h| h.eq_ignore_ascii_case("sigma"));
                kind = match h0.to_ascii_lowercase().as_str() {
                    "product" if ok_sigma && rec.len() == 2 => Some("product"),
                    "industry" if ok_sigma && rec.len() == 2 => Some("industry"),
                    _ => {
                        return Err(malformed(
                            line,
                            h0,
                            "the header must be `product,sigma` or `industry,sigma`".into(),
                        ));
                    }
                };
                continue;
            };
            if rec.len() != 2 {
                return Err(malformed(
                    line,
                    col,
                    format!("{} fields, expected 2 ({col},sigma)", rec.len()),
                ));
            }
            let code = match col {
                "product" => normalise_product_code(&rec[0])
                    .map_err(|_| malformed(line, col, "empty product code".into()))?,
                _ if rec[0].is_empty() => {
                    return Err(malformed(line, col, "empty industry id".into()));
                }
                _ => rec[0].to_string(),
            };
            let value: f64 = rec[1]
                .parse()
                .map_err(|_| malformed(line, "sigma", format!("`{}` is not a number", &rec[1])))?;
            let s = check_sigma(col, &code, value, Some(line))?;
            let map = if col == "product" {
                &mut table.by_product
            } else {
                &mut table.by_industry
            };
            if map.insert(code.clone(), s).is_some() {
                return Err(malformed(line, col, format!("`{code}` is given twice")));
            }
        }
        if kind.is_none() {
            return Err(malformed(1, "", "empty σ CSV (no header)".into()));
        }
        Ok(table)
    }

    /// Adds the entries of `other` (its entries win on a code present in both); the default stays.
    pub fn merge(mut self, other: SigmaTable) -> Self {
        self.by_product.extend(other.by_product);
        self.by_industry.extend(other.by_industry);
        self
    }

    /// Sets the default `σ`.
    ///
    /// # Errors
    /// [`DemandQualityError::InvalidSigma`] unless `σ` is finite and > 1.
    pub fn with_default(mut self, sigma: f64) -> Result<Self, DemandQualityError> {
        self.default = check_sigma("default", "", sigma, None)?;
        Ok(self)
    }

    /// The `σ` given for a product code (normalised), if any.
    pub fn product_sigma(&self, code: &str) -> Option<f64> {
        let c = normalise_product_code(code).ok()?;
        self.by_product.get(&c).copied()
    }

    /// `σ` per product id of `products`: the product's own entry, else its industry's (when `map` is
    /// given), else the default.
    pub fn resolve(&self, products: &Dictionary, map: Option<&ProductMap>) -> Vec<f64> {
        products
            .names()
            .iter()
            .enumerate()
            .map(|(id, code)| {
                self.by_product
                    .get(code)
                    .or_else(|| {
                        let m = map?;
                        let ind = m.industries.get(*m.industry_of.get(id)? as usize)?;
                        self.by_industry.get(&ind.id)
                    })
                    .copied()
                    .unwrap_or(self.default)
            })
            .collect()
    }
}
