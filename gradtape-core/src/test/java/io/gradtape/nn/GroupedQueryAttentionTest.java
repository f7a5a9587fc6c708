package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.ForwardAccumulator;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AttentionOptions} with {@link MultiHeadAttention} (Keras 3's query_mask, value_mask, key_mask,
 * attention_mask and use_causal_mask, combined as _compute_attention_mask in
 * keras/src/layers/attention/multi_head_attention.py) and {@link GroupedQueryAttention}
 * (keras/src/layers/attention/grouped_query_attention.py): values, scores and gradients against a float64 PyTorch 1.13
 * transcription with the weights copied over (scripts/fixtures/gqa_reference.py prints the constants at the end of
 * this class; it checks its transcription against torch.nn.MultiheadAttention first), then Keras's names, shapes,
 * errors, dropout and checkpoints.
 */
class GroupedQueryAttentionTest {
    private static final int B = 2;
    private static final int T = 3;
    private static final int S = 4;
    private static final int DQ = 6;
    private static final int DV = 4;
    private static final int DK = 5;
    private static final List<String> NAMES = List.of("query/kernel", "query/bias", "key/kernel", "key/bias",
            "value/kernel", "value/bias", "attention_output/kernel", "attention_output/bias");

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

    /** The script's weights(...): variable i (Keras's order) is wave(phase + 0.1 i, 0.5) of its shape. */
    private static void assignWaves(Module layer, double phase) {
        Map<String, Variable> vars = layer.namedVariables();
        for (int i = 0; i < NAMES.size(); i++) {
            Variable v = vars.get(NAMES.get(i));
            if (v != null) {
                v.assign(wave(phase + 0.1 * i, 0.5, v.shape().dims()));
            }
        }
    }

    private static final Tensor QUERY = wave(0.6, 1, B, T, DQ);
    private static final Tensor VALUE = wave(0.7, 1, B, S, DV);
    private static final Tensor KEY = wave(0.8, 1, B, S, DK);
    private static final boolean[] Q = {true, true, false, true, true, true};
    private static final boolean[] V = {true, true, true, true, true, false, true, true};
    private static final boolean[] K = {true, true, true, false, true, true, true, true};
    private static final boolean[] A = {true, true, false, true, true, true, true, true, false, true, true, true};
    private static final Tensor QMASK = Tensors.constant(Q, B, T);
    private static final Tensor VMASK = Tensors.constant(V, B, S);
    private static final Tensor KMASK = Tensors.constant(K, B, S);
    private static final Tensor AMASK = Tensors.constant(A, T, S);

