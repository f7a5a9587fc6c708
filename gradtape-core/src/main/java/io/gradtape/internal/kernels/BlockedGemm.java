package io.gradtape.internal.kernels;

/**
 * The pure-Java matrix product {@code C = op(A) op(B)} for float32 and float64, register- and cache-blocked so
 * that HotSpot's C2 compiles its inner loop to packed FMA instructions.
 *
 * <p><b>Layout.</b> All matrices are row-major inside flat arrays at an offset. {@code op(A)} is {@code m x k}:
 * either {@code A} itself ({@code m x k}) or, when {@code ta}, the transpose of an {@code k x m} array; the same
 * for {@code op(B)}, {@code k x n}. Transposed operands are never materialized: A is read one scalar at a time
 * (at either stride), and B is transposed while it is packed.
 *
 * <p><b>Blocking.</b> The output is cut into column blocks of {@code NB} columns and, only when that gives too
 * few tasks for the threads, into row tiles (see {@link #rowTiles}); each tile is one task for {@link Parallel}.
 * A tile packs its column block of {@code op(B)} once (whole, up to {@link #K_WHOLE} deep) and walks its rows in
 * blocks of {@link #ROWS}, so the block of C being accumulated stays in L2 across the slabs of k. Inside a tile, for each slab of {@code KB}
 * rows of {@code op(B)}, that {@code KB x NB} block is packed into {@code KB} separate row arrays (it fits in
 * L2), and each group of four rows of C is accumulated in four row arrays (they fit in L1) by the micro-kernel
 * {@code c_r[j] = fma(a_r1, b_1[j], fma(a_r0, b_0[j], c_r[j]))} for r = 0..3: two packed rows of B are loaded
 * once per four rows of C, eight FMAs per two loads.
 *
 * <p><b>Why separate row arrays.</b> On JDK 17, C2's SuperWord vectorizes a loop only when it can prove that
 * the stores do not overlap the loads of the next iterations; for accesses of one array type at different
 * offsets ({@code c[co + j]} and {@code b[bo + j]}) it cannot, and the loop stays scalar (about 10x slower).
 * When every access is {@code x[j]} with the same {@code j}, the accesses either are to different arrays or to
 * the same element, and the loop vectorizes. A product with fewer than 16 columns (8 for float64) is computed
 * transposed, {@code C^T = op(B)^T op(A)^T}, so that the vector loop runs along the long side. Larger micro-kernels (4x4, 2x4 with FMA) exceed the loop size up to
 * which C2 unrolls and vectorizes, and fall back to scalar code; 4x2 was the fastest measured variant.
 *
 * <p><b>Numbers.</b> Each element is accumulated over {@code p} in order with fused multiply-adds, so results
 * can differ from a naive loop in the last bits (they are at least as accurate).
 */
public final class BlockedGemm {
    /** float32: columns per packed block (2 KiB rows) and rows of B per block (256 KiB: fits L2). */
    static final int NB_F = 512;
    static final int KB_F = 128;
    /** float64: the same byte sizes. */
    static final int NB_D = 256;
    static final int KB_D = 128;

    /** Below this many multiply-adds the product runs on one thread. */
    public static final long PARALLEL_MIN_MACS = 1L << 18;
    /**
     * Below this many multiply-adds (or with fewer than 16 rows and columns) the unpacked loop runs: packing
     * wins from about 16 x 16 x 2 on (measured: 32x16x16 takes 1.5 us packed, 6.1 us unpacked).
     */
    public static final long BLOCKED_MIN_MACS = Long.getLong("gradtape.gemm.blockedMinMacs", 512);

    private static final ThreadLocal<WorkF> WORK_F = ThreadLocal.withInitial(WorkF::new);
    private static final ThreadLocal<WorkD> WORK_D = ThreadLocal.withInitial(WorkD::new);

    private BlockedGemm() {
    }

