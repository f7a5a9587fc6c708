package io.gradtape.nn;

import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Variable;

import java.util.Arrays;
import java.util.Objects;

/**
 * The parametric rectified linear unit, {@code f(x) = x} for {@code x >= 0}, else {@code alpha * x}, with a trainable
 * {@code alpha} per input element (Keras's {@code PReLU}, keras/src/layers/activations/prelu.py, named
 * {@code p_re_lu}; He et al., "Delving Deep into Rectifiers", ICCV 2015). Computed as Keras computes it,
 * {@code relu(x) - alpha * relu(-x)}, so the gradient with respect to {@code alpha} is {@code -relu(-x)} and with
 * respect to {@code x} is 1 for {@code x > 0}, {@code alpha} for {@code x < 0} and 0 at 0.
 *
 * <p>The variable {@code alpha} (its checkpoint name) has the shape of one example, {@code input.shape[1:]}, with a
 * size of 1 on each of the {@code sharedAxes} (counted with the batch axis as 0, as Keras's {@code shared_axes}):
 * for images {@code (batch, h, w, c)}, {@code sharedAxes} {@code 1, 2} gives one {@code alpha} per channel,
 * {@code (1, 1, c)}. It starts at zeros (Keras's {@code alpha_initializer="zeros"}, so the layer starts as a ReLU)
 * and is made at the first call from the input's shape and dtype (or by {@link Module#build}); later inputs must
 * have the same rank and the same sizes on the axes that are not shared (Keras's {@code InputSpec}). Floating
 * inputs; the output keeps the input's mask (Keras's {@code supports_masking=True}). Keras's
 * {@code alpha_regularizer} and {@code alpha_constraint} are the constructor's
 * {@link #PReLU(Initializer, Regularizer, Constraint, int...)}.
 *
 * <pre>{@code
 * PReLU p = new PReLU(Initializers.constant(0.25), 1, 2);
 * Tensor y = p.call(Tensors.zeros(DType.FLOAT32, 8, 28, 28, 16));   // alpha of shape (1, 1, 16)
 * p.namedVariables().keySet();                                      // [alpha]
 * }</pre>
 */
