package io.gradtape.internal.kernels;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.ShapeRules;

/**
 * The connectionist temporal classification loss (Graves et al. 2006, "Connectionist Temporal Classification:
 * Labelling Unsegmented Sequence Data with Recurrent Neural Networks", ICML) and its gradient, by the forward-backward
 * algorithm in log space, in double precision whatever the dtype, one example per task.
 *
 * <p><b>The model is TensorFlow's dense {@code ctc_loss}</b> ({@code tensorflow/python/ops/ctc_ops.py}:
 * {@code ctc_loss_dense}, {@code _ctc_state_trans}, {@code ctc_state_log_probs}, {@code _forward_backward_log}),
 * which Keras 3's {@code ops.ctc_loss} calls on TensorFlow. For a padded label row of width {@code Lmax} it has
 * label states {@code 0..Lmax} (state 0 the start, state {@code i} "label i emitted") and blank states
 * {@code 0..Lmax} (state {@code i} "a blank after label i"). Moves: stay; start to label 1 or to blank 0; label
 * {@code i} to blank {@code i}; blank {@code i} to label {@code i+1}; label {@code i} to label {@code i+1} unless
 * the two labels are equal (a repeat needs a blank between). A label state emits its label's class (a padded value
 * outside {@code [0, classes)} emits with log-probability 0, as TensorFlow's {@code one_hot} row of zeros), a blank
 * state the blank, the start state nothing. The alignment starts in the start state before the first frame; after
 * {@code logitLength} frames it must end in label state or blank state {@code labelLength}.
 *
 * <p><b>Ends, and the one deliberate difference from TensorFlow.</b> TensorFlow weights every other end state by
 * {@link #LOG_ZERO}, its {@code log(1e-307)} in float32 (about {@code -706.9}), instead of making it impossible.
 * Here that is kept only for an <em>infeasible</em> example, one with fewer frames than its labels need
 * ({@code labelLength} plus one blank per adjacent equal pair among its labels), or whose every alignment has
 * probability 0 because of {@code -inf} logits: it gets TensorFlow's large finite
 * loss, about {@code 706.9} plus the negative log-probability of the best other ending, and a finite gradient
 * (PyTorch gives infinity there). A <em>feasible</em> example's other end states are impossible ({@code -inf}),
 * so it gets the exact CTC loss, as PyTorch's {@code F.ctc_loss} and Keras 3 on JAX and PyTorch do. TensorFlow
 * differs when the true alignments are more than about 707 nats less likely than an ending that stops short (long
 * label sequences, say 100 labels in 400 frames whose frames favour the blank): its penalty term then dominates,
 * the loss saturates near {@code 706.9} and the gradient almost vanishes, where here (and in PyTorch) the loss is
 * the true {@code 1278.14} of that example with a gradient of order 1 ({@code CtcLossTest}).
 *
 * <p><b>Gradient.</b> The exact derivative of that loss: with {@code gamma_t(s)} the posterior occupancy of state
 * {@code s} at frame {@code t} ({@code alpha + beta - logZ}, exponentiated), {@code d loss / d logits[t, c] =
 * softmax_c m_t - sum of gamma_t(s) over the states emitting c}, where {@code m_t}, the occupancy of the states
 * that emit a class, is 1 unless a padded out-of-range label is occupied: the standard "softmax minus occupancy".
 * Frames at or past {@code logitLength} get 0. Besides the saturated case above, TensorFlow's own gradient differs
 * in two places: it gives
 * {@code softmax} on frames past {@code logitLength} (its forward-backward masks their occupancy to zero but still
 * subtracts nothing from the softmax), and its forward pass also starts every other state at {@code log(1e-307)},
 * which changes nothing for a feasible example but mixes other alignments into an infeasible one's gradient; the
 * gradient here is the derivative of the loss returned, which finite differences confirm.
 */
public final class CtcKernels {
    /** TensorFlow's log of zero in ctc_state_log_probs: {@code float32(log(1e-307))}. */
    public static final double LOG_ZERO = (float) Math.log(1e-307);

    private CtcKernels() {
    }

    /** The per-example losses, shape {@code (batch,)}, of logits {@code (batch, time, classes)}. */
    public static Object loss(Params.Ctc p, Tensor logits, ShapeRules.Out out) {
        int batch = logits.shape().dim(0);
        double[] x = doubles(logits);
        double[] r = new double[batch];
        Parallel.forEach(batch, b -> r[b] = new Example(p, logits, x, b).loss());
        return out(r, out.dtype());
    }

