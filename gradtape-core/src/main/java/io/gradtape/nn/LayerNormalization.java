package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;

import java.util.Arrays;
import java.util.Objects;

/**
 * Layer normalization (Ba, Kiros &amp; Hinton, "Layer Normalization", arXiv:1607.06450, 2016; Keras's
 * {@code LayerNormalization}): each example is normalized over its own features, not over the batch. With the
 * mean {@code mu} and the biased variance {@code var} of {@code x} over the normalized axes (by default the last
 * one), for each position of the other axes:
 * <pre>
 *   mu  = mean(x)                  over the axes
 *   var = mean((x - mu)^2)         over the axes
 *   y   = (x - mu) / sqrt(var + epsilon) * gamma + beta
 * </pre>
 * Defaults as Keras ({@code keras/src/layers/normalization/layer_normalization.py}): {@code axis = -1},
 * {@code epsilon = 1e-3}, {@code center} and {@code scale} on, {@code gamma} starting at ones and {@code beta} at
 * zeros, both trainable, shaped like the normalized axes (for {@code axis = {1, 2}} and inputs
 * {@code (batch, 20, 30)}, both {@code (20, 30)}). Without {@code scale} there is no {@code gamma} (as if it were
 * 1), without {@code center} no {@code beta} (as if it were 0). The layer behaves the same in training and
 * inference and has no moving statistics.
 *
 * <p>The variables {@code gamma} and {@code beta} (in that order, Keras's) exist once the layer is built: at
 * construction when the normalized shape is given ({@link #LayerNormalization(int)} or
 * {@link Builder#features}), otherwise at the first call, from the input's sizes at the axes and its dtype. Axes
 * may be negative (from the end) and are resolved against each input's rank; later inputs must have the same
 * sizes at the axes and the same dtype. The gradient reaches the input through the mean and the variance as
 * well.
 *
 * <pre>{@code
 * LayerNormalization ln = new LayerNormalization();
 * Tensor y = ln.call(Tensors.constant(new float[] {1, 2, 3, 4}, 1, 4));   // about [-1.34, -0.45, 0.45, 1.34]
 * ln.namedVariables().keySet();   // [gamma, beta], each (4)
 * }</pre>
 */
public class LayerNormalization extends Module {
    private final int[] axes;
    private final double epsilon;
    private final boolean center;
    private final boolean scale;
    private final Initializer gammaInitializer;
    private final Initializer betaInitializer;
    private final Regularizer gammaRegularizer;
    private final Regularizer betaRegularizer;
    private final Constraint gammaConstraint;
    private final Constraint betaConstraint;
    /** The sizes at the normalized axes once built, in the order of {@link #axes}. */
    private int[] featureShape;
    private DType builtDtype;
    private Variable gamma;
    private Variable beta;

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * A layer with Keras's defaults (last axis, {@code epsilon = 1e-3}, {@code gamma} and {@code beta}), built at
     * its first call.
     *
     * <pre>{@code
     * LayerNormalization ln = new LayerNormalization();
     * }</pre>
     */
    public LayerNormalization() {
        this(builder());
    }

    /**
     * A float32 layer over the last axis of size {@code features}, built now.
     *
     * <pre>{@code
     * LayerNormalization ln = new LayerNormalization(512);
     * ln.trainableVariables().size();   // 2
     * }</pre>
     *
     * @param features the size of the last axis, 0 or more
     * @throws IllegalArgumentException if {@code features} is negative
     */
    public LayerNormalization(int features) {
        this(builder().features(features));
    }

    private LayerNormalization(Builder b) {
        super(b.name);
        if (b.features != null && b.features.length != b.axes.length) {
            throw new IllegalArgumentException("LayerNormalization: features " + Arrays.toString(b.features)
                    + " needs one size per axis of " + Arrays.toString(b.axes));
        }
        this.axes = b.axes.clone();
        this.epsilon = b.epsilon;
        this.center = b.center;
        this.scale = b.scale;
        this.gammaInitializer = b.gammaInitializer;
        this.betaInitializer = b.betaInitializer;
        this.gammaRegularizer = b.gammaRegularizer;
        this.betaRegularizer = b.betaRegularizer;
        this.gammaConstraint = b.gammaConstraint;
        this.betaConstraint = b.betaConstraint;
        if (b.features != null) {
            build(b.features.clone(), b.dtype);
        }
    }

