package io.gradtape.checkpoint;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.internal.MetricAccess;
import io.gradtape.internal.TensorAccess;
import io.gradtape.nn.Metric;
import io.gradtape.nn.Module;
import io.gradtape.optimizers.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The training state to save and restore, so that a run resumes bit for bit: variables under path names, and
 * random generators, written as one NumPy {@code .npz} file (see {@link Npz}), in the manner of TensorFlow's
 * {@code tf.train.Checkpoint}.
 *
 * <p><b>Keys.</b> A module's variables, trainable or not, are arrays under their path names
 * ({@link Module#namedVariables()}, e.g. {@code dense_1/kernel}); each variable added alone is under its key; a generator named {@code g} is the int64 array
 * {@code g/state} ({@link Generator#getState()}); an optimizer's state is {@code optimizer/iterations}, its
 * learning rate {@code optimizer/learning_rate} (a float64 scalar, only when the rate is a constant: a schedule
 * follows the iterations) and, for each trainable float variable of the checkpoint (key {@code k}) and each of
 * its slots ({@code s}, e.g. Adam's {@code momentum} and {@code velocity}), {@code optimizer/s/k}, then each of the optimizer's
 * {@linkplain Optimizer#sharedVariables() shared variables} ({@code n}, Nadam's {@code u_product}),
 * {@code optimizer/n}; a metric added as {@code name} is its {@linkplain Metric#variables() variables} under
 * {@code name/<Keras's name>} (e.g. {@code train_acc/total}, {@code train_acc/count}), float64 arrays (Keras's own
 * are float32 by default; see {@link #metric}). As with Keras, whose
 * optimizer tracks a constant learning rate as a variable, a rate lowered during training (by
 * {@link Optimizer#setLearningRate}, e.g. on a plateau) is restored with the rest. Keys are listed in the order
 * things were added.
 *
 * <p><b>Save</b> replaces the file atomically: a temporary file in the same directory, forced to the device,
 * renamed over the old one. A crash, a kill or a full disk leaves the previous checkpoint, never a torn one.
 *
 * <p><b>Optimizers.</b> Slots are created on an optimizer's first step; so that a checkpoint always holds them,
 * save and restore first call {@link Optimizer#build} with the checkpoint's trainable variables (in a fresh
 * optimizer this creates the zero slots its first step would create). Every trainable float32 or float64
 * variable of the checkpoint (of a module, each one its {@link Module#trainableVariables()} lists) is taken to be
 * trained by the optimizer; integer and bool variables (an epoch counter, say) cannot be, as no gradient reaches
 * them, and have no slots. A module's variables frozen with {@link Module#setTrainable setTrainable(false)} are
 * saved and restored under their names as any other, but have no optimizer slots in the file: the keys follow what
 * is frozen at the save, so restore with the same modules frozen (restoring a checkpoint saved while frozen into a
 * model unfrozen is an error listing the missing slot keys; a checkpoint of the module alone restores either way). With
 * {@link Optimizer.Builder#useEma useEma} the build also enrols each such variable in the moving average, as
 * Keras's {@code build} does: from the first save or restore on, a trainable variable the optimizer never steps
 * is averaged too and, with {@link Optimizer.Builder#emaOverwriteFrequency emaOverwriteFrequency}, overwritten by
 * its average. That changes nothing while the variable stays constant (a frozen base), but a variable that other
 * code or a second optimizer trains would be pulled back to its lagging average: give it a checkpoint of its own,
 * with the optimizer that trains it.
 *
 * <p><b>Restore</b> is all or nothing. It reads the whole file and checks it against this checkpoint's state
 * before assigning anything: the file must be readable ({@link NpzFormatException} otherwise), have exactly the
 * expected keys (a missing or an extra key is an {@link IllegalArgumentException} listing them all), and each
 * array must have its variable's dtype and shape (a metric's, float64 and its variable's shape), a learning rate must be a finite positive float64 scalar, and
 * each generator state must be valid (an
 * {@link IllegalArgumentException} naming the file, the key, and both shapes or dtypes). Only then are the
 * values assigned; after any exception every variable and generator keeps its value. To load part of a file (a
 * model without the optimizer it was saved with), {@link #restoreExpectPartial} ignores the file's extra keys and
 * checks everything else alike.
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(new float[] {1, 2}, 2));
 * Generator g = Generator.fromSeed(1);
 * Checkpoint ckpt = new Checkpoint().variable("w", w).generator("generator", g);
 * java.nio.file.Path file = java.nio.file.Files.createTempDirectory("ckpt").resolve("ckpt.npz");
 * try {
 *     ckpt.save(file);                           // keys: w, generator/state
 *     w.assign(Tensors.constant(new float[] {0, 0}, 2));
 *     ckpt.restore(file);                        // w is {1, 2} again, g draws what it drew after the save
 * } catch (java.io.IOException e) {
 *     throw new java.io.UncheckedIOException(e);
 * }
 * }</pre>
 */
public final class Checkpoint {
    /** One part of the state, in the order added: a variable or a generator under its key. */
    private final List<Map.Entry<String, Object>> parts = new ArrayList<>();
    private static final String OPTIMIZER = "optimizer";
    private static final String LEARNING_RATE = OPTIMIZER + "/learning_rate";

    /**
     * An empty checkpoint; add the state with {@link #module}, {@link #variable}, {@link #generator},
     * {@link #metric} and {@link #optimizer}.
     *
     * <pre>{@code
     * Checkpoint ckpt = new Checkpoint();
     * }</pre>
     */
    public Checkpoint() {
    }

    /**
     * Adds a module's variables, trainable or not, under their path names ({@link Module#namedVariables()}),
     * read at each save and restore. A layer that builds its variables at its first call has none before it:
     * give it its input size, or call {@link Module#build}, before restoring into it.
     *
     * <pre>{@code
     * io.gradtape.nn.Module model = new Sequential(new Dense(4, 3, "relu"), new Dense(3, 2, null));
     * new Checkpoint().module(model).keys();   // [dense/kernel, dense/bias, dense_1/kernel, dense_1/bias]
     * }</pre>
     *
     * @param module the module
     * @return this checkpoint
     * @throws IllegalArgumentException if the module is already added
     */
    public Checkpoint module(Module module) {
        Objects.requireNonNull(module, "Checkpoint.module: module is null");
        for (Map.Entry<String, Object> p : parts) {
            if (p.getValue() == module) {
                throw new IllegalArgumentException("Checkpoint.module: module '" + module.name() + "' is already added");
            }
        }
        return add("module " + module.name() + " #" + parts.size(), module);
    }

    /**
     * Adds a variable under {@code key}, saved with its current value.
     *
     * <pre>{@code
     * Variable epoch = new Variable(Tensors.constant(0L), false);
     * Checkpoint ckpt = new Checkpoint().variable("epoch", epoch);
     * }</pre>
     *
     * @param key the array's key in the file, e.g. {@code "epoch"}; see {@link Npz#write} for the allowed keys
     * @param variable the variable
     * @return this checkpoint
     * @throws IllegalArgumentException if {@code key} is already used, or the variable is already added
     */
    public Checkpoint variable(String key, Variable variable) {
        Objects.requireNonNull(key, "Checkpoint.variable: key is null");
        Objects.requireNonNull(variable, () -> "Checkpoint.variable: the variable for key '" + key + "' is null");
        return add(key, variable);
    }

    /**
     * Adds a generator, saved as its state ({@link Generator#getState()}) under {@code name + "/state"}.
     *
     * <pre>{@code
     * Checkpoint ckpt = new Checkpoint().generator("generator", Generator.fromSeed(42));   // key "generator/state"
     * }</pre>
     *
     * @param name the generator's name, e.g. {@code "generator"}
     * @param generator the generator
     * @return this checkpoint
     * @throws IllegalArgumentException if the key is already used, or the generator is already added
     */
    public Checkpoint generator(String name, Generator generator) {
        Objects.requireNonNull(name, "Checkpoint.generator: name is null");
        Objects.requireNonNull(generator, () -> "Checkpoint.generator: the generator '" + name + "' is null");
        return add(name + "/state", generator);
    }

    /**
     * Adds a metric's state: each of its {@linkplain Metric#variables() variables} under {@code name + "/" +} its
     * Keras name, e.g. {@code train_acc/total} and {@code train_acc/count} for an accuracy, the names and shapes a
     * Keras metric's variables have under TensorFlow's {@code tf.train.Checkpoint(train_acc=metric)}. The arrays
     * are float64, as these metrics accumulate in double precision, and only float64 arrays are restored. Keras's
     * variables have the metric's dtype, float32 unless set ({@code keras.backend.floatx()}; Mean's {@code total} and
     * {@code count} in keras/src/metrics/reduction_metrics.py, the confusion counts in confusion_metrics.py), so a
     * Keras checkpoint's float32 arrays need converting first, and the values here are the double sums, not
     * Keras's float32 rounding of them. A metric restored from a save made mid-epoch goes on accumulating from the
     * saved counts: its results are those of a run never interrupted. The arrays must have the variables' shapes (an
     * {@link io.gradtape.nn.AUC}'s {@code (numThresholds,)}, an {@link io.gradtape.nn.F1Score}'s
     * {@code (classes,)}; an F1Score that has seen no batch yet takes its class count from the file, and the
     * {@code (0,)} arrays of one saved before its first batch restore that state into any F1Score, e.g. rolling
     * back to epoch 0).
     *
     * <pre>{@code
     * SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
     * Checkpoint ckpt = new Checkpoint().metric("train_acc", acc);
     * ckpt.keys();   // [train_acc/total, train_acc/count]
     * }</pre>
     *
     * @param name the metric's name, e.g. {@code "train_acc"}
     * @param metric the metric
     * @return this checkpoint
     * @throws IllegalArgumentException if a key is already used, or the metric is already added
     */
    public Checkpoint metric(String name, Metric metric) {
        Objects.requireNonNull(name, "Checkpoint.metric: name is null");
        Objects.requireNonNull(metric, () -> "Checkpoint.metric: the metric '" + name + "' is null");
        return add(name, metric);
    }

    /**
     * Adds an optimizer's state: its step count as {@code optimizer/iterations}, its learning rate as
     * {@code optimizer/learning_rate} unless it is a schedule, and its slots for each trainable float variable of
     * this checkpoint as {@code optimizer/<slot>/<variable key>}, then its shared variables (Nadam's
     * {@code optimizer/u_product}) (see the class comment).
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.zeros(DType.FLOAT32, 3));
     * Checkpoint ckpt = new Checkpoint().variable("w", w).optimizer(new io.gradtape.optimizers.Adam());
     * ckpt.keys();   // [w, optimizer/iterations, optimizer/learning_rate, optimizer/momentum/w, optimizer/velocity/w]
     * }</pre>
     *
     * @param optimizer the optimizer that trains this checkpoint's trainable variables
     * @return this checkpoint
     * @throws IllegalArgumentException if an optimizer is already added
     */
    public Checkpoint optimizer(Optimizer optimizer) {
        Objects.requireNonNull(optimizer, "Checkpoint.optimizer: optimizer is null");
        for (Map.Entry<String, Object> p : parts) {
            if (p.getValue() instanceof Optimizer) {
                throw new IllegalArgumentException("Checkpoint.optimizer: an optimizer is already added");
            }
        }
        return add(OPTIMIZER, optimizer);
    }

    private Checkpoint add(String key, Object part) {
        for (Map.Entry<String, Object> p : parts) {
            if (p.getKey().equals(key)) {
                throw new IllegalArgumentException("Checkpoint: key '" + key + "' is already used");
            }
            if (p.getValue() == part) {
                throw new IllegalArgumentException("Checkpoint: key '" + key + "' names what is already saved as '"
                        + p.getKey() + "'");
            }
        }
        parts.add(Map.entry(key, part));
        return this;
    }

    /**
     * The keys this checkpoint saves, in order. Like {@link #save}, this builds the optimizer's slots first.
     *
     * <pre>{@code
     * new Checkpoint().generator("g", Generator.fromSeed(0)).keys();   // [g/state]
     * }</pre>
     *
     * @return a new list
     */
    public List<String> keys() {
        return new ArrayList<>(state().keySet());
    }

    /** The trainable float variables of this checkpoint by key: those its optimizer builds slots for. */
    private Map<String, Variable> trainable() {
        Map<String, Variable> trainable = new LinkedHashMap<>();
        for (Map.Entry<String, Object> p : parts) {
            if (p.getValue() instanceof Variable && trained((Variable) p.getValue())) {
                trainable.put(p.getKey(), (Variable) p.getValue());
            } else if (p.getValue() instanceof Module) {
                Module m = (Module) p.getValue();
                // the variables the module trains (its trainableVariables, by name): a frozen module lists none, even
                // those of a sub-module unfrozen
                if (m.trainable()) {
                    for (Map.Entry<String, Variable> v : m.namedVariables().entrySet()) {
                        if (trained(v.getValue())) {
                            trainable.put(v.getKey(), v.getValue());
                        }
                    }
                }
            }
        }
        return trainable;
    }

    /**
     * Every key and what it holds (a variable, a generator, or the optimizer for its constant learning rate), in
     * order. Builds the optimizer's slots for the trainable float variables first, so that they exist.
     */
    private Map<String, Object> state() {
        Map<String, Variable> trainable = trainable();
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> p : parts) {
            if (p.getValue() instanceof Module) {
                for (Map.Entry<String, Variable> v : ((Module) p.getValue()).namedVariables().entrySet()) {
                    put(out, v.getKey(), v.getValue());
                }
            } else if (p.getValue() instanceof Optimizer) {
                Optimizer opt = (Optimizer) p.getValue();
                opt.build(new ArrayList<>(trainable.values()));
                put(out, OPTIMIZER + "/iterations", opt.iterations());
                if (opt.learningRateSchedule() == null) {
                    put(out, LEARNING_RATE, opt);
                }
                for (Map.Entry<String, Variable> v : trainable.entrySet()) {
                    for (Map.Entry<String, Variable> slot : opt.slots(v.getValue()).entrySet()) {
                        put(out, OPTIMIZER + "/" + slot.getKey() + "/" + v.getKey(), slot.getValue());
                    }
                }
                for (Map.Entry<String, Variable> shared : opt.sharedVariables().entrySet()) {
                    put(out, OPTIMIZER + "/" + shared.getKey(), shared.getValue());   // Nadam's u_product
                }
            } else if (p.getValue() instanceof Metric) {
                for (String v : ((Metric) p.getValue()).variables().keySet()) {
                    put(out, p.getKey() + "/" + v, new MetricVariable((Metric) p.getValue(), p.getKey(), v));
                }
            } else {
                put(out, p.getKey(), p.getValue());
            }
        }
        return out;
    }

    /** One variable of a metric, under its Keras name. */
    private record MetricVariable(Metric metric, String metricName, String name) {
    }

    /** Whether the optimizer trains {@code v}: trainable and floating (no gradient reaches an integer or bool). */
    private static boolean trained(Variable v) {
        return v.trainable() && v.dtype().isFloating();
    }

    private static void put(Map<String, Object> out, String key, Object part) {
        if (out.put(key, part) != null) {
            throw new IllegalArgumentException("Checkpoint: key '" + key + "' is used twice (a variable's key "
                    + "collides with an optimizer slot's or a generator's: rename it)");
        }
    }

    /**
     * Writes the state to {@code file} atomically (see the class comment).
     *
     * <pre>{@code
     * try {
     *     new Checkpoint().variable("b", new Variable(Tensors.zeros(DType.FLOAT32, 3)))
     *             .save(java.nio.file.Files.createTempFile("ckpt", ".npz"));
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @param file the checkpoint file; its directory must exist
     * @throws IOException if writing fails; the previous file, if any, is then untouched
     */
    public void save(Path file) throws IOException {
        Objects.requireNonNull(file, "Checkpoint.save: file is null");
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : state().entrySet()) {
            Object part = e.getValue();
            if (part instanceof Variable) {
                arrays.put(e.getKey(), TensorAccess.peekValue((Variable) part));   // written before any update
            } else if (part instanceof Optimizer) {
                arrays.put(e.getKey(), Tensors.constant(((Optimizer) part).learningRate()));   // float64 scalar
            } else if (part instanceof MetricVariable) {
                MetricVariable mv = (MetricVariable) part;
                arrays.put(e.getKey(), mv.metric().variables().get(mv.name()));
            } else {
                long[] s = ((Generator) part).getState();
                arrays.put(e.getKey(), TensorAccess.make(DType.INT64, Shape.of(s.length), s));
            }
        }
        Npz.write(file, arrays);
    }

    private String unbuiltHint() {
        for (Map.Entry<String, Object> p : parts) {
            if (p.getValue() instanceof Module && ((Module) p.getValue()).namedVariables().isEmpty()) {
                return " (module '" + ((Module) p.getValue()).name() + "' has no variables yet: give its layers their "
                        + "input size or call build(dtype, inputShape) before restoring)";
            }
        }
        return "";
    }

    /**
     * Reads {@code file} and, if it matches this checkpoint exactly, assigns every variable and generator state
     * from it; otherwise changes nothing (see the class comment).
     *
     * <pre>{@code
     * Variable b = new Variable(Tensors.zeros(DType.FLOAT32, 3));
     * Checkpoint ckpt = new Checkpoint().variable("b", b);
     * try {
     *     java.nio.file.Path f = java.nio.file.Files.createTempFile("ckpt", ".npz");
     *     ckpt.save(f);
     *     ckpt.restore(f);
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @param file a checkpoint written by {@link #save} of a checkpoint with the same keys
     * @throws NpzFormatException if the file is truncated, corrupt or not an {@code .npz} archive
     * @throws IOException if the file cannot be read (for example {@link java.nio.file.NoSuchFileException})
     * @throws IllegalArgumentException if a key is missing or extra (to ignore extra keys, use
     *     {@link #restoreExpectPartial}), or an array's dtype or shape differs from its variable's, or a learning
     *     rate is not a finite positive float64 scalar, or a generator state is invalid; the message names the
     *     file and the keys
     */
    public void restore(Path file) throws IOException {
        Objects.requireNonNull(file, "Checkpoint.restore: file is null");
        restore(file, false, "Checkpoint.restore");
    }

    /**
     * Reads {@code file} and restores what this checkpoint holds, ignoring the arrays in the file that nothing in
     * this checkpoint holds: TensorFlow's {@code tf.train.Checkpoint(model=model).restore(path).expect_partial()},
     * for loading only the model (or only a metric) from a checkpoint saved with its optimizer. Every key of this
     * checkpoint ({@link #keys()}) must still be in the file with its variable's dtype and shape, as for
     * {@link #restore}; a missing key is an {@link IllegalArgumentException} listing them all, and after any
     * exception nothing has changed.
     *
     * <p>This differs from TensorFlow, whose {@code restore} matches objects as they are created ("deferred
     * restoration"): there an object with no value in the file silently keeps its value, and only
     * {@code assert_existing_objects_matched()} or {@code assert_consumed()} (tensorflow/python/checkpoint/
     * checkpoint.py, {@code CheckpointLoadStatus}) reports it; {@code expect_partial()} only silences the warning
     * about values in the file left unused. Here restoring is immediate and checked: a missing key is always an
     * error, i.e. this is {@code expect_partial()} followed by {@code assert_existing_objects_matched()}. There
     * is no deferral either: a module must have its variables when this is called, so a module added with none
     * yet (an unbuilt layer) while the file holds keys to ignore is an {@link IllegalArgumentException}, not a
     * restore of nothing. Keys are matched by name, so the optimizer's slots of a model-only checkpoint are not in
     * it: restoring a model with its optimizer needs both in the file.
     *
     * <pre>{@code
     * io.gradtape.nn.Module model = new Sequential(new Dense(4, 3, "relu"), new Dense(3, 2, null));
     * io.gradtape.optimizers.Optimizer opt = new io.gradtape.optimizers.Adam();
     * try {
     *     java.nio.file.Path f = java.nio.file.Files.createTempFile("ckpt", ".npz");
     *     new Checkpoint().module(model).optimizer(opt).save(f);   // dense/kernel, ..., optimizer/momentum/dense/kernel, ...
     *     io.gradtape.nn.Module inference = new Sequential(new Dense(4, 3, "relu"), new Dense(3, 2, null));
     *     new Checkpoint().module(inference).restoreExpectPartial(f);   // [optimizer/iterations, ...]: ignored
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @param file a checkpoint written by {@link #save} of a checkpoint holding at least this one's keys
     * @return a new list of the file's keys that were ignored, in the file's order (empty when the file matches
     *     exactly)
     * @throws NpzFormatException if the file is truncated, corrupt or not an {@code .npz} archive
     * @throws IOException if the file cannot be read (for example {@link java.nio.file.NoSuchFileException})
     * @throws IllegalArgumentException if a key of this checkpoint is missing from the file, or an array's dtype
     *     or shape differs from its variable's, or a learning rate is not a finite positive float64 scalar, or a
     *     generator state is invalid, or a module has no variables yet, or the file holds a slot
     *     {@code optimizer/<slot>/<key>} of a variable this checkpoint's optimizer trains but keeps no such slot for
     *     (an optimizer configured differently, e.g. a Muon without the saver's {@code useAdamW}); the message names
     *     the file and the keys
     */
    public List<String> restoreExpectPartial(Path file) throws IOException {
        Objects.requireNonNull(file, "Checkpoint.restoreExpectPartial: file is null");
        return restore(file, true, "Checkpoint.restoreExpectPartial");
    }

    /**
     * Refuses to ignore a file's slot {@code optimizer/<slot>/<key>} when this checkpoint restores the optimizer and
     * the variable {@code key} it trains: the optimizer then keeps other slots for that variable than the one
     * saved (e.g. a {@link io.gradtape.optimizers.Muon} without the saver's {@code useAdamW}), and restoring the
     * slots it has would load one path's state into another's.
     */
    private void refuseOtherSlots(List<String> extra, Path file, String op) {
        Optimizer opt = null;
        for (Map.Entry<String, Object> p : parts) {
            if (p.getValue() instanceof Optimizer) {
                opt = (Optimizer) p.getValue();
            }
        }
        if (opt == null) {
            return;   // the optimizer is not restored: its keys are ignored as a whole
        }
        Set<String> trained = new HashSet<>();   // "/<key>" of each variable the optimizer trains
        for (String k : trainable().keySet()) {
            trained.add("/" + k);
        }
        List<String> refused = new ArrayList<>();
        for (String k : extra) {
            int slash = k.indexOf('/', OPTIMIZER.length() + 1);
            if (k.startsWith(OPTIMIZER + "/") && slash > 0 && trained.contains(k.substring(slash))) {
                refused.add(k);
            }
        }
        if (!refused.isEmpty()) {
            String hint = opt instanceof io.gradtape.optimizers.Muon
                    ? "; call useAdamW(...) with the same variables before restoring" : "";
            throw new IllegalArgumentException(op + ": " + file + ": the file holds the optimizer slots " + refused
                    + " that this checkpoint's optimizer (" + opt.getClass().getSimpleName() + ")"
                    + " does not keep for those variables, so it is configured differently from the saved one"
                    + hint + "; nothing was restored");
        }
    }

    /** Restores from {@code file}; with {@code partial}, keys of the file this checkpoint does not hold are ignored. */
    private List<String> restore(Path file, boolean partial, String op) throws IOException {
        Map<String, Object> state = state();
        Map<String, Tensor> loaded = Npz.read(file);

        List<String> missing = new ArrayList<>();
        for (String k : state.keySet()) {
            if (!loaded.containsKey(k)) {
                missing.add(k);
            }
        }
        List<String> extra = new ArrayList<>();
        for (String k : loaded.keySet()) {
            if (!state.containsKey(k)) {
                extra.add(k);
            }
        }
        if (!missing.isEmpty() || (!partial && !extra.isEmpty())) {
            throw new IllegalArgumentException(op + ": " + file + " does not match this checkpoint: "
                    + (missing.isEmpty() ? "" : "missing keys " + missing + (partial || extra.isEmpty() ? "" : "; "))
                    + (partial || extra.isEmpty() ? "" : "unexpected keys " + extra)
                    + "; nothing was restored" + unbuiltHint());
        }
        if (partial && !extra.isEmpty() && (state.isEmpty() || !unbuiltHint().isEmpty())) {
            // nothing is deferred here: a module without variables would silently take none of the file's values
            throw new IllegalArgumentException(op + ": " + file + ": this checkpoint "
                    + (state.isEmpty() ? "holds no keys" : "has a module without variables")
                    + ", so the file's keys " + extra + " would all be ignored; nothing was restored"
                    + unbuiltHint());
        }

        if (partial && !extra.isEmpty()) {
            refuseOtherSlots(extra, file, op);
        }

        Map<Generator, long[]> generatorStates = new LinkedHashMap<>();
        Map<Optimizer, Double> learningRates = new LinkedHashMap<>();
        Map<Metric, Map<String, Tensor>> metricValues = new LinkedHashMap<>();
        Map<Metric, String> metricKeys = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : state.entrySet()) {
            String key = e.getKey();
            Tensor value = loaded.get(key);
            if (e.getValue() instanceof Variable) {
                Variable v = (Variable) e.getValue();
                if (v.dtype() != value.dtype() || !v.shape().equals(value.shape())) {
                    throw new IllegalArgumentException(op + ": " + file + ": key '" + key
                            + "': the variable has shape " + v.shape() + " and dtype " + v.dtype()
                            + " but the file holds shape " + value.shape() + " and dtype " + value.dtype()
                            + "; nothing was restored");
                }
            } else if (e.getValue() instanceof Optimizer) {
                double lr = value.dtype() == DType.FLOAT64 && value.rank() == 0 ? value.doubleValue() : Double.NaN;
                if (!(lr > 0 && lr < Double.POSITIVE_INFINITY)) {
                    throw new IllegalArgumentException(op + ": " + file + ": key '" + key
                            + "': a learning rate is a finite positive float64 scalar, the file holds shape "
                            + value.shape() + " and dtype " + value.dtype()
                            + (value.rank() == 0 && value.dtype() != DType.BOOL ? " with value " + value.doubleValue() : "") + "; nothing was restored");
                }
                learningRates.put((Optimizer) e.getValue(), lr);
            } else if (e.getValue() instanceof MetricVariable) {
                MetricVariable mv = (MetricVariable) e.getValue();
                metricValues.computeIfAbsent(mv.metric(), m -> new LinkedHashMap<>()).put(mv.name(), value);
                metricKeys.putIfAbsent(mv.metric(), mv.metricName());
            } else {
                if (value.dtype() != DType.INT64 || value.rank() != 1) {
                    throw new IllegalArgumentException(op + ": " + file + ": key '" + key
                            + "': a generator state is a 1-D int64 array, the file holds shape " + value.shape()
                            + " and dtype " + value.dtype() + "; nothing was restored");
                }
                long[] s = ((long[]) TensorAccess.data(value)).clone();
                try {
                    Generator.fromState(s);   // validates without touching the live generator
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(op + ": " + file + ": key '" + key + "': "
                            + ex.getMessage() + "; nothing was restored", ex);
                }
                generatorStates.put((Generator) e.getValue(), s);
            }
        }

        List<Runnable> metricAssignments = new ArrayList<>();
        for (Map.Entry<Metric, Map<String, Tensor>> e : metricValues.entrySet()) {
            try {
                metricAssignments.add(MetricAccess.prepareAssign(e.getKey(), e.getValue()));   // checks, assigns nothing
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(op + ": " + file + ": metric '"
                        + metricKeys.get(e.getKey()) + "': " + ex.getMessage() + "; nothing was restored", ex);
            }
        }

        // Everything checked: assign. Nothing below can fail.
        for (Map.Entry<String, Object> e : state.entrySet()) {
            if (e.getValue() instanceof Variable) {
                ((Variable) e.getValue()).assign(loaded.get(e.getKey()));
            }
        }
        generatorStates.forEach(Generator::setState);
        learningRates.forEach(Optimizer::setLearningRate);   // no schedule (no key otherwise), a checked rate
        metricAssignments.forEach(Runnable::run);
        return extra;
    }
}
