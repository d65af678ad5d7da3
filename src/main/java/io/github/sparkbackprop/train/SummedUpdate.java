package io.github.sparkbackprop.train;

import io.github.sparkbackprop.nn.RunningStatistics;
import io.github.sparkbackprop.optim.OptimizerState;
import io.github.sparkbackprop.optim.UpdateRule;

/**
 * One parameter update from the summed gradient of a mini-batch, the same on the driver (an exact
 * step) and in a task (a local step): batch normalisation's statistics, which travel in their
 * gradient slots, are folded into new running values and the slots zeroed; the rest is divided
 * by the rows' total weight and goes through clipping, weight decay and the optimizer; then the
 * running values are written back over whatever the update did to them.
 */
final class SummedUpdate {
  private SummedUpdate() {}

  /**
   * Updates {@code params} and {@code state} in place from {@code gradientSum} (overwritten), the
   * gradient summed over {@code rows} rows of total weight {@code weightSum}.
   */
  static void apply(RunningStatistics statistics, UpdateRule rule, float[] params,
      float[] gradientSum, long rows, double weightSum, OptimizerState state, double rate) {
    float[] running = statistics.fold(params, gradientSum, rows);
    if (weightSum > 0) {
      float scale = (float) (1.0 / weightSum);
      for (int i = 0; i < gradientSum.length; i++) {
        gradientSum[i] *= scale;
      }
      rule.apply(params, gradientSum, state, rate);
    }
    statistics.write(running, params);
  }
}
