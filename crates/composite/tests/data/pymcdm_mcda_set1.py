"""Generates pymcdm_mcda_set1.json: pymcdm's COPRAS, WASPAS, WPM, ARAS, EDAS, MABAC, MOORA and COCOSO, and
scikit-criteria's COPRAS, ratio / reference-point MOORA, full multiplicative form and MultiMOORA (pymcdm
has no reference-point MOORA and no MULTIMOORA; its COPRAS differs from the published formula, see
crates/composite/src/aggregate/copras.rs), on shared matrices, all-benefit and mixed criterion types.

Run in a scratch virtual environment (not needed by the tests):
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pymcdm==1.4.0 scikit-criteria==0.10
    /tmp/venv/bin/python pymcdm_mcda_set1.py > pymcdm_mcda_set1.json

pymcdm's methods run with validation off (as in the benchmark); scikit-criteria's module-level functions
(`skcriteria.agg.copras.copras`, `skcriteria.agg.moora.ratio` / `refpoint` / `fmf` / `multimoora`) are its
computations without the DecisionMatrix wrapper, on the matrix scaled as their docs prescribe
(sum-scaled for COPRAS, vector-scaled for the MOORA family).
"""
import importlib.metadata
import json

import numpy as np
from pymcdm import methods as pm
from skcriteria.agg import copras as skc_copras
from skcriteria.agg import moora as skc_moora

# The 7 x 4 matrix of pymcdm_weights.json, plus a seeded 15 x 6 one.
A = np.array([
    [250.0, 16.0, 12.0, 5.0],
    [200.0, 16.0, 8.0, 3.0],
    [300.0, 32.0, 16.0, 4.0],
    [275.0, 32.0, 8.0, 4.0],
    [225.0, 16.0, 16.0, 2.0],
    [262.5, 24.0, 10.5, 3.5],
    [240.0, 20.0, 9.0, 4.5],
])
WA = np.array([0.35, 0.25, 0.15, 0.25])
rng = np.random.default_rng(13)
B = np.round(rng.uniform(0.5, 20.0, size=(15, 6)), 3)
WB = rng.uniform(0.1, 1.0, size=6)
WB = WB / WB.sum()

CASES = [
    ("a_benefit", A, WA, np.ones(4, dtype=int)),
    ("a_mixed", A, WA, np.array([1, 1, -1, 1])),
    ("b_benefit", B, WB, np.ones(6, dtype=int)),
    ("b_mixed", B, WB, np.array([-1, 1, 1, -1, 1, 1])),
]


def pref(method, X, w, t):
    try:
        p = method(X, w, t, validation=False)
        return {"pref": p.tolist(), "rank": method.rank(p).tolist()}
    except ValueError as e:
        return {"error": str(e)}


def skc(X, w, t):
    vec = X / np.sqrt(np.sum(X ** 2, axis=0))
    sm = X / np.sum(X, axis=0)
    out = {}
    if np.any(t == -1):
        rank, util, signif, s_max, s_min = skc_copras.copras(sm, w, t)
        out["copras"] = {"utility": (util / 100.0).tolist(), "q": signif.tolist(),
                         "s_plus": s_max.tolist(), "s_minus": s_min.tolist(), "rank": rank.tolist()}
    r_rank, r_score = skc_moora.ratio(vec, t, w)
    p_rank, p_score, ref = skc_moora.refpoint(vec, t, w)
    f_rank, f_score = skc_moora.fmf(vec, t, w)
    m = skc_moora.multimoora(vec, t, w)
    out["ratio"] = {"score": r_score.tolist(), "rank": r_rank.tolist()}
    out["refpoint"] = {"score": p_score.tolist(), "rank": p_rank.tolist(), "reference_point": ref.tolist()}
    # fmf score = Σ_max ln(w r) − Σ_min ln(w r) (Aj = 1 when no max criterion, Bj = 0 when no min).
    out["fmf"] = {"score": f_score.tolist(), "rank": f_rank.tolist(),
                  "weight_constant": float(np.sum(np.log(w[t == 1])) - np.sum(np.log(w[t == -1]))
                                           + (0.0 if np.any(t == 1) else 1.0))}
    out["multimoora"] = {"rank": m[0].tolist(), "dominance": m[1].tolist(),
                         "rank_matrix": m[2].tolist()}
    return out


out = {
    "provenance": f"pymcdm {importlib.metadata.version('pymcdm')}, scikit-criteria "
                  f"{importlib.metadata.version('scikit-criteria')} (numpy {np.__version__}); "
                  "pymcdm methods with default normalisations and parameters, validation=False; "
                  "types 1 = benefit, -1 = cost; matrices row-major (alternatives in rows)",
    "cases": {},
}
for name, X, w, t in CASES:
    case = {"matrix_rows": X.tolist(), "weights": w.tolist(), "types": t.tolist()}
    case["pymcdm"] = {
        "copras": pref(pm.COPRAS(), X, w, t),
        "waspas_0.5": pref(pm.WASPAS(), X, w, t),
        "waspas_0.2": pref(pm.WASPAS(l=0.2), X, w, t),
        "wpm": pref(pm.WPM(), X, w, t),
        "aras": pref(pm.ARAS(), X, w, t),
        "edas": pref(pm.EDAS(), X, w, t),
        "mabac": pref(pm.MABAC(), X, w, t),
        "moora": pref(pm.MOORA(), X, w, t),
        "cocoso_0.5": pref(pm.COCOSO(), X, w, t),
        "cocoso_0.3": pref(pm.COCOSO(l=0.3), X, w, t),
    }
    case["skcriteria"] = skc(X, w, t)
    out["cases"][name] = case
print(json.dumps(out, indent=1))
