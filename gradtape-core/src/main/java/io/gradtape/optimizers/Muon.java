package io.gradtape.optimizers;

import io.gradtape.Variable;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Muon, momentum orthogonalized by Newton-Schulz (Jordan et al., "Muon: An optimizer for hidden layers in neural
 * networks", 2024, https://kellerjordan.github.io/posts/muon/ and github.com/KellerJordan/Muon; with the update
 * scaling of Liu et al., "Muon is Scalable for LLM Training", 2025, arXiv:2502.16982): Keras 3's {@code Muon}
 * ({@code keras/src/optimizers/muon.py}). Each matrix (rank 2) takes the Muon step; every other variable, and the
 * matrices passed to {@link #useAdamW}, take AdamW's. Defaults (Keras's): {@code learningRate = 0.001},
 * {@code momentum = 0.95}, {@code nesterov = true}, {@code nsSteps = 5}, Newton-Schulz coefficients
 * {@code (a, b, c) = (3.4445, -4.7750, 2.0315)}, {@code rmsRate = 0.2}, {@code weightDecay = 0.004}; for the AdamW
 * step {@code adamBeta1 = 0.9}, {@code adamBeta2 = 0.999}, {@code epsilon = 1e-7}, {@code adamWeightDecay = 0.004},
 * {@code adamLrRatio = 1}.
 *
 * <p>Muon step of a {@code rows x cols} matrix, with gradient {@code g}:
 * <pre>
 *   m = momentum * m + g                              (Keras: m + (g + m * (momentum - 1)))
 *   G = g + momentum * m    (nesterov)    or    G = m
 *   X = G / (||G||_F + 1e-7), transposed if rows &gt; cols
 *   nsSteps times:  A = X X^T;  X = a X + (b A + c A A) X
 *   w = w - lr * X * sqrt(max(rows, cols)) * rmsRate        (X transposed back; without rmsRate: w - lr * X)
 * </pre>
 * The quintic Newton-Schulz iteration drives the singular values of {@code X} towards 1 without a decomposition, so
 * the step is about {@code U V^T} of {@code G = U S V^T}: every direction of the matrix moves by a similar amount.
 * The factor {@code sqrt(max(rows, cols)) * rmsRate} gives the update a root mean square near {@code rmsRate}, as
 * AdamW's, so the two can share the learning rate and weight decay. AdamW step: {@link Adam}'s update with the
 * learning rate {@code lr * adamLrRatio}. Decoupled weight decay before either: {@code w -= w * wd * lr}, with
 * {@code wd = adamWeightDecay} on the AdamW path and {@code weightDecay} on the Muon path (and the full {@code lr}).
 *
 * <p>Slots: {@code momentum} on both paths and {@code velocity} on the AdamW path, zeros, Keras's names (Keras
 * also tells the paths apart by the velocity). The Newton-Schulz iteration runs in double precision and rounds only
 * the new variable to its dtype; Keras runs it in the variable's dtype, so float32 results differ from a float32
 * transcription of Keras by about 1e-7 relative (four steps of a 3x4 matrix), float64 ones by 1e-16.
 *
 * <p>Differences from Keras 3: Keras picks the AdamW path also for variables whose path contains
 * {@code "embedding"} ({@code exclude_embeddings}, default true) or matches a pattern of {@code exclude_layers};
 * gradtape's variables carry no path, so pass those to {@link #useAdamW} (Keras's advice: embeddings and the
 * output layer). On the Muon path Keras multiplies a float64 variable's update by its float32 learning-rate
 * variable and a float32 {@code sqrt(max(rows, cols))}; here both are in the variable's dtype, as on every other
 * path (a difference of about 1e-8 relative).
 *
 * <pre>{@code
 * Variable kernel = new Variable(Tensors.constant(new float[] {1f, 2f, 3f, 4f}, 2, 2));
 * Variable bias = new Variable(Tensors.zeros(DType.FLOAT32, 2));
 * Muon opt = Muon.builder().learningRate(0.02).weightDecay(0).adamWeightDecay(0).build();
 * opt.applyGradients(List.of(Tensors.constant(new float[] {1f, 0f, 0f, 1f}, 2, 2),
 *         Tensors.constant(new float[] {1f, -1f}, 2)), List.of(kernel, bias));
 * kernel.toFloatArray();   // about [0.9937, 2.0, 3.0, 3.9937]: G = 1.95 I, X = 1.108 I after five iterations
 * opt.slots(bias).keySet();   // [momentum, velocity]: a vector takes the AdamW step
 * }</pre>
 */
