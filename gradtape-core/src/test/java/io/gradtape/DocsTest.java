package io.gradtape;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository stands on its own: every relative link of its Markdown files resolves to a file inside it, no
 * file names a path outside it, and every test that {@code docs/semantics.md} cites exists.
 */
class DocsTest {
    /** The repository: surefire runs in the module's directory, one below it. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern TEST_REF = Pattern.compile("`(?:([\\w/]+/)?(\\w+))?#(\\w+)`");

    private static List<Path> markdown() throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !ROOT.relativize(p).toString().matches("(?:.*/)?(?:target|\\.git|node_modules)/.*"))
                    .toList();
        }
    }

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
        assertTrue(Files.exists(ROOT.resolve("gradtape-core/pom.xml")), "not the repository: " + ROOT);
        List<String> broken = new ArrayList<>();
        List<Path> files = markdown();
        for (Path md : files) {
            Matcher m = LINK.matcher(Files.readString(md, StandardCharsets.UTF_8));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*") || target.startsWith("#")) {
                    continue; // a web address or an anchor on the same page
                }
                Path p = md.getParent().resolve(target.replaceFirst("#.*", "")).normalize();
                if (!p.startsWith(ROOT) || !Files.exists(p)) {
                    broken.add(ROOT.relativize(md) + ": " + target);
                }
            }
        }
        assertTrue(files.size() >= 4, "found only " + files);
        assertTrue(broken.isEmpty(), "links that do not resolve inside the repository: " + broken);
    }

    @Test
    void noFileNamesAPathOutsideTheRepository() throws IOException {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ROOT)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = ROOT.relativize(p).toString();
                if (rel.matches("(?:.*/)?(?:target|\\.git)/.*|\\.git") || !rel.matches(".*\\.(java|md|sh|py|xml|properties)")) {
                    continue;
                }
                String text = Files.readString(p, StandardCharsets.UTF_8);
                for (String outside : new String[] {"../shared", "/work/"}) {
                    if (text.contains(outside) && !rel.endsWith("DocsTest.java")) {
                        hits.add(rel + " names " + outside);
                    }
                }
            }
        }
        assertTrue(hits.isEmpty(), String.join("\n", hits));
    }

    @Test
    void everyTestThatSemanticsCitesExists() throws IOException {
        String text = Files.readString(ROOT.resolve("docs/semantics.md"), StandardCharsets.UTF_8);
        Path tests = ROOT.resolve("gradtape-core/src/test/java/io/gradtape");
        Matcher m = TEST_REF.matcher(text);
        String cls = null;
        String dir = null;
        int n = 0;
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            if (m.group(2) != null) {
                cls = m.group(2);
                dir = m.group(1) == null ? "tape/" : m.group(1);
            }
            Path file = tests.resolve(dir + cls + ".java");
            String method = m.group(3);
            if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).contains(" void " + method + "(")) {
                missing.add(dir + cls + "#" + method);
            }
            n++;
        }
        assertTrue(n > 30, "semantics.md cites only " + n + " tests");
        assertTrue(missing.isEmpty(), "docs/semantics.md cites tests that do not exist: " + missing);
    }
}