    @Test
    void multiHeadAttentionCombinesQueryValueKeyAttentionAndCausalMasksAsKeras() {
        MultiHeadAttention mha = MultiHeadAttention.builder(2, 3).inputSizes(DQ, DV, DK).dtype(DType.FLOAT64).build();
        assignWaves(mha, 1.1);
        AttentionOptions all = opts().key(KEY).queryMask(QMASK).valueMask(VMASK).keyMask(KMASK).attentionMask(AMASK)
                .useCausalMask(true);
        GradientTape tape = new GradientTape();
        MultiHeadAttention.Output r;
        Tensor loss;
        try (tape) {
            tape.watch(QUERY, VALUE, KEY);
            r = mha.callWithScores(QUERY, VALUE, all);
            loss = r.output().mul(wave(1.9, 1, B, T, DQ)).sum();
        }
        close(MHA_MASKS_OUT, r.output());
        close(MHA_MASKS_SCORES, r.scores());
        List<Tensor> g = tape.gradient(loss, List.of(QUERY, VALUE, KEY));
        close(MHA_MASKS_GQUERY, g.get(0));
        close(MHA_MASKS_GVALUE, g.get(1));
        close(MHA_MASKS_GKEY, g.get(2));
        // the same masks "and"-ed by hand into one (B, T, S) attention mask of numbers (nonzero attends)
        double[] m = new double[B * T * S];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int s = 0; s < S; s++) {
                    boolean ok = Q[b * T + t] && V[b * S + s] && K[b * S + s] && A[t * S + s] && s <= t;
                    m[(b * T + t) * S + s] = ok ? 2 : 0;
                }
            }
        }
        Tensor byHand = Tensors.constant(m, B, T, S);
        close(MHA_MASKS_OUT, mha.call(QUERY, VALUE, opts().key(KEY).attentionMask(byHand)));
        // a numeric attention mask is "and"-ed as BOOL with the padding masks, as Keras's ops.cast(mask, "bool")
        close(MHA_MASKS_OUT, mha.call(QUERY, VALUE, opts().key(KEY).queryMask(QMASK).valueMask(VMASK).keyMask(KMASK)
                .attentionMask(Tensors.cast(AMASK, DType.FLOAT64).mul(3)).useCausalMask(true)));
    }

    @Test
    void callMaskedIsTheQueryAndValueMaskAndAQueryMaskAloneLeavesOtherQueriesAlone() {
        MultiHeadAttention mha = MultiHeadAttention.builder(2, 3).inputSize(DQ).dtype(DType.FLOAT64).build();
        assignWaves(mha, 1.1);
        Tensor x = wave(0.3, 1, B, T, DQ);
        Tensor mask = QMASK;
        close(mha.call(x, x, opts().queryMask(mask).valueMask(mask)).toDoubleArray(), mha.callMasked(x, mask));
        // a query mask alone: the unmasked queries see every key, as with no mask; the masked query (example 0,
        // step 2) attends uniformly, the mean of the projected values
        Tensor plain = mha.callWithScores(x, x, opts()).scores();
        Tensor masked = mha.callWithScores(x, x, opts().queryMask(mask)).scores();
        double[] p = plain.toDoubleArray();
        double[] w = masked.toDoubleArray();
        for (int b = 0; b < B; b++) {
            for (int n = 0; n < 2; n++) {
                for (int t = 0; t < T; t++) {
                    for (int s = 0; s < T; s++) {
                        int i = ((b * 2 + n) * T + t) * T + s;
                        assertEquals(b == 0 && t == 2 ? 1.0 / T : p[i], w[i], 1e-15, "weight " + i);
                    }
                }
            }
        }
        // a key mask is "and"-ed with the value mask: each alone, or both, hides its keys
        MultiHeadAttention cross = MultiHeadAttention.builder(2, 3).inputSizes(DQ, DV, DK).dtype(DType.FLOAT64).build();
        Tensor both = cross.callWithScores(QUERY, VALUE, opts().key(KEY).valueMask(VMASK).keyMask(KMASK))
                .scores();
        Tensor and = Tensors.constant(new boolean[] {true, true, true, false, true, false, true, true}, B, S);
        close(cross.callWithScores(QUERY, VALUE, opts().key(KEY).valueMask(and)).scores().toDoubleArray(), both);
        close(cross.callWithScores(QUERY, VALUE, opts().key(KEY).keyMask(and)).scores().toDoubleArray(), both);
    }

    @Test
    void groupedQueryAttentionMatchesTheTranscriptionWithMasksAndCausalAndItsGradients() {
        GroupedQueryAttention gqa = GroupedQueryAttention.builder(3, 4, 2).inputSizes(DQ, DV, DK).dtype(DType.FLOAT64)
                .build();
        assignWaves(gqa, 2.1);
        List<Tensor> wrt = new ArrayList<>(List.of(QUERY, VALUE, KEY));
        for (String n : NAMES) {
            wrt.add(gqa.namedVariables().get(n));
        }
        GradientTape tape = new GradientTape();
        GroupedQueryAttention.Output r;
        Tensor loss;
        try (tape) {
            tape.watch(QUERY, VALUE, KEY);
            r = gqa.callWithScores(QUERY, VALUE, opts().key(KEY).queryMask(QMASK).valueMask(VMASK).useCausalMask(true));
            loss = r.output().mul(wave(2.9, 1, B, T, DQ)).sum();
        }
        close(GQA_OUT, r.output());
        close(GQA_SCORES, r.scores());
        assertEquals(Shape.of(B, 4, T, S), r.scores().shape());
        List<Tensor> g = tape.gradient(loss, wrt);
        double[][] expected = {GQA_GQUERY, GQA_GVALUE, GQA_GKEY, GQA_GQK, GQA_GQB, GQA_GKK, GQA_GKB, GQA_GVK, GQA_GVB,
            GQA_GOK, GQA_GOB};
        for (int i = 0; i < expected.length; i++) {
            close(expected[i], g.get(i));
        }
        close(GQA_OUT, gqa.call(QUERY, VALUE, opts().key(KEY).queryMask(QMASK).valueMask(VMASK).useCausalMask(true)));
    }

    @Test
    void multiQueryAttentionWithoutBiasMatchesAndHasForwardMode() {
        GroupedQueryAttention mqa = GroupedQueryAttention.builder(3, 4, 1).useBias(false).inputSizes(DQ, DV, DK)
                .dtype(DType.FLOAT64).build();
        assertEquals(List.of("query/kernel", "key/kernel", "value/kernel", "attention_output/kernel"),
                new ArrayList<>(mqa.namedVariables().keySet()));
        assignWaves(mqa, 3.1);
        java.util.function.UnaryOperator<Tensor> f = xx -> mqa.call(xx,
                Tensors.slice(xx, new int[] {0, 0, 0}, new int[] {B, T, DV}),
                opts().key(Tensors.slice(xx, new int[] {0, 0, 0}, new int[] {B, T, DK})));
        Tensor x = wave(3.6, 1, B, T, DQ);
        close(MQA_OUT, f.apply(x));
        try (ForwardAccumulator acc = new ForwardAccumulator(x, wave(3.7, 1, B, T, DQ))) {
            close(MQA_JVP, acc.jvp(f.apply(x)));
        }
    }

    @Test
    void asManyKeyValueHeadsAsQueryHeadsIsMultiHeadAttention() {
        GroupedQueryAttention gqa = GroupedQueryAttention.builder(3, 2, 2).inputSizes(DQ, DV, DK).dtype(DType.FLOAT64)
                .build();
        MultiHeadAttention mha = MultiHeadAttention.builder(2, 3).inputSizes(DQ, DV, DK).dtype(DType.FLOAT64).build();
        assignWaves(gqa, 1.1);
        assignWaves(mha, 1.1);
        AttentionOptions o = opts().key(KEY).attentionMask(AMASK).keyMask(KMASK);
        assertArrayEquals(mha.callWithScores(QUERY, VALUE, o).scores().toDoubleArray(),
                gqa.callWithScores(QUERY, VALUE, o).scores().toDoubleArray(), 1e-15);
        assertArrayEquals(mha.call(QUERY, VALUE, o).toDoubleArray(), gqa.call(QUERY, VALUE, o).toDoubleArray(), 1e-14);
    }

    @Test
    void groupedQueryAttentionHasKerasDefaultsNamesAndShapesAndBuildsAtItsFirstCall() {
        GroupedQueryAttention gqa = new GroupedQueryAttention(8, 4, 2);
        assertEquals("grouped_query_attention", gqa.name());
        assertEquals(8, gqa.headDim());
        assertEquals(4, gqa.numQueryHeads());
        assertEquals(2, gqa.numKeyValueHeads());
        assertTrue(gqa.namedVariables().isEmpty());
        assertThrows(IllegalStateException.class, gqa::countParams);
        Tensor q = Tensors.ones(DType.FLOAT32, 2, 5, 16);
        Tensor v = Tensors.ones(DType.FLOAT32, 2, 7, 12);
        Tensor y = gqa.call(q, v);
        assertEquals(Shape.of(2, 5, 16), y.shape());
        assertEquals(DType.FLOAT32, y.dtype());
        Map<String, Variable> vars = gqa.namedVariables();
        assertEquals(NAMES, new ArrayList<>(vars.keySet()));
        // "bqm,muh->bquh", "bkm,mvh->bkvh" and "bquh,uhm->bqm", the key defaulting to the value
        assertEquals(Shape.of(16, 4, 8), vars.get("query/kernel").shape());
        assertEquals(Shape.of(4, 8), vars.get("query/bias").shape());
        assertEquals(Shape.of(12, 2, 8), vars.get("key/kernel").shape());
        assertEquals(Shape.of(2, 8), vars.get("key/bias").shape());
        assertEquals(Shape.of(12, 2, 8), vars.get("value/kernel").shape());
        assertEquals(Shape.of(4, 8, 16), vars.get("attention_output/kernel").shape());
        assertEquals(Shape.of(16), vars.get("attention_output/bias").shape());
        assertEquals(16 * 32 + 32 + 2 * (12 * 16 + 16) + 32 * 16 + 16, gqa.countParams());
        // Glorot uniform with Keras's compute_fans: (12, 2, 8) has fanIn 2 * 12, fanOut 8 * 12
        double limit = Math.sqrt(6.0 / (2 * 12 + 8 * 12));
        for (double k : vars.get("key/kernel").toDoubleArray()) {
            assertTrue(Math.abs(k) <= limit, "key kernel entry " + k + " beyond " + limit);
        }
        Sequential model = new Sequential(new GroupedQueryAttention(2, 2, 1));
        model.build(DType.FLOAT32, 3, 6);
        assertTrue(model.namedVariables().containsKey("grouped_query_attention/attention_output/kernel"),
                model.namedVariables().keySet().toString());
    }

    @Test
    void groupedQueryAttentionRefusesWrongShapesAndMasksNamingTheLayerAndChangesNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupedQueryAttention.builder(3, 4, 3));
        assertEquals("GroupedQueryAttention: numQueryHeads must be divisible by numKeyValueHeads, got 4 and 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GroupedQueryAttention(0, 4, 2));
        assertEquals("GroupedQueryAttention: headDim, numQueryHeads and numKeyValueHeads must be positive, got 0, 4 and 2",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupedQueryAttention.builder(3, 4, 2).dropout(1, Generator.fromSeed(1)));
        GroupedQueryAttention gqa = GroupedQueryAttention.builder(2, 4, 2).name("gqa").build();
        Tensor q = Tensors.ones(DType.FLOAT32, 2, 3, 6);
        Tensor v = Tensors.ones(DType.FLOAT32, 2, 5, 6);
        e = assertThrows(IllegalArgumentException.class, () -> gqa.call(Tensors.ones(DType.FLOAT32, 2, 6), v));
        assertEquals("gqa: GroupedQueryAttention needs query, value and key of rank 3 (batch, sequence, features), got"
                + " shapes (2, 6), (2, 5, 6) and (2, 5, 6)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gqa.call(q, v, opts().key(Tensors.ones(DType.FLOAT32, 2, 4, 6))));
        assertEquals("gqa: query (B, T, dq), value (B, S, dv) and key (B, S, dk) must agree in batch size and value and key"
                + " in length, got shapes (2, 3, 6), (2, 5, 6) and (2, 4, 6)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gqa.call(q, v, opts().queryMask(Tensors.ones(DType.BOOL, 2, 5))));
        assertEquals("gqa: GroupedQueryAttention needs a bool queryMask of shape (batch, query length) = (2, 3) for the"
                + " query of shape (2, 3, 6), got shape (2, 5) and dtype bool", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gqa.call(q, v, opts().valueMask(Tensors.ones(DType.FLOAT32, 2, 5))));
        assertEquals("gqa: GroupedQueryAttention needs a bool valueMask of shape (batch, value length) = (2, 5) for the"
                + " value of shape (2, 5, 6), got shape (2, 5) and dtype float32", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gqa.call(q, v, opts().keyMask(Tensors.ones(DType.BOOL, 2, 3))));
        assertEquals("gqa: GroupedQueryAttention needs a bool keyMask of shape (batch, key length) = (2, 5) for the"
                + " key of shape (2, 5, 6), got shape (2, 3) and dtype bool", e.getMessage());
        // a per-head mask has one row per query head, not per key/value head
        e = assertThrows(IllegalArgumentException.class,
                () -> gqa.call(q, v, opts().attentionMask(Tensors.ones(DType.BOOL, 2, 2, 3, 5))));
        assertEquals("gqa: attentionMask of shape (2, 2, 3, 5) does not broadcast to (batch, query length, key length) ="
                + " (2, 3, 5) (or (batch, heads, query length, key length) = (2, 4, 3, 5))", e.getMessage());
        assertThrows(NullPointerException.class, () -> gqa.call(q, v, null));
        assertTrue(gqa.namedVariables().isEmpty());
        assertEquals(Shape.of(2, 3, 6), gqa.call(q, v, opts().attentionMask(Tensors.ones(DType.BOOL, 2, 4, 3, 5))).shape());
        e = assertThrows(IllegalArgumentException.class, () -> gqa.call(Tensors.ones(DType.FLOAT32, 2, 3, 7), v));
        assertEquals("gqa: inputs of shapes (2, 3, 7), (2, 5, 6) and (2, 5, 6) (query, value, key) and dtype float32,"
                + " but the layer was built for feature sizes 6, 6 and 6 and dtype float32", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gqa.callMasked(q, Tensors.ones(DType.BOOL, 2, 5)));
        assertEquals("gqa: GroupedQueryAttention needs a bool mask of shape (batch, timesteps) = (2, 3) for the input of"
                + " shape (2, 3, 6), got shape (2, 5) and dtype bool", e.getMessage());
    }

    @Test
    void groupedQueryAttentionDropsWeightsInTrainingOnlyAndIgnoresPaddingOfAMaskedSequence() {
        GroupedQueryAttention gqa = GroupedQueryAttention.builder(3, 4, 2).dropout(0.5, Generator.fromSeed(3))
                .inputSize(DQ).dtype(DType.FLOAT64).build();
        GroupedQueryAttention plain = GroupedQueryAttention.builder(3, 4, 2).inputSize(DQ).dtype(DType.FLOAT64).build();
        assignWaves(gqa, 2.1);
        assignWaves(plain, 2.1);
        Tensor x = wave(0.3, 1, B, 5, DQ);
        assertArrayEquals(plain.call(x).toDoubleArray(), gqa.call(x).toDoubleArray(), 0);
        gqa.setTraining(true);
        GroupedQueryAttention.Output r = gqa.callWithScores(x, x, opts());
        GroupedQueryAttention.Output p = plain.callWithScores(x, x, opts());
        assertArrayEquals(p.scores().toDoubleArray(), r.scores().toDoubleArray(), 0);
        assertTrue(!Arrays.equals(p.output().toDoubleArray(), r.output().toDoubleArray()));
        // Keras's layer(x, x) on a masked x: the real steps' outputs are those of the unpadded sequence
        Tensor one = wave(0.4, 1, 1, 5, DQ);
        Tensor mask = Tensors.constant(new boolean[] {true, true, true, false, false}, 1, 5);
        Tensor y = plain.callMasked(one, mask);
        Tensor real = plain.call(Tensors.slice(one, new int[] {0, 0, 0}, new int[] {1, 3, DQ}));
        assertArrayEquals(real.toDoubleArray(), Tensors.slice(y, new int[] {0, 0, 0}, new int[] {1, 3, DQ}).toDoubleArray(),
                1e-14);
        assertEquals(mask, plain.computeMask(one, mask));
    }

    @Test
    void groupedQueryAttentionCheckpointsUnderKerasPaths(@TempDir Path dir) throws Exception {
        GroupedQueryAttention a = GroupedQueryAttention.builder(2, 4, 2).inputSize(4).build();
        Path file = dir.resolve("gqa.npz");
        new Checkpoint().module(a).save(file);
        GroupedQueryAttention b = GroupedQueryAttention.builder(2, 4, 2).inputSize(4).build();
        Checkpoint restored = new Checkpoint().module(b);
        assertEquals(NAMES, new ArrayList<>(restored.keys()));
        restored.restore(file);
        Tensor x = Tensors.cast(wave(0.2, 1, 1, 3, 4), DType.FLOAT32);
        assertArrayEquals(a.call(x).toDoubleArray(), b.call(x).toDoubleArray(), 0);
        // a layer of another grouping has other shapes: the restore fails and changes nothing
        GroupedQueryAttention c = GroupedQueryAttention.builder(2, 4, 1).inputSize(4).build();
        double[] before = c.call(x).toDoubleArray();
        assertThrows(Exception.class, () -> new Checkpoint().module(c).restore(file));
        assertArrayEquals(before, c.call(x).toDoubleArray(), 0);
    }

    // ---- generated by scripts/fixtures/gqa_reference.py (PyTorch 1.13, float64)
    // MHA_MASKS_OUT (2, 3, 6)
    static final double[] MHA_MASKS_OUT = {0.7577548035112796, 0.5694935679802761, 0.11339060884568508, -0.3960417254061687, -0.7192094478768389, -0.704121729053413, 0.746251125885456, 0.5578081764185105, 0.10701932558875568, -0.39410238628848093, -0.7098715878745923, -0.6917770896337513, 0.7462881156884551, 0.5574727429344626, 0.1064692284265013, -0.3946084278380284, -0.7100955745635632, -0.6916136770224341, 0.7413551828591349, 0.5276356394290096, 0.06576081024113245, -0.4270423555441536, -0.7190008287961538, -0.672801977567467, 0.7413551828591349, 0.5276356394290096, 0.06576081024113245, -0.4270423555441536, -0.7190008287961538, -0.672801977567467, 0.7330439488042746, 0.5187227388035045, 0.06043811947707171, -0.42627149181109486, -0.7124989598247112, -0.6636270339294152};
    // MHA_MASKS_SCORES (2, 2, 3, 4)
    static final double[] MHA_MASKS_SCORES = {1.0, 0.0, 0.0, 0.0, 0.5089113220850716, 0.4910886779149284, 0.0, 0.0, 0.25, 0.25, 0.25, 0.25, 1.0, 0.0, 0.0, 0.0, 0.5271453304802223, 0.4728546695197777, 0.0, 0.0, 0.25, 0.25, 0.25, 0.25, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0};
    // MHA_MASKS_GQUERY (2, 3, 6)
    static final double[] MHA_MASKS_GQUERY = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0002815512388438227, -8.092984719660861e-05, -0.0002021977721286488, 0.00027918913887071105, -7.155322093566542e-05, -0.00020902965713972803, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    // MHA_MASKS_GVALUE (2, 4, 4)
    static final double[] MHA_MASKS_GVALUE = {0.6421142861858056, -0.28341874649546006, -0.36421607130537303, 0.6405404870227713, -0.1789199674321051, 0.11498033835427143, 0.06617925719291122, -0.17987053232849995, -0.23060420325508788, 0.0848807051490109, 0.14737683481042393, -0.22938688131051352, -0.23060420325508788, 0.0848807051490109, 0.14737683481042393, -0.22938688131051352, 0.9380480942116582, -0.347330352437884, -0.5974831664861537, 0.9331755283153734, 0.0, 0.0, 0.0, 0.0, -0.9354077394418812, 0.34837245956734464, 0.5938210031219481, -0.9306268050071953, 0.0, 0.0, 0.0, 0.0};
    // MHA_MASKS_GKEY (2, 4, 5)
    static final double[] MHA_MASKS_GKEY = {-0.00014759528197088055, -3.879075740532741e-05, 0.00018563045914280813, -0.00014322392532508077, -4.519630061178169e-05, 0.0001475952819708806, 3.879075740532691e-05, -0.00018563045914280775, 0.00014322392532508085, 4.519630061178123e-05, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    // GQA_OUT (2, 3, 6)
    static final double[] GQA_OUT = {0.3201093705150698, -0.20587069474250722, -0.6350265554443444, -0.7655195045570669, -0.5359766691043842, -0.054355631305437094, 0.31165875515485253, -0.2051366209585299, -0.6254530388869961, -0.7516091196535912, -0.5242716872306455, -0.05036108833204164, 0.30730351717974125, -0.20676938323051758, -0.6235954118467302, -0.7471347743243318, -0.5192849781343178, -0.04720734267612747, 0.03125176489641032, -0.3005085782418391, -0.4909350414568915, -0.4504670836031405, -0.19813741758848885, 0.1473793719005806, 0.03125176489641032, -0.3005085782418391, -0.4909350414568915, -0.4504670836031405, -0.19813741758848885, 0.1473793719005806, 0.025690798908520135, -0.3011193286445942, -0.4863083308168575, -0.4427789262286734, -0.19100367402357316, 0.15060359058954687};
    // GQA_SCORES (2, 4, 3, 4)
    static final double[] GQA_SCORES = {1.0, 0.0, 0.0, 0.0, 0.4848333544842446, 0.5151666455157555, 0.0, 0.0, 0.25, 0.25, 0.25, 0.25, 1.0, 0.0, 0.0, 0.0, 0.5129496375587493, 0.4870503624412508, 0.0, 0.0, 0.25, 0.25, 0.25, 0.25, 1.0, 0.0, 0.0, 0.0, 0.5155220380500173, 0.48447796194998266, 0.0, 0.0, 0.25, 0.25, 0.25, 0.25, 1.0, 0.0, 0.0, 0.0, 0.4885094230442251, 0.5114905769557749, 0.0, 0.0, 0.25, 0.25, 0.25, 0.25, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.5046711419053321, 0.0, 0.4953288580946678, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.5131556524841068, 0.0, 0.4868443475158932, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.49746455318626104, 0.0, 0.5025354468137389, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.4853383243574964, 0.0, 0.5146616756425036, 0.0};
    // GQA_GQUERY (2, 3, 6)
    static final double[] GQA_GQUERY = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0020857061065180094, -0.0003434784736380976, -0.0017289771579308488, 0.0021391549163189026, -0.0004927005969538212, -0.0016274472565696249, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.0004705654988744033, 0.0001201091582220233, 0.0003458228526339985, -0.00047927292563622656, 0.00015193913238240744, 0.0003214723905111919};
    // GQA_GVALUE (2, 4, 4)
    static final double[] GQA_GVALUE = {0.43257129749669476, 0.5096527639680999, -0.9322968628198123, 0.4044844874306984, -0.13834783432441755, 0.025611957310278058, 0.11323475587025755, -0.13664108614481, -0.14699450556155955, -0.2619986150832764, 0.4038898180032658, -0.13402409272757765, -0.14699450556155955, -0.2619986150832764, 0.4038898180032658, -0.13402409272757765, 0.2754999214270818, 0.5531779963339296, -0.8179029190876325, 0.24879351744378836, 0.0, 0.0, 0.0, 0.0, -0.2748282161479263, -0.5413424907240175, 0.805626244405881, -0.2485914778280845, 0.0, 0.0, 0.0, 0.0};
    // GQA_GKEY (2, 4, 5)
    static final double[] GQA_GKEY = {0.0005273824149394184, 0.0007353244535596555, -0.0012483839560475342, 0.0004887430337211769, 0.0007691608337741543, -0.0005273824149394247, -0.0007353244535596576, 0.0012483839560475424, -0.0004887430337211831, -0.0007691608337741567, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.0012332349732494007, 0.0022189821278879797, -0.0009425250278679885, -0.0012948159392945297, 0.0022121200796351194, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0012332349732493812, -0.0022189821278880096, 0.0009425250278680372, 0.0012948159392945115, -0.002212120079635151, 0.0, 0.0, 0.0, 0.0, 0.0};
    // GQA_GQK (6, 4, 3)
    static final double[] GQA_GQK = {-0.00036967041559083253, 0.0010862763764399577, 0.002031330415094435, -0.00034259961620825827, 0.0010061879271447704, 0.0018817495662415535, -0.0016151417637235738, -0.0008463263542759149, 0.00032052956380178993, -0.001555177731965851, -0.0008149279758913123, 0.0003085951408457968, -0.00019697724143158597, 0.0005908301631714629, 0.0011007609100590068, -0.00017866887890720737, 0.0005364877487072838, 0.0009993258052524228, -0.001068776985912809, -0.0005595018075526298, 0.00021291581335646008, -0.0010244645732394688, -0.0005362851984366275, 0.0002041174848783431, 6.835740722723469e-05, -0.00018249270781253225, -0.0003475136508408456, 6.929262392214653e-05, -0.00018553100079955076, -0.0003530964968433621, -1.9749691526177592e-05, -9.534818280441587e-06, 5.16442898823168e-06, -1.19297180180393e-05, -5.41911246981983e-06, 3.6401863489239706e-06, 0.0003015424991531354, -0.0008699864067850755, -0.001632347111699668, 0.00028466472299379955, -0.0008202916216285012, -0.0015394519991887585, 0.0010385661913826583, 0.0005449165450146838, -0.00020501586702959104, 0.0010062158699942604, 0.0005279956667675124, -0.00019854914869987488, 0.00039290744199579555, -0.0011483119047340075, -0.0021494622197989373, 0.0003661545548324748, -0.001069256275395415, -0.002001779171714655, 0.0016084281664398433, 0.0008430851426335158, -0.00031877399732210815, 0.0015511224117915883, 0.0008130858337642118, -0.0003073577166990948, 0.00029948187551969937, -0.0008865683710180747, -0.0016556516596531123, 0.0002754361782106965, -0.0008153329952536871, -0.001522638321120777, 0.0014218212424369997, 0.0007447376241030625, -0.00028260773569293066, 0.0013665118463670781, 0.0007157690283249909, -0.0002716111479379287};
    // GQA_GQB (4, 3)
    static final double[] GQA_GQB = {0.00021488578364242482, -0.0006603797960798683, -0.0012250584389868415, 0.00018979382657303038, -0.000585718196537023, -0.001085757799716431, 0.0014403068601470887, 0.000753431945872596, -0.0002877937852446896, 0.0013756734786796894, 0.0007195555152761546, -0.00027498065032683554};
    // GQA_GKK (5, 2, 3)
    static final double[] GQA_GKK = {0.001608199556699587, 0.00221591360395865, 0.001781448858670807, 0.0008810381180706562, -6.62183171803152e-05, -0.0009823312431716613, 0.0019259402789642268, 0.0026128996996213445, 0.0020709715638625417, 0.0010424217488990218, -9.33290274180597e-05, -0.0011851857038341765, 0.0013378811943850068, 0.0017809982388680957, 0.0013864839827464025, 0.0007135381429310433, -7.654563775480992e-05, -0.0008306288089460135, 0.00012059567911619887, 0.00011146547751004847, 4.991132013479468e-05, 4.906639900156091e-05, -2.376163859688996e-05, -8.541420627738023e-05, -0.0011534078684004238, -0.0016104912396171052, -0.0013101354162220976, -0.000638482039061989, 4.019783047899228e-05, 0.0006999720322372939};
    // GQA_GKB (2, 3)
    static final double[] GQA_GKB = {-2.710505431213761e-17, -1.7564075194265172e-17, -4.336808689942018e-19, -2.1141942363467336e-17, 2.42861286636753e-17, 5.822165666247159e-17};
    // GQA_GVK (4, 2, 3)
    static final double[] GQA_GVK = {1.4623485007745993, -0.49048899182605865, -0.9814134287921692, 1.4513653947459075, -0.37470652947239136, -1.0839575329441937, 2.6506758358467932, -0.9176669564826959, -1.7508835242419405, 2.6326590298705903, -0.7086010503210088, -1.9378603640040724, 2.592348907367804, -0.9132518125637886, -1.6968857399309936, 2.575771986815058, -0.709229425006819, -1.88035718596939, 1.3147997811846959, -0.4793200712429291, -0.8448160775594142, 1.3074591308128916, -0.37629611909646365, -0.9384926419817923};
    // GQA_GVB (2, 3)
    static final double[] GQA_GVB = {-0.016944156261242183, 0.12115028501484193, -0.10184632021283191, -0.025607298555532065, 0.1241498070140119, -0.09612427415642444};
    // GQA_GOK (4, 3, 6)
    static final double[] GQA_GOK = {0.019407295095878834, 0.005288821885537016, -0.011317066897694938, -0.02260036228489209, -0.023254354149103443, -0.0129714598976837, 0.0035615506756741244, -0.003006232580431141, -0.008160137680278953, -0.009476202523423181, -0.00633546125005249, -0.00021505355646859052, -0.013959246678064708, -0.009887408890142496, -0.0011653682061587827, 0.008104763354561144, 0.013563098069211245, 0.012642495832658194, 0.01991278818181294, 0.006089062060286012, -0.01059844509241314, -0.022301337912877015, -0.02351556304489841, -0.0136700514360948, 0.00353568501709991, -0.0029914212249635207, -0.008111615322679703, -0.009416789986654026, -0.006293101178502443, -0.00020966855368201532, -0.014504306057757672, -0.010664992365866495, -0.0018097661192038367, 0.007896621411695247, 0.013889104504561963, 0.013349324725688904, -0.026024448525226257, -0.013555491239715212, 0.005288825386229407, 0.021645724792852816, 0.02782230160561951, 0.020913615237808117, -0.025182745992313783, -0.009960579659537616, 0.009946202925470667, 0.02517513086092142, 0.02856380138021139, 0.018518469788678733, -0.012497204527955557, -0.0016810518271291824, 0.009925725815155188, 0.01686427951282768, 0.015871299043981452, 0.0074137986388613936, -0.025303252101944708, -0.012428101321573874, 0.006292179704775133, 0.02205315029794722, 0.027442179716017534, 0.019924723217757935, -0.02458576242642832, -0.008973697844035164, 0.010858837052305562, 0.025584291208936703, 0.028277053444428688, 0.01767067560385674, -0.012305204518627749, -0.001298824052550178, 0.010318413660127174, 0.017082740198785494, 0.015812787096776745, 0.007105833141538922};
    // GQA_GOB (6,)
    static final double[] GQA_GOB = {0.028838534973155888, 0.03892430743289571, 0.030703369897859933, 0.008042157746474432, -0.018401406855262148, -0.036190502283054315};
    // MQA_OUT (2, 3, 6)
    static final double[] MQA_OUT = {-0.0001367453790610446, -0.00028256291721555495, -0.0002954867002362165, -0.0001694384710287173, 3.629931865271529e-05, 0.00022496497157928878, -0.00027596947111581226, 0.006022343222510917, 0.009488253796882146, 0.008491690352524431, 0.003501352249052654, -0.003135726527286683, -2.7896265018246367e-05, -7.886409735821549e-05, -9.274091242509708e-05, -6.300022726171994e-05, -3.6295508114668997e-06, 5.744816009873289e-05, -0.00013168577950125086, -0.0003404466214174685, -0.00038909009765584866, -0.00025473842126618536, -5.792849574197358e-07, 0.00025385229811841157, -0.0002774671126160358, 0.006086916905547384, 0.009588528792331623, 0.008580505763187002, 0.003536936799514643, -0.0031701088071314897, -2.894349735826827e-05, 9.822984658485078e-05, 0.0001792041587954281, 0.00017589595498229766, 8.986113509086521e-05, -3.843678075275216e-05};
    // MQA_JVP (2, 3, 6)
    static final double[] MQA_JVP = {-0.00012894968377449617, -0.00465589324410833, -0.006993097461399286, -0.006041338672432077, -0.0022482439072994084, 0.0026022350972163184, -0.0005850093471558933, 0.014578745677065198, 0.02288588881017755, 0.020429440833986297, 0.008364707614752836, -0.007634078297860873, 0.00018126136576640723, -0.0033400251791933177, -0.005290445693045361, -0.00475268693196389, -0.001979665243998029, 0.0017244239413428794, -0.00011778700976971943, -0.004894810619703205, -0.007369728311664569, -0.0063785476234686335, -0.0023874363203995434, 0.0027265235888750505, -0.000592112185243482, 0.014706582594212949, 0.02308854178291911, 0.020611599002701268, 0.008440699146394672, -0.0076999934080237645, 0.00017638139507553018, -0.0029036499603400877, -0.0046180493686255805, -0.004160507999834573, -0.0017462147089906466, 0.0014893506448491211};
}
