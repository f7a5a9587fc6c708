package io.gradtape;

import io.gradtape.internal.kernels.RecycledArrays;
import io.gradtape.optimizers.Adam;
import io.gradtape.optimizers.Optimizer;
import io.gradtape.optimizers.SGD;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random programs over a pool of live tensors and variables, run twice on fresh threads (so each run starts with an
 * empty array pool and a failure replays from the program alone): once with {@link TensorScope}s, once with every
 * scope operation a no-op. Scopes may only release tensors and recycle arrays, never change a value, so every
 * scalar and array read during the run, every tensor still readable at the end and every variable must be
 * bit-identical between the two runs; and in the scoped run every tensor its scope released must refuse to be read
 * (or used as an op's input, or kept, or assigned to a variable) with {@link IllegalStateException}.
 *
 * <p>The interpreter keeps its own model of which scope each pool tensor belongs to (made while a scope is the
 * innermost: that scope; {@code keep}: one scope out; assigned to a variable: none), and makes every decision from
 * the model, shapes and dtypes only, never from values, so both runs execute the same calls. Each run executes the
 * program twice, as a training loop repeats its step: the first pass inside one more scope, the second not, so that
 * the second pass allocates the lengths the first one pooled. A tensor's values must also never change between two
 * reads in either run. At the end every array left in the pool is taken and overwritten before the final reads, so
 * that an array pooled while something readable still used it shows as a changed value.
 *
 * <p>Mutation check (by hand, 2026-12-04): with {@code TensorScopes.keep} not moving the array's birth record, with
 * {@code escape} not dropping it, with the float32 unary loop skipping its last element, or with the pool handing
 * an array out twice, 10-60% of the generated programs fail, so 60 tries find each of them.
 */
class TensorScopeFuzzTest {
    /** Element counts: tiny, and at and above {@link RecycledArrays#MIN_LENGTH} (16384), where arrays are pooled. */
    private static final int[] SIZES = {7, 16384, 20000, 65536, 16384, 20000, 1, 16384};
    /** Two 2-D shapes per size (same index as the size). */
    private static final int[][][] SHAPES_2D = {
        {{7, 1}, {1, 7}},
        {{128, 128}, {16, 1024}},
        {{100, 200}, {400, 50}},
        {{256, 256}, {2048, 32}},
        {{128, 128}, {16, 1024}},
        {{100, 200}, {400, 50}},
        {{1, 1}, {1, 1}},
        {{128, 128}, {16, 1024}},
    };

    enum Kind {
        CONST, UNARY, BINARY, SCALAR_BCAST, ROW_BCAST, RESHAPE, WHERE, SUM, MATMUL, MISC, READ,
        VAR_CREATE, VAR_ASSIGN, VAR_ADD, VAR_READ, MINIMIZE, GRADIENT, TAPE_START, TAPE_GRADIENT,
        OPEN, KEEP, CLOSE, CHECK_RELEASED, DRAIN
    }

    /** One step; a, b, c choose operands (modulo the pool's size) and variants, seed draws the values. */
    record Step(Kind kind, int a, int b, int c, long seed) {
        @Override
        public String toString() {
            return kind + "(" + a + "," + b + "," + c + "," + seed + ")";
        }
    }

    // ------------------------------------------------------------------------------------------ the property

    @Provide
    Arbitrary<List<Step>> programs() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(8, Kind.CONST), Tuple.of(8, Kind.UNARY), Tuple.of(8, Kind.BINARY),
                Tuple.of(4, Kind.SCALAR_BCAST), Tuple.of(4, Kind.ROW_BCAST), Tuple.of(4, Kind.RESHAPE),
                Tuple.of(3, Kind.WHERE), Tuple.of(3, Kind.SUM), Tuple.of(1, Kind.MATMUL), Tuple.of(4, Kind.READ),
                Tuple.of(3, Kind.VAR_CREATE), Tuple.of(3, Kind.VAR_ASSIGN), Tuple.of(3, Kind.VAR_ADD),
                Tuple.of(2, Kind.VAR_READ), Tuple.of(2, Kind.MINIMIZE), Tuple.of(2, Kind.GRADIENT),
                Tuple.of(10, Kind.OPEN), Tuple.of(10, Kind.KEEP), Tuple.of(9, Kind.CLOSE),
                Tuple.of(2, Kind.CHECK_RELEASED), Tuple.of(2, Kind.TAPE_START), Tuple.of(2, Kind.TAPE_GRADIENT),
                Tuple.of(5, Kind.MISC), Tuple.of(2, Kind.DRAIN));
        Arbitrary<Integer> idx = Arbitraries.integers().between(0, 999);
        Arbitrary<Step> steps = Combinators.combine(kinds, idx, idx, idx, Arbitraries.longs()).as(Step::new);
        return steps.list().ofMinSize(6).ofMaxSize(40);
    }

    @Property(tries = 60)
    void scopesNeverChangeAValue(@ForAll("programs") List<Step> program) throws Exception {
        Run plain = onFreshThread("plain", () -> new Interpreter(false).run(program));
        Run scoped = onFreshThread("scoped", () -> new Interpreter(true).run(program));
        assertSameValues(program, plain, scoped);
        Statistics.label("arrays reused from the pool").collect(scoped.reused > 0 ? "some" : "none");
        Statistics.label("released tensors checked").collect(scoped.releasedChecked > 0 ? "some" : "none");
        // the property must actually exercise reuse and release, or it shows nothing: most programs open and close
        // scopes around large tensors
        Statistics.label("arrays reused from the pool").coverage(c -> c.check("some").percentage(p -> p >= 35));
        Statistics.label("released tensors checked").coverage(c -> c.check("some").percentage(p -> p >= 60));
    }

    // ------------------------------------------------------------------------------------ the interpreter

    /** What a run read: labels and values (Double, float[], double[] or a String marker) in order. */
    record Run(List<String> labels, List<Object> values, long reused, int releasedChecked) {
    }

    /** A pool tensor and the model's view of it. */
    static final class Entry {
        final Tensor t;
        final String desc;
        final boolean isVar;
        /** Reads of it may outlive its scope (a variable's value()): never checked as released. */
        final boolean lenient;
        /** Model frame id it belongs to, 0 for none. */
        int owner;

        Entry(Tensor t, String desc, boolean isVar, boolean lenient, int owner) {
            this.t = t;
            this.desc = desc;
            this.isVar = isVar;
            this.lenient = lenient;
            this.owner = owner;
        }
    }

    static final class Interpreter {
        final boolean scoped;
        final List<Entry> alive = new ArrayList<>();
        final List<Entry> released = new ArrayList<>();
        final Map<Tensor, Entry> byTensor = new IdentityHashMap<>();
        final Deque<Integer> frames = new ArrayDeque<>();
        final Deque<TensorScope> scopes = new ArrayDeque<>();
        final List<String> labels = new ArrayList<>();
        final List<Object> values = new ArrayList<>();
        final Optimizer sgd = new SGD(0.05, 0.9);
        final Optimizer adam = new Adam(0.01);
        int nextFrame = 1;
        int pass;
        int stepNo;
        int releasedChecked;
        /** A persistent tape recording across steps (and scopes), its watched source, and closes since it began. */
        GradientTape tape;
        Entry tapeSource;
        boolean releasedSinceTape;
        /** The first values read of each pool tensor: a tensor's values never change (in either run). */
        final Map<Tensor, Object> firstRead = new IdentityHashMap<>();

        Interpreter(boolean scoped) {
            this.scoped = scoped;
        }

        Run run(List<Step> program) {
            long reused0 = RecycledArrays.reusedOnThisThread();
            // twice, as a training loop runs its step: the first pass inside one more scope (KEEP steps at its
            // top level move tensors out of it), the second without, so the second allocates the lengths the first
            // pooled, beside tensors made outside every scope
            for (pass = 0; pass < 2; pass++) {
                stepNo = 0;
                if (pass == 0) {
                    step(new Step(Kind.OPEN, 0, 0, 0, 0));
                }
                for (Step s : program) {
                    stepNo++;
                    step(s);
                }
                while (!frames.isEmpty()) {
                    close();
                }
                closeTape();
            }
            stepNo = program.size() + 1; // "after the last step"
            // take every array left in this thread's pool and overwrite it, so that an array pooled while a
            // readable tensor still used it shows in the values recorded below
            for (int n : SIZES) {
                if (n >= RecycledArrays.MIN_LENGTH) {
                    drain(DType.FLOAT32, n);
                    drain(DType.FLOAT64, n);
                }
            }
            for (Entry e : alive) {
                if (e.isVar) {
                    continue;
                }
                record("end " + e.desc, e.t);
                unchanged(e);
            }
            for (Entry e : alive) {
                if (e.isVar) {
                    record("end " + e.desc, e.t);
                }
            }
            for (Entry e : released) { // after every close: all of them must still throw
                if (scoped) {
                    checkReleased(e);
                }
            }
            return new Run(labels, values, RecycledArrays.reusedOnThisThread() - reused0, releasedChecked);
        }

        /** Takes more arrays of n elements than the pool holds (32) and fills them with 7s. */
        static void drain(DType dt, int n) {
            Tensor seven = Tensors.constant(7.0, dt);
            for (int i = 0; i < 33; i++) {
                Tensors.fill(new int[] {n}, seven);
            }
        }

        /** Pass 0 or 1, step 1..n of the program (0: the pass's implicit OPEN, n + 1: after the program). */
        String where() {
            return "pass " + pass + " step " + stepNo;
        }

        int top() {
            return frames.isEmpty() ? 0 : frames.peek();
        }

        Entry add(Tensor t, String desc) {
            return add(t, desc, false);
        }

        Entry add(Tensor t, String desc, boolean lenient) {
            Entry old = byTensor.get(t);
            if (old != null) {
                return old; // an op returned a tensor the pool holds already: it keeps its scope
            }
            Entry e = new Entry(t, "(" + where() + ") " + desc + " " + t.dtype() + t.shape(), t instanceof Variable,
                    lenient, t instanceof Variable ? 0 : top());
            alive.add(e);
            byTensor.put(t, e);
            return e;
        }

        /** Checks that e's values are those it had at its first read, or remembers them. */
        void unchanged(Entry e) {
            Object now = values.get(values.size() - 1);
            Object first = firstRead.putIfAbsent(e.t, now);
            if (first != null) {
                String diff = difference(first, now);
                if (diff != null) {
                    fail((scoped ? "scoped" : "unscoped") + " run, " + where() + ": the values of " + e.desc
                            + " changed since its first read: " + diff);
                }
            }
        }

        void closeTape() {
            if (tape != null) {
                tape.close();
                tape = null;
                tapeSource = null;
            }
        }

        void record(String label, Tensor t) {
            labels.add(where() + ": " + label);
            values.add(t.dtype() == DType.FLOAT64 ? t.toDoubleArray() : t.toFloatArray());
        }

        void recordScalar(String label, double v) {
            labels.add(where() + ": " + label);
            values.add(v);
        }

        /** The first pool entry at or after index i (cyclically) that passes p; null if none. */
        Entry pick(int i, Predicate<Entry> p) {
            int n = alive.size();
            for (int k = 0; k < n; k++) {
                Entry e = alive.get((i + k) % n);
                if (p.test(e)) {
                    return e;
                }
            }
            return null;
        }

        Entry pickAny(int i, long seed) {
            Entry e = pick(i, x -> true);
            return e != null ? e : constant(i, i / 7, seed);
        }

        /** A tensor of x's shape and dtype from the pool (starting at i), or a new constant of them. */
        Entry partner(Entry x, int i, long seed) {
            Entry e = pick(i, y -> y.t.dtype() == x.t.dtype() && y.t.shape().equals(x.t.shape()));
            if (e != null) {
                return e;
            }
            return add(constantOf(x.t.dtype(), x.t.shape().dims(), seed), "partner");
        }

        Entry constant(int sizeSel, int variant, long seed) {
            DType dt = (variant & 3) != 3 ? DType.FLOAT32 : DType.FLOAT64; // mostly float32: more reuse
            int si = Math.floorMod(sizeSel, SIZES.length);
            int n = SIZES[si];
            int[] dims = (variant >> 2) % 3 == 2 ? SHAPES_2D[si][(variant >> 4) & 1] : new int[] {n};
            if ((variant >> 5) % 5 == 4) {
                double v = new Random(seed).nextInt(7) - 3;
                return add(Tensors.fill(dims, Tensors.constant(v, dt)), "fill");
            }
            return add(constantOf(dt, dims, seed), "const");
        }

        static Tensor constantOf(DType dt, int[] dims, long seed) {
            int n = 1;
            for (int d : dims) {
                n *= d;
            }
            Random r = new Random(seed);
            if (dt == DType.FLOAT32) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = r.nextInt(8) == 0 ? 0f : (float) (r.nextDouble() * 4 - 2);
                }
                return Tensors.constant(v, dims);
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(8) == 0 ? 0d : r.nextDouble() * 4 - 2;
            }
            return Tensors.constant(v, dims);
        }

        static Tensor scalarOf(DType dt, double v, boolean rank0) {
            if (rank0) {
                return Tensors.constant(v, dt);
            }
            return dt == DType.FLOAT32 ? Tensors.constant(new float[] {(float) v}, 1)
                    : Tensors.constant(new double[] {v}, 1);
        }

        static int[] twoD(Tensor t, int variant) {
            if (t.rank() == 2) {
                return t.shape().dims();
            }
            int n = t.size();
            for (int i = 0; i < SIZES.length; i++) {
                if (SIZES[i] == n) {
                    return SHAPES_2D[i][variant & 1];
                }
            }
            return new int[] {n, 1};
        }

        void step(Step s) {
            int a = s.a(), b = s.b(), c = s.c();
            long seed = s.seed();
            switch (s.kind()) {
                case CONST -> constant(a, b, seed);
                case UNARY -> {
                    Tensor x = pickAny(a, seed).t;
                    String[] names = {"exp", "log1p|x|", "sin", "tanh", "sigmoid", "neg", "relu", "abs"};
                    int k = b % names.length;
                    Tensor y = switch (k) {
                        case 0 -> Tensors.exp(x);
                        case 1 -> Tensors.log1p(Tensors.abs(x));
                        case 2 -> Tensors.sin(x);
                        case 3 -> Tensors.tanh(x);
                        case 4 -> Tensors.sigmoid(x);
                        case 5 -> Tensors.neg(x);
                        case 6 -> Tensors.relu(x);
                        default -> Tensors.abs(x);
                    };
                    add(y, names[k]);
                }
                case BINARY -> {
                    Entry x = pickAny(a, seed);
                    Entry y = partner(x, b, seed);
                    String[] names = {"add", "mul", "sub", "div", "pow2", "powT"};
                    int k = c % names.length;
                    Tensor r = switch (k) {
                        case 0 -> x.t.add(y.t);
                        case 1 -> Tensors.mul(x.t, y.t);
                        case 2 -> x.t.sub(y.t);
                        case 3 -> x.t.div(Tensors.abs(y.t).add(0.5));
                        case 4 -> x.t.pow(2.0);
                        default -> Tensors.pow(Tensors.abs(x.t), y.t);
                    };
                    add(r, names[k]);
                }
                case SCALAR_BCAST -> {
                    Tensor x = pickAny(a, seed).t;
                    double v = (new Random(seed).nextInt(9) - 4) / 2.0;
                    if (v == 0) {
                        v = 1.5;
                    }
                    Tensor sc = scalarOf(x.dtype(), v, (b & 4) != 0);
                    boolean left = (b & 1) != 0;
                    String[] names = {"add", "sub", "mul", "div", "mulC", "powS"};
                    int k = c % names.length;
                    Tensor r = switch (k) {
                        case 0 -> left ? sc.add(x) : x.add(sc);
                        case 1 -> left ? sc.sub(x) : x.sub(sc);
                        case 2 -> left ? sc.mul(x) : x.mul(sc);
                        case 3 -> left ? sc.div(Tensors.abs(x).add(0.25)) : x.div(sc);
                        case 4 -> x.mul(v);
                        default -> Tensors.pow(Tensors.abs(x), sc);
                    };
                    add(r, "scalar " + names[k] + (left ? " left" : " right"));
                }
                case ROW_BCAST -> {
                    Entry xe = pick(a, e -> e.t.size() > 1);
                    if (xe == null) {
                        xe = constant(1 + a % 4, 0, seed);
                    }
                    int[] dims = twoD(xe.t, b);
                    Tensor m = xe.t.rank() == 2 ? xe.t : add(Tensors.reshape(xe.t, dims), "reshape for bcast").t;
                    boolean col = (b & 2) != 0;
                    boolean left = (b & 4) != 0;
                    Tensor vec = col ? constantOf(m.dtype(), new int[] {dims[0], 1}, seed)
                            : (b & 8) != 0 ? constantOf(m.dtype(), new int[] {1, dims[1]}, seed)
                            : constantOf(m.dtype(), new int[] {dims[1]}, seed);
                    String[] names = {"add", "sub", "mul", "div"};
                    int k = c % names.length;
                    Tensor safeVec = k == 3 ? (left ? vec : Tensors.abs(vec).add(0.5)) : vec;
                    Tensor safeM = k == 3 && left ? Tensors.abs(m).add(0.5) : m;
                    Tensor r = switch (k) {
                        case 0 -> left ? safeVec.add(safeM) : safeM.add(safeVec);
                        case 1 -> left ? safeVec.sub(safeM) : safeM.sub(safeVec);
                        case 2 -> left ? safeVec.mul(safeM) : safeM.mul(safeVec);
                        default -> left ? safeVec.div(safeM) : safeM.div(safeVec);
                    };
                    add(vec, col ? "col" : "row");
                    add(r, (col ? "col " : "row ") + names[k] + (left ? " left" : " right"));
                }
                case RESHAPE -> {
                    Tensor x = pickAny(a, seed).t;
                    int[] dims = x.rank() == 2 && (b & 1) == 0 ? new int[] {x.size()} : twoD(x, b >> 1);
                    if (x.rank() == 2 && Arrays.equals(dims, x.shape().dims())) {
                        dims = new int[] {-1};
                    }
                    add(Tensors.reshape(x, dims), "reshape");
                }
                case WHERE -> {
                    Entry x = pickAny(a, seed);
                    Entry y = partner(x, b, seed);
                    Tensor cond = Tensors.greater(x.t, Tensors.constant(0.0, x.t.dtype()));
                    Tensor s1 = Tensors.constant(-1.25, x.t.dtype()), s2 = Tensors.constant(3.5, x.t.dtype());
                    int k = c % 4;
                    Tensor r = switch (k) {
                        case 0 -> Tensors.where(cond, x.t, y.t);
                        case 1 -> Tensors.where(cond, x.t, s1);
                        case 2 -> Tensors.where(cond, s2, y.t);
                        default -> Tensors.where(cond, s1, s2);
                    };
                    add(r, "where" + k);
                }
                case SUM -> {
                    Tensor x = pickAny(a, seed).t;
                    int k = b % 4;
                    Tensor r = k == 0 || x.rank() == 0 ? x.sum() : k == 1 ? x.mean()
                            : x.rank() == 2 ? x.sum(k - 2) : Tensors.reduceSum(x, true, 0);
                    if (r.size() == 1) {
                        recordScalar("sum" + k, r.doubleValue());
                    }
                    add(r, "sum" + k);
                }
                case MATMUL -> {
                    Entry x = pick(a, e -> e.t.rank() == 2 && (long) e.t.shape().dim(0) * e.t.shape().dim(0)
                            * e.t.shape().dim(1) <= (1L << 24));
                    if (x == null) {
                        x = constant(1, 8, seed); // a 2-D float32 constant: (128, 128)
                    }
                    Entry y = partner(x, b, seed);
                    add(Tensors.matmul(x.t, y.t, false, true), "matmul");
                }
                case READ -> {
                    Entry x = pickAny(a, seed);
                    record("read " + x.desc, x.t);
                    if (!x.isVar) {
                        unchanged(x);
                    }
                    recordScalar("sum of " + x.desc, x.t.sum().doubleValue());
                    int i = b % x.t.size();
                    int[] index = x.t.rank() == 2 ? new int[] {i / x.t.shape().dim(1), i % x.t.shape().dim(1)}
                            : x.t.rank() == 1 ? new int[] {i} : new int[0];
                    recordScalar("element " + i + " of " + x.desc, x.t.getDouble(index));
                }
                case VAR_CREATE -> {
                    Entry x = pickAny(a, seed);
                    add(new Variable(x.t), "variable of " + x.desc);
                }
                case VAR_ASSIGN -> {
                    Entry v = variable(a, seed);
                    Entry t = partner(v, b, seed);
                    if (t == v) { // assigning a variable its own value is legal but shows nothing
                        t = add(v.t.mul(1.5), "v*1.5");
                    }
                    ((Variable) v.t).assign(t.t);
                    if (!t.isVar) {
                        t.owner = 0; // a tensor assigned to a variable outlives every scope
                    }
                }
                case VAR_ADD -> {
                    Entry v = variable(a, seed);
                    Tensor d = (c & 1) == 0 ? partner(v, b, seed).t
                            : scalarOf(v.t.dtype(), 0.75, (c & 2) != 0 || v.t.rank() == 0);
                    if ((c & 4) == 0) {
                        ((Variable) v.t).assignAdd(d);
                    } else {
                        ((Variable) v.t).assignSub(d);
                    }
                }
                case VAR_READ -> {
                    Entry v = variable(a, seed);
                    Tensor val = ((Variable) v.t).value();
                    record("value of " + v.desc, val);
                    add(val, "value()", true);
                }
                case MINIMIZE -> {
                    Entry v = variable(a, seed);
                    Entry x = partner(v, b, seed);
                    Variable var = (Variable) v.t;
                    Tensor target = x.t;
                    Tensor loss = (c % 2 == 0 ? sgd : adam).minimize(
                            () -> Tensors.reduceMean(Tensors.square(var.sub(target))), List.of(var));
                    recordScalar("loss", loss.doubleValue());
                    add(loss, "loss");
                }
                case GRADIENT -> {
                    Entry x = pickAny(a, seed);
                    Tensor y, g;
                    try (GradientTape tape = new GradientTape()) {
                        tape.watch(x.t);
                        y = Tensors.reduceSum(Tensors.tanh(x.t).mul(x.t));
                        g = tape.gradient(y, x.t);
                    }
                    recordScalar("gradient target", y.doubleValue());
                    add(y, "grad target");
                    add(g, "gradient");
                }
                case OPEN -> {
                    frames.push(nextFrame++);
                    if (scoped) {
                        scopes.push(TensorScope.open());
                    }
                }
                case KEEP -> {
                    if (frames.isEmpty()) {
                        return;
                    }
                    int innermost = top();
                    Entry x = b % 4 != 0 ? pick(a, e -> e.owner == innermost) : null; // mostly its own
                    if (x == null) {
                        x = pickAny(a, seed);
                    }
                    int f = frames.pop();
                    if (x.owner == f) {
                        x.owner = top();
                    }
                    frames.push(f);
                    if (scoped) {
                        assertSame(x.t, scopes.peek().keep(x.t), "keep returns its argument");
                    }
                }
                case CLOSE -> {
                    if (!frames.isEmpty()) {
                        close();
                    }
                }
                case MISC -> {
                    Entry x = pickAny(a, seed);
                    Tensor t = x.t;
                    String[] names = {"softmax", "transpose", "concat", "cast", "clip", "square", "maximum", "cumsum",
                        "linear"};
                    int k = b % names.length;
                    Tensor r = switch (k) {
                        case 0 -> t.rank() == 0 ? Tensors.exp(t) : Tensors.softmax(t, -1);
                        case 1 -> t.rank() == 2 ? Tensors.transpose(t) : Tensors.neg(t);
                        case 2 -> t.rank() == 0 ? t.add(t) : Tensors.concat(List.of(t, partner(x, c, seed).t), 0);
                        case 3 -> Tensors.cast(t, t.dtype() == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32);
                        case 4 -> Tensors.clipByValue(t, -1.0, 1.0);
                        case 5 -> Tensors.square(t);
                        case 6 -> Tensors.maximum(t, partner(x, c, seed).t);
                        case 7 -> t.rank() == 0 ? t.mul(t) : Tensors.cumsum(t, 0);
                        default -> {
                            int[] dims = twoD(t, c);
                            Tensor m = t.rank() == 2 ? t : Tensors.reshape(t, dims);
                            int units = 1 + c % 24;
                            Tensor w = constantOf(t.dtype(), new int[] {dims[1], units}, seed);
                            Tensor bias = constantOf(t.dtype(), new int[] {units}, seed + 1);
                            yield (c & 32) != 0 ? NN.linear(m, w, bias, "relu") : NN.linear(m, w, bias);
                        }
                    };
                    add(r, names[k]);
                }
                case TAPE_START -> {
                    if (tape == null) {
                        Entry x = pickAny(a, seed);
                        tape = new GradientTape(true);
                        tape.watch(x.t);
                        tapeSource = x;
                        releasedSinceTape = false;
                    }
                }
                case TAPE_GRADIENT -> {
                    if (tape == null) {
                        return;
                    }
                    Entry y = pickAny(a, seed);
                    String label = "tape gradient of " + y.desc + " wrt " + tapeSource.desc;
                    Tensor target = Tensors.reduceSum(y.t); // recorded, then the recording stops
                    tape.close();
                    try {
                        Tensor g = tape.gradient(target, tapeSource.t);
                        if (g == null) {
                            labels.add(where() + ": " + label);
                            values.add("null");
                        } else {
                            record(label, g); // not in the pool: the scoped run may have thrown instead
                        }
                    } catch (IllegalStateException e) {
                        // allowed only where the tape recorded tensors that a scope released since
                        if (!scoped || !releasedSinceTape) {
                            throw e;
                        }
                        labels.add(where() + ": " + label);
                        values.add(RELEASED_ON_TAPE);
                    }
                    tape = null; // closed above
                    tapeSource = null;
                }
                case DRAIN -> {
                    Tensor x = pickAny(a, seed).t;
                    drain(x.dtype(), x.size());
                }
                case CHECK_RELEASED -> {
                    if (scoped && !released.isEmpty()) {
                        checkReleased(released.get(a % released.size()));
                    }
                }
                default -> throw new AssertionError(s.kind());
            }
        }

        Entry variable(int i, long seed) {
            Entry v = pick(i, e -> e.isVar);
            if (v == null) {
                v = add(new Variable(pickAny(i, seed).t), "variable");
            }
            return v;
        }

        void close() {
            int f = frames.pop();
            releasedSinceTape = true; // the tape may have recorded intermediates of this scope
            if (scoped) {
                TensorScope s = scopes.pop();
                s.close();
                assertTrue(s.isClosed());
            }
            List<Entry> gone = new ArrayList<>();
            for (Entry e : alive) {
                if (e.owner == f) {
                    gone.add(e);
                }
            }
            alive.removeAll(gone);
            for (Entry e : gone) {
                byTensor.remove(e.t);
                if (!e.lenient) {
                    released.add(e);
                    if (scoped) {
                        checkReleased(e);
                    }
                }
            }
        }

        /** A released tensor keeps its shape and dtype but gives no values, to a read or to an op. */
        void checkReleased(Entry e) {
            Tensor t = e.t;
            String what = where() + ": released tensor " + e.desc;
            assertTrue(t.shape().size() >= 0 && t.dtype() != null, what);
            assertThrows(IllegalStateException.class, t::toFloatArray, what + ": toFloatArray");
            assertThrows(IllegalStateException.class, t::toDoubleArray, what + ": toDoubleArray");
            if (t.size() == 1) {
                assertThrows(IllegalStateException.class, t::doubleValue, what + ": doubleValue");
            }
            assertThrows(IllegalStateException.class, () -> Tensors.neg(t), what + ": as an op's input");
            assertThrows(IllegalStateException.class, () -> t.mul(2.0), what + ": as an op's input");
            assertThrows(IllegalStateException.class, () -> new Variable(t), what + ": a variable's initial value");
            if (!scopes.isEmpty()) {
                assertThrows(IllegalStateException.class, () -> scopes.peek().keep(t), what + ": keep");
            }
            releasedChecked++;
        }
    }

    // --------------------------------------------------------------------------------------- comparison

    static void assertSameValues(List<Step> program, Run plain, Run scoped) {
        assertEquals(plain.labels(), scoped.labels(), "both runs read the same things");
        for (int i = 0; i < plain.values().size(); i++) {
            Object p = plain.values().get(i), s = scoped.values().get(i);
            String label = plain.labels().get(i);
            String diff = difference(p, s);
            if (diff != null) {
                fail("scoped run differs from the run without scopes at " + label + ": " + diff + "\nprogram: "
                        + program);
            }
        }
    }

    /** What the scoped run records where a tape's gradient threw because the tape recorded released tensors. */
    static final String RELEASED_ON_TAPE = "IllegalStateException: the tape recorded released tensors";

    /** Null if bit-identical (NaN equals NaN, -0 differs from +0), else where they differ. */
    static String difference(Object p, Object s) {
        if (s == RELEASED_ON_TAPE || p.equals(s) && p instanceof String) {
            return null;
        }
        if (p instanceof Double pd && s instanceof Double sd) {
            return Double.doubleToLongBits(pd) == Double.doubleToLongBits(sd) ? null : pd + " vs " + sd;
        }
        // Arrays.mismatch compares elements as Float.equals / Double.equals do: by floatToIntBits / doubleToLongBits
        if (p instanceof float[] pf && s instanceof float[] sf) {
            if (pf.length != sf.length) {
                return "length " + pf.length + " vs " + sf.length;
            }
            int j = Arrays.mismatch(pf, sf);
            return j < 0 ? null : "element " + j + ": " + pf[j] + " vs " + sf[j];
        }
        if (p instanceof double[] pd && s instanceof double[] sd) {
            if (pd.length != sd.length) {
                return "length " + pd.length + " vs " + sd.length;
            }
            int j = Arrays.mismatch(pd, sd);
            return j < 0 ? null : "element " + j + ": " + pd[j] + " vs " + sd[j];
        }
        return "types " + p.getClass().getSimpleName() + " vs " + s.getClass().getSimpleName();
    }

    /** Runs c on a new thread (an empty array pool, no scopes) and returns its result or rethrows its failure. */
    static <T> T onFreshThread(String name, Callable<T> c) throws Exception {
        FutureTask<T> task = new FutureTask<>(c);
        Thread t = new Thread(task, "scope-fuzz-" + name);
        t.start();
        try {
            return task.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error err) {
                throw err;
            }
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw new AssertionError(cause);
        }
    }

    // ------------------------------------------------------------------------------------- plain cases

    /** A fixed program that surely recycles: a kept tensor, an outside tensor and a variable stay as they were. */
    @Test
    void keptOutsideAndVariableValuesSurviveReuse() throws Exception {
        List<Step> program = List.of(
                new Step(Kind.CONST, 1, 0, 0, 11),          // outside: 16384 float32
                new Step(Kind.VAR_CREATE, 0, 0, 0, 0),      // a variable of it
                new Step(Kind.OPEN, 0, 0, 0, 0),
                new Step(Kind.UNARY, 0, 0, 0, 0),           // exp, in the scope
                new Step(Kind.UNARY, 2, 3, 0, 0),           // tanh of something, in the scope
                new Step(Kind.BINARY, 2, 2, 0, 0),          // add
                new Step(Kind.KEEP, 2, 0, 0, 0),            // keep one of them
                new Step(Kind.CLOSE, 0, 0, 0, 0),           // release the rest: their arrays go to the pool
                new Step(Kind.OPEN, 0, 0, 0, 0),
                new Step(Kind.UNARY, 0, 5, 0, 0),           // neg: takes a pooled array without zeroing
                new Step(Kind.BINARY, 0, 1, 1, 0),          // mul: another
                new Step(Kind.VAR_ADD, 0, 0, 0, 0),         // a variable update in the scope
                new Step(Kind.READ, 0, 7, 0, 0),
                new Step(Kind.CLOSE, 0, 0, 0, 0),
                new Step(Kind.CHECK_RELEASED, 0, 0, 0, 0));
        Run plain = onFreshThread("plain", () -> new Interpreter(false).run(program));
        Run scoped = onFreshThread("scoped", () -> new Interpreter(true).run(program));
        assertSameValues(program, plain, scoped);
        assertTrue(scoped.reused() > 0, "the program reuses pooled arrays (else it shows nothing): " + scoped.reused());
        assertEquals(0, plain.reused(), "the run without scopes reuses nothing here");
        assertTrue(scoped.releasedChecked() > 0);
    }

    /**
     * Two threads, each with its own scopes, tensors made outside them, kept tensors and a variable, run at once:
     * neither ever sees a value change, and each thread's pool serves only its own arrays.
     */
    @Test
    void twoThreadsWithOwnScopesNeverSeeEachOthersValuesChange() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        FutureTask<Long> t1 = new FutureTask<>(() -> worker(1, start));
        FutureTask<Long> t2 = new FutureTask<>(() -> worker(2, start));
        new Thread(t1, "scope-worker-1").start();
        new Thread(t2, "scope-worker-2").start();
        start.countDown();
        long r1 = result(t1), r2 = result(t2);
        assertTrue(r1 > 0 && r2 > 0,
                "each worker reused pooled arrays (else the test shows nothing): " + r1 + ", " + r2);
    }

    /** The task's result, or its failure rethrown as it was. */
    private static <T> T result(FutureTask<T> task) throws Exception {
        try {
            return task.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** One thread's loop; returns the arrays it took from its pool. */
    private static long worker(int id, CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        long reused0 = RecycledArrays.reusedOnThisThread();
        int n = 20000;
        float[] base = new float[n];
        for (int i = 0; i < n; i++) {
            base[i] = id * 1000 + (i % 97) - 48;
        }
        Tensor outside = Tensors.constant(base, n);
        Variable v = new Variable(Tensors.constant(base, n).mul(0.5));
        // the expected values, from the same kernels with no scope open on this thread
        float[] twice = outside.mul(2.0).add((double) id).toFloatArray();
        float[] tanh = Tensors.tanh(outside.mul(0.001)).toFloatArray();
        float[] vAfter = v.toFloatArray().clone();
        List<Tensor> kept = new ArrayList<>();
        for (int step = 0; step < 150; step++) {
            try (TensorScope s = TensorScope.open()) {
                Tensor y = outside.mul(2.0).add((double) id);
                assertArrayEquals(twice, y.toFloatArray(), "thread " + id + " step " + step);
                Tensor z;
                try (TensorScope inner = TensorScope.open()) {
                    z = inner.keep(Tensors.tanh(outside.mul(0.001)));
                    Tensors.exp(z).add(y); // garbage for the pool
                }
                assertArrayEquals(tanh, z.toFloatArray(), "thread " + id + " step " + step);
                if (step % 10 == 0) {
                    kept.add(s.keep(y));
                }
                if (step % 25 == 0) {
                    v.assignAdd(Tensors.ones(DType.FLOAT32, n));
                    vAfter = v.toFloatArray();
                }
                Tensors.sigmoid(y).mul(z); // more garbage
            }
            assertArrayEquals(vAfter, v.toFloatArray(), "thread " + id + ": variable at step " + step);
            for (Tensor k : kept) {
                assertArrayEquals(twice, k.toFloatArray(), "thread " + id + ": kept tensor at step " + step);
            }
        }
        assertArrayEquals(base, outside.toFloatArray(), "thread " + id + ": tensor made outside the scopes");
        return RecycledArrays.reusedOnThisThread() - reused0;
    }

    /** A scoped tensor is confined to its thread until kept out of every scope; a released one stays unreadable. */
    @Test
    void readingAScopedTensorFromAnotherThreadThrows() throws Exception {
        int n = 20000;
        float[] expected = Tensors.ones(DType.FLOAT32, n).mul(3.0).toFloatArray();
        TensorScope s = TensorScope.open();
        Tensor shared, notKept;
        try {
            shared = Tensors.ones(DType.FLOAT32, n).mul(3.0);
            notKept = Tensors.ones(DType.FLOAT32, n).mul(5.0);
            Tensor t = shared;
            onFreshThread("reader", () -> {
                assertThrows(IllegalStateException.class, t::toFloatArray, "read on another thread");
                assertThrows(IllegalStateException.class, () -> t.getFloat(0), "element read on another thread");
                assertThrows(IllegalStateException.class, () -> Tensors.neg(t), "op on another thread");
                assertThrows(IllegalStateException.class, () -> new Variable(t), "variable on another thread");
                try (TensorScope other = TensorScope.open()) {
                    assertThrows(IllegalStateException.class, () -> other.keep(t), "keep on another thread");
                }
                return null;
            });
            assertArrayEquals(expected, shared.toFloatArray(), "still readable on its own thread");
            assertSame(shared, s.keep(shared));
            onFreshThread("reader-after-keep", () -> {
                assertArrayEquals(expected, t.toFloatArray(), "kept out of every scope: any thread reads it");
                return null;
            });
        } finally {
            s.close();
        }
        Tensor released = notKept;
        onFreshThread("reader-after-close", () -> {
            assertThrows(IllegalStateException.class, released::toFloatArray, "released, read on another thread");
            return null;
        });
        assertThrows(IllegalStateException.class, released::toFloatArray, "released, read on its own thread");
        assertArrayEquals(expected, shared.toFloatArray(), "the kept tensor after the close");
    }

    // -------------------------------------------------------------------------- a bug the property found

    /**
     * Found by {@link #scopesNeverChangeAValue} before the first landing, minimised, and fixed: {@code p.assign(q)}
     * of one variable to another while a {@link GradientTape} records makes p's value the tape's read of q, a new
     * tensor made in the innermost open scope. {@code Variable.assign} escaped only values that were not variables,
     * so the close released p's value and every later read of p threw IllegalStateException. It now takes whatever
     * it stores out of every scope.
     */
    @Test
    void variableAssignedAnotherVariableWhileATapeRecordsOutlivesTheScope() {
        Variable p = new Variable(Tensors.constant(new float[] {1, 2, 3}));
        Variable q = new Variable(Tensors.constant(new float[] {4, 5, 6}));
        try (GradientTape tape = new GradientTape(); TensorScope scope = TensorScope.open()) {
            p.assign(q);
        }
        assertArrayEquals(new float[] {4, 5, 6}, p.toFloatArray(), "a variable's value outlives every scope");
        assertArrayEquals(new float[] {4, 5, 6}, q.toFloatArray());
    }
}
