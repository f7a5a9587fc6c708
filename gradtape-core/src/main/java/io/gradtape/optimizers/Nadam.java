package io.gradtape.optimizers;

import io.gradtape.DType;
import io.gradtape.Tensors;
import io.gradtape.Variable;

import java.util.List;
import java.util.Map;

/**
 * Nadam, Adam with Nesterov momentum (Dozat, "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop;
 * Stanford CS229 report, 2015), with the paper's momentum schedule {@code mu_t = beta1 * (1 - 0.5 * 0.96^t)}:
 * Keras 3's {@code Nadam}. Defaults: {@code learningRate = 0.001}, {@code beta1 = 0.9}, {@code beta2 = 0.999},
 * {@code epsilon = 1e-7}.
 *
 * <p>Each step first advances the momentum cache shared by all variables,
 * {@code u_product = u_product * beta1 * (1 - 0.5 * 0.96^t)} (the product of {@code mu_1 .. mu_t}), then
 * updates each variable, at step {@code t} (from 1) with gradient {@code g}:
 * <pre>
 *   mu_t = beta1 * (1 - 0.5 * 0.96^t);   mu_next = beta1 * (1 - 0.5 * 0.96^(t+1))
 *   m = m + (g - m) * (1 - beta1)
 *   v = v + (g^2 - v) * (1 - beta2)
 *   m_hat = mu_next * m / (1 - u_product * mu_next) + (1 - mu_t) * g / (1 - u_product)
 *   v_hat = v / (1 - beta2^t)
 *   w = w - lr * m_hat / (sqrt(v_hat) + epsilon)
 * </pre>
 * The scalars are computed in the variable's dtype from the hyperparameters cast to it, in the order of Keras's
 * {@code update_step} ({@code keras/src/optimizers/nadam.py}). Slots: {@code momentum} ({@code m}) and
 * {@code velocity} ({@code v}), zeros, Keras's names. The momentum cache {@code u_product} is one scalar variable
 * of the optimizer ({@link #sharedVariables()}), created with the dtype of the first variable built and starting
 * at 1, as Keras's {@code build}; it is part of the state, saved by a {@link io.gradtape.checkpoint.Checkpoint}
 * as {@code optimizer/u_product}, and a resumed run needs it restored with the step count.
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(1.0));
 * Nadam opt = new Nadam(0.1);
 * opt.applyGradients(List.of(Tensors.constant(2.0)), List.of(w));
 * w.doubleValue();   // 0.89372122...: more than Adam's lr, the look-ahead weighs the gradient itself
 * }</pre>
 */
public final class Nadam extends Optimizer {
    /** The momentum schedule's decay, Keras's {@code 0.96}. */
    private static final double DECAY = 0.96;

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    /** Keras's {@code _u_product}: null until the first variable is built. */
    private Variable uProduct;
    /** The momentum cache of the current step, after {@link #beginStep}. */
    private double uProductNow;

    /**
     * Nadam with Keras's defaults.
     *
     * <pre>{@code
     * Nadam opt = new Nadam();
     * }</pre>
     */
    public Nadam() {
        this(builder());
    }

