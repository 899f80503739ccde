"""Reference numbers for mfg-quality-sensitivity's eFAST, RBD-FAST, delta and PAWN from SALib.

Run with the SALib version recorded in the output (a venv outside the repository):

    python3 -m venv /work/venvs/salib-methods && /work/venvs/salib-methods/bin/pip install SALib
    /work/venvs/salib-methods/bin/python salib_methods.py > salib_methods.json

SALib's own sample matrices are stored with its outputs, so the Rust tests feed the very same matrices.
SALib's bootstraps draw random numbers (numpy's legacy global state for eFAST and delta, a Generator for
RBD-FAST); the draws are recorded here (eFAST block starts, RBD-FAST resample rows, delta's raw-mode and S1
row sets) so the Rust side can replay them and match the intervals too. Each replay is checked here first
against SALib's own result.
"""

import importlib.metadata
import json
import math
import sys

import numpy as np
import scipy
from SALib.analyze import delta as delta_mod
from SALib.analyze import fast, pawn, rbd_fast
from SALib.sample import fast_sampler, latin
from SALib.test_functions import Ishigami, Sobol_G

ISHIGAMI = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}
G_A = np.array([0.0, 1.0, 4.5, 9.0])
GFUN = {"num_vars": 4, "names": ["x1", "x2", "x3", "x4"], "bounds": [[0.0, 1.0]] * 4}


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def fast_case(problem, model, n, m, sample_seed, resamples, analyze_seed):
    d = problem["num_vars"]
    rng = np.random.default_rng(sample_seed)
    phases = [2 * math.pi * rng.random() for _ in range(d)]  # what fast_sampler.sample draws
    x = fast_sampler.sample(problem, n, M=m, seed=sample_seed)
    y = model(x)
    si = fast.analyze(problem, y, M=m, num_resamples=resamples, seed=analyze_seed)
    np.random.seed(analyze_seed)  # what fast.analyze's bootstrap draws, factor after factor
    starts = [[int(np.random.randint(0, n)) for _ in range(resamples)] for _ in range(d)]
    # Replay check.
    for i in range(d):
        yl = y[i * n:(i + 1) * n]
        half = math.ceil(n * 0.5)
        w = math.floor((half - 1) / (2 * m))
        r1 = []
        for b in starts[i]:
            idx = [(b + q) % n for q in range(half)]
            r1.append(fast.compute_orders(yl[idx], half, m, w)[0])
        conf = scipy.stats.norm.ppf(0.975) * np.std(r1, ddof=1)
        assert abs(conf - si["S1_conf"][i]) < 1e-12, (conf, si["S1_conf"][i])
    return {
        "n": n, "m": m, "d": d, "phases": phases, "x": flat(x), "y": flat(y), "starts": starts,
        "S1": flat(si["S1"]), "ST": flat(si["ST"]), "S1_conf": flat(si["S1_conf"]), "ST_conf": flat(si["ST_conf"]),
    }


def rbd_case(problem, model, n, m, sample_seed, resamples, analyze_seed):
    d = problem["num_vars"]
    x = latin.sample(problem, n, seed=sample_seed)
    y = model(x)
    si = rbd_fast.analyze(problem, x, y, M=m, num_resamples=resamples, seed=analyze_seed)
    rng = np.random.default_rng(analyze_seed)  # what rbd_fast.analyze's bootstrap draws
    sets = [[[int(v) for v in rng.choice(n, replace=True, size=int(n * 0.5))] for _ in range(resamples)]
            for _ in range(d)]
    for i in range(d):
        r = []
        for s in sets[i]:
            s = np.array(s)
            v = rbd_fast.compute_first_order(rbd_fast.permute_outputs(x[s, i], y[s]), m)
            r.append(rbd_fast.unskew_S1(v, m, len(s)))
        conf = scipy.stats.norm.ppf(0.975) * np.std(r, ddof=1)
        assert abs(conf - si["S1_conf"][i]) < 1e-12, (conf, si["S1_conf"][i])
    return {"n": n, "m": m, "d": d, "x": flat(x), "y": flat(y), "sets": sets,
            "S1": flat(si["S1"]), "S1_conf": flat(si["S1_conf"])}


class _Recorder:
    """Stands in for numpy in SALib's delta module and records the random draws."""

    def __init__(self):
        self.context = None
        self.log = []
        outer = self

        class _Random:
            def __getattr__(self, name):
                fn = getattr(np.random, name)
                if name in ("randint", "choice"):
                    def wrapped(*a, **k):
                        r = fn(*a, **k)
                        outer.log.append((outer.context, name, r))
                        return r
                    return wrapped
                return fn

        self.random = _Random()

    def __getattr__(self, name):
        return getattr(np, name)


