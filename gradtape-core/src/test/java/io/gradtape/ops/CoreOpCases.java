package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.OpCase.binary;
import static io.gradtape.ops.OpCase.op;
import static io.gradtape.ops.OpCase.s;
import static io.gradtape.ops.OpCase.unary;

/**
 * The op table for the core ops of issue 2: one line per op (or per variant), each with a plain-Java reference.
 * The references use {@code java.lang.Math} and {@link NdArray} loops only, never gradtape.
 */
public final class CoreOpCases {
    private CoreOpCases() {
    }

    /** Every core case. */
    public static List<OpCase> cases() {
        List<OpCase.Builder> t = new ArrayList<>();

        // ---- elementwise, one input -----------------------------------------------------------------------
        t.add(unary("neg", Tensors::neg, x -> -x));
        t.add(unary("square", Tensors::square, x -> x * x));
        t.add(unary("sqrt", Tensors::sqrt, Math::sqrt).domain(0.2, 4));
        t.add(unary("exp", Tensors::exp, Math::exp).domain(-2, 2));
        t.add(unary("log", Tensors::log, Math::log).domain(0.2, 4));
        t.add(unary("sin", Tensors::sin, Math::sin));
        t.add(unary("cos", Tensors::cos, Math::cos));
        t.add(unary("tan", Tensors::tan, Math::tan).domain(-1.2, 1.2));
        t.add(unary("tanh", Tensors::tanh, Math::tanh));
        t.add(unary("sigmoid", Tensors::sigmoid, x -> 1 / (1 + Math.exp(-x))).domain(-4, 4));
        t.add(unary("relu", Tensors::relu, x -> x > 0 ? x : 0).avoid(0));
        t.add(unary("abs", Tensors::abs, Math::abs).avoid(0));
        t.add(unary("sign", Tensors::sign, Math::signum).avoid(0));
        t.add(unary("identity", Tensors::identity, x -> x));
        t.add(unary("pow", x -> pow(x, 0), x -> 1).variant("p=0"));
        t.add(unary("pow", x -> pow(x, 1), x -> x).variant("p=1"));
        t.add(unary("pow", x -> pow(x, 2), x -> x * x).variant("p=2"));
        t.add(unary("pow", x -> pow(x, 3), x -> x * x * x).variant("p=3").domain(-2, 2));
        t.add(unary("pow", x -> pow(x, 0.5), Math::sqrt).variant("p=0.5").domain(0.2, 4));
        t.add(unary("pow", x -> pow(x, -1.5), x -> Math.pow(x, -1.5)).variant("p=-1.5").domain(0.5, 2));
        t.add(unary("stopGradient", Tensors::stopGradient, x -> x).noGradient());
        t.add(unary("cast", CoreOpCases::castToOtherFloat, x -> x).variant("float32<->float64")
                .outputDType(d -> d == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32)
                // float64 -> float32 rounds (relative 2^-24); the float32 output makes small FD steps useless, but
                // the op is linear, so a large step is exact up to that rounding.
                .tol64(0, 1e-7).fdStep(1e-2).gradTol(1e-5, 1e-5));

        // ---- elementwise, two inputs, over every compatible broadcast pair ------------------------------
        t.add(binary("add", Tensors::add, Double::sum));
        t.add(binary("sub", Tensors::sub, (a, b) -> a - b));
        t.add(binary("mul", Tensors::mul, (a, b) -> a * b));
        t.add(binary("div", Tensors::div, (a, b) -> a / b).domainB(0.5, 2));
        t.add(binary("pow", Tensors::pow, Math::pow).domainA(0.5, 2).domainB(-2, 2));
        t.add(binary("maximum", Tensors::maximum, Math::max).separated(0.01));
        t.add(binary("minimum", Tensors::minimum, Math::min).separated(0.01));

        // ---- the fluent Tensor methods (same primitives, a few shapes each) -----------------------------
        t.add(fluent(binary("Tensor.add", Tensor::add, Double::sum)));
        t.add(fluent(binary("Tensor.sub", Tensor::sub, (a, b) -> a - b)));
        t.add(fluent(binary("Tensor.mul", Tensor::mul, (a, b) -> a * b)));
        t.add(fluent(binary("Tensor.div", Tensor::div, (a, b) -> a / b).domainB(0.5, 2)));
        t.add(fluent(binary("Tensor.pow", Tensor::pow, Math::pow).domainA(0.5, 2).domainB(-2, 2)));
        t.add(unary("Tensor.add", x -> x.add(1.5), x -> x + 1.5).variant("c=1.5"));
        t.add(unary("Tensor.sub", x -> x.sub(1.5), x -> x - 1.5).variant("c=1.5"));
        t.add(unary("Tensor.mul", x -> x.mul(1.5), x -> x * 1.5).variant("c=1.5"));
        t.add(unary("Tensor.div", x -> x.div(1.5), x -> x / 1.5).variant("c=1.5"));
        t.add(unary("Tensor.pow", x -> x.pow(3), x -> x * x * x).variant("p=3").domain(-2, 2));
        t.add(unary("Tensor.neg", Tensor::neg, x -> -x));
        t.add(op("Tensor.matmul", in -> in.get(0).matmul(in.get(1)), in -> NdArray.matmul(in.get(0), in.get(1), false, false))
                .shapes(s(3, 4), s(4, 2)).shapes(s(2, 3, 4), s(4, 2)));
        t.add(op("Tensor.sum", in -> in.get(0).sum(), in -> NdArray.reduce(in.get(0), NdArray.Reduce.SUM, false))
                .shapes(s(3, 4)));
        t.add(op("Tensor.sum", in -> in.get(0).sum(-1), in -> NdArray.reduce(in.get(0), NdArray.Reduce.SUM, false, -1))
                .variant("axes=[-1]").shapes(s(2, 3, 4)));
        t.add(op("Tensor.mean", in -> in.get(0).mean(), in -> NdArray.reduce(in.get(0), NdArray.Reduce.MEAN, false))
                .shapes(s(3, 4)));
        t.add(op("Tensor.mean", in -> in.get(0).mean(0, 2), in -> NdArray.reduce(in.get(0), NdArray.Reduce.MEAN, false, 0, 2))
                .variant("axes=[0, 2]").shapes(s(2, 3, 4)));
        t.add(op("Tensor.reshape", in -> in.get(0).reshape(4, -1), in -> NdArray.reshape(in.get(0), 4, -1))
                .variant("[4, -1]").shapes(s(2, 3, 4)));
        t.add(op("Tensor.transpose", in -> in.get(0).transpose(), in -> NdArray.transpose(in.get(0), 1, 0))
                .shapes(s(3, 4)));

        // ---- comparisons: BOOL, no gradient; whole numbers in [-1, 1] make ties frequent ----------------
        t.add(comparison("equal", Tensors::equal, (a, b) -> a == b));
        t.add(comparison("notEqual", Tensors::notEqual, (a, b) -> a != b));
        t.add(comparison("greater", Tensors::greater, (a, b) -> a > b));
        t.add(comparison("greaterEqual", Tensors::greaterEqual, (a, b) -> a >= b));
        t.add(comparison("less", Tensors::less, (a, b) -> a < b));
        t.add(comparison("lessEqual", Tensors::lessEqual, (a, b) -> a <= b));

        // ---- where: input 0 is a float tensor turned into the condition (x0 > 0), not differentiated ----
        t.add(op("where", in -> where(greater(in.get(0), zerosLike(in.get(0))), in.get(1), in.get(2)),
                in -> NdArray.where(NdArray.map(in.get(0), c -> c > 0 ? 1 : 0), in.get(1), in.get(2)))
                .constantInput(0).domain(0, -1, 1)
                .shapes(s(3, 4), s(3, 4), s(3, 4)).shapes(s(3, 1), s(1, 4), s()).shapes(s(), s(2, 3, 4), s(2, 1, 4))
                .shapes(s(2, 3, 4), s(3, 4), s(4)));

        // ---- reductions: all axes, one axis, a negative axis, several axes, keepDims --------------------
        t.addAll(reductions("reduceSum", Tensors::reduceSum, Tensors::reduceSum, NdArray.Reduce.SUM, false));
        t.addAll(reductions("reduceMean", Tensors::reduceMean, Tensors::reduceMean, NdArray.Reduce.MEAN, false));
        t.addAll(reductions("reduceMax", Tensors::reduceMax, Tensors::reduceMax, NdArray.Reduce.MAX, true));
        t.addAll(reductions("reduceMin", Tensors::reduceMin, Tensors::reduceMin, NdArray.Reduce.MIN, true));

        // ---- matmul: rank 2, the transposed variants, batched with broadcast batch dimensions ---------
        t.add(matmul(false, false).shapes(s(3, 4), s(4, 2)).shapes(s(1, 5), s(5, 1)).shapes(s(2, 3, 4), s(2, 4, 2))
                .shapes(s(2, 3, 4), s(4, 2)).shapes(s(3, 4), s(2, 4, 2)).shapes(s(2, 1, 3, 4), s(3, 4, 2))
                .shapes(s(12, 10), s(10, 8)).shapes(s(20, 16), s(16, 12)));
        t.add(matmul(true, false).shapes(s(4, 3), s(4, 2)).shapes(s(2, 4, 3), s(1, 4, 2)));
        t.add(matmul(false, true).shapes(s(3, 4), s(2, 4)).shapes(s(2, 3, 4), s(2, 4)));
        t.add(matmul(true, true).shapes(s(4, 3), s(2, 4)).shapes(s(2, 1, 4, 3), s(3, 2, 4)));

        // ---- shape and movement ------------------------------------------------------------------------
        t.add(reshape(2, -1).shapes(s(3, 4)));
        t.add(reshape(4, 6).shapes(s(2, 3, 4)));
        t.add(reshape(-1).shapes(s(2, 3, 4)));
        t.add(reshape(1, 1).shapes(s()));
        t.add(reshape().shapes(s(1, 1)));
        t.add(reshape(3, 1, 2).shapes(s(6)));
        t.add(transpose().shapes(s(3, 4)).shapes(s(2, 3, 4)).shapes(s(5)).shapes(s()));
        t.add(transpose(1, 0, 2).shapes(s(2, 3, 4)));
        t.add(transpose(2, 0, 1).shapes(s(2, 3, 4)));
        t.add(transpose(0, 2, 1).shapes(s(2, 3, 4)));
        t.add(concat(0).shapes(s(2, 3), s(1, 3)).shapes(s(4), s(2)).shapes(s(3)));
        t.add(concat(-1).shapes(s(2, 3), s(2, 2), s(2, 1)));
        t.add(concat(1).shapes(s(2, 1, 4), s(2, 3, 4)));
        t.add(broadcastTo(2, 3, 4).shapes(s(3, 1)).shapes(s(2, 1, 4)).shapes(s()).shapes(s(2, 3, 4)));
        t.add(broadcastTo(3, 4).shapes(s(4)).shapes(s(3, 1)));
        t.add(slice(s(1, 2), s(2, -1)).shapes(s(4, 5)));
        t.add(slice(s(0, 1, 1), s(2, 2, 2)).shapes(s(2, 3, 4)));
        t.add(slice(s(0), s(5)).shapes(s(5)));
        t.add(slice(s(3), s(0)).shapes(s(5)));
        t.add(pad(s(1, 0), s(2, 3)).shapes(s(3, 4)));
        t.add(pad(s(2), s(0)).shapes(s(4)));
        t.add(pad(s(0, 1, 0), s(1, 0, 2)).shapes(s(2, 3, 4)));

        // ---- softmax and logSoftmax along an axis ------------------------------------------------------
        for (int[][] sa : new int[][][] {{s(5), s(0)}, {s(3, 4), s(-1)}, {s(3, 4), s(0)}, {s(2, 3, 4), s(1)}}) {
            int axis = sa[1][0];
            t.add(op("softmax", in -> softmax(in.get(0), axis), in -> NdArray.softmax(in.get(0), axis))
                    .variant("axis=" + axis).shapes(sa[0]));
            t.add(op("logSoftmax", in -> logSoftmax(in.get(0), axis), in -> NdArray.logSoftmax(in.get(0), axis))
                    .variant("axis=" + axis).shapes(sa[0]));
        }
        // ---- empty tensors: a dimension of size 0 (outputs of size 0, or a matmul over k = 0 giving zeros) --
        t.add(binary("add", Tensors::add, Double::sum).variant("empty").shapes(s(0, 3), s(1, 3)).shapes(s(0, 3), s()));
        t.add(binary("mul", Tensors::mul, (a, b) -> a * b).variant("empty").shapes(s(2, 0), s(2, 1)));
        t.add(op("reduceSum", in -> reduceSum(in.get(0), 0), in -> NdArray.reduce(in.get(0), NdArray.Reduce.SUM, false, 0))
                .variant("empty axes=[0]").shapes(s(0, 3)));
        t.add(op("reduceMean", in -> reduceMean(in.get(0), 1), in -> NdArray.reduce(in.get(0), NdArray.Reduce.MEAN, false, 1))
                .variant("empty axes=[1]").shapes(s(0, 3)));
        t.add(op("reduceMax", in -> reduceMax(in.get(0), 0), in -> NdArray.reduce(in.get(0), NdArray.Reduce.MAX, false, 0))
                .variant("empty axes=[0]").shapes(s(0, 3)));
        t.add(matmul(false, false).variant("empty").shapes(s(2, 0), s(0, 3)).shapes(s(0, 3), s(3, 2)).shapes(s(2, 3), s(3, 0))
                .shapes(s(2, 0, 3), s(3, 2)));
        t.add(matmul(true, false).variant("empty transposeA").shapes(s(0, 2), s(0, 3)).shapes(s(3, 0), s(3, 2)));
        t.add(matmul(false, true).variant("empty transposeB").shapes(s(2, 3), s(0, 3)).shapes(s(2, 0), s(3, 0)));
        t.add(concat(0).variant("empty axis=0").shapes(s(0, 3), s(2, 3)));
        t.add(transpose().variant("empty default").shapes(s(0, 3)));
        t.add(op("softmax", in -> softmax(in.get(0), -1), in -> NdArray.softmax(in.get(0), -1)).variant("empty axis=-1")
                .shapes(s(0, 3)));
        return OpCase.expand(t);
    }

