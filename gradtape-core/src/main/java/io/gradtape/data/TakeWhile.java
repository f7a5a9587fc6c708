package io.gradtape.data;

import java.util.Iterator;
import java.util.function.Predicate;

/**
 * The elements up to the first for which the predicate is false: TensorFlow's TakeWhileDataset
 * (experimental/take_while_dataset_op.cc), of unknown cardinality.
 */
final class TakeWhile extends Pipeline.Node {
    private final Pipeline.Node up;
    private final Predicate<Batch> keep;

    TakeWhile(Pipeline.Node up, Predicate<Batch> keep) {
        this.up = up;
        this.keep = keep;
    }

    @Override
    long cardinality() {
        return Pipeline.UNKNOWN;
    }

    @Override
    Pipeline.Spec spec() {
        return up.spec();
    }

    /** Counts as finite, even of an infinite input: ending an infinite input is what takeWhile is for. */
    @Override
    boolean endless() {
        return false;
    }

    @Override
    Iterator<Batch> elements(long e) {
        Iterator<Batch> it = up.elements(e);
        return Pipeline.untilNull(() -> {
            if (!it.hasNext()) {
                return null;
            }
            Batch b = it.next();
            return keep.test(b) ? b : null;
        });
    }
}
