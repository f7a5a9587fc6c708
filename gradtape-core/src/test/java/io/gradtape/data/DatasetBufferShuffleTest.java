package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * shuffle(bufferSize, seed): TensorFlow's ShuffleDataset (shuffle_dataset_op.cc, GetNextInternal): the buffer is
 * topped up to bufferSize from the input, then one buffered element chosen uniformly at random is handed out; at the
 * end of the input the buffer drains the same way. The distributions are checked by chi-square tests at a fixed seed
 * against exact probabilities and critical values from scripts/fixtures/buffer_shuffle_reference.py (run with
 * /usr/bin/python3 -B; its output is quoted where used).
 */
class DatasetBufferShuffleTest {
    /** x[i] = i (int32), n rows of a slice dataset (the row-index path). */
    private static Dataset rows(int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return Dataset.fromTensorSlices(Tensors.constant(v, n));
    }

    /** The same elements through a map, which makes the stage work on elements (the element path). */
    private static Dataset elements(int n) {
        return rows(n).map(b -> b);
    }

    private static List<Integer> xs(Iterable<Batch> ds) {
        List<Integer> out = new ArrayList<>();
        for (Batch b : ds) {
            out.add(b.x().intValue());
        }
        return out;
    }

    private static List<Integer> sorted(List<Integer> l) {
        List<Integer> s = new ArrayList<>(l);
        s.sort(null);
        return s;
    }

