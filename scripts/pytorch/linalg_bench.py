#!/usr/bin/python3
"""torch.linalg peer of gradtape-bench's LinalgBench: float64 n x n factorizations, forward only, no autograd.

cholesky of X X^T + n I, solve with one right-hand side, reduced QR, eigh (of the same SPD matrix) and reduced SVD
of a Gaussian X, at n = 64, 256, 1024, with torch.set_num_threads(THREADS). Prints one JSON object per line:
{"op": ..., "n": ..., "threads": ..., "ms": median of the timed repeats}.

Run with Debian's interpreter: /usr/bin/python3 scripts/pytorch/linalg_bench.py [--threads 2] [--sizes 64,256,1024]
"""
import argparse
import json
import statistics
import time

import torch


def timed(fn, min_time=1.0, max_reps=200):
    fn()  # warm-up (also first-call library initialization)
    fn()
    times = []
    start = time.perf_counter()
    while (time.perf_counter() - start < min_time or len(times) < 3) and len(times) < max_reps:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--sizes", default="64,256,1024")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    for n in [int(s) for s in a.sizes.split(",")]:
        x = torch.randn(n, n, dtype=torch.float64)
        rhs = torch.randn(n, 1, dtype=torch.float64)
        spd = x @ x.T + n * torch.eye(n, dtype=torch.float64)
        ops = {
            "cholesky": lambda: torch.linalg.cholesky(spd),
            "solve": lambda: torch.linalg.solve(x, rhs),
            "qr": lambda: torch.linalg.qr(x, mode="reduced"),
            "eigh": lambda: torch.linalg.eigh(spd),
            "svd": lambda: torch.linalg.svd(x, full_matrices=False),
        }
        for name, fn in ops.items():
            print(json.dumps({"op": name, "n": n, "threads": a.threads, "ms": round(timed(fn), 4),
                              "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
