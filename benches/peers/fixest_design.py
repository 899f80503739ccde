"""Side-by-side timing of pyfixest and mfg-quality on fixest's benchmark design.

N = 10^7 observations, two fixed effects with 10^5 and 10^2 levels drawn uniformly,
y = x1 + 0.5 x2 + a[fe1] + b[fe2] + e, x1, e ~ N(0, 1), x2 = N(0, 1)^2, a, b ~ N(0, 1) per level;
feols("y ~ x1 + x2 | fe1 + fe2", vcov="iid"). The same data (written once as raw little-endian files in a
scratch directory, deleted at the end) is fitted by pyfixest and by our benchmark binary in peer mode.

    python3 -m venv /work/venvs/pyfixest && /work/venvs/pyfixest/bin/pip install pyfixest==0.60.0
    cargo bench -p mfg-quality-benches --bench econometrics --no-run   # prints the binary's path
    /work/venvs/pyfixest/bin/python benches/peers/fixest_design.py target/release/deps/econometrics-<hash>

Prints each tool's fit times and CPU seconds of all threads (3 runs; the first pyfixest run includes numba's
JIT compilation), the coefficients of both, and the load average next to each timing. On a loaded shared
machine compare the CPU seconds: wall time there mostly measures the other processes.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
import pyfixest as pf


def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else None
    n = int(os.environ.get("N", 10_000_000))
    rng = np.random.default_rng(1)
    fe1 = rng.integers(0, 100_000, n, dtype=np.uint32)
    fe2 = rng.integers(0, 100, n, dtype=np.uint32)
    a = rng.normal(size=100_000)
    b = rng.normal(size=100)
    x1 = rng.normal(size=n)
    x2 = rng.normal(size=n) ** 2
    y = x1 + 0.5 * x2 + a[fe1] + b[fe2] + rng.normal(size=n)
    d = tempfile.mkdtemp(prefix="fixest_design_")
    try:
        for name, arr in [("fe1.u32", fe1), ("fe2.u32", fe2), ("x1.f64", x1), ("x2.f64", x2), ("y.f64", y)]:
            arr.astype("<u4" if arr.dtype == np.uint32 else "<f8").tofile(os.path.join(d, name))
        df = pd.DataFrame({"y": y, "x1": x1, "x2": x2, "fe1": fe1, "fe2": fe2})
        times, cpu = [], []
        for _ in range(3):
            t, c = time.perf_counter(), time.process_time()
            fit = pf.feols("y ~ x1 + x2 | fe1 + fe2", data=df, vcov="iid")
            times.append(time.perf_counter() - t)
            cpu.append(round(time.process_time() - c, 2))
        print(f"pyfixest {pf.__version__}: fit times {[round(t, 3) for t in times]} s "
              f"(best {min(times):.3f} s), CPU seconds (all threads) {cpu}; x1 {fit.coef()['x1']:.6f} (se {fit.se()['x1']:.6f}), "
              f"x2 {fit.coef()['x2']:.6f} (se {fit.se()['x2']:.6f}); load {load()}", flush=True)
        if binary:
            env = dict(os.environ, ECONOMETRICS_RUN="peer", ECONOMETRICS_DATA=d)
            subprocess.run([binary], env=env, check=True)
    finally:
        shutil.rmtree(d)


if __name__ == "__main__":
    main()
