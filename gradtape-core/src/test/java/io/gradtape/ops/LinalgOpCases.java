package io.gradtape.ops;

import io.gradtape.Linalg;
import io.gradtape.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.LinalgReference.each;
import static io.gradtape.ops.LinalgReference.eachScalar;
import static io.gradtape.ops.LinalgReference.eachVector;
import static io.gradtape.ops.LinalgReference.pairs;
import static io.gradtape.ops.OpCase.op;
import static io.gradtape.ops.OpCase.s;

/**
 * The op table rows of {@link Linalg}: every op on plain and batched shapes, against {@link LinalgReference}
 * (independent textbook algorithms), with float64 finite differences, second order through nested tapes and JVP
 * from the shared drivers.
 *
 * <p>Inputs are raw uniform matrices, made valid inside the row where the op needs it (the same map on both
 * sides): {@code X X^T + nI} (positive definite) for cholesky, logdet and choleskySolve; {@code X + 3I}
 * (well-conditioned, non-zero diagonal) for the solves, inverse and determinant. Decompositions whose factors are
 * only smooth for distinct values (eigh, svd and the norms through it) sample points whose eigenvalue or singular
 * value gaps exceed 0.1. cholesky also has a row on {@code (X + X^T)/2 + 3I}, which checks that its gradient is
 * TensorFlow's symmetric one.
 */
public final class LinalgOpCases {
    private LinalgOpCases() {
    }

    /** Every case. */
    public static List<OpCase> cases() {
        List<OpCase.Builder> t = new ArrayList<>();
        factorizations(t);
        solves(t);
        decompositions(t);
        composites(t);
        return OpCase.expand(t);
    }

    private static void factorizations(List<OpCase.Builder> t) {
        t.add(op("cholesky", in -> Linalg.cholesky(spd(in.get(0))), in -> each(in.get(0), m -> LinalgReference.cholesky(
                LinalgReference.spd(m, m.length)))).variant("X X^T + nI").domain(-1, 1).shapes(s(3, 3)).shapes(s(2, 3, 3)));
        t.add(op("cholesky", in -> Linalg.cholesky(symShift(in.get(0), 3)), in -> each(in.get(0), m -> LinalgReference.cholesky(
                LinalgReference.sym(m, 3)))).variant("(X + X^T)/2 + 3I").domain(-1, 1).shapes(s(4, 4)));
        t.add(op("logdet", in -> Linalg.logdet(spd(in.get(0))), in -> eachScalar(in.get(0), m -> Math.log(LinalgReference.det(
                LinalgReference.spd(m, m.length))))).variant("X X^T + nI").domain(-1, 1).shapes(s(3, 3)).shapes(s(2, 3, 3)));
        t.add(op("slogdet", in -> Linalg.slogdet(shift(in.get(0), 3)).logAbsDet(), in -> eachScalar(in.get(0),
                m -> Math.log(Math.abs(LinalgReference.det(LinalgReference.shifted(m, 3)))))).variant("logAbsDet of X + 3I")
                .domain(-1, 1).shapes(s(3, 3)).shapes(s(2, 4, 4)));
        t.add(op("slogdet", in -> Linalg.slogdet(in.get(0)).logAbsDet(), in -> eachScalar(in.get(0),
                m -> Math.log(Math.abs(LinalgReference.det(m))))).variant("logAbsDet, negative determinants").domain(-2, 2)
                .validIf((x, c) -> Math.abs(LinalgReference.det(matrix(x[0], 3))) > 0.5).shapes(s(3, 3)));
        t.add(op("det", in -> Linalg.det(shift(in.get(0), 2)), in -> eachScalar(in.get(0),
                m -> LinalgReference.det(LinalgReference.shifted(m, 2)))).variant("X + 2I").domain(-1, 1).shapes(s(3, 3)).shapes(s(2, 2, 2)));
    }

