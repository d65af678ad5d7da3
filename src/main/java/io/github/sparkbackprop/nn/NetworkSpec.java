package io.github.sparkbackprop.nn;

import io.github.sparkbackprop.nn.recurrent.RecurrentSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The layers of a network as one readable line, for example
 * {@code dense(256, relu), dense(128, relu), dense(10, softmax)}.
 *
 * <p>Grammar: layers separated by commas (or {@code ->}); each layer is a name followed by its
 * arguments in parentheses, positional first, then {@code name=value}. The input size is not
 * written: it comes from the data. The text works unchanged as the value of a properties file key.
 */
public final class NetworkSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Map<String, Function<LayerArgs, LayerSpec>> LAYER_TYPES = new TreeMap<>();

  static {
    register("dense", DenseSpec::fromArgs);
    register("dropout", DropoutSpec::fromArgs);
    register("conv", ConvSpec::fromArgs);
    register("maxpool", PoolSpec::maxFromArgs);
    register("avgpool", PoolSpec::averageFromArgs);
    register("flatten", FlattenSpec::fromArgs);
    register("batchnorm", BatchNormSpec::fromArgs);
    register("rnn", RecurrentSpec::rnn);
    register("lstm", RecurrentSpec::lstm);
    register("gru", RecurrentSpec::gru);
  }

  private final List<LayerSpec> layers;

  public NetworkSpec(List<LayerSpec> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("A network needs at least one layer");
    }
    this.layers = List.copyOf(layers);
  }

  /** Makes {@code name(...)} available in descriptions; layer packages call this once. */
  public static synchronized void register(String name, Function<LayerArgs, LayerSpec> factory) {
    LAYER_TYPES.put(name.toLowerCase(Locale.ROOT), factory);
  }

  /** Names of the layer types descriptions may use. */
  public static synchronized List<String> layerTypes() {
    return new ArrayList<>(LAYER_TYPES.keySet());
  }

  public List<LayerSpec> layers() {
    return layers;
  }

  /** The last layer spec, which decides the output of the network. */
  public LayerSpec outputLayer() {
    return layers.get(layers.size() - 1);
  }

  /**
   * Builds the layer instances for {@code input}, checking that each layer takes its
   * predecessor's output shape.
   */
  public List<Layer> build(Shape input) {
    List<Layer> built = new ArrayList<>();
    Shape shape = input;
    for (int i = 0; i < layers.size(); i++) {
      LayerSpec spec = layers.get(i);
      List<Layer> expanded;
      try {
        expanded = spec.build(shape);
      } catch (IllegalArgumentException e) {
        String previous = i == 0 ? "the input" : "layer " + i + " " + layers.get(i - 1);
        throw new IllegalArgumentException("Layer " + (i + 1) + " " + spec
            + " cannot take the output "
            + shape + " of " + previous + ": " + e.getMessage(), e);
      }
      built.addAll(expanded);
      shape = expanded.get(expanded.size() - 1).outputShape();
    }
    return Collections.unmodifiableList(built);
  }

  public static NetworkSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "A network description is empty; write for example"
              + " 'dense(128, relu), dense(10, softmax)'");
    }
    return new Parser(text).parse();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (LayerSpec layer : layers) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(layer);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkSpec && layers.equals(((NetworkSpec) o).layers);
  }

  @Override
  public int hashCode() {
    return layers.hashCode();
  }

  /** A hand-written recursive descent over the grammar in the class comment. */
  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    NetworkSpec parse() {
      List<LayerSpec> layers = new ArrayList<>();
      skipSpace();
      while (pos < text.length()) {
        layers.add(layer());
        skipSpace();
        if (pos < text.length()) {
          if (text.startsWith("->", pos)) {
            pos += 2;
          } else if (text.charAt(pos) == ',' || text.charAt(pos) == ';') {
            pos++;
          } else if (text.charAt(pos) == ')') {
            throw error("unmatched ')'");
          } else {
            throw error("expected ',' between layers");
          }
          skipSpace();
        }
      }
      return new NetworkSpec(layers);
    }

    private LayerSpec layer() {
      int start = pos;
      String name = word().toLowerCase(Locale.ROOT);
      Function<LayerArgs, LayerSpec> factory;
      synchronized (NetworkSpec.class) {
        factory = LAYER_TYPES.get(name);
      }
      if (factory == null) {
        pos = start;
        throw error("unknown layer type '" + name + "'; known types are " + layerTypes());
      }
      List<String> positional = new ArrayList<>();
      Map<String, String> named = new LinkedHashMap<>();
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == '(') {
        pos++;
        skipSpace();
        while (pos < text.length() && text.charAt(pos) != ')') {
          String value = word();
          skipSpace();
          if (pos < text.length() && text.charAt(pos) == '=') {
            String key = value.toLowerCase(Locale.ROOT);
            if (named.containsKey(key)) {
              throw error("argument '" + key + "' is given twice");
            }
            pos++;
            skipSpace();
            named.put(key, word());
            skipSpace();
          } else if (!named.isEmpty()) {
            throw error("positional argument '" + value + "' after a named one");
          } else {
            positional.add(value);
          }
          if (pos < text.length() && text.charAt(pos) == ',') {
            pos++;
            skipSpace();
          } else if (pos < text.length() && text.charAt(pos) != ')') {
            throw error("expected ',' or ')'");
          }
        }
        if (pos >= text.length()) {
          throw error("missing ')'");
        }
        pos++;
      }
      try {
        return factory.apply(new LayerArgs(name, positional, named));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "In network description '" + text + "': " + e.getMessage(), e);
      }
    }

    private String word() {
      int start = pos;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '+'
            || (c == '-' && !text.startsWith("->", pos))) {
          pos++;
        } else {
          break;
        }
      }
      if (start == pos) {
        throw error("expected a name or a number");
      }
      return text.substring(start, pos);
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("Cannot read network description '" + text
          + "' at character " + (pos + 1) + ": " + what);
    }
  }
}
