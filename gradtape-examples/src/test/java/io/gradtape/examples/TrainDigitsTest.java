package io.gradtape.examples;

import io.gradtape.Tensor;
import io.gradtape.checkpoint.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training demo: its accuracy with the fixed seed, the files it writes, and the README's copy of its loop. */
class TrainDigitsTest {
    @TempDir
    Path dir;

    @Test
    void reachesNinetySevenPercentAndWritesCheckpointAndPlot() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainDigits.Result r = TrainDigits.train(dir, TrainDigits.SEED, false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String log = bytes.toString(StandardCharsets.UTF_8);

        assertTrue(r.testAccuracy() >= 0.97, "test accuracy " + r.testAccuracy() + "\n" + log);
        assertEquals(TrainDigits.EPOCHS, r.trainLoss().size());
        assertEquals(TrainDigits.EPOCHS, r.valLoss().size());
        assertTrue(r.trainLoss().get(TrainDigits.EPOCHS - 1) < r.trainLoss().get(0) / 5, "training loss did not fall: " + r.trainLoss());
        // no terminal here: one line per epoch, no carriage returns
        assertEquals(TrainDigits.EPOCHS, log.lines().count(), log);
        assertTrue(log.lines().allMatch(l -> l.matches("Epoch \\d+/\\d+ \\[=+\\] 45/45 - loss: .* - accuracy: .* - val_loss: .* - val_accuracy: .*")), log);
        assertTrue(!log.contains("\r"));

        Map<String, Tensor> ckpt = Npz.read(r.checkpoint());
        assertEquals(List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias", "optimizer/iterations"),
                ckpt.keySet().stream().limit(5).collect(Collectors.toList()));
        assertEquals(45L * TrainDigits.EPOCHS, ckpt.get("optimizer/iterations").longValue());
        assertTrue(ckpt.containsKey("generator/state") && ckpt.containsKey("optimizer/velocity/dense_1/bias"), ckpt.keySet().toString());

        assertEquals(dir.resolve("digits-loss.png"), r.plot());
        BufferedImage png = ImageIO.read(r.plot().toFile());
        assertEquals(800, png.getWidth());
        assertEquals(500, png.getHeight());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "only the checkpoint and the plot, no temporary files");
        }
    }

    @Test
    void theConvolutionalVariantTrainsInTheSameLoop() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainDigits.Result r = TrainDigits.train(dir, TrainDigits.SEED, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertTrue(r.testAccuracy() >= 0.97, "test accuracy " + r.testAccuracy() + "\n" + bytes.toString(StandardCharsets.UTF_8));
        Map<String, Tensor> ckpt = Npz.read(r.checkpoint());
        assertEquals(List.of(1, 3, 3, 1, 16), List.of(ckpt.get("conv2d/kernel").shape().rank() - 3,
                ckpt.get("conv2d/kernel").shape().dim(0), ckpt.get("conv2d/kernel").shape().dim(1),
                ckpt.get("conv2d/kernel").shape().dim(2), ckpt.get("conv2d/kernel").shape().dim(3)));
    }

    /** The README shows the demo's loop; this keeps the two the same. */
    @Test
    void readmeShowsTheDemosLoop() throws IOException {
        String source = Files.readString(Path.of("src/main/java/io/gradtape/examples/TrainDigits.java"));
        String loop = between(source, "// tag::loop[]\n", "        // end::loop[]").stripTrailing();
        String dedented = loop.lines().map(l -> l.length() >= 8 ? l.substring(8) : l.strip()).collect(Collectors.joining("\n"));
        String readme = Files.readString(Path.of("../README.md"));
        String block = between(readme, "<!-- TrainDigits loop: begin (checked by TrainDigitsTest) -->\n```java\n", "```\n<!-- TrainDigits loop: end -->").stripTrailing();
        assertEquals(dedented, block, "README.md's training loop differs from TrainDigits.java's tag::loop region: copy it over");
        assertTrue(dedented.lines().count() <= 50, "the loop no longer fits on one screen: " + dedented.lines().count() + " lines");
    }

    private static String between(String text, String begin, String end) {
        int b = text.indexOf(begin);
        assertTrue(b >= 0, "marker not found: " + begin);
        int e = text.indexOf(end, b + begin.length());
        assertTrue(e >= 0, "marker not found: " + end);
        return text.substring(b + begin.length(), e);
    }
}
