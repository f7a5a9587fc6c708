package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Runs a recurrent layer over the sequence in both directions and merges the two outputs (Keras's
 * {@code Bidirectional}, keras/src/layers/rnn/bidirectional.py). From the given {@link LSTM}, {@link GRU} or
 * {@link SimpleRNN} it makes two new layers with its options and new weights: {@code forward_<name>} and
 * {@code backward_<name>}, the latter with {@code goBackwards} true (or takes the given backward layer, whose
 * {@code goBackwards} must differ from the layer's). With
 * {@code y} the forward output and {@code y'} the backward one, the latter reversed in time when the layers return
 * sequences, so that step {@code t} of both has read up to input step {@code t} from its side, the output is
 * <pre>
 * concat (default): [y, y'] on the last axis (2 * units)
 * sum: y + y',  ave: (y + y') / 2,  mul: y * y'
 * </pre>
 * With {@code returnState} {@link #call(Tensor, List)} returns {@code [output, forward states..., backward
 * states...]}, and its initial states are split in half the same way. A mask ({@link #call(Tensor, List, Tensor)},
 * or from a preceding layer in a {@link Sequential}) goes to both layers. Keras's {@code merge_mode=None} (the two
 * outputs as a list) is not supported. The variables are {@code forward_lstm/kernel}, ...,
 * {@code backward_lstm/bias} under this layer's name.
 *
 * <pre>{@code
 * Bidirectional bi = new Bidirectional(new LSTM(8));
 * Tensor y = bi.call(Tensors.zeros(DType.FLOAT32, 2, 5, 3));   // shape (2, 16)
 * }</pre>
 */
public class Bidirectional extends Module {
    private static final List<String> MODES = List.of("concat", "sum", "ave", "mul");
    private final Recurrent forward;
    private final Recurrent backward;
    private final String mergeMode;

    /**
     * Both directions of {@code layer}, concatenated.
     *
     * <pre>{@code
     * Bidirectional bi = new Bidirectional(GRU.builder(16).returnSequences(true).build());
     * }</pre>
     *
     * @param layer an {@link LSTM}, {@link GRU} or {@link SimpleRNN}, used as a template (its weights are not)
     * @throws IllegalArgumentException if the layer is not one of those
     */
    public Bidirectional(Module layer) {
        this(layer, "concat", null, null);
    }

    /**
     * Both directions of {@code layer} with a merge mode, an optional backward layer and a name.
     *
     * <pre>{@code
     * LSTM fw = LSTM.builder(8).returnSequences(true).build();
     * LSTM bw = LSTM.builder(8).returnSequences(true).goBackwards(true).activation("relu").build();
     * Bidirectional bi = new Bidirectional(fw, "sum", bw, "encoder");
     * }</pre>
     *
     * @param layer         an {@link LSTM}, {@link GRU} or {@link SimpleRNN}, used as a template (its weights are
     *                      not; if it is frozen, {@link Module#setTrainable}, so are the layers made from it)
     * @param mergeMode     {@code "concat"}, {@code "sum"}, {@code "ave"} or {@code "mul"} (not null)
     * @param backwardLayer null to derive it from {@code layer}; otherwise a recurrent layer used as it is, with the
     *                      other {@code goBackwards} and the same {@code returnSequences} and {@code returnState}
     * @param name          the name, or null for {@code bidirectional}
     * @throws IllegalArgumentException for another merge mode or layer type, or a backward layer whose options do
     *                                  not fit, as Keras's {@code _verify_layer_config}
     */
    public Bidirectional(Module layer, String mergeMode, Module backwardLayer, String name) {
        super(name);
        Recurrent template = recurrent(layer, "layer");
        if (mergeMode == null) {
            throw new IllegalArgumentException("Bidirectional: merge mode null (Keras's None, the two outputs as a list)"
                    + " is not supported; use one of " + MODES + ", or call forwardLayer() and backwardLayer() yourself");
        }
        if (!MODES.contains(mergeMode)) {
            throw new IllegalArgumentException("Bidirectional: merge mode must be one of " + MODES + ", got \"" + mergeMode + "\"");
        }
        // Keras recreates both layers from the template's config, the backward one with go_backwards=True, and
        // then requires different go_backwards and equal return options (_verify_layer_config)
        Recurrent back = backwardLayer == null
                ? frozenAs(template, template.copy("backward_" + removePrefix(template.name(), "backward_"), true))
                : recurrent(backwardLayer, "backwardLayer");
        if (back.goBackwards() == template.goBackwards()) {
            throw new IllegalArgumentException("Bidirectional: the forward and backward layers must have different"
                    + " goBackwards, both have " + back.goBackwards()
                    + (backwardLayer == null ? " (the backward layer is the layer with goBackwards true)" : ""));
        }
        if (back.returnSequences() != template.returnSequences() || back.returnState() != template.returnState()) {
            throw new IllegalArgumentException("Bidirectional: the forward and backward layers must have the same"
                    + " returnSequences and returnState, got " + template.returnSequences() + ", " + template.returnState()
                    + " and " + back.returnSequences() + ", " + back.returnState());
        }
        this.mergeMode = mergeMode;
        this.forward = addModule(frozenAs(template,
                template.copy("forward_" + removePrefix(template.name(), "forward_"), template.goBackwards())));
        this.backward = addModule(back);
    }

    /**
     * The copy, frozen if the template is: Keras rebuilds the layers from the template's config, which carries
     * {@code trainable} (keras/src/layers/layer.py, {@code get_config}).
     */
    private static Recurrent frozenAs(Recurrent template, Recurrent copy) {
        if (!template.trainable()) {
            copy.setTrainable(false);
        }
        return copy;
    }

    private static Recurrent recurrent(Module m, String what) {
        Objects.requireNonNull(m, () -> "Bidirectional: " + what + " is null");
        if (!(m instanceof Recurrent)) {
            throw new IllegalArgumentException("Bidirectional: " + what + " must be an LSTM, GRU or SimpleRNN, got "
                    + m.getClass().getSimpleName() + " " + m.name());
        }
        return (Recurrent) m;
    }

    private static String removePrefix(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    /**
     * The merged output of both directions from zero initial states (see the class comment).
     *
     * <pre>{@code
     * new Bidirectional(new SimpleRNN(4)).call(Tensors.zeros(DType.FLOAT32, 2, 5, 3)).shape();   // (2, 8)
     * }</pre>
     *
     * @param x the input {@code (batch, timesteps, features)}
     * @return the output
     * @throws IllegalArgumentException as {@link #call(Tensor, List)}
     */
    @Override
    public Tensor call(Tensor x) {
        return call(x, null).get(0);
    }

    /**
     * Keras's {@code Bidirectional(...)(x, initial_state=...)}: the first half of the initial states goes to the
     * forward layer, the second half to the backward one (null or empty for zeros); returns {@code [output]}, or with
     * {@code returnState} {@code [output, forward states..., backward states...]}.
     *
     * <pre>{@code
     * Bidirectional bi = new Bidirectional(GRU.builder(4).returnState(true).build());
     * Tensor h0 = Tensors.zeros(DType.FLOAT32, 2, 4);
     * List<Tensor> r = bi.call(Tensors.zeros(DType.FLOAT32, 2, 5, 3), List.of(h0, h0));   // [output, h_fw, h_bw]
     * }</pre>
     *
     * @param x            the input {@code (batch, timesteps, features)}
     * @param initialState null, empty, or the forward layer's states followed by the backward layer's
     * @return an unmodifiable list: the output, then the states if {@code returnState}
     * @throws IllegalArgumentException if either layer refuses the input or its half of the states (neither layer
     *                                  is built or run then)
     */
    public List<Tensor> call(Tensor x, List<? extends Tensor> initialState) {
        return call(x, initialState, null);
    }

    /**
     * Keras's {@code Bidirectional(...)(x, mask=mask)} from zero initial states: the merged output with the masked
     * timesteps skipped by both directions (see {@link #call(Tensor, List, Tensor)}).
     *
     * <pre>{@code
     * Tensor mask = Tensors.sequenceMask(Tensors.constant(new int[] {5, 3}, 2), 5);
     * new Bidirectional(new LSTM(8)).callMasked(Tensors.ones(DType.FLOAT32, 2, 5, 3), mask);   // (2, 16)
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
     * Keras's {@code Bidirectional(...)(x, initial_state=..., mask=mask)}: both layers get the same mask, each skips
     * the masked timesteps as {@link LSTM#call(Tensor, List, Tensor)} says, and the backward layer reads the mask
     * backwards with the input, so for a right-padded sequence it starts at its last real step. As Keras forces
     * {@code zero_output_for_mask} on both layers when they return sequences (bidirectional.py), the output at a
     * masked step is then zeros from both directions, not the previous step's output; the last outputs and the
     * states are as a single layer's.
     *
     * <pre>{@code
     * Bidirectional bi = new Bidirectional(GRU.builder(4).returnSequences(true).build());
     * Tensor mask = Tensors.constant(new boolean[] {true, true, true, true, false, false}, 2, 3);
     * bi.call(Tensors.ones(DType.FLOAT32, 2, 3, 5), null, mask).get(0);   // (2, 3, 8), zeros at [1, 1:, :]
     * }</pre>
     *
     * @param x            the input {@code (batch, timesteps, features)}
     * @param initialState null, empty, or the forward layer's states followed by the backward layer's
     * @param mask         null, or a BOOL tensor {@code (batch, timesteps)}, true at the timesteps that count
     * @return an unmodifiable list: the output, then the states if {@code returnState}
     * @throws IllegalArgumentException if either layer refuses the input, its half of the states or the mask
     *                                  (neither layer is built or run then)
     */
    public List<Tensor> call(Tensor x, List<? extends Tensor> initialState, Tensor mask) {
        List<? extends Tensor> fs = null;
        List<? extends Tensor> bs = null;
        if (initialState != null && !initialState.isEmpty()) {
            int n = forward.stateCount() + backward.stateCount();
            if (initialState.size() != n) {
                throw new IllegalArgumentException(name() + ": Bidirectional needs " + n + " initial states (the forward"
                        + " layer's, then the backward layer's), got " + initialState.size());
            }
            // Keras splits at len // 2
            fs = initialState.subList(0, n / 2);
            bs = initialState.subList(n / 2, n);
        }
        forward.check(x, fs, mask);
        backward.check(x, bs, mask);
        // Keras sets zero_output_for_mask = return_sequences on both layers
        List<Tensor> yf = forward.run(x, fs, mask, forward.returnSequences());
        List<Tensor> yb = backward.run(x, bs, mask, backward.returnSequences());
        Tensor y = yf.get(0);
        Tensor yRev = forward.returnSequences() ? Tensors.reverse(yb.get(0), 1) : yb.get(0);
        Tensor out;
        switch (mergeMode) {
            case "concat":
                out = Tensors.concat(List.of(y, yRev), -1);
                break;
            case "sum":
                out = y.add(yRev);
                break;
            case "ave":
                out = y.add(yRev).div(2.0);
                break;
            default:
                out = y.mul(yRev);
                break;
        }
        List<Tensor> result = new ArrayList<>();
        result.add(out);
        if (forward.returnState()) {
            result.addAll(yf.subList(1, yf.size()));
            result.addAll(yb.subList(1, yb.size()));
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * The output's mask (Keras's {@code Bidirectional.compute_mask}): the input's mask when the layers return
     * sequences, null otherwise.
     *
     * <pre>{@code
     * Tensor x = Tensors.ones(DType.FLOAT32, 1, 2, 3);
     * Tensor m = Tensors.constant(new boolean[] {true, false}, 1, 2);
     * new Bidirectional(new LSTM(4)).computeMask(x, m);   // null: last outputs
     * }</pre>
     *
     * @param x    the layer's input
     * @param mask the input's mask, or null
     * @return the output's mask, or null
     */
    @Override
    public Tensor computeMask(Tensor x, Tensor mask) {
        return forward.returnSequences() ? mask : null;
    }

    /**
     * The forward layer.
     *
     * <pre>{@code
     * new Bidirectional(new LSTM(4)).forwardLayer().name();   // "forward_lstm"
     * }</pre>
     *
     * @return the layer
     */
    public Module forwardLayer() {
        return forward;
    }

    /**
     * The backward layer.
     *
     * <pre>{@code
     * new Bidirectional(new LSTM(4)).backwardLayer().name();   // "backward_lstm"
     * }</pre>
     *
     * @return the layer
     */
    public Module backwardLayer() {
        return backward;
    }

    /**
     * The merge mode.
     *
     * <pre>{@code
     * new Bidirectional(new LSTM(4)).mergeMode();   // "concat"
     * }</pre>
     *
     * @return the mode
     */
    public String mergeMode() {
        return mergeMode;
    }
}
