"""pyfixest reference for the elasticity regression's inference options (tests/inference_golden.rs).

The 12 exporter–product cells of tests/golden_regression.rs; X = ln(UV/R), R = ΣV/ΣQ per product,
Y = ln(V/ΣV per product); feols("y ~ x | product") with vcov iid, hetero (HC1), CRV1 by exporter, each with
ssc(k_fixef="nonnested") (the default: fixest's "nested") and ssc(k_fixef="none").

Run in a scratch environment (not by the tests):
    python3 -m venv /work/venvs/pyfixest && /work/venvs/pyfixest/bin/pip install pyfixest==0.60.0
    /work/venvs/pyfixest/bin/python crates/elasticity/tests/data/make_inference_reference.py
Writes inference_reference.json beside this script.
"""
import json
import os

import numpy as np
import pandas as pd
import pyfixest as pf

HERE = os.path.dirname(os.path.abspath(__file__))
data = [
    ("A", "840110", 120., 10.), ("B", "840110", 300., 20.), ("C", "840110", 80., 10.),
    ("D", "840110", 500., 25.), ("E", "840110", 60., 8.), ("F", "840110", 200., 12.),
    ("A", "840120", 90., 3.), ("B", "840120", 400., 10.), ("C", "840120", 50., 4.),
    ("D", "840120", 650., 12.), ("E", "840120", 30., 3.), ("F", "840120", 150., 5.),
]
df = pd.DataFrame(data, columns=["exporter", "product", "v", "q"])
g = df.groupby("product")
df["x"] = np.log((df.v / df.q) / (g.v.transform("sum") / g.q.transform("sum")))
df["y"] = np.log(df.v / g.v.transform("sum"))
out = {"peer": "pyfixest", "version": pf.__version__, "results": {}}
for name, vcov in [("iid", "iid"), ("hetero", "hetero"), ("cluster_exporter", {"CRV1": "exporter"})]:
    for k in ["nonnested", "none"]:
        fit = pf.feols("y ~ x | product", data=df, vcov=vcov, ssc=pf.ssc(k_fixef=k))
        out["results"][f"{name}/{k}"] = {
            "estimate": float(fit.coef()["x"]),
            "std_error": float(fit.se()["x"]),
            "t": float(fit.tstat()["x"]),
            "p_value": float(fit.pvalue()["x"]),
        }
with open(os.path.join(HERE, "inference_reference.json"), "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out, indent=1))
