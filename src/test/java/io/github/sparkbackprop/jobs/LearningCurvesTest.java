package io.github.sparkbackprop.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.train.EpochStats;
import io.github.sparkbackprop.train.StopReason;
import io.github.sparkbackprop.train.TrainingSummary;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.junit.jupiter.api.Test;

/** The learning-curve chart: its panels and series, and a readable PNG. */
class LearningCurvesTest {
  private static TrainingSummary summary(boolean validation) {
    double missing = Double.NaN;
    return new TrainingSummary(List.of(
        new EpochStats(1, 0.9, validation ? 0.95 : missing, validation ? 0.6 : missing, 0.01,
            1, 100, 4),
        new EpochStats(2, 0.6, validation ? 0.7 : missing, validation ? 0.75 : missing, 0.01,
            1, 100, 4)),
        validation ? "accuracy" : "",
        new StopReason(StopReason.Kind.MAX_EPOCHS, 2, 0, "reached maxEpochs (2)"), 0);
  }

  @Test
  void drawsLossesAboveTheMetric() throws IOException {
    JFreeChart chart = LearningCurves.chart(summary(true), "run 7");
    CombinedDomainXYPlot plot = (CombinedDomainXYPlot) chart.getXYPlot();
    assertEquals(2, plot.getSubplots().size());
    assertEquals(2, plot.getSubplots().get(0).getDataset().getSeriesCount(),
        "training and validation loss");

    ByteArrayOutputStream png = new ByteArrayOutputStream();
    LearningCurves.writePng(summary(true), "run 7", png);
    byte[] bytes = png.toByteArray();
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertEquals(LearningCurves.WIDTH, image.getWidth());
    assertEquals(LearningCurves.HEIGHT, image.getHeight());
  }

  @Test
  void withoutValidationOnlyTheTrainingLossIsDrawn() {
    CombinedDomainXYPlot plot =
        (CombinedDomainXYPlot) LearningCurves.chart(summary(false), "run").getXYPlot();
    assertEquals(1, plot.getSubplots().size());
    assertTrue(plot.getSubplots().get(0).getDataset().getSeriesCount() == 1);
  }
}