    private static void solves(List<OpCase.Builder> t) {
        for (boolean lower : new boolean[] {true, false}) {
            for (boolean adjoint : new boolean[] {false, true}) {
                t.add(op("triangularSolve", in -> Linalg.triangularSolve(shift(in.get(0), 3), in.get(1), lower, adjoint),
                        in -> pairs(in.get(0), in.get(1), (a, b) -> {
                            double[][] tri = LinalgReference.triangle(LinalgReference.shifted(a, 3), lower);
                            return LinalgReference.solve(adjoint ? LinalgReference.t(tri) : tri, b);
                        })).variant((lower ? "lower" : "upper") + (adjoint ? " adjoint" : "") + " T + 3I").domain(-1, 1)
                        .shapes(s(3, 3), s(3, 2)).shapes(s(2, 3, 3), s(2, 3, 1)));
            }
        }
        t.add(op("triangularSolve", in -> Linalg.triangularSolve(shift(in.get(0), 3), in.get(1)),
                in -> pairs(in.get(0), NdArray.broadcastTo(in.get(1), 2, 3, 2), (a, b) -> LinalgReference.solve(
                        LinalgReference.triangle(LinalgReference.shifted(a, 3), true), b)))
                .variant("broadcast rhs T + 3I").domain(-1, 1).shapes(s(2, 3, 3), s(3, 2)));
        for (boolean adjoint : new boolean[] {false, true}) {
            t.add(op("solve", in -> Linalg.solve(shift(in.get(0), 3), in.get(1), adjoint),
                    in -> pairs(in.get(0), in.get(1), (a, b) -> {
                        double[][] m = LinalgReference.shifted(a, 3);
                        return LinalgReference.solve(adjoint ? LinalgReference.t(m) : m, b);
                    })).variant((adjoint ? "adjoint " : "") + "A + 3I").domain(-1, 1).shapes(s(3, 3), s(3, 2)).shapes(s(2, 4, 4), s(2, 4, 1)));
        }
        t.add(op("solve", in -> Linalg.solve(shift(in.get(0), 3), in.get(1)),
                in -> pairs(NdArray.broadcastTo(in.get(0), 2, 3, 3), in.get(1), (a, b) -> LinalgReference.solve(LinalgReference.shifted(a, 3), b)))
                .variant("broadcast matrix A + 3I").domain(-1, 1).shapes(s(3, 3), s(2, 3, 2)));
        t.add(op("inv", in -> Linalg.inv(shift(in.get(0), 3)), in -> each(in.get(0), m -> LinalgReference.solve(
                LinalgReference.shifted(m, 3), identity(m.length)))).variant("A + 3I").domain(-1, 1).shapes(s(3, 3)).shapes(s(2, 2, 2)));
        t.add(op("choleskySolve", in -> Linalg.choleskySolve(Linalg.cholesky(spd(in.get(0))), in.get(1)),
                in -> pairs(in.get(0), in.get(1), (a, b) -> LinalgReference.solve(LinalgReference.spd(a, a.length), b)))
                .variant("L of X X^T + nI").domain(-1, 1).shapes(s(3, 3), s(3, 2)).shapes(s(2, 3, 3), s(2, 3, 1)));
        t.add(op("lstsq", in -> Linalg.lstsq(in.get(0), in.get(1)), in -> pairs(in.get(0), in.get(1), (a, b) -> LinalgReference.solve(
                LinalgReference.mul(LinalgReference.t(a), a), LinalgReference.mul(LinalgReference.t(a), b))))
                .variant("tall, defaults (normal equations)").domain(-1, 1).validIf(minSingular(0, 4, 3, 0.3)).shapes(s(4, 3), s(4, 2)));
        t.add(op("lstsq", in -> Linalg.lstsq(in.get(0), in.get(1)), in -> pairs(in.get(0), in.get(1), (a, b) -> LinalgReference.mul(
                LinalgReference.t(a), LinalgReference.solve(LinalgReference.mul(a, LinalgReference.t(a)), b))))
                .variant("wide (minimum norm), defaults").domain(-1, 1).validIf(minSingular(0, 2, 4, 0.3)).shapes(s(2, 4), s(2, 1)));
        // l2Regularizer: (A^T A + lambda I)^-1 A^T B and A^T (A A^T + lambda I)^-1 B; no rank condition needed
        t.add(op("lstsq", in -> Linalg.lstsq(in.get(0), in.get(1), 0.5), in -> pairs(in.get(0), in.get(1), (a, b) -> LinalgReference.solve(
                plusDiagonal(LinalgReference.mul(LinalgReference.t(a), a), 0.5), LinalgReference.mul(LinalgReference.t(a), b))))
                .variant("tall, l2Regularizer 0.5").domain(-1, 1).shapes(s(4, 3), s(4, 2)).shapes(s(2, 3, 3), s(2, 3, 1)));
        t.add(op("lstsq", in -> Linalg.lstsq(in.get(0), in.get(1), 0.5), in -> pairs(in.get(0), in.get(1), (a, b) -> LinalgReference.mul(
                LinalgReference.t(a), LinalgReference.solve(plusDiagonal(LinalgReference.mul(a, LinalgReference.t(a)), 0.5), b))))
                .variant("wide, l2Regularizer 0.5").domain(-1, 1).shapes(s(2, 4), s(2, 1)).shapes(s(2, 2, 3), s(2, 2, 2)));
        t.add(op("lstsq", in -> Linalg.lstsq(in.get(0), in.get(1), 0, false), in -> pairs(in.get(0), in.get(1), (a, b) -> LinalgReference.solve(
                LinalgReference.mul(LinalgReference.t(a), a), LinalgReference.mul(LinalgReference.t(a), b))))
                .variant("tall, fast = false (QR)").domain(-1, 1).validIf(minSingular(0, 4, 3, 0.3)).shapes(s(4, 3), s(4, 2)));
        t.add(op("lstsq", in -> Linalg.lstsq(in.get(0), in.get(1), 0, false), in -> pairs(in.get(0), in.get(1), (a, b) -> LinalgReference.mul(
                LinalgReference.t(a), LinalgReference.solve(LinalgReference.mul(a, LinalgReference.t(a)), b))))
                .variant("wide, fast = false (QR)").domain(-1, 1).validIf(minSingular(0, 2, 4, 0.3)).shapes(s(2, 4), s(2, 1)));
    }

