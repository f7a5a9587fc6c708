package io.gradtape.optimizers;

import io.gradtape.Variable;

import java.util.Arrays;
import java.util.List;

/**
 * Adafactor (Shazeer &amp; Stern, "Adafactor: Adaptive Learning Rates with Sublinear Memory Cost", ICML 2018):
 * Keras 3's {@code Adafactor} ({@code keras/src/optimizers/adafactor.py}). Defaults: {@code learningRate = 0.001},
 * {@code beta2Decay = -0.8}, {@code epsilon1 = 1e-30}, {@code epsilon2 = 1e-3}, {@code clipThreshold = 1}.
 *
 * <p>Update at step {@code t} (from 1), with gradient {@code g}, {@code rms(x) = sqrt(mean(x^2))} over the whole
 * variable:
 * <pre>
 *   rho   = min(lr, 1 / sqrt(t))                      relative step size
 *   alpha = max(epsilon2, rms(w)) * rho               scaled by the parameters' size
 *   beta  = 1 - t^beta2Decay                          0 at the first step, then growing towards 1
 *   G     = g^2 + epsilon1
 *   rank &gt;= 2, the last two axes factored (the leading axes index independent matrices):
 *     r = beta * r + (1 - beta) * mean(G, last axis)                 shape[:-1]
 *     c = beta * c + (1 - beta) * mean(G, second-to-last axis)       shape[:-2] + shape[-1]
 *     v = r / mean(r, last axis), times c (outer product per matrix)
 *   rank &lt; 2:
 *     v = beta * v + (1 - beta) * G
 *   u = g / sqrt(v)
 *   w = w - alpha * u / max(1, rms(u) / clipThreshold)
 * </pre>
 * For an {@code m x n} matrix the second moment costs {@code m + n} numbers instead of {@code m n}: slots
 * {@code r} and {@code c} (the names of Keras's attributes, the paper's {@code R} and {@code C}), zeros of the
 * shapes above; a variable of rank 0 or 1 has one slot {@code velocity} of its shape (Keras's name). There is no
 * first moment (the paper's {@code beta1 = 0}, as Keras). The scalars are computed in the variable's dtype in
 * Keras's order; the means and root mean squares are summed in double and rounded to the dtype.
 *
 * <p>Differences from Keras 3, none of which changes a step:
 * <ul>
 *   <li>Keras's {@code relative_step} flag is not an option: its {@code update_step} takes
 *       {@code min(lr, 1 / sqrt(t))} once under the flag and again for {@code rho_t} whatever the flag, so the flag
 *       changes nothing; here {@code rho} is always that minimum, for a constant rate and a schedule alike. Pass
 *       a learning rate of at least 1 for the paper's pure {@code 1 / sqrt(t)} decay.</li>
 *   <li>Keras keeps a full-size {@code velocity} for every variable, also a factored one whose {@code v} it
 *       recomputes from {@code r} and {@code c} at every step before reading it, and placeholder scalars
 *       {@code r}, {@code c} for the others; here a factored variable has only {@code r} and {@code c}, so its
 *       optimizer state really is sublinear.</li>
 *   <li>An empty variable is left as it is (Keras's means over no elements would be NaN).</li>
 * </ul>
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.ones(DType.FLOAT32, 2, 3));
 * Adafactor opt = Adafactor.builder().learningRate(0.1).build();
 * opt.applyGradients(List.of(Tensors.ones(DType.FLOAT32, 2, 3)), List.of(w));
 * w.toFloatArray();            // 0.9f everywhere: alpha = rms(w) * min(0.1, 1) = 0.1, u = 1
 * opt.slots(w).keySet();       // [r, c], of shapes (2) and (3)
 * }</pre>
 */
public final class Adafactor extends Optimizer {
    private final double beta2Decay;
    private final double epsilon1;
    private final double epsilon2;
    private final double clipThreshold;
    /** The column sums and the means of {@code r} of a factored update, grown as needed. */
    private double[] scratch = new double[0];

    /**
     * Adafactor with Keras's defaults.
     *
     * <pre>{@code
     * Adafactor opt = new Adafactor();
     * }</pre>
     */
    public Adafactor() {
        this(builder());
    }

