package io.gradtape;

import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.autodiff.Tape;
import io.gradtape.internal.autodiff.TapeStack;
import io.gradtape.internal.kernels.Convert;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Copy-on-write for a variable's storage, so that an optimizer step can write parameters and moments in place
 * while every {@link Tensor} anyone obtained stays immutable.
 *
 * <p>Terms: a variable's <em>storage</em> is the array of its current value. Storage is <em>owned</em> when the
 * variable made it itself, by a copy, for in-place writes: the constructor copies the initial value, and
 * {@link Variable#writableStorage} copies a value that is not owned or is visible; an assignment replaces it by
 * a caller's tensor, which is never owned. Owned storage is <em>visible</em> to others when:
 * <ol>
 *   <li>it was handed out: any read that may keep it ({@code Variable.value()}, a public accessor, an op whose
 *       output shares its input's array such as reshape or identity, a forward accumulator, an output
 *       gradient) marks it {@link #shared};</li>
 *   <li>it was read on another thread than the one that made it: that reader may still be computing with it,
 *       so the read marks it shared;</li>
 *   <li>a tape may hold it: a read while tapes record on the owner's thread <em>leases</em> it to each of them,
 *       and a lease ends when its tape holds no entries (a one-shot tape after {@code gradient}) or is garbage.</li>
 * </ol>
 * Reads for an op's inputs on the owner's thread with no tape recording ({@link Variable#peek}) mark nothing:
 * the op has finished with its inputs before that thread can start an update.
 *
 * <p>An update ({@link Variable#writableStorage}, called with the variable's lock held) writes the storage in
 * place if it is owned by the calling thread and not visible; otherwise it copies the values into a new owned
 * array, installs it, and the old array, which others may see, is never written again. Readers on other threads
 * take the variable's lock to mark the storage shared, so they wait for an in-place write in progress and see
 * the whole old or the whole new value, as with {@link Variable#assign}.
 *
 * <p>Measurement behind it ({@code io.gradtape.optimizers.AdamStepAllocation} in the test sources): an Adam step
 * on the 784-256-128-10 MLP's 235,146 parameters allocates 11.3 MB when written as Keras's update with tensor
 * ops and assignments (twelve arrays the size of the parameters), 2.7 KB with the fused loop writing in place
 * after a released tape, and 0.94 MB (one copy) when the parameters were handed out since the last step.
 */
final class VariableStorage {
    /** The owned value; in-place writes are allowed only while it is the variable's value. */
    final Tensor tensor;
    /** The thread that made it: the only one that may write it in place. */
    final Thread thread;
    /** Whether a reference to the storage escaped (guarded by the variable's lock). */
    private boolean shared;
    /**
     * Tapes that may hold a read of it (guarded by the variable's lock). Made with the storage and never null:
     * a list made on a new variable's first read under a tape was a branch that compiled code had not seen
     * (an uncommon trap in Dispatch.apply at the MNIST MLP's first step in WarmCold mixed).
     */
    private final List<WeakReference<Tape>> leases = new ArrayList<>(2);

    private VariableStorage(Tensor tensor, Thread thread) {
        this.tensor = tensor;
        this.thread = thread;
    }

    /** A fresh owned copy of {@code t}'s values, made by the current thread. */
    static VariableStorage copyOf(Tensor t) {
        Object src = TensorAccess.data(t);
        Object dst = Convert.allocate(t.dtype(), t.size());
        System.arraycopy(src, 0, dst, 0, t.size());
        return new VariableStorage(TensorAccess.make(t.dtype(), t.shape(), dst), Thread.currentThread());
    }

    /** Marks the storage as handed out: the next update copies it. */
    void share(Variable lock) {
        synchronized (lock) {
            shared = true;
            leases.clear();
        }
    }

    /**
     * A read for one op's inputs: from another thread it shares the storage; on the owner's thread it leases the
     * storage to the tapes recording here (and shares it if a forward accumulator records here).
     */
    void peeked(Variable lock) {
        if (Thread.currentThread() != thread) {
            share(lock);
            return;
        }
        if (!TapeStack.hasRecorders()) {
            return;
        }
        if (TapeStack.accumulating()) {
            share(lock);
            return;
        }
        List<Tape> tapes = TapeStack.active();
        synchronized (lock) {
            if (shared) {
                return;
            }
            for (int i = 0; i < tapes.size(); i++) {
                Tape t = tapes.get(i);
                if (!leases.contains(t.lease())) {
                    leases.add(t.lease());
                }
            }
        }
    }

    /** Whether the calling thread may overwrite the storage now (the variable's lock is held). */
    boolean writable() {
        if (shared || Thread.currentThread() != thread) {
            return false;
        }
        // Not removeIf: its bit set for the removed is an array. Not `for (i = size - 1; i >= 0; i--)`: C2 makes
        // that a counted loop guarded by a loop_limit_check predicate that the loop is entered, which a JVM whose
        // updates all had one lease compiled as an uncommon trap; the MNIST MLP's first update with no lease
        // (WarmCold mixed 2, -XX:+LogCompilation) then threw away Optimizer.applyGradients' 28 KB of C2 code,
        // 438 ms of compiling, 9 ms after it was installed. The `i != 0` loop is entered and left by one branch.
        int i = leases.size();
        while (i != 0) {
            i--;
            Tape t = leases.get(i).get();
            if (t == null || t.size() == 0) {
                leases.remove(i);
            }
        }
        return leases.isEmpty();
    }
}
