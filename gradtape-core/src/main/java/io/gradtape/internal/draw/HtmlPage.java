package io.gradtape.internal.draw;

import io.gradtape.Tensor;
import io.gradtape.internal.draw.TapeGraph.Edge;
import io.gradtape.internal.draw.TapeGraph.Node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@link TapeGraph} as one self-contained HTML page: the graph's data as JSON, and the script and style of
 * {@code page.js} and {@code page.css} (resources beside this class), all inline, so the page opens from a file
 * with no network. The script lays the graph out in layers (a node's layer is its longest path from a leaf; each
 * layer is ordered by the mean position of its inputs), draws it as SVG, and shows a clicked node's full value,
 * gradients and rule in a side panel.
 *
 * <p>Self-test: opened with {@code ?select=N} in the address, the page clicks node {@code N} itself once drawn,
 * so a headless browser's dump of the DOM shows what a reader would see (the browser test uses it).
 */
public final class HtmlPage {
    private HtmlPage() {
    }

    public static String write(TapeGraph g) {
        StringBuilder json = new StringBuilder("{\"nodes\":[");
        for (Node n : g.nodes) {
            if (n.index > 0) {
                json.append(',');
            }
            json.append("{\"id\":").append(n.index)
                    .append(",\"kind\":").append(str(n.kind.name().toLowerCase(java.util.Locale.ROOT)))
                    .append(",\"nograd\":").append(g.whyNoGradient(n) != null)
                    .append(",\"title\":").append(str(g.title(n)))
                    .append(",\"lines\":").append(strings(g.details(n)));
            if (n.value != null) {
                json.append(",\"type\":").append(str(n.value.dtype() + " " + n.value.shape()))
                        .append(",\"value\":").append(str(g.format.apply(n.value)));
            }
            StringBuilder grads = new StringBuilder("[");
            for (int k = 0; k < g.tapeCount; k++) {
                Tensor a = n.adjoints[k];
                if (a != null) {
                    grads.append(grads.length() > 1 ? "," : "").append("{\"label\":").append(str(g.gradLabel(k)))
                            .append(",\"value\":").append(str(g.format.apply(a))).append('}');
                }
            }
            json.append(",\"grads\":").append(grads).append(']');
            String rule = g.rule(n);
            if (rule != null) {
                json.append(",\"rule\":").append(str(rule));
            }
            String why = g.whyNoGradient(n);
            if (why != null) {
                json.append(",\"why\":").append(str(why));
            }
            json.append(",\"tapes\":").append(n.tapes).append('}');
        }
        json.append("],\"edges\":[");
        for (int i = 0; i < g.edges.size(); i++) {
            Edge e = g.edges.get(i);
            json.append(i > 0 ? "," : "").append('[').append(e.from()).append(',').append(e.to()).append(',')
                    .append(e.cut()).append(']');
        }
        json.append("],\"tapes\":").append(g.tapeCount).append(",\"empty\":").append(str(TapeGraph.EMPTY)).append('}');
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>gradtape: the tape</title>\n<style>\n" + resource("page.css") + "</style>\n</head>\n<body>\n"
                + "<main id=\"graph\"></main>\n"
                + "<aside id=\"panel\"><p class=\"hint\">Click a node to see its value, its gradient and its rule.</p></aside>\n"
                + "<script id=\"tape-data\" type=\"application/json\">" + json + "</script>\n"
                + "<script>\n" + resource("page.js") + "</script>\n</body>\n</html>\n";
    }

    private static String strings(List<String> list) {
        StringBuilder sb = new StringBuilder("[");
        for (String s : list) {
            sb.append(sb.length() > 1 ? "," : "").append(str(s));
        }
        return sb.append(']').toString();
    }

    /** A JSON string literal that is also safe inside a script element ({@code <} escaped). */
    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("HtmlPage: resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
