package io.gradtape.internal.draw;

import io.gradtape.Tensor;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The names users give tensors with {@code Tensor.named}: metadata held beside the tensor, not in it.
 *
 * <p>A weak map keyed by tensor identity ({@code Tensor} does not override {@code equals}), so a name goes when its
 * tensor is garbage and unnamed tensors (nearly all of them) pay nothing: no field in {@code Tensor}, whose every
 * instance would otherwise grow from 32 to 40 bytes. Synchronized: a tensor may be named on one thread and drawn
 * on another.
 */
public final class Names {
    private static final Map<Tensor, String> NAMES = Collections.synchronizedMap(new WeakHashMap<>());

    private Names() {
    }

    /** Attaches {@code name} to {@code t}, replacing an earlier name. */
    public static void put(Tensor t, String name) {
        NAMES.put(t, name);
    }

    /** The name of {@code t}, or null. */
    public static String get(Tensor t) {
        return NAMES.isEmpty() ? null : NAMES.get(t);
    }
}
