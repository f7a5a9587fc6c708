package io.gradtape;

import io.gradtape.internal.ops.Activations;
import io.gradtape.internal.ops.Attention;
import io.gradtape.internal.ops.Convolutions;
import io.gradtape.internal.ops.Losses;
import io.gradtape.internal.ops.Products;
import io.gradtape.internal.ops.ShapeRules;

/**
 * Neural-network ops, after TensorFlow's {@code tf.nn}: the affine map of a dense layer, activations, losses,
 * 2-D convolution (also depthwise and separable) and pooling, and scaled dot-product attention (Keras's {@code ops.dot_product_attention}).
 *
 * <p>Every op here but {@link #linear} and {@link #logSoftmax} is a <b>composite</b> of the primitives behind
 * {@link Tensors}, so each is differentiable to any order with no gradient code of its own; those two are
 * primitives for speed, with rules of their own that are themselves differentiable. Where a naive formula would overflow or give NaN, the op uses the
 * stable form TensorFlow uses, including the "double where" that keeps an unselected branch's infinite
 * derivative from turning into NaN: every activation and loss here gives a finite value and gradient for inputs
 * of magnitude 1000. Non-smooth points follow TensorFlow (noted on each method).
 *
 * <p><b>Convolution and pooling</b> work on images in NHWC layout (batch, height, width, channels) with filters in
 * HWIO layout (height, width, in-channels, out-channels), as TensorFlow's defaults. They are built on one
 * gather: the input, padded, is flattened to {@code (N, Hp*Wp, C)} and a precomputed index map picks for every
 * output position its {@code KH*KW} window cells ("im2col"), giving {@code (N, OH, OW, KH*KW, C)}. Then
 * <ul>
 *   <li>{@code conv2d} is a matmul of those patches, as rows of {@code KH*KW*C}, by the filter reshaped to
 *       {@code (KH*KW*C, O)};</li>
 *   <li>{@code depthwiseConv2d} multiplies each channel's window cells by that channel's filter taps and sums
 *       them (no channel mixing; with a depth multiplier above 1, a batched matmul per channel), and
 *       {@code separableConv2d} follows it with a 1x1 conv2d;</li>
 *   <li>{@code conv2dTranspose} runs that backwards: a matmul by the transposed filter gives each window's cells,
 *       and the gather's transpose, a segment sum, adds them into the (padded) result;</li>
 *   <li>{@code avgPool2d} sums each window and divides by its number of real (not padding) cells;</li>
 *   <li>{@code maxPool2d} finds each window's first maximum ({@link Tensors#argmax} over the window) and gathers
 *       that one element, so the gradient goes to one element per window, the first in row-major window order
 *       at a tie, as TensorFlow's {@code max_pool}.</li>
 * </ul>
 * The gather's derivative is a scatter-add (col2im), whose derivative is the gather again, so first and second
 * derivatives through convolutions and pools need no rule of their own.
 *
 * <p><b>Padding</b>: {@code "VALID"} uses only windows that fit; {@code "SAME"} gives {@code ceil(H / stride)}
 * output rows and pads {@code max((OH - 1) stride + KE - H, 0)} rows, the smaller half on top (TensorFlow's rule;
 * {@code KE} is the kernel extent after dilation). Strides, kernel sizes and dilations are given as TensorFlow
 * accepts them: one int for both axes, two ({@code h, w}), or four ({@code 1, h, w, 1}).
 *
 * <pre>{@code
 * Tensor images = ones(DType.FLOAT32, 8, 28, 28, 1), filters = ones(DType.FLOAT32, 3, 3, 1, 4);
 * Tensor y = NN.conv2d(images, filters, new int[] {1}, "SAME");   // (8, 28, 28, 4)
 * Tensor labels = constant(new float[] {1, 0, 0, 1}, 2, 2), logits = constant(new float[] {2, 0, 0, 2}, 2, 2);
 * Tensor loss = NN.softmaxCrossEntropyWithLogits(labels, logits).mean();   // 0.12692805
 * }</pre>
 */
public final class NN {
    private NN() {
    }

    // ------------------------------------------------------------------------------------ the affine map

    /**
     * {@code x @ kernel + bias}: the affine map of a dense layer ({@link io.gradtape.nn.Dense} calls it), PyTorch's
     * {@code addmm(bias, x, kernel)}; the kernel is stored {@code (in, out)}, as Keras stores it. The same values
     * as {@code add(matmul(x, kernel), bias)}, bit for bit, in one op: the bias is added into the product's new
     * output while it is in the cache, where the composed add would write a second new array (on the MNIST MLP
     * step, 17 us per 128x256 output on one thread). The gradient is matmul's for {@code x} and {@code kernel},
     * and {@code g} summed over the rows for {@code bias}; it is differentiable to any order.
     *
     * <pre>{@code
     * Tensor x = constant(new float[] {1, 2, 3, 4}, 2, 2), w = eye(2, DType.FLOAT32), b = constant(new float[] {10, 20}, 2);
     * NN.linear(x, w, b);   // [[11. 22.] [13. 24.]]
     * }</pre>
     *
     * @param x      the inputs, {@code (m, k)}, float32 or float64
     * @param kernel the weights, {@code (k, n)}, of x's dtype
     * @param bias   the bias, {@code (n)}, of x's dtype
     * @return {@code (m, n)}
     * @throws IllegalArgumentException if the ranks, the inner dimensions, the bias length or the dtypes do not
     *                                  match (no broadcasting: use {@link Tensors#matmul} and {@link Tensors#add}
     *                                  for batches of matrices)
     */
    public static Tensor linear(Tensor x, Tensor kernel, Tensor bias) {
        return Products.linear(x, kernel, bias, null);
    }

    /**
     * {@link #linear(Tensor, Tensor, Tensor)} followed by an activation in the same op: {@code "relu"} gives
     * {@code relu(x @ kernel + bias)} with the bits and gradient of the two ops composed, written in one pass
     * (TensorFlow fuses the same pair in its graph optimizer). A Keras {@code Dense(units, "relu")} uses it.
     *
     * <pre>{@code
     * Tensor x = constant(new float[] {1, -2}, 1, 2), w = eye(2, DType.FLOAT32), b = constant(new float[] {0, 1}, 2);
     * NN.linear(x, w, b, "relu");   // [[1. 0.]]
     * }</pre>
     *
     * @param x          the inputs, {@code (m, k)}, float32 or float64
     * @param kernel     the weights, {@code (k, n)}, of x's dtype
     * @param bias       the bias, {@code (n)}, of x's dtype
     * @param activation null or {@code "linear"} for none, or {@code "relu"}
     * @return {@code (m, n)}
     * @throws IllegalArgumentException as {@link #linear(Tensor, Tensor, Tensor)}, or for another activation
     *                                  (apply it to the result instead)
     */
    public static Tensor linear(Tensor x, Tensor kernel, Tensor bias, String activation) {
        return Products.linear(x, kernel, bias, activation);
    }

    // ------------------------------------------------------------------------------------ activations

    /**
     * {@code max(x, 0)}; the same op as {@link Tensors#relu}. Gradient 0 at {@code x = 0}, as TensorFlow.
     *
     * <pre>{@code
     * NN.relu(constant(new float[] {-1, 2}, 2));   // [0. 2.]
     * }</pre>
     *
     * @param x the input, numeric
     * @return the rectified input
     */
    public static Tensor relu(Tensor x) {
        return Tensors.relu(x);
    }

    /**
     * The logistic function; the same op as {@link Tensors#sigmoid}.
     *
     * <pre>{@code
     * NN.sigmoid(constant(0f));   // 0.5
     * }</pre>
     *
     * @param x the input, floating
     * @return the sigmoid
     */
    public static Tensor sigmoid(Tensor x) {
        return Tensors.sigmoid(x);
    }

