package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.TensorAccess;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import static io.gradtape.Tensors.*;
import static io.gradtape.internal.ops.Support.*;

/**
 * Reductions and the composites built on them: the axis normalization of reduceSum/Max/Min, reduceMean,
 * norm, logSumExp, clipByNorm, globalNorm and clipByGlobalNorm, softmax and logSoftmax. The public entry points are documented on {@code Tensors}.
 */
public final class Reductions {
    private Reductions() {
    }

    public static Tensor reduce(Primitive p, Tensor x, boolean keepDims, int[] axes) {
        Objects.requireNonNull(x, () -> p.opName() + ": x is null");
        int[] norm = ShapeRules.axes(p.opName(), axes, x.shape());
        return Dispatch.apply(p, new Params.Axes(norm, keepDims), x);
    }

    public static Tensor reduceMean(Tensor x, boolean keepDims, int... axes) {
        Objects.requireNonNull(x, "reduceMean: x is null");
        ShapeRules.requireNumeric("reduceMean", x);
        ShapeRules.axes("reduceMean", axes, x.shape());
        if (x.dtype().isFloating()) {
            Tensor sum = reduce(Primitive.REDUCE_SUM, x, keepDims, axes);
            int count = sum.size() == 0 ? 0 : x.size() / sum.size();
            return div(sum, constant(count, x.dtype()));
        }
        // integers: TensorFlow's MeanReducer (core/kernels/reduction_ops.h) sums int32 in int64
        // (CASTING_SPECIALIZATION(int32, int64)) and int64 in int64, then divides by the count in that integer type:
        // C++ division, truncating toward zero, with no float64 step (which would overflow no int32 sum but would
        // round int64 sums above 2^53). An empty reduction gives 0, MeanReducer's integer identity.
        Tensor sum = reduce(Primitive.REDUCE_SUM, cast(x, DType.INT64), keepDims, axes);
        int count = sum.size() == 0 ? 0 : x.size() / sum.size();
        long[] q = ((long[]) TensorAccess.data(sum)).clone();
        for (int i = 0; i < q.length && count > 0; i++) {
            q[i] /= count; // Java's long division truncates toward zero, as C++'s
        }
        return cast(TensorAccess.make(DType.INT64, sum.shape(), q), x.dtype());
    }

    public static Tensor softmax(Tensor x, int axis) {
        Objects.requireNonNull(x, "softmax: x is null");
        requireFloatingAxis("softmax", x, axis);
        Tensor e = exp(sub(x, stopGradient(reduceMax(x, true, axis))));
        return div(e, reduceSum(e, true, axis));
    }

    public static Tensor logSoftmax(Tensor x, int axis) {
        Objects.requireNonNull(x, "logSoftmax: x is null");
        requireFloatingAxis("logSoftmax", x, axis);
        int a = axis < 0 ? axis + x.rank() : axis;
        return Dispatch.apply(Primitive.LOG_SOFTMAX, new Params.Axis(a), x);
    }

    public static void requireFloatingAxis(String op, Tensor x, int axis) {
        ShapeRules.requireFloating(op, x);
        ShapeRules.axis(op, axis, x.rank(), x.shape());
    }

