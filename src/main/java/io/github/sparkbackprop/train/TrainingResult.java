package io.github.sparkbackprop.train;

import java.util.List;

/** The outcome of a fit: final weights, one entry per epoch, and why training stopped. */
public final class TrainingResult {
  private final float[] parameters;
  private final List<EpochStats> history;
  private final String stopReason;

  public TrainingResult(float[] parameters, List<EpochStats> history, String stopReason) {
    this.parameters = parameters;
    this.history = List.copyOf(history);
    this.stopReason = stopReason;
  }

  /** The trained weights; the caller owns the array. */
  public float[] parameters() {
    return parameters;
  }

  public List<EpochStats> history() {
    return history;
  }

  public String stopReason() {
    return stopReason;
  }
}
