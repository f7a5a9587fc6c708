package io.gradtape.tape;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.LogCapture;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.UnconnectedGradients;
import io.gradtape.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.gradtape.Tensors.cast;
import static io.gradtape.Tensors.constant;
import static io.gradtape.Tensors.matmul;
import static io.gradtape.Tensors.ones;
import static io.gradtape.Tensors.reduceMean;
import static io.gradtape.Tensors.square;
import static io.gradtape.Tensors.zeros;
import static io.gradtape.tape.Check.anyTapeRecordsOnThisThread;
import static io.gradtape.tape.Check.collected;
import static io.gradtape.tape.Check.onOtherThread;
import static io.gradtape.tape.Check.scalar;
import static io.gradtape.tape.Check.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per sentence of the Javadoc of {@link GradientTape}: the class comment, then each public constructor
 * and method (and the nested {@link GradientTape.Pause}), in source order. Each test quotes its sentence in the
 * comment above it and is named after it. Tags ({@code @param}, {@code @return}, {@code @throws}) that state
 * behaviour get a test of their own; a tag that only names a parameter ("the tensors to differentiate by") is
 * covered by the test of its method's first sentence, which says so.
 *
 * <p>Every tape opened here is closed in the same test (try-with-resources), so a failing test cannot leave a
 * tape recording on the test thread.
 */
@ExtendWith({LogCapture.class, Check.NothingRecordsAtStart.class}) // warnings provoked on purpose are captured
@SuppressWarnings("try") // try (... = tape.resume()) blocks are there for their scope, as Python's with
class GradientTapeJavadocTest {

    // =========================================================================================== class Javadoc

    // "Records operations for reverse-mode automatic differentiation, with TensorFlow 2's semantics."
    // The first example of TensorFlow's autodiff guide, with fixed weights: one reverse sweep gives the gradient
    // of a scalar loss with respect to every source. x = [[1,2,3]], w = [[1,0],[0,1],[1,1]], b = 0:
    // y = x@w + b = [[4,5]], loss = mean(y^2) = 20.5, dloss/dy = y = [[4,5]],
    // dloss/db = [4,5], dloss/dw = x^T @ [[4,5]] = [[4,5],[8,10],[12,15]].
    @Test
    void recordsOperationsForReverseModeAutodiffWithTensorFlow2Semantics() {
        Variable w = new Variable(constant(new float[] {1, 0, 0, 1, 1, 1}, 3, 2));
        Variable b = new Variable(zeros(DType.FLOAT32, 2));
        Tensor x = constant(new float[] {1, 2, 3}, 1, 3);
        GradientTape tape = new GradientTape(true);
        Tensor loss;
        try (tape) {
            Tensor y = matmul(x, w).add(b);
            loss = reduceMean(square(y));
        }
        scalar(20.5, loss);
        List<Tensor> g = tape.gradient(loss, List.of(w, b));
        values(new double[] {4, 5, 8, 10, 12, 15}, Shape.of(3, 2), g.get(0));
        values(new double[] {4, 5}, Shape.of(2), g.get(1));
        assertEquals(DType.FLOAT32, g.get(0).dtype());
    }

