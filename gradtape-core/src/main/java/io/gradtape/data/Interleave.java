package io.gradtape.data;

import java.util.Iterator;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The elements of the datasets {@code f} makes of {@code cycleLength} input elements at a time, {@code blockLength}
 * consecutive elements from each in turn: TensorFlow's InterleaveDataset (interleave_dataset_op.cc,
 * {@code GetNextInternal}), step for step. A slot whose dataset ends is refilled from the input in place, on the
 * next visit, without moving to the next slot; the iteration ends when the input has ended and no slot is open.
 * The kernel has no {@code CardinalityInternal}: unknown, whatever the input's (0 and infinite included).
 */
final class Interleave extends Pipeline.Node {
    private final Pipeline.Node up;
    private final Function<Batch, Dataset> f;
    private final int cycleLength;
    private final int blockLength;

    Interleave(Pipeline.Node up, Function<Batch, Dataset> f, int cycleLength, int blockLength) {
        this.up = up;
        this.f = f;
        this.cycleLength = cycleLength;
        this.blockLength = blockLength;
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
            final InnerDataset[] slots = new InnerDataset[cycleLength];
            int cycleIndex;
            int blockIndex;
            boolean endOfInput;
            int open;
            long index;   // of the next input element

            private void nextInCycle() {
                blockIndex = 0;
                cycleIndex = (cycleIndex + 1) % cycleLength;
            }

            @Override
            public Batch get() {
                while (!endOfInput || open > 0) {
                    InnerDataset cur = slots[cycleIndex];
                    if (cur != null) {
                        if (cur.it.hasNext()) {
                            Batch b = cur.it.next();
                            if (++blockIndex == blockLength) {
                                nextInCycle();
                            }
                            return b;
                        }
                        cur.resources.release();
                        slots[cycleIndex] = null;
                        open--;
                        nextInCycle();
                    } else if (!endOfInput) {
                        if (!in.hasNext()) {
                            endOfInput = true;
                        } else {
                            Batch b = in.next();
                            slots[cycleIndex] = InnerDataset.open("interleave", f, b, index++);
                            open++;
                        }
                    } else {
                        nextInCycle();
                    }
                }
                return null;
            }
        });
    }
}
