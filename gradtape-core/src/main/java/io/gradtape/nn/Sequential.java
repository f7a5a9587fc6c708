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
     * Calls each layer on the previous one's output; the input itself if there are no layers.
     *
     * <pre>{@code
     * new Sequential(new Dense(3, 2, null)).call(Tensors.ones(DType.FLOAT32, 4, 3));   // shape (4, 2)
     * }</pre>
     */
    @Override
    public Tensor call(Tensor x) {
        Tensor y = Objects.requireNonNull(x, "Sequential.call: input is null");
        for (Module m : layers) {
            y = m.call(y);
        }
        return y;
    }
}
