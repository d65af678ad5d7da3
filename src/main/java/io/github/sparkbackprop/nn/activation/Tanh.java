package io.github.sparkbackprop.nn.activation;

/** The hyperbolic tangent; its derivative is {@code 1 - y^2}. */
public final class Tanh implements Activation {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "tanh";
  }

  @Override
  public void forward(float[] pre, float[] out, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      out[i] = (float) Math.tanh(pre[i]);
    }
  }

  @Override
  public void backward(float[] pre, float[] out, float[] gradOut, float[] gradPre, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      float y = out[i];
      gradPre[i] = gradOut[i] * (1f - y * y);
    }
  }

  @Override
  public boolean saturating() {
    return true;
  }
}
