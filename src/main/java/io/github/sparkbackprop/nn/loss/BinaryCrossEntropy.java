package io.github.sparkbackprop.nn.loss;

import io.github.sparkbackprop.nn.ActivationLayer;
import io.github.sparkbackprop.nn.Layer;
import io.github.sparkbackprop.nn.activation.Sigmoid;

/**
 * Binary cross-entropy {@code -(t log p + (1 - t) log(1 - p))} of each sigmoid output against a
 * target in [0, 1].
 *
 * <p>Fused with the sigmoid: the gradient with respect to the sigmoid input is {@code p - t}.
 */
public final class BinaryCrossEntropy implements Loss {
  private static final long serialVersionUID = 1L;

  private static final double MIN_PROBABILITY = 1e-30;

  @Override
  public String name() {
    return "binarycrossentropy";
  }

  @Override
  public boolean fusedWithOutputActivation() {
    return true;
  }

  @Override
  public void checkOutput(Layer outputLayer) {
    if (!(outputLayer instanceof ActivationLayer)
        || !(((ActivationLayer) outputLayer).activation() instanceof Sigmoid)) {
      throw new IllegalArgumentException(
          "Binary cross-entropy needs a sigmoid output layer, for example dense(1, sigmoid)");
    }
  }

  @Override
  public int targetWidth(int outputSize) {
    return outputSize;
  }

  @Override
  public double evaluate(float[] output, float[] targets, float[] rowWeights, int rows, int cols,
      float[] gradient) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      float weight = rowWeights == null ? 1f : rowWeights[r];
      for (int j = 0; j < cols; j++) {
        int i = r * cols + j;
        double p = output[i];
        double t = targets[i];
        total -= weight * (t * Math.log(Math.max(p, MIN_PROBABILITY))
            + (1 - t) * Math.log(Math.max(1 - p, MIN_PROBABILITY)));
        if (gradient != null) {
          gradient[i] = weight * (float) (p - t);
        }
      }
    }
    return total;
  }
}
