//! Categorical variables: fixed effects, their interactions and cluster identifiers.

use std::collections::HashMap;
use std::hash::Hash;

use crate::EconError;

/// A categorical variable coded as dense level indices `0..levels` (in order of first appearance).
///
/// Used both for fixed effects ([`FixedEffects`]) and for cluster identifiers ([`crate::Vcov::Cluster`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    name: String,
    codes: Vec<u32>,
    levels: usize,
}

impl Factor {
    /// Encodes any hashable identifiers (firm ids, years, country codes…), levels in order of first appearance.
    ///
    /// # Errors
    /// [`EconError::Empty`] when `ids` is empty.
    pub fn new<T: Hash + Eq + Clone>(
        name: impl Into<String>,
        ids: &[T],
    ) -> Result<Self, EconError> {
        let name = name.into();
        if ids.is_empty() {
            return Err(EconError::Empty { what: name });
        }
        let mut map: HashMap<T, u32> = HashMap::with_capacity(ids.len().min(1 << 16));
        let codes = ids
            .iter()
            .map(|id| {
                let next = map.len() as u32;
                *map.entry(id.clone()).or_insert(next)
            })
            .collect();
        Ok(Self {
            name,
            codes,
            levels: map.len(),
        })
    }

    /// A factor from level indices already computed by the caller (for large data: no hashing of the
    /// identifiers, no copy). Levels that never occur are removed by renumbering the codes densely in
    /// ascending order of the given codes, so [`Factor::levels`] counts only levels present.
    ///
    /// ```
    /// use mfg_quality_econometrics::Factor;
    /// let f = Factor::from_codes("cell", vec![4, 0, 4, 7]).unwrap();
    /// assert_eq!(f.levels(), 3);
    /// assert_eq!(f.codes(), &[1, 0, 1, 2]);
    /// ```
    ///
    /// # Errors
    /// [`EconError::Empty`] when `codes` is empty.
    pub fn from_codes(name: impl Into<String>, mut codes: Vec<u32>) -> Result<Self, EconError> {
        let name = name.into();
        let Some(&max) = codes.iter().max() else {
            return Err(EconError::Empty { what: name });
        };
        let mut used = vec![false; max as usize + 1];
        for &c in &codes {
            used[c as usize] = true;
        }
        let levels = used.iter().filter(|&&u| u).count();
        if levels != used.len() {
            let mut next = 0u32;
            let remap: Vec<u32> = used
                .iter()
                .map(|&u| {
                    let r = next;
                    next += u32::from(u);
                    r
                })
                .collect();
            codes.iter_mut().for_each(|c| *c = remap[*c as usize]);
        }
        Ok(Self {
            name,
            codes,
            levels,
        })
    }

    /// The interaction `a^b^…` of several factors: one level per observed combination (as fixest's `a^b`).
    ///
    /// # Errors
    /// [`EconError::InteractionTooSmall`] for fewer than two factors, [`EconError::LengthMismatch`] when they
    /// differ in length.
    pub fn interaction(factors: &[&Factor]) -> Result<Self, EconError> {
        let name = factors
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join("^");
        if factors.len() < 2 {
            return Err(EconError::InteractionTooSmall {
                name,
                found: factors.len(),
            });
        }
        let n = factors[0].len();
        for f in factors {
            if f.len() != n {
                return Err(EconError::LengthMismatch {
                    what: f.name.clone(),
                    found: f.len(),
                    expected: n,
                });
            }
        }
        // Mixed-radix key `Σ code_k · stride_k` when the product of the level counts fits in a u64 (no
        // allocation per observation); otherwise a vector key, allocated once per new level.
        let radix = factors
            .iter()
            .try_fold(1u64, |p, f| p.checked_mul(f.levels as u64));
        if radix.is_some() {
            let mut map: HashMap<u64, u32> = HashMap::new();
            let codes = (0..n)
                .map(|i| {
                    let key = factors
                        .iter()
                        .fold(0u64, |k, f| k * f.levels as u64 + u64::from(f.codes[i]));
                    let next = map.len() as u32;
                    *map.entry(key).or_insert(next)
                })
                .collect();
            return Ok(Self {
                name,
                codes,
                levels: map.len(),
            });
        }
        let mut map: HashMap<Vec<u32>, u32> = HashMap::new();
        let mut key = Vec::with_capacity(factors.len());
        let codes = (0..n)
            .map(|i| {
                key.clear();
                key.extend(factors.iter().map(|f| f.codes[i]));
                if let Some(&c) = map.get(&key) {
                    return c;
                }
                let next = map.len() as u32;
                map.insert(key.clone(), next);
                next
            })
            .collect();
        Ok(Self {
            name,
            codes,
            levels: map.len(),
        })
    }

