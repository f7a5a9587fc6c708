package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.nn.Activations;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.Atan2Test.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NN.logSigmoid, softsign, relu6 and hardSigmoid, and their Keras names in Activations (TensorFlow: math_ops.py
 * log_sigmoid is -softplus(-x); nn softsign with SoftsignGrad g / (1 + |x|)^2; relu_op_functor.h Relu6 and
 * Relu6Grad, g where 0 < x < 6; Keras 3 keras/src/backend/tensorflow/nn.py hard_sigmoid is relu6(x + 3) / 6).
 * Expected values from PyTorch 1.13 (F.logsigmoid, F.softsign, F.relu6, F.hardsigmoid and their backward in
 * float64) except where noted: softsign's gradient is the exact 1 / (1 + |x|)^2, which PyTorch's differentiated
 * quotient misses in the last digits for large |x|.
 */
class KerasActivationsTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double[] X = {-1000, -20, -1, -0.0, 0, 1, 20, 1000, INF, -INF, NAN};
    private static final double[] GX = {-1000, -20, -3, -1, 0, 1, 3, 6, 20, 1000, 1e4};

    @Test
    void logSigmoidIsStableAtAnyMagnitude() {
        assertClose(new double[] {-1000, -20.000000002061153, -1.3132616875182228, -0.6931471805599453,
                -0.6931471805599453, -0.31326168751822286, -2.061153620314381e-09, 0, 0, -INF, NAN},
                NN.logSigmoid(constant(X, X.length)).toDoubleArray());
        // gradient sigmoid(-x)
        assertClose(new double[] {1, 0.9999999979388464, 0.9525741268224333, 0.7310585786300049, 0.5, 0.2689414213699951,
                0.04742587317756679, 0.0024726231566347748, 2.0611536181902033e-09, 0, 0}, grad(NN::logSigmoid, GX));
        // float32 far out: no -inf where log(sigmoid(x)) would underflow
        assertEquals(-200f, NN.logSigmoid(constant(-200f)).floatValue());
        // second derivative -sigmoid(x) sigmoid(-x): -0.25 at 0
        assertEquals(-0.25, secondDerivative(NN::logSigmoid, 0), 1e-15);
    }

    @Test
    void softsignHasTheExactGradientAndTheLimitAtInfinity() {
        // x / (1 + |x|); at +-inf the limit +-1 (TensorFlow's and PyTorch's kernels give NaN there: inf / inf)
        assertClose(new double[] {-0.999000999000999, -0.9523809523809523, -0.5, -0.0, 0.0, 0.5, 0.9523809523809523,
                0.999000999000999, 1, -1, NAN}, NN.softsign(constant(X, X.length)).toDoubleArray());
        assertArrayEquals(new double[] {-0.0, 0.0}, NN.softsign(constant(new double[] {-0.0, 0.0}, 2)).toDoubleArray());
        // 1 / (1 + |x|)^2, exact (Python fractions)
        assertClose(new double[] {9.98002996004994e-07, 0.0022675736961451248, 0.0625, 0.25, 1.0, 0.25, 0.0625,
                0.02040816326530612, 0.0022675736961451248, 9.98002996004994e-07, 9.998000299960006e-09}, grad(NN::softsign, GX));
        // float32 keeps its digits far out (PyTorch's float32 gradient at -3e4 is 1.1095835e-9, 0.13% low)
        Tensor x32 = constant(new float[] {1e4f, -3e4f, 0.5f}, 3);
        GradientTape tape = new GradientTape();
        tape.watch(x32);
        float[] g = tape.gradient(reduceSum(NN.softsign(x32)), x32).toFloatArray();
        double[] exact = {9.998000299960006e-09, 1.1110370407405762e-09, 0.4444444444444444};
        for (int i = 0; i < 3; i++) {
            assertEquals(exact[i], g[i], 1e-6 * exact[i], "at " + i);
        }
        // second derivative -2 sign(x) / (1 + |x|)^3, across the switch of formulas at |x| = 1
        assertEquals(-2.0 / 27, secondDerivative(NN::softsign, 2), 1e-15);
        assertEquals(2 / 3.375, secondDerivative(NN::softsign, -0.5), 1e-15);
        assertEquals(-0.25, secondDerivative(NN::softsign, 1), 1e-15);
    }

    @Test
    void softsignValuesStayWithinTwoUlpsOfTheQuotient() {
        // the |x| >= 1 formula rounds differently from TensorFlow's x / (|x| + 1): measured on a grid of [-50, 50]
        float[] x = new float[20001];
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = -50 + i * 0.005;
            x[i] = (float) xd[i];
        }
        float[] y = NN.softsign(constant(x, x.length)).toFloatArray();
        double[] yd = NN.softsign(constant(xd, xd.length)).toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            float q = x[i] / (1 + Math.abs(x[i]));
            assertTrue(Math.abs(y[i] - q) <= 2 * Math.ulp(q), "float32 at " + x[i] + ": " + y[i] + " vs " + q);
            double qd = xd[i] / (1 + Math.abs(xd[i]));
            assertTrue(Math.abs(yd[i] - qd) <= Math.ulp(qd), "float64 at " + xd[i] + ": " + yd[i] + " vs " + qd);
        }
    }

    @Test
    void relu6AndHardSigmoidPassNoGradientAtTheirCorners() {
        assertClose(new double[] {0, 0, 0, 0, 0, 1, 6, 6, 6, 0, NAN}, NN.relu6(constant(X, X.length)).toDoubleArray());
        // Relu6Grad: g where 0 < x < 6, so 0 at 0 and at 6
        assertClose(new double[] {0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0}, grad(NN::relu6, GX));
        assertArrayEquals(new int[] {0, 3, 6}, NN.relu6(constant(new int[] {-1, 3, 9}, 3)).toIntArray());
        assertClose(new double[] {0, 0, 0.3333333333333333, 0.5, 0.5, 0.6666666666666666, 1, 1, 1, 0, NAN},
                NN.hardSigmoid(constant(X, X.length)).toDoubleArray());
        // 1/6 strictly between -3 and 3, 0 at the corners (relu6's rule after the shift)
        double s = 1.0 / 6;
        assertClose(new double[] {0, 0, 0, s, s, s, 0, 0, 0, 0, 0}, grad(NN::hardSigmoid, GX));
        assertEquals(DType.FLOAT32, NN.hardSigmoid(constant(1f)).dtype());
        assertEquals(0.6666667f, NN.hardSigmoid(constant(1f)).floatValue()); // np.float32(2) / np.float32(3)
    }

    @Test
    void kerasNamesReachTheNewActivations() {
        Tensor x = constant(new double[] {-4, -0.5, 0.5, 7}, 4);
        for (String name : new String[] {"softsign", "log_sigmoid", "relu6", "hard_sigmoid", "HARD_SIGMOID"}) {
            UnaryOperator<Tensor> f = switch (name.toLowerCase()) {
                case "softsign" -> NN::softsign;
                case "log_sigmoid" -> NN::logSigmoid;
                case "relu6" -> NN::relu6;
                default -> NN::hardSigmoid;
            };
            assertArrayEquals(f.apply(x).toDoubleArray(), Activations.get(name).apply(x).toDoubleArray(), name);
        }
    }

    @Test
    void mistakesNameTheOp() {
        Tensor i = constant(new int[] {1}, 1);
        java.util.Map<String, UnaryOperator<Tensor>> ops = java.util.Map.of("softsign", NN::softsign,
                "logSigmoid", NN::logSigmoid, "hardSigmoid", NN::hardSigmoid);
        for (String op : ops.keySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ops.get(op).apply(i));
            assertTrue(e.getMessage().startsWith(op + ": expected a floating dtype (float32 or float64), got int32"),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NN.relu6(constant(new boolean[] {true}, 1)));
        assertTrue(e.getMessage().startsWith("relu6: expected a numeric dtype, got bool"), e.getMessage());
        assertThrows(NullPointerException.class, () -> NN.softsign(null));
        assertThrows(NullPointerException.class, () -> NN.relu6(null));
    }

    private static double[] grad(UnaryOperator<Tensor> f, double[] x) {
        Tensor t = constant(x, x.length);
        GradientTape tape = new GradientTape();
        tape.watch(t);
        return tape.gradient(reduceSum(f.apply(t)), t).toDoubleArray();
    }

    private static double secondDerivative(UnaryOperator<Tensor> f, double at) {
        Tensor x = constant(at);
        GradientTape outer = new GradientTape();
        outer.watch(x);
        GradientTape inner = new GradientTape();
        inner.watch(x);
        Tensor d = inner.gradient(f.apply(x), x);
        return outer.gradient(d, x).doubleValue();
    }
}
