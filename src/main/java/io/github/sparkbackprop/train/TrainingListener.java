package io.github.sparkbackprop.train;

/** Called on the driver as training progresses, for progress output or early decisions. */
@FunctionalInterface
public interface TrainingListener {
  void onEpochEnd(EpochStats stats);
}
