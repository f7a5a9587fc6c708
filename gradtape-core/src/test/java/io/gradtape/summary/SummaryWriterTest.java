package io.gradtape.summary;

import io.gradtape.Tensors;
import io.gradtape.internal.summary.TfRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event files of {@link SummaryWriter}, read back by the test's own framing and protobuf reader. */
class SummaryWriterTest {
    @TempDir
    Path dir;

    // Expected values from scripts/fixtures/tensorboard/crc32c.py (a bit-by-bit CRC-32C from its definition); the
    // unmasked ones are also RFC 3720 B.4's and TF's crc32c_test.cc, and 0xe3069283 is CRC-32C's check value.
    @Test
    void crc32cAndMaskMatchTheVectors() {
        Object[][] vectors = {
            {"123456789".getBytes(StandardCharsets.US_ASCII), 0xe3069283, 0xc78ab0e5},
            {new byte[32], 0x8a9136aa, 0x0fd7fffa},
            {filled(32, (byte) 0xff), 0x62a8ab43, 0xf909b029},
            {ascending(), 0x46dd794e, 0x951f7892},
            {descending(), 0x113fdb5c, 0x593b0d57},
            {new byte[] {9, 0, 0, 0, 0, 0, 0, 0}, 0x872fcb77, 0x3971f937},
        };
        for (Object[] v : vectors) {
            byte[] b = (byte[]) v[0];
            assertEquals((int) v[1], TfRecord.crc32c(b, 0, b.length), Arrays.toString(b));
            assertEquals((int) v[2], TfRecord.maskedCrc32c(b), Arrays.toString(b));
            assertEquals((int) v[1], TfRecord.unmask((int) v[2]));
            assertEquals((int) v[2], EventFileReader.maskedCrc(b, 0, b.length));
        }
        // TF's crc32c_test "Mask": masking changes a CRC, twice changes it again, unmasking undoes both.
        int crc = 0xe3069283;
        assertTrue(TfRecord.mask(crc) != crc && TfRecord.mask(TfRecord.mask(crc)) != crc);
        assertEquals(crc, TfRecord.unmask(TfRecord.unmask(TfRecord.mask(TfRecord.mask(crc)))));
    }

    @Test
    void framingIsLengthCrcDataCrc() {
        byte[] framed = TfRecord.frame(new byte[] {1, 2, 3});
        assertEquals(3 + 16, framed.length);
        assertArrayEquals(new byte[] {3, 0, 0, 0, 0, 0, 0, 0}, Arrays.copyOf(framed, 8));
        EventFileReader.Records r = EventFileReader.records(framed);
        assertFalse(r.tornTail());
        assertArrayEquals(new byte[] {1, 2, 3}, r.data().get(0));
    }

    @Test
    void fileNameAndFirstEventAreTf2s() throws Exception {
        Path logdir = dir.resolve("run1/train");   // created with its parents
        Path file;
        try (SummaryWriter w = SummaryWriter.create(logdir)) {
            file = w.file();
        }
        assertEquals(logdir, file.getParent());
        String name = file.getFileName().toString();
        String host = name.split("\\.")[3];
        assertTrue(name.matches("events\\.out\\.tfevents\\.\\d{10}\\..+\\.\\d+\\.\\d+\\.v2"), name);
        assertTrue(name.endsWith("." + ProcessHandle.current().pid() + "." + name.split("\\.")[name.split("\\.").length - 2] + ".v2"), name);
        assertFalse(host.isEmpty());
        List<EventFileReader.Event> events = EventFileReader.read(file);
        assertEquals(1, events.size());
        assertEquals("brain.Event:2", events.get(0).fileVersion());
        double now = System.currentTimeMillis() / 1000.0;
        assertTrue(Math.abs(events.get(0).wallTime() - now) < 3600, "wall_time in seconds since the epoch");
    }

    @Test
    void twoWritersInOneDirectoryGetTwoFiles() {
        try (SummaryWriter a = SummaryWriter.create(dir); SummaryWriter b = SummaryWriter.create(dir)) {
            assertFalse(a.file().equals(b.file()));
        }
    }

