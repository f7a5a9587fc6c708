package io.gradtape.internal.draw;

import io.gradtape.internal.draw.TapeGraph.Node;

/**
 * The order in which {@link DotWriter} and {@link MermaidWriter} write nodes, written once: with one tape, every
 * node in turn; with several, a box per tape, each inside the one before it (outermost first), holding the nodes
 * whose innermost tape it is, and after the outermost box the nodes of no tape. Each writer says only how a box
 * opens and closes and how a node reads.
 */
final class Nesting {
    /** How one format writes a box and a node (to its own builder); {@code indent} is the line's leading spaces. */
    interface Format {
        void open(int tape, String label, String indent);

        void close(String indent);

        void node(Node n, String indent);
    }

    private Nesting() {
    }

    /** The nodes of {@code g}, in their boxes, two spaces in. */
    static void write(TapeGraph g, Format f) {
        if (g.tapeCount > 1) {
            box(g, f, 0, "  ");
            for (Node n : g.nodes) {
                if (n.tapes == 0) {
                    f.node(n, "  ");
                }
            }
        } else {
            for (Node n : g.nodes) {
                f.node(n, "  ");
            }
        }
    }

    private static void box(TapeGraph g, Format f, int tape, String indent) {
        String label = "tape " + (tape + 1)
                + (tape == 0 ? " (outermost)" : tape == g.tapeCount - 1 ? " (innermost)" : "");
        f.open(tape, label, indent);
        for (Node n : g.nodes) {
            if (n.tapes != 0 && innermost(n.tapes) == tape) {
                f.node(n, indent + "  ");
            }
        }
        if (tape + 1 < g.tapeCount) {
            box(g, f, tape + 1, indent + "  ");
        }
        f.close(indent);
    }

    /** The innermost tape of a bit mask of tapes (bit {@code t} for tape {@code t}, outermost 0). */
    static int innermost(int mask) {
        return 31 - Integer.numberOfLeadingZeros(mask);
    }
}
