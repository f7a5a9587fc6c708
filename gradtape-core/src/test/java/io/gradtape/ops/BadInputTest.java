package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Caller mistakes: each throws {@link IllegalArgumentException} (or {@link NullPointerException} for a null
 * argument) whose message names the op and the shapes or dtypes involved, and changes nothing. One-element accessors
 * on other tensors throw {@link IllegalStateException}. NaN and infinities propagate by IEEE rules.
 */
class BadInputTest {
    private static final Tensor M34 = zeros(DType.FLOAT32, 3, 4);
    private static final Tensor M23 = zeros(DType.FLOAT32, 2, 3);
    private static final Tensor I32 = constant(new int[] {1, 2, 3}, 3);
    private static final Tensor B3 = cast(constant(new int[] {1, 0, 1}, 3), DType.BOOL);

    /** A test that {@code call} throws {@code type} with every fragment in its message. */
    private static DynamicTest rejects(String name, Class<? extends RuntimeException> type, Executable call, String... fragments) {
        return dynamicTest(name, () -> {
            RuntimeException e = assertThrows(type, call, name);
            String msg = String.valueOf(e.getMessage());
            for (String f : fragments) {
                assertTrue(msg.contains(f), () -> name + ": message \"" + msg + "\" does not mention \"" + f + "\"");
            }
        });
    }

    private static DynamicTest bad(String name, Executable call, String... fragments) {
        return rejects(name, IllegalArgumentException.class, call, fragments);
    }

    private static final List<Object[]> BINARY = List.of(
            new Object[] {"add", (BinaryOperator<Tensor>) Tensors::add},
            new Object[] {"sub", (BinaryOperator<Tensor>) Tensors::sub},
            new Object[] {"mul", (BinaryOperator<Tensor>) Tensors::mul},
            new Object[] {"div", (BinaryOperator<Tensor>) Tensors::div},
            new Object[] {"pow", (BinaryOperator<Tensor>) Tensors::pow},
            new Object[] {"maximum", (BinaryOperator<Tensor>) Tensors::maximum},
            new Object[] {"minimum", (BinaryOperator<Tensor>) Tensors::minimum},
            new Object[] {"equal", (BinaryOperator<Tensor>) Tensors::equal},
            new Object[] {"notEqual", (BinaryOperator<Tensor>) Tensors::notEqual},
            new Object[] {"greater", (BinaryOperator<Tensor>) Tensors::greater},
            new Object[] {"greaterEqual", (BinaryOperator<Tensor>) Tensors::greaterEqual},
            new Object[] {"less", (BinaryOperator<Tensor>) Tensors::less},
            new Object[] {"lessEqual", (BinaryOperator<Tensor>) Tensors::lessEqual});

    @SuppressWarnings("unchecked")
    private static BinaryOperator<Tensor> fn(Object[] row) {
        return (BinaryOperator<Tensor>) row[1];
    }

    @TestFactory
    Stream<DynamicTest> mismatchedShapes() {
        List<DynamicTest> t = new ArrayList<>();
        for (Object[] row : BINARY) {
            String op = (String) row[0];
            t.add(bad(op + " (3, 4) with (2, 3)", () -> fn(row).apply(M34, M23), op, "(3, 4)", "(2, 3)"));
            t.add(bad(op + " (3,) with (4,)", () -> fn(row).apply(zeros(DType.FLOAT64, 3), zeros(DType.FLOAT64, 4)), op, "(3,)", "(4,)"));
        }
        t.add(bad("where with (3,) (2,) (2,)", () -> where(B3, zeros(DType.FLOAT32, 2), zeros(DType.FLOAT32, 2)), "where", "(3,)", "(2,)"));
        t.add(bad("Tensor.add (3, 4) with (2, 3)", () -> M34.add(M23), "add", "(3, 4)", "(2, 3)"));
        t.add(bad("broadcastTo (3,) to (4,)", () -> broadcastTo(zeros(DType.FLOAT32, 3), 4), "broadcastTo", "(3,)", "(4,)"));
        t.add(bad("broadcastTo (3, 4) to (4,)", () -> broadcastTo(M34, 4), "broadcastTo", "(3, 4)", "(4,)"));
        return t.stream();
    }

