package io.gradtape.internal.draw;

import io.gradtape.internal.draw.TapeGraph.Edge;
import io.gradtape.internal.draw.TapeGraph.Node;

/**
 * A {@link TapeGraph} as a Mermaid flowchart, left to right, with the labels and colours of {@link DotWriter}:
 * leaves are stadiums, ops boxes, folded repeats and left-out ops subroutine boxes; an edge that carries no
 * gradient is dotted ({@code -.->}). Nested tapes are nested subgraphs. Label text is quoted, with {@code "},
 * {@code <} and {@code >} as Mermaid's entity codes and lines joined by {@code <br/>}.
 */
public final class MermaidWriter {
    /** The colours of {@link DotWriter}, by class. */
    private static final java.util.Map<String, String> STYLES = new java.util.LinkedHashMap<>();

    static {
        STYLES.put("watched", "fill:#dbeafe,stroke:#1d4ed8");
        STYLES.put("variable", "fill:#fef3c7,stroke:#b45309");
        STYLES.put("constant", "fill:#ffffff,stroke:#9ca3af,stroke-dasharray:4 3,color:#4b5563");
        STYLES.put("op", "fill:#ffffff,stroke:#374151");
        STYLES.put("nograd", "fill:#e5e7eb,stroke:#6b7280,stroke-dasharray:4 3");
        STYLES.put("folded", "fill:#ede9fe,stroke:#6d28d9");
    }

    private MermaidWriter() {
    }

    public static String write(TapeGraph g) {
        StringBuilder sb = new StringBuilder("flowchart LR\n");
        if (g.nodes.isEmpty()) {
            sb.append("  empty[\"").append(TapeGraph.EMPTY).append("\"]\n");
        }
        Nesting.write(g, new Nesting.Format() {
            @Override
            public void open(int tape, String label, String indent) {
                sb.append(indent).append("subgraph tape").append(tape + 1).append(" [\"").append(label).append("\"]\n");
            }

            @Override
            public void close(String indent) {
                sb.append(indent).append("end\n");
            }

            @Override
            public void node(Node n, String indent) {
                MermaidWriter.node(sb, g, n, indent);
            }
        });
        for (Edge e : g.edges) {
            sb.append("  n").append(e.from()).append(e.cut() ? " -.-> n" : " --> n").append(e.to()).append('\n');
        }
        // one class line per style used: "class n0,n1 watched"
        java.util.Map<String, StringBuilder> members = new java.util.LinkedHashMap<>();
        for (String c : STYLES.keySet()) {
            members.put(c, new StringBuilder());
        }
        for (Node n : g.nodes) {
            StringBuilder m = members.get(cssClass(g, n));
            m.append(m.length() == 0 ? "n" : ",n").append(n.index);
        }
        members.forEach((c, m) -> {
            if (m.length() > 0) {
                sb.append("  classDef ").append(c).append(' ').append(STYLES.get(c)).append('\n');
                sb.append("  class ").append(m).append(' ').append(c).append('\n');
            }
        });
        return sb.toString();
    }

    private static void node(StringBuilder sb, TapeGraph g, Node n, String indent) {
        StringBuilder label = new StringBuilder(escape(g.title(n)));
        for (String l : g.details(n)) {
            label.append("<br/>").append(escape(l));
        }
        String[] shape = switch (n.kind) {
            case WATCHED, VARIABLE, CONSTANT -> new String[] {"([\"", "\"])"};
            case OP -> new String[] {"[\"", "\"]"};
            case REPEAT, OMITTED -> new String[] {"[[\"", "\"]]"};
        };
        sb.append(indent).append('n').append(n.index).append(shape[0]).append(label).append(shape[1]).append('\n');
    }

    private static String cssClass(TapeGraph g, Node n) {
        return switch (n.kind) {
            case WATCHED -> "watched";
            case VARIABLE -> "variable";
            case CONSTANT -> "constant";
            case OP -> g.whyNoGradient(n) == null ? "op" : "nograd";
            case REPEAT, OMITTED -> "folded";
        };
    }

    private static String escape(String s) {
        return s.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;").replace("\n", "<br/>");
    }
}
