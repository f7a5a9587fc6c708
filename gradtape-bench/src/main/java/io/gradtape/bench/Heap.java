package io.gradtape.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Used heap after a full collection, the measure of what is still reachable. */
final class Heap {
    private static final MemoryMXBean MX = ManagementFactory.getMemoryMXBean();

    private Heap() {
    }

    /** Bytes of heap in use after {@code System.gc()} (twice, to let reference processing finish). */
    static long usedAfterGc() {
        System.gc();
        System.gc();
        return MX.getHeapMemoryUsage().getUsed();
    }

    static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1048576.0);
    }
}
