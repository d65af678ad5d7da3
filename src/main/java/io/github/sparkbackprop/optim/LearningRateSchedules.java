package io.github.sparkbackprop.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the one-line descriptions of learning-rate schedules used in Params and configuration
 * files.
 *
 * <p>Grammar: a name, optionally followed by {@code name=value} arguments in parentheses,
 * separated by commas. Every schedule also takes {@code warmup=E}, a linear ramp over the first
 * {@code E} epochs (see {@link LinearWarmup}).
 * <ul>
 *   <li>{@code constant}: the base rate throughout;</li>
 *   <li>{@code step(every=N, factor=F)}: times {@code F} after every {@code N} epochs
 *       ({@code factor} defaults to 0.5);</li>
 *   <li>{@code exponential(factor=F)}: times {@code F} per epoch, smoothly;</li>
 *   <li>{@code cosine} or {@code cosine(floor=F)}: half a cosine down to {@code F} times the base
 *       rate at the end of the run ({@code floor} defaults to 0).</li>
 * </ul>
 * Examples: {@code constant}, {@code cosine(warmup=2)}, {@code step(every=5, factor=0.5)},
 * {@code exponential(factor=0.9, warmup=1)}.
 */
public final class LearningRateSchedules {

  /** Every schedule name {@link #parse} accepts. */
  public static final List<String> NAMES = List.of("constant", "step", "exponential", "cosine");

  /** One example per schedule, for documentation and error messages. */
  public static final String EXAMPLES =
      "constant, step(every=5, factor=0.5), exponential(factor=0.9), cosine(warmup=2)";

  private LearningRateSchedules() {}

  /**
   * Parses a description; throws {@link IllegalArgumentException} that quotes it and says what
   * is wrong.
   */
  public static LearningRateSchedule parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "A learning-rate schedule is empty; write one of " + EXAMPLES);
    }
    try {
      return build(text.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot read learning-rate schedule '" + text + "': " + e.getMessage(), e);
    }
  }

  private static LearningRateSchedule build(String text) {
    int open = text.indexOf('(');
    String name = (open < 0 ? text : text.substring(0, open)).trim().toLowerCase(Locale.ROOT);
    Map<String, String> args = open < 0 ? Map.of() : arguments(text, open);
    Arguments reader = new Arguments(name, args);
    Double warmup = reader.optionalNumber("warmup");
    LearningRateSchedule schedule;
    switch (name) {
      case "constant":
        schedule = new ConstantRate();
        break;
      case "step":
        schedule = new StepDecay(reader.requiredInt("every"), reader.number("factor", 0.5));
        break;
      case "exponential":
        schedule = new ExponentialDecay(reader.requiredNumber("factor"));
        break;
      case "cosine":
        schedule = new CosineDecay(reader.number("floor", 0.0));
        break;
      default:
        throw new IllegalArgumentException(
            "unknown schedule '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
    reader.checkAllUsed();
    return warmup == null ? schedule : new LinearWarmup(warmup, schedule);
  }

  /** The {@code name=value} pairs between the parentheses that open at {@code open}. */
  private static Map<String, String> arguments(String text, int open) {
    if (!text.endsWith(")")) {
      throw new IllegalArgumentException("expected ')' at the end");
    }
    String inside = text.substring(open + 1, text.length() - 1).trim();
    Map<String, String> args = new LinkedHashMap<>();
    if (inside.isEmpty()) {
      return args;
    }
    for (String part : inside.split(",")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("argument '" + part.trim()
            + "' must be written as name=value, for example every=5");
      }
      String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      if (args.put(key, part.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException("argument '" + key + "' is given twice");
      }
    }
    return args;
  }

  static void checkFactor(String schedule, double factor) {
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException(
          schedule + ": 'factor' must be in (0, 1] but was " + factor);
    }
  }

  /** A number as written in descriptions: {@code 2} rather than {@code 2.0}. */
  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** Reads named arguments and remembers which were asked for. */
  private static final class Arguments {
    private final String schedule;
    private final Map<String, String> values;
    private final List<String> known = new ArrayList<>();

    Arguments(String schedule, Map<String, String> values) {
      this.schedule = schedule;
      this.values = values;
    }

    Double optionalNumber(String key) {
      known.add(key);
      String value = values.get(key);
      if (value == null) {
        return null;
      }
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            schedule + ": '" + key + "' must be a number but was '" + value + "'", e);
      }
    }

    double number(String key, double defaultValue) {
      Double value = optionalNumber(key);
      return value == null ? defaultValue : value;
    }

    double requiredNumber(String key) {
      Double value = optionalNumber(key);
      if (value == null) {
        throw new IllegalArgumentException(schedule + " needs the argument '" + key + "'");
      }
      return value;
    }

    int requiredInt(String key) {
      double value = requiredNumber(key);
      if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            schedule + ": '" + key + "' must be a whole number of epochs but was " + value);
      }
      return (int) value;
    }

    void checkAllUsed() {
      for (String key : values.keySet()) {
        if (!known.contains(key)) {
          throw new IllegalArgumentException(schedule + " has no argument '" + key
              + "'; it takes " + String.join(", ", known));
        }
      }
    }
  }
}
