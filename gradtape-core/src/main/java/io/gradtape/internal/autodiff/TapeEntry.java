package io.gradtape.internal.autodiff;

import io.gradtape.Tensor;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.Primitive;

/**
 * One recorded op: the primitive, its static arguments, the inputs it read and the output it made. Immutable;
 * one entry may sit on several tapes at once.
 *
 * @param op     the primitive
 * @param params its static arguments, or null
 * @param inputs the inputs (plain tensors; a variable only as the input of READ_VARIABLE)
 * @param output the result
 */
public record TapeEntry(Primitive op, Params params, Tensor[] inputs, Tensor output) {
}
