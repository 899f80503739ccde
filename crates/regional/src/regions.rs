//! Region maps (units → groups) and groupings of observations (dense group indices).
//!
//! A [`RegionMap`] is validated at construction: unit codes are unique and non-empty, every unit belongs to
//! exactly one group (a unit row carries one group), every declared group has at least one unit, and no name
//! (code, English or Chinese name) points to two different units, so lookup by any of them is unambiguous.
//!
//! A [`Grouping`] assigns each observation of a data vector to a group by a dense `u32` index; it is what the
//! statistics take, so they run in one pass over contiguous data without hashing or per-unit allocation.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{RegionalError, Result};

/// One unit of a region map.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MapUnit {
    /// Unique code (e.g. `CN-GD`).
    pub code: String,
    /// English name (may be empty).
    #[serde(default)]
    pub name_en: String,
    /// Chinese name (may be empty).
    #[serde(default)]
    pub name_zh: String,
    /// The unit's group.
    pub group: String,
}

/// The serialised form of a [`RegionMap`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionMapData {
    /// Name of the map (e.g. `NBS four regions`).
    pub name: String,
    /// Groups in their display order; if empty, the order of first appearance among the units.
    #[serde(default)]
    pub groups: Vec<String>,
    /// The units.
    pub units: Vec<MapUnit>,
}

/// A validated map of units to groups. See the [module docs](self).
///
/// ```
/// use mfg_quality_regional::RegionMap;
/// let nbs = RegionMap::china_nbs4();
/// assert_eq!(nbs.len(), 31);
/// assert_eq!(nbs.group_of("CN-GD").unwrap(), "East");
/// assert_eq!(nbs.group_of("广东").unwrap(), "East");
/// assert_eq!(nbs.group_of("Heilongjiang").unwrap(), "Northeast");
/// assert_eq!(nbs.group_sizes(), vec![10, 6, 12, 3]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RegionMapData", into = "RegionMapData")]
pub struct RegionMap {
    name: String,
    groups: Vec<String>,
    units: Vec<MapUnit>,
    group_ids: Vec<u32>,
    lookup: HashMap<String, usize>,
}

impl TryFrom<RegionMapData> for RegionMap {
    type Error = RegionalError;
    fn try_from(d: RegionMapData) -> Result<Self> {
        RegionMap::new(d.name, d.groups, d.units)
    }
}

impl From<RegionMap> for RegionMapData {
    fn from(m: RegionMap) -> Self {
        RegionMapData {
            name: m.name,
            groups: m.groups,
            units: m.units,
        }
    }
}

