package io.gradtape.ops;

import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.OpCase.op;
import static io.gradtape.ops.OpCase.s;
import static io.gradtape.ops.OpCase.unary;
import static io.gradtape.ops.Rows.*;

/**
 * The op table's rows for neural-network ops ({@code NN} and the softmaxes of {@code Tensors}): softmax and
 * logSoftmax along an axis, activations (also at 0, where they switch branches, and at {@code |x| ~ 1000}), the
 * four losses (also with logits of 1000), {@code conv2d} and {@code conv2dTranspose} (padding, strides, dilations,
 * batches, channels), {@code depthwiseConv2d} and {@code separableConv2d} (also depth multipliers above 1), max and average pooling, their 1-D forms {@code conv1d}, {@code maxPool1d} and
 * {@code avgPool1d}, and dot-product attention (masks, causal, bias). Sparse labels are constants of the row.
 * References are plain loops over {@link NdArray} and
 * {@link LibraryReference}, never gradtape.
 */
public final class NnOpCases {
    private NnOpCases() {
    }

    /** Every case of this family. */
    public static List<OpCase> cases() {
        List<OpCase.Builder> t = new ArrayList<>();
        for (int[][] sa : new int[][][] {{s(5), s(0)}, {s(3, 4), s(-1)}, {s(3, 4), s(0)}, {s(2, 3, 4), s(1)}}) {
            int axis = sa[1][0];
            t.add(op("softmax", in -> softmax(in.get(0), axis), in -> NdArray.softmax(in.get(0), axis))
                    .variant("axis=" + axis).shapes(sa[0]));
            t.add(op("logSoftmax", in -> logSoftmax(in.get(0), axis), in -> NdArray.logSoftmax(in.get(0), axis))
                    .variant("axis=" + axis).shapes(sa[0]));
        }
        t.add(op("softmax", in -> softmax(in.get(0), -1), in -> NdArray.softmax(in.get(0), -1)).variant("empty axis=-1")
                .shapes(s(0, 3)));
        t.add(op("logSoftmax", in -> logSoftmax(in.get(0), -1), in -> NdArray.logSoftmax(in.get(0), -1)).variant("empty")
                .shapes(s(0, 3)).shapes(s(3, 0)));
        t.add(op("logSoftmax", in -> logSoftmax(in.get(0), -1), in -> NdArray.logSoftmax(in.get(0), -1)).variant("|x|~1000")
                .generator(large(995, 1000)).shapes(s(3, 4)));

        t.add(unary("NN.relu", NN::relu, x -> Math.max(x, 0)).avoid(0).shapes(s(3, 4)));
        t.add(unary("NN.sigmoid", NN::sigmoid, LibraryReference::sigmoid).domain(-4, 4).shapes(s(3, 4)));
        t.add(op("NN.softmax", in -> NN.softmax(in.get(0)), in -> NdArray.softmax(in.get(0), -1)).shapes(s(3, 4)).shapes(s(2, 3, 4)));
        t.add(op("NN.logSoftmax", in -> NN.logSoftmax(in.get(0)), in -> NdArray.logSoftmax(in.get(0), -1)).shapes(s(3, 4)));
        t.add(unary("softplus", NN::softplus, LibraryReference::softplus).domain(-5, 5));
        t.add(unary("softplus", NN::softplus, LibraryReference::softplus).variant("|x|~1000").generator(large(995, 1000))
                .shapes(s(3, 4)));
        t.add(unary("leakyRelu", NN::leakyRelu, x -> x > 0 ? x : 0.2 * x).variant("alpha=0.2").avoid(0));
        t.add(unary("leakyRelu", x -> NN.leakyRelu(x, 0.1), x -> x > 0 ? x : 0.1 * x).variant("alpha=0.1").avoid(0)
                .shapes(s(3, 4)));
        t.add(unary("elu", NN::elu, LibraryReference::elu).domain(-4, 3).avoid(0));
        t.add(unary("elu", NN::elu, LibraryReference::elu).variant("|x|~1000").generator(large(995, 1000)).shapes(s(3, 4)));
        t.add(unary("selu", NN::selu, LibraryReference::selu).domain(-4, 3).avoid(0));
        t.add(unary("gelu", NN::gelu, LibraryReference::gelu).variant("exact").domain(-4, 4));
        t.add(unary("gelu", x -> NN.gelu(x, false), LibraryReference::gelu).variant("approximate=false").shapes(s(3, 4)));
        t.add(unary("gelu", x -> NN.gelu(x, true), LibraryReference::geluTanh).variant("approximate=true").domain(-4, 4));
        t.add(unary("swish", NN::swish, x -> x * LibraryReference.sigmoid(x)).domain(-5, 5));
        t.add(unary("logSigmoid", NN::logSigmoid, x -> -LibraryReference.softplus(-x)).domain(-5, 5));
        t.add(unary("logSigmoid", NN::logSigmoid, x -> -LibraryReference.softplus(-x)).variant("|x|~1000")
                .generator(large(995, 1000)).shapes(s(3, 4)));
        // softsign: the second derivative jumps at 0 (-2 sign(x) / (1 + |x|)^3)
        t.add(unary("softsign", NN::softsign, x -> x / (1 + Math.abs(x))).avoid(0));
        t.add(unary("softsign", NN::softsign, x -> x / (1 + Math.abs(x))).variant("|x|~1000")
                .generator(large(995, 1000)).shapes(s(3, 4)));
        t.add(unary("relu6", NN::relu6, x -> Math.min(Math.max(x, 0), 6)).domain(-2, 8).avoid(0).avoid(6));
        t.add(unary("hardSigmoid", NN::hardSigmoid, x -> Math.min(Math.max(x + 3, 0), 6) / 6).domain(-5, 5)
                .avoid(-3).avoid(3));
        t.add(unary("NN.sigmoid", NN::sigmoid, LibraryReference::sigmoid).variant("|x|~1000").generator(large(995, 1000)).shapes(s(3, 4)));
        t.add(unary("leakyRelu", NN::leakyRelu, x -> x > 0 ? x : 0.2 * x).variant("alpha=0.2 |x|~1000").generator(large(995, 1000))
                .shapes(s(3, 4)));
        t.add(unary("selu", NN::selu, LibraryReference::selu).variant("|x|~1000").generator(large(995, 1000)).shapes(s(3, 4)));
        t.add(unary("gelu", NN::gelu, LibraryReference::gelu).variant("exact |x|~1000").generator(large(995, 1000)).shapes(s(3, 4)));
        t.add(unary("gelu", x -> NN.gelu(x, true), LibraryReference::geluTanh).variant("approximate=true |x|~1000")
                .generator(large(995, 1000)).shapes(s(3, 4)));
        t.add(unary("swish", NN::swish, x -> x * LibraryReference.sigmoid(x)).variant("|x|~1000").generator(large(995, 1000))
                .shapes(s(3, 4)));

        // softmax cross entropy: labels need not sum to 1 (the true derivative); both inputs differentiated
        t.add(op("softmaxCrossEntropyWithLogits", in -> NN.softmaxCrossEntropyWithLogits(in.get(0), in.get(1)),
                in -> LibraryReference.softmaxCrossEntropy(in.get(0), in.get(1)))
                .domain(0, 0, 1).shapes(s(3, 4), s(3, 4)).shapes(s(5), s(5)).shapes(s(2, 3, 4), s(2, 3, 4)));
        t.add(op("softmaxCrossEntropyWithLogits", in -> NN.softmaxCrossEntropyWithLogits(in.get(0), in.get(1)),
                in -> LibraryReference.softmaxCrossEntropy(in.get(0), in.get(1)))
                .variant("logits~1000").domain(0, 0, 1).domain(1, -1000, 1000).shapes(s(3, 4), s(3, 4)));
        // sparse: integer labels are constants of the row
        t.add(sparse(new int[] {2, 0, 3}, s(3), false).shapes(s(3, 4)));
        t.add(sparse(new int[] {0, 3, 1, 1, 2, 3}, s(2, 3), false).shapes(s(2, 3, 4)));
        t.add(sparse(new int[] {4}, s(), false).shapes(s(5)));
        t.add(sparse(new int[] {3, 1, 0}, s(3), true).shapes(s(3, 4)));
        t.add(sparse(new int[] {1, 0}, s(2), false).variant("labels=[1, 0] logits~1000").domain(-1000, 1000).shapes(s(2, 3)));
        t.add(op("sigmoidCrossEntropyWithLogits", in -> NN.sigmoidCrossEntropyWithLogits(in.get(0), in.get(1)),
                in -> NdArray.zip(in.get(0), in.get(1), LibraryReference::sigmoidCrossEntropy))
                .domain(0, 0, 1).domain(1, -4, 4).shapes(s(3, 4), s(3, 4)).shapes(s(), s()));
        t.add(op("sigmoidCrossEntropyWithLogits", in -> NN.sigmoidCrossEntropyWithLogits(in.get(0), in.get(1)),
                in -> NdArray.zip(in.get(0), in.get(1), LibraryReference::sigmoidCrossEntropy))
                .variant("|logits|~1000").domain(0, 0, 1).generator(largeSecond(995, 1000)).shapes(s(3, 4), s(3, 4)));
        t.add(op("meanSquaredError", in -> NN.meanSquaredError(in.get(0), in.get(1)),
                in -> LibraryReference.meanSquaredError(in.get(0), in.get(1)))
                .shapes(s(3, 4), s(3, 4)).shapes(s(5), s(5)).shapes(s(), s()).shapes(s(2, 3, 4), s(2, 3, 4)));

        t.add(conv(s(1), "VALID", s(1), 1, 1, 1, 1).shapes(s(1, 5, 5, 2), s(3, 3, 2, 2)));
        t.add(conv(s(1), "SAME", s(1), 1, 1, 1, 1).shapes(s(1, 4, 4, 2), s(3, 3, 2, 3)));
        t.add(conv(s(2), "SAME", s(1), 2, 2, 1, 1).shapes(s(2, 5, 5, 1), s(3, 3, 1, 2)));
        t.add(conv(s(2, 1), "SAME", s(1), 2, 1, 1, 1).shapes(s(1, 4, 5, 2), s(2, 3, 2, 1)));
        t.add(conv(s(1, 2, 2, 1), "VALID", s(1), 2, 2, 1, 1).shapes(s(1, 6, 6, 1), s(2, 2, 1, 2)));
        t.add(conv(s(1), "SAME", s(2), 1, 1, 2, 2).shapes(s(1, 5, 5, 1), s(2, 2, 1, 1)));
        t.add(conv(s(1), "VALID", s(1, 2), 1, 1, 1, 2).shapes(s(1, 4, 6, 1), s(2, 2, 1, 1)));
        t.add(conv(s(1), "SAME", s(1), 1, 1, 1, 1).variant("SAME strides=[1] odd padding").shapes(s(1, 5, 4, 2), s(2, 2, 2, 2)));
        t.add(conv(s(2), "SAME", s(1), 2, 2, 1, 1).variant("SAME strides=[2] odd padding").shapes(s(2, 6, 6, 1), s(3, 3, 1, 2)));
        t.add(conv(s(1), "SAME", s(1), 1, 1, 1, 1).variant("SAME strides=[1] kernel > input").shapes(s(1, 2, 2, 1), s(3, 3, 1, 1)));
        t.add(conv(s(3), "VALID", s(1), 3, 3, 1, 1).variant("VALID strides=[3] > kernel").shapes(s(1, 5, 5, 1), s(2, 2, 1, 2)));
        t.add(conv(s(1), "VALID", s(1), 1, 1, 1, 1).variant("VALID 1x1").shapes(s(2, 2, 3, 3), s(1, 1, 3, 2)));
        t.add(conv(s(2), "SAME", s(2), 2, 2, 2, 2).shapes(s(1, 7, 7, 1), s(2, 2, 1, 1)));
        // batches of two, several channels in and out (formerly LibraryOpsTest's second conv2d reference)
        t.add(conv(s(1, 1), "SAME", s(1), 1, 1, 1, 1).variant("SAME batch 2").shapes(s(2, 5, 6, 2), s(3, 3, 2, 3)));
        t.add(conv(s(2, 2), "SAME", s(1), 2, 2, 1, 1).variant("SAME strides=[2, 2] batch 2").shapes(s(2, 5, 6, 2), s(3, 2, 2, 2)));
        t.add(conv(s(2, 1), "VALID", s(1), 2, 1, 1, 1).variant("VALID strides=[2, 1] batch 2").shapes(s(2, 7, 5, 1), s(3, 3, 1, 2)));
        t.add(conv(s(1), "SAME", s(2, 2), 1, 1, 2, 2).variant("SAME dilations=[2, 2] batch 2").shapes(s(2, 7, 7, 2), s(2, 3, 2, 1)));
        t.add(conv(s(3, 2), "VALID", s(1), 3, 2, 1, 1).variant("VALID strides=[3, 2] batch 2").shapes(s(2, 6, 6, 3), s(2, 2, 3, 2)));
        // conv2dTranspose: both output sizes a stride allows, stride > kernel (gaps of zeros), dilations, 1x1
        t.add(convT(s(1, 6, 8, 2), s(2), "SAME", s(1), 2, 2, 1, 1).shapes(s(1, 3, 4, 3), s(3, 3, 2, 3)));
        t.add(convT(s(1, 5, 7, 2), s(2), "SAME", s(1), 2, 2, 1, 1).variant("SAME strides=[2] odd output")
                .shapes(s(1, 3, 4, 3), s(3, 3, 2, 3)));
        t.add(convT(s(2, 7, 7, 2), s(2), "VALID", s(1), 2, 2, 1, 1).shapes(s(2, 3, 3, 2), s(3, 3, 2, 2)));
        t.add(convT(s(2, 8, 8, 2), s(2), "VALID", s(1), 2, 2, 1, 1).variant("VALID strides=[2] output + 1")
                .shapes(s(2, 3, 3, 2), s(3, 3, 2, 2)));
        t.add(convT(s(1, 9, 8, 1), s(3), "VALID", s(1), 3, 3, 1, 1).variant("VALID strides=[3] > kernel")
                .shapes(s(1, 3, 3, 2), s(2, 2, 1, 2)));
        t.add(convT(s(1, 4, 3, 2), s(1), "SAME", s(2), 1, 1, 2, 2).shapes(s(1, 4, 3, 2), s(3, 2, 2, 2)));
        t.add(convT(s(1, 6, 4, 1), s(1), "VALID", s(2, 1), 1, 1, 2, 1).shapes(s(1, 2, 2, 2), s(3, 3, 1, 2)));
        t.add(convT(s(1, 3, 9, 2), s(2, 3), "SAME", s(1), 2, 3, 1, 1).shapes(s(1, 2, 3, 1), s(2, 3, 2, 1)));
        t.add(convT(s(1, 5, 5, 2), s(5), "SAME", s(1), 5, 5, 1, 1).variant("SAME 1x1 input strides=[5]")
                .shapes(s(1, 1, 1, 2), s(3, 3, 2, 2)));
        t.add(convT(s(2, 2, 3, 2), s(1), "VALID", s(1), 1, 1, 1, 1).variant("VALID 1x1 kernel")
                .shapes(s(2, 2, 3, 3), s(1, 1, 2, 3)));
        for (boolean max : new boolean[] {true, false}) {
            t.add(pool(max, s(2), s(2), "VALID", 2, 2, 2, 2).shapes(s(1, 4, 4, 2)));
            t.add(pool(max, s(3), s(2), "SAME", 3, 3, 2, 2).shapes(s(1, 5, 5, 1)));
            t.add(pool(max, s(2), s(1), "SAME", 2, 2, 1, 1).shapes(s(2, 3, 3, 2)));
            t.add(pool(max, s(2, 3), s(1, 2), "VALID", 2, 3, 1, 2).shapes(s(1, 4, 5, 1)));
            t.add(pool(max, s(1, 3, 3, 1), s(1, 1, 2, 1), "SAME", 3, 3, 1, 2).shapes(s(1, 4, 4, 1)));
            t.add(pool(max, s(2), s(1), "SAME", 2, 2, 1, 1).variant("SAME ksize=[2] strides=[1] odd padding").shapes(s(1, 3, 4, 1)));
            t.add(pool(max, s(3), s(1), "SAME", 3, 3, 1, 1).variant("SAME ksize=[3] strides=[1] kernel > input").shapes(s(1, 2, 2, 2)));
            t.add(pool(max, s(2), s(3), "VALID", 2, 2, 3, 3).variant("VALID ksize=[2] strides=[3] > kernel").shapes(s(1, 5, 5, 1)));
            t.add(pool(max, s(3, 2), s(2, 1), "SAME", 3, 2, 2, 1).variant("SAME ksize=[3, 2] strides=[2, 1] batch 2").shapes(s(2, 5, 4, 3)));
            t.add(pool(max, s(3, 2), s(2, 1), "VALID", 3, 2, 2, 1).variant("VALID ksize=[3, 2] strides=[2, 1] batch 2").shapes(s(2, 5, 4, 3)));
        }

        // depthwiseConv2d (tf.nn.depthwise_conv2d) and separableConv2d (tf.nn.separable_conv2d): padding, strides,
        // dilations (also with strides, as conv2d and Keras 3's ops.depthwise_conv), depth multiplier 1 (the broadcast
        // product) and above 1 (the batched matmul), batches; references by loops from tf.nn's formula
        t.add(depthwise(s(1), "VALID", s(1), 1, 1, 1, 1).shapes(s(1, 5, 5, 2), s(3, 3, 2, 1)));
        t.add(depthwise(s(1), "SAME", s(1), 1, 1, 1, 1).shapes(s(2, 4, 5, 3), s(3, 3, 3, 2)));
        t.add(depthwise(s(2), "SAME", s(1), 2, 2, 1, 1).shapes(s(2, 5, 5, 2), s(3, 3, 2, 1)));
        t.add(depthwise(s(2, 1), "VALID", s(1), 2, 1, 1, 1).shapes(s(1, 6, 5, 2), s(2, 3, 2, 3)));
        t.add(depthwise(s(1, 3, 2, 1), "SAME", s(1), 3, 2, 1, 1).shapes(s(1, 7, 6, 1), s(3, 2, 1, 2)));
        t.add(depthwise(s(1), "SAME", s(2), 1, 1, 2, 2).shapes(s(1, 6, 6, 2), s(2, 3, 2, 1)));
        t.add(depthwise(s(1), "VALID", s(2, 1), 1, 1, 2, 1).shapes(s(2, 6, 4, 2), s(2, 2, 2, 2)));
        t.add(depthwise(s(2), "SAME", s(2), 2, 2, 2, 2).variant("SAME strides=[2] dilations=[2]").shapes(s(1, 7, 7, 1), s(2, 2, 1, 3)));
        t.add(depthwise(s(1), "SAME", s(1), 1, 1, 1, 1).variant("SAME kernel > input").shapes(s(1, 2, 2, 2), s(3, 3, 2, 1)));
        t.add(depthwise(s(1), "VALID", s(1), 1, 1, 1, 1).variant("VALID 1x1 multiplier 3").shapes(s(2, 2, 3, 2), s(1, 1, 2, 3)));
        t.add(depthwise(s(1), "SAME", s(1), 1, 1, 1, 1).variant("SAME empty batch").shapes(s(0, 4, 4, 2), s(3, 3, 2, 2)));
        t.add(depthwise(s(1), "VALID", s(1), 1, 1, 1, 1).variant("VALID no input channels").shapes(s(1, 4, 4, 0), s(3, 3, 0, 2)));
        t.add(depthwise(s(1), "VALID", s(1), 1, 1, 1, 1).variant("VALID multiplier 0").shapes(s(1, 4, 4, 2), s(3, 3, 2, 0)));
        t.add(separable(s(1), "VALID", s(1), 1, 1, 1, 1).shapes(s(1, 5, 5, 2), s(3, 3, 2, 1), s(1, 1, 2, 3)));
        t.add(separable(s(2), "SAME", s(1), 2, 2, 1, 1).shapes(s(2, 5, 4, 2), s(3, 3, 2, 2), s(1, 1, 4, 2)));
        t.add(separable(s(1), "SAME", s(2), 1, 1, 2, 2).shapes(s(1, 6, 6, 1), s(2, 2, 1, 3), s(1, 1, 3, 2)));
        t.add(separable(s(1), "SAME", s(1), 1, 1, 1, 1).variant("SAME empty batch").shapes(s(0, 4, 4, 2), s(3, 3, 2, 1), s(1, 1, 2, 3)));

        // conv1d, maxPool1d, avgPool1d: the 2-D reference over a one-row image (tf.nn.conv1d's own definition)
        t.add(conv1d(1, "VALID", 1).shapes(s(2, 7, 2), s(3, 2, 3)));
        t.add(conv1d(2, "SAME", 1).shapes(s(2, 7, 2), s(3, 2, 3)));
        t.add(conv1d(1, "SAME", 2).shapes(s(1, 6, 2), s(2, 2, 2)));
        t.add(conv1d(1, "VALID", 2).shapes(s(2, 8, 1), s(3, 1, 2)));
        t.add(conv1d(3, "VALID", 1).variant("VALID stride=3 > kernel").shapes(s(1, 8, 2), s(2, 2, 1)));
        t.add(conv1d(2, "SAME", 2).variant("SAME stride=2 dilation=2 (as tf.nn.conv1d)").shapes(s(1, 7, 1), s(2, 1, 2)));
        t.add(conv1d(1, "SAME", 1).variant("SAME kernel > input").shapes(s(1, 2, 2), s(4, 2, 1)));
        t.add(conv1d(1, "SAME", 1).variant("SAME empty batch").shapes(s(0, 4, 1), s(3, 1, 2)));
        t.add(conv1d(1, "VALID", 1).variant("VALID no output channels").shapes(s(1, 4, 1), s(3, 1, 0)));
        for (boolean max : new boolean[] {true, false}) {
            t.add(pool1d(max, 2, 2, "VALID").shapes(s(2, 6, 2)));
            t.add(pool1d(max, 3, 2, "SAME").shapes(s(2, 7, 3)));
            t.add(pool1d(max, 3, 1, "SAME").variant("SAME ksize=3 stride=1 kernel > input").shapes(s(1, 2, 2)));
            t.add(pool1d(max, 2, 3, "VALID").variant("VALID ksize=2 stride=3 > kernel").shapes(s(1, 8, 1)));
            t.add(pool1d(max, 2, 2, "SAME").variant("SAME empty batch").shapes(s(0, 4, 1)));
        }

        // points where a composite switches branches but the function is smooth
        t.add(unary("softplus", NN::softplus, LibraryReference::softplus).variant("at 0").generator(zeroInput(0)).shapes(s(3)));
        t.add(unary("elu", NN::elu, LibraryReference::elu).variant("at 0 (C1)").maxOrder(1).generator(zeroInput(0)).shapes(s(3))
                // the second derivative jumps at 0, so central differences err by h/4: a smaller step
                .fdStep(1e-8));
        t.add(unary("gelu", NN::gelu, LibraryReference::gelu).variant("exact at 0").generator(zeroInput(0)).shapes(s(3)));
        t.add(unary("gelu", x -> NN.gelu(x, true), LibraryReference::geluTanh).variant("approximate=true at 0")
                .generator(zeroInput(0)).shapes(s(3)));
        t.add(unary("swish", NN::swish, x -> x * LibraryReference.sigmoid(x)).variant("at 0").generator(zeroInput(0)).shapes(s(3)));
        t.add(unary("logSigmoid", NN::logSigmoid, x -> -LibraryReference.softplus(-x)).variant("at 0")
                .generator(zeroInput(0)).shapes(s(3)));
        t.add(unary("softsign", NN::softsign, x -> x / (1 + Math.abs(x))).variant("at 0 (C1)").maxOrder(1)
                .generator(zeroInput(0)).shapes(s(3)).fdStep(1e-8));
        // softsign switches formulas at |x| = 1, where the function is smooth
        t.add(unary("softsign", NN::softsign, x -> x / (1 + Math.abs(x))).variant("at +-1")
                .generator((r, c) -> new double[][] {{1, -1, 1, -1}}).shapes(s(4)));
        t.add(op("sigmoidCrossEntropyWithLogits", in -> NN.sigmoidCrossEntropyWithLogits(in.get(0), in.get(1)),
                in -> NdArray.zip(in.get(0), in.get(1), LibraryReference::sigmoidCrossEntropy))
                .variant("logits at 0").domain(0, 0, 1).generator(zeroInput(1)).shapes(s(2, 3), s(2, 3)));

        // empty tensors: a dimension of size 0 in an input, an index list or an output
        t.add(unary("softplus", NN::softplus, x -> Double.NaN).variant("empty").shapes(s(0, 3)));
        t.add(unary("gelu", NN::gelu, x -> Double.NaN).variant("empty").shapes(s(0, 3)));
        t.add(op("softmaxCrossEntropyWithLogits", in -> NN.softmaxCrossEntropyWithLogits(in.get(0), in.get(1)),
                in -> LibraryReference.softmaxCrossEntropy(in.get(0), in.get(1))).variant("empty batch").shapes(s(0, 4), s(0, 4)));
        t.add(sparse(new int[0], s(0), false).variant("empty batch").shapes(s(0, 4)));
        t.add(op("meanSquaredError", in -> NN.meanSquaredError(in.get(0), in.get(1)),
                in -> LibraryReference.meanSquaredError(in.get(0), in.get(1))).variant("empty batch").shapes(s(0, 3), s(0, 3)));
        t.add(conv(s(1), "SAME", s(1), 1, 1, 1, 1).variant("SAME empty batch").shapes(s(0, 4, 4, 1), s(3, 3, 1, 2)));
        t.add(conv(s(1), "VALID", s(1), 1, 1, 1, 1).variant("VALID no output channels").shapes(s(1, 4, 4, 1), s(3, 3, 1, 0)));
        t.add(convT(s(0, 6, 6, 2), s(2), "SAME", s(1), 2, 2, 1, 1).variant("SAME empty batch").shapes(s(0, 3, 3, 1), s(3, 3, 2, 1)));
        t.add(convT(s(1, 6, 6, 0), s(2), "SAME", s(1), 2, 2, 1, 1).variant("SAME no output channels").shapes(s(1, 3, 3, 1), s(3, 3, 0, 1)));
        t.add(convT(s(1, 6, 6, 2), s(2), "SAME", s(1), 2, 2, 1, 1).variant("SAME no input channels").shapes(s(1, 3, 3, 0), s(3, 3, 2, 0)));
        t.add(pool(true, s(2), s(2), "VALID", 2, 2, 2, 2).variant("VALID empty batch").shapes(s(0, 4, 4, 1)));
        t.add(pool(false, s(2), s(2), "SAME", 2, 2, 2, 2).variant("SAME empty batch").shapes(s(0, 4, 4, 1)));

        // dotProductAttention (keras.ops.dot_product_attention): query, key, value and bias all differentiated; the
        // masks are constants of the row. Padding (B, 1, 1, S), causal with T != S, a query with every key masked
        // (uniform weights, Keras's where), several heads, and empty sequences.
        boolean[] pad = {true, true, true, true, true, true, false, false};
        t.add(attention(null, null, 1, false, false, false).variant("plain").shapes(s(2, 3, 2, 2), s(2, 4, 2, 2), s(2, 4, 2, 3)));
        t.add(attention(pad, s(2, 1, 1, 4), 0.7, true, false, false).variant("padding mask, causal, scale=0.7")
                .shapes(s(2, 3, 2, 2), s(2, 4, 2, 2), s(2, 4, 2, 3)));
        t.add(attention(null, null, 0.5, true, true, false).variant("causal T > S, bias")
                .shapes(s(1, 4, 1, 3), s(1, 2, 1, 3), s(1, 2, 1, 2), s(1, 1, 4, 2)));
        t.add(attention(new boolean[] {false, false, false, true, false, true}, s(1, 1, 2, 3), 1, false, true, false)
                .variant("a query with every key masked, bias").shapes(s(1, 2, 1, 2), s(1, 3, 1, 2), s(1, 3, 1, 2), s(2, 3)));
        t.add(attention(pad, s(2, 1, 1, 4), 0.7, true, true, true).variant("padding mask, causal, bias")
                .shapes(s(2, 3, 2, 2), s(2, 4, 2, 2), s(1, 2, 3, 4)));
        t.add(attention(null, null, 1, false, false, false).variant("no queries").shapes(s(1, 0, 2, 2), s(1, 3, 2, 2), s(1, 3, 2, 2)));
        t.add(attention(null, null, 1, false, false, false).variant("no keys").shapes(s(1, 2, 2, 2), s(1, 0, 2, 2), s(1, 0, 2, 3)));
        // ctcLoss: labels and lengths are constants of the row; no second derivative (its gradient refuses one, as
        // TensorFlow's), so maxOrder 1. Repeats (a blank needed between), label length 0, frames past logitLength,
        // a blank other than 0, 0 frames, an empty batch; every example feasible, as the reference needs.
        t.add(ctc(new int[][] {{1, 1, 0}, {2, 1, 2}, {0, 0, 0}}, new int[] {2, 3, 0}, new int[] {5, 4, 3}, 0)
                .variant("repeats, lengths 2 3 0, frames 5 4 3").shapes(s(3, 5, 3)));
        t.add(ctc(new int[][] {{0, 2}, {1, 1}}, new int[] {2, 2}, new int[] {4, 3}, -1)
                .variant("blank=-1").shapes(s(2, 4, 4)));
        t.add(ctc(new int[][] {{2}, {1}}, new int[] {0, 1}, new int[] {0, 2}, 0)
                .variant("0 frames and 0 labels").shapes(s(2, 2, 3)));
        t.add(ctc(new int[0][2], new int[0], new int[0], 0).variant("empty batch").shapes(s(0, 3, 3)));
        return OpCase.expand(t);
    }