public final class Muon extends Optimizer {
    private final double momentum;
    private final boolean nesterov;
    private final int nsSteps;
    private final double a;
    private final double b;
    private final double c;
    private final double rmsRate;
    private final double adamBeta1;
    private final double adamBeta2;
    private final double epsilon;
    private final double adamWeightDecay;
    private final double adamLrRatio;
    private final Set<Variable> adamW = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The Newton-Schulz iteration's matrices, grown as needed. */
    private double[] x = new double[0], y = new double[0], p = new double[0], q = new double[0];

    /**
     * Muon with Keras's defaults.
     *
     * <pre>{@code
     * Muon opt = new Muon();
     * }</pre>
     */
    public Muon() {
        this(builder());
    }

    /**
     * Muon with the given learning rate and the other defaults.
     *
     * <pre>{@code
     * Muon opt = new Muon(0.02);
     * }</pre>
     *
     * @param learningRate a finite positive number
     */
    public Muon(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    /**
     * Muon with a learning-rate schedule and the other defaults, as Keras's {@code Muon(learning_rate=schedule)}: the
     * schedule is evaluated at {@link Optimizer#iterations()} before each step.
     *
     * <pre>{@code
     * Muon opt = new Muon(new CosineDecay(0.02, 1000));
     * }</pre>
     *
     * @param learningRate the schedule
     */
    public Muon(LearningRateSchedule learningRate) {
        this(builder().learningRate(learningRate));
    }

    private Muon(Builder bld) {
        super(bld);
        this.momentum = bld.momentum;
        this.nesterov = bld.nesterov;
        this.nsSteps = bld.nsSteps;
        this.a = bld.a;
        this.b = bld.b;
        this.c = bld.c;
        this.rmsRate = bld.rmsRate;
        this.adamBeta1 = bld.adamBeta1;
        this.adamBeta2 = bld.adamBeta2;
        this.epsilon = bld.epsilon;
        this.adamWeightDecay = bld.adamWeightDecay;
        this.adamLrRatio = bld.adamLrRatio;
    }

    /**
     * A builder with Keras's defaults.
     *
     * <pre>{@code
     * Muon opt = Muon.builder().learningRate(0.02).momentum(0.9).nesterov(false).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Puts matrices on the AdamW path (Keras's {@code exclude_layers} and {@code exclude_embeddings}), typically an
     * embedding table and the output layer's kernel; variables of another rank take it anyway. Call it before the
     * first step and before restoring a checkpoint: the paths keep different slots. Slots made by a {@link #build}
     * before any step (a checkpoint's {@code keys}, {@code save} or a failed restore builds them) are re-created.
     *
     * <pre>{@code
     * Variable embeddings = new Variable(Tensors.zeros(DType.FLOAT32, 100, 16));
     * Muon opt = new Muon();
     * opt.useAdamW(List.of(embeddings));
     * }</pre>
     *
     * @param vars the variables
     * @throws IllegalStateException if a variable has Muon-path slots and this optimizer has stepped, or those slots
     *     no longer hold zeros (nothing is changed then)
     * @throws NullPointerException  if the list or a variable is null
     */
    public void useAdamW(List<Variable> vars) {
        Objects.requireNonNull(vars, "Muon.useAdamW: vars is null");
        for (int i = 0; i < vars.size(); i++) {
            Variable v = Objects.requireNonNull(vars.get(i), "Muon.useAdamW: variable " + i + " is null");
            if (!slots(v).isEmpty() && !adamW(v) && !slotsUnused(v)) {
                throw new IllegalStateException("Muon.useAdamW: variable " + i + " (shape " + v.shape()
                        + ") already has Muon's slots " + slots(v).keySet() + " and this optimizer has stepped; "
                        + "call useAdamW before its first step");
            }
        }
        for (Variable v : vars) {
            if (!slots(v).isEmpty() && !adamW(v)) {
                dropSlots(v);   // made by a build before any step (a checkpoint's keys, save or failed restore)
            }
        }
        adamW.addAll(vars);
    }

    /** Whether {@code v} takes the AdamW step: Keras's {@code _should_use_adamw}, without the names. */
    private boolean adamW(Variable v) {
        return v.shape().rank() != 2 || adamW.contains(v);
    }

    @Override
    List<String> slotNames() {
        return List.of("momentum", "velocity");
    }

    @Override
    List<String> slotNames(Variable v) {
        return adamW(v) ? slotNames() : List.of("momentum");
    }

    @Override
    double weightDecay(Variable v) {
        // muon.py _apply_weight_decay: adam_weight_decay on the AdamW path, weight_decay on the Muon path
        return adamW(v) ? adamWeightDecay : super.weightDecay(v);
    }

    @Override
    void update(Step s) {
        if (s.slots == 2) {
            // _adamw_update_step(gradient, variable, learning_rate * adam_lr_ratio, m, v): Adam's update
            double lr = s.lr;
            s.lr = s.mul(lr, s.cast(adamLrRatio));
            Adam.update(s, adamBeta1, adamBeta2, epsilon, false);
            s.lr = lr;
            return;
        }
        if (s.n == 0) {
            return;
        }
        int rows = s.shape.dim(0), cols = s.shape.dim(1), k = Math.min(rows, cols);
        if (x.length < s.n) {
            x = new double[s.n];
            y = new double[s.n];
        }
        if (p.length < k * k) {
            p = new double[k * k];
            q = new double[k * k];
        }
        // lr_adjust: (lr * update) * sqrt(max(rows, cols)) * rms_rate; the Python floats cast to the dtype
        double scale = rmsRate > 0 ? s.lr * s.sqrt(Math.max(rows, cols)) * s.cast(rmsRate) : s.lr;
        s.muon(s.cast(momentum), s.cast(momentum - 1), nesterov, s.cast(a), s.cast(b), s.cast(c), nsSteps, s.cast(1e-7),
                scale, x, y, p, q);
    }

    /**
     * {@link Muon}'s hyperparameters.
     *
     * <pre>{@code
     * Muon opt = Muon.builder().nsSteps(6).rmsRate(0).adamLrRatio(0.1).build();
     * }</pre>
     */
    public static final class Builder extends Optimizer.Builder<Builder, Muon> {
        double momentum = 0.95;
        boolean nesterov = true;
        int nsSteps = 5;
        double a = 3.4445;
        double b = -4.7750;
        double c = 2.0315;
        double rmsRate = 0.2;
        double adamBeta1 = 0.9;
        double adamBeta2 = 0.999;
        double epsilon = 1e-7;
        double adamWeightDecay = 0.004;
        double adamLrRatio = 1;

        Builder() {
            super(0.001);
            this.weightDecay = 0.004;   // Keras's Muon default, unlike the base class's None
        }

        /**
         * The momentum of the Muon step, in [0, 1) (default 0.95).
         *
         * <pre>{@code
         * Muon.builder().momentum(0.9);
         * }</pre>
         *
         * @param momentum the momentum
         * @return this builder
         */
        public Builder momentum(double momentum) {
            this.momentum = unit("momentum", momentum, false);
            return this;
        }

        /**
         * Whether the Muon step orthogonalizes the Nesterov direction {@code g + momentum * m} (default true) or the
         * momentum {@code m}.
         *
         * <pre>{@code
         * Muon.builder().nesterov(false);
         * }</pre>
         *
         * @param nesterov the flag
         * @return this builder
         */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /**
         * The number of Newton-Schulz iterations (default 5).
         *
         * <pre>{@code
         * Muon.builder().nsSteps(6);
         * }</pre>
         *
         * @param nsSteps a non-negative count; 0 steps by the normalized direction itself
         * @return this builder
         */
        public Builder nsSteps(int nsSteps) {
            if (nsSteps < 0) {
                throw new IllegalArgumentException("Muon: nsSteps must be >= 0, got " + nsSteps);
            }
            this.nsSteps = nsSteps;
            return this;
        }

        /**
         * The coefficients of the quintic Newton-Schulz iteration {@code X = a X + b (X X^T) X + c (X X^T)^2 X}
         * (default 3.4445, -4.7750, 2.0315: Jordan's, which maximize the slope at zero; Keras advises keeping them).
         *
         * <pre>{@code
         * Muon.builder().newtonSchulzCoefficients(3.4445, -4.7750, 2.0315);
         * }</pre>
         *
         * @param a the linear coefficient
         * @param b the cubic coefficient
         * @param c the quintic coefficient
         * @return this builder
         */
        public Builder newtonSchulzCoefficients(double a, double b, double c) {
            if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c)) {
                throw new IllegalArgumentException("Muon: the Newton-Schulz coefficients must be finite, got " + a + ", "
                        + b + ", " + c);
            }
            this.a = a;
            this.b = b;
            this.c = c;
            return this;
        }

