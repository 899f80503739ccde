"""Every method of mfg-quality-sensitivity side by side with SALib on the same problems, end to end (sample +
evaluate the model + analyse, SALib's defaults, 100 bootstrap resamples), in one run: for each round and
each case, SALib's best of `REPEATS` then ours (`crates/sensitivity/examples/gsa_timing.rs`, best of
`REPEATS` after a warm-up), back to back; each side's time is its minimum over `ROUNDS` rounds. The load
average is printed before and after (other processes share the cores: compare the two columns, not the
absolute times).

    python3 -m venv /work/venvs/sens && /work/venvs/sens/bin/pip install -r benches/peers/requirements.txt
    cargo build --release -p mfg-quality-sensitivity --example gsa_timing
    /work/venvs/sens/bin/python benches/peers/salib_methods.py          (from the repository root)

Environment: `ROUNDS` (default 3), `REPEATS` (default 5), `CASES` (comma-separated ids, default all),
`RAYON_NUM_THREADS` (passed on to ours; SALib is single-threaded numpy). SALib's `delta` takes minutes:
it runs once (`DELTA_REPEATS`, default 1) in the first round only. The models are numpy-vectorised for
SALib (one call on the whole sample) and plain per-row closures for ours. The two use different random
generators, so only the times are compared; the estimators agree to 1e-10 on the same inputs
(`crates/sensitivity/tests/salib_*.rs`).
"""

import importlib.metadata
import math
import os
import platform
import subprocess
import sys
import time
import warnings

import numpy as np
from SALib.analyze import delta, fast, morris as morris_analyze, pawn, radial_ee, rbd_fast
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import fast_sampler, latin
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from SALib.sample.radial import radial_sobol
from SALib.test_functions import Ishigami

warnings.simplefilter("ignore")
ROUNDS = int(os.environ.get("ROUNDS", "3"))
REPEATS = int(os.environ.get("REPEATS", "5"))
DELTA_REPEATS = int(os.environ.get("DELTA_REPEATS", "1"))
ISHIGAMI = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}
EXE = os.path.join("target", "release", "examples", "gsa_timing")


