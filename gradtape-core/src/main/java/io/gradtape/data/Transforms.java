package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;

/**
 * Helpers shared by the stages behind {@link Dataset} that follow TensorFlow kernels one class each
 * ({@link GeneratorSource}, {@link RangeSource}, {@link TakeWhile}, {@link FlatMap}, {@link Interleave}, {@link Shard},
 * {@link Scan}, {@link Window}, {@link Rebatch}, {@link Bucket}). Those stages follow {@link Pipeline}'s conventions:
 * an element is computed when {@code hasNext} or {@code next} asks for it (never ahead), an exception surfaces on the
 * call that asks for the element it belongs to and the iteration goes on after it, and an inner dataset (of
 * {@code flatMap} or {@code interleave}, {@link InnerDataset}) is opened with {@link Background.Resources} of its
 * own, released when it ends, so its threads (a prefetch inside it) end with it or with the iteration.
 */
final class Transforms {
    private Transforms() {
    }

    /** The int64 (or other) scalar {@code v} as {@code dtype}. */
    static Tensor scalar(DType dtype, long v) {
        Object data;
        switch (dtype) {
            case INT64:
                data = new long[] {v};
                break;
            case INT32:
                data = new int[] {(int) v};
                break;
            case FLOAT32:
                data = new float[] {(float) v};
                break;
            case FLOAT64:
                data = new double[] {(double) v};
                break;
            default:
                data = new boolean[] {v != 0};
        }
        return TensorAccess.make(dtype, Shape.of(), data);
    }

    /** Whether {@code t} fits {@code dims} (null: any rank; -1: any size). */
    static boolean fits(Tensor t, int[] dims) {
        if (dims == null) {
            return true;
        }
        if (t.rank() != dims.length) {
            return false;
        }
        for (int k = 0; k < dims.length; k++) {
            if (dims[k] >= 0 && t.shape().dim(k) != dims[k]) {
                return false;
            }
        }
        return true;
    }

    /** The most specific spec both fit: dims kept where equal, else None; rank unknown where ranks differ. */
    static Pipeline.Spec relax(Pipeline.Spec a, Tensor[] b) {
        int[][] dims = new int[a.dims.length][];
        for (int i = 0; i < dims.length; i++) {
            int[] x = a.dims[i];
            int[] y = b[i].shape().dims();
            if (x != null && x.length == y.length) {
                dims[i] = new int[x.length];
                for (int k = 0; k < x.length; k++) {
                    dims[i][k] = x[k] == y[k] ? x[k] : -1;
                }
            }
        }
        return new Pipeline.Spec(a.dtypes, dims);
    }
}
