package io.gradtape.internal.ops;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Arrays;
import java.util.Objects;

import static io.gradtape.Tensors.*;
import static io.gradtape.internal.ops.Support.*;

/**
 * Einstein summation for one or two operands: the equation is parsed, labels of one operand only are summed
 * away, and the rest becomes one batched matmul ({@code (batch, rows, contracted) @ (batch, contracted, cols)})
 * between transposes and reshapes, so einsum has no derivative rule of its own. The public entry points are documented on {@code Tensors}.
 */
public final class Einsum {
    final String equation;
    final String[] inputs;
    final String output;

    private Einsum(String equation, String[] inputs, String output) {
        this.equation = equation;
        this.inputs = inputs;
        this.output = output;
    }

    static Einsum parse(String equation, int operands) {
        String eq = equation.replace(" ", "");
        String lhs;
        String out = null;
        int arrow = eq.indexOf("->");
        if (arrow >= 0) {
            lhs = eq.substring(0, arrow);
            out = eq.substring(arrow + 2);
        } else {
            lhs = eq;
        }
        String[] in = lhs.split(",", -1);
        if (in.length != operands) {
            throw bad(equation, "it names " + in.length + " operand(s) but " + operands + " were given");
        }
        if (eq.contains(".")) {
            throw bad(equation, "ellipsis (...) is not supported");
        }
        for (String s : in) {
            check(equation, s);
        }
        if (out == null) {
            StringBuilder sb = new StringBuilder();
            for (char c = 'A'; c <= 'z'; c++) {
                if (Character.isLetter(c) && (lhs.indexOf(c) >= 0) && lhs.indexOf(c) == lhs.lastIndexOf(c)) {
                    sb.append(c);
                }
            }
            out = sb.toString();
        }
        check(equation, out);
        for (char c : out.toCharArray()) {
            if (lhs.indexOf(c) < 0) {
                throw bad(equation, "output label '" + c + "' does not appear in any input");
            }
        }
        return new Einsum(equation, in, out);
    }

    private static void check(String equation, String labels) {
        for (int i = 0; i < labels.length(); i++) {
            char c = labels.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                throw bad(equation, "'" + c + "' is not a label (letters a-z, A-Z)");
            }
            if (labels.indexOf(c) != i) {
                throw bad(equation, "label '" + c + "' repeats within \"" + labels + "\" (diagonals and traces are not supported)");
            }
        }
    }

    private static IllegalArgumentException bad(String equation, String why) {
        return new IllegalArgumentException("einsum: equation \"" + equation + "\": " + why);
    }

    /** The size of every label (indexed by char), checking that operands agree. */
    int[] sizes(Tensor[] ts) {
        int[] dims = new int[128];
        Arrays.fill(dims, -1);
        for (int t = 0; t < ts.length; t++) {
            String in = inputs[t];
            if (in.length() != ts[t].rank()) {
                throw bad(equation, "operand " + t + " has shape " + ts[t].shape() + " but \"" + in + "\" names " + in.length() + " axes");
            }
            for (int i = 0; i < in.length(); i++) {
                char c = in.charAt(i);
                int d = ts[t].shape().dim(i);
                if (dims[c] >= 0 && dims[c] != d) {
                    throw bad(equation, "label '" + c + "' has size " + dims[c] + " and " + d + " (operand shapes "
                            + shapes(ts) + ")");
                }
                dims[c] = d;
            }
        }
        return dims;
    }

    private static String shapes(Tensor[] ts) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : ts) {
            sb.append(sb.length() == 0 ? "" : " and ").append(t.shape());
        }
        return sb.toString();
    }

    /** Positions in {@code labels} of the labels absent from {@code keep}. */
    int[] axesNotIn(String labels, String keep) {
        int[] r = new int[labels.length()];
        int n = 0;
        for (int i = 0; i < labels.length(); i++) {
            if (keep.indexOf(labels.charAt(i)) < 0) {
                r[n++] = i;
            }
        }
        return Arrays.copyOf(r, n);
    }

    /** The labels of {@code labels} that are in {@code other} ({@code keepIn}) or not in it. */
    String remove(String labels, String other, boolean keepIn) {
        StringBuilder sb = new StringBuilder();
        for (char c : labels.toCharArray()) {
            if ((other.indexOf(c) >= 0) == keepIn) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The labels of {@code a} that are also in {@code b}, in a's order. */
    String common(String a, String b) {
        return remove(a, b, true);
    }

    int size(String labels, int[] dims) {
        int s = 1;
        for (char c : labels.toCharArray()) {
            s *= dims[c];
        }
        return s;
    }

    /** {@code t}, labeled {@code from}, transposed to the order {@code to} (the same labels); no op if equal. */
    Tensor permute(Tensor t, String from, String to, int[] dims) {
        if (from.equals(to)) {
            return t;
        }
        int[] perm = new int[to.length()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = from.indexOf(to.charAt(i));
        }
        return transpose(t, perm);
    }



    public static Tensor einsum(String equation, Tensor a) {
        Objects.requireNonNull(equation, "einsum: equation is null");
        Objects.requireNonNull(a, "einsum: operand is null");
        Einsum e = Einsum.parse(equation, 1);
        int[] dims = e.sizes(new Tensor[] {a});
        String in = e.inputs[0];
        Tensor t = a;
        int[] sumAxes = e.axesNotIn(in, e.output);
        if (sumAxes.length > 0) {
            ShapeRules.requireNumeric("einsum", a);
            t = reduceSum(t, sumAxes);
        }
        String kept = e.remove(in, e.output, true);
        return e.permute(t, kept, e.output, dims);
    }

    public static Tensor einsum(String equation, Tensor a, Tensor b) {
        Objects.requireNonNull(equation, "einsum: equation is null");
        Objects.requireNonNull(a, "einsum: first operand is null");
        Objects.requireNonNull(b, "einsum: second operand is null");
        ShapeRules.sameDType("einsum", a, b); // checked here: the product below is a matmul, which would name itself
        ShapeRules.requireFloating("einsum", a);
        Einsum e = Einsum.parse(equation, 2);
        int[] dims = e.sizes(new Tensor[] {a, b});
        String ia = e.inputs[0];
        String ib = e.inputs[1];
        String out = e.output;
        // labels of one operand only and not in the output are summed away first
        Tensor ta = a;
        Tensor tb = b;
        int[] sa = e.axesNotIn(ia, ib + out);
        if (sa.length > 0) {
            ta = reduceSum(ta, sa);
            ia = e.remove(ia, ib + out, true);
        }
        int[] sb = e.axesNotIn(ib, ia + out);
        if (sb.length > 0) {
            tb = reduceSum(tb, sb);
            ib = e.remove(ib, ia + out, true);
        }
        String batch = e.common(e.common(ia, ib), out);
        String contracted = e.remove(e.common(ia, ib), out, false);
        String rows = e.remove(ia, batch + contracted, false);
        String cols = e.remove(ib, batch + contracted, false);
        int nb = e.size(batch, dims);
        int m = e.size(rows, dims);
        int k = e.size(contracted, dims);
        int n = e.size(cols, dims);
        Tensor ma = reshape(e.permute(ta, ia, batch + rows + contracted, dims), nb, m, k);
        Tensor mb = reshape(e.permute(tb, ib, batch + contracted + cols, dims), nb, k, n);
        Tensor prod = matmul(ma, mb);
        String got = batch + rows + cols;
        int[] gotDims = new int[got.length()];
        for (int i = 0; i < gotDims.length; i++) {
            gotDims[i] = dims[got.charAt(i)];
        }
        return e.permute(reshape(prod, gotDims), got, out, dims);
    }
}
