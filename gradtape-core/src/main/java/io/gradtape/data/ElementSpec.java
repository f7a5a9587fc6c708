package io.gradtape.data;

import io.gradtape.DType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What every element of a dataset holds, as far as it is known before iterating: TensorFlow's
 * {@code Dataset.element_spec}, one {@link TensorSpec} per component of the elements ({@link Batch}es), in order. A
 * dimension that varies between elements is -1 (TensorFlow's {@code None}; the batch dimension after
 * {@link Dataset#batch} without {@code dropRemainder}, for instance), a rank that varies is a null
 * {@link TensorSpec#dims()}. Immutable; returned by {@link Dataset#elementSpec()}.
 *
 * <pre>{@code
 * Dataset ds = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 10, 2), Tensors.zeros(DType.INT32, 10)).batch(4);
 * ElementSpec spec = ds.elementSpec();
 * spec.toString();          // "[(None, 2) float32, (None,) int32]"
 * spec.get(0).dims();       // [-1, 2]
 * spec.get(1).dtype();      // INT32
 * }</pre>
 */
public final class ElementSpec {
    private final List<TensorSpec> components;

    /**
     * The spec of elements with these components.
     *
     * <pre>{@code
     * ElementSpec s = new ElementSpec(List.of(new TensorSpec(DType.FLOAT32, new int[] {-1, 3}),
     *         new TensorSpec(DType.INT32, new int[] {})));
     * s.size();   // 2
     * }</pre>
     *
     * @param components one spec per component (copied)
     * @throws NullPointerException if it or an entry is null
     */
    public ElementSpec(List<TensorSpec> components) {
        Objects.requireNonNull(components, "ElementSpec: components is null");
        List<TensorSpec> c = new ArrayList<>(components.size());
        for (int i = 0; i < components.size(); i++) {
            c.add(Objects.requireNonNull(components.get(i), "ElementSpec: component " + i + " is null"));
        }
        this.components = Collections.unmodifiableList(c);
    }

    /** The spec of a pipeline node's elements (dims shared, as both are immutable once made). */
    static ElementSpec of(DType[] dtypes, int[][] dims) {
        List<TensorSpec> c = new ArrayList<>(dtypes.length);
        for (int i = 0; i < dtypes.length; i++) {
            c.add(new TensorSpec(dtypes[i], dims[i]));
        }
        return new ElementSpec(c);
    }

    /**
     * The components' specs, in order.
     *
     * <pre>{@code
     * Dataset.range(0, 3, 1, DType.INT64).elementSpec().components();   // [TensorSpec(shape=(), dtype=int64)]
     * }</pre>
     *
     * @return an unmodifiable list
     */
    public List<TensorSpec> components() {
        return components;
    }

    /**
     * The number of components.
     *
     * <pre>{@code
     * Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 4, 2)).elementSpec().size();   // 1
     * }</pre>
     *
     * @return the number of components
     */
    public int size() {
        return components.size();
    }

    /**
     * The spec of component {@code i} (0 the input, 1 the label).
     *
     * <pre>{@code
     * Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 4, 2)).elementSpec().get(0);
     * // TensorSpec(shape=(2,), dtype=float32)
     * }</pre>
     *
     * @param i the component
     * @return its spec
     * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, size())}
     */
    public TensorSpec get(int i) {
        if (i < 0 || i >= components.size()) {
            throw new IndexOutOfBoundsException("ElementSpec.get: component " + i + " of " + components.size()
                    + " components " + this);
        }
        return components.get(i);
    }

    /**
     * Whether {@code element} fits: as many components, each {@linkplain TensorSpec#isCompatibleWith compatible}.
     *
     * <pre>{@code
     * ElementSpec s = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 4, 2)).elementSpec();
     * s.isCompatibleWith(Batch.of(Tensors.zeros(DType.FLOAT32, 2)));   // true
     * }</pre>
     *
     * @param element an element
     * @return whether it fits
     * @throws NullPointerException if element is null
     */
    public boolean isCompatibleWith(Batch element) {
        Objects.requireNonNull(element, "ElementSpec.isCompatibleWith: element is null");
        if (element.size() != components.size()) {
            return false;
        }
        for (int i = 0; i < components.size(); i++) {
            if (!components.get(i).isCompatibleWith(element.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Equal components.
     *
     * <pre>{@code
     * Dataset.range(0, 3, 1, DType.INT32).elementSpec().equals(Dataset.range(5, 9, 2, DType.INT32).elementSpec());   // true
     * }</pre>
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ElementSpec && ((ElementSpec) o).components.equals(components);
    }

    /**
     * A hash consistent with {@link #equals}.
     *
     * <pre>{@code
     * int h = Dataset.range(0, 3, 1, DType.INT32).elementSpec().hashCode();
     * }</pre>
     */
    @Override
    public int hashCode() {
        return components.hashCode();
    }

    /**
     * The components as TensorFlow prints shapes, each with its dtype: {@code [(None, 2) float32, () int32]}, and
     * {@code <unknown rank>} for a rank that varies.
     *
     * <pre>{@code
     * Dataset.range(0, 3, 1, DType.INT32).elementSpec().toString();   // "[() int32]"
     * }</pre>
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < components.size(); i++) {
            TensorSpec c = components.get(i);
            sb.append(i > 0 ? ", " : "").append(c.rank() < 0 ? "<unknown rank>" : c.shapeString()).append(' ').append(c.dtype());
        }
        return sb.append(']').toString();
    }
}
