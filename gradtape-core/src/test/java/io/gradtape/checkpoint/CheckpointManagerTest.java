package io.gradtape.checkpoint;

import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * CheckpointManager against tf.train.CheckpointManager (tensorflow/python/checkpoint/checkpoint_management.py):
 * numbering by the save counter, the newest max_to_keep kept (_sweep deletes the oldest), latest_checkpoint and
 * checkpoints, state taken over by a new manager (__init__ reads get_checkpoint_state), a re-saved number moved to
 * the end (_record_and_sweep_state); and what TensorFlow leaves open: a failed or interrupted save changes nothing.
 */
class CheckpointManagerTest {
    @TempDir
    Path dir;

    Variable step;
    Checkpoint ckpt;

    @BeforeEach
    void setUp() {
        step = new Variable(Tensors.constant(0L), false);
        ckpt = new Checkpoint().variable("step", step);
    }

    /** Sets step to {@code s} and saves. */
    private Path saveAt(CheckpointManager m, long s) throws IOException {
        step.assign(Tensors.constant(s));
        return m.save();
    }

    /** The files in the directory, sorted. */
    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private List<Path> paths(String... names) {
        List<Path> out = new ArrayList<>();
        for (String n : names) out.add(dir.resolve(n));
        return out;
    }

    private String index() throws IOException {
        return Files.readString(dir.resolve("checkpoint"));
    }

    @Test
    void savesAreNumberedAndOnlyTheNewestAreKept() throws IOException {
        CheckpointManager m = new CheckpointManager(ckpt, dir, 2);
        assertNull(m.latestCheckpoint());
        assertEquals(List.of(), m.checkpoints());
        assertEquals(0, m.saveCounter());
        assertEquals(List.of(), files(), "nothing is written before the first save");

        assertEquals(dir.resolve("ckpt-1.npz"), saveAt(m, 10));
        assertEquals(dir.resolve("ckpt-2.npz"), saveAt(m, 20));
        assertEquals(List.of("checkpoint", "ckpt-1.npz", "ckpt-2.npz"), files());
        assertEquals(dir.resolve("ckpt-3.npz"), saveAt(m, 30));
        // max_to_keep 2: ckpt-1 is swept
        assertEquals(List.of("checkpoint", "ckpt-2.npz", "ckpt-3.npz"), files());
        assertEquals(paths("ckpt-2.npz", "ckpt-3.npz"), m.checkpoints());
        assertEquals(dir.resolve("ckpt-3.npz"), m.latestCheckpoint());
        assertEquals(3, m.saveCounter());
        assertEquals("# gradtape CheckpointManager index; written by CheckpointManager only\n"
                + "save_counter: 3\n"
                + "model_checkpoint_path: \"ckpt-3.npz\"\n"
                + "all_model_checkpoint_paths: \"ckpt-2.npz\"\n"
                + "all_model_checkpoint_paths: \"ckpt-3.npz\"\n", index());
        // each file holds the state of its save
        assertEquals(20L, Npz.read(dir.resolve("ckpt-2.npz")).get("step").longValue());
        assertEquals(30L, Npz.read(dir.resolve("ckpt-3.npz")).get("step").longValue());
        assertThrows(UnsupportedOperationException.class, () -> m.checkpoints().clear());
    }

    @Test
    void restoreLatestRestoresTheNewestSave() throws IOException {
        CheckpointManager m = new CheckpointManager(ckpt, dir, 3);
        step.assign(Tensors.constant(5L));
        assertNull(m.restoreLatest(), "no checkpoint: nothing restored");
        assertEquals(5L, step.longValue());
        saveAt(m, 1);
        saveAt(m, 2);
        step.assign(Tensors.constant(99L));
        assertEquals(dir.resolve("ckpt-2.npz"), m.restoreLatest());
        assertEquals(2L, step.longValue());
        // a latest file deleted by hand is an error, not a silent fresh start
        Files.delete(dir.resolve("ckpt-2.npz"));
        assertThrows(NoSuchFileException.class, m::restoreLatest);
        assertEquals(2L, step.longValue());
    }

