package io.gradtape.internal.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * <p>
 * Matrix product {@code C = op(A) op(B)} in float64 with the Vector API: {@link VectorGemm}'s algorithm (packing,
 * register tile of MR rows by two vectors, slabs, a block of B packed by each thread for itself, tasks by rows,
 * the same bits on every thread count)
 * with {@code DoubleVector}, written from it by replacing the element type. A vector holds half as many lanes, so
 * the tile is 8 x 16 doubles with AVX-512 (6 x 8 with AVX2), a B panel {@code KB x NR} is again 32 KiB, the
 * packed A rows of a task 256 KiB and a thread's packed block of B at most 8 MiB. The linear-algebra helpers' blocked
 * factorizations call it through {@code dgemm}. Agrees with {@link BlockedGemm} to rounding.
 * </p>
 */
final class VectorDgemm {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Doubles in one vector: 8 with AVX-512, 4 with AVX2. */
    static final int L = S.length();
    /**
     * The concrete class of S's vectors ({@code Double512Vector} with AVX-512): stores take their vector through
     * {@code VC.cast}, so that C2 does not depend on {@code DoubleVector.intoArray}'s shared type profile (see
     * {@link VectorGemm}, "Exact vector types").
     */
    @SuppressWarnings("unchecked")
    static final Class<DoubleVector> VC = (Class<DoubleVector>) S.vectorType();
    /** Columns of the register tile and of a packed B panel: two vectors. */
    static final int NR = 2 * L;
    /**
     * Rows of the register tile: 8 (16 accumulators) with 512-bit vectors (32 registers), 6 (12 accumulators, the
     * two B vectors and a broadcast fill all 16 registers) with narrower ones.
     */
    static final int MR = S.vectorBitSize() >= 512 ? 8 : 6;
    /** Depth of one slab of k: a B panel is {@code KB x NR} (32 KiB at L = 16), an A group {@code MR x KB}. */
    static final int KB = 256;
    /** Rows of A one task packs per slab ({@code MC x KB} doubles, 256 KiB, stay in L2 while B panels pass). */
    static final int MC = 128;
    /** Columns and depth of a block of B, packed by each thread that works on it ({@code KS x NB}, 8 MiB). */
    static final int NB = 1024;
    static final int KS = 1024;
    /** Tasks per thread when a product is split: more than one, so that a slow core takes fewer of them. */
    static final int TASKS_PER_THREAD = 2;
    /** Products with fewer multiply-adds stay on the calling thread. */
    static final long PARALLEL_MIN_MACS = 1L << 18;

    /**
     * A thread's packed panels of the block of B it works on (see {@link VectorGemm}, "Thread split"): each thread
     * that takes part in a product packs its own.
     */
    private static final ThreadLocal<double[]> B_PACK = ThreadLocal.withInitial(() -> new double[0]);
    /**
     * Which block each panel of this thread's B_PACK holds: the token of the call of {@link #block} that packed it
     * (a new object per call), by {@code s * panels + jp}.
     */
    private static final ThreadLocal<Object[]> B_PACKED =
            ThreadLocal.withInitial(() -> new Object[KS / KB * (NB / NR)]);
    private static final ThreadLocal<double[]> A_PACK = ThreadLocal.withInitial(() -> new double[0]);
    private static final ThreadLocal<double[]> TILE = ThreadLocal.withInitial(() -> new double[MR * NR]);
    /** A tile of -0.0, never written: what {@code panel} has the kernels add when nothing is to be added. */
    private static final double[] NEG_ZERO = negativeZeros(MR * NR);

