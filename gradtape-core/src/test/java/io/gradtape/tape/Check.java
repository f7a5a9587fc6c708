package io.gradtape.tape;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.ref.WeakReference;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.gradtape.Tensors.constant;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Assertions and probes shared by the tape tests; public API of {@code io.gradtape} only. */
@SuppressWarnings("try") // try (... = tape.resume()) blocks are there for their scope, as Python's with
final class Check {
    /** The probes of the tape tests assume that nothing records on the test thread when a test starts. */
    static final class NothingRecordsAtStart implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            if (anyTapeRecordsOnThisThread()) {
                throw new AssertionError("a tape was left recording on the test thread (by an earlier test class?): "
                        + "results would be wrong");
            }
        }
    }

    /** Relative tolerance for float32 results (ulp of float32 is about 6e-8). */
    static final double TOL = 1e-5;

    private Check() {
    }

    /** A non-null scalar tensor whose value is {@code expected} (relative tolerance {@link #TOL}). */
    static void scalar(double expected, Tensor t) {
        assertNotNull(t, "expected a gradient of " + expected + " but got null");
        assertEquals(Shape.of(), t.shape(), "shape of " + t);
        assertEquals(expected, t.doubleValue(), TOL * Math.max(1, Math.abs(expected)), () -> "value of " + t);
    }

    /** A non-null tensor of the given shape whose values (row-major) are {@code expected}. */
    static void values(double[] expected, Shape shape, Tensor t) {
        assertNotNull(t, "expected a gradient but got null");
        assertEquals(shape, t.shape(), "shape of " + t);
        assertArrayEquals(expected, t.toDoubleArray(), TOL * Math.max(1, maxAbs(expected)), () -> "values of " + t);
    }

    /** Zeros of the given shape and dtype. */
    static void zeros(Shape shape, DType dtype, Tensor t) {
        assertNotNull(t, "expected zeros but got null");
        assertEquals(dtype, t.dtype(), "dtype of " + t);
        assertEquals(shape, t.shape(), "shape of " + t);
        assertArrayEquals(new double[shape.size()], t.toDoubleArray(), 0.0, () -> "values of " + t);
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * Whether some tape records on the current thread, seen through the public API only: a tape watched while no
     * tape records on this thread ignores the watch (TensorFlow's {@code CouldBackprop}), so the probe tensor
     * stays off a fresh, closed tape exactly when nothing records here.
     */
    static boolean anyTapeRecordsOnThisThread() {
        Tensor probe = constant(1f);
        GradientTape p = new GradientTape();
        p.close();
        p.watch(probe);                              // ignored unless another tape records on this thread
        Tensor y;
        try (GradientTape again = p.resume()) {
            y = probe.mul(probe);
        }
        return p.gradient(y, probe) != null;
    }

    /** Whether the referent was collected after a bounded number of GC requests. */
    static boolean collected(WeakReference<?> ref) {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            byte[][] pressure = new byte[8][];
            for (int k = 0; k < pressure.length; k++) {
                pressure[k] = new byte[1 << 16];
            }
            if (pressure[7].length == 0) {
                throw new AssertionError();
            }
        }
        return ref.get() == null;
    }

    /** Runs {@code c} on a fresh thread and returns its result (rethrowing its failure); waits at most 20 s. */
    static <T> T onOtherThread(Callable<T> c) throws Exception {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> new Thread(r, "tape-test-other"));
        try {
            return ex.submit(c).get(20, TimeUnit.SECONDS);
        } finally {
            ex.shutdownNow();
        }
    }
}
