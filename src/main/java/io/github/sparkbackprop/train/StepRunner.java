package io.github.sparkbackprop.train;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.TrainingNetwork;
import java.io.Serializable;
import java.util.ArrayList;
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
      List<StepResult> results;
      if (planned.getNumPartitions() <= directSumPartitions) {
        results = partial.collect();
      } else {
        results = groupedSums(partial, planned.getNumPartitions());
      }
      // Every step has at least one row, so some partition answered; its result, fresh from
      // deserialisation, becomes the running sum instead of a zeroed copy.
      StepResult total = results.get(0);
      for (int i = 1; i < results.size(); i++) {
        total.add(results.get(i));
      }
      return total;
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

  /** Runs in a task: the summed gradient of this partition's rows of mini-batch {@code step}. */
  private static Iterator<StepResult> partitionGradient(Iterator<PlannedBlock> blocks,
      Architecture architecture, float[] params, int step, long noiseKey) {
    FaultInjection.failFirstAttemptIfAsked();
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
    long[] rowIds = new long[rows];
    double weightSum = 0;
    for (int k = 0; k < rows; k++) {
      int row = planned.plan.row(step, k);
      rowIds[k] = block.firstIndex() + row;
      System.arraycopy(block.features(), row * featureSize, x, k * featureSize, featureSize);
      System.arraycopy(block.targets(), row * targetWidth, y, k * targetWidth, targetWidth);
      if (w != null) {
        w[k] = block.weights()[row];
        weightSum += w[k];
      } else {
        weightSum += 1;
      }
    }
    // TODO: a network per executor thread, reused from step to step, would save allocating its
    // buffers in every task; it needs a cache keyed by the architecture that tasks can share.
    TrainingNetwork network = new TrainingNetwork(architecture, rows);
    float[] gradient = new float[params.length];
    double loss = network.gradient(params, x, y, w, rows, gradient, noiseKey, rowIds);
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
