package io.github.sparkbackprop.train;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.Network;
import io.github.sparkbackprop.nn.loss.Loss;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The validation loss and metric of the current weights, from one Spark job over the cached
 * validation blocks: every partition scores its rows in chunks with the forward pass used for
 * prediction (dropout off) and returns partial sums, which the driver adds in partition order.
 */
final class Validator {
  /** Rows scored per forward pass inside a task. */
  private static final int CHUNK_ROWS = 1024;

  private final Architecture architecture;
  private final ValidationMetric metric;
  private final JavaRDD<PartitionBlock> blocks;

  Validator(Architecture architecture, ValidationMetric metric, Blocks.StackedData data) {
    this.architecture = architecture;
    this.metric = metric;
    this.blocks = data.blocks();
  }

  ValidationMetric metric() {
    return metric;
  }

  /** Scores {@code params} (not modified): index 0 the mean loss, 1 the metric. */
  double[] evaluate(JavaSparkContext jsc, float[] params) {
    Broadcast<float[]> weights = jsc.broadcast(params);
    Architecture arch = architecture;
    ValidationMetric m = metric;
    try {
      List<double[]> partial = blocks.map(b -> partialSums(b, arch, m, weights.value())).collect();
      double[] total = new double[2 + ValidationMetric.SUMS];
      for (double[] sums : partial) {
        for (int i = 0; i < total.length; i++) {
          total[i] += sums[i];
        }
      }
      double loss = total[1] > 0 ? total[0] / total[1] : Double.NaN;
      return new double[] {loss, metric.value(Arrays.copyOfRange(total, 2, total.length))};
    } finally {
      weights.destroy();
    }
  }

  /**
   * Runs inside a task: the summed loss, the summed row weight and the metric's sums of one
   * block.
   */
  private static double[] partialSums(PartitionBlock block, Architecture architecture,
      ValidationMetric metric, float[] params) {
    double[] sums = new double[2 + ValidationMetric.SUMS];
    double[] metricSums = new double[ValidationMetric.SUMS];
    Loss loss = architecture.loss();
    int featureSize = block.featureSize();
    int targetWidth = block.targetWidth();
    int cols = architecture.outputShape().size();
    Network network = architecture.newNetwork(Math.min(CHUNK_ROWS, Math.max(1, block.rows())));
    for (int start = 0; start < block.rows(); start += CHUNK_ROWS) {
      int rows = Math.min(CHUNK_ROWS, block.rows() - start);
      float[] x = Arrays.copyOfRange(block.features(), start * featureSize,
          (start + rows) * featureSize);
      float[] y = Arrays.copyOfRange(block.targets(), start * targetWidth,
          (start + rows) * targetWidth);
      float[] w = block.weights() == null ? null
          : Arrays.copyOfRange(block.weights(), start, start + rows);
      float[] output = network.predict(params, x, rows);
      sums[0] += loss.evaluate(output, y, w, rows, cols, null);
      sums[1] += w == null ? rows : sum(w);
      metric.accumulate(output, y, targetWidth, w, rows, cols, metricSums);
    }
    System.arraycopy(metricSums, 0, sums, 2, metricSums.length);
    return sums;
  }

  private static double sum(float[] values) {
    double s = 0;
    for (float v : values) {
      s += v;
    }
    return s;
  }
}
