package io.gradtape.checkpoint;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.nn.BinaryCrossentropyMetric;
import io.gradtape.nn.BinaryIoU;
import io.gradtape.nn.CategoricalCrossentropyMetric;
import io.gradtape.nn.CategoricalHingeMetric;
import io.gradtape.nn.CosineSimilarityMetric;
import io.gradtape.nn.F1Score;
import io.gradtape.nn.FBetaScore;
import io.gradtape.nn.FalseNegatives;
import io.gradtape.nn.FalsePositives;
import io.gradtape.nn.HingeMetric;
import io.gradtape.nn.IoU;
import io.gradtape.nn.KLDivergenceMetric;
import io.gradtape.nn.LogCoshError;
import io.gradtape.nn.MeanAbsolutePercentageErrorMetric;
import io.gradtape.nn.MeanIoU;
import io.gradtape.nn.MeanSquaredLogarithmicErrorMetric;
import io.gradtape.nn.Metric;
import io.gradtape.nn.OneHotIoU;
import io.gradtape.nn.OneHotMeanIoU;
import io.gradtape.nn.PoissonMetric;
import io.gradtape.nn.PrecisionAtRecall;
import io.gradtape.nn.R2Score;
import io.gradtape.nn.RecallAtPrecision;
import io.gradtape.nn.SensitivityAtSpecificity;
import io.gradtape.nn.SparseCategoricalCrossentropyMetric;
import io.gradtape.nn.SpecificityAtSensitivity;
import io.gradtape.nn.SquaredHingeMetric;
import io.gradtape.nn.Sum;
import io.gradtape.nn.TrueNegatives;
import io.gradtape.nn.TruePositives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The metrics added after MetricCheckpointTest's in a checkpoint under Keras 3's variable names: f_score_metrics.py
 * FBetaScore's four counts; regression_metrics.py R2Score's num_samples, squared_sum, sum, residual, count;
 * confusion_metrics.py _ConfusionMatrixConditionCount's accumulator and SensitivitySpecificityBase's four counts;
 * iou_metrics.py's total_confusion_matrix; reduction_metrics.py Mean's total and count for every MeanMetricWrapper and
 * Sum's total. A metric saved mid-epoch and restored goes on as an uninterrupted one, to the last bit.
 */
class MoreMetricsCheckpointTest {
    @TempDir
    Path dir;

    private record Case(String name, Supplier<Metric> make, BiConsumer<Metric, Integer> update, List<String> variables) {
    }

    private interface Update3 {
        void apply(Metric m, Tensor y, Tensor p, Tensor w);
    }

    private static final List<String> MEAN = List.of("total", "count");
    private static final List<String> CONFUSION = List.of("true_positives", "false_positives", "true_negatives",
            "false_negatives");

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

    private static Random batch(int b) {
        return new Random(2000 + b);
    }

