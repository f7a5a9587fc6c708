package io.gradtape;

import io.gradtape.internal.kernels.RecycledArrays;
import io.gradtape.optimizers.SGD;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link TensorScope}'s Javadoc promises, one test per sentence: membership, release, keep, nesting and its
 * order, confinement to the opening thread, variables outliving scopes, tapes inside scopes, and the reuse itself.
 * {@link #everyFillingKernelWritesEveryElement} poisons the pool with NaN and checks each elementwise kernel that
 * takes a pooled array without zeroing it.
 */
class TensorScopeTest {
    /** Large enough to be pooled (RecycledArrays.MIN_LENGTH is 16,384), and a 128 x 256 matrix. */
    private static final int N = 128 * 256;

    private static float[] ramp(int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (i % 1000 - 500) * scale;
        }
        return a;
    }

    @Test
    void releasedTensorThrowsOnReadButKeepsShapeAndDtype() {
        Tensor t;
        try (TensorScope scope = TensorScope.open()) {
            t = Tensors.constant(ramp(N, 1e-3f), N).mul(2.0);
            assertEquals(N, t.toFloatArray().length);
        }
        assertEquals(Shape.of(N), t.shape());
        assertEquals(DType.FLOAT32, t.dtype());
        IllegalStateException e = assertThrows(IllegalStateException.class, t::toFloatArray);
        assertTrue(e.getMessage().contains("released when its TensorScope closed"), e.getMessage());
        assertTrue(e.getMessage().contains("scope.keep"), e.getMessage());
        IllegalStateException op = assertThrows(IllegalStateException.class, () -> t.add(1.0));
        assertTrue(op.getMessage().startsWith("add: an input tensor of shape (32768,) and dtype float32 was released"),
                op.getMessage());
        assertThrows(IllegalStateException.class, () -> t.getFloat(0));
        assertTrue(t.toString().contains("<released by its TensorScope>"), t.toString());
    }

    @Test
    void aReleasedIndexTensorNamesTheOpThatReadIt() {
        Tensor params = Tensors.constant(ramp(8, 1f), 8);
        Tensor indices;
        try (TensorScope scope = TensorScope.open()) {
            indices = Tensors.constant(new int[] {3, 1}, 2).add(Tensors.constant(new int[] {0, 0}, 2));
        }
        Tensor released = indices;
        // gather reads its indices while it checks their range, before its kernel runs
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensors.gather(params, released));
        assertTrue(e.getMessage().startsWith("gather: an input tensor of shape (2,) and dtype int32 was released"),
                e.getMessage());
    }

    @Test
    void smallTensorsAreReleasedToo() {
        Tensor t;
        try (TensorScope scope = TensorScope.open()) {
            t = Tensors.constant(3f).mul(2.0);
        }
        assertThrows(IllegalStateException.class, t::floatValue);
    }

    @Test
    void tensorsMadeBeforeTheScopeAreUntouched() {
        float[] values = ramp(N, 1e-3f);
        Tensor outside = Tensors.constant(values, N).mul(1.0);
        try (TensorScope scope = TensorScope.open()) {
            Tensors.exp(outside);
        }
        for (int k = 0; k < 4; k++) {
            try (TensorScope scope = TensorScope.open()) {
                Tensors.sin(Tensors.exp(outside)).mul(3.0);
            }
        }
        assertArrayEquals(values, outside.toFloatArray());
    }

    @Test
    void closedArraysAreReusedByTheNextOps() {
        Tensor a = Tensors.constant(ramp(N, 1e-3f), N);
        Tensor expected = Tensors.exp(a).add(a);
        long before = RecycledArrays.reusedOnThisThread();
        for (int k = 0; k < 5; k++) {
            try (TensorScope scope = TensorScope.open()) {
                Tensor e = Tensors.exp(a); // held to the close: an array collected before it is not pooled
                Tensor y = e.add(a);
                assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), "step " + k);
            }
        }
        // each step after the first takes the two arrays the step before released
        assertTrue(RecycledArrays.reusedOnThisThread() - before >= 8,
                "reused " + (RecycledArrays.reusedOnThisThread() - before));
    }

    @Test
    void keptTensorSurvivesAndItsArrayIsNeverReused() {
        Tensor a = Tensors.constant(ramp(N, 1e-3f), N);
        float[] expected = Tensors.exp(a).toFloatArray();
        Tensor kept;
        try (TensorScope scope = TensorScope.open()) {
            kept = scope.keep(Tensors.exp(a));
        }
        for (int k = 0; k < 4; k++) {
            try (TensorScope scope = TensorScope.open()) {
                Tensors.neg(a).mul(7.0);
            }
        }
        assertArrayEquals(expected, kept.toFloatArray());
        // out of every scope: any thread may read it
        assertArrayEquals(expected, CompletableFuture.supplyAsync(kept::toFloatArray).join());
    }

    @Test
    void keepMovesToTheEnclosingScope() {
        Tensor a = Tensors.constant(ramp(N, 1e-3f), N);
        Tensor inner;
        try (TensorScope outer = TensorScope.open()) {
            try (TensorScope scope = TensorScope.open()) {
                inner = scope.keep(Tensors.tanh(a));
            }
            float[] v = inner.toFloatArray();
            try (TensorScope scope = TensorScope.open()) {
                Tensors.sin(a).mul(2.0); // would take inner's array, had it been released
            }
            assertArrayEquals(v, inner.toFloatArray());
        }
        assertThrows(IllegalStateException.class, inner::toFloatArray);
    }

    @Test
    void viewsOfAKeptTensorShareItsArraySafely() {
        Tensor a = Tensors.constant(ramp(N, 1e-3f), N);
        Tensor kept;
        Tensor view;
        try (TensorScope scope = TensorScope.open()) {
            kept = scope.keep(Tensors.exp(a));
            view = Tensors.reshape(kept, 128, 256);
        }
        float[] expected = Tensors.exp(a).toFloatArray();
        try (TensorScope scope = TensorScope.open()) {
            Tensors.cos(a).add(1.0);
        }
        assertArrayEquals(expected, kept.toFloatArray());
        assertThrows(IllegalStateException.class, view::toFloatArray);
    }

    @Test
    void keepOfAnOuterTensorOrAPlainOneChangesNothing() {
        Tensor plain = Tensors.constant(2f);
        try (TensorScope outer = TensorScope.open()) {
            Tensor o = Tensors.constant(3f).mul(1.0);
            try (TensorScope scope = TensorScope.open()) {
                assertSame(plain, scope.keep(plain));
                assertSame(o, scope.keep(o));
            }
            assertEquals(3f, o.floatValue());
        }
        assertEquals(2f, plain.floatValue());
    }

    @Test
    void scopesCloseInReverseOrderOnTheirThread() {
        TensorScope outer = TensorScope.open();
        TensorScope inner = TensorScope.open();
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("reverse order"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> outer.keep(Tensors.constant(1f)));
        inner.close();
        inner.close(); // a second close does nothing
        assertTrue(inner.isClosed());
        assertFalse(outer.isClosed());
        outer.close();
        assertThrows(IllegalStateException.class, () -> outer.keep(Tensors.constant(1f)));
    }

    @Test
    void anotherThreadCannotCloseOrReadAnOpenScopesTensors() throws Exception {
        try (TensorScope scope = TensorScope.open()) {
            Tensor t = Tensors.constant(ramp(N, 1e-3f), N).mul(1.0);
            ExecutionException read = assertThrows(ExecutionException.class,
                    () -> CompletableFuture.supplyAsync(t::toFloatArray).get());
            assertInstanceOf(IllegalStateException.class, read.getCause());
            assertTrue(read.getCause().getMessage().contains("belongs to a TensorScope open on thread"),
                    read.getCause().getMessage());
            ExecutionException op = assertThrows(ExecutionException.class,
                    () -> CompletableFuture.supplyAsync(() -> Tensors.exp(t)).get());
            assertInstanceOf(IllegalStateException.class, op.getCause());
            assertTrue(op.getCause().getMessage().startsWith("exp: an input tensor"), op.getCause().getMessage());
            ExecutionException close = assertThrows(ExecutionException.class,
                    () -> CompletableFuture.runAsync(scope::close).get());
            assertInstanceOf(IllegalStateException.class, close.getCause());
            assertEquals(N, t.toFloatArray().length); // still fine on its own thread
        }
    }

    @Test
    void otherThreadsTensorsDoNotJoinThisThreadsScope() throws Exception {
        try (TensorScope scope = TensorScope.open()) {
            Tensor made = CompletableFuture.supplyAsync(() -> Tensors.constant(ramp(N, 1e-3f), N).mul(2.0)).get();
            scope.close();
            assertEquals(N, made.toFloatArray().length);
        }
    }

    @Test
    void variablesOutliveScopes() {
        Tensor init = Tensors.constant(ramp(N, 1e-3f), N);
        Variable v;
        float[] afterAssign;
        try (TensorScope scope = TensorScope.open()) {
            v = new Variable(init.mul(2.0));
            v.assignAdd(Tensors.onesLike(init));
            Tensor assigned = Tensors.exp(init);
            afterAssign = assigned.toFloatArray();
            v.assign(assigned);
        }
        for (int k = 0; k < 4; k++) {
            try (TensorScope scope = TensorScope.open()) {
                Tensors.neg(init).add(1.0);
                Tensors.sin(init).mul(1.0);
            }
        }
        assertArrayEquals(afterAssign, v.toFloatArray());
        try (TensorScope scope = TensorScope.open()) {
            v.assignSub(Tensors.onesLike(init));
        }
        try (TensorScope scope = TensorScope.open()) {
            Tensors.cos(init).mul(5.0);
        }
        float[] expected = Tensors.exp(init).sub(Tensors.onesLike(init)).toFloatArray();
        assertArrayEquals(expected, v.toFloatArray());
    }

    @Test
    void aTrainingStepInsideAScopeMatchesOneOutside() {
        Supplier<Variable[]> params = () -> new Variable[] {
                new Variable(Tensors.constant(ramp(N, 1e-4f), 128, 256)),
                new Variable(Tensors.constant(ramp(256, 1e-2f), 256))};
        Tensor x = Tensors.constant(ramp(64 * 128, 1e-3f), 64, 128);
        Variable[] plain = params.get();
        Variable[] scoped = params.get();
        SGD a = new SGD(0.1);
        SGD b = new SGD(0.1);
        for (int step = 0; step < 4; step++) {
            a.applyGradients(gradients(plain, x), List.of(plain));
            try (TensorScope scope = TensorScope.open()) {
                b.applyGradients(gradients(scoped, x), List.of(scoped));
            }
        }
        for (int i = 0; i < plain.length; i++) {
            assertArrayEquals(plain[i].toFloatArray(), scoped[i].toFloatArray(), "variable " + i);
        }
    }

    private static List<Tensor> gradients(Variable[] p, Tensor x) {
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            Tensor h = Tensors.relu(Tensors.add(Tensors.matmul(x, p[0]), p[1]));
            loss = Tensors.reduceMean(Tensors.mul(h, h));
        }
        return tape.gradient(loss, List.of(p));
    }

    @Test
    void datasetIteratorsMakeTheirElementsOutsideScopes() {
        io.gradtape.data.Dataset ds = io.gradtape.data.Dataset.fromTensorSlices(
                Tensors.constant(ramp(8 * 4096, 1e-3f), 8, 4096)).batch(4);
        java.util.Iterator<io.gradtape.data.Batch> it = ds.iterator();
        float[][] seen = new float[2][];
        for (int step = 0; step < 2; step++) {
            try (TensorScope scope = TensorScope.open()) {
                io.gradtape.data.Batch b = it.next(); // made ahead, inside the step before's scope
                seen[step] = b.x().mul(1.0).toFloatArray();
            }
        }
        float[] all = ramp(8 * 4096, 1e-3f);
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 0, 4 * 4096), seen[0]);
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 4 * 4096, 8 * 4096), seen[1]);
        io.gradtape.data.Dataset.Split split;
        io.gradtape.data.Batch stacked;
        try (TensorScope scope = TensorScope.open()) {
            split = io.gradtape.data.Dataset.fromTensorSlices(Tensors.constant(ramp(8 * 4096, 1e-3f), 8, 4096))
                    .trainTestSplit(0.25, 3);
            stacked = io.gradtape.data.Dataset.fromTensorSlices(Tensors.constant(ramp(20, 1f), 20)).toBatch();
        }
        assertEquals(6, split.train().toBatch().x().shape().dim(0));
        assertEquals(2 * 4096, split.test().toBatch().x().toFloatArray().length);
        assertEquals(20, stacked.x().toFloatArray().length);
    }

    @Test
    void assigningAVariableReadUnderATapeOutlivesTheScope() {
        Variable online = new Variable(Tensors.constant(ramp(N, 1e-3f), N));
        Variable target = new Variable(Tensors.zeros(DType.FLOAT32, N));
        try (TensorScope scope = TensorScope.open()) {
            try (GradientTape tape = new GradientTape()) {
                target.assign(online); // the read of online is a new tensor of this scope
            }
        }
        assertArrayEquals(online.toFloatArray(), target.toFloatArray());
    }

    @Test
    void assigningAReleasedTensorFailsAtTheAssignment() {
        Tensor t;
        try (TensorScope scope = TensorScope.open()) {
            t = Tensors.ones(DType.FLOAT32, 3).mul(2.0);
        }
        Variable v = new Variable(Tensors.zeros(DType.FLOAT32, 3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.assign(t));
        assertTrue(e.getMessage().startsWith("assign: "), e.getMessage()); // names the op, as an op's read does
        assertArrayEquals(new float[3], v.toFloatArray()); // a failed call changes nothing
        // assignAdd ran an add on it and said "add: ...", and the constructor threw the internal Unreadable bare
        IllegalStateException add = assertThrows(IllegalStateException.class, () -> v.assignAdd(t));
        assertTrue(add.getMessage().startsWith("assignAdd: "), add.getMessage());
        assertArrayEquals(new float[3], v.toFloatArray());
        IllegalStateException made = assertThrows(IllegalStateException.class, () -> new Variable(t));
        assertTrue(made.getMessage().startsWith("Variable: "), made.getMessage());
    }

    @Test
    void toStringOnAnotherThreadSaysWhyItCannotShowValues() throws Exception {
        try (TensorScope scope = TensorScope.open()) {
            Tensor t = Tensors.ones(DType.FLOAT32, 3);
            String s = CompletableFuture.supplyAsync(t::toString).get();
            assertTrue(s.contains("<belongs to a TensorScope of thread"), s);
        }
    }

    @Test
    void tapeDrawingsWorkInsideAScope() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Tensors.constant(ramp(N, 1e-3f), N);
            GradientTape tape = new GradientTape(true);
            Tensor y;
            try (tape) {
                tape.watch(x);
                y = Tensors.reduceSum(Tensors.exp(x));
            }
            tape.gradient(y, x);
            assertTrue(TapeDrawing.of(tape).toDot().contains("digraph"));
        }
    }

    /**
     * An array born in an outer scope, given to the pool by an inner scope's close, and taken by a tensor made
     * outside every scope (a dataset's element) belongs to that tensor: the outer close must not pool it again.
     */
    @Test
    void aPooledArrayTakenOutsideScopesLeavesTheOuterScope() {
        Tensor a = Tensors.constant(ramp(N, 1e-3f), N);
        io.gradtape.data.Dataset ds = io.gradtape.data.Dataset.fromTensors(a).map(
                b -> io.gradtape.data.Batch.of(Tensors.exp(b.x())));
        float[] expected = Tensors.exp(a).toFloatArray();
        Tensor made;
        try (TensorScope outer = TensorScope.open()) {
            Tensor y = Tensors.sin(a); // born in outer
            try (TensorScope inner = TensorScope.open()) {
                Tensors.exp(y); // y's array stays with outer; this one is born in inner and pooled at its close
                Tensors.neg(y);
            }
            made = ds.iterator().next().x(); // made outside scopes, over an array inner pooled
        }
        for (int k = 0; k < 4; k++) {
            try (TensorScope scope = TensorScope.open()) {
                Tensors.cos(a).mul(3.0).add(1.0);
            }
        }
        assertArrayEquals(expected, made.toFloatArray());
    }

    @Test
    void aTapeCannotDifferentiateReleasedTensors() {
        Variable w = new Variable(Tensors.constant(ramp(N, 1e-3f), N));
        GradientTape tape = new GradientTape(true);
        Tensor loss;
        try (TensorScope scope = TensorScope.open()) {
            try (tape) {
                loss = Tensors.reduceSum(Tensors.mul(Tensors.exp(w), w));
            }
            assertEquals(N, tape.gradient(loss, w).size());
        }
        assertThrows(IllegalStateException.class, () -> tape.gradient(loss, w));
    }

    /**
     * Each kernel that takes a pooled array without zeroing it ({@code Convert.floatsToFill}, {@code doublesToFill})
     * writes every element: with the pool full of NaN arrays of the output's length, results inside a scope equal
     * the results outside bit for bit.
     */
    @Test
    void everyFillingKernelWritesEveryElement() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor a = Tensors.cast(Tensors.constant(ramp(N, 1e-3f), 128, 256), dt);
            Tensor b = Tensors.cast(Tensors.constant(ramp(N, 7e-4f), 128, 256), dt).add(3.0);
            Tensor pos = Tensors.abs(a).add(0.5);
            Tensor row = Tensors.cast(Tensors.constant(ramp(256, 1e-2f), 256), dt);
            Tensor col = Tensors.cast(Tensors.constant(ramp(128, 1e-2f), 128, 1), dt);
            Tensor scalar = Tensors.cast(Tensors.constant(1.25f), dt);
            Tensor cond = Tensors.greater(a, Tensors.cast(Tensors.constant(0f), dt));
            Tensor square = Tensors.cast(Tensors.reshape(Tensors.constant(ramp(256 * 256, 1e-5f)), 256, 256), dt);
            Tensor tall = Tensors.cast(Tensors.reshape(Tensors.constant(ramp(128 * 128, 1e-4f)), 128, 128), dt);
            List<Supplier<Tensor>> ops = List.of(
                    () -> Tensors.add(a, b), () -> Tensors.mul(a, scalar), () -> Tensors.sub(scalar, a),
                    () -> Tensors.exp(a), () -> Tensors.neg(a), () -> Tensors.relu(a), () -> Tensors.sigmoid(a),
                    () -> Tensors.pow(a, 2.0), () -> Tensors.pow(a, 1.0), () -> Tensors.pow(a, 0.0),
                    () -> Tensors.pow(pos, b), () -> Tensors.pow(pos, scalar),
                    () -> Tensors.add(a, row), () -> Tensors.sub(a, col), () -> Tensors.mul(row, a),
                    () -> Tensors.where(cond, a, b), () -> Tensors.where(cond, a, scalar),
                    () -> Tensors.where(cond, scalar, b), () -> reluGradient(a, b),
                    // products write all of C without reading it (MatmulKernels.output): plain, A transposed, a
                    // stack of A's times one B, and the dense layer's product under its bias and relu
                    () -> Tensors.matmul(a, square), () -> Tensors.matmul(a, tall, true, false),
                    () -> Tensors.matmul(Tensors.reshape(a, 2, 64, 256), square),
                    () -> NN.linear(a, square, row, "relu"));
            for (int i = 0; i < ops.size(); i++) {
                Object expected = onNewThread(ops.get(i));
                poisonPool(dt);
                long before = RecycledArrays.reusedOnThisThread();
                try (TensorScope scope = TensorScope.open()) {
                    Tensor got = ops.get(i).get();
                    // pow of two tensors has a fast kernel only in the Vector API provider; the scalar one runs the
                    // general loop, which writes a new array
                    boolean general = (i == 10 || i == 11) && !powKernel(dt);
                    assertEquals(!general, RecycledArrays.reusedOnThisThread() > before,
                            dt + " op " + i + ": a pooled array taken, or not, as its kernel allocates");
                    if (dt == DType.FLOAT32) {
                        assertArrayEquals((float[]) expected, got.toFloatArray(), dt + " op " + i);
                    } else {
                        assertArrayEquals((double[]) expected, got.toDoubleArray(), dt + " op " + i);
                    }
                }
            }
        }
    }

    /**
     * The op's values computed on a new thread, whose pool is empty: every output array there is new and zeroed,
     * so an element a kernel failed to write would read 0 there and NaN here. The inputs are finite and so is
     * every expected value (checked).
     */
    private static Object onNewThread(Supplier<Tensor> op) {
        Object[] out = new Object[1];
        Thread t = new Thread(() -> {
            Tensor y = op.get();
            out[0] = y.dtype() == DType.FLOAT32 ? y.toFloatArray() : y.toDoubleArray();
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        if (out[0] instanceof float[] f) {
            for (float v : f) assertTrue(Float.isFinite(v), "expected values are finite");
        } else {
            for (double v : (double[]) out[0]) assertTrue(Double.isFinite(v), "expected values are finite");
        }
        return out[0];
    }

    private static boolean powKernel(DType dt) {
        var k = io.gradtape.internal.kernels.Vectorization.provider();
        float[] f = new float[1];
        double[] d = new double[1];
        return dt == DType.FLOAT32 ? k.pow32(f, 1, f, 1, f, 0, 0) : k.pow64(d, d, d, 0, 0);
    }

    /** relu's gradient through the tape: the fused relu-gradient kernel writes the cotangent. */
    private static Tensor reluGradient(Tensor a, Tensor g) {
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(a);
            y = Tensors.relu(a);
        }
        return tape.gradient(List.of(y), List.of(a), List.of(g), UnconnectedGradients.NONE).get(0);
    }

    /** Fills this thread's pool with arrays of N NaNs of {@code dt}, released by a closed scope. */
    private static void poisonPool(DType dt) {
        Tensor zero = Tensors.zeros(dt, N);
        List<Tensor> held = new java.util.ArrayList<>(); // until the close: a scope pools only arrays still alive
        try (TensorScope scope = TensorScope.open()) {
            for (int k = 0; k < 8; k++) {
                held.add(Tensors.div(zero, zero)); // 0 / 0 = NaN in every element of a new N-element array
            }
        }
    }
}
