"""Reference numbers for crates/regional/tests/statistics_golden.rs.

Run in a scratch environment outside the repository (not run by the tests):
    python3 -m venv /tmp/pyreg && /tmp/pyreg/bin/pip install scipy statsmodels esda libpysal
    /tmp/pyreg/bin/python regional_reference.py > regional_reference.json
Every statistic comes from SciPy / statsmodels / PySAL esda, except where no package computes it:
Dagum's Gini decomposition (an independent literal implementation of Dagum 1997, with d_jh and p_jh as
explicit pair sums of positive parts), the Carree-Klomp T2 statistic, and the continuity-corrected and
plain normal approximations of Spearman's rho (formulas evaluated with scipy.stats.norm). Kendall's Var(S)
is recovered from SciPy's asymptotic p-value, Var(S) = (S / z)^2 with z = norm.isf(p / 2), so it does not
reuse the Rust formula.
"""
import csv
import itertools
import json
import math
import os
import sys

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import stats

import esda
import libpysal

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data")
out = {"versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                    "statsmodels": statsmodels.__version__, "esda": esda.__version__,
                    "libpysal": libpysal.__version__}}

# ---------------------------------------------------------------- convergence
years = [2010.0, 2013.0, 2016.0, 2019.0]
panel = np.array([
    [12.0, 20.5, 31.0, 45.2, 18.3, 26.1, 9.8, 38.0],
    [14.6, 23.9, 33.8, 47.0, 21.9, 28.5, 12.4, 40.9],
    [17.2, 26.0, 36.9, 49.8, 24.1, 31.7, 15.6, 43.1],
    [20.9, 29.4, 39.5, 52.1, 28.6, 34.0, 19.2, 46.3],
])
controls = np.array([
    [0.31, 0.42, 0.28, 0.55, 0.37, 0.49, 0.22, 0.51],   # e.g. investment share
    [1.8, 2.4, 3.1, 3.9, 2.0, 2.9, 1.5, 3.6],           # e.g. schooling
])
out["convergence_input"] = {"years": years, "panel": panel.tolist(), "controls": controls.tolist()}
conv = {}
for kind, ddof in (("sample", 1), ("population", 0)):
    sd = [float(np.std(np.log(p), ddof=ddof)) for p in panel]
    cv = [float(np.std(p, ddof=ddof) / np.mean(p)) for p in panel]
    conv[kind] = {"sd_log": sd, "cv": cv}
    lr = stats.linregress(years, sd)
    conv[kind]["trend_sd_log"] = {"slope": lr.slope, "p": lr.pvalue}
# two periods: first and last; Carree & Klomp (1997) T2 with ML (1/N) moments
l1, l2 = np.log(panel[0]), np.log(panel[-1])
N = len(l1)
v1, v2 = np.var(l1), np.var(l2)
c12 = np.mean((l1 - l1.mean()) * (l2 - l2.mean()))
t2 = (N - 2.5) * math.log(1 + 0.25 * (v1 - v2) ** 2 / (v1 * v2 - c12 ** 2))
conv["carree_klomp"] = {"t2": t2, "p": float(stats.chi2.sf(t2, 1))}
# absolute beta over 2010-2019
T = years[-1] - years[0]
g = np.log(panel[-1] / panel[0]) / T
lr = stats.linregress(np.log(panel[0]), g)
lam = -math.log(1 + lr.slope * T) / T
conv["beta"] = {"slope": lr.slope, "p": lr.pvalue, "se": lr.stderr, "speed": lam,
                "half_life": math.log(2) / lam}
# conditional beta: statsmodels OLS on const, ln x0, controls
X = sm.add_constant(np.column_stack([np.log(panel[0]), controls[0], controls[1]]))
m = sm.OLS(g, X).fit()
mh = sm.OLS(g, X).fit(cov_type="HC1")
b = m.params[1]
lamc = -math.log(1 + b * T) / T if -1 / T < b < 0 else None
conv["conditional"] = {"params": m.params.tolist(), "bse": m.bse.tolist(), "p": m.pvalues.tolist(),
                       "bse_hc1": mh.bse.tolist(), "r2": m.rsquared, "speed": lamc,
                       "half_life": (math.log(2) / lamc) if lamc else None}
