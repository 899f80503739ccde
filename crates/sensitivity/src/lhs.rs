//! Latin-hypercube sampling on the unit hypercube (McKay, Beckman & Conover 1979), as SALib's
//! `latin.sample`.
//!
//! Each column holds one point in each of the `n` strata `[r/n, (r+1)/n)`: point `r` of column `j` is
//! `(r + U_rj) / n` with `U ~ U(0,1)`, then each column is shuffled independently (Fisher–Yates). The
//! generator is ChaCha8 seeded with the given seed; the draws go column by column (the `n` uniforms of the
//! column, then its shuffle), so a column does not depend on the number of columns after it.
//!
//! ```
//! use mfg_quality_sensitivity::lhs::LatinHypercube;
//! let x = LatinHypercube::new(10).unwrap().sample(3, 42).unwrap(); // row-major 10 × 3
//! let mut strata: Vec<usize> = (0..10).map(|i| (x[i * 3] * 10.0) as usize).collect();
//! strata.sort();
//! assert_eq!(strata, (0..10).collect::<Vec<_>>());
//! ```

use crate::{Result, SensitivityError};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A validated Latin-hypercube design of `n ≥ 1` points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatinHypercube {
    n: usize,
}

impl LatinHypercube {
    /// `n ≥ 1` points.
    pub fn new(n: usize) -> Result<Self> {
        if n == 0 {
            return Err(SensitivityError::TooFew {
                method: "latin",
                what: "samples",
                needed: 1,
                got: 0,
                reason: "a Latin hypercube needs at least one point",
            });
        }
        Ok(LatinHypercube { n })
    }

    /// The number of points.
    pub fn n(&self) -> usize {
        self.n
    }

    /// The design for `d ≥ 1` factors: row-major `n × d` values in `[0, 1)`.
    pub fn sample(&self, d: usize, seed: u64) -> Result<Vec<f64>> {
        if d == 0 {
            return Err(SensitivityError::TooFew {
                method: "latin",
                what: "factors",
                needed: 1,
                got: 0,
                reason: "a design needs at least one factor",
            });
        }
        let n = self.n;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut x = vec![0.0; n * d];
        let width = 1.0 / n as f64;
        let mut col = vec![0.0; n];
        for j in 0..d {
            for (r, c) in col.iter_mut().enumerate() {
                let lo = r as f64 * width;
                *c = lo + width * rng.random::<f64>();
                // (r + 1)/n can round onto the stratum's upper edge; keep it inside.
                if *c >= lo + width {
                    *c = lo;
                }
            }
            for r in (1..n).rev() {
                let s = rng.random_range(0..=r);
                col.swap(r, s);
            }
            for (r, &c) in col.iter().enumerate() {
                x[r * d + j] = c;
            }
        }
        Ok(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_point_per_stratum_in_every_column() {
        let (n, d) = (97, 5);
        let x = LatinHypercube::new(n).unwrap().sample(d, 9).unwrap();
        for j in 0..d {
            let mut s: Vec<usize> = (0..n)
                .map(|i| (x[i * d + j] * n as f64).floor() as usize)
                .collect();
            s.sort_unstable();
            assert_eq!(s, (0..n).collect::<Vec<_>>());
        }
        assert_eq!(x, LatinHypercube::new(n).unwrap().sample(d, 9).unwrap());
        assert_ne!(x, LatinHypercube::new(n).unwrap().sample(d, 10).unwrap());
        // A column does not depend on the columns after it.
        let x2 = LatinHypercube::new(n).unwrap().sample(2, 9).unwrap();
        assert!((0..n).all(|i| x2[i * 2].to_bits() == x[i * d].to_bits()));
        assert!(LatinHypercube::new(0).is_err());
        assert!(LatinHypercube::new(3).unwrap().sample(0, 1).is_err());
    }
}
