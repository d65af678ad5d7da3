package io.github.sparkbackprop.optim;

/**
 * The rate shrinks smoothly by {@code factor} per epoch: {@code exponential(factor=0.9)} gives
 * {@code baseRate * 0.9^t} at step {@code t * stepsPerEpoch}, and values in between within an
 * epoch.
 */
public final class ExponentialDecay implements LearningRateSchedule {
  private static final long serialVersionUID = 1L;

  /** Multiplier per epoch, in (0, 1]. */
  private final double factor;

  public ExponentialDecay(double factor) {
    LearningRateSchedules.checkFactor("exponential", factor);
    this.factor = factor;
  }

  @Override
  public double rate(double baseRate, long step, long stepsPerEpoch, long totalSteps) {
    return baseRate * Math.pow(factor, (double) step / stepsPerEpoch);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExponentialDecay && o.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "exponential(factor=" + LearningRateSchedules.format(factor) + ")";
  }
}
