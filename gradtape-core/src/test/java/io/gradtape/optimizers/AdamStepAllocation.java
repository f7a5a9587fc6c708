package io.gradtape.optimizers;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.nn.Dense;
import io.gradtape.nn.Sequential;
import io.gradtape.nn.SparseCategoricalCrossentropy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Measurement, not a test: bytes allocated by one Adam step on the parameters of the 784-256-128-10 MLP
 * (ThreadMXBean.getThreadAllocatedBytes, least of 20 steps after 10 warm-up steps), for Keras's update written
 * with tensor ops and assignments (what the library did before fused in-place steps, and what a user writes
 * by hand) and for {@link Adam}: in place after a released tape, and with a copy when the parameters were
 * handed out. Run: {@code java -cp gradtape-core/target/classes:gradtape-core/target/test-classes
 * io.gradtape.optimizers.AdamStepAllocation}.
 */
public final class AdamStepAllocation {
    private AdamStepAllocation() {
    }

    private static final com.sun.management.ThreadMXBean MX = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long least(Runnable step) {
        for (int i = 0; i < 10; i++) {
            step.run();
        }
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long a = MX.getThreadAllocatedBytes(id);
            step.run();
            least = Math.min(least, MX.getThreadAllocatedBytes(id) - a);
        }
        return least;
    }

    public static void main(String[] args) {
        Sequential model = new Sequential(new Dense(784, 256, "relu"), new Dense(256, 128, "relu"), new Dense(128, 10, null));
        List<Variable> vars = model.trainableVariables();
        long params = model.countParams();
        List<Tensor> grads = new ArrayList<>();
        for (Variable v : vars) {
            grads.add(Tensors.onesLike(v).mul(1e-3));
        }

        // Keras's update_step with tensor ops: m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); w -= m alpha / (sqrt(v) + eps)
        List<Variable> ms = new ArrayList<>();
        List<Variable> vs = new ArrayList<>();
        for (Variable v : vars) {
            ms.add(new Variable(Tensors.zerosLike(v), false));
            vs.add(new Variable(Tensors.zerosLike(v), false));
        }
        long[] t = {0};
        long ops = least(() -> {
            t[0]++;
            double alpha = 1e-3 * Math.sqrt(1 - Math.pow(0.999, t[0])) / (1 - Math.pow(0.9, t[0]));
            for (int i = 0; i < vars.size(); i++) {
                Tensor g = grads.get(i);
                Variable m = ms.get(i);
                Variable v = vs.get(i);
                m.assignAdd(g.sub(m).mul(0.1));
                v.assignAdd(g.mul(g).sub(v).mul(0.001));
                vars.get(i).assignSub(m.mul(alpha).div(Tensors.sqrt(v).add(1e-7)));
            }
        });

        Adam adam = new Adam();
        long inPlace = least(() -> adam.applyGradients(grads, vars));
        long copying = least(() -> {
            for (Variable v : vars) {
                v.value();   // hands the storage out: the next step must copy
            }
            adam.applyGradients(grads, vars);
        });

        // a whole training step (forward, tape, gradient, Adam) on a batch of 128, for scale
        Tensor x = Tensors.ones(DType.FLOAT32, 128, 784);
        Tensor y = Tensors.zeros(DType.INT32, 128);
        Adam adam2 = new Adam();
        long whole = least(() -> {
            GradientTape tape = new GradientTape();
            Tensor loss;
            try (tape) {
                loss = new SparseCategoricalCrossentropy(true).call(y, model.call(x));
            }
            adam2.applyGradients(tape.gradient(loss, vars), vars);
        });

        System.out.printf("parameters: %d (%d bytes as float32)%n", params, 4 * params);
        System.out.printf("Adam step, Keras's update with tensor ops:   %,d bytes (%.2f x the parameters' bytes)%n", ops, ops / (4.0 * params));
        System.out.printf("Adam step, fused, in place:                  %,d bytes%n", inPlace);
        System.out.printf("Adam step, fused, parameters handed out:     %,d bytes (%.2f x)%n", copying, copying / (4.0 * params));
        System.out.printf("whole training step, batch 128, in place:    %,d bytes%n", whole);
    }
}
