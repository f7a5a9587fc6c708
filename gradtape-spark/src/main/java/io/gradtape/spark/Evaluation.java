package io.gradtape.spark;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.nn.Module;
import java.util.List;

/** Classification accuracy of a trained model on examples, computed on the driver in one batch. */
final class Evaluation {
    private Evaluation() {
    }

    static double accuracy(Module model, List<Example> examples) {
        int n = examples.size();
        int d = examples.get(0).features().length;
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(examples.get(i).features(), 0, x, i * d, d);
            y[i] = (int) examples.get(i).label();
        }
        Tensor logits = model.call(Tensors.constant(x, n, d), false);
        int[] predicted = Tensors.argmax(logits, 1).toIntArray();
        int right = 0;
        for (int i = 0; i < n; i++) {
            right += predicted[i] == y[i] ? 1 : 0;
        }
        return right / (double) n;
    }
}
