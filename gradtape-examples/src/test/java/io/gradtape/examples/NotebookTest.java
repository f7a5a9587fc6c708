package io.gradtape.examples;

import io.gradtape.DType;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every output of the seed lecture notebook on gradient tapes ({@link SeedNotebook}), reproduced to the printed digit. */
class NotebookTest {
    private final Map<String, Supplier<Object>> cells = SeedNotebook.cells();

    private Tensor tensor(String cell) {
        Object o = cells.get(cell).get();
        Tensor t = (Tensor) o;
        assertEquals(DType.FLOAT32, t.dtype(), "cell " + cell);
        assertEquals(0, t.rank(), "cell " + cell);
        return t;
    }

    /** The notebook prints float32 values by their shortest repr; so does Float.toString here. */
    private void assertPrints(String expected, String cell) {
        assertEquals(expected, Float.toString(tensor(cell).floatValue()), "Out[" + cell + "]");
    }

    @Test
    void firstExampleIsSix() {
        assertEquals("Tensor(6.0, shape=(), dtype=float32)", tensor("3").toString()); // tf.Tensor(6.0, shape=(), dtype=float32)
        assertEquals(6.0f, (Float) cells.get("4").get());                                // dy_dx.numpy() -> 6.0
    }

    @Test
    void withoutWatchIsNone() {
        assertNull(cells.get("6").get());
    }

    @Test
    void variableIsWatchedAutomatically() {
        assertPrints("6.0", "8");
        assertEquals(6.0f, (Float) cells.get("9").get());
    }

    @Test
    void persistentTapeGivesBothGradients() {
        assertPrints("108.0", "11"); // 4 x^3 at 3
        assertPrints("6.0", "12");   // 2 x at 3
    }

    @Test
    void intermediateSource() {
        assertPrints("18.0", "16");  // 2 y at y = 9
    }

    @Test
    void lectureFunction() {
        assertPrints("2.7635465", "18");   // x2 sin(x1) + x1 x2 cos(x1) at (1, 2)
        assertPrints("0.84147096", "19");  // x1 sin(x1) at 1
    }

    @Test
    void fineGrainedWatching() {
        assertPrints("4.0", "21");
        assertNull(cells.get("22").get());
    }

    @Test
    void programsWithControlFlow() {
        assertPrints("12.0", "24");  // 3 x^2 at 2
        assertPrints("3.0", "25");   // d(3x)/dx
        assertPrints("192.0", "26"); // 6 x^5 at 2
    }

    @Test
    void walkthroughShowsEveryCellWithItsOutput() {
        String text = NotebookWalkthrough.render();
        for (String cell : cells.keySet()) {
            assertTrue(text.contains("Out[" + cell + "]: "), "missing Out[" + cell + "]");
        }
        assertTrue(text.contains("Out[18]: Tensor(2.7635465, shape=(), dtype=float32)"), text);
        assertTrue(text.contains("Out[22]: null"), text);
        assertTrue(text.contains("t.watch(x);"), "code cells are printed");
        assertEquals(8, NotebookWalkthrough.codeBlocks().size()); // In [2] 5 7 10 15 17 20 23
    }
}
