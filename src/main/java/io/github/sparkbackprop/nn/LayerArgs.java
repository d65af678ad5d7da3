package io.github.sparkbackprop.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The arguments written between a layer's parentheses, such as {@code 128, relu, init=he}:
 * positional values first, then {@code name=value} pairs. Each argument has a name and a position,
 * and may be given either way.
 */
public final class LayerArgs {
  private final String layer;
  private final List<String> positional;
  private final Map<String, String> named;
  private final Set<String> known = new LinkedHashSet<>();

  LayerArgs(String layer, List<String> positional, Map<String, String> named) {
    this.layer = layer;
    this.positional = new ArrayList<>(positional);
    this.named = new LinkedHashMap<>(named);
  }

  /** The argument called {@code name} or at {@code position}, or null when absent. */
  public String get(String name, int position) {
    known.add(name);
    String byName = named.get(name);
    String byPosition = position >= 0 && position < positional.size() ? positional.get(position) : null;
    if (byName != null && byPosition != null) {
      throw new IllegalArgumentException(
          layer + ": argument '" + name + "' is given both by position and by name");
    }
    return byName != null ? byName : byPosition;
  }

  public String require(String name, int position) {
    String value = get(name, position);
    if (value == null) {
      throw new IllegalArgumentException(layer + " needs the argument '" + name + "'");
    }
    return value;
  }

  public int positiveInt(String name, int position, Integer defaultValue) {
    String value = defaultValue == null ? require(name, position) : get(name, position);
    if (value == null) {
      return defaultValue;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          layer + ": '" + name + "' must be a whole number but was '" + value + "'", e);
    }
    if (parsed <= 0) {
      throw new IllegalArgumentException(
          layer + ": '" + name + "' must be positive but was " + parsed);
    }
    return parsed;
  }

  public Float optionalFloat(String name, int position) {
    String value = get(name, position);
    if (value == null) {
      return null;
    }
    try {
      return Float.parseFloat(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          layer + ": '" + name + "' must be a number but was '" + value + "'", e);
    }
  }

  public String optionalWord(String name, int position) {
    String value = get(name, position);
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  /** Refuses arguments that no {@code get} call asked for; call it after reading all of them. */
  public void checkAllUsed() {
    for (String key : named.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            layer + " has no argument '" + key + "'; it takes " + String.join(", ", known));
      }
    }
    int maxPositional = known.size();
    if (positional.size() > maxPositional) {
      throw new IllegalArgumentException(layer + " takes at most " + maxPositional
          + " arguments (" + String.join(", ", known) + ") but got " + positional.size());
    }
  }
}