    public static Tensor clipByNorm(Tensor x, double clipNorm, int... axes) {
        Objects.requireNonNull(x, "clipByNorm: x is null");
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("clipByNorm: clipNorm must be > 0, got " + clipNorm + " (x shape " + x.shape() + ")");
        }
        ShapeRules.requireFloating("clipByNorm", x);
        ShapeRules.axes("clipByNorm", axes, x.shape());
        // before any op runs (nothing is recorded for a refused call): a clipNorm past float32's range is an error
        Tensor c = Support.scalarFor("clipByNorm", x, clipNorm);
        Tensor l2sum = reduce(Primitive.REDUCE_SUM, mul(x, x), true, axes);
        Tensor pred = greater(l2sum, scalarLike(l2sum, 0));
        Tensor l2norm = where(pred, sqrt(where(pred, l2sum, onesLike(l2sum))), l2sum);
        return div(mul(x, c), maximum(l2norm, c));
    }

    public static double globalNorm(List<? extends Tensor> tensors) {
        Objects.requireNonNull(tensors, "globalNorm: tensors is null");
        double sum = 0;
        for (Tensor t : tensors) {
            if (t == null) {
                continue;
            }
            if (!t.dtype().isFloating()) {
                throw new IllegalArgumentException("globalNorm: a tensor has dtype " + t.dtype() + "; floating only");
            }
            for (double x : t.toDoubleArray()) {
                sum += x * x;
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * clipByGlobalNorm's checks, before anything runs: every tensor floating, {@code clipNorm} finite, positive and
     * within float32's range for float32 tensors. Returns the norm's dtype: float64 if any tensor is float64, else
     * float32 (TensorFlow's global_norm stacks the squared norms and refuses mixed dtypes; gradtape sums them in
     * the wider one).
     */
    private static DType globalClipType(List<? extends Tensor> tensors, double clipNorm) {
        Objects.requireNonNull(tensors, "clipByGlobalNorm: tensors is null");
        DType normType = DType.FLOAT32;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t == null) {
                continue;
            }
            if (!t.dtype().isFloating()) {
                throw new IllegalArgumentException("clipByGlobalNorm: tensor " + i + " (shape " + t.shape() + ") has dtype "
                        + t.dtype() + "; floating only");
            }
            if (t.dtype() == DType.FLOAT64) {
                normType = DType.FLOAT64;
            }
        }
        if (!(clipNorm > 0) || !Double.isFinite(clipNorm)
                || (normType == DType.FLOAT32 && Creation.overflowsFloat32(clipNorm))) {
            throw new IllegalArgumentException("clipByGlobalNorm: clipNorm must be finite and positive"
                    + (normType == DType.FLOAT32 ? " (within float32's range for float32 tensors)" : "") + ", got " + clipNorm);
        }
        return normType;
    }

    public static Tensors.ClipByGlobalNorm clipByGlobalNorm(List<? extends Tensor> tensors, double clipNorm) {
        // every check before the first op, so a refused call records nothing
        DType normType = globalClipType(tensors, clipNorm);
        // tensorflow/python/ops/clip_ops.py global_norm and clip_by_global_norm (Keras 3's base_optimizer.py has
        // the same): norm = sqrt(sum_i sum(t_i^2)); scale = clip * min(1 / norm, 1 / clip) + (norm - norm), the
        // last term making the scale NaN for an infinite or NaN norm; each t_i * cast(scale, t_i.dtype). Here the
        // scale is clip / max(norm, clip) (clip_by_norm's form: exactly 1 below the radius), and the norm is
        // guarded at zero as norm() is, so all-zero tensors get a zero gradient rather than sqrt's 0 * inf
        Tensor sum = null;
        for (Tensor t : tensors) {
            if (t != null) {
                Tensor s = reduce(Primitive.REDUCE_SUM, mul(t, t), false, new int[0]);
                s = s.dtype() == normType ? s : cast(s, normType);
                sum = sum == null ? s : add(sum, s);
            }
        }
        if (sum == null) {
            sum = zeros(normType);
        }
        Tensor zero = equal(sum, scalarLike(sum, 0));
        Tensor norm = where(zero, zerosLike(sum), sqrt(where(zero, onesLike(sum), sum)));
        Tensor c = scalarLike(norm, clipNorm);
        Tensor scale = add(div(c, maximum(norm, c)), sub(norm, norm));
        List<Tensor> out = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            out.add(t == null ? null : mul(t, t.dtype() == normType ? scale : cast(scale, t.dtype())));
        }
        return new Tensors.ClipByGlobalNorm(Collections.unmodifiableList(out), norm);
    }

    /**
     * {@link #clipByGlobalNorm}'s scaled tensors computed directly on their arrays, nothing recorded and no graph
     * built: for an optimizer's {@code globalClipNorm}, whose clipped gradients nothing differentiates. The same
     * checks, formula, dtypes and roundings as the op (each square, each tensor's sum, the running sum, the norm
     * and the scale rounded to float32 when the norm is float32; the scale cast to each tensor's dtype); each
     * tensor's sum is accumulated in double in index order, as the scalar reduce kernel (a vectorized kernel may
     * add in another order: the last bit of a float32 sum can differ). A scale of exactly 1 (the norm within
     * {@code clipNorm}) returns the input tensors themselves, as multiplying by 1 would give the same values.
     */
    public static List<Tensor> clipByGlobalNormUnrecorded(List<? extends Tensor> tensors, double clipNorm) {
        DType normType = globalClipType(tensors, clipNorm);
        boolean f32 = normType == DType.FLOAT32;
        double sum = 0;
        for (Tensor t : tensors) {
            if (t == null) {
                continue;
            }
            Object d = TensorAccess.data(t);
            double s = 0;
            if (d instanceof float[] a) {
                for (float x : a) {
                    s += x * x;   // the float32 mul rounds each square: x * x is float arithmetic here
                }
                s = (float) s;
            } else {
                for (double x : (double[]) d) {
                    s += x * x;
                }
            }
            sum = f32 ? (float) (sum + s) : sum + s;
        }
        double norm = sum == 0 ? 0 : f32 ? (float) Math.sqrt(sum) : Math.sqrt(sum);
        double c = f32 ? (float) clipNorm : clipNorm;
        double scale = f32 ? (float) (c / Math.max(norm, c)) + (float) (norm - norm) : c / Math.max(norm, c) + (norm - norm);
        List<Tensor> out = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            if (t == null || scale == 1) {
                out.add(t);
                continue;
            }
            Object d = TensorAccess.data(t);
            if (d instanceof float[] a) {
                float sf = (float) scale;
                float[] o = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    o[i] = a[i] * sf;
                }
                out.add(TensorAccess.make(DType.FLOAT32, t.shape(), o));
            } else {
                double[] a = (double[]) d;
                double[] o = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    o[i] = a[i] * scale;
                }
                out.add(TensorAccess.make(DType.FLOAT64, t.shape(), o));
            }
        }
        return Collections.unmodifiableList(out);
    }

    public static Tensor norm(Tensor x, boolean keepDims, int... axes) {
        Objects.requireNonNull(x, "norm: x is null");
        ShapeRules.requireFloating("norm", x);
        ShapeRules.axes("norm", axes, x.shape());
        Tensor s = reduce(Primitive.REDUCE_SUM, mul(x, x), keepDims, axes);
        // the guard is s == 0, not !(s > 0): a NaN sum goes through sqrt and stays NaN (value and gradient), as
        // TensorFlow's sqrt(reduce_sum(x * x)), instead of being taken for a zero norm
        Tensor zero = equal(s, scalarLike(s, 0));
        return where(zero, zerosLike(s), sqrt(where(zero, onesLike(s), s)));
    }

    public static Tensor logSumExp(Tensor x, boolean keepDims, int... axes) {
        Objects.requireNonNull(x, "logSumExp: x is null");
        ShapeRules.requireFloating("logSumExp", x);
        int extent = 1;
        for (int a : ShapeRules.axes("logSumExp", axes, x.shape())) {
            extent *= x.shape().dim(a);
        }
        if (extent == 0) { // a sum of no terms: -inf, with a zero (not 0/0) derivative
            return add(mul(reduce(Primitive.REDUCE_SUM, x, keepDims, axes), scalarLike(x, 0)), scalarLike(x, Double.NEGATIVE_INFINITY));
        }
        Tensor raw = reduce(Primitive.REDUCE_MAX, x, true, axes);
        Tensor finite = equal(sub(raw, raw), zerosLike(raw)); // false for +-inf and NaN
        Tensor m = stopGradient(where(finite, raw, zerosLike(raw)));
        Tensor r = log(reduce(Primitive.REDUCE_SUM, exp(sub(x, m)), keepDims, axes));
        return add(r, keepDims ? m : reshape(m, r.shape().dims()));
    }
}
