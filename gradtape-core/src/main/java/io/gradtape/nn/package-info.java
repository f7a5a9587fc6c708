/**
 * Modules and layers in Keras's manner, for custom training loops with a {@link io.gradtape.GradientTape}.
 *
 * <p>A {@link io.gradtape.nn.Module} owns variables and sub-modules and lists them in a stable order with path
 * names ({@code dense_1/kernel}); layers ({@code Dense}, {@code Conv1D}, {@code Conv2D}, {@code Conv2DTranspose},
 * {@code MaxPooling1D}, {@code MaxPool2D}, {@code AveragePooling1D}, {@code AveragePooling2D},
 * {@code GlobalAveragePooling1D}, {@code GlobalAveragePooling2D}, {@code GlobalMaxPooling1D},
 * {@code GlobalMaxPooling2D}, {@code Flatten},
 * {@code Reshape}, {@code Activation}, {@code Dropout}, {@code BatchNormalization}, {@code LayerNormalization},
 * {@code Embedding}, the recurrent {@code LSTM}, {@code GRU}, {@code SimpleRNN} and {@code Bidirectional}, and
 * {@code MultiHeadAttention}, {@code GroupedQueryAttention} and {@code Attention}, their call options in
 * {@code AttentionOptions}) compose in
 * a {@code Sequential}. The reshaping layers {@code ZeroPadding1D/2D}, {@code Cropping1D/2D}, {@code UpSampling1D/2D},
 * {@code Permute}, {@code RepeatVector} and the wrapper {@code TimeDistributed}, the noise layers {@code GaussianNoise},
 * {@code GaussianDropout}, {@code SpatialDropout1D/2D}, and the activation layers {@code ReLU}, {@code LeakyReLU},
 * {@code PReLU}, {@code ELU} and {@code Softmax} do too, as do the depthwise and separable convolutions
 * {@code DepthwiseConv1D/2D} and {@code SeparableConv1D/2D} and the normalizations {@code GroupNormalization} and
 * {@code UnitNormalization}. Initializers
 * draw from a seeded {@link io.gradtape.Generator}; losses and metrics carry Keras's names, defaults and reductions.
 * Everything here is written with the public ops of {@code io.gradtape}, so it records on tapes like user code.
 * <p>Preprocessing layers, adapted on training data before the loop as in Keras: {@code Normalization} and
 * {@code Rescaling} (recorded ops, differentiable in their input), {@code Discretization} and
 * {@code CategoryEncoding} (integer outputs and encodings, not differentiable), {@code IntegerLookup}, and for
 * text, which gradtape holds as Java strings rather than tensors, {@code StringLookup} and
 * {@code TextVectorization} (strings in, int64 indices or float32 bag-of-words vectors out); {@code Hashing} bins
 * strings or integers as TensorFlow's FarmHash and SipHash do, and {@code HashedCrossing} crosses features into bins
 * as {@code tf.sparse.cross_hashed}.
 * Image preprocessing on channels-last images, as Keras 3's TensorFlow backend computes it: {@code Resizing} and
 * {@code CenterCrop}, and, active only in training and drawn from a seeded generator, {@code RandomFlip},
 * {@code RandomCrop}, {@code RandomTranslation}, {@code RandomRotation}, {@code RandomZoom}, {@code RandomContrast} and
 * {@code RandomBrightness} (differentiable in the image). As for every module, a bare {@code call(x)} is inference
 * (the random layers then leave the images as they are, and {@code RandomCrop} takes the centred window): call
 * {@code call(x, true)}, for example inside {@code Dataset.map}, to augment, where Keras 3 augments on a bare call.
 * Under {@code import io.gradtape.nn.*}, import {@code io.gradtape.nn.Module} by name: {@code java.lang.Module}
 * would make the simple name ambiguous.
 */
package io.gradtape.nn;
