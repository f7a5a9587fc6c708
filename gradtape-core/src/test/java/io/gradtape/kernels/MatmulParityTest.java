package io.gradtape.kernels;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.spi.GemmProvider;
import io.gradtape.internal.kernels.MatmulKernels;
import io.gradtape.internal.kernels.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The blocked, parallel matmul ({@code BlockedGemm}) against a naive triple loop in float64: odd sizes that
 * fall on both sides of every blocking boundary (4-row groups, 2-deep k steps, row tiles, 128-deep k slabs,
 * 512/256-column blocks), the unpacked (tiny), blocked and transposed (few columns) paths, every transpose combination, batched
 * operands with broadcast batch dimensions, float32 and float64, on one and on two threads.
 */
class MatmulParityTest {
    private GemmProvider savedNative;
    private int savedThreads;

    @BeforeEach
    void pureJava() {
        savedNative = MatmulKernels.nativeGemm();
        savedThreads = Parallel.threads();
        MatmulKernels.setNativeGemm(null);
    }

    @AfterEach
    void restore() {
        MatmulKernels.setNativeGemm(savedNative);
        Parallel.setThreads(savedThreads);
    }

    static Stream<Arguments> shapes() {
        int[][] mkn = {
            {1, 1, 1}, {1, 3, 1}, {3, 1, 3}, {3, 3, 3}, {2, 5, 17}, {17, 17, 17}, {5, 7, 16}, {16, 16, 16},
            {33, 65, 17}, {65, 3, 129}, {129, 65, 33}, {7, 129, 65}, {130, 257, 19}, {4, 200, 4},
            {129, 129, 129}, {3, 131, 513}, {257, 33, 600}, {1, 300, 700}, {200, 1, 300},
            // fewer than 16 (float64: 8) columns but many rows: computed transposed
            {17, 5, 3}, {65, 33, 1}, {300, 20, 7}, {128, 128, 10}, {40, 3, 15},
            // deeper than the packed-whole limit (2048): B is repacked per slab
            {5, 2100, 17}, {130, 2049, 20},
        };
        List<Arguments> out = new ArrayList<>();
        for (int[] s : mkn) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (int tr = 0; tr < 4; tr++) {
                    out.add(Arguments.of(s[0], s[1], s[2], dt, (tr & 1) != 0, (tr & 2) != 0));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}x{1} @ {1}x{2} {3} ta={4} tb={5}")
    @MethodSource("shapes")
    void matchesNaiveLoop(int m, int k, int n, DType dt, boolean ta, boolean tb) {
        SplittableRandom r = new SplittableRandom(m * 1_000_003L + k * 1009L + n);
        double[] a = random(r, m * k);
        double[] b = random(r, k * n);
        double[] want = naive(a, ta, b, tb, m, k, n, 0, 0);
        Tensor ta0 = tensor(a, dt, ta ? new int[] {k, m} : new int[] {m, k});
        Tensor tb0 = tensor(b, dt, tb ? new int[] {n, k} : new int[] {k, n});
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            Tensor c = Tensors.matmul(ta0, tb0, ta, tb);
            assertEquals(dt, c.dtype());
            assertArrayEquals(new int[] {m, n}, c.shape().dims());
            assertClose(want, c.toDoubleArray(), k, dt, "threads=" + threads);
        }
    }

    static Stream<Arguments> batched() {
        return Stream.of(
            Arguments.of(new int[] {2, 1}, new int[] {3}, 3, 5, 7),
            Arguments.of(new int[] {4}, new int[] {}, 17, 33, 65),
            Arguments.of(new int[] {}, new int[] {3}, 65, 20, 130),
            Arguments.of(new int[] {2, 3}, new int[] {2, 3}, 9, 129, 40),
            Arguments.of(new int[] {1}, new int[] {5}, 1, 1, 1),
            Arguments.of(new int[] {6}, new int[] {6}, 64, 64, 64),
            Arguments.of(new int[] {3}, new int[] {1}, 33, 17, 5),
            // one shared A times many small B's: packed side by side into one product
            Arguments.of(new int[] {}, new int[] {7}, 10, 30, 1),
            Arguments.of(new int[] {}, new int[] {2, 3}, 3, 5, 2),
            // a stack of A's times one B: the stacked rows in one product
            Arguments.of(new int[] {5}, new int[] {}, 3, 4, 1));
    }

