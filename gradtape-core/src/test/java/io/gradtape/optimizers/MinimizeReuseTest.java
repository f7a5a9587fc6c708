package io.gradtape.optimizers;

import io.gradtape.CustomGradient;
import io.gradtape.DType;
import io.gradtape.ForwardAccumulator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.TestTensors;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.RecycledArrays;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Optimizer#minimize} gives its gradients' arrays, once applied, to the next allocations of the same length
 * ({@link RecycledArrays}): the same numbers as {@code applyGradients(tape.gradient(...))}, and never an array that
 * something can still read. Weights here have 128 x 128 = {@link RecycledArrays#MIN_LENGTH} elements or more, the
 * smallest that are recycled.
 */
class MinimizeReuseTest {
    private static final int N = 128;

    /** A two-layer network, its loss on a fixed batch, built twice from one seed. */
    private static final class Net {
        final Variable w1;
        final Variable b1;
        final Variable w2;
        final Tensor x;
        final List<Variable> vars;

        Net(DType dtype, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            w1 = new Variable(random(r, dtype, N, N));
            b1 = new Variable(random(r, dtype, N));
            w2 = new Variable(random(r, dtype, N, 200));
            x = random(r, dtype, 64, N);
            vars = List.of(w1, b1, w2);
        }

        Tensor loss() {
            Tensor h = Tensors.relu(Tensors.add(Tensors.matmul(x, w1), b1));
            Tensor y = Tensors.matmul(h, w2);
            return Tensors.reduceMean(Tensors.mul(y, y));
        }
    }

    private static Tensor random(SplittableRandom r, DType dtype, int... shape) {
        return TestTensors.uniform(r, dtype, 0.1, shape);
    }

    @Test
    void minimizeTakesTheStepsOfApplyGradientsBitForBitAndReusesTheGradientArrays() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Net a = new Net(dtype, 7);
            Net b = new Net(dtype, 7);
            Optimizer oa = new Adam(0.01);
            Optimizer ob = new Adam(0.01);
            long reused = RecycledArrays.reusedOnThisThread();
            long donated = RecycledArrays.donatedOnThisThread();
            for (int step = 0; step < 5; step++) {
                Tensor la = oa.minimize(a::loss, a.vars);
                GradientTape tape = new GradientTape();
                Tensor lb;
                try (tape) {
                    lb = b.loss();
                }
                ob.applyGradients(tape.gradient(lb, b.vars), b.vars);
                assertEquals(lb.doubleValue(), la.doubleValue(), 0.0, dtype + " step " + step);
                TestTensors.assertSameValues(a.w1, b.w1, dtype + " w1, step " + step);
                TestTensors.assertSameValues(a.b1, b.b1, dtype + " b1, step " + step);
                TestTensors.assertSameValues(a.w2, b.w2, dtype + " w2, step " + step);
            }
            // w1's and w2's gradients (b1's has 128 elements) are donated each step; each later step's two
            // weight-gradient products, and nothing else of that length, take them back
            assertEquals(10, RecycledArrays.donatedOnThisThread() - donated, dtype.toString());
            assertTrue(RecycledArrays.reusedOnThisThread() - reused >= 8,
                    dtype + ": reused " + (RecycledArrays.reusedOnThisThread() - reused));
        }
    }

    @Test
    void aRecycledArrayIsZeroedAndGivenToOneTensorOnly() {
        // loss = sum(w + v): both gradients are the one broadcast of the seed, donated once
        Variable w = new Variable(Tensors.ones(DType.FLOAT32, N, N));
        Variable v = new Variable(Tensors.ones(DType.FLOAT32, N, N));
        Optimizer opt = new SGD(0.5);
        long donated = RecycledArrays.donatedOnThisThread();
        opt.minimize(() -> Tensors.reduceSum(Tensors.add(w, v)), List.of(w, v));
        assertEquals(1, RecycledArrays.donatedOnThisThread() - donated);
        long reused = RecycledArrays.reusedOnThisThread();
        Tensor ones = Tensors.ones(DType.FLOAT32, N, N);
        Tensor zeros = Tensors.zeros(DType.FLOAT32, N, N);
        assertEquals(1, RecycledArrays.reusedOnThisThread() - reused);
        assertNotSame(TensorAccess.data(ones), TensorAccess.data(zeros));
        float[] expectOnes = new float[N * N];
        Arrays.fill(expectOnes, 1f);
        assertArrayEquals(expectOnes, ones.toFloatArray());
        assertArrayEquals(new float[N * N], zeros.toFloatArray());
        float[] half = new float[N * N];
        Arrays.fill(half, 0.5f);
        assertArrayEquals(half, w.toFloatArray());
        assertArrayEquals(half, v.toFloatArray());
    }

    @Test
    void whatTheLossFunctionKeepsNeverChanges() {
        Net net = new Net(DType.FLOAT32, 3);
        Optimizer opt = new SGD(0.1);
        List<Tensor> kept = new ArrayList<>();
        List<float[]> copies = new ArrayList<>();
        for (int step = 0; step < 6; step++) {
            Tensor loss = opt.minimize(() -> {
                Tensor h = Tensors.relu(Tensors.add(Tensors.matmul(net.x, net.w1), net.b1));
                kept.add(h);
                copies.add(h.toFloatArray());
                Tensor y = Tensors.matmul(h, net.w2);
                return Tensors.reduceMean(Tensors.mul(y, y));
            }, net.vars);
            kept.add(loss);
            copies.add(loss.toFloatArray());
        }
        for (int i = 0; i < kept.size(); i++) {
            assertArrayEquals(copies.get(i), kept.get(i).toFloatArray(), "kept tensor " + i);
        }
    }

    @Test
    void aCustomGradientsRuleSpoilsTheWindow() {
        // the rule keeps the gradient it returns, which becomes w's gradient: that array must never be reused
        // (a matrix product's output, an array that the window records)
        Variable w = new Variable(Tensors.ones(DType.FLOAT32, N, N));
        Tensor threeI = Tensors.eye(N, DType.FLOAT32).mul(3);
        Optimizer opt = new SGD(0.1);
        List<Tensor> stash = new ArrayList<>();
        List<float[]> copies = new ArrayList<>();
        Supplier<Tensor> loss = () -> Tensors.reduceSum(Tensors.customGradient(w, v -> CustomGradient.of(
                v.mul(1f), dy -> {
                    Tensor g = Tensors.matmul(dy, threeI);
                    stash.add(g);
                    copies.add(g.toFloatArray());
                    return g;
                })));
        long donated = RecycledArrays.donatedOnThisThread();
        for (int step = 0; step < 3; step++) {
            opt.minimize(loss, List.of(w));
            Tensors.ones(DType.FLOAT32, N, N); // would take a donated array
            Tensors.zeros(DType.FLOAT32, N, N);
        }
        for (int i = 0; i < stash.size(); i++) {
            assertArrayEquals(copies.get(i), stash.get(i).toFloatArray(), "stashed gradient " + i);
        }
        assertEquals(0, RecycledArrays.donatedOnThisThread() - donated);
    }

    @Test
    void anOuterTapeOrAccumulatorKeepsEveryArray() {
        Net net = new Net(DType.FLOAT32, 5);
        Optimizer opt = new SGD(0.1);
        long donated = RecycledArrays.donatedOnThisThread();
        GradientTape outer = new GradientTape(true);
        try (outer) {
            opt.minimize(net::loss, net.vars);
            opt.minimize(net::loss, net.vars);
        }
        Tensor t = Tensors.ones(DType.FLOAT32, N, N);
        try (ForwardAccumulator acc = new ForwardAccumulator(net.w1, t)) {
            opt.minimize(net::loss, net.vars);
            opt.minimize(net::loss, net.vars);
        }
        assertEquals(0, RecycledArrays.donatedOnThisThread() - donated);
        opt.minimize(net::loss, net.vars);
        assertEquals(2, RecycledArrays.donatedOnThisThread() - donated);
    }

    /** The window's rule itself; {@code inside} stays reachable here only so that the test can see its array. */
    @Test
    void onlyArraysMadeInTheWindowAreDonated() {
        Tensor before = Tensors.ones(DType.FLOAT32, N, N);
        long donated = RecycledArrays.donatedOnThisThread();
        RecycledArrays.open();
        Tensor inside = Tensors.ones(DType.FLOAT32, N, N);
        Tensor small = Tensors.ones(DType.FLOAT32, N);
        RecycledArrays.close();
        RecycledArrays.donateAllBut(new Tensor[] {before, null});
        assertEquals(1, RecycledArrays.donatedOnThisThread() - donated);
        long reused = RecycledArrays.reusedOnThisThread();
        Tensor next = Tensors.zeros(DType.FLOAT32, N, N);
        assertEquals(1, RecycledArrays.reusedOnThisThread() - reused);
        assertTrue(TensorAccess.data(next) == TensorAccess.data(inside));
        Tensor another = Tensors.zeros(DType.FLOAT32, N, N);
        assertNotSame(TensorAccess.data(before), TensorAccess.data(another));
        assertEquals(1, RecycledArrays.reusedOnThisThread() - reused);
    }

    @Test
    void minimizeInsideACustomGradientOrAScheduleDonatesNothingItShouldNot() {
        // a custom gradient's rule that itself calls minimize, and keeps what it returns: both windows are spoiled
        Net inner = new Net(DType.FLOAT32, 11);
        Optimizer innerOpt = new SGD(0.1);
        Variable w = new Variable(Tensors.ones(DType.FLOAT32, N, N));
        Tensor threeI = Tensors.eye(N, DType.FLOAT32).mul(3);
        List<Tensor> stash = new ArrayList<>();
        List<float[]> copies = new ArrayList<>();
        Supplier<Tensor> loss = () -> Tensors.reduceSum(Tensors.customGradient(w, v -> CustomGradient.of(
                v.mul(1f), dy -> {
                    innerOpt.minimize(inner::loss, inner.vars);
                    Tensor g = Tensors.matmul(dy, threeI);
                    stash.add(g);
                    copies.add(g.toFloatArray());
                    return g;
                })));
        Optimizer opt = new SGD(0.1);
        long donated = RecycledArrays.donatedOnThisThread();
        for (int step = 0; step < 3; step++) {
            opt.minimize(loss, List.of(w));
            Tensors.ones(DType.FLOAT32, N, N);
            Tensors.zeros(DType.FLOAT32, N, N);
        }
        for (int i = 0; i < stash.size(); i++) {
            assertArrayEquals(copies.get(i), stash.get(i).toFloatArray(), "stashed gradient " + i);
        }
        assertEquals(0, RecycledArrays.donatedOnThisThread() - donated);

        // a learning-rate schedule that calls minimize between the outer step's gradient and its donation: the
        // inner steps donate their own gradients, the outer one's window is forgotten, and the outer step still
        // takes the same values as applyGradients
        Net a = new Net(DType.FLOAT32, 13);
        Net b = new Net(DType.FLOAT32, 13);
        Net side = new Net(DType.FLOAT32, 17);
        Optimizer sideOpt = new SGD(0.05);
        LearningRateSchedule busy = step -> {
            sideOpt.minimize(side::loss, side.vars);
            return 0.1;
        };
        Optimizer oa = SGD.builder().learningRate(busy).build();
        Optimizer ob = new SGD(0.1);
        for (int step = 0; step < 3; step++) {
            oa.minimize(a::loss, a.vars);
            GradientTape tape = new GradientTape();
            Tensor lb;
            try (tape) {
                lb = b.loss();
            }
            ob.applyGradients(tape.gradient(lb, b.vars), b.vars);
            TestTensors.assertSameValues(a.w1, b.w1, "w1, step " + step);
            TestTensors.assertSameValues(a.w2, b.w2, "w2, step " + step);
        }
    }

    @Test
    void closingAWindowThatIsNotOpenIsAnError() {
        assertThrows(IllegalStateException.class, RecycledArrays::close);
    }
}
