"""Generates pymcdm_mcda_set2.json: pymcdm's PROMETHEE II, SPOTIS, CODAS, MARCOS, MAIRCA, OCRA, TOPSIS and
VIKOR (and ELECTRE I, which pymcdm lacks, in NumPy) on the shared matrix of pymcdm_weights.json, with
all-benefit and mixed criterion types.

Run in a scratch virtual environment (not needed by the tests):
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pymcdm==1.4.0
    /tmp/venv/bin/python pymcdm_mcda_set2.py > pymcdm_mcda_set2.json

Values not computed by pymcdm are marked ("computed_by"): ELECTRE I and the Gaussian preference function
(pymcdm has neither), and TOPSIS without normalisation on mixed types (pymcdm's TOPSIS takes the ideal as
the column maximum, so it needs a normalisation that turns cost criteria around) are computed here with
NumPy from the published formulas.
"""
import importlib.metadata
import json
import numpy as np
import pymcdm.methods.codas as codas_module
from pymcdm import methods as m

# 7 alternatives x 4 criteria, strictly positive, different scales and shapes (pymcdm_weights.json).
X = np.array([
    [250.0, 16.0, 12.0, 5.0],
    [200.0, 16.0, 8.0, 3.0],
    [300.0, 32.0, 16.0, 4.0],
    [275.0, 32.0, 8.0, 4.0],
    [225.0, 16.0, 16.0, 2.0],
    [262.5, 24.0, 10.5, 3.5],
    [240.0, 20.0, 9.0, 4.5],
])
W = np.array([0.35, 0.25, 0.15, 0.25])
TYPES = {"benefit": np.ones(4), "mixed": np.array([1.0, 1.0, -1.0, 1.0])}
# PROMETHEE thresholds per criterion; p of criterion 1 (25) and q of criterion 2 (8) equal differences
# that occur in the matrix, so the comparisons at the thresholds are exercised.
Q = [10.0, 8.0, 1.0, 0.5]
P = [25.0, 12.0, 4.0, 2.0]
S = [30.0, 6.0, 3.0, 1.0]
BOUNDS = np.array([[150.0, 350.0], [10.0, 40.0], [5.0, 20.0], [1.0, 6.0]])


def tolist(a):
    return np.asarray(a, dtype=float).tolist()


def promethee(shape, types):
    kw = {
        "usual": {},
        "ushape": {"q": Q},
        "vshape": {"p": P},
        "level": {"q": Q, "p": P},
        "vshape_2": {"q": Q, "p": P},
    }[shape]
    body = m.PROMETHEE_II(shape, **kw)  # its preference functions are a generator: one call per object
    _, _, fp, fm, fi = body._method(X, W, types)
    return {"positive_flow": tolist(fp), "negative_flow": tolist(fm), "net_flow": tolist(fi)}


def gaussian(types):
    n = X.shape[0]
    pi = np.zeros((n, n))
    for j in range(X.shape[1]):
        c = X[:, j]
        d = (c[:, None] - c[None, :]) if types[j] == 1 else (c[None, :] - c[:, None])
        pi += W[j] * np.where(d > 0, 1.0 - np.exp(-d ** 2 / (2 * S[j] ** 2)), 0.0)
    fp = pi.sum(axis=1) / (n - 1)
    fm = pi.sum(axis=0) / (n - 1)
    return {"positive_flow": tolist(fp), "negative_flow": tolist(fm), "net_flow": tolist(fp - fm),
            "computed_by": "numpy, Brans, Vincke & Mareschal (1986) type VI"}


def codas(types, tau):
    orig = codas_module._psi
    codas_module._psi = lambda x, tau_=tau: 1 if np.abs(x) >= tau_ else 0
    try:
        _, _, nis, E, T, _, H = m.CODAS()._method(X, W, types)
    finally:
        codas_module._psi = orig
    return {"tau": tau, "nis": tolist(nis), "euclidean": tolist(E), "taxicab": tolist(T), "score": tolist(H)}


def marcos(types):
    _, _, _, k_neg, k_pos, f_neg, f_pos, f = m.MARCOS()._method(X, W, types)
    return {"k_minus": tolist(k_neg), "k_plus": tolist(k_pos), "f_k_minus": tolist(f_neg),
            "f_k_plus": tolist(f_pos), "utility": tolist(f)}