    /**
     * A builder for the other options: axes, epsilon, center, scale, initializers, regularizers, constraints,
     * features (to build now), dtype and name.
     *
     * <pre>{@code
     * LayerNormalization ln = LayerNormalization.builder().axis(1, 2).epsilon(1e-5).center(false).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private void build(int[] features, DType dtype) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(name() + ": LayerNormalization needs a floating input, got dtype " + dtype);
        }
        Shape s = Shape.of(features);
        // both initial values first: an initializer that throws (or returns a wrong shape) then leaves the layer
        // unbuilt, never built with a gamma and no beta
        Tensor g0 = scale ? Initializers.initialValue(name(), "gamma", gammaInitializer, s, dtype) : null;
        Tensor b0 = center ? Initializers.initialValue(name(), "beta", betaInitializer, s, dtype) : null;
        if (g0 != null) {
            checkConstraint("gamma", gammaConstraint, g0);
        }
        if (b0 != null) {
            checkConstraint("beta", betaConstraint, b0);
        }
        if (g0 != null) {
            gamma = addVariable("gamma", g0, true);
            attach(gamma, gammaRegularizer, gammaConstraint);
        }
        if (b0 != null) {
            beta = addVariable("beta", b0, true);
            attach(beta, betaRegularizer, betaConstraint);
        }
        featureShape = features;
        builtDtype = dtype;
    }

    @Override
    boolean unbuilt() {
        return featureShape == null;
    }

    /**
     * The input normalized over the layer's axes, scaled by {@code gamma} and shifted by {@code beta}; builds the
     * layer first if needed. Training or not makes no difference.
     *
     * <pre>{@code
     * new LayerNormalization(2).call(Tensors.constant(new float[] {1, 3, 5, 5}, 2, 2));   // about [[-1, 1], [0, 0]]
     * }</pre>
     *
     * @throws IllegalArgumentException if an axis is outside the input's rank, two axes are the same or out of
     *                                  increasing order once resolved, or the input's sizes at the axes or its
     *                                  dtype differ from the layer's; or, when this call builds the layer, if the
     *                                  input is not floating or an initializer returns another shape or dtype (the
     *                                  layer then stays unbuilt)
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        int rank = x.rank();
        int[] ax = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            ax[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (ax[i] < 0 || ax[i] >= rank) {
                throw new IllegalArgumentException(name() + ": axis " + Arrays.toString(axes) + " is outside the input of shape "
                        + x.shape() + " (rank " + rank + ")");
            }
            // Keras reshapes gamma, made in the order the axes are given, to the input's axis order, which
            // scrambles it for axes out of order; increasing axes make the two orders the same
            if (i > 0 && ax[i] <= ax[i - 1]) {
                throw new IllegalArgumentException(name() + ": axis " + Arrays.toString(axes) + " resolves to "
                        + Arrays.toString(Arrays.copyOf(ax, i + 1)) + " for the input of shape " + x.shape()
                        + "; give distinct axes in increasing order");
            }
        }
        int[] sizes = new int[ax.length];
        for (int i = 0; i < ax.length; i++) {
            sizes[i] = x.shape().dim(ax[i]);
        }
        if (featureShape == null) {
            build(sizes, x.dtype());
        }
        if (!Arrays.equals(sizes, featureShape) || x.dtype() != builtDtype) {
            throw new IllegalArgumentException(name() + ": input has shape " + x.shape() + " and dtype " + x.dtype()
                    + " but the layer was built for sizes " + Shape.of(featureShape) + " at axis " + Arrays.toString(axes)
                    + " and dtype " + builtDtype);
        }
        Tensor mean = Tensors.reduceMean(x, true, ax);
        Tensor centered = x.sub(mean);
        Tensor variance = Tensors.reduceMean(Tensors.square(centered), true, ax);
        Tensor inv = Tensors.rsqrt(variance.add(epsilon));
        if (gamma != null) {
            inv = inv.mul(broadcastable(gamma, ax, rank));
        }
        Tensor y = centered.mul(inv);
        return beta != null ? y.add(broadcastable(beta, ax, rank)) : y;
    }

    /**
     * {@code v} (sizes at the axes {@code ax}) reshaped to the input's rank with 1 elsewhere, unless it broadcasts
     * as it is (the axes are the trailing ones).
     */
    private static Tensor broadcastable(Tensor v, int[] ax, int rank) {
        boolean trailing = true;
        for (int i = 0; i < ax.length; i++) {
            trailing &= ax[i] == rank - ax.length + i;
        }
        if (trailing) {
            return v;
        }
        int[] b = new int[rank];
        Arrays.fill(b, 1);
        for (int i = 0; i < ax.length; i++) {
            b[ax[i]] = v.shape().dim(i);
        }
        return Tensors.reshape(v, b);
    }

