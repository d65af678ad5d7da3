package io.github.sparkbackprop.nn.activation;

/**
 * Normalises each row into a probability distribution: {@code y_j = e^x_j / sum_k e^x_k}.
 *
 * <p>Unlike the other activations it couples the columns of a row, so its backward pass is the
 * Jacobian-vector product {@code g_j = y_j (gy_j - sum_k gy_k y_k)}. Paired with softmax
 * cross-entropy the network skips this product, since the fused gradient is simpler.
 */
public final class Softmax implements Activation {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "softmax";
  }

  @Override
  public void forward(float[] pre, float[] out, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, pre[base + j]);
      }
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        float e = (float) Math.exp(pre[base + j] - max);
        out[base + j] = e;
        sum += e;
      }
      float inv = (float) (1.0 / sum);
      for (int j = 0; j < cols; j++) {
        out[base + j] *= inv;
      }
    }
  }

  @Override
  public void backward(float[] pre, float[] out, float[] gradOut, float[] gradPre, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      double dot = 0;
      for (int j = 0; j < cols; j++) {
        dot += gradOut[base + j] * out[base + j];
      }
      for (int j = 0; j < cols; j++) {
        gradPre[base + j] = out[base + j] * (float) (gradOut[base + j] - dot);
      }
    }
  }

  @Override
  public boolean saturating() {
    return true;
  }
}
