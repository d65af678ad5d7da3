package io.github.sparkbackprop.train;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.RunningStatistics;
import io.github.sparkbackprop.optim.OptimizerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epochs of one fit on the driver: resume from a checkpoint, then for each epoch the steps,
 * validation, the progress line and listeners, early stopping and the next checkpoint.
 *
 * <p>Everything random is a function of the seed and the position in the run: the shuffled order
 * of epoch {@code e} comes from {@code (seed, e)}, the dropout masks of step {@code s} from
 * {@code (seed, e, s)} and each row's index, and the learning rate from the global step number.
 * So a fit resumed from the checkpoint of epoch {@code k} repeats exactly what an uninterrupted
 * fit does after epoch {@code k}.
 */
final class TrainingLoop {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

  private final TrainingConfig config;
  private final JavaSparkContext jsc;
  private final JavaRDD<PartitionBlock> blocks;
  private final long totalRows;
  private final int batchSize;
  private final int steps;
  private final StepRunner runner;
  /** Parameters that {@link SummedUpdate} updates outside the optimizer. */
  private final RunningStatistics statistics;
  /** Null without validation data. */
  private final Validator validator;
  /** Null without checkpoints. */
  private final CheckpointStore store;
  private final List<TrainingListener> listeners;

  TrainingLoop(Architecture architecture, TrainingConfig config, Blocks.StackedData data,
      Validator validator, int directSumPartitions, List<TrainingListener> listeners) {
    this.config = config;
    this.blocks = data.blocks();
    this.jsc = JavaSparkContext.fromSparkContext(blocks.context());
    this.totalRows = data.rows();
    this.batchSize = (int) Math.min(config.batchSize(), totalRows);
    this.steps = (int) EpochPlan.batchCount(totalRows, batchSize);
    this.runner = new StepRunner(architecture, directSumPartitions);
    this.statistics = architecture.runningStatistics();
    this.validator = validator;
    this.store = config.checkpoints().enabled()
        ? new CheckpointStore(config.checkpoints(), jsc.hadoopConfiguration(), architecture,
            config, totalRows, blocks.getNumPartitions())
        : null;
    this.listeners = List.copyOf(listeners);
  }

  int stepsPerEpoch() {
    return steps;
  }

  /** Trains from {@code initial} (not modified), or from the newest checkpoint if there is one. */
  TrainingResult run(float[] initial) {
    float[] params = initial.clone();
    OptimizerState state = config.optimizer().newState(params.length);
    EarlyStopper stopper = new EarlyStopper(config.earlyStopping());
    List<EpochStats> history = new ArrayList<>();
    int epoch = 0;
    Optional<Checkpoint> checkpoint = store == null ? Optional.empty() : store.loadNewest();
    if (checkpoint.isPresent()) {
      Checkpoint c = checkpoint.get();
      checkResumable(c);
      params = c.params.clone();
      state = c.optimizerState;
      stopper.restore(c.bestEpoch, c.bestLoss, c.epochsWithoutImprovement, c.bestParams);
      history.addAll(c.history);
      epoch = c.epoch;
      LOG.info("Resuming from the checkpoint of epoch {} in {}", epoch, store.directory());
    }
    int resumedFrom = epoch;
    while (epoch < config.maxEpochs() && !stopper.shouldStop()) {
      epoch++;
      EpochStats stats = runEpoch(epoch, params, state);
      history.add(stats);
      report(stats, params);
      checkFinite(stats);
      stopper.observe(epoch, monitoredLoss(stats), params);
      boolean last = epoch == config.maxEpochs() || stopper.shouldStop();
      if (store != null && store.due(epoch, last)) {
        store.write(new Checkpoint(epoch, params, state, stopper.bestEpoch(), stopper.bestLoss(),
            stopper.epochsWithoutImprovement(), stopper.bestParams(), history));
      }
    }
    StopReason reason = stopper.shouldStop()
        ? StopReason.earlyStopping(epoch, stopper.bestEpoch(), monitoredName(),
            config.earlyStopping().patience(), config.earlyStopping().minDelta())
        : StopReason.maxEpochs(config.maxEpochs(), stopper.bestEpoch());
    LOG.info("Training stopped: {}", reason);
    String metric = validator == null ? "" : validator.metric().name();
    return new TrainingResult(stopper.finalParams(params),
        new TrainingSummary(history, metric, reason, resumedFrom));
  }

