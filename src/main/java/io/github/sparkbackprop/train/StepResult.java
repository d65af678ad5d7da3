package io.github.sparkbackprop.train;

import java.io.Serializable;

/**
 * One partition's share of a mini-batch step: the summed (not averaged) gradient of its rows, the
 * summed loss, the summed row weight and the row count. Partial results add up field by field.
 */
final class StepResult implements Serializable {
  private static final long serialVersionUID = 1L;

  final float[] gradient;
  double lossSum;
  double weightSum;
  long rows;

  StepResult(float[] gradient, double lossSum, double weightSum, long rows) {
    this.gradient = gradient;
    this.lossSum = lossSum;
    this.weightSum = weightSum;
    this.rows = rows;
  }

  /** Adds {@code other} into this result and returns this. */
  StepResult add(StepResult other) {
    float[] g = other.gradient;
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] += g[i];
    }
    lossSum += other.lossSum;
    weightSum += other.weightSum;
    rows += other.rows;
    return this;
  }
}