    /// The factor's name (`a^b` for an interaction).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The level index of each observation.
    pub fn codes(&self) -> &[u32] {
        &self.codes
    }

    /// The number of distinct levels.
    pub fn levels(&self) -> usize {
        self.levels
    }

    /// The number of observations.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Always false (a factor has at least one observation).
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The factor restricted to the observations `rows`, levels re-coded densely (levels not seen vanish).
    pub(crate) fn subset(&self, rows: &[usize]) -> Factor {
        let mut remap = vec![u32::MAX; self.levels];
        let mut levels = 0u32;
        let codes = rows
            .iter()
            .map(|&r| {
                let c = &mut remap[self.codes[r] as usize];
                if *c == u32::MAX {
                    *c = levels;
                    levels += 1;
                }
                *c
            })
            .collect();
        Factor {
            name: self.name.clone(),
            codes,
            levels: levels as usize,
        }
    }

    /// True when every level of `self` lies in a single level of `outer` (e.g. firm within industry).
    pub(crate) fn is_nested_in(&self, outer: &Factor) -> bool {
        let mut owner = vec![u32::MAX; self.levels];
        for (&c, &o) in self.codes.iter().zip(&outer.codes) {
            let slot = &mut owner[c as usize];
            if *slot == u32::MAX {
                *slot = o;
            } else if *slot != o {
                return false;
            }
        }
        true
    }
}

/// A set of fixed effects to absorb (`| fe1 + fe2 + fe1^fe3` in fixest's notation).
#[derive(Debug, Clone, PartialEq)]
pub struct FixedEffects {
    factors: Vec<Factor>,
}

impl FixedEffects {
    /// Validates that there is at least one factor, that all have the same length and distinct names.
    ///
    /// # Errors
    /// [`EconError::Empty`], [`EconError::LengthMismatch`], [`EconError::DuplicateName`].
    pub fn new(factors: Vec<Factor>) -> Result<Self, EconError> {
        let Some(first) = factors.first() else {
            return Err(EconError::Empty {
                what: "fixed effects".into(),
            });
        };
        let n = first.len();
        for (i, f) in factors.iter().enumerate() {
            if f.len() != n {
                return Err(EconError::LengthMismatch {
                    what: f.name.clone(),
                    found: f.len(),
                    expected: n,
                });
            }
            if factors[..i].iter().any(|g| g.name == f.name) {
                return Err(EconError::DuplicateName {
                    name: f.name.clone(),
                });
            }
        }
        Ok(Self { factors })
    }

    /// The factors, in the order given.
    pub fn factors(&self) -> &[Factor] {
        &self.factors
    }

    /// The number of observations.
    pub fn len(&self) -> usize {
        self.factors[0].len()
    }

    /// Always false (validated at construction).
    pub fn is_empty(&self) -> bool {
        self.factors.is_empty()
    }
}

/// Flags, in `keep`, observations that are the only one of a level of some factor, repeatedly until none is
/// left (removing one singleton can create another, as fixest does). Returns the number removed.
pub(crate) fn drop_singletons(factors: &[Factor], keep: &mut [bool]) -> usize {
    let mut removed = 0;
    let mut counts: Vec<Vec<u32>> = factors.iter().map(|f| vec![0; f.levels]).collect();
    loop {
        let mut changed = false;
        for (f, cnt) in factors.iter().zip(counts.iter_mut()) {
            cnt.iter_mut().for_each(|c| *c = 0);
            for (&c, _) in f.codes.iter().zip(keep.iter()).filter(|(_, k)| **k) {
                cnt[c as usize] += 1;
            }
            for (&c, k) in f.codes.iter().zip(keep.iter_mut()) {
                if *k && cnt[c as usize] == 1 {
                    *k = false;
                    removed += 1;
                    changed = true;
                }
            }
        }
        if !changed {
            return removed;
        }
    }
}

/// PPML separation by fixed effects (Correia, Guimarães & Zylkin 2021, the "fe" check of ppmlhdfe and
/// pyfixest): drops every observation in a level of some factor whose outcomes are all zero, where the
/// fixed effect would go to −∞. Returns the number removed.
pub(crate) fn drop_separated(factors: &[Factor], y: &[f64], keep: &mut [bool]) -> usize {
    let mut removed = 0;
    for f in factors {
        let mut any_positive = vec![false; f.levels];
        for ((&c, &yi), _) in f.codes.iter().zip(y).zip(keep.iter()).filter(|(_, k)| **k) {
            if yi > 0.0 {
                any_positive[c as usize] = true;
            }
        }
        for (&c, k) in f.codes.iter().zip(keep.iter_mut()) {
            if *k && !any_positive[c as usize] {
                *k = false;
                removed += 1;
            }
        }
    }
    removed
}