    /**
     * The scale, shaped like the normalized axes, or null before the layer is built or without {@code scale}.
     *
     * <pre>{@code
     * new LayerNormalization(4).gamma().shape();   // (4)
     * }</pre>
     *
     * @return the gamma variable
     */
    public Variable gamma() {
        return gamma;
    }

    /**
     * The offset, shaped like the normalized axes, or null before the layer is built or without {@code center}.
     *
     * <pre>{@code
     * new LayerNormalization(4).beta().shape();   // (4)
     * }</pre>
     *
     * @return the beta variable
     */
    public Variable beta() {
        return beta;
    }

    /**
     * {@link LayerNormalization}'s options.
     *
     * <pre>{@code
     * LayerNormalization ln = LayerNormalization.builder().axis(-1).epsilon(1e-6).features(768).name("ln_f").build();
     * }</pre>
     */
    public static final class Builder {
        private int[] axes = {-1};
        private double epsilon = 1e-3;
        private boolean center = true;
        private boolean scale = true;
        private Initializer gammaInitializer = Initializers.ones();
        private Initializer betaInitializer = Initializers.zeros();
        private Regularizer gammaRegularizer;
        private Regularizer betaRegularizer;
        private Constraint gammaConstraint;
        private Constraint betaConstraint;
        private int[] features;
        private DType dtype = DType.FLOAT32;
        private String name;

        Builder() {
        }

        /**
         * The axes to normalize over (default {@code -1}, the last); negative ones count from the end. Once
         * resolved against the input's rank they must be distinct and increasing.
         *
         * <pre>{@code
         * LayerNormalization.builder().axis(1, 2, 3);   // all of (batch, h, w, c) but the batch
         * }</pre>
         *
         * @param axes one or more axes
         * @return this builder
         */
        public Builder axis(int... axes) {
            Objects.requireNonNull(axes, "LayerNormalization: axis is null");
            if (axes.length == 0) {
                throw new IllegalArgumentException("LayerNormalization: axis needs at least one axis");
            }
            this.axes = axes.clone();
            return this;
        }

        /**
         * Added to the variance before its square root (default {@code 1e-3}, Keras's).
         *
         * <pre>{@code
         * LayerNormalization.builder().epsilon(1e-5);   // PyTorch's default
         * }</pre>
         *
         * @param epsilon positive
         * @return this builder
         */
        public Builder epsilon(double epsilon) {
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("LayerNormalization: epsilon must be positive and finite, got " + epsilon);
            }
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Whether to add the offset {@code beta} (default true).
         *
         * <pre>{@code
         * LayerNormalization.builder().center(false);
         * }</pre>
         *
         * @param center the flag
         * @return this builder
         */
        public Builder center(boolean center) {
            this.center = center;
            return this;
        }

        /**
         * Whether to multiply by the scale {@code gamma} (default true).
         *
         * <pre>{@code
         * LayerNormalization.builder().scale(false);
         * }</pre>
         *
         * @param scale the flag
         * @return this builder
         */
        public Builder scale(boolean scale) {
            this.scale = scale;
            return this;
        }

        /**
         * The initializer of {@code gamma} (default ones). It must return a tensor of the shape and dtype it is
         * given: otherwise building the layer is an {@link IllegalArgumentException} and the layer stays unbuilt.
         *
         * <pre>{@code
         * LayerNormalization.builder().gammaInitializer(Initializers.constant(0.5));
         * }</pre>
         *
         * @param init the initializer
         * @return this builder
         */
        public Builder gammaInitializer(Initializer init) {
            this.gammaInitializer = Objects.requireNonNull(init, "LayerNormalization: gammaInitializer is null");
            return this;
        }

