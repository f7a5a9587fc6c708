package io.gradtape.tape;

import io.gradtape.Autodiff;
import io.gradtape.CustomGradient;
import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.UnconnectedGradients;
import io.gradtape.Variable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.gradtape.Tensors.cast;
import static io.gradtape.Tensors.clipByValue;
import static io.gradtape.Tensors.concat;
import static io.gradtape.Tensors.constant;
import static io.gradtape.Tensors.slice;
import static io.gradtape.Tensors.stopGradient;
import static io.gradtape.Tensors.customGradient;
import static io.gradtape.Tensors.floor;
import static io.gradtape.Tensors.pow;
import static io.gradtape.Tensors.relu;
import static io.gradtape.Tensors.zeros;
import static io.gradtape.Tensors.onesLike;
import static io.gradtape.Tensors.ones;
import static io.gradtape.Tensors.reduceSum;
import static io.gradtape.Tensors.reshape;
import static io.gradtape.tape.Check.anyTapeRecordsOnThisThread;
import static io.gradtape.tape.Check.collected;
import static io.gradtape.tape.Check.onOtherThread;
import static io.gradtape.tape.Check.scalar;
import static io.gradtape.tape.Check.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, "no silent traps", for the tape: each test failed before its fix. Grouped by the items.
 */
@SuppressWarnings("try") // try (... = tape.resume()) blocks are there for their scope, as Python's with
class NoSilentTrapsTest {

    @BeforeEach
    void noTapeRecordsOnThisThreadAtStart() {
        assertFalse(anyTapeRecordsOnThisThread(), "a tape was left recording on the test thread");
    }

    // ================================================================== 5. a failed call changes nothing

