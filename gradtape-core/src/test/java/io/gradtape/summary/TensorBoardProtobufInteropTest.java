package io.gradtape.summary;

import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * gradtape writes an event file, Google's protobuf runtime reads it: scripts/fixtures/tensorboard/read_events.py
 * checks the TFRecord CRCs itself, decodes each record with a protoc-generated module of
 * tensorboard_events.proto and prints the events as JSON, which this test compares. Runs when /usr/bin/python3 (or
 * python3) imports google.protobuf and protoc is on the PATH; otherwise it is skipped with that reason.
 * {@code .ci/run} installs protobuf-compiler and python3-protobuf.
 */
class TensorBoardProtobufInteropTest {
    @TempDir
    Path dir;

    /** A python3 that imports google.protobuf, with protoc available, or null. */
    static String pythonWithProtobuf() {
        if (!succeeds(List.of("protoc", "--version"))) {
            return null;
        }
        for (String py : List.of("/usr/bin/python3", "python3")) {
            if (succeeds(List.of(py, "-B", "-c", "import google.protobuf"))) {
                return py;
            }
        }
        return null;
    }

    private static boolean succeeds(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path script() {
        String basedir = System.getProperty("basedir");
        Path p = Paths.get(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            Path s = q.resolve("scripts/fixtures/tensorboard/read_events.py");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new AssertionError("scripts/fixtures/tensorboard/read_events.py not found above " + p);
    }

    @Test
    void protobufReadsWhatGradtapeWrites() throws Exception {
        String py = pythonWithProtobuf();
        assumeTrue(py != null, "skipped: needs protoc and a python3 with google.protobuf "
                + "(apt-get install protobuf-compiler python3-protobuf, as .ci/run does)");
        Path file;
        try (SummaryWriter w = SummaryWriter.create(dir)) {
            file = w.file();
            w.scalar("loss", 0.75, 1);
            w.scalar("train/loss", -2.5, 123456789012L);
            w.histogram("weights", Tensors.constant(new double[] {0, 1, 1, 3}, 4), 2);
            w.histogram("const", Tensors.constant(new float[] {2, 2}, 2), 3);
            w.text("notes", "**bold** and ünïcode\nline 2", 4);
        }
        Process p = new ProcessBuilder(py, "-B", script().toString(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), "read_events.py failed:\n" + out);
        List<Object> events = MiniJson.parseList(out.trim());
        assertEquals(6, events.size(), out);
        Map<?, ?> first = (Map<?, ?>) events.get(0);
        assertEquals("brain.Event:2", first.get("file_version"));

        String[] tags = {"loss", "train/loss", "weights", "const", "notes"};
        long[] steps = {1, 123456789012L, 2, 3, 4};
        String[] plugins = {"scalars", "scalars", "histograms", "histograms", "text"};
        String[] classes = {"DATA_CLASS_SCALAR", "DATA_CLASS_SCALAR", "DATA_CLASS_TENSOR", "DATA_CLASS_TENSOR",
            "DATA_CLASS_TENSOR"};
        String[] dtypes = {"DT_FLOAT", "DT_FLOAT", "DT_DOUBLE", "DT_DOUBLE", "DT_STRING"};
        for (int i = 0; i < tags.length; i++) {
            Map<?, ?> e = (Map<?, ?>) events.get(i + 1);
            assertEquals(steps[i], ((Number) e.get("step")).longValue(), "event " + i);
            List<?> values = (List<?>) e.get("values");
            assertEquals(1, values.size());
            Map<?, ?> v = (Map<?, ?>) values.get(0);
            assertEquals(tags[i], v.get("tag"));
            assertEquals(plugins[i], v.get("plugin_name"));
            assertEquals("", v.get("plugin_content"));
            assertEquals(classes[i], v.get("data_class"));
            assertEquals("tensor", v.get("kind"));
            assertEquals(dtypes[i], ((Map<?, ?>) v.get("tensor")).get("dtype"));
        }
        assertEquals(List.of(0.75), tensorValues(events, 1));
        assertEquals(List.of(-2.5), tensorValues(events, 2));
        // {0, 1, 1, 3}: 30 buckets of width 0.1, counts 1 at bucket 0, 2 at bucket 10, 1 at bucket 29 (3 clamped)
        List<Object> h = tensorValues(events, 3);
        assertEquals(List.of(30L, 3L), tensorShape(events, 3));
        assertEquals(90, h.size());
        assertEquals(List.of(0.0, 0.1, 1.0), h.subList(0, 3));
        assertEquals(2.0, ((Number) h.get(3 * 10 + 2)).doubleValue());
        assertEquals(3.0, ((Number) h.get(3 * 29 + 1)).doubleValue());
        assertEquals(1.0, ((Number) h.get(3 * 29 + 2)).doubleValue());
        assertEquals(List.of(1L, 3L), tensorShape(events, 4));
        assertEquals(List.of(1.5, 2.5, 2.0), tensorValues(events, 4));
        assertEquals(List.of(), tensorShape(events, 5));
        assertEquals(List.of("**bold** and ünïcode\nline 2"), tensorValues(events, 5));
    }

    private static Map<?, ?> tensor(List<Object> events, int i) {
        Map<?, ?> v = (Map<?, ?>) ((List<?>) ((Map<?, ?>) events.get(i)).get("values")).get(0);
        return (Map<?, ?>) v.get("tensor");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> tensorValues(List<Object> events, int i) {
        List<Object> out = new ArrayList<>();
        for (Object o : (List<Object>) tensor(events, i).get("values")) {
            out.add(o instanceof Long l ? (Object) l.doubleValue() : o);
        }
        return out;
    }

    private static List<?> tensorShape(List<Object> events, int i) {
        return (List<?>) tensor(events, i).get("shape");
    }

    /** Just enough JSON for read_events.py's output: objects, arrays, strings, numbers (Long or Double), literals. */
    static final class MiniJson {
        private final String s;
        private int i;

        private MiniJson(String s) {
            this.s = s;
        }

        @SuppressWarnings("unchecked")
        static List<Object> parseList(String json) {
            MiniJson p = new MiniJson(json);
            Object v = p.value();
            p.ws();
            assertEquals(json.length(), p.i, "trailing text in JSON");
            return (List<Object>) v;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = (String) value();
                    ws();
                    expect(':');
                    m.put(k, value());
                    ws();
                    if (s.charAt(i++) == '}') {
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i++) == ']') {
                        return l;
                    }
                }
            }
            if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (s.charAt(i) != '"') {
                    char ch = s.charAt(i++);
                    if (ch == '\\') {
                        char e = s.charAt(i++);
                        switch (e) {
                            case 'n' -> b.append('\n');
                            case 't' -> b.append('\t');
                            case 'r' -> b.append('\r');
                            case 'b' -> b.append('\b');
                            case 'f' -> b.append('\f');
                            case 'u' -> {
                                b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                                i += 4;
                            }
                            default -> b.append(e);
                        }
                    } else {
                        b.append(ch);
                    }
                }
                i++;
                return b.toString();
            }
            for (String lit : List.of("true", "false", "null", "NaN", "Infinity", "-Infinity")) {
                if (s.startsWith(lit, i)) {
                    i += lit.length();
                    return switch (lit) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        case "null" -> null;
                        case "NaN" -> Double.NaN;
                        case "Infinity" -> Double.POSITIVE_INFINITY;
                        default -> Double.NEGATIVE_INFINITY;
                    };
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String num = s.substring(start, i);
            if (num.isEmpty()) {
                throw new AssertionError("bad JSON at " + start + ": " + s.substring(start, Math.min(s.length(), start + 20)));
            }
            return num.matches("-?\\d+") ? (Object) Long.parseLong(num) : (Object) Double.parseDouble(num);
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) {
                throw new AssertionError("expected '" + c + "' at " + (i - 1));
            }
        }
    }
}