    private static double[] negativeZeros(int size) {
        double[] z = new double[size];
        java.util.Arrays.fill(z, -0.0);
        return z;
    }

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
        int threads = (long) m * n * k >= PARALLEL_MIN_MACS ? Parallel.threads() : 1;
        // the layouts' packers, chosen once per product (see VectorGemm, "Packers")
        PackA pa = ta ? A_COLUMNS : A_ROWS;
        PackB[] pk = tb ? B_COLUMNS : B_ROWS;
        for (int j0 = 0; j0 < n; j0 += NB) {
            for (int p0 = 0; p0 < k; p0 += KS) {
                block(pa, pk, m, n, k, a, ao, b, bo, c, co, j0, Math.min(NB, n - j0), p0, Math.min(KS, k - p0),
                        threads);
            }
        }
    }

    /**
     * Columns {@code [j0, j0 + nb)} of C, the part of the sum over {@code p} in {@code [p0, p0 + ks)}: with one
     * thread, the row blocks of MC rows in turn; with more, tasks of a multiple of MR rows (at most MC,
     * {@link #TASKS_PER_THREAD} per thread where the rows allow). Every thread packs the panels of B it uses into
     * its own buffer, once per block: its first row block packs each panel, its later ones find it packed.
     */
    private static void block(PackA pa, PackB[] pk, int m, int n, int k, double[] a, int ao, double[] b, int bo,
                              double[] c, int co, int j0, int nb, int p0, int ks, int threads) {
        int panels = (nb + NR - 1) / NR;
        int need = ks * panels * NR;
        Object token = new Object();
        if (threads == 1) {
            double[] bp = ownB(need);
            Object[] packed = B_PACKED.get();
            for (int i0 = 0; i0 < m; i0 += MC) {
                rows(pa, pk, m, n, k, a, ao, b, bo, c, co, i0, Math.min(m, i0 + MC), j0, nb, p0, ks, bp, packed,
                        token, panels);
            }
            return;
        }
        int blocks = Math.max((m + MC - 1) / MC, Math.min(threads * TASKS_PER_THREAD, (m + MR - 1) / MR));
        int rowsPer = ((m + blocks - 1) / blocks + MR - 1) / MR * MR;
        Parallel.forEach((m + rowsPer - 1) / rowsPer, t -> {
            int i0 = t * rowsPer;
            rows(pa, pk, m, n, k, a, ao, b, bo, c, co, i0, Math.min(m, i0 + rowsPer), j0, nb, p0, ks, ownB(need),
                    B_PACKED.get(), token, panels);
        });
    }

    /** This thread's B buffer, grown to at least {@code need} doubles. */
    private static double[] ownB(int need) {
        double[] bp = B_PACK.get();
        if (bp.length < need) {
            bp = new double[need];
            B_PACK.set(bp);
        }
        return bp;
    }

    /**
     * Rows {@code [i0, i1)} of C times every panel of the block, slab by slab. The panels are this thread's own
     * copy in {@code bp}; panel {@code s * panels + jp} holds this block's B when its entry of {@code packed} is
     * {@code token}, else it is packed here first. Every panel of a slab is done before the next slab, so each
     * tile of C sees its slabs in order.
     */
    private static void rows(PackA pa, PackB[] pk, int m, int n, int k, double[] a, int ao, double[] b, int bo,
                             double[] c, int co, int i0, int i1, int j0, int nb, int p0, int ks, double[] bp,
                             Object[] packed, Object token, int panels) {
        int groups = (i1 - i0 + MR - 1) / MR;
        double[] ap = A_PACK.get();
        if (ap.length < groups * MR * KB) {
            ap = new double[groups * MR * KB];
            A_PACK.set(ap);
        }
        double[] t = TILE.get();
        for (int s = 0, pb = p0; pb < p0 + ks; s++, pb += KB) {
            int kb = Math.min(KB, p0 + ks - pb);
            packA(pa, m, k, a, ao, pb, kb, i0, i1, ap);
            boolean acc = pb > 0;
            for (int jp = 0; jp < panels; jp++) {
                int jc = jp * NR;
                int base = (s * panels * KB) * NR + jp * kb * NR;
                int valid = Math.min(NR, nb - jc);
                if (packed[s * panels + jp] != token) {
                    pk[edge(valid)].pack(b, bo, n, k, pb, kb, j0 + jc, valid, bp, base);
                    packed[s * panels + jp] = token;
                }
                panel(i0, i1, groups, n, ap, bp, base, kb, t, c, co + j0 + jc, valid, acc);
            }
        }
    }

    /** Rows {@code [i0, i1)} of C times one packed panel at {@code bp[base]}, into C from {@code col}. */
    private static void panel(int i0, int i1, int groups, int n, double[] ap, double[] bp, int base, int kb, double[] t,
                              double[] c, int col, int valid, boolean acc) {
        for (int g = 0; g < groups; g++) {
            int i = i0 + g * MR;
            int rows = Math.min(MR, i1 - i);
            boolean direct = rows == MR && valid == NR;
            int at = col + i * n;
            // a whole tile goes to C (added from the second slab on); an edge tile to t, merged below. The choice is
            // made here, not by a branch inside the kernels (see "Packers" in VectorGemm's class comment)
            double[] dst = direct ? c : t;
            int to = direct ? at : 0;
            int stride = direct ? n : NR;
            // what the kernels add: C from the second slab on (a whole tile), else -0.0, which changes no bit
            boolean add = direct && acc;
            double[] from = add ? c : NEG_ZERO;
            int fromAt = add ? at : 0;
            int fromStride = add ? n : NR;
            if (MR == 8) {
                micro8(ap, g * kb * MR, bp, base, kb, dst, to, stride, from, fromAt, fromStride);
            } else {
                micro6(ap, g * kb * MR, bp, base, kb, dst, to, stride, from, fromAt, fromStride);
            }
            if (!direct) {
                for (int r = 0; r < rows; r++) {
                    merge(c, at + r * n, t, r * NR, valid, acc);
                }
            }
        }
    }

    /**
     * Rows {@code [i0, i1)} of {@code op(A)}, columns {@code [pb, pb + kb)}, in groups of MR rows, p-major:
     * {@code ap[g * kb * MR + p * MR + r] = op(A)(i0 + g * MR + r, pb + p)}, zero rows past {@code i1}. Whole
     * groups go to the layout's packer, a last partial group to {@link #packAEdge}.
     */
    private static void packA(PackA pa, int m, int k, double[] a, int ao, int pb, int kb, int i0, int i1, double[] ap) {
        int rowStep = pa.rowStep(m, k); // op(A)(i, p) = a[ao + i * rowStep + p * step]
        int step = pa.step(m, k);
        int i = i0, dst = 0;
        for (; i + MR <= i1; i += MR, dst += kb * MR) {
            pa.pack(a, ao + i * rowStep + pb * step, m, k, kb, ap, dst);
        }
        if (i < i1) {
            packAEdge(a, ao + i * rowStep + pb * step, rowStep, step, i1 - i, kb, ap, dst);
        }
    }

    /**
     * The rows of {@code op(A)} that one group of MR packs, for one layout: {@code ap[dst + p * MR + r] =
     * op(A)(r, p)} for {@code r < MR}, {@code p < kb}, op(A)'s element {@code (r, p)} being
     * {@code a[s0 + r * rowStep(m, k) + p * step(m, k)]}. One subclass per layout, called through a field the
     * product chose once (see {@link VectorGemm}, "Packers").
     */
    private abstract static class PackA {
        abstract int rowStep(int m, int k);

        abstract int step(int m, int k);

        abstract void pack(double[] a, int s0, int m, int k, int kb, double[] ap, int dst);
    }

    /** A as stored ({@code m x k}): each stored row is one row of the group, written with stride MR. */
    private static final class ARows extends PackA {
        @Override
        int rowStep(int m, int k) {
            return k;
        }

        @Override
        int step(int m, int k) {
            return 1;
        }

        @Override
        void pack(double[] a, int s0, int m, int k, int kb, double[] ap, int dst) {
            for (int r = 0, src = s0; r < MR; r++, src += k) {
                for (int p = 0, q = dst + r; p < kb; p++, q += MR) {
                    ap[q] = a[src + p];
                }
            }
        }
    }

    /** A stored transposed ({@code k x m}): MR neighbours of one stored row are one p-step of the group. */
    private static final class AColumns extends PackA {
        @Override
        int rowStep(int m, int k) {
            return 1;
        }

        @Override
        int step(int m, int k) {
            return m;
        }

        @Override
        void pack(double[] a, int s0, int m, int k, int kb, double[] ap, int dst) {
            for (int p = 0, o = s0, q = dst; p < kb; p++, o += m, q += MR) {
                System.arraycopy(a, o, ap, q, MR);
            }
        }
    }

    private static final PackA A_ROWS = new ARows();
    private static final PackA A_COLUMNS = new AColumns();

    /** A last group of {@code rows < MR} rows of {@code op(A)} (either layout, by its steps), zero rows after. */
    private static void packAEdge(double[] a, int s0, int rowStep, int step, int rows, int kb, double[] ap, int dst) {
        for (int r = 0; r < rows; r++) {
            for (int p = 0, src = s0 + r * rowStep, q = dst + r; p < kb; p++, src += step, q += MR) {
                ap[q] = a[src];
            }
        }
        for (int r = rows; r < MR; r++) {
            for (int p = 0, q = dst + r; p < kb; p++, q += MR) {
                ap[q] = 0d;
            }
        }
    }

    /**
     * Columns {@code [j, j + w)} of {@code op(B)}, rows {@code [pb, pb + kb)}, as one panel, for one layout and
     * panel width: {@code bp[dst + p * NR + jj] = op(B)(pb + p, j + jj)}, zero columns past {@code w}. A product
     * picks {@link #B_ROWS} or {@link #B_COLUMNS} once, and each panel its entry {@code [edge(w)]}: a full panel
     * ({@code w == NR}) and an edge panel have packers of their own (see {@link VectorGemm}, "Packers").
     */
    private abstract static class PackB {
        abstract void pack(double[] b, int bo, int n, int k, int pb, int kb, int j, int w, double[] bp, int dst);
    }

    /** 0 for a full panel ({@code w == NR}), 1 for an edge panel: an index, not a branch. */
    private static int edge(int w) {
        return Math.min(NR - w, 1);
    }

    /** B as stored, a full panel: two vector copies per row. */
    private static final class BRows extends PackB {
        @Override
        void pack(double[] b, int bo, int n, int k, int pb, int kb, int j, int w, double[] bp, int dst) {
            for (int p = 0, src = bo + pb * n + j, q = dst; p < kb; p++, src += n, q += NR) {
                VC.cast(DoubleVector.fromArray(S, b, src)).intoArray(bp, q);
                VC.cast(DoubleVector.fromArray(S, b, src + L)).intoArray(bp, q + L);
            }
        }
    }

    /** B as stored, an edge panel ({@code w < NR} columns): a copy and zeros per row. */
    private static final class BRowsEdge extends PackB {
        @Override
        void pack(double[] b, int bo, int n, int k, int pb, int kb, int j, int w, double[] bp, int dst) {
            for (int p = 0, src = bo + pb * n + j, q = dst; p < kb; p++, src += n, q += NR) {
                System.arraycopy(b, src, bp, q, w);
                java.util.Arrays.fill(bp, q + w, q + NR, 0f);
            }
        }
    }

    /** B stored transposed ({@code op(B)(p, j) = b[bo + j * k + p]}), a full panel: one stored row per column. */
    private static final class BColumns extends PackB {
        @Override
        void pack(double[] b, int bo, int n, int k, int pb, int kb, int j, int w, double[] bp, int dst) {
            for (int jj = 0; jj < NR; jj++) {
                for (int p = 0, src = bo + (j + jj) * k + pb, q = dst + jj; p < kb; p++, q += NR) {
                    bp[q] = b[src + p];
                }
            }
        }
    }

    /** B stored transposed, an edge panel: {@code w} stored rows, then zero columns. */
    private static final class BColumnsEdge extends PackB {
        @Override
        void pack(double[] b, int bo, int n, int k, int pb, int kb, int j, int w, double[] bp, int dst) {
            for (int jj = 0; jj < w; jj++) {
                for (int p = 0, src = bo + (j + jj) * k + pb, q = dst + jj; p < kb; p++, q += NR) {
                    bp[q] = b[src + p];
                }
            }
            for (int jj = w; jj < NR; jj++) {
                for (int p = 0, q = dst + jj; p < kb; p++, q += NR) {
                    bp[q] = 0d;
                }
            }
        }
    }

    /** B's packers by {@link #edge}: B as stored. */
    private static final PackB[] B_ROWS = {new BRows(), new BRowsEdge()};
    /** B's packers by {@link #edge}: B stored transposed. */
    private static final PackB[] B_COLUMNS = {new BColumns(), new BColumnsEdge()};

    /** Row {@code t[ti .. ti + valid)} of a parked edge tile into C at {@code at} (added when {@code acc}). */
    private static void merge(double[] c, int at, double[] t, int ti, int valid, boolean acc) {
        for (int j = 0; j < valid; j++) {
            c[at + j] = acc ? c[at + j] + t[ti + j] : t[ti + j];
        }
    }

    /**
     * The {@code MR x NR} tile {@code sum_p A-group(r, p) * B-panel(p, j)} over one slab, kept in sixteen vector
     * registers: per step of p two B loads, eight broadcasts of A and sixteen fused multiply-adds. Row r of the
     * tile, plus row r of the tile at {@code s[sat + r * sn ...]} (C itself from a whole tile's second slab on, else
     * a tile of -0.0, which changes no bit), goes to {@code c[at + r * n ...]}: C itself for a whole tile, the
     * scratch tile ({@code n = NR}) for an edge tile, which the caller merges. No branch in here chooses either, so
     * neither a JVM's first edge tile nor its first product deeper than one slab makes this method not entrant
     * (measured on {@code VectorGemm.micro8}).
     */
    private static void micro8(double[] ap, int ai, double[] bp, int bi, int kb, double[] c, int at, int n,
                               double[] s, int sat, int sn) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        DoubleVector c60 = DoubleVector.zero(S), c61 = DoubleVector.zero(S);
        DoubleVector c70 = DoubleVector.zero(S), c71 = DoubleVector.zero(S);
        for (int p = 0, q = ai, bq = bi; p < kb; p++, q += MR, bq += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bq + L);
            DoubleVector x0 = DoubleVector.broadcast(S, ap[q]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            DoubleVector x1 = DoubleVector.broadcast(S, ap[q + 1]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            DoubleVector x2 = DoubleVector.broadcast(S, ap[q + 2]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            DoubleVector x3 = DoubleVector.broadcast(S, ap[q + 3]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            DoubleVector x4 = DoubleVector.broadcast(S, ap[q + 4]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            DoubleVector x5 = DoubleVector.broadcast(S, ap[q + 5]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
            DoubleVector x6 = DoubleVector.broadcast(S, ap[q + 6]);
            c60 = x6.fma(b0, c60);
            c61 = x6.fma(b1, c61);
            DoubleVector x7 = DoubleVector.broadcast(S, ap[q + 7]);
            c70 = x7.fma(b0, c70);
            c71 = x7.fma(b1, c71);
        }
        c00 = VC.cast(c00).add(DoubleVector.fromArray(S, s, sat));
        c01 = VC.cast(c01).add(DoubleVector.fromArray(S, s, sat + L));
        c10 = VC.cast(c10).add(DoubleVector.fromArray(S, s, sat + sn));
        c11 = VC.cast(c11).add(DoubleVector.fromArray(S, s, sat + sn + L));
        c20 = VC.cast(c20).add(DoubleVector.fromArray(S, s, sat + 2 * sn));
        c21 = VC.cast(c21).add(DoubleVector.fromArray(S, s, sat + 2 * sn + L));
        c30 = VC.cast(c30).add(DoubleVector.fromArray(S, s, sat + 3 * sn));
        c31 = VC.cast(c31).add(DoubleVector.fromArray(S, s, sat + 3 * sn + L));
        c40 = VC.cast(c40).add(DoubleVector.fromArray(S, s, sat + 4 * sn));
        c41 = VC.cast(c41).add(DoubleVector.fromArray(S, s, sat + 4 * sn + L));
        c50 = VC.cast(c50).add(DoubleVector.fromArray(S, s, sat + 5 * sn));
        c51 = VC.cast(c51).add(DoubleVector.fromArray(S, s, sat + 5 * sn + L));
        c60 = VC.cast(c60).add(DoubleVector.fromArray(S, s, sat + 6 * sn));
        c61 = VC.cast(c61).add(DoubleVector.fromArray(S, s, sat + 6 * sn + L));
        c70 = VC.cast(c70).add(DoubleVector.fromArray(S, s, sat + 7 * sn));
        c71 = VC.cast(c71).add(DoubleVector.fromArray(S, s, sat + 7 * sn + L));
        VC.cast(c00).intoArray(c, at);
        VC.cast(c01).intoArray(c, at + L);
        VC.cast(c10).intoArray(c, at + n);
        VC.cast(c11).intoArray(c, at + n + L);
        VC.cast(c20).intoArray(c, at + 2 * n);
        VC.cast(c21).intoArray(c, at + 2 * n + L);
        VC.cast(c30).intoArray(c, at + 3 * n);
        VC.cast(c31).intoArray(c, at + 3 * n + L);
        VC.cast(c40).intoArray(c, at + 4 * n);
        VC.cast(c41).intoArray(c, at + 4 * n + L);
        VC.cast(c50).intoArray(c, at + 5 * n);
        VC.cast(c51).intoArray(c, at + 5 * n + L);
        VC.cast(c60).intoArray(c, at + 6 * n);
        VC.cast(c61).intoArray(c, at + 6 * n + L);
        VC.cast(c70).intoArray(c, at + 7 * n);
        VC.cast(c71).intoArray(c, at + 7 * n + L);
    }

    /** As {@link #micro8} for six rows (twelve accumulators). */
    private static void micro6(double[] ap, int ai, double[] bp, int bi, int kb, double[] c, int at, int n,
                               double[] s, int sat, int sn) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        for (int p = 0, q = ai, bq = bi; p < kb; p++, q += MR, bq += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bq + L);
            DoubleVector x0 = DoubleVector.broadcast(S, ap[q]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            DoubleVector x1 = DoubleVector.broadcast(S, ap[q + 1]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            DoubleVector x2 = DoubleVector.broadcast(S, ap[q + 2]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            DoubleVector x3 = DoubleVector.broadcast(S, ap[q + 3]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            DoubleVector x4 = DoubleVector.broadcast(S, ap[q + 4]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            DoubleVector x5 = DoubleVector.broadcast(S, ap[q + 5]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
        }
        c00 = VC.cast(c00).add(DoubleVector.fromArray(S, s, sat));
        c01 = VC.cast(c01).add(DoubleVector.fromArray(S, s, sat + L));
        c10 = VC.cast(c10).add(DoubleVector.fromArray(S, s, sat + sn));
        c11 = VC.cast(c11).add(DoubleVector.fromArray(S, s, sat + sn + L));
        c20 = VC.cast(c20).add(DoubleVector.fromArray(S, s, sat + 2 * sn));
        c21 = VC.cast(c21).add(DoubleVector.fromArray(S, s, sat + 2 * sn + L));
        c30 = VC.cast(c30).add(DoubleVector.fromArray(S, s, sat + 3 * sn));
        c31 = VC.cast(c31).add(DoubleVector.fromArray(S, s, sat + 3 * sn + L));
        c40 = VC.cast(c40).add(DoubleVector.fromArray(S, s, sat + 4 * sn));
        c41 = VC.cast(c41).add(DoubleVector.fromArray(S, s, sat + 4 * sn + L));
        c50 = VC.cast(c50).add(DoubleVector.fromArray(S, s, sat + 5 * sn));
        c51 = VC.cast(c51).add(DoubleVector.fromArray(S, s, sat + 5 * sn + L));
        VC.cast(c00).intoArray(c, at);
        VC.cast(c01).intoArray(c, at + L);
        VC.cast(c10).intoArray(c, at + n);
        VC.cast(c11).intoArray(c, at + n + L);
        VC.cast(c20).intoArray(c, at + 2 * n);
        VC.cast(c21).intoArray(c, at + 2 * n + L);
        VC.cast(c30).intoArray(c, at + 3 * n);
        VC.cast(c31).intoArray(c, at + 3 * n + L);
        VC.cast(c40).intoArray(c, at + 4 * n);
        VC.cast(c41).intoArray(c, at + 4 * n + L);
        VC.cast(c50).intoArray(c, at + 5 * n);
        VC.cast(c51).intoArray(c, at + 5 * n + L);
    }
}
