package io.github.sparkbackprop.train;

import java.io.Serializable;

/** What happened in one epoch of training. */
public final class EpochStats implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final double loss;
  private final double seconds;
  private final long rows;
  private final int steps;

  public EpochStats(int epoch, double loss, double seconds, long rows, int steps) {
    this.epoch = epoch;
    this.loss = loss;
    this.seconds = seconds;
    this.rows = rows;
    this.steps = steps;
  }

  /** Epoch number, starting at 1. */
  public int epoch() {
    return epoch;
  }

  /**
   * Mean training loss over the epoch's rows, each mini-batch measured with the weights before
   * its step.
   */
  public double loss() {
    return loss;
  }

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

  public double rowsPerSecond() {
    return seconds > 0 ? rows / seconds : Double.POSITIVE_INFINITY;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "epoch %d: loss %.5f, %.2f s, %.0f rows/s, %d steps",
        epoch, loss, seconds, rowsPerSecond(), steps);
  }
}
