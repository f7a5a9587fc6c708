package io.gradtape.ops;

import io.gradtape.CustomGradient;
import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.UnconnectedGradients;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gradtape.Tensors.add;
import static io.gradtape.Tensors.constant;
import static io.gradtape.Tensors.cos;
import static io.gradtape.Tensors.customGradient;
import static io.gradtape.Tensors.mul;
import static io.gradtape.Tensors.onesLike;
import static io.gradtape.Tensors.sin;
import static io.gradtape.Tensors.stopGradient;
import static io.gradtape.ops.OpCase.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every check of the op-table driver must fail on a wrong op: a wrong reference, a wrong first derivative (in each
 * of its three regimes: full Jacobian, weighted sum, random directions), a wrong second derivative, a JVP that
 * disagrees with finite differences or with reverse mode, a wrong second-order JVP, and a batched sweep that mixes
 * up its rows. The wrong ops are built with {@code customGradient}, so no library code is changed; forward mode
 * differentiates a custom op by transposing its rule, so a wrong rule is a wrong JVP too.
 */
class HarnessSelfTest {
    /** sin with a first derivative 0.1% too large. */
    private static Tensor sinWrongFirst(Tensor x) {
        return customGradient(x, v -> CustomGradient.of(sin(v), dy -> mul(dy, mul(cos(v), constant(1.001, v.dtype())))));
    }

    /** sin with the right first derivative whose own derivative is cut (second derivative 0). */
    private static Tensor sinWrongSecond(Tensor x) {
        return customGradient(x, v -> CustomGradient.of(sin(v), dy -> mul(dy, stopGradient(cos(v)))));
    }

    /** sin with the right rule, written through customGradient. */
    private static Tensor sinRight(Tensor x) {
        return customGradient(x, v -> CustomGradient.of(sin(v), dy -> mul(dy, cos(v))));
    }

    /** sin with a rule that is not linear in the cotangent: a VJP no linear map has, so forward mode disagrees. */
    private static Tensor sinNonlinearRule(Tensor x) {
        return customGradient(x, v -> CustomGradient.of(sin(v),
                dy -> mul(mul(dy, cos(v)), add(onesLike(dy), mul(dy, constant(0.01, v.dtype()))))));
    }

    @Test
    void passesACorrectCustomOp() {
        List<OpCase> cases = OpCase.unary("sinRight", HarnessSelfTest::sinRight, Math::sin).shapes(s(3, 4)).shapes(s(300)).build();
        for (OpCase c : cases) {
            OpTableTest.forward(c, DType.FLOAT32);
            OpTableTest.forward(c, DType.FLOAT64);
            OpTableTest.gradient(c);
            OpTableTest.gradientDTypes(c);
            OpTableTest.secondOrder(c);
            for (OpTableTest.Jvp mode : OpTableTest.Jvp.values()) {
                OpTableTest.jvp(c, mode);
                OpTableTest.jvpVersusVjp(c, mode);
                OpTableTest.jvpSecondOrder(c, mode);
            }
            OpTableTest.batchedCotangents(c);
        }
        assertEquals(2, cases.size());
    }

    @Test
    void failsAWrongReference() {
        for (OpCase c : OpCase.unary("sinVsCos", Tensors::sin, Math::cos).shapes(s(3, 4)).build()) {
            assertThrows(AssertionError.class, () -> OpTableTest.forward(c, DType.FLOAT32));
            assertThrows(AssertionError.class, () -> OpTableTest.forward(c, DType.FLOAT64));
        }
    }

    @Test
    void failsAWrongFirstDerivativeInEveryRegime() {
        // (3, 4): full Jacobian; (50,): weighted sum element by element; (300,): random directions
        for (OpCase c : OpCase.unary("sinWrongFirst", HarnessSelfTest::sinWrongFirst, Math::sin)
                .shapes(s(3, 4)).shapes(s(50)).shapes(s(300)).build()) {
            assertThrows(AssertionError.class, () -> OpTableTest.gradient(c), c.name());
        }
    }

