package io.gradtape.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Small float32 matrix products {@code C = op(A) op(B)} (at most {@link #MAX_MACS} multiply-adds, {@code k} at
 * most {@link #MAX_K}) with the Vector API and no packing of A, no per-thread scratch and no tiling: the products
 * of a tiny network (a 2-16-16-1 MLP on a batch of 32: {@code 32x2 @ 2x16}, {@code 32x16 @ 16x16},
 * {@code 32x16 @ 16x1} and their gradients), where {@link VectorGemm}'s packing and edge tiles and
 * {@link BlockedGemm}'s per-thread work arrays cost more than the arithmetic.
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
 * has fewer columns than one vector: if A is stored transposed with at least a vector of rows, C's transpose
 * {@code op(B)^T op(A)^T} is computed that way (A's stored rows are then the rows of the right operand, read in
 * place) into a scratch array and transposed back (each element's chain is the same: a product's factors commute
 * exactly); otherwise {@link #narrow} runs scalar chains, four rows at a time.
 *
 * <p><b>Measured</b> (2026-12-02, AMD EPYC Zen 5, AVX-512, one thread, best CPU time per call over 1 s windows
 * of 2000 calls, load 11-14; before: VectorGemm or BlockedGemm as routed): {@code 32x2 @ 2x16} 345 -> 88 ns,
 * {@code 32x16 @ 16x16} 850 -> 230, the same with B transposed 1170 -> 507, {@code (16x32)^T @ 32x16} 758 -> 191,
 * {@code 32x16 @ 16x1} 606 -> 160 (scalar, see {@link #narrow}), {@code (16x32)^T @ 32x1} 324 -> 58,
 * {@code (2x32)^T @ 32x16} 432 -> 60; together 5.2 -> 1.4 us of the tiny MLP's 15 us step. From about
 * {@code 32x32x32} on, VectorGemm's 8-row register tile is faster (32x32x32: 0.82-0.94 us against 1.08 us here,
 * hence {@link #MAX_MACS}).
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
        if (k > MAX_K || macs > MAX_MACS || m == 0 || n == 0 || k == 0) {
            return false;
        }
        // the kernel this product had: VectorGemm (fused), else BlockedGemm's packed (fused) or unpacked loop
        boolean fused = (n >= VectorKernels.GEMM_MIN_COLUMNS && macs >= VectorKernels.GEMM_MIN_MACS)
                || (macs >= BlockedGemm.BLOCKED_MIN_MACS && (n >= 16 || m >= 16));
        if (n < L && !(ta && m >= L)) {
            narrow(ta, tb, m, n, k, a, ao, b, bo, c, co, fused);
        } else if (n < L) {
            // C^T = op(B)^T op(A)^T: the vectors run along m, over A's stored rows (op(A)^T = A as stored)
            float[] ct = new float[n * m];
            product(!tb, !ta, n, m, k, b, bo, a, ao, ct, 0, fused);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    c[co + i * n + j] = ct[j * m + i];
                }
            }
        } else {
            product(ta, tb, m, n, k, a, ao, b, bo, c, co, fused);
        }
        return true;
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
