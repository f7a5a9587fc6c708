package io.gradtape;

import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.linalg.LinalgKernels;
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
 * tridiagonalization and implicit QL) and {@code svd} (one-sided Jacobi) have kernels and derivative rules of their
 * own. The rest are composed of them: {@code inv = solve(A, I)}; {@code det = sign * exp(log|det|)};
 * {@code logdet = 2 sum log diag(cholesky(A))}; {@code choleskySolve} is two triangular solves; {@code lstsq} goes
 * through QR; {@code expm} is Higham's scaling and squaring with a [13/13] Padé approximant (matmuls and one solve);
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
 *   <li>The gradients of {@code eigh} with repeated eigenvalues and of {@code svd} with repeated or zero singular
 *       values divide by zero: they are infinite or NaN, as TensorFlow's. The decompositions themselves are
 *       fine there.</li>
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
     * {@code R} ({@code k x n}) upper triangular with a non-negative diagonal, {@code k = min(m, n)}. Gradient
     * (Seeger et al. 2017; Walter and Lehmann 2018 for {@code m < n}): needs {@code R}'s leading {@code k x k}
     * block invertible (full rank).
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
     * The eigendecomposition of a symmetric matrix (TensorFlow's {@code eigh}; only the lower triangle is read):
     * eigenvalues ascending and orthonormal eigenvectors as the columns of {@code V}, {@code A = V diag(w) V^T}.
     * Gradient (Seeger et al. 2017; Giles 2008): {@code Abar = V (diag(wbar) + F o (V^T Vbar)) V^T} with
     * {@code F_ij = 1 / (w_j - w_i)} off the diagonal, returned on the lower triangle (as TensorFlow); infinite or
     * NaN for repeated eigenvalues, as TensorFlow's.
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
     * The reduced singular value decomposition {@code A = U diag(s) V^T} by one-sided Jacobi rotations
     * (TensorFlow's {@code tf.linalg.svd} with {@code full_matrices = False}; note TensorFlow's order of results,
     * {@code s, u, v}, is kept). Gradient (Townsend 2016): infinite or NaN where singular values repeat or, for
     * {@code U} and {@code V}, vanish, as TensorFlow's.
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
     * The least-squares solution of {@code A X = B} (TensorFlow's {@code lstsq} without regularization, its
     * {@code fast = False} path): for {@code m >= n} the minimizer of {@code ||A X - B||} through QR,
     * {@code X = R^-1 Q^T B}; for {@code m < n} the minimum-norm solution through the QR of {@code A^T},
     * {@code X = Q R^-T B}. {@code A} must have full rank.
     *
     * <pre>{@code
     * Tensor a = constant(new double[][] {{1, 0}, {0, 1}, {1, 1}});
     * Linalg.lstsq(a, constant(new double[][] {{1}, {1}, {3}}));   // [[1.333] [1.333]]
     * }</pre>
     *
     * @param matrix {@code [..., m, n]}
     * @param rhs    {@code [..., m, k]}
     * @return {@code X}, {@code [..., n, k]}
     */
    public static Tensor lstsq(Tensor matrix, Tensor rhs) {
        Objects.requireNonNull(matrix, "lstsq: matrix is null");
        Objects.requireNonNull(rhs, "lstsq: rhs is null");
        ShapeRules.sameDType("lstsq", matrix, rhs);
        if (matrix.rank() < 2 || rhs.rank() < 2 || matrix.shape().dim(-2) != rhs.shape().dim(-2)) {
            throw new IllegalArgumentException("lstsq: matrix " + matrix.shape() + " and rhs " + rhs.shape()
                    + " must be matrices with the same number of rows");
        }
        int m = matrix.shape().dim(-2);
        int n = matrix.shape().dim(-1);
        if (m >= n) {
            QR f = qr(matrix);
            return triangularSolve(f.r(), matmul(f.q(), rhs, true, false), false, false);
        }
        QR f = qr(matrixTranspose(matrix));
        return matmul(f.q(), triangularSolve(f.r(), rhs, false, true));
    }

    /**
     * The matrix exponential by scaling and squaring with a [13/13] Padé approximant (N. J. Higham, "The scaling
     * and squaring method for the matrix exponential revisited", 2005), accurate to about the unit roundoff for any
     * norm. Composed of matmuls and one {@link #solve}, so it is differentiable to any order. The scaling
     * {@code 2^-s} is chosen from the largest 1-norm in the batch (a constant of the computation).
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
        double[] b = {64764752532480000d, 32382376266240000d, 7771770303897600d, 1187353796428800d, 129060195264000d,
            10559470521600d, 670442572800d, 33522128640d, 1323241920d, 40840800d, 960960d, 16380d, 182d, 1d};
        double theta13 = 5.371920351148152;
        double norm1 = reduceMax(reduceSum(abs(stopGradient(a)), -2)).doubleValue();
        int s = norm1 > theta13 ? (int) Math.ceil(Math.log(norm1 / theta13) / Math.log(2)) : 0;
        DType dt = a.dtype();
        Tensor x = s == 0 ? a : mul(a, constant(Math.pow(2, -s), dt));
        Tensor id = eye(a.shape().dim(-1), dt);
        Tensor x2 = matmul(x, x);
        Tensor x4 = matmul(x2, x2);
        Tensor x6 = matmul(x4, x2);
        Tensor u = matmul(x, add(matmul(x6, lin(dt, b[13], x6, b[11], x4, b[9], x2)),
                lin(dt, b[7], x6, b[5], x4, b[3], x2, b[1], id)));
        Tensor v = add(matmul(x6, lin(dt, b[12], x6, b[10], x4, b[8], x2)), lin(dt, b[6], x6, b[4], x4, b[2], x2, b[0], id));
        Tensor r = solve(sub(v, u), add(v, u));
        for (int i = 0; i < s; i++) {
            r = matmul(r, r);
        }
        return r;
    }

    /** {@code sum c_i t_i} for alternating coefficients and tensors. */
    private static Tensor lin(DType dt, Object... ct) {
        Tensor sum = null;
        for (int i = 0; i < ct.length; i += 2) {
            Tensor term = mul((Tensor) ct[i + 1], constant((Double) ct[i], dt));
            sum = sum == null ? term : add(sum, term);
        }
        return sum;
    }

    /**
     * The sum of the main diagonal of the last two axes (TensorFlow's {@code tf.linalg.trace}).
     *
     * <pre>{@code
     * Linalg.trace(constant(new float[][] {{1, 2}, {3, 4}}));   // 5.0
     * }</pre>
     *
     * @param a {@code [..., m, n]}
     * @return {@code [...]}
     */
    public static Tensor trace(Tensor a) {
        return reduceSum(diagPart(a), -1);
    }

    /**
     * The main diagonal of the last two axes (TensorFlow's {@code diag_part}): {@code [..., min(m, n)]}.
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
        return reduceSum(mul(square, eye(k, a.dtype())), -1);
    }

    /**
     * A diagonal matrix from each vector of the last axis (TensorFlow's {@code tf.linalg.diag}):
     * {@code [..., n] -> [..., n, n]}.
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
        return mul(expandDims(v, -2), eye(v.shape().dim(-1), v.dtype()));
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