    @Test
    void aNewManagerOnTheDirectoryGoesOnWhereTheLastStopped() throws IOException {
        CheckpointManager first = new CheckpointManager(ckpt, dir, 2);
        for (int s = 1; s <= 3; s++) saveAt(first, 10 * s);

        step.assign(Tensors.constant(0L));
        CheckpointManager second = new CheckpointManager(ckpt, dir, 2);
        assertEquals(paths("ckpt-2.npz", "ckpt-3.npz"), second.checkpoints());
        assertEquals(dir.resolve("ckpt-3.npz"), second.latestCheckpoint());
        assertEquals(3, second.saveCounter());
        assertEquals(dir.resolve("ckpt-3.npz"), second.restoreLatest());
        assertEquals(30L, step.longValue());
        assertEquals(dir.resolve("ckpt-4.npz"), saveAt(second, 40), "numbering goes on, nothing overwritten");
        assertEquals(List.of("checkpoint", "ckpt-3.npz", "ckpt-4.npz"), files());

        // a manager keeping fewer deletes only at its next save (TensorFlow: only just after a new checkpoint)
        CheckpointManager third = new CheckpointManager(ckpt, dir, 1);
        assertEquals(paths("ckpt-3.npz", "ckpt-4.npz"), third.checkpoints());
        assertEquals(List.of("checkpoint", "ckpt-3.npz", "ckpt-4.npz"), files());
        saveAt(third, 50);
        assertEquals(List.of("checkpoint", "ckpt-5.npz"), files());
        assertEquals(paths("ckpt-5.npz"), third.checkpoints());
    }

    /** save(checkpoint_number): the counter still counts; a number saved again moves to the end of the list. */
    @Test
    void saveWithANumber() throws IOException {
        CheckpointManager m = new CheckpointManager(ckpt, dir, 3, "model");
        assertEquals(dir.resolve("model-100.npz"), m.save(100));
        assertEquals(1, m.saveCounter());
        assertEquals(dir.resolve("model-2.npz"), m.save());
        step.assign(Tensors.constant(7L));
        assertEquals(dir.resolve("model-100.npz"), m.save(100));
        assertEquals(paths("model-2.npz", "model-100.npz"), m.checkpoints());
        assertEquals(3, m.saveCounter());
        assertEquals(7L, Npz.read(dir.resolve("model-100.npz")).get("step").longValue(), "replaced");
        assertEquals("CheckpointManager.save: checkpointNumber -1 is negative",
                assertThrows(IllegalArgumentException.class, () -> m.save(-1)).getMessage());
        assertEquals(3, m.saveCounter());
    }

    /** Stands for the process dying: an Error that nothing in a save catches. */
    private static final class Crash extends Error {
    }

    /** File operations that fail on a chosen call: an IOException, or an Error standing for a crash. */
    private static final class Failing implements CheckpointManager.Io {
        int failSaveAt = -1;
        int failIndexAt = -1;
        int crashDeleteAt = -1;
        int saves;
        int indexes;
        int deletes;

        @Override
        public void saveCheckpoint(Checkpoint c, Path file) throws IOException {
            if (++saves == failSaveAt) throw new IOException("disk full (injected)");
            CheckpointManager.FILES.saveCheckpoint(c, file);
        }

        @Override
        public void writeIndex(Path file, byte[] content) throws IOException {
            if (++indexes == failIndexAt) throw new IOException("disk full (injected)");
            CheckpointManager.FILES.writeIndex(file, content);
        }

        @Override
        public void delete(Path file) throws IOException {
            if (++deletes == crashDeleteAt) throw new Crash();
            CheckpointManager.FILES.delete(file);
        }
    }

    /** Everything a save could change: the files with their bytes, the list, the latest, the counter. */
    private List<Object> state(CheckpointManager m) throws IOException {
        List<Object> out = new ArrayList<>();
        for (String f : files()) out.add(f + ":" + java.util.Arrays.hashCode(Files.readAllBytes(dir.resolve(f))));
        out.add(m.checkpoints());
        out.add(m.latestCheckpoint());
        out.add(m.saveCounter());
        return out;
    }

    @Test
    void aFailedCheckpointWriteChangesNothing() throws IOException {
        Failing io = new Failing();
        io.failSaveAt = 3;
        CheckpointManager m = new CheckpointManager(ckpt, dir, 2, "ckpt", io);
        saveAt(m, 1);
        saveAt(m, 2);
        List<Object> before = state(m);
        IOException e = assertThrows(IOException.class, () -> saveAt(m, 3));
        assertEquals("disk full (injected)", e.getMessage());
        assertEquals(before, state(m), "no file, no list entry, no count; ckpt-1 not swept");
        assertEquals(List.of("checkpoint", "ckpt-1.npz", "ckpt-2.npz"), files());
        assertEquals(dir.resolve("ckpt-3.npz"), saveAt(m, 3), "the next save takes the number the failed one had");
        assertEquals(List.of("checkpoint", "ckpt-2.npz", "ckpt-3.npz"), files());
    }

