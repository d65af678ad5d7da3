package io.github.sparkbackprop.train;

import java.io.Serializable;

/**
 * All training rows of one partition stacked into contiguous row-major float arrays, built once
 * per fit and cached, so that each step only gathers the rows of its mini-batch.
 *
 * <p>Row {@code i} of the block is row {@code firstIndex + i} of the whole training set; that
 * global index, not the partitioning, decides which mini-batch a row falls into.
 */
public final class PartitionBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long firstIndex;
  private final int rows;
  private final int featureSize;
  private final int targetWidth;
  private final float[] features;
  private final float[] targets;
  /** One weight per row, or null when every row weighs one. */
  private final float[] weights;

  public PartitionBlock(long firstIndex, int rows, int featureSize, int targetWidth,
      float[] features, float[] targets, float[] weights) {
    this.firstIndex = firstIndex;
    this.rows = rows;
    this.featureSize = featureSize;
    this.targetWidth = targetWidth;
    this.features = features;
    this.targets = targets;
    this.weights = weights;
  }

  public long firstIndex() {
    return firstIndex;
  }

  public int rows() {
    return rows;
  }

  public int featureSize() {
    return featureSize;
  }

  public int targetWidth() {
    return targetWidth;
  }

  public float[] features() {
    return features;
  }

  public float[] targets() {
    return targets;
  }

  public float[] weights() {
    return weights;
  }
}
