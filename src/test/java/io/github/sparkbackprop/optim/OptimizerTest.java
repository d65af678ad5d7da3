package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The update rules against their formulas evaluated here in double precision, their convergence
 * on a convex quadratic, and the refusal of invalid hyperparameters.
 */
class OptimizerTest {
  private static final float[] START = {0.5f, -1.25f, 2f, 0f, 0.75f};
  /** Three steps' gradients, with small and zero entries where epsilon matters. */
  private static final float[][] GRADIENTS = {
      {0.3f, -0.7f, 1.5f, 0f, 0.002f},
      {-0.2f, -0.4f, 1.0f, 0.05f, -0.001f},
      {0.1f, 0.9f, -2f, 0.01f, 0.0005f}};
  private static final double LEARNING_RATE = 0.1;

  @Test
  void sgdStepsAreLearningRateTimesGradient() {
    double[] expected = toDouble(START);
    for (float[] g : GRADIENTS) {
      for (int i = 0; i < expected.length; i++) {
        expected[i] -= LEARNING_RATE * g[i];
      }
    }

    assertSteps(new Sgd(), expected);
  }

  @Test
  void momentumStepsFollowTheVelocity() {
    double mu = 0.9;
    double[] expected = toDouble(START);
    double[] velocity = new double[START.length];
    for (float[] g : GRADIENTS) {
      for (int i = 0; i < expected.length; i++) {
        velocity[i] = mu * velocity[i] + g[i];
        expected[i] -= LEARNING_RATE * velocity[i];
      }
    }

    assertSteps(new Momentum(mu, false), expected);
  }

  @Test
  void nesterovStepsLookAheadAlongTheVelocity() {
    double mu = 0.8;
    double[] expected = toDouble(START);
    double[] velocity = new double[START.length];
    for (float[] g : GRADIENTS) {
      for (int i = 0; i < expected.length; i++) {
        velocity[i] = mu * velocity[i] + g[i];
        expected[i] -= LEARNING_RATE * (g[i] + mu * velocity[i]);
      }
    }

    assertSteps(new Momentum(mu, true), expected);
  }

  @Test
  void adamStepsFollowThePaper() {
    assertSteps(new Adam(), adam(0.9, 0.999, 1e-8));
    // A large epsilon, so that folding it into the step size is checked as well.
    assertSteps(new Adam(0.8, 0.99, 1e-3), adam(0.8, 0.99, 1e-3));
    assertSteps(new Adam(0.0, 0.5, 0.1), adam(0.0, 0.5, 0.1));
  }

  @Test
  void everyRuleMinimisesAConvexQuadratic() {
    assertMinimises(Sgd::new, 0.2, 300);
    assertMinimises(() -> new Momentum(0.9, false), 0.05, 500);
    assertMinimises(() -> new Momentum(0.9, true), 0.05, 500);
    assertMinimises(Adam::new, 0.02, 3000);
  }

  @Test
  void aRestoredStateContinuesLikeTheOriginal() {
    for (Optimizer optimizer : new Optimizer[] {new Adam(), new Momentum(0.9, true)}) {
      float[] straight = START.clone();
      OptimizerState state = optimizer.newState(START.length);
      optimizer.update(straight, GRADIENTS[0], state, LEARNING_RATE);
      float[][] slots = new float[state.slotCount()][];
      for (int s = 0; s < slots.length; s++) {
        slots[s] = state.slot(s).clone();
      }
      OptimizerState restored = OptimizerState.restore(state.step(), slots);
      float[] resumed = straight.clone();

      optimizer.update(straight, GRADIENTS[1], state, LEARNING_RATE);
      optimizer.update(resumed, GRADIENTS[1], restored, LEARNING_RATE);

      assertArrayEquals(straight, resumed, optimizer.toString());
      assertEquals(2, restored.step());
    }
  }

  @Test
  void refusesInvalidHyperparameters() {
    assertRefused(() -> new Momentum(-0.1, false), "momentum must be in [0, 1) but was -0.1");
    assertRefused(() -> new Momentum(1.0, true), "momentum must be in [0, 1) but was 1.0");
    assertRefused(() -> new Momentum(Double.NaN, false), "but was NaN");
    assertRefused(() -> Optimizers.byName("nesterov", 1.5), "but was 1.5");
    assertRefused(() -> new Adam(1.0, 0.999, 1e-8), "beta1 and beta2 must be in [0, 1)");
    assertRefused(() -> new Adam(-0.5, 0.999, 1e-8), "but were -0.5 and 0.999");
    assertRefused(() -> new Adam(0.9, 1.0, 1e-8), "but were 0.9 and 1.0");
    assertRefused(() -> new Adam(0.9, Double.NaN, 1e-8), "but were 0.9 and NaN");
    assertRefused(() -> new Adam(0.9, 0.999, 0), "epsilon must be positive but was 0.0");
    assertRefused(() -> new Adam(0.9, 0.999, -1e-8), "epsilon must be positive but was -1.0E-8");
    assertRefused(() -> Optimizers.byName("rmsprop", 0.9),
        "Unknown optimizer 'rmsprop'; expected one of sgd, momentum, nesterov, adam");
  }

