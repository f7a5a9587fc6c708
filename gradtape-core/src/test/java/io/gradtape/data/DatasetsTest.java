package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Shape;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;

/** The shipped data sets: shapes, dtypes, scaling, class counts, and their attribution beside them. */
class DatasetsTest {
    @Test
    void digits() throws Exception {
        Table d = Datasets.digits();
        assertEquals(Shape.of(1797, 64), d.features().shape());
        assertEquals(DType.FLOAT32, d.features().dtype());
        assertEquals(Shape.of(1797), d.labels().shape());
        assertEquals(DType.INT32, d.labels().dtype());
        float[] x = d.features().toFloatArray();
        for (float v : x) {
            assertTrue(v >= 0 && v <= 1 && v * 16 == Math.rint(v * 16), "pixel " + v);
        }
        // the published class counts of the test part (optdigits.tes)
        long[] counts = new long[10];
        for (int y : d.labels().toIntArray()) counts[y]++;
        assertArrayEquals(new long[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, counts);
        // the first row is the first line of the file, divided by 16
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Datasets.class.getResourceAsStream("digits.csv.gz")), StandardCharsets.US_ASCII))) {
            String[] f = r.readLine().split(",");
            for (int j = 0; j < 64; j++) assertEquals(Integer.parseInt(f[j]) / 16f, x[j]);
            assertEquals(Integer.parseInt(f[64]), d.labels().toIntArray()[0]);
        }
        assertSame(d, Datasets.digits(), "read once");
    }

    @Test
    void iris() {
        Table t = Datasets.iris();
        assertEquals(Shape.of(150, 4), t.features().shape());
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, java.util.Arrays.copyOf(t.features().toFloatArray(), 4));
        int[] y = t.labels().toIntArray();
        for (int i = 0; i < 150; i++) assertEquals(i / 50, y[i]);
        assertEquals(3, Datasets.IRIS_CLASSES.size());
        assertSame(t, Datasets.iris());
    }

    @Test
    void attributionIsShippedBesideTheData() throws Exception {
        try (var in = Datasets.class.getResourceAsStream("README.md")) {
            assertNotNull(in, "io/gradtape/data/README.md");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String s : new String[] {"CC BY 4.0", "Alpaydin", "Kaynak", "1998", "Fisher", "1936",
                    "UCI Machine Learning Repository"}) {
                assertTrue(text.contains(s), "README names " + s);
            }
        }
    }

    @Test
    void digitsInBatchesOfSixtyFourCoverEveryRowOnce() {
        Dataset train = Datasets.digits().dataset().shuffle(0).batch(64);
        assertEquals(29, train.size());
        int rows = 0;
        long sum = 0;
        for (Batch b : train) {
            rows += b.y().size();
            for (int v : b.y().toIntArray()) sum += v;
        }
        assertEquals(1797, rows);
        long expected = 0;
        for (int v : Datasets.digits().labels().toIntArray()) expected += v;
        assertEquals(expected, sum);
    }
}
