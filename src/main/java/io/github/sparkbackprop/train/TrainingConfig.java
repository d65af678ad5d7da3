package io.github.sparkbackprop.train;

import io.github.sparkbackprop.optim.ConstantRate;
import io.github.sparkbackprop.optim.LearningRateSchedule;
import io.github.sparkbackprop.optim.Optimizer;
import io.github.sparkbackprop.optim.UpdateRule;
import java.io.Serializable;

/**
 * The settings of one distributed fit, validated by the estimator before it gets here.
 *
 * <p>The constructor takes the basic settings; the {@code with...} methods return a copy with one
 * more: the full update rule (weight decay, clipping), the learning-rate schedule, early stopping
 * and checkpoints. Each defaults to off (a constant rate).
 */
public final class TrainingConfig implements Serializable {
  private static final long serialVersionUID = 2L;

  private final int batchSize;
  private final int maxEpochs;
  private final long seed;
  private final double learningRate;
  private final boolean shuffle;
  private final UpdateRule updateRule;
  private final LearningRateSchedule schedule;
  private final EarlyStopping earlyStopping;
  private final CheckpointSettings checkpoints;
  private final int localSteps;

  /**
   * @param batchSize rows per mini-batch over all partitions; at least the row count gives batch
   *     gradient descent, 1 stochastic gradient descent
   * @param learningRate the base rate, which the schedule scales
   * @param shuffle whether each epoch visits the rows in a fresh seeded order
   */
  public TrainingConfig(int batchSize, int maxEpochs, long seed, Optimizer optimizer,
      double learningRate, boolean shuffle) {
    this(batchSize, maxEpochs, seed, learningRate, shuffle, UpdateRule.of(optimizer),
        new ConstantRate(), EarlyStopping.off(), CheckpointSettings.none(), 1);
  }

  private TrainingConfig(int batchSize, int maxEpochs, long seed, double learningRate,
      boolean shuffle, UpdateRule updateRule, LearningRateSchedule schedule,
      EarlyStopping earlyStopping, CheckpointSettings checkpoints, int localSteps) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive but was " + batchSize);
    }
    if (maxEpochs <= 0) {
      throw new IllegalArgumentException("maxEpochs must be positive but was " + maxEpochs);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
    }
    if (localSteps < 1) {
      throw new IllegalArgumentException("localSteps must be at least 1 but was " + localSteps);
    }
    this.batchSize = batchSize;
    this.maxEpochs = maxEpochs;
    this.seed = seed;
    this.learningRate = learningRate;
    this.shuffle = shuffle;
    this.updateRule = updateRule;
    this.schedule = schedule;
    this.earlyStopping = earlyStopping;
    this.checkpoints = checkpoints;
    this.localSteps = localSteps;
  }

  /** A copy whose updates also decay weights and clip gradients as {@code rule} says. */
  public TrainingConfig withUpdateRule(UpdateRule rule) {
    return new TrainingConfig(batchSize, maxEpochs, seed, learningRate, shuffle, rule, schedule,
        earlyStopping, checkpoints, localSteps);
  }

  public TrainingConfig withSchedule(LearningRateSchedule newSchedule) {
    return new TrainingConfig(batchSize, maxEpochs, seed, learningRate, shuffle, updateRule,
        newSchedule, earlyStopping, checkpoints, localSteps);
  }

  public TrainingConfig withEarlyStopping(EarlyStopping settings) {
    return new TrainingConfig(batchSize, maxEpochs, seed, learningRate, shuffle, updateRule,
        schedule, settings, checkpoints, localSteps);
  }

  public TrainingConfig withCheckpoints(CheckpointSettings settings) {
    return new TrainingConfig(batchSize, maxEpochs, seed, learningRate, shuffle, updateRule,
        schedule, earlyStopping, settings, localSteps);
  }

  /**
   * A copy in which every Spark job runs {@code steps} mini-batch steps: each task takes them on
   * its own share of each mini-batch, from the broadcast weights and optimizer state, and the
   * driver averages the tasks' weights and states. 1, the default, is exact mini-batch descent.
   */
  public TrainingConfig withLocalSteps(int steps) {
    return new TrainingConfig(batchSize, maxEpochs, seed, learningRate, shuffle, updateRule,
        schedule, earlyStopping, checkpoints, steps);
  }

  /** A copy that runs up to {@code epochs} epochs; the rest stays. */
  public TrainingConfig withMaxEpochs(int epochs) {
    return new TrainingConfig(batchSize, epochs, seed, learningRate, shuffle, updateRule,
        schedule, earlyStopping, checkpoints, localSteps);
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
    return updateRule.optimizer();
  }

  public UpdateRule updateRule() {
    return updateRule;
  }

  /** The base learning rate. */
  public double learningRate() {
    return learningRate;
  }

  public LearningRateSchedule schedule() {
    return schedule;
  }

  public boolean shuffle() {
    return shuffle;
  }

  public EarlyStopping earlyStopping() {
    return earlyStopping;
  }

  public CheckpointSettings checkpoints() {
    return checkpoints;
  }

  /** Mini-batch steps per Spark job; 1 is exact mini-batch descent. */
  public int localSteps() {
    return localSteps;
  }

  @Override
  public String toString() {
    return "batchSize=" + batchSize + ", maxEpochs=" + maxEpochs + ", seed=" + seed
        + ", optimizer=" + updateRule + ", learningRate=" + learningRate + " (" + schedule
        + "), shuffle=" + shuffle + ", earlyStopping=" + earlyStopping + ", checkpoints="
        + checkpoints + (localSteps == 1 ? "" : ", localSteps=" + localSteps);
  }
}
