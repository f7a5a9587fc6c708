package io.gradtape.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Small float32 matrix products {@code C = op(A) op(B)} (at most {@link #MAX_MACS} multiply-adds, {@code k} at
 * most {@link #MAX_K}) with the Vector API and no packing of A, no per-thread scratch and no tiling: the products
 * of a tiny network (a 2-16-16-1 MLP on a batch of 32: {@code 32x2 @ 2x16}, {@code 32x16 @ 16x16},
 * {@code 32x16 @ 16x1} and their gradients), where {@link VectorGemm}'s packing and edge tiles and
 * {@link BlockedGemm}'s per-thread work arrays cost more than the arithmetic. Also the wide narrow products:
 * fewer columns than a vector, at least 16 rows, k at most {@link #MAX_K} and fewer multiply-adds than
 * {@link VectorGemm#PARALLEL_MIN_MACS} (so VectorGemm ran them on one thread too), such as the MNIST MLP's
 * {@code 128x128 @ 128x10} and {@code (128x128)^T @ 128x10}, which VectorGemm computes in a 32-column edge panel
 * of which 10 columns are valid, after packing A.
 *
 * <p><b>Same bits as the kernel it replaces.</b> Every element of C is the sum over {@code p} in increasing order,
 * starting from +0, of {@code op(A)(i, p) op(B)(p, j)}, accumulated either with a fused multiply-add per term
 * ({@link VectorGemm} for k up to its 256-deep slab, and {@link BlockedGemm}'s packed kernel) or with a rounded
 * product then a rounded add ({@code BlockedGemm.simple}, the unpacked loop it runs below
 * {@link BlockedGemm#BLOCKED_MIN_MACS} multiply-adds, or with fewer than 16 rows and columns). {@link #sgemm}
 * picks the one of these that the product would have had without this class (the routing of
 * {@link VectorKernels#sgemm} and {@link BlockedGemm#gemm}), so C has the same bits as before: which kernel runs
 * is invisible in the result. Each vector lane does one element's chain with lanewise IEEE {@code fma}, or
 * {@code mul} then {@code add}, which are Java's {@link Math#fma} and {@code *}, {@code +} exactly.
 *
 * <p><b>Loop.</b> The vectors run along the columns of C. op(B) is read in place when it is not transposed and
 * its rows are whole vectors, else copied once into a zero-padded row-major array; four rows of C are accumulated
 * at a time (four independent chains hide the fused multiply-add latency), each op(A) element broadcast. When C
 * has fewer columns than one vector and is small: if A is stored transposed with at least a vector of rows, C's
 * transpose {@code op(B)^T op(A)^T} is computed that way (A's stored rows are then the rows of the right operand,
 * read in place) into a scratch array and transposed back (each element's chain is the same: a product's factors
 * commute exactly); otherwise {@link #narrow} runs scalar chains, four rows at a time. A wide narrow product runs
 * {@link #narrowVector}: op(B)'s rows copied into a zero-padded array of one vector per row, eight rows of C at a
 * time (eight chains: two FMA pipes of 4 cycles' latency), each op(A) element broadcast from where it is stored,
 * and each row of C stored as a whole vector whose lanes past n land on the next rows of C, stored after it (the
 * last rows, whose vector would pass C's end, go through a scratch tile). Its register tile has a broadcast per
 * fused multiply-add (VectorGemm's has one per two), but no packing of A and no wasted panel. For A stored
 * transposed it measured faster than the C^T route ({@code (128x128)^T @ 128x10}, one thread, median of 7
 * windows: 6.6-6.8 us per call in three runs at 16:12-16:15 UTC, 7.9-8.6 us through the C^T route in two runs at
 * 16:16, 2026-12-03, load 1.3-2.5).
 *
 * <p><b>Dispatch.</b> Which products run here is decided in bits with one branch, and the kernel is picked from
 * {@link #KERNELS} by an index, not by branches (see {@link KernelHandles}): the MNIST MLP's narrow products,
 * new to a JVM whose earlier products were all small or all large, then make no compiled caller not entrant.
 *
 * <p><b>Measured</b> (2026-12-02, AMD EPYC Zen 5, AVX-512, one thread, best CPU time per call over 1 s windows
 * of 2000 calls, load 11-14; before: VectorGemm or BlockedGemm as routed): {@code 32x2 @ 2x16} 345 -> 88 ns,
 * {@code 32x16 @ 16x16} 850 -> 230, the same with B transposed 1170 -> 507, {@code (16x32)^T @ 32x16} 758 -> 191,
 * {@code 32x16 @ 16x1} 606 -> 160 (scalar, see {@link #narrow}), {@code (16x32)^T @ 32x1} 324 -> 58,
 * {@code (2x32)^T @ 32x16} 432 -> 60; together 5.2 -> 1.4 us of the tiny MLP's 15 us step. From about
 * {@code 32x32x32} on, VectorGemm's 8-row register tile is faster (32x32x32: 0.82-0.94 us against 1.08 us here,
 * hence {@link #MAX_MACS}).
 *
 * <p><b>Measured</b>, the wide narrow products (2026-12-03 16:16-16:23 UTC, 2-core Intel Xeon, AVX-512, shared
 * with other work, load 1.8-2.9; one thread, {@code Tensors.matmul} with its fresh output, median of 7 windows,
 * two alternated runs of each build; PyTorch 1.13 with OpenBLAS on one thread, same method, from the issue's
 * measurement): {@code 128x128 @ 128x10} 14.3-14.9 -> 8.3-8.5 us (PyTorch 5.4), {@code (128x128)^T @ 128x10}
 * 13.9-14.5 -> 7.1-8.2 us (PyTorch 4.3); the kernel alone (the provider called directly, 16:12-16:14, load 1.3-2.0)
 * 12.9-15.2 -> 6.4-7.5 and 12.0-15.0 -> 6.6-6.8 us. {@code 128x10 @ (128x10)^T} (k = 10, n = 128) stays in
 * VectorGemm: its kernel takes 4.5-5.3 us there against 6.4 us in {@link #product}; most of its 12.6-13.3 us
 * through {@code Tensors.matmul} is the fresh 128x128 output. The MNIST MLP step (MlpBench, simd, JMH -f 2 -wi 8
 * -i 3, base / this, alternated): one thread 1466 +- 61, 1484 +- 67 / 1434 +- 79, 1466 +- 96 us; two threads
 * 1425 +- 298, 1600 +- 273 / 1339 +- 92, 1555 +- 140 us: the 13 us saved per step are inside the noise.
 */
final class VectorSmallGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /**
     * S's vector class: every store takes its accumulator (a loop phi, whose exact class C2 does not know) through
     * {@code FVC.cast} (see {@link VectorKernels#FVC}).
     */
    private static final Class<FloatVector> FVC = VectorKernels.FVC;
    private static final int L = S.length();
    /** Products with more multiply-adds go to {@link VectorGemm} (which also splits them across threads). */
    static final long MAX_MACS = 1L << 14;
    /** Deeper products go to {@link VectorGemm}, whose slabs of 256 add their partial sums in another grouping. */
    static final int MAX_K = 256;

    private VectorSmallGemm() {
    }

    /**
     * Computes {@code C = op(A) op(B)} if the product is small enough, returning false (writing nothing) if not.
     * Only {@code c[co, co + m n)} is written.
     */
    static boolean sgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, float[] b, int bo,
                         float[] c, int co) {
        long macs = (long) m * n * k;
        // Which products run here, as bits (x >>> 31 or 63 is 1 for x < 0) and one branch, not a branch per reason
        // (see VectorKernels.sgemm): a size new to the JVM then takes no branch its compiled code has cut off.
        // Small ones (at most MAX_MACS multiply-adds), and wide narrow ones: fewer columns than a vector, at least
        // 16 rows (so VectorGemm was their kernel) and fewer multiply-adds than VectorGemm splits across threads.
        int nl = (n - L) >>> 31; // n < L
        int big = (int) ((MAX_MACS - macs) >>> 63); // macs > MAX_MACS
        int wide = nl & ((m - 16) >>> 31 ^ 1) & (int) ((macs - VectorGemm.PARALLEL_MIN_MACS) >>> 63);
        int empty = ((m - 1) | (n - 1) | (k - 1)) >>> 31;
        int ok = ((MAX_K - k) >>> 31 ^ 1) & (empty ^ 1) & (big ^ 1 | wide);
        if (ok == 0) {
            return false;
        }
        // the kernel this product had: VectorGemm (fused), else BlockedGemm's packed (fused) or unpacked loop
        // ((n >= 16 and macs >= GEMM_MIN_MACS) or (macs >= BLOCKED_MIN_MACS and (n >= 16 or m >= 16))), in bits
        int n16 = (15 - n) >>> 31, m16 = (15 - m) >>> 31;
        int fused = (n16 & (int) ((macs - VectorKernels.GEMM_MIN_MACS) >>> 63 ^ 1))
                | ((int) ((macs - BlockedGemm.BLOCKED_MIN_MACS) >>> 63 ^ 1) & (n16 | m16));
        // product (0); small and narrow: C^T (1) when A is stored transposed with a vector of rows, else scalar (2);
        // wide and narrow: narrowVector (3)
        int tam = (ta ? 1 : 0) & ((m - L) >>> 31 ^ 1);
        int kernel = nl * (big * 3 + (big ^ 1) * (2 - tam));
        try {
            KERNELS[kernel].invokeExact(ta, tb, m, n, k, a, ao, b, bo, c, co, fused != 0);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
        return true;
    }

    /**
     * The kernels {@link #sgemm} picks from by an index, not a branch (see {@link KernelHandles}): {@link #product},
     * {@link #transposed}, {@link #narrow}, {@link #narrowVector}.
     */
    private static final MethodHandle[] KERNELS;

    static {
        MethodType type = MethodType.methodType(void.class, boolean.class, boolean.class, int.class, int.class,
                int.class, float[].class, int.class, float[].class, int.class, float[].class, int.class,
                boolean.class);
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        KERNELS = new MethodHandle[] {
                KernelHandles.find(lookup, VectorSmallGemm.class, "product", type),
                KernelHandles.find(lookup, VectorSmallGemm.class, "transposed", type),
                KernelHandles.find(lookup, VectorSmallGemm.class, "narrow", type),
                KernelHandles.find(lookup, VectorSmallGemm.class, "narrowVector", type)};
    }

    /**
     * {@code C = op(A) op(B)} for fewer columns than a vector with A stored transposed ({@code op(A)^T} as stored)
     * and at least a vector of rows: {@code C^T = op(B)^T op(A)^T} by {@link #product}, the vectors along m over
     * A's stored rows, into a scratch array, then transposed into C.
     */
    private static void transposed(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, float[] b, int bo,
                                   float[] c, int co, boolean fused) {
        float[] ct = new float[n * m];
        product(!tb, !ta, n, m, k, b, bo, a, ao, ct, 0, fused);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                c[co + i * n + j] = ct[j * m + i];
            }
        }
    }

    /**
     * {@code C = op(A) op(B)} for fewer columns than a vector and more than {@link #MAX_MACS} multiply-adds (always
     * fused: such a product went to {@link VectorGemm}). op(B)'s k rows are copied into a zero-padded array of one
     * vector per row; eight rows of C at a time (eight independent chains: two FMA pipes of 4 cycles' latency),
     * each op(A) element broadcast. A row of C is stored as a whole vector, its lanes past n landing on the next
     * rows of C, which are stored later; only the last rows, whose vector would pass C's end, go through a scratch
     * row.
     */
    private static void narrowVector(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, float[] b,
                                     int bo, float[] c, int co, boolean fused) {
        float[] bp = new float[k * L];
        if (tb) {
            for (int j = 0; j < n; j++) {
                for (int p = 0, src = bo + j * k; p < k; p++) {
                    bp[p * L + j] = b[src + p];
                }
            }
        } else {
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bo + p * n, bp, p * L, n);
            }
        }
        // groups of 8 rows stored in C while the group's last vector ends within C: (i + 7) n + L <= m n
        int direct = Math.max(0, Math.min(m / 8, Math.floorDiv(Math.floorDiv(m * n - L, n) - 7, 8) + 1));
        int ars = ta ? 1 : k, aps = ta ? m : 1; // op(A)(i, p) = a[ao + i * ars + p * aps]
        int i = 0;
        try {
            MethodHandle rows = ROWS8[ta ? 1 : 0];
            for (int g = 0; g < direct; g++, i += 8) {
                rows.invokeExact(a, ao + i * ars, m, k, bp, c, co + i * n, n);
            }
            float[] edge = new float[8 * L];
            for (; i + 8 <= m; i += 8) { // the rest of the groups through a scratch tile
                rows.invokeExact(a, ao + i * ars, m, k, bp, edge, 0, L);
                for (int r = 0; r < 8; r++) {
                    System.arraycopy(edge, r * L, c, co + (i + r) * n, n);
                }
            }
            for (; i < m; i++) {
                FloatVector c0 = FloatVector.zero(S);
                for (int p = 0, bi = 0, ai = ao + i * ars; p < k; p++, bi += L, ai += aps) {
                    c0 = FloatVector.fromArray(S, bp, bi).fma(FloatVector.broadcast(S, a[ai]), c0);
                }
                FVC.cast(c0).intoArray(edge, 0);
                System.arraycopy(edge, 0, c, co + i * n, n);
            }
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /** {@link #rows8} and {@link #rows8Transposed}, indexed by whether A is stored transposed. */
    private static final MethodHandle[] ROWS8;

    static {
        MethodType type = MethodType.methodType(void.class, float[].class, int.class, int.class, int.class,
                float[].class, float[].class, int.class, int.class);
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        ROWS8 = new MethodHandle[] {
                KernelHandles.find(lookup, VectorSmallGemm.class, "rows8", type),
                KernelHandles.find(lookup, VectorSmallGemm.class, "rows8Transposed", type)};
    }

    /**
     * Eight rows of {@link #narrowVector}'s product, A as stored ({@code m x k}, row {@code r} of the group from
     * {@code a[ai + r k]}), stored in order at {@code t[at + r ts]} (lanes past n land on the next row's place,
     * stored after). Each row has its own base and p is the index, so C2 takes the bounds checks out of the loop.
     */
    private static void rows8(float[] a, int ai, int m, int k, float[] bp, float[] t, int at, int ts) {
        int a0 = ai, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, a4 = a3 + k, a5 = a4 + k, a6 = a5 + k, a7 = a6 + k;
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int p = 0; p < k; p++) {
            FloatVector x = FloatVector.fromArray(S, bp, p * L);
            c0 = x.fma(FloatVector.broadcast(S, a[a0 + p]), c0);
            c1 = x.fma(FloatVector.broadcast(S, a[a1 + p]), c1);
            c2 = x.fma(FloatVector.broadcast(S, a[a2 + p]), c2);
            c3 = x.fma(FloatVector.broadcast(S, a[a3 + p]), c3);
            c4 = x.fma(FloatVector.broadcast(S, a[a4 + p]), c4);
            c5 = x.fma(FloatVector.broadcast(S, a[a5 + p]), c5);
            c6 = x.fma(FloatVector.broadcast(S, a[a6 + p]), c6);
            c7 = x.fma(FloatVector.broadcast(S, a[a7 + p]), c7);
        }
        FVC.cast(c0).intoArray(t, at);
        FVC.cast(c1).intoArray(t, at + ts);
        FVC.cast(c2).intoArray(t, at + 2 * ts);
        FVC.cast(c3).intoArray(t, at + 3 * ts);
        FVC.cast(c4).intoArray(t, at + 4 * ts);
        FVC.cast(c5).intoArray(t, at + 5 * ts);
        FVC.cast(c6).intoArray(t, at + 6 * ts);
        FVC.cast(c7).intoArray(t, at + 7 * ts);
    }

    /**
     * {@link #rows8} with A stored transposed ({@code k x m}: the group's eight elements of step p are
     * {@code a[ai + p m .. + 7]}, adjacent, so their bounds checks merge).
     */
    private static void rows8Transposed(float[] a, int ai, int m, int k, float[] bp, float[] t, int at, int ts) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int p = 0, q = ai; p < k; p++, q += m) {
            FloatVector x = FloatVector.fromArray(S, bp, p * L);
            c0 = x.fma(FloatVector.broadcast(S, a[q]), c0);
            c1 = x.fma(FloatVector.broadcast(S, a[q + 1]), c1);
            c2 = x.fma(FloatVector.broadcast(S, a[q + 2]), c2);
            c3 = x.fma(FloatVector.broadcast(S, a[q + 3]), c3);
            c4 = x.fma(FloatVector.broadcast(S, a[q + 4]), c4);
            c5 = x.fma(FloatVector.broadcast(S, a[q + 5]), c5);
            c6 = x.fma(FloatVector.broadcast(S, a[q + 6]), c6);
            c7 = x.fma(FloatVector.broadcast(S, a[q + 7]), c7);
        }
        FVC.cast(c0).intoArray(t, at);
        FVC.cast(c1).intoArray(t, at + ts);
        FVC.cast(c2).intoArray(t, at + 2 * ts);
        FVC.cast(c3).intoArray(t, at + 3 * ts);
        FVC.cast(c4).intoArray(t, at + 4 * ts);
        FVC.cast(c5).intoArray(t, at + 5 * ts);
        FVC.cast(c6).intoArray(t, at + 6 * ts);
        FVC.cast(c7).intoArray(t, at + 7 * ts);
    }

    /**
     * {@code C = op(A) op(B)} for fewer columns than a vector, in scalar code: four rows at a time, so that four
     * independent chains hide the fused multiply-add latency ({@code 32x16 @ 16x1}: 0.15 us, where packing
     * {@code op(A)^T} for the transposed vector loop took 0.55 us).
     */
    private static void narrow(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, float[] b, int bo,
                               float[] c, int co, boolean fused) {
        int ars = ta ? 1 : k, aps = ta ? m : 1; // op(A)(i, p) = a[ao + i * ars + p * aps]
        int bjs = tb ? k : 1, bps = tb ? 1 : n; // op(B)(p, j) = b[bo + p * bps + j * bjs]
        for (int j = 0; j < n; j++) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                int ai = ao + i * ars, bi = bo + j * bjs;
                if (fused) {
                    for (int p = 0; p < k; p++, ai += aps, bi += bps) {
                        float x = b[bi];
                        s0 = Math.fma(a[ai], x, s0);
                        s1 = Math.fma(a[ai + ars], x, s1);
                        s2 = Math.fma(a[ai + 2 * ars], x, s2);
                        s3 = Math.fma(a[ai + 3 * ars], x, s3);
                    }
                } else {
                    for (int p = 0; p < k; p++, ai += aps, bi += bps) {
                        float x = b[bi];
                        s0 += a[ai] * x;
                        s1 += a[ai + ars] * x;
                        s2 += a[ai + 2 * ars] * x;
                        s3 += a[ai + 3 * ars] * x;
                    }
                }
                int ci = co + i * n + j;
                c[ci] = s0;
                c[ci + n] = s1;
                c[ci + 2 * n] = s2;
                c[ci + 3 * n] = s3;
            }
            for (; i < m; i++) {
                float s = 0f;
                int ai = ao + i * ars, bi = bo + j * bjs;
                if (fused) {
                    for (int p = 0; p < k; p++, ai += aps, bi += bps) {
                        s = Math.fma(a[ai], b[bi], s);
                    }
                } else {
                    for (int p = 0; p < k; p++, ai += aps, bi += bps) {
                        s += a[ai] * b[bi];
                    }
                }
                c[co + i * n + j] = s;
            }
        }
    }

    /** {@code C = op(A) op(B)}, the vectors along C's rows. */
    private static void product(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, float[] b, int bo,
                                float[] c, int co, boolean fused) {
        int vecs = (n + L - 1) / L;
        int w = vecs * L; // row length of the packed op(B)
        float[] bp;
        int base;
        if (!tb && n % L == 0) {
            bp = b;
            base = bo;
        } else {
            bp = new float[k * w];
            base = 0;
            if (tb) {
                for (int p = 0; p < k; p++) {
                    int dst = p * w;
                    for (int j = 0, src = bo + p; j < n; j++, src += k) {
                        bp[dst + j] = b[src];
                    }
                }
            } else {
                for (int p = 0; p < k; p++) {
                    System.arraycopy(b, bo + p * n, bp, p * w, n);
                }
            }
        }
        // op(A)(i, p) = a[ao + i * ars + p * aps]
        int ars = ta ? 1 : k;
        int aps = ta ? m : 1;
        boolean whole = n % L == 0;
        float[] edge = whole ? null : new float[4 * L];
        for (int v = 0; v < vecs; v++) {
            int col = v * L;
            boolean full = whole || col + L <= n;
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                int a0 = ao + i * ars;
                FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
                if (fused) {
                    for (int p = 0, bi = base + col, ai = a0; p < k; p++, bi += w, ai += aps) {
                        FloatVector x = FloatVector.fromArray(S, bp, bi);
                        c0 = x.fma(FloatVector.broadcast(S, a[ai]), c0);
                        c1 = x.fma(FloatVector.broadcast(S, a[ai + ars]), c1);
                        c2 = x.fma(FloatVector.broadcast(S, a[ai + 2 * ars]), c2);
                        c3 = x.fma(FloatVector.broadcast(S, a[ai + 3 * ars]), c3);
                    }
                } else {
                    for (int p = 0, bi = base + col, ai = a0; p < k; p++, bi += w, ai += aps) {
                        FloatVector x = FloatVector.fromArray(S, bp, bi);
                        c0 = c0.add(x.mul(a[ai]));
                        c1 = c1.add(x.mul(a[ai + ars]));
                        c2 = c2.add(x.mul(a[ai + 2 * ars]));
                        c3 = c3.add(x.mul(a[ai + 3 * ars]));
                    }
                }
                int ci = co + i * n + col;
                if (full) {
                    FVC.cast(c0).intoArray(c, ci);
                    FVC.cast(c1).intoArray(c, ci + n);
                    FVC.cast(c2).intoArray(c, ci + 2 * n);
                    FVC.cast(c3).intoArray(c, ci + 3 * n);
                } else {
                    int valid = n - col;
                    FVC.cast(c0).intoArray(edge, 0);
                    FVC.cast(c1).intoArray(edge, L);
                    FVC.cast(c2).intoArray(edge, 2 * L);
                    FVC.cast(c3).intoArray(edge, 3 * L);
                    for (int r = 0; r < 4; r++) {
                        System.arraycopy(edge, r * L, c, ci + r * n, valid);
                    }
                }
            }
            for (; i < m; i++) {
                FloatVector c0 = FloatVector.zero(S);
                if (fused) {
                    for (int p = 0, bi = base + col, ai = ao + i * ars; p < k; p++, bi += w, ai += aps) {
                        c0 = FloatVector.fromArray(S, bp, bi).fma(FloatVector.broadcast(S, a[ai]), c0);
                    }
                } else {
                    for (int p = 0, bi = base + col, ai = ao + i * ars; p < k; p++, bi += w, ai += aps) {
                        c0 = c0.add(FloatVector.fromArray(S, bp, bi).mul(a[ai]));
                    }
                }
                int ci = co + i * n + col;
                if (full) {
                    FVC.cast(c0).intoArray(c, ci);
                } else {
                    FVC.cast(c0).intoArray(edge, 0);
                    System.arraycopy(edge, 0, c, ci, n - col);
                }
            }
        }
    }
}
