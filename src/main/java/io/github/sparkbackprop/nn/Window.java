package io.github.sparkbackprop.nn;

/**
 * Where a square window of {@code size x size} lands on an image as it slides with
 * {@code stride}: the geometry that convolution and pooling share.
 *
 * <p>With {@code same} padding the output has {@code ceil(height / stride)} rows, and the zeros
 * needed for that are split between top and bottom (the odd one at the bottom), likewise for
 * columns. With {@code valid} padding the window stays inside the image.
 */
final class Window {
  final int channels;
  final int height;
  final int width;
  final int size;
  final int stride;
  final int padTop;
  final int padLeft;
  final int outHeight;
  final int outWidth;

  private Window(Shape input, int size, int stride, boolean same) {
    this.channels = input.dim(0);
    this.height = input.dim(1);
    this.width = input.dim(2);
    this.size = size;
    this.stride = stride;
    if (same) {
      outHeight = (height + stride - 1) / stride;
      outWidth = (width + stride - 1) / stride;
      padTop = Math.max(0, (outHeight - 1) * stride + size - height) / 2;
      padLeft = Math.max(0, (outWidth - 1) * stride + size - width) / 2;
    } else {
      outHeight = (height - size) / stride + 1;
      outWidth = (width - size) / stride + 1;
      padTop = 0;
      padLeft = 0;
    }
  }

  /**
   * The window over {@code input}, which must be an image {@code channels x height x width}.
   * {@code layer} names the layer in error messages.
   *
   * @throws IllegalArgumentException when the input is not an image or, without padding, the
   *     window is larger than the image
   */
  static Window over(Shape input, int size, int stride, boolean same, String layer) {
    if (input.rank() != 3) {
      throw new IllegalArgumentException(layer + " needs images of channels x height x width, but"
          + " its input has shape " + input + "; give the network an input shape such as 1x28x28"
          + " (the inputShape Param) or put it after a layer that outputs images");
    }
    if (!same && (input.dim(1) < size || input.dim(2) < size)) {
      throw new IllegalArgumentException(layer + " has a window of " + size + "x" + size
          + ", larger than its input " + input + " (height x width " + input.dim(1) + "x"
          + input.dim(2) + ")");
    }
    return new Window(input, size, stride, same);
  }

  int inputPlane() {
    return height * width;
  }

  int outputPlane() {
    return outHeight * outWidth;
  }
}
