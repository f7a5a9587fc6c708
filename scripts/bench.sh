#!/usr/bin/env bash
# gradtape vs PyTorch, side by side, in one run: builds gradtape-bench, runs PyTorch's torch_bench.py and the
# JMH benchmarks one after the other on this machine, then the linear-algebra pair (scripts/pytorch/linalg_bench.py
# and LinalgBench, float64, 2 threads), runs the memory demonstrations, and writes docs/benchmarks.md (raw results
# stay in target/bench/<timestamp>/).
#
#   scripts/bench.sh            default: about 42 minutes (1 fork, 5 warm-up + 3 measured 1 s iterations; 3 forks of
#                               12 warm-up iterations for the MLP, tiny-MLP, scalar-chain, autodiff and a*b+c ones)
#   scripts/bench.sh --full     about 45 minutes (2 forks, 3 warm-up + 5 measured 2 s iterations, 1M-step loop)
#   scripts/bench.sh --quick    about 6 minutes, for checking the script itself; numbers are rough
#   --torch-bench PATH          the PyTorch reference to run (default scripts/pytorch/torch_bench.py)
#
# Needs: JDK 17, Maven, and PyTorch for Debian's /usr/bin/python3:
#   apt-get update && apt-get install -y python3-torch python3-numpy libopenblas0-pthread
# Environment: TORCH_BENCH (as --torch-bench; the option wins), JMH_EXTRA (more JMH options for the main run, e.g.
#   a benchmark regex; when it selects nothing but LinalgBench, the main run and torch_bench.py are skipped),
#   SKIP_TORCH=1 (reuse nothing, just skip PyTorch), LINALG=0 (skip the linear-algebra pair),
#   LINALG_SIZES (its matrix sizes, default 64,256,1024), MATMUL_ROUNDS (rounds of PyTorch's and gradtape's
#   matrix products and MLP steps alternated after the main run, default 3, 0 skips them).
set -euo pipefail
CALLER_DIR=$(pwd)
from_caller() { (cd "$CALLER_DIR" && realpath -m "$1"); }   # a path as the caller wrote it, made absolute
cd "$(dirname "$0")/.."
ROOT=$(pwd)

MODE=default
TORCH_BENCH=$(from_caller "${TORCH_BENCH:-$ROOT/scripts/pytorch/torch_bench.py}")
while [ $# -gt 0 ]; do
  case "$1" in
    --full) MODE=full ;;
    --quick) MODE=quick ;;
    --torch-bench) [ $# -ge 2 ] || { echo "bench.sh: --torch-bench needs a path" >&2; exit 2; }
                   TORCH_BENCH=$(from_caller "$2"); shift ;;
    --torch-bench=*) TORCH_BENCH=$(from_caller "${1#--torch-bench=}") ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument $1 (use --full, --quick, --torch-bench PATH or nothing)" >&2; exit 2 ;;
  esac
  shift
done
# LINALG_SS: eigh and svd at n >= 512 take a second or more per call (n = 1024 on 2026-12-02: eigh about 2 s; svd
# 35 s with the one-sided Jacobi kernel, a few seconds under load with the bidiagonal QR one that replaced it), so
# they are timed call by call (JMH single shot) instead of in 1 s iterations.
case "$MODE" in
  default) JMH_OPTS="-f 1 -wi 5 -w 1s -i 3 -r 1s"; LOOP_SECONDS=30; LINALG_SS="-f 1 -bm ss -wi 1 -i 3"
           JMH_WARM_OPTS="-f 3 -wi 12 -w 1s -i 3 -r 1s" ;;
  full)    JMH_OPTS="-f 2 -wi 3 -w 2s -i 5 -r 2s"; LOOP_SECONDS=600; LINALG_SS="-f 1 -bm ss -wi 1 -i 5"
           JMH_WARM_OPTS="-f 2 -wi 12 -w 2s -i 5 -r 2s" ;;
  quick)   JMH_OPTS="-f 1 -wi 1 -w 500ms -i 2 -r 500ms"; LOOP_SECONDS=10; LINALG_SS="-f 1 -bm ss -wi 0 -i 1"
           JMH_WARM_OPTS="-f 1 -wi 2 -w 500ms -i 2 -r 500ms" ;;
