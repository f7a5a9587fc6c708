package io.gradtape.internal.random;

import io.gradtape.internal.kernels.Parallel;

/**
 * The distributions of {@code io.gradtape.Generator}, computed from Philox4x32-10 blocks.
 *
 * <p>Terms: a {@link Stream} is one op call of one generator: the generator's 64-bit key and the call's 64-bit
 * number. Under it, the <em>block</em> {@code (b, a)} is Philox4x32-10 of the counter
 * {@code (b, a, lo32(call), hi32(call))}: four 32-bit words, where {@code b} is a block index (at most
 * 2^31 - 1, since a tensor has fewer than 2^31 elements) and {@code a} an attempt number (0 for the first
 * draw, 1, 2, ... for the retries of a rejection sampler). Distinct (call, b, a) are distinct counters under one
 * key, so no two values of one generator ever share Philox output.
 *
 * <p>Each output element {@code i} reads fixed words, so its value depends only on the key, the call number and
 * {@code i}; a tensor is filled block by block in any order (in parallel above a size threshold) with the same
 * bits as a serial loop. The layout, per op:
 * <pre>
 *   uniform float32, bernoulli, uniformInt (first draw): word i%4 of block (i/4, 0)
 *   uniform float64, categorical:        words 2(i%2), 2(i%2)+1 of block (i/2, 0), 53 bits
 *   normal float32:  the pair (z0, z1) of words (0,1) is elements 4b, 4b+1; of words (2,3), 4b+2, 4b+3
 *   normal float64:  the pair of block (b, 0) (two 53-bit uniforms) is elements 2b, 2b+1
 *   truncated normal: the normal's value of element i if |z| &lt; 2, else the candidates of block (i, 1),
 *                     then (i, 2), ...: four float32 candidates or two float64 candidates per block
 *   uniformInt retry: words 0..3 of block (i, 1), then (i, 2), ...
 *   split keys:       key j is words 2(j%2) (low) and 2(j%2)+1 (high) of block (j/2, 0)
 *   permutation:      Fisher-Yates, step j (from n-1 down to 1) draws an index in [0, j] like uniformInt's
 *                     element j
 * </pre>
 *
 * <p>Number formats: a 32-bit word {@code w} gives the float32 uniform {@code (w >>> 8) * 2^-24} in [0, 1) and
 * the Box-Muller inputs {@code u1 = (w + 1) * 2^-32} in (0, 1], {@code u2 = w * 2^-32}; two words give 53 bits
 * ({@code w0 * 2^21 + w1 >>> 11}). Box-Muller: {@code r = sqrt(-2 log u1)}, {@code z0 = r cos(2 pi u2)},
 * {@code z1 = r sin(2 pi u2)}, with {@link StrictMath}'s log, sin and cos (fdlibm: the same bits on every JVM)
 * and {@link Math#sqrt} (correctly rounded by specification). The largest float32-path normal is
 * {@code sqrt(64 ln 2)} = 6.66; the float64 path reaches 8.57.
 */
public final class RandomKernels {
    private static final long MASK = 0xFFFF_FFFFL;
    private static final double TWO_PI = 2 * Math.PI;
    private static final double TWO_POW_M32 = 0x1.0p-32;
    private static final double TWO_POW_M53 = 0x1.0p-53;
    /** Blocks from which a fill is split across threads: cheap integer work (about 0.2 ms single-threaded). */
    private static final int PARALLEL_BLOCKS = 1 << 14;
    /** Blocks from which a Box-Muller fill is split (StrictMath log, sin and cos cost tens of ns each). */
    private static final int PARALLEL_BLOCKS_TRANSCENDENTAL = 1 << 11;
    private static final int GRAIN = 1 << 11;
    /** TensorFlow's truncation: values at least this many standard deviations from the mean are redrawn. */
    public static final double TRUNCATE = 2.0;

    private RandomKernels() {
    }

    /** One op call of one generator: the key and the call number. */
    public static final class Stream {
        final int k0;
        final int k1;
        final int c2;
        final int c3;

        /**
         * @param key  the generator's key
         * @param call the call's number (the generator's counter when the call began)
         */
        public Stream(long key, long call) {
            this.k0 = (int) key;
            this.k1 = (int) (key >>> 32);
            this.c2 = (int) call;
            this.c3 = (int) (call >>> 32);
        }

