package io.gradtape.spark;

import io.gradtape.nn.Loss;
import io.gradtape.nn.Module;
import java.io.Serializable;

/**
 * How to build the model and its loss: the one piece of a training job that travels to Spark's executors.
 *
 * <p>Workers never receive live tensors, variables or tapes. They receive this recipe (a few bytes of Java
 * serialization: write it as a lambda or a small class with no tensor fields) and the driver's current weights as
 * plain arrays; each task builds the architecture with {@link #model()}, overwrites every variable with the
 * driver's values, and differentiates {@link #loss()} on its share of the batch. The driver builds its own copy
 * the same way, so the variables' path names ({@code dense/kernel}, ...) match on both sides.
 *
 * <p>{@link #model()} must build the same architecture every time, with every variable created (give layers
 * their input size, or call {@code Module.build}); the initial values do not matter on workers. A
 * {@link io.gradtape.nn.Dropout} may be built with a fixed seed ({@code Generator.fromSeed(7)}): before each step a
 * worker moves its generator to a block of counters of its own for that step and partition, so the masks change
 * from step to step and differ between partitions, and are the same again when a task is retried.
 *
 * <pre>{@code
 * ModelRecipe recipe = ModelRecipe.of(
 *         () -> new io.gradtape.nn.Sequential(new io.gradtape.nn.Dense(64, 32, "relu"), new io.gradtape.nn.Dense(32, 10, null)),
 *         () -> new io.gradtape.nn.SparseCategoricalCrossentropy(true));
 * }</pre>
 */
public interface ModelRecipe extends Serializable {

    /**
     * Builds the model with all its variables created.
     *
     * @return a new module
     */
    io.gradtape.nn.Module model();

    /**
     * The loss to minimise; its reduction must be the mean over the batch (Keras's default
     * {@code SUM_OVER_BATCH_SIZE}), so that partitions' shares combine into the global batch's mean
     * ({@link Trainer#fit} refuses another reduction). The labels reach it as a vector {@code [n]}; the loss
     * matches them to predictions {@code [n, 1]} itself (Keras's {@code squeeze_or_expand_to_same_rank}).
     *
     * @return a new loss
     */
    Loss loss();

    /**
     * A serializable supplier, so that lambdas can be recipes.
     *
     * @param <T> what it supplies
     */
    @FunctionalInterface
    interface SerializableSupplier<T> extends Serializable {
        /**
         * Supplies a new value.
         *
         * @return the value
         */
        T get();
    }

    /**
     * A recipe from two serializable lambdas.
     *
     * <pre>{@code
     * ModelRecipe r = ModelRecipe.of(() -> new io.gradtape.nn.Dense(4, 1, null), () -> new io.gradtape.nn.MeanSquaredError());
     * r.model().trainableVariables().size();   // 2
     * }</pre>
     *
     * @param model builds the model
     * @param loss  builds the loss
     * @return the recipe
     */
    static ModelRecipe of(SerializableSupplier<? extends Module> model, SerializableSupplier<? extends Loss> loss) {
        java.util.Objects.requireNonNull(model, "ModelRecipe.of: model is null");
        java.util.Objects.requireNonNull(loss, "ModelRecipe.of: loss is null");
        return new ModelRecipe() {
            private static final long serialVersionUID = 1L;

            @Override
            public Module model() {
                return model.get();
            }

            @Override
            public Loss loss() {
                return loss.get();
            }
        };
    }
}
