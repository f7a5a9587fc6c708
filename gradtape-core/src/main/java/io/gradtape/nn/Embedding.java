package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;

import java.util.Objects;

/**
 * A lookup table of vectors for integer ids (Keras's {@code Embedding}): {@code embeddings} is
 * {@code (inputDim, outputDim)}, float32, uniform in {@code [-0.05, 0.05)} by default, and an input of ids of
 * any shape gives that shape plus {@code outputDim}. The gradient reaches only the rows looked up (as a dense
 * scatter-add). Built at construction.
 *
 * <p>With {@link Builder#maskZero} (Keras's {@code mask_zero}) the id 0 is padding: {@link #computeMask} is
 * {@code ids != 0}, and in a {@link Sequential} the recurrent layers after the embedding skip those timesteps. The
 * vectors themselves are looked up as usual (row 0 too), and 0 cannot be a real id, so {@code inputDim} is the
 * vocabulary size plus one.
 *
 * <pre>{@code
 * Embedding e = new Embedding(1000, 64);
 * Tensor ids = Tensors.constant(new int[] {4, 20, 7}, 1, 3);
 * e.call(ids);   // shape (1, 3, 64)
 * }</pre>
 */
public class Embedding extends Module {
    private final Variable embeddings;
    private final boolean maskZero;

    /**
     * A table of {@code inputDim} vectors of size {@code outputDim}, uniform in {@code [-0.05, 0.05)} from
     * {@link Initializers#defaultGenerator()}.
     *
     * <pre>{@code
     * Embedding e = new Embedding(10, 4);
     * }</pre>
     *
     * @param inputDim  the number of ids, positive
     * @param outputDim the vector size, positive
     */
    public Embedding(int inputDim, int outputDim) {
        this(inputDim, outputDim, Initializers.randomUniform(-0.05, 0.05, Initializers.defaultGenerator()), null);
    }

    /**
     * A table with the given initializer and name.
     *
     * <pre>{@code
     * Embedding e = new Embedding(10, 4, Initializers.randomNormal(0, 1, Generator.fromSeed(3)), "tokens");
     * }</pre>
     *
     * @param inputDim    the number of ids, positive
     * @param outputDim   the vector size, positive
     * @param initializer the table's initializer, called with shape {@code (inputDim, outputDim)} and float32
     * @param name        the name, or null for {@code embedding}
     * @throws IllegalArgumentException if the initializer returns another shape or dtype
     */
    public Embedding(int inputDim, int outputDim, Initializer initializer, String name) {
        this(builder(inputDim, outputDim).initializer(initializer).name(name));
    }

    private Embedding(Builder b) {
        super(b.name, b.activityRegularizer);
        int inputDim = b.inputDim;
        int outputDim = b.outputDim;
        Initializer initializer = b.initializer;
        this.maskZero = b.maskZero;
        if (inputDim <= 0 || outputDim <= 0) {
            throw new IllegalArgumentException("Embedding: inputDim and outputDim must be positive, got " + inputDim + " and " + outputDim);
        }
        Objects.requireNonNull(initializer, "Embedding: initializer is null");
        Tensor e0 = Initializers.initialValue(name(), "embeddings", initializer, Shape.of(inputDim, outputDim), DType.FLOAT32);
        embeddings = addVariable("embeddings", e0, true, b.regularizer, b.constraint);
    }

    /**
     * The vectors of the ids.
     *
     * <pre>{@code
     * new Embedding(5, 2).call(Tensors.constant(new int[] {0, 4}, 2));   // shape (2, 2)
     * }</pre>
     *
     * @throws IllegalArgumentException if the ids are not int32 or int64, or one is outside {@code [0, inputDim)}
     */
    @Override
    public Tensor call(Tensor ids) {
        Objects.requireNonNull(ids, () -> name() + ": input is null");
        checkIds(ids);
        return activity(Tensors.gather(embeddings, ids));
    }

    /**
     * A builder for the other options: initializer, {@code maskZero}, name.
     *
     * <pre>{@code
     * Embedding e = Embedding.builder(10001, 128).maskZero(true).name("tokens").build();
     * }</pre>
     *
     * @param inputDim  the number of ids, positive (with {@code maskZero}, the vocabulary size plus one)
     * @param outputDim the vector size, positive
     * @return a new builder
     */
    public static Builder builder(int inputDim, int outputDim) {
        return new Builder(inputDim, outputDim);
    }

    /**
     * The mask of the output (Keras's {@code Embedding.compute_mask}): with {@code maskZero} a BOOL tensor of the
     * ids' shape, {@code ids != 0}; without, null. The input's own mask is not read.
     *
     * <pre>{@code
     * Embedding e = Embedding.builder(10, 4).maskZero(true).build();
     * e.computeMask(Tensors.constant(new int[] {3, 1, 0, 0}, 2, 2), null);   // [[true, true], [false, false]]
     * }</pre>
     *
     * @param ids  the ids, int32 or int64
     * @param mask ignored
     * @return the mask, or null without {@code maskZero}
     * @throws IllegalArgumentException with {@code maskZero}, if the ids are not int32 or int64
     */
    @Override
    public Tensor computeMask(Tensor ids, Tensor mask) {
        if (!maskZero) {
            return null;
        }
        Objects.requireNonNull(ids, () -> name() + ": input is null");
        checkIds(ids);
        return Tensors.notEqual(ids, Tensors.zeros(ids.dtype()));
    }

