package io.github.sparkbackprop.nn.activation;

/** Exponential linear unit: {@code x} for positive {@code x}, {@code alpha (e^x - 1)} otherwise. */
public final class Elu implements Activation {
  private static final long serialVersionUID = 1L;

  /** Value the output approaches for very negative inputs, negated. */
  private final float alpha;

  public Elu(float alpha) {
    if (!(alpha > 0f)) {
      throw new IllegalArgumentException("elu alpha must be positive but was " + alpha);
    }
    this.alpha = alpha;
  }

  public float alpha() {
    return alpha;
  }

  @Override
  public String name() {
    return "elu";
  }

  @Override
  public void forward(float[] pre, float[] out, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      float x = pre[i];
      out[i] = x > 0f ? x : alpha * (float) Math.expm1(x);
    }
  }

  @Override
  public void backward(float[] pre, float[] out, float[] gradOut, float[] gradPre, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      // For x <= 0 the derivative alpha * e^x equals out + alpha.
      gradPre[i] = pre[i] > 0f ? gradOut[i] : gradOut[i] * (out[i] + alpha);
    }
  }
}
