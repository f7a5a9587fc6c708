package io.gradtape.checkpoint;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * gradtape writes, NumPy reads (and writes back, gradtape reads). Runs when a {@code python3} with NumPy is on the
 * PATH (or at /usr/bin/python3); otherwise it is skipped with that reason. {@code .ci/run} installs python3-numpy.
 */
class NumpyInteropTest {
    @TempDir
    Path dir;

    /** A python3 that imports numpy, or null. */
    static String pythonWithNumpy() {
        for (String py : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(py, "-c", "import numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return py;
                }
            } catch (IOException e) {
                // not installed: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    static String run(String python, String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(python, "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), "python failed:\n" + out);
        return out;
    }

    @Test
    void numpyReadsWhatGradtapeWrites() throws Exception {
        String py = pythonWithNumpy();
        assumeTrue(py != null, "skipped: no python3 with NumPy found (apt-get install python3-numpy, as .ci/run does)");
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("dense_1/kernel", Tensors.constant(new float[] {1.5f, -2, 3, 4e-8f, 5, 6}, 2, 3));
        m.put("f8", Tensors.constant(new double[] {Math.PI, -1e300}, 2));
        m.put("i4", Tensors.constant(new int[] {Integer.MIN_VALUE, 7}, 2));
        m.put("i8", Tensors.constant(Long.MAX_VALUE));
        m.put("b1", Tensors.less(Tensors.constant(new float[] {1, 3}, 2), Tensors.constant(2f)));
        m.put("empty", Tensors.zeros(io.gradtape.DType.FLOAT32, 0, 4));
        Path f = dir.resolve("from_java.npz");
        Path back = dir.resolve("from_numpy.npz");
        Npz.write(f, m);
        String script = String.join("\n",
                "import sys, numpy as np",
                "z = np.load(sys.argv[1])",
                "assert list(z.keys()) == ['dense_1/kernel', 'f8', 'i4', 'i8', 'b1', 'empty'], list(z.keys())",
                "k = z['dense_1/kernel']",
                "assert k.dtype == np.float32 and k.shape == (2, 3), (k.dtype, k.shape)",
                "assert (k == np.array([[1.5, -2, 3], [np.float32(4e-8), 5, 6]], dtype=np.float32)).all(), k",
                "assert z['f8'].dtype == np.float64 and z['f8'][0] == np.pi and z['f8'][1] == -1e300",
                "assert z['i4'].dtype == np.int32 and z['i4'].tolist() == [-2**31, 7]",
                "assert z['i8'].dtype == np.int64 and z['i8'].shape == () and int(z['i8']) == 2**63 - 1",
                "assert z['b1'].dtype == np.bool_ and z['b1'].tolist() == [True, False]",
                "assert z['empty'].dtype == np.float32 and z['empty'].shape == (0, 4)",
                "np.savez_compressed(sys.argv[2], doubled=(k * 2), flags=~z['b1'])",
                "print('numpy', np.__version__, 'ok')");
        String out = run(py, script, f.toString(), back.toString());
        assertEquals(true, out.contains("ok"), out);
        Map<String, Tensor> fromNumpy = Npz.read(back);
        assertArrayEquals(new float[] {3, -4, 6, 8e-8f, 10, 12}, fromNumpy.get("doubled").toFloatArray());
        assertArrayEquals(new int[] {0, 1}, fromNumpy.get("flags").toIntArray());
    }
}
