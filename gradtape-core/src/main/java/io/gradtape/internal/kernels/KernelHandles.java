package io.gradtape.internal.kernels;

import io.gradtape.internal.ops.Primitive;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Function;

/**
 * Static kernel methods as {@link MethodHandle}s, and what their calls throw. Kernels pick code from tables of
 * handles by an index computed without a branch ({@code VectorGemm}'s layouts and tiles, {@code VectorMath}'s
 * float32 ops, {@code VectorKernels.f32Row}'s short rows): a call through a handle that is not a constant is not
 * inlined and has no receiver profile, so a layout or an op new to the JVM compiles its own code and makes no
 * compiled caller not entrant, where a branch or a {@code switch} compiled with its unreached cases cut off traps
 * (WarmCold mixed 2, -XX:+LogCompilation, 2026-12-03; the measurements are in those classes). The scalar kernels
 * ({@code FastLoops}, {@code ReduceKernels}) and the tape's {@code LongSet} and {@code Unbroadcast} use the same
 * two pieces, so this class sits beside the scalar kernels and is public to the other internal packages.
 */
public final class KernelHandles {
    private KernelHandles() {
    }

    /**
     * The static method {@code where.name} of type {@code type}, found with {@code lookup} (the caller's own, so
     * its private kernels are reachable). A missing method is a programming error, raised when the table is built
     * (the class's initialization), so any test that loads the class finds it.
     */
    public static MethodHandle find(MethodHandles.Lookup lookup, Class<?> where, String name, MethodType type) {
        try {
            return lookup.findStatic(where, name, type);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(where.getSimpleName() + "." + name + type, e);
        }
    }

    /**
     * A table indexed by {@link Primitive#ordinal()}: for each primitive p, the static method
     * {@code where.name(p)} of type {@code type} ({@link #find}). {@code name} gives every primitive a method,
     * one that throws for the primitives the table has no kernel for, so that the table has no null entry.
     */
    public static MethodHandle[] byPrimitive(MethodHandles.Lookup lookup, Class<?> where, MethodType type,
                                             Function<Primitive, String> name) {
        Primitive[] all = Primitive.values();
        MethodHandle[] t = new MethodHandle[all.length];
        for (Primitive q : all) {
            t[q.ordinal()] = find(lookup, where, name.apply(q), type);
        }
        return t;
    }

    /**
     * What a handle's call threw, to rethrow: an unchecked exception as it is (an {@link Error} is thrown here);
     * anything else, which no kernel throws, wrapped in an {@link IllegalStateException}.
     */
    public static RuntimeException unchecked(Throwable e) {
        if (e instanceof RuntimeException) {
            return (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        return new IllegalStateException(e);
    }
}
