package io.github.sparkbackprop.nn.loss;

import java.util.List;
import java.util.Locale;

/** Looks losses up by name. */
public final class Losses {

  /** Every name {@link #byName} accepts. */
  public static final List<String> NAMES = List.of("crossentropy", "binarycrossentropy", "mse");

  private Losses() {}

  public static Loss byName(String name) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "crossentropy":
      case "softmaxcrossentropy":
        return new SoftmaxCrossEntropy();
      case "binarycrossentropy":
      case "bce":
        return new BinaryCrossEntropy();
      case "mse":
      case "squarederror":
        return new MeanSquaredError();
      default:
        throw new IllegalArgumentException(
            "Unknown loss '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
  }
}
