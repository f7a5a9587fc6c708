package io.gradtape.tape;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.UnconnectedGradients;
import io.gradtape.Variable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.gradtape.Tensors.constant;
import static io.gradtape.Tensors.ones;
import static io.gradtape.tape.Check.anyTapeRecordsOnThisThread;
import static io.gradtape.tape.Check.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, "no silent traps", for the tape: each test failed before its fix. Grouped by the items.
 */
class NoSilentTrapsTest {

    @BeforeEach
    void noTapeRecordsOnThisThreadAtStart() {
        assertFalse(anyTapeRecordsOnThisThread(), "a tape was left recording on the test thread");
    }

    // ================================================================== 5. a failed call changes nothing

    /** A one-shot gradient call whose output gradients are invalid throws and leaves the tape as it was. */
    @Test
    void failedGradientValidationNeitherStopsRecordingNorUsesUpTheTape() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        Tensor y;
        Tensor z;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
            assertThrows(IllegalArgumentException.class, () -> tape.gradient(List.of(y), List.of(x),
                    List.of(ones(DType.FLOAT32, 2)), UnconnectedGradients.NONE));
            assertThrows(IllegalArgumentException.class, () -> tape.gradient(List.of(y), List.of(x),
                    List.of(constant(1.0)), UnconnectedGradients.NONE));
            assertThrows(IllegalArgumentException.class, () -> tape.gradient(List.of(y), List.of(x),
                    List.of(), UnconnectedGradients.NONE));
            z = y.mul(x); // still recorded
        }
        scalar(27, tape.gradient(z, x));
    }

    /** {@code watch(x, null)} throws and watches nothing. */
    @Test
    void watchWithANullWatchesNothing() {
        Tensor x = constant(3f);
        Variable v = new Variable(constant(2f), false);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            assertThrows(NullPointerException.class, () -> tape.watch(x, null));
            assertThrows(NullPointerException.class, () -> tape.watch(Arrays.asList(v, null)));
            y = x.mul(v);
        }
        assertNull(tape.gradient(y, x));
        assertNull(tape.gradient(y, v));
        assertTrue(tape.watchedVariables().isEmpty());
    }

    /** A failed assign reads (and so watches) nothing: the argument variable is not watched by the tape. */
    @Test
    void failedAssignWatchesNothing() {
        Variable v = new Variable(constant(1f));
        Variable wrongShape = new Variable(ones(DType.FLOAT32, 2));
        Variable wrongDtype = new Variable(constant(1.0));
        GradientTape tape = new GradientTape();
        try (tape) {
            assertThrows(IllegalArgumentException.class, () -> v.assign(wrongShape));
            assertThrows(IllegalArgumentException.class, () -> v.assignAdd(wrongShape));
            assertThrows(IllegalArgumentException.class, () -> v.assignSub(wrongDtype));
        }
        assertEquals(List.of(), tape.watchedVariables());
        assertEquals(Shape.of(), v.shape());
        scalar(1, v);
    }
}
