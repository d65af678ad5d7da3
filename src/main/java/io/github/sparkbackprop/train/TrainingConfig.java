package io.github.sparkbackprop.train;

import io.github.sparkbackprop.optim.Optimizer;
import java.io.Serializable;

/** The settings of one distributed fit, validated by the estimator before it gets here. */
public final class TrainingConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int batchSize;
  private final int maxEpochs;
  private final long seed;
  private final Optimizer optimizer;
  private final double learningRate;
  private final boolean shuffle;

  /**
   * @param batchSize rows per mini-batch over all partitions; at least the row count gives batch
   *     gradient descent, 1 stochastic gradient descent
   * @param shuffle whether each epoch visits the rows in a fresh seeded order
   */
  public TrainingConfig(int batchSize, int maxEpochs, long seed, Optimizer optimizer,
      double learningRate, boolean shuffle) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive but was " + batchSize);
    }
    if (maxEpochs <= 0) {
      throw new IllegalArgumentException("maxEpochs must be positive but was " + maxEpochs);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
    }
    this.batchSize = batchSize;
    this.maxEpochs = maxEpochs;
    this.seed = seed;
    this.optimizer = optimizer;
    this.learningRate = learningRate;
    this.shuffle = shuffle;
  }

  public int batchSize() {
    return batchSize;
  }

  public int maxEpochs() {
    return maxEpochs;
  }

  public long seed() {
    return seed;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public double learningRate() {
    return learningRate;
  }

  public boolean shuffle() {
    return shuffle;
  }

  @Override
  public String toString() {
    return "batchSize=" + batchSize + ", maxEpochs=" + maxEpochs + ", seed=" + seed
        + ", optimizer=" + optimizer + ", learningRate=" + learningRate + ", shuffle=" + shuffle;
  }
}