        /**
         * The initializer of {@code beta} (default zeros), under the same rule as
         * {@link #gammaInitializer}.
         *
         * <pre>{@code
         * LayerNormalization.builder().betaInitializer(Initializers.constant(0.1));
         * }</pre>
         *
         * @param init the initializer
         * @return this builder
         */
        public Builder betaInitializer(Initializer init) {
            this.betaInitializer = Objects.requireNonNull(init, "LayerNormalization: betaInitializer is null");
            return this;
        }

        /**
         * A penalty on {@code gamma} (Keras's {@code gamma_regularizer}; default none): {@link Module#losses()} includes
         * {@code regularizer.apply(gamma)}, computed when it is read, while {@code gamma} is trainable.
         *
         * <pre>{@code
         * LayerNormalization.builder().gammaRegularizer(Regularizers.l2(1e-4));
         * }</pre>
         *
         * @param regularizer the penalty, or null for none
         * @return this builder
         */
        public Builder gammaRegularizer(Regularizer regularizer) {
            this.gammaRegularizer = regularizer;
            return this;
        }

        /**
         * A penalty on {@code beta} (Keras's {@code beta_regularizer}; default none); see {@link #gammaRegularizer}.
         *
         * <pre>{@code
         * LayerNormalization.builder().betaRegularizer(Regularizers.l1(1e-5));
         * }</pre>
         *
         * @param regularizer the penalty, or null for none
         * @return this builder
         */
        public Builder betaRegularizer(Regularizer regularizer) {
            this.betaRegularizer = regularizer;
            return this;
        }

        /**
         * A projection of {@code gamma} after each optimizer step (Keras's {@code gamma_constraint}; default none),
         * see {@link Constraint}; tried on the initial value when the layer is built (another shape or dtype is an
         * {@link IllegalArgumentException}, and the layer stays unbuilt).
         *
         * <pre>{@code
         * LayerNormalization.builder().gammaConstraint(Constraints.nonNeg());
         * }</pre>
         *
         * @param constraint the projection, or null for none
         * @return this builder
         */
        public Builder gammaConstraint(Constraint constraint) {
            this.gammaConstraint = constraint;
            return this;
        }

        /**
         * A projection of {@code beta} after each optimizer step (Keras's {@code beta_constraint}; default none); see
         * {@link #gammaConstraint}.
         *
         * <pre>{@code
         * LayerNormalization.builder().betaConstraint(Constraints.maxNorm(1.0));
         * }</pre>
         *
         * @param constraint the projection, or null for none
         * @return this builder
         */
        public Builder betaConstraint(Constraint constraint) {
            this.betaConstraint = constraint;
            return this;
        }

        /**
         * Builds the layer at construction for inputs with these sizes at the axes, one per axis in the order of
         * {@link #axis} (Keras's {@code build(input_shape)}).
         *
         * <pre>{@code
         * LayerNormalization.builder().axis(1, 2).features(20, 30);   // gamma and beta (20, 30)
         * }</pre>
         *
         * @param features the sizes, each 0 or more
         * @return this builder
         */
        public Builder features(int... features) {
            Objects.requireNonNull(features, "LayerNormalization: features is null");
            for (int f : features) {
                if (f < 0) {
                    throw new IllegalArgumentException("LayerNormalization: features must not be negative, got "
                            + Arrays.toString(features));
                }
            }
            this.features = features.clone();
            return this;
        }

        /**
         * The variables' dtype when the layer is built at construction (default float32).
         *
         * <pre>{@code
         * LayerNormalization.builder().features(8).dtype(DType.FLOAT64);
         * }</pre>
         *
         * @param dtype float32 or float64
         * @return this builder
         */
        public Builder dtype(DType dtype) {
            this.dtype = Objects.requireNonNull(dtype, "LayerNormalization: dtype is null");
            return this;
        }

        /**
         * An explicit name (default: automatic, {@code layer_normalization}; see {@link Module}).
         *
         * <pre>{@code
         * LayerNormalization.builder().name("ln_1");
         * }</pre>
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * The layer.
         *
         * <pre>{@code
         * LayerNormalization ln = LayerNormalization.builder().build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if the features do not give one size per axis, or they are given and the
         *                                  dtype is not floating or an initializer returns another shape or dtype
         */
        public LayerNormalization build() {
            return new LayerNormalization(this);
        }
    }
}
