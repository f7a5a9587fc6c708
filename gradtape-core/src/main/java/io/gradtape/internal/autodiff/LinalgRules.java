package io.gradtape.internal.autodiff;

import io.gradtape.DType;
import io.gradtape.Linalg;
import io.gradtape.Tensor;
import io.gradtape.internal.ops.Params;

import static io.gradtape.Linalg.matrixTranspose;
import static io.gradtape.Linalg.triangularSolve;
import static io.gradtape.Tensors.*;

/**
 * The derivative rules of the linear-algebra primitives, reverse ({@code *Vjp}) and forward ({@code *Jvp}), called
 * from the one-line cases of {@link VjpRules} and {@link JvpRules}. Like every rule, they use public ops only (those
 * of {@link Linalg} among them), so nested tapes differentiate them again.
 *
 * <p><b>Notation.</b> {@code Xbar} is the cotangent of X, {@code dX} its tangent; {@code op(A)} is A or A^T;
 * matrices are the last two axes and everything broadcasts over the leading ones, which is also how a batched
 * cotangent (extra leading dimensions, from {@code jacobian}) passes through: every product here is a batched
 * {@code matmul} or an elementwise op, and {@link Unbroadcast} sums the extra dimensions away.
 *
 * <p><b>Packed outputs.</b> qr, eigh and svd output one packed tensor (see {@code LinalgKernels}); their cotangent
 * arrives packed the same way (zeros where a part was not used), and their tangent is packed the same way.
 *
 * <p>Sources: Giles 2008 ("An extended collection of matrix derivative results for forward and reverse mode
 * automatic differentiation"), Murray 2016 ("Differentiation of the Cholesky decomposition"), Seeger, Hetzel, Dai,
 * Meissner and Lawrence 2017 ("Auto-differentiating linear algebra"), Townsend 2016 ("Differentiating the singular
 * value decomposition"), Walter and Lehmann 2018 (QR of wide matrices). Edge conventions are TensorFlow's
 * ({@code linalg_grad.py}), noted per rule.
 */
final class LinalgRules {
    private LinalgRules() {
    }

    // ------------------------------------------------------------------------------------ Cholesky

    /**
     * Murray 2016, eq. 10 (TensorFlow's rule): {@code P = Phi(L^T Lbar)}, {@code S = L^-T P L^-1},
     * {@code Abar = (S + S^T) / 2}, where Phi keeps the lower triangle and halves the diagonal. Symmetric, as
     * TensorFlow's, although the kernel reads only the lower triangle: it is the derivative along symmetric
     * perturbations.
     */
    static Tensor[] choleskyVjp(Tensor l, Tensor g) {
        Tensor p = phi(matmul(l, g, true, false));
        Tensor y = triangularSolve(l, p, true, true);                                  // L^-T P
        Tensor s = matrixTranspose(triangularSolve(l, matrixTranspose(y), true, true)); // (L^-T (L^-T P)^T)^T = L^-T P L^-1
        return new Tensor[] {mul(add(s, matrixTranspose(s)), constant(0.5, l.dtype()))};
    }

    /** Murray 2016, eq. 8: {@code dL = L Phi(L^-1 dA_s L^-T)} with {@code dA_s = (dA + dA^T) / 2} (matching the VJP). */
    static Tensor choleskyJvp(Tensor l, Tensor da) {
        Tensor sym = mul(add(da, matrixTranspose(da)), constant(0.5, l.dtype()));
        Tensor y = triangularSolve(l, sym, true, false);                                 // L^-1 dA
        Tensor z = matrixTranspose(triangularSolve(l, matrixTranspose(y), true, false)); // L^-1 dA L^-T
        return matmul(l, phi(z));
    }

    /** The lower triangle with the diagonal halved. */
    private static Tensor phi(Tensor x) {
        return sub(tril(x, 0), mul(x, halfEye(x)));
    }

    private static Tensor halfEye(Tensor like) {
        return mul(eye(like.shape().dim(-1), like.dtype()), constant(0.5, like.dtype()));
    }

    // ------------------------------------------------------------------------------------ triangular solve