    @Test
    void scalarsAreFloat32TensorsOfTheScalarsPlugin() throws Exception {
        Path file;
        try (SummaryWriter w = SummaryWriter.create(dir)) {
            file = w.file();
            w.scalar("loss", 0.1, 0);
            w.scalar("loss", 2.5, 1);
            w.scalar("train/acc", Double.NaN, -3);
            w.scalar("train/acc", Double.POSITIVE_INFINITY, Long.MAX_VALUE);
        }
        List<EventFileReader.Event> ev = EventFileReader.read(file);
        assertEquals(5, ev.size());
        String[] tags = {"loss", "loss", "train/acc", "train/acc"};
        long[] steps = {0, 1, -3, Long.MAX_VALUE};
        float[] values = {0.1f, 2.5f, Float.NaN, Float.POSITIVE_INFINITY};
        for (int i = 0; i < 4; i++) {
            EventFileReader.Event e = ev.get(i + 1);
            assertNull(e.fileVersion());
            assertEquals(tags[i], e.tag());
            assertEquals(steps[i], e.step());
            assertEquals("scalars", e.pluginName());
            assertEquals(0, e.pluginContent().length);   // ScalarPluginData(version=0) serializes to no bytes
            assertEquals(1, e.dataClass());               // DATA_CLASS_SCALAR
            assertEquals(1, e.dtype());                   // DT_FLOAT
            assertEquals(0, e.shape().length);
            assertArrayEquals(new float[] {values[i]}, EventFileReader.floats(e.tensorContent()));
            assertTrue(e.wallTime() >= ev.get(i).wallTime());
        }
    }

    // Hand-derived buckets of {0, 1, 1, 3}: min 0, max 3, width 3/30 = 0.1; floor(x / 0.1) gives 0, 10, 10, 30,
    // clamped to 29; edges i * 0.1 (the last right edge exactly 3).
    @Test
    void histogramHasTensorBoardsThirtyBuckets() throws Exception {
        Path file;
        try (SummaryWriter w = SummaryWriter.create(dir)) {
            file = w.file();
            w.histogram("w", Tensors.constant(new float[] {0, 1, 1, 3}, 2, 2), 7);
            w.histogram("same", Tensors.constant(new int[] {2, 2, 2}, 3), 8);
            w.histogram("empty", Tensors.zeros(io.gradtape.DType.FLOAT32, 0, 5), 9);
        }
        List<EventFileReader.Event> ev = EventFileReader.read(file);
        EventFileReader.Event h = ev.get(1);
        assertEquals("w", h.tag());
        assertEquals(7, h.step());
        assertEquals("histograms", h.pluginName());
        assertEquals(0, h.pluginContent().length);
        assertEquals(2, h.dataClass());   // DATA_CLASS_TENSOR
        assertEquals(2, h.dtype());       // DT_DOUBLE
        assertArrayEquals(new long[] {30, 3}, h.shape());
        double[] rows = EventFileReader.doubles(h.tensorContent());
        assertEquals(90, rows.length);
        double total = 0;
        for (int i = 0; i < 30; i++) {
            assertEquals(i * 0.1, rows[3 * i], 1e-12, "left " + i);
            assertEquals(i == 29 ? 3.0 : (i + 1) * 0.1, rows[3 * i + 1], i == 29 ? 0 : 1e-12, "right " + i);
            double expected = i == 0 ? 1 : i == 10 ? 2 : i == 29 ? 1 : 0;
            assertEquals(expected, rows[3 * i + 2], "count " + i);
            total += rows[3 * i + 2];
        }
        assertEquals(4, total);
        EventFileReader.Event same = ev.get(2);
        assertArrayEquals(new long[] {1, 3}, same.shape());
        assertArrayEquals(new double[] {1.5, 2.5, 3}, EventFileReader.doubles(same.tensorContent()));
        EventFileReader.Event empty = ev.get(3);
        assertArrayEquals(new long[] {0, 3}, empty.shape());
        assertEquals(0, empty.tensorContent().length);
    }

    // {0, 1, 1, 3} in 3 buckets: width 1, floor(x) = 0, 1, 1, 3 -> clamped 2: counts 1, 2, 1; edges 0, 1, 2, 3.
    @Test
    void histogramTakesABucketCount() throws Exception {
        Path file;
        try (SummaryWriter w = SummaryWriter.create(dir)) {
            file = w.file();
            w.histogram("h", Tensors.constant(new double[] {0, 1, 1, 3}, 4), 0, 3);
            w.histogram("one", Tensors.constant(new double[] {-1, 5}, 2), 1, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.histogram("h", Tensors.constant(1f), 2, 0));
            assertTrue(e.getMessage().contains("buckets is 0"), e.getMessage());
        }
        List<EventFileReader.Event> ev = EventFileReader.read(file);
        assertEquals(3, ev.size());
        assertArrayEquals(new long[] {3, 3}, ev.get(1).shape());
        assertArrayEquals(new double[] {0, 1, 1, 1, 2, 2, 2, 3, 1}, EventFileReader.doubles(ev.get(1).tensorContent()));
        assertArrayEquals(new double[] {-1, 5, 2}, EventFileReader.doubles(ev.get(2).tensorContent()));
    }

