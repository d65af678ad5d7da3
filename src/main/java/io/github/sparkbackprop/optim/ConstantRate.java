package io.github.sparkbackprop.optim;

/** The learning rate stays at its base value: {@code constant}. */
public final class ConstantRate implements LearningRateSchedule {
  private static final long serialVersionUID = 1L;

  @Override
  public double rate(double baseRate, long step, long stepsPerEpoch, long totalSteps) {
    return baseRate;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConstantRate;
  }

  @Override
  public int hashCode() {
    return ConstantRate.class.hashCode();
  }

  @Override
  public String toString() {
    return "constant";
  }
}
