package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Masks (Keras 3's): Embedding's mask_zero and compute_mask (keras/src/layers/core/embedding.py), Masking
 * (keras/src/layers/core/masking.py), the recurrent layers' masked loop (keras/src/backend/tensorflow/rnn.py `rnn`,
 * keras/src/layers/rnn/rnn.py and bidirectional.py) and Sequential passing masks from layer to layer
 * (keras/src/models/sequential.py, Layer.__call__ in keras/src/layers/layer.py). Values and gradients against PyTorch
 * 1.13 in float64 (scripts/fixtures/rnn_mask_reference.py prints the constants at the end of this class: packed
 * sequences for right padding, Keras's rule written out over PyTorch's cells otherwise), then the invariants (a mask
 * of ones is no mask, masked steps leave the states as they were, padding changes nothing) and the errors.
 */
class MaskingTest {
    private static final int T = 4;
    private static final int F = 3;
    private static final int U = 2;

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

    private static Initializer waveInit(double phase, double scale) {
        return (s, d) -> Tensors.cast(wave(phase, scale, s.dims()), d);
    }

    private static void close(double[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toDoubleArray(), 1e-13);
    }

    private static Tensor mask(int rows, boolean... values) {
        return Tensors.constant(values, rows, values.length / rows);
    }

    private static LSTM.Builder lstm(double phase) {
        return LSTM.builder(U).unitForgetBias(false).kernelInitializer(waveInit(phase, 0.5))
                .recurrentInitializer(waveInit(phase + 0.1, 0.5)).biasInitializer(waveInit(phase + 0.2, 0.5));
    }

    private static GRU.Builder gru() {
        return GRU.builder(U).kernelInitializer(waveInit(0.1, 0.5)).recurrentInitializer(waveInit(0.2, 0.5))
                .biasInitializer(waveInit(0.3, 0.5));
    }

    private static SimpleRNN.Builder rnn() {
        return SimpleRNN.builder(U).kernelInitializer(waveInit(0.1, 0.5)).recurrentInitializer(waveInit(0.2, 0.5))
                .biasInitializer(waveInit(0.3, 0.5));
    }

    @Test
    void lstmOnRightPaddedSequencesMatchesTorchPackedSequences() {
        // lengths 4 and 2; Keras's output at a padded step repeats the last real one, the states stop there
        LSTM lstm = lstm(0.1).returnSequences(true).returnState(true).build();
        Tensor x = wave(0.4, 1, 2, T, F);
        Tensor h0 = wave(0.6, 0.3, 2, U);
        Tensor c0 = wave(0.7, 0.3, 2, U);
        Tensor mask = Tensors.sequenceMask(Tensors.constant(new int[] {4, 2}, 2), T);
        GradientTape tape = new GradientTape();
        List<Tensor> r;
        Tensor loss;
        try (tape) {
            tape.watch(x, h0, c0);
            r = lstm.call(x, List.of(h0, c0), mask);
            loss = r.get(0).mul(wave(0.5, 1, 2, T, U)).sum().add(r.get(1).mul(wave(1.1, 1, 2, U)).sum())
                    .add(r.get(2).mul(wave(0.8, 1, 2, U)).sum());
        }
        close(LSTM_SEQ, r.get(0));
        close(LSTM_H, r.get(1));
        close(LSTM_C, r.get(2));
        List<Tensor> g = tape.gradient(loss, List.of(x, lstm.kernel(), lstm.recurrentKernel(), lstm.bias(), h0, c0));
        close(LSTM_GX, g.get(0));
        close(LSTM_GK, g.get(1));
        close(LSTM_GRK, g.get(2));
        close(LSTM_GB, g.get(3));
        close(LSTM_GH0, g.get(4));
        close(LSTM_GC0, g.get(5));
        // no gradient reaches the padded steps' input
        double[] gx = g.get(0).toDoubleArray();
        for (int i = (T + 2) * F; i < 2 * T * F; i++) {
            assertEquals(0.0, gx[i]);
        }
        // going backwards, the outputs come in reading order and a masked step repeats the previous output
        Tensor gap = mask(2, true, true, false, true, false, true, true, false);
        close(LSTM_BACK_SEQ, lstm(0.1).returnSequences(true).goBackwards(true).build().callMasked(x, gap));
        // the last output alone is h after the last real step
        close(LSTM_H, lstm(0.1).build().call(x, List.of(h0, c0), mask).get(0));
    }