esac
# Benchmarks whose step runs many different Vector API kernels (the MLP's products, transposed products,
# elementwise and reduction kernels) need more than 2 s before C2 has compiled them all: on 2026-12-02 the MLP
# step measured 73 ms after 2 x 1 s of warm-up and 1.23 ms after 8 x 1 s, on the same commit and machine; under a
# load of 6-7 the tiny MLP settled after 12-15 one-second iterations and the scalar chain after 7 (1,450-1,560 ns/op
# after 2). They run in a second JMH invocation with JMH_WARM_OPTS. The first steps themselves are what WarmCold
# measures. AutodiffBench joined them after the 15:13 UTC run of 2026-12-02: its seed, d2(x^3) and HVP rows read
# 0.64 / 2.58 / 35.9 us after 2 x 1 s and 0.37 / 1.21-1.28 / 8.6 us after 10 x 1 s on the same commit.
# The main run warms 5 iterations (2 until the 17:38 UTC run of 2026-12-02): a Vector API kernel's first call there
# took 1.1-1.4 s (the interpreter running the API's Java fallback), and after 2 x 1 s some rows still measured
# compilation: MatmulBench n = 128, 1 thread, iterations 301 / 59 us where 31 us is its steady state (alternated
# JMH -wi 5 right after: 31.4-31.6 us), UnaryKernelBench sin 1 thread 710-726 us against 444-458 steady, sigmoid
# an iteration of 6.5 ms. Three more seconds for each of the ~130 configurations: about 6.5 minutes.
# That run uses 3 forks (1 until the 17:38 UTC run of 2026-12-02; the median is over all forks' iterations): a
# JVM's compilation decides these small steps, and one fork can land 25-45% slower than the next. In that run
# the tiny MLP read 13.8 us per step on 2 threads and 11.2 on 1, though no step of it reaches a second thread (no
# pool thread exists after 30 s of steps with 2 threads; plain-loop CPU time 8.4 vs 8.6 us), and the seed example
# 0.51 us against 0.35-0.38 in each of 3 forks run later under load. About 10 minutes more.
WARM_BENCHMARKS='\.(MlpBench|MlpMinimizeBench|TinyMlpBench|ElementwiseBench|ScopedElementwiseBench|ScalarChainBench|AutodiffBench)\.'

LINALG_SIZES=${LINALG_SIZES:-64,256,1024}

# CPU time that other processes took while we measured: all busy time minus our own (children's) time, in
# clock ticks, so that the report can say how quiet the machine was.
# (and, on a virtual machine, the time the hypervisor gave to other guests: "steal").
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
steal_ticks() { awk '/^cpu / {print $9 + 0}' /proc/stat; }
own_ticks() { awk '{print $16 + $17}' "/proc/$$/stat"; }
OTHER=""
STEAL=""
measure_start() { M_B0=$(busy_ticks); M_S0=$(steal_ticks); M_O0=$(own_ticks); M_T0=$(date +%s.%N); }
measure_end() { # $1: phase name
  local b1 s1 o1 t1 cap
  b1=$(busy_ticks); s1=$(steal_ticks); o1=$(own_ticks); t1=$(date +%s.%N)
  cap=$(awk -v t0="$M_T0" -v t1="$t1" -v c="$(nproc)" 'BEGIN { print (t1 - t0) * 100 * c }')
  OTHER="$OTHER$1=$(awk -v x="$((b1 - M_B0 - (o1 - M_O0)))" -v cap="$cap" 'BEGIN { if (x < 0) x = 0; printf "%.0f%%", 100 * x / cap }') "
  STEAL="$STEAL$1=$(awk -v x="$((s1 - M_S0))" -v cap="$cap" 'BEGIN { printf "%.0f%%", 100 * x / cap }') "
}

PY=/usr/bin/python3
OUT=$ROOT/target/bench/$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
COMMAND="scripts/bench.sh$([ "$MODE" = default ] || echo " --$MODE")"
echo "bench.sh: mode $MODE, results in $OUT"

