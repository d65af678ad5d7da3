package io.github.sparkbackprop.nn;

import java.io.Serializable;
import java.util.List;

/**
 * An immutable description of a layer, such as {@code dense(128, relu)}: what the user writes in
 * a network description, without weights or buffers.
 */
public interface LayerSpec extends Serializable {

  /**
   * Builds the layers that carry out this spec on inputs of {@code input} shape; one spec may
   * expand to several layers (a dense layer and its activation). Throws
   * {@link IllegalArgumentException} naming both shapes when the input does not fit.
   */
  List<Layer> build(Shape input);

  /** The description that {@link NetworkSpec#parse} turns back into an equal spec. */
  @Override
  String toString();
}
