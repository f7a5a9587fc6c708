package io.gradtape.internal.ops;

import io.gradtape.Tensor;

/**
 * The shape rule of one primitive (or of a family of primitives that share it): validates the inputs and static
 * arguments and gives the output's dtype and shape. {@link ShapeRules#infer} looks the rule up by the primitive's
 * ordinal and calls it; a caller's mistake is an {@link IllegalArgumentException} whose message starts with
 * {@code op}.
 */
@FunctionalInterface
interface ShapeRule {
    /**
     * The output of the primitive named {@code op} on {@code in}.
     *
     * @param op     the op's public name, for error messages
     * @param params the static arguments, of the record type the primitive takes (null if it takes none)
     * @param in     the inputs (their dtypes and shapes are read, never their values, but for index checks)
     * @return the output's dtype and shape
     */
    ShapeRules.Out infer(String op, Params params, Tensor[] in);
}
