package io.github.sparkbackprop.train;

import java.util.List;

/** The outcome of a fit: the final weights and the {@link TrainingSummary}. */
public final class TrainingResult {
  private final float[] parameters;
  private final TrainingSummary summary;

  public TrainingResult(float[] parameters, TrainingSummary summary) {
    this.parameters = parameters;
    this.summary = summary;
  }

  /** The trained weights (the best epoch's when restoreBest is on); the caller owns the array. */
  public float[] parameters() {
    return parameters;
  }

  public TrainingSummary summary() {
    return summary;
  }

  /** One entry per epoch, the same as {@code summary().epochs()}. */
  public List<EpochStats> history() {
    return summary.epochs();
  }

  /** Why training stopped, as a sentence. */
  public String stopReason() {
    return summary.stopReason().description();
  }
}
