package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What {@link LSTM}, {@link GRU} and {@link SimpleRNN} share (Keras's {@code RNN} layer around one cell,
 * keras/src/layers/rnn/rnn.py): the lazy build, the loop over the timesteps, the initial state, the mask and the
 * output options. Each subclass gives its number of gates and states, its bias and its step.
 *
 * <p>The loop is unrolled into ordinary ops (matmul, split, the activations, stack), so gradients, higher orders
 * and forward mode come from theirs. The input projection {@code x_t @ kernel + bias} of all timesteps is one
 * product on {@code (batch * timesteps, features)}; the recurrent product {@code h @ recurrent_kernel} is one per
 * step.
 */
abstract class Recurrent extends Module {
    final int units;
    final Function<Tensor, Tensor> activation;
    final Function<Tensor, Tensor> recurrentActivation;
    final boolean useBias;
    private final boolean returnSequences;
    private final boolean returnState;
    private final boolean goBackwards;
    private final int gates;
    private final int stateCount;
    private final Initializer kernelInitializer;
    private final Initializer recurrentInitializer;
    final Initializer biasInitializer;
    /** The weights' regularizers and constraints, from the builder. */
    private final WeightOptions weights;
    private Variable kernel;
    private Variable recurrentKernel;
    private Variable bias;

    Recurrent(RecurrentBuilder<?> b, int gates, int stateCount) {
        super(b.name, b.activityRegularizer);
        this.weights = b.weights.copy();
        this.units = b.units;
        this.activation = b.activation;
        this.recurrentActivation = b.recurrentActivation;
        this.useBias = b.useBias;
        this.returnSequences = b.returnSequences;
        this.returnState = b.returnState;
        this.goBackwards = b.goBackwards;
        this.gates = gates;
        this.stateCount = stateCount;
        this.kernelInitializer = b.kernelInitializer;
        this.recurrentInitializer = b.recurrentInitializer;
        this.biasInitializer = b.biasInitializer;
    }

    /** Builds at construction when the builder gave an input size; called by the subclass's constructor last. */
    final void buildIfSized(RecurrentBuilder<?> b) {
        if (b.inputSize > 0) {
            build(b.inputSize, b.dtype);
        }
    }

    /** The bias's initial value (shape and dtype checked), made before any variable. */
    abstract Tensor initialBias(DType dtype);

    /**
     * One step: {@code xProjected} is {@code x_t @ kernel} plus the input bias ({@code (batch, gates * units)}),
     * {@code state} the states before the step ({@code state.get(0)} is {@code h}); returns the states after it,
     * the first being the step's output.
     */
    abstract List<Tensor> step(Tensor xProjected, List<Tensor> state, Tensor[] prepared);

    /**
     * What every step of one call reads besides its input and states, computed once per call: by default the
     * recurrent kernel and the bias (null without).
     */
    Tensor[] prepare(Tensor recurrentKernel, Tensor bias) {
        return new Tensor[] {recurrentKernel, bias};
    }

    /** The part of the bias added to the input projection, or null: all of it unless a subclass splits it. */
    Tensor inputBias(Tensor bias) {
        return bias;
    }

    /** The layer's class name for messages ({@code LSTM}, {@code GRU}, {@code SimpleRNN}). */
    private String kind() {
        return getClass().getSimpleName();
    }

    private void build(int inputSize, DType dtype) {
        // all initial values first: an initializer that throws (or returns a wrong shape) then leaves the layer
        // unbuilt, never built with a kernel and no bias
        Tensor k0 = initialKernel(kind(), dtype, kernelInitializer, Shape.of(inputSize, gates * units));
        Initializer r = recurrentInitializer != null ? recurrentInitializer : Initializers.orthogonal(1.0, Initializers.defaultGenerator());
        Tensor r0 = Initializers.initialValue(name(), "recurrent_kernel", r, Shape.of(units, gates * units), dtype);
        Tensor b0 = useBias ? initialBias(dtype) : null;
        checkConstraint("kernel", weights.kernelConstraint, k0);
        checkConstraint("recurrent_kernel", weights.recurrentConstraint, r0);
        if (b0 != null) {
            checkConstraint("bias", weights.biasConstraint, b0);
        }
        kernel = addVariable("kernel", k0, true);
        attach(kernel, weights.kernelRegularizer, weights.kernelConstraint);
        recurrentKernel = addVariable("recurrent_kernel", r0, true);
        attach(recurrentKernel, weights.recurrentRegularizer, weights.recurrentConstraint);
        if (b0 != null) {
            bias = addVariable("bias", b0, true);
            attach(bias, weights.biasRegularizer, weights.biasConstraint);
        }
    }

