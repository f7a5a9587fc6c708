package io.gradtape.internal.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C = op(A) op(B)} in float64: {@link VectorGemm}'s algorithm (packing, 6 x 2-vector register tile,
 * blocking, tasks) with {@code DoubleVector}, generated from it by replacing the element type; a vector holds half
 * as many lanes, so the tile is 6 x 16 doubles with AVX-512 and 6 x 8 with AVX2. Agrees with {@link BlockedGemm} to
 * rounding (slabs after the first are added to C).
 */
final class VectorDgemm {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int NR = 2 * L;
    static final int MR = 6;
    static final int KB = 256;
    static final int NB = 512;
    static final long PARALLEL_MIN_MACS = 1L << 18;

    private static final ThreadLocal<double[]> PACK = ThreadLocal.withInitial(() -> new double[KB * (NB + NR)]);
    private static final ThreadLocal<double[]> A_PACK = ThreadLocal.withInitial(() -> new double[0]);

    private VectorDgemm() {
    }

    static void dgemm(boolean ta, boolean tb, int m, int n, int k, double[] a, int ao, double[] b, int bo,
                      double[] c, int co) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, co, co + m * n, 0d);
            return;
        }
        long macs = (long) m * n * k;
        boolean parallel = macs >= PARALLEL_MIN_MACS && Parallel.threads() > 1;
        int colBlocks = (n + NB - 1) / NB;
        int rowTiles = 1;
        if (parallel && colBlocks < 2 * Parallel.threads()) {
            int want = (2 * Parallel.threads() + colBlocks - 1) / colBlocks; // 4x measured slower: B repacked
            rowTiles = Math.max(1, Math.min(want, (m + 4 * MR - 1) / (4 * MR)));
        }
        int mc = ((m + rowTiles - 1) / rowTiles + MR - 1) / MR * MR;
        int tasks = rowTiles * colBlocks;
        Parallel.Task task = t -> {
            int i0 = (t / colBlocks) * mc;
            int j0 = (t % colBlocks) * NB;
            if (i0 < m) {
                tile(ta, tb, m, n, k, a, ao, b, bo, c, co, i0, Math.min(m, i0 + mc), j0, Math.min(n, j0 + NB));
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

    private static void tile(boolean ta, boolean tb, int m, int n, int k, double[] a, int ao, double[] b, int bo,
                             double[] c, int co, int i0, int i1, int j0, int j1) {
        double[] bp = PACK.get();
        double[] t = TILE.get();
        int groups = (i1 - i0 + MR - 1) / MR;
        double[] ap = A_PACK.get();
        if (ap.length < groups * MR * KB) {
            ap = new double[groups * MR * KB];
            A_PACK.set(ap);
        }
        int nb = j1 - j0;
        for (int pb = 0; pb < k; pb += KB) {
            int kb = Math.min(KB, k - pb);
            pack(tb, n, k, b, bo, pb, kb, j0, nb, bp);
            packA(ta, m, k, a, ao, pb, kb, i0, i1, ap);
            boolean acc = pb > 0;
            for (int jp = 0; jp < nb; jp += NR) {
                int base = (jp / NR) * kb * NR;
                int valid = Math.min(NR, nb - jp);
                for (int g = 0; g < groups; g++) {
                    int i = i0 + g * MR;
                    int rows = Math.min(MR, i1 - i);
                    boolean direct = rows == MR && valid == NR;
                    micro6(ap, g * kb * MR, bp, base, kb, t, c, co + i * n + j0 + jp, n, direct, acc);
                    if (!direct) {
                        for (int r = 0; r < rows; r++) {
                            merge(c, co + (i + r) * n + j0 + jp, t, r * NR, valid, acc);
                        }
                    }
                }
            }
        }
    }

    /**
     * Rows {@code [i0, i1)} of {@code op(A)}, columns {@code [pb, pb + kb)}, in groups of MR rows, p-major:
     * {@code ap[g * kb * MR + p * MR + r] = op(A)(i0 + g * MR + r, pb + p)}, zero rows past {@code i1}.
     */
    private static void packA(boolean ta, int m, int k, double[] a, int ao, int pb, int kb, int i0, int i1, double[] ap) {
        int step = ta ? m : 1; // A(i, p) = a[ao + i * rowStep + p * step]
        int rowStep = ta ? 1 : k;
        for (int i = i0, g = 0; i < i1; i += MR, g++) {
            int dst = g * kb * MR;
            int s0 = ao + i * rowStep + pb * step;
            if (i + MR <= i1) {
                // p outer, six rows inner: the writes are sequential, the reads six sequential streams (or, for a
                // transposed A, six neighbours)
                int s1 = s0 + rowStep, s2 = s1 + rowStep, s3 = s2 + rowStep, s4 = s3 + rowStep, s5 = s4 + rowStep;
                for (int p = 0, o = 0, q = dst; p < kb; p++, o += step, q += MR) {
                    ap[q] = a[s0 + o];
                    ap[q + 1] = a[s1 + o];
                    ap[q + 2] = a[s2 + o];
                    ap[q + 3] = a[s3 + o];
                    ap[q + 4] = a[s4 + o];
                    ap[q + 5] = a[s5 + o];
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    int row = i + r;
                    int src = s0 + r * rowStep;
                    for (int p = 0; p < kb; p++) {
                        ap[dst + p * MR + r] = row < i1 ? a[src + p * step] : 0d;
                    }
                }
            }
        }
    }

    /** Panels of NR columns: {@code bp[panel * kb * NR + p * NR + jj] = op(B)(pb + p, j0 + panel * NR + jj)}. */
    private static void pack(boolean tb, int n, int k, double[] b, int bo, int pb, int kb, int j0, int nb, double[] bp) {
        for (int jp = 0; jp < nb; jp += NR) {
            int base = (jp / NR) * kb * NR;
            int w = Math.min(NR, nb - jp);
            if (!tb) {
                for (int p = 0; p < kb; p++) {
                    int dst = base + p * NR;
                    System.arraycopy(b, bo + (pb + p) * n + j0 + jp, bp, dst, w);
                    if (w < NR) {
                        java.util.Arrays.fill(bp, dst + w, dst + NR, 0d);
                    }
                }
            } else {
                // op(B)(p, j) = b[bo + j * k + p]: each stored row of B gives one column of the panel
                for (int jj = 0; jj < NR; jj++) {
                    if (jj < w) {
                        int src = bo + (j0 + jp + jj) * k + pb;
                        for (int p = 0; p < kb; p++) {
                            bp[base + p * NR + jj] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kb; p++) {
                            bp[base + p * NR + jj] = 0d;
                        }
                    }
                }
            }
        }
    }

    /** The 6 x NR tile {@code sum_p A-panel(r, p) * B-panel(p, j)} for one slab, parked in {@code t}. */
    private static void micro6(double[] ap, int ai, double[] bp, int base, int kb, double[] t, double[] c, int at, int n,
                               boolean direct, boolean acc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        for (int p = 0; p < kb; p++) {
            int bi = base + p * NR;
            int q = ai + p * MR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector x = DoubleVector.broadcast(S, ap[q]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, ap[q + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, ap[q + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, ap[q + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, ap[q + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, ap[q + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        if (direct) {
            if (acc) {
                c00 = c00.add(DoubleVector.fromArray(S, c, at));
                c01 = c01.add(DoubleVector.fromArray(S, c, at + L));
                c10 = c10.add(DoubleVector.fromArray(S, c, at + n));
                c11 = c11.add(DoubleVector.fromArray(S, c, at + n + L));
                c20 = c20.add(DoubleVector.fromArray(S, c, at + 2 * n));
                c21 = c21.add(DoubleVector.fromArray(S, c, at + 2 * n + L));
                c30 = c30.add(DoubleVector.fromArray(S, c, at + 3 * n));
                c31 = c31.add(DoubleVector.fromArray(S, c, at + 3 * n + L));
                c40 = c40.add(DoubleVector.fromArray(S, c, at + 4 * n));
                c41 = c41.add(DoubleVector.fromArray(S, c, at + 4 * n + L));
                c50 = c50.add(DoubleVector.fromArray(S, c, at + 5 * n));
                c51 = c51.add(DoubleVector.fromArray(S, c, at + 5 * n + L));
            }
            c00.intoArray(c, at);
            c01.intoArray(c, at + L);
            c10.intoArray(c, at + n);
            c11.intoArray(c, at + n + L);
            c20.intoArray(c, at + 2 * n);
            c21.intoArray(c, at + 2 * n + L);
            c30.intoArray(c, at + 3 * n);
            c31.intoArray(c, at + 3 * n + L);
            c40.intoArray(c, at + 4 * n);
            c41.intoArray(c, at + 4 * n + L);
            c50.intoArray(c, at + 5 * n);
            c51.intoArray(c, at + 5 * n + L);
            return;
        }
        // an edge tile: parked in a scratch array and merged into C's valid rows and columns by the caller
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c10.intoArray(t, NR);
        c11.intoArray(t, NR + L);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + L);
        c30.intoArray(t, 3 * NR);
        c31.intoArray(t, 3 * NR + L);
        c40.intoArray(t, 4 * NR);
        c41.intoArray(t, 4 * NR + L);
        c50.intoArray(t, 5 * NR);
        c51.intoArray(t, 5 * NR + L);
    }

    private static final ThreadLocal<double[]> TILE = ThreadLocal.withInitial(() -> new double[MR * NR]);

    /** Row {@code t[ti .. ti + NR)} of a parked tile into C at {@code at} (added when {@code acc}). */
    private static void merge(double[] c, int at, double[] t, int ti, int valid, boolean acc) {
        if (valid == NR) {
            DoubleVector v0 = DoubleVector.fromArray(S, t, ti);
            DoubleVector v1 = DoubleVector.fromArray(S, t, ti + L);
            if (acc) {
                v0 = v0.add(DoubleVector.fromArray(S, c, at));
                v1 = v1.add(DoubleVector.fromArray(S, c, at + L));
            }
            v0.intoArray(c, at);
            v1.intoArray(c, at + L);
            return;
        }
        for (int j = 0; j < valid; j++) {
            c[at + j] = acc ? c[at + j] + t[ti + j] : t[ti + j];
        }
    }
}
