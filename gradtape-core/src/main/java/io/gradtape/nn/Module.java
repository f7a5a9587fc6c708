package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.WeakHashMap;

/**
 * A piece of a model that owns variables and sub-modules and computes {@link #call}: TensorFlow's
 * {@code tf.Module} and Keras's {@code Layer} in one small class. Layers ({@link Dense}, {@link Conv2D}, ...)
 * and models ({@link Sequential}, or a subclass of your own) are modules.
 *
 * <p><b>Order.</b> A module registers its variables ({@link #addVariable}) and sub-modules ({@link #addModule})
 * as it creates them. {@link #variables()}, {@link #trainableVariables()} and {@link #namedVariables()} list
 * them in registration order, depth first: a sub-module's variables appear where the sub-module was
 * registered. A variable reachable twice (a shared layer) is listed once, at its first place. Layers that build
 * lazily (on their first call) register their variables then, inside the place their module already has, so
 * the order does not depend on when they were built.
 *
 * <p><b>Register, or the call fails.</b> TensorFlow tracks every variable and layer assigned to an attribute; a
 * Java class cannot see its fields assigned, so a module lists only what it registered. To keep a variable from
 * being left out of training in silence, {@link #namedVariables()}, {@link #variables()},
 * {@link #trainableVariables()}, {@link #countParams()} and {@link #setTraining} first read each module's fields:
 * one that holds a {@link Variable} or a module the tree does not list (made with {@code new Variable(...)} or
 * kept without {@code addModule}), directly or in a collection, map or array, is an
 * {@link IllegalStateException} naming the field and the call to make instead.
 *
 * <p><b>Names.</b> A variable's path name is the names of the modules leading to it and its own name, joined by
 * {@code /}, relative to the module asked: {@code dense_1/kernel}, {@code batch_normalization/moving_mean}.
 * Checkpoints use these names. A module created without a name takes its Keras base name ({@code dense},
 * {@code conv2d}, ...; for your own subclass, its class name in snake case). When such a module is registered
 * in a parent, it becomes the first free name among its siblings: {@code dense}, then {@code dense_1},
 * {@code dense_2}, ... in registration order. So names depend only on the model's own structure, never on how
 * many models were made before (unlike Keras's global counter). An explicit name is kept as given; two
 * siblings with the same explicit name are an {@link IllegalArgumentException}.
 *
 * <p><b>Training.</b> {@link #training()} tells layers such as {@link Dropout} and {@link BatchNormalization}
 * whether they are training; it is false by default (Keras's inference behaviour when no {@code training}
 * argument is given) and {@link #setTraining} sets it for the whole tree. {@link #call(Tensor, boolean)} is
 * TensorFlow's {@code model(x, training=True)}.
 *
 * <p><b>Freezing.</b> {@link #setTrainable setTrainable(false)} freezes a module and every module below it, as
 * Keras's {@code layer.trainable = False}: the variables they made trainable become non-trainable
 * ({@link Variable#trainable()} false), so {@link #trainableVariables()} leaves them out, {@link #nonTrainableVariables()}
 * lists them, tapes no longer watch them when read, and a frozen {@link BatchNormalization} runs in inference mode.
 * {@code setTrainable(true)} unfreezes; variables made non-trainable (moving statistics) stay so. That is the
 * fine-tuning idiom: train a new head on a frozen pretrained base, then unfreeze and train on with a small
 * learning rate (see {@link #setTrainable}).
 *
 * <p>Note: {@code java.lang.Module} exists too; with {@code import io.gradtape.nn.*} write
 * {@code import io.gradtape.nn.Module;} as well, or the name is ambiguous. Modules are not thread-safe.
 *
 * <pre>{@code
 * class Mlp extends io.gradtape.nn.Module {
 *     final Dense hidden = addModule(new Dense(4, 8, "relu"));
 *     final Dense out = addModule(new Dense(8, 3, null));
 *     public Tensor call(Tensor x) {
 *         return out.call(hidden.call(x));
 *     }
 * }
 * }</pre>
 */
public abstract class Module {
    private final String baseName;
    private final boolean explicitName;
    private String name;
    private final LinkedHashMap<String, Object> entries = new LinkedHashMap<>();
    /** Whether some module registered this one ({@link #addModule}): a field may hold it elsewhere. */
    private volatile boolean registered;
    /** Every variable some module made with {@link #addVariable}, weakly (tensors compare by identity). */
    private static final Set<Variable> ADDED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private boolean training;
    /** Keras's {@code layer.trainable}: false once frozen by {@link #setTrainable}. */
    private boolean trainable = true;
    /**
     * The variables this module made trainable (Keras's {@code _trainable_variables}): the ones {@link #setTrainable}
     * freezes and unfreezes, in registration order.
     */
    private final List<Variable> madeTrainable = new ArrayList<>();
    /** The regularizers of this module's own variables (Keras's {@code variable.regularizer}), or null for none. */
    private IdentityHashMap<Variable, Regularizer> regularizers;
    /** Keras's {@code activity_regularizer}: applied to the outputs by the layers that take one, or null. */
    private final Regularizer activityRegularizer;
    /** The losses added in this module's last call (Keras's {@code _losses}): activity penalties and {@link #addLoss}. */
    private final List<Tensor> addedLosses = new ArrayList<>(0);
    /** The call ({@link #PASS} token) that {@link #addedLosses} belong to. */
    private Object addedIn;
    /**
     * The outermost call under way on this thread (Keras's {@code current_call_ctx}), as a token, or null outside every
     * call: opened by {@link #call(Tensor, boolean)} and by {@link Sequential}'s calls when none is open.
     */
    private static final ThreadLocal<Object> PASS = new ThreadLocal<>();

    /**
     * A module named after its class in snake case ({@code MyBlock} becomes {@code my_block}), renamed
     * {@code my_block_1}, ... when a sibling has that name.
     *
     * <pre>{@code
     * io.gradtape.nn.Module m = new Sequential();
     * m.name();   // "sequential"
     * }</pre>
     */
    protected Module() {
        this(null);
    }

    /**
     * A module with an explicit name, or an automatic one if {@code name} is null.
     *
     * <pre>{@code
     * new Sequential("encoder").name();   // "encoder"
     * }</pre>
     *
     * @param name the name (no {@code /}), or null
     */
    protected Module(String name) {
        this(name, null);
    }

