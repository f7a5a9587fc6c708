package io.gradtape;

import io.gradtape.internal.kernels.TensorScopes;

import java.util.Objects;

/**
 * A stated lifetime for the tensors of one step, so that their memory is reused by the next step while it is
 * still in the CPU's cache: the JVM's counterpart of PyTorch's caching allocator, made explicit as DJL's
 * {@code NDManager} and the FFM API's confined {@code Arena} make it.
 *
 * <p>Every tensor made on this thread while the scope is its innermost open one belongs to the scope: op results,
 * constants, gradients, random draws. {@link #close} <em>releases</em> them: any later read of their values throws
 * {@link IllegalStateException} (their shape and dtype stay readable), and the float32 and float64 arrays of at least
 * 16,384 elements under them go back to this thread's pool, from which the next ops of the same length and dtype
 * take them instead of new arrays. Smaller arrays are left to the garbage collector. {@link #keep} lets a tensor
 * outlive the scope. Variables never belong to a scope: a variable's storage, and a tensor assigned to a variable,
 * outlive every scope.
 *
 * <p>Why it pays. A new Java array lies where the allocator has not written since the last collection, outside the
 * cache, and the allocating thread zeroes it there: on this project's 2-core AMD machine (2026-12-04, one thread,
 * 1M float32) a multiply into a new array took 349 us, into a reused one 151 us. A program that does not state
 * lifetimes gets new arrays; the values are the same either way.
 *
 * <p>Safety. A released tensor can never show another tensor's values: the tensors of an open scope are
 * <em>confined</em> to its thread (reading one on another thread throws), and an array is reused only when every
 * tensor over it was released. Scopes nest; they close in the reverse order of opening, on the thread that opened
 * them (try-with-resources does both). A gradient that needs the values of released tensors throws: compute
 * gradients, and apply them, inside the scope that recorded the tape (a persistent tape's later gradients, a
 * forward accumulator's tangents and a tape drawing likewise need its tensors readable). Datasets make their
 * elements, splits and stacked batches as if no scope were open, so iterating a dataset inside per-step scopes is
 * safe; other objects that hold tensors (a dataset made <em>from</em> scoped tensors, a list) hold released tensors
 * after the close, so make those outside the scope or keep their tensors.
 *
 * <p>Costs. While any scope is open in the JVM, each new tensor looks up its thread's scope; each tensor of a scope
 * holds a small record until the close. Open one scope per step rather than one around a whole run; a scope that
 * is never closed (no try-with-resources, or a thread that ends inside it) keeps that lookup on for every thread.
 *
 * <pre>{@code
 * Tensor a = Tensors.fill(new int[] {1 << 20}, Tensors.constant(1.5f));
 * Tensor b = Tensors.fill(new int[] {1 << 20}, Tensors.constant(2f));
 * float total = 0;
 * for (int step = 0; step < 3; step++) {
 *     try (TensorScope scope = TensorScope.open()) {
 *         Tensor y = a.mul(b).add(a);           // released at the end of the step
 *         total += y.sum().floatValue();        // read inside the scope
 *     }
 * }
 * }</pre>
 */
public final class TensorScope implements AutoCloseable {
    private final TensorScopes.Frame frame;

    private TensorScope(TensorScopes.Frame frame) {
        this.frame = frame;
    }

    /**
     * Opens a scope on the calling thread, inside the scope open there if any.
     *
     * <pre>{@code
     * try (TensorScope scope = TensorScope.open()) {
     *     Tensors.zeros(DType.FLOAT32, 4).add(1.0);
     * }
     * }</pre>
     *
     * @return the new innermost scope of this thread
     */
    public static TensorScope open() {
        return new TensorScope(TensorScopes.open());
    }

    /**
     * Lets {@code t} outlive this scope: it moves to the scope this one was opened in, or, from the outermost
     * scope, belongs to none any more (then any thread may read it and its array is never reused). A tensor of an
     * enclosing scope, a tensor made outside every scope, and a variable are returned unchanged.
     *
     * <pre>{@code
     * Tensor kept;
     * try (TensorScope scope = TensorScope.open()) {
     *     kept = scope.keep(Tensors.constant(2f).mul(3.0));
     * }
     * kept.floatValue();   // 6.0
     * }</pre>
     *
     * @param t   a tensor of this scope or of an enclosing one
     * @param <T> the tensor's type
     * @return {@code t}
     * @throws IllegalStateException if this scope is closed, is not the innermost open scope of the calling
     *                               thread, or {@code t} was released or belongs to a scope of another thread
     */
    public <T extends Tensor> T keep(T t) {
        Objects.requireNonNull(t, "TensorScope.keep: tensor is null");
        TensorScopes.keep(frame, t);
        return t;
    }

    /**
     * Releases the tensors of this scope and returns their large arrays to this thread's pool; closing a closed
     * scope does nothing.
     *
     * <pre>{@code
     * TensorScope scope = TensorScope.open();
     * Tensor t = Tensors.ones(DType.FLOAT64, 3);
     * scope.close();
     * t.shape();   // (3): still known; t.toDoubleArray() would throw
     * }</pre>
     *
     * @throws IllegalStateException if called on another thread than the one that opened it, or while a scope
     *                               opened inside it is still open
     */
    @Override
    public void close() {
        TensorScopes.close(frame);
    }

    /**
     * Whether {@link #close} ran.
     *
     * <pre>{@code
     * TensorScope scope = TensorScope.open();
     * scope.close();
     * scope.isClosed();   // true
     * }</pre>
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return frame.closed();
    }
}
