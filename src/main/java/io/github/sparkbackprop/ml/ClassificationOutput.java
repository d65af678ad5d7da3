package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.loss.BinaryCrossEntropy;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.types.StructType;

/**
 * The rawPrediction, probability and prediction columns of a classifier, from the logits of a
 * softmax output or the input of a single sigmoid unit; a column whose name is empty is left
 * out.
 */
final class ClassificationOutput implements BlockScorer.Output {
  private static final long serialVersionUID = 1L;

  private final int numClasses;
  private final boolean sigmoidOutput;
  private final int rawIndex;
  private final int probabilityIndex;
  private final int predictionIndex;
  /** Spark's class thresholds, or null to predict the most probable class. */
  private final double[] thresholds;

  ClassificationOutput(Architecture architecture, int numClasses, StructType outputSchema,
      String rawCol, String probabilityCol, String predictionCol, double[] thresholds) {
    this.numClasses = numClasses;
    this.sigmoidOutput = architecture.loss() instanceof BinaryCrossEntropy;
    this.rawIndex = BlockScorer.indexOf(outputSchema, rawCol);
    this.probabilityIndex = BlockScorer.indexOf(outputSchema, probabilityCol);
    this.predictionIndex = BlockScorer.indexOf(outputSchema, predictionCol);
    this.thresholds = thresholds;
  }

  @Override
  public void write(float[] output, int r, int outputSize, Object[] values) {
    double[] raw = rawVector(output, r, outputSize, numClasses);
    double[] probability = new double[raw.length];
    if (sigmoidOutput) {
      sigmoidProbability(raw, probability);
    } else {
      rawToProbability(raw, probability);
    }
    if (rawIndex >= 0) {
      values[rawIndex] = Vectors.dense(raw);
    }
    if (probabilityIndex >= 0) {
      values[probabilityIndex] = Vectors.dense(probability);
    }
    if (predictionIndex >= 0) {
      values[predictionIndex] = predict(probability);
    }
  }

  /**
   * The raw prediction of row {@code r}: the logits of a softmax output, or {@code [-z, z]} for a
   * single sigmoid unit with input {@code z}, as Spark's logistic regression reports it.
   */
  static double[] rawVector(float[] raw, int r, int outputSize, int numClasses) {
    double[] out = new double[numClasses];
    if (outputSize == 1) {
      double z = raw[r];
      out[0] = -z;
      out[1] = z;
    } else {
      for (int j = 0; j < numClasses; j++) {
        out[j] = raw[r * outputSize + j];
      }
    }
    return out;
  }

  /** Softmax of {@code raw} into {@code probability}; the arrays may be the same. */
  static void rawToProbability(double[] raw, double[] probability) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : raw) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int j = 0; j < raw.length; j++) {
      probability[j] = Math.exp(raw[j] - max);
      sum += probability[j];
    }
    for (int j = 0; j < raw.length; j++) {
      probability[j] /= sum;
    }
  }

  /** {@code [1 - s(z), s(z)]} for the raw {@code [-z, z]} of a sigmoid output. */
  static void sigmoidProbability(double[] raw, double[] probability) {
    double z = raw[1];
    double p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    probability[0] = 1 - p;
    probability[1] = p;
  }

  /** The most probable class, or with thresholds the class of largest probability / threshold. */
  private double predict(double[] probability) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < probability.length; j++) {
      double score;
      if (thresholds == null) {
        score = probability[j];
      } else if (thresholds[j] == 0) {
        score = Double.POSITIVE_INFINITY;
      } else {
        score = probability[j] / thresholds[j];
      }
      if (score > bestScore) {
        best = j;
        bestScore = score;
      }
    }
    return best;
  }
}
