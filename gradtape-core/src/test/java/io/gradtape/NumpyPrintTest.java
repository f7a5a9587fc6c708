package io.gradtape;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tensors print their values as NumPy does, which is what TensorFlow shows inside {@code tf.Tensor(...)}: checked
 * against NumPy's own output for 6,060 float32 and float64 scalars and 1,200 short vectors
 * ({@code src/test/resources/print/}, written by {@code scripts/fixtures/write_print_fixtures.py}): random bit
 * patterns, values spread over 1e-8 to 1e18, short decimals, and the edges (zeros, the 1e-4 and 1e16 switches of
 * a scalar's style with their neighbours, the largest, smallest normal and smallest subnormal, NaN and the
 * infinities).
 */
class NumpyPrintTest {

    @Test
    void scalarsPrintAsNumpyDoes() throws IOException {
        List<String[]> rows = rows("scalars.txt");
        assertEquals(6060, rows.size());
        List<String> wrong = new ArrayList<>();
        for (String[] r : rows) {
            Tensor t = tensor(r[0], new String[] {r[1]}, false);
            String expected = "Tensor(" + r[2] + ", shape=(), dtype=" + r[0] + ")";
            if (!t.toString().equals(expected)) {
                wrong.add(expected + " printed as " + t);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " differ, e.g. " + wrong.subList(0, Math.min(5, wrong.size())));
    }

    @Test
    void vectorsPrintAsNumpyDoes() throws IOException {
        List<String[]> rows = rows("vectors.txt");
        assertEquals(1200, rows.size());
        List<String> wrong = new ArrayList<>();
        for (String[] r : rows) {
            String[] bits = r[1].split(",");
            Tensor t = tensor(r[0], bits, true);
            String expected = "Tensor(" + r[2] + ", shape=(" + bits.length + ",), dtype=" + r[0] + ")";
            if (!t.toString().equals(expected)) {
                wrong.add(expected + " printed as " + t);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " differ, e.g. " + wrong.subList(0, Math.min(5, wrong.size())));
    }

    @Test
    void theFormerJavaStyleCases() {
        // Java's Float.toString switches to scientific below 1e-3 and from 1e7, and from 1e7 gives extra digits
        assertEquals("Tensor(0.0006053583, shape=(), dtype=float32)", Tensors.constant(6.053583e-4f).toString());
        assertEquals("Tensor(10000000.0, shape=(), dtype=float32)", Tensors.constant(1e7f).toString());
        assertEquals("Tensor(123456790.0, shape=(), dtype=float32)", Tensors.constant(123456789f).toString());
        assertEquals("Tensor([8.110916e+08], shape=(1,), dtype=float32)",
                Tensors.constant(new float[] {8.1109158e8f}, 1).toString());
        assertEquals("Tensor(1e-04, shape=(), dtype=float32)", Tensors.constant(1e-4f).toString());
        assertEquals("Tensor(0.0001, shape=(), dtype=float64)", Tensors.constant(1e-4).toString());
    }

    private static Tensor tensor(String dtype, String[] bits, boolean vector) {
        int n = bits.length;
        if (dtype.equals("float32")) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(bits[i], 16));
            }
            return vector ? Tensors.constant(v, n) : Tensors.constant(v[0]);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Double.longBitsToDouble(Long.parseUnsignedLong(bits[i], 16));
        }
        return vector ? Tensors.constant(v, n) : Tensors.constant(v[0]);
    }

    private static List<String[]> rows(String name) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = NumpyPrintTest.class.getResourceAsStream("/print/" + name);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                rows.add(line.split("\t"));
            }
        }
        return rows;
    }
}