        /**
         * The target root mean square of the Muon update (Liu et al. 2025; default 0.2): the orthogonalized step is
         * multiplied by {@code sqrt(max(rows, cols)) * rmsRate}. Zero turns the scaling off (Keras's {@code None}).
         *
         * <pre>{@code
         * Muon.builder().rmsRate(0);
         * }</pre>
         *
         * @param rmsRate a finite non-negative number
         * @return this builder
         */
        public Builder rmsRate(double rmsRate) {
            this.rmsRate = nonNegative("rmsRate", rmsRate);
            return this;
        }

        /**
         * The decay rate of the AdamW path's first moment, in [0, 1) (default 0.9).
         *
         * <pre>{@code
         * Muon.builder().adamBeta1(0.8);
         * }</pre>
         *
         * @param beta1 the rate
         * @return this builder
         */
        public Builder adamBeta1(double beta1) {
            this.adamBeta1 = unit("adamBeta1", beta1, false);
            return this;
        }

        /**
         * The decay rate of the AdamW path's second moment, in [0, 1) (default 0.999).
         *
         * <pre>{@code
         * Muon.builder().adamBeta2(0.98);
         * }</pre>
         *
         * @param beta2 the rate
         * @return this builder
         */
        public Builder adamBeta2(double beta2) {
            this.adamBeta2 = unit("adamBeta2", beta2, false);
            return this;
        }

