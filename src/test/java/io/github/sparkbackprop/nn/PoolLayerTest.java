package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Max and average pooling: shapes, gradients against central differences, and max routing. */
class PoolLayerTest {
  private static final int ROWS = 2;
  /** Inputs differ pairwise by at least this much, far more than a difference step. */
  private static final double SPACING = 0.05;
  private static final double STEP = 1e-3;

  private final SplittableRandom random = new SplittableRandom(31);

  private static Layer pool(String description, Shape input) {
    return NetworkSpec.parse(description).layers().get(0).build(input).get(0);
  }

  /** Overwrites the probe's input with distinct values in random order, so no window ties. */
  private void distinctInputs(LayerProbe probe) {
    int n = probe.x.length;
    for (int i = 0; i < n; i++) {
      probe.x[i] = (float) ((i - n / 2) * SPACING);
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      float swap = probe.x[i];
      probe.x[i] = probe.x[j];
      probe.x[j] = swap;
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(delimiter = '|', value = {
      "maxpool(2)            | 2x4x4 | 2x2x2",
      "maxpool(2)            | 3x5x5 | 3x2x2",
      "maxpool(3, stride=2)  | 2x5x6 | 2x2x2",
      "avgpool(2)            | 2x4x4 | 2x2x2",
      "avgpool(2, stride=1)  | 2x3x4 | 2x2x3",
      "avgpool(3, stride=2)  | 1x5x5 | 1x2x2"})
  void gradientsMatchCentralDifferences(String description, String input, String output) {
    Layer layer = pool(description, Shape.parse(input));
    LayerProbe probe = new LayerProbe(layer, ROWS, random);
    distinctInputs(probe);

    assertEquals(Shape.parse(output), layer.outputShape());
    probe.assertGradientsAgree(description, STEP);
  }

  @Test
  void maxPoolingPassesTheErrorOnlyToTheMaximum() {
    Layer layer = pool("maxpool(2, stride=1)", Shape.image(1, 3, 3));
    LayerProbe probe = new LayerProbe(layer, 1, random);
    float[] x = {
        1, 9, 2,
        3, 4, 5,
        8, 0, 7};
    System.arraycopy(x, 0, probe.x, 0, x.length);
    float[] gradOutput = {10, 20, 30, 40};
    float[] gradInput = new float[9];

    probe.backward(gradOutput, gradInput);

    // Windows (top-left, top-right, bottom-left, bottom-right) are won by 9, 9, 8 and 7.
    float[] expected = {
        0, 30, 0,
        0, 0, 0,
        30, 0, 40};
    for (int i = 0; i < 9; i++) {
      assertEquals(expected[i], gradInput[i], "input " + i);
    }
  }

  @Test
  void averagePoolingAverages() {
    Layer layer = pool("avgpool(2)", Shape.image(1, 2, 4));
    LayerProbe probe = new LayerProbe(layer, 1, random);
    float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
    System.arraycopy(x, 0, probe.x, 0, x.length);

    float[] y = probe.forward(false);

    assertEquals(3.5f, y[0]);
    assertEquals(5.5f, y[1]);
  }

  @Test
  void flattenKeepsTheFloatsAndPassesTheGradientBack() {
    Layer layer = NetworkSpec.parse("flatten").layers().get(0).build(Shape.image(2, 3, 2)).get(0);
    LayerProbe probe = new LayerProbe(layer, ROWS, random);

    assertEquals(Shape.vector(12), layer.outputShape());
    probe.assertGradientsAgree("flatten", STEP);
  }
}
