package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A stack of modules, each called on the previous one's output (Keras's {@code Sequential}). Layers are
 * registered in order, so they are named {@code dense}, {@code dense_1}, ... and their variables listed in
 * that order.
 *
 * <pre>{@code
 * Sequential model = new Sequential(
 *         new Dense(784, 256, "relu"),
 *         new Dense(256, 128, "relu"),
 *         new Dense(128, 10, null));
 * Tensor logits = model.call(Tensors.zeros(DType.FLOAT32, 32, 784));   // shape (32, 10)
 * }</pre>
 *
 * <p><b>Masks.</b> As in Keras, a mask goes from layer to layer: each layer is called with its input's mask
 * ({@link Module#callMasked}, which lists the layers that read it) and its output's mask is
 * {@link Module#computeMask} of its input and that mask (which lists the layers that pass or make one). So an
 * {@link Embedding} with {@code maskZero} (or a {@link Masking} layer) in front makes the recurrent layers after it
 * skip the padding, through layers that pass masks on; a layer that does not support masking drops the mask for
 * the layers after it, as Keras does (Keras also warns).
 *
 * <pre>{@code
 * Sequential model = new Sequential(
 *         Embedding.builder(1000, 32).maskZero(true).build(),
 *         LSTM.builder(64).returnSequences(true).build(),   // skips the 0 ids, passes the mask on
 *         new LSTM(64),                                     // skips them too; its last output has no mask
 *         new Dense(64, 1, "sigmoid"));
 * Tensor ids = Tensors.constant(new int[] {12, 7, 5, 0, 0, 9, 0, 0, 0, 0}, 2, 5);   // padded with 0
 * Tensor y = model.call(ids);   // (2, 1): the padding changes nothing
 * }</pre>
 */
public class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /**
     * A stack of the given layers, automatically named {@code sequential}.
     *
     * <pre>{@code
     * Sequential model = new Sequential(new Flatten(), new Dense(10));
     * }</pre>
     *
     * @param layers the layers, in order
     */
    public Sequential(Module... layers) {
        this(null, layers);
    }

    /**
     * A named stack of the given layers.
     *
     * <pre>{@code
     * Sequential encoder = new Sequential("encoder", new Dense(64, "relu"));
     * }</pre>
     *
     * @param name   the name, or null for {@code sequential}
     * @param layers the layers, in order
     */
    public Sequential(String name, Module... layers) {
        super(name);
        for (Module m : Objects.requireNonNull(layers, "Sequential: layers is null")) {
            add(m);
        }
    }

    /**
     * Appends a layer.
     *
     * <pre>{@code
     * Sequential model = new Sequential();
     * model.add(new Dense(3, 2, "relu")).add(new Dense(2, 1, null));
     * }</pre>
     *
     * @param layer the layer
     * @return this model
     */
    public Sequential add(Module layer) {
        layers.add(addModule(Objects.requireNonNull(layer, "Sequential.add: layer is null")));
        return this;
    }

    /**
     * The layers, in order.
     *
     * <pre>{@code
     * new Sequential(new Flatten()).layers().size();   // 1
     * }</pre>
     *
     * @return an unmodifiable list
     */
    public List<Module> layers() {
        return Collections.unmodifiableList(layers);
    }

    /**
     * Calls each layer on the previous one's output, passing the masks along (see the class comment) from none; the
     * input itself if there are no layers.
     *
     * <pre>{@code
     * new Sequential(new Dense(3, 2, null)).call(Tensors.ones(DType.FLOAT32, 4, 3));   // shape (4, 2)
     * }</pre>
     */
    @Override
    public Tensor call(Tensor x) {
        return callAndMask(x, null)[0];
    }

    /**
     * Keras's {@code model(x, mask=mask)}: {@link #call(Tensor)} with {@code mask} as the first layer's input mask.
     *
     * <pre>{@code
     * Sequential model = new Sequential(new Dense(3, 4, "tanh"), new LSTM(8));
     * Tensor x = Tensors.ones(DType.FLOAT32, 2, 5, 3);
     * model.callMasked(x, Tensors.sequenceMask(Tensors.constant(new int[] {5, 2}, 2), 5));   // (2, 8)
     * }</pre>
     *
     * @param x    the input
     * @param mask null, or the first layer's input mask
     * @return the last layer's output
     * @throws IllegalArgumentException if a layer refuses its input or mask
     */
    @Override
    public Tensor callMasked(Tensor x, Tensor mask) {
        return callAndMask(x, mask)[0];
    }

    /**
     * The last layer's output mask (Keras's {@code compute_mask} of a model): each layer's {@link Module#computeMask}
     * in turn. Each layer's input is needed, so this runs the layers as {@link #callMasked} does, with the same
     * effects in training (dropout draws, batch normalization updates its moving statistics); {@code mask} when
     * there are none. Inside a model, a {@code Sequential} gives its output and its mask from one run.
     *
     * <pre>{@code
     * Sequential model = new Sequential(Embedding.builder(10, 4).maskZero(true).build());
     * model.computeMask(Tensors.constant(new int[] {3, 0}, 1, 2), null);   // [[true, false]]
     * }</pre>
     *
     * @param x    the input
     * @param mask null, or the first layer's input mask
     * @return the output's mask, or null
     */
    @Override
    public Tensor computeMask(Tensor x, Tensor mask) {
        return callAndMask(x, mask)[1];
    }

    /** The layers' run; as Keras's model call, an outermost one first clears the losses of the tree ({@link #losses()}). */
    @Override
    Tensor[] callAndMask(Tensor x, Tensor mask) {
        Objects.requireNonNull(x, "Sequential.call: input is null");
        return inCall(() -> {
            Tensor y = x;
            Tensor m = mask;
            for (Module layer : layers) {
                Tensor[] r = layer.callAndMask(y, m);
                y = r[0];
                m = r[1];
            }
            return new Tensor[] {y, m};
        });
    }
}
