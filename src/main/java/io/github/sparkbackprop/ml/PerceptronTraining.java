package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.train.Blocks;
import io.github.sparkbackprop.train.PartitionBlock;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The perceptron's epoch loop over cached partition blocks, one Spark job per epoch.
 *
 * <p>Each epoch broadcasts the parameters; every partition runs a {@link PerceptronPass} over its
 * rows from them and returns its own updated parameters and mistake count; the driver replaces
 * the parameters by the mean of the partitions' parameters, taken over the partitions that hold
 * rows, added in partition order, so that the same seed and partitioning give the same model.
 * This is iterative parameter mixing (McDonald, Hall and Mann, "Distributed Training Strategies
 * for the Structured Perceptron", NAACL 2010), which keeps the perceptron's convergence on
 * separable data; with one partition it is the classic sequential perceptron.
 */
final class PerceptronTraining {
  private static final Logger LOG = LoggerFactory.getLogger(PerceptronTraining.class);

  private final String uid;
  private final int maxEpochs;
  private final double learningRate;
  private final boolean averaged;
  private final long seed;

  PerceptronTraining(String uid, int maxEpochs, double learningRate, boolean averaged, long seed) {
    this.uid = uid;
    this.maxEpochs = maxEpochs;
    this.learningRate = learningRate;
    this.averaged = averaged;
    this.seed = seed;
  }

  /** The final parameters (bias last), the mistakes of each epoch run, and why it stopped. */
  record Result(float[] params, long[] mistakesPerEpoch,
      PerceptronClassificationModel.StopReason stopReason) {
  }

  /** Trains from zero weights on {@code data}, whose blocks hold labels 0 and 1. */
  Result fit(Blocks.StackedData data, int featureSize) {
    if (data.rows() == 0) {
      throw new IllegalArgumentException("The training DataFrame has no rows");
    }
    JavaRDD<PartitionBlock> blocks = data.blocks();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
    LOG.info("{}: fitting the perceptron: rows={}, features={}, partitions={}, maxEpochs={},"
        + " learningRate={}, averaged={}, seed={}", uid, data.rows(), featureSize,
        blocks.getNumPartitions(), maxEpochs, learningRate, averaged, seed);
    float[] params = new float[featureSize + 1];
    double[] stepSum = averaged ? new double[featureSize + 1] : null;
    long steps = 0;
    List<Long> mistakes = new ArrayList<>();
    PerceptronClassificationModel.StopReason reason =
        PerceptronClassificationModel.StopReason.MAX_EPOCHS;
    for (int epoch = 1; epoch <= maxEpochs; epoch++) {
      long start = System.nanoTime();
      List<PerceptronPass> passes = epoch(jsc, blocks, params, epoch);
      long epochMistakes = 0;
      for (PerceptronPass pass : passes) {
        epochMistakes += pass.mistakes;
        steps += pass.rows;
        if (stepSum != null) {
          for (int i = 0; i < stepSum.length; i++) {
            stepSum[i] += pass.stepSum[i];
          }
        }
      }
      mistakes.add(epochMistakes);
      LOG.info("{}: epoch {}: {} of {} rows misclassified, {} ms", uid, epoch, epochMistakes,
          data.rows(), (System.nanoTime() - start) / 1_000_000);
      if (epochMistakes == 0) {
        // No partition changed its parameters, so their mean is the epoch's start.
        reason = PerceptronClassificationModel.StopReason.NO_MISTAKES;
        break;
      }
      params = mean(passes, params.length);
    }
    if (stepSum != null) {
      for (int i = 0; i < params.length; i++) {
        params[i] = (float) (stepSum[i] / steps);
      }
    }
    LOG.info("{}: stopped after {} epochs: {}", uid, mistakes.size(), reason.description());
    return new Result(params, mistakes.stream().mapToLong(Long::longValue).toArray(), reason);
  }

  /** Runs one epoch's passes and returns those of the partitions with rows, in order. */
  private List<PerceptronPass> epoch(JavaSparkContext jsc, JavaRDD<PartitionBlock> blocks,
      float[] params, int epoch) {
    Broadcast<float[]> weights = jsc.broadcast(params);
    double rate = learningRate;
    boolean average = averaged;
    long key = seed;
    try {
      return blocks.mapPartitionsWithIndex((partition, it) -> {
        List<PerceptronPass> out = new ArrayList<>(1);
        while (it.hasNext()) {
          PartitionBlock block = it.next();
          if (block.rows() > 0) {
            out.add(PerceptronPass.run(block, weights.value(), rate, average,
                PerceptronPass.orderSeed(key, epoch, partition)));
          }
        }
        return out.iterator();
      }, true).collect();
    } finally {
      weights.destroy();
    }
  }

  /** The mean of the passes' parameters, summed in double in the order given. */
  private static float[] mean(List<PerceptronPass> passes, int size) {
    double[] sum = new double[size];
    for (PerceptronPass pass : passes) {
      for (int i = 0; i < size; i++) {
        sum[i] += pass.params[i];
      }
    }
    float[] mean = new float[size];
    for (int i = 0; i < size; i++) {
      mean[i] = (float) (sum[i] / passes.size());
    }
    return mean;
  }
}
