package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.ForwardAccumulator;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NN.dotProductAttention (Keras 3's keras.ops.dot_product_attention, keras/src/backend/tensorflow/nn.py) and
 * MultiHeadAttention (keras/src/layers/attention/multi_head_attention.py): values, gradients, a JVP and a second-order
 * term against PyTorch 1.13 in float64, torch.nn.MultiheadAttention with the Keras weights copied over and einsum
 * written out where torch has no module (scripts/fixtures/attention_reference.py prints the constants at the end of
 * this class and explains the layouts); then masks, a fully masked query, Keras's names and shapes, errors and
 * checkpoints. The op table (NnOpCases) checks the op's derivatives by finite differences to second order and in
 * forward mode.
 */
class AttentionTest {
    private static final int B = 2;
    private static final int T = 3;
    private static final int S = 4;
    private static final int N = 2;
    private static final int H = 3;
    private static final int HV = 5;
    private static final int KD = 3;
    private static final int DQ = 6;
    private static final int DV = 4;
    private static final int DK = 5;

    /** {@code scale * sin(0.7 i + phase)} over the shape, row-major: the script's wave. */
    private static Tensor wave(double phase, double scale, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * Math.sin(0.7 * i + phase);
        }
        return Tensors.constant(v, shape);
    }

    private static void close(double[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toDoubleArray(), 1e-13);
    }

    private static AttentionOptions opts() {
        return AttentionOptions.defaults();
    }

    private static Tensor bools(boolean[] v, int... shape) {
        return Tensors.constant(v, shape);
    }

    @Test
    void dotProductAttentionMatchesTorchWithBiasMaskScaleAndCausalAndItsGradients() {
        Tensor q = wave(0.1, 1, B, T, N, H);
        Tensor k = wave(0.2, 1, B, S, N, H);
        Tensor v = wave(0.3, 1, B, S, N, HV);
        close(SDPA, NN.dotProductAttention(q, k, v));
        Tensor bias = wave(0.4, 0.5, 1, N, T, S);
        // keys 2 and 3 of the second example are padding: mask (B, 1, 1, S)
        Tensor keep = bools(new boolean[] {true, true, true, true, true, true, false, false}, B, 1, 1, S);
        GradientTape tape = new GradientTape();
        Tensor out;
        Tensor loss;
        try (tape) {
            tape.watch(q, k, v, bias);
            out = NN.dotProductAttention(q, k, v, bias, keep, 0.7, true);
            loss = out.mul(wave(0.5, 1, B, T, N, HV)).sum();
        }
        close(SDPA_MASKED, out);
        List<Tensor> g = tape.gradient(loss, List.of(q, k, v, bias));
        close(SDPA_MASKED_GQ, g.get(0));
        close(SDPA_MASKED_GK, g.get(1));
        close(SDPA_MASKED_GV, g.get(2));
        close(SDPA_MASKED_GBIAS, g.get(3));
        // a numeric mask is cast to BOOL, nonzero attends, as Keras's MultiHeadAttention casts its mask
        Tensor keepNumbers = Tensors.constant(new double[] {1, 1, 1, 1, 1, 1, 0, 0}, B, 1, 1, S);
        close(SDPA_MASKED, NN.dotProductAttention(q, k, v, bias, keepNumbers, 0.7, true));
        // float32 agrees with the float64 reference to float32's precision
        Tensor out32 = NN.dotProductAttention(Tensors.cast(q, DType.FLOAT32), Tensors.cast(k, DType.FLOAT32),
                Tensors.cast(v, DType.FLOAT32), Tensors.cast(bias, DType.FLOAT32), keep, 0.7, true);
        assertEquals(DType.FLOAT32, out32.dtype());
        assertArrayEquals(SDPA_MASKED, out32.toDoubleArray(), 1e-6);
    }

    @Test
    void aQueryWithEveryKeyMaskedAveragesAllValuesAsKerasWhereDoesAndMaskedKeysAreAsIfAbsent() {
        // keras/src/backend/tensorflow/nn.py _apply_masks: tf.where(mask, logits, -0.7 * 3.38953e38), so a row masked
        // throughout has equal logits and uniform weights: the output is the mean of the values over all S keys, and
        // no gradient reaches its query (PyTorch's -inf mask gives NaN here)
        Tensor q = wave(0.1, 1, 1, 2, 1, H);
        Tensor k = wave(0.2, 1, 1, S, 1, H);
        Tensor v = wave(0.3, 1, 1, S, 1, HV);
        Tensor keep = bools(new boolean[] {false, false, false, false, true, false, true, false}, 1, 1, 2, S);
        GradientTape tape = new GradientTape();
        Tensor out;
        Tensor loss;
        try (tape) {
            tape.watch(q);
            out = NN.dotProductAttention(q, k, v, keep, false);
            loss = out.mul(wave(0.9, 1, 1, 2, 1, HV)).sum();
        }
        double[] vv = v.toDoubleArray();
        double[] o = out.toDoubleArray();
        for (int h = 0; h < HV; h++) {
            double mean = 0;
            for (int s = 0; s < S; s++) {
                mean += vv[s * HV + h] / S;
            }
            assertEquals(mean, o[h], 1e-15);
        }
        double[] gq = tape.gradient(loss, q).toDoubleArray();
        for (int h = 0; h < H; h++) {
            assertEquals(0.0, gq[h]);   // query 0
        }
        // query 1 sees keys 0 and 2 only: the same as attention over those two keys alone
        Tensor k02 = Tensors.concat(List.of(Tensors.slice(k, new int[] {0, 0, 0, 0}, new int[] {1, 1, 1, H}),
                Tensors.slice(k, new int[] {0, 2, 0, 0}, new int[] {1, 1, 1, H})), 1);
        Tensor v02 = Tensors.concat(List.of(Tensors.slice(v, new int[] {0, 0, 0, 0}, new int[] {1, 1, 1, HV}),
                Tensors.slice(v, new int[] {0, 2, 0, 0}, new int[] {1, 1, 1, HV})), 1);
        Tensor q1 = Tensors.slice(q, new int[] {0, 1, 0, 0}, new int[] {1, 1, 1, H});
        double[] alone = NN.dotProductAttention(q1, k02, v02).toDoubleArray();
        for (int h = 0; h < HV; h++) {
            assertEquals(alone[h], o[HV + h], 1e-15);
        }
    }

    @Test
    void causalMaskIsTopLeftAlignedWhenQueriesAndKeysDifferInLength() {
        // band_part(ones(T, S), -1, 0): query i sees keys 0..i, also for T < S; with scale 0 the weights are uniform
        // over the visible keys, so the output is their running mean
        Tensor q = Tensors.zeros(DType.FLOAT64, 1, 2, 1, 1);
        Tensor k = Tensors.zeros(DType.FLOAT64, 1, 3, 1, 1);
        Tensor v = Tensors.constant(new double[] {3, 5, 100}, 1, 3, 1, 1);
        assertArrayEquals(new double[] {3, 4}, NN.dotProductAttention(q, k, v, null, null, 0, true).toDoubleArray(), 0);
    }

    @Test
    void weightsAreTheSoftmaxBeforeTheValuesAndMatchTheLayersScores() {
        // equal logits: each query spreads evenly over the keys the causal mask leaves it
        Tensor x = Tensors.ones(DType.FLOAT64, 1, 3, 1, 2);
        assertArrayEquals(new double[] {1, 0, 0, 0.5, 0.5, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0},
                NN.dotProductAttentionWeights(x, x, null, null, 1, true).toDoubleArray(), 1e-15);
        Tensor q = wave(0.1, 1, B, T, N, H);
        Tensor k = wave(0.2, 1, B, S, N, H);
        Tensor v = wave(0.3, 1, B, S, N, HV);
        Tensor w = NN.dotProductAttentionWeights(q, k, null, null, 1 / Math.sqrt(H), false);
        assertEquals(Shape.of(B, N, T, S), w.shape());
        close(SDPA, Tensors.transpose(Tensors.matmul(w, Tensors.transpose(v, 0, 2, 1, 3)), 0, 2, 1, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NN.dotProductAttentionWeights(q, Tensors.zeros(DType.FLOAT64, B, S, N, 2), null, null, 1, false));
        assertEquals("dotProductAttentionWeights: query (B, T, N, H) and key (B, S, N, H) must agree in B, N and H, got"
                + " shapes (2, 3, 2, 3) and (2, 4, 2, 2)", e.getMessage());
    }

    @Test
    void dotProductAttentionRefusesWrongShapesNamingThem() {
        Tensor q = Tensors.zeros(DType.FLOAT32, 2, 3, 2, 4);
        Tensor k = Tensors.zeros(DType.FLOAT32, 2, 5, 2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NN.dotProductAttention(Tensors.zeros(DType.FLOAT32, 3, 2, 4), k, k));
        assertTrue(e.getMessage().startsWith("dotProductAttention: query, key and value must have rank 4"), e.getMessage());
        assertTrue(e.getMessage().contains("(3, 2, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NN.dotProductAttention(q, Tensors.zeros(DType.FLOAT32, 2, 5, 2, 3), k));
        assertTrue(e.getMessage().contains("(2, 3, 2, 4), (2, 5, 2, 3) and (2, 5, 2, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NN.dotProductAttention(q, k, Tensors.zeros(DType.FLOAT32, 2, 4, 2, 4)));
        assertTrue(e.getMessage().contains("agree in B, N, S and H"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NN.dotProductAttention(q, k, k, Tensors.ones(DType.BOOL, 2, 1, 3, 4), false));
        assertEquals("dotProductAttention: mask of shape (2, 1, 3, 4) does not broadcast to the logits' (2, 2, 3, 5)"
                + " (batch, heads, query length, key length)", e.getMessage());
        // a mask that would broadcast the result to a larger batch is refused, not broadcast
        e = assertThrows(IllegalArgumentException.class,
                () -> NN.dotProductAttention(q, k, k, Tensors.ones(DType.BOOL, 3, 1, 1, 5), false));
        assertTrue(e.getMessage().contains("mask of shape (3, 1, 1, 5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NN.dotProductAttention(q, k, Tensors.zeros(DType.FLOAT64, 2, 5, 2, 4)));
        assertTrue(e.getMessage().startsWith("dotProductAttention"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NN.dotProductAttention(q, k, k, null, null, Double.NaN, false));
        assertEquals("dotProductAttention: scale must be finite, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NN.dotProductAttention(q, k, k, Tensors.zeros(DType.FLOAT32, 2, 2, 3, 4), null, 1, false));
        assertTrue(e.getMessage().contains("bias of shape (2, 2, 3, 4)"), e.getMessage());
        assertThrows(NullPointerException.class, () -> NN.dotProductAttention(q, null, k));
        // empty: no queries, or no keys (an empty sum: zeros)
        assertEquals(Shape.of(2, 0, 2, 4), NN.dotProductAttention(Tensors.zeros(DType.FLOAT32, 2, 0, 2, 4), k, k).shape());
        Tensor none = Tensors.zeros(DType.FLOAT32, 2, 0, 2, 4);
        Tensor y = NN.dotProductAttention(q, none, none);
        assertEquals(Shape.of(2, 3, 2, 4), y.shape());
        assertArrayEquals(new double[2 * 3 * 2 * 4], y.toDoubleArray(), 0);
    }

    /** The layer of the torch comparison: heads 2, key size 3, query 6 = heads * key size, value 4, key 5. */
    private static MultiHeadAttention torchLayer() {
        MultiHeadAttention mha = MultiHeadAttention.builder(N, KD).inputSizes(DQ, DV, DK).dtype(DType.FLOAT64).build();
        Map<String, Variable> vars = mha.namedVariables();
        vars.get("query/kernel").assign(wave(1.1, 0.5, DQ, N, KD));
        vars.get("query/bias").assign(wave(1.2, 0.5, N, KD));
        vars.get("key/kernel").assign(wave(1.3, 0.5, DK, N, KD));
        vars.get("key/bias").assign(wave(1.4, 0.5, N, KD));
        vars.get("value/kernel").assign(wave(1.5, 0.5, DV, N, KD));
        vars.get("value/bias").assign(wave(1.6, 0.5, N, KD));
        vars.get("attention_output/kernel").assign(wave(1.7, 0.5, N, KD, DQ));
        vars.get("attention_output/bias").assign(wave(1.8, 0.5, DQ));
        return mha;
    }

    @Test
    void multiHeadAttentionMatchesTorchWithAMaskAndACausalMaskAndItsGradients() {
        MultiHeadAttention mha = torchLayer();
        Tensor query = wave(0.6, 1, B, T, DQ);
        Tensor value = wave(0.7, 1, B, S, DV);
        Tensor key = wave(0.8, 1, B, S, DK);
        // (B, T, S): example 0's query 2 may not see key 1; example 1's key 3 is padding; and causal
        boolean[] m = new boolean[B * T * S];
        java.util.Arrays.fill(m, true);
        m[2 * S + 1] = false;
        for (int t = 0; t < T; t++) {
            m[(T + t) * S + 3] = false;
        }
        Tensor mask = bools(m, B, T, S);
        Map<String, Variable> vars = mha.namedVariables();
        List<Tensor> wrt = new ArrayList<>(List.of(query, value, key));
        for (String n : List.of("query/kernel", "key/kernel", "value/kernel", "query/bias", "key/bias", "value/bias",
                "attention_output/kernel", "attention_output/bias")) {
            wrt.add(vars.get(n));
        }
        GradientTape tape = new GradientTape();
        MultiHeadAttention.Output r;
        Tensor loss;
        try (tape) {
            tape.watch(query, value, key);
            r = mha.callWithScores(query, value, opts().key(key).attentionMask(mask).useCausalMask(true));
            loss = r.output().mul(wave(1.9, 1, B, T, DQ)).sum();
        }
        close(MHA_OUT, r.output());
        close(MHA_SCORES, r.scores());
        close(MHA_OUT, mha.call(query, value, opts().key(key).attentionMask(mask).useCausalMask(true)));
        List<Tensor> g = tape.gradient(loss, wrt);
        close(MHA_GQUERY, g.get(0));
        close(MHA_GVALUE, g.get(1));
        close(MHA_GKEY, g.get(2));
        close(MHA_GQK, g.get(3));
        close(MHA_GKK, g.get(4));
        close(MHA_GVK, g.get(5));
        close(MHA_GQB, g.get(6));
        close(MHA_GKB, g.get(7));
        close(MHA_GVB, g.get(8));
        close(MHA_GOK, g.get(9));
        close(MHA_GOB, g.get(10));
    }

    @Test
    void multiHeadAttentionHasForwardModeAndSecondOrderDerivatives() {
        MultiHeadAttention mha = torchLayer();
        Tensor x = wave(2.1, 1, B, T, DQ);
        // key and value features (5, 4) differ from the query's (6): self-attention feeds the query's first columns
        java.util.function.UnaryOperator<Tensor> f = xx -> mha.call(xx, Tensors.slice(xx, new int[] {0, 0, 0},
                new int[] {B, T, DV}), opts().key(Tensors.slice(xx, new int[] {0, 0, 0}, new int[] {B, T, DK})));
        try (ForwardAccumulator acc = new ForwardAccumulator(x, wave(2.2, 1, B, T, DQ))) {
            close(MHA_JVP, acc.jvp(f.apply(x)));
        }
        Variable qk = mha.namedVariables().get("query/kernel");
        GradientTape outer = new GradientTape();
        Tensor s;
        try (outer) {
            GradientTape inner = new GradientTape();
            Tensor loss;
            try (inner) {
                inner.watch(x);
                loss = f.apply(x).mul(wave(1.9, 1, B, T, DQ)).sum();
            }
            Tensor gx = inner.gradient(loss, x);
            s = gx.mul(gx).sum();
        }
        close(MHA_SECOND_GQK, outer.gradient(s, qk));
    }

    @Test
    void multiHeadAttentionWithValueDimOutputShapeNoBiasAndAFullyMaskedQuery() {
        MultiHeadAttention mha = MultiHeadAttention.builder(N, KD).valueDim(2).outputShape(7).useBias(false)
                .dtype(DType.FLOAT64).inputSizes(DQ, DV, DK).build();
        Map<String, Variable> vars = mha.namedVariables();
        assertEquals(List.of("query/kernel", "key/kernel", "value/kernel", "attention_output/kernel"),
                new ArrayList<>(vars.keySet()));
        assertEquals(Shape.of(DV, N, 2), vars.get("value/kernel").shape());
        assertEquals(Shape.of(N, 2, 7), vars.get("attention_output/kernel").shape());
        vars.get("query/kernel").assign(wave(3.1, 0.5, DQ, N, KD));
        vars.get("key/kernel").assign(wave(3.2, 0.5, DK, N, KD));
        vars.get("value/kernel").assign(wave(3.3, 0.5, DV, N, 2));
        vars.get("attention_output/kernel").assign(wave(3.4, 0.5, N, 2, 7));
        Tensor query = wave(0.6, 1, B, T, DQ);
        Tensor value = wave(0.7, 1, B, S, DV);
        Tensor key = wave(0.8, 1, B, S, DK);
        // example 0's query 1 sees no key (uniform weights, as Keras's fused path); example 1's key 0 is hidden
        boolean[] m = new boolean[B * T * S];
        java.util.Arrays.fill(m, true);
        for (int s = 0; s < S; s++) {
            m[S + s] = false;
        }
        for (int t = 0; t < T; t++) {
            m[(T + t) * S] = false;
        }
        GradientTape tape = new GradientTape();
        MultiHeadAttention.Output r;
        Tensor loss;
        try (tape) {
            tape.watch(query, value, key);
            r = mha.callWithScores(query, value, opts().key(key).attentionMask(bools(m, B, T, S)));
            loss = r.output().mul(wave(3.5, 1, B, T, 7)).sum();
        }
        close(MHA2_OUT, r.output());
        close(MHA2_SCORES, r.scores());
        List<Tensor> g = tape.gradient(loss, List.of(query, value, key));
        close(MHA2_GQUERY, g.get(0));
        close(MHA2_GVALUE, g.get(1));
        close(MHA2_GKEY, g.get(2));
    }

    @Test
    void anOutputShapeOfSeveralAxesGivesTheTorchOutputReshaped() {
        // Keras's output_shape=(2, 3): attention_output is "abcd,cdef->abef", kernel (N, KD, 2, 3), bias (2, 3); with
        // the torch comparison's weights reshaped, the output is MHA_OUT reshaped to (B, T, 2, 3)
        MultiHeadAttention flat = torchLayer();
        MultiHeadAttention shaped = MultiHeadAttention.builder(N, KD).outputShape(2, 3).inputSizes(DQ, DV, DK)
                .dtype(DType.FLOAT64).build();
        Map<String, Variable> vars = shaped.namedVariables();
        assertEquals(Shape.of(N, KD, 2, 3), vars.get("attention_output/kernel").shape());
        assertEquals(Shape.of(2, 3), vars.get("attention_output/bias").shape());
        for (Map.Entry<String, Variable> e : flat.namedVariables().entrySet()) {
            Variable v = vars.get(e.getKey());
            v.assign(Tensors.reshape(e.getValue(), v.shape().dims()));
        }
        boolean[] m = new boolean[B * T * S];
        java.util.Arrays.fill(m, true);
        m[2 * S + 1] = false;
        for (int t = 0; t < T; t++) {
            m[(T + t) * S + 3] = false;
        }
        Tensor y = shaped.call(wave(0.6, 1, B, T, DQ), wave(0.7, 1, B, S, DV),
                opts().key(wave(0.8, 1, B, S, DK)).attentionMask(bools(m, B, T, S)).useCausalMask(true));
        assertEquals(Shape.of(B, T, 2, 3), y.shape());
        close(MHA_OUT, y);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultiHeadAttention.builder(2, 4).outputShape());
        assertEquals("MultiHeadAttention: outputShape needs at least one size", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultiHeadAttention.builder(2, 4).outputShape(2, 0));
        assertEquals("MultiHeadAttention: outputShape [2, 0]: each size must be positive, got 0", e.getMessage());
    }

    @Test
    void multiHeadAttentionHasKerasDefaultsNamesAndShapesAndBuildsAtItsFirstCall() {
        MultiHeadAttention mha = new MultiHeadAttention(4, 8);
        assertEquals("multi_head_attention", mha.name());
        assertEquals(8, mha.valueDim());
        assertTrue(mha.namedVariables().isEmpty());
        assertThrows(IllegalStateException.class, mha::countParams);
        Tensor q = Tensors.ones(DType.FLOAT32, 2, 5, 16);
        Tensor v = Tensors.ones(DType.FLOAT32, 2, 7, 12);
        Tensor y = mha.call(q, v);
        assertEquals(Shape.of(2, 5, 16), y.shape());
        assertEquals(DType.FLOAT32, y.dtype());
        Map<String, Variable> vars = mha.namedVariables();
        assertEquals(List.of("query/kernel", "query/bias", "key/kernel", "key/bias", "value/kernel", "value/bias",
                "attention_output/kernel", "attention_output/bias"), new ArrayList<>(vars.keySet()));
        assertEquals(Shape.of(16, 4, 8), vars.get("query/kernel").shape());
        assertEquals(Shape.of(4, 8), vars.get("query/bias").shape());
        assertEquals(Shape.of(12, 4, 8), vars.get("key/kernel").shape());   // key defaults to value
        assertEquals(Shape.of(12, 4, 8), vars.get("value/kernel").shape());
        assertEquals(Shape.of(4, 8, 16), vars.get("attention_output/kernel").shape());
        assertEquals(Shape.of(16), vars.get("attention_output/bias").shape());
        // Keras's count: 3 * (d * 4 * 8 + 32) + 4 * 8 * 16 + 16
        assertEquals(16 * 32 + 32 + 2 * (12 * 32 + 32) + 32 * 16 + 16, mha.countParams());
        // Glorot uniform with Keras's compute_fans: (16, 4, 8) has fanIn 4 * 16, fanOut 8 * 16
        double limit = Math.sqrt(6.0 / (4 * 16 + 8 * 16));
        for (double k : vars.get("query/kernel").toDoubleArray()) {
            assertTrue(Math.abs(k) <= limit, "query kernel entry " + k + " beyond " + limit);
        }
        assertArrayEquals(new double[32], vars.get("query/bias").toDoubleArray(), 0);
        // inside a model, Keras's paths
        Sequential model = new Sequential(new MultiHeadAttention(2, 4));
        model.build(DType.FLOAT32, 3, 6);
        assertTrue(model.namedVariables().containsKey("multi_head_attention/attention_output/kernel"),
                model.namedVariables().keySet().toString());
    }

    @Test
    void multiHeadAttentionRefusesWrongShapesNamingTheLayerAndChangesNothing() {
        MultiHeadAttention mha = MultiHeadAttention.builder(2, 4).name("mha").build();
        Tensor q = Tensors.ones(DType.FLOAT32, 2, 3, 6);
        Tensor v = Tensors.ones(DType.FLOAT32, 2, 5, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mha.call(Tensors.ones(DType.FLOAT32, 2, 6), v));
        assertEquals("mha: MultiHeadAttention needs query, value and key of rank 3 (batch, sequence, features), or of"
                + " one rank above 3 (batch, ..., features), got shapes (2, 6), (2, 5, 6) and (2, 5, 6)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mha.call(q, v, opts().key(Tensors.ones(DType.FLOAT32, 2, 4, 6))));
        assertTrue(e.getMessage().startsWith("mha: query (B, T, dq), value (B, S, dv) and key (B, S, dk) must agree"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mha.call(q, Tensors.ones(DType.FLOAT32, 3, 5, 6)));
        assertTrue(e.getMessage().contains("(2, 3, 6), (3, 5, 6) and (3, 5, 6)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mha.call(q, Tensors.ones(DType.FLOAT64, 2, 5, 6)));
        assertTrue(e.getMessage().startsWith("mha: MultiHeadAttention needs floating inputs of one dtype"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> mha.call(q, v, opts().attentionMask(Tensors.ones(DType.BOOL, 2, 3, 4))));
        assertEquals("mha: attentionMask of shape (2, 3, 4) does not broadcast to (batch, query length, key length) ="
                + " (2, 3, 5) (or (batch, heads, query length, key length) = (2, 2, 3, 5))", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mha.call(q, v, opts().attentionMask(Tensors.ones(DType.BOOL, 5))));
        // none of the failed calls built the layer
        assertTrue(mha.namedVariables().isEmpty());
        // a padding mask (B, 1, S) and a per-head mask (B, N, T, S) are accepted
        assertEquals(Shape.of(2, 3, 6), mha.call(q, v, opts().attentionMask(Tensors.ones(DType.BOOL, 2, 1, 5))).shape());
        assertEquals(Shape.of(2, 3, 6), mha.call(q, v, opts().attentionMask(Tensors.ones(DType.BOOL, 2, 2, 3, 5)).useCausalMask(true)).shape());
        e = assertThrows(IllegalArgumentException.class, () -> mha.call(Tensors.ones(DType.FLOAT32, 2, 3, 7), v));
        assertEquals("mha: inputs of shapes (2, 3, 7), (2, 5, 6) and (2, 5, 6) (query, value, key) and dtype float32,"
                + " but the layer was built for feature sizes 6, 6 and 6 and dtype float32", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultiHeadAttention.builder(0, 4));
        assertEquals("MultiHeadAttention: numHeads and keyDim must be positive, got 0 and 4", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MultiHeadAttention.builder(2, 4).dropout(1, Generator.fromSeed(1)));
    }

    @Test
    void dropoutDropsAttentionWeightsInTrainingOnlyAndScoresAreBeforeIt() {
        MultiHeadAttention mha = MultiHeadAttention.builder(2, 4).dropout(0.5, Generator.fromSeed(3)).build();
        MultiHeadAttention plain = new MultiHeadAttention(2, 4);
        Tensor x = Tensors.cast(wave(0.3, 1, 2, 5, 6), DType.FLOAT32);
        Tensor y = mha.call(x);
        plain.call(x);
        for (String n : plain.namedVariables().keySet()) {
            plain.namedVariables().get(n).assign(mha.namedVariables().get(n));
        }
        assertArrayEquals(plain.call(x).toDoubleArray(), y.toDoubleArray(), 0);
        assertTrue(mha.submodules().get(0) instanceof Dropout);
        mha.setTraining(true);
        MultiHeadAttention.Output r = mha.callWithScores(x, x, opts());
        MultiHeadAttention.Output p = plain.callWithScores(x, x, opts());
        assertArrayEquals(p.scores().toDoubleArray(), r.scores().toDoubleArray(), 0);
        assertTrue(!java.util.Arrays.equals(p.output().toDoubleArray(), r.output().toDoubleArray()));
    }

    @Test
    void aMaskedSequenceIsAttendedAsIfItsPaddingWereAbsentAndTheOutputKeepsTheMask() {
        // Keras's layer(x, x) on a masked x: query_mask and value_mask are x's mask (keras/src/layers/layer.py
        // __call__), so padded keys get weight 0; the real steps' outputs equal those of the unpadded sequence
        MultiHeadAttention mha = MultiHeadAttention.builder(2, 3).inputSize(4).dtype(DType.FLOAT64).build();
        Tensor x = wave(0.4, 1, 1, 5, 4);
        Tensor mask = bools(new boolean[] {true, true, true, false, false}, 1, 5);
        Tensor y = mha.callMasked(x, mask);
        Tensor real = mha.call(Tensors.slice(x, new int[] {0, 0, 0}, new int[] {1, 3, 4}));
        close(real.toDoubleArray(), Tensors.slice(y, new int[] {0, 0, 0}, new int[] {1, 3, 4}));
        assertEquals(mask, mha.computeMask(x, mask));
        close(mha.call(x).toDoubleArray(), mha.callMasked(x, null));
        // the same through a Sequential from an Embedding with maskZero
        Embedding emb = Embedding.builder(10, 4).maskZero(true).build();
        MultiHeadAttention inner = new MultiHeadAttention(2, 3);
        Sequential model = new Sequential(emb, inner);
        Tensor ids = Tensors.constant(new int[] {4, 7, 2, 0, 0}, 1, 5);
        Tensor out = model.call(ids);
        Tensor short3 = model.call(Tensors.constant(new int[] {4, 7, 2}, 1, 3));
        assertArrayEquals(short3.toDoubleArray(), Tensors.slice(out, new int[] {0, 0, 0}, new int[] {1, 3, 4}).toDoubleArray(),
                1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mha.callMasked(x, bools(new boolean[] {true, true}, 1, 2)));
        assertEquals("multi_head_attention: MultiHeadAttention needs a bool mask of shape (batch, timesteps) = (1, 5) for the"
                + " input of shape (1, 5, 4), got shape (1, 2) and dtype bool", e.getMessage());
    }

    @Test
    void multiHeadAttentionCheckpointsUnderKerasPaths(@TempDir Path dir) throws Exception {
        MultiHeadAttention a = MultiHeadAttention.builder(2, 3).inputSize(4).build();
        Path file = dir.resolve("mha.npz");
        new Checkpoint().module(a).save(file);
        MultiHeadAttention b = MultiHeadAttention.builder(2, 3).inputSize(4).build();
        Checkpoint restored = new Checkpoint().module(b);
        assertEquals(List.of("query/kernel", "query/bias", "key/kernel", "key/bias", "value/kernel", "value/bias",
                "attention_output/kernel", "attention_output/bias"), new ArrayList<>(restored.keys()));
        restored.restore(file);
        Tensor x = Tensors.cast(wave(0.2, 1, 1, 3, 4), DType.FLOAT32);
        assertArrayEquals(a.call(x).toDoubleArray(), b.call(x).toDoubleArray(), 0);
    }

    @Test
    void luongAttentionMatchesItsDefinitionInBothScoreModesWithMasksAndItsGradients() {
        // keras/src/layers/attention/attention.py: dot (times scale) or concat scores, 1e9 subtracted at masked keys,
        // softmax, weights @ value, times the query mask; value mask over every query
        Tensor qm = bools(new boolean[] {true, true, false, true, true, true}, B, 3);
        Tensor vm = bools(new boolean[] {true, true, true, false, true, false, true, true}, B, 4);
        for (boolean concat : new boolean[] {false, true}) {
            Attention att = Attention.builder().useScale(true).scoreMode(concat ? "concat" : "dot").dtype(DType.FLOAT64)
                    .build();
            att.scale().assign(Tensors.constant(1.3));
            List<Tensor> wrt = new ArrayList<>(List.of(wave(4.1, 1, B, 3, 4), wave(4.2, 1, B, 4, 5), wave(4.3, 1, B, 4, 4),
                    att.scale()));
            if (concat) {
                att.concatScoreWeight().assign(Tensors.constant(0.8));
                wrt.add(att.concatScoreWeight());
            }
            GradientTape tape = new GradientTape();
            Attention.Output r;
            Tensor loss;
            try (tape) {
                tape.watch(wrt.get(0), wrt.get(1), wrt.get(2));
                r = att.callWithScores(wrt.get(0), wrt.get(1), wrt.get(2), qm, vm, !concat);
                loss = r.output().mul(wave(4.4, 1, B, 3, 5)).sum();
            }
            List<Tensor> g = tape.gradient(loss, wrt);
            close(concat ? LUONG_CONCAT_OUT : LUONG_DOT_OUT, r.output());
            close(concat ? LUONG_CONCAT_SCORES : LUONG_DOT_SCORES, r.scores());
            close(concat ? LUONG_CONCAT_GQ : LUONG_DOT_GQ, g.get(0));
            close(concat ? LUONG_CONCAT_GV : LUONG_DOT_GV, g.get(1));
            close(concat ? LUONG_CONCAT_GK : LUONG_DOT_GK, g.get(2));
            close(concat ? LUONG_CONCAT_GSCALE : LUONG_DOT_GSCALE, g.get(3));
            if (concat) {
                close(LUONG_CONCAT_GCW, g.get(4));
            }
        }
    }

    @Test
    void luongAttentionHasKerasDefaultsNamesAndRefusesWrongShapes() {
        Attention att = new Attention();
        assertEquals("attention", att.name());
        assertTrue(att.namedVariables().isEmpty());
        assertNull(att.scale());
        Attention both = Attention.builder().useScale(true).scoreMode("concat").build();
        assertEquals(List.of("scale", "concat_score_weight"), new ArrayList<>(both.namedVariables().keySet()));
        assertEquals(Shape.of(), both.scale().shape());
        assertEquals(1.0, both.concatScoreWeight().toDoubleArray()[0]);
        // equal scores: the causal weights spread evenly; the output is the mean of the visible values
        Tensor x = Tensors.ones(DType.FLOAT32, 1, 3, 2);
        assertArrayEquals(new double[] {1, 0, 0, 0.5, 0.5, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0},
                att.callWithScores(x, x, null, null, null, true).scores().toDoubleArray(), 1e-7);
        // self-attention on a masked x: Keras's mask=[mask, mask]; the padded query's row is 0, the output keeps the mask
        Tensor mask = bools(new boolean[] {true, true, false}, 1, 3);
        Tensor y = wave(0.5, 1, 1, 3, 2);
        double[] out = att.callMasked(y, mask).toDoubleArray();
        assertArrayEquals(new double[] {0, 0}, java.util.Arrays.copyOfRange(out, 4, 6), 0);
        assertArrayEquals(att.call(Tensors.slice(y, new int[] {0, 0, 0}, new int[] {1, 2, 2})).toDoubleArray(),
                java.util.Arrays.copyOfRange(out, 0, 4), 1e-15);
        assertEquals(mask, att.computeMask(y, mask));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> att.call(Tensors.ones(DType.FLOAT32, 1, 3, 2), Tensors.ones(DType.FLOAT32, 1, 4, 2),
                        Tensors.ones(DType.FLOAT32, 1, 4, 3), null, null, false));
        assertEquals("attention: query (B, Tq, dim), value (B, Tv, dv) and key (B, Tv, dim) must agree in B, Tv and dim,"
                + " got shapes (1, 3, 2), (1, 4, 2) and (1, 4, 3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> att.call(x, x, null, null, bools(new boolean[] {true}, 1, 1), false));
        assertEquals("attention: Attention needs a bool valueMask of shape (batch, Tv) = (1, 3) for the value of shape (1, 3, 2),"
                + " got shape (1, 1) and dtype bool",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> both.call(Tensors.ones(DType.FLOAT64, 1, 3, 2)));
        assertTrue(e.getMessage().startsWith("attention: Attention needs floating inputs of one dtype, its variables',"
                + " float32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Attention.builder().scoreMode("general"));
    }

    // ---- expected values: /usr/bin/python3 -B scripts/fixtures/attention_reference.py
    // SDPA (2, 3, 2, 5)
    static final double[] SDPA = {0.5635703573160968, 0.4894781316405942, 0.18517669234773693, -0.20621623882189455, -0.5006224506559739, -0.6213485936899745, -0.4262170186465878, -0.03062891990908545, 0.37936443845173584, 0.6109367736758402, 0.8043180937906498, 0.8370015242617166, 0.47603005936291476, -0.1088257806291242, -0.6424991555415566, -0.7908031048836225, -0.6246928375520522, -0.16477976762490834, 0.37263180177112387, 0.7347888122616804, 0.73200700584771, 0.5957776579035692, 0.17934476816468148, -0.32143676838136054, -0.6710415701695962, -0.7589981293332202, -0.37310078748768, 0.1882716845739353, 0.6610970415542085, 0.8229981299653155, -0.807765934408039, -0.7764391503926845, -0.3799409017512608, 0.19524948972412948, 0.678610995324832, 0.7319735733356555, 0.5569801911384893, 0.1200303219933316, -0.37337168311080293, -0.6911711515544502, -0.4794567526721362, -0.5392211913316881, -0.3453814781444139, 0.010896540948638622, 0.3620497465703992, 0.5647044449019772, 0.4601526587013083, 0.13918388702978396, -0.24724524152007094, -0.5173910696695723, -0.6658327352280948, -0.7740281418502246, -0.5181860188368529, -0.018632914284618468, 0.4896835410029927, 0.8309717949329015, 0.8092730825390313, 0.40696059418632335, -0.1867518205469014, -0.6926319359992328};
    // SDPA_MASKED (2, 3, 2, 5)
    static final double[] SDPA_MASKED = {0.29552020666133955, 0.8414709848078965, 0.9916648104524686, 0.6754631805511513, 0.041580662433290935, -0.6118578909427189, -0.9775301176650969, -0.8834546557201536, -0.37387666483023685, 0.31154136351337786, 0.7917411169176284, 0.9737156793714359, 0.6977365430896731, 0.09360100815860976, -0.5545565434655433, -0.9208772747775428, -0.8920629967371525, -0.44369755246245646, 0.2133457837008352, 0.7700492641697957, 0.8387106336567071, 0.7408622004027584, 0.29457469800818276, -0.2902558877162662, -0.7385745940744028, -0.8249359685659763, -0.5176262921299919, 0.03313111762865062, 0.568306445078546, 0.836198371374844, -0.02566329986055949, -0.6636338842129675, -0.9894870832545352, -0.8499690458793281, -0.3106972850943756, 0.37470026364945874, 0.8838704235458273, 0.9773425123922601, 0.6111551462626017, -0.04246803471694442, -0.10191987488788248, -0.7021042308693338, -0.9720779963917077, -0.7848682910733809, -0.22852276455789877, 0.45167383361435764, 0.8972389208472457, 0.9208185238608076, 0.511322786916305, -0.13865604635387743, -0.5508277877742843, -0.9285718242452232, -0.8695940224386454, -0.40163256409775994, 0.25522296482023277, 0.8417034138286277, 0.9649778784263917, 0.6344081686049455, 0.005466384187519047, -0.626046326127912};
    // SDPA_MASKED_GQ (2, 3, 2, 3)
    static final double[] SDPA_MASKED_GQ = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.08531073915612569, -0.12675976464194527, -0.10859169214069908, -0.05454290044007713, 0.06708036921272643, 0.1571546930651026, 0.20246261958348358, -0.14200153799927437, -0.419680153425736, -0.49107763440303664, -0.3201741123400544, 0.001312297614962904, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.027391849967574045, -0.016436250442471687, 0.0022495744892226726, 0.012653831509735267, 0.017924302185741064, 0.014764693468845382, 0.19818157245934276, 0.11891719478168152, -0.01627579773422906, -0.08290138205510075, -0.11743078943543542, -0.09673066163758438};
    // SDPA_MASKED_GK (2, 4, 2, 3)
    static final double[] SDPA_MASKED_GK = {-0.14774128471018827, 0.010911732515392299, 0.16443279143845974, 0.24499773127337002, 0.1907433511862735, 0.04677939258919571, -0.09529866912562779, -0.07875397264298775, -0.02517005226158326, 0.025370444776342968, 0.08877909649826467, 0.11043355192540384, 0.24303995383581584, 0.06784224012759532, -0.13926273917687645, -0.270368176049713, -0.2795224476845381, -0.1572129445145994, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.10737733390516914, -0.03805095971961447, 0.049171375384721334, 0.06544059655807175, 0.07227317611168407, 0.04511455164044308, 0.107377333905169, 0.03805095971961435, -0.04917137538472138, -0.06544059655807177, -0.07227317611168416, -0.045114551640443167, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    // SDPA_MASKED_GV (2, 4, 2, 5)
    static final double[] SDPA_MASKED_GV = {0.7485266307806946, 1.1199300005358306, 0.9646127916499916, 0.3556231143605217, -0.4206216703771455, -1.0725483374643483, -1.1542783728613375, -0.6931332534045435, 0.09400326563424868, 0.8369285800037106, 0.9927296153594747, 0.9213193467817966, 0.4165981934007371, -0.28405559986302564, -0.8511136060200238, -0.9017271534745086, -0.6507779679556522, -0.09375773542100344, 0.5073582250871722, 0.8698556846458996, 0.6110643247634556, 0.3179189841831718, -0.1247486222796157, -0.5087450024333074, -0.6534706585826713, -0.5335044576914508, -0.10584952648034328, 0.3715880909789445, 0.6742620230267505, 0.6598199900103439, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.11828297368592777, -1.1048084885111875, -1.8082912554526611, -1.6613063896244689, -0.7329831701274899, 0.43001366163620713, 1.441421002171551, 1.7749055225611692, 1.2736242420264583, 0.1733375795389574, -0.6794183769904346, -0.8989811782088336, -0.6957390843472274, -0.16528002789405136, 0.4429128082493767, 0.9528566557917952, 0.9640044763314163, 0.5217659286669201, -0.16586728806715212, -0.7754905274753795, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    // SDPA_MASKED_GBIAS (1, 2, 3, 4)
    static final double[] SDPA_MASKED_GBIAS = {0.0, 0.0, 0.0, 0.0, -0.08255505033769107, 0.0825550503376914, 0.0, 0.0, -0.555160937515332, 0.12033872365340337, 0.43482221386192843, 0.0, 0.0, 0.0, 0.0, 0.0, -0.13195997840051443, 0.13195997840051457, 0.0, 0.0, -0.49541140098400693, 0.07684774784234892, 0.41856365314165805, 0.0};
    // MHA_OUT (2, 3, 6)
    static final double[] MHA_OUT = {0.7577548035112796, 0.569493567980276, 0.11339060884568516, -0.39604172540616855, -0.7192094478768389, -0.7041217290534132, 0.746251125885456, 0.5578081764185104, 0.10701932558875576, -0.39410238628848077, -0.7098715878745921, -0.6917770896337515, 0.7541796628682088, 0.5580210182958135, 0.09941636949996749, -0.40594535129533754, -0.7203846303053597, -0.6960157613624205, 0.7413551828591349, 0.5276356394290092, 0.06576081024113259, -0.4270423555441535, -0.7190008287961538, -0.6728019775674672, 0.7410948065219003, 0.5489047159752679, 0.09855616063269035, -0.3981448970379313, -0.7075921884459884, -0.6842478171949642, 0.7402221056460356, 0.5389356941468302, 0.08417940458785694, -0.41016777428826556, -0.7116066398683518, -0.6783657835578857};
    // MHA_SCORES (2, 2, 3, 4)
    static final double[] MHA_SCORES = {1.0, 0.0, 0.0, 0.0, 0.5089113220850716, 0.4910886779149284, 0.0, 0.0, 0.4823497088256656, 0.0, 0.5176502911743345, 0.0, 1.0, 0.0, 0.0, 0.0, 0.5271453304802223, 0.4728546695197777, 0.0, 0.0, 0.48132119479577606, 0.0, 0.5186788052042239, 0.0, 1.0, 0.0, 0.0, 0.0, 0.5066825627746997, 0.4933174372253003, 0.0, 0.0, 0.36879511094098083, 0.28656014983920924, 0.34464473921981004, 0.0, 1.0, 0.0, 0.0, 0.0, 0.5265771401565164, 0.4734228598434835, 0.0, 0.0, 0.37598840264935346, 0.2816851527299709, 0.3423264446206757, 0.0};
    // MHA_GQUERY (2, 3, 6)
    static final double[] MHA_GQUERY = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.00028155123884381344, -8.092984719660346e-05, -0.00020219777212864462, 0.00027918913887070183, -7.155322093566059e-05, -0.00020902965713972358, 0.0007239439767038746, -0.003368757792808847, 0.0025791959480968205, 0.0008398003449837428, -0.0034026383618846892, 0.002496560211062178, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.00822863081613765, 0.012387995435218988, -0.003918066817532952, -0.008546246123156099, 0.01229784610496951, -0.003512058141131644, 0.005450143031413305, -0.026264513607067, 0.020302780994815996, 0.006357197435029325, -0.026536150666660954, 0.019662072607086176};
    // MHA_GVALUE (2, 4, 4)
    static final double[] MHA_GVALUE = {0.4281434895919872, -0.20391898578419276, -0.22819651067694477, 0.42767060328731504, 0.05168423582298291, 0.030099633205260424, -0.08119757761751267, 0.04951634898201367, -0.477841813171445, 0.17514235473576556, 0.3061109438028432, -0.47529076019608396, 0.0, 0.0, 0.0, 0.0, 0.5222033432193867, -0.2456127607059694, -0.28137471562845506, 0.5215067590829948, -0.19799663336037898, 0.12520194458408654, 0.0752334169898844, -0.19896993819554307, -0.3215663550892308, 0.12145292325134394, 0.2024791352743648, -0.3199880975792741, 0.0, 0.0, 0.0, 0.0};
    // MHA_GKEY (2, 4, 5)
    static final double[] MHA_GKEY = {-0.0009033838177237299, 0.015807396929447635, -0.014596110986055197, -0.0014955942086408087, 0.0160625734762965, 0.00014759528197088063, 3.8790757405326736e-05, -0.00018563045914280756, 0.0001432239253250809, 4.5196300611781106e-05, 0.0007557885357528808, -0.015846187686852968, 0.014781741445197975, 0.001352370283315756, -0.016107769776908278, 0.0, 0.0, 0.0, 0.0, 0.0, -0.005932072684879314, -0.011640032525373118, 0.017345376497523105, -0.005367484530905531, -0.012082441748212639, 0.00446096174598099, 0.03048788631743021, -0.03435499411983148, 0.0031979289512566967, 0.031219355571366923, 0.0014711109388983342, -0.01884785379205708, 0.017009617622308345, 0.002169555579648862, -0.019136913823154276, 0.0, 0.0, 0.0, 0.0, 0.0};
    // MHA_GQK (6, 2, 3)
    static final double[] MHA_GQK = {-0.02118013000399901, -0.01421585423041325, -0.0005656400834145409, -0.02115537186619144, -0.03323372618789683, -0.029681739792138135, 0.009992253147811438, 0.007037396498256075, 0.0007727423132173687, 0.0029949296920116584, 0.005396190085842324, 0.005259537964505367, 0.036465123510943845, 0.024980849691442, 0.0017476919255114357, 0.025736669018994348, 0.041488193844413844, 0.037727172833894304, 0.04578787650360722, 0.031175418938199025, 0.0019006747167978444, 0.0363740507597975, 0.05806765176704638, 0.052451128816165975, 0.033575875721318156, 0.022707701528962832, 0.0011597404899125433, 0.029904148068046733, 0.047336985731549694, 0.04250649934469942, 0.005572615949762927, 0.0035601972730314145, -0.0001266378108236611, 0.009369857274690578, 0.014342995645699672, 0.012570399049047084};
    // MHA_GKK (5, 2, 3)
    static final double[] MHA_GKK = {-0.07334794931330459, -0.07553556899544189, -0.042197630303199854, -0.00563578252328131, -0.06321589847569664, -0.09106458959933081, 0.024323937158196647, 0.023161887002987533, 0.011106439475805668, 0.006774680281314433, 0.024630433589890158, 0.03090210911999944, 0.11055589591219571, 0.11096594562944417, 0.05918697722643584, 0.015998905092308557, 0.1008926878770105, 0.13833506306141943, 0.14479168933516348, 0.14658098613564402, 0.07943095476544319, 0.017698594848602027, 0.12970353456383776, 0.1807068753000681, 0.11092968883124953, 0.11325669847116238, 0.06231731313535786, 0.011074358899424949, 0.09751278227165938, 0.1380894204622794};
    // MHA_GVK (4, 2, 3)
    static final double[] MHA_GVK = {-0.01524031731651064, 0.27586626510461204, -0.25525252610424615, -0.01355028992970914, 0.26987503817018077, -0.25106802581562204, 0.708445990381147, -0.7977815083906752, 0.07379604472692336, 0.7140268044655325, -0.7523074079585712, 0.02362689098739162, 1.098939079028597, -1.4962201728098974, 0.3681371826280123, 1.1057859357440545, -1.4206679249968965, 0.2872097117786777, 0.9725839474121184, -1.4909631108715193, 0.48933765123699435, 0.9774766630602805, -1.420866118360512, 0.4157133173449127};
    // MHA_GQB (2, 3)
    static final double[] MHA_GQB = {-0.039013356308581965, -0.026996851646282936, -0.002283305817294014, -0.02175602832500624, -0.03588599908708839, -0.03313822374430941};
    // MHA_GKB (2, 3)
    static final double[] MHA_GKB = {4.85722573273506e-17, 7.28583859910259e-17, 3.8163916471489756e-17, 1.734723475976807e-18, 1.3877787807814457e-17, 6.938893903907228e-18};
    // MHA_GVB (2, 3)
    static final double[] MHA_GVB = {-0.012859344537098805, 0.04412437341862574, -0.03040555856961935, -0.0143110651832965, 0.0444378677116658, -0.029261225862605045};
    // MHA_GOK (2, 3, 6)
    static final double[] MHA_GOK = {0.013967842448950328, 0.0012469154900109124, -0.012060455307474753, -0.019695605524040857, -0.018067604710326857, -0.007942127087233804, -0.04939224082937985, 0.05770082931295192, 0.13765629782907268, 0.15286985853719487, 0.09618633611784307, -0.005735123130689467, -0.08952238147060067, 0.08701714150968314, 0.22263114315762067, 0.2535382394709577, 0.16520234011683124, -0.000830801152010982, -0.08369924169442171, 0.07247624315195425, 0.1945650183714296, 0.22514682528854596, 0.14983856225627223, 0.0040588821027538885, -0.042554062572344495, 0.026748890772365128, 0.08347142282388577, 0.10093604044437152, 0.0709288610747339, 0.007562730047621144, 0.01860495710307572, -0.03155888290041507, -0.06688008715469092, -0.07074654138992831, -0.041339791764278246, 0.007509707880175352};
    // MHA_GOB (6,)
    static final double[] MHA_GOB = {-0.006450482613198444, 0.01981297828423667, 0.03675808590826557, 0.03641529136870447, 0.01894581629381442, -0.0074341722205994165};
    // MHA_JVP (2, 3, 6)
    static final double[] MHA_JVP = {0.0018130069367000563, 0.007237605155795963, 0.009258244579420842, 0.006924586913282126, 0.0013341878221716078, -0.004883700648966027, -0.0017404355480909125, 0.0007976408019856461, 0.0029605742194070005, 0.0037311033211930317, 0.0027468362309243733, 0.0004706891407519201, 0.011898923852897904, 0.01227481323371002, 0.006877666151460793, -0.0017541547883184823, -0.009560969321726925, -0.012871110588860557, 0.0020145615150004396, 0.0073773180141030745, 0.00927040657739921, 0.006803478073246061, 0.001136767523967898, -0.005064582554314924, -0.001953685778569592, 0.0006811485779710878, 0.0029956281150518224, 0.0039012169416432433, 0.0029720024823836, 0.0006450088168391539, 0.011785467078482392, 0.01211382688201232, 0.006744864619165463, -0.001796312865491763, -0.009492656341345435, -0.012724455213017476};
    // MHA_SECOND_GQK (6, 2, 3)
    static final double[] MHA_SECOND_GQK = {0.013473908367509387, 0.03472824750261559, 0.03964934919340603, -0.051114529602238834, -0.028721467616568647, 0.007179749374484859, 0.03246780389692884, 0.0398032968038953, 0.02841867728032141, -0.02555500371620712, 0.0013149786514958309, 0.027566506012292026, -0.003967860872319485, 0.0012174989671963352, 0.005830250018493592, -0.01944773883624623, -0.01474318486442774, -0.0031046806822507328, -0.010843757477383045, -0.02075142405581286, -0.020899371650848816, 0.01650706050658221, 0.006038775489333712, -0.007269639999018282, -0.006584636122635131, -0.02920105225903402, -0.03808375723898151, 0.050657602228120185, 0.032600234287569696, -0.0007895332311369917, -0.023132372088353823, -0.038770581251877184, -0.03617438024559991, 0.04135878206207761, 0.015465885896638802, -0.017700858067122474};
    // MHA2_OUT (2, 3, 7)
    static final double[] MHA2_OUT = {-0.009341462522267484, -0.038555062707785505, -0.04963561446235905, -0.0373717611574151, -0.007531384630262598, 0.025851119769633436, 0.04707543860698202, -0.009730111179204953, -0.03872350841130105, -0.04950463456605261, -0.037002957553136914, -0.007098211415819986, 0.026144934462969928, 0.04709170913795502, -0.009843493808998838, -0.03629128456958857, -0.04567071713013701, -0.03357049779974175, -0.005681548800630112, 0.024879521376066735, 0.04373936389635424, -0.017148238457740148, -0.06945777849345236, -0.08910023999596706, -0.06683746639872429, -0.013139987989940434, 0.046737432088488365, 0.08463350756317975, -0.01914235698254102, -0.07700931299984501, -0.09865758580961348, -0.07390565444581877, -0.014394738988449673, 0.051886247139188435, 0.0937643204922905, -0.016700047728950777, -0.06966280753693081, -0.08986206044889825, -0.06779778219832171, -0.01384714761030515, 0.046616016866487746, 0.0851549402156153};
    // MHA2_SCORES (2, 2, 3, 4)
    static final double[] MHA2_SCORES = {0.2504646260491333, 0.24932862816428905, 0.25243263651483616, 0.24777410927174143, 0.25, 0.25, 0.25, 0.25, 0.25745706797678053, 0.24108151614461074, 0.2622052239621843, 0.2392561919164244, 0.2461328729340048, 0.25430348460209473, 0.24781145387735629, 0.25175218858654397, 0.25, 0.25, 0.25, 0.25, 0.25257958097029404, 0.24690085645291707, 0.2547289974992456, 0.24579056507754338, 0.0, 0.33001148633477784, 0.33799107379701754, 0.33199743986820457, 0.0, 0.34538171341560636, 0.32156630124921803, 0.3330519853351756, 0.0, 0.32495677190295486, 0.3403093145258932, 0.3347339135711521, 0.0, 0.3318638397584199, 0.3391068276936561, 0.32902933254792405, 0.0, 0.3385013886608196, 0.3240057732845147, 0.33749283805466584, 0.0, 0.32969319314178935, 0.3367990419980998, 0.3335077648601108};
    // MHA2_GQUERY (2, 3, 6)
    static final double[] MHA2_GQUERY = {-0.029965691197386967, 0.04608504321718124, -0.01522169108096691, -0.031159845674082788, 0.0457745941470174, -0.01372313457202504, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.026064380714729832, -0.03918412433290768, 0.012356501243205038, 0.027068307436125545, -0.038897562515079954, 0.011071594457463032, 0.011209032595149422, -0.007194003539240159, -0.004155156427397843, 0.011268224345030473, -0.006893581417493966, -0.004508918569591339, -0.024524010502875507, 0.02419696261703361, 0.000798364969721274, -0.024979776748604014, 0.02369484676163453, 0.0017464666788021164, -0.020376230780828425, 0.016173184374822965, 0.004518073470237839, -0.020603253195615838, 0.015683862197708176, 0.0052248868699303445};
    // MHA2_GVALUE (2, 4, 4)
    static final double[] MHA2_GVALUE = {-0.1074822219325329, -0.014765857249535858, 0.13530766309180672, -0.2402139488080014, -0.08992475077662185, -0.03460438094138121, 0.15513479239257805, -0.25773855347318175, -0.10865648264807556, -0.013344492227733262, 0.13380344005177458, -0.23880068872247037, -0.0912688435586724, -0.033149831616161446, 0.15373786743497542, -0.2565606749918199, 0.0, 0.0, 0.0, 0.0, 0.515297826875198, -0.501275757206567, 0.4293286076760541, -0.307770254074526, 0.4957786674397212, -0.4837804424933737, 0.41587881435193086, -0.2999201772929895, 0.5127682170931924, -0.5010580102828474, 0.4314478854257784, -0.31198166268199023};
    // MHA2_GKEY (2, 4, 5)
    static final double[] MHA2_GKEY = {0.00041248569293406416, 0.0012166560109518102, -0.0016054432433707335, 0.0003575158352698229, 0.001254891229287361, -0.0003541334450141525, 0.00021411317881327011, 0.00014419083920442848, -0.0003554954173296143, 0.0002043801113613059, -0.007532386110962892, -0.023375505652195677, 0.03045257531156216, -0.00648390351617629, -0.024094967584893254, 0.007474033863042984, 0.0219447364624306, -0.028991322907395863, 0.006481883098236085, 0.02263569624424459, 0.0, 0.0, 0.0, 0.0, 0.0, -0.036651723295926364, -0.032624194324419535, 0.06864045190606342, -0.034679254332907423, -0.03463669248059495, 0.06457353033724719, 0.05502002353768719, -0.11852185419678957, 0.0611932196329943, 0.058520577961282225, -0.02792180704132082, -0.022395829213267646, 0.04988140229072612, -0.026513965300086893, -0.023883885480687265};
    // LUONG_DOT_OUT (2, 3, 5)
    static final double[] LUONG_DOT_OUT = {-0.8715757724135882, -0.9824526126243325, -0.6312666378723216, 0.016813900484349713, 0.6569865987187891, 0.9792871308486922, 0.8458261717500686, 0.31455994767888273, -0.36464873492044725, -0.8723574196930344, -0.0, -0.0, -0.0, 0.0, 0.0, -0.6048328224062841, 0.05042268780681122, 0.6819636200681329, 0.9927664058359067, 0.836655638536058, -0.6048328224062841, 0.05042268780681122, 0.6819636200681329, 0.9927664058359067, 0.836655638536058, -0.29955360079099863, 0.3428469319168645, 0.8240011954131403, 0.9176148213327753, 0.5796598586525101};
    // LUONG_DOT_SCORES (2, 3, 4)
    static final double[] LUONG_DOT_SCORES = {1.0, 0.0, 0.0, 0.0, 0.004775443823594967, 0.995224556176405, 0.0, 0.0, 0.28623696000781346, 0.003091914925323138, 0.7106711250668635, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.5457430880805484, 0.0, 0.4542569119194515, 0.0};
    // LUONG_DOT_GQ (2, 3, 4)
    static final double[] LUONG_DOT_GQ = {0.0, 0.0, 0.0, 0.0, 0.05085978928819076, 0.060515636767183176, 0.04171003469166123, 0.0032875515633809674, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.04086624570283506, -0.04738122006026259, -0.03161206627136297, -0.0009752637628803601};
    // LUONG_DOT_GV (2, 4, 5)
    static final double[] LUONG_DOT_GV = {-0.9468316856284936, -0.9223076102426231, -0.46400785430570074, 0.2125220458339136, 0.789099507069271, 0.9941709535787496, 0.7308900257890043, 0.12386009839900584, -0.5414231686354679, -0.9520666594903058, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.3379905819415372, 0.043463387110419804, -0.27150531781288667, -0.45878082938117726, -0.4302845482432943, 0.0, 0.0, 0.0, 0.0, 0.0, 0.04134756169838995, -0.25980118193757973, -0.43876137020285577, -0.41136523022620414, -0.1904975947151398, 0.0, 0.0, 0.0, 0.0, 0.0};
    // LUONG_DOT_GK (2, 4, 4)
    static final double[] LUONG_DOT_GK = {-0.017882620542523466, -0.029923496405697563, -0.027890884341743045, -0.012740753564777293, 0.017882620542523295, 0.02992349640569728, 0.027890884341742778, 0.012740753564777172, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.04873347722983371, -0.003543219216836245, 0.043313470158167174, 0.06979915772614396, 0.0, 0.0, 0.0, 0.0, 0.048733477229834066, 0.0035432192168362705, -0.043313470158167486, -0.06979915772614446, 0.0, 0.0, 0.0, 0.0};
    // LUONG_DOT_GSCALE (1,)
    static final double[] LUONG_DOT_GSCALE = {0.105441403879269};
    // LUONG_CONCAT_OUT (2, 3, 5)
    static final double[] LUONG_CONCAT_OUT = {0.7577667477414427, 0.6476820063560174, 0.2329822970708413, -0.29129262697556424, -0.6785680769825104, 0.7394846621931377, 0.632077543405552, 0.22739447947027866, -0.284235761296621, -0.6621854822194362, 0.0, 0.0, 0.0, -0.0, -0.0, -0.16760164315314216, 0.14948487650124515, 0.39626632297147024, 0.4566775259161168, 0.3023061526392331, -0.20253364016144715, 0.20727277361199, 0.5195955632292814, 0.5875444405552089, 0.37916198685289343, -0.186306890194563, 0.01416654094288472, 0.2079772265165854, 0.3039729727257289, 0.2570054801532441};
    // LUONG_CONCAT_SCORES (2, 3, 4)
    static final double[] LUONG_CONCAT_SCORES = {0.07741803142525182, 0.8786528540022417, 0.043929114572506665, 0.0, 0.08173095924598991, 0.869124196931561, 0.04914484382244921, 0.0, 0.05649654454052629, 0.8927251895629627, 0.05077826589651104, 0.0, 0.14844033240954665, 0.0, 0.5702813459666676, 0.28127832162378585, 0.2577663978909427, 0.0, 0.5412234133420376, 0.20101018876701973, 0.10249115373542944, 0.0, 0.5129576743228423, 0.3845511719417282};
    // LUONG_CONCAT_GQ (2, 3, 4)
    static final double[] LUONG_CONCAT_GQ = {-0.5216080147078236, -0.5580980624160988, -0.5014501522923742, -0.07265502163019348, -0.46603829259211493, -0.5956707149884046, -0.5140672788294209, -0.1439355040060848, 0.0, 0.0, 0.0, 0.0, -0.2204931997061606, 0.15142792783600872, -0.31483694250959887, -0.4594866279978206, -0.15610874064471406, 0.18978985815886454, -0.24502538805342952, -0.5143506742968857, -0.8890166314979576, -0.3062840474129531, -0.5413661061816316, -0.9585643981698684};
    // LUONG_CONCAT_GV (2, 4, 5)
    static final double[] LUONG_CONCAT_GV = {0.007973274838327535, -0.011651770893685465, -0.025796806710455866, -0.027809201245074945, -0.016742493903379403, 0.0320762134107524, -0.17518742498573292, -0.3000576800324034, -0.28380611962925184, -0.1340761065715168, 0.00728977970117594, -0.004578388574200558, -0.014293269163835711, -0.017285801927227486, -0.012148551946138474, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0046173252176186855, 0.02126099878852395, 0.027905292416915667, 0.021425290989410414, 0.004868640430179219, 0.0, 0.0, 0.0, 0.0, 0.0, 0.22373930660015262, -0.09779008007696066, -0.3733272640817282, -0.4732828023894459, -0.3506460434856237, 0.15098151182215586, -0.13980871353872323, -0.3648447163509301, -0.41828854820734596, -0.2750047399029897};
    // LUONG_CONCAT_GK (2, 4, 4)
    static final double[] LUONG_CONCAT_GK = {-0.2892485646257347, -0.3587550361985014, -0.2482999974719989, 0.13157512241915384, -0.48851838190086083, -0.5580704284367616, -0.5356612314650696, -0.22397319972652274, -0.20987936077334304, -0.23694331276924044, -0.23155620218472664, -0.12419244832890937, 0.0, 0.0, 0.0, 0.0, -0.1727882715239218, -0.20618189452255536, -0.3427385532161864, -0.36927357453125, 0.0, 0.0, 0.0, 0.0, -0.9103291979569047, -0.6279752919690189, -0.9760478103415264, -1.102125394187432, -0.18250110236800582, 0.8690909250734943, 0.21755792681305275, -0.4610027317458928};
    // LUONG_CONCAT_GSCALE (1,)
    static final double[] LUONG_CONCAT_GSCALE = {0.08802988168204745};
    // LUONG_CONCAT_GCW (1,)
    static final double[] LUONG_CONCAT_GCW = {0.42077486411239073};
}
