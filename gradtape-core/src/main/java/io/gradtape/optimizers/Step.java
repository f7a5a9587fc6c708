package io.gradtape.optimizers;

import io.gradtape.internal.kernels.Vectorization;

/**
 * The arrays of one variable's update: its gradient, its storage and its slots' storage, float32 or float64,
 * with the step's scalars. Optimizers read and write elements as doubles; a write rounds to the dtype and
 * returns the value stored, so that later uses see what Keras would read back from the variable. One instance
 * per optimizer is reused: a step allocates nothing per element.
 */
final class Step {
    /** Elements in the variable. */
    int n;
    /** Learning rate of this step. */
    double lr;
    /** Step number, {@code iterations + 1}. */
    long t;
    private boolean f32;
    private float[] gf;
    private float[] wf;
    private final float[][] sf = new float[3][];
    private double[] gd;
    private double[] wd;
    private final double[][] sd = new double[3][];

    void begin(boolean f32, int n, double lr, long t, Object grad, Object storage, int slots) {
        this.f32 = f32;
        this.n = n;
        this.lr = lr;
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

    /** Drops the references to the arrays (they must not outlive the step). */
    void end() {
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
     * Plain gradient descent, {@code w -= g * lr}, in doubles and rounded to the dtype once per element: what
     * {@code w(i, w(i) - g(i) * lr)} does, as one loop over the arrays of the dtype (the accessors' dtype test per
     * element kept the loop scalar; 2.6% of the tiny MLP step's samples). float32 goes through the kernels'
     * {@code descend32}, in double vectors when the Vector API is on: C2 keeps this loop scalar, and its merging
     * float-double conversions ran at 0.5 or 3 ns per element depending on the JVM (the 784-256-128-10 MLP's
     * update 130 or 700 us per step, MlpBench on 1 thread 1.03-1.06 or 1.59-1.68 ms per fork; with descend32:
     * 22-27 us and 0.92-0.96 ms in every fork).
     */
    void descend(double lr) {
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
     * Adam's update ({@link Adam#update}) over the arrays of the dtype, slots {@code m, v} (and {@code vhat} with
     * AMSGrad), {@code c1 = 1 - beta1}, {@code c2 = 1 - beta2}: float32 through the kernels' {@code adam32} (in
     * double vectors when the Vector API is on; same bits), float64 here. Each stored value is what later lines
     * read.
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

    double g(int i) {
        return f32 ? gf[i] : gd[i];
    }

    double w(int i) {
        return f32 ? wf[i] : wd[i];
    }

    double w(int i, double x) {
        if (f32) {
            return wf[i] = (float) x;
        }
        return wd[i] = x;
    }

    double s(int k, int i) {
        return f32 ? sf[k][i] : sd[k][i];
    }

    double s(int k, int i, double x) {
        if (f32) {
            return sf[k][i] = (float) x;
        }
        return sd[k][i] = x;
    }
}
