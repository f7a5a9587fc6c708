package io.gradtape.optimizers;

import io.gradtape.Shape;
import io.gradtape.internal.kernels.Vectorization;

/**
 * The arrays of one variable's update: its gradient, its storage and its slots' storage, float32 or float64,
 * with the step's scalars, and each optimizer's update as one loop over the dtype's arrays. The scalars (learning
 * rate, hyperparameters, bias corrections) are in the dtype, computed with {@link #cast} and the scalar ops as
 * Keras computes them. Every line of an update is computed in double and rounded to the dtype when stored, and later lines read the stored value, as
 * Keras reads back its variables. float32 goes through the kernels ({@code descend32}, {@code adam32}, ...: in
 * double vectors when the Vector API is on, the same bits as their scalar loops); float64 is the plain loop here,
 * and so is float32 for Adamax, Nadam, Adadelta and Ftrl, which have no kernel (Adafactor and Lamb: one loop for
 * both dtypes, see {@link #adafactor}).
 * Before, optimizers went element by element through accessors that tested the dtype per element, which kept
 * the loops scalar (and the float-double conversions chained, see {@link #descend}). One instance per optimizer
 * is reused: a step allocates nothing per element.
 */
final class Step {
    /** Elements in the variable. */
    int n;
    /** Learning rate of this step, in the variable's dtype (float32: rounded to float), as Keras casts it. */
    double lr;
    /** Step number, {@code iterations + 1}. */
    long t;
    /** The variable's shape (Adafactor factors its last two axes). */
    Shape shape;
    /** The number of slots the update reads (Muon: 2 for a variable on its AdamW path, 1 on its Muon path). */
    int slots;
    private boolean f32;
    private float[] gf;
    private float[] wf;
    private final float[][] sf = new float[MAX_SLOTS][];
    private double[] gd;
    private double[] wd;
    private final double[][] sd = new double[MAX_SLOTS][];

    /** The most slots an update reads: AMSGrad's three (the moving average of {@code useEma} is not one of them). */
    static final int MAX_SLOTS = 3;

    void begin(boolean f32, Shape shape, double lr, long t, Object grad, Object storage, int slots) {
        this.f32 = f32;
        this.shape = shape;
        this.slots = slots;
        this.n = shape.size();
        this.lr = f32 ? (float) lr : lr;   // Keras: lr = ops.cast(learning_rate, variable.dtype)
        this.t = t;
        if (f32) {
            gf = (float[]) grad;
            wf = (float[]) storage;
        } else {
            gd = (double[]) grad;
            wd = (double[]) storage;
        }
    }

    void slot(int k, Object storage) {
        if (f32) {
            sf[k] = (float[]) storage;
        } else {
            sd[k] = (double[]) storage;
        }
    }

    /**
     * {@code x} in the variable's dtype: Keras's {@code ops.cast(x, variable.dtype)}, and what a Python float
     * becomes when it meets a tensor of that dtype ({@code 1 - self.beta_1}, {@code self.epsilon}). The
     * update's scalars go through this and the ops below, in Keras's order, so that a float32 update computes
     * them as Keras does: {@code 1 - beta2^t} with {@code beta2 = 0.999f} is 9.999871e-4, not 0.001.
     */
    double cast(double x) {
        return f32 ? (float) x : x;
    }

    /** {@code cast(base)} to the power {@code cast(t)}, in the dtype: Keras's {@code ops.power(beta, local_step)}. */
    double power(double base) {
        return power(base, t);
    }

    // The scalar ops below take operands already in the dtype and round the exact double result to it. For
    // float32 operands that is IEEE float32 arithmetic: a double holds the exact product of two floats, and
    // rounding the double sum, quotient or square root to float again is correctly rounded (53 >= 2 * 24 + 2).

    /** {@code cast(base)} to the power {@code cast(exponent)}, in the dtype: Keras's {@code ops.power(base, next_step)}. */
    double power(double base, long exponent) {
        return cast(Math.pow(cast(base), cast(exponent)));
    }

    /** {@code a - b} in the dtype. */
    double sub(double a, double b) {
        return cast(a - b);
    }

    /** {@code a * b} in the dtype. */
    double mul(double a, double b) {
        return cast(a * b);
    }

    /** {@code a / b} in the dtype. */
    double div(double a, double b) {
        return cast(a / b);
    }

