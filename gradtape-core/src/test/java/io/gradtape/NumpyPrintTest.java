package io.gradtape;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tensors print their values as NumPy does, which is what TensorFlow shows inside {@code tf.Tensor(...)}: checked
 * against NumPy's own output for 6,060 float32 and float64 scalars, 1,200 short vectors and 126 arrays of every
 * dtype and rank 1-4 whose rows wrap or that are summarized
 * ({@code src/test/resources/print/}, written by {@code scripts/fixtures/write_print_fixtures.py}): random bit
 * patterns, values spread over 1e-8 to 1e18, short decimals, and the edges (zeros, the 1e-4 and 1e16 switches of
 * a scalar's style with their neighbours, the largest, smallest normal and smallest subnormal, NaN and the
 * infinities).
 */
class NumpyPrintTest {

    @Test
    void scalarsPrintAsNumpyDoes() throws IOException {
        assertPrintsAsNumpy("scalars.txt", 6060, r -> tensor(r[0], new String[] {r[1]}, false), r -> Shape.of(),
                r -> r[2]);
    }

    @Test
    void vectorsPrintAsNumpyDoes() throws IOException {
        assertPrintsAsNumpy("vectors.txt", 1200, r -> tensor(r[0], r[1].split(","), true),
                r -> Shape.of(r[1].split(",").length), r -> r[2]);
    }

    @Test
    void arraysWrapAndSummarizeAsNumpyDoes() throws IOException {
        assertPrintsAsNumpy("arrays.txt", 126, r -> {
            Shape shape = shapeOf(r[1]);
            return Tensors.reshape(flat(r[0], r[2], shape.size()), shape.dims());
        }, r -> shapeOf(r[1]), r -> r[3].replace("\\n", "\n"));
    }

    private static Shape shapeOf(String dims) {
        return Shape.of(java.util.Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray());
    }

    /**
     * Every row of a fixture file makes a tensor that prints as {@code Tensor(<NumPy's text>, shape=..., dtype=...)},
     * the text on a new line when it has several, as TensorFlow prints it.
     */
    private static void assertPrintsAsNumpy(String file, int count, Function<String[], Tensor> make,
                                            Function<String[], Shape> shape, Function<String[], String> numpyText)
            throws IOException {
        List<String[]> rows = rows(file);
        assertEquals(count, rows.size());
        List<String> wrong = new ArrayList<>();
        for (String[] r : rows) {
            Tensor t = make.apply(r);
            String text = numpyText.apply(r);
            String expected = "Tensor(" + (text.contains("\n") ? "\n" : "") + text + ", shape=" + shape.apply(r)
                    + ", dtype=" + r[0] + ")";
            if (!t.toString().equals(expected)) {
                wrong.add(expected + "\nprinted as\n" + t);
            }
        }
        assertTrue(wrong.isEmpty(),
                wrong.size() + " differ, e.g.\n" + String.join("\n\n", wrong.subList(0, Math.min(3, wrong.size()))));
    }

    @Test
    void aMatrixStartsOnANewLineAsInTensorFlow() {
        assertEquals("Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)",
                Tensors.constant(new float[] {1, 2, 3, 4}, 2, 2).toString());
        assertEquals("Tensor([ True  True], shape=(2,), dtype=bool)",
                Tensors.cast(Tensors.constant(new int[] {1, 1}, 2), DType.BOOL).toString());
    }

    /** The values of an arrays.txt row: hex bits, decimals, 0/1, or {@code arange <scale>}. */
    private static Tensor flat(String dtype, String values, int size) {
        if (values.startsWith("arange ")) {
            double scale = Double.parseDouble(values.substring(7));
            switch (dtype) {
                case "float32": {
                    float[] v = new float[size];
                    for (int i = 0; i < size; i++) {
                        v[i] = (float) i * (float) scale;
                    }
                    return Tensors.constant(v, size);
                }
                case "float64": {
                    double[] v = new double[size];
                    for (int i = 0; i < size; i++) {
                        v[i] = i * scale;
                    }
                    return Tensors.constant(v, size);
                }
                default: {
                    int[] v = new int[size];
                    for (int i = 0; i < size; i++) {
                        v[i] = i * (int) scale;
                    }
                    Tensor t = Tensors.constant(v, size);
                    return dtype.equals("int64") ? Tensors.cast(t, DType.INT64) : t;
                }
            }
        }
        String[] parts = values.split(",");
        switch (dtype) {
            case "float32":
            case "float64":
                return tensor(dtype, parts, true);
            default: { // int32, int64 (every fixture value fits in an int) and bool (0 or 1)
                int[] v = new int[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    v[i] = Integer.parseInt(parts[i]);
                }
                Tensor t = Tensors.constant(v, parts.length);
                return dtype.equals("int64") ? Tensors.cast(t, DType.INT64)
                        : dtype.equals("bool") ? Tensors.cast(t, DType.BOOL) : t;
            }
        }
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
