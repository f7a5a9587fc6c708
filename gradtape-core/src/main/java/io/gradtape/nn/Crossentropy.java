package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

/**
 * What {@link BinaryCrossentropy} and {@link CategoricalCrossentropy} share: targets matched to yPred's shape
 * and dtype ({@link Loss#matchTargets}), Keras's {@code label_smoothing} ({@code y * (1 - s) + s / k}, with {@code k} from {@link #smoothingClasses}),
 * then the loss from logits or from probabilities, or from the logits a sigmoid or softmax activation cached
 * ({@link CachedLogits}).
 */
abstract class Crossentropy extends Loss {
    private final boolean fromLogits;
    private final double labelSmoothing;

    Crossentropy(boolean fromLogits, double labelSmoothing, Reduction reduction) {
        super(reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(name() + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
    }

    /** The {@code k} of label smoothing: the number of classes the targets are smoothed over. */
    abstract int smoothingClasses(Tensor yPred);

    /** The activation whose cached logits this loss reads ({@link CachedLogits}). */
    abstract CachedLogits.Kind logitsKind();

    /** The per-example loss of (smoothed) targets against logits. */
    abstract Tensor logitsLoss(Tensor yTrue, Tensor logits);

    /** The per-example loss of (smoothed) targets against probabilities (not yet clipped). */
    abstract Tensor probabilitiesLoss(Tensor yTrue, Tensor probabilities);

    @Override
    final Tensor perExample(Tensor yTrue, Tensor yPred) {
        // the cached logits belong to yPred itself: look them up before matching the ranks may reshape yPred, and
        // give them the same shape (Keras loses them there, as its reshaped tensor has no _keras_logits)
        Tensor cached = CachedLogits.of(yPred, logitsKind(), fromLogits, name());
        Tensor[] tp = matchTargets(yTrue, yPred);
        yTrue = tp[0];
        yPred = tp[1];
        if (labelSmoothing > 0) {
            yTrue = yTrue.mul(1 - labelSmoothing).add(labelSmoothing / smoothingClasses(yPred));
        }
        if (cached != null) {
            return logitsLoss(yTrue, cached.shape().equals(yPred.shape()) ? cached : Tensors.reshape(cached, yPred.shape().dims()));
        }
        return fromLogits ? logitsLoss(yTrue, yPred) : probabilitiesLoss(yTrue, yPred);
    }
}