impl RegionMap {
    /// A map from its units; `groups` fixes the display order (empty = order of first appearance).
    ///
    /// # Errors
    /// [`RegionalError::EmptyId`] for an empty code or group, [`RegionalError::Duplicate`] for a repeated code
    /// or group, or a name shared by two units, [`RegionalError::UnknownGroup`] for a unit whose group is not
    /// declared, [`RegionalError::EmptyGroup`] for a declared group without units, and
    /// [`RegionalError::TooFewPoints`] for a map without units.
    pub fn new(name: impl Into<String>, groups: Vec<String>, units: Vec<MapUnit>) -> Result<Self> {
        let name = name.into();
        if units.is_empty() {
            return Err(RegionalError::TooFewPoints {
                method: "region map",
                n: 0,
                min: 1,
            });
        }
        let declared = !groups.is_empty();
        let mut groups = groups;
        let mut gindex: HashMap<String, u32> = HashMap::new();
        for (row, g) in groups.iter().enumerate() {
            if g.trim().is_empty() {
                return Err(RegionalError::EmptyId {
                    kind: "group",
                    row: row + 1,
                    map: name,
                });
            }
            if gindex.insert(g.clone(), row as u32).is_some() {
                return Err(RegionalError::Duplicate {
                    kind: "group",
                    id: g.clone(),
                    map: name,
                });
            }
        }
        let mut group_ids = Vec::with_capacity(units.len());
        let mut lookup: HashMap<String, usize> = HashMap::new();
        for (row, u) in units.iter().enumerate() {
            for (kind, v) in [("code", &u.code), ("group", &u.group)] {
                if v.trim().is_empty() {
                    return Err(RegionalError::EmptyId {
                        kind,
                        row: row + 1,
                        map: name,
                    });
                }
            }
            let gid = match gindex.get(&u.group) {
                Some(&g) => g,
                None if !declared => {
                    let g = groups.len() as u32;
                    groups.push(u.group.clone());
                    gindex.insert(u.group.clone(), g);
                    g
                }
                None => {
                    return Err(RegionalError::UnknownGroup {
                        group: u.group.clone(),
                        context: name,
                    });
                }
            };
            group_ids.push(gid);
            if lookup.insert(u.code.clone(), row).is_some() {
                return Err(RegionalError::Duplicate {
                    kind: "code",
                    id: u.code.clone(),
                    map: name,
                });
            }
        }
        // Names: must not point to another unit (a unit's own names may repeat its code).
        for (row, u) in units.iter().enumerate() {
            for n in [&u.name_en, &u.name_zh] {
                if n.trim().is_empty() {
                    continue;
                }
                match lookup.get(n.as_str()) {
                    Some(&other) if other != row => {
                        return Err(RegionalError::Duplicate {
                            kind: "name",
                            id: n.clone(),
                            map: name,
                        });
                    }
                    _ => {
                        lookup.insert(n.clone(), row);
                    }
                }
            }
        }
        let mut counts = vec![0usize; groups.len()];
        for &g in &group_ids {
            counts[g as usize] += 1;
        }
        if let Some(g) = counts.iter().position(|&c| c == 0) {
            return Err(RegionalError::EmptyGroup {
                group: groups[g].clone(),
                period: None,
            });
        }
        Ok(RegionMap {
            name,
            groups,
            units,
            group_ids,
            lookup,
        })
    }

