package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.List;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.OpCase.binary;
import static io.gradtape.ops.OpCase.op;
import static io.gradtape.ops.OpCase.s;
import static io.gradtape.ops.OpCase.unary;
import static io.gradtape.ops.Rows.*;

/**
 * The op table's rows for elementwise ops: one input ({@code neg} to {@code erf}, rounding, clipping by value,
 * casts, stopGradient), two inputs with NumPy broadcasting over every compatible pair of {@link
 * OpCase#BROADCAST_SHAPES}, the fluent {@code Tensor} methods, comparisons (BOOL, no gradient) and {@code where}.
 * One-input ops also run on {@link OpCase#LARGE_UNARY}, so the kernels' fast paths are checked too. References are
 * plain loops over {@link NdArray} and {@link LibraryReference}, never gradtape.
 */
public final class ElementwiseOpCases {
    private ElementwiseOpCases() {
    }

    /** Every case of this family. */
    public static List<OpCase> cases() {
        List<OpCase.Builder> t = new ArrayList<>();
        // one input
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
        t.add(unary("cast", ElementwiseOpCases::castToOtherFloat, x -> x).variant("float32<->float64")
                .outputDType(d -> d == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32)
                // float64 -> float32 rounds (relative 2^-24); the float32 output makes small FD steps useless, but
                // the op is linear, so a large step is exact up to that rounding.
                .tol64(0, 1e-7).fdStep(1e-2).gradTol(1e-5, 1e-5));
        // two inputs, over every compatible broadcast pair
        t.add(binary("add", Tensors::add, Double::sum));
        t.add(binary("sub", Tensors::sub, (a, b) -> a - b));
        t.add(binary("mul", Tensors::mul, (a, b) -> a * b));
        t.add(binary("div", Tensors::div, (a, b) -> a / b).domainB(0.5, 2));
        t.add(binary("pow", Tensors::pow, Math::pow).domainA(0.5, 2).domainB(-2, 2));
        t.add(binary("maximum", Tensors::maximum, Math::max).separated(0.01));
        t.add(binary("minimum", Tensors::minimum, Math::min).separated(0.01));
        t.add(binary("squaredDifference", Tensors::squaredDifference, (a, b) -> (a - b) * (a - b)));
        // floorDiv / floorMod (TensorFlow's FloorDiv, FloorMod): domains keep a / b inside one open interval
        // (k, k + 1), away from the jumps, so finite differences see the smooth piece; all three sign patterns
        t.add(binary("floorDiv", Tensors::floorDiv, (a, b) -> Math.floor(a / b)).domainA(2.2, 2.8).domainB(1.5, 1.6)
                .noGradient());
        t.add(binary("floorMod", Tensors::floorMod, ElementwiseOpCases::floorMod).domainA(2.2, 2.8).domainB(1.5, 1.6));
        t.add(binary("floorMod", Tensors::floorMod, ElementwiseOpCases::floorMod).variant("a<0")
                .domainA(-2.8, -2.2).domainB(1.5, 1.6));
        t.add(binary("floorMod", Tensors::floorMod, ElementwiseOpCases::floorMod).variant("b<0")
                .domainA(2.2, 2.8).domainB(-1.6, -1.5));
        // truncateDiv / truncateMod (TensorFlow's TruncateDiv, TruncateMod; neither has a gradient there). The
        // table's inputs are floats: truncateDiv (integers only) and the integer truncateMod get whole numbers,
        // cast to int64 inside the row, divisors kept off 0
        t.add(op("truncateDiv", in -> truncateDiv(cast(in.get(0), DType.INT64), cast(in.get(1), DType.INT64)),
                in -> NdArray.zip(in.get(0), in.get(1), (a, b) -> (double) ((long) a / (long) b)))
                .integers(-7, 7).validIf(nonZeroDivisor()).noGradient().outputDType(d -> DType.INT64)
                .shapes(s(3, 4), s(3, 4)).shapes(s(3, 1), s(1, 4)).shapes(s(), s(2, 3, 4)));
        t.add(op("truncateMod", in -> truncateMod(cast(in.get(0), DType.INT64), cast(in.get(1), DType.INT64)),
                in -> NdArray.zip(in.get(0), in.get(1), (a, b) -> (double) ((long) a % (long) b)))
                .variant("int64").integers(-7, 7).validIf(nonZeroDivisor()).noGradient().outputDType(d -> DType.INT64)
                .shapes(s(3, 4), s(3, 4)).shapes(s(2, 1, 4), s()));
        t.add(binary("truncateMod", Tensors::truncateMod, (a, b) -> a % b).domainA(-2.8, 2.8).domainB(1.5, 1.6)
                .noGradient());
        // atan2: the cut along b < 0, a = 0 and the origin are kept out of each domain
        t.add(binary("atan2", Tensors::atan2, Math::atan2).domainB(0.5, 3));
        t.add(binary("atan2", Tensors::atan2, Math::atan2).variant("a>0 b<0").domainA(0.5, 3).domainB(-3, -0.5));
        t.add(binary("atan2", Tensors::atan2, Math::atan2).variant("a<0 b<0").domainA(-3, -0.5).domainB(-3, -0.5)
                .shapes(s(3, 4), s(3, 4)).shapes(s(3, 1), s(1, 4)));
        // xlogy, xlog1py, xdivy with x != 0 (at x == 0 TensorFlow's gradient is 0 by definition, not the limit, so
        // finite differences do not apply there: XlogyTest checks those points)
        t.add(binary("xlogy", Tensors::xlogy, (x, y) -> x * Math.log(y)).domainB(0.2, 3).avoid(0, 0.05));
        t.add(binary("xlog1py", Tensors::xlog1py, (x, y) -> x * Math.log1p(y)).domainB(-0.8, 3).avoid(0, 0.05));
        t.add(binary("xdivy", Tensors::xdivy, (x, y) -> x / y).domainB(0.5, 2).avoid(0, 0.05));
        // the fluent Tensor methods (same primitives, a few shapes each)
        t.add(fluent(binary("Tensor.add", Tensor::add, Double::sum)));
        t.add(fluent(binary("Tensor.sub", Tensor::sub, (a, b) -> a - b)));
        t.add(fluent(binary("Tensor.mul", Tensor::mul, (a, b) -> a * b)));
        t.add(fluent(binary("Tensor.div", Tensor::div, (a, b) -> a / b).domainB(0.5, 2)));
        t.add(fluent(binary("Tensor.pow", Tensor::pow, Math::pow).domainA(0.5, 2).domainB(-2, 2)));
        t.add(fluent(binary("Tensor.floorMod", Tensor::floorMod, ElementwiseOpCases::floorMod).domainA(-2.8, -2.2)
                .domainB(-1.6, -1.5)));
        t.add(unary("Tensor.add", x -> x.add(1.5), x -> x + 1.5).variant("c=1.5"));
        t.add(unary("Tensor.sub", x -> x.sub(1.5), x -> x - 1.5).variant("c=1.5"));
        t.add(unary("Tensor.mul", x -> x.mul(1.5), x -> x * 1.5).variant("c=1.5"));
        t.add(unary("Tensor.div", x -> x.div(1.5), x -> x / 1.5).variant("c=1.5"));
        t.add(unary("Tensor.pow", x -> x.pow(3), x -> x * x * x).variant("p=3").domain(-2, 2));
        t.add(unary("Tensor.neg", Tensor::neg, x -> -x));
        t.add(unary("Tensor.floorMod", x -> x.floorMod(1.5), x -> floorMod(x, 1.5)).variant("c=1.5").domain(-2.8, -2.2));
        t.add(unary("Tensor.floorMod", x -> x.floorMod(2), x -> floorMod(x, 2)).variant("c=2").domain(0.2, 1.8));
        t.add(unary("Tensor.floorDiv", x -> x.floorDiv(1.5), x -> Math.floor(x / 1.5)).variant("c=1.5").domain(-2.8, -2.2)
                .noGradient());
        t.add(unary("Tensor.floorDiv", x -> x.floorDiv(2), x -> Math.floor(x / 2)).variant("c=2").domain(0.2, 1.8)
                .noGradient());
        // the comparison methods: the Tensor forms, and a Java number in either overload (whole numbers make ties)
        t.add(comparison("Tensor.equal", Tensor::equal, (a, b) -> a == b));
        t.add(comparison("Tensor.notEqual", Tensor::notEqual, (a, b) -> a != b));
        t.add(comparison("Tensor.greater", Tensor::greater, (a, b) -> a > b));
        t.add(comparison("Tensor.greaterEqual", Tensor::greaterEqual, (a, b) -> a >= b));
        t.add(comparison("Tensor.less", Tensor::less, (a, b) -> a < b));
        t.add(comparison("Tensor.lessEqual", Tensor::lessEqual, (a, b) -> a <= b));
        t.add(scalarComparison("Tensor.equal", x -> x.equal(0), x -> x == 0, "c=0"));
        t.add(scalarComparison("Tensor.notEqual", x -> x.notEqual(1.0), x -> x != 1, "c=1.0"));
        t.add(scalarComparison("Tensor.greater", x -> x.greater(0.5), x -> x > 0.5, "c=0.5"));
        t.add(scalarComparison("Tensor.greaterEqual", x -> x.greaterEqual(0), x -> x >= 0, "c=0"));
        t.add(scalarComparison("Tensor.less", x -> x.less(0), x -> x < 0, "c=0"));
        t.add(scalarComparison("Tensor.lessEqual", x -> x.lessEqual(-0.5), x -> x <= -0.5, "c=-0.5"));
        // comparisons: BOOL, no gradient; whole numbers in [-1, 1] make ties frequent
        t.add(comparison("equal", Tensors::equal, (a, b) -> a == b));
        t.add(comparison("notEqual", Tensors::notEqual, (a, b) -> a != b));
        t.add(comparison("greater", Tensors::greater, (a, b) -> a > b));
        t.add(comparison("greaterEqual", Tensors::greaterEqual, (a, b) -> a >= b));
        t.add(comparison("less", Tensors::less, (a, b) -> a < b));
        t.add(comparison("lessEqual", Tensors::lessEqual, (a, b) -> a <= b));
        // where: input 0 is a float tensor turned into the condition (x0 > 0), not differentiated
        t.add(op("where", in -> where(greater(in.get(0), zerosLike(in.get(0))), in.get(1), in.get(2)),
                in -> NdArray.where(NdArray.map(in.get(0), c -> c > 0 ? 1 : 0), in.get(1), in.get(2)))
                .constantInput(0).domain(0, -1, 1)
                .shapes(s(3, 4), s(3, 4), s(3, 4)).shapes(s(3, 1), s(1, 4), s()).shapes(s(), s(2, 3, 4), s(2, 1, 4))
                .shapes(s(2, 3, 4), s(3, 4), s(4)));
        // empty tensors
        t.add(binary("add", Tensors::add, Double::sum).variant("empty").shapes(s(0, 3), s(1, 3)).shapes(s(0, 3), s()));
        t.add(binary("mul", Tensors::mul, (a, b) -> a * b).variant("empty").shapes(s(2, 0), s(2, 1)));

        t.add(unary("log1p", Tensors::log1p, Math::log1p).domain(-0.5, 3));
        t.add(unary("log1p", Tensors::log1p, Math::log1p).variant("near 0").domain(-1e-6, 1e-6)
                .tol64(0, 1e-13).tol32(0, 1e-6).shapes(s(3, 4)));
        t.add(unary("expm1", Tensors::expm1, Math::expm1).domain(-2, 2));
        t.add(unary("expm1", Tensors::expm1, Math::expm1).variant("near 0").domain(-1e-6, 1e-6)
                .tol64(0, 1e-13).tol32(0, 1e-6).shapes(s(3, 4)));
        t.add(unary("erf", Tensors::erf, LibraryReference::erf).domain(-3, 3));
        t.add(unary("erf", Tensors::erf, LibraryReference::erf).variant("tails").domain(-6, 6).shapes(s(4, 5)));
        t.add(unary("rsqrt", Tensors::rsqrt, x -> 1 / Math.sqrt(x)).domain(0.2, 4));
        t.add(unary("reciprocal", Tensors::reciprocal, x -> 1 / x).avoid(0, 0.3));
        t.add(unary("floor", Tensors::floor, Math::floor).noGradient());
        t.add(unary("ceil", Tensors::ceil, Math::ceil).noGradient());
        t.add(unary("round", Tensors::round, Math::rint).noGradient());
        t.add(unary("round", Tensors::round, Math::rint).variant("halves to even").noGradient().shapes(s(4, 5))
                .generator(halves()));
        // clipByValue: scalar bounds, and tensor bounds that broadcast to x (each gets the clipped elements' g)
        t.add(unary("clipByValue", x -> clipByValue(x, -1, 1), x -> Math.max(-1, Math.min(1, x)))
                .variant("[-1, 1]").avoid(-1, 0.02).avoid(1, 0.02));
        t.add(op("clipByValue", in -> clipByValue(in.get(0), in.get(1), in.get(2)),
                in -> LibraryReference.zipAll(in, v -> Math.max(Math.min(v[0], v[2]), v[1])))
                .variant("tensor bounds").domain(1, -2, -0.3).domain(2, 0.3, 2)
                .validIf(offBounds()).shapes(s(3, 4), s(3, 1), s(1, 4)).shapes(s(3, 4), s(4), s()).shapes(s(), s(), s()));

        // points where a composite switches branches but the function is smooth
        t.add(unary("erf", Tensors::erf, LibraryReference::erf).variant("at 0").generator(zeroInput(0)).shapes(s(3)));

        // empty tensors: a dimension of size 0 in an input, an index list or an output
        t.add(unary("log1p", Tensors::log1p, x -> Double.NaN).variant("empty").shapes(s(0, 3)));
        t.add(unary("erf", Tensors::erf, x -> Double.NaN).variant("empty").shapes(s(0, 3)));
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

    /** A comparison of one input with a Java number: BOOL, no gradient, whole numbers in [-1, 1] make ties. */
    private static OpCase.Builder scalarComparison(String name, java.util.function.UnaryOperator<Tensor> f,
                                                   java.util.function.DoublePredicate rel, String variant) {
        return unary(name, f, x -> rel.test(x) ? 1 : 0).variant(variant)
                .outputDType(d -> DType.BOOL).noGradient().integers(-1, 1);
    }

    /** Rejects samples whose second input (a divisor) has a 0. */
    private static OpCase.Validity nonZeroDivisor() {
        return (x, c) -> {
            for (double v : x[1]) {
                if (v == 0) {
                    return false;
                }
            }
            return true;
        };
    }

    /** The floored remainder {@code a - b floor(a / b)}: the reference for floorMod away from its jumps. */
    private static double floorMod(double a, double b) {
        return a - b * Math.floor(a / b);
    }
}
