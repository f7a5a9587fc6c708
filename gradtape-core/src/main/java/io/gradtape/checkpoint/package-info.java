/**
 * Saving and restoring training state as NumPy {@code .npz} files.
 *
 * <p>{@link io.gradtape.checkpoint.Npz} reads and writes the format itself (a zip of {@code .npy} arrays, so that
 * weights move to and from NumPy, PyTorch and TensorFlow); {@link io.gradtape.checkpoint.Checkpoint} names the
 * state of a training run (a module's variables by path name, an optimizer's slots and step count, generators'
 * states) and saves it atomically (temporary file, forced to the device, renamed), restoring all of it or nothing;
 * {@link io.gradtape.checkpoint.CheckpointManager} numbers the saves of a run in one directory ({@code ckpt-1.npz},
 * {@code ckpt-2.npz}, ...), keeps the newest few and restores the latest, as {@code tf.train.CheckpointManager}.
 * The byte-level parsing lives in {@code io.gradtape.internal.npz}.
 */
package io.gradtape.checkpoint;