    @Test
    void aFailedIndexWriteChangesNothingAndTakesTheNewFileBack() throws IOException {
        Failing io = new Failing();
        io.failIndexAt = 3;
        CheckpointManager m = new CheckpointManager(ckpt, dir, 2, "ckpt", io);
        saveAt(m, 1);
        saveAt(m, 2);
        List<Object> before = state(m);
        String indexBefore = index();
        assertThrows(IOException.class, () -> saveAt(m, 3));
        assertEquals(before, state(m));
        assertEquals(indexBefore, index());
        assertFalse(Files.exists(dir.resolve("ckpt-3.npz")), "the unlisted new file is deleted again");
        assertTrue(Files.exists(dir.resolve("ckpt-1.npz")), "the old checkpoints are all still there");
        // a new manager sees the state before the failed save, and restores from it
        CheckpointManager again = new CheckpointManager(ckpt, dir, 2);
        assertEquals(paths("ckpt-1.npz", "ckpt-2.npz"), again.checkpoints());
        step.assign(Tensors.constant(0L));
        again.restoreLatest();
        assertEquals(2L, step.longValue());
        // and the failing manager itself goes on
        assertEquals(dir.resolve("ckpt-3.npz"), saveAt(m, 3));
        assertEquals(paths("ckpt-2.npz", "ckpt-3.npz"), m.checkpoints());
    }

    /**
     * A crash between the index write and the deletions (an Error from the first delete stands for the process
     * dying there): the save is complete, the index names only existing files, and the checkpoint it would have
     * deleted stays behind unlisted; the next manager works on.
     */
    @Test
    void aCrashWhileDeletingLeavesAConsistentIndex() throws IOException {
        Failing io = new Failing();
        io.crashDeleteAt = 1;
        CheckpointManager m = new CheckpointManager(ckpt, dir, 2, "ckpt", io);
        saveAt(m, 1);
        saveAt(m, 2);
        assertThrows(Crash.class, () -> saveAt(m, 3));
        CheckpointManager after = new CheckpointManager(ckpt, dir, 2);
        assertEquals(paths("ckpt-2.npz", "ckpt-3.npz"), after.checkpoints());
        for (Path p : after.checkpoints()) assertTrue(Files.exists(p), p + " is listed and must exist");
        assertEquals(List.of("checkpoint", "ckpt-1.npz", "ckpt-2.npz", "ckpt-3.npz"), files(), "ckpt-1 left over");
        step.assign(Tensors.constant(0L));
        after.restoreLatest();
        assertEquals(3L, step.longValue());
        saveAt(after, 4);
        assertEquals(paths("ckpt-3.npz", "ckpt-4.npz"), after.checkpoints());
        // a crash inside the index write (before its rename) is the IOException case: the atomic write leaves the
        // old index, and no temporary file survives a failure that Java sees
        assertTrue(files().stream().noneMatch(f -> f.endsWith(".tmp")), files().toString());
    }