    /**
     * The output for {@code x} from zero initial states: {@code (batch, units)}, the last step's, or with
     * {@code returnSequences} {@code (batch, timesteps, units)}, every step's. Builds the layer first if needed.
     * With {@code returnState} too this is the output alone; {@link #call(Tensor, List)} gives the states.
     *
     * <pre>{@code
     * new LSTM(4).call(Tensors.zeros(DType.FLOAT32, 2, 5, 3)).shape();   // (2, 4)
     * }</pre>
     *
     * @param x the input {@code (batch, timesteps, features)}, float32 or float64
     * @return the output
     * @throws IllegalArgumentException as {@link #call(Tensor, List)}
     */
    @Override
    public Tensor call(Tensor x) {
        return call(x, null).get(0);
    }

    /**
     * Keras's {@code layer(x, initial_state=...)}: runs the layer from the given states (null or empty for zeros)
     * and returns {@code [output]}, or with {@code returnState} {@code [output, final states...]} ({@code h, c} for
     * an LSTM, {@code h} for the others). The output is as {@link #call(Tensor)}'s. Gradients reach the initial
     * states too. Builds the layer first if needed.
     *
     * <pre>{@code
     * LSTM lstm = LSTM.builder(4).returnState(true).build();
     * Tensor h0 = Tensors.zeros(DType.FLOAT32, 2, 4), c0 = Tensors.ones(DType.FLOAT32, 2, 4);
     * List<Tensor> r = lstm.call(Tensors.zeros(DType.FLOAT32, 2, 5, 3), List.of(h0, c0));   // [output, h, c]
     * }</pre>
     *
     * @param x            the input {@code (batch, timesteps, features)}, float32 or float64, at least one timestep
     * @param initialState null, empty, or one tensor {@code (batch, units)} of the layer's dtype per state
     * @return an unmodifiable list: the output, then the final states if {@code returnState}
     * @throws IllegalArgumentException if the input is not a floating tensor of rank 3 with at least one timestep,
     *                                  its features or dtype differ from the layer's, or the initial states are
     *                                  not as many, of the shape {@code (batch, units)} and of the dtype expected;
     *                                  or, when this call builds the layer, if an initializer returns another shape
     *                                  or dtype (the layer then stays unbuilt)
     */
    public List<Tensor> call(Tensor x, List<? extends Tensor> initialState) {
        return call(x, initialState, null);
    }

    /**
     * Keras's {@code layer(x, mask=mask)} from zero initial states: the output as {@link #call(Tensor)}'s, with the
     * masked timesteps skipped (see {@link #call(Tensor, List, Tensor)}).
     *
     * <pre>{@code
     * Tensor x = Tensors.ones(DType.FLOAT32, 2, 4, 3);
     * Tensor mask = Tensors.sequenceMask(Tensors.constant(new int[] {4, 2}, 2), 4);   // the second sequence has 2 steps
     * new LSTM(8).callMasked(x, mask);   // (2, 8): row 1 is h after its second step
     * }</pre>
     *
     * @param x    the input {@code (batch, timesteps, features)}
     * @param mask null, or a BOOL tensor {@code (batch, timesteps)}, false at the timesteps to skip
     * @return the output
     * @throws IllegalArgumentException as {@link #call(Tensor, List, Tensor)}
     */
    @Override
    public Tensor callMasked(Tensor x, Tensor mask) {
        return call(x, null, mask).get(0);
    }

