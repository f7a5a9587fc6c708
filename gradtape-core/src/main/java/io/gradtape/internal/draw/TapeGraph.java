package io.gradtape.internal.draw;

import io.gradtape.Tensor;
import io.gradtape.Variable;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.autodiff.PathAnalysis;
import io.gradtape.internal.autodiff.Tape;
import io.gradtape.internal.autodiff.TapeEntry;
import io.gradtape.internal.ops.Primitive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The graph a drawing shows, built from the entries of one or more tapes; the writers ({@link DotWriter},
 * {@link MermaidWriter}, {@link HtmlPage}) only lay it out as text.
 *
 * <p>Terms: a <em>node</em> stands for one tensor: the output of a recorded op, a watched tensor, a variable (all
 * its reads on the tape are folded into it), or a constant that a recorded op read but no tape watches. An
 * <em>edge</em> goes from an op's input to the op, once per use; it is <em>cut</em> when no gradient can pass
 * along it (from a constant, a {@code stopGradient}, an integer or bool tensor, or an op without gradient). A node's
 * <em>tapes</em> are the tapes that recorded it (several when tapes nest); its <em>adjoints</em>, one per tape, are
 * the gradients that flowed into it during that tape's last {@code gradient} call.
 *
 * <p>Algorithm:
 * <ol>
 *   <li><b>Merge</b>: the entries of all tapes, each once (an entry may sit on several tapes), in execution order
 *       (by their output's id, which grows with time).</li>
 *   <li><b>Collapse</b>, only when there are more ops than the cap: find tandem repeats in the sequence of op
 *       signatures (op, dtype, shape, and for each input how far back its producer is, or what kind of leaf it is),
 *       greedily from the start, periods up to {@value #MAX_PERIOD} ops, at least 3 repetitions. Of a repeat the
 *       first and the last iteration are drawn and the ones between become one box that says what it holds.</li>
 *   <li><b>Cap</b>: if more than {@code maxNodes} boxes remain, the earliest are folded into one box that counts
 *       the ops it stands for, by op name. The end of the tape (the targets) stays visible.</li>
 *   <li><b>Nodes and edges</b>: in execution order; a leaf gets its node when an op first reads it.</li>
 * </ol>
 */
public final class TapeGraph {
    static final int MAX_PERIOD = 32;
    /** What the drawing of a tape without entries says. */
    static final String EMPTY = "nothing recorded: no op used a watched tensor or variable";

    /** What a node stands for. */
    public enum Kind { WATCHED, VARIABLE, CONSTANT, OP, REPEAT, OMITTED }

    /** One box of the drawing. */
    public static final class Node {
        final int index;
        final Kind kind;
        /** The op (OP only). */
        final Primitive op;
        /** The tensor whose value is shown (for a variable, its first read); null for REPEAT and OMITTED. */
        final Tensor value;
        /** The id its adjoints are found under (for a variable, its handle). */
        final long id;
        final String name;
        int tapes;
        final Tensor[] adjoints;
        /** OP: whether no gradient passes through the op ({@code PathAnalysis.cuts}). */
        boolean cuts;
        /** REPEAT and OMITTED: the number of ops folded in and what they are. */
        int count;
        String summary;

        Node(int index, Kind kind, Primitive op, Tensor value, long id, String name, int tapeCount) {
            this.index = index;
            this.kind = kind;
            this.op = op;
            this.value = value;
            this.id = id;
            this.name = name;
            this.adjoints = new Tensor[tapeCount];
        }

        /** Whether a gradient can leave this node toward its consumers. */
        boolean passesGradient() {
            return switch (kind) {
                case CONSTANT -> false;
                case WATCHED, VARIABLE -> value.dtype().isFloating();
                case OP -> !cuts;
                case REPEAT, OMITTED -> true;
            };
        }
    }

    /**
     * @param from the input's node
     * @param to   the op's node
     * @param cut  no gradient passes along it
     */
    public record Edge(int from, int to, boolean cut) {
    }

    final List<Node> nodes = new ArrayList<>();
    final List<Edge> edges = new ArrayList<>();
    final int tapeCount;
    /** The format of a tensor's full value (NumPy's printing). */
    final Function<Tensor, String> format;
    /** A tensor's name, or null. */
    private final Function<Tensor, String> names;

    private TapeGraph(int tapeCount, Function<Tensor, String> format, Function<Tensor, String> names) {
        this.tapeCount = tapeCount;
        this.format = format;
        this.names = names;
    }

    /**
     * Builds the graph of {@code tapes} (outermost first).
     *
     * @param adjoints per tape, tensor id to the gradient that flowed into it, or null
     * @param maxNodes the cap on op boxes (at least 3)
     * @param format   a tensor's full value as text
     * @param names    names given for this drawing (identity), before those of {@code Tensor.named}
     */
    public static TapeGraph build(List<Tape> tapes, List<Map<Long, Tensor>> adjoints, int maxNodes,
                                  Function<Tensor, String> format, Map<Tensor, String> names) {
        TapeGraph g = new TapeGraph(tapes.size(), format, t -> {
            String n = names.get(t);
            return n != null ? n : Names.get(t);
        });
        IdentityHashMap<TapeEntry, Integer> masks = new IdentityHashMap<>();
        ArrayList<TapeEntry> all = new ArrayList<>();
        for (int k = 0; k < tapes.size(); k++) {
            for (TapeEntry e : tapes.get(k).entries()) {
                if (e == null) {
                    continue;
                }
                Integer before = masks.get(e);
                if (before == null) {
                    all.add(e);
                }
                masks.put(e, (before == null ? 0 : before) | 1 << k);
            }
        }
        all.sort(Comparator.comparingLong(e -> TensorAccess.id(e.output())));
        g.add(tapes, adjoints, all, masks, maxNodes);
        return g;
    }

    private void add(List<Tape> tapes, List<Map<Long, Tensor>> adjoints, List<TapeEntry> all,
                     IdentityHashMap<TapeEntry, Integer> masks, int maxNodes) {
        // reads fold into their variable: only the other entries are boxes
        ArrayList<TapeEntry> ops = new ArrayList<>();
        for (TapeEntry e : all) {
            if (e.op() != Primitive.READ_VARIABLE) {
                ops.add(e);
            }
        }
        int n = ops.size();
        int[] fold = new int[n]; // -1: drawn; otherwise the index of the unit it is folded into
        Arrays.fill(fold, -1);
        ArrayList<int[]> units = new ArrayList<>(); // {start, end, kind: 0 single, 1 repeat body, period}
        if (n > maxNodes) {
            String[] sig = signatures(ops);
            int i = 0;
            while (i < n) {
                int bestP = 0;
                int bestR = 1;
                for (int p = 1; p <= MAX_PERIOD && i + 3 * p <= n; p++) {
                    int r = 1;
                    while (i + (r + 1) * p <= n && same(sig, i, i + r * p, p)) {
                        r++;
                    }
                    if (r >= 3 && (long) p * r > (long) bestP * bestR) {
                        bestP = p;
                        bestR = r;
                    }
                }
                if (bestP == 0) {
                    units.add(new int[] {i, i + 1, 0, 0});
                    i++;
                } else {
                    for (int k = i; k < i + bestP; k++) {
                        units.add(new int[] {k, k + 1, 0, 0});
                    }
                    units.add(new int[] {i + bestP, i + (bestR - 1) * bestP, 1, bestP});
                    for (int k = i + (bestR - 1) * bestP; k < i + bestR * bestP; k++) {
                        units.add(new int[] {k, k + 1, 0, 0});
                    }
                    i += bestP * bestR;
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                units.add(new int[] {i, i + 1, 0, 0});
            }
        }
        int omittedUnits = units.size() > maxNodes ? units.size() - maxNodes + 1 : 0;

        HashMap<Long, Integer> nodeOf = new HashMap<>();
        // a variable's reads (any entry) map to the variable's node, made when first read by a drawn op
        HashMap<Long, TapeEntry> readOf = new HashMap<>();
        for (TapeEntry e : all) {
            if (e.op() == Primitive.READ_VARIABLE) {
                readOf.put(TensorAccess.id(e.output()), e);
            }
        }
        java.util.HashSet<Edge> folded = new java.util.HashSet<>();
        Node omitted = null;
        LinkedHashMap<String, Integer> omittedOps = new LinkedHashMap<>();
        for (int u = 0; u < units.size(); u++) {
            int[] unit = units.get(u);
            Node box;
            boolean single = unit[2] == 0 && u >= omittedUnits;
            if (u < omittedUnits) {
                if (omitted == null) {
                    omitted = node(Kind.OMITTED, null, null, 0, tapes.size());
                }
                box = omitted;
            } else if (unit[2] == 1) {
                box = node(Kind.REPEAT, null, null, 0, tapes.size());
                int reps = (unit[1] - unit[0]) / unit[3];
                box.count = unit[1] - unit[0];
                StringBuilder body = new StringBuilder();
                for (int k = unit[0]; k < unit[0] + unit[3]; k++) {
                    body.append(k > unit[0] ? " \u2192 " : "").append(ops.get(k).op().opName());
                }
                box.summary = (unit[3] == 1 ? body + " \u00d7" + reps : "(" + body + ") \u00d7" + reps) + " (folded)";
            } else {
                box = null;
            }
            for (int k = unit[0]; k < unit[1]; k++) {
                TapeEntry e = ops.get(k);
                Tensor[] inputs = e.inputs();
                int[] from = new int[inputs.length];
                for (int j = 0; j < inputs.length; j++) {
                    Integer known = nodeOf.get(TensorAccess.id(inputs[j]));
                    if (known == null && box != null && box == omitted) {
                        from[j] = -1; // leaves read only by left-out ops are left out too
                    } else {
                        from[j] = known != null ? known : leaf(inputs[j], readOf, masks, tapes, nodeOf).index;
                    }
                }
                Node target = box;
                if (single) {
                    Tensor out = e.output();
                    target = node(Kind.OP, e.op(), out, TensorAccess.id(out), tapes.size());
                    target.cuts = PathAnalysis.cuts(e);
                } else if (box == omitted) {
                    omittedOps.merge(e.op().opName(), 1, Integer::sum);
                    omitted.count++;
                }
                target.tapes |= masks.get(e);
                for (int j = 0; j < inputs.length; j++) {
                    if (from[j] < 0 || from[j] == target.index) {
                        continue;
                    }
                    Node source = nodes.get(from[j]);
                    Edge edge = new Edge(from[j], target.index, !source.passesGradient());
                    if (target.kind == Kind.OP || folded.add(edge)) {
                        edges.add(edge);
                    }
                }
                nodeOf.put(TensorAccess.id(e.output()), target.index);
            }
        }
        if (omitted != null) {
            StringBuilder s = new StringBuilder();
            omittedOps.forEach((op, c) -> s.append(s.length() == 0 ? "" : ", ").append(op).append(" \u00d7").append(c));
            omitted.summary = omitted.count + " earlier ops left out (" + s + ")";
        }
        for (Node node : nodes) {
            for (int k = 0; k < tapes.size(); k++) {
                Map<Long, Tensor> a = adjoints.get(k);
                if (a != null && node.value != null) {
                    node.adjoints[k] = a.get(node.id);
                }
            }
        }
    }

    // ---- labels, shared by the writers ---------------------------------------------------------

    /** The first line: a name and op ({@code w3 = mul}), a leaf's name or kind, or what a folded box holds. */
    String title(Node n) {
        return switch (n.kind) {
            case OP -> n.name != null ? n.name + " = " + n.op.opName() : n.op.opName();
            case WATCHED -> n.name != null ? n.name : "watched";
            case VARIABLE -> n.name != null ? n.name : "variable";
            case CONSTANT -> n.name != null ? n.name : "constant";
            case REPEAT, OMITTED -> n.summary;
        };
    }

    /** The lines under the title: dtype and shape, value, gradients, and why no gradient passes. */
    List<String> details(Node n) {
        List<String> lines = new ArrayList<>();
        if (n.value == null) {
            lines.add(n.kind == Kind.REPEAT ? n.count + " ops between the first and the last" : "not drawn");
            return lines;
        }
        lines.add(n.value.dtype() + " " + n.value.shape());
        lines.add("value " + shortValue(n.value));
        for (int k = 0; k < tapeCount; k++) {
            if (n.adjoints[k] != null) {
                lines.add(gradLabel(k) + " " + shortValue(n.adjoints[k]));
            }
        }
        String why = whyNoGradient(n);
        if (why != null) {
            lines.add(why);
        }
        return lines;
    }

    String gradLabel(int tape) {
        return tapeCount == 1 ? "grad" : "grad (tape " + (tape + 1) + ")";
    }

    /** Why no gradient leaves this node, or null when one can. */
    String whyNoGradient(Node n) {
        if (n.kind == Kind.CONSTANT) {
            return "not watched";
        }
        if (n.value == null) {
            return null;
        }
        if (!n.value.dtype().isFloating()) {
            return "no gradient (" + n.value.dtype() + ")";
        }
        if (n.kind == Kind.OP && n.op == Primitive.STOP_GRADIENT) {
            return "gradient stopped";
        }
        if (n.kind == Kind.OP && n.cuts) {
            return "no gradient";
        }
        return null;
    }

    /** The value, in full up to 4 elements, else its range ({@code in [min, max]}). */
    String shortValue(Tensor t) {
        if (t.size() <= 4) {
            return format.apply(t).replaceAll("\\s*\n\\s*", " ");
        }
        if (t.dtype() == io.gradtape.DType.BOOL) {
            return "of " + t.size() + " bools";
        }
        double[] v = t.toDoubleArray();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        return "in [" + compact(min) + ", " + compact(max) + "]";
    }

    private static String compact(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(java.util.Locale.ROOT, "%.4g", d);
    }

    /** The rule text of an op node (its op and VJP), or null. */
    String rule(Node n) {
        return n.kind == Kind.OP ? RuleText.of(n.op) : null;
    }

    private Node leaf(Tensor in, Map<Long, TapeEntry> readOf, IdentityHashMap<TapeEntry, Integer> masks,
                      List<Tape> tapes, Map<Long, Integer> nodeOf) {
        long id = TensorAccess.id(in);
        TapeEntry read = readOf.get(id);
        if (read != null) {
            Tensor handle = read.inputs()[0];
            Integer known = nodeOf.get(TensorAccess.id(handle));
            Node v = known != null ? nodes.get(known)
                    : node(Kind.VARIABLE, null, in, TensorAccess.id(handle), tapes.size(), names.apply(handle));
            v.tapes |= masks.get(read);
            nodeOf.put(TensorAccess.id(handle), v.index);
            nodeOf.put(id, v.index);
            return v;
        }
        int mask = 0;
        for (int k = 0; k < tapes.size(); k++) {
            if (tapes.get(k).tracks(in)) {
                mask |= 1 << k;
            }
        }
        Node leaf = node(mask != 0 ? (in instanceof Variable ? Kind.VARIABLE : Kind.WATCHED) : Kind.CONSTANT, null,
                in, id, tapes.size());
        leaf.tapes = mask;
        nodeOf.put(id, leaf.index);
        return leaf;
    }

    private Node node(Kind kind, Primitive op, Tensor value, long id, int tapeCount) {
        return node(kind, op, value, id, tapeCount, value == null ? null : names.apply(value));
    }

    private Node node(Kind kind, Primitive op, Tensor value, long id, int tapeCount, String name) {
        Node node = new Node(nodes.size(), kind, op, value, id, name, tapeCount);
        nodes.add(node);
        return node;
    }

    /** Each op's signature: op, dtype, shape, and per input the distance back to its producer or the leaf's kind. */
    private static String[] signatures(List<TapeEntry> ops) {
        HashMap<Long, Integer> position = new HashMap<>();
        String[] sig = new String[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            TapeEntry e = ops.get(i);
            StringBuilder s = new StringBuilder().append(e.op().ordinal()).append(' ')
                    .append(e.output().dtype()).append(e.output().shape());
            for (Tensor in : e.inputs()) {
                Integer p = position.get(TensorAccess.id(in));
                s.append(' ').append(p == null ? "leaf" : i - p <= 4 * MAX_PERIOD ? Integer.toString(i - p) : "far");
            }
            sig[i] = s.toString();
            position.put(TensorAccess.id(e.output()), i);
        }
        return sig;
    }

    private static boolean same(String[] sig, int a, int b, int len) {
        for (int k = 0; k < len; k++) {
            if (!sig[a + k].equals(sig[b + k])) {
                return false;
            }
        }
        return true;
    }
}
