package io.github.sparkbackprop.nn;

import java.util.SplittableRandom;

/**
 * The maths of one layer, built from a {@link LayerSpec} for a known input shape.
 *
 * <p>A layer owns no weights: its parameters live in the network's flat array, starting at the
 * offset the network passes in, and the gradient array has the same layout. A layer instance may
 * keep scratch buffers between calls, so it belongs to one thread (one Spark task) and is built
 * afresh wherever it is needed; only the spec is serialised.
 *
 * <p>Batches are row-major blocks of {@code rows} examples: the input holds
 * {@code rows * inputShape().size()} floats, the output {@code rows * outputShape().size()}.
 */
public interface Layer {

  Shape inputShape();

  Shape outputShape();

  /** Number of floats this layer occupies in the network's parameter array. */
  int parameterCount();

  /**
   * Multiply-adds of this layer's matrix products in the forward pass of one example: what the
   * benchmark counts as the training arithmetic (each backward product costs the same again).
   * Layers without matrix products, such as activations and pooling, count 0.
   */
  default long forwardMultiplyAdds() {
    return 0;
  }

  /** Writes initial parameters into {@code params[offset, offset + parameterCount())}. */
  default void initialise(float[] params, int offset, SplittableRandom random) {}

  /**
   * Computes the output of {@code rows} examples. {@code training} is true inside fit, where
   * layers such as dropout behave differently than when scoring.
   */
  void forward(float[] params, int offset, float[] input, float[] output, int rows,
      boolean training);

  /**
   * Back-propagates {@code gradOutput}, the gradient of the loss with respect to this layer's
   * output. Adds the gradient of its parameters into {@code gradient[offset, ...)} and, when
   * {@code gradInput} is not null, writes the gradient with respect to the input there.
   * {@code input} and {@code output} are those of the forward pass just made. The method may
   * overwrite {@code gradOutput}. Parameters that are not trained by gradient, such as the
   * running statistics of {@link BatchNormLayer}, use their gradient slots to send statistics to
   * the driver instead (see {@link RunningStatistics}).
   */
  void backward(float[] params, int offset, float[] input, float[] output, float[] gradOutput,
      float[] gradient, float[] gradInput, int rows);
}
