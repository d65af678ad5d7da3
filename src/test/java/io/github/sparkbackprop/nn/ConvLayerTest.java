package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The convolution against a direct nested-loop convolution, its gradients against central
 * differences, and its kernel gradient against the sum of the positions' contributions.
 */
class ConvLayerTest {
  private static final int ROWS = 3;
  private static final double STEP = 1e-2;

  private final SplittableRandom random = new SplittableRandom(29);

  /**
   * The first layer {@code description} builds on {@code input}; the identity activation that
   * follows it is not needed here.
   */
  private static ConvLayer conv(String description, Shape input) {
    List<Layer> layers = NetworkSpec.parse(description).layers().get(0).build(input);
    return assertInstanceOf(ConvLayer.class, layers.get(0));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(delimiter = '|', value = {
      "conv(3, 3)                       | 2x5x5 | 3x3x3 | 0 | 0",
      "conv(3, 3, padding=same)         | 2x5x5 | 3x5x5 | 1 | 1",
      "conv(2, 3, stride=2)             | 3x6x5 | 2x2x2 | 0 | 0",
      "conv(2, 3, stride=2, padding=same) | 2x6x5 | 2x3x3 | 0 | 1",
      "conv(2, 2, padding=same)         | 1x4x3 | 2x4x3 | 0 | 0",
      "conv(4, 1)                       | 3x2x3 | 4x2x3 | 0 | 0"})
  void forwardEqualsDirectConvolution(String description, String input, String output,
      int padTop, int padLeft) {
    ConvLayer layer = conv(description, Shape.parse(input));
    ConvSpec spec = (ConvSpec) NetworkSpec.parse(description).layers().get(0);
    LayerProbe probe = new LayerProbe(layer, ROWS, random);
    assertEquals(Shape.parse(output), layer.outputShape());

    float[] y = probe.forward(false);

    Shape in = layer.inputShape();
    Shape out = layer.outputShape();
    int k = spec.kernel();
    int taps = in.dim(0) * k * k;
    for (int r = 0; r < ROWS; r++) {
      for (int f = 0; f < out.dim(0); f++) {
        for (int oy = 0; oy < out.dim(1); oy++) {
          for (int ox = 0; ox < out.dim(2); ox++) {
            double expected = probe.params[LayerProbe.OFFSET + taps * out.dim(0) + f];
            for (int ch = 0; ch < in.dim(0); ch++) {
              for (int dy = 0; dy < k; dy++) {
                for (int dx = 0; dx < k; dx++) {
                  int iy = oy * spec.stride() + dy - padTop;
                  int ix = ox * spec.stride() + dx - padLeft;
                  if (iy < 0 || iy >= in.dim(1) || ix < 0 || ix >= in.dim(2)) {
                    continue;
                  }
                  double weight = probe.params[LayerProbe.OFFSET + f * taps
                      + (ch * k + dy) * k + dx];
                  expected += weight
                      * probe.x[r * in.size() + (ch * in.dim(1) + iy) * in.dim(2) + ix];
                }
              }
            }
            int at = r * out.size() + (f * out.dim(1) + oy) * out.dim(2) + ox;
            assertEquals(expected, y[at], 1e-5,
                "row " + r + ", filter " + f + ", position " + oy + "," + ox);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(delimiter = '|', value = {
      "conv(3, 3)                         | 2x5x5",
      "conv(3, 3, padding=same)           | 2x5x5",
      "conv(2, 3, stride=2)               | 3x6x5",
      "conv(2, 3, stride=2, padding=same) | 2x6x5",
      "conv(2, 2, padding=same)           | 1x4x3"})
  void gradientsMatchCentralDifferences(String description, String input) {
    LayerProbe probe = new LayerProbe(conv(description, Shape.parse(input)), ROWS, random);

    probe.assertGradientsAgree(description, STEP);
  }

  /**
   * Each output position contributes {@code patch(q) * dY(f)} to the gradient of tap {@code q} of
   * filter {@code f}, where the patch is the input under the window at that position; computed
   * here one position at a time from the input, the contributions must add up to the layer's
   * kernel gradient.
   */
  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(delimiter = '|', value = {
      "conv(2, 3, padding=same) | 2x4x4 | 1 | 1",
      "conv(3, 2, stride=2)     | 2x5x4 | 0 | 0"})
  void kernelGradientIsTheSumOverPositions(String description, String input, int padTop,
      int padLeft) {
    ConvLayer layer = conv(description, Shape.parse(input));
    ConvSpec spec = (ConvSpec) NetworkSpec.parse(description).layers().get(0);
    LayerProbe probe = new LayerProbe(layer, ROWS, random);
    Shape in = layer.inputShape();
    Shape out = layer.outputShape();
    int k = spec.kernel();
    int taps = in.dim(0) * k * k;
    float[] gradient = probe.backward(probe.c, null);

    double[] sum = new double[taps * out.dim(0)];
    for (int oy = 0; oy < out.dim(1); oy++) {
      for (int ox = 0; ox < out.dim(2); ox++) {
        double[] contribution = new double[sum.length];
        for (int r = 0; r < ROWS; r++) {
          for (int f = 0; f < out.dim(0); f++) {
            double dy = probe.c[r * out.size() + (f * out.dim(1) + oy) * out.dim(2) + ox];
            for (int q = 0; q < taps; q++) {
              int ch = q / (k * k);
              int iy = oy * spec.stride() + (q / k) % k - padTop;
              int ix = ox * spec.stride() + q % k - padLeft;
              boolean inside = iy >= 0 && iy < in.dim(1) && ix >= 0 && ix < in.dim(2);
              double patch = inside
                  ? probe.x[r * in.size() + (ch * in.dim(1) + iy) * in.dim(2) + ix] : 0;
              contribution[f * taps + q] += patch * dy;
            }
          }
        }
        for (int i = 0; i < sum.length; i++) {
          sum[i] += contribution[i];
        }
      }
    }

    for (int i = 0; i < sum.length; i++) {
      assertEquals(sum[i], gradient[LayerProbe.OFFSET + i], 1e-4, "kernel parameter " + i);
    }
  }

  /** Groups of one, two or all examples give the same outputs and gradients. */
  @ParameterizedTest(name = "groups of {0}")
  @CsvSource({"1", "2", "100"})
  void groupingExamplesChangesNothing(int group) {
    Shape input = Shape.image(2, 5, 4);
    Window window = Window.over(input, 3, 1, true, "conv");
    int perExample = window.outputPlane() * 2 * 9;
    ConvLayer grouped = new ConvLayer(input, window, 3, WeightInit.HE, group * perExample);
    ConvLayer whole = new ConvLayer(input, window, 3, WeightInit.HE, 100 * perExample);
    LayerProbe a = new LayerProbe(grouped, 5, new SplittableRandom(3));
    LayerProbe b = new LayerProbe(whole, 5, new SplittableRandom(3));
    float[] gradInputA = new float[a.x.length];
    float[] gradInputB = new float[b.x.length];

    assertArrayEquals(b.forward(false), a.forward(false), 1e-6f);
    assertArrayEquals(b.backward(b.c, gradInputB), a.backward(a.c, gradInputA), 1e-5f);
    assertArrayEquals(gradInputB, gradInputA, 1e-6f);
  }
}
