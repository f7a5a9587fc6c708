package io.gradtape.bench;

import io.gradtape.GradientTape;
import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.optimizers.Optimizer;
import io.gradtape.optimizers.SGD;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fully connected network trained by plain SGD, written the way a user writes it with the public API: the
 * workloads of torch_bench.py section e. Layers are {@code h = NN.linear(h, W, b, "relu")}, {@code relu(h @ W + b)}
 * as one op (the product, then the bias and the relu in one pass over its output), and {@code NN.linear(h, W, b)}
 * on the last layer, as a Keras user's {@code Dense(n, "relu")} layers and torch_bench.py's {@code nn.Linear}
 * (addmm) with {@code relu}; the loss
 * is softmax cross-entropy composed from {@code logSoftmax} and {@code reduceSum} (classification) or the mean
 * squared error (regression); the update is {@link SGD#applyGradients} (plain SGD, learning rate 0.01), as
 * torch_bench.py's {@code torch.optim.SGD}: one fused pass over each variable, in place (or another optimizer,
 * for {@link MlpBench}'s {@code optimizer=adam}). Weights start uniform in
 * {@code +-1/sqrt(fanIn)}, as PyTorch's {@code nn.Linear}.
 *
 * <p>The update was {@code Variable.assignSub(grad.mul(lr))} until 2026-12-02: two tensor ops per variable, each
 * allocating a parameter-sized array (1.9 MB per step here) and making its own pass; measured on the 784-256-128-10
 * parameters, 0.96 ms of CPU per step against 0.19 ms for the fused SGD (thread CPU time, load average ~19).
 */
public final class Mlp {
    private final Variable[] w;
    private final Variable[] b;
    private final List<Variable> params = new ArrayList<>();
    private final Tensor x;
    private final Tensor target;
    private final boolean classify;
    private final Optimizer opt;

    /**
     * @param sizes    layer widths, input first
     * @param batch    rows of the fixed random input batch
     * @param classify softmax cross-entropy against random one-hot labels; otherwise MSE against random targets
     * @param seed     random seed
     */
    public Mlp(int[] sizes, int batch, boolean classify, long seed) {
        this(sizes, batch, classify, seed, new SGD(0.01));
    }

    /**
     * The same network trained by {@code opt}.
     *
     * @param sizes    layer widths, input first
     * @param batch    rows of the fixed random input batch
     * @param classify softmax cross-entropy against random one-hot labels; otherwise MSE against random targets
     * @param seed     random seed
     * @param opt      the optimizer of every step
     */
    public Mlp(int[] sizes, int batch, boolean classify, long seed, Optimizer opt) {
        this.opt = opt;
        SplittableRandom r = new SplittableRandom(seed);
        int layers = sizes.length - 1;
        w = new Variable[layers];
        b = new Variable[layers];
        for (int l = 0; l < layers; l++) {
            double bound = 1 / Math.sqrt(sizes[l]);
            w[l] = new Variable(uniform(r, bound, sizes[l], sizes[l + 1]));
            b[l] = new Variable(uniform(r, bound, sizes[l + 1]));
            params.add(w[l]);
            params.add(b[l]);
        }
        this.x = normal(r, batch, sizes[0]);
        this.classify = classify;
        int out = sizes[layers];
        if (classify) {
            float[] onehot = new float[batch * out];
            for (int i = 0; i < batch; i++) {
                onehot[i * out + r.nextInt(out)] = 1;
            }
            this.target = Tensors.constant(onehot, batch, out);
        } else {
            this.target = normal(r, batch, out);
        }
    }

    /** The network's output for {@code in}. */
    public Tensor forward(Tensor in) {
        Tensor h = in;
        for (int l = 0; l < w.length; l++) {
            h = NN.linear(h, w[l], b[l], l < w.length - 1 ? "relu" : null);
        }
        return h;
    }

    /** The loss of {@code out} against the fixed targets. */
    public Tensor loss(Tensor out) {
        if (classify) {
            Tensor nll = Tensors.neg(Tensors.reduceSum(Tensors.mul(target, Tensors.logSoftmax(out, -1)), 1));
            return Tensors.reduceMean(nll);
        }
        Tensor d = Tensors.sub(out, target);
        return Tensors.reduceMean(Tensors.mul(d, d));
    }

    /** One step (SGD unless another optimizer was given) on the fixed batch; returns the loss before the step. */
    public Tensor step() {
        Tensor loss;
        GradientTape tape = new GradientTape();
        try (tape) {
            loss = loss(forward(x));
        }
        opt.applyGradients(tape.gradient(loss, params), params);
        return loss;
    }

    /**
     * The same step written with {@link Optimizer#minimize}, Keras's {@code optimizer.minimize(loss, var_list)}:
     * the same numbers as {@link #step}; the gradients never reach the caller, so their arrays serve the next
     * step's gradients (see {@code RecycledArrays} in gradtape-core). Returns the loss before the step.
     */
    public Tensor minimizeStep() {
        return opt.minimize(() -> loss(forward(x)), params);
    }

    private static Tensor uniform(SplittableRandom r, double bound, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) r.nextDouble(-bound, bound);
        }
        return Tensors.constant(f, shape);
    }

    static Tensor normal(SplittableRandom r, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller; precision is irrelevant here
            f[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
        }
        return Tensors.constant(f, shape);
    }
}
