package io.gradtape;

import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.linalg.LinalgKernels;
import io.gradtape.internal.linalg.MatrixExponential;
import io.gradtape.internal.ops.Dispatch;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.Primitive;
import io.gradtape.internal.ops.ShapeRules;

import java.util.Objects;

import static io.gradtape.Tensors.*;

/**
 * Linear algebra with gradients, with TensorFlow's {@code tf.linalg} names and conventions: matrices are the last
 * two axes of a tensor and every op is batched over the leading ones (two-operand ops broadcast them, as
 * {@link Tensors#matmul}). Floating dtypes only; float32 is factored in double precision internally and rounded
 * once. Every op is differentiable under a {@link GradientTape} and by {@link ForwardAccumulator}, and, since the
 * derivative rules are written with these same ops, to second and higher order through nested tapes.
 *
 * <p><b>Primitives and composites.</b> {@code cholesky}, {@code triangularSolve}, {@code solve} (LU with partial
 * pivoting), {@code slogdet}'s {@code log|det|}, {@code qr} (Householder), {@code eigh} (Householder
 * tridiagonalization and implicit QL) and {@code svd} (bidiagonalization and QR iteration) have kernels and derivative rules of their
 * own. The rest are composed of them: {@code inv = solve(A, I)}; {@code det = sign * exp(log|det|)};
 * {@code logdet = 2 sum log diag(cholesky(A))}; {@code choleskySolve} is two triangular solves; {@code lstsq} goes
 * through the Cholesky factor of the normal equations (or QR); {@code expm} is Higham's scaling and squaring with
 * Padé approximants (matmuls and one solve);
 * {@code trace}, {@code diag}, {@code diagPart}, {@code bandPart}, {@code matrixTranspose} and the matrix norms are
 * masks, sums and slices.
 *
 * <p><b>Derivative rules</b> (reverse and forward mode), cited beside each rule in {@code LinalgRules}:
 * M. B. Giles, "An extended collection of matrix derivative results for forward and reverse mode automatic
 * differentiation" (2008) for solve, inverse and determinant; I. Murray, "Differentiation of the Cholesky
 * decomposition" (2016); M. Seeger, A. Hetzel, Z. Dai, E. Meissner, N. D. Lawrence, "Auto-differentiating linear
 * algebra" (2017) for the symmetric eigendecomposition and QR; J. Townsend, "Differentiating the singular value
 * decomposition" (2016); H. Walter and L. Lehmann (2018) for QR of wide matrices.
 *
 * <p><b>Degenerate cases</b> follow TensorFlow:
 * <ul>
 *   <li>{@code cholesky} of a matrix that is not positive definite raises an {@link IllegalArgumentException}
 *       (TensorFlow raises "Cholesky decomposition was not successful").</li>
 *   <li>{@code solve} and {@code inv} of a singular matrix (an exactly zero pivot in LU) raise an
 *       {@link IllegalArgumentException} ("the input matrix is not invertible", as TensorFlow's
 *       "Input matrix is not invertible"). A nearly singular matrix is solved, with the large errors that its
 *       condition number implies. {@code det} and {@code slogdet} of a singular matrix return 0 and
 *       {@code (0, -inf)}; their gradient there needs the inverse and raises the same error, as TensorFlow's.</li>
 *   <li>{@code triangularSolve} does not check its diagonal: a zero gives infinities and NaN, as TensorFlow.</li>
 *   <li>The gradient of {@code qr} needs {@code A} (for {@code m >= n}) or its leading square block (for
 *       {@code m < n}) of full rank; otherwise it holds infinities or NaN, as TensorFlow's. {@code qr} with
 *       {@code fullMatrices} of a matrix with more rows than columns has no gradient, as TensorFlow's.</li>
 *   <li>The gradients of {@code eigh} and {@code svd} divide by eigenvalue gaps (and, for {@code svd}, by the
 *       singular values) with TensorFlow's damped reciprocal {@code x / (x^2 + 1e-20)} ({@code _SafeReciprocal}
 *       in its {@code linalg_grad.py}), so a repeated eigenvalue or a repeated or zero singular value gives
 *       finite gradients, TensorFlow's numbers: the terms that couple the vectors of one repeated value, and in
 *       {@code svd} those divided by a zero singular value, are dropped (the plain reciprocal would make them
 *       infinite or NaN). Where those terms vanish anyway (for example a loss {@code tr(V f(w) V^T D)} with
 *       {@code D} constant on the repeated value's eigenspace, or the reconstruction {@code U S V^T} of a square
 *       matrix) this is the derivative; otherwise it is a finite stand-in, which may differ from the derivative
 *       of a function that is smooth there. Gaps near {@code 1e-10} are damped, below about {@code 1e-9} not
 *       exactly inverted.</li>
 * </ul>
 *
 * <p><b>Conventions that differ from LAPACK's freedom</b> (TensorFlow's values may differ by these signs; both are
 * valid decompositions): the diagonal of R in {@code qr} is non-negative; each eigenvector and each right singular
 * vector has its entry of largest magnitude positive (with the matching left singular vector). These choices make
 * the factors smooth functions of the input, which is what a derivative needs.
 *
 * <pre>{@code
 * Tensor a = constant(new double[][] {{4, 2}, {2, 3}});
 * Tensor x = Linalg.solve(a, constant(new double[][] {{2}, {1}}));   // [[0.5] [0.]]
 * Tensor l = Linalg.cholesky(a);                                      // [[2. 0.] [1. 1.41421356]]
 * }</pre>
 */
