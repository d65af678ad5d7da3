package io.github.sparkbackprop.train;

import io.github.sparkbackprop.nn.loss.Loss;
import java.io.Serializable;

/**
 * A quality measure of a network on held-out rows, computed from partial sums that partitions
 * add up: each partition fills {@link #SUMS} numbers, the driver adds them and calls
 * {@link #value}.
 */
public interface ValidationMetric extends Serializable {

  /** Partial sums per partition: the weighted score and the weight it is over. */
  int SUMS = 2;

  /** Its name in summaries, for example {@code accuracy}. */
  String name();

  /**
   * Adds the score of {@code rows} examples into {@code sums}: {@code output} is the network's
   * output ({@code rows x cols}), {@code targets} holds {@code targetWidth} floats per row as the
   * loss reads them, {@code rowWeights} one weight per row or null.
   */
  void accumulate(float[] output, float[] targets, int targetWidth, float[] rowWeights, int rows,
      int cols, double[] sums);

  /** The metric from the added sums; NaN when they cover no weight. */
  double value(double[] sums);

  /** Accuracy for the classification losses, root mean squared error for the others. */
  static ValidationMetric forLoss(Loss loss) {
    switch (loss.name()) {
      case "crossentropy":
      case "binarycrossentropy":
        return new Accuracy();
      default:
        return new RootMeanSquaredError();
    }
  }
}