    // "Recording starts when the tape is constructed and stops at close(), so a try-with-resources block is
    // TensorFlow's with block."
    @Test
    void recordingStartsAtConstructionAndStopsAtCloseSoTryWithResourcesIsTheWithBlock() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        Tensor inside;
        try (tape) {
            assertTrue(anyTapeRecordsOnThisThread(), "the tape records from its construction, no enter call");
            tape.watch(x);
            inside = x.mul(x);
        }
        assertFalse(anyTapeRecordsOnThisThread(), "close() ends the recording");
        Tensor after = x.mul(x);
        scalar(6, tape.gradient(inside, x));
        assertNull(tape.gradient(after, x), "an op after close() is not recorded");
    }

    // "An op is recorded when at least one of its inputs is watched or was produced by a recorded op, and that
    // input has a floating dtype."
    @Test
    void anOpIsRecordedWhenAnInputIsWatchedOrRecordedAndFloating() {
        Tensor x = constant(2f);
        Tensor c = constant(5f);
        GradientTape tape = new GradientTape(true);
        Tensor watchedInput, recordedInput, noTrackedInput, intPath;
        try (tape) {
            tape.watch(x);
            watchedInput = x.mul(c);                                  // x is watched: recorded
            recordedInput = watchedInput.mul(watchedInput);           // produced by a recorded op: recorded
            noTrackedInput = c.mul(c);                                // only unwatched inputs: not recorded
            Tensor i = cast(x, DType.INT32);                          // recorded (x is floating), output int
            intPath = cast(i, DType.FLOAT32);                         // only tracked input is int: not recorded
        }
        scalar(5, tape.gradient(watchedInput, x));
        scalar(2 * 10 * 5, tape.gradient(recordedInput, x));        // d(5x)^2 = 50x = 100
        assertNull(tape.gradient(noTrackedInput, c));
        assertNull(tape.gradient(intPath, x));
    }

    // "A tape records only ops run on the thread that constructed (or resumed) it; other threads may record on
    // their own tapes at the same time."
    @Test
    void aTapeRecordsOnlyItsThreadsOpsAndOtherThreadsRecordOnTheirOwnTapesAtTheSameTime() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            threadLocality(other);
        } finally {
            other.shutdownNow();
        }
    }

    private static void threadLocality(ExecutorService other) throws Exception {
        Tensor x = constant(3f);
        CyclicBarrier step = new CyclicBarrier(2);
        GradientTape tape = new GradientTape(true);
        Tensor here, there, hereWhileResumedThere, resumedThere;
        try (tape) {
            tape.watch(x);
            Future<Tensor[]> f = other.submit(() -> {
                Tensor notOnTape = x.mul(x);                          // `tape` does not record this thread
                GradientTape own = new GradientTape();
                Tensor y;
                try (own) {
                    own.watch(x);
                    step.await(20, TimeUnit.SECONDS);                 // both threads record now
                    y = x.mul(x).add(x);
                    step.await(20, TimeUnit.SECONDS);
                }
                return new Tensor[] {notOnTape, own.gradient(y, x)};
            });
            step.await(20, TimeUnit.SECONDS);
            here = x.mul(x);
            step.await(20, TimeUnit.SECONDS);
            Tensor[] r = f.get(20, TimeUnit.SECONDS);
            there = r[0];
            scalar(7, r[1]);                                          // 2x + 1 on the other thread's own tape
        }
        // "or resumed": resumed on the other thread, the tape records there and not here
        Future<Tensor> f = other.submit(() -> {
            Tensor y;
            try (GradientTape again = tape.resume()) {
                step.await(20, TimeUnit.SECONDS);                     // resumed there
                y = x.mul(x).mul(x);
                step.await(20, TimeUnit.SECONDS);                     // this thread ran its op meanwhile
            }
            return y;
        });
        step.await(20, TimeUnit.SECONDS);
        hereWhileResumedThere = x.mul(x);
        step.await(20, TimeUnit.SECONDS);
        resumedThere = f.get(20, TimeUnit.SECONDS);
        scalar(6, tape.gradient(here, x));
        // not recorded, and refused rather than given a silent null (issue 9 item 3: off-thread work is detected)
        assertThrows(IllegalStateException.class, () -> tape.gradient(there, x), "an op run on another thread");
        scalar(27, tape.gradient(resumedThere, x));
        // not recorded either; not detected: x carries the mark of the last tape that watched it (`own`, closed)
        assertNull(tape.gradient(hereWhileResumedThere, x), "resumed on another thread, the tape recorded this one");
    }

    // "Work handed to other threads inside the block (a parallelStream(), an executor) is not recorded, as in
    // TensorFlow, so gradtape refuses its result rather than return a partial gradient: a tensor computed on another
    // thread from tensors this tape watches or recorded, while it records, makes an op on the tape's thread that
    // takes it throw IllegalStateException, and so does gradient or jacobian with it as a target."
    @Test
    void workOnOtherThreadsIsRefusedWhenItComesBack() throws Exception {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        Tensor there;
        Tensor fromRecorded;
        try (tape) {
            tape.watch(x);
            Tensor y = x.mul(2.0);                                   // recorded: y carries the tape's mark too
            there = onOtherThread(() -> x.mul(x));
            fromRecorded = onOtherThread(() -> y.mul(y));
            assertThrows(IllegalStateException.class, () -> there.add(x));
            assertThrows(IllegalStateException.class, () -> x.mul(fromRecorded));
        }
        assertThrows(IllegalStateException.class, () -> tape.gradient(there, x));
        assertThrows(IllegalStateException.class, () -> tape.jacobian(fromRecorded, x));
        assertThrows(IllegalStateException.class, () -> tape.gradient(List.of(x.mul(x), there), List.of(x)));
    }

    // "Pass it through Tensors#stopGradient to use it as a constant."
    @Test
    void stopGradientMakesOffThreadWorkAConstant() throws Exception {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            Tensor there = onOtherThread(() -> x.mul(x));
            y = Tensors.stopGradient(there).mul(x);
        }
        scalar(9, tape.gradient(y, x));
    }

    // "A result of off-thread work that never comes back to the tape's thread, such as a metric, is not reported."
    @Test
    void offThreadWorkThatDoesNotComeBackIsNotReported() throws Exception {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            double metric = onOtherThread(() -> x.mul(x).add(1.0).doubleValue());
            assertEquals(10, metric, 1e-6);
            y = x.mul(x);
        }
        scalar(6, tape.gradient(y, x));
    }

    // "A tape the program no longer refers to stops recording once the garbage collector has reclaimed it, so a tape
    // that is never closed (...) cannot slow its thread down for ever; until then it records, so close every tape."
    @Test
    void aTapeNoLongerReferredToStopsRecordingOnceCollected() {
        WeakReference<GradientTape> ref = openAndForget();
        assertTrue(collected(ref), "a tape nothing refers to was kept alive");
        assertFalse(anyTapeRecordsOnThisThread(), "the forgotten tape still records");
    }

    private static WeakReference<GradientTape> openAndForget() {
        GradientTape forgotten = new GradientTape();
        Tensor x = constant(1f);
        forgotten.watch(x);
        assertTrue(anyTapeRecordsOnThisThread(), "until it is collected, it records");
        return new WeakReference<>(forgotten);
    }

    // "When the thread a tape records on dies, the tape stops recording."
    @Test
    void whenItsThreadDiesTheTapeStopsRecording() throws Exception {
        GradientTape[] left = new GradientTape[1];
        Thread t = new Thread(() -> left[0] = new GradientTape(true));
        t.start();
        t.join(20_000);
        GradientTape tape = left[0];
        for (int i = 0; i < 100; i++) { // the thread's state is reclaimed by a collection
            System.gc();
            try {
                tape.resume().close();                             // throws while it still records there
                break;
            } catch (IllegalStateException stillRecording) {
                Thread.sleep(100);
            }
        }
        Tensor x = constant(2f);
        Tensor y;
        try (GradientTape again = tape.resume()) {                 // not recording: it can be resumed here
            tape.watch(x);
            y = x.mul(x);
        }
        scalar(4, tape.gradient(y, x));
    }

    // "watch puts constants on the tape; watching a tensor after ops used it does not record those ops."
    @Test
    void watchPutsConstantsOnTheTapeButDoesNotRecordEarlierOps() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        Tensor before, after;
        try (tape) {
            before = x.mul(x);
            tape.watch(x);
            after = x.mul(x);
        }
        assertNull(tape.gradient(before, x), "watching after the op does not record it retroactively");
        scalar(6, tape.gradient(after, x));
    }

    // "A trainable Variable is watched automatically when it is read while the tape records, unless the tape was
    // built with watchAccessedVariables=false; a non-trainable one only by watch."
    @Test
    void trainableVariablesAreWatchedOnReadUnlessDisabledNonTrainableOnlyByWatch() {
        Variable trainable = new Variable(constant(3f));
        Variable frozen = new Variable(constant(2f), false);
        Variable frozenWatched = new Variable(constant(5f), false);
        GradientTape auto = new GradientTape(true);
        Tensor y;
        try (auto) {
            assertEquals(List.of(), auto.watchedVariables(), "not watched on creation");
            auto.watch(frozenWatched);
            y = trainable.mul(frozen).mul(frozenWatched);
        }
        assertEquals(List.of(trainable, frozenWatched), auto.watchedVariables());
        List<Tensor> g = auto.gradient(y, List.of(trainable, frozen, frozenWatched));
        scalar(10, g.get(0));
        assertNull(g.get(1), "a non-trainable variable is not watched on read");
        scalar(6, g.get(2));

        GradientTape manual = new GradientTape(true, false);
        try (manual) {
            y = trainable.mul(frozen);
        }
        assertEquals(List.of(), manual.watchedVariables());
        assertNull(manual.gradient(y, trainable), "watchAccessedVariables=false: no auto-watch");
    }

    // "Watching an integer or bool tensor logs a warning and gives a null gradient."
    // (The warning goes through System.Logger at most 5 times per JVM, so this test does not assert it.)
    @Test
    void watchingAnIntegerOrBoolTensorGivesANullGradient() {
        Tensor i = constant(3);
        Tensor b = constant(true);
        GradientTape tape = new GradientTape(true);
        Tensor yi, yf, yb;
        try (tape) {
            tape.watch(i, b);
            yi = i.mul(i);
            yf = cast(i, DType.FLOAT32).mul(2.0);
            yb = cast(b, DType.FLOAT32).mul(2.0);
        }
        assertNull(tape.gradient(yi, i));
        assertNull(tape.gradient(yf, i));
        assertNull(tape.gradient(yb, b));
    }

    // "gradient returns the gradient of the sum of the targets (a non-scalar target is summed), or of their
    // weighted sum when output gradients are given."
    @Test
    void gradientIsOfTheSumOfTargetsOrTheirWeightedSum() {
        Tensor x = constant(2f);
        GradientTape tape = new GradientTape(true);
        Tensor sq, lin, vec;
        try (tape) {
            tape.watch(x);
            sq = x.mul(x);                                            // d = 4
            lin = x.mul(3.0);                                         // d = 3
            vec = x.mul(constant(new float[] {3, 4}, 2));             // d sum = 7
        }
        scalar(7, tape.gradient(List.of(sq, lin), List.of(x)).get(0));
        scalar(7, tape.gradient(vec, x));
        scalar(2 * 4 + 10 * 3, tape.gradient(List.of(sq, lin), List.of(x),
                List.of(constant(2f), constant(10f)), UnconnectedGradients.NONE).get(0));
        scalar(-1 * 3 + 2 * 4, tape.gradient(List.of(vec), List.of(x),
                List.of(constant(new float[] {-1, 2}, 2)), UnconnectedGradients.NONE).get(0));
    }

    // "A source that no recorded path connects to a target gets null, or zeros with UnconnectedGradients.ZERO."
    @Test
    void anUnconnectedSourceGetsNullOrZeros() {
        Tensor x = constant(2f);
        Tensor u = constant(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x, u);
            y = x.mul(x);
        }
        assertNull(tape.gradient(y, u));
        Tensor z = tape.gradient(List.of(y), List.of(u), null, UnconnectedGradients.ZERO).get(0);
        Check.zeros(Shape.of(2, 3), DType.FLOAT64, z);
    }

    // "A target that is itself a source contributes ones."
    @Test
    void aTargetThatIsItselfASourceContributesOnes() {
        Tensor x = constant(new float[] {1, 2}, 2);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
        }
        values(new double[] {1, 1}, Shape.of(2), tape.gradient(x, x));
        values(new double[] {1 + 2, 1 + 4}, Shape.of(2), tape.gradient(List.of(x, y), List.of(x)).get(0));
    }

    // "Intermediate tensors can be sources."
    @Test
    void intermediateTensorsCanBeSources() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        Tensor y, z;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
            z = y.mul(y);
        }
        List<Tensor> g = tape.gradient(z, List.of(x, y));
        scalar(108, g.get(0));                                        // 4x^3
        scalar(18, g.get(1));                                         // 2y
    }

    // "A tape that is not persistent allows one gradient call; a second throws IllegalStateException, and
    // everything it recorded is released during the first."
    @Test
    void aOneShotTapeAllowsOneCallThrowsOnTheSecondAndReleasesItsRecord() {
        Tensor x = constant(3f);
        Tensor[] y = new Tensor[1];
        GradientTape tape = new GradientTape();
        WeakReference<Tensor> intermediate;
        try (tape) {
            tape.watch(x);
            intermediate = cubeKeepingOnlyTheResult(x, y);
        }
        scalar(27, tape.gradient(y[0], x));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(y[0], x));
        assertEquals("A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)",
                e.getMessage());
        assertTrue(collected(intermediate), "x*x, held only by the one-shot tape's record, was not released");

        // the contrast: a persistent tape keeps its record (and so the intermediate) while it is reachable
        GradientTape kept = new GradientTape(true);
        WeakReference<Tensor> held;
        try (kept) {
            kept.watch(x);
            held = cubeKeepingOnlyTheResult(x, y);
        }
        scalar(27, kept.gradient(y[0], x));
        collected(held);
        assertNotNull(held.get(), "a persistent tape keeps its record");
        Reference.reachabilityFence(kept);
    }

    /** Records x*x*x; only the tape keeps a reference to the intermediate x*x. */
    private static WeakReference<Tensor> cubeKeepingOnlyTheResult(Tensor x, Tensor[] out) {
        Tensor sq = x.mul(x);
        out[0] = sq.mul(x);
        return new WeakReference<>(sq);
    }

    // "Calling gradient on it while it records stops its recording."
    // TensorFlow's testGradientWithinTapeBlock: loss = 2 v at v = 1 gives 2.0 inside the block.
    @Test
    void callingGradientOnAOneShotTapeWhileItRecordsStopsItsRecording() {
        Variable v = new Variable(constant(1f));
        Variable late = new Variable(constant(5f));
        GradientTape tape = new GradientTape();
        try (tape) {
            Tensor loss = v.mul(2.0);
            scalar(2, tape.gradient(loss, v));
            assertFalse(anyTapeRecordsOnThisThread(), "the one-shot tape still records after gradient()");
            late.mul(late);                                           // not recorded, not watched
            assertEquals(List.of(v), tape.watchedVariables());
        }                                                             // close() is then a no-op
        assertFalse(anyTapeRecordsOnThisThread());
    }

    // "A persistent tape allows any number of calls; a call while it records records the gradient computation
    // on the tape itself, so its result can be differentiated again on the same tape."
    @Test
    void aPersistentTapeAllowsAnyNumberOfCallsAndRecordsAnInContextGradientOnItself() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        Tensor y, dy, d2y;
        try (tape) {
            tape.watch(x);
            y = x.mul(x).mul(x);
            dy = tape.gradient(y, x);                                 // 3x^2 = 27, recorded on `tape`
            d2y = tape.gradient(dy, x);                               // 6x = 18, recorded too
        }
        scalar(27, dy);
        scalar(18, d2y);
        scalar(6, tape.gradient(d2y, x));                             // third derivative, outside the block
        for (int i = 0; i < 3; i++) {
            scalar(27, tape.gradient(y, x));
        }
    }

    // "A gradient computed while another tape records is recorded by that tape: nest tapes to take second and
    // higher derivatives."  x^4 at x = 2: 32, 48, 48.
    @Test
    void aGradientComputedWhileAnotherTapeRecordsIsRecordedSoNestedTapesGiveHigherDerivatives() {
        Tensor x = constant(2f);
        GradientTape t3 = new GradientTape();
        Tensor d1, d2, d3;
        try (t3) {
            t3.watch(x);
            GradientTape t2 = new GradientTape();
            try (t2) {
                t2.watch(x);
                GradientTape t1 = new GradientTape();
                try (t1) {
                    t1.watch(x);
                    Tensor y = x.mul(x).mul(x).mul(x);
                    d1 = t1.gradient(y, x);
                }
                d2 = t2.gradient(d1, x);
            }
            d3 = t3.gradient(d2, x);
        }
        scalar(32, d1);
        scalar(48, d2);
        scalar(48, d3);
    }

    // The class example: x = 3, y = x*x, gradient -> Tensor(6.0, shape=(), dtype=float32).
    // (As printed in the Javadoc the example does not compile: `t` and `y` are declared inside the try; written
    // here with the tape declared before the block.)
    @Test
    void classExampleGivesTensorSixAtThree() {
        Tensor x = constant(3.0f);
        Tensor y;
        GradientTape t = new GradientTape();
        try (t) {
            t.watch(x);
            y = x.mul(x);
        }
        assertEquals("Tensor(6.0, shape=(), dtype=float32)", t.gradient(y, x).toString());
    }

    // ============================================================================================ constructors

    // GradientTape(): "A one-shot tape that watches accessed trainable variables, recording from now on this
    // thread."
    @Test
    void defaultConstructorMakesAOneShotTapeThatWatchesAccessedVariablesRecordingFromNow() {
        Variable w = new Variable(constant(3f));
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            assertTrue(anyTapeRecordsOnThisThread());
            y = w.mul(w);
        }
        assertFalse(tape.persistent());
        assertEquals(List.of(w), tape.watchedVariables());
        scalar(6, tape.gradient(y, w));
        assertThrows(IllegalStateException.class, () -> tape.gradient(y, w));
    }

    // GradientTape(boolean): "A tape that watches accessed trainable variables, recording from now on this
    // thread."
    @Test
    void persistentFlagConstructorWatchesAccessedVariablesRecordingFromNow() {
        for (boolean persistent : new boolean[] {false, true}) {
            Variable w = new Variable(constant(3f));
            GradientTape tape = new GradientTape(persistent);
            Tensor y;
            try (tape) {
                assertTrue(anyTapeRecordsOnThisThread());
                y = w.mul(w);
            }
            assertEquals(List.of(w), tape.watchedVariables());
            scalar(6, tape.gradient(y, w));
        }
    }

    // GradientTape(boolean): "@param persistent allow more than one gradient call"
    @Test
    void persistentParameterOfTheOneArgConstructorAllowsMoreThanOneCall() {
        Tensor x = constant(3f);
        GradientTape many = new GradientTape(true);
        GradientTape once = new GradientTape(false);
        Tensor y;
        try (many; once) {
            many.watch(x);
            once.watch(x);
            y = x.mul(x);
        }
        for (int i = 0; i < 3; i++) {
            scalar(6, many.gradient(y, x));
        }
        scalar(6, once.gradient(y, x));
        assertThrows(IllegalStateException.class, () -> once.gradient(y, x));
    }

    // GradientTape(boolean, boolean): "A tape, recording from now on this thread."
    @Test
    void twoArgConstructorMakesATapeRecordingFromNow() {
        Tensor x = constant(3f);
        Tensor before = x.mul(x);
        GradientTape tape = new GradientTape(true, false);
        Tensor y;
        try (tape) {
            assertTrue(anyTapeRecordsOnThisThread());
            tape.watch(x);
            y = x.mul(x);
        }
        scalar(6, tape.gradient(y, x));
        assertNull(tape.gradient(before, x));
    }

    // GradientTape(boolean, boolean): "@param persistent allow more than one gradient call"
    @Test
    void persistentParameterOfTheTwoArgConstructorAllowsMoreThanOneCall() {
        Tensor x = constant(3f);
        GradientTape many = new GradientTape(true, false);
        GradientTape once = new GradientTape(false, false);
        Tensor y;
        try (many; once) {
            many.watch(x);
            once.watch(x);
            y = x.mul(x);
        }
        scalar(6, many.gradient(y, x));
        scalar(6, many.gradient(y, x));
        scalar(6, once.gradient(y, x));
        assertThrows(IllegalStateException.class, () -> once.gradient(y, x));
    }

    // GradientTape(boolean, boolean): "@param watchAccessedVariables watch trainable variables when they are
    // read"
    @Test
    void watchAccessedVariablesParameterWatchesTrainableVariablesWhenRead() {
        Variable w = new Variable(constant(3f));
        GradientTape on = new GradientTape(true, true);
        GradientTape off = new GradientTape(true, false);
        Tensor y;
        try (on; off) {
            assertEquals(List.of(), on.watchedVariables(), "created before, not read yet");
            y = w.mul(w);
        }
        assertEquals(List.of(w), on.watchedVariables());
        assertEquals(List.of(), off.watchedVariables());
        scalar(6, on.gradient(y, w));
        assertNull(off.gradient(y, w));
    }

    // ============================================================================================== persistent()

    // "Whether this tape allows more than one gradient call."  "@return the flag given at construction"
    // (the @return restates the sentence; both are checked here against all three constructors)
    @Test
    void persistentTellsWhetherMoreThanOneCallIsAllowedAsGivenAtConstruction() {
        try (GradientTape a = new GradientTape(); GradientTape b = new GradientTape(true);
             GradientTape c = new GradientTape(false); GradientTape d = new GradientTape(true, false);
             GradientTape e = new GradientTape(false, true)) {
            assertFalse(a.persistent());
            assertTrue(b.persistent());
            assertFalse(c.persistent());
            assertTrue(d.persistent());
            assertFalse(e.persistent());
        }
    }

    // ================================================================================================== resume()

    // "Resumes recording on the same tape after close(), on the current thread: TensorFlow's re-entering
    // with tape:."
    @Test
    void resumeRecordsAgainOnTheSameTapeAfterClose() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        Tensor between, inside;
        try (tape) {
            tape.watch(x);
        }
        between = x.mul(x);
        try (GradientTape again = tape.resume()) {
            assertTrue(anyTapeRecordsOnThisThread());
            inside = x.mul(x);
        }
        assertFalse(anyTapeRecordsOnThisThread());
        assertNull(tape.gradient(between, x));
        scalar(6, tape.gradient(inside, x));                         // the first block's watch holds
    }

    // "Ops recorded before and after join one record."  (TensorFlow's testGradientTapeReEnterContext: 4.0)
    @Test
    void opsRecordedBeforeAndAfterResumeJoinOneRecord() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        Tensor y, z;
        try (tape) {
            tape.watch(x);
            y = x.mul(2.0);
        }
        try (GradientTape again = tape.resume()) {
            z = y.mul(2.0);
        }
        scalar(4, tape.gradient(List.of(z), List.of(x)).get(0));
    }

    // "On a one-shot tape whose gradient was already taken, it starts a fresh record."
    @Test
    void resumeAfterAOneShotGradientStartsAFreshRecord() {
        Tensor x = constant(3f);
        Variable v = new Variable(constant(1f));
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(v);
        }
        scalar(1, tape.gradient(y, x));
        Tensor z, old;
        try (GradientTape again = tape.resume()) {
            old = y.mul(y);                                           // y is not on the fresh record
            z = x.mul(x);                                             // nor is the old watch of x
        }
        assertEquals(List.of(), tape.watchedVariables(), "the fresh record has no watches");
        List<Tensor> g = tape.gradient(List.of(z, old), List.of(x, y));
        assertNull(g.get(0));
        assertNull(g.get(1));
    }

    // "@return this tape, for try-with-resources"
    @Test
    void resumeReturnsThisTape() {
        GradientTape tape = new GradientTape();
        tape.close();
        try (GradientTape again = tape.resume()) {
            assertSame(tape, again);
        }
    }

    // "@throws IllegalStateException if the tape is recording"
    @Test
    void resumeThrowsWhileRecording() {
        try (GradientTape tape = new GradientTape()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, tape::resume);
            assertEquals("Tape is still recording, This can happen if you try to re-enter an already-active tape.",
                    e.getMessage());
        }
        assertFalse(anyTapeRecordsOnThisThread(), "the failed resume() pushed the tape a second time");
    }

    // =================================================================================================== close()

    // "Stops recording."
    @Test
    void closeStopsRecording() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        tape.watch(x);
        assertTrue(anyTapeRecordsOnThisThread());
        tape.close();
        assertFalse(anyTapeRecordsOnThisThread());
        Tensor y = x.mul(x);
        assertNull(tape.gradient(y, x));
    }

    // "Does nothing if the tape is not recording because a gradient call or a pause stopped it."
    @Test
    void closeDoesNothingIfNotRecording() {
        Tensor x = constant(3f);
        GradientTape outer = new GradientTape(true);
        try (outer) {
            outer.watch(x);
            GradientTape tape = new GradientTape(true);
            tape.watch(x);
            GradientTape.Pause p = tape.stopRecording();
            tape.close();                                             // paused: nothing
            p.close();
            tape.close();
            GradientTape used = new GradientTape();
            used.watch(x);
            used.gradient(x.mul(x), x);                               // stops its recording
            used.close();                                             // nothing either
            assertTrue(anyTapeRecordsOnThisThread(), "closing twice must not stop another tape");
            Tensor y = x.mul(x);
            scalar(6, outer.gradient(y, x));
            assertNull(tape.gradient(y, x));
        }
    }

    // "Closing a tape that close already stopped, without re-entering it in between, throws: that is how a second
    // try (tape) block ends, and Java cannot re-enter a tape when a try block starts, so that block recorded nothing
    // (use resume() or record(Supplier) to re-enter)."
    @Test
    void aSecondTryBlockOnAClosedTapeFailsLoudly() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        Tensor z;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (tape) {
                Tensor unrecorded = y.mul(x);                         // not recorded: Java cannot re-enter here
            }
        });
        assertTrue(e.getMessage().contains("tape.resume()"), e.getMessage());
        try (GradientTape again = tape.resume()) {                    // the way to re-enter
            z = y.mul(x);
        }
        assertThrows(IllegalStateException.class, tape::close);       // closed twice without re-entry
        scalar(27, tape.gradient(z, x));
    }

    // "Runs block with this tape recording, then stops recording, and returns what the block returns:
    // TensorFlow's with tape: block as a lambda."
    @Test
    void recordRunsTheBlockRecordingThenStops() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        Tensor y = tape.record(() -> {
            tape.watch(x);
            return x.mul(x);
        });
        Tensor after = y.mul(x);                                      // after the block: not recorded
        scalar(6, tape.gradient(y, x));
        assertNull(tape.gradient(after, x));
        assertFalse(anyTapeRecordsOnThisThread());
    }

    // "A tape that is not recording (closed, or a one-shot tape whose gradient was taken) is re-entered first, as
    // resume() does; a tape that records (a new one) just goes on. For several results, return a List or a record."
    @Test
    void recordReEntersATapeThatIsNotRecording() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        tape.close();
        List<Tensor> ys = tape.record(() -> {
            tape.watch(x);
            Tensor y = x.mul(x);
            return List.of(y, y.mul(x));
        });
        Tensor z = tape.record(() -> ys.get(1).mul(x));               // re-entered: joins the same record
        scalar(6, tape.gradient(ys.get(0), x));
        scalar(27, tape.gradient(ys.get(1), x));
        scalar(108, tape.gradient(z, x));
        GradientTape once = new GradientTape();
        Tensor a = once.record(x, v -> v.mul(v));
        scalar(6, once.gradient(a, x));
        Tensor b = once.record(x, v -> v.mul(v).mul(v));              // used one-shot tape: a fresh record
        scalar(27, once.gradient(b, x));
    }

    // "It also works in JShell, where try (tape) does not compile (a top-level variable is not effectively final)."
    // JShell keeps top-level variables as fields: the same holds for a field captured by a lambda.
    private static GradientTape shellTape;

    @Test
    void recordCapturesATapeThatIsNotEffectivelyFinal() {
        shellTape = new GradientTape();
        Tensor x = constant(2f);
        Tensor y = shellTape.record(() -> {
            shellTape.watch(x);
            return x.mul(x).mul(x);
        });
        scalar(12, shellTape.gradient(y, x));
        shellTape = null;
    }

    // "Watches x, then runs block on it with this tape recording, as record(Supplier): the form of a function of
    // one tensor." (@throws: a tape recording on another thread refuses.)
    @Test
    void recordWithATensorWatchesItAndRefusesAnotherThreadsTape() throws Exception {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        Tensor y = tape.record(x, v -> v.mul(v).add(v));
        scalar(7, tape.gradient(y, x));
        GradientTape elsewhere = onOtherThread(GradientTape::new);
        assertThrows(IllegalStateException.class, () -> elsewhere.record(() -> x.mul(x)));
    }

    // "The record stays: gradient can be called afterwards."
    @Test
    void afterCloseTheRecordStaysForGradient() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
        }
        scalar(6, tape.gradient(y, x));
    }

    // "@throws IllegalStateException if called on another thread than the one recording"
    @Test
    void closeOnAnotherThreadThrows() throws Exception {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        try (tape) {
            tape.watch(x);
            Throwable t = onOtherThread(() -> {
                try {
                    tape.close();
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            assertNotNull(t, "close() on another thread did not throw");
            assertEquals(IllegalStateException.class, t.getClass());
            assertTrue(anyTapeRecordsOnThisThread(), "the failed close() stopped the recording");
            Tensor y = x.mul(x);
            scalar(6, tape.gradient(y, x));
        }
    }

    // =========================================================================================== watch(Tensor...)

    // "Watches tensors: ops that use them from now on are recorded, so gradients with respect to them exist."
    // (also "@param tensors the tensors or variables": a mix of both in one call)
    @Test
    void watchMakesLaterOpsRecordedSoGradientsExist() {
        Tensor x = constant(3f);
        Variable v = new Variable(constant(2f), false);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x, v);
            y = x.mul(v);
        }
        List<Tensor> g = tape.gradient(y, List.of(x, v));
        scalar(2, g.get(0));
        scalar(3, g.get(1));
    }

    // "A variable is watched by its handle (also when it is not trainable)."
    // By the handle: the watch follows the variable, whose value at the time of the watch plays no part.
    @Test
    void aVariableIsWatchedByItsHandleAlsoWhenNotTrainable() {
        Variable v = new Variable(constant(2f), false);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(v);
            v.assign(constant(5f));
            y = v.mul(v);
        }
        assertEquals(List.of(v), tape.watchedVariables());
        scalar(10, tape.gradient(y, v));
    }

    // "Watching twice is harmless."
    @Test
    void watchingTwiceIsHarmless() {
        Tensor x = constant(3f);
        Variable v = new Variable(constant(2f));
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x, x, v);
            tape.watch(x, v);
            y = x.mul(x).mul(v);
        }
        assertEquals(List.of(v), tape.watchedVariables());
        scalar(12, tape.gradient(y, x));
        scalar(9, tape.gradient(y, v));
    }

    // "A tensor watched while no tape records on this thread is ignored, as in TensorFlow."
    @Test
    void aTensorWatchedWhileNoTapeRecordsIsIgnored() throws Exception {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        tape.close();
        tape.watch(x);                                                // nothing records: ignored
        Tensor y;
        try (GradientTape again = tape.resume()) {
            y = x.mul(x);
        }
        assertNull(tape.gradient(y, x));

        // "on this thread": a tape recording on another thread at the same time does not count
        GradientTape mine = new GradientTape(true);
        mine.close();
        Tensor c = constant(4f);
        CyclicBarrier step = new CyclicBarrier(2);
        Tensor w;
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> f = other.submit(() -> {
                try (GradientTape elsewhere = new GradientTape()) {
                    step.await(20, TimeUnit.SECONDS);                 // recording there now
                    step.await(20, TimeUnit.SECONDS);
                }
                return null;
            });
            step.await(20, TimeUnit.SECONDS);
            mine.watch(c);                                            // nothing records on this thread
            step.await(20, TimeUnit.SECONDS);
            f.get(20, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
        try (GradientTape again = mine.resume()) {
            w = c.mul(c);
        }
        assertNull(mine.gradient(w, c));
    }

    // "@throws IllegalStateException if this is a one-shot tape whose gradient was already taken"
    @Test
    void watchVarargsThrowsOnAUsedOneShotTape() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        try (tape) {
            tape.watch(x);
            tape.gradient(x.mul(x), x);
            assertThrows(IllegalStateException.class, () -> tape.watch(x));
        }
    }

    // ====================================================================================== watch(Iterable)

    // "Watches every tensor of the collection; see watch(Tensor...)."
    // (also "@param tensors the tensors or variables")
    @Test
    void watchIterableWatchesEveryTensorOfTheCollection() {
        Tensor a = constant(3f);
        Tensor b = constant(4f);
        Variable v = new Variable(constant(2f), false);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(new ArrayList<>(List.of(a, b, v)));
            y = a.mul(b).mul(v);
        }
        assertEquals(List.of(v), tape.watchedVariables());
        List<Tensor> g = tape.gradient(y, List.of(a, b, v));
        scalar(8, g.get(0));
        scalar(6, g.get(1));
        scalar(12, g.get(2));
    }

    // "@throws IllegalStateException if this is a one-shot tape whose gradient was already taken"
    @Test
    void watchIterableThrowsOnAUsedOneShotTape() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        try (tape) {
            tape.watch(List.of(x));
            tape.gradient(x.mul(x), x);
            assertThrows(IllegalStateException.class, () -> tape.watch(List.of(x)));
        }
    }

    // ============================================================================================== Pause

    // Pause: "A pause in recording, ended by close(); see stopRecording()."
    // (also stopRecording's "@return the pause")
    @Test
    void aPauseIsAPauseInRecordingEndedByClose() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        Tensor during, after;
        try (tape) {
            tape.watch(x);
            GradientTape.Pause p = tape.stopRecording();
            assertNotNull(p);
            assertFalse(anyTapeRecordsOnThisThread());
            during = x.mul(x);
            p.close();
            assertTrue(anyTapeRecordsOnThisThread());
            after = x.mul(x);
        }
        assertNull(tape.gradient(during, x));
        scalar(6, tape.gradient(after, x));
    }

    // Pause.close(): "Resumes recording."
    @Test
    void closingAPauseResumesRecording() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        Tensor after;
        try (tape) {
            tape.watch(x);
            try (GradientTape.Pause p = tape.stopRecording()) {
                assertFalse(anyTapeRecordsOnThisThread());
            }
            after = x.mul(x);
        }
        scalar(6, tape.gradient(after, x));
    }

    // Pause.close(): "Calling it twice is harmless."
    @Test
    void closingAPauseTwiceIsHarmless() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        Tensor inside;
        try (tape) {
            tape.watch(x);
            GradientTape.Pause p = tape.stopRecording();
            p.close();
            p.close();
            inside = x.mul(x);
        }
        assertFalse(anyTapeRecordsOnThisThread(), "a second Pause.close() pushed the tape twice");
        Tensor after = x.mul(x);
        scalar(6, tape.gradient(inside, x));
        assertNull(tape.gradient(after, x));
        // a pause closed after the tape was resumed by other means does not push it again
        GradientTape t2 = new GradientTape(true);
        GradientTape.Pause p2 = t2.stopRecording();
        t2.resume();
        p2.close();
        t2.close();
        assertFalse(anyTapeRecordsOnThisThread());
    }

    // ========================================================================================= stopRecording()

    // "Pauses this tape until the returned pause is closed: ops run meanwhile are not recorded on it (other
    // tapes still record them), so tensors made then have no gradient path through this tape."
    @Test
    void stopRecordingPausesThisTapeOnlyAndTensorsMadeMeanwhileHaveNoPathThroughIt() {
        Tensor x = constant(3f);
        GradientTape outer = new GradientTape(true);
        GradientTape inner = new GradientTape(true);
        Tensor x2, during, after;
        try (outer; inner) {
            outer.watch(x);
            inner.watch(x);
            x2 = x.mul(2.0);
            try (GradientTape.Pause p = inner.stopRecording()) {
                during = x2.mul(x2);
            }
            after = during.add(x2);
        }
        assertNull(inner.gradient(during, x));
        scalar(24, outer.gradient(during, x));                      // d(2x)^2 = 8x = 24
        // through `inner`, `after` = during + x2 only has the path through x2: d = 2
        scalar(2, inner.gradient(after, x));
        scalar(24 + 2, outer.gradient(after, x));
    }

    // "@throws IllegalStateException if the tape was already used up or is not recording"
    @Test
    void stopRecordingThrowsOnAUsedUpOrNonRecordingTape() {
        GradientTape closed = new GradientTape(true);
        closed.close();
        IllegalStateException notRecording = assertThrows(IllegalStateException.class, closed::stopRecording);
        assertEquals("Tape is not recording.", notRecording.getMessage());

        Tensor x = constant(3f);
        GradientTape used = new GradientTape();
        try (used) {
            used.watch(x);
            Tensor y = x.mul(x);
            used.gradient(y, x);
            IllegalStateException usedUp = assertThrows(IllegalStateException.class, used::stopRecording);
            assertEquals("Trying to stop recording a tape which is not recording.", usedUp.getMessage());
        }
    }

    // ================================================================================================= reset()

    // "Discards everything recorded and watched so far, as if the tape were closed and a new one started;
    // recording continues."  (TensorFlow's testTapeReset: loss = v*v; reset; loss += v*v gives 2.0, not 4.0)
    @Test
    void resetDiscardsRecordAndWatchesAndRecordingContinues() {
        Variable v = new Variable(constant(1f));
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        Tensor loss, xy;
        try (tape) {
            tape.watch(x);
            loss = v.mul(v);
            assertEquals(List.of(v), tape.watchedVariables());
            tape.reset();
            assertEquals(List.of(), tape.watchedVariables());
            assertTrue(anyTapeRecordsOnThisThread());
            xy = x.mul(x);                                            // x's watch was discarded
            loss = loss.add(v.mul(v));
        }
        scalar(2, tape.gradient(loss, v));
        assertNull(tape.gradient(xy, x));
        assertEquals(List.of(v), tape.watchedVariables());
    }

    // "@throws IllegalStateException if the tape is not recording"
    @Test
    void resetThrowsIfNotRecording() {
        GradientTape closed = new GradientTape(true);
        closed.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, closed::reset);
        assertEquals("Tape is not recording.", e.getMessage());

        GradientTape paused = new GradientTape(true);
        try (paused; GradientTape.Pause p = paused.stopRecording()) {
            assertThrows(IllegalStateException.class, paused::reset);
        }

        Tensor x = constant(1f);
        GradientTape used = new GradientTape();
        try (used) {
            used.watch(x);
            used.gradient(x.mul(x), x);
            assertThrows(IllegalStateException.class, used::reset);
        }
        assertFalse(anyTapeRecordsOnThisThread());
    }

    // ====================================================================================== watchedVariables()

    // "The variables this tape watches, explicitly or because they were read, in order of creation."
    @Test
    void watchedVariablesListsExplicitAndReadVariablesInOrderOfCreation() {
        Variable a = new Variable(constant(1f));
        Variable b = new Variable(constant(2f), false);
        Variable c = new Variable(constant(3f));
        Variable unread = new Variable(constant(4f));
        GradientTape tape = new GradientTape(true);
        try (tape) {
            c.mul(a);                                                 // read: c, a (trainable)
            tape.watch(b);                                            // explicit
            Variable d = new Variable(constant(5f));                  // created inside, read
            d.mul(2.0);
            assertEquals(List.of(a, b, c, d), tape.watchedVariables());
        }
        assertFalse(tape.watchedVariables().contains(unread));
    }

    // "After a one-shot tape's gradient call it still lists the variables of that record."
    // (TensorFlow's testWatchedVariablesAfterNonPersistentGradientCall and ...OnlyHasVariablesFromLastTape)
    @Test
    void watchedVariablesAfterAOneShotGradientStillListsThatRecordsVariables() {
        Variable x = new Variable(constant(1f));
        Variable z = new Variable(constant(2f));
        GradientTape tape = new GradientTape();
        try (tape) {
            tape.watch(x);
        }
        tape.gradient(x, x);
        assertEquals(List.of(x), tape.watchedVariables());
        try (GradientTape again = tape.resume()) {
            tape.watch(z);
        }
        tape.gradient(z, z);
        assertEquals(List.of(z), tape.watchedVariables());
    }

    // "@return an unmodifiable list"
    @Test
    void watchedVariablesIsUnmodifiable() {
        Variable v = new Variable(constant(1f));
        Variable other = new Variable(constant(2f));
        GradientTape fresh = new GradientTape();
        GradientTape used = new GradientTape();
        try (fresh; used) {
            assertThrows(UnsupportedOperationException.class, () -> fresh.watchedVariables().add(other));
            v.mul(v);
            List<Variable> live = fresh.watchedVariables();
            assertThrows(UnsupportedOperationException.class, () -> live.add(other));
            assertThrows(UnsupportedOperationException.class, () -> live.remove(0));
            used.gradient(v, v);
            assertThrows(UnsupportedOperationException.class, () -> used.watchedVariables().add(other));
        }
        assertEquals(List.of(v), fresh.watchedVariables());
    }

    // ================================================================================= gradient(Tensor, Tensor)

    // "The gradient of target with respect to source; null if they are not connected."
    // (also "@param source the tensor to differentiate by": a tensor or a variable)
    @Test
    void gradientOfTargetWithRespectToSourceOrNullIfNotConnected() {
        Tensor x = constant(3f);
        Tensor u = constant(1f);
        Variable v = new Variable(constant(2f));
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x, u);
            y = x.mul(x).mul(v);
        }
        scalar(12, tape.gradient(y, x));
        scalar(9, tape.gradient(y, v));
        assertNull(tape.gradient(y, u));
    }

    // "@param target the tensor differentiated (summed if not scalar)"
    @Test
    void gradientTensorTensorSumsANonScalarTarget() {
        Variable x = new Variable(constant(2f));
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            y = x.mul(constant(new float[] {3, 4}, 2));
        }
        scalar(7, tape.gradient(y, x));
    }

    // "@return a tensor shaped like source, or null"
    @Test
    void gradientTensorTensorReturnsATensorShapedLikeTheSourceOrNull() {
        Tensor x = constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = constant(new float[] {1, 1, 1}, 3);                 // broadcast against x
        Tensor u = constant(new float[] {7, 8}, 2);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x, b, u);
            y = x.mul(b).sum();
        }
        values(new double[] {1, 1, 1, 1, 1, 1}, Shape.of(2, 3), tape.gradient(y, x));
        values(new double[] {5, 7, 9}, Shape.of(3), tape.gradient(y, b));
        assertNull(tape.gradient(y, u));
    }

    // "@throws IllegalStateException if this one-shot tape was already used"
    @Test
    void gradientTensorTensorThrowsOnAUsedOneShotTape() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
        }
        tape.gradient(y, x);
        assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
    }

    // =========================================================================== gradient(Tensor, List<Tensor>)

    // "The gradients of target with respect to each source, in order (nulls where unconnected)."
    // (also "@param sources the tensors to differentiate by")
    @Test
    void gradientTensorListGivesEachSourcesGradientInOrderWithNulls() {
        Tensor a = constant(2f);
        Tensor b = constant(5f);
        Tensor u = constant(7f);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(a, b, u);
            y = a.mul(a).mul(b);
        }
        List<Tensor> g = tape.gradient(y, List.of(b, u, a));
        scalar(4, g.get(0));
        assertNull(g.get(1));
        scalar(20, g.get(2));
    }

    // "@param target the tensor differentiated (summed if not scalar)"
    @Test
    void gradientTensorListSumsANonScalarTarget() {
        Tensor x = constant(2f);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(constant(new float[] {3, 4, -1, 0.5f}, 2, 2));
        }
        scalar(6.5, tape.gradient(y, List.of(x)).get(0));
    }

    // "@return one entry per source"
    @Test
    void gradientTensorListReturnsOneEntryPerSource() {
        Tensor x = constant(2f);
        Tensor u = constant(1f);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
        }
        assertEquals(0, tape.gradient(y, List.of()).size());
        assertEquals(4, tape.gradient(y, List.of(x, u, x, u)).size());
        assertEquals(Arrays.asList(null, null), tape.gradient(y, List.of(u, u)));
    }

    // "@throws IllegalStateException if this one-shot tape was already used"
    @Test
    void gradientTensorListThrowsOnAUsedOneShotTape() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
        }
        tape.gradient(y, List.of(x));
        assertThrows(IllegalStateException.class, () -> tape.gradient(y, List.of(x)));
    }

    // ===================================================================== gradient(List<Tensor>, List<Tensor>)

    // "The gradients of the sum of targets with respect to each source."
    // (also "@param targets the tensors differentiated" and "@param sources the tensors to differentiate by")
    // TensorFlow's guide: y0 = x^2, y1 = 1/x at x = 2: 4 - 0.25 = 3.75.
    @Test
    void gradientListListIsOfTheSumOfTargets() {
        Variable x = new Variable(constant(2f));
        Tensor u = constant(1f);
        GradientTape tape = new GradientTape();
        Tensor y0, y1;
        try (tape) {
            y0 = x.pow(2.0);
            y1 = constant(1f).div(x);
        }
        List<Tensor> g = tape.gradient(List.of(y0, y1), List.of(x, u));
        scalar(3.75, g.get(0));
        assertNull(g.get(1));
    }

    // "@return one entry per source"
    @Test
    void gradientListListReturnsOneEntryPerSource() {
        Tensor x = constant(2f);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
        }
        assertEquals(3, tape.gradient(List.of(y, y), List.of(x, x, x)).size());
        assertEquals(1, tape.gradient(List.of(), List.of(x)).size());
        assertNull(tape.gradient(List.of(), List.of(x)).get(0), "no target: nothing connected");
    }

    // "@throws IllegalStateException if this one-shot tape was already used"
    @Test
    void gradientListListThrowsOnAUsedOneShotTape() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
        }
        tape.gradient(List.of(y), List.of(x));
        assertThrows(IllegalStateException.class, () -> tape.gradient(List.of(y), List.of(x)));
    }

    // ========================================================== gradient(targets, sources, outputGradients, ...)

    // "The vector-Jacobian product: the gradient of sum_i sum(outputGradients[i] * targets[i]) with respect to
    // each source."  (also "@param targets the tensors differentiated", "@param sources the tensors to
    // differentiate by")  y1 = x*x (x = [1,2]), y2 = 3x: v1 = [1,-1], v2 = [2,0.5]:
    // d = v1 * 2x + v2 * 3 = [2 + 6, -4 + 1.5] = [8, -2.5]
    @Test
    void fourArgGradientIsTheVectorJacobianProduct() {
        Tensor x = constant(new float[] {1, 2}, 2);
        GradientTape tape = new GradientTape();
        Tensor y1, y2;
        try (tape) {
            tape.watch(x);
            y1 = x.mul(x);
            y2 = x.mul(3.0);
        }
        List<Tensor> g = tape.gradient(List.of(y1, y2), List.of(x),
                List.of(constant(new float[] {1, -1}, 2), constant(new float[] {2, 0.5f}, 2)),
                UnconnectedGradients.NONE);
        values(new double[] {8, -2.5}, Shape.of(2), g.get(0));
    }

    // "A null list, or a null entry, stands for ones."
    @Test
    void aNullOutputGradientListOrEntryStandsForOnes() {
        Tensor x = constant(new float[] {1, 2}, 2);
        GradientTape tape = new GradientTape(true);
        Tensor y1, y2;
        try (tape) {
            tape.watch(x);
            y1 = x.mul(x);
            y2 = x.mul(3.0);
        }
        List<Tensor> targets = List.of(y1, y2);
        double[] allOnes = {2 + 3, 4 + 3};
        values(allOnes, Shape.of(2), tape.gradient(targets, List.of(x), null, UnconnectedGradients.NONE).get(0));
        values(allOnes, Shape.of(2), tape.gradient(targets, List.of(x), Arrays.asList(null, null),
                UnconnectedGradients.NONE).get(0));
        values(new double[] {2 + 6, 4 + 6}, Shape.of(2), tape.gradient(targets, List.of(x),
                Arrays.asList(null, constant(new float[] {2, 2}, 2)), UnconnectedGradients.NONE).get(0));
    }

    // "@param outputGradients one weight per target, each of its target's shape and dtype, or null"
    @Test
    void outputGradientsAreOneWeightPerTargetOfItsShapeAndDtype() {
        Tensor x = constant(3.0);
        GradientTape tape = new GradientTape(true);
        Tensor s, v;
        try (tape) {
            tape.watch(x);
            s = x.mul(x);                                             // () float64
            v = x.mul(constant(new double[] {1, 2, 3}, 3));           // (3,) float64
        }
        List<Tensor> g = tape.gradient(List.of(s, v), List.of(x),
                List.of(constant(0.5), constant(new double[] {1, 0, -1}, 3)), UnconnectedGradients.NONE);
        scalar(0.5 * 6 + (1 - 3), g.get(0));
        assertEquals(DType.FLOAT64, g.get(0).dtype());
    }

    // "@param unconnected what an unconnected source gets"
    @Test
    void unconnectedSaysWhatAnUnconnectedSourceGets() {
        Tensor x = constant(2f);
        Tensor u = constant(new int[] {1, 2, 3}, 3);
        Variable w = new Variable(constant(new double[] {1, 2, 3, 4}, 2, 2));
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
        }
        List<Tensor> none = tape.gradient(List.of(y), List.of(x, u, w), null, UnconnectedGradients.NONE);
        scalar(4, none.get(0));
        assertNull(none.get(1));
        assertNull(none.get(2));
        List<Tensor> zero = tape.gradient(List.of(y), List.of(x, u, w), null, UnconnectedGradients.ZERO);
        scalar(4, zero.get(0));
        Check.zeros(Shape.of(3), DType.INT32, zero.get(1));
        Check.zeros(Shape.of(2, 2), DType.FLOAT64, zero.get(2));
        assertFalse(zero.get(2) instanceof Variable);
    }

    // "@return one entry per source (a source listed twice gets the same tensor twice)"
    @Test
    void fourArgGradientReturnsOneEntryPerSourceAndTheSameTensorForARepeatedSource() {
        Tensor x = constant(3f);
        Tensor u = constant(1f);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
        }
        List<Tensor> g = tape.gradient(List.of(y), List.of(x, u, x), null, UnconnectedGradients.NONE);
        assertEquals(3, g.size());
        scalar(6, g.get(0));
        assertNull(g.get(1));
        assertSame(g.get(0), g.get(2));
        List<Tensor> z = tape.gradient(List.of(y), List.of(u, u), null, UnconnectedGradients.ZERO);
        assertEquals(2, z.size());
        scalar(0, z.get(0));
        scalar(0, z.get(1));
    }

    // "@throws IllegalArgumentException if the output gradients do not match the targets"
    @Test
    void fourArgGradientThrowsIfOutputGradientsDoNotMatchTheTargets() {
        Tensor x = constant(new float[] {1, 2}, 2);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
        }
        List<Tensor> t = List.of(y);
        List<Tensor> s = List.of(x);
        UnconnectedGradients n = UnconnectedGradients.NONE;
        assertThrows(IllegalArgumentException.class, () -> tape.gradient(t, s, List.of(), n), "too few");
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> tape.gradient(t, s, List.of(ones(DType.FLOAT32, 2), ones(DType.FLOAT32, 2)), n), "too many");
        assertTrue(count.getMessage().contains("same size"), count.getMessage());   // TensorFlow's InvalidArgument
        assertThrows(IllegalArgumentException.class,
                () -> tape.gradient(t, s, List.of(ones(DType.FLOAT32, 3)), n), "wrong shape");
        assertThrows(IllegalArgumentException.class,
                () -> tape.gradient(t, s, List.of(ones(DType.FLOAT32)), n), "scalar for a (2,) target");
        assertThrows(IllegalArgumentException.class,
                () -> tape.gradient(t, s, List.of(ones(DType.FLOAT64, 2)), n), "wrong dtype");
        values(new double[] {2, 4}, Shape.of(2), tape.gradient(t, s, List.of(ones(DType.FLOAT32, 2)), n).get(0));
    }

    // "@throws IllegalStateException if this one-shot tape was already used"
    @Test
    void fourArgGradientThrowsOnAUsedOneShotTape() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
        }
        tape.gradient(List.of(y), List.of(x), null, UnconnectedGradients.ZERO);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> tape.gradient(List.of(y), List.of(x), null, UnconnectedGradients.ZERO));
        assertEquals("A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)",
                e.getMessage());
    }
}
