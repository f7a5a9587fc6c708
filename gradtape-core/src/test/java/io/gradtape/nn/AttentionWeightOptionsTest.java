package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.optimizers.SGD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Regularizers and constraints of {@link MultiHeadAttention}, {@link GroupedQueryAttention} and {@link PReLU}: Keras 3
 * passes {@code kernel_regularizer}, {@code bias_regularizer}, {@code activity_regularizer}, {@code kernel_constraint}
 * and {@code bias_constraint} to each projection (keras/src/layers/attention/multi_head_attention.py and
 * grouped_query_attention.py, {@code _get_common_kwargs_for_sublayer}); PReLU has {@code alpha_regularizer} and
 * {@code alpha_constraint} (keras/src/layers/activations/prelu.py). Expected values derived by hand in the comments.
 */
class AttentionWeightOptionsTest {
    private static double sum(List<Tensor> losses) {
        double s = 0;
        for (Tensor t : losses) {
            s += t.doubleValue();
        }
        return s;
    }

    @Test
    void mhaKernelAndBiasPenaltiesCoverAllFourProjections() {
        MultiHeadAttention mha = MultiHeadAttention.builder(2, 3).inputSize(4).dtype(DType.FLOAT64)
                .kernelInitializer(Initializers.ones()).biasInitializer(Initializers.constant(0.5))
                .kernelRegularizer(Regularizers.l2(1.0)).biasRegularizer(Regularizers.l1(1.0)).build();
        // kernels query/key/value (4, 2, 3) and attention_output (2, 3, 4): 24 ones each, l2(1) = 24 each -> 96;
        // biases (2, 3) x3 and (4,) of 0.5: l1(1) = 3 + 3 + 3 + 2 = 11
        assertEquals(8, mha.losses().size());
        assertEquals(107.0, sum(mha.losses()), 1e-12);
    }

    @Test
    void mhaActivityRegularizerPenalizesEachProjectionOutput() {
        MultiHeadAttention mha = MultiHeadAttention.builder(2, 3).dtype(DType.FLOAT64)
                .kernelInitializer(Initializers.ones()).activityRegularizer(Regularizers.l1(1.0)).build();
        Tensor x = Tensors.ones(DType.FLOAT64, 2, 1, 4);
        mha.call(x);
        // per example: query, key, value outputs (1, 2, 3) all 4 -> l1 24 each; attention over one key returns the
        // value, so attention_output's 4 outputs are 6 * 4 = 24 -> l1 96. Batch 2 sums twice, divided by 2: 168
        assertEquals(4, mha.losses().size());
        assertEquals(168.0, sum(mha.losses()), 1e-12);
        mha.call(x);   // the last call's, not accumulated
        assertEquals(168.0, sum(mha.losses()), 1e-12);
    }

    @Test
    void mhaKernelConstraintHoldsAfterAStep() {
        MultiHeadAttention mha = MultiHeadAttention.builder(2, 3).inputSize(4).dtype(DType.FLOAT64)
                .kernelInitializer(Initializers.ones()).kernelConstraint(Constraints.nonNeg()).build();
        List<Variable> vars = mha.trainableVariables();
        List<Tensor> grads = new ArrayList<>();
        for (Variable v : vars) {
            grads.add(Tensors.ones(DType.FLOAT64, v.shape().dims()).mul(10.0));
        }
        new SGD(1.0).applyGradients(grads, vars);
        // kernels 1 - 10 = -9, projected to 0; biases 0 - 10 = -10, no bias constraint
        for (String p : List.of("query", "key", "value", "attention_output")) {
            Variable k = mha.namedVariables().get(p + "/kernel");
            assertArrayEquals(new double[k.shape().size()], k.toDoubleArray(), 0.0, p);
            Variable b = mha.namedVariables().get(p + "/bias");
            double[] minus10 = new double[b.shape().size()];
            java.util.Arrays.fill(minus10, -10.0);
            assertArrayEquals(minus10, b.toDoubleArray(), 0.0, p);
        }
    }

