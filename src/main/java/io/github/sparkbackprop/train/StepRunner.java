package io.github.sparkbackprop.train;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.RunningStatistics;
import io.github.sparkbackprop.nn.TrainingNetwork;
import io.github.sparkbackprop.optim.OptimizerState;
import io.github.sparkbackprop.optim.UpdateRule;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * One mini-batch step as one Spark job: broadcasts the weights, lets every partition
 * back-propagate its rows of the mini-batch, and adds the partial sums in partition order, so that
 * the same seed and partitioning give bit-identical sums.
 */
final class StepRunner {
  /**
   * Up to this many partitions the driver collects every partial gradient and adds them itself;
   * above it, a deterministic grouping level adds them on the executors first.
   */
  static final int DIRECT_SUM_PARTITIONS = 32;

  private final Architecture architecture;
  private final int directSumPartitions;

  StepRunner(Architecture architecture, int directSumPartitions) {
    this.architecture = architecture;
    this.directSumPartitions = directSumPartitions;
  }

  /**
   * The summed gradient, loss and weight of mini-batch {@code step} at weights {@code params}
   * (not modified); dropout masks come from {@code noiseKey} and each row's global index.
   */
  StepResult run(JavaSparkContext jsc, JavaRDD<PlannedBlock> planned, float[] params, int step,
      long noiseKey) {
    Broadcast<float[]> weights = jsc.broadcast(params);
    Architecture arch = architecture;
    try {
      JavaRDD<StepResult> partial = planned.mapPartitions(
          it -> partitionGradient(it, arch, weights.value(), step, noiseKey));
      return sum(partial, planned.getNumPartitions());
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
        .mapValues(StepRunner::sumSorted)
        .collect();
    List<Tuple2<Integer, StepResult>> ordered = new ArrayList<>(sums);
    ordered.sort((a, b) -> Integer.compare(a._1(), b._1()));
    List<StepResult> results = new ArrayList<>(ordered.size());
    for (Tuple2<Integer, StepResult> t : ordered) {
      results.add(t._2());
    }
    return results;
  }

  private static StepResult sumSorted(Iterable<Tuple2<Integer, StepResult>> values) {
    List<Tuple2<Integer, StepResult>> sorted = new ArrayList<>();
    values.forEach(sorted::add);
    sorted.sort((a, b) -> Integer.compare(a._1(), b._1()));
    StepResult sum = sorted.get(0)._2();
    for (int i = 1; i < sorted.size(); i++) {
      sum.add(sorted.get(i)._2());
    }
    return sum;
  }

  /**
   * One job of {@code rates.length} local steps from step {@code firstStep} on: every task starts
   * from {@code params} and {@code state} (neither modified), takes the steps on its own rows of
   * each mini-batch with its mean gradient there, and returns its weights and optimizer slots
   * times its row weight; the sum over the tasks, in partition order, comes back.
   */
  StepResult runLocal(JavaSparkContext jsc, JavaRDD<PlannedBlock> planned, float[] params,
      OptimizerState state, UpdateRule rule, int firstStep, double[] rates, long[] noiseKeys) {
    Broadcast<LocalStart> start = jsc.broadcast(new LocalStart(params, state));
    Architecture arch = architecture;
    try {
      JavaRDD<StepResult> partial = planned.mapPartitions(it -> partitionLocalSteps(it, arch,
          start.value(), rule, firstStep, rates, noiseKeys));
      return sum(partial, planned.getNumPartitions());
    } finally {
      start.destroy();
    }
  }

  /** The partial results of a job added in partition order, directly or in groups. */
  private StepResult sum(JavaRDD<StepResult> partial, int partitions) {
    List<StepResult> results = partitions <= directSumPartitions
        ? partial.collect() : groupedSums(partial, partitions);
    // Every job has at least one row, so some partition answered; its result, fresh from
    // deserialisation, becomes the running sum instead of a zeroed copy.
    StepResult total = results.get(0);
    for (int i = 1; i < results.size(); i++) {
      total.add(results.get(i));
    }
    return total;
  }

  /** Runs in a task: the summed gradient of this partition's rows of mini-batch {@code step}. */
  private static Iterator<StepResult> partitionGradient(Iterator<PlannedBlock> blocks,
      Architecture architecture, float[] params, int step, long noiseKey) {
    FaultInjection.failFirstAttemptIfAsked();
    if (!blocks.hasNext()) {
      return Collections.emptyIterator();
    }
    long start = System.nanoTime();
    BatchShare share = BatchShare.of(blocks.next(), step);
    if (share.rows == 0) {
      return Collections.emptyIterator();
    }
    TrainingNetwork network = NetworkCache.network(architecture, share.rows);
    float[] gradient = new float[params.length];
    double loss = share.gradient(network, params, gradient, noiseKey);
    StepResult result = new StepResult(gradient, loss, share.weightSum, share.rows,
        System.nanoTime() - start);
    return Collections.singletonList(result).iterator();
  }

  /** Runs in a task: the local steps of {@link #runLocal} on this partition's rows. */
  private static Iterator<StepResult> partitionLocalSteps(Iterator<PlannedBlock> blocks,
      Architecture architecture, LocalStart from, UpdateRule rule, int firstStep,
      double[] rates, long[] noiseKeys) {
    if (!blocks.hasNext()) {
      return Collections.emptyIterator();
    }
    FaultInjection.failFirstAttemptIfAsked();
    long start = System.nanoTime();
    PlannedBlock planned = blocks.next();
    float[] params = from.params.clone();
    OptimizerState state = from.state.copy();
    float[] gradient = new float[params.length];
    RunningStatistics statistics = architecture.runningStatistics();
    double lossSum = 0;
    double weightSum = 0;
    long rows = 0;
    for (int k = 0; k < rates.length; k++) {
      BatchShare share = BatchShare.of(planned, firstStep + k);
      if (share.rows == 0 || share.weightSum <= 0) {
        // The step is counted all the same, so that Adam's bias correction stays in step with
        // the driver's count.
        state.advanceBy(1);
        continue;
      }
      TrainingNetwork network = NetworkCache.network(architecture, share.rows);
      Arrays.fill(gradient, 0f);
      lossSum += share.gradient(network, params, gradient, noiseKeys[k]);
      SummedUpdate.apply(statistics, rule, params, gradient, share.rows, share.weightSum, state,
          rates[k]);
      weightSum += share.weightSum;
      rows += share.rows;
    }
    if (rows == 0) {
      return Collections.emptyIterator();
    }
    float[] values = LocalStart.pack(params, state, (float) weightSum);
    StepResult result = new StepResult(values, lossSum, weightSum, rows,
        System.nanoTime() - start);
    return Collections.singletonList(result).iterator();
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