    @Test
    void textIsAScalarStringTensor() throws Exception {
        Path file;
        try (SummaryWriter w = SummaryWriter.create(dir)) {
            file = w.file();
            w.text("notes", "**lr** = 0.1\nπ ≈ 3.14", 5);
        }
        EventFileReader.Event t = EventFileReader.read(file).get(1);
        assertEquals("notes", t.tag());
        assertEquals(5, t.step());
        assertEquals("text", t.pluginName());
        assertEquals(2, t.dataClass());
        assertEquals(7, t.dtype());   // DT_STRING
        assertEquals(0, t.shape().length);
        assertEquals(List.of("**lr** = 0.1\nπ ≈ 3.14"), t.strings());
    }

    @Test
    void everyCallLeavesOnlyWholeRecordsInTheFile() throws Exception {
        try (SummaryWriter w = SummaryWriter.create(dir)) {
            Path file = w.file();
            for (int step = 0; step < 20; step++) {
                w.scalar("loss", 1.0 / (step + 1), step);
                if (step % 5 == 0) {
                    w.histogram("h", Tensors.range(step + 2), step);
                }
                // read without flush(): each record reached the file with one write, so the file is whole
                EventFileReader.Records r = EventFileReader.records(Files.readAllBytes(file));
                assertFalse(r.tornTail(), "step " + step);
                assertEquals(1 + (step + 1) + (step / 5 + 1), r.data().size(), "step " + step);
            }
            w.flush();
            assertEquals(1 + 20 + 4, EventFileReader.read(file).size());
        }
    }

    @Test
    void aTornTailIsDetectedAndTheWholeRecordsBeforeItSurvive() throws Exception {
        Path file;
        try (SummaryWriter w = SummaryWriter.create(dir)) {
            file = w.file();
            w.scalar("a", 1, 1);
            w.scalar("a", 2, 2);
        }
        byte[] raw = Files.readAllBytes(file);
        int last = EventFileReader.records(raw).data().get(2).length + TfRecord.OVERHEAD;
        for (int cut = 1; cut < last; cut++) {
            EventFileReader.Records r = EventFileReader.records(Arrays.copyOf(raw, raw.length - cut));
            assertTrue(r.tornTail(), "cut " + cut);
            assertEquals(2, r.data().size(), "cut " + cut);
        }
    }

    @Test
    void badCallsThrowAndWriteNothing() throws Exception {
        SummaryWriter w = SummaryWriter.create(dir);
        Path file = w.file();
        long size = Files.size(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.scalar("", 1, 0));
        assertTrue(e.getMessage().contains("SummaryWriter.scalar") && e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.text("a\nb", "x", 0));
        assertTrue(e.getMessage().contains("control character at index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> w.histogram("h", Tensors.constant(new float[] {1, Float.NaN}, 2), 0));
        assertTrue(e.getMessage().contains("element 1") && e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(NullPointerException.class, () -> w.scalar(null, 1, 0));
        assertThrows(NullPointerException.class, () -> w.text("t", null, 0));
        assertThrows(NullPointerException.class, () -> w.histogram("h", null, 0));
        assertEquals(size, Files.size(file));
        w.close();
        w.close();   // a second close does nothing
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> w.scalar("loss", 1, 0));
        assertTrue(s.getMessage().contains("closed"), s.getMessage());
        assertThrows(IllegalStateException.class, () -> w.histogram("h", Tensors.constant(1f), 0));
        assertThrows(IllegalStateException.class, () -> w.text("t", "x", 0));
        assertThrows(IllegalStateException.class, w::flush);
        assertEquals(size, Files.size(file));
        assertEquals(1, EventFileReader.read(file).size());
    }

    private static byte[] filled(int n, byte v) {
        byte[] b = new byte[n];
        Arrays.fill(b, v);
        return b;
    }

    private static byte[] ascending() {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static byte[] descending() {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) (31 - i);
        }
        return b;
    }
}