    /** {@code sqrt(a)} in the dtype. */
    double sqrt(double a) {
        return cast(Math.sqrt(a));
    }

    /** Drops the references to the arrays (they must not outlive the step). */
    void end() {
        shape = null;
        gf = wf = null;
        gd = wd = null;
        java.util.Arrays.fill(sf, null);
        java.util.Arrays.fill(sd, null);
    }

    /**
     * Decoupled weight decay in place: {@code w -= w * c}, with {@code c = weightDecay * lr}, in doubles and
     * rounded once: {@link #descend} with the variable as its own gradient (each element is read before it is
     * written, on both kernel paths).
     */
    void decay(double c) {
        if (f32) {
            Vectorization.provider().descend32(wf, wf, c, 0, n);
        } else {
            double[] w = wd;
            for (int i = 0; i < n; i++) {
                w[i] = w[i] - w[i] * c;
            }
        }
    }

    /**
     * Plain gradient descent with the step's learning rate, {@code w -= g * lr}, in doubles and rounded to the
     * dtype once per element, as one loop over the arrays of the dtype (per-element accessors that tested the
     * dtype kept the loop scalar; 2.6% of the tiny MLP step's samples). float32 goes through the kernels'
     * {@code descend32}, in double vectors when the Vector API is on: C2 keeps this loop scalar, and its merging
     * float-double conversions ran at 0.5 or 3 ns per element depending on the JVM (the 784-256-128-10 MLP's
     * update 130 or 700 us per step, MlpBench on 1 thread 1.03-1.06 or 1.59-1.68 ms per fork; with descend32:
     * 22-27 us and 0.92-0.96 ms in every fork).
     */
    void descend() {
        if (f32) {
            Vectorization.provider().descend32(wf, gf, lr, 0, n);
        } else {
            double[] w = wd, g = gd;
            for (int i = 0; i < n; i++) {
                w[i] = w[i] - g[i] * lr;
            }
        }
    }