public final class Linalg {
    private Linalg() {
    }

    // ------------------------------------------------------------------------------------ results with several parts

    /** The reduced QR decomposition {@code A = Q R}: {@code q} is {@code m x k}, {@code r} is {@code k x n}, {@code k = min(m, n)}. */
    public record QR(Tensor q, Tensor r) {
    }

    /** A symmetric eigendecomposition {@code A = V diag(w) V^T}: eigenvalues ascending, eigenvectors as columns. */
    public record Eigh(Tensor eigenvalues, Tensor eigenvectors) {
    }

    /** The reduced SVD {@code A = U diag(s) V^T}: {@code s} descending ({@code k}), {@code u} {@code m x k}, {@code v} {@code n x k}. */
    public record SVD(Tensor s, Tensor u, Tensor v) {
    }

    /** {@code det A = sign * exp(logAbsDet)}; sign is 0 and logAbsDet {@code -inf} for a singular matrix. */
    public record Slogdet(Tensor sign, Tensor logAbsDet) {
    }

    // ------------------------------------------------------------------------------------ factorizations (primitives)

    /**
     * The Cholesky factor {@code L} of a symmetric positive-definite matrix: lower triangular with a positive
     * diagonal, {@code A = L L^T}. Only the lower triangle of {@code a} is read (as TensorFlow). Gradient (Murray
     * 2016): {@code Abar = sym(L^-T Phi(L^T Lbar) L^-1)}, where Phi takes the lower triangle with the diagonal
     * halved; it is symmetric, as TensorFlow's (the derivative along symmetric perturbations of {@code a}).
     *
     * <pre>{@code
     * Linalg.cholesky(constant(new double[][] {{4, 2}, {2, 3}}));   // [[2. 0.] [1. 1.41421356]]
     * }</pre>
     *
     * @param a {@code [..., n, n]}, float32 or float64
     * @return {@code L}, of {@code a}'s shape
     * @throws IllegalArgumentException if a matrix is not positive definite, or not square
     */
    public static Tensor cholesky(Tensor a) {
        Objects.requireNonNull(a, "cholesky: a is null");
        return Dispatch.apply(Primitive.CHOLESKY, null, a);
    }

    /**
     * Solves {@code T X = B} for a lower-triangular {@code T} (TensorFlow's {@code matrix_triangular_solve} with its
     * defaults lower = true, adjoint = false).
     *
     * <pre>{@code
     * Linalg.triangularSolve(constant(new double[][] {{2, 0}, {1, 1}}), constant(new double[][] {{2}, {3}}));   // [[1.] [2.]]
     * }</pre>
     *
     * @param matrix {@code [..., n, n]}; only its lower triangle is read
     * @param rhs    {@code [..., n, k]}, same dtype; batch dimensions broadcast
     * @return {@code X}, {@code [..., n, k]}
     */
    public static Tensor triangularSolve(Tensor matrix, Tensor rhs) {
        return triangularSolve(matrix, rhs, true, false);
    }

    /**
     * Solves {@code op(T) X = B}, where {@code T} is the lower ({@code lower}) or upper triangle of {@code matrix}
     * (the other triangle is not read) and {@code op} transposes when {@code adjoint}. A zero on the diagonal gives
     * infinities and NaN (not checked, as TensorFlow). Gradient (Giles 2008): {@code Bbar = op(T)^-T Xbar},
     * {@code Tbar = -Bbar X^T} (adjoint: {@code -X Bbar^T}) restricted to the triangle.
     *
     * <pre>{@code
     * Linalg.triangularSolve(constant(new double[][] {{2, 1}, {0, 1}}), constant(new double[][] {{3}, {1}}), false, false);   // [[1.] [1.]]
     * }</pre>
     *
     * @param matrix  {@code [..., n, n]}
     * @param rhs     {@code [..., n, k]}, same dtype; batch dimensions broadcast
     * @param lower   whether the lower triangle is used (else the upper)
     * @param adjoint whether to solve with the transpose
     * @return {@code X}, {@code [..., n, k]}
     */
    public static Tensor triangularSolve(Tensor matrix, Tensor rhs, boolean lower, boolean adjoint) {
        Objects.requireNonNull(matrix, "triangularSolve: matrix is null");
        Objects.requireNonNull(rhs, "triangularSolve: rhs is null");
        return Dispatch.apply(Primitive.TRIANGULAR_SOLVE, new Params.TriangularSolve(lower, adjoint), matrix, rhs);
    }

