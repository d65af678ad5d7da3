package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Each schedule's rate at chosen steps of a run of 10 epochs of 10 steps from a base rate of
 * 0.1, with and without warm-up, and the grammar of descriptions.
 */
class LearningRateScheduleTest {
  private static final double BASE = 0.1;
  private static final long STEPS_PER_EPOCH = 10;
  private static final long TOTAL = 100;
  private static final double EXACT = 1e-12;

  private static double rate(String description, long step) {
    return LearningRateSchedules.parse(description).rate(BASE, step, STEPS_PER_EPOCH, TOTAL);
  }

  @Test
  void constantNeverChanges() {
    assertEquals(BASE, rate("constant", 0), EXACT);
    assertEquals(BASE, rate("constant", 99), EXACT);
  }

  @Test
  void stepDecayMultipliesAtEpochBoundaries() {
    assertEquals(0.1, rate("step(every=2, factor=0.5)", 19), EXACT);
    assertEquals(0.05, rate("step(every=2, factor=0.5)", 20), EXACT);
    assertEquals(0.025, rate("step(every=2, factor=0.5)", 45), EXACT);
    assertEquals(0.05, rate("step(every=3)", 30), EXACT, "factor defaults to 0.5");
  }

  @Test
  void exponentialDecayIsSmoothPerEpoch() {
    assertEquals(0.05, rate("exponential(factor=0.5)", 10), EXACT);
    assertEquals(0.1 * Math.sqrt(0.5), rate("exponential(factor=0.5)", 5), EXACT);
    assertEquals(0.1 * Math.pow(0.5, 9.9), rate("exponential(factor=0.5)", 99), EXACT);
  }

  @Test
  void cosineFallsFromBaseToFloorOverTheRun() {
    assertEquals(0.1, rate("cosine", 0), EXACT);
    assertEquals(0.075, rate("cosine", 33), EXACT, "a third of the way: (1 + cos(pi/3)) / 2");
    assertEquals(0.0, rate("cosine", 99), EXACT);
    assertEquals(0.01, rate("cosine(floor=0.1)", 99), EXACT);
  }

  @Test
  void warmupRampsLinearlyThenHandsOver() {
    assertEquals(0.1 / 20, rate("cosine(warmup=2)", 0), EXACT);
    assertEquals(0.1 * 10 / 20, rate("cosine(warmup=2)", 9), EXACT);
    assertEquals(0.1, rate("cosine(warmup=2)", 19), EXACT);
    assertEquals(0.1, rate("cosine(warmup=2)", 20), EXACT, "the cosine starts after warm-up");
    assertEquals(0.0, rate("cosine(warmup=2)", 99), EXACT, "and ends with the run");

    assertEquals(0.1, rate("step(every=2, factor=0.5, warmup=1)", 29), EXACT);
    assertEquals(0.05, rate("step(every=2, factor=0.5, warmup=1)", 30), EXACT,
        "the decay counts epochs from the end of warm-up");
    assertEquals(0.1 * 3 / 5, rate("constant(warmup=0.5)", 2), EXACT);
    assertEquals(0.1, rate("exponential(factor=0.5, warmup=1)", 10), EXACT);
  }

  @Test
  void descriptionsReadBackIntoEqualSchedules() {
    String[] descriptions = {"constant", "cosine", "cosine(warmup=2)", "cosine(floor=0.01)",
        "step(every=5, factor=0.5)", "exponential(factor=0.9, warmup=1)",
        "constant(warmup=0.5)", " Step ( every = 5 ) "};
    for (String description : descriptions) {
      LearningRateSchedule schedule = LearningRateSchedules.parse(description);
      assertEquals(schedule, LearningRateSchedules.parse(schedule.toString()), description);
    }
    assertEquals("cosine(warmup=2)", LearningRateSchedules.parse("cosine(warmup=2)").toString());
    assertEquals("step(warmup=1, every=5, factor=0.5)",
        LearningRateSchedules.parse("step(every=5, warmup=1)").toString());
  }

  @Test
  void badDescriptionsSayWhatIsWrong() {
    assertRefused("linear", "unknown schedule 'linear'; expected one of constant, step,"
        + " exponential, cosine");
    assertRefused("step", "step needs the argument 'every'");
    assertRefused("step(every=2.5)", "'every' must be a whole number of epochs but was 2.5");
    assertRefused("step(every=0)", "'every' must be at least 1 epoch but was 0");
    assertRefused("exponential(factor=2)", "'factor' must be in (0, 1] but was 2.0");
    assertRefused("cosine(floor=x)", "'floor' must be a number but was 'x'");
    assertRefused("cosine(warmup=2, bogus=1)",
        "cosine has no argument 'bogus'; it takes warmup, floor");
    assertRefused("cosine(2)", "argument '2' must be written as name=value");
    assertRefused("cosine(warmup=-1)", "'warmup' must be a positive number of epochs but was -1.0");
    assertRefused("cosine(warmup=1", "expected ')' at the end");
    assertRefused("step(every=1, every=2)", "argument 'every' is given twice");
    IllegalArgumentException blank =
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedules.parse(" "));
    assertTrue(blank.getMessage().contains("cosine(warmup=2)"), blank.getMessage());
  }

  private static void assertRefused(String description, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LearningRateSchedules.parse(description));
    assertTrue(e.getMessage().startsWith("Cannot read learning-rate schedule '" + description
        + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
