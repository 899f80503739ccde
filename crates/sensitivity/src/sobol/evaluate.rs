//! Evaluating a model on the points of a [`SobolDesign`] — row by row ([`SobolDesign::evaluate`],
//! [`SobolDesign::evaluate_vec`], [`SobolDesign::evaluate_multi`]) or a [`Block`] of rows at a time
//! ([`SobolDesign::evaluate_batched`]) — and the one-call runs ([`SobolDesign::run`] and its siblings).

use std::convert::Infallible;
use std::error::Error as StdError;

use super::*;

/// A block of consecutive design rows handed to a batched model: the mapped inputs, row-major.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    /// The 0-based design row of the block's first row.
    pub start: usize,
    /// The number of coordinates `D` per row.
    pub dims: usize,
    /// The inputs, `rows × D` row-major.
    pub inputs: &'a [f64],
}

impl<'a> Block<'a> {
    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.inputs.len() / self.dims.max(1)
    }

    /// Row `k` of the block (design row `start + k`).
    pub fn row(&self, k: usize) -> &'a [f64] {
        &self.inputs[k * self.dims..(k + 1) * self.dims]
    }

    /// The rows, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [f64]> + 'a {
        self.inputs.chunks(self.dims.max(1))
    }
}

/// A batched model's failure at one design row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError<E> {
    /// The 0-based design row (not the row within the block).
    pub row: usize,
    /// The model's error.
    pub error: E,
}

impl<E: StdError + Send + Sync + 'static> From<Stop<RowError<E>>> for SensitivityError {
    fn from(s: Stop<RowError<E>>) -> Self {
        match s {
            Stop::Cancelled { done, total } => SensitivityError::Cancelled { done, total },
            Stop::Failed(RowError { row, error }) => SensitivityError::ModelFailed {
                sample: row,
                source: ModelError::new(error),
            },
        }
    }
}

impl SobolDesign {
    /// Fills `x` (`rows × D`) with the mapped inputs of design rows `range`.
    fn fill_block(&self, ab: &[f32], range: Range<usize>, x: &mut Vec<f64>) {
        let dims = self.dimension();
        let n = self.settings.n;
        x.resize(range.len() * dims, 0.0);
        for (r, out) in range.zip(x.chunks_mut(dims.max(1))) {
            let j = r % n;
            let row = &ab[j * 2 * dims..(j + 1) * 2 * dims];
            self.fill_row(r, &row[..dims], &row[dims..], out);
            self.map_in_place(out);
        }
    }

