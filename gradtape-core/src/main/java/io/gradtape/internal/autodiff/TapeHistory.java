package io.gradtape.internal.autodiff;

import io.gradtape.Tensor;
import io.gradtape.Variable;
import io.gradtape.internal.TensorAccess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a {@code GradientTape} remembers of its past for {@code explain}, and the explanation itself. The id
 * watermark ({@code TensorAccess.idWatermark}) separates every tensor made before it, on any thread, from every
 * tensor made after it (see {@code io.gradtape.TensorIds}), so "made before" and "made while paused" are
 * comparisons with the watermark taken at each event: a watch (id, watermark, reset epoch), the start and end of
 * each pause, and the number of resets. No tensor is referenced, so the history holds no memory alive.
 *
 * <p>The explanation tries the causes in order: an integer source; the source not on the tape (discarded by
 * reset, a non-trainable variable, watchAccessedVariables off, a variable never read, never watched); connected;
 * a path cut by stopGradient, an integer result or an op without gradient ({@link PathAnalysis}); a one-shot
 * record already released; a target made before the watch, while paused, after the tape stopped, or elsewhere.
 */
public final class TapeHistory {
    private final List<long[]> notRecording = new ArrayList<>(0); // [from, to) id ranges made while paused
    private long stoppedAt = -1;
    private long[] watchLog = new long[0]; // (id, id watermark, epoch) per watch
    private int watchCount;
    private int epoch;

    /** Recording (re)started. */
    public void started() {
        if (stoppedAt >= 0) {
            notRecording.add(new long[] {stoppedAt, TensorAccess.idWatermark()});
            stoppedAt = -1;
        }
    }

    /** Recording stopped (close, a pause, a one-shot gradient). */
    public void stopped() {
        stoppedAt = TensorAccess.idWatermark();
    }

    /** A tensor was newly watched. */
    public void watched(Tensor t) {
        if (3 * (watchCount + 1) > watchLog.length) {
            watchLog = Arrays.copyOf(watchLog, Math.max(12, 2 * watchLog.length));
        }
        watchLog[3 * watchCount] = TensorAccess.id(t);
        watchLog[3 * watchCount + 1] = TensorAccess.idWatermark();
        watchLog[3 * watchCount + 2] = epoch;
        watchCount++;
    }

    /** The record and the watches were discarded. */
    public void reset() {
        epoch++;
    }

    /** {watermark, epoch} of the first watch of the id, or null. */
    private long[] firstWatch(long id) {
        for (int i = 0; i < watchCount; i++) {
            if (watchLog[3 * i] == id) {
                return new long[] {watchLog[3 * i + 1], watchLog[3 * i + 2]};
            }
        }
        return null;
    }

    /**
     * Why the gradient of {@code target} with respect to {@code source} is null (or that it is not).
     *
     * @param t                      the live record, or a one-shot tape's released one
     * @param released               whether {@code t} was released by a one-shot gradient call
     * @param watchAccessedVariables the tape's setting
     */
    public String explain(Tape t, boolean released, boolean watchAccessedVariables, Tensor target, Tensor source) {
                if (!source.dtype().isFloating()) {
            return "The source has dtype " + source.dtype() + ": only float32 and float64 tensors carry gradients.";
        }
        if (target == source) {
            return "Connected: the target is the source itself, so its gradient is ones.";
        }
        PathAnalysis.Result r = PathAnalysis.analyze(t, target, source);
        long[] watched = firstWatch(TensorAccess.id(source));
        if (!r.sourceOnTape()) {
            if (watched != null && watched[1] < epoch) {
                return "The source was watched, but reset() later discarded that watch and everything recorded before it.";
            }
            if (source instanceof Variable) {
                Variable v = (Variable) source;
                if (!v.trainable()) {
                    return "The source is a non-trainable variable (made so, or frozen by its module's setTrainable(false)): "
                            + "tapes watch only trainable variables automatically. Call tape.watch(v).";
                }
                if (!watchAccessedVariables) {
                    return "The tape was built with watchAccessedVariables=false and the variable was never watched. Call tape.watch(v).";
                }
                return "The variable was never read while this tape was recording on its thread, so the tape never watched it.";
            }
            return "The source was never watched: call tape.watch(x) before computing with it. Only trainable variables "
                    + "are watched automatically; a tensor computed from unwatched inputs is not on the tape either.";
        }
        if (r.targetReached()) {
            return "Connected: the target depends on the source through recorded ops, so the gradient is not null "
                    + "(it may still be zero).";
        }
        if (!r.cuts().isEmpty()) {
            return "Every path from the source to the target is cut by " + String.join("; ", r.cuts()) + ".";
        }
        if (released && r.targetOnTape()) {
            return "This non-persistent tape was already used: its gradient call released the record, so the path "
                    + "from the source to the target cannot be inspected. Record again with new GradientTape(true) and "
                    + "call explain before or after gradient to see which op cuts the path.";
        }
        if (!r.targetOnTape()) {
            String thread = TapeStack.computedOn(t, target);
            if (thread != null) {
                return "The target was computed on another thread ('" + thread + "') from tensors this tape watches: a "
                        + "tape records only the ops of its own thread, so gradient refuses it rather than return a "
                        + "partial result. Compute it on the tape's thread (stream() instead of parallelStream()).";
            }
            long id = TensorAccess.id(target);
            if (watched != null && id < watched[0]) {
                return "The target was computed before the source was watched: watching does not record earlier ops. "
                        + "Call tape.watch(x) before using x.";
            }
            for (long[] range : notRecording) {
                if (id >= range[0] && id < range[1]) {
                    return "The target was computed while this tape was not recording (inside stopRecording(), or outside "
                            + "the tape's block).";
                }
            }
            if (stoppedAt >= 0 && id >= stoppedAt) {
                return "The target was computed after this tape stopped recording (after close() or inside stopRecording()).";
            }
            return "The target was not recorded: it was computed on another thread (a tape records only the thread that "
                    + "opened it), or only from tensors that are not on the tape.";
        }
        return "The target does not depend on the source: it was computed from other tensors.";
    }
}