  @Test
  void namesBuildTheRulesTheySay() {
    assertInstanceOf(Sgd.class, Optimizers.byName("SGD", 0.9));
    assertEquals("momentum(momentum=0.5)", Optimizers.byName("momentum", 0.5).toString());
    assertEquals("nesterov(momentum=0.9)", Optimizers.byName(" Nesterov ", 0.9).toString());
    assertEquals("adam(beta1=0.9, beta2=0.999, epsilon=1.0E-8)",
        Optimizers.byName("adam", 0.9).toString());
    for (String name : Optimizers.NAMES) {
      Optimizer optimizer = Optimizers.byName(name, 0.9);
      // adamw is Adam's rule; what sets it apart is its decoupled weight decay.
      String rule = name.equals("adamw") ? "adam" : name;
      assertTrue(optimizer.toString().startsWith(rule + "("), optimizer.toString());
    }
  }

  /** Adam on {@link #START} and {@link #GRADIENTS} with the paper's bias-corrected moments. */
  private static double[] adam(double beta1, double beta2, double epsilon) {
    double[] expected = toDouble(START);
    double[] m = new double[START.length];
    double[] v = new double[START.length];
    for (int t = 1; t <= GRADIENTS.length; t++) {
      float[] g = GRADIENTS[t - 1];
      for (int i = 0; i < expected.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        double mHat = m[i] / (1 - Math.pow(beta1, t));
        double vHat = v[i] / (1 - Math.pow(beta2, t));
        expected[i] -= LEARNING_RATE * mHat / (Math.sqrt(vHat) + epsilon);
      }
    }
    return expected;
  }

  /** Runs the three steps and compares with {@code expected}, within float rounding. */
  private static void assertSteps(Optimizer optimizer, double[] expected) {
    float[] params = START.clone();
    OptimizerState state = optimizer.newState(params.length);
    for (float[] g : GRADIENTS) {
      float[] gradient = g.clone();
      optimizer.update(params, gradient, state, LEARNING_RATE);
      assertArrayEquals(g, gradient, optimizer + " must leave the gradient unchanged");
    }
    assertEquals(GRADIENTS.length, state.step(), optimizer + " step count");
    for (int i = 0; i < params.length; i++) {
      assertEquals(expected[i], params[i], 1e-5 * Math.max(1, Math.abs(expected[i])),
          optimizer + " parameter " + i);
    }
  }

  /**
   * Minimises {@code f(w) = 1/2 sum_i a_i (w_i - c_i)^2} with curvatures {@code a_i} in
   * [0.5, 4] from {@code w = 0}, and checks that {@code f} falls by a factor of 10^4 and every
   * coordinate ends near {@code c_i}.
   */
  private static void assertMinimises(Supplier<Optimizer> rule, double learningRate, int steps) {
    SplittableRandom random = new SplittableRandom(61);
    int n = 10;
    double[] a = new double[n];
    double[] c = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = random.nextDouble(0.5, 4.0);
      c[i] = random.nextDouble(-3.0, 3.0);
    }
    Optimizer optimizer = rule.get();
    float[] w = new float[n];
    float[] gradient = new float[n];
    OptimizerState state = optimizer.newState(n);
    double initial = quadratic(a, c, w);
    for (int step = 0; step < steps; step++) {
      for (int i = 0; i < n; i++) {
        gradient[i] = (float) (a[i] * (w[i] - c[i]));
      }
      optimizer.update(w, gradient, state, learningRate);
    }
    double last = quadratic(a, c, w);
    assertTrue(last < 1e-4 * initial, optimizer + ": f fell from " + initial + " to " + last);
    for (int i = 0; i < n; i++) {
      assertEquals(c[i], w[i], 0.02, optimizer + " coordinate " + i);
    }
  }

  private static double quadratic(double[] a, double[] c, float[] w) {
    double f = 0;
    for (int i = 0; i < w.length; i++) {
      f += 0.5 * a[i] * (w[i] - c[i]) * (w[i] - c[i]);
    }
    return f;
  }

  private static void assertRefused(Executable construction, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static double[] toDouble(float[] values) {
    double[] copy = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      copy[i] = values[i];
    }
    return copy;
  }
}
