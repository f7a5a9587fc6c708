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
import io.gradtape.optimizers.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LSTM, GRU, SimpleRNN and Bidirectional (Keras 3's, keras/src/layers/rnn/{lstm,gru,simple_rnn,rnn,bidirectional}.py):
 * values, gradients, JVPs and a second-order term against PyTorch 1.13's nn.LSTM, nn.GRU and nn.RNN (bidirectional
 * too) in float64 with the Keras weights
 * copied over (scripts/fixtures/rnn_reference.py prints the constants at the end of this class and explains the
 * layouts), then Keras's defaults, shapes, names, errors and a small training run.
 */
class RecurrentLayersTest {
    private static final int B = 2;
    private static final int T = 3;
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

    /** An initializer giving the wave in the shape asked for. */
    private static Initializer waveInit(double phase, double scale) {
        return (s, d) -> Tensors.cast(wave(phase, scale, s.dims()), d);
    }

    private static void close(double[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toDoubleArray(), 1e-13);
    }

    @Test
    void lstmMatchesTorchWithInitialStatesAndItsGradients() {
        // keras/src/layers/rnn/lstm.py LSTMCell.call (implementation 2): z = x @ kernel + h @ recurrent_kernel +
        // bias, split i, f, c, o; c = f c + i tanh(z_c); h = o tanh(c). return_state gives [output, h, c].
        LSTM lstm = LSTM.builder(U).unitForgetBias(false).returnSequences(true).returnState(true)
                .kernelInitializer(waveInit(0.1, 0.5)).recurrentInitializer(waveInit(0.2, 0.5))
                .biasInitializer(waveInit(0.3, 0.5)).build();
        Tensor x = wave(0.4, 1, B, T, F);
        Tensor h0 = wave(0.6, 0.3, B, U);
        Tensor c0 = wave(0.7, 0.3, B, U);
        GradientTape tape = new GradientTape();
        List<Tensor> r;
        Tensor loss;
        try (tape) {
            tape.watch(x, h0, c0);
            r = lstm.call(x, List.of(h0, c0));
            loss = r.get(0).mul(wave(0.5, 1, B, T, U)).sum().add(r.get(2).mul(wave(0.8, 1, B, U)).sum());
        }
        assertEquals(3, r.size());
        assertEquals(Shape.of(B, T, U), r.get(0).shape());
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
        // call(x) is the output alone, from zero states
        assertEquals(Shape.of(B, T, U), lstm.call(x).shape());
    }

    @Test
    void lstmGoesBackwardsAndHasForwardModeAndSecondOrderDerivatives() {
        Tensor x = wave(0.4, 1, B, T, F);
        // go_backwards: Keras runs the reversed sequence (keras/src/layers/rnn/rnn.py passes go_backwards to
        // backend.rnn); the last output is torch's on x.flip(1)
        LSTM back = LSTM.builder(U).unitForgetBias(false).goBackwards(true).kernelInitializer(waveInit(0.1, 0.5))
                .recurrentInitializer(waveInit(0.2, 0.5)).biasInitializer(waveInit(0.3, 0.5)).build();
        close(LSTM_BACK_LAST, back.call(x));
        LSTM lstm = LSTM.builder(U).unitForgetBias(false).kernelInitializer(waveInit(0.1, 0.5))
                .recurrentInitializer(waveInit(0.2, 0.5)).biasInitializer(waveInit(0.3, 0.5)).build();
        try (ForwardAccumulator acc = new ForwardAccumulator(x, wave(0.9, 1, B, T, F))) {
            close(LSTM_JVP, acc.jvp(lstm.call(x)));
        }
        // the gradient of |d sum(h_T w) / dx|^2 with respect to the kernel, through nested tapes
        GradientTape outer = new GradientTape();
        Tensor gx;
        Tensor s;
        try (outer) {
            GradientTape inner = new GradientTape();
            Tensor loss;
            try (inner) {
                inner.watch(x);
                loss = lstm.call(x).mul(wave(1.1, 1, B, U)).sum();
            }
            gx = inner.gradient(loss, x);
            s = gx.mul(gx).sum();
        }
        close(LSTM_GRAD_X, gx);
        close(LSTM_GRADGRAD_K, outer.gradient(s, lstm.kernel()));
    }

    @Test
    void gruMatchesTorchGruWhichIsKerasResetAfter() {
        // keras/src/layers/rnn/gru.py GRUCell.call, reset_after=True: bias (2, 3u), row 0 on the input projection,
        // row 1 on the recurrent one; hh = tanh(x_h + r * u_h); h = z h + (1 - z) hh
        GRU gru = GRU.builder(U).returnSequences(true).returnState(true).kernelInitializer(waveInit(0.1, 0.5))
                .recurrentInitializer(waveInit(0.2, 0.5)).biasInitializer(waveInit(0.3, 0.5)).build();
        Tensor x = wave(0.4, 1, B, T, F);
        Tensor h0 = wave(0.6, 0.3, B, U);
        GradientTape tape = new GradientTape();
        List<Tensor> r;
        Tensor loss;
        try (tape) {
            tape.watch(x, h0);
            r = gru.call(x, List.of(h0));
            loss = r.get(0).mul(wave(0.5, 1, B, T, U)).sum().add(r.get(1).mul(wave(0.8, 1, B, U)).sum());
        }
        assertEquals(2, r.size());
        assertEquals(Shape.of(2, 3 * U), gru.bias().shape());
        close(GRU_SEQ, r.get(0));
        close(GRU_H, r.get(1));
        List<Tensor> g = tape.gradient(loss, List.of(x, gru.kernel(), gru.recurrentKernel(), gru.bias(), h0));
        close(GRU_GX, g.get(0));
        close(GRU_GK, g.get(1));
        close(GRU_GRK, g.get(2));
        close(GRU_GB, g.get(3));
        close(GRU_GH0, g.get(4));
        GRU last = GRU.builder(U).kernelInitializer(waveInit(0.1, 0.5)).recurrentInitializer(waveInit(0.2, 0.5))
                .biasInitializer(waveInit(0.3, 0.5)).build();
        try (ForwardAccumulator acc = new ForwardAccumulator(x, wave(0.9, 1, B, T, F))) {
            close(GRU_JVP, acc.jvp(last.call(x)));
        }
    }

