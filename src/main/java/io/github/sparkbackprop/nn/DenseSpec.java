package io.github.sparkbackprop.nn;

import io.github.sparkbackprop.nn.activation.Activation;
import io.github.sparkbackprop.nn.activation.Activations;
import io.github.sparkbackprop.nn.activation.LeakyRelu;
import io.github.sparkbackprop.nn.activation.Elu;
import java.util.List;

/**
 * A fully connected layer and its activation, written {@code dense(units, activation)}, for
 * example {@code dense(128, relu)} or {@code dense(64, leakyrelu, alpha=0.1, init=he)}.
 *
 * <p>The activation defaults to {@code identity}. The weight initialisation defaults to He for
 * ReLU-like activations and Xavier for the saturating ones (identity, sigmoid, tanh, softmax).
 */
public final class DenseSpec implements LayerSpec {
  private static final long serialVersionUID = 1L;

  private final int units;
  private final Activation activation;
  private final WeightInit init;

  public DenseSpec(int units, Activation activation, WeightInit init) {
    if (units <= 0) {
      throw new IllegalArgumentException("dense: units must be positive but was " + units);
    }
    this.units = units;
    this.activation = activation;
    this.init = init != null ? init : (activation.saturating() ? WeightInit.XAVIER : WeightInit.HE);
  }

  /** Reads {@code units, activation, alpha, init} from the parsed arguments. */
  static DenseSpec fromArgs(LayerArgs args) {
    int units = args.positiveInt("units", 0, null);
    String activationName = args.optionalWord("activation", 1);
    Float alpha = args.optionalFloat("alpha", 2);
    String initName = args.optionalWord("init", 3);
    args.checkAllUsed();
    Activation activation =
        Activations.byName(activationName == null ? "identity" : activationName, alpha);
    if (alpha != null && !(activation instanceof LeakyRelu) && !(activation instanceof Elu)) {
      throw new IllegalArgumentException(
          "dense: 'alpha' applies to leakyrelu and elu only, not " + activation.name());
    }
    return new DenseSpec(units, activation, initName == null ? null : WeightInit.byName(initName));
  }

  public int units() {
    return units;
  }

  public Activation activation() {
    return activation;
  }

  @Override
  public List<Layer> build(Shape input) {
    DenseLayer dense = new DenseLayer(input, units, init);
    return List.of(dense, new ActivationLayer(dense.outputShape(), activation));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("dense(").append(units).append(", ")
        .append(activation.name());
    if (activation instanceof LeakyRelu) {
      sb.append(", alpha=").append(((LeakyRelu) activation).alpha());
    } else if (activation instanceof Elu) {
      sb.append(", alpha=").append(((Elu) activation).alpha());
    }
    WeightInit defaultInit = activation.saturating() ? WeightInit.XAVIER : WeightInit.HE;
    if (init != defaultInit) {
      sb.append(", init=").append(init.lowerName());
    }
    return sb.append(')').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DenseSpec && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