    /** A module with an explicit name (or null) and the activity regularizer of its builder (or null). */
    Module(String name, Regularizer activityRegularizer) {
        this.activityRegularizer = activityRegularizer;
        this.baseName = keras(getClass());
        this.explicitName = name != null;
        if (name != null && (name.isEmpty() || name.contains("/"))) {
            throw new IllegalArgumentException("Module: a name must be non-empty and contain no '/', got \"" + name + "\"");
        }
        this.name = name != null ? name : baseName;
    }

    /** Keras's base name of each layer class; snake case for others. */
    private static String keras(Class<?> c) {
        if (c == MaxPool2D.class) {
            return "max_pooling2d";
        }
        String s = c.getSimpleName().isEmpty() ? "module" : c.getSimpleName();
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2").replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Computes the module's output. Layers read {@link #training()} where they behave differently in training.
     *
     * <pre>{@code
     * Dense d = new Dense(3, 2, null);
     * Tensor y = d.call(Tensors.ones(DType.FLOAT32, 5, 3));   // shape (5, 2)
     * }</pre>
     *
     * @param x the input
     * @return the output
     */
    public abstract Tensor call(Tensor x);

    /**
     * {@link #call(Tensor)} with {@link #training()} set to {@code training} for the call and restored after:
     * TensorFlow's {@code model(x, training=True)}. The flag of every module in the tree is set for the call, and
     * afterwards (also when the call throws) each module gets back the flag it had before, so a sub-module whose
     * flag was set on its own (say a dropout kept active with {@code drop.setTraining(true)}) keeps it. A module
     * registered during the call gets this module's former flag.
     *
     * <p>As Keras's outermost {@code layer(x)}, a call that is not inside another one first clears the losses that
     * the modules of the tree added in their last call (activity penalties, {@link #addLoss}); see {@link #losses()}.
     *
     * <pre>{@code
     * Sequential model = new Sequential(new Dense(4, 8, "relu"), new Dropout(0.5, Generator.fromSeed(1)));
     * Tensor y = model.call(Tensors.ones(DType.FLOAT32, 2, 4), true);   // dropout active
     * }</pre>
     *
     * @param x        the input
     * @param training the training flag for this call
     * @return the output
     */
    public final Tensor call(Tensor x, boolean training) {
        boolean rootBefore = this.training;
        // each module's own flag: restoring all of them to this module's flag would change a sub-module whose
        // flag was set apart from its parent's
        Map<Module, Boolean> before = new IdentityHashMap<>();
        for (Module m : tree("setTraining", false).modules) {
            before.put(m, m.training);
        }
        for (Module m : before.keySet()) {
            m.training = training;
        }
        // Keras's Layer.__call__ -> _get_call_context: the outermost call clears the losses of the tree
        boolean opens = PASS.get() == null;
        Map<Module, LossState> lossesBefore = null;
        if (opens) {
            lossesBefore = openCall(before.keySet());
        }
        boolean done = false;
        try {
            Tensor y = call(x);
            done = true;
            return y;
        } finally {
            if (opens) {
                PASS.remove();
                if (!done) {
                    restoreLosses(this, lossesBefore);
                }
            }
            // restore without the field check: it passed above, and a throw here would hide call's own exception
            for (Module m : tree(null, false).modules) {
                Boolean b = before.get(m);
                m.training = b != null ? b : rootBefore;
            }
        }
    }

    /**
     * Keras's {@code layer(x, mask=mask)}: computes the output for {@code x} whose timesteps (or other positions) are
     * marked by {@code mask}, a BOOL tensor true where the input counts and false where it is padding. Layers that
     * read a mask override this: {@link LSTM}, {@link GRU}, {@link SimpleRNN} and {@link Bidirectional} skip the
     * masked timesteps, {@link BatchNormalization} leaves the masked positions out of its training statistics,
     * {@link MultiHeadAttention}, {@link GroupedQueryAttention} and {@link Attention} give padded keys no weight,
     * {@link GlobalAveragePooling1D} averages the unmasked steps only, and {@link Sequential} passes the mask from layer to layer. Every other
     * layer ignores the mask,
     * as a Keras layer whose {@code call} has no {@code mask} argument: this is {@link #call(Tensor)}. A null mask
     * is no mask.
     *
     * <pre>{@code
     * Embedding emb = Embedding.builder(100, 8).maskZero(true).build();
     * Tensor ids = Tensors.constant(new int[] {5, 7, 0, 0, 3, 0, 0, 0}, 2, 4);   // 0 pads
     * Tensor h = new LSTM(16).callMasked(emb.call(ids), emb.computeMask(ids, null));   // (2, 16)
     * }</pre>
     *
     * @param x    the input
     * @param mask null, or the input's mask (its shape depends on the layer: {@code (batch, timesteps)} for the
     *             recurrent layers)
     * @return the output
     * @throws IllegalArgumentException if the layer reads the mask and it is not BOOL or not of the shape it needs
     */
    public Tensor callMasked(Tensor x, Tensor mask) {
        return call(x);
    }

    /**
     * Keras's {@code compute_mask(inputs, previous_mask)}: the mask of this layer's output for the input {@code x} and
     * its mask, or null for none. By default a layer does not support masking and its output has no mask (a Keras
     * layer with {@code supports_masking=False} drops it); {@link Dense}, {@link Dropout}, {@link Activation},
     * {@link LayerNormalization}, {@link BatchNormalization}, {@link GroupNormalization}, {@link UnitNormalization},
     * {@link MultiHeadAttention}, {@link GroupedQueryAttention}, {@link Attention}, the noise layers, the activation
     * layers ({@link ReLU}, {@link Softmax}, ...) and {@link TimeDistributed} pass
     * the input's mask on unchanged (Keras's {@code supports_masking=True}; {@link GlobalAveragePooling1D} reads the
     * mask but its output has none). Layers
     * that make a mask say how in their own comment: {@link Embedding} with {@code maskZero}, {@link Masking}, the
     * recurrent layers and {@link Bidirectional} with {@code returnSequences} (the input's mask, else none), and
     * {@link Sequential} (its last layer's output mask). A subclass
     * of your own overrides it to pass or make masks. This only computes the mask, never the output (except
     * {@link Sequential}'s, which runs its layers to know each one's input).
     *
     * <pre>{@code
     * Tensor ids = Tensors.constant(new int[] {4, 2, 0}, 1, 3);
     * Tensor m = Embedding.builder(10, 4).maskZero(true).build().computeMask(ids, null);   // [[true, true, false]]
     * Tensor x = Tensors.ones(DType.FLOAT32, 1, 3, 4);
     * new Dense(4, 2, null).computeMask(x, m);   // m
     * new Flatten().computeMask(x, m);          // null
     * }</pre>
     *
     * @param x    the layer's input
     * @param mask the input's mask, or null
     * @return the output's mask, or null
     */
    public Tensor computeMask(Tensor x, Tensor mask) {
        return passesMask() ? mask : null;
    }

    /**
     * The mask check of the layers that read one: {@code mask} must be null or a BOOL tensor of shape
     * {@code expected}. Otherwise an {@link IllegalArgumentException}
     * {@code "<name>: <what> = <expected> for the <input> of shape <inputShape>, got shape <s> and dtype <d>"}, as
     * {@code "lstm: LSTM needs a bool mask of shape (batch, timesteps) = (2, 4) for the input of shape (2, 4, 3), got
     * shape (2, 3) and dtype bool"}.
     *
     * @param mask       the mask, or null (always accepted)
     * @param what       the layer's kind and what it needs, as {@code "LSTM needs a bool mask of shape (batch, timesteps)"}
     * @param expected   the mask's shape, or null when the input has none that fits (every mask is refused then,
     *                   and the message leaves out {@code " = <expected>"})
     * @param input      the input the mask belongs to, as {@code "input"} or {@code "value"}
     * @param inputShape its shape
     */
    final void checkMask(Tensor mask, String what, io.gradtape.Shape expected, String input, io.gradtape.Shape inputShape) {
        if (mask != null && (expected == null || mask.dtype() != DType.BOOL || !mask.shape().equals(expected))) {
            throw new IllegalArgumentException(name() + ": " + what + (expected != null ? " = " + expected : "")
                    + " for the " + input + " of shape " + inputShape + ", got shape " + mask.shape() + " and dtype "
                    + mask.dtype());
        }
    }

    /**
     * The input check of the pooling layers (Keras's {@code InputSpec(ndim=rank)}, and a floating dtype): otherwise an
     * {@link IllegalArgumentException} {@code "<name>: <kind> needs a floating <layout> of rank <rank>, got shape <s>
     * and dtype <d>"}.
     *
     * @param kind   the layer's class name, as {@code "MaxPooling1D"}
     * @param x      the input
     * @param rank   the rank it needs
     * @param layout how the message describes it, as {@code "input (batch, steps, channels)"} or {@code "NHWC input"}
     */
    final void checkPoolingInput(String kind, Tensor x, int rank, String layout) {
        if (x.rank() != rank || !x.dtype().isFloating()) {
            throw new IllegalArgumentException(name() + ": " + kind + " needs a floating " + layout + " of rank " + rank
                    + ", got shape " + x.shape() + " and dtype " + x.dtype());
        }
    }

    /** Whether {@link #computeMask} passes the input's mask on unchanged (Keras's {@code supports_masking=True}). */
    boolean passesMask() {
        return false;
    }

    /**
     * {@link #callMasked} and {@link #computeMask} in one pass: {@code {output, output mask}}. {@link Sequential}
     * overrides it so that a model inside a model runs its layers once.
     */
    Tensor[] callAndMask(Tensor x, Tensor mask) {
        Tensor y = callMasked(x, mask);
        return new Tensor[] {y, computeMask(x, mask)};
    }

    /**
     * This module's name: as given, or its automatic name (see the class comment).
     *
     * <pre>{@code
     * new Dense(10).name();   // "dense"
     * }</pre>
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Whether layers behave as in training (dropout active, batch statistics used and moving statistics
     * updated).
     *
     * <pre>{@code
     * new Sequential().training();   // false
     * }</pre>
     *
     * @return the flag
     */
    public boolean training() {
        return training;
    }

    /**
     * Sets the training flag of this module and of all its sub-modules.
     *
     * <pre>{@code
     * Sequential model = new Sequential(new Dense(3, 2, null));
     * model.setTraining(true);
     * model.layers().get(0).training();   // true
     * }</pre>
     *
     * @param training the flag
     */
    public void setTraining(boolean training) {
        for (Module m : tree("setTraining", false).modules) {
            m.training = training;
        }
    }

    /**
     * Whether this module is trainable (Keras's {@code layer.trainable}): true unless {@link #setTrainable} froze it
     * or a module above it. A frozen module's {@link #trainableVariables()} is empty.
     *
     * <pre>{@code
     * Dense d = new Dense(3, 2, null);
     * d.trainable();          // true
     * d.setTrainable(false);
     * d.trainable();          // false
     * }</pre>
     *
     * @return the flag
     */
    public boolean trainable() {
        return trainable;
    }

    /**
     * Freezes ({@code false}) or unfreezes ({@code true}) this module and every module below it: Keras 3's
     * {@code layer.trainable = value} ({@code keras/src/layers/layer.py}, the {@code trainable} setter), which sets
     * the flag of the layer and of all its sublayers, and the {@link Variable#trainable()} flag of each variable
     * they made trainable; variables made non-trainable ({@link BatchNormalization}'s moving statistics) are left
     * alone. Unfreezing a module unfreezes all its sub-modules, also one frozen on its own before.
     *
     * <p>What freezing changes:
     * <ul>
     *   <li>{@link #trainableVariables()} leaves the frozen variables out and {@link #nonTrainableVariables()} lists
     *       them, so a training step over {@code model.trainableVariables()} leaves them bit for bit unchanged;</li>
     *   <li>a tape no longer watches them when they are read (only {@link io.gradtape.GradientTape#watch} does), so
     *       a frozen base whose input is not watched is not recorded at all. Keras 3 on PyTorch does the same
     *       ({@code requires_grad} follows the flag); on TensorFlow the wrapped {@code tf.Variable} keeps the flag
     *       it was created with and a tape still watches it: there a gradient asked for a frozen variable is
     *       computed, here it is null unless the variable was watched;</li>
     *   <li>a frozen {@link BatchNormalization} runs in inference mode even when training: it normalizes with its
     *       moving statistics and does not update them (Keras 3's documented behaviour);</li>
     *   <li>{@link #countParams()} still counts every variable; {@link #toString()} shows the trainable and
     *       non-trainable counts, as Keras's {@code summary()}.</li>
     * </ul>
     * What it does not change: the variables' values and names, so a {@link io.gradtape.checkpoint.Checkpoint} saves
     * and restores a frozen module's variables under the same keys (Keras's {@code save_weights} saves frozen
     * weights too). An optimizer reads no trainable flag: given a frozen variable and a gradient it updates it, as
     * Keras's optimizer does (Keras freezes by leaving the variable out of {@code trainable_weights}); so read
     * {@code trainableVariables()} after freezing, not a list taken before. Only {@code useEma} reads the flag: a
     * frozen variable's moving average is not updated, and neither {@code emaOverwriteFrequency} nor
     * {@code finalizeVariableValues} copies it into the variable, so its value stays bit-for-bit unchanged (Keras 3
     * averages and overwrites every variable its optimizer was built with, frozen or not; see
     * {@link io.gradtape.optimizers.Optimizer.Builder#useEma}). Slots an optimizer made for a variable
     * before it was frozen are kept, unchanged while it is frozen, and used again once it is unfrozen. A
     * {@code Checkpoint} with an optimizer saves slots for the variables trainable at the save: restore it with the
     * same modules frozen.
     *
     * <p>The fine-tuning idiom (Keras's transfer-learning guide): train a new head on a frozen pretrained base,
     * then unfreeze the base and train everything with a much smaller learning rate and a new optimizer (Keras
     * recompiles). To keep the base's batch normalization in inference mode while fine-tuning, as the guide
     * advises, call the base with {@code base.call(x, false)} inside your model's {@code call}.
     *
     * <pre>{@code
     * Sequential base = new Sequential(new Dense(784, 256, "relu"), new BatchNormalization(256));
     * // ... base pretrained, or restored with new Checkpoint().module(base).restore(file) ...
     * Sequential model = new Sequential(base, new Dense(256, 10, null));
     * Loss loss = new SparseCategoricalCrossentropy(true);
     * Tensor x = Tensors.zeros(DType.FLOAT32, 32, 784);   // a batch of images
     * Tensor y = Tensors.zeros(DType.INT32, 32);          // and their labels
     * base.setTrainable(false);                        // frozen: 201,984 of the 204,554 parameters
     * Optimizer head = new Adam(1e-3);
     * head.minimize(() -> loss.call(y, model.call(x, true)), model.trainableVariables());   // trains the head only
     * base.setTrainable(true);                         // unfreeze
     * Optimizer fine = new Adam(1e-5);
     * fine.minimize(() -> loss.call(y, model.call(x, true)), model.trainableVariables());   // trains everything
     * }</pre>
     *
     * @param trainable false to freeze, true to unfreeze
     * @throws IllegalStateException if a field of a module in the tree holds a variable or module it did not register
     *                               (see the class comment); nothing is changed then
     */
    public void setTrainable(boolean trainable) {
        for (Module m : tree("setTrainable", false).modules) {
            m.trainable = trainable;
            for (Variable v : m.madeTrainable) {
                io.gradtape.internal.TensorAccess.setTrainable(v, trainable);
            }
        }
    }

    /**
     * Registers a new variable holding {@code initial}, named {@code name} within this module.
     *
     * <pre>{@code
     * class Scale extends io.gradtape.nn.Module {
     *     final Variable s = addVariable("scale", Tensors.ones(DType.FLOAT32, 3), true);
     *     public Tensor call(Tensor x) {
     *         return x.mul(s);
     *     }
     * }
     * }</pre>
     *
     * <p>A trainable variable added to a frozen module (a layer that builds at its first call, frozen before it) is
     * made frozen, and {@link #setTrainable setTrainable(true)} makes it trainable, as Keras's
     * {@code _track_variable}. A non-trainable one stays non-trainable whatever {@code setTrainable} does.
     *
     * @param name      unique within this module, no {@code /}
     * @param initial   the initial value
     * @param trainable whether optimizers train it (moving statistics are not trainable)
     * @return the variable
     * @throws IllegalArgumentException if the name is taken or invalid
     */
    protected final Variable addVariable(String name, Tensor initial, boolean trainable) {
        Objects.requireNonNull(initial, "addVariable: initial value is null");
        checkFree(name);
        Variable v = new Variable(initial, trainable && this.trainable);
        entries.put(name, v);
        ADDED.add(v);
        if (trainable) {
            madeTrainable.add(v);
        }
        return v;
    }

    /** {@link #addKernelAndBias(String, DType, Initializer, io.gradtape.Shape, Initializer, io.gradtape.Shape, WeightOptions)} without regularizers or constraints. */
    final Variable[] addKernelAndBias(String layer, DType dtype, Initializer kernelInitializer, io.gradtape.Shape kernelShape,
                                      Initializer biasInitializer, io.gradtape.Shape biasShape) {
        return addKernelAndBias(layer, dtype, kernelInitializer, kernelShape, biasInitializer, biasShape, new WeightOptions());
    }

    /**
     * What {@link Dense}, {@link Conv1D}, {@link Conv2D} and {@link Conv2DTranspose} build: a trainable {@code kernel}
     * of {@code kernelShape} and, when {@code biasShape} is not null ({@code use_bias}), a trainable {@code bias},
     * from their initializers, Glorot uniform on the default generator and zeros when null (Keras's defaults), with
     * the regularizers and constraints of {@code w}. Both initial values are made and the constraints checked first,
     * so an initializer or constraint that throws (or returns a wrong shape) leaves the layer unbuilt, never built
     * with a kernel and no bias.
     *
     * @param layer the class name for the message, e.g. {@code "Dense"}
     * @return {@code {kernel, bias}}, the bias null without one
     * @throws IllegalArgumentException if {@code dtype} is not floating
     */
    final Variable[] addKernelAndBias(String layer, DType dtype, Initializer kernelInitializer, io.gradtape.Shape kernelShape,
                                      Initializer biasInitializer, io.gradtape.Shape biasShape, WeightOptions w) {
        Tensor k0 = initialKernel(layer, dtype, kernelInitializer, kernelShape);
        Tensor b0 = null;
        if (biasShape != null) {
            Initializer bi = biasInitializer != null ? biasInitializer : Initializers.zeros();
            b0 = Initializers.initialValue(name(), "bias", bi, biasShape, dtype);
        }
        checkConstraint("kernel", w.kernelConstraint, k0);
        if (b0 != null) {
            checkConstraint("bias", w.biasConstraint, b0);
        }
        Variable kernel = addVariable("kernel", k0, true);
        attach(kernel, w.kernelRegularizer, w.kernelConstraint);
        Variable bias = null;
        if (b0 != null) {
            bias = addVariable("bias", b0, true);
            attach(bias, w.biasRegularizer, w.biasConstraint);
        }
        return new Variable[] {kernel, bias};
    }

    /**
     * Registers a new variable as {@link #addVariable(String, Tensor, boolean)} does, with a penalty and a projection
     * (Keras's {@code add_weight(regularizer=..., constraint=...)}): while the variable is trainable (and this module
     * not frozen), {@link #losses()} includes {@code regularizer.apply(variable)}, computed when it is read; after
     * each {@link io.gradtape.optimizers.Optimizer#applyGradients} step that updates the variable, the optimizer
     * assigns it {@code constraint.apply(value)}. Either may be null. The constraint is tried once on
     * {@code initial} (the result is not kept) to check that it returns the same shape and dtype.
     *
     * <pre>{@code
     * class Scale extends io.gradtape.nn.Module {
     *     final Variable s = addVariable("scale", Tensors.ones(DType.FLOAT32, 3), true,
     *             Regularizers.l2(1e-3), Constraints.nonNeg());
     *     public Tensor call(Tensor x) {
     *         return x.mul(s);
     *     }
     * }
     * }</pre>
     *
     * @param name        unique within this module, no {@code /}
     * @param initial     the initial value
     * @param trainable   whether optimizers train it
     * @param regularizer the penalty, or null
     * @param constraint  the projection, or null
     * @return the variable
     * @throws IllegalArgumentException if the name is taken or invalid, or the constraint returns another shape or
     *                                  dtype for {@code initial} (nothing is registered then)
     */
    protected final Variable addVariable(String name, Tensor initial, boolean trainable, Regularizer regularizer,
                                         Constraint constraint) {
        Objects.requireNonNull(initial, "addVariable: initial value is null");
        checkFree(name);
        checkConstraint(name, constraint, initial);
        Variable v = addVariable(name, initial, trainable);
        attach(v, regularizer, constraint);
        return v;
    }

    /** Keeps a variable's regularizer (for {@link #losses()}) and gives it its constraint (for the optimizers). */
    final void attach(Variable v, Regularizer regularizer, Constraint constraint) {
        if (regularizer != null) {
            if (regularizers == null) {
                regularizers = new IdentityHashMap<>();
            }
            regularizers.put(v, regularizer);
        }
        if (constraint != null) {
            io.gradtape.internal.TensorAccess.setConstraint(v, constraint::apply);
        }
    }

    /**
     * Tries {@code constraint} on a variable's initial value: it must return a tensor of the same shape and dtype,
     * or the variable could not take it after an optimizer's step.
     *
     * @throws IllegalArgumentException naming this module, the variable and both shapes otherwise
     */
    final void checkConstraint(String variable, Constraint constraint, Tensor initial) {
        if (constraint == null) {
            return;
        }
        Tensor c = constraint.apply(initial);
        if (c == null || !c.shape().equals(initial.shape()) || c.dtype() != initial.dtype()) {
            throw new IllegalArgumentException(name() + ": the " + variable + " constraint returned "
                    + (c == null ? "null" : "shape " + c.shape() + " and dtype " + c.dtype()) + " for a variable of shape "
                    + initial.shape() + " and dtype " + initial.dtype() + "; a constraint must keep both");
        }
    }

    /**
     * The kernel's initial value of {@link #addKernelAndBias} and of the recurrent layers: {@code dtype} checked to be
     * floating, then {@code kernelInitializer} (Glorot uniform on the default generator when null, Keras's default)
     * asked for {@code kernelShape}, its result checked. Registers nothing.
     *
     * @param layer the class name for the message, e.g. {@code "Dense"}
     * @throws IllegalArgumentException if {@code dtype} is not floating, or the initializer returns another shape or
     *                                  dtype
     */
    final Tensor initialKernel(String layer, DType dtype, Initializer kernelInitializer, io.gradtape.Shape kernelShape) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(name() + ": " + layer + " needs a floating input, got dtype " + dtype);
        }
        Initializer k = kernelInitializer != null ? kernelInitializer : Initializers.glorotUniform(Initializers.defaultGenerator());
        return Initializers.initialValue(name(), "kernel", k, kernelShape, dtype);
    }

    /**
     * Registers a sub-module under its own name, or, if it was created without one, under the first free name
     * {@code base}, {@code base_1}, ... (see the class comment); the module's {@link #name()} becomes that name.
     *
     * <pre>{@code
     * class Block extends io.gradtape.nn.Module {
     *     final Dense a = addModule(new Dense(4, 4, "relu"));   // "dense"
     *     final Dense b = addModule(new Dense(4, 4, "relu"));   // "dense_1"
     *     public Tensor call(Tensor x) {
     *         return b.call(a.call(x));
     *     }
     * }
     * }</pre>
     *
     * @param module the sub-module
     * @param <M>    its type
     * @return the sub-module
     * @throws IllegalArgumentException if an explicit name is taken, or the module is this one or contains it
     */
    protected final <M extends Module> M addModule(M module) {
        Objects.requireNonNull(module, "addModule: module is null");
        register(module);
        return module;
    }

    private void register(Module module) {
        if (module.reaches(this)) {
            throw new IllegalArgumentException("addModule: " + module.name() + " contains " + name()
                    + " (or is it): a module cannot contain itself");
        }
        String key;
        if (module.explicitName) {
            key = module.name;
            checkFree(key);
        } else if (entries.get(module.name) == module) {
            return;
        } else {
            key = module.baseName;
            for (int i = 1; entries.containsKey(key); i++) {
                key = module.baseName + "_" + i;
            }
            module.name = key;
        }
        entries.put(key, module);
        module.registered = true;
    }

    private void checkFree(String name) {
        Objects.requireNonNull(name, "a name is null");
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException(name() + ": a name must be non-empty and contain no '/', got \"" + name + "\"");
        }
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException(name() + ": the name \"" + name + "\" is taken; give another name");
        }
    }

    /**
     * The sub-modules registered directly in this one, in registration order.
     *
     * <pre>{@code
     * new Sequential(new Dense(3, 2, null), new Flatten()).submodules().size();   // 2
     * }</pre>
     *
     * @return an unmodifiable list
     */
    public List<Module> submodules() {
        List<Module> out = new ArrayList<>();
        for (Object o : entries.values()) {
            if (o instanceof Module) {
                out.add((Module) o);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Every variable, trainable or not, by path name, in registration order, depth first (see the class
     * comment).
     *
     * <pre>{@code
     * Sequential model = new Sequential(new Dense(4, 3, "relu"), new Dense(3, 2, null));
     * model.namedVariables().keySet();   // [dense/kernel, dense/bias, dense_1/kernel, dense_1/bias]
     * }</pre>
     *
     * @return an unmodifiable ordered map
     */
    public Map<String, Variable> namedVariables() {
        return Collections.unmodifiableMap(tree("namedVariables").variables);
    }

    /** The modules and variables below this module (see the class comment), and the check of its fields. */
    private static final class Tree {
        final List<Module> modules = new ArrayList<>();
        final Set<Module> moduleSet = Collections.newSetFromMap(new IdentityHashMap<>());
        final LinkedHashMap<String, Variable> variables = new LinkedHashMap<>();
        final Set<Variable> variableSet = Collections.newSetFromMap(new IdentityHashMap<>());
        /** Whether {@link #variables} gets the path names (not needed to set the training flag). */
        final boolean names;

        Tree(boolean names) {
            this.names = names;
        }
    }

    private Tree tree(String call) {
        return tree(call, true);
    }

    /**
     * Walks the tree and, unless {@code call} is null, checks that no field holds a variable or module left out of
     * it ({@link UntrackedFields}), naming {@code call} in the error.
     */
    private Tree tree(String call, boolean names) {
        Tree t = new Tree(names);
        walk(this, "", t);
        if (call != null) {
            UntrackedFields.check(t.modules, t.moduleSet, t.variableSet, call);
        }
        return t;
    }

    private static void walk(Module m, String prefix, Tree t) {
        if (!t.moduleSet.add(m)) {
            return;
        }
        t.modules.add(m);
        for (Map.Entry<String, Object> e : m.entries.entrySet()) {
            if (e.getValue() instanceof Variable) {
                Variable v = (Variable) e.getValue();
                if (t.variableSet.add(v) && t.names) {
                    t.variables.put(prefix + e.getKey(), v);
                }
            } else {
                walk((Module) e.getValue(), t.names ? prefix + e.getKey() + "/" : prefix, t);
            }
        }
    }

    /** Whether {@code m} is this module or below it. */
    boolean reaches(Module m) {
        return tree(null, false).moduleSet.contains(m);
    }

    /** Whether some module registered this one, so that a field elsewhere may hold it. */
    boolean registeredSomewhere() {
        return registered;
    }

    /** Whether some module made {@code v} with {@link #addVariable}, so that a field elsewhere may hold it. */
    static boolean addedSomewhere(Variable v) {
        return ADDED.contains(v);
    }

    /**
     * Every variable, trainable or not (such as {@link BatchNormalization}'s moving statistics), in the order
     * of {@link #namedVariables()}.
     *
     * <pre>{@code
     * new BatchNormalization(3).variables().size();   // 4: gamma, beta, moving_mean, moving_variance
     * }</pre>
     *
     * @return a new list
     */
    public List<Variable> variables() {
        return new ArrayList<>(tree("variables").variables.values());
    }

    /**
     * The variables an optimizer trains, in the order of {@link #namedVariables()}: those whose
     * {@link Variable#trainable()} is true, none if this module is frozen (Keras's {@code trainable_weights}).
     *
     * <pre>{@code
     * new BatchNormalization(3).trainableVariables().size();   // 2: gamma, beta
     * Sequential model = new Sequential(new Dense(4, 3, "relu"), new Dense(3, 2, null));
     * model.layers().get(0).setTrainable(false);
     * model.trainableVariables().size();   // 2: dense_1's kernel and bias
     * }</pre>
     *
     * @return a new list
     */
    public List<Variable> trainableVariables() {
        return variablesWhereTrainable("trainableVariables", true);
    }

    /**
     * The variables an optimizer does not train, in the order of {@link #namedVariables()}: those whose
     * {@link Variable#trainable()} is false (moving statistics, frozen variables), or all of them if this module is
     * frozen (Keras's {@code non_trainable_weights}). With {@link #trainableVariables()} they make
     * {@link #variables()}.
     *
     * <pre>{@code
     * new BatchNormalization(3).nonTrainableVariables().size();   // 2: moving_mean, moving_variance
     * Dense d = new Dense(4, 3, null);
     * d.setTrainable(false);
     * d.nonTrainableVariables().size();   // 2: kernel, bias
     * }</pre>
     *
     * @return a new list
     */
    public List<Variable> nonTrainableVariables() {
        return variablesWhereTrainable("nonTrainableVariables", false);
    }

    /**
     * The losses to add to the training loss (Keras 3's {@code layer.losses}, {@code keras/src/layers/layer.py}): the
     * losses that this module and those below it added during their last call (activity penalties of layers built
     * with {@code activityRegularizer}, {@link ActivityRegularization}, {@link #addLoss}), then the penalty of each
     * weight built with a regularizer ({@code kernelRegularizer}, ...), in the order of {@link #namedVariables()}.
     * Each is a scalar.
     *
     * <p><b>Weight penalties are computed now</b>, from the variables' current values, each time this is read (Keras's
     * {@code _get_regularization_losses}): read inside the {@link io.gradtape.GradientTape} of a training step, they
     * are recorded on it and their gradient reaches the weights. Only weights that are trainable count, as in Keras
     * (which iterates over {@code trainable_weights}): a frozen module's ({@link #setTrainable setTrainable(false)})
     * weight penalties are left out, and all of them when this module is frozen; its activity losses stay.
     *
     * <p><b>Added losses belong to the last call.</b> As Keras clears them when an outermost layer call starts, the
     * losses added in the tree are cleared when {@link #call(Tensor, boolean)}, or a {@link Sequential}'s call, starts
     * outside any other call; inside it they accumulate (a layer called twice adds twice). A layer that adds an
     * activity penalty and is called on its own ({@code layer.call(x)}, outside those calls) keeps only its latest
     * call's. So call the model inside the tape, then read {@code losses()} inside the same tape. An outermost call
     * that throws changes nothing: the tree keeps the losses of its last successful call (Keras clears them when
     * the call starts and keeps whatever the failed call added before it threw).
     *
     * <pre>{@code
     * Dense hidden = Dense.builder(8).activation("relu").kernelRegularizer(Regularizers.l2(1e-4)).build();
     * Sequential model = new Sequential(hidden, new ActivityRegularization(0.0, 1e-5), new Dense(3));
     * Tensor x = Tensors.ones(DType.FLOAT32, 4, 5);
     * Tensor y = Tensors.constant(new int[] {0, 1, 2, 0}, 4);
     * Optimizer opt = new Adam(1e-3);
     * opt.minimize(() -> {
     *     Tensor loss = new SparseCategoricalCrossentropy(true).call(y, model.call(x, true));
     *     for (Tensor penalty : model.losses()) {
     *         loss = loss.add(penalty);   // Keras: loss + sum(model.losses)
     *     }
     *     return loss;
     * }, model.trainableVariables());
     * }</pre>
     *
     * @return a new list of scalar tensors
     * @throws IllegalArgumentException if a weight's regularizer returns a tensor that is not a scalar
     * @throws IllegalStateException    if a field of a module in the tree holds a variable or module it did not
     *                                  register (see the class comment)
     */
    public List<Tensor> losses() {
        Tree t = tree("losses");
        List<Tensor> out = new ArrayList<>();
        IdentityHashMap<Variable, Regularizer> regs = null;
        for (Module m : t.modules) {
            out.addAll(m.addedLosses);
            if (m.regularizers != null) {
                if (regs == null) {
                    regs = new IdentityHashMap<>();
                }
                regs.putAll(m.regularizers);
            }
        }
        if (regs == null || !trainable) {
            return out;
        }
        // a tree walk without names gives no paths: walk again for the names only when a penalty is refused
        for (Variable v : t.variables.values()) {
            Regularizer r = regs.get(v);
            if (r != null && v.trainable()) {
                Tensor p = r.apply(v);
                if (p == null || p.rank() != 0) {
                    String path = "?";
                    for (Map.Entry<String, Variable> e : t.variables.entrySet()) {
                        if (e.getValue() == v) {
                            path = e.getKey();
                        }
                    }
                    throw new IllegalArgumentException("losses: the regularizer of " + path + " (shape " + v.shape()
                            + ", dtype " + v.dtype() + ") returned " + (p == null ? "null" : "shape " + p.shape())
                            + ", not a scalar");
                }
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Adds a loss to {@link #losses()} from inside this module's {@link #call} (Keras's {@code add_loss}), as a
     * custom layer's penalty on its activations or an auxiliary loss. It counts until the next outermost call of
     * the module tree clears it (see {@link #losses()}). Outside every call there is no call to attach it to, as in
     * Keras, where {@code add_loss} works inside {@code call}: call the outermost module with
     * {@link #call(Tensor, boolean) call(x, training)} (TensorFlow's {@code model(x, training=...)}), or put the
     * layer in a {@link Sequential}.
     *
     * <pre>{@code
     * class Sparse extends io.gradtape.nn.Module {
     *     public Tensor call(Tensor x) {
     *         addLoss(Tensors.abs(x).mean().mul(1e-3));
     *         return x;
     *     }
     *
     *     static void demo() {
     *         Sparse s = new Sparse();
     *         s.call(Tensors.ones(DType.FLOAT32, 2, 3), true);
     *         s.losses();   // [0.001]
     *     }
     * }
     * }</pre>
     *
     * @param loss a floating scalar
     * @throws IllegalArgumentException if {@code loss} is not a floating scalar
     * @throws IllegalStateException    if no call is under way (see above)
     */
    protected final void addLoss(Tensor loss) {
        Objects.requireNonNull(loss, () -> name() + ": addLoss: loss is null");
        if (loss.rank() != 0 || !loss.dtype().isFloating()) {
            throw new IllegalArgumentException(name() + ": addLoss needs a floating scalar, got shape " + loss.shape()
                    + " and dtype " + loss.dtype());
        }
        Object pass = PASS.get();
        if (pass == null) {
            throw new IllegalStateException(name() + ": addLoss outside a call: a loss belongs to the call that adds it"
                    + " (Keras's add_loss inside call), and none is under way. Call the outermost module with call(x,"
                    + " training) (TensorFlow's model(x, training=...)) or put this layer in a Sequential, so that each"
                    + " call starts with fresh losses");
        }
        keepLoss(loss, pass);
    }

    /** Adds to {@link #addedLosses}, first clearing those of an earlier call. */
    private void keepLoss(Tensor loss, Object pass) {
        if (addedIn != pass) {
            addedLosses.clear();
            addedIn = pass;
        }
        addedLosses.add(loss);
    }

    private void clearAddedLosses() {
        addedLosses.clear();
        addedIn = null;
    }

    /**
     * Runs {@code body} as Keras's layer call: the outermost one (no call under way on this thread) first clears
     * the losses of this module's tree, and the calls inside it add to them. {@link Sequential} runs its layers so.
     */
    final <T> T inCall(java.util.function.Supplier<T> body) {
        if (PASS.get() != null) {
            return body.get();
        }
        Map<Module, LossState> lossesBefore = openCall(tree(null, false).modules);
        boolean done = false;
        try {
            T y = body.get();
            done = true;
            return y;
        } finally {
            PASS.remove();
            if (!done) {
                restoreLosses(this, lossesBefore);
            }
        }
    }

    /** A module's added losses and the call they belong to, kept to be put back when a call fails. */
    private record LossState(List<Tensor> losses, Object addedIn) {
    }

    /**
     * Opens an outermost call on this thread: clears the added losses of {@code modules} (Keras's
     * {@code _get_call_context}) and returns what they held, for {@link #restoreLosses} if the call throws.
     */
    private static Map<Module, LossState> openCall(Iterable<Module> modules) {
        Map<Module, LossState> kept = snapshotLosses(modules);
        for (Module m : kept.keySet()) {
            m.clearAddedLosses();
        }
        PASS.set(new Object());
        return kept;
    }

    /** The added losses of {@code modules} and the calls they belong to, for {@link #restoreLosses}. */
    private static Map<Module, LossState> snapshotLosses(Iterable<Module> modules) {
        Map<Module, LossState> kept = new IdentityHashMap<>();
        for (Module m : modules) {
            kept.put(m, new LossState(new ArrayList<>(m.addedLosses), m.addedIn));
        }
        return kept;
    }

    /**
     * A failed outermost call (or {@link #build}'s call on zeros) changes no losses: each module gets back those of
     * its last successful call, and those the call added are dropped (after a failed call Keras would keep the
     * cleared, partial list). A module registered during the call had no losses before it.
     */
    private static void restoreLosses(Module root, Map<Module, LossState> kept) {
        for (Module m : root.tree(null, false).modules) {
            LossState k = kept.get(m);
            m.addedLosses.clear();
            if (k != null) {
                m.addedLosses.addAll(k.losses());
                m.addedIn = k.addedIn();
            } else {
                m.addedIn = null;
            }
        }
    }

    /** The activity regularizer this layer's builder gave, or null. */
    final Regularizer activityRegularizer() {
        return activityRegularizer;
    }

    /** {@link #activity(List)} for one output. */
    final Tensor activity(Tensor y) {
        if (activityRegularizer != null) {
            activity(List.of(y));
        }
        return y;
    }

    /**
     * Keras's {@code Layer.__call__} step "record activity regularizer loss": for each output, the activity
     * regularizer's penalty, divided by the batch size {@code shape[0]} (Keras's {@code divide_no_nan}: 0 for an
     * empty batch) unless the output is a scalar, added to this module's losses. Outside every call it replaces
     * the losses of this module's previous call. Nothing without an activity regularizer.
     *
     * @return {@code outputs}
     */
    final List<Tensor> activity(List<Tensor> outputs) {
        if (activityRegularizer == null) {
            return outputs;
        }
        Object pass = PASS.get();
        if (pass == null) {
            pass = new Object();   // this layer's own call is the outermost one
        }
        List<Tensor> losses = new ArrayList<>(outputs.size());
        for (Tensor y : outputs) {
            Tensor loss = activityRegularizer.apply(y);
            if (loss == null || loss.rank() != 0) {
                throw new IllegalArgumentException(name() + ": the activity regularizer returned "
                        + (loss == null ? "null" : "shape " + loss.shape()) + " for an output of shape " + y.shape()
                        + ", not a scalar");
            }
            if (y.rank() > 0) {
                int batch = y.shape().dim(0);
                loss = batch == 0 ? Tensors.zeros(loss.dtype()) : loss.div((double) batch);
            }
            losses.add(loss);
        }
        for (Tensor loss : losses) {
            keepLoss(loss, pass);
        }
        return outputs;
    }

    private List<Variable> variablesWhereTrainable(String call, boolean wanted) {
        List<Variable> out = new ArrayList<>();
        for (Variable v : tree(call).variables.values()) {
            if ((trainable && v.trainable()) == wanted) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * The number of elements of all variables, trainable or not (Keras's {@code count_params}; {@link #toString()}
     * shows how many are trainable). A layer that makes its variables at its first call ({@link Dense},
     * {@link Conv2D}, {@link BatchNormalization} or {@link LayerNormalization} without an input size) has none before it, so a count then would
     * leave it out; as Keras's {@code count_params}, that is an error.
     *
     * <pre>{@code
     * new Dense(784, 10, null).countParams();   // 7850
     * new Sequential(new Dense(16), new Dense(3)).build(DType.FLOAT32, 8).countParams();   // 8*16+16 + 16*3+3 = 195
     * }</pre>
     *
     * @return the count
     * @throws IllegalStateException if a layer in the tree is not built yet (call {@link #build} or the model
     *                               once first)
     */
    public long countParams() {
        Tree t = tree("countParams");
        for (Module m : t.modules) {
            if (m.unbuilt()) {
                throw new IllegalStateException("countParams: layer " + m.name() + " (" + m.getClass().getSimpleName()
                        + ") is not built yet: it makes its variables at its first call, from the input's shape, so"
                        + " it has none to count. Call build(dtype, oneExampleShape...) or the model once first, or"
                        + " give the layer its input size");
            }
        }
        long n = 0;
        for (Variable v : t.variables.values()) {
            n += v.size();
        }
        return n;
    }

    /**
     * Whether this layer still waits for its first call to make its variables (Keras's {@code not built}); only
     * the layers that build lazily say so.
     */
    boolean unbuilt() {
        return false;
    }

    /**
     * Creates the variables of lazily built layers by calling the module once, not training, on zeros of shape
     * {@code (1, inputShape...)} (Keras's {@code build(input_shape)}, the batch dimension left out).
     *
     * <pre>{@code
     * Sequential model = new Sequential(new Dense(16, "relu"), new Dense(3));
     * model.build(DType.FLOAT32, 8);
     * model.trainableVariables().size();   // 4
     * }</pre>
     *
     * @param dtype      the input dtype
     * @param inputShape one example's shape
     * @return this module
     */
    public Module build(DType dtype, int... inputShape) {
        int[] dims = new int[inputShape.length + 1];
        dims[0] = 1;
        System.arraycopy(inputShape, 0, dims, 1, inputShape.length);
        // the zeros are no data: the activity penalties and addLoss losses of that call are not the model's losses
        // (Keras's build makes variables without an eager call, and leaves the losses of the last call as they
        // were); an outer call under way keeps its own
        Map<Module, LossState> before = PASS.get() == null ? snapshotLosses(tree(null, false).modules) : null;
        call(Tensors.zeros(dtype, dims), false);
        if (before != null) {
            restoreLosses(this, before);
        }
        return this;
    }

    /**
     * The module's variables, one line each with shape, dtype and {@code (non-trainable)} for those
     * {@link #trainableVariables()} leaves out, after a first line with the parameter counts: all, trainable and
     * non-trainable (Keras's {@code summary()} totals), and the layers not built yet.
     *
     * <pre>{@code
     * Sequential model = new Sequential(new Dense(4, 3, "relu"), new Dense(3, 2, null));
     * model.layers().get(0).setTrainable(false);
     * System.out.println(model);
     * // Sequential sequential (23 parameters: 8 trainable, 15 non-trainable)
     * //   dense/kernel (4, 3) float32 (non-trainable)
     * //   dense/bias (3,) float32 (non-trainable)
     * //   dense_1/kernel (3, 2) float32
     * //   dense_1/bias (2,) float32
     * }</pre>
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        long params = 0;
        long trainableParams = 0;
        Tree t = tree(null);   // printing never throws
        for (Map.Entry<String, Variable> e : t.variables.entrySet()) {
            Variable v = e.getValue();
            boolean trains = trainable && v.trainable();   // as trainableVariables()
            params += v.size();
            trainableParams += trains ? v.size() : 0;
            sb.append("  ").append(e.getKey()).append(' ').append(v.shape()).append(' ')
                    .append(v.dtype()).append(trains ? "" : " (non-trainable)").append('\n');
        }
        StringJoiner unbuilt = new StringJoiner(", ", "; not built yet: ", "");
        unbuilt.setEmptyValue("");
        for (Module m : t.modules) {
            if (m.unbuilt()) {
                unbuilt.add(m.name());
            }
        }
        return getClass().getSimpleName() + " " + name + " (" + params + " parameters: " + trainableParams + " trainable, "
                + (params - trainableParams) + " non-trainable" + unbuilt + ")\n" + sb;
    }
}
