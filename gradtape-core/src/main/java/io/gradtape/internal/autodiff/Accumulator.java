package io.gradtape.internal.autodiff;

import io.gradtape.Tensor;

import java.util.WeakHashMap;

/**
 * The bookkeeping of one forward-mode recording (TensorFlow's C++ {@code ForwardAccumulator} in
 * {@code tape.h}); the math is in {@link JvpRules}.
 *
 * <p>Terms: the <em>tangent</em> (JVP) of a tensor is the directional derivative of its value along the
 * tangents given for the watched primals. A tensor has a tangent here when it was watched or produced by an op
 * this accumulator processed. The recording rule is the tape's: an op is processed when at least one input has
 * a tangent and a floating dtype; inputs without one count as zeros. Its output (if floating) then gets the
 * tangent {@link JvpRules} computes, at once, while the op runs: {@code jvp} is a lookup, never a computation.
 *
 * <p>Tangents are held weakly by their primal (a {@link WeakHashMap} keyed by tensor identity; {@code Tensor}
 * does not override {@code equals}), so a tangent goes when its primal is garbage, as in TensorFlow. Not
 * thread-safe: it belongs to the thread that records on it.
 *
 * <p>The two fields read by {@link TapeStack} carry the nesting state: {@link #busy} is true while this
 * accumulator computes a JVP (the ops that computation runs are then hidden from it and from every recorder
 * that started after it), and {@link #transposeTape} is the private tape of the transposition fallback while
 * it records the op's backward function.
 */
public final class Accumulator {
    private final WeakHashMap<Tensor, Tensor> tangents = new WeakHashMap<>();
    /** Computing a JVP now. */
    boolean busy;
    /** During {@link JvpRules}' transposition fallback: the tape that records the VJP, else null. */
    Tape transposeTape;

    /**
     * Gives {@code primal} a tangent (a variable by its handle, so that each read of it gets the tangent).
     *
     * @param primal  the tensor or variable
     * @param tangent a plain tensor of the primal's dtype and shape
     */
    public void watch(Tensor primal, Tensor tangent) {
        tangents.put(primal, tangent);
    }

    /**
     * The tangent of {@code t}, or null if none was watched or computed.
     *
     * @param t a tensor or variable
     * @return the tangent or null
     */
    public Tensor tangent(Tensor t) {
        return tangents.get(t);
    }

    /** Records the tangent of a variable read: the read is an identity, so it shares the variable's tangent. */
    void read(Tensor variable, Tensor value) {
        Tensor t = tangents.get(variable);
        if (t != null) {
            tangents.put(value, t);
        }
    }

    /** Whether {@link #read} would give the value of {@code variable} a tangent. */
    boolean tracks(Tensor variable) {
        return tangents.containsKey(variable);
    }

    /**
     * Processes an executed op: if some floating input has a tangent, computes the output's tangent (while
     * {@link #busy}, so that the ops of that computation are hidden from this accumulator and the recorders
     * after it) and remembers it.
     */
    void accumulate(TapeEntry e) {
        Tensor out = e.output();
        if (!out.dtype().isFloating()) {
            return; // comparisons, casts to integers: no tangent, as TensorFlow's None gradients
        }
        Tensor[] in = e.inputs();
        Tensor[] t = null;
        for (int j = 0; j < in.length; j++) {
            if (in[j].dtype().isFloating()) {
                Tensor tj = tangents.get(in[j]);
                if (tj != null) {
                    if (t == null) {
                        t = new Tensor[in.length];
                    }
                    t[j] = tj;
                }
            }
        }
        if (t == null) {
            return;
        }
        Tensor dy;
        busy = true;
        try {
            dy = JvpRules.jvp(e, t, this);
        } finally {
            busy = false;
        }
        if (dy != null) {
            tangents.put(out, dy);
        }
    }
}