    @Test
    void gruGoingBackwardsWithAGapAndAFullyMaskedSequenceFollowsKerasRule() {
        // rows [1, 0, 1, 1], [0, 0, 0, 0], [1, 1, 0, 0], read backwards: the fully masked row keeps its initial state
        // and its last output is zeros (Keras's output before any real step)
        GRU gru = gru().goBackwards(true).returnState(true).build();
        Tensor x = wave(0.4, 1, 3, T, F);
        Tensor h0 = wave(0.6, 0.3, 3, U);
        Tensor mask = mask(3, true, false, true, true, false, false, false, false, true, true, false, false);
        GradientTape tape = new GradientTape();
        List<Tensor> r;
        Tensor loss;
        try (tape) {
            tape.watch(x, h0);
            r = gru.call(x, List.of(h0), mask);
            loss = r.get(0).mul(wave(0.5, 1, 3, U)).sum().add(r.get(1).mul(wave(1.1, 1, 3, U)).sum());
        }
        close(GRU_LAST, r.get(0));
        close(GRU_H, r.get(1));
        assertArrayEquals(new double[] {0, 0}, Tensors.gather(r.get(0), Tensors.constant(1)).toDoubleArray());
        assertArrayEquals(Tensors.gather(h0, Tensors.constant(1)).toDoubleArray(),
                Tensors.gather(r.get(1), Tensors.constant(1)).toDoubleArray(), 0.0);
        List<Tensor> g = tape.gradient(loss, List.of(x, gru.kernel(), gru.recurrentKernel(), gru.bias(), h0));
        close(GRU_GX, g.get(0));
        close(GRU_GK, g.get(1));
        close(GRU_GRK, g.get(2));
        close(GRU_GB, g.get(3));
        close(GRU_GH0, g.get(4));
        // forward mode through the masked loop: the derivative of the loss along v is PyTorch's gradient dotted with v
        Tensor v = wave(0.9, 1, 3, T, F);
        double expected = 0;
        for (int i = 0; i < GRU_GX.length; i++) {
            expected += GRU_GX[i] * v.toDoubleArray()[i];
        }
        try (io.gradtape.ForwardAccumulator acc = new io.gradtape.ForwardAccumulator(x, v)) {
            List<Tensor> rf = gru.call(x, List.of(h0), mask);
            Tensor l = rf.get(0).mul(wave(0.5, 1, 3, U)).sum().add(rf.get(1).mul(wave(1.1, 1, 3, U)).sum());
            assertEquals(expected, acc.jvp(l).toDoubleArray()[0], 1e-13);
        }
        // an empty batch with its empty mask
        assertEquals(Shape.of(0, U), gru.callMasked(Tensors.zeros(DType.FLOAT64, 0, T, F), Tensors.zeros(DType.BOOL, 0, T)).shape());
    }

    @Test
    void simpleRnnOnLeftPaddedSequencesOutputsZerosBeforeTheFirstRealStep() {
        SimpleRNN rnn = rnn().returnSequences(true).build();
        Tensor x = wave(0.4, 1, 2, T, F);
        Tensor mask = mask(2, false, false, true, true, true, true, true, true);
        GradientTape tape = new GradientTape();
        Tensor y;
        Tensor loss;
        try (tape) {
            tape.watch(x);
            y = rnn.callMasked(x, mask);
            loss = y.mul(wave(0.5, 1, 2, T, U)).sum();
        }
        close(RNN_SEQ, y);
        List<Tensor> g = tape.gradient(loss, List.of(x, rnn.kernel(), rnn.recurrentKernel(), rnn.bias()));
        close(RNN_GX, g.get(0));
        close(RNN_GK, g.get(1));
        close(RNN_GRK, g.get(2));
        close(RNN_GB, g.get(3));
        // the output's mask is the input's (Keras's RNN.compute_mask with return_sequences)
        assertSame(mask, rnn.computeMask(x, mask));
        assertNull(rnn().build().computeMask(x, mask));
    }

