package io.gradtape.data;

import io.gradtape.Tensor;

import java.util.Iterator;

/**
 * Every {@code numShards}-th element from position {@code index}: TensorFlow's ShardDataset
 * (shard_dataset_op.cc), whose cardinality is {@code n / numShards + (index < n % numShards ? 1 : 0)}, infinite
 * and unknown staying so. Of a row-based input it stays row-based.
 */
final class Shard extends Pipeline.Node {
    private final Pipeline.Node up;
    private final int numShards;
    private final int index;

    Shard(Pipeline.Node up, int numShards, int index) {
        this.up = up;
        this.numShards = numShards;
        this.index = index;
    }

    @Override
    long cardinality() {
        long n = up.cardinality();
        if (n < 0) {
            return n;
        }
        return n / numShards + (index < n % numShards ? 1 : 0);
    }

    @Override
    Pipeline.Spec spec() {
        return up.spec();
    }

    @Override
    boolean endless() {
        return up.endless();
    }

    @Override
    Tensor[] base() {
        return up.base();
    }

    @Override
    Pipeline.IntIterator indices(long e) {
        Pipeline.IntIterator rows = up.indices(e);
        return new Pipeline.IntIterator() {
            long position;   // of the next input row
            int pending;
            boolean has;

            @Override
            public boolean hasNext() {
                while (!has && rows.hasNext()) {
                    long p = position++;
                    int r = rows.next();
                    if (p % numShards == index) {
                        pending = r;
                        has = true;
                    }
                }
                return has;
            }

            @Override
            public int next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                has = false;
                return pending;
            }
        };
    }

    @Override
    Iterator<Batch> elements(long e) {
        if (base() != null) {
            return super.elements(e);
        }
        Iterator<Batch> it = up.elements(e);
        long[] position = {0};
        return Pipeline.untilNull(() -> {
            while (it.hasNext()) {
                long p = position[0]++;
                Batch b = it.next();
                if (p % numShards == index) {
                    return b;
                }
            }
            return null;
        });
    }
}
