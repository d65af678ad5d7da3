package io.github.sparkbackprop.optim;

import java.io.Serializable;

/**
 * Shrinks the weights towards zero at every step, in one of two ways.
 *
 * <ul>
 *   <li>L2 regularisation adds {@code lambda * w} to the gradient, as if the loss had a term
 *       {@code lambda / 2 * |w|^2}; the optimizer then treats it like any other gradient, so Adam
 *       rescales it per parameter.</li>
 *   <li>Decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization",
 *       ICLR 2019) subtracts {@code learningRate * lambda * w} from the weights beside the
 *       optimizer's step, untouched by Adam's scaling: with Adam this is AdamW. As in PyTorch
 *       and Keras, the decay is scaled by the full (scheduled) learning rate; the paper scales it
 *       by the schedule's multiplier alone, so its {@code lambda} corresponds to ours times the
 *       base rate.</li>
 * </ul>
 * Every parameter decays, biases included.
 */
public final class WeightDecay implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final WeightDecay NONE = new WeightDecay(0, false);

  /** The decay coefficient, at least 0. */
  private final double lambda;
  private final boolean decoupled;

  private WeightDecay(double lambda, boolean decoupled) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException(
          "weightDecay must be a finite number >= 0 but was " + lambda);
    }
    this.lambda = lambda;
    this.decoupled = decoupled;
  }

  public static WeightDecay none() {
    return NONE;
  }

  public static WeightDecay l2(double lambda) {
    return lambda == 0 ? NONE : new WeightDecay(lambda, false);
  }

  public static WeightDecay decoupled(double lambda) {
    return lambda == 0 ? NONE : new WeightDecay(lambda, true);
  }

  public double lambda() {
    return lambda;
  }

  public boolean isDecoupled() {
    return decoupled;
  }

  /**
   * Applies the decay for one step before the optimizer's update: L2 adds into
   * {@code gradient}, decoupled decay writes into {@code params} (using the weights before the
   * optimizer's step, as the paper's update does).
   */
  public void apply(float[] params, float[] gradient, double learningRate) {
    if (lambda == 0) {
      return;
    }
    if (decoupled) {
      float keep = (float) (1 - learningRate * lambda);
      for (int i = 0; i < params.length; i++) {
        params[i] *= keep;
      }
    } else {
      float l = (float) lambda;
      for (int i = 0; i < params.length; i++) {
        gradient[i] += l * params[i];
      }
    }
  }

  @Override
  public String toString() {
    if (lambda == 0) {
      return "none";
    }
    return (decoupled ? "decoupled(" : "l2(") + lambda + ")";
  }
}