    private static List<Integer> upTo(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    /** An endless generator of int64 scalars 0, 1, 2, ... that counts the elements pulled from it. */
    private static Dataset counting(AtomicLong pulled, long limit) {
        return Dataset.fromGenerator(() -> new Iterator<Batch>() {
            long i;

            @Override
            public boolean hasNext() {
                return i < limit;
            }

            @Override
            public Batch next() {
                pulled.incrementAndGet();
                return Batch.of(Tensors.constant(i++));
            }
        }, new DType[] {DType.INT64}, new int[][] {{}});
    }

    /** counts[i][j]: how often element i of {@code n} came out at position j over {@code epochs} epochs. */
    private static long[][] positions(Dataset shuffledRepeat, int n, int epochs) {
        long[][] counts = new long[n][n];
        int k = 0;
        for (Batch b : shuffledRepeat.take(n * epochs)) {
            counts[b.x().intValue()][k % n]++;
            k++;
        }
        assertEquals(n * epochs, k);
        return counts;
    }

    /** Pearson's statistic of one row of counts against {@code epochs * p[j]}, over the cells with p > 0. */
    private static double chiSquare(long[] observed, double[] p, int epochs) {
        double s = 0;
        for (int j = 0; j < p.length; j++) {
            if (p[j] == 0) {
                assertEquals(0, observed[j], "an impossible position was reached: " + j);
                continue;
            }
            double expected = epochs * p[j];
            s += (observed[j] - expected) * (observed[j] - expected) / expected;
        }
        return s;
    }

    // ---------------------------------------------------------------- distributions

    /**
     * A buffer at least as large as the epoch gives a uniformly random permutation: over 8000 epochs (each its own
     * stream of the seed, through repeat()), each of the 8 elements lands on each position with probability 1/8. Each
     * element's row of counts is a multinomial sample; its chi-square statistic (7 degrees of freedom) must stay
     * below 45.6998, the critical value at alpha = 1e-7 (buffer_shuffle_reference.py: "df 7: chi2 critical value at
     * alpha 1e-07 = 45.6998"), for all 8 rows of buffers 8 and 100, so a correct shuffle fails this test with
     * probability below 16e-7 (Bonferroni), and the test is deterministic at its fixed seed.
     */
    @Test
    void aBufferAsLargeAsTheEpochGivesUniformPositions() {
        int n = 8;
        int epochs = 8000;
        double[] uniform = new double[n];
        java.util.Arrays.fill(uniform, 1.0 / n);
        for (int buffer : new int[] {8, 100}) {
            long[][] counts = positions(rows(n).shuffle(buffer, 2024).repeat(), n, epochs);
            for (int i = 0; i < n; i++) {
                double chi2 = chiSquare(counts[i], uniform, epochs);
                assertTrue(chi2 < 45.6998, "buffer " + buffer + ", element " + i + ": chi-square " + chi2 + " for "
                        + java.util.Arrays.toString(counts[i]));
            }
        }
    }

    /**
     * A buffer smaller than the epoch is not a uniform shuffle, and the positions follow ShuffleDataset's exact
     * distribution: for 6 elements through a buffer of 3, buffer_shuffle_reference.py enumerates the 162 equally likely
     * choice sequences and counts those that put element i at position j (its output, rows i = 0..5). Element 5, read
     * last, can only come out at positions 3..5 (output k is one of the first k + 3 inputs): those cells must stay
     * empty. The statistic of row i has (possible positions - 1) degrees of freedom; its critical values at alpha 1e-7
     * are quoted from the script (df 2: 32.2362, df 3: 35.4058, df 4: 38.2396, df 5: 40.8630).
     */
    @Test
    void aSmallBufferFollowsShuffleDatasetsExactDistribution() {
        long[][] choices = {
            {54, 36, 24, 16, 16, 16},   // element 0
            {54, 36, 24, 16, 16, 16},   // element 1
            {54, 36, 24, 16, 16, 16},   // element 2
            {0, 54, 36, 24, 24, 24},    // element 3
            {0, 0, 54, 36, 36, 36},     // element 4
            {0, 0, 0, 54, 54, 54},      // element 5
        };
        double[] critical = {0, 0, 32.2362, 35.4058, 38.2396, 40.8630};   // by degrees of freedom
        int n = 6;
        int epochs = 16200;   // 100 * 162: expected counts 100 * choices[i][j]
        for (Dataset ds : List.of(rows(n).shuffle(3, 77).repeat(), elements(n).shuffle(3, 77).repeat())) {
            long[][] counts = positions(ds, n, epochs);
            for (int i = 0; i < n; i++) {
                double[] p = new double[n];
                int possible = 0;
                for (int j = 0; j < n; j++) {
                    p[j] = choices[i][j] / 162.0;
                    possible += choices[i][j] > 0 ? 1 : 0;
                }
                double chi2 = chiSquare(counts[i], p, epochs);
                assertTrue(chi2 < critical[possible - 1], "element " + i + ": chi-square " + chi2 + " with "
                        + (possible - 1) + " degrees of freedom for " + java.util.Arrays.toString(counts[i]));
            }
        }
    }

    /** A buffer of 1 keeps the input order (ShuffleDataset picks among one element), in every epoch and path. */
    @Test
    void aBufferOfOneKeepsTheOrder() {
        for (Dataset ds : List.of(rows(12).shuffle(1, 5), elements(12).shuffle(1, 5), rows(12).shuffle(1, 5, false))) {
            for (int epoch = 0; epoch < 3; epoch++) {
                assertEquals(upTo(12), xs(ds), "epoch " + epoch);
            }
        }
        List<Integer> twice = new ArrayList<>(upTo(5));
        twice.addAll(upTo(5));
        assertEquals(twice, xs(rows(5).repeat().shuffle(1, 9).take(10)));
    }

    /**
     * Every output is a permutation of the epoch; output k is always one of the first k + bufferSize inputs (an element
     * moves forward by at most bufferSize - 1 places), and the first output of a buffer of 4 takes each of the first 4
     * elements (and no other) at some seed.
     */
    @Test
    void anElementMovesForwardByLessThanTheBuffer() {
        Set<Integer> firsts = new HashSet<>();
        for (int seed = 0; seed < 60; seed++) {
            for (Dataset ds : List.of(rows(30).shuffle(4, seed), elements(30).shuffle(4, seed))) {
                List<Integer> out = xs(ds);
                assertEquals(upTo(30), sorted(out));
                for (int k = 0; k < out.size(); k++) {
                    assertTrue(out.get(k) < k + 4, "seed " + seed + ": output " + k + " is input " + out.get(k));
                }
                firsts.add(out.get(0));
            }
        }
        assertEquals(Set.of(0, 1, 2, 3), firsts);
    }

    // ---------------------------------------------------------------- streams and memory

    /**
     * The buffer holds at most bufferSize elements: nothing is read when the iterator is made, the first next reads
     * bufferSize elements (TensorFlow fills the buffer before the first choice), and each later next reads one, so
     * after k elements out the generator has given exactly bufferSize + k - 1 (bufferSize - 1 left in the buffer);
     * hasNext between them reads nothing.
     */
    @Test
    void theBufferNeverHoldsMoreThanBufferSizeElements() {
        AtomicLong pulled = new AtomicLong();
        int buffer = 50;
        Dataset ds = counting(pulled, Long.MAX_VALUE).shuffle(buffer, 3);
        try (Dataset.ElementIterator it = ds.iterator()) {
            assertEquals(0, pulled.get(), "nothing read before the first request");
            Set<Long> seen = new HashSet<>();
            for (int k = 1; k <= 500; k++) {
                assertTrue(it.hasNext());
                long v = it.next().x().longValue();
                assertTrue(seen.add(v), "distinct");
                assertTrue(v < k - 1 + buffer, "output " + (k - 1) + " is one of the first " + (k - 1 + buffer));
                assertEquals(buffer + k - 1, pulled.get(), "after " + k + " outputs");
            }
        }
        // a finite generator: the same bound, then the buffer drains (nothing more is read)
        pulled.set(0);
        List<Integer> got = new ArrayList<>();
        Iterator<Batch> it = counting(pulled, 20).shuffle(8, 1).iterator();
        while (it.hasNext()) {
            got.add(it.next().x().intValue());
            assertEquals(Math.min(20, 8 + got.size() - 1), pulled.get());
        }
        assertEquals(upTo(20), sorted(got));
    }

    /**
     * An infinite input (repeat(), or a generator that never ends) is shuffled as it streams, and take bounds it; the
     * cardinality stays infinite (and the full-epoch shuffle still refuses it).
     */
    @Test
    void infiniteInputsAreShuffledAsTheyStream() {
        Dataset endless = rows(10).repeat().shuffle(5, 11);
        assertEquals(Dataset.INFINITE, endless.cardinality());
        List<Integer> first100 = xs(endless.take(100));
        assertEquals(100, first100.size());
        int[] seen = new int[10];
        for (int v : first100) seen[v]++;
        for (int c : seen) {
            // 100 outputs are inputs 0..103: each value 10 times among the first 100 inputs, at most 11 of 104
            assertTrue(c >= 6 && c <= 11, java.util.Arrays.toString(seen));
        }
        assertNotEquals(xs(rows(10).repeat().take(100)), first100);
        AtomicLong pulled = new AtomicLong();
        List<Integer> stream = xs(counting(pulled, Long.MAX_VALUE).shuffle(1000, 42).take(100));
        assertEquals(100, new HashSet<>(stream).size());
        for (int v : stream) assertTrue(v < 1099);
        assertEquals(1099, pulled.get(), "1000 for the first output, one more for each of the other 99");
        assertThrows(IllegalStateException.class, () -> rows(10).repeat().shuffle(5));
    }

    // ---------------------------------------------------------------- determinism and epochs

    /**
     * The orders come from the seed and the epoch only: two datasets, the row and the element path, epoch(e) and
     * the e-th iteration, and prefetch or a parallel map before or after give the same orders.
     */
    @Test
    void theOrderDependsOnlyOnTheSeedAndTheEpoch() {
        Dataset a = rows(40).shuffle(7, 99);
        Dataset b = rows(40).shuffle(7, 99);
        Dataset c = elements(40).shuffle(7, 99);
        Dataset threads = rows(40).prefetch(3).map(x -> x, 4).shuffle(7, 99).prefetch(2);
        for (int epoch = 0; epoch < 4; epoch++) {
            List<Integer> expected = xs(a);
            assertEquals(expected, xs(b), "epoch " + epoch);
            assertEquals(expected, xs(c), "element path, epoch " + epoch);
            assertEquals(expected, xs(threads), "with threads, epoch " + epoch);
            assertEquals(expected, xs(a.epoch(epoch)), "epoch(" + epoch + ")");
        }
        assertNotEquals(xs(rows(40).shuffle(7, 99)), xs(rows(40).shuffle(7, 100)), "another seed, another order");
    }

    /**
     * The draws are those documented in BufferShuffle.Draws: epoch e's stream is
     * Generator.fromSeed(seed).split(e + 1).get(e); its c-th split(256) gives the 64-bit words of call c, used low half
     * first, a word w accepted for an index below n when w is below the largest multiple of n under 2^32, and the last
     * buffered element moves into the chosen slot. Replaying that rule on the public Generator gives the same order,
     * which therefore stays the same from run to run and version to version.
     */
    @Test
    void theDrawsFollowTheDocumentedStream() {
        int n = 300;
        int buffer = 37;
        for (int epoch = 0; epoch < 3; epoch++) {
            Generator g = Generator.fromSeed(123).split(epoch + 1).get(epoch);
            List<Long> words = new ArrayList<>();
            List<Integer> expected = new ArrayList<>();
            List<Integer> buf = new ArrayList<>();
            int nextIn = 0;
            int used = 0;
            while (expected.size() < n) {
                while (buf.size() < buffer && nextIn < n) {
                    buf.add(nextIn++);
                }
                int size = buf.size();
                int k = 0;
                if (size > 1) {
                    long limit = (1L << 32) - (1L << 32) % size;
                    while (true) {
                        if (used == words.size()) {
                            for (Generator child : g.split(256)) {
                                long key = child.getState()[1];
                                words.add(key & 0xFFFF_FFFFL);
                                words.add(key >>> 32);
                            }
                        }
                        long w = words.get(used++);
                        if (w < limit) {
                            k = (int) (w % size);
                            break;
                        }
                    }
                }
                expected.add(buf.get(k));
                buf.set(k, buf.get(size - 1));
                buf.remove(size - 1);
            }
            assertEquals(expected, xs(rows(n).shuffle(buffer, 123).epoch(epoch)), "epoch " + epoch);
            assertEquals(expected, xs(elements(n).shuffle(buffer, 123).epoch(epoch)), "element path, epoch " + epoch);
        }
    }

    /**
     * reshuffle_each_iteration: a fresh order in each epoch by default; with false every epoch has epoch 0's order
     * (TensorFlow's FixedSeedDataset), and a repeat after it repeats that order.
     */
    @Test
    void reshuffleEachIterationOrNot() {
        Dataset fresh = rows(20).shuffle(5, 8);
        List<Integer> e0 = xs(fresh);
        List<Integer> e1 = xs(fresh);
        List<Integer> e2 = xs(fresh);
        assertNotEquals(e0, e1);
        assertNotEquals(e1, e2);
        assertEquals(upTo(20), sorted(e1));
        assertEquals(e0, xs(rows(20).shuffle(5, 8, true)), "the default is true");
        Dataset fixed = rows(20).shuffle(5, 8, false);
        for (int epoch = 0; epoch < 3; epoch++) {
            assertEquals(e0, xs(fixed), "epoch " + epoch + ": epoch 0's order");
        }
        assertEquals(e0, xs(elements(20).shuffle(5, 8, false).epoch(6)));
        List<Integer> twice = new ArrayList<>(e0);
        twice.addAll(e0);
        assertEquals(twice, xs(rows(20).shuffle(5, 8, false).repeat(2)));
        List<Integer> reshuffled = xs(rows(20).shuffle(5, 8).repeat(2));
        assertEquals(e0, reshuffled.subList(0, 20));
        assertEquals(e1, reshuffled.subList(20, 40), "repetition 1 is the shuffle's epoch 1");
    }

    // ---------------------------------------------------------------- the one-argument shuffle, spec and errors

    /**
     * shuffle(1000), an int literal as TensorFlow's buffer_size, still means the full-epoch shuffle with seed 1000
     * (Dataset.shuffle(long)'s Javadoc): its order is the permutation of stream 0 of seed 1000.
     */
    @Test
    void anIntLiteralAloneIsStillTheSeedOfTheFullShuffle() {
        List<Integer> expected = new ArrayList<>();
        for (int i : Generator.fromSeed(1000).split(1).get(0).permutation(10)) expected.add(i);
        assertEquals(expected, xs(rows(10).shuffle(1000)));
        assertEquals(expected, xs(rows(10).shuffle(1000, false)), "shuffle(long, boolean): the seed too");
    }

    /** The cardinality and element spec pass through (ShuffleDatasetBase::Cardinality with count 1). */
    @Test
    void cardinalityAndSpecAreTheInputs() {
        assertEquals(10, rows(10).shuffle(3, 1).cardinality());
        assertEquals(10, rows(10).shuffle(3, 1).size());
        assertEquals(0, rows(0).shuffle(3, 1).cardinality());
        assertEquals(List.of(), xs(rows(0).shuffle(3, 1)));
        assertEquals(Dataset.INFINITE, rows(10).repeat().shuffle(3, 1).cardinality());
        assertEquals(Dataset.UNKNOWN, rows(10).filter(b -> true).shuffle(3, 1).cardinality());
        assertEquals(Dataset.UNKNOWN, counting(new AtomicLong(), 5).shuffle(3, 1).cardinality());
        Dataset pairs = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 10, 3), Tensors.zeros(DType.INT32, 10));
        assertEquals(pairs.elementSpec(), pairs.shuffle(4, 2).elementSpec());
        assertEquals(pairs.batch(4, true).elementSpec(), pairs.batch(4, true).shuffle(2, 2).elementSpec());
        assertEquals(counting(new AtomicLong(), 1).elementSpec(), counting(new AtomicLong(), 1).shuffle(2, 2)
                .elementSpec());
        assertNull(elements(3).shuffle(2, 2).elementSpec(), "unknown after a map, and still unknown");
        // a batch after it gathers the shuffled rows
        Batch all = rows(6).shuffle(6, 4).batch(6).iterator().next();
        assertEquals(upTo(6), sorted(xs(Dataset.fromTensorSlices(all.x()))));
        // a huge buffer over a small input allocates only what it holds
        assertEquals(upTo(10), sorted(xs(counting(new AtomicLong(), 10).shuffle(Integer.MAX_VALUE, 3))));
        assertEquals(upTo(10), sorted(xs(rows(10).shuffle(Integer.MAX_VALUE, 3))));
    }

    @Test
    void aBufferSizeBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rows(3).shuffle(0, 1));
        assertEquals("shuffle: bufferSize 0 must be at least 1 (TensorFlow: buffer_size must be greater than zero);"
                + " to shuffle the whole epoch use shuffle(seed)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rows(3).shuffle(-2, 1, false));
        assertTrue(e.getMessage().startsWith("shuffle: bufferSize -2 must be at least 1"), e.getMessage());
        // the full shuffle's refusal of an infinite input names the buffer shuffle
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> rows(3).repeat().shuffle(1));
        assertEquals("shuffle: cannot shuffle an infinite dataset (cardinality infinite) whole; call shuffle before"
                + " repeat(), or shuffle through a buffer with shuffle(bufferSize, seed)", s.getMessage());
    }

    /**
     * An exception from the input while the buffer fills surfaces from the call that asked, the buffered elements
     * stay, and the iteration goes on after the failed element: with a buffer of 4, element 3's failure comes from
     * the first request (which was filling 0, 1, 2, 3), and the other 9 elements all follow.
     */
    @Test
    void anInputErrorSurfacesWhileFillingAndTheIterationGoesOn() {
        Dataset ds = rows(10).map(b -> {
            if (b.x().intValue() == 3) {
                throw new IllegalArgumentException("bad element 3");
            }
            return b;
        }).shuffle(4, 6);
        Iterator<Batch> it = ds.iterator();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, it::next);
        assertEquals("bad element 3", e.getMessage());
        List<Integer> rest = new ArrayList<>();
        while (it.hasNext()) {
            rest.add(it.next().x().intValue());
        }
        assertEquals(List.of(0, 1, 2, 4, 5, 6, 7, 8, 9), sorted(rest));
    }
}
