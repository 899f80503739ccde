#!/usr/bin/env python3
"""Times pymcdm's PROMETHEE II, SPOTIS, CODAS, MARCOS, MAIRCA, OCRA and TOPSIS (identity normalisation) on the
shapes of the `mcda_set2` group of benches/benches/mcda.rs, for the side-by-side table of the MCDA set 2.

The matrix has the same shape and distribution as the Rust benchmark's (values uniform in [0.01, 1),
weights uniform in [0.1, 1) normalised to sum 1, all criteria benefits), from NumPy's generator (the
values differ, the work does not). Shapes: 10 000 x 50 where pymcdm can run it; 1 000 x 50 for PROMETHEE II
(pymcdm keeps one n x n difference table per criterion: 50 x 800 MB at 10 000 rows) and CODAS (a Python
double loop over the n^2 pairs). Times are the median wall-clock milliseconds of `--repeat` calls after
one warm-up, with pymcdm's validation on (its default call) and off (`validation=False`: its validators
loop over the rows in Python and dominate the default call at 10 000 rows). The load average is printed
with the table.

Usage: python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pymcdm==1.4.0
       /tmp/venv/bin/python benches/peers/pymcdm_mcda_set2.py [--repeat 7]
"""
from __future__ import annotations

import argparse
import importlib.metadata
import os
import statistics
import time

import numpy as np
from pymcdm import methods as m


def matrix(n: int, k: int, seed: int):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.01, 1.0, size=(n, k))
    w = rng.uniform(0.1, 1.0, size=k)
    return x, w / w.sum(), np.ones(k)


def timed(f, repeat: int) -> float:
    f()
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        ts.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    k = 50
    big = matrix(10_000, k, 7)
    small = matrix(1_000, k, 8)
    bounds = np.tile([0.0, 1.0], (k, 1))
    q, p = [0.05] * k, [0.3] * k
    rows = [
        ("promethee_usual", "1000x50", small, lambda: m.PROMETHEE_II("usual")),
        ("promethee_linear", "1000x50", small, lambda: m.PROMETHEE_II("vshape_2", p=p, q=q)),
        ("codas", "1000x50", small, lambda: m.CODAS()),
        ("spotis", "10000x50", big, lambda: m.SPOTIS(bounds)),
        ("marcos", "10000x50", big, lambda: m.MARCOS()),
        ("mairca", "10000x50", big, lambda: m.MAIRCA()),
        ("ocra", "10000x50", big, lambda: m.OCRA()),
        ("topsis_none", "10000x50", big, lambda: m.TOPSIS(lambda x, cost=False: x)),
    ]
    print(f"pymcdm {importlib.metadata.version('pymcdm')} (numpy {np.__version__}); "
          f"load average {os.getloadavg()}")
    print("| method | shape | pymcdm ms | pymcdm ms, validation=False |")
    print("|---|---|---|---|")
    for name, shape, (x, w, t), make in rows:
        # A new object per call: PROMETHEE's per-criterion preference functions are a one-shot generator.
        ms = timed(lambda: make()(x, w, t), args.repeat)
        raw = timed(lambda: make()(x, w, t, validation=False), args.repeat)
        print(f"| {name} | {shape} | {ms:.2f} | {raw:.2f} |", flush=True)


if __name__ == "__main__":
    main()
