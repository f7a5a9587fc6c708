package io.gradtape.ops;

import java.util.ArrayList;
import java.util.List;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.OpCase.op;
import static io.gradtape.ops.OpCase.s;

/**
 * The op table's rows for arrays made from other arrays: the triangular masks {@code tril} and {@code triu} (over
 * the last two axes, batched), {@code meshgrid} (each output, both indexings) and {@code fill} (the gradient of the
 * scalar is the sum of the cotangent). References are plain loops over {@link NdArray}, never gradtape.
 */
public final class CreationOpCases {
    private CreationOpCases() {
    }

    /** Every case of this family. */
    public static List<OpCase> cases() {
        List<OpCase.Builder> t = new ArrayList<>();
        // tril / triu over the last two axes, batched
        for (int k : new int[] {0, -1, 1}) {
            t.add(op("tril", in -> tril(in.get(0), k), in -> band(in.get(0), k, true)).variant("k=" + k).shapes(s(3, 4)).shapes(s(2, 3, 3)));
            t.add(op("triu", in -> triu(in.get(0), k), in -> band(in.get(0), k, false)).variant("k=" + k).shapes(s(3, 4)).shapes(s(2, 3, 3)));
        }
        // meshgrid: each output, both indexings
        for (String indexing : new String[] {"xy", "ij"}) {
            for (int out = 0; out < 2; out++) {
                int o = out;
                t.add(op("meshgrid", in -> meshgrid(List.of(in.get(0), in.get(1)), indexing).get(o), in -> grid(in, indexing, o))
                        .variant(indexing + " output " + o).constantInput(1 - o).shapes(s(3), s(2)));
            }
        }
        // fill: the gradient of the scalar is the sum of g
        t.add(op("fill", in -> fill(new int[] {2, 3}, in.get(0)), in -> NdArray.broadcastTo(in.get(0), 2, 3))
                .variant("(2, 3)").shapes(s()));
        return OpCase.expand(t);
    }

    // ------------------------------------------------------------------------------------ row helpers

    private static NdArray band(NdArray a, int k, boolean lower) {
        int[] sh = a.shape();
        int m = sh[sh.length - 2];
        int n = sh[sh.length - 1];
        double[] out = a.data().clone();
        for (int i = 0; i < out.length; i++) {
            int row = (i / n) % m;
            int col = i % n;
            if (lower ? col - row > k : col - row < k) {
                out[i] = 0;
            }
        }
        return new NdArray(sh, out);
    }

    private static NdArray grid(List<NdArray> in, String indexing, int which) {
        NdArray x = in.get(0);
        NdArray y = in.get(1);
        boolean xy = indexing.equals("xy");
        int rows = xy ? y.size() : x.size();
        int cols = xy ? x.size() : y.size();
        NdArray out = NdArray.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = xy ? (which == 0 ? x.data()[j] : y.data()[i]) : (which == 0 ? x.data()[i] : y.data()[j]);
                out.set(v, i, j);
            }
        }
        return out;
    }
}
