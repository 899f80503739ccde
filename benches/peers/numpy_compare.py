#!/usr/bin/env python3
"""NumPy, pymcdm, scikit-criteria and SALib against mfg-quality on the same inputs, in one go.

1. runs the Python peer harness `bench_peers.py` (the project's shared reference harness; pass its
   directory with --peers-dir, default: next to this file, then /work/shared/peers), which times the peers
   and dumps its exact inputs as .npy into a scratch directory;
2. runs the library's side, the `peers_ours` binary of the benches crate (benches/peers/ours.rs), on
   those files, once with RAYON_NUM_THREADS=2 and once with RAYON_NUM_THREADS=1;
3. prints the table: per task and size the NumPy time, the fastest Python library, ours with 2 and 1
   threads, the ratios, and whether every row holds (ours <= NumPy, >= 10x the fastest library, 2
   threads never slower than 1), plus the largest difference of our result from NumPy's;
4. deletes the scratch directory (10^6 x 50 is 400 MB).

Usage (from the repository root; the venv has requirements.txt of the shared harness installed):

    cargo build --release -p mfg-quality-benches --bin peers_ours
    /work/venvs/peers/bin/python benches/peers/numpy_compare.py --sizes 10000x50,1000000x50 \
        [--out table.md] [--skip-s 30]

Times are medians of repeated calls (wall clock, ms); every Python peer gets at least 7 timed calls
after a warm-up, as does every Rust task. The machine's load average is printed next to the table.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# (row label, task of ours, task of the Python harness, Python libraries compared)
ROWS = [
    ("TOPSIS vector", "topsis_vector", "topsis_vector", ["pymcdm", "pymcdm_noval", "skcriteria"]),
    ("TOPSIS min-max", "topsis_minmax", "topsis_minmax", ["pymcdm", "pymcdm_noval", "skcriteria"]),
    ("entropy weights", "entropy_weights", "entropy_weights", ["pymcdm", "skcriteria"]),
    ("CRITIC weights", "critic_weights", "critic_weights", ["pymcdm", "skcriteria"]),
    ("weighted arithmetic mean", "mean_arith", "mean_arith", []),
    ("weighted geometric mean", "mean_geom", "mean_geom", []),
    ("min-max + arithmetic (fused call)", "minmax_mean_arith", "minmax_mean_arith", []),
    ("min-max + arithmetic (per column)", "minmax_mean_arith_percolumn", "minmax_mean_arith", []),
    ("min-max + geometric (fused call)", "minmax_mean_geom", "minmax_mean_geom", []),
    ("min-max + geometric (per column)", "minmax_mean_geom_percolumn", "minmax_mean_geom", []),
    ("plain sum (bandwidth reference)", "sum_bandwidth", None, []),
]
SOBOL_ROWS = [
    ("Sobol G D=10 N=1024 end to end", "sobol_g_so1_total", "sobol_g_so1_total"),
    ("Sobol G D=10 N=1024 2nd order", "sobol_g_so2_total", "sobol_g_so2_total"),
]


def load_avg() -> str:
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def run_ours(binary: str, inputs: str, sizes: list[str], threads: int) -> list[dict]:
    env = {**os.environ, "RAYON_NUM_THREADS": str(threads)}
    out = subprocess.run([binary, inputs, *sizes, "--sobol"], env=env, check=True,
                         capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="10000x50,1000000x50")
    p.add_argument("--peers-dir", default=None, help="directory of bench_peers.py")
    p.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "peers_ours"))
    p.add_argument("--skip-s", default="30", help="bench_peers.py --skip-s (a slower peer is skipped)")
    p.add_argument("--out", help="also write the markdown table to this file")
    p.add_argument("--keep", metavar="DIR", help="dump inputs to DIR and keep them")
    opts = p.parse_args()

    for d in [opts.peers_dir, HERE, "/work/shared/peers"]:
        if d and os.path.exists(os.path.join(d, "bench_peers.py")):
            peers_dir = d
            break
    else:
        sys.exit("bench_peers.py not found (pass --peers-dir)")
    inputs = opts.keep or tempfile.mkdtemp(prefix="mfgq-peers-", dir="/tmp")
    load_before = load_avg()
    try:
        py_out = os.path.join(inputs, "py.jsonl")
        subprocess.run([sys.executable, os.path.join(peers_dir, "bench_peers.py"),
                        "--sizes", opts.sizes, "--dump-inputs", inputs, "--out", py_out,
                        "--skip-s", opts.skip_s], check=True, stdout=subprocess.DEVNULL)
        py = [json.loads(line) for line in open(py_out)]
        sizes = opts.sizes.split(",")
        ours = {t: run_ours(opts.binary, inputs, sizes, t) for t in (2, 1)}
    finally:
        if not opts.keep:
            shutil.rmtree(inputs, ignore_errors=True)
    load_after = load_avg()
    meta = next((r for r in py if r.get("task") == "meta"), {})

    def peer(task, impl, n, m):
        for r in py:
            if r.get("task") == task and r.get("impl") == impl and r.get("n") == n \
                    and r.get("m") == m and r.get("status") == "ok":
                return r
        return None

    def mine(threads, task, n, m):
        for r in ours[threads]:
            if r["task"] == task and r["n"] == n and r["m"] == m:
                return r
        return None

    def diff(a, b):
        va = a.get("result") or a.get("head")
        vb = b.get("result") or b.get("head")
        if not va or not vb:
            return None
        k = min(len(va), len(vb))
        return max(abs(x - y) for x, y in zip(va[:k], vb[:k]))

    head = ("| task | n × m | NumPy ms | fastest Python library ms | ours 2 thr ms | ours 1 thr ms "
            "| NumPy / ours | library / ours | 2 thr ≤ 1 thr | max abs diff vs NumPy |")
    lines = [head, "|" + "---|" * 10]
    fails = []

    def row(label, n, m, np_r, libs, o2, o1):
        if o2 is None or o1 is None:
            return
        t2, t1 = o2["median_ms"], o1["median_ms"]
        best = min(t2, t1)
        np_ms = np_r["median_ms"] if np_r else None
        lib = min(libs, key=lambda r: r["median_ms"]) if libs else None
        lib_s = f"{lib['median_ms']:.3f} ({lib['impl']})" if lib else "—"
        r_np = f"{np_ms / best:.2f}×" if np_ms else "—"
        r_lib = f"{lib['median_ms'] / best:.0f}×" if lib else "—"
        ok2 = t2 <= t1 * 1.05  # 5 % timing noise
        d = diff(o2, np_r) if np_r else None
        lines.append(f"| {label} | {n}×{m} | {np_ms if np_ms is not None else '—'} | {lib_s} | "
                     f"{t2:.3f} | {t1:.3f} | {r_np} | {r_lib} | {'yes' if ok2 else 'NO'} | "
                     f"{'—' if d is None else f'{d:.1e}'} |")
        if np_ms and best > np_ms:
            fails.append(f"{label} {n}x{m}: slower than NumPy")
        if lib and lib["median_ms"] < 10 * best:
            fails.append(f"{label} {n}x{m}: less than 10x the fastest library")
        if not ok2:
            fails.append(f"{label} {n}x{m}: 2 threads slower than 1")

    for s in sizes:
        n, m = (int(v) for v in s.split("x"))
        for label, ours_task, py_task, lib_impls in ROWS:
            np_r = peer(py_task, "numpy", n, m) if py_task else None
            libs = [r for r in (peer(py_task, i, n, m) for i in lib_impls) if r]
            row(label, n, m, np_r, libs, mine(2, ours_task, n, m), mine(1, ours_task, n, m))
    for label, ours_task, py_task in SOBOL_ROWS:
        salib = peer(py_task, "salib", 1024, 10)
        o2, o1 = mine(2, ours_task, 1024, 10), mine(1, ours_task, 1024, 10)
        if salib and o2 and o1:
            # ST against SALib's (same estimator family; different Sobol' points, so not equal).
            salib = {**salib, "result": salib.get("ST")}
        row(label, 1024, 10, None, [salib] if salib else [], o2, o1)

    versions = meta.get("versions", {})
    text = "\n".join([
        f"Machine: {meta.get('cpu', '?')}, {meta.get('nproc', '?')} cores, Python "
        f"{meta.get('python', '?')}; numpy {versions.get('numpy')}, pymcdm {versions.get('pymcdm')}, "
        f"scikit-criteria {versions.get('scikit-criteria')}, SALib {versions.get('SALib')}; "
        f"date {meta.get('date', '?')}.",
        f"Load average (1, 5, 15 min) before: {load_before}; after: {load_after}.",
        "",
        *lines,
        "",
        ("Every row holds." if not fails else "Rows that do not hold:\n- " + "\n- ".join(fails)),
    ])
    print(text)
    if opts.out:
        with open(opts.out, "w") as fh:
            fh.write(text + "\n")


if __name__ == "__main__":
    main()
