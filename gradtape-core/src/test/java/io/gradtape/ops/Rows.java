package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Arrays;
import java.util.List;

import static io.gradtape.Tensors.cast;

/**
 * What several op-table files share: integer index constants, and the generators and validity rules that keep
 * samples where finite differences hold (off kinks, off clipping radii, at chosen special points).
 */
final class Rows {
    private Rows() {
    }

    /** An index tensor (INT32, or INT64 when asked) of the given shape; {@code ()} is a scalar. */
    static Tensor indices(int[] v, int[] shape, boolean int64) {
        Tensor i = shape.length == 0 ? Tensors.constant(v[0]) : Tensors.constant(v, shape);
        return int64 ? cast(i, DType.INT64) : i;
    }

    static Tensor ints(int[] v, int... shape) {
        return indices(v, shape, false);
    }

    /** clipByValue with tensor bounds: x (input 0) is off both bounds (inputs 1 and 2) after broadcasting. */
    static OpCase.Validity offBounds() {
        return (x, c) -> {
            List<NdArray> in = List.of(new NdArray(c.shape(0), x[0]), new NdArray(c.shape(1), x[1]), new NdArray(c.shape(2), x[2]));
            NdArray gap = LibraryReference.zipAll(in, v -> Math.min(Math.abs(v[0] - v[1]), Math.abs(v[0] - v[2])));
            for (double g : gap.data()) {
                if (g < 0.02) {
                    return false;
                }
            }
            return true;
        };
    }

    /** The norm of every slice over {@code axes} (none: all) of input 0 is at least {@code gap} from {@code radius}. */
    static OpCase.Validity normsAwayFrom(double radius, double gap, int... axes) {
        return (x, c) -> {
            NdArray n = LibraryReference.norm(new NdArray(c.shape(0), x[0]), false, axes);
            for (double v : n.data()) {
                if (Math.abs(v - radius) < gap) {
                    return false;
                }
            }
            return true;
        };
    }

    /** Uniform in the domain, then the slice {@code row} along axis 0 (all of it if -1) set to 0. */
    static OpCase.Generator zeroRows(int row) {
        return (r, c) -> {
            double[][] x = OpCase.uniform(r, c);
            int[] shape = c.shape(0);
            for (int j = 0; j < x[0].length; j++) {
                if (row < 0 || NdArray.unravel(j, shape)[0] == row) {
                    x[0][j] = 0;
                }
            }
            return x;
        };
    }

    /** Uniform in the domains, input {@code i} all zeros. */
    static OpCase.Generator zeroInput(int i) {
        return (r, c) -> {
            double[][] x = OpCase.uniform(r, c);
            Arrays.fill(x[i], 0);
            return x;
        };
    }

    /** Uniform in the domain, with elements {@code first, first + step, ...} of input 0 set to {@code v}. */
    static OpCase.Generator withValue(double v, int first, int step) {
        return (r, c) -> {
            double[][] x = OpCase.uniform(r, c);
            for (int j = first; j < x[0].length; j += step) {
                x[0][j] = v;
            }
            return x;
        };
    }

    /** Uniform in the domain, with elements {@code first, first + step, ...} of input 0 set to exactly 0. */
    static OpCase.Generator withZeros(int first, int step) {
        return (r, c) -> {
            double[][] x = OpCase.uniform(r, c);
            for (int j = first; j < x[0].length; j += step) {
                x[0][j] = 0;
            }
            return x;
        };
    }

    /** Every input: magnitudes uniform in {@code [lo, hi]}, random signs. */
    static OpCase.Generator large(double lo, double hi) {
        return (r, c) -> {
            double[][] x = new double[c.arity()][];
            for (int i = 0; i < x.length; i++) {
                x[i] = new double[c.size(i)];
                for (int j = 0; j < x[i].length; j++) {
                    x[i][j] = (r.nextBoolean() ? 1 : -1) * (lo + (hi - lo) * r.nextDouble());
                }
            }
            return x;
        };
    }

    /** Input 0 uniform in its domain, input 1 as {@link #large}. */
    static OpCase.Generator largeSecond(double lo, double hi) {
        return (r, c) -> {
            double[][] x = OpCase.uniform(r, c);
            for (int j = 0; j < x[1].length; j++) {
                x[1][j] = (r.nextBoolean() ? 1 : -1) * (lo + (hi - lo) * r.nextDouble());
            }
            return x;
        };
    }

    /** Whole numbers plus one half in {@code [-4.5, 3.5]}: ties of round, which go to the even neighbour. */
    static OpCase.Generator halves() {
        return (r, c) -> {
            double[][] x = new double[c.arity()][];
            for (int i = 0; i < x.length; i++) {
                x[i] = new double[c.size(i)];
                for (int j = 0; j < x[i].length; j++) {
                    x[i][j] = r.nextInt(9) - 4.5;
                }
            }
            return x;
        };
    }
}
