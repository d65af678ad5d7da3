package io.github.sparkbackprop.nn.activation;

/** {@code f(x) = max(0, x)}; the gradient passes where the output is positive. */
public final class Relu implements Activation {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "relu";
  }

  @Override
  public void forward(float[] pre, float[] out, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      out[i] = Math.max(pre[i], 0f);
    }
  }

  @Override
  public void backward(float[] pre, float[] out, float[] gradOut, float[] gradPre, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      gradPre[i] = out[i] > 0f ? gradOut[i] : 0f;
    }
  }
}
