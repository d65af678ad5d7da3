package io.github.sparkbackprop.optim;

import java.io.Serializable;

/**
 * How the learning rate changes over a run, as a function of the optimizer step.
 *
 * <p>Steps are counted from 0 over the whole run, across epochs and across a resume from a
 * checkpoint, so that the rate of a step depends only on its number. Arguments written in a
 * schedule description are in epochs; {@code stepsPerEpoch} converts them. Implementations are
 * immutable, and {@link #toString()} gives the description that
 * {@link LearningRateSchedules#parse} reads back into an equal schedule.
 */
public interface LearningRateSchedule extends Serializable {

  /**
   * The learning rate of step {@code step} (from 0) of a run of {@code totalSteps} steps, with
   * {@code stepsPerEpoch} steps per epoch and {@code baseRate} as the Param learningRate.
   */
  double rate(double baseRate, long step, long stepsPerEpoch, long totalSteps);
}
