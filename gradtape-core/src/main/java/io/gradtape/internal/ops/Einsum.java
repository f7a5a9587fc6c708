package io.gradtape.internal.ops;

import io.gradtape.Linalg;
import io.gradtape.Tensor;

import java.util.Arrays;
import java.util.Objects;

import static io.gradtape.Tensors.*;

/**
 * Einstein summation for one or two operands, with TensorFlow's equation language: letters as labels, one
 * ellipsis ({@code ...}) per subscript for broadcast axes, a label repeated within one operand for its diagonal,
 * and an implicit output (no {@code ->}) of the ellipsis axes then the labels that occur once, alphabetically.
 *
 * <p>The equation is first reduced to one without ellipses or repeats: each ellipsis becomes internal labels (one
 * per broadcast axis, right-aligned across the operands, as TensorFlow's {@code InsertBroadcastLabels}), a size-1
 * broadcast axis is broadcast to the other operand's size, and a repeated label becomes its diagonal
 * ({@code Linalg.diagPart} of the pair of axes moved last, which picks the entries, so no infinity or NaN off the
 * diagonal gets in). Then labels of one operand only are summed away, and the rest becomes one batched
 * matmul ({@code (batch, rows, contracted) @ (batch, contracted, cols)}) between transposes and reshapes, so einsum
 * has no derivative rule of its own. The public entry points are documented on {@code Tensors}.
 */
public final class Einsum {
    /** The first internal label of the broadcast axes: beyond ASCII, so no letter can clash with it. */
    private static final char BROADCAST = '\u0100';
    private static final int LABELS = BROADCAST + 128;

    final String equation;
    /** Per operand: its labels, with each ellipsis replaced by internal labels; repeats still in. */
    final String[] inputs;
    /** The output's labels, with the ellipsis replaced. */
    final String output;
    /** The size of every label (indexed by char), broadcast over the operands for the internal labels. */
    final int[] dims;

    private Einsum(String equation, String[] inputs, String output, int[] dims) {
        this.equation = equation;
        this.inputs = inputs;
        this.output = output;
        this.dims = dims;
    }

    /** Parses {@code equation} against the operands, checking every label, rank and size. */
    static Einsum parse(String equation, Tensor[] ts) {
        String eq = equation.replace(" ", "");
        String lhs = eq;
        String out = null;
        int arrow = eq.indexOf("->");
        if (arrow >= 0) {
            lhs = eq.substring(0, arrow);
            out = eq.substring(arrow + 2);
            if (out.contains("->")) {
                throw bad(equation, "it has more than one \"->\"");
            }
        }
        String[] in = lhs.split(",", -1);
        if (in.length != ts.length) {
            throw bad(equation, "it names " + in.length + " operand(s) but " + ts.length + " were given");
        }
        // the number of axes each ellipsis stands for, and their broadcast sizes (right-aligned)
        int[] ellipsisAxes = new int[ts.length];
        int broadcastRank = 0;
        boolean anyEllipsis = false;
        for (int t = 0; t < ts.length; t++) {
            int named = labelsOf(equation, in[t]).length();
            boolean ellipsis = in[t].contains("...");
            anyEllipsis |= ellipsis;
            int rank = ts[t].rank();
            if (!ellipsis && rank != named) {
                throw bad(equation, "operand " + t + " has shape " + ts[t].shape() + " but \"" + in[t] + "\" names " + named + " axes");
            }
            if (ellipsis && rank < named) {
                throw bad(equation, "operand " + t + " has shape " + ts[t].shape() + " but \"" + in[t] + "\" names " + named
                        + " axes besides the ellipsis");
            }
            ellipsisAxes[t] = ellipsis ? rank - named : 0;
            broadcastRank = Math.max(broadcastRank, ellipsisAxes[t]);
        }
        if (broadcastRank > LABELS - BROADCAST) {
            throw bad(equation, "an ellipsis stands for " + broadcastRank + " axes, more than " + (LABELS - BROADCAST));
        }
        String allBroadcast = broadcastLabels(broadcastRank, broadcastRank);
        String[] labels = new String[ts.length];
        for (int t = 0; t < ts.length; t++) {
            labels[t] = in[t].replace("...", broadcastLabels(ellipsisAxes[t], broadcastRank));
        }
        if (out == null) {
            StringBuilder sb = new StringBuilder(anyEllipsis ? allBroadcast : "");
            for (char c = 'A'; c <= 'z'; c++) {
                if (Character.isLetter(c) && lhs.indexOf(c) >= 0 && lhs.indexOf(c) == lhs.lastIndexOf(c)) {
                    sb.append(c);
                }
            }
            out = sb.toString();
        } else {
            String named = labelsOf(equation, out);
            for (int i = 0; i < named.length(); i++) {
                char c = named.charAt(i);
                if (named.indexOf(c) != i) {
                    throw bad(equation, "output label '" + c + "' repeats (an output diagonal is not supported)");
                }
                if (lhs.indexOf(c) < 0) {
                    throw bad(equation, "output label '" + c + "' does not appear in any input");
                }
            }
            if (!out.contains("...") && broadcastRank > 0) {
                throw bad(equation, "the ellipsis stands for " + broadcastRank + " axes (operand shapes " + shapes(ts)
                        + ") but the output has no ellipsis to keep them (as TensorFlow, they are not summed)");
            }
            out = out.replace("...", allBroadcast);
        }
        return new Einsum(equation, labels, out, sizes(equation, labels, ts));
    }

