package io.gradtape.internal.autodiff;

import io.gradtape.internal.kernels.KernelHandles;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A map from positive longs (tensor ids) to values, open addressing with linear probing and backward-shift
 * deletion; no boxing. Used for the gradients accumulated during one backward sweep.
 */
final class LongMap<V> {
    private long[] keys = new long[16];
    private Object[] values = new Object[16];
    private int size;

    @SuppressWarnings("unchecked")
    V get(long id) {
        long[] k = keys;
        int mask = k.length - 1;
        for (int i = LongSet.mix(id) & mask; ; i = (i + 1) & mask) {
            if (k[i] == id) {
                return (V) values[i];
            }
            if (k[i] == 0) {
                return null;
            }
        }
    }

    /**
     * {@link #get} through a handle read from an array, which C2 neither treats as a constant nor inlines: for
     * {@code Backprop.gradient}'s loop over the sources (a few reads per gradient), where the probe, inlined, was
     * compiled from the profile of the JVM's earlier sweeps. After matrix products, exp and small models whose
     * sources were all found at their first slot, the MNIST MLP's first gradient met a collision there, trapped
     * (get@26) and made Backprop.gradient not entrant (WarmCold mixed 2, -XX:+LogCompilation, 2026-12-05, 1 of 2
     * runs). The sweep's own reads stay inline.
     */
    @SuppressWarnings("unchecked")
    V getOutOfLine(long id) {
        try {
            return (V) GET[0].invokeExact(this, id);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    private static Object getStatic(LongMap<?> map, long id) {
        return map.get(id);
    }

    private static final MethodHandle[] GET = {KernelHandles.find(MethodHandles.lookup(), LongMap.class, "getStatic",
            MethodType.methodType(Object.class, LongMap.class, long.class))};

    /**
     * Puts {@code value} under {@code id} unless the id has a value already; returns that value (then the map is
     * unchanged) or null. One probe where {@code get} then {@code put} take two.
     */
    @SuppressWarnings("unchecked")
    V putIfAbsent(long id, V value) {
        int i = slot(id);
        if (keys[i] == id) {
            return (V) values[i];
        }
        keys[i] = id;
        values[i] = value;
        size++;
        return null;
    }

    void put(long id, V value) {
        int i = slot(id);
        if (keys[i] == 0) {
            keys[i] = id;
            size++;
        }
        values[i] = value;
    }

    /** The slot holding {@code id}, or the empty slot where it goes (after growing if one more would pass half full). */
    private int slot(long id) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        long[] k = keys;
        int mask = k.length - 1;
        int i = LongSet.mix(id) & mask;
        while (k[i] != id && k[i] != 0) {
            i = (i + 1) & mask;
        }
        return i;
    }

    void remove(long id) {
        take(id);
    }

    /** Removes the value of {@code id} and returns it (null if absent): {@code get} and {@code remove} in one probe. */
    @SuppressWarnings("unchecked")
    V take(long id) {
        long[] k = keys;
        int mask = k.length - 1;
        int i = LongSet.mix(id) & mask;
        while (k[i] != id) {
            if (k[i] == 0) {
                return null;
            }
            i = (i + 1) & mask;
        }
        V taken = (V) values[i];
        // backward-shift: move later entries of the probe run into the hole. The entry at j stays when its home
        // slot lies cyclically in (hole, j], i.e. (home - hole - 1) mod size < (j - hole) mod size; otherwise it
        // moves into the hole, which moves to j. Written without a branch (stay: src = hole, a copy onto itself):
        // a JVM whose maps had never moved an entry compiled the move as a trap, and the first move made the
        // backward sweep's compiled code not entrant (WarmCold mixed 2, -XX:+LogCompilation, 2026-12-05: the
        // MNIST MLP's first steps trapped at take@128 and @135 in Backprop.gradient and Backprop.sweep)
        int hole = i;
        for (int j = (hole + 1) & mask; k[j] != 0; j = (j + 1) & mask) {
            int home = LongSet.mix(k[j]) & mask;
            int stay = (((home - hole - 1) & mask) - ((j - hole) & mask)) >>> 31;
            int src = j + stay * (hole - j);
            k[hole] = k[src];
            values[hole] = values[src];
            hole = src;
        }
        k[hole] = 0;
        values[hole] = null;
        size--;
        return taken;
    }

    private void grow() {
        long[] ok = keys;
        Object[] ov = values;
        keys = new long[ok.length * 2];
        values = new Object[ok.length * 2];
        size = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] != 0) {
                @SuppressWarnings("unchecked")
                V v = (V) ov[i];
                put(ok[i], v);
            }
        }
    }
}