    /**
     * Keras's {@code layer(x, initial_state=..., mask=mask)}: {@link #call(Tensor, List)} skipping the timesteps where
     * {@code mask} is false (Keras's {@code backend.rnn} rule, keras/src/backend/tensorflow/rnn.py). At a masked step
     * the states stay as they were and the step's output is the previous step's output (zeros before the first
     * step, whatever the initial states), so
     * <pre>
     * states_t = mask_t ? step(x_t, states_{t-1}) : states_{t-1}
     * y_t      = mask_t ? h_t : y_{t-1},   y_{-1} = 0
     * </pre>
     * The last output is {@code y} at the last step: the output of the last unmasked step, zeros for a sequence
     * masked at every step (whose final states are then its initial states). With {@code goBackwards} the mask is
     * read backwards with the input. A null mask is no mask; a mask true everywhere gives the same values as none.
     * Gradients do not reach the input at masked steps. The output's own mask is {@link #computeMask}'s.
     *
     * <pre>{@code
     * LSTM lstm = LSTM.builder(4).returnSequences(true).returnState(true).build();
     * Tensor x = Tensors.ones(DType.FLOAT32, 2, 3, 5);
     * Tensor mask = Tensors.constant(new boolean[] {true, true, true, true, false, false}, 2, 3);
     * List<Tensor> r = lstm.call(x, null, mask);   // [output (2, 3, 4), h, c]; row 1 repeats its step 0 at steps 1, 2
     * }</pre>
     *
     * @param x            the input {@code (batch, timesteps, features)}, float32 or float64, at least one timestep
     * @param initialState null, empty, or one tensor {@code (batch, units)} of the layer's dtype per state
     * @param mask         null, or a BOOL tensor {@code (batch, timesteps)}, true at the timesteps that count
     * @return an unmodifiable list: the output, then the final states if {@code returnState}
     * @throws IllegalArgumentException as {@link #call(Tensor, List)}, or if the mask is not BOOL of shape
     *                                  {@code (batch, timesteps)} (nothing is built or computed then)
     */
    public List<Tensor> call(Tensor x, List<? extends Tensor> initialState, Tensor mask) {
        return run(x, initialState, mask, false);
    }

    /**
     * The output's mask (Keras's {@code RNN.compute_mask}): the input's mask when the layer returns sequences, null
     * otherwise (a last output has no timesteps). With {@code goBackwards} too this is the input's mask as it is,
     * not reversed, as Keras gives it, although the output's steps are in reading order.
     *
     * <pre>{@code
     * Tensor x = Tensors.ones(DType.FLOAT32, 1, 2, 3);
     * Tensor m = Tensors.constant(new boolean[] {true, false}, 1, 2);
     * LSTM.builder(4).returnSequences(true).build().computeMask(x, m);   // m
     * new LSTM(4).computeMask(x, m);                                      // null
     * }</pre>
     *
     * @param x    the layer's input
     * @param mask the input's mask, or null
     * @return the output's mask, or null
     */
    @Override
    public Tensor computeMask(Tensor x, Tensor mask) {
        return returnSequences ? mask : null;
    }

