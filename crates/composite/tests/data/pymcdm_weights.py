"""Generates pymcdm_weights.json: pymcdm's objective weights on a shared matrix.

Run in a scratch virtual environment (not needed by the tests):
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pymcdm==1.4.0
    /tmp/venv/bin/python pymcdm_weights.py > pymcdm_weights.json
"""
import importlib.metadata
import json
import numpy as np
from pymcdm import weights as w

# 7 alternatives x 4 criteria, strictly positive, different scales and shapes.
X = np.array([
    [250.0, 16.0, 12.0, 5.0],
    [200.0, 16.0, 8.0, 3.0],
    [300.0, 32.0, 16.0, 4.0],
    [275.0, 32.0, 8.0, 4.0],
    [225.0, 16.0, 16.0, 2.0],
    [262.5, 24.0, 10.5, 3.5],
    [240.0, 20.0, 9.0, 4.5],
])
benefit = np.ones(4)
mixed = np.array([1.0, 1.0, -1.0, 1.0])
out = {
    "provenance": f"pymcdm {importlib.metadata.version('pymcdm')} (numpy {np.__version__}), "
                  "pymcdm.weights on matrix_rows; types all 1 (benefit) and mixed [1, 1, -1, 1]",
    "matrix_rows": X.tolist(),
    "benefit": {
        "variance": w.variance_weights(X).tolist(),
        "gini": w.gini_weights(X).tolist(),
        "angle": w.angle_weights(X).tolist(),
        "merec": w.merec_weights(X, benefit).tolist(),
        "lopcow": w.lopcow_weights(X, benefit).tolist(),
        "cilos": w.cilos_weights(X, benefit).tolist(),
        "idocriw": w.idocriw_weights(X, benefit).tolist(),
        "entropy": w.entropy_weights(X).tolist(),
    },
    "mixed": {
        "merec": w.merec_weights(X, mixed).tolist(),
        "lopcow": w.lopcow_weights(X, mixed).tolist(),
        "cilos": w.cilos_weights(X, mixed).tolist(),
        "idocriw": w.idocriw_weights(X, mixed).tolist(),
    },
}
print(json.dumps(out, indent=1))
