package io.gradtape.examples;

import io.gradtape.Tensor;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The JShell start-up of {@code scripts/jshell.sh}: the start-up file {@code scripts/gradtape.jsh} and then every cell
 * of {@code scripts/notebook.jsh}, fed line by line to JShell through the {@code jdk.jshell} API as a reader types
 * them (a snippet is evaluated as soon as it is complete), with gradtape-core on the class path. Checks the values
 * JShell shows and what the cells print against the notebook's outputs.
 */
class JShellNotebookTest {

    @Test
    void theNotebookTypedIntoJShell() throws Exception {
        Path root = repositoryRoot();
        String classPath = Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> shown = new ArrayList<>();
        try (JShell js = JShell.builder().out(new PrintStream(out, true, StandardCharsets.UTF_8))
                .err(new PrintStream(err, true, StandardCharsets.UTF_8)).build()) {
            js.addToClasspath(classPath);
            type(js, Files.readString(root.resolve("scripts/gradtape.jsh")), new ArrayList<>());
            type(js, Files.readString(root.resolve("scripts/notebook.jsh")), shown);
        }
        assertEquals(List.of(
                "6.0",                                          // In [4]  dy_dx.numpy()
                "6.0",                                          // In [9]
                "Tensor(108.0, shape=(), dtype=float32)",       // In [11] dz_dx
                "Tensor(6.0, shape=(), dtype=float32)",         // In [12] dy_dx
                "Tensor(2.7635465, shape=(), dtype=float32)",   // In [18] dw5_dx1
                "Tensor(0.84147096, shape=(), dtype=float32)",  // In [19] dw5_dx2
                "[Tensor(2.7635465, shape=(), dtype=float32), Tensor(0.84147096, shape=(), dtype=float32)]",
                "Tensor(12.0, shape=(), dtype=float32)",        // In [24]
                "Tensor(3.0, shape=(), dtype=float32)",         // In [25]
                "Tensor(192.0, shape=(), dtype=float32)"),      // In [26]
                shown);
        List<String> printed = out.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        assertEquals(List.of(
                "Tensor(6.0, shape=(), dtype=float32)",         // In [3]  print(dy_dx)
                "null",                                         // In [6]  None: x was not watched
                "Tensor(6.0, shape=(), dtype=float32)",         // In [8]
                "Tensor(18.0, shape=(), dtype=float32)",        // In [16] dz/dy
                "  n0([\"x1<br/>float32 ()<br/>value 1.0<br/>grad 2.7635465\"])",   // the lecture's graph
                "  n1([\"x2<br/>float32 ()<br/>value 2.0<br/>grad 0.84147096\"])",
                "  n2[\"w3 = mul<br/>float32 ()<br/>value 2.0<br/>grad 0.84147096\"]",
                "  n3[\"w4 = sin<br/>float32 ()<br/>value 0.84147096<br/>grad 2.0\"]",
                "  n4[\"w5 = mul<br/>float32 ()<br/>value 1.6829419<br/>grad 1.0\"]",
                "Tensor(4.0, shape=(), dtype=float32)",         // In [21]
                "null"),                                        // In [22] None: variable_b was not watched
                printed, "stderr: " + err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theStartupFileImportsOnlyWhatExists() throws Exception {
        Path root = repositoryRoot();
        String classPath = Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        ByteArrayOutputStream err = new ByteArrayOutputStream();   // the JShell JVM's log, kept out of the build's output
        try (JShell js = JShell.builder().err(new PrintStream(err, true, StandardCharsets.UTF_8)).build()) {
            js.addToClasspath(classPath);
            type(js, Files.readString(root.resolve("scripts/gradtape.jsh")), new ArrayList<>());
            List<String> shown = new ArrayList<>();
            type(js, "Tensors.class.getName()\nconstant(2.0f).mul(constant(3.0f)).floatValue()\n", shown);
            assertEquals(List.of("\"io.gradtape.Tensors\"", "6.0"), shown, "stderr: " + err.toString(StandardCharsets.UTF_8));
        }
        // every exported package is imported, so that a new one (io.gradtape.nn, ...) is typed without an import
        String startup = Files.readString(root.resolve("scripts/gradtape.jsh"));
        java.util.regex.Matcher exports = java.util.regex.Pattern.compile("(?m)^\\s*exports ([\\w.]+);")
                .matcher(Files.readString(root.resolve("gradtape-core/src/main/java/module-info.java")));
        int packages = 0;
        while (exports.find()) {
            packages++;
            assertTrue(startup.contains("import " + exports.group(1) + ".*;"),
                    "scripts/gradtape.jsh should import " + exports.group(1) + ".*");
        }
        assertTrue(packages >= 1);
        String script = Files.readString(root.resolve("scripts/jshell.sh"));
        assertTrue(script.contains("--startup DEFAULT --startup \"$root/scripts/gradtape.jsh\""), script);
    }

    /**
     * Types {@code source} line by line, evaluating each snippet when complete, as the jshell tool does; fails on
     * a rejected snippet or an exception. Adds the value of each expression statement that is not an assignment
     * (what JShell shows as {@code $n ==>}, or {@code name ==>} for a bare variable) to {@code shown}.
     */
    static void type(JShell js, String source, List<String> shown) {
        SourceCodeAnalysis analysis = js.sourceCodeAnalysis();
        StringBuilder pending = new StringBuilder();
        int lineNo = 0;
        for (String line : source.split("\n", -1)) {
            lineNo++;
            pending.append(line).append('\n');
            while (true) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(pending.toString());
                SourceCodeAnalysis.Completeness c = info.completeness();
                if (c == SourceCodeAnalysis.Completeness.EMPTY) {
                    pending.setLength(0);
                    break;
                }
                if (!c.isComplete()) {
                    break; // needs more lines
                }
                for (SnippetEvent e : js.eval(info.source())) {
                    Snippet s = e.snippet();
                    if (e.status() == Snippet.Status.REJECTED) {
                        fail("line " + lineNo + ": JShell rejected " + s.source() + ": " + js.diagnostics(s)
                                .map(d -> d.getMessage(null)).collect(Collectors.joining("; ")));
                    }
                    if (e.exception() != null) {
                        fail("line " + lineNo + ": " + s.source() + " threw " + e.exception());
                    }
                    if (e.causeSnippet() == null && (s.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND
                            || s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND)) {
                        assertNotNull(e.value(), s.source());
                        shown.add(e.value());
                    }
                    if (s instanceof VarSnippet && e.causeSnippet() == null && s.subKind()
                            == Snippet.SubKind.VAR_DECLARATION_WITH_INITIALIZER_SUBKIND) {
                        assertNotNull(e.value(), s.source()); // initialised: a value was computed
                    }
                }
                pending.setLength(0);
                pending.append(info.remaining());
                if (info.remaining().isBlank()) {
                    pending.setLength(0);
                    break;
                }
            }
        }
        assertTrue(pending.toString().isBlank(), "unfinished snippet at the end: " + pending);
    }

    /** The directory holding {@code scripts/gradtape.jsh} (the tests run in the module's directory). */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/gradtape.jsh"))) {
                return p;
            }
        }
        throw new IllegalStateException("scripts/gradtape.jsh not found above " + Path.of("").toAbsolutePath());
    }
}
