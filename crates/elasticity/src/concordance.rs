//! Product → industry concordances: a user CSV of HS-code prefixes, or a built-in HS-chapter grouping.
//!
//! A concordance maps a product code to an industry by the **longest matching prefix** (a prefix `8471`
//! beats `84` for product `847130`). In [`Mode::Strict`] a product that matches no prefix is an error
//! ([`ElasticityError::UnknownProduct`]); in [`Mode::Lenient`] it goes to the industry `unclassified`
//! (appended last) and is counted.
//!
//! The built-in [`Concordance::hs_chapters`] groups HS chapters into the paper's product groups (§1:
//! mechanical & electrical HS 84–85, rail transit HS 86, leather goods HS 41–43, headgear HS 65, textiles &
//! clothing HS 50–63) and the remaining manufacturing chapters. It is an **approximation** at chapter level:
//! China's customs "机电产品" (mechanical and electrical products) also include parts of HS 73, 87, 90 and
//! others, "皮革制品" in the paper may be narrower than HS 41–43, and HS 65 "headgear" includes parts of hats.
//! Use a user concordance for official groupings.

use std::collections::HashMap;
use std::io::Read;

use serde::{Deserialize, Serialize};

use crate::error::{ElasticityError, Result};
use crate::flows::{Dictionary, normalise_product_code};

/// What to do with a product that matches no prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Error [`ElasticityError::UnknownProduct`].
    #[default]
    Strict,
    /// Put it into the industry `unclassified` and count it.
    Lenient,
}

/// An industry of a concordance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Industry {
    /// Short id (e.g. `mechanical_electrical`).
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Whether it counts as manufacturing (the denominator of a country's quality-sensitive share).
    pub manufacturing: bool,
}

/// Id of the industry that collects unmatched products in [`Mode::Lenient`].
pub const UNCLASSIFIED: &str = "unclassified";

/// A validated product-prefix → industry concordance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concordance {
    industries: Vec<Industry>,
    /// (normalised prefix, industry index), sorted by prefix.
    prefixes: Vec<(String, u32)>,
    mode: Mode,
}

/// The product → industry map of one product dictionary, built by [`Concordance::map_products`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductMap {
    /// Industry index per product id.
    pub industry_of: Vec<u32>,
    /// Industries (in lenient mode the last one is `unclassified` if any product needed it).
    pub industries: Vec<Industry>,
    /// Number of products put into `unclassified`.
    pub unclassified: usize,
}

impl ProductMap {
    /// Index of an industry id.
    pub fn industry_index(&self, id: &str) -> Option<u32> {
        self.industries
            .iter()
            .position(|i| i.id == id)
            .map(|i| i as u32)
    }
}

