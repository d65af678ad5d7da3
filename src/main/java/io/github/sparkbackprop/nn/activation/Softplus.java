package io.github.sparkbackprop.nn.activation;

/** {@code f(x) = log(1 + e^x)}, a smooth ReLU; its derivative is the sigmoid. */
public final class Softplus implements Activation {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "softplus";
  }

  @Override
  public void forward(float[] pre, float[] out, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      double x = pre[i];
      // max(x, 0) + log1p(e^-|x|) never overflows.
      out[i] = (float) (Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))));
    }
  }

  @Override
  public void backward(float[] pre, float[] out, float[] gradOut, float[] gradPre, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      gradPre[i] = gradOut[i] * Sigmoid.sigmoid(pre[i]);
    }
  }
}
