package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.train.ExampleReader;
import org.apache.spark.sql.Row;

/**
 * Reads {@code (features, label)} rows for a classifier: features as floats, the label as a class
 * index (softmax output) or as 0 or 1 (single sigmoid output).
 */
final class ClassificationExamples implements ExampleReader {
  private static final long serialVersionUID = 1L;

  private final String featuresCol;
  private final String labelCol;
  private final int featureSize;
  private final int numClasses;

  /** Rows hold the features at position 0 and the label (a double) at position 1. */
  ClassificationExamples(String featuresCol, String labelCol, int featureSize, int numClasses) {
    this.featuresCol = featuresCol;
    this.labelCol = labelCol;
    this.featureSize = featureSize;
    this.numClasses = numClasses;
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
      throw new IllegalArgumentException("Row " + index + ": column '" + labelCol + "' is null");
    }
    double label = row.getDouble(1);
    if (!(label >= 0 && label < numClasses && label == Math.rint(label))) {
      throw new IllegalArgumentException("Row " + index + ": column '" + labelCol + "' holds "
          + label + " but labels must be whole numbers from 0 to " + (numClasses - 1)
          + " for a network with " + numClasses + " classes");
    }
    targets[targetOffset] = (float) label;
    return 1f;
  }
}
