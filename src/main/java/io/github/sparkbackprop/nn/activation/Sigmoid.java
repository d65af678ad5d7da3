package io.github.sparkbackprop.nn.activation;

/** The logistic function {@code 1 / (1 + e^-x)}; its derivative is {@code y (1 - y)}. */
public final class Sigmoid implements Activation {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "sigmoid";
  }

  @Override
  public void forward(float[] pre, float[] out, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      out[i] = sigmoid(pre[i]);
    }
  }

  /** Evaluated so that neither branch overflows. */
  static float sigmoid(float x) {
    if (x >= 0f) {
      return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
    double e = Math.exp(x);
    return (float) (e / (1.0 + e));
  }

  @Override
  public void backward(float[] pre, float[] out, float[] gradOut, float[] gradPre, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      float y = out[i];
      gradPre[i] = gradOut[i] * y * (1f - y);
    }
  }

  @Override
  public boolean saturating() {
    return true;
  }
}
