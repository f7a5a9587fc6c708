package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * Keras's {@code CTC} loss: the connectionist temporal classification loss ({@link NN#ctcLoss}) of logits
 * {@code yPred} of shape {@code (batch, time, classes)} against label rows {@code yTrue} of shape
 * {@code (batch, maxLabelLength)}, one loss per example, then reduced. As Keras's {@code ctc}
 * ({@code keras/src/losses/losses.py}): class 0 is the blank, and it also marks padding, so each row's label
 * length is its number of non-zero entries and every example uses all {@code time} frames; the logits are not
 * normalized (softmax is applied inside).
 *
 * <p>Labels may be any integer or integral floating dtype (Keras casts them to int32). A 0 before a non-zero
 * label in a row is refused: Keras would count the row's non-zero entries and read that many from its start, so
 * the row {@code [1, 2, 0, 2]} would be taken as the labels {@code [1, 2, 0]}, the blank among them, and not as
 * anything the row says. Padding zeros go at the end.
 *
 * <pre>{@code
 * Tensor labels = Tensors.constant(new int[] {1, 2, 1, 1, 2, 0}, 2, 3);   // [1 2 1] and [1 2]
 * Tensor logits = Tensors.zeros(DType.FLOAT32, 2, 4, 3);
 * new CTC().call(labels, logits);   // the mean of the two examples' losses
 * }</pre>
 */
public final class CTC extends Loss {
    /**
     * With the default reduction.
     *
     * <pre>{@code
     * Loss ctc = new CTC();
     * }</pre>
     */
    public CTC() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /**
     * With the given reduction.
     *
     * <pre>{@code
     * Loss ctc = new CTC(Loss.Reduction.NONE);   // one loss per example
     * }</pre>
     *
     * @param reduction the reduction
     */
    public CTC(Reduction reduction) {
        super(reduction);
    }

    @Override
    Tensor perExample(Tensor yTrue, Tensor yPred) {
        if (yPred.rank() != 3) {
            throw new IllegalArgumentException(name() + ": yPred must be logits of shape (batch, time, classes), got shape "
                    + yPred.shape());
        }
        int batch = yPred.shape().dim(0);
        if (yTrue.rank() != 2 || yTrue.shape().dim(0) != batch) {
            throw new IllegalArgumentException(name() + ": yTrue must be labels of shape (batch, maxLabelLength) with batch "
                    + batch + " (yPred " + yPred.shape() + "), got shape " + yTrue.shape());
        }
        if (yTrue.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(name() + ": yTrue must hold class indices, got dtype bool");
        }
        int width = yTrue.shape().dim(1);
        double[] v = yTrue.toDoubleArray();
        long[] labels = new long[v.length];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < width; i++) {
                double x = v[b * width + i];
                if (x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(name() + ": yTrue[" + b + "][" + i + "] = " + x
                            + " is not an int32 class index");
                }
                labels[b * width + i] = (long) x;
                if (x != 0) {
                    if (lengths[b] != i) {
                        throw new IllegalArgumentException(name() + ": yTrue[" + b + "] has the padding 0 at position "
                                + lengths[b] + " before the label " + (long) x + " at position " + i + "; 0 is the blank and"
                                + " marks padding, which must come after the labels");
                    }
                    lengths[b]++;
                }
            }
        }
        int[] frames = new int[batch];
        java.util.Arrays.fill(frames, yPred.shape().dim(1));
        Tensor labelTensor = Tensors.constant(labels, batch, width);
        return NN.ctcLoss(labelTensor, yPred, Tensors.constant(lengths, batch), Tensors.constant(frames, batch), 0);
    }
}