    /**
     * Softmax along the last axis; the same op as {@link Tensors#softmax}.
     *
     * <pre>{@code
     * NN.softmax(constant(new float[] {0, 0}, 2));   // [0.5 0.5]
     * }</pre>
     *
     * @param logits the input, floating
     * @return probabilities summing to 1 along the last axis
     */
    public static Tensor softmax(Tensor logits) {
        return Tensors.softmax(logits, -1);
    }

    /**
     * Log-softmax along the last axis; the same op as {@link Tensors#logSoftmax}.
     *
     * <pre>{@code
     * NN.logSoftmax(constant(new float[] {1000, 0}, 2));   // [0. -1000.]
     * }</pre>
     *
     * @param logits the input, floating
     * @return log-probabilities along the last axis
     */
    public static Tensor logSoftmax(Tensor logits) {
        return Tensors.logSoftmax(logits, -1);
    }

    /**
     * {@code log(1 + e^x)}, computed as {@code relu(x) + log1p(exp(-|x|))} with both pieces selected by
     * {@code where}, so {@code softplus(1000) = 1000} and the gradient is exactly {@code sigmoid(x)} everywhere
     * (0.5 at 0). Floating only.
     *
     * <pre>{@code
     * NN.softplus(constant(0.0));   // 0.6931471805599453
     * }</pre>
     *
     * @param x the input
     * @return the softplus
     */
    public static Tensor softplus(Tensor x) {
        return Activations.softplus(x);
    }

    /**
     * Leaky ReLU with TensorFlow's default {@code alpha = 0.2}; see {@link #leakyRelu(Tensor, double)}.
     *
     * <pre>{@code
     * NN.leakyRelu(constant(-1f));   // -0.2
     * }</pre>
     *
     * @param x the input, floating
     * @return the activation
     */
    public static Tensor leakyRelu(Tensor x) {
        return leakyRelu(x, 0.2);
    }

    /**
     * {@code x} where {@code x > 0}, else {@code alpha x}. Gradient: 1, or {@code alpha} where {@code x <= 0}
     * (so {@code alpha} at 0, as TensorFlow's kernel). Second derivative: zeros (not null), as TensorFlow's
     * {@code LeakyReluGrad} gradient and as {@link #relu}.
     *
     * <pre>{@code
     * NN.leakyRelu(constant(-2f), 0.1);   // -0.2
     * }</pre>
     *
     * @param x     the input, floating
     * @param alpha the slope for {@code x <= 0}
     * @return the activation
     */
    public static Tensor leakyRelu(Tensor x, double alpha) {
        return Activations.leakyRelu(x, alpha);
    }

    /**
     * The exponential linear unit: {@code x} where {@code x >= 0}, else {@code e^x - 1}. Gradient: 1 where
     * {@code x >= 0}, else {@code e^x}; second derivative 0 where {@code x >= 0}, else {@code e^x}: at 0 both
     * come from the linear branch (1 and 0), as TensorFlow's {@code EluGrad} and its gradient, which select on
     * {@code elu(x) < 0}. The exponential only sees {@code min(x, 0)}, so large inputs give no inf.
     *
     * <pre>{@code
     * NN.elu(constant(-1.0));   // -0.6321205588285577
     * }</pre>
     *
     * @param x the input, floating
     * @return the activation
     */
    public static Tensor elu(Tensor x) {
        return Activations.elu(x);
    }

    /**
     * The scaled ELU of Klambauer et al. (2017): {@code scale * (x > 0 ? x : alpha (e^x - 1))} with
     * {@code alpha = 1.6732632423543772} and {@code scale = 1.0507009873554805}, TensorFlow's constants.
     * Gradient: {@code scale} where {@code x >= 0}, else {@code scale alpha e^x}; second derivative 0 where
     * {@code x >= 0}, else {@code scale alpha e^x}: at 0 both come from the linear branch ({@code scale} and 0),
     * as TensorFlow's {@code SeluGrad} and its gradient, which select on {@code selu(x) < 0}.
     *
     * <pre>{@code
     * NN.selu(constant(1.0));   // 1.0507009873554805
     * }</pre>
     *
     * @param x the input, floating
     * @return the activation
     */
    public static Tensor selu(Tensor x) {
        return Activations.selu(x);
    }

    /**
     * The exact GELU, {@code x Phi(x) = 0.5 x (1 + erf(x / sqrt 2))}: TensorFlow's default
     * ({@code approximate=False}).
     *
     * <pre>{@code
     * NN.gelu(constant(1.0));   // 0.8413447460685429
     * }</pre>
     *
     * @param x the input, floating
     * @return the activation
     */
    public static Tensor gelu(Tensor x) {
        return gelu(x, false);
    }

    /**
     * GELU, exact ({@code 0.5 x (1 + erf(x / sqrt 2))}) or, when {@code approximate}, the tanh form
     * {@code 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))} of Hendrycks and Gimpel (2016).
     *
     * <pre>{@code
     * NN.gelu(constant(1.0), true);   // 0.8411919906082768
     * }</pre>
     *
     * @param x           the input, floating
     * @param approximate use the tanh approximation
     * @return the activation
     */
    public static Tensor gelu(Tensor x, boolean approximate) {
        return Activations.gelu(x, approximate);
    }

    /**
     * Swish (SiLU), {@code x sigmoid(x)}, TensorFlow's {@code swish} with {@code beta = 1}.
     *
     * <pre>{@code
     * NN.swish(constant(1.0));   // 0.7310585786300049
     * }</pre>
     *
     * @param x the input, floating
     * @return the activation
     */
    public static Tensor swish(Tensor x) {
        return Activations.swish(x);
    }

    /**
     * {@code log(sigmoid(x)) = -log(1 + e^-x)}, TensorFlow's {@code tf.math.log_sigmoid} (Keras's
     * {@code log_sigmoid}), computed as TensorFlow does, {@code -softplus(-x)}: stable for any magnitude
     * ({@code logSigmoid(-1000) = -1000}, {@code logSigmoid(1000) = -0.0}, {@code logSigmoid(-inf) = -inf}) where
     * {@code log(sigmoid(x))} gives {@code -inf} below about -745 (-104 in float32). Gradient {@code sigmoid(-x)},
     * exactly (1 at -1000, 0.5 at 0); differentiable to any order. Floating only.
     *
     * <pre>{@code
     * NN.logSigmoid(constant(new double[] {-1000, 0, 1}, 3));   // [-1000. -0.6931471805599453 -0.31326168751822286]
     * }</pre>
     *
     * @param x the input, float32 or float64
     * @return the log of the sigmoid, at most 0
     */
    public static Tensor logSigmoid(Tensor x) {
        return Activations.logSigmoid(x);
    }

    /**
     * Softsign, {@code x / (1 + |x|)}, TensorFlow's {@code tf.nn.softsign} (Keras's {@code softsign}). Gradient
     * {@code 1 / (1 + |x|)^2} (1 at 0), TensorFlow's {@code SoftsignGrad}. Computed as {@code x / (1 + |x|)} for
     * {@code |x| < 1} and as {@code sign(x) (1 - 1 / (1 + |x|))} beyond, selected by {@code where}: the same
     * value (beyond 1 within 2 ulps of the rounded quotient in float32, 1 in float64), and a gradient that keeps
     * its digits for large {@code |x|}, where differentiating the quotient subtracts two nearly equal terms
     * (PyTorch's float32 gradient at {@code -3e4} is 0.13% off).
     * {@code softsign(+-inf) = +-1}, the limit; TensorFlow's and PyTorch's kernels give NaN there
     * ({@code inf / inf}). Differentiable to any order. Floating only.
     *
     * <pre>{@code
     * NN.softsign(constant(new double[] {-1, 0, 20}, 3));   // [-0.5  0.  0.9523809523809523]
     * }</pre>
     *
     * @param x the input, float32 or float64
     * @return the softsign, in {@code [-1, 1]}
     */
    public static Tensor softsign(Tensor x) {
        return Activations.softsign(x);
    }

