package io.github.sparkbackprop.train;

import io.github.sparkbackprop.optim.OptimizerState;
import java.io.Serializable;

/**
 * Where every task of a job of local steps starts: the weights and the optimizer state, broadcast
 * together. Tasks copy both before changing them, since tasks in one executor share a broadcast.
 *
 * <p>A task's result packs its weights and then each optimizer slot into one array, all scaled by
 * the task's row weight; {@link #unpack} turns the sum over the tasks into the weighted averages.
 */
final class LocalStart implements Serializable {
  private static final long serialVersionUID = 1L;

  final float[] params;
  final OptimizerState state;

  LocalStart(float[] params, OptimizerState state) {
    this.params = params;
    this.state = state;
  }

  /** {@code params} followed by every slot of {@code state}, each value times {@code weight}. */
  static float[] pack(float[] params, OptimizerState state, float weight) {
    int n = params.length;
    float[] packed = new float[n * (1 + state.slotCount())];
    scaleInto(params, weight, packed, 0);
    for (int s = 0; s < state.slotCount(); s++) {
      scaleInto(state.slot(s), weight, packed, (s + 1) * n);
    }
    return packed;
  }

  /**
   * Writes the averages in {@code sum} (packed as by {@link #pack}, with total weight
   * {@code weightSum}) into {@code params} and the slots of {@code state}, and counts the job's
   * {@code steps} on the state.
   */
  static void unpack(float[] sum, double weightSum, float[] params, OptimizerState state,
      int steps) {
    int n = params.length;
    float scale = (float) (1.0 / weightSum);
    scaleInto(sum, 0, n, scale, params);
    for (int s = 0; s < state.slotCount(); s++) {
      scaleInto(sum, (s + 1) * n, n, scale, state.slot(s));
    }
    state.advanceBy(steps);
  }

  private static void scaleInto(float[] from, float factor, float[] to, int offset) {
    for (int i = 0; i < from.length; i++) {
      to[offset + i] = from[i] * factor;
    }
  }

  private static void scaleInto(float[] from, int offset, int length, float factor, float[] to) {
    for (int i = 0; i < length; i++) {
      to[i] = from[offset + i] * factor;
    }
  }
}
