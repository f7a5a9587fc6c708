package io.gradtape.data;

import java.util.Iterator;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The elements of the dataset {@code f} makes of each input element, one dataset after the other: TensorFlow's
 * FlatMapDataset (flat_map_dataset_op.cc). Its cardinality is unknown, an empty input's too: the kernel computes
 * one only at {@code CARDINALITY_COMPUTE_MODERATE}, and {@code Dataset.cardinality()} asks at the default level.
 */
final class FlatMap extends Pipeline.Node {
    private final Pipeline.Node up;
    private final Function<Batch, Dataset> f;

    FlatMap(Pipeline.Node up, Function<Batch, Dataset> f) {
        this.up = up;
        this.f = f;
    }

    @Override
    long cardinality() {
        return Pipeline.UNKNOWN;   // even for an empty input: the kernel does not look at it
    }

    @Override
    Pipeline.Spec spec() {
        return null;
    }

    @Override
    boolean endless() {
        return up.endless();
    }

    @Override
    Iterator<Batch> elements(long e) {
        Iterator<Batch> in = up.elements(e);
        return Pipeline.untilNull(new Supplier<>() {
            InnerDataset cur;
            long index;   // of the next input element

            @Override
            public Batch get() {
                while (true) {
                    if (cur != null) {
                        if (cur.it.hasNext()) {
                            return cur.it.next();
                        }
                        cur.resources.release();
                        cur = null;
                    }
                    if (!in.hasNext()) {
                        return null;
                    }
                    Batch b = in.next();
                    cur = InnerDataset.open("flatMap", f, b, index++);
                }
            }
        });
    }
}
