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
 * <pre>{@code
 * Embedding e = new Embedding(1000, 64);
 * Tensor ids = Tensors.constant(new int[] {4, 20, 7}, 1, 3);
 * e.call(ids);   // shape (1, 3, 64)
 * }</pre>
 */
public class Embedding extends Module {
    private final Variable embeddings;

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
        super(name);
        if (inputDim <= 0 || outputDim <= 0) {
            throw new IllegalArgumentException("Embedding: inputDim and outputDim must be positive, got " + inputDim + " and " + outputDim);
        }
        Objects.requireNonNull(initializer, "Embedding: initializer is null");
        embeddings = addVariable("embeddings", Initializers.initialValue(name(), "embeddings", initializer,
                Shape.of(inputDim, outputDim), DType.FLOAT32), true);
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
        if (ids.dtype() != DType.INT32 && ids.dtype() != DType.INT64) {
            throw new IllegalArgumentException(name() + ": Embedding needs int32 or int64 ids, got dtype " + ids.dtype()
                    + "; cast them with Tensors.cast(ids, DType.INT32)");
        }
        return Tensors.gather(embeddings, ids);
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
}
