#!/usr/bin/python3
"""Renders docs/benchmarks.md from one scripts/bench.sh run directory (env.txt, torch.jsonl, torch_linalg.jsonl,
jmh.json and jmh_linalg_*.json, tape_memory.txt, train_loop.txt, page_faults.txt, warmcold.txt and warmcold_mixed_<i>.txt, scalar_loop.txt);
a file that is missing leaves its cells as dashes. Every figure is a median: JMH's per-iteration scores over all forks,
torch_bench.py's per-sample values. Ratios are "how many times faster gradtape is" (>1: gradtape faster)."""
import json
import os
import statistics
import sys

run = sys.argv[1]


def read(name):
    p = os.path.join(run, name)
    return open(p).read() if os.path.exists(p) else ""


env = {}
for line in read("env.txt").splitlines():
    if ": " in line:
        k, v = line.split(": ", 1)
        env[k] = v


def keyed(name):
    """The 'key value ...' lines of a run file (WarmCold, ScalarChainLoop) as key -> first value (float)."""
    d = {}
    for line in read(name).splitlines():
        parts = line.split()
        if len(parts) >= 2:
            try:
                d[parts[0]] = float(parts[1])
            except ValueError:
                pass
    return d


warmcold = keyed("warmcold.txt")
# runs since 2026-12-05: the mixed JVM five times (warmcold_mixed_<i>.txt); its figures are the median run's (by
# first 100 / steady), and every run's ratio is listed beside them. Older runs have one mixed JVM in warmcold.txt.
mixed_runs = sorted((keyed(n) for n in sorted(os.listdir(run)) if n.startswith("warmcold_mixed_")),
                    key=lambda d: d.get("warmcold_mixed_ratio", float("inf")))