def topsis_none(types):
    v = X * W
    pis = np.where(types == 1, v.max(axis=0), v.min(axis=0))
    nis = np.where(types == 1, v.min(axis=0), v.max(axis=0))
    dp = np.sqrt(((v - pis) ** 2).sum(axis=1))
    dm = np.sqrt(((v - nis) ** 2).sum(axis=1))
    out = {"ideal": tolist(pis), "anti_ideal": tolist(nis), "d_plus": tolist(dp), "d_minus": tolist(dm),
           "closeness": tolist(dm / (dm + dp))}
    if np.all(types == 1):
        ident = m.TOPSIS(lambda x, cost=False: x)
        _, _, nis_p, pis_p, dm_p, dp_p, c_p = ident._method(X, W, types)
        out["pymcdm_closeness"] = tolist(c_p)
        out["pymcdm_ideal"] = tolist(pis_p)
        out["pymcdm_anti_ideal"] = tolist(nis_p)
    return out


def electre_i(types, c_hat, d_hat):
    g = X * np.where(types == 1, 1.0, -1.0)
    rng = X.max(axis=0) - X.min(axis=0)
    n = X.shape[0]
    c = np.zeros((n, n))
    d = np.zeros((n, n))
    for a in range(n):
        for b in range(n):
            short = g[b] - g[a]
            c[a, b] = W[short <= 0].sum()
            d[a, b] = np.max(np.where(short > 0, short / rng, 0.0))
    s = (c >= c_hat) & (d <= d_hat) & ~np.eye(n, dtype=bool)
    remaining = np.ones(n, dtype=bool)
    kernel = []
    while remaining.any():
        src = [b for b in range(n) if remaining[b] and not any(remaining[a] and s[a, b] for a in range(n))]
        if not src:
            kernel = None
            break
        remaining[src] = False
        for k in src:
            remaining &= ~s[k]
        kernel += src
    return {"concordance_threshold": c_hat, "discordance_threshold": d_hat,
            "concordance": c.tolist(), "discordance": d.tolist(), "outranks": s.tolist(),
            "kernel": None if kernel is None else sorted(kernel),
            "computed_by": "numpy, Roy (1968) / Figueira, Mousseau & Roy (2005) ELECTRE I"}


out = {
    "provenance": f"pymcdm {importlib.metadata.version('pymcdm')} (numpy {np.__version__}), "
                  "pymcdm.methods on matrix_rows with weights; types all 1 (benefit) and mixed [1, 1, -1, 1]",
    "matrix_rows": X.tolist(),
    "weights": W.tolist(),
    "types": {k: v.tolist() for k, v in TYPES.items()},
    "promethee_q": Q,
    "promethee_p": P,
    "gaussian_s": S,
    "spotis_bounds": BOUNDS.tolist(),
}
for name, t in TYPES.items():
    esp, nmatrix, spotis = m.SPOTIS(BOUNDS)._method(X, W, t)
    _, tp, _, _, mairca = m.MAIRCA()._method(X, W, t)
    _, _, o, _, ocra = m.OCRA()._method(X, W, t)
    vk = m.VIKOR()._method(X, W, t)
    out[name] = {
        "promethee_ii": {s: promethee(s, t) for s in ["usual", "ushape", "vshape", "level", "vshape_2"]},
        "promethee_ii_gaussian": gaussian(t),
        "spotis": {"esp": tolist(esp), "score": tolist(spotis)},
        "codas": codas(t, 0.02),
        "codas_tau_0_05": codas(t, 0.05),
        "marcos": marcos(t),
        "mairca": {"score": tolist(mairca)},
        "ocra": {"score": tolist(ocra)},
        "topsis_none": topsis_none(t),
        "electre_i": electre_i(t, 0.6, 0.4),
        "electre_i_strict": electre_i(t, 0.8, 0.2),
        "vikor": {"s": tolist(vk[3]), "r": tolist(vk[4]), "q": tolist(vk[5])},
    }
print(json.dumps(out, indent=1))