    /** A one-shot gradient call whose output gradients are invalid throws and leaves the tape as it was. */
    @Test
    void failedGradientValidationNeitherStopsRecordingNorUsesUpTheTape() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        Tensor y;
        Tensor z;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
            assertThrows(IllegalArgumentException.class, () -> tape.gradient(List.of(y), List.of(x),
                    List.of(ones(DType.FLOAT32, 2)), UnconnectedGradients.NONE));
            assertThrows(IllegalArgumentException.class, () -> tape.gradient(List.of(y), List.of(x),
                    List.of(constant(1.0)), UnconnectedGradients.NONE));
            assertThrows(IllegalArgumentException.class, () -> tape.gradient(List.of(y), List.of(x),
                    List.of(), UnconnectedGradients.NONE));
            z = y.mul(x); // still recorded
        }
        scalar(27, tape.gradient(z, x));
    }

    /** {@code watch(x, null)} throws and watches nothing. */
    @Test
    void watchWithANullWatchesNothing() {
        Tensor x = constant(3f);
        Variable v = new Variable(constant(2f), false);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            assertThrows(NullPointerException.class, () -> tape.watch(x, null));
            assertThrows(NullPointerException.class, () -> tape.watch(Arrays.asList(v, null)));
            y = x.mul(v);
        }
        assertNull(tape.gradient(y, x));
        assertNull(tape.gradient(y, v));
        assertTrue(tape.watchedVariables().isEmpty());
    }

    /** A failed assign reads (and so watches) nothing: the argument variable is not watched by the tape. */
    @Test
    void failedAssignWatchesNothing() {
        Variable v = new Variable(constant(1f));
        Variable wrongShape = new Variable(ones(DType.FLOAT32, 2));
        Variable wrongDtype = new Variable(constant(1.0));
        GradientTape tape = new GradientTape();
        try (tape) {
            assertThrows(IllegalArgumentException.class, () -> v.assign(wrongShape));
            assertThrows(IllegalArgumentException.class, () -> v.assignAdd(wrongShape));
            assertThrows(IllegalArgumentException.class, () -> v.assignSub(wrongDtype));
        }
        assertEquals(List.of(), tape.watchedVariables());
        assertEquals(Shape.of(), v.shape());
        scalar(1, v);
    }

    // ================================================== 1. Jacobians through custom gradients

    private static final Tensor W = constant(new float[] {1, 2, 3, 4}, 2, 2);

    /** y[i, j] = x[i] w[i, j], its rule written TensorFlow style for a cotangent of y's shape: it names axis 1. */
    private static Tensor scaleRows(Tensor x, Tensor w) {
        return customGradient(x, v -> CustomGradient.of(reshape(v, 2, 1).mul(w), dy -> reduceSum(dy.mul(w), 1)));
    }

    /** d y[i, j] / d x[k] = w[i, j] [i == k], shaped (2, n, 2). */
    private static double[] scaleRowsJacobian(Tensor w) {
        int n = w.shape().dim(1);
        double[] wv = w.toDoubleArray();
        double[] j = new double[2 * n * 2];
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < n; c++) {
                j[(i * n + c) * 2 + i] = wv[i * n + c];
            }
        }
        return j;
    }

    /** A rule that names an axis gets the cotangent it was written for: the rows route (4 n > m). */
    @Test
    void jacobianThroughACustomRuleThatNamesAnAxis() {
        Tensor x = constant(new float[] {5, 7}, 2);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = scaleRows(x, W);
        }
        values(scaleRowsJacobian(W), Shape.of(2, 2, 2), tape.jacobian(y, x));
    }

    /** The same rule on the column ("tall") route: m = 10 outputs, n = 2 sources. */
    @Test
    void tallJacobianThroughACustomRuleThatNamesAnAxis() {
        Tensor w = constant(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 2, 5);
        Tensor x = constant(new float[] {5, 7}, 2);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = scaleRows(x, w);
        }
        values(scaleRowsJacobian(w), Shape.of(2, 5, 2), tape.jacobian(y, x));
    }

    /** A rule that reshapes the cotangent (it threw "reshape: cannot reshape (4, 2, 2) to (4)" before). */
    @Test
    void jacobianThroughACustomRuleThatReshapes() {
        Tensor x = constant(new float[] {1, 2, 3, 4}, 4);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = customGradient(x, v -> CustomGradient.of(reshape(v, 2, 2).mul(3.0), dy -> reshape(dy, 4).mul(3.0)));
        }
        double[] expected = new double[16];
        for (int i = 0; i < 4; i++) {
            expected[i * 4 + i] = 3;
        }
        values(expected, Shape.of(2, 2, 4), tape.jacobian(y, x));
        values(expected, Shape.of(2, 2, 4), Autodiff.jacobianForward(
                v -> customGradient(v, u -> CustomGradient.of(reshape(u, 2, 2).mul(3.0), dy -> reshape(dy, 4).mul(3.0))))
                .apply(x));
    }

    /** A rule that fully reduces the cotangent: y[i] = sum(x) for each i, dx = sum(dy) for each element. */
    @Test
    void jacobianThroughACustomRuleThatFullyReduces() {
        Tensor x = constant(new float[] {1, 2, 3}, 3);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = customGradient(x, v -> CustomGradient.of(onesLike(v).mul(reduceSum(v)),
                    dy -> onesLike(v).mul(reduceSum(dy))));
        }
        double[] ones = new double[9];
        Arrays.fill(ones, 1);
        values(ones, Shape.of(3, 3), tape.jacobian(y, x));
    }

    /** batchJacobian: a per-example rule that reshapes the cotangent of its (2, 3) value. */
    @Test
    void batchJacobianThroughACustomRuleThatReshapes() {
        Tensor x = constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor w = constant(new float[] {1, 2, 3, 4, 5, 6}, 6);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = customGradient(x, v -> CustomGradient.of(reshape(reshape(v, 6).mul(w), 2, 3),
                    dy -> reshape(reshape(dy, 6).mul(w), 2, 3)));
        }
        // per example b: d y[b, j] / d x[b, k] = w[3 b + j] [j == k]
        double[] expected = new double[2 * 3 * 3];
        for (int b = 0; b < 2; b++) {
            for (int j = 0; j < 3; j++) {
                expected[(b * 3 + j) * 3 + j] = 3 * b + j + 1;
            }
        }
        values(expected, Shape.of(2, 3, 3), tape.batchJacobian(y, x));
    }

    /** Autodiff.hessian sweeps the custom entry with a batched cotangent: f = sum(c(x)^2), c(x)[i, j] = x[i] w[i, j]. */
    @Test
    void hessianThroughACustomRuleThatNamesAnAxis() {
        Tensor x = constant(new float[] {5, 7}, 2);
        Tensor h = Autodiff.hessian(v -> {
            Tensor c = scaleRows(v, W);
            return reduceSum(c.mul(c));
        }).apply(x);
        // f = sum_ij x_i^2 w_ij^2: H = diag(2 sum_j w_ij^2) = diag(2 (1 + 4), 2 (9 + 16))
        values(new double[] {10, 0, 0, 50}, Shape.of(2, 2), h);
    }

    // =========================================== 2. a tape never closed does not record forever

    /** Opens a tape, watches and records, and drops it without closing it. */
    private static WeakReference<GradientTape> leakATape() {
        Tensor x = constant(2f);
        GradientTape leaked = new GradientTape(true);
        leaked.watch(x);
        x.mul(x);
        return new WeakReference<>(leaked);
    }

    /** A tape nothing refers to is collected, and later ops on its thread are not recorded. */
    @Test
    void aLeakedTapeIsCollectedAndStopsRecording() {
        WeakReference<GradientTape> ref = leakATape();
        assertTrue(collected(ref), "the thread's tape stack keeps a tape nobody refers to alive");
        assertFalse(anyTapeRecordsOnThisThread(), "ops still recorded after the leaked tape was collected");
    }

    /** On a thread pool, a tape leaked by one task does not record the next tasks of the same thread. */
    @Test
    void aTapeLeakedByATaskDoesNotRecordLaterTasksOfThePool() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            WeakReference<GradientTape> ref = pool.submit(NoSilentTrapsTest::leakATape).get(20, TimeUnit.SECONDS);
            assertTrue(collected(ref));
            assertFalse(pool.submit(Check::anyTapeRecordsOnThisThread).get(20, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    // ================================================ 3. work on other threads inside a tape

    /**
     * The example: a parallel stream inside the tape's block. Whichever parts run on the common pool's
     * workers, the result is the whole gradient 2x (all parts ran on this thread) or an exception, never a part.
     */
    @Test
    void aParallelStreamInsideATapeNeverGivesAPartialGradient() {
        Tensor x = constant(new float[] {1, 2, 3, 4}, 4);
        GradientTape tape = new GradientTape();
        Tensor y = null;
        IllegalStateException refused = null;
        try (tape) {
            tape.watch(x);
            List<Tensor> parts = IntStream.range(0, 4).parallel()
                    .mapToObj(i -> slice(x, new int[] {i}, new int[] {1}))
                    .map(s -> s.mul(s))
                    .collect(Collectors.toList());
            try {
                y = reduceSum(concat(parts, 0));
            } catch (IllegalStateException e) {
                refused = e;
            }
        }
        if (refused != null) {
            assertTrue(refused.getMessage().contains("parallelStream"), refused.getMessage());
        } else {
            values(new double[] {2, 4, 6, 8}, Shape.of(4), tape.gradient(y, x));
        }
    }

    /** The same stream on a pool this thread does not join: every part runs elsewhere, and the sum refuses it. */
    @Test
    void workOnAnotherThreadComingBackIntoTheTapeThrows() throws Exception {
        Tensor x = constant(new float[] {1, 2, 3, 4}, 4);
        ForkJoinPool pool = new ForkJoinPool(2);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            List<Tensor> parts = pool.submit(() -> IntStream.range(0, 4).parallel()
                    .mapToObj(i -> slice(x, new int[] {i}, new int[] {1}))
                    .map(s -> s.mul(s))
                    .collect(Collectors.toList())).get(20, TimeUnit.SECONDS);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> concat(parts, 0));
            assertTrue(e.getMessage().startsWith("concat: input 0 was computed on thread '"), e.getMessage());
            assertTrue(e.getMessage().contains("stopGradient"), e.getMessage());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A target computed entirely on another thread is refused by gradient; stopGradient makes it a constant. */
    @Test
    void aTargetComputedOnAnotherThreadIsRefusedAndStopGradientOptsOut() throws Exception {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        Tensor there;
        Tensor constantThere;
        try (tape) {
            tape.watch(x);
            there = onOtherThread(() -> x.mul(x));
            constantThere = stopGradient(there).mul(x); // the documented way out: d/dx = there = 9
        }
        assertThrows(IllegalStateException.class, () -> tape.gradient(there, x));
        assertThrows(IllegalStateException.class, () -> tape.jacobian(there, x));
        scalar(9, tape.gradient(constantThere, x));
    }

    /** A watched variable read on another thread (which has no tape) taints what is computed from it there. */
    @Test
    void aWatchedVariableReadOnAnotherThreadIsDetectedToo() throws Exception {
        Variable w = new Variable(constant(2f));
        try (GradientTape tape = new GradientTape()) {
            Tensor here = w.mul(3.0); // the tape watches w on this read
            Tensor there = onOtherThread(() -> w.mul(w));
            assertThrows(IllegalStateException.class, () -> here.add(there));
        }
    }

    /** Off-thread work that does not come back (a metric, a log line) is not reported; other tapes are fine. */
    @Test
    void offThreadWorkThatStaysThereIsNotReported() throws Exception {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            String metric = onOtherThread(() -> x.mul(2.0).toString());
            assertTrue(metric.contains("6.0"));
            Tensor theirs = onOtherThread(() -> {
                try (GradientTape own = new GradientTape()) {
                    own.watch(x);
                    Tensor z = x.mul(x);
                    return own.gradient(z, x);
                }
            });
            scalar(6, theirs);
            y = x.mul(x).add(theirs); // recorded by the other thread's own tape: not work missing from this one
        }
        scalar(6, tape.gradient(y, x));
    }

    // ======================================================================================= 7. explain

    /** A stopGradient on another branch is not on the path: explain does not blame it. */
    @Test
    void explainNamesOnlyCutsOnThePathToTheTarget() {
        Tensor x = constant(2.5f);
        Tensor c = constant(5f);
        GradientTape tape = new GradientTape(true);
        Tensor a;
        Tensor b;
        Tensor other;
        try (tape) {
            tape.watch(x);
            tape.watch(c);
            a = stopGradient(x).mul(c);                              // one branch of x, cut by stopGradient
            b = floor(x).mul(c);                                     // another, cut by floor
            other = c.mul(c);                                        // recorded, unrelated to x
        }
        String why = tape.explain(b, x);
        assertTrue(why.contains("floor"), why);
        assertFalse(why.contains("stopGradient"), why);
        why = tape.explain(a, x);
        assertTrue(why.contains("stopGradient") && !why.contains("floor"), why);
        why = tape.explain(other, x);
        assertTrue(why.contains("does not depend"), why);
    }

    /** After a one-shot gradient released the record, explain still names the integer cast that cut the path. */
    @Test
    void explainAfterAOneShotGradientNamesTheIntegerCast() {
        Tensor x = constant(2.5f);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = cast(cast(x, DType.INT32), DType.FLOAT32).mul(2.0);
        }
        assertNull(tape.gradient(y, x));
        String why = tape.explain(y, x);
        assertTrue(why.contains("cast") && why.contains("int32"), why);
        assertFalse(why.contains("thread"), why);
    }

    /** A custom-gradient function that reads a trainable variable it was not given: TensorFlow raises, so do we. */
    @Test
    void aCustomGradientFunctionReadingAVariableItWasNotGivenThrows() {
        Variable w = new Variable(constant(3f));
        Tensor x = constant(2f);
        try (GradientTape tape = new GradientTape()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> customGradient(x,
                    v -> CustomGradient.of(v.mul(w), dy -> dy.mul(w))));
            assertTrue(e.getMessage().startsWith("customGradient: f reads 1 trainable variable"), e.getMessage());
            // given as an input, the same computation is fine
            Tensor y = customGradient(List.of(x, w), xs -> CustomGradient.ofMany(xs.get(0).mul(xs.get(1)),
                    dy -> List.of(dy.mul(xs.get(1)), dy.mul(xs.get(0)))));
            scalar(2, tape.gradient(y, w));
        }
    }

    // =================================================================================== 8. smaller traps

    /** toString of a large tensor allocates for what it prints (a summary), not in proportion to the tensor. */
    @Test
    void toStringOfAHugeTensorAllocatesOnlyWhatItPrints() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean
                        && ((com.sun.management.ThreadMXBean) mx).isThreadAllocatedMemorySupported(),
                "this JVM cannot measure a thread's allocations (com.sun.management.ThreadMXBean)");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        Tensor big = zeros(DType.FLOAT32, 4096, 8192);              // 32M elements, 128 MB
        String warm = big.toString();                              // load and compile the formatting code
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        String s = big.toString();
        long allocated = bean.getThreadAllocatedBytes(id) - before;
        assertEquals(warm, s);
        assertTrue(s.startsWith("Tensor(\n[[0. 0. 0. ... 0. 0. 0.]"), s);
        assertTrue(allocated < 1 << 20, "toString of a 128 MB tensor allocated " + allocated + " bytes");
    }

    /** pow(1, y) = 1 for every y, NaN included (IEEE 754, TensorFlow); Java's Math.pow gives NaN. */
    @Test
    void oneToThePowerNaNIsOne() {
        assertEquals(1.0, pow(constant(1f), constant(Float.NaN)).doubleValue());
        assertEquals(1.0, pow(constant(1.0), constant(Double.NaN)).doubleValue());
        assertEquals(1.0, constant(new float[] {1, 1}, 2).pow(constant(Float.NaN)).toDoubleArray()[1]);
        assertTrue(Double.isNaN(pow(constant(2f), constant(Float.NaN)).doubleValue()));
    }

    /**
     * pow(-1, +-inf) = 1 (C99 and IEEE 754; TensorFlow's kernels call std::pow, and NumPy's np.power(-1.0, np.inf)
     * is 1.0); Java's Math.pow and StrictMath.pow give NaN. Checked through every kernel: one element, a long
     * float32 and float64 vector (the vector kernels take equal shapes), a one-element exponent and a broadcast.
     */
    @Test
    void minusOneToThePowerInfinityIsOne() {
        float inf = Float.POSITIVE_INFINITY;
        assertEquals(1.0, pow(constant(-1f), constant(inf)).doubleValue());
        assertEquals(1.0, pow(constant(-1.0), constant(Double.NEGATIVE_INFINITY)).doubleValue());
        int n = 37;
        float[] a = new float[n], b = new float[n];
        double[] a64 = new double[n], b64 = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 3 == 0 ? -1f : i % 3 == 1 ? 1f : -2f;
            b[i] = i % 2 == 0 ? inf : -inf;
            a64[i] = a[i];
            b64[i] = b[i];
        }
        float[] got = pow(constant(a, n), constant(b, n)).toFloatArray();
        double[] got64 = pow(constant(a64, n), constant(b64, n)).toDoubleArray();
        for (int i = 0; i < n; i++) {
            double want = Math.abs(a[i]) == 1 ? 1 : Math.pow(a[i], b[i]);   // |-2|: Java and C agree (inf or 0)
            assertEquals(want, got[i], "float32 pow(" + a[i] + ", " + b[i] + ")");
            assertEquals(want, got64[i], "float64 pow(" + a[i] + ", " + b[i] + ")");
        }
        float[] scalarExponent = pow(constant(a, n), constant(-inf)).toFloatArray();
        float[] broadcast = pow(constant(a, n, 1), constant(new float[] {inf, -inf}, 1, 2)).toFloatArray();
        for (int i = 0; i < n; i++) {
            if (a[i] == -1f) {
                assertEquals(1f, scalarExponent[i]);
                assertEquals(1f, broadcast[2 * i]);
                assertEquals(1f, broadcast[2 * i + 1]);
            }
        }
        assertTrue(Double.isNaN(pow(constant(-1f), constant(Float.NaN)).doubleValue()), "pow(-1, NaN) stays NaN");
    }

    /**
     * int64 to float32 rounds once, as C++'s static_cast in TensorFlow's cast (and NumPy's astype) does: through a
     * double it would round twice. 2^60 + 2^36 + 1 lies just above the midpoint 2^60 + 2^36 of two floats, so it
     * rounds up to 2^60 + 2^37; the double nearest to it is the midpoint itself, which rounds to even, 2^60.
     */
    @Test
    void int64ToFloat32RoundsOnce() {
        long v = (1L << 60) + (1L << 36) + 1;
        float once = (float) v;                      // JLS 5.1.2: round to nearest
        float twice = (float) (double) v;
        assertEquals(0x1p60f + 0x1p37f, once);
        assertEquals(0x1p60f, twice);
        Tensor t = constant(new long[] {v, -v}, 2);
        assertEquals(once, cast(t, DType.FLOAT32).toFloatArray()[0]);
        assertEquals(-once, cast(t, DType.FLOAT32).toFloatArray()[1]);
        assertEquals(once, t.toFloatArray()[0]);
        assertEquals(once, t.getFloat(0));
        assertEquals(once, constant(v).floatValue());
    }

    /**
     * A Java long combines with an int64 tensor exactly, as a Python int does with TensorFlow's int64 tensors: an
     * {@code int} or {@code long} argument takes the long overloads, where a double would round 2^53 + 1 to 2^53.
     */
    @Test
    void longScalarsCombineExactlyWithInt64Tensors() {
        long big = (1L << 53) + 1;
        assertEquals(big, constant(0L).add(big).longValue());
        assertEquals(-Long.MAX_VALUE, constant(0L).sub(Long.MAX_VALUE).longValue());
        assertEquals(3 * big, constant(3L).mul(big).longValue());
        assertEquals(4052555153018976267L, constant(3L).pow(39).longValue());      // 3^39 < 2^63
        assertEquals(4052555153018976267L, pow(constant(3L), 39).longValue());
        long[] clipped = clipByValue(constant(new long[] {big + 1, -big}, 2), -big + 1, big).toLongArray();
        assertEquals(big, clipped[0]);
        assertEquals(-big + 1, clipped[1]);
        // int32 takes a long that fits and names the op for one that does not
        assertEquals(7, constant(5).add(2L).intValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> constant(5).add(1L << 40));
        assertTrue(e.getMessage().startsWith("add: the number 1099511627776 does not fit the int32"), e.getMessage());
        // float tensors round the long once, as the double overload did for these values
        assertEquals(constant(2f).add(3.0).floatValue(), constant(2f).add(3).floatValue());
        assertEquals((float) big, constant(0f).add(big).floatValue());
        assertThrows(IllegalArgumentException.class, () -> constant(true).add(1));
    }

    /** intValue and getInt saturate as toIntArray and cast do (a Java cast of the value), never wrap. */
    @Test
    void intValueOfALargeFloatSaturatesAsToIntArray() {
        assertEquals(Integer.MAX_VALUE, constant(3e9).intValue());
        assertEquals(Integer.MIN_VALUE, constant(-3e9f).intValue());
        assertEquals(0, constant(Float.NaN).intValue());
        Tensor t = constant(new double[] {3e9, -1e30}, 2);
        assertEquals(t.toIntArray()[0], t.getInt(0));
        assertEquals(t.toIntArray()[1], t.getInt(1));
        assertEquals(cast(t, DType.INT32).toIntArray()[0], t.getInt(0));
        // int64 keeps its low 32 bits, as cast to int32
        long big = (1L << 32) + 5;
        assertEquals(5, constant(big).intValue());
        assertEquals(5, cast(constant(big), DType.INT32).intValue());
    }

    /** The second derivative of relu through nested tapes is zeros, as TensorFlow gives (not null). */
    @Test
    void secondDerivativeOfReluThroughNestedTapesIsZeros() {
        Tensor x = constant(new float[] {-1, 0, 2}, 3);
        GradientTape outer = new GradientTape();
        Tensor g;
        try (outer) {
            outer.watch(x);
            GradientTape inner = new GradientTape();
            try (inner) {
                inner.watch(x);
                Tensor y = relu(x);
                g = inner.gradient(y, x);
            }
        }
        values(new double[] {0, 0, 1}, Shape.of(3), g);
        values(new double[] {0, 0, 0}, Shape.of(3), outer.gradient(g, x));
    }

    /** Empty tensors and scientific notation print as NumPy (inside TensorFlow's Tensor(...)) does. */
    @Test
    void emptyShapesAndScientificFloatsPrintAsNumPy() {
        assertEquals("Tensor([], shape=(2, 0), dtype=float32)", zeros(DType.FLOAT32, 2, 0).toString());
        assertEquals("Tensor([], shape=(0, 3), dtype=float64)", zeros(DType.FLOAT64, 0, 3).toString());
        assertEquals("Tensor(1e-05, shape=(), dtype=float64)", constant(1e-05).toString());
        assertEquals("Tensor([1.e-05], shape=(1,), dtype=float64)", constant(new double[] {1e-05}, 1).toString());
        assertEquals("Tensor([0.e+00 1.e-05], shape=(2,), dtype=float64)",
                constant(new double[] {0, 1e-05}, 2).toString());
        assertEquals("Tensor([1.0e-05 2.5e-05], shape=(2,), dtype=float32)",
                constant(new float[] {1e-05f, 2.5e-05f}, 2).toString());
        // negative zero keeps its sign in every style, as NumPy prints it (log1p(-0.) is -0.)
        assertEquals("Tensor([-0.e+00  1.e-05], shape=(2,), dtype=float64)",
                constant(new double[] {-0.0, 1e-05}, 2).toString());
        assertEquals("Tensor([-0.   0.5], shape=(2,), dtype=float32)", constant(new float[] {-0f, 0.5f}, 2).toString());
        assertEquals("Tensor([-0.  1.], shape=(2,), dtype=float32)", constant(new float[] {-0f, 1f}, 2).toString());
        // whole numbers go scientific by the same rule as the rest (NumPy 1.24: largest >= 1e8 or ratio > 1e3)
        assertEquals("Tensor([1.e+00 2.e+03], shape=(2,), dtype=float32)", constant(new float[] {1, 2000}, 2).toString());
        assertEquals("Tensor([   1. 1000.], shape=(2,), dtype=float32)", constant(new float[] {1, 1000}, 2).toString());
        assertEquals("Tensor([-0.e+00  1.e+09], shape=(2,), dtype=float64)", constant(new double[] {-0.0, 1e9}, 2).toString());
        assertEquals("Tensor([1.2345678e+07 1.0000000e+00], shape=(2,), dtype=float64)",
                constant(new double[] {12345678, 1}, 2).toString());
    }
}