public class PReLU extends Module {
    private final Initializer alphaInitializer;
    private final int[] sharedAxes;
    private final Regularizer alphaRegularizer;
    private final Constraint alphaConstraint;
    private Variable alpha;

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * One {@code alpha} per input element, starting at 0 (Keras's defaults).
     *
     * <pre>{@code
     * PReLU p = new PReLU();
     * }</pre>
     */
    public PReLU() {
        this(null);
    }

    /**
     * {@code alpha} from {@code alphaInitializer} (zeros when null), shared along {@code sharedAxes}.
     *
     * <pre>{@code
     * PReLU p = new PReLU(Initializers.constant(0.25), 1);   // sequences (batch, steps, features): one alpha per feature
     * }</pre>
     *
     * @param alphaInitializer the initial value's initializer, or null for zeros
     * @param sharedAxes       axes of the input (1 or more; 0 is the batch) along which one {@code alpha} is shared
     * @throws IllegalArgumentException if a shared axis is below 1 or given twice
     */
    public PReLU(Initializer alphaInitializer, int... sharedAxes) {
        this(alphaInitializer, null, null, sharedAxes);
    }

    /**
     * {@code alpha} from {@code alphaInitializer} (zeros when null), shared along {@code sharedAxes}, with Keras's
     * {@code alpha_regularizer} (while {@code alpha} is trainable, {@link Module#losses()} includes
     * {@code alphaRegularizer.apply(alpha)}) and {@code alpha_constraint} (applied to {@code alpha} after each
     * optimizer step, tried on its initial value when the layer is built: another shape or dtype is an
     * {@link IllegalArgumentException} and the layer stays unbuilt).
     *
     * <pre>{@code
     * PReLU p = new PReLU(Initializers.constant(0.25), Regularizers.l1(1e-4), Constraints.nonNeg(), 1, 2);
     * }</pre>
     *
     * @param alphaInitializer the initial value's initializer, or null for zeros
     * @param alphaRegularizer the penalty on {@code alpha}, or null for none
     * @param alphaConstraint  the projection of {@code alpha}, or null for none
     * @param sharedAxes       axes of the input (1 or more; 0 is the batch) along which one {@code alpha} is shared
     * @throws IllegalArgumentException if a shared axis is below 1 or given twice
     */
    public PReLU(Initializer alphaInitializer, Regularizer alphaRegularizer, Constraint alphaConstraint,
                 int... sharedAxes) {
        super(null);
        Objects.requireNonNull(sharedAxes, "PReLU: sharedAxes is null");
        int[] sorted = sharedAxes.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 1 || (i > 0 && sorted[i] == sorted[i - 1])) {
                throw new IllegalArgumentException("PReLU: sharedAxes must be distinct axes 1 or more (0 is the batch),"
                        + " got " + Arrays.toString(sharedAxes));
            }
        }
        this.alphaInitializer = alphaInitializer != null ? alphaInitializer : Initializers.zeros();
        this.sharedAxes = sharedAxes.clone();
        this.alphaRegularizer = alphaRegularizer;
        this.alphaConstraint = alphaConstraint;
    }

    @Override
    boolean unbuilt() {
        return alpha == null;
    }

    /**
     * {@code relu(x) - alpha * relu(-x)}; the first call makes {@code alpha}.
     *
     * <pre>{@code
     * PReLU p = new PReLU(Initializers.constant(0.1));
     * p.call(Tensors.constant(new float[] {-2, 3}, 1, 2));   // [[-0.2, 3]]
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not floating, its rank is below 2 or not above every shared
     *                                  axis, or (once built) its rank, dtype or a size on an axis not shared differs
     *                                  from the first input's; or, when this call builds the layer, if the initializer
     *                                  or the constraint returns another shape or dtype (the layer then stays unbuilt)
     */
    @Override
    public Tensor call(Tensor x) {
        ShapeLayers.checkFloating(this, "PReLU", x);
        Shape expected = alphaShape(x);
        if (alpha == null) {
            Tensor a0 = Initializers.initialValue(name(), "alpha", alphaInitializer, expected, x.dtype());
            alpha = addVariable("alpha", a0, true, alphaRegularizer, alphaConstraint);
        } else if (!alpha.shape().equals(expected) || alpha.dtype() != x.dtype()) {
            throw new IllegalArgumentException(name() + ": PReLU was built for inputs (batch, " + exampleText(alpha.shape())
                    + ") of dtype " + alpha.dtype() + " (alpha " + alpha.shape() + ", shared axes "
                    + Arrays.toString(sharedAxes) + "), got shape " + x.shape() + " and dtype " + x.dtype());
        }
        return NN.relu(x).sub(alpha.mul(NN.relu(x.neg())));
    }

    /** The shape of alpha for the input {@code x}: one example's shape with 1 on the shared axes. */
    private Shape alphaShape(Tensor x) {
        int max = sharedAxes.length == 0 ? 0 : Arrays.stream(sharedAxes).max().getAsInt();
        if (x.rank() < 2 || max >= x.rank()) {
            throw new IllegalArgumentException(name() + ": PReLU needs an input of rank 2 or more (batch, ...)"
                    + (max > 0 ? " with the shared axes " + Arrays.toString(sharedAxes) : "") + ", got shape " + x.shape()
                    + " and dtype " + x.dtype());
        }
        int[] d = Arrays.copyOfRange(x.shape().dims(), 1, x.rank());
        for (int a : sharedAxes) {
            d[a - 1] = 1;
        }
        return Shape.of(d);
    }

    private String exampleText(Shape alphaShape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < alphaShape.rank(); i++) {
            boolean shared = false;
            for (int a : sharedAxes) {
                shared |= a == i + 1;
            }
            sb.append(i > 0 ? ", " : "").append(shared ? "any" : String.valueOf(alphaShape.dim(i)));
        }
        return sb.toString();
    }

    /**
     * The trainable slopes, {@code null} before the first call.
     *
     * <pre>{@code
     * PReLU p = new PReLU();
     * p.call(Tensors.zeros(DType.FLOAT32, 2, 3));
     * p.alpha().shape();   // (3)
     * }</pre>
     *
     * @return the variable, or null
     */
    public Variable alpha() {
        return alpha;
    }

    /**
     * The shared axes, as given.
     *
     * <pre>{@code
     * new PReLU(null, 1, 2).sharedAxes();   // [1, 2]
     * }</pre>
     *
     * @return a copy
     */
    public int[] sharedAxes() {
        return sharedAxes.clone();
    }
}
