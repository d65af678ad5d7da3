package io.github.sparkbackprop.optim;

import java.util.List;
import java.util.Locale;

/** Builds optimizers from the names used in Params and configuration files. */
public final class Optimizers {

  /** Every name {@link #byName} accepts. */
  public static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "adam");

  private Optimizers() {}

  /** {@code momentum} is used by the momentum and nesterov rules only. */
  public static Optimizer byName(String name, double momentum) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "sgd":
        return new Sgd();
      case "momentum":
        return new Momentum(momentum, false);
      case "nesterov":
        return new Momentum(momentum, true);
      case "adam":
        return new Adam();
      default:
        throw new IllegalArgumentException(
            "Unknown optimizer '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
  }
}