    @Test
    void aSecondManagerOnTheSameDirectoryIsRefusedBeforeWriting() throws IOException {
        CheckpointManager a = new CheckpointManager(ckpt, dir, 3);
        CheckpointManager b = new CheckpointManager(ckpt, dir, 3);
        saveAt(a, 1);
        List<String> filesBefore = files();
        String indexBefore = index();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> saveAt(b, 2));
        assertTrue(e.getMessage().startsWith("CheckpointManager.save: " + dir.resolve("checkpoint") + " was written by"
                + " someone else since this manager found none"), e.getMessage());
        assertTrue(e.getMessage().endsWith("only one manager may save to a directory at a time; nothing was saved"));
        assertEquals(filesBefore, files());
        assertEquals(indexBefore, index());
        assertEquals(0, b.saveCounter());
        saveAt(a, 2);   // the first goes on
        assertEquals(paths("ckpt-1.npz", "ckpt-2.npz"), a.checkpoints());
        // an index deleted behind the manager's back
        Files.delete(dir.resolve("checkpoint"));
        assertTrue(assertThrows(IllegalStateException.class, () -> saveAt(a, 3)).getMessage()
                .contains(" was deleted by someone else"));
    }

    /** One manager, saves from several threads: serialized, none lost, the newest 3 kept. */
    @Test
    void concurrentSavesOnOneManagerAreSerialized() throws Exception {
        CheckpointManager m = new CheckpointManager(ckpt, dir, 3);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 5; i++) m.save();
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdown();
        }
        assertEquals(20, m.saveCounter());
        assertEquals(paths("ckpt-18.npz", "ckpt-19.npz", "ckpt-20.npz"), m.checkpoints());
        assertEquals(List.of("checkpoint", "ckpt-18.npz", "ckpt-19.npz", "ckpt-20.npz"), files());
        assertEquals(m.checkpoints(), new CheckpointManager(ckpt, dir, 3).checkpoints());
    }

    @Test
    void aDirectoryIsCreatedByTheFirstSave() throws IOException {
        Path sub = dir.resolve("a/b");
        CheckpointManager m = new CheckpointManager(ckpt, sub, 1);
        assertFalse(Files.exists(sub), "the constructor writes nothing");
        assertEquals(sub.resolve("ckpt-1.npz"), m.save());
        assertEquals(sub, m.directory());
        assertEquals(1, m.maxToKeep());
    }

    @Test
    void aCorruptIndexIsRefusedNamingFileAndLine() throws IOException {
        Path index = dir.resolve("checkpoint");
        Files.writeString(index, "save_counter: 2\nall_model_checkpoint_paths: \"../../etc/x.npz\"\n");
        IOException e = assertThrows(IOException.class, () -> new CheckpointManager(ckpt, dir, 2));
        assertEquals("CheckpointManager: " + index + " line 2: '../../etc/x.npz' is not a plain file name of the"
                + " directory; this is not an index CheckpointManager wrote (to start afresh, move the directory's"
                + " checkpoint files and this index away)", e.getMessage());
        Files.writeString(index, "save_counter: 1\nmodel_checkpoint_path: \"ckpt-1.npz\"\n");
        assertTrue(assertThrows(IOException.class, () -> new CheckpointManager(ckpt, dir, 2)).getMessage()
                .contains(": model_checkpoint_path 'ckpt-1.npz' but the last of all_model_checkpoint_paths is none;"));
        Files.writeString(index, "model_checkpoint_path: \"ckpt-1.npz\"\nall_model_checkpoint_paths: \"ckpt-1.npz\"\n");
        assertTrue(assertThrows(IOException.class, () -> new CheckpointManager(ckpt, dir, 2)).getMessage()
                .contains(": there is no save_counter;"));
        Files.writeString(index, "save_counter: -3\n");
        assertTrue(assertThrows(IOException.class, () -> new CheckpointManager(ckpt, dir, 2)).getMessage()
                .contains(" line 1: save_counter '-3' is not a count;"));
        Files.writeString(index, "save_counter: 1\nlast_preserved_timestamp: 3.0\n");
        assertTrue(assertThrows(IOException.class, () -> new CheckpointManager(ckpt, dir, 2)).getMessage()
                .contains(" line 2: unknown field 'last_preserved_timestamp';"));
        // the index this class writes parses back (comment, order and quoting as written)
        Files.writeString(index, "# a comment\nsave_counter: 4\nmodel_checkpoint_path: \"ckpt-4.npz\"\n"
                + "all_model_checkpoint_paths: \"ckpt-3.npz\"\nall_model_checkpoint_paths: \"ckpt-4.npz\"\n");
        CheckpointManager m = new CheckpointManager(ckpt, dir, 2);
        assertEquals(paths("ckpt-3.npz", "ckpt-4.npz"), m.checkpoints());
        assertEquals(4, m.saveCounter());
    }

    @Test
    void badArgumentsAreRefused() {
        assertEquals("CheckpointManager: maxToKeep 0 must be at least 1 (Integer.MAX_VALUE keeps every checkpoint)",
                assertThrows(IllegalArgumentException.class, () -> new CheckpointManager(ckpt, dir, 0)).getMessage());
        for (String bad : new String[] {"", "..", "a/b", "a\\b", "a\"b", "a\nb"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new CheckpointManager(ckpt, dir, 1, bad));
            assertTrue(e.getMessage().startsWith("CheckpointManager: checkpointName '"), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> new CheckpointManager(null, dir, 1));
        assertThrows(NullPointerException.class, () -> new CheckpointManager(ckpt, null, 1));
        assertThrows(NullPointerException.class, () -> new CheckpointManager(ckpt, dir, 1, null));
    }

    /** A save whose checkpoint itself refuses to save (a key collision) changes nothing either. */
    @Test
    void aCheckpointThatCannotBeSavedChangesNothing() throws IOException {
        CheckpointManager m = new CheckpointManager(ckpt, dir, 2);
        saveAt(m, 1);
        List<Object> before = state(m);
        // the variable's key collides with the optimizer's step count only when the state is listed, at save
        Checkpoint broken = new Checkpoint().variable("optimizer/iterations", new Variable(Tensors.constant(0L), false))
                .optimizer(new io.gradtape.optimizers.SGD());
        CheckpointManager b = new CheckpointManager(broken, dir, 2);
        assertTrue(assertThrows(IllegalArgumentException.class, b::save).getMessage()
                .startsWith("Checkpoint: key 'optimizer/iterations' is used twice"));
        assertEquals(before, state(m));
        assertEquals(1, b.saveCounter());
    }
}
