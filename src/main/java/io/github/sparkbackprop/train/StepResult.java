package io.github.sparkbackprop.train;

import java.io.Serializable;

/**
 * One partition's share of a Spark job of training: summed (not averaged) values, the summed
 * loss, the summed row weight, the row count and the time the task spent computing. Partial
 * results add up field by field, except the time, of which the largest is kept: the tasks of a
 * job run side by side, so the slowest bounds the job.
 *
 * <p>For an exact step the values are the gradient of the task's rows; for a job of local steps
 * they are the task's final weights and optimizer slots, each multiplied by its row weight, so
 * that the sum divided by the total weight is their weighted average.
 */
final class StepResult implements Serializable {
  private static final long serialVersionUID = 2L;

  final float[] values;
  double lossSum;
  double weightSum;
  long rows;
  long taskNanos;

  StepResult(float[] values, double lossSum, double weightSum, long rows, long taskNanos) {
    this.values = values;
    this.lossSum = lossSum;
    this.weightSum = weightSum;
    this.rows = rows;
    this.taskNanos = taskNanos;
  }

  /** Adds {@code other} into this result and returns this. */
  StepResult add(StepResult other) {
    float[] v = other.values;
    for (int i = 0; i < values.length; i++) {
      values[i] += v[i];
    }
    lossSum += other.lossSum;
    weightSum += other.weightSum;
    rows += other.rows;
    taskNanos = Math.max(taskNanos, other.taskNanos);
    return this;
  }
}