    /**
     * Giles 2008, sec. 2.3.1 for {@code op(T) X = B}: {@code Bbar = op(T)^-T Xbar}; {@code Tbar = -Bbar X^T}, or
     * {@code -X Bbar^T} for the transposed system; restricted to the triangle the kernel reads (TensorFlow's
     * {@code matrix_band_part} on the gradient).
     */
    static Tensor[] triangularSolveVjp(Params.TriangularSolve p, Tensor t, Tensor x, Tensor g, boolean[] needed) {
        Tensor gb = triangularSolve(t, g, p.lower(), !p.adjoint());
        Tensor gt = null;
        if (needed[0]) {
            Tensor full = p.adjoint() ? neg(matmul(x, gb, false, true)) : neg(matmul(gb, x, false, true));
            gt = p.lower() ? tril(full, 0) : triu(full, 0);
        }
        return new Tensor[] {gt, needed[1] ? gb : null};
    }

    /** {@code dX = op(T)^-1 (dB - op(dT) X)}, with dT restricted to the triangle. */
    static Tensor triangularSolveJvp(Params.TriangularSolve p, Tensor t, Tensor x, Tensor dt, Tensor db) {
        Tensor r = db;
        if (dt != null) {
            Tensor tri = p.lower() ? tril(dt, 0) : triu(dt, 0);
            Tensor prod = matmul(tri, x, p.adjoint(), false);
            r = r == null ? neg(prod) : sub(r, prod);
        }
        return triangularSolve(t, r, p.lower(), p.adjoint());
    }

    // ------------------------------------------------------------------------------------ solve (LU)

    /** Giles 2008, sec. 2.3.1: {@code Bbar = op(A)^-T Xbar}; {@code Abar = -Bbar X^T} (transposed system: {@code -X Bbar^T}). */
    static Tensor[] solveVjp(Params.Adjoint p, Tensor a, Tensor x, Tensor g, boolean[] needed) {
        Tensor gb = Linalg.solve(a, g, !p.adjoint());
        Tensor ga = !needed[0] ? null : p.adjoint() ? neg(matmul(x, gb, false, true)) : neg(matmul(gb, x, false, true));
        return new Tensor[] {ga, needed[1] ? gb : null};
    }

    /** Giles 2008: {@code dX = op(A)^-1 (dB - op(dA) X)}. */
    static Tensor solveJvp(Params.Adjoint p, Tensor a, Tensor x, Tensor da, Tensor db) {
        Tensor r = db;
        if (da != null) {
            Tensor prod = matmul(da, x, p.adjoint(), false);
            r = r == null ? neg(prod) : sub(r, prod);
        }
        return Linalg.solve(a, r, p.adjoint());
    }

    // ------------------------------------------------------------------------------------ log|det|

    /** Giles 2008, sec. 2.2.2: {@code d log|det A| = tr(A^-1 dA)}, so {@code Abar = g A^-T} (TensorFlow's rule; singular A raises). */
    static Tensor[] logAbsDetVjp(Tensor a, Tensor g) {
        Tensor invT = Linalg.solve(a, eye(a.shape().dim(-1), a.dtype()), true);
        return new Tensor[] {mul(expandDims(expandDims(g, -1), -1), invT)};
    }

    /** {@code tr(A^-1 dA)}. */
    static Tensor logAbsDetJvp(Tensor a, Tensor da) {
        return Linalg.trace(Linalg.solve(a, da));
    }

    // ------------------------------------------------------------------------------------ QR

    /**
     * Seeger et al. 2017 (TensorFlow's rule) for {@code m >= n}: with {@code M = tril(Q^T Qbar - Qbar^T Q + R Rbar^T
     * - Rbar R^T)}, {@code Abar = Q (Rbar + M R^-T) + (Qbar - Q Q^T Qbar) R^-T}. For {@code m < n} (Walter and
     * Lehmann 2018), split {@code A = [X Y]}, {@code R = [U V]} with X square: {@code Qbar' = Qbar + Y Vbar^T}, X gets
     * the square rule with {@code (Qbar', Ubar)}, and {@code Ybar = Q Vbar}. Needs R's leading block invertible.
     */
    static Tensor[] qrVjp(Tensor a, Tensor packed, Tensor g) {
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        Tensor q = rows(packed, 0, m);
        Tensor r = matrixTranspose(rows(packed, m, n));
        Tensor gq = rows(g, 0, m);
        Tensor gr = matrixTranspose(rows(g, m, n));
        if (m >= n) {
            return new Tensor[] {qrTall(q, r, gq, gr)};
        }
        Tensor y = cols(a, m, n - m);
        Tensor u = cols(r, 0, m);
        Tensor du = cols(gr, 0, m);
        Tensor dv = cols(gr, m, n - m);
        Tensor dq = add(gq, matmul(y, dv, false, true));
        Tensor dx = qrTall(q, u, dq, du);
        Tensor dy = matmul(q, dv);
        return new Tensor[] {concat(java.util.List.of(dx, broadcastLike(dy, dx)), -1)};
    }

