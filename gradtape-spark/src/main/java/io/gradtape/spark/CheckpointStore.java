package io.gradtape.spark;

import io.gradtape.checkpoint.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;

/**
 * Where a training run's checkpoint lives: a local file, or a file on any Hadoop file system (HDFS, S3A, ...).
 *
 * <p>Local files are written by {@link Checkpoint#save} itself (temporary file, forced to the device, atomic
 * rename). On another file system the checkpoint is first saved to a local temporary file, copied next to the
 * target, and renamed over it with {@code FileContext.rename(..., OVERWRITE)} (atomic on HDFS), so a crash leaves
 * the previous checkpoint readable.
 */
final class CheckpointStore {
    private final org.apache.hadoop.fs.Path target;
    private final Configuration conf;

    CheckpointStore(String path) {
        this(path, new Configuration());
    }

    CheckpointStore(String path, Configuration conf) {
        this.target = new org.apache.hadoop.fs.Path(path);
        this.conf = conf;
    }

    private FileSystem fs() throws IOException {
        return target.getFileSystem(conf);
    }

    private Path localPath(FileSystem fs) {
        return Path.of(((LocalFileSystem) fs).pathToFile(target).getPath());
    }

    /** Restores {@code checkpoint} from the target if it exists (all or nothing, see {@link Checkpoint#restore}). */
    void restoreIfPresent(Checkpoint checkpoint) {
        try {
            FileSystem fs = fs();
            if (!fs.exists(target)) {
                return;
            }
            if (fs instanceof LocalFileSystem) {
                checkpoint.restore(localPath(fs));
                return;
            }
            Path local = Files.createTempFile("gradtape-ckpt", ".npz");
            try {
                fs.copyToLocalFile(false, target, new org.apache.hadoop.fs.Path(local.toUri()), true);
                checkpoint.restore(local);
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("SparkTrainer: cannot restore the checkpoint " + target, e);
        }
    }

    /** Saves {@code checkpoint} over the target atomically. */
    void save(Checkpoint checkpoint) {
        try {
            FileSystem fs = fs();
            if (fs instanceof LocalFileSystem) {
                Path local = localPath(fs);
                if (local.getParent() != null) {
                    Files.createDirectories(local.getParent());
                }
                checkpoint.save(local);
                return;
            }
            Path dir = Files.createTempDirectory("gradtape-ckpt");
            Path local = dir.resolve("checkpoint.npz");
            try {
                checkpoint.save(local);
                org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(),
                        "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
                fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), tmp);
                FileContext.getFileContext(target.toUri(), conf).rename(tmp, target, Options.Rename.OVERWRITE);
            } finally {
                Files.deleteIfExists(local);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("SparkTrainer: cannot save the checkpoint " + target, e);
        }
    }
}
