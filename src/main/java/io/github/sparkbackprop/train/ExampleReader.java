package io.github.sparkbackprop.train;

import java.io.Serializable;
import org.apache.spark.sql.Row;

/**
 * Turns one input row into the floats the network trains on. Supplied by the estimator, which
 * knows the column positions, the label encoding and the checks its rows need.
 */
public interface ExampleReader extends Serializable {

  /** Floats of features per row. */
  int featureSize();

  /** Floats of target per row. */
  int targetWidth();

  /** True when rows carry a weight other than one. */
  boolean weighted();

  /**
   * Writes the features of {@code row} at {@code features[featureOffset]} and its target at
   * {@code targets[targetOffset]}, and returns its weight. Throws
   * {@link IllegalArgumentException} naming {@code index}, the row's position in the training set,
   * and the offending value when the row cannot be used.
   */
  float read(Row row, long index, float[] features, int featureOffset, float[] targets,
      int targetOffset);
}
