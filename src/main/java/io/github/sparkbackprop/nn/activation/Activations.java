package io.github.sparkbackprop.nn.activation;

import java.util.List;
import java.util.Locale;

/** Looks activations up by the names used in network descriptions. */
public final class Activations {

  /** Every name {@link #byName} accepts, in the order the documentation lists them. */
  public static final List<String> NAMES =
      List.of("identity", "relu", "leakyrelu", "elu", "sigmoid", "tanh", "softplus", "softmax");

  /** Slope of {@code leakyrelu} and scale of {@code elu} when the description gives none. */
  public static final float DEFAULT_ALPHA = 0.01f;

  private Activations() {}

  /**
   * The activation called {@code name}; {@code alpha} is used by {@code leakyrelu} and {@code elu}
   * only and may be null for the default.
   */
  public static Activation byName(String name, Float alpha) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    float a = alpha == null ? DEFAULT_ALPHA : alpha;
    switch (key) {
      case "identity":
      case "linear":
        return new Identity();
      case "relu":
        return new Relu();
      case "leakyrelu":
      case "leaky_relu":
        return new LeakyRelu(a);
      case "elu":
        return new Elu(alpha == null ? 1f : a);
      case "sigmoid":
      case "logistic":
        return new Sigmoid();
      case "tanh":
        return new Tanh();
      case "softplus":
        return new Softplus();
      case "softmax":
        return new Softmax();
      default:
        throw new IllegalArgumentException(
            "Unknown activation '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
  }
}
