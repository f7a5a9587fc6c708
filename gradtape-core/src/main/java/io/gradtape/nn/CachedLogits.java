package io.gradtape.nn;

import io.gradtape.Tensor;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keras's cached logits: the output of the {@code sigmoid} and {@code softmax} activations remembers the logits it
 * was computed from, and a cross-entropy loss given that output computes from the logits.
 *
 * <p><b>Why.</b> A sigmoid or softmax output rounds to exactly 0 or 1 once its logit is large (about 17 for float32
 * sigmoid), and the loss from probabilities clips it to {@code [1e-7, 1 - 1e-7]}: past that point the loss stays at
 * {@code -log(1e-7) = 16.1} and the gradient is 0, so a confidently wrong unit never learns. Keras 3 avoids this:
 * {@code keras.activations.sigmoid} and {@code softmax} set {@code output._keras_logits = x}, and the TensorFlow
 * backend's {@code binary_crossentropy}, {@code categorical_crossentropy} and
 * {@code sparse_categorical_crossentropy} take those logits and compute as {@code from_logits=True}
 * ({@code _get_logits} in {@code keras/src/backend/tensorflow/nn.py}). With a {@code Dense(1, "sigmoid")} whose
 * logit is 20 and a target of 0, Keras gives a loss of 20 and a kernel gradient of 1; the probabilities give 15.94
 * and 0.
 *
 * <p><b>Here.</b> {@link Activations}' {@code sigmoid} and {@code softmax} (the layers' {@code "sigmoid"} and
 * {@code "softmax"}) record their output in a weak identity map; {@link BinaryCrossentropy} looks up a sigmoid's,
 * {@link CategoricalCrossentropy} and {@link SparseCategoricalCrossentropy} a softmax's. The map holds the output
 * weakly, so an entry goes when its output does. Only the activation functions record: {@code NN.sigmoid} and
 * {@code NN.softmax} are TensorFlow's {@code tf.nn} ops, which do not, and neither does a tensor computed from the
 * output. One deviation: Keras's attribute does not say which activation set it, so a softmax's output given to a
 * binary loss would be read as sigmoid logits; here each loss uses only its own activation's logits, and any other
 * output is taken as probabilities. An output kept out of a {@code TensorScope} whose logits the scope released
 * (or read on a thread that may not read them) is taken as probabilities too. When {@code fromLogits} is true
 * and the output has cached logits, the logits are used and one warning is logged, as Keras warns that the output
 * "does not represent logits".
 */
final class CachedLogits {
    /** The activation that produced an output. */
    enum Kind { SIGMOID, SOFTMAX }

    private record Entry(Kind kind, Tensor logits) {
    }

    private static final Map<Tensor, Entry> BY_OUTPUT = Collections.synchronizedMap(new WeakHashMap<>());
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final System.Logger LOG = System.getLogger("io.gradtape.nn.Loss");

    private CachedLogits() {
    }

    /** Records that {@code output} is {@code kind} of {@code logits}; returns {@code output}. */
    static Tensor remember(Tensor output, Kind kind, Tensor logits) {
        BY_OUTPUT.put(output, new Entry(kind, logits));
        return output;
    }

    /**
     * The logits {@code yPred} was computed from by a {@code kind} activation, or null. {@code fromLogits} and
     * {@code loss} only serve Keras's warning for a loss told its input is logits when it is an activation's output.
     */
    static Tensor of(Tensor yPred, Kind kind, boolean fromLogits, String loss) {
        Entry e = BY_OUTPUT.get(yPred);
        if (e == null || e.kind != kind) {
            return null;
        }
        io.gradtape.internal.kernels.TensorScopes.Ticket t = io.gradtape.internal.TensorAccess.ticket(e.logits);
        if (t != null && t.unreadableHere() != null) {
            // the output was kept out of a TensorScope that released its logits (or is read on another thread):
            // the probabilities are all there is, as for an output that never had logits
            return null;
        }
        if (fromLogits && WARNED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, loss + " got fromLogits = true, but yPred is the output of a "
                    + e.kind.name().toLowerCase(java.util.Locale.ROOT) + " activation and so does not hold logits;"
                    + " the loss uses the activation's input, as Keras does (this is logged once)");
        }
        return e.logits;
    }
}
