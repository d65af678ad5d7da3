package io.github.sparkbackprop.optim;

/**
 * A linear ramp over the first {@code warmup} epochs, then another schedule (Goyal et al.,
 * "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour", 2017): written as the argument
 * {@code warmup=E} of any schedule, for example {@code cosine(warmup=2)}.
 *
 * <p>During the ramp, step {@code s} of {@code W} warm-up steps gets {@code baseRate * (s + 1) /
 * W}, so the last warm-up step reaches the base rate. The schedule that follows starts its own
 * count at the end of the warm-up: a step decay with {@code every=5} after 2 warm-up epochs decays
 * first at epoch 8, and a cosine spans the steps that remain.
 */
public final class LinearWarmup implements LearningRateSchedule {
  private static final long serialVersionUID = 1L;

  /** Warm-up length in epochs, positive; fractions allowed. */
  private final double warmup;
  private final LearningRateSchedule then;

  public LinearWarmup(double warmup, LearningRateSchedule then) {
    if (!(warmup > 0) || Double.isInfinite(warmup)) {
      throw new IllegalArgumentException(
          "'warmup' must be a positive number of epochs but was " + warmup);
    }
    if (then instanceof LinearWarmup) {
      throw new IllegalArgumentException("A schedule takes one warm-up, not two");
    }
    this.warmup = warmup;
    this.then = then;
  }

  /** Steps in the warm-up: {@code warmup * stepsPerEpoch}, rounded, at least 1. */
  public long warmupSteps(long stepsPerEpoch) {
    return Math.max(1, Math.round(warmup * stepsPerEpoch));
  }

  @Override
  public double rate(double baseRate, long step, long stepsPerEpoch, long totalSteps) {
    long warmupSteps = warmupSteps(stepsPerEpoch);
    if (step < warmupSteps) {
      return baseRate * (step + 1) / warmupSteps;
    }
    long remaining = Math.max(1, totalSteps - warmupSteps);
    return then.rate(baseRate, step - warmupSteps, stepsPerEpoch, remaining);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinearWarmup && o.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** The inner schedule's description with {@code warmup=} as its first argument. */
  @Override
  public String toString() {
    String inner = then.toString();
    String warm = "warmup=" + LearningRateSchedules.format(warmup);
    int open = inner.indexOf('(');
    if (open < 0) {
      return inner + "(" + warm + ")";
    }
    return inner.substring(0, open + 1) + warm + ", " + inner.substring(open + 1);
  }
}
