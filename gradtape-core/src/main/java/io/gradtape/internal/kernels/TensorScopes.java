package io.gradtape.internal.kernels;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;

import java.util.ArrayList;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * <p>
 * The machinery behind {@code io.gradtape.TensorScope}: tensors whose lifetime the program states, so that the
 * large arrays under them can be handed to the next ops of the same length on the same thread, still in the
 * cache, as PyTorch's caching allocator hands back the buffer the last op freed.
 * </p>
 *
 * <p>
 * Terms. A <em>frame</em> is one open scope; a thread's frames form a stack (the innermost is the <em>top</em>).
 * A tensor <em>belongs</em> to a frame when it was made on the frame's thread while the frame was the top, or was
 * kept into it from an inner frame; it carries a {@link Ticket} that names the frame. An array is <em>born</em> in
 * a frame when {@link Convert} handed it out (at least {@link RecycledArrays#MIN_LENGTH} elements, float32 or
 * float64) while the frame was the top; only born arrays are ever recycled. A tensor <em>escapes</em> when it
 * leaves every frame (kept out of the outermost, or taken by a variable): its array is then never recycled.
 * </p>
 *
 * <p>
 * Why a recycled array can have no reader left. A born array is reachable only through tensors (the library
 * keeps no raw array beyond one call: see the class comment of {@link Convert#allocate}), and a tensor over it
 * can be made only by the frame's thread: a tensor that belongs to an open frame is <em>confined</em>, and
 * reading its array on any other thread throws. So every tensor over an array born in frame F was made on F's
 * thread while F or a frame inside it was the top: it belongs to F, to a closed inner frame (released), or it
 * was kept or escaped, which moved the array's birth record with it or dropped it (below).
 * </p>
 *
 * <p>Algorithm.</p>
 * <ol>
 *   <li>{@link #open}: pushes a frame on the thread's stack and counts it in {@link #OPEN}, which every new
 *       tensor reads: while no frame is open anywhere, making a tensor costs one more load and nothing else.</li>
 *   <li>A new tensor ({@link #enter}) is recorded in the top frame with a new ticket; a new large array
 *       ({@link #handedOut}) is recorded in the top frame's birth record, and a pooled one leaves every other.</li>
 *   <li>{@link #keep}: a tensor of the top frame moves to the frame below (its ticket and its array's birth
 *       record, if the array was born in the top frame), or, from the outermost frame, escapes.
 *       {@link #escape} (a variable's storage, an assigned value) removes a tensor from every frame and drops
 *       its array's birth record wherever it is.</li>
 *   <li>{@link #close}: every tensor still in the frame is released (its ticket says so, and any later read of
 *       its values throws {@link IllegalStateException}); every array still in the birth record goes to the
 *       thread's pool ({@link RecycledArrays#give}); the frame is popped. Frames close in the reverse order of
 *       opening, on their own thread.</li>
 * </ol>
 */
public final class TensorScopes {
    /** Frames open on all threads: a new tensor looks up its thread's frame only when this is not 0. */
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final ThreadLocal<Frame> TOP = new ThreadLocal<>();
    /** On a thread that works for another while that one waits ({@link #lend}): the thread it works for. */
    private static final ThreadLocal<Thread> ACTING_FOR = new ThreadLocal<>();

    private TensorScopes() {
    }

    /** One open scope on one thread, or a pause of the scopes below it ({@link #outside}). */
    public static final class Frame {
        final Thread owner;
        final Frame parent;
        /** A pause: tensors and arrays made while it is the top belong to no frame. */
        private final boolean pause;
        /** The tensors made or kept into this frame; a ticket that moved on names another frame. */
        private final ArrayList<Ticket> tickets = new ArrayList<>();
        /**
         * The large arrays born in this frame and not kept out of it. Weak keys (arrays compare by identity): an
         * array whose every tensor was garbage-collected before the close is simply gone, so a scope left open
         * for long keeps only the arrays still in use.
         */
        private final Map<Object, Boolean> born = new WeakHashMap<>();
        private boolean closed;

        private Frame(Thread owner, Frame parent, boolean pause) {
            this.owner = owner;
            this.parent = parent;
            this.pause = pause;
        }

        /** Whether {@link #close} ran. */
        public boolean closed() {
            return closed;
        }
    }

    /**
     * A read of a released tensor, or of a confined one on another thread. The op dispatcher catches it and throws
     * an {@link IllegalStateException} that names the op the user called ({@link #in}).
     */
    public static final class Unreadable extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }

        /** The same message, prefixed with the name of the op that read the tensor. */
        public IllegalStateException in(String op) {
            return new IllegalStateException(op + ": an input " + getMessage(), this);
        }
    }

    /**
     * A tensor's membership: which frame it belongs to (null once escaped), and whether it was released. It holds
     * the tensor's shape and dtype for its messages, not the tensor, which may be collected before the close.
     */
    public static final class Ticket {
        private final Thread owner;
        private final Shape shape;
        private final DType dtype;
        private Frame frame;
        private boolean released;

        private Ticket(Thread owner, Tensor tensor, Frame frame) {
            this.owner = owner;
            this.shape = tensor.shape();
            this.dtype = tensor.dtype();
            this.frame = frame;
        }

        /**
         * Throws {@link Unreadable} unless the calling thread may read the tensor's values now: not released, and on
         * the owner's thread while the tensor belongs to a frame.
         */
        public void checkRead() {
            if (released) {
                throw new Unreadable("tensor of shape " + shape + " and dtype " + dtype
                        + " was released when its TensorScope closed; call scope.keep(t) before the scope closes to "
                        + "use it afterwards");
            }
            if (frame != null && !readableHere()) {
                throw new Unreadable("tensor of shape " + shape + " and dtype " + dtype
                        + " belongs to a TensorScope open on thread '" + owner.getName() + "' and is read on thread '"
                        + Thread.currentThread().getName() + "'; call scope.keep(t) on its thread (outside every "
                        + "scope) before sharing it");
            }
        }

        /** Whether the tensor was released. */
        public boolean released() {
            return released;
        }

        /** Whether the calling thread may read it while it belongs to a frame: its owner, or one lent to it. */
        private boolean readableHere() {
            Thread me = Thread.currentThread();
            return owner == me || ACTING_FOR.get() == owner;
        }

        /** Why the calling thread may not read the values now, or null if it may. */
        public String unreadableHere() {
            if (released) {
                return "released by its TensorScope";
            }
            if (frame != null && !readableHere()) {
                return "belongs to a TensorScope of thread '" + owner.getName() + "'";
            }
            return null;
        }
    }

    /** Whether a frame is open on any thread (then new tensors look up theirs). */
    public static boolean anyOpen() {
        // a plain read: a thread always sees its own opens, and a stale count on another thread only costs it the
        // thread-local lookup. The volatile read (get) made the recorded scalar chain 36 -> 45-55 ns per op.
        return OPEN.getPlain() != 0;
    }

    /** Opens a frame on the calling thread, inside its current one if any. */
    public static Frame open() {
        Frame f = new Frame(Thread.currentThread(), TOP.get(), false);
        TOP.set(f);
        OPEN.incrementAndGet();
        return f;
    }

    /**
     * Runs {@code body} as if no scope were open on this thread: what it makes belongs to no frame and is never
     * recycled (a dataset's elements, which it may make ahead of the step that uses them; tables loaded once).
     */
    public static <T> T outside(Supplier<T> body) {
        Frame top = TOP.get();
        if (top == null) {
            return body.get();
        }
        Frame pause = new Frame(top.owner, top, true);
        TOP.set(pause);
        try {
            return body.get();
        } finally {
            TOP.set(top);
        }
    }

    /**
     * Runs {@code body} on the calling thread with leave to read the tensors of {@code owner}'s open scopes. Only
     * for a thread that {@code owner} waits for until {@code body} returns, so that none of those scopes can close
     * meanwhile (the tape drawing's replay thread).
     */
    public static void lend(Thread owner, Runnable body) {
        ACTING_FOR.set(owner);
        try {
            body.run();
        } finally {
            ACTING_FOR.remove();
        }
    }

    /**
     * The ticket of a tensor being made on this thread, recorded in the top frame; null if this thread has no
     * open frame. Called from the tensor's constructor when {@link #anyOpen}.
     */
    public static Ticket enter(Tensor t) {
        Frame f = TOP.get();
        if (f == null || f.pause) {
            return null;
        }
        Ticket k = new Ticket(f.owner, t, f);
        f.tickets.add(k);
        return k;
    }

    /**
     * Records a large array that {@link Convert} just handed out on this thread as born in the top frame (in none
     * while paused). One taken from the pool first leaves every frame that still lists it (born there, given to the
     * pool by an inner close or by {@code minimize}): none of them may recycle it under its new tensor.
     */
    static void handedOut(Object array, boolean pooled) {
        Frame top = TOP.get();
        if (pooled) {
            for (Frame f = top; f != null; f = f.parent) {
                f.born.remove(array);
            }
        }
        if (top != null && !top.pause) {
            top.born.put(array, Boolean.TRUE);
        }
    }

    /**
     * Keeps {@code t} beyond {@code f}'s close: a tensor of {@code f} moves to the frame below, or escapes from the
     * outermost one. A tensor of an outer frame, or of no frame, is left as it is.
     *
     * @throws IllegalStateException if {@code f} is not the calling thread's innermost open frame, or {@code t} was
     *                               released or belongs to another thread's scope
     */
    public static void keep(Frame f, Tensor t) {
        checkTop(f, "keep");
        Ticket k = TensorAccess.ticket(t);
        if (k == null) {
            return;
        }
        k.checkRead();
        if (k.frame != f) {
            return;
        }
        Object a = TensorAccess.data(t);
        Frame below = f.parent;
        k.frame = below;
        if (below != null) {
            below.tickets.add(k);
        }
        if (f.born.remove(a) != null && below != null) {
            below.born.put(a, Boolean.TRUE);
        }
        // an array born in an outer frame (t a view, made here, of an outer tensor) stays that frame's: it recycles
        // the array at its own close, when t, now in it or in a frame inside it, is released with it. A pooled array
        // is listed by no frame but the one its last taker was born in (handedOut), so no other case arises
    }

    /**
     * Takes {@code t} out of every frame for good (a variable's storage or assigned value): it stays readable on
     * any thread after every scope closes, and its array is never recycled. Does nothing for a tensor of no frame
     * whose array no frame of this thread knows.
     */
    public static void escape(Tensor t) {
        Ticket k = TensorAccess.ticket(t);
        if (k != null) {
            k.checkRead(); // a released tensor is refused here, not when the variable is next read
            k.frame = null;
        }
        if (!anyOpen()) {
            return;
        }
        // every frame: a pooled array can be born again in an inner frame while an outer one still lists it
        Object a = TensorAccess.data(t);
        for (Frame f = TOP.get(); f != null; f = f.parent) {
            f.born.remove(a);
        }
    }

    /**
     * Closes {@code f}: releases its tensors, gives its born arrays to the thread's pool, pops it.
     *
     * @throws IllegalStateException if {@code f} is not the calling thread's innermost open frame
     */
    public static void close(Frame f) {
        if (f.closed) {
            return;
        }
        checkTop(f, "close");
        // frames never close inside a pause: outside() restores the top it paused
        for (Ticket k : f.tickets) {
            if (k.frame == f) {
                k.released = true;
            }
        }
        for (Object a : f.born.keySet()) {
            RecycledArrays.give(a);
        }
        f.tickets.clear();
        f.born.clear();
        f.closed = true;
        TOP.set(f.parent);
        OPEN.decrementAndGet();
    }

    private static void checkTop(Frame f, String what) {
        if (f.owner != Thread.currentThread()) {
            throw new IllegalStateException("TensorScope." + what + ": the scope was opened on thread '"
                    + f.owner.getName() + "', not on '" + Thread.currentThread().getName() + "'");
        }
        if (f.closed) {
            throw new IllegalStateException("TensorScope." + what + ": the scope is closed");
        }
        if (TOP.get() != f) {
            throw new IllegalStateException("TensorScope." + what + ": a scope opened inside this one is still open; "
                    + "scopes close in the reverse order of opening (use try-with-resources)");
        }
    }
}