    /**
     * {@code min(max(x, 0), 6)}, TensorFlow's {@code tf.nn.relu6} (Keras's {@code relu6}). Gradient 1 where
     * {@code 0 < x < 6} and 0 elsewhere, at 0 and 6 too, as TensorFlow's {@code Relu6Grad}; second derivative
     * zeros. Any numeric dtype, as {@link #relu}.
     *
     * <pre>{@code
     * NN.relu6(constant(new float[] {-1, 3, 7}, 3));   // [0. 3. 6.]
     * }</pre>
     *
     * @param x the input, numeric
     * @return the input clipped to {@code [0, 6]}
     */
    public static Tensor relu6(Tensor x) {
        return Activations.relu6(x);
    }

    /**
     * The hard sigmoid of Keras 3, {@code relu6(x + 3) / 6}: 0 for {@code x <= -3}, 1 for {@code x >= 3},
     * {@code x / 6 + 0.5} between (Keras's {@code hard_sigmoid}, as its TensorFlow backend computes it; Keras 2's
     * {@code 0.2 x + 0.5} is a different function). Gradient 1/6 where {@code -3 < x < 3}, else 0 (at -3 and 3
     * too, relu6's rule). Floating only.
     *
     * <pre>{@code
     * NN.hardSigmoid(constant(new double[] {-4, 0, 1}, 3));   // [0.  0.5  0.6666666666666666]
     * }</pre>
     *
     * @param x the input, float32 or float64
     * @return the hard sigmoid, in {@code [0, 1]}
     */
    public static Tensor hardSigmoid(Tensor x) {
        return Activations.hardSigmoid(x);
    }

    // ------------------------------------------------------------------------------------ losses

    /**
     * The cross entropy between a distribution {@code labels} and {@code softmax(logits)} along the last axis,
     * one loss per example: {@code -sum(labels * logSoftmax(logits), -1)}, stable for any logits (the log-softmax
     * subtracts the maximum). Gradient for logits: {@code softmax(logits) * sum(labels) - labels}, which is
     * TensorFlow's {@code softmax - labels} when each row of labels sums to 1 (TensorFlow's kernel returns
     * {@code softmax - labels} even when it does not; gradtape returns the true derivative). Gradient for labels:
     * {@code -logSoftmax(logits)}, as TensorFlow's current rule. A logit of {@code -inf} with a label of 0 gives a
     * loss of NaN ({@code 0 * inf}), as TensorFlow's kernel does, with a finite gradient; for masked logits use
     * {@link #sparseSoftmaxCrossEntropyWithLogits}, which takes the label's term alone.
     *
     * <pre>{@code
     * // logits [[4, 2, 1], [0, 5, 1]], labels [[1, 0, 0], [0, 0.8, 0.2]]
     * Tensor logits = constant(new float[] {4, 2, 1, 0, 5, 1}, 2, 3);
     * Tensor labels = constant(new float[] {1, 0, 0, 0, 0.8f, 0.2f}, 2, 3);
     * NN.softmaxCrossEntropyWithLogits(labels, logits);   // [0.16984604 0.82474494]
     * }</pre>
     *
     * @param labels a probability distribution per row, the shape and dtype of logits
     * @param logits unscaled log-probabilities, floating, rank >= 1
     * @return the losses, shape {@code logits.shape[:-1]}
     * @throws IllegalArgumentException if the shapes or dtypes differ
     */
    public static Tensor softmaxCrossEntropyWithLogits(Tensor labels, Tensor logits) {
        return Losses.softmaxCrossEntropyWithLogits(labels, logits);
    }

    /**
     * The cross entropy between integer class labels and {@code softmax(logits)}: {@code -logSoftmax(logits)}
     * at each label, one loss per example. Gradient for logits: {@code softmax(logits) - oneHot(labels)}. Only
     * the label's term is formed, as in TensorFlow's kernel, so a logit of {@code -inf} elsewhere (a mask) is
     * fine: logits {@code [0, -inf, 1]} with label 0 give {@code 1.3132616} and the gradient
     * {@code [-0.731, 0, 0.731]}.
     *
     * <pre>{@code
     * NN.sparseSoftmaxCrossEntropyWithLogits(constant(new int[] {0}, 1), constant(new float[] {0, 0}, 1, 2));   // [0.6931472]
     * }</pre>
     *
     * @param labels int32 or int64 class indices, shape {@code logits.shape[:-1]}, each in {@code [0, classes)}
     * @param logits unscaled log-probabilities, floating, rank >= 1
     * @return the losses, shape {@code logits.shape[:-1]}
     * @throws IllegalArgumentException if a label is out of range (as TensorFlow on CPU) or the shapes disagree
     */
    public static Tensor sparseSoftmaxCrossEntropyWithLogits(Tensor labels, Tensor logits) {
        return Losses.sparseSoftmaxCrossEntropyWithLogits(labels, logits);
    }

    /**
     * The elementwise logistic loss of {@code logits} against targets {@code labels} in [0, 1], TensorFlow's
     * stable form {@code max(x, 0) - x z + log(1 + e^(-|x|))} (x logits, z labels), with the pieces selected by
     * {@code where} as TensorFlow does, so the gradient is exactly {@code sigmoid(x) - z}, also at {@code x = 0}
     * and for {@code |x| = 1000}. Gradient for labels: {@code -x}.
     *
     * <pre>{@code
     * NN.sigmoidCrossEntropyWithLogits(constant(new float[] {1, 1, 1, 0, 0, 0}, 6),
     *     constant(new float[] {1, -1, 0, 1, -1, 0}, 6));   // [0.31 1.31 0.69 1.31 0.31 0.69]
     * }</pre>
     *
     * @param labels targets, the shape and dtype of logits
     * @param logits floating
     * @return the losses, the shape of logits
     * @throws IllegalArgumentException if the shapes or dtypes differ
     */
    public static Tensor sigmoidCrossEntropyWithLogits(Tensor labels, Tensor logits) {
        return Losses.sigmoidCrossEntropyWithLogits(labels, logits);
    }

    /**
     * The mean squared error over the last axis, one value per example (Keras' {@code mean_squared_error}):
     * {@code mean((yPred - yTrue)^2, -1)}; a scalar pair gives its squared difference. The shapes must be equal:
     * gradtape does not broadcast here, since {@code (n,)} against {@code (n, 1)} would silently give an
     * {@code (n, n)} error matrix.
     *
     * <pre>{@code
     * NN.meanSquaredError(constant(new float[] {0, 1}, 1, 2), constant(new float[] {1, 1}, 1, 2));   // [0.5]
     * }</pre>
     *
     * @param yTrue the targets
     * @param yPred the predictions, same shape and dtype
     * @return the losses, shape {@code yTrue.shape[:-1]}
     * @throws IllegalArgumentException if the shapes or dtypes differ
     */
    public static Tensor meanSquaredError(Tensor yTrue, Tensor yPred) {
        return Losses.meanSquaredError(yTrue, yPred);
    }

