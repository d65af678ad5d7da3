package io.github.sparkbackprop.train;

/** Called on the driver as training progresses, for progress output or early decisions. */
@FunctionalInterface
public interface TrainingListener {

  /** After every epoch, validation included. */
  void onEpochEnd(EpochStats stats);

  /**
   * After {@link #onEpochEnd}, with the weights at the end of epoch {@code epoch}. The array is the
   * trainer's own: read it (or copy it) during the call, never write it or keep it.
   */
  default void onEpochWeights(int epoch, float[] weights) {}
}
