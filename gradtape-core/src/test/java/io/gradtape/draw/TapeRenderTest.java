package io.gradtape.draw;

import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Files: DOT, Mermaid, the HTML page (loaded and clicked in headless Chromium), SVG and PNG by Graphviz. The tests
 * that need Chromium or Graphviz's dot are skipped, saying so, where the program is missing; CI installs both.
 */
class TapeRenderTest {
    @TempDir
    Path dir;

    @Test
    void extensionPicksTheFormat() throws IOException {
        GradientTape t = TapeDrawingTest.lecture();
        t.render(dir.resolve("a.dot"));
        t.render(dir.resolve("a.mmd"));
        t.render(dir.resolve("a.html"));
        assertEquals(t.toDot(), Files.readString(dir.resolve("a.dot")));
        assertEquals(t.toMermaid(), Files.readString(dir.resolve("a.mmd")));
        String html = Files.readString(dir.resolve("a.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "nothing from the network");
        assertFalse(html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"), "only the SVG namespace");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.render(dir.resolve("a.jpeg")));
        assertTrue(e.getMessage().contains(".svg, .png (Graphviz), .html, .dot or .mmd"), e.getMessage());
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("a.html"))), "a drawing is not private like a temp file");
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of("a.dot", "a.html", "a.mmd"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file left behind");
        }
    }

