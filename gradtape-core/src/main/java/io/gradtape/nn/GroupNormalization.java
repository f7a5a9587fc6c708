package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;

import java.util.Arrays;
import java.util.Objects;

/**
 * Group normalization (Wu &amp; He, "Group Normalization", ECCV 2018; Keras's {@code GroupNormalization},
 * keras/src/layers/normalization/group_normalization.py): the channels of each example are split into
 * {@code groups} groups of consecutive channels, and each group is normalized over its channels and every other
 * non-batch axis, for example over {@code (H, W, C / groups)} for an NHWC image. With the mean {@code mu} and the
 * biased variance {@code var} of a group:
 * <pre>
 *   y = (x - mu) / sqrt(var + epsilon) * gamma[c] + beta[c]
 * </pre>
 * computed as Keras does, {@code inv = rsqrt(var + epsilon) * gamma}, {@code y = x inv + (beta - mu inv)}. One group
 * is layer normalization over all non-batch axes; {@code groups = -1} (as many groups as channels) is instance
 * normalization. The statistics never involve the batch, so training and inference are the same and there are no
 * moving statistics.
 *
 * <p>Defaults as Keras: {@code groups = 32}, {@code axis = -1} (the channels), {@code epsilon = 1e-3},
 * {@code center} and {@code scale} on; {@code gamma} (ones) and {@code beta} (zeros), both {@code (channels,)},
 * trainable, made in that order. The channels must be a multiple of the groups (Keras's build refuses otherwise).
 * Built at construction when the channels are given ({@link Builder#channels}), otherwise at the first call. Masks
 * pass through unchanged and do not enter the statistics (Keras's {@code supports_masking=True}, with no mask
 * argument in {@code call}).
 *
 * <pre>{@code
 * GroupNormalization gn = new GroupNormalization(2);
 * Tensor x = Tensors.constant(new float[] {1, 3, 10, 30}, 1, 4);   // groups {1, 3} and {10, 30}
 * gn.call(x);   // about [[-0.9995, 0.9995, -1, 1]]
 * }</pre>
 */
public class GroupNormalization extends Module {
    private final int groupsOption;
    private final int axis;
    private final double epsilon;
    private final boolean center;
    private final boolean scale;
    private final Initializer gammaInitializer;
    private final Initializer betaInitializer;
    /** The groups once built ({@code -1} resolved to the channels); 0 before. */
    private int groups;
    private int channels = -1;
    private DType builtDtype;
    private Variable gamma;
    private Variable beta;

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * A layer with Keras's defaults (32 groups over the last axis), built at its first call.
     *
     * <pre>{@code
     * GroupNormalization gn = new GroupNormalization();
     * }</pre>
     */
    public GroupNormalization() {
        this(builder());
    }

    /**
     * A layer with {@code groups} groups over the last axis, built at its first call.
     *
     * <pre>{@code
     * GroupNormalization gn = new GroupNormalization(8);
     * }</pre>
     *
     * @param groups positive, or -1 for one group per channel
     * @throws IllegalArgumentException for 0 or a negative value other than -1
     */
    public GroupNormalization(int groups) {
        this(builder().groups(groups));
    }

    private GroupNormalization(Builder b) {
        super(b.name);
        this.groupsOption = b.groups;
        this.axis = b.axis;
        this.epsilon = b.epsilon;
        this.center = b.center;
        this.scale = b.scale;
        this.gammaInitializer = b.gammaInitializer;
        this.betaInitializer = b.betaInitializer;
        if (b.channels > 0) {
            build(b.channels, b.dtype);
        }
    }

