package io.gradtape.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code scripts/bench_report.py} on hand-made run directories: the "Linear algebra vs torch.linalg" table takes
 * gradtape's times from the JMH files that {@code scripts/bench.sh} writes for LinalgBench (iterations and single
 * shot), PyTorch's from {@code torch_linalg.jsonl}, and its ratio is PyTorch's time over gradtape's; a run without
 * those files (made before they existed) still renders, with dashes; a plain call's ceiling is PyTorch's time over
 * the allocation of its output. Runs when a {@code python3} is found (on the
 * PATH or at /usr/bin/python3), otherwise it is skipped with that reason.
 */
class BenchReportTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "bench_report.py").toAbsolutePath().normalize();

    private static String python() {
        for (String py : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(py, "-c", "import json, statistics").redirectErrorStream(true).start();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return py;
                }
            } catch (IOException e) {
                // not this one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static String report(Path run) throws IOException, InterruptedException {
        String py = python();
        assumeTrue(py != null, "skipped: no python3 found (on the PATH or /usr/bin/python3) to run " + SCRIPT);
        Process p = new ProcessBuilder(py, SCRIPT.toString(), run.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bench_report.py did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** One LinalgBench result (2 threads, java backend) as JMH's JSON writes it, in ms/op. */
    private static String jmh(String op, int n, String mode, double... raw) {
        return jmhResult("LinalgBench." + op, mode,
                "\"n\": \"" + n + "\", \"threads\": \"2\", \"backend\": \"java\"", "ms/op", raw);
    }

    /**
     * One JMH result as JMH's JSON writes it: benchmark (after {@code io.gradtape.bench.}), mode, params (the inside
     * of their JSON object), unit, and the raw per-iteration scores of one fork.
     */
    private static String jmhResult(String benchmark, String mode, String params, String unit, double... raw) {
        StringBuilder r = new StringBuilder();
        for (double v : raw) {
            r.append(r.length() == 0 ? "" : ", ").append(v);
        }
        return "{\"benchmark\": \"io.gradtape.bench." + benchmark + "\", \"mode\": \"" + mode + "\", "
                + "\"params\": {" + params + "}, "
                + "\"primaryMetric\": {\"score\": " + raw[0] + ", \"scoreUnit\": \"" + unit + "\", \"rawData\": [[" + r + "]]}, "
                + "\"secondaryMetrics\": {}}";
    }

    private static List<String> linalgRows(String report) {
        List<String> rows = new ArrayList<>();
        boolean in = false;
        for (String line : report.split("\n")) {
            if (line.startsWith("## ")) {
                in = line.equals("## Linear algebra vs torch.linalg");
            } else if (in && line.startsWith("| ") && !line.startsWith("| op ")) {
                rows.add(line);
            }
        }
        return rows;
    }

    @Test
    void linearAlgebraTablePairsLinalgBenchWithTorchLinalg(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("env.txt"), "mode: quick\njmh_opts: -f 1 -wi 1 -i 2\nlinalg_ss_opts: -f 1 -bm ss -wi 0 -i 1\n");
        Files.writeString(run.resolve("torch_linalg.jsonl"), String.join("\n",
                "{\"op\": \"cholesky\", \"n\": 64, \"threads\": 2, \"ms\": 0.05, \"torch\": \"1.13\"}",
                "{\"op\": \"cholesky\", \"n\": 1024, \"threads\": 2, \"ms\": 30.0, \"torch\": \"1.13\"}",
                "{\"op\": \"svd\", \"n\": 64, \"threads\": 2, \"ms\": 0.5, \"torch\": \"1.13\"}",
                "{\"op\": \"svd\", \"n\": 1024, \"threads\": 2, \"ms\": 800.0, \"torch\": \"1.13\"}") + "\n");
        // the three files bench.sh writes: small sizes, large sizes in iterations, eigh/svd at large sizes single-shot
        Files.writeString(run.resolve("jmh_linalg_small.json"), "[" + jmh("cholesky", 64, "avgt", 0.02, 0.025, 0.04)
                + ", " + jmh("svd", 64, "avgt", 2.0, 2.5, 3.0) + "]");
        Files.writeString(run.resolve("jmh_linalg_large.json"), "[" + jmh("cholesky", 1024, "avgt", 60, 50, 40) + "]");
        Files.writeString(run.resolve("jmh_linalg_ss.json"), "[" + jmh("svd", 1024, "ss", 4000, 3000) + "]");
        List<String> rows = linalgRows(report(run));
        assertTrue(rows.contains("| cholesky | 64 | 0.050 | 0.025 | 2.00x |"), String.join("\n", rows));   // median of 3
        assertTrue(rows.contains("| cholesky | 1024 | 30.0 | 50.0 | 0.60x |"), String.join("\n", rows));
        assertTrue(rows.contains("| svd | 64 | 0.500 | 2.50 | 0.20x |"), String.join("\n", rows));
        assertTrue(rows.contains("| svd | 1024 * | 800 | 3,500 | 0.23x |"), String.join("\n", rows));   // single shot: marked
        // every op at every size that either side measured; what one side lacks is a dash
        assertEquals(10, rows.size(), String.join("\n", rows));
        assertTrue(rows.contains("| qr | 1024 | — | — | — |"), String.join("\n", rows));
    }

    /**
     * A plain call allocates its output before its kernel writes a value, so PyTorch's time over that allocation
     * ({@code AllocationBench}) is the most its ratio can read: the transcendentals table shows it per row, and the
     * targets it caps below their goal (1.0x; 0.8x for a*b+c, which allocates two arrays) are named, those it does
     * not cap are not.
     */
    @Test
    void aPlainCallsCeilingIsPyTorchsTimeOverTheAllocationAlone(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("env.txt"), "mode: default\n");
        Files.writeString(run.resolve("jmh.json"), "[" + result("AllocationBench.f32", 500, 520, 480) + ", "
                + result("AllocationBench.f64", 1000) + "]");
        Files.writeString(run.resolve("torch.jsonl"), String.join("\n",
                torch("d_torch_unary", "exp", 250), torch("d_torch_unary", "log", 600),
                torch("d_torch_unary64", "exp", 800), torch("d_torch_fma_elementwise", "expr_a*b+c", 480)) + "\n");
        String report = report(run);
        assertTrue(report.contains("| exp | float32 | 2 | 250 | — | — | 0.50x |"), report);   // 250 / median 500
        assertTrue(report.contains("| log | float32 | 2 | 600 | — | — | 1.20x |"), report);
        assertTrue(report.contains("`new float[1M]` 500 µs, `new double[1M]` 1,000 µs in this run"), report);
        // every row of the transcendentals table has its header's cells (the FastLoops rows included)
        List<String> table = report.lines().dropWhile(l -> !l.startsWith("| op | dtype | threads | PyTorch `out=`"))
                .takeWhile(l -> l.startsWith("|")).collect(java.util.stream.Collectors.toList());
        assertEquals(2 + 2 * 2 * 10 + 2 * 2, table.size(), String.join("\n", table));
        for (String row : table) {
            assertEquals(cells(table.get(0)), cells(row), row);
        }
        String capped = report.lines().filter(l -> l.startsWith("Plain-call targets that no call")).findFirst()
                .orElseThrow(() -> new AssertionError("no ceiling note:\n" + report));
        assertTrue(capped.endsWith(": exp float32 (2 threads) 0.50x; exp float64 (2 threads) 0.80x; "
                + "a*b+c float32 (2 threads) 0.48x."), capped);
    }

    /** The cells of a Markdown table row. */
    private static int cells(String row) {
        return row.split("\\|", -1).length - 2;
    }

    /** One result of a benchmark whose only parameter is n = 1M, as JMH's JSON writes it, in us/op. */
    private static String result(String benchmark, double... raw) {
        return jmhResult(benchmark, "avgt", "\"n\": \"1048576\"", "us/op", raw);
    }

    /** One line of torch.jsonl as torch_bench.py writes it for 1M elements on 2 threads. */
    private static String torch(String bench, String variant, double usPerCall) {
        return "{\"bench\": \"" + bench + "\", \"variant\": \"" + variant + "\", \"n\": 1048576, \"threads\": 2, "
                + "\"us_per_call\": " + usPerCall + ", \"median\": 1.0}";
    }

    @Test
    void aRunWithoutLinearAlgebraFilesStillRenders(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("env.txt"), "mode: default\n");
        Files.writeString(run.resolve("jmh.json"), "[]");
        String report = report(run);
        assertTrue(report.startsWith("# Benchmarks: gradtape vs PyTorch, side by side"), report);
        List<String> rows = linalgRows(report);
        assertEquals(15, rows.size(), String.join("\n", rows));
        assertFalse(rows.stream().anyMatch(r -> !r.endsWith("| — | — | — |")), String.join("\n", rows));
    }
}
