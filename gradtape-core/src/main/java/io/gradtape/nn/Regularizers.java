package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Locale;
import java.util.Objects;

/**
 * Keras 3's regularizers ({@code keras/src/regularizers/regularizers.py}), with its formulas and defaults. Each
 * penalty is computed with ops in the dtype of its input (the factor is cast to that dtype first, as Keras's
 * {@code ops.cast(self.l2, dtype=x.dtype)}), so inside a tape its gradient flows to a variable it reads.
 *
 * <table>
 *   <caption>The regularizers</caption>
 *   <tr><th>factory</th><th>penalty</th><th>Keras default</th></tr>
 *   <tr><td>{@link #l1(double)}</td><td>{@code l1 * sum(|x|)}</td><td>{@code l1 = 0.01}</td></tr>
 *   <tr><td>{@link #l2(double)}</td><td>{@code l2 * sum(x^2)} (no factor 1/2: the gradient is {@code 2 * l2 * x})</td><td>{@code l2 = 0.01}</td></tr>
 *   <tr><td>{@link #l1L2(double, double)}</td><td>the sum of both, each only if its factor is not 0</td><td>{@code 0, 0}</td></tr>
 *   <tr><td>{@link #orthogonal(double, String)}</td><td>{@code factor * 0.5 * sum(|P - diag(P)|) / (n (n - 1) / 2)}, {@code P} the
 *       cosines between the {@code n} rows (or columns) of a matrix</td><td>{@code 0.01, "rows"}</td></tr>
 * </table>
 *
 * <p>An L2 penalty {@code l2 * sum(w^2)} in the loss adds {@code 2 * l2 * w} to the gradient: with plain SGD that is
 * PyTorch's {@code weight_decay = 2 * l2}. With adaptive optimizers (Adam) it is not the same as decoupled weight
 * decay ({@link io.gradtape.optimizers.AdamW}).
 *
 * <pre>{@code
 * Sequential model = new Sequential(
 *         Dense.builder(64).activation("relu").kernelRegularizer(Regularizers.l2(1e-4)).build(),
 *         Dense.builder(10).kernelRegularizer(Regularizers.get("l1")).build());
 * }</pre>
 */
public final class Regularizers {
    private Regularizers() {
    }

    /**
     * Keras's {@code L1()}: {@code 0.01 * sum(|x|)}.
     *
     * <pre>{@code
     * Regularizers.l1().apply(Tensors.constant(new float[] {1f, -2f}, 2));   // 0.03
     * }</pre>
     *
     * @return the regularizer
     */
    public static Regularizer l1() {
        return l1(0.01);
    }

    /**
     * Keras's {@code L1(l1)}: {@code l1 * sum(|x|)}.
     *
     * <pre>{@code
     * Regularizers.l1(0.5).apply(Tensors.constant(new float[] {1f, -2f}, 2));   // 1.5
     * }</pre>
     *
     * @param l1 the factor, finite and non-negative
     * @return the regularizer
     * @throws IllegalArgumentException if {@code l1} is negative, NaN or infinite (Keras's {@code validate_float_arg})
     */
    public static Regularizer l1(double l1) {
        ShapeLayers.nonNegativeFactor("l1", "l1", l1);
        return x -> l1Penalty(x, l1);
    }

    /**
     * Keras's {@code L2()}: {@code 0.01 * sum(x^2)}.
     *
     * <pre>{@code
     * Regularizers.l2().apply(Tensors.constant(new float[] {1f, -2f}, 2));   // 0.05
     * }</pre>
     *
     * @return the regularizer
     */
    public static Regularizer l2() {
        return l2(0.01);
    }