    /** Packed rows of B for up to this depth are kept whole (4 MiB per thread); deeper products repack. */
    static final int K_WHOLE = 2048;
    /** Rows of C per block inside a tile: 128 x 512 floats (256 KiB) stay in L2 across all slabs of k. */
    static final int ROWS = 128;

    private static final class WorkF {
        float[][] b = new float[KB_F][NB_F];
        final float[][] c = new float[4][NB_F];

        float[][] rows(int k) {
            if (b.length < k) {
                float[][] r = java.util.Arrays.copyOf(b, k);
                for (int i = b.length; i < k; i++) {
                    r[i] = new float[NB_F];
                }
                b = r;
            }
            return b;
        }
    }

    private static final class WorkD {
        double[][] b = new double[KB_D][NB_D];
        final double[][] c = new double[4][NB_D];

        double[][] rows(int k) {
            if (b.length < k) {
                double[][] r = java.util.Arrays.copyOf(b, k);
                for (int i = b.length; i < k; i++) {
                    r[i] = new double[NB_D];
                }
                b = r;
            }
            return b;
        }
    }

    /**
     * Into how many row tiles to cut each product: one (B is packed once per column block) unless the column
     * blocks and batch elements give too few tasks to keep every thread busy; then enough for about four tasks
     * per thread, so that a core slowed by other work hands tiles to the other.
     */
    static int rowTiles(int m, int otherTasks, boolean parallel) {
        if (!parallel) {
            return 1;
        }
        int want = 4 * Parallel.threads();
        int tiles = (want + otherTasks - 1) / otherTasks;
        return Math.max(1, Math.min(tiles, (m + 31) / 32));
    }

    /** One product of a batch: where its operands and result start. */
    public interface Batch {
        /** Offset of batch element {@code t}'s A, B or C ({@code which} 0, 1, 2). */
        int offset(int t, int which);
    }

    // ------------------------------------------------------------------------------------------------ float32

