"""Generates pymcdm_normalisations.json: pymcdm's column normalisations on a shared matrix, benefit and cost.

Run in a scratch virtual environment (not needed by the tests):
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pymcdm==1.4.0
    /tmp/venv/bin/python pymcdm_normalisations.py > pymcdm_normalisations.json
"""
import json
import numpy as np
import importlib.metadata
from pymcdm import normalizations as n

# 6 alternatives x 3 criteria, strictly positive (sum and logarithmic require it), scales differ.
X = np.array([
    [250.0, 16.0, 12.0],
    [200.0, 16.0, 8.0],
    [300.0, 32.0, 16.0],
    [275.0, 32.0, 8.0],
    [225.0, 16.0, 16.0],
    [262.5, 24.0, 10.5],
])
methods = {
    "sum": n.sum_normalization,
    "max": n.max_normalization,
    "vector": n.vector_normalization,
    "logarithmic": n.logarithmic_normalization,
    "zavadskas_turskis": n.zavadskas_turskis_normalization,
}
out = {
    "provenance": f"pymcdm {importlib.metadata.version('pymcdm')} (numpy {np.__version__}), pymcdm.normalizations, "
                  "each column separately, cost=False (benefit) and cost=True",
    "matrix_rows": X.tolist(),
    "results": {},
}
for name, f in methods.items():
    out["results"][name] = {
        "benefit": [f(X[:, j], cost=False).tolist() for j in range(X.shape[1])],
        "cost": [f(X[:, j], cost=True).tolist() for j in range(X.shape[1])],
    }
print(json.dumps(out, indent=1))
