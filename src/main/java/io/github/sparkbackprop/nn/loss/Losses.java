package io.github.sparkbackprop.nn.loss;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Looks losses up by name. */
public final class Losses {

  /** Every name {@link #byName} accepts; {@code huber} also takes {@code huber(delta=0.5)}. */
  public static final List<String> NAMES =
      List.of("crossentropy", "binarycrossentropy", "mse", "huber");

  /** The delta of {@code huber} written without one. */
  public static final double DEFAULT_HUBER_DELTA = 1.0;

  private static final Pattern HUBER =
      Pattern.compile("huber\\s*\\(\\s*delta\\s*=\\s*([^)\\s]+)\\s*\\)");

  private Losses() {}

  public static Loss byName(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    switch (key) {
      case "crossentropy":
      case "softmaxcrossentropy":
        return new SoftmaxCrossEntropy();
      case "binarycrossentropy":
      case "bce":
        return new BinaryCrossEntropy();
      case "mse":
      case "squarederror":
        return new MeanSquaredError();
      case "huber":
        return new HuberLoss(DEFAULT_HUBER_DELTA);
      default:
        Matcher huber = HUBER.matcher(key);
        if (huber.matches()) {
          return new HuberLoss(parseDelta(name, huber.group(1)));
        }
        throw new IllegalArgumentException(
            "Unknown loss '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
  }

  private static double parseDelta(String name, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Loss '" + name + "': delta must be a number but was '" + value + "'", e);
    }
  }
}
