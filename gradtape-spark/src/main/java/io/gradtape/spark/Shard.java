package io.gradtape.spark;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import java.io.Serializable;
import java.util.List;

/**
 * One partition's examples packed into flat arrays (row-major features, one label per row), built once and
 * cached, so that a step gathers its rows with one copy instead of creating a tensor per example.
 */
final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final int rows;
    final int width;
    private final float[] features;
    private final double[] labels;

    Shard(int partition, List<Example> examples) {
        this.partition = partition;
        this.rows = examples.size();
        this.width = rows == 0 ? 0 : examples.get(0).features().length;
        this.features = new float[Math.multiplyExact(rows, width)];
        this.labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            Example e = examples.get(i);
            if (e.features().length != width) {
                throw new IllegalArgumentException("SparkTrainer: example " + i + " of partition " + partition + " has "
                        + e.features().length + " features, the first has " + width);
            }
            System.arraycopy(e.features(), 0, features, i * width, width);
            labels[i] = e.label();
        }
    }

    /** The features of the given rows as a float32 tensor {@code [rows.length, width]}. */
    Tensor features(int[] rowIndex) {
        float[] out = new float[rowIndex.length * width];
        for (int i = 0; i < rowIndex.length; i++) {
            System.arraycopy(features, rowIndex[i] * width, out, i * width, width);
        }
        return Tensors.constant(out, rowIndex.length, width);
    }

    /** The labels of the given rows as a vector of the given dtype. */
    Tensor labels(int[] rowIndex, DType dtype) {
        int n = rowIndex.length;
        if (dtype == DType.INT32) {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                double v = labels[rowIndex[i]];
                if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("SparkTrainer: label " + v + " of partition " + partition
                            + " is not a class index; use labelDType(FLOAT32) for regression targets");
                }
                out[i] = (int) v;
            }
            return Tensors.constant(out, n);
        }
        if (dtype == DType.FLOAT64) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = labels[rowIndex[i]];
            }
            return Tensors.constant(out, n);
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) labels[rowIndex[i]];
        }
        return Tensors.constant(out, n);
    }
}