    // ------------------------------------------------------------------------------------ row helpers

    /**
     * {@code NN.ctcLoss(labels, logits, labelLength, logitLength, blank)} against every alignment spelled out: per
     * example, the sum over all class sequences of its first {@code logitLength} frames that collapse to its labels
     * (repeats merged, then blanks dropped) of the product of their softmax probabilities, and the loss
     * {@code -log} of it (Graves et al. 2006, eq. 3).
     */
    private static OpCase.Builder ctc(int[][] labels, int[] labelLength, int[] logitLength, int blank) {
        int width = labels.length == 0 ? 2 : labels[0].length;
        int[] flat = new int[labels.length * width];
        for (int b = 0; b < labels.length; b++) {
            System.arraycopy(labels[b], 0, flat, b * width, width);
        }
        return op("ctcLoss",
                in -> NN.ctcLoss(Tensors.constant(flat, labels.length, width), in.get(0),
                        Tensors.constant(labelLength, labels.length), Tensors.constant(logitLength, labels.length), blank),
                in -> ctcByEnumeration(labels, labelLength, logitLength, blank, in.get(0)))
                .maxOrder(1);
    }

    private static NdArray ctcByEnumeration(int[][] labels, int[] labelLength, int[] logitLength, int blank, NdArray logits) {
        int batch = logits.shape()[0];
        int time = logits.shape()[1];
        int classes = logits.shape()[2];
        int bl = blank < 0 ? blank + classes : blank;
        NdArray p = NdArray.softmax(logits, -1);
        double[] out = new double[batch];
        for (int b = 0; b < batch; b++) {
            int frames = logitLength[b];
            int[] target = Arrays.copyOf(labels[b], labelLength[b]);
            double total = 0;
            int[] path = new int[frames];
            long count = (long) Math.pow(classes, frames);
            for (long k = 0; k < count; k++) {
                long rest = k;
                double prob = 1;
                for (int t = 0; t < frames; t++) {
                    path[t] = (int) (rest % classes);
                    rest /= classes;
                    prob *= p.data()[(b * time + t) * classes + path[t]];
                }
                List<Integer> collapsed = new ArrayList<>();
                for (int t = 0; t < frames; t++) {
                    if (path[t] != bl && (t == 0 || path[t] != path[t - 1])) {
                        collapsed.add(path[t]);
                    }
                }
                boolean same = collapsed.size() == target.length;
                for (int i = 0; same && i < target.length; i++) {
                    same = collapsed.get(i) == target[i];
                }
                if (same) {
                    total += prob;
                }
            }
            out[b] = -Math.log(total);
        }
        return new NdArray(new int[] {batch}, out);
    }

