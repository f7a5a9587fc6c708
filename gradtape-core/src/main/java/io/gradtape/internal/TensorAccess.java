package io.gradtape.internal;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Variable;

/**
 * The internal door into {@link Tensor}'s private state (its id and storage), so that the ops, kernels and tape
 * can live in non-exported packages while {@code Tensor}'s public surface stays small. {@code Tensor} installs
 * the one {@link Bridge} in its static initializer (the "shared secrets" idiom of the JDK).
 */
public final class TensorAccess {
    /** What the internals may do with a tensor; implemented once, inside {@code io.gradtape}. */
    public interface Bridge {
        /** A new tensor over {@code data} (not copied: the caller hands it over and never writes it again). */
        Tensor make(DType dtype, Shape shape, Object data);

        /** The storage array: {@code float[]}, {@code double[]}, {@code int[]}, {@code long[]} or {@code boolean[]}. */
        Object data(Tensor t);

        /**
         * The storage array, for comparing arrays by identity only: unlike {@link #data} it does not check the
         * tensor's {@code TensorScope} ticket, so it also answers for a released tensor; its values must not be
         * read or written through it.
         */
        Object storageIdentity(Tensor t);

        /**
         * The unique id, never 0 (for a variable, the id of its handle): increasing in creation order on each
         * thread, and for variables in creation order across threads.
         */
        long id(Tensor t);

        /** A plain tensor holding the variable's current value, without recording anything. */
        Tensor currentValue(Variable v);

        /** The tape mark a tensor carries (see {@code TapeStack}), or null. */
        Object origin(Tensor t);

        /** The tensor's {@code TensorScope} membership, or null if it was made outside every scope. */
        io.gradtape.internal.kernels.TensorScopes.Ticket ticket(Tensor t);

        /** Sets the tape mark of a tensor (for a variable, of its handle). */
        void setOrigin(Tensor t, Object origin);

        /**
         * A bound between the tensors made before this call and after it, on any thread (happens-before order):
         * every tensor made before has a smaller id, every tensor made after an id at least as large. Ids of
         * tensors made on different threads are otherwise not in creation order (see {@code io.gradtape.TensorIds}).
         */
        long idWatermark();

        /**
         * The variable's current value as the input of one op that this thread finishes with before it next
         * updates the variable (copy-on-write bookkeeping: see {@code io.gradtape.VariableStorage}). A caller that
         * may keep the value uses {@link #currentValue} instead.
         */
        Tensor peekValue(Variable v);

        /**
         * The storage array of the variable's value, which the caller may overwrite in place: the caller holds the
         * variable's lock ({@code synchronized (v)}) until it has written the new values. Copies the storage first
         * if anyone else may see it.
         */
        Object writableStorage(Variable v);

        /**
         * Sets the variable's trainable flag: a module's {@code setTrainable} freezing or unfreezing the variables it
         * made trainable (Keras 3's {@code layer.trainable} setter).
         */
        void setTrainable(Variable v, boolean trainable);

        /**
         * Sets the projection an optimizer applies to the variable after each update (Keras's
         * {@code variable.constraint}), or null for none: a module's {@code addVariable} with a constraint.
         */
        void setConstraint(Variable v, java.util.function.UnaryOperator<Tensor> constraint);

        /** The variable's constraint, or null (see {@link #setConstraint}). */
        java.util.function.UnaryOperator<Tensor> constraint(Variable v);
    }

    private static volatile Bridge bridge;

    private TensorAccess() {
    }

    /**
     * Installs the bridge; only {@code Tensor} calls this, once.
     *
     * @param b the bridge
     */
    public static void install(Bridge b) {
        if (bridge != null) {
            throw new IllegalStateException("TensorAccess: bridge already installed");
        }
        bridge = b;
    }

    private static Bridge bridge() {
        return Installed.BRIDGE;
    }

    /**
     * The bridge as a JIT constant. {@link #bridge} read the volatile field on every call (id, make, origin, ...:
     * six to eight per recorded op); JFR put 4% of the scalar chain's forward on that line. ScalarChainBench's
     * chain, CPU ns per recorded op, both builds alternating in one JVM for 60 s (p10 / median, 2026-12-03): load
     * 8.1-9.2: 33.8 / 36.9 -> 31.8 / 34.5; again in the other order, load 6.7-8.4: 33.8 / 37.3 -> 31.4 / 34.3;
     * the gradient call unchanged (44.7 / 48.5 -> 45.2 / 49.1). Initialized on first use, after Tensor's static
     * initializer installed the bridge (nothing in that initializer calls this class before it installs).
     */
    private static final class Installed {
        static final Bridge BRIDGE = load();

        private static Bridge load() {
            Bridge b = bridge;
            if (b == null) {
                try {
                    Class.forName(Tensor.class.getName(), true, Tensor.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
                b = bridge;
            }
            if (b == null) {
                throw new IllegalStateException("TensorAccess: used while Tensor is being initialized");
            }
            return b;
        }
    }

    /** See {@link Bridge#make}. */
    public static Tensor make(DType dtype, Shape shape, Object data) {
        return bridge().make(dtype, shape, data);
    }

    /** See {@link Bridge#data}. */
    public static Object data(Tensor t) {
        return bridge().data(t);
    }

    /** See {@link Bridge#storageIdentity}. */
    public static Object storageIdentity(Tensor t) {
        return bridge().storageIdentity(t);
    }

    /** See {@link Bridge#ticket}. */
    public static io.gradtape.internal.kernels.TensorScopes.Ticket ticket(Tensor t) {
        return bridge().ticket(t);
    }

    /** See {@link Bridge#id}. */
    public static long id(Tensor t) {
        return bridge().id(t);
    }

    /** See {@link Bridge#origin}. */
    public static Object origin(Tensor t) {
        return bridge().origin(t);
    }

    /** See {@link Bridge#setOrigin}. */
    public static void setOrigin(Tensor t, Object origin) {
        bridge().setOrigin(t, origin);
    }

    /** See {@link Bridge#idWatermark}. */
    public static long idWatermark() {
        return bridge().idWatermark();
    }

    /** See {@link Bridge#peekValue}. */
    public static Tensor peekValue(Variable v) {
        return bridge().peekValue(v);
    }

    /** See {@link Bridge#writableStorage}. */
    public static Object writableStorage(Variable v) {
        return bridge().writableStorage(v);
    }

    /** See {@link Bridge#setTrainable}. */
    public static void setTrainable(Variable v, boolean trainable) {
        bridge().setTrainable(v, trainable);
    }

    /** See {@link Bridge#setConstraint}. */
    public static void setConstraint(Variable v, java.util.function.UnaryOperator<Tensor> constraint) {
        bridge().setConstraint(v, constraint);
    }

    /** See {@link Bridge#constraint}. */
    public static java.util.function.UnaryOperator<Tensor> constraint(Variable v) {
        return bridge().constraint(v);
    }

    /** See {@link Bridge#currentValue}. */
    public static Tensor currentValue(Variable v) {
        return bridge().currentValue(v);
    }
}
