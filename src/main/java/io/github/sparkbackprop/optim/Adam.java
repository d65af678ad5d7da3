package io.github.sparkbackprop.optim;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015): per-parameter
 * steps scaled by running estimates of the gradient's first and second moments, with bias
 * correction for the early steps. Two slots: the first moment {@code m}, the second {@code v}.
 */
public final class Adam implements Optimizer {
  private static final long serialVersionUID = 1L;

  /** Decay of the first-moment estimate. */
  private final double beta1;
  /** Decay of the second-moment estimate. */
  private final double beta2;
  /** Added to the root of the second moment to keep the step finite. */
  private final double epsilon;

  public Adam(double beta1, double beta2, double epsilon) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(
          "Adam's beta1 and beta2 must be in [0, 1) but were " + beta1 + " and " + beta2);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("Adam's epsilon must be positive but was " + epsilon);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /** The paper's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8. */
  public Adam() {
    this(0.9, 0.999, 1e-8);
  }

  @Override
  public OptimizerState newState(int size) {
    return new OptimizerState(2, size);
  }

  @Override
  public void update(float[] params, float[] gradient, OptimizerState state, double learningRate) {
    long t = state.advance();
    float[] m = state.slot(0);
    float[] v = state.slot(1);
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    // Fold both bias corrections into the step size once per step.
    float stepSize = (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
    float eps = (float) (epsilon * Math.sqrt(1 - Math.pow(beta2, t)));
    for (int i = 0; i < params.length; i++) {
      float g = gradient[i];
      float mi = b1 * m[i] + (1 - b1) * g;
      float vi = b2 * v[i] + (1 - b2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] -= stepSize * mi / ((float) Math.sqrt(vi) + eps);
    }
  }

  @Override
  public String toString() {
    return "adam(beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon + ")";
  }
}
