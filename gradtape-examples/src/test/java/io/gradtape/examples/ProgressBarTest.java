package io.gradtape.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressBarTest {
    @Test
    void drawsKerasLikeLine() {
        ProgressBar bar = new ProgressBar("Epoch 1/5", 20, System.out, false);
        assertEquals("Epoch 1/5 [===============>..............] 10/20 - loss: 0.5", bar.line(10, "loss: 0.5"));
        assertEquals("Epoch 1/5 [==============================] 20/20 - m", bar.line(20, "m"));
        assertEquals("Epoch 1/5 [>.............................]  0/20 - m", bar.line(0, "m"));
    }

    @Test
    void withoutATerminalPrintsOneLinePerEpoch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar("Epoch 2/5", 3, out, false);
        bar.step(1, "loss: 1");
        bar.step(2, "loss: 1");
        bar.finish("loss: 0.9");
        assertEquals("Epoch 2/5 [==============================] 3/3 - loss: 0.9" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onATerminalRedrawsInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar("E", 2, out, true);
        bar.step(1, "a");
        bar.finish("b");
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("\rE [===============>..............] 1/2 - a\rE [==============================] 2/2 - b" + System.lineSeparator(), s);
    }
}
