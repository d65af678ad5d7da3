package io.github.sparkbackprop.optim;

/**
 * Gradient descent with momentum: {@code v = mu v + g}, then {@code w -= lr v}; with Nesterov's
 * look-ahead {@code w -= lr (g + mu v)} instead (Sutskever et al., "On the importance of
 * initialization and momentum in deep learning", 2013). One slot: the velocity {@code v}.
 */
public final class Momentum implements Optimizer {
  private static final long serialVersionUID = 1L;

  /** Fraction of the velocity kept from one step to the next, in [0, 1). */
  private final double momentum;
  private final boolean nesterov;

  public Momentum(double momentum, boolean nesterov) {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1) but was " + momentum);
    }
    this.momentum = momentum;
    this.nesterov = nesterov;
  }

  @Override
  public OptimizerState newState(int size) {
    return new OptimizerState(1, size);
  }

  @Override
  public void update(float[] params, float[] gradient, OptimizerState state, double learningRate) {
    state.advance();
    float[] velocity = state.slot(0);
    float mu = (float) momentum;
    float lr = (float) learningRate;
    for (int i = 0; i < params.length; i++) {
      float v = mu * velocity[i] + gradient[i];
      velocity[i] = v;
      params[i] -= nesterov ? lr * (gradient[i] + mu * v) : lr * v;
    }
  }

  @Override
  public String toString() {
    return (nesterov ? "nesterov" : "momentum") + "(momentum=" + momentum + ")";
  }
}
