package io.gradtape;

import java.util.Arrays;

/**
 * The immutable dimensions of a {@link Tensor}: {@code ()} for a scalar, {@code (3,)} for a vector,
 * {@code (2, 3)} for a matrix. Every dimension is at least 0; the size is their product (1 for a scalar).
 *
 * <p><b>Size limit.</b> The product of the <em>non-zero</em> dimensions must fit in an {@code int}
 * (at most 2<sup>31</sup> - 1), whatever the zeros: {@code (0, 65536, 65536)} and {@code (65536, 65536, 0)} are
 * both rejected, although both have no elements. Then every element count and every stride that an op derives
 * from a shape (a product of some of its dimensions) fits in an {@code int}, so no shape arithmetic can wrap.
 *
 * <pre>{@code
 * Shape s = Shape.of(2, 3);
 * s.rank(); s.size(); s.toString();    // 2, 6, "(2, 3)"
 * }</pre>
 */
public final class Shape {
    /** The shape of a scalar, {@code ()}. */
    public static final Shape SCALAR = new Shape(new int[0], 1);

    private final int[] dims;
    private final int size;

    private Shape(int[] dims, int size) {
        this.dims = dims;
        this.size = size;
    }

    /**
     * A shape with the given dimensions (copied).
     *
     * <pre>{@code
     * Shape.of();        // ()
     * Shape.of(3);       // (3,)
     * }</pre>
     *
     * @param dims the dimensions, each at least 0
     * @return the shape
     * @throws IllegalArgumentException if a dimension is negative or the non-zero dimensions multiply to more than
     *                                  2<sup>31</sup> - 1 (see the size limit above)
     */
    public static Shape of(int... dims) {
        if (dims == null) {
            throw new NullPointerException("Shape.of: dims is null");
        }
        if (dims.length == 0) {
            return SCALAR;
        }
        long nonZero = 1;
        boolean empty = false;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("Shape.of: negative dimension in " + Arrays.toString(dims));
            }
            if (d == 0) {
                empty = true;
            } else {
                nonZero *= d; // at most (2^31 - 1)^2 < 2^63 before the check below
                if (nonZero > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("Shape.of: the non-zero dimensions of " + Arrays.toString(dims)
                            + " multiply to more than 2^31-1");
                }
            }
        }
        return new Shape(dims.clone(), empty ? 0 : (int) nonZero);
    }

    /**
     * The number of dimensions.
     *
     * <pre>{@code
     * Shape.of(2, 3).rank();   // 2
     * }</pre>
     *
     * @return 0 for a scalar
     */
    public int rank() {
        return dims.length;
    }

    /**
     * One dimension; a negative index counts from the end.
     *
     * <pre>{@code
     * Shape.of(2, 3).dim(-1);  // 3
     * }</pre>
     *
     * @param i the axis, in {@code [-rank, rank)}
     * @return the dimension
     * @throws IllegalArgumentException if the axis is out of range
     */
    public int dim(int i) {
        int a = i < 0 ? i + dims.length : i;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("Shape.dim: axis " + i + " out of range for shape " + this);
        }
        return dims[a];
    }

    /**
     * The number of elements, the product of the dimensions.
     *
     * <pre>{@code
     * Shape.of(2, 3).size();   // 6
     * }</pre>
     *
     * @return 1 for a scalar
     */
    public int size() {
        return size;
    }

    /**
     * A copy of the dimensions.
     *
     * <pre>{@code
     * Shape.of(2, 3).dims();   // {2, 3}
     * }</pre>
     *
     * @return a new array
     */
    public int[] dims() {
        return dims.clone();
    }

    /**
     * Equal when the dimensions are equal.
     *
     * <pre>{@code
     * Shape.of(2, 3).equals(Shape.of(2, 3));   // true
     * }</pre>
     */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof Shape)) {
            return false;
        }
        // a plain loop: every op compares shapes of rank 0-4, where Arrays.equals' vectorized mismatch costs more
        int[] d = ((Shape) o).dims;
        if (d.length != dims.length || ((Shape) o).size != size) {
            return false;
        }
        for (int i = 0; i < d.length; i++) {
            if (d[i] != dims[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A hash consistent with {@link #equals}.
     *
     * <pre>{@code
     * boolean same = Shape.of(2).hashCode() == Shape.of(2).hashCode();   // true
     * }</pre>
     */
    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /**
     * TensorFlow's spelling: {@code ()}, {@code (3,)}, {@code (2, 3)}.
     *
     * <pre>{@code
     * Shape.of(3).toString();  // "(3,)"
     * }</pre>
     */
    @Override
    public String toString() {
        if (dims.length == 1) {
            return "(" + dims[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i]);
        }
        return sb.append(')').toString();
    }
}
