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
 * ({@link #fromTensorSlices}, {@link #fromTensors}, {@link #fromElements}, {@link #fromGenerator}, {@link #range})
 * and stages ({@link #shuffle}, {@link #batch}, {@link #paddedBatch}, {@link #map}, {@link #filter},
 * {@link #repeat}, {@link #take}, {@link #skip}, {@link #takeWhile}, {@link #shard}, {@link #unbatch},
 * {@link #rebatch}, {@link #window}, {@link #bucketBySequenceLength}, {@link #enumerate}, {@link #scan},
 * {@link #flatMap}, {@link #interleave}, {@link #cache}, {@link #prefetch}), combined by {@link #zip} and
 * {@link #concatenate}, iterated with Java's for-each or folded by {@link #reduce}. Elements are {@link Batch}es:
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
 * iterations begin ({@link #iterator()} takes the next number). A {@code shuffle(seed)} stage (or a buffer shuffle,
 * {@code shuffle(bufferSize, seed)}) orders epoch {@code e} with stream {@code e} of its seed,
 * {@code Generator.fromSeed(seed).split(e + 1).get(e)}, so every epoch has a fresh order, and a rerun of the
 * program sees the same orders. Build the pipeline once and iterate it once per epoch (a pipeline rebuilt in every
 * epoch starts again at epoch 0, repeating the first order), or name the epoch with {@link #epoch(long)}, as a
 * run resumed from a checkpoint does. {@code repeat(k)} runs its input's epochs {@code e*k .. e*k+k-1} in its own
 * epoch {@code e}.
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

    /**
     * The elements of the iterators {@code generator} makes, one iterator per epoch, as
     * {@code tf.data.Dataset.from_generator(generator, output_types, output_shapes)} (TensorFlow calls the generator
     * anew in every iteration, from_generator_op.py): for data that is read or computed as it is needed, or whose
     * elements vary in shape. Each element must fit the declared spec: {@code dtypes.length} components, component
     * {@code c} of dtype {@code dtypes[c]} and of the rank of {@code shapes[c]}, equal to it where a dimension is at
     * least 0; -1 (TensorFlow's None) lets a dimension vary, and a null entry (or a null {@code shapes}) lets the whole
     * shape vary. An element that does not fit is refused when it is reached, by the {@code hasNext} or {@code next}
     * that asks for it, naming its index in the epoch, its shape and dtype and the spec; the iteration goes on with the
     * next one. Nothing is converted: TensorFlow first passes each yielded value through {@code np.asarray(value,
     * dtype)} (from_generator_op.py, {@code generator_py_func}), so a float array yielded for an int32 component is
     * silently truncated there; gradtape refuses it instead (cast in the generator).
     *
     * <p>The cardinality is {@link #UNKNOWN}, as TensorFlow's. The generator and its iterators run on the thread that
     * iterates the dataset (a {@link #prefetch} after it moves them to its thread). An iterator that is
     * {@link AutoCloseable} is closed when it ends, when the dataset's {@link ElementIterator} is closed before, and
     * otherwise (an iteration abandoned without {@code close()}, a for-each left by {@code break}) once the garbage
     * collector has found the iteration unreachable, on the collector's cleaner thread, as TensorFlow finalizes a
     * generator when its iterator is destroyed. It is closed once, and never while a call to its {@code hasNext} or
     * {@code next} runs: if the {@link ElementIterator} is closed while a prefetch thread is inside such a call,
     * {@code close()} does not wait; that thread (which it interrupts) closes the iterator as soon as the call returns
     * or throws, with its interrupt flag cleared during the close (so a close that waits can), and makes no further
     * call. A call that never returns leaves the iterator open.
     * An iterator that never ends makes an infinite dataset that {@link #cardinality()} cannot see: bound it with
     * {@link #take} before {@link #shuffle(long)} or {@link #cache}, which read a whole epoch; the buffer shuffle
     * {@link #shuffle(int, long)} holds only its buffer and takes such a stream as it is.
     *
     * <pre>{@code
     * List<Batch> seqs = List.of(Batch.of(Tensors.constant(new int[] {1}, 1)),
     *         Batch.of(Tensors.constant(new int[] {2, 2}, 2)));
     * Dataset ds = Dataset.fromGenerator(seqs::iterator, new DType[] {DType.INT32}, new int[][] {{-1}});
     * ds.paddedBatch(2);   // one batch: [[1, 0], [2, 2]]
     * }</pre>
     *
     * @param generator makes the iterator of each epoch; it must not return null
     * @param dtypes    the dtype of each component, at least one
     * @param shapes    per component the dims (-1 for any size), or a null entry for any shape; or null
     * @return a new dataset of {@link #UNKNOWN} cardinality
     * @throws IllegalArgumentException if {@code dtypes} is empty, {@code shapes} has another length, or a dimension is
     *                                  below -1
     */
    public static Dataset fromGenerator(java.util.function.Supplier<? extends Iterator<Batch>> generator,
            DType[] dtypes, int[][] shapes) {
        Objects.requireNonNull(generator, "fromGenerator: generator is null");
        Objects.requireNonNull(dtypes, "fromGenerator: dtypes is null");
        if (dtypes.length == 0) {
            throw new IllegalArgumentException("fromGenerator: needs at least one component dtype");
        }
        if (shapes != null && shapes.length != dtypes.length) {
            throw new IllegalArgumentException("fromGenerator: " + shapes.length + " shapes for " + dtypes.length
                    + " dtypes; give one shape (or null) per component");
        }
        DType[] d = dtypes.clone();
        int[][] dims = new int[d.length][];
        for (int c = 0; c < d.length; c++) {
            if (d[c] == null) {
                throw new NullPointerException("fromGenerator: the dtype of component " + c + " is null");
            }
            if (shapes != null && shapes[c] != null) {
                dims[c] = shapes[c].clone();
                for (int k : dims[c]) {
                    if (k < -1) {
                        throw new IllegalArgumentException("fromGenerator: the shape "
                                + java.util.Arrays.toString(shapes[c]) + " of component " + c + " has dimension " + k
                                + "; each must be at least 0, or -1 for any size");
                    }
                }
            }
        }
        return new Dataset(new GeneratorSource(generator, new Pipeline.Spec(d, dims)));
    }

    /**
     * The given elements, in order, as TensorFlow's {@code from_generator} over a Python list of elements (or
     * {@code from_tensor_slices} of a list, which needs them all of one shape): the elements may differ in shape but
     * must agree in their number of components and dtypes. Unlike {@link #fromTensorSlices} nothing is stacked; the
     * elements themselves (a {@link Variable}'s current value) are returned. The element spec keeps a dimension where
     * all elements agree and is None (varies) elsewhere, as TensorFlow's most specific compatible shape.
     *
     * <pre>{@code
     * Dataset seqs = Dataset.fromElements(List.of(
     *         Batch.of(Tensors.constant(new int[] {1, 2, 3}, 3), Tensors.constant(0)),
     *         Batch.of(Tensors.constant(new int[] {4}, 1), Tensors.constant(1))));
     * seqs.size();   // 2
     * }</pre>
     *
     * @param elements the elements (copied into the dataset); may be empty
     * @return a new dataset with {@code elements.size()} elements
     * @throws IllegalArgumentException if two elements disagree in their number of components or a dtype
     */
    public static Dataset fromElements(List<Batch> elements) {
        Objects.requireNonNull(elements, "fromElements: elements is null");
        List<Batch> copy = new ArrayList<>(elements.size());
        Pipeline.Spec spec = null;
        for (int i = 0; i < elements.size(); i++) {
            Batch b = elements.get(i);
            if (b == null) {
                throw new NullPointerException("fromElements: element " + i + " is null");
            }
            Tensor[] c = check("fromElements", b.array());
            if (spec == null) {
                spec = Pipeline.Spec.of(c, false);
            } else if (!spec.sameTypes(c)) {
                throw new IllegalArgumentException("fromElements: element " + i + " is " + Pipeline.describe(c)
                        + ", element 0 is " + Pipeline.describe(copy.get(0).array())
                        + "; all elements must have the same number of components and dtypes");
            } else {
                spec = Transforms.relax(spec, c);
            }
            copy.add(Batch.wrap(c));
        }
        return new Dataset(new Pipeline.Fixed(List.copyOf(copy), spec));
    }

    /**
     * {@code 0, 1, ..., stop - 1} as int64 scalars, {@code range(0, stop, 1)}.
     *
     * <pre>{@code
     * Dataset.range(5);   // 0, 1, 2, 3, 4
     * }</pre>
     *
     * @param stop the end (excluded)
     * @return a new dataset of {@code max(0, stop)} elements
     */
    public static Dataset range(long stop) {
        return range(0, stop, 1, DType.INT64);
    }

    /**
     * {@code start, start + 1, ..., stop - 1} as int64 scalars, {@code range(start, stop, 1)}.
     *
     * <pre>{@code
     * Dataset.range(2, 5);   // 2, 3, 4
     * Dataset.range(5, 1);   // no element
     * }</pre>
     *
     * @param start the first value
     * @param stop  the end (excluded)
     * @return a new dataset
     */
    public static Dataset range(long start, long stop) {
        return range(start, stop, 1, DType.INT64);
    }

    /**
     * The values of Python's {@code range(start, stop, step)} as int64 scalars, as
     * {@code tf.data.Dataset.range(start, stop, step)} (RangeDataset, range_dataset_op.cc): with {@code step > 0}
     * the values below {@code stop}, with {@code step < 0} those above; the cardinality is
     * {@code len(range(start, stop, step))}.
     *
     * <pre>{@code
     * Dataset.range(1, 5, 2);    // 1, 3
     * Dataset.range(5, 1, -2);   // 5, 3
     * Dataset.range(1, 5, -2);   // no element
     * }</pre>
     *
     * @param start the first value
     * @param stop  the end (excluded)
     * @param step  the difference between consecutive values, not 0
     * @return a new dataset
     * @throws IllegalArgumentException if {@code step} is 0, or there would be more than 2^63 - 1 values
     */
    public static Dataset range(long start, long stop, long step) {
        return range(start, stop, step, DType.INT64);
    }

    /**
     * The values of {@code range(start, stop, step)} as scalars of {@code dtype}, as
     * {@code tf.data.Dataset.range(start, stop, step, output_type=dtype)}: computed in int64 and converted (to
     * float32 or float64 rounded to nearest).
     *
     * <pre>{@code
     * Dataset.range(1, 5, 2, DType.FLOAT32);   // 1.0, 3.0
     * }</pre>
     *
     * @param start the first value
     * @param stop  the end (excluded)
     * @param step  the difference between consecutive values, not 0
     * @param dtype INT64, INT32, FLOAT32 or FLOAT64
     * @return a new dataset
     * @throws IllegalArgumentException if {@code step} is 0, {@code dtype} is BOOL, a value does not fit INT32, or
     *                                  there would be more than 2^63 - 1 values
     */
    public static Dataset range(long start, long stop, long step, DType dtype) {
        Objects.requireNonNull(dtype, "range: dtype is null");
        if (step == 0) {
            throw new IllegalArgumentException("range: step must be a non-zero integer, got 0 (range(" + start + ", "
                    + stop + ", 0))");
        }
        if (dtype == DType.BOOL) {
            throw new IllegalArgumentException("range: dtype bool is not a number type; use int64, int32, float32 or"
                    + " float64");
        }
        long n = RangeSource.count(start, stop, step);
        if (n < 0) {
            throw new IllegalArgumentException("range(" + start + ", " + stop + ", " + step + ") has more than 2^63 - 1"
                    + " values, more than a cardinality counts");
        }
        if (dtype == DType.INT32 && n > 0) {
            long last = start + (n - 1) * step;
            if (start != (int) start || last != (int) last) {
                throw new IllegalArgumentException("range(" + start + ", " + stop + ", " + step + "): the values "
                        + start + " .. " + last + " do not fit int32; use int64");
            }
        }
        return new Dataset(new RangeSource(start, step, n, dtype));
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
     * All elements in a random order, a fresh one in each epoch: the <em>full-epoch</em> shuffle. Epoch {@code e}
     * uses the permutation drawn by {@code Generator.fromSeed(seed).split(e + 1).get(e)}, so the orders are
     * reproducible. The whole epoch is read when its iterator is made and permuted at once (TensorFlow's
     * {@code shuffle} with a buffer as large as the dataset and {@code reshuffle_each_iteration=True}); for a dataset
     * of slices only the row indices are permuted.
     *
     * <p><b>The one argument is the seed, not TensorFlow's {@code buffer_size}.</b> {@code ds.shuffle(1000)} ported
     * from TensorFlow compiles and shuffles the whole epoch with seed 1000 (an int literal widens to this
     * {@code long}; there is deliberately no one-argument buffer shuffle that would capture it). TensorFlow's
     * {@code ds.shuffle(buffer_size, seed)} is {@link #shuffle(int, long)}: it holds only {@code buffer_size}
     * elements, so it also shuffles an infinite or larger-than-memory input, which this method refuses; for a
     * dataset of at most {@code buffer_size} elements both give a uniformly random order, but not the same one.
     * For one fixed order in every epoch, {@link #shuffle(long, boolean)}.
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
     * @throws IllegalStateException if this dataset is infinite (shuffle before {@link #repeat()}, or use
     *                               {@link #shuffle(int, long)}) or has more than 2^31 - 1 elements; a dataset of
     *                               {@link #UNKNOWN} cardinality made from an infinite one (a {@link #filter} of
     *                               {@code repeat()}) counts as infinite
     */
    public Dataset shuffle(long seed) {
        return shuffle(seed, true);
    }

    /**
     * All elements in a random order, the full-epoch shuffle of {@link #shuffle(long)}; with
     * {@code reshuffleEachIteration} false every epoch has the same order, epoch 0's
     * ({@code Generator.fromSeed(seed).split(1).get(0)}), as TensorFlow's
     * {@code shuffle(buffer_size, seed, reshuffle_each_iteration=False)} with a buffer as large as the dataset. A
     * stage before the shuffle still sees its own epochs (a shuffle before this one still reshuffles). As with
     * {@link #shuffle(long)} the first argument is the seed: TensorFlow's {@code ds.shuffle(1000,
     * reshuffle_each_iteration=False)} ported as {@code ds.shuffle(1000, false)} is a full shuffle with seed 1000;
     * the buffer shuffle with one order is {@link #shuffle(int, long, boolean)}.
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
     * @throws IllegalStateException if this dataset is infinite (shuffle before {@link #repeat()}, or use
     *                               {@link #shuffle(int, long, boolean)}) or has more than 2^31 - 1 elements
     */
    public Dataset shuffle(long seed, boolean reshuffleEachIteration) {
        if (node.endless()) {
            throw new IllegalStateException("shuffle: cannot shuffle an infinite dataset (cardinality "
                    + describeCardinality() + ") whole; call shuffle before repeat(), or shuffle through a buffer with"
                    + " shuffle(bufferSize, seed)");
        }
        if (node.cardinality() > Integer.MAX_VALUE) {
            throw new IllegalStateException("shuffle: cannot shuffle " + node.cardinality() + " elements, more than"
                    + " one epoch's permutation holds (2^31 - 1); call shuffle before repeat(count), or shuffle"
                    + " through a buffer with shuffle(bufferSize, seed)");
        }
        return new Dataset(new Pipeline.Shuffle(node, seed, reshuffleEachIteration));
    }

    /**
     * The elements in a random order drawn through a buffer of {@code bufferSize} elements, a fresh order in each
     * epoch: {@code shuffle(bufferSize, seed, true)}, TensorFlow's {@code ds.shuffle(buffer_size, seed)}. See
     * {@link #shuffle(int, long, boolean)}; for the shuffle of the whole epoch at once, {@link #shuffle(long)}.
     *
     * <pre>{@code
     * Dataset ds = Dataset.range(100).shuffle(10, 7);   // 0..99, each moved forward by at most 9 places
     * }</pre>
     *
     * @param bufferSize the elements held at once, at least 1
     * @param seed       the seed of the orders
     * @return a new dataset with this one's cardinality and element spec
     * @throws IllegalArgumentException if {@code bufferSize < 1}
     */
    public Dataset shuffle(int bufferSize, long seed) {
        return shuffle(bufferSize, seed, true);
    }

    /**
     * The elements in a random order drawn through a buffer of {@code bufferSize} elements, as TensorFlow's
     * {@code ds.shuffle(buffer_size, seed, reshuffle_each_iteration)} (ShuffleDataset, shuffle_dataset_op.cc): the
     * buffer is filled with the first {@code bufferSize} elements; each element handed out is chosen uniformly at
     * random among those in the buffer, and its place is taken by the next input element; when the input ends, the
     * buffer empties the same way. So:
     * <ul>
     *   <li>{@code bufferSize} 1 keeps the input order; a {@code bufferSize} at least the number of elements gives a
     *       uniformly random permutation of the epoch (another one than {@link #shuffle(long)}'s for the same seed);
     *       in between, element {@code k} of the output is one of the input's first {@code k + bufferSize}, so an
     *       element moves forward by at most {@code bufferSize - 1} places (backward without bound).</li>
     *   <li>At most {@code bufferSize} elements are held at once, and the input is read as the output is taken (the
     *       first {@code next} reads {@code bufferSize} elements, each later one reads one): an infinite input
     *       ({@link #repeat()}, a {@link #fromGenerator} that never ends) or one larger than memory can be shuffled
     *       ({@link #shuffle(long)} refuses the first and would hold all of the second).</li>
     *   <li>The cardinality and element spec are this dataset's, {@link #INFINITE} and {@link #UNKNOWN} included.
     *       For a dataset of slices only row indices move, as with {@link #shuffle(long)}.</li>
     * </ul>
     *
     * <p>Randomness: epoch {@code e} draws from stream {@code e} of the seed
     * ({@code Generator.fromSeed(seed).split(e + 1).get(e)}, as {@link #shuffle(long)}), or from stream 0 in every
     * epoch when {@code reshuffleEachIteration} is false; the draws are made in input order on whichever thread runs
     * the stage, so a seed gives the same orders on every run, whatever the {@link #prefetch} or deterministic
     * parallel {@link #map(Function, int)} stages around it (a {@code map} that may reorder its input changes the
     * order that reaches the buffer, and so the output). The full shuffle with the same seed draws from the same
     * streams: give two shuffles of one pipeline different seeds. The orders differ from TensorFlow's for the same seed (another
     * generator), and TensorFlow's unseeded {@code shuffle} has no equivalent: every gradtape shuffle has a seed. The
     * index draws are unbiased (TensorFlow's {@code Random() % n} favours small indices by at most about
     * {@code n / 2^32}).
     *
     * <p>An exception from this dataset while the buffer is being filled surfaces from the {@code hasNext} or
     * {@code next} that asked, the buffered elements stay, and the iteration goes on after the failed element.
     * Shuffling batches ({@code batch(32).shuffle(100, seed)}) moves whole batches, as in TensorFlow; shuffle before
     * {@link #batch} to mix examples across batches, and before {@link #repeat()} to keep epochs apart (a shuffle
     * after it mixes the end of one repetition into the next).
     *
     * <pre>{@code
     * // a stream that never ends, shuffled through 1000 elements, 100 of them taken
     * Iterator<Batch> counter = new Iterator<>() {
     *     long i;
     *     public boolean hasNext() { return true; }
     *     public Batch next() { return Batch.of(Tensors.constant(i++)); }
     * };
     * Dataset stream = Dataset.fromGenerator(() -> counter, new DType[] {DType.INT64}, new int[][] {{}})
     *         .shuffle(1000, 42, true).take(100);   // 100 distinct values below 1099
     * }</pre>
     *
     * @param bufferSize             the elements held at once, at least 1
     * @param seed                   the seed of the orders
     * @param reshuffleEachIteration true for fresh draws in each epoch, false for epoch 0's draws in every epoch (a
     *                               stage before the shuffle still sees its own epochs, so its order may change)
     * @return a new dataset with this one's cardinality and element spec
     * @throws IllegalArgumentException if {@code bufferSize < 1}
     */
    public Dataset shuffle(int bufferSize, long seed, boolean reshuffleEachIteration) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("shuffle: bufferSize " + bufferSize + " must be at least 1 (TensorFlow:"
                    + " buffer_size must be greater than zero); to shuffle the whole epoch use shuffle(seed)");
        }
        return new Dataset(new BufferShuffle(node, bufferSize, seed, reshuffleEachIteration));
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
        PadArgs p = padArgs("paddedBatch", node.spec(), paddedShapes, paddingValues);
        return new Dataset(new Pipeline.PaddedBatch(node, size, dropRemainder, p.shapes, p.pads, p.padTypes));
    }

    /** Checked padded shapes and padding values (copies), for {@link #paddedBatch} and bucketBySequenceLength. */
    private record PadArgs(int[][] shapes, Object[] pads, DType[] padTypes) {
    }

    private static PadArgs padArgs(String op, Pipeline.Spec s, int[][] paddedShapes, Tensor[] paddingValues) {
        int[][] shapes = null;
        if (paddedShapes != null) {
            if (s != null && paddedShapes.length != s.dtypes.length) {
                throw new IllegalArgumentException(op + ": " + paddedShapes.length + " padded shapes for elements of "
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
                        throw new IllegalArgumentException(op + ": padded shape " + java.util.Arrays.toString(p)
                                + " of component " + c + " has dimension " + p[k] + "; each must be at least 0, or -1"
                                + " for the batch's longest");
                    }
                }
                int[] in = s == null ? null : s.dims[c];
                if (in != null && !compatible(p, in)) {
                    throw new IllegalArgumentException(op + ": the padded shape " + Pipeline.dimsString(p)
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
                throw new IllegalArgumentException(op + ": " + paddingValues.length + " padding values for"
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
                    throw new IllegalArgumentException(op + ": the padding value of component " + c + " has shape "
                            + v.shape() + "; it must be a scalar");
                }
                if (s != null && v.dtype() != s.dtypes[c]) {
                    throw new IllegalArgumentException(op + ": the padding value of component " + c + " is "
                            + v.dtype() + ", the component is " + s.dtypes[c] + " in " + s
                            + "; they must have the same dtype");
                }
                Object one = Pipeline.newArray(v.dtype(), 1);
                System.arraycopy(TensorAccess.data(v), 0, one, 0, 1);
                pads[c] = one;
                padTypes[c] = v.dtype();
            }
        }
        return new PadArgs(shapes, pads, padTypes);
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

    /**
     * The elements up to, and not including, the first for which {@code predicate} is false, as
     * {@code tf.data.Dataset.take_while} (TakeWhileDataset, take_while_dataset_op.cc). The cardinality is
     * {@link #UNKNOWN}, as TensorFlow's, and the result counts as finite even after {@code repeat()}: it can be
     * shuffled, cached or reduced (which then read until the predicate fails). The predicate runs on the iterating
     * thread; an exception from it surfaces at its element, and the iteration goes on with the next element.
     *
     * <pre>{@code
     * Dataset.range(10).takeWhile(b -> b.x().longValue() < 4);   // 0, 1, 2, 3
     * }</pre>
     *
     * @param predicate true for each element to keep while it holds
     * @return a new dataset of {@link #UNKNOWN} cardinality
     */
    public Dataset takeWhile(Predicate<Batch> predicate) {
        Objects.requireNonNull(predicate, "takeWhile: predicate is null");
        return new Dataset(new TakeWhile(node, predicate));
    }

    /**
     * The elements of the dataset {@code f} makes of each element, one dataset after the other, as
     * {@code tf.data.Dataset.flat_map} (FlatMapDataset, flat_map_dataset_op.cc). Each returned dataset is iterated
     * once, as one for-each loop over it would (its next epoch: a dataset object returned again is in its next epoch,
     * so a {@link #shuffle} in it reshuffles). The cardinality is {@link #UNKNOWN}, an empty input's too, as
     * TensorFlow's at its default level (flat_map_dataset_op.cc counts only at {@code CARDINALITY_COMPUTE_MODERATE}),
     * and the element spec is unknown until iterated. An exception from {@code f},
     * or from a returned dataset, surfaces at its element and the iteration goes on after it. The threads of a
     * returned dataset ({@link #prefetch}) end when it ends, or with the iteration.
     *
     * <pre>{@code
     * // each row x of a (3, 2) tensor becomes the 2 scalars of x
     * Dataset ds = Dataset.fromTensorSlices(Tensors.constant(new int[] {1, 2, 3, 4, 5, 6}, 3, 2))
     *         .flatMap(b -> Dataset.fromTensorSlices(b.x()));   // 1, 2, 3, 4, 5, 6
     * }</pre>
     *
     * @param f makes a dataset of each element; it must not return null
     * @return a new dataset
     */
    public Dataset flatMap(Function<Batch, Dataset> f) {
        Objects.requireNonNull(f, "flatMap: function is null");
        return new Dataset(new FlatMap(node, f));
    }

    /**
     * {@code interleave(f, cycleLength, 1)}: one element from each open dataset in turn.
     *
     * <pre>{@code
     * Dataset.range(1, 4).interleave(b -> Dataset.fromTensors(b.x()).repeat(2), 2);   // 1, 2, 1, 2, 3, 3
     * }</pre>
     *
     * @param f           makes a dataset of each element
     * @param cycleLength datasets open at once, at least 1, or {@link #AUTOTUNE}
     * @return a new dataset
     * @throws IllegalArgumentException as {@link #interleave(Function, int, int)}
     */
    public Dataset interleave(Function<Batch, Dataset> f, int cycleLength) {
        return interleave(f, cycleLength, 1);
    }

    /**
     * The elements of the datasets {@code f} makes of the elements, {@code cycleLength} datasets open at once and
     * {@code blockLength} consecutive elements taken from each in turn, as {@code tf.data.Dataset.interleave(f,
     * cycle_length, block_length)} (InterleaveDataset, interleave_dataset_op.cc), in exactly its order: the cycle
     * visits slots {@code 0, 1, ..., cycleLength - 1, 0, ...}; an empty slot is filled with the dataset of the next
     * input element (and read from at once); a slot whose dataset ends is emptied and the cycle moves on, to refill
     * it on its next visit; the result ends when the input has ended and every slot is empty. The datasets are
     * iterated on the iterating thread, one element at a time (TensorFlow's sequential interleave, without
     * {@code num_parallel_calls}). Each returned dataset is iterated once, as by {@link #flatMap}. The cardinality is
     * {@link #UNKNOWN}, an empty or infinite input's too, as TensorFlow's (InterleaveDataset has no count); errors
     * surface at their element, as {@link #flatMap}.
     * {@link #AUTOTUNE} for {@code cycleLength} opens one dataset per available processor, as TensorFlow's.
     *
     * <pre>{@code
     * // TensorFlow's documented example: 1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 4, 4,
     * // 5, 5, 5, 5, 5, 5
     * Dataset ds = Dataset.range(1, 6)
     *         .interleave(b -> Dataset.fromTensors(b.x()).repeat(6), 2, 4);
     * }</pre>
     *
     * @param f           makes a dataset of each element; it must not return null
     * @param cycleLength datasets open at once, at least 1, or {@link #AUTOTUNE}
     * @param blockLength consecutive elements from each, at least 1
     * @return a new dataset
     * @throws IllegalArgumentException if {@code cycleLength} is neither at least 1 nor {@link #AUTOTUNE}, or
     *                                  {@code blockLength < 1}
     */
    public Dataset interleave(Function<Batch, Dataset> f, int cycleLength, int blockLength) {
        Objects.requireNonNull(f, "interleave: function is null");
        if (cycleLength < 1 && cycleLength != AUTOTUNE) {
            throw new IllegalArgumentException("interleave: cycleLength " + cycleLength + " must be at least 1 or"
                    + " Dataset.AUTOTUNE (-1)");
        }
        if (blockLength < 1) {
            throw new IllegalArgumentException("interleave: blockLength " + blockLength + " must be at least 1");
        }
        int cycle = cycleLength == AUTOTUNE ? Runtime.getRuntime().availableProcessors() : cycleLength;
        return new Dataset(new Interleave(node, f, cycle, blockLength));
    }

    /**
     * Every {@code numShards}-th element starting at element {@code index}, as {@code tf.data.Dataset.shard}
     * (ShardDataset, shard_dataset_op.cc): for splitting the input among workers. The cardinality is
     * {@code n / numShards + (index < n % numShards ? 1 : 0)} of this one's {@code n}; infinite and unknown stay so.
     * After {@link #fromTensorSlices} only row indices move, as with {@link #take}.
     *
     * <pre>{@code
     * Dataset.range(10).shard(3, 1);   // 1, 4, 7
     * }</pre>
     *
     * @param numShards the number of shards, at least 1
     * @param index     this shard, in {@code [0, numShards)}
     * @return a new dataset
     * @throws IllegalArgumentException if {@code numShards < 1} or {@code index} is out of range
     */
    public Dataset shard(int numShards, int index) {
        if (numShards < 1) {
            throw new IllegalArgumentException("shard: numShards " + numShards + " must be at least 1");
        }
        if (index < 0 || index >= numShards) {
            throw new IllegalArgumentException("shard: index " + index + " must be between 0 and " + (numShards - 1)
                    + " (numShards " + numShards + ")");
        }
        return new Dataset(new Shard(node, numShards, index));
    }

    /**
     * One step of {@link #scan}: the new state and the element to output.
     *
     * <pre>{@code
     * Dataset.Step<Long> s = new Dataset.Step<>(3L, Batch.of(Tensors.constant(3L)));
     * }</pre>
     *
     * @param state   the state the next step receives
     * @param element the output element
     * @param <S>     the type of the state
     */
    public record Step<S>(S state, Batch element) {
        /**
         * A step.
         *
         * <pre>{@code
         * new Dataset.Step<>(0, Batch.of(Tensors.constant(0)));
         * }</pre>
         *
         * @param state   the state the next step receives (may be null)
         * @param element the output element, not null
         */
        public Step {
            Objects.requireNonNull(element, "Step: element is null");
        }
    }

    /**
     * Each element transformed together with a state carried from one element to the next, as
     * {@code tf.data.Dataset.scan(initial_state, scan_func)} (ScanDataset, scan_dataset_op.cc): {@code f(state,
     * element)} gives the new state and the output element. The state starts at {@code initialState} in every epoch;
     * keep it immutable (a tensor, a number, a record), as it is handed from call to call. The cardinality is this
     * one's; the element spec is unknown until iterated. An exception from {@code f} surfaces at its element, the state
     * stays what it was before that element, and the iteration goes on after it.
     *
     * <pre>{@code
     * // the running sum: 0, 1, 3, 6, 10
     * Dataset sums = Dataset.range(5).scan(0L, (sum, b) -> {
     *     long s = sum + b.x().longValue();
     *     return new Dataset.Step<>(s, Batch.of(Tensors.constant(s)));
     * });
     * }</pre>
     *
     * @param initialState the state before the first element of each epoch
     * @param f            the step; it must not return null
     * @param <S>          the type of the state
     * @return a new dataset
     */
    public <S> Dataset scan(S initialState, java.util.function.BiFunction<S, Batch, Step<S>> f) {
        Objects.requireNonNull(f, "scan: function is null");
        return new Dataset(new Scan<>(node, initialState, f));
    }

    /**
     * All elements of one epoch folded into one value, as {@code tf.data.Dataset.reduce(initial_state, reduce_func)}:
     * {@code f(...f(f(initial, e0), e1)..., eN)}. Runs one epoch on the calling thread, the next of this dataset
     * object, as a for-each loop over it would; the threads of its stages end when it returns. An exception from
     * {@code f} or from the dataset is thrown from here.
     *
     * <pre>{@code
     * long sum = Dataset.range(5).reduce(0L, (s, b) -> s + b.x().longValue());   // 10
     * int count = Dataset.range(5).filter(b -> b.x().longValue() % 2 == 0).reduce(0, (n, b) -> n + 1);   // 3
     * }</pre>
     *
     * @param initial the value for an empty dataset, and the start of the fold
     * @param f       combines the value so far with the next element
     * @param <S>     the type of the value
     * @return the folded value
     * @throws IllegalStateException if the dataset is infinite, or of {@link #UNKNOWN} cardinality made from an
     *                               infinite one (a {@link #filter} of {@code repeat()}), as
     *                               {@link #shuffle(long)} refuses
     */
    public <S> S reduce(S initial, java.util.function.BiFunction<S, Batch, S> f) {
        Objects.requireNonNull(f, "reduce: function is null");
        if (node.endless()) {
            throw new IllegalStateException("reduce: the dataset is infinite (cardinality " + describeCardinality()
                    + "); bound it with take(n) or takeWhile");
        }
        S acc = initial;
        try (ElementIterator it = iterator()) {
            while (it.hasNext()) {
                acc = f.apply(acc, it.next());
            }
        }
        return acc;
    }

    /**
     * {@code rebatch(size, false)}.
     *
     * <pre>{@code
     * Dataset.range(10).batch(4).rebatch(3);   // [0 1 2], [3 4 5], [6 7 8], [9]
     * }</pre>
     *
     * @param size rows per batch, at least 1
     * @return a new dataset
     * @throws IllegalArgumentException as {@link #rebatch(int, boolean)}
     */
    public Dataset rebatch(int size) {
        return rebatch(size, false);
    }

    /**
     * The rows of this dataset's batches regrouped into batches of {@code size}, a new batch taking rows across the
     * old batches' boundaries, as {@code tf.data.Dataset.rebatch(batch_size, drop_remainder)} (RebatchDatasetV2,
     * rebatch_dataset_op.cc): the same batches as {@code unbatch().batch(size, dropRemainder)}, without splitting
     * them into single rows. Every component of an element must have a first dimension, the same for all
     * components. The cardinality is {@link #UNKNOWN}, an empty or infinite input's too, as TensorFlow's (the kernel
     * gives no count). An input element that throws, or is refused, surfaces as the batch being built, whose rows
     * taken from earlier elements are dropped with it (as TensorFlow's); the next batch starts after that element:
     * {@code range(6).batch(2)} with the second element failing, rebatched by 3, gives the error, then {@code [4 5]}.
     *
     * <pre>{@code
     * Dataset.range(10).batch(4).rebatch(3, true);   // [0 1 2], [3 4 5], [6 7 8]
     * }</pre>
     *
     * @param size          rows per batch, at least 1
     * @param dropRemainder whether to drop a last, smaller batch
     * @return a new dataset
     * @throws IllegalArgumentException if {@code size < 1} or a component is known to be a scalar; while iterating,
     *                                  if an element has a scalar component, components of different first
     *                                  dimensions, or rows that do not agree in shape and dtype with the batch's
     */
    public Dataset rebatch(int size, boolean dropRemainder) {
        if (size < 1) {
            throw new IllegalArgumentException("rebatch: size " + size + " must be at least 1");
        }
        Pipeline.Spec s = node.spec();
        if (s != null) {
            for (int i = 0; i < s.dims.length; i++) {
                if (s.dims[i] != null && s.dims[i].length == 0) {
                    throw new IllegalArgumentException("rebatch: component " + i + " of the elements " + s
                            + " is a scalar; every component needs a first dimension to rebatch");
                }
            }
        }
        return new Dataset(new Rebatch(node, size, dropRemainder));
    }

    /**
     * {@code window(size, size, 1, false)}: consecutive, non-overlapping windows.
     *
     * <pre>{@code
     * Dataset.range(7).window(3);   // [0 1 2], [3 4 5], [6]
     * }</pre>
     *
     * @param size elements per window, at least 1
     * @return a new dataset
     * @throws IllegalArgumentException as {@link #window(int, int, int, boolean)}
     */
    public Dataset window(int size) {
        return window(size, size, 1, false);
    }

    /**
     * {@code window(size, shift, 1, false)}.
     *
     * <pre>{@code
     * Dataset.range(7).window(3, 2);   // [0 1 2], [2 3 4], [4 5 6], [6]
     * }</pre>
     *
     * @param size  elements per window, at least 1
     * @param shift elements between the starts of consecutive windows, at least 1
     * @return a new dataset
     * @throws IllegalArgumentException as {@link #window(int, int, int, boolean)}
     */
    public Dataset window(int size, int shift) {
        return window(size, shift, 1, false);
    }

    /**
     * Sliding windows of elements, each stacked into one element, as {@code tf.data.Dataset.window(size, shift,
     * stride, drop_remainder)} (WindowDataset, window_dataset_op.cc) followed by batching each window: TensorFlow
     * yields each window as a dataset, {@code ds.window(...).flat_map(lambda w: w.batch(size))} being the usual way to
     * use it; gradtape's elements are tensors, so each window comes stacked, component {@code c} of shape
     * {@code [k] + shape(c)} for a window of {@code k} elements. Window {@code w} takes the elements
     * {@code w*shift + j*stride} for {@code j = 0 .. size-1}; without {@code dropRemainder} the windows that reach
     * past the end keep the elements there are (so {@code ceil(n / shift)} windows, the last ones shorter), with it
     * only full windows ({@code n < (size-1)*stride + 1 ? 0 : (n - (size-1)*stride - 1) / shift + 1} of them), as the
     * kernel's cardinality. Infinite and unknown cardinalities stay so. The elements of a window must agree in shape
     * and dtype to be stacked. An exception from an element surfaces when the window being filled reaches it, and the
     * element is left out (TensorFlow fails every window that holds it); an exception from an element that falls
     * between windows ({@code shift > (size-1)*stride + 1}) is ignored, as TensorFlow ignores it.
     *
     * <pre>{@code
     * // TensorFlow's documented examples (dataset_ops.py, window):
     * Dataset.range(7).window(3, 2, 1, true);   // [0 1 2], [2 3 4], [4 5 6]
     * Dataset.range(7).window(3, 1, 2, true);   // [0 2 4], [1 3 5], [2 4 6]
     * }</pre>
     *
     * @param size          elements per window, at least 1
     * @param shift         elements between the starts of consecutive windows, at least 1
     * @param stride        elements between the members of a window, at least 1
     * @param dropRemainder whether to drop windows with fewer than {@code size} elements
     * @return a new dataset
     * @throws IllegalArgumentException if {@code size}, {@code shift} or {@code stride} is below 1, or
     *                                  {@code (size - 1) * stride + 1} exceeds 2^31 - 9; while iterating, if the
     *                                  elements of a window do not agree
     */
    public Dataset window(int size, int shift, int stride, boolean dropRemainder) {
        if (size < 1 || shift < 1 || stride < 1) {
            String which = size < 1 ? "size " + size : shift < 1 ? "shift " + shift : "stride " + stride;
            throw new IllegalArgumentException("window: " + which + " must be at least 1");
        }
        long target = (long) (size - 1) * stride + 1;
        if (target > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("window: a window of size " + size + " and stride " + stride + " spans "
                    + target + " elements, more than can be held at once (2^31 - 9)");
        }
        return new Dataset(new Window(node, size, shift, stride, dropRemainder, (int) target));
    }

    /**
     * Elements of varying length grouped by length into buckets and padded-batched per bucket,
     * {@code bucketBySequenceLength(elementLength, boundaries, batchSizes, null, null, false, false)}.
     *
     * <pre>{@code
     * // TensorFlow's documented example: buckets [0, 3), [3, 5), [5, inf), batches of 2
     * List<Batch> seqs = new ArrayList<>();
     * for (int[] s : new int[][] {{0}, {1, 2, 3, 4}, {5, 6, 7}, {7, 8, 9, 10, 11}, {13, 14, 15, 16, 19, 20}, {21, 22}}) {
     *     seqs.add(Batch.of(Tensors.constant(s, s.length)));
     * }
     * Dataset ds = Dataset.fromElements(seqs)
     *         .bucketBySequenceLength(b -> b.x().shape().dim(0), new int[] {3, 5}, new int[] {2, 2, 2});
     * // [[1 2 3 4] [5 6 7 0]], [[7 8 9 10 11 0] [13 14 15 16 19 20]], [[0 0] [21 22]]
     * }</pre>
     *
     * @param elementLength the length of an element (its bucket's key)
     * @param boundaries    the upper length boundaries of the buckets, strictly increasing
     * @param batchSizes    the batch size of each bucket, {@code boundaries.length + 1} of them, each at least 1
     * @return a new dataset of {@link #UNKNOWN} cardinality ({@link #INFINITE} for an infinite input)
     * @throws IllegalArgumentException as {@link #bucketBySequenceLength(ToIntFunction, int[], int[], int[][],
     *                                  Tensor[], boolean, boolean)}
     */
    public Dataset bucketBySequenceLength(java.util.function.ToIntFunction<Batch> elementLength, int[] boundaries,
            int[] batchSizes) {
        return bucketBySequenceLength(elementLength, boundaries, batchSizes, null, null, false, false);
    }

    /**
     * Elements of varying length grouped by length into buckets and padded-batched per bucket, as
     * {@code tf.data.Dataset.bucket_by_sequence_length} (dataset_ops.py: a {@code group_by_window}, GroupByWindowDataset,
     * keyed by the bucket, each window {@code padded_batch}ed): so that a batch holds sequences of similar length and
     * little padding. An element of length {@code L} goes to bucket {@code i}, the first with
     * {@code boundaries[i-1] <= L < boundaries[i]} (bucket 0 below {@code boundaries[0]}, the last from
     * {@code boundaries[last]} up). When bucket {@code i} holds {@code batchSizes[i]} elements they are padded and
     * stacked, as {@link #paddedBatch(int, int[][], Tensor[], boolean)} with {@code paddedShapes} and
     * {@code paddingValues}, and emitted; when the input ends, the buckets still holding elements are emitted in
     * increasing bucket order (with {@code dropRemainder}, dropped). With {@code padToBucketBoundary} every
     * dimension the padded shape leaves free (-1, or varying in the element spec) is padded to
     * {@code boundaries[i] - 1} in bucket {@code i}, and every element must be shorter than the last boundary
     * (TensorFlow's assertion, raised here at the element that is not, naming it, instead of at its bucket's batch).
     * The cardinality is {@link #INFINITE} for an infinite input, else {@link #UNKNOWN} (an empty input's too), as
     * GroupByWindowDataset's. TensorFlow's {@code no_padding} is
     * {@code paddedShapes} equal to the elements' shapes.
     *
     * <pre>{@code
     * // TensorFlow's documented example with padToBucketBoundary and -1 padding:
     * List<Batch> seqs = new ArrayList<>();
     * for (int[] s : new int[][] {{0}, {1, 2, 3, 4}, {5, 6, 7}, {7, 8, 9, 10, 11}, {13, 14, 15, 16, 19, 20}, {21, 22}}) {
     *     seqs.add(Batch.of(Tensors.constant(s, s.length)));
     * }
     * Dataset ds = Dataset.fromElements(seqs).bucketBySequenceLength(b -> b.x().shape().dim(0), new int[] {4, 7},
     *         new int[] {2, 2, 2}, null, new Tensor[] {Tensors.constant(-1)}, true, false);
     * // [[0 -1 -1] [5 6 7]], [[1 2 3 4 -1 -1] [7 8 9 10 11 -1]], [[21 22 -1]], [[13 14 15 16 19 20]]
     * }</pre>
     *
     * @param elementLength       the length of an element; runs on the iterating thread, an exception from it
     *                            surfaces at its element
     * @param boundaries          the upper length boundaries of the buckets, strictly increasing, at least one
     * @param batchSizes          the batch size of each bucket, {@code boundaries.length + 1} of them, each at least 1
     * @param paddedShapes        as {@link #paddedBatch(int, int[][], Tensor[], boolean)}, or null
     * @param paddingValues       as {@link #paddedBatch(int, int[][], Tensor[], boolean)}, or null
     * @param padToBucketBoundary whether to pad free dimensions to the bucket's boundary minus 1
     * @param dropRemainder       whether to drop a bucket's last batch when it is smaller than its batch size
     * @return a new dataset of {@link #UNKNOWN} cardinality ({@link #INFINITE} for an infinite input)
     * @throws IllegalArgumentException if {@code boundaries} is empty or not strictly increasing,
     *                                  {@code batchSizes.length != boundaries.length + 1}, a batch size is below 1,
     *                                  or the padded shapes or values are refused as by {@link #paddedBatch(int, int[][],
     *                                  Tensor[], boolean)}; while iterating, as there, and for an element too long
     *                                  for {@code padToBucketBoundary}
     */
    public Dataset bucketBySequenceLength(java.util.function.ToIntFunction<Batch> elementLength, int[] boundaries,
            int[] batchSizes, int[][] paddedShapes, Tensor[] paddingValues, boolean padToBucketBoundary,
            boolean dropRemainder) {
        Objects.requireNonNull(elementLength, "bucketBySequenceLength: elementLength is null");
        Objects.requireNonNull(boundaries, "bucketBySequenceLength: boundaries is null");
        Objects.requireNonNull(batchSizes, "bucketBySequenceLength: batchSizes is null");
        if (boundaries.length == 0) {
            throw new IllegalArgumentException("bucketBySequenceLength: needs at least one boundary");
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException("bucketBySequenceLength: boundaries "
                        + java.util.Arrays.toString(boundaries) + " must be strictly increasing");
            }
        }
        if (batchSizes.length != boundaries.length + 1) {
            throw new IllegalArgumentException("bucketBySequenceLength: " + batchSizes.length + " batch sizes for "
                    + boundaries.length + " boundaries; give one per bucket, boundaries.length + 1 = "
                    + (boundaries.length + 1));
        }
        for (int i = 0; i < batchSizes.length; i++) {
            if (batchSizes[i] < 1) {
                throw new IllegalArgumentException("bucketBySequenceLength: the batch size " + batchSizes[i]
                        + " of bucket " + i + " must be at least 1");
            }
        }
        if (padToBucketBoundary && boundaries[0] < 1) {
            throw new IllegalArgumentException("bucketBySequenceLength: with padToBucketBoundary the boundaries must"
                    + " be at least 1 (bucket 0 pads to boundaries[0] - 1), got " + java.util.Arrays.toString(boundaries));
        }
        PadArgs p = padArgs("bucketBySequenceLength", node.spec(), paddedShapes, paddingValues);
        return new Dataset(new Bucket(node, elementLength, boundaries.clone(), batchSizes.clone(), p.shapes,
                p.pads, p.padTypes, padToBucketBoundary, dropRemainder));
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
     * {@code next} that returns it ({@code hasNext} of a batch stage builds the batch; skip and the full-epoch
     * shuffle read their input when the iterator is made, a buffer shuffle fills its buffer at the first
     * {@code next}; prefetch works ahead on its thread), perhaps inside the scope of the step before, which would
     * release it.
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
         * is false. It does not wait for them: a {@link Dataset#fromGenerator} iterator that a prefetch thread is
         * calling at that moment is closed by that thread when its call returns.
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

    /** The next epoch's elements, as {@link #iterator()} without its resources: for a stage that opens this dataset. */
    Iterator<Batch> open() {
        return node.elements(nextEpoch.getAndIncrement());
    }

    /**
     * What every element holds, as far as it is known before iterating: TensorFlow's {@code element_spec}, one
     * {@link TensorSpec} (dtype and dims) per component. A dimension that varies between elements is -1 (TensorFlow's
     * {@code None}), as in {@link #fromGenerator}'s shapes: the batch dimension of {@link #batch} without
     * {@code dropRemainder}, a dimension where {@link #fromElements}'s elements or {@link #concatenate}'s two datasets
     * disagree; a rank that varies is a null {@link TensorSpec#dims()}. Null when it is not known without running a
     * function of the caller's: after {@link #map}, {@link #flatMap}, {@link #interleave} or {@link #scan} (TensorFlow
     * traces the function to find it), and for {@code fromElements} of no elements.
     *
     * <pre>{@code
     * Dataset ds = Dataset.fromTensorSlices(Tensors.zeros(DType.FLOAT32, 10, 3), Tensors.zeros(DType.INT32, 10));
     * ds.elementSpec();                      // [(3,) float32, () int32]
     * ds.batch(4).elementSpec().get(0);      // TensorSpec(shape=(None, 3), dtype=float32)
     * ds.batch(4, true).elementSpec();       // [(4, 3) float32, (4,) int32]
     * }</pre>
     *
     * @return the spec, or null when unknown before iterating
     */
    public ElementSpec elementSpec() {
        Pipeline.Spec s = node.spec();
        return s == null ? null : ElementSpec.of(s.dtypes, s.dims);
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
