package io.gradtape.forward;

import io.gradtape.CustomGradient;
import io.gradtape.DType;
import io.gradtape.ForwardAccumulator;
import io.gradtape.GradientTape;
import io.gradtape.LogCapture;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.UnconnectedGradients;
import io.gradtape.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.*;

/** ForwardAccumulator semantics, one test per sentence of its Javadoc and of the TensorFlow reference (section 3). */
@ExtendWith(LogCapture.class) // provokes library warnings on purpose: kept out of the output
@SuppressWarnings("try") // try (... = tape.resume()) blocks are there for their scope, as Python's with
class ForwardAccumulatorTest {

    private static void assertValues(double[] expected, Tensor actual, double tol) {
        assertNotNull(actual, "tangent is null");
        assertArrayEquals(expected, actual.toDoubleArray(), tol);
    }

    // ---------------------------------------------------------------------------------------- basics

    @Test
    void jvpOfAPrimalIsItsTangent() {
        Tensor x = constant(new double[] {1, 2}, 2);
        Tensor t = constant(new double[] {0.1, -0.2}, 2);
        try (ForwardAccumulator acc = new ForwardAccumulator(x, t)) {
            assertSame(t, acc.jvp(x));
        }
    }

    @Test
    void tensorFlowDocstringLinearExample() {
        // forwardprop_test: v = [1, 2, 3], tangent [.1, -.2, .3]; jvp(v * 2) = [.2, -.4, .6]; jvp(v + .1) = tangent
        Tensor v = constant(new float[] {1, 2, 3}, 3);
        try (ForwardAccumulator acc = new ForwardAccumulator(v, constant(new float[] {.1f, -.2f, .3f}, 3))) {
            assertValues(new double[] {.2, -.4, .6}, acc.jvp(v.mul(2.0)), 1e-6);
            assertValues(new double[] {.1, -.2, .3}, acc.jvp(v.add(.1)), 1e-6);
        }
    }

    @Test
    void jvpIsComputedAtOpTimeAndReadableOutside() {
        Tensor x = constant(0.1f);
        Tensor y;
        try (ForwardAccumulator acc = new ForwardAccumulator(x, constant(0.2f))) {
            y = sin(x);
            assertEquals(Math.cos(0.1) * 0.2, acc.jvp(y).doubleValue(), 1e-6); // inside
            acc.close();
            assertEquals(Math.cos(0.1) * 0.2, acc.jvp(y).doubleValue(), 1e-6); // outside
        }
    }

    @Test
    void severalPrimalsGiveTheJointDirectionalDerivative() {
        Tensor a = constant(2.0);
        Tensor b = constant(3.0);
        Tensor y;
        ForwardAccumulator acc = new ForwardAccumulator(List.of(a, b), List.of(constant(1.0), constant(10.0)));
        try (acc) {
            y = a.mul(b); // d(ab) = b da + a db = 3 + 20
        }
        assertEquals(23.0, acc.jvp(y).doubleValue(), 1e-12);
        assertEquals(List.of(1.0, 10.0),
                acc.jvp(List.of(a, b), UnconnectedGradients.NONE).stream().map(Tensor::doubleValue).toList());
    }

    @Test
    void unwatchedInputsCountAsZeroTangentsAndBroadcast() {
        Tensor x = constant(new double[] {1, 2, 3}, 3, 1);
        Tensor c = constant(new double[] {10, 20, 30, 40}, 1, 4);
        Tensor y;
        ForwardAccumulator acc = new ForwardAccumulator(x, constant(new double[] {1, 0, -1}, 3, 1));
        try (acc) {
            y = x.add(c);
        }
        Tensor dy = acc.jvp(y);
        assertEquals(y.shape(), dy.shape());
        assertValues(new double[] {1, 1, 1, 1, 0, 0, 0, 0, -1, -1, -1, -1}, dy, 0);
    }

    @Test
    void unconnectedGivesNullOrZeros() {
        Tensor x = constant(1.0f);
        Tensor other = constant(new float[] {1, 2}, 2);
        Tensor z;
        ForwardAccumulator acc = new ForwardAccumulator(x, constant(1.0f));
        try (acc) {
            z = other.mul(other);
        }
        assertNull(acc.jvp(z));
        assertNull(acc.jvp(other, UnconnectedGradients.NONE));
        Tensor zeros = acc.jvp(z, UnconnectedGradients.ZERO);
        assertEquals(z.shape(), zeros.shape());
        assertEquals(DType.FLOAT32, zeros.dtype());
        assertValues(new double[] {0, 0}, zeros, 0);
    }