    private void checkIds(Tensor ids) {
        if (ids.dtype() != DType.INT32 && ids.dtype() != DType.INT64) {
            throw new IllegalArgumentException(name() + ": Embedding needs int32 or int64 ids, got dtype " + ids.dtype()
                    + "; cast them with Tensors.cast(ids, DType.INT32)");
        }
    }

    /**
     * Whether the id 0 is padding, masked out ({@link Builder#maskZero}).
     *
     * <pre>{@code
     * new Embedding(5, 2).maskZero();   // false
     * }</pre>
     *
     * @return the flag
     */
    public boolean maskZero() {
        return maskZero;
    }

    /**
     * The table {@code (inputDim, outputDim)}.
     *
     * <pre>{@code
     * new Embedding(5, 2).embeddings().shape();   // (5, 2)
     * }</pre>
     *
     * @return the variable
     */
    public Variable embeddings() {
        return embeddings;
    }

    /**
     * {@link Embedding}'s options.
     *
     * <pre>{@code
     * Embedding e = Embedding.builder(1001, 64).maskZero(true).build();
     * }</pre>
     */
    public static final class Builder {
        private final int inputDim;
        private final int outputDim;
        private Initializer initializer = Initializers.randomUniform(-0.05, 0.05, Initializers.defaultGenerator());
        private boolean maskZero;
        private String name;
        private Regularizer regularizer;
        private Constraint constraint;
        private Regularizer activityRegularizer;

        Builder(int inputDim, int outputDim) {
            this.inputDim = inputDim;
            this.outputDim = outputDim;
        }

        /**
         * The table's initializer (default uniform in {@code [-0.05, 0.05)} from
         * {@link Initializers#defaultGenerator()}, Keras's {@code "uniform"}), asked for {@code (inputDim, outputDim)}
         * and float32.
         *
         * <pre>{@code
         * Embedding.builder(10, 4).initializer(Initializers.randomNormal(0, 1, Generator.fromSeed(3)));
         * }</pre>
         *
         * @param init the initializer
         * @return this builder
         */
        public Builder initializer(Initializer init) {
            this.initializer = Objects.requireNonNull(init, "Embedding: initializer is null");
            return this;
        }

        /**
         * A penalty on the table (Keras's {@code embeddings_regularizer}; default none): {@link Module#losses()}
         * includes {@code regularizer.apply(embeddings)}, computed when it is read, over the whole table (not only the
         * rows looked up), while the table is trainable.
         *
         * <pre>{@code
         * Embedding.builder(1000, 64).embeddingsRegularizer(Regularizers.l2(1e-6));
         * }</pre>
         *
         * @param regularizer the penalty, or null for none
         * @return this builder
         */
        public Builder embeddingsRegularizer(Regularizer regularizer) {
            this.regularizer = regularizer;
            return this;
        }

        /**
         * A projection of the table after each optimizer step (Keras's {@code embeddings_constraint}; default none),
         * see {@link Constraint}: {@code Constraints.maxNorm(1.0, 1)} keeps each vector (row) within norm 1. It is tried
         * on the initial table when the layer is built: another shape or dtype is an
         * {@link IllegalArgumentException}.
         *
         * <pre>{@code
         * Embedding.builder(1000, 64).embeddingsConstraint(Constraints.maxNorm(1.0, 1));
         * }</pre>
         *
         * @param constraint the projection, or null for none
         * @return this builder
         */
        public Builder embeddingsConstraint(Constraint constraint) {
            this.constraint = constraint;
            return this;
        }

        /**
         * A penalty on the output (Keras's {@code activity_regularizer}; default none): each call adds
         * {@code regularizer.apply(vectors) / batchSize} to {@link Module#losses()}.
         *
         * <pre>{@code
         * Embedding.builder(1000, 64).activityRegularizer(Regularizers.l2(1e-6));
         * }</pre>
         *
         * @param regularizer the penalty, or null for none
         * @return this builder
         */
        public Builder activityRegularizer(Regularizer regularizer) {
            this.activityRegularizer = regularizer;
            return this;
        }

        /**
         * Whether the id 0 is padding (default false, Keras's {@code mask_zero}): the output's mask
         * ({@link Embedding#computeMask}) is then {@code ids != 0}.
         *
         * <pre>{@code
         * Embedding.builder(1001, 64).maskZero(true);
         * }</pre>
         *
         * @param maskZero the flag
         * @return this builder
         */
        public Builder maskZero(boolean maskZero) {
            this.maskZero = maskZero;
            return this;
        }

        /**
         * An explicit name (default: automatic, see {@link Module}).
         *
         * <pre>{@code
         * Embedding.builder(10, 4).name("tokens");
         * }</pre>
         *
         * @param name the name, or null
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
         * Embedding e = Embedding.builder(10, 4).build();
         * }</pre>
         *
         * @return a new layer
         * @throws IllegalArgumentException if {@code inputDim} or {@code outputDim} is not positive, or the
         *                                  initializer returns another shape or dtype
         */
        public Embedding build() {
            return new Embedding(this);
        }
    }
}
