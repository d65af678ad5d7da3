package io.github.sparkbackprop.train;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.Blas;
import io.github.sparkbackprop.nn.Network;
import io.github.sparkbackprop.optim.OptimizerState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Mini-batch gradient descent over cached partition blocks, one Spark job per step.
 *
 * <p>Each step broadcasts the current weights; every partition gathers its rows of the
 * mini-batch, back-propagates them and returns the summed gradient; the driver adds the partial
 * sums in partition order (so that the same seed and partitioning give bit-identical weights),
 * divides by the mini-batch's total row weight and applies one optimizer step. Each epoch's
 * {@link EpochPlan} is computed once per partition and cached for the epoch's steps.
 */
public final class DistributedTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

  /**
   * Up to this many partitions the driver collects every partial gradient and adds them itself;
   * above it, a deterministic grouping level adds them on the executors first.
   */
  static final int DIRECT_SUM_PARTITIONS = 32;

  private final Architecture architecture;
  private final TrainingConfig config;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private int directSumPartitions = DIRECT_SUM_PARTITIONS;

  public DistributedTrainer(Architecture architecture, TrainingConfig config) {
    this.architecture = architecture;
    this.config = config;
  }

  public DistributedTrainer addListener(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  /** Lowers the partition count above which partial sums are grouped; for tests. */
  DistributedTrainer directSumPartitions(int limit) {
    this.directSumPartitions = limit;
    return this;
  }

  /** Trains from {@code initialParameters} (not modified) and returns the final weights. */
  public TrainingResult fit(Blocks.StackedData data, float[] initialParameters) {
    if (initialParameters.length != architecture.parameterCount()) {
      throw new IllegalArgumentException("Initial weights have " + initialParameters.length
          + " values but the network " + architecture.spec() + " needs "
          + architecture.parameterCount());
    }
    long totalRows = data.rows();
    if (totalRows == 0) {
      throw new IllegalArgumentException("The training data has no rows");
    }
    JavaRDD<PartitionBlock> blocks = data.blocks();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
    int batchSize = (int) Math.min(config.batchSize(), totalRows);
    int steps = (int) EpochPlan.batchCount(totalRows, batchSize);
    LOG.info("Training {} on {} rows in {} partitions: {} steps per epoch, {}; BLAS {}",
        architecture, totalRows, blocks.getNumPartitions(), steps, config,
        Blas.implementationName());

    float[] params = initialParameters.clone();
    OptimizerState state = config.optimizer().newState(params.length);
    List<EpochStats> history = new ArrayList<>();
    for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
      long start = System.nanoTime();
      JavaRDD<PlannedBlock> planned = plan(blocks, totalRows, batchSize, epoch);
      double lossSum = 0;
      double weightSum = 0;
      long rows = 0;
      for (int step = 0; step < steps; step++) {
        StepResult result = step(jsc, planned, params, step);
        lossSum += result.lossSum;
        weightSum += result.weightSum;
        rows += result.rows;
        if (result.weightSum > 0) {
          float scale = (float) (1.0 / result.weightSum);
          float[] gradient = result.gradient;
          for (int i = 0; i < gradient.length; i++) {
            gradient[i] *= scale;
          }
          config.optimizer().update(params, gradient, state, config.learningRate());
        }
      }
      planned.unpersist(false);
      double seconds = (System.nanoTime() - start) / 1e9;
      double loss = weightSum > 0 ? lossSum / weightSum : Double.NaN;
      EpochStats stats = new EpochStats(epoch, loss, seconds, rows, steps);
      history.add(stats);
      LOG.info("{}", stats);
      for (TrainingListener listener : listeners) {
        listener.onEpochEnd(stats);
      }
      if (!Double.isFinite(loss)) {
        throw new IllegalStateException("Training diverged: the loss of epoch " + epoch + " is "
            + loss + "; lower learningRate (now " + config.learningRate() + ")");
      }
    }
    return new TrainingResult(params, history, "reached maxEpochs (" + config.maxEpochs() + ")");
  }

  private JavaRDD<PlannedBlock> plan(JavaRDD<PartitionBlock> blocks, long totalRows,
      int batchSize, int epoch) {
    Permutation permutation =
        config.shuffle() ? new Permutation(totalRows, epochKey(config.seed(), epoch)) : null;
    JavaRDD<PlannedBlock> planned = blocks
        .map(b -> new PlannedBlock(b,
            EpochPlan.of(b.firstIndex(), b.rows(), totalRows, batchSize, permutation)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    return planned;
  }

  /** A key for epoch {@code epoch}'s permutation, distinct per seed and epoch. */
  static long epochKey(long seed, int epoch) {
    return seed * 0x9E3779B97F4A7C15L + epoch;
  }

  private StepResult step(JavaSparkContext jsc, JavaRDD<PlannedBlock> planned, float[] params,
      int step) {
    Broadcast<float[]> weights = jsc.broadcast(params);
    Architecture arch = architecture;
    try {
      JavaRDD<StepResult> partial =
          planned.mapPartitions(it -> partitionGradient(it, arch, weights.value(), step));
      List<StepResult> results;
      if (planned.getNumPartitions() <= directSumPartitions) {
        results = partial.collect();
      } else {
        results = groupedSums(partial, planned.getNumPartitions());
      }
      return sumInOrder(results, params.length);
    } finally {
      weights.destroy();
    }
  }

  /**
   * Adds partial sums in groups of consecutive partitions on the executors, each group in
   * partition order, and returns the group sums in group order: the same additions in the same
   * order every run, unlike {@code treeAggregate}, whose merge order follows task completion.
   */
  private static List<StepResult> groupedSums(JavaRDD<StepResult> partial, int partitions) {
    int groupSize = (int) Math.ceil(Math.sqrt(partitions));
    int groups = (partitions + groupSize - 1) / groupSize;
    List<Tuple2<Integer, StepResult>> sums = partial
        .mapPartitionsWithIndex((index, it) -> {
          List<Tuple2<Integer, Tuple2<Integer, StepResult>>> out = new ArrayList<>(1);
          while (it.hasNext()) {
            out.add(new Tuple2<>(index / groupSize, new Tuple2<>(index, it.next())));
          }
          return out.iterator();
        }, true)
        .mapToPair(t -> t)
        .groupByKey(groups)
        .mapValues(values -> {
          List<Tuple2<Integer, StepResult>> sorted = new ArrayList<>();
          values.forEach(sorted::add);
          sorted.sort((a, b) -> Integer.compare(a._1(), b._1()));
          StepResult sum = sorted.get(0)._2();
          for (int i = 1; i < sorted.size(); i++) {
            sum.add(sorted.get(i)._2());
          }
          return sum;
        })
        .collect();
    List<Tuple2<Integer, StepResult>> ordered = new ArrayList<>(sums);
    ordered.sort((a, b) -> Integer.compare(a._1(), b._1()));
    List<StepResult> results = new ArrayList<>(ordered.size());
    for (Tuple2<Integer, StepResult> t : ordered) {
      results.add(t._2());
    }
    return results;
  }

  private static StepResult sumInOrder(List<StepResult> results, int size) {
    StepResult total = new StepResult(new float[size], 0, 0, 0);
    for (StepResult r : results) {
      total.add(r);
    }
    return total;
  }

  /** Runs inside a task: the summed gradient of this partition's rows of mini-batch {@code step}. */
  private static Iterator<StepResult> partitionGradient(Iterator<PlannedBlock> blocks,
      Architecture architecture, float[] params, int step) {
    if (!blocks.hasNext()) {
      return Collections.emptyIterator();
    }
    PlannedBlock planned = blocks.next();
    int rows = planned.plan.batchRows(step);
    if (rows == 0) {
      return Collections.emptyIterator();
    }
    PartitionBlock block = planned.block;
    int featureSize = block.featureSize();
    int targetWidth = block.targetWidth();
    float[] x = new float[rows * featureSize];
    float[] y = new float[rows * targetWidth];
    float[] w = block.weights() == null ? null : new float[rows];
    double weightSum = 0;
    for (int k = 0; k < rows; k++) {
      int row = planned.plan.row(step, k);
      System.arraycopy(block.features(), row * featureSize, x, k * featureSize, featureSize);
      System.arraycopy(block.targets(), row * targetWidth, y, k * targetWidth, targetWidth);
      if (w != null) {
        w[k] = block.weights()[row];
        weightSum += w[k];
      } else {
        weightSum += 1;
      }
    }
    Network network = architecture.newNetwork(rows);
    float[] gradient = new float[params.length];
    double loss = network.gradient(params, x, y, w, rows, gradient);
    return Collections.singletonList(new StepResult(gradient, loss, weightSum, rows)).iterator();
  }

  /** A partition's block with its plan for the current epoch. */
  static final class PlannedBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    final PartitionBlock block;
    final EpochPlan plan;

    PlannedBlock(PartitionBlock block, EpochPlan plan) {
      this.block = block;
      this.plan = plan;
    }
  }
}
