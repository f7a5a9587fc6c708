package io.gradtape.ops;

import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.List;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.OpCase.op;
import static io.gradtape.ops.OpCase.s;

/**
 * The op table's rows for products: {@code matmul} (rank 2, each transposed variant, batched with broadcast batch
 * dimensions, empty contractions), {@code NN.linear} (with and without its fused relu, away from relu's kink; empty
 * rows, contractions and outputs), {@code einsum} (the common one- and two-operand equations, diagonals and
 * ellipses) and {@code tensordot} (against the equivalent einsum). References are
 * plain loops over {@link NdArray} and {@link LibraryReference}, never gradtape.
 */
public final class ProductOpCases {
    private ProductOpCases() {
    }

    /** Every case of this family. */
    public static List<OpCase> cases() {
        List<OpCase.Builder> t = new ArrayList<>();
        t.add(op("Tensor.matmul", in -> in.get(0).matmul(in.get(1)), in -> NdArray.matmul(in.get(0), in.get(1), false, false))
                .shapes(s(3, 4), s(4, 2)).shapes(s(2, 3, 4), s(4, 2)));
        t.add(matmul(false, false).shapes(s(3, 4), s(4, 2)).shapes(s(1, 5), s(5, 1)).shapes(s(2, 3, 4), s(2, 4, 2))
                .shapes(s(2, 3, 4), s(4, 2)).shapes(s(3, 4), s(2, 4, 2)).shapes(s(2, 1, 3, 4), s(3, 4, 2))
                .shapes(s(12, 10), s(10, 8)).shapes(s(20, 16), s(16, 12)));
        t.add(matmul(true, false).shapes(s(4, 3), s(4, 2)).shapes(s(2, 4, 3), s(1, 4, 2)));
        t.add(matmul(false, true).shapes(s(3, 4), s(2, 4)).shapes(s(2, 3, 4), s(2, 4)));
        t.add(matmul(true, true).shapes(s(4, 3), s(2, 4)).shapes(s(2, 1, 4, 3), s(3, 2, 4)));
        t.add(matmul(false, false).variant("empty").shapes(s(2, 0), s(0, 3)).shapes(s(0, 3), s(3, 2)).shapes(s(2, 3), s(3, 0))
                .shapes(s(2, 0, 3), s(3, 2)));
        t.add(matmul(true, false).variant("empty transposeA").shapes(s(0, 2), s(0, 3)).shapes(s(3, 0), s(3, 2)));
        t.add(matmul(false, true).variant("empty transposeB").shapes(s(2, 3), s(0, 3)).shapes(s(2, 0), s(3, 0)));

        t.add(linear(false).shapes(s(3, 4), s(4, 2), s(2)).shapes(s(1, 5), s(5, 1), s(1)).shapes(s(12, 10), s(10, 8), s(8)));
        t.add(linear(true).shapes(s(3, 4), s(4, 2), s(2)).shapes(s(5, 3), s(3, 6), s(6)));
        t.add(linear(false).variant("empty").shapes(s(0, 3), s(3, 2), s(2)).shapes(s(2, 0), s(0, 3), s(3))
                .shapes(s(2, 3), s(3, 0), s(0)));
        t.add(linear(true).variant("relu, empty contraction").shapes(s(2, 0), s(0, 3), s(3)));

        t.add(einsum2("ij,jk->ik").shapes(s(3, 4), s(4, 2)));
        t.add(einsum2("bij,bjk->bik").shapes(s(2, 3, 4), s(2, 4, 2)));
        t.add(einsum2("i,j->ij").shapes(s(3), s(4)));
        t.add(einsum2("i,i->").shapes(s(5), s(5)));
        t.add(einsum2("ij,ij->i").shapes(s(3, 4), s(3, 4)));
        t.add(einsum2("ij,kj->ik").shapes(s(3, 4), s(2, 4)));
        t.add(einsum2("ij,jk->ki").shapes(s(3, 4), s(4, 2)));
        t.add(einsum2("ij,jk").shapes(s(3, 4), s(4, 2)));
        t.add(einsum2("bij,bkj->bik").shapes(s(2, 3, 4), s(2, 2, 4)));
        t.add(einsum2("ij,jk->i").shapes(s(3, 4), s(4, 2)));
        t.add(einsum2("bi,bj->bij").shapes(s(2, 3), s(2, 4)));
        t.add(einsum2("ij,jk->ijk").shapes(s(3, 4), s(4, 2)));
        t.add(einsum2("bij,jk->bik").shapes(s(2, 3, 4), s(4, 2)));
        t.add(einsum2("ijk,jil->kl").shapes(s(2, 3, 4), s(3, 2, 2)));
        t.add(einsum2("i,ij->j").shapes(s(3), s(3, 4)));
        t.add(einsum2("ab,ab->").shapes(s(3, 4), s(3, 4)));
        t.add(einsum2("ij,k->ikj").shapes(s(2, 3), s(4)));
        t.add(einsum2("abc,cd->abd").shapes(s(2, 3, 4), s(4, 2)));
        t.add(einsum2("ba,cb->ac").shapes(s(4, 3), s(2, 4)));
        t.add(einsum2("ij,kl->ik").shapes(s(2, 3), s(4, 2)));
        t.add(einsum2("ij,kl->").shapes(s(2, 3), s(4, 2)));
        t.add(einsum2("ij,ji").shapes(s(3, 4), s(4, 3)));
        t.add(einsum2("bij,bjk->ibk").shapes(s(2, 3, 4), s(2, 4, 2)));
        t.add(einsum1("ij->ji").shapes(s(3, 4)));
        t.add(einsum1("ij->j").shapes(s(3, 4)));
        t.add(einsum1("ij->").shapes(s(3, 4)));
        t.add(einsum1("ijk->kji").shapes(s(2, 3, 4)));
        t.add(einsum1("ijk->ki").shapes(s(2, 3, 4)));
        t.add(einsum1("ijk->j").shapes(s(2, 3, 4)));
        t.add(einsum1("ij").shapes(s(3, 4)));
        // diagonals and traces (a label repeated within an operand), TensorFlow's einsum
        t.add(einsum1("ii->i").shapes(s(3, 3)));
        t.add(einsum1("ii->").shapes(s(3, 3)));
        t.add(einsum1("ii").shapes(s(3, 3)));
        t.add(einsum1("iji->j").shapes(s(3, 2, 3)));
        t.add(einsum1("iii->i").shapes(s(2, 2, 2)));
        t.add(einsum1("bii->bi").shapes(s(2, 3, 3)));
        t.add(einsum1("ijij->ji").shapes(s(2, 3, 2, 3)));
        t.add(einsum2("ii,i->i").shapes(s(3, 3), s(3)));
        t.add(einsum2("ij,jj->i").shapes(s(2, 3), s(3, 3)));
        t.add(einsum2("iij,jk->ik").shapes(s(2, 2, 3), s(3, 4)));
        // ellipses: broadcast axes, right-aligned, size 1 against n, in one operand only, in the middle
        t.add(einsum1("...ij->...ji").shapes(s(2, 3, 4)).shapes(s(3, 4)));
        t.add(einsum1("...ij->...").shapes(s(2, 3, 4)));
        t.add(einsum1("i...->...").shapes(s(2, 3, 4)));
        t.add(einsum1("...ii->...i").shapes(s(2, 3, 3)));
        t.add(einsum1("...ij").shapes(s(2, 3, 4)));
        t.add(einsum2("...ij,...jk->...ik").shapes(s(2, 3, 4), s(2, 4, 2)).shapes(s(2, 1, 3, 4), s(3, 4, 2))
                .shapes(s(3, 4), s(2, 4, 2)).shapes(s(1, 3, 4), s(2, 4, 2)));
        t.add(einsum2("...ij,jk->...ik").shapes(s(2, 3, 4), s(4, 2)));
        t.add(einsum2("b...i,bi->b...").shapes(s(2, 3, 4), s(2, 4)));
        t.add(einsum2("...i,...i").shapes(s(2, 3), s(1, 3)));
        t.add(einsum2("ij...,jk...->ik...").shapes(s(2, 3, 4), s(3, 2, 1)));

        // tensordot (TensorFlow's tf.tensordot), against the einsum reference of the same contraction
        t.add(tensordot(null, null, 2, "ijk,jkl->il").shapes(s(2, 3, 4), s(3, 4, 5)));
        t.add(tensordot(null, null, 0, "i,j->ij").shapes(s(3), s(4)));
        t.add(tensordot(null, null, 1, "ij,jk->ik").shapes(s(2, 3), s(3, 4)).shapes(s(2, 0), s(0, 3)));
        t.add(tensordot(new int[] {1, 2}, new int[] {1, 0}, 0, "ijk,kjl->il").shapes(s(2, 3, 4), s(4, 3, 5)));
        t.add(tensordot(new int[] {0}, new int[] {2}, 0, "xi,klx->ikl").shapes(s(3, 2), s(4, 5, 3)));
        t.add(tensordot(new int[] {-1}, new int[] {-2}, 0, "ij,kjl->ikl").shapes(s(2, 3), s(4, 3, 2)));

        // empty tensors: a dimension of size 0 in an input, an index list or an output
        t.add(einsum2("ij,jk->ik").variant("empty contraction").shapes(s(2, 0), s(0, 3)));
        t.add(einsum2("ij,jk->ik").variant("empty rows").shapes(s(0, 3), s(3, 2)));
        return OpCase.expand(t);
    }