    private static Tensor qrTall(Tensor q, Tensor r, Tensor gq, Tensor gr) {
        Tensor qdq = matmul(q, gq, true, false);
        Tensor rdr = matmul(r, gr, false, true);
        Tensor mm = tril(add(sub(qdq, matrixTranspose(qdq)), sub(rdr, matrixTranspose(rdr))), 0);
        Tensor left = matmul(q, add(gr, rInvT(mm, r)));
        Tensor right = rInvT(sub(gq, matmul(q, qdq)), r);
        return add(left, right);
    }

    /**
     * Walter and Lehmann 2018 (forward mode), {@code m >= n}: with {@code X = Q^T dA R^-1}, the skew-symmetric
     * {@code Omega = tril(X, -1) - tril(X, -1)^T} is {@code Q^T dQ}; then {@code dR = (X - Omega) R} and
     * {@code dQ = dA R^-1 - Q (X - Omega)}. For {@code m < n}, the square rule on {@code A = [X Y]}'s square part
     * gives {@code dQ, dU}, and {@code dV = Q^T (dY - dQ V)}. Packed as the output, {@code [dQ; dR^T]}.
     */
    static Tensor qrJvp(Tensor a, Tensor packed, Tensor da) {
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        Tensor q = rows(packed, 0, m);
        Tensor r = matrixTranspose(rows(packed, m, n));
        Tensor[] d;
        if (m >= n) {
            d = qrTallJvp(q, r, da);
        } else {
            Tensor u = cols(r, 0, m);
            Tensor v = cols(r, m, n - m);
            Tensor[] sq = qrTallJvp(q, u, cols(da, 0, m));
            Tensor dv = matmul(q, sub(cols(da, m, n - m), matmul(sq[0], v)), true, false);
            d = new Tensor[] {sq[0], concat(java.util.List.of(sq[1], dv), -1)};
        }
        return concat(java.util.List.of(d[0], matrixTranspose(d[1])), -2);
    }

    private static Tensor[] qrTallJvp(Tensor q, Tensor r, Tensor da) {
        Tensor daRinv = rInv(da, r);
        Tensor x = matmul(q, daRinv, true, false);
        Tensor low = tril(x, -1);
        Tensor upper = sub(x, sub(low, matrixTranspose(low)));           // X - Omega
        return new Tensor[] {sub(daRinv, matmul(q, upper)), matmul(upper, r)};
    }

    /** {@code B R^-1} for upper-triangular R: {@code (R^-T B^T)^T}. */
    private static Tensor rInv(Tensor b, Tensor r) {
        return matrixTranspose(triangularSolve(r, matrixTranspose(b), false, true));
    }

    /** {@code X R^-T} for upper-triangular R: {@code (R^-1 X^T)^T}. */
    private static Tensor rInvT(Tensor x, Tensor r) {
        return matrixTranspose(triangularSolve(r, matrixTranspose(x), false, false));
    }

    // ------------------------------------------------------------------------------------ eigh

    /**
     * Seeger et al. 2017 and Giles 2008, sec. 3.1 (TensorFlow's rule): {@code G = V (diag(wbar) + F o (V^T Vbar))
     * V^T} with {@code F_ij = 1 / (w_j - w_i)}, {@code F_ii = 0}; returned on the lower triangle (the part the kernel
     * reads): {@code tril(G + G^T)} with the diagonal halved. F uses TensorFlow's damped reciprocal (see
     * {@link #reciprocalGaps}): finite for repeated eigenvalues, with 0 for the pairs of a repeated one.
     */
    static Tensor[] eighVjp(Tensor packed, Tensor g) {
        int n = packed.shape().dim(-1);
        Tensor wRow = rows(packed, 0, 1);
        Tensor v = rows(packed, 1, n);
        Tensor gw = rows(g, 0, 1);
        Tensor gv = rows(g, 1, n);
        Tensor inner = mul(eye(n, packed.dtype()), gw);
        if (!allZero(gv)) { // eigenvalues alone (eigvalsh) need no gaps: finite also for repeated eigenvalues, as TensorFlow's
            inner = add(inner, mul(reciprocalGaps(wRow), matmul(v, gv, true, false)));
        }
        Tensor full = matmul(v, matmul(inner, v, false, true));
        Tensor sym = add(full, matrixTranspose(full));
        return new Tensor[] {sub(tril(sym, 0), mul(sym, halfEye(sym)))};
    }

