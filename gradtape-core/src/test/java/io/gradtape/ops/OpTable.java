package io.gradtape.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The whole op table that the drivers ({@code OpTableTest}, {@code JvpOpTableTest}) iterate over: the core ops
 * ({@link CoreOpCases}) followed by the op library ({@link LibraryOpCases}). A file that contributes cases adds
 * its {@code cases()} here.
 */
public final class OpTable {
    private static List<OpCase> all;

    private OpTable() {
    }

    /** Every case of the table, in order (built once; cases are immutable). */
    public static synchronized List<OpCase> all() {
        if (all == null) {
            List<OpCase> c = new ArrayList<>(CoreOpCases.cases());
            c.addAll(LibraryOpCases.cases());
            c.addAll(ArrayOpCases.cases());
            c.addAll(CompositeOpCases.cases());
            c.addAll(LinalgOpCases.cases());
            all = Collections.unmodifiableList(c);
        }
        return all;
    }
}
