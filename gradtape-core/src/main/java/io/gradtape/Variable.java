package io.gradtape;

import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.TensorScopes;
import io.gradtape.internal.autodiff.TapeStack;
import io.gradtape.internal.ops.Dispatch;
import io.gradtape.internal.ops.Primitive;
import io.gradtape.internal.ops.ShapeRules;

import java.util.Objects;

/**
 * A mutable tensor: a handle whose value can be replaced by {@link #assign}, the state of a model.
 *
 * <p>A variable is usable wherever a {@link Tensor} is. Each op that takes it <em>reads</em> it, as TensorFlow's
 * {@code ReadVariableOp} does: under a recording {@link GradientTape} built with
 * {@code watchAccessedVariables=true}, a trainable variable is watched when it is read (not when it is created),
 * and the read is recorded as an identity from the handle to the value read. So the gradient with respect to the
 * variable is the sum over all its reads, and a later {@code assign} never changes a gradient already recorded.
 * Non-trainable variables are watched only by an explicit {@link GradientTape#watch}. The {@code assign} family is
 * stateful and never recorded: a gradient does not flow through it.
 *
 * <p>Shape and dtype are fixed at construction; an assign of another shape or dtype is an
 * {@link IllegalArgumentException}. Assignments are atomic (a reader sees the old or the new value), but a
 * read-modify-write such as {@link #assignAdd} from two threads at once may lose an update.
 *
 * <p>Inside an {@link io.gradtape.nn.Module}, make a model's variables with its {@code addVariable}, not with
 * {@code new Variable}: a module lists only what it registered, and listing one whose field holds an unregistered
 * variable is an {@link IllegalStateException} (TensorFlow's {@code tf.Module} tracks attributes by itself).
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(2.0f));
 * w.assignSub(Tensors.constant(0.5f));   // w is now 1.5
 * }</pre>
 */
public final class Variable extends Tensor {
    /** Fixed for a variable made alone; a module's {@code setTrainable} changes it (see {@link #trainable()}). */
    private volatile boolean trainable;
    private volatile Tensor value;
    /**
     * The projection an optimizer applies after each update of this variable (Keras's {@code variable.constraint}),
     * or null: set by a module's {@code addVariable} with a constraint, read by {@code Optimizer.applyGradients}.
     */
    volatile java.util.function.UnaryOperator<Tensor> constraint;

    /**
     * A trainable variable holding the value of {@code initial} (the values are taken, nothing is recorded).
     *
     * <pre>{@code
     * Variable x = new Variable(Tensors.constant(3.0f));
     * x.trainable();   // true
     * }</pre>
     *
     * @param initial the initial value
     */
    public Variable(Tensor initial) {
        this(initial, true);
    }

    /**
     * A variable holding the value of {@code initial}; a non-trainable one is never watched automatically. The
     * values are copied: updates to the variable never change {@code initial}.
     *
     * <pre>{@code
     * Variable step = new Variable(Tensors.constant(0L), false);
     * step.trainable();   // false
     * }</pre>
     *
     * @param initial   the initial value
     * @param trainable whether tapes watch it when it is read
     * @throws IllegalStateException if {@code initial} was released by its {@link TensorScope} or belongs to a
     *                               scope of another thread
     */
    public Variable(Tensor initial, boolean trainable) {
        super(Objects.requireNonNull(initial, "Variable: initial value is null").dtype(), initial.shape(), null,
                TensorIds.single()); // in creation order across threads: watchedVariables() sorts by id
        this.trainable = trainable;
        // owned storage from the start: a copy, so the caller's tensor is never written, and a new variable takes
        // the same path through peek and writableStorage as one that has been updated (see owned)
        VariableStorage o;
        try {
            o = VariableStorage.copyOf(initial.current());
        } catch (TensorScopes.Unreadable e) {
            throw e.in("Variable");
        }
        this.owned = o;
        install(o.tensor);
    }