    /// A map from CSV text with a header row. The code column is `code` (else the first column); the optional
    /// name columns are `name_en` and `name_zh`; the group column is `group_column`. Groups are ordered by first
    /// appearance.
    ///
    /// # Errors
    /// [`RegionalError::Csv`] for malformed CSV, [`RegionalError::MissingColumn`], and the validation errors
    /// of [`RegionMap::new`].
    pub fn read_csv_str(name: impl Into<String>, text: &str, group_column: &str) -> Result<Self> {
        let mut rdr = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let csv_err = |e: csv::Error| RegionalError::Csv {
            line: e.position().map_or(0, |p| p.line()),
            message: e.to_string(),
        };
        let headers = rdr.headers().map_err(csv_err)?.clone();
        let col = |c: &str| headers.iter().position(|h| h == c);
        let code = col("code").unwrap_or(0);
        let (en, zh) = (col("name_en"), col("name_zh"));
        let group = col(group_column).ok_or_else(|| RegionalError::MissingColumn {
            column: group_column.to_string(),
        })?;
        let mut units = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(csv_err)?;
            let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("").to_string();
            units.push(MapUnit {
                code: get(Some(code)),
                name_en: get(en),
                name_zh: get(zh),
                group: get(Some(group)),
            });
        }
        RegionMap::new(name, Vec::new(), units)
    }

    /// Renamed to [`RegionMap::read_csv_str`] (readers are `read_*`, in-memory text `*_str`).
    ///
    /// # Errors
    /// As [`RegionMap::read_csv_str`].
    #[deprecated(note = "renamed to `RegionMap::read_csv_str`")]
    pub fn from_csv_str(name: impl Into<String>, text: &str, group_column: &str) -> Result<Self> {
        Self::read_csv_str(name, text, group_column)
    }

    /// The 31 provincial-level divisions of mainland China in the National Bureau of Statistics' four-region
    /// grouping (NBS 2011, 《东西中部和东北地区划分方法》), the grouping of the paper's §4: East 10 (BJ TJ HE SH JS
    /// ZJ FJ SD GD HI), Central 6 (SX AH JX HA HB HN), West 12 (NM GX CQ SC GZ YN XZ SN GS QH NX XJ),
    /// Northeast 3 (LN JL HL). Codes are ISO 3166-2:CN; data and provenance in `data/china_provinces.csv`
    /// and `data/README.md`.
    pub fn china_nbs4() -> Self {
        Self::china("China provinces, NBS four regions", "region_nbs")
    }

    /// The same 31 divisions in the older three-belt grouping of the Seventh Five-Year Plan (1986–1990):
    /// East 12 (BJ TJ HE LN SH JS ZJ FJ SD GD GX HI), Central 9 (SX NM JL HL AH JX HA HB HN), West 10 (SC GZ
    /// YN XZ SN GS QH NX XJ, and CQ, separated from Sichuan in 1997). This is the 1986 convention, not the
    /// post-2000 "Western Development" one that moves Inner Mongolia and Guangxi to the West; the membership
    /// is as commonly tabulated and was not checked against the Plan's primary text (see `data/README.md`).
    pub fn china_three_belts() -> Self {
        Self::china("China provinces, 1986 three belts", "belt_1986")
    }

    fn china(name: &str, column: &str) -> Self {
        // The embedded file is tested (`builtin_maps`), so this cannot fail.
        match RegionMap::read_csv_str(name, CHINA_PROVINCES_CSV, column) {
            Ok(m) => m,
            Err(e) => unreachable!("embedded china_provinces.csv is invalid: {e}"),
        }
    }

    /// The map's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Always false (a map has at least one unit).
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The groups in display order.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// The units in their original order.
    pub fn units(&self) -> &[MapUnit] {
        &self.units
    }

    /// Number of units per group, in group order.
    pub fn group_sizes(&self) -> Vec<usize> {
        let mut c = vec![0; self.groups.len()];
        for &g in &self.group_ids {
            c[g as usize] += 1;
        }
        c
    }

    /// The unit with this code, English name or Chinese name.
    ///
    /// # Errors
    /// [`RegionalError::UnknownUnit`].
    pub fn unit(&self, key: &str) -> Result<&MapUnit> {
        self.index_of(key).map(|i| &self.units[i])
    }

    /// The unit's index (position in [`RegionMap::units`]).
    ///
    /// # Errors
    /// [`RegionalError::UnknownUnit`].
    pub fn index_of(&self, key: &str) -> Result<usize> {
        self.lookup
            .get(key)
            .copied()
            .ok_or_else(|| RegionalError::UnknownUnit {
                unit: key.to_string(),
                map: self.name.clone(),
            })
    }

    /// The group of the unit with this code or name.
    ///
    /// # Errors
    /// [`RegionalError::UnknownUnit`].
    pub fn group_of(&self, key: &str) -> Result<&str> {
        self.index_of(key)
            .map(|i| self.groups[self.group_ids[i] as usize].as_str())
    }

    /// The dense index of a group.
    ///
    /// # Errors
    /// [`RegionalError::UnknownGroup`].
    pub fn group_index(&self, group: &str) -> Result<u32> {
        self.groups
            .iter()
            .position(|g| g == group)
            .map(|g| g as u32)
            .ok_or_else(|| RegionalError::UnknownGroup {
                group: group.to_string(),
                context: self.name.clone(),
            })
    }

    /// The grouping of a list of observations given by unit code or name (one observation per entry, in the
    /// order given; units may be a subset of the map, or repeated). Groups keep the map's order, even those
    /// without observations (the statistics report [`RegionalError::EmptyGroup`] for them).
    ///
    /// # Errors
    /// [`RegionalError::UnknownUnit`] for an entry not in the map.
    pub fn grouping<S: AsRef<str>>(&self, units: &[S]) -> Result<Grouping> {
        let ids = units
            .iter()
            .map(|u| self.index_of(u.as_ref()).map(|i| self.group_ids[i]))
            .collect::<Result<Vec<u32>>>()?;
        Ok(Grouping {
            ids,
            names: self.groups.clone(),
        })
    }
}

/// The embedded province list (see `data/README.md` for provenance).
pub const CHINA_PROVINCES_CSV: &str = include_str!("../data/china_provinces.csv");

/// An assignment of observations to groups by dense indices `0..n_groups`. See the [module docs](self).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grouping {
    ids: Vec<u32>,
    names: Vec<String>,
}

