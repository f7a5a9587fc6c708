package io.gradtape.examples;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for one epoch, in the manner of Keras's {@code fit} output:
 * {@code Epoch 3/20 [==========>.........] 18/45 - loss: 0.1234 - accuracy: 0.9712}.
 *
 * <p>On a terminal ({@link System#console()} is not null) the line is redrawn in place with a carriage return
 * after every step. Otherwise (output piped to a file, a test, Maven's exec plugin with redirected output)
 * nothing is drawn while the epoch runs and one plain line is printed when it ends, so logs hold one line per
 * epoch instead of hundreds of carriage returns.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private final String label;
    private final int total;

    /**
     * A bar for {@code total} steps, drawing on standard output when it is a terminal.
     *
     * @param label what is counted, e.g. "Epoch 3/20"
     * @param total the number of steps in the epoch
     */
    public ProgressBar(String label, int total) {
        this(label, total, System.out, System.console() != null);
    }

    /**
     * A bar drawing on {@code out}, redrawn in place if {@code interactive}.
     *
     * @param label what is counted
     * @param total the number of steps
     * @param out where to draw
     * @param interactive whether to redraw in place after every step
     */
    public ProgressBar(String label, int total, PrintStream out, boolean interactive) {
        this.label = label;
        this.total = total;
        this.out = out;
        this.interactive = interactive;
    }

    /**
     * Shows that {@code done} steps of the epoch are finished, with the running metrics.
     *
     * @param done steps finished, 1 to total
     * @param metrics e.g. {@code "loss: 0.1234 - accuracy: 0.9712"}
     */
    public void step(int done, String metrics) {
        if (interactive) {
            out.print("\r" + line(done, metrics));
            out.flush();
        }
    }

    /**
     * Ends the epoch's line with its final metrics.
     *
     * @param metrics e.g. {@code "loss: 0.1234 - accuracy: 0.9712 - val_loss: 0.0950"}
     */
    public void finish(String metrics) {
        out.println((interactive ? "\r" : "") + line(total, metrics));
        out.flush();
    }

    /** The text of the bar after {@code done} of {@code total} steps. */
    String line(int done, String metrics) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        StringBuilder bar = new StringBuilder(WIDTH);
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : '.');
        }
        String count = String.format(Locale.ROOT, "%" + String.valueOf(total).length() + "d/%d", done, total);
        return label + " [" + bar + "] " + count + " - " + metrics;
    }
}