    /**
     * Whether tapes built with {@code watchAccessedVariables=true} watch this variable when it is read, and whether
     * its module lists it among {@link io.gradtape.nn.Module#trainableVariables()}. The flag given at construction,
     * except for a variable a module made trainable ({@code addVariable(name, initial, true)}): freezing the module
     * with {@link io.gradtape.nn.Module#setTrainable setTrainable(false)} clears it and {@code setTrainable(true)}
     * sets it again, as Keras 3's {@code layer.trainable} setter sets its variables' {@code trainable}. A frozen
     * variable is then watched only by an explicit {@link GradientTape#watch}.
     *
     * <pre>{@code
     * new Variable(Tensors.constant(1f)).trainable();   // true
     * io.gradtape.nn.Dense d = new io.gradtape.nn.Dense(3, 2, null);
     * d.setTrainable(false);
     * d.namedVariables().get("kernel").trainable();   // false
     * }</pre>
     *
     * @return the flag
     */
    public boolean trainable() {
        return trainable;
    }

    /** Sets the flag: only a module's {@code setTrainable}, through {@code TensorAccess}, calls this. */
    void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    /**
     * Reads the current value as a plain tensor. Under a tape this is a recorded read, like any op's read: the
     * result is differentiable with respect to this variable.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(1f));
     * Tensor snapshot = w.value();
     * w.assign(Tensors.constant(0f));   // snapshot keeps the old value
     * }</pre>
     *
     * @return the value read
     */
    public Tensor value() {
        return TapeStack.readVariable(this);
    }

    /**
     * Replaces the value. Not recorded: no gradient flows through an assignment.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(1f));
     * w.assign(Tensors.constant(0.5f));   // w is now 0.5
     * }</pre>
     *
     * @param newValue a tensor of this variable's dtype and shape
     * @return this variable
     * @throws IllegalArgumentException if the dtype or shape differs
     * @throws IllegalStateException    if {@code newValue} was released by its {@link TensorScope} or belongs to a
     *                                  scope of another thread (the variable keeps its value)
     */
    public Variable assign(Tensor newValue) {
        Objects.requireNonNull(newValue, "assign: value is null");
        check("assign", newValue); // before the read: a failed call must not have watched a variable argument
        Tensor t = read(newValue);
        try {
            install(t);
        } catch (TensorScopes.Unreadable e) { // install refuses it before the value changes; name the op
            throw e.in("assign");
        }
        return this;
    }

    /**
     * Adds {@code delta} to the value in place ({@code v += delta}). Not recorded.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(1f));
     * w.assignAdd(Tensors.constant(1f));   // w is now 2.0
     * }</pre>
     *
     * @param delta a tensor of this variable's dtype, broadcastable to its shape
     * @return this variable
     * @throws IllegalArgumentException if the dtype differs or the result would change the shape
     * @throws IllegalStateException    if {@code delta} was released by its {@link TensorScope} or belongs to a
     *                                  scope of another thread (the variable keeps its value)
     */
    public Variable assignAdd(Tensor delta) {
        return update("assignAdd", Primitive.ADD, delta);
    }

    /**
     * Subtracts {@code delta} from the value in place ({@code v -= delta}), the step of gradient descent. Not
     * recorded.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(1f));
     * Tensor grad = Tensors.constant(2f);
     * w.assignSub(grad.mul(0.1));   // w is now 0.8
     * }</pre>
     *
     * @param delta a tensor of this variable's dtype, broadcastable to its shape
     * @return this variable
     * @throws IllegalArgumentException if the dtype differs or the result would change the shape
     * @throws IllegalStateException    if {@code delta} was released by its {@link TensorScope} or belongs to a
     *                                  scope of another thread (the variable keeps its value)
     */
    public Variable assignSub(Tensor delta) {
        return update("assignSub", Primitive.SUB, delta);
    }

