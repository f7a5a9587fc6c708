package io.gradtape.internal.autodiff;

import io.gradtape.ForwardAccumulator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;

import static io.gradtape.Tensors.constant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9 item 2: a thread's death leaves no global state behind. The global count of recorders (which lets an op
 * skip all autodiff work with one volatile read when nothing records) returns to its value after a thread dies
 * with tapes open, whether or not the program still refers to them.
 */
@SuppressWarnings("try") // try (... = tape.resume()) blocks are there for their scope, as Python's with
class TapeStackLeakTest {

    /** Waits (bounded: about 10 s) for the global count to come back to {@code baseline}; returns the last count. */
    private static int settle(int baseline) throws InterruptedException {
        int now = TapeStack.recordingEverywhere();
        for (int i = 0; i < 100 && now > baseline; i++) {
            System.gc();
            Thread.sleep(100);
            now = TapeStack.recordingEverywhere();
        }
        return now;
    }

    @Test
    void aThreadThatDiesWithTapesOpenLeavesNoRecorderCounted() throws Exception {
        int baseline = settle(0);
        GradientTape[] kept = new GradientTape[1];
        Tensor x = constant(2f);
        Thread t = new Thread(() -> {
            kept[0] = new GradientTape(true);                     // still referenced after the thread dies
            kept[0].watch(x);
            new GradientTape().watch(x);                          // leaked
            new ForwardAccumulator(x, constant(1f));               // leaked
            x.mul(x);
        }, "dies-with-tapes-open");
        t.start();
        t.join(20_000);
        assertFalse(t.isAlive());
        assertEquals(baseline, settle(baseline), "recorders of a dead thread are still counted");

        // the tape it left behind is not recording any more: it can be resumed here
        Tensor y;
        try (GradientTape again = kept[0].resume()) {
            y = x.mul(x);
        }
        assertEquals(4.0, kept[0].gradient(y, x).doubleValue(), 1e-6);
        assertEquals(baseline, settle(baseline));
    }

    @Test
    void aLeakedTapeIsUncountedFromAnyThread() throws Exception {
        int baseline = settle(0);
        Thread t = new Thread(() -> {
            new GradientTape().watch(constant(1f));
            // the thread stays alive and runs no more ops
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "idle-with-a-leaked-tape");
        t.start();
        try {
            Thread.sleep(200);
            assertTrue(TapeStack.recordingEverywhere() >= baseline);
            assertEquals(baseline, settle(baseline), "a collected tape of an idle thread is still counted");
        } finally {
            t.interrupt();
            t.join(20_000);
        }
    }

    private static java.lang.ref.WeakReference<ForwardAccumulator> leakAnAccumulator(Tensor x) {
        ForwardAccumulator leaked = new ForwardAccumulator(x, constant(1f));
        x.mul(x);
        return new java.lang.ref.WeakReference<>(leaked);
    }

    /** A forward accumulator nothing refers to is collected too, and stops counting (the same rule as tapes). */
    @Test
    void aLeakedAccumulatorOnThisThreadIsCollectedAndUncounted() throws Exception {
        int baseline = settle(0);
        java.lang.ref.WeakReference<ForwardAccumulator> ref = leakAnAccumulator(constant(2f));
        assertEquals(baseline + 1, TapeStack.recordingEverywhere());
        assertEquals(baseline, settle(baseline), "a collected accumulator is still counted");
        assertTrue(ref.get() == null);
    }
}