    @Test
    void opsBeforeConstructionAndAfterCloseAreNotRecorded() {
        Tensor x = constant(2.0);
        ForwardAccumulator acc = new ForwardAccumulator(x, constant(1.0));
        Tensor inside = x.mul(x);
        acc.close();
        Tensor after = x.mul(x);
        assertEquals(4.0, acc.jvp(inside).doubleValue());
        assertNull(acc.jvp(after));
    }

    @Test
    void resumeContinuesRecordingAndKeepsTangents() {
        Tensor x = constant(3.0);
        ForwardAccumulator acc = new ForwardAccumulator(x, constant(1.0));
        Tensor y;
        try (acc) {
            y = x.mul(x);
        }
        Tensor gap = y.mul(2.0);
        Tensor z;
        try (ForwardAccumulator again = acc.resume()) {
            assertSame(acc, again);
            z = y.mul(y); // z = x^4, dz = 4 x^3 = 108
        }
        assertNull(acc.jvp(gap));
        assertEquals(108.0, acc.jvp(z).doubleValue(), 1e-9);
    }

    @Test
    void resumingWhileRecordingIsAnError() {
        try (ForwardAccumulator acc = new ForwardAccumulator(constant(1f), constant(1f))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, acc::resume);
            assertEquals("Accumulator is already recording.", e.getMessage());
        }
    }

    @Test
    void closeIsIdempotent() {
        ForwardAccumulator acc = new ForwardAccumulator(constant(1f), constant(1f));
        acc.close();
        acc.close();
        assertNull(acc.jvp(constant(1f)));
    }

    // ---------------------------------------------------------------------------------------- rules

    @Test
    void nonDifferentiablePathsHaveNoTangent() {
        Tensor x = constant(new float[] {-1, 2}, 2);
        ForwardAccumulator acc = new ForwardAccumulator(x, constant(new float[] {1, 1}, 2));
        Tensor stopped;
        Tensor viaInt;
        Tensor cmp;
        Tensor sgn;
        try (acc) {
            stopped = stopGradient(x).mul(2.0);
            viaInt = cast(cast(x, DType.INT32), DType.FLOAT32);
            cmp = greater(x, zerosLike(x));
            sgn = sign(x);
        }
        assertNull(acc.jvp(stopped));
        assertNull(acc.jvp(viaInt));
        assertNull(acc.jvp(cmp));
        assertValues(new double[] {0, 0}, acc.jvp(sgn), 0); // TensorFlow: sign has a zero gradient, not None
    }

    @Test
    void whereSelectsTheTangentOfTheChosenBranch() {
        Tensor x = constant(new double[] {-1, 2, 0.5}, 3);
        Tensor y;
        ForwardAccumulator acc = new ForwardAccumulator(x, constant(new double[] {1, 1, 1}, 3));
        try (acc) {
            y = where(greater(x, constant(0.0)), x.mul(x), constant(7.0));
        }
        assertValues(new double[] {0, 4, 1}, acc.jvp(y), 1e-12);
    }

    @Test
    void variablePrimalGivesEveryReadItsTangent() {
        Variable v = new Variable(constant(new double[] {1, 2}, 2));
        Tensor y;
        Tensor y2;
        ForwardAccumulator acc = new ForwardAccumulator(v, constant(new double[] {1, -1}, 2));
        try (acc) {
            y = v.mul(v);           // two reads
            v.assign(constant(new double[] {5, 5}, 2));
            y2 = v.value().mul(3.0);
        }
        assertValues(new double[] {1, -1}, acc.jvp(v), 0);
        assertValues(new double[] {2, -4}, acc.jvp(y), 1e-12);
        assertValues(new double[] {3, -3}, acc.jvp(y2), 1e-12);
    }

    /**
     * A variable tangent is read as TensorFlow's ForwardAccumulator._watch reads it (forwardprop.py:
     * convert_to_tensor, a recorded read), so a tape around the accumulator differentiates the JVP with respect to
     * it; gradtape read it unrecorded and the gradient was null. y = x sin x, jvp = (sin x + x cos x) v, so
     * d sum(jvp) / dv = sin x + x cos x. The value is read once, at construction.
     */
    @Test
    void variableTangentIsARecordedRead() {
        Tensor x = constant(new double[] {0.5, 1.5}, 2);
        Variable v = new Variable(constant(new double[] {1, -2}, 2));
        GradientTape tape = new GradientTape(true);
        Tensor jv;
        ForwardAccumulator acc;
        try (tape) {
            tape.watch(x);
            acc = new ForwardAccumulator(x, v);
            try (acc) {
                jv = x.mul(sin(x));
            }
            jv = acc.jvp(jv);
        }
        double[] slope = {Math.sin(0.5) + 0.5 * Math.cos(0.5), Math.sin(1.5) + 1.5 * Math.cos(1.5)};
        assertValues(new double[] {slope[0], -2 * slope[1]}, jv, 1e-12);
        assertValues(slope, tape.gradient(jv, v), 1e-12);
        v.assign(constant(new double[] {5, 5}, 2));
        assertValues(new double[] {1, -2}, acc.jvp(x), 0); // the value read at construction
        // a tangent that fails the checks reads nothing: no read of v is recorded
        GradientTape t2 = new GradientTape(true);
        try (t2) {
            assertThrows(IllegalArgumentException.class,
                    () -> new ForwardAccumulator(List.of(x, constant(2.0)), List.of(v, constant(1f))));
        }
        assertFalse(t2.watchedVariables().contains(v), t2.watchedVariables().toString());
        // and a successful one does: the variable is watched, as any trainable variable read under a tape
        try (GradientTape t3 = new GradientTape(true)) {
            new ForwardAccumulator(x, v).close();
            assertTrue(t3.watchedVariables().contains(v));
        }
    }

    @Test
    void customGradientIsDifferentiatedThroughItsRule() {
        // TensorFlow's log1pexp: the naive forward gives NaN at x = 100 in float32, the rule gives 1.
        Tensor x = constant(100f);
        Tensor y;
        ForwardAccumulator acc = new ForwardAccumulator(x, constant(2f));
        try (acc) {
            y = customGradient(x, v -> {
                Tensor e = exp(v);
                return CustomGradient.of(log(e.add(1.0)),
                        dy -> dy.mul(sub(onesLike(e), div(onesLike(e), e.add(1.0)))));
            });
        }
        assertEquals(2.0f, acc.jvp(y).floatValue(), 1e-6f);
    }

    @Test
    void customGradientWithAForwardOutsideTheGraphUsesTheRule() {
        // forwardprop_test testCustomGradient: the forward value is computed off the record, the rule says cos.
        Tensor x = constant(new double[] {1, 2}, 2);
        Tensor y;
        ForwardAccumulator acc = new ForwardAccumulator(x, constant(new double[] {1, 3}, 2));
        try (acc) {
            y = customGradient(x, v -> CustomGradient.of(sin(stopGradient(v)), dy -> dy.mul(cos(v))));
        }
        assertValues(new double[] {Math.cos(1), 3 * Math.cos(2)}, acc.jvp(y), 1e-12);
    }

    @Test
    void anExceptionInACustomRuleIsNotSwallowed() {
        Tensor c = constant(1f);
        try (ForwardAccumulator acc = new ForwardAccumulator(c, constant(2f))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> customGradient(c,
                    v -> CustomGradient.of(v.mul(2.0), dy -> {
                        throw new IllegalStateException("test_error_string");
                    })));
            assertEquals("test_error_string", e.getMessage());
            // the accumulator still works afterwards
            assertEquals(4f, acc.jvp(c.mul(c)).floatValue());
        }
    }

    // ---------------------------------------------------------------------------------------- nesting

    @Test
    void nestedAccumulatorsGiveSecondOrderFromTheOuterOne() {
        // TensorFlow docstring: primal 1.1, y = primal ** 3.5
        Tensor primal = constant(1.1f);
        Tensor y;
        ForwardAccumulator outer = new ForwardAccumulator(primal, constant(1f));
        ForwardAccumulator inner = new ForwardAccumulator(primal, constant(1f));
        try (outer; inner) {
            y = primal.pow(3.5);
        }
        Tensor innerJvp = inner.jvp(y);
        assertEquals(4.4417057f, innerJvp.floatValue(), 1e-6f);          // 3.5 * 1.1^2.5
        assertEquals(4.4417057f, outer.jvp(y).floatValue(), 1e-6f);
        assertEquals(10.094786f, outer.jvp(innerJvp).floatValue(), 1e-5f); // 3.5 * 2.5 * 1.1^1.5
        assertNull(inner.jvp(outer.jvp(y)));                               // the reverse does not work
    }

    @Test
    void threeNestedAccumulatorsGiveTheThirdDerivative() {
        Tensor x = constant(1.1);
        Tensor y;
        ForwardAccumulator a1 = new ForwardAccumulator(x, constant(1.0));
        ForwardAccumulator a2 = new ForwardAccumulator(x, constant(1.0));
        ForwardAccumulator a3 = new ForwardAccumulator(x, constant(1.0));
        try (a1; a2; a3) {
            y = x.pow(3.5);
        }
        double third = a1.jvp(a2.jvp(a3.jvp(y))).doubleValue();
        assertEquals(3.5 * 2.5 * 1.5 * Math.pow(1.1, 0.5), third, 1e-12);
    }

    @Test
    void forwardOverBackwardHessianVectorProduct() {
        // TensorFlow docstring: v = [1, 2], y = sum(v^3); backward = [3, 12]; acc.jvp(backward) with [1, 0] = [6, 0]
        Tensor v = constant(new float[] {1, 2}, 2);
        Tensor backward;
        ForwardAccumulator acc = new ForwardAccumulator(v, constant(new float[] {1, 0}, 2));
        try (acc) {
            GradientTape tape = new GradientTape();
            try (tape) {
                tape.watch(v);
                Tensor y = reduceSum(v.pow(3));
                backward = tape.gradient(y, v); // a one-shot tape stops recording for its gradient call
            }
        }
        assertValues(new double[] {3, 12}, backward, 1e-6);
        assertValues(new double[] {6, 0}, acc.jvp(backward), 1e-6);
    }

    @Test
    void aTapeInsideAnAccumulatorIgnoresItsJvpComputations() {
        Tensor x = constant(0.5);
        Tensor y;
        ForwardAccumulator acc = new ForwardAccumulator(x, constant(2.0));
        GradientTape tape = new GradientTape(true);
        try (acc; tape) {
            tape.watch(x);
            y = exp(x);
        }
        Tensor dy = acc.jvp(y); // 2 exp(x), computed as mul(t, y): not on the inner tape
        assertEquals(2 * Math.exp(0.5), dy.doubleValue(), 1e-12);
        assertNull(tape.gradient(dy, x));
        assertEquals(Math.exp(0.5), tape.gradient(y, x).doubleValue(), 1e-12);
    }

    @Test
    void aTapeInsideAnAccumulatorIgnoresItsTransposedComputationsToo() {
        // a custom gradient's JVP runs the rule and a backward pass on a private tape: none of it reaches the tape
        Tensor x = constant(0.5);
        Tensor y;
        ForwardAccumulator acc = new ForwardAccumulator(x, constant(2.0));
        GradientTape tape = new GradientTape(true);
        try (acc; tape) {
            tape.watch(x);
            y = customGradient(x, v -> CustomGradient.of(sin(v), g -> g.mul(cos(v))));
        }
        Tensor dy = acc.jvp(y);
        assertEquals(2 * Math.cos(0.5), dy.doubleValue(), 1e-12);
        assertNull(tape.gradient(dy, x));
        assertEquals(Math.cos(0.5), tape.gradient(y, x).doubleValue(), 1e-12);
    }

    @Test
    void aTapeOutsideAnAccumulatorDifferentiatesTheJvp() {
        // backward-over-forward: d/dx [t * d/dx sin(x)^2] = t * 2 cos(2x)
        Tensor x = constant(0.3);
        Tensor t = constant(1.5);
        Tensor dy;
        GradientTape tape = new GradientTape();
        try (tape) {
            tape.watch(x);
            try (ForwardAccumulator acc = new ForwardAccumulator(x, t)) {
                Tensor s = sin(x);
                Tensor y = s.mul(s);
                dy = acc.jvp(y);
            }
        }
        assertEquals(1.5 * Math.sin(0.6), dy.doubleValue(), 1e-12);
        assertEquals(1.5 * 2 * Math.cos(0.6), tape.gradient(dy, x).doubleValue(), 1e-12);
    }

    @Test
    void aTapeOutsideRecordsTheTransposedFallbackToo() {
        // custom-gradient JVPs go through the transposition: a tape outside still differentiates them
        Tensor x = constant(0.7);
        Tensor dy;
        GradientTape tape = new GradientTape();
        try (tape) {
            tape.watch(x);
            try (ForwardAccumulator acc = new ForwardAccumulator(x, constant(1.0))) {
                Tensor y = customGradient(x, v -> CustomGradient.of(sin(v), g -> g.mul(cos(v))));
                dy = acc.jvp(y);
            }
        }
        assertEquals(Math.cos(0.7), dy.doubleValue(), 1e-12);
        assertEquals(-Math.sin(0.7), tape.gradient(dy, x).doubleValue(), 1e-12);
    }

    @Test
    void anOuterAccumulatorDifferentiatesAnInnerTransposition() {
        // the inner accumulator transposes the custom rule; the outer one sees that computation
        Tensor x = constant(0.7);
        Tensor y;
        ForwardAccumulator outer = new ForwardAccumulator(x, constant(1.0));
        ForwardAccumulator inner = new ForwardAccumulator(x, constant(1.0));
        try (outer; inner) {
            y = customGradient(x, v -> CustomGradient.of(sin(v), g -> g.mul(cos(v))));
        }
        assertEquals(Math.cos(0.7), inner.jvp(y).doubleValue(), 1e-12);
        assertEquals(-Math.sin(0.7), outer.jvp(inner.jvp(y)).doubleValue(), 1e-12);
    }

    @Test
    void hessianVectorProductEqualsTheHessianFromNestedTapesTimesV() {
        // f(x) = sum(tanh(W x)^2) + sum(x^3) / 3 with W 3x2, x (2, 1)
        Tensor w = constant(new double[] {0.3, -0.7, 1.1, 0.4, -0.2, 0.9}, 3, 2);
        Tensor x = constant(new double[] {0.5, -1.2}, 2, 1);
        Tensor vec = constant(new double[] {0.8, -0.3}, 2, 1);
        java.util.function.Function<Tensor, Tensor> f =
                z -> reduceSum(square(tanh(matmul(w, z)))).add(reduceSum(z.pow(3)).div(3.0));

        // Hessian by nested tapes: one row per output gradient e_i of the inner gradient
        double[][] h = new double[2][];
        GradientTape outerTape = new GradientTape(true);
        Tensor grad;
        try (outerTape) {
            outerTape.watch(x);
            GradientTape innerTape = new GradientTape();
            try (innerTape) {
                innerTape.watch(x);
                Tensor y = f.apply(x);
                grad = innerTape.gradient(y, x); // a one-shot tape stops recording for its gradient call
            }
        }
        for (int i = 0; i < 2; i++) {
            double[] e = new double[2];
            e[i] = 1;
            h[i] = outerTape.gradient(List.of(grad), List.of(x), List.of(constant(e, 2, 1)),
                    UnconnectedGradients.ZERO).get(0).toDoubleArray();
        }
        double[] hv = {h[0][0] * 0.8 - h[0][1] * 0.3, h[1][0] * 0.8 - h[1][1] * 0.3};

        // forward-over-backward
        Tensor hvp;
        ForwardAccumulator acc = new ForwardAccumulator(x, vec);
        try (acc) {
            GradientTape t = new GradientTape();
            try (t) {
                t.watch(x);
                Tensor y = f.apply(x);
                hvp = acc.jvp(t.gradient(y, x)); // a one-shot tape stops recording for its gradient call
            }
        }
        assertValues(hv, hvp, 1e-10);

        // backward-over-forward: grad_x <grad f, v> = H v as well (H symmetric)
        GradientTape t2 = new GradientTape();
        Tensor dir;
        try (t2) {
            t2.watch(x);
            try (ForwardAccumulator a2 = new ForwardAccumulator(x, vec)) {
                dir = a2.jvp(f.apply(x));
            }
        }
        assertValues(hv, t2.gradient(dir, x), 1e-10);
    }

    // ---------------------------------------------------------------------------------------- errors

    @Test
    void tangentMustMatchThePrimal() {
        Tensor x = constant(new float[] {1, 2}, 2);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> new ForwardAccumulator(x, constant(new float[] {1, 2, 3}, 3)));
        assertTrue(shape.getMessage().contains("(3,)") && shape.getMessage().contains("(2,)"), shape.getMessage());
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
                () -> new ForwardAccumulator(x, constant(new double[] {1, 2}, 2)));
        assertTrue(dtype.getMessage().contains("float64") && dtype.getMessage().contains("float32"), dtype.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ForwardAccumulator(List.of(x), List.of()));
        assertThrows(NullPointerException.class, () -> new ForwardAccumulator(x, null));
        assertThrows(NullPointerException.class, () -> new ForwardAccumulator(null, x));
    }

    @Test
    void thePrimalTwiceIsAnError() {
        Tensor x = constant(1f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ForwardAccumulator(List.of(x, x), List.of(constant(1f), constant(2f))));
        assertEquals("Tensor " + x + " was specified as a primal multiple times. This may indicate an error. "
                + "If it was intended, please sum the corresponding tangents.", e.getMessage());
    }

    @Test
    void aNonFloatingPrimalIsWatchedButNothingIsRecordedThroughIt() {
        Tensor i = constant(new int[] {1, 2}, 2);
        Tensor t = constant(new int[] {1, 1}, 2);
        Tensor y;
        ForwardAccumulator acc = new ForwardAccumulator(i, t); // logs a warning
        try (acc) {
            y = cast(i, DType.FLOAT32).mul(2.0);
        }
        assertSame(t, acc.jvp(i));
        assertNull(acc.jvp(y));
    }

    // ---------------------------------------------------------------------------------------- threads

    @Test
    void anAccumulatorRecordsOnlyItsOwnThread() throws Exception {
        Tensor x = constant(2.0);
        ForwardAccumulator acc = new ForwardAccumulator(x, constant(1.0));
        AtomicReference<Tensor> other = new AtomicReference<>();
        AtomicReference<Throwable> closeError = new AtomicReference<>();
        try (acc) {
            Thread th = new Thread(() -> {
                other.set(x.mul(x));
                try {
                    acc.close();
                } catch (Throwable e) {
                    closeError.set(e);
                }
            });
            th.start();
            th.join();
            Tensor mine = x.mul(x);
            assertEquals(4.0, acc.jvp(mine).doubleValue());
        }
        assertNull(acc.jvp(other.get()));
        assertInstanceOf(IllegalStateException.class, closeError.get());
    }

    @Test
    void threadsRecordOnTheirOwnAccumulatorsAtOnce() throws Exception {
        Tensor[] results = new Tensor[4];
        Thread[] threads = new Thread[4];
        for (int k = 0; k < 4; k++) {
            final int id = k;
            threads[k] = new Thread(() -> {
                Tensor x = constant((double) id);
                try (ForwardAccumulator acc = new ForwardAccumulator(x, constant(1.0))) {
                    Tensor y = x;
                    for (int i = 0; i < 50; i++) {
                        y = y.mul(x).div(x); // stays x, tangent 1
                    }
                    results[id] = acc.jvp(y.mul(x)); // 2x
                }
            });
            threads[k].start();
        }
        for (Thread th : threads) {
            th.join();
        }
        for (int k = 1; k < 4; k++) {
            assertEquals(2.0 * k, results[k].doubleValue(), 1e-12);
        }
    }

    @Test
    void tapesStillWorkAloneAndWatchNeedsATape() {
        // an accumulator on the stack does not make a closed tape watch (TensorFlow's CouldBackprop)
        Tensor x = constant(3.0f);
        GradientTape tape = new GradientTape(true);
        tape.close();
        try (ForwardAccumulator acc = new ForwardAccumulator(constant(1f), constant(1f))) {
            tape.watch(x);
        }
        Tensor y;
        try (GradientTape again = tape.resume()) {
            y = x.mul(x);
        }
        assertNull(tape.gradient(y, x));
        assertEquals(Tensors.constant(6f).floatValue(), gradOfSquare(3f));
    }

    private static float gradOfSquare(float v) {
        Tensor x = constant(v);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(x);
            y = x.mul(x);
        }
        return t.gradient(y, x).floatValue();
    }
}
