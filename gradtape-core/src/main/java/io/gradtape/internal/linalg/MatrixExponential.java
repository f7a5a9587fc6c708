package io.gradtape.internal.linalg;

import io.gradtape.DType;
import io.gradtape.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.gradtape.Tensors.*;

/**
 * The matrix exponential by scaling and squaring with diagonal Padé approximants, N. J. Higham, "The scaling and
 * squaring method for the matrix exponential revisited", SIAM J. Matrix Anal. Appl. 26 (2005) 1179-1193,
 * Algorithm 2.3: with {@code t = ||A||_1}, the smallest degree {@code m} whose bound {@code theta_m >= t} is
 * used unscaled; above the largest bound, {@code A / 2^s} with {@code s = ceil(log2(t / theta_max))} goes
 * through the largest degree and the result is squared {@code s} times. float64 uses the degrees 3, 5, 7, 9, 13
 * and the paper's double-precision bounds; float32 the degrees 3, 5, 7 and its single-precision bounds (as
 * TensorFlow's {@code tf.linalg.expm}).
 *
 * <p><b>Per matrix.</b> Each matrix of a batch gets its own degree and {@code s} from its own norm: the batch is
 * split into groups of equal {@code (m, s)}, each group is computed as one batch (gathered, so the gradient flows
 * back to its members) and the results are put back in order. A matrix's result is bit for bit the one it gets
 * alone: the products, the solve and the elementwise ops compute every batch element on its own. A matrix whose
 * norm is not finite gives NaN everywhere (TensorFlow fills the whole batch with NaN when any norm is not finite).
 *
 * <p><b>Deviation from TensorFlow.</b> TensorFlow scales with {@code s = floor(log2(t / theta_max))}, which can
 * leave {@code ||A / 2^s||_1} up to {@code 2 theta_max}, outside the bound that Higham's backward-error analysis
 * covers; this uses the paper's {@code ceil}, so a matrix may get one more squaring than in TensorFlow. Values
 * agree to rounding.
 *
 * <p>Everything is composed of public ops (matmul, solve, elementwise, gather, concat), so reverse mode, forward
 * mode and higher orders come from their rules; the choice of degree and {@code s} is a constant of the
 * computation, as in TensorFlow.
 */
public final class MatrixExponential {
    private MatrixExponential() {
    }

    /** Numerators' coefficients {@code b_0 .. b_m} of the [m/m] Padé approximant to e^x (scaled to integers). */
    private static final double[] PADE3 = {120, 60, 12, 1};
    private static final double[] PADE5 = {30240, 15120, 3360, 420, 30, 1};
    private static final double[] PADE7 = {17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1};
    private static final double[] PADE9 = {17643225600d, 8821612800d, 2075673600d, 302702400, 30270240, 2162160, 110880,
        3960, 90, 1};
    private static final double[] PADE13 = {64764752532480000d, 32382376266240000d, 7771770303897600d,
        1187353796428800d, 129060195264000d, 10559470521600d, 670442572800d, 33522128640d, 1323241920d, 40840800d,
        960960d, 16380d, 182d, 1d};

    /** Higham 2005, Table 2.3: the largest 1-norm for which degree m is accurate to the unit roundoff. */
    private static final int[] DEGREES64 = {3, 5, 7, 9, 13};
    private static final double[] THETA64 = {1.495585217958292e-2, 2.539398330063230e-1, 9.504178996162932e-1,
        2.097847961257068, 5.371920351148152};
    private static final int[] DEGREES32 = {3, 5, 7};
    private static final double[] THETA32 = {4.258730016922831e-1, 1.880152677804762, 3.925724783138660};

    /** The table of degree {@code m}. */
    static double[] coefficients(int m) {
        return switch (m) {
            case 3 -> PADE3;
            case 5 -> PADE5;
            case 7 -> PADE7;
            case 9 -> PADE9;
            case 13 -> PADE13;
            default -> throw new IllegalArgumentException("expm: no Padé table of degree " + m);
        };
    }

    /** The plan of one matrix: the Padé degree and the number of squarings; degree 0 for a non-finite norm. */
    record Plan(int degree, int squarings) {
    }

    /**
     * The degree and scaling Higham's Algorithm 2.3 chooses for a matrix of 1-norm {@code norm1}.
     *
     * @param norm1 the largest column sum of magnitudes
     * @param dtype float32 or float64
     * @return the plan
     */
    static Plan plan(double norm1, DType dtype) {
        if (!Double.isFinite(norm1)) {
            return new Plan(0, 0);
        }
        int[] degrees = dtype == DType.FLOAT32 ? DEGREES32 : DEGREES64;
        double[] theta = dtype == DType.FLOAT32 ? THETA32 : THETA64;
        for (int i = 0; i < degrees.length; i++) {
            if (norm1 <= theta[i]) {
                return new Plan(degrees[i], 0);
            }
        }
        double top = theta[theta.length - 1];
        int s = Math.getExponent(norm1 / top);   // floor(log2), exact; one more unless already a power of two below
        if (Math.scalb(top, s) < norm1) {
            s++;
        }
        return new Plan(degrees[degrees.length - 1], s);
    }