    // ------------------------------------------------------------------------------------ row helpers

    private static Tensor castToOtherFloat(Tensor x) {
        return cast(x, x.dtype() == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32);
    }

    private static OpCase.Builder fluent(OpCase.Builder b) {
        return b.shapes(s(3, 4), s(3, 4)).shapes(s(3, 1), s(1, 4)).shapes(s(), s(2, 3, 4));
    }

    /** A boolean relation of two doubles. */
    private interface Relation {
        boolean test(double a, double b);
    }

    private static OpCase.Builder comparison(String name, java.util.function.BinaryOperator<Tensor> f, Relation rel) {
        return binary(name, f, (a, b) -> rel.test(a, b) ? 1 : 0)
                .outputDType(d -> DType.BOOL).noGradient().integers(-1, 1)
                .shapes(s(3, 4), s(3, 4)).shapes(s(3, 1), s(1, 4)).shapes(s(), s(2, 3, 4)).shapes(s(2, 1, 4), s());
    }

    /** {@code reduceX(x, axes...)}. */
    private interface Reduce {
        Tensor apply(Tensor x, int... axes);
    }

    /** {@code reduceX(x, keepDims, axes...)}. */
    private interface ReduceKeep {
        Tensor apply(Tensor x, boolean keepDims, int... axes);
    }