    /**
     * Solves {@code A X = B} by LU with partial pivoting (TensorFlow's {@code tf.linalg.solve}). Gradient (Giles
     * 2008): {@code Bbar = A^-T Xbar}, {@code Abar = -Bbar X^T}.
     *
     * <pre>{@code
     * Linalg.solve(constant(new double[][] {{4, 2}, {2, 3}}), constant(new double[][] {{2}, {1}}));   // [[0.5] [0.]]
     * }</pre>
     *
     * @param matrix {@code [..., n, n]}, float32 or float64
     * @param rhs    {@code [..., n, k]}, same dtype; batch dimensions broadcast
     * @return {@code X}, {@code [..., n, k]}
     * @throws IllegalArgumentException if a matrix is singular (an exactly zero pivot): "not invertible", as TensorFlow
     */
    public static Tensor solve(Tensor matrix, Tensor rhs) {
        return solve(matrix, rhs, false);
    }

    /**
     * Solves {@code A X = B}, or {@code A^T X = B} when {@code adjoint}.
     *
     * <pre>{@code
     * Linalg.solve(constant(new double[][] {{1, 1}, {0, 1}}), constant(new double[][] {{1}, {2}}), true);   // [[1.] [1.]]
     * }</pre>
     *
     * @param matrix  {@code [..., n, n]}
     * @param rhs     {@code [..., n, k]}
     * @param adjoint whether to solve with the transpose
     * @return {@code X}
     * @throws IllegalArgumentException if a matrix is singular
     */
    public static Tensor solve(Tensor matrix, Tensor rhs, boolean adjoint) {
        Objects.requireNonNull(matrix, "solve: matrix is null");
        Objects.requireNonNull(rhs, "solve: rhs is null");
        return Dispatch.apply(Primitive.SOLVE, new Params.Adjoint(adjoint), matrix, rhs);
    }

    /**
     * The sign and the log of the absolute value of the determinant (TensorFlow's {@code slogdet}), by LU. The
     * sign is a constant (no gradient, as TensorFlow); {@code log|det|} has gradient {@code g A^-T} (Giles 2008).
     *
     * <pre>{@code
     * Linalg.Slogdet d = Linalg.slogdet(constant(new double[][] {{0, 2}, {3, 0}}));   // sign -1, logAbsDet log 6
     * }</pre>
     *
     * @param a {@code [..., n, n]}
     * @return sign and {@code log|det|}, each of the batch shape
     */
    public static Slogdet slogdet(Tensor a) {
        Objects.requireNonNull(a, "slogdet: a is null");
        Tensor logAbs = Dispatch.apply(Primitive.LOG_ABS_DET, null, a);
        Tensor sign = TensorAccess.make(logAbs.dtype(), logAbs.shape(), LinalgKernels.detSign(a, logAbs.dtype()));
        return new Slogdet(sign, logAbs);
    }

    /**
     * The determinant, {@code sign * exp(log|det|)} from {@link #slogdet}: no overflow in the factorization, 0 for a
     * singular matrix. Gradient: {@code g det(A) A^-T} (Giles 2008), which needs {@code A} invertible, as
     * TensorFlow's.
     *
     * <pre>{@code
     * Linalg.det(constant(new double[][] {{1, 2}, {3, 4}}));   // -2.0
     * }</pre>
     *
     * @param a {@code [..., n, n]}
     * @return the determinants, of the batch shape
     */
    public static Tensor det(Tensor a) {
        Slogdet s = slogdet(a);
        return mul(s.sign(), exp(s.logAbsDet()));
    }

    /**
     * The log-determinant of a symmetric positive-definite matrix through its Cholesky factor,
     * {@code 2 sum log diag(L)} (TensorFlow's {@code tf.linalg.logdet}).
     *
     * <pre>{@code
     * Linalg.logdet(constant(new double[][] {{4, 2}, {2, 3}}));   // log 8 = 2.0794415
     * }</pre>
     *
     * @param a {@code [..., n, n]}, positive definite
     * @return the log-determinants, of the batch shape
     * @throws IllegalArgumentException if a matrix is not positive definite
     */
    public static Tensor logdet(Tensor a) {
        Tensor l = cholesky(a);
        return mul(reduceSum(log(diagPart(l)), -1), constant(2, l.dtype()));
    }

    /**
     * The inverse, {@code solve(A, I)} (TensorFlow's {@code tf.linalg.inv}). Gradient (Giles 2008):
     * {@code -A^-T G A^-T}.
     *
     * <pre>{@code
     * Linalg.inv(constant(new double[][] {{2, 0}, {0, 4}}));   // [[0.5 0.] [0. 0.25]]
     * }</pre>
     *
     * @param a {@code [..., n, n]}
     * @return the inverses
     * @throws IllegalArgumentException if a matrix is singular
     */
    public static Tensor inv(Tensor a) {
        Objects.requireNonNull(a, "inv: a is null");
        ShapeRules.requireFloating("inv", a);
        if (a.rank() < 2) {
            throw new IllegalArgumentException("inv: expected a matrix or a batch of matrices, got shape " + a.shape());
        }
        return solve(a, eye(a.shape().dim(-1), a.dtype()));
    }

