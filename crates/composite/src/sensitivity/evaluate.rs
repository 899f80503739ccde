//! Evaluating a model on the points of a [`SobolDesign`] ([`SobolDesign::evaluate`],
//! [`SobolDesign::evaluate_multi`]) and the one-call runs ([`SobolDesign::run`], [`SobolDesign::run_multi`]).

use super::*;

impl SobolDesign {
    /// Evaluates a vector-valued fallible model on every row of the design (mapped inputs), returning the
    /// outputs row-major `n_runs × n_outputs` and `n_outputs`. Runs in parallel under the `parallel`
    /// feature; the result is the same at any thread count.
    ///
    /// # Errors
    /// [`CompositeError::ModelFailed`] (first failing row), [`CompositeError::OutputLength`],
    /// [`CompositeError::NonFiniteOutput`], [`CompositeError::Cancelled`].
    pub fn evaluate_multi<F>(&self, model: F, control: Control<'_>) -> Result<(Vec<f64>, usize)>
    where
        F: Fn(&[f64]) -> Result<Vec<f64>> + Sync,
    {
        self.evaluate_multi_indexed(|_, x| model(x), control)
    }

    /// [`SobolDesign::evaluate_multi`] with the row index passed to the model.
    pub(crate) fn evaluate_multi_indexed<F>(
        &self,
        model: F,
        control: Control<'_>,
    ) -> Result<(Vec<f64>, usize)>
    where
        F: Fn(usize, &[f64]) -> Result<Vec<f64>> + Sync,
    {
        self.evaluate_multi_batched(
            |start, xs| {
                xs.iter()
                    .enumerate()
                    .map(|(k, x)| model(start + k, x))
                    .collect()
            },
            control,
        )
    }

    /// [`SobolDesign::evaluate_multi`] handing the model a chunk of consecutive rows at once (the first
    /// row's index and the mapped inputs), so that it can share work between them.
    pub(crate) fn evaluate_multi_batched<F>(
        &self,
        model: F,
        control: Control<'_>,
    ) -> Result<(Vec<f64>, usize)>
    where
        F: Fn(usize, &[Vec<f64>]) -> Vec<Result<Vec<f64>>> + Sync,
    {
        let dims = self.dimension();
        let (a_mat, b_mat) = self.base_matrices();
        let rows: Vec<Vec<f64>> = run_chunks(self.n_runs(), control, |range, out| {
            let start = range.start;
            let xs: Vec<Vec<f64>> = range
                .map(|r| {
                    let mut x = vec![0.0; dims];
                    let j = r % self.settings.n;
                    let rows = j * dims..(j + 1) * dims;
                    self.fill_row(r, &a_mat[rows.clone()], &b_mat[rows], &mut x);
                    self.map_in_place(&mut x);
                    x
                })
                .collect();
            for (k, y) in model(start, &xs).into_iter().enumerate() {
                out.push(y.map_err(|e| CompositeError::ModelFailed {
                    sample: start + k,
                    source: Box::new(e),
                })?);
            }
            Ok(())
        })?;
        let n_out = rows.first().map_or(0, Vec::len);
        let mut y = Vec::with_capacity(rows.len() * n_out);
        for (r, row) in rows.iter().enumerate() {
            if row.len() != n_out {
                return Err(CompositeError::OutputLength {
                    sample: r,
                    expected: n_out,
                    got: row.len(),
                });
            }
            y.extend_from_slice(row);
        }
        self.check_finite(&y, n_out)?;
        Ok((y, n_out))
    }

    /// Evaluates a scalar model on every row of the design (mapped inputs), in design order.
    ///
    /// # Errors
    /// [`CompositeError::NonFiniteOutput`] naming the first row where the model gave NaN or ±Inf;
    /// [`CompositeError::Cancelled`].
    pub fn evaluate<F>(&self, model: F, control: Control<'_>) -> Result<Vec<f64>>
    where
        F: Fn(&[f64]) -> f64 + Sync,
    {
        let dims = self.dimension();
        let (a_mat, b_mat) = self.base_matrices();
        let y = run_chunks(self.n_runs(), control, |range, out| {
            let mut x = vec![0.0; dims];
            for r in range {
                let j = r % self.settings.n;
                let rows = j * dims..(j + 1) * dims;
                self.fill_row(r, &a_mat[rows.clone()], &b_mat[rows], &mut x);
                self.map_in_place(&mut x);
                out.push(model(&x));
            }
            Ok(())
        })?;
        self.check_finite(&y, 1)?;
        Ok(y)
    }

    pub(super) fn check_finite(&self, y: &[f64], n_out: usize) -> Result<()> {
        if let Some(k) = y.iter().position(|v| !v.is_finite()) {
            let sample = k / n_out.max(1);
            return Err(CompositeError::NonFiniteOutput {
                sample,
                output: k % n_out.max(1),
                value: y[k],
                inputs: self.row(sample),
            });
        }
        Ok(())
    }

    /// Samples, evaluates and analyses a scalar model `f(x)` (x = the mapped inputs).
    ///
    /// # Errors
    /// As [`SobolDesign::evaluate`] and [`SobolDesign::analyse`].
    pub fn run<F>(&self, model: F) -> Result<SobolIndices>
    where
        F: Fn(&[f64]) -> f64 + Sync,
    {
        self.run_with(model, Control::default())
    }

    /// [`SobolDesign::run`] with progress reporting and cancellation.
    ///
    /// # Errors
    /// As [`SobolDesign::evaluate`] and [`SobolDesign::analyse`].
    pub fn run_with<F>(&self, model: F, control: Control<'_>) -> Result<SobolIndices>
    where
        F: Fn(&[f64]) -> f64 + Sync,
    {
        let y = self.evaluate(model, control)?;
        self.analyse(&y)
    }

    /// Samples, evaluates and analyses a vector-valued model (e.g. every unit's rank from one pipeline run),
    /// so one design serves all outputs. Returns one result per output: an output that does not vary gets
    /// [`CompositeError::ZeroVariance`] without failing the others.
    ///
    /// # Errors
    /// As [`SobolDesign::evaluate_multi`].
    pub fn run_multi<F>(&self, model: F, control: Control<'_>) -> Result<Vec<Result<SobolIndices>>>
    where
        F: Fn(&[f64]) -> Result<Vec<f64>> + Sync,
    {
        let (y, n_out) = self.evaluate_multi(model, control)?;
        self.analyse_multi(&y, n_out)
    }
}
