package io.gradtape.examples;

import io.gradtape.Autodiff;
import io.gradtape.DType;
import io.gradtape.Linalg;
import io.gradtape.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.gradtape.Tensors.*;

/**
 * Gaussian-process regression end to end: fits the three hyperparameters of a squared-exponential kernel (signal
 * amplitude, length scale, noise) by maximising the log marginal likelihood, then predicts with the fitted model.
 *
 * <p>The model (Rasmussen and Williams, "Gaussian Processes for Machine Learning", 2006, eqs. 2.25-2.30 and 5.8):
 * {@code K = s_f^2 exp(-(x_i - x_j)^2 / (2 l^2)) + s_n^2 I}; with {@code L = cholesky(K)} and
 * {@code alpha = choleskySolve(L, y)}, the negative log marginal likelihood is
 * {@code 0.5 y^T alpha + sum log diag L + (n / 2) log 2 pi} and the posterior mean at test points is
 * {@code K_*^T alpha}. The parameters are optimised in log space, {@code theta = (log s_f, log l, log s_n)}, by
 * Newton's method on the exact Hessian (second derivatives through {@code cholesky} and {@code choleskySolve}, from
 * {@link Autodiff#hessian}), damped as Levenberg-Marquardt: the step solves {@code (H + lambda I) d = -g} with
 * {@link Linalg#solve}, and lambda shrinks after a step that lowers the objective and grows otherwise.
 *
 * <p>Run it with {@code mvn -q -pl gradtape-examples -am compile exec:java
 * -Dexec.mainClass=io.gradtape.examples.GaussianProcessRegression}. The data are 40 noisy samples of
 * {@code sin(2x)} on {@code [-3, 3]} with noise standard deviation 0.1 (seeded, so every run is the same);
 * {@code GaussianProcessRegressionTest} asserts that the fit converges, recovers the noise level and predicts the
 * function.
 */
public final class GaussianProcessRegression {
    private GaussianProcessRegression() {
    }

    /** Training inputs and targets, column vectors {@code (n, 1)}, float64. */
    public record Data(Tensor x, Tensor y) {
    }

    /** The fitted log-parameters, the objective at each iteration, and the final gradient. */
    public record Fit(Tensor theta, List<Double> objective, Tensor gradient, int iterations) {
        /** The fitted {@code (s_f, l, s_n)}. */
        public double[] parameters() {
            double[] t = theta.toDoubleArray();
            return new double[] {Math.exp(t[0]), Math.exp(t[1]), Math.exp(t[2])};
        }
    }