    @Test
    void aMissingGraphvizSaysHowToInstallIt() {
        GradientTape t = TapeDrawingTest.lecture();
        String before = System.getProperty("gradtape.dot");
        System.setProperty("gradtape.dot", dir.resolve("no-such-dot").toString());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.render(dir.resolve("a.svg")));
            assertTrue(e.getMessage().contains("needs Graphviz's dot program"), e.getMessage());
            assertTrue(e.getMessage().contains("apt-get install graphviz"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("a.svg")));
        } finally {
            if (before == null) {
                System.clearProperty("gradtape.dot");
            } else {
                System.setProperty("gradtape.dot", before);
            }
        }
    }

    @Test
    void svgAndPngByGraphviz() throws IOException {
        assumeTrue(io.gradtape.internal.draw.Graphviz.available(),
                "Graphviz's dot is not installed (apt-get install graphviz): SVG and PNG rendering not tested");
        GradientTape t = TapeDrawingTest.lecture();
        t.render(dir.resolve("lecture.svg"));
        t.render(dir.resolve("lecture.png"));
        String svg = Files.readString(dir.resolve("lecture.svg"));
        assertTrue(svg.contains("<svg"), svg);
        for (String text : new String[] {"w3 = mul", "w4 = sin", "w5 = mul", "grad 2.7635465", "grad 0.84147096",
                "value 1.6829419"}) {
            assertTrue(svg.contains(">" + text + "<"), text + " in " + svg);
        }
        byte[] png = Files.readAllBytes(dir.resolve("lecture.png"));
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG file");
    }

    @Test
    void theHtmlPageShowsAClickedNodeInChromium() throws Exception {
        String chromium = chromium();
        assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium): the HTML page is not "
                + "tested in a browser");
        GradientTape t = TapeDrawingTest.lecture();
        Path page = dir.resolve("lecture.html");
        t.render(page);
        String dot = t.toDot();
        String w4 = TapeDrawingTest.nodeOf(dot, "w4 = sin").substring(1);
        String dom = dumpDom(chromium, page.toUri() + "?select=" + w4);
        String panel = between(dom, "<aside id=\"panel\">", "</aside>");
        assertEquals("w4 = sin", text(between(panel, "<h2 id=\"panel-title\">", "</h2>")));
        assertEquals("float32 ()", text(between(panel, "<pre id=\"panel-type\">", "</pre>")));
        assertEquals("0.84147096", text(between(panel, "<pre id=\"panel-value\">", "</pre>")));
        assertEquals("2.0", text(between(panel, "<pre id=\"panel-grad-0\">", "</pre>")));
        assertEquals("out = sin(x);  dx = g * cos(x)", text(between(panel, "<pre id=\"panel-rule\">", "</pre>")));
        assertTrue(dom.contains("<g class=\"node op selected\" id=\"node-" + w4 + "\""), "the clicked node is marked");
        assertEquals(5, count(dom, "<g class=\"node "), "five nodes drawn");
        assertEquals(5, count(dom, "class=\"edge"), "five edges drawn");
    }

    @Test
    void theHtmlPageShowsALargeValueInFullAndAStoppedPath() throws Exception {
        String chromium = chromium();
        assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium): the HTML page is not "
                + "tested in a browser");
        Tensor x = constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).named("x");
        GradientTape t = new GradientTape(true);
        t.watch(x);
        Tensor s = stopGradient(x).named("s<&>");
        Tensor y = reduceSum(x.mul(s)).named("y");
        t.close();
        t.gradient(y, x);
        Path page = dir.resolve("stopped.html");
        t.render(page);
        String id = TapeDrawingTest.nodeOf(t.toDot(), "x").substring(1);
        String panel = between(dumpDom(chromium, page.toUri() + "?select=" + id), "<aside id=\"panel\">", "</aside>");
        assertEquals("[[1. 2. 3.]\n [4. 5. 6.]]", text(between(panel, "<pre id=\"panel-value\">", "</pre>")));
        assertEquals("[[1. 2. 3.]\n [4. 5. 6.]]", text(between(panel, "<pre id=\"panel-grad-0\">", "</pre>")));
        String sid = TapeDrawingTest.nodeOf(t.toDot(), "s<&> = stopGradient").substring(1);
        panel = between(dumpDom(chromium, page.toUri() + "?select=" + sid), "<aside id=\"panel\">", "</aside>");
        assertEquals("s<&> = stopGradient", text(between(panel, "<h2 id=\"panel-title\">", "</h2>")));
        assertEquals("gradient stopped", text(between(panel, "<pre id=\"panel-why\">", "</pre>")));
    }

    @Test
    void theHtmlPageOfNestedTapesSaysWhichTapeRecordedANode() throws Exception {
        String chromium = chromium();
        assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium): the HTML page is not "
                + "tested in a browser");
        Tensor x = constant(3.0f).named("x");
        GradientTape outer = new GradientTape(true);
        outer.watch(x);
        GradientTape inner = new GradientTape(true);
        inner.watch(x);
        Tensor y = x.mul(x).mul(x).named("y");
        inner.close();
        Tensor dy = inner.gradient(y, x).named("dy");
        outer.close();
        outer.gradient(dy, x);
        io.gradtape.TapeDrawing drawing = io.gradtape.TapeDrawing.of(outer, inner);
        Path page = dir.resolve("nested.html");
        drawing.render(page);
        String dot = drawing.toDot();
        String panel = between(dumpDom(chromium, page.toUri() + "?select="
                + TapeDrawingTest.nodeOf(dot, "y = mul").substring(1)), "<aside id=\"panel\">", "</aside>");
        assertEquals("tape 1 (outermost), tape 2", text(between(panel, "<pre id=\"panel-tapes\">", "</pre>")));
        // y is not upstream of dy: only the inner sweep (dy/dx) passed through it
        assertTrue(panel.contains("<h3>grad (tape 2)</h3><pre id=\"panel-grad-0\">1.0</pre>"), panel);
        assertFalse(panel.contains("panel-grad-1"), panel);
        panel = between(dumpDom(chromium, page.toUri() + "?select="
                + TapeDrawingTest.nodeOf(dot, "x").substring(1)), "<aside id=\"panel\">", "</aside>");
        assertTrue(panel.contains("<h3>grad (tape 1)</h3><pre id=\"panel-grad-0\">18.0</pre>"), "d2y/dx2 = 6x: " + panel);
        assertTrue(panel.contains("<h3>grad (tape 2)</h3><pre id=\"panel-grad-1\">27.0</pre>"), "dy/dx = 3x^2: " + panel);
        panel = between(dumpDom(chromium, page.toUri() + "?select="
                + TapeDrawingTest.nodeOf(dot, "dy = add").substring(1)), "<aside id=\"panel\">", "</aside>");
        assertEquals("tape 1 (outermost)", text(between(panel, "<pre id=\"panel-tapes\">", "</pre>")));
    }

    @Test
    void theHtmlPageOfATenThousandOpChainShowsTheFold() throws Exception {
        String chromium = chromium();
        assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium): the HTML page is not "
                + "tested in a browser");
        Tensor x = constant(1.0001f).named("x");
        GradientTape t = new GradientTape(true);
        t.watch(x);
        Tensor y = x;
        for (int i = 0; i < 10_000; i++) {
            y = y.mul(x);
        }
        t.close();
        t.gradient(y, x);
        Path page = dir.resolve("chain.html");
        t.render(page);
        String fold = TapeDrawingTest.nodeOf(t.toDot(), "mul \u00d79997 (folded)").substring(1);
        String dom = dumpDom(chromium, page.toUri() + "?select=" + fold);
        assertEquals(5, count(dom, "<g class=\"node "), "x, two muls, the fold, the last mul");
        String panel = between(dom, "<aside id=\"panel\">", "</aside>");
        assertEquals("mul \u00d79997 (folded)", text(between(panel, "<h2 id=\"panel-title\">", "</h2>")));
        assertEquals("9997 ops between the first and the last", text(between(panel, "<pre id=\"panel-value\">", "</pre>")));
    }

    /** Chromium's path, from the system property gradtape.chromium or the usual names; null when missing. */
    static String chromium() {
        List<String> candidates = new ArrayList<>();
        if (System.getProperty("gradtape.chromium") != null) {
            candidates.add(System.getProperty("gradtape.chromium"));
        }
        candidates.addAll(List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }

    /** The DOM after the page's scripts ran, from headless Chromium with a fresh profile and no network chatter. */
    String dumpDom(String chromium, String url) throws Exception {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        Path out = dir.resolve("dom.html");
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--dump-dom", url)
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Chromium did not finish within 120 s");
        }
        assertEquals(0, p.exitValue(), "Chromium's exit code");
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        assertTrue(a >= 0, from + " not found in " + s);
        int b = s.indexOf(to, a + from.length());
        assertTrue(b >= 0, to + " not found after " + from);
        return s.substring(a + from.length(), b);
    }

    static String text(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    static int count(String s, String part) {
        int n = 0;
        for (Matcher m = Pattern.compile(Pattern.quote(part)).matcher(s); m.find(); ) {
            n++;
        }
        return n;
    }
}
