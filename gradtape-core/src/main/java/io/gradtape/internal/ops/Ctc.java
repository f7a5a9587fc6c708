package io.gradtape.internal.ops;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.Convert;

import java.util.Objects;

/**
 * {@code NN.ctcLoss}: the arguments checked and turned into {@link Params.Ctc}, then the {@code CTC_LOSS}
 * primitive on the logits (the kernels are {@code CtcKernels}). Its derivative rule multiplies the upstream
 * gradient into {@code CTC_GRADIENT}, a primitive on the same logits and targets whose own rule refuses: the
 * gradient is computed by the forward-backward algorithm, not by ops a tape could differentiate again, so a second
 * derivative through it is an error, as TensorFlow's {@code ctc_loss} raises through {@code prevent_gradient}
 * rather than give a wrong one.
 */
public final class Ctc {
    private static final String OP = "ctcLoss";

    private Ctc() {
    }

    /** See {@code NN.ctcLoss}. */
    public static Tensor loss(Tensor labels, Tensor logits, Tensor labelLength, Tensor logitLength, int blankIndex) {
        Objects.requireNonNull(labels, () -> OP + ": labels is null");
        Objects.requireNonNull(logits, () -> OP + ": logits is null");
        Objects.requireNonNull(labelLength, () -> OP + ": labelLength is null");
        Objects.requireNonNull(logitLength, () -> OP + ": logitLength is null");
        ShapeRules.requireFloating(OP, logits);
        if (logits.rank() != 3) {
            throw new IllegalArgumentException(OP + ": logits must have shape (batch, time, classes), got shape "
                    + logits.shape());
        }
        int batch = logits.shape().dim(0);
        int time = logits.shape().dim(1);
        int classes = logits.shape().dim(2);
        if (!labels.dtype().isInteger() || labels.rank() != 2 || labels.shape().dim(0) != batch) {
            throw new IllegalArgumentException(OP + ": labels must be int32 or int64 of shape (batch, maxLabelLength) with batch "
                    + batch + " (logits " + logits.shape() + "), got " + labels.dtype() + " of shape " + labels.shape());
        }
        int[] labelLen = lengths("labelLength", labelLength, batch, logits);
        int[] logitLen = lengths("logitLength", logitLength, batch, logits);
        if (classes == 0) {
            throw new IllegalArgumentException(OP + ": logits of shape " + logits.shape() + " have no classes; the blank is one");
        }
        if (blankIndex < -classes || blankIndex >= classes) {
            throw new IllegalArgumentException(OP + ": blankIndex " + blankIndex + " is out of range for " + classes
                    + " classes (logits " + logits.shape() + "); negative counts from the end");
        }
        int blank = blankIndex < 0 ? blankIndex + classes : blankIndex;
        int width = labels.shape().dim(1);
        long[] raw = (long[]) Convert.array(TensorAccess.data(labels), DType.INT64);
        long[] shifted = new long[raw.length];
        for (int b = 0; b < batch; b++) {
            if (labelLen[b] > width) {
                throw new IllegalArgumentException(OP + ": labelLength[" + b + "] = " + labelLen[b] + " exceeds the "
                        + width + " columns of labels of shape " + labels.shape());
            }
            if (logitLen[b] > time) {
                throw new IllegalArgumentException(OP + ": logitLength[" + b + "] = " + logitLen[b] + " exceeds the "
                        + time + " frames of logits of shape " + logits.shape());
            }
            for (int i = 0; i < width; i++) {
                long v = raw[b * width + i];
                if (i < labelLen[b] && (v < 0 || v >= classes || v == blank)) {
                    throw new IllegalArgumentException(OP + ": labels[" + b + "][" + i + "] = " + v + " (within labelLength "
                            + labelLen[b] + ") must be a class in [0, " + classes + ") other than the blank, " + blank
                            + " (labels " + labels.shape() + ", logits " + logits.shape() + ")");
                }
                // TensorFlow's ctc_loss_dense moves the blank to class 0: labels below it gain 1 (padding too)
                shifted[b * width + i] = v < blank ? v + 1 : v;
            }
        }
        Params.Ctc p = new Params.Ctc(shifted, width, labelLen, logitLen, blank);
        return Dispatch.apply(Primitive.CTC_LOSS, p, logits);
    }

    /** The gradient of each example's loss with respect to the logits: {@code CTC_GRADIENT}, for the rule. */
    public static Tensor gradient(Params.Ctc p, Tensor logits) {
        return Dispatch.apply(Primitive.CTC_GRADIENT, p, logits);
    }

    /** The shape rule of both primitives: logits {@code (batch, time, classes)} that fit the params. */
    static ShapeRules.Out shape(boolean loss, Params params, Tensor logits) {
        Params.Ctc c = (Params.Ctc) params;
        ShapeRules.requireFloating(OP, logits);
        if (logits.rank() != 3 || logits.shape().dim(0) != c.labelLength().length) {
            throw new IllegalArgumentException(OP + ": logits must have shape (batch, time, classes) with batch "
                    + c.labelLength().length + ", got shape " + logits.shape());
        }
        return new ShapeRules.Out(logits.dtype(), loss ? io.gradtape.Shape.of(logits.shape().dim(0))
                : logits.shape());
    }

    private static int[] lengths(String name, Tensor t, int batch, Tensor logits) {
        if (!t.dtype().isInteger() || t.rank() != 1 || t.shape().dim(0) != batch) {
            throw new IllegalArgumentException(OP + ": " + name + " must be int32 or int64 of shape (" + batch
                    + ",), one per example of logits " + logits.shape() + ", got " + t.dtype() + " of shape " + t.shape());
        }
        long[] v = (long[]) Convert.array(TensorAccess.data(t), DType.INT64);
        int[] r = new int[batch];
        for (int b = 0; b < batch; b++) {
            if (v[b] < 0 || v[b] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(OP + ": " + name + "[" + b + "] = " + v[b] + " is negative or too large");
            }
            r[b] = (int) v[b];
        }
        return r;
    }
}