    /**
     * Solves {@code A X = B} given the Cholesky factor {@code L} of {@code A} (TensorFlow's
     * {@code cholesky_solve}, which takes the factor, not {@code A}): two triangular solves, {@code L Y = B} then
     * {@code L^T X = Y}.
     *
     * <pre>{@code
     * Tensor l = Linalg.cholesky(constant(new double[][] {{4, 2}, {2, 3}}));
     * Linalg.choleskySolve(l, constant(new double[][] {{2}, {1}}));   // [[0.5] [0.]]
     * }</pre>
     *
     * @param chol {@code [..., n, n]}, lower triangular
     * @param rhs  {@code [..., n, k]}
     * @return {@code X}
     */
    public static Tensor choleskySolve(Tensor chol, Tensor rhs) {
        return triangularSolve(chol, triangularSolve(chol, rhs, true, false), true, true);
    }

    /**
     * The reduced QR decomposition by Householder reflections: {@code Q} ({@code m x k}) with orthonormal columns,
     * {@code R} ({@code k x n}) upper triangular with a non-negative diagonal, {@code k = min(m, n)}
     * (TensorFlow's {@code tf.linalg.qr} with {@code full_matrices = False}).
     *
     * <p>Gradient, as TensorFlow's {@code QrGrad}: for {@code m >= n} Seeger et al. 2017, which solves with
     * {@code R}; for {@code m < n} Walter and Lehmann 2018, which splits {@code A = [X Y]} and solves with the
     * leading {@code m x m} block of {@code R} (the R of {@code X}). Both need that triangle invertible, that is
     * {@code A} (for {@code m >= n}) or its leading {@code m x m} block {@code X} (for {@code m < n}) of full rank;
     * otherwise the gradient holds infinities or NaN, as TensorFlow's (whose triangular solves do not check
     * either). The decomposition itself is defined for every input.
     *
     * <pre>{@code
     * Linalg.QR f = Linalg.qr(constant(new double[][] {{3, 1}, {4, 2}}));   // r = [[5. 2.2] [0. 0.4]]
     * }</pre>
     *
     * @param a {@code [..., m, n]}
     * @return Q and R
     */
    public static QR qr(Tensor a) {
        Objects.requireNonNull(a, "qr: a is null");
        Tensor packed = Dispatch.apply(Primitive.QR, null, a);
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        return new QR(rows(packed, 0, m), matrixTranspose(rows(packed, m, n)));
    }

    /**
     * The QR decomposition, full or reduced (TensorFlow's {@code tf.linalg.qr(a, full_matrices)}). With
     * {@code fullMatrices}, {@code Q} is {@code m x m} orthogonal and {@code R} is {@code m x n}; for
     * {@code m <= n} that is the reduced decomposition. For {@code m > n}, the first {@code n} columns of
     * {@code Q} are the reduced {@code Q}, the other {@code m - n} complete them to an orthonormal basis (any
     * completion is valid; this one comes from the QR of {@code [A I]}), and the last {@code m - n} rows of
     * {@code R} are zero.
     *
     * <p>Gradient: as {@link #qr(Tensor)} where the decomposition is the reduced one ({@code m <= n} or
     * {@code fullMatrices = false}). For {@code m > n} with {@code fullMatrices} there is none, as in TensorFlow
     * (whose {@code QrGrad} raises "not implemented when nrows > ncols and full_matrices is true"): {@code A}
     * does not determine the completion, so its derivative would describe this implementation's choice only. Taking that gradient, reverse or forward, throws an
     * {@link IllegalArgumentException} that names the shape and the fix ({@code fullMatrices = false}).
     *
     * <pre>{@code
     * Linalg.QR f = Linalg.qr(constant(new double[][] {{3}, {4}}), true);   // q 2 x 2, r = [[5.] [0.]]
     * }</pre>
     *
     * @param a            {@code [..., m, n]}
     * @param fullMatrices whether Q is {@code m x m} and R {@code m x n}
     * @return Q and R
     */
    public static QR qr(Tensor a, boolean fullMatrices) {
        Objects.requireNonNull(a, "qr: a is null");
        if (!fullMatrices || a.rank() < 2 || a.shape().dim(-2) <= a.shape().dim(-1)) {
            return qr(a);
        }
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        Shape shape = a.shape();
        // [A I]'s Householder reflectors for its first n columns are A's, so its m x m Q starts with A's reduced Q
        Tensor packed = customGradient(a, x -> {
            int[] idShape = x.shape().dims();
            idShape[idShape.length - 1] = m;
            QR f = qr(concat(java.util.List.of(x, broadcastTo(eye(m, x.dtype()), idShape)), -1));
            int[] begin = new int[x.rank()];
            int[] size = f.r().shape().dims();
            size[size.length - 1] = n;
            Tensor r = bandPart(slice(f.r(), begin, size), 0, -1);
            return CustomGradient.of(concat(java.util.List.of(f.q(), r), -1), dy -> {
                throw new IllegalArgumentException("qr: no gradient for fullMatrices = true of a matrix with more rows"
                        + " than columns (shape " + shape + ", m = " + m + " > n = " + n + "), as TensorFlow's QrGrad: the"
                        + " extra columns of Q are not determined by A; use qr(a) (fullMatrices = false), whose Q spans"
                        + " A's columns and whose R holds every non-zero row");
            });
        });
        int[] begin = new int[a.rank()];
        int[] size = packed.shape().dims();
        size[size.length - 1] = m;
        Tensor q = slice(packed, begin, size);
        begin[a.rank() - 1] = m;
        size[size.length - 1] = n;
        return new QR(q, slice(packed, begin, size));
    }