    /** The gradient of each example's loss with respect to its logits, shape {@code (batch, time, classes)}. */
    public static Object gradient(Params.Ctc p, Tensor logits, ShapeRules.Out out) {
        int batch = logits.shape().dim(0);
        double[] x = doubles(logits);
        double[] r = new double[x.length];
        Parallel.forEach(batch, b -> new Example(p, logits, x, b).gradient(r));
        return out(r, out.dtype());
    }

    private static double[] doubles(Tensor t) {
        return (double[]) Convert.array(TensorAccess.data(t), DType.FLOAT64);
    }

    private static Object out(double[] d, DType dtype) {
        return dtype == DType.FLOAT64 ? d : Convert.array(d, dtype);
    }

    /** {@code log(e^a + e^b)}, exact where either is -inf. */
    static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double m = Math.max(a, b);
        return m + Math.log1p(Math.exp(Math.min(a, b) - m));
    }

    /** One example: its log-probabilities and the forward and backward variables of its states. */
    private static final class Example {
        private final int b;
        private final int time;
        private final int frames;
        private final int classes;
        private final int maxLabels;
        private final int labels;
        private final int blank;
        /** Per label state 1..Lmax: the class it emits, or -1 for none (log-probability 0). */
        private final int[] emits;
        /** Per label state 2..Lmax: whether label state i-1 may move straight to it (the labels differ). */
        private final boolean[] direct;
        /** log-softmax of the example's frames, {@code (frames, classes)}. */
        private final double[] logp;
        /**
         * Whether an alignment of nonzero probability exists: {@code frames >= labels + } the adjacent equal pairs
         * among the labels (each needs a blank between), and, found by {@link #logZ}, not every alignment ruled out
         * by {@code -inf} logits. Decides {@link #end}.
         */
        private boolean feasible;

        Example(Params.Ctc p, Tensor logits, double[] x, int b) {
            this.b = b;
            this.frames = p.logitLength()[b];
            this.classes = logits.shape().dim(2);
            this.maxLabels = p.maxLabelLength();
            this.labels = p.labelLength()[b];
            this.blank = p.blank();
            this.time = logits.shape().dim(1);
            emits = new int[maxLabels + 1];
            direct = new boolean[maxLabels + 1];
            long[] row = p.labels();
            for (int i = 1; i <= maxLabels; i++) {
                long r = row[b * maxLabels + i - 1];
                // TensorFlow's class order puts the blank first: class r of it is the blank for r = 0, class r - 1
                // for 1 <= r <= blank, class r above
                emits[i] = r < 0 || r >= classes ? -1 : r == 0 ? blank : r <= blank ? (int) r - 1 : (int) r;
                direct[i] = i >= 2 && row[b * maxLabels + i - 2] != r;
            }
            int needed = labels;
            for (int i = 2; i <= labels; i++) {
                if (!direct[i]) {
                    needed++;
                }
            }
            feasible = frames >= needed;
            logp = new double[frames * classes];
            int base = b * time * classes;
            for (int t = 0; t < frames; t++) {
                int o = base + t * classes;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    max = Math.max(max, x[o + c]);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.exp(x[o + c] - max);
                }
                double lse = max + Math.log(sum);
                for (int c = 0; c < classes; c++) {
                    logp[t * classes + c] = x[o + c] - lse;
                }
            }
        }

        /** The log-probability label state {@code i >= 1} emits at frame {@code t}. */
        private double label(int t, int i) {
            return emits[i] < 0 ? 0 : logp[t * classes + emits[i]];
        }

        /**
         * The weight of ending in label state {@code i} (or, the same, blank state {@code i}): 0 for
         * {@code labelLength}; any other end is impossible for a feasible example and TensorFlow's {@link #LOG_ZERO}
         * for an infeasible one (see the class comment). Used by both {@link #logZ} and the start of the backward
         * recursion ({@link #gradient} calls {@link #logZ} first, which settles {@link #feasible}), so the gradient
         * is the derivative of the loss returned. A feasible example has a finite {@code log Z}, so the {@code -inf}
         * ends only meet {@link CtcKernels#logAdd} (exact with -inf) and {@code exp(-inf - z) = 0}: no NaN.
         */
        private double end(int i) {
            return i == labels ? 0 : feasible ? Double.NEGATIVE_INFINITY : LOG_ZERO;
        }

        /**
         * The forward variables: {@code alpha[t][i]} for label state i, {@code alpha[t][Lmax + 1 + i]} for blank
         * state i, after frame t.
         */
        private double[][] forward() {
            int n = maxLabels + 1;
            double[][] alpha = new double[frames][2 * n];
            double[] prev = new double[2 * n];
            java.util.Arrays.fill(prev, Double.NEGATIVE_INFINITY);
            prev[0] = 0;   // the start state, before the first frame
            for (int t = 0; t < frames; t++) {
                double[] a = alpha[t];
                double pb = logp[t * classes + blank];
                a[0] = Double.NEGATIVE_INFINITY;   // the start state emits nothing
                for (int i = 1; i < n; i++) {
                    double in = logAdd(prev[i], prev[n + i - 1]);
                    if (i == 1) {
                        in = logAdd(in, prev[0]);
                    } else if (direct[i]) {
                        in = logAdd(in, prev[i - 1]);
                    }
                    a[i] = in + label(t, i);
                }
                for (int i = 0; i < n; i++) {
                    a[n + i] = logAdd(prev[n + i], prev[i]) + pb;
                }
                prev = a;
            }
            return alpha;
        }

        /**
         * {@code log Z}: every alignment from the start state, its end weighted by {@link #end}. If a feasible
         * example's exact {@code log Z} is {@code -inf} (only -inf logits do that), it is treated as infeasible:
         * TensorFlow's finite value, not an infinite loss with a NaN gradient.
         */
        private double logZ(double[][] alpha) {
            double z = endWeighted(alpha);
            if (feasible && z == Double.NEGATIVE_INFINITY) {
                feasible = false;
                z = endWeighted(alpha);
            }
            return z;
        }

        private double endWeighted(double[][] alpha) {
            int n = maxLabels + 1;
            if (frames == 0) {
                return end(0);
            }
            double[] last = alpha[frames - 1];
            double z = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                z = logAdd(z, last[i] + end(i));
                z = logAdd(z, last[n + i] + end(i));
            }
            return z;
        }

        double loss() {
            return -logZ(forward());
        }

        /** Writes this example's gradient into {@code g} (batch, time, classes); frames past its length stay 0. */
        void gradient(double[] g) {
            int n = maxLabels + 1;
            double[][] alpha = forward();
            double z = logZ(alpha);
            double[] beta = new double[2 * n];
            for (int i = 0; i < n; i++) {
                beta[i] = end(i);
                beta[n + i] = end(i);
            }
            double[] next = new double[2 * n];
            double[] occ = new double[classes];
            for (int t = frames - 1; t >= 0; t--) {
                // occupancy at frame t from alpha[t] and beta (the weight of what follows frame t)
                java.util.Arrays.fill(occ, 0);
                double emitting = 0;
                double[] a = alpha[t];
                for (int i = 1; i < n; i++) {
                    double gam = Math.exp(a[i] + beta[i] - z);
                    if (emits[i] >= 0) {
                        occ[emits[i]] += gam;
                        emitting += gam;
                    }
                }
                for (int i = 0; i < n; i++) {
                    double gam = Math.exp(a[n + i] + beta[n + i] - z);
                    occ[blank] += gam;
                    emitting += gam;
                }
                int o = (b * time + t) * classes;
                for (int c = 0; c < classes; c++) {
                    g[o + c] = Math.exp(logp[t * classes + c]) * emitting - occ[c];
                }
                if (t == 0) {
                    break;
                }
                // beta before frame t: each state's successors, with frame t's emission
                double pb = logp[t * classes + blank];
                for (int i = 0; i < n; i++) {
                    double toBlank = beta[n + i] + pb;
                    double stay = i == 0 ? Double.NEGATIVE_INFINITY : beta[i] + label(t, i);
                    double s = logAdd(stay, toBlank);
                    if (i + 1 < n && (i == 0 || direct[i + 1])) {
                        s = logAdd(s, beta[i + 1] + label(t, i + 1));
                    }
                    next[i] = s;
                    double fromBlank = beta[n + i] + pb;
                    if (i + 1 < n) {
                        fromBlank = logAdd(fromBlank, beta[i + 1] + label(t, i + 1));
                    }
                    next[n + i] = fromBlank;
                }
                double[] swap = beta;
                beta = next;
                next = swap;
            }
        }
    }
}
