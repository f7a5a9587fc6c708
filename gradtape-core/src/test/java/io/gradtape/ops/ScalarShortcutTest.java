package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shortcut for elementwise ops on rank-0 floating operands ({@code ShapeRules.infer} and
 * {@code KernelTable.scalar}, taken by {@code Dispatch}) gives what the general path gives: the same bits as the
 * same op on one-element vectors (shape (1), which goes through the shape rules and {@code KernelTable.run}), a
 * rank-0 result of the operands' dtype, and the rules' errors for operands the shortcut does not take.
 */
class ScalarShortcutTest {
    /** Ordinary values and the IEEE edge cases: signed zeros, subnormals, the extremes, infinities, NaN. */
    private static final double[] VALUES = {0.0, -0.0, 1.0, -1.0, 0.5, 2.5, -4.5, 3.0, 0.999, 0.001, 1e-40, -1e-40,
            Float.MIN_VALUE, Float.MAX_VALUE, 1e10, -7.25, 100.0, Double.MIN_VALUE, Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    private static Map<String, BinaryOperator<Tensor>> binary() {
        Map<String, BinaryOperator<Tensor>> m = new LinkedHashMap<>();
        m.put("add", Tensors::add);
        m.put("sub", Tensors::sub);
        m.put("mul", Tensors::mul);
        m.put("div", Tensors::div);
        m.put("pow", Tensors::pow);
        m.put("maximum", Tensors::maximum);
        m.put("minimum", Tensors::minimum);
        return m;
    }

    private static Map<String, UnaryOperator<Tensor>> unary() {
        Map<String, UnaryOperator<Tensor>> m = new LinkedHashMap<>();
        m.put("neg", Tensors::neg);
        m.put("abs", Tensors::abs);
        m.put("sign", Tensors::sign);
        m.put("relu", Tensors::relu);
        m.put("round", Tensors::round);
        m.put("exp", Tensors::exp);
        m.put("log", Tensors::log);
        m.put("sin", Tensors::sin);
        m.put("cos", Tensors::cos);
        m.put("tan", Tensors::tan);
        m.put("tanh", Tensors::tanh);
        m.put("sqrt", Tensors::sqrt);
        m.put("sigmoid", Tensors::sigmoid);
        m.put("log1p", Tensors::log1p);
        m.put("expm1", Tensors::expm1);
        m.put("erf", Tensors::erf);
        m.put("floor", Tensors::floor);
        m.put("ceil", Tensors::ceil);
        return m;
    }

    private static Tensor scalar(double v, DType d) {
        return d == DType.FLOAT32 ? Tensors.constant((float) v) : Tensors.constant(v);
    }

    private static Tensor vector(double v, DType d) {
        return d == DType.FLOAT32 ? Tensors.constant(new float[] {(float) v}, 1) : Tensors.constant(new double[] {v}, 1);
    }

    /** The result's only element as bits (NaNs collapsed to one: their payload is not part of any op's contract). */
    private static long bits(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? Float.floatToIntBits(t.toFloatArray()[0]) : Double.doubleToLongBits(t.toDoubleArray()[0]);
    }

    private static void sameAsVector(String what, Tensor onScalars, Tensor onVectors, DType d) {
        assertEquals(Shape.SCALAR, onScalars.shape(), what);
        assertEquals(d, onScalars.dtype(), what);
        assertEquals(Shape.of(1), onVectors.shape(), what);
        assertEquals(bits(onVectors), bits(onScalars), () -> what + ": " + onScalars + " on scalars, " + onVectors
                + " on one-element vectors");
    }

    @Test
    void binaryOpsOnScalarsGiveTheBitsOfTheGeneralPath() {
        int checked = 0;
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Map.Entry<String, BinaryOperator<Tensor>> op : binary().entrySet()) {
                for (double a : VALUES) {
                    for (double b : VALUES) {
                        String what = op.getKey() + "(" + a + ", " + b + ") " + d;
                        sameAsVector(what, op.getValue().apply(scalar(a, d), scalar(b, d)),
                                op.getValue().apply(vector(a, d), vector(b, d)), d);
                        checked++;
                    }
                }
            }
        }
        assertEquals(2 * 7 * VALUES.length * VALUES.length, checked);
    }

    @Test
    void unaryOpsOnScalarsGiveTheBitsOfTheGeneralPath() {
        int checked = 0;
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Map.Entry<String, UnaryOperator<Tensor>> op : unary().entrySet()) {
                for (double a : VALUES) {
                    String what = op.getKey() + "(" + a + ") " + d;
                    sameAsVector(what, op.getValue().apply(scalar(a, d)), op.getValue().apply(vector(a, d)), d);
                    checked++;
                }
            }
        }
        assertEquals(2 * 18 * VALUES.length, checked);
    }

    @Test
    void operandsTheShortcutDoesNotTakeStillMeetTheRules() {
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> Tensors.mul(Tensors.constant(1f), Tensors.constant(2.0)));
        assertTrue(mixed.getMessage().startsWith("mul: dtypes differ"), mixed.getMessage());
        IllegalArgumentException integer = assertThrows(IllegalArgumentException.class,
                () -> Tensors.exp(Tensors.constant(1)));
        assertTrue(integer.getMessage().startsWith("exp: expected a floating dtype"), integer.getMessage());
        IllegalArgumentException bool = assertThrows(IllegalArgumentException.class,
                () -> Tensors.neg(Tensors.constant(true)));
        assertTrue(bool.getMessage().startsWith("neg: expected a numeric dtype"), bool.getMessage());
        Tensor ints = Tensors.add(Tensors.constant(2), Tensors.constant(3));
        assertEquals(DType.INT32, ints.dtype());
        assertEquals(5, ints.intValue());
        Tensor compared = Tensors.less(Tensors.constant(1f), Tensors.constant(2f));
        assertEquals(DType.BOOL, compared.dtype());
        assertTrue(compared.booleanValue());
        Tensor mixedRank = Tensors.mul(Tensors.constant(3f), Tensors.constant(new float[] {2f}, 1, 1));
        assertEquals(Shape.of(1, 1), mixedRank.shape());
        assertEquals(6f, mixedRank.toFloatArray()[0]);
    }

    @Test
    void aScalarVariableIsReadAndRecordedAsBefore() {
        Variable v = new Variable(Tensors.constant(3f));
        Tensor c = Tensors.constant(0.5f);
        Tensor y;
        Tensor g;
        try (GradientTape t = new GradientTape()) {
            y = Tensors.sin(Tensors.mul(v, c));
            g = t.gradient(y, v);
        }
        assertEquals((float) Math.sin(1.5), y.floatValue(), 1e-6f);
        assertEquals(0.5 * Math.cos(1.5), g.floatValue(), 1e-6);
        assertEquals(Shape.SCALAR, g.shape());
    }
}
