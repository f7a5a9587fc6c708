package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.gradtape.Tensors.add;
import static io.gradtape.Tensors.broadcastTo;
import static io.gradtape.Tensors.reduceSum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Properties of NumPy broadcasting over random compatible shape pairs (ranks 0 to 4, dimensions 1 to 4, each
 * operand a suffix of the output shape with some dimensions set to 1).
 */
class BroadcastProperties {

    /** Two shapes that broadcast: both are suffixes of one shape, with some dimensions replaced by 1. */
    @Provide
    Arbitrary<int[][]> compatibleShapes() {
        Arbitrary<int[]> out = Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(0).ofMaxSize(4);
        return out.flatMap(o -> Combinators.combine(operand(o), operand(o)).as((a, b) -> new int[][] {a, b}));
    }

    private static Arbitrary<int[]> operand(int[] out) {
        return Arbitraries.integers().between(0, out.length).flatMap(rank -> Arbitraries.of(true, false).list().ofSize(rank)
                .map(keep -> {
                    int[] s = new int[rank];
                    for (int i = 0; i < rank; i++) {
                        s[i] = keep.get(i) ? out[out.length - rank + i] : 1;
                    }
                    return s;
                }));
    }

    private static Tensor random(int[] shape, DType dtype, Random r) {
        double[] v = new double[NdArray.size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = 4 * r.nextDouble() - 2;
        }
        return OpCase.tensor(v, shape, dtype);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
    void addEqualsAddingBroadcastCopies(@ForAll("compatibleShapes") int[][] shapes, @ForAll long seed, @ForAll boolean float32) {
        DType dtype = float32 ? DType.FLOAT32 : DType.FLOAT64;
        Random r = new Random(seed);
        Tensor a = random(shapes[0], dtype, r);
        Tensor b = random(shapes[1], dtype, r);
        int[] out = NdArray.broadcastShape(shapes[0], shapes[1]);
        assertNotNull(out);

        Tensor sum = add(a, b);
        Tensor copies = add(broadcastTo(a, out), broadcastTo(b, out));
        String what = NdArray.format(shapes[0]) + " + " + NdArray.format(shapes[1]) + " " + dtype;
        assertArrayEquals(out, sum.shape().dims(), what);
        assertArrayEquals(out, copies.shape().dims(), what);
        assertEquals(dtype, sum.dtype(), what);
        // the same additions of the same numbers: bit for bit equal
        assertArrayEquals(copies.toDoubleArray(), sum.toDoubleArray(), 0, what);
        // and equal to the plain-Java reference
        NdArray want = NdArray.zip(new NdArray(shapes[0], a.toDoubleArray()), new NdArray(shapes[1], b.toDoubleArray()), Double::sum);
        assertArrayEquals(float32 ? toFloat(want.data()) : want.data(), sum.toDoubleArray(), 0, what);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
    void gradientOfSummedAddCountsTheRepeats(@ForAll("compatibleShapes") int[][] shapes, @ForAll long seed, @ForAll boolean float32) {
        DType dtype = float32 ? DType.FLOAT32 : DType.FLOAT64;
        Random r = new Random(seed);
        Tensor a = random(shapes[0], dtype, r);
        Tensor b = random(shapes[1], dtype, r);
        int outSize = NdArray.size(NdArray.broadcastShape(shapes[0], shapes[1]));
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(a, b);
            y = reduceSum(add(a, b));
        }
        List<Tensor> g = tape.gradient(y, List.of(a, b));
        for (int k = 0; k < 2; k++) {
            Tensor x = k == 0 ? a : b;
            Tensor gx = g.get(k);
            String what = "d sum(a + b) / d " + (k == 0 ? "a" : "b") + " for " + NdArray.format(shapes[0]) + " + "
                    + NdArray.format(shapes[1]) + " " + dtype;
            assertNotNull(gx, what);
            assertEquals(x.shape(), gx.shape(), what);
            assertEquals(dtype, gx.dtype(), what);
            // each element of x is repeated outSize / x.size() times in the sum
            double[] want = new double[x.size()];
            Arrays.fill(want, (double) outSize / x.size());
            assertArrayEquals(want, gx.toDoubleArray(), 0, what);
        }
    }

    private static double[] toFloat(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (float) v[i];
        }
        return r;
    }
}