impl Grouping {
    /// A grouping from dense ids and group names (id `g` is `names[g]`).
    ///
    /// # Errors
    /// [`RegionalError::UnknownGroup`] if an id is `>= names.len()`, [`RegionalError::Duplicate`] for a
    /// repeated group name.
    pub fn new(ids: Vec<u32>, names: Vec<String>) -> Result<Self> {
        if let Some(&bad) = ids.iter().find(|&&g| g as usize >= names.len()) {
            return Err(RegionalError::UnknownGroup {
                group: format!("#{bad}"),
                context: format!("grouping with {} groups", names.len()),
            });
        }
        for (i, n) in names.iter().enumerate() {
            if names[..i].contains(n) {
                return Err(RegionalError::Duplicate {
                    kind: "group",
                    id: n.clone(),
                    map: "grouping".into(),
                });
            }
        }
        Ok(Grouping { ids, names })
    }

    /// A grouping from group labels, groups ordered by first appearance.
    pub fn from_labels<S: AsRef<str>>(labels: &[S]) -> Self {
        let mut names: Vec<String> = Vec::new();
        let ids = labels
            .iter()
            .map(|l| {
                let l = l.as_ref();
                match names.iter().position(|n| n == l) {
                    Some(g) => g as u32,
                    None => {
                        names.push(l.to_string());
                        (names.len() - 1) as u32
                    }
                }
            })
            .collect();
        Grouping { ids, names }
    }

    /// The group index of each observation.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    /// Group names, by index.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of observations.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True if there are no observations.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Number of groups.
    pub fn n_groups(&self) -> usize {
        self.names.len()
    }

    /// Observations per group.
    pub fn counts(&self) -> Vec<usize> {
        let mut c = vec![0; self.names.len()];
        for &g in &self.ids {
            c[g as usize] += 1;
        }
        c
    }

    /// The grouping restricted to the observations where `keep` is true (e.g. the non-missing cells of a
    /// panel column).
    pub fn subset(&self, keep: &[bool]) -> Grouping {
        Grouping {
            ids: self
                .ids
                .iter()
                .zip(keep)
                .filter(|(_, k)| **k)
                .map(|(g, _)| *g)
                .collect(),
            names: self.names.clone(),
        }
    }

    /// Errors with [`RegionalError::EmptyGroup`] (naming `period`) if a group has no observations.
    pub(crate) fn require_nonempty(&self, period: Option<i32>) -> Result<Vec<usize>> {
        let c = self.counts();
        match c.iter().position(|&k| k == 0) {
            Some(g) => Err(RegionalError::EmptyGroup {
                group: self.names[g].clone(),
                period,
            }),
            None => Ok(c),
        }
    }

    /// Errors with [`RegionalError::LengthMismatch`] if `x` does not have one value per observation.
    pub(crate) fn check_values(&self, what: &'static str, x: &[f64]) -> Result<()> {
        crate::error::check_len(what, x, self.ids.len())
    }

    /// The values (and optional weights) listed group by group (a stable counting sort, one pass): the
    /// observations of group `g` are `buf[offsets[g]..offsets[g + 1]]`, in their original order.
    pub(crate) fn bucket(
        &self,
        x: &[f64],
        w: Option<&[f64]>,
    ) -> (Vec<usize>, Vec<f64>, Option<Vec<f64>>) {
        let k = self.names.len();
        let mut offsets = vec![0usize; k + 1];
        for &g in &self.ids {
            offsets[g as usize + 1] += 1;
        }
        for g in 0..k {
            offsets[g + 1] += offsets[g];
        }
        let mut next = offsets[..k].to_vec();
        let mut buf = vec![0.0; x.len()];
        let mut wbuf = w.map(|_| vec![0.0; x.len()]);
        for (i, &g) in self.ids.iter().enumerate() {
            let slot = &mut next[g as usize];
            buf[*slot] = x[i];
            if let (Some(wb), Some(w)) = (wbuf.as_mut(), w) {
                wb[*slot] = w[i];
            }
            *slot += 1;
        }
        (offsets, buf, wbuf)
    }
}