    private static void decompositions(List<OpCase.Builder> t) {
        // QR: each factor on tall, square, batched and wide inputs (full rank: smallest singular value >= 0.3)
        int[][][] qrShapes = {{s(4, 3), s(4, 3)}, {s(3, 3), s(3, 3)}, {s(2, 4, 3), s(4, 3)}, {s(3, 5), s(3, 5)}};
        for (int[][] sh : qrShapes) {
            int m = sh[1][0];
            int n = sh[1][1];
            t.add(op("qr", in -> Linalg.qr(in.get(0)).q(), in -> each(in.get(0), a -> LinalgReference.qr(a)[0]))
                    .variant("q").domain(-1, 1).validIf(minSingular(0, m, n, 0.3)).validIf(leadingBlock(m, n)).shapes(sh[0]));
            t.add(op("qr", in -> Linalg.qr(in.get(0)).r(), in -> each(in.get(0), a -> LinalgReference.qr(a)[1]))
                    .variant("r").domain(-1, 1).validIf(minSingular(0, m, n, 0.3)).validIf(leadingBlock(m, n)).shapes(sh[0]));
        }
        // fullMatrices of a wide matrix is the reduced decomposition (TensorFlow's QrGrad covers it)
        t.add(op("qr", in -> Linalg.qr(in.get(0), true).q(), in -> each(in.get(0), a -> LinalgReference.qr(a)[0]))
                .variant("q, fullMatrices, wide").domain(-1, 1).validIf(minSingular(0, 3, 5, 0.3)).validIf(leadingBlock(3, 5)).shapes(s(3, 5)));
        // eigh reads the lower triangle of a raw matrix; distinct eigenvalues
        t.add(op("eigh", in -> Linalg.eigh(in.get(0)).eigenvalues(), in -> eachVector(in.get(0), a -> LinalgReference.eigh(a)[0][0]))
                .variant("eigenvalues").domain(-1, 1).validIf(eigenGaps(0.1)).shapes(s(3, 3)).shapes(s(2, 4, 4)));
        t.add(op("eigh", in -> Linalg.eigh(in.get(0)).eigenvectors(), in -> each(in.get(0), a -> LinalgReference.eigh(a)[1]))
                .variant("eigenvectors").domain(-1, 1).validIf(eigenGaps(0.1)).validIf(clearSigns()).shapes(s(3, 3)).shapes(s(2, 4, 4)));
        // svd: each part, tall and wide; distinct, non-zero singular values
        for (int[] sh : new int[][] {s(4, 3), s(3, 3), s(2, 4)}) {
            int m = sh[0];
            int n = sh[1];
            t.add(op("svd", in -> Linalg.svd(in.get(0)).s(), in -> eachVector(in.get(0), a -> LinalgReference.svd(a)[0][0]))
                    .variant("s").domain(-1, 1).validIf(singularGaps(m, n, 0.1)).shapes(sh));
            t.add(op("svd", in -> Linalg.svd(in.get(0)).u(), in -> each(in.get(0), a -> LinalgReference.svd(a)[1]))
                    .variant("u").domain(-1, 1).validIf(singularGaps(m, n, 0.1)).validIf(clearSvdSigns(m, n)).shapes(sh));
            t.add(op("svd", in -> Linalg.svd(in.get(0)).v(), in -> each(in.get(0), a -> LinalgReference.svd(a)[2]))
                    .variant("v").domain(-1, 1).validIf(singularGaps(m, n, 0.1)).validIf(clearSvdSigns(m, n)).shapes(sh));
        }
        t.add(op("expm", in -> Linalg.expm(in.get(0)), in -> each(in.get(0), LinalgReference::expm)).variant("small norm")
                .domain(-1, 1).shapes(s(3, 3)).shapes(s(2, 2, 2)));
        t.add(op("expm", in -> Linalg.expm(in.get(0)), in -> each(in.get(0), LinalgReference::expm)).variant("norm > 5.4 (squaring)")
                .domain(-3, 3).tol64(1e-11, 1e-11).gradTol(1e-5, 1e-5).validIf((x, c) -> norm1(x[0], 4) > 7).shapes(s(4, 4)));
        // one batch, three plans: norms up to 0.03 (degree 3 or 5), 3 (degree 9 or 13) and 18 (13, up to two squarings)
        t.add(op("expm", in -> Linalg.expm(mul(in.get(0), cast(constant(new double[] {0.01, 1, 6}, 3, 1, 1), in.get(0).dtype()))),
                in -> {
                    double[] scale = {0.01, 1, 6};
                    NdArray x = in.get(0);
                    NdArray scaled = NdArray.zeros(x.shape());
                    for (int i = 0; i < x.size(); i++) {
                        scaled.data()[i] = x.data()[i] * scale[i / 9];
                    }
                    return each(scaled, LinalgReference::expm);
                }).variant("mixed batch (a plan per matrix)").domain(-1, 1).tol64(1e-11, 1e-11).gradTol(1e-5, 1e-5).shapes(s(3, 3, 3)));
    }