# panel fixed effects: growth over each 3-year spell on ln level, unit dummies
tau = 3.0
rows, ys = [], []
for i in range(panel.shape[1]):
    for t in range(panel.shape[0] - 1):
        d = [0.0] * panel.shape[1]
        d[i] = 1.0
        rows.append([math.log(panel[t, i])] + d)
        ys.append(math.log(panel[t + 1, i] / panel[t, i]) / tau)
Xf, yf = np.array(rows), np.array(ys)
mf = sm.OLS(yf, Xf).fit()
mfh = sm.OLS(yf, Xf).fit(cov_type="HC1")
bf = mf.params[0]
lamf = -math.log(1 + bf * tau) / tau
conv["panel_fe"] = {"beta": bf, "se": mf.bse[0], "p": mf.pvalues[0], "se_hc1": mfh.bse[0],
                    "df": mf.df_resid, "speed": lamf, "half_life": math.log(2) / lamf}
out["convergence"] = conv

# ---------------------------------------------------------------- rank tests
tests = {}
xa = [1.2, 3.4, 2.2, 5.0, 4.1, 6.3, 5.5, 7.7]
ya = [2.0, 2.9, 3.5, 4.1, 3.3, 6.0, 5.2, 5.9]
xt = [1.0, 2.0, 2.0, 3.0, 4.0, 5.0, 5.0, 6.0]
yt = [2.1, 2.9, 3.5, 3.1, 4.8, 5.0, 5.0, 6.2]
tests["input"] = {"x_no_ties": xa, "y_no_ties": ya, "x_ties": xt, "y_ties": yt}


def spearman_all(x, y):
    n = len(x)
    r = stats.spearmanr(x, y)
    # one sample, "pairings": all n! orders of x against fixed y (the exact null distribution)
    exact = stats.permutation_test((x,), lambda a: stats.spearmanr(a, y).statistic,
                                   permutation_type="pairings", n_resamples=np.inf,
                                   alternative="two-sided", vectorized=False)
    rho = r.statistic
    z = rho * math.sqrt(n - 1)
    c = 6.0 / (n ** 3 - n)
    zc = math.copysign(max(abs(rho) - c, 0.0), rho) * math.sqrt(n - 1)
    return {"rho": rho, "p_t": r.pvalue, "p_exact": exact.pvalue,
            "z": z, "p_normal": 2 * stats.norm.sf(abs(z)), "z_cc": zc, "p_normal_cc": 2 * stats.norm.sf(abs(zc))}


def kendall_all(x, y, exact):
    n = len(x)
    s = sum(np.sign(x[i] - x[j]) * np.sign(y[i] - y[j]) for i in range(n) for j in range(i + 1, n))
    a = stats.kendalltau(x, y, method="asymptotic")
    z = stats.norm.isf(a.pvalue / 2) * np.sign(s)
    var_s = (s / z) ** 2
    zc = np.sign(s) * max(abs(s) - 1, 0) / math.sqrt(var_s)
    res = {"tau_b": a.statistic, "s": int(s), "var_s": var_s, "p_normal": a.pvalue, "z": z,
           "z_cc": zc, "p_normal_cc": 2 * stats.norm.sf(abs(zc))}
    if exact:
        res["p_exact"] = stats.kendalltau(x, y, method="exact").pvalue
        res["p_auto"] = stats.kendalltau(x, y).pvalue
    return res


tests["spearman_no_ties"] = spearman_all(xa, ya)
tests["spearman_ties"] = spearman_all(xt, yt)
tests["kendall_no_ties"] = kendall_all(xa, ya, True)
tests["kendall_ties"] = kendall_all(xt, yt, False)
out["rank_tests"] = tests

