package io.gradtape.spark;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.nn.Dropout;
import io.gradtape.nn.Module;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The work of one partition in one step, run on an executor (or in-process by {@link LocalTrainer}): build the
 * model from the recipe, load the driver's weights, take this step's rows, record the loss on a
 * {@link GradientTape} and return the gradients. Nothing here depends on Spark.
 *
 * <p><b>Random layers.</b> The model is built afresh for every step, so a {@link Dropout} built with
 * {@code Generator.fromSeed(s)} would draw the same mask at every step and in every partition. Before the forward
 * pass each distinct generator of a {@code Dropout} in the model is moved to a counter block of its own for this
 * (step, partition): its counter is advanced by {@code (step * partitions + partition) << 32}, keeping the
 * recipe's key. The masks then change from step to step and differ between partitions, as Keras's
 * {@code Dropout} draws a new mask at every call; they are a function of the recipe, the step and the partition
 * only, so a retried task, a resumed run and {@link LocalTrainer} draw the same ones.
 *
 * <p><b>Labels.</b> The labels are a vector {@code [n]}; the loss itself matches them to predictions
 * {@code [n, 1]} (a regression or binary head), as Keras's {@code LossFunctionWrapper.call} does with
 * {@code squeeze_or_expand_to_same_rank} (see {@link io.gradtape.nn.Loss#call}).
 */
final class WorkerStep {
    private WorkerStep() {
    }

    static PartitionResult run(ModelRecipe recipe, Weights weights, Shard shard, Plan plan, long step) {
        Module model = recipe.model();
        weights.assignTo(model.namedVariables());
        reseedRandomLayers(model, shard.partition, plan.config.partitions(), step);
        List<Variable> trainable = model.trainableVariables();
        int[] rows = plan.rows(shard.partition, shard.rows, step);
        Tensor x = shard.features(rows);
        if (!trainable.isEmpty() && trainable.get(0).dtype() == DType.FLOAT64) {
            x = Tensors.cast(x, DType.FLOAT64);   // exact: a float64 model gets its float32 features widened
        }
        Tensor y = shard.labels(rows, plan.config.labelDType());
        io.gradtape.nn.Loss loss = recipe.loss();
        GradientTape tape = new GradientTape();
        Tensor value;
        try (tape) {
            value = loss.call(y, model.call(x, true));
        }
        List<Tensor> grads = tape.gradient(value, trainable);
        double[][] sums = new double[grads.size()][];
        for (int i = 0; i < sums.length; i++) {
            Tensor g = grads.get(i);
            if (g == null) {
                sums[i] = null;   // a variable the loss does not reach: skipped by the optimizer, as in TF
                continue;
            }
            double[] d = g.dtype() == DType.FLOAT32 ? toDouble(g.toFloatArray()) : g.toDoubleArray();
            for (int j = 0; j < d.length; j++) {
                d[j] *= rows.length;
            }
            sums[i] = d;
        }
        return new PartitionResult(shard.partition, sums, value.doubleValue() * rows.length, rows.length);
    }

    /** Moves every distinct generator of the model's {@link Dropout} layers to this step's and partition's block. */
    static void reseedRandomLayers(Module model, int partition, int partitions, long step) {
        long offset = (step * partitions + partition) << 32;
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Module> todo = new ArrayDeque<>();
        todo.push(model);
        while (!todo.isEmpty()) {
            Module m = todo.pop();
            if (!seen.add(m)) {
                continue;   // a layer registered twice
            }
            if (m instanceof Dropout d && seen.add(d.generator())) {
                Generator g = d.generator();
                long[] state = g.getState();
                state[2] += offset;
                g.setState(state);
            }
            for (Module child : m.submodules()) {
                todo.push(child);
            }
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
