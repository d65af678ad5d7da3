package io.github.sparkbackprop.nn.activation;

/** {@code f(x) = x}: the output of a regression network. */
public final class Identity implements Activation {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "identity";
  }

  @Override
  public void forward(float[] pre, float[] out, int rows, int cols) {
    System.arraycopy(pre, 0, out, 0, rows * cols);
  }

  @Override
  public void backward(float[] pre, float[] out, float[] gradOut, float[] gradPre, int rows, int cols) {
    if (gradPre != gradOut) {
      System.arraycopy(gradOut, 0, gradPre, 0, rows * cols);
    }
  }

  @Override
  public boolean saturating() {
    return true;
  }
}