    /** The standard axis variants of one reduction; max and min sample distinct values (no ties). */
    private static List<OpCase.Builder> reductions(String name, Reduce plain, ReduceKeep keep, NdArray.Reduce kind,
                                                   boolean distinct) {
        List<OpCase.Builder> rows = new ArrayList<>();
        Object[][] variants = {
            // keepDims, axes, shapes...
            {false, s(), new int[][] {s(3, 4), s(2, 3, 4), s(5)}},
            {false, s(0), new int[][] {s(3, 4), s(5)}},
            {false, s(-1), new int[][] {s(2, 3, 4), s(3, 4)}},
            {false, s(1), new int[][] {s(2, 3, 4)}},
            {false, s(0, 2), new int[][] {s(2, 3, 4)}},
            {false, s(-1, 0), new int[][] {s(2, 3, 4)}},
            {true, s(), new int[][] {s(3, 4)}},
            {true, s(1), new int[][] {s(2, 3, 4)}},
            {true, s(-1), new int[][] {s(3, 4)}},
            {true, s(0, 2), new int[][] {s(2, 3, 4)}},
        };
        for (Object[] v : variants) {
            boolean keepDims = (Boolean) v[0];
            int[] axes = (int[]) v[1];
            OpCase.Builder b = op(name,
                    in -> keepDims ? keep.apply(in.get(0), true, axes) : plain.apply(in.get(0), axes),
                    in -> NdArray.reduce(in.get(0), kind, keepDims, axes))
                    .variant("axes=" + Arrays.toString(axes) + (keepDims ? " keepDims" : ""));
            for (int[] shape : (int[][]) v[2]) {
                b.shapes(shape);
            }
            if (distinct) {
                b.distinct();
            }
            rows.add(b);
        }
        // the scalar: no axes reduce nothing
        rows.add(op(name, in -> plain.apply(in.get(0)), in -> NdArray.reduce(in.get(0), kind, false)).variant("axes=[]").shapes(s()));
        // a larger input, which the driver checks in random directions
        OpCase.Builder big = op(name, in -> plain.apply(in.get(0), 1), in -> NdArray.reduce(in.get(0), kind, false, 1))
                .variant("axes=[1]").shapes(s(8, 9, 10));
        rows.add(distinct ? big.distinct() : big);
        return rows;
    }

