package io.gradtape.data;

import io.gradtape.Tensor;

import java.lang.ref.Reference;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The elements of an iterator the generator makes anew in every epoch: TensorFlow's {@code from_generator}
 * (dataset_ops.py / from_generator_op.py, which calls the generator once per iteration and checks each element
 * against {@code output_signature}). Each element is checked against the declared spec.
 */
final class GeneratorSource extends Pipeline.Node {
    private final Supplier<? extends Iterator<Batch>> generator;
    private final Pipeline.Spec declared;

    GeneratorSource(Supplier<? extends Iterator<Batch>> generator, Pipeline.Spec declared) {
        this.generator = generator;
        this.declared = declared;
    }

    /** Unknown: TensorFlow's from_generator (a flat_map over a generator id) has no count either. */
    @Override
    long cardinality() {
        return Pipeline.UNKNOWN;
    }

    @Override
    Pipeline.Spec spec() {
        return declared;
    }

    @Override
    boolean endless() {
        return false;
    }

    /**
     * The generator's iterator of epoch {@code e}, made at the first {@code hasNext}. One that is
     * {@link AutoCloseable} is closed at its end, when the iteration's resources are closed (those current
     * here), and otherwise once this stage's iterator has become unreachable: an iteration abandoned without
     * {@code close()} (a for-each left by {@code break}), or one opened with no resources, still closes it, as
     * TensorFlow finalizes a generator when its iterator is destroyed. The last happens on the cleaner's thread,
     * when no thread can be inside the generator's iterator any more. It is closed once, and never while a call to
     * its {@code hasNext} or {@code next} runs: when the iteration is closed while a prefetch thread is inside one,
     * that thread closes it as the call returns and makes no further call ({@link Closer}).
     */
    @Override
    Iterator<Batch> elements(long e) {
        Background.Resources owner = Background.CURRENT.get();
        AtomicReference<Closer> made = new AtomicReference<>();
        Supplier<Batch> advance = new Supplier<>() {
            Iterator<Batch> it;
            long index;   // of the next element

            @Override
            public Batch get() {
                try {
                    return advance();
                } finally {
                    Reference.reachabilityFence(this);   // not unreachable while in use
                }
            }

            private Batch advance() {
                if (it == null) {
                    Iterator<Batch> gen = generator.get();
                    it = Objects.requireNonNull(gen, "fromGenerator: the generator returned null instead of an"
                            + " iterator (epoch " + e + ")");
                    if (gen instanceof AutoCloseable c) {
                        made.set(new Closer(c, owner));
                    }
                }
                Closer closer = made.get();
                if (closer == null) {
                    return step(null);
                }
                if (!closer.enter()) {
                    return null;   // the iteration was closed: the iterator is closed (or closing), not to be called
                }
                try {
                    return step(closer);
                } finally {
                    closer.leave();   // closes it now if it ended or the iteration was closed during the call
                }
            }

            private Batch step(Closer closer) {
                if (!it.hasNext()) {
                    if (closer != null) {
                        closer.stop();
                    }
                    return null;
                }
                long i = index++;
                Batch b = it.next();
                if (b == null) {
                    throw new NullPointerException("fromGenerator: element " + i + " is null");
                }
                check(i, b);
                return b;
            }
        };
        // the action holds the closer, never the supplier: it runs once the supplier is unreachable
        Background.Cleaners.CLEANER.register(advance, () -> {
            Closer closer = made.get();
            if (closer != null) {
                closer.stop();
            }
        });
        return Pipeline.untilNull(advance);
    }

    private void check(long i, Batch b) {
        Tensor[] c = b.array();
        if (c.length != declared.dtypes.length) {
            throw new IllegalArgumentException("fromGenerator: element " + i + " has " + c.length
                    + (c.length == 1 ? " component" : " components") + " " + Pipeline.describe(c)
                    + ", the declared spec " + declared + " has " + declared.dtypes.length);
        }
        for (int k = 0; k < c.length; k++) {
            if (c[k].dtype() != declared.dtypes[k] || !Transforms.fits(c[k], declared.dims[k])) {
                throw new IllegalArgumentException("fromGenerator: component " + k + " of element " + i + " is "
                        + c[k].shape() + " " + c[k].dtype() + ", which does not fit the declared spec " + declared
                        + " (" + (c[k].dtype() != declared.dtypes[k] ? "dtype " + c[k].dtype() + " is not "
                        + declared.dtypes[k] : "shape " + c[k].shape() + " is not "
                        + Pipeline.dimsString(declared.dims[k])) + ")");
            }
        }
    }

    /**
     * Closes a generator's iterator once: at its end, when the iteration it belongs to is closed (registered with
     * the iteration's resources until then, if there are any), or when its stage's iterator is collected; never
     * while a thread is inside the iterator's {@code hasNext} or {@code next}. The thread that calls the iterator
     * brackets each call with {@link #enter} and {@link #leave}; a {@link #stop} from another thread during a call
     * (the reading thread closing the iteration while a prefetch thread is inside {@code next}) only marks the
     * iterator to be closed, and the calling thread closes it in {@code leave}, after the call has returned. The
     * reader does not wait: a call that never returns keeps the iterator open rather than have it closed under it.
     */
    private static final class Closer implements Background.Stoppable {
        private final AutoCloseable target;
        private final Background.Resources owner;
        /** A thread is inside a call to the target. */
        private boolean inside;
        /** {@link #stop} was called: the target is closed, or is closed by the thread inside as it leaves. */
        private boolean stopping;
        /** The close has been claimed by a thread (done or under way). */
        private boolean closed;

        Closer(AutoCloseable target, Background.Resources owner) {
            this.target = target;
            this.owner = owner;
            if (owner != null) {
                owner.add(this);   // stops it at once if the iteration is already closed
            }
        }

        /** Before a call to the target: false when it is closed or closing, and must not be called. */
        synchronized boolean enter() {
            if (stopping) {
                return false;
            }
            inside = true;
            return true;
        }

        /** After the call: closes the target now if {@link #stop} came during the call. */
        void leave() {
            synchronized (this) {
                inside = false;
                if (!stopping || closed) {
                    return;
                }
                closed = true;
            }
            // This thread is the prefetch thread, which Background.Buffer.stop interrupted to end the epoch: a
            // close() that waits (a join, a sleep, a queue put) would throw InterruptedException at once and leave
            // the resource open, so the flag is cleared around it and restored.
            boolean interrupted = Thread.interrupted();
            try {
                close();
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void stop() {
            synchronized (this) {
                if (stopping) {
                    return;
                }
                stopping = true;
                if (inside) {
                    return;   // handed to the thread inside: it closes the target in leave()
                }
                closed = true;
            }
            close();
        }

        private void close() {
            if (owner != null) {
                owner.remove(this);
            }
            try {
                target.close();
            } catch (Exception ignored) {
                // the epoch is over; a failure to release the generator's iterator has no element to belong to
            }
        }
    }
}
