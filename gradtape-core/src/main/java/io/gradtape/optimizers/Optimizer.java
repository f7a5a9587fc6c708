package io.gradtape.optimizers;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.autodiff.TapeStack;
import io.gradtape.internal.kernels.RecycledArrays;
import io.gradtape.internal.kernels.TensorScopes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A first-order optimizer: Keras 3's {@code Optimizer} with TensorFlow 2's names and defaults.
 *
 * <p>One {@link #applyGradients} call is one step, in Keras's order:
 * <ol>
 *   <li>a null gradient is skipped with its variable (TensorFlow's rule); if every gradient is null the call
 *       is an {@link IllegalArgumentException}, as in TensorFlow;</li>
 *   <li>gradients are clipped, by at most one of {@code clipNorm} (each gradient to that L2 norm),
 *       {@code globalClipNorm} (all together, {@link Tensors#clipByGlobalNorm}) and {@code clipValue};</li>
 *   <li>the learning rate {@code lr} is read: the constant, or the schedule at {@link #iterations()};</li>
 *   <li>decoupled weight decay, if set, shrinks each variable first: {@code w -= w * weightDecay * lr}
 *       (Loshchilov &amp; Hutter 2019), except variables excluded with {@link #excludeFromWeightDecay};</li>
 *   <li>each variable takes the optimizer's update with its slots, at step {@code t = iterations + 1};</li>
 *   <li>with {@code useEma}, each built variable's moving average is updated (a frozen one's is not), and every
 *       {@code emaOverwriteFrequency} steps copied into the variable (see {@link Builder#useEma});</li>
 *   <li>{@link #iterations()} grows by one: one step count per optimizer, shared by all its variables;</li>
 *   <li>each variable given a gradient that has a constraint (a layer built with {@code kernelConstraint} and the
 *       like, see {@link io.gradtape.nn.Constraint}) is assigned its constraint's projection of its new value, not
 *       recorded on any tape (Keras 3's {@code BaseOptimizer.apply}); all projections are computed and checked
 *       before any is assigned, and a constraint that fails undoes the whole step.</li>
 * </ol>
 * With {@code gradientAccumulationSteps(k)} (Keras's {@code gradient_accumulation_steps}), only every {@code k}-th
 * call runs steps 2 to 5, on the mean of its gradients and the ones accumulated since the last update; the other
 * calls add their gradients to the accumulators and change nothing else but the moving averages and the step
 * count (see {@link Builder#gradientAccumulationSteps}).
 *
 * <p>Slots (moments) are variables of the variable's dtype and shape (but {@link Adafactor}'s factors of a matrix's
 * second moment, a row and a column), created on first use or by
 * {@link #build}; with {@link #iterations()} and the {@link #sharedVariables()} (Nadam's momentum cache, one
 * scalar for all variables) they are the optimizer's state, which a checkpoint saves.
 *
 * <p>Arithmetic: the step's scalars (learning rate, weight decay, betas, epsilon, Adam's bias correction) are cast
 * to the variable's dtype and combined in it in Keras's order, as Keras's {@code update_step} does: for a float32
 * variable Adam's {@code 1 - beta2^t} at {@code t = 1} is {@code 1 - 0.999f = 9.999871e-4}, not {@code 1e-3}, so
 * one step of {@code Adam(0.1)} from {@code w = 1f} with {@code g = 0.5f} gives {@code 0.90000129f}, Keras's value.
 * Each update is then one fused loop over the elements that computes in double precision and rounds each stored
 * value (variable, slot) once into the variable's dtype; Keras rounds every intermediate op, so results agree
 * with Keras to float32 rounding of the operands (bit for bit in most elements, not all). The loop writes the variable and its slots in place when no tensor anyone obtained shares their
 * storage (a one-shot tape is released by its {@code gradient} call); otherwise it writes a copy, so a tensor
 * read from a variable never changes. A step allocates nothing per parameter element in the first case.
 *
 * <p>An optimizer is not thread-safe: apply its steps from one thread at a time. Variables may be read from
 * other threads meanwhile; such a reader sees the old or the new value, never a mix.
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(new float[] {1f, -2f}, 2));
 * Optimizer opt = new Adam(0.1);
 * for (int i = 0; i < 100; i++) {
 *     opt.minimize(() -> w.mul(w).sum(), List.of(w));
 * }
 * opt.iterations().longValue();   // 100
 * }</pre>
 */
public abstract class Optimizer {
    private double learningRate;
    private final LearningRateSchedule schedule;
    private final double weightDecay;
    private final double clipNorm;
    private final double globalClipNorm;
    private final double clipValue;
    private final Variable iterations = new Variable(Tensors.constant(0L), false);
    private final Map<Variable, Map<String, Variable>> slots = new LinkedHashMap<>();
    private final Set<Variable> noDecay = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Step step = new Step();
    private final boolean useEma;
    private final double emaMomentum;
    private final long emaOverwriteFrequency;
    private final int accumulationSteps;
    /** The slots after each variable's update slots: the moving average, the gradient accumulator. */
    private final int extraSlots;

    /** The name of the moving-average slot with {@code useEma}, Keras's. */
    static final String AVERAGE = "average";

    /** The name of the gradient accumulator slot with {@code gradientAccumulationSteps}, Keras's. */
    static final String ACCUMULATOR = "gradient_accumulator";

    Optimizer(Builder<?, ?> b) {
        this.learningRate = b.learningRate;
        this.schedule = b.schedule;
        this.weightDecay = b.weightDecay;
        this.clipNorm = b.clipNorm;
        this.globalClipNorm = b.globalClipNorm;
        this.clipValue = b.clipValue;
        this.useEma = b.useEma;
        this.emaMomentum = b.emaMomentum;
        this.emaOverwriteFrequency = b.emaOverwriteFrequency;
        this.accumulationSteps = b.accumulationSteps;
        this.extraSlots = (useEma ? 1 : 0) + (accumulationSteps > 0 ? 1 : 0);
        // a new optimizer's first step takes the paths of any later step: the step count holds an assigned value
        // (not the storage the variable made), and each slot map's values() view exists (makeSlots). Both were
        // first-step-only branches that compiled code had never taken once a model had trained, so a new model's
        // first step made applyGradients, apply and applyLocked not entrant (WarmCold mixed 2,
        // -XX:+LogCompilation, 2026-12-03)
        iterations.assign(Tensors.constant(0L));
    }

    /** The names of a variable's slots, in creation order. */
    abstract List<String> slotNames();

    /**
     * The names of {@code v}'s slots, in creation order: {@link #slotNames()}, unless the slots depend on the
     * variable (Adafactor factors the second moment of a matrix, not of a vector).
     */
    List<String> slotNames(Variable v) {
        return slotNames();
    }

    /**
     * The decoupled weight decay of {@code v}: the builder's {@code weightDecay}, unless an optimizer decays its
     * variables differently (Muon's AdamW variables take {@code adamWeightDecay}).
     */
    double weightDecay(Variable v) {
        return weightDecay;
    }

    /** The dimensions of {@code v}'s slot {@code name}: the variable's, unless overridden (Adafactor's factors). */
    int[] slotDims(String name, Variable v) {
        return v.shape().dims();
    }

    /** The initial value of every element of slot {@code name} (zero but for Adagrad's accumulator). */
    double slotInitialValue(String name) {
        return 0;
    }

    /** One variable's update, element by element, on the arrays of {@code s}; slots in {@link #slotNames} order. */
    abstract void update(Step s);

    /**
     * Runs once per step before the variables' updates, after every check has passed and every variable is built:
     * Nadam advances its momentum-cache product here (Keras's {@code _backend_update_step}). Nothing by default.
     */
    void beginStep(long t) {
    }

    /** The name used in error messages, e.g. {@code Adam}. */
    String name() {
        return nameOf(getClass());
    }

    /**
     * The optimizer's name for messages, from its class or from its builder's (each builder is nested in its
     * optimizer's class): the one way both {@link #name()} and {@link Builder#build()} name it.
     */
    static String nameOf(Class<?> c) {
        Class<?> outer = Builder.class.isAssignableFrom(c) ? c.getEnclosingClass() : null;
        return (outer != null ? outer : c).getSimpleName();
    }

    /**
     * Applies one step: {@code grads.get(i)} updates {@code vars.get(i)}. The whole call is checked before
     * anything changes: a failed call changes no variable, slot or step count. The variables' constraints run after
     * the step (Keras's order): all their projections are computed and checked before any is assigned, and if one
     * fails the step is undone. With a constraint, the step writes copies of the variables and slots instead of
     * updating them in place, so the old values can be put back; a reader on another thread may see the new values
     * before a failed constraint's undo.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(1f));
     * Optimizer opt = new SGD(0.1);
     * opt.applyGradients(List.of(Tensors.constant(2f)), List.of(w));
     * w.floatValue();   // 0.8f
     * }</pre>
     *
     * @param grads one gradient per variable, of its shape and dtype; a null gradient skips its variable
     * @param vars  the variables to update (floating dtypes)
     * @throws IllegalArgumentException if the lists differ in length, a gradient's shape or dtype differs from
     *                                  its variable's, a variable is not floating, or every gradient is null
     * @throws IllegalStateException    if a gradient was released by its {@link io.gradtape.TensorScope} or belongs
     *                                  to a scope of another thread, or if a variable's {@link io.gradtape.nn.Constraint}
     *                                  returns null or a tensor of another shape or dtype than the variable's
     * @throws NullPointerException     if a list or a variable is null
     * @throws RuntimeException         whatever a variable's constraint throws; the step it followed is undone, so no
     *                                  variable, slot or step count has changed (the variables are built, as by
     *                                  {@link #build})
     */
    public void applyGradients(List<? extends Tensor> grads, List<Variable> vars) {
        Objects.requireNonNull(grads, "applyGradients: grads is null");
        Objects.requireNonNull(vars, "applyGradients: vars is null");
        if (grads.size() != vars.size()) {
            throw new IllegalArgumentException("applyGradients: " + grads.size() + " gradients for " + vars.size()
                    + " variables; pass one gradient (or null) per variable");
        }
        List<Tensor> gs = new ArrayList<>(grads.size());
        List<Variable> vs = new ArrayList<>(vars.size());
        // duplicates: a few variables are compared pairwise, more go through an identity set (a fresh one cost
        // about 100 ns and 0.3 KB per step of the tiny MLP's six variables)
        Set<Variable> seen = vars.size() > PAIRWISE_MAX ? Collections.newSetFromMap(new IdentityHashMap<>()) : null;
        for (int i = 0; i < vars.size(); i++) {
            Variable v = Objects.requireNonNull(vars.get(i), "applyGradients: variable " + i + " is null");
            if (!v.dtype().isFloating()) {
                throw new IllegalArgumentException("applyGradients: variable " + i + named(v) + " has dtype " + v.dtype()
                        + "; " + name() + " updates float32 and float64 variables only");
            }
            if (seen != null ? !seen.add(v) : appearsBefore(vars, i)) {
                throw new IllegalArgumentException("applyGradients: variable " + i + named(v) + " (shape " + v.shape()
                        + ") appears twice in vars; sum its gradients and pass it once");
            }
            Tensor g = grads.get(i);
            if (g == null) {
                continue;
            }
            if (!g.shape().equals(v.shape()) || g.dtype() != v.dtype()) {
                throw new IllegalArgumentException("applyGradients: gradient " + i + " has shape " + g.shape()
                        + " and dtype " + g.dtype() + " but its variable" + named(v) + " has shape " + v.shape()
                        + " and dtype " + v.dtype());
            }
            TensorScopes.Ticket k = TensorAccess.ticket(g);
            String unreadable = k == null ? null : k.unreadableHere();
            if (unreadable != null) { // refused here, before build() makes slots, not in the middle of the step
                throw new IllegalStateException("applyGradients: gradient " + i + " (shape " + g.shape() + ", dtype "
                        + g.dtype() + ") " + unreadable + "; apply gradients inside the TensorScope that computed "
                        + "them, or keep them with scope.keep(t)");
            }
            gs.add(g);
            vs.add(v);
        }
        if (gs.isEmpty()) {
            throw new IllegalArgumentException("applyGradients: no gradients provided for any variable ("
                    + vars.size() + " variables, every gradient null): is the loss connected to them?");
        }
        // everything that can fail (a schedule is user code) runs before the first change, build's slots included
        double lr = learningRate();
        long r = iterations.longValue();
        // keras/src/optimizers/base_optimizer.py _backend_apply_gradients: with gradient_accumulation_steps k, a
        // call is an update step when (iterations + 1) % k == 0; its gradients are (g + accumulator) / k, then
        // clipped; the other calls only add g to the accumulators. The updates count their steps as Keras's
        // iterations property does, floor(iterations / k), and the schedule reads the real count (as Keras's)
        boolean accumulating = accumulationSteps > 0;
        boolean updating = !accumulating || (r + 1) % accumulationSteps == 0;
        long t = accumulating ? r / accumulationSteps + 1 : r + 1;
        if (accumulating && updating) {
            gs = averaged(gs, vs);
        }
        if (updating) {
            gs = clip(gs);
        }
        // the gradients' arrays are taken before any variable is written: a gradient that is itself one of
        // the variables (or shares its storage) is read as it was
        Object[] gradData = new Object[gs.size()];
        for (int i = 0; i < gradData.length; i++) {
            gradData[i] = TensorAccess.data(gs.get(i));
        }
        build(vars);
        // a constraint is user code that runs after the step: with one, the state the step may write is kept
        // (copy-on-write, so the step writes copies instead of in place) and put back if a constraint fails
        Map<Variable, Tensor> undo = hasConstraint(vs) ? snapshot(vs, accumulating && updating) : null;
        if (updating) {
            beginStep(t);
            for (int i = 0; i < gradData.length; i++) {
                apply(vs.get(i), gradData[i], lr, t);
            }
            if (accumulating) {
                resetAccumulators();
            }
        } else {
            for (int i = 0; i < gradData.length; i++) {
                accumulate(vs.get(i), gradData[i]);
            }
        }
        if (useEma) {
            movingAverages(t);
        }
        iterations.assign(Tensors.constant(r + 1));
        if (undo != null) {
            applyConstraints(vs, undo);
        }
    }

    /** Whether any of the variables has a constraint. */
    private static boolean hasConstraint(List<Variable> vs) {
        for (Variable v : vs) {
            if (TensorAccess.constraint(v) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The current value of each variable a step may write, to put back if a constraint fails: the step count, the
     * shared variables, the updated variables and their slots, with {@code useEma} every built variable and its
     * average (the moving averages and their overwrite touch them all), and at an accumulating update every
     * accumulator (all are reset). Each value is a kept read, so the step writes a copy and the value stays as it is.
     */
    private Map<Variable, Tensor> snapshot(List<Variable> vs, boolean resetting) {
        Map<Variable, Tensor> out = new IdentityHashMap<>();
        out.put(iterations, TensorAccess.currentValue(iterations));
        for (Variable s : sharedVariables().values()) {
            out.put(s, TensorAccess.currentValue(s));
        }
        for (Variable v : vs) {
            keep(out, v, slots.get(v));
        }
        if (useEma || resetting) {
            for (Map.Entry<Variable, Map<String, Variable>> e : slots.entrySet()) {
                keep(out, e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static void keep(Map<Variable, Tensor> out, Variable v, Map<String, Variable> sl) {
        if (!out.containsKey(v)) {
            out.put(v, TensorAccess.currentValue(v));
            for (Variable s : sl.values()) {
                out.put(s, TensorAccess.currentValue(s));
            }
        }
    }

    /**
     * Keras 3's {@code BaseOptimizer.apply}, after {@code _backend_apply_gradients} (the update, the moving averages
     * and the step count): each variable given a gradient that has a constraint (a layer's {@code kernelConstraint},
     * ...) is assigned {@code constraint(value)}, also at a call that only accumulates gradients, as Keras. The
     * constraint reads the value as a plain tensor, so no tape records it. All or nothing: every projection is
     * computed and checked first, and only then are they assigned; if a constraint throws or returns another shape
     * or dtype, the values in {@code undo} (taken before the step) are put back, so the failed call has changed no
     * variable, slot or step count, as {@link #applyGradients} promises.
     *
     * @throws IllegalStateException if a constraint returns null or another shape or dtype than its variable's
     */
    private void applyConstraints(List<Variable> vs, Map<Variable, Tensor> undo) {
        Tensor[] projected = new Tensor[vs.size()];
        try {
            for (int i = 0; i < vs.size(); i++) {
                Variable v = vs.get(i);
                java.util.function.UnaryOperator<Tensor> c = TensorAccess.constraint(v);
                if (c == null) {
                    continue;
                }
                Tensor p;
                synchronized (v) {
                    p = c.apply(TensorAccess.currentValue(v));
                }
                if (p == null || !p.shape().equals(v.shape()) || p.dtype() != v.dtype()) {
                    throw new IllegalStateException("applyGradients: the constraint of variable " + i + named(v)
                            + " (shape " + v.shape() + ", dtype " + v.dtype() + ") returned "
                            + (p == null ? "null" : "shape " + p.shape() + " and dtype " + p.dtype())
                            + "; the step was undone, no variable changed");
                }
                TensorScopes.Ticket k = TensorAccess.ticket(p);
                String unreadable = k == null ? null : k.unreadableHere();
                if (unreadable != null) {
                    throw new IllegalStateException("applyGradients: the constraint of variable " + i + named(v)
                            + " (shape " + v.shape() + ", dtype " + v.dtype() + ") returned a tensor that "
                            + unreadable + "; the step was undone, no variable changed");
                }
                projected[i] = p;
            }
        } catch (RuntimeException | Error e) {
            for (Map.Entry<Variable, Tensor> u : undo.entrySet()) {
                Variable v = u.getKey();
                synchronized (v) {
                    v.assign(u.getValue());
                }
            }
            throw e;
        }
        for (int i = 0; i < projected.length; i++) {
            if (projected[i] != null) {
                Variable v = vs.get(i);
                synchronized (v) {
                    v.assign(projected[i]);
                }
            }
        }
    }

    /**
     * Keras's {@code (g + acc_g) / steps} for each gradient, in its dtype (each op rounded): the mean of this call's
     * gradient and those accumulated since the last update. A variable not built yet has accumulated nothing.
     */
    private List<Tensor> averaged(List<Tensor> gs, List<Variable> vs) {
        List<Tensor> out = new ArrayList<>(gs.size());
        for (int i = 0; i < gs.size(); i++) {
            Tensor g = gs.get(i);
            Map<String, Variable> sl = slots.get(vs.get(i));
            Tensor sum = sl == null ? g : Tensors.add(g, TensorAccess.peekValue(sl.get(ACCUMULATOR)));
            out.add(Tensors.div(sum, Tensors.constant((double) accumulationSteps, g.dtype())));
        }
        return out;
    }

    /** Keras's {@code _backend_increment_gradient_accumulators} for one variable: {@code acc = g + acc}, in place. */
    private void accumulate(Variable v, Object grad) {
        Variable acc = slots.get(v).get(ACCUMULATOR);
        synchronized (acc) {
            Object a = TensorAccess.writableStorage(acc);
            if (a instanceof float[] af) {
                float[] gf = (float[]) grad;
                for (int i = 0; i < af.length; i++) {
                    af[i] = gf[i] + af[i];
                }
            } else {
                double[] ad = (double[]) a, gd = (double[]) grad;
                for (int i = 0; i < ad.length; i++) {
                    ad[i] = gd[i] + ad[i];
                }
            }
        }
    }

    /**
     * Keras's {@code _backend_reset_gradient_accumulators}: every built variable's accumulator back to zeros, also
     * those of variables whose gradient was null at this update.
     */
    private void resetAccumulators() {
        for (Map<String, Variable> sl : slots.values()) {
            Variable acc = sl.get(ACCUMULATOR);
            synchronized (acc) {
                Object a = TensorAccess.writableStorage(acc);
                if (a instanceof float[] af) {
                    java.util.Arrays.fill(af, 0f);
                } else {
                    java.util.Arrays.fill((double[]) a, 0.0);
                }
            }
        }
    }

    /**
     * Keras's {@code _update_model_variables_moving_average} and, every {@code emaOverwriteFrequency} steps,
     * {@code _overwrite_model_variables_with_average_value}, for every built variable (Keras's
     * {@code _trainable_variables}: also those skipped this step for a null gradient): {@code average = mu * average
     * + (1 - mu) * w}, with {@code mu = 0} at the first step ({@code iterations == 0}) and {@code emaMomentum} after,
     * cast to the variable's dtype; each element computed in double and rounded once. A variable not trainable at
     * this step (frozen by {@code Module.setTrainable(false)}) is skipped, average and value: a deviation from Keras,
     * see {@link Builder#useEma}.
     */
    private void movingAverages(long t) {
        boolean overwrite = emaOverwriteFrequency > 0 && t % emaOverwriteFrequency == 0;
        for (Map.Entry<Variable, Map<String, Variable>> e : slots.entrySet()) {
            Variable v = e.getKey();
            if (!v.trainable()) {
                continue;
            }
            Variable avg = e.getValue().get(AVERAGE);
            locked(new Variable[] {v, avg}, 0, () -> {
                boolean f32 = v.dtype() == DType.FLOAT32;
                double mu = t == 1 ? 0 : f32 ? (float) emaMomentum : emaMomentum;
                double c = f32 ? (float) (1 - mu) : 1 - mu;   // Keras's 1 - momentum, in the dtype
                Object w = TensorAccess.data(TensorAccess.peekValue(v));
                Object a = TensorAccess.writableStorage(avg);
                if (f32) {
                    float[] wf = (float[]) w, af = (float[]) a;
                    for (int i = 0; i < af.length; i++) {
                        af[i] = (float) (mu * af[i] + c * wf[i]);
                    }
                } else {
                    double[] wd = (double[]) w, ad = (double[]) a;
                    for (int i = 0; i < ad.length; i++) {
                        ad[i] = mu * ad[i] + c * wd[i];
                    }
                }
                if (overwrite) {
                    System.arraycopy(a, 0, TensorAccess.writableStorage(v), 0, v.size());
                }
            });
        }
    }

    /**
     * Copies each variable's moving average into it (Keras's {@code finalize_variable_values}, which {@code fit}
     * calls after the last epoch): the weights to evaluate or save after training with {@code useEma}. Does nothing
     * when this optimizer was built without {@code useEma}, as in Keras. A variable that is not trainable now
     * (frozen by {@code Module.setTrainable(false)}) is left unchanged (Keras would copy its average into it: see
     * {@link Builder#useEma}). The slots, the averages included, are unchanged.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(1f));
     * SGD opt = SGD.builder().learningRate(0.1).useEma(true).build();
     * for (int i = 0; i < 100; i++) {
     *     opt.minimize(() -> w.mul(w), List.of(w));
     * }
     * opt.finalizeVariableValues(List.of(w));   // w now holds its moving average over the run
     * }</pre>
     *
     * @param vars variables this optimizer has built
     * @throws IllegalArgumentException if a variable was never built by this optimizer (nothing is changed then)
     * @throws NullPointerException     if the list or a variable is null
     */
    public void finalizeVariableValues(List<Variable> vars) {
        Objects.requireNonNull(vars, "finalizeVariableValues: vars is null");
        for (int i = 0; i < vars.size(); i++) {
            Variable v = Objects.requireNonNull(vars.get(i), "finalizeVariableValues: variable " + i + " is null");
            if (useEma && !slots.containsKey(v)) {
                throw new IllegalArgumentException("finalizeVariableValues: variable " + i + named(v) + " (shape "
                        + v.shape() + ", dtype " + v.dtype() + ") has no moving average: " + name()
                        + " has never built it (apply a step to it, or call build, first)");
            }
        }
        if (!useEma) {
            return;
        }
        for (Variable v : vars) {
            if (!v.trainable()) {
                continue;
            }
            Variable avg = slots.get(v).get(AVERAGE);
            locked(new Variable[] {v, avg}, 0, () -> System.arraycopy(TensorAccess.data(TensorAccess.peekValue(avg)), 0,
                    TensorAccess.writableStorage(v), 0, v.size()));
        }
    }

    /** The variable's name for a message, as {@code " 'kernel'"}, or nothing if it has none. */
    private static String named(Variable v) {
        String n = v.name();
        return n == null ? "" : " '" + n + "'";
    }

    /** Up to this many variables, applyGradients looks for duplicates pairwise instead of with a set. */
    private static final int PAIRWISE_MAX = 16;

    /** Whether {@code vars.get(i)} is also one of the variables before it (identity). */
    private static boolean appearsBefore(List<Variable> vars, int i) {
        Variable v = vars.get(i);
        for (int j = 0; j < i; j++) {
            if (vars.get(j) == v) {
                return true;
            }
        }
        return false;
    }

    private void apply(Variable v, Object grad, double lr, long t) {
        Map<String, Variable> sl = slots.get(v);
        // the update's slots only: the moving average and the gradient accumulator come last in the map
        // (makeSlots) and no update reads them; movingAverages and accumulate write them on their own locks.
        // Before, every step locked the average and made its storage writable here, a copy when someone held its
        // value, for nothing
        int n = sl.size() - extraSlots;
        if (n == 0) { // plain SGD: one lock, no lock array and no closure
            synchronized (v) {
                applyLocked(v, sl, 0, grad, lr, t);
            }
            return;
        }
        Variable[] locks = new Variable[n + 1];
        locks[0] = v;
        int k = 1;
        for (Variable s : sl.values()) {
            if (k > n) {
                break;
            }
            locks[k++] = s;
        }
        locked(locks, 0, () -> applyLocked(v, sl, n, grad, lr, t));
    }

    /** One variable's update on its first {@code n} slots, its lock and those slots' locks held. */
    private void applyLocked(Variable v, Map<String, Variable> sl, int n, Object grad, double lr, long t) {
        step.begin(v.dtype() == DType.FLOAT32, v.shape(), lr, t, grad, TensorAccess.writableStorage(v), n);
        int j = 0;
        for (Variable s : sl.values()) {
            if (j == n) {
                break;
            }
            step.slot(j++, TensorAccess.writableStorage(s));
        }
        double wd = weightDecay(v);
        if (wd > 0 && !noDecay.contains(v)) {
            step.decay(step.cast(wd) * step.lr);   // Keras: w - w * cast(wd) * cast(lr)
        }
        update(step);
        step.end();
    }

    /** Runs {@code r} holding the locks of {@code vs[k..]} (the variable, then its slots: one order everywhere). */
    private static void locked(Variable[] vs, int k, Runnable r) {
        if (k == vs.length) {
            r.run();
            return;
        }
        synchronized (vs[k]) {
            locked(vs, k + 1, r);
        }
    }

    private List<Tensor> clip(List<Tensor> gs) {
        if (clipNorm > 0) {
            List<Tensor> out = new ArrayList<>(gs.size());
            for (Tensor g : gs) {
                out.add(Tensors.clipByNorm(g, clipNorm));
            }
            return out;
        }
        if (globalClipNorm > 0) {
            // Tensors.clipByGlobalNorm's values without its differentiable graph (nothing differentiates the
            // clipped gradients): no squared temporary per gradient, and no copy when the norm is within the clip
            return io.gradtape.internal.ops.Reductions.clipByGlobalNormUnrecorded(gs, globalClipNorm);
        }
        if (clipValue > 0) {
            List<Tensor> out = new ArrayList<>(gs.size());
            for (Tensor g : gs) {
                out.add(Tensors.clipByValue(g, -clipValue, clipValue));
            }
            return out;
        }
        return gs;
    }

    /**
     * Records {@code loss} on a new tape, takes its gradient with respect to {@code vars} (which are watched
     * even if not trainable), applies it with {@link #applyGradients} and returns the loss. Variables the loss
     * does not depend on get a null gradient and are skipped.
     *
     * <p>The step is {@code applyGradients(tape.gradient(loss, vars), vars)}, to the bit. Because the gradients
     * never reach the caller, their arrays are dead once applied, as are the sweep's intermediate cotangents, and
     * the next allocations of the same length on this thread reuse them, still in the cache, instead of zeroing new
     * memory: the MNIST MLP's step (784-256-128-10, batch 128, SGD) measured 1.39 ms against 1.52 ms on one thread
     * and 1.21 against 1.36 on two (JMH, 2026-12-03) when only the gradients were reused. ({@code tape.gradient}
     * reuses the intermediate cotangents' arrays too, but not the gradients it returns.) Not when a custom
     * gradient's rule ran, or another tape or forward accumulator records on this thread; then nothing is reused.
     *
     * <pre>{@code
     * Variable x = new Variable(Tensors.constant(3f));
     * Optimizer opt = new SGD(0.1);
     * Tensor loss = opt.minimize(() -> x.mul(x), List.of(x));   // 9.0; x is now 2.4
     * }</pre>
     *
     * @param loss computes a scalar loss from the variables
     * @param vars the variables to update
     * @return the loss, as computed before the step
     * @throws IllegalArgumentException as {@link #applyGradients} does, or if the loss is not floating
     */
    public Tensor minimize(Supplier<Tensor> loss, List<Variable> vars) {
        Objects.requireNonNull(loss, "minimize: loss is null");
        Objects.requireNonNull(vars, "minimize: vars is null");
        GradientTape tape = new GradientTape();
        Tensor l;
        try (tape) {
            tape.watch(vars);
            l = Objects.requireNonNull(loss.get(), "minimize: the loss function returned null");
        }
        if (!l.dtype().isFloating()) {
            throw new IllegalArgumentException("minimize: the loss has dtype " + l.dtype() + "; it must be floating");
        }
        // The gradients never leave this method, so once applied their arrays are dead, as are the sweep's
        // intermediate cotangents: RecycledArrays hands every array made in the window to the next step's
        // allocations of the same length, still in the cache (the MNIST MLP's weight gradient, 800 KB, is written
        // in 313 us into such an array against 423 us into a new one; the intermediates too since 2026-12-05:
        // 1,232 -> 1,220 us per step, see RecycledArrays). Not when another tape or accumulator records on this
        // thread: it keeps the tensors of the ops it records.
        RecycledArrays.open();
        if (TapeStack.hasRecorders()) {
            RecycledArrays.spoil();
        }
        List<Tensor> grads;
        try {
            grads = tape.gradient(l, vars);
        } finally {
            RecycledArrays.close();
        }
        applyGradients(grads, vars);
        RecycledArrays.donateAllBut(new Tensor[0]);
        return l;
    }

    /**
     * Creates the slots of each variable that has none yet (Keras's {@code build}); calling it again, or for
     * variables already known, changes nothing. {@link #applyGradients} calls it, so calling it first only
     * matters when the slots must exist before the first step, e.g. to restore a checkpoint into them.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.zeros(DType.FLOAT32, 2, 3));
     * Adam adam = new Adam();
     * adam.build(List.of(w));
     * adam.slots(w).keySet();   // [momentum, velocity]
     * }</pre>
     *
     * @param vars the variables (floating dtypes)
     * @throws IllegalArgumentException if a variable is not floating
     */
    public void build(List<Variable> vars) {
        Objects.requireNonNull(vars, "build: vars is null");
        for (int i = 0; i < vars.size(); i++) {
            Variable v = Objects.requireNonNull(vars.get(i), "build: variable " + i + " is null");
            if (!v.dtype().isFloating()) {
                throw new IllegalArgumentException("build: variable " + i + " has dtype " + v.dtype() + "; "
                        + name() + " updates float32 and float64 variables only");
            }
        }
        for (Variable v : vars) {
            // computeIfAbsent, not containsKey and put: a branch of this method taken only for a variable not
            // built yet was cut off in applyGradients' compiled code once a model had trained, so a new model's
            // first step made it not entrant (WarmCold mixed 2, -XX:+LogCompilation, 2026-12-03); the map's
            // branch is profiled by every caller in the JVM
            slots.computeIfAbsent(v, newSlots);
        }
    }

    /**
     * Whether {@code v}'s slots may still be re-created: this optimizer has never stepped and each of them holds
     * its initial value (the moving average, made from the variable, is not checked). True when {@code v} has none.
     * A build (by a checkpoint's save, keys or failed restore) makes such slots without training anything.
     */
    boolean slotsUnused(Variable v) {
        Map<String, Variable> sl = slots.get(v);
        if (sl == null) {
            return true;
        }
        if (iterations().longValue() != 0) {
            return false;
        }
        for (Map.Entry<String, Variable> e : sl.entrySet()) {
            if (e.getKey().equals(AVERAGE)) {
                continue;
            }
            double init = e.getKey().equals(ACCUMULATOR) ? 0 : slotInitialValue(e.getKey());
            Object data = TensorAccess.data(TensorAccess.peekValue(e.getValue()));
            int n = e.getValue().size();
            for (int i = 0; i < n; i++) {
                double x = data instanceof float[] ? ((float[]) data)[i] : ((double[]) data)[i];
                if (x != (data instanceof float[] ? (float) init : init)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Forgets {@code v}'s slots, so that the next build re-creates them (after {@link #slotsUnused} said so). */
    void dropSlots(Variable v) {
        slots.remove(v);
    }

    /** {@link #makeSlots}, made once. */
    private final java.util.function.Function<Variable, Map<String, Variable>> newSlots = this::makeSlots;

    /** The slots of a variable not built yet, each filled with {@link #slotInitialValue}. */
    private Map<String, Variable> makeSlots(Variable v) {
        Map<String, Variable> m = new LinkedHashMap<>();
        for (String n : slotNames(v)) {
            double init = slotInitialValue(n);
            Tensor zero = Tensors.zeros(v.dtype(), slotDims(n, v));
            m.put(n, new Variable(init == 0 ? zero : zero.add(init), false));
        }
        if (useEma) {
            // Keras starts the average at zeros and its first step (momentum 0) sets it to the variable; starting
            // at the variable's value gives the same averages for every variable built before the first step, and
            // one first built later (Keras has none) averages from its value instead of from zero
            m.put(AVERAGE, new Variable(TensorAccess.peekValue(v), false));
        }
        if (accumulationSteps > 0) {
            m.put(ACCUMULATOR, new Variable(Tensors.zeros(v.dtype(), v.shape().dims()), false));   // Keras: zeros
        }
        Map<String, Variable> view = Collections.unmodifiableMap(m);
        view.values(); // made now, not at the first step: see the constructor
        return view;
    }

    /**
     * The slots of {@code var} by name, in creation order: e.g. {@code momentum} and {@code velocity} for
     * {@link Adam}, then {@code average} with {@link Builder#useEma}, then {@code gradient_accumulator} with
     * {@link Builder#gradientAccumulationSteps}; empty for plain {@link SGD} and for a variable this optimizer has
     * not built yet.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(1f));
     * SGD sgd = new SGD(0.1, 0.9);
     * sgd.build(List.of(w));
     * sgd.slots(w).get("momentum").floatValue();   // 0.0f
     * }</pre>
     *
     * @param var a variable
     * @return an unmodifiable map from slot name to slot variable
     */
    public Map<String, Variable> slots(Variable var) {
        Objects.requireNonNull(var, "slots: var is null");
        return slots.getOrDefault(var, Map.of());
    }

    /**
     * The optimizer's variables that belong to no one trained variable, by name, besides {@link #iterations()}:
     * {@link Nadam}'s {@code u_product} (once built), empty for the other optimizers. They are part of the state,
     * which a {@link io.gradtape.checkpoint.Checkpoint} saves as {@code optimizer/<name>}.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(1f));
     * Nadam nadam = new Nadam();
     * nadam.build(List.of(w));
     * nadam.sharedVariables().get("u_product").floatValue();   // 1.0f
     * }</pre>
     *
     * @return an unmodifiable map from name to variable
     */
    public Map<String, Variable> sharedVariables() {
        return Map.of();
    }

    /**
     * The optimizer's state: {@link #iterations()} first, then each built variable's slots, variables in the
     * order they were first built, slots in {@link #slots} order, then the {@link #sharedVariables()} (Keras's
     * order for Nadam's {@code u_product}).
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(1f));
     * Adam adam = new Adam();
     * adam.build(List.of(w));
     * adam.variables().size();   // 3: iterations, m, v
     * }</pre>
     *
     * @return a new list
     */
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        out.add(iterations);
        for (Map<String, Variable> m : slots.values()) {
            out.addAll(m.values());
        }
        out.addAll(sharedVariables().values());
        return out;
    }

    /**
     * The number of steps applied: a non-trainable int64 scalar variable, part of the state. Learning-rate
     * schedules and Adam's bias correction read it. With {@link Builder#gradientAccumulationSteps} {@code k} it counts
     * every {@link #applyGradients} call (Keras's {@code _iterations}, the variable it saves); the updates count
     * {@code floor(iterations / k)} steps (Keras's {@code iterations} property), the schedule reads this count.
     *
     * <pre>{@code
     * new Adam().iterations().longValue();   // 0
     * }</pre>
     *
     * @return the step counter
     */
    public Variable iterations() {
        return iterations;
    }

    /**
     * The learning rate of the next step: the constant, or the schedule at {@link #iterations()}.
     *
     * <pre>{@code
     * new Adam().learningRate();   // 0.001
     * }</pre>
     *
     * @return the learning rate
     */
    public double learningRate() {
        return schedule != null ? schedule.at(iterations.longValue()) : learningRate;
    }

    /**
     * Sets a constant learning rate.
     *
     * <pre>{@code
     * SGD sgd = new SGD();
     * sgd.setLearningRate(0.05);
     * }</pre>
     *
     * @param learningRate a finite positive number
     * @throws IllegalStateException    if this optimizer was built with a schedule (as Keras)
     * @throws IllegalArgumentException if the rate is not finite and positive
     */
    public void setLearningRate(double learningRate) {
        if (schedule != null) {
            throw new IllegalStateException("setLearningRate: this optimizer's learning rate is a schedule ("
                    + schedule + "); build it with a constant rate to set it");
        }
        this.learningRate = checkRate(name(), learningRate);
    }

    /**
     * The schedule the learning rate follows, or null when it is a constant ({@link #setLearningRate} applies
     * only then). A {@link io.gradtape.checkpoint.Checkpoint} saves a constant rate, as Keras tracks it as a
     * variable of the optimizer, and nothing for a schedule, which {@link #iterations()} drives.
     *
     * <pre>{@code
     * new Adam().learningRateSchedule();   // null
     * new Adam(new ExponentialDecay(0.1, 100, 0.5)).learningRateSchedule();   // the ExponentialDecay
     * }</pre>
     *
     * @return the schedule, or null
     */
    public LearningRateSchedule learningRateSchedule() {
        return schedule;
    }

    /**
     * Excludes variables from decoupled weight decay (Keras's {@code exclude_from_weight_decay}), typically
     * biases and normalization scales.
     *
     * <pre>{@code
     * Variable bias = new Variable(Tensors.zeros(DType.FLOAT32, 3));
     * AdamW opt = new AdamW();
     * opt.excludeFromWeightDecay(List.of(bias));
     * }</pre>
     *
     * @param vars the variables
     */
    public void excludeFromWeightDecay(List<Variable> vars) {
        for (Variable v : Objects.requireNonNull(vars, "excludeFromWeightDecay: vars is null")) {
            noDecay.add(Objects.requireNonNull(v, "excludeFromWeightDecay: a variable is null"));
        }
    }

    /**
     * A schedule's step count, checked as Keras's schedules need it: positive (it divides the step). The message
     * names the schedule and the argument, e.g. {@code CosineDecay: decaySteps must be > 0, got 0}.
     */
    static long checkSteps(String schedule, String argument, long steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException(schedule + ": " + argument + " must be > 0, got " + steps);
        }
        return steps;
    }

    /** A learning rate checked for an optimizer: the message names it, e.g. {@code Adam: learningRate must ...}. */
    static double checkRate(String optimizer, double lr) {
        return checkRate(optimizer, "learningRate", lr);
    }

    /**
     * A learning rate checked for {@code owner} (an optimizer or a schedule) under the argument name the caller
     * used, e.g. {@code ExponentialDecay: initialLearningRate must be finite and positive, got 0.0}.
     */
    static double checkRate(String owner, String argument, double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException(owner + ": " + argument + " must be finite and positive, got " + lr);
        }
        return lr;
    }

    /**
     * The hyperparameters every optimizer shares; each optimizer's {@code Builder} adds its own.
     *
     * <pre>{@code
     * Adam adam = Adam.builder().learningRate(3e-4).globalClipNorm(1.0).build();
     * }</pre>
     *
     * @param <B> the concrete builder
     * @param <O> the optimizer it builds
     */
    public abstract static class Builder<B extends Builder<B, O>, O extends Optimizer> {
        double learningRate;
        LearningRateSchedule schedule;
        double weightDecay;
        double clipNorm;
        double globalClipNorm;
        double clipValue;
        boolean useEma;
        double emaMomentum = 0.99;
        long emaOverwriteFrequency;
        int accumulationSteps;

        Builder(double learningRate) {
            this.learningRate = learningRate;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /**
         * A constant learning rate.
         *
         * <pre>{@code
         * SGD sgd = SGD.builder().learningRate(0.1).build();
         * }</pre>
         *
         * @param lr a finite positive number
         * @return this builder
         */
        public B learningRate(double lr) {
            this.learningRate = checkRate(name(), lr);
            this.schedule = null;
            return self();
        }

        /**
         * A learning-rate schedule, evaluated at {@link Optimizer#iterations()} before each step.
         *
         * <pre>{@code
         * SGD sgd = SGD.builder().learningRate(new ExponentialDecay(0.1, 100, 0.5)).build();
         * }</pre>
         *
         * @param schedule the schedule
         * @return this builder
         */
        public B learningRate(LearningRateSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "learningRate: schedule is null");
            return self();
        }

        /**
         * Decoupled weight decay: before each update, {@code w -= w * weightDecay * lr}.
         *
         * <pre>{@code
         * SGD sgd = SGD.builder().weightDecay(1e-4).build();
         * }</pre>
         *
         * @param weightDecay a non-negative number; zero turns it off
         * @return this builder
         */
        public B weightDecay(double weightDecay) {
            this.weightDecay = nonNegative("weightDecay", weightDecay);
            return self();
        }

        /**
         * Clips each gradient to this L2 norm ({@code g * c / max(||g||, c)}); exclusive with the other clips.
         *
         * <pre>{@code
         * Adam adam = Adam.builder().clipNorm(1.0).build();
         * }</pre>
         *
         * @param clipNorm a non-negative number; zero turns it off
         * @return this builder
         */
        public B clipNorm(double clipNorm) {
            this.clipNorm = nonNegative("clipNorm", clipNorm);
            return self();
        }

        /**
         * Clips all gradients together to this global norm ({@link Tensors#clipByGlobalNorm}); exclusive
         * with the other clips.
         *
         * <pre>{@code
         * Adam adam = Adam.builder().globalClipNorm(1.0).build();
         * }</pre>
         *
         * @param globalClipNorm a non-negative number; zero turns it off
         * @return this builder
         */
        public B globalClipNorm(double globalClipNorm) {
            this.globalClipNorm = nonNegative("globalClipNorm", globalClipNorm);
            return self();
        }

        /**
         * Clips each gradient element to {@code [-clipValue, clipValue]}; exclusive with the other clips.
         *
         * <pre>{@code
         * SGD sgd = SGD.builder().clipValue(0.5).build();
         * }</pre>
         *
         * @param clipValue a non-negative number; zero turns it off
         * @return this builder
         */
        public B clipValue(double clipValue) {
            this.clipValue = nonNegative("clipValue", clipValue);
            return self();
        }

        /**
         * Keeps an exponential moving average of each variable (Keras's {@code use_ema}; default false): after each
         * step, {@code average = emaMomentum * average + (1 - emaMomentum) * w}, the first step setting it to
         * {@code w}. The average is a slot named {@code average} (a checkpoint saves it as
         * {@code optimizer/average/<key>}); {@link Optimizer#finalizeVariableValues} copies it into the variables
         * at the end of training, or {@link #emaOverwriteFrequency} does every so many steps. Averaged weights
         * (Polyak &amp; Juditsky 1992) often evaluate better than the last ones.
         *
         * <p>A variable that is not trainable at a step ({@link io.gradtape.nn.Module#setTrainable frozen}) is
         * skipped: its average is not updated, and neither the overwrite nor {@link Optimizer#finalizeVariableValues}
         * writes it, so a frozen weight stays bit-for-bit unchanged; unfrozen, its average resumes from where it
         * stopped. Keras 3 differs here: {@code BaseOptimizer._backend_apply_gradients} averages and overwrites every
         * variable the optimizer was built with ({@code _update_model_variables_moving_average} and
         * {@code _overwrite_model_variables_with_average_value} read no {@code trainable} flag), so there a frozen
         * weight drifts to its average; gradtape keeps the promise of {@code setTrainable} instead.
         *
         * <pre>{@code
         * Adam adam = Adam.builder().useEma(true).emaMomentum(0.999).build();
         * }</pre>
         *
         * @param useEma the flag
         * @return this builder
         */
        public B useEma(boolean useEma) {
            this.useEma = useEma;
            return self();
        }

        /**
         * The momentum of the moving average with {@link #useEma}, in [0, 1] (default 0.99, Keras's).
         *
         * <pre>{@code
         * SGD.builder().useEma(true).emaMomentum(0.9);
         * }</pre>
         *
         * @param emaMomentum the momentum
         * @return this builder
         */
        public B emaMomentum(double emaMomentum) {
            if (!(emaMomentum >= 0 && emaMomentum <= 1)) {
                throw new IllegalArgumentException(name() + ": emaMomentum must be in [0, 1], got " + emaMomentum);
            }
            this.emaMomentum = emaMomentum;
            return self();
        }

        /**
         * With {@link #useEma}, copies each variable's moving average into it at every step {@code t} (from 1) that
         * is a multiple of this (Keras's {@code ema_overwrite_frequency}); zero, the default, never does (Keras's
         * {@code None}): then call {@link Optimizer#finalizeVariableValues} after training.
         *
         * <pre>{@code
         * SGD.builder().useEma(true).emaOverwriteFrequency(100);
         * }</pre>
         *
         * @param steps a non-negative number of steps
         * @return this builder
         */
        public B emaOverwriteFrequency(long steps) {
            if (steps < 0) {
                throw new IllegalArgumentException(name() + ": emaOverwriteFrequency must be a number of steps >= 1, "
                        + "or 0 for none, got " + steps);
            }
            this.emaOverwriteFrequency = steps;
            return self();
        }

        /**
         * Gradient accumulation (Keras's {@code gradient_accumulation_steps}; default 0, Keras's {@code None}, off):
         * the variables are updated at every {@code steps}-th {@link Optimizer#applyGradients} call only, with the
         * mean of the gradients of the {@code steps} calls since the last update ({@code (g + accumulator) /
         * steps}, then clipped and applied with weight decay as one step); the calls in between add their gradients
         * to a slot named {@code gradient_accumulator} (a checkpoint saves it as
         * {@code optimizer/gradient_accumulator/<key>}). Useful when a batch that fits in memory is too small: four
         * calls on batches of 32 then make about one update on a batch of 128. As in Keras, the learning-rate
         * schedule reads the number of calls ({@link Optimizer#iterations()}), the update's own step count (Adam's
         * bias correction, and {@code useEma}'s first step and overwrite frequency) is {@code iterations / steps},
         * and a variable whose gradient is null at an update loses what it accumulated.
         *
         * <pre>{@code
         * Adam opt = Adam.builder().learningRate(1e-3).gradientAccumulationSteps(4).build();
         * }</pre>
         *
         * @param steps the calls per update, at least 2, or 0 for none
         * @return this builder
         * @throws IllegalArgumentException if {@code steps} is 1 or negative
         */
        public B gradientAccumulationSteps(int steps) {
            // keras/src/optimizers/base_optimizer.py __init__: "`gradient_accumulation_steps` must be an integer >= 2"
            if (steps != 0 && steps < 2) {
                throw new IllegalArgumentException(name() + ": gradientAccumulationSteps must be >= 2, or 0 for none, "
                        + "got " + steps);
            }
            this.accumulationSteps = steps;
            return self();
        }

        /**
         * The optimizer.
         *
         * <pre>{@code
         * RMSprop opt = RMSprop.builder().rho(0.95).build();
         * }</pre>
         *
         * @return a new optimizer with no state
         * @throws IllegalArgumentException if more than one clip is set (as Keras), naming the optimizer and the clips
         */
        public O build() {
            // keras/src/optimizers/base_optimizer.py BaseOptimizer.__init__ refuses more than one of clipnorm,
            // clipvalue and global_clipnorm that is not None; here zero is off, as Keras's _clip_gradients treats it
            int clips = (clipNorm > 0 ? 1 : 0) + (globalClipNorm > 0 ? 1 : 0) + (clipValue > 0 ? 1 : 0);
            if (clips > 1) {
                throw new IllegalArgumentException(name() + ": only one of clipNorm, clipValue and globalClipNorm "
                        + "can be set (as Keras), got clipNorm=" + clipNorm + ", clipValue=" + clipValue
                        + ", globalClipNorm=" + globalClipNorm);
            }
            return make();
        }

        abstract O make();

        /**
         * The name of the optimizer this builder builds, e.g. {@code Adam}: every message of a builder's checks
         * starts with it ({@code Adam: clipNorm must be finite and non-negative, got -1.0}). Each concrete builder is
         * nested in its optimizer's class, so the name comes from {@link Optimizer#nameOf}, as the optimizer's own.
         */
        final String name() {
            return nameOf(getClass());
        }

        /** {@code x}, checked finite and non-negative; the message names the optimizer and {@code what}. */
        final double nonNegative(String what, double x) {
            if (!(x >= 0) || !Double.isFinite(x)) {
                throw new IllegalArgumentException(name() + ": " + what + " must be finite and non-negative, got "
                        + x);
            }
            return x;
        }

        /**
         * {@code x}, checked in [0, 1), or (0, 1) if {@code openLow}; the message names the optimizer and
         * {@code what}.
         */
        final double unit(String what, double x, boolean openLow) {
            if (!(openLow ? x > 0 : x >= 0) || !(x < 1)) {
                String range = openLow ? "(0, 1)" : "[0, 1)";
                throw new IllegalArgumentException(name() + ": " + what + " must be in " + range + ", got " + x);
            }
            return x;
        }
    }
}
