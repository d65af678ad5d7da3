package io.github.sparkbackprop.optim;

/** Plain gradient descent: {@code w -= lr * g}. */
public final class Sgd implements Optimizer {
  private static final long serialVersionUID = 1L;

  @Override
  public OptimizerState newState(int size) {
    return new OptimizerState(0, size);
  }

  @Override
  public void update(float[] params, float[] gradient, OptimizerState state, double learningRate) {
    state.advance();
    float lr = (float) learningRate;
    for (int i = 0; i < params.length; i++) {
      params[i] -= lr * gradient[i];
    }
  }

  @Override
  public String toString() {
    return "sgd()";
  }
}