impl Concordance {
    /// Builds from (prefix, industry id) pairs and industry descriptions.
    ///
    /// # Errors
    /// [`ElasticityError::Concordance`] for an empty or non-alphanumeric prefix, a prefix given twice with
    /// different industries, an industry id not in `industries`, or duplicate industry ids.
    pub fn new(industries: Vec<Industry>, prefixes: &[(&str, &str)], mode: Mode) -> Result<Self> {
        let mut idx: HashMap<&str, u32> = HashMap::new();
        for (i, ind) in industries.iter().enumerate() {
            if idx.insert(ind.id.as_str(), i as u32).is_some() {
                return Err(ElasticityError::Concordance {
                    message: format!("duplicate industry id `{}`", ind.id),
                });
            }
        }
        let mut seen: HashMap<String, u32> = HashMap::new();
        for (pre, ind) in prefixes {
            let p = normalise_product_code(pre).map_err(|_| ElasticityError::Concordance {
                message: "empty prefix".into(),
            })?;
            if !p.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(ElasticityError::Concordance {
                    message: format!("prefix `{pre}` is not alphanumeric"),
                });
            }
            let &i = idx
                .get(ind.trim())
                .ok_or_else(|| ElasticityError::Concordance {
                    message: format!("prefix `{pre}` names unknown industry `{ind}`"),
                })?;
            if let Some(&old) = seen.get(&p)
                && old != i
            {
                return Err(ElasticityError::Concordance {
                    message: format!("prefix `{p}` given for two industries"),
                });
            }
            seen.insert(p, i);
        }
        let mut prefixes: Vec<(String, u32)> = seen.into_iter().collect();
        prefixes.sort();
        Ok(Self {
            industries,
            prefixes,
            mode,
        })
    }

    /// Reads a CSV with header `prefix,industry,name` (optionally a fourth column `manufacturing` with
    /// `true`/`false`, default true). The industry name is taken from its first row.
    ///
    /// ```
    /// use mfg_quality_elasticity::concordance::{Concordance, Mode};
    /// let csv = "prefix,industry,name\n84,machinery,Machinery\n8471,computers,Computers\n";
    /// let c = Concordance::read_csv(csv.as_bytes(), Mode::Strict).unwrap();
    /// assert_eq!(c.industry_of("847130").unwrap().unwrap().id, "computers"); // longest prefix
    /// assert_eq!(c.industry_of("840110").unwrap().unwrap().id, "machinery");
    /// assert!(c.industry_of("010121").is_err()); // strict: unknown product
    /// ```
    ///
    /// # Errors
    /// [`ElasticityError::Concordance`] naming the line for a missing column or bad row.
    pub fn read_csv<R: Read>(input: R, mode: Mode) -> Result<Self> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(input);
        let header = rdr
            .headers()
            .map_err(|e| ElasticityError::Concordance {
                message: e.to_string(),
            })?
            .clone();
        let pos = |n: &str| header.iter().position(|h| h.trim() == n);
        let (Some(cp), Some(ci), Some(cn)) = (pos("prefix"), pos("industry"), pos("name")) else {
            return Err(ElasticityError::Concordance {
                message: "header must have columns prefix, industry, name".into(),
            });
        };
        let cm = pos("manufacturing");
        let mut industries: Vec<Industry> = Vec::new();
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (r, rec) in rdr.records().enumerate() {
            let line = r + 2;
            let rec = rec.map_err(|e| ElasticityError::Concordance {
                message: format!("line {line}: {e}"),
            })?;
            let get = |c: usize| rec.get(c).map(str::trim).unwrap_or("");
            let (p, i, n) = (get(cp), get(ci), get(cn));
            if p.is_empty() || i.is_empty() {
                return Err(ElasticityError::Concordance {
                    message: format!("line {line}: empty prefix or industry"),
                });
            }
            let manufacturing = match cm.map(get) {
                None | Some("") | Some("true") | Some("1") => true,
                Some("false") | Some("0") => false,
                Some(other) => {
                    return Err(ElasticityError::Concordance {
                        message: format!(
                            "line {line}: manufacturing must be true/false, got `{other}`"
                        ),
                    });
                }
            };
            if !industries.iter().any(|x| x.id == i) {
                industries.push(Industry {
                    id: i.into(),
                    name: n.into(),
                    manufacturing,
                });
            }
            pairs.push((p.into(), i.into()));
        }
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        Self::new(industries, &refs, mode)
    }

    /// Renamed to [`Concordance::read_csv`] (readers are `read_*`).
    ///
    /// # Errors
    /// As [`Concordance::read_csv`].
    #[deprecated(note = "renamed to `Concordance::read_csv`")]
    pub fn from_csv<R: Read>(input: R, mode: Mode) -> Result<Self> {
        Self::read_csv(input, mode)
    }

    /// The built-in HS-chapter concordance (approximate; see the module doc), in the given mode.
    ///
    /// | industry id | HS chapters |
    /// |---|---|
    /// | `agri_food` (not manufacturing) | 01–24 |
    /// | `minerals` (not manufacturing) | 25–27 |
    /// | `chemicals` | 28–38 |
    /// | `plastics_rubber` | 39–40 |
    /// | `leather_goods` | 41–43 (paper §1) |
    /// | `wood_paper` | 44–49 |
    /// | `textiles_clothing` | 50–63 (paper §2: price-sensitive) |
    /// | `footwear` | 64 |
    /// | `headgear` | 65 (paper §1 "hats") |
    /// | `other_light` | 66–67 |
    /// | `stone_ceramic_glass` | 68–70 |
    /// | `precious_metals_jewellery` | 71 |
    /// | `base_metals` | 72–83 |
    /// | `mechanical_electrical` | 84–85 (paper §1 "机电产品", approximate) |
    /// | `rail_transit` | 86 (paper §1) |
    /// | `motor_vehicles` | 87 |
    /// | `aircraft` | 88 (paper §2: quality-sensitive) |
    /// | `ships` | 89 |
    /// | `instruments` | 90–92 (paper §2: precision instruments) |
    /// | `arms` | 93 |
    /// | `furniture_misc` | 94–96 |
    /// | `art` (not manufacturing) | 97 |
    pub fn hs_chapters(mode: Mode) -> Self {
        let groups: &[(&str, &str, bool, u32, u32)] = &[
            ("agri_food", "Agriculture and food (HS 01–24)", false, 1, 24),
            ("minerals", "Mineral products (HS 25–27)", false, 25, 27),
            ("chemicals", "Chemicals (HS 28–38)", true, 28, 38),
            (
                "plastics_rubber",
                "Plastics and rubber (HS 39–40)",
                true,
                39,
                40,
            ),
            ("leather_goods", "Leather goods (HS 41–43)", true, 41, 43),
            (
                "wood_paper",
                "Wood, paper and printing (HS 44–49)",
                true,
                44,
                49,
            ),
            (
                "textiles_clothing",
                "Textiles and clothing (HS 50–63)",
                true,
                50,
                63,
            ),
            ("footwear", "Footwear (HS 64)", true, 64, 64),
            ("headgear", "Headgear (HS 65)", true, 65, 65),
            (
                "other_light",
                "Umbrellas, feathers, artificial flowers (HS 66–67)",
                true,
                66,
                67,
            ),
            (
                "stone_ceramic_glass",
                "Stone, ceramic and glass (HS 68–70)",
                true,
                68,
                70,
            ),
            (
                "precious_metals_jewellery",
                "Precious metals and jewellery (HS 71)",
                true,
                71,
                71,
            ),
            (
                "base_metals",
                "Base metals and articles (HS 72–83)",
                true,
                72,
                83,
            ),
            (
                "mechanical_electrical",
                "Mechanical and electrical products (HS 84–85)",
                true,
                84,
                85,
            ),
            (
                "rail_transit",
                "Rail transit equipment (HS 86)",
                true,
                86,
                86,
            ),
            ("motor_vehicles", "Motor vehicles (HS 87)", true, 87, 87),
            ("aircraft", "Aircraft and spacecraft (HS 88)", true, 88, 88),
            ("ships", "Ships and boats (HS 89)", true, 89, 89),
            (
                "instruments",
                "Precision instruments, clocks, musical instruments (HS 90–92)",
                true,
                90,
                92,
            ),
            ("arms", "Arms and ammunition (HS 93)", true, 93, 93),
            (
                "furniture_misc",
                "Furniture and miscellaneous manufactures (HS 94–96)",
                true,
                94,
                96,
            ),
            ("art", "Works of art (HS 97)", false, 97, 97),
        ];
        let industries = groups
            .iter()
            .map(|&(id, name, m, _, _)| Industry {
                id: id.into(),
                name: name.into(),
                manufacturing: m,
            })
            .collect();
        let mut prefixes = Vec::new();
        for (k, &(_, _, _, lo, hi)) in groups.iter().enumerate() {
            for ch in lo..=hi {
                prefixes.push((format!("{ch:02}"), k as u32));
            }
        }
        prefixes.sort();
        Self {
            industries,
            prefixes,
            mode,
        }
    }

    /// The industries (without `unclassified`).
    pub fn industries(&self) -> &[Industry] {
        &self.industries
    }

    /// The mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    fn lookup(&self, code: &str) -> Option<u32> {
        // Longest prefix: try the code's prefixes from longest to shortest.
        (1..=code.len()).rev().find_map(|l| {
            let pre = code.get(..l)?;
            self.prefixes
                .binary_search_by(|(p, _)| p.as_str().cmp(pre))
                .ok()
                .map(|i| self.prefixes[i].1)
        })
    }

    /// The industry of one product code (normalised first), `Ok(None)` in lenient mode when unmatched.
    ///
    /// # Errors
    /// [`ElasticityError::UnknownProduct`] in strict mode when no prefix matches.
    pub fn industry_of(&self, product: &str) -> Result<Option<&Industry>> {
        let code = normalise_product_code(product)?;
        match self.lookup(&code) {
            Some(i) => Ok(Some(&self.industries[i as usize])),
            None if self.mode == Mode::Lenient => Ok(None),
            None => Err(ElasticityError::UnknownProduct { product: code }),
        }
    }

    /// Maps every product of a dictionary to an industry index.
    ///
    /// # Errors
    /// [`ElasticityError::UnknownProduct`] for the first unmatched product in strict mode.
    pub fn map_products(&self, products: &Dictionary) -> Result<ProductMap> {
        let mut industries = self.industries.clone();
        let unc = industries.len() as u32;
        let mut unclassified = 0;
        let mut industry_of = Vec::with_capacity(products.len());
        for name in products.names() {
            match self.lookup(name) {
                Some(i) => industry_of.push(i),
                None if self.mode == Mode::Lenient => {
                    unclassified += 1;
                    industry_of.push(unc);
                }
                None => {
                    return Err(ElasticityError::UnknownProduct {
                        product: name.clone(),
                    });
                }
            }
        }
        if unclassified > 0 {
            industries.push(Industry {
                id: UNCLASSIFIED.into(),
                name: "Products matching no prefix".into(),
                manufacturing: false,
            });
        }
        Ok(ProductMap {
            industry_of,
            industries,
            unclassified,
        })
    }
}
