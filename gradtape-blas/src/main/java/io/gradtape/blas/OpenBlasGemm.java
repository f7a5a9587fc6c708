package io.gradtape.blas;

import io.gradtape.spi.GemmProvider;
import io.gradtape.spi.Kernels;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

/**
 * Matrix products by the OpenBLAS that {@code org.bytedeco:openblas} bundles ({@code cblas_sgemm},
 * {@code cblas_dgemm}). gradtape-core finds it with {@code ServiceLoader} (this module's {@code provides} on the module path,
 * {@code META-INF/services} on the class path) and sends it every product of
 * at least {@link #minMacs()} multiply-adds.
 *
 * <p>Tensor storage is a Java array, which the garbage collector may move, so each call copies A and B into
 * native buffers and C back out (three {@code memcpy}s, a few percent of an n = 1024 product). The buffers are
 * per thread and grow to the largest product seen on that thread; they are freed with the thread's
 * {@link ThreadLocal} (at the latest when JavaCPP's deallocator runs). OpenBLAS uses as many threads as
 * {@link Kernels#threads()} allows for products of at least {@link #PARALLEL_MIN_MACS} multiply-adds (about
 * 400^3), one below: measured on 2 cores, n = 256 ran at 70 GFLOP/s on two OpenBLAS threads and 88 on one, n = 512
 * at 159 and 94, and the MLP step took 3.0 ms with two threads for its 128-row products and 2.5 ms with one.
 */
public final class OpenBlasGemm implements GemmProvider {
    /** Below this the copies and the native call cost more than the pure-Java kernel saves. */
    static final long MIN_MACS = Long.getLong("gradtape.blas.minMacs", 64L * 64 * 64);

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);
    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();
    private static volatile int blasThreads = -1;

    public OpenBlasGemm() {
        Loader.load(openblas_nolapack.class);
    }

    @Override
    public String name() {
        return "OpenBLAS " + org.bytedeco.openblas.global.openblas_nolapack.OPENBLAS_VERSION.trim()
                + " (org.bytedeco:openblas)";
    }

    /** Preferred over core's Vector API kernel (which runs when no provider takes a product): faster at every size measured. */
    @Override
    public int rank() {
        return 10;
    }

    @Override
    public long minMacs() {
        return MIN_MACS;
    }

    private static final class Buffers {
        FloatPointer fa = new FloatPointer(0L), fb = new FloatPointer(0L), fc = new FloatPointer(0L);
        DoublePointer da = new DoublePointer(0L), db = new DoublePointer(0L), dc = new DoublePointer(0L);

        static FloatPointer fit(FloatPointer p, long n) {
            if (p.capacity() >= n) {
                return p;
            }
            p.close();
            return new FloatPointer(Math.max(n, p.capacity() * 2));
        }

        static DoublePointer fit(DoublePointer p, long n) {
            if (p.capacity() >= n) {
                return p;
            }
            p.close();
            return new DoublePointer(Math.max(n, p.capacity() * 2));
        }
    }

    /** Below this many multiply-adds OpenBLAS runs on one thread (its thread hand-off costs more). */
    static final long PARALLEL_MIN_MACS = Long.getLong("gradtape.blas.parallelMinMacs", 1L << 26);

    /**
     * Sets OpenBLAS's (process-wide) thread count for a product of {@code macs} multiply-adds and returns the
     * held read lock. The count is changed only under the write lock, so it never changes while another Java
     * thread is inside OpenBLAS (which OpenBLAS does not support); with one calling thread the lock is
     * uncontended.
     */
    private static Lock enter(long macs) {
        int t = macs >= PARALLEL_MIN_MACS ? Kernels.threads() : 1;
        if (t != blasThreads) {
            LOCK.writeLock().lock();
            try {
                if (t != blasThreads) {
                    openblas_nolapack.blas_set_num_threads(t);
                    blasThreads = t;
                }
                LOCK.readLock().lock();
            } finally {
                LOCK.writeLock().unlock();
            }
        } else {
            LOCK.readLock().lock();
        }
        return LOCK.readLock();
    }

    @Override
    public boolean sgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, float[] b, int bo,
                         float[] c, int co) {
        Lock held = enter((long) m * n * k);
        try {
            Buffers w = BUFFERS.get();
            FloatPointer pa = w.fa = Buffers.fit(w.fa, (long) m * k);
            FloatPointer pb = w.fb = Buffers.fit(w.fb, (long) k * n);
            FloatPointer pc = w.fc = Buffers.fit(w.fc, (long) m * n);
            pa.position(0).put(a, ao, m * k);
            pb.position(0).put(b, bo, k * n);
            openblas_nolapack.cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                    m, n, k, 1f, pa, Math.max(1, ta ? m : k), pb, Math.max(1, tb ? k : n), 0f, pc, Math.max(1, n));
            pc.position(0).get(c, co, m * n);
        } finally {
            held.unlock();
        }
        return true;
    }

    @Override
    public boolean dgemm(boolean ta, boolean tb, int m, int n, int k, double[] a, int ao, double[] b, int bo,
                         double[] c, int co) {
        Lock held = enter((long) m * n * k);
        try {
            Buffers w = BUFFERS.get();
            DoublePointer pa = w.da = Buffers.fit(w.da, (long) m * k);
            DoublePointer pb = w.db = Buffers.fit(w.db, (long) k * n);
            DoublePointer pc = w.dc = Buffers.fit(w.dc, (long) m * n);
            pa.position(0).put(a, ao, m * k);
            pb.position(0).put(b, bo, k * n);
            openblas_nolapack.cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                    m, n, k, 1d, pa, Math.max(1, ta ? m : k), pb, Math.max(1, tb ? k : n), 0d, pc, Math.max(1, n));
            pc.position(0).get(c, co, m * n);
        } finally {
            held.unlock();
        }
        return true;
    }
}
