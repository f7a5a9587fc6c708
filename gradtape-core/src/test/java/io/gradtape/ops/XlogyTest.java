package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.ForwardAccumulator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.BinaryOperator;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.Atan2Test.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * xlogy, xlog1py, xdivy (TensorFlow's Xlogy, Xlog1py, Xdivy: tensorflow/core/kernels/cwise_ops.h xlogy_op,
 * xlog1py_op, xdivy_op return 0 where x == 0 and x * log(y), x * log1p(y), x / y elsewhere; gradients in
 * python/ops/math_grad.py: _XLogyGrad gives xlogy(x != 0, y) and xdivy(x, y), _XLog1pyGrad xlog1py(x != 0, y) and
 * xdivy(x, y + 1), _XDivyGrad xdivy(x != 0, y) and xdivy(-x, y^2)). Expected values are those formulas in NumPy
 * 1.24 (np.where(x == 0, 0, ...)); PyTorch's torch.xlogy agrees except at x = 0, y = NaN, where it gives NaN.
 */
class XlogyTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void xlogyIsZeroWhereXIsZeroWhateverY() {
        Tensor x = constant(new double[] {0, 0, 0, 0, -0.0, 2, -1.5, NAN, 1, 1, 3}, 11);
        Tensor y = constant(new double[] {0, NAN, -1, INF, 0, 3, 0.5, 2, 0, INF, 0.5}, 11);
        double[] expected = {0, 0, 0, 0, 0, 2.197224577336219, 1.0397207708399179, NAN, -INF, INF, -2.0794415416798357};
        assertClose(expected, xlogy(x, y).toDoubleArray());
        assertEquals(0.0, xlogy(constant(-0.0), constant(5.0)).doubleValue()); // +0.0, the scalar kernel's 0
        float[] f = xlogy(cast(x, DType.FLOAT32), cast(y, DType.FLOAT32)).toFloatArray();
        double[] f64 = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            f64[i] = f[i];
        }
        assertClose(expected, f64, 1e-6);
    }

    @Test
    void xlogyGradientHasTensorFlowsZeroMask() {
        Tensor x = constant(new double[] {0, 0, 0, 2, -1.5, NAN, 1}, 7);
        Tensor y = constant(new double[] {0, NAN, -1, 3, 0.5, 2, 0}, 7);
        List<Tensor> g = gradients(x, y, Tensors::xlogy);
        // xlogy(x != 0, y) and xdivy(x, y): 0 where x == 0, even at y = 0 or NaN
        assertClose(new double[] {0, 0, 0, 1.0986122886681096, -0.6931471805599453, 0.6931471805599453, -INF},
                g.get(0).toDoubleArray());
        assertClose(new double[] {0, 0, 0, 0.6666666666666666, -3, NAN, INF}, g.get(1).toDoubleArray());
    }

    @Test
    void xlog1pyValuesAndGradient() {
        Tensor x = constant(new double[] {0, 0, 3, 2, 1}, 5), y = constant(new double[] {-1, -2, 1e-10, 1, -1}, 5);
        assertClose(new double[] {0, 0, 2.99999999985e-10, 1.3862943611198906, -INF}, xlog1py(x, y).toDoubleArray());
        List<Tensor> g = gradients(x, y, Tensors::xlog1py);
        assertClose(new double[] {0, 0, 9.999999999500001e-11, 0.6931471805599453, -INF}, g.get(0).toDoubleArray());
        assertClose(new double[] {0, 0, 2.9999999997, 1, INF}, g.get(1).toDoubleArray());
    }

    @Test
    void xdivyValuesAndGradient() {
        Tensor x = constant(new double[] {0, 0, 3, 1, -1}, 5), y = constant(new double[] {0, NAN, 2, 0, 0}, 5);
        assertClose(new double[] {0, 0, 1.5, INF, -INF}, xdivy(x, y).toDoubleArray());
        List<Tensor> g = gradients(x, y, Tensors::xdivy);
        assertClose(new double[] {0, 0, 0.5, INF, INF}, g.get(0).toDoubleArray());
        assertClose(new double[] {0, 0, -0.75, -INF, INF}, g.get(1).toDoubleArray());
    }

    @Test
    void broadcastingReducesTheGradientAndSecondOrderKeepsTheMask() {
        Tensor x = constant(new double[] {0, 2}, 2, 1), y = constant(new double[] {0.5, 4, 0}, 3);
        // rows: x = 0 gives zeros; x = 2 gives 2 log y
        assertClose(new double[] {0, 0, 0, -1.3862943611198906, 2.772588722239781, -INF}, xlogy(x, y).toDoubleArray());
        GradientTape outer = new GradientTape();
        outer.watch(y);
        GradientTape tape = new GradientTape();
        tape.watch(x);
        tape.watch(y);
        List<Tensor> g = tape.gradient(reduceSum(xlogy(x, y)), List.of(x, y));
        // dx = sum over y of [x != 0] log y: 0 and log 0.5 + log 4 + log 0; dy = sum over x of x / y: 2 / y
        assertClose(new double[] {0, -INF}, g.get(0).toDoubleArray());
        assertArrayEquals(new int[] {2, 1}, g.get(0).shape().dims());
        assertClose(new double[] {4, 0.5, INF}, g.get(1).toDoubleArray());
        // d/dy of sum(dx) = sum over x of [x != 0] / y: 1 / y (the x = 0 row adds 0, not NaN, at y = 0)
        assertClose(new double[] {2, 0.25, INF}, outer.gradient(reduceSum(g.get(0)), y).toDoubleArray());
    }

    @Test
    void forwardModeMatchesTheGradient() {
        Tensor x = constant(new double[] {0, 2, 3}, 3), y = constant(new double[] {0, 4, 0.5}, 3);
        try (ForwardAccumulator acc = new ForwardAccumulator(List.of(x, y), List.of(onesLike(x), onesLike(y)))) {
            // [x != 0] (log y + x / y): 0, log 4 + 0.5, log 0.5 + 6
            assertClose(new double[] {0, 1.8862943611198906, 5.306852819440055}, acc.jvp(xlogy(x, y)).toDoubleArray());
        }
    }

    @Test
    void mistakesNameTheOpAndRecordNothing() {
        Tensor w = constant(2.0);
        GradientTape tape = new GradientTape();
        tape.watch(w);
        Tensor kept = mul(w, w);
        String before = tape.toDot();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> xlogy(w, constant(new float[] {1}, 1)));
        assertTrue(e.getMessage().startsWith("xlogy: dtypes differ, float64 () and float32 (1,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> xdivy(constant(new int[] {1}, 1), constant(new int[] {1}, 1)));
        assertTrue(e.getMessage().startsWith("xdivy: expected a floating dtype"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> xlog1py(constant(new double[] {1, 2}, 2), constant(new double[] {1, 2, 3}, 3)));
        assertTrue(e.getMessage().startsWith("xlog1py: shapes (2,) and (3,)"), e.getMessage());
        assertEquals(before, tape.toDot()); // the checks run before any op
        tape.close();
        assertThrows(NullPointerException.class, () -> xlogy(null, w));
        assertThrows(NullPointerException.class, () -> xdivy(w, null));
        assertEquals(4.0, tape.gradient(kept, w).doubleValue());
    }

    /** The gradients of sum(f(x, y)) for x and y. */
    private static List<Tensor> gradients(Tensor x, Tensor y, BinaryOperator<Tensor> f) {
        GradientTape tape = new GradientTape();
        tape.watch(x);
        tape.watch(y);
        return tape.gradient(reduceSum(f.apply(x, y)), List.of(x, y));
    }
}
