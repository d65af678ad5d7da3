package io.github.sparkbackprop.train;

import io.github.sparkbackprop.nn.Architecture;

/**
 * Checks that a fitted model can be the starting point of a new fit: same network, same input
 * shape, same loss.
 */
public final class WarmStart {
  private WarmStart() {}

  /**
   * Returns a copy of {@code weights}, the weights of a model of architecture {@code model}, to
   * start training {@code target} from. Throws {@link IllegalArgumentException} naming both
   * architectures when they differ, and when the weights do not fit the model.
   */
  public static float[] weights(Architecture target, Architecture model, float[] weights,
      String source) {
    boolean same = target.spec().equals(model.spec())
        && target.inputShape().equals(model.inputShape())
        && target.loss().name().equals(model.loss().name());
    if (!same) {
      throw new IllegalArgumentException("The initial model " + source + " has the network "
          + model + " but this fit trains " + target + "; warm start needs the same network");
    }
    if (weights.length != model.parameterCount()) {
      throw new IllegalArgumentException("The initial model " + source + " has "
          + weights.length + " weights but its network " + model + " needs "
          + model.parameterCount());
    }
    return weights.clone();
  }
}
