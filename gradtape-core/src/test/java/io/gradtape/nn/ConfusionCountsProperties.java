package io.gradtape.nn;

import io.gradtape.Tensors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ConfusionCounts' bucketed path (Keras's {@code _update_confusion_matrix_variables_optimized},
 * keras/src/metrics/metrics_utils.py, taken for evenly spaced thresholds) against a direct weighted count of
 * {@code clip(p, 0, 1) > (float) t} at each threshold, not against another bucketing.
 *
 * <p>At a threshold Keras computes the bucket {@code ceil(p (n - 1)) - 1} from the float32 product, so a prediction
 * exactly on the float32 threshold {@code i / (n - 1)} is above it exactly when that product rounds above {@code i}
 * (it does for some: (float) (7 / 13.0) * 13 = 7.0000005f), and is strictly below every other threshold above and above
 * every one below. One float32 step beside a threshold can fall either way (NumPy, n = 3..299: such neighbours
 * disagree with the comparison 3431 times, two or more steps away never), so random predictions that close to a
 * threshold are moved onto it.
 */
class ConfusionCountsProperties {
    private static final double[] WEIGHTS = {0, 0.25, 0.5, 1, 2, 3};   // dyadic: every sum exact in either order

    @Property(tries = 300)
    void bucketedCountsAreTheDirectCounts(@ForAll long seed, @ForAll @IntRange(min = 3, max = 60) int n,
                                          @ForAll @IntRange(min = 1, max = 40) int size, @ForAll boolean weighted) {
        Random r = new Random(seed);
        double[] thresholds = new double[n];
        float[] t32 = new float[n];
        for (int i = 0; i < n; i++) {
            thresholds[i] = i / (double) (n - 1);
            t32[i] = (float) thresholds[i];
        }
        assertTrue(ConfusionCounts.evenlySpaced(thresholds), "the bucketed path is taken");
        float[] p = new float[size];
        float[] y = new float[size];
        float[] w = new float[size];
        for (int j = 0; j < size; j++) {
            p[j] = r.nextInt(4) == 0 ? t32[r.nextInt(n)] : (float) (-0.2 + 1.4 * r.nextDouble());   // a quarter on a threshold
            for (float t : t32) {
                if (p[j] != t && Math.abs(p[j] - t) <= Math.ulp(t)) {
                    p[j] = t;
                }
            }
            y[j] = r.nextInt(3) == 0 ? 0 : r.nextInt(2) + 1;   // targets 0, 1 or 2 (any nonzero is positive)
            w[j] = weighted ? (float) WEIGHTS[r.nextInt(WEIGHTS.length)] : 1;
        }

        double[] tp = new double[n], fp = new double[n], tn = new double[n], fn = new double[n];
        ConfusionCounts.add("Test", Tensors.constant(y, size), Tensors.constant(p, size),
                weighted ? Tensors.constant(w, size) : null, thresholds, true, -1, tp, fp, tn, fn);

        double[] etp = new double[n], efp = new double[n], etn = new double[n], efn = new double[n];
        float m = n - 1;
        for (int j = 0; j < size; j++) {
            float q = Math.min(Math.max(p[j], 0f), 1f);
            for (int k = 0; k < n; k++) {
                boolean above = q > t32[k]
                        || (q == t32[k] && q * m > k);   // on the threshold: above it iff the float32 product rounds up
                boolean positive = y[j] != 0;
                double[] into = positive ? (above ? etp : efn) : (above ? efp : etn);
                into[k] += w[j];
            }
        }
        String what = "n " + n + ", p " + java.util.Arrays.toString(p);
        assertArrayEquals(etp, tp, 0, what);
        assertArrayEquals(efp, fp, 0, what);
        assertArrayEquals(etn, tn, 0, what);
        assertArrayEquals(efn, fn, 0, what);
    }

    /** Off the thresholds' float32 rounding quirk the direct count is plain {@code p > t}: thresholds i / 2^k are exact
     * in float32 and p * 2^k is exact, so every prediction (on a threshold or not) is above exactly the thresholds it
     * exceeds. */
    @Property(tries = 200)
    void powerOfTwoSpacingIsExactlyTheComparison(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int k,
                                                 @ForAll @IntRange(min = 1, max = 40) int size) {
        Random r = new Random(seed);
        int n = (1 << k) + 1;
        double[] thresholds = new double[n];
        for (int i = 0; i < n; i++) {
            thresholds[i] = i / (double) (n - 1);
        }
        float[] p = new float[size];
        float[] y = new float[size];
        float[] w = new float[size];
        for (int j = 0; j < size; j++) {
            p[j] = r.nextBoolean() ? (float) thresholds[r.nextInt(n)] : (float) (-0.2 + 1.4 * r.nextDouble());
            y[j] = r.nextInt(2);
            w[j] = (float) WEIGHTS[r.nextInt(WEIGHTS.length)];
        }
        double[] tp = new double[n], fp = new double[n];
        ConfusionCounts.add("Test", Tensors.constant(y, size), Tensors.constant(p, size), Tensors.constant(w, size),
                thresholds, true, -1, tp, fp, null, null);
        double[] etp = new double[n], efp = new double[n];
        for (int j = 0; j < size; j++) {
            float q = Math.min(Math.max(p[j], 0f), 1f);
            for (int i = 0; i < n; i++) {
                if (q > (float) thresholds[i]) {
                    (y[j] != 0 ? etp : efp)[i] += w[j];
                }
            }
        }
        assertArrayEquals(etp, tp, 0);
        assertArrayEquals(efp, fp, 0);
    }
}
