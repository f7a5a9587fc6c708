package io.gradtape.data;

import java.util.Iterator;
import java.util.function.Function;

/** A dataset made by a {@code flatMap} or {@code interleave} function, opened with resources of its own. */
final class InnerDataset {
    final Iterator<Batch> it;
    final Background.Resources resources;

    InnerDataset(Iterator<Batch> it, Background.Resources resources) {
        this.it = it;
        this.resources = resources;
    }

    /** {@code f(b)}'s next epoch, opened with resources of its own. */
    static InnerDataset open(String op, Function<Batch, Dataset> f, Batch b, long i) {
        Dataset d = f.apply(b);
        if (d == null) {
            throw new NullPointerException(op + ": the function returned null for element " + i);
        }
        Background.Resources r = Background.Resources.child();
        try {
            return new InnerDataset(Background.within(r, d::open), r);
        } catch (RuntimeException | Error ex) {
            r.release();
            throw ex;
        }
    }
}
