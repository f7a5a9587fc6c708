package io.gradtape.optimizers;

import java.util.List;

/**
 * Stochastic gradient descent, with optional momentum and Nesterov momentum (Keras 3's {@code SGD}; Sutskever,
 * Martens, Dahl &amp; Hinton, "On the importance of initialization and momentum in deep learning", ICML 2013,
 * after Nesterov 1983). Defaults: {@code learningRate = 0.01}, {@code momentum = 0}, {@code nesterov = false}.
 *
 * <p>Update, with gradient {@code g} and learning rate {@code lr}:
 * <pre>
 *   momentum = 0:   w = w - lr * g
 *   momentum &gt; 0:   m = momentum * m - lr * g;   w = w + m
 *   nesterov:       m = momentum * m - lr * g;   w = w + momentum * m - lr * g
 * </pre>
 * Slot {@code momentum} ({@code m} above, zeros; Keras 3's name, {@code keras/src/optimizers/sgd.py}) exists only
 * with momentum.
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(1f));
 * SGD sgd = new SGD(0.1, 0.9, true);
 * sgd.applyGradients(List.of(Tensors.constant(1f)), List.of(w));
 * w.floatValue();   // 0.81f: m = -0.1, w = 1 + 0.9 * -0.1 - 0.1
 * }</pre>
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final boolean nesterov;

    /**
     * Plain gradient descent with TensorFlow's default learning rate, 0.01.
     *
     * <pre>{@code
     * SGD sgd = new SGD();
     * }</pre>
     */
    public SGD() {
        this(builder());
    }

    /**
     * Plain gradient descent.
     *
     * <pre>{@code
     * SGD sgd = new SGD(0.1);
     * }</pre>
     *
     * @param learningRate a finite positive number
     */
    public SGD(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    /**
     * SGD with a learning-rate schedule and the other defaults, as Keras's {@code SGD(learning_rate=schedule)}: the
     * schedule is evaluated at {@link Optimizer#iterations()} before each step.
     *
     * <pre>{@code
     * SGD opt = new SGD(new ExponentialDecay(0.1, 100, 0.5));
     * }</pre>
     *
     * @param learningRate the schedule
     */
    public SGD(LearningRateSchedule learningRate) {
        this(builder().learningRate(learningRate));
    }

    /**
     * Gradient descent with momentum.
     *
     * <pre>{@code
     * SGD sgd = new SGD(0.1, 0.9);
     * }</pre>
     *
     * @param learningRate a finite positive number
     * @param momentum     in [0, 1)
     */
    public SGD(double learningRate, double momentum) {
        this(builder().learningRate(learningRate).momentum(momentum));
    }

    /**
     * Gradient descent with momentum, Nesterov's if {@code nesterov}.
     *
     * <pre>{@code
     * SGD sgd = new SGD(0.1, 0.9, true);
     * }</pre>
     *
     * @param learningRate a finite positive number
     * @param momentum     in [0, 1)
     * @param nesterov     whether to use Nesterov momentum
     */
    public SGD(double learningRate, double momentum, boolean nesterov) {
        this(builder().learningRate(learningRate).momentum(momentum).nesterov(nesterov));
    }

    private SGD(Builder b) {
        super(b);
        this.momentum = b.momentum;
        this.nesterov = b.nesterov;
    }

    /**
     * A builder with TensorFlow's defaults.
     *
     * <pre>{@code
     * SGD sgd = SGD.builder().learningRate(0.1).momentum(0.9).nesterov(true).weightDecay(1e-4).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    List<String> slotNames() {
        return momentum > 0 ? List.of("momentum") : List.of();
    }

    @Override
    void update(Step s) {
        if (momentum == 0) {
            s.descend();   // w = w - lr * g
        } else {
            s.momentum(s.cast(momentum), nesterov);   // m = momentum * m - lr * g; w = w + m, or w + momentum * m - lr * g
        }
    }

    /**
     * {@link SGD}'s hyperparameters.
     *
     * <pre>{@code
     * SGD sgd = SGD.builder().momentum(0.9).build();
     * }</pre>
     */
    public static final class Builder extends Optimizer.Builder<Builder, SGD> {
        double momentum;
        boolean nesterov;

        Builder() {
            super(0.01);
        }

        /**
         * The momentum, in [0, 1); 0 (the default) is plain gradient descent.
         *
         * <pre>{@code
         * SGD.builder().momentum(0.9);
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
         * Whether to use Nesterov momentum (default false).
         *
         * <pre>{@code
         * SGD.builder().momentum(0.9).nesterov(true);
         * }</pre>
         *
         * @param nesterov the flag
         * @return this builder
         */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        @Override
        SGD make() {
            return new SGD(this);
        }
    }
}
