package io.gradtape.internal.linalg;

import io.gradtape.DType;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The plan of {@link MatrixExponential}: Higham 2005's choice of Padé degree and number of squarings from a
 * matrix's 1-norm, at and around each bound, and the coefficient tables against the Padé formula.
 */
class MatrixExponentialTest {

    @Test
    void degreeIsTheSmallestWhoseBoundHoldsInFloat64() {
        assertEquals(new MatrixExponential.Plan(3, 0), MatrixExponential.plan(0, DType.FLOAT64));
        assertEquals(new MatrixExponential.Plan(3, 0), MatrixExponential.plan(1.495585217958292e-2, DType.FLOAT64));
        assertEquals(new MatrixExponential.Plan(5, 0), MatrixExponential.plan(Math.nextUp(1.495585217958292e-2), DType.FLOAT64));
        assertEquals(new MatrixExponential.Plan(7, 0), MatrixExponential.plan(0.5, DType.FLOAT64));
        assertEquals(new MatrixExponential.Plan(9, 0), MatrixExponential.plan(2.0, DType.FLOAT64));
        assertEquals(new MatrixExponential.Plan(13, 0), MatrixExponential.plan(5.371920351148152, DType.FLOAT64));
    }

    @Test
    void squaringsAreTheCeilingOfLog2OfNormOverTheLargestBound() {
        double theta = 5.371920351148152;
        assertEquals(new MatrixExponential.Plan(13, 1), MatrixExponential.plan(Math.nextUp(theta), DType.FLOAT64));
        assertEquals(new MatrixExponential.Plan(13, 1), MatrixExponential.plan(2 * theta, DType.FLOAT64));
        assertEquals(new MatrixExponential.Plan(13, 2), MatrixExponential.plan(Math.nextUp(2 * theta), DType.FLOAT64));
        assertEquals(new MatrixExponential.Plan(13, 10), MatrixExponential.plan(1000 * theta, DType.FLOAT64));
        // TensorFlow's floor would give 9 here, leaving the scaled norm at 1000 / 512 theta > theta
        for (double t : new double[] {6, 10, 100, 1e3, 1e6, 1e100}) {
            int s = MatrixExponential.plan(t, DType.FLOAT64).squarings();
            assertEquals(true, t / Math.pow(2, s) <= theta && t / Math.pow(2, s - 1) > theta, "norm " + t + ": s = " + s);
        }
    }

    @Test
    void float32UsesDegreesThreeFiveSevenAndScalesToTheSeventh() {
        assertEquals(new MatrixExponential.Plan(3, 0), MatrixExponential.plan(0.4, DType.FLOAT32));
        assertEquals(new MatrixExponential.Plan(5, 0), MatrixExponential.plan(1.5, DType.FLOAT32));
        assertEquals(new MatrixExponential.Plan(7, 0), MatrixExponential.plan(3.9, DType.FLOAT32));
        assertEquals(new MatrixExponential.Plan(7, 1), MatrixExponential.plan(4.0, DType.FLOAT32));
        assertEquals(new MatrixExponential.Plan(7, 5), MatrixExponential.plan(100, DType.FLOAT32));
    }

    @Test
    void nonFiniteNormsHaveNoPlan() {
        assertEquals(0, MatrixExponential.plan(Double.NaN, DType.FLOAT64).degree());
        assertEquals(0, MatrixExponential.plan(Double.POSITIVE_INFINITY, DType.FLOAT32).degree());
    }

    /** {@code b_j = (2m - j)! / (j! (m - j)!)}: the [m/m] numerator's coefficients times {@code (2m)! / m!}. */
    @Test
    void coefficientTablesAreThePadeNumerators() {
        for (int m : new int[] {3, 5, 7, 9, 13}) {
            double[] table = MatrixExponential.coefficients(m);
            assertEquals(m + 1, table.length);
            for (int j = 0; j <= m; j++) {
                BigInteger b = factorial(2 * m - j).divide(factorial(j).multiply(factorial(m - j)));
                assertEquals(b.doubleValue(), table[j], "degree " + m + ", b_" + j);
            }
        }
    }

    private static BigInteger factorial(int k) {
        BigInteger r = BigInteger.ONE;
        for (int i = 2; i <= k; i++) {
            r = r.multiply(BigInteger.valueOf(i));
        }
        return r;
    }
}