    /**
     * A builder for the other options: groups, axis, epsilon, center, scale, initializers, channels (to build now),
     * dtype and name.
     *
     * <pre>{@code
     * GroupNormalization gn = GroupNormalization.builder().groups(4).epsilon(1e-5).channels(16).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private void build(int dim, DType dtype) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(name() + ": GroupNormalization needs a floating input, got dtype " + dtype);
        }
        int g = groupsOption == -1 ? dim : groupsOption;
        // keras/src/layers/normalization/group_normalization.py, build: more groups than channels, or channels that
        // are not a multiple of the groups, are a ValueError (no channel at all: no group to split them into)
        if (dim == 0 || dim < g || dim % g != 0) {
            throw new IllegalArgumentException(name() + ": GroupNormalization with " + g + " groups"
                    + (groupsOption == -1 ? " (-1: one per channel)" : "") + " needs a positive multiple of " + g
                    + " channels at axis " + axis + ", got " + dim);
        }
        Shape s = Shape.of(dim);
        Tensor g0 = scale ? Initializers.initialValue(name(), "gamma", gammaInitializer, s, dtype) : null;
        Tensor b0 = center ? Initializers.initialValue(name(), "beta", betaInitializer, s, dtype) : null;
        if (g0 != null) {
            gamma = addVariable("gamma", g0, true);
        }
        if (b0 != null) {
            beta = addVariable("beta", b0, true);
        }
        groups = g;
        channels = dim;
        builtDtype = dtype;
    }

    @Override
    boolean unbuilt() {
        return channels < 0;
    }

    /**
     * The input with each group of channels normalized, scaled by {@code gamma} and shifted by {@code beta}; builds
     * the layer first if needed.
     *
     * <pre>{@code
     * new GroupNormalization(4).call(Tensors.zeros(DType.FLOAT32, 2, 8, 8, 16)).shape();   // (2, 8, 8, 16)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input has rank below 2, the axis is outside its rank or is the batch
     *                                  axis, or its channels or dtype differ from the layer's; or, when this call
     *                                  builds the layer, if the input is not floating, its channels are not a
     *                                  positive multiple of the groups, or an initializer returns another shape or
     *                                  dtype (the layer then stays unbuilt)
     */
    @Override
    public Tensor call(Tensor x) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        int rank = x.rank();
        int ax = axis < 0 ? axis + rank : axis;
        if (rank < 2 || ax < 1 || ax >= rank) {
            throw new IllegalArgumentException(name() + ": GroupNormalization's axis " + axis + " must name a non-batch axis of the"
                    + " input, got shape " + x.shape());
        }
        int dim = x.shape().dim(ax);
        if (channels < 0) {
            build(dim, x.dtype());
        }
        if (dim != channels || x.dtype() != builtDtype) {
            throw new IllegalArgumentException(name() + ": input has shape " + x.shape() + " and dtype " + x.dtype()
                    + " but the layer was built for " + channels + " channels at axis " + axis + " and dtype " + builtDtype);
        }
        // (..., C, ...) as (..., groups, C / groups, ...), the statistics over every axis but the batch and the groups
        int[] d = x.shape().dims();
        int[] grouped = new int[rank + 1];
        int[] bshape = new int[rank + 1];
        Arrays.fill(bshape, 1);
        for (int i = 0, j = 0; i < rank; i++) {
            if (i == ax) {
                grouped[j] = groups;
                bshape[j++] = groups;
                grouped[j] = dim / groups;
                bshape[j++] = dim / groups;
            } else {
                grouped[j++] = d[i];
            }
        }
        int[] reduce = new int[rank - 1];
        for (int i = 1, j = 0; i <= rank; i++) {
            if (i != ax) {
                reduce[j++] = i;
            }
        }
        Tensor r = Tensors.reshape(x, grouped);
        NN.Moments m = NN.moments(r, true, reduce);
        Tensor inv = Tensors.rsqrt(m.variance().add(epsilon));
        if (gamma != null) {
            inv = inv.mul(Tensors.reshape(gamma, bshape));
        }
        Tensor res = m.mean().neg().mul(inv);
        if (beta != null) {
            res = res.add(Tensors.reshape(beta, bshape));
        }
        return Tensors.reshape(r.mul(inv).add(res), d);
    }

    /**
     * The scale {@code (channels,)}, or null before the layer is built or without {@code scale}.
     *
     * <pre>{@code
     * GroupNormalization.builder().groups(2).channels(6).build().gamma().shape();   // (6)
     * }</pre>
     *
     * @return the gamma variable
     */
    public Variable gamma() {
        return gamma;
    }

    /**
     * The offset {@code (channels,)}, or null before the layer is built or without {@code center}.
     *
     * <pre>{@code
     * GroupNormalization.builder().groups(2).channels(6).build().beta().shape();   // (6)
     * }</pre>
     *
     * @return the beta variable
     */
    public Variable beta() {
        return beta;
    }

    /**
     * {@link GroupNormalization}'s options.
     *
     * <pre>{@code
     * GroupNormalization gn = GroupNormalization.builder().groups(-1).center(false).name("instance_norm").build();
     * }</pre>
     */
    public static final class Builder {
        private int groups = 32;
        private int axis = -1;
        private double epsilon = 1e-3;
        private boolean center = true;
        private boolean scale = true;
        private Initializer gammaInitializer = Initializers.ones();
        private Initializer betaInitializer = Initializers.zeros();
        private int channels;
        private DType dtype = DType.FLOAT32;
        private String name;

        Builder() {
        }

        /**
         * The number of groups (default 32, Keras's); {@code -1} for one group per channel (instance normalization).
         * The channels must be a multiple of it.
         *
         * <pre>{@code
         * GroupNormalization.builder().groups(8);
         * }</pre>
         *
         * @param groups positive, or -1
         * @return this builder
         */
        public Builder groups(int groups) {
            if (groups <= 0 && groups != -1) {
                throw new IllegalArgumentException("GroupNormalization: groups must be positive, or -1 for instance normalization, got "
                        + groups);
            }
            this.groups = groups;
            return this;
        }

        /**
         * The channel axis, whose channels are split into groups (default {@code -1}, the last); negative counts from
         * the end. It must not be the batch axis 0.
         *
         * <pre>{@code
         * GroupNormalization.builder().axis(1);   // channels-first images (N, C, H, W)
         * }</pre>
         *
         * @param axis the axis
         * @return this builder
         */
        public Builder axis(int axis) {
            this.axis = axis;
            return this;
        }

        /**
         * Added to the variance before its square root (default {@code 1e-3}, Keras's).
         *
         * <pre>{@code
         * GroupNormalization.builder().epsilon(1e-5);   // PyTorch's GroupNorm default
         * }</pre>
         *
         * @param epsilon positive
         * @return this builder
         */
        public Builder epsilon(double epsilon) {
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("GroupNormalization: epsilon must be positive and finite, got " + epsilon);
            }
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Whether to add the offset {@code beta} (default true).
         *
         * <pre>{@code
         * GroupNormalization.builder().center(false);
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
         * GroupNormalization.builder().scale(false);
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
         * GroupNormalization.builder().gammaInitializer(Initializers.constant(0.5));
         * }</pre>
         *
         * @param init the initializer
         * @return this builder
         */
        public Builder gammaInitializer(Initializer init) {
            this.gammaInitializer = Objects.requireNonNull(init, "GroupNormalization: gammaInitializer is null");
            return this;
        }

        /**
         * The initializer of {@code beta} (default zeros), under the same rule as {@link #gammaInitializer}.
         *
         * <pre>{@code
         * GroupNormalization.builder().betaInitializer(Initializers.constant(0.1));
         * }</pre>
         *
         * @param init the initializer
         * @return this builder
         */
        public Builder betaInitializer(Initializer init) {
            this.betaInitializer = Objects.requireNonNull(init, "GroupNormalization: betaInitializer is null");
            return this;
        }

        /**
         * Builds the layer at construction for inputs with this many channels at the axis (Keras's
         * {@code build(input_shape)}).
         *
         * <pre>{@code
         * GroupNormalization.builder().groups(4).channels(32);   // gamma and beta (32)
         * }</pre>
         *
         * @param channels positive, a multiple of the groups
         * @return this builder
         */
        public Builder channels(int channels) {
            if (channels <= 0) {
                throw new IllegalArgumentException("GroupNormalization: channels must be positive, got " + channels);
            }
            this.channels = channels;
            return this;
        }

        /**
         * The variables' dtype when the layer is built at construction (default float32).
         *
         * <pre>{@code
         * GroupNormalization.builder().groups(2).channels(8).dtype(DType.FLOAT64);
         * }</pre>
         *
         * @param dtype float32 or float64
         * @return this builder
         */
        public Builder dtype(DType dtype) {
            this.dtype = Objects.requireNonNull(dtype, "GroupNormalization: dtype is null");
            return this;
        }

        /**
         * An explicit name (default: automatic, {@code group_normalization}; see {@link Module}).
         *
         * <pre>{@code
         * GroupNormalization.builder().name("gn_1");
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
         * GroupNormalization gn = GroupNormalization.builder().build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if the channels are given and are not a multiple of the groups, or the
         *                                  dtype is not floating, or an initializer returns another shape or dtype
         */
        public GroupNormalization build() {
            return new GroupNormalization(this);
        }
    }
}