# ---- build (tests are not benchmarks' business; mvn verify runs them)
mvn -B -q -ntp -pl gradtape-bench -am package dependency:build-classpath \
    -DskipTests -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=runtime
CP="$ROOT/gradtape-bench/target/classes:$(cat "$OUT/classpath.txt")"
# gradtape's Vector API kernels are on in every JVM here, as in the README's set-up (JMH forks inherit the flag);
# benchmarks compare the scalar path in the same fork with their "java" backend.
JAVA_VECTOR="--add-modules jdk.incubator.vector"

# ---- the machine and the versions
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "mode: $MODE"
  echo "command: $COMMAND"
  echo "jmh_opts: $JMH_OPTS"
  echo "jmh_warm_opts: $JMH_WARM_OPTS"
  echo "linalg_ss_opts: $LINALG_SS"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  echo "cores: $(nproc)"
  echo "threads_per_core: $(lscpu | sed -n 's/^Thread(s) per core: *//p' | head -1)"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "kernel: $(uname -r)"
  echo "java: $(java -version 2>&1 | sed -n 2p)"
  echo "jvm: $(java -version 2>&1 | sed -n 3p)"
  echo "vector: $(java $JAVA_VECTOR -cp "$CP" io.gradtape.bench.VectorInfo 2>/dev/null || echo unknown)"
  echo "maven: $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"
  echo "git: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs/benchmarks.md' 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "load_before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/env.txt"

# ---- the main JMH run: every benchmark class of gradtape-bench but LinalgBench (which has its own phase below),
# narrowed by JMH_EXTRA; skipped, with PyTorch's torch_bench.py, when JMH_EXTRA leaves nothing in it
# shellcheck disable=SC2086
SELECTED=$(java $JAVA_VECTOR -cp "$CP" org.openjdk.jmh.Main -l -e LinalgBench ${JMH_EXTRA:-} | tail -n +2 | grep . || true)
MAIN_BENCHMARKS=$(echo "$SELECTED" | grep -c . || true)
# how many of the selected benchmarks take the longer warm-up; the others, as exact-name exclusions for that run
WARM_SELECTED=$(echo "$SELECTED" | grep -cE "$WARM_BENCHMARKS" || true)
NOT_WARM_EXCLUDES=$(echo "$SELECTED" | grep -vE "$WARM_BENCHMARKS" | sed 's/\./\\./g; s/.*/-e ^&$/' | paste -sd' ' - || true)