    @ParameterizedTest(name = "batch {0} x {1}: {2}x{3} @ {3}x{4}")
    @MethodSource("batched")
    void batchedBroadcastMatchesNaiveLoop(int[] batchA, int[] batchB, int m, int k, int n) {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int tr = 0; tr < 4; tr++) {
                boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
                SplittableRandom r = new SplittableRandom(tr * 31L + m);
                int[] sa = concat(batchA, ta ? new int[] {k, m} : new int[] {m, k});
                int[] sb = concat(batchB, tb ? new int[] {n, k} : new int[] {k, n});
                double[] a = random(r, size(sa));
                double[] b = random(r, size(sb));
                int[] batch = broadcast(batchA, batchB);
                int batches = size(batch);
                double[] want = new double[batches * m * n];
                for (int t = 0; t < batches; t++) {
                    int[] idx = unravel(t, batch);
                    int ia = ravelBroadcast(idx, batchA), ib = ravelBroadcast(idx, batchB);
                    double[] one = naive(a, ta, b, tb, m, k, n, ia * m * k, ib * k * n);
                    System.arraycopy(one, 0, want, t * m * n, m * n);
                }
                for (int threads : new int[] {1, 2}) {
                    Parallel.setThreads(threads);
                    Tensor c = Tensors.matmul(tensor(a, dt, sa), tensor(b, dt, sb), ta, tb);
                    assertArrayEquals(concat(batch, new int[] {m, n}), c.shape().dims());
                    assertClose(want, c.toDoubleArray(), k, dt, dt + " ta=" + ta + " tb=" + tb + " threads=" + threads);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static double[] random(SplittableRandom r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) r.nextDouble(-1, 1); // exactly a float, so both dtypes see the same inputs
        }
        return d;
    }

    static Tensor tensor(double[] d, DType dt, int[] shape) {
        if (dt == DType.FLOAT64) {
            return Tensors.constant(d, shape);
        }
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return Tensors.constant(f, shape);
    }

    /** op(A) op(B) in float64 (exact to the last bits of a float64 for these sizes). */
    static double[] naive(double[] a, boolean ta, double[] b, boolean tb, int m, int k, int n, int ao, int bo) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[ao + p * m + i] : a[ao + i * k + p];
                    double y = tb ? b[bo + j * k + p] : b[bo + p * n + j];
                    s += x * y;
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    /** Within a few ulps of the sum's magnitude per multiply-add (inputs are in [-1, 1]). */
    static void assertClose(double[] want, double[] got, int k, DType dt, String what) {
        assertEquals(want.length, got.length, what);
        double eps = dt == DType.FLOAT32 ? 0x1p-23 : 0x1p-52;
        double tol = 4 * eps * (k + 2);
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(want[i] - got[i]) <= tol)) {
                fail(what + ": element " + i + " is " + got[i] + ", want " + want[i] + " (tolerance " + tol + ")");
            }
        }
    }

    static int[] concat(int[] a, int[] b) {
        int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static int size(int[] s) {
        int n = 1;
        for (int d : s) {
            n *= d;
        }
        return n;
    }

    static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] o = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            o[i] = Math.max(da, db);
        }
        return o;
    }

    static int[] unravel(int t, int[] dims) {
        int[] idx = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = t % dims[d];
            t /= dims[d];
        }
        return idx;
    }

    /** The flat index into a (smaller, right-aligned) batch shape of a broadcast index. */
    static int ravelBroadcast(int[] idx, int[] dims) {
        int off = idx.length - dims.length;
        int flat = 0;
        for (int d = 0; d < dims.length; d++) {
            flat = flat * dims[d] + (dims[d] == 1 ? 0 : idx[off + d]);
        }
        return flat;
    }
}
