package io.gradtape.spark;

import io.gradtape.DType;
import io.gradtape.nn.Module;
import io.gradtape.nn.SparseCategoricalAccuracy;
import java.util.List;
import java.util.stream.IntStream;

/** Classification accuracy of a trained model on examples, computed on the driver in one batch. */
final class Evaluation {
    private Evaluation() {
    }

    static double accuracy(Module model, List<Example> examples) {
        Shard all = new Shard(0, examples);
        int[] rows = IntStream.range(0, all.rows).toArray();
        SparseCategoricalAccuracy accuracy = new SparseCategoricalAccuracy();
        accuracy.updateState(all.labels(rows, DType.INT32), model.call(all.features(rows), false));
        return accuracy.doubleResult();
    }
}