    /**
     * Keras's {@code L2(l2)}: {@code l2 * sum(x^2)}, without a factor 1/2.
     *
     * <pre>{@code
     * Regularizers.l2(2.0).apply(Tensors.ones(DType.FLOAT32, 5, 5));   // 50.0
     * }</pre>
     *
     * @param l2 the factor, finite and non-negative
     * @return the regularizer
     * @throws IllegalArgumentException if {@code l2} is negative, NaN or infinite
     */
    public static Regularizer l2(double l2) {
        ShapeLayers.nonNegativeFactor("l2", "l2", l2);
        return x -> l2Penalty(x, l2);
    }

    /**
     * Keras's {@code L1L2(l1, l2)}: {@code l1 * sum(|x|) + l2 * sum(x^2)}, each term only if its factor is not 0 (so
     * {@code l1L2(0, 0)} is the constant 0 of {@code x}'s dtype, which does not depend on {@code x}). Keras's
     * constructor defaults are 0 and 0; the name {@code "l1_l2"} in {@link #get} gives 0.01 and 0.01.
     *
     * <pre>{@code
     * Regularizers.l1L2(0.1, 0.2).apply(Tensors.constant(new float[] {1f, -2f}, 2));   // 0.1 * 3 + 0.2 * 5 = 1.3
     * }</pre>
     *
     * @param l1 the L1 factor, finite and non-negative
     * @param l2 the L2 factor, finite and non-negative
     * @return the regularizer
     * @throws IllegalArgumentException if a factor is negative, NaN or infinite
     */
    public static Regularizer l1L2(double l1, double l2) {
        ShapeLayers.nonNegativeFactor("l1L2", "l1", l1);
        ShapeLayers.nonNegativeFactor("l1L2", "l2", l2);
        return x -> {
            requireFloating("l1L2", x);
            Tensor r = Tensors.zeros(x.dtype());
            if (l1 != 0) {
                r = r.add(l1Penalty(x, l1));
            }
            if (l2 != 0) {
                r = r.add(l2Penalty(x, l2));
            }
            return r;
        };
    }

    /**
     * Keras's {@code OrthogonalRegularizer()}: {@code orthogonal(0.01, "rows")}.
     *
     * <pre>{@code
     * Regularizers.orthogonal().apply(Tensors.eye(3, DType.FLOAT32));   // 0.0: orthogonal rows
     * }</pre>
     *
     * @return the regularizer
     */
    public static Regularizer orthogonal() {
        return orthogonal(0.01, "rows");
    }

    /**
     * Keras's {@code OrthogonalRegularizer(factor, mode)}, for a matrix {@code x} (a {@link Dense} kernel
     * {@code (inputSize, units)}): the rows ({@code "rows"}) or columns ({@code "columns"}) are scaled to unit
     * length, {@code x * min(1 / sqrt(sum(x^2)), 1e7)} along the other axis (Keras's {@code normalize}, so a zero
     * row stays zero), {@code P} is the matrix of their dot products, and the penalty is
     * {@code factor * 0.5 * sum(|P|, off the diagonal) / (n * (n - 1) / 2)} for {@code n} rows (columns): the
     * factor times the mean absolute cosine over the pairs. As in Keras, a single row ({@code n = 1}) gives 0 / 0,
     * NaN.
     *
     * <pre>{@code
     * Tensor w = Tensors.constant(new float[] {1f, 0f, 1f, 1f}, 2, 2);   // rows at 45 degrees
     * Regularizers.orthogonal(1.0, "rows").apply(w);   // cos 45 = 0.70710677
     * }</pre>
     *
     * @param factor the factor, finite and non-negative
     * @param mode   {@code "rows"} or {@code "columns"}
     * @return the regularizer; it refuses an input that is not a floating matrix with an
     *         {@link IllegalArgumentException} naming its shape
     * @throws IllegalArgumentException if {@code factor} is negative, NaN or infinite, or {@code mode} is another
     *                                  string
     */
    public static Regularizer orthogonal(double factor, String mode) {
        ShapeLayers.nonNegativeFactor("orthogonal", "factor", factor);
        Objects.requireNonNull(mode, "orthogonal: mode is null");
        if (!mode.equals("rows") && !mode.equals("columns")) {
            throw new IllegalArgumentException("orthogonal: mode must be \"rows\" or \"columns\", got \"" + mode + "\"");
        }
        boolean rows = mode.equals("rows");
        return x -> {
            requireFloating("orthogonal", x);
            if (x.rank() != 2) {
                throw new IllegalArgumentException("orthogonal: OrthogonalRegularizer needs a matrix (rank 2), got shape " + x.shape());
            }
            int axis = rows ? 1 : 0;
            // keras/src/ops/nn.py _normalize, order 2: x * minimum(rsqrt(sum(x^2, axis, keepdims)), 1 / epsilon)
            Tensor inv = Tensors.minimum(Tensors.rsqrt(Tensors.reduceSum(Tensors.square(x), true, axis)),
                    Tensors.constant(1.0 / Loss.EPSILON, x.dtype()));
            Tensor u = x.mul(inv);
            Tensor product = rows ? Tensors.matmul(u, u, false, true) : Tensors.matmul(u, u, true, false);
            int n = x.shape().dim(rows ? 0 : 1);
            Tensor offDiagonal = product.mul(Tensors.constant(1.0, x.dtype()).sub(Tensors.eye(n, x.dtype())));
            double pairs = n * (n - 1.0) / 2.0;
            return Tensors.abs(offDiagonal).sum().mul(factor * 0.5).div(pairs);   // factor * 0.5 exact: scaled by a power of 2
        };
    }

