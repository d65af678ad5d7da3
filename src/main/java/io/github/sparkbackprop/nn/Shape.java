package io.github.sparkbackprop.nn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The shape of one example as it flows between layers: channels x height x width for images, time
 * x features for sequences, or a plain vector of features.
 *
 * <p>Batches are stored row-major: row {@code r} of a batch occupies {@code size()} consecutive
 * floats starting at {@code r * size()}.
 */
public final class Shape implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The suffix that marks a masked sequence in {@link #toString} and {@link #parse}. */
  private static final String MASK_SUFFIX = "+mask";

  private final int[] dims;
  /** Whether the last value of every time step is a mask: 1 for a real step, 0 for padding. */
  private final boolean masked;

  private Shape(int[] dims) {
    this(dims, false);
  }

  private Shape(int[] dims, boolean masked) {
    if (dims.length == 0) {
      throw new IllegalArgumentException("A shape needs at least one dimension");
    }
    for (int d : dims) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "Every dimension of a shape must be positive, but got " + Arrays.toString(dims));
      }
    }
    this.dims = dims.clone();
    this.masked = masked;
  }

  /** A flat vector of {@code size} features. */
  public static Shape vector(int size) {
    return new Shape(new int[] {size});
  }

  /** An image of {@code channels} planes of {@code height} x {@code width}. */
  public static Shape image(int channels, int height, int width) {
    return new Shape(new int[] {channels, height, width});
  }

  /**
   * Sequences of up to {@code steps} time steps of {@code features} values, padded at the end:
   * each step stores its features and then one mask value, 1 for a real step and 0 for padding,
   * so the shape is {@code steps x (features + 1)} in memory. Recurrent layers read the mask.
   */
  public static Shape maskedSequence(int steps, int features) {
    return new Shape(new int[] {steps, Math.addExact(features, 1)}, true);
  }

  /** Any shape; the last dimension varies fastest in memory. */
  public static Shape of(int... dims) {
    return new Shape(dims);
  }

  /**
   * Parses {@code "784"}, {@code "1x28x28"} or {@code "28 x 28"}, and {@code "28x28+mask"} for
   * {@link #maskedSequence}.
   */
  public static Shape parse(String text) {
    String trimmed = text.trim();
    if (trimmed.endsWith(MASK_SUFFIX)) {
      Shape plain = parse(trimmed.substring(0, trimmed.length() - MASK_SUFFIX.length()));
      if (plain.rank() != 2) {
        throw new IllegalArgumentException("A masked sequence is written steps x features"
            + MASK_SUFFIX + ", for example 28x28" + MASK_SUFFIX + ", but got '" + text + "'");
      }
      return maskedSequence(plain.dim(0), plain.dim(1));
    }
    String[] parts = trimmed.split("\\s*[xX*]\\s*");
    int[] dims = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        dims[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "A shape is written as sizes separated by 'x', for example 1x28x28, but got '"
                + text + "'", e);
      }
    }
    return new Shape(dims);
  }

  public int rank() {
    return dims.length;
  }

  public int dim(int i) {
    return dims[i];
  }

  /** Whether this is a {@link #maskedSequence}, whose last value per step is the mask. */
  public boolean masked() {
    return masked;
  }

  /** Number of floats one example occupies. */
  public int size() {
    int n = 1;
    for (int d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims)
        && masked == ((Shape) o).masked;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims) * 2 + (masked ? 1 : 0);
  }

  /** Renders as {@code 1x28x28} or {@code 28x28+mask}, the forms {@link #parse} reads. */
  @Override
  public String toString() {
    if (masked) {
      return dims[0] + "x" + (dims[1] - 1) + MASK_SUFFIX;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < dims.length; i++) {
      if (i > 0) {
        sb.append('x');
      }
      sb.append(dims[i]);
    }
    return sb.toString();
  }
}