    /**
     * {@code C_t = op(A_t) op(B_t)} for every {@code t < batches}, overwriting C. Work is split across threads
     * when large enough.
     */
    public static void gemm(float[] a, boolean ta, float[] b, boolean tb, float[] c, int m, int k, int n,
                            int batches, Batch at) {
        if (m == 0 || n == 0 || batches == 0) {
            return;
        }
        if (k == 0) {
            for (int t = 0; t < batches; t++) {
                java.util.Arrays.fill(c, at.offset(t, 2), at.offset(t, 2) + m * n, 0f);
            }
            return;
        }
        long macs = (long) m * n * k;
        if (n < 16 && m >= 16 && macs >= BLOCKED_MIN_MACS) {
            // few columns: C^T = op(B)^T op(A)^T has m columns for the vector loop; transpose it back
            float[] ct = new float[batches * n * m];
            gemm(b, !tb, a, !ta, ct, n, k, m, batches, (t, which) -> which == 0 ? at.offset(t, 1)
                    : which == 1 ? at.offset(t, 0) : t * n * m);
            for (int t = 0; t < batches; t++) {
                int co = at.offset(t, 2), to = t * n * m;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        c[co + i * n + j] = ct[to + j * m + i];
                    }
                }
            }
            return;
        }
        boolean blocked = n >= 16 && macs >= BLOCKED_MIN_MACS;
        boolean parallel = macs * batches >= PARALLEL_MIN_MACS && Parallel.threads() > 1;
        int colTiles = blocked ? (n + NB_F - 1) / NB_F : 1;
        int rowTiles = blocked ? rowTiles(m, batches * colTiles, parallel) : 1;
        int mc = blocked ? ((m + rowTiles - 1) / rowTiles + 3) & ~3 : m;
        int perBatch = rowTiles * colTiles;
        int tasks = batches * perBatch;
        Parallel.Task task = t -> {
            int bt = t / perBatch;
            int tile = t % perBatch;
            int ao = at.offset(bt, 0), bo = at.offset(bt, 1), co = at.offset(bt, 2);
            if (!blocked) {
                simple(a, ao, ta, b, bo, tb, c, co, m, k, n);
            } else {
                int i0 = (tile / colTiles) * mc;
                int j0 = (tile % colTiles) * NB_F;
                if (i0 < m) {
                    tile(a, ao, ta, b, bo, tb, c, co, m, k, n, i0, Math.min(m, i0 + mc), j0, Math.min(n, j0 + NB_F));
                }
            }
        };
        if (parallel) {
            Parallel.forEach(tasks, task);
        } else {
            for (int t = 0; t < tasks; t++) {
                task.run(t);
            }
        }
    }

    /** The unpacked loop for small products: {@code C = op(A) op(B)}. */
    static void simple(float[] a, int ao, boolean ta, float[] b, int bo, boolean tb, float[] c, int co,
                       int m, int k, int n) {
        java.util.Arrays.fill(c, co, co + m * n, 0f);
        for (int i = 0; i < m; i++) {
            int ci = co + i * n;
            for (int p = 0; p < k; p++) {
                float aip = ta ? a[ao + p * m + i] : a[ao + i * k + p];
                if (tb) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bo + j * k + p];
                    }
                } else {
                    int bp = bo + p * n;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        }
    }

    /** Rows {@code [i0, i1)} and columns {@code [j0, j1)} of {@code C = op(A) op(B)}. */
    static void tile(float[] a, int ao, boolean ta, float[] b, int bo, boolean tb, float[] c, int co,
                     int m, int k, int n, int i0, int i1, int j0, int j1) {
        WorkF w = WORK_F.get();
        boolean whole = k <= K_WHOLE;
        float[][] bp = whole ? w.rows(k) : w.b;
        float[] c0 = w.c[0], c1 = w.c[1], c2 = w.c[2], c3 = w.c[3];
        int nb = j1 - j0;
        // A(i, p) = a[ao + i * ars + p * aps]
        int ars = ta ? 1 : k;
        int aps = ta ? m : 1;
        if (whole) {
            packB(b, bo, tb, k, n, 0, k, j0, nb, bp); // all of op(B)'s column block, once
        }
        for (int ib = i0; ib < i1; ib += ROWS) {
            int ie = Math.min(i1, ib + ROWS);
            for (int pb = 0; pb < k; pb += KB_F) {
                int kb = Math.min(KB_F, k - pb);
                if (!whole) {
                    packB(b, bo, tb, k, n, pb, kb, j0, nb, bp);
                }
                int r0 = whole ? pb : 0; // row of bp holding op(B) row pb
                boolean first = pb == 0;
                int i = ib;
                for (; i + 4 <= ie; i += 4) {
                    load(c, co + i * n + j0, c0, nb, first);
                    load(c, co + (i + 1) * n + j0, c1, nb, first);
                    load(c, co + (i + 2) * n + j0, c2, nb, first);
                    load(c, co + (i + 3) * n + j0, c3, nb, first);
                    int a0 = ao + i * ars + pb * aps;
                    int a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
                    int p = 0;
                    for (; p + 2 <= kb; p += 2) {
                        int q = p * aps;
                        int q1 = q + aps;
                        kernel4x2(c0, c1, c2, c3, bp[r0 + p], bp[r0 + p + 1],
                                a[a0 + q], a[a0 + q1], a[a1 + q], a[a1 + q1],
                                a[a2 + q], a[a2 + q1], a[a3 + q], a[a3 + q1], nb);
                    }
                    if (p < kb) {
                        int q = p * aps;
                        kernel4x1(c0, c1, c2, c3, bp[r0 + p], a[a0 + q], a[a1 + q], a[a2 + q], a[a3 + q], nb);
                    }
                    System.arraycopy(c0, 0, c, co + i * n + j0, nb);
                    System.arraycopy(c1, 0, c, co + (i + 1) * n + j0, nb);
                    System.arraycopy(c2, 0, c, co + (i + 2) * n + j0, nb);
                    System.arraycopy(c3, 0, c, co + (i + 3) * n + j0, nb);
                }
                for (; i < ie; i++) {
                    load(c, co + i * n + j0, c0, nb, first);
                    int a0 = ao + i * ars + pb * aps;
                    for (int p = 0; p < kb; p++) {
                        kernel1x1(c0, bp[r0 + p], a[a0 + p * aps], nb);
                    }
                    System.arraycopy(c0, 0, c, co + i * n + j0, nb);
                }
            }
        }
    }

    private static void load(float[] c, int from, float[] row, int nb, boolean zero) {
        if (zero) {
            java.util.Arrays.fill(row, 0, nb, 0f);
        } else {
            System.arraycopy(c, from, row, 0, nb);
        }
    }

    /** {@code bp[p][j] = op(B)(pb + p, j0 + j)} for {@code p < kb, j < nb}. */
    private static void packB(float[] b, int bo, boolean tb, int k, int n, int pb, int kb, int j0, int nb,
                              float[][] bp) {
        if (!tb) {
            for (int p = 0; p < kb; p++) {
                System.arraycopy(b, bo + (pb + p) * n + j0, bp[p], 0, nb);
            }
            return;
        }
        // op(B)(p, j) = b[bo + j * k + p]: walk B's rows (contiguous in p) and scatter into the packed rows
        // 8 packed rows at a time: each stored B row yields one 8-element run, 8 store streams
        for (int p0 = 0; p0 < kb; p0 += 8) {
            int pe = Math.min(kb, p0 + 8);
            for (int j = 0; j < nb; j++) {
                int src = bo + (j0 + j) * k + pb;
                for (int p = p0; p < pe; p++) {
                    bp[p][j] = b[src + p];
                }
            }
        }
    }

    private static void kernel4x2(float[] c0, float[] c1, float[] c2, float[] c3, float[] b0, float[] b1,
                                  float a00, float a01, float a10, float a11, float a20, float a21,
                                  float a30, float a31, int nb) {
        for (int j = 0; j < nb; j++) {
            float x0 = b0[j];
            float x1 = b1[j];
            c0[j] = Math.fma(a01, x1, Math.fma(a00, x0, c0[j]));
            c1[j] = Math.fma(a11, x1, Math.fma(a10, x0, c1[j]));
            c2[j] = Math.fma(a21, x1, Math.fma(a20, x0, c2[j]));
            c3[j] = Math.fma(a31, x1, Math.fma(a30, x0, c3[j]));
        }
    }

    private static void kernel4x1(float[] c0, float[] c1, float[] c2, float[] c3, float[] b0,
                                  float a0, float a1, float a2, float a3, int nb) {
        for (int j = 0; j < nb; j++) {
            float x0 = b0[j];
            c0[j] = Math.fma(a0, x0, c0[j]);
            c1[j] = Math.fma(a1, x0, c1[j]);
            c2[j] = Math.fma(a2, x0, c2[j]);
            c3[j] = Math.fma(a3, x0, c3[j]);
        }
    }

    private static void kernel1x1(float[] c0, float[] b0, float a0, int nb) {
        for (int j = 0; j < nb; j++) {
            c0[j] = Math.fma(a0, b0[j], c0[j]);
        }
    }

    // ------------------------------------------------------------------------------------------------ float64

    /** The float64 twin of {@link #gemm(float[], boolean, float[], boolean, float[], int, int, int, int, Batch)}. */
    public static void gemm(double[] a, boolean ta, double[] b, boolean tb, double[] c, int m, int k, int n,
                            int batches, Batch at) {
        if (m == 0 || n == 0 || batches == 0) {
            return;
        }
        if (k == 0) {
            for (int t = 0; t < batches; t++) {
                java.util.Arrays.fill(c, at.offset(t, 2), at.offset(t, 2) + m * n, 0d);
            }
            return;
        }
        long macs = (long) m * n * k;
        if (n < 8 && m >= 8 && macs >= BLOCKED_MIN_MACS) {
            // few columns: C^T = op(B)^T op(A)^T has m columns for the vector loop; transpose it back
            double[] ct = new double[batches * n * m];
            gemm(b, !tb, a, !ta, ct, n, k, m, batches, (t, which) -> which == 0 ? at.offset(t, 1)
                    : which == 1 ? at.offset(t, 0) : t * n * m);
            for (int t = 0; t < batches; t++) {
                int co = at.offset(t, 2), to = t * n * m;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        c[co + i * n + j] = ct[to + j * m + i];
                    }
                }
            }
            return;
        }
        boolean blocked = n >= 8 && macs >= BLOCKED_MIN_MACS;
        boolean parallel = macs * batches >= PARALLEL_MIN_MACS && Parallel.threads() > 1;
        int colTiles = blocked ? (n + NB_D - 1) / NB_D : 1;
        int rowTiles = blocked ? rowTiles(m, batches * colTiles, parallel) : 1;
        int mc = blocked ? ((m + rowTiles - 1) / rowTiles + 3) & ~3 : m;
        int perBatch = rowTiles * colTiles;
        int tasks = batches * perBatch;
        Parallel.Task task = t -> {
            int bt = t / perBatch;
            int tile = t % perBatch;
            int ao = at.offset(bt, 0), bo = at.offset(bt, 1), co = at.offset(bt, 2);
            if (!blocked) {
                simple(a, ao, ta, b, bo, tb, c, co, m, k, n);
            } else {
                int i0 = (tile / colTiles) * mc;
                int j0 = (tile % colTiles) * NB_D;
                if (i0 < m) {
                    tile(a, ao, ta, b, bo, tb, c, co, m, k, n, i0, Math.min(m, i0 + mc), j0, Math.min(n, j0 + NB_D));
                }
            }
        };
        if (parallel) {
            Parallel.forEach(tasks, task);
        } else {
            for (int t = 0; t < tasks; t++) {
                task.run(t);
            }
        }
    }

    static void simple(double[] a, int ao, boolean ta, double[] b, int bo, boolean tb, double[] c, int co,
                       int m, int k, int n) {
        java.util.Arrays.fill(c, co, co + m * n, 0d);
        for (int i = 0; i < m; i++) {
            int ci = co + i * n;
            for (int p = 0; p < k; p++) {
                double aip = ta ? a[ao + p * m + i] : a[ao + i * k + p];
                if (tb) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bo + j * k + p];
                    }
                } else {
                    int bp = bo + p * n;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        }
    }

    static void tile(double[] a, int ao, boolean ta, double[] b, int bo, boolean tb, double[] c, int co,
                     int m, int k, int n, int i0, int i1, int j0, int j1) {
        WorkD w = WORK_D.get();
        boolean whole = k <= K_WHOLE;
        double[][] bp = whole ? w.rows(k) : w.b;
        double[] c0 = w.c[0], c1 = w.c[1], c2 = w.c[2], c3 = w.c[3];
        int nb = j1 - j0;
        int ars = ta ? 1 : k;
        int aps = ta ? m : 1;
        if (whole) {
            packB(b, bo, tb, k, n, 0, k, j0, nb, bp); // all of op(B)'s column block, once
        }
        for (int ib = i0; ib < i1; ib += ROWS) {
            int ie = Math.min(i1, ib + ROWS);
            for (int pb = 0; pb < k; pb += KB_D) {
                int kb = Math.min(KB_D, k - pb);
                if (!whole) {
                    packB(b, bo, tb, k, n, pb, kb, j0, nb, bp);
                }
                int r0 = whole ? pb : 0; // row of bp holding op(B) row pb
                boolean first = pb == 0;
                int i = ib;
                for (; i + 4 <= ie; i += 4) {
                    load(c, co + i * n + j0, c0, nb, first);
                    load(c, co + (i + 1) * n + j0, c1, nb, first);
                    load(c, co + (i + 2) * n + j0, c2, nb, first);
                    load(c, co + (i + 3) * n + j0, c3, nb, first);
                    int a0 = ao + i * ars + pb * aps;
                    int a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
                    int p = 0;
                    for (; p + 2 <= kb; p += 2) {
                        int q = p * aps;
                        int q1 = q + aps;
                        kernel4x2(c0, c1, c2, c3, bp[r0 + p], bp[r0 + p + 1],
                                a[a0 + q], a[a0 + q1], a[a1 + q], a[a1 + q1],
                                a[a2 + q], a[a2 + q1], a[a3 + q], a[a3 + q1], nb);
                    }
                    if (p < kb) {
                        int q = p * aps;
                        kernel4x1(c0, c1, c2, c3, bp[r0 + p], a[a0 + q], a[a1 + q], a[a2 + q], a[a3 + q], nb);
                    }
                    System.arraycopy(c0, 0, c, co + i * n + j0, nb);
                    System.arraycopy(c1, 0, c, co + (i + 1) * n + j0, nb);
                    System.arraycopy(c2, 0, c, co + (i + 2) * n + j0, nb);
                    System.arraycopy(c3, 0, c, co + (i + 3) * n + j0, nb);
                }
                for (; i < ie; i++) {
                    load(c, co + i * n + j0, c0, nb, first);
                    int a0 = ao + i * ars + pb * aps;
                    for (int p = 0; p < kb; p++) {
                        kernel1x1(c0, bp[r0 + p], a[a0 + p * aps], nb);
                    }
                    System.arraycopy(c0, 0, c, co + i * n + j0, nb);
                }
            }
        }
    }

    private static void load(double[] c, int from, double[] row, int nb, boolean zero) {
        if (zero) {
            java.util.Arrays.fill(row, 0, nb, 0d);
        } else {
            System.arraycopy(c, from, row, 0, nb);
        }
    }

    private static void packB(double[] b, int bo, boolean tb, int k, int n, int pb, int kb, int j0, int nb,
                              double[][] bp) {
        if (!tb) {
            for (int p = 0; p < kb; p++) {
                System.arraycopy(b, bo + (pb + p) * n + j0, bp[p], 0, nb);
            }
            return;
        }
        // 8 packed rows at a time: each stored B row yields one 8-element run, 8 store streams
        for (int p0 = 0; p0 < kb; p0 += 8) {
            int pe = Math.min(kb, p0 + 8);
            for (int j = 0; j < nb; j++) {
                int src = bo + (j0 + j) * k + pb;
                for (int p = p0; p < pe; p++) {
                    bp[p][j] = b[src + p];
                }
            }
        }
    }

    private static void kernel4x2(double[] c0, double[] c1, double[] c2, double[] c3, double[] b0, double[] b1,
                                  double a00, double a01, double a10, double a11, double a20, double a21,
                                  double a30, double a31, int nb) {
        for (int j = 0; j < nb; j++) {
            double x0 = b0[j];
            double x1 = b1[j];
            c0[j] = Math.fma(a01, x1, Math.fma(a00, x0, c0[j]));
            c1[j] = Math.fma(a11, x1, Math.fma(a10, x0, c1[j]));
            c2[j] = Math.fma(a21, x1, Math.fma(a20, x0, c2[j]));
            c3[j] = Math.fma(a31, x1, Math.fma(a30, x0, c3[j]));
        }
    }

    private static void kernel4x1(double[] c0, double[] c1, double[] c2, double[] c3, double[] b0,
                                  double a0, double a1, double a2, double a3, int nb) {
        for (int j = 0; j < nb; j++) {
            double x0 = b0[j];
            c0[j] = Math.fma(a0, x0, c0[j]);
            c1[j] = Math.fma(a1, x0, c1[j]);
            c2[j] = Math.fma(a2, x0, c2[j]);
            c3[j] = Math.fma(a3, x0, c3[j]);
        }
    }

    private static void kernel1x1(double[] c0, double[] b0, double a0, int nb) {
        for (int j = 0; j < nb; j++) {
            c0[j] = Math.fma(a0, b0[j], c0[j]);
        }
    }
}
