package io.gradtape.tape;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.LogCapture;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.UnconnectedGradients;
import io.gradtape.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.gradtape.Tensors.cast;
import static io.gradtape.Tensors.constant;
import static io.gradtape.Tensors.ones;
import static io.gradtape.Tensors.reduceSum;
import static io.gradtape.Tensors.sigmoid;
import static io.gradtape.Tensors.sin;
import static io.gradtape.Tensors.square;
import static io.gradtape.Tensors.stopGradient;
import static io.gradtape.tape.Check.anyTapeRecordsOnThisThread;
import static io.gradtape.tape.Check.onOtherThread;
import static io.gradtape.tape.Check.scalar;
import static io.gradtape.tape.Check.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TensorFlow 2's GradientTape rules that the Javadoc of {@code GradientTape} does not state sentence by sentence
 * (those are {@link GradientTapeJavadocTest}, the specification): recording edge cases, targets listed twice,
 * output gradients that are variables, variables and assignments, integer dtypes under {@code ZERO}, nesting to
 * the fourth order, several tapes and threads. Each is checked on the public API with the numbers TensorFlow gives
 * (docs/semantics.md lists them with links to TensorFlow's documentation). References: [BT] TensorFlow's
 * backprop_test.py, [G1]/[G2] the autodiff guides, [DOC] a docstring, [SRC] derived from TensorFlow's source
 * (pywrap_tfe_src.cc, tape.h, resource_variable_ops.py) and named where used.
 */
@ExtendWith({LogCapture.class, Check.NothingRecordsAtStart.class}) // warnings provoked on purpose are captured
@SuppressWarnings("try") // try (... = tape.resume()) blocks are there for their scope, as Python's with
class TensorFlowSemanticsTest {

    // ================================================================================= 2.1 the recording rule

    /** An op whose inputs are all unwatched is not recorded: no gradient, even with a tape active. */
    @Test
    void anOpWithOnlyUnwatchedInputsIsNotRecorded() {
        Tensor a = constant(2f);
        Tensor b = constant(5f);
        Tensor x = constant(1f);
        GradientTape tape = new GradientTape(true);
        Tensor y, z;
        try (tape) {
            tape.watch(x);
            y = a.mul(b);
            z = y.mul(a);
        }
        List<Tensor> g = tape.gradient(z, List.of(a, b, y));
        assertEquals(Arrays.asList(null, null, null), g);
    }

    /**
     * An op whose only tracked input is an integer is not recorded, so an argmax-like path (float -> int32 ->
     * float) cuts the gradient [G1, §2.6: Cast to or from an integer has no gradient].
     */
    @Test
    void anOpWhoseOnlyTrackedInputIsIntegerIsNotRecorded() {
        Tensor x = constant(new float[] {1.5f, 2.5f}, 2);
        GradientTape tape = new GradientTape(true);
        Tensor roundTrip, mixed, intSquare;
        try (tape) {
            tape.watch(x);
            Tensor i = cast(x, DType.INT32);
            intSquare = i.mul(i);
            roundTrip = cast(i, DType.FLOAT32);
            mixed = roundTrip.mul(x);                                 // recorded through x only
        }
        assertNull(tape.gradient(roundTrip, x));
        assertNull(tape.gradient(intSquare, x));
        values(new double[] {1, 2}, Shape.of(2), tape.gradient(mixed, x));   // int(x), the cast path gives none
    }

    /** A float64 -> float32 cast keeps the gradient (both dtypes floating) [§2.6]. */
    @Test
    void aCastBetweenFloatingDtypesKeepsTheGradient() {
        Tensor x = constant(3.0);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = square(cast(x, DType.FLOAT32));
        }
        Tensor g = tape.gradient(y, x);
        scalar(6, g);
        assertEquals(DType.FLOAT64, g.dtype());
    }

    /**
     * [SRC tape.h ComputeGradient] an unwatched tensor that is a direct input of a recorded op gets no gradient
     * when it is asked for as a source. ComputeGradient does compute the gradient of such an input (it is in the
     * sources set, so not among the "unneeded" ones), but once its recorded uses are all processed its id is not in
     * the tensor tape ("has no associated op. Deleting gradient"), so the gradient is erased and the result is
     * None. Rightly: the op c * c below read no tracked tensor and was not recorded, so the recorded uses of c are
     * some of its uses, and their sum (x = 3) would not be dz/dc (x + 2c = 7).
     */
    @Test
    void anUnwatchedInputOfARecordedOpGetsNoGradientAsASource() {
        Tensor x = constant(3f);
        Tensor c = constant(2f);
        GradientTape tape = new GradientTape(true);
        Tensor z, offTape;
        try (tape) {
            tape.watch(x);
            z = x.mul(c).add(c.mul(c));
            offTape = c.mul(c);
        }
        assertNull(tape.gradient(z, c));
        assertNull(tape.gradient(offTape, c));
        scalar(0, tape.gradient(List.of(z), List.of(c), null, UnconnectedGradients.ZERO).get(0));
        scalar(2, tape.gradient(z, x));   // x's own gradient is whole: every op that read x was recorded
    }

    /**
     * The same for a source that an inner tape never watched, though an outer tape did, and for one computed while
     * recording was stopped: each tape differentiates by what it tracks (watched, or made by an op it recorded).
     */
    @Test
    void eachTapeGivesGradientsOnlyForWhatItTracks() {
        Tensor x = constant(1f), w = constant(3f);
        GradientTape outer = new GradientTape(true);
        Tensor y, g;
        try (outer) {
            outer.watch(x);
            GradientTape inner = new GradientTape(true);
            try (inner) {
                inner.watch(w);
                y = x.mul(x).mul(w).add(x.mul(w));
            }
            assertNull(inner.gradient(y, x), "the inner tape never watched x");
            g = inner.gradient(y, w);   // x^2 + x = 2
        }
        scalar(2, g);
        assertNull(outer.gradient(y, w), "the outer tape never watched w");
        scalar(9, outer.gradient(y, x));   // (2x + 1) w

        Tensor a = constant(2f), s;
        GradientTape t = new GradientTape(true);
        Tensor out;
        try (t) {
            t.watch(a);
            try (var paused = t.stopRecording()) {
                s = a.mul(a);   // not recorded: s is not on the tape
            }
            out = s.mul(a).add(s.mul(s));
        }
        assertNull(t.gradient(out, s));
    }

    // ======================================================================================== 2.3 targets, seeds

    /** A target listed twice is seeded twice. */
    @Test
    void aTargetListedTwiceIsSeededTwice() {
        Tensor x = constant(2f);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.mul(x);
        }
        scalar(8, tape.gradient(List.of(y, y), List.of(x)).get(0));
        scalar(4 + 4 + 4, tape.gradient(List.of(y, y, y), List.of(x)).get(0));
    }

    /** The ones of a target-source do not need the tape: an unwatched x gives gradient(x, x) = 1 [§2.4]. */
    @Test
    void anUnwatchedTargetThatIsASourceStillGetsOnes() {
        Tensor x = constant(new double[] {1, 2, 3}, 3);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            y = x.mul(x);                                             // not recorded: x is not watched
        }
        Tensor g = tape.gradient(List.of(x, y), List.of(x)).get(0);
        values(new double[] {1, 1, 1}, Shape.of(3), g);
        assertEquals(DType.FLOAT64, g.dtype());
    }

    // ===================================================================================== output gradients

    /** [BT testOutputGradUsedInComputation]: loss = x*y at (3, 2), targets [loss, x], weights [1, 2]: 4. */
    @Test
    void outputGradientsWeightEachTarget() {
        Tensor x = constant(3f);
        Tensor y = constant(2f);
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            tape.watch(List.of(x, y));
            loss = x.mul(y);
        }
        List<Tensor> dx = tape.gradient(List.of(loss, x), List.of(x), List.of(constant(1f), constant(2f)),
                UnconnectedGradients.NONE);
        scalar(4, dx.get(0));
    }

    /**
     * [SRC backprop.py gradient(): {@code output_gradients = [None if x is None else ops.convert_to_tensor(x)
     * ...]}] output gradients are converted to tensors, so a Variable given as an output gradient counts with the
     * value it has at the call. Here the target x is also the source, so its gradient is exactly its output
     * gradient: it must be a plain tensor holding 5, unchanged by a later assign of the variable.
     */
    @Test
    void aVariableGivenAsAnOutputGradientIsReadAtTheCall() {
        Tensor x = constant(3f);
        Variable weight = new Variable(constant(5f));
        GradientTape tape = new GradientTape();
        try (tape) {
            tape.watch(x);
        }
        Tensor g = tape.gradient(List.of(x), List.of(x), List.of(weight), UnconnectedGradients.NONE).get(0);
        weight.assign(constant(100f));
        assertFalse(g instanceof Variable, "the gradient returned is the mutable output-gradient variable itself");
        scalar(5, g);
    }

    // ================================================================================== 2.5 unconnected sources

    /** NONE gives null; ZERO gives zeros of the source's shape and dtype, a variable's too [BT]. */
    @Test
    void unconnectedSourcesGetNullOrZerosOfTheirShapeAndDtype() {
        Tensor x = constant(2f);
        Tensor u = constant(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Variable v = new Variable(constant(new float[] {1, 2, 3, 4}, 2, 2));
        Variable notRead = new Variable(constant(new double[] {1, 2}, 2));
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            tape.watch(u);
            v.mul(2.0);                                               // v is watched and read, but unconnected
            y = x.mul(x);
        }
        List<Tensor> sources = List.of(u, v, notRead);
        assertEquals(Arrays.asList(null, null, null), tape.gradient(y, sources));
        List<Tensor> z = tape.gradient(List.of(y), sources, null, UnconnectedGradients.ZERO);
        Check.zeros(Shape.of(3, 2), DType.FLOAT64, z.get(0));
        Check.zeros(Shape.of(2, 2), DType.FLOAT32, z.get(1));
        Check.zeros(Shape.of(2), DType.FLOAT64, z.get(2));
    }

    // ============================================================================== 2.6 integer and bool dtypes

    /** Watching an int tensor (logs a warning, not asserted here) gives null [G1, BT testGradientInteger]. */
    @Test
    void watchingAnIntegerTensorYieldsNull() {
        Tensor x = constant(3);
        Tensor xl = constant(3L);
        GradientTape tape = new GradientTape(true);
        Tensor y, yl, yf;
        try (tape) {
            tape.watch(x, xl);
            y = x.mul(x);
            yl = xl.mul(2.0);
            yf = cast(x, DType.FLOAT32).mul(2.0);
        }
        assertNull(tape.gradient(y, x));
        assertNull(tape.gradient(yl, xl));
        assertNull(tape.gradient(yf, x));
        assertNull(tape.gradient(List.of(y), List.of(x), null, UnconnectedGradients.NONE).get(0));
        Check.zeros(Shape.of(), DType.INT32,
                tape.gradient(List.of(y), List.of(x), null, UnconnectedGradients.ZERO).get(0));
    }

    // ================================================================================= 2.7 variables, watching

    /** A variable read before the tape gives a plain tensor: no gradient with respect to the variable. */
    @Test
    void aVariableReadBeforeTheTapeIsAPlainTensor() {
        Variable v = new Variable(constant(3f));
        Tensor snapshot = v.value();
        Tensor product = v.mul(1.0);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            y = snapshot.mul(snapshot).add(product);
        }
        assertEquals(List.of(), tape.watchedVariables());
        List<Tensor> g = tape.gradient(y, List.of(v, snapshot));
        assertNull(g.get(0));
        assertNull(g.get(1));
    }

    /** watchAccessedVariables=false: only explicit watches; watchedVariables() lists them by creation [DOC]. */
    @Test
    void withoutWatchAccessedVariablesOnlyExplicitWatchesCountSortedByCreation() {
        Variable a = new Variable(constant(2f));
        Variable b = new Variable(constant(3f));
        Variable c = new Variable(constant(5f));
        GradientTape tape = new GradientTape(false, false);
        Tensor y;
        try (tape) {
            tape.watch(c, a);
            y = a.mul(b).mul(c);
        }
        assertEquals(List.of(a, c), tape.watchedVariables());
        List<Tensor> g = tape.gradient(y, List.of(a, b, c));
        scalar(15, g.get(0));
        assertNull(g.get(1));
        scalar(6, g.get(2));
    }

    /** An assign after a read does not change the gradient recorded with the value read. */
    @Test
    void anAssignAfterAReadDoesNotChangeTheRecordedGradient() {
        Variable v = new Variable(constant(3f));
        Variable w = new Variable(constant(2f));
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            y = v.mul(v).mul(w);                                      // dy/dv = 2vw = 12, dy/dw = v^2 = 9
            v.assign(constant(10f));
            w.assignAdd(constant(100f));
        }
        List<Tensor> g = tape.gradient(y, List.of(v, w));
        scalar(12, g.get(0));
        scalar(9, g.get(1));
        scalar(10, v);
    }

    /**
     * [G1] x0 = 3, x1 = 0: {@code x1.assign_add(x0); y = x1**2}: dy/dx0 is None (the stateful op cuts the
     * gradient); dy/dx1 = 2 * x1 = 6.
     */
    @Test
    void assignAddOfAVariableCutsTheGradient() {
        Variable x0 = new Variable(constant(3f));
        Variable x1 = new Variable(constant(0f));
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            x1.assignAdd(x0);
            y = x1.pow(2.0);
        }
        List<Tensor> g = tape.gradient(y, List.of(x0, x1));
        assertNull(g.get(0));
        scalar(6, g.get(1));
    }

    /**
     * [SRC resource_variable_ops.py] {@code x1.assign_add(x0)} converts its argument with
     * {@code ops.convert_to_tensor(delta)}, which reads x0 through {@code _read_variable_op} and so calls
     * {@code variable_accessed(x0)}: under TensorFlow x0 is auto-watched (x1 is too, by the read of x1**2), so
     * {@code watched_variables()} is (x0, x1), though dy/dx0 stays None.
     */
    @Test
    void aVariablePassedToAssignAddIsReadAndSoWatched() {
        Variable x0 = new Variable(constant(3f));
        Variable x1 = new Variable(constant(0f));
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            x1.assignAdd(x0);
            y = x1.pow(2.0);
        }
        assertEquals(List.of(x0, x1), tape.watchedVariables(),
                "TensorFlow watches x0 when assign_add reads it (x0 created first, so listed first)");
        assertNull(tape.gradient(y, x0));
    }

    /**
     * [SRC] A trainable variable is auto-watched on read whatever its dtype: {@code variable_accessed} checks
     * only {@code variable.trainable}, and the tape's {@code VariableAccessed}/{@code WatchVariable} check no
     * dtype. So an int32 variable read under a tape is in {@code watched_variables()}; its gradient is None.
     */
    @Test
    void aTrainableIntegerVariableReadUnderATapeIsWatchedButHasNoGradient() {
        Variable steps = new Variable(constant(1));
        Variable w = new Variable(constant(2f));
        GradientTape tape = new GradientTape();
        Tensor y, n;
        try (tape) {
            n = steps.mul(constant(2));
            y = w.mul(cast(n, DType.FLOAT32));
        }
        assertEquals(List.of(steps, w), tape.watchedVariables(),
                "TensorFlow auto-watches a trainable variable on read whatever its dtype");
        List<Tensor> g = tape.gradient(y, List.of(steps, w));
        assertNull(g.get(0));
        scalar(2, g.get(1));
    }

    /**
     * [SRC pywrap_tfe_src.cc] {@code TFE_Py_TapeWatchVariable} returns at once unless some tape records on the
     * thread ({@code CouldBackprop()}), exactly like {@code TFE_Py_TapeWatch} for tensors. So watching a
     * variable on a closed tape while nothing records is ignored: after re-entering, a non-trainable variable is
     * still unwatched and its gradient is None.
     */
    @Test
    void aVariableWatchedWhileNoTapeRecordsIsIgnored() {
        Variable frozen = new Variable(constant(3f), false);
        GradientTape tape = new GradientTape(true);
        tape.close();
        assertFalse(anyTapeRecordsOnThisThread());
        tape.watch(frozen);                                           // nothing records on this thread
        Tensor y;
        try (GradientTape again = tape.resume()) {
            y = frozen.mul(frozen);
        }
        assertEquals(List.of(), tape.watchedVariables(),
                "TensorFlow ignores watch(variable) while no tape records on the thread");
        assertNull(tape.gradient(y, frozen));
    }

    /**
     * [SRC backprop.py] {@code stop_recording()} ends with {@code finally: self._push_tape()}, and
     * {@code _push_tape} starts a fresh tape when {@code _tape is None}. So after a one-shot tape's gradient
     * taken inside {@code with tape.stop_recording():} (a common pattern: compute and apply gradients inside
     * the block), the tape records again on a fresh record when the pause ends; later ops in the block are
     * recorded there and {@code watched_variables()} reports that record. (gradtape's own Pause.close()
     * Javadoc says "Resumes recording", and resume() on a used one-shot tape starts a fresh record.)
     */
    @Test
    void aOneShotGradientInsideStopRecordingRecordsOnAFreshTapeWhenThePauseEnds() {
        Variable v = new Variable(constant(2f));
        Variable u = new Variable(constant(5f));
        GradientTape tape = new GradientTape();
        Tensor grad, later;
        try (tape) {
            Tensor loss = v.mul(v);
            try (GradientTape.Pause p = tape.stopRecording()) {
                grad = tape.gradient(loss, v);
            }
            assertTrue(anyTapeRecordsOnThisThread(), "TensorFlow re-pushes a fresh tape when stop_recording ends");
            later = u.mul(3.0);
        }
        scalar(4, grad);
        assertEquals(List.of(u), tape.watchedVariables());
        scalar(3, tape.gradient(later, u));
    }

    // ===================================================================== 1.7 one-shot tapes, gradient in context

    /**
     * [BT testGradientWithinTapeBlock] loss = 2 v at v = 1: gradient inside a one-shot tape's block gives 2.0;
     * the tape stops recording there (later ops are not recorded and the end of the block does nothing).
     */
    @Test
    void gradientInsideAOneShotTapesBlockStopsRecordingAndWorks() {
        Variable v = new Variable(constant(1f));
        Variable later = new Variable(constant(7f));
        Tensor x = constant(3f);
        GradientTape outer = new GradientTape(true);
        GradientTape tape = new GradientTape();
        Tensor after;
        try (outer; tape) {
            outer.watch(x);
            tape.watch(x);
            Tensor loss = v.mul(2.0);
            scalar(2, tape.gradient(loss, v));
            later.mul(later);                                         // not watched by the used tape
            after = x.mul(x);                                         // recorded by outer only
            assertTrue(anyTapeRecordsOnThisThread(), "the outer tape must keep recording");
        }
        assertEquals(List.of(v), tape.watchedVariables());
        assertFalse(anyTapeRecordsOnThisThread());
        scalar(6, outer.gradient(after, x));
        assertThrows(IllegalStateException.class, () -> tape.gradient(after, x));
    }

    // ========================================================================================= 2.8 nested tapes

    /**
     * Second derivatives with respect to a variable: each read of v is its own recorded identity, and the outer
     * tape watches v on read. y = v^3 at v = 3: 27, 18; also on one persistent tape inside its context.
     */
    @Test
    void secondDerivativesWithRespectToAVariable() {
        Variable v = new Variable(constant(3f));
        Tensor d1, d2;
        GradientTape outer = new GradientTape();
        try (outer) {
            GradientTape inner = new GradientTape();
            try (inner) {
                d1 = inner.gradient(v.mul(v).mul(v), v);
            }
            d2 = outer.gradient(d1, v);
        }
        scalar(27, d1);
        scalar(18, d2);

        GradientTape one = new GradientTape(true);
        try (one) {
            d1 = one.gradient(v.mul(v).mul(v), v);
            d2 = one.gradient(d1, v);
        }
        scalar(27, d1);
        scalar(18, d2);
        scalar(6, one.gradient(d2, v));
    }

    /** The same with x*x*x*x (products, not pow), so the rules of mul are differentiated three times. */
    @Test
    void nestedTapesDifferentiateProductsFourTimes() {
        Tensor x = constant(2.0);
        List<Tensor> ds = new ArrayList<>();
        ds.add(null);
        nest(x, 4, ds);
        scalar(32, ds.get(1));
        scalar(48, ds.get(2));
        scalar(48, ds.get(3));
        scalar(24, ds.get(4));
    }

    /** Computes x^4 under {@code depth} nested tapes, then d^k/dx^k for k = 1..depth into ds[k]. */
    private static Tensor nest(Tensor x, int depth, List<Tensor> ds) {
        if (depth == 0) {
            return x.mul(x).mul(x).mul(x);
        }
        GradientTape t = new GradientTape();
        Tensor g;
        try (t) {
            t.watch(x);
            Tensor f = nest(x, depth - 1, ds);
            g = t.gradient(f, x);
        }
        ds.add(g);
        return g;
    }

    /** [BT testWatchingIsTapeLocal]: each tape has its own watch set: d2y = 12, d2z = None. */
    @Test
    void watchingIsPerTape() {
        Variable x1 = new Variable(constant(2f), false);
        Variable x2 = new Variable(constant(2f), false);
        GradientTape tape1 = new GradientTape();
        Tensor dy, dz;
        try (tape1) {
            GradientTape tape2 = new GradientTape();
            try (tape2) {
                tape1.watch(x1);
                tape2.watch(List.of(x1, x2));
                Tensor y = x1.pow(3.0);
                Tensor z = x2.pow(2.0);
                List<Tensor> d = tape2.gradient(List.of(y, z), List.of(x1, x2));
                dy = d.get(0);
                dz = d.get(1);
            }
            assertEquals(List.of(x1), tape1.watchedVariables());
        }
        scalar(12, dy);
        scalar(4, dz);
        List<Tensor> d2 = tape1.gradient(List.of(dy, dz), List.of(x1, x2));
        scalar(6 * 2.0, d2.get(0));
        assertNull(d2.get(1));
    }

    // ====================================================================================== 2.9 several tapes

    /** [G2] two tapes at once, each watching its own input: d sin(x0) = 1, d sigmoid(x1) = 0.25 at 0. */
    @Test
    void severalTapesRecordAtOnce() {
        Tensor x0 = constant(0f);
        Tensor x1 = constant(0f);
        GradientTape tape0 = new GradientTape();
        GradientTape tape1 = new GradientTape();
        Tensor ys;
        try (tape0; tape1) {
            tape0.watch(x0);
            tape1.watch(x1);
            Tensor y0 = sin(x0);
            Tensor y1 = sigmoid(x1);
            ys = reduceSum(y0.add(y1));
        }
        scalar(1, tape0.gradient(ys, x0));
        scalar(0.25, tape1.gradient(ys, x1));
    }

    // =============================================================================== 1.4 stopRecording

    /** Ops in a pause are not recorded on the paused tape but are still recorded on an outer tape [§1.4]. */
    @Test
    void stopRecordingPausesOnlyThisTapeNotAnOuterOne() {
        Tensor x = constant(3f);
        Variable v = new Variable(constant(2f));
        GradientTape outer = new GradientTape(true);
        GradientTape inner = new GradientTape(true);
        Tensor y;
        try (outer; inner) {
            outer.watch(x);
            inner.watch(x);
            try (GradientTape.Pause p = inner.stopRecording()) {
                y = x.mul(x).mul(v);
            }
        }
        assertNull(inner.gradient(y, x));
        assertEquals(List.of(), inner.watchedVariables());
        scalar(12, outer.gradient(y, x));
        scalar(9, outer.gradient(y, v));
        assertEquals(List.of(v), outer.watchedVariables());
    }

    // ====================================================================================== 1.5 reset

    /**
     * [BT testTapeReset, testWatchedVariablesRespectReset]: reset drops the record and the watches,
     * watchedVariables() becomes empty, and recording continues: loss = v*v; reset; loss += v*v gives 2.0.
     */
    @Test
    void resetDropsRecordAndWatchesAndRecordingContinues() {
        Variable v = new Variable(constant(1f));
        Variable v2 = new Variable(constant(2f), false);
        GradientTape tape = new GradientTape(true);
        Tensor loss;
        try (tape) {
            loss = v.mul(v);
            assertEquals(List.of(v), tape.watchedVariables());
            tape.reset();
            assertEquals(List.of(), tape.watchedVariables());
            tape.watch(v2);
            assertEquals(List.of(v2), tape.watchedVariables());
            loss = loss.add(v.mul(v));
        }
        scalar(2, tape.gradient(loss, v));
        assertEquals(List.of(v, v2), tape.watchedVariables());
    }

    // ===================================================================================== 2.10 stopGradient

    /** stopGradient cuts exactly its path: y = x * sg(x) gives sg(x) = 3, not 2x = 6 [G2]. */
    @Test
    void stopGradientCutsThePathExactly() {
        Tensor x = constant(3f);
        GradientTape tape = new GradientTape(true);
        Tensor y, s, z;
        try (tape) {
            tape.watch(x);
            s = stopGradient(x);
            y = x.mul(s);
            z = x.mul(x).add(stopGradient(x.mul(x)).mul(10.0));
        }
        scalar(3, tape.gradient(y, x));
        assertNull(tape.gradient(s, x));
        scalar(6, tape.gradient(z, x));
        scalar(9, z.sub(constant(90f)));
    }

    // ====================================================================================== 2.9 threads

    /** Ops run on another thread are not recorded by this thread's tape (nor its variable reads watched). */
    @Test
    void opsOnAnotherThreadAreNotRecordedByThisThreadsTape() throws Exception {
        Tensor x = constant(3f);
        Variable v = new Variable(constant(2f));
        GradientTape tape = new GradientTape(true);
        Tensor there, here;
        try (tape) {
            tape.watch(x);
            there = onOtherThread(() -> x.mul(x).mul(v));
            here = x.mul(x);
        }
        assertEquals(List.of(), tape.watchedVariables());
        // not recorded (TensorFlow's rule); gradtape refuses the partial result instead of a silent null
        assertThrows(IllegalStateException.class, () -> tape.gradient(there, x));
        assertThrows(IllegalStateException.class, () -> tape.gradient(there, v));
        scalar(6, tape.gradient(here, x));
    }

    /**
     * Many threads train at once, each with its own tapes, sharing one watched constant: each gets its own exact
     * gradients every step, second derivatives through nested tapes, and converges to its own optimum.
     * Per thread k: loss = (w * s - t_k)^2 with s = 2 shared and t_k = 10 + k; dloss/dw = 2 s (w s - t_k),
     * dloss/ds = 2 w (w s - t_k), d2loss/dw2 = 2 s^2 = 8.
     */
    @Test
    void manyThreadsTrainAtOnceEachWithItsOwnTape() throws Exception {
        int threads = 4;
        int steps = 60;
        Tensor shared = constant(2.0);
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Double>> results = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                double target = 10 + k;
                Callable<Double> job = () -> {
                    Variable w = new Variable(constant(0.5 * (1 + target % 3)));
                    start.await(20, TimeUnit.SECONDS);
                    for (int i = 0; i < steps; i++) {
                        double wv = w.doubleValue();
                        double r = wv * 2 - target;
                        GradientTape outer = new GradientTape();
                        Tensor dw, ds, d2w;
                        try (outer) {
                            GradientTape tape = new GradientTape();
                            try (tape) {
                                tape.watch(shared);
                                Tensor loss = square(w.mul(shared).sub(target));
                                List<Tensor> g = tape.gradient(loss, List.of(w, shared));
                                dw = g.get(0);
                                ds = g.get(1);
                                assertEquals(List.of(w), tape.watchedVariables());
                            }
                            d2w = outer.gradient(dw, w);
                        }
                        assertEquals(2 * 2 * r, dw.doubleValue(), 1e-9 * Math.max(1, Math.abs(r)));
                        assertEquals(2 * wv * r, ds.doubleValue(), 1e-9 * Math.max(1, Math.abs(r * wv)));
                        assertEquals(8, d2w.doubleValue(), 1e-12);
                        assertFalse(anyTapeRecordsOnThisThread());
                        w.assignSub(dw.mul(0.05));
                    }
                    return w.doubleValue();
                };
                results.add(pool.submit(job));
            }
            for (int k = 0; k < threads; k++) {
                double w = results.get(k).get(60, TimeUnit.SECONDS);
                assertEquals((10 + k) / 2.0, w, 1e-6, "thread " + k + " did not converge to its own optimum");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
