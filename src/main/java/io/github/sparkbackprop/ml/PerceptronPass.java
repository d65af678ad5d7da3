package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.train.PartitionBlock;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * One partition's pass of the perceptron rule over its rows in one epoch, and the rule's margin.
 *
 * <p>The parameters are one flat array of {@code featureSize + 1} floats, the bias last: the bias
 * is the weight of an input that is always 1. A row's margin is {@code w . x + b}, summed in
 * double in index order, and its prediction is 1 when the margin is positive, else 0. The pass
 * visits the rows in an order drawn from a seed; where the prediction differs from the label it
 * adds {@code learningRate * x} to {@code w} and {@code learningRate} to {@code b} for a label 1,
 * and subtracts them for a label 0. Each row visited is one step.
 */
final class PerceptronPass implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Rows visited, the partition's row count. */
  final int rows;
  /** Rows whose prediction, with the weights as they were when the row came, was wrong. */
  final long mistakes;
  /** The parameters after the last row, bias last. */
  final float[] params;
  /**
   * The parameters after each step, summed over the pass's steps, for the averaged perceptron;
   * null when not averaging.
   */
  final double[] stepSum;

  private PerceptronPass(int rows, long mistakes, float[] params, double[] stepSum) {
    this.rows = rows;
    this.mistakes = mistakes;
    this.params = params;
    this.stepSum = stepSum;
  }

  /**
   * Runs the rule over every row of {@code block}, starting from {@code start} (not modified), in
   * the order that {@code orderSeed} draws.
   */
  static PerceptronPass run(PartitionBlock block, float[] start, double learningRate,
      boolean averaged, long orderSeed) {
    int d = block.featureSize();
    int n = block.rows();
    float[] x = block.features();
    float[] targets = block.targets();
    float[] params = start.clone();
    // Sum over steps t = 1..n of the parameters after step t is n * start plus, for each change
    // made at step s, (n - s + 1) times that change: it is kept up to date on mistakes only.
    double[] changeSum = averaged ? new double[d + 1] : null;
    long mistakes = 0;
    int[] order = order(n, orderSeed);
    for (int s = 0; s < n; s++) {
      int row = order[s];
      int offset = row * d;
      int predicted = margin(params, x, offset, d) > 0 ? 1 : 0;
      int label = (int) targets[row];
      if (predicted == label) {
        continue;
      }
      mistakes++;
      double step = label == 1 ? learningRate : -learningRate;
      double stepsLeft = n - s;
      for (int i = 0; i <= d; i++) {
        float before = params[i];
        double input = i < d ? x[offset + i] : 1.0;
        params[i] = (float) (before + step * input);
        if (changeSum != null) {
          changeSum[i] += stepsLeft * ((double) params[i] - before);
        }
      }
    }
    double[] stepSum = null;
    if (averaged) {
      stepSum = new double[d + 1];
      for (int i = 0; i <= d; i++) {
        stepSum[i] = (double) n * start[i] + changeSum[i];
      }
    }
    return new PerceptronPass(n, mistakes, params, stepSum);
  }

  /**
   * The margin {@code w . x + b} of the row at {@code x[offset, offset + d)}, with {@code params}
   * holding {@code w} and then {@code b}. Training and scoring both call this, so a model predicts
   * exactly what the last epoch of its training saw.
   */
  static double margin(float[] params, float[] x, int offset, int d) {
    double sum = 0;
    for (int i = 0; i < d; i++) {
      sum += (double) params[i] * x[offset + i];
    }
    return sum + params[d];
  }

  /** The seed of the row order of {@code partition} in {@code epoch}, distinct for each. */
  static long orderSeed(long seed, int epoch, int partition) {
    long key = mix(seed + 0x9E3779B97F4A7C15L * epoch);
    return mix(key + 0xC2B2AE3D27D4EB4FL * (partition + 1L));
  }

  /** The order in which a pass with {@code seed} visits {@code n} rows: a seeded shuffle. */
  static int[] order(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /** A 64-bit finaliser that spreads every input bit over the output. */
  private static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }
}
