package io.github.sparkbackprop.nn.loss;

import io.github.sparkbackprop.nn.ActivationLayer;
import io.github.sparkbackprop.nn.Layer;
import io.github.sparkbackprop.nn.activation.Softmax;

/**
 * Cross-entropy {@code -log p_y} of a softmax output against the class index {@code y}.
 *
 * <p>Fused with the softmax: the gradient with respect to the softmax input is {@code p - onehot(y)},
 * which needs neither the softmax Jacobian nor a division by {@code p}.
 */
public final class SoftmaxCrossEntropy implements Loss {
  private static final long serialVersionUID = 1L;

  /** Probabilities are clamped here so that a confident mistake costs a large, finite loss. */
  private static final double MIN_PROBABILITY = 1e-30;

  @Override
  public String name() {
    return "crossentropy";
  }

  @Override
  public boolean fusedWithOutputActivation() {
    return true;
  }

  @Override
  public void checkOutput(Layer outputLayer) {
    if (!(outputLayer instanceof ActivationLayer)
        || !(((ActivationLayer) outputLayer).activation() instanceof Softmax)) {
      throw new IllegalArgumentException(
          "Softmax cross-entropy needs a softmax output layer, for example dense(10, softmax)");
    }
    if (outputLayer.outputShape().size() < 2) {
      throw new IllegalArgumentException(
          "Softmax cross-entropy needs at least 2 outputs but the output layer has "
              + outputLayer.outputShape().size());
    }
  }

  @Override
  public int targetWidth(int outputSize) {
    return 1;
  }

  @Override
  public double evaluate(float[] output, float[] targets, float[] rowWeights, int rows, int cols,
      float[] gradient) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      int label = (int) targets[r];
      if (label < 0 || label >= cols || label != targets[r]) {
        throw new IllegalArgumentException("Class label must be an integer in [0, " + cols
            + ") but was " + targets[r]);
      }
      float weight = rowWeights == null ? 1f : rowWeights[r];
      int base = r * cols;
      total += -weight * Math.log(Math.max(output[base + label], MIN_PROBABILITY));
      if (gradient != null) {
        for (int j = 0; j < cols; j++) {
          gradient[base + j] = weight * output[base + j];
        }
        gradient[base + label] -= weight;
      }
    }
    return total;
  }
}
