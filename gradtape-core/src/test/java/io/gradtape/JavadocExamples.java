package io.gradtape;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compiles every {@code <pre>{@code ...}</pre>} example in the public (non-{@code internal}) sources of a module:
 * the engine of {@link JavadocExamplesTest} (gradtape-core) and of the other modules' example tests, which use it
 * through gradtape-core's test jar.
 *
 * <p>Each block is compiled on its own, with {@code javax.tools.JavaCompiler} against the test class path, as the
 * statements of a method body (which declares {@code throws Exception}) in a class with the given imports. A block
 * that starts with {@code class}, {@code import}, {@code record} or {@code interface} is compiled as a compilation
 * unit with the same imports. Nothing is predeclared: an example declares every name it uses. Outputs are shown
 * as {@code // comments}, which are not checked.
 */
public final class JavadocExamples {
    private static final Pattern BLOCK = Pattern.compile("<pre>\\{@code(.*?)\\}</pre>", Pattern.DOTALL);
    private static final Pattern UNIT_START = Pattern.compile("^(class|import|record|interface|final class|abstract class)\\b");

    private JavadocExamples() {
    }

    /** One example: where it is, and its code. */
    record Example(Path file, int line, String code) {
        boolean unit() {
            return UNIT_START.matcher(code.strip()).find();
        }
    }

    /**
     * Fails, naming file, line and compiler message of each, unless every example under {@code packageDir}
     * compiles.
     *
     * @param moduleDir   the module's directory (paths in messages are relative to it)
     * @param packageDir  the sources to read, e.g. {@code src/main/java/io/gradtape} under {@code moduleDir}
     * @param imports     the import lines every example gets, e.g. {@code "import io.gradtape.*;"}
     * @param minExamples fewer examples than this means the extraction is broken
     */
    public static void assertAllCompile(Path moduleDir, Path packageDir, List<String> imports, int minExamples) throws IOException {
        assertTrue(Files.isDirectory(packageDir), "no sources at " + packageDir);
        Path sources = moduleDir.resolve("src/main/java");
        List<Example> examples = new ArrayList<>();
        try (Stream<Path> files = Files.walk(packageDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
                if (sources.relativize(f).toString().replace('\\', '/').contains("/internal/")) {
                    continue;
                }
                examples.addAll(extract(f));
            }
        }
        assertTrue(examples.size() >= minExamples, "too few examples found (" + examples.size() + "): is the extraction broken?");
        String importText = String.join("\n", imports) + "\n";
        List<Source> units = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            units.add(new Source(i, examples.get(i), importText));
        }

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "no system Java compiler: run the tests on a JDK, not a JRE");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory("javadoc-examples");
        try (StandardJavaFileManager fm = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-proc:none", "-nowarn", "-Xlint:none", "-Xmaxerrs", "100000",
                    "-XDshould-stop.ifError=FLOW", "-d", out.toString(),
                    "-classpath", classPath());
            compiler.getTask(null, fm, diagnostics, options, null, units).call();
        } finally {
            deleteTree(out);
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            if (!(d.getSource() instanceof Source)) {
                errors.add(d.getMessage(Locale.ROOT));
                continue;
            }
            Source s = (Source) d.getSource();
            long line = s.example.line() + (d.getLineNumber() - s.headerLines - 1);
            errors.add(moduleDir.relativize(s.example.file()) + ":" + line + ": " + d.getMessage(Locale.ROOT)
                    .lines().map(String::strip).collect(Collectors.joining("; ")) + "\n    in example at line " + s.example.line() + ":\n"
                    + s.example.code().lines().map(l -> "      " + l).collect(Collectors.joining("\n")));
        }
        if (!errors.isEmpty()) {
            fail(errors.size() + " compile error(s) in Javadoc examples (each must compile as statements in a method "
                    + "with the imports " + imports + "):\n" + String.join("\n", errors));
        }
    }

    /** The {@code <pre>{@code ...}</pre>} blocks of one file, with the line where each one's code starts. */
    static List<Example> extract(Path file) throws IOException {
        String text = Files.readString(file);
        List<Example> r = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            int line = 1 + (int) text.substring(0, m.start(1)).chars().filter(c -> c == '\n').count();
            String body = m.group(1);
            List<String> lines = new ArrayList<>();
            for (String l : body.split("\n", -1)) {
                lines.add(l.replaceFirst("^\\s*\\*( |$)", ""));
            }
            // the first line is the rest of the "<pre>{@code" line: usually empty
            if (!lines.isEmpty() && lines.get(0).isBlank()) {
                lines.remove(0);
                line++;
            }
            r.add(new Example(file, line, String.join("\n", lines)));
        }
        return r;
    }

    /** The test class path; under the module path (Surefire's default for a modular project) the modules too. */
    private static String classPath() {
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path", ""));
        String mp = System.getProperty("jdk.module.path");
        if (mp != null && !mp.isEmpty()) {
            cp.append(java.io.File.pathSeparator).append(mp);
        }
        return cp.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One example as an in-memory compilation unit, in its own package so that class names never clash. */
    private static final class Source extends SimpleJavaFileObject {
        final Example example;
        final int headerLines;
        final String text;

        Source(int index, Example example, String imports) {
            super(URI.create("string:///ex" + index + "/Example" + index + JavaFileObject.Kind.SOURCE.extension),
                    JavaFileObject.Kind.SOURCE);
            this.example = example;
            String header = "package ex" + index + ";\n" + imports;
            if (example.unit()) {
                this.text = header + example.code() + "\n";
            } else {
                header += "@SuppressWarnings(\"all\") class Example" + index + " { void example() throws Exception {\n";
                this.text = header + example.code() + "\n}}\n";
            }
            this.headerLines = (int) header.chars().filter(c -> c == '\n').count();
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }

        @Override
        public Writer openWriter() {
            throw new UnsupportedOperationException();
        }
    }
}