# ---- PyTorch: sections a, b, f once; c, d, e with 2 and 1 threads (OpenBLAS told the same count)
if [ "${SKIP_TORCH:-0}" != 1 ] && [ "$MAIN_BENCHMARKS" -gt 0 ]; then
  if [ ! -f "$TORCH_BENCH" ]; then
    echo "bench.sh: $TORCH_BENCH not found (give --torch-bench PATH, or SKIP_TORCH=1)" >&2; exit 1
  fi
  TORCH_DIR=$(dirname "$TORCH_BENCH")
  measure_start
  echo "bench.sh: PyTorch (sections a-f, threads 2) ..."
  (cd "$TORCH_DIR" && OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 "$PY" "$TORCH_BENCH" --sections a,b,c,d,e,f --threads 2 --tag t2) > "$OUT/torch.jsonl"
  echo "bench.sh: PyTorch (sections c-e, threads 1) ..."
  (cd "$TORCH_DIR" && OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$PY" "$TORCH_BENCH" --sections c,d,e --threads 1 --tag t1) >> "$OUT/torch.jsonl"
  measure_end pytorch
fi

# ---- gradtape: JMH (all benchmark classes of gradtape-bench), with the gc profiler for bytes per op
if [ "$MAIN_BENCHMARKS" -gt 0 ]; then
  echo "bench.sh: JMH ($JMH_OPTS) ..."
  measure_start
  # shellcheck disable=SC2086
  if [ "$(echo "$SELECTED" | grep -vcE "$WARM_BENCHMARKS" || true)" -gt 0 ]; then
    # shellcheck disable=SC2086
    java $JAVA_VECTOR -cp "$CP" org.openjdk.jmh.Main $JMH_OPTS -prof gc -rf json -rff "$OUT/jmh.json" -e LinalgBench \
        -e "$WARM_BENCHMARKS" ${JMH_EXTRA:-} > "$OUT/jmh.log" 2>&1 || { tail -50 "$OUT/jmh.log" >&2; exit 1; }
  fi
  if [ "$WARM_SELECTED" -gt 0 ]; then
    echo "bench.sh: JMH, longer warm-up ($JMH_WARM_OPTS) ..."
    # shellcheck disable=SC2086
    java $JAVA_VECTOR -cp "$CP" org.openjdk.jmh.Main $JMH_WARM_OPTS -prof gc -rf json -rff "$OUT/jmh_warm.json" \
        -e LinalgBench $NOT_WARM_EXCLUDES ${JMH_EXTRA:-} \
        > "$OUT/jmh_warm.log" 2>&1 || { tail -50 "$OUT/jmh_warm.log" >&2; exit 1; }
  fi
  measure_end jmh
fi

# ---- the issue's matrix products and MLP step again, PyTorch and gradtape alternated, MATMUL_ROUNDS rounds (default
# 3; 0 skips):
# the machine's speed drifts over a run (2026-12-05 20:42 UTC: OpenBLAS reached 167 GFLOP/s at n = 1024 on one
# thread in PyTorch's part and 134 in JMH's, where gradtape-blas runs the same library behind a copy in and out),
# so the report judges the matmul and MLP ratios of rounds in which both ran a minute apart, and shows sections c's
# and e's one-after-the-other figures beside them; gradtape's products both as plain calls (MatmulBench, a new output
# each) and in a TensorScope per call (ScopedMatmulBench, the output reusing the array the last call released)
MATMUL_ROUNDS=${MATMUL_ROUNDS:-3}
if [ "${SKIP_TORCH:-0}" != 1 ] && [ "$MATMUL_ROUNDS" -gt 0 ] && echo "$SELECTED" | grep -q 'MatmulBench\.matmul$'; then
  echo "bench.sh: matrix products, PyTorch and gradtape alternated ($MATMUL_ROUNDS rounds) ..."
  measure_start
  for r in $(seq "$MATMUL_ROUNDS"); do
    for th in 2 1; do
      (cd "$TORCH_DIR" && OMP_NUM_THREADS=$th OPENBLAS_NUM_THREADS=$th "$PY" "$TORCH_BENCH" --sections c,e --threads $th \
          --sizes 128,256,1024 --tag "round$r") >> "$OUT/matmul_round_${r}_torch.jsonl"
    done
    # shellcheck disable=SC2086
    java $JAVA_VECTOR -cp "$CP" org.openjdk.jmh.Main $JMH_OPTS -rf json -rff "$OUT/matmul_round_$r.json" \
        '(\.MatmulBench\.matmul|\.ScopedMatmulBench\.inScope)$' -p n=128,256,1024 -p threads=2,1 -p backend=simd \
        > "$OUT/matmul_round_$r.log" 2>&1 \
        || { tail -50 "$OUT/matmul_round_$r.log" >&2; exit 1; }
    # the MNIST MLP's step too (75% of it is matrix products): one fork with the longer warm-up
    # shellcheck disable=SC2086
    java $JAVA_VECTOR -cp "$CP" org.openjdk.jmh.Main -f 1 -wi 12 -w 1s -i 3 -r 1s -rf json -rff "$OUT/mlp_round_$r.json" \
        '(MlpBench|MlpMinimizeBench)\.mlpStep$' -p backend=simd -p threads=2,1 > "$OUT/mlp_round_$r.log" 2>&1 \
        || { tail -50 "$OUT/mlp_round_$r.log" >&2; exit 1; }
  done
  measure_end matmul
fi

# ---- linear algebra (issue 13): torch.linalg, then LinalgBench, float64 n x n, 2 threads; small sizes in JMH's
# iterations, large ones too except eigh and svd, which are timed call by call (LINALG_SS)
if [ "${LINALG:-1}" != 0 ]; then
  measure_start
  if [ "${SKIP_TORCH:-0}" != 1 ]; then
    echo "bench.sh: torch.linalg (n = $LINALG_SIZES, threads 2) ..."
    (cd "$ROOT/scripts/pytorch" && OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 "$PY" linalg_bench.py --threads 2 --sizes "$LINALG_SIZES") \
      > "$OUT/torch_linalg.jsonl"
  fi
  SMALL=$(echo "$LINALG_SIZES" | tr ',' '\n' | awk '$1 < 512' | paste -sd, -)
  LARGE=$(echo "$LINALG_SIZES" | tr ',' '\n' | awk '$1 >= 512' | paste -sd, -)
  linalg_jmh() { # $1: name of the results, then JMH arguments
    local name=$1; shift
    # shellcheck disable=SC2086
    java $JAVA_VECTOR -cp "$CP" org.openjdk.jmh.Main "$@" -p threads=2 -p backend=java -rf json -rff "$OUT/$name.json" \
      >> "$OUT/jmh_linalg.log" 2>&1 || { tail -50 "$OUT/jmh_linalg.log" >&2; exit 1; }
  }
  echo "bench.sh: JMH LinalgBench (n = $LINALG_SIZES) ..."
  # shellcheck disable=SC2086
  [ -z "$SMALL" ] || linalg_jmh jmh_linalg_small 'LinalgBench\.' $JMH_OPTS -p n="$SMALL"
  # shellcheck disable=SC2086
  [ -z "$LARGE" ] || linalg_jmh jmh_linalg_large 'LinalgBench\.(cholesky|solve|qr)$' $JMH_OPTS -p n="$LARGE"
  # shellcheck disable=SC2086
  [ -z "$LARGE" ] || linalg_jmh jmh_linalg_ss 'LinalgBench\.(eigh|svd)$' $LINALG_SS -p n="$LARGE"
  measure_end linalg
fi

# ---- memory: a one-shot tape frees its record during gradient(); a long training loop keeps a flat heap
echo "bench.sh: memory demonstrations ..."
java $JAVA_VECTOR -Xmx2g -cp "$CP" io.gradtape.bench.TapeMemory > "$OUT/tape_memory.txt"
java $JAVA_VECTOR -Xmx256m -cp "$CP" io.gradtape.bench.TrainLoopMemory "$LOOP_SECONDS" 100000 1000000 > "$OUT/train_loop.txt"
java $JAVA_VECTOR -Xms4g -Xmx4g -cp "$CP" io.gradtape.bench.PageFaults 30 > "$OUT/page_faults.txt"

# ---- warm and cold: the MLP's first 100 steps against its steady state, in a fresh JVM and after the other
# workloads in the same JVM; the scalar chain timed by a plain loop in main (not JMH)
echo "bench.sh: FMA peak, warm/cold and plain-loop measurements ..."
java $JAVA_VECTOR -cp "$CP" io.gradtape.bench.FmaPeak 2 1 > "$OUT/peak.txt"
java $JAVA_VECTOR -cp "$CP" io.gradtape.bench.WarmCold isolated 2 > "$OUT/warmcold.txt"
# the mixed JVM five times, the report judging the median run: one JVM's first 100 steps depend on what its C2
# thread is compiling at the time, and one build measured 1.43-2.46x in 8 such JVMs (2026-12-05)
for i in 1 2 3 4 5; do
  java $JAVA_VECTOR -cp "$CP" io.gradtape.bench.WarmCold mixed 2 > "$OUT/warmcold_mixed_$i.txt"
done
java $JAVA_VECTOR -cp "$CP" io.gradtape.bench.ScalarChainLoop 20 > "$OUT/scalar_loop.txt"

echo "load_after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/env.txt"
echo "other_cpu: $OTHER" >> "$OUT/env.txt"
echo "steal: $STEAL" >> "$OUT/env.txt"
"$PY" "$ROOT/scripts/bench_report.py" "$OUT" > "$ROOT/docs/benchmarks.md"
echo "bench.sh: wrote docs/benchmarks.md"