# ---------------------------------------------------------------- OLS prediction, HC1
Xs = sm.add_constant(np.array(xt))
ms = sm.OLS(np.array(yt), Xs).fit()
msh = sm.OLS(np.array(yt), Xs).fit(cov_type="HC1")
pred = []
for x0 in (3.5, 7.0):
    for level in (0.95, 0.90):
        f = ms.get_prediction(np.array([[1.0, x0]])).summary_frame(alpha=1 - level)
        pred.append({"x0": x0, "level": level, "fit": float(f["mean"].iloc[0]), "mean_se": float(f["mean_se"].iloc[0]),
                                 "mean_ci": [float(f["mean_ci_lower"].iloc[0]), float(f["mean_ci_upper"].iloc[0])],
                                 "obs_ci": [float(f["obs_ci_lower"].iloc[0]), float(f["obs_ci_upper"].iloc[0])],
                                 "t": float(stats.t.ppf(0.5 + level / 2, ms.df_resid))})
mult = sm.OLS(g, X).fit().get_prediction(np.array([[1.0, math.log(20.0), 0.4, 2.5]])).summary_frame(alpha=0.05)
out["ols"] = {"simple": {"params": ms.params.tolist(), "bse": ms.bse.tolist(), "bse_hc1": msh.bse.tolist(),
                         "df": ms.df_resid, "predictions": pred},
              "conditional_prediction": {"row": [math.log(20.0), 0.4, 2.5],
                                         "fit": float(mult["mean"].iloc[0]),
                                         "mean_se": float(mult["mean_se"].iloc[0]),
                                         "obs_ci": [float(mult["obs_ci_lower"].iloc[0]),
                                                    float(mult["obs_ci_upper"].iloc[0])]}}

# ---------------------------------------------------------------- provinces: shared input
with open(os.path.join(DATA, "china_provinces.csv"), encoding="utf-8") as f:
    prov = list(csv.DictReader(f))
codes = [p["code"] for p in prov]
region = [p["region_nbs"] for p in prov]
# A synthetic provincial index (test input only, not data): an east-west gradient with noise.
values = [88.1, 86.9, 82.4, 80.2, 79.5, 81.7, 80.9, 79.8, 90.3, 89.6, 89.9, 83.8, 86.2, 82.9, 85.7, 82.6,
          83.9, 82.1, 88.7, 80.6, 81.2, 83.1, 82.7, 79.9, 80.4, 76.8, 81.5, 78.9, 77.6, 78.4, 77.9]
pop = [21.9, 13.9, 74.6, 34.9, 24.0, 42.6, 24.1, 31.9, 24.9, 84.8, 64.6, 61.0, 41.5, 45.2, 101.5, 99.4,
       57.8, 66.4, 126.0, 50.1, 10.1, 32.1, 83.7, 38.6, 47.2, 3.6, 39.5, 25.0, 5.9, 7.2, 25.9]
out["provinces"] = {"codes": codes, "region_nbs": region, "values": values, "population": pop}


