package io.gradtape.tape;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * relu's gradient rule has two paths: with nothing recording it runs one fused kernel, while a recording tape
 * (here an outer persistent one, as for a second derivative) makes it run the ops {@code where(y > 0, g, 0)}
 * so that they are recorded. Both must give the same bits as those ops computed directly, for float32 and
 * float64, with NaN, zeros of both signs and infinities among the inputs and the incoming gradient, at sizes
 * with and without a vector tail.
 */
class ReluGradientTest {
    private static final double[] EDGE = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-40, -1e-40};

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 7, 16, 33, 1000})
    void fusedAndRecordedPathsGiveTheBitsOfWhere(int n) {
        SplittableRandom r = new SplittableRandom(n);
        double[] x = new double[n], w = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(4) == 0 ? EDGE[r.nextInt(EDGE.length)] : r.nextDouble(-3, 3);
            w[i] = r.nextInt(6) == 0 ? EDGE[r.nextInt(EDGE.length)] : r.nextDouble(-3, 3);
        }
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor xt = Tensors.cast(Tensors.constant(x, n), dt);
            Tensor wt = Tensors.cast(Tensors.constant(w, n), dt);
            // d sum(relu(x) * w) / dx = where(relu(x) > 0, w, 0)
            Tensor y = Tensors.relu(xt);
            Tensor want = Tensors.where(Tensors.greater(y, Tensors.zeros(dt)), wt, Tensors.zeros(dt));
            Tensor fused = gradient(xt, wt);
            Tensor recorded;
            try (GradientTape outer = new GradientTape(true)) {
                outer.watch(xt);
                recorded = gradient(xt, wt);
            }
            String what = dt + " n=" + n;
            assertEquals(want.shape(), fused.shape(), what);
            assertEquals(dt, fused.dtype(), what);
            assertArrayEquals(bits(want), bits(fused), "fused " + what);
            assertArrayEquals(bits(want), bits(recorded), "recorded " + what);
        }
    }

    private static Tensor gradient(Tensor x, Tensor w) {
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(x);
            loss = Tensors.reduceSum(Tensors.mul(Tensors.relu(x), w));
        }
        return tape.gradient(loss, x);
    }

    private static long[] bits(Tensor t) {
        double[] d = t.toDoubleArray();
        long[] b = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            b[i] = Double.doubleToRawLongBits(d[i]);
        }
        return b;
    }
}
