package io.github.sparkbackprop.nn.loss;

import io.github.sparkbackprop.nn.Layer;

/**
 * Squared error averaged over the outputs of an example: {@code (1/k) sum_j (y_j - t_j)^2}, with
 * gradient {@code (2/k) (y - t)}. Works with any output activation.
 */
public final class MeanSquaredError implements Loss {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "mse";
  }

  @Override
  public boolean fusedWithOutputActivation() {
    return false;
  }

  @Override
  public void checkOutput(Layer outputLayer) {
    // Any output can be compared with a target of the same size.
  }

  @Override
  public int targetWidth(int outputSize) {
    return outputSize;
  }

  @Override
  public double evaluate(float[] output, float[] targets, float[] rowWeights, int rows, int cols,
      float[] gradient) {
    double total = 0;
    float scale = 2f / cols;
    for (int r = 0; r < rows; r++) {
      float weight = rowWeights == null ? 1f : rowWeights[r];
      double rowLoss = 0;
      for (int j = 0; j < cols; j++) {
        int i = r * cols + j;
        float diff = output[i] - targets[i];
        rowLoss += (double) diff * diff;
        if (gradient != null) {
          gradient[i] = weight * scale * diff;
        }
      }
      total += weight * rowLoss / cols;
    }
    return total;
  }
}
