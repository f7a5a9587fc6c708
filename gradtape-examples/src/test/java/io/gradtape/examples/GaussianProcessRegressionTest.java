package io.gradtape.examples;

import io.gradtape.Autodiff;
import io.gradtape.DType;
import io.gradtape.Linalg;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Gaussian-process example solves its problem: the fit converges to a minimum that explains the data. */
class GaussianProcessRegressionTest {
    private static final GaussianProcessRegression.Data DATA = GaussianProcessRegression.data(40, 0.1, 7);
    private static final Tensor THETA0 = constant(new double[] {0, 0, Math.log(0.5)}, 3);

    @Test
    void objectiveMatchesTheTextbookFormulaThroughInverseAndDeterminant() {
        Tensor theta = constant(new double[] {0.2, -0.3, -1.0}, 3);
        double viaCholesky = GaussianProcessRegression.negLogMarginalLikelihood(theta, DATA).doubleValue();
        int n = 40;
        Tensor k = add(GaussianProcessRegression.kernel(theta, DATA.x(), DATA.x()),
                mul(eye(n, DType.FLOAT64), constant(Math.exp(-2.0) + 1e-8)));
        double quad = reduceSum(mul(DATA.y(), matmul(Linalg.inv(k), DATA.y()))).doubleValue();
        double logDet = Linalg.slogdet(k).logAbsDet().doubleValue();
        assertEquals(0.5 * quad + 0.5 * logDet + 0.5 * n * Math.log(2 * Math.PI), viaCholesky, 1e-9);
    }

    @Test
    void gradientThroughCholeskyMatchesFiniteDifferences() {
        Tensor g = Autodiff.grad((Tensor t) -> GaussianProcessRegression.negLogMarginalLikelihood(t, DATA)).apply(THETA0);
        double[] t0 = THETA0.toDoubleArray();
        double h = 1e-6;
        for (int i = 0; i < 3; i++) {
            double[] plus = t0.clone();
            double[] minus = t0.clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (GaussianProcessRegression.negLogMarginalLikelihood(constant(plus, 3), DATA).doubleValue()
                    - GaussianProcessRegression.negLogMarginalLikelihood(constant(minus, 3), DATA).doubleValue()) / (2 * h);
            assertEquals(fd, g.getDouble(i), 1e-6 * Math.max(1, Math.abs(fd)), "d/dtheta_" + i);
        }
    }

    @Test
    void newtonConvergesToAMinimumThatRecoversTheNoiseAndTheFunction() {
        GaussianProcessRegression.Fit fit = GaussianProcessRegression.fit(DATA, THETA0, 50, 1e-8);
        assertTrue(GaussianProcessRegression.maxAbs(fit.gradient()) <= 1e-8, "converged: " + fit.gradient());
        assertTrue(fit.iterations() < 30, "Newton took " + fit.iterations() + " steps");
        List<Double> obj = fit.objective();
        for (int i = 1; i < obj.size(); i++) {
            assertTrue(obj.get(i) <= obj.get(i - 1) + 1e-11, "objective rose at step " + i + ": " + obj);
        }
        assertTrue(obj.get(obj.size() - 1) < obj.get(0) - 30, "the fit explains the data far better than the start: " + obj);
        // a minimum: the exact Hessian there is positive definite
        Tensor hess = Autodiff.hessian((Tensor t) -> GaussianProcessRegression.negLogMarginalLikelihood(t, DATA)).apply(fit.theta());
        assertTrue(Linalg.eigvalsh(hess).getDouble(0) > 0, "Hessian at the optimum: " + hess);
        double[] p = fit.parameters();
        assertTrue(p[2] > 0.07 && p[2] < 0.15, "noise standard deviation " + p[2] + " should be near the true 0.1");
        Tensor xs = reshape(linspace(-2.5, 2.5, 11, DType.FLOAT64), 11, 1);
        Tensor err = sub(GaussianProcessRegression.predict(fit.theta(), DATA, xs), sin(mul(constant(2.0), xs)));
        double rms = Math.sqrt(reduceMean(square(err)).doubleValue());
        assertTrue(rms < 0.06, "posterior mean RMS error against sin(2x): " + rms);
    }
}