mixed_runs = [d for d in mixed_runs if "warmcold_mixed_ratio" in d]
if mixed_runs:
    warmcold.update(mixed_runs[(len(mixed_runs) - 1) // 2])
peak = keyed("peak.txt")  # FmaPeak: peak_gflops_t<threads>, float32 FMA on registers only
plain = keyed("scalar_loop.txt")

# ------------------------------------------------------------------------------------------------ PyTorch
torch_rows = [json.loads(l) for l in read("torch.jsonl").splitlines() if l.strip().startswith("{")]
torch_env = next((r for r in torch_rows if r.get("bench") == "env"), {})


def torch(bench, **kw):
    for r in torch_rows:
        if r.get("bench") == bench and all(r.get(k) == v for k, v in kw.items()):
            return r
    return None


# ------------------------------------------------------------------------------------------------ JMH
jmh = []
for name in sorted(os.listdir(run)):
    if name.startswith("jmh") and name.endswith(".json"):
        jmh += json.loads(read(name) or "[]")


def median_raw(metric):
    vals = [v for fork in metric.get("rawData", []) for v in fork]
    return statistics.median(vals) if vals else metric.get("score")


def jmh_find(bench, **params):
    for r in jmh:
        if r["benchmark"].endswith(bench) and all(str(r.get("params", {}).get(k)) == str(v) for k, v in params.items()):
            return r
    return None


def jmh_time(bench, **params):
    r = jmh_find(bench, **params)
    return None if r is None else median_raw(r["primaryMetric"])


def jmh_alloc(bench, **params):
    r = jmh_find(bench, **params)
    if r is None:
        return None
    sec = r.get("secondaryMetrics", {})
    for key in ("gc.alloc.rate.norm", "\u00b7gc.alloc.rate.norm"):
        if key in sec:
            return median_raw(sec[key])
    return None


# the matrix products and MLP step again, PyTorch and gradtape alternated in rounds (bench.sh's MATMUL_ROUNDS,
# runs since 2026-12-05 21:50 UTC): matmul_round_<r>.json and mlp_round_<r>.json (JMH), matmul_round_<r>_torch.jsonl
# (sections c and e of that round); each file read once here
matmul_rounds = []
for name in sorted(os.listdir(run), key=lambda x: (len(x), x)):
    if name.startswith("matmul_round_") and name.endswith(".json"):
        r = name[len("matmul_round_"):-len(".json")]
        t_rows = [json.loads(l) for l in read("matmul_round_%s_torch.jsonl" % r).splitlines()
                  if l.strip().startswith("{")]
        matmul_rounds.append((r, json.loads(read(name) or "[]"), json.loads(read("mlp_round_%s.json" % r) or "[]"),
                              t_rows))


# the plain call (a new output per product) and the same call in a TensorScope per product (the output written into
# the array the previous product released), both with the Vector API kernel
MATMUL_PLAIN = "MatmulBench.matmul"
MATMUL_SCOPED = "ScopedMatmulBench.inScope"


def round_gflops(n, th, bench=MATMUL_PLAIN):
    """[(PyTorch out= GFLOP/s, gradtape simd GFLOP/s)] per alternated round, where both are known."""
    out = []
    for _, j_rows, _, t_rows in matmul_rounds:
        ours = next((x for x in j_rows if x["benchmark"].endswith(bench)
                     and str(x["params"].get("n")) == str(n) and str(x["params"].get("threads")) == str(th)
                     and x["params"].get("backend", "simd") == "simd"), None)
        theirs = next((x for x in t_rows if x.get("bench") == "c_torch_mm" and x.get("n") == n
                       and x.get("threads") == th), None)
        if ours is not None and theirs is not None:
            out.append((theirs["median"], gflops(n, median_raw(ours["primaryMetric"]))))
    return out


def round_mlp_ms(bench, th):
    """[(PyTorch ms per MLP step, gradtape's)] per alternated round (section e of that round; MlpBench's simd
    backend, or MlpMinimizeBench, which has no backend parameter), where both are known."""
    out = []
    for _, _, m_rows, t_rows in matmul_rounds:
        ours = next((x for x in m_rows if x["benchmark"].endswith(bench)
                     and str(x["params"].get("threads")) == str(th)
                     and x["params"].get("backend", "simd") == "simd"), None)
        theirs = next((x for x in t_rows if x.get("bench") == "e_mlp_784_256_128_10_b128_sgd"
                       and x.get("threads") == th), None)
        if ours is not None and theirs is not None:
            out.append((theirs["median"], median_raw(ours["primaryMetric"]) / 1e3))
    return out


def round_ratio(n, th, bench=MATMUL_PLAIN):
    """The median over the alternated rounds of gradtape's GFLOP/s over PyTorch's in the same round."""
    pairs = round_gflops(n, th, bench)
    return statistics.median(g / t for t, g in pairs) if pairs else None


def round_mlp_ratio(bench, th):
    """The median over the alternated rounds of PyTorch's step time over gradtape's in the same round."""
    pairs = round_mlp_ms(bench, th)
    return statistics.median(t / g for t, g in pairs) if pairs else None


def fmt(v, digits=3):
    if v is None:
        return "—"
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    if a >= 1:
        return f"{v:.2f}"
    return f"{v:.{digits}f}"


def ratio(torch_cost, ours_cost):
    """How many times faster gradtape is, from two costs (times) of the same work."""
    if torch_cost is None or ours_cost is None or ours_cost == 0:
        return "—"
    return f"{torch_cost / ours_cost:.2f}x"


def verdict(ok):
    return "—" if ok is None else ("met" if ok else "**not met**")


out = []
w = out.append
w("# Benchmarks: gradtape vs PyTorch, side by side")
w("")
w("Generated by `scripts/bench_report.py` from one run of `%s` (mode: %s, JMH `%s`), %s. "
  "The PyTorch reference (`scripts/pytorch/torch_bench.py`) and gradtape's JMH benchmarks "
  "(`gradtape-bench`) ran one after the other in that one command on this machine. Every figure is a "
  "**median** (JMH: over all measured iterations of all forks; PyTorch: over its samples). "
  "**ratio** = how many times faster gradtape is than PyTorch on the same work (below 1: slower). The MLP, tiny-MLP, "
  "scalar-chain, autodiff and a*b+c benchmarks run in a second JMH invocation with a longer warm-up (`%s`): their steps run many Vector API "
  "kernels, which C2 has not all compiled after 2 s; their first steps are measured separately (*Warm and cold*)."
  % (env.get("command", "scripts/bench.sh"), env.get("mode", "?"), env.get("jmh_opts", "?"), env.get("date", "?"),
     env.get("jmh_warm_opts", "?")))
w("")
def shares(key):
    out = {}
    for part in env.get(key, "").split():
        if "=" in part:
            k, v = part.split("=", 1)
            try:
                out[k] = float(v.rstrip("%")) + out.get(k, 0)
            except ValueError:
                pass
    return out


PHASES = {"pytorch": "PyTorch part", "jmh": "JMH part", "matmul": "alternated matmul rounds",
          "linalg": "linear-algebra part"}


def phases(d):
    return ", ".join("%s: %.0f%%" % (PHASES.get(k, k), d[k]) for k in sorted(d, key=lambda k: list(PHASES).index(k)
                                                                             if k in PHASES else len(PHASES)))


other = shares("other_cpu")
steal = shares("steal")
lost = {k: other.get(k, 0) + steal.get(k, 0) for k in set(other) | set(steal)}
if lost and max(lost.values()) > 5:
    w("> **The machine was busy during this run**: other processes or virtual machines took CPU time while the "
      "benchmarks ran (%s). That lowers the 2-thread figures most, on both sides and unevenly. Re-run "
      "`scripts/bench.sh --full` on a quiet machine before quoting these numbers." % phases(lost))
    w("")
w("## Machine and versions")
w("")
w("| | |")
w("|---|---|")
w("| CPU | %s, %s cores, %s thread(s) per core, %s RAM |" % (env.get("cpu", "?"), env.get("cores", "?"),
                                                            env.get("threads_per_core", "?"), env.get("memory", "?")))
w("| CPU time taken by other processes / stolen by the hypervisor while measuring | %s / %s |" % (
    phases(other) or "?", phases(steal) or "?"))
w("| load average (1, 5, 15 min) before / after | %s / %s |" % (env.get("load_before", "?"), env.get("load_after", "?")))
w("| JVM | %s; %s |" % (env.get("java", "?"), env.get("jvm", "?")))
w("| gradtape | commit %s; JMH 1.37; pure-Java kernels, and OpenBLAS 0.3.21 from `org.bytedeco:openblas:0.3.21-1.5.8` "
  "(module `gradtape-blas`) for the `blas` rows |" % env.get("git", "?"))
ob = torch_env.get("openblas") or {}
w("| PyTorch | %s on Python %s (`%s`); BLAS mapped: %s; %s |" % (
    torch_env.get("torch", "?"), torch_env.get("python", "?"), torch_env.get("executable", "?"),
    ", ".join(torch_env.get("blas_libs_mapped") or []) or "?",
    (ob.get("openblas_get_config", "") + " " + ob.get("openblas_get_corename", "")).strip() or "?"))
w("| kernel | %s |" % env.get("kernel", "?"))
w("")

# ---------------------------------------------------------------------------------------------- summary
rows = []
fwd = jmh_time("ScalarChainBench.forward")
bwd = jmh_time("ScalarChainBench.backward")
tf = torch("a_chain_grad_forward")
tb = torch("a_chain_grad_backward")
seed = jmh_time("AutodiffBench.seed")
d2 = jmh_time("AutodiffBench.secondDerivative")
hvp = jmh_time("AutodiffBench.hvp")


def best(*vals):
    vals = [v for v in vals if v is not None]
    return min(vals) if vals else None


def gflops(n, us):
    return None if us is None else 2.0 * n ** 3 / (us * 1e3)


mm_java2 = jmh_time("MatmulBench.matmul", n=1024, threads=2, backend="java")
mm_simd2 = jmh_time("MatmulBench.matmul", n=1024, threads=2, backend="simd")
mm_blas2 = jmh_time("MatmulBench.matmul", n=1024, threads=2, backend="blas")
tmm = torch("c_torch_mm", n=1024, threads=2)
fma16 = best(jmh_time("ElementwiseBench.fma", n=16777216, threads=2), jmh_time("ElementwiseBench.fma", n=16777216, threads=1))
tfma = torch("d_torch_fma_elementwise", variant="expr_a*b+c", n=16777216, threads=2)
tfma_out = torch("d_torch_fma_elementwise", variant="addcmul_out", n=16777216, threads=2)
mlp = {(t, b): jmh_time("MlpBench.mlpStep", threads=t, backend=b) for t in (1, 2) for b in ("java", "simd", "blas")}
# the same step written with Optimizer.minimize (MlpMinimizeBench: default kernels, SGD), whose gradients'
# arrays serve the next step's gradients
mlp_min = {t: jmh_time("MlpMinimizeBench.mlpStep", threads=t) for t in (1, 2)}
mlp_best = best(*mlp.values(), *mlp_min.values())
tmlp1 = torch("e_mlp_784_256_128_10_b128_sgd", threads=1)
tiny = best(jmh_time("TinyMlpBench.tinyStep", threads=1), jmh_time("TinyMlpBench.tinyStep", threads=2))
ttiny1 = torch("e_mlp_tiny_2_16_16_1_b32_sgd", threads=1)
td2 = torch("f_second_derivative_x3_double_backward")
thvp = torch("f_hvp_sum_x3_n1000_double_backward")
tseed = torch("b_seed_x_times_x_grad")

w("## Summary: the issue's table")
w("")
w("| workload | PyTorch | gradtape | ratio | gradtape target | target |")
w("|---|---|---|---|---|---|")
w("| scalar op on a tape (chain of 10,000 mul/add/sin), forward | %s ns/op | %s ns/op | %s | < 100 ns/op | %s |" % (
    fmt(tf and tf["median"]), fmt(fwd), ratio(tf and tf["median"], fwd), verdict(None if fwd is None else fwd < 100)))
w("| same chain, backward | %s ns/op | %s ns/op | %s | < 150 ns/op | %s |" % (
    fmt(tb and tb["median"]), fmt(bwd), ratio(tb and tb["median"], bwd), verdict(None if bwd is None else bwd < 150)))
w("| seed example: watch, x*x, gradient | %s µs | %s µs | %s | < 0.5 µs | %s |" % (
    fmt(tseed and tseed["median"]), fmt(seed), ratio(tseed and tseed["median"], seed), verdict(None if seed is None else seed < 0.5)))
w("| second derivative of x^3 (nested tapes) | %s µs | %s µs | %s | < 2 µs | %s |" % (
    fmt(td2 and td2["median"]), fmt(d2), ratio(td2 and td2["median"], d2), verdict(None if d2 is None else d2 < 2)))
g_java, g_simd, g_blas = gflops(1024, mm_java2), gflops(1024, mm_simd2), gflops(1024, mm_blas2)
g_best = max([g for g in (g_java, g_simd, g_blas) if g is not None], default=None)


def rel(g):
    return "—" if not (tmm and g) else f"{g / tmm['median']:.2f}x"


w("| float32 matmul n=1024, 2 threads | %s GFLOP/s | %s (OpenBLAS), %s (Vector API, pure Java), %s (default pure Java) GFLOP/s | %s, %s, %s | ≥ 150 GFLOP/s | %s |" % (
    fmt(tmm and tmm["median"]), fmt(g_blas), fmt(g_simd), fmt(g_java), rel(g_blas), rel(g_simd), rel(g_java),
    verdict(None if g_best is None else g_best >= 150)))
gbs = None if fma16 is None else 16 * 16777216 / (fma16 * 1e3)
w("| a*b+c on 16M floats (fresh outputs) | %s GB/s (fresh), %s GB/s (preallocated `addcmul` out) | %s GB/s | %s vs fresh | ≥ 25 GB/s | %s |" % (
    fmt(tfma and tfma["median"]), fmt(tfma_out and tfma_out["median"]), fmt(gbs),
    "—" if not (tfma and gbs) else f"{gbs / tfma['median']:.2f}x", verdict(None if gbs is None else gbs >= 25)))
w("| MLP 784-256-128-10, batch 128, one SGD step | %s ms (1 thread) | %s ms (best of java/simd/blas with `applyGradients` and of `minimize`, 1/2 threads) | %s | < 1.2 ms | %s |" % (
    fmt(tmlp1 and tmlp1["median"]), fmt(None if mlp_best is None else mlp_best / 1e3),
    ratio(tmlp1 and tmlp1["median"], None if mlp_best is None else mlp_best / 1e3),
    verdict(None if mlp_best is None else mlp_best / 1e3 < 1.2)))
tiny_sps = None if tiny is None else 1e6 / tiny
w("| tiny MLP 2-16-16-1, batch 32 | %s steps/s | %s steps/s | %s | > 60,000 steps/s | %s |" % (
    fmt(ttiny1 and ttiny1["median"]), fmt(tiny_sps),
    "—" if not (ttiny1 and tiny_sps) else f"{tiny_sps / ttiny1['median']:.2f}x",
    verdict(None if tiny_sps is None else tiny_sps > 60000)))
w("| HVP of sum(x^3), n=1000 (nested tapes) | %s µs | %s µs | %s | — | |" % (
    fmt(thvp and thvp["median"]), fmt(hvp), ratio(thvp and thvp["median"], hvp)))
w("")

# ---------------------------------------------------------------------------------------------- issue 12
def torch_cost(bench, key="median", **kw):
    r = torch(bench, **kw)
    return None if r is None else r.get(key)


def ratio_val(torch_c, ours_c):
    return None if torch_c is None or ours_c is None or ours_c == 0 else torch_c / ours_c


def target_row(what, measure, vals, goal, better="ge", alt=None):
    """One row of the issue-12 table: vals = {threads: ratio or None}; met when every value meets goal; alt, when
    given, is a second ratio per thread count shown in parentheses (the kernel alone), not judged."""
    cells = ["—" if vals.get(th) is None else "%.2fx" % vals[th] for th in (2, 1)]
    if alt is not None:
        cells = [c + ("" if alt.get(th) is None else " (%.2fx)" % alt[th]) for c, th in zip(cells, (2, 1))]
    known = [v for v in vals.values() if v is not None]
    ok = None if not known else all((v >= goal) if better == "ge" else (v <= goal) for v in known)
    w("| %s | %s | %s | %s | %s %.1fx: %s |" % (what, measure, cells[0], cells[1], "≥" if better == "ge" else "≤",
                                               goal, verdict(ok)))


# a fresh output's allocation alone (AllocationBench, 1M elements), us: a plain call's floor on its calling thread
FRESH = {"float32": jmh_time("AllocationBench.f32", n=1 << 20), "float64": jmh_time("AllocationBench.f64", n=1 << 20)}
UNARY_OPS = ("exp", "log", "log1p", "expm1", "sin", "cos", "tanh", "sigmoid", "erf", "pow")


def fresh_ceilings():
    """(target, ceiling, goal) for each plain-call elementwise target row and thread count with data: the ceiling is
    PyTorch's time over the fresh outputs' allocation alone, the best ratio a call that allocates them could read;
    the goal is the issue's (1.0x for the transcendentals, 0.8x for a*b+c)."""
    threads = {th: "%d thread%s" % (th, "s" if th > 1 else "") for th in (2, 1)}
    rows = [("%s %s (%s)" % (op, dtype, threads[th]),
             ratio_val(torch_cost(tname, "us_per_call", variant=op, n=1 << 20, threads=th), FRESH[dtype]), 1.0)
            for dtype, tname in (("float32", "d_torch_unary"), ("float64", "d_torch_unary64"))
            for op in UNARY_OPS for th in (2, 1)]
    rows += [("a*b+c float32 (%s)" % threads[th],
              ratio_val(torch_cost("d_torch_fma_elementwise", "us_per_call", variant="expr_a*b+c", n=1 << 20, threads=th),
                        None if FRESH["float32"] is None else 2 * FRESH["float32"]), 0.8) for th in (2, 1)]
    return [r for r in rows if r[1] is not None]


def capped_note():
    """Writes which plain-call elementwise targets have a ceiling (fresh_ceilings) below their goal, if any."""
    capped = [(what, c) for what, c, goal in fresh_ceilings() if c < goal]
    if capped:
        w("Plain-call targets that no call allocating a fresh output can meet on this machine, with their ceiling "
          "(PyTorch's time over the allocation alone, `AllocationBench`; a*b+c allocates two arrays, `a*b` and the "
          "sum): " + "; ".join("%s %.2fx" % (what, c) for what, c in capped) + ".")
        w("")


def matmul_targets(bench, call, always, **params):
    """The issue's matmul rows (n = 128, 256, 1024) for one way of calling it: the median ratio of the alternated
    rounds, section c's figure in parentheses, or section c's alone in a run without rounds. always: show the rows
    without data too (the plain call, the judged one), else only where this benchmark has data."""
    for n, goal in ((128, 0.8), (256, 0.8), (1024, 0.9)):
        sequential = {th: ratio_val(gflops(n, jmh_time(bench, n=n, threads=th, **params)),
                                    torch_cost("c_torch_mm", n=n, threads=th)) for th in (2, 1)}
        what = "matmul n = %d, float32%s" % (n, call)
        if matmul_rounds and (always or any(round_gflops(n, th, bench) for th in (2, 1))):
            target_row(what, "GFLOP/s ratio (simd), median of %d rounds with PyTorch alternated (section c's figure "
                       "in parentheses)" % len(matmul_rounds), {th: round_ratio(n, th, bench) for th in (2, 1)}, goal,
                       alt=sequential)
        elif always or any(v is not None for v in sequential.values()):
            target_row(what, "GFLOP/s ratio (simd)", sequential, goal)


w("## Issue 12 targets (dense compute), read off this run")
w("")
w("Each ratio is PyTorch's time over gradtape's for the same work in this run (above 1: gradtape faster), with the "
  "default set-up (Vector API kernels on, as the README's commands run). Transcendentals: 1M elements, gradtape "
  "allocating its output, PyTorch writing into `out=`; in parentheses the same kernel into a preallocated array "
  "(not judged: the user's call allocates); a*b+c against PyTorch's plain `a*b+c`. The rows *in a `TensorScope`* "
  "time the same calls made inside a scope per call (`ScopedUnaryBench`, `ScopedElementwiseBench`, "
  "`ScopedMatmulBench`): a program that "
  "states its tensors' lifetime gets its outputs written into the arrays the previous call released, as PyTorch's "
  "caching allocator gives it the buffers its previous ops freed. Warm and cold is a "
  "ratio of gradtape's own times (first 100 steps over the steady state, after other work in the same JVM).")
w("")
w("| target | measure | 2 threads | 1 thread | goal |")
w("|---|---|---|---|---|")
matmul_targets(MATMUL_PLAIN, "", True, backend="simd")
for op in UNARY_OPS:
    target_row("%s float32" % op, "time ratio (kernel alone)", {
        th: ratio_val(torch_cost("d_torch_unary", "us_per_call", variant=op, n=1 << 20, threads=th),
                      jmh_time("UnaryBench." + op, n=1 << 20, threads=th)) for th in (2, 1)}, 1.0, alt={
        th: ratio_val(torch_cost("d_torch_unary", "us_per_call", variant=op, n=1 << 20, threads=th),
                      jmh_time("UnaryKernelBench.kernel", n=1 << 20, threads=th, op=op)) for th in (2, 1)})
for op in UNARY_OPS:
    target_row("%s float64" % op, "time ratio (kernel alone)", {
        th: ratio_val(torch_cost("d_torch_unary64", "us_per_call", variant=op, n=1 << 20, threads=th),
                      jmh_time("Unary64Bench.f64", n=1 << 20, threads=th, op=op)) for th in (2, 1)}, 1.0, alt={
        th: ratio_val(torch_cost("d_torch_unary64", "us_per_call", variant=op, n=1 << 20, threads=th),
                      jmh_time("Unary64Bench.kernel", n=1 << 20, threads=th, op=op)) for th in (2, 1)})
target_row("a*b+c, 1M float32", "time ratio (vs PyTorch's fresh `a*b+c`)", {
    th: ratio_val(torch_cost("d_torch_fma_elementwise", "us_per_call", variant="expr_a*b+c", n=1 << 20, threads=th),
                  jmh_time("ElementwiseBench.fma", n=1 << 20, threads=th)) for th in (2, 1)}, 0.8)
for dtype, bench, tname in (("float32", "ScopedUnaryBench.f32", "d_torch_unary"),
                            ("float64", "ScopedUnaryBench.f64", "d_torch_unary64")):
    for op in UNARY_OPS:
        target_row("%s %s, in a `TensorScope`" % (op, dtype), "time ratio", {
            th: ratio_val(torch_cost(tname, "us_per_call", variant=op, n=1 << 20, threads=th),
                          jmh_time(bench, n=1 << 20, threads=th, op=op)) for th in (2, 1)}, 1.0)
target_row("a*b+c, 1M float32, in a `TensorScope`", "time ratio (vs PyTorch's fresh `a*b+c`)", {
    th: ratio_val(torch_cost("d_torch_fma_elementwise", "us_per_call", variant="expr_a*b+c", n=1 << 20, threads=th),
                  jmh_time("ScopedElementwiseBench.fma", n=1 << 20, threads=th)) for th in (2, 1)}, 0.8)
matmul_targets(MATMUL_SCOPED, ", in a `TensorScope`", False)
# the two ways of writing the MNIST MLP's step: (how it is written, its JMH benchmark, its us per step by
# threads), for the targets here and the alternated rounds' table below
MLP_STEPS = (("`applyGradients(tape.gradient(...))`", "MlpBench.mlpStep", {th: mlp[(th, "simd")] for th in (2, 1)}),
             ("`Optimizer.minimize`", "MlpMinimizeBench.mlpStep", mlp_min))
for what, bench, ours_us in MLP_STEPS:
    sequential = {th: ratio_val(torch_cost("e_mlp_784_256_128_10_b128_sgd", threads=th),
                                None if ours_us[th] is None else ours_us[th] / 1e3) for th in (2, 1)}
    alternated = {th: round_mlp_ratio(bench, th) for th in (2, 1)}
    if any(v is not None for v in alternated.values()):
        target_row("MLP 784-256-128-10 b128 step, " + what, "time ratio (simd), median of %d rounds with PyTorch "
                   "alternated (section e's figure in parentheses)" % len(matmul_rounds), alternated, 1.0,
                   alt=sequential)
    else:
        target_row("MLP 784-256-128-10 b128 step, " + what, "time ratio (simd)", sequential, 1.0)
target_row("tiny MLP 2-16-16-1 b32", "steps/s ratio", {
    th: ratio_val(None if jmh_time("TinyMlpBench.tinyStep", threads=th) is None else 1e6 / jmh_time("TinyMlpBench.tinyStep", threads=th),
                  torch_cost("e_mlp_tiny_2_16_16_1_b32_sgd", threads=th)) for th in (2, 1)}, 10.0)
target_row("scalar chain, forward (recorded)", "time ratio", {2: ratio_val(tf and tf["median"], fwd)}, 40.0)
target_row("scalar chain, backward", "time ratio", {2: ratio_val(tb and tb["median"], bwd)}, 40.0)
target_row("MLP first 100 steps after other work", "first 100 / steady (gradtape)",
           {2: warmcold.get("warmcold_mixed_ratio")}, 1.5, better="le")
w("")
w("The scalar chain runs once and needs no threads; the warm/cold probe uses 2 threads" + (
    " and is the median of %d mixed JVMs (*Warm and cold*, below)" % len(mixed_runs) if len(mixed_runs) > 1
    else " and runs once") + "; their figure is in the 2-threads column.")
w("")
capped_note()

# ---------------------------------------------------------------------------------------------- a: per op
w("## a. Per-op overhead: scalar chain of 10,000 ops (mul, add, sin), float32")
w("")
w("Allocation per op is JMH's gc profiler figure `gc.alloc.rate.norm`, which JMH already divides by the 10,000 "
  "ops of a call. The backward benchmark records a fresh chain in an untimed per-call set-up, which the gc "
  "profiler still counts, so its allocation is shown with the forward allocation subtracted.")
w("")
w("| | PyTorch ns/op | gradtape ns/op | ratio | gradtape bytes allocated per op |")
w("|---|---|---|---|---|")
af, ab, an = jmh_alloc("ScalarChainBench.forward"), jmh_alloc("ScalarChainBench.backward"), jmh_alloc("ScalarChainBench.forwardNoTape")
w("| forward, recorded on a tape | %s | %s | %s | %s |" % (fmt(tf and tf["median"]), fmt(fwd), ratio(tf and tf["median"], fwd), fmt(af)))
w("| backward (the gradient call) | %s | %s | %s | %s |" % (fmt(tb and tb["median"]), fmt(bwd), ratio(tb and tb["median"], bwd),
                                                          fmt(None if ab is None or af is None else ab - af)))
tng = torch("a_chain_no_grad_forward")
nt = jmh_time("ScalarChainBench.forwardNoTape")
w("| forward, no tape (PyTorch: `no_grad`) | %s | %s | %s | %s |" % (fmt(tng and tng["median"]), fmt(nt), ratio(tng and tng["median"], nt), fmt(an)))
for shape, how in (("inline", "the chain written inside `main`'s timing loop"),
                   ("method", "the chain in a method that `main`'s loop calls")):
    v = plain.get("plain_loop_%s_ns_per_op" % shape)
    w("| forward, recorded, timed by a plain loop in `main` (%s; `ScalarChainLoop`, median of rounds of 20 chains "
      "after 10 s of warm-up) | %s | %s | %s | |" % (how, fmt(tf and tf["median"]), fmt(v), ratio(tf and tf["median"], v)))
tpy = torch("a_chain_python_float_forward")
w("| (PyTorch only: plain Python floats, the interpreter's floor) | %s | | | |" % fmt(tpy and tpy["median"]))
w("")

# ---------------------------------------------------------------------------------------------- b, f
w("## b, f. Small gradient computations")
w("")
w("| | PyTorch µs | gradtape µs | ratio | gradtape bytes allocated per call |")
w("|---|---|---|---|---|")
w("| seed example: x = 3 watched, y = x*x, dy/dx | %s | %s | %s | %s |" % (fmt(tseed and tseed["median"]), fmt(seed),
                                                                         ratio(tseed and tseed["median"], seed), fmt(jmh_alloc("AutodiffBench.seed"))))
w("| d²/dx² x³ by nested tapes (PyTorch: double backward) | %s | %s | %s | %s |" % (fmt(td2 and td2["median"]), fmt(d2),
                                                                                     ratio(td2 and td2["median"], d2), fmt(jmh_alloc("AutodiffBench.secondDerivative"))))
w("| Hessian-vector product of sum(x³), n = 1000 | %s | %s | %s | %s |" % (fmt(thvp and thvp["median"]), fmt(hvp),
                                                                            ratio(thvp and thvp["median"], hvp), fmt(jmh_alloc("AutodiffBench.hvp"))))
w("")

# ---------------------------------------------------------------------------------------------- c
w("## c. float32 matmul, n x n, GFLOP/s (2n³ / time)")
w("")
w("gradtape allocates a fresh output per call; PyTorch writes into a preallocated `out`. `java` is core's "
  "auto-vectorized blocked kernel (`BlockedGemm`, the scalar path), `simd` core's Vector API kernel (`VectorGemm`, "
  "pure Java too; the default with `--add-modules jdk.incubator.vector`, which bench.sh passes), `blas` the OpenBLAS of `gradtape-blas` (copies in "
  "and out of native buffers included).")
w("")
w("**Peak**: the float32 FMA peak that Java reaches on this machine, measured in the same run by "
  "`io.gradtape.bench.FmaPeak` (12 independent FMA chains per thread on registers, %s-lane vectors): "
  "%s GFLOP/s on 2 threads, %s on 1. *%% peak* divides a row's GFLOP/s by it; no GEMM reaches 100%%, BLAS "
  "libraries reach 85-95%% on one core where their kernels know the CPU." % (
      "?" if peak.get("lanes") is None else "%d" % peak["lanes"], fmt(peak.get("peak_gflops_t2")), fmt(peak.get("peak_gflops_t1"))))
w("")


def pct(g, th):
    pk = peak.get("peak_gflops_t%d" % th)
    return "—" if not (g and pk) else "%.0f%%" % (100 * g / pk)


w("PyTorch's ratio column is `torch.mm(a, b, out=out)`; the column after it times `torch.mm(a, b)` with a fresh "
  "output per call, as gradtape's `matmul` returns one (absent in runs before 2026-12-03 17:00 UTC). The last two "
  "columns time gradtape's `matmul` in a `TensorScope` per call (`ScopedMatmulBench`, n = 128, 256 and 1024, since "
  "2026-12-06), whose output reuses the array the previous call released.")
w("")
w("| n | threads | PyTorch | % peak | PyTorch, fresh output | gradtape java | ratio | gradtape simd | ratio | % peak "
  "| gradtape blas | ratio | gradtape simd in a `TensorScope` | ratio |")
w("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for th in (2, 1):
    for n in (64, 128, 256, 512, 1024, 2048):
        t = torch("c_torch_mm", n=n, threads=th)
        tm = t and t["median"]
        tf = torch("c_torch_mm_fresh", n=n, threads=th)
        cells = []
        for b in ("java", "simd", "blas"):
            g = gflops(n, jmh_time("MatmulBench.matmul", n=n, threads=th, backend=b))
            cells += [fmt(g), "—" if not (tm and g) else f"{g / tm:.2f}x"]
            if b == "simd":
                cells.append(pct(g, th))
        gs = gflops(n, jmh_time(MATMUL_SCOPED, n=n, threads=th))
        cells += [fmt(gs), "—" if not (tm and gs) else f"{gs / tm:.2f}x"]
        w("| %d | %d | %s | %s | %s | %s |" % (n, th, fmt(tm), pct(tm, th), fmt(tf and tf["median"]),
                                           " | ".join(cells)))
w("")
if matmul_rounds:
    w("**Alternated rounds.** After the other benchmarks, bench.sh ran PyTorch's sections c (n = 128, 256, 1024) "
      "and e and JMH's `MatmulBench` (simd), `ScopedMatmulBench` (since 2026-12-06), `MlpBench` (simd) and "
      "`MlpMinimizeBench` again, one after the other, %d "
      "times: the machine's speed drifts during a run (on 2026-12-05 OpenBLAS read 167 GFLOP/s at n = 1024 on one "
      "thread in PyTorch's part and 134 in JMH's, where `gradtape-blas` runs the same library behind a copy), so the "
      "issue's matmul and MLP targets are judged on the median of each round's ratio. GFLOP/s, PyTorch `out=` / "
      "gradtape simd, per round:" % len(matmul_rounds))
    w("")
    w("| n | threads | gradtape's call | %s | median ratio |" % " | ".join("round %s" % r for r, *_ in matmul_rounds))
    w("|---|---|---|%s---|" % ("---|" * len(matmul_rounds)))
    for bench, call in ((MATMUL_PLAIN, "plain"), (MATMUL_SCOPED, "in a `TensorScope`")):
        for th in (2, 1):
            for n in (128, 256, 1024):
                pairs = round_gflops(n, th, bench)
                if len(pairs) != len(matmul_rounds):
                    continue
                w("| %d | %d | %s | %s | %.2fx |" % (n, th, call, " | ".join("%s / %s" % (fmt(t), fmt(g))
                                                                             for t, g in pairs),
                                                   round_ratio(n, th, bench)))
    w("")
    mlp_rows = [(what, bench, th, round_mlp_ms(bench, th))
                for what, bench, _ in MLP_STEPS for th in (2, 1)]
    if any(len(v) == len(matmul_rounds) for _, _, _, v in mlp_rows):
        w("The MNIST MLP's step (section e) in the same rounds, ms per step, PyTorch / gradtape simd (JMH: one fork, "
          "12 warm-up iterations):")
        w("")
        w("| step | threads | %s | median ratio |" % " | ".join("round %s" % r for r, *_ in matmul_rounds))
        w("|---|---|%s---|" % ("---|" * len(matmul_rounds)))
        for what, bench, th, v in mlp_rows:
            if len(v) == len(matmul_rounds):
                w("| %s | %d | %s | %.2fx |" % (what, th, " | ".join("%s / %s" % (fmt(t), fmt(g)) for t, g in v),
                                              round_mlp_ratio(bench, th)))
        w("")

# ---------------------------------------------------------------------------------------------- d
w("## d. Elementwise")
w("")
w("a*b+c: GB/s counts 16 bytes per element (three reads, one write), as torch_bench.py does. gradtape runs it as "
  "two ops (`mul`, then `add`), each allocating its output; PyTorch's `a*b+c` does the same, `addcmul(out=)` is "
  "one fused call into a preallocated buffer.")
w("")
w("| workload | n | threads | PyTorch fresh | PyTorch preallocated | gradtape | ratio (vs fresh) |")
w("|---|---|---|---|---|---|---|")
for n in (1 << 20, 1 << 24):
    for th in (2, 1):
        us = jmh_time("ElementwiseBench.fma", n=n, threads=th)
        g = None if us is None else 16 * n / (us * 1e3)
        a = torch("d_torch_fma_elementwise", variant="expr_a*b+c", n=n, threads=th)
        b = torch("d_torch_fma_elementwise", variant="addcmul_out", n=n, threads=th)
        w("| a*b+c (GB/s) | %dM | %d | %s | %s | %s | %s |" % (n >> 20, th, fmt(a and a["median"]), fmt(b and b["median"]), fmt(g),
                                                             "—" if not (a and g) else f"{g / a['median']:.2f}x"))
for th in (2, 1):
    us = jmh_time("ScopedElementwiseBench.fma", n=1 << 20, threads=th)
    g = None if us is None else 16 * (1 << 20) / (us * 1e3)
    a = torch("d_torch_fma_elementwise", variant="expr_a*b+c", n=1 << 20, threads=th)
    b = torch("d_torch_fma_elementwise", variant="addcmul_out", n=1 << 20, threads=th)
    w("| a*b+c (GB/s), in a `TensorScope` | 1M | %d | %s | %s | %s | %s |" % (th, fmt(a and a["median"]), fmt(b and b["median"]), fmt(g),
                                                                           "—" if not (a and g) else f"{g / a['median']:.2f}x"))
w("")
w("Transcendentals on 1M elements (inputs in [-2, 2]; log, log1p and pow's base positive), µs per call. PyTorch "
  "writes into a preallocated `out=`; gradtape's op (`Tensors.exp` ...) allocates its output, a fresh 4 MB (float32) "
  "or 8 MB (float64) array that the JVM zeroes on the calling thread before the kernel runs; *kernel alone* is the "
  "same kernel and thread split into a preallocated array (`UnaryKernelBench`, `Unary64Bench.kernel`), the figure "
  "to set beside `out=`; *op in a scope* is the op called inside a `TensorScope` per call, whose output takes the "
  "array the previous call released (`ScopedUnaryBench`). *Ceiling* is the most a call that allocates its output "
  "can reach: PyTorch's time over the allocation alone, which the call makes on its thread before its kernel writes "
  "a value (`AllocationBench`: " + ("absent from this run" if None in FRESH.values() else
                                    "`new float[1M]` %s µs, `new double[1M]` %s µs in this run"
                                    % (fmt(FRESH["float32"]), fmt(FRESH["float64"]))) + ").")
w("")
w("| op | dtype | threads | PyTorch `out=` | gradtape op | ratio | ceiling | gradtape kernel alone | ratio | gradtape op in a scope | ratio |")
w("|---|---|---|---|---|---|---|---|---|---|---|")
for dtype, bench, kbench, tname in (("float32", "UnaryBench.%s", "UnaryKernelBench.kernel", "d_torch_unary"),
                                    ("float64", "Unary64Bench.f64", "Unary64Bench.kernel", "d_torch_unary64")):
    for op in UNARY_OPS:
        for th in (2, 1):
            if dtype == "float32":
                us = jmh_time(bench % op, n=1 << 20, threads=th)
            else:
                us = jmh_time(bench, n=1 << 20, threads=th, op=op)
            ku = jmh_time(kbench, n=1 << 20, threads=th, op=op)
            su = jmh_time("ScopedUnaryBench." + ("f32" if dtype == "float32" else "f64"), n=1 << 20, threads=th, op=op)
            t = torch(tname, variant=op, n=1 << 20, threads=th)
            tu = t and t["us_per_call"]
            w("| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                op, dtype, th, fmt(tu), fmt(us), ratio(tu, us), ratio(tu, FRESH[dtype]), fmt(ku), ratio(tu, ku), fmt(su),
                ratio(tu, su)))
for op in ("exp", "sin"):
    for th in (2, 1):
        us = jmh_time("UnaryBench." + op + "FastLoops", n=1 << 20, threads=th)
        t = torch("d_torch_unary", variant=op, n=1 << 20, threads=th)
        w("| %s, `FastLoops.unary` called directly | float32 | %d | %s | %s | %s | %s | | | | |" % (
            op, th, fmt(t and t["us_per_call"]), fmt(us), ratio(t and t["us_per_call"], us),
            ratio(t and t["us_per_call"], FRESH["float32"])))
w("")
capped_note()
w("Minor page faults per a*b+c call on 16M floats (two fresh 64 MB outputs per call). PyTorch's allocator "
  "returns such buffers to the operating system and faults every page back in on the next call; the JVM's "
  "heap keeps its pages once touched (`io.gradtape.bench.PageFaults`, `-Xms4g -Xmx4g`, after warm-up):")
w("")
w("| threads | PyTorch fresh output | PyTorch `addcmul(out=)` | gradtape |")
w("|---|---|---|---|")
pf = {}
for line in read("page_faults.txt").splitlines()[1:]:
    parts = line.split()
    if len(parts) >= 2 and parts[0].isdigit():
        pf[int(parts[0])] = float(parts[1])
for th in (2, 1):
    a = torch("d_torch_fma_elementwise", variant="expr_a*b+c", n=1 << 24, threads=th)
    b = torch("d_torch_fma_elementwise", variant="addcmul_out", n=1 << 24, threads=th)
    w("| %d | %s | %s | %s |" % (th, fmt(a and a.get("minor_faults_per_call")), fmt(b and b.get("minor_faults_per_call")),
                                fmt(pf.get(th))))
w("")

# ---------------------------------------------------------------------------------------------- e
w("## e. Training steps (forward, gradient, SGD update)")
w("")
w("| workload | threads | PyTorch | gradtape java | ratio | gradtape simd | ratio | gradtape blas | ratio |")
w("|---|---|---|---|---|---|---|---|---|")
for th in (2, 1):
    t = torch("e_mlp_784_256_128_10_b128_sgd", threads=th)
    tm = t and t["median"]
    cells = []
    for b in ("java", "simd", "blas"):
        v = mlp[(th, b)]
        ms = None if v is None else v / 1e3
        cells += [fmt(ms), ratio(tm, ms)]
    w("| MLP 784-256-128-10, batch 128 (ms/step) | %d | %s | %s |" % (th, fmt(tm), " | ".join(cells)))
for th in (2, 1):
    t = torch("e_mlp_784_256_128_10_b128_sgd", threads=th)
    tm = t and t["median"]
    ms = None if mlp_min[th] is None else mlp_min[th] / 1e3
    w("| same, written with `Optimizer.minimize` (ms/step) | %d | %s | | | %s | %s | | |" % (th, fmt(tm), fmt(ms), ratio(tm, ms)))
for th in (2, 1):
    t = torch("e_mlp_tiny_2_16_16_1_b32_sgd", threads=th)
    us = jmh_time("TinyMlpBench.tinyStep", threads=th)
    sps = None if us is None else 1e6 / us
    w("| tiny MLP 2-16-16-1, batch 32 (steps/s) | %d | %s | %s | %s | | | | |" % (
        th, fmt(t and t["median"]), fmt(sps), "—" if not (t and sps) else f"{sps / t['median']:.2f}x"))
w("")

# ---------------------------------------------------------------------------------------------- warm and cold
w("## Warm and cold: the MLP's first 100 steps")
w("")
w("`io.gradtape.bench.WarmCold`, 2 threads, default kernels: the 784-256-128-10 MLP step (batch 128, SGD) timed "
  "step by step in one JVM, 1500 steps; *isolated* in a fresh JVM, *mixed* after that JVM ran the other "
  "benchmarks' workloads for 3 s each (float32 matmul n = 256 and 1024, a*b+c and exp on 1M floats, the recorded "
  "scalar chain, the tiny MLP)" + (
      "; %d such JVMs, the row showing the median one by ratio (one JVM's first steps depend on what its C2 thread "
      "is compiling then)" % len(mixed_runs) if len(mixed_runs) > 1 else "") + ". First 100 = the mean of steps 1-100 (their total / 100); steady = the median of "
  "the last 500 steps. The CPU columns are the main thread's CPU time, which other processes on a busy machine "
  "inflate less than wall time. JMH's figure (section e, `simd` = the default kernels) never includes the first "
  "steps.")
w("")
w("| JVM | first 100 (ms/step) | steady (ms/step) | first 100 / steady | CPU: first 100 | CPU: steady | CPU ratio | target |")
w("|---|---|---|---|---|---|---|---|")
for mode in ("isolated", "mixed"):
    k = "warmcold_" + mode
    r = warmcold.get(k + "_ratio")
    w("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
        mode, fmt(warmcold.get(k + "_first100")), fmt(warmcold.get(k + "_steady")),
        "—" if r is None else "%.2fx" % r, fmt(warmcold.get(k + "_first100_cpu")),
        fmt(warmcold.get(k + "_steady_cpu")),
        "—" if warmcold.get(k + "_ratio_cpu") is None else "%.2fx" % warmcold[k + "_ratio_cpu"],
        "≤ 1.5x: " + verdict(None if r is None else r <= 1.5) if mode == "mixed" else ""))
if len(mixed_runs) > 1:
    w("| mixed, every JVM (%d; the row above is the median one) | | | %s | | | %s | |" % (
        len(mixed_runs), ", ".join("%.2fx" % d["warmcold_mixed_ratio"] for d in mixed_runs),
        ", ".join("%.2fx" % d["warmcold_mixed_ratio_cpu"] for d in mixed_runs if "warmcold_mixed_ratio_cpu" in d)))
jmh_mlp2 = mlp.get((2, "simd"))
w("| JMH fork (section e, 2 threads, `simd`) | | %s | | | | | |" % fmt(None if jmh_mlp2 is None else jmh_mlp2 / 1e3))
w("")

# ---------------------------------------------------------------------------------------------- jacobians
w("## Jacobians (issue 3; torch_bench.py has no peer)")
w("")
w("`y = tanh(W x)`, float32, on a fresh tape each call (`io.gradtape.bench.JacobianBench`): `batched` is "
  "`GradientTape.jacobian`: one backward sweep whose cotangents carry every row, or, when the sources have at most "
  "a quarter of the target's elements (the 1000x10 case), one recorded sweep and a second sweep batched over the "
  "source elements (forward mode by transposition); `row by row` is the route it replaces, one `gradient` call per "
  "output element; `forward` is `Autodiff.jacobianForward`, one JVP per input.")
w("")
w("| outputs x inputs | batched µs | row by row µs | forward µs | batched speed-up over row by row |")
w("|---|---|---|---|---|")
for sh in ("100x100", "1000x10"):
    b = jmh_time("JacobianBench.batched", shape=sh)
    rr = jmh_time("JacobianBench.rowByRow", shape=sh)
    fw = jmh_time("JacobianBench.forward", shape=sh)
    w("| %s | %s | %s | %s | %s |" % (sh, fmt(b), fmt(rr), fmt(fw), "—" if not (b and rr) else f"{rr / b:.1f}x"))
w("")

# ---------------------------------------------------------------------------------------------- linear algebra
torch_linalg = [json.loads(l) for l in read("torch_linalg.jsonl").splitlines() if l.strip().startswith("{")]
w("## Linear algebra vs torch.linalg")
w("")
w("float64 `n x n`, forward only (no tape), 2 threads on both sides: `cholesky` of `X X^T + nI`, `solve` with one "
  "right-hand side (LU), reduced `qr`, `eigh` of the same SPD matrix and reduced `svd` of a Gaussian `X` "
  "(`io.gradtape.bench.LinalgBench`, pure-Java kernels; `scripts/pytorch/linalg_bench.py`, torch.linalg on LAPACK, "
  "the median of repeats for at least 1 s). Rows marked * are timed call by call (JMH single shot, `%s`: "
  "one of these calls takes seconds), the others in JMH's iterations (`%s`)."
  % (env.get("linalg_ss_opts", "?"), env.get("jmh_opts", "?")))
w("")
w("| op | n | torch ms | gradtape ms | ratio |")
w("|---|---|---|---|---|")
linalg_sizes = sorted({r["n"] for r in torch_linalg if "n" in r} | {
    int(r["params"]["n"]) for r in jmh if ".LinalgBench." in r["benchmark"] and "n" in r.get("params", {})})
for op in ("cholesky", "solve", "qr", "eigh", "svd"):
    for n in linalg_sizes or (64, 256, 1024):
        r = jmh_find("LinalgBench." + op, n=n)
        ours = None if r is None else median_raw(r["primaryMetric"])
        t = next((x for x in torch_linalg if x.get("op") == op and x.get("n") == n and x.get("threads", 2) == 2), None)
        single = r is not None and r.get("mode") == "ss"
        w("| %s | %d%s | %s | %s | %s |" % (op, n, " *" if single else "", fmt(t and t["ms"]), fmt(ours),
                                           ratio(t and t["ms"], ours)))
w("")

# ---------------------------------------------------------------------------------------------- data, random
w("## Input pipeline and random numbers (issue 7; torch_bench.py has no peer)")
w("")
w("`io.gradtape.bench.DataBench`: one epoch of the digits data set (1797 x 64 float32 and the int32 labels) "
  "through `shuffle(0).batch(64)`, as the digits demo iterates it (29 batches, each component gathered into one "
  "new array); and 1M float32 values from `Generator.uniform` and `Generator.normal` (Philox4x32-10; normal adds "
  "Box-Muller with StrictMath's log, cos and sin).")
w("")
w("| workload | 2 threads µs | 1 thread µs |")
w("|---|---|---|")
for name, label in (("digitsEpoch", "digits epoch, batches of 64"), ("uniform1M", "uniform, 1M float32"),
                    ("normal1M", "normal, 1M float32")):
    w("| %s | %s | %s |" % (label, fmt(jmh_time("DataBench." + name, threads=2)),
                            fmt(jmh_time("DataBench." + name, threads=1))))
w("")

# ---------------------------------------------------------------------------------------------- memory
w("## Memory")
w("")
w("A one-shot tape drops each entry as the backward sweep passes it, so what it saved becomes garbage during its "
  "`gradient` call (`io.gradtape.bench.TapeMemory`; the mid-sweep figure is taken from inside a custom-gradient "
  "rule half-way down the chain); a persistent tape keeps everything until it is dropped:")
w("")
w("```")
w(read("tape_memory.txt").rstrip())
w("```")
w("")
w("A long training loop of the tiny MLP holds a flat heap (`io.gradtape.bench.TrainLoopMemory`, `-Xmx256m`, used "
  "heap after `System.gc()` every 100,000 steps):")
w("")
w("```")
w(read("train_loop.txt").rstrip())
w("```")
w("")
w("## How to reproduce")
w("")
w("```")
w("apt-get update && apt-get install -y python3-torch python3-numpy libopenblas0-pthread   # once")
w("scripts/bench.sh          # about 42 minutes: 1 fork, 5 x 1 s warm-up, 3 x 1 s measurement (3 forks of 12 x 1 s warm-up for the MLP, tiny MLP, scalar chain, autodiff, a*b+c)")
w("scripts/bench.sh --full   # about 45 minutes: 2 forks, 3 x 2 s warm-up, 5 x 2 s measurement, 1M-step loop")
w("```")
w("")
w("Raw results of each run (JMH JSON and log, PyTorch JSON lines, memory logs, class path) are kept in "
  "`target/bench/<timestamp>/`. One benchmark alone: `JMH_EXTRA=MatmulBench LINALG=0 scripts/bench.sh --quick`; "
  "the linear-algebra pair alone: `JMH_EXTRA=LinalgBench scripts/bench.sh --quick` (`LINALG_SIZES=64,256` for a "
  "shorter run); or "
  "`java -cp gradtape-bench/target/classes:$(cat target/bench/<run>/classpath.txt) org.openjdk.jmh.Main -h`.")
w("")
notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_notes.md")
if os.path.exists(notes):
    w(open(notes).read().rstrip())
    w("")
print("\n".join(out))