    @Test
    void bidirectionalLstmMatchesTorchPackedBidirectionalLstm() {
        // both layers get the mask; Keras forces zero_output_for_mask when returning sequences, so the padded steps
        // are zeros from both sides, as PyTorch's packed output; the backward layer starts at the last real step
        LSTM fw = lstm(0.1).returnSequences(true).returnState(true).build();
        LSTM bw = LSTM.builder(U).unitForgetBias(false).returnSequences(true).returnState(true).goBackwards(true)
                .kernelInitializer(waveInit(1.1, 0.5)).recurrentInitializer(waveInit(1.2, 0.5))
                .biasInitializer(waveInit(1.3, 0.5)).build();
        Bidirectional bi = new Bidirectional(fw, "concat", bw, null);
        Tensor x = wave(0.4, 1, 2, T, F);
        Tensor mask = Tensors.sequenceMask(Tensors.constant(new int[] {4, 2}, 2), T);
        GradientTape tape = new GradientTape();
        List<Tensor> r;
        Tensor loss;
        try (tape) {
            tape.watch(x);
            r = bi.call(x, null, mask);
            loss = r.get(0).mul(wave(0.5, 1, 2, T, 2 * U)).sum().add(r.get(3).mul(wave(1.1, 1, 2, U)).sum());
        }
        assertEquals(5, r.size());
        close(BI_SEQ, r.get(0));
        close(BI_HF, r.get(1));
        close(BI_CB, r.get(4));
        List<Tensor> g = tape.gradient(loss, List.of(x, ((LSTM) bi.backwardLayer()).kernel()));
        close(BI_GX, g.get(0));
        close(BI_GK_BW, g.get(1));
        assertSame(mask, bi.computeMask(x, mask));

        // last outputs, "sum": the forward h after the last real step plus the backward h after x_0
        LSTM bwLast = LSTM.builder(U).unitForgetBias(false).goBackwards(true).kernelInitializer(waveInit(1.1, 0.5))
                .recurrentInitializer(waveInit(1.2, 0.5)).biasInitializer(waveInit(1.3, 0.5)).build();
        Bidirectional sum = new Bidirectional(lstm(0.1).build(), "sum", bwLast, null);
        close(BI_SUM, sum.callMasked(x, mask));
        assertNull(sum.computeMask(x, mask));
    }

    @Test
    void aMaskOfOnesIsNoMaskAndMaskedStepsLeaveTheStatesAsTheyWere() {
        Tensor x = wave(0.4, 1, 3, T, F);
        Tensor ones = Tensors.sequenceMask(Tensors.constant(new int[] {T, T, T}, 3), T);
        List<Recurrent> layers = List.of(lstm(0.1).returnSequences(true).returnState(true).build(),
                gru().returnSequences(true).returnState(true).goBackwards(true).build(),
                gru().resetAfter(false).returnState(true).build(),
                rnn().returnSequences(true).returnState(true).build());
        for (Recurrent layer : layers) {
            List<Tensor> plain;
            List<Tensor> masked;
            Tensor sPlain;
            Tensor sMasked;
            GradientTape tape = new GradientTape(true);
            try (tape) {
                tape.watch(x);
                plain = layer.call(x, null);
                masked = layer.call(x, null, ones);
                sPlain = plain.get(0).sum();
                sMasked = masked.get(0).sum();
            }
            Tensor gPlain = tape.gradient(sPlain, x);
            Tensor gMasked = tape.gradient(sMasked, x);
            for (int i = 0; i < plain.size(); i++) {
                assertArrayEquals(plain.get(i).toDoubleArray(), masked.get(i).toDoubleArray(), 0.0, layer.name());
            }
            // the same gradient up to the order in which the tape sums the paths (a where adds nodes to the graph)
            assertArrayEquals(gPlain.toDoubleArray(), gMasked.toDoubleArray(), 1e-14, layer.name());

            // a sequence masked everywhere keeps its initial states; its outputs are zeros
            List<Tensor> init = new java.util.ArrayList<>();
            for (int i = 0; i < layer.stateCount(); i++) {
                init.add(wave(0.6 + i, 0.3, 3, U));
            }
            Tensor none = Tensors.zeros(DType.BOOL, 3, T);
            List<Tensor> r = layer.call(x, init, none);
            for (int i = 0; i < init.size(); i++) {
                assertArrayEquals(init.get(i).toDoubleArray(), r.get(1 + i).toDoubleArray(), 0.0, layer.name());
            }
            assertArrayEquals(new double[r.get(0).size()], r.get(0).toDoubleArray(), 0.0, layer.name());

            // trailing padding: the final states are those of the sequence without it, whatever the padded input
            Tensor noisy = Tensors.concat(List.of(Tensors.slice(x, new int[] {0, 0, 0}, new int[] {3, 2, F}),
                    wave(2.5, 9, 3, T - 2, F)), 1);
            Tensor two = Tensors.sequenceMask(Tensors.constant(new int[] {2, 2, 2}, 3), T);
            List<Tensor> padded = layer.call(noisy, init, two);
            List<Tensor> cut = layer.call(Tensors.slice(x, new int[] {0, 0, 0}, new int[] {3, 2, F}), init);
            for (int i = 1; i < padded.size(); i++) {
                assertArrayEquals(cut.get(i).toDoubleArray(), padded.get(i).toDoubleArray(), 1e-15, layer.name());
            }
        }
    }

