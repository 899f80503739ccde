"""pymcdm's side of the `mcda_set1_10000x50` group of the `mcda` benchmark (benches/benches/mcda.rs):
COPRAS, WASPAS, WPM, ARAS, EDAS, MABAC, MOORA, COCOSO on a 10 000 × 50 matrix, with validation off, and
scikit-criteria's reference-point MOORA and MULTIMOORA (pymcdm has neither); best of `REPEATS` runs.

    python3 -m venv /work/venvs/mcda1 && /work/venvs/mcda1/bin/pip install pymcdm==1.4.0 scikit-criteria==0.10
    /work/venvs/mcda1/bin/python benches/peers/pymcdm_mcda_set1.py

The matrix has the benchmark's shape and value range (uniform in [0.01, 1), weights uniform in
[0.1, 1), normalised), from numpy's generator (not the same numbers as the Rust ChaCha8 stream; the cost
of every method here does not depend on the values). All criteria are benefits, as in the pipeline,
except for pymcdm's COPRAS and MOORA, which refuse input without a cost criterion: there the last
criterion is a cost (same amount of work). scikit-criteria's MULTIMOORA compares every pair of
alternatives in a Python loop (10⁸ pairs at n = 10⁴, hours): it is timed at n = 300 and the time scaled
by (10⁴/10³)² (its pair loop dominates; `MULTIMOORA_N` changes the size).
Compare with `cargo bench -p mfg-quality-benches --bench mcda -- mcda_set1` (same ids).
"""

import importlib.metadata
import os
import time

import numpy as np
from pymcdm import methods as pm
from skcriteria.agg import moora as skc_moora

REPEATS = int(os.environ.get("REPEATS", "5"))
N, M = 10_000, 50
MULTIMOORA_N = int(os.environ.get("MULTIMOORA_N", "300"))


def best(fn, repeats=REPEATS):
    """(best CPU time of the process, best wall time) in seconds: the Rust side reports on-CPU time,
    because the machine is shared and wall time mostly measures waiting for a core."""
    cpu, wall = [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - t0)
    return min(cpu), min(wall)


def main():
    rng = np.random.default_rng(1)
    x = rng.uniform(0.01, 1.0, size=(N, M))
    w = rng.uniform(0.1, 1.0, size=M)
    w /= w.sum()
    benefit = np.ones(M, dtype=int)
    one_cost = benefit.copy()
    one_cost[-1] = -1
    vec = x / np.sqrt(np.sum(x ** 2, axis=0))
    rows = [
        ("copras", lambda: pm.COPRAS()(x, w, one_cost, validation=False)),
        ("waspas", lambda: pm.WASPAS()(x, w, benefit, validation=False)),
        ("wpm", lambda: pm.WPM()(x, w, benefit, validation=False)),
        ("aras", lambda: pm.ARAS()(x, w, benefit, validation=False)),
        ("edas", lambda: pm.EDAS()(x, w, benefit, validation=False)),
        ("mabac", lambda: pm.MABAC()(x, w, benefit, validation=False)),
        ("moora_ratio", lambda: pm.MOORA()(x, w, one_cost, validation=False)),
        # scikit-criteria's function on the vector-scaled matrix (the scaling timed too).
        ("moora_reference_point",
         lambda: skc_moora.refpoint(x / np.sqrt(np.sum(x ** 2, axis=0)), benefit, w)),
        ("cocoso", lambda: pm.COCOSO()(x, w, benefit, validation=False)),
    ]
    print(f"pymcdm {importlib.metadata.version('pymcdm')}, scikit-criteria "
          f"{importlib.metadata.version('scikit-criteria')}, numpy {np.__version__}; "
          f"{N} x {M}, best of {REPEATS}; load average {os.getloadavg()[0]:.2f}")
    print(f"{'method':24s} {'CPU ms':>10s} {'wall ms':>10s}")
    for name, fn in rows:
        c, t = best(fn)
        print(f"{name:24s} {c * 1e3:10.2f} {t * 1e3:10.2f}")
    n = MULTIMOORA_N
    sub_vec, sub_w = vec[:n], w
    c, t = best(lambda: skc_moora.multimoora(sub_vec, benefit, sub_w), repeats=1)
    k = (N / n) ** 2
    print(f"{'multimoora':24s} {c * 1e3 * k:10.0f} {t * 1e3 * k:10.0f}  "
          f"(scikit-criteria, measured {c * 1e3:.0f} ms CPU at n = {n}, scaled by (N/n)^2)")


if __name__ == "__main__":
    main()