        /**
         * The AdamW path's epsilon, added to {@code sqrt(v)} (default 1e-7).
         *
         * <pre>{@code
         * Muon.builder().epsilon(1e-8);
         * }</pre>
         *
         * @param epsilon a finite non-negative number
         * @return this builder
         */
        public Builder epsilon(double epsilon) {
            this.epsilon = nonNegative("epsilon", epsilon);
            return this;
        }

        /**
         * The decoupled weight decay of the AdamW path (default 0.004); {@link #weightDecay} is the Muon path's.
         *
         * <pre>{@code
         * Muon.builder().adamWeightDecay(0.01);
         * }</pre>
         *
         * @param adamWeightDecay a finite non-negative number; zero turns it off
         * @return this builder
         */
        public Builder adamWeightDecay(double adamWeightDecay) {
            this.adamWeightDecay = nonNegative("adamWeightDecay", adamWeightDecay);
            return this;
        }

        /**
         * The AdamW path's learning rate as a fraction of the Muon path's (default 1).
         *
         * <pre>{@code
         * Muon.builder().adamLrRatio(0.1);
         * }</pre>
         *
         * @param adamLrRatio a finite positive number
         * @return this builder
         */
        public Builder adamLrRatio(double adamLrRatio) {
            if (!(adamLrRatio > 0) || !Double.isFinite(adamLrRatio)) {
                throw new IllegalArgumentException("Muon: adamLrRatio must be finite and positive, got " + adamLrRatio);
            }
            this.adamLrRatio = adamLrRatio;
            return this;
        }

        @Override
        Muon make() {
            return new Muon(this);
        }
    }
}