    // ------------------------------------------------------------------------------------ row helpers

    private static OpCase.Builder matmul(boolean ta, boolean tb) {
        String v = (ta ? "transposeA " : "") + (tb ? "transposeB" : "");
        return op("matmul", in -> Tensors.matmul(in.get(0), in.get(1), ta, tb), in -> NdArray.matmul(in.get(0), in.get(1), ta, tb))
                .variant(v.trim()).tol32(1e-4, 1e-5);
    }

    /** {@code NN.linear}; with relu, samples whose {@code x @ w + b} comes within 0.02 of relu's kink are drawn again. */
    private static OpCase.Builder linear(boolean relu) {
        OpCase.Builder b = op("NN.linear", in -> relu ? NN.linear(in.get(0), in.get(1), in.get(2), "relu")
                : NN.linear(in.get(0), in.get(1), in.get(2)), in -> affine(in, relu)).tol32(1e-4, 1e-5);
        if (!relu) {
            return b;
        }
        return b.variant("relu").validIf((x, c) -> {
            NdArray pre = affine(List.of(new NdArray(c.shape(0), x[0]), new NdArray(c.shape(1), x[1]),
                    new NdArray(c.shape(2), x[2])), false);
            for (double v : pre.data()) {
                if (Math.abs(v) < 0.02) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The reference of {@code linear}: plain loops, then relu if asked. */
    private static NdArray affine(List<NdArray> in, boolean relu) {
        NdArray y = NdArray.zip(NdArray.matmul(in.get(0), in.get(1), false, false), in.get(2), Double::sum);
        return relu ? NdArray.map(y, v -> Math.max(v, 0)) : y;
    }

    private static OpCase.Builder einsum2(String eq) {
        return op("einsum", in -> Tensors.einsum(eq, in.get(0), in.get(1)), in -> LibraryReference.einsum(eq, in))
                .variant("\"" + eq + "\"").tol32(1e-4, 1e-5);
    }

    /** {@code tensordot} with axis lists, or with the integer {@code n} when the lists are null. */
    private static OpCase.Builder tensordot(int[] aAxes, int[] bAxes, int n, String eq) {
        String v = aAxes == null ? "axes " + n : java.util.Arrays.toString(aAxes) + " " + java.util.Arrays.toString(bAxes);
        return op("tensordot", in -> aAxes == null ? Tensors.tensordot(in.get(0), in.get(1), n)
                : Tensors.tensordot(in.get(0), in.get(1), aAxes, bAxes), in -> LibraryReference.einsum(eq, in))
                .variant(v).tol32(1e-4, 1e-5);
    }

    private static OpCase.Builder einsum1(String eq) {
        return op("einsum", in -> Tensors.einsum(eq, in.get(0)), in -> LibraryReference.einsum(eq, in))
                .variant("\"" + eq + "\"").tol32(1e-4, 1e-5);
    }
}