    /**
     * Adam's update ({@link Adam#update}) over the arrays of the dtype, slots {@code momentum, velocity} (and
     * {@code velocity_hat} with AMSGrad), {@code c1 = 1 - beta1}, {@code c2 = 1 - beta2}: float32 through the
     * kernels' {@code adam32} (in double vectors when the Vector API is on; same bits), float64 here. Each stored
     * value is what later lines read.
     */
    void adam(double c1, double c2, double alpha, double epsilon, boolean amsgrad) {
        if (f32) {
            Vectorization.provider().adam32(wf, gf, sf[0], sf[1], amsgrad ? sf[2] : null, c1, c2, alpha, epsilon, 0, n);
            return;
        }
        double[] w = wd, g = gd, m = sd[0], v = sd[1], vhat = amsgrad ? sd[2] : null;
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double mi = m[i] = m[i] + (gi - m[i]) * c1;
            double vi = v[i] = v[i] + (gi * gi - v[i]) * c2;
            if (vhat != null) {
                vi = vhat[i] = Math.max(vhat[i], vi);
            }
            w[i] = w[i] - mi * alpha / (Math.sqrt(vi) + epsilon);
        }
    }

    /**
     * RMSprop's update ({@link RMSprop#update}) over the arrays of the dtype: slot 0 the mean square, slot
     * {@code mom} the momentum and slot {@code avg} the mean gradient (-1: none), {@code c = 1 - rho}; float32
     * through the kernels' {@code rmsprop32}, float64 here.
     */
    void rmsprop(double rho, double c, double momentum, double epsilon, int mom, int avg) {
        if (f32) {
            Vectorization.provider().rmsprop32(wf, gf, sf[0], avg < 0 ? null : sf[avg], mom < 0 ? null : sf[mom], rho,
                    c, momentum, epsilon, lr, 0, n);
            return;
        }
        double[] w = wd, g = gd, ms = sd[0], mg = avg < 0 ? null : sd[avg], mo = mom < 0 ? null : sd[mom];
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double den = ms[i] = rho * ms[i] + c * (gi * gi);
            if (mg != null) {
                double a = mg[i] = rho * mg[i] + c * gi;
                den = den - a * a;
            }
            double inc = lr * gi / Math.sqrt(den + epsilon);
            if (mo != null) {
                inc = mo[i] = momentum * mo[i] + inc;
            }
            w[i] = w[i] - inc;
        }
    }

    /** Adagrad's update ({@link Adagrad#update}), slot 0 the accumulator; float32 through {@code adagrad32}. */
    void adagrad(double epsilon) {
        if (f32) {
            Vectorization.provider().adagrad32(wf, gf, sf[0], lr, epsilon, 0, n);
            return;
        }
        double[] w = wd, g = gd, acc = sd[0];
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double a = acc[i] = acc[i] + gi * gi;
            w[i] = w[i] - lr * gi / Math.sqrt(a + epsilon);
        }
    }

    /**
     * Lion's update ({@link Lion#update}), slot 0 the momentum, {@code c1 = 1 - beta1}, {@code c2 = 1 - beta2};
     * float32 through {@code lion32}.
     */
    void lion(double beta1, double c1, double beta2, double c2) {
        if (f32) {
            Vectorization.provider().lion32(wf, gf, sf[0], beta1, c1, beta2, c2, lr, 0, n);
            return;
        }
        double[] w = wd, g = gd, m = sd[0];
        for (int i = 0; i < n; i++) {
            double gi = g[i], mi = m[i];
            w[i] = w[i] - lr * Math.signum(mi * beta1 + gi * c1);
            m[i] = mi * beta2 + gi * c2;
        }
    }

    // The four updates below (Adamax, Nadam, Adadelta, Ftrl) have no kernel: float32 is the same loop as float64
    // over float arrays, each line in double, each stored value rounded to float and read back so.

    /**
     * Adamax's update ({@link Adamax#update}): slot 0 the first moment {@code m}, slot 1 the infinity norm
     * {@code u}; {@code c1 = 1 - beta1}, {@code corr = 1 - beta1^t}.
     */
    void adamax(double c1, double beta2, double corr, double epsilon) {
        if (f32) {
            float[] w = wf, g = gf, m = sf[0], u = sf[1];
            for (int i = 0; i < n; i++) {
                double gi = g[i];
                double mi = m[i] = (float) (m[i] + (gi - m[i]) * c1);
                double ui = u[i] = (float) Math.max(beta2 * u[i], Math.abs(gi));
                w[i] = (float) (w[i] - lr * mi / (corr * (ui + epsilon)));
            }
            return;
        }
        double[] w = wd, g = gd, m = sd[0], u = sd[1];
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double mi = m[i] = m[i] + (gi - m[i]) * c1;
            double ui = u[i] = Math.max(beta2 * u[i], Math.abs(gi));
            w[i] = w[i] - lr * mi / (corr * (ui + epsilon));
        }
    }

    /**
     * Nadam's update ({@link Nadam#update}): slot 0 the first moment, slot 1 the second; {@code c1 = 1 - beta1},
     * {@code c2 = 1 - beta2}, {@code uNext = u_{t+1}}, {@code dNext = 1 - u_product_{t+1}}, {@code cNow = 1 - u_t},
     * {@code dNow = 1 - u_product_t}, {@code corr2 = 1 - beta2^t}.
     */
    void nadam(double c1, double c2, double uNext, double dNext, double cNow, double dNow, double corr2, double epsilon) {
        if (f32) {
            float[] w = wf, g = gf, m = sf[0], v = sf[1];
            for (int i = 0; i < n; i++) {
                double gi = g[i];
                double mi = m[i] = (float) (m[i] + (gi - m[i]) * c1);
                double vi = v[i] = (float) (v[i] + (gi * gi - v[i]) * c2);
                double mHat = uNext * mi / dNext + cNow * gi / dNow;
                w[i] = (float) (w[i] - mHat * lr / (Math.sqrt(vi / corr2) + epsilon));
            }
            return;
        }
        double[] w = wd, g = gd, m = sd[0], v = sd[1];
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double mi = m[i] = m[i] + (gi - m[i]) * c1;
            double vi = v[i] = v[i] + (gi * gi - v[i]) * c2;
            double mHat = uNext * mi / dNext + cNow * gi / dNow;
            w[i] = w[i] - mHat * lr / (Math.sqrt(vi / corr2) + epsilon);
        }
    }

    /**
     * Adadelta's update ({@link Adadelta#update}): slot 0 the mean squared gradient, slot 1 the mean squared
     * update; {@code c = 1 - rho}.
     */
    void adadelta(double rho, double c, double epsilon) {
        if (f32) {
            float[] w = wf, g = gf, ag = sf[0], ad = sf[1];
            for (int i = 0; i < n; i++) {
                double gi = g[i];
                double a = ag[i] = (float) (rho * ag[i] + c * (gi * gi));
                double delta = -(Math.sqrt(ad[i] + epsilon) * gi) / Math.sqrt(a + epsilon);
                ad[i] = (float) (rho * ad[i] + c * (delta * delta));
                w[i] = (float) (w[i] + lr * delta);
            }
            return;
        }
        double[] w = wd, g = gd, ag = sd[0], ad = sd[1];
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double a = ag[i] = rho * ag[i] + c * (gi * gi);
            double delta = -(Math.sqrt(ad[i] + epsilon) * gi) / Math.sqrt(a + epsilon);
            ad[i] = rho * ad[i] + c * (delta * delta);
            w[i] = w[i] + lr * delta;
        }
    }

    /**
     * FTRL-Proximal's update ({@link Ftrl#update}): slot 0 the accumulator {@code n}, slot 1 the linear term
     * {@code z}; {@code power = -learningRatePower}, {@code shrink = 2 * l2Shrinkage}, {@code twoL2} Keras's
     * {@code 2 * (l2 + beta / (2 * lr))}.
     */
    void ftrl(double power, double shrink, double l1, double twoL2) {
        if (f32) {
            // op by op in float32, Keras's order: n_new^p - n^p cancels for a small gradient, and clip(z) - z
            // near |z| = l1, so a z that differs from Keras's by one rounding moved w by tens of ulps (1e4 ulps
            // with the powers' difference in double, for g = 1e-4); only the powers are Java's, not powf
            float[] w = wf, g = gf, acc = sf[0], z = sf[1];
            float p = (float) power, sh = (float) shrink, lim = (float) l1, l2x2 = (float) twoL2, rate = (float) lr;
            for (int i = 0; i < n; i++) {
                float gi = g[i], wi = w[i], ai = acc[i];
                float na = ai + gi * gi;
                float pn = (float) Math.pow(na, p);
                float sigma = (pn - (float) Math.pow(ai, p)) / rate;
                float zi = z[i] = z[i] + ((gi + sh * wi) - sigma * wi);
                w[i] = (Math.max(-lim, Math.min(lim, zi)) - zi) / (pn / rate + l2x2);
                acc[i] = na;
            }
            return;
        }
        double[] w = wd, g = gd, acc = sd[0], z = sd[1];
        for (int i = 0; i < n; i++) {
            double gi = g[i], wi = w[i], ai = acc[i];
            double na = ai + gi * gi;
            double pn = Math.pow(na, power);
            double zi = z[i] = z[i] + ((gi + shrink * wi) - (pn - Math.pow(ai, power)) / lr * wi);
            w[i] = (Math.max(-l1, Math.min(l1, zi)) - zi) / (pn / lr + twoL2);
            acc[i] = na;
        }
    }

    /** SGD with (Nesterov) momentum ({@link SGD#update}), slot 0 the momentum; float32 through {@code momentum32}. */
    void momentum(double momentum, boolean nesterov) {
        if (f32) {
            Vectorization.provider().momentum32(wf, gf, sf[0], momentum, lr, nesterov, 0, n);
            return;
        }
        double[] w = wd, g = gd, m = sd[0];
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double mi = m[i] = m[i] * momentum - gi * lr;
            w[i] = w[i] + (nesterov ? mi * momentum - gi * lr : mi);
        }
    }

    // Adafactor and Lamb reduce over the whole variable (a root mean square, norms, means of rows and columns)
    // between the lines of their update, so each is several passes over it. They have no kernel: one loop for both
    // dtypes through the accessors below, whose dtype test is the same for every element of a step. Each pass
    // computes in double and rounds what it stores (a slot, the variable) to the dtype; later passes read the
    // stored values, as Keras reads back its variables. A per-variable scalar (a norm, a mean) is rounded to the
    // dtype once computed, as Keras's reduction of a float32 tensor is a float32 scalar.

    private double grad(int i) {
        return f32 ? gf[i] : gd[i];
    }

    private double var(int i) {
        return f32 ? wf[i] : wd[i];
    }

    private void setVar(int i, double x) {
        if (f32) {
            wf[i] = (float) x;
        } else {
            wd[i] = x;
        }
    }

    private double slotAt(int k, int i) {
        return f32 ? sf[k][i] : sd[k][i];
    }

    /** Stores {@code x} rounded to the dtype in slot {@code k} at {@code i}; returns the stored value. */
    private double setSlot(int k, int i, double x) {
        if (f32) {
            return sf[k][i] = (float) x;
        }
        return sd[k][i] = x;
    }

    /** {@code sqrt(mean(w^2))} over the (non-empty) variable, in the dtype: Adafactor's {@code _rms(variable)}. */
    double rmsOfVariable() {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double wi = var(i);
            sum += wi * wi;
        }
        return sqrt(div(cast(sum), n));
    }

    /**
     * Adafactor's update ({@link Adafactor#update}) on a non-empty variable. Factored (rank 2 or more): the variable
     * is {@code batch} matrices of its last two axes, {@code rows x cols}; slot 0 is {@code r}
     * ({@code batch x rows}), slot 1 {@code c} ({@code batch x cols}), and the second moment is not stored but
     * formed for each element as {@code v = r_i / mean_i(r) * c_j} (Keras stores it; the value is rounded to the
     * dtype as Keras's is). Unfactored: slot 0 is the second moment {@code v}. {@code beta = beta_2_t},
     * {@code c2 = 1 - beta_2_t}, {@code eps1} epsilon_1, {@code alpha} the step size {@code alpha_t}, {@code clip}
     * the clip threshold, all in the dtype; {@code scratch} holds at least {@code batch * (cols + 1)} doubles.
     */
    void adafactor(boolean factored, double beta, double c2, double eps1, double alpha, double clip, double[] scratch) {
        int rows = 1, cols = 1;
        if (factored) {
            rows = shape.dim(shape.rank() - 2);
            cols = shape.dim(shape.rank() - 1);
            int batch = n / (rows * cols), means = batch * cols;
            // r = beta * r + (1 - beta) * mean(g^2 + eps1, axis=-1); c the same with the mean over axis -2
            java.util.Arrays.fill(scratch, 0, means, 0.0);
            for (int b = 0; b < batch; b++) {
                double rSum = 0;
                for (int i = 0; i < rows; i++) {
                    int row = b * rows + i;
                    double sum = 0;
                    for (int j = 0; j < cols; j++) {
                        double gi = grad(row * cols + j);
                        double sq = gi * gi + eps1;
                        sum += sq;
                        scratch[b * cols + j] += sq;
                    }
                    rSum += setSlot(0, row, beta * slotAt(0, row) + c2 * div(cast(sum), cols));
                }
                scratch[means + b] = div(cast(rSum), rows);   // mean(r, axis=-1) of this matrix
            }
            for (int k = 0; k < means; k++) {
                setSlot(1, k, beta * slotAt(1, k) + c2 * div(cast(scratch[k]), rows));
            }
        }
        // u = g / sqrt(v), and its root mean square over the variable
        double sumU = 0;
        for (int i = 0; i < n; i++) {
            double gi = grad(i);
            double vi = factored ? factoredV(i, rows, cols, scratch)
                    : setSlot(0, i, beta * slotAt(0, i) + c2 * (gi * gi + eps1));
            double u = gi / Math.sqrt(vi);
            sumU += u * u;
        }
        // w = w - alpha * u / max(1, rms(u) / clip)
        double d = Math.max(1, div(sqrt(div(cast(sumU), n)), clip));
        for (int i = 0; i < n; i++) {
            double vi = factored ? factoredV(i, rows, cols, scratch) : slotAt(0, i);
            setVar(i, var(i) - alpha * (grad(i) / Math.sqrt(vi) / d));
        }
    }

    /**
     * Adafactor's factored second moment at element {@code i}: {@code r / mean(r) * c} of its row and column, in the
     * dtype; the means of {@code r} are at {@code scratch[batch * cols + b]}.
     */
    private double factoredV(int i, int rows, int cols, double[] scratch) {
        int row = i / cols, b = row / rows;
        return cast(slotAt(0, row) / scratch[n / rows + b] * slotAt(1, b * cols + i % cols));
    }

    /**
     * Lamb's update ({@link Lamb#update}): slot 0 the first moment, slot 1 the second; {@code c1 = 1 - beta1},
     * {@code c2 = 1 - beta2}, {@code corr1 = 1 - beta1^t}, {@code corr2 = 1 - beta2^t}, in the dtype. The first
     * pass updates the moments and sums {@code w^2} and {@code u^2} of the Adam direction {@code u}; the second
     * moves {@code w} by {@code ratio * lr * u}, {@code u} recomputed from the stored moments (the same value).
     */
    void lamb(double c1, double c2, double corr1, double corr2, double epsilon) {
        double sumW = 0, sumU = 0;
        for (int i = 0; i < n; i++) {
            double gi = grad(i), wi = var(i);
            double mi = setSlot(0, i, slotAt(0, i) + (gi - slotAt(0, i)) * c1);
            double vi = setSlot(1, i, slotAt(1, i) + (gi * gi - slotAt(1, i)) * c2);
            double u = mi / corr1 / (Math.sqrt(vi / corr2) + epsilon);
            sumW += wi * wi;
            sumU += u * u;
        }
        // ratio = ||w|| / ||u|| when both are positive, else 1 (also for a NaN norm, as Keras's where)
        double wNorm = sqrt(cast(sumW)), uNorm = sqrt(cast(sumU));
        double ratio = wNorm > 0 && uNorm > 0 ? div(wNorm, uNorm) : 1;
        double scale = mul(ratio, lr);
        for (int i = 0; i < n; i++) {
            double u = slotAt(0, i) / corr1 / (Math.sqrt(slotAt(1, i) / corr2) + epsilon);
            setVar(i, var(i) - scale * u);
        }
    }

    /**
     * Muon's update of a matrix ({@link Muon#update}), slot 0 the momentum: {@code m = m + (g + m * (momentum - 1))};
     * the direction {@code G = g + momentum * m} (Nesterov) or {@code m}, orthogonalized by {@code nsSteps}
     * Newton-Schulz iterations with coefficients {@code a, b, c} on {@code X = G / (||G||_F + eps)}, taken with its
     * shorter side first ({@code X X^T} is {@code k x k} with {@code k = min(rows, cols)}); then
     * {@code w = w - X * scale}. All in double, the momentum and the variable rounded to the dtype when stored.
     * {@code x} and {@code y} hold at least {@code n} doubles, {@code p} and {@code q} at least {@code k * k}.
     */
    void muon(double momentum, double momentumMinus1, boolean nesterov, double a, double b, double c, int nsSteps,
              double eps, double scale, double[] x, double[] y, double[] p, double[] q) {
        int rows = shape.dim(0), cols = shape.dim(1);
        boolean transposed = rows > cols;
        int k = transposed ? cols : rows, l = transposed ? rows : cols;   // X is k x l, k <= l
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int e = i * cols + j;
                double gi = grad(e);
                double mi = setSlot(0, e, slotAt(0, e) + (gi + slotAt(0, e) * momentumMinus1));
                double d = nesterov ? gi + momentum * mi : mi;
                x[transposed ? j * rows + i : e] = d;
                sum += d * d;
            }
        }
        double norm = Math.sqrt(sum) + eps;
        for (int e = 0; e < n; e++) {
            x[e] /= norm;
        }
        for (int s = 0; s < nsSteps; s++) {
            // A = X X^T (k x k, symmetric) into p; B = b A + c A A into q; X = a X + B X into y
            for (int i = 0; i < k; i++) {
                for (int r = 0; r <= i; r++) {
                    double dot = 0;
                    for (int j = 0; j < l; j++) {
                        dot += x[i * l + j] * x[r * l + j];
                    }
                    p[i * k + r] = dot;
                    p[r * k + i] = dot;
                }
            }
            for (int i = 0; i < k; i++) {
                for (int r = 0; r < k; r++) {
                    double dot = 0;
                    for (int j = 0; j < k; j++) {
                        dot += p[i * k + j] * p[j * k + r];
                    }
                    q[i * k + r] = b * p[i * k + r] + c * dot;
                }
            }
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < l; j++) {
                    y[i * l + j] = a * x[i * l + j];
                }
                for (int r = 0; r < k; r++) {
                    double bir = q[i * k + r];
                    for (int j = 0; j < l; j++) {
                        y[i * l + j] += bir * x[r * l + j];
                    }
                }
            }
            double[] swap = x;
            x = y;
            y = swap;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int e = i * cols + j;
                setVar(e, var(e) - x[transposed ? j * rows + i : e] * scale);
            }
        }
    }
}
