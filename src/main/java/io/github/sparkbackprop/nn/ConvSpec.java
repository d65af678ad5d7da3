package io.github.sparkbackprop.nn;

import io.github.sparkbackprop.nn.activation.Activation;
import io.github.sparkbackprop.nn.activation.Activations;
import io.github.sparkbackprop.nn.activation.Elu;
import io.github.sparkbackprop.nn.activation.LeakyRelu;
import java.util.List;
import java.util.Locale;

/**
 * A 2-D convolution and its activation, written
 * {@code conv(filters, kernel, stride=1, padding=valid|same, activation=identity, init=...)}, for
 * example {@code conv(16, 3, padding=same, activation=relu)}.
 *
 * <p>The input must be an image, channels x height x width; the output is filters x outH x outW.
 * {@code valid} padding (the default) keeps every window inside the image, so
 * {@code outH = (height - kernel) / stride + 1}; {@code same} pads with zeros so that
 * {@code outH = ceil(height / stride)}. The weight initialisation defaults as for
 * {@link DenseSpec}: He for ReLU-like activations, Xavier for the saturating ones.
 */
public final class ConvSpec implements LayerSpec {
  private static final long serialVersionUID = 1L;

  /** Values the {@code padding} argument accepts. */
  public static final List<String> PADDINGS = List.of("valid", "same");

  private final int filters;
  private final int kernel;
  private final int stride;
  private final boolean same;
  private final Activation activation;
  private final WeightInit init;

  public ConvSpec(int filters, int kernel, int stride, boolean same, Activation activation,
      WeightInit init) {
    if (filters <= 0 || kernel <= 0 || stride <= 0) {
      throw new IllegalArgumentException("conv: filters, kernel and stride must be positive but"
          + " were " + filters + ", " + kernel + " and " + stride);
    }
    this.filters = filters;
    this.kernel = kernel;
    this.stride = stride;
    this.same = same;
    this.activation = activation;
    this.init = init != null ? init : defaultInit(activation);
  }

  /** Reads {@code filters, kernel, stride, padding, activation, alpha, init}. */
  static ConvSpec fromArgs(LayerArgs args) {
    int filters = args.positiveInt("filters", 0, null);
    int kernel = args.positiveInt("kernel", 1, null);
    int stride = args.positiveInt("stride", 2, 1);
    String padding = args.optionalWord("padding", 3);
    String activationName = args.optionalWord("activation", 4);
    Float alpha = args.optionalFloat("alpha", 5);
    String initName = args.optionalWord("init", 6);
    args.checkAllUsed();
    if (padding != null && !PADDINGS.contains(padding)) {
      throw new IllegalArgumentException("conv: 'padding' must be one of "
          + String.join(", ", PADDINGS) + " but was '" + padding + "'");
    }
    Activation activation =
        Activations.byName(activationName == null ? "identity" : activationName, alpha);
    if (alpha != null && !(activation instanceof LeakyRelu) && !(activation instanceof Elu)) {
      throw new IllegalArgumentException(
          "conv: 'alpha' applies to leakyrelu and elu only, not " + activation.name());
    }
    return new ConvSpec(filters, kernel, stride, "same".equals(padding), activation,
        initName == null ? null : WeightInit.byName(initName));
  }

  private static WeightInit defaultInit(Activation activation) {
    return activation.saturating() ? WeightInit.XAVIER : WeightInit.HE;
  }

  public int filters() {
    return filters;
  }

  public int kernel() {
    return kernel;
  }

  public int stride() {
    return stride;
  }

  public Activation activation() {
    return activation;
  }

  @Override
  public List<Layer> build(Shape input) {
    Window window = Window.over(input, kernel, stride, same, "conv");
    ConvLayer conv = new ConvLayer(input, window, filters, init);
    return List.of(conv, new ActivationLayer(conv.outputShape(), activation));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("conv(").append(filters).append(", ").append(kernel);
    if (stride != 1) {
      sb.append(", stride=").append(stride);
    }
    if (same) {
      sb.append(", padding=same");
    }
    sb.append(", activation=").append(activation.name().toLowerCase(Locale.ROOT));
    if (activation instanceof LeakyRelu) {
      sb.append(", alpha=").append(((LeakyRelu) activation).alpha());
    } else if (activation instanceof Elu) {
      sb.append(", alpha=").append(((Elu) activation).alpha());
    }
    if (init != defaultInit(activation)) {
      sb.append(", init=").append(init.lowerName());
    }
    return sb.append(')').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConvSpec && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
