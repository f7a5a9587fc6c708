package io.gradtape.checkpoint;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading NumPy's own files (fixtures from scripts/fixtures/write_npz_fixtures.py), round trips, and damaged files. */
class NpzTest {
    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = NpzTest.class.getResourceAsStream("/npz/" + name)) {
            assertTrue(in != null, "missing test resource /npz/" + name);
            Files.copy(in, p);
        }
        return p;
    }

    private static void assertTensor(Tensor t, DType dtype, Shape shape) {
        assertEquals(dtype, t.dtype());
        assertEquals(shape, t.shape());
    }

    private void checkBasic(Map<String, Tensor> m) {
        assertEquals(List.of("dense_1/kernel", "dense_1/bias", "f8", "i4", "i8", "b1", "scalar", "empty"), List.copyOf(m.keySet()));
        assertTensor(m.get("dense_1/kernel"), DType.FLOAT32, Shape.of(2, 3));
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 0.5f, 1f, 1.5f}, m.get("dense_1/kernel").toFloatArray());
        assertArrayEquals(new float[] {0.1f, -2.5f, 3e-8f}, m.get("dense_1/bias").toFloatArray());
        assertTensor(m.get("f8"), DType.FLOAT64, Shape.of(2, 2));
        assertArrayEquals(new double[] {0, 1 / 3.0, 2 / 3.0, 1.0}, m.get("f8").toDoubleArray());
        assertTensor(m.get("i4"), DType.INT32, Shape.of(4));
        assertArrayEquals(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, m.get("i4").toIntArray());
        assertTensor(m.get("i8"), DType.INT64, Shape.of(2, 2));
        assertArrayEquals(new long[] {Long.MIN_VALUE, 1L << 40, 7, Long.MAX_VALUE}, longs(m.get("i8")));
        assertTensor(m.get("b1"), DType.BOOL, Shape.of(3));
        assertArrayEquals(new int[] {1, 0, 1}, m.get("b1").toIntArray());
        assertTensor(m.get("scalar"), DType.FLOAT32, Shape.SCALAR);
        assertEquals(2.5f, m.get("scalar").floatValue());
        assertTensor(m.get("empty"), DType.FLOAT32, Shape.of(0, 3));
    }

    /** int64 values without going through double (which would round 2^63-1). */
    private static long[] longs(Tensor t) {
        long[] out = new long[t.size()];
        Tensor flat = t.reshape(t.size());
        for (int i = 0; i < out.length; i++) {
            out[i] = Tensors.slice(flat, new int[] {i}, new int[] {1}).reshape().longValue();
        }
        return out;
    }

    @Test
    void readsNumpySavez() throws IOException {
        checkBasic(Npz.read(fixture("basic_savez.npz")));
    }

    @Test
    void readsNumpySavezCompressed() throws IOException {
        checkBasic(Npz.read(fixture("basic_savez_compressed.npz")));
    }

    @Test
    void readsBigEndian() throws IOException {
        Map<String, Tensor> m = Npz.read(fixture("big_endian.npz"));
        assertArrayEquals(new float[] {-2.25f, -1.25f, -0.25f, 0.75f, 1.75f}, m.get("f4").toFloatArray());
        assertArrayEquals(new double[] {0, 1 / 7.0, 2 / 7.0, 3 / 7.0, 4 / 7.0}, m.get("f8").toDoubleArray());
        assertArrayEquals(new int[] {-3, 70000, Integer.MAX_VALUE}, m.get("i4").toIntArray());
        assertArrayEquals(new long[] {-(1L << 40), 5}, longs(m.get("i8")));
    }

    @Test
    void widensNarrowIntegersToInt32() throws IOException {
        Map<String, Tensor> m = Npz.read(fixture("narrow_ints.npz"));
        for (Tensor t : m.values()) {
            assertEquals(DType.INT32, t.dtype());
        }
        assertArrayEquals(new int[] {0, 1, 200, 255}, m.get("u1").toIntArray());
        assertArrayEquals(new int[] {-128, -1, 0, 127}, m.get("i1").toIntArray());
        assertArrayEquals(new int[] {-32768, -1, 0, 32767}, m.get("i2").toIntArray());
    }

    @Test
    void transposesFortranOrder() throws IOException {
        Map<String, Tensor> m = Npz.read(fixture("fortran_order.npz"));
        assertTensor(m.get("m"), DType.FLOAT32, Shape.of(2, 3));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, m.get("m").toFloatArray());
        assertTensor(m.get("t"), DType.INT64, Shape.of(2, 3, 4));
        long[] expected = new long[24];
        Arrays.setAll(expected, i -> i);
        assertArrayEquals(expected, longs(m.get("t")));
    }

    @Test
    void refusesFloat16NamingFileKeyAndType() throws IOException {
        Path f = fixture("float16.npz");
        NpzFormatException e = assertThrows(NpzFormatException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().contains("float16.npz") && e.getMessage().contains("'h'") && e.getMessage().contains("<f2"), e.getMessage());
        assertEquals("h", e.key());
        assertEquals(f, e.file());
    }

    private static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        float[] big = new float[70_001];   // more than one 64 KiB chunk
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) Math.sin(i) * 1e3f;
        }
        big[5] = Float.intBitsToFloat(0x7fc01234);   // a NaN payload survives
        big[6] = -0.0f;
        m.put("layer/kernel", Tensors.constant(big));
        m.put("f8", Tensors.constant(new double[] {Math.PI, -1e-300, Double.NEGATIVE_INFINITY}, 3));
        m.put("i4", Tensors.constant(new int[] {1, -2, 3, -4, 5, -6}, 1, 2, 1, 3));
        m.put("i8", Tensors.constant(Long.MIN_VALUE + 3));
        m.put("bool", Tensors.greater(Tensors.constant(new float[] {1, -1, 2}, 3), Tensors.constant(0f)));
        m.put("empty", Tensors.zeros(DType.FLOAT64, 2, 0));
        m.put("var", new Variable(Tensors.constant(new float[] {4, 5}, 2)));
        return m;
    }

    @Test
    void roundTripsEveryDtypeBitForBit() throws IOException {
        Map<String, Tensor> m = sample();
        Path f = dir.resolve("rt.npz");
        Npz.write(f, m);
        Map<String, Tensor> back = Npz.read(f);
        assertEquals(List.copyOf(m.keySet()), List.copyOf(back.keySet()));
        for (String k : m.keySet()) {
            Tensor a = m.get(k);
            Tensor b = back.get(k);
            assertEquals(a.dtype(), b.dtype(), k);
            assertEquals(a.shape(), b.shape(), k);
            if (a.dtype() == DType.FLOAT32) {
                float[] x = a.toFloatArray();
                float[] y = b.toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), k + "[" + i + "]");
                }
            } else if (a.dtype() == DType.INT64) {
                assertArrayEquals(longs(a), longs(b), k);
            } else {
                assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), k);
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "no temporary file is left beside the checkpoint");
        }
    }

    @Test
    void sameTensorsGiveSameBytes() throws IOException {
        Path a = dir.resolve("a.npz");
        Path b = dir.resolve("b.npz");
        Npz.write(a, sample());
        Npz.write(b, sample());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void writeReplacesAnExistingFile() throws IOException {
        Path f = dir.resolve("w.npz");
        Npz.write(f, Map.of("x", Tensors.constant(1f)));
        Npz.write(f, Map.of("y", Tensors.constant(2f)));
        assertEquals(List.of("y"), List.copyOf(Npz.read(f).keySet()));
    }

    @Test
    void truncatedFilesAreFormatErrorsAtEveryLength() throws IOException {
        Path good = dir.resolve("good.npz");
        Npz.write(good, Map.of("a", Tensors.constant(new float[] {1, 2, 3}, 3), "b", Tensors.constant(new int[] {4}, 1)));
        byte[] bytes = Files.readAllBytes(good);
        Path bad = dir.resolve("bad.npz");
        for (int len = 0; len < bytes.length; len++) {
            Files.write(bad, Arrays.copyOf(bytes, len));
            NpzFormatException e = assertThrows(NpzFormatException.class, () -> Npz.read(bad), "length " + len);
            assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        }
    }

    @Test
    void aFlippedDataBitIsACrcMismatchNamingTheKey() throws IOException {
        Path f = dir.resolve("flip.npz");
        Npz.write(f, Map.of("weights", Tensors.constant(new float[] {1, 2, 3, 4}, 4)));
        byte[] bytes = Files.readAllBytes(f);
        int at = indexOf(bytes, new byte[] {0, 0, (byte) 0x80, 0x3f});   // 1.0f little-endian
        bytes[at + 2] ^= 0x01;
        Files.write(f, bytes);
        NpzFormatException e = assertThrows(NpzFormatException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().contains("'weights'") && e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void aCorruptHeaderIsAFormatError() throws IOException {
        Path f = dir.resolve("hdr.npz");
        Npz.write(f, Map.of("w", Tensors.constant(new float[] {1, 2}, 2)));
        byte[] bytes = Files.readAllBytes(f);
        int at = indexOf(bytes, "'shape'".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        bytes[at + 1] = 'x';   // also breaks the CRC; the header check speaks first
        Files.write(f, bytes);
        NpzFormatException e = assertThrows(NpzFormatException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
    }

    @Test
    void notAZipAndMissingFile() throws IOException {
        Path f = dir.resolve("text.npz");
        Files.writeString(f, "hello, this is not a zip archive");
        NpzFormatException e = assertThrows(NpzFormatException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().contains("not a zip"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> Npz.read(dir.resolve("absent.npz")));
    }

    @Test
    void badKeysAndNullsAreRefusedBeforeWriting() {
        Path f = dir.resolve("k.npz");
        for (String key : new String[] {"", "/abs", "a/../b", "a//b", "back\\slash"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npz.write(f, Map.of(key, Tensors.constant(1f))));
            assertTrue(e.getMessage().contains("k.npz"), e.getMessage());
        }
        Map<String, Tensor> withNull = new LinkedHashMap<>();
        withNull.put("x", null);
        assertThrows(NullPointerException.class, () -> Npz.write(f, withNull));
        assertTrue(Files.notExists(f));
    }

    @Test
    void aFailedWriteLeavesTheOldFile() throws IOException {
        Path f = dir.resolve("keep.npz");
        Npz.write(f, Map.of("x", Tensors.constant(1f)));
        byte[] before = Files.readAllBytes(f);
        assertThrows(IllegalArgumentException.class, () -> Npz.write(f, Map.of("", Tensors.constant(2f))));
        assertThrows(IOException.class, () -> Npz.write(dir.resolve("no/such/dir/x.npz"), Map.of("x", Tensors.constant(1f))));
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    /**
     * A zip names each entry in its local header and again in the central directory, and no CRC covers either.
     * java.util.zip.ZipFile lists the central directory's names only, so a flipped bit there read an array back
     * under another key; Python's zipfile (ZipFile.open, behind numpy.load) refuses the file with "File name in
     * directory 'v.npy' and header b'w.npy' differ", and so does Npz.read now, for a flip on either side.
     */
    @Test
    void aNameThatDiffersBetweenDirectoryAndLocalHeaderIsRefused() throws IOException {
        Path good = dir.resolve("names.npz");
        Npz.write(good, Map.of("w", Tensors.constant(new float[] {1, 2}, 2)));
        byte[] bytes = Files.readAllBytes(good);
        byte[] name = "w.npy".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int local = indexOf(bytes, name);
        int central = lastIndexOf(bytes, name);
        assertTrue(central > local);
        for (int at : new int[] {central, local}) {
            byte[] bad = bytes.clone();
            bad[at] ^= 0x01;   // 'w' -> 'v'
            Path f = dir.resolve("names-" + at + ".npz");
            Files.write(f, bad);
            NpzFormatException e = assertThrows(NpzFormatException.class, () -> Npz.read(f), "flip at " + at);
            assertTrue(e.getMessage().contains("'v.npy'") && e.getMessage().contains("'w.npy'"), e.getMessage());
        }
    }

    /** A length in the end record that points past the file was a bare EOFException from ZipFile. */
    @Test
    void aBadCommentLengthIsAFormatError() throws IOException {
        Path f = dir.resolve("comment.npz");
        Npz.write(f, Map.of("w", Tensors.constant(1f)));
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 2] = 0x10;   // the end record's comment length: 16 bytes that are not there
        Files.write(f, bytes);
        NpzFormatException e = assertThrows(NpzFormatException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    /** What numpy.save writes (one array, no zip) is told apart from a damaged archive. */
    @Test
    void aSingleNpyFileIsToldApart() throws IOException {
        Path npz = dir.resolve("one.npz");
        Npz.write(npz, Map.of("x", Tensors.constant(new float[] {1, 2, 3}, 3)));
        Path npy = dir.resolve("x.npy");
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(npz.toFile());
             InputStream in = z.getInputStream(z.getEntry("x.npy"))) {
            Files.write(npy, in.readAllBytes());   // the .npy bytes numpy.save would write for this array
        }
        NpzFormatException e = assertThrows(NpzFormatException.class, () -> Npz.read(npy));
        assertTrue(e.getMessage().contains("single .npy array") && e.getMessage().contains("numpy.savez"), e.getMessage());
    }

    @Test
    void aMissingDirectoryIsNamedWithTheTarget() {
        Path target = dir.resolve("no/such/dir/x.npz");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Npz.write(target, Map.of("x", Tensors.constant(1f))));
        assertEquals(target.toString(), e.getFile());
    }

    /** One .npy entry with the header dict {@code dict}, as numpy.save lays it out (version 1.0 or 2.0). */
    private static Path npzWithHeader(Path f, String dict, byte[] data) throws IOException {
        byte[] text = (dict + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        boolean v2 = text.length > 0xFFFF;
        java.io.ByteArrayOutputStream npy = new java.io.ByteArrayOutputStream();
        npy.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) (v2 ? 2 : 1), 0});
        npy.write(text.length & 0xFF);
        npy.write(text.length >>> 8 & 0xFF);
        if (v2) {
            npy.write(text.length >>> 16 & 0xFF);
            npy.write(text.length >>> 24);
        }
        npy.write(text);
        npy.write(data);
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new java.util.zip.ZipEntry("a.npy"));
            z.write(npy.toByteArray());
            z.closeEntry();
        }
        return f;
    }

    /**
     * np.array([1, 'a', None], dtype=object) is saved with descr '|O' and a pickle, which a reader must never
     * unpickle (numpy.load refuses it unless allow_pickle=True); a structured dtype of 5000 fields has a header of
     * 70,000 characters, which the message used to quote whole.
     */
    @Test
    void objectArraysAndHugeHeadersAreRefusedWithShortMessages() throws IOException {
        Path obj = npzWithHeader(dir.resolve("obj.npz"), "{'descr': '|O', 'fortran_order': False, 'shape': (3,), }", new byte[] {(byte) 0x80, 4});
        NpzFormatException e = assertThrows(NpzFormatException.class, () -> Npz.read(obj));
        assertTrue(e.getMessage().contains("'|O'") && e.getMessage().contains("pickle") && e.getMessage().contains("'a'"), e.getMessage());

        StringBuilder fields = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
            fields.append("('f").append(i).append("', '<f4'), ");
        }
        fields.append("]");
        Path big = npzWithHeader(dir.resolve("big.npz"), "{'descr': " + fields + ", 'fortran_order': False, 'shape': (1,), }", new byte[20000]);
        e = assertThrows(NpzFormatException.class, () -> Npz.read(big));
        assertTrue(e.getMessage().contains("structured") && e.getMessage().length() < 500, e.getMessage());
    }

    /** A target name that the temporary file's suffix makes too long (over 255 bytes) is named in the error. */
    @Test
    void aTemporaryFileThatCannotBeCreatedNamesTheTarget() {
        Path target = dir.resolve("w".repeat(250) + ".npz");
        java.nio.file.FileSystemException e = assertThrows(java.nio.file.FileSystemException.class,
                () -> Npz.write(target, Map.of("x", Tensors.constant(1f))));
        assertEquals(target.toString(), e.getFile());
        assertTrue(Files.notExists(target));
    }

    private static int lastIndexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = hay.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
