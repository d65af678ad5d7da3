package io.github.sparkbackprop.train;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.Blas;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mini-batch gradient descent over cached partition blocks, one Spark job per step.
 *
 * <p>Each step broadcasts the current weights; every partition gathers its rows of the
 * mini-batch, back-propagates them and returns the summed gradient; the driver adds the partial
 * sums in partition order (so that the same seed and partitioning give bit-identical weights),
 * divides by the mini-batch's total row weight and applies one update (see {@link StepRunner}).
 * After each epoch an optional validation set is scored in one more job ({@link Validator}); early
 * stopping, checkpoints and the summary are the {@link TrainingLoop}'s.
 *
 * <p>The mini-batch schedule depends on the global batch size and the seed, not on the
 * partitioning. Different partitionings add the same numbers in a different order, so their
 * weights agree to float rounding rather than bit for bit: within 1e-5 relative in
 * {@code PartitioningTest}, where 1, 2 and 4 partitions differed by 2e-7 after three epochs.
 */
public final class DistributedTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

  private final Architecture architecture;
  private final TrainingConfig config;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private ValidationMetric metric;
  private int directSumPartitions = StepRunner.DIRECT_SUM_PARTITIONS;

  public DistributedTrainer(Architecture architecture, TrainingConfig config) {
    this.architecture = architecture;
    this.config = config;
    this.metric = ValidationMetric.forLoss(architecture.loss());
  }

  public DistributedTrainer addListener(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  /** Replaces the validation metric chosen from the loss (accuracy or RMSE). */
  public DistributedTrainer validationMetric(ValidationMetric validationMetric) {
    this.metric = validationMetric;
    return this;
  }

  /** Lowers the partition count above which partial sums are grouped; for tests. */
  DistributedTrainer directSumPartitions(int limit) {
    this.directSumPartitions = limit;
    return this;
  }

  /** Trains from {@code initialParameters} (not modified) without validation. */
  public TrainingResult fit(Blocks.StackedData data, float[] initialParameters) {
    return fit(data, null, initialParameters);
  }

  /**
   * Trains from {@code initialParameters} (not modified), or from the newest checkpoint when
   * checkpoints are on and one exists, scoring {@code validation} (null for none) after every
   * epoch.
   */
  public TrainingResult fit(Blocks.StackedData data, Blocks.StackedData validation,
      float[] initialParameters) {
    if (initialParameters.length != architecture.parameterCount()) {
      throw new IllegalArgumentException("Initial weights have " + initialParameters.length
          + " values but the network " + architecture.spec() + " needs "
          + architecture.parameterCount());
    }
    if (data.rows() == 0) {
      throw new IllegalArgumentException("The training data has no rows");
    }
    if (validation != null && validation.rows() == 0) {
      throw new IllegalArgumentException("The validation data has no rows");
    }
    Validator validator = validation == null ? null
        : new Validator(architecture, metric, validation);
    TrainingLoop loop =
        new TrainingLoop(architecture, config, data, validator, directSumPartitions, listeners);
    LOG.info("Training {} on {} rows in {} partitions: {} steps per epoch, {}; validation {}; "
        + "BLAS {}", architecture, data.rows(), data.blocks().getNumPartitions(),
        loop.stepsPerEpoch(), config,
        validation == null ? "none" : validation.rows() + " rows (" + metric.name() + ")",
        Blas.implementationName());
    if (validation == null && config.earlyStopping().active()) {
      LOG.info("Early stopping watches the training loss: there is no validation data");
    }
    return loop.run(initialParameters);
  }

  /** A key for epoch {@code epoch}'s permutation, distinct per seed and epoch. */
  static long epochKey(long seed, int epoch) {
    return seed * 0x9E3779B97F4A7C15L + epoch;
  }
}