    @Test
    void gruResetBeforeFollowsKerasCell() {
        // reset_after=False: bias (3u,), hh = tanh(x_h + (r h) @ recurrent_kernel[:, 2u:]); no PyTorch module
        // computes it, so the script writes gru.py's GRUCell.call out in torch ops
        GRU gru = GRU.builder(U).resetAfter(false).returnSequences(true).kernelInitializer(waveInit(0.1, 0.5))
                .recurrentInitializer(waveInit(0.2, 0.5)).biasInitializer(waveInit(0.3, 0.5)).build();
        Tensor x = wave(0.4, 1, B, T, F);
        GradientTape tape = new GradientTape();
        Tensor y;
        Tensor loss;
        try (tape) {
            tape.watch(x);
            y = gru.call(x);
            loss = y.mul(wave(0.5, 1, B, T, U)).sum();
        }
        assertEquals(Shape.of(3 * U), gru.bias().shape());
        close(GRU_BEFORE_SEQ, y);
        List<Tensor> g = tape.gradient(loss, List.of(x, gru.kernel(), gru.recurrentKernel(), gru.bias()));
        close(GRU_BEFORE_GX, g.get(0));
        close(GRU_BEFORE_GK, g.get(1));
        close(GRU_BEFORE_GRK, g.get(2));
        close(GRU_BEFORE_GB, g.get(3));
    }

    @Test
    void simpleRnnGoingBackwardsReturnsTheSequenceInItsOwnOrder() {
        // keras/src/layers/rnn/simple_rnn.py: h = tanh(x @ kernel + bias + h @ recurrent_kernel); with go_backwards
        // the returned sequence is the reversed run's, step 0 after the input's last timestep: torch's RNN on
        // x.flip(1), its output not flipped back
        SimpleRNN rnn = SimpleRNN.builder(U).goBackwards(true).returnSequences(true).kernelInitializer(waveInit(0.1, 0.5))
                .recurrentInitializer(waveInit(0.2, 0.5)).biasInitializer(waveInit(0.3, 0.5)).build();
        Tensor x = wave(0.4, 1, B, T, F);
        GradientTape tape = new GradientTape();
        Tensor y;
        Tensor loss;
        try (tape) {
            tape.watch(x);
            y = rnn.call(x);
            loss = y.mul(wave(0.5, 1, B, T, U)).sum();
        }
        close(RNN_BACK_SEQ, y);
        List<Tensor> g = tape.gradient(loss, List.of(x, rnn.kernel(), rnn.recurrentKernel(), rnn.bias()));
        close(RNN_BACK_GX, g.get(0));
        close(RNN_BACK_GK, g.get(1));
        close(RNN_BACK_GRK, g.get(2));
        close(RNN_BACK_GB, g.get(3));
    }

