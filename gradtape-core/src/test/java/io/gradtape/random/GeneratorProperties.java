package io.gradtape.random;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** Generator: bounds and position-only dependence for any seed, size and range. */
class GeneratorProperties {
    @Property(tries = 200)
    void uniformStaysInItsHalfOpenRange(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int n,
                                        @ForAll @DoubleRange(min = -1e6, max = 1e6) double lo,
                                        @ForAll @DoubleRange(min = 1e-6, max = 1e6) @Scale(9) double width) {
        double hi = lo + width;
        double[] d = Generator.fromSeed(seed).uniform(Shape.of(n), lo, hi, DType.FLOAT64).toDoubleArray();
        for (double v : d) assertTrue(v >= lo && v < hi, v + " not in [" + lo + ", " + hi + ")");
        float flo = (float) lo, fhi = (float) hi;
        if (flo < fhi) {
            float[] f = Generator.fromSeed(seed).uniform(Shape.of(n), lo, hi, DType.FLOAT32).toFloatArray();
            for (float v : f) assertTrue(v >= flo && v < fhi, v + " not in [" + flo + ", " + fhi + ")");
        }
    }

    @Property(tries = 200)
    void uniformIntStaysInItsRange(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int n,
                                   @ForAll int a, @ForAll int b) {
        if (a == b) {
            return;
        }
        int lo = Math.min(a, b), hi = Math.max(a, b);
        for (int v : Generator.fromSeed(seed).uniformInt(Shape.of(n), lo, hi).toIntArray()) {
            assertTrue(v >= lo && v < hi);
        }
    }

    @Property(tries = 100)
    void truncatedNormalStaysWithinTwoStandardDeviations(@ForAll long seed,
                                                        @ForAll @IntRange(min = 0, max = 500) int n,
                                                        @ForAll @DoubleRange(min = -10, max = 10) double mean,
                                                        @ForAll @DoubleRange(min = 0, max = 10) double sd) {
        for (double v : Generator.fromSeed(seed).truncatedNormal(Shape.of(n), mean, sd, DType.FLOAT64).toDoubleArray()) {
            assertTrue(Math.abs(v - mean) <= 2 * sd, v + " beyond 2 sd of " + mean);
        }
    }

    @Property(tries = 100)
    void aValueDependsOnlyOnItsPosition(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int n,
                                        @ForAll @IntRange(min = 0, max = 200) int extra) {
        Generator a = Generator.fromSeed(seed), b = Generator.fromSeed(seed);
        assertArrayEquals(a.normal(n).toFloatArray(), Arrays.copyOf(b.normal(n + extra).toFloatArray(), n));
        assertArrayEquals(a.truncatedNormal(Shape.of(n), 0, 1, DType.FLOAT32).toFloatArray(),
                Arrays.copyOf(b.truncatedNormal(Shape.of(n + extra), 0, 1, DType.FLOAT32).toFloatArray(), n));
        assertArrayEquals(a.bernoulli(Shape.of(n), 0.3, DType.INT32).toIntArray(),
                Arrays.copyOf(b.bernoulli(Shape.of(n + extra), 0.3, DType.INT32).toIntArray(), n));
    }

    @Property(tries = 100)
    void permutationIsAPermutation(@ForAll long seed, @ForAll @IntRange(min = 0, max = 500) int n) {
        int[] p = Generator.fromSeed(seed).permutation(n);
        Arrays.sort(p);
        for (int i = 0; i < n; i++) assertEquals(i, p[i]);
    }
}
