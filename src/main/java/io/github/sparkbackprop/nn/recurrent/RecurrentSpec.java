package io.github.sparkbackprop.nn.recurrent;

import io.github.sparkbackprop.nn.Layer;
import io.github.sparkbackprop.nn.LayerArgs;
import io.github.sparkbackprop.nn.LayerSpec;
import io.github.sparkbackprop.nn.NetworkSpec;
import io.github.sparkbackprop.nn.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recurrent layer, written {@code rnn(units)}, {@code lstm(units)} or {@code gru(units)}, with
 * {@code sequences=true} to return the state after every step (shape steps x units, for a
 * following recurrent layer) instead of the state after the last real step (a vector of units).
 * For example {@code lstm(64, sequences=true), lstm(32), dense(10, softmax)}.
 *
 * <p>{@code bptt=k} truncates back-propagation through time to chunks of {@code k} steps; the
 * stages' Param bpttLength sets it on every recurrent layer (see {@link #truncated}).
 */
public final class RecurrentSpec implements LayerSpec {
  private static final long serialVersionUID = 1L;

  /** The kinds of recurrent layer, by the name a description uses. */
  public enum Kind {
    RNN, LSTM, GRU;

    String lowerName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Kind kind;
  private final int units;
  private final boolean sequences;
  private final int bpttLength;

  public RecurrentSpec(Kind kind, int units, boolean sequences, int bpttLength) {
    if (units <= 0) {
      throw new IllegalArgumentException(
          kind.lowerName() + ": units must be positive but was " + units);
    }
    if (bpttLength < 0) {
      throw new IllegalArgumentException(kind.lowerName()
          + ": bptt must be 0 (full back-propagation through time) or positive but was "
          + bpttLength);
    }
    this.kind = kind;
    this.units = units;
    this.sequences = sequences;
    this.bpttLength = bpttLength;
  }

  /** Reads {@code rnn(units, sequences, bptt)}. */
  public static RecurrentSpec rnn(LayerArgs args) {
    return fromArgs(Kind.RNN, args);
  }

  /** Reads {@code lstm(units, sequences, bptt)}. */
  public static RecurrentSpec lstm(LayerArgs args) {
    return fromArgs(Kind.LSTM, args);
  }

  /** Reads {@code gru(units, sequences, bptt)}. */
  public static RecurrentSpec gru(LayerArgs args) {
    return fromArgs(Kind.GRU, args);
  }

  private static RecurrentSpec fromArgs(Kind kind, LayerArgs args) {
    int units = args.positiveInt("units", 0, null);
    String sequences = args.optionalWord("sequences", 1);
    String bptt = args.get("bptt", 2);
    args.checkAllUsed();
    if (sequences != null && !sequences.equals("true") && !sequences.equals("false")) {
      throw new IllegalArgumentException(kind.lowerName()
          + ": 'sequences' must be true or false but was '" + sequences + "'");
    }
    return new RecurrentSpec(kind, units, "true".equals(sequences), parseBptt(kind, bptt));
  }

  private static int parseBptt(Kind kind, String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(kind.lowerName()
          + ": 'bptt' must be a whole number but was '" + value + "'", e);
    }
  }

  /**
   * {@code spec} with every recurrent layer truncated to {@code bpttLength} steps (0 for full
   * back-propagation through time); other layers stay as they are.
   */
  public static NetworkSpec truncated(NetworkSpec spec, int bpttLength) {
    List<LayerSpec> layers = new ArrayList<>();
    for (LayerSpec layer : spec.layers()) {
      if (layer instanceof RecurrentSpec) {
        RecurrentSpec r = (RecurrentSpec) layer;
        layers.add(new RecurrentSpec(r.kind, r.units, r.sequences, bpttLength));
      } else {
        layers.add(layer);
      }
    }
    return new NetworkSpec(layers);
  }

  public Kind kind() {
    return kind;
  }

  public int units() {
    return units;
  }

  /** Whether the layer returns the state after every step rather than after the last one. */
  public boolean sequences() {
    return sequences;
  }

  /** Steps per chunk of truncated back-propagation through time; 0 for full. */
  public int bpttLength() {
    return bpttLength;
  }

  @Override
  public List<Layer> build(Shape input) {
    switch (kind) {
      case RNN:
        return List.of(new SimpleRecurrentLayer(input, units, sequences, bpttLength));
      case LSTM:
        return List.of(new LstmLayer(input, units, sequences, bpttLength));
      default:
        return List.of(new GruLayer(input, units, sequences, bpttLength));
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(kind.lowerName()).append('(').append(units);
    if (sequences) {
      sb.append(", sequences=true");
    }
    if (bpttLength > 0) {
      sb.append(", bptt=").append(bpttLength);
    }
    return sb.append(')').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecurrentSpec && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
