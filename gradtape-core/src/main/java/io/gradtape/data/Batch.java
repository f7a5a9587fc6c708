package io.gradtape.data;

import io.gradtape.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One element of a {@link Dataset}: a fixed number of tensors (the <em>components</em>), in the order they were
 * given to {@link Dataset#fromTensorSlices}. Before {@link Dataset#batch} an element holds one example (row
 * {@code i} of each component); after it, each component gains a leading batch dimension. By convention
 * component 0 is the input and component 1 the label, hence {@link #x()} and {@link #y()}.
 *
 * <p>Immutable: the list of components cannot change, and tensors are immutable values.
 *
 * <pre>{@code
 * Batch b = Batch.of(Tensors.constant(new float[] {1, 2}, 2), Tensors.constant(1));
 * b.x();      // Tensor([1.0, 2.0], shape=(2,), dtype=float32)
 * b.y();      // Tensor(1, shape=(), dtype=int32)
 * b.size();   // 2
 * }</pre>
 */
public final class Batch {
    private final Tensor[] components;

    private Batch(Tensor[] components) {
        this.components = components;
    }

    /**
     * An element of the given components.
     *
     * <pre>{@code
     * Batch b = Batch.of(Tensors.zeros(DType.FLOAT32, 4, 3));   // one component
     * }</pre>
     *
     * @param components at least one tensor, none null
     * @return a new element
     * @throws IllegalArgumentException if there are no components
     */
    public static Batch of(Tensor... components) {
        Objects.requireNonNull(components, "Batch.of: components is null");
        if (components.length == 0) {
            throw new IllegalArgumentException("Batch.of: needs at least one component");
        }
        Tensor[] c = components.clone();
        for (int i = 0; i < c.length; i++) {
            if (c[i] == null) {
                throw new NullPointerException("Batch.of: component " + i + " is null");
            }
        }
        return new Batch(c);
    }

    /** Wraps an array the caller hands over (never written again). */
    static Batch wrap(Tensor[] components) {
        return new Batch(components);
    }

    /**
     * Component {@code i}.
     *
     * <pre>{@code
     * Batch b = Batch.of(Tensors.constant(1.0f), Tensors.constant(2));
     * b.get(1);   // Tensor(2, shape=(), dtype=int32)
     * }</pre>
     *
     * @param i in {@code [0, size())}
     * @return the tensor
     * @throws IndexOutOfBoundsException if there is no component {@code i}
     */
    public Tensor get(int i) {
        if (i < 0 || i >= components.length) {
            throw new IndexOutOfBoundsException("Batch.get: component " + i + " of an element with "
                    + components.length + (components.length == 1 ? " component" : " components"));
        }
        return components[i];
    }

    /**
     * The input, component 0.
     *
     * <pre>{@code
     * Tensor x = Batch.of(Tensors.constant(3.0f)).x();
     * }</pre>
     *
     * @return {@code get(0)}
     */
    public Tensor x() {
        return components[0];
    }

    /**
     * The label, component 1.
     *
     * <pre>{@code
     * Tensor y = Batch.of(Tensors.constant(3.0f), Tensors.constant(7)).y();   // 7
     * }</pre>
     *
     * @return {@code get(1)}
     * @throws IndexOutOfBoundsException if the element has one component
     */
    public Tensor y() {
        return get(1);
    }

    /**
     * The number of components.
     *
     * <pre>{@code
     * Batch.of(Tensors.constant(1.0f), Tensors.constant(2)).size();   // 2
     * }</pre>
     *
     * @return at least 1
     */
    public int size() {
        return components.length;
    }

    /**
     * The components as an unmodifiable list.
     *
     * <pre>{@code
     * List<Tensor> parts = Batch.of(Tensors.constant(1.0f)).components();
     * }</pre>
     *
     * @return the components, in order
     */
    public List<Tensor> components() {
        return List.of(components);
    }

    /**
     * The shapes and dtypes of the components, e.g. {@code Batch[(64, 64) float32, (64,) int32]}.
     *
     * <pre>{@code
     * Batch.of(Tensors.zeros(DType.FLOAT32, 2, 3)).toString();   // "Batch[(2, 3) float32]"
     * }</pre>
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Batch[");
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(components[i].shape()).append(' ').append(components[i].dtype());
        }
        return sb.append(']').toString();
    }

    Tensor[] array() {
        return components;
    }

    static String describe(Tensor[] c) {
        return Arrays.toString(Arrays.stream(c).map(t -> t.shape() + " " + t.dtype()).toArray());
    }
}
