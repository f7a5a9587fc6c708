/**
 * Optimizers with TensorFlow 2's names and defaults and Keras 3's update rules: {@code SGD} (momentum,
 * Nesterov), {@code Adam}, {@code AdamW}, {@code Adamax}, {@code Nadam}, {@code RMSprop}, {@code Adagrad},
 * {@code Adadelta}, {@code Ftrl}, {@code Lion}, {@code Adafactor}, {@code Lamb}, {@code Muon}, Keras's
 * learning-rate schedules ({@code ExponentialDecay},
 * {@code InverseTimeDecay}, {@code PolynomialDecay}, {@code PiecewiseConstantDecay}, {@code CosineDecay} with its
 * warm-up, {@code CosineDecayRestarts}), gradient clipping ({@code clipNorm}, {@code clipValue},
 * {@code globalClipNorm} on every builder) and
 * Keras's moving average of the weights ({@code useEma}, {@link io.gradtape.optimizers.Optimizer#finalizeVariableValues}).
 *
 * <p>{@link io.gradtape.optimizers.Optimizer} holds what every optimizer shares (validation, clipping, decoupled
 * weight decay, the step count, the weights' moving average, slots created on first use, copy-on-write storage updates); each subclass writes
 * only its update, whose formula and paper its Javadoc gives.
 */
package io.gradtape.optimizers;
