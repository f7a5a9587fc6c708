package io.gradtape.checkpoint;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.nn.AUC;
import io.gradtape.nn.Accuracy;
import io.gradtape.nn.BinaryAccuracy;
import io.gradtape.nn.CategoricalAccuracy;
import io.gradtape.nn.F1Score;
import io.gradtape.nn.Mean;
import io.gradtape.nn.MeanAbsoluteErrorMetric;
import io.gradtape.nn.MeanSquaredErrorMetric;
import io.gradtape.nn.Metric;
import io.gradtape.nn.Precision;
import io.gradtape.nn.Recall;
import io.gradtape.nn.RootMeanSquaredError;
import io.gradtape.nn.SparseCategoricalAccuracy;
import io.gradtape.nn.SparseTopKCategoricalAccuracy;
import io.gradtape.nn.TopKCategoricalAccuracy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metrics in a checkpoint under Keras 3's variable names (keras/src/metrics/reduction_metrics.py: Mean's total and
 * count, which every MeanMetricWrapper and RootMeanSquaredError has; confusion_metrics.py: Precision's true_positives
 * and false_positives, Recall's true_positives and false_negatives, of shape (len(thresholds),), AUC's four counts of
 * shape (num_thresholds,); f_score_metrics.py: FBetaScore's four counts of shape (num_classes,), () under micro).
 */
class MetricCheckpointTest {
    @TempDir
    Path dir;

    private record Case(String name, Supplier<Metric> make, BiConsumer<Metric, Integer> update, List<String> variables) {
    }

    private static final List<String> MEAN = List.of("total", "count");

