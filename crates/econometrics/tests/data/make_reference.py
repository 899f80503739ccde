"""Generate golden reference data and pyfixest results for mfg-quality-econometrics.

Run in a scratch environment (not by the tests):
    python3 -m venv /tmp/pyfx && /tmp/pyfx/bin/pip install pyfixest
    /tmp/pyfx/bin/python crates/econometrics/tests/data/make_reference.py
Writes reference_data.csv and reference_results.json beside this script.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import pyfixest as pf
from pyfixest.demeaners import MapDemeaner

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261207)

n = 2000
fe1 = rng.integers(0, 50, n)
fe2 = rng.integers(0, 30, n)
fe3 = rng.integers(0, 12, n)
# five singleton levels of fe3 (removed as singletons, as fixest/pyfixest do)
fe3[:5] = 100 + np.arange(5)
cl1 = fe1 // 2  # 25 clusters; fe1 is nested in cl1
cl2 = rng.integers(0, 20, n)
a1 = rng.normal(0, 1, 50)[fe1]
a2 = rng.normal(0, 1, 30)[fe2]
a3 = rng.normal(0, 0.5, 200)[fe3 % 200]
x1 = rng.normal(0, 1, n) + 0.5 * a1
x2 = rng.normal(0, 1, n) + 0.3 * a2 - 0.2 * a3
w = rng.uniform(0.5, 2.0, n)
u = rng.normal(0, 1, n) * (1 + 0.5 * np.abs(x1)) + rng.normal(0, 0.5, 25)[cl1]
y = 1.0 + 0.7 * x1 - 0.4 * x2 + a1 + a2 + a3 + u
eta = 0.3 + 0.25 * x1 - 0.15 * x2 + 0.5 * a1 + 0.3 * a2
count = rng.poisson(np.exp(eta)).astype(float)
# one fe1 level with only zero counts: removed by the PPML separation check
count[fe1 == 7] = 0.0

df = pd.DataFrame(
    dict(y=y, x1=x1, x2=x2, w=w, fe1=fe1, fe2=fe2, fe3=fe3, cl1=cl1, cl2=cl2, count=count)
)
df.to_csv(os.path.join(HERE, "reference_data.csv"), index=False, float_format="%.17g")

TOL = dict(demeaner=MapDemeaner(fixef_tol=1e-13, fixef_maxiter=100000))
cases = [
    # name, estimator, formula, weights, vcovs
    ("ols_fe1", "feols", "y ~ x1 + x2 | fe1", None),
    ("ols_fe2", "feols", "y ~ x1 + x2 | fe1 + fe2", None),
    ("ols_fe3", "feols", "y ~ x1 + x2 | fe1 + fe2 + fe3", None),
    ("ols_fe2_weights", "feols", "y ~ x1 + x2 | fe1 + fe2", "w"),
    ("ols_fe3_weights", "feols", "y ~ x1 + x2 | fe1 + fe2 + fe3", "w"),
    ("ols_interaction", "feols", "y ~ x1 + x2 | fe1^fe3 + fe2", None),
    ("ppml_fe2", "fepois", "count ~ x1 + x2 | fe1 + fe2", None),
    ("ppml_fe3_weights", "fepois", "count ~ x1 + x2 | fe1 + fe2 + fe3", "w"),
]
vcovs = {
    "iid": "iid",
    "hetero": "hetero",
    "cluster_cl1": {"CRV1": "cl1"},
    "cluster_cl2": {"CRV1": "cl2"},
    "cluster_cl1_cl2": {"CRV1": "cl1+cl2"},
}

out = {
    "pyfixest_version": pf.__version__,
    "numpy_version": np.__version__,
    "python_version": sys.version.split()[0],
    "settings": "MapDemeaner(fixef_tol=1e-13), iwls_tol=1e-12, ssc defaults, fixef_rm='singleton'",
    "script": open(os.path.abspath(__file__)).read(),
    "cases": {},
}
for name, est, fml, wname in cases:
    case = {"formula": fml, "weights": wname, "vcov": {}}
    for vname, v in vcovs.items():
        if est == "feols":
            fit = pf.feols(fml, data=df, vcov=v, weights=wname, **TOL)
        else:
            fit = pf.fepois(
                fml, data=df, vcov=v, weights=wname, iwls_tol=1e-12, iwls_maxiter=100,
                separation_check=["fe"], **TOL,
            )
        ci = fit.confint()
        case["vcov"][vname] = {
            "se": fit.se().tolist(),
            "t": fit.tstat().tolist(),
            "p": fit.pvalue().tolist(),
            "ci_low": ci.iloc[:, 0].tolist(),
            "ci_high": ci.iloc[:, 1].tolist(),
            "df_t": float(fit._df_t),
            "df_k": float(fit._df_k),
        }
        case["names"] = list(fit.coef().index)
        case["coef"] = fit.coef().tolist()
        case["nobs"] = int(fit._N)
        kept = np.setdiff1d(np.arange(n), np.array(sorted(fit._na_index), dtype=int))
        case["kept_first"] = kept[:10].tolist()
        case["n_dropped"] = int(n - fit._N)
        if est == "feols":
            case["r2"] = float(fit._r2)
            case["r2_within"] = float(fit._r2_within)
            case["resid"] = np.asarray(fit.resid()).ravel().tolist()
        else:
            case["deviance"] = float(np.asarray(fit.deviance).ravel()[0])
    out["cases"][name] = case
    print(name, case["nobs"], case["coef"])

with open(os.path.join(HERE, "reference_results.json"), "w") as f:
    json.dump(out, f, indent=1)
