package io.gradtape.kernels;

import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.ops.Primitive;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Vector API's float32 sin and cos compute a tail shorter than one vector element by element
 * ({@code VectorMath.trigTail}) with the same operations as the vector loop: every result must have the bits the
 * vector loop gives for the same value. Checked on every 509th float bit pattern (8.4M values per op: all signs,
 * subnormals, normals up to and past the reduction limit 2^19, infinities and NaNs; NaNs compared as NaN), each
 * computed once in a 1,024-element call (whole vectors only) and once alone (a one-element tail), and on random
 * tails of 1 to 31 elements at random offsets.
 */
class VectorMathTrigTailTest {
    private static final int BLOCK = 1024; // a multiple of every vector length

    @ParameterizedTest
    @EnumSource(value = Primitive.class, names = {"SIN", "COS"})
    void aTailHasTheVectorLoopsBits(Primitive p) {
        KernelProvider vector = VectorKernelsOrSkip.vectorKernels("nothing to compare");
        float[] a = new float[BLOCK];
        float[] whole = new float[BLOCK];
        float[] alone = new float[BLOCK];
        long bits = 0;
        long checked = 0;
        while (bits <= 0xFFFFFFFFL) {
            int n = 0;
            for (; n < BLOCK && bits <= 0xFFFFFFFFL; n++, bits += 509) {
                a[n] = Float.intBitsToFloat((int) bits);
            }
            for (int i = n; i < BLOCK; i++) {
                a[i] = 0.5f;
            }
            assertEquals(true, vector.unary32(p, a, whole, 0, BLOCK));
            for (int i = 0; i < n; i++) {
                vector.unary32(p, a, alone, i, i + 1);
            }
            for (int i = 0; i < n; i++) {
                if (Float.floatToIntBits(alone[i]) != Float.floatToIntBits(whole[i])) {
                    assertEquals(whole[i], alone[i], p + "(" + a[i] + ", bits 0x" + Integer.toHexString(Float.floatToRawIntBits(a[i]))
                            + "): alone " + alone[i] + ", in whole vectors " + whole[i]);
                }
            }
            checked += n;
        }
        assertEquals(0xFFFFFFFFL / 509 + 1, checked);

        SplittableRandom rnd = new SplittableRandom(20261203L);
        for (int round = 0; round < 2000; round++) {
            for (int i = 0; i < BLOCK; i++) {
                a[i] = round % 2 == 0 ? (float) (rnd.nextDouble(-100, 100)) : Float.intBitsToFloat(rnd.nextInt());
            }
            vector.unary32(p, a, whole, 0, BLOCK);
            int lo = rnd.nextInt(BLOCK - 32);
            int hi = lo + 1 + rnd.nextInt(31);
            java.util.Arrays.fill(alone, 0f);
            vector.unary32(p, a, alone, lo, hi);
            for (int i = lo; i < hi; i++) {
                assertEquals(Float.floatToIntBits(whole[i]), Float.floatToIntBits(alone[i]),
                        p + "(" + a[i] + ") in [" + lo + ", " + hi + ")");
            }
        }
    }
}