    /**
     * {@code exp(A)} for every matrix of {@code a}.
     *
     * @param a {@code [..., n, n]}, float32 or float64 (checked by the caller)
     * @return {@code exp(A)}, of {@code a}'s shape
     */
    public static Tensor expm(Tensor a) {
        int n = a.shape().dim(-1);
        if (a.size() == 0) {
            return a;
        }
        int count = (int) (a.size() / ((long) n * n));
        double[] values = a.toDoubleArray();
        Plan[] plans = new Plan[count];
        Map<Plan, List<Integer>> groups = new LinkedHashMap<>();
        for (int b = 0; b < count; b++) {
            plans[b] = plan(norm1(values, b * n * n, n), a.dtype());
            groups.computeIfAbsent(plans[b], p -> new ArrayList<>()).add(b);
        }
        Tensor flat = reshape(a, count, n, n);
        if (groups.size() == 1) {
            return reshape(compute(flat, plans[0]), a.shape().dims());
        }
        List<Tensor> parts = new ArrayList<>();
        int[] position = new int[count];  // where matrix b's result lands in the concatenation of the groups
        int next = 0;
        for (Map.Entry<Plan, List<Integer>> g : groups.entrySet()) {
            int[] members = g.getValue().stream().mapToInt(Integer::intValue).toArray();
            for (int b : members) {
                position[b] = next++;
            }
            parts.add(compute(gather(flat, constant(members, members.length), 0), g.getKey()));
        }
        Tensor all = concat(parts, 0);
        return reshape(gather(all, constant(position, count), 0), a.shape().dims());
    }

    private static double norm1(double[] v, int offset, int n) {
        double best = 0;
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.abs(v[offset + i * n + j]);
            }
            best = s > best || Double.isNaN(s) ? s : best;
            if (Double.isNaN(best)) {
                return best;
            }
        }
        return best;
    }

    /** One group, {@code [k, n, n]}, all with the same plan. */
    private static Tensor compute(Tensor x, Plan p) {
        DType dt = x.dtype();
        if (p.degree() == 0) {
            return fill(x.shape().dims(), constant(Double.NaN, dt));
        }
        Tensor scaled = p.squarings() == 0 ? x : mul(x, constant(Math.scalb(1.0, -p.squarings()), dt));
        Tensor[] uv = p.degree() == 13 ? pade13(scaled) : pade(scaled, p.degree());
        Tensor r = io.gradtape.Linalg.solve(sub(uv[1], uv[0]), add(uv[1], uv[0]));
        for (int i = 0; i < p.squarings(); i++) {
            r = matmul(r, r);
        }
        return r;
    }

    /**
     * The odd part {@code U = A sum_{j odd} b_j A^(j-1)} and the even part {@code V = sum_{j even} b_j A^j} of the
     * [m/m] numerator, m = 3, 5, 7 or 9; then {@code r_m = (V - U)^-1 (V + U)}.
     */
    private static Tensor[] pade(Tensor x, int m) {
        double[] b = coefficients(m);
        DType dt = x.dtype();
        Tensor id = eye(x.shape().dim(-1), dt);
        Tensor x2 = matmul(x, x);
        Tensor power = id;                     // A^(j-1) for odd j, A^j for even j: the same even power
        Tensor odd = null;
        Tensor even = null;
        for (int j = 0; j <= m; j += 2) {
            if (j > 0) {
                power = j == 2 ? x2 : matmul(power, x2);
            }
            Tensor e = mul(power, constant(b[j], dt));
            Tensor o = mul(power, constant(b[j + 1], dt));
            even = even == null ? e : add(even, e);
            odd = odd == null ? o : add(odd, o);
        }
        return new Tensor[] {matmul(x, odd), even};
    }

    /** Higham's evaluation of the [13/13] numerator with three products for the powers and two more. */
    private static Tensor[] pade13(Tensor x) {
        double[] b = coefficients(13);
        DType dt = x.dtype();
        Tensor id = eye(x.shape().dim(-1), dt);
        Tensor x2 = matmul(x, x);
        Tensor x4 = matmul(x2, x2);
        Tensor x6 = matmul(x4, x2);
        Tensor u = matmul(x, add(matmul(x6, lin(dt, b[13], x6, b[11], x4, b[9], x2)),
                lin(dt, b[7], x6, b[5], x4, b[3], x2, b[1], id)));
        Tensor v = add(matmul(x6, lin(dt, b[12], x6, b[10], x4, b[8], x2)), lin(dt, b[6], x6, b[4], x4, b[2], x2, b[0], id));
        return new Tensor[] {u, v};
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
}
