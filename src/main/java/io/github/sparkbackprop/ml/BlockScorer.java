package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.Network;
import io.github.sparkbackprop.nn.loss.BinaryCrossEntropy;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a partition of rows through a classifier network in blocks: the rows of a block are
 * stacked into one matrix, so each layer costs one matrix product per block.
 *
 * <p>Output rows keep every input column and add the raw prediction, probability and prediction
 * columns whose names are not empty, in the positions of the output schema.
 */
final class BlockScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Rows scored together; large enough for efficient products, small enough for the cache. */
  static final int BLOCK_ROWS = 256;

  private final Architecture architecture;
  private final Broadcast<float[]> weights;
  private final int numClasses;
  private final boolean sigmoidOutput;
  private final int featuresIndex;
  private final String featuresCol;
  private final int inputColumns;
  private final int outputColumns;
  private final int rawIndex;
  private final int probabilityIndex;
  private final int predictionIndex;
  /** Spark's class thresholds, or null to predict the most probable class. */
  private final double[] thresholds;

  BlockScorer(Architecture architecture, Broadcast<float[]> weights, int numClasses,
      StructType inputSchema, StructType outputSchema, String featuresCol, String rawCol,
      String probabilityCol, String predictionCol, double[] thresholds) {
    this.architecture = architecture;
    this.weights = weights;
    this.numClasses = numClasses;
    this.sigmoidOutput = architecture.loss() instanceof BinaryCrossEntropy;
    this.featuresIndex = inputSchema.fieldIndex(featuresCol);
    this.featuresCol = featuresCol;
    this.inputColumns = inputSchema.size();
    this.outputColumns = outputSchema.size();
    this.rawIndex = indexOf(outputSchema, rawCol);
    this.probabilityIndex = indexOf(outputSchema, probabilityCol);
    this.predictionIndex = indexOf(outputSchema, predictionCol);
    this.thresholds = thresholds;
  }

  private static int indexOf(StructType schema, String name) {
    return name.isEmpty() ? -1 : schema.fieldIndex(name);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Network network = architecture.newNetwork(BLOCK_ROWS);
    float[] params = weights.value();
    int featureSize = architecture.inputShape().size();
    int outputSize = architecture.outputShape().size();
    float[] input = new float[BLOCK_ROWS * featureSize];
    Row[] block = new Row[BLOCK_ROWS];
    return new Iterator<Row>() {
      private Row[] scored = new Row[0];
      private int next;
      private long rowNumber;

      @Override
      public boolean hasNext() {
        if (next < scored.length) {
          return true;
        }
        if (!rows.hasNext()) {
          return false;
        }
        scoreNextBlock();
        return next < scored.length;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return scored[next++];
      }

      private void scoreNextBlock() {
        int count = 0;
        while (count < BLOCK_ROWS && rows.hasNext()) {
          Row row = rows.next();
          FeatureVectors.read(row, featuresIndex, featuresCol, featureSize, rowNumber++, input,
              count * featureSize);
          block[count++] = row;
        }
        float[] raw = network.predictRaw(params, input, count);
        scored = new Row[count];
        next = 0;
        for (int r = 0; r < count; r++) {
          scored[r] = outputRow(block[r], rawVector(raw, r, outputSize, numClasses));
          block[r] = null;
        }
      }
    };
  }

  private Row outputRow(Row input, double[] raw) {
    Object[] values = new Object[outputColumns];
    for (int i = 0; i < inputColumns; i++) {
      values[i] = input.get(i);
    }
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
    return RowFactory.create(values);
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
