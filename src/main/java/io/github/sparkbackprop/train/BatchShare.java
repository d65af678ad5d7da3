package io.github.sparkbackprop.train;

import io.github.sparkbackprop.nn.TrainingNetwork;

/** One partition's rows of one mini-batch, copied out of its block in the epoch's order. */
final class BatchShare {
  final int rows;
  final float[] features;
  final float[] targets;
  /** Null when the rows carry no weights. */
  final float[] weights;
  /** Each row's global index, which keys its dropout masks. */
  final long[] rowIds;
  final double weightSum;

  private BatchShare(int rows, float[] features, float[] targets, float[] weights,
      long[] rowIds, double weightSum) {
    this.rows = rows;
    this.features = features;
    this.targets = targets;
    this.weights = weights;
    this.rowIds = rowIds;
    this.weightSum = weightSum;
  }

  /** The rows of mini-batch {@code step} that {@code planned}'s block holds. */
  static BatchShare of(StepRunner.PlannedBlock planned, int step) {
    int rows = planned.plan.batchRows(step);
    PartitionBlock block = planned.block;
    int featureSize = block.featureSize();
    int targetWidth = block.targetWidth();
    float[] x = new float[rows * featureSize];
    float[] y = new float[rows * targetWidth];
    float[] w = block.weights() == null ? null : new float[rows];
    long[] rowIds = new long[rows];
    double weightSum = 0;
    for (int k = 0; k < rows; k++) {
      int row = planned.plan.row(step, k);
      rowIds[k] = block.firstIndex() + row;
      System.arraycopy(block.features(), row * featureSize, x, k * featureSize, featureSize);
      System.arraycopy(block.targets(), row * targetWidth, y, k * targetWidth, targetWidth);
      if (w != null) {
        w[k] = block.weights()[row];
        weightSum += w[k];
      } else {
        weightSum += 1;
      }
    }
    return new BatchShare(rows, x, y, w, rowIds, weightSum);
  }

  /** Adds the gradient of these rows' summed loss at {@code params} into {@code gradient}. */
  double gradient(TrainingNetwork network, float[] params, float[] gradient, long noiseKey) {
    return network.gradient(params, features, targets, weights, rows, gradient, noiseKey, rowIds);
  }
}
