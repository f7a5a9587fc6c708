package io.gradtape.advanced;

import io.gradtape.CustomGradient;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.*;

class CustomGradientTest {
    /** TensorFlow's log1pexp example: log(1 + e^x) with the stable gradient 1 - 1/(1 + e^x). */
    private static Tensor log1pexp(Tensor x) {
        return customGradient(x, v -> {
            Tensor e = exp(v);
            return CustomGradient.of(log(add(onesLike(e), e)),
                    dy -> mul(dy, sub(onesLike(e), div(onesLike(e), add(onesLike(e), e)))));
        });
    }

    private static Tensor naiveLog1pexp(Tensor x) {
        return log(add(onesLike(x), exp(x)));
    }

    @Test
    void log1pexpHasAFiniteGradientAt100() {
        // naive: d/dx log(1 + e^x) = e^x / (1 + e^x) = inf / inf = NaN at x = 100 in float32
        Tensor x = constant(100.0f);
        GradientTape naive = new GradientTape();
        Tensor y0;
        try (naive) {
            naive.watch(x);
            y0 = naiveLog1pexp(x);
        }
        assertTrue(Float.isNaN(naive.gradient(y0, x).floatValue()));
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(x);
            y = log1pexp(x);
        }
        assertEquals(1.0f, t.gradient(y, x).floatValue()); // 1 - 1/(1 + inf) = 1
    }

    @Test
    void theForwardFunctionIsNotDifferentiatedOnlyTheRule() {
        // value 2x, but the rule says the gradient is 10
        Tensor x = constant(3.0);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(x);
            y = customGradient(x, v -> CustomGradient.of(mul(v, constant(2.0)), dy -> mul(dy, constant(10.0))));
        }
        assertEquals(6.0, y.doubleValue());
        assertEquals(10.0, t.gradient(y, x).doubleValue());
    }

    @Test
    void secondOrderWorksWhenTheRuleIsWrittenWithTheInput() {
        // f(x) = x^3 with rule dy * 3x^2 written from x: second derivative 6x = 12 at x = 2
        Tensor x = constant(2.0);
        GradientTape outer = new GradientTape();
        Tensor g;
        try (outer) {
            outer.watch(x);
            GradientTape inner = new GradientTape();
            Tensor y;
            try (inner) {
                inner.watch(x);
                y = customGradient(x, v -> CustomGradient.of(pow(v, 3), dy -> mul(dy, mul(constant(3.0), square(v)))));
            }
            g = inner.gradient(y, x);
        }
        assertEquals(12.0, g.doubleValue(), 1e-12);
        assertEquals(12.0, outer.gradient(g, x).doubleValue(), 1e-12);
    }

    @Test
    void severalInputsGetOneGradientEach() {
        // f(a, b) = a * b with rule (dy * b, dy * a)
        Tensor a = constant(3.0);
        Tensor b = constant(4.0);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(a, b);
            y = customGradient(List.of(a, b), v -> CustomGradient.ofMany(mul(v.get(0), v.get(1)),
                    dy -> List.of(mul(dy, v.get(1)), mul(dy, v.get(0)))));
        }
        List<Tensor> g = t.gradient(y, List.of(a, b));
        assertEquals(4.0, g.get(0).doubleValue());
        assertEquals(3.0, g.get(1).doubleValue());
    }

    @Test
    void aRuleReturningTheWrongNumberOfGradientsIsRejected() {
        Tensor a = constant(3.0);
        Tensor b = constant(4.0);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(a, b);
            y = customGradient(List.of(a, b), v -> CustomGradient.ofMany(mul(v.get(0), v.get(1)), dy -> List.of(dy)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.gradient(y, List.of(a, b)));
        assertTrue(e.getMessage().contains("customGradient") && e.getMessage().contains("2 gradient(s)")
                && e.getMessage().contains("returned 1"), e.getMessage());
    }

    @Test
    void jacobianThroughACustomGradient() {
        Tensor x = constant(new double[] {0, 1, 2}, 3);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(x);
            y = log1pexp(x);
        }
        double[] j = t.jacobian(y, x).toDoubleArray();
        for (int i = 0; i < 3; i++) {
            double s = 1 / (1 + Math.exp(-i)); // d/dx log(1 + e^x) = sigmoid(x)
            assertEquals(s, j[i * 3 + i], 1e-12);
        }
    }

    @Test
    void aRuleReturningAGradientOfTheWrongShapeIsRejectedWithTheShapes() {
        Tensor x = constant(new double[] {1, 2, 3}, 3);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(x);
            y = customGradient(x, v -> CustomGradient.of(mul(v, v), dy -> constant(1.0)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.gradient(y, x));
        assertTrue(e.getMessage().contains("gradient 0 has shape ()") && e.getMessage().contains("shape (3,)"), e.getMessage());
    }

    @Test
    void int64ConstantsOutsideTheRangeAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> constant(1e19, io.gradtape.DType.INT64));
        assertTrue(e.getMessage().contains("int64"), e.getMessage());
        assertEquals(-9223372036854775808L, constant(-0x1p63, io.gradtape.DType.INT64).longValue());
    }
}