    /**
     * {@code NN.dotProductAttention(q, k, v[, bias], mask, scale, causal)} (or, with {@code weightsOnly},
     * {@code NN.dotProductAttentionWeights(q, k[, bias], mask, scale, causal)}) against loops from the definition: per
     * batch, head and query, the softmax of {@code scale q.k + bias} over the keys the masks leave, weights 0 for
     * the others, uniform weights over all keys when none is left (Keras's {@code where} with a large negative).
     */
    private static OpCase.Builder attention(boolean[] keep, int[] keepShape, double scale, boolean causal, boolean bias,
                                            boolean weightsOnly) {
        int bi = weightsOnly ? 2 : 3;
        return op(weightsOnly ? "dotProductAttentionWeights" : "dotProductAttention", in -> {
                    Tensor m = keep == null ? null : Tensors.constant(keep, keepShape);
                    Tensor b = bias ? in.get(bi) : null;
                    return weightsOnly ? NN.dotProductAttentionWeights(in.get(0), in.get(1), b, m, scale, causal)
                            : NN.dotProductAttention(in.get(0), in.get(1), in.get(2), b, m, scale, causal);
                },
                in -> {
                    NdArray w = attentionWeights(in.get(0), in.get(1), keep, keepShape, bias ? in.get(bi) : null, scale, causal);
                    return weightsOnly ? w : NdArray.transpose(NdArray.matmul(w, NdArray.transpose(in.get(2), 0, 2, 1, 3),
                            false, false), 0, 2, 1, 3);
                });
    }

