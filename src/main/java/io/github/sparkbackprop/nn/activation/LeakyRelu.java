package io.github.sparkbackprop.nn.activation;

/** {@code f(x) = x} for positive {@code x}, {@code alpha * x} otherwise. */
public final class LeakyRelu implements Activation {
  private static final long serialVersionUID = 1L;

  /** Slope for negative inputs. */
  private final float alpha;

  public LeakyRelu(float alpha) {
    if (!(alpha >= 0f && alpha < 1f)) {
      throw new IllegalArgumentException("leakyrelu alpha must be in [0, 1) but was " + alpha);
    }
    this.alpha = alpha;
  }

  public float alpha() {
    return alpha;
  }

  @Override
  public String name() {
    return "leakyrelu";
  }

  @Override
  public void forward(float[] pre, float[] out, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      float x = pre[i];
      out[i] = x > 0f ? x : alpha * x;
    }
  }

  @Override
  public void backward(float[] pre, float[] out, float[] gradOut, float[] gradPre, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      gradPre[i] = pre[i] > 0f ? gradOut[i] : alpha * gradOut[i];
    }
  }
}