        /** Writes block {@code (b, a)} to {@code w[0..3]}. */
        void block(int b, int a, int[] w) {
            Philox.block(b, a, c2, c3, k0, k1, w, 0);
        }
    }

    private interface BlockRange {
        void run(int lo, int hi, int[] w);
    }

    private static void forBlocks(int blocks, int parallelMin, BlockRange body) {
        Parallel.forRange(blocks, GRAIN, parallelMin, (lo, hi) -> body.run(lo, hi, new int[4]));
    }

    private static int blocks(int n, int perBlock) {
        return (int) (((long) n + perBlock - 1) / perBlock);
    }

    private static double unit53(int hi, int lo) {
        return ((((long) hi & MASK) << 21) | ((lo & MASK) >>> 11)) * TWO_POW_M53;
    }

    // ---------------------------------------------------------------- uniform

    /** n float32 values in {@code [lo, hi)}; needs {@code lo < hi} (both float32 values, as doubles). */
    public static float[] uniformFloat(Stream s, int n, double lo, double hi) {
        float[] out = new float[n];
        double width = hi - lo;
        float top = Math.nextDown((float) hi);
        forBlocks(blocks(n, 4), PARALLEL_BLOCKS, (b0, b1, w) -> {
            for (int b = b0; b < b1; b++) {
                s.block(b, 0, w);
                int base = 4 * b;
                for (int k = 0; k < 4 && base + k < n; k++) {
                    double u = (w[k] >>> 8) * 0x1.0p-24;
                    float v = (float) (lo + width * u);
                    out[base + k] = v >= hi ? top : v;
                }
            }
        });
        return out;
    }

    /** n float64 values in {@code [lo, hi)}; needs {@code lo < hi} and a finite {@code hi - lo}. */
    public static double[] uniformDouble(Stream s, int n, double lo, double hi) {
        double[] out = new double[n];
        double width = hi - lo;
        double top = Math.nextDown(hi);
        forBlocks(blocks(n, 2), PARALLEL_BLOCKS, (b0, b1, w) -> {
            for (int b = b0; b < b1; b++) {
                s.block(b, 0, w);
                int base = 2 * b;
                for (int k = 0; k < 2 && base + k < n; k++) {
                    double v = lo + width * unit53(w[2 * k], w[2 * k + 1]);
                    out[base + k] = v >= hi ? top : v;
                }
            }
        });
        return out;
    }

    // ---------------------------------------------------------------- normal

    /** Box-Muller on two 32-bit words: writes z0, z1 to {@code z[at], z[at+1]}. */
    private static void boxMuller32(int w0, int w1, double[] z, int at) {
        double u1 = ((w0 & MASK) + 1) * TWO_POW_M32;
        double u2 = (w1 & MASK) * TWO_POW_M32;
        double r = Math.sqrt(-2.0 * StrictMath.log(u1));
        double t = TWO_PI * u2;
        z[at] = r * StrictMath.cos(t);
        z[at + 1] = r * StrictMath.sin(t);
    }

    /** Box-Muller on a block read as two 53-bit uniforms: writes z0, z1 to {@code z[at], z[at+1]}. */
    private static void boxMuller53(int[] w, double[] z, int at) {
        double u1 = ((((long) w[0] & MASK) << 21 | (w[1] & MASK) >>> 11) + 1) * TWO_POW_M53;
        double u2 = unit53(w[2], w[3]);
        double r = Math.sqrt(-2.0 * StrictMath.log(u1));
        double t = TWO_PI * u2;
        z[at] = r * StrictMath.cos(t);
        z[at + 1] = r * StrictMath.sin(t);
    }