    /**
     * Nadam with the given learning rate and the other defaults.
     *
     * <pre>{@code
     * Nadam opt = new Nadam(0.002);
     * }</pre>
     *
     * @param learningRate a finite positive number
     */
    public Nadam(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    /**
     * Nadam with a learning-rate schedule and the other defaults, as Keras's {@code Nadam(learning_rate=schedule)}:
     * the schedule is evaluated at {@link Optimizer#iterations()} before each step.
     *
     * <pre>{@code
     * Nadam opt = new Nadam(new CosineDecay(2e-3, 1000));
     * }</pre>
     *
     * @param learningRate the schedule
     */
    public Nadam(LearningRateSchedule learningRate) {
        this(builder().learningRate(learningRate));
    }

    private Nadam(Builder b) {
        super(b);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
    }

    /**
     * A builder with Keras's defaults.
     *
     * <pre>{@code
     * Nadam opt = Nadam.builder().learningRate(0.002).beta2(0.99).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    List<String> slotNames() {
        return List.of("momentum", "velocity");
    }

    /**
     * Also creates the momentum cache {@code u_product} (a scalar 1 of the first variable's dtype) on the first
     * call with a variable, as Keras's {@code build}.
     *
     * <pre>{@code
     * Variable w = new Variable(Tensors.zeros(DType.FLOAT32, 2));
     * Nadam nadam = new Nadam();
     * nadam.build(List.of(w));
     * nadam.slots(w).keySet();   // [momentum, velocity]
     * }</pre>
     *
     * @param vars the variables (floating dtypes)
     * @throws IllegalArgumentException if a variable is not floating
     */
    @Override
    public void build(List<Variable> vars) {
        super.build(vars);
        if (uProduct == null && !vars.isEmpty()) {
            DType dtype = vars.get(0).dtype();
            uProduct = new Variable(Tensors.ones(dtype), false);
        }
    }

    /**
     * {@code u_product}, the momentum cache, once a variable is built; empty before.
     *
     * <pre>{@code
     * new Nadam().sharedVariables();   // {}
     * }</pre>
     *
     * @return an unmodifiable map from name to variable
     */
    @Override
    public Map<String, Variable> sharedVariables() {
        return uProduct == null ? Map.of() : Map.of("u_product", uProduct);
    }

    @Override
    void beginStep(long t) {
        // Keras's _backend_update_step: u_product = u_product * beta_1 * (1 - 0.5 * power(0.96, t)), in the
        // cache's dtype, before any variable's update_step
        boolean f32 = uProduct.dtype() == DType.FLOAT32;
        double u = uProduct.doubleValue();
        double next;
        if (f32) {
            float pow = (float) Math.pow((float) DECAY, (float) t);
            next = (float) u * (float) beta1 * (1f - 0.5f * pow);
            uProduct.assign(Tensors.constant((float) next));
        } else {
            next = u * beta1 * (1 - 0.5 * Math.pow(DECAY, t));
            uProduct.assign(Tensors.constant(next));
        }
        uProductNow = next;
    }

    @Override
    void update(Step s) {
        // Keras 3's update_step, the scalars in the variable's dtype: decay, beta_1, beta_2 cast; u_t and u_t_1
        // the schedule at t and t + 1; u_product_t the cache (cast), u_product_t_1 = u_product_t * u_t_1;
        // m += (g - m) * (1 - beta_1); v += (g^2 - v) * (1 - beta_2) (from the cast betas);
        // m_hat = u_t_1 * m / (1 - u_product_t_1) + (1 - u_t) * g / (1 - u_product_t); v_hat = v / (1 - beta_2^t);
        // w -= m_hat * lr / (sqrt(v_hat) + epsilon)
        double b1 = s.cast(beta1), b2 = s.cast(beta2);
        double uNow = s.mul(b1, s.sub(1, s.mul(0.5, s.power(DECAY))));
        double uNext = s.mul(b1, s.sub(1, s.mul(0.5, s.power(DECAY, s.t + 1))));
        double uProductT = s.cast(uProductNow);
        double uProductNext = s.mul(uProductT, uNext);
        s.nadam(s.sub(1, b1), s.sub(1, b2), uNext, s.sub(1, uProductNext), s.sub(1, uNow), s.sub(1, uProductT),
                s.sub(1, s.power(beta2)), s.cast(epsilon));
    }

    /**
     * {@link Nadam}'s hyperparameters.
     *
     * <pre>{@code
     * Nadam opt = Nadam.builder().epsilon(1e-8).build();
     * }</pre>
     */
    public static final class Builder extends MomentsBuilder<Builder, Nadam> {
        Builder() {
            super(0.001);
        }

        @Override
        Nadam make() {
            return new Nadam(this);
        }
    }
}
