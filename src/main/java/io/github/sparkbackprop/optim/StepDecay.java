package io.github.sparkbackprop.optim;

/**
 * The rate is multiplied by {@code factor} after every {@code every} whole epochs:
 * {@code step(every=5, factor=0.5)} halves it at the start of epochs 6, 11, 16 and so on.
 */
public final class StepDecay implements LearningRateSchedule {
  private static final long serialVersionUID = 1L;

  /** Epochs between two decays, at least 1. */
  private final int every;
  /** Multiplier applied at each decay, in (0, 1]. */
  private final double factor;

  public StepDecay(int every, double factor) {
    if (every < 1) {
      throw new IllegalArgumentException("step: 'every' must be at least 1 epoch but was " + every);
    }
    LearningRateSchedules.checkFactor("step", factor);
    this.every = every;
    this.factor = factor;
  }

  @Override
  public double rate(double baseRate, long step, long stepsPerEpoch, long totalSteps) {
    long epochsDone = step / stepsPerEpoch;
    return baseRate * Math.pow(factor, epochsDone / every);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepDecay && o.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "step(every=" + every + ", factor=" + LearningRateSchedules.format(factor) + ")";
  }
}
