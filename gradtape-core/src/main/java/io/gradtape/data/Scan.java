package io.gradtape.data;

import java.util.Iterator;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * {@code f} applied to a state and each element in turn, yielding the new state and the output element:
 * TensorFlow's ScanDataset (scan_dataset_op.cc), whose cardinality is its input's. The state starts from
 * {@code initial} in every epoch.
 */
final class Scan<S> extends Pipeline.Node {
    private final Pipeline.Node up;
    private final S initial;
    private final BiFunction<S, Batch, Dataset.Step<S>> f;

    Scan(Pipeline.Node up, S initial, BiFunction<S, Batch, Dataset.Step<S>> f) {
        this.up = up;
        this.initial = initial;
        this.f = f;
    }

    @Override
    long cardinality() {
        return up.cardinality();
    }

    @Override
    Pipeline.Spec spec() {
        return null;   // known only once f has run
    }

    @Override
    boolean endless() {
        return up.endless();
    }

    @Override
    Iterator<Batch> elements(long e) {
        Iterator<Batch> it = up.elements(e);
        return Pipeline.untilNull(new Supplier<>() {
            S state = initial;
            long index;

            @Override
            public Batch get() {
                if (!it.hasNext()) {
                    return null;
                }
                long i = index++;
                Dataset.Step<S> r = f.apply(state, it.next());
                if (r == null) {
                    throw new NullPointerException("scan: the function returned null for element " + i);
                }
                state = r.state();
                return r.element();
            }
        });
    }
}