    /**
     * The connectionist temporal classification loss (Graves et al. 2006, "Connectionist Temporal Classification:
     * Labelling Unsegmented Sequence Data with Recurrent Neural Networks", ICML) of each example: {@code -log} of
     * the probability, under {@code softmax(logits)} at every frame, of all the alignments of its labels to its
     * frames (a label's run of frames, blanks between and around, a blank between two equal labels). As
     * TensorFlow's {@code tf.nn.ctc_loss} with dense labels and {@code logits_time_major=False}, which Keras 3's
     * {@code keras.ops.ctc_loss(target, output, target_length, output_length, mask_index)} calls: logits are
     * batch-major, softmax is applied here, and the blank is any class ({@code blankIndex}, Keras's
     * {@code mask_index}, usually 0; negative counts from the end).
     *
     * <p>Only the first {@code labelLength[b]} labels and {@code logitLength[b]} frames of example {@code b}
     * count. Labels past {@code labelLength} are padding (any value). A feasible example gets the exact CTC loss,
     * as PyTorch's {@code F.ctc_loss} and Keras 3 on JAX and PyTorch give. An example with fewer frames than its
     * labels need (its length plus one per repeated pair), or whose every alignment has probability 0 because of
     * {@code -inf} logits, has no alignment: there TensorFlow's dense loss weighs the alignments that end short by
     * {@code log(1e-307)} instead of {@code -inf}, and so does this op, giving a large finite loss (706.9 plus the
     * negative log-probability of those alignments) with a finite gradient, where PyTorch gives infinity. Labels of
     * length 0 give {@code -sum log softmax(blank)}; 0 frames give 0 for 0 labels and about 706.9 otherwise.
     *
     * <p><b>Deliberately unlike TensorFlow</b>, a feasible example's short endings are impossible, not weighted by
     * {@code log(1e-307)}. TensorFlow's weighting matters when the true alignments are more than about 707 nats less
     * likely than ending short (long label sequences): there TensorFlow's loss saturates near 706.9 and its gradient
     * almost vanishes, while this op returns the exact loss and gradient (for 100 labels in 400 frames that favour
     * the blank: 1278.14 here and in PyTorch, 706.89 in TensorFlow).
     *
     * <p>Gradient for logits: per example and frame {@code softmax - occupancy}, the posterior probability of each
     * class's states by the forward-backward algorithm, times the upstream gradient; 0 on frames past
     * {@code logitLength} (where TensorFlow's dense kernel returns the softmax, which is not the loss's
     * derivative). No gradient for the integer arguments. There is no second derivative: differentiating the
     * gradient again throws {@link IllegalStateException}, as TensorFlow refuses it; so does taking the gradient
     * while a {@link ForwardAccumulator} watches the logits (forward mode of the gradient is a second derivative).
     * Forward mode of the loss itself works. Computed in double precision
     * for both float32 and float64 (Keras on TensorFlow computes float64 logits in float32).
     *
     * <pre>{@code
     * // Keras's test (keras/src/ops/nn_test.py): [3.4411672, 1.91680186]
     * Tensor labels = constant(new int[] {1, 2, 1, 1, 2, 2}, 2, 3);
     * Tensor logits = constant(new float[] {0.4f, 0.8f, 0.4f, 0.2f, 0.8f, 0.3f, 0.9f, 0.4f, 0.5f,
     *         0.4f, 0.8f, 0.4f, 0.2f, 0.3f, 0.3f, 0.4f, 0.3f, 0.2f}, 2, 3, 3);
     * NN.ctcLoss(labels, logits, constant(new int[] {3, 2}, 2), constant(new int[] {3, 2}, 2), 0);
     * }</pre>
     *
     * @param labels      int32 or int64 class indices, shape {@code (batch, maxLabelLength)}; the first
     *                    {@code labelLength[b]} of row b must be classes other than the blank
     * @param logits      unnormalized log-probabilities, floating, shape {@code (batch, time, classes)}
     * @param labelLength int32 or int64, shape {@code (batch,)}, each in {@code [0, maxLabelLength]}
     * @param logitLength int32 or int64, shape {@code (batch,)}, each in {@code [0, time]}
     * @param blankIndex  the blank's class, in {@code [-classes, classes)}
     * @return the losses, shape {@code (batch,)}, logits' dtype
     * @throws IllegalArgumentException if a shape, dtype, length or label does not fit
     */
    public static Tensor ctcLoss(Tensor labels, Tensor logits, Tensor labelLength, Tensor logitLength, int blankIndex) {
        return io.gradtape.internal.ops.Ctc.loss(labels, logits, labelLength, logitLength, blankIndex);
    }

    // ------------------------------------------------------------------------------------ statistics

    /**
     * The mean and the (biased) variance of {@link #moments}.
     *
     * @param mean     the mean over the axes
     * @param variance the mean squared deviation from it
     */
    public record Moments(Tensor mean, Tensor variance) {
    }

    /**
     * TensorFlow's {@code tf.nn.moments(x, axes)}: the mean and the variance (divided by n, not n - 1) over
     * {@code axes}, which are removed: the mean with the axes kept, then
     * {@code reduceMean(squaredDifference(x, mean))}. Differentiable to any order. TensorFlow's nn_impl.py puts a
     * {@code stop_gradient} on the mean inside the variance; that leaves first derivatives as they are (the
     * variance's derivative through the mean sums to 0) but drops the mean's terms from second derivatives, so a
     * Hessian or a second-order JVP through {@code tf.nn.moments} is wrong. gradtape keeps the mean connected, so
     * every order is exact and the first derivative is TensorFlow's. Floating only (TensorFlow would give integer
     * tensors a truncated mean and variance); an empty axes array is refused, as by the reductions.
     *
     * <pre>{@code
     * Tensor x = constant(new float[] {1, 2, 3, 5}, 2, 2);
     * NN.Moments m = NN.moments(x, 0);   // mean [2. 3.5], variance [1. 2.25]
     * }</pre>
     *
     * @param x    floating input
     * @param axes distinct axes, negative from the end, at least one
     * @return the mean and variance, each of x's shape without {@code axes}
     * @throws IllegalArgumentException if x is not floating, or the axes are empty, repeated or out of range
     */
    public static Moments moments(Tensor x, int... axes) {
        return moments(x, false, axes);
    }

    /**
     * {@link #moments(Tensor, int...)} with the reduced axes kept as size 1 when {@code keepDims} (TensorFlow's
     * {@code keepdims}), ready to broadcast against {@code x}, as batch normalization uses them.
     *
     * <pre>{@code
     * Tensor x = constant(new float[] {1, 2, 3, 5}, 2, 2);
     * NN.Moments m = NN.moments(x, true, -1);   // mean [[1.5] [4.]], variance [[0.25] [1.]]
     * Tensor normalized = x.sub(m.mean()).div(sqrt(m.variance().add(1e-3)));
     * }</pre>
     *
     * @param x        floating input
     * @param keepDims keep the reduced axes as size 1
     * @param axes     distinct axes, negative from the end, at least one
     * @return the mean and variance
     * @throws IllegalArgumentException if x is not floating, or the axes are empty, repeated or out of range
     */
    public static Moments moments(Tensor x, boolean keepDims, int... axes) {
        java.util.Objects.requireNonNull(x, "moments: x is null");
        java.util.Objects.requireNonNull(axes, "moments: axes is null");
        ShapeRules.requireFloating("moments", x);
        if (axes.length == 0) {
            throw new IllegalArgumentException("moments: an empty axes array for shape " + x.shape() + "; TensorFlow's"
                    + " axes=[] reduces no axis, and gradtape refuses it as its reductions do: list the axes to reduce");
        }
        Tensor mean = Tensors.reduceMean(x, true, axes); // checks the axes before anything else is recorded
        // no stopGradient on the mean (TensorFlow has one): with it, second derivatives lose the mean's terms
        Tensor variance = Tensors.reduceMean(Tensors.squaredDifference(x, mean), keepDims, axes);
        return new Moments(keepDims ? mean : Tensors.squeeze(mean, axes), variance);
    }

    // ------------------------------------------------------------------------------------ convolution and pooling