    private static void composites(List<OpCase.Builder> t) {
        t.add(op("trace", in -> Linalg.trace(in.get(0)), in -> eachScalar(in.get(0), m -> {
            double s = 0;
            for (int i = 0; i < Math.min(m.length, m[0].length); i++) {
                s += m[i][i];
            }
            return s;
        })).shapes(s(3, 3)).shapes(s(2, 3, 4)));
        t.add(op("diagPart", in -> Linalg.diagPart(in.get(0)), in -> eachVector(in.get(0), m -> {
            double[] d = new double[Math.min(m.length, m[0].length)];
            for (int i = 0; i < d.length; i++) {
                d[i] = m[i][i];
            }
            return d;
        })).shapes(s(3, 4)).shapes(s(2, 4, 3)));
        t.add(op("diag", in -> Linalg.diag(in.get(0)), in -> {
            NdArray v = in.get(0);
            int[] sh = v.shape();
            int n = sh[sh.length - 1];
            int[] os = java.util.Arrays.copyOf(sh, sh.length + 1);
            os[sh.length] = n;
            NdArray o = NdArray.zeros(os);
            for (int b = 0; b < v.size() / n; b++) {
                for (int i = 0; i < n; i++) {
                    o.data()[b * n * n + i * n + i] = v.data()[b * n + i];
                }
            }
            return o;
        }).shapes(s(3)).shapes(s(2, 3)));
        int[][] bands = {{1, 0}, {0, -1}, {-1, 1}, {0, 0}};
        for (int[] b : bands) {
            t.add(op("bandPart", in -> Linalg.bandPart(in.get(0), b[0], b[1]), in -> each(in.get(0), m -> {
                double[][] r = new double[m.length][m[0].length];
                for (int i = 0; i < m.length; i++) {
                    for (int j = 0; j < m[0].length; j++) {
                        boolean keep = (b[0] < 0 || i - j <= b[0]) && (b[1] < 0 || j - i <= b[1]);
                        r[i][j] = keep ? m[i][j] : 0;
                    }
                }
                return r;
            })).variant("(" + b[0] + ", " + b[1] + ")").shapes(s(4, 4)).shapes(s(2, 3, 4)));
        }
        t.add(op("matrixTranspose", in -> Linalg.matrixTranspose(in.get(0)), in -> NdArray.swapLast(in.get(0))).shapes(s(3, 4)).shapes(s(2, 3, 4)));
        // matrix norms
        t.add(op("norm", in -> Linalg.norm(in.get(0), "fro"), in -> eachScalar(in.get(0), m -> {
            double s = 0;
            for (double[] row : m) {
                for (double v : row) {
                    s += v * v;
                }
            }
            return Math.sqrt(s);
        })).variant("fro").shapes(s(3, 4)).shapes(s(2, 3, 3)));
        t.add(op("norm", in -> Linalg.norm(in.get(0), "1"), in -> eachScalar(in.get(0), m -> maxSum(LinalgReference.t(m))))
                .variant("1").validIf(clearSums(true)).shapes(s(3, 4)));
        t.add(op("norm", in -> Linalg.norm(in.get(0), "inf"), in -> eachScalar(in.get(0), LinalgOpCases::maxSum))
                .variant("inf").validIf(clearSums(false)).shapes(s(3, 4)));
        t.add(op("norm", in -> Linalg.norm(in.get(0), "2"), in -> eachScalar(in.get(0), m -> LinalgReference.singularValues(m)[0]))
                .variant("2").domain(-1, 1).validIf(singularGaps(3, 4, 0.1)).shapes(s(3, 4)));
        t.add(op("norm", in -> Linalg.norm(in.get(0), "nuc"), in -> eachScalar(in.get(0), m -> {
            double s = 0;
            for (double v : LinalgReference.singularValues(m)) {
                s += v;
            }
            return s;
        })).variant("nuc").domain(-1, 1).validIf(singularGaps(3, 4, 0.1)).shapes(s(3, 4)));
    }

