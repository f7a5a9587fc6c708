package io.gradtape.summary;

import io.gradtape.Tensor;
import io.gradtape.internal.summary.EventProto;
import io.gradtape.internal.summary.HistogramBuckets;
import io.gradtape.internal.summary.TfRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes TensorBoard event files from a custom training loop, as TensorFlow 2's {@code tf.summary} with a writer from
 * {@code tf.summary.create_file_writer}: {@link #scalar}, {@link #histogram} and {@link #text} summaries, each at a
 * step, in the format TF2 writes them, so that TensorBoard's Scalars, Histograms/Distributions and Text dashboards
 * show them.
 *
 * <p>The file is {@code <logdir>/events.out.tfevents.<seconds, 10 digits>.<hostname>.<pid>.<counter>.v2}, TFRecord
 * framed {@code Event} protos: first one with {@code file_version "brain.Event:2"}, then one {@code Event} per summary
 * with {@code wall_time} (seconds since the epoch), {@code step} and a {@code Summary} of one value.
 *
 * <p>Writes are append-only. Each record is handed to the operating system whole, with one write, as soon as its
 * method returns (TF instead queues up to 10 events in memory and flushes every 120 s), so TensorBoard sees it while
 * the run goes on and a crashed JVM leaves only whole records behind. {@link #flush()} additionally forces the file to
 * the storage device; {@link #close()} flushes and closes. A writer is safe to use from several threads.
 *
 * <p>Errors: a bad tag (empty or holding a control character) or bad data is an {@link IllegalArgumentException}
 * that writes nothing; any call after {@link #close()} is an {@link IllegalStateException}; an I/O failure is an
 * {@link UncheckedIOException}.
 *
 * <p>A training loop (view the run with {@code tensorboard --logdir runs}, then open http://localhost:6006):
 * <pre>{@code
 * Variable w = new Variable(Tensors.constant(new float[] {3f, -1f}, 2));
 * try (SummaryWriter writer = SummaryWriter.create(java.nio.file.Files.createTempDirectory("runs"))) {
 *     for (long step = 0; step < 3; step++) {
 *         Tensor loss;
 *         GradientTape tape = new GradientTape();
 *         try (tape) { loss = Tensors.reduceSum(Tensors.square(w)); }
 *         w.assignSub(tape.gradient(loss, w).mul(0.1));
 *         writer.scalar("loss", loss.doubleValue(), step);
 *         writer.histogram("weights/w", w, step);
 *     }
 *     writer.text("notes", "lr = 0.1", 0);
 * }
 * }</pre>
 */
public final class SummaryWriter implements AutoCloseable {
    private static final String FILE_VERSION = "brain.Event:2";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path file;
    private FileChannel channel;

    private SummaryWriter(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Creates {@code logdir} (and its parents) if needed and starts a new event file in it, as
     * {@code tf.summary.create_file_writer(logdir)}. The file's first record (the {@code file_version} event) is
     * written before this returns.
     *
     * <pre>{@code
     * try (SummaryWriter w = SummaryWriter.create(java.nio.file.Files.createTempDirectory("logs"))) {
     *     w.scalar("accuracy", 0.5, 1);
     * }
     * }</pre>
     *
     * @param logdir the run's directory (TensorBoard shows each directory under {@code --logdir} as a run)
     * @return an open writer
     * @throws UncheckedIOException if the directory or file cannot be created
     */
    public static SummaryWriter create(Path logdir) {
        Objects.requireNonNull(logdir, "logdir");
        long seconds = Instant.now().getEpochSecond();
        String name = String.format("events.out.tfevents.%010d.%s.%d.%d.v2", seconds, hostname(),
                ProcessHandle.current().pid(), COUNTER.getAndIncrement());
        Path file = logdir.resolve(name);
        FileChannel ch = null;
        try {
            Files.createDirectories(logdir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            SummaryWriter w = new SummaryWriter(file, ch);
            w.writeRecord(EventProto.fileVersionEvent(wallTime(), FILE_VERSION));
            return w;
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new UncheckedIOException("SummaryWriter.create: cannot start an event file in " + logdir, e);
        }
    }

    /**
     * The event file this writer appends to.
     *
     * <pre>{@code
     * try (SummaryWriter w = SummaryWriter.create(java.nio.file.Files.createTempDirectory("logs"))) {
     *     String name = w.file().getFileName().toString();   // events.out.tfevents.<seconds>.<host>.<pid>.<n>.v2
     * }
     * }</pre>
     *
     * @return the file's path
     */
    public Path file() {
        return file;
    }

    /**
     * Writes a scalar summary, as TF2's {@code tf.summary.scalar(tag, value, step)}: a rank-0 float32 tensor (so the
     * value is rounded to float32, as TF casts it) with metadata plugin {@code "scalars"} and data class
     * {@code DATA_CLASS_SCALAR}. NaN and infinities are written as they are (TensorBoard shows them), which helps to
     * see a diverging run.
     *
     * <pre>{@code
     * try (SummaryWriter w = SummaryWriter.create(java.nio.file.Files.createTempDirectory("logs"))) {
     *     w.scalar("train/loss", 0.25, 100);
     * }
     * }</pre>
     *
     * @param tag  the series' name ({@code /} groups series in TensorBoard), non-empty, no control characters
     * @param value the value at this step
     * @param step the step (any {@code long}; TensorBoard plots it on the x axis)
     * @throws IllegalArgumentException for a bad tag
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized void scalar(String tag, double value, long step) {
        checkTag("scalar", tag);
        ensureOpen("scalar");
        byte[] content = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat((float) value).array();
        byte[] tensor = EventProto.numericTensor(EventProto.DT_FLOAT, new long[0], content);
        writeSummary(tag, step, EventProto.metadata("scalars", EventProto.DATA_CLASS_SCALAR), tensor);
    }

    /**
     * Writes a histogram of all of {@code values}' elements (any shape, any dtype, converted to float64), as TF2's
     * {@code tf.summary.histogram(tag, values, step)} with its default 30 buckets: a float64 tensor of shape
     * {@code (k, 3)} whose rows are {@code [left_edge, right_edge, count]}, metadata plugin {@code "histograms"},
     * data class {@code DATA_CLASS_TENSOR}. {@code k} is 30 in general: equal-width buckets spanning
     * {@code [min, max]}, the maximum counted in the last; 0 for an empty tensor; 1 when all values equal {@code c}
     * (the bucket {@code [c - 0.5, c + 0.5]}). Bucketing as {@code _buckets} in TensorBoard's
     * {@code plugins/histogram/summary_v2.py}.
     *
     * <pre>{@code
     * try (SummaryWriter w = SummaryWriter.create(java.nio.file.Files.createTempDirectory("logs"))) {
     *     w.histogram("layer1/kernel", Tensors.constant(new float[] {0f, 1f, 1f, 3f}, 2, 2), 0);
     * }
     * }</pre>
     *
     * @param tag    the series' name, non-empty, no control characters
     * @param values the data; its gradient is not tracked
     * @param step   the step
     * @throws IllegalArgumentException for a bad tag or a NaN or infinite element (whose bucket is undefined)
     * @throws IllegalStateException after {@link #close()}
     */
    public void histogram(String tag, Tensor values, long step) {
        histogram(tag, values, step, HistogramBuckets.DEFAULT_BUCKET_COUNT);
    }

    /**
     * {@link #histogram(String, Tensor, long)} with {@code buckets} equal-width buckets instead of 30, as
     * {@code tf.summary.histogram(tag, values, step, buckets=...)}; the empty and single-value cases still give 0 and 1
     * rows.
     *
     * <pre>{@code
     * try (SummaryWriter w = SummaryWriter.create(java.nio.file.Files.createTempDirectory("logs"))) {
     *     w.histogram("grads/dense", Tensors.constant(new float[] {0f, 1f, 1f, 3f}, 4), 0, 3);
     *     // rows [0, 1, 1], [1, 2, 2], [2, 3, 1]
     * }
     * }</pre>
     *
     * @param tag     the series' name, non-empty, no control characters
     * @param values  the data; its gradient is not tracked
     * @param step    the step
     * @param buckets the number of buckets, at least 1
     * @throws IllegalArgumentException for a bad tag, {@code buckets < 1}, or a NaN or infinite element
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized void histogram(String tag, Tensor values, long step, int buckets) {
        checkTag("histogram", tag);
        Objects.requireNonNull(values, "values");
        if (buckets < 1) {
            throw new IllegalArgumentException("SummaryWriter.histogram(\"" + tag + "\"): buckets is " + buckets
                    + "; it must be at least 1 (TensorBoard's default is " + HistogramBuckets.DEFAULT_BUCKET_COUNT + ")");
        }
        ensureOpen("histogram");
        double[] data = values.toDoubleArray();
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException("SummaryWriter.histogram(\"" + tag + "\"): element " + i
                        + " of the " + values.dtype() + " tensor of shape " + values.shape()
                        + " is " + data[i] + "; a histogram needs finite values (log it with scalar() to track it)");
            }
        }
        double[] rows = HistogramBuckets.of(data, buckets);
        ByteBuffer content = ByteBuffer.allocate(8 * rows.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double r : rows) {
            content.putDouble(r);
        }
        byte[] tensor = EventProto.numericTensor(EventProto.DT_DOUBLE, new long[] {rows.length / 3, 3},
                content.array());
        writeSummary(tag, step, EventProto.metadata("histograms", EventProto.DATA_CLASS_TENSOR), tensor);
    }

    /**
     * Writes a text summary, as TF2's {@code tf.summary.text(tag, text, step)}: a rank-0 string tensor (UTF-8) with
     * metadata plugin {@code "text"}, data class {@code DATA_CLASS_TENSOR}. TensorBoard renders it as Markdown.
     *
     * <pre>{@code
     * try (SummaryWriter w = SummaryWriter.create(java.nio.file.Files.createTempDirectory("logs"))) {
     *     w.text("config", "**optimizer**: Adam, lr 1e-3", 0);
     * }
     * }</pre>
     *
     * @param tag  the series' name, non-empty, no control characters
     * @param text the text (any string, newlines included)
     * @param step the step
     * @throws IllegalArgumentException for a bad tag
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized void text(String tag, String text, long step) {
        checkTag("text", tag);
        Objects.requireNonNull(text, "text");
        ensureOpen("text");
        writeSummary(tag, step, EventProto.metadata("text", EventProto.DATA_CLASS_TENSOR),
                EventProto.scalarStringTensor(text));
    }

    /**
     * Forces what was written to the storage device ({@code FileChannel.force}). Every record already reached the
     * operating system (and readers such as TensorBoard) when its method returned; this makes it survive a power loss
     * too.
     *
     * <pre>{@code
     * try (SummaryWriter w = SummaryWriter.create(java.nio.file.Files.createTempDirectory("logs"))) {
     *     w.scalar("loss", 1.0, 0);
     *     w.flush();
     * }
     * }</pre>
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized void flush() {
        ensureOpen("flush");
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("SummaryWriter.flush: " + file, e);
        }
    }

    /**
     * Flushes and closes the file; later calls other than {@code close()} throw {@link IllegalStateException}.
     * Closing twice does nothing.
     *
     * <pre>{@code
     * SummaryWriter w = SummaryWriter.create(java.nio.file.Files.createTempDirectory("logs"));
     * w.scalar("loss", 1.0, 0);
     * w.close();
     * }</pre>
     */
    @Override
    public synchronized void close() {
        if (channel == null) {
            return;
        }
        FileChannel ch = channel;
        channel = null;
        try (ch) {
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("SummaryWriter.close: " + file, e);
        }
    }

    private void writeSummary(String tag, long step, byte[] metadata, byte[] tensor) {
        writeRecord(EventProto.summaryEvent(wallTime(), step, tag, metadata, tensor));
    }

    private void writeRecord(byte[] event) {
        ByteBuffer record = ByteBuffer.wrap(TfRecord.frame(event));
        try {
            while (record.hasRemaining()) {
                channel.write(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("SummaryWriter: writing to " + file, e);
        }
    }

    private void ensureOpen(String op) {
        if (channel == null) {
            throw new IllegalStateException("SummaryWriter." + op + ": the writer for " + file + " is closed");
        }
    }

    private static void checkTag(String op, String tag) {
        Objects.requireNonNull(tag, "tag");
        if (tag.isEmpty()) {
            throw new IllegalArgumentException("SummaryWriter." + op + ": the tag is empty; name the series, e.g. \"loss\"");
        }
        for (int i = 0; i < tag.length(); i++) {
            if (Character.isISOControl(tag.charAt(i))) {
                throw new IllegalArgumentException("SummaryWriter." + op + ": tag \"" + tag.replaceAll("\\p{Cntrl}", "?")
                        + "\" holds a control character at index " + i + "; use letters, digits, '_', '-', '.', '/'");
            }
        }
    }

    private static double wallTime() {
        Instant now = Instant.now();
        return now.getEpochSecond() + now.getNano() / 1e9;
    }

    private static String hostname() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h == null || h.isEmpty() ? "localhost" : h;
        } catch (IOException | SecurityException e) {
            return "localhost";
        }
    }
}