    /**
     * 2-D convolution (cross-correlation, as TensorFlow's {@code conv2d}): {@code out[n, i, j, o] =
     * sum_{di, dj, c} in[n, i s_h + di d_h - pad_top, j s_w + dj d_w - pad_left, c] filter[di, dj, c, o]}, cells
     * outside the input being 0. Composed of pad, gather (im2col), reshape and matmul; see the class comment.
     * Gradients for input and filter, to any order.
     *
     * <pre>{@code
     * Tensor x = ones(DType.FLOAT32, 1, 5, 5, 1), w = ones(DType.FLOAT32, 3, 3, 1, 2);
     * Tensor y = NN.conv2d(x, w, new int[] {2}, "VALID");   // shape (1, 2, 2, 2)
     * }</pre>
     *
     * @param input   NHWC, floating
     * @param filters HWIO, same dtype; I must equal the input's channels
     * @param strides 1, 2 or 4 ints (see the class comment), each >= 1
     * @param padding {@code "SAME"} or {@code "VALID"}
     * @return NHWC with O channels
     * @throws IllegalArgumentException for wrong ranks, channel counts, strides or padding
     */
    public static Tensor conv2d(Tensor input, Tensor filters, int[] strides, String padding) {
        return conv2d(input, filters, strides, padding, new int[] {1});
    }

    /**
     * 2-D convolution with dilated (atrous) filters: filter cell {@code (di, dj)} reads the input at offset
     * {@code (di d_h, dj d_w)}. See {@link #conv2d(Tensor, Tensor, int[], String)}. Strides above 1 combine with
     * dilations above 1 ({@code out[i] = sum_k in[i s + k d]}), as {@code tf.nn.conv2d}, whose kernel checks only
     * that each is positive; the {@link io.gradtape.nn.Conv2D} layer refuses the pair, as Keras's.
     *
     * <pre>{@code
     * Tensor x = ones(DType.FLOAT32, 1, 7, 7, 1), w = ones(DType.FLOAT32, 3, 3, 1, 2);
     * NN.conv2d(x, w, new int[] {1}, "SAME", new int[] {2});   // a 3x3 filter spanning 5x5; shape (1, 7, 7, 2)
     * }</pre>
     *
     * @param input     NHWC, floating
     * @param filters   HWIO, same dtype
     * @param strides   1, 2 or 4 ints, each >= 1
     * @param padding   {@code "SAME"} or {@code "VALID"}
     * @param dilations 1, 2 or 4 ints, each >= 1
     * @return NHWC with O channels
     */
    public static Tensor conv2d(Tensor input, Tensor filters, int[] strides, String padding, int[] dilations) {
        return Convolutions.conv2d(input, filters, strides, padding, dilations);
    }

    /**
     * The transpose of {@link #conv2d} (TensorFlow's {@code conv2d_transpose}, sometimes called deconvolution):
     * the gradient of a conv2d with respect to its input, as a function of that gradient's seed. Each input cell
     * {@code in[n, i, j, c]}, times {@code filters[di, dj, o, c]}, is added into
     * {@code out[n, i s_h + di d_h - pad_top, j s_w + dj d_w - pad_left, o]} (cells that fall into the padding are
     * dropped). {@code outputShape} is the shape of the conv2d input this is the transpose for: a conv2d over that
     * shape by these filters, strides, padding and dilations must give the input's height and width, which TensorFlow
     * checks the same way ({@code Conv2DBackpropInput}); several output sizes can fit one input (with stride 2, rows
     * 7 and 8 both give 4), which is why it is given. The filters are {@code (kh, kw, out channels, in channels)}: the
     * same array as the filter of the conv2d that maps the output back to the input. Composed of a matmul and the
     * segment sum that is conv2d's patch gather transposed; gradients to any order: for the input a conv2d by the same
     * filters, for the filters the matmul's.
     *
     * <pre>{@code
     * Tensor x = ones(DType.FLOAT32, 1, 2, 2, 1), w = ones(DType.FLOAT32, 2, 2, 1, 1);
     * NN.conv2dTranspose(x, w, new int[] {1, 3, 3, 1}, new int[] {1}, "VALID");   // [[1, 2, 1], [2, 4, 2], [1, 2, 1]]
     * NN.conv2dTranspose(x, w, new int[] {1, 4, 4, 1}, new int[] {2}, "VALID");   // all ones: the windows do not overlap
     * }</pre>
     *
     * @param input       NHWC, floating: the shape of a conv2d's output
     * @param filters     {@code (kh, kw, out channels, in channels)}, same dtype; in channels must equal the input's
     * @param outputShape {@code (batch, height, width, out channels)}, or {@code (height, width)} with the batch of the
     *                    input and the channels of the filters
     * @param strides     1, 2 or 4 ints, each >= 1
     * @param padding     {@code "SAME"} or {@code "VALID"}
     * @return the result, of shape {@code outputShape}
     * @throws IllegalArgumentException for wrong ranks, dtypes, channel counts, strides or padding, or an
     *                                  {@code outputShape} whose conv2d does not give the input's shape
     */
    public static Tensor conv2dTranspose(Tensor input, Tensor filters, int[] outputShape, int[] strides, String padding) {
        return conv2dTranspose(input, filters, outputShape, strides, padding, new int[] {1});
    }

    /**
     * {@link #conv2dTranspose(Tensor, Tensor, int[], int[], String)} with dilated filters: filter cell
     * {@code (di, dj)} writes at offset {@code (di d_h, dj d_w)}, the transpose of the dilated
     * {@link #conv2d(Tensor, Tensor, int[], String, int[])}.
     *
     * <pre>{@code
     * Tensor x = ones(DType.FLOAT32, 1, 3, 3, 1), w = ones(DType.FLOAT32, 2, 2, 1, 1);
     * NN.conv2dTranspose(x, w, new int[] {1, 3, 3, 1}, new int[] {1}, "SAME", new int[] {2});   // shape (1, 3, 3, 1)
     * }</pre>
     *
     * @param input       NHWC, floating
     * @param filters     {@code (kh, kw, out channels, in channels)}, same dtype
     * @param outputShape 4 or 2 ints, as above
     * @param strides     1, 2 or 4 ints, each >= 1
     * @param padding     {@code "SAME"} or {@code "VALID"}
     * @param dilations   1, 2 or 4 ints, each >= 1
     * @return the result, of shape {@code outputShape}
     */
    public static Tensor conv2dTranspose(Tensor input, Tensor filters, int[] outputShape, int[] strides, String padding,
                                         int[] dilations) {
        return Convolutions.conv2dTranspose(input, filters, outputShape, strides, padding, dilations);
    }

    /**
     * Depthwise 2-D convolution, as TensorFlow's {@code tf.nn.depthwise_conv2d}: each input channel {@code c} is
     * convolved on its own by its {@code M} filters {@code filter[:, :, c, m]}, giving output channels
     * {@code c M + m}: {@code out[n, i, j, c M + m] = sum_{di, dj} in[n, i s_h + di d_h - pad_top,
     * j s_w + dj d_w - pad_left, c] filter[di, dj, c, m]}, cells outside the input being 0. No channel mixes with
     * another (the first half of a MobileNet separable block). Padding, strides (1, 2 or 4 ints) and dilations as
     * {@link #conv2d}. Strides above 1 combine with dilations above 1 by that formula, as {@link #conv2d} and Keras 3's
     * {@code ops.depthwise_conv} do; {@code tf.nn.depthwise_conv2d} documents the pair as unsupported. Composed of
     * gather, multiply and sum (see the class comment), so it has every derivative to any order.
     *
     * <pre>{@code
     * Tensor x = constant(new float[] {1, 2, 3, 4, 5, 6}, 1, 3, 2, 1);
     * Tensor w = constant(new float[] {1, 2, 3, 4}, 2, 1, 1, 2);     // depth multiplier 2
     * NN.depthwiseConv2d(x, w, new int[] {1}, "VALID");   // [[[[10, 14], [14, 20]], [[18, 26], [22, 32]]]]
     * }</pre>
     *
     * @param input   NHWC, floating
     * @param filters {@code (KH, KW, C, M)}, same dtype: C the input's channels, M the depth multiplier
     * @param strides 1, 2 or 4 ints, each >= 1
     * @param padding {@code "SAME"} or {@code "VALID"}
     * @return NHWC with {@code C * M} channels
     * @throws IllegalArgumentException for wrong ranks, dtypes, channel counts, strides or padding, naming the op and
     *                                  the shapes
     */
    public static Tensor depthwiseConv2d(Tensor input, Tensor filters, int[] strides, String padding) {
        return depthwiseConv2d(input, filters, strides, padding, new int[] {1});
    }

