package io.gradtape.nn;

/**
 * The regularizers and constraints of a layer's weights (Keras's {@code kernel_regularizer}, {@code bias_constraint},
 * ...), as the builders collect them ({@link LayerBuilder} and its subclasses) and the layers keep them: one
 * copy per layer, so a builder reused after {@code build()} changes no layer it built. Null means none.
 */
final class WeightOptions {
    Regularizer kernelRegularizer;
    Regularizer biasRegularizer;
    Regularizer recurrentRegularizer;
    Constraint kernelConstraint;
    Constraint biasConstraint;
    Constraint recurrentConstraint;
    /** A separable convolution's pointwise kernel's (its depthwise kernel's are the kernel's). */
    Regularizer pointwiseRegularizer;
    Constraint pointwiseConstraint;

    WeightOptions copy() {
        WeightOptions w = new WeightOptions();
        w.copyFrom(this);
        return w;
    }

    /** Takes every option of {@code o}. */
    void copyFrom(WeightOptions o) {
        kernelRegularizer = o.kernelRegularizer;
        biasRegularizer = o.biasRegularizer;
        recurrentRegularizer = o.recurrentRegularizer;
        kernelConstraint = o.kernelConstraint;
        biasConstraint = o.biasConstraint;
        recurrentConstraint = o.recurrentConstraint;
        pointwiseRegularizer = o.pointwiseRegularizer;
        pointwiseConstraint = o.pointwiseConstraint;
    }
}
