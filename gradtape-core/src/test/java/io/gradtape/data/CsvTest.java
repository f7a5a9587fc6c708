package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** Csv: the format, the options, gzip, and error messages that name file, line and column. */
class CsvTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path gzip(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    private static Table read(String text, Csv.Options o) throws IOException {
        return Csv.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv", o);
    }

    private CsvFormatException bad(String text, Csv.Options o) throws IOException {
        Path p = write("bad.csv", text);
        return assertThrows(CsvFormatException.class, () -> Csv.read(p, o));
    }

    // ------------------------------------------------------------ reading

    @Test
    void defaultsReadAllColumnsAsFloat32Features() throws IOException {
        Table t = Csv.read(write("a.csv", "1,2,3\n4,5,6\n"));
        assertEquals(DType.FLOAT32, t.features().dtype());
        assertEquals(Shape.of(2, 3), t.features().shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.features().toFloatArray());
        assertNull(t.labels());
        assertEquals(2, t.rows());
        assertEquals(1, t.dataset().iterator().next().size());
    }

    @Test
    void headerLabelsAndDtypes() throws IOException {
        Csv.Options o = Csv.options().header(true).labelColumns(-1);
        Table t = Csv.read(write("iris.csv", "a,b,species\n5.1,1.4,0\n6.3,4.9,2\n"), o);
        assertArrayEquals(new float[] {5.1f, 1.4f, 6.3f, 4.9f}, t.features().toFloatArray());
        assertEquals(DType.INT32, t.labels().dtype());
        assertEquals(Shape.of(2), t.labels().shape());
        assertArrayEquals(new int[] {0, 2}, t.labels().toIntArray());
        Batch first = t.dataset().iterator().next();
        assertEquals(0, first.y().intValue());

        Table two = read("1,10,2,20\n3,30,4,40\n",
                Csv.options().labelColumns(1, 3).labelDtype(DType.FLOAT64).dtype(DType.INT64));
        assertEquals(DType.INT64, two.features().dtype());
        assertEquals(Shape.of(2, 2), two.labels().shape());
        assertArrayEquals(new double[] {10, 20, 30, 40}, two.labels().toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3, 4}, two.features().toDoubleArray());

        Table mixed = read("0.1,2\n", Csv.options().dtype(DType.FLOAT64).labelColumns(-1).labelDtype(DType.INT64));
        assertEquals(DType.FLOAT64, mixed.features().dtype(), "labelDtype after dtype keeps the features' dtype");
        assertEquals(0.1, mixed.features().doubleValue());
        assertEquals(DType.INT64, mixed.labels().dtype());
        Table d = read("0.1,1e-3\n-.5,+2.5E+2\n", Csv.options().dtype(DType.FLOAT64));
        assertArrayEquals(new double[] {0.1, 1e-3, -0.5, 250}, d.features().toDoubleArray());
        Table i = read("1,2.0\n-3,4e1\n", Csv.options().dtype(DType.INT32));
        assertArrayEquals(new int[] {1, 2, -3, 40}, i.features().toIntArray());
    }

    @Test
    void float32ValuesAreRoundedOnceNotThroughDouble() throws IOException {
        // the nearest float to this decimal is 1 + 2^-23; via the nearest double it would be 1 + 2^-22
        String s = "1.00000017881393432617187499";
        float f = read(s + "\n", Csv.options()).features().floatValue();
        assertEquals(Float.parseFloat(s), f);
        assertNotEquals((float) Double.parseDouble(s), f);
    }

    @Test
    void formatDetails() throws IOException {
        String text = "skip me\n\"x\";\"y\"\r\n 1 ; \"2\" \r\n\r\n  \n3;4\n\n";
        Table t = read(text, Csv.options().skipLines(1).header(true).delimiter(';'));
        assertArrayEquals(new float[] {1, 2, 3, 4}, t.features().toFloatArray());
        Table tab = read("1\t2\n3\t4", Csv.options().delimiter('\t'));
        assertEquals(Shape.of(2, 2), tab.features().shape());
        Table special = read("nan,inf,-Infinity,+INF\n", Csv.options());
        float[] v = special.features().toFloatArray();
        assertTrue(Float.isNaN(v[0]));
        assertEquals(Float.POSITIVE_INFINITY, v[1]);
        assertEquals(Float.NEGATIVE_INFINITY, v[2]);
        assertEquals(Float.POSITIVE_INFINITY, v[3]);
        Table bom = read("\uFEFFa,b\n1,2\n", Csv.options().header(true));
        assertArrayEquals(new float[] {1, 2}, bom.features().toFloatArray());
        Table bomData = read("\uFEFF1,2\n", Csv.options());
        assertArrayEquals(new float[] {1, 2}, bomData.features().toFloatArray());
        Table many = read("1,2\n".repeat(1000), Csv.options().labelColumns(0));
        assertEquals(1000, many.rows());
        assertEquals(Shape.of(1000, 1), many.features().shape());
    }

    @Test
    void gzipIsRecognizedByItsBytes() throws IOException {
        String text = "1,2,0\n3,4,1\n";
        Table a = Csv.read(gzip("d.csv.gz", text), Csv.options().labelColumns(-1));
        assertArrayEquals(new float[] {1, 2, 3, 4}, a.features().toFloatArray());
        assertArrayEquals(new int[] {0, 1}, a.labels().toIntArray());
        Table b = Csv.read(gzip("no-suffix.dat", text), Csv.options().labelColumns(-1));
        assertArrayEquals(a.features().toFloatArray(), b.features().toFloatArray());
        Table c = Csv.read(dir.resolve("d.csv.gz").toUri().toURL(), Csv.options().labelColumns(-1));
        assertArrayEquals(a.labels().toIntArray(), c.labels().toIntArray());
    }

    @Test
    void integerColumnsAreParsedExactlyNotThroughDouble() throws IOException {
        // a whole number written with a fraction or exponent is its exact value: through double,
        // 12345678901234567.0 became ...568 and 9007199254740993.0 (2^53 + 1) became 2^53
        Csv.Options int64 = Csv.options().labelColumns(-1).labelDtype(DType.INT64);
        String text = "0,12345678901234567.0\n0,9007199254740993.0\n0,-9223372036854775808.0\n"
                + "0,9223372036854775807.000\n0,1.2345678901234567e16\n0,-0.0\n0,0e999999999999\n0,5.\n0,+7\n";
        assertArrayEquals(new long[] {12345678901234567L, 9007199254740993L, Long.MIN_VALUE, Long.MAX_VALUE,
                12345678901234567L, 0, 0, 5, 7}, read(text, int64).labels().toLongArray());
        // integer feature columns likewise
        Table f = read("9007199254740993.0,1\n", Csv.options().dtype(DType.INT64).labelColumns(-1));
        assertEquals(9007199254740993L, f.features().toLongArray()[0]);
        Table i32 = read("0,-2147483648.0\n0,2.147483647e9\n", Csv.options().labelColumns(-1));
        assertArrayEquals(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, i32.labels().toIntArray());
        // a fractional part, however small, is not an integer (double rounds 0.99999999999999999 to 1)
        for (String v : new String[] {"0.99999999999999999", "9007199254740993.5", "1e-999999999999", "1.5e-2147483647"}) {
            CsvFormatException e = assertThrows(CsvFormatException.class, () -> read("0\n" + v + "\n",
                    Csv.options().labelColumns(0)), v);
            assertEquals("t.csv line 2, column 1: \"" + v + "\" is not an integer (the label dtype is int32)",
                    e.getMessage());
            assertEquals(2, e.line());
            assertEquals(1, e.column());
        }
        // out of range: just past Long's and Int's ends, and exponents too large to expand
        String[][] outside = {{"9223372036854775808.0", "int64"}, {"-9223372036854775809", "int64"},
                {"1e19", "int64"}, {"1e999999999999", "int64"}, {"2147483648.0", "int32"}, {"-2.147483649e9", "int32"}};
        for (String[] c : outside) {
            Csv.Options o = Csv.options().dtype(c[1].equals("int64") ? DType.INT64 : DType.INT32);
            CsvFormatException e = assertThrows(CsvFormatException.class, () -> read("1,2\n3," + c[0] + "\n", o), c[0]);
            assertEquals("t.csv line 2, column 2: \"" + c[0] + "\" is out of the range of " + c[1], e.getMessage());
        }
    }

    // ------------------------------------------------------------ errors

    @Test
    void aBadValueNamesFileLineAndColumn() throws IOException {
        CsvFormatException e = bad("1,2\n3,4\n5,abc\n", Csv.options());
        Path p = dir.resolve("bad.csv");
        assertEquals(p + " line 3, column 2: \"abc\" is not a number", e.getMessage());
        assertEquals(p.toString(), e.source());
        assertEquals(3, e.line());
        assertEquals(2, e.column());
        for (String s : new String[] {"1f", "0x10", "1,5e", "--1", ".", "1.2.3", "e5", "1 2", "nanx"}) {
            CsvFormatException f = assertThrows(CsvFormatException.class,
                    () -> read("0;0\n0;" + s + "\n", Csv.options().delimiter(';')), s);
            assertTrue(f.getMessage().startsWith("t.csv line 2, column 2: \"" + s + "\" is not a number"),
                    f.getMessage());
        }
    }

    @Test
    void aHeaderReadAsDataGetsAHint() throws IOException {
        CsvFormatException e = bad("x,y\n1,2\n", Csv.options());
        assertTrue(e.getMessage().endsWith("line 1, column 1: \"x\" is not a number"
                + " (is line 1 a header? read with Csv.options().header(true))"), e.getMessage());
    }

    @Test
    void rowLengthEmptyValuesAndIntegers() throws IOException {
        CsvFormatException e = bad("a,b\n1,2\n3,4\n5,6,7\n", Csv.options().header(true));
        assertTrue(e.getMessage().endsWith("bad.csv line 4: 3 fields, but line 2 has 2 (delimiter ',')"),
                e.getMessage());
        assertEquals(0, e.column());
        e = bad("1,2\n,4\n", Csv.options());
        assertTrue(e.getMessage().endsWith("line 2, column 1: empty value"), e.getMessage());
        e = bad("1,2\n3,1.5\n", Csv.options().labelColumns(-1));
        assertTrue(e.getMessage().endsWith("line 2, column 2: \"1.5\" is not an integer (the label dtype is int32)"),
                e.getMessage());
        e = bad("1,3000000000\n", Csv.options().labelColumns(-1));
        assertTrue(e.getMessage().endsWith("line 1, column 2: \"3000000000\" is out of the range of int32"),
                e.getMessage());
        assertEquals(3_000_000_000L, read("1,3000000000\n", Csv.options().labelColumns(-1).labelDtype(DType.INT64))
                .labels().longValue());
        e = bad("1,2\n", Csv.options().labelColumns(5));
        assertTrue(e.getMessage().endsWith("line 1: label column 5 is out of range for 2 columns"
                + " (0-based indices, -1 is the last)"), e.getMessage());
        e = bad("1,2\n", Csv.options().labelColumns(1, -1));
        assertTrue(e.getMessage().endsWith("label column -1 is given twice"), e.getMessage());
        e = bad("a,b\n\n", Csv.options().header(true));
        assertTrue(e.getMessage().endsWith("bad.csv: no data rows (2 lines read, 1 skipped as header or by skipLines)"),
                e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void truncatedGzipIsAFormatError() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write("1,2\n".repeat(5000).getBytes(StandardCharsets.UTF_8));
        }
        byte[] all = bytes.toByteArray();
        Path p = dir.resolve("cut.csv.gz");
        Files.write(p, Arrays.copyOf(all, all.length / 2));
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> Csv.read(p));
        assertTrue(e.getMessage().startsWith(p + ": truncated or corrupt gzip data after line "), e.getMessage());
        assertNotNull(e.getCause());
        Files.write(p, Arrays.copyOf(all, 5));
        e = assertThrows(CsvFormatException.class, () -> Csv.read(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
    }

    @Test
    void optionErrors() {
        assertEquals("Csv.Options.delimiter: '.' can occur in a number, a quoted field or a line break; choose another",
                assertThrows(IllegalArgumentException.class, () -> Csv.options().delimiter('.')).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Csv.options().delimiter('e'));
        assertThrows(IllegalArgumentException.class, () -> Csv.options().delimiter('"'));
        assertThrows(IllegalArgumentException.class, () -> Csv.options().skipLines(-1));
        assertEquals("Csv.Options.dtype: bool is not a numeric dtype",
                assertThrows(IllegalArgumentException.class, () -> Csv.options().dtype(DType.BOOL)).getMessage());
        assertThrows(NullPointerException.class, () -> Csv.options().labelDtype(null));
        assertThrows(NullPointerException.class, () -> Csv.read((Path) null));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Csv.read(dir.resolve("missing.csv")));
        assertEquals("Csv.Options(header=true, skipLines=0, delimiter=',', labelColumns=[-1], dtype=float32,"
                + " labelDtype=int32)", Csv.options().header(true).labelColumns(-1).toString());
    }

    @Test
    void tableChecksItsParts() {
        Tensor x = io.gradtape.Tensors.zeros(DType.FLOAT32, 3, 2);
        assertThrows(IllegalArgumentException.class, () -> new Table(io.gradtape.Tensors.zeros(DType.FLOAT32, 3), null));
        assertThrows(IllegalArgumentException.class, () -> new Table(x, io.gradtape.Tensors.zeros(DType.INT32, 4)));
        assertThrows(NullPointerException.class, () -> new Table(null, null));
    }
}