    /**
     * n float32 normals {@code mean + stddev * z}; when {@code truncate}, every {@code |z| >= 2} is redrawn from
     * the element's own retry blocks.
     */
    public static float[] normalFloat(Stream s, int n, double mean, double stddev, boolean truncate) {
        float[] out = new float[n];
        forBlocks(blocks(n, 4), PARALLEL_BLOCKS_TRANSCENDENTAL, (b0, b1, w) -> {
            double[] z = new double[4];
            for (int b = b0; b < b1; b++) {
                s.block(b, 0, w);
                boxMuller32(w[0], w[1], z, 0);
                boxMuller32(w[2], w[3], z, 2);
                int base = 4 * b;
                for (int k = 0; k < 4 && base + k < n; k++) {
                    double v = z[k];
                    if (truncate && !(Math.abs(v) < TRUNCATE)) {
                        v = retry32(s, base + k, w);
                    }
                    out[base + k] = (float) (mean + stddev * v);
                }
            }
        });
        return out;
    }

    /** The first candidate with {@code |z| < 2} from blocks (i, 1), (i, 2), ...; uses w as scratch. */
    private static double retry32(Stream s, int i, int[] w) {
        double[] z = new double[4];
        for (int a = 1; ; a++) {
            s.block(i, a, w);
            boxMuller32(w[0], w[1], z, 0);
            boxMuller32(w[2], w[3], z, 2);
            for (double v : z) {
                if (Math.abs(v) < TRUNCATE) {
                    return v;
                }
            }
        }
    }

    /** n float64 normals {@code mean + stddev * z}, truncated at 2 as in {@link #normalFloat}. */
    public static double[] normalDouble(Stream s, int n, double mean, double stddev, boolean truncate) {
        double[] out = new double[n];
        forBlocks(blocks(n, 2), PARALLEL_BLOCKS_TRANSCENDENTAL, (b0, b1, w) -> {
            double[] z = new double[2];
            for (int b = b0; b < b1; b++) {
                s.block(b, 0, w);
                boxMuller53(w, z, 0);
                int base = 2 * b;
                for (int k = 0; k < 2 && base + k < n; k++) {
                    double v = z[k];
                    if (truncate && !(Math.abs(v) < TRUNCATE)) {
                        v = retry53(s, base + k, w);
                    }
                    out[base + k] = mean + stddev * v;
                }
            }
        });
        return out;
    }

    private static double retry53(Stream s, int i, int[] w) {
        double[] z = new double[2];
        for (int a = 1; ; a++) {
            s.block(i, a, w);
            boxMuller53(w, z, 0);
            for (double v : z) {
                if (Math.abs(v) < TRUNCATE) {
                    return v;
                }
            }
        }
    }

    // ---------------------------------------------------------------- integers

    /**
     * The unbiased index in {@code [0, range)} for word {@code first} of element {@code i}: a word below the
     * largest multiple of {@code range} that fits in 2^32 is taken modulo {@code range}; any other is rejected
     * and the next word of blocks (i, 1), (i, 2), ... is tried (each word is accepted with probability above
     * 1/2).
     */
    private static long index(Stream s, int i, int first, long range, int[] scratch) {
        long limit = (1L << 32) - (1L << 32) % range;
        long x = first & MASK;
        if (x < limit) {
            return x % range;
        }
        for (int a = 1; ; a++) {
            s.block(i, a, scratch);
            for (int k = 0; k < 4; k++) {
                x = scratch[k] & MASK;
                if (x < limit) {
                    return x % range;
                }
            }
        }
    }

    /** n int32 values in {@code [lo, hi)}, unbiased; needs {@code lo < hi}. */
    public static int[] uniformInt(Stream s, int n, int lo, int hi) {
        int[] out = new int[n];
        long range = (long) hi - lo;
        forBlocks(blocks(n, 4), PARALLEL_BLOCKS, (b0, b1, w) -> {
            int[] scratch = new int[4];
            for (int b = b0; b < b1; b++) {
                s.block(b, 0, w);
                int base = 4 * b;
                for (int k = 0; k < 4 && base + k < n; k++) {
                    out[base + k] = (int) (lo + index(s, base + k, w[k], range, scratch));
                }
            }
        });
        return out;
    }

    /** n 64-bit words (the keys of split generators). */
    public static long[] longs(Stream s, int n) {
        long[] out = new long[n];
        int[] w = new int[4];
        for (int b = 0; 2 * b < n; b++) {
            s.block(b, 0, w);
            for (int k = 0; k < 2 && 2 * b + k < n; k++) {
                out[2 * b + k] = (w[2 * k] & MASK) | ((long) w[2 * k + 1] << 32);
            }
        }
        return out;
    }

