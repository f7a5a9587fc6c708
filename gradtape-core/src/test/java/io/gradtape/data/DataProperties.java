package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Tensors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Dataset and Csv for any sizes, seeds and values. */
class DataProperties {
    @Property(tries = 200)
    void everyEpochOfAShuffledBatchedDatasetCoversEachRowOnce(@ForAll @IntRange(min = 0, max = 200) int n,
                                                              @ForAll @IntRange(min = 1, max = 50) int size,
                                                              @ForAll boolean drop, @ForAll long seed) {
        int[] ids = new int[n];
        float[] x = new float[3 * n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            x[3 * i] = i;
        }
        Dataset ds = Dataset.fromTensorSlices(Tensors.constant(x, n, 3), Tensors.constant(ids, n))
                .shuffle(seed).batch(size, drop);
        int expectedBatches = drop ? n / size : (n + size - 1) / size;
        assertEquals(expectedBatches, ds.size());
        for (int epoch = 0; epoch < 2; epoch++) {
            int[] seen = new int[n];
            int batches = 0;
            for (Batch b : ds) {
                batches++;
                int[] y = b.y().toIntArray();
                float[] f = b.x().toFloatArray();
                assertTrue(y.length == size || (!drop && batches == expectedBatches));
                for (int i = 0; i < y.length; i++) {
                    seen[y[i]]++;
                    assertEquals(y[i], f[3 * i]);
                }
            }
            assertEquals(expectedBatches, batches);
            for (int i = 0; i < n; i++) {
                assertEquals(drop && seen[i] == 0 ? 0 : 1, seen[i]);
            }
            assertEquals(drop ? expectedBatches * size : n, Arrays.stream(seen).sum());
        }
    }

    @Property(tries = 200)
    void theRowPathAndTheElementPathYieldTheSameElements(@ForAll @IntRange(min = 0, max = 30) int n,
                                                          @ForAll @IntRange(min = 0, max = 40) int take,
                                                          @ForAll @IntRange(min = 0, max = 40) int skip,
                                                          @ForAll @IntRange(min = 0, max = 3) int repeat,
                                                          @ForAll @IntRange(min = 1, max = 7) int size,
                                                          @ForAll boolean drop, @ForAll long seed) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        Dataset rows = Dataset.fromTensorSlices(Tensors.constant(ids, n));
        // map(e -> e) makes an element node, so every later stage takes its element path
        Dataset elements = rows.map(e -> e);
        Dataset a = rows.shuffle(seed).repeat(repeat).skip(skip).take(take).batch(size, drop);
        Dataset b = elements.shuffle(seed).repeat(repeat).skip(skip).take(take).batch(size, drop);
        assertEquals(a.size(), b.size());
        for (int epoch = 0; epoch < 2; epoch++) {
            List<List<Integer>> got = flat(b);
            assertEquals(flat(a), got);
            assertEquals(a.size(), got.size());
        }
    }


    /**
     * window: the elements of window {@code w} are {@code w*shift + j*stride < n} for {@code j < size} (windows
     * starting before {@code n}; with dropRemainder only full ones), as WindowDataset's buffer walk gives, and the
     * cardinality is the number iterated. rebatch(k, drop) gives unbatch().batch(k, drop)'s batches (dataset_ops.py,
     * rebatch). shard(k, i) gives elements {@code i, i + k, ...}. interleave with cycle 1 is flatMap.
     */
    @Property(tries = 200)
    void windowRebatchShardAndInterleaveAgreeWithTheirDefinitions(@ForAll @IntRange(min = 0, max = 25) int n,
                                                                  @ForAll @IntRange(min = 1, max = 5) int size,
                                                                  @ForAll @IntRange(min = 1, max = 6) int shift,
                                                                  @ForAll @IntRange(min = 1, max = 3) int stride,
                                                                  @ForAll @IntRange(min = 1, max = 6) int k,
                                                                  @ForAll boolean drop) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        Dataset rows = Dataset.fromTensorSlices(Tensors.constant(ids, n));
        List<List<Integer>> expected = new ArrayList<>();
        for (int start = 0; start < n; start += shift) {
            List<Integer> w = new ArrayList<>();
            for (int j = 0; j < size && start + j * stride < n; j++) {
                w.add(start + j * stride);
            }
            if (!drop || w.size() == size) {
                expected.add(w);
            }
        }
        Dataset windows = rows.window(size, shift, stride, drop);
        assertEquals(expected, flat(windows));
        assertEquals(expected.size(), windows.cardinality());
        Dataset batched = rows.batch(size);
        assertEquals(flat(batched.unbatch().batch(k, drop)), flat(batched.rebatch(k, drop)));
        int index = k - 1;
        List<List<Integer>> shard = new ArrayList<>();
        for (int i = index; i < n; i += k) {
            shard.add(List.of(i));
        }
        assertEquals(shard, flat(rows.shard(k, index)));
        assertEquals(shard, flat(rows.map(e -> e).shard(k, index)));
        assertEquals(shard.size(), rows.shard(k, index).cardinality());
        assertEquals(flat(batched.flatMap(b -> Dataset.fromTensorSlices(b.x()))),
                flat(batched.interleave(b -> Dataset.fromTensorSlices(b.x()), 1, size)));
    }

    private static List<List<Integer>> flat(Dataset ds) {
        List<List<Integer>> out = new ArrayList<>();
        for (Batch b : ds) {
            List<Integer> ids = new ArrayList<>();
            for (int v : b.get(0).toIntArray()) {
                ids.add(v);
            }
            out.add(ids);
        }
        return out;
    }

    @Property(tries = 200)
    void csvReadsBackWhatJavaWrites(@ForAll @Size(min = 1, max = 20) List<Double> values, @ForAll float f) {
        StringBuilder text = new StringBuilder();
        for (double v : values) {
            text.append(v).append(',').append(f).append('\n');
        }
        try {
            Table d = Csv.read(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), "p.csv",
                    Csv.options().dtype(DType.FLOAT64).labelColumns(-1).labelDtype(DType.FLOAT32));
            double[] got = d.features().toDoubleArray();
            float[] labels = d.labels().toFloatArray();
            for (int i = 0; i < values.size(); i++) {
                assertEquals(Double.doubleToLongBits(values.get(i)), Double.doubleToLongBits(got[i]));
                assertEquals(Float.floatToIntBits(f), Float.floatToIntBits(labels[i]));
            }
        } catch (IOException e) {
            fail(e);
        }
    }
}
