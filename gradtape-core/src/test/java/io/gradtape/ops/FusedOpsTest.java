package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.nn.Dense;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gradtape.Tensors.add;
import static io.gradtape.Tensors.constant;
import static io.gradtape.Tensors.matmul;
import static io.gradtape.Tensors.relu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two primitives that replace compositions for speed, against those compositions: {@code NN.linear} (with and
 * without relu) gives the bits of {@code relu(add(matmul(x, w), b))} forward and backward, on the sizes where the
 * vector kernels and the thread split run; {@code logSoftmax} keeps the composite's edge values (logits of 1000,
 * infinities, NaN). The op table checks both against references, finite differences, second order and JVPs; this
 * class checks what a reference with a tolerance cannot: equal bits and the edge conventions.
 */
class FusedOpsTest {
    private static final int[][] SIZES = {{3, 4, 2}, {128, 784, 256}, {128, 256, 128}, {33, 17, 10}, {1, 1, 1}};

    @Test
    void linearHasTheBitsOfTheComposedOpsForwardAndBackward() {
        Generator g = Generator.fromSeed(7);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] mkn : SIZES) {
                for (boolean fuseRelu : new boolean[] {false, true}) {
                    Tensor x = g.normal(Shape.of(mkn[0], mkn[1]), 0, 1, dt);
                    Tensor w = g.normal(Shape.of(mkn[1], mkn[2]), 0, 1, dt);
                    Tensor b = g.normal(Shape.of(mkn[2]), 0, 1, dt);
                    String what = dt + " " + Shape.of(mkn) + (fuseRelu ? " relu" : "");
                    List<Tensor> fused = valueAndGradients(x, w, b, true, fuseRelu);
                    List<Tensor> composed = valueAndGradients(x, w, b, false, fuseRelu);
                    for (int i = 0; i < 4; i++) {
                        assertArrayEquals(composed.get(i).toDoubleArray(), fused.get(i).toDoubleArray(), what + ", result " + i);
                    }
                }
            }
        }
    }

    /** The value and the gradients of {@code sum(out * c)} for x, w and b, with a cotangent c that is not all ones. */
    private static List<Tensor> valueAndGradients(Tensor x, Tensor w, Tensor b, boolean fused, boolean withRelu) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            tape.watch(w);
            tape.watch(b);
            Tensor out;
            if (fused) {
                out = withRelu ? NN.linear(x, w, b, "relu") : NN.linear(x, w, b);
            } else {
                out = add(matmul(x, w), b);
                out = withRelu ? relu(out) : out;
            }
            Tensor c = Tensors.sin(Tensors.reshape(Tensors.cast(Tensors.range(out.size()), out.dtype()), out.shape().dims()));
            List<Tensor> grads = tape.gradient(Tensors.reduceSum(Tensors.mul(out, c)), List.of(x, w, b));
            return List.of(out, grads.get(0), grads.get(1), grads.get(2));
        }
    }

    @Test
    void linearReluKeepsNaNAndTurnsNegativeZeroIntoZeroAsRelu() {
        Tensor x = constant(new float[] {Float.NaN, 0, 0, 0, -1, 2}, 3, 2);
        Tensor w = constant(new float[] {1, 0, 0, 1}, 2, 2);
        Tensor b = constant(new float[] {-0f, -0f}, 2);
        float[] fused = NN.linear(x, w, b, "relu").toFloatArray();
        float[] composed = relu(add(matmul(x, w), b)).toFloatArray();
        assertEquals(composed.length, fused.length);
        for (int i = 0; i < fused.length; i++) {
            assertEquals(Float.floatToRawIntBits(composed[i]), Float.floatToRawIntBits(fused[i]), "element " + i);
        }
        assertTrue(Float.isNaN(fused[0]));
        assertEquals(0, Float.floatToRawIntBits(fused[4]), "relu(-1 + -0) is +0");
    }

    @Test
    void linearOfAnEmptyContractionIsTheBias() {
        Tensor out = NN.linear(Tensors.zeros(DType.FLOAT64, 2, 0), Tensors.zeros(DType.FLOAT64, 0, 3),
                constant(new double[] {1, -2, 3}, 3), "relu");
        assertArrayEquals(new double[] {1, 0, 3, 1, 0, 3}, out.toDoubleArray());
    }

    @Test
    void linearRejectsWhatItCannotComputeNamingTheOpAndShapes() {
        Tensor x = Tensors.ones(DType.FLOAT32, 2, 3);
        Tensor w = Tensors.ones(DType.FLOAT32, 3, 4);
        Tensor b = Tensors.ones(DType.FLOAT32, 4);
        String m = assertThrows(IllegalArgumentException.class, () -> NN.linear(x, w, Tensors.ones(DType.FLOAT32, 3))).getMessage();
        assertTrue(m.startsWith("linear: ") && m.contains("(3,)") && m.contains("(3, 4)"), m);
        m = assertThrows(IllegalArgumentException.class, () -> NN.linear(Tensors.ones(DType.FLOAT32, 2, 2), w, b)).getMessage();
        assertTrue(m.startsWith("linear: ") && m.contains("(2, 2)") && m.contains("(3, 4)"), m);
        m = assertThrows(IllegalArgumentException.class, () -> NN.linear(Tensors.ones(DType.FLOAT32, 5, 2, 3), w, b)).getMessage();
        assertTrue(m.startsWith("linear: ") && m.contains("rank"), m);
        m = assertThrows(IllegalArgumentException.class, () -> NN.linear(x, Tensors.ones(DType.FLOAT64, 3, 4), b)).getMessage();
        assertTrue(m.startsWith("linear: ") && m.contains("float64"), m);
        m = assertThrows(IllegalArgumentException.class, () -> NN.linear(Tensors.ones(DType.INT32, 2, 3),
                Tensors.ones(DType.INT32, 3, 4), Tensors.ones(DType.INT32, 4))).getMessage();
        assertTrue(m.startsWith("linear: ") && m.contains("int32"), m);
        m = assertThrows(IllegalArgumentException.class, () -> NN.linear(x, w, b, "tanh")).getMessage();
        assertTrue(m.startsWith("linear: ") && m.contains("tanh"), m);
        assertThrows(NullPointerException.class, () -> NN.linear(x, w, null));
    }

    @Test
    void denseWithReluGivesTheComposedBitsAndGradients() {
        Dense d = new Dense(6, 5, "relu");
        Tensor x = Generator.fromSeed(3).normal(4, 6);
        List<Variable> vars = d.trainableVariables();
        Tensor y;
        List<Tensor> grads;
        try (GradientTape tape = new GradientTape()) {
            y = d.call(x);
            grads = tape.gradient(Tensors.reduceSum(Tensors.square(y)), vars);
        }
        Tensor yRef;
        List<Tensor> ref;
        try (GradientTape tape = new GradientTape()) {
            yRef = relu(add(matmul(x, vars.get(0)), vars.get(1)));
            ref = tape.gradient(Tensors.reduceSum(Tensors.square(yRef)), vars);
        }
        assertArrayEquals(yRef.toFloatArray(), y.toFloatArray());
        for (int i = 0; i < vars.size(); i++) {
            assertArrayEquals(ref.get(i).toFloatArray(), grads.get(i).toFloatArray(), vars.get(i).name());
        }
    }

    @Test
    void logSoftmaxKeepsTheEdgeValuesOfItsDefinition() {
        // large logits do not overflow; -inf is a class of probability 0; +inf or NaN makes the line NaN
        assertArrayEquals(new float[] {0, -1000}, Tensors.logSoftmax(constant(new float[] {1000, 0}, 2), -1).toFloatArray());
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 0},
                Tensors.logSoftmax(constant(new double[] {Double.NEGATIVE_INFINITY, 5}, 2), -1).toDoubleArray());
        for (double bad : new double[] {Double.POSITIVE_INFINITY, Double.NaN}) {
            double[] out = Tensors.logSoftmax(constant(new double[] {bad, 1, 2}, 3), 0).toDoubleArray();
            for (double v : out) {
                assertTrue(Double.isNaN(v), bad + " gives " + java.util.Arrays.toString(out));
            }
        }
        double[] allMinusInf = Tensors.logSoftmax(constant(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, 2), 0)
                .toDoubleArray();
        assertTrue(Double.isNaN(allMinusInf[0]) && Double.isNaN(allMinusInf[1]));
        // the other lines of the same tensor are unaffected
        double[] rows = Tensors.logSoftmax(constant(new double[] {Double.NaN, 0, 0, 0}, 2, 2), 1).toDoubleArray();
        assertEquals(-Math.log(2), rows[2], 1e-15);
        assertEquals(-Math.log(2), rows[3], 1e-15);
    }

    @Test
    void logSoftmaxGradientIsTheCotangentMinusSoftmaxTimesItsSum() {
        // along axis 0 of a 3x2 tensor (a strided line), against g - softmax * sum(g) computed by hand
        double[] xs = {0.5, -1, 2, 0.25, -0.75, 3};
        Tensor x = constant(xs, 3, 2);
        double[] gs = {1, 2, 3, 4, 5, 6};
        Tensor grad;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = Tensors.logSoftmax(x, 0);
            grad = tape.gradient(Tensors.reduceSum(Tensors.mul(y, constant(gs, 3, 2))), x);
        }
        double[] expected = new double[6];
        for (int col = 0; col < 2; col++) {
            double z = 0;
            double sumG = 0;
            for (int r = 0; r < 3; r++) {
                z += Math.exp(xs[r * 2 + col]);
                sumG += gs[r * 2 + col];
            }
            for (int r = 0; r < 3; r++) {
                expected[r * 2 + col] = gs[r * 2 + col] - Math.exp(xs[r * 2 + col]) / z * sumG;
            }
        }
        assertArrayEquals(expected, grad.toDoubleArray(), 1e-14);
    }
}