    @TestFactory
    Stream<DynamicTest> matmulShapes() {
        Tensor a23 = zeros(DType.FLOAT64, 2, 3);
        Tensor b45 = zeros(DType.FLOAT64, 4, 5);
        return Stream.of(
                bad("inner 3 vs 4", () -> matmul(a23, b45), "matmul", "(2, 3)", "(4, 5)"),
                bad("inner with transposeA", () -> matmul(a23, zeros(DType.FLOAT64, 3, 5), true, false), "matmul", "(2, 3)", "(3, 5)"),
                bad("inner with transposeB", () -> matmul(a23, zeros(DType.FLOAT64, 5, 4), false, true), "matmul", "(2, 3)", "(5, 4)"),
                bad("rank 1 operand", () -> matmul(zeros(DType.FLOAT64, 3), zeros(DType.FLOAT64, 3, 2)), "matmul", "(3,)", "(3, 2)"),
                bad("batch 2 vs 3", () -> matmul(zeros(DType.FLOAT64, 2, 3, 4), zeros(DType.FLOAT64, 3, 4, 5)), "matmul", "(2, 3, 4)", "(3, 4, 5)"),
                bad("Tensor.matmul inner", () -> a23.matmul(b45), "matmul", "(2, 3)", "(4, 5)"),
                // where a transposition makes the product defined, the message gives the call that does it
                bad("fix: transpose b", () -> matmul(a23, a23), "matmul", "matmul(a, b, false, true) computes a @ b^T"),
                bad("fix: transpose a", () -> matmul(a23, zeros(DType.FLOAT64, 2, 5)), "matmul",
                        "matmul(a, b, true, false) computes a^T @ b"),
                bad("fix: transpose both", () -> matmul(zeros(DType.FLOAT64, 4, 2), zeros(DType.FLOAT64, 3, 4)), "matmul",
                        "matmul(a, b, true, true) computes a^T @ b^T"),
                bad("fix: undo transposeB", () -> matmul(a23, zeros(DType.FLOAT64, 3, 5), false, true), "matmul",
                        "matmul(a, b, false, false) computes a @ b"));
    }

