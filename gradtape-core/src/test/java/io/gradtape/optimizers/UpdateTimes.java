package io.gradtape.optimizers;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.internal.kernels.Vectorization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Measurement, not a test: {@link Optimizer#applyGradients} alone on the float32 parameters of the 784-256-128-10
 * MLP (235,146), each optimizer in turn in one JVM: the median wall time per call in microseconds over 300 calls,
 * after 400 warm-up calls. Run: {@code java --add-modules jdk.incubator.vector -cp
 * gradtape-core/target/classes:gradtape-core/target/test-classes io.gradtape.optimizers.UpdateTimes} (arguments: a
 * regex of the names to run, and {@code scalar} for the scalar kernels).
 */
public final class UpdateTimes {
    private UpdateTimes() {
    }

    /** @param args an optional regex of optimizer names, then optionally {@code scalar} */
    public static void main(String[] args) {
        if (args.length > 1 && args[1].equals("scalar")) {
            Vectorization.setProvider(Vectorization.scalar());
        }
        int[] sizes = {784, 256, 128, 10};
        SplittableRandom r = new SplittableRandom(1);
        List<Variable> vars = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            for (int[] shape : new int[][] {{sizes[l], sizes[l + 1]}, {sizes[l + 1]}}) {
                int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                float[] w = new float[n];
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    w[i] = (float) r.nextDouble(-0.1, 0.1);
                    g[i] = (float) r.nextDouble(-1e-3, 1e-3);
                }
                vars.add(new Variable(Tensors.constant(w, shape)));
                grads.add(Tensors.constant(g, shape));
            }
        }
        Map<String, Supplier<Optimizer>> opts = new LinkedHashMap<>();
        opts.put("sgd", () -> new SGD(0.01));
        opts.put("sgd_momentum", () -> new SGD(0.01, 0.9));
        opts.put("sgd_nesterov", () -> new SGD(0.01, 0.9, true));
        opts.put("adam", () -> new Adam(1e-3));
        opts.put("amsgrad", () -> Adam.builder().amsgrad(true).build());
        opts.put("adamw", () -> new AdamW(1e-3));
        opts.put("rmsprop", () -> new RMSprop(1e-3));
        opts.put("rmsprop_centered_momentum", () -> RMSprop.builder().momentum(0.9).centered(true).build());
        opts.put("adagrad", () -> new Adagrad(1e-3));
        opts.put("lion", () -> new Lion(1e-4));
        StringBuilder out = new StringBuilder(Vectorization.provider().name()).append(':');
        for (Map.Entry<String, Supplier<Optimizer>> e : opts.entrySet()) {
            if (args.length > 0 && !e.getKey().matches(args[0])) {
                continue;
            }
            Optimizer o = e.getValue().get();
            for (int i = 0; i < 400; i++) {
                o.applyGradients(grads, vars);
            }
            long[] t = new long[300];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                o.applyGradients(grads, vars);
                t[i] = System.nanoTime() - t0;
            }
            Arrays.sort(t);
            out.append(String.format(Locale.ROOT, " %s %.0f", e.getKey(), t[t.length / 2] / 1e3));
        }
        System.out.println(out);
    }
}
