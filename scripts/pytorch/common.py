"""Shared timing helpers for the anchor benchmarks.

Every measurement: warm-up calls first, then `samples` timed samples, each
sample timing `inner` back-to-back calls; we report the median (and min/max)
of the per-call time across samples.  All results are printed as one JSON
object per line so that scripts/bench_report.py can read them.
"""
import json
import os
import platform
import statistics
import sys
import time


def now_ns():
    return time.perf_counter_ns()


def time_calls(fn, inner, samples, warmup=1):
    """Return list of per-call seconds (one value per sample)."""
    for _ in range(warmup):
        for _ in range(inner):
            fn()
    out = []
    for _ in range(samples):
        t0 = now_ns()
        for _ in range(inner):
            fn()
        t1 = now_ns()
        out.append((t1 - t0) / 1e9 / inner)
    return out


def auto_inner(fn, target_s=0.25, max_inner=1_000_000):
    """Pick an inner repeat count so one sample takes about target_s.
    Calls fn at least once (this also serves as a first warm-up)."""
    t0 = now_ns()
    fn()
    dt = (now_ns() - t0) / 1e9
    if dt <= 0:
        dt = 1e-9
    return max(1, min(max_inner, int(target_s / dt))), dt


def summary(vals):
    return {
        "median": statistics.median(vals),
        "min": min(vals),
        "max": max(vals),
        "samples": len(vals),
    }


def emit(**kw):
    kw.setdefault("pid", os.getpid())
    kw.setdefault("ts", time.time())
    print(json.dumps(kw), flush=True)


def env_info():
    return {
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "machine": platform.machine(),
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
    }


def minflt():
    """Minor page faults of this process so far (fresh-allocation cost indicator)."""
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def openblas_info():
    """If the process has OpenBLAS mapped, return its config/corename strings."""
    import ctypes
    try:
        with open("/proc/self/maps") as f:
            libs = sorted({l.split()[-1] for l in f if "openblas" in l.lower() and ".so" in l})
        if not libs:
            return None
        lib = ctypes.CDLL(libs[0])
        out = {"lib": libs[0]}
        for fn in ("openblas_get_config", "openblas_get_corename"):
            f = getattr(lib, fn)
            f.restype = ctypes.c_char_p
            out[fn] = f().decode()
        lib.openblas_get_num_threads.restype = ctypes.c_int
        out["openblas_get_num_threads"] = lib.openblas_get_num_threads()
        return out
    except Exception as e:  # noqa
        return {"error": repr(e)}
