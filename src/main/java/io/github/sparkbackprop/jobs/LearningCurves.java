package io.github.sparkbackprop.jobs;

import io.github.sparkbackprop.train.EpochStats;
import io.github.sparkbackprop.train.TrainingSummary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a fit's learning curves as a PNG with JFreeChart: the training and validation loss
 * against the epoch above, the validation metric below (when there is validation data).
 *
 * <p>JFreeChart is a compile-scope dependency of this project: spark-submit users pass its jar with
 * {@code --jars} or use the shaded jar.
 */
final class LearningCurves {
  static final int WIDTH = 900;
  static final int HEIGHT = 600;

  private LearningCurves() {}

  /** Writes the chart of {@code summary} to {@code out} as a PNG of WIDTH x HEIGHT pixels. */
  static void writePng(TrainingSummary summary, String title, OutputStream out)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    ChartUtils.writeChartAsPNG(out, chart(summary, title), WIDTH, HEIGHT);
  }

  static JFreeChart chart(TrainingSummary summary, String title) {
    XYSeries training = new XYSeries("training loss");
    XYSeries validation = new XYSeries("validation loss");
    XYSeries metric = new XYSeries("validation " + summary.metricName());
    for (EpochStats e : summary.epochs()) {
      training.add(e.epoch(), e.loss());
      if (e.hasValidation()) {
        validation.add(e.epoch(), e.validationLoss());
        metric.add(e.epoch(), e.validationMetric());
      }
    }
    XYSeriesCollection losses = new XYSeriesCollection(training);
    if (validation.getItemCount() > 0) {
      losses.addSeries(validation);
    }
    NumberAxis epochs = new NumberAxis("epoch");
    epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
    plot.add(subplot(losses, "loss"), 2);
    if (metric.getItemCount() > 0) {
      plot.add(subplot(new XYSeriesCollection(metric), summary.metricName()), 1);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static XYPlot subplot(XYSeriesCollection data, String label) {
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(data, null, axis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }
}
