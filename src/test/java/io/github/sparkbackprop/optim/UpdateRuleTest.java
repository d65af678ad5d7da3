package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Weight decay (L2 and decoupled, i.e. AdamW), gradient-norm clipping and their order, against
 * the formulas evaluated here in double precision.
 */
class UpdateRuleTest {
  private static final float[] START = {0.5f, -1.25f, 2f, 0f};
  private static final float[][] GRADIENTS = {{0.3f, -0.7f, 1.5f, 0f}, {-0.2f, -0.4f, 1f, 0.05f}};
  private static final double RATE = 0.1;
  private static final double LAMBDA = 0.01;
  /** For values that one or two float operations produce exactly enough. */
  private static final float TOLERANCE = 1e-6f;

  @Test
  void l2AddsLambdaTimesWeightToTheGradient() {
    UpdateRule rule = Optimizers.updateRule("sgd", 0, LAMBDA, 0);
    double[] expected = toDouble(START);
    for (float[] g : GRADIENTS) {
      for (int i = 0; i < expected.length; i++) {
        expected[i] -= RATE * (g[i] + LAMBDA * expected[i]);
      }
    }
    assertClose(expected, run(rule));
    assertTrue(rule.weightDecay().toString().startsWith("l2("), rule.toString());
  }

  @Test
  void adamwDecaysWeightsOutsideAdamsScaling() {
    UpdateRule rule = Optimizers.updateRule("adamw", 0, LAMBDA, 0);
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
    double[] w = toDouble(START);
    double[] m = new double[w.length];
    double[] v = new double[w.length];
    for (int t = 1; t <= GRADIENTS.length; t++) {
      for (int i = 0; i < w.length; i++) {
        double g = GRADIENTS[t - 1][i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        double mHat = m[i] / (1 - Math.pow(beta1, t));
        double vHat = v[i] / (1 - Math.pow(beta2, t));
        // Loshchilov and Hutter's update, the decay scaled by the learning rate.
        w[i] = w[i] - RATE * (mHat / (Math.sqrt(vHat) + epsilon) + LAMBDA * w[i]);
      }
    }
    assertClose(w, run(rule));
    assertTrue(rule.weightDecay().isDecoupled(), rule.toString());
  }

  @Test
  void adamWithWeightDecayIsL2ThroughAdam() {
    UpdateRule adam = Optimizers.updateRule("adam", 0, LAMBDA, 0);
    UpdateRule adamw = Optimizers.updateRule("adamw", 0, LAMBDA, 0);
    float[] coupled = run(adam);
    float[] decoupled = run(adamw);
    assertTrue(Math.abs(coupled[0] - decoupled[0]) > 1e-5, "the two decays differ");
    assertArrayEquals(run(Optimizers.updateRule("adam", 0, 0, 0)),
        run(Optimizers.updateRule("adamw", 0, 0, 0)), "without decay adamw is adam");
  }

  @Test
  void clippingCapsTheGlobalNormAndKeepsTheDirection() {
    float[] gradient = {3f, -4f, 0f, 12f};
    double norm = GradientClipping.clip(gradient, 6.5);
    assertEquals(13.0, norm, 1e-9, "the norm before clipping");
    assertEquals(6.5, GradientClipping.norm(gradient), 1e-5);
    assertArrayEquals(new float[] {1.5f, -2f, 0f, 6f}, gradient, TOLERANCE);

    float[] small = {0.3f, 0.4f};
    GradientClipping.clip(small, 1.0);
    assertArrayEquals(new float[] {0.3f, 0.4f}, small, "a gradient within the bound is kept");
    float[] unbounded = {30f, 40f};
    GradientClipping.clip(unbounded, 0);
    assertArrayEquals(new float[] {30f, 40f}, unbounded, "0 turns clipping off");
  }

  @Test
  void clippingComesBeforeWeightDecay() {
    UpdateRule rule = Optimizers.updateRule("sgd", 0, 0.5, 1.0);
    float[] params = {2f, 0f};
    float[] gradient = {0f, 10f};
    double norm = rule.apply(params, gradient, rule.optimizer().newState(2), 0.1);
    assertEquals(10.0, norm, 1e-9);
    // Clipped gradient (0, 1) plus the L2 term (1, 0): the decay is not clipped away.
    assertArrayEquals(new float[] {2f - 0.1f * 1f, -0.1f}, params, TOLERANCE);
  }

  @Test
  void refusesInvalidSettings() {
    IllegalArgumentException decay = assertThrows(IllegalArgumentException.class,
        () -> WeightDecay.l2(-0.1));
    assertEquals("weightDecay must be a finite number >= 0 but was -0.1", decay.getMessage());
    IllegalArgumentException clip = assertThrows(IllegalArgumentException.class,
        () -> new UpdateRule(new Sgd(), WeightDecay.none(), Double.NaN));
    assertEquals("clipNorm must be a finite number >= 0 (0 for no clipping) but was NaN",
        clip.getMessage());
  }

  private static float[] run(UpdateRule rule) {
    float[] params = START.clone();
    OptimizerState state = rule.optimizer().newState(params.length);
    for (float[] g : GRADIENTS) {
      rule.apply(params, g.clone(), state, RATE);
    }
    return params;
  }

  private static void assertClose(double[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])),
          "parameter " + i);
    }
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
