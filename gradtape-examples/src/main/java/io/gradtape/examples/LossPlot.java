package io.gradtape.examples;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Training and validation loss per epoch as a PNG line chart, drawn by JFreeChart with AWT in headless mode (no
 * display needed). The file is written to a temporary name and renamed, like the checkpoint beside it.
 */
public final class LossPlot {
    private LossPlot() {
    }

    /**
     * Writes the chart of {@code train} and {@code validation} (one value per epoch, epoch 1 first) to {@code png}.
     *
     * @param png the PNG file to write
     * @param title the chart's title
     * @param train training loss per epoch
     * @param validation validation loss per epoch
     * @throws IOException if the file cannot be written
     */
    public static void write(Path png, String title, List<Double> train, List<Double> validation) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeries t = new XYSeries("training loss");
        XYSeries v = new XYSeries("validation loss");
        for (int i = 0; i < train.size(); i++) {
            t.add(i + 1, train.get(i));
        }
        for (int i = 0; i < validation.size(); i++) {
            v.add(i + 1, validation.get(i));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(t);
        data.addSeries(v);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", "loss (sparse categorical cross-entropy)",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setSeriesPaint(1, new Color(0xff7f0e));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        plot.setRenderer(renderer);
        Path abs = png.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            ChartUtils.saveChartAsPNG(tmp.toFile(), chart, 800, 500);   // default permissions, not createTempFile's 0600
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
