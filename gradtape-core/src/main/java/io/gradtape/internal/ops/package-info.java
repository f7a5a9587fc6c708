/**
 * The ops: the closed set of {@link io.gradtape.internal.ops.Primitive}s with their static arguments
 * ({@link io.gradtape.internal.ops.Params}), their shape rules ({@link io.gradtape.internal.ops.ShapeRules}:
 * every argument and every output dimension is checked there, in exact arithmetic, for every path into
 * {@link io.gradtape.internal.ops.Dispatch}), and the one entry point {@code Dispatch.apply} (validate, read
 * variables, compute, record). Beside them, by family, the algorithms of the composite ops behind the public
 * facades: {@code Creation}, {@code Elementwise}, {@code Reductions}, {@code Products}, {@code Movement},
 * {@code StridedSlice}, {@code Scans}, {@code Sorting}, {@code Indexing}, {@code Einsum}, {@code Activations},
 * {@code Losses}, {@code Convolutions} with the window geometry in {@code Windows}. A composite checks its own
 * arguments and names itself in errors before it runs any primitive, so that a failed call records nothing.
 *
 * <p><b>Adding a primitive</b>: a constant in {@code Primitive}; the compiler then asks for its case in each
 * table, all {@code switch} expressions with no {@code default}: {@code ShapeRules.rule} (which names the op's
 * shape rule in its family's file, {@code ElementwiseShapes}, {@code AxisShapes}, ...),
 * {@code KernelTable.run} (internal.kernels), {@code VjpRules.vjp} and {@code VjpRules.hasGradient}, and
 * {@code JvpRules.jvp} (internal.autodiff); then the public method in a facade.
 */
package io.gradtape.internal.ops;
