package io.gradtape.ops;

import io.gradtape.CustomGradient;
import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gradtape.Tensors.constant;
import static io.gradtape.Tensors.cos;
import static io.gradtape.Tensors.customGradient;
import static io.gradtape.Tensors.mul;
import static io.gradtape.Tensors.sin;
import static io.gradtape.Tensors.stopGradient;
import static io.gradtape.ops.OpCase.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The op-table driver must fail on a wrong op: a wrong reference, a wrong first derivative (in each of its three
 * regimes: full Jacobian, weighted sum, random directions) and a wrong second derivative. The wrong ops are built
 * with {@code customGradient}, so no library code is changed.
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

    @Test
    void passesACorrectCustomOp() {
        List<OpCase> cases = OpCase.unary("sinRight", HarnessSelfTest::sinRight, Math::sin).shapes(s(3, 4)).shapes(s(300)).build();
        for (OpCase c : cases) {
            OpTableTest.forward(c, DType.FLOAT32);
            OpTableTest.forward(c, DType.FLOAT64);
            OpTableTest.gradient(c);
            OpTableTest.gradientDTypes(c);
            OpTableTest.secondOrder(c);
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
    void expectsNullGradientFromANonDifferentiableCase() {
        // sin declared without gradient: the driver must notice that it has one
        for (OpCase c : OpCase.unary("sinDeclaredNoGradient", Tensors::sin, Math::sin).noGradient().shapes(s(3)).build()) {
            assertThrows(AssertionError.class, () -> OpTableTest.gradient(c));
        }
    }

    @Test
    void everyBroadcastPairIsCompatibleAndAllAreListed() {
        // the six shapes are pairwise compatible, so all 36 ordered pairs are used
        assertEquals(36, OpCase.broadcastPairs().size());
    }
}
