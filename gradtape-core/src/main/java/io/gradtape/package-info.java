/**
 * gradtape's API: eager {@link io.gradtape.Tensor}s, the ops on them ({@link io.gradtape.Tensors}, for
 * {@code import static io.gradtape.Tensors.*}, and {@link io.gradtape.NN}), {@link io.gradtape.Variable}s, and
 * TensorFlow 2's {@link io.gradtape.GradientTape} (reverse mode) with {@link io.gradtape.ForwardAccumulator}
 * (forward mode) and {@link io.gradtape.Autodiff} (Hessians and friends).
 *
 * <p>Conventions that hold for every op: dtypes never promote (a clash is an {@link IllegalArgumentException}
 * naming the op, the dtypes and the shapes, and the fix where it is known); broadcasting is NumPy's; axes may
 * be negative; shapes obey {@link io.gradtape.Shape}'s size limit, and shape arithmetic never wraps; a call that
 * fails changes nothing (no variable written, nothing recorded on a tape). {@code Tensors} and {@code NN} are
 * facades: each method is documented there and delegates in one line to the internal class that holds its
 * algorithm.
 *
 * <pre>{@code
 * Variable w = new Variable(constant(new float[] {1, 2}, 2));
 * try (GradientTape tape = new GradientTape()) {
 *     Tensor loss = reduceSum(square(w));
 *     Tensor g = tape.gradient(loss, w);   // [2.0, 4.0]
 * }
 * }</pre>
 */
package io.gradtape;