    /**
     * The eigendecomposition of a symmetric matrix (TensorFlow's {@code eigh}; only the lower triangle is read):
     * eigenvalues ascending and orthonormal eigenvectors as the columns of {@code V}, {@code A = V diag(w) V^T}.
     * Gradient (Seeger et al. 2017; Giles 2008): {@code Abar = V (diag(wbar) + F o (V^T Vbar)) V^T} with
     * {@code F_ij = 1 / (w_j - w_i)} off the diagonal, returned on the lower triangle (as TensorFlow). As
     * TensorFlow's, F uses the damped reciprocal {@code x / (x^2 + 1e-20)}: 0 for a repeated eigenvalue, whose
     * gradient is then finite (see the class comment).
     *
     * <pre>{@code
     * Linalg.Eigh e = Linalg.eigh(constant(new double[][] {{2, 1}, {1, 2}}));   // eigenvalues [1. 3.]
     * }</pre>
     *
     * @param a {@code [..., n, n]}
     * @return eigenvalues {@code [..., n]} and eigenvectors {@code [..., n, n]}
     */
    public static Eigh eigh(Tensor a) {
        Objects.requireNonNull(a, "eigh: a is null");
        Tensor packed = Dispatch.apply(Primitive.EIGH, null, a);
        int n = a.shape().dim(-1);
        return new Eigh(squeezeRow(rows(packed, 0, 1)), rows(packed, 1, n));
    }

    /**
     * The eigenvalues of a symmetric matrix, ascending ({@code eigh(a).eigenvalues()}).
     *
     * <pre>{@code
     * Linalg.eigvalsh(constant(new double[][] {{2, 0}, {0, 1}}));   // [1. 2.]
     * }</pre>
     *
     * @param a {@code [..., n, n]}
     * @return {@code [..., n]}
     */
    public static Tensor eigvalsh(Tensor a) {
        return eigh(a).eigenvalues();
    }

    /**
     * The reduced singular value decomposition {@code A = U diag(s) V^T} by Householder bidiagonalization and the
     * bidiagonal QR iteration (Golub and Kahan 1965; Demmel and Kahan 1990), one-sided Jacobi rotations up to 8 x 8
     * (TensorFlow's {@code tf.linalg.svd} with {@code full_matrices = False}; note TensorFlow's order of results,
     * {@code s, u, v}, is kept). Gradient (Townsend 2016), with TensorFlow's damped reciprocals: finite where
     * singular values repeat or vanish (see the class comment).
     *
     * <pre>{@code
     * Linalg.SVD d = Linalg.svd(constant(new double[][] {{3, 0}, {0, -2}}));   // s = [3. 2.]
     * }</pre>
     *
     * @param a {@code [..., m, n]}
     * @return s {@code [..., k]}, U {@code [..., m, k]}, V {@code [..., n, k]}, {@code k = min(m, n)}
     */
    public static SVD svd(Tensor a) {
        Objects.requireNonNull(a, "svd: a is null");
        Tensor packed = Dispatch.apply(Primitive.SVD, null, a);
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        return new SVD(squeezeRow(rows(packed, 0, 1)), rows(packed, 1, m), rows(packed, 1 + m, n));
    }

    // ------------------------------------------------------------------------------------ composites

    /**
     * The least-squares solution of {@code A X = B} with TensorFlow's defaults ({@code tf.linalg.lstsq} with
     * {@code l2_regularizer = 0}, {@code fast = True}): {@code lstsq(matrix, rhs, 0, true)}.
     *
     * <pre>{@code
     * Tensor a = constant(new double[][] {{1, 0}, {0, 1}, {1, 1}});
     * Linalg.lstsq(a, constant(new double[][] {{1}, {1}, {3}}));   // [[1.333] [1.333]]
     * }</pre>
     *
     * @param matrix {@code [..., m, n]}
     * @param rhs    {@code [..., m, k]}
     * @return {@code X}, {@code [..., n, k]}
     * @throws IllegalArgumentException if the normal equations are not positive definite (see the four-argument form)
     */
    public static Tensor lstsq(Tensor matrix, Tensor rhs) {
        return lstsq(matrix, rhs, 0, true);
    }

    /**
     * The regularized least-squares solution by the normal equations ({@code lstsq(matrix, rhs, l2Regularizer,
     * true)}): {@code X = (A^T A + lambda I)^-1 A^T B}, the minimizer of {@code ||A X - B||_F^2 + lambda ||X||_F^2},
     * for {@code m >= n}; {@code X = A^T (A A^T + lambda I)^-1 B} for {@code m < n}.
     *
     * <pre>{@code
     * Tensor a = constant(new double[][] {{1, 0}, {0, 1}});
     * Linalg.lstsq(a, constant(new double[][] {{2}, {4}}), 1.0);   // [[1.] [2.]]
     * }</pre>
     *
     * @param matrix        {@code [..., m, n]}
     * @param rhs           {@code [..., m, k]}
     * @param l2Regularizer lambda, finite
     * @return {@code X}, {@code [..., n, k]}
     */
    public static Tensor lstsq(Tensor matrix, Tensor rhs, double l2Regularizer) {
        return lstsq(matrix, rhs, l2Regularizer, true);
    }

