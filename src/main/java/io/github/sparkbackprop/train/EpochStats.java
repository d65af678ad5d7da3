package io.github.sparkbackprop.train;

import java.io.Serializable;
import java.util.Locale;

/**
 * What happened in one epoch of training: the training loss, the validation loss and metric when
 * there is validation data, the learning rate, and how long it took.
 */
public final class EpochStats implements Serializable {
  private static final long serialVersionUID = 2L;

  private final int epoch;
  private final double loss;
  private final double validationLoss;
  private final double validationMetric;
  private final double learningRate;
  private final double seconds;
  private final long rows;
  private final int steps;
  private final int jobs;
  private final double taskSeconds;

  /** An epoch without validation and without a recorded learning rate. */
  public EpochStats(int epoch, double loss, double seconds, long rows, int steps) {
    this(epoch, loss, Double.NaN, Double.NaN, Double.NaN, seconds, rows, steps);
  }

  /**
   * @param validationLoss NaN when there is no validation data
   * @param validationMetric NaN when there is no validation data
   * @param learningRate the rate of the epoch's last step
   */
  public EpochStats(int epoch, double loss, double validationLoss, double validationMetric,
      double learningRate, double seconds, long rows, int steps) {
    this(epoch, loss, validationLoss, validationMetric, learningRate, seconds, rows, steps, steps,
        Double.NaN);
  }

  /**
   * @param jobs the Spark jobs of training steps, fewer than {@code steps} with local steps
   * @param taskSeconds the time of the slowest task of each of those jobs, summed over the jobs:
   *     the part of the epoch spent computing; NaN when not measured
   */
  public EpochStats(int epoch, double loss, double validationLoss, double validationMetric,
      double learningRate, double seconds, long rows, int steps, int jobs, double taskSeconds) {
    this.epoch = epoch;
    this.loss = loss;
    this.validationLoss = validationLoss;
    this.validationMetric = validationMetric;
    this.learningRate = learningRate;
    this.seconds = seconds;
    this.rows = rows;
    this.steps = steps;
    this.jobs = jobs;
    this.taskSeconds = taskSeconds;
  }

  /** Epoch number, starting at 1. */
  public int epoch() {
    return epoch;
  }

  /**
   * Mean training loss over the epoch's rows, each mini-batch measured with the weights before
   * its step (and with dropout active).
   */
  public double loss() {
    return loss;
  }

  /** Mean loss on the validation rows with the weights at the end of the epoch, or NaN. */
  public double validationLoss() {
    return validationLoss;
  }

  /**
   * The validation metric (accuracy for classifiers, RMSE for regressors; the summary names it)
   * at the end of the epoch, or NaN.
   */
  public double validationMetric() {
    return validationMetric;
  }

  public boolean hasValidation() {
    return !Double.isNaN(validationLoss);
  }

  /** The learning rate of the epoch's last step, or NaN when not recorded. */
  public double learningRate() {
    return learningRate;
  }

  /** Wall-clock seconds of the epoch, validation included. */
  public double seconds() {
    return seconds;
  }

  /** Rows visited; equals the training set's size. */
  public long rows() {
    return rows;
  }

  /** Optimizer steps taken, one per mini-batch. */
  public int steps() {
    return steps;
  }

  /** Spark jobs of training steps: one per step, or one per group of local steps. */
  public int jobs() {
    return jobs;
  }

  /**
   * Seconds the slowest task of each training job computed, summed over the jobs, or NaN when
   * not measured. The rest of {@link #seconds} is Spark's scheduling, broadcasts, collecting the
   * results, the driver's updates and validation.
   */
  public double taskSeconds() {
    return taskSeconds;
  }

  public double rowsPerSecond() {
    return seconds > 0 ? rows / seconds : Double.POSITIVE_INFINITY;
  }

  @Override
  public String toString() {
    String validation = hasValidation()
        ? String.format(Locale.ROOT, ", validation loss %.5f, metric %.5f", validationLoss,
            validationMetric)
        : "";
    String rate = Double.isNaN(learningRate) ? ""
        : String.format(Locale.ROOT, ", learning rate %.3g", learningRate);
    return String.format(Locale.ROOT, "epoch %d: loss %.5f%s%s, %.2f s, %.0f rows/s, %d steps",
        epoch, loss, validation, rate, seconds, rowsPerSecond(), steps);
  }
}