    /** {@code n} samples of {@code sin(2x) + noise * N(0, 1)} at evenly spaced {@code x} in {@code [-3, 3]}. */
    public static Data data(int n, double noise, long seed) {
        Random r = new Random(seed);
        Tensor x = reshape(linspace(-3, 3, n, DType.FLOAT64), n, 1);
        double[] xs = x.toDoubleArray();
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            ys[i] = Math.sin(2 * xs[i]) + noise * r.nextGaussian();
        }
        return new Data(x, constant(ys, n, 1));
    }

    /** The kernel matrix between column vectors {@code a (n, 1)} and {@code b (m, 1)}: {@code s_f^2 exp(-d^2 / 2 l^2)}. */
    static Tensor kernel(Tensor theta, Tensor a, Tensor b) {
        Tensor logAmp = slice(theta, new int[] {0}, new int[] {1});
        Tensor logLen = slice(theta, new int[] {1}, new int[] {1});
        Tensor d = sub(a, Linalg.matrixTranspose(b));                 // (n, m) by broadcasting
        Tensor scaled = div(square(d), mul(constant(2.0), exp(mul(constant(2.0), logLen))));
        return mul(exp(mul(constant(2.0), logAmp)), exp(neg(scaled)));
    }

    /** The negative log marginal likelihood of the data under the log-parameters {@code theta (3)}. */
    public static Tensor negLogMarginalLikelihood(Tensor theta, Data data) {
        int n = data.x().shape().dim(0);
        Tensor logNoise = slice(theta, new int[] {2}, new int[] {1});
        Tensor noiseVar = add(exp(mul(constant(2.0), logNoise)), constant(1e-8)); // a little jitter for conditioning
        Tensor k = add(kernel(theta, data.x(), data.x()), mul(eye(n, DType.FLOAT64), noiseVar));
        Tensor l = Linalg.cholesky(k);
        Tensor alpha = Linalg.choleskySolve(l, data.y());
        Tensor fitTerm = mul(constant(0.5), reduceSum(mul(data.y(), alpha)));
        Tensor complexity = reduceSum(log(Linalg.diagPart(l)));
        return add(add(fitTerm, complexity), constant(0.5 * n * Math.log(2 * Math.PI)));
    }

    /** Damped Newton from {@code theta0} until the gradient's largest entry is below {@code tol} or {@code maxIter} steps. */
    public static Fit fit(Data data, Tensor theta0, int maxIter, double tol) {
        var valueAndGrad = Autodiff.valueAndGrad((Tensor t) -> negLogMarginalLikelihood(t, data));
        var hessian = Autodiff.hessian((Tensor t) -> negLogMarginalLikelihood(t, data));
        Tensor theta = theta0;
        double lambda = 1e-3;
        List<Double> history = new ArrayList<>();
        Autodiff.ValueAndGrad<Tensor> vg = valueAndGrad.apply(theta);
        history.add(vg.value().doubleValue());
        int it = 0;
        while (it < maxIter && maxAbs(vg.grad()) > tol) {
            it++;
            Tensor h = hessian.apply(theta);
            Tensor damped = add(h, mul(eye(3, DType.FLOAT64), constant(lambda)));
            Tensor step = reshape(Linalg.solve(damped, reshape(vg.grad(), 3, 1)), 3);
            Tensor candidate = sub(theta, step);
            Autodiff.ValueAndGrad<Tensor> next = valueAndGrad.apply(candidate);
            double current = vg.value().doubleValue();
            // accept a step that does not raise the objective beyond rounding: near the optimum the values agree
            // to the last digits and only the gradient still tells the steps apart
            if (next.value().doubleValue() <= current + 1e-12 * Math.abs(current)) {
                theta = candidate;
                vg = next;
                lambda = Math.max(lambda / 3, 1e-12);
                history.add(vg.value().doubleValue());
            } else {
                lambda *= 4;
            }
        }
        return new Fit(theta, history, vg.grad(), it);
    }

    /** The posterior mean at {@code xStar (m, 1)} given the data and log-parameters. */
    public static Tensor predict(Tensor theta, Data data, Tensor xStar) {
        int n = data.x().shape().dim(0);
        Tensor noiseVar = add(exp(mul(constant(2.0), slice(theta, new int[] {2}, new int[] {1}))), constant(1e-8));
        Tensor k = add(kernel(theta, data.x(), data.x()), mul(eye(n, DType.FLOAT64), noiseVar));
        Tensor alpha = Linalg.choleskySolve(Linalg.cholesky(k), data.y());
        return matmul(kernel(theta, data.x(), xStar), alpha, true, false);
    }

    static double maxAbs(Tensor t) {
        double m = 0;
        for (double v : t.toDoubleArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Fits the example data and prints the iterations, the parameters and the prediction error. */
    public static void main(String[] args) {
        Data data = data(40, 0.1, 7);
        Tensor theta0 = constant(new double[] {0, 0, Math.log(0.5)}, 3); // s_f = 1, l = 1, s_n = 0.5
        Fit fit = fit(data, theta0, 50, 1e-8);
        List<Double> obj = fit.objective();
        for (int i = 0; i < obj.size(); i++) {
            System.out.printf("step %2d  -log p(y | theta) = %.10f%n", i, obj.get(i));
        }
        double[] p = fit.parameters();
        System.out.printf("fitted: amplitude %.4f, length scale %.4f, noise %.4f (true noise 0.1); largest |gradient| %.1e after %d Newton steps%n",
                p[0], p[1], p[2], maxAbs(fit.gradient()), fit.iterations());
        Tensor xs = reshape(linspace(-2.5, 2.5, 11, DType.FLOAT64), 11, 1);
        Tensor mean = predict(fit.theta(), data, xs);
        Tensor err = sub(mean, sin(mul(constant(2.0), xs)));
        System.out.printf("posterior mean vs sin(2x) at 11 test points: RMS error %.4f%n",
                Math.sqrt(reduceMean(square(err)).doubleValue()));
    }
}