    /** A case fed one-hot targets, probabilities and row weights of {@code 3 + b} rows of {@code classes} classes. */
    private static Case dense(String name, Supplier<Metric> make, int classes, List<String> variables, Update3 u) {
        return new Case(name, make, (m, b) -> {
            Random r = batch(b);
            int rows = 3 + b;
            u.apply(m, oneHot(labels(r, rows, classes), classes), probs(r, rows, classes), probs(r, rows, 1).reshape(rows));
        }, variables);
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        List<String> f = List.of("true_positives", "false_positives", "false_negatives", "intermediate_weights");
        for (F1Score.Average a : F1Score.Average.values()) {
            c.add(dense("fbeta_" + a, () -> new FBetaScore(a, 2.0, 0.4), 3, f, (m, y, p, w) -> ((FBetaScore) m).updateState(y, p, w)));
        }
        c.add(dense("r2", () -> new R2Score(R2Score.ClassAggregation.NONE, 1), 2,
                List.of("num_samples", "squared_sum", "sum", "residual", "count"), (m, y, p, w) -> ((R2Score) m).updateState(p, y.add(p), w)));
        c.add(dense("tp", () -> new TruePositives(0.2, 0.5, 0.7), 3, List.of("accumulator"),
                (m, y, p, w) -> ((TruePositives) m).updateState(y, p, w)));
        c.add(dense("fp_even", () -> new FalsePositives(0, 0.5, 1), 3, List.of("accumulator"),
                (m, y, p, w) -> ((FalsePositives) m).updateState(y, p, w)));
        c.add(dense("tn", TrueNegatives::new, 3, List.of("accumulator"), (m, y, p, w) -> ((TrueNegatives) m).updateState(y, p)));
        c.add(dense("fn", () -> new FalseNegatives(0.3), 3, List.of("accumulator"), (m, y, p, w) -> ((FalseNegatives) m).updateState(y, p, w)));
        c.add(dense("par", () -> new PrecisionAtRecall(0.4, 7, 1), 3, CONFUSION,
                (m, y, p, w) -> ((PrecisionAtRecall) m).updateState(y, p, w)));
        c.add(dense("rap", () -> new RecallAtPrecision(0.3, 5), 3, CONFUSION, (m, y, p, w) -> ((RecallAtPrecision) m).updateState(y, p)));
        c.add(dense("sas", () -> new SensitivityAtSpecificity(0.5, 9), 3, CONFUSION,
                (m, y, p, w) -> ((SensitivityAtSpecificity) m).updateState(y, p, w)));
        c.add(dense("sas2", () -> new SpecificityAtSensitivity(0.5, 1), 3, CONFUSION,
                (m, y, p, w) -> ((SpecificityAtSensitivity) m).updateState(y, p, w)));
        List<String> cm = List.of("total_confusion_matrix");
        c.add(dense("iou", () -> new IoU(3, new int[] {0, 2}, true, false), 3, cm,
                (m, y, p, w) -> ((IoU) m).updateState(Tensors.argmax(y, 1), p, w)));
        c.add(dense("mean_iou", () -> new MeanIoU(3, false, false), 3, cm, (m, y, p, w) -> ((MeanIoU) m).updateState(y, p)));
        c.add(dense("binary_iou", BinaryIoU::new, 1, cm, (m, y, p, w) -> ((BinaryIoU) m).updateState(Tensors.ceil(p.reshape(-1)), p.reshape(-1), w)));
        c.add(dense("one_hot_iou", () -> new OneHotIoU(3, new int[] {1}), 3, cm, (m, y, p, w) -> ((OneHotIoU) m).updateState(y, p, w)));
        c.add(dense("one_hot_mean_iou", () -> new OneHotMeanIoU(3), 3, cm, (m, y, p, w) -> ((OneHotMeanIoU) m).updateState(y, p, w)));
        c.add(dense("bce", () -> new BinaryCrossentropyMetric(false, 0.1), 3, MEAN,
                (m, y, p, w) -> ((BinaryCrossentropyMetric) m).updateState(y, p, w)));
        c.add(dense("cce", CategoricalCrossentropyMetric::new, 3, MEAN, (m, y, p, w) -> ((CategoricalCrossentropyMetric) m).updateState(y, p, w)));
        c.add(dense("scce", () -> new SparseCategoricalCrossentropyMetric(true), 3, MEAN,
                (m, y, p, w) -> ((SparseCategoricalCrossentropyMetric) m).updateState(Tensors.argmax(y, 1), p, w)));
        c.add(dense("kld", KLDivergenceMetric::new, 3, MEAN, (m, y, p, w) -> ((KLDivergenceMetric) m).updateState(y, p, w)));
        c.add(dense("poisson", PoissonMetric::new, 3, MEAN, (m, y, p, w) -> ((PoissonMetric) m).updateState(y, p, w)));
        c.add(dense("hinge", HingeMetric::new, 3, MEAN, (m, y, p, w) -> ((HingeMetric) m).updateState(y, p, w)));
        c.add(dense("squared_hinge", SquaredHingeMetric::new, 3, MEAN, (m, y, p, w) -> ((SquaredHingeMetric) m).updateState(y, p)));
        c.add(dense("categorical_hinge", CategoricalHingeMetric::new, 3, MEAN,
                (m, y, p, w) -> ((CategoricalHingeMetric) m).updateState(y, p, w)));
        c.add(dense("logcosh", LogCoshError::new, 3, MEAN, (m, y, p, w) -> ((LogCoshError) m).updateState(y, p, w)));
        c.add(dense("msle", MeanSquaredLogarithmicErrorMetric::new, 3, MEAN,
                (m, y, p, w) -> ((MeanSquaredLogarithmicErrorMetric) m).updateState(y, p, w)));
        c.add(dense("mape", MeanAbsolutePercentageErrorMetric::new, 3, MEAN,
                (m, y, p, w) -> ((MeanAbsolutePercentageErrorMetric) m).updateState(y.add(1f), p, w)));
        c.add(dense("cosine", CosineSimilarityMetric::new, 3, MEAN, (m, y, p, w) -> ((CosineSimilarityMetric) m).updateState(y, p, w)));
        c.add(dense("sum", Sum::new, 3, List.of("total"), (m, y, p, w) -> ((Sum) m).updateState(p, w)));
        return c;
    }

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
     * An R2Score saved before its first batch has (0,) arrays beside num_samples (Keras makes num_samples in
     * __init__ and the others at the first batch); restored into one that has seen 2 outputs, it is unbuilt again and
     * takes 3 outputs from its next batch. A fresh one takes its output count from a file; a built one refuses another
     * count and changes nothing.
     */
    @Test
    void r2ScoreOutputCountAcrossARestore() throws IOException {
        Path epoch0 = dir.resolve("r2-epoch0.npz");
        R2Score r2 = new R2Score();
        Checkpoint ckpt = new Checkpoint().metric("r2", r2);
        ckpt.save(epoch0);
        assertEquals(Shape.SCALAR, Npz.read(epoch0).get("r2/num_samples").shape());
        assertEquals(Shape.of(0), Npz.read(epoch0).get("r2/sum").shape());
        Tensor y2 = Tensors.constant(new float[] {1, 2, 3, 5}, 2, 2);
        r2.updateState(y2, y2.mul(1.1f));
        Path two = dir.resolve("r2-two.npz");
        ckpt.save(two);
        ckpt.restore(epoch0);
        assertEquals(0.0, r2.doubleResult(), "unbuilt again: nothing seen");
        Tensor y3 = Tensors.constant(new float[] {1, 2, 3, 4, 5, 7}, 2, 3);
        r2.updateState(y3, y3);
        assertEquals(1.0, r2.doubleResult(), 1e-12);

        R2Score fresh = new R2Score();
        new Checkpoint().metric("r2", fresh).restore(two);
        assertEquals(Shape.of(2), fresh.variables().get("sum").shape());
        Map<String, Tensor> before = r2.variables();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ckpt.restore(two));
        assertTrue(e.getMessage().contains("'r2'") && e.getMessage().contains("(3,)") && e.getMessage().contains("(2,)"),
                e.getMessage());
        assertTensorsEqual(before, r2.variables(), "R2Score after a refused restore");
    }

    /**
     * An at-metric or IoU metric refuses a file whose arrays have another shape (other numThresholds, other numClasses):
     * the error names the checkpoint key, the variable and both shapes, and neither its state nor that of another
     * metric in the same checkpoint changes.
     */
    @Test
    void atAndIouMetricsRefuseMismatchedShapesAndChangeNothing() throws IOException {
        Random r = batch(0);
        Tensor y = oneHot(labels(r, 4, 3), 3);
        Tensor p = probs(r, 4, 3);
        Tensor w = probs(r, 4, 1).reshape(4);

        PrecisionAtRecall seven = new PrecisionAtRecall(0.4, 7);
        seven.updateState(y, p, w);
        IoU three = new IoU(3, new int[] {0, 2}, false, false);
        three.updateState(y, p, w);
        Path file = dir.resolve("shapes.npz");
        new Checkpoint().metric("par", seven).metric("iou", three).save(file);

        PrecisionAtRecall five = new PrecisionAtRecall(0.4, 5);
        five.updateState(y, p);
        IoU fitting = new IoU(3, new int[] {0, 2}, false, false);   // its arrays fit, but it must not be restored alone
        fitting.updateState(oneHot(labels(batch(1), 5, 3), 3), probs(batch(1), 5, 3));
        Map<String, Tensor> fiveBefore = five.variables();
        Map<String, Tensor> fittingBefore = fitting.variables();
        double resultBefore = five.doubleResult();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint().metric("iou", fitting).metric("par", five).restore(file));
        String msg = e.getMessage();
        assertTrue(msg.contains("'par'") && msg.contains("PrecisionAtRecall") && msg.contains("'true_positives'")
                && msg.contains("(5,)") && msg.contains("(7,)") && msg.contains("nothing was restored"), msg);
        assertTensorsEqual(fiveBefore, five.variables(), "PrecisionAtRecall after a refused restore");
        assertEquals(resultBefore, five.doubleResult());
        assertTensorsEqual(fittingBefore, fitting.variables(), "the other metric after a refused restore");
        assertTrue(!fittingBefore.get("total_confusion_matrix").equals(three.variables().get("total_confusion_matrix"))
                && !java.util.Arrays.equals(fittingBefore.get("total_confusion_matrix").toDoubleArray(),
                        three.variables().get("total_confusion_matrix").toDoubleArray()), "a restore would have changed it");

        IoU four = new IoU(4, new int[] {0, 2}, false, false);
        four.updateState(oneHot(labels(r, 4, 4), 4), probs(r, 4, 4));
        Map<String, Tensor> fourBefore = four.variables();
        PrecisionAtRecall fresh = new PrecisionAtRecall(0.4, 7);   // fits; stays unrestored
        e = assertThrows(IllegalArgumentException.class, () -> new Checkpoint().metric("par", fresh).metric("iou", four).restore(file));
        msg = e.getMessage();
        assertTrue(msg.contains("'iou'") && msg.contains("IoU") && msg.contains("'total_confusion_matrix'")
                && msg.contains("(4, 4)") && msg.contains("(3, 3)") && msg.contains("nothing was restored"), msg);
        assertTensorsEqual(fourBefore, four.variables(), "IoU after a refused restore");
        assertEquals(0.0, fresh.variables().get("true_positives").sum().doubleValue(), "the fitting metric is not restored");
        assertTrue(seven.variables().get("true_positives").sum().doubleValue() > 0, "a restore would have changed it");
    }
}