    /**
     * Giles 2008, sec. 3.1: with {@code dA_s} the symmetric matrix the kernel sees ({@code tril(dA) + tril(dA, -1)^T})
     * and {@code K = V^T dA_s V}: {@code dw = diag(K)}, {@code dV = V (F o K)}; packed as the output.
     */
    static Tensor eighJvp(Tensor packed, Tensor da) {
        int n = packed.shape().dim(-1);
        Tensor wRow = rows(packed, 0, 1);
        Tensor v = rows(packed, 1, n);
        Tensor sym = add(tril(da, 0), matrixTranspose(tril(da, -1)));
        Tensor k = matmul(v, matmul(sym, v), true, false);
        Tensor dw = expandDims(Linalg.diagPart(k), -2);
        Tensor dv = matmul(v, mul(reciprocalGaps(wRow), k));
        return concat(java.util.List.of(broadcastLike(dw, dv, 1), dv), -2);
    }

    /**
     * {@code F_ij = r(w_j - w_i)} from a row {@code [..., 1, n]} of values, with TensorFlow's damped reciprocal
     * {@code r(x) = x / (x^2 + 1e-20)} ({@code _SafeReciprocal} in {@code linalg_grad.py}, used by its eigh and svd
     * gradients): about {@code 1 / x} for gaps above {@code 1e-9}, and 0 for an exact tie, including the
     * diagonal. So a repeated eigenvalue or singular value gives finite gradients without the terms that couple
     * its vectors (see the degenerate cases in {@code Linalg}'s class comment).
     */
    private static Tensor reciprocalGaps(Tensor wRow) {
        int n = wRow.shape().dim(-1);
        Tensor id = eye(n, wRow.dtype());
        Tensor off = sub(onesLike(id), id);
        // the diagonal is a constant 0: its gap is moved to 1 and masked, since r'(0) = 1e20 would otherwise reach
        // higher derivatives (TensorFlow's matrix_set_diag cuts it off the same way)
        return mul(off, safeReciprocal(add(sub(wRow, matrixTranspose(wRow)), id)));
    }

    /** {@code x / (x^2 + 1e-20)}, TensorFlow's {@code _SafeReciprocal} (linalg_grad.py): 0 at 0, else about 1 / x. */
    private static Tensor safeReciprocal(Tensor x) {
        return div(x, add(square(x), constant(1e-20, x.dtype())));
    }

    // ------------------------------------------------------------------------------------ SVD

    /**
     * Townsend 2016, eq. 36, for the reduced SVD with {@code k = min(m, n)}, {@code F_ij = 1 / (s_j^2 - s_i^2)}:
     * {@code Abar = U [diag(sbar) + (F o (U^T Ubar - Ubar^T U)) S + S (F o (V^T Vbar - Vbar^T V))] V^T
     * + (I - U U^T) Ubar S^-1 V^T + U S^-1 Vbar^T (I - V V^T)}. As TensorFlow's {@code _SvdGrad}, F and
     * {@code S^-1} use the damped reciprocal {@code x / (x^2 + 1e-20)} (0 for a repeated or zero singular value,
     * so those give finite gradients), and a projector term is left out where it vanishes identically:
     * {@code I - U U^T} is 0 when {@code m = k}, {@code I - V V^T} when {@code n = k} (computed, its rounding
     * residue would meet {@code 1 / s} of a zero singular value).
     */
    static Tensor[] svdVjp(Tensor a, Tensor packed, Tensor g) {
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        DType dt = packed.dtype();
        Tensor sRow = rows(packed, 0, 1);
        Tensor u = rows(packed, 1, m);
        Tensor v = rows(packed, 1 + m, n);
        Tensor gs = rows(g, 0, 1);
        Tensor gu = rows(g, 1, m);
        Tensor gv = rows(g, 1 + m, n);
        int k = sRow.shape().dim(-1);
        Tensor id = eye(k, dt);
        if (allZero(gu) && allZero(gv)) { // singular values alone: U diag(sbar) V^T, finite at repeated or zero values
            return new Tensor[] {matmul(mul(u, gs), v, false, true)};
        }
        Tensor f = reciprocalGaps(square(sRow));
        Tensor utgu = matmul(u, gu, true, false);
        Tensor vtgv = matmul(v, gv, true, false);
        Tensor sCol = matrixTranspose(sRow);
        Tensor inner = add(add(mul(id, gs),
                mul(mul(f, sub(utgu, matrixTranspose(utgu))), sRow)),    // (F o J) S: column j scaled by s_j
                mul(sCol, mul(f, sub(vtgv, matrixTranspose(vtgv)))));    // S (F o K): row i scaled by s_i
        Tensor core = matmul(u, matmul(inner, v, false, true));
        Tensor sInvRow = safeReciprocal(sRow);
        if (m > k) {
            Tensor uPerp = sub(gu, matmul(u, utgu));                     // (I - U U^T) Ubar
            core = add(core, matmul(mul(uPerp, sInvRow), v, false, true)); // (I - UU^T) Ubar S^-1 V^T
        }
        if (n > k) {
            Tensor vPerp = sub(gv, matmul(v, vtgv));                     // (I - V V^T) Vbar
            core = add(core, matmul(mul(u, sInvRow), vPerp, false, true)); // U S^-1 Vbar^T (I - VV^T)
        }
        return new Tensor[] {core};
    }

