package io.github.sparkbackprop.nn;

import java.util.List;

/**
 * Max or average pooling over square windows of each channel, written {@code maxpool(size)} or
 * {@code avgpool(size, stride=size)}, for example {@code maxpool(2)}.
 *
 * <p>The input must be an image, channels x height x width. Windows stay inside the image (no
 * padding), so the output is channels x {@code (height - size) / stride + 1} x the same for the
 * width; rows or columns that no window reaches are left out. Pooling has no parameters.
 */
public final class PoolSpec implements LayerSpec {
  private static final long serialVersionUID = 1L;

  /** Which statistic of a window the layer keeps. */
  public enum Kind {
    MAX("maxpool"),
    AVERAGE("avgpool");

    private final String layerName;

    Kind(String layerName) {
      this.layerName = layerName;
    }

    /** The name used in network descriptions. */
    public String layerName() {
      return layerName;
    }
  }

  private final Kind kind;
  private final int size;
  private final int stride;

  public PoolSpec(Kind kind, int size, int stride) {
    if (size <= 0 || stride <= 0) {
      throw new IllegalArgumentException(kind.layerName + ": size and stride must be positive"
          + " but were " + size + " and " + stride);
    }
    this.kind = kind;
    this.size = size;
    this.stride = stride;
  }

  static PoolSpec maxFromArgs(LayerArgs args) {
    return fromArgs(Kind.MAX, args);
  }

  static PoolSpec averageFromArgs(LayerArgs args) {
    return fromArgs(Kind.AVERAGE, args);
  }

  /** Reads {@code size, stride}; the stride defaults to the size. */
  private static PoolSpec fromArgs(Kind kind, LayerArgs args) {
    int size = args.positiveInt("size", 0, null);
    int stride = args.positiveInt("stride", 1, size);
    args.checkAllUsed();
    return new PoolSpec(kind, size, stride);
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public List<Layer> build(Shape input) {
    Window window = Window.over(input, size, stride, false, kind.layerName);
    return List.of(kind == Kind.MAX ? new MaxPoolLayer(input, window)
        : new AvgPoolLayer(input, window));
  }

  @Override
  public String toString() {
    String text = kind.layerName + "(" + size;
    return stride == size ? text + ")" : text + ", stride=" + stride + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PoolSpec && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
