package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Tensor;
import io.gradtape.Variable;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.TensorScopes;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An input pipeline over in-memory tensors, in the manner of TensorFlow's {@code tf.data.Dataset}: a source
 * ({@link #fromTensorSlices}, {@link #fromTensors}) and stages ({@link #shuffle}, {@link #batch},
 * {@link #paddedBatch}, {@link #map}, {@link #filter}, {@link #repeat}, {@link #take}, {@link #skip},
 * {@link #unbatch}, {@link #enumerate}, {@link #cache}, {@link #prefetch}), combined by {@link #zip} and
 * {@link #concatenate}, iterated with Java's for-each. Elements are {@link Batch}es:
 * one tensor per component, component 0 the input ({@link Batch#x()}), component 1 the label
 * ({@link Batch#y()}).
 *
 * <p><b>Immutable and lazy.</b> Each stage returns a new dataset and computes nothing until iterated; the
 * tensors of a source are never copied until they are sliced or batched. {@link #fromTensorSlices} followed by
 * {@code shuffle}, {@code take}, {@code skip}, {@code repeat} and {@code batch} moves only row indices until
 * {@code batch}, which gathers the rows of each component into one new array per batch (no tensor op per row):
 * one epoch of the digits data set (1797 x 64) in batches of 64 takes about a quarter of a millisecond
 * ({@code DataBench.digitsEpoch} in gradtape-bench).
 *
 * <p><b>Epochs.</b> Each iteration of a dataset object is one <em>epoch</em>, numbered from 0 in the order the
 * iterations begin ({@link #iterator()} takes the next number). A {@code shuffle(seed)} stage orders epoch
 * {@code e} with stream {@code e} of its seed, {@code Generator.fromSeed(seed).split(e + 1).get(e)}, so every
 * epoch has a fresh order, and a rerun of the program sees the same orders. Build the pipeline once and iterate
 * it once per epoch (a pipeline rebuilt in every epoch starts again at epoch 0, repeating the first order), or
 * name the epoch with {@link #epoch(long)}, as a run resumed from a checkpoint does. {@code repeat(k)} runs its
 * input's epochs {@code e*k .. e*k+k-1} in its own epoch {@code e}.
 *
 * <p><b>Gradients.</b> Slicing, shuffling and batching copy values and record nothing on a tape; a
 * {@link #map} function's ops are recorded as usual if a tape is recording on the iterating thread (not those of a
 * parallel map, or of a map before a prefetch, which run on other threads).
 *
 * <p><b>Threads.</b> Only {@link #prefetch} and {@link #map(Function, int, boolean)} start threads (daemons, one
 * iteration's own); they end with the iteration, when its {@link ElementIterator} is closed, or when an abandoned
 * iterator is collected. Neither changes the elements or, with the default {@code deterministic}, their order.
 *
 * <pre>{@code
 * Tensor x = Tensors.zeros(DType.FLOAT32, 100, 4);
 * Tensor y = Tensors.zeros(DType.INT32, 100);
 * Dataset train = Dataset.fromTensorSlices(x, y).shuffle(42).batch(32);
 * for (int epoch = 0; epoch < 3; epoch++) {
 *     for (Batch b : train) {
 *         b.x();   // float32 (32, 4), the last batch (4, 4)
 *         b.y();   // int32 (32,)
 *     }
 * }
 * }</pre>
 */
public final class Dataset implements Iterable<Batch> {
    /** The {@link #cardinality()} of an infinite dataset, as {@code tf.data.INFINITE_CARDINALITY}. */
    public static final long INFINITE = Pipeline.INFINITE;
    /**
     * The {@link #cardinality()} of a dataset whose number of elements is known only by iterating it (after
     * {@link #filter}, say), as {@code tf.data.UNKNOWN_CARDINALITY}.
     */
    public static final long UNKNOWN = Pipeline.UNKNOWN;
    /**
     * For {@link #prefetch(int)} and {@link #map(Function, int)}: let the library choose, as
     * {@code tf.data.AUTOTUNE} (also -1). gradtape does not tune while running: {@code prefetch(AUTOTUNE)} buffers
     * {@value #AUTOTUNE_BUFFER} elements and {@code map(f, AUTOTUNE)} makes one call per available processor
     * ({@link Runtime#availableProcessors()}).
     */
    public static final int AUTOTUNE = -1;
    /** The buffer of {@code prefetch(AUTOTUNE)}. */
    static final int AUTOTUNE_BUFFER = 2;

    private final Pipeline.Node node;
    private final AtomicLong nextEpoch = new AtomicLong();

    private Dataset(Pipeline.Node node) {
        this.node = node;
    }

    /**
     * The datasets {@link #trainTestSplit} returns.
     *
     * <pre>{@code
     * Dataset.Split s = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 10, 2)).trainTestSplit(0.2, 1);
     * s.train().size();   // 8
     * s.test().size();    // 2
     * }</pre>
     *
     * @param train the training rows
     * @param test  the held-out rows
     */
    public record Split(Dataset train, Dataset test) {
        /**
         * Both datasets.
         *
         * <pre>{@code
         * Dataset.Split s = new Dataset.Split(Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 8)),
         *         Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 2)));
         * }</pre>
         *
         * @param train the training rows
         * @param test  the held-out rows
         */
        public Split {
            Objects.requireNonNull(train, "Split: train is null");
            Objects.requireNonNull(test, "Split: test is null");
        }
    }

    // ---------------------------------------------------------------- sources

    /**
     * The slices of the components along their first dimension, as {@code tf.data.Dataset.from_tensor_slices}:
     * element {@code i} holds row {@code i} of every component (a component of shape {@code (n, d...)} gives
     * elements of shape {@code (d...)}). The tensors are referenced, not copied (a {@link Variable}'s current
     * value is taken, so a later assign does not change the dataset).
     *
     * <pre>{@code
     * Tensor features = Tensors.constant(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
     * Tensor labels = Tensors.constant(new int[] {0, 1, 0}, 3);
     * Dataset ds = Dataset.fromTensorSlices(features, labels);
     * ds.size();   // 3; the first element is ([1.0, 2.0], 0)
     * }</pre>
     *
     * @param components one or more tensors of rank at least 1 with the same first dimension
     * @return a new dataset
     * @throws IllegalArgumentException if there is no component, a component is a scalar, or the first
     *                                  dimensions differ
     */
    public static Dataset fromTensorSlices(Tensor... components) {
        Tensor[] base = check("fromTensorSlices", components);
        for (int i = 0; i < base.length; i++) {
            if (base[i].rank() == 0) {
                throw new IllegalArgumentException("fromTensorSlices: component " + i
                        + " is a scalar (shape ()): it has no first dimension to slice");
            }
            if (base[i].shape().dim(0) != base[0].shape().dim(0)) {
                throw new IllegalArgumentException("fromTensorSlices: the components disagree on the first"
                        + " dimension: component 0 is " + base[0].shape() + ", component " + i + " is "
                        + base[i].shape() + "; all must have the same number of rows");
            }
        }
        return new Dataset(new Pipeline.Slices(base));
    }

    /**
     * A dataset of one element, the components themselves, as {@code tf.data.Dataset.from_tensors}.
     *
     * <pre>{@code
     * Dataset one = Dataset.fromTensors(Tensors.zeros(DType.FLOAT32, 5, 2));
     * one.size();   // 1: the element is the whole (5, 2) tensor
     * }</pre>
     *
     * @param components one or more tensors
     * @return a new dataset
     * @throws IllegalArgumentException if there is no component
     */
    public static Dataset fromTensors(Tensor... components) {
        return new Dataset(new Pipeline.Fixed(List.of(Batch.wrap(check("fromTensors", components)))));
    }

    private static Tensor[] check(String op, Tensor[] components) {
        Objects.requireNonNull(components, () -> op + ": components is null");
        if (components.length == 0) {
            throw new IllegalArgumentException(op + ": needs at least one component");
        }
        Tensor[] c = new Tensor[components.length];
        for (int i = 0; i < c.length; i++) {
            Tensor t = components[i];
            if (t == null) {
                throw new NullPointerException(op + ": component " + i + " is null");
            }
            c[i] = t instanceof Variable ? TensorAccess.currentValue((Variable) t) : t;
        }
        return c;
    }

    // ---------------------------------------------------------------- stages

    /**
     * All elements in a random order, a fresh one in each epoch: epoch {@code e} uses the permutation drawn by
     * {@code Generator.fromSeed(seed).split(e + 1).get(e)}, so the orders are reproducible. The whole epoch is
     * shuffled (TensorFlow's {@code shuffle} with a buffer as large as the dataset and
     * {@code reshuffle_each_iteration=True}); for a dataset of slices only the row indices are permuted. The
     * argument is the seed, not TensorFlow's {@code buffer_size}: {@code ds.shuffle(1000)} ported from TensorFlow
     * shuffles the whole epoch with seed 1000. For one fixed order in every epoch, {@link #shuffle(long, boolean)}.
     * To hold out a test set use {@link #trainTestSplit} (or {@code take} and {@code skip} of
     * {@code shuffle(seed, false)}): {@code take} and {@code skip} of a dataset shuffled each epoch split each epoch
     * differently, so over the epochs every element lands on both sides (as in TensorFlow).
     *
     * <pre>{@code
     * Dataset ds = Dataset.fromTensorSlices(Tensors.constant(new int[] {0, 1, 2, 3, 4}, 5)).shuffle(7);
     * for (Batch b : ds) { b.x(); }   // epoch 0: the five values in one order
     * for (Batch b : ds) { b.x(); }   // epoch 1: in another order
     * }</pre>
     *
     * @param seed the seed of the orders
     * @return a new dataset
     * @throws IllegalStateException if this dataset is infinite (shuffle before {@link #repeat()}) or has more than
     *                               2^31 - 1 elements; a dataset of {@link #UNKNOWN} cardinality made from an
     *                               infinite one (a {@link #filter} of {@code repeat()}) counts as infinite
     */
    public Dataset shuffle(long seed) {
        return shuffle(seed, true);
    }

    /**
     * All elements in a random order, as {@link #shuffle(long)}; with {@code reshuffleEachIteration} false every
     * epoch has the same order, epoch 0's ({@code Generator.fromSeed(seed).split(1).get(0)}), as TensorFlow's
     * {@code shuffle(buffer_size, seed, reshuffle_each_iteration=False)} with a buffer as large as the dataset. A
     * stage before the shuffle still sees its own epochs (a shuffle before this one still reshuffles).
     *
     * <pre>{@code
     * Dataset ds = Dataset.fromTensorSlices(Tensors.constant(new int[] {0, 1, 2, 3, 4}, 5)).shuffle(7, false);
     * for (Batch b : ds) { b.x(); }   // epoch 0: the five values in one order
     * for (Batch b : ds) { b.x(); }   // epoch 1: in the same order
     * }</pre>
     *
     * @param seed                   the seed of the orders
     * @param reshuffleEachIteration true for a fresh order in each epoch ({@link #shuffle(long)}), false for one
     *                               order
     * @return a new dataset
     * @throws IllegalStateException if this dataset is infinite (shuffle before {@link #repeat()}) or has more than
     *                               2^31 - 1 elements
     */
    public Dataset shuffle(long seed, boolean reshuffleEachIteration) {
        if (node.endless()) {
            throw new IllegalStateException("shuffle: cannot shuffle an infinite dataset (cardinality "
                    + describeCardinality() + "); call shuffle before repeat()");
        }
        if (node.cardinality() > Integer.MAX_VALUE) {
            throw new IllegalStateException("shuffle: cannot shuffle " + node.cardinality() + " elements, more than"
                    + " one epoch's permutation holds (2^31 - 1); call shuffle before repeat(count)");
        }
        return new Dataset(new Pipeline.Shuffle(node, seed, reshuffleEachIteration));
    }

    /**
     * Consecutive elements stacked into batches of {@code size}; the last batch may be smaller. Same as
     * {@code batch(size, false)}.
     *
     * <pre>{@code
     * Dataset ds = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 10, 3)).batch(4);
     * ds.size();   // 3 batches: (4, 3), (4, 3), (2, 3)
     * }</pre>
     *
     * @param size elements per batch, at least 1
     * @return a new dataset
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public Dataset batch(int size) {
        return batch(size, false);
    }

    /**
     * Consecutive elements stacked into batches of {@code size}, as {@code tf.data.Dataset.batch}: each
     * component gains a leading dimension; with {@code dropRemainder} a last batch smaller than {@code size} is
     * dropped (all batches then have the same shape). Elements must agree in shape and dtype, component by
     * component.
     *
     * <pre>{@code
     * Dataset ds = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 10, 3)).batch(4, true);
     * ds.size();   // 2 batches of (4, 3)
     * }</pre>
     *
     * @param size          elements per batch, at least 1
     * @param dropRemainder whether to drop a last, smaller batch
     * @return a new dataset
     * @throws IllegalArgumentException if {@code size < 1}; while iterating, if elements do not agree
     */
    public Dataset batch(int size, boolean dropRemainder) {
        if (size < 1) {
            throw new IllegalArgumentException("batch: size " + size + " must be at least 1");
        }
        return new Dataset(new Pipeline.BatchStage(node, size, dropRemainder));
    }

    /**
     * {@code f} applied to every element, as {@code tf.data.Dataset.map} (eagerly, on the iterating thread).
     * Before {@link #batch} it sees single examples, after it whole batches. An exception from {@code f}
     * surfaces from the {@code hasNext} or {@code next} call that asks for the element (or batch) it belongs to,
     * and the iterator stays usable: the next call goes on with the following input, as a tf.data iterator after
     * an error (a batch being filled when {@code f} failed is dropped).
     *
     * <pre>{@code
     * Dataset ds = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 8, 4), Tensors.zeros(DType.INT32, 8))
     *         .batch(4)
     *         .map(b -> Batch.of(b.x().mul(2.0), Tensors.oneHot(b.y(), 10)));
     * }</pre>
     *
     * @param f the function; it must not return null
     * @return a new dataset
     */
    public Dataset map(Function<Batch, Batch> f) {
        Objects.requireNonNull(f, "map: function is null");
        return new Dataset(new Pipeline.MapStage(node, f));
    }

    /**
     * {@code f} applied to every element by up to {@code numParallelCalls} calls at once on worker threads, the
     * results in input order: {@code map(f, numParallelCalls, true)}, as {@code tf.data.Dataset.map(f,
     * num_parallel_calls=n)} with {@code deterministic} left at its default (true).
     *
     * <pre>{@code
     * Dataset ds = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 100, 4))
     *         .map(b -> Batch.of(b.x().mul(2.0)), Dataset.AUTOTUNE)
     *         .batch(32);
     * }</pre>
     *
     * @param f                the function; called from several threads at once, so it must be thread-safe; it
     *                         must not return null
     * @param numParallelCalls calls at once, at least 1, or {@link #AUTOTUNE}
     * @return a new dataset
     * @throws IllegalArgumentException if {@code numParallelCalls} is neither at least 1 nor {@link #AUTOTUNE}
     * @see #map(Function, int, boolean)
     */
    public Dataset map(Function<Batch, Batch> f, int numParallelCalls) {
        return map(f, numParallelCalls, true);
    }

    /**
     * {@code f} applied to every element by up to {@code numParallelCalls} calls at once, as
     * {@code tf.data.Dataset.map(f, num_parallel_calls, deterministic)} (ParallelMapDataset,
     * parallel_map_dataset_op.cc). The iterating thread draws the input elements in order and hands each to a pool
     * of {@code numParallelCalls} daemon threads ({@code gradtape-map-N}), keeping at most that many submitted and
     * not yet returned. With {@code deterministic} the results come in input order (an element that takes long holds
     * back the ones after it); without, in the order they complete.
     *
     * <p>Errors: an exception from {@code f} (or from the input) is thrown by the {@code hasNext} or {@code next}
     * that asks for its element, in that element's place in the order, and the iteration goes on after it, as with
     * {@link #map(Function)}.
     *
     * <p>Threads: {@code f} runs on the workers, several calls at once: it must be thread-safe (no unguarded shared
     * mutable state), and what it computes is not recorded on a {@code GradientTape} of the iterating thread (a tape
     * records its own thread's ops; a result traced to a watched variable is refused when it reaches the tape). It
     * must not read tensors that belong to a {@code TensorScope} of another thread; the elements it receives belong to
     * none. Random augmentation drawn from one shared {@link Generator} is not reproducible here: calls take the
     * generator's call numbers in scheduling order. For draws that do not depend on the threads, derive them from the
     * element, for example {@code ds.enumerate().map(b -> ... Generator.fromSeed(seed + b.get(0).longValue()) ...,
     * n)} (a {@link #shuffle} stays reproducible whatever the parallelism: its order comes from its seed and the
     * epoch). The pool ends with the iteration, when the {@link ElementIterator} is closed, when the iterator is
     * abandoned (collected), or, inside a {@link #repeat}, when the next repetition starts; idle workers end after a
     * second. Ending the pool interrupts the calls still running: {@code f} sees the interrupt, and an NIO channel
     * it is reading ({@code FileChannel}, a socket channel) is closed by it ({@code ClosedByInterruptException}); a
     * channel shared across epochs must be opened inside {@code f} or reopened when closed.
     *
     * <pre>{@code
     * Dataset ds = Dataset.fromTensorSlices(Tensors.constant(new int[] {0, 1, 2, 3}, 4))
     *         .map(b -> Batch.of(b.x().mul(10)), 2, true);   // 0, 10, 20, 30, in this order
     * }</pre>
     *
     * @param f                the function; it must be thread-safe and must not return null
     * @param numParallelCalls calls at once, at least 1, or {@link #AUTOTUNE} (one per available processor)
     * @param deterministic    true for the input order, false for completion order
     * @return a new dataset
     * @throws IllegalArgumentException if {@code numParallelCalls} is neither at least 1 nor {@link #AUTOTUNE}
     */
    public Dataset map(Function<Batch, Batch> f, int numParallelCalls, boolean deterministic) {
        Objects.requireNonNull(f, "map: function is null");
        if (numParallelCalls < 1 && numParallelCalls != AUTOTUNE) {
            throw new IllegalArgumentException("map: numParallelCalls " + numParallelCalls + " must be at least 1 or"
                    + " Dataset.AUTOTUNE (-1)");
        }
        int calls = numParallelCalls == AUTOTUNE ? Runtime.getRuntime().availableProcessors() : numParallelCalls;
        return new Dataset(new Background.ParallelMap(node, f, calls, deterministic));
    }

    /**
     * Computes up to {@code bufferSize} elements ahead on a background thread while the caller works on the current
     * one, as {@code tf.data.Dataset.prefetch(buffer_size)} (PrefetchDataset, prefetch_dataset_op.cc): put it last
     * in a training pipeline, {@code ...batch(32).prefetch(Dataset.AUTOTUNE)}, so that the next batch is gathered
     * during the step. The elements, their order (a {@link #shuffle}'s too, in every epoch), the cardinality and the
     * element spec are this dataset's.
     *
     * <p>Buffer: a daemon thread ({@code gradtape-prefetch-N}, started by the first {@code hasNext} or {@code next})
     * asks this dataset for an element only while fewer than {@code bufferSize} computed elements wait, so it runs
     * at most {@code bufferSize} elements ahead. {@code bufferSize} counts elements: after {@code batch}, batches.
     * {@code prefetch(0)} is this dataset (no thread, as tf.data's buffer of 0).
     *
     * <p>Errors: an exception from this dataset (a {@link #map} function that throws) is thrown by the
     * {@code hasNext} or {@code next} that asks for its element, after every element before it, and the iteration
     * goes on after it, as without prefetch. The stages before the prefetch run on its thread: a
     * {@link #map(Function)} there is not recorded on a {@code GradientTape} of the iterating thread; its calls still
     * come one at a time in input order, so its draws from a {@link Generator} of its own are reproducible, but one
     * it shares with the training loop hands out its call numbers in whatever order the two threads reach it: give
     * the map its own generator ({@link Generator#split}).
     *
     * <p>End: the thread ends when the iteration ends, when the {@link ElementIterator} that {@link #iterator()}
     * returns is closed (stop an infinite dataset early with try-with-resources), when the iterator is abandoned
     * and collected, or, inside a {@link #repeat}, when the next repetition starts. Stopping the thread interrupts
     * it: a {@link #map} function running ahead on it at that moment sees the interrupt, and an NIO channel it is
     * reading ({@code FileChannel}, a socket channel) is closed by the interrupt
     * ({@code ClosedByInterruptException}); a channel shared across epochs must be opened inside the function or
     * reopened when closed.
     *
     * <pre>{@code
     * Dataset train = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 1000, 8)).shuffle(1).batch(32)
     *         .prefetch(Dataset.AUTOTUNE);
     * try (Dataset.ElementIterator it = train.repeat().iterator()) {
     *     for (int step = 0; step < 100; step++) {
     *         it.next().x();   // (32, 8)
     *     }
     * }   // the prefetch thread ends here
     * }</pre>
     *
     * @param bufferSize elements computed ahead, at least 0, or {@link #AUTOTUNE} ({@value #AUTOTUNE_BUFFER})
     * @return a new dataset ({@code this} for 0)
     * @throws IllegalArgumentException if {@code bufferSize} is neither at least 0 nor {@link #AUTOTUNE}
     */
    public Dataset prefetch(int bufferSize) {
        if (bufferSize < 0 && bufferSize != AUTOTUNE) {
            throw new IllegalArgumentException("prefetch: bufferSize " + bufferSize + " must be at least 0 or"
                    + " Dataset.AUTOTUNE (-1)");
        }
        if (bufferSize == 0) {
            return this;
        }
        return new Dataset(new Background.Prefetch(node, bufferSize == AUTOTUNE ? AUTOTUNE_BUFFER : bufferSize));
    }

    /**
     * This dataset's elements, kept in memory by the first pass that reaches its end and replayed by every later
     * pass, as {@code tf.data.Dataset.cache()} (in memory: CacheDataset's MemoryWriterIterator and
     * MemoryReaderIterator, cache_dataset_ops.cc). The stages before it then run once: an expensive {@link #map} is
     * not recomputed in later epochs.
     *
     * <ul>
     *   <li>Only a complete pass fills the cache: one that reaches the end, or that has drawn as many elements as a
     *       known cardinality (so {@code cache().take(n)} with {@code n} the cardinality fills it). A pass abandoned
     *       earlier ({@code take(k)} with fewer, a loop left by {@code break}) keeps nothing, and the next pass
     *       reads this dataset again (TensorFlow discards such a partial cache too, with a warning).</li>
     *   <li>Once filled, every pass replays the same elements in the same order, whatever its epoch: a
     *       {@link #shuffle} before {@code cache()} is frozen at the order of the pass that filled it; put the
     *       shuffle after {@code cache()} for a fresh order in each epoch.</li>
     *   <li>A pass in which an element's computation threw (the exception is thrown as usual, at its element)
     *       fills nothing either, and the next pass reads this dataset again. This is a deliberate difference from
     *       TensorFlow, whose MemoryWriterIterator skips the failed element and completes the cache at the end: every
     *       later epoch would then replay one element fewer than the cardinality reports, without an error.</li>
     *   <li>After {@link #fromTensorSlices} and the stages that keep rows ({@code shuffle}, {@code take},
     *       {@code skip}, {@code repeat(count)}, {@link #filter}), only the row indices are kept, and a later
     *       {@code batch} still gathers from the source arrays.</li>
     * </ul>
     * The cardinality and the element spec are this dataset's.
     *
     * <pre>{@code
     * Dataset ds = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 100, 4))
     *         .map(b -> Batch.of(b.x().add(1.0)))   // runs in the first epoch only
     *         .cache()
     *         .shuffle(7)                           // a fresh order in every epoch
     *         .batch(10);
     * }</pre>
     *
     * @return a new dataset
     * @throws IllegalStateException if this dataset is infinite (cache before {@link #repeat()}), as its cache would
     *                               grow without end
     */
    public Dataset cache() {
        if (node.endless()) {
            throw new IllegalStateException("cache: cannot cache an infinite dataset (cardinality "
                    + describeCardinality() + "): no pass would end; call cache before repeat()");
        }
        return new Dataset(new Pipeline.Cache(node));
    }

    /**
     * Consecutive elements padded to the longest in each batch and stacked, {@code paddedBatch(size, false)}.
     *
     * <pre>{@code
     * // elements [1], [2, 2], [3, 3, 3] (int32)
     * Dataset seqs = Dataset.fromTensorSlices(Tensors.constant(new int[] {1, 2, 3}, 3))
     *         .map(b -> Batch.of(Tensors.fill(new int[] {b.x().intValue()}, b.x())));
     * seqs.paddedBatch(2);   // [[1, 0], [2, 2]], then [[3, 3, 3]]
     * }</pre>
     *
     * @param size elements per batch, at least 1
     * @return a new dataset
     * @throws IllegalArgumentException if {@code size < 1}; while iterating, as {@link #paddedBatch(int, int[][],
     *                                  Tensor[], boolean)}
     */
    public Dataset paddedBatch(int size) {
        return paddedBatch(size, null, null, false);
    }

    /**
     * Consecutive elements padded to the longest in each batch and stacked, {@code paddedBatch(size, null, null,
     * dropRemainder)}.
     *
     * <pre>{@code
     * Dataset seqs = Dataset.fromTensorSlices(Tensors.constant(new int[] {1, 2, 3}, 3))
     *         .map(b -> Batch.of(Tensors.fill(new int[] {b.x().intValue()}, b.x())));
     * seqs.paddedBatch(2, true);   // [[1, 0], [2, 2]] only
     * }</pre>
     *
     * @param size          elements per batch, at least 1
     * @param dropRemainder whether to drop a last, smaller batch
     * @return a new dataset
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public Dataset paddedBatch(int size, boolean dropRemainder) {
        return paddedBatch(size, null, null, dropRemainder);
    }

    /**
     * Consecutive elements padded to a common shape and stacked into batches of {@code size}, as
     * {@code tf.data.Dataset.padded_batch(batch_size, padded_shapes, padding_values, drop_remainder)}
     * (padded_batch_op.py, padded_batch_dataset_op.cc): for elements of varying shape, such as sequences of varying
     * length. Component {@code c} of a batch of {@code n} elements has shape {@code [n] + P}, where
     * {@code P[k] = paddedShapes[c][k]} when that is at least 0, and {@code P[k]} is the largest dimension {@code k}
     * among the batch's elements when it is -1 (TensorFlow's None). Each element fills the leading corner of its slot
     * ({@code out[i][j...] = element_i[j...]} for {@code j < element_i.shape}) and everything else holds the
     * component's padding value. The cardinality is {@link #batch(int, boolean)}'s.
     *
     * <p>Defaults: {@code paddedShapes} null, or a null entry, pads every dimension of that component to the batch's
     * longest (the component's rank is its elements'); {@code paddingValues} null, or a null entry, pads with 0
     * (false for bool), as TensorFlow's defaults.
     *
     * <p>Errors, before iterating where the element spec is known (no {@link #map} upstream): a padded shape whose
     * rank differs from the component's, or with a fixed dimension smaller than a fixed dimension of the elements
     * ("not compatible", as padded_batch_op.py); a padding value that is not a scalar or whose dtype is not the
     * component's; more or fewer shapes or values than components. While iterating: an element whose rank differs
     * from the padded shape's, or that is larger than a fixed padded dimension (TensorFlow: "Attempted to pad to a
     * smaller size than the input element"), elements that disagree in dtype or component count; the exception
     * names the component, the element in the batch and the batch.
     *
     * <pre>{@code
     * // elements ([1], 0), ([2, 2], 1), ([3, 3, 3], 0): an int32 sequence and an int32 label
     * Dataset seqs = Dataset.fromTensorSlices(Tensors.constant(new int[] {1, 2, 3}, 3),
     *                 Tensors.constant(new int[] {0, 1, 0}, 3))
     *         .map(b -> Batch.of(Tensors.fill(new int[] {b.x().intValue()}, b.x()), b.y()));
     * Dataset ds = seqs.paddedBatch(2, new int[][] {{4}, {}}, new Tensor[] {Tensors.constant(-1), null}, false);
     * // batch 0: x [[1, -1, -1, -1], [2, 2, -1, -1]], y [0, 1]; batch 1: x [[3, 3, 3, -1]], y [0]
     * }</pre>
     *
     * @param size          elements per batch, at least 1
     * @param paddedShapes  per component the padded dims (-1: the batch's longest), or null entries, or null
     * @param paddingValues per component a scalar of its dtype, or null entries (zero), or null
     * @param dropRemainder whether to drop a last, smaller batch
     * @return a new dataset
     * @throws IllegalArgumentException if {@code size < 1}, a dim is below -1, or as described above
     */
    public Dataset paddedBatch(int size, int[][] paddedShapes, Tensor[] paddingValues, boolean dropRemainder) {
        if (size < 1) {
            throw new IllegalArgumentException("paddedBatch: size " + size + " must be at least 1");
        }
        Pipeline.Spec s = node.spec();
        int[][] shapes = null;
        if (paddedShapes != null) {
            if (s != null && paddedShapes.length != s.dtypes.length) {
                throw new IllegalArgumentException("paddedBatch: " + paddedShapes.length + " padded shapes for elements of "
                        + s.dtypes.length + " components " + s + "; give one per component");
            }
            shapes = new int[paddedShapes.length][];
            for (int c = 0; c < shapes.length; c++) {
                if (paddedShapes[c] == null) {
                    continue;
                }
                int[] p = paddedShapes[c].clone();
                for (int k = 0; k < p.length; k++) {
                    if (p[k] < -1) {
                        throw new IllegalArgumentException("paddedBatch: padded shape " + java.util.Arrays.toString(p)
                                + " of component " + c + " has dimension " + p[k] + "; each must be at least 0, or -1"
                                + " for the batch's longest");
                    }
                }
                int[] in = s == null ? null : s.dims[c];
                if (in != null && !compatible(p, in)) {
                    throw new IllegalArgumentException("paddedBatch: the padded shape " + Pipeline.dimsString(p)
                            + " is not compatible with the shape " + Pipeline.dimsString(in) + " of component " + c
                            + " of the elements " + s + " (same rank, and no fixed dimension smaller than the"
                            + " elements')");
                }
                shapes[c] = p;
            }
        }
        Object[] pads = null;
        DType[] padTypes = null;
        if (paddingValues != null) {
            if (s != null && paddingValues.length != s.dtypes.length) {
                throw new IllegalArgumentException("paddedBatch: " + paddingValues.length + " padding values for"
                        + " elements of " + s.dtypes.length + " components " + s + "; give one per component");
            }
            pads = new Object[paddingValues.length];
            padTypes = new DType[paddingValues.length];
            for (int c = 0; c < pads.length; c++) {
                Tensor v = paddingValues[c];
                if (v == null) {
                    continue;
                }
                if (v instanceof Variable) {
                    v = TensorAccess.currentValue((Variable) v);
                }
                if (v.rank() != 0) {
                    throw new IllegalArgumentException("paddedBatch: the padding value of component " + c + " has shape "
                            + v.shape() + "; it must be a scalar");
                }
                if (s != null && v.dtype() != s.dtypes[c]) {
                    throw new IllegalArgumentException("paddedBatch: the padding value of component " + c + " is "
                            + v.dtype() + ", the component is " + s.dtypes[c] + " in " + s
                            + "; they must have the same dtype");
                }
                Object one = Pipeline.newArray(v.dtype(), 1);
                System.arraycopy(TensorAccess.data(v), 0, one, 0, 1);
                pads[c] = one;
                padTypes[c] = v.dtype();
            }
        }
        return new Dataset(new Pipeline.PaddedBatch(node, size, dropRemainder, shapes, pads, padTypes));
    }

    /** padded_batch_op.py's _is_padded_shape_compatible_with: same rank, no fixed dim below a fixed input dim. */
    private static boolean compatible(int[] padded, int[] input) {
        if (padded.length != input.length) {
            return false;
        }
        for (int k = 0; k < padded.length; k++) {
            if (padded[k] >= 0 && input[k] >= 0 && padded[k] < input[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * This dataset's epochs one after another, forever, as {@code tf.data.Dataset.repeat()}: repetition
     * {@code r} is this dataset's epoch {@code r} (so a shuffle before it reshuffles every repetition). Bound it
     * with {@link #take}. Iterating an infinitely repeated dataset again starts again at repetition 0.
     *
     * <pre>{@code
     * Dataset steps = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 10, 2))
     *         .shuffle(1).batch(4, true).repeat().take(100);   // 100 batches
     * }</pre>
     *
     * @return a new, infinite dataset (unless this one is empty)
     */
    public Dataset repeat() {
        return new Dataset(new Pipeline.Repeat(node, -1));
    }

    /**
     * This dataset's epochs {@code count} times in a row: epoch {@code e} of the result runs epochs
     * {@code e*count, ..., e*count + count - 1} of this one.
     *
     * <pre>{@code
     * Dataset ds = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 10, 2)).repeat(3);
     * ds.size();   // 30
     * }</pre>
     *
     * @param count at least 0
     * @return a new dataset
     * @throws IllegalArgumentException if {@code count < 0}, or if the result would have more than 2^63 - 1
     *                                  elements
     */
    public Dataset repeat(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("repeat: count " + count + " is negative; use repeat() to repeat forever"
                    + " (TensorFlow's repeat(-1))");
        }
        long c = node.cardinality();
        if (c != INFINITE && count != 0 && c > Long.MAX_VALUE / count) {
            throw new IllegalArgumentException("repeat: " + count + " repetitions of " + c + " elements are more"
                    + " than a cardinality counts (2^63 - 1); use repeat() to repeat forever");
        }
        return new Dataset(new Pipeline.Repeat(node, count));
    }

    /**
     * The first {@code count} elements (all of them if there are fewer), as {@code tf.data.Dataset.take}.
     *
     * <pre>{@code
     * Dataset ds = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 10, 2)).take(3);
     * ds.size();   // 3
     * }</pre>
     *
     * @param count at least 0
     * @return a new dataset
     * @throws IllegalArgumentException if {@code count < 0}
     */
    public Dataset take(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("take: count " + count + " is negative (TensorFlow's take(-1) keeps"
                    + " every element: leave take out)");
        }
        return new Dataset(new Pipeline.Take(node, count));
    }

    /**
     * All elements but the first {@code count} (none if there are fewer), as {@code tf.data.Dataset.skip}: with
     * {@link #epoch(long)}, the rest of an epoch interrupted after {@code count} batches.
     *
     * <pre>{@code
     * Dataset train = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 100, 2)).shuffle(1).batch(10);
     * for (Batch b : train.skip(4).epoch(7)) { b.x(); }   // batches 4..9 of epoch 7
     * }</pre>
     *
     * @param count at least 0
     * @return a new dataset
     * @throws IllegalArgumentException if {@code count < 0}
     */
    public Dataset skip(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("skip: count " + count + " is negative (TensorFlow's skip(-1) drops"
                    + " every element: use take(0))");
        }
        return new Dataset(new Pipeline.Skip(node, count));
    }

    /**
     * The elements for which {@code predicate} is true, in order, as {@code tf.data.Dataset.filter}. The
     * cardinality becomes {@link #UNKNOWN} (TensorFlow's too: filter_dataset_op.cc gives no count), so
     * {@link #size()} refuses it; a {@code batch} after it still counts batches only by iterating, and
     * {@code repeat()} of it is {@link #INFINITE}, but stops (as TensorFlow's) when an epoch of the filter keeps
     * nothing. The predicate runs on the iterating thread and sees single examples before {@link #batch}; an
     * exception from it surfaces from the {@code hasNext} or {@code next} that asked for the element, and the
     * iterator goes on after that element. After {@link #fromTensorSlices}, {@code shuffle}, {@code take},
     * {@code skip} or {@code repeat}, the predicate sees a copy of each row and a later {@code batch} still
     * gathers the kept rows straight from the source arrays.
     *
     * <pre>{@code
     * Tensor y = Tensors.constant(new int[] {0, 1, 2, 1, 0, 1}, 6);
     * Dataset ones = Dataset.fromTensorSlices(y).filter(b -> b.x().intValue() == 1);
     * ones.cardinality();   // Dataset.UNKNOWN
     * for (Batch b : ones.batch(2)) { b.x(); }   // [1, 1], then [1]
     * }</pre>
     *
     * @param predicate true for each element to keep
     * @return a new dataset of {@link #UNKNOWN} cardinality
     */
    public Dataset filter(Predicate<Batch> predicate) {
        Objects.requireNonNull(predicate, "filter: predicate is null");
        return new Dataset(new Pipeline.Filter(node, predicate));
    }

    /**
     * Element {@code i} of every dataset, their components side by side in one element, until the shortest ends,
     * as {@code tf.data.Dataset.zip}: zipping {@code (x)} and {@code (y)} elements gives {@code (x, y)} ones, so
     * {@link Batch#x()} and {@link Batch#y()} work on the result (TensorFlow nests the tuples; gradtape's elements
     * are flat, the components of the first dataset first). The cardinality is the smallest finite one,
     * {@link #INFINITE} if all are infinite, {@link #UNKNOWN} if any is unknown (zip_dataset_op.cc). Epoch
     * {@code e} of the result runs epoch {@code e} of every input (their own epoch counters are not moved), so two
     * datasets shuffled with the same seed stay aligned in every epoch.
     *
     * <pre>{@code
     * Dataset xs = Dataset.fromTensorSlices(Tensors.constant(new float[] {1, 2, 3}, 3));
     * Dataset ys = Dataset.fromTensorSlices(Tensors.constant(new int[] {0, 1}, 2));
     * Dataset pairs = Dataset.zip(xs, ys);
     * pairs.size();   // 2: (1.0, 0) and (2.0, 1)
     * }</pre>
     *
     * @param datasets one or more datasets
     * @return a new dataset
     * @throws IllegalArgumentException if no dataset is given
     */
    public static Dataset zip(Dataset... datasets) {
        Objects.requireNonNull(datasets, "zip: datasets is null");
        if (datasets.length == 0) {
            throw new IllegalArgumentException("zip: needs at least one dataset");
        }
        Pipeline.Node[] nodes = new Pipeline.Node[datasets.length];
        for (int i = 0; i < nodes.length; i++) {
            if (datasets[i] == null) {
                throw new NullPointerException("zip: dataset " + i + " is null");
            }
            nodes[i] = datasets[i].node;
        }
        return new Dataset(new Pipeline.Zip(nodes));
    }

    /**
     * This dataset's elements followed by {@code other}'s, as {@code tf.data.Dataset.concatenate}. The elements
     * must have the same number of components with the same dtypes (concatenate_dataset_op.cc refuses different
     * output types); shapes may differ (TensorFlow relaxes them to the most specific shape compatible with both,
     * and a later {@code batch} then needs them to agree). The cardinality is the sum, {@link #INFINITE} if either
     * is infinite, else {@link #UNKNOWN} if either is unknown. Epoch {@code e} runs epoch {@code e} of each. When
     * both element specs are known (no {@link #map} upstream) a mismatch is refused here; otherwise each element
     * of {@code other} is checked as it comes.
     *
     * <pre>{@code
     * Dataset a = Dataset.fromTensorSlices(Tensors.constant(new int[] {1, 2}, 2));
     * Dataset b = Dataset.fromTensorSlices(Tensors.constant(new int[] {3, 4, 5}, 3));
     * a.concatenate(b).size();   // 5: 1, 2, 3, 4, 5
     * }</pre>
     *
     * @param other the dataset whose elements come after this one's
     * @return a new dataset
     * @throws IllegalArgumentException if the numbers of components or their dtypes differ (naming both element
     *                                  specs); while iterating, if an element of {@code other} does not match
     */
    public Dataset concatenate(Dataset other) {
        Objects.requireNonNull(other, "concatenate: other is null");
        Pipeline.Spec a = node.spec();
        Pipeline.Spec b = other.node.spec();
        if (a != null && b != null && !java.util.Arrays.equals(a.dtypes, b.dtypes)) {
            throw new IllegalArgumentException("concatenate: this dataset's elements are " + a + ", the other's are "
                    + b + "; the number of components and their dtypes must match");
        }
        return new Dataset(new Pipeline.Concatenate(node, other.node));
    }

    /**
     * Each element with its position in the epoch in front, {@code enumerate(0)}.
     *
     * <pre>{@code
     * Dataset ds = Dataset.fromTensorSlices(Tensors.constant(new float[] {7, 8}, 2)).enumerate();
     * // elements (0, 7.0) and (1, 8.0): get(0) is the int64 count, get(1) the element
     * }</pre>
     *
     * @return a new dataset
     */
    public Dataset enumerate() {
        return enumerate(0);
    }

    /**
     * Each element with its position in the epoch, counted from {@code start}, as component 0: an int64 scalar,
     * followed by the element's components, as {@code tf.data.Dataset.enumerate(start)} (which zips
     * {@code range(start, 2^63 - 1)} with the dataset; TensorFlow nests {@code (i, element)}, gradtape's elements
     * are flat). Note that {@link Batch#x()} of the result is the count. The count restarts in every epoch.
     *
     * <pre>{@code
     * for (Batch b : Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 3, 2)).enumerate(10)) {
     *     b.get(0).longValue();   // 10, 11, 12
     *     b.get(1);               // the (2,) row
     * }
     * }</pre>
     *
     * @param start the first count
     * @return a new dataset with the cardinality of this one
     */
    public Dataset enumerate(long start) {
        return new Dataset(new Pipeline.Enumerate(node, start));
    }

    /**
     * The rows of every element, one element per row, as {@code tf.data.Dataset.unbatch}: the inverse of
     * {@link #batch} (an element of {@code n} rows gives {@code n} elements; one of 0 rows gives none). Every
     * component must have a first dimension, the same for all components of an element. The cardinality is this
     * one's times the batch size when the elements' first dimension is fixed before iterating (after
     * {@code batch(size, true)}, or of {@link #fromTensors}), else {@link #UNKNOWN}, as unbatch_dataset_op.cc.
     *
     * <pre>{@code
     * Dataset rows = Dataset.fromTensors(Tensors.zeros(DType.FLOAT32, 4, 3)).unbatch();
     * rows.size();   // 4 elements of shape (3,)
     * }</pre>
     *
     * @return a new dataset
     * @throws IllegalArgumentException if a component is known to be a scalar; while iterating, if an element has
     *                                  a scalar component or components of different first dimensions
     */
    public Dataset unbatch() {
        Pipeline.Spec s = node.spec();
        if (s != null) {
            for (int i = 0; i < s.dims.length; i++) {
                if (s.dims[i] != null && s.dims[i].length == 0) {
                    throw new IllegalArgumentException("unbatch: component " + i + " of the elements " + s
                            + " is a scalar; every component needs a first dimension to split");
                }
            }
        }
        return new Dataset(new Pipeline.Unbatch(node));
    }

    // ---------------------------------------------------------------- size and iteration

    /**
     * The number of elements of one epoch, {@link #INFINITE} or {@link #UNKNOWN}, as
     * {@code tf.data.Dataset.cardinality}, by TensorFlow's rules: {@link #filter} makes it unknown; {@code take(n)}
     * and {@code skip}, {@code batch}, {@code repeat(k)}, {@code map} and {@code shuffle} of an unknown one keep it
     * unknown; {@code repeat()} of anything non-empty is infinite.
     *
     * <pre>{@code
     * Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 10)).repeat().cardinality();   // -1 (INFINITE)
     * Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 10)).filter(b -> true).cardinality();   // -2 (UNKNOWN)
     * }</pre>
     *
     * @return at least 0, {@link #INFINITE} or {@link #UNKNOWN}
     */
    public long cardinality() {
        return node.cardinality();
    }

    /**
     * The number of elements of one epoch.
     *
     * <pre>{@code
     * Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 10)).batch(3).size();   // 4
     * }</pre>
     *
     * @return at least 0
     * @throws IllegalStateException if the dataset is infinite, its cardinality is {@link #UNKNOWN} (as Python's
     *                               {@code len} of such a tf.data dataset), or it has more than 2^31 - 1 elements
     */
    public int size() {
        long c = node.cardinality();
        if (c == INFINITE) {
            throw new IllegalStateException("size: the dataset is infinite (repeat()); bound it with take(n)");
        }
        if (c == UNKNOWN) {
            throw new IllegalStateException("size: the number of elements is unknown until iterated (after filter or"
                    + " unbatch); count them by iterating, or see cardinality()");
        }
        if (c > Integer.MAX_VALUE) {
            throw new IllegalStateException("size: " + c + " elements do not fit in an int; use cardinality()");
        }
        return (int) c;
    }

    /**
     * The elements of the next epoch of this dataset object (0 on the first call, then 1, 2, ...); each
     * for-each loop over the dataset calls it once.
     *
     * <pre>{@code
     * Iterator<Batch> it = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 3)).iterator();
     * it.next().x();   // Tensor(0.0, shape=(), dtype=float32)
     * }</pre>
     *
     * @return an iterator (not thread-safe: one thread consumes it); close it to stop the threads of
     *         {@link #prefetch} and parallel {@link #map(Function, int)} stages before the end
     */
    @Override
    public ElementIterator iterator() {
        return new ElementIterator(node, nextEpoch.getAndIncrement());
    }

    /**
     * The iterator of one epoch of a dataset, closeable: {@link #close()} stops the threads its {@link #prefetch}
     * and parallel {@link #map(Function, int)} stages started, wherever they are in the pipeline, and ends the
     * iteration. Those threads also end by themselves when the iteration ends, and when an abandoned iterator is
     * collected; close it to stop them at once, as when leaving an infinite dataset ({@code repeat()}) early.
     *
     * <p>Its elements are made as if no {@code TensorScope} were open: an iterator may make an element before the
     * {@code next} that returns it ({@code hasNext} of a batch stage builds the batch; skip and shuffle read their
     * input when the iterator is made; prefetch works ahead on its thread), perhaps inside the scope of the step
     * before, which would release it.
     *
     * <pre>{@code
     * Dataset ds = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 10, 2)).repeat().prefetch(2);
     * try (Dataset.ElementIterator it = ds.iterator()) {
     *     it.next();
     * }   // the prefetch thread ends
     * }</pre>
     */
    public static final class ElementIterator implements Iterator<Batch>, AutoCloseable {
        private final Background.Resources resources = new Background.Resources();
        private final Iterator<Batch> it;
        private boolean closed;

        private ElementIterator(Pipeline.Node node, long e) {
            try {
                this.it = Background.within(resources, () -> TensorScopes.outside(() -> node.elements(e)));
            } catch (RuntimeException | Error ex) {
                resources.close();   // a shuffle whose prefetched input failed: its producer would wait for a reader
                throw ex;
            }
        }

        /**
         * Whether there is a next element; false once closed.
         *
         * <pre>{@code
         * Dataset.ElementIterator it = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 1)).iterator();
         * it.hasNext();   // true
         * }</pre>
         *
         * @return whether {@link #next()} returns an element
         */
        @Override
        public boolean hasNext() {
            if (closed) {
                return false;
            }
            boolean more = Background.within(resources, () -> TensorScopes.outside(it::hasNext));
            if (!more) {
                resources.close();   // the stages' threads have ended or are ending; nothing is left to stop
            }
            return more;
        }

        /**
         * The next element.
         *
         * <pre>{@code
         * Dataset.fromTensorSlices(Tensors.constant(new int[] {4, 5}, 2)).iterator().next().x();   // 4
         * }</pre>
         *
         * @return the element
         * @throws NoSuchElementException if there is none, or the iterator is closed
         */
        @Override
        public Batch next() {
            if (closed) {
                throw new NoSuchElementException("the dataset iterator is closed");
            }
            return Background.within(resources, () -> TensorScopes.outside(it::next));
        }

        /**
         * Ends the iteration and stops the threads its stages started (idempotent); afterwards {@link #hasNext()}
         * is false.
         *
         * <pre>{@code
         * Dataset.ElementIterator it = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 4)).prefetch(1).iterator();
         * it.next();
         * it.close();
         * it.hasNext();   // false
         * }</pre>
         */
        @Override
        public void close() {
            closed = true;
            resources.close();
        }
    }

    /**
     * The elements of epoch {@code e}, whatever epochs were iterated before: for resuming a run at a known
     * epoch. Does not change the epoch numbers {@link #iterator()} hands out.
     *
     * <pre>{@code
     * Dataset ds = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 20, 2)).shuffle(3).batch(8);
     * for (Batch b : ds.epoch(5)) { b.x(); }   // the batches of epoch 5
     * }</pre>
     *
     * @param e the epoch, at least 0
     * @return an iterable whose every iteration yields epoch {@code e}
     * @throws IllegalArgumentException if {@code e < 0}
     */
    public Iterable<Batch> epoch(long e) {
        if (e < 0) {
            throw new IllegalArgumentException("epoch: " + e + " is negative");
        }
        return () -> new ElementIterator(node, e);
    }

    /**
     * All elements of epoch 0 stacked into one batch (one new array per component): a whole test set for one
     * evaluation.
     *
     * <pre>{@code
     * Batch all = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 10, 2)).take(6).toBatch();
     * all.x().shape();   // (6, 2)
     * }</pre>
     *
     * @return the stacked elements
     * @throws IllegalStateException if the dataset is infinite or empty
     * @throws IllegalArgumentException if the elements do not agree in shape and dtype
     */
    public Batch toBatch() {
        long c = node.cardinality();
        if (node.endless() || c == 0) {
            throw new IllegalStateException("toBatch: the dataset is " + (c == 0 ? "empty" : "infinite")
                    + "; there is nothing to stack");
        }
        Batch b = TensorScopes.outside(() -> materialize("toBatch"));
        if (b == null) {
            throw new IllegalStateException("toBatch: the dataset is empty; there is nothing to stack");
        }
        return b;
    }

    /** The row indices of epoch 0 when the dataset is row-based, else null. */
    private int[] rows() {
        if (node.base() == null) {
            return null;
        }
        return Pipeline.drain(node.indices(0), node.cardinality());
    }

    /** Epoch 0 stacked, or null when it has no element; threads its stages start end with it. */
    private Batch materialize(String op) {
        Background.Resources r = new Background.Resources();
        try {
            return Background.within(r, () -> stackAll(op));
        } finally {
            r.close();
        }
    }

    private Batch stackAll(String op) {
        int[] rows = rows();
        if (rows != null) {
            return rows.length == 0 ? null : Pipeline.gather(node.base(), rows, rows.length);
        }
        List<Batch> all = new ArrayList<>();
        node.elements(0).forEachRemaining(all::add);
        return all.isEmpty() ? null : Pipeline.stack(op, all);
    }

    /**
     * Splits the elements of epoch 0 at random into a training and a test set, as scikit-learn's
     * {@code train_test_split}: with {@code p = Generator.fromSeed(seed).permutation(n)}, the test set holds
     * the elements {@code p[0 .. t-1]} and the training set {@code p[t .. n-1]}, in that order, where
     * {@code t = ceil(testFraction * n)}. Both are new datasets of slices (their rows are copied).
     *
     * <pre>{@code
     * Tensor x = Tensors.zeros(DType.FLOAT32, 150, 4);
     * Tensor y = Tensors.zeros(DType.INT32, 150);
     * Dataset.Split s = Dataset.fromTensorSlices(x, y).trainTestSplit(0.2, 0);
     * s.train().size();   // 120
     * s.test().size();    // 30
     * }</pre>
     *
     * @param testFraction the share of elements held out, in (0, 1)
     * @param seed         the seed of the permutation
     * @return the two datasets
     * @throws IllegalArgumentException if {@code testFraction} is not in (0, 1) or leaves either set empty
     * @throws IllegalStateException    if the dataset is infinite
     */
    public Split trainTestSplit(double testFraction, long seed) {
        return TensorScopes.outside(() -> split(testFraction, seed)); // the two datasets outlive any scope
    }

    private Split split(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("trainTestSplit: testFraction " + testFraction + " is not in (0, 1)");
        }
        if (node.endless()) {
            throw new IllegalStateException("trainTestSplit: cannot split an infinite dataset (cardinality "
                    + describeCardinality() + "); split before repeat()");
        }
        Tensor[] base = node.base();
        int[] rows = rows();
        if (rows == null) {
            Batch all = materialize("trainTestSplit");
            int m = all == null ? 0 : all.x().shape().dim(0);
            base = all == null ? null : all.array();
            rows = new int[m];
            for (int i = 0; i < m; i++) {
                rows[i] = i;
            }
        }
        int n = rows.length;
        int t = (int) Math.ceil(testFraction * n);
        if (t >= n || t == 0) {
            throw new IllegalArgumentException("trainTestSplit: testFraction " + testFraction + " of " + n
                    + " elements leaves " + (t == 0 ? "the test set" : "the training set") + " empty");
        }
        int[] p = Generator.fromSeed(seed).permutation(n);
        int[] test = new int[t];
        int[] train = new int[n - t];
        for (int i = 0; i < n; i++) {
            if (i < t) {
                test[i] = rows[p[i]];
            } else {
                train[i - t] = rows[p[i]];
            }
        }
        return new Split(new Dataset(new Pipeline.Slices(Pipeline.gather(base, train, train.length).array())),
                new Dataset(new Pipeline.Slices(Pipeline.gather(base, test, test.length).array())));
    }

    /**
     * The cardinality, e.g. {@code Dataset(cardinality=12)}.
     *
     * <pre>{@code
     * Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 12)).toString();   // "Dataset(cardinality=12)"
     * }</pre>
     */
    @Override
    public String toString() {
        return "Dataset(cardinality=" + describeCardinality() + ")";
    }

    private String describeCardinality() {
        long c = node.cardinality();
        return c == INFINITE ? "infinite" : c == UNKNOWN ? "unknown" : Long.toString(c);
    }
}