    /**
     * A regularizer by its Keras name, with Keras's defaults: {@code "l1"} ({@link #l1()}), {@code "l2"}
     * ({@link #l2()}), {@code "l1_l2"} ({@code l1L2(0.01, 0.01)}, the defaults Keras documents for this name) and
     * {@code "orthogonal_regularizer"} ({@link #orthogonal()}); the class names {@code "L1"}, {@code "L2"},
     * {@code "L1L2"} and {@code "OrthogonalRegularizer"} as well (Keras's {@code regularizers.get}). Null gives null
     * (no regularizer).
     *
     * <pre>{@code
     * Dense.builder(3).kernelRegularizer(Regularizers.get("l2"));   // l2 = 0.01
     * }</pre>
     *
     * @param name the name, or null
     * @return the regularizer, or null
     * @throws IllegalArgumentException for another name
     */
    public static Regularizer get(String name) {
        if (name == null) {
            return null;
        }
        switch (name) {
            case "l1":
            case "L1":
                return l1();
            case "l2":
            case "L2":
                return l2();
            case "l1_l2":
            case "L1L2":
                // keras/src/regularizers/__init__.py get() instantiates L1L2() here, whose constructor defaults
                // are 0 and 0 (a regularizer that adds nothing), while L1L2's docstring says a string identifier
                // gives l1 = l2 = 0.01, as TF 2's tf.keras.regularizers.l1_l2() did: the documented values, not a
                // silent no-op
                return l1L2(0.01, 0.01);
            case "orthogonal_regularizer":
            case "OrthogonalRegularizer":
                return orthogonal();
            default:
                throw new IllegalArgumentException("Regularizers.get: unknown regularizer \"" + name
                        + "\"; known: l1, l2, l1_l2, orthogonal_regularizer (or L1, L2, L1L2, OrthogonalRegularizer)"
                        + (name.toLowerCase(Locale.ROOT).equals(name) ? "" : "; names are case-sensitive"));
        }
    }

    private static Tensor l1Penalty(Tensor x, double l1) {
        requireFloating("l1", x);
        return Tensors.abs(x).sum().mul(l1);
    }

    private static Tensor l2Penalty(Tensor x, double l2) {
        requireFloating("l2", x);
        return Tensors.square(x).sum().mul(l2);
    }

    /** {@link ShapeLayers#requireFloating} with this class's wording. */
    private static void requireFloating(String what, Tensor x) {
        ShapeLayers.requireFloating(what, "input", "a regularizer needs a floating tensor", x);
    }
}