    /** The labels of one subscript without its ellipsis, checked: letters only, at most one {@code ...}. */
    private static String labelsOf(String equation, String subscript) {
        int e = subscript.indexOf("...");
        String rest = e < 0 ? subscript : subscript.substring(0, e) + subscript.substring(e + 3);
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '.') {
                throw bad(equation, "\"" + subscript + "\" has a '.' that is not part of one ellipsis (...)");
            }
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                throw bad(equation, "'" + c + "' is not a label (letters a-z, A-Z)");
            }
        }
        return rest;
    }

    /** The internal labels of the last {@code count} of {@code total} broadcast axes. */
    private static String broadcastLabels(int count, int total) {
        StringBuilder sb = new StringBuilder();
        for (int j = total - count; j < total; j++) {
            sb.append((char) (BROADCAST + j));
        }
        return sb.toString();
    }

    private static boolean isBroadcast(char c) {
        return c >= BROADCAST;
    }

    /**
     * The size of every label: a letter must have one size everywhere (also where it repeats within an operand),
     * a broadcast axis may be 1 in one operand and n in the other (TensorFlow's matmul broadcasting).
     */
    private static int[] sizes(String equation, String[] labels, Tensor[] ts) {
        int[] dims = new int[LABELS];
        Arrays.fill(dims, -1);
        for (int t = 0; t < ts.length; t++) {
            String in = labels[t];
            for (int i = 0; i < in.length(); i++) {
                char c = in.charAt(i);
                int d = ts[t].shape().dim(i);
                if (dims[c] < 0 || isBroadcast(c) && dims[c] == 1) {
                    dims[c] = d;
                } else if (dims[c] != d && !(isBroadcast(c) && d == 1)) {
                    throw bad(equation, isBroadcast(c)
                            ? "the axes under the ellipsis do not broadcast (operand shapes " + shapes(ts) + ")"
                            : "label '" + c + "' has size " + dims[c] + " and " + d + " (operand shapes " + shapes(ts) + ")");
                }
            }
        }
        return dims;
    }

    private static IllegalArgumentException bad(String equation, String why) {
        return new IllegalArgumentException("einsum: equation \"" + equation + "\": " + why);
    }

    private static String shapes(Tensor[] ts) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : ts) {
            sb.append(sb.length() == 0 ? "" : " and ").append(t.shape());
        }
        return sb.toString();
    }

    /**
     * Operand {@code t} with a diagonal taken for every repeated label and its size-1 broadcast axes broadcast to
     * their full size; returns the tensor and writes its (now distinct) labels to {@code labelsOut[0]}.
     */
    private Tensor prepare(Tensor x, String labels, String[] labelsOut) {
        Tensor t = x;
        String s = labels;
        for (int p = 0; p < s.length(); p++) {
            int q = s.indexOf(s.charAt(p), p + 1);
            if (q < 0) {
                continue;
            }
            // move the pair (p, q) last and take its diagonal, labeled once (Linalg.diagPart picks the entries, so
            // no infinity or NaN off the diagonal gets in)
            int r = s.length();
            int[] perm = new int[r];
            StringBuilder rest = new StringBuilder();
            int k = 0;
            for (int i = 0; i < r; i++) {
                if (i != p && i != q) {
                    perm[k++] = i;
                    rest.append(s.charAt(i));
                }
            }
            perm[r - 2] = p;
            perm[r - 1] = q;
            t = Linalg.diagPart(transpose(t, perm));
            s = rest.append(s.charAt(p)).toString();
            p = -1; // start over: the labels moved
        }
        int[] full = t.shape().dims();
        boolean grow = false;
        for (int i = 0; i < s.length(); i++) {
            if (full[i] != dims[s.charAt(i)]) {
                full[i] = dims[s.charAt(i)]; // a size-1 broadcast axis
                grow = true;
            }
        }
        labelsOut[0] = s;
        return grow ? broadcastTo(t, full) : t;
    }

    /** Positions in {@code labels} of the labels absent from {@code keep}. */
    static int[] axesNotIn(String labels, String keep) {
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
    static String remove(String labels, String other, boolean keepIn) {
        StringBuilder sb = new StringBuilder();
        for (char c : labels.toCharArray()) {
            if ((other.indexOf(c) >= 0) == keepIn) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The labels of {@code a} that are also in {@code b}, in a's order. */
    static String common(String a, String b) {
        return remove(a, b, true);
    }

    int size(String labels) {
        int s = 1;
        for (char c : labels.toCharArray()) {
            s *= dims[c];
        }
        return s;
    }

    /** {@code t}, labeled {@code from}, transposed to the order {@code to} (the same labels); no op if equal. */
    static Tensor permute(Tensor t, String from, String to) {
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
        Einsum e = Einsum.parse(equation, new Tensor[] {a});
        String[] labels = new String[1];
        Tensor t = e.prepare(a, e.inputs[0], labels);
        String in = labels[0];
        int[] sumAxes = axesNotIn(in, e.output);
        if (sumAxes.length > 0) {
            ShapeRules.requireNumeric("einsum", a);
            t = reduceSum(t, sumAxes);
        }
        String kept = remove(in, e.output, true);
        return permute(t, kept, e.output);
    }

    public static Tensor einsum(String equation, Tensor a, Tensor b) {
        Objects.requireNonNull(equation, "einsum: equation is null");
        Objects.requireNonNull(a, "einsum: first operand is null");
        Objects.requireNonNull(b, "einsum: second operand is null");
        ShapeRules.sameDType("einsum", a, b); // checked here: the product below is a matmul, which would name itself
        ShapeRules.requireFloating("einsum", a);
        Einsum e = Einsum.parse(equation, new Tensor[] {a, b});
        String[] labels = new String[1];
        Tensor ta = e.prepare(a, e.inputs[0], labels);
        String ia = labels[0];
        Tensor tb = e.prepare(b, e.inputs[1], labels);
        String ib = labels[0];
        String out = e.output;
        // labels of one operand only and not in the output are summed away first
        int[] sa = axesNotIn(ia, ib + out);
        if (sa.length > 0) {
            ta = reduceSum(ta, sa);
            ia = remove(ia, ib + out, true);
        }
        int[] sb = axesNotIn(ib, ia + out);
        if (sb.length > 0) {
            tb = reduceSum(tb, sb);
            ib = remove(ib, ia + out, true);
        }
        String batch = common(common(ia, ib), out);
        String contracted = remove(common(ia, ib), out, false);
        String rows = remove(ia, batch + contracted, false);
        String cols = remove(ib, batch + contracted, false);
        int nb = e.size(batch);
        int m = e.size(rows);
        int k = e.size(contracted);
        int n = e.size(cols);
        Tensor ma = reshape(permute(ta, ia, batch + rows + contracted), nb, m, k);
        Tensor mb = reshape(permute(tb, ib, batch + contracted + cols), nb, k, n);
        Tensor prod = matmul(ma, mb);
        String got = batch + rows + cols;
        int[] gotDims = new int[got.length()];
        for (int i = 0; i < gotDims.length; i++) {
            gotDims[i] = e.dims[got.charAt(i)];
        }
        return permute(reshape(prod, gotDims), got, out);
    }
}
