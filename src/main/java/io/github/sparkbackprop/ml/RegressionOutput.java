package io.github.sparkbackprop.ml;

import org.apache.spark.sql.types.StructType;

/** The prediction column of a regressor: the network's single output, as a double. */
final class RegressionOutput implements BlockScorer.Output {
  private static final long serialVersionUID = 1L;

  private final int predictionIndex;

  RegressionOutput(StructType outputSchema, String predictionCol) {
    this.predictionIndex = BlockScorer.indexOf(outputSchema, predictionCol);
  }

  @Override
  public void write(float[] raw, int r, int outputSize, Object[] values) {
    if (predictionIndex >= 0) {
      values[predictionIndex] = (double) raw[r * outputSize];
    }
  }
}