    private Variable update(String op, Primitive p, Tensor delta) {
        Objects.requireNonNull(delta, () -> op + ": delta is null");
        ShapeRules.requireNumeric(op, delta);
        // validate before the read: a failed call must not have watched a variable argument
        if (delta.dtype() != dtype()) {
            throw new IllegalArgumentException(op + ": variable has dtype " + dtype() + " but delta has dtype " + delta.dtype());
        }
        if (!ShapeRules.broadcastsTo(delta.shape(), shape())) {
            throw new IllegalArgumentException(op + ": variable has shape " + shape() + " but delta has shape "
                    + delta.shape() + ", which does not broadcast to it");
        }
        Tensor d = read(delta);
        TensorScopes.Ticket k = TensorAccess.ticket(d);
        if (k != null && k.unreadableHere() != null) {
            try {
                k.checkRead();
            } catch (TensorScopes.Unreadable e) { // named as the caller's op, not as the add or sub it runs
                throw e.in(op);
            }
        }
        synchronized (this) {
            Tensor next = Dispatch.execute(p, null, value, d);
            check(op, next);
            install(next);
        }
        return this;
    }

    /**
     * Makes {@code t} the value: the one place a value is set, so that whatever a variable holds leaves every
     * {@code TensorScope} (a copy made for in-place writes, an assigned tensor, a variable's read under a tape, an
     * update's result) and is never released or recycled with one.
     */
    private void install(Tensor t) {
        TensorScopes.escape(t);
        value = t;
    }

    /** A variable given as an argument is read, as TensorFlow converts it to a tensor (a tape may watch it). */
    private static Tensor read(Tensor t) {
        return t instanceof Variable ? TapeStack.readVariable((Variable) t) : t.current();
    }

    private void check(String op, Tensor t) {
        if (t.dtype() != dtype() || !t.shape().equals(shape())) {
            throw new IllegalArgumentException(op + ": variable has shape " + shape() + " and dtype " + dtype()
                    + " but the value has shape " + t.shape() + " and dtype " + t.dtype());
        }
    }

    /**
     * This variable with a name, for drawings of the tape; see {@link Tensor#named}. Nothing else changes.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.constant(0.5f)).named("w");
     * }</pre>
     *
     * @param name the name, not blank
     * @return this variable
     * @throws IllegalArgumentException if the name is blank
     */
    @Override
    public Variable named(String name) {
        super.named(name);
        return this;
    }

    /**
     * The current value, printed like a tensor with {@code Variable} in front and the trainable flag.
     *
     * <pre>{@code
     * new Variable(Tensors.constant(3f)).toString();   // "Variable(3.0, shape=(), dtype=float32, trainable=true)"
     * }</pre>
     */
    @Override
    public String toString() {
        return describe("Variable", ", trainable=" + trainable);
    }

    // ---- Copy-on-write storage for in-place updates by optimizers; the rules are in VariableStorage ----

    /**
     * The storage this variable made for in-place writes; it counts only while it is the value. The constructor
     * makes it (a copy of the initial value), so it is never null. Until 2026-12-03 it was null before a
     * variable's first update, and that branch, never taken once a model had trained for a while, was a new path
     * for compiled code: in WarmCold mixed (LogCompilation, load 4-19) the MNIST MLP's first step deoptimized
     * Dispatch.apply and Optimizer.applyGradients, and C2 recompiled them and the methods that inline them (up
     * to 1.4 s each) through the MLP's first 100 steps. The copy costs one pass over the initial values per
     * variable; the first update, which copied before, now writes in place.
     */
    private volatile VariableStorage owned;

    /** The value for a caller that may keep it: owned storage becomes shared, so the next update copies it. */
    @Override
    Tensor current() {
        Tensor t = value;
        VariableStorage o = owned;
        if (o.tensor == t) {
            o.share(this);
        }
        return t;
    }

    /** The value as one op's input, finished with before this thread's next update (see VariableStorage). */
    Tensor peek() {
        Tensor t = value;
        VariableStorage o = owned;
        if (o.tensor == t) {
            o.peeked(this);
        }
        return t;
    }

    /**
     * The storage array that the caller, holding this variable's lock, may overwrite with the updated values:
     * the current one if no one else can see it, else a copy of it that becomes the value.
     */
    Object writableStorage() {
        Tensor t = value;
        VariableStorage o = owned;
        if (o.tensor != t || !o.writable()) {
            o = VariableStorage.copyOf(t);
            owned = o;
            install(o.tensor);
        }
        return TensorAccess.data(o.tensor);
    }
}
