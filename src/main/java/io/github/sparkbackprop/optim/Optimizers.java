package io.github.sparkbackprop.optim;

import java.util.List;
import java.util.Locale;

/** Builds optimizers from the names used in Params and configuration files. */
public final class Optimizers {

  /**
   * Every name {@link #byName} accepts. {@code adamw} is Adam whose weight decay is decoupled from
   * the gradient (see {@link #weightDecay}); {@link #byName} alone gives the same rule as
   * {@code adam}.
   */
  public static final List<String> NAMES =
      List.of("sgd", "momentum", "nesterov", "adam", "adamw");

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
      case "adamw":
        return new Adam();
      default:
        throw new IllegalArgumentException(
            "Unknown optimizer '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
  }

  /**
   * The weight decay that goes with optimizer {@code name}: decoupled for {@code adamw}, L2
   * regularisation (added to the gradient) for every other optimizer, none when {@code lambda}
   * is 0.
   */
  public static WeightDecay weightDecay(String name, double lambda) {
    boolean decoupled = "adamw".equals(name.trim().toLowerCase(Locale.ROOT));
    return decoupled ? WeightDecay.decoupled(lambda) : WeightDecay.l2(lambda);
  }

  /** The complete update of optimizer {@code name} with weight decay and gradient clipping. */
  public static UpdateRule updateRule(String name, double momentum, double weightDecay,
      double clipNorm) {
    return new UpdateRule(byName(name, momentum), weightDecay(name, weightDecay), clipNorm);
  }
}