    @Test
    void sequentialPassesTheEmbeddingMaskThroughTheLayersAsKerasDoes() {
        // ids padded with 0 on the right; each row alone, without its padding, gives the same output
        Embedding emb = Embedding.builder(10, F).maskZero(true).build();
        LSTM first = LSTM.builder(U).returnSequences(true).build();
        Dense dense = new Dense(U, U, "tanh");
        GRU second = new GRU(U);
        Sequential model = new Sequential(emb, first, dense, second, new Dense(U, 1, null));
        Tensor ids = Tensors.constant(new int[] {3, 7, 2, 9, 4, 1, 0, 0, 5, 0, 0, 0}, 3, T);
        Tensor y = model.call(ids);
        int[][] rows = {{3, 7, 2, 9}, {4, 1}, {5}};
        for (int i = 0; i < 3; i++) {
            Tensor yi = model.call(Tensors.constant(rows[i], 1, rows[i].length));
            assertEquals(yi.toDoubleArray()[0], y.toDoubleArray()[i], 1e-6, "row " + i);
        }
        // the same by hand: the embedding's mask goes to the LSTM, through Dense (it passes masks) to the GRU
        Tensor m = emb.computeMask(ids, null);
        assertArrayEquals(new boolean[] {true, true, true, true, true, true, false, false, true, false, false, false},
                toBooleans(m));
        Tensor byHand = model.layers().get(4).call(second.callMasked(dense.call(first.callMasked(emb.call(ids), m)), m));
        assertArrayEquals(byHand.toDoubleArray(), y.toDoubleArray(), 0.0);
        // the model's mask: the last layer's, none after a last output; a returned sequence keeps it
        assertNull(model.computeMask(ids, null));
        assertArrayEquals(toBooleans(m), toBooleans(new Sequential(emb, first).computeMask(ids, null)));
        // a layer that does not support masking (Flatten) drops it, as Keras does
        assertNull(new Sequential(emb, new Flatten()).computeMask(ids, null));
        // a model inside a model passes its mask on too
        Sequential inner = new Sequential(emb, first);
        Sequential outer = new Sequential(inner, dense, second);
        assertArrayEquals(second.callMasked(dense.call(first.callMasked(emb.call(ids), m)), m).toDoubleArray(),
                outer.call(ids).toDoubleArray(), 0.0);
        // an explicit first mask
        Tensor x = wave(0.4, 1, 3, T, F);
        Sequential seq = new Sequential(new Dense(F, "relu"), new LSTM(U));
        Tensor given = mask(3, true, true, false, false, true, false, true, false, false, false, false, false);
        assertArrayEquals(((LSTM) seq.layers().get(1)).callMasked(seq.layers().get(0).call(x), given).toDoubleArray(),
                seq.callMasked(x, given).toDoubleArray(), 0.0);
        // without maskZero there is no mask, and every step counts
        Embedding plain = new Embedding(10, F);
        assertFalse(plain.maskZero());
        assertNull(plain.computeMask(ids, null));
    }

