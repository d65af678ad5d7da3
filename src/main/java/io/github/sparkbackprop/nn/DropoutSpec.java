package io.github.sparkbackprop.nn;

import java.util.List;

/**
 * Dropout (Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from
 * Overfitting", JMLR 2014), written {@code dropout(rate)}, for example
 * {@code dense(128, relu), dropout(0.2), dense(10, softmax)}.
 *
 * <p>In training each value is zeroed with probability {@code rate} and the survivors are scaled
 * by {@code 1 / (1 - rate)} (inverted dropout), so that the expected activation is unchanged and
 * scoring needs no rescaling: outside training the layer passes its input through. It has no
 * parameters and keeps the shape. See {@link DropoutLayer} for how masks are drawn.
 */
public final class DropoutSpec implements LayerSpec {
  private static final long serialVersionUID = 1L;

  private final float rate;

  public DropoutSpec(float rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("dropout: rate must be in [0, 1) but was " + rate);
    }
    this.rate = rate;
  }

  /** Reads {@code rate} from the parsed arguments. */
  static DropoutSpec fromArgs(LayerArgs args) {
    Float rate = args.optionalFloat("rate", 0);
    args.checkAllUsed();
    if (rate == null) {
      throw new IllegalArgumentException(
          "dropout needs the argument 'rate', the fraction of values dropped, e.g. dropout(0.2)");
    }
    return new DropoutSpec(rate);
  }

  /** The probability that a value is dropped in training. */
  public float rate() {
    return rate;
  }

  @Override
  public List<Layer> build(Shape input) {
    if (input.masked()) {
      // Dropping a step's mask value would turn a real step into padding in training only.
      throw new IllegalArgumentException("dropout cannot take a masked sequence " + input
          + "; put it after the last recurrent layer, which returns a plain vector");
    }
    return List.of(new DropoutLayer(input, rate));
  }

  @Override
  public String toString() {
    return "dropout(" + rate + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DropoutSpec && ((DropoutSpec) o).rate == rate;
  }

  @Override
  public int hashCode() {
    return Float.hashCode(rate);
  }
}