    /**
     * {@link #depthwiseConv2d(Tensor, Tensor, int[], String)} with dilated (atrous) filters: filter cell
     * {@code (di, dj)} reads the input at offset {@code (di d_h, dj d_w)}.
     *
     * <pre>{@code
     * Tensor x = ones(DType.FLOAT32, 1, 7, 7, 3), w = ones(DType.FLOAT32, 3, 3, 3, 1);
     * NN.depthwiseConv2d(x, w, new int[] {1}, "VALID", new int[] {2}).shape();   // spans 5x5: (1, 3, 3, 3)
     * }</pre>
     *
     * @param input     NHWC, floating
     * @param filters   {@code (KH, KW, C, M)}, same dtype
     * @param strides   1, 2 or 4 ints, each >= 1
     * @param padding   {@code "SAME"} or {@code "VALID"}
     * @param dilations 1, 2 or 4 ints, each >= 1
     * @return NHWC with {@code C * M} channels
     * @throws IllegalArgumentException as {@link #depthwiseConv2d(Tensor, Tensor, int[], String)}, or for a dilation
     *                                  below 1
     */
    public static Tensor depthwiseConv2d(Tensor input, Tensor filters, int[] strides, String padding, int[] dilations) {
        return Convolutions.depthwiseConv2d(input, filters, strides, padding, dilations);
    }

    /**
     * Depthwise separable 2-D convolution, as TensorFlow's {@code tf.nn.separable_conv2d}: a
     * {@link #depthwiseConv2d} by {@code depthwiseFilters} (with these strides, padding and dilations), then a 1x1
     * {@link #conv2d} by {@code pointwiseFilters} that mixes the channels: {@code out[n, i, j, o] = sum_{di, dj, c, m}
     * in[n, ., ., c] depthwise[di, dj, c, m] pointwise[0, 0, c M + m, o]}. It costs {@code KH KW C M + C M O}
     * multiplications per position where a {@link #conv2d} costs {@code KH KW C O} (Chollet, "Xception: Deep Learning
     * with Depthwise Separable Convolutions", CVPR 2017; Howard et al., "MobileNets", arXiv:1704.04861, 2017).
     *
     * <pre>{@code
     * Tensor x = ones(DType.FLOAT32, 2, 8, 8, 3);
     * Tensor dw = ones(DType.FLOAT32, 3, 3, 3, 2), pw = ones(DType.FLOAT32, 1, 1, 6, 16);
     * NN.separableConv2d(x, dw, pw, new int[] {2}, "SAME").shape();   // (2, 4, 4, 16)
     * }</pre>
     *
     * @param input            NHWC, floating
     * @param depthwiseFilters {@code (KH, KW, C, M)}, same dtype
     * @param pointwiseFilters {@code (1, 1, C*M, O)}, same dtype
     * @param strides          the depthwise step's: 1, 2 or 4 ints, each >= 1
     * @param padding          the depthwise step's: {@code "SAME"} or {@code "VALID"}
     * @return NHWC with O channels
     * @throws IllegalArgumentException as {@link #depthwiseConv2d(Tensor, Tensor, int[], String)}, or if the pointwise
     *                                  filters are not {@code (1, 1, C*M, O)}
     */
    public static Tensor separableConv2d(Tensor input, Tensor depthwiseFilters, Tensor pointwiseFilters, int[] strides,
                                         String padding) {
        return separableConv2d(input, depthwiseFilters, pointwiseFilters, strides, padding, new int[] {1});
    }

    /**
     * {@link #separableConv2d(Tensor, Tensor, Tensor, int[], String)} with a dilated depthwise step.
     *
     * <pre>{@code
     * Tensor x = ones(DType.FLOAT32, 1, 9, 9, 4);
     * Tensor dw = ones(DType.FLOAT32, 3, 3, 4, 1), pw = ones(DType.FLOAT32, 1, 1, 4, 8);
     * NN.separableConv2d(x, dw, pw, new int[] {1}, "SAME", new int[] {2}).shape();   // (1, 9, 9, 8)
     * }</pre>
     *
     * @param input            NHWC, floating
     * @param depthwiseFilters {@code (KH, KW, C, M)}, same dtype
     * @param pointwiseFilters {@code (1, 1, C*M, O)}, same dtype
     * @param strides          1, 2 or 4 ints, each >= 1
     * @param padding          {@code "SAME"} or {@code "VALID"}
     * @param dilations        1, 2 or 4 ints, each >= 1
     * @return NHWC with O channels
     * @throws IllegalArgumentException as {@link #separableConv2d(Tensor, Tensor, Tensor, int[], String)}
     */
    public static Tensor separableConv2d(Tensor input, Tensor depthwiseFilters, Tensor pointwiseFilters, int[] strides,
                                         String padding, int[] dilations) {
        return Convolutions.separableConv2d(input, depthwiseFilters, pointwiseFilters, strides, padding, dilations);
    }

    /**
     * Max pooling over {@code ksize} windows of NHWC images (TensorFlow's {@code max_pool2d}); padding cells
     * never win. Gradient: each window's {@code g} goes to one element, its maximum, and at a tie to the first
     * in row-major window order, as TensorFlow's {@code max_pool} ([1, 0, 0] for three equal values; unlike
     * {@link Tensors#reduceMax}, which shares). A window whose real cells are all -inf gives -inf and its
     * gradient to its first real cell, never to padding. Composed of argmax over the window and one gather.
     *
     * <p>NaN: a window holding a NaN gives NaN, and its gradient goes to its first NaN (NumPy's and PyTorch's
     * rule, so a NaN is not hidden). This is a deliberate difference: TensorFlow's CPU kernel
     * ({@code pooling_ops_common.h}, {@code SpatialMaxPool}: a running {@code cwiseMax} from the dtype's lowest
     * value) skips NaNs, giving the largest other value, or {@code -MAX_VALUE} for a window of NaNs only.
     *
     * <pre>{@code
     * NN.maxPool2d(constant(new float[] {1, 2, 3, 4}, 1, 2, 2, 1), new int[] {2}, new int[] {2}, "VALID");   // [[[[4.]]]]
     * }</pre>
     *
     * @param input   NHWC, floating
     * @param ksize   window size: 1, 2 or 4 ints
     * @param strides 1, 2 or 4 ints, each >= 1
     * @param padding {@code "SAME"} or {@code "VALID"}
     * @return NHWC pooled
     */
    public static Tensor maxPool2d(Tensor input, int[] ksize, int[] strides, String padding) {
        return Convolutions.maxPool2d(input, ksize, strides, padding);
    }

