"""Generates the SALib reference numbers of `tests/salib_morris.rs`: Morris with groups of factors and with
scaled elementary effects (Sin & Gernaey 2009), on SALib's own sample matrices.

Run with SALib 1.6.0 in a venv outside the repository, from `crates/sensitivity`:

    python3 -m venv /work/venvs/sens && /work/venvs/sens/bin/pip install SALib==1.6.0
    /work/venvs/sens/bin/python tests/data/make_salib_morris.py

Each case records SALib's sample X (`morris.sample`, with the problem's `groups`), the model outputs Y,
SALib's `morris.analyze` results (unscaled and `scaled=True`; a group of several factors has sigma NaN,
written as null) and the bootstrap draws of `mu_star_conf`: `analyze` seeds `numpy.random.default_rng(seed)`
and draws, factor after factor, `rng.integers(r, size=(num_resamples, r))`; the same calls are replayed here
so that the Rust side can reproduce the intervals exactly. Writes `tests/data/salib_morris.json`.
"""
import json
import math
from importlib.metadata import version

import numpy as np
import scipy
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample
from SALib.sample.morris.brute import BruteForce
from SALib.sample.morris.morris import _sample_morris
from SALib.test_functions import Ishigami


def lst(a):
    return [None if not math.isfinite(v) else float(v) for v in np.asarray(a, dtype=float).ravel()]


RESAMPLES = 50
SEED = 3


def draws(d, r):
    rng = np.random.default_rng(SEED)
    return [rng.integers(r, size=(RESAMPLES, r)).tolist() for _ in range(d)]


def linear_mix(x):
    return (
        x[:, 0] + 2 * x[:, 1] - 3 * x[:, 2] + 0.5 * x[:, 3] + x[:, 0] * x[:, 2] + x[:, 4] ** 2
        + np.sin(3 * x[:, 5])
    )


def g_function(x):
    a = np.array([0.0, 1.0, 4.5, 9.0, 99.0])
    return np.prod((np.abs(4 * x - 2) + a) / (1 + a), axis=1)


CASES = [
    (
        "groups_contiguous_r12_p4",
        {
            "num_vars": 6,
            "names": ["a", "b", "c", "d", "e", "f"],
            "bounds": [[0, 1], [0, 2], [-1, 1], [0, 10], [1, 3], [0, 1]],
            "groups": ["g1", "g1", "g2", "g3", "g3", "g3"],
        },
        12,
        4,
        7,
        linear_mix,
    ),
    (
        "groups_interleaved_r10_p6",
        {
            "num_vars": 5,
            "names": ["x1", "x2", "x3", "x4", "x5"],
            "bounds": [[0, 1]] * 5,
            "groups": ["a", "b", "a", "c", "b"],
        },
        10,
        6,
        11,
        g_function,
    ),
    (
        "ishigami_r10_p4",
        {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3},
        10,
        4,
        5,
        Ishigami.evaluate,
    ),
    (
        "linear_r8_p6",
        {
            "num_vars": 6,
            "names": ["a", "b", "c", "d", "e", "f"],
            "bounds": [[0, 1], [0, 2], [-1, 1], [0, 10], [1, 3], [0, 1]],
        },
        8,
        6,
        13,
        linear_mix,
    ),
]

out = {
    "peer": f"SALib {version('SALib')} (numpy {np.__version__}, scipy {scipy.__version__})",
    "script": "crates/sensitivity/tests/data/make_salib_morris.py",
    "resamples": RESAMPLES,
    "seed": SEED,
}
for name, problem, r, p, seed, model in CASES:
    X = morris_sample.sample(problem, r, num_levels=p, seed=seed)
    Y = model(X)
    groups = problem.get("groups") or problem["names"]
    unique = list(dict.fromkeys(groups))
    case = {
        "d": problem["num_vars"],
        "names": problem["names"],
        "group_names": unique,
        "membership": [unique.index(g) for g in groups],
        "trajectories": r,
        "levels": p,
        "x": lst(X),
        "y": lst(Y),
        "draws": draws(problem["num_vars"], r),
    }
    for scaled in (False, True):
        M = morris_analyze.analyze(
            dict(problem), X, Y, num_levels=p, num_resamples=RESAMPLES, scaled=scaled, seed=SEED
        )
        key = "scaled" if scaled else "unscaled"
        case[key] = {
            "mu": lst(M["mu"]),
            "mu_star": lst(M["mu_star"]),
            "sigma": lst(M["sigma"]),
            "mu_star_conf": lst(M["mu_star_conf"]),
        }
    out[name] = case

# Campolongo's optimal trajectories over groups, brute force: 10 candidates (unit cube), choose 3
problem = dict(CASES[0][1])
rng = np.random.default_rng(9)
cand = _sample_morris(problem, 10, rng, num_levels=4)
chosen = BruteForce()._sample(cand, 10, 6, 3, 3)
out["brute_groups_10_choose_3"] = {
    "d": 6,
    "groups": 3,
    "candidates": 10,
    "choose": 3,
    "unit_points": lst(cand),
    "chosen": [int(c) for c in chosen],
}

with open("tests/data/salib_morris.json", "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
print("wrote tests/data/salib_morris.json:", ", ".join(k for k in out if k not in ("peer", "script")))
