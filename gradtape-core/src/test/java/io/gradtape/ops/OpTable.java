package io.gradtape.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The whole op table that {@link OpTableTest} drives through every per-op check, one file per op family:
 * elementwise, reductions, scans and sorting, movement, indexing, products, neural-network ops, linear algebra, arrays
 * made from arrays ({@link CreationOpCases}), and composites (custom gradients, chains). A new op adds its rows to its family's file; a
 * new family adds its {@code cases()} here.
 */
public final class OpTable {
    private static List<OpCase> all;

    private OpTable() {
    }

    /** Every case of the table, in order (built once; cases are immutable). */
    public static synchronized List<OpCase> all() {
        if (all == null) {
            List<OpCase> c = new ArrayList<>(ElementwiseOpCases.cases());
            c.addAll(ReductionOpCases.cases());
            c.addAll(ScanSortOpCases.cases());
            c.addAll(MovementOpCases.cases());
            c.addAll(IndexingOpCases.cases());
            c.addAll(ProductOpCases.cases());
            c.addAll(NnOpCases.cases());
            c.addAll(CreationOpCases.cases());
            c.addAll(CompositeOpCases.cases());
            c.addAll(LinalgOpCases.cases());
            all = Collections.unmodifiableList(c);
        }
        return all;
    }
}
