package io.github.sparkbackprop.nn;

import java.util.List;

/**
 * Turns any input shape into a flat vector of the same size, written {@code flatten}. The floats
 * stay where they are; only the shape changes. {@code dense} takes any shape without it, so the
 * layer mostly documents where images end in a description.
 */
public final class FlattenSpec implements LayerSpec {
  private static final long serialVersionUID = 1L;

  static FlattenSpec fromArgs(LayerArgs args) {
    args.checkAllUsed();
    return new FlattenSpec();
  }

  @Override
  public List<Layer> build(Shape input) {
    return List.of(new FlattenLayer(input));
  }

  @Override
  public String toString() {
    return "flatten";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlattenSpec;
  }

  @Override
  public int hashCode() {
    return FlattenSpec.class.hashCode();
  }
}
