package io.gradtape.data;

import io.gradtape.Tensor;

import java.util.Objects;

/**
 * Features and labels read from a file: what {@link Csv#read} and {@link Datasets} return. The features are
 * {@code [rows, featureColumns]}; the labels {@code [rows]} for one label column, {@code [rows, labelColumns]}
 * for several, or null when the file has no label column.
 *
 * <pre>{@code
 * Table iris = Datasets.iris();
 * iris.features().shape();   // (150, 4)
 * iris.labels().shape();     // (150,)
 * Dataset ds = iris.dataset();
 * }</pre>
 *
 * @param features the feature columns, one row per example
 * @param labels   the label columns, or null
 */
public record Table(Tensor features, Tensor labels) {
    /**
     * A table; features and labels must have the same number of rows.
     *
     * <pre>{@code
     * Table t = new Table(Tensors.zeros(DType.FLOAT32, 3, 2), Tensors.constant(new int[] {0, 1, 0}, 3));
     * t.rows();   // 3
     * }</pre>
     *
     * @param features the feature columns, rank 2
     * @param labels   the label columns, or null
     * @throws IllegalArgumentException if the features are not of rank 2 or the row counts differ
     */
    public Table {
        Objects.requireNonNull(features, "Table: features is null");
        if (features.rank() != 2) {
            throw new IllegalArgumentException("Table: features must be [rows, columns], got " + features.shape());
        }
        if (labels != null && (labels.rank() == 0 || labels.shape().dim(0) != features.shape().dim(0))) {
            throw new IllegalArgumentException("Table: labels " + labels.shape() + " do not have the "
                    + features.shape().dim(0) + " rows of the features " + features.shape());
        }
    }

    /**
     * The number of rows (examples).
     *
     * <pre>{@code
     * Datasets.iris().rows();   // 150
     * }</pre>
     *
     * @return the first dimension of the features
     */
    public int rows() {
        return features.shape().dim(0);
    }

    /**
     * The rows as a dataset of (features, labels) elements, or of (features) when there are no labels.
     *
     * <pre>{@code
     * for (Batch b : Datasets.digits().dataset().batch(64)) {
     *     b.x();   // float32 (64, 64)
     *     b.y();   // int32 (64,)
     * }
     * }</pre>
     *
     * @return {@code Dataset.fromTensorSlices(features, labels)}
     */
    public Dataset dataset() {
        return labels == null ? Dataset.fromTensorSlices(features) : Dataset.fromTensorSlices(features, labels);
    }
}