    @Test
    void failsAWrongSecondDerivative() {
        // (3, 4): element by element; (100,): random directions
        for (OpCase c : OpCase.unary("sinWrongSecond", HarnessSelfTest::sinWrongSecond, Math::sin)
                .shapes(s(3, 4)).shapes(s(100)).build()) {
            OpTableTest.gradient(c);
            assertThrows(AssertionError.class, () -> OpTableTest.secondOrder(c), c.name());
        }
    }

    @Test
    void failsAWrongJvpInEveryMode() {
        for (OpCase c : OpCase.unary("sinWrongFirst", HarnessSelfTest::sinWrongFirst, Math::sin).shapes(s(3, 4)).build()) {
            for (OpTableTest.Jvp mode : OpTableTest.Jvp.values()) {
                assertThrows(AssertionError.class, () -> OpTableTest.jvp(c, mode), c.name() + " " + mode);
            }
        }
    }

    @Test
    void failsAJvpThatDisagreesWithReverseMode() {
        for (OpCase c : OpCase.unary("sinNonlinearRule", HarnessSelfTest::sinNonlinearRule, Math::sin).shapes(s(3, 4)).build()) {
            for (OpTableTest.Jvp mode : OpTableTest.Jvp.values()) {
                assertThrows(AssertionError.class, () -> OpTableTest.jvpVersusVjp(c, mode), c.name() + " " + mode);
            }
        }
    }

    @Test
    void failsAWrongSecondOrderJvp() {
        for (OpCase c : OpCase.unary("sinWrongSecond", HarnessSelfTest::sinWrongSecond, Math::sin).shapes(s(3, 4)).build()) {
            for (OpTableTest.Jvp mode : OpTableTest.Jvp.values()) {
                OpTableTest.jvp(c, mode);
                assertThrows(AssertionError.class, () -> OpTableTest.jvpSecondOrder(c, mode), c.name() + " " + mode);
            }
        }
    }

    @Test
    void failsABatchedSweepThatMixesUpItsRows() {
        // Custom rules never see a batch of cotangents (the sweep calls them once per row), so the wrong batched
        // rule is simulated where its effect shows: a Jacobian sweep whose first two rows come out swapped.
        OpTableTest.JacobianSweep swapsRows = (tape, y, sources) -> {
            List<Tensor> js = new java.util.ArrayList<>(tape.jacobian(y, sources, UnconnectedGradients.ZERO));
            Tensor j = js.get(0);
            int rows = y.size();
            Tensor flat = Tensors.reshape(j, rows, -1);
            Tensor swapped = Tensors.concat(List.of(Tensors.slice(flat, new int[] {1, 0}, new int[] {1, -1}),
                    Tensors.slice(flat, new int[] {0, 0}, new int[] {1, -1}),
                    Tensors.slice(flat, new int[] {2, 0}, new int[] {rows - 2, -1})), 0);
            js.set(0, Tensors.reshape(swapped, j.shape().dims()));
            return js;
        };
        for (OpCase c : OpCase.unary("sinRight", HarnessSelfTest::sinRight, Math::sin).shapes(s(3, 4)).shapes(s(80)).build()) {
            OpTableTest.batchedCotangents(c);
            assertThrows(AssertionError.class, () -> OpTableTest.batchedCotangents(c, swapsRows), c.name());
        }
    }

    @Test
    void expectsNullGradientFromANonDifferentiableCase() {
        // sin declared without gradient: the driver must notice that it has one
        for (OpCase c : OpCase.unary("sinDeclaredNoGradient", Tensors::sin, Math::sin).noGradient().shapes(s(3)).build()) {
            assertThrows(AssertionError.class, () -> OpTableTest.gradient(c));
            for (OpTableTest.Jvp mode : OpTableTest.Jvp.values()) {
                assertThrows(AssertionError.class, () -> OpTableTest.jvp(c, mode), "a tangent where none is declared");
            }
        }
    }

    @Test
    void everyBroadcastPairIsCompatibleAndAllAreListed() {
        // the six shapes are pairwise compatible, so all 36 ordered pairs are used
        assertEquals(36, OpCase.broadcastPairs().size());
    }
}
