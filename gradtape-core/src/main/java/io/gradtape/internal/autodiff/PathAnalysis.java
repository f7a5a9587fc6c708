package io.gradtape.internal.autodiff;

import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.ops.Primitive;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a target is connected to a source on one tape, for {@code GradientTape.explain}. It walks the entries
 * forward from the source, marking every tensor an entry makes from a marked floating input ("reached"), and
 * notes the entries that cut the gradient on the way: {@code stopGradient}, any op whose result is not floating
 * (a cast to an integer, a comparison, an argmax: integer tensors carry no gradient and ops on them are not
 * recorded), and ops whose derivative rule gives nothing for the reached input.
 */
public final class PathAnalysis {
    /** What the walk found. */
    public record Result(boolean sourceOnTape, boolean targetOnTape, boolean targetReached, List<String> cuts) {
    }

    private PathAnalysis() {
    }

    /** Analyzes the path from {@code source} to {@code target} on {@code tape}. */
    public static Result analyze(Tape tape, Tensor target, Tensor source) {
        LongSet reached = new LongSet();
        LongSet cutReached = new LongSet(); // reached only through a cut
        long src = TensorAccess.id(source);
        reached.add(src);
        Set<String> cuts = new LinkedHashSet<>();
        List<TapeEntry> entries = new ArrayList<>(tape.entries);
        for (TapeEntry e : entries) {
            if (e == null) {
                continue;
            }
            boolean fromReached = false;
            boolean fromCut = false;
            for (Tensor in : e.inputs()) {
                long id = TensorAccess.id(in);
                fromReached |= in.dtype().isFloating() && reached.contains(id);
                fromCut |= cutReached.contains(id);
            }
            long out = TensorAccess.id(e.output());
            if (fromReached) {
                if (cuts(e)) {
                    cuts.add(describe(e));
                    cutReached.add(out);
                } else {
                    reached.add(out);
                }
            } else if (fromCut) {
                cutReached.add(out);
            }
        }
        long t = TensorAccess.id(target);
        boolean targetReached = reached.contains(t);
        List<String> relevant = new ArrayList<>(cuts);
        if (!targetReached && !cutReached.contains(t) && !tape.tracks(target)) {
            // cuts by integer results explain an unrecorded target too: ops on integers are never recorded
            relevant.removeIf(c -> !c.contains("integer"));
        } else if (!targetReached && !cutReached.contains(t)) {
            relevant.clear();
        }
        return new Result(tape.tracks(source), tape.tracks(target), targetReached, relevant);
    }

    /** Whether the entry cuts the gradient: its rule gives none ({@link VjpRules#hasGradient}) or its result is not floating. */
    public static boolean cuts(TapeEntry e) {
        return !VjpRules.hasGradient(e.op()) || !e.output().dtype().isFloating();
    }

    private static String describe(TapeEntry e) {
        if (e.op() == Primitive.STOP_GRADIENT) {
            return "stopGradient";
        }
        if (e.output().dtype().isFloating()) {
            return e.op().opName() + ", which has no gradient";
        }
        return e.op().opName() + " (its result has dtype " + e.output().dtype() + ": integer and bool tensors carry no gradient)";
    }
}