    /**
     * Townsend 2016 (forward mode), {@code F_ij = 1 / (s_j^2 - s_i^2)}, {@code dP = U^T dA V}: {@code ds = diag(dP)},
     * {@code dU = U (F o (dP S + S dP^T)) + (I - U U^T) dA V S^-1},
     * {@code dV = V (F o (S dP + dP^T S)) + (I - V V^T) dA^T U S^-1}; packed as the output, {@code [ds; dU; dV]}.
     * The reciprocals and the projector terms as in {@link #svdVjp} (this is that rule's transpose).
     */
    static Tensor svdJvp(Tensor a, Tensor packed, Tensor da) {
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        Tensor sRow = rows(packed, 0, 1);
        Tensor u = rows(packed, 1, m);
        Tensor v = rows(packed, 1 + m, n);
        Tensor sCol = matrixTranspose(sRow);
        Tensor f = reciprocalGaps(square(sRow));
        Tensor dav = matmul(da, v);                                      // dA V
        Tensor dp = matmul(u, dav, true, false);                         // U^T dA V
        Tensor dpT = matrixTranspose(dp);
        Tensor ds = expandDims(Linalg.diagPart(dp), -2);
        Tensor sInvRow = safeReciprocal(sRow);
        int k = sRow.shape().dim(-1);
        Tensor du = matmul(u, mul(f, add(mul(dp, sRow), mul(sCol, dpT))));
        if (m > k) {
            du = add(du, mul(sub(dav, matmul(u, dp)), sInvRow));         // (I - UU^T) dA V S^-1
        }
        Tensor dv = matmul(v, mul(f, add(mul(sCol, dp), mul(dpT, sRow))));
        if (n > k) {
            Tensor datu = matmul(da, u, true, false);                    // dA^T U
            dv = add(dv, mul(sub(datu, matmul(v, dpT)), sInvRow));       // (I - VV^T) dA^T U S^-1
        }
        return concat(java.util.List.of(broadcastLike(ds, du, 1), du, broadcastLike(dv, du, n)), -2);
    }

    // ------------------------------------------------------------------------------------ helpers

    /**
     * Whether every element of a cotangent part is exactly 0: the part's output was not used. TensorFlow's
     * {@code eigvalsh} and {@code svd(compute_uv=False)} have rules without the vectors' terms, which divide by
     * eigenvalue gaps; here one primitive serves both, so the terms are skipped when they are zero anyway.
     */
    private static boolean allZero(Tensor t) {
        for (double v : t.toDoubleArray()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** Rows {@code start .. start + count - 1} of the last-but-one axis. */
    private static Tensor rows(Tensor x, int start, int count) {
        int[] begin = new int[x.rank()];
        begin[x.rank() - 2] = start;
        int[] size = x.shape().dims();
        size[x.rank() - 2] = count;
        return slice(x, begin, size);
    }

    /** Columns {@code start .. start + count - 1} of the last axis. */
    private static Tensor cols(Tensor x, int start, int count) {
        int[] begin = new int[x.rank()];
        begin[x.rank() - 1] = start;
        int[] size = x.shape().dims();
        size[x.rank() - 1] = count;
        return slice(x, begin, size);
    }

    /** {@code x} broadcast to {@code like}'s leading (batch) dimensions, keeping its own last two. */
    private static Tensor broadcastLike(Tensor x, Tensor like) {
        return broadcastLike(x, like, x.shape().dim(-2));
    }

    private static Tensor broadcastLike(Tensor x, Tensor like, int rowsOfX) {
        int[] d = like.shape().dims();
        d[d.length - 2] = rowsOfX;
        d[d.length - 1] = x.shape().dim(-1);
        return x.shape().equals(io.gradtape.Shape.of(d)) ? x : broadcastTo(x, d);
    }
}