def delta_case(problem, model, n, sample_seed, resamples, analyze_seed):
    d = problem["num_vars"]
    x = latin.sample(problem, n, seed=sample_seed)
    y = model(x)
    rec = _Recorder()
    orig_subset, orig_conf, orig_np = delta_mod.obtain_resampled_subset, delta_mod.sobol_first_conf, delta_mod.np
    events = []

    def subset(X, y_resamples, mode, *a, **k):
        rec.context = mode
        r = orig_subset(X, y_resamples, mode, *a, **k)
        rec.context = None
        events.append(("delta_" + mode, [int(v) for v in r]))
        return r

    def conf(*a, **k):
        rec.context = "s1conf"
        start = len(rec.log)
        r = orig_conf(*a, **k)
        rec.context = None
        mat = [e for e in rec.log[start:] if e[0] == "s1conf"][0][2]
        events.append(("s1_sets", [[int(v) for v in row] for row in mat]))
        return r

    delta_mod.obtain_resampled_subset, delta_mod.sobol_first_conf, delta_mod.np = subset, conf, rec
    try:
        si = delta_mod.analyze(problem, x, y, num_resamples=resamples, seed=analyze_seed)
    finally:
        delta_mod.obtain_resampled_subset, delta_mod.sobol_first_conf, delta_mod.np = orig_subset, orig_conf, orig_np
    # The top-level S1 draws: randint calls outside any context.
    s1_bases = [[int(v) for v in e[2]] for e in rec.log if e[0] is None and e[1] == "randint"]
    assert len(s1_bases) == d
    per_factor = []
    raw = [e[1] for e in events if e[0] == "delta_raw"]
    s1_sets = [e[1] for e in events if e[0] == "s1_sets"]
    assert len(raw) == d * (resamples + 1) and len(s1_sets) == d
    for i in range(d):
        block = raw[i * (resamples + 1):(i + 1) * (resamples + 1)]
        per_factor.append({"delta_base": block[0], "delta_sets": block[1:],
                           "s1_base": s1_bases[i], "s1_sets": s1_sets[i]})
    # The deterministic parts on the full sample.
    M = int(np.round(min(int(np.ceil(n ** (2.0 / (7.0 + np.tanh((1500.0 - n) / 500.0))))), 48)))
    m = np.linspace(0, n, M + 1)
    grid = np.linspace(np.min(y), np.max(y), 100)
    full_delta = [float(delta_mod.calc_delta(y, grid, x[:, i], m)) for i in range(d)]
    full_s1 = [float(delta_mod.sobol_first(y, x[:, i], m)) for i in range(d)]
    return {"n": n, "d": d, "classes": M, "x": flat(x), "y": flat(y), "resamples": per_factor,
            "delta_raw": flat(si["delta_raw"]), "delta_raw_conf": flat(si["delta_raw_conf"]),
            "S1": flat(si["S1"]), "S1_conf": flat(si["S1_conf"]),
            "full_delta": full_delta, "full_S1": full_s1}


def pawn_case(problem, model, n, slices, sample_seed):
    x = latin.sample(problem, n, seed=sample_seed)
    y = model(x)
    si = pawn.analyze(problem, x, y, S=slices)
    return {"n": n, "d": problem["num_vars"], "S": slices, "x": flat(x), "y": flat(y),
            **{k: flat(si[k]) for k in ["minimum", "mean", "median", "maximum", "CV"]}}


def main():
    ish = Ishigami.evaluate
    g = lambda x: Sobol_G.evaluate(x, G_A)  # noqa: E731
    out = {
        "peer": "SALib",
        "version": importlib.metadata.version("SALib"),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "script": "crates/sensitivity/tests/data/salib_methods.py",
        "fast": {
            "ishigami": fast_case(ISHIGAMI, ish, 129, 4, 1, 20, 7),
            "sobol_g": fast_case(GFUN, g, 150, 3, 2, 20, 9),
        },
        "rbd_fast": {
            "ishigami": rbd_case(ISHIGAMI, ish, 300, 10, 3, 10, 5),
            "sobol_g": rbd_case(GFUN, g, 257, 6, 4, 10, 6),
        },
        "delta": {"ishigami": delta_case(ISHIGAMI, ish, 300, 3, 5, 11)},
        "pawn": {
            "ishigami": pawn_case(ISHIGAMI, ish, 300, 10, 3),
            "sobol_g": pawn_case(GFUN, g, 257, 7, 4),
        },
    }
    json.dump(out, sys.stdout, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")
    main()
