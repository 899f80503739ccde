//! Tidy CSV output of a result (`unit,period,node,score,rank`): [`Results::write_csv`] (a writer),
//! [`Results::write_csv_path`] (a file), [`Results::write_csv_str`] (a string).

use super::*;

impl Results {
    /// Writes the tidy table `unit,period,node,score,rank` (one row per unit × period × node, nodes in
    /// pre-order, a missing score and its rank as empty fields; ranks as in [`Results::ranks`]).
    ///
    /// # Errors
    /// [`CompositeError::Io`] if writing fails.
    pub fn write_csv<W: Write>(&self, writer: W) -> Result<()> {
        let io = |e: csv::Error| CompositeError::Io {
            path: "<csv>".into(),
            message: e.to_string(),
        };
        let mut w = csv::Writer::from_writer(writer);
        w.write_record(["unit", "period", "node", "score", "rank"])
            .map_err(io)?;
        let order = self.framework.preorder();
        for (p, period) in self.periods().iter().enumerate() {
            let period = period.to_string();
            for &node in &order {
                let (v, m) = self.column_at(node, p);
                let ranks = self.ranks_at(node, p);
                let id = &self.framework.node(node).id;
                for (u, unit) in self.units.codes().enumerate() {
                    let (score, r) = if m[u] {
                        (
                            v[u].to_string(),
                            ranks[u].map(|r| r.to_string()).unwrap_or_default(),
                        )
                    } else {
                        (String::new(), String::new())
                    };
                    w.write_record([unit, &period, id, &score, &r])
                        .map_err(io)?;
                }
            }
        }
        w.flush().map_err(|e| CompositeError::Io {
            path: "<csv>".into(),
            message: e.to_string(),
        })
    }

    /// [`Results::write_csv`] into a file (created or truncated).
    ///
    /// # Errors
    /// [`CompositeError::Io`] naming the file.
    pub fn write_csv_path(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let named = |e: CompositeError| match e {
            CompositeError::Io { message, .. } => CompositeError::Io {
                path: path.display().to_string(),
                message,
            },
            other => other,
        };
        let file = std::fs::File::create(path).map_err(|e| CompositeError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        self.write_csv(std::io::BufWriter::new(file)).map_err(named)
    }

    /// [`Results::write_csv`] into a string.
    ///
    /// # Errors
    /// As [`Results::write_csv`].
    pub fn write_csv_str(&self) -> Result<String> {
        let mut buf = Vec::new();
        self.write_csv(&mut buf)?;
        String::from_utf8(buf).map_err(|e| CompositeError::Io {
            path: "<csv>".into(),
            message: e.to_string(),
        })
    }

    /// Former name of [`Results::write_csv_str`].
    ///
    /// # Errors
    /// As [`Results::write_csv_str`].
    #[deprecated(note = "renamed to `write_csv_str` (in-memory text is `*_str`)")]
    pub fn to_csv_string(&self) -> Result<String> {
        self.write_csv_str()
    }

    /// Former name of [`Results::write_csv`] (a writer).
    ///
    /// # Errors
    /// As [`Results::write_csv`].
    #[deprecated(note = "renamed to `write_csv` (a writer; `write_csv_path` for a file)")]
    pub fn to_csv<W: Write>(&self, writer: W) -> Result<()> {
        self.write_csv(writer)
    }
}
