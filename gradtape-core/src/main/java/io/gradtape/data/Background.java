package io.gradtape.data;

import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The stages of a {@link Dataset} that work on other threads: {@code prefetch} (one producer thread and a bounded
 * buffer, TensorFlow's PrefetchDataset, prefetch_dataset_op.cc) and {@code map} with parallel calls (TensorFlow's
 * ParallelMapDataset, parallel_map_dataset_op.cc).
 *
 * <p><b>Threads and their end.</b> Every thread is a daemon named {@code gradtape-prefetch-N} or
 * {@code gradtape-map-N}, started on the first {@code hasNext} or {@code next}. It ends when its iteration ends, when
 * the {@link Dataset.ElementIterator} it works for is closed, or when the iterator that reads it becomes garbage
 * (a {@link Cleaner} stops it: the thread refers to the shared state of the stage, never to that iterator). To find
 * the threads an iteration started, however deep in the pipeline and on whatever thread the stage was opened (a
 * prefetch inside a {@code repeat} opens once per repetition, on the thread of the stage after it), each
 * iteration has a {@link Resources} that the stages register with: the thread that runs a stage's iterator has it
 * as {@link #CURRENT}, and a producer thread takes its opener's.
 *
 * <p><b>Order and errors.</b> A stage's input iterator is only ever used by one thread at a time (the producer,
 * or the consumer that feeds the workers), so the stages before it need no locks, and their order (a
 * {@code shuffle}'s permutation, drawn from its seed and the epoch) does not depend on the threads. An exception
 * from the input or from the function is kept at the position of the element it belongs to and thrown by the
 * {@code hasNext} or {@code next} that asks for that element, as the sequential stages do; the iteration goes on
 * after it.
 */
final class Background {
    private Background() {
    }

    /** The resources of the iteration the calling thread works for, or null. */
    static final ThreadLocal<Resources> CURRENT = new ThreadLocal<>();

    private static final AtomicLong PREFETCH_THREADS = new AtomicLong();
    private static final AtomicLong MAP_THREADS = new AtomicLong();

    /**
     * Made on first use: its own daemon thread runs the stop actions of unreachable iterators (and closes the
     * iterators of {@code fromGenerator} whose iteration was abandoned).
     */
    static final class Cleaners {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /** Something an iteration started that must be stopped with it. */
    interface Stoppable {
        /** Stops it; idempotent, from any thread. */
        void stop();
    }

    /**
     * What one iteration started: stopped together by {@link #close}. A child (one repetition of a {@code repeat})
     * is itself registered with its parent, so closing the iteration closes it too.
     */
    static final class Resources implements Stoppable {
        private final Set<Stoppable> open = ConcurrentHashMap.newKeySet();
        private volatile boolean closed;
        private Resources parent;

        /** New resources registered with the calling thread's {@link #CURRENT}, if any. */
        static Resources child() {
            Resources r = new Resources();
            r.parent = CURRENT.get();
            if (r.parent != null) {
                r.parent.add(r);
            }
            return r;
        }

        /** Closes these resources and takes them out of their parent's; idempotent. */
        void release() {
            close();
            if (parent != null) {
                parent.remove(this);
            }
        }

        @Override
        public void stop() {
            close();
        }

        void add(Stoppable s) {
            open.add(s);
            if (closed) {
                s.stop();
            }
        }

        void remove(Stoppable s) {
            open.remove(s);
        }

        void close() {
            closed = true;
            for (Stoppable s : open) {
                s.stop();
            }
            open.clear();
        }
    }

    /** {@code body} with {@code r} as this thread's {@link #CURRENT}. */
    static <T> T within(Resources r, Supplier<T> body) {
        Resources before = CURRENT.get();
        CURRENT.set(r);
        try {
            return body.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** Rethrows what a stage's input or function threw, unchecked as it was. */
    private static RuntimeException rethrow(String op, Throwable t) {
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new IllegalStateException(op + ": " + t, t);
    }

    private static IllegalStateException interrupted(String op) {
        Thread.currentThread().interrupt();
        return new IllegalStateException(op + ": interrupted while waiting for the next element (the interrupt flag"
                + " is set again); nothing was taken, the next call waits again");
    }

    // ---------------------------------------------------------------- prefetch

    /**
     * The input's elements computed ahead by one producer thread, at most {@code bufferSize} of them waiting, as
     * PrefetchDataset: the producer waits for a free slot before it asks the input for an element (so the input is
     * never more than {@code bufferSize} elements ahead of the consumer), and a slot frees when the consumer takes
     * an element or an error out.
     */
    static final class Prefetch extends Pipeline.PassThrough {
        private final int bufferSize;

        Prefetch(Pipeline.Node up, int bufferSize) {
            super(up);
            this.bufferSize = bufferSize;
        }

        /**
         * The input iterator is made here, on the opening thread (an error in making it, a {@code shuffle} whose
         * input fails, is thrown here, as without prefetch); the producer starts at the first {@code hasNext}.
         */
        @Override
        Iterator<Batch> elements(long e) {
            Buffer buffer = new Buffer(up.elements(e), bufferSize, CURRENT.get());
            Iterator<Batch> reader = new Reader(buffer);
            Cleaners.CLEANER.register(reader, buffer::stop);
            return reader;
        }
    }

    /** A failure at one position of the buffer. */
    private record Failure(Throwable error) {
    }

    /** The end of the input. */
    private static final Object END = new Object();

    /** The state a producer and its reader share; holds no reference to the reader. */
    private static final class Buffer implements Stoppable, Runnable {
        private final Iterator<Batch> input;
        private final Semaphore slots;
        private final LinkedBlockingQueue<Object> items = new LinkedBlockingQueue<>();
        private final Resources owner;
        private volatile boolean stopped;
        private Thread thread;

        Buffer(Iterator<Batch> input, int bufferSize, Resources owner) {
            this.input = input;
            this.slots = new Semaphore(bufferSize);
            this.owner = owner;
        }

        synchronized void start() {
            if (thread != null || stopped) {
                return;
            }
            thread = new Thread(this, "gradtape-prefetch-" + PREFETCH_THREADS.incrementAndGet());
            thread.setDaemon(true);
            if (owner != null) {
                owner.add(this);
            }
            thread.start();
        }

        @Override
        public void run() {
            CURRENT.set(owner);
            try {
                while (!stopped) {
                    slots.acquire();
                    if (stopped) {
                        break;
                    }
                    Object item;
                    try {
                        if (!input.hasNext()) {
                            break;
                        }
                        item = input.next();
                    } catch (Error err) {
                        items.add(new Failure(err));   // fatal: delivered, then the end
                        break;
                    } catch (Throwable t) {
                        // Also a checked exception thrown sneakily (a Kotlin lambda, Lombok's @SneakyThrows): kept at
                        // its position, never taken for the end of the input. An InterruptedException (or the
                        // ClosedByInterruptException of an NIO channel) is the stop signal only when stop() sent it.
                        if (stopped) {
                            break;
                        }
                        item = new Failure(t);
                    }
                    items.add(item);
                }
            } catch (InterruptedException ex) {
                // stopped
            } finally {
                items.add(END);
                CURRENT.remove();
                if (owner != null) {
                    owner.remove(this);
                }
            }
        }

        @Override
        public void stop() {
            stopped = true;
            Thread t;
            synchronized (this) {
                t = thread;
            }
            if (t != null) {
                t.interrupt();
            } else {
                items.add(END);
            }
        }
    }

    /** The consumer side of a {@link Buffer}; one thread reads it. */
    private static final class Reader implements Iterator<Batch> {
        private final Buffer buffer;
        private Batch pending;
        private boolean ended;

        Reader(Buffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public boolean hasNext() {
            if (pending != null) {
                return true;
            }
            if (ended) {
                return false;
            }
            buffer.start();
            Object item;
            try {
                item = buffer.items.take();
            } catch (InterruptedException ex) {
                throw interrupted("prefetch");
            }
            if (item == END) {
                ended = true;
                return false;
            }
            buffer.slots.release();
            if (item instanceof Failure f) {
                throw rethrow("prefetch", f.error());
            }
            pending = (Batch) item;
            return true;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Batch b = pending;
            pending = null;
            return b;
        }
    }

    // ---------------------------------------------------------------- parallel map

    /**
     * {@code f} applied to up to {@code calls} elements at once on a pool of {@code calls} worker threads, as
     * ParallelMapDataset: the thread that reads the stage draws the input (in order, so the input needs no lock) and
     * keeps at most {@code calls} elements submitted and not yet returned. With {@code deterministic} the results
     * come in input order; without, in the order they complete.
     */
    static final class ParallelMap extends Pipeline.Node {
        private final Pipeline.Node up;
        private final Function<Batch, Batch> f;
        private final int calls;
        private final boolean deterministic;

        ParallelMap(Pipeline.Node up, Function<Batch, Batch> f, int calls, boolean deterministic) {
            this.up = up;
            this.f = f;
            this.calls = calls;
            this.deterministic = deterministic;
        }

        @Override
        long cardinality() {
            return up.cardinality();
        }

        @Override
        Pipeline.Spec spec() {
            return null;   // known only once f has run
        }

        @Override
        boolean endless() {
            return up.endless();
        }

        @Override
        Iterator<Batch> elements(long e) {
            Workers workers = new Workers(calls, CURRENT.get());
            Iterator<Batch> it = new Mapper(up.elements(e), f, calls, deterministic, workers);
            Cleaners.CLEANER.register(it, workers::stop);
            return it;
        }
    }

    /** One application of the function; when it completes it goes to {@code completed}, if given. */
    private static final class Call extends FutureTask<Batch> {
        private final LinkedBlockingQueue<Call> completed;

        Call(java.util.concurrent.Callable<Batch> body, LinkedBlockingQueue<Call> completed) {
            super(body);
            this.completed = completed;
        }

        @Override
        protected void done() {
            if (completed != null) {
                completed.add(this);
            }
        }
    }

    /** A parallel map's threads; holds no reference to its reader. */
    private static final class Workers implements Stoppable {
        private final int calls;
        private final Resources owner;
        private ThreadPoolExecutor pool;
        private boolean stopped;

        Workers(int calls, Resources owner) {
            this.calls = calls;
            this.owner = owner;
        }

        synchronized void submit(Call c) {
            if (stopped) {
                c.cancel(false);
                return;
            }
            if (pool == null) {
                pool = new ThreadPoolExecutor(calls, calls, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "gradtape-map-" + MAP_THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
                pool.allowCoreThreadTimeOut(true);   // an abandoned reader's idle threads end even before it is collected
                if (owner != null) {
                    owner.add(this);
                }
            }
            pool.execute(c);
        }

        @Override
        public void stop() {
            List<Runnable> dropped;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                stopped = true;
                if (pool == null) {
                    return;
                }
                dropped = pool.shutdownNow();
            }
            for (Runnable r : dropped) {
                ((Call) r).cancel(false);   // completes it, so no reader waits for it forever
            }
            if (owner != null) {
                owner.remove(this);
            }
        }
    }

    /** The reader of a parallel map: feeds the workers from the input and hands out the results. */
    private static final class Mapper implements Iterator<Batch> {
        private final Iterator<Batch> input;
        private final Function<Batch, Batch> f;
        private final int calls;
        private final Workers workers;
        /** Submitted calls in input order (deterministic). */
        private final ArrayDeque<Call> window = new ArrayDeque<>();
        /** Completed calls in completion order (not deterministic); null when deterministic. */
        private final LinkedBlockingQueue<Call> completed;
        private int inFlight;
        private long index;   // of the next input element
        private boolean inputEnded;
        private boolean ended;
        private Batch pending;

        Mapper(Iterator<Batch> input, Function<Batch, Batch> f, int calls, boolean deterministic, Workers workers) {
            this.input = input;
            this.f = f;
            this.calls = calls;
            this.workers = workers;
            this.completed = deterministic ? null : new LinkedBlockingQueue<>();
        }

        /** Submits input elements until {@code calls} are out; an input error takes a slot at its position. */
        private void fill() {
            while (inFlight < calls && !inputEnded) {
                Call c;
                try {
                    if (!input.hasNext()) {
                        inputEnded = true;
                        break;
                    }
                    Batch in = input.next();
                    long i = index++;
                    c = new Call(() -> Objects.requireNonNull(f.apply(in),
                            () -> "map: the function returned null for element " + i), completed);
                    workers.submit(c);
                } catch (Exception ex) {   // also a checked one thrown sneakily: kept at its position
                    c = new Call(() -> {
                        throw ex;
                    }, completed);
                    c.run();   // a failed call, completed at once
                }
                if (completed == null) {
                    window.add(c);
                }
                inFlight++;
            }
        }

        @Override
        public boolean hasNext() {
            if (pending != null) {
                return true;
            }
            if (ended) {
                return false;
            }
            fill();
            if (inFlight == 0) {
                ended = true;
                workers.stop();
                return false;
            }
            Call c;
            Batch b;
            try {
                c = completed == null ? window.peek() : completed.take();
                b = c.get();
            } catch (InterruptedException ex) {
                throw interrupted("map");
            } catch (ExecutionException ex) {
                settle();
                throw rethrow("map", ex.getCause());
            } catch (CancellationException ex) {
                settle();
                throw new IllegalStateException("map: the iteration was closed while this element was computed", ex);
            }
            settle();
            pending = b;
            return true;
        }

        /** Takes the call just awaited out of the window. */
        private void settle() {
            if (completed == null) {
                window.poll();
            }
            inFlight--;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Batch b = pending;
            pending = null;
            return b;
        }
    }
}