def unit(d, groups=None):
    p = {"num_vars": d, "names": [f"x{i+1}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}
    if groups:
        p["groups"] = groups
    return p


def g_a(d):
    return np.array([[0.0, 1.0, 4.5, 9.0][i] if i < 4 else 99.0 for i in range(d)])


def g(x, a):
    return np.prod((np.abs(4 * x - 2) + a) / (1 + a), axis=1)


A10, A20 = g_a(10), g_a(20)


def sobol_case(problem, n, second, model):
    def run():
        x = sobol_sample.sample(problem, n, calc_second_order=second, seed=1)
        sobol_analyze.analyze(problem, model(x), calc_second_order=second, num_resamples=100, seed=1)

    return run


def morris_case(problem, r, model, scaled=False, optimal=None, candidates=None):
    def run():
        if optimal:
            x = morris_sample.sample(
                problem, candidates, num_levels=4, optimal_trajectories=optimal,
                local_optimization=False, seed=1,
            )
        else:
            x = morris_sample.sample(problem, r, num_levels=4, seed=1)
        morris_analyze.analyze(
            problem, x, model(x), num_levels=4, num_resamples=100, scaled=scaled, seed=1
        )

    return run


def radial_case(problem, r, model):
    def run():
        x = radial_sobol.sample(problem, r)
        radial_ee.analyze(problem, x, model(x), sample_sets=r, num_resamples=100, seed=1)

    return run


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
    latin.sample(unit(10), 10000, seed=1)


GROUPS5 = [f"g{i // 4 + 1}" for i in range(20)]
CASES = [
    ("sobol/ishigami_n4096", "Sobol, Ishigami, N = 4096", sobol_case(ISHIGAMI, 4096, False, Ishigami.evaluate)),
    ("sobol/g10_n1024", "Sobol, G (D = 10), N = 1024", sobol_case(unit(10), 1024, False, lambda x: g(x, A10))),
    ("sobol/g10_n1024_second_order", "Sobol, G (D = 10), N = 1024, second order",
     sobol_case(unit(10), 1024, True, lambda x: g(x, A10))),
    ("sobol/g20_n16384", "Sobol, G (D = 20), N = 16 384", sobol_case(unit(20), 16384, False, lambda x: g(x, A20))),
    ("morris/g20_r100_p4", "Morris, G (D = 20), r = 100, p = 4", morris_case(unit(20), 100, lambda x: g(x, A20))),
    ("morris/g20_r1000_p4", "Morris, G (D = 20), r = 1000, p = 4", morris_case(unit(20), 1000, lambda x: g(x, A20))),
    ("morris/g20_r1000_p4_scaled", "Morris scaled, G (D = 20), r = 1000, p = 4",
     morris_case(unit(20), 1000, lambda x: g(x, A20), scaled=True)),
    ("morris/g20_groups5_r1000_p4", "Morris, 5 groups of 4 (G, D = 20), r = 1000, p = 4",
     morris_case(unit(20, GROUPS5), 1000, lambda x: g(x, A20))),
    ("morris/g10_brute_4_of_20", "Morris, optimised 4 of 20 (brute force), G (D = 10)",
     morris_case(unit(10), 4, lambda x: g(x, A10), optimal=4, candidates=20)),
    ("radial/g20_r1000", "Morris radial, G (D = 20), r = 1000", radial_case(unit(20), 1000, lambda x: g(x, A20))),
    ("fast/ishigami_n2049_m4_boot100", "eFAST, Ishigami, N = 2049, M = 4", run_fast),
    ("rbd_fast/ishigami_lhs4000_m10_boot100", "RBD-FAST, Ishigami, LHS 4000, M = 10", run_rbd),
    ("delta/ishigami_lhs1000_boot100", "δ + S1, Ishigami, LHS 1000", run_delta),
    ("pawn/ishigami_lhs4000_s10", "PAWN, Ishigami, LHS 4000, S = 10", run_pawn),
    ("lhs/d10_n10000", "Latin hypercube 10 000 × 10", run_lhs),
]


def best(fn, repeats):
    t = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        t.append(time.perf_counter() - t0)
    return min(t)


def ours(case):
    env = dict(os.environ, REPEATS=str(REPEATS))
    out = subprocess.run([EXE, case], capture_output=True, text=True, check=True, env=env).stdout
    name, secs = out.split()
    assert name == case, out
    return float(secs)


def load():
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def main():
    if not os.path.exists(EXE):
        sys.exit(f"{EXE} not built: cargo build --release -p mfg-quality-sensitivity --example gsa_timing")
    wanted = os.environ.get("CASES")
    cases = [c for c in CASES if not wanted or c[0] in wanted.split(",")]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(
        f"SALib {importlib.metadata.version('SALib')}, numpy {np.__version__}, Python {platform.python_version()}; "
        f"{cpu}, {os.cpu_count()} cores, RAYON_NUM_THREADS={os.environ.get('RAYON_NUM_THREADS', 'all')}; "
        f"load average before {load()}",
        flush=True,
    )
    salib, rust = {}, {}
    for rnd in range(ROUNDS):
        for case, _, fn in cases:
            if case.startswith("delta"):
                if rnd > 0:
                    rust[case] = min(rust[case], ours(case))
                    continue
                s = best(fn, DELTA_REPEATS)
            else:
                s = best(fn, REPEATS)
            r = ours(case)
            salib[case] = min(salib.get(case, math.inf), s)
            rust[case] = min(rust.get(case, math.inf), r)
            print(f"  round {rnd + 1} {case:40s} SALib {s * 1e3:10.2f} ms  ours {r * 1e3:8.3f} ms  "
                  f"load {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)
    print(f"load average after {load()}")
    print("| method | SALib 1.6 | mfg-quality | ratio |")
    print("|---|---:|---:|---:|")
    for case, label, _ in cases:
        s, r = salib[case], rust[case]
        fmt = lambda t: f"{t:.1f} s" if t >= 1 else (f"{t * 1e3:.1f} ms" if t >= 0.01 else f"{t * 1e3:.2f} ms")
        print(f"| {label} | {fmt(s)} | {fmt(r)} | {s / r:.0f}× |")


if __name__ == "__main__":
    main()