    /**
     * Average pooling over {@code ksize} windows of NHWC images (TensorFlow's {@code avg_pool2d}); with
     * {@code "SAME"} each window's sum is divided by its number of real cells, padding excluded, as TensorFlow.
     * Gradient: {@code g / count} to every cell of the window.
     *
     * <pre>{@code
     * NN.avgPool2d(constant(new float[] {1, 2, 3, 4}, 1, 2, 2, 1), new int[] {2}, new int[] {2}, "VALID");   // [[[[2.5]]]]
     * }</pre>
     *
     * @param input   NHWC, floating
     * @param ksize   window size: 1, 2 or 4 ints
     * @param strides 1, 2 or 4 ints, each >= 1
     * @param padding {@code "SAME"} or {@code "VALID"}
     * @return NHWC pooled
     */
    public static Tensor avgPool2d(Tensor input, int[] ksize, int[] strides, String padding) {
        return Convolutions.avgPool2d(input, ksize, strides, padding);
    }

    // ------------------------------------------------------------------------------------ attention

    /**
     * Scaled dot-product attention (Vaswani et al., "Attention Is All You Need", 2017), Keras 3's
     * {@code keras.ops.dot_product_attention(query, key, value)}: {@code softmax(q k^T / sqrt(H)) v} per batch and
     * head. See {@link #dotProductAttention(Tensor, Tensor, Tensor, Tensor, Tensor, double, boolean)} for the layout
     * and the masks.
     *
     * <pre>{@code
     * Tensor q = ones(DType.FLOAT32, 2, 4, 8, 16), kv = ones(DType.FLOAT32, 2, 6, 8, 16);
     * NN.dotProductAttention(q, kv, kv).shape();   // (2, 4, 8, 16)
     * }</pre>
     *
     * @param query {@code (B, T, N, H)}, floating
     * @param key   {@code (B, S, N, H)}, query's dtype
     * @param value {@code (B, S, N, Hv)}, query's dtype
     * @return {@code (B, T, N, Hv)}
     * @throws IllegalArgumentException if a rank is not 4, the shared sizes differ, or the dtypes differ or are not
     *                                  floating
     */
    public static Tensor dotProductAttention(Tensor query, Tensor key, Tensor value) {
        return dotProductAttention(query, key, value, null, false);
    }

    /**
     * Scaled dot-product attention with a boolean mask and/or a causal mask, scale {@code 1 / sqrt(H)}: Keras's
     * {@code dot_product_attention(query, key, value, mask=mask, is_causal=causal)}. See
     * {@link #dotProductAttention(Tensor, Tensor, Tensor, Tensor, Tensor, double, boolean)}.
     *
     * <pre>{@code
     * Tensor x = ones(DType.FLOAT32, 1, 3, 2, 4);
     * Tensor y = NN.dotProductAttention(x, x, x, null, true);   // each position attends to itself and earlier ones
     * }</pre>
     *
     * @param query  {@code (B, T, N, H)}, floating
     * @param key    {@code (B, S, N, H)}, query's dtype
     * @param value  {@code (B, S, N, Hv)}, query's dtype
     * @param mask   null, or broadcastable to {@code (B, N, T, S)}: true (nonzero) where a query attends to a key
     * @param causal whether query {@code i} is kept from keys {@code j > i}
     * @return {@code (B, T, N, Hv)}
     * @throws IllegalArgumentException if a rank is not 4, the shared sizes differ, the dtypes differ or are not
     *                                  floating, or the mask does not broadcast to {@code (B, N, T, S)}
     */
    public static Tensor dotProductAttention(Tensor query, Tensor key, Tensor value, Tensor mask, boolean causal) {
        java.util.Objects.requireNonNull(key, "dotProductAttention: key is null");
        // a wrong rank is refused by the full form; with H = 0 the logits are empty sums, 0 at any finite scale
        // (TensorFlow's 1 / sqrt(0) would make them 0 * inf = NaN)
        int h = key.rank() == 4 ? key.shape().dim(3) : 1;
        return dotProductAttention(query, key, value, null, mask, h == 0 ? 1 : 1 / Math.sqrt(h), causal);
    }

    /**
     * Scaled dot-product attention, Keras 3's {@code keras.ops.dot_product_attention(query, key, value, bias, mask,
     * scale, is_causal)} (keras/src/ops/nn.py; the TensorFlow backend's {@code _dot_product_attention_xla} and
     * {@code _apply_masks} in keras/src/backend/tensorflow/nn.py): per batch {@code b} and head {@code n},
     * <pre>
     * logits[b, n, t, s] = scale * sum_h query[b, t, n, h] key[b, s, n, h] + bias[b, n, t, s]
     * logits[b, n, t, s] = -0.7 * 3.38953e38   where mask[b, n, t, s] is false, or causal and s &gt; t
     * out[b, t, n, :]    = sum_s softmax_s(logits)[b, n, t, s] value[b, s, n, :]
     * </pre>
     * The layout is Keras's {@code (batch, sequence, heads, head size)}. The causal mask is top-left aligned
     * ({@code band_part(ones(T, S), -1, 0)}), so with {@code T < S} query {@code i} sees keys {@code 0..i}.
     * Masks are applied by replacing the logit, not by adding to it, so a masked key gets exactly weight 0 and no
     * gradient. A query whose keys are <b>all</b> masked gets equal logits, so uniform weights: its output is the
     * mean of the values over all {@code S} keys, as in Keras's op. (Keras's {@code MultiHeadAttention} with
     * {@code return_attention_scores} goes through its {@code Softmax} layer (layers/activations/softmax.py): since
     * Keras 3.13 (keras-team/keras#21850) that replaces masked logits with {@code -1e9}, uniform weights here too;
     * up to Keras 3.12 it added {@code -1e9} to them, which in float32 also gives uniform weights for scores below 32
     * in magnitude but in float64 keeps the raw scores' softmax. PyTorch's masked attention gives NaN there.)
     * Composed of transpose, matmul, mul, add, where
     * and softmax, so differentiable to any order and in forward mode; the mask and the causal pattern are
     * constants.
     *
     * <pre>{@code
     * Tensor q = ones(DType.FLOAT64, 2, 3, 4, 8), kv = ones(DType.FLOAT64, 2, 5, 4, 8);
     * // padding: the last two keys of the second example are not attended to
     * Tensor keep = constant(new boolean[] {true, true, true, true, true, true, true, true, false, false}, 2, 1, 1, 5);
     * Tensor y = NN.dotProductAttention(q, kv, kv, null, keep, 1 / Math.sqrt(8), false);   // (2, 3, 4, 8)
     * }</pre>
     *
     * @param query  {@code (B, T, N, H)}, floating
     * @param key    {@code (B, S, N, H)}, query's dtype
     * @param value  {@code (B, S, N, Hv)}, query's dtype
     * @param bias   null, or an additive bias of query's dtype broadcastable to {@code (B, N, T, S)}
     * @param mask   null, or broadcastable to {@code (B, N, T, S)}: BOOL, true where a query attends to a key, or
     *               numbers, nonzero there (cast to BOOL, as Keras's {@code MultiHeadAttention} casts its mask)
     * @param scale  the factor of the logits, finite; Keras's default is {@code 1 / sqrt(H)}
     * @param causal whether query {@code i} is kept from keys {@code j > i}
     * @return {@code (B, T, N, Hv)}
     * @throws IllegalArgumentException if a rank is not 4, the shared sizes differ, the dtypes differ or are not
     *                                  floating, the bias or mask does not broadcast to {@code (B, N, T, S)}, or the
     *                                  scale is not finite
     */
    public static Tensor dotProductAttention(Tensor query, Tensor key, Tensor value, Tensor bias, Tensor mask,
                                             double scale, boolean causal) {
        String op = "dotProductAttention";
        java.util.Objects.requireNonNull(value, "dotProductAttention: value is null");   // query and key: below
        return Attention.combine(Attention.probabilities(op, query, key, value, bias, mask, scale, causal), value);
    }

