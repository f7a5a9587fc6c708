package io.gradtape.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One training example as plain numbers: a feature vector and a label (a class index for classification, a
 * target value for regression; {@link TrainConfig#labelDType} says which tensor the labels become).
 *
 * <pre>{@code
 * io.gradtape.spark.Example e = new io.gradtape.spark.Example(new float[] {0.5f, 1.0f}, 1);
 * int width = e.features().length;   // 2
 * }</pre>
 *
 * @param features the features (copied by reference: do not change the array afterwards)
 * @param label    the label
 */
public record Example(float[] features, double label) implements Serializable {

    /**
     * Checks the features.
     *
     * @throws NullPointerException if {@code features} is null
     */
    public Example {
        Objects.requireNonNull(features, "Example: features is null");
    }

    /**
     * The rows of a feature matrix and a label vector as examples, e.g. from {@code Datasets.digits()}.
     *
     * <pre>{@code
     * io.gradtape.data.Table iris = io.gradtape.data.Datasets.iris();
     * List<io.gradtape.spark.Example> rows = io.gradtape.spark.Example.listOf(iris.features(), iris.labels());
     * rows.size();   // 150
     * }</pre>
     *
     * @param features a float32 or float64 matrix {@code [n, d]}
     * @param labels   a vector {@code [n]} of any numeric dtype
     * @return {@code n} examples in row order
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public static java.util.List<Example> listOf(io.gradtape.Tensor features, io.gradtape.Tensor labels) {
        Objects.requireNonNull(features, "Example.listOf: features is null");
        Objects.requireNonNull(labels, "Example.listOf: labels is null");
        int[] f = features.shape().dims();
        int[] l = labels.shape().dims();
        if (f.length != 2 || l.length != 1 || f[0] != l[0]) {
            throw new IllegalArgumentException("Example.listOf: features must be [n, d] and labels [n], got "
                    + features.shape() + " and " + labels.shape());
        }
        float[] x = features.dtype() == io.gradtape.DType.FLOAT32 ? features.toFloatArray()
                : toFloat(io.gradtape.Tensors.cast(features, io.gradtape.DType.FLOAT64).toDoubleArray());
        double[] y = io.gradtape.Tensors.cast(labels, io.gradtape.DType.FLOAT64).toDoubleArray();
        java.util.List<Example> out = new java.util.ArrayList<>(f[0]);
        for (int i = 0; i < f[0]; i++) {
            out.add(new Example(Arrays.copyOfRange(x, i * f[1], (i + 1) * f[1]), y[i]));
        }
        return out;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e && Arrays.equals(features, e.features) && Double.compare(label, e.label) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(features) + Double.hashCode(label);
    }

    @Override
    public String toString() {
        return "Example(" + Arrays.toString(features) + ", " + label + ")";
    }
}