    @Test
    void kerasDefaultsNamesAndShapes() {
        Tensor x = Tensors.ones(DType.FLOAT32, 4, 5, 3);
        LSTM lstm = new LSTM(6);
        assertNull(lstm.kernel());
        assertThrows(IllegalStateException.class, lstm::countParams);
        assertEquals(Shape.of(4, 6), lstm.call(x).shape());
        assertEquals("lstm", lstm.name());
        assertEquals(List.of("kernel", "recurrent_kernel", "bias"), new ArrayList<>(lstm.namedVariables().keySet()));
        assertEquals(Shape.of(3, 24), lstm.kernel().shape());
        assertEquals(Shape.of(6, 24), lstm.recurrentKernel().shape());
        assertEquals(DType.FLOAT32, lstm.kernel().dtype());
        assertEquals(3 * 24 + 6 * 24 + 24, lstm.countParams());
        // lstm.py build: unit_forget_bias puts ones at the forget gate (units 6..11), zeros elsewhere
        float[] bias = lstm.bias().toFloatArray();
        for (int i = 0; i < 24; i++) {
            assertEquals(i >= 6 && i < 12 ? 1f : 0f, bias[i], "bias " + i);
        }
        // orthogonal (units, 4 units): the 6 rows are orthonormal
        double[][] q = Tensors.cast(lstm.recurrentKernel(), DType.FLOAT64).toDoubleArray2D();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double dot = 0;
                for (int k = 0; k < 24; k++) {
                    dot += q[i][k] * q[j][k];
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-6, "row " + i + " . row " + j);
            }
        }
        // the bias initializer fills the other gates (asked for (u,) then (2u,)), or the whole bias without
        // unit_forget_bias
        LSTM c = LSTM.builder(2).biasInitializer(Initializers.constant(0.5)).inputSize(3).build();
        assertArrayEquals(new float[] {0.5f, 0.5f, 1, 1, 0.5f, 0.5f, 0.5f, 0.5f}, c.bias().toFloatArray(), 0);
        LSTM noForget = LSTM.builder(2).unitForgetBias(false).inputSize(3).dtype(DType.FLOAT64).build();
        assertArrayEquals(new double[8], noForget.bias().toDoubleArray(), 0);
        assertEquals(DType.FLOAT64, noForget.kernel().dtype());

        GRU gru = new GRU(5);
        assertEquals(Shape.of(4, 5), gru.call(x).shape());
        assertEquals("gru", gru.name());
        assertEquals(Shape.of(3, 15), gru.kernel().shape());
        assertEquals(Shape.of(5, 15), gru.recurrentKernel().shape());
        assertEquals(Shape.of(2, 15), gru.bias().shape());
        assertTrue(gru.resetAfter());
        SimpleRNN rnn = new SimpleRNN(4);
        assertEquals(Shape.of(4, 4), rnn.call(x).shape());
        assertEquals("simple_rnn", rnn.name());
        assertEquals(Shape.of(4), rnn.bias().shape());
        assertEquals(Shape.of(4, 4), rnn.recurrentKernel().shape());
        // without bias: two variables
        GRU plain = GRU.builder(3).useBias(false).inputSize(2).name("enc").build();
        assertNull(plain.bias());
        assertEquals(List.of("kernel", "recurrent_kernel"), new ArrayList<>(plain.namedVariables().keySet()));
        assertEquals("enc", plain.name());
        assertEquals(Shape.of(4, 5, 3), GRU.builder(3).useBias(false).returnSequences(true).build().call(x).shape());
    }

    @Test
    void returnStateShapesOneTimestepAndAnEmptyBatch() {
        Tensor x = wave(0.2, 1, B, 1, F);
        // one timestep from zero states: SimpleRNN's output is tanh(x @ kernel + bias) (simple_rnn.py)
        SimpleRNN rnn = SimpleRNN.builder(U).returnSequences(true).returnState(true).kernelInitializer(waveInit(0.1, 0.5))
                .biasInitializer(waveInit(0.3, 0.5)).build();
        List<Tensor> r = rnn.call(x, null);
        assertEquals(Shape.of(B, 1, U), r.get(0).shape());
        Tensor expected = Tensors.tanh(Tensors.matmul(Tensors.reshape(x, B, F), wave(0.1, 0.5, F, U)).add(wave(0.3, 0.5, U)));
        assertArrayEquals(expected.toDoubleArray(), r.get(0).toDoubleArray(), 1e-15);
        assertArrayEquals(expected.toDoubleArray(), r.get(1).toDoubleArray(), 0);
        // LSTM: [sequence, h, c]; the sequence's last step is h, and one step of an LSTM from zero is
        // o * tanh(i * tanh(z_c)) (the forget gate multiplies c_0 = 0)
        LSTM lstm = LSTM.builder(U).returnSequences(true).returnState(true).kernelInitializer(waveInit(0.1, 0.5))
                .unitForgetBias(false).biasInitializer(waveInit(0.3, 0.5)).build();
        List<Tensor> l = lstm.call(x, List.of());
        assertEquals(3, l.size());
        assertEquals(Shape.of(B, 1, U), l.get(0).shape());
        assertEquals(Shape.of(B, U), l.get(1).shape());
        assertEquals(Shape.of(B, U), l.get(2).shape());
        assertArrayEquals(l.get(0).toDoubleArray(), l.get(1).toDoubleArray(), 0);
        List<Tensor> z = Tensors.split(Tensors.matmul(Tensors.reshape(x, B, F), wave(0.1, 0.5, F, 4 * U)).add(wave(0.3, 0.5, 4 * U)), 4, 1);
        Tensor c1 = Tensors.sigmoid(z.get(0)).mul(Tensors.tanh(z.get(2)));
        assertArrayEquals(c1.toDoubleArray(), l.get(2).toDoubleArray(), 1e-15);
        assertArrayEquals(Tensors.sigmoid(z.get(3)).mul(Tensors.tanh(c1)).toDoubleArray(), l.get(1).toDoubleArray(), 1e-15);
        // without return_state the list holds the output alone
        assertEquals(1, new GRU(U).call(x, null).size());
        // an empty batch
        assertEquals(Shape.of(0, U), new LSTM(U).call(Tensors.zeros(DType.FLOAT32, 0, 4, F)).shape());
        List<Tensor> e = GRU.builder(U).returnSequences(true).returnState(true).build().call(Tensors.zeros(DType.FLOAT32, 0, 4, F), null);
        assertEquals(Shape.of(0, 4, U), e.get(0).shape());
        assertEquals(Shape.of(0, U), e.get(1).shape());
    }

    @Test
    void errorsNameTheLayerAndShapesAndARefusedCallLeavesTheLayerUnbuilt() {
        LSTM lstm = new LSTM(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lstm.call(Tensors.zeros(DType.FLOAT32, 2, 3)));
        assertEquals("lstm: LSTM needs a floating input of rank 3 (batch, timesteps, features), got shape (2, 3) and dtype float32",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.call(Tensors.zeros(DType.INT32, 2, 3, 1)));
        assertTrue(e.getMessage().endsWith("got shape (2, 3, 1) and dtype int32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.call(Tensors.zeros(DType.FLOAT32, 2, 0, 5)));
        assertEquals("lstm: LSTM needs at least one timestep, got input shape (2, 0, 5)", e.getMessage());
        Tensor x = Tensors.zeros(DType.FLOAT32, 2, 3, 5);
        Tensor s = Tensors.zeros(DType.FLOAT32, 2, 4);
        e = assertThrows(IllegalArgumentException.class, () -> lstm.call(x, List.of(s)));
        assertEquals("lstm: LSTM has 2 states (h, c), got 1 initial states", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.call(x, List.of(s, Tensors.zeros(DType.FLOAT32, 2, 5))));
        assertEquals("lstm: initial state 1 has shape (2, 5) and dtype float32; for the input of shape (2, 3, 5) it must be"
                + " (2, 4) of dtype float32", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lstm.call(x, List.of(s, Tensors.zeros(DType.FLOAT64, 2, 4))));
        assertNull(lstm.kernel(), "a refused call leaves the layer unbuilt");
        assertTrue(lstm.namedVariables().isEmpty());
        lstm.call(x, List.of(s, s));
        e = assertThrows(IllegalArgumentException.class, () -> lstm.call(Tensors.zeros(DType.FLOAT32, 2, 3, 6)));
        assertEquals("lstm: input has shape (2, 3, 6) and dtype float32 but the layer was built for inputs (batch, timesteps, 5)"
                + " of dtype float32 (kernel (5, 16))", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lstm.call(Tensors.zeros(DType.FLOAT64, 2, 3, 5)));
        e = assertThrows(IllegalArgumentException.class, () -> new GRU(2).call(x, List.of(s, s)));
        assertEquals("gru: GRU has 1 state, got 2 initial states", e.getMessage());
        assertThrows(NullPointerException.class, () -> new SimpleRNN(2).call(null));
        // an initializer of the wrong shape: no variable is made
        SimpleRNN bad = SimpleRNN.builder(3).biasInitializer((sh, d) -> Tensors.zeros(d, 4)).build();
        e = assertThrows(IllegalArgumentException.class, () -> bad.call(x));
        assertTrue(e.getMessage().startsWith("simple_rnn: the bias initializer returned shape (4,)"), e.getMessage());
        assertTrue(bad.namedVariables().isEmpty());
        GRU badRec = GRU.builder(3).recurrentInitializer((sh, d) -> Tensors.zeros(d, 3, 3)).build();
        e = assertThrows(IllegalArgumentException.class, () -> badRec.call(x));
        assertTrue(e.getMessage().startsWith("gru: the recurrent_kernel initializer returned shape (3, 3)"), e.getMessage());
        assertNull(badRec.kernel());
        e = assertThrows(IllegalArgumentException.class, () -> LSTM.builder(0));
        assertEquals("LSTM: units must be positive, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GRU(-1));
        assertThrows(IllegalArgumentException.class, () -> SimpleRNN.builder(2).inputSize(0));
        assertThrows(IllegalArgumentException.class, () -> LSTM.builder(2).recurrentActivation("nope"));
        e = assertThrows(IllegalArgumentException.class, () -> LSTM.builder(2).inputSize(3).dtype(DType.INT32).build());
        assertEquals("lstm: LSTM needs a floating input, got dtype int32", e.getMessage());
    }

    @Test
    void anEmbeddingLstmDenseModelTrainsAndCheckpointsUnderKerasNames(@TempDir Path dir) throws Exception {
        // the task: is token 1 in the sequence? 8 sequences of 5 ids from 6
        int[] ids = {1, 2, 3, 4, 5, 2, 3, 4, 5, 0, 0, 0, 1, 0, 0, 5, 4, 3, 2, 0, 3, 3, 3, 3, 1, 2, 2, 4, 4, 5,
                     1, 1, 0, 0, 2, 4, 0, 2, 5, 3};
        int[] labels = {1, 0, 1, 0, 1, 0, 1, 0};
        Tensor x = Tensors.constant(ids, 8, 5);
        Tensor y = Tensors.constant(labels, 8);
        Generator g = Generator.fromSeed(5);
        Sequential model = new Sequential(
                new Embedding(6, 4, Initializers.randomUniform(-0.05, 0.05, g), null),
                LSTM.builder(8).kernelInitializer(Initializers.glorotUniform(g)).recurrentInitializer(Initializers.orthogonal(1, g)).build(),
                Dense.builder(2).kernelInitializer(Initializers.glorotUniform(g)).build());
        model.build(DType.INT32, 5);
        assertEquals(List.of("embedding/embeddings", "lstm/kernel", "lstm/recurrent_kernel", "lstm/bias", "dense/kernel",
                "dense/bias"), new ArrayList<>(model.namedVariables().keySet()));
        Loss lossFn = new SparseCategoricalCrossentropy(true);
        Adam opt = new Adam(0.05);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 40; step++) {
            GradientTape tape = new GradientTape();
            Tensor loss;
            try (tape) {
                loss = lossFn.call(y, model.call(x, true));
            }
            List<Variable> vars = model.trainableVariables();
            opt.applyGradients(tape.gradient(loss, vars), vars);
            if (step == 0) {
                first = loss.doubleValue();
            }
            last = loss.doubleValue();
        }
        assertTrue(last < first / 4, "loss " + first + " -> " + last);
        SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
        acc.updateState(y, model.call(x));
        assertEquals(1.0, acc.doubleResult(), 0);
        // save, change the recurrent kernel, restore: the same outputs again
        Path file = dir.resolve("model.npz");
        Checkpoint ckpt = new Checkpoint().module(model);
        assertTrue(ckpt.keys().containsAll(List.of("lstm/kernel", "lstm/recurrent_kernel", "lstm/bias")), ckpt.keys().toString());
        float[] before = model.call(x).toFloatArray();
        ckpt.save(file);
        LSTM lstm = (LSTM) model.layers().get(1);
        lstm.recurrentKernel().assign(Tensors.zeros(DType.FLOAT32, 8, 32));
        assertTrue(!java.util.Arrays.equals(before, model.call(x).toFloatArray()));
        ckpt.restore(file);
        assertArrayEquals(before, model.call(x).toFloatArray(), 0);
    }

    @Test
    void bidirectionalLstmMatchesTorchBidirectionalLstm() {
        // keras/src/layers/rnn/bidirectional.py call: the backward sequence flipped back in time, concatenated on the
        // last axis; states [forward..., backward...], the initial states split in half
        LSTM fw = LSTM.builder(U).unitForgetBias(false).returnSequences(true).returnState(true)
                .kernelInitializer(waveInit(0.1, 0.5)).recurrentInitializer(waveInit(0.2, 0.5))
                .biasInitializer(waveInit(0.3, 0.5)).build();
        LSTM bw = LSTM.builder(U).unitForgetBias(false).returnSequences(true).returnState(true).goBackwards(true)
                .kernelInitializer(waveInit(1.1, 0.5)).recurrentInitializer(waveInit(1.2, 0.5))
                .biasInitializer(waveInit(1.3, 0.5)).build();
        Bidirectional bi = new Bidirectional(fw, "concat", bw, null);
        Tensor x = wave(0.4, 1, B, T, F);
        Tensor hb0 = wave(1.6, 0.3, B, U);
        GradientTape tape = new GradientTape();
        List<Tensor> r;
        Tensor loss;
        try (tape) {
            tape.watch(x, hb0);
            r = bi.call(x, List.of(wave(0.6, 0.3, B, U), wave(0.7, 0.3, B, U), hb0, wave(1.7, 0.3, B, U)));
            loss = r.get(0).mul(wave(0.5, 1, B, T, 2 * U)).sum().add(r.get(4).mul(wave(0.8, 1, B, U)).sum());
        }
        assertEquals(5, r.size());
        assertEquals(Shape.of(B, T, 2 * U), r.get(0).shape());
        close(BI_SEQ, r.get(0));
        close(BI_HF, r.get(1));
        close(BI_CB, r.get(4));
        LSTM f = (LSTM) bi.forwardLayer();
        LSTM b = (LSTM) bi.backwardLayer();
        List<Tensor> g = tape.gradient(loss, List.of(x, f.kernel(), b.kernel(), hb0));
        close(BI_GX, g.get(0));
        close(BI_GK_FW, g.get(1));
        close(BI_GK_BW, g.get(2));
        close(BI_GHB0, g.get(3));
        // the forward layer is a new layer made from the template (Keras recreates it from the config), named
        // forward_<name>; the given backward layer is used as it is
        assertTrue(f != fw && b == bw);
        assertNull(fw.kernel(), "the template is not built or used");
        assertEquals(List.of("forward_lstm/kernel", "forward_lstm/recurrent_kernel", "forward_lstm/bias", "lstm/kernel",
                "lstm/recurrent_kernel", "lstm/bias"), new ArrayList<>(bi.namedVariables().keySet()));
    }

    @Test
    void bidirectionalDerivesTheBackwardLayerAndMerges() {
        // a GRU template: both directions get its options (the same wave weights here), merge "sum" of the last
        // outputs = torch's h_n[0] + h_n[1]
        GRU gru = GRU.builder(U).kernelInitializer(waveInit(0.1, 0.5)).recurrentInitializer(waveInit(0.2, 0.5))
                .biasInitializer(waveInit(0.3, 0.5)).build();
        Bidirectional sum = new Bidirectional(gru, "sum", null, null);
        Tensor x = wave(0.4, 1, B, T, F);
        close(BI_GRU_SUM, sum.call(x));
        assertEquals("backward_gru", sum.backwardLayer().name());
        assertTrue(((GRU) sum.backwardLayer()).goBackwards());
        assertEquals(List.of("forward_gru", "backward_gru"), sum.submodules().stream().map(io.gradtape.nn.Module::name).toList());
        // ave and mul from the two directions' outputs
        Tensor yf = sum.forwardLayer().call(x);
        Tensor yb = sum.backwardLayer().call(x);
        Bidirectional ave = new Bidirectional(gru, "ave", null, "bi");
        Bidirectional mul = new Bidirectional(gru, "mul", null, null);
        close(yf.add(yb).div(2.0).toDoubleArray(), ave.call(x));
        close(yf.mul(yb).toDoubleArray(), mul.call(x));
        assertEquals("bi", ave.name());
        // default concat, lazily built in float32, Keras's names
        Bidirectional bi = new Bidirectional(new LSTM(3));
        assertEquals("bidirectional", bi.name());
        assertEquals("concat", bi.mergeMode());
        assertThrows(IllegalStateException.class, bi::countParams);
        assertEquals(Shape.of(4, 6), bi.call(Tensors.ones(DType.FLOAT32, 4, 5, 2)).shape());
        assertEquals(2 * (2 * 12 + 3 * 12 + 12), bi.countParams());
        assertEquals(List.of("forward_lstm/kernel", "forward_lstm/recurrent_kernel", "forward_lstm/bias",
                "backward_lstm/kernel", "backward_lstm/recurrent_kernel", "backward_lstm/bias"), new ArrayList<>(bi.namedVariables().keySet()));
        // a built template gives built copies of its size and dtype
        Bidirectional sized = new Bidirectional(SimpleRNN.builder(2).inputSize(5).dtype(DType.FLOAT64).returnSequences(true).build());
        assertEquals(Shape.of(5, 2), ((SimpleRNN) sized.backwardLayer()).kernel().shape());
        assertEquals(DType.FLOAT64, ((SimpleRNN) sized.forwardLayer()).kernel().dtype());
        assertEquals(Shape.of(1, 7, 4), sized.call(Tensors.zeros(DType.FLOAT64, 1, 7, 5)).shape());
    }

    @Test
    void bidirectionalRefusesWhatKerasRefusesAndARefusedCallBuildsNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new Dense(3)));
        assertEquals("Bidirectional: layer must be an LSTM, GRU or SimpleRNN, got Dense dense", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(2), "max", null, null));
        assertEquals("Bidirectional: merge mode must be one of [concat, sum, ave, mul], got \"max\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(2), null, null, null));
        // Keras's _verify_layer_config: different go_backwards, same return options
        e = assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(2), "concat", new LSTM(2), null));
        assertEquals("Bidirectional: the forward and backward layers must have different goBackwards, both have false", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Bidirectional(LSTM.builder(2).goBackwards(true).build()));
        e = assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(2), "concat",
                LSTM.builder(2).goBackwards(true).returnSequences(true).build(), null));
        assertEquals("Bidirectional: the forward and backward layers must have the same returnSequences and returnState, got"
                + " false, false and true, false", e.getMessage());
        assertThrows(NullPointerException.class, () -> new Bidirectional(null));
        Bidirectional bi = new Bidirectional(GRU.builder(2).returnState(true).build());
        Tensor x = Tensors.zeros(DType.FLOAT32, 3, 4, 5);
        Tensor h = Tensors.zeros(DType.FLOAT32, 3, 2);
        e = assertThrows(IllegalArgumentException.class, () -> bi.call(x, List.of(h)));
        assertEquals("bidirectional: Bidirectional needs 2 initial states (the forward layer's, then the backward layer's), got 1",
                e.getMessage());
        // the backward half is wrong: neither direction is built
        e = assertThrows(IllegalArgumentException.class, () -> bi.call(x, List.of(h, Tensors.zeros(DType.FLOAT32, 3, 3))));
        assertTrue(e.getMessage().startsWith("backward_gru: initial state 0 has shape (3, 3)"), e.getMessage());
        assertTrue(bi.namedVariables().isEmpty());
        List<Tensor> r = bi.call(x, List.of(h, h));
        assertEquals(3, r.size());
        assertEquals(Shape.of(3, 4), r.get(0).shape());
    }

    // ---- expected values: /usr/bin/python3 -B scripts/fixtures/rnn_reference.py
    // LSTM_SEQ (2, 3, 2)
    static final double[] LSTM_SEQ = {0.11383339290446047, 0.05054188848107412, 0.04112545057317224, -0.0951490235978543, -0.14282918187898982, -0.15491805657261334, 0.12467926529597788, 0.017885781442428403, 0.04662759936237861, -0.133113844579373, -0.14017926200552, -0.17685835231682917};
    // LSTM_H (2, 2)
    static final double[] LSTM_H = {-0.14282918187898982, -0.15491805657261334, -0.14017926200552, -0.17685835231682917};
    // LSTM_C (2, 2)
    static final double[] LSTM_C = {-0.27439494892636784, -0.253105525602127, -0.26800096364099624, -0.28992053014113095};
    // LSTM_GX (2, 3, 3)
    static final double[] LSTM_GX = {-0.06645462199258108, 0.017764785167638176, 0.09401014442275128, 0.01965761000308336, 0.1852903931977647, 0.26775220315678433, -0.07272039851144527, 0.12951591402301424, 0.27361664579207895, 0.025938129066914048, 0.042027575401249025, 0.039252177808536834, 0.023272610204371134, 0.19289522601213216, 0.2759333006406935, 0.009966183834428674, 0.3324832579335655, 0.5057591562239622};
    // LSTM_GK (3, 8)
    static final double[] LSTM_GK = {0.2467741698789073, 0.029502919132672764, -0.008002213729024233, 0.13560538608404427, -0.4663839063561736, -0.26221466519036546, 0.03927730977145644, -0.02998911397796554, 0.292746459622999, 0.09587570867177013, -0.04814611129300445, 0.10303603354379555, -0.660303883994254, -0.22175880589166616, -0.006067137076517936, 0.054198223225941713, 0.20103551511678228, 0.11715665432326129, -0.0656461404121436, 0.02200722444546481, -0.5436726274570429, -0.07700631510519096, -0.04855811455577399, 0.11289528917608994};
    // LSTM_GRK (2, 8)
    static final double[] LSTM_GRK = {0.0005351845042473741, -0.017408362590106193, 0.018139916274307395, 0.003761819176799027, 0.12098211708972947, 0.1491610889523366, -0.018600140850690432, -0.008534469783700822, 0.053152865737178125, 0.009640292233131611, -0.000575224637355291, 0.019873102758575047, -0.06023273318589957, 0.026070339017177535, 0.007820288815708995, 0.012896909091325924};
    // LSTM_GB (8,)
    static final double[] LSTM_GB = {-0.20304856422295775, -0.21085018809778855, 0.184955734054703, -0.04461986591165419, 1.4939545893424484, 1.3925851493408858, -0.08494475409521594, -0.08699704837818711};
    // LSTM_GH0 (2, 2)
    static final double[] LSTM_GH0 = {-0.07708301360514327, 0.004987462040272335, 0.022343394589025123, 0.04076481896272997};
    // LSTM_GC0 (2, 2)
    static final double[] LSTM_GC0 = {0.36171308340474456, 0.343839538020203, 0.07284070176832814, 0.15321801261908338};
    // LSTM_BACK_LAST (2, 2)
    static final double[] LSTM_BACK_LAST = {-0.010722082263804413, -0.0717708189905332, -0.011478344257220654, -0.07171005581111038};
    // LSTM_JVP (2, 2)
    static final double[] LSTM_JVP = {-0.17789405043218653, 0.048278418230006885, -0.1753241811877691, 0.0503499736273558};
    // LSTM_GRAD_X (2, 3, 3)
    static final double[] LSTM_GRAD_X = {-0.01412833778016789, 0.012289561147123531, 0.03319106635531644, -0.010414244999049463, 0.06054723100196561, 0.10433097780585436, -0.011758087493373945, 0.13806993972613216, 0.2259227556924836, 0.0006947644011002261, 0.002749903615354374, 0.003570698425421417, 0.013915434954922791, 0.038070212292270846, 0.04513648032813065, 0.039347682869590915, 0.07007955100315215, 0.06935493420913608};
    // LSTM_GRADGRAD_K (3, 8)
    static final double[] LSTM_GRADGRAD_K = {-0.0145855276630914, -0.02679621796249166, -0.012961184630247848, -0.0022017908437503885, -0.06726964012273849, 0.0007348894735009111, -0.05986712683547572, -0.013776109035812377, -0.03134352307048936, -0.035953436624545046, -0.009857280503726537, -0.01751261145180065, 0.011221503355939175, 0.09197123282620391, -0.07465462088208284, -0.032029875434819284, -0.033832112581163476, -0.028516871068258856, -0.002067115109309096, -0.024878978508983525, 0.08630642193672582, 0.14180934941483284, -0.05489822110311067, -0.03562393194696813};
    // GRU_SEQ (2, 3, 2)
    static final double[] GRU_SEQ = {0.19293881518270314, 0.2040151031387608, 0.4864731846465673, 0.16929208907369903, 0.2438749288691538, 0.013702529860408819, 0.2280809584734341, 0.10304530630154686, 0.4843936040554169, 0.09402788164411588, 0.2361897067758257, -0.034269512131497676};
    // GRU_H (2, 2)
    static final double[] GRU_H = {0.2438749288691538, 0.013702529860408819, 0.2361897067758257, -0.034269512131497676};
    // GRU_GX (2, 3, 3)
    static final double[] GRU_GX = {-0.025007154222716682, 0.5988587004844462, -0.5621867625103415, 0.02330358215476059, 0.3726659174762104, -0.3887105797299056, 0.045729987605489165, 0.11710709238664439, -0.1605560262020842, -0.11119433311303414, -0.06982102571680124, 0.17965535994257223, -0.06468958388558584, 0.42553898426403225, -0.35256059998995776, 0.10906803968990438, 0.44258803003666874, -0.5430351819325837};
    // GRU_GK (3, 6)
    static final double[] GRU_GK = {-0.38883174513523727, -0.06400150277765712, -0.09688629737252592, 0.04275300897877879, -0.7524862279465445, 0.3129279440726118, -0.2285366029720387, -0.028391447911529272, -0.11628854176242917, 0.07089879706015775, -1.0091417584877556, 0.33839424209876, 0.039242874551835435, 0.020571548536001755, -0.08099846790287388, 0.06569977305988145, -0.7911821517372354, 0.20470844050997347};
    // GRU_GRK (2, 6)
    static final double[] GRU_GRK = {0.0846113033054115, 0.0635982375513301, 0.08611602209929071, 0.07685922096234306, 0.43011802529356397, 0.4484418056283268, -0.006922295945357047, 0.03172759770448659, 0.04425653461996853, 0.05854416096703054, 0.2137052183221051, 0.29988217413782087};
    // GRU_GB (2, 6)
    static final double[] GRU_GB = {0.05187463305330532, 0.18231507300295355, 0.24613114628837193, 0.29765176733307697, 2.041562118893814, 2.6126474526547723, 0.051874633053305294, 0.18231507300295355, 0.24613114628837196, 0.29765176733307697, 1.2578615685125467, 1.6930104507125385};
    // GRU_GH0 (2, 2)
    static final double[] GRU_GH0 = {0.33413142747804586, 1.0350176578080332, -0.3965542221559194, 0.10329125548462956};
    // GRU_JVP (2, 2)
    static final double[] GRU_JVP = {-0.10106063690129446, -0.04159083009691659, -0.10189578164428784, -0.0417814029329386};
    // GRU_BEFORE_SEQ (2, 3, 2)
    static final double[] GRU_BEFORE_SEQ = {-0.03343934876416835, -0.0903699897504888, 0.16420130876893044, -0.16354347978638234, -0.009947848713645707, -0.2697893056478169, -0.03052762188619891, -0.08970790218408191, 0.16470548062774182, -0.16376884998664543, -0.010963482006139336, -0.2698994474147399};
    // GRU_BEFORE_GX (2, 3, 3)
    static final double[] GRU_BEFORE_GX = {-0.029572537800248284, 0.34631196646383783, -0.30999384043710004, 0.04050401955148402, 0.1773001305792243, -0.21435063483465175, 0.024943876951165147, -0.09599961063637946, 0.06918581896679253, -0.05871657669098415, -0.10960839814632697, 0.16618998329309753, -0.04392166713763903, 0.2375377797165091, -0.18898926682888517, 0.0027482949291944684, 0.17804483817523212, -0.17732511212771718};
    // GRU_BEFORE_GK (3, 6)
    static final double[] GRU_BEFORE_GK = {-0.15568807456990585, 0.044167135584959716, -5.045550833224834e-06, 0.0010921471966155094, 0.06192566476505219, 0.36236483646206885, -0.05933447844661431, 0.04132999449928835, -0.0002145787516950537, 0.005052318163770411, -0.23943893331389582, 0.39032886445832393, 0.06492505001692006, 0.019054711201623463, -0.00032319221274921286, 0.006636304953855114, -0.4281916597187818, 0.23471512844308162};
    // GRU_BEFORE_GRK (2, 6)
    static final double[] GRU_BEFORE_GRK = {0.017864770317969732, 0.00037210895845386305, 2.263802955880547e-05, -0.0006807993797670003, 0.014083029734373276, -0.0028475671071609325, -0.002815172588305024, -0.006997464470378852, -6.254877461556322e-05, 0.0015932001848780269, -0.058597069915821545, -0.027579671881647085};
    // GRU_BEFORE_GB (6,)
    static final double[] GRU_BEFORE_GB = {-0.03514760141260089, 0.12951865480251742, 0.0005366194683912412, -0.013128236419706339, 0.8615063972906001, 0.9343460813882407};
    // RNN_BACK_SEQ (2, 3, 2)
    static final double[] RNN_BACK_SEQ = {-0.33669296921335967, -0.20725242214852763, -0.0706632319634702, 0.5041292196046161, 0.7500721634305371, 0.6990786405051307, -0.3308669908315963, -0.20762674649822907, -0.08070621836038062, 0.49902312315716396, 0.7502856363121359, 0.7009174724817988};
    // RNN_BACK_GX (2, 3, 3)
    static final double[] RNN_BACK_GX = {-0.14223270251532494, -0.19083366644433522, 0.07736179640588249, 0.12921901075886494, 0.4925298823594299, 0.03820878303638324, 0.5156055639330652, 0.8383510574659284, -0.23062129596330616, 0.19211471022560264, 0.39793143571429346, -0.05684417182850395, 0.23862873517572578, 0.2891675514987725, -0.14033077008031655, -0.20583684899779256, -0.5225205896234667, 0.028214185548092737};
    // RNN_BACK_GK (3, 2)
    static final double[] RNN_BACK_GK = {0.7109316860708843, -0.2889524161640282, 0.3141838603324369, -0.7109895846649541, -0.2303295441785932, -0.7986372419792372};
    // RNN_BACK_GRK (2, 2)
    static final double[] RNN_BACK_GRK = {-0.30728570137605715, -0.31386655511386335, -0.0021630005840199418, -0.14512365695118157};
    // RNN_BACK_GB (2,)
    static final double[] RNN_BACK_GB = {1.0953909806235214, 1.8758331184072916};
    // BI_SEQ (2, 3, 4)
    static final double[] BI_SEQ = {0.11383339290446047, 0.05054188848107412, -0.10976432745528253, -0.19204463760654455, 0.04112545057317224, -0.0951490235978543, -0.18171976664885323, -0.19867325332271812, -0.14282918187898982, -0.15491805657261334, -0.006459700577149372, 0.06590099609542005, 0.12467926529597788, 0.017885781442428403, -0.11132356648131338, -0.19231066432365557, 0.04662759936237861, -0.133113844579373, -0.1897818701873707, -0.20138399658597525, -0.14017926200552, -0.17685835231682917, -0.031897474754213034, 0.03434427197805266};
    // BI_HF (2, 2)
    static final double[] BI_HF = {-0.14282918187898982, -0.15491805657261334, -0.14017926200552, -0.17685835231682917};
    // BI_CB (2, 2)
    static final double[] BI_CB = {-0.48646458539306103, -0.7649163141295585, -0.4964276176038094, -0.7676071704129465};
    // BI_GX (2, 3, 3)
    static final double[] BI_GX = {-0.5005163072859312, -0.25531231864543763, 0.10449326187645544, -0.17596857004405278, -0.21875778309057467, -0.1633535744031397, -0.25846989076899685, -0.0824941047978385, 0.1305106650500921, -0.2504812809111824, -0.1579617453222846, 0.005461801347401965, -0.21000239006397617, -0.06707665843740303, 0.10595765500690306, 0.0730787730358986, 0.17494804067728525, 0.19828868868715255};
    // BI_GK_FW (3, 8)
    static final double[] BI_GK_FW = {0.06174086974730526, 0.04719748578427915, -0.0192462181622664, 0.03946151066846125, -0.19736800808822416, -0.2688143831497403, 0.06350221059087177, 0.10412391497884133, 0.06113691406718434, 0.035371287901846446, -0.006472439039461726, 0.03898818351400908, -0.11147509534940879, -0.18123904142193786, 0.11661742503067556, 0.07723927389763799, 0.03177931241063294, 0.006909420627556045, 0.009345429298251542, 0.020178104445746244, 0.026846296578646515, -0.008424146575257608, 0.11488564228102176, 0.014027795405428962};
    // BI_GK_BW (3, 8)
    static final double[] BI_GK_BW = {-0.05919584027400291, -0.0896933595573984, -0.09999655121319634, -0.07662418449176471, 0.2665451700120455, 0.20158336358893916, 0.07029465422221322, 0.034234685654458724, -0.031432925118769175, -0.11378588476888192, -0.15967053311132476, -0.12613504182370647, 0.5943870911021515, 0.27839903593428966, -0.02085909937252815, 0.05130727295483309, 0.01111338587282488, -0.08436313042006642, -0.14424896836629558, -0.11632261807156348, 0.642679475692423, 0.22427929157481108, -0.10220249259995115, 0.044249248086294816};
    // BI_GHB0 (2, 2)
    static final double[] BI_GHB0 = {-0.22816380385357657, -0.10193875026846973, 0.045494744322002484, 0.04252182591655889};
    // BI_GRU_SUM (2, 2)
    static final double[] BI_GRU_SUM = {0.45349425901729973, -0.04971578810459162, 0.45397438669392903, -0.049604192710265504};
}