    @Test
    void maskingMarksTheStepsWhoseFeaturesAllEqualTheValue() {
        // keras/src/layers/core/masking.py: mask = any(x != v, -1); output where(mask, x, 0)
        Masking masking = new Masking(9);
        Tensor x = Tensors.constant(new double[] {1, 9, 9, 9, 9, 2, 9, 9}, 1, 4, 2);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = masking.call(x);
        }
        assertArrayEquals(new double[] {1, 9, 0, 0, 9, 2, 0, 0}, y.toDoubleArray(), 0.0);
        assertArrayEquals(new boolean[] {true, false, true, false}, toBooleans(masking.computeMask(x, null)));
        Tensor w = Tensors.constant(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 4, 2);
        GradientTape t2 = new GradientTape();
        try (t2) {
            t2.watch(x);
            y = masking.call(x).mul(w).sum();
        }
        assertArrayEquals(new double[] {1, 2, 0, 0, 5, 6, 0, 0}, t2.gradient(y, x).toDoubleArray(), 0.0);
        // float32 compares with the value rounded to float32 (0.1f == 0.1 in float32), as Keras's not_equal
        Tensor f = Tensors.constant(new float[] {0.1f, 0.1f, 1f, 0.1f}, 2, 2);
        assertArrayEquals(new boolean[] {false, true}, toBooleans(new Masking(0.1).computeMask(f, null)));
        // NaN masks nothing
        assertArrayEquals(new boolean[] {true, true}, toBooleans(new Masking(Double.NaN).computeMask(f, null)));
        // Masking then an LSTM: the zero steps are skipped, so trailing zeros change nothing
        LSTM lstm = lstm(0.1).build();
        Tensor seqs = Tensors.concat(List.of(wave(0.4, 1, 1, 2, F), Tensors.zeros(DType.FLOAT64, 1, 2, F)), 1);
        assertArrayEquals(lstm.call(wave(0.4, 1, 1, 2, F)).toDoubleArray(),
                new Sequential(new Masking(), lstm).call(seqs).toDoubleArray(), 1e-15);
        assertEquals("masking", new Masking().name());
        assertEquals(0.0, new Masking().maskValue());
    }

    @Test
    void wrongMasksAreRefusedNamingTheLayerAndShapesAndBuildNothing() {
        Tensor x = wave(0.4, 1, 2, T, F);
        LSTM lstm = new LSTM(U);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lstm.callMasked(x, Tensors.zeros(DType.BOOL, 2, T - 1)));
        assertEquals("lstm: LSTM needs a bool mask of shape (batch, timesteps) = (2, 4) for the input of shape (2, 4, 3),"
                + " got shape (2, 3) and dtype bool", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.callMasked(x, Tensors.ones(DType.FLOAT32, 2, T)));
        assertTrue(e.getMessage().contains("got shape (2, 4) and dtype float32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.callMasked(x, Tensors.zeros(DType.BOOL, 2, T, 1)));
        assertTrue(e.getMessage().contains("got shape (2, 4, 1)"), e.getMessage());
        assertNull(lstm.kernel(), "a refused call leaves the layer unbuilt");
        Bidirectional bi = new Bidirectional(new GRU(U));
        e = assertThrows(IllegalArgumentException.class, () -> bi.callMasked(x, Tensors.zeros(DType.INT32, 2, T)));
        assertTrue(e.getMessage().startsWith("forward_gru: GRU needs a bool mask"), e.getMessage());
        assertNull(((GRU) bi.forwardLayer()).kernel());
        assertNull(((GRU) bi.backwardLayer()).kernel());
        Embedding emb = Embedding.builder(5, 2).maskZero(true).build();
        e = assertThrows(IllegalArgumentException.class, () -> emb.computeMask(Tensors.zeros(DType.FLOAT32, 2), null));
        assertTrue(e.getMessage().startsWith("embedding: Embedding needs int32 or int64 ids"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Masking().call(Tensors.zeros(DType.INT32, 2, 2)));
        assertEquals("masking: Masking needs a floating input of rank >= 1 (the last axis holds the features), got shape"
                + " (2, 2) and dtype int32", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Masking().computeMask(Tensors.constant(1.0), null));
        // a mask reaching a layer that ignores it changes nothing
        Dense d = new Dense(U);
        assertArrayEquals(d.call(x).toDoubleArray(), d.callMasked(x, Tensors.zeros(DType.BOOL, 2, T)).toDoubleArray(), 0.0);
    }

    @Test
    void batchNormalizationLeavesTheMaskedPositionsOutOfItsTrainingMomentsAndPassesTheMaskOn() {
        BatchNormalization bn = new BatchNormalization(2, 0.99, 1e-3, DType.FLOAT64, null);
        Tensor x = wave(0.4, 2, 2, 3, 2);
        Tensor mask = mask(2, true, true, false, true, false, false);
        java.util.Map<String, io.gradtape.Variable> v = bn.namedVariables();
        bn.setTraining(true);
        // a refused mask changes nothing
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bn.callMasked(x, Tensors.zeros(DType.BOOL, 2, 3, 2)));
        assertEquals("batch_normalization: BatchNormalization needs a bool mask of the input's shape without its last"
                + " axis = (2, 3) for the input of shape (2, 3, 2), got shape (2, 3, 2) and dtype bool", e.getMessage());
        assertArrayEquals(new double[] {0, 0}, v.get("moving_mean").toDoubleArray(), 0.0);
        GradientTape tape = new GradientTape();
        Tensor y;
        Tensor loss;
        try (tape) {
            tape.watch(x);
            y = bn.callMasked(x, mask);
            loss = y.mul(wave(0.5, 1, 2, 3, 2)).sum();
        }
        close(BN_Y, y);
        close(BN_MOVING_MEAN, v.get("moving_mean"));
        close(BN_MOVING_VARIANCE, v.get("moving_variance"));
        close(BN_GX, tape.gradient(loss, x));
        assertSame(mask, bn.computeMask(x, mask));
        // outside training the mask changes nothing
        bn.setTraining(false);
        assertArrayEquals(bn.call(x).toDoubleArray(), bn.callMasked(x, mask).toDoubleArray(), 0.0);
    }

    @Test
    void batchNormalizationCountsTheKeptPositionsOfARankOneInputFromItsScalarMask() {
        // keras/src/layers/normalization/batch_normalization.py, _moments with a mask: no reduction axes for a rank-1
        // input, mean = mask * x / (mask + epsilon) with Keras's backend epsilon 1e-7; a dropped input gives 0
        for (boolean kept : new boolean[] {true, false}) {
            BatchNormalization bn = new BatchNormalization(2, 0.99, 1e-3, DType.FLOAT64, null);
            bn.setTraining(true);
            bn.callMasked(Tensors.constant(new double[] {2, -4}, 2), Tensors.constant(kept));
            double n = kept ? 1 : 0;
            double[] want = {(1 - 0.99) * (n * 2 / (n + 1e-7)), (1 - 0.99) * (n * -4 / (n + 1e-7))};
            assertArrayEquals(want, bn.namedVariables().get("moving_mean").toDoubleArray(), 1e-17, "kept " + kept);
        }
    }

    @Test
    void embeddingBuilderKeepsTheConstructorsDefaults() {
        Embedding a = Embedding.builder(6, 3).initializer(waveInit(0.2, 1)).name("tokens").maskZero(true).build();
        Embedding b = new Embedding(6, 3, waveInit(0.2, 1), "tokens");
        assertEquals("tokens", a.name());
        assertTrue(a.maskZero());
        assertArrayEquals(b.embeddings().toDoubleArray(), a.embeddings().toDoubleArray(), 0.0);
        assertEquals(Shape.of(6, 3), Embedding.builder(6, 3).build().embeddings().shape());
        assertThrows(IllegalArgumentException.class, () -> Embedding.builder(0, 3).build());
        assertThrows(NullPointerException.class, () -> Embedding.builder(2, 3).initializer(null));
    }

    private static boolean[] toBooleans(Tensor mask) {
        assertEquals(DType.BOOL, mask.dtype());
        double[] d = mask.toDoubleArray();
        boolean[] b = new boolean[d.length];
        for (int i = 0; i < d.length; i++) {
            b[i] = d[i] != 0;
        }
        return b;
    }

    // ---- printed by scripts/fixtures/rnn_mask_reference.py
    // LSTM_SEQ (2, 4, 2)
    static final double[] LSTM_SEQ = {0.11383339290446047, 0.05054188848107412, 0.04112545057317224, -0.0951490235978543, -0.14282918187898982, -0.15491805657261334, 0.01978752041273953, -0.030891734383891187, 0.012672558269252471, -0.12778351443988922, -0.1643356979795952, -0.17756818851687373, -0.1643356979795952, -0.17756818851687373, -0.1643356979795952, -0.17756818851687373};
    // LSTM_H (2, 2)
    static final double[] LSTM_H = {0.01978752041273953, -0.030891734383891187, -0.1643356979795952, -0.17756818851687373};
    // LSTM_C (2, 2)
    static final double[] LSTM_C = {0.05850794820906147, -0.1281188529381868, -0.31479334069103576, -0.2896492377811556};
    // LSTM_GX (2, 4, 3)
    static final double[] LSTM_GX = {-0.06299743247093582, 0.01170127446801551, 0.08114765089588775, 0.01338053415049602, 0.1426696150766201, 0.2079188365567399, -0.06731083270700912, 0.05692432919758434, 0.15560796747247133, -0.13338742558385216, 0.05548436799561892, 0.21945099080006827, 0.05423624820421574, 0.19429342793631948, 0.24713845804818305, 0.09682401073758726, 0.31919697188219454, 0.39829254909366363, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    // LSTM_GK (3, 8)
    static final double[] LSTM_GK = {0.26463828504912074, 0.0028568152563530048, 0.0004472317308019311, 0.03285007626213159, -0.36441602092133035, 0.25238482145579033, 0.10361376483748413, -0.10608504596088247, 0.34712774682017083, 0.06309150331065115, -0.049639900443240514, -0.005317201448373497, -0.5076813473857833, 0.5359157886289266, 0.09328632279143498, -0.009312704648883462, 0.26635760524103047, 0.09365327152601688, -0.07638061179398653, -0.04098371623414405, -0.41217620343482686, 0.5673971864946894, 0.03908486549757185, 0.09183954717450947};
    // LSTM_GRK (2, 8)
    static final double[] LSTM_GRK = {-0.0185557704738842, -0.01795277860742439, 0.020157007566650467, 0.012456166656944797, 0.12037176842187448, 0.0034262109236496974, 0.008919851173837326, -0.012261445232128179, 0.02502199438482941, -0.0059236497702856335, 0.011796255455743265, 0.0168761405818652, -0.04502635174897356, -0.02896821731107306, 0.022762505461167884, -0.003524390956574452};
    // LSTM_GB (8,)
    static final double[] LSTM_GB = {-0.09833594648235332, -0.07084139495493375, 0.06715724656071076, -0.03470463641334982, 1.5196695350548137, 1.253047491857793, -0.014072311311258537, -0.0012744736462538576};
    // LSTM_GH0 (2, 2)
    static final double[] LSTM_GH0 = {-0.07226012668537889, 0.0002447044508361121, 0.02989051272598423, 0.17806924207094735};
    // LSTM_GC0 (2, 2)
    static final double[] LSTM_GC0 = {0.2960671014145859, 0.2978520511860852, 0.39300196845094076, 0.14918842851656794};
    // GRU_LAST (3, 2)
    static final double[] GRU_LAST = {0.13278978611587205, 0.05850499808098071, 0.0, 0.0, -0.022566357888761247, -0.14819436833925873};
    // GRU_H (3, 2)
    static final double[] GRU_H = {0.13278978611587205, 0.05850499808098071, 0.2727892280477045, 0.12821396407014904, -0.022566357888761247, -0.14819436833925873};
    // GRU_GX (3, 4, 3)
    static final double[] GRU_GX = {-0.04721778692617073, 0.8015933566983904, -0.7387618479462328, 0.0, 0.0, 0.0, -0.01897433849763478, 0.3694838082038207, -0.3433125320665551, -0.03910525814529039, 0.27126071133186314, -0.22687174012475328, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.060253779842053636, -0.5365244289456008, 0.4658200345663873, 0.1084891838528235, -0.4314504420210505, 0.31455731229327333, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    // GRU_GK (3, 6)
    static final double[] GRU_GK = {-0.003600501270720381, -0.031464777019188477, 0.03935779320084927, 0.049039069934475064, 0.4197598049451806, 0.4808858082295224, -0.007050825773159675, 0.023822300902878575, 0.08337317281680902, 0.1139341568902731, 0.7497025956512964, 0.8899013704068879, -0.007185036742290173, 0.06790537847660238, 0.08817684651526249, 0.12524422959026602, 0.7270485411964114, 0.880382412989413};
    // GRU_GRK (2, 6)
    static final double[] GRU_GRK = {0.00023706660318934566, 0.018123506067428137, 0.019058473259056342, 0.04290498593581919, 0.08304317208197748, 0.19126990437364388, 0.0012524565431663794, 0.015478189053896921, 0.02556121249727201, 0.06754658423956847, 0.12150746514857456, 0.31575200036472717};
    // GRU_GB (2, 6)
    static final double[] GRU_GB = {-0.003611829193995427, 0.1648502261908708, 0.08601619179184372, 0.13183808616826198, 0.5687643090326582, 0.7219381505060272, -0.003611829193995427, 0.1648502261908708, 0.08601619179184372, 0.13183808616826198, 0.29383434510714523, 0.4551038771808086};
    // GRU_GH0 (3, 2)
    static final double[] GRU_GH0 = {0.0717358541103838, 0.5242850968086867, 0.5984721441039564, -0.05837414342757964, -0.08103187146293765, -0.8207684512894022};
    // RNN_SEQ (2, 4, 2)
    static final double[] RNN_SEQ = {0.0, 0.0, 0.0, 0.0, -0.33669296921335967, -0.20725242214852763, 0.5336199880213148, 0.4664350771864929, 0.055695839107152104, 0.6381266646936167, -0.01933928788233346, 0.049012020051141234, 0.6402911863226491, 0.6259377402910778, 0.39838308399282213, 0.8426109534243356};
    // RNN_GX (2, 4, 3)
    static final double[] RNN_GX = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.48048395373220903, -0.7241991451897867, 0.23430383453479953, -0.2525714605432738, -0.6011264765928003, 0.04822796104694016, 0.2749079917137331, 0.4199950959908666, -0.13213725871837306, 0.3621654942889621, 0.7676871022200634, -0.10120232747754336, -0.12251123903320227, -0.05367374224774903, 0.1042656937959746, -0.13625660804026427, -0.4393481938433979, -0.013092906451622881};
    // RNN_GK (3, 2)
    static final double[] RNN_GK = {-0.8312317446116333, 0.24443262128631438, -0.7542398532564812, -0.5759320587146561, -0.3225171735920048, -1.1254268923154667};
    // RNN_GRK (2, 2)
    static final double[] RNN_GRK = {-0.13116688404822027, 0.0749500574032902, 0.2717725694583992, 0.49792519906417027};
    // RNN_GB (2,)
    static final double[] RNN_GB = {-0.5216956650184831, -0.9164442852635591};
    // BI_SEQ (2, 4, 4)
    static final double[] BI_SEQ = {0.08193393001885291, 0.011675503936645404, -0.11343161946184478, -0.19537143725883738, 0.005564201137350687, -0.13869716350862993, -0.19998847321507024, -0.21960760495873644, -0.17453062441202807, -0.17936399522407778, -0.06997023154638186, -0.06336704527813085, 0.005082395630629564, -0.037392803575524755, -0.041584756784798844, -0.1518936177597532, -0.05389315551694505, -0.15007584802427756, -0.1892743467324997, -0.19277960348531156, -0.21313685384224967, -0.17625045360605526, -0.03358323728909939, 0.07107199288033259, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    // BI_HF (2, 2)
    static final double[] BI_HF = {0.005082395630629564, -0.037392803575524755, -0.21313685384224967, -0.17625045360605526};
    // BI_CB (2, 2)
    static final double[] BI_CB = {-0.4977603702571084, -0.7765265344112298, -0.4886468208673457, -0.3604026150999797};
    // BI_GX (2, 4, 3)
    static final double[] BI_GX = {-0.08987198442219571, 0.07724104935072773, 0.2096830290156969, -0.006860808266025909, -0.09352178146444218, -0.13820379693660148, -0.1818089384681023, -0.044829374664939914, 0.11227267177794344, -0.02365695040232274, -0.06330420721214172, -0.07453621575743645, -0.15713810861579636, -0.029172262540687992, 0.11188808576479563, 0.07227081758666731, 0.15817233317605334, 0.173075311484736, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    // BI_GK_BW (3, 8)
    static final double[] BI_GK_BW = {-0.016328446697344925, -0.05398660237715276, 0.010593657374908106, 0.07336319118097034, -0.10714442891099261, 0.048552518291909444, -0.028240185789040324, 0.005457158847688159, -0.0020693771016304747, -0.04218414815458246, -0.009304783356586983, 0.03885804773905972, -0.023388668191502652, 0.03792572611099275, -0.09517658012344792, -0.039862705782660414, 0.013162952879889871, -0.010541829909414836, -0.024827039084228703, -0.013922642728275317, 0.07136714863647282, 0.009461872334259127, -0.11734994165071037, -0.0664345170114643};
    // BI_SUM (2, 2)
    static final double[] BI_SUM = {-0.10834922383121522, -0.23276424083436215, -0.4024112005747494, -0.3690300570913668};
    // LSTM_BACK_SEQ (2, 4, 2)
    static final double[] LSTM_BACK_SEQ = {0.08159691885811643, 0.011094410006613894, 0.08159691885811643, 0.011094410006613894, 0.005638109853521263, -0.13912379562566826, 0.08694700022216276, -0.06077948036105372, 0.0, 0.0, 0.0812601733299226, 0.010505882570500707, -0.09830523362122662, -0.08285174523397702, -0.09830523362122662, -0.08285174523397702};
    // BN_Y (2, 3, 2)
    static final double[] BN_Y = {0.3226362908277143, 0.8923270954913696, 1.0308977276804019, 0.5036539516212596, -0.22003697275161266, -1.204122420517353, -1.3535340035786971, -1.3959810180171202, -0.48791380677785423, 0.2465760388057272, 0.9398372074231974, 0.9967960963031098};
    // BN_MOVING_MEAN (2,)
    static final double[] BN_MOVING_MEAN = {0.002463833048228107, 0.004382746933518376};
    // BN_MOVING_VARIANCE (2,)
    static final double[] BN_MOVING_VARIANCE = {1.0172255872456641, 1.012680332864699};
    // BN_GX (2, 3, 2)
    static final double[] BN_GX = {-0.14365545114252146, -0.4982865859187885, -0.3598483126828714, -0.4186558805574934, -0.0955848673024938, -0.5024144501678326, 0.14109437878704062, 0.4668147476676633, -0.1103800575534347, 0.32802440421642776, 0.5683743305749891, 0.6245177946962776};
}
