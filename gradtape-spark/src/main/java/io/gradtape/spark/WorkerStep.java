package io.gradtape.spark;

import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Variable;
import io.gradtape.nn.Module;
import java.util.List;

/**
 * The work of one partition in one step, run on an executor (or in-process by {@link LocalTrainer}): build the
 * model from the recipe, load the driver's weights, take this step's rows, record the loss on a
 * {@link GradientTape} and return the gradients. Nothing here depends on Spark.
 */
final class WorkerStep {
    private WorkerStep() {
    }

    static PartitionResult run(ModelRecipe recipe, Weights weights, Shard shard, Plan plan, long step) {
        Module model = recipe.model();
        weights.assignTo(model.namedVariables());
        List<Variable> trainable = model.trainableVariables();
        int[] rows = plan.rows(shard.partition, shard.rows, step);
        Tensor x = shard.features(rows);
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
            double[] d = g.dtype() == io.gradtape.DType.FLOAT32 ? toDouble(g.toFloatArray()) : g.toDoubleArray();
            for (int j = 0; j < d.length; j++) {
                d[j] *= rows.length;
            }
            sums[i] = d;
        }
        return new PartitionResult(shard.partition, sums, value.doubleValue() * rows.length, rows.length);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
