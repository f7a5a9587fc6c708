package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Arrays;
import java.util.Objects;

/**
 * Applies one layer to every time step of its input {@code (batch, timesteps, ...)} (Keras's {@code TimeDistributed},
 * keras/src/layers/rnn/time_distributed.py, named {@code time_distributed}): step {@code t} of the output is
 * {@code layer(x[:, t])}, with the same weights at every step. The batch and time axes are merged into one,
 * {@code (batch * timesteps, ...)}, the layer is called once on that, and its output {@code (batch * timesteps,
 * ...)} is split back into {@code (batch, timesteps, ...)}. The wrapped layer is a sub-module, so its variables are
 * this layer's ({@code time_distributed/dense/kernel}, ...) and it follows the training flag.
 *
 * <p><b>Keras 3 loops.</b> Keras 3 calls the layer once per step and stacks the outputs (Keras 2 merged the axes as
 * here). For layers that treat examples independently ({@link Dense}, {@link Conv2D}, pooling, ...) the two are the
 * same. They differ for a {@link BatchNormalization} in training, whose statistics here come from all
 * {@code batch * timesteps} rows rather than from each step's {@code batch} rows, and for {@link Dropout}, whose
 * mask is drawn once for all steps (one generator call) rather than once per step. A wrapped layer built with an
 * {@code activityRegularizer} adds its penalty of the merged output divided by {@code batch * timesteps} (Keras 2's
 * result); Keras 3 calls the layer's {@code call}, not {@code __call__}, so there it adds none.
 *
 * <p><b>Masks.</b> A mask of shape {@code (batch, timesteps, ...)} ({@link #callMasked}) is merged the same way and
 * passed to the layer's {@link Module#callMasked}, as Keras passes each step's slice {@code mask[:, t]}; the output
 * keeps the input's mask ({@link #computeMask}, Keras's {@code supports_masking=True}).
 *
 * <pre>{@code
 * TimeDistributed td = new TimeDistributed(new Dense(8));
 * td.call(Tensors.zeros(DType.FLOAT32, 32, 10, 16));   // shape (32, 10, 8)
 * TimeDistributed frames = new TimeDistributed(Conv2D.builder(64, 3).build());
 * frames.call(Tensors.zeros(DType.FLOAT32, 2, 10, 32, 32, 3));   // shape (2, 10, 30, 30, 64)
 * }</pre>
 */
public class TimeDistributed extends Module {
    private final Module layer;

    /** Keras's {@code supports_masking=True}: the output keeps the input's mask ({@link Module#computeMask}). */
    @Override
    boolean passesMask() {
        return true;
    }

    /**
     * {@code layer} applied to every time step.
     *
     * <pre>{@code
     * TimeDistributed td = new TimeDistributed(new Dense(4, "relu"));
     * }</pre>
     *
     * @param layer the layer, registered as this one's sub-module
     */
    public TimeDistributed(Module layer) {
        this(layer, null);
    }

    /**
     * {@code layer} applied to every time step, this layer named {@code name}.
     *
     * <pre>{@code
     * TimeDistributed td = new TimeDistributed(new Dense(4), "per_step_dense");
     * }</pre>
     *
     * @param layer the layer, registered as this one's sub-module
     * @param name  the name, or null for {@code time_distributed}
     * @throws IllegalArgumentException if the name is empty or contains {@code /}
     */
    public TimeDistributed(Module layer, String name) {
        super(name);
        Objects.requireNonNull(layer, "TimeDistributed: layer is null");
        this.layer = addModule(layer);
    }

    /**
     * The layer applied to every step.
     *
     * <pre>{@code
     * new TimeDistributed(new Dense(4)).call(Tensors.zeros(DType.FLOAT32, 2, 3, 5));   // shape (2, 3, 4)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input's rank is below 3, or the layer refuses the merged input
     * @throws IllegalStateException    if the layer returns null or changes the merged first axis
     */
    @Override
    public Tensor call(Tensor x) {
        return callMasked(x, null);
    }

    /**
     * The layer applied to every step, given the input's mask, {@code (batch, timesteps, ...)}: it is merged to
     * {@code (batch * timesteps, ...)} and given to the layer's {@link Module#callMasked} (which most layers ignore).
     *
     * <pre>{@code
     * Tensor x = Tensors.zeros(DType.FLOAT32, 2, 3, 5);
     * Tensor mask = Tensors.constant(new boolean[] {true, true, false, true, false, false}, 2, 3);
     * new TimeDistributed(new Dense(4)).callMasked(x, mask);   // shape (2, 3, 4)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input's rank is below 3, the mask is not BOOL or does not start with
     *                                  {@code (batch, timesteps)}, or the layer refuses the merged input or mask
     * @throws IllegalStateException    if the layer returns null or changes the merged first axis
     */
    @Override
    public Tensor callMasked(Tensor x, Tensor mask) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        if (x.rank() < 3) {
            throw new IllegalArgumentException(name() + ": TimeDistributed needs an input of rank 3 or more (batch,"
                    + " timesteps, ...), got shape " + x.shape() + " and dtype " + x.dtype());
        }
        int batch = x.shape().dim(0);
        int steps = x.shape().dim(1);
        if (mask != null && (mask.dtype() != DType.BOOL || mask.rank() < 2 || mask.shape().dim(0) != batch
                || mask.shape().dim(1) != steps)) {
            throw new IllegalArgumentException(name() + ": TimeDistributed needs a bool mask of shape (batch, timesteps,"
                    + " ...) = (" + batch + ", " + steps + ", ...) for the input of shape " + x.shape() + ", got shape "
                    + mask.shape() + " and dtype " + mask.dtype());
        }
        long merged = (long) batch * steps;
        if (merged > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name() + ": TimeDistributed cannot merge batch and timesteps of the input"
                    + " of shape " + x.shape() + ": " + merged + " rows exceed Integer.MAX_VALUE");
        }
        Tensor y = layer.callMasked(merge(x), mask == null ? null : merge(mask));
        if (y == null) {
            throw new IllegalStateException(name() + ": the wrapped layer " + layer.name() + " returned null for the"
                    + " merged input of shape " + mergedShape(x));
        }
        if (y.rank() == 0 || y.shape().dim(0) != merged) {
            throw new IllegalStateException(name() + ": the wrapped layer " + layer.name() + " returned shape "
                    + y.shape() + " for the merged input of shape " + mergedShape(x) + ": TimeDistributed needs its"
                    + " first axis (batch * timesteps = " + merged + ") kept");
        }
        int[] out = new int[y.rank() + 1];
        out[0] = batch;
        out[1] = steps;
        System.arraycopy(y.shape().dims(), 1, out, 2, y.rank() - 1);
        return Tensors.reshape(y, out);
    }

    private static Tensor merge(Tensor t) {
        return Tensors.reshape(t, mergedDims(t));
    }

    private static String mergedShape(Tensor t) {
        return io.gradtape.Shape.of(mergedDims(t)).toString();
    }

    private static int[] mergedDims(Tensor t) {
        int[] d = t.shape().dims();
        int[] m = Arrays.copyOfRange(d, 1, d.length);
        m[0] = d[0] * d[1];
        return m;
    }

    /**
     * The wrapped layer.
     *
     * <pre>{@code
     * Dense d = new Dense(4);
     * boolean same = new TimeDistributed(d).layer() == d;   // true
     * }</pre>
     *
     * @return the layer
     */
    public Module layer() {
        return layer;
    }
}
