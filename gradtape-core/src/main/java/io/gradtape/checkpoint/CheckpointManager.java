package io.gradtape.checkpoint;

import io.gradtape.internal.npz.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Numbered checkpoints in one directory, the newest {@code maxToKeep} kept, in the manner of TensorFlow's
 * {@code tf.train.CheckpointManager} (tensorflow/python/checkpoint/checkpoint_management.py): each
 * {@link #save()} writes the {@link Checkpoint}'s state to {@code <directory>/<name>-<n>.npz} ({@code name}
 * {@code "ckpt"} unless given, {@code n} the save counter, 1 for the first save), records it as the latest,
 * and deletes the oldest files beyond {@code maxToKeep}. {@link #restoreLatest()} restores the newest one
 * ({@link #restoreLatestExpectPartial()} a part of it, e.g. the model without its optimizer).
 *
 * <p><b>Its own state survives it.</b> The list of kept checkpoints and the save counter are written to the
 * index file {@code <directory>/checkpoint} (TensorFlow's name for the file of its {@code CheckpointState}; its
 * text has the same field names, plus {@code save_counter}). A new manager on the same directory reads it and
 * goes on where the last one stopped: the same {@link #checkpoints()}, the same {@link #latestCheckpoint()}, the
 * numbering continued, the oldest deleted as before. (TensorFlow keeps the save counter in the checkpoint and
 * restores it with the rest, so a run that does not restore starts again at {@code ckpt-1} and overwrites it;
 * here the counter belongs to the directory.)
 *
 * <p><b>Safety.</b> A save writes the checkpoint atomically ({@link Checkpoint#save}), then replaces the index
 * atomically (a temporary file in the directory, forced to the device, renamed over the old one, as
 * {@link Npz#write} does), and only then deletes the files it no longer lists. A failed save (an
 * {@link IOException} from either write) changes nothing: the index, the list, the counter and every kept file
 * stay as they were, and the new checkpoint file, if it was written, is deleted again. A crash or a kill at any
 * moment leaves an index that names only complete files; at worst a file the index no longer names, or does not
 * name yet, stays behind (a later save with the same number replaces it).
 *
 * <p><b>One manager per directory</b>, as TensorFlow says too. Its methods are synchronized; a save that finds
 * the index changed since this manager last read or wrote it (another manager, or another process, saving to the
 * same directory) throws {@link IllegalStateException} before writing anything.
 *
 * <pre>{@code
 * Variable w = new Variable(Tensors.zeros(DType.FLOAT32, 3));
 * Variable epoch = new Variable(Tensors.constant(0L), false);
 * Generator generator = Generator.fromSeed(42);
 * Checkpoint ckpt = new Checkpoint().variable("w", w).variable("epoch", epoch).generator("generator", generator);
 * try {
 *     CheckpointManager manager = new CheckpointManager(ckpt, java.nio.file.Path.of("/tmp/run1"), 3);
 *     manager.restoreLatest();                       // resumes a run killed earlier; null on the first start
 *     for (long e = epoch.longValue(); e < 10; e++) {
 *         // ... one epoch of training that updates w and draws from generator ...
 *         epoch.assign(Tensors.constant(e + 1));
 *         manager.save();                            // ckpt-1.npz, ckpt-2.npz, ...; only the newest 3 are kept
 *     }
 * } catch (java.io.IOException e) {
 *     throw new java.io.UncheckedIOException(e);
 * }
 * }</pre>
 */
public final class CheckpointManager {
    /** The name of the index file in the directory. */
    public static final String INDEX = "checkpoint";

    private static final String HEADER = "# gradtape CheckpointManager index; written by CheckpointManager only";

    /** The file operations a save is made of; tests replace them to fail in the middle. */
    interface Io {
        void saveCheckpoint(Checkpoint checkpoint, Path file) throws IOException;

        void writeIndex(Path file, byte[] content) throws IOException;

        void delete(Path file) throws IOException;
    }

    static final Io FILES = new Io() {
        @Override
        public void saveCheckpoint(Checkpoint checkpoint, Path file) throws IOException {
            checkpoint.save(file);
        }

        @Override
        public void writeIndex(Path file, byte[] content) throws IOException {
            AtomicFile.write(file, out -> out.write(content));
        }

        @Override
        public void delete(Path file) throws IOException {
            Files.deleteIfExists(file);
        }
    };

    private static final System.Logger LOG = System.getLogger("io.gradtape.checkpoint.CheckpointManager");

    private final Checkpoint checkpoint;
    private final Path directory;
    private final int maxToKeep;
    private final String name;
    private final Io io;

    /** File names of the kept checkpoints, oldest first; the last is the latest. */
    private List<String> kept;
    private long saveCounter;
    /** The index's bytes as this manager last read or wrote them; null when there was no index. */
    private byte[] indexSeen;

    /**
     * A manager of checkpoints named {@code ckpt-<n>.npz} in {@code directory}, {@code CheckpointManager(checkpoint,
     * directory, maxToKeep, "ckpt")}.
     *
     * <pre>{@code
     * Checkpoint ckpt = new Checkpoint().variable("w", new Variable(Tensors.zeros(DType.FLOAT32, 2)));
     * try {
     *     CheckpointManager m = new CheckpointManager(ckpt, java.nio.file.Files.createTempDirectory("run"), 5);
     *     m.save();   // <dir>/ckpt-1.npz
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @param checkpoint the state to save and restore
     * @param directory  where the checkpoints and the index go; created by the first save if missing
     * @param maxToKeep  how many of the newest checkpoints to keep, at least 1 ({@code Integer.MAX_VALUE} keeps
     *                   all, TensorFlow's {@code max_to_keep=None})
     * @throws IOException              if an index exists in {@code directory} but cannot be read or is not one
     * @throws IllegalArgumentException if {@code maxToKeep < 1}
     */
    public CheckpointManager(Checkpoint checkpoint, Path directory, int maxToKeep) throws IOException {
        this(checkpoint, directory, maxToKeep, "ckpt");
    }

    /**
     * A manager of checkpoints named {@code <checkpointName>-<n>.npz} in {@code directory}, as
     * {@code tf.train.CheckpointManager(checkpoint, directory, max_to_keep, checkpoint_name=...)}. If the directory
     * holds an index, the new manager takes over its list of checkpoints and its save counter (see the class
     * comment); nothing is deleted until the next save.
     *
     * <pre>{@code
     * Checkpoint ckpt = new Checkpoint().variable("w", new Variable(Tensors.zeros(DType.FLOAT32, 2)));
     * try {
     *     java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("run");
     *     new CheckpointManager(ckpt, dir, 2, "model").save();           // <dir>/model-1.npz
     *     new CheckpointManager(ckpt, dir, 2, "model").latestCheckpoint(); // <dir>/model-1.npz, read from the index
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @param checkpoint     the state to save and restore
     * @param directory      where the checkpoints and the index go; created by the first save if missing
     * @param maxToKeep      how many of the newest checkpoints to keep, at least 1 ({@code Integer.MAX_VALUE}
     *                       keeps all)
     * @param checkpointName the prefix of the file names, a plain file name without {@code /}, {@code \}, quotes
     *                       or control characters, e.g. {@code "ckpt"}
     * @throws IOException              if an index exists in {@code directory} but cannot be read or is not one
     * @throws IllegalArgumentException if {@code maxToKeep < 1} or the name is not allowed
     */
    public CheckpointManager(Checkpoint checkpoint, Path directory, int maxToKeep, String checkpointName)
            throws IOException {
        this(checkpoint, directory, maxToKeep, checkpointName, FILES);
    }

    CheckpointManager(Checkpoint checkpoint, Path directory, int maxToKeep, String checkpointName, Io io)
            throws IOException {
        this.checkpoint = Objects.requireNonNull(checkpoint, "CheckpointManager: checkpoint is null");
        this.directory = Objects.requireNonNull(directory, "CheckpointManager: directory is null");
        Objects.requireNonNull(checkpointName, "CheckpointManager: checkpointName is null");
        if (maxToKeep < 1) {
            throw new IllegalArgumentException("CheckpointManager: maxToKeep " + maxToKeep + " must be at least 1"
                    + " (Integer.MAX_VALUE keeps every checkpoint)");
        }
        String why = badName(checkpointName);
        if (why != null) {
            throw new IllegalArgumentException("CheckpointManager: checkpointName '" + checkpointName + "' " + why
                    + "; it becomes the start of file names in the directory, e.g. 'ckpt'");
        }
        this.maxToKeep = maxToKeep;
        this.name = checkpointName;
        this.io = io;
        load();
    }

    private static String badName(String s) {
        if (s.isEmpty()) {
            return "is empty";
        }
        if (s.equals(".") || s.equals("..")) {
            return "is '.' or '..'";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '\\' || c == '"' || c < 0x20 || c == 0x7f) {
                return "contains '/', '\\', a quote or a control character";
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- the index

    private Path indexFile() {
        return directory.resolve(INDEX);
    }

    /** Reads the index, if any, into the fields; changes nothing if it is not a valid index. */
    private void load() throws IOException {
        Path file = indexFile();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            kept = new ArrayList<>();
            saveCounter = 0;
            indexSeen = null;
            return;
        }
        State s = parse(file, bytes);
        kept = s.kept;
        saveCounter = s.saveCounter;
        indexSeen = bytes;
    }

    private static final class State {
        final List<String> kept = new ArrayList<>();
        long saveCounter = -1;
    }

    private static State parse(Path file, byte[] bytes) throws IOException {
        State s = new State();
        String latest = null;
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String key = colon < 0 ? line : line.substring(0, colon).strip();
            String value = colon < 0 ? "" : line.substring(colon + 1).strip();
            switch (key) {
                case "save_counter":
                    try {
                        s.saveCounter = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        s.saveCounter = -1;
                    }
                    if (s.saveCounter < 0) {
                        throw corrupt(file, i, "save_counter '" + value + "' is not a count");
                    }
                    break;
                case "model_checkpoint_path":
                    latest = fileName(file, i, value);
                    break;
                case "all_model_checkpoint_paths":
                    String f = fileName(file, i, value);
                    if (s.kept.contains(f)) {
                        throw corrupt(file, i, "'" + f + "' is listed twice");
                    }
                    s.kept.add(f);
                    break;
                default:
                    throw corrupt(file, i, "unknown field '" + key + "'");
            }
        }
        if (s.saveCounter < 0) {
            throw corrupt(file, -1, "there is no save_counter");
        }
        String last = s.kept.isEmpty() ? null : s.kept.get(s.kept.size() - 1);
        if (!Objects.equals(latest, last)) {
            throw corrupt(file, -1, "model_checkpoint_path " + (latest == null ? "is missing" : "'" + latest + "'")
                    + " but the last of all_model_checkpoint_paths is " + (last == null ? "none" : "'" + last + "'"));
        }
        return s;
    }

    /** A quoted plain file name of the directory (never a path that leads out of it). */
    private static String fileName(Path file, int line, String value) throws IOException {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            throw corrupt(file, line, "expected a quoted file name, got '" + value + "'");
        }
        String f = value.substring(1, value.length() - 1);
        if (badName(f) != null) {
            throw corrupt(file, line, "'" + f + "' is not a plain file name of the directory");
        }
        return f;
    }

    private static IOException corrupt(Path file, int line, String what) {
        return new IOException("CheckpointManager: " + file + (line >= 0 ? " line " + (line + 1) : "") + ": " + what
                + "; this is not an index CheckpointManager wrote (to start afresh, move the directory's checkpoint"
                + " files and this index away)");
    }

    private static byte[] format(List<String> kept, long saveCounter) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        sb.append("save_counter: ").append(saveCounter).append('\n');
        if (!kept.isEmpty()) {
            sb.append("model_checkpoint_path: \"").append(kept.get(kept.size() - 1)).append("\"\n");
        }
        for (String f : kept) {
            sb.append("all_model_checkpoint_paths: \"").append(f).append("\"\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- save and restore

    /**
     * Saves the checkpoint as {@code <name>-<n>.npz} with {@code n} the incremented save counter, records it as
     * the latest, then deletes the oldest checkpoints beyond {@code maxToKeep}, as
     * {@code tf.train.CheckpointManager.save()}.
     *
     * <pre>{@code
     * Checkpoint ckpt = new Checkpoint().variable("w", new Variable(Tensors.zeros(DType.FLOAT32, 2)));
     * try {
     *     CheckpointManager m = new CheckpointManager(ckpt, java.nio.file.Files.createTempDirectory("run"), 2);
     *     m.save();   // ckpt-1.npz
     *     m.save();   // ckpt-2.npz
     *     m.save();   // ckpt-3.npz; ckpt-1.npz is deleted
     *     m.checkpoints();   // [<dir>/ckpt-2.npz, <dir>/ckpt-3.npz]
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @return the new checkpoint file
     * @throws IOException           if writing the checkpoint or the index fails; then nothing changed (see the
     *                               class comment)
     * @throws IllegalStateException if another manager has written the index since this one read it
     */
    public synchronized Path save() throws IOException {
        return saveAs(saveCounter + 1);
    }

    /**
     * Saves the checkpoint as {@code <name>-<checkpointNumber>.npz}, as
     * {@code tf.train.CheckpointManager.save(checkpoint_number)}, e.g. numbered by the training step. The save
     * counter is still incremented (as TensorFlow's), so a later {@link #save()} goes on from the counter, not
     * from this number. A number already in the list replaces that checkpoint's file and moves it to the end, as
     * the newest.
     *
     * <pre>{@code
     * Checkpoint ckpt = new Checkpoint().variable("w", new Variable(Tensors.zeros(DType.FLOAT32, 2)));
     * try {
     *     CheckpointManager m = new CheckpointManager(ckpt, java.nio.file.Files.createTempDirectory("run"), 5);
     *     m.save(1000);   // ckpt-1000.npz
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @param checkpointNumber the number in the file name, at least 0
     * @return the new checkpoint file
     * @throws IOException              if writing the checkpoint or the index fails; then nothing changed, except
     *                                  that a number already listed may have had its file replaced
     * @throws IllegalArgumentException if {@code checkpointNumber < 0}
     * @throws IllegalStateException    if another manager has written the index since this one read it
     */
    public synchronized Path save(long checkpointNumber) throws IOException {
        if (checkpointNumber < 0) {
            throw new IllegalArgumentException("CheckpointManager.save: checkpointNumber " + checkpointNumber
                    + " is negative");
        }
        return saveAs(checkpointNumber);
    }

    private Path saveAs(long number) throws IOException {
        if (saveCounter == Long.MAX_VALUE) {
            throw new IllegalStateException("CheckpointManager.save: the save counter is at 2^63 - 1");
        }
        checkNotChangedElsewhere();
        String file = name + "-" + number + ".npz";
        Path path = directory.resolve(file);
        boolean existed = Files.exists(path);

        List<String> next = new ArrayList<>(kept);
        next.remove(file);   // saved again: it moves to the end, as TensorFlow's _record_and_sweep_state
        next.add(file);
        List<String> dropped = new ArrayList<>();
        while (next.size() > maxToKeep) {
            dropped.add(next.remove(0));
        }
        byte[] index = format(next, saveCounter + 1);

        Files.createDirectories(directory);
        io.saveCheckpoint(checkpoint, path);
        try {
            io.writeIndex(indexFile(), index);
        } catch (IOException | RuntimeException | Error e) {
            if (!existed) {   // not listed anywhere: take it back, so that a failed save leaves nothing behind
                try {
                    io.delete(path);
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        kept = next;
        saveCounter++;
        indexSeen = index;
        for (String f : dropped) {
            try {
                io.delete(directory.resolve(f));
            } catch (IOException | RuntimeException e) {
                // the save itself succeeded and the index no longer names the file: report, do not fail
                LOG.log(System.Logger.Level.WARNING, "CheckpointManager: could not delete " + directory.resolve(f)
                        + ", no longer listed in " + indexFile() + ": " + e);
            }
        }
        return path;
    }

    /** Throws if the index on disk is not what this manager last read or wrote. */
    private void checkNotChangedElsewhere() throws IOException {
        byte[] now;
        try {
            now = Files.readAllBytes(indexFile());
        } catch (NoSuchFileException e) {
            now = null;
        }
        if (!Arrays.equals(now, indexSeen)) {
            throw new IllegalStateException("CheckpointManager.save: " + indexFile() + " was "
                    + (now == null ? "deleted" : "written") + " by someone else since this manager "
                    + (indexSeen == null ? "found none" : "read or wrote it")
                    + " (another CheckpointManager on " + directory + "?); only one manager may save to a directory"
                    + " at a time; nothing was saved");
        }
    }

    /**
     * Restores the checkpoint from {@link #latestCheckpoint()}, if there is one, as TensorFlow's
     * {@code checkpoint.restore(manager.latest_checkpoint)} and {@code restore_or_initialize()}; restoring is all or
     * nothing ({@link Checkpoint#restore}).
     *
     * <pre>{@code
     * Checkpoint ckpt = new Checkpoint().variable("w", new Variable(Tensors.zeros(DType.FLOAT32, 2)));
     * try {
     *     CheckpointManager m = new CheckpointManager(ckpt, java.nio.file.Files.createTempDirectory("run"), 3);
     *     if (m.restoreLatest() == null) {
     *         // a fresh start: nothing to restore
     *     }
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @return the file restored, or null when there is no checkpoint (nothing changed)
     * @throws IOException              if the latest file cannot be read (for example
     *                                  {@link java.nio.file.NoSuchFileException} when it was deleted by hand), or
     *                                  {@link NpzFormatException} if it is corrupt
     * @throws IllegalArgumentException if the file does not match the checkpoint's keys, dtypes or shapes
     */
    public synchronized Path restoreLatest() throws IOException {
        Path latest = latestCheckpoint();
        if (latest != null) {
            checkpoint.restore(latest);
        }
        return latest;
    }

    /**
     * Restores the checkpoint from {@link #latestCheckpoint()}, if there is one, ignoring the file's keys that the
     * checkpoint does not hold ({@link Checkpoint#restoreExpectPartial}), as TensorFlow's
     * {@code checkpoint.restore(manager.latest_checkpoint).expect_partial()}: for example a model alone, for
     * inference, from the checkpoints of a run that saved it with its optimizer. Every key of the checkpoint must
     * still be in the file (unlike TensorFlow, which leaves an object without a value in the file as it is); after
     * any exception nothing has changed.
     *
     * <pre>{@code
     * io.gradtape.nn.Module model = new Sequential(new Dense(4, 2, null));
     * Checkpoint training = new Checkpoint().module(model).optimizer(new io.gradtape.optimizers.SGD(0.1));
     * try {
     *     java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("run");
     *     new CheckpointManager(training, dir, 3).save();
     *     io.gradtape.nn.Module inference = new Sequential(new Dense(4, 2, null));
     *     new CheckpointManager(new Checkpoint().module(inference), dir, 3).restoreLatestExpectPartial();
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @return the file restored, or null when there is no checkpoint (nothing changed)
     * @throws IOException              if the latest file cannot be read (for example
     *                                  {@link java.nio.file.NoSuchFileException} when it was deleted by hand), or
     *                                  {@link NpzFormatException} if it is corrupt
     * @throws IllegalArgumentException if a key of the checkpoint is missing from the file, or a dtype or shape
     *                                  differs
     */
    public synchronized Path restoreLatestExpectPartial() throws IOException {
        Path latest = latestCheckpoint();
        if (latest != null) {
            checkpoint.restoreExpectPartial(latest);
        }
        return latest;
    }

    // ---------------------------------------------------------------- state

    /**
     * The newest checkpoint file, as {@code tf.train.CheckpointManager.latest_checkpoint}.
     *
     * <pre>{@code
     * Checkpoint ckpt = new Checkpoint().variable("w", new Variable(Tensors.zeros(DType.FLOAT32, 2)));
     * try {
     *     new CheckpointManager(ckpt, java.nio.file.Files.createTempDirectory("run"), 3).latestCheckpoint();   // null
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @return the file, or null when there is none
     */
    public synchronized Path latestCheckpoint() {
        return kept.isEmpty() ? null : directory.resolve(kept.get(kept.size() - 1));
    }

    /**
     * The kept checkpoint files, oldest first, as {@code tf.train.CheckpointManager.checkpoints}.
     *
     * <pre>{@code
     * Checkpoint ckpt = new Checkpoint().variable("w", new Variable(Tensors.zeros(DType.FLOAT32, 2)));
     * try {
     *     CheckpointManager m = new CheckpointManager(ckpt, java.nio.file.Files.createTempDirectory("run"), 3);
     *     m.save();
     *     m.checkpoints();   // [<dir>/ckpt-1.npz]
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @return an unmodifiable list of at most {@code maxToKeep} files
     */
    public synchronized List<Path> checkpoints() {
        List<Path> out = new ArrayList<>(kept.size());
        for (String f : kept) {
            out.add(directory.resolve(f));
        }
        return List.copyOf(out);
    }

    /**
     * The number of saves made in this directory (by this manager and those before it), the number the last
     * {@link #save()} used; 0 before the first. TensorFlow's {@code checkpoint.save_counter}.
     *
     * <pre>{@code
     * Checkpoint ckpt = new Checkpoint().variable("w", new Variable(Tensors.zeros(DType.FLOAT32, 2)));
     * try {
     *     new CheckpointManager(ckpt, java.nio.file.Files.createTempDirectory("run"), 3).saveCounter();   // 0
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @return at least 0
     */
    public synchronized long saveCounter() {
        return saveCounter;
    }

    /**
     * The directory of the checkpoints and the index.
     *
     * <pre>{@code
     * Checkpoint ckpt = new Checkpoint();
     * try {
     *     new CheckpointManager(ckpt, java.nio.file.Path.of("/tmp/run"), 3).directory();   // /tmp/run
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @return the directory given to the constructor
     */
    public Path directory() {
        return directory;
    }

    /**
     * How many checkpoints are kept.
     *
     * <pre>{@code
     * Checkpoint ckpt = new Checkpoint();
     * try {
     *     new CheckpointManager(ckpt, java.nio.file.Path.of("/tmp/run"), 3).maxToKeep();   // 3
     * } catch (java.io.IOException e) {
     *     throw new java.io.UncheckedIOException(e);
     * }
     * }</pre>
     *
     * @return at least 1
     */
    public int maxToKeep() {
        return maxToKeep;
    }
}