    /// Evaluates a batched model with `n_outputs` outputs on every row of the design. The design is
    /// streamed in blocks of consecutive rows (in parallel under the `parallel` feature); `model(block, y)`
    /// writes the block's outputs row-major into `y` (`block.rows() × n_outputs`, preallocated). Returns
    /// the outputs row-major `n_runs × n_outputs`, identical at any thread count.
    ///
    /// # Errors
    /// [`SensitivityError::InvalidParameter`] for `n_outputs == 0`; [`SensitivityError::ModelFailed`] (the
    /// first failing row), [`SensitivityError::NonFiniteOutput`], [`SensitivityError::Cancelled`].
    pub fn evaluate_batched<F, E>(
        &self,
        n_outputs: usize,
        model: F,
        control: Control<'_>,
    ) -> Result<Vec<f64>>
    where
        F: Fn(Block<'_>, &mut [f64]) -> std::result::Result<(), RowError<E>> + Sync,
        E: StdError + Send + Sync + 'static,
    {
        if n_outputs == 0 {
            return Err(SensitivityError::InvalidParameter {
                method: "sobol",
                parameter: "n_outputs",
                reason: "a model needs at least one output".into(),
            });
        }
        let dims = self.dimension();
        let ab = self.base_matrices();
        let runs = self.n_runs();
        let mut y = vec![0.0; runs * n_outputs];
        run_into(runs, n_outputs, &mut y, control, |range, out| {
            let mut x = Vec::new();
            let start = range.start;
            self.fill_block(&ab, range, &mut x);
            model(
                Block {
                    start,
                    dims,
                    inputs: &x,
                },
                out,
            )
        })?;
        drop(ab);
        self.check_finite(&y, n_outputs)?;
        Ok(y)
    }

    /// Evaluates a vector-valued fallible model on every row of the design (mapped inputs), returning the
    /// outputs row-major `n_runs × n_outputs` and `n_outputs` (the length at row 0). Runs in parallel under
    /// the `parallel` feature; the result is the same at any thread count.
    ///
    /// # Errors
    /// [`SensitivityError::ModelFailed`] (first failing row, with the model's error as its source),
    /// [`SensitivityError::OutputLength`], [`SensitivityError::NonFiniteOutput`],
    /// [`SensitivityError::Cancelled`].
    pub fn evaluate_multi<F, E>(&self, model: F, control: Control<'_>) -> Result<(Vec<f64>, usize)>
    where
        F: Fn(&[f64]) -> std::result::Result<Vec<f64>, E> + Sync,
        E: StdError + Send + Sync + 'static,
    {
        self.evaluate_rows(|_, x| model(x), control)
    }

    /// [`SobolDesign::evaluate_multi`] with the design row passed to the model, and a chunk of rows
    /// evaluated together: `model(start, rows)` returns one result per row of `rows` (`D` values each).
    ///
    /// # Errors
    /// As [`SobolDesign::evaluate_multi`].
    pub fn evaluate_chunked<F, E>(
        &self,
        model: F,
        control: Control<'_>,
    ) -> Result<(Vec<f64>, usize)>
    where
        F: Fn(usize, Block<'_>) -> Vec<std::result::Result<Vec<f64>, E>> + Sync,
        E: StdError + Send + Sync + 'static,
    {
        let dims = self.dimension();
        let ab = self.base_matrices();
        // One item per chunk: the row lengths and the outputs, concatenated.
        let chunks: Vec<(Vec<usize>, Vec<f64>)> =
            run_chunks(self.n_runs(), control, |range, out| {
                let mut x = Vec::new();
                let start = range.start;
                self.fill_block(&ab, range, &mut x);
                let block = Block {
                    start,
                    dims,
                    inputs: &x,
                };
                let mut lens = Vec::with_capacity(block.rows());
                let mut vals = Vec::new();
                for (k, y) in model(start, block).into_iter().enumerate() {
                    let y = y.map_err(|error| RowError {
                        row: start + k,
                        error,
                    })?;
                    lens.push(y.len());
                    vals.extend(y);
                }
                out.push((lens, vals));
                Ok(())
            })?;
        drop(ab);
        let n_out = chunks
            .first()
            .and_then(|c| c.0.first().copied())
            .unwrap_or(0);
        let mut y = Vec::with_capacity(self.n_runs() * n_out);
        let mut r = 0;
        for (lens, vals) in chunks {
            for got in lens {
                if got != n_out {
                    return Err(SensitivityError::OutputLength {
                        sample: r,
                        expected: n_out,
                        got,
                    });
                }
                r += 1;
            }
            y.extend(vals);
        }
        if n_out == 0 {
            return Err(SensitivityError::OutputLength {
                sample: 0,
                expected: 1,
                got: 0,
            });
        }
        self.check_finite(&y, n_out)?;
        Ok((y, n_out))
    }

    fn evaluate_rows<F, E>(&self, model: F, control: Control<'_>) -> Result<(Vec<f64>, usize)>
    where
        F: Fn(usize, &[f64]) -> std::result::Result<Vec<f64>, E> + Sync,
        E: StdError + Send + Sync + 'static,
    {
        self.evaluate_chunked(
            |start, block| {
                block
                    .iter()
                    .enumerate()
                    .map(|(k, x)| model(start + k, x))
                    .collect()
            },
            control,
        )
    }

    /// Evaluates an infallible vector-valued model on every row (see [`SobolDesign::evaluate_multi`]).
    ///
    /// # Errors
    /// [`SensitivityError::OutputLength`], [`SensitivityError::NonFiniteOutput`],
    /// [`SensitivityError::Cancelled`].
    pub fn evaluate_vec<F>(&self, model: F, control: Control<'_>) -> Result<(Vec<f64>, usize)>
    where
        F: Fn(&[f64]) -> Vec<f64> + Sync,
    {
        self.evaluate_multi(|x| Ok::<_, Infallible>(model(x)), control)
    }

    /// Evaluates a scalar model on every row of the design (mapped inputs), in design order, streaming the
    /// rows into one preallocated output vector.
    ///
    /// # Errors
    /// [`SensitivityError::NonFiniteOutput`] naming the first row where the model gave NaN or ±Inf;
    /// [`SensitivityError::Cancelled`].
    pub fn evaluate<F>(&self, model: F, control: Control<'_>) -> Result<Vec<f64>>
    where
        F: Fn(&[f64]) -> f64 + Sync,
    {
        self.evaluate_batched::<_, Infallible>(
            1,
            |block, y| {
                for (x, out) in block.iter().zip(y.iter_mut()) {
                    *out = model(x);
                }
                Ok(())
            },
            control,
        )
    }

    pub(super) fn check_finite(&self, y: &[f64], n_out: usize) -> Result<()> {
        if let Some(k) = y.iter().position(|v| !v.is_finite()) {
            let sample = k / n_out.max(1);
            return Err(SensitivityError::NonFiniteOutput {
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
        self.analyse_column(y, 0, &self.resample_counts())
    }

    /// Samples, evaluates and analyses a fallible vector-valued model (e.g. every unit's rank from one
    /// pipeline run), so one design serves all outputs. Returns one result per output: an output that does
    /// not vary gets [`SensitivityError::ZeroVariance`] without failing the others.
    ///
    /// # Errors
    /// As [`SobolDesign::evaluate_multi`].
    pub fn run_multi<F, E>(
        &self,
        model: F,
        control: Control<'_>,
    ) -> Result<Vec<Result<SobolIndices>>>
    where
        F: Fn(&[f64]) -> std::result::Result<Vec<f64>, E> + Sync,
        E: StdError + Send + Sync + 'static,
    {
        let (y, n_out) = self.evaluate_multi(model, control)?;
        self.analyse_multi(&y, n_out)
    }

    /// [`SobolDesign::run_multi`] for an infallible vector-valued model.
    ///
    /// # Errors
    /// As [`SobolDesign::evaluate_vec`].
    pub fn run_vec<F>(&self, model: F, control: Control<'_>) -> Result<Vec<Result<SobolIndices>>>
    where
        F: Fn(&[f64]) -> Vec<f64> + Sync,
    {
        let (y, n_out) = self.evaluate_vec(model, control)?;
        self.analyse_multi(&y, n_out)
    }

    /// Samples, evaluates (a [`Block`] of rows at a time, see [`SobolDesign::evaluate_batched`]) and
    /// analyses a model with `n_outputs` outputs; one result per output.
    ///
    /// ```
    /// use mfg_quality_sensitivity::sobol::{Block, RowError, SobolDesign, SobolInput, SobolSettings};
    /// use mfg_quality_sensitivity::{Control, Marginal};
    ///
    /// let inputs = (0..3).map(|i| SobolInput::new(format!("x{i}"), Marginal::default())).collect();
    /// let design = SobolDesign::new(inputs, SobolSettings { n: 256, ..Default::default() })?;
    /// // y = x0 + 2 x1 + 3 x2, a block of rows at a time
    /// let model = |b: Block<'_>, y: &mut [f64]| -> Result<(), RowError<std::convert::Infallible>> {
    ///     for (x, out) in b.iter().zip(y.iter_mut()) {
    ///         *out = x[0] + 2.0 * x[1] + 3.0 * x[2];
    ///     }
    ///     Ok(())
    /// };
    /// let s = design.run_batched(1, model, Control::default())?.remove(0)?;
    /// assert!((s.first[2].value - 9.0 / 14.0).abs() < 0.02);
    /// # Ok::<(), mfg_quality_sensitivity::SensitivityError>(())
    /// ```
    ///
    /// # Errors
    /// As [`SobolDesign::evaluate_batched`].
    pub fn run_batched<F, E>(
        &self,
        n_outputs: usize,
        model: F,
        control: Control<'_>,
    ) -> Result<Vec<Result<SobolIndices>>>
    where
        F: Fn(Block<'_>, &mut [f64]) -> std::result::Result<(), RowError<E>> + Sync,
        E: StdError + Send + Sync + 'static,
    {
        let y = self.evaluate_batched(n_outputs, model, control)?;
        if n_outputs == 1 {
            return Ok(vec![self.analyse_column(y, 0, &self.resample_counts())]);
        }
        self.analyse_multi(&y, n_outputs)
    }
}
