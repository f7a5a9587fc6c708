package io.gradtape.data;

import io.gradtape.DType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Elements grouped by the bucket of their length and padded-batched per bucket: TensorFlow's
 * {@code bucket_by_sequence_length} (dataset_ops.py), a {@code group_by_window} (GroupByWindowDataset,
 * experimental/group_by_window_dataset_op.cc) whose key is the bucket and whose reducer is
 * {@code padded_batch(bucket_batch_sizes[bucket])}. A bucket's batch is emitted as soon as it holds its batch size
 * of elements; when the input ends, the partial buckets are emitted in increasing bucket order (the kernel's
 * {@code std::map} of groups), each dropped instead with {@code dropRemainder}. The cardinality is infinite for an
 * infinite input, else unknown (an empty input's too), as GroupByWindowDataset's {@code CardinalityInternal}.
 */
final class Bucket extends Pipeline.Node {
    private final Pipeline.Node up;
    private final ToIntFunction<Batch> length;
    private final int[] boundaries;
    private final int[] batchSizes;
    private final int[][] shapes;
    private final Object[] pads;
    private final DType[] padTypes;
    private final boolean padToBoundary;
    private final boolean dropRemainder;

    Bucket(Pipeline.Node up, ToIntFunction<Batch> length, int[] boundaries, int[] batchSizes, int[][] shapes,
            Object[] pads, DType[] padTypes, boolean padToBoundary, boolean dropRemainder) {
        this.up = up;
        this.length = length;
        this.boundaries = boundaries;
        this.batchSizes = batchSizes;
        this.shapes = shapes;
        this.pads = pads;
        this.padTypes = padTypes;
        this.padToBoundary = padToBoundary;
        this.dropRemainder = dropRemainder;
    }

    @Override
    long cardinality() {
        return up.cardinality() == Pipeline.INFINITE ? Pipeline.INFINITE : Pipeline.UNKNOWN;
    }

    /**
     * The input's dtypes; per component {@code [None] + P}, {@code P} the padded shape given or the input's
     * dims (None where they vary; with {@code padToBucketBoundary} a None stays None, as the buckets differ).
     */
    @Override
    Pipeline.Spec spec() {
        Pipeline.Spec s = up.spec();
        if (s == null) {
            return null;
        }
        int[][] padded = new int[s.dims.length][];
        for (int i = 0; i < padded.length; i++) {
            padded[i] = shapes != null && shapes[i] != null ? shapes[i] : s.dims[i];
        }
        return Pipeline.BatchStage.batched(s, padded, 1, false);
    }

    @Override
    boolean endless() {
        return up.endless();
    }

    /**
     * The bucket of {@code len}: the first {@code i} with {@code min_i <= len < max_i}, where
     * {@code min = [int32 min] + boundaries} and {@code max = boundaries + [int32 max]}
     * (dataset_ops.py, {@code element_to_bucket_id}); -1 for none ({@code Integer.MAX_VALUE}).
     */
    int bucketOf(int len) {
        for (int i = 0; i <= boundaries.length; i++) {
            int lo = i == 0 ? Integer.MIN_VALUE : boundaries[i - 1];
            int hi = i == boundaries.length ? Integer.MAX_VALUE : boundaries[i];
            if (lo <= len && len < hi) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The padded shapes of bucket {@code b}: those given (or the batch's longest); with {@code padToBoundary},
     * every None dimension of the padded shape, or of the input's spec, is {@code boundaries[b] - 1}
     * (dataset_ops.py, {@code batching_fn}, {@code none_filler}); a component of unknown spec counts as all None.
     */
    private int[][] shapesFor(int b, Batch first) {
        if (!padToBoundary) {
            return shapes;
        }
        Pipeline.Spec s = up.spec();
        int k = first.size();
        int[][] out = new int[k][];
        for (int c = 0; c < k; c++) {
            int[] base = shapes != null && c < shapes.length && shapes[c] != null ? shapes[c]
                    : s != null && c < s.dims.length && s.dims[c] != null ? s.dims[c] : null;
            if (base == null) {
                base = new int[first.get(c).rank()];
                Arrays.fill(base, -1);
            }
            out[c] = base.clone();
            for (int j = 0; j < out[c].length; j++) {
                if (out[c][j] < 0) {
                    out[c][j] = boundaries[b] - 1;
                }
            }
        }
        return out;
    }

    @Override
    Iterator<Batch> elements(long e) {
        Iterator<Batch> it = up.elements(e);
        return Pipeline.untilNull(new Supplier<>() {
            final TreeMap<Integer, List<Batch>> groups = new TreeMap<>();
            boolean inputEnded;
            long index;     // of the next input element
            long batches;   // emitted so far

            private Batch flush(int b, List<Batch> group) {
                Pipeline.PaddedBatch pb = new Pipeline.PaddedBatch("bucketBySequenceLength", up, batchSizes[b],
                        dropRemainder, shapesFor(b, group.get(0)), pads, padTypes);
                return pb.pad(group, batches++);
            }

            @Override
            public Batch get() {
                while (!inputEnded) {
                    if (!it.hasNext()) {
                        inputEnded = true;
                        break;
                    }
                    Batch x = it.next();
                    long i = index++;
                    int len = length.applyAsInt(x);
                    int b = bucketOf(len);
                    if (b < 0) {
                        throw new IllegalArgumentException("bucketBySequenceLength: element " + i + " has length "
                                + len + ", in no bucket (the last bucket ends before 2^31 - 1)");
                    }
                    if (padToBoundary && b == boundaries.length) {
                        throw new IllegalArgumentException("bucketBySequenceLength: element " + i + " has length "
                                + len + ", not below the last boundary " + boundaries[boundaries.length - 1]
                                + "; with padToBucketBoundary every element must be shorter than the largest"
                                + " boundary");
                    }
                    List<Batch> group = groups.computeIfAbsent(b, key -> new ArrayList<>());
                    group.add(x);
                    if (group.size() == batchSizes[b]) {
                        groups.remove(b);
                        return flush(b, group);
                    }
                }
                while (!groups.isEmpty()) {
                    Map.Entry<Integer, List<Batch>> first = groups.pollFirstEntry();
                    if (!dropRemainder) {
                        return flush(first.getKey(), first.getValue());
                    }
                }
                return null;
            }
        });
    }
}
