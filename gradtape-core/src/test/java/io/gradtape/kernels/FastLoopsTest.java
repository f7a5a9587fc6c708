package io.gradtape.kernels;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.kernels.FastLoops;
import io.gradtape.internal.kernels.Parallel;
import io.gradtape.internal.ops.Primitive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The elementwise fast paths ({@code FastLoops}: same shape, scalar left or right, split across threads from
 * {@link FastLoops#PARALLEL_MIN} elements) give bit-identical results to the general broadcasting kernel and to
 * plain Java arithmetic, for float32 and float64, at sizes below and above the split threshold.
 */
class FastLoopsTest {
    private int saved;

    @BeforeEach
    void save() {
        saved = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    private static final Primitive[] ARITH = {Primitive.ADD, Primitive.SUB, Primitive.MUL, Primitive.DIV};

    private static BinaryOperator<Tensor> op(Primitive p) {
        switch (p) {
            case ADD: return Tensors::add;
            case SUB: return Tensors::sub;
            case MUL: return Tensors::mul;
            default: return Tensors::div;
        }
    }

    private static DoubleBinaryOperator ref(Primitive p) {
        switch (p) {
            case ADD: return (x, y) -> x + y;
            case SUB: return (x, y) -> x - y;
            case MUL: return (x, y) -> x * y;
            default: return (x, y) -> x / y;
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 7, 16, 1001, FastLoops.PARALLEL_MIN - 1, FastLoops.PARALLEL_MIN + 17})
    void sameShapeAndScalarOperandsMatchPlainJava(int n) {
        SplittableRandom r = new SplittableRandom(n);
        float[] af = new float[n], bf = new float[n];
        double[] ad = new double[n], bd = new double[n];
        for (int i = 0; i < n; i++) {
            ad[i] = r.nextDouble(-4, 4);
            bd[i] = r.nextDouble(0.5, 4) * (r.nextBoolean() ? 1 : -1);
            af[i] = (float) ad[i];
            bf[i] = (float) bd[i];
        }
        float cf = 1.75f;
        double cd = -0.3;
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (Primitive p : ARITH) {
                DoubleBinaryOperator f = ref(p);
                BinaryOperator<Tensor> t = op(p);
                float[] want32 = new float[n], left32 = new float[n], right32 = new float[n];
                double[] want64 = new double[n], left64 = new double[n], right64 = new double[n];
                for (int i = 0; i < n; i++) {
                    want32[i] = (float) f.applyAsDouble(af[i], bf[i]);
                    left32[i] = (float) f.applyAsDouble(cf, bf[i]);
                    right32[i] = (float) f.applyAsDouble(af[i], cf);
                    want64[i] = f.applyAsDouble(ad[i], bd[i]);
                    left64[i] = f.applyAsDouble(cd, bd[i]);
                    right64[i] = f.applyAsDouble(ad[i], cd);
                }
                Tensor a32 = Tensors.constant(af, n), b32 = Tensors.constant(bf, n), c32 = Tensors.constant(cf);
                Tensor a64 = Tensors.constant(ad, n), b64 = Tensors.constant(bd, n), c64 = Tensors.constant(cd);
                String what = p + " threads=" + threads;
                assertArrayEquals(want32, t.apply(a32, b32).toFloatArray(), what);
                assertArrayEquals(left32, t.apply(c32, b32).toFloatArray(), what + " scalar left");
                assertArrayEquals(right32, t.apply(a32, c32).toFloatArray(), what + " scalar right");
                assertArrayEquals(want64, t.apply(a64, b64).toDoubleArray(), what);
                assertArrayEquals(left64, t.apply(c64, b64).toDoubleArray(), what + " scalar left");
                assertArrayEquals(right64, t.apply(a64, c64).toDoubleArray(), what + " scalar right");
                // the general broadcasting kernel: the same numbers through a (n, 1) x (1,) -> (n, 1) broadcast
                // of shape (1, n) against (n,) never takes the fast path
                Tensor general = t.apply(Tensors.reshape(a32, 1, n), b32);
                assertArrayEquals(want32, general.toFloatArray(), what + " general kernel");
                Tensor general64 = t.apply(Tensors.reshape(a64, 1, n), b64);
                assertArrayEquals(want64, general64.toDoubleArray(), what + " general kernel");
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 3, 1000, FastLoops.PARALLEL_MIN_TRANSCENDENTAL + 5})
    void unaryFastPathMatchesTheGeneralKernel(int n) {
        SplittableRandom r = new SplittableRandom(n);
        float[] af = new float[n];
        double[] ad = new double[n];
        for (int i = 0; i < n; i++) {
            ad[i] = i % 97 == 0 ? (i % 2 == 0 ? 0.0 : Double.NaN) : r.nextDouble(-3, 3);
            af[i] = (float) ad[i];
        }
        Primitive[] ops = {Primitive.NEG, Primitive.ABS, Primitive.RELU, Primitive.EXP, Primitive.LOG, Primitive.SIN,
            Primitive.COS, Primitive.TAN, Primitive.TANH, Primitive.SQRT, Primitive.SIGMOID, Primitive.SIGN};
        Tensor x32 = Tensors.constant(af, n);
        Tensor x64 = Tensors.constant(ad, n);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (Primitive p : ops) {
                float[] fast32 = (float[]) FastLoops.unary(p, af);
                double[] fast64 = (double[]) FastLoops.unary(p, ad);
                assertArrayEquals(general(p, x32).toFloatArray(), fast32, p + " float32");
                assertArrayEquals(general(p, x64).toDoubleArray(), fast64, p + " float64");
            }
        }
        assertNull(FastLoops.unary(Primitive.NEG, new int[] {1}));
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {5, 64})
    void fastBinaryDeclinesOtherCases(int n) {
        Shape s = Shape.of(n);
        assertNull(FastLoops.binary(Primitive.POW, new float[n], new float[n], s, s, s));
        assertNull(FastLoops.binary(Primitive.ADD, new float[n], new float[n * 2], s, Shape.of(2, n), Shape.of(2, n)));
        assertNull(FastLoops.binary(Primitive.ADD, new int[n], new int[n], s, s, s));
        assertEquals(DType.FLOAT32, Tensors.add(Tensors.zeros(DType.FLOAT32, n), Tensors.zeros(DType.FLOAT32, n)).dtype());
    }

    /** The op through the public API (the general unary kernel of ElementwiseKernels). */
    private static Tensor general(Primitive p, Tensor x) {
        switch (p) {
            case NEG: return Tensors.neg(x);
            case ABS: return Tensors.abs(x);
            case RELU: return Tensors.relu(x);
            case EXP: return Tensors.exp(x);
            case LOG: return Tensors.log(x);
            case SIN: return Tensors.sin(x);
            case COS: return Tensors.cos(x);
            case TAN: return Tensors.tan(x);
            case TANH: return Tensors.tanh(x);
            case SQRT: return Tensors.sqrt(x);
            case SIGMOID: return Tensors.sigmoid(x);
            default: return Tensors.sign(x);
        }
    }
}
