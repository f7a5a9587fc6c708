package io.gradtape.internal.ops;

import io.gradtape.Tensor;
import io.gradtape.Variable;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.autodiff.TapeStack;
import io.gradtape.internal.kernels.KernelTable;
import io.gradtape.internal.kernels.TensorScopes;

/**
 * The one entry point through which every primitive runs:
 * <ol>
 *   <li>{@link ShapeRules} validates the inputs and gives the output dtype and shape (a variable's dtype and
 *       shape never change, so this needs no read: a call that fails here has read, watched and recorded
 *       nothing);</li>
 *   <li>variables among the inputs are read (a recorded read under a tape that watches them);</li>
 *   <li>{@link KernelTable} computes the values;</li>
 *   <li>the recorders of this thread see the op ({@code TapeStack.record}): tapes record it if one of its
 *       inputs is on them, forward accumulators compute its JVP if one of its inputs has a tangent.</li>
 * </ol>
 * While something records, the inputs are first checked for work done off a recording tape's thread
 * ({@code TapeStack.check}: the op throws if such work comes back to that tape's thread). With no tape or
 * accumulator recording on any thread, the check, step 4 and the variable bookkeeping of step 2 cost one
 * volatile read.
 *
 * <p><b>Scalars.</b> An elementwise op on rank-0 operands of one floating dtype takes a shortcut in steps 1 and 3:
 * {@link ShapeRules#infer} returns a shared output description without calling the op's rule, and
 * {@link KernelTable#scalar} computes {@code + - * /} itself (and hands one-input ops straight to their loop)
 * instead of going through {@link KernelTable#run}, a method too large for C2 to inline, and four more calls.
 * The results and errors are those of the general path (ScalarShortcutTest). Measured on ScalarChainBench's
 * 10,000-op chain (CPU time per op, both builds alternating in one JVM for 40 s, p10 / median, load 3.9-4.6,
 * 2026-12-03): recording forward 45.2 / 49.2 -> 41.2 / 45.0 ns, gradient call 59.8 / 67.4 -> 54.4 / 61.7 ns.
 * The float32 sin and cos of one element (the chain's sin, and the cos its gradient rule runs) then computed the
 * tail of {@code VectorMath} element by element instead of in a zero-padded vector (same bits,
 * VectorMathTrigTailTest): three builds alternating, 40 s, load 9.6-10.9, p10 / median: forward 48.1 / 53.4
 * (before both) -> 43.5 / 48.6 (shortcut) -> 37.3 / 42.2 (and the tail); gradient call 60.2 / 65.5 -> 55.8 /
 * 60.9 -> 51.0 / 55.8.
 */
public final class Dispatch {
    private Dispatch() {
    }

    /**
     * Runs {@code p} on {@code inputs} and offers it to the active tapes and accumulators. The array may be
     * modified.
     */
    public static Tensor apply(Primitive p, Params params, Tensor... inputs) {
        // validated first, on the variables' fixed dtypes and shapes: a call that fails reads no variable, so no
        // tape watches or records anything for it
        ShapeRules.Out shape = infer(p, params, inputs);
        Object recorders = TapeStack.recorders(); // kept for record(): one thread-local lookup per op
        int where = TapeStack.where(recorders);
        // before variables are read: a handle carries the mark of the tape that watched it
        Object taint = where == TapeStack.NOWHERE ? null : TapeStack.check(p, inputs);
        Variable[] read = null;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] instanceof Variable) {
                Variable v = (Variable) inputs[i];
                Tensor value = TensorAccess.peekValue(v);
                inputs[i] = where == TapeStack.HERE ? TapeStack.readVariable(v, value) : value;
                read = read != null ? read : new Variable[inputs.length];
                read[i] = v;
            }
        }
        Tensor out = run(p, params, inputs, shape);
        if (read != null) {
            shareAliased(read, inputs, out);
        }
        if (where == TapeStack.HERE) {
            TapeStack.record(recorders, p, params, inputs, out, taint);
        } else if (taint != null) {
            TapeStack.taint(out, taint);
        }
        return out;
    }

    /** Runs {@code p} without recording anything (variables are read by value). */
    public static Tensor execute(Primitive p, Params params, Tensor... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] instanceof Variable) {
                inputs[i] = TensorAccess.currentValue((Variable) inputs[i]);
            }
        }
        return compute(p, params, inputs);
    }

    /**
     * An output that shares a variable's storage (reshape, identity, a same-dtype cast) hands that storage out:
     * the variable must copy it before its next in-place update.
     */
    private static void shareAliased(Variable[] read, Tensor[] inputs, Tensor out) {
        Object data = TensorAccess.data(out);
        for (int i = 0; i < read.length; i++) {
            if (read[i] != null && TensorAccess.data(inputs[i]) == data) {
                TensorAccess.currentValue(read[i]);
            }
        }
    }

    private static Tensor compute(Primitive p, Params params, Tensor[] inputs) {
        return run(p, params, inputs, infer(p, params, inputs));
    }

    /**
     * {@link ShapeRules#infer}, with the op's name on a released input's message: index ops read their indices
     * while their shape is inferred, before any kernel runs.
     */
    private static ShapeRules.Out infer(Primitive p, Params params, Tensor[] inputs) {
        try {
            return ShapeRules.infer(p, params, inputs);
        } catch (TensorScopes.Unreadable e) { // a released input, or a confined one read on another thread
            throw e.in(p.opName());
        }
    }

    private static Tensor run(Primitive p, Params params, Tensor[] inputs, ShapeRules.Out out) {
        Object data;
        try {
            data = out.shape().rank() == 0 && out.dtype().isFloating() ? KernelTable.scalar(p, inputs) : null;
            if (data == null) {
                data = KernelTable.run(p, params, inputs, out);
            }
        } catch (TensorScopes.Unreadable e) { // a released input, or a confined one read on another thread
            throw e.in(p.opName());
        }
        return TensorAccess.make(out.dtype(), out.shape(), data);
    }
}
