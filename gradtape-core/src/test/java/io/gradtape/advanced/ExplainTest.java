package io.gradtape.advanced;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.LogCapture;
import io.gradtape.Tensor;
import io.gradtape.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CompletableFuture;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.*;

/** Every reason {@code GradientTape.explain} gives, each on the situation that produces it. */
@ExtendWith(LogCapture.class) // provokes library warnings on purpose: kept out of the output
@SuppressWarnings("try") // try (... = tape.resume()) blocks are there for their scope, as Python's with
class ExplainTest {
    private static void assertMentions(String text, String... words) {
        for (String w : words) {
            assertTrue(text.contains(w), "expected '" + w + "' in: " + text);
        }
    }

    @Test
    void neverWatched() {
        Tensor x = constant(3.0f);
        GradientTape t = new GradientTape(true);
        Tensor y;
        try (t) {
            y = mul(x, x);
        }
        assertNull(t.gradient(y, x));
        assertMentions(t.explain(y, x), "never watched", "tape.watch(x)");
    }

    @Test
    void watchedAfterUse() {
        Tensor x = constant(3.0f);
        GradientTape t = new GradientTape(true);
        Tensor y;
        try (t) {
            y = mul(x, x);
            t.watch(x);
        }
        assertNull(t.gradient(y, x));
        assertMentions(t.explain(y, x), "before the source was watched");
    }

    @Test
    void cutByStopGradient() {
        Tensor x = constant(3.0f);
        GradientTape t = new GradientTape(true);
        Tensor y;
        try (t) {
            t.watch(x);
            y = mul(stopGradient(x), constant(2.0f));
        }
        assertNull(t.gradient(y, x));
        assertMentions(t.explain(y, x), "cut by stopGradient");
    }

    @Test
    void cutByACastToAnInteger() {
        Tensor x = constant(3.7f);
        GradientTape t = new GradientTape(true);
        Tensor y;
        try (t) {
            t.watch(x);
            y = cast(cast(x, DType.INT32), DType.FLOAT32);
        }
        assertNull(t.gradient(y, x));
        assertMentions(t.explain(y, x), "cast", "int32");
    }

    @Test
    void computedWhileRecordingWasStopped() {
        Tensor x = constant(3.0f);
        GradientTape t = new GradientTape(true);
        Tensor y;
        try (t) {
            t.watch(x);
            try (GradientTape.Pause p = t.stopRecording()) {
                y = mul(x, x);
            }
        }
        assertNull(t.gradient(y, x));
        assertMentions(t.explain(y, x), "not recording");
    }

    @Test
    void computedAfterTheBlock() {
        Tensor x = constant(3.0f);
        GradientTape t = new GradientTape(true);
        try (t) {
            t.watch(x);
        }
        Tensor y = mul(x, x);
        assertNull(t.gradient(y, x));
        assertMentions(t.explain(y, x), "after this tape stopped recording");
    }

    @Test
    void discardedByReset() {
        Tensor x = constant(3.0f);
        GradientTape t = new GradientTape(true);
        Tensor y;
        try (t) {
            t.watch(x);
            t.reset();
            y = mul(x, x);
        }
        assertNull(t.gradient(y, x));
        assertMentions(t.explain(y, x), "reset()");
    }

    @Test
    void computedOnAnotherThread() throws Exception {
        Tensor x = constant(3.0f);
        GradientTape t = new GradientTape(true);
        Tensor y;
        try (t) {
            t.watch(x);
            y = CompletableFuture.supplyAsync(() -> mul(x, x)).get();
        }
        // a partial gradient never passes for a whole one: gradient refuses the target (issue 9 item 3)
        assertThrows(IllegalStateException.class, () -> t.gradient(y, x));
        assertMentions(t.explain(y, x), "another thread");
    }

    @Test
    void variables() {
        Variable frozen = new Variable(constant(1.0f), false);
        Variable trainable = new Variable(constant(1.0f));
        Variable unread = new Variable(constant(1.0f));
        GradientTape t = new GradientTape(true);
        Tensor y;
        try (t) {
            y = mul(frozen, trainable);
        }
        assertMentions(t.explain(y, frozen), "non-trainable");
        assertMentions(t.explain(y, unread), "never read");
        assertMentions(t.explain(y, trainable), "Connected");
        GradientTape explicit = new GradientTape(true, false);
        Tensor z;
        try (explicit) {
            z = mul(trainable, trainable);
        }
        assertMentions(explicit.explain(z, trainable), "watchAccessedVariables=false");
    }

    @Test
    void aConcatOfThreeHundredInputs() { // the record's input count takes more than 8 bits
        for (boolean persistent : new boolean[] {true, false}) {
            Tensor x = constant(new float[] {1, 2}, 2);
            GradientTape t = new GradientTape(persistent);
            Tensor y;
            Tensor z;
            try (t) {
                t.watch(x);
                java.util.List<Tensor> parts = new java.util.ArrayList<>();
                for (int i = 0; i < 299; i++) {
                    parts.add(constant(new float[] {i, i}, 2));
                }
                parts.add(x);
                y = mul(concat(parts, 0), constant(2.0f));
                parts.set(299, stopGradient(x));
                z = mul(concat(parts, 0), constant(2.0f));
            }
            assertNotNull(t.gradient(y, x));
            assertMentions(t.explain(y, x), "Connected");
            assertMentions(t.explain(z, x), "cut by stopGradient");
        }
    }

    @Test
    void integerSource() {
        Tensor i = constant(3);
        GradientTape t = new GradientTape(true);
        Tensor y;
        try (t) {
            t.watch(i);
            y = mul(i, i);
        }
        assertNull(t.gradient(y, i));
        assertMentions(t.explain(y, i), "int32", "only float32 and float64");
    }

    @Test
    void oneShotTapeAlreadyUsed() {
        Tensor x = constant(3.0f);
        Tensor other = constant(1.0f);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(x, other);
            y = mul(x, x);
        }
        assertNull(t.gradient(y, other));
        assertMentions(t.explain(y, other), "already used", "new GradientTape(true)");
        assertMentions(t.explain(y, constant(2.0f)), "never watched");
    }

    @Test
    void explainChangesNothing() {
        Tensor x = constant(3.0f);
        GradientTape t = new GradientTape();
        Tensor y;
        try (t) {
            t.watch(x);
            y = mul(x, x);
        }
        assertMentions(t.explain(y, x), "Connected");
        assertEquals(6.0f, t.gradient(y, x).floatValue());
    }
}
