package io.gradtape.internal.draw;

import io.gradtape.internal.draw.TapeGraph.Edge;
import io.gradtape.internal.draw.TapeGraph.Node;

import java.util.List;

/**
 * A {@link TapeGraph} as Graphviz DOT text, left to right. Watched tensors are blue ellipses, variables yellow
 * ellipses, unwatched constants dashed grey ellipses, ops white boxes (grey and dashed when no gradient leaves
 * them), folded repeats purple 3-d boxes, left-out ops a note. Edges along which no gradient passes are dashed
 * grey. When several tapes are drawn, each tape is a cluster inside the one before it (outermost first), and a
 * node sits in the innermost tape that recorded it.
 */
public final class DotWriter {
    private DotWriter() {
    }

    public static String write(TapeGraph g) {
        StringBuilder sb = new StringBuilder();
        sb.append("digraph tape {\n");
        sb.append("  rankdir=LR;\n");
        sb.append("  node [fontname=\"Helvetica\", fontsize=11];\n");
        sb.append("  edge [color=\"#374151\"];\n");
        if (g.nodes.isEmpty()) {
            sb.append("  label=\"").append(TapeGraph.EMPTY).append("\";\n");
        }
        Nesting.write(g, new Nesting.Format() {
            @Override
            public void open(int tape, String label, String indent) {
                sb.append(indent).append("subgraph cluster_tape").append(tape + 1).append(" {\n");
                sb.append(indent).append("  label=\"").append(label).append("\";\n");
                sb.append(indent).append("  style=rounded; color=\"#6b7280\"; fontname=\"Helvetica\"; fontsize=10;\n");
            }

            @Override
            public void close(String indent) {
                sb.append(indent).append("}\n");
            }

            @Override
            public void node(Node n, String indent) {
                DotWriter.node(sb, g, n, indent);
            }
        });
        for (Edge e : g.edges) {
            sb.append("  n").append(e.from()).append(" -> n").append(e.to());
            if (e.cut()) {
                sb.append(" [style=dashed, color=\"#9ca3af\"]");
            }
            sb.append(";\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    private static void node(StringBuilder sb, TapeGraph g, Node n, String indent) {
        List<String> lines = g.details(n);
        StringBuilder label = new StringBuilder(escape(g.title(n)));
        for (String l : lines) {
            label.append("\\n").append(escape(l));
        }
        sb.append(indent).append('n').append(n.index).append(" [label=\"").append(label).append("\", ")
                .append(style(g, n)).append("];\n");
    }

    private static String style(TapeGraph g, Node n) {
        return switch (n.kind) {
            case WATCHED -> "shape=ellipse, style=filled, fillcolor=\"#dbeafe\", color=\"#1d4ed8\"";
            case VARIABLE -> "shape=ellipse, style=filled, fillcolor=\"#fef3c7\", color=\"#b45309\"";
            case CONSTANT -> "shape=ellipse, style=dashed, color=\"#9ca3af\", fontcolor=\"#4b5563\"";
            case OP -> g.whyNoGradient(n) == null ? "shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\""
                    : "shape=box, style=\"rounded,filled,dashed\", fillcolor=\"#e5e7eb\", color=\"#6b7280\"";
            case REPEAT -> "shape=box3d, style=filled, fillcolor=\"#ede9fe\", color=\"#6d28d9\"";
            case OMITTED -> "shape=note, style=filled, fillcolor=\"#f3f4f6\", color=\"#6b7280\"";
        };
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