    /**
     * The attention weights of {@link #dotProductAttention(Tensor, Tensor, Tensor, Tensor, Tensor, double, boolean)}
     * before they multiply the values: {@code softmax_s(scale q k^T + bias)} with the masks applied, shape
     * {@code (B, N, T, S)}, each row summing to 1 (a fully masked row is uniform). This is what Keras's
     * {@code MultiHeadAttention} returns as {@code attention_scores}; to finish the attention (after dropout on the
     * weights, say), {@code transpose(matmul(weights, transpose(value, 0, 2, 1, 3)), 0, 2, 1, 3)}. Differentiable to
     * any order.
     *
     * <pre>{@code
     * Tensor x = ones(DType.FLOAT32, 1, 3, 1, 2);
     * NN.dotProductAttentionWeights(x, x, null, null, 1, true);   // [[[[1 0 0] [0.5 0.5 0] [1/3 1/3 1/3]]]]
     * }</pre>
     *
     * @param query  {@code (B, T, N, H)}, floating
     * @param key    {@code (B, S, N, H)}, query's dtype
     * @param bias   null, or an additive bias of query's dtype broadcastable to {@code (B, N, T, S)}
     * @param mask   null, or broadcastable to {@code (B, N, T, S)}: true (nonzero) where a query attends to a key
     * @param scale  the factor of the logits, finite
     * @param causal whether query {@code i} is kept from keys {@code j > i}
     * @return {@code (B, N, T, S)}
     * @throws IllegalArgumentException if a rank is not 4, the shared sizes differ, the dtypes differ or are not
     *                                  floating, the bias or mask does not broadcast to {@code (B, N, T, S)}, or the
     *                                  scale is not finite
     */
    public static Tensor dotProductAttentionWeights(Tensor query, Tensor key, Tensor bias, Tensor mask, double scale,
                                                    boolean causal) {
        return Attention.probabilities("dotProductAttentionWeights", query, key, null, bias, mask, scale, causal);
    }

    /**
     * 1-D convolution over NWC sequences (TensorFlow's {@code tf.nn.conv1d} with {@code data_format="NWC"}):
     * {@code out[n, i, o] = sum_{k, c} in[n, i s + k - pad_left, c] filters[k, c, o]}, steps outside the input being
     * 0. The output has {@code ceil(w / s)} steps with {@code "SAME"} (padding {@code max((out - 1) s + k - w, 0)},
     * the smaller half on the left) and {@code floor((w - k) / s) + 1} with {@code "VALID"}. Computed as TensorFlow
     * computes it: {@link #conv2d} over a one-row image (the input expanded at axis 1, the filters at axis 0) and
     * squeezed, so it has conv2d's gradients for input and filters, to any order, and its forward mode. For Keras's
     * {@code padding="causal"} see {@link io.gradtape.nn.Conv1D}.
     *
     * <pre>{@code
     * Tensor x = ones(DType.FLOAT32, 2, 10, 4), w = ones(DType.FLOAT32, 3, 4, 8);
     * NN.conv1d(x, w, 1, "VALID").shape();   // (2, 8, 8)
     * NN.conv1d(x, w, 2, "SAME").shape();    // (2, 5, 8)
     * }</pre>
     *
     * @param input   {@code (batch, steps, channels)}, floating
     * @param filters {@code (width, in channels, out channels)}, same dtype; in channels must equal the input's
     * @param stride  >= 1
     * @param padding {@code "SAME"} or {@code "VALID"}
     * @return {@code (batch, out steps, out channels)}
     * @throws IllegalArgumentException for wrong ranks, dtypes or channel counts, a stride below 1, another padding,
     *                                  or with {@code "VALID"} filters wider than the input
     */
    public static Tensor conv1d(Tensor input, Tensor filters, int stride, String padding) {
        return conv1d(input, filters, stride, padding, 1);
    }

    /**
     * {@link #conv1d(Tensor, Tensor, int, String)} with a dilated filter: filter tap {@code k} reads the input at
     * offset {@code k d}, so a width-{@code k} filter spans {@code (k - 1) d + 1} steps ({@code tf.nn.conv1d}'s
     * {@code dilations}). As {@code tf.nn.conv1d}, a stride and a dilation both above 1 are accepted
     * ({@code out[i] = sum_k in[i s + k d]}); the {@link io.gradtape.nn.Conv1D} layer refuses the pair, as Keras's.
     *
     * <pre>{@code
     * Tensor x = ones(DType.FLOAT32, 1, 9, 1), w = ones(DType.FLOAT32, 3, 1, 1);
     * NN.conv1d(x, w, 1, "VALID", 2).shape();   // spans 5 steps: (1, 5, 1)
     * }</pre>
     *
     * @param input    {@code (batch, steps, channels)}, floating
     * @param filters  {@code (width, in channels, out channels)}, same dtype
     * @param stride   >= 1
     * @param padding  {@code "SAME"} or {@code "VALID"}
     * @param dilation >= 1
     * @return {@code (batch, out steps, out channels)}
     * @throws IllegalArgumentException as {@link #conv1d(Tensor, Tensor, int, String)}, or for a dilation below 1
     */
    public static Tensor conv1d(Tensor input, Tensor filters, int stride, String padding, int dilation) {
        return Convolutions.conv1d(input, filters, stride, padding, dilation);
    }

    /**
     * Max pooling over windows of {@code ksize} steps of NWC sequences (TensorFlow's {@code tf.nn.max_pool1d}):
     * {@link #maxPool2d} over a one-row image, whose rules it keeps (padding never wins; the gradient goes to each
     * window's first maximum; a NaN wins).
     *
     * <pre>{@code
     * NN.maxPool1d(constant(new float[] {1, 3, 2, 5}, 1, 4, 1), 2, 2, "VALID");   // [[[3], [5]]]
     * }</pre>
     *
     * @param input   {@code (batch, steps, channels)}, floating
     * @param ksize   the window's steps, >= 1
     * @param stride  >= 1
     * @param padding {@code "SAME"} or {@code "VALID"}
     * @return {@code (batch, out steps, channels)}, out steps as {@link #conv1d(Tensor, Tensor, int, String)}'s
     * @throws IllegalArgumentException for a wrong rank or dtype, a size or stride below 1, another padding, or with
     *                                  {@code "VALID"} a window wider than the input
     */
    public static Tensor maxPool1d(Tensor input, int ksize, int stride, String padding) {
        return Convolutions.maxPool1d(input, ksize, stride, padding);
    }

    /**
     * Average pooling over windows of {@code ksize} steps of NWC sequences (TensorFlow's {@code tf.nn.avg_pool1d}):
     * {@link #avgPool2d} over a one-row image, so with {@code "SAME"} a window reaching into the padding divides by
     * its real steps only. Gradient: {@code g / count} to every real step of each window.
     *
     * <pre>{@code
     * NN.avgPool1d(constant(new float[] {1, 3, 2, 5}, 1, 4, 1), 2, 2, "VALID");   // [[[2], [3.5]]]
     * }</pre>
     *
     * @param input   {@code (batch, steps, channels)}, floating
     * @param ksize   the window's steps, >= 1
     * @param stride  >= 1
     * @param padding {@code "SAME"} or {@code "VALID"}
     * @return {@code (batch, out steps, channels)}
     * @throws IllegalArgumentException as {@link #maxPool1d}
     */
    public static Tensor avgPool1d(Tensor input, int ksize, int stride, String padding) {
        return Convolutions.avgPool1d(input, ksize, stride, padding);
    }

    /**
     * The geometry of a sliding window over NHWC images: output size, padding, and for every output position
     * and window cell the cell's row-major offset in the padded image ({@code cellIndex}) and whether it is a
     * real cell or padding ({@code real}).
     */
}
