package io.gradtape.optimizers;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.KernelProvider;
import io.gradtape.internal.kernels.Vectorization;
import io.gradtape.nn.Dense;
import io.gradtape.nn.Sequential;
import io.gradtape.nn.SparseCategoricalCrossentropy;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The copy-on-write rule of {@code VariableStorage} in a training loop: a step writes the parameters and
 * moments in place once the one-shot tape that read them is released, copies them while anything else may see
 * them, and never changes a tensor someone obtained.
 */
class InPlaceUpdateTest {
    /** The storage array of a variable, looked at without handing it out (no tape records on this thread). */
    private static Object storage(Variable v) {
        return TensorAccess.data(TensorAccess.peekValue(v));
    }

    private static Sequential mlp() {
        return new Sequential(new Dense(784, 256, "relu"), new Dense(256, 128, "relu"), new Dense(128, 10, null));
    }

    private static void step(Sequential model, Optimizer opt, Tensor x, Tensor y) {
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
            loss = new SparseCategoricalCrossentropy(true).call(y, model.call(x));
        }
        opt.applyGradients(tape.gradient(loss, model.trainableVariables()), model.trainableVariables());
    }

    @Test
    void aReleasedTapeLetsTheStepWriteInPlace() {
        Sequential model = new Sequential(new Dense(6, 5, "relu"), new Dense(5, 3, null));
        Adam adam = new Adam(0.01);
        Tensor x = Tensors.ones(DType.FLOAT32, 4, 6);
        Tensor y = Tensors.constant(new int[] {0, 1, 2, 1}, 4);
        step(model, adam, x, y);
        List<Object> before = new ArrayList<>();
        for (Variable v : model.trainableVariables()) {
            before.add(storage(v));
            before.add(storage(adam.slots(v).get("momentum")));
        }
        step(model, adam, x, y);
        step(model, adam, x, y);
        int i = 0;
        for (Variable v : model.trainableVariables()) {
            assertSame(before.get(i++), storage(v), "parameter written in place");
            assertSame(before.get(i++), storage(adam.slots(v).get("momentum")), "slot written in place");
        }
        // a value handed out forces one copy, and keeps its values
        Variable k = model.trainableVariables().get(0);
        Tensor read = k.value();
        float[] seen = read.toFloatArray();
        Object old = storage(k);
        step(model, adam, x, y);
        assertNotSame(old, storage(k));
        assertArrayEquals(seen, read.toFloatArray());
        Object fresh = storage(k);
        step(model, adam, x, y);
        assertSame(fresh, storage(k), "back to in place after the copy");
    }

    @Test
    void aLiveTapeThatReadTheVariableForcesACopy() {
        Variable w = new Variable(Tensors.constant(new float[] {1, 2}, 2));
        SGD sgd = new SGD(0.1);
        Tensor g = Tensors.ones(DType.FLOAT32, 2);
        sgd.applyGradients(List.of(g), List.of(w));
        Object owned = storage(w);
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            y = w.mul(w).sum();   // a persistent tape holds the read until it is dropped
        }
        sgd.applyGradients(List.of(g), List.of(w));
        assertNotSame(owned, storage(w));
        assertArrayEquals(new float[] {1.8f, 3.8f}, tape.gradient(y, w).toFloatArray(), 1e-6f);
    }

    @Test
    void anAdamStepOnTheMlpAllocatesNothingPerParameterInPlace() {
        Sequential model = mlp();
        List<Variable> vars = model.trainableVariables();
        long params = model.countParams();
        List<Tensor> grads = new ArrayList<>();
        for (Variable v : vars) {
            grads.add(Tensors.onesLike(v).mul(1e-3));
        }
        Adam adam = new Adam();
        // the scalar kernels: this is about copies of the variables; the Vector API kernels allocate a vector
        // object per operation until C2 has compiled them (the API's Java fallback), which on a loaded machine
        // takes more than these few steps (53 MB per step here once, 2026-12-03)
        KernelProvider installed = Vectorization.provider();
        Vectorization.setProvider(Vectorization.scalar());
        long least = Long.MAX_VALUE;
        try {
            for (int i = 0; i < 5; i++) {
                adam.applyGradients(grads, vars);
            }
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            for (int i = 0; i < 5; i++) {
                long a = mx.getThreadAllocatedBytes(id);
                adam.applyGradients(grads, vars);
                least = Math.min(least, mx.getThreadAllocatedBytes(id) - a);
            }
        } finally {
            Vectorization.setProvider(installed);
        }
        // one float32 copy of the parameters would be 4 * params bytes (about 0.9 MB); in place, a step allocates
        // only per-variable bookkeeping
        assertTrue(least < params, "an Adam step allocated " + least + " bytes for " + params + " parameters");
    }

    @Test
    void everyWayToObtainTheStorageKeepsItsValues() {
        Variable w = new Variable(Tensors.constant(new float[] {1, 2, 3, 4}, 4));
        SGD sgd = new SGD(1.0);
        Tensor g = Tensors.ones(DType.FLOAT32, 4);
        sgd.applyGradients(List.of(g), List.of(w));   // owned storage: 0, 1, 2, 3
        float[] expected = w.toFloatArray();
        sgd.applyGradients(List.of(Tensors.zeros(DType.FLOAT32, 4)), List.of(w));
        List<Tensor> obtained = new ArrayList<>();
        obtained.add(Tensors.identity(w));
        obtained.add(Tensors.stopGradient(w));
        obtained.add(Tensors.cast(w, DType.FLOAT32));
        obtained.add(Tensors.reshape(w, 2, 2));
        obtained.add(w.value());
        GradientTape tape = new GradientTape();
        try (tape) {
            obtained.add(Tensors.identity(w));
            obtained.add(w.value());
        }
        obtained.add(Tensors.customGradient(w, v -> io.gradtape.CustomGradient.of(v, dy -> dy)));
        Variable alias = new Variable(w);
        for (int k = 0; k < 3; k++) {
            sgd.applyGradients(List.of(g), List.of(w));
        }
        for (Tensor t : obtained) {
            assertArrayEquals(expected, t.toFloatArray(), "a tensor obtained from the variable changed");
        }
        assertArrayEquals(expected, alias.toFloatArray());
        assertArrayEquals(new float[] {-3, -2, -1, 0}, w.toFloatArray());
    }

    @Test
    void aGradientThatIsTheVariableItselfIsReadBeforeTheUpdate() {
        Variable w = new Variable(Tensors.constant(new double[] {1, 2}, 2));
        SGD sgd = new SGD(0.5);
        sgd.applyGradients(List.of(Tensors.zeros(DType.FLOAT64, 2)), List.of(w));
        sgd.applyGradients(List.of(w), List.of(w));   // w -= 0.5 * w, element by element from the old values
        assertArrayEquals(new double[] {0.5, 1}, w.toDoubleArray());
    }

    @Test
    void aVariableCopiesTheTensorItIsBuiltFromSoTheFirstStepWritesInPlace() {
        float[] init = {1, 2, 3};
        Tensor t = Tensors.constant(init, 3);
        Variable w = new Variable(t);
        assertNotSame(TensorAccess.data(t), storage(w), "the variable owns a copy");
        Object own = storage(w);
        SGD sgd = new SGD(0.5);
        sgd.applyGradients(List.of(Tensors.ones(DType.FLOAT32, 3)), List.of(w));
        assertSame(own, storage(w), "the first step wrote in place");
        assertArrayEquals(init, t.toFloatArray(), "the tensor the variable was built from changed");
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f}, w.toFloatArray());
    }

    @Test
    void aValueReadBeforeTheFirstStepKeepsItsValues() {
        Variable w = new Variable(Tensors.constant(new double[] {4, 8}, 2));
        Variable copy = new Variable(w);
        Tensor read = w.value();
        Tensor viaOp = Tensors.identity(w);
        Tensor[] onTape = new Tensor[1];
        GradientTape tape = new GradientTape(true);
        Tensor y;
        try (tape) {
            onTape[0] = w.value();
            y = w.mul(w).sum();
        }
        SGD sgd = new SGD(0.25);
        sgd.applyGradients(List.of(Tensors.ones(DType.FLOAT64, 2)), List.of(w));
        sgd.applyGradients(List.of(Tensors.ones(DType.FLOAT64, 2)), List.of(copy));
        assertArrayEquals(new double[] {4, 8}, read.toDoubleArray());
        assertArrayEquals(new double[] {4, 8}, viaOp.toDoubleArray());
        assertArrayEquals(new double[] {4, 8}, onTape[0].toDoubleArray());
        assertArrayEquals(new double[] {8, 16}, tape.gradient(y, w).toDoubleArray(), "the tape's read kept its values");
        assertArrayEquals(new double[] {3.75, 7.75}, w.toDoubleArray());
        assertArrayEquals(new double[] {3.75, 7.75}, copy.toDoubleArray());
    }

    @Test
    void aVariableBuiltOnAnotherThreadIsCopiedByItsFirstStepHere() throws InterruptedException {
        Variable[] made = new Variable[1];
        Thread maker = new Thread(() -> made[0] = new Variable(Tensors.constant(new float[] {1, 1}, 2)));
        maker.start();
        maker.join();
        Variable w = made[0];
        Tensor read = Tensors.identity(w);   // an op's read on this thread, with no tape
        Object before = storage(w);
        SGD sgd = new SGD(1.0);
        sgd.applyGradients(List.of(Tensors.ones(DType.FLOAT32, 2)), List.of(w));
        assertNotSame(before, storage(w), "storage made by another thread is not written in place");
        assertArrayEquals(new float[] {1, 1}, read.toFloatArray());
        Object mine = storage(w);
        sgd.applyGradients(List.of(Tensors.ones(DType.FLOAT32, 2)), List.of(w));
        assertSame(mine, storage(w), "in place once this thread made the copy");
        assertArrayEquals(new float[] {-1, -1}, w.toFloatArray());
    }
}