    /**
     * Least squares with TensorFlow's {@code tf.linalg.lstsq(matrix, rhs, l2_regularizer, fast)} semantics; batch
     * dimensions broadcast.
     *
     * <p><b>{@code fast = true}</b> (TensorFlow's default): the normal equations through a Cholesky factorization
     * of the regularized Gram matrix. For {@code m >= n}, {@code X = (A^T A + lambda I)^-1 A^T B}, which minimizes
     * {@code ||A X - B||_F^2 + lambda ||X||_F^2}; for {@code m < n}, {@code X = A^T (A A^T + lambda I)^-1 B}, for
     * {@code lambda = 0} the minimum-norm solution of {@code A X = B}. As TensorFlow notes, this is accurate only
     * when {@code A} is well conditioned (condition number well below {@code 1 / sqrt(eps)}) or {@code lambda} is
     * large enough. Gradient: through matmul, cholesky and the triangular solves, equal to TensorFlow's
     * {@code MatrixSolveLs} rule (Giles 2008 applied to the normal equations); there is no gradient with respect
     * to {@code lambda}, as TensorFlow's.
     *
     * <p><b>{@code fast = false}</b>: Householder QR without pivoting, {@code X = R^-1 Q^T B} for {@code m >= n}
     * and {@code X = Q R^-T B} through the QR of {@code A^T} for {@code m < n}. Deviations from TensorFlow, whose
     * slow path is a rank-revealing complete orthogonal decomposition: {@code A} must have full rank (a rank
     * deficient {@code A} gives infinities and NaN, not the minimum-norm solution); the path has a gradient
     * (TensorFlow raises "Gradient not defined for fast=False"); and a non-zero {@code l2Regularizer} raises
     * instead of being ignored.
     *
     * <pre>{@code
     * Tensor a = constant(new double[][] {{1, 0}, {0, 1}, {1, 1}});
     * Linalg.lstsq(a, constant(new double[][] {{1}, {1}, {3}}), 0.0, false);   // [[1.333] [1.333]]
     * }</pre>
     *
     * @param matrix        {@code [..., m, n]}, float32 or float64
     * @param rhs           {@code [..., m, k]}, same dtype
     * @param l2Regularizer lambda, finite (must be 0 when {@code fast} is false)
     * @param fast          normal equations (true) or QR (false)
     * @return {@code X}, {@code [..., n, k]}
     * @throws IllegalArgumentException for mismatched shapes or dtypes, a non-finite {@code l2Regularizer}, a
     *                                  non-zero one with {@code fast = false}, or a regularized Gram matrix that is
     *                                  not positive definite (A rank deficient and {@code lambda = 0})
     */
    public static Tensor lstsq(Tensor matrix, Tensor rhs, double l2Regularizer, boolean fast) {
        Objects.requireNonNull(matrix, "lstsq: matrix is null");
        Objects.requireNonNull(rhs, "lstsq: rhs is null");
        ShapeRules.requireFloating("lstsq", matrix);
        ShapeRules.sameDType("lstsq", matrix, rhs);
        if (matrix.rank() < 2 || rhs.rank() < 2 || matrix.shape().dim(-2) != rhs.shape().dim(-2)) {
            throw new IllegalArgumentException("lstsq: matrix " + matrix.shape() + " and rhs " + rhs.shape()
                    + " must be matrices with the same number of rows");
        }
        if (!Double.isFinite(l2Regularizer)) {
            throw new IllegalArgumentException("lstsq: l2Regularizer must be finite, got " + l2Regularizer);
        }
        if (!fast && l2Regularizer != 0) {
            throw new IllegalArgumentException("lstsq: l2Regularizer = " + l2Regularizer + " needs fast = true (TensorFlow's"
                    + " fast = False path ignores it); pass fast = true, or l2Regularizer = 0 for the QR path");
        }
        int m = matrix.shape().dim(-2);
        int n = matrix.shape().dim(-1);
        if (!fast) {
            if (m >= n) {
                QR f = qr(matrix);
                return triangularSolve(f.r(), matmul(f.q(), rhs, true, false), false, false);
            }
            QR f = qr(matrixTranspose(matrix));
            return matmul(f.q(), triangularSolve(f.r(), rhs, false, true));
        }
        boolean tall = m >= n;
        Tensor gram = tall ? matmul(matrix, matrix, true, false) : matmul(matrix, matrix, false, true);
        if (l2Regularizer != 0) {
            gram = add(gram, mul(eye(tall ? n : m, matrix.dtype()), constant(l2Regularizer, matrix.dtype())));
        }
        Tensor chol;
        try {
            chol = cholesky(gram);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lstsq: the regularized Gram matrix " + (tall ? "A^T A" : "A A^T")
                    + (l2Regularizer != 0 ? " + " + l2Regularizer + " I" : "") + " of matrix " + matrix.shape()
                    + " is not positive definite (A is rank deficient or too ill-conditioned for the normal equations);"
                    + " pass l2Regularizer > 0, or fast = false for full-rank A", e);
        }
        return tall ? choleskySolve(chol, matmul(matrix, rhs, true, false))
                : matmul(matrix, choleskySolve(chol, rhs), true, false);
    }

    /**
     * The matrix exponential by scaling and squaring with diagonal Padé approximants (N. J. Higham, "The scaling
     * and squaring method for the matrix exponential revisited", 2005): each matrix of a batch gets the degree
     * (3, 5, 7, 9 or 13 in float64; 3, 5 or 7 in float32) and the number of squarings {@code s} that its own
     * 1-norm calls for, so a matrix's result does not depend on the others in its batch (it is bit for bit the
     * result it gets alone). Accurate to about the unit roundoff for any norm. Composed of matmuls and one
     * {@link #solve} per group of matrices with the same degree and {@code s}, so it is differentiable to any
     * order; the degree and {@code s} are constants of the computation, as in TensorFlow. A matrix with a
     * non-finite entry gives NaN. TensorFlow scales with {@code floor(log2(norm / theta))}, this with Higham's
     * {@code ceil}: a matrix may get one more squaring (values agree to rounding).
     *
     * <pre>{@code
     * Linalg.expm(constant(new double[][] {{0, 1}, {0, 0}}));   // [[1. 1.] [0. 1.]]
     * }</pre>
     *
     * @param a {@code [..., n, n]}
     * @return {@code exp(A)}
     */
    public static Tensor expm(Tensor a) {
        Objects.requireNonNull(a, "expm: a is null");
        ShapeRules.requireFloating("expm", a);
        if (a.rank() < 2 || a.shape().dim(-1) != a.shape().dim(-2)) {
            throw new IllegalArgumentException("expm: expected square matrices, got shape " + a.shape());
        }
        return MatrixExponential.expm(a);
    }

    /**
     * The sum of the main diagonal of the last two axes (TensorFlow's {@code tf.linalg.trace}):
     * {@code out[...] = sum_i a[..., i, i]} for {@code i < min(m, n)}, numeric dtypes (an integer trace stays an
     * integer). The diagonal is picked ({@link #diagPart}), so an infinity or NaN off it does not reach the sum.
     * Gradient: {@code g} on the diagonal, 0 elsewhere.
     *
     * <pre>{@code
     * Linalg.trace(constant(new float[][] {{1, 2}, {3, 4}}));   // 5.0
     * }</pre>
     *
     * @param a {@code [..., m, n]}
     * @return {@code [...]}
     * @throws IllegalArgumentException if {@code a} has rank below 2 or is bool
     */
    public static Tensor trace(Tensor a) {
        Objects.requireNonNull(a, "trace: a is null");
        if (a.rank() < 2) {
            throw new IllegalArgumentException("trace: expected rank >= 2, got shape " + a.shape());
        }
        ShapeRules.requireNumeric("trace", a);
        return reduceSum(diagPart(a), -1);
    }

    /**
     * The main diagonal of the last two axes (TensorFlow's {@code diag_part}): {@code [..., min(m, n)]}, any
     * dtype. The entries are picked, not masked, so an infinity or NaN off the diagonal does not reach the result
     * (as TensorFlow's {@code matrix_diag_part}). Gradient: {@code g} on the diagonal, 0 elsewhere.
     *
     * <pre>{@code
     * Linalg.diagPart(constant(new float[][] {{1, 2}, {3, 4}}));   // [1. 4.]
     * }</pre>
     *
     * @param a {@code [..., m, n]}, rank >= 2
     * @return the diagonals
     */
    public static Tensor diagPart(Tensor a) {
        Objects.requireNonNull(a, "diagPart: a is null");
        if (a.rank() < 2) {
            throw new IllegalArgumentException("diagPart: expected rank >= 2, got shape " + a.shape());
        }
        int k = Math.min(a.shape().dim(-2), a.shape().dim(-1));
        int[] begin = new int[a.rank()];
        int[] size = a.shape().dims();
        size[a.rank() - 2] = k;
        size[a.rank() - 1] = k;
        Tensor square = slice(a, begin, size);
        // element (i, i) of a k x k matrix is element i (k + 1) of its row-major flattening
        int[] flat = java.util.Arrays.copyOf(size, a.rank() - 1);
        flat[a.rank() - 2] = k * k;
        int[] picks = new int[k];
        for (int i = 0; i < k; i++) {
            picks[i] = i * (k + 1);
        }
        return gather(reshape(square, flat), constant(picks, k), -1);
    }

    /**
     * A diagonal matrix from each vector of the last axis (TensorFlow's {@code tf.linalg.diag}):
     * {@code [..., n] -> [..., n, n]}, any dtype (bool: false off the diagonal). The entries off the diagonal are 0
     * also where {@code v} holds an infinity or NaN (they are selected, not multiplied by 0). Gradient: the diagonal
     * of {@code g}.
     *
     * <pre>{@code
     * Linalg.diag(constant(new float[] {1, 2}, 2));   // [[1. 0.] [0. 2.]]
     * }</pre>
     *
     * @param v {@code [..., n]}, rank >= 1
     * @return the matrices
     */
    public static Tensor diag(Tensor v) {
        Objects.requireNonNull(v, "diag: v is null");
        if (v.rank() < 1) {
            throw new IllegalArgumentException("diag: expected rank >= 1, got a scalar");
        }
        int n = v.shape().dim(-1);
        boolean[] onDiagonal = new boolean[n * n];
        for (int i = 0; i < n; i++) {
            onDiagonal[i * (n + 1)] = true;
        }
        return where(TensorAccess.make(DType.BOOL, Shape.of(n, n), onDiagonal), expandDims(v, -2), constant(0, v.dtype()));
    }

    /**
     * The band of the last two axes (TensorFlow's {@code matrix_band_part}): element {@code (i, j)} is kept when
     * {@code (numLower < 0 || i - j <= numLower) && (numUpper < 0 || j - i <= numUpper)}, else 0. {@code (-1, 0)}
     * is the lower triangle, {@code (0, -1)} the upper, {@code (0, 0)} the diagonal.
     *
     * <pre>{@code
     * Linalg.bandPart(constant(new float[][] {{1, 2}, {3, 4}}), -1, 0);   // [[1. 0.] [3. 4.]]
     * }</pre>
     *
     * @param a        {@code [..., m, n]}
     * @param numLower sub-diagonals kept (negative: all)
     * @param numUpper super-diagonals kept (negative: all)
     * @return the masked tensor
     */
    public static Tensor bandPart(Tensor a, int numLower, int numUpper) {
        Objects.requireNonNull(a, "bandPart: a is null");
        if (a.rank() < 2) {
            throw new IllegalArgumentException("bandPart: expected rank >= 2, got shape " + a.shape());
        }
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        boolean[] keep = new boolean[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                keep[i * n + j] = (numLower < 0 || i - j <= numLower) && (numUpper < 0 || j - i <= numUpper);
            }
        }
        return where(TensorAccess.make(DType.BOOL, Shape.of(m, n), keep), a, constant(0, a.dtype()));
    }

    /**
     * The last two axes swapped (TensorFlow's {@code matrix_transpose}).
     *
     * <pre>{@code
     * Linalg.matrixTranspose(zeros(DType.FLOAT32, 5, 2, 3)).shape();   // (5, 3, 2)
     * }</pre>
     *
     * @param a rank >= 2
     * @return the transposed tensor
     */
    public static Tensor matrixTranspose(Tensor a) {
        Objects.requireNonNull(a, "matrixTranspose: a is null");
        if (a.rank() < 2) {
            throw new IllegalArgumentException("matrixTranspose: expected rank >= 2, got shape " + a.shape());
        }
        int r = a.rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return transpose(a, perm);
    }

    /**
     * A matrix norm over the last two axes (TensorFlow's {@code tf.norm} with {@code axis = [-2, -1]}):
     * {@code "fro"} (Frobenius), {@code "1"} (largest column sum of magnitudes), {@code "inf"} (largest row sum),
     * {@code "2"} (largest singular value) or {@code "nuc"} (nuclear: the sum of the singular values). The last two
     * go through {@link #svd}; the 1 and inf norms have subgradients at ties (of {@code reduceMax}).
     *
     * <pre>{@code
     * Linalg.norm(constant(new double[][] {{1, -2}, {3, 4}}), "1");   // 6.0
     * }</pre>
     *
     * @param a   {@code [..., m, n]}, floating
     * @param ord {@code "fro"}, {@code "1"}, {@code "2"}, {@code "inf"} or {@code "nuc"}
     * @return the norms, {@code [...]}
     * @throws IllegalArgumentException for another ord
     */
    public static Tensor norm(Tensor a, String ord) {
        Objects.requireNonNull(a, "norm: a is null");
        ShapeRules.requireFloating("norm", a);
        if (a.rank() < 2) {
            throw new IllegalArgumentException("norm: a matrix norm needs rank >= 2, got shape " + a.shape());
        }
        switch (String.valueOf(ord)) {
            case "fro":
                return Tensors.norm(a, false, -2, -1);
            case "1":
                return reduceMax(reduceSum(abs(a), -2), -1);
            case "inf":
                return reduceMax(reduceSum(abs(a), -1), -1);
            case "2":
                return reduceMax(svd(a).s(), -1);
            case "nuc":
                return reduceSum(svd(a).s(), -1);
            default:
                throw new IllegalArgumentException("norm: ord must be \"fro\", \"1\", \"2\", \"inf\" or \"nuc\", got " + ord);
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    /** Rows {@code start .. start + count - 1} of the last-but-one axis. */
    static Tensor rows(Tensor x, int start, int count) {
        int[] begin = new int[x.rank()];
        begin[x.rank() - 2] = start;
        int[] size = x.shape().dims();
        size[x.rank() - 2] = count;
        return slice(x, begin, size);
    }

    /** {@code [..., 1, k] -> [..., k]}. */
    private static Tensor squeezeRow(Tensor x) {
        return squeeze(x, -2);
    }
}
