package io.github.sparkbackprop.optim;

/**
 * Half a cosine from the base rate down to {@code floor * baseRate} at the last step of the run
 * (Loshchilov and Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017,
 * without the restarts): {@code cosine} or {@code cosine(floor=0.01)}.
 *
 * <p>The curve spans the whole run as planned, {@code maxEpochs} epochs, so the rate at a step
 * depends on maxEpochs: a run resumed with another maxEpochs follows another curve.
 */
public final class CosineDecay implements LearningRateSchedule {
  private static final long serialVersionUID = 1L;

  /** The final rate as a fraction of the base rate, in [0, 1]. */
  private final double floor;

  public CosineDecay(double floor) {
    if (!(floor >= 0 && floor <= 1)) {
      throw new IllegalArgumentException("cosine: 'floor' must be in [0, 1] but was " + floor);
    }
    this.floor = floor;
  }

  @Override
  public double rate(double baseRate, long step, long stepsPerEpoch, long totalSteps) {
    double progress = totalSteps <= 1 ? 1 : Math.min(1.0, (double) step / (totalSteps - 1));
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return baseRate * (floor + (1 - floor) * cosine);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CosineDecay && o.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return floor == 0 ? "cosine" : "cosine(floor=" + LearningRateSchedules.format(floor) + ")";
  }
}
