package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Central finite differences over float arrays, shared by the gradient tests.
 *
 * <p>The code under test computes in float32, so an estimate carries rounding noise of about
 * {@code 1e-7 |f| / step} besides the truncation error {@code step^2 f''' / 6}; with steps of 1e-2
 * to 1e-3 both stay well below {@link #TOLERANCE}.
 */
public final class GradientCheck {

  /** Allowed disagreement, relative to the largest of 1 and the two magnitudes compared. */
  public static final double TOLERANCE = 1e-2;

  /** A check passes vacuously when every derivative is tiny; at least one must exceed this. */
  private static final double NONTRIVIAL = 0.05;

  private GradientCheck() {}

  /**
   * Estimates the derivative of {@code objective} with respect to each of {@code x[from, to)}.
   * The objective reads {@code x} as it is when called; every coordinate is restored afterwards.
   * The divisor is the step actually taken once {@code x +- step} is rounded to float.
   */
  public static double[] numeric(float[] x, int from, int to, double step,
      DoubleSupplier objective) {
    double[] estimate = new double[to - from];
    for (int i = from; i < to; i++) {
      float saved = x[i];
      float up = (float) (saved + step);
      float down = (float) (saved - step);
      x[i] = up;
      double valueUp = objective.getAsDouble();
      x[i] = down;
      double valueDown = objective.getAsDouble();
      x[i] = saved;
      estimate[i - from] = (valueUp - valueDown) / ((double) up - down);
    }
    return estimate;
  }

  /** Whether {@code a} and {@code n} agree within {@link #TOLERANCE}. */
  public static boolean agree(double a, double n) {
    double scale = Math.max(1.0, Math.max(Math.abs(a), Math.abs(n)));
    return Math.abs(a - n) <= TOLERANCE * scale;
  }

  /**
   * The first {@code i} where {@code analytic[offset + i]} and {@code numeric[i]} disagree, or -1
   * when all agree.
   */
  public static int firstMismatch(float[] analytic, int offset, double[] numeric) {
    for (int i = 0; i < numeric.length; i++) {
      if (!agree(analytic[offset + i], numeric[i])) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Fails, naming the coordinate, unless {@code analytic[offset, offset + numeric.length)} matches
   * {@code numeric}, and fails when all derivatives are so small that the match proves nothing.
   */
  public static void assertAgree(String what, float[] analytic, int offset, double[] numeric) {
    int i = firstMismatch(analytic, offset, numeric);
    if (i >= 0) {
      fail(what + ": coordinate " + i + " has analytic derivative " + analytic[offset + i]
          + " but the central difference gives " + numeric[i]);
    }
    double largest = 0;
    for (double n : numeric) {
      largest = Math.max(largest, Math.abs(n));
    }
    assertTrue(largest > NONTRIVIAL,
        what + ": every derivative is below " + NONTRIVIAL + " (largest " + largest + ")");
  }

  /** {@code count} floats uniform in {@code [-bound, bound)}. */
  public static float[] uniform(SplittableRandom random, int count, double bound) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) random.nextDouble(-bound, bound);
    }
    return values;
  }
}