    private static Tensor probs(Random r, int rows, int classes) {
        float[] p = new float[rows * classes];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextInt(100) / 100f;
        }
        return Tensors.constant(p, rows, classes);
    }

    private static Tensor labels(Random r, int rows, int classes) {
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = r.nextInt(classes);
        }
        return Tensors.constant(y, rows);
    }

    private static Tensor oneHot(Tensor labels, int classes) {
        int[] y = labels.toIntArray();
        float[] o = new float[y.length * classes];
        for (int i = 0; i < y.length; i++) {
            o[i * classes + y[i]] = 1;
        }
        return Tensors.constant(o, y.length, classes);
    }

    /** Batch {@code b}'s data: from a generator seeded by b, so each run sees the same batches; rows vary by batch. */
    private static Random batch(int b) {
        return new Random(1000 + b);
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("mean", Mean::new, (m, b) -> {
            Random r = batch(b);
            Tensor v = probs(r, 2 + b, 3);
            if (b % 2 == 0) {
                ((Mean) m).updateState(v);
            } else {
                ((Mean) m).updateState(v, probs(r, 2 + b, 1).reshape(2 + b));
            }
        }, MEAN));
        c.add(new Case("accuracy", Accuracy::new, (m, b) -> {
            Random r = batch(b);
            ((Accuracy) m).updateState(labels(r, 5 + b, 3), labels(r, 5 + b, 3));
        }, MEAN));
        c.add(new Case("binary_accuracy", BinaryAccuracy::new, (m, b) -> {
            Random r = batch(b);
            ((BinaryAccuracy) m).updateState(labels(r, 5 + b, 2), probs(r, 5 + b, 1).reshape(5 + b));
        }, MEAN));
        c.add(new Case("categorical_accuracy", CategoricalAccuracy::new, (m, b) -> {
            Random r = batch(b);
            ((CategoricalAccuracy) m).updateState(oneHot(labels(r, 4 + b, 4), 4), probs(r, 4 + b, 4));
        }, MEAN));
        c.add(new Case("sparse_categorical_accuracy", SparseCategoricalAccuracy::new, (m, b) -> {
            Random r = batch(b);
            ((SparseCategoricalAccuracy) m).updateState(labels(r, 4 + b, 4), probs(r, 4 + b, 4),
                    probs(r, 4 + b, 1).reshape(4 + b));
        }, MEAN));
        c.add(new Case("top_k", () -> new TopKCategoricalAccuracy(2), (m, b) -> {
            Random r = batch(b);
            ((TopKCategoricalAccuracy) m).updateState(oneHot(labels(r, 4 + b, 5), 5), probs(r, 4 + b, 5));
        }, MEAN));
        c.add(new Case("sparse_top_k", () -> new SparseTopKCategoricalAccuracy(2), (m, b) -> {
            Random r = batch(b);
            ((SparseTopKCategoricalAccuracy) m).updateState(labels(r, 4 + b, 5), probs(r, 4 + b, 5));
        }, MEAN));
        c.add(new Case("mse", MeanSquaredErrorMetric::new, (m, b) -> {
            Random r = batch(b);
            ((MeanSquaredErrorMetric) m).updateState(probs(r, 3 + b, 2), probs(r, 3 + b, 2));
        }, MEAN));
        c.add(new Case("mae", MeanAbsoluteErrorMetric::new, (m, b) -> {
            Random r = batch(b);
            ((MeanAbsoluteErrorMetric) m).updateState(probs(r, 3 + b, 2), probs(r, 3 + b, 2));
        }, MEAN));
        c.add(new Case("rmse", RootMeanSquaredError::new, (m, b) -> {
            Random r = batch(b);
            ((RootMeanSquaredError) m).updateState(probs(r, 3 + b, 2), probs(r, 3 + b, 2));
        }, MEAN));
        c.add(new Case("precision", Precision::new, (m, b) -> {
            Random r = batch(b);
            ((Precision) m).updateState(labels(r, 6 + b, 2), probs(r, 6 + b, 1).reshape(6 + b));
        }, List.of("true_positives", "false_positives")));
        c.add(new Case("recall", () -> new Recall(0.3), (m, b) -> {
            Random r = batch(b);
            ((Recall) m).updateState(labels(r, 6 + b, 2), probs(r, 6 + b, 1).reshape(6 + b));
        }, List.of("true_positives", "false_negatives")));
        List<String> confusion = List.of("true_positives", "false_positives", "true_negatives", "false_negatives");
        c.add(new Case("auc", () -> new AUC(7, AUC.Curve.ROC, false), (m, b) -> {
            Random r = batch(b);
            ((AUC) m).updateState(labels(r, 6 + b, 2), probs(r, 6 + b, 1).reshape(6 + b));
        }, confusion));
        c.add(new Case("pr_auc", () -> new AUC(5, AUC.Curve.PR, true), (m, b) -> {
            Random r = batch(b);
            ((AUC) m).updateState(labels(r, 6 + b, 2), probs(r, 6 + b, 1).reshape(6 + b));
        }, confusion));
        List<String> f = List.of("true_positives", "false_positives", "false_negatives", "intermediate_weights");
        for (F1Score.Average a : F1Score.Average.values()) {
            c.add(new Case("f1_" + a, () -> new F1Score(a, 0.5), (m, b) -> {
                Random r = batch(b);
                ((F1Score) m).updateState(oneHot(labels(r, 4 + b, 3), 3), probs(r, 4 + b, 3), probs(r, 4 + b, 1).reshape(4 + b));
            }, f));
        }
        return c;
    }

    /**
     * For every metric: two batches, a save, a fresh metric (and a fresh checkpoint) restored from the file, two more
     * batches; the counts are those of one metric fed all four batches without interruption, to the last bit (the
     * same additions in the same order), and so is the result.
     */
    @Test
    void aMetricRestoredMidEpochGoesOnAsAnUninterruptedOne() throws IOException {
        for (Case c : cases()) {
            Metric whole = c.make().get();
            for (int b = 0; b < 4; b++) {
                c.update().accept(whole, b);
            }
            Metric first = c.make().get();
            c.update().accept(first, 0);
            c.update().accept(first, 1);
            Path file = dir.resolve(c.name() + ".npz");
            Checkpoint saving = new Checkpoint().metric(c.name(), first);
            List<String> keys = new ArrayList<>();
            for (String v : c.variables()) {
                keys.add(c.name() + "/" + v);
            }
            assertEquals(keys, saving.keys(), c.name());
            saving.save(file);

            Metric resumed = c.make().get();
            new Checkpoint().metric(c.name(), resumed).restore(file);
            assertTensorsEqual(first.variables(), resumed.variables(), c.name() + " after restore");
            c.update().accept(resumed, 2);
            c.update().accept(resumed, 3);
            assertTensorsEqual(whole.variables(), resumed.variables(), c.name() + " continued");
            assertArrayEquals(whole.result().toFloatArray(), resumed.result().toFloatArray(), c.name());
            assertEquals(List.copyOf(c.variables()), List.copyOf(whole.variables().keySet()), c.name());
            for (Tensor t : whole.variables().values()) {
                assertEquals(DType.FLOAT64, t.dtype(), c.name());
            }
        }
    }

    private static void assertTensorsEqual(Map<String, Tensor> expected, Map<String, Tensor> actual, String what) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what);
        for (String k : expected.keySet()) {
            assertEquals(expected.get(k).shape(), actual.get(k).shape(), what + " " + k);
            assertArrayEquals(expected.get(k).toDoubleArray(), actual.get(k).toDoubleArray(), 0, what + " " + k);
        }
    }

    /**
     * By hand: a SparseCategoricalAccuracy over batch 1 (labels [0, 2], argmax [0, 1]: 1 right of 2) saved, restored
     * into a fresh one beside a model variable and an optimizer-free step counter, then batch 2 (labels [1, 1, 2],
     * argmax [1, 0, 2]: 2 of 3) gives total 3, count 5, accuracy 0.6.
     */
    @Test
    void handCheckedAccuracyAcrossARestore() throws IOException {
        SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
        Variable step = new Variable(Tensors.constant(1L), false);
        acc.updateState(Tensors.constant(new int[] {0, 2}, 2), Tensors.constant(new float[] {0.9f, 0.05f, 0.05f, 0.2f, 0.5f, 0.3f}, 2, 3));
        Path file = dir.resolve("acc.npz");
        new Checkpoint().variable("step", step).metric("train_acc", acc).save(file);

        SparseCategoricalAccuracy fresh = new SparseCategoricalAccuracy();
        Checkpoint ckpt = new Checkpoint().variable("step", step).metric("train_acc", fresh);
        assertEquals(List.of("step", "train_acc/total", "train_acc/count"), ckpt.keys());
        ckpt.restore(file);
        assertEquals(0.5, fresh.doubleResult());
        fresh.updateState(Tensors.constant(new int[] {1, 1, 2}, 3),
                Tensors.constant(new float[] {0.1f, 0.8f, 0.1f, 0.6f, 0.3f, 0.1f, 0.2f, 0.2f, 0.6f}, 3, 3));
        assertEquals(3.0, fresh.variables().get("total").doubleValue());
        assertEquals(5.0, fresh.variables().get("count").doubleValue());
        assertEquals(0.6, fresh.doubleResult(), 1e-15);
    }

    /** A metric's arrays of the wrong shape or dtype are refused, naming the metric, and nothing at all changes. */
    @Test
    void wrongShapeOrDtypeRestoresNothing() throws IOException {
        AUC auc = new AUC(3, AUC.Curve.ROC, false);
        auc.updateState(Tensors.constant(new int[] {0, 1, 1}, 3), Tensors.constant(new float[] {0.2f, 0.7f, 0.4f}, 3));
        Path file = dir.resolve("auc.npz");
        new Checkpoint().metric("auc", auc).save(file);

        Variable w = new Variable(Tensors.constant(new float[] {7, 8}, 2));
        Path both = dir.resolve("both.npz");
        Mean loss = new Mean();
        loss.updateState(Tensors.constant(new float[] {1, 2, 3}, 3));
        AUC four = new AUC(4, AUC.Curve.ROC, false);
        four.updateState(Tensors.constant(new int[] {1, 0}, 2), Tensors.constant(new float[] {0.9f, 0.1f}, 2));
        Checkpoint ckpt = new Checkpoint().variable("w", w).metric("loss", loss).metric("auc", four);
        ckpt.save(both);
        Map<String, Tensor> before = new LinkedHashMap<>(four.variables());
        // the same keys, but AUC's counts of shape (3,) for the (4,) of this AUC
        Map<String, Tensor> arrays = new LinkedHashMap<>(io.gradtape.checkpoint.Npz.read(both));
        arrays.putAll(prefixed("auc/", auc.variables()));
        arrays.put("w", Tensors.constant(new float[] {0, 0}, 2));
        arrays.put("loss/total", Tensors.constant(100.0));
        Path bad = dir.resolve("bad.npz");
        Npz.write(bad, arrays);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ckpt.restore(bad));
        assertTrue(e.getMessage().contains("'auc'") && e.getMessage().contains("true_positives")
                && e.getMessage().contains("(4,)") && e.getMessage().contains("(3,)")
                && e.getMessage().contains("nothing was restored"), e.getMessage());
        assertArrayEquals(new float[] {7, 8}, w.toFloatArray());
        assertEquals(6.0, loss.variables().get("total").doubleValue());
        assertTensorsEqual(before, four.variables(), "AUC after a refused restore");

        // float32 counts (Keras's own dtype) are refused too: these metrics hold float64
        arrays = new LinkedHashMap<>(io.gradtape.checkpoint.Npz.read(both));
        arrays.put("loss/count", Tensors.constant(3f));
        Npz.write(bad, arrays);
        e = assertThrows(IllegalArgumentException.class, () -> ckpt.restore(bad));
        assertTrue(e.getMessage().contains("'loss'") && e.getMessage().contains("count")
                && e.getMessage().contains("float32"), e.getMessage());
        assertEquals(2.0, loss.doubleResult());
    }

    private static Map<String, Tensor> prefixed(String prefix, Map<String, Tensor> m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }

    /**
     * An F1Score that has seen no batch takes its class count from the file (Keras builds its variables of shape
     * (num_classes,) at the first batch); one that has is refused another count, and keeps it after a reset.
     */
    @Test
    void f1ScoreClassCountAcrossARestore() throws IOException {
        Tensor y = Tensors.constant(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3);
        Tensor p = Tensors.constant(new float[] {0.8f, 0.1f, 0.1f, 0.7f, 0.2f, 0.1f, 0.2f, 0.2f, 0.6f}, 3, 3);
        F1Score three = new F1Score(F1Score.Average.NONE, 0.5);
        three.updateState(y, p);
        Path file = dir.resolve("f1.npz");
        new Checkpoint().metric("f1", three).save(file);

        F1Score fresh = new F1Score(F1Score.Average.NONE, 0.5);
        assertEquals(Shape.of(0), fresh.variables().get("true_positives").shape());
        new Checkpoint().metric("f1", fresh).restore(file);
        // tp [1, 0, 1], fp [1, 0, 0], fn [0, 1, 0]: per class 2PR/(P+R) ~ [2/3, 0, 1]
        assertArrayEquals(new float[] {0.6666666f, 0, 1}, fresh.result().toFloatArray(), 1e-6f);
        Tensor y4 = Tensors.constant(new float[] {1, 0, 0, 0}, 1, 4);
        assertThrows(IllegalArgumentException.class, () -> fresh.updateState(y4, y4));
        fresh.resetState();
        assertEquals(Shape.of(3), fresh.variables().get("true_positives").shape());
        assertThrows(IllegalArgumentException.class, () -> fresh.updateState(y4, y4));

        F1Score four = new F1Score(F1Score.Average.NONE, 0.5);
        four.updateState(y4, y4);
        Map<String, Tensor> before = four.variables();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint().metric("f1", four).restore(file));
        assertTrue(e.getMessage().contains("F1Score") && e.getMessage().contains("(4,)") && e.getMessage().contains("(3,)"),
                e.getMessage());
        assertTensorsEqual(before, four.variables(), "F1Score after a refused restore");

        // saved before any batch: (0,) arrays, restored into a fresh one it stays without a class count
        Path empty = dir.resolve("f1-empty.npz");
        new Checkpoint().metric("f1", new F1Score()).save(empty);
        F1Score none = new F1Score();
        new Checkpoint().metric("f1", none).restore(empty);
        none.updateState(y4, y4);
        assertEquals(Shape.of(4), none.result().shape());
    }

    /**
     * Rolling back to a checkpoint saved before the F1Score's first batch (its (0,) arrays) restores that state into
     * one that has seen 3 classes: variables of shape (0,) again, an empty result, and the class count taken from the
     * next batch (4 classes, y = p = [1, 0, 0, 0] at threshold 0.5: class 0 has tp 1, fp 0, fn 0, so P = R =
     * 1/(1 + 1e-7) and 2PR/(P + R + 1e-7) = 1 - 1e-7 within float32's 1e-6; the other classes 0). Keras
     * (f_score_metrics.py, FBetaScore._build) has no variables before the first batch to save. Arrays of mixed shapes,
     * (0,) beside (3,), are refused and change nothing.
     */
    @Test
    void f1ScoreRollsBackToBeforeItsFirstBatch() throws IOException {
        Path epoch0 = dir.resolve("f1-epoch0.npz");
        F1Score f1 = new F1Score(F1Score.Average.NONE, 0.5);
        Checkpoint ckpt = new Checkpoint().metric("f1", f1);
        ckpt.save(epoch0);
        f1.updateState(Tensors.constant(new float[] {1, 0, 0, 0, 1, 0}, 2, 3),
                Tensors.constant(new float[] {0.8f, 0.1f, 0.1f, 0.7f, 0.2f, 0.1f}, 2, 3));
        assertEquals(Shape.of(3), f1.variables().get("true_positives").shape());

        Map<String, Tensor> mixed = new LinkedHashMap<>(prefixed("f1/", f1.variables()));
        mixed.put("f1/true_positives", Tensors.constant(new double[0], 0));
        Path bad = dir.resolve("f1-mixed.npz");
        Npz.write(bad, mixed);
        Map<String, Tensor> before = f1.variables();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ckpt.restore(bad));
        assertTrue(e.getMessage().contains("'f1'") && e.getMessage().contains("true_positives")
                && e.getMessage().contains("(0,)") && e.getMessage().contains("(3,)"), e.getMessage());
        assertTensorsEqual(before, f1.variables(), "F1Score after a refused restore");

        ckpt.restore(epoch0);
        for (Tensor v : f1.variables().values()) {
            assertEquals(Shape.of(0), v.shape());
        }
        assertEquals(Shape.of(0), f1.result().shape());
        Tensor y4 = Tensors.constant(new float[] {1, 0, 0, 0}, 1, 4);
        f1.updateState(y4, y4);
        assertArrayEquals(new float[] {1, 0, 0, 0}, f1.result().toFloatArray(), 1e-6f);
        Path again = dir.resolve("f1-again.npz");
        ckpt.save(again);
        assertEquals(Shape.of(4), Npz.read(again).get("f1/true_positives").shape());
    }

    /** The manager saves and restores metrics as part of its checkpoint. */
    @Test
    void checkpointManagerKeepsMetrics() throws IOException {
        Mean loss = new Mean();
        loss.updateState(Tensors.constant(new float[] {2, 4}, 2));
        CheckpointManager manager = new CheckpointManager(new Checkpoint().metric("loss", loss), dir.resolve("run"), 2);
        manager.save();
        loss.updateState(Tensors.constant(10f));
        assertEquals(16.0 / 3, loss.doubleResult(), 1e-15);
        Mean fresh = new Mean();
        new CheckpointManager(new Checkpoint().metric("loss", fresh), dir.resolve("run"), 2).restoreLatest();
        assertEquals(3.0, fresh.doubleResult());
        assertEquals(2.0, fresh.variables().get("count").doubleValue());
    }

    /** Adding a metric twice, or under a used key, is refused. */
    @Test
    void duplicateMetricIsRefused() {
        Mean m = new Mean();
        Checkpoint ckpt = new Checkpoint().metric("loss", m);
        assertThrows(IllegalArgumentException.class, () -> ckpt.metric("other", m));
        assertThrows(IllegalArgumentException.class, () -> ckpt.metric("loss", new Mean()));
        assertThrows(NullPointerException.class, () -> ckpt.metric("x", null));
    }
}
