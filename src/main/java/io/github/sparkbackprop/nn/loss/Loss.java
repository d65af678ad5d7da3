package io.github.sparkbackprop.nn.loss;

import io.github.sparkbackprop.nn.Layer;
import java.io.Serializable;

/**
 * A training objective: the per-example loss and its gradient with respect to the network's
 * output.
 *
 * <p>Targets are a row-major block of {@code targetWidth(outputSize)} floats per example. Row
 * weights, when given, scale each example's loss and gradient; callers divide the sums by the
 * total weight. A loss that is {@linkplain #fusedWithOutputActivation() fused} with the output
 * activation returns the gradient with respect to that activation's input instead, which is both
 * cheaper and numerically safer.
 */
public interface Loss extends Serializable {

  /** The name used in Params and saved models, for example {@code crossentropy}. */
  String name();

  /** True when {@link #evaluate} writes the gradient before the output activation. */
  boolean fusedWithOutputActivation();

  /**
   * Throws {@link IllegalArgumentException} when {@code outputLayer}, the network's last layer,
   * does not produce what this loss expects (for example cross-entropy without softmax).
   */
  void checkOutput(Layer outputLayer);

  /** Floats of target per example for a network with {@code outputSize} outputs. */
  int targetWidth(int outputSize);

  /**
   * Returns the weighted sum over the {@code rows} examples of the loss, and when
   * {@code gradient} is not null writes each example's weighted gradient into it
   * ({@code rows x cols}).
   *
   * @param output the network's output, {@code rows x cols}
   * @param targets {@code rows x targetWidth(cols)}
   * @param rowWeights one weight per row, or null for weight one
   */
  double evaluate(float[] output, float[] targets, float[] rowWeights, int rows, int cols,
      float[] gradient);
}
