package io.gradtape.internal.kernels;

import io.gradtape.Tensor;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.Primitive;
import io.gradtape.internal.ops.ShapeRules;

/**
 * Computes the values of one primitive. Inputs have been validated by {@link ShapeRules}; the result is a fresh
 * storage array of {@code out}'s dtype and size (or an input's own array when the values are the same, since
 * storage is never written after a tensor is made). {@link JavaBackend} is the pure-Java reference; another
 * backend may override some primitives (a BLAS matmul) and must give the same results.
 */
public interface Backend {
    /**
     * The output values of {@code p} applied to {@code in}.
     *
     * @param p      the primitive
     * @param params its static arguments, or null
     * @param in     the inputs (plain tensors, never variables)
     * @param out    the output dtype and shape
     * @return the storage array
     */
    Object run(Primitive p, Params params, Tensor[] in, ShapeRules.Out out);
}