# ---------------------------------------------------------------- Dagum (1997), literal
def dagum(x, groups, w=None):
    x = np.asarray(x, float)
    w = np.ones_like(x) if w is None else np.asarray(w, float)
    names = list(dict.fromkeys(groups))
    idx = {k: [i for i, gname in enumerate(groups) if gname == k] for k in names}
    W = w.sum()
    mu = (w * x).sum() / W
    total = sum(w[i] * w[r] * abs(x[i] - x[r]) for i in range(len(x)) for r in range(len(x))) / (2 * W * W * mu)
    P, S, M, Gjj = {}, {}, {}, {}
    for k in names:
        ii = idx[k]
        Wk = w[ii].sum()
        M[k] = (w[ii] * x[ii]).sum() / Wk
        P[k] = Wk / W
        S[k] = P[k] * M[k] / mu
        Gjj[k] = sum(w[i] * w[r] * abs(x[i] - x[r]) for i in ii for r in ii) / (2 * M[k] * Wk * Wk)
    Gw = sum(Gjj[k] * P[k] * S[k] for k in names)
    Gnb = Gt = 0.0
    pairs = []
    for a, b in itertools.combinations(names, 2):
        j, h = (a, b) if M[a] >= M[b] else (b, a)  # mu_j >= mu_h
        Wj, Wh = w[idx[j]].sum(), w[idx[h]].sum()
        sabs = sum(w[i] * w[r] * abs(x[i] - x[r]) for i in idx[j] for r in idx[h]) / (Wj * Wh)
        Gjh = sabs / (M[j] + M[h])
        d = sum(w[i] * w[r] * max(x[i] - x[r], 0.0) for i in idx[j] for r in idx[h]) / (Wj * Wh)
        p = sum(w[i] * w[r] * max(x[r] - x[i], 0.0) for i in idx[j] for r in idx[h]) / (Wj * Wh)
        D = (d - p) / (d + p)
        wt = P[j] * S[h] + P[h] * S[j]
        Gnb += Gjh * wt * D
        Gt += Gjh * wt * (1 - D)
        pairs.append({"a": a, "b": b, "gini": Gjh, "D": D})
    return {"total": total, "within": Gw, "between": Gnb, "overlap": Gt,
            "groups": {k: {"gini": Gjj[k], "p": P[k], "s": S[k], "mean": M[k]} for k in names}, "pairs": pairs}


out["dagum"] = {"unweighted": dagum(values, region), "weighted": dagum(values, region, pop)}

# ---------------------------------------------------------------- spatial: built-in contiguity
with open(os.path.join(DATA, "china_rook_contiguity.csv"), encoding="utf-8") as f:
    edges = [(r["code_a"], r["code_b"]) for r in csv.DictReader(f)]


def weights(units, extra=()):
    nb = {u: [] for u in units}
    for a, b in list(edges) + list(extra):
        if a in nb and b in nb:
            nb[a].append(b)
            nb[b].append(a)
    return libpysal.weights.W({u: sorted(v, key=units.index) for u, v in nb.items()}, id_order=units)


def spatial(units, vals, extra, transformation, perms):
    w = weights(units, extra)
    y = np.array(vals)
    np.random.seed(12345)
    mi = esda.Moran(y, w, transformation=transformation, permutations=perms)
    gc = esda.Geary(y, w, transformation=transformation, permutations=perms)
    lm = esda.Moran_Local(y, w, transformation=transformation, permutations=perms, seed=12345)
    return {"units": units,
            "moran": {"I": mi.I, "EI": mi.EI, "VI_norm": mi.VI_norm, "VI_rand": mi.VI_rand, "z_norm": mi.z_norm,
                      "z_rand": mi.z_rand, "p_norm": mi.p_norm, "p_rand": mi.p_rand, "p_sim": mi.p_sim},
            "geary": {"C": gc.C, "VC_norm": gc.VC_norm, "VC_rand": gc.VC_rand, "z_norm": gc.z_norm,
                      "z_rand": gc.z_rand, "p_norm_one_tailed": gc.p_norm, "p_rand_one_tailed": gc.p_rand,
                      "p_sim": gc.p_sim},
            "lisa": {"Is": lm.Is.tolist(), "EI": lm.EI.tolist(), "VI": lm.VI.tolist(), "q": lm.q.tolist(),
                     "p_sim": lm.p_sim.tolist()}}


no_hi = [c for c in codes if c != "CN-HI"]
vals_no_hi = [v for c, v in zip(codes, values) if c != "CN-HI"]
out["spatial"] = {
    "rook_without_hainan_row": spatial(no_hi, vals_no_hi, (), "r", 9999),
    "rook_hainan_guangdong_binary": spatial(codes, values, [("CN-HI", "CN-GD")], "b", 9999),
    "permutations": 9999,
}
json.dump(out, sys.stdout, indent=1)