    /** The attention weights {@code (B, N, T, S)} by loops, as {@link #attention} describes. */
    private static NdArray attentionWeights(NdArray q, NdArray k, boolean[] keep, int[] keepShape, NdArray bias,
                                            double scale, boolean causal) {
        int b = q.shape()[0];
        int tq = q.shape()[1];
        int heads = q.shape()[2];
        int h = q.shape()[3];
        int sk = k.shape()[1];
        NdArray keepArr = null;
        if (keep != null) {
            double[] kd = new double[keep.length];
            for (int i = 0; i < keep.length; i++) {
                kd[i] = keep[i] ? 1 : 0;
            }
            keepArr = NdArray.broadcastTo(new NdArray(keepShape, kd), b, heads, tq, sk);
        }
        NdArray biasArr = bias == null ? null : NdArray.broadcastTo(bias, b, heads, tq, sk);
        NdArray w = NdArray.zeros(b, heads, tq, sk);
        for (int bi = 0; bi < b; bi++) {
            for (int n = 0; n < heads; n++) {
                for (int ti = 0; ti < tq; ti++) {
                    double[] l = new double[sk];
                    boolean[] on = new boolean[sk];
                    boolean any = false;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int si = 0; si < sk; si++) {
                        on[si] = (keepArr == null || keepArr.get(bi, n, ti, si) != 0) && (!causal || si <= ti);
                        if (on[si]) {
                            for (int j = 0; j < h; j++) {
                                l[si] += q.get(bi, ti, n, j) * k.get(bi, si, n, j);
                            }
                            l[si] = scale * l[si] + (biasArr == null ? 0 : biasArr.get(bi, n, ti, si));
                            max = Math.max(max, l[si]);
                            any = true;
                        }
                    }
                    double z = 0;
                    for (int si = 0; si < sk; si++) {
                        l[si] = !any ? 1 : on[si] ? Math.exp(l[si] - max) : 0;
                        z += l[si];
                    }
                    for (int si = 0; si < sk; si++) {
                        w.set(l[si] / z, bi, n, ti, si);
                    }
                }
            }
        }
        return w;
    }

    private static OpCase.Builder sparse(int[] labels, int[] labelShape, boolean int64) {
        return op("sparseSoftmaxCrossEntropyWithLogits",
                in -> NN.sparseSoftmaxCrossEntropyWithLogits(indices(labels, labelShape, int64), in.get(0)),
                in -> LibraryReference.sparseSoftmaxCrossEntropy(labels, in.get(0)))
                .variant("labels=" + Arrays.toString(labels) + (int64 ? " int64" : ""));
    }

    private static OpCase.Builder conv(int[] strides, String padding, int[] dilations, int sh, int sw, int dh, int dw) {
        boolean dilated = dh != 1 || dw != 1;
        return op("conv2d",
                in -> dilated ? NN.conv2d(in.get(0), in.get(1), strides, padding, dilations) : NN.conv2d(in.get(0), in.get(1), strides, padding),
                in -> LibraryReference.conv2d(in.get(0), in.get(1), sh, sw, padding, dh, dw))
                .variant(padding + " strides=" + Arrays.toString(strides) + (dilated ? " dilations=" + Arrays.toString(dilations) : ""))
                .domain(-1.5, 1.5).tol32(1e-4, 1e-5);
    }

    private static OpCase.Builder convT(int[] outShape, int[] strides, String padding, int[] dilations, int sh, int sw, int dh,
                                        int dw) {
        boolean dilated = dh != 1 || dw != 1;
        return op("conv2dTranspose",
                in -> dilated ? NN.conv2dTranspose(in.get(0), in.get(1), outShape, strides, padding, dilations)
                        : NN.conv2dTranspose(in.get(0), in.get(1), outShape, strides, padding),
                in -> LibraryReference.conv2dTranspose(in.get(0), in.get(1), outShape, sh, sw, padding, dh, dw))
                .variant(padding + " strides=" + Arrays.toString(strides) + (dilated ? " dilations=" + Arrays.toString(dilations) : "")
                        + " output " + Arrays.toString(outShape))
                .domain(-1.5, 1.5).tol32(1e-4, 1e-5);
    }

    private static OpCase.Builder pool(boolean max, int[] ksize, int[] strides, String padding, int kh, int kw, int sh, int sw) {
        OpCase.Builder b = op(max ? "maxPool2d" : "avgPool2d",
                in -> max ? NN.maxPool2d(in.get(0), ksize, strides, padding) : NN.avgPool2d(in.get(0), ksize, strides, padding),
                in -> LibraryReference.pool2d(in.get(0), kh, kw, sh, sw, padding, max))
                .variant(padding + " ksize=" + Arrays.toString(ksize) + " strides=" + Arrays.toString(strides));
        return max ? b.distinct() : b;
    }

    /** depthwiseConv2d's row against {@link #depthwiseReference}. */
    private static OpCase.Builder depthwise(int[] strides, String padding, int[] dilations, int sh, int sw, int dh, int dw) {
        boolean dilated = dh != 1 || dw != 1;
        return op("depthwiseConv2d",
                in -> dilated ? NN.depthwiseConv2d(in.get(0), in.get(1), strides, padding, dilations)
                        : NN.depthwiseConv2d(in.get(0), in.get(1), strides, padding),
                in -> depthwiseReference(in.get(0), in.get(1), sh, sw, padding, dh, dw))
                .variant(padding + " strides=" + Arrays.toString(strides) + (dilated ? " dilations=" + Arrays.toString(dilations) : ""))
                .domain(-1.5, 1.5).tol32(1e-4, 1e-5);
    }

    /** separableConv2d's row: the depthwise reference, then conv2d's by the (1, 1, C*M, O) pointwise filter. */
    private static OpCase.Builder separable(int[] strides, String padding, int[] dilations, int sh, int sw, int dh, int dw) {
        boolean dilated = dh != 1 || dw != 1;
        return op("separableConv2d",
                in -> dilated ? NN.separableConv2d(in.get(0), in.get(1), in.get(2), strides, padding, dilations)
                        : NN.separableConv2d(in.get(0), in.get(1), in.get(2), strides, padding),
                in -> LibraryReference.conv2d(depthwiseReference(in.get(0), in.get(1), sh, sw, padding, dh, dw), in.get(2), 1, 1,
                        "VALID", 1, 1))
                .variant(padding + " strides=" + Arrays.toString(strides) + (dilated ? " dilations=" + Arrays.toString(dilations) : ""))
                .domain(-1.5, 1.5).tol32(1e-4, 1e-5);
    }

    /**
     * tf.nn.depthwise_conv2d's formula by loops: {@code out[b, i, j, c M + m] = sum_{di, dj} in[b, i sh + di dh - top,
     * j sw + dj dw - left, c] f[di, dj, c, m]}, cells outside the image 0, the padding {@code top, left} and the output
     * size conv2d's (SAME: {@code ceil(n / s)} rows, the smaller half of the padding first).
     */
    static NdArray depthwiseReference(NdArray input, NdArray filters, int sh, int sw, String padding, int dh, int dw) {
        int[] x = input.shape();
        int[] f = filters.shape();
        int[] gh = geometry(x[1], (f[0] - 1) * dh + 1, sh, padding.equals("SAME"));
        int[] gw = geometry(x[2], (f[1] - 1) * dw + 1, sw, padding.equals("SAME"));
        NdArray o = NdArray.zeros(x[0], gh[0], gw[0], f[2] * f[3]);
        for (int b = 0; b < x[0]; b++) {
            for (int i = 0; i < gh[0]; i++) {
                for (int j = 0; j < gw[0]; j++) {
                    for (int c = 0; c < f[2]; c++) {
                        for (int m = 0; m < f[3]; m++) {
                            double acc = 0;
                            for (int di = 0; di < f[0]; di++) {
                                for (int dj = 0; dj < f[1]; dj++) {
                                    int r = i * sh + di * dh - gh[1];
                                    int col = j * sw + dj * dw - gw[1];
                                    if (r >= 0 && r < x[1] && col >= 0 && col < x[2]) {
                                        acc += input.get(b, r, col, c) * filters.get(di, dj, c, m);
                                    }
                                }
                            }
                            o.set(acc, b, i, j, c * f[3] + m);
                        }
                    }
                }
            }
        }
        return o;
    }

    /** Output size and padding before for a window of {@code extent} cells: {@code {out, before}}, as TF's. */
    private static int[] geometry(int n, int extent, int stride, boolean same) {
        if (!same) {
            return new int[] {(n - extent) / stride + 1, 0};
        }
        int out = (n + stride - 1) / stride;
        return new int[] {out, Math.max((out - 1) * stride + extent - n, 0) / 2};
    }

    /** conv1d's row: the reference is conv2d's over {@code (batch, 1, steps, channels)} by {@code (1, k, in, out)}. */
    private static OpCase.Builder conv1d(int stride, String padding, int dilation) {
        boolean dilated = dilation != 1;
        return op("conv1d",
                in -> dilated ? NN.conv1d(in.get(0), in.get(1), stride, padding, dilation) : NN.conv1d(in.get(0), in.get(1), stride, padding),
                in -> squeezeRow(LibraryReference.conv2d(withRow(in.get(0), 1), withRow(in.get(1), 0), 1, stride, padding, 1, dilation)))
                .variant(padding + " stride=" + stride + (dilated ? " dilation=" + dilation : ""))
                .domain(-1.5, 1.5).tol32(1e-4, 1e-5);
    }

    private static OpCase.Builder pool1d(boolean max, int ksize, int stride, String padding) {
        OpCase.Builder b = op(max ? "maxPool1d" : "avgPool1d",
                in -> max ? NN.maxPool1d(in.get(0), ksize, stride, padding) : NN.avgPool1d(in.get(0), ksize, stride, padding),
                in -> squeezeRow(LibraryReference.pool2d(withRow(in.get(0), 1), 1, ksize, 1, stride, padding, max)))
                .variant(padding + " ksize=" + ksize + " stride=" + stride);
        return max ? b.distinct() : b;
    }

    /** {@code a} with an axis of size 1 inserted at {@code axis}. */
    private static NdArray withRow(NdArray a, int axis) {
        int[] d = a.shape();
        int[] r = new int[d.length + 1];
        for (int i = 0, j = 0; i < r.length; i++) {
            r[i] = i == axis ? 1 : d[j++];
        }
        return NdArray.reshape(a, r);
    }

    /** {@code (n, 1, w, c)} as {@code (n, w, c)}. */
    private static NdArray squeezeRow(NdArray a) {
        int[] d = a.shape();
        return NdArray.reshape(a, d[0], d[2], d[3]);
    }
}