    @Test
    void aMatmulThatNoTranspositionFixesOffersNone() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> matmul(zeros(DType.FLOAT64, 2, 3), zeros(DType.FLOAT64, 4, 5)));
        assertEquals("matmul: cannot multiply (2, 3) by (4, 5): inner dimensions 3 and 4 differ", e.getMessage());
        // b^T would agree inside, but batches 2 and 5 do not broadcast: no call to offer
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> matmul(zeros(DType.FLOAT64, 2, 3, 4), zeros(DType.FLOAT64, 5, 3, 4)));
        assertEquals("matmul: cannot multiply (2, 3, 4) by (5, 3, 4): inner dimensions 4 and 3 differ", batch.getMessage());
    }

    @TestFactory
    Stream<DynamicTest> mixedDTypes() {
        Tensor f32 = zeros(DType.FLOAT32, 2, 2);
        Tensor f64 = zeros(DType.FLOAT64, 2, 2);
        List<DynamicTest> t = new ArrayList<>();
        for (Object[] row : BINARY) {
            String op = (String) row[0];
            t.add(bad(op + " float32 with float64", () -> fn(row).apply(f32, f64), op, "float32", "float64"));
        }
        t.add(bad("matmul float32 with float64", () -> matmul(f32, f64), "matmul", "float32", "float64"));
        t.add(bad("concat float32 with float64", () -> concat(List.of(f32, f64), 0), "concat", "float32", "float64"));
        t.add(bad("where float32 with float64", () -> where(cast(f32, DType.BOOL), f32, f64), "where", "float32", "float64"));
        t.add(bad("add float32 with int32", () -> add(zeros(DType.FLOAT32, 3), I32), "add", "float32", "int32"));
        return t.stream();
    }

    @TestFactory
    Stream<DynamicTest> nonFloatingDTypes() {
        List<DynamicTest> t = new ArrayList<>();
        String[] names = {"sqrt", "exp", "log", "sin", "cos", "tan", "tanh", "sigmoid"};
        List<java.util.function.UnaryOperator<Tensor>> ops = List.of(Tensors::sqrt, Tensors::exp, Tensors::log, Tensors::sin,
                Tensors::cos, Tensors::tan, Tensors::tanh, Tensors::sigmoid);
        for (int i = 0; i < names.length; i++) {
            java.util.function.UnaryOperator<Tensor> f = ops.get(i);
            t.add(bad(names[i] + " of int32", () -> f.apply(I32), names[i], "int32"));
        }
        t.add(bad("sin of int32 scalar", () -> sin(constant(2)), "sin", "int32"));
        t.add(bad("div of int32", () -> div(I32, I32), "div", "int32"));
        t.add(bad("matmul of int32", () -> matmul(constant(new int[] {1, 2, 3, 4}, 2, 2), constant(new int[] {1, 2, 3, 4}, 2, 2)), "matmul", "int32"));
        t.add(bad("neg of bool", () -> neg(B3), "neg", "bool"));
        t.add(bad("reduceSum of bool", () -> reduceSum(B3), "reduceSum", "bool"));
        t.add(bad("where with a float condition", () -> where(zeros(DType.FLOAT32, 3), zeros(DType.FLOAT32, 3), zeros(DType.FLOAT32, 3)),
                "where", "float32"));
        t.add(bad("softmax of int32", () -> softmax(I32, 0), "softmax", "int32"));
        t.add(bad("logSoftmax of int32", () -> logSoftmax(I32, 0), "logSoftmax", "int32"));
        return t.stream();
    }

    @TestFactory
    Stream<DynamicTest> axes() {
        return Stream.of(
                bad("reduceSum axis 2 of rank 2", () -> reduceSum(M34, 2), "reduceSum", "2", "(3, 4)"),
                bad("reduceSum axis -3 of rank 2", () -> reduceSum(M34, -3), "reduceSum", "-3", "(3, 4)"),
                bad("reduceMax axis 2 of rank 2", () -> reduceMax(M34, 2), "reduceMax", "2", "(3, 4)"),
                bad("reduceMin axis 5 keepDims", () -> reduceMin(M34, true, 5), "reduceMin", "5", "(3, 4)"),
                bad("reduceMean axis 2 of rank 2", () -> reduceMean(M34, 2), "reduceMean", "2", "(3, 4)"),
                bad("reduceSum of a scalar over axis 0", () -> reduceSum(constant(1f), 0), "reduceSum", "0", "()"),
                bad("Tensor.sum axis 2", () -> M34.sum(2), "reduceSum", "2", "(3, 4)"),
                bad("softmax axis 2 of rank 2", () -> softmax(M34, 2), "softmax", "2", "(3, 4)"),
                bad("logSoftmax axis -3 of rank 2", () -> logSoftmax(M34, -3), "logSoftmax", "-3", "(3, 4)"),
                bad("concat axis 2 of rank 2", () -> concat(List.of(M34, M34), 2), "concat", "2", "(3, 4)"),
                bad("reduceSum axis 0 repeated", () -> reduceSum(M34, 0, 0), "reduceSum", "repeated", "(3, 4)"),
                bad("reduceSum axes 1 and -1 are one axis", () -> reduceSum(M34, 1, -1), "reduceSum", "(3, 4)"),
                bad("reduceMax axes 0 and -2 are one axis", () -> reduceMax(M34, true, 0, -2), "reduceMax", "(3, 4)"));
    }

    @TestFactory
    Stream<DynamicTest> reshapeAndTranspose() {
        return Stream.of(
                bad("reshape 12 elements to (5,)", () -> reshape(M34, 5), "reshape", "(3, 4)", "5"),
                bad("reshape 12 elements to (5, -1)", () -> reshape(M34, 5, -1), "reshape", "(3, 4)", "5"),
                bad("reshape with two -1", () -> reshape(M34, -1, -1), "reshape", "-1", "(3, 4)"),
                bad("reshape with -2", () -> reshape(M34, -2, -6), "reshape", "(3, 4)"),
                // reshape_op.h: a 0 in the new shape leaves the input's zero dims out of its count, not its non-zero ones:
                // 6 / 1 infers 6, and (6, 0) has 0 elements, not 6
                bad("reshape 6 elements to (-1, 0)", () -> reshape(zeros(DType.FLOAT32, 2, 3), -1, 0), "reshape", "(2, 3)", "(6, 0)"),
                bad("Tensor.reshape to (7,)", () -> M34.reshape(7), "reshape", "(3, 4)", "7"),
                bad("transpose perm [0, 0]", () -> transpose(M34, 0, 0), "transpose", "[0, 0]", "(3, 4)"),
                bad("transpose perm too short", () -> transpose(M34, 0), "transpose", "[0]", "(3, 4)"),
                bad("transpose perm too long", () -> transpose(M34, 0, 1, 2), "transpose", "[0, 1, 2]", "(3, 4)"),
                bad("transpose perm out of range", () -> transpose(M34, 0, 2), "transpose", "2", "(3, 4)"));
    }

    @TestFactory
    Stream<DynamicTest> creationAndAxisMessages() {
        Tensor ids = constant(new int[] {0, 1}, 2);
        return Stream.of(
                // sequence_ops.cc RangeOp: "Requires start <= limit when delta > 0: 5/0" and its mirror; never empty
                bad("range(5, 0, 1)", () -> range(5, 0, 1), "range", "Requires start <= limit when delta > 0", "5/0"),
                bad("range(-3)", () -> range(-3), "range", "Requires start <= limit when delta > 0", "0/-3"),
                bad("range(0, 5, -1)", () -> range(0, 5, -1), "range", "Requires start >= limit when delta < 0", "0/5"),
                bad("range(1.0, 0.0, 0.3, float32)", () -> range(1.0, 0.0, 0.3, DType.FLOAT32), "range",
                        "Requires start <= limit when delta > 0", "1.0/0.0"),
                bad("range delta 0", () -> range(0, 5, 0), "range", "Requires delta != 0"),
                // a float32 delta that rounds to 0 is 0 in the kernel's type
                bad("range float32 delta 1e-50", () -> range(0.0, 1.0, 1e-50, DType.FLOAT32), "range", "Requires delta != 0"),
                // tf.range(0.0, 2.5, 0.5, dtype=tf.int32): converting 2.5 to an int32 tensor is a TypeError, never rounded
                bad("range int32 of 2.5", () -> range(0.0, 2.5, 0.5, DType.INT32), "range", "2.5", "int32"),
                bad("range int32 beyond its range", () -> range(0.0, 3e9, 1.0, DType.INT32), "range", "3.0E9", "int32"),
                bad("range bool", () -> range(0.0, 2.0, 1.0, DType.BOOL), "range", "bool"),
                // math_ops.linspace_nd: num < 0 makes its range(1, -1) fail
                bad("linspace num -1", () -> linspace(0, 1, -1), "linspace", "-1"),
                // the input's rank and the valid range of the new axis, not the result's rank
                bad("expandDims (2, 3) at 3", () -> expandDims(M23, 3), "expandDims", "(2, 3)", "rank 2", "[-3, 2]"),
                bad("expandDims (2, 3) at -4", () -> expandDims(M23, -4), "expandDims", "rank 2", "[-3, 2]"),
                bad("stack of (2, 3) at 3", () -> stack(List.of(M23, M23), 3), "stack", "(2, 3)", "rank 2", "[-3, 2]"),
                // the axis as given, not after adding the rank
                bad("unsortedSegmentSum axis -5", () -> unsortedSegmentSum(M23, ids, 2, -5), "unsortedSegmentSum", "axis -5", "(2, 3)"),
                bad("where with an int32 condition", () -> where(I32, zeros(DType.FLOAT32, 3), zeros(DType.FLOAT32, 1)), "where",
                        "int32", "(3,)", "(1,)"),
                bad("squeeze a size-3 axis", () -> squeeze(zeros(DType.FLOAT32, 1, 3), 1, 1), "squeeze", "(1, 3)"));
    }

    @TestFactory
    Stream<DynamicTest> sliceConcatPad() {
        return Stream.of(
                bad("slice past the end", () -> slice(M34, new int[] {2, 0}, new int[] {2, 4}), "slice", "(3, 4)"),
                bad("slice negative begin", () -> slice(M34, new int[] {-1, 0}, new int[] {1, 1}), "slice", "(3, 4)"),
                bad("slice begin past the end with size -1", () -> slice(M34, new int[] {4, 0}, new int[] {-1, 1}), "slice", "(3, 4)"),
                bad("slice size below -1", () -> slice(M34, new int[] {0, 0}, new int[] {-2, 1}), "slice", "(3, 4)"),
                bad("slice wrong number of axes", () -> slice(M34, new int[] {0}, new int[] {1}), "slice", "(3, 4)"),
                bad("concat (2, 3) and (2, 4) on axis 0", () -> concat(List.of(M23, zeros(DType.FLOAT32, 2, 4)), 0), "concat", "(2, 3)", "(2, 4)"),
                bad("concat of different ranks", () -> concat(List.of(M23, zeros(DType.FLOAT32, 3)), 0), "concat", "(2, 3)", "(3,)"),
                bad("concat of nothing", () -> concat(List.of(), 0), "concat"),
                bad("concat of scalars", () -> concat(List.of(constant(1f), constant(2f)), 0), "concat", "()"),
                bad("pad negative", () -> pad(M34, new int[] {-1, 0}, new int[] {0, 0}), "pad", "(3, 4)"),
                bad("pad wrong number of axes", () -> pad(M34, new int[] {1}, new int[] {1}), "pad", "(3, 4)"),
                bad("constant with the wrong number of values", () -> constant(new float[5], 2, 3), "constant", "(2, 3)"));
    }

    @TestFactory
    Stream<DynamicTest> nullArguments() {
        Tensor x = constant(1f);
        Class<NullPointerException> npe = NullPointerException.class;
        return Stream.of(
                rejects("add(null, x)", npe, () -> add(null, x), "add"),
                rejects("add(x, null)", npe, () -> add(x, null), "add"),
                rejects("div(x, null)", npe, () -> div(x, null), "div"),
                rejects("maximum(null, x)", npe, () -> maximum(null, x), "maximum"),
                rejects("pow(null, 2.0)", npe, () -> pow(null, 2.0), "pow"),
                rejects("sin(null)", npe, () -> sin(null), "sin"),
                rejects("square(null)", npe, () -> square(null), "square"),
                rejects("relu(null)", npe, () -> relu(null), "relu"),
                rejects("matmul(null, x)", npe, () -> matmul(null, x), "matmul"),
                rejects("reduceSum(null)", npe, () -> reduceSum(null), "reduceSum"),
                rejects("reduceMean(null)", npe, () -> reduceMean(null), "reduceMean"),
                rejects("reshape(null, 1)", npe, () -> reshape(null, 1), "reshape"),
                rejects("reshape(x, null)", npe, () -> reshape(x, (int[]) null), "reshape"),
                rejects("transpose(null)", npe, () -> transpose(null), "transpose"),
                rejects("concat(null, 0)", npe, () -> concat(null, 0), "concat"),
                rejects("concat([x, null], 0)", npe, () -> concat(Arrays.asList(x, null), 0), "concat"),
                rejects("softmax(null, 0)", npe, () -> softmax(null, 0), "softmax"),
                rejects("logSoftmax(null, 0)", npe, () -> logSoftmax(null, 0), "logSoftmax"),
                rejects("where(null, x, x)", npe, () -> where(null, x, x), "where"),
                rejects("where(c, x, null)", npe, () -> where(constant(true), x, null), "where"),
                rejects("cast(null, FLOAT64)", npe, () -> cast(null, DType.FLOAT64), "cast"),
                rejects("cast(x, null)", npe, () -> cast(x, null), "cast"),
                rejects("stopGradient(null)", npe, () -> stopGradient(null), "stopGradient"),
                rejects("broadcastTo(null, 3)", npe, () -> broadcastTo(null, 3), "broadcastTo"),
                rejects("broadcastTo(x, null)", npe, () -> broadcastTo(x, (int[]) null), "broadcastTo"),
                rejects("slice(x, null, size)", npe, () -> slice(M34, null, new int[] {1, 1}), "slice"),
                rejects("pad(x, before, null)", npe, () -> pad(M34, new int[] {0, 0}, null), "pad"),
                rejects("x.add(null)", npe, () -> x.add((Tensor) null), "add"),
                rejects("x.matmul(null)", npe, () -> M34.matmul(null), "matmul"),
                rejects("constant((float[]) null)", npe, () -> constant((float[]) null, 1), "constant"));
    }

    @Test
    void oneElementAccessorsOnOtherTensorsThrowIllegalState() {
        Tensor v = constant(new float[] {1, 2}, 2);
        Tensor empty = zeros(DType.FLOAT64, 0);
        List<Executable> calls = List.of(v::floatValue, v::doubleValue, v::intValue, v::longValue, v::booleanValue,
                empty::floatValue, empty::doubleValue);
        for (Executable call : calls) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call);
            assertTrue(e.getMessage().contains("(2,)") || e.getMessage().contains("(0,)"), e.getMessage());
        }
        // a one-element tensor of any rank is fine: [[5]] -> 5
        assertEquals(5f, constant(new float[] {5}, 1, 1).floatValue(), 0f);
    }

    @Test
    void aRejectedOpChangesNothing() {
        // inputs, a variable and a recording tape are untouched by a failed op
        Tensor a = constant(new double[] {1, 2, 3}, 3);
        Variable w = new Variable(constant(new double[] {4, 5}, 2));
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            y = mul(w, constant(2.0));
            assertThrows(IllegalArgumentException.class, () -> add(a, w));
            assertThrows(IllegalArgumentException.class, () -> w.assign(constant(new double[] {1, 2, 3}, 3)));
            assertThrows(IllegalArgumentException.class, () -> w.assign(constant(new float[] {1, 2}, 2)));
        }
        assertArrayEquals(new double[] {1, 2, 3}, a.toDoubleArray(), 0);
        assertArrayEquals(new double[] {4, 5}, w.value().toDoubleArray(), 0);
        // d sum(2 w) / dw = [2, 2]: the tape still works after the failures
        assertArrayEquals(new double[] {2, 2}, tape.gradient(y, w).toDoubleArray(), 0);
    }

    // ------------------------------------------------------------------------------------ NaN and infinities

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    private static double[] d(Tensor t) {
        return t.toDoubleArray();
    }

    @Test
    void nanAndInfinityPropagateThroughElementwiseOps() {
        Tensor x = constant(new double[] {NAN, INF, -INF, 1}, 4);
        // IEEE: NaN + 1 = NaN, inf + 1 = inf, -inf + 1 = -inf
        assertArrayEquals(new double[] {NAN, INF, -INF, 2}, d(add(x, constant(1.0))), 0);
        // inf * 0 = NaN, -inf * 0 = NaN
        assertArrayEquals(new double[] {NAN, NAN, NAN, 0}, d(mul(x, constant(0.0))), 0);
        // inf - inf = NaN
        assertArrayEquals(new double[] {NAN, NAN, -INF, 1 - INF}, d(sub(x, constant(INF))), 0);
        // exp(inf) = inf, exp(-inf) = 0
        assertArrayEquals(new double[] {NAN, INF, 0, Math.E}, d(exp(x)), 1e-15);
        // log(-1) = NaN, sqrt(-1) = NaN, log(0) = -inf
        assertArrayEquals(new double[] {NAN, NAN, Double.NEGATIVE_INFINITY}, d(log(constant(new double[] {-1, NAN, 0}, 3))), 0);
        assertArrayEquals(new double[] {NAN, INF}, d(sqrt(constant(new double[] {-1, INF}, 2))), 0);
        // tanh(+-inf) = +-1, sigmoid(inf) = 1, sigmoid(-inf) = 0
        assertArrayEquals(new double[] {NAN, 1, -1, Math.tanh(1)}, d(tanh(x)), 1e-15);
        assertArrayEquals(new double[] {NAN, 1, 0}, d(sigmoid(constant(new double[] {NAN, INF, -INF}, 3))), 0);
        // relu, abs, sign, neg keep NaN; abs(-inf) = inf
        assertArrayEquals(new double[] {NAN, INF, 0, 1}, d(relu(x)), 0);
        assertArrayEquals(new double[] {NAN, INF, INF, 1}, d(abs(x)), 0);
        assertArrayEquals(new double[] {NAN, 1, -1, 1}, d(sign(x)), 0);
        assertArrayEquals(new double[] {NAN, -INF, INF, -1}, d(neg(x)), 0);
        // 1 / 0 = inf, -1 / 0 = -inf, 0 / 0 = NaN
        assertArrayEquals(new double[] {INF, -INF, NAN},
                d(div(constant(new double[] {1, -1, 0}, 3), constant(0.0))), 0);
        // float32 too
        assertArrayEquals(new float[] {Float.NaN, Float.POSITIVE_INFINITY},
                mul(constant(new float[] {Float.NaN, Float.POSITIVE_INFINITY}, 2), constant(2f)).toFloatArray(), 0f);
    }

    @Test
    void maximumMinimumAndReductionsPropagateNaN() {
        Tensor n = constant(NAN);
        Tensor one = constant(1.0);
        // NaN on either side wins (Math.max semantics, as TensorFlow's maximum)
        assertEquals(NAN, maximum(n, one).doubleValue(), 0);
        assertEquals(NAN, maximum(one, n).doubleValue(), 0);
        assertEquals(NAN, minimum(n, one).doubleValue(), 0);
        assertEquals(NAN, minimum(one, n).doubleValue(), 0);
        // a NaN anywhere in a reduced row makes that row NaN, whatever its position
        Tensor m = constant(new double[] {NAN, 1, 2, 3, 4, NAN, 5, 6, 7}, 3, 3);
        assertArrayEquals(new double[] {NAN, NAN, 7}, d(reduceMax(m, 1)), 0);
        assertArrayEquals(new double[] {NAN, NAN, 5}, d(reduceMin(m, 1)), 0);
        assertArrayEquals(new double[] {NAN, NAN, 18}, d(reduceSum(m, 1)), 0);
        assertEquals(NAN, reduceMax(m).doubleValue(), 0);
        assertEquals(NAN, reduceMin(m).doubleValue(), 0);
        // inf + (-inf) = NaN in a sum; max of [-inf, 1] = 1
        assertEquals(NAN, reduceSum(constant(new double[] {INF, -INF}, 2)).doubleValue(), 0);
        assertEquals(1.0, reduceMax(constant(new double[] {-INF, 1}, 2)).doubleValue(), 0);
        // float32 reduction with a NaN in the last position
        assertTrue(Float.isNaN(reduceMax(constant(new float[] {1, 2, Float.NaN}, 3)).floatValue()));
    }

    @Test
    void nanPropagatesThroughMatmulAndComparisonsAreFalse() {
        // [[NaN, 1], [2, 3]] @ I: row 0 is NaN * 1 + 1 * 0 = NaN and NaN * 0 + 1 * 1 = NaN (0 * NaN = NaN)
        Tensor a = constant(new double[] {NAN, 1, 2, 3}, 2, 2);
        Tensor id = constant(new double[] {1, 0, 0, 1}, 2, 2);
        assertArrayEquals(new double[] {NAN, NAN, 2, 3}, d(matmul(a, id)), 0);
        // NaN compares false with everything, itself included, and not-equal true
        Tensor n = constant(NAN);
        assertFalse(equal(n, n).booleanValue());
        assertTrue(notEqual(n, n).booleanValue());
        assertFalse(greater(n, constant(1.0)).booleanValue());
        assertFalse(lessEqual(n, constant(1.0)).booleanValue());
        // where passes NaN through from the selected branch only
        Tensor cond = cast(constant(new int[] {1, 0}, 2), DType.BOOL);
        assertArrayEquals(new double[] {NAN, 0}, d(where(cond, constant(new double[] {NAN, NAN}, 2), zeros(DType.FLOAT64, 2))), 0);
    }

    @Test
    void nanInOneFactorGivesNaNGradientToTheOther() {
        // d(x y) = (y, x): with y = NaN, dx = NaN and dy = x = 2
        Tensor x = constant(2.0);
        Tensor y = constant(NAN);
        GradientTape tape = new GradientTape();
        Tensor z;
        try (tape) {
            tape.watch(x, y);
            z = mul(x, y);
        }
        List<Tensor> g = tape.gradient(z, List.of(x, y));
        assertEquals(NAN, g.get(0).doubleValue(), 0);
        assertEquals(2.0, g.get(1).doubleValue(), 0);
    }

    /**
     * Composite ops check their own arguments and name themselves, not the inner op that would fail (issue 9,
     * item 6); where the fix is known, the message gives it.
     */
    @TestFactory
    Stream<DynamicTest> compositesNameThemselves() {
        Tensor f = constant(new float[] {1, 2, 3}, 3);
        Tensor d = constant(new double[] {1, 2, 3}, 3);
        Tensor i2 = constant(new int[] {1, 2, 3, 4}, 2, 2);
        Tensor m = zeros(DType.FLOAT32, 2, 3);
        int[] one = {1};
        return Stream.of(
                bad("rsqrt of int32", () -> rsqrt(I32), "rsqrt:", "int32"),
                bad("reciprocal of int32", () -> reciprocal(I32), "reciprocal:", "int32"),
                bad("square of bool", () -> square(B3), "square:", "bool"),
                bad("pow(int32, 0.5)", () -> pow(I32, 0.5), "pow:", "0.5", "int32"),
                bad("clipByValue float32 with float64 bounds", () -> clipByValue(f, constant(0.0), constant(1.0)),
                        "clipByValue:", "float64", "write 0.0f"),
                bad("clipByValue bounds of another shape", () -> clipByValue(f, zeros(DType.FLOAT32, 2), zeros(DType.FLOAT32, 2)),
                        "clipByValue:", "(3,)", "(2,)"),
                bad("clipByValue bounds that would broadcast x larger", () -> clipByValue(f, zeros(DType.FLOAT32, 2, 1), constant(5f)),
                        "clipByValue:", "(2, 1)", "(3,)", "(2, 3)", "must broadcast to (3,)"),
                bad("reduceSum with an empty axes array (TensorFlow's axis=[] reduces nothing)",
                        () -> reduceSum(zeros(DType.FLOAT32, 4), new int[0]), "reduceSum:", "empty axes", "reduceSum(x)"),
                bad("reduceMean keepDims with an empty axes array", () -> reduceMean(zeros(DType.FLOAT32, 4), true, new int[0]),
                        "reduceMean:", "empty axes"),
                bad("reduceVariance with an empty axes array", () -> reduceVariance(zeros(DType.FLOAT32, 4), new int[0]),
                        "reduceVariance:", "empty axes"),
                bad("reduceStd with an empty axes array names reduceStd", () -> reduceStd(zeros(DType.FLOAT32, 4), new int[0]),
                        "reduceStd:", "empty axes", "reduceStd(x)"),
                bad("norm with an empty axes array", () -> norm(zeros(DType.FLOAT32, 4), false, new int[0]), "norm:", "empty axes"),
                bad("div of int32 (TensorFlow's truediv)", () -> div(I32, I32), "div:", "int32", "truediv",
                        "div(cast(a, DType.FLOAT64), cast(b, DType.FLOAT64))"),
                bad("clipByValue(int32, 0.5, 1.5)", () -> clipByValue(I32, 0.5, 1.5), "clipByValue:", "0.5", "int32"),
                bad("clipByValue of bool", () -> clipByValue(B3, 0, 1), "clipByValue:", "bool"),
                bad("einsum float32 with float64", () -> einsum("ij,jk->ik", m, zeros(DType.FLOAT64, 3, 2)), "einsum:", "float32", "float64"),
                bad("einsum of int32", () -> einsum("ij,jk->ik", i2, i2), "einsum:", "int32"),
                bad("einsum sum of bool", () -> einsum("ij->i", cast(m, DType.BOOL)), "einsum:", "bool"),
                bad("stack float32 with float64", () -> stack(List.of(f, d), 0), "stack:", "float32", "float64"),
                bad("tile with a negative multiple", () -> tile(f, -1), "tile:", "-1"),
                bad("broadcastTo a negative dimension", () -> broadcastTo(f, -3), "broadcastTo:", "-3"),
                bad("int32 x.add(1.5)", () -> I32.add(1.5), "add:", "1.5", "int32"),
                bad("int32 x.sub(0.5)", () -> I32.sub(0.5), "sub:", "0.5", "int32"),
                bad("int32 x.mul(0.5)", () -> I32.mul(0.5), "mul:", "0.5", "int32"),
                bad("int32 x.div(2.0)", () -> I32.div(2.0), "div:", "int32"),
                bad("int32 x.pow(0.5)", () -> I32.pow(0.5), "pow:", "0.5", "int32"),
                bad("bool x.add(1)", () -> B3.add(1), "add:", "bool"),
                bad("float32 times constant(3.0)", () -> mul(f, constant(3.0)), "mul:", "3.0 is float64; write 3.0f or use x.mul(3.0)"),
                bad("float32 plus constant(0.5)", () -> f.add(constant(0.5)), "add:", "0.5 is float64; write 0.5f or use x.add(0.5)"),
                bad("softmaxCrossEntropyWithLogits of int32", () -> io.gradtape.NN.softmaxCrossEntropyWithLogits(I32, I32),
                        "softmaxCrossEntropyWithLogits:", "int32"),
                bad("sparseSoftmaxCrossEntropyWithLogits of int32 logits",
                        () -> io.gradtape.NN.sparseSoftmaxCrossEntropyWithLogits(constant(new int[] {0}, 1), constant(new int[] {1, 2}, 1, 2)),
                        "sparseSoftmaxCrossEntropyWithLogits:", "int32"),
                bad("sigmoidCrossEntropyWithLogits of int32", () -> io.gradtape.NN.sigmoidCrossEntropyWithLogits(I32, I32),
                        "sigmoidCrossEntropyWithLogits:", "int32"),
                bad("meanSquaredError of bool", () -> io.gradtape.NN.meanSquaredError(B3, B3), "meanSquaredError:", "bool"),
                bad("softplus of int32", () -> io.gradtape.NN.softplus(I32), "softplus:", "int32"),
                bad("leakyRelu of int32", () -> io.gradtape.NN.leakyRelu(I32), "leakyRelu:", "int32"),
                bad("elu of int32", () -> io.gradtape.NN.elu(I32), "elu:", "int32"),
                bad("selu of int32", () -> io.gradtape.NN.selu(I32), "selu:", "int32"),
                bad("gelu of int32", () -> io.gradtape.NN.gelu(I32), "gelu:", "int32"),
                bad("approximate gelu of int32", () -> io.gradtape.NN.gelu(I32, true), "gelu:", "int32"),
                bad("swish of int32", () -> io.gradtape.NN.swish(I32), "swish:", "int32"),
                bad("assignAdd of bool", () -> new Variable(B3).assignAdd(B3), "assignAdd:", "bool"),
                bad("assignSub of bool", () -> new Variable(B3).assignSub(B3), "assignSub:", "bool"),
                bad("cumsum of bool", () -> cumsum(B3, 0), "cumsum:", "bool"),
                bad("exclusive cumsum of bool", () -> cumsum(B3, 0, true, false), "cumsum:", "bool"),
                bad("cumprod of bool", () -> cumprod(B3, 0), "cumprod:", "bool"),
                bad("linearScan float32 with float64", () -> linearScan(f, d, 0, false), "linearScan:", "float32", "float64"),
                bad("sort of bool", () -> sort(B3, 0, false), "sort:", "bool"),
                bad("topK of bool", () -> topK(B3, 1), "topK:", "bool"),
                bad("conv2d with a dilation whose extent overflows",
                        () -> io.gradtape.NN.conv2d(zeros(DType.FLOAT32, 1, 5, 5, 1), zeros(DType.FLOAT32, 3, 3, 1, 1), one, "VALID",
                                new int[] {1 << 30}), "conv2d:"));
    }
}
