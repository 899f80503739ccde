"""Side-by-side end-to-end timing of SALib and mfg-quality-sensitivity: Sobol and Morris (sample + evaluate
+ analyse, 100 bootstrap resamples) on the same problems.

Run from the repository root, with SALib in a venv outside it:

    python3 -m venv /work/venvs/salib && /work/venvs/salib/bin/pip install SALib
    cargo build --release --example sensitivity_timing
    /work/venvs/salib/bin/python benches/peers/salib_sobol_morris.py

The Rust side is `examples/sensitivity_timing.rs` (same problems, median of 5 runs after a warm-up); this
script times SALib the same way, runs the Rust binary, and prints both with their ratio. The models are
numpy-vectorised for SALib (one call on the whole sample) and plain closures for Rust. The two use different
sequences and generators, so only the times are compared; the estimators agree to 1e-10 on the same
inputs (`crates/sensitivity/tests/salib_golden.rs`).
"""
import os
import subprocess
import sys
import time
from importlib.metadata import version

import numpy as np
from SALib.analyze import morris as morris_analyze
from SALib.analyze import radial_ee
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from SALib.sample.radial import radial_sobol
from SALib.test_functions import Ishigami


def g_a(d):
    return np.array([[0.0, 1.0, 4.5, 9.0][i] if i < 4 else 99.0 for i in range(d)])


def g(x, a):
    return np.prod((np.abs(4 * x - 2) + a) / (1 + a), axis=1)


def unit(d):
    return {"num_vars": d, "names": [f"x{i+1}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}


PI_BOX = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}


def sobol_case(problem, n, second, model):
    def run():
        x = sobol_sample.sample(problem, n, calc_second_order=second, seed=1)
        y = model(x)
        sobol_analyze.analyze(problem, y, calc_second_order=second, num_resamples=100, seed=1)

    return run


def morris_case(problem, r, model, optimal=None, candidates=None):
    def run():
        if optimal:
            x = morris_sample.sample(
                problem, candidates, num_levels=4, optimal_trajectories=optimal,
                local_optimization=False, seed=1,
            )
        else:
            x = morris_sample.sample(problem, r, num_levels=4, seed=1)
        y = model(x)
        morris_analyze.analyze(problem, x, y, num_levels=4, num_resamples=100, seed=1)

    return run


def radial_case(problem, r, model):
    def run():
        x = radial_sobol.sample(problem, r)
        y = model(x)
        radial_ee.analyze(problem, x, y, sample_sets=r, num_resamples=100, seed=1)

    return run


a10, a20 = g_a(10), g_a(20)
CASES = [
    ("sobol_ishigami_n4096", sobol_case(PI_BOX, 4096, False, Ishigami.evaluate)),
    ("sobol_g10_n1024", sobol_case(unit(10), 1024, False, lambda x: g(x, a10))),
    ("sobol_g10_n1024_second_order", sobol_case(unit(10), 1024, True, lambda x: g(x, a10))),
    ("sobol_g20_n16384", sobol_case(unit(20), 16384, False, lambda x: g(x, a20))),
    ("morris_g20_r100_p4", morris_case(unit(20), 100, lambda x: g(x, a20))),
    ("morris_g20_r1000_p4", morris_case(unit(20), 1000, lambda x: g(x, a20))),
    ("morris_g10_brute_4_of_20", morris_case(unit(10), 4, lambda x: g(x, a10), optimal=4, candidates=20)),
    ("radial_g20_r1000", radial_case(unit(20), 1000, lambda x: g(x, a20))),
]


def median_secs(f):
    f()
    t = []
    for _ in range(5):
        s = time.perf_counter()
        f()
        t.append(time.perf_counter() - s)
    return sorted(t)[2]


def main():
    import warnings

    warnings.simplefilter("ignore")
    salib = {name: median_secs(f) for name, f in CASES}
    exe = os.path.join("target", "release", "examples", "sensitivity_timing")
    rust = {}
    if os.path.exists(exe):
        out = subprocess.run([exe], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            name, secs = line.split()
            rust[name] = float(secs)
    else:
        print(f"({exe} not built: cargo build --release --example sensitivity_timing)", file=sys.stderr)
    load = os.getloadavg()
    print(f"SALib {version('SALib')}, numpy {np.__version__}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"| problem | SALib (ms) | mfg-quality (ms) | speed-up |")
    print(f"|---|---:|---:|---:|")
    for name, _ in CASES:
        r = rust.get(name)
        ratio = f"{salib[name] / r:.0f}x" if r else "-"
        rs = f"{1e3 * r:.2f}" if r else "-"
        print(f"| {name} | {1e3 * salib[name]:.1f} | {rs} | {ratio} |")


if __name__ == "__main__":
    main()
