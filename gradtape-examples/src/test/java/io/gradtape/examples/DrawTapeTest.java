package io.gradtape.examples;

import io.gradtape.GradientTape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The drawings of every example of the seed notebook ({@link DrawTape#notebookTapes()}): each node's label and each
 * edge of the DOT text, and the same graph in the Mermaid text. Labels are name (or op), dtype and shape, value,
 * the adjoint of the example's last gradient call, and why no gradient passes; {@code ~>} marks a dashed edge.
 */
class DrawTapeTest {
    private final Map<String, GradientTape> tapes = DrawTape.notebookTapes();

    @Test
    void in2FirstExample() {
        assertGraph("2", List.of(
                "x | float32 () | value 3.0 | grad 6.0",
                "y = mul | float32 () | value 9.0 | grad 1.0"), List.of(
                "x -> y = mul", "x -> y = mul"));
    }

    @Test
    void in5NothingWatchedNothingRecorded() {
        assertGraph("5", List.of(), List.of());
        assertTrue(tapes.get("5").toDot().contains("label=\"nothing recorded: no op used a watched tensor or variable\""));
        assertTrue(tapes.get("5").toMermaid().contains("empty[\"nothing recorded: no op used a watched tensor or variable\"]"));
    }

    @Test
    void in7VariableWatchedOnRead() {
        assertGraph("7", List.of(
                "x | float32 () | value 3.0 | grad 6.0",
                "y = mul | float32 () | value 9.0 | grad 1.0"), List.of(
                "x -> y = mul", "x -> y = mul"));
        assertTrue(tapes.get("7").toDot().contains("fillcolor=\"#fef3c7\""), "drawn as a variable");
    }

    @Test
    void in10PersistentTapeShowsTheLastCall() {
        assertGraph("10", List.of(
                "x | float32 () | value 3.0 | grad 6.0",
                "y = mul | float32 () | value 9.0 | grad 1.0",
                "z = mul | float32 () | value 81.0"), List.of(
                "x -> y = mul", "x -> y = mul", "y = mul -> z = mul", "y = mul -> z = mul"));
    }

    @Test
    void in15IntermediateSource() {
        assertGraph("15", List.of(
                "x | float32 () | value 3.0",
                "y = mul | float32 () | value 9.0 | grad 18.0",
                "z = mul | float32 () | value 81.0 | grad 1.0"), List.of(
                "x -> y = mul", "x -> y = mul", "y = mul -> z = mul", "y = mul -> z = mul"));
    }

    @Test
    void in17TheLectureGraph() {
        assertGraph("17", List.of(
                "x1 | float32 () | value 1.0 | grad 2.7635465",
                "x2 | float32 () | value 2.0 | grad 0.84147096",
                "w3 = mul | float32 () | value 2.0 | grad 0.84147096",
                "w4 = sin | float32 () | value 0.84147096 | grad 2.0",
                "w5 = mul | float32 () | value 1.6829419 | grad 1.0"), List.of(
                "x1 -> w3 = mul", "x2 -> w3 = mul", "x1 -> w4 = sin", "w3 = mul -> w5 = mul", "w4 = sin -> w5 = mul"));
    }

    @Test
    void in20OnlyTheWatchedVariable() {
        assertGraph("20", List.of(
                "variable_a | float32 () | value 2.0 | grad 4.0",
                "constant | float32 () | value 2.0 | not watched",
                "y = pow | float32 () | value 4.0 | grad 1.0"), List.of(
                "variable_a -> y = pow", "constant ~> y = pow"));
    }

    @Test
    void in24ALoopOfThreeProducts() {
        assertGraph("24", List.of(
                "constant | float32 () | value 1.0 | not watched",
                "x | float32 () | value 2.0 | grad 12.0",
                "mul | float32 () | value 2.0 | grad 4.0",
                "mul | float32 () | value 4.0 | grad 2.0",
                "out = mul | float32 () | value 8.0 | grad 1.0"), List.of(
                "constant ~> mul", "x -> mul", "mul -> mul", "x -> mul", "mul -> out = mul", "x -> out = mul"));
    }

    @Test
    void in25TheOtherBranch() {
        assertGraph("25", List.of(
                "x | float32 () | value 2.0 | grad 3.0",
                "add | float32 () | value 4.0 | grad 1.0",
                "out = add | float32 () | value 6.0 | grad 1.0"), List.of(
                "x -> add", "x -> add", "add -> out = add", "x -> out = add"));
    }

    @Test
    void in26SixProducts() {
        List<String> labels = labels(tapes.get("26").toDot());
        assertEquals(8, labels.size());
        assertEquals("x | float32 () | value 2.0 | grad 192.0", labels.get(1));
        String[] values = {"2.0", "4.0", "8.0", "16.0", "32.0", "64.0"};
        String[] grads = {"32.0", "16.0", "8.0", "4.0", "2.0", "1.0"};
        for (int i = 0; i < 6; i++) {
            assertEquals((i == 5 ? "out = mul" : "mul") + " | float32 () | value " + values[i] + " | grad " + grads[i],
                    labels.get(2 + i));
        }
        assertMermaidMatchesDot(tapes.get("26"));
    }

    @Test
    void theReadmeShowsTheLectureGraphAsDrawn() throws Exception {
        java.nio.file.Path root = JShellNotebookTest.repositoryRoot();
        String readme = java.nio.file.Files.readString(root.resolve("README.md"));
        String block = readme.substring(readme.indexOf("```mermaid\n") + "```mermaid\n".length());
        block = block.substring(0, block.indexOf("```\n"));
        assertEquals(DrawTape.lecture().toMermaid(), block, "README's Mermaid block: regenerate it with DrawTape");
        assertTrue(java.nio.file.Files.isRegularFile(root.resolve("docs/images/lecture-graph.svg")));
        String svg = java.nio.file.Files.readString(root.resolve("docs/images/lecture-graph.svg"));
        for (String label : labels(DrawTape.lecture().toDot())) {
            for (String line : label.split(" \\| ")) {
                assertTrue(svg.contains(">" + line + "<"), line + " in docs/images/lecture-graph.svg: regenerate it with DrawTape");
            }
        }
    }

    private void assertGraph(String cell, List<String> labels, List<String> edges) {
        GradientTape t = tapes.get(cell);
        String dot = t.toDot();
        assertEquals(labels, labels(dot), "In [" + cell + "] labels:\n" + dot);
        assertEquals(edges, edges(dot), "In [" + cell + "] edges:\n" + dot);
        assertMermaidMatchesDot(t);
    }

    /** Mermaid has the same nodes, labels and edges (dashed the same) as DOT. */
    private static void assertMermaidMatchesDot(GradientTape t) {
        String dot = t.toDot();
        String mermaid = t.toMermaid();
        List<String> mermaidLabels = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^  n\\d+\\(?\\[\\[?\"(.*)\"\\]\\]?\\)?$").matcher(mermaid);
        while (m.find()) {
            mermaidLabels.add(m.group(1).replace("<br/>", " | "));
        }
        assertEquals(labels(dot), mermaidLabels, mermaid);
        List<String> mermaidEdges = new ArrayList<>();
        m = Pattern.compile("(?m)^  (n\\d+) (-->|-\\.->) (n\\d+)$").matcher(mermaid);
        while (m.find()) {
            mermaidEdges.add(m.group(1) + (m.group(2).equals("-->") ? " -> " : " ~> ") + m.group(3));
        }
        assertEquals(rawEdges(dot), mermaidEdges, mermaid);
    }

    /** Each node's label, lines joined by " | ", in node order. */
    static List<String> labels(String dot) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*n\\d+ \\[label=\"([^\"]*)\"").matcher(dot);
        while (m.find()) {
            out.add(m.group(1).replace("\\n", " | "));
        }
        return out;
    }

    /** Each edge as "from-title -> to-title" ({@code ~>} when dashed). */
    static List<String> edges(String dot) {
        Map<String, String> title = new java.util.HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*(n\\d+) \\[label=\"([^\"\\\\]*)").matcher(dot);
        while (m.find()) {
            title.put(m.group(1), m.group(2));
        }
        List<String> out = new ArrayList<>();
        for (String e : rawEdges(dot)) {
            String[] p = e.split(" ");
            out.add(title.get(p[0]) + " " + p[1] + " " + title.get(p[2]));
        }
        return out;
    }

    static List<String> rawEdges(String dot) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*(n\\d+) -> (n\\d+)( \\[style=dashed)?").matcher(dot);
        while (m.find()) {
            out.add(m.group(1) + (m.group(3) != null ? " ~> " : " -> ") + m.group(2));
        }
        return out;
    }
}
