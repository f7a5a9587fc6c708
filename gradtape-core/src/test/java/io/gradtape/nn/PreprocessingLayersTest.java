package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.checkpoint.Checkpoint;
import io.gradtape.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The numeric preprocessing layers against Keras 3's rules: Normalization
 * (keras/src/layers/preprocessing/normalization.py), Rescaling (rescaling.py), Discretization (discretization.py)
 * and CategoryEncoding (category_encoding.py with keras/src/utils/numerical_utils.py). Expected values are Keras's
 * docstring examples or NumPy 1.24 output of the rules written out (the scripts are quoted in the comments).
 */
class PreprocessingLayersTest {
    @TempDir
    Path dir;

    /** {@code ((i * 7919) % 101 - 50) / 7} over the shape, row-major. */
    private static Tensor data(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((i * 7919) % 101 - 50) / 7.0;
        }
        return Tensors.constant(v, shape);
    }

    // ------------------------------------------------------------------ Normalization

    @Test
    void normalizationDocstringExamples() {
        // normalization.py docstring: axis=None adapted on [1..5] maps [1, 2, 3] to [-1.4142135, -0.70710677, 0]
        Normalization all = Normalization.builder().axis().build();
        all.adapt(Tensors.constant(new float[] {1, 2, 3, 4, 5}, 5));
        assertArrayEquals(new float[] {-1.4142135f, -0.70710677f, 0f},
                all.call(Tensors.constant(new float[] {1, 2, 3}, 3)).toFloatArray(), 1e-7f);
        assertEquals(0, all.mean().rank());
        // axis=-1 on [[0,7,4],[2,9,6],[0,7,4],[2,9,6]]: [[0,7,4]] -> [-1,-1,-1]; inverted, [[1,2,3]] -> [2,10,8]
        Tensor adaptData = Tensors.constant(new float[][] {{0, 7, 4}, {2, 9, 6}, {0, 7, 4}, {2, 9, 6}});
        Normalization last = new Normalization();
        last.adapt(adaptData);
        assertArrayEquals(new float[] {-1, -1, -1}, last.call(Tensors.constant(new float[][] {{0, 7, 4}})).toFloatArray());
        Normalization inv = Normalization.builder().invert(true).build();
        inv.adapt(adaptData);
        assertArrayEquals(new float[] {2, 10, 8}, inv.call(Tensors.constant(new float[][] {{1, 2, 3}})).toFloatArray());
        // mean=3, variance=2 given: [[1],[2],[3]] -> [[-1.4142135],[-0.70710677],[0]], and no variables
        Normalization given = Normalization.builder().meanAndVariance(3, 2).build();
        assertArrayEquals(new float[] {-1.4142135f, -0.70710677f, 0f},
                given.call(Tensors.constant(new float[] {1, 2, 3}, 3, 1)).toFloatArray(), 1e-7f);
        assertTrue(given.variables().isEmpty());
    }

    @Test
    void normalizationKeptMiddleAxisTensorAndDatasetAgree() {
        // NumPy: x = data(5, 2, 3); m = x.mean(axis=(0, 2)); v = x.var(axis=(0, 2)); (x - m) / maximum(sqrt(v), 1e-7)
        double[] m = {-0.25714286, 0.0};
        double[] v = {16.19918367, 19.16734694};
        double[] y0 = {-1.71081257, -0.25555706, 1.19969844, -0.91364817, 0.42419379, -1.53362372};
        Tensor x = data(5, 2, 3);
        Normalization t = Normalization.builder().axis(1).build();
        t.adapt(x);
        assertArrayEquals(m, t.mean().toDoubleArray(), 1e-8);
        assertArrayEquals(v, t.variance().toDoubleArray(), 1e-8);
        assertArrayEquals(y0, Tensors.slice(t.call(x), new int[] {0, 0, 0}, new int[] {1, 2, 3}).toDoubleArray(), 1e-8);
        // the running merge over batches of 2, 2, 1 gives the same statistics (Keras's tf.data path)
        Normalization d = Normalization.builder().axis(1).build();
        d.adapt(Dataset.fromTensorSlices(x).batch(2));
        assertArrayEquals(t.mean().toDoubleArray(), d.mean().toDoubleArray(), 1e-12);
        assertArrayEquals(t.variance().toDoubleArray(), d.variance().toDoubleArray(), 1e-12);
        assertEquals(DType.FLOAT64, d.mean().dtype());
        // unbatched rank-1 elements are single examples (Keras batches them by 128)
        Tensor rows = Tensors.reshape(Tensors.slice(x, new int[] {0, 0, 0}, new int[] {5, 1, 3}), 5, 3);
        Normalization perRow = new Normalization();
        perRow.adapt(Dataset.fromTensorSlices(rows));
        Normalization whole = new Normalization();
        whole.adapt(rows);
        assertArrayEquals(whole.variance().toDoubleArray(), perRow.variance().toDoubleArray(), 1e-12);
    }

    @Test
    void normalizationZeroVarianceIntegerInputAndGradient() {
        // variance 0 is floored at sqrt: (3 - 1) / max(sqrt(0), 1e-7) in float32 = 2e7; (2 - 3) / 1 = -1
        Normalization n = new Normalization();
        n.adapt(Tensors.constant(new int[][] {{1, 2}, {1, 4}}));   // integer data: a float32 layer
        Tensor y = n.call(Tensors.constant(new int[][] {{3, 2}}));
        assertEquals(DType.FLOAT32, y.dtype());
        assertArrayEquals(new float[] {2e7f, -1f}, y.toFloatArray());
        // recorded: d sum(y) / dx = 1 / max(sqrt(v), 1e-7)
        Normalization g = new Normalization();
        g.adapt(Tensors.constant(new double[][] {{0, 1}, {4, 1}}));   // variance (4, 0)
        Tensor x = Tensors.constant(new double[][] {{1, 2}, {3, 4}});
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(x);
            loss = g.call(x).sum();
        }
        assertArrayEquals(new double[] {0.5, 1e7, 0.5, 1e7}, tape.gradient(loss, x).toDoubleArray(), 1e-6);
    }

    @Test
    void normalizationGivenVectorStatistics() {
        // mean (1, 2), variance (4, 9) on (batch, 2): [[0, 5]] -> [[-0.5, 1]]
        Normalization n = Normalization.builder().meanAndVariance(Tensors.constant(new double[] {1, 2}, 2),
                Tensors.constant(new double[] {4, 9}, 2)).build();
        assertArrayEquals(new float[] {-0.5f, 1f}, n.call(Tensors.constant(new float[][] {{0, 5}})).toFloatArray());
        assertThrows(IllegalStateException.class, () -> n.adapt(Tensors.ones(DType.FLOAT32, 2, 2)));
        Normalization bad = Normalization.builder().meanAndVariance(Tensors.constant(new double[] {1, 2, 3}, 3),
                Tensors.constant(new double[] {1, 1, 1}, 3)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bad.call(Tensors.ones(DType.FLOAT32, 4, 2)));
        assertTrue(e.getMessage().startsWith("normalization: the given mean of shape (3,)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalization.builder().axis()
                .meanAndVariance(Tensors.ones(DType.FLOAT32, 2), Tensors.ones(DType.FLOAT32, 2)).build());
        assertThrows(IllegalArgumentException.class, () -> Normalization.builder()
                .meanAndVariance(Tensors.ones(DType.FLOAT32, 2), Tensors.ones(DType.FLOAT32, 3)));
    }

    @Test
    void normalizationErrorsChangeNothing() {
        Normalization n = new Normalization();
        // an adapt that fails before building leaves the layer unbuilt
        assertThrows(IllegalArgumentException.class, () -> n.adapt(Tensors.zeros(DType.FLOAT32, 0, 3)));
        assertThrows(IllegalArgumentException.class, () -> n.adapt(Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 0, 3)).batch(2)));
        assertNull(n.mean());
        assertTrue(n.variables().isEmpty());
        n.adapt(Tensors.constant(new float[][] {{0, 7, 4}, {2, 9, 6}}));
        float[] mean = n.mean().toFloatArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> n.adapt(Tensors.ones(DType.FLOAT32, 2, 4)));
        assertEquals("normalization: the adapt data has shape (2, 4) but the layer was built for inputs of shape"
                + " (None, 3) (axis [-1])", e.getMessage());
        // a dataset whose second batch has another feature size fails after the first: nothing is stored
        Dataset mixed = Dataset.fromTensorSlices(Tensors.ones(DType.FLOAT32, 2, 3)).batch(2)
                .concatenate(Dataset.fromTensorSlices(Tensors.ones(DType.FLOAT32, 2, 4)).batch(2));
        assertThrows(IllegalArgumentException.class, () -> n.adapt(mixed));
        assertArrayEquals(mean, n.mean().toFloatArray());
        e = assertThrows(IllegalArgumentException.class, () -> n.call(Tensors.ones(DType.FLOAT64, 1, 3)));
        assertTrue(e.getMessage().contains("dtype float64") && e.getMessage().contains("float32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> n.call(Tensors.ones(DType.FLOAT32, 3)));
        assertThrows(IllegalArgumentException.class, () -> n.call(Tensors.ones(DType.FLOAT32, 2, 3, 2)));
        // more leading axes broadcast: (batch, steps, 3) against the (1, 3) statistics, as NumPy's rules in Keras
        Tensor seq = n.call(Tensors.constant(new float[] {0, 7, 4, 2, 9, 6}, 1, 2, 3));
        assertArrayEquals(new float[] {-1, -1, -1, 1, 1, 1}, seq.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> n.adapt(Dataset.fromTensorSlices(Tensors.ones(DType.FLOAT32, 2, 3)).repeat()));
        assertThrows(IllegalArgumentException.class, () -> Normalization.builder().axis(1, 1));
        e = assertThrows(IllegalArgumentException.class, () -> Normalization.builder().axis(2).build().call(Tensors.ones(DType.FLOAT32, 2, 2)));
        assertTrue(e.getMessage().contains("out of range for an input of shape (2, 2)"), e.getMessage());
    }

    @Test
    void normalizationCheckpointRoundTrip() throws Exception {
        Normalization n = new Normalization();
        n.adapt(Tensors.constant(new float[][] {{0, 7, 4}, {2, 9, 6}}));
        Sequential model = new Sequential(n, new Dense(3, 1, null));
        Checkpoint ckpt = new Checkpoint().module(model);
        assertEquals(List.of("normalization/mean", "normalization/variance", "normalization/count", "dense/kernel",
                "dense/bias"), ckpt.keys());
        Path file = dir.resolve("norm.npz");
        ckpt.save(file);
        Normalization fresh = new Normalization();
        fresh.adapt(Tensors.ones(DType.FLOAT32, 5, 3));
        Sequential other = new Sequential(fresh, new Dense(3, 1, null));
        new Checkpoint().module(other).restore(file);
        assertArrayEquals(new float[] {1, 8, 5}, fresh.mean().toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1}, fresh.variance().toFloatArray());
        assertEquals(0L, other.namedVariables().get("normalization/count").toLongArray()[0]);   // Keras 3 never counts
    }

    @Test
    void normalizationInsideATrainedModelHasNothingToTrain() {
        // adapted before the loop, frozen statistics: the tape's gradients reach only the Dense layer
        Normalization n = new Normalization();
        n.adapt(Tensors.constant(new float[][] {{0, 7, 4}, {2, 9, 6}}));
        Dense dense = new Dense(3, 1, null);
        Sequential model = new Sequential(n, dense);
        assertEquals(2, model.trainableVariables().size());
        assertEquals(3, model.nonTrainableVariables().size());
        Tensor x = Tensors.constant(new float[][] {{1, 8, 5}});   // the mean: normalized to zeros
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            loss = model.call(x).sum();
        }
        List<Tensor> g = tape.gradient(loss, model.trainableVariables());
        assertArrayEquals(new float[] {0, 0, 0}, g.get(0).toFloatArray());   // d/dkernel = normalized x = 0
        assertArrayEquals(new float[] {1}, g.get(1).toFloatArray());
    }

    // ------------------------------------------------------------------ Rescaling

    @Test
    void rescaling() {
        Tensor y = new Rescaling(1 / 127.5, -1).call(Tensors.constant(new int[] {0, 255, 51}, 3));
        assertEquals(DType.FLOAT32, y.dtype());
        // float32: 51 * float32(1/127.5) + (-1)
        assertArrayEquals(new float[] {-1f, 1f, 51 * (float) (1 / 127.5) - 1f}, y.toFloatArray());
        Tensor x = Tensors.constant(new double[] {1, 2}, 2);
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(x);
            loss = new Rescaling(0.25, 3).call(x).sum();
        }
        assertArrayEquals(new double[] {0.25, 0.25}, tape.gradient(loss, x).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> new Rescaling(2).call(Tensors.constant(new boolean[] {true}, 1)));
    }

    // ------------------------------------------------------------------ Discretization

    @Test
    void discretizationDocstringExamples() {
        // discretization.py docstring: boundaries [0, 1, 2] and the adapted num_bins=4, epsilon=0.01 layer
        Tensor x = Tensors.constant(new double[][] {{-1.5, 1.0, 3.4, .5}, {0.0, 3.0, 1.3, 0.0}});
        Tensor y = new Discretization(0, 1, 2).call(x);
        assertEquals(DType.INT32, y.dtype());
        assertArrayEquals(new int[] {0, 2, 3, 1, 1, 3, 2, 1}, y.toIntArray());
        Discretization d = Discretization.builder().numBins(4).epsilon(0.01).build();
        d.adapt(x);
        assertArrayEquals(new double[] {0.0, 0.5, 1.2999999523162842}, d.binBoundaries());
        assertArrayEquals(new int[] {0, 2, 3, 2, 1, 3, 3, 1}, d.call(x).toIntArray());
        // NaN goes to the last bin (np.digitize, Bucketize); a value on a boundary goes above it
        assertArrayEquals(new int[] {2, 1, 2}, new Discretization(0, 1).call(Tensors.constant(new double[] {Double.NaN, 0, 1}, 3)).toIntArray());
    }

    /** {@code ((i * 7919) % 1000 - 500) / 37}, float32: the data of the NumPy script quoted below. */
    private static Tensor spread(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (((i * 7919) % 1000 - 500) / 37.0);
        }
        return Tensors.constant(v, n);
    }

    @Test
    void discretizationAdaptMatchesKerasQuantiles() {
        // NumPy transcription of Keras's summarize / merge_summaries / compress_summary / get_bin_boundaries on
        // d = ((arange(1000) * 7919) % 1000 - 500) / 37 (float32): all at once, then in batches of 300
        Discretization whole = Discretization.builder().numBins(5).build();
        whole.adapt(spread(1000));
        assertArrayEquals(WHOLE_5, whole.binBoundaries());
        Discretization batched = Discretization.builder().numBins(5).build();
        batched.adapt(Dataset.fromTensorSlices(spread(1000)).batch(300));
        assertArrayEquals(BATCHED_5, batched.binBoundaries());
        Discretization fine = Discretization.builder().numBins(7).epsilon(0.003).build();
        fine.adapt(Dataset.fromTensorSlices(spread(1000)).batch(300));
        assertArrayEquals(BATCHED_7_FINE, fine.binBoundaries());
        // fewer values than bins: Keras's compress keeps the summary, the boundaries are all values but the last
        Discretization few = Discretization.builder().numBins(8).build();
        few.adapt(Tensors.constant(new float[] {2, 1}, 2));
        assertArrayEquals(new double[] {1.0}, few.binBoundaries());
    }

    // printed by the script (python3 -B, NumPy 1.24), whose summarize takes values[int(increment)::int(step)] as
    // Keras's does (increment = n * epsilon, step = max(increment, 1)):
    //   adapt([d], 5); adapt([d[i:i+300] for i in range(0, 1000, 300)], 5); same with (7, 0.003)
    private static final double[] WHOLE_5 = {-8.162162780761719, -2.8108108043670654, 2.5405402183532715, 7.891892433166504};
    private static final double[] BATCHED_5 = {-7.903749942779541, -2.660013198852539, 2.7070858478546143, 8.21765422821045};

    @Test
    void discretizationSummarizeStartsAtIncrement() {
        // Keras's summarize (discretization.py) samples values[int(increment)::int(step)]: with 100 values and
        // epsilon 0.01, increment = step = 1, so the sample is the values at 1..99 (weights 1 each), and the median
        // interpolated from its cumulative weights 1..99 is 49.5 (a sample from index 0 would give 49.0)
        Discretization two = Discretization.builder().numBins(2).build();
        float[] ramp = new float[100];
        for (int i = 0; i < 100; i++) {
            ramp[i] = i;
        }
        two.adapt(Tensors.constant(ramp, 100));
        assertArrayEquals(new double[] {49.5}, two.binBoundaries());
        Discretization four = Discretization.builder().numBins(4).build();
        four.adapt(Tensors.constant(ramp, 100));
        assertArrayEquals(new double[] {24.75, 49.5, 74.25}, four.binBoundaries());
        // 250 values x = (arange(250) * 7 % 250) * 0.5 - 3 (a permutation of -3, -2.5, ..., 121.5), float32:
        // adapt([x], 5), adapt([x], 3, epsilon=0.05) and in three batches adapt([x[:100], x[100:200], x[200:]], 4)
        // and the same with epsilon 0.02, printed by the script
        float[] perm = new float[250];
        for (int i = 0; i < 250; i++) {
            perm[i] = (float) ((i * 7 % 250) * 0.5 - 3);
        }
        Discretization five = Discretization.builder().numBins(5).build();
        five.adapt(Tensors.constant(perm, 250));
        assertArrayEquals(new double[] {21.80000877380371, 46.600013732910156, 71.40000915527344, 96.19999694824219},
                five.binBoundaries());
        Discretization coarse = Discretization.builder().numBins(3).epsilon(0.05).build();
        coarse.adapt(Tensors.constant(perm, 250));
        assertArrayEquals(new double[] {37.000003814697266, 77.0}, coarse.binBoundaries());
        Discretization batched = Discretization.builder().numBins(4).build();
        batched.adapt(Dataset.fromTensorSlices(Tensors.constant(perm, 250)).batch(100));
        assertArrayEquals(new double[] {28.444217681884766, 59.513919830322266, 90.69635009765625}, batched.binBoundaries());
        Discretization batchedFine = Discretization.builder().numBins(4).epsilon(0.02).build();
        batchedFine.adapt(Dataset.fromTensorSlices(Tensors.constant(perm, 250)).batch(100));
        assertArrayEquals(new double[] {29.133163452148438, 59.767127990722656, 91.42290496826172},
                batchedFine.binBoundaries());
    }
    private static final double[] BATCHED_7_FINE = {-9.668539047241211, -5.799575328826904, -1.9568078517913818, 1.920063853263855,
            5.764767646789551, 9.638559341430664};

    @Test
    void discretizationModesAndErrors() {
        Discretization oneHot = Discretization.builder().binBoundaries(0, 1).outputMode("one_hot").build();
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, oneHot.call(Tensors.constant(new double[] {-1, 5}, 2, 1)).toFloatArray());
        Discretization count = Discretization.builder().binBoundaries(0, 1).outputMode("count").build();
        assertArrayEquals(new float[] {0, 2, 1}, count.call(Tensors.constant(new double[] {0.5, 0.2, 3}, 3)).toFloatArray());
        Discretization unadapted = Discretization.builder().numBins(3).build();
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> unadapted.call(Tensors.ones(DType.FLOAT32, 2)));
        assertTrue(s.getMessage().startsWith("discretization: "), s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> unadapted.adapt(Tensors.zeros(DType.FLOAT32, 0)));
        assertNull(unadapted.binBoundaries());
        unadapted.adapt(Tensors.constant(new float[] {1, 2, 3}, 3));
        double[] b = unadapted.binBoundaries();
        assertThrows(IllegalArgumentException.class, () -> unadapted.adapt(Dataset.fromTensorSlices(Tensors.ones(DType.FLOAT32, 2)).repeat()));
        assertArrayEquals(b, unadapted.binBoundaries());
        assertThrows(IllegalStateException.class, () -> new Discretization(1).adapt(Tensors.ones(DType.FLOAT32, 2)));
        assertThrows(IllegalArgumentException.class, () -> new Discretization(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Discretization.builder().build());
        assertThrows(IllegalArgumentException.class, () -> Discretization.builder().outputMode("tf_idf"));
    }

    // ------------------------------------------------------------------ CategoryEncoding

    @Test
    void categoryEncodingDocstringExamples() {
        // category_encoding.py docstring
        Tensor oneHot = new CategoryEncoding(4, "one_hot").call(Tensors.constant(new int[] {3, 2, 0, 1}, 4));
        assertEquals(List.of(4, 4), List.of(oneHot.shape().dim(0), oneHot.shape().dim(1)));
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0}, oneHot.toFloatArray());
        Tensor ids = Tensors.constant(new int[][] {{0, 1}, {0, 0}, {1, 2}, {3, 1}});
        assertArrayEquals(new float[] {1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1},
                new CategoryEncoding(4, "multi_hot").call(ids).toFloatArray());
        Tensor w = Tensors.constant(new double[][] {{.1, .2}, {.1, .1}, {.2, .3}, {.4, .2}});
        assertArrayEquals(new float[] {.1f, .2f, 0, 0, .2f, 0, 0, 0, 0, .2f, .3f, 0, 0, .2f, 0, .4f},
                new CategoryEncoding(4, "count").call(ids, w).toFloatArray(), 1e-7f);
        // (batch, 1) one_hot replaces the last axis; a rank-1 multi_hot input is one sample; a scalar is (1,)
        assertEquals(List.of(2, 3), List.of(new CategoryEncoding(3, "one_hot").call(Tensors.constant(new long[] {2, 0}, 2, 1)).shape().dims()[0], 3));
        assertArrayEquals(new float[] {2, 0, 1}, new CategoryEncoding(3, "count").call(Tensors.constant(new int[] {0, 2, 0}, 3)).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 0}, new CategoryEncoding(3).call(Tensors.constant(1)).toFloatArray());
    }

    @Test
    void categoryEncodingErrors() {
        CategoryEncoding enc = new CategoryEncoding(3, "count");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> enc.call(Tensors.constant(new int[] {0, 3}, 2)));
        assertEquals("category_encoding: CategoryEncoding needs ids in [0, numTokens) = [0, 3), got 3 in the input of"
                + " shape (2,) and dtype int32", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> enc.call(Tensors.constant(new int[] {-1}, 1)));
        assertThrows(IllegalArgumentException.class, () -> enc.call(Tensors.zeros(DType.FLOAT32, 2)));
        assertThrows(IllegalArgumentException.class, () -> enc.call(Tensors.zeros(DType.INT32, 2, 2, 2)));
        // multi_hot on rank 3: Keras 3's call (backend nn.multi_hot, reduction_axis = 1) maps (1, 2, 3) ids
        // [[[0, 1, 2], [3, 3, 3]]] to (1, 3, 4), its compute_output_shape (category_encoding.py) says (1, 2, 4):
        // refused, naming the layer and the shape, as count is
        IllegalArgumentException hot = assertThrows(IllegalArgumentException.class, () -> new CategoryEncoding(4, "multi_hot")
                .call(Tensors.constant(new int[] {0, 1, 2, 3, 3, 3}, 1, 2, 3)));
        assertTrue(hot.getMessage().startsWith("category_encoding: outputMode \"multi_hot\" takes inputs of rank at most 2"),
                hot.getMessage());
        assertTrue(hot.getMessage().contains("(1, 2, 3)"), hot.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Discretization.builder().binBoundaries(0).outputMode("multi_hot")
                .build().call(Tensors.zeros(DType.FLOAT32, 1, 2, 3)));
        // one_hot keeps any rank: (1, 2, 3) -> (1, 2, 3, 4), as Keras's call and compute_output_shape agree
        Tensor oneHot3 = new CategoryEncoding(4, "one_hot").call(Tensors.constant(new int[] {0, 1, 2, 3, 3, 3}, 1, 2, 3));
        assertArrayEquals(new int[] {1, 2, 3, 4}, oneHot3.shape().dims());
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1},
                oneHot3.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> new CategoryEncoding(3).call(Tensors.zeros(DType.INT32, 2),
                Tensors.zeros(DType.FLOAT32, 2)));
        assertThrows(IllegalArgumentException.class, () -> new CategoryEncoding(0));
        assertThrows(IllegalArgumentException.class, () -> new CategoryEncoding(3, "tf_idf"));
    }
}
