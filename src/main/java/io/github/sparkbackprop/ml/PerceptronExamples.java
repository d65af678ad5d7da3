package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.train.ExampleReader;
import org.apache.spark.sql.Row;

/**
 * Reads {@code (features, label)} rows for the perceptron: features as floats, the label as 0 or
 * 1 and nothing else, checked inside the job that stacks the rows.
 */
final class PerceptronExamples implements ExampleReader {
  private static final long serialVersionUID = 1L;

  private final String featuresCol;
  private final String labelCol;
  private final int featureSize;

  /** Rows hold the features at position 0 and the label (a double) at position 1. */
  PerceptronExamples(String featuresCol, String labelCol, int featureSize) {
    this.featuresCol = featuresCol;
    this.labelCol = labelCol;
    this.featureSize = featureSize;
  }

  @Override
  public int featureSize() {
    return featureSize;
  }

  @Override
  public int targetWidth() {
    return 1;
  }

  @Override
  public boolean weighted() {
    return false;
  }

  @Override
  public float read(Row row, long index, float[] features, int featureOffset, float[] targets,
      int targetOffset) {
    FeatureVectors.read(row, 0, featuresCol, featureSize, index, features, featureOffset);
    if (row.isNullAt(1)) {
      throw new IllegalArgumentException("Row " + index + ": column '" + labelCol
          + "' is null but the perceptron takes labels 0 or 1");
    }
    double label = row.getDouble(1);
    if (label != 0 && label != 1) {
      throw new IllegalArgumentException("Row " + index + ": column '" + labelCol + "' holds "
          + label + " but the perceptron takes labels 0 or 1");
    }
    targets[targetOffset] = (float) label;
    return 1f;
  }
}