    // ------------------------------------------------------------------------------------ gradtape-side input maps

    /** {@code X X^T + n I} over the last two axes. */
    static Tensor spd(Tensor x) {
        int n = x.shape().dim(-1);
        return add(matmul(x, x, false, true), mul(eye(n, x.dtype()), constant(n, x.dtype())));
    }

    private static Tensor symShift(Tensor x, double c) {
        int n = x.shape().dim(-1);
        Tensor half = mul(add(x, Linalg.matrixTranspose(x)), constant(0.5, x.dtype()));
        return add(half, mul(eye(n, x.dtype()), constant(c, x.dtype())));
    }

    private static Tensor shift(Tensor x, double c) {
        return add(x, mul(eye(x.shape().dim(-1), x.dtype()), constant(c, x.dtype())));
    }

    // ------------------------------------------------------------------------------------ references and validity

    private static double[][] identity(int n) {
        double[][] id = new double[n][n];
        for (int i = 0; i < n; i++) {
            id[i][i] = 1;
        }
        return id;
    }

    private static double[][] plusDiagonal(double[][] m, double c) {
        double[][] r = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            r[i] = m[i].clone();
            r[i][i] += c;
        }
        return r;
    }

    private static double maxSum(double[][] m) {
        double best = 0;
        for (double[] row : m) {
            double s = 0;
            for (double v : row) {
                s += Math.abs(v);
            }
            best = Math.max(best, s);
        }
        return best;
    }

    /** The first matrix of a flat batch, {@code rows x cols}. */
    private static double[][] matrix(double[] flat, int rows, int cols, int index) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, index * rows * cols + i * cols, m[i], 0, cols);
        }
        return m;
    }

    private static double[][] matrix(double[] flat, int n) {
        return matrix(flat, n, n, 0);
    }

    private static double norm1(double[] flat, int n) {
        return maxSum(LinalgReference.t(matrix(flat, n)));
    }

    /** Every matrix of input {@code i} has its smallest singular value at least {@code min}. */
    private static OpCase.Validity minSingular(int i, int rows, int cols, double min) {
        return (x, c) -> everyMatrix(x[i], rows, cols, m -> {
            double[] sv = LinalgReference.singularValues(m);
            return sv[sv.length - 1] >= min;
        });
    }

    /** The leading {@code k x k} block of a wide matrix is well conditioned (QR's gradient for m < n needs it). */
    private static OpCase.Validity leadingBlock(int rows, int cols) {
        return (x, c) -> rows >= cols || everyMatrix(x[0], rows, cols, m -> {
            double[][] sq = new double[rows][rows];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(m[r], 0, sq[r], 0, rows);
            }
            double[] sv = LinalgReference.singularValues(sq);
            return sv[sv.length - 1] >= 0.3;
        });
    }

    private static OpCase.Validity eigenGaps(double gap) {
        return (x, c) -> {
            int[] sh = c.shape(0);
            int n = sh[sh.length - 1];
            return everyMatrix(x[0], n, n, m -> {
                double[] w = LinalgReference.eigh(m)[0][0];
                for (int i = 1; i < w.length; i++) {
                    if (w[i] - w[i - 1] < gap) {
                        return false;
                    }
                }
                return true;
            });
        };
    }

    /** Each eigenvector's largest entry is clear of the next largest (the sign convention is then stable). */
    private static OpCase.Validity clearSigns() {
        return (x, c) -> {
            int[] sh = c.shape(0);
            int n = sh[sh.length - 1];
            return everyMatrix(x[0], n, n, m -> clearColumns(LinalgReference.eigh(m)[1]));
        };
    }

    private static OpCase.Validity clearSvdSigns(int rows, int cols) {
        return (x, c) -> everyMatrix(x[0], rows, cols, m -> clearColumns(LinalgReference.svd(m)[2]));
    }

    private static boolean clearColumns(double[][] v) {
        for (int col = 0; col < v[0].length; col++) {
            double first = 0;
            double second = 0;
            for (double[] row : v) {
                double a = Math.abs(row[col]);
                if (a > first) {
                    second = first;
                    first = a;
                } else if (a > second) {
                    second = a;
                }
            }
            if (first - second < 0.05) {
                return false;
            }
        }
        return true;
    }

    private static OpCase.Validity singularGaps(int rows, int cols, double gap) {
        return (x, c) -> everyMatrix(x[0], rows, cols, m -> {
            double[] sv = LinalgReference.singularValues(m);
            for (int i = 0; i < sv.length; i++) {
                if (sv[i] < gap || (i > 0 && sv[i - 1] - sv[i] < gap)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The largest column (or row) sum of magnitudes is clear of the second largest: no tie in reduceMax. */
    private static OpCase.Validity clearSums(boolean columns) {
        return (x, c) -> everyMatrix(x[0], 3, 4, m -> {
            double[][] rows = columns ? LinalgReference.t(m) : m;
            double[] sums = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                for (double v : rows[i]) {
                    sums[i] += Math.abs(v);
                }
            }
            java.util.Arrays.sort(sums);
            return sums[sums.length - 1] - sums[sums.length - 2] > 0.05;
        });
    }

    private static boolean everyMatrix(double[] flat, int rows, int cols, Function<double[][], Boolean> ok) {
        for (int b = 0; b < flat.length / (rows * cols); b++) {
            if (!ok.apply(matrix(flat, rows, cols, b))) {
                return false;
            }
        }
        return true;
    }
}
