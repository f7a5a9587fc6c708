package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;

/**
 * One of the four projections of {@link MultiHeadAttention} and {@link GroupedQueryAttention}, Keras's
 * {@code EinsumDense} in the two forms those layers build (keras/src/layers/attention/multi_head_attention.py,
 * {@code _build_proj_equation}; grouped_query_attention.py's {@code "bqm,muh->bquh"} and {@code "bquh,uhm->bqm"}
 * are the same two forms): the last
 * {@code bound} axes of the input are contracted with the kernel's first {@code bound} axes, and the kernel's
 * other axes (and the bias, of their shape) are appended. {@code query}, {@code key} and {@code value}:
 * {@code "abc,cde->abde"}, kernel {@code (features, heads, size)}, bias {@code (heads, size)};
 * {@code attention_output}: {@code "abcd,cde->abe"}, kernel {@code (heads, valueDim, outputDim)}, bias
 * {@code (outputDim,)}. The attention layer's regularizers and constraints apply to each projection's kernel and
 * bias, and its activity regularizer to each projection's output, as Keras's {@code _get_common_kwargs_for_sublayer}.
 * Computed as one matmul on the flattened axes ({@link NN#linear}). Built at construction.
 */
final class AttentionProjection extends Module {
    private final int bound;
    private final int[] outDims;
    private final Variable kernel;
    private final Variable bias;

    AttentionProjection(String layer, String name, DType dtype, int[] inDims, int[] outDims, boolean useBias, Initializer kernelInit,
                        Initializer biasInit, WeightOptions w, Regularizer activityRegularizer) {
        super(name, activityRegularizer);
        this.bound = inDims.length;
        this.outDims = outDims.clone();
        int[] k = new int[inDims.length + outDims.length];
        System.arraycopy(inDims, 0, k, 0, inDims.length);
        System.arraycopy(outDims, 0, k, inDims.length, outDims.length);
        Variable[] kb = addKernelAndBias(layer, dtype, kernelInit, Shape.of(k), biasInit,
                useBias ? Shape.of(outDims) : null, w);
        kernel = kb[0];
        bias = kb[1];
    }

    /** The input's last {@code bound} axes must be the kernel's first; the caller has checked them. */
    @Override
    public Tensor call(Tensor x) {
        int[] d = x.shape().dims();
        int lead = d.length - bound;
        // products of the sizes, not -1: a reshape infers -1 beside a zero size from the non-zero sizes only
        int rows = 1;
        for (int i = 0; i < lead; i++) {
            rows *= d[i];
        }
        int in = 1;
        for (int i = lead; i < d.length; i++) {
            in *= d[i];
        }
        int out = 1;
        for (int o : outDims) {
            out *= o;
        }
        Tensor flat = Tensors.reshape(x, rows, in);
        Tensor k2 = Tensors.reshape(kernel, in, out);
        Tensor y = bias != null ? NN.linear(flat, k2, Tensors.reshape(bias, out)) : Tensors.matmul(flat, k2);
        int[] shape = new int[lead + outDims.length];
        System.arraycopy(d, 0, shape, 0, lead);
        System.arraycopy(outDims, 0, shape, lead, outDims.length);
        // Keras passes the attention layer's activity_regularizer to each projection (_get_common_kwargs_for_sublayer)
        return activity(Tensors.reshape(y, shape));
    }

    Variable kernel() {
        return kernel;
    }

    Variable bias() {
        return bias;
    }
}
