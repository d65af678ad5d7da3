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

  private final int[] dims;

  private Shape(int[] dims) {
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
  }

  /** A flat vector of {@code size} features. */
  public static Shape vector(int size) {
    return new Shape(new int[] {size});
  }

  /** An image of {@code channels} planes of {@code height} x {@code width}. */
  public static Shape image(int channels, int height, int width) {
    return new Shape(new int[] {channels, height, width});
  }

  /** Any shape; the last dimension varies fastest in memory. */
  public static Shape of(int... dims) {
    return new Shape(dims);
  }

  /** Parses {@code "784"}, {@code "1x28x28"} or {@code "28 x 28"}. */
  public static Shape parse(String text) {
    String[] parts = text.trim().split("\\s*[xX*]\\s*");
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
    return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Renders as {@code 1x28x28}, the form {@link #parse} reads. */
  @Override
  public String toString() {
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
