//! [`UnitTable`], the compact store of a result's units, and [`UnitRef`], a borrowed view of one unit.

use super::*;

/// The units of a result, stored compactly: every code and name in one string buffer, so that a result with
/// 10⁶ units costs a few allocations rather than millions (and a run stays fast). Serialises as a list of
/// [`Unit`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UnitTable {
    pub(super) text: String,
    /// Per unit, the end offsets in `text` of its code, English name, Chinese name and group.
    pub(super) ends: Vec<[usize; 4]>,
    pub(super) has_group: Vec<bool>,
}

impl UnitTable {
    /// The table of a list of units.
    pub fn from_units(units: &[Unit]) -> Self {
        let mut t = UnitTable {
            text: String::with_capacity(units.iter().map(|u| u.code.len() + 1).sum()),
            ends: Vec::with_capacity(units.len()),
            has_group: Vec::with_capacity(units.len()),
        };
        for u in units {
            t.text.push_str(&u.code);
            let a = t.text.len();
            t.text.push_str(&u.name_en);
            let b = t.text.len();
            t.text.push_str(&u.name_zh);
            let c = t.text.len();
            t.text.push_str(u.group.as_deref().unwrap_or(""));
            t.ends.push([a, b, c, t.text.len()]);
            t.has_group.push(u.group.is_some());
        }
        t
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no unit.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub(super) fn field(&self, i: usize, f: usize) -> &str {
        let start = match (i, f) {
            (0, 0) => 0,
            (_, 0) => self.ends[i - 1][3],
            _ => self.ends[i][f - 1],
        };
        &self.text[start..self.ends[i][f]]
    }

    /// Code of unit `i`.
    ///
    /// # Panics
    /// If `i` is out of range.
    pub fn code(&self, i: usize) -> &str {
        self.field(i, 0)
    }

    /// English name of unit `i` (may be empty).
    ///
    /// # Panics
    /// If `i` is out of range.
    pub fn name_en(&self, i: usize) -> &str {
        self.field(i, 1)
    }

    /// Chinese name of unit `i` (may be empty).
    ///
    /// # Panics
    /// If `i` is out of range.
    pub fn name_zh(&self, i: usize) -> &str {
        self.field(i, 2)
    }

    /// Group of unit `i`, if any.
    ///
    /// # Panics
    /// If `i` is out of range.
    pub fn group(&self, i: usize) -> Option<&str> {
        self.has_group[i].then(|| self.field(i, 3))
    }

    /// Unit `i` as a [`Unit`] (a copy).
    ///
    /// # Panics
    /// If `i` is out of range.
    pub fn unit(&self, i: usize) -> Unit {
        Unit {
            code: self.code(i).to_string(),
            name_en: self.name_en(i).to_string(),
            name_zh: self.name_zh(i).to_string(),
            group: self.group(i).map(str::to_string),
        }
    }

    /// A borrowed view of unit `i`, `None` if out of range (like `<[Unit]>::get`).
    pub fn get(&self, i: usize) -> Option<UnitRef<'_>> {
        (i < self.len()).then(|| UnitRef {
            code: self.code(i),
            name_en: self.name_en(i),
            name_zh: self.name_zh(i),
            group: self.group(i),
        })
    }

    /// Borrowed views of the units, in order (like `<[Unit]>::iter`).
    pub fn iter(&self) -> impl Iterator<Item = UnitRef<'_>> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Whether the table holds exactly the units `units[from..]`, starting at its own unit `from` (codes,
    /// names and groups), without allocating: a walk along the text buffer comparing short byte strings
    /// inline (a `memcmp` call per field costs more than the comparison). For `run_reusing`, which compares
    /// 10⁶ units per run.
    pub(crate) fn same_units_from(&self, from: usize, units: &[Unit]) -> bool {
        if from + units.len() > self.len() {
            return false;
        }
        let text = self.text.as_bytes();
        let mut pos = if from == 0 { 0 } else { self.ends[from - 1][3] };
        let eq = |a: &[u8], b: &[u8]| {
            a.len() == b.len() && a.iter().zip(b).fold(true, |t, (x, y)| t & (x == y))
        };
        units
            .iter()
            .zip(&self.ends[from..])
            .zip(&self.has_group[from..])
            .all(|((u, ends), &has_group)| {
                let group = u.group.as_deref().unwrap_or("");
                let fields = [&u.code, &u.name_en, &u.name_zh, group];
                let mut ok = has_group == u.group.is_some();
                for (f, &end) in fields.iter().zip(ends) {
                    ok &= end >= pos && end <= text.len() && eq(&text[pos..end], f.as_bytes());
                    pos = end.max(pos);
                }
                ok
            })
    }

    /// The unit codes, in order.
    pub fn codes(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.code(i))
    }

    /// All units as [`Unit`] values (copies).
    pub fn to_units(&self) -> Vec<Unit> {
        (0..self.len()).map(|i| self.unit(i)).collect()
    }
}

/// A borrowed view of one unit of a [`UnitTable`] (the fields of [`Unit`], borrowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitRef<'a> {
    /// Code.
    pub code: &'a str,
    /// English name (may be empty).
    pub name_en: &'a str,
    /// Chinese name (may be empty).
    pub name_zh: &'a str,
    /// Group, if any.
    pub group: Option<&'a str>,
}

impl Serialize for UnitTable {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for i in 0..self.len() {
            seq.serialize_element(&self.unit(i))?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for UnitTable {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        Ok(UnitTable::from_units(&Vec::<Unit>::deserialize(
            deserializer,
        )?))
    }
}