    /**
     * The loop of {@link #call(Tensor, List, Tensor)}; {@code zeroOutputForMask} is Keras's RNN option of that name
     * (zeros instead of the previous output at masked steps), which {@link Bidirectional} sets when returning
     * sequences.
     */
    final List<Tensor> run(Tensor x, List<? extends Tensor> initialState, Tensor mask, boolean zeroOutputForMask) {
        // the checks come before a build, so that a refused call leaves an unbuilt layer unbuilt
        List<Tensor> state = check(x, initialState, mask);
        int batch = x.shape().dim(0);
        int steps = x.shape().dim(1);
        int features = x.shape().dim(2);
        if (kernel == null) {
            build(features, x.dtype());
        }
        if (state == null) {
            state = new ArrayList<>();
            for (int i = 0; i < stateCount; i++) {
                state.add(Tensors.zeros(kernel.dtype(), batch, units));
            }
        }
        // every timestep's input projection in one product: (batch * timesteps, features) @ kernel (+ bias)
        Tensor inBias = bias != null ? inputBias(bias) : null;
        Tensor flat = Tensors.reshape(x, batch * steps, features);
        Tensor projected = inBias != null ? NN.linear(flat, kernel, inBias) : Tensors.matmul(flat, kernel);
        List<Tensor> perStep = Tensors.unstack(Tensors.reshape(projected, batch, steps, gates * units), 1);
        // each step's mask as (batch, 1), broadcast over the units by where
        List<Tensor> maskPerStep = mask == null ? null : Tensors.unstack(Tensors.reshape(mask, batch, steps, 1), 1);
        Tensor zeros = mask == null ? null : Tensors.zeros(kernel.dtype(), batch, units);
        Tensor output = zeros;
        Tensor[] prepared = prepare(recurrentKernel, bias);
        List<Tensor> outputs = new ArrayList<>(returnSequences ? steps : 0);
        for (int i = 0; i < steps; i++) {
            int t = goBackwards ? steps - 1 - i : i;
            List<Tensor> next = step(perStep.get(t), state, prepared);
            if (mask == null) {
                state = next;
                output = next.get(0);
            } else {
                Tensor m = maskPerStep.get(t);
                List<Tensor> kept = new ArrayList<>(stateCount);
                for (int j = 0; j < stateCount; j++) {
                    kept.add(Tensors.where(m, next.get(j), state.get(j)));
                }
                state = kept;
                output = Tensors.where(m, next.get(0), zeroOutputForMask ? zeros : output);
            }
            if (returnSequences) {
                outputs.add(output);
            }
        }
        List<Tensor> result = new ArrayList<>(1 + stateCount);
        result.add(returnSequences ? Tensors.stack(outputs, 1) : output);
        if (returnState) {
            result.addAll(state);
        }
        // Keras's Layer.__call__ penalizes every output with the activity regularizer: the states too with return_state
        return activity(Collections.unmodifiableList(result));
    }

    /**
     * Checks the input, the initial states and the mask of a call without building or computing anything; returns
     * the states, or null for zeros.
     */
    List<Tensor> check(Tensor x, List<? extends Tensor> initialState, Tensor mask) {
        Objects.requireNonNull(x, () -> name() + ": input is null");
        int[] d = x.shape().dims();
        if (d.length != 3 || !x.dtype().isFloating()) {
            throw new IllegalArgumentException(name() + ": " + kind() + " needs a floating input of rank 3 (batch, timesteps,"
                    + " features), got shape " + x.shape() + " and dtype " + x.dtype());
        }
        if (d[1] == 0) {
            throw new IllegalArgumentException(name() + ": " + kind() + " needs at least one timestep, got input shape " + x.shape());
        }
        if (kernel != null && (d[2] != kernel.shape().dim(0) || x.dtype() != kernel.dtype())) {
            throw new IllegalArgumentException(name() + ": input has shape " + x.shape() + " and dtype " + x.dtype()
                    + " but the layer was built for inputs (batch, timesteps, " + kernel.shape().dim(0) + ") of dtype "
                    + kernel.dtype() + " (kernel " + kernel.shape() + ")");
        }
        checkMask(mask, kind() + " needs a bool mask of shape (batch, timesteps)", Shape.of(d[0], d[1]), "input", x.shape());
        return initialState(initialState, d[0], kernel != null ? kernel.dtype() : x.dtype(), x.shape());
    }

    /** The number of states: 2 for an LSTM, 1 for the others. */
    int stateCount() {
        return stateCount;
    }

    /**
     * A new layer with this one's options but {@code name} and {@code goBackwards}, and new weights: built at
     * construction for the same input size and dtype when this one is built, otherwise at its first call (Keras's
     * {@code Bidirectional} recreates its layers from their config).
     */
    abstract Recurrent copy(String name, boolean goBackwards);

