package io.gradtape.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the seed lecture notebook on gradient tapes ({@link SeedNotebook}) in Java and prints, in the notebook's order,
 * each code cell as Java source followed by its output: the main demo of gradtape.
 *
 * <p>The code shown is read from {@link SeedNotebook}'s own source file, packaged as a resource, between its
 * {@code // In [n]} and {@code // end} markers; the outputs are what those methods return.
 */
public final class NotebookWalkthrough {
    private NotebookWalkthrough() {
    }

    /** Prints the walkthrough to standard output. */
    public static void main(String[] args) {
        System.out.print(render());
    }

    /** The whole walkthrough as text. */
    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("gradtape: the gradient-tapes notebook, cell by cell, in Java\n");
        out.append("(Python's None prints as null; t.numpy() is t.floatValue())\n\n");
        Map<String, Supplier<Object>> cells = SeedNotebook.cells();
        for (String[] block : codeBlocks()) {
            out.append("In [").append(block[0]).append("]: ").append(block[1]).append('\n');
            out.append(block[2]).append('\n');
            for (Map.Entry<String, Supplier<Object>> c : cells.entrySet()) {
                if (belongsTo(c.getKey(), block[0])) {
                    out.append("Out[").append(c.getKey()).append("]: ").append(c.getValue().get()).append('\n');
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Outputs belong to the code cell with the highest number not above them. */
    private static boolean belongsTo(String output, String code) {
        int o = Integer.parseInt(output);
        int c = Integer.parseInt(code);
        int next = Integer.MAX_VALUE;
        for (String[] b : codeBlocks()) {
            int n = Integer.parseInt(b[0]);
            if (n > c && n < next) {
                next = n;
            }
        }
        return o > c && o < next;
    }

    /** {number, title, source} for every {@code // In [n]: title} ... {@code // end} block of SeedNotebook.java. */
    static List<String[]> codeBlocks() {
        String src = source();
        List<String[]> blocks = new ArrayList<>();
        String[] lines = src.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].trim();
            if (l.startsWith("// In [")) {
                String number = l.substring(7, l.indexOf(']'));
                String title = l.substring(l.indexOf("]:") + 2).trim();
                StringBuilder code = new StringBuilder();
                for (i++; i < lines.length && !lines[i].trim().equals("// end"); i++) {
                    code.append(lines[i].length() >= 4 ? lines[i].substring(4) : lines[i].trim()).append('\n');
                }
                blocks.add(new String[] {number, title, code.toString().stripTrailing()});
            }
        }
        return blocks;
    }

    private static String source() {
        try (InputStream in = NotebookWalkthrough.class.getResourceAsStream("SeedNotebook.java")) {
            if (in == null) {
                throw new IllegalStateException("SeedNotebook.java is not on the classpath; build with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