  /** One pass over the training rows; updates {@code params} and {@code state} in place. */
  private EpochStats runEpoch(int epoch, float[] params, OptimizerState state) {
    long start = System.nanoTime();
    JavaRDD<StepRunner.PlannedBlock> planned = plan(epoch);
    EpochTally tally = new EpochTally();
    try {
      int jobSteps = config.localSteps();
      for (int step = 0; step < steps; step += jobSteps) {
        int count = Math.min(jobSteps, steps - step);
        if (count == 1) {
          exactStep(planned, epoch, step, params, state, tally);
        } else {
          localSteps(planned, epoch, step, count, params, state, tally);
        }
      }
    } finally {
      planned.unpersist(false);
    }
    double[] validation = validator == null ? new double[] {Double.NaN, Double.NaN}
        : validator.evaluate(jsc, params);
    double seconds = (System.nanoTime() - start) / 1e9;
    double loss = tally.weightSum > 0 ? tally.lossSum / tally.weightSum : Double.NaN;
    return new EpochStats(epoch, loss, validation[0], validation[1], tally.rate, seconds,
        tally.rows, steps, tally.jobs, tally.taskNanos / 1e9);
  }

  /** One Spark job, one exact mini-batch step: the summed gradient, then the update. */
  private void exactStep(JavaRDD<StepRunner.PlannedBlock> planned, int epoch, int step,
      float[] params, OptimizerState state, EpochTally tally) {
    double rate = rate(epoch, step);
    StepResult result =
        runner.run(jsc, planned, params, step, noiseKey(config.seed(), epoch, step));
    tally.add(result, rate);
    SummedUpdate.apply(statistics, config.updateRule(), params, result.values, result.rows,
        result.weightSum, state, rate);
  }

  /**
   * One Spark job of {@code count} local steps: every task steps on its share of each
   * mini-batch, and the weights and optimizer state become the tasks' weighted averages.
   */
  private void localSteps(JavaRDD<StepRunner.PlannedBlock> planned, int epoch, int firstStep,
      int count, float[] params, OptimizerState state, EpochTally tally) {
    double[] rates = new double[count];
    long[] keys = new long[count];
    for (int k = 0; k < count; k++) {
      rates[k] = rate(epoch, firstStep + k);
      keys[k] = noiseKey(config.seed(), epoch, firstStep + k);
    }
    StepResult result = runner.runLocal(jsc, planned, params, state, config.updateRule(),
        firstStep, rates, keys);
    tally.add(result, rates[count - 1]);
    if (result.weightSum > 0) {
      LocalStart.unpack(result.values, result.weightSum, params, state, count);
    }
  }

  /** The learning rate of step {@code step} of epoch {@code epoch}. */
  private double rate(int epoch, int step) {
    long globalStep = (long) (epoch - 1) * steps + step;
    long totalSteps = (long) steps * config.maxEpochs();
    return config.schedule().rate(config.learningRate(), globalStep, steps, totalSteps);
  }

  /** What the jobs of one epoch add up to. */
  private static final class EpochTally {
    double lossSum;
    double weightSum;
    long rows;
    int jobs;
    long taskNanos;
    double rate = Double.NaN;

    void add(StepResult result, double lastRate) {
      lossSum += result.lossSum;
      weightSum += result.weightSum;
      rows += result.rows;
      jobs++;
      taskNanos += result.taskNanos;
      rate = lastRate;
    }
  }

  private JavaRDD<StepRunner.PlannedBlock> plan(int epoch) {
    Permutation permutation = config.shuffle()
        ? new Permutation(totalRows, DistributedTrainer.epochKey(config.seed(), epoch)) : null;
    long total = totalRows;
    int size = batchSize;
    return blocks
        .map(b -> new StepRunner.PlannedBlock(b,
            EpochPlan.of(b.firstIndex(), b.rows(), total, size, permutation)))
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** The key of step {@code step}'s dropout masks, distinct per seed, epoch and step. */
  static long noiseKey(long seed, int epoch, int step) {
    return DistributedTrainer.epochKey(seed, epoch) * 0xC2B2AE3D27D4EB4FL + step;
  }

  private void report(EpochStats stats, float[] params) {
    LOG.info("{}", stats);
    for (TrainingListener listener : listeners) {
      listener.onEpochEnd(stats);
      listener.onEpochWeights(stats.epoch(), params);
    }
  }

  private void checkFinite(EpochStats stats) {
    if (!Double.isFinite(stats.loss())) {
      throw new IllegalStateException("Training diverged: the loss of epoch " + stats.epoch()
          + " is " + stats.loss() + "; lower learningRate (now " + config.learningRate() + ")");
    }
  }

  private void checkResumable(Checkpoint c) {
    if (c.epoch > config.maxEpochs()) {
      throw new IllegalStateException("The newest checkpoint in " + store.directory()
          + " is of epoch " + c.epoch + ", past maxEpochs (" + config.maxEpochs() + "); raise"
          + " maxEpochs or choose another checkpointDir");
    }
  }

  private double monitoredLoss(EpochStats stats) {
    return validator == null ? stats.loss() : stats.validationLoss();
  }

  private String monitoredName() {
    return validator == null ? "training loss" : "validation loss";
  }
}