    /**
     * Key {@code index} of {@link #longs}{@code (new Stream(key, call), n)} for any {@code n > index}, computed
     * alone: the key of child {@code index} of a split.
     */
    public static long splitKey(long key, long call, long index) {
        if (index < 0 || index >= 1L << 32) {
            throw new IllegalArgumentException("split: stream index " + index + " is not in [0, 2^32)");
        }
        int[] w = new int[4];
        new Stream(key, call).block((int) (index >>> 1), 0, w);
        int k = (int) (index & 1);
        return (w[2 * k] & MASK) | ((long) w[2 * k + 1] << 32);
    }

    /** A uniformly random permutation of {@code 0 .. n-1} (Fisher-Yates). */
    public static int[] permutation(Stream s, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        int[] w = new int[4];
        int[] scratch = new int[4];
        int cached = -1;
        for (int j = n - 1; j > 0; j--) {
            if (j >>> 2 != cached) {
                cached = j >>> 2;
                s.block(cached, 0, w);
            }
            int k = (int) index(s, j, w[j & 3], (long) j + 1, scratch);
            int t = p[j];
            p[j] = p[k];
            p[k] = t;
        }
        return p;
    }

    // ---------------------------------------------------------------- bernoulli, categorical

    /**
     * n flags, each 1 with probability p, else 0: {@code w * 2^-32 < p} for the element's 32-bit word {@code w},
     * computed as {@code w < threshold(p)} by the sign of {@code w - threshold(p)}, so no branch depends on the
     * random word. The byte converts to any dtype without one either; with {@code boolean}s, each conversion
     * ({@code flag ? 1f : 0f}) was a branch taken at random: in the README's training demo (dropout 0.5 on 32 x 256
     * floats per step) the conversion loop held 21% of a steady step's JFR samples.
     */
    public static byte[] bernoulli(Stream s, int n, double p) {
        byte[] out = new byte[n];
        long t = bernoulliThreshold(p);
        forBlocks(blocks(n, 4), PARALLEL_BLOCKS, (b0, b1, w) -> {
            for (int b = b0; b < b1; b++) {
                s.block(b, 0, w);
                int base = 4 * b;
                for (int k = 0; k < 4 && base + k < n; k++) {
                    out[base + k] = (byte) (((w[k] & MASK) - t) >>> 63);
                }
            }
        });
        return out;
    }

    /**
     * The integer t with {@code w < t} exactly when {@code w * 2^-32 < p}, for every 32-bit word w (0 to 2^32 - 1)
     * and p in [0, 1]: both products by a power of two are exact, and for an integer w, {@code w < P} is
     * {@code w < ceil(P)}. From 0 (p = 0: never) to 2^32 (p = 1: always).
     */
    public static long bernoulliThreshold(double p) {
        return (long) Math.ceil(p * 0x1.0p32);
    }

    /**
     * For each row of the cumulative weights {@code cdf} ({@code rows x classes}, each row non-decreasing with a
     * positive last entry), {@code samples} class indices: sample {@code j} of row {@code r} (element
     * {@code i = r * samples + j}) is the first class whose cumulative weight exceeds {@code u * total}, for the
     * element's 53-bit uniform {@code u}. A class of weight 0 is never chosen.
     */
    public static int[] categorical(Stream s, double[] cdf, int rows, int classes, int samples) {
        int n = rows * samples;
        int[] out = new int[n];
        forBlocks(blocks(n, 2), PARALLEL_BLOCKS, (b0, b1, w) -> {
            for (int b = b0; b < b1; b++) {
                s.block(b, 0, w);
                for (int k = 0; k < 2 && 2 * b + k < n; k++) {
                    int i = 2 * b + k;
                    int row = i / samples;
                    int from = row * classes;
                    double target = unit53(w[2 * k], w[2 * k + 1]) * cdf[from + classes - 1];
                    int lo = 0;
                    int hi = classes - 1;
                    while (lo < hi) {
                        int mid = (lo + hi) >>> 1;
                        if (cdf[from + mid] > target) {
                            hi = mid;
                        } else {
                            lo = mid + 1;
                        }
                    }
                    out[i] = lo;
                }
            }
        });
        return out;
    }
}
