package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.ForwardAccumulator;
import io.gradtape.GradientTape;
import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NN#ctcLoss} and Keras's {@link CTC} loss against Keras's test values, PyTorch's {@code F.ctc_loss}
 * (feasible examples) and a transcription of TensorFlow's dense {@code ctc_loss} (every example, infeasible ones
 * too), with gradients by autograd of both, all from {@code scripts/fixtures/ctc_reference.py} (float64; on
 * the feasible examples the two agree within 2e-15 in value and 4e-15 in gradient). The op table checks the
 * gradient against finite differences and forward mode ({@code NnOpCases}).
 */
class CtcLossTest {
    /** {@code x[i] = 2 sin(0.7 i + 0.3)} over the flat index, the fixture's logits. */
    private static Tensor sines(DType dtype, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * Math.sin(0.7 * i + 0.3);
        }
        return Tensors.cast(Tensors.constant(v, shape), dtype);
    }

    private static Tensor ints(int[] v, int... shape) {
        return Tensors.constant(v, shape);
    }

    /** The losses and the gradient of {@code sum(w * losses)}. */
    private static Tensor[] lossAndGradient(Tensor labels, Tensor logits, int[] labelLength, int[] logitLength, int blank,
                                            double... w) {
        GradientTape tape = new GradientTape();
        tape.watch(logits);
        Tensor l = NN.ctcLoss(labels, logits, ints(labelLength, labelLength.length), ints(logitLength, logitLength.length),
                blank);
        Tensor weighted = Tensors.reduceSum(l.mul(Tensors.cast(Tensors.constant(w, w.length), l.dtype())));
        return new Tensor[] {l, tape.gradient(weighted, logits)};
    }

    private static void close(double[] expected, Tensor actual, double tol, String what) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, what);
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], tol * Math.max(1, Math.abs(expected[i])), what + " [" + i + "]");
        }
    }

    /** keras/src/ops/nn_test.py test_ctc_loss: [3.4411672, 1.91680186]; PyTorch and TF's transcription agree. */
    @Test
    void kerasOpTestValues() {
        Tensor logits = Tensors.constant(new double[] {0.4, 0.8, 0.4, 0.2, 0.8, 0.3, 0.9, 0.4, 0.5,
                0.4, 0.8, 0.4, 0.2, 0.3, 0.3, 0.4, 0.3, 0.2}, 2, 3, 3);
        Tensor labels = ints(new int[] {1, 2, 1, 1, 2, 2}, 2, 3);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor[] lg = lossAndGradient(labels, Tensors.cast(logits, dt), new int[] {3, 2}, new int[] {3, 2}, 0, 1, 1);
            assertEquals(dt, lg[0].dtype());
            assertEquals(dt, lg[1].dtype());
            close(KERAS_LOSS, lg[0], dt == DType.FLOAT32 ? 1e-6 : 1e-12, "keras loss " + dt);
            close(KERAS_GRAD, lg[1], dt == DType.FLOAT32 ? 1e-6 : 1e-12, "keras gradient " + dt);
        }
    }

    /**
     * A batch of four: a repeated label (needs a blank between), one label with padding, no labels (all blanks),
     * and three labels in two frames (infeasible: PyTorch inf, TensorFlow's finite ~707 + ..., followed here).
     * Frames past logitLength get gradient 0.
     */
    @Test
    void mixedBatchMatchesPyTorchAndTensorFlow() {
        Tensor labels = ints(new int[] {1, 1, 2, 3, 0, 0, 0, 0, 0, 2, 3, 1}, 4, 3);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor[] lg = lossAndGradient(labels, sines(dt, 4, 6, 5), new int[] {3, 1, 0, 3}, new int[] {6, 4, 6, 2}, 0,
                    1, 0.5, 2, 1.5);
            double tol = dt == DType.FLOAT32 ? 2e-6 : 1e-11;
            close(MIXED_LOSS, lg[0], tol, "mixed loss " + dt);
            close(MIXED_GRAD, lg[1], tol, "mixed gradient " + dt);
        }
        // PyTorch's values for the three feasible rows (the fourth is inf there)
        Tensor l = NN.ctcLoss(labels, sines(DType.FLOAT64, 4, 6, 5), ints(new int[] {3, 1, 0, 3}, 4),
                ints(new int[] {6, 4, 6, 2}, 4), 0);
        double[] v = l.toDoubleArray();
        for (int b = 0; b < 3; b++) {
            assertEquals(MIXED_TORCH[b], v[b], 1e-11, "PyTorch row " + b);
        }
        assertTrue(v[3] > 700 && Double.isFinite(v[3]), "infeasible row: TensorFlow's finite value, got " + v[3]);
    }

    /** blankIndex -2 of 4 classes (class 2); the second row's padding is the blank's own index. */
    @Test
    void blankOtherThanZero() {
        Tensor labels = ints(new int[] {0, 3, 3, 1, 0, 2}, 2, 3);
        Tensor[] lg = lossAndGradient(labels, sines(DType.FLOAT64, 2, 5, 4), new int[] {3, 2}, new int[] {5, 5}, -2, 1, 2);
        close(BLANK2_LOSS, lg[0], 1e-11, "blank 2 loss");
        close(BLANK2_GRAD, lg[1], 1e-11, "blank 2 gradient");
        Tensor same = NN.ctcLoss(labels, sines(DType.FLOAT64, 2, 5, 4), ints(new int[] {3, 2}, 2), ints(new int[] {5, 5}, 2), 2);
        assertArrayEquals(lg[0].toDoubleArray(), same.toDoubleArray(), 0, "-2 and 2 name the same blank");
    }

    /**
     * [1, 1] in 2 frames (needs 3): TensorFlow's finite loss and its derivative; 0 frames give 706.89 with a label
     * (-log(1e-307) in float32) and 0 without.
     */
    @Test
    void infeasibleAndEmptyExamplesFollowTensorFlow() {
        Tensor labels = ints(new int[] {1, 1, 1, 0, 0, 0}, 3, 2);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor[] lg = lossAndGradient(labels, sines(dt, 3, 2, 3), new int[] {2, 1, 0}, new int[] {2, 0, 0}, 0, 1, 1, 1);
            double tol = dt == DType.FLOAT32 ? 2e-6 : 1e-11;
            close(INFEASIBLE_LOSS, lg[0], tol, "infeasible loss " + dt);
            close(INFEASIBLE_GRAD, lg[1], tol, "infeasible gradient " + dt);
        }
    }

    /**
     * 100 labels [1, 2, 1, 2, ...] in 400 frames (feasible: 100 labels, no adjacent repeats), 3 classes, logits 15 for
     * the blank and 0 otherwise: the true alignments are ~1278 nats below "all blanks", so TensorFlow's dense loss,
     * which weights a short ending by log(1e-307), saturates at 706.89 with a vanishing gradient. gradtape makes
     * the short endings of a feasible example impossible and gets PyTorch's exact loss and gradient
     * (scripts/fixtures/ctc_reference.py long_labels, float64). float32 is computed in double and rounded, so it is
     * held to the float64 values (PyTorch's own float32 kernel is within 5e-5 of them).
     */
    @Test
    void longFeasibleLabelsGetTheExactLoss() {
        int frames = 400;
        int count = 100;
        int[] row = new int[count];
        for (int i = 0; i < count; i++) {
            row[i] = 1 + i % 2;
        }
        double[] x = new double[frames * 3];
        for (int t = 0; t < frames; t++) {
            x[t * 3] = 15;
        }
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor[] lg = lossAndGradient(ints(row, 1, count), Tensors.cast(Tensors.constant(x, 1, frames, 3), dt),
                    new int[] {count}, new int[] {frames}, 0, 1);
            double tol = dt == DType.FLOAT32 ? 1e-6 : 1e-10;
            close(new double[] {LONG_LOSS}, lg[0], tol, "long loss " + dt);
            double[] g = lg[1].toDoubleArray();
            for (int k = 0; k < LONG_FRAMES.length; k++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(LONG_GRAD[k][c], g[LONG_FRAMES[k] * 3 + c], tol,
                            "long gradient " + dt + " frame " + LONG_FRAMES[k] + " class " + c);
                }
            }
            for (double v : g) {
                assertTrue(Double.isFinite(v), "finite gradient");
            }
        }
    }

    /**
     * [1, 1] in 3 frames is feasible, but -inf logits for class 1 at frames 0 and 1 rule out every alignment: treated
     * as infeasible, TensorFlow's finite loss and its gradient (ctc_reference.py masked; PyTorch gives inf), no NaN.
     */
    @Test
    void maskedLogitsFollowTensorFlow() {
        double inf = Double.NEGATIVE_INFINITY;
        Tensor logits = Tensors.constant(new double[] {0, inf, 0, 0, inf, 0, 0, 0, 0}, 1, 3, 3);
        Tensor[] lg = lossAndGradient(ints(new int[] {1, 1}, 1, 2), logits, new int[] {2}, new int[] {3}, 0, 1);
        close(new double[] {708.685375192}, lg[0], 1e-11, "masked loss");
        close(new double[] {-0.5, 0, 0.5, -0.5, 0, 0.5, -0.166666666667, -0.166666666667, 0.333333333333}, lg[1], 1e-11,
                "masked gradient");
    }

    /**
     * Keras's CTC class: label length = the non-zero entries, every frame used, mean over the batch. Keras's own
     * test row [1, 2, 0, 2] (read by Keras as [1, 2, 0]) is refused; the fixture's [1, 2, 2, 0] is PyTorch's value.
     */
    @Test
    void ctcClassAsKeras() {
        double[] v = new double[24];
        for (int i = 0; i < 24; i++) {
            v[i] = (i - 12) / 100.0;
        }
        Tensor logits = Tensors.constant(v, 2, 4, 3);
        Tensor labels = ints(new int[] {1, 2, 1, 0, 1, 2, 2, 0}, 2, 4);
        assertEquals(CTC_CLASS_MEAN, new CTC().call(labels, logits).doubleValue(), 1e-10);
        Tensor floats = Tensors.constant(new double[] {1, 2, 1, 0, 1, 2, 2, 0}, 2, 4);
        assertEquals(CTC_CLASS_MEAN, new CTC().call(floats, logits).doubleValue(), 1e-10, "integral float labels");
        close(CTC_CLASS_NONE, new CTC(Loss.Reduction.NONE).call(labels, logits), 1e-11, "reduction none");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CTC().call(ints(new int[] {1, 2, 1, 0, 1, 2, 0, 2}, 2, 4), logits));
        assertTrue(e.getMessage().contains("ctc") && e.getMessage().contains("padding"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CTC().call(Tensors.constant(new double[] {1.5, 0}, 1, 2),
                Tensors.zeros(DType.FLOAT32, 1, 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> new CTC().call(labels, Tensors.zeros(DType.FLOAT32, 2, 3)));
    }

    /** TensorFlow refuses ctc_loss's second derivative (prevent_gradient); so does gradtape, by nested tapes and forward mode. */
    @Test
    void secondDerivativeIsRefused() {
        Tensor logits = sines(DType.FLOAT64, 1, 3, 3);
        Tensor labels = ints(new int[] {1, 2}, 1, 2);
        Tensor len = ints(new int[] {2}, 1);
        Tensor frames = ints(new int[] {3}, 1);
        GradientTape outer = new GradientTape();
        outer.watch(logits);
        GradientTape inner = new GradientTape();
        inner.watch(logits);
        Tensor g = inner.gradient(NN.ctcLoss(labels, logits, len, frames, 0), logits);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> outer.gradient(Tensors.reduceSum(g), logits));
        assertTrue(e.getMessage().contains("ctcLoss"), e.getMessage());
        // first-order forward mode works: <J, t> with t = ones is the sum of the gradient
        try (ForwardAccumulator acc = new ForwardAccumulator(logits, Tensors.onesLike(logits))) {
            Tensor l = NN.ctcLoss(labels, logits, len, frames, 0);
            assertEquals(Tensors.reduceSum(g).doubleValue(), acc.jvp(l).toDoubleArray()[0], 1e-12);
        }
        // the gradient taken while a ForwardAccumulator watches the logits would need CTC_GRADIENT's derivative
        try (ForwardAccumulator acc = new ForwardAccumulator(logits, Tensors.onesLike(logits))) {
            GradientTape tape = new GradientTape();
            tape.watch(logits);
            Tensor l = NN.ctcLoss(labels, logits, len, frames, 0);
            IllegalStateException f = assertThrows(IllegalStateException.class, () -> tape.gradient(l, logits));
            assertTrue(f.getMessage().contains("ctcLoss"), f.getMessage());
        }
    }

    /** Errors name ctcLoss and the argument at fault, with the shapes where they are the fault. */
    @Test
    void badArgumentsAreRefused() {
        Tensor logits = Tensors.zeros(DType.FLOAT32, 2, 4, 3);
        Tensor labels = ints(new int[] {1, 2, 1, 0}, 2, 2);
        Tensor two = ints(new int[] {2, 1}, 2);
        Tensor four = ints(new int[] {4, 4}, 2);
        String[][] cases = {
                {"rank", "(batch, time, classes)"}, {"labels dtype", "int32 or int64"}, {"labels batch", "(batch, maxLabelLength)"},
                {"labelLength shape", "labelLength"}, {"labelLength too long", "labelLength[1] = 3"},
                {"logitLength too long", "logitLength[0] = 5"}, {"negative length", "logitLength[1] = -1"},
                {"blank label", "labels[0][1] = 0"}, {"label out of range", "labels[1][0] = 3"}, {"blank index", "blankIndex 3"}};
        Runnable[] calls = {
                () -> NN.ctcLoss(labels, Tensors.zeros(DType.FLOAT32, 2, 3), two, four, 0),
                () -> NN.ctcLoss(Tensors.zeros(DType.FLOAT32, 2, 2), logits, two, four, 0),
                () -> NN.ctcLoss(ints(new int[] {1, 2}, 1, 2), logits, two, four, 0),
                () -> NN.ctcLoss(labels, logits, ints(new int[] {2}, 1), four, 0),
                () -> NN.ctcLoss(labels, logits, ints(new int[] {2, 3}, 2), four, 0),
                () -> NN.ctcLoss(labels, logits, two, ints(new int[] {5, 4}, 2), 0),
                () -> NN.ctcLoss(labels, logits, two, ints(new int[] {4, -1}, 2), 0),
                () -> NN.ctcLoss(ints(new int[] {1, 0, 1, 0}, 2, 2), logits, two, four, 0),
                () -> NN.ctcLoss(ints(new int[] {1, 2, 3, 0}, 2, 2), logits, two, four, 0),
                () -> NN.ctcLoss(labels, logits, two, four, 3)};
        for (int i = 0; i < calls.length; i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, calls[i]::run, cases[i][0]);
            assertTrue(e.getMessage().startsWith("ctcLoss: ") && e.getMessage().contains(cases[i][1]),
                    cases[i][0] + ": " + e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> NN.ctcLoss(null, logits, two, four, 0));
        Tensor ok = NN.ctcLoss(labels, logits, two, four, -3);   // -3 of 3 classes is class 0
        assertEquals(2, ok.size());
    }

    // ------------------------------------------------------------------------ scripts/fixtures/ctc_reference.py

    private static final double[] KERAS_LOSS = {3.44116720321, 1.91680185807};
    private static final double[] KERAS_GRAD = {
            0.286383219832, -0.572766439664, 0.286383219832, 0.254628527989, 0.463963427965, -0.718591955954,
            0.439203149102, -0.733609824227, 0.294406675125, 0.286383219832, -0.572766439664, 0.286383219832,
            0.311493308513, 0.344253345744, -0.655746654256, 0, 0, 0};
    private static final double[] MIXED_LOSS = {9.10932999248, 3.79728071705, 13.8538232508, 709.045544376};
    private static final double[] MIXED_GRAD = {
            0.0197923714524, -0.649351829577, 0.374546746968, 0.199001698603, 0.0560110125536, -0.69645946187,
            -0.155580182577, 0.058024001071, 0.160776100714, 0.633239542662, -0.104700743336, -0.181739571461,
            0.211377105364, 0.0589834064796, 0.0160798029536, -0.278564330254, -0.574733075615,
            -0.0500267378525, 0.231851748885, 0.671472394837, 0.0579291236433, -0.0306761749848,
            -0.0612958795021, 0.0226859762048, 0.0113569546387, -0.0402111768835, 0.032537488038,
            -0.820146063039, 0.366003296762, 0.461816455123, -0.134872445785, 0.0953641397209, 0.0264030787092,
            -0.00432125854899, 0.0174264859034, -0.0319805363704, 0.0541566137968, 0.152250251125,
            -0.266493429305, 0.0920671007542, -0.108609194363, 0.0639571529315, 0.0333316359867,
            -0.118232142173, 0.129552547618, -0.311128051993, 0.151370070304, 0.182485699841, -0.0464650909811,
            0.0237373728282, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1.97017584463, 0.0412375646452, 0.124682920302,
            0.489910559373, 1.31434480031, -0.781337733084, 0.563719031688, 0.150518999036, 0.0431699738951,
            0.0239297284654, -1.97605613747, 0.0733769168785, 0.287811215052, 0.759773167997, 0.855094837539,
            -0.619419509588, 0.366405866603, 0.1061131807, 0.0600624566392, 0.0868380056457, -1.93597265884,
            0.250601881298, 0.650766371945, 0.715763952269, 0.318840453328, -1.19930326864, 0.234230572976,
            0.135401973632, 0.200150259532, 0.629520462502, 0.00129528385825, 0.490225660173, -0.782418026458,
            0.230412996976, 0.0604840854505, -0.28579913728, 0.0540492581063, -0.255014494545, -0.525846796168,
            1.01261116989, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final double[] MIXED_TORCH = {9.10932999248, 3.79728071705, 13.8538232508};
    private static final double[] BLANK2_LOSS = {5.0747870569, 4.54762445048};
    private static final double[] BLANK2_GRAD = {
            -0.170983071494, 0.293820708899, -0.333646980787, 0.210809343381, -0.270143484304, 0.173708535694,
            0.0599553341585, 0.0364796144513, 0.0314564934377, 0.123895874012, 0.328141028462, -0.483493395912,
            0.718158318402, 0.200397407931, -0.931096652996, 0.0125409266624, 0.0212705426847, 0.0598456607855,
            0.232182278686, -0.313298482156, 1.18331293588, -1.05803043054, -0.171175664273, 0.0458931589339,
            -0.107365511741, -0.57039608218, -0.737818454606, 1.41558004853, -0.408156356709, 0.354308554389,
            -0.0591676324992, 0.113015434819, -0.954265129641, 0.199549630362, -0.182159104786, 0.936874604066,
            -0.260804674929, 0.626212452436, -0.744084098407, 0.3786763209};
    private static final double[] INFEASIBLE_LOSS = {707.65003857, 706.893615723, -0};
    private static final double[] INFEASIBLE_GRAD = {
            -0.126322631835, -0.37643325753, 0.502755889365, -0.0437882024927, -0.0123246262557,
            0.0561128287484, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final double CTC_CLASS_MEAN = 3.41375697654;
    private static final double[] CTC_CLASS_NONE = {2.44293146619, 4.38458248689};
    /** long_labels: PyTorch F.ctc_loss, float64 (TensorFlow's dense transcription gives 706.893738 here). */
    private static final double LONG_LOSS = 1278.1447493;
    private static final int[] LONG_FRAMES = {0, 1, 199, 399};
    private static final double[][] LONG_GRAD = {
            {0.249999402571, -0.249999708473, 3.05902133349e-07},
            {0.249999445768, -0.187969683634, -0.0620297621344},
            {0.249999445766, -0.124999722883, -0.124999722883},
            {0.249999402571, 3.05902133349e-07, -0.249999708473}};
}