    private static OpCase.Builder matmul(boolean ta, boolean tb) {
        String v = (ta ? "transposeA " : "") + (tb ? "transposeB" : "");
        return op("matmul", in -> Tensors.matmul(in.get(0), in.get(1), ta, tb), in -> NdArray.matmul(in.get(0), in.get(1), ta, tb))
                .variant(v.trim()).tol32(1e-4, 1e-5);
    }

    private static OpCase.Builder reshape(int... to) {
        return op("reshape", in -> Tensors.reshape(in.get(0), to), in -> NdArray.reshape(in.get(0), to))
                .variant(Arrays.toString(to));
    }

    private static OpCase.Builder transpose(int... perm) {
        return op("transpose", in -> Tensors.transpose(in.get(0), perm), in -> {
            NdArray a = in.get(0);
            int[] p = perm;
            if (p.length == 0) {
                p = new int[a.rank()];
                for (int i = 0; i < p.length; i++) {
                    p[i] = a.rank() - 1 - i;
                }
            }
            return NdArray.transpose(a, p);
        }).variant(perm.length == 0 ? "default" : "perm=" + Arrays.toString(perm));
    }

    private static OpCase.Builder concat(int axis) {
        return op("concat", in -> Tensors.concat(in, axis), in -> NdArray.concat(in, axis)).variant("axis=" + axis);
    }

    private static OpCase.Builder broadcastTo(int... shape) {
        return op("broadcastTo", in -> Tensors.broadcastTo(in.get(0), shape), in -> NdArray.broadcastTo(in.get(0), shape))
                .variant("to " + NdArray.format(shape));
    }

    private static OpCase.Builder slice(int[] begin, int[] size) {
        return op("slice", in -> Tensors.slice(in.get(0), begin, size), in -> NdArray.slice(in.get(0), begin, size))
                .variant("begin=" + Arrays.toString(begin) + " size=" + Arrays.toString(size));
    }

    private static OpCase.Builder pad(int[] before, int[] after) {
        return op("pad", in -> Tensors.pad(in.get(0), before, after), in -> NdArray.pad(in.get(0), before, after))
                .variant("before=" + Arrays.toString(before) + " after=" + Arrays.toString(after));
    }
}