    /**
     * Adafactor with the given learning rate (the cap of the relative step size {@code min(lr, 1 / sqrt(t))}) and
     * the other defaults.
     *
     * <pre>{@code
     * Adafactor opt = new Adafactor(0.01);
     * }</pre>
     *
     * @param learningRate a finite positive number
     */
    public Adafactor(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    /**
     * Adafactor with a learning-rate schedule and the other defaults, as Keras's
     * {@code Adafactor(learning_rate=schedule)}: the schedule is evaluated at {@link Optimizer#iterations()} before
     * each step, and the step size is still capped at {@code 1 / sqrt(t)}.
     *
     * <pre>{@code
     * Adafactor opt = new Adafactor(new CosineDecay(1e-2, 1000));
     * }</pre>
     *
     * @param learningRate the schedule
     */
    public Adafactor(LearningRateSchedule learningRate) {
        this(builder().learningRate(learningRate));
    }

    private Adafactor(Builder b) {
        super(b);
        this.beta2Decay = b.beta2Decay;
        this.epsilon1 = b.epsilon1;
        this.epsilon2 = b.epsilon2;
        this.clipThreshold = b.clipThreshold;
    }

    /**
     * A builder with Keras's defaults.
     *
     * <pre>{@code
     * Adafactor opt = Adafactor.builder().learningRate(0.01).clipThreshold(2.0).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether a variable's second moment is factored: rank 2 or more, as Keras's {@code build}. */
    private static boolean factored(Variable v) {
        return v.shape().rank() >= 2;
    }

    @Override
    List<String> slotNames() {
        return List.of("r", "c");
    }

    @Override
    List<String> slotNames(Variable v) {
        return factored(v) ? slotNames() : List.of("velocity");
    }

    @Override
    int[] slotDims(String name, Variable v) {
        int[] d = v.shape().dims();
        switch (name) {
            case "r":   // shape[:-1]
                return Arrays.copyOf(d, d.length - 1);
            case "c": { // shape[:-2] + shape[-1:]
                int[] c = Arrays.copyOf(d, d.length - 1);
                c[d.length - 2] = d[d.length - 1];
                return c;
            }
            default:
                return d;
        }
    }

    @Override
    void update(Step s) {
        if (s.n == 0) {
            return;
        }
        // Keras 3's update_step, the scalars in the variable's dtype: local_step = cast(t);
        // rho_t = min(lr, 1 / sqrt(local_step)); alpha_t = max(epsilon_2, rms(w)) * rho_t;
        // beta_2_t = 1 - power(local_step, beta_2_decay)
        double t = s.cast(s.t);
        double rho = Math.min(s.lr, s.div(1, s.sqrt(t)));
        double alpha = s.mul(Math.max(s.cast(epsilon2), s.rmsOfVariable()), rho);
        double beta = s.sub(1, s.cast(Math.pow(t, s.cast(beta2Decay))));
        boolean factored = s.shape.rank() >= 2;
        if (factored) {
            int rank = s.shape.rank(), rows = s.shape.dim(rank - 2), cols = s.shape.dim(rank - 1);
            int need = s.n / rows + s.n / (rows * cols);   // batch * cols column sums, batch means of r
            if (scratch.length < need) {
                scratch = new double[need];
            }
        }
        s.adafactor(factored, beta, s.sub(1, beta), s.cast(epsilon1), alpha, s.cast(clipThreshold), scratch);
    }

    /**
     * {@link Adafactor}'s hyperparameters.
     *
     * <pre>{@code
     * Adafactor opt = Adafactor.builder().beta2Decay(-0.5).epsilon2(1e-4).build();
     * }</pre>
     */
    public static final class Builder extends Optimizer.Builder<Builder, Adafactor> {
        double beta2Decay = -0.8;
        double epsilon1 = 1e-30;
        double epsilon2 = 1e-3;
        double clipThreshold = 1.0;

        Builder() {
            super(0.001);
        }

        /**
         * The exponent of the second moment's decay schedule {@code beta = 1 - t^beta2Decay}, at most 0 (default
         * -0.8, the paper's): the closer to 0, the shorter the memory; 0 keeps none ({@code beta = 0}).
         *
         * <pre>{@code
         * Adafactor.builder().beta2Decay(-0.5);
         * }</pre>
         *
         * @param beta2Decay a finite number, at most 0
         * @return this builder
         * @throws IllegalArgumentException if it is positive (then {@code beta} would be negative) or not finite
         */
        public Builder beta2Decay(double beta2Decay) {
            if (!(beta2Decay <= 0) || !Double.isFinite(beta2Decay)) {
                throw new IllegalArgumentException("Adafactor: beta2Decay must be finite and <= 0 (beta = 1 - t^beta2Decay "
                        + "must stay in [0, 1)), got " + beta2Decay);
            }
            this.beta2Decay = beta2Decay;
            return this;
        }

        /**
         * The constant added to each squared gradient, which keeps the second moment (and its row means) above
         * zero (default 1e-30).
         *
         * <pre>{@code
         * Adafactor.builder().epsilon1(1e-20);
         * }</pre>
         *
         * @param epsilon1 a finite positive number
         * @return this builder
         * @throws IllegalArgumentException if it is not finite and positive (a zero would divide zero by zero for a
         *                                  gradient that is zero in a whole row)
         */
        public Builder epsilon1(double epsilon1) {
            if (!(epsilon1 > 0) || !Double.isFinite(epsilon1)) {
                throw new IllegalArgumentException("Adafactor: epsilon1 must be finite and positive (it keeps g^2 + "
                        + "epsilon1 above 0), got " + epsilon1);
            }
            this.epsilon1 = epsilon1;
            return this;
        }

        /**
         * The least parameter scale in the step size {@code max(epsilon2, rms(w)) * rho} (default 1e-3): lets
         * variables that start at zero move.
         *
         * <pre>{@code
         * Adafactor.builder().epsilon2(1e-4);
         * }</pre>
         *
         * @param epsilon2 a finite non-negative number
         * @return this builder
         */
        public Builder epsilon2(double epsilon2) {
            this.epsilon2 = nonNegative("epsilon2", epsilon2);
            return this;
        }

        /**
         * The update clipping threshold {@code d}: the update {@code u} is scaled down to a root mean square of at
         * most {@code d} (default 1). Part of the algorithm, independent of {@code clipNorm}, {@code clipValue}
         * and {@code globalClipNorm}, which clip the gradients before it.
         *
         * <pre>{@code
         * Adafactor.builder().clipThreshold(2.0);
         * }</pre>
         *
         * @param clipThreshold a finite positive number
         * @return this builder
         */
        public Builder clipThreshold(double clipThreshold) {
            if (!(clipThreshold > 0) || !Double.isFinite(clipThreshold)) {
                throw new IllegalArgumentException("Adafactor: clipThreshold must be finite and positive, got " + clipThreshold);
            }
            this.clipThreshold = clipThreshold;
            return this;
        }

        @Override
        Adafactor make() {
            return new Adafactor(this);
        }
    }
}
