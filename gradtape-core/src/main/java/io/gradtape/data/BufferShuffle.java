package io.gradtape.data;

import io.gradtape.Tensor;
import io.gradtape.internal.random.RandomKernels;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A shuffle through a buffer of at most {@code bufferSize} elements: TensorFlow's ShuffleDataset
 * (shuffle_dataset_op.cc, {@code ShuffleDatasetBase::Iterator::GetNextInternal}). Each request first tops the buffer
 * up from the input until it holds {@code bufferSize} elements or the input has ended, then hands out one of the
 * buffered elements chosen uniformly at random; once the input has ended the buffer drains the same way. The
 * buffer never holds more than {@code bufferSize} elements, so the input may be infinite or larger than memory.
 *
 * <p>TensorFlow keeps the buffer as a ring and swaps the chosen slot with the oldest; here the last slot moves into
 * the chosen one. Each choice is uniform over the buffered elements whatever their slots, so the distribution of
 * the orders is the same. TensorFlow draws {@code Random() % n}, slightly biased for an {@code n} that is not a
 * power of two; these draws are unbiased (see {@link Draws}).
 *
 * <p>For a row-based input the buffer holds row indices and the node stays row-based, as the full shuffle.
 */
final class BufferShuffle extends Pipeline.PassThrough {
    private final int bufferSize;
    private final long seed;
    private final boolean reshuffle;

    BufferShuffle(Pipeline.Node up, int bufferSize, long seed, boolean reshuffle) {
        super(up);
        this.bufferSize = bufferSize;
        this.seed = seed;
        this.reshuffle = reshuffle;
    }

    @Override
    Tensor[] base() {
        return up.base();
    }

    /** The draws of epoch {@code e}: stream e of the seed, or stream 0 in every epoch without reshuffling. */
    private Draws draws(long e) {
        return new Draws(RandomKernels.splitKey(seed, 0, reshuffle ? e : 0));
    }

    /** The first capacity of a buffer: grown by doubling up to {@code bufferSize}, so a small input costs little. */
    private int firstCapacity() {
        long c = up.cardinality();
        int cap = Math.min(bufferSize, 64);
        return c >= 0 ? (int) Math.max(1, Math.min(cap, c)) : cap;
    }

    private int grown(int length) {
        return (int) Math.min(Math.min(bufferSize, Integer.MAX_VALUE - 8), 2L * length);   // the VM's array limit
    }

    @Override
    Pipeline.IntIterator indices(long e) {
        Pipeline.IntIterator input = up.indices(e);
        Draws draws = draws(e);
        return new Pipeline.IntIterator() {
            int[] buf = new int[firstCapacity()];
            int count;

            @Override
            public boolean hasNext() {
                return count > 0 || input.hasNext();
            }

            @Override
            public int next() {
                while (count < bufferSize && input.hasNext()) {
                    if (count == buf.length) {
                        buf = Arrays.copyOf(buf, grown(buf.length));
                    }
                    buf[count++] = input.next();
                }
                if (count == 0) {
                    throw new NoSuchElementException();
                }
                int k = draws.below(count);
                int out = buf[k];
                buf[k] = buf[--count];
                return out;
            }
        };
    }

    /**
     * The elements, through a buffer of elements. An exception from the input while the buffer is topped up leaves
     * the buffered elements in place and surfaces from the {@code hasNext} or {@code next} that asked; the next call
     * goes on with the input after the failed element, as the other stages.
     */
    @Override
    Iterator<Batch> elements(long e) {
        if (base() != null) {
            return super.elements(e);
        }
        Iterator<Batch> input = up.elements(e);
        Draws draws = draws(e);
        return new Iterator<>() {
            Batch[] buf = new Batch[firstCapacity()];
            int count;

            @Override
            public boolean hasNext() {
                return count > 0 || input.hasNext();
            }

            @Override
            public Batch next() {
                while (count < bufferSize && input.hasNext()) {
                    Batch b = input.next();
                    if (count == buf.length) {
                        buf = Arrays.copyOf(buf, grown(buf.length));
                    }
                    buf[count++] = b;
                }
                if (count == 0) {
                    throw new NoSuchElementException();
                }
                int k = draws.below(count);
                Batch out = buf[k];
                buf[k] = buf[--count];
                buf[count] = null;   // handed out: the buffer no longer keeps it alive
                return out;
            }
        };
    }

    /**
     * Uniform indices for one epoch, from the 32-bit words of its stream taken in order: the 64-bit words
     * {@code RandomKernels.longs(new Stream(key, c), 256)} of calls {@code c = 0, 1, 2, ...} (which are the keys
     * {@code generator.split(256)} returns on the c-th call of a generator with this key), each split into its low
     * then its high half. An index in {@code [0, n)} takes the next word {@code w} below the largest multiple of
     * {@code n} that fits in 2^32 and returns {@code w % n} (a word above is skipped; each is kept with probability
     * above 1/2); {@code n = 1} takes no word.
     */
    static final class Draws {
        /** 64-bit words per call of the stream. */
        static final int LONGS_PER_CALL = 256;
        private static final long MASK = 0xFFFF_FFFFL;
        private final long key;
        private long call;
        private long[] longs = new long[0];
        private int next;   // the next 32-bit word of longs: longs[next / 2], low half first

        Draws(long key) {
            this.key = key;
        }

        /** A uniform index in {@code [0, n)}, {@code n >= 1}. */
        int below(int n) {
            if (n == 1) {
                return 0;
            }
            long limit = (1L << 32) - (1L << 32) % n;
            while (true) {
                long w = word();
                if (w < limit) {
                    return (int) (w % n);
                }
            }
        }

        private long word() {
            if (next == 2 * longs.length) {
                longs = RandomKernels.longs(new RandomKernels.Stream(key, call++), LONGS_PER_CALL);
                next = 0;
            }
            long l = longs[next >>> 1];
            long w = (next & 1) == 0 ? l & MASK : l >>> 32;
            next++;
            return w;
        }
    }
}
