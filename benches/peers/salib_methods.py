"""SALib's side of the `gsa_methods` benchmark (benches/benches/gsa_methods.rs): the same problems end to end
(sample + evaluate the vectorised numpy model + analyse, SALib's defaults), best of `REPEATS` runs.

    python3 -m venv /work/venvs/salib-methods && /work/venvs/salib-methods/bin/pip install SALib
    /work/venvs/salib-methods/bin/python benches/peers/salib_methods.py

Compare with `cargo bench -p mfg-quality-benches --bench gsa_methods` (same ids).
"""

import importlib.metadata
import math
import os
import time
import warnings

import numpy as np
from SALib.analyze import delta, fast, pawn, rbd_fast
from SALib.sample import fast_sampler, latin
from SALib.test_functions import Ishigami

warnings.simplefilter("ignore")
REPEATS = int(os.environ.get("REPEATS", "3"))
# SALib's delta takes minutes; once is enough for a ratio.
DELTA_REPEATS = int(os.environ.get("DELTA_REPEATS", "1"))
ISHIGAMI = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}


def best(fn, repeats=None):
    t = []
    for _ in range(repeats or REPEATS):
        t0 = time.perf_counter()
        fn()
        t.append(time.perf_counter() - t0)
    return min(t)


def run_fast():
    x = fast_sampler.sample(ISHIGAMI, 2049, M=4, seed=1)
    fast.analyze(ISHIGAMI, Ishigami.evaluate(x), M=4, num_resamples=100, seed=2)


def run_rbd():
    x = latin.sample(ISHIGAMI, 4000, seed=1)
    rbd_fast.analyze(ISHIGAMI, x, Ishigami.evaluate(x), M=10, num_resamples=100, seed=2)


def run_delta():
    x = latin.sample(ISHIGAMI, 1000, seed=1)
    delta.analyze(ISHIGAMI, x, Ishigami.evaluate(x), num_resamples=100, seed=2)


def run_pawn():
    x = latin.sample(ISHIGAMI, 4000, seed=1)
    pawn.analyze(ISHIGAMI, x, Ishigami.evaluate(x), S=10)


def run_lhs():
    p = {"num_vars": 10, "names": [f"x{i}" for i in range(10)], "bounds": [[0.0, 1.0]] * 10}
    latin.sample(p, 10000, seed=1)


if __name__ == "__main__":
    print(f"SALib {importlib.metadata.version('SALib')}, numpy {np.__version__}, load {os.getloadavg()}")
    for name, fn in [
        ("fast/ishigami_n2049_m4_boot100", run_fast),
        ("rbd_fast/ishigami_lhs4000_m10_boot100", run_rbd),
        ("delta/ishigami_lhs1000_boot100", run_delta),
        ("pawn/ishigami_lhs4000_s10", run_pawn),
        ("lhs/d10_n10000", run_lhs),
    ]:
        reps = DELTA_REPEATS if name.startswith("delta") else REPEATS
        print(f"{name:45s} {best(fn, reps) * 1e3:10.2f} ms  (best of {reps}, load {os.getloadavg()[0]:.1f})", flush=True)
