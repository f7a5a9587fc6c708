package io.gradtape.internal.autodiff;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.ops.Primitive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a target is connected to a source on one tape, for {@code GradientTape.explain}, computed on the record's
 * structure ({@link Tape#skeleton()}), which a one-shot tape keeps after its gradient call released the entries.
 *
 * <ol>
 *   <li><b>Walk</b> the entries forward from the source. A tensor an entry makes from a reached floating input is
 *       <em>reached</em>, unless the entry <em>cuts</em>: {@code stopGradient}, an op whose derivative rule gives
 *       none ({@link VjpRules#hasGradient}), or one whose result is not floating (a cast to an integer, a
 *       comparison, an argmax: integer tensors carry no gradient and ops on them are not recorded).</li>
 *   <li><b>Attribute</b>: a cut's output, and every tensor made from it, carries the set of cuts it came through
 *       (a bit per cut, the 64th standing for all later ones).</li>
 *   <li><b>Answer</b> with the cuts the target carries: only those on a path from the source to the target. A
 *       target that is not on the tape may have been made from an integer result (ops on integers are not
 *       recorded, so the path beyond it is invisible): then the integer cuts made before the target count.</li>
 * </ol>
 */
public final class PathAnalysis {
    /** What the walk found. */
    public record Result(boolean sourceOnTape, boolean targetOnTape, boolean targetReached, List<String> cuts) {
    }

    private static final Primitive[] OPS = Primitive.values();
    private static final DType[] DTYPES = DType.values();

    private PathAnalysis() {
    }

    /** Analyzes the path from {@code source} to {@code target} on {@code tape}. */
    public static Result analyze(Tape tape, Tensor target, Tensor source) {
        long[] s = tape.skeleton();
        LongSet reached = new LongSet();
        LongMap<long[]> through = new LongMap<>(); // tensor id -> the cuts it came through (one long of bits)
        reached.add(TensorAccess.id(source));
        Map<String, Integer> cuts = new LinkedHashMap<>(); // description -> bit
        List<long[]> cutOutputs = new ArrayList<>(); // {output id, bit} of integer-result cuts
        for (int k = 0; k < s.length; ) {
            long out = s[k];
            long head = s[k + 1];
            int n = (int) head; // Tape.skeletonHead
            Primitive op = OPS[(int) (head >>> 40)];
            DType dtype = DTYPES[(int) ((head >>> 32) & 0xff)];
            boolean fromReached = false;
            long bits = 0;
            for (int j = 0; j < n; j++) {
                long id = s[k + 2 + j];
                fromReached |= id > 0 && reached.contains(id);
                long[] b = through.get(Math.abs(id));
                bits |= b == null ? 0 : b[0];
            }
            k += 2 + n;
            if (fromReached) {
                if (cuts(op, dtype)) {
                    String d = describe(op, dtype);
                    int bit = cuts.computeIfAbsent(d, x -> Math.min(cuts.size(), 63));
                    bits |= 1L << bit;
                    if (!dtype.isFloating()) {
                        cutOutputs.add(new long[] {out, bit});
                    }
                } else {
                    reached.add(out);
                }
            }
            if (bits != 0) {
                through.put(out, new long[] {bits});
            }
        }
        long t = TensorAccess.id(target);
        boolean targetOnTape = tape.tracks(target);
        long bits = 0;
        if (through.get(t) != null) {
            bits = through.get(t)[0];
        } else if (!targetOnTape) {
            for (long[] c : cutOutputs) {
                if (c[0] < t) { // an integer result made before the target: a path may go on off the tape
                    bits |= 1L << c[1];
                }
            }
        }
        List<String> relevant = new ArrayList<>();
        for (Map.Entry<String, Integer> c : cuts.entrySet()) {
            if ((bits & (1L << c.getValue())) != 0) {
                relevant.add(c.getKey());
            }
        }
        return new Result(tape.tracks(source), targetOnTape, reached.contains(t), relevant);
    }

    /** Whether the entry cuts the gradient: its rule gives none ({@link VjpRules#hasGradient}) or its result is not floating. */
    public static boolean cuts(TapeEntry e) {
        return cuts(e.op(), e.output().dtype());
    }

    private static boolean cuts(Primitive op, DType out) {
        return !VjpRules.hasGradient(op) || !out.isFloating();
    }

    private static String describe(Primitive op, DType out) {
        if (op == Primitive.STOP_GRADIENT) {
            return "stopGradient";
        }
        if (out.isFloating()) {
            return op.opName() + ", which has no gradient";
        }
        return op.opName() + " (its result has dtype " + out + ": integer and bool tensors carry no gradient)";
    }
}