    /** Fills {@code b} with this layer's shared options, {@code name} and {@code goBackwards}. */
    final <B extends RecurrentBuilder<B>> B copyInto(B b, String name, boolean goBackwards) {
        b.activation(activation);
        b.recurrentActivation = recurrentActivation;
        b.useBias(useBias);
        b.kernelInitializer = kernelInitializer;
        b.recurrentInitializer = recurrentInitializer;
        b.biasInitializer = biasInitializer;
        b.weights.copyFrom(weights);
        b.activityRegularizer(activityRegularizer());
        b.returnSequences(returnSequences).returnState(returnState).goBackwards(goBackwards).name(name);
        if (kernel != null) {
            b.inputSize(kernel.shape().dim(0)).dtype(kernel.dtype());
        }
        return b;
    }

    /** The checked initial states, or null for zeros. */
    private List<Tensor> initialState(List<? extends Tensor> given, int batch, DType dtype, Shape input) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        if (given.size() != stateCount) {
            throw new IllegalArgumentException(name() + ": " + kind() + " has " + stateCount + (stateCount == 1 ? " state" : " states (h, c)")
                    + ", got " + given.size() + " initial states");
        }
        List<Tensor> out = new ArrayList<>(stateCount);
        for (int i = 0; i < stateCount; i++) {
            Tensor s = given.get(i);
            int index = i;
            Objects.requireNonNull(s, () -> name() + ": initial state " + index + " is null");
            if (!s.shape().equals(Shape.of(batch, units)) || s.dtype() != dtype) {
                throw new IllegalArgumentException(name() + ": initial state " + i + " has shape " + s.shape() + " and dtype "
                        + s.dtype() + "; for the input of shape " + input + " it must be (" + batch + ", " + units
                        + ") of dtype " + dtype);
            }
            out.add(s);
        }
        return out;
    }

    @Override
    boolean unbuilt() {
        return kernel == null;
    }

    /**
     * The input kernel {@code (features, gates * units)}, the gates side by side in Keras's order; null before the
     * layer is built.
     *
     * <pre>{@code
     * LSTM.builder(4).inputSize(3).build().kernel().shape();   // (3, 16)
     * }</pre>
     *
     * @return the kernel variable
     */
    public Variable kernel() {
        return kernel;
    }

    /**
     * The recurrent kernel {@code (units, gates * units)}; null before the layer is built.
     *
     * <pre>{@code
     * GRU.builder(4).inputSize(3).build().recurrentKernel().shape();   // (4, 12)
     * }</pre>
     *
     * @return the recurrent kernel variable
     */
    public Variable recurrentKernel() {
        return recurrentKernel;
    }

    /**
     * The bias; null before the layer is built or without bias. Its shape is {@code (gates * units,)}, except a
     * {@link GRU}'s with {@code resetAfter}: {@code (2, 3 * units)}, the input bias then the recurrent one.
     *
     * <pre>{@code
     * SimpleRNN.builder(4).inputSize(3).build().bias().shape();   // (4)
     * }</pre>
     *
     * @return the bias variable
     */
    public Variable bias() {
        return bias;
    }

    /**
     * The size of the output and of each state.
     *
     * <pre>{@code
     * new GRU(10).units();   // 10
     * }</pre>
     *
     * @return the units
     */
    public int units() {
        return units;
    }

    /**
     * Whether {@code call} returns every timestep's output.
     *
     * <pre>{@code
     * new LSTM(4).returnSequences();   // false
     * }</pre>
     *
     * @return the flag
     */
    public boolean returnSequences() {
        return returnSequences;
    }

    /**
     * Whether {@link #call(Tensor, List)} returns the final states after the output.
     *
     * <pre>{@code
     * new LSTM(4).returnState();   // false
     * }</pre>
     *
     * @return the flag
     */
    public boolean returnState() {
        return returnState;
    }

    /**
     * Whether the layer reads the timesteps from the last to the first.
     *
     * <pre>{@code
     * new LSTM(4).goBackwards();   // false
     * }</pre>
     *
     * @return the flag
     */
    public boolean goBackwards() {
        return goBackwards;
    }
}