    @Test
    void mhaConstraintOfAnotherShapeLeavesTheLayerUnbuilt() {
        MultiHeadAttention.Builder b = MultiHeadAttention.builder(2, 3).inputSize(4)
                .kernelConstraint(w -> Tensors.zeros(w.dtype(), 1));
        assertThrows(IllegalArgumentException.class, b::build);
        MultiHeadAttention lazy = MultiHeadAttention.builder(2, 3).kernelConstraint(w -> Tensors.zeros(w.dtype(), 1))
                .build();
        assertThrows(IllegalArgumentException.class, () -> lazy.call(Tensors.ones(DType.FLOAT32, 1, 2, 4)));
        assertEquals(0, lazy.variables().size());
    }

    @Test
    void gqaPenaltiesAndBiasConstraint() {
        GroupedQueryAttention gqa = GroupedQueryAttention.builder(2, 2, 1).inputSize(3).dtype(DType.FLOAT64)
                .kernelInitializer(Initializers.ones()).biasInitializer(Initializers.constant(-1.0))
                .kernelRegularizer(Regularizers.l2(1.0)).biasConstraint(Constraints.nonNeg()).build();
        // kernels query (3, 2, 2), key and value (3, 1, 2), attention_output (2, 2, 3): 12 + 6 + 6 + 12 ones
        assertEquals(4, gqa.losses().size());
        assertEquals(36.0, sum(gqa.losses()), 1e-12);
        List<Variable> vars = gqa.trainableVariables();
        List<Tensor> grads = new ArrayList<>();
        for (Variable v : vars) {
            grads.add(Tensors.ones(DType.FLOAT64, v.shape().dims()).mul(2.0));
        }
        new SGD(1.0).applyGradients(grads, vars);
        // kernels 1 - 2 = -1 (no kernel constraint); biases -1 - 2 = -3, projected to 0
        for (String p : List.of("query", "key", "value", "attention_output")) {
            Variable k = gqa.namedVariables().get(p + "/kernel");
            double[] minus1 = new double[k.shape().size()];
            java.util.Arrays.fill(minus1, -1.0);
            assertArrayEquals(minus1, k.toDoubleArray(), 0.0, p);
            Variable b = gqa.namedVariables().get(p + "/bias");
            assertArrayEquals(new double[b.shape().size()], b.toDoubleArray(), 0.0, p);
        }
    }

    @Test
    void gqaActivityRegularizer() {
        GroupedQueryAttention gqa = GroupedQueryAttention.builder(2, 2, 1).dtype(DType.FLOAT64)
                .kernelInitializer(Initializers.ones()).activityRegularizer(Regularizers.l2(1.0)).build();
        gqa.call(Tensors.ones(DType.FLOAT64, 1, 1, 3));
        // query (1, 2, 2) of 3s: l2 36; key, value (1, 1, 2) of 3s: 18 each; one key: the heads' results are the
        // value's 3s, attention_output's 3 outputs are 4 * 3 = 12: l2 432. Batch 1: 36 + 18 + 18 + 432 = 504
        assertEquals(504.0, sum(gqa.losses()), 1e-12);
    }

    @Test
    void preluAlphaRegularizerAndConstraint() {
        PReLU p = new PReLU(Initializers.constant(-0.5), Regularizers.l1(0.1), Constraints.nonNeg(), 1);
        assertNull(p.alpha());
        p.call(Tensors.ones(DType.FLOAT64, 2, 3, 4));
        // alpha (1, 4) of -0.5: l1(0.1) = 0.1 * 4 * 0.5 = 0.2
        assertEquals(1, p.losses().size());
        assertEquals(0.2, p.losses().get(0).doubleValue(), 1e-15);
        new SGD(0.1).applyGradients(List.of(Tensors.ones(DType.FLOAT64, 1, 4)), List.of(p.alpha()));
        // -0.5 - 0.1 = -0.6, projected to 0
        assertArrayEquals(new double[4], p.alpha().toDoubleArray(), 0.0);
        assertEquals(0.0, p.losses().get(0).doubleValue(), 0.0);
    }

    @Test
    void preluConstraintOfAnotherShapeLeavesItUnbuilt() {
        PReLU p = new PReLU(null, null, w -> Tensors.zeros(w.dtype(), 7));
        assertThrows(IllegalArgumentException.class, () -> p.call(Tensors.ones(DType.FLOAT32, 2, 3)));
        assertNull(p.alpha());
        assertEquals(0, p.variables().size());
    }
}
