"""Generates the SALib reference numbers of `tests/salib_golden.rs` (run with SALib in a venv outside the
repository: `python3 -m venv /work/venvs/salib && /work/venvs/salib/bin/pip install SALib`, then
`/work/venvs/salib/bin/python tests/data/make_salib_golden.py` from `crates/sensitivity`).

Every case records SALib's own sample matrix X, the model outputs Y (numpy, float64) and SALib's indices,
so that the Rust estimators are checked on exactly SALib's inputs. Writes `tests/data/salib_golden.json`.
"""
import json
import math

import numpy as np
from importlib.metadata import version
import scipy
from SALib.analyze import morris as morris_analyze
from SALib.analyze import radial_ee
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from SALib.sample.morris.brute import BruteForce
from SALib.sample.morris.morris import _sample_morris
from SALib.sample.radial import radial_sobol
from SALib.test_functions import Ishigami


def g_function(x, a):
    return np.prod((np.abs(4 * x - 2) + a) / (1 + a), axis=1)


def lst(a):
    return [float(v) for v in np.asarray(a).ravel()]


ishigami = {
    "num_vars": 3,
    "names": ["x1", "x2", "x3"],
    "bounds": [[-math.pi, math.pi]] * 3,
}
out = {
    "peer": f"SALib {version('SALib')} (numpy {np.__version__}, scipy {scipy.__version__})",
    "script": "crates/sensitivity/tests/data/make_salib_golden.py",
}

# Sobol on SALib's own Saltelli/Sobol sample (scrambled: no; SALib's default sequence), N = 16, second order
X = sobol_sample.sample(ishigami, 16, calc_second_order=True, seed=11)
Y = Ishigami.evaluate(X)
S = sobol_analyze.analyze(ishigami, Y, calc_second_order=True, seed=11)
out["sobol_ishigami_n16_second_order"] = {
    "n": 16,
    "d": 3,
    "second_order": True,
    "layout": "SALib: per base row j, A_j, AB_1j..AB_dj, BA_1j..BA_dj, B_j",
    "x": lst(X),
    "y": lst(Y),
    "S1": lst(S["S1"]),
    "ST": lst(S["ST"]),
    "S2_12_13_23": [float(S["S2"][0, 1]), float(S["S2"][0, 2]), float(S["S2"][1, 2])],
    "S1_conf": lst(S["S1_conf"]),
    "ST_conf": lst(S["ST_conf"]),
}
# and first/total only, G function D = 5, N = 32
g_problem = {"num_vars": 5, "names": [f"x{i+1}" for i in range(5)], "bounds": [[0, 1]] * 5}
a = np.array([0.0, 1.0, 4.5, 9.0, 99.0])
X = sobol_sample.sample(g_problem, 32, calc_second_order=False, seed=3)
Y = g_function(X, a)
S = sobol_analyze.analyze(g_problem, Y, calc_second_order=False, seed=3)
out["sobol_g5_n32"] = {
    "n": 32,
    "d": 5,
    "second_order": False,
    "a": lst(a),
    "x": lst(X),
    "y": lst(Y),
    "S1": lst(S["S1"]),
    "ST": lst(S["ST"]),
    "S1_conf": lst(S["S1_conf"]),
    "ST_conf": lst(S["ST_conf"]),
}

# Morris trajectories: SALib's sample (10 trajectories, p = 4) of Ishigami, and p = 6 on a linear model
for name, problem, n, p, model in [
    ("morris_ishigami_r10_p4", ishigami, 10, 4, Ishigami.evaluate),
    (
        "morris_linear_r8_p6",
        {"num_vars": 4, "names": ["a", "b", "c", "d"], "bounds": [[0, 1], [0, 2], [-1, 1], [0, 10]]},
        8,
        6,
        lambda x: x[:, 0] + 2 * x[:, 1] - 3 * x[:, 2] + 0.5 * x[:, 3] + x[:, 0] * x[:, 2],
    ),
]:
    X = morris_sample.sample(problem, n, num_levels=p, seed=5)
    Y = model(X)
    M = morris_analyze.analyze(problem, X, Y, num_levels=p, num_resamples=1000, seed=5)
    out[name] = {
        "d": problem["num_vars"],
        "trajectories": n,
        "levels": p,
        "x": lst(X),
        "y": lst(Y),
        "mu": lst(M["mu"]),
        "mu_star": lst(M["mu_star"]),
        "sigma": lst(M["sigma"]),
        "mu_star_conf": lst(M["mu_star_conf"]),
    }

# Campolongo's optimal trajectories, brute force: 12 candidate trajectories (unit cube), choose 4
rng = np.random.default_rng(9)
cand = _sample_morris(ishigami, 12, rng, num_levels=4)
chosen = BruteForce()._sample(cand, 12, 3, 4, 3)
out["morris_brute_12_choose_4"] = {
    "d": 3,
    "candidates": 12,
    "choose": 4,
    "levels": 4,
    "unit_points": lst(cand),
    "chosen": [int(c) for c in chosen],
}

# Radial design (Campolongo, Saltelli & Cariboni 2011): SALib's radial_sobol sample and radial_ee
X = radial_sobol.sample(ishigami, 8)
Y = Ishigami.evaluate(X)
R = radial_ee.analyze(ishigami, X, Y, sample_sets=8, seed=1)
out["radial_ishigami_r8"] = {
    "d": 3,
    "radials": 8,
    "x": lst(X),
    "y": lst(Y),
    "mu": lst(R["mu"]),
    "mu_star": lst(R["mu_star"]),
    "sigma": lst(R["sigma"]),
}

with open("tests/data/salib_golden.json", "w") as f:
    json.dump(out, f, indent=1)
print("wrote tests/data/salib_golden.json:", ", ".join(k for k in out if k not in ("peer", "script")))
