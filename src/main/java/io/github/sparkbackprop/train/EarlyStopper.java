package io.github.sparkbackprop.train;

/**
 * Tracks the best epoch of a fit for {@link EarlyStopping}: its number, its monitored loss, its
 * weights (when they are to be restored) and the epochs since. Lives on the driver; a checkpoint
 * saves and restores it, so that a resumed fit stops where an uninterrupted one would.
 */
final class EarlyStopper {
  private final EarlyStopping settings;
  private int bestEpoch;
  private double bestLoss = Double.POSITIVE_INFINITY;
  private int epochsWithoutImprovement;
  /** A copy of the best epoch's weights, or null when they are not restored. */
  private float[] bestParams;

  EarlyStopper(EarlyStopping settings) {
    this.settings = settings;
  }

  /** Resumes from a checkpointed state; {@code bestParams} may be null. */
  void restore(int bestEpoch, double bestLoss, int epochsWithoutImprovement, float[] bestParams) {
    this.bestEpoch = bestEpoch;
    this.bestLoss = bestLoss;
    this.epochsWithoutImprovement = epochsWithoutImprovement;
    this.bestParams = bestParams == null ? null : bestParams.clone();
  }

  /** Records the end of {@code epoch}, its monitored loss and its weights {@code params}. */
  void observe(int epoch, double loss, float[] params) {
    if (!settings.active()) {
      return;
    }
    if (bestEpoch == 0 || loss < bestLoss - settings.minDelta()) {
      bestEpoch = epoch;
      bestLoss = loss;
      epochsWithoutImprovement = 0;
      if (settings.restoreBest()) {
        bestParams = params.clone();
      }
    } else {
      epochsWithoutImprovement++;
    }
  }

  boolean shouldStop() {
    return settings.patience() > 0 && epochsWithoutImprovement >= settings.patience();
  }

  /** The weights to return: the best epoch's when restoreBest is on, otherwise {@code last}. */
  float[] finalParams(float[] last) {
    return settings.restoreBest() && bestParams != null ? bestParams.clone() : last;
  }

  int bestEpoch() {
    return bestEpoch;
  }

  double bestLoss() {
    return bestLoss;
  }

  int epochsWithoutImprovement() {
    return epochsWithoutImprovement;
  }

  float[] bestParams() {
    return bestParams;
  }
}
